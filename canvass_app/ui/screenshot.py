"""`canvass-app --screenshot FILE --view NAME`: render one view headless to a PNG.

Each view name maps to a scene: a function that drives the window the way a
person would (type a query, open a result) before the picture is taken. New
views add their scene with :func:`register_scene`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QWidget

from canvass_app.errors import CanvassError
from canvass_app.ui.main_window import MainWindow
from canvass_app.ui.navigation import Location
from canvass_app.ui.services import field_of, service

# A scene drives the window; it may return another window to photograph (a dialog, the composer).
Scene = Callable[[MainWindow, "str | None"], "QWidget | None"]
SCENES: dict[str, Scene] = {}
# Views the command line accepts even before their scene exists (they show a placeholder).
PLANNED_VIEWS = ("search", "reader", "compare", "card", "doorstep")


def register_scene(name: str, scene: Scene) -> None:
    SCENES[name] = scene


def view_names() -> list[str]:
    return list(dict.fromkeys([*PLANNED_VIEWS, *SCENES]))


def settle(window: MainWindow, timeout_s: float = 60.0) -> None:
    """Let debounce timers fire and background tasks finish, then lay everything out."""
    deadline = time.monotonic() + timeout_s
    app = QCoreApplication.instance()
    quiet_rounds = 0
    while time.monotonic() < deadline and quiet_rounds < 3:
        window.runner.wait_idle(int(max(1.0, deadline - time.monotonic()) * 1000))
        if app is not None:
            app.processEvents()
        view = window.search_view
        busy = (
            window.runner.pending > 0 or view._debounce.isActive() or view._pause.isActive()
            or window.compare_view.filling
        )
        quiet_rounds = 0 if busy else quiet_rounds + 1
        time.sleep(0.05 if busy else 0.02)


def _search_scene(window: MainWindow, query: str | None) -> None:
    window.search_field.setFocus()
    window.search_view.set_query(query or "Glasfaser")
    settle(window)


def _reader_scene(window: MainWindow, query: str | None) -> None:
    _search_scene(window, query or "Jugendarbeitslosigkeit")
    model = window.search_view.model
    for row in range(model.rowCount()):
        hit = model.row_at(row)
        if hit is not None and hit.kind == "passage":
            window.search_view.list.setCurrentIndex(model.index(row))
            window.search_view.open_current()
            settle(window)
            return
    try:
        programme = service(window.library, "corpus").programmes()[0]
        window.navigator.open(Location("section", f"{programme.id}#{programme.sections[0].id}"))
    except (CanvassError, IndexError):
        window.navigator.open(Location("section", ""))
    settle(window)


def _compare_scene(window: MainWindow, query: str | None) -> None:
    window.navigator.open(Location("topic", _scene_topic(window, query)))
    settle(window)


def _scene_topic(window: MainWindow, query: str | None) -> str:
    """The topic named by the query, else one on which a programme is silent ("" if none loads)."""
    try:
        content = service(window.library, "content")
        topics = content.topics()
        wanted = (query or "").casefold()
        chosen = [t for t in topics if wanted and (wanted in t.id.casefold() or wanted in t.title.casefold())]
        if not chosen:
            # Prefer a topic on which one programme is silent: the view's most telling case.
            for topic in topics:
                coverage = field_of(content.topic_view(topic.id), "coverage", ())
                if any(c.says_nothing for c in coverage) and not all(c.says_nothing for c in coverage):
                    chosen = [topic]
                    break
        return str((chosen or topics)[0].id)
    except (CanvassError, IndexError):
        return ""


def _location_scene(kind: str) -> Scene:
    def scene(window: MainWindow, query: str | None) -> None:
        window.navigator.open(Location(kind, query or ""))
        settle(window)

    return scene


def _card_id(window: MainWindow, query: str | None) -> str:
    """The card whose ID or question contains ``query`` (default: one where a programme is silent)."""
    window.card_catalogue.load()
    settle(window)
    entries = window.card_catalogue.entries
    wanted = (query or "").casefold()
    chosen = [e for e in entries if wanted and (wanted in e.id or wanted in e.question.casefold())]
    if not chosen and not wanted:
        chosen = [e for e in entries if any(a.silent for a in e.answers)]
    return (chosen or entries)[0].id if (chosen or entries) else ""


def _card_scene(window: MainWindow, query: str | None) -> None:
    window.navigator.open(Location("card", _card_id(window, query)))
    settle(window)


def _doorstep_scene(window: MainWindow, query: str | None) -> None:
    size = window.size()
    window.navigator.open(Location("doorstep", _card_id(window, query)))
    settle(window)
    # Offscreen "full screen" is the virtual screen's size; keep the size asked for.
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(size)
    settle(window)


def _editor_scene(window: MainWindow, query: str | None) -> None:
    window.navigator.open(Location("card-edit", _card_id(window, query)))
    settle(window)


register_scene("search", _search_scene)
register_scene("reader", _reader_scene)
register_scene("compare", _compare_scene)
register_scene("card", _card_scene)
register_scene("doorstep", _doorstep_scene)
register_scene("card-edit", _editor_scene)
register_scene("overview", _location_scene("overview"))


def _notes_scene(window: MainWindow, query: str | None) -> None:
    window.notes_dock.show()
    window.navigator.open(Location("notes", query or ""))
    settle(window)


def _note_edit_scene(window: MainWindow, query: str | None) -> None:
    """The list of all notes with the first one (or the first matching ``query``) being edited."""
    _notes_scene(window, query)
    view = window.notes_view
    if view.model.rowCount():
        view.list.setCurrentIndex(view.model.index(0))
        view.edit_current()
    settle(window)


register_scene("notes", _notes_scene)
register_scene("note-edit", _note_edit_scene)


def _briefing_scene(window: MainWindow, query: str | None) -> QWidget | None:
    from canvass_app.export.briefing import BriefingItem

    actions = window.print_actions
    actions.open_briefing_editor()
    editor = actions.editor
    if editor is None:
        return None
    editor.title.setText("Haustürwahlkampf Innenstadt-Nord")
    card = _card_id(window, query)
    topic = _scene_topic(window, None)
    if card:
        editor.append(BriefingItem("card", ref=card))
    if topic:
        editor.append(BriefingItem("topic", ref=topic))
    editor.append(BriefingItem("text", title="Treffpunkt", text="Samstag 10 Uhr am Nordmarkt."))
    editor.resize(window.size())
    settle(window)
    return editor


def _print_preview_scene(window: MainWindow, query: str | None) -> QWidget | None:
    actions = window.print_actions
    target = _card_id(window, query)
    document = actions.document_for("card", target)
    dialog = actions.printer.preview_dialog(document)
    dialog.resize(window.size())
    dialog.show()
    settle(window)
    return dialog


def _import_scene(window: MainWindow, query: str | None) -> QWidget | None:
    """The import dialog; with ``--query FILE`` it has read that file (its preview and outline)."""
    window.import_programme_action.trigger()
    dialog = window.import_dialog
    if query:
        dialog.read_file(Path(query))
    settle(window)
    return dialog


register_scene("briefing", _briefing_scene)
register_scene("import", _import_scene)
register_scene("print-preview", _print_preview_scene)


def use_palette(dark: bool) -> None:
    """Fusion with a light or a dark palette, so screenshots show both looks on any machine."""
    from canvass_app.ui.theme import palette_for

    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setStyle("Fusion")
        app.setPalette(palette_for(dark))


def render(window: MainWindow, path: Path, view: str, query: str | None, size: tuple[int, int]) -> Path:
    from canvass_app.ui import screen_fit

    # Dialogs are fitted to the screen; here the screen is the picture (plus a window frame).
    screen_fit.simulate_screen(size[0] + screen_fit.FRAME_ALLOWANCE.width(),
                               size[1] + screen_fit.FRAME_ALLOWANCE.height())
    try:
        return _render(window, path, view, query, size)
    finally:
        screen_fit.simulated = None


def _render(window: MainWindow, path: Path, view: str, query: str | None, size: tuple[int, int]) -> Path:
    window.resize(*size)
    window.show()
    settle(window)
    scene = SCENES.get(view) or _location_scene(view)
    shown = scene(window, query) or window
    settle(window)
    if shown is not window:
        # A window of its own: fit it into the size asked for, as the window manager would.
        shown.resize(min(shown.width(), size[0]), min(shown.height(), size[1]))
        settle(window)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not shown.grab().save(str(path), "PNG"):
        raise CanvassError(f"Das Bildschirmfoto konnte nicht nach {path} geschrieben werden.")
    return path
