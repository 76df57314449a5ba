"""Touch targets: every button, field, tab and dock button a finger presses is about 40px tall.

The sizes come from the shared stylesheet and theme.TouchStyle, so every view is checked the
same way: what is visible in the main window at 1024×600 (a small laptop or tablet).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTabBar,
    QTreeView,
    QWidget,
)

from canvass_app.ui import theme
from canvass_app.ui.navigation import Location

# 36px where space is very tight (the stylesheet aims at 40px).
LEAST = theme.TOUCH_TARGET - 4
LOCATIONS = [
    Location("search", ""),
    Location("passage", "spd-2020:s200"),
    Location("section", "spd-2020#s2"),
    Location("topic", "digital"),
    Location("card", "glasfaser"),
]


def _inside_a_field(widget: QWidget) -> bool:
    """A field's own parts (the clear button, the text part of a date field): the field is the target."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, (QLineEdit, QAbstractSpinBox, QComboBox)):
            return True
        parent = parent.parentWidget()
    return False


def _too_small(window: QWidget) -> list[str]:
    small = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window or _inside_a_field(widget):
            continue
        # Check boxes count too: the whole line is the target, not only the box.
        if not isinstance(widget, (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)):
            continue
        if widget.height() < LEAST:
            label = widget.text() if hasattr(widget, "text") else ""
            small.append(f"{type(widget).__name__} {widget.objectName()!r} {label!r}: {widget.height()}px")
    for bar in window.findChildren(QTabBar):
        if bar.isVisible():
            small += [f"tab {bar.tabText(i)!r}: {bar.tabRect(i).height()}px"
                      for i in range(bar.count()) if bar.tabRect(i).height() < LEAST]
    return small


@pytest.mark.parametrize("location", LOCATIONS, ids=lambda loc: loc.kind)
def test_visible_controls_are_finger_sized_at_1024x600(qtbot, window, location) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 600)
    window.navigator.open(location)
    qtbot.wait(300)
    assert _too_small(window) == []


def test_the_notes_dock_buttons_are_finger_sized(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 600)
    window.navigator.open(Location("passage", "spd-2020:s200"))
    window.write_note_action.trigger()
    qtbot.waitUntil(window.notes_dock.isVisible)
    qtbot.wait(100)
    title_buttons = [b for b in window.notes_dock.findChildren(QAbstractButton)
                     if b.objectName().startswith("qt_dockwidget_") and b.isVisible()]
    assert title_buttons, "the notes dock shows its close button"
    for button in title_buttons:
        assert button.height() >= LEAST and button.width() >= LEAST, (button.objectName(), button.size())
    assert _too_small(window) == []


def test_rows_that_are_clicked_are_finger_sized(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 600)
    trees = [t for t in window.findChildren(QTreeView) if t.isVisible() and t.model() is not None]
    assert trees
    for view in trees:
        model = view.model()
        assert model.rowCount() > 0
        for row in range(min(model.rowCount(), 5)):
            height = view.visualRect(model.index(row, 0)).height()
            assert height >= LEAST, (view.objectName(), row, height)
