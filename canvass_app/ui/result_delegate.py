"""Draws one search result: where it is from (party and year, section), then the highlighted snippet."""

from __future__ import annotations

import html
from collections.abc import Collection
from dataclasses import replace

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSize
from PySide6.QtGui import QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from canvass_app.ui.notes_panel import notes_marker
from canvass_app.ui.rich_delegate import RichTextDelegate
from canvass_app.ui.search_model import KIND_LABELS, ResultRow, Role
from canvass_app.ui.theme import html_colors


class ResultDelegate(RichTextDelegate):
    """Lays each result out once per width and state; the view asks for sizes and paints often."""

    CACHE_LIMIT = 400
    PADDING = 10
    DEFAULT_WIDTH = 600
    HEADING_GAP = 6  # between a section heading and the hit below it

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: dict[tuple[object, ...], QTextDocument] = {}
        # Rows measured while a view asks for sizes; the others, when not measured before,
        # get ``typical_height`` (see :meth:`sizeHint`). None: every row is measured.
        self.measure_only: Collection[int] | None = None
        self.estimated: set[int] = set()  # the rows given a guessed height since measure_only was set
        self.typical_height = 0  # the mean height of the rows measured so far

    def clear_cache(self) -> None:
        self._cache.clear()

    @staticmethod
    def _key(row: ResultRow, option: QStyleOptionViewItem, width: int, notes: int) -> tuple[object, ...]:
        # What the document shows, not the whole row: the fused answer brings the same hits
        # with other scores, and re-measuring them made its arrival slow.
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        shown = (row.kind, row.party, row.year, row.programme_title, row.section_title, row.snippet, row.lead_in)
        return (shown, width, selected, notes, option.font.key(), option.palette.cacheKey())

    def _document(
        self, row: ResultRow, option: QStyleOptionViewItem, width: int, notes: int = 0
    ) -> QTextDocument:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        key = self._key(row, option, width, notes)
        doc = self._cache.get(key)
        if doc is None:
            if len(self._cache) > self.CACHE_LIMIT:
                self._cache.clear()
            doc = self._cache[key] = self._layout(row, option, width, selected, notes)
        return doc

    def _layout(
        self, row: ResultRow, option: QStyleOptionViewItem, width: int, selected: bool, notes: int = 0
    ) -> QTextDocument:
        palette = option.palette
        colors = html_colors(palette)
        muted = colors.muted
        mark_bg, mark_fg = colors.mark_bg, colors.mark_fg
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ).name()
        # The year is what we most want noticed: the link hue, made legible on this palette.
        year_color = colors.link
        if selected:
            muted = year_color = text_color
        kind = KIND_LABELS.get(row.kind, row.kind)
        head_parts: list[str] = []
        if row.kind != "passage":
            head_parts.append(f"<b>{html.escape(kind)}</b>")
        if row.party:
            # Party and year in the text colour, the year stressed: a 2020 promise must not pass for a current one.
            year = f' <span style="color:{year_color};">{row.year}</span>' if row.year else ""
            head_parts.append(f'<b><span style="color:{text_color};">{html.escape(row.party)}</span>{year}</b>')
        elif row.source_label:
            head_parts.append(f"<b>{html.escape(row.source_label)}</b>")
        if row.section_title:
            head_parts.append(html.escape(row.section_title))
        if notes:
            head_parts.append(f'<span style="color:{year_color};">{html.escape(notes_marker(notes))}</span>')
        head = " · ".join(head_parts)
        snippet = row.snippet.replace(
            "<b>", f'<span style="background-color:{mark_bg}; color:{mark_fg}; font-weight:bold;">'
        ).replace("</b>", "</span>")
        if row.lead_in:
            # A pledge read without its lead-in ("Deswegen werden wir …") is not a sentence.
            ellipsis = "" if snippet.startswith("…") else " …"
            snippet = f'<span style="color:{muted};"><i>{html.escape(row.lead_in)}{ellipsis}</i></span> {snippet}'
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setHtml(
            f'<div style="color:{text_color};">'
            f'<p style="margin:0 0 4px 0; color:{muted}; font-size:small;">{head}</p>'
            f'<p style="margin:0;">{snippet}</p></div>'
        )
        doc.setTextWidth(max(50, width - 2 * self.PADDING))
        return doc

    def document(
        self, index: QModelIndex | QPersistentModelIndex, option: QStyleOptionViewItem, width: int
    ) -> QTextDocument | None:
        """The hit itself; a section heading above it is drawn apart (:meth:`paint`)."""
        row = index.data(Role.ROW)
        if not isinstance(row, ResultRow):
            return None
        if row.section_label:
            row = replace(row, section_label="")
        return self._document(row, option, width, int(index.data(Role.NOTES) or 0))

    def _heading(self, label: str, option: QStyleOptionViewItem, width: int) -> QTextDocument:
        key = ("heading", label, width, option.font.key(), option.palette.cacheKey())
        doc = self._cache.get(key)
        if doc is None:
            doc = self._cache[key] = QTextDocument()
            doc.setDocumentMargin(0)
            doc.setDefaultFont(option.font)
            colour = html_colors(option.palette).text
            lines = "<br>".join(html.escape(line) for line in label.splitlines())
            doc.setHtml(f'<p style="margin:0; color:{colour};"><b>{lines}</b></p>')
            doc.setTextWidth(max(50, width - 2 * self.PADDING))
        return doc

    def _heading_height(self, index: QModelIndex | QPersistentModelIndex, option: QStyleOptionViewItem,
                        width: int) -> tuple[QTextDocument | None, int]:
        row = index.data(Role.ROW)
        if not isinstance(row, ResultRow) or not row.section_label:
            return None, 0
        heading = self._heading(row.section_label, option, width)
        return heading, int(heading.size().height()) + self.PADDING + self.HEADING_GAP

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        """A section heading (the meaning-only hits start here) above the hit, outside its selection.

        Drawn inside the row's highlight it read as part of the chosen hit.
        """
        heading, height = self._heading_height(index, option, option.rect.width())
        if heading is None:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.fillRect(option.rect.adjusted(0, 0, 0, -(option.rect.height() - height)), option.palette.base())
        painter.translate(option.rect.left() + self.PADDING, option.rect.top() + self.PADDING)
        heading.drawContents(painter)
        painter.restore()
        hit = QStyleOptionViewItem(option)
        hit.rect = option.rect.adjusted(0, height, 0, 0)
        super().paint(painter, hit, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = option.rect.width()
        if width <= 0 and option.widget is not None:
            width = option.widget.width()
        width = width or self.DEFAULT_WIDTH
        if self._guess(option, index, width):
            self.estimated.add(index.row())
            return QSize(width, self.typical_height)
        size = super().sizeHint(option, index)
        _heading, height = self._heading_height(index, option, width)
        total = size.height() + height
        self.typical_height = total if not self.typical_height else (7 * self.typical_height + total) // 8
        return QSize(size.width(), total)

    def _guess(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex, width: int) -> bool:
        """True when the row's height is to be guessed: outside ``measure_only`` and never measured."""
        if self.measure_only is None or index.row() in self.measure_only or not self.typical_height:
            return False
        row = index.data(Role.ROW)
        if not isinstance(row, ResultRow):
            return False
        if row.section_label:
            row = replace(row, section_label="")
        key = self._key(row, option, width, int(index.data(Role.NOTES) or 0))
        return key not in self._cache
