"""The PDF layout reader on small PDFs made here: each rule of the reader has a PDF that needs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvass_app.corpus.importers import read_programme_file
from canvass_app.corpus.model import Programme
from canvass_app.corpus.store import ProgrammeInfo, build_programme
from tests.fixtures.corpus.pdf import Run, flow, write_layout_pdf

BODY = (
    "Wir wollen, dass alle Menschen in Musterstadt gut und bezahlbar wohnen können.",
    "Dafür braucht es mehr geförderte Wohnungen und eine Stadt, die selbst baut.",
)


def load(path: Path) -> Programme:
    raw = read_programme_file(path)
    return build_programme(ProgrammeInfo("t", "P", "T", 2025), raw.text, raw.format, bundled=False)


def texts(programme: Programme) -> list[str]:
    return [p.full_text for p in programme.passages()]


def test_heading_levels_follow_type_size_and_weight(tmp_path: Path) -> None:
    page = flow(
        [
            ("1. Wohnen und Bauen", 18, True),
            "",
            *BODY,
            "",
            ("1.1 Bezahlbar wohnen", 14, True),
            *BODY,
            "",
            ("Genossenschaften stärken", 10, True),
            "Genossenschaften bauen dauerhaft günstig und gehören ihren Mitgliedern.",
            "",
            ("1.2 Leerstand nutzen", 14, True),
            "Leerstehende Häuser werden erfasst und wieder vermietet.",
            "",
            ("2. Mobilität", 18, True),
            "Busse und Bahnen fahren öfter und bis spät in die Nacht.",
        ]
    )
    programme = load(write_layout_pdf(tmp_path / "levels.pdf", [page]))
    outline = [(s.title, s.level) for s in programme.sections]
    assert outline == [
        ("1. Wohnen und Bauen", 1),
        ("1.1 Bezahlbar wohnen", 2),
        ("Genossenschaften stärken", 3),
        ("1.2 Leerstand nutzen", 2),
        ("2. Mobilität", 1),
    ]
    by_title = {s.title: s for s in programme.sections}
    assert by_title["1.1 Bezahlbar wohnen"].parent == by_title["1. Wohnen und Bauen"].id
    assert by_title["Genossenschaften stärken"].parent == by_title["1.1 Bezahlbar wohnen"].id
    assert by_title["2. Mobilität"].parent is None
    # A chapter heading directly above a section heading is a section without passages.
    assert by_title["1. Wohnen und Bauen"].passages[0].text.startswith("Wir wollen")


def test_two_line_heading_is_one_heading(tmp_path: Path) -> None:
    page = flow(
        [
            ("Eine Stadt, in der alle", 16, True),
            ("gut und sicher wohnen", 16, True),
            "",
            *BODY,
            "",
            ("Mobilität", 16, True),
            "Busse und Bahnen fahren öfter.",
        ]
    )
    programme = load(write_layout_pdf(tmp_path / "two-line.pdf", [page]))
    assert [s.title for s in programme.sections] == [
        "Eine Stadt, in der alle gut und sicher wohnen",
        "Mobilität",
    ]


def chapter_page(number: int, chapter: str, body: list[str | tuple[str, float, bool]]) -> list[Run]:
    """A page with a running header naming the chapter and a footer with the page number."""
    return [
        Run(60, 810, f"Wahlprogramm 2025 · {chapter}", 8),
        *flow(body, top=770),
        Run(290, 30, f"Seite {number}", 8),
    ]


def test_running_headers_and_page_numbers_are_removed(tmp_path: Path) -> None:
    pages = [
        chapter_page(1, "Wohnen", [("Wohnen", 16, True), *BODY]),
        chapter_page(2, "Wohnen", list(BODY)),
        chapter_page(3, "Wohnen", list(BODY)),
        chapter_page(4, "Klima", [("Klima", 16, True), "Musterstadt wird bis 2035 klimaneutral."]),
        chapter_page(5, "Klima", ["Jedes neue Dach bekommt eine Solaranlage."]),
        # A chapter of two pages: its header is on two pages in a row only.
        chapter_page(6, "Bildung", [("Bildung", 16, True), "Schulen werden saniert."]),
        chapter_page(7, "Bildung", ["Kitas bekommen mehr Personal."]),
    ]
    programme = load(write_layout_pdf(tmp_path / "furniture.pdf", pages))
    assert [s.title for s in programme.sections] == ["Wohnen", "Klima", "Bildung"]
    for text in texts(programme):
        assert "Wahlprogramm 2025" not in text and "Seite" not in text, text
    assert "Musterstadt wird bis 2035 klimaneutral." in texts(programme)


def test_line_numbers_go_and_numbers_in_sentences_stay(tmp_path: Path) -> None:
    sentences = [
        "Wir erhöhen das Kindergeld von ursprünglich 1000 € auf 5000 € je Kind und",
        "senken die Kitagebühren um 25 % für alle Familien in der ganzen Stadt.",
        "2030 soll jede Schule saniert sein, 12 neue Schulen kommen hinzu.",
        "Dafür stellen wir 150 Millionen Euro bereit.",
    ]
    runs = flow([("Bildung", 16, True), *sentences], x=80)
    # Printed line numbers in the left margin, one per text line.
    numbered = [Run(40, run.y, str(k), 8) for k, run in enumerate(runs[1:], start=11)]
    programme = load(write_layout_pdf(tmp_path / "lines.pdf", [runs + numbered]))
    text = " ".join(texts(programme))
    assert "von ursprünglich 1000 € auf 5000 € je Kind" in text
    assert "um 25 % für alle" in text
    assert "2030 soll jede Schule saniert sein, 12 neue Schulen" in text
    assert "150 Millionen" in text
    for number in ("11", "13", "14"):
        assert f" {number} " not in f" {text} "


def test_two_columns_are_read_column_by_column(tmp_path: Path) -> None:
    left = [
        "Die linke Spalte beginnt mit",
        "einem Satz, der in der linken",
        "Spalte zu Ende geht.",
        "",
        "Noch ein Absatz links, der",
        "ebenfalls links endet.",
        "",
        "Ein dritter Absatz steht links",
        "und schließt den Gedanken.",
    ]
    right = [
        "Die rechte Spalte erzählt",
        "ihre eigene Geschichte, Zeile",
        "für Zeile bis zum Punkt.",
        "",
        "Auch der zweite Absatz rechts",
        "bleibt ganz in seiner Spalte.",
        "",
        "Ein dritter Absatz steht rechts",
        "und hat ein Ende.",
    ]
    heading = [Run(60, 800, "Zwei Spalten", 16, True)]
    page = heading + flow(left, x=60, top=760) + flow(right, x=320, top=760)
    programme = load(write_layout_pdf(tmp_path / "columns.pdf", [page, flow([*BODY])]))
    got = texts(programme)
    assert got[:6] == [
        "Die linke Spalte beginnt mit einem Satz, der in der linken Spalte zu Ende geht.",
        "Noch ein Absatz links, der ebenfalls links endet.",
        "Ein dritter Absatz steht links und schließt den Gedanken.",
        "Die rechte Spalte erzählt ihre eigene Geschichte, Zeile für Zeile bis zum Punkt.",
        "Auch der zweite Absatz rechts bleibt ganz in seiner Spalte.",
        "Ein dritter Absatz steht rechts und hat ein Ende.",
    ]


def test_hyphenation_is_undone_but_elided_compounds_stay(tmp_path: Path) -> None:
    page = flow(
        [
            ("Arbeit", 16, True),
            "Wir wollen gute Arbeit in Musterstadt möglich ma-",
            "chen und fördern alle Bildungs-",
            "und Berufsabschlüsse, auch für Start-",
            "ups und Menschen mit Behinderung.",
        ]
    )
    programme = load(write_layout_pdf(tmp_path / "hyphen.pdf", [page, flow([*BODY])]))
    text = texts(programme)[0]
    assert "möglich machen und fördern alle Bildungs- und Berufsabschlüsse" in text


def test_table_of_contents_is_not_text(tmp_path: Path) -> None:
    contents = flow(
        [
            ("Inhalt", 16, True),
            "Wohnen ........................ 2",
            "Mobilität ..................... 2",
            "Klima ......................... 3",
            "Bildung ....................... 3",
            "Kultur ........................ 3",
        ]
    )
    body = flow(
        [
            ("Wohnen", 16, True),
            *BODY,
            ("Mobilität", 16, True),
            "Busse und Bahnen fahren öfter.",
        ]
    )
    more = flow(
        [
            ("Klima", 16, True),
            "Musterstadt wird klimaneutral.",
            ("Bildung", 16, True),
            "Schulen werden saniert.",
            ("Kultur", 16, True),
            "Theater bleiben offen.",
        ]
    )
    programme = load(write_layout_pdf(tmp_path / "toc.pdf", [contents, body, more]))
    assert [s.title for s in programme.sections] == [
        "Wohnen",
        "Mobilität",
        "Klima",
        "Bildung",
        "Kultur",
    ]
    assert not any("...." in t for t in texts(programme))


def test_bookmarks_give_the_levels(tmp_path: Path) -> None:
    # Every heading in the same type: only the bookmarks tell chapter from section.
    page = flow(
        [
            ("Wohnen und Bauen", 12, True),
            *BODY,
            ("Bezahlbar wohnen", 12, True),
            "Mieten dürfen nicht schneller steigen als Löhne.",
            ("Mobilität", 12, True),
            "Busse und Bahnen fahren öfter.",
        ]
    )
    outline = [(1, "Wohnen und Bauen", 0), (2, "Bezahlbar wohnen", 0), (1, "Mobilität", 0)]
    programme = load(write_layout_pdf(tmp_path / "bookmarks.pdf", [page], outline=outline))
    assert [(s.title, s.level) for s in programme.sections] == [
        ("Wohnen und Bauen", 1),
        ("Bezahlbar wohnen", 2),
        ("Mobilität", 1),
    ]
    assert programme.sections[1].parent == programme.sections[0].id


def test_bullets_and_lead_ins(tmp_path: Path) -> None:
    long_intro = (
        "Musterstadt wächst seit Jahren, und wer hier eine Wohnung sucht, findet oft keine, "
        "die er bezahlen kann; darum setzen wir auf drei Dinge:"
    )
    page = flow(
        [
            ("Wohnen", 16, True),
            "Dafür werden wir",
            "\u2022 jedes Jahr 500 Wohnungen bauen,",
            "\u2022 Genossenschaften fördern.",
            "",
            long_intro[:75],
            long_intro[75:],
            "\u2022 Leerstand erfassen.",
            "\u2022 Mieten deckeln.",
        ],
    )
    programme = load(write_layout_pdf(tmp_path / "bullets.pdf", [page, flow([*BODY])]))
    passages = programme.sections[0].passages
    assert [(p.kind, p.lead_in, p.text) for p in passages[:5]] == [
        ("pledge", "Dafür werden wir", "jedes Jahr 500 Wohnungen bauen,"),
        ("pledge", "Dafür werden wir", "Genossenschaften fördern."),
        ("paragraph", None, long_intro),
        ("pledge", None, "Leerstand erfassen."),
        ("pledge", None, "Mieten deckeln."),
    ]


def test_a_title_a_point_larger_than_the_body_below_an_unfinished_item_is_a_title(tmp_path: Path) -> None:
    # "• … durch Erhöhung des Anteils am Steueraufkommen" / "Jugendstrafrecht" (11 point bold over a
    # body of 10) / "Die Anzahl …": lists end without a full stop; the title was read as bold
    # emphasis in running text, and glued to the paragraph below it.
    page = flow(
        [
            ("Innere Sicherheit", 16, True),
            *BODY,
            "",
            "\u2022 Mehr Personal für die Gerichte und die Staatsanwaltschaften",
            "\u2022 Eine bessere Ausstattung der Polizei in Stadt und Land",
            "",
            ("Jugendstrafrecht", 11, True),
            "Die Zahl junger Straftäter ist gestiegen; wir wollen früher und schneller handeln.",
            "",
            ("Opferschutz", 16, True),
            *BODY,
        ]
    )
    programme = load(write_layout_pdf(tmp_path / "title-after-list.pdf", [page, flow([*BODY])]))
    assert [s.title for s in programme.sections][:3] == ["Innere Sicherheit", "Jugendstrafrecht", "Opferschutz"]
    assert any(text.startswith("Die Zahl junger Straftäter") for text in texts(programme))
    # Bold at body size after an unfinished line stays emphasis, in the text.
    emphasis = flow(
        [
            ("Wohnen", 16, True),
            "Wir bauen mehr Wohnungen, und zwar",
            ("vor allem bezahlbare", 10, True),
            "für Familien mit kleinen Einkommen.",
            "",
            ("Verkehr", 16, True),
            *BODY,
        ]
    )
    programme = load(write_layout_pdf(tmp_path / "emphasis.pdf", [emphasis, flow([*BODY])]))
    assert [s.title for s in programme.sections][:2] == ["Wohnen", "Verkehr"]


def test_pages_without_text_are_counted_for_the_preview(tmp_path: Path) -> None:
    page = flow([("Wohnen", 16, True), *BODY, ("Klima", 16, True), "Bäume pflanzen."])
    raw = read_programme_file(write_layout_pdf(tmp_path / "gaps.pdf", [page, [], [], page]))
    assert raw.pages == 4
    assert raw.warnings == ("2 Seiten ohne Text",)


def test_metadata_and_first_page_prefill_the_import_form(tmp_path: Path) -> None:
    cover = flow(
        [
            ("SPD Musterstadt", 28, True),
            ("Kommunalwahlprogramm 2025", 24, True),
        ]
    )
    page = flow([("Wohnen", 16, True), *BODY, ("Klima", 16, True), "Bäume pflanzen."])
    pdf = write_layout_pdf(
        tmp_path / "meta.pdf", [cover, page, page], info={"Title": "Musterstadt gemeinsam"}
    )
    raw = read_programme_file(pdf)
    assert raw.suggestions == {
        "party": "SPD",
        "year": "2025",
        "election": "Kommunalwahl 2025",
        "title": "Musterstadt gemeinsam",
    }


@pytest.mark.parametrize("pages", [1, 3])
def test_a_pdf_of_uniform_type_falls_back_to_the_line_rules(tmp_path: Path, pages: int) -> None:
    topics = [("Wohnen", "Klima"), ("Arbeit", "Bildung"), ("Kultur", "Sport")]
    documents = [
        flow([first, "", *BODY, "", second, "", f"Bis {2030 + n} soll das gelingen."])
        for n, (first, second) in enumerate(topics[:pages])
    ]
    programme = load(write_layout_pdf(tmp_path / "plain.pdf", documents))
    assert [s.title for s in programme.sections][:2] == ["Wohnen", "Klima"]
    assert len(programme.sections) == 2 * pages
