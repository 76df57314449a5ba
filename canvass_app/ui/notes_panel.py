"""The notes panel: notes on whatever is open (passage, card, topic), saved by themselves while typing.

Typing saves after a short pause (``AUTOSAVE_MS``), when the editor loses the
focus, when something else is opened, and synchronously when the window
closes: the task runner drops queued work on close, so the last words are
written on the UI thread then (the note store is locked and thread-safe, and
a save takes about a millisecond). A note is never deleted by emptying it;
deleting is explicit and can be undone for the session (:class:`NoteTrash`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDateTime,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from canvass_app.library import Library
from canvass_app.notes.model import Note, Target, normalise_tags
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.plain import plain_label, tooltip
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import service
from canvass_app.ui.tasks import TaskRunner, german_message

AUTOSAVE_MS = 400
# The dock's width: room for a note, the reader keeps the rest (it is what people read).
PANEL_WIDTH = 260
PANEL_MIN_WIDTH = 200
NOTE_KINDS = ("passage", "card", "topic")


def target_for(location: Location | None) -> Target | None:
    """What a note written now would belong to: the open passage, card (also at the door, in the editor) or topic."""
    if location is None or not location.target:
        return None
    kind = "card" if location.kind in ("doorstep", "card-edit") else location.kind
    if kind in NOTE_KINDS:
        return Target(kind, location.target)  # type: ignore[arg-type]
    return None


def location_of(target: Target) -> Location:
    return Location(target.type, target.id)


def parse_tags(text: str) -> tuple[str, ...]:
    """Tags as typed: separated by commas or semicolons, a leading '#' dropped."""
    parts = text.replace(";", ",").split(",")
    return normalise_tags([p.strip().lstrip("#") for p in parts])


def describe_target(library: Library, target: Target | None) -> str:
    """Runs in a background task: a German label for what a note belongs to."""
    if target is None:
        return "Freie Notiz"
    try:
        if target.type == "passage":
            corpus = service(library, "corpus")
            passage = corpus.passage(target.id)
            programme = corpus.programme_of(passage)
            section = corpus.section_of(passage)
            text = passage.full_text
            short = text if len(text) <= 70 else text[:69].rstrip() + "…"
            where = f"{programme.party} · {programme.year}"
            if section.title:
                where += f" · „{section.title}“"
            return f"Textstelle: {where}: „{short}“"
        if target.type == "card":
            return f"Antwortkarte: „{service(library, 'content').card(target.id).question}“"
        if target.type == "topic":
            return f"Thema: {service(library, 'content').topic(target.id).title}"
    except Exception:  # a note outlives its passage or card; say so instead of failing
        return f"{target.type} {target.id} (nicht mehr vorhanden)"
    return target.id


def anchor_text_for(library: Library, target: Target | None) -> str | None:
    """The passage text a note is written on, so the note can follow the passage when a programme changes."""
    if target is None or target.type != "passage":
        return None
    try:
        return str(service(library, "corpus").passage(target.id).text)
    except Exception:
        return None


def note_counts(library: Library) -> dict[tuple[str, str], int]:
    """Runs in a background task: how many notes each passage, card and topic has."""
    counts: dict[tuple[str, str], int] = {}
    for note in service(library, "notes").list():
        if note.target is not None:
            key = (note.target.type, note.target.id)
            counts[key] = counts.get(key, 0) + 1
    return counts


def notes_count_for(library: Library, target: Target) -> int:
    """For views that load in a background task (reader, search): notes on one passage, card or topic."""
    return len(service(library, "notes").for_target(target))


def notes_marker(count: int) -> str:
    """The mark a passage or card with notes carries (plain text, also fine inside HTML)."""
    if count <= 0:
        return ""
    return "✎ 1 Notiz" if count == 1 else f"✎ {count} Notizen"


class NoteMarks(QObject):
    """Which passages, cards and topics have notes; refreshed in the background after every change."""

    changed = Signal()

    def __init__(self, library: Library, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self._counts: dict[tuple[str, str], int] = {}
        self.loaded = False

    def ensure_loaded(self) -> None:
        """Count once on first need (not at start-up, which belongs to the search)."""
        if not self.loaded:
            self.refresh()

    def refresh(self) -> None:
        self.loaded = True
        library = self.library
        self.runner.run(self, lambda: note_counts(library), self._set, lambda _m: None)

    def _set(self, counts: dict[tuple[str, str], int]) -> None:
        if counts != self._counts:
            self._counts = counts
            self.changed.emit()

    def count(self, kind: str, target_id: str) -> int:
        return self._counts.get((kind, target_id), 0)


class NoteDraft:
    """The note being edited for one target; ``save`` may run on the worker or the UI thread."""

    def __init__(self, target: Target, anchor_text: str | None, note: Note | None = None) -> None:
        self.target = target
        self.anchor_text = anchor_text
        self.note_id: str | None = note.id if note else None
        self._saved: tuple[str, tuple[str, ...]] = (note.text, note.tags) if note else ("", ())
        self._lock = threading.Lock()

    def is_saved(self, text: str, tags: Iterable[str]) -> bool:
        return (text, normalise_tags(list(tags))) == self._saved or (not text.strip() and self.note_id is None)

    def save(self, store: Any, text: str, tags: Iterable[str]) -> Note | None:
        """Write the text if it changed; returns the stored note, or None when there was nothing to write."""
        clean_tags = normalise_tags(list(tags))
        with self._lock:
            if (text, clean_tags) == self._saved or not text.strip():
                # Emptying a note never deletes it: deleting is explicit and undoable.
                return None
            if self.note_id is None:
                note: Note = store.add(text, self.target, clean_tags, anchor_text=self.anchor_text)
            else:
                note = store.edit(self.note_id, text=text, tags=clean_tags)
            self.note_id = note.id
            self._saved = (text, clean_tags)
            return note


class NoteTrash(QObject):
    """Deleting notes with undo for the session: the deleted notes are kept in memory until the app quits."""

    deleted = Signal(str)
    restored = Signal(object)

    def __init__(self, library: Library, runner: TaskRunner, report: Callable[[str], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.report = report
        self.notes: list[Note] = []

    def can_undo(self) -> bool:
        return bool(self.notes)

    def delete(self, note_id: str) -> None:
        library = self.library
        self.runner.run(self, lambda: service(library, "notes").delete(note_id), self._deleted, self.report)

    def _deleted(self, note: Note) -> None:
        self.notes.append(note)
        self.deleted.emit(note.id)
        if getattr(service(self.library, "notes"), "scrub_pending", False):
            # Never claim "gone" while another program still reads the old pages (NoteStore._checkpoint).
            self.report(self.tr("Notiz gelöscht; ein anderes Programm liest die Notizen gerade, "
                                "ihr Text verschwindet von der Festplatte, sobald es sie schließt."))
            return
        self.report(self.tr("Notiz gelöscht; „Rückgängig“ (Strg+Z) holt sie zurück."))

    def undo(self) -> None:
        if not self.notes:
            self.report(self.tr("Es gibt keine gelöschte Notiz zum Wiederherstellen."))
            return
        note = self.notes.pop()
        library = self.library

        def failed(message: str) -> None:
            self.notes.append(note)
            self.report(message)

        self.runner.run(self, lambda: service(library, "notes").restore(note), self._restored, failed)

    def _restored(self, note: Note) -> None:
        self.restored.emit(note)
        self.report(self.tr("Notiz wiederhergestellt."))


class TargetNotesModel(QAbstractListModel):
    """The notes on the open target, newest first."""

    NOTE_ROLE = Qt.ItemDataRole.UserRole + 1
    ID_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notes: list[Note] = []

    def set_notes(self, notes: list[Note]) -> None:
        self.beginResetModel()
        self.notes = list(notes)
        self.endResetModel()

    def upsert(self, note: Note) -> int:
        for row, existing in enumerate(self.notes):
            if existing.id == note.id:
                self.notes[row] = note
                self.dataChanged.emit(self.index(row), self.index(row))
                return row
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.notes.insert(0, note)
        self.endInsertRows()
        return 0

    def remove(self, note_id: str) -> None:
        for row, existing in enumerate(self.notes):
            if existing.id == note_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self.notes[row]
                self.endRemoveRows()
                return

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.notes)

    def roleNames(self) -> dict[int, Any]:
        return {Qt.ItemDataRole.DisplayRole.value: b"display", self.NOTE_ROLE: b"note", self.ID_ROLE: b"id"}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.notes):
            return None
        note = self.notes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            first = note.text.strip().splitlines()[0] if note.text.strip() else ""
            return first if len(first) <= 60 else first[:59] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(note.text[:500])
        if role == self.NOTE_ROLE:
            return note
        if role == self.ID_ROLE:
            return note.id
        return None


@dataclass(frozen=True)
class _Loaded:
    target: Target
    label: str
    anchor_text: str | None
    notes: list[Note]


def _load_target(library: Library, target: Target) -> _Loaded:
    notes = service(library, "notes").for_target(target)
    return _Loaded(target, describe_target(library, target), anchor_text_for(library, target), notes)


def _local_time(iso: str) -> str:
    stamp = QDateTime.fromString(iso, Qt.DateFormat.ISODateWithMs)
    return stamp.toLocalTime().toString("dd.MM.yyyy HH:mm") if stamp.isValid() else iso


class NotesPanel(ServiceWidget):
    """Notes on the open passage, card or topic; no save button, nothing is lost."""

    note_saved = Signal(object)

    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        marks: NoteMarks,
        trash: NoteTrash,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, navigator, runner, report, parent)
        self.marks = marks
        self.trash = trash
        self.target: Target | None = None
        self.draft: NoteDraft | None = None
        self._anchor_text: str | None = None
        self._loading = False

        self.where = plain_label(QLabel())
        self.where.setObjectName("notesTarget")
        self.where.setWordWrap(True)
        self.where.setAccessibleName(self.tr("Wozu die Notiz gehört"))

        self.model = TargetNotesModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Notizen zu dieser Stelle"))
        self.list.setToolTip(self.tr("Alle Notizen zu dieser Stelle; eine wählen, um sie zu bearbeiten"))
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMaximumHeight(110)
        self.list.selectionModel().currentChanged.connect(self._note_chosen)

        self.editor = QPlainTextEdit()
        self.editor.setObjectName("noteEditor")
        self.editor.setAccessibleName(self.tr("Notiztext"))
        self.editor.setToolTip(self.tr("Schreiben genügt: die Notiz wird von selbst gespeichert"))
        self.editor.setPlaceholderText(self.tr("Notiz schreiben … (wird von selbst gespeichert)"))
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._edited)

        self.tags = QLineEdit()
        self.tags.setAccessibleName(self.tr("Schlagwörter"))
        self.tags.setToolTip(self.tr("Schlagwörter, durch Komma getrennt, z. B. Einwand, Nachfassen"))
        self.tags.setPlaceholderText(self.tr("Schlagwörter, kommagetrennt"))  # whole at the dock's width
        self.tags.textEdited.connect(self._edited)

        self.state = plain_label(QLabel())
        self.state.setObjectName("mutedLabel")
        self.state.setAccessibleName(self.tr("Speicherstand"))

        self.new_button = QPushButton(self.tr("Neue Notiz"))
        self.new_button.setAccessibleName(self.tr("Neue Notiz"))
        self.new_button.setToolTip(self.tr("Eine weitere Notiz zu dieser Stelle beginnen (Strg+Alt+N)"))
        self.new_button.clicked.connect(self.start_new_note)
        QShortcut(QKeySequence("Ctrl+Alt+N"), self, self.start_new_note,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_button = QPushButton(self.tr("Löschen"))
        self.delete_button.setAccessibleName(self.tr("Notiz löschen"))
        self.delete_button.setToolTip(self.tr("Diese Notiz löschen; Strg+Z holt sie zurück (Strg+Umschalt+Entf)"))
        self.delete_button.clicked.connect(self.delete_current)
        QShortcut(QKeySequence("Ctrl+Shift+Del"), self, self.delete_current,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_soon_done)

        for widget in (self.editor, self.tags):
            widget.installEventFilter(self)

        # The save state on a line of its own, wrapped: beside the buttons at the dock's
        # width it read „Gespeiche“.
        self.state.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.where)
        layout.addWidget(self.list)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.tags)
        layout.addWidget(self.state)
        layout.addLayout(buttons)
        # The panel keeps the width it was given: what is typed (and shown in the list and the
        # state line) wraps or is cut off, it never widens the dock and squeezes the reader.
        self.list.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustIgnored)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        for label in (self.where, self.state):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # An ignored size policy lets the dock shrink below anything: at 138 pixels the
        # buttons read „ue Nc“ and „ösche“. Never narrower than the buttons' row (at the
        # text size and style of the moment, see _fit_minimum).
        self._buttons = buttons
        self._fit_minimum()

        trash.deleted.connect(self._note_deleted)
        trash.restored.connect(self._note_restored)
        navigator.location_changed.connect(self.show_location)
        self._set_target(None)

    def sizeHint(self) -> QSize:
        return QSize(PANEL_WIDTH, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(PANEL_MIN_WIDTH, super().minimumSizeHint().height())

    def _fit_minimum(self) -> None:
        margins = self.layout().contentsMargins()
        self._buttons.invalidate()
        self.setMinimumWidth(self._buttons.minimumSize().width() + margins.left() + margins.right())

    def showEvent(self, event: QShowEvent) -> None:
        self._fit_minimum()  # the stylesheet's padding is known once the buttons are polished
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_minimum()

    # --- what is open ---------------------------------------------------------
    def show_location(self, location: Location) -> None:
        if location.kind in ("notes", "note"):
            return  # the list of all notes chooses a note itself (show_note)
        target = target_for(location)
        if target == self.target:
            return
        self._set_target(target)

    def show_note(self, note: Note) -> None:
        """Edit a particular note (chosen in the list of all notes)."""
        if note.target is None:
            return
        if note.target == self.target and not self._loading:
            if self.draft is not None and self.draft.note_id == note.id:
                return  # already being edited here (the list reloaded after a save)
            self.save_now_async()
            self.model.upsert(note)
            self._edit(note)
            return
        self._set_target(note.target, prefer=note.id)

    def show_edited(self, note: Note) -> None:
        """A note was changed elsewhere (the list of all notes): show the new text if it is open here."""
        if note.target is None or note.target != self.target:
            return
        self.model.upsert(note)
        if self.draft is not None and self.draft.note_id == note.id and not self.has_unsaved_changes():
            self._edit(note)

    def _set_target(self, target: Target | None, prefer: str | None = None) -> None:
        self.save_now_async()
        self.target = target
        self.draft = None
        self._fill_editor("", ())
        self.model.set_notes([])
        self.list.hide()
        enabled = target is not None
        for widget in (self.editor, self.tags, self.new_button, self.delete_button):
            widget.setEnabled(enabled)
        self.state.setText("")
        if target is None:
            self.where.setText(self.tr("Öffnen Sie eine Textstelle, eine Antwortkarte oder ein Thema, "
                                       "um eine Notiz dazu zu schreiben."))
            return
        self.where.setText(self.tr("Lädt …"))
        self._loading = True
        library = self.library

        def loaded(result: _Loaded) -> None:
            if result.target != self.target:
                return
            self._loading = False
            self._anchor_text = result.anchor_text
            self.where.setText(result.label)
            self.model.set_notes(result.notes)
            chosen = next((n for n in result.notes if n.id == prefer), result.notes[0] if result.notes else None)
            self._edit(chosen)

        def failed(message: str) -> None:
            self._loading = False
            self.where.setText(message)
            for widget in (self.editor, self.tags, self.new_button, self.delete_button):
                widget.setEnabled(False)
            self.report(message)

        self.runner.run(self, lambda: _load_target(library, target), loaded, failed)

    def _edit(self, note: Note | None) -> None:
        assert self.target is not None
        self.draft = NoteDraft(self.target, self._anchor_text, note)
        self._fill_editor(note.text if note else "", note.tags if note else ())
        self.list.setVisible(self.model.rowCount() > 1 or (note is None and self.model.rowCount() > 0))
        if note is not None:
            for row, existing in enumerate(self.model.notes):
                if existing.id == note.id:
                    self.list.selectionModel().blockSignals(True)
                    self.list.setCurrentIndex(self.model.index(row))
                    self.list.selectionModel().blockSignals(False)
            self.state.setText(self.tr("Gespeichert, zuletzt geändert %s") % _local_time(note.updated))
        else:
            self.list.clearSelection()
            self.state.setText("")

    def _fill_editor(self, text: str, tags: tuple[str, ...]) -> None:
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.tags.setText(", ".join(tags))

    def _note_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        note = current.data(TargetNotesModel.NOTE_ROLE)
        if isinstance(note, Note) and (self.draft is None or note.id != self.draft.note_id):
            self.save_now_async()
            self._edit(note)

    def start_new_note(self) -> None:
        if self.target is None or self._loading:
            return
        self.save_now_async()
        self._edit(None)
        self.list.setVisible(self.model.rowCount() > 0)
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_editor(self) -> None:
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    # --- saving -----------------------------------------------------------------
    def _edited(self, *_args: object) -> None:
        if self.draft is None:
            return
        if not self.editor.toPlainText().strip() and self.draft.note_id is not None:
            self.state.setText(self.tr("Leer: eine leere Notiz wird nicht gespeichert; zum Entfernen „Löschen“."))
        else:
            self.state.setText(self.tr("Ungespeichert …"))
        self._timer.start()

    def save_soon_done(self) -> None:
        self.save_now_async()

    def _current(self) -> tuple[NoteDraft | None, str, tuple[str, ...]]:
        return self.draft, self.editor.toPlainText(), parse_tags(self.tags.text())

    def has_unsaved_changes(self) -> bool:
        draft, text, tags = self._current()
        return draft is not None and not draft.is_saved(text, tags)

    def save_now_async(self) -> None:
        """Write pending changes in the background (after the pause, on focus-out, on leaving)."""
        self._timer.stop()
        draft, text, tags = self._current()
        if draft is None or draft.is_saved(text, tags):
            return
        library = self.library
        self.runner.run(self, lambda: draft.save(service(library, "notes"), text, tags),
                        lambda note: self._saved(draft, note), self._save_failed)

    def flush_now(self) -> None:
        """Write pending changes before returning (the window is closing; queued work would be dropped)."""
        self._timer.stop()
        draft, text, tags = self._current()
        if draft is None or draft.is_saved(text, tags):
            return
        try:
            note = draft.save(service(self.library, "notes"), text, tags)
        except Exception as error:
            self._save_failed(german_message(error))
            return
        self._saved(draft, note)

    def _saved(self, draft: NoteDraft, note: Note | None) -> None:
        if note is None:
            return
        self.marks.refresh()
        self.note_saved.emit(note)
        if draft is self.draft:
            self.model.upsert(note)
            self.state.setText(self.tr("Gespeichert %s") % _local_time(note.updated))

    def _save_failed(self, message: str) -> None:
        self.state.setText(self.tr("Nicht gespeichert"))
        self.report(message)

    # --- deleting ---------------------------------------------------------------
    def delete_current(self) -> None:
        if self.draft is None or self.draft.note_id is None:
            self._fill_editor("", ())
            return
        self._timer.stop()
        self.trash.delete(self.draft.note_id)

    def _note_deleted(self, note_id: str) -> None:
        self.model.remove(note_id)
        self.marks.refresh()
        if self.draft is not None and self.draft.note_id == note_id:
            self._edit(self.model.notes[0] if self.model.notes else None)

    def _note_restored(self, note: Note) -> None:
        self.marks.refresh()
        if note.target is not None and note.target == self.target:
            self.model.upsert(note)
            if self.draft is not None and self.draft.note_id is None and not self.editor.toPlainText().strip():
                self._edit(note)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in (self.editor, self.tags):
            self.save_now_async()
        return super().eventFilter(watched, event)


class _CloseGuard(QObject):
    """Writes the open note before the window's own close handling shuts the task runner down."""

    def __init__(self, panel: NotesPanel, parent: QObject) -> None:
        super().__init__(parent)
        self.panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.panel.flush_now()
        return False


def install_notes_panel(window: Any, marks: NoteMarks, trash: NoteTrash) -> NotesPanel:
    """Dock the panel at the right of the main window, with its menu actions and the undo of deletions."""
    panel = NotesPanel(window.library, window.navigator, window.runner, window.report, marks, trash)
    dock = QDockWidget(window.tr("Notizen"), window)
    dock.setObjectName("notesDock")
    dock.setAccessibleName(window.tr("Notizen zur geöffneten Stelle"))
    dock.setWidget(panel)
    dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable | QDockWidget.DockWidgetFeature.DockWidgetMovable)
    assert isinstance(window, QMainWindow)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    # Narrow, and hidden until someone writes a note: the views are what people read at the door.
    # Whether it is shown, and how wide, is remembered with the window layout.
    window.resizeDocks([dock], [PANEL_WIDTH], Qt.Orientation.Horizontal)
    dock.hide()
    window.notes_dock = dock
    guard = _CloseGuard(panel, window)
    window.installEventFilter(guard)

    toggle = dock.toggleViewAction()
    toggle.setText(window.tr("Notizen-Leiste"))
    toggle.setShortcut(QKeySequence("Ctrl+Shift+J"))
    toggle.setToolTip(window.tr("Notizen zur geöffneten Stelle ein- oder ausblenden (Strg+Umschalt+J)"))
    toggle.setStatusTip(window.tr("Notizen zur geöffneten Stelle ein- oder ausblenden"))
    window.addAction(toggle)
    window.view_menu.addSeparator()
    window.view_menu.addAction(toggle)

    def write_note() -> None:
        dock.show()
        dock.raise_()
        if panel.target is None:
            window.report(window.tr("Öffnen Sie zuerst eine Textstelle, Antwortkarte oder ein Thema."))
        panel.focus_editor()

    window.write_note_action = window._action(
        window.tr("Notiz schreiben"), window.tr("Notiz zur geöffneten Stelle schreiben"), ["Ctrl+Shift+N"],
        write_note,
    )
    for view in (getattr(window, "card_view", None), getattr(window, "notes_view", None)):
        requested = getattr(view, "note_requested", None)
        if requested is not None:
            requested.connect(write_note)
    window.undo_delete_action = window._action(
        window.tr("Löschen rückgängig"), window.tr("Die zuletzt gelöschte Notiz wiederherstellen"), ["Ctrl+Z"],
        trash.undo,
    )
    window.undo_delete_action.setEnabled(False)
    edit_menu = _edit_menu(window)
    edit_menu.addAction(window.write_note_action)
    edit_menu.addAction(window.undo_delete_action)

    # Undo also as a button in the status bar, as long as the message is shown.
    undo_button = QPushButton(window.tr("Rückgängig"))
    undo_button.setAccessibleName(window.tr("Löschen rückgängig machen"))
    undo_button.setToolTip(window.tr("Die gelöschte Notiz wiederherstellen (Strg+Z)"))
    undo_button.clicked.connect(trash.undo)
    undo_button.hide()
    # Permanent: a normal status-bar widget would be hidden by the very message announcing the deletion.
    window.statusBar().addPermanentWidget(undo_button)
    window.undo_button = undo_button
    hide_timer = QTimer(window)
    hide_timer.setSingleShot(True)
    hide_timer.setInterval(15000)
    hide_timer.timeout.connect(undo_button.hide)

    def trash_changed(*_args: object) -> None:
        window.undo_delete_action.setEnabled(trash.can_undo())
        if trash.can_undo():
            undo_button.show()
            hide_timer.start()
        else:
            undo_button.hide()

    trash.deleted.connect(trash_changed)
    trash.restored.connect(trash_changed)
    return panel


def _edit_menu(window: Any) -> QMenu:
    """The Edit menu ("Bearbeiten"), created between File and Go on first use."""
    existing = getattr(window, "edit_menu", None)
    if isinstance(existing, QMenu):
        return existing
    menu = QMenu(window.tr("&Bearbeiten"), window)
    window.menuBar().insertMenu(window.go_menu.menuAction(), menu)
    window.edit_menu = menu
    return menu
