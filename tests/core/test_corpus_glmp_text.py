"""Real plain-text municipal programmes (GLMP): no bare bullet passages, no wrapped lines as headings, no word lost."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from canvass_app.corpus import cleaning
from canvass_app.corpus.structure import parse_programme_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = sorted((FIXTURES / "glmp").glob("*-20*.txt")) + sorted(
    (FIXTURES / "search" / "glmp").glob("*.txt")
)
BULLET_ONLY = re.compile(rf"^[\s{re.escape(cleaning.BULLET_CHARS)}]*$")


def _words(text: str) -> list[str]:
    # "FreizeitUnsere": a heading glued to its first sentence in scraped text, which the reader parts.
    return re.findall(r"[A-Za-zÄÖÜäöüß]{2,}", re.sub(r"([a-zäöüß])([A-ZÄÖÜ][a-zäöüß])", r"\1 \2", text))


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_glmp_programme_imports_cleanly(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    parsed = parse_programme_text(raw)
    out: list[str] = []
    for section in parsed.sections:
        title = section.title
        if title:
            assert not title[0].islower(), title
            assert not title.rstrip().endswith((",", "-")), title
        out += _words(title)
        lead_in = None
        for passage in section.passages:
            assert not BULLET_ONLY.match(passage.text), passage
            if passage.lead_in and passage.lead_in != lead_in:
                out += _words(passage.lead_in)
            lead_in = passage.lead_in
            out += _words(passage.text)
    for value in parsed.metadata.values():
        out += _words(value)
    # "Be-" / "triebe" is one word hyphenated at the line end; the reader joins it.
    # "Nachbarschafts-" / "und …" is a suspended compound and stays apart.
    joined = re.sub(
        r"(\w)-[ ]*\n(?:[ ]*\n)*[ ]*(?=[a-zäöüß])(?!(?:und|oder|bis|sowie)\b)",
        r"\1",
        cleaning.normalise_characters(raw),
    )
    lost = Counter(_words(joined)) - Counter(out)
    assert not lost, lost.most_common(10)
