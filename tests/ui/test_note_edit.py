"""Editing any note, free or on a place, in the list of all notes: keys, buttons, cancel, a failed save."""

from __future__ import annotations

from PySide6.QtCore import Qt

from canvass_app.notes.model import Note, Target
from canvass_app.ui.main_window import MainWindow
from canvass_app.ui.notes_view import NoteRole, NotesView
from tests.ui.fakes import FakeLibrary
from tests.ui.windows import active_window

PASSAGE = "spd-2020:s101"


def choose_in_notes(qtbot, library: FakeLibrary, note: Note) -> tuple[MainWindow, NotesView]:  # type: ignore[no-untyped-def]
    """An active window over ``library`` showing the list of all notes (Strg+5), ``note`` chosen."""
    win = active_window(qtbot, library)
    qtbot.keyClick(win, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    view = win.notes_view
    assert win.current_view() is view
    count = len(library.notes.list())
    qtbot.waitUntil(lambda: view.model.rowCount() == count)
    view.list.setCurrentIndex(view.model.index(view.model.row_of(note.id)))
    view.list.setFocus()
    return win, view


def test_a_free_note_is_edited_with_enter_and_saved_with_ctrl_enter(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    free = library.notes.add("Treffpunkt am Nordmarkt", tags=["Orga"])
    library.notes.add("Auf der Stelle", Target("passage", PASSAGE))
    win, view = choose_in_notes(qtbot, library, free)
    assert view.edit_button.isEnabled() and not view.open_button.isEnabled()
    assert not view.edit_pane.isVisible()
    # A free note has no place to open: Enter edits it.
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    pane = view.edit_pane
    assert pane.isVisible() and pane.text.hasFocus()
    assert pane.text.toPlainText() == "Treffpunkt am Nordmarkt" and pane.tags.text() == "Orga"
    assert "Freie Notiz" in pane.where.text()
    assert not view.list.isEnabled()  # one edit at a time
    qtbot.keyClicks(pane.text, ", 10 Uhr")
    pane.tags.clear()
    qtbot.keyClicks(pane.tags, "Orga, Samstag")
    qtbot.keyClick(pane.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not pane.isVisible())
    stored = library.notes.get(free.id)
    assert stored.text == "Treffpunkt am Nordmarkt, 10 Uhr"
    assert stored.tags == ("Orga", "Samstag")
    assert stored.target is None
    qtbot.waitUntil(lambda: view.current_note() is not None and view.current_note().text == stored.text)
    assert view.list.currentIndex().data(NoteRole.TAGS) == ["Orga", "Samstag"]
    assert view.list.isEnabled() and view.list.hasFocus()
    assert win.statusBar().currentMessage() == "Notiz gespeichert."
    win.close()
    # In the SQLite file, not only in the window.
    assert FakeLibrary(data_dir).notes.get(free.id).text == "Treffpunkt am Nordmarkt, 10 Uhr"


def test_escape_cancels_and_keeps_the_note(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    note = library.notes.add("Frau K. fragt nach dem Anschluss", Target("passage", PASSAGE), ["Nachfassen"])
    _win, view = choose_in_notes(qtbot, library, note)
    view.edit_button.click()
    pane = view.edit_pane
    assert pane.isVisible()
    pane.text.selectAll()
    qtbot.keyClicks(pane.text, "ganz anders")
    qtbot.keyClick(pane.text, Qt.Key.Key_Escape)
    assert not pane.isVisible()
    assert view.list.isEnabled() and view.edit_button.isVisible()
    assert library.notes.get(note.id).text == "Frau K. fragt nach dem Anschluss"
    # Esc from the tags field as well; and F2 starts an edit.
    qtbot.keyClick(view.list, Qt.Key.Key_F2)
    assert pane.isVisible() and pane.text.toPlainText() == "Frau K. fragt nach dem Anschluss"
    qtbot.keyClicks(pane.tags, ", Glasfaser")
    qtbot.keyClick(pane.tags, Qt.Key.Key_Escape)
    assert not pane.isVisible()
    assert library.notes.get(note.id).tags == ("Nachfassen",)


def test_a_note_on_a_passage_is_edited_by_double_click_and_the_panel_shows_the_change(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    note = library.notes.add("Alter Text", Target("passage", PASSAGE))
    win, view = choose_in_notes(qtbot, library, note)
    qtbot.waitUntil(lambda: win.notes_panel.editor.toPlainText() == "Alter Text")
    rect = view.list.visualRect(view.model.index(0))
    # A real double-click: a click, then the double-click event (what QTest's mouseDClick alone lacks).
    qtbot.mouseClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    pane = view.edit_pane
    assert pane.isVisible()
    assert win.navigator.current is not None and win.navigator.current.kind == "notes"  # not opened
    assert "Textstelle" in pane.where.text()
    pane.text.setPlainText("Neuer Text")
    pane.save_button.click()
    qtbot.waitUntil(lambda: library.notes.get(note.id).text == "Neuer Text")
    qtbot.waitUntil(lambda: win.notes_panel.editor.toPlainText() == "Neuer Text")
    # Enter on a note with a place still opens the place.
    qtbot.waitUntil(lambda: not pane.isVisible() and view.list.isEnabled())
    qtbot.keyClick(view.list, Qt.Key.Key_Return)
    assert win.navigator.current is not None and win.navigator.current.kind == "passage"


def test_a_failed_save_keeps_the_old_note_and_says_so(qtbot, data_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    note = library.notes.add("Bleibt so", tags=["a"])
    win, view = choose_in_notes(qtbot, library, note)
    view.edit_current()
    pane = view.edit_pane

    def full_disk(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(library.notes, "edit", full_disk)
    pane.text.setPlainText("Verloren?")
    pane.save_button.click()
    qtbot.waitUntil(lambda: pane.message.text() != "Wird gespeichert …" and pane.save_button.isEnabled())
    message = pane.message.text()
    assert message.startswith("Notiz nicht gespeichert, sie bleibt, wie sie war:")
    assert "Speicherplatz" in message and message.count(".") == 1 and message.endswith(".")
    assert win.statusBar().currentMessage() == message
    # The typed text is still there to try again, the stored note is the old one.
    assert pane.isVisible() and pane.text.toPlainText() == "Verloren?"
    monkeypatch.undo()
    assert library.notes.get(note.id).text == "Bleibt so"
    # An empty text is refused by the store with its own sentence; the note stays.
    pane.text.setPlainText("   ")
    pane.save_button.click()
    qtbot.waitUntil(lambda: "leere Notiz" in pane.message.text())
    assert library.notes.get(note.id).text == "Bleibt so"
    # Then a real save goes through.
    pane.text.setPlainText("Jetzt gespeichert")
    pane.save_button.click()
    qtbot.waitUntil(lambda: not pane.isVisible())
    assert library.notes.get(note.id).text == "Jetzt gespeichert"


def test_closing_the_window_writes_an_open_edit_or_stays_open_when_it_cannot(qtbot, data_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    note = library.notes.add("Vorher")
    win, view = choose_in_notes(qtbot, library, note)
    view.edit_current()
    view.edit_pane.text.setPlainText("Beim Schließen noch getippt")

    def locked(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(library.notes, "edit", locked)
    assert not win.close()  # the window stays, with the text and the reason
    assert win.isVisible() and view.edit_pane.text.toPlainText() == "Beim Schließen noch getippt"
    assert view.edit_pane.message.text().startswith("Notiz nicht gespeichert")
    monkeypatch.undo()
    assert win.close()
    assert FakeLibrary(data_dir).notes.get(note.id).text == "Beim Schließen noch getippt"
