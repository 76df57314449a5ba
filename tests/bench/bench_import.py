"""Import each real PDF of ../shared/programmes-real/: time, sections, passages, headings recall/precision;
and the GLMP plain texts of tests/fixtures: passages that show structure the reader lost.

The reference outline is the `#` headings of each `*.headings-source.md` (an
OCR/layout tool's Markdown of the same PDF). A heading counts as found when an
imported section title matches one reference heading fuzzily (same words after
folding case and punctuation, or a similarity ratio of at least 0.85); each
reference heading is matched at most once. Run: `.venv/bin/python tests/bench/bench_import.py`.
"""

from __future__ import annotations

import difflib
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from canvass_app.corpus.importers import read_programme_file  # noqa: E402
from canvass_app.corpus.store import ProgrammeInfo, build_programme  # noqa: E402
from canvass_app.corpus.structure import _SENTENCE_OPENERS  # noqa: E402

REAL = REPO.parent.parent / "shared" / "programmes-real"
if not REAL.is_dir():
    REAL = Path("/work/shared/programmes-real")


def fold(text: str) -> str:
    text = re.sub(r"[*_`]|<[^>]+>", "", text)
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def reference_headings(path: Path) -> list[str]:
    headings = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match and fold(match.group(1)):
            headings.append(fold(match.group(1)))
    return headings


def similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.85


def match_count(found: list[str], reference: list[str]) -> tuple[int, int]:
    """(found titles that match a reference heading, reference headings matched).

    The reference tool sometimes splits a two-line heading into two headings;
    a title matching two consecutive ones joined counts for both.
    """
    unused = list(reference)
    found_hits = ref_hits = 0
    for title in found:
        for k, ref in enumerate(unused):
            if similar(title, ref):
                found_hits, ref_hits = found_hits + 1, ref_hits + 1
                del unused[k]
                break
        else:
            for k in range(len(unused) - 1):
                if similar(title, f"{unused[k]} {unused[k + 1]}"):
                    found_hits, ref_hits = found_hits + 1, ref_hits + 2
                    del unused[k : k + 2]
                    break
    return found_hits, ref_hits


FIXTURES = REPO / "tests" / "fixtures"
# Signs of structure the reader lost in a plain-text programme: a bulleted line of the
# source whose words do not open a passage (its item was run into another passage), a
# title glued to the sentence after it ("VerwaltungEiner der"), a heading in capitals
# glued to a word ("GemeinderatFÜR UNSERE", "STÄRKENDurch").
_BULLETED = re.compile(r"^\s*[-–•▪●]\s+(\S.{15,})$")
_GLUED_TITLE = re.compile(
    rf"[a-zäöüß](?:{_SENTENCE_OPENERS})\s|[a-zäöüß][A-ZÄÖÜ]{{2,}}\s[A-ZÄÖÜ]{{2,}}|[A-ZÄÖÜ]{{2}}\s?[A-ZÄÖÜ]{{2,}}[A-ZÄÖÜ][a-zäöüß]{{2}}"
)


def plain_text_report() -> None:
    """The GLMP plain texts: sections, passages, and where structure was lost."""
    from canvass_app.corpus.model import fingerprint_text
    from canvass_app.corpus.structure import parse_programme_text

    files = sorted((FIXTURES / "glmp").glob("*-20*.txt")) + sorted((FIXTURES / "search" / "glmp").glob("*.txt"))
    print("plain-text programmes (tests/fixtures/glmp, tests/fixtures/search/glmp): where structure was lost")
    print(f"{'file':34} {'sect':>5} {'pass':>5} {'items':>6} {'run in':>6} {'glued':>6} {'long':>5}")
    totals = [0] * 6
    for path in files:
        raw = path.read_text(encoding="utf-8")
        parsed = parse_programme_text(raw)
        texts = [p.text for s in parsed.sections for p in s.passages]
        starts = [fingerprint_text(t) for t in texts]
        bulleted = [fingerprint_text(m.group(1))[:24] for m in map(_BULLETED.match, raw.splitlines()) if m]
        run_in = sum(not any(start.startswith(key) for start in starts) for key in bulleted)
        row = [
            len(parsed.sections),
            len(texts),
            len(bulleted),
            run_in,
            sum(bool(_GLUED_TITLE.search(t)) for t in texts),
            sum(len(t) > 1500 for t in texts),
        ]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        name = str(path.relative_to(FIXTURES).with_suffix(""))
        print(f"{name:34} " + " ".join(f"{v:{w}d}" for v, w in zip(row, (5, 5, 6, 6, 6, 5), strict=True)))
    print(f"{'all':34} " + " ".join(f"{v:{w}d}" for v, w in zip(totals, (5, 5, 6, 6, 6, 5), strict=True)))
    print(
        "items: bulleted source lines; run in: of those, ones whose words open no passage (merged into "
        "another); glued: passages with a title glued to the text after it; long: over 1,500 characters\n"
    )


def hostile_line_report() -> None:
    """Parse time of each hostile one-line shape (tests/hostile/generator.py) at the line limit."""
    from canvass_app import limits
    from canvass_app.corpus.structure import parse_programme_text
    from tests.hostile.generator import HOSTILE_LINES, hostile_line

    times: dict[str, float] = {}
    for name, (fmt, *_shape) in HOSTILE_LINES.items():
        text = hostile_line(name) + "\n"
        start = time.perf_counter()
        parse_programme_text(text, "markdown" if fmt == "markdown" else "text")
        times[name] = time.perf_counter() - start
    worst = max(times, key=times.__getitem__)
    slowest = ", ".join(f"{n} {times[n]:.2f}" for n in sorted(times, key=times.__getitem__, reverse=True)[:4])
    print(
        f"hostile one-line shapes at {limits.PROGRAMME_LINE_CHARS:,} characters ({len(times)} shapes): "
        f"worst {times[worst]:.2f} s ({worst}); total {sum(times.values()):.2f} s; slowest: {slowest}\n"
    )


def main() -> int:
    plain_text_report()
    hostile_line_report()
    pdfs = sorted(REAL.glob("*.pdf"))
    if not pdfs:
        print(f"bench_import: no PDFs in {REAL}, skipped")
        return 0
    print(f"\nimport of the real PDFs in {REAL}")
    print(f"{'file':34} {'pages':>5} {'time s':>7} {'sect':>5} {'pass':>5} {'ref':>4} {'recall':>6} {'prec':>6}")
    totals = [0, 0, 0, 0]
    with tempfile.TemporaryDirectory():
        for pdf in pdfs:
            start = time.perf_counter()
            raw = read_programme_file(pdf)
            programme = build_programme(
                ProgrammeInfo("bench", "P", "T", 2025), raw.text, raw.format, bundled=False
            )
            seconds = time.perf_counter() - start
            found = [fold(s.title) for s in programme.sections if fold(s.title)]
            reference_path = pdf.with_name(pdf.stem + ".headings-source.md")
            reference = reference_headings(reference_path) if reference_path.exists() else []
            found_hits, ref_hits = match_count(found, reference)
            recall = ref_hits / len(reference) if reference else 0.0
            precision = found_hits / len(found) if found else 0.0
            totals = [
                totals[0] + found_hits,
                totals[1] + ref_hits,
                totals[2] + len(reference),
                totals[3] + len(found),
            ]
            pages = raw.pages or 0
            print(
                f"{pdf.name:34} {pages:5d} {seconds:7.2f} {len(programme.sections):5d} "
                f"{len(programme.passages()):5d} {len(reference):4d} {recall:6.2f} {precision:6.2f}"
            )
    found_hits, ref_hits, refs, found_total = totals
    print(
        f"{'all':34} {'':5} {'':7} {'':5} {'':5} {refs:4d} "
        f"{ref_hits / max(refs, 1):6.2f} {found_hits / max(found_total, 1):6.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
