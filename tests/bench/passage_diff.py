"""Passages of every fixture before and after an importer change.

`passage_diff.py dump DIR` writes each programme's passages (section title | kind | lead-in | text)
to DIR; `passage_diff.py diff OLD NEW` prints a unified diff per programme, except for the
programmes of unseen (blind) sets, where it prints only how many passages changed: their text
must not be read by whoever changes the importer. Covers tests/fixtures/glmp,
tests/fixtures/search/glmp, the bundled data/programmes and the PDFs of ../shared/programmes-real.
"""

from __future__ import annotations

import difflib
import pickle
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from canvass_app.corpus.importers import read_programme_file  # noqa: E402
from canvass_app.corpus.structure import parse_programme_text  # noqa: E402

REAL = Path("/work/shared/programmes-real")
# Programmes of sets nobody has read yet (none now: BLIND9 to BLIND12 are development sets).
UNSEEN: set[str] = set()
PDF_CACHE = Path("/tmp/passage_diff_pdf_cache")


def sources() -> list[tuple[str, str, str]]:
    """(name, raw text, format) of every programme."""
    found: list[tuple[str, str, str]] = []
    for prefix, folder in (("glmp", REPO / "tests/fixtures/glmp"), ("search", REPO / "tests/fixtures/search/glmp")):
        for path in sorted(folder.glob("*-20*.txt")):
            found.append((f"{prefix}/{path.name}", path.read_text(encoding="utf-8"), "text"))
    for path in sorted((REPO / "data/programmes").glob("*.txt")):
        found.append((f"bundled/{path.name}", path.read_text(encoding="utf-8"), "text"))
    PDF_CACHE.mkdir(exist_ok=True)
    for path in sorted(REAL.glob("*.pdf")):
        cached = PDF_CACHE / f"{path.stem}.pickle"
        if cached.exists():
            text, fmt = pickle.loads(cached.read_bytes())
        else:
            raw = read_programme_file(path)
            text, fmt = raw.text, raw.format
            cached.write_bytes(pickle.dumps((text, fmt)))
        found.append((f"pdf/{path.name}", text, fmt))
    return found


def passages(raw: str, fmt: str) -> list[str]:
    parsed = parse_programme_text(raw, fmt)  # type: ignore[arg-type]
    return [
        f"[{s.title}] {p.kind}{' <' + p.lead_in + '>' if p.lead_in else ''}: {p.text}"
        for s in parsed.sections
        for p in s.passages
    ] + [f"# section: {s.title}" for s in parsed.sections]


def dump(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, raw, fmt in sources():
        (out / name.replace("/", "__")).write_text("\n".join(passages(raw, fmt)) + "\n", encoding="utf-8")


def diff(old: Path, new: Path) -> None:
    for path in sorted(old.iterdir()):
        name = path.name.replace("__", "/")
        a = path.read_text(encoding="utf-8").splitlines()
        b = (new / path.name).read_text(encoding="utf-8").splitlines()
        if a == b:
            continue
        lines = list(difflib.unified_diff(a, b, "before", "after", n=0, lineterm=""))
        removed = sum(1 for x in lines if x.startswith("-") and not x.startswith("---"))
        added = sum(1 for x in lines if x.startswith("+") and not x.startswith("+++"))
        # Counts that name no text: passages whose text changed, sections before/after.
        texts_a = {x.split("] ", 1)[1] for x in a if not x.startswith("# section")}
        texts_b = {x.split("] ", 1)[1] for x in b if not x.startswith("# section")}
        sections_a = sum(x.startswith("# section") for x in a)
        sections_b = sum(x.startswith("# section") for x in b)
        print(
            f"== {name}: {removed} lines gone, {added} new; passage texts {len(texts_a - texts_b)} gone, "
            f"{len(texts_b - texts_a)} new ({len(a) - sections_a} → {len(b) - sections_b} passages, "
            f"{sections_a} → {sections_b} sections)"
        )
        if name.removesuffix(".pdf") in UNSEEN or name in UNSEEN:
            continue  # an unseen set: counts only
        print("\n".join(lines[2:]))


if __name__ == "__main__":
    if sys.argv[1] == "dump":
        dump(Path(sys.argv[2]))
    else:
        diff(Path(sys.argv[2]), Path(sys.argv[3]))
