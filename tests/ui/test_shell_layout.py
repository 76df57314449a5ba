"""At 1024×600 with the notes dock open nothing is cut: the sidebar keeps its width, the dock its save state."""

from __future__ import annotations

from canvass_app.notes.model import Target
from canvass_app.ui.navigation import Location


def test_the_sidebar_keeps_its_width_when_the_notes_dock_opens(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1024, 600)
    window.navigator.open(Location("notes", ""))
    qtbot.waitUntil(lambda: window.current_view() is window.notes_view)
    qtbot.wait(50)
    side = window.sidebar.width()
    view = window.notes_view.width()
    assert side >= 200
    window.notes_dock.show()
    qtbot.waitUntil(lambda: window.notes_dock.isVisible() and window.notes_view.width() < view)
    qtbot.wait(50)
    # The dock's width comes from the view, which has room to spare; the topics stay whole.
    assert window.sidebar.width() == side
    assert window.notes_view.width() >= window.notes_view.minimumSizeHint().width()
    # Only the view in sight counts: the card editor (the widest view) is not in front.
    assert window.stack.minimumSizeHint().width() == window.notes_view.minimumSizeHint().width()
    assert window.stack.minimumSizeHint().width() < window.card_editor.minimumSizeHint().width()
    # Made narrower than the view's least width, the sidebar gives way (and only then).
    window.resize(800, 600)
    qtbot.waitUntil(lambda: window.sidebar.width() < side)
    assert window.notes_view.width() >= window.notes_view.minimumSizeHint().width() - 1


def test_the_save_state_of_a_note_is_shown_whole_in_the_dock(qtbot, window, fake_library) -> None:  # type: ignore[no-untyped-def]
    fake_library.notes.add("Frau K. fragt nach dem Anschluss", Target("passage", "spd-2020:s101"))
    window.resize(1024, 600)
    window.navigator.open(Location("passage", "spd-2020:s101"))
    window.write_note_action.trigger()
    panel = window.notes_panel
    qtbot.waitUntil(lambda: panel.state.text().startswith("Gespeichert, zuletzt geändert"))
    qtbot.wait(50)
    state = panel.state
    # Before: beside the buttons at the dock's width it read „Gespeiche“.
    assert state.geometry().bottom() < panel.new_button.geometry().top()
    assert state.height() >= state.heightForWidth(state.width())
    assert state.width() >= min(state.fontMetrics().horizontalAdvance(word) for word in state.text().split())
