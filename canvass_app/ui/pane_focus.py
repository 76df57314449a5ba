"""F6 / Umschalt+F6: the keyboard jumps from pane to pane (lists, texts, columns), not link by link.

Tab inside a text with many links (the comparison columns, the reader) walks
through every link first; F6 moves straight to the next pane of what the window
shows, as in file managers and browsers. The panes are found, not listed: a view
that adds columns (the comparison of N programmes) gets them without a change here.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLineEdit, QWidget


def panes(root: QWidget) -> list[QWidget]:
    """The visible, focusable panes under ``root`` in reading order (top to bottom, left to right)."""
    found: list[QWidget] = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, (QAbstractScrollArea, QLineEdit)):
            continue
        if not widget.isVisible() or not widget.isEnabled() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget, QLineEdit) and isinstance(widget.parentWidget(), QAbstractScrollArea):
            continue  # the editor of a spin box or combo box, not a pane
        found.append(widget)

    def where(widget: QWidget) -> tuple[int, int]:
        point = widget.mapTo(root.window(), QPoint(0, 0))
        # Columns side by side count as one row, left to right, even if their tops differ a little.
        return (point.y() // 40, point.x())

    return sorted(found, key=where)


def cycle(root: QWidget, step: int) -> QWidget | None:
    """Move the focus ``step`` panes on from the pane holding it; returns the pane focused."""
    order = panes(root)
    if not order:
        return None
    focused = QApplication.focusWidget()
    current = -1
    for index, pane in enumerate(order):
        if focused is not None and (focused is pane or pane.isAncestorOf(focused)):
            current = index
            break
    target = order[(current + step) % len(order)] if current >= 0 else order[0 if step > 0 else -1]
    target.setFocus(Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason)
    return target
