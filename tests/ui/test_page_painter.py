"""The Qt renderer: cards never split when they fit, no blank pages, nothing off the page, pocket columns."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from canvass_app.export.document import (
    Block,
    CardAnswer,
    CardBlock,
    CardQuote,
    Document,
    Heading,
    NoteBlock,
    Paragraph,
    PassageBlock,
    SourceRef,
)

WORDS = ["Glasfaser", "Ausbildung", "Dortmund", "Handwerk", "Förderung", "Straße", "Quartier", "Übergang", "Jugend", "Betriebe"]


def _text(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)) + "."


def _source(rng: random.Random) -> SourceRef:
    party, year = rng.choice([("SPD Dortmund", 2020), ("BÜNDNIS 90/DIE GRÜNEN Dortmund", 2025)])
    return SourceRef("p:1", party, year, "Programm", "Abschnitt", rng.choice([None, (12, 14)]))


def random_document(seed: int) -> Document:
    """Headings, meta lines, passages, cards and notes of random sizes; each item that must
    stay on one page carries a start marker (STELLE7, NOTIZ7) and an end marker (ENDE7).
    A card may flow over a page edge, but its question (KARTE7) stays with the first
    lines of its first answer (ANFANG7); its tip ends with SCHLUSS7."""
    rng = random.Random(seed)
    blocks: list[Block] = []
    for i in range(rng.randint(10, 35)):
        kind = rng.random()
        if kind < 0.15:
            blocks.append(Heading(f"Kopf {i} " + _text(rng, 3), rng.choice([2, 3])))
        elif kind < 0.25:
            blocks.append(Paragraph(_text(rng, 8), "meta"))
        elif kind < 0.45:
            blocks.append(PassageBlock(f"STELLE{i} {_text(rng, rng.randint(10, 120))} ENDE{i}", _source(rng)))
        elif kind < 0.5:
            # Longer than 60 % of a page: may break between lines, so it carries no markers.
            blocks.append(PassageBlock(_text(rng, 400), _source(rng)))
        elif kind < 0.8:
            answers = tuple(
                CardAnswer(
                    "SPD Dortmund",
                    2020,
                    (f"ANFANG{i} " if number == 0 else "") + _text(rng, rng.randint(10, 50)),
                    tuple(CardQuote(_text(rng, 12), _source(rng)) for _ in range(rng.randint(0, 3))),
                )
                for number in range(2)
            )
            blocks.append(CardBlock(f"c{i}", f"KARTE{i} {_text(rng, 6)}", answers, f"{_text(rng, 15)} SCHLUSS{i}"))
        elif kind < 0.9:
            blocks.append(NoteBlock(f"NOTIZ{i} {_text(rng, rng.randint(5, 70))} ENDE{i}", "Notiz"))
        else:
            blocks.append(Paragraph(_text(rng, rng.randint(5, 90))))
    return Document("Zufall", tuple(blocks), subtitle="Test", sources=("Quelle A", "Quelle B"))


def page_texts(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in pypdf.PdfReader(str(path)).pages]


@pytest.mark.parametrize("seed", range(6))
def test_items_that_fit_are_never_split_and_no_page_is_blank(qapp, tmp_path: Path, seed: int) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.page_painter import render_pdf

    path = tmp_path / "zufall.pdf"
    pages = render_pdf(random_document(seed), path)
    texts = page_texts(path)
    assert len(texts) == pages > 1
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    questions: dict[str, int] = {}
    first_lines: dict[str, int] = {}
    for number, text in enumerate(texts, 1):
        assert f"Seite {number} von {pages}" in text
        body = text.replace("Zufall", "").replace(f"Seite {number} von {pages}", "")
        body = body.replace("Quellen: Quelle A · Quelle B", "").strip()
        assert body, f"page {number} is blank"
        for marker in re.findall(r"(?:STELLE|NOTIZ)(\d+)", text):
            starts[marker] = number
        for marker in re.findall(r"ENDE(\d+)", text):
            ends[marker] = number
        questions.update((marker, number) for marker in re.findall(r"KARTE(\d+)", text))
        first_lines.update((marker, number) for marker in re.findall(r"ANFANG(\d+)", text))
    assert starts and starts.keys() == ends.keys()
    split = {m: (starts[m], ends[m]) for m in starts if starts[m] != ends[m]}
    assert not split, f"items split across pages: {split}"
    assert questions and questions.keys() == first_lines.keys()
    orphaned = {m: (questions[m], first_lines[m]) for m in questions if questions[m] != first_lines[m]}
    assert not orphaned, f"card questions apart from their first lines: {orphaned}"


def test_the_split_check_would_catch_a_split(qapp, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Without the keep-together pass, Qt cuts passages and notes between lines: the check
    # above must see it.
    from canvass_app.ui import page_painter

    monkeypatch.setattr(page_painter._FullRenderer, "_keep_together", lambda *args: None)
    split = 0
    for seed in range(6):
        path = tmp_path / f"z{seed}.pdf"
        page_painter.render_pdf(random_document(seed), path)
        texts = page_texts(path)
        for marker in {m for t in texts for m in re.findall(r"(?:STELLE|NOTIZ)(\d+)", t)}:
            first = next(i for i, t in enumerate(texts) if re.search(rf"(?:STELLE|NOTIZ){marker}\b", t))
            last = next(i for i, t in enumerate(texts) if f"ENDE{marker}" in t)
            split += first != last
    assert split > 0


def _ink_outside_margins(path: Path, tmp_path: Path) -> list[str]:
    """Pages (rasterised) with any non-white pixel in the page margins."""
    from PySide6.QtGui import QImage

    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", str(path), str(tmp_path / "p")], check=True)
    problems = []
    px_per_mm = 50 / 25.4
    for image_path in sorted(tmp_path.glob("p-*.png")):
        image = QImage(str(image_path))
        left, right = int(17 * px_per_mm), image.width() - int(17 * px_per_mm)
        top, bottom = int(14 * px_per_mm), image.height() - int(11 * px_per_mm)
        margin = [
            (x, y)
            for y in range(image.height())
            for x in (range(image.width()) if not top <= y < bottom else [*range(left), *range(right, image.width())])
        ]
        dark = [(x, y) for x, y in margin if image.pixelColor(x, y).lightness() < 200]
        if dark:
            problems.append(f"{image_path.name}: ink at {dark[0]}")
    return problems


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
@pytest.mark.parametrize("layout", ["full", "pocket"])
def test_nothing_runs_off_the_page(qapp, tmp_path: Path, layout: str) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from canvass_app.ui.page_painter import render_pdf

    # One unbreakable word longer than a line must wrap, not run off the page.
    long_word = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellung" * 3
    document = random_document(3)
    card = CardBlock("lang", f"Frage mit {long_word}?", (CardAnswer("SPD Dortmund", 2020, long_word),))
    document = replace(document, blocks=(*document.blocks, card), layout=layout)  # type: ignore[arg-type]
    path = tmp_path / "rand.pdf"
    render_pdf(document, path)
    assert _ink_outside_margins(path, tmp_path) == []


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_the_margin_check_sees_ink(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPainter, QPdfWriter

    from canvass_app.ui.page_painter import page_layout

    writer = QPdfWriter(str(tmp_path / "off.pdf"))
    writer.setPageLayout(page_layout())
    painter = QPainter(writer)
    painter.drawText(writer.width() - 50, 100, "läuft über den Rand hinaus")
    painter.end()
    assert _ink_outside_margins(tmp_path / "off.pdf", tmp_path)


def test_pocket_layout_puts_cards_in_two_columns(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from canvass_app.ui.page_painter import render_pdf

    document = replace(random_document(1), layout="pocket")
    path = tmp_path / "tasche.pdf"
    render_pdf(document, path)
    questions = [
        (number, x)
        for number, x, _y, _w, _h in _positions_of(path, "KARTE")
    ]
    assert len(questions) == len(document.cards())
    page_width = float(pypdf.PdfReader(str(path)).pages[0].mediabox.width)
    columns = {x < page_width / 2 for _n, x in questions}
    assert columns == {True, False}, "cards fill both columns"
    text = " ".join(page_texts(path))
    assert "STELLE" not in text and "NOTIZ" not in text, "pocket cards only"


def _positions_of(path: Path, prefix: str) -> list[tuple[int, float, float, float, float]]:
    found: list[tuple[int, float, float, float, float]] = []
    reader = pypdf.PdfReader(str(path))
    for number, page in enumerate(reader.pages):

        def visit(text, cm, tm, font, size, number=number):  # type: ignore[no-untyped-def]
            if text.startswith(prefix):
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((number, x, y, 0.0, 0.0))

        page.extract_text(visitor_text=visit)
    return found


def test_umlauts_and_typographic_quotes_survive_and_no_ligatures(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.page_painter import render_pdf

    text = "Für „offene“ Straßen, Öfen und Übergänge: fließend, effizient, Schifffahrt."
    document = Document("Äußerst „wichtig“", (Paragraph(text),))
    path = tmp_path / "u.pdf"
    render_pdf(document, path)
    extracted = page_texts(path)[0]
    assert "Äußerst „wichtig“" in extracted
    # Ligatures would come back as "ﬀ"/"ﬁ" and make "offene" unsearchable.
    assert text in extracted


@pytest.mark.parametrize("layout", ["full", "pocket"])
def test_a_card_taller_than_a_page_loses_and_repeats_no_line(qapp, tmp_path: Path, layout: str) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.page_painter import render_pdf

    source = SourceRef("p:1", "SPD Dortmund", 2020, "", "Abschnitt", (1, 2))
    quotes = tuple(CardQuote(f"Zitat Nummer {i} mit Text, der die Zeile füllt und umbricht.", source) for i in range(60))
    small = CardBlock("s", "Kleine Karte?", (CardAnswer("SPD Dortmund", 2020, "Kurz."),))
    tall = CardBlock("t", "Riesige Karte?", (CardAnswer("SPD Dortmund", 2020, "Lang.", quotes),), tip="Schlusstipp")
    path = tmp_path / "tall.pdf"
    pages = render_pdf(Document("Groß", (small, tall, small), layout=layout), path)  # type: ignore[arg-type]
    assert pages >= 2
    text = " ".join(page_texts(path))
    for i in range(60):
        assert text.count(f"Zitat Nummer {i} mit") == 1, i
    assert text.count("Kleine Karte?") == 2 and "Schlusstipp" in text


def test_paragraphs_over_page_edges_are_in_the_pdf_once(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Qt paints a paragraph whole, clipped to the page; without splitting at the page
    # edge, the other page's lines would be in the PDF invisibly and found twice.
    from canvass_app.ui.page_painter import render_pdf

    words = [f"Wort{i}" for i in range(1500)]
    source = SourceRef("p:1", "SPD Dortmund", 2020)
    document = Document("Lang", (Paragraph(" ".join(words)), PassageBlock(" ".join(w.upper() for w in words), source)))
    path = tmp_path / "lang.pdf"
    assert render_pdf(document, path) >= 4
    found = re.findall(r"Wort\d+|WORT\d+", " ".join(page_texts(path)))
    assert sorted(found) == sorted(words + [w.upper() for w in words])


def test_a_briefing_of_three_cards_and_a_topic_fills_its_pages(qapp, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Moving every card that does not fit to a new page took 3 pages, the first 40 % empty.
    from canvass_app.export.briefing import Briefing, BriefingItem
    from canvass_app.export.builders import build_briefing
    from canvass_app.ui.page_painter import render_pdf

    cards = ("jugendarbeitslosigkeit", "glasfaser", "gewerbesteuer")
    items = (*(BriefingItem("card", ref=card) for card in cards), BriefingItem("topic", ref="digitale-infrastruktur"))
    document = build_briefing(library, Briefing("Nordstadt", items=items))
    path = tmp_path / "briefing.pdf"
    assert render_pdf(document, path) == 2
    text = " ".join(page_texts(path))
    for card in document.cards():
        assert card.question in text
    assert "Thema: Digitale Infrastruktur" in text


def _pocket_columns(document: Document, tmp_path: Path) -> dict[tuple[int, float], list[tuple[float, float, str]]]:
    """(page, column x) -> the (top, bottom, first line) of each card placed there, in order."""
    from PySide6.QtGui import QPdfWriter

    from canvass_app.ui.page_painter import PDF_RESOLUTION, _PocketRenderer, page_layout

    writer = QPdfWriter(str(tmp_path / "tasche.pdf"))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(page_layout())
    _header, placements, _pages = _PocketRenderer(document, writer).place()
    columns: dict[tuple[int, float], list[tuple[float, float, str]]] = {}
    for placed in placements:
        first_line = placed.doc.begin().text()
        columns.setdefault((placed.page, placed.x), []).append((placed.y, placed.y + placed.height, first_line))
    return dict(sorted(columns.items()))


def test_pocket_columns_are_balanced_on_the_last_page(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = SourceRef("p:1", "SPD Dortmund", 2020)
    cards = tuple(
        CardBlock(f"c{i}", f"Frage {i}?", (CardAnswer("SPD Dortmund", 2020, "Antwort " * 20, (CardQuote("Zitat", source),)),))
        for i in range(4)
    )
    columns = _pocket_columns(Document("Tasche", cards, layout="pocket"), tmp_path)
    # Four short cards fit in one column; filled column by column, the other stayed empty.
    assert len(columns) == 2, "both columns are used"
    counts = sorted(len(placed) for placed in columns.values())
    assert counts == [2, 2]
    bottoms = [max(bottom for _top, bottom, _q in placed) for placed in columns.values()]
    tallest = max(bottom - top for placed in columns.values() for top, bottom, _q in placed)
    assert abs(bottoms[0] - bottoms[1]) <= tallest
    # Order kept: down the left column, then down the right one.
    order = [question for placed in columns.values() for _t, _b, question in sorted(placed)]
    assert order == [f"Frage {i}?" for i in range(4)]


def test_every_pocket_page_uses_both_columns(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = SourceRef("p:1", "SPD Dortmund", 2020)
    cards = tuple(
        CardBlock(f"c{i}", f"Frage {i}?", (CardAnswer("SPD Dortmund", 2020, "Antwort " * 60, (CardQuote("Zitat", source),) * 3),))
        for i in range(14)
    )
    columns = _pocket_columns(Document("Tasche", cards, layout="pocket"), tmp_path)
    pages = {page for page, _x in columns}
    assert len(pages) >= 2
    for page in pages:
        assert len([key for key in columns if key[0] == page]) == 2, f"page {page + 1} uses both columns"
