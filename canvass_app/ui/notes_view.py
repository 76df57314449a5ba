"""All notes in one list with search; edit a note, open what it belongs to, delete with undo, import and export."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from canvass_app.library import Library
from canvass_app.notes.model import Note, Target
from canvass_app.ui.file_exchange import FileExchange
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.note_edit import NoteEditPane, save_failed_message
from canvass_app.ui.notes_panel import (
    NoteTrash,
    _local_time,
    describe_target,
    location_of,
    parse_tags,
)
from canvass_app.ui.plain import plain_label, tooltip
from canvass_app.ui.rich_delegate import RichTextDelegate
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import service
from canvass_app.ui.tasks import TaskRunner, german_message
from canvass_app.ui.theme import html_colors

SEARCH_DEBOUNCE_MS = 150
LIST_LIMIT = 1000


@dataclass(frozen=True)
class NoteRow:
    note: Note
    where: str


def load_notes(library: Library, query: str) -> list[NoteRow]:
    """Runs in a background task: all notes (newest first) or those matching ``query``, with where they belong."""
    store = service(library, "notes")
    notes = store.search(query, limit=LIST_LIMIT) if query.strip() else store.list()
    labels: dict[Target | None, str] = {}
    rows = []
    for note in notes:
        if note.target not in labels:
            labels[note.target] = describe_target(library, note.target)
        where = labels[note.target]
        if note.detached:
            where += " (Textstelle geändert, Notiz nicht mehr zugeordnet)"
        rows.append(NoteRow(note, where))
    return rows


class NoteRole(IntEnum):
    NOTE = Qt.ItemDataRole.UserRole + 1
    ID = Qt.ItemDataRole.UserRole + 2
    TEXT = Qt.ItemDataRole.UserRole + 3
    TAGS = Qt.ItemDataRole.UserRole + 4
    WHERE = Qt.ItemDataRole.UserRole + 5
    UPDATED = Qt.ItemDataRole.UserRole + 6
    TARGET_KIND = Qt.ItemDataRole.UserRole + 7
    TARGET_ID = Qt.ItemDataRole.UserRole + 8


class NotesModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[NoteRow] = []

    def set_rows(self, rows: list[NoteRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, note_id: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.note.id == note_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def roleNames(self) -> dict[int, Any]:
        names = {role.value: role.name.lower().encode() for role in NoteRole}
        names[Qt.ItemDataRole.DisplayRole.value] = b"display"
        return names

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        note = row.note
        if role == Qt.ItemDataRole.DisplayRole:
            return note.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(f"{row.where}: {note.text[:300]}")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.where}: {note.text[:300]}"
        return {
            NoteRole.NOTE: note,
            NoteRole.ID: note.id,
            NoteRole.TEXT: note.text,
            NoteRole.TAGS: list(note.tags),
            NoteRole.WHERE: row.where,
            NoteRole.UPDATED: note.updated,
            NoteRole.TARGET_KIND: note.target.type if note.target else "",
            NoteRole.TARGET_ID: note.target.id if note.target else "",
        }.get(role)


class NoteDelegate(RichTextDelegate):
    """The note's text, then where it belongs, its tags and when it was last changed."""

    PADDING = 8

    def document(self, index: QModelIndex | QPersistentModelIndex, option: QStyleOptionViewItem, width: int) -> QTextDocument:
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text).name()
        muted = text_color if selected else html_colors(palette).muted
        text = str(index.data(NoteRole.TEXT) or "")
        if len(text) > 400:
            text = text[:399] + "…"
        tags = index.data(NoteRole.TAGS) or []
        meta = [html.escape(str(index.data(NoteRole.WHERE) or ""))]
        if tags:
            meta.append(" ".join(f"<b>#{html.escape(t)}</b>" for t in tags))
        meta.append(html.escape(_local_time(str(index.data(NoteRole.UPDATED) or ""))))
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        body = html.escape(text).replace("\n", "<br>")
        doc.setHtml(
            f"<div style='color:{text_color};'><p style='margin:0 0 4px 0;'>{body}</p>"
            f"<p style='margin:0; color:{muted}; font-size:small;'>{' · '.join(meta)}</p></div>"
        )
        doc.setTextWidth(max(50, width - 2 * self.PADDING))
        return doc


class NotesView(ServiceWidget):
    """Every note, newest first; typing searches text and tags.

    Every note, free or on a passage, card or topic, is edited here: "Bearbeiten",
    F2 or a double-click (Enter too, for a free note, which has no place to open).
    Enter opens the place a note belongs to, Entf deletes (undo: Strg+Z).
    """

    view_name = "notes"
    # "note" is a single note (a search hit): the list opens with it chosen and in the panel.
    location_kinds = ("notes", "note")
    title = "Notizen"
    note_chosen = Signal(object)
    note_requested = Signal()
    # Before an edit starts (the panel writes what it has), and after one was saved.
    edit_started = Signal(object)
    note_edited = Signal(object)

    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        trash: NoteTrash,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, navigator, runner, report, parent)
        self.trash = trash
        self.loaded_query: str | None = None
        self._stale = True
        self._choose: str | None = None

        heading = QLabel(self.tr("Notizen"))
        heading.setObjectName("viewHeading")
        heading.setStyleSheet("font-size: x-large; font-weight: bold;")
        self.field = QLineEdit()
        self.field.setObjectName("notesSearch")
        self.field.setPlaceholderText(self.tr("Notizen durchsuchen (Text und Schlagwörter) …"))
        self.field.setAccessibleName(self.tr("Notizen durchsuchen"))
        self.field.setToolTip(self.tr("Wörter aus Text oder Schlagwörtern; ↑/↓ wählen, Enter öffnet die Stelle"))
        self.field.setClearButtonEnabled(True)
        self.field.textEdited.connect(lambda _t: self._debounce.start())
        self.field.installEventFilter(self)
        self.count = plain_label(QLabel())
        self.count.setObjectName("mutedLabel")
        self.count.setAccessibleName(self.tr("Anzahl der Notizen"))

        self.model = NotesModel(self)
        self.list = QListView()
        self.list.setObjectName("notesList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(NoteDelegate(self.list))
        self.list.setAccessibleName(self.tr("Alle Notizen"))
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.setToolTip(self.tr("Enter öffnet die Stelle, F2 oder Doppelklick bearbeitet die Notiz, Entf löscht"))
        # Enter is handled in eventFilter (open the place, or edit a free note); a double-click edits.
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.doubleClicked.connect(self.edit_index)
        self.list.installEventFilter(self)
        self.list.selectionModel().currentChanged.connect(self._current_changed)

        self.empty = QLabel()
        self.empty.setTextFormat(Qt.TextFormat.RichText)  # built from escaped parts
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.hide()

        self.open_button = QPushButton(self.tr("Stelle öffnen"))
        self.open_button.setAccessibleName(self.tr("Stelle der Notiz öffnen"))
        self.open_button.setToolTip(self.tr("Die Textstelle, Karte oder das Thema der Notiz öffnen (Enter)"))
        self.open_button.clicked.connect(lambda: self._open_index(self.list.currentIndex()))
        self.open_button.setEnabled(False)  # until a note with a place is chosen
        self.edit_button = QPushButton(self.tr("Bearbeiten"))
        self.edit_button.setAccessibleName(self.tr("Notiz bearbeiten"))
        self.edit_button.setToolTip(self.tr("Text und Schlagwörter der gewählten Notiz ändern (F2)"))
        self.edit_button.clicked.connect(self.edit_current)
        self.edit_button.setEnabled(False)  # until a note is chosen
        self.edit_pane = NoteEditPane()
        self.edit_pane.save_requested.connect(self._save_edit)
        self.edit_pane.cancelled.connect(self._edit_closed)
        self.delete_button = QPushButton(self.tr("Löschen"))
        self.delete_button.setAccessibleName(self.tr("Notiz löschen"))
        self.delete_button.setToolTip(self.tr("Die gewählte Notiz löschen; Strg+Z holt sie zurück (Entf)"))
        self.delete_button.clicked.connect(self.delete_current)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self.reload)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.field, 1)
        self.buttons = QWidget()
        buttons = QHBoxLayout(self.buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.edit_pane)
        layout.addWidget(self.buttons)

        trash.deleted.connect(self._changed)
        trash.restored.connect(self._changed)

    # --- the view protocol ----------------------------------------------------
    def show_location(self, location: Location) -> None:
        if location.kind == "note":
            self._choose = location.target
            self.field.clear()
            self.reload()
            return
        if location.target != self.field.text():
            self.field.setText(location.target)
        if self._stale or self.loaded_query != self.field.text():
            self.reload()

    def focus_widget(self) -> QWidget:
        return self.edit_pane.text if self.edit_pane.editing else self.field

    # --- loading -----------------------------------------------------------------
    def reload(self) -> None:
        self._debounce.stop()
        self._stale = False
        query = self.field.text()
        current = self.navigator.current
        if current is not None and current.kind == "note":
            pass  # a single note was opened; the list around it is not a place of its own
        elif current is not None and current.kind == "notes" and current.target != query:
            self.navigator.replace(Location("notes", query))
        library = self.library
        self.runner.run(self, lambda: (query, load_notes(library, query)), self._loaded, self._failed)

    def _loaded(self, result: tuple[str, list[NoteRow]]) -> None:
        query, rows = result
        if query != self.field.text():
            return
        chosen, self._choose = self._choose, None
        selected = chosen or self.list.currentIndex().data(NoteRole.ID)
        if chosen and all(r.note.id != chosen for r in rows):
            self.report(self.tr("Diese Notiz gibt es nicht mehr."))
            chosen = None
        self.loaded_query = query
        self.model.set_rows(rows)
        count = len(rows)
        self.count.setText(self.tr("1 Notiz") if count == 1 else self.tr("%d Notizen") % count)
        if not rows:
            self.empty.setText(
                self.tr("Zu „%s“ gibt es keine Notiz.") % html.escape(query) if query.strip()
                else self.tr("Noch keine Notizen. Öffnen Sie eine Textstelle, eine Antwortkarte oder ein Thema "
                             "und schreiben Sie rechts in die Notizen-Leiste (Strg+Umschalt+N).")
            )
        self.empty.setVisible(not rows)
        row = self.model.row_of(str(selected)) if selected else -1
        if rows:
            self.list.setCurrentIndex(self.model.index(max(row, 0)))
            self.list.scrollTo(self.model.index(max(row, 0)))
        if chosen:
            self.note_requested.emit()  # opened as a single note: show it in the notes panel

    def _failed(self, message: str) -> None:
        self.empty.setText(html.escape(message))
        self.empty.show()
        self.report(message)

    def _changed(self, *_args: object) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def mark_stale(self, *_args: object) -> None:
        self._changed()

    def saved_elsewhere(self, note: Note) -> None:
        """The notes panel wrote ``note``: the list shows it, and an edit of it that has no change yet starts from it."""
        pane = self.edit_pane
        if pane.note is not None and pane.note.id == note.id and not pane.changed() and not pane.saving:
            pane.start(note, pane.where_text)
        self._changed()

    # --- acting on a note ----------------------------------------------------------
    def current_note(self) -> Note | None:
        note = self.list.currentIndex().data(NoteRole.NOTE)
        return note if isinstance(note, Note) else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        note = current.data(NoteRole.NOTE)
        # "Stelle öffnen" only where there is a place to open: a free note has none.
        self.open_button.setEnabled(isinstance(note, Note) and note.target is not None)
        self.edit_button.setEnabled(isinstance(note, Note))
        if isinstance(note, Note):
            self.note_chosen.emit(note)

    def _open_index(self, index: QModelIndex) -> None:
        note = index.data(NoteRole.NOTE)
        if not isinstance(note, Note):
            return
        if note.target is None:
            self.edit_index(index)  # nothing to open: Enter on a free note edits it
            return
        self.navigator.open(location_of(note.target))

    # --- editing -------------------------------------------------------------------
    def edit_current(self) -> None:
        self.edit_index(self.list.currentIndex())

    def edit_index(self, index: QModelIndex) -> None:
        note = index.data(NoteRole.NOTE)
        if not isinstance(note, Note):
            self.report(self.tr("Bitte zuerst eine Notiz wählen."))
            return
        if self.edit_pane.editing:
            return  # one edit at a time: Speichern or Abbrechen first
        self.edit_started.emit(note)
        self._set_editing(True)
        self.edit_pane.start(note, str(index.data(NoteRole.WHERE) or ""))

    def _set_editing(self, editing: bool) -> None:
        # While a note is edited the list stands still: the pane says which note it is.
        for widget in (self.field, self.list, self.buttons):
            widget.setEnabled(not editing)
        self.buttons.setVisible(not editing)  # a 600-pixel screen keeps its room for the text

    def _save_edit(self, note_id: str, text: str, tags: tuple[str, ...]) -> None:
        library = self.library

        def saved(note: Note) -> None:
            self.edit_pane.finish()
            self._edit_closed()
            # The row shows the new text at once; the reload puts it first (newest first).
            row = self.model.row_of(note.id)
            if row >= 0:
                self.model.rows[row] = NoteRow(note, self.model.rows[row].where)
                self.model.dataChanged.emit(self.model.index(row), self.model.index(row))
            self.report(self.tr("Notiz gespeichert."))
            self.note_edited.emit(note)
            self.reload()  # the edited note stays the chosen one (_loaded keeps the current row)

        def failed(message: str) -> None:
            text = save_failed_message(message)
            self.edit_pane.save_failed(text)
            self.report(text)

        self.runner.run(self, lambda: service(library, "notes").edit(note_id, text=text, tags=tags), saved, failed)

    def may_close(self) -> bool:
        """The window is closing: an edit with changes is written now, on the UI thread on
        purpose (queued work is dropped on close; a note saves in about a millisecond).

        A save that fails keeps the window open with the typed text and the reason, so that
        nothing is lost without the user choosing "Abbrechen".
        """
        pane = self.edit_pane
        if pane.note is None or not pane.changed():
            return True
        text, tags = pane.text.toPlainText(), parse_tags(pane.tags.text())
        try:
            service(self.library, "notes").edit(pane.note.id, text=text, tags=tags)
        except Exception as error:
            message = save_failed_message(german_message(error))
            pane.save_failed(message)
            self.report(message)
            return False
        pane.finish()
        return True

    def _edit_closed(self) -> None:
        self._set_editing(False)
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_current(self) -> None:
        note = self.current_note()
        if note is None:
            self.report(self.tr("Bitte zuerst eine Notiz wählen."))
            return
        self.trash.delete(note.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if watched is self.field and key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self.model.rowCount():
                    self.list.setCurrentIndex(self.model.index(row))
                return True
            if watched is self.field and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_index(self.list.currentIndex())
                return True
            if watched is self.list and key == Qt.Key.Key_Delete:
                self.delete_current()
                return True
            if watched is self.list and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_index(self.list.currentIndex())
                return True
            if watched in (self.field, self.list) and key == Qt.Key.Key_F2:
                self.edit_current()
                return True
        return super().eventFilter(watched, event)


# --- File menu: export and import ------------------------------------------------

NOTES_FILTER = "Notizen (*.json);;Alle Dateien (*)"


def export_notes(library: Library, path: Path) -> int:
    return int(service(library, "notes").export(path))


def import_notes(library: Library, path: Path) -> str:
    """Runs in a background task: merge a notes file; returns what happened as one German sentence."""
    report = service(library, "notes").import_file(path)
    parts = [f"{len(report.added)} neu", f"{len(report.updated)} aktualisiert"]
    if report.conflicts:
        parts.append(f"{len(report.conflicts)} als Konfliktkopie behalten")
    unchanged = len(report.unchanged) + len(report.kept_local) + len(report.skipped_deleted)
    if unchanged:
        parts.append(f"{unchanged} unverändert")
    return "Notizen importiert: " + ", ".join(parts) + "."


class NotesExchange(FileExchange):
    """Import and export of notes from the File menu."""

    imported = Signal()

    def __init__(self, window: Any) -> None:
        super().__init__(
            window,
            window.tr("Notizen exportieren"),
            window.tr("Notizen importieren"),
            "canvass-notizen.json",
            NOTES_FILTER,
        )

    def export_to(self, path: Path) -> None:
        library, window = self.window.library, self.window

        def done(count: int) -> None:
            window.report(window.tr("%d Notizen nach %s exportiert.") % (count, path))

        window.runner.run(self, lambda: export_notes(library, path), done, window.report)

    def import_from(self, path: Path) -> None:
        library, window = self.window.library, self.window

        def done(message: str) -> None:
            window.report(message)
            self.imported.emit()

        window.runner.run(self, lambda: import_notes(library, path), done, window.report)


def install_notes_actions(window: Any, view: NotesView) -> NotesExchange:
    """Go menu: all notes; File menu: import and export of notes."""
    window.notes_action = window._action(
        window.tr("Alle Notizen"), window.tr("Alle Notizen ansehen und durchsuchen"), ["Ctrl+5"],
        lambda: window.navigator.open(Location("notes", view.field.text())),
    )
    window.go_menu.addAction(window.notes_action)
    exchange = NotesExchange(window)
    window.notes_exchange = exchange
    window.export_notes_action = window._action(
        window.tr("Notizen exportieren …"), window.tr("Alle Notizen in eine Datei schreiben"), ["Ctrl+Alt+E"],
        exchange.export_dialog,
    )
    window.import_notes_action = window._action(
        window.tr("Notizen importieren …"), window.tr("Notizen aus einer Datei übernehmen und zusammenführen"),
        ["Ctrl+Alt+I"], exchange.import_dialog,
    )
    window.add_file_action(window.import_notes_action)
    window.add_file_action(window.export_notes_action)
    exchange.imported.connect(view.mark_stale)
    return exchange
