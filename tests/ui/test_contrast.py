"""Every colour the app sets is legible (WCAG AA, 4.5:1) on its background, in a light and a dark palette."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QStyleOptionViewItem

from canvass_app.ui import theme
from canvass_app.ui.search_model import ResultRow

UI_DIR = Path(__file__).resolve().parents[2] / "canvass_app" / "ui"
# Where literal colours may live: the theme derives them from the palette; passage_html holds
# light defaults for palette-less HTML; the page painter prints on white paper (tested below).
COLOUR_HOMES = {"theme.py", "passage_html.py", "page_painter.py"}
HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


@pytest.fixture(params=["light", "dark", "system"])
def palette(request, qapp) -> QPalette:  # type: ignore[no-untyped-def]
    if request.param == "system":
        return qapp.palette()
    return theme.palette_for(request.param == "dark")


def test_the_dark_palette_keeps_qt_default_link_blue(qapp) -> None:  # type: ignore[no-untyped-def]
    # The case from the field: pure blue on dark grey, about 1.5:1.
    dark = theme.palette_for(True)
    assert theme.is_dark(dark)
    assert theme.contrast(dark.color(QPalette.ColorRole.Link), dark.color(QPalette.ColorRole.Base)) < 2


def test_rich_text_colours_pass_aa(palette: QPalette) -> None:
    colors = theme.html_colors(palette)
    base = palette.color(QPalette.ColorRole.Base)
    for background in (base, QColor(colors.focus_bg)):
        for name in ("text", "muted", "link"):
            ratio = theme.contrast(getattr(colors, name), background)
            assert ratio >= 4.5, f"{name} {getattr(colors, name)} on {background.name()}: {ratio:.2f}"
    assert theme.contrast(colors.mark_fg, colors.mark_bg) >= 4.5


def test_status_colours_pass_aa(palette: QPalette) -> None:
    window = palette.color(QPalette.ColorRole.Window)
    for colour in theme.status_colors(palette):
        assert theme.contrast(colour, window) >= 4.5


def test_stylesheet_colours_pass_aa(palette: QPalette) -> None:
    """Text colours 4.5:1; the edges of fields and buttons (not text) 3:1, on the window and in a field."""
    sheet = theme.resolved_stylesheet(palette)
    window = palette.color(QPalette.ColorRole.Window)
    base = palette.color(QPalette.ColorRole.Base)
    edge = theme.control_edge_colour(palette).name()
    assert "palette(mid)" not in sheet and edge in sheet
    for background in (window, base):
        assert theme.contrast(edge, background) >= theme.MIN_CONTROL_CONTRAST, (edge, background.name())
    for colour in HEX.findall(sheet):
        if colour != edge:
            assert theme.contrast(colour, window) >= 4.5, colour


def test_the_year_in_search_results_is_legible(qapp, palette: QPalette) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.result_delegate import ResultDelegate

    row = ResultRow(kind="passage", id="p1", snippet="mehr <b>Glasfaser</b>", text="", party="SPD", year=2020,
                    section_title="Digitales", lead_in="Deswegen")
    option = QStyleOptionViewItem()
    option.palette = palette
    html = ResultDelegate()._layout(row, option, 400, False).toHtml()
    base = palette.color(QPalette.ColorRole.Base)
    mark_bg = theme.mark_colors(palette)[0]
    colours = re.findall(r"(background-)?color:(#[0-9a-fA-F]{6})", html)
    assert colours
    for background_rule, colour in colours:
        if background_rule or colour.lower() == theme.html_colors(palette).mark_fg.lower():
            continue
        assert theme.contrast(colour, base) >= 4.5, f"{colour} on {base.name()}"
    assert theme.contrast(theme.html_colors(palette).mark_fg, mark_bg) >= 4.5


def test_no_view_sets_a_literal_colour() -> None:
    offenders = []
    for path in sorted(UI_DIR.glob("*.py")):
        if path.name in COLOUR_HOMES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HEX.search(line) and not line.lstrip().startswith("#"):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert not offenders, offenders


def test_printed_colours_pass_aa_on_paper() -> None:
    from canvass_app.ui import page_painter

    for ink in (page_painter.INK, page_painter.MUTED, page_painter.ACCENT):
        for paper in (page_painter.CARD_BACKGROUND, page_painter.PASSAGE_BACKGROUND, page_painter.TIP_BACKGROUND):
            assert theme.contrast(ink, paper) >= 4.5


def test_label_links_become_legible_on_a_dark_palette(qapp) -> None:  # type: ignore[no-untyped-def]
    previous = qapp.palette()
    try:
        qapp.setPalette(theme.palette_for(True))
        theme.legible_links()
        palette = qapp.palette()
        for background in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
            assert theme.contrast(palette.color(QPalette.ColorRole.Link), palette.color(background)) >= 4.5
    finally:
        qapp.setPalette(previous)
