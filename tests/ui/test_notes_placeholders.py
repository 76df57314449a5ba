"""The notes dock's fields show their whole hint at the width the dock opens with."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame

from canvass_app.ui.navigation import Location


def _room(field: QLineEdit) -> int:
    """Pixels the line edit has for text (its contents less the text margins)."""
    option = QStyleOptionFrame()
    field.initStyleOption(option)
    contents = field.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, field)
    margins = field.textMargins()
    return contents.width() - margins.left() - margins.right() - 4  # Qt keeps 2 px each side


@pytest.mark.parametrize("size", [(1366, 768), (1024, 600)])
def test_the_tags_hint_is_not_cut_off(qtbot, window, size) -> None:  # type: ignore[no-untyped-def]
    window.resize(*size)
    window.navigator.open(Location("passage", "spd-2020:s200"))
    window.write_note_action.trigger()
    qtbot.waitUntil(window.notes_dock.isVisible)
    qtbot.wait(50)
    tags = window.notes_panel.tags
    hint = tags.placeholderText()
    assert tags.fontMetrics().horizontalAdvance(hint) <= _room(tags), (hint, tags.width())
