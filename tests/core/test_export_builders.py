"""The document builder over the shipped data: topic summaries, cards, briefings, and the HTML."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from canvass_app.content.overview import SILENT
from canvass_app.errors import CanvassError
from canvass_app.export.briefing import Briefing, BriefingItem, load_briefing
from canvass_app.export.builders import (
    build_briefing,
    build_card,
    build_topic_summary,
    item_label,
)
from canvass_app.export.document import (
    CardBlock,
    Heading,
    NoteBlock,
    Paragraph,
    PassageBlock,
    SourceRef,
)
from canvass_app.export.html import render_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "briefings"


def test_topic_summary_shows_every_programme_its_passages_and_cards(library) -> None:  # type: ignore[no-untyped-def]
    view = library.content.topic_view("jugendarbeitslosigkeit")
    document = build_topic_summary(library, "jugendarbeitslosigkeit", today=date(2025, 8, 30))
    assert document.title == view.topic.title
    assert "30.08.2025" in document.subtitle
    headings = [b.text for b in document.blocks if isinstance(b, Heading)]
    for coverage in view.coverage:
        programme = coverage.programme
        assert f"{programme.party} ({programme.year})" in headings
    passages = [b for b in document.blocks if isinstance(b, PassageBlock)]
    assert len(passages) == sum(len(c.passages) for c in view.coverage)
    for block in passages:
        assert block.source.year in (2020, 2025)
        assert block.source.party
    assert [c.card_id for c in document.cards()] == [c.id for c in view.cards]
    assert len(document.sources) == len(view.coverage)
    assert any("2020" in line for line in document.sources)
    assert any("2025" in line for line in document.sources)


def test_a_silent_programme_is_said_to_be_silent(library) -> None:  # type: ignore[no-untyped-def]
    silent = [
        (topic.id, coverage.programme)
        for topic in library.content.topics()
        for coverage in library.content.topic_view(topic.id).coverage
        if coverage.says_nothing
    ]
    assert silent, "the shipped topics have at least one programme that says nothing"
    topic_id, programme = silent[0]
    blocks = build_topic_summary(library, topic_id).blocks
    index = blocks.index(Heading(f"{programme.party} ({programme.year})", 2))
    following = [b for b in blocks[index + 1 : index + 3] if isinstance(b, Paragraph)]
    # A chapter is silent only in its chapter (the bundled programmes are chapters).
    assert programme.chapter
    assert Paragraph(f"Dazu steht nichts im Kapitel „{programme.chapter}“.", "silent") in following
    assert Paragraph(SILENT, "silent") not in following


def test_card_document_keeps_quotes_party_and_year(library) -> None:  # type: ignore[no-untyped-def]
    card = library.content.card("glasfaser")
    document = build_card(library, "glasfaser")
    (block,) = document.cards()
    assert block.question == card.question
    assert len(block.answers) == len(card.answers)
    # Printed in the order the app shows the programmes (the corpus order), not the card file's.
    order = [p.id for p in library.corpus.programmes()]
    answers = sorted(card.answers, key=lambda a: order.index(a.programme))
    for answer, shown in zip(answers, block.answers, strict=True):
        programme = library.corpus.programme(answer.programme)
        assert shown.label == f"{programme.party} {programme.year}"
        assert shown.silent == answer.silent
        assert [q.quote for q in shown.quotes] == [c.quote for c in answer.citations]
        for quote in shown.quotes:
            assert quote.source.year == programme.year
    # The Greens' chapter says nothing on Glasfaser; the printout must say so too.
    assert any(a.silent and "GRÜNEN" in a.party for a in block.answers)


def test_briefing_from_file_keeps_the_trainers_order(library) -> None:  # type: ignore[no-untyped-def]
    briefing = load_briefing(FIXTURES / "nordstadt.json")
    document = build_briefing(library, briefing)
    assert document.title == "Haustürtraining Nordstadt"
    assert "30.08.2025" in document.subtitle
    kinds = []
    for block in document.blocks:
        if isinstance(block, CardBlock):
            kinds.append(f"card:{block.card_id}")
        elif isinstance(block, PassageBlock):
            kinds.append(f"passage:{block.source.passage_id}")
        elif isinstance(block, NoteBlock):
            kinds.append(f"note:{block.title}")
        elif isinstance(block, Heading) and block.text.startswith("Thema:"):
            kinds.append(block.text)
    assert kinds[:5] == [
        "note:Treffpunkt",
        "card:jugendarbeitslosigkeit",
        "passage:spd-dortmund-2020-wirtschaft:0e810b58",
        "card:glasfaser",
        "Thema: Digitale Infrastruktur",
    ]
    # The topic's own passages follow; its card "glasfaser" is listed already, so not again.
    topic_part = kinds[5:-2]
    assert topic_part and all(k.startswith("passage:") for k in topic_part)
    assert kinds[-2:] == ["card:reparaturpraemie", "note:Zum Schluss"]
    assert [b.card_id for b in document.cards()].count("glasfaser") == 1
    intro = document.blocks[0]
    assert isinstance(intro, Paragraph) and intro.role == "intro"
    assert intro.text.startswith("Wir gehen am Samstag")


def test_pocket_briefing_has_cards_only_each_once(library) -> None:  # type: ignore[no-untyped-def]
    briefing = load_briefing(FIXTURES / "nordstadt.json")
    document = build_briefing(library, briefing, layout="pocket")
    assert document.layout == "pocket"
    assert all(isinstance(b, CardBlock) for b in document.blocks)
    ids = [b.card_id for b in document.cards()]
    assert ids[:2] == ["jugendarbeitslosigkeit", "glasfaser"]
    assert "reparaturpraemie" in ids
    assert len(ids) == len(set(ids))
    assert "Taschenkarten" in document.subtitle


def test_note_items_come_from_the_notes_store(library) -> None:  # type: ignore[no-untyped-def]
    note = library.notes.add("Frau K. fragt immer nach dem Bus – freundlich bleiben.", tags=["nordstadt"])
    briefing = Briefing(title="Notizen", items=(BriefingItem("note", ref=note.id),))
    (block,) = build_briefing(library, briefing).blocks
    assert isinstance(block, NoteBlock)
    assert block.text == note.text
    assert block.tags == ("nordstadt",)
    assert item_label(library, briefing.items[0]).startswith("Frau K.")


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (BriefingItem("card", ref="gibt-es-nicht"), "Karte 'gibt-es-nicht'"),
        (BriefingItem("topic", ref="gibt-es-nicht"), "Thema 'gibt-es-nicht'"),
        (BriefingItem("passage", ref="spd-dortmund-2020-wirtschaft:00000000"), "Textstelle"),
        (BriefingItem("note", ref="00000000-dead-beef-0000-000000000000"), "Notiz"),
    ],
)
def test_a_missing_item_names_its_position(library, item: BriefingItem, expected: str) -> None:  # type: ignore[no-untyped-def]
    briefing = Briefing(title="Kaputt", items=(BriefingItem("text", text="ok"), item))
    with pytest.raises(CanvassError) as caught:
        build_briefing(library, briefing)
    assert "Eintrag 2" in caught.value.message
    assert expected in caught.value.message
    assert "nicht gefunden" in item_label(library, item)


def test_source_label_names_party_year_section_and_lines() -> None:
    ref = SourceRef("x:1", "BÜNDNIS 90/DIE GRÜNEN Dortmund", 2025, "", "Für gute Arbeit", (343, 345))
    assert ref.label() == "BÜNDNIS 90/DIE GRÜNEN Dortmund 2025 · „Für gute Arbeit“ · Z. 343–345"
    assert SourceRef("x:1", "SPD Dortmund", 2020, lines=(12, 12)).label() == "SPD Dortmund 2020 · Z. 12"


def test_html_is_self_contained_escaped_and_complete(library) -> None:  # type: ignore[no-untyped-def]
    briefing = Briefing(
        title="Mail <an> alle",
        items=(
            BriefingItem("text", title="Hinweis", text="<script>alert(1)</script> & „Anführungszeichen“"),
            BriefingItem("card", ref="glasfaser"),
        ),
    )
    html = render_html(build_briefing(library, briefing))
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Mail &lt;an&gt; alle" in html
    assert "„Anführungszeichen“" in html
    card = library.content.card("glasfaser")
    assert card.question in html
    quote = card.citations()[0].quote
    assert quote.split()[0] in html
    assert "<footer>" in html and "SPD Dortmund" in html
    # Self-contained: nothing to fetch when the mail is opened.
    assert "<link" not in html and "src=" not in html and "@import" not in html


def test_pocket_html_uses_two_columns(library) -> None:  # type: ignore[no-untyped-def]
    briefing = load_briefing(FIXTURES / "nordstadt-pocket.json")
    html = render_html(build_briefing(library, briefing))
    assert '<div class="pocket">' in html
    assert "Treffpunkt" not in html  # pocket cards only
