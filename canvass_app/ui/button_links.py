"""Links in running text that are buttons: a framed box a finger can hit, not a word.

A small text link inside rich text is as tall as its line (about 18px at the comparison's
small size): too small for a finger. :func:`button_link_html` writes the link as a one-cell
table with a frame and padding, so it looks like a button and is at least
``theme.TOUCH_TARGET`` tall; :class:`ButtonLinkBrowser` makes the whole box answer a click
or tap (Qt's own hit test knows only the link's letters) and frames the box in the
highlight colour when Tab has put the keyboard on it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPoint, QRect, Qt, QUrl
from PySide6.QtGui import (
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QTextCursor,
    QTextTable,
)
from PySide6.QtWidgets import QWidget

from canvass_app.ui.passage_html import Colors
from canvass_app.ui.theme import TOUCH_TARGET, ReadingBrowser

# Padding inside the box beside the text; above and below it as much as makes the box at
# least theme.TOUCH_TARGET tall (rich text has no minimum height for a cell).
BUTTON_PADDING = 10
BORDER = 1


def button_padding(line_height: int) -> int:
    """The padding that makes a box around one line of ``line_height`` pixels finger-sized."""
    return max(BUTTON_PADDING, -(-(TOUCH_TARGET - 2 * BORDER - line_height) // 2))


def button_link_html(href: str, text: str, colors: Colors, line_height: int) -> str:
    """``text`` as a framed button that opens ``href`` (both escaped here).

    ``line_height``: the browser's line spacing in pixels (its font's), for the padding.
    """
    return (
        f"<table border='{BORDER}' cellspacing='0' cellpadding='{button_padding(line_height)}' "
        f"style='margin-top:6px; margin-bottom:4px; border-style:solid; border-color:{colors.link};'>"
        f"<tr><td><a href='{html.escape(href)}' style='color:{colors.link}; text-decoration:none; "
        f"font-weight:bold;'>{html.escape(text)}</a></td></tr></table>"
    )


class ButtonLinkBrowser(ReadingBrowser):
    """A reading browser whose button links answer anywhere in their box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pressed_on = ""
        self.viewport().setMouseTracking(True)

    # -- finding buttons ------------------------------------------------------
    def _button_table(self, cursor: QTextCursor) -> QTextTable | None:
        table = cursor.currentTable()
        if table is None or table.rows() != 1 or table.columns() != 1:
            return None
        return table

    def _href(self, table: QTextTable) -> str:
        cell = table.cellAt(0, 0)
        cursor = cell.firstCursorPosition()
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
        return cursor.charFormat().anchorHref() if cursor.charFormat().isAnchor() else ""

    def _box(self, table: QTextTable) -> QRect:
        """The button's box (its frame, padding and text) in viewport coordinates.

        From the cell's text, not ``frameBoundingRect``: that counts the table's margins
        and the document's margin once more, a box 13px off to the right and below.
        """
        block = table.cellAt(0, 0).firstCursorPosition().block()
        text = self.document().documentLayout().blockBoundingRect(block)
        edge = round(table.format().cellPadding() + table.format().border())
        rect = text.adjusted(-edge, -edge, edge, edge).toAlignedRect()
        return rect.translated(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())

    def button_at(self, pos: QPoint) -> tuple[str, QRect] | None:
        """The link and box of the button under ``pos`` (viewport coordinates), if any."""
        # Not through cursorForPosition: in the box's padding that is the text before or after.
        return next(((href, box) for href, box in self.buttons() if box.contains(pos)), None)

    def buttons(self) -> list[tuple[str, QRect]]:
        """Every button link of the document: its link and its box (viewport coordinates)."""
        found: list[tuple[str, QRect]] = []
        for frame in self.document().rootFrame().childFrames():
            if isinstance(frame, QTextTable):
                table = self._button_table(frame.cellAt(0, 0).firstCursorPosition())
                if table is not None and self._href(table):
                    found.append((self._href(table), self._box(table)))
        return found

    # -- a press anywhere in the box ------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.button_at(event.position().toPoint())
        self._pressed_on = hit[0] if hit and event.button() == Qt.MouseButton.LeftButton else ""
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if self.button_at(event.position().toPoint()) is not None:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        pressed, self._pressed_on = self._pressed_on, ""
        hit = self.button_at(event.position().toPoint())
        on_letters = bool(self.anchorAt(event.position().toPoint()))
        super().mouseReleaseEvent(event)
        # On the letters Qt opens the link itself; in the rest of the box it is done here.
        if pressed and hit is not None and hit[0] == pressed and not on_letters:
            self.anchorClicked.emit(QUrl(pressed))

    # -- the keyboard on a button ---------------------------------------------
    def focused_button(self) -> QRect | None:
        """The box of the button Tab has selected, if the keyboard is on one."""
        cursor = self.textCursor()
        if not self.hasFocus() or not cursor.hasSelection():
            return None
        table = self._button_table(cursor)
        return self._box(table) if table is not None and self._href(table) else None

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        box = self.focused_button()
        if box is not None:
            painter = QPainter(self.viewport())
            painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 3))
            painter.drawRect(box.adjusted(1, 1, -2, -2))
            painter.end()

