"""Qt's own texts speak German: file dialog, context menus, message boxes and key names."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTextBrowser,
)

from canvass_app.ui.translations import install_german


def _texts(widget) -> set[str]:  # type: ignore[no-untyped-def]
    found = {label.text() for label in widget.findChildren(QLabel)}
    found |= {button.text() for button in widget.findChildren(QAbstractButton)}
    return {text.replace("&", "") for text in found}


def test_qt_german_catalogue_is_loaded(qapp) -> None:  # type: ignore[no-untyped-def]
    assert install_german(qapp) == ["qtbase_de"]


def test_the_file_dialog_speaks_german(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = QFileDialog(None, "Speichern")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = _texts(dialog)
    assert "Abbrechen" in texts
    assert "Speichern" in texts
    assert any(text.startswith("Dateiname") for text in texts), texts
    assert not {"Cancel", "Save", "File name:", "Look in:"} & texts


def test_context_menus_speak_german(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = QLineEdit("Glasfaser")
    browser = QTextBrowser()
    browser.setPlainText("Glasfaser für alle")
    qtbot.addWidget(field)
    qtbot.addWidget(browser)
    for menu in (field.createStandardContextMenu(), browser.createStandardContextMenu()):
        texts = {action.text().split("\t")[0].replace("&", "") for action in menu.actions() if action.text()}
        assert "Kopieren" in " ".join(texts), texts
        assert "Alles auswählen" in texts, texts
        assert not {"Copy", "Select All"} & texts
        menu.deleteLater()


def test_message_box_details_button_speaks_german(qtbot) -> None:  # type: ignore[no-untyped-def]
    box = QMessageBox(QMessageBox.Icon.Warning, "Titel", "Text")
    box.setDetailedText("mehr")
    qtbot.addWidget(box)
    box.show()
    texts = {button.text().replace("&", "") for button in box.findChildren(QAbstractButton)}
    assert any(text.startswith("Details einblenden") for text in texts), texts
    assert not any(text.startswith("Show Details") for text in texts)
    assert box.findChild(QDialogButtonBox) is not None


def test_key_names_are_german(window) -> None:  # type: ignore[no-untyped-def]
    native = QKeySequence.SequenceFormat.NativeText
    assert QKeySequence("Ctrl+Shift+B").toString(native) == "Strg+Umschalt+B"
    shown = [key.toString(native) for action in window.actions() for key in action.shortcuts()]
    assert "Strg+Q" in shown
    assert not any("Ctrl" in key or "Shift" in key for key in shown), shown
    assert "(Strg+K)" in window.search_action.toolTip()


@pytest.mark.parametrize(
    ("content", "expected"),
    [("kein json", "kein gültiges JSON, Zeile 1, Spalte 1"), (b"\xff\xfe{", "keine UTF-8-Textdatei")],
)
def test_a_broken_card_pack_is_explained_without_python_text(library, tmp_path, content, expected) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "paket.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    _cards, problems = library.content.read_pack(path)
    shown = " ".join(str(p) for p in problems)
    assert expected in shown
    for python_text in ("Expecting value", "line 1 column", "codec", "JSONDecodeError"):
        assert python_text not in shown
