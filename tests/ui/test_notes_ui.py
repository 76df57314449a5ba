"""Notes in the window: write without saving, close and reopen, find, delete and undo, marks, import/export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from canvass_app.notes.model import Target
from canvass_app.ui.card_views import CardRole
from canvass_app.ui.navigation import Location
from canvass_app.ui.notes_panel import AUTOSAVE_MS, NoteDraft, parse_tags, target_for
from canvass_app.ui.notes_view import NoteRole
from tests.ui.fakes import FakeLibrary
from tests.ui.windows import active_window

PASSAGE = "spd-2020:s101"  # "Wir bauen das Glasfasernetz in allen Stadtteilen aus."
OTHER_PASSAGE = "spd-2020:s200"


def write_note(qtbot, win, location: Location, text: str, tags: str = "") -> None:  # type: ignore[no-untyped-def]
    win.navigator.open(location)
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = win.notes_panel
    qtbot.waitUntil(lambda: panel.draft is not None and panel.editor.isEnabled())
    assert win.notes_dock.isVisible()
    assert panel.editor.hasFocus()
    qtbot.keyClicks(panel.editor, text)
    if tags:
        qtbot.keyClicks(panel.tags, tags)


def test_write_close_reopen_and_find_the_note(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    win = active_window(qtbot, FakeLibrary(data_dir))
    write_note(qtbot, win, Location("passage", PASSAGE), "Frau K. fragt nach dem Anschluss", "Nachfassen, Glasfaser")
    assert "Glasfasernetz" in win.notes_panel.where.text()
    # Closed at once, before the autosave pause is over: nothing may be lost.
    win.close()

    again = active_window(qtbot, FakeLibrary(data_dir))
    qtbot.keyClick(again, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    view = again.notes_view
    assert again.current_view() is view
    qtbot.keyClicks(view.field, "Anschluss")
    qtbot.waitUntil(lambda: view.loaded_query == "Anschluss" and view.model.rowCount() == 1)
    index = view.model.index(0)
    assert index.data(NoteRole.TEXT) == "Frau K. fragt nach dem Anschluss"
    assert index.data(NoteRole.TAGS) == ["Nachfassen", "Glasfaser"]
    assert "SPD Dortmund · 2020" in index.data(NoteRole.WHERE)
    # Tags are searched as well.
    view.field.clear()
    qtbot.keyClicks(view.field, "nachfassen")
    qtbot.waitUntil(lambda: view.loaded_query == "nachfassen" and view.model.rowCount() == 1)
    # Enter opens the passage the note belongs to, with the note in the panel.
    qtbot.keyClick(view.field, Qt.Key.Key_Return)
    assert again.navigator.current == Location("passage", PASSAGE)
    qtbot.waitUntil(lambda: again.notes_panel.editor.toPlainText() == "Frau K. fragt nach dem Anschluss")


def test_typing_saves_by_itself_after_a_pause(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    win = active_window(qtbot, library)
    write_note(qtbot, win, Location("topic", "digital"), "Viele fragen nach WLAN")
    qtbot.waitUntil(lambda: len(library.notes.list()) == 1, timeout=AUTOSAVE_MS + 3000)
    note = library.notes.list()[0]
    assert note.target == Target("topic", "digital")
    # Further typing edits the same note, no second one.
    qtbot.keyClicks(win.notes_panel.editor, " am Markt")
    qtbot.waitUntil(lambda: library.notes.get(note.id).text == "Viele fragen nach WLAN am Markt", timeout=AUTOSAVE_MS + 3000)
    assert len(library.notes.list()) == 1
    # The panel hears of the save from the worker a moment after it is on disk.
    qtbot.waitUntil(lambda: "Gespeichert" in win.notes_panel.state.text())


def test_opening_something_else_saves_the_note_for_the_old_place(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    win = active_window(qtbot, library)
    write_note(qtbot, win, Location("passage", PASSAGE), "Erste Notiz")
    win.navigator.open(Location("passage", OTHER_PASSAGE))
    qtbot.waitUntil(lambda: len(library.notes.list()) == 1)
    assert library.notes.list()[0].target == Target("passage", PASSAGE)
    assert win.notes_panel.editor.toPlainText() == ""
    # Back again: the note is in the panel.
    win.navigator.back()
    qtbot.waitUntil(lambda: win.notes_panel.editor.toPlainText() == "Erste Notiz")


def test_delete_and_undo(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    note = library.notes.add("Bitte löschen und zurückholen", Target("passage", PASSAGE), ["probe"])
    win = active_window(qtbot, library)
    win.navigator.open(Location("notes", ""))
    view = win.notes_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.list.setFocus()
    view.list.setCurrentIndex(view.model.index(0))
    qtbot.keyClick(view.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: library.notes.list() == [])
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert "gelöscht" in win.statusBar().currentMessage()
    assert win.undo_button.isVisible() and win.undo_delete_action.isEnabled()

    qtbot.mouseClick(win.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(library.notes.list()) == 1)
    restored = library.notes.list()[0]
    assert (restored.id, restored.text, restored.tags) == (note.id, note.text, note.tags)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert not win.undo_delete_action.isEnabled()


def test_delete_from_the_panel_and_undo_with_the_keyboard(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    library.notes.add("Zur Karte", Target("topic", "arbeit"))
    win = active_window(qtbot, library)
    win.notes_dock.show()
    win.navigator.open(Location("topic", "arbeit"))
    panel = win.notes_panel
    qtbot.waitUntil(lambda: panel.editor.toPlainText() == "Zur Karte")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: library.notes.list() == [])
    qtbot.waitUntil(lambda: panel.editor.toPlainText() == "")
    win.search_view.list.setFocus()  # not a text field, whose own undo would take Strg+Z
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(library.notes.list()) == 1)
    qtbot.waitUntil(lambda: panel.editor.toPlainText() == "Zur Karte")


def test_cards_with_notes_are_marked(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    library.notes.add("Gute Frage für den Norden", Target("card", "glasfaser"))
    win = active_window(qtbot, library)
    win.navigator.open(Location("card", "glasfaser"))
    view = win.card_view
    qtbot.waitUntil(lambda: view.entry is not None and view.entry.id == "glasfaser", timeout=20000)
    row = view.model.row_of("glasfaser")
    qtbot.waitUntil(lambda: view.model.index(row).data(CardRole.NOTES) == 1)
    assert "✎ 1 Notiz" in view.text.toPlainText()
    other = view.model.row_of("handwerk")
    assert view.model.index(other).data(CardRole.NOTES) == 0
    # A new note on another card marks that one too.
    write_note(qtbot, win, Location("card", "handwerk"), "Innung fragen")
    win.notes_panel.flush_now()
    qtbot.waitUntil(lambda: view.model.index(other).data(CardRole.NOTES) == 1)


def test_export_and_import_notes_through_the_file_menu(qtbot, data_dir, tmp_path) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    library.notes.add("Für das Team", Target("passage", PASSAGE), ["team"])
    win = active_window(qtbot, library)
    file_titles = [a.text() for a in win.file_menu.actions()]
    assert "Notizen exportieren …" in file_titles and "Notizen importieren …" in file_titles
    target = tmp_path / "export" / "notizen.json"
    target.parent.mkdir()
    win.notes_exchange.ask_save_path = lambda: str(target)
    win.export_notes_action.trigger()
    qtbot.waitUntil(target.is_file)
    assert json.loads(target.read_text(encoding="utf-8"))["notes"][0]["text"] == "Für das Team"

    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = active_window(qtbot, FakeLibrary(other_dir))
    other.notes_exchange.ask_open_path = lambda: str(target)
    other.import_notes_action.trigger()
    qtbot.waitUntil(lambda: "importiert" in other.statusBar().currentMessage())
    assert "1 neu" in other.statusBar().currentMessage()
    assert [n.text for n in other.library.notes.list()] == ["Für das Team"]

    broken = tmp_path / "kaputt.json"
    broken.write_text("{kein json", encoding="utf-8")
    other.notes_exchange.ask_open_path = lambda: str(broken)
    other.import_notes_action.trigger()
    qtbot.waitUntil(lambda: str(broken) in other.statusBar().currentMessage())
    message = other.statusBar().currentMessage()
    assert "Traceback" not in message and message.endswith(".")


@pytest.mark.parametrize(
    ("typed", "tags"),
    [("Einwand, nachfassen", ("Einwand", "nachfassen")), ("#a; b ,, a", ("a", "b")), ("", ())],
)
def test_parse_tags(typed: str, tags: tuple[str, ...]) -> None:
    assert parse_tags(typed) == tags


def test_draft_never_stores_an_empty_note_and_skips_unchanged_text(data_dir: Path) -> None:
    library = FakeLibrary(data_dir)
    draft = NoteDraft(Target("card", "x"), None)
    assert draft.save(library.notes, "   ", ()) is None
    first = draft.save(library.notes, "Text", ("a",))
    assert first is not None
    assert draft.save(library.notes, "Text", ("a",)) is None
    # Emptying does not delete: deleting is explicit.
    assert draft.save(library.notes, "", ()) is None
    assert library.notes.get(first.id).text == "Text"
    assert target_for(Location("doorstep", "x")) == Target("card", "x")
    assert target_for(Location("section", "spd#s1")) is None


def test_passages_with_notes_are_marked_in_the_reader(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    library.notes.add("Hier nachhaken", Target("passage", PASSAGE))
    win = active_window(qtbot, library)
    win.navigator.open(Location("passage", OTHER_PASSAGE.replace("s200", "s100")))
    qtbot.waitUntil(lambda: "✎ 1 Notiz" in win.reader_view.text.toPlainText())
    text = win.reader_view.text.toPlainText()
    # The mark stands after the passage with the note, not after its neighbours.
    assert text.index("Glasfasernetz") < text.index("✎ 1 Notiz") < text.index("Freies WLAN")
    assert text.count("✎") == 1


def test_search_results_with_notes_are_marked(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.search_model import Role

    library = FakeLibrary(data_dir)
    library.notes.add("Hier nachhaken", Target("passage", PASSAGE))
    win = active_window(qtbot, library)
    view = win.search_view
    qtbot.keyClicks(view.field, "Glasfasernetz")
    model = view.model

    def marks() -> dict[str, int]:
        return {
            model.index(i).data(Role.ID): model.index(i).data(Role.NOTES) for i in range(model.rowCount())
        }

    qtbot.waitUntil(lambda: marks().get(PASSAGE) == 1)
    assert all(count == 0 for pid, count in marks().items() if pid != PASSAGE)
    # A note written now shows up on the result without searching again.
    library.notes.add("Noch eine", Target("passage", PASSAGE))
    win.note_marks.refresh()
    qtbot.waitUntil(lambda: marks().get(PASSAGE) == 2)


def test_a_note_found_by_the_search_opens_in_the_list_and_the_panel(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    library.notes.add("Ältere Notiz", Target("topic", "arbeit"))
    wanted = library.notes.add("Gesuchte Notiz", Target("passage", PASSAGE), ["x"])
    library.notes.add("Neueste Notiz", Target("topic", "digital"))
    win = active_window(qtbot, library)
    win.navigator.open(Location("note", wanted.id))  # what a search hit of kind "note" opens
    view = win.notes_view
    assert win.current_view() is view
    qtbot.waitUntil(lambda: view.current_note() is not None and view.current_note().id == wanted.id)
    qtbot.waitUntil(lambda: win.notes_panel.editor.toPlainText() == "Gesuchte Notiz")
    assert win.notes_dock.isVisible()


def test_open_the_place_only_for_a_note_that_has_one(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    library.notes.add("Freie Notiz ohne Stelle")
    win = active_window(qtbot, library)
    write_note(qtbot, win, Location("passage", PASSAGE), "Frau K. fragt nach dem Anschluss")
    qtbot.keyClick(win, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    view = win.notes_view
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    rows = {view.model.index(i).data(NoteRole.TEXT): i for i in range(view.model.rowCount())}
    view.list.setCurrentIndex(view.model.index(rows["Freie Notiz ohne Stelle"]))
    assert not view.open_button.isEnabled()
    view.list.setCurrentIndex(view.model.index(rows["Frau K. fragt nach dem Anschluss"]))
    assert view.open_button.isEnabled()
    view.open_button.click()
    assert win.navigator.current == Location("passage", PASSAGE)
