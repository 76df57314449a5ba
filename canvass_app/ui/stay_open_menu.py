"""A menu of checkboxes that stays open while you tick them (Qt closes a menu at every click).

Choosing three of eight programmes took eight openings of the menu; here a click or
Space ticks one and the menu stays, Enter or Esc (or a click outside) closes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QMenu


class StayOpenMenu(QMenu):
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled() and self.rect().contains(event.position().toPoint()):
            action.trigger()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self.activeAction()
        if event.key() == Qt.Key.Key_Space and action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().keyPressEvent(event)
