"""Finger and pen scrolling: a drag moves the content with the hand, a flick coasts on.

Through Qt's QScroller, one place for every scrollable view (result list, topic tree, reader,
comparison), so all of them behave alike. A finger (``TouchGesture``) never competes with the
mouse: touch events are not mouse events, so text selection and drag and drop stay as they
are. A pen or a mouse-emulating touch screen arrives as left-button mouse events; those drag
only where a press-and-move has no other meaning (a list that is neither selectable text nor
a drag source), see :func:`flick_scroll`'s ``mouse``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSizeF
from PySide6.QtGui import QScrollEvent, QScrollPrepareEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QScrollBar,
    QScroller,
    QScrollerProperties,
)

Metric = QScrollerProperties.ScrollMetric
# A desktop list at its end stays put: no rubber-band bounce (a phone idiom that reads as a
# fault on a laptop), and a flick slows down soon enough for a page to be read.
_OFF = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
# A pen press that does not move is a click at once: a list answers without a noticeable lag.
PRESS_DELAY_S = 0.0


def flick_scroll(area: QAbstractScrollArea, *, mouse: bool = False) -> QScroller:
    """Let a finger (and with ``mouse`` a pen or a left-button drag) scroll ``area``.

    ``mouse`` is for views where a left-button drag means nothing else: never for selectable
    text (it would end text selection) nor for a view items are dragged out of (drag and drop).
    """
    viewport = area.viewport()
    if mouse and isinstance(area, QAbstractItemView) and area.dragEnabled():
        mouse = False  # the drag belongs to drag and drop
    gesture = (QScroller.ScrollerGestureType.LeftMouseButtonGesture if mouse
               else QScroller.ScrollerGestureType.TouchGesture)
    QScroller.grabGesture(viewport, gesture)
    scroller = QScroller.scroller(viewport)
    properties = scroller.scrollerProperties()
    properties.setScrollMetric(Metric.HorizontalOvershootPolicy, _OFF)
    properties.setScrollMetric(Metric.VerticalOvershootPolicy, _OFF)
    properties.setScrollMetric(Metric.MousePressEventDelay, PRESS_DELAY_S)
    properties.setScrollMetric(Metric.DecelerationFactor, 0.3)
    scroller.setScrollerProperties(properties)
    if isinstance(area, QAbstractItemView):
        # Scroll by pixels: a flick that jumps from row to row does not follow the finger.
        area.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        area.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    return scroller


class SidewaysWith(QObject):
    """One drag scrolls a column up and down and the row it stands in sideways.

    The comparison's columns scroll on their own vertically inside a row that scrolls
    horizontally. Two nested scrollers cannot share one drag (the inner one takes the touch
    and has no sideways range), so the column's scroller moves both: its horizontal range
    and position are the row's, its vertical ones its own.
    """

    def __init__(self, column: QAbstractScrollArea, row_bar: QScrollBar) -> None:
        super().__init__(column)
        self.column = column
        self.row_bar = row_bar
        column.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QScrollPrepareEvent):
            down = self.column.verticalScrollBar()
            event.setViewportSize(QSizeF(self.column.viewport().size()))
            event.setContentPosRange(QRectF(self.row_bar.minimum(), down.minimum(),
                                            self.row_bar.maximum() - self.row_bar.minimum(),
                                            down.maximum() - down.minimum()))
            event.setContentPos(QPointF(self.row_bar.value(), down.value()))
            event.accept()
            return True
        if isinstance(event, QScrollEvent):
            position = event.contentPos()
            self.row_bar.setValue(round(position.x()))
            self.column.verticalScrollBar().setValue(round(position.y()))
            return True
        return super().eventFilter(watched, event)
