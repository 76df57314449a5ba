"""Qt renderer: draws an export :class:`Document` page by page on a PDF writer or a printer.

The PDF renderer is Qt by design: the CLI (``canvass export``/``canvass brief``)
and the app's print preview call the same :func:`paint` on a ``QPdfWriter`` or a
``QPrinter``, so both produce the same pages. Text is laid out by
``QTextDocument`` in the device's own resolution and drawn as real glyphs, so the
PDF stays selectable and searchable.

Full layout: one paginated ``QTextDocument``; passages and notes are frames that
get a page break before them when they would straddle a page and fit on one;
cards flow on over a page edge when moving them would leave much of the page
empty, their question kept with its first lines; headings move with what follows.
Pocket layout: each card is its own small document, placed into two columns by
hand so no card is ever cut; the last page's cards are shared out so both
columns end at about the same height.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextFrameFormat,
    QTextOption,
)

from canvass_app import APP_NAME
from canvass_app.content.overview import Overview
from canvass_app.errors import CanvassError
from canvass_app.export.document import (
    Block,
    CardBlock,
    Document,
    Heading,
    NoteBlock,
    PageBreak,
    Paragraph,
    PassageBlock,
)

PAGE_MARGINS_MM = QMarginsF(18, 15, 18, 12)
PASSAGE_KEEP_LIMIT = 0.6  # share of the page up to which a passage (and its label) is never split
# A card that does not fit on the rest of a page flows on when it would otherwise leave
# at least this share of the page empty; it still moves whole when the cut would orphan
# its question (fewer than CARD_HEAD_LINES below it) or widow a few lines (CARD_TAIL_LINES).
CARD_FLOW_SPACE = 0.25
CARD_HEAD_LINES = 4
CARD_TAIL_LINES = 3
PDF_RESOLUTION = 300  # dots per inch; layout happens at this resolution, glyphs stay vectors
# Ligatures ("ff", "fi") come out of PDF text extraction as single glyphs ("oﬀen"), so a
# search for "offen" in the PDF would miss them.
NO_LIGATURES = {QFont.Tag("liga"): 0, QFont.Tag("clig"): 0}
PREFERRED_FAMILIES = ["DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica"]

INK = QColor("#1a1a1a")
MUTED = QColor("#555555")
ACCENT = QColor("#1f4e79")
CARD_BORDER = QColor("#8a99a8")
CARD_BACKGROUND = QColor("#ffffff")
PASSAGE_BACKGROUND = QColor("#f1f3f5")
TIP_BACKGROUND = QColor("#fff4d6")


@dataclass(frozen=True)
class _Sizes:
    """Type sizes in points; the pocket layout is smaller but still readable at arm's length."""

    title: float
    subtitle: float
    h2: float
    h3: float
    body: float
    label: float
    footer: float


FULL_SIZES = _Sizes(title=20, subtitle=11, h2=15, h3=13, body=11, label=9.5, footer=8)
POCKET_SIZES = _Sizes(title=13, subtitle=8.5, h2=11, h3=10, body=8.5, label=7.5, footer=7)


def page_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        PAGE_MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


def font_families() -> list[str]:
    available = set(QFontDatabase.families())
    chosen = [family for family in PREFERRED_FAMILIES if family in available]
    return chosen or [QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()]


# The application object must outlive every Qt object the renderer creates.
_headless_app: list[object] = []


def render_pdf_headless(document: Document, path: Path) -> int:
    """:func:`render_pdf` from the command line: a headless QGuiApplication is enough for fonts and layout."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display needed, nor wanted, to lay out pages
        _headless_app.append(QGuiApplication(["canvass"]))
    return render_pdf(document, path)


def render_overview_pdf_headless(overview: Overview, path: Path) -> int:
    """The topics × programmes overview as one A4 landscape PDF page, from the command line."""
    from canvass_app.ui.overview_print import render_overview_pdf

    if QGuiApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _headless_app.append(QGuiApplication(["canvass"]))
    return render_overview_pdf(overview, path)


def render_pdf(document: Document, path: Path) -> int:
    """Write ``document`` as an A4 PDF to ``path``; returns the number of pages."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setTitle(document.title)
    writer.setCreator(APP_NAME)
    writer.setPageLayout(page_layout())
    try:
        return paint(document, writer)
    except CanvassError:
        raise CanvassError(
            f"Die PDF-Datei {path} kann nicht geschrieben werden; bitte Zielordner und Rechte prüfen."
        ) from None


def paint(document: Document, device: QPagedPaintDevice) -> int:
    """Paint every page of ``document`` on ``device`` (a QPdfWriter or QPrinter); returns pages."""
    painter = QPainter()
    if not painter.begin(device):
        raise CanvassError("Die Ausgabe kann nicht geschrieben werden; bitte Zielordner prüfen.")
    try:
        renderer = _PocketRenderer if document.layout == "pocket" else _FullRenderer
        return renderer(document, device).paint(painter)
    finally:
        painter.end()


def _format_dpi() -> float:
    """The DPI Qt assumes for lengths in text formats (qt_defaultDpi): 96, or the screen's."""
    app = QGuiApplication.instance()
    if app is None:
        return 100.0
    if QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_Use96Dpi):
        return 96.0
    screen = QGuiApplication.primaryScreen()
    return float(round(screen.logicalDotsPerInchY())) if screen is not None else 100.0


class _Metrics:
    """Converts millimetres and points to device pixels for the device being painted."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.dpi = float(device.logicalDpiY())
        self.width = float(device.width())
        self.height = float(device.height())

    def mm(self, value: float) -> float:
        """Device pixels, for painting and for the document's page size."""
        return value * self.dpi / 25.4

    def fmt_mm(self, value: float) -> float:
        """Pixels as text formats take them: the layout scales margins, padding and
        borders from Qt's default DPI (the screen's) up to the device."""
        return value * _format_dpi() / 25.4

    def fmt_to_device(self, value: float) -> float:
        return value * self.dpi / _format_dpi()

    def pt(self, value: float) -> float:
        return value * self.dpi / 72.0


class _TextWriter:
    """Appends blocks to a QTextDocument with one consistent style."""

    def __init__(
        self, doc: QTextDocument, metrics: _Metrics, sizes: _Sizes, compact: bool = False
    ) -> None:
        self.doc = doc
        self.compact = compact  # pocket cards: citations without section titles
        self.m = metrics
        self.sizes = sizes
        self.families = font_families()
        self.cursor = QTextCursor(doc)
        self._reuse_block = True  # the document (and the block after a frame) starts empty
        self._break_next = False
        # Layout groups, in document order, checked for page breaks after filling.
        self.keep_together: list[QTextFrame] = []
        # Frames kept whole only up to this share of a page (long passages may break
        # between lines rather than leave half a page empty); others whenever they fit.
        self.keep_limit: dict[int, float] = {}
        self.keep_with_next: list[QTextBlock] = []
        # Cards that may flow over a page edge, by frame start: the block of their question.
        self.flowing: dict[int, QTextBlock] = {}

    # -- formats -----------------------------------------------------------------------
    def char(
        self,
        size: float,
        bold: bool = False,
        italic: bool = False,
        colour: QColor = INK,
    ) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFontFamilies(self.families)
        fmt.setFontPointSize(size)
        fmt.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        fmt.setFontItalic(italic)
        fmt.setForeground(colour)
        fmt.setFontFeatures(NO_LIGATURES)
        return fmt

    def block_format(
        self, before_mm: float = 0, after_mm: float = 1.5, indent_mm: float = 0
    ) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setTopMargin(self.m.fmt_mm(before_mm))
        fmt.setBottomMargin(self.m.fmt_mm(after_mm))
        fmt.setLeftMargin(self.m.fmt_mm(indent_mm))
        fmt.setLineHeight(115, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        if self._break_next:
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            self._break_next = False
        return fmt

    # -- primitives --------------------------------------------------------------------
    def block(
        self,
        runs: list[tuple[str, QTextCharFormat]],
        fmt: QTextBlockFormat,
    ) -> QTextBlock:
        first_format = runs[0][1] if runs else self.char(self.sizes.body)
        if self._reuse_block:
            self.cursor.setBlockFormat(fmt)
            self.cursor.setBlockCharFormat(first_format)
            self._reuse_block = False
        else:
            self.cursor.insertBlock(fmt, first_format)
        for text, char_format in runs:
            self.cursor.insertText(text, char_format)
        return self.cursor.block()

    def frame(
        self,
        fill: Callable[[], None],
        background: QColor,
        border: QColor | None,
        padding_mm: float,
        after_mm: float,
    ) -> QTextFrame:
        fmt = QTextFrameFormat()
        fmt.setBackground(background)
        fmt.setPadding(self.m.fmt_mm(padding_mm))
        # No frame margins: a bottom margin that crosses a page edge makes Qt start a page
        # too early and leaves a blank page behind; the spacer block below gives the gap.
        fmt.setTopMargin(0)
        fmt.setBottomMargin(0)
        if border is not None:
            fmt.setBorder(self.m.fmt_mm(0.35))
            fmt.setBorderBrush(border)
            fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        else:
            fmt.setBorder(0)
        if self._break_next:
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            self._break_next = False
        frame = self.cursor.insertFrame(fmt)
        self._reuse_block = True
        fill()
        self.cursor.setPosition(frame.lastPosition())
        self.cursor.movePosition(QTextCursor.MoveOperation.NextBlock)
        # Qt keeps an empty block after every frame: it is the gap to what follows.
        spacer = QTextBlockFormat()
        spacer.setLineHeight(
            self.m.fmt_mm(after_mm), QTextBlockFormat.LineHeightTypes.FixedHeight.value
        )
        self.cursor.setBlockFormat(spacer)
        self.cursor.setBlockCharFormat(self.char(1))
        self._reuse_block = True
        return frame

    # -- document blocks ---------------------------------------------------------------
    def title(self, title: str, subtitle: str) -> None:
        s = self.sizes
        self.block([(title, self.char(s.title, bold=True, colour=ACCENT))], self.block_format(0, 1))
        if subtitle:
            self.block([(subtitle, self.char(s.subtitle, colour=MUTED))], self.block_format(0, 4))

    def add(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.heading(block)
        elif isinstance(block, Paragraph):
            self.paragraph(block)
        elif isinstance(block, PassageBlock):
            frame = self.passage(block)
            self.keep_together.append(frame)
            self.keep_limit[frame.firstPosition()] = PASSAGE_KEEP_LIMIT
        elif isinstance(block, CardBlock):
            frame = self.card(block)
            self.keep_together.append(frame)
            self.flowing[frame.firstPosition()] = frame.begin().currentBlock()
        elif isinstance(block, NoteBlock):
            self.keep_together.append(self.note(block))
        elif isinstance(block, PageBreak):
            self._break_next = True

    def heading(self, heading: Heading) -> None:
        s = self.sizes
        size = {1: s.title, 2: s.h2}.get(heading.level, s.h3)
        before = {1: 0.0, 2: 5.0}.get(heading.level, 3.0)
        block = self.block(
            [(heading.text, self.char(size, bold=True, colour=ACCENT))],
            self.block_format(before, 2),
        )
        self.keep_with_next.append(block)

    def paragraph(self, paragraph: Paragraph) -> None:
        s = self.sizes
        if paragraph.role == "meta":
            fmt = self.char(s.label, colour=MUTED)
        elif paragraph.role == "silent":
            fmt = self.char(s.body, italic=True, colour=MUTED)
        elif paragraph.role == "intro":
            fmt = self.char(s.body + 1)
        else:
            fmt = self.char(s.body)
        for line in _paragraphs(paragraph.text):
            block = self.block([(line, fmt)], self.block_format(0, 2))
            if paragraph.role == "meta":
                # A meta line ("„Programm …“ · Kommunalwahl …") introduces what follows.
                self.keep_with_next.append(block)

    def passage(self, passage: PassageBlock) -> QTextFrame:
        s = self.sizes

        def fill() -> None:
            self.block(
                [(passage.source.label(), self.char(s.label, bold=True, colour=ACCENT))],
                self.block_format(0, 1),
            )
            self.block([(passage.text, self.char(s.body))], self.block_format(0, 0))

        return self.frame(fill, PASSAGE_BACKGROUND, None, padding_mm=2.5, after_mm=2.5)

    def note(self, note: NoteBlock) -> QTextFrame:
        s = self.sizes

        def fill() -> None:
            heading = note.title or "Notiz"
            self.block([(heading, self.char(s.h3, bold=True))], self.block_format(0, 1.5))
            for line in _paragraphs(note.text):
                self.block([(line, self.char(s.body))], self.block_format(0, 1.5))
            if note.tags:
                tags = "  ".join(f"#{tag}" for tag in note.tags)
                self.block([(tags, self.char(s.label, colour=MUTED))], self.block_format(0, 0))

        return self.frame(fill, TIP_BACKGROUND, None, padding_mm=3, after_mm=3)

    def card(self, card: CardBlock, after_mm: float = 4) -> QTextFrame:
        def fill() -> None:
            self.card_contents(card)

        return self.frame(fill, CARD_BACKGROUND, CARD_BORDER, padding_mm=3.5, after_mm=after_mm)

    def card_contents(self, card: CardBlock) -> None:
        s = self.sizes
        self.block([(card.question, self.char(s.h3, bold=True))], self.block_format(0, 2))
        for answer in card.answers:
            label = self.block(
                [(answer.label, self.char(s.label, bold=True, colour=ACCENT))],
                self.block_format(1, 0.5),
            )
            # A party's name never ends a page without its answer (cards may flow on).
            self.keep_with_next.append(label)
            if answer.silent:
                text = answer.summary or "Sagt dazu nichts."
                self.block([(text, self.char(s.body, italic=True, colour=MUTED))], self.block_format(0, 1))
                continue
            self.block([(answer.summary, self.char(s.body))], self.block_format(0, 1))
            for quote in answer.quotes:
                self.block(
                    [
                        (f"„{quote.quote}“", self.char(s.label, italic=True)),
                        (
                            f"  ({quote.source.label(with_section=not self.compact)})",
                            self.char(s.label, colour=MUTED),
                        ),
                    ],
                    self.block_format(0, 1, indent_mm=3),
                )
        if card.tip:
            tip = self.block_format(2, 0)
            tip.setBackground(TIP_BACKGROUND)
            self.block(
                [
                    ("Tipp fürs Gespräch: ", self.char(s.label, bold=True)),
                    (card.tip, self.char(s.label)),
                ],
                tip,
            )


def split_blocks_at_page_edges(doc: QTextDocument, page_height: float) -> None:
    """Cut every paragraph that runs over a page edge into two paragraphs at that edge.

    Each page is drawn clipped to its own area, but Qt paints a paragraph as a
    whole: the lines of the other page end up in this page's PDF too, invisible
    yet found by search and copy. Split at the first line on the next page, the
    layout stays exactly as it was and each page carries only its own lines.
    """
    layout = doc.documentLayout()
    layout.documentSize()  # finish any pending (lazy) layout first, so line positions are current
    block = doc.begin()
    while block.isValid():
        layout.blockBoundingRect(block)  # lays this block out again after an earlier split
        text_layout = block.layout()
        if text_layout is not None and text_layout.lineCount() > 1:
            rect = layout.blockBoundingRect(block)
            shift = rect.top() - text_layout.boundingRect().top()
            first_page = int((shift + text_layout.lineAt(0).y() + 1) // page_height)
            for index in range(1, text_layout.lineCount()):
                line = text_layout.lineAt(index)
                if int((shift + line.y() + 1) // page_height) != first_page:
                    _split_block(block, line.textStart())
                    break
        block = block.next()


def _split_block(block: QTextBlock, offset: int) -> None:
    cursor = QTextCursor(block)
    head = block.blockFormat()
    tail = QTextBlockFormat(head)
    head.setBottomMargin(0)
    tail.setTopMargin(0)
    tail.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_Auto)
    cursor.setBlockFormat(head)
    cursor.setPosition(block.position() + offset)
    cursor.insertBlock(tail, cursor.charFormat())


def _paragraphs(text: str) -> list[str]:
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return [part.replace("\n", "\u2028") for part in parts if part] or [""]


class _Page:
    """Shared page furniture: the footer with title, sources and "Seite n von m"."""

    def __init__(self, document: Document, device: QPagedPaintDevice, sizes: _Sizes) -> None:
        self.document = document
        self.device = device
        self.m = _Metrics(device)
        self.sizes = sizes
        self.families = font_families()
        self.sources = self._sources_document()
        self.footer_height = (
            self.m.mm(2.5) + self.sources.size().height() + self.m.pt(sizes.footer) * 1.8
        )
        # Whole pixels: the layout works in 1/64 px fixed point, and a page edge that
        # is not exact makes a frame starting on a new page lose its top padding.
        self.body_height = float(int(self.m.height - self.footer_height - self.m.mm(3)))

    def _font(self, size: float, bold: bool = False) -> QFont:
        font = QFont()
        font.setFamilies(self.families)
        font.setPointSizeF(size)
        font.setBold(bold)
        for tag, value in NO_LIGATURES.items():
            font.setFeature(tag, value)
        return font

    def _sources_document(self) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.device)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(self._font(self.sizes.footer))
        doc.setTextWidth(self.m.width)
        if self.document.sources:
            cursor = QTextCursor(doc)
            fmt = QTextCharFormat()
            fmt.setForeground(MUTED)
            cursor.insertText("Quellen: " + " · ".join(self.document.sources), fmt)
        return doc

    def draw_footer(self, painter: QPainter, page: int, pages: int) -> None:
        m = self.m
        top = m.height - self.footer_height
        painter.save()
        painter.setPen(QPen(CARD_BORDER, max(1.0, m.mm(0.2))))
        painter.drawLine(QPointF(0, top), QPointF(m.width, top))
        painter.translate(0, top + m.mm(1.5))
        self.sources.drawContents(painter)
        painter.restore()
        line_top = top + m.mm(1.5) + self.sources.size().height() + m.pt(self.sizes.footer) * 0.3
        line = QRectF(0, line_top, m.width, m.pt(self.sizes.footer) * 1.5)
        painter.save()
        painter.setPen(MUTED)
        painter.setFont(self._font(self.sizes.footer))
        painter.drawText(line, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self.document.title)
        painter.setFont(self._font(self.sizes.footer, bold=True))
        painter.drawText(
            line,
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"Seite {page} von {pages}",
        )
        painter.restore()


class _FullRenderer(_Page):
    def __init__(self, document: Document, device: QPagedPaintDevice) -> None:
        super().__init__(document, device, FULL_SIZES)

    def build(self) -> tuple[QTextDocument, int]:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.device)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(self._font(self.sizes.body))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        doc.setPageSize(QSizeF(self.m.width, self.body_height))
        writer = _TextWriter(doc, self.m, self.sizes)
        writer.title(self.document.title, self.document.subtitle)
        for block in self.document.blocks:
            writer.add(block)
        self._keep_together(doc, writer)
        split_blocks_at_page_edges(doc, self.body_height)
        return doc, self._content_pages(doc, writer)

    def _page_of(self, y: float) -> int:
        return int(y // self.body_height)

    def _top_page(self, y: float) -> int:
        # Tops and bottoms come back a hair off the page edge (fixed-point layout); a
        # frame that starts 0.01 px above an edge is on the next page, not straddling.
        return self._page_of(y + 2)

    def _bottom_page(self, y: float) -> int:
        return self._page_of(y - 2)

    def _at_page_top(self, y: float, margin: float) -> bool:
        """Already first on its page: a break would only leave a blank page behind."""
        return y - self._top_page(y) * self.body_height <= margin + 2

    def _content_pages(self, doc: QTextDocument, writer: _TextWriter) -> int:
        """Pages that hold content; Qt may count one more for the empty block after a frame."""
        layout = doc.documentLayout()
        bottom = 0.0
        block = doc.lastBlock()
        while block.isValid() and not block.text():
            block = block.previous()
        if block.isValid():
            bottom = layout.blockBoundingRect(block).bottom()
        for frame in writer.keep_together[-1:]:
            rect = layout.frameBoundingRect(frame)
            margin = self.m.fmt_to_device(frame.frameFormat().bottomMargin())
            bottom = max(bottom, rect.bottom() - margin)
        return max(1, self._bottom_page(max(bottom, 2)) + 1)

    def _keep_together(self, doc: QTextDocument, writer: _TextWriter) -> None:
        """Move frames that straddle a page to the next one, and headings with what follows.

        Work in document order: each break shifts everything after it, so the
        layout is asked again for every later item.
        """
        layout = doc.documentLayout()
        page_height = self.body_height
        items: list[tuple[int, QTextFrame | QTextBlock]] = [
            (frame.firstPosition(), frame) for frame in writer.keep_together
        ] + [(block.position(), block) for block in writer.keep_with_next]
        items.sort(key=lambda item: item[0])
        chained = {block.blockNumber() for block in writer.keep_with_next}
        for _, item in items:
            if isinstance(item, QTextFrame):
                rect = layout.frameBoundingRect(item)
                bottom = rect.bottom() - self.m.fmt_to_device(item.frameFormat().bottomMargin())
                limit = writer.keep_limit.get(item.firstPosition(), 1.0)
                fits = bottom - rect.top() <= page_height * limit
                if fits and not self._at_page_top(rect.top(), 0) and (
                    self._top_page(rect.top()) != self._bottom_page(bottom)
                ) and not self._may_flow(layout, writer, item, rect.top(), bottom):
                    fmt = item.frameFormat()
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    item.setFrameFormat(fmt)
            else:
                rect = layout.blockBoundingRect(item)
                follow_bottom = self._following_extent(doc, writer, item, rect.bottom(), chained)
                margin = self.m.fmt_to_device(item.blockFormat().topMargin())
                if not self._at_page_top(rect.top(), margin) and (
                    self._top_page(rect.top()) != self._bottom_page(follow_bottom)
                ):
                    cursor = QTextCursor(item)
                    fmt = item.blockFormat()
                    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                    cursor.setBlockFormat(fmt)

    def _may_flow(
        self,
        layout: QAbstractTextDocumentLayout,
        writer: _TextWriter,
        frame: QTextFrame,
        top: float,
        bottom: float,
    ) -> bool:
        """Whether a card straddling a page edge may continue on the next page.

        Moving it whole would leave the rest of this page empty; cutting it is fine
        when enough of the page is left for its question and first lines and enough
        of it goes over for the next page to not start with a stray line or two.
        """
        question = writer.flowing.get(frame.firstPosition())
        if question is None:
            return False
        edge = (self._top_page(top) + 1) * self.body_height
        line = self.m.pt(self.sizes.body) * 1.15
        head = layout.blockBoundingRect(question).bottom() + line * CARD_HEAD_LINES
        return (
            edge - top >= self.body_height * CARD_FLOW_SPACE
            and head <= edge
            and bottom - edge >= line * CARD_TAIL_LINES
        )

    def _following_extent(
        self,
        doc: QTextDocument,
        writer: _TextWriter,
        block: QTextBlock,
        fallback: float,
        chained: set[int],
    ) -> float:
        """Bottom of what a heading must share its page with: a whole frame if it fits, else
        three lines; further headings and meta lines in between go along."""
        layout = doc.documentLayout()
        following = block.next()
        while following.isValid() and following.blockNumber() in chained:
            following = following.next()
        if not following.isValid():
            return fallback
        cursor = QTextCursor(following)
        frame = cursor.currentFrame()
        three_lines = self.m.pt(self.sizes.body) * 1.15 * 3
        if frame is not None and frame != doc.rootFrame() and frame.firstPosition() == following.position():
            rect = layout.frameBoundingRect(frame)
            height = rect.height() - self.m.fmt_to_device(frame.frameFormat().bottomMargin())
            limit = min(writer.keep_limit.get(frame.firstPosition(), 0.8), 0.8)
            # A frame that may break: its label and first lines must come along.
            return rect.top() + (height if height <= self.body_height * limit else three_lines * 4 / 3)
        rect = layout.blockBoundingRect(following)
        return rect.top() + min(rect.height(), three_lines)

    def paint(self, painter: QPainter) -> int:
        doc, pages = self.build()
        width = self.m.width
        for index in range(pages):
            if index:
                self.device.newPage()
            painter.save()
            painter.translate(0, -index * self.body_height)
            # A hair inside the page: Qt draws every line that touches the clip rectangle,
            # and a line starting exactly on the next page's edge would end up in this
            # page's PDF as invisible (clipped) but extractable, duplicate text.
            clip = QRectF(0, index * self.body_height + 1, width, self.body_height - 2)
            doc.drawContents(painter, clip)
            painter.restore()
            self.draw_footer(painter, index + 1, pages)
        return pages


@dataclass
class _Placement:
    doc: QTextDocument
    page: int
    x: float
    y: float
    clip_top: float  # for a card taller than a column: which slice of it this is
    height: float


class _PocketRenderer(_Page):
    """Cards only, two columns, each card whole; a dashed line in the gap to fold along."""

    COLUMNS = 2

    def __init__(self, document: Document, device: QPagedPaintDevice) -> None:
        super().__init__(document, device, POCKET_SIZES)
        self.gap = self.m.mm(8)
        self.column_width = (self.m.width - self.gap * (self.COLUMNS - 1)) / self.COLUMNS

    def _header(self) -> QTextDocument:
        doc = self._new_doc(self.m.width)
        writer = _TextWriter(doc, self.m, self.sizes)
        writer.title(self.document.title, self.document.subtitle)
        return doc

    def _new_doc(self, width: float) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self.device)
        doc.setDocumentMargin(0)
        doc.setDefaultFont(self._font(self.sizes.body))
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        doc.setDefaultTextOption(option)
        doc.setTextWidth(width)
        return doc

    def _card_doc(self, card: CardBlock) -> QTextDocument:
        doc = self._new_doc(self.column_width)
        writer = _TextWriter(doc, self.m, self.sizes, compact=True)
        root = doc.rootFrame().frameFormat()
        root.setBorder(self.m.fmt_mm(0.3))
        root.setBorderBrush(CARD_BORDER)
        root.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        root.setPadding(self.m.fmt_mm(2.5))
        doc.rootFrame().setFrameFormat(root)
        writer.card_contents(card)
        return doc

    def place(self) -> tuple[QTextDocument, list[_Placement], int]:
        header = self._header()
        header_height = header.size().height() + self.m.mm(2)
        spacing = self.m.mm(4)
        column_height = self.body_height
        placements: list[_Placement] = []
        page, column = 0, 0
        top = header_height
        y = top
        for card in self.document.cards():
            doc = self._card_doc(card)
            height = doc.size().height()
            if y > top and y + height > column_height:
                column += 1
                if column == self.COLUMNS:
                    page, column, top = page + 1, 0, 0.0
                y = top
            x = column * (self.column_width + self.gap)
            if height <= column_height - y:
                placements.append(_Placement(doc, page, x, y, 0.0, height))
                y += height + spacing
                continue
            # Taller than a column (it starts a column, see above): paginate the card itself
            # at the shortest column height, so every slice ends between two lines, and
            # put one slice per column.
            slice_height = float(int(column_height - header_height))
            doc.setPageSize(QSizeF(self.column_width, slice_height))
            split_blocks_at_page_edges(doc, slice_height)
            last = doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()
            for index in range(int((last - 2) // slice_height) + 1):
                if index:
                    column += 1
                    if column == self.COLUMNS:
                        page, column, top = page + 1, 0, 0.0
                    y = top
                    x = column * (self.column_width + self.gap)
                placements.append(
                    _Placement(doc, page, x, y, index * slice_height, slice_height)
                )
            y = column_height  # nothing more in this column
        self._balance_last_page(placements, header_height, spacing)
        pages = max(1, (placements[-1].page + 1) if placements else 1)
        return header, placements, pages

    def _balance_last_page(
        self, placements: list[_Placement], header_height: float, spacing: float
    ) -> None:
        """Share the last page's whole cards out between the columns, order kept.

        Filling column by column leaves the last page with one full column and one
        (half) empty; choose the cut that makes the taller column as short as it gets.
        """
        if not placements:
            return
        last = placements[-1].page
        on_page = [p for p in placements if p.page == last]
        if len(on_page) < 2:
            return
        if any(p.clip_top or p.height < p.doc.size().height() - 1 for p in on_page):
            return  # a slice of a card taller than a column: its columns are fixed
        top = header_height if last == 0 else 0.0
        room = self.body_height - top
        heights = [p.height for p in on_page]

        def extent(part: list[float]) -> float:
            return sum(part) + spacing * max(0, len(part) - 1)

        best: tuple[float, int] | None = None
        for cut in range(len(heights) + 1):
            first, second = extent(heights[:cut]), extent(heights[cut:])
            if first <= room and second <= room and (best is None or max(first, second) < best[0]):
                best = (max(first, second), cut)
        if best is None:
            return
        cut = best[1]
        for index, placed in enumerate(on_page):
            column = 0 if index < cut else 1
            start = 0 if column == 0 else cut
            placed.x = column * (self.column_width + self.gap)
            placed.y = top + sum(h + spacing for h in heights[start:index])

    def paint(self, painter: QPainter) -> int:
        header, placements, pages = self.place()
        for index in range(pages):
            if index:
                self.device.newPage()
            if index == 0:
                header.drawContents(painter)
            fold_x = self.column_width + self.gap / 2
            painter.save()
            pen = QPen(CARD_BORDER, max(1.0, self.m.mm(0.2)), Qt.PenStyle.DashLine)
            painter.setPen(pen)
            fold_top = header.size().height() if index == 0 else 0
            painter.drawLine(QPointF(fold_x, fold_top), QPointF(fold_x, self.body_height))
            painter.restore()
            for placed in placements:
                if placed.page != index:
                    continue
                painter.save()
                painter.translate(placed.x, placed.y - placed.clip_top)
                # A hair inside, as for full pages: no line of the next slice sneaks in.
                clip = QRectF(0, placed.clip_top + 1, self.column_width + 1, placed.height - 2)
                placed.doc.drawContents(painter, clip)
                painter.restore()
            self.draw_footer(painter, index + 1, pages)
        return pages
