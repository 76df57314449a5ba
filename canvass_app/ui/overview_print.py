"""The overview matrix printed as one A4 landscape page, on a PDF writer or a printer (shared renderer settings)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from canvass_app import APP_NAME
from canvass_app.content.overview import Overview
from canvass_app.errors import CanvassError
from canvass_app.ui.page_painter import (
    CARD_BACKGROUND,
    CARD_BORDER,
    INK,
    MUTED,
    PAGE_MARGINS_MM,
    PDF_RESOLUTION,
    font_families,
)
from canvass_app.ui.theme import contrast

TITLE = "Überblick: Wer sagt was?"
# The printed page's colours are the export renderer's.
_INK, _MUTED, _PAPER, _RULE = INK.name(), MUTED.name(), CARD_BACKGROUND.name(), CARD_BORDER.name()
# Largest and smallest type, in points; the matrix shrinks until it fits one page.
LARGEST_PT = 11.0
SMALLEST_PT = 5.0


def landscape_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape,
        QMarginsF(PAGE_MARGINS_MM.top(), PAGE_MARGINS_MM.left(), PAGE_MARGINS_MM.top(), PAGE_MARGINS_MM.bottom()),
        QPageLayout.Unit.Millimeter,
    )


def cell_colours(count: int, largest: int) -> tuple[str, str]:
    """The shade of a cell saying ``count`` of at most ``largest`` passages, and the ink legible on it.

    Light to dark blue; the square root keeps small counts visible next to a chapter
    that says 99 things on its one field. The ink is the darker or the lighter of the
    page's two, whichever stands out more (white on the middle blues was 2.4:1).
    """
    share = (count / max(1, largest)) ** 0.5
    level = int(235 - 120 * share)
    shade = f"#{level:02x}{min(255, level + 10):02x}ff"
    ink = max((_INK, _PAPER), key=lambda colour: contrast(colour, shade))
    return shade, ink


def overview_html(overview: Overview) -> str:
    """The matrix as an HTML table: passage counts with a shade, silence as „–“."""
    largest = max(overview.largest, 1)
    head = "".join(
        f"<th style='padding:2px 4px; border-bottom:1px solid {_MUTED};'>{html.escape(p.party)}<br>{p.year}</th>"
        for p in overview.programmes
    )
    rows: list[str] = []
    for row in overview.rows:
        indent = "&nbsp;" * (4 * row.depth)
        weight = "bold" if row.depth == 0 else "normal"
        cells = []
        for count in row.counts:
            if count == 0:
                cells.append(f"<td align='center' style='color:{_MUTED};'>–</td>")
                continue
            shade, ink = cell_colours(count, largest)
            cells.append(
                # The shade sits on the number itself: Qt's PDF output lets table
                # cell backgrounds run into the cells below.
                f"<td align='center'><span style='background-color:{shade}; "
                f"color:{ink};'>&nbsp;&nbsp;{count}&nbsp;&nbsp;</span></td>"
            )
        rows.append(
            f"<tr><td style='font-weight:{weight}; padding-right:8px; border-bottom:1px solid {_RULE};'>"
            f"{indent}{html.escape(row.title)}</td>{''.join(cells)}</tr>"
        )
    return (
        f"<h2 style='margin:0;'>{TITLE}</h2>"
        f"<p style='margin-top:2px; color:{_MUTED};'>Zahl der Textstellen je Thema und Programm; "
        "„–“: dazu steht nichts im Programm (bei Kapiteln: nichts im Kapitel).</p>"
        "<table width='100%' cellspacing='0' cellpadding='3' style='border-collapse:collapse;'>"
        f"<tr><th align='left' width='22%'>Thema</th>{head}</tr>{''.join(rows)}</table>"
    )


def paint_overview(overview: Overview, device: QPagedPaintDevice) -> int:
    """Lay the matrix out on one landscape page, shrinking the type until it fits; returns 1."""
    layout = device.pageLayout()
    rect = layout.paintRectPixels(device.logicalDpiX())
    width, height = float(rect.width()), float(rect.height())
    document = QTextDocument()
    document.setDocumentMargin(0)
    size = LARGEST_PT
    while True:
        font = QFont(font_families()[0])
        # Points to device pixels at the device's resolution.
        font.setPixelSize(max(1, round(size * device.logicalDpiY() / 72)))
        document.setDefaultFont(font)
        document.setHtml(overview_html(overview))
        document.setTextWidth(width)
        if document.size().height() <= height or size <= SMALLEST_PT:
            break
        size -= 0.5
    painter = QPainter()
    if not painter.begin(device):
        raise CanvassError("Die Seite kann nicht gedruckt werden; bitte Ziel und Rechte prüfen.")
    try:
        scale = min(1.0, height / max(1.0, document.size().height()))
        painter.scale(scale, scale)
        document.drawContents(painter, QRectF(0, 0, width / scale, height / scale))
    finally:
        painter.end()
    return 1


def render_overview_pdf(overview: Overview, path: Path) -> int:
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(TITLE)
    writer.setCreator(APP_NAME)
    writer.setPageLayout(landscape_layout())
    try:
        pages = paint_overview(overview, writer)
    except CanvassError:
        raise CanvassError(
            f"Die PDF-Datei {path} kann nicht geschrieben werden; bitte Zielordner und Rechte prüfen."
        ) from None
    if not path.is_file():
        raise CanvassError(
            f"Die PDF-Datei {path} kann nicht geschrieben werden; bitte Zielordner und Rechte prüfen."
        )
    return pages
