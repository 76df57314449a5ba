"""The window's two panes, the sidebar and the stack of views: the sidebar keeps its width."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget


class ViewStack(QStackedWidget):
    """The views, one shown at a time; as narrow as the view shown allows.

    A plain stack is as wide at least as its widest view, shown or not: the card editor's
    567 pixels squeezed the sidebar whenever the notes dock opened at 1024 pixels, in
    every view ("Überblick: Wer s…"). Only the view in sight counts.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        current = self.currentWidget()
        return current.minimumSizeHint() if current is not None else super().minimumSizeHint()


class SidebarSplitter(QSplitter):
    """A window made narrower, or a dock opening beside it, takes the width from the view.

    A plain splitter shrinks both panes: with the notes dock open at 1024 pixels the topics
    read „Mobilität und Ver…“. The sidebar gives way only where the view would fall below
    its minimum; a drag of the handle sets the sidebar's width as the user wants it.
    """

    def resizeEvent(self, event: QResizeEvent) -> None:
        before = self.sizes()
        super().resizeEvent(event)
        if self.count() != 2 or len(before) != 2 or before[0] <= 0 or event.oldSize().width() <= 0:
            return  # a hidden sidebar, or the first layout (the saved sizes are restored after it)
        total = sum(self.sizes())
        view_least = self.widget(1).minimumSizeHint().width()
        side = min(before[0], max(self.widget(0).minimumSizeHint().width(), total - view_least))
        if self.sizes()[0] != side:
            self.setSizes([side, total - side])
