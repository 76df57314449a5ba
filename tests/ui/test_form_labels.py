"""Form labels stand level with their fields, in every form of the app, and speak German."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from canvass_app.ui import theme
from canvass_app.ui.briefing_editor import TextItemDialog
from canvass_app.ui.import_dialog import ImportDialog

UI = Path(__file__).resolve().parents[2] / "canvass_app" / "ui"


def _misaligned(widget: QWidget) -> list[str]:
    """Labels whose text centre is more than 1px off their field's (first) line."""
    off = []
    forms = widget.findChildren(QFormLayout)
    assert forms, f"{type(widget).__name__} has a form"
    for form in forms:
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None or not isinstance(label.widget(), QLabel):
                continue
            text = label.widget().geometry()
            box = field.geometry()
            # A text box: its first line, one touch-sized field high.
            line_middle = box.center().y() if box.height() <= 2 * theme.TOUCH_TARGET else box.top() + theme.TOUCH_TARGET // 2
            if abs(text.center().y() - line_middle) > 1:
                off.append(f"{label.widget().text()!r}: label middle {text.center().y()}, field {line_middle}")
    return off


def test_import_dialog_labels_are_level_with_their_fields(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportDialog(window.library, window.runner, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert _misaligned(dialog) == []


def test_briefing_labels_are_level_with_their_fields_and_german(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.print_actions.open_briefing_editor()
    editor = window.print_actions.editor
    qtbot.waitExposed(editor)
    assert _misaligned(editor) == []
    labels = [label.text().replace("&", "") for label in editor.findChildren(QLabel)]
    assert "Aufteilung:" in labels and "Layout:" not in labels
    text = TextItemDialog("Treffpunkt", "Samstag", editor)
    qtbot.addWidget(text)
    text.show()
    qtbot.waitExposed(text)
    assert _misaligned(text) == []


def test_every_form_is_made_with_level_labels() -> None:
    """A new form gets the same alignment: nothing builds a bare QFormLayout."""
    bare = [path.name for path in UI.glob("*.py")
            if path.name != "forms.py" and re.search(r"\bQFormLayout\(", path.read_text(encoding="utf-8"))]
    assert bare == []
