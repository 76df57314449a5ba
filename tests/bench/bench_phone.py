"""Phone page benchmark: how much the page weighs, how long it takes to write, open and search.

Three libraries: the shipped data (all cards and topics; target under 1 MB),
and a library of 20 programmes (the six real federal programmes of 2025 from
``/work/shared/programmes-real`` imported as text, repeated under new IDs up to
20) without and with full passages. When Debian's chromium is installed, the
page is also opened at a phone's size: time to the first drawn list, and the
time a search takes in the page.

Run: ``make bench`` or ``.venv/bin/python tests/bench/bench_phone.py``.
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from canvass_app.export.phone import PhoneSelection, build_phone_page, size_label, write_phone_page  # noqa: E402
from canvass_app.library import Library  # noqa: E402

REAL = Path(os.environ.get("CANVASS_REAL_PROGRAMMES", "/work/shared/programmes-real"))
PROGRAMMES = 20
QUERIES = ["Gruendung", "schnelles Internet", "Reparaturpramie", "Glasfaster", "Wohnungsbau Miete"]


def megabytes(size: int) -> str:
    return f"{size / 1e6:.2f} MB"


def build(library: Library, selection: PhoneSelection, label: str, out: Path) -> tuple[str, Path]:
    started = time.perf_counter()
    page = build_phone_page(library, selection)
    seconds = time.perf_counter() - started
    path = write_phone_page(page, out)
    print(
        f"{label:<44} {megabytes(page.size):>9}  content {megabytes(page.sizes['content']):>8}  "
        f"index {megabytes(page.sizes['index']):>8}  script+css {size_label(page.sizes['script']):>6}  "
        f"{page.passages:>6} passages  built in {seconds:.2f} s"
    )
    return label, path


def library_of_twenty(data_dir: Path) -> Library | None:
    sources = sorted(REAL.glob("*.headings-source.md"))
    if not sources:
        print(f"(no real programmes in {REAL}: the 20-programme library is skipped)")
        return None
    library = Library(data_dir)
    started = time.perf_counter()
    for number, source in zip(range(PROGRAMMES - 2), itertools.cycle(sources), strict=False):
        party = source.name.split("-", 1)[1].split(".")[0]
        library.corpus.import_file(
            source, programme_id=f"{party}-{number + 1}", party=party.upper(), title=f"Programm {number + 1}", year=2025
        )
    print(f"(imported {PROGRAMMES - 2} programmes beside the 2 shipped in {time.perf_counter() - started:.1f} s)")
    return library


def in_browser(pages: list[tuple[str, Path]]) -> None:
    if not (Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()):
        print("(chromium not installed: no timings in the browser)")
        return
    from tests.browser.conftest import Phone

    with tempfile.TemporaryDirectory() as downloads:
        phone = Phone(Path(downloads))
        try:
            print(f"\n{'in headless chromium at 390x844':<44} {'open':>9}  {'keystroke p50':>13}  {'p95':>7}")
            for label, path in pages:
                phone.driver.get("about:blank")
                started = time.perf_counter()
                phone.driver.get(path.as_uri())
                phone.js("return document.querySelectorAll('.item').length")
                opened = time.perf_counter() - started
                times = phone.js(
                    """
                    var out = [];  // once: a word typed again would come from the page's cache
                    arguments[0].forEach(function (q) {
                      for (var n = 1; n <= q.length; n++) {  // every keystroke, as typed
                        var t = performance.now(); window.canvass.search(q.slice(0, n)); out.push(performance.now() - t);
                      }
                    });
                    return out;
                    """,
                    QUERIES,
                )
                times.sort()
                p95 = times[int(0.95 * (len(times) - 1))]
                print(f"{label:<44} {opened * 1000:>7.0f} ms  {statistics.median(times):>10.1f} ms  {p95:>5.1f} ms")
        finally:
            phone.close()


def main() -> None:
    print("Phone page (canvass export phone): size and time\n")
    with tempfile.TemporaryDirectory(prefix="canvass-bench-phone-") as scratch:
        root = Path(scratch)
        shipped = Library(root / "shipped")
        pages = [build(shipped, PhoneSelection(), "shipped: all cards and topics (< 1 MB)", root / "shipped.html")]
        ids = [p.id for p in shipped.corpus.programmes()]
        pages.append(build(shipped, PhoneSelection(programmes=tuple(ids)), "shipped: + both programmes in full", root / "shipped-full.html"))
        twenty = library_of_twenty(root / "twenty")
        if twenty is not None:
            every = tuple(p.id for p in twenty.corpus.programmes())
            pages.append(build(twenty, PhoneSelection(), f"{len(every)} programmes: all cards and topics", root / "twenty.html"))
            pages.append(build(twenty, PhoneSelection(topics=()), f"{len(every)} programmes: cards only", root / "twenty-cards.html"))
            pages.append(
                build(twenty, PhoneSelection(programmes=every), f"{len(every)} programmes: + all in full", root / "twenty-full.html")
            )
        in_browser(pages)


if __name__ == "__main__":
    main()
