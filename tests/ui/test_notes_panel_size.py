"""The notes dock keeps its width while a note is typed, and the reader keeps the passage in view."""

from __future__ import annotations

from PySide6.QtCore import Qt

from canvass_app.ui.navigation import Location


def test_typing_a_long_note_does_not_widen_the_dock(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1000, 560)
    window.navigator.open(Location("passage", "spd-2020:s200"))
    qtbot.waitUntil(lambda: window.reader_view.page is not None)
    window.write_note_action.trigger()
    dock = window.notes_dock
    qtbot.waitUntil(dock.isVisible)
    qtbot.wait(50)
    before = dock.width()
    reader_before = window.reader_view.width()
    panel = window.notes_panel
    qtbot.keyClicks(panel.editor, "Einwand-ohne-Leerzeichen-" * 8 + " und ein langer Satz " * 10)
    qtbot.keyClicks(panel.tags, "Einwand,Nachfassen,Rueckfrage,Handwerkskammer,Wirtschaftsfoerderung")
    qtbot.wait(600)  # autosave: the list and the state line now show the text
    qtbot.waitUntil(lambda: "gespeichert" in panel.state.text().lower() or panel.model.rowCount() > 0)
    assert dock.width() <= before + 2
    assert window.reader_view.width() >= reader_before - 2
    qtbot.keyClick(panel.editor, Qt.Key.Key_Tab)


def test_the_dock_never_gets_narrower_than_its_buttons(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(800, 560)
    window.navigator.open(Location("passage", "spd-2020:s200"))
    window.write_note_action.trigger()
    dock = window.notes_dock
    qtbot.waitUntil(dock.isVisible)
    panel = window.notes_panel
    for bigger in (False, True):
        if bigger:  # a larger text size: wider buttons, a wider least width
            qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        window.resizeDocks([dock], [40], Qt.Orientation.Horizontal)  # dragged as narrow as it goes
        qtbot.wait(50)
        for button in (panel.new_button, panel.delete_button):
            # The whole label is drawn: „Neue Notiz“, not „ue Nc“.
            assert button.width() >= button.minimumSizeHint().width(), (button.text(), button.width())
