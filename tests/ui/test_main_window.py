"""The shell: remembered window, text size, keyboard and mouse paths, German errors, extension points."""

from __future__ import annotations

import sys

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from canvass_app.errors import CanvassError
from canvass_app.ui.error_report import install_excepthook
from canvass_app.ui.main_window import MainWindow
from canvass_app.ui.navigation import Location
from canvass_app.ui.tasks import UNEXPECTED
from tests.ui.fakes import FakeLibrary


def test_window_remembers_size_sidebar_text_size_and_last_view(qtbot, fake_library) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(fake_library)
    qtbot.addWidget(first)
    first.show()
    first.resize(760, 540)  # within the offscreen screen (800x600), or restoring clamps it
    first.navigator.open(Location("section", "spd-2020#s2"))
    qtbot.waitUntil(lambda: first.reader_view.page is not None)
    first.toggle_sidebar()
    first.bigger_action.trigger()
    size = first.size()
    first.close()
    assert (fake_library.data_dir / "settings.ini").is_file()

    second = MainWindow(fake_library)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitUntil(lambda: second.reader_view.page is not None)
    assert second.size() == size
    assert second.current_view() is second.reader_view
    assert second.reader_view.page.section.id == "s2"
    assert not second.sidebar.isVisible()
    assert second.text_step == 1
    # Even with another view restored, the search field has the focus on start.
    qtbot.waitUntil(lambda: second.search_field.hasFocus())


def test_ctrl_plus_and_minus_scale_the_text(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    base = window.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    bigger = window.font().pointSizeF()
    assert bigger > base
    assert window.search_view.list.font().pointSizeF() == bigger  # children follow
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.font().pointSizeF() < base
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.font().pointSizeF() == base
    # Large by default: above the system size.
    assert base > QApplication.font().pointSizeF()


def test_mouse_back_and_forward_buttons(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.navigator.open(Location("topic", "digital"))
    window.navigator.open(Location("section", "spd-2020#s1"))
    qtbot.waitUntil(lambda: window.reader_view.page is not None)
    target = window.reader_view.text.viewport()
    handle = window.windowHandle()

    def press(button: Qt.MouseButton) -> None:
        # Through the window system, as a real mouse delivers it, onto the reader's text.
        QTest.mousePress(handle, button, Qt.KeyboardModifier.NoModifier, target.mapTo(window, QPoint(10, 10)))
        QTest.mouseRelease(handle, button, Qt.KeyboardModifier.NoModifier, target.mapTo(window, QPoint(10, 10)))

    press(Qt.MouseButton.BackButton)
    assert window.navigator.current == Location("topic", "digital")
    assert window.current_view() is window.compare_view
    press(Qt.MouseButton.ForwardButton)
    assert window.navigator.current == Location("section", "spd-2020#s1")


def test_every_action_has_a_shortcut_and_a_tooltip(window) -> None:  # type: ignore[no-untyped-def]
    actions = [a for a in window.actions() if a.text()]
    assert len(actions) >= 10
    for action in actions:
        assert action.toolTip(), action.text()
        if action is not window.about_action:
            assert action.shortcuts(), action.text()
    for widget in (window.search_field, window.search_view.list, window.sidebar.tree, window.reader_view.text,
                   window.reader_view.copy_button, window.compare_view.topic_box):
        assert widget.accessibleName(), widget


def test_file_menu_takes_new_actions_above_quit(window) -> None:  # type: ignore[no-untyped-def]
    action = QAction("Karten importieren …")
    window.add_file_action(action)
    titles = [a.text() for a in window.file_menu.actions() if not a.isSeparator()]
    assert titles[-2:] == ["Karten importieren …", "Beenden"]


def test_a_view_added_later_receives_its_locations(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.navigator.open(Location("briefing", "b1"))
    assert window.current_view() is window.placeholder
    assert "nicht verfügbar" in window.placeholder.label.text()

    from PySide6.QtWidgets import QLabel

    class CardView(QLabel):
        view_name = "briefing"
        location_kinds = ("briefing",)
        title = "Briefing"

        def show_location(self, location: Location) -> None:
            self.setText(location.target)

        def focus_widget(self) -> QLabel:
            return self

    card_view = CardView()
    window.register_view(card_view)
    window.navigator.open(Location("briefing", "jugend"))
    assert window.current_view() is card_view and card_view.text() == "jugend"


class _BrokenSearch:
    def __init__(self, error: Exception) -> None:
        self.error = error

    def search(self, *args: object, **kwargs: object) -> None:
        raise self.error


def test_search_errors_are_one_german_sentence_and_the_app_goes_on(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    library = FakeLibrary(data_dir)
    library.__dict__["search"] = _BrokenSearch(CanvassError("Der Suchindex ist beschädigt; er wird neu aufgebaut."))
    win = MainWindow(library)
    qtbot.addWidget(win)
    win.show()
    qtbot.keyClicks(win.search_field, "glas")
    qtbot.waitUntil(lambda: "beschädigt" in win.statusBar().currentMessage())
    assert "beschädigt" in win.search_view.message.text()
    library.__dict__["search"] = _BrokenSearch(KeyError("bug"))
    qtbot.keyClicks(win.search_field, "er")
    qtbot.waitUntil(lambda: win.statusBar().currentMessage() == UNEXPECTED)
    # Still usable: other views work.
    win.navigator.open(Location("section", "spd-2020#s1"))
    qtbot.waitUntil(lambda: win.reader_view.page is not None)


class _NoServices:
    """A library of an older or partial build: a data directory and nothing else."""

    def __init__(self, data_dir) -> None:  # type: ignore[no-untyped-def]
        self.data_dir = data_dir


def test_missing_services_show_german_messages(qtbot, data_dir) -> None:  # type: ignore[no-untyped-def]
    win = MainWindow(_NoServices(data_dir))  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.sidebar.loaded)
    assert win.sidebar.model.item(1).child(0).text() == "(keine Programme verfügbar)"
    qtbot.keyClicks(win.search_field, "glas")
    qtbot.waitUntil(lambda: "Suche ist in dieser Version noch nicht verfügbar" in win.search_view.message.text())
    win.navigator.open(Location("topic", "digital"))
    qtbot.waitUntil(lambda: "nicht verfügbar" in win.statusBar().currentMessage())


def test_uncaught_exceptions_become_a_status_message(qapp) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    uninstall = install_excepthook(shown.append)
    try:
        try:
            raise ValueError("intern")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        try:
            raise CanvassError("Die Datei ist kein Notizexport.")
        except CanvassError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    finally:
        uninstall()
    assert shown == [UNEXPECTED, "Die Datei ist kein Notizexport."]


def test_a_long_index_build_shows_its_progress_in_the_status_bar(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    search = window.library.search
    search.progress = (12, 50)
    try:
        window._busy_changed(True)
        qtbot.waitUntil(lambda: "12 von 50" in window.busy_label.text(), timeout=3000)
    finally:
        search.progress = None
        window._busy_changed(False)
    assert window.busy_label.text() == ""


def test_sidebar_group_headings_are_bold_at_every_text_size(window) -> None:  # type: ignore[no-untyped-def]
    """The group headings carry their own bold font, renewed when the text size changes."""
    tree = window.sidebar.tree
    sizes = set()
    for step in (0, 3, -1):
        window.scale_text(step)
        sizes.add(tree.font().pointSizeF())
        for root in (window.sidebar.topics_root, window.sidebar.programmes_root):
            assert root.font().bold()
            assert root.font().pointSizeF() == tree.font().pointSizeF()
    assert len(sizes) == 3  # the steps did change the text size
