"""Card editor: "Verwerfen" asks first, an incomplete card is kept as a draft, checks name programmes not IDs."""

from __future__ import annotations

import stat

from PySide6.QtWidgets import QMessageBox

from canvass_app.ui.card_drafts import draft_path
from tests.ui.test_card_editor import SPD, open_editor


def test_discarding_asks_first(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, real_window, "glasfaser")
    original = editor.question.text()
    editor.question.setText("Geändert, aber noch nicht gespeichert")
    assert editor.dirty
    asked: list[bool] = []
    editor.ask_revert = lambda: asked.append(True) or False  # type: ignore[method-assign]
    editor.revert_button.click()
    assert asked and editor.question.text() == "Geändert, aber noch nicht gespeichert"
    editor.ask_revert = lambda: True  # type: ignore[method-assign]
    editor.revert_button.click()
    qtbot.waitUntil(lambda: editor.question.text() == original and not editor.dirty)


def test_an_incomplete_card_is_kept_as_a_draft_and_offered_back(qtbot, real_window, data_dir) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    editor = open_editor(qtbot, win, "")
    editor.question.setText("Was wird aus dem Hafen?")
    qtbot.waitUntil(lambda: bool(editor.problems))  # no answers, no tip: not savable yet
    prompts: list[str] = []

    def keep() -> QMessageBox.StandardButton:
        prompts.append("asked")
        return QMessageBox.StandardButton.Save  # shown as "Als Entwurf behalten"

    editor.ask_unsaved = keep  # type: ignore[method-assign]
    assert editor.may_close()
    path = draft_path(data_dir, "")
    assert prompts and path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert win.card_catalogue.entry("was-wird-aus-dem-hafen") is None  # a draft is not a card

    # The next session: a new window, the draft comes from the file.
    from canvass_app.ui.main_window import MainWindow

    win = MainWindow(win.library)
    qtbot.addWidget(win)
    win.show()
    editor = open_editor(qtbot, win, "")
    qtbot.waitUntil(lambda: "Entwurf wiederhergestellt" in win.statusBar().currentMessage(), timeout=20000)
    assert editor.question.text() == "Was wird aus dem Hafen?"
    assert editor.dirty and not editor.id_field.isReadOnly()


def test_check_results_name_programmes_by_party_and_year(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, real_window, "")
    editor.question.setText("Was wird aus dem Hafen?")
    box = next(b for b in editor.answer_boxes if b.programme_id == SPD)
    from canvass_app.ui.card_editor import MODE_CITED

    box.set_mode(MODE_CITED)
    editor.validate()
    qtbot.waitUntil(lambda: any("Zusammenfassung" in p for p in editor.problems))
    shown = " ".join(editor.problems) + editor.problems_label.text()
    assert SPD not in shown
    assert "SPD Dortmund · 2020" in shown
