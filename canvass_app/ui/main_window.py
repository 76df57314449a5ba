"""The main window: a shell of menus, a sidebar and a stack of views, wired to one navigator.

Adding a view is a small edit: build it in :meth:`MainWindow._build_views` and
pass it to :meth:`MainWindow.register_view`. A view is a QWidget with
``view_name``, ``title``, ``location_kinds`` (the location kinds it shows),
``show_location(location)`` and ``focus_widget()``; it receives the services it
needs through its constructor. Other features add actions to ``file_menu``
with :meth:`MainWindow.add_file_action`.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QChildEvent, QEvent, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from canvass_app import APP_NAME, __version__, paths
from canvass_app.library import Library
from canvass_app.ui import index_build, pane_focus, theme
from canvass_app.ui import settings as settings_file
from canvass_app.ui.card_editor import CardEditorView, install_trainer_actions
from canvass_app.ui.card_views import CardCatalogue, CardView, install_card_actions
from canvass_app.ui.compare_view import CompareView
from canvass_app.ui.doorstep import DoorstepView
from canvass_app.ui.import_dialog import install_import_actions
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.notes_panel import NoteMarks, NoteTrash, install_notes_panel
from canvass_app.ui.notes_view import NotesView, install_notes_actions
from canvass_app.ui.overview_view import OverviewView
from canvass_app.ui.phone_export import install_phone_export
from canvass_app.ui.plain import plain_label
from canvass_app.ui.print_menu import install_print_actions
from canvass_app.ui.reader_view import ReaderView
from canvass_app.ui.screen_fit import fit_window
from canvass_app.ui.search_view import SearchView
from canvass_app.ui.services import has_service, service
from canvass_app.ui.shell_layout import SidebarSplitter, ViewStack
from canvass_app.ui.sidebar import Sidebar
from canvass_app.ui.tasks import INDEX_LANE, MEANING_LANE, SEARCH_LANE, TOPICS_LANE, TaskRunner
from canvass_app.ui.translations import install_german

SETTINGS_FILE = "settings.ini"
# Opened at this size when it fits; on a smaller screen at the screen's usable size.
DEFAULT_SIZE = QSize(1200, 800)
# Seconds a thread holds the GIL before another may take it (see MainWindow.__init__).
UI_SWITCH_INTERVAL = 0.0005
STATUS_MS = 10000
# After the index is open, the meaning search's vectors are checked and computed this much later.
MEANING_DELAY_MS = 3000
SWITCH_INTERVAL_S = 0.001


class PlaceholderView(QWidget):
    """Shown for a location whose view is not part of this version."""

    view_name = "placeholder"
    title = "Nicht verfügbar"
    location_kinds: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = plain_label(QLabel())
        self.label.setObjectName("emptyState")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)

    def show_location(self, location: Location) -> None:
        messages = {
            "card": self.tr("Antwortkarten sind in dieser Version noch nicht verfügbar."),
            "note": self.tr("Notizen sind in dieser Version noch nicht verfügbar."),
            "doorstep": self.tr("Der Haustür-Modus ist in dieser Version noch nicht verfügbar."),
        }
        self.label.setText(
            messages.get(location.kind, self.tr("Diese Ansicht ist in dieser Version noch nicht verfügbar."))
        )

    def focus_widget(self) -> QWidget:
        return self


def _meaning_search_notice(_library: Any) -> str:
    """The About box's line on the meaning search: which model runs, or why only words are searched."""
    # Imported here: the embedding module brings numpy, which the window does not need to open.
    from canvass_app.search.embedding import embedder_status

    return embedder_status()


def open_settings(library: Library) -> QSettings:
    """Window settings live in the data directory, so tests and portable installs keep their own."""
    return settings_file.open_settings(library.data_dir / SETTINGS_FILE)


class MainWindow(QMainWindow):
    def __init__(self, library: Library, settings: QSettings | None = None) -> None:
        super().__init__()
        app = QApplication.instance()
        if app is not None:
            install_german(app)
        self.library = library
        self.settings = settings if settings is not None else open_settings(library)
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.setObjectName("mainWindow")
        icon_path = paths.resources_dir() / "canvass.svg"
        if icon_path.is_file():
            self.setWindowIcon(QIcon(str(icon_path)))
        self.text_step = theme.apply_text_scale(
            self, settings_file.read_int(self.settings, "text/step", 0, theme.MIN_STEP, theme.MAX_STEP)
        )

        # Background work is Python too (reading programmes, opening the index): every time the
        # UI thread comes back from Qt it waits for the interpreter lock, by default up to 5 ms.
        # A shorter switch interval keeps hundreds of such returns (filling a tree, laying out
        # a list) from adding up to a visible freeze.
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        self.runner = TaskRunner(self)
        # Nothing runs in the background until the window is up: the views ask for their
        # data while they are built, and that work waits for the first turn of the event loop.
        self.runner.hold()
        QTimer.singleShot(0, self, self.runner.release)
        # Passage vectors for the meaning search, computed in the background (_prepare_meaning).
        self._closing = False
        self._meaning_running = False
        self._meaning_progress = ""
        self._meaning_timer = QTimer(self)
        self._meaning_timer.setInterval(1000)
        self._meaning_timer.timeout.connect(self._show_meaning_progress)
        self.navigator = Navigator(self)
        self.views: dict[str, QWidget] = {}
        self._view_for_kind: dict[str, str] = {}
        self._last_location: dict[str, Location] = {}

        self.stack = ViewStack()
        self.stack.setObjectName("viewStack")
        self.sidebar = Sidebar(library, self.navigator, self.runner, self.report)
        self.splitter = SidebarSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 880])
        self.setCentralWidget(self.splitter)

        self.placeholder = PlaceholderView()
        self.stack.addWidget(self.placeholder)
        self._build_views()
        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        install_card_actions(self)
        install_trainer_actions(self, self.card_catalogue)
        install_notes_actions(self, self.notes_view)
        install_print_actions(self)
        install_phone_export(self)
        install_import_actions(self)
        self.notes_panel = install_notes_panel(self, self.note_marks, self.note_trash)
        self.notes_view.note_chosen.connect(self.notes_panel.show_note)
        # The same note may be open in the panel: it writes first, and shows the edit after.
        self.notes_view.edit_started.connect(lambda _note: self.notes_panel.flush_now())
        self.notes_view.note_edited.connect(self.notes_panel.show_edited)
        self.notes_panel.note_saved.connect(self.notes_view.saved_elsewhere)
        self.reader_view.set_note_marks(self.note_marks)
        self.search_view.set_note_marks(self.note_marks)

        self.busy_label = plain_label(QLabel())
        self.busy_label.setObjectName("mutedLabel")
        self.statusBar().addPermanentWidget(self.busy_label)
        self._progress_timer = QTimer(self)
        self._progress_timer.setInterval(250)
        self._progress_timer.timeout.connect(self._show_progress)
        self.runner.busy_changed.connect(self._busy_changed)
        self.statusBar().showMessage(self.tr("Bereit"))

        self.navigator.location_changed.connect(self._show_location)
        self.navigator.history_changed.connect(self._update_history_actions)
        # No application-wide event filter: it would run Python for every event of every
        # object (paints, timers, layouts), each call waiting for the GIL while a background
        # thread computes. The window watches its own window-system events (mouse buttons)
        # and the dialogs it parents (see childEvent), nothing else.
        self._watched_handle: QObject | None = None
        # The UI thread runs Python for some events (delegates, these filters). While a
        # background thread computes (topic assignment, search), each of those calls waits
        # for the GIL up to the switch interval: 5 ms by default, dozens of times per
        # frame. A short interval hands the GIL back at once (measured in bench_library).
        sys.setswitchinterval(min(sys.getswitchinterval(), UI_SWITCH_INTERVAL))
        # First in the search lane, before a search the restored location asks for.
        self._open_search_index()
        self._restore_settings()
        self._started = False

    # --- views ---------------------------------------------------------------
    def _build_views(self) -> None:
        args = (self.library, self.navigator, self.runner, self.report)
        self.search_view = SearchView(*args)
        self.reader_view = ReaderView(*args)
        self.compare_view = CompareView(*args)
        self.compare_view.set_settings(self.settings)
        self.overview_view = OverviewView(*args)
        for view in (self.search_view, self.reader_view, self.compare_view, self.overview_view):
            self.register_view(view)
        # Comparing and the overview assign the whole library to topics (seconds for fifty
        # programmes): their own lane, so a card, a note or the reader never queue behind them.
        for view in (self.compare_view, self.overview_view):
            view.task_lane = TOPICS_LANE  # type: ignore[attr-defined]
        # Cards, doorstep mode, trainer editor and notes share one card catalogue and one notes state.
        self.card_catalogue = CardCatalogue(self.library, self.runner, self)
        self.note_marks = NoteMarks(self.library, self.runner, self)
        self.note_trash = NoteTrash(self.library, self.runner, self.report, self)
        self.card_view = CardView(*args, self.card_catalogue, self.note_marks)
        self.doorstep_view = DoorstepView(*args, self.card_catalogue, self.card_view.visible_ids)
        self.notes_view = NotesView(*args, self.note_trash)
        self.card_editor = CardEditorView(*args, self.card_catalogue)
        for view in (self.card_view, self.doorstep_view, self.notes_view, self.card_editor):
            self.register_view(view)

    def register_view(self, view: Any) -> None:
        """Add a view to the stack; locations of its ``location_kinds`` open in it from now on."""
        self.views[view.view_name] = view
        self.stack.addWidget(view)
        for kind in view.location_kinds:
            self._view_for_kind[kind] = view.view_name

    @property
    def search_field(self) -> QLineEdit:
        return self.search_view.field

    def current_view(self) -> QWidget:
        return self.stack.currentWidget()

    def _show_location(self, location: Location) -> None:
        name = self._view_for_kind.get(location.kind)
        view: Any = self.views[name] if name else self.placeholder
        self.stack.setCurrentWidget(view)
        self._last_location[view.view_name] = location
        view.show_location(location)
        # Typing a query keeps the focus in the field; anything else opened takes it.
        if view is not self.search_view or not self.search_field.hasFocus():
            view.focus_widget().setFocus()
        self._update_history_actions()

    def show_view(self, name: str) -> None:
        """Bring a view to the front with whatever it showed last."""
        view: Any = self.views[name]
        last = self._last_location.get(name)
        if last is not None:
            self.navigator.open(last)
        else:
            self.stack.setCurrentWidget(view)
            view.focus_widget().setFocus()

    def focus_search(self) -> None:
        if self.stack.currentWidget() is not self.search_view:
            self.navigator.open(Location("search", self.search_field.text()))
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    # --- actions, menus, toolbar -----------------------------------------------
    def _action(
        self, text: str, tip: str, shortcuts: list[QKeySequence.StandardKey | str], slot: Any, icon: str | None = None
    ) -> QAction:
        action = QAction(text, self)
        keys: list[QKeySequence] = []
        for shortcut in shortcuts:
            found = (
                QKeySequence.keyBindings(shortcut)
                if isinstance(shortcut, QKeySequence.StandardKey)
                else [QKeySequence(shortcut)]
            )
            keys.extend(k for k in found if not k.isEmpty() and k not in keys)
        action.setShortcuts(keys)
        shown = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{tip} ({shown})" if shown else tip)
        action.setStatusTip(tip)
        if icon:
            action.setIcon(QIcon.fromTheme(icon))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        tr = self.tr
        self.search_action = self._action(
            tr("Suchen"), tr("In die Suche springen"), ["Ctrl+K", QKeySequence.StandardKey.Find], self.focus_search
        )
        self.back_action = self._action(
            tr("Zurück"), tr("Zur vorherigen Ansicht"), [QKeySequence.StandardKey.Back, "Alt+Left"],
            self.navigator.back, "go-previous",
        )
        self.forward_action = self._action(
            tr("Vor"), tr("Zur nächsten Ansicht"), [QKeySequence.StandardKey.Forward, "Alt+Right"],
            self.navigator.forward, "go-next",
        )
        self.reader_action = self._action(
            tr("Lesen"), tr("Zuletzt gelesenen Abschnitt zeigen"), ["Ctrl+2"], lambda: self.show_view("reader")
        )
        self.compare_action = self._action(
            tr("Vergleich"), tr("Zuletzt verglichenes Thema zeigen"), ["Ctrl+3"], lambda: self.show_view("compare")
        )
        self.overview_action = self._action(
            tr("Überblick"), tr("Wer sagt was: Themen × Programme"), ["Ctrl+6"],
            lambda: self.navigator.open(Location("overview", "")),
        )
        self.sidebar_action = self._action(
            tr("Seitenleiste"), tr("Themen und Inhaltsverzeichnis ein- oder ausblenden"), ["Ctrl+B"],
            self.toggle_sidebar,
        )
        self.sidebar_action.setCheckable(True)
        self.sidebar_action.setChecked(True)
        self.focus_sidebar_action = self._action(
            tr("Zur Seitenleiste"), tr("Tastaturfokus in Themen und Inhaltsverzeichnis"), ["Ctrl+T"],
            self.focus_sidebar,
        )
        self.next_pane_action = self._action(
            tr("Nächster Bereich"), tr("Tastaturfokus in den nächsten Bereich (Liste, Text, Spalte)"), ["F6"],
            lambda: pane_focus.cycle(self, 1),
        )
        self.previous_pane_action = self._action(
            tr("Voriger Bereich"), tr("Tastaturfokus in den vorigen Bereich"), ["Shift+F6"],
            lambda: pane_focus.cycle(self, -1),
        )
        self.bigger_action = self._action(
            tr("Schrift größer"), tr("Text vergrößern"), [QKeySequence.StandardKey.ZoomIn, "Ctrl+=", "Ctrl++"],
            lambda: self.scale_text(self.text_step + 1),
        )
        self.smaller_action = self._action(
            tr("Schrift kleiner"), tr("Text verkleinern"), [QKeySequence.StandardKey.ZoomOut, "Ctrl+-"],
            lambda: self.scale_text(self.text_step - 1),
        )
        self.reset_text_action = self._action(
            tr("Normale Schriftgröße"), tr("Text in Standardgröße"), ["Ctrl+0"], lambda: self.scale_text(0)
        )
        self.quit_action = self._action(
            tr("Beenden"), tr("Canvass beenden"), [QKeySequence.StandardKey.Quit, "Ctrl+Q"], self.close
        )
        self.shortcuts_action = self._action(
            tr("Hilfe"), tr("Suchen, Karten, Haustür-Modus, Notizen, Drucken und alle Tastenkürzel"),
            [QKeySequence.StandardKey.HelpContents, "F1"], self.show_shortcuts,
        )
        self.help_page: Any = None
        self.about_action = self._action(
            tr("Über Canvass"), tr("Programme, Quellen, Versionen und Lizenzen"), [], self.show_about
        )

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Navigation"))
        bar.setObjectName("navigationBar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.back_action, self.forward_action):
            bar.addAction(action)
            button = bar.widgetForAction(action)
            if button is not None:
                button.setAccessibleName(action.text())
        bar.addWidget(self.search_field)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        self.file_menu: QMenu = menu_bar.addMenu(self.tr("&Datei"))
        self._file_end = self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        go = menu_bar.addMenu(self.tr("&Gehe zu"))
        for action in (self.search_action, self.back_action, self.forward_action, None,
                       self.reader_action, self.compare_action, self.overview_action,
                       self.focus_sidebar_action, self.next_pane_action, self.previous_pane_action):
            if action is None:
                go.addSeparator()
            else:
                go.addAction(action)
        self.go_menu = go
        view = menu_bar.addMenu(self.tr("&Ansicht"))
        for action in (self.sidebar_action, None, self.bigger_action, self.smaller_action, self.reset_text_action):
            if action is None:
                view.addSeparator()
            else:
                view.addAction(action)
        self.view_menu = view
        help_menu = menu_bar.addMenu(self.tr("&Hilfe"))
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)
        self.help_menu = help_menu

    def add_file_action(self, action: QAction) -> None:
        """Put an action (import, export …) into the File menu, above "Beenden"."""
        if action.parent() is None:
            action.setParent(self)
        self.addAction(action)
        self.file_menu.insertAction(self._file_end, action)

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self.navigator.can_go_back())
        self.forward_action.setEnabled(self.navigator.can_go_forward())

    # --- commands ---------------------------------------------------------------
    def report(self, message: str) -> None:
        """One German sentence in the status bar: how every view tells the user something."""
        self.statusBar().showMessage(message, STATUS_MS)

    def _busy_changed(self, busy: bool) -> None:
        self.busy_label.setText(self.tr("Lädt …") if busy else "")
        if busy:
            self._progress_timer.start()
        else:
            self._progress_timer.stop()

    def _show_progress(self) -> None:
        """While the search index of a large library is built: how far it got (polled, never blocking)."""
        # Only a service that exists already: building one here would block the UI thread.
        search = vars(self.library).get("search")
        progress = getattr(search, "progress", None)
        if progress:
            done, total = progress
            text = (
                self.tr("Suchindex wird erneuert: %1 von %2, bis dahin sucht der bisherige")
                if getattr(search, "rebuilding_elsewhere", False)
                else self.tr("Suchindex wird aufgebaut: %1 von %2")
            )
            self.busy_label.setText(text.replace("%1", str(done)).replace("%2", str(total)))

    def scale_text(self, step: int) -> None:
        self.text_step = theme.apply_text_scale(self, step)
        self.settings.setValue("text/step", self.text_step)
        # Rich text follows the new font by itself (relative sizes); lists re-measure their rows.
        self.search_view.list.doItemsLayout()
        self.report(self.tr("Schriftgröße: %d %%") % round(100 * (1 + theme.STEP_FACTOR * self.text_step)))

    def toggle_sidebar(self) -> None:
        self.set_sidebar_visible(self.sidebar.isHidden())

    def set_sidebar_visible(self, visible: bool) -> None:
        self.sidebar.setHidden(not visible)
        self.sidebar_action.setChecked(visible)

    def focus_sidebar(self) -> None:
        self.set_sidebar_visible(True)
        self.sidebar.tree.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_shortcuts(self) -> None:
        """F1: the help page (searching with its syntax, cards, doorstep mode, notes, printing, keys)."""
        from canvass_app.ui.help_page import HelpPage

        if self.help_page is None:
            self.help_page = HelpPage(self.actions(), self)
        self.help_page.show()
        self.help_page.raise_()
        self.help_page.activateWindow()

    def show_about(self) -> None:
        from canvass_app.ui.about_dialog import AboutDialog, register_notice

        register_notice(_meaning_search_notice)
        dialog = AboutDialog(self.library, self.runner, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.about_dialog = dialog

    # --- start, settings, close -------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and handle is not self._watched_handle:
            # Mouse back/forward anywhere in the window: filtered where the window system
            # delivers them, before they reach the widget under the pointer.
            handle.installEventFilter(self)
            self._watched_handle = handle
        if not self._started:
            self._started = True
            fit_window(self)  # again now that the window system has added its frame
            self.search_field.setFocus(Qt.FocusReason.OtherFocusReason)
            # After the first paint: fill the sidebar and open the search index in the background.
            QTimer.singleShot(0, self, self._warm_up)

    def _warm_up(self) -> None:
        self.sidebar.load()

    def _open_search_index(self) -> None:
        """Open (or build) the search index first of all, in the search lane.

        The index opens before anyone types (a search the restored location asks for
        queues behind it in the same lane); the meaning search's vectors are prepared
        only afterwards, in their own lane.
        """
        if not has_service(self.library, "search"):
            return
        library = self.library

        def warm() -> bool:
            search = service(library, "search")
            # In the app an index of an older analyzer answers while its successor is built.
            search.background_rebuilds = True
            # No index yet for a large library: built by a process of its own, so the
            # window keeps its interpreter to itself; its progress shows in the status bar.
            if index_build.needs_process(library, search):
                index_build.build_elsewhere(library, search, lambda: self._closing)
            elif index_build.needs_rebuild_elsewhere(library, search):
                # An older analyzer's index: opened and searched while the builder writes the new one.
                search.rebuilding_elsewhere = True
                search.ensure_open()
                return True
            # Opening is what a first query waits for; a query for a common word here
            # would only read postings (a third of a second at 10 MB) while someone types.
            # What depends on the index alone is built here too, not in a keystroke.
            search.prepare()
            return False

        def opened(rebuild: bool) -> None:
            if rebuild:
                self._rebuild_elsewhere()
            else:
                self._prepare_meaning_soon()

        self.runner.run(self, warm, opened, self.report, lane=SEARCH_LANE)

    def _rebuild_elsewhere(self) -> None:
        """The builder process writes the new index (its own lane: searches go on in the old one);
        then the search lane swaps it in."""
        library = self.library
        search = service(library, "search")

        def build() -> bool:
            return index_build.build_elsewhere(library, search, lambda: self._closing)

        def swap() -> None:
            search.ensure_open()

        def built(_ok: bool) -> None:
            # Failed or not: the search service takes over (opens the new index, or rebuilds in a
            # thread while the old one still answers).
            search.rebuilding_elsewhere = False
            if self._closing:
                return
            self.runner.run(self, swap, self._prepare_meaning_soon, self.report, lane=SEARCH_LANE)

        def failed(message: str) -> None:
            search.rebuilding_elsewhere = False
            self.report(message)

        self.runner.run(self, build, built, failed, lane=INDEX_LANE)

    def _prepare_meaning_soon(self, _result: object = None) -> None:
        # Not in the first seconds: reading every programme for its vectors would compete
        # with the first searches someone types.
        QTimer.singleShot(MEANING_DELAY_MS, self, self._prepare_meaning)

    def _prepare_meaning(self, _result: object = None) -> None:
        """Compute missing passage vectors in the background (after an import, or in a fresh data
        folder); words search works meanwhile and the status bar shows the progress."""
        if self._meaning_running or not has_service(self.library, "search"):
            return
        self._meaning_running = True
        self._meaning_progress = ""
        library = self.library

        def progress(programme: str, done: int, total: int) -> None:
            # Runs in the worker; the timer below shows it on the UI thread.
            self._meaning_progress = f"Bedeutungssuche wird vorbereitet: {done}/{total} Abschnitte ({programme})"

        def work() -> bool | None:
            # Loading the model happens here too, never on the UI thread.
            search = service(library, "search")
            update = getattr(search, "update_vectors", None)
            if update is None or getattr(search, "vectors", None) is None:
                return None  # no model on this machine: words search only, nothing to say
            return bool(update(progress, lambda: self._closing))

        def finished(complete: bool | None) -> None:
            self._meaning_running = False
            self._meaning_timer.stop()
            if complete is not None:
                self.statusBar().showMessage(self.tr("Bedeutungssuche bereit"), STATUS_MS)

        def failed(message: str) -> None:
            self._meaning_running = False
            self._meaning_timer.stop()
            self.report(message)

        self._meaning_timer.start()
        # Its own lane: computing vectors for a large library takes minutes, cards and notes never wait.
        self.runner.run(self, work, finished, failed, lane=MEANING_LANE)

    def _show_meaning_progress(self) -> None:
        if self._meaning_progress:
            self.statusBar().showMessage(self._meaning_progress, 2000)

    def _restore_settings(self) -> None:
        geometry = settings_file.read_bytes(self.settings, "window/geometry")
        if geometry is not None and not geometry.isEmpty() and self.restoreGeometry(geometry):
            # Saved on a larger monitor: bring it back within this screen.
            fit_window(self)
        else:
            fit_window(self, DEFAULT_SIZE)
        state = settings_file.read_bytes(self.settings, "window/state")
        if state is not None:
            self.restoreState(state)
        splitter = settings_file.read_bytes(self.settings, "window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)
        else:
            # On a small screen the sidebar takes a quarter of the width, not a fixed 320 px.
            side = min(320, max(200, self.width() // 4))
            self.splitter.setSizes([side, max(400, self.width() - side)])
        self.set_sidebar_visible(settings_file.read_bool(self.settings, "window/sidebar", True))
        last = Location.from_setting(settings_file.read_text(self.settings, "window/location"))
        self.navigator.open(last or Location("search", ""))

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("window/sidebar", "false" if self.sidebar.isHidden() else "true")
        self.settings.setValue("text/step", self.text_step)
        current = self.navigator.current
        if current is not None:
            self.settings.setValue("window/location", current.to_setting())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A view with unsaved work (the card editor) may ask first, and may keep the window open.
        for view in self.views.values():
            may_close = getattr(view, "may_close", None)
            if may_close is not None and not may_close():
                event.ignore()
                return
        self._closing = True
        self.save_settings()
        index_build.stop_all()
        self.runner.shutdown()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        kind = event.type()
        if kind == QEvent.Type.ApplicationFontChange:
            # The system font size changed: scale from the new size.
            self.text_step = theme.apply_text_scale(self, self.text_step)
        elif kind == QEvent.Type.ApplicationPaletteChange and self.navigator.current is not None:
            # Light/dark switched: the stylesheet's colours and rich text are rebuilt for the new palette.
            self.text_step = theme.apply_text_scale(self, self.text_step)
            if self.navigator.current.kind != "search":
                self.navigator.open(self.navigator.current)
            self.search_view.delegate.clear_cache()
            self.search_view.list.viewport().update()

    def childEvent(self, event: QChildEvent) -> None:
        super().childEvent(event)
        if event.type() == QEvent.Type.ChildPolished:
            self._watch_window(event.child())

    def _watch_window(self, child: QObject) -> None:
        """Follow a dialog or window of the app (preview, composer, message box) until it is shown."""
        if (
            isinstance(child, QWidget)
            and child is not self
            and child.isWindow()
            and child.windowType() in (Qt.WindowType.Dialog, Qt.WindowType.Window)
        ):
            child.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._watched_handle:
            # Mouse back/forward buttons work wherever the pointer is in this window.
            if kind == QEvent.Type.MouseButtonPress:
                assert isinstance(event, QMouseEvent)
                if event.button() == Qt.MouseButton.BackButton:
                    self.navigator.back()
                    return True
                if event.button() == Qt.MouseButton.ForwardButton:
                    self.navigator.forward()
                    return True
            return False
        if isinstance(watched, QWidget):
            if kind == QEvent.Type.Show:
                # Every dialog and window of the app fits the screen and has the window's
                # text size, which windows do not inherit.
                watched.setFont(self.font())
                fit_window(watched)
            elif kind == QEvent.Type.ChildPolished:
                assert isinstance(event, QChildEvent)
                self._watch_window(event.child())  # a dialog of a dialog (the composer's pickers)
        return super().eventFilter(watched, event)
