"""The meaning signal of topics with the real model (skipped where it cannot load): what each
field's description and examples make of pledges no term of its own decides alone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from canvass_app.content.topics import Taxonomy, assign, contexts
from canvass_app.corpus.model import Passage, Programme, Section
from canvass_app.library import Library
from canvass_app.search import embedding


@pytest.fixture(autouse=True)
def _fresh_loader(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(embedding.ENABLE_VARIABLE, "1")
    embedding.reset_for_tests()
    yield
    embedding.reset_for_tests()


def _fields_with_meaning(tmp_path: Path, title: str, texts: list[str]) -> list[set[str]]:
    model = embedding.load_embedder()
    if model is None:
        pytest.skip(embedding.embedder_status())
    topics = Library(tmp_path).content.topics()
    taxonomy = Taxonomy(topics)
    passages = tuple(
        Passage(id=f"p:{j}", programme_id="p", section_id="s0", kind="paragraph", text=t) for j, t in enumerate(texts)
    )
    programme = Programme(id="p", party="P", title="T", year=2024, sections=(Section(id="s0", title=title, passages=passages),))
    result = assign(topics, contexts([programme]), [], embedder=model)
    return [{taxonomy.field_of.get(t, t) for t in result[f"p:{j}"]} for j in range(len(texts))]


def test_meaning_keeps_welfare_pledges_in_the_social_field(tmp_path: Path) -> None:
    """Under a heading on poverty, a pledge against cut-off power or for the food banks stays
    Soziales: meaning must not read it as energy or care (the field's examples speak of welfare)."""
    pledges = [
        "Wir setzen uns ein für ein Recht auf Energie und das Ende der Stromsperren bei säumigen Haushalten.",
        "Die Stadt soll die Arbeit der Tafel mit einem Lager und einem Zuschuss unterstützen.",
    ]
    for text, fields in zip(pledges, _fields_with_meaning(tmp_path, "Armut bekämpfen", pledges), strict=True):
        assert "soziales" in fields, text


def test_meaning_leaves_a_partys_portrait_of_itself_to_the_fallback(tmp_path: Path) -> None:
    """Who the party is and what it did in the council names no field: meaning puts it with the
    fallback's examples (greetings, the party's record and people), not in the field of a stray word."""
    portraits = [
        "Wir sind durch kein Parteibuch gebunden und entscheiden sachlich, nur im Auftrag unserer Wählerinnen und Wähler.",
        "Seit vielen Jahren arbeiten unsere Mitglieder mit großem Einsatz im Gemeinderat für die Menschen in allen Ortsteilen.",
    ]
    for text, fields in zip(portraits, _fields_with_meaning(tmp_path, "Wer wir sind", portraits), strict=True):
        assert fields == {"allgemeines"}, text
