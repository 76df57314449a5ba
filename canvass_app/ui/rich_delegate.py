"""One way to draw a list row as rich text: a delegate lays out a QTextDocument, this paints and sizes it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)


def lay_out_in_batches(view: QListView, batch: int) -> None:
    """Measure a list's rich-text rows a few at a time between events, and let the layout finish.

    Rows wrap to the list's width, so their heights change with it. With the scroll bar
    shown only when needed, the batch that first overflows the list shows it, the list
    narrows, every row is measured again from the first, the short first batch hides the
    bar, the list widens ... and so on for ever: the list stayed blank once a search had
    more hits than fit (seen with six imported programmes). A bar that is always there
    keeps the width, and so the layout, steady.
    """
    view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(False)
    view.setLayoutMode(QListView.LayoutMode.Batched)
    view.setBatchSize(batch)
    view.setWordWrap(True)


class RichTextDelegate(QStyledItemDelegate):
    """Subclasses return the row's laid-out document from :meth:`document` (None: draw it plainly)."""

    PADDING = 8
    DEFAULT_WIDTH = 500

    def document(
        self, index: QModelIndex | QPersistentModelIndex, option: QStyleOptionViewItem, width: int
    ) -> QTextDocument | None:
        return None  # no rich text for this row: Qt draws it as usual

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        doc = self.document(index, option, option.rect.width())
        if doc is None:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        pad = self.PADDING
        painter.save()
        painter.translate(option.rect.left() + pad, option.rect.top() + pad)
        # Clipped to the row, not to the padded text box: the dots of a capital umlaut
        # („BÜNDNIS“) stand above the first line's ascent, into the padding.
        clip = QRectF(-pad, -pad, option.rect.width(), option.rect.height())
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        doc.documentLayout().draw(painter, context)
        painter.restore()
        # A thin rule between rows keeps long texts apart.
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        width = option.rect.width()
        if width <= 0 and option.widget is not None:
            width = option.widget.width()
        doc = self.document(index, option, width or self.DEFAULT_WIDTH)
        if doc is None:
            return super().sizeHint(option, index)
        return QSize(width, int(doc.size().height()) + 2 * self.PADDING + 1)
