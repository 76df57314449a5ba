"""The briefing composer: title, date, intro and an ordered list of items a trainer drags into place.

The widget receives the library (for its corpus, content, notes and briefings
store) in its constructor; saving writes the JSON file of
:mod:`canvass_app.export.briefing`, printing goes through the shared renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QDate,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from canvass_app.errors import CanvassError
from canvass_app.export.briefing import ITEM_TYPE_LABELS, Briefing, BriefingItem
from canvass_app.export.builders import build_briefing, item_label
from canvass_app.export.document import Layout
from canvass_app.ui.forms import FormLayout
from canvass_app.ui.plain import plain_label, tooltip, warn
from canvass_app.ui.print_preview import DocumentPrinter
from canvass_app.ui.services import flatten_topics

MIME_TYPE = "application/x-canvass-briefing-rows"
ItemRole = Qt.ItemDataRole.UserRole + 1
LAYOUT_CHOICES: list[tuple[Layout, str]] = [
    ("full", "Ganzes Briefing (A4)"),
    ("pocket", "Taschenkarten: nur Karten, zweispaltig"),
]
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _Row:
    item: BriefingItem
    label: str


class BriefingItemsModel(QAbstractListModel):
    """The briefing's items in order; rows move by drag and drop inside the list."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []

    # -- reading -----------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{ITEM_TYPE_LABELS[row.item.type]}: {row.label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row.item.text or row.item.ref or row.label)
        if role == ItemRole:
            return row.item
        return None

    def items(self) -> list[BriefingItem]:
        return [row.item for row in self._rows]

    # -- changing ----------------------------------------------------------------------
    def set_rows(self, rows: list[tuple[BriefingItem, str]]) -> None:
        self.beginResetModel()
        self._rows = [_Row(item, label) for item, label in rows]
        self.endResetModel()
        self.changed.emit()

    def append(self, item: BriefingItem, label: str) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(_Row(item, label))
        self.endInsertRows()
        self.changed.emit()
        return row

    def replace(self, row: int, item: BriefingItem, label: str) -> None:
        self._rows[row] = _Row(item, label)
        self.dataChanged.emit(self.index(row), self.index(row))
        self.changed.emit()

    def removeRows(self, row: int, count: int, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or row < 0 or count < 1 or row + count > len(self._rows):
            return False
        self.beginRemoveRows(QModelIndex(), row, row + count - 1)
        del self._rows[row : row + count]
        self.endRemoveRows()
        self.changed.emit()
        return True

    def moveRows(
        self,
        source_parent: AnyIndex,
        source_row: int,
        count: int,
        destination_parent: AnyIndex,
        destination_child: int,
    ) -> bool:
        """Move ``count`` rows to stand before ``destination_child`` (Qt's convention)."""
        if source_parent.isValid() or destination_parent.isValid() or count < 1:
            return False
        if not (source_row >= 0 and source_row + count <= len(self._rows)):
            return False
        if not 0 <= destination_child <= len(self._rows):
            return False
        if source_row <= destination_child <= source_row + count:
            return False  # onto itself
        if not self.beginMoveRows(
            QModelIndex(), source_row, source_row + count - 1, QModelIndex(), destination_child
        ):
            return False
        moving = self._rows[source_row : source_row + count]
        del self._rows[source_row : source_row + count]
        insert_at = destination_child - count if destination_child > source_row else destination_child
        self._rows[insert_at:insert_at] = moving
        self.endMoveRows()
        self.changed.emit()
        return True

    # -- drag and drop -----------------------------------------------------------------
    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        mime = QMimeData()
        mime.setData(MIME_TYPE, QByteArray(",".join(map(str, rows)).encode()))
        return mime

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        """Move the dragged rows here. Returns False on purpose: the move is done, so the
        view must not remove the "source" rows afterwards as it would for a copy-and-delete."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME_TYPE):
            return False
        text = bytes(data.data(MIME_TYPE).data()).decode()
        rows = [int(part) for part in text.split(",") if part.isdigit()]
        if not rows:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows))
        self.move_rows_to(rows, target)
        return False

    def move_rows_to(self, rows: list[int], target: int) -> None:
        """Move possibly scattered rows, keeping their order, to stand before ``target``."""
        moving = [self._rows[r] for r in sorted(set(rows)) if 0 <= r < len(self._rows)]
        if not moving:
            return
        before = sum(1 for r in set(rows) if r < target)
        kept = [row for index, row in enumerate(self._rows) if index not in set(rows)]
        position = max(0, min(target - before, len(kept)))
        self.beginResetModel()
        self._rows = kept[:position] + moving + kept[position:]
        self.endResetModel()
        self.changed.emit()


class PickerDialog(QDialog):
    """Choose entries from a long list by typing part of their text; Strg/Umschalt+Klick picks several."""

    def __init__(self, title: str, entries: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filtern: ein Wort eingeben …"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for key, label in entries:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(tooltip(label))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Hinzufügen"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.filter.textChanged.connect(self._apply_filter)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.filter.setFocus()

    def _apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        first_visible = -1
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = not all(word in item.text().casefold() for word in words)
            item.setHidden(hidden)
            if not hidden and first_visible < 0:
                first_visible = row
        if first_visible >= 0:
            self.list.setCurrentRow(first_visible)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        return str(item.data(Qt.ItemDataRole.UserRole))

    def chosen_all(self) -> list[str]:
        """Every selected visible entry in list order (the current one when nothing is selected)."""
        picked = [
            str(self.list.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.list.count())
            if self.list.item(row).isSelected() and not self.list.item(row).isHidden()
        ]
        if picked:
            return picked
        one = self.chosen()
        return [one] if one else []


class TextItemDialog(QDialog):
    """The trainer's own words for a briefing: a short heading and the text."""

    def __init__(self, title: str = "", text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Eigener Text"))
        self.resize(560, 340)
        self.heading = QLineEdit(title)
        self.heading.setPlaceholderText(self.tr("z. B. Treffpunkt"))
        self.text = QPlainTextEdit(text)
        form = FormLayout(self)
        form.addRow(self.tr("Ü&berschrift:"), self.heading)
        form.addRow(self.tr("&Text:"), self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def item(self) -> BriefingItem | None:
        text = self.text.toPlainText()
        if not text.strip():
            return None
        return BriefingItem("text", title=self.heading.text().strip(), text=text)


class BriefingEditor(QWidget):
    """Compose, save, reopen, print and export a briefing."""

    saved = Signal(str)

    def __init__(
        self,
        library: Any,
        report: Callable[[str], None] | None = None,
        parent: QWidget | None = None,
        pick: Callable[[str, list[tuple[str, str]]], str | list[str] | None] | None = None,
        write_text: Callable[..., BriefingItem | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._report = report
        # Tests pass ``pick``; people get the picker dialog.
        self._pick = pick or self._pick_with_dialog
        self._write_text = write_text or self._write_text_with_dialog
        self.path: Path | None = None
        self.dirty = False
        self.printer = DocumentPrinter(self, report)
        self.setWindowTitle(self.tr("Briefing"))
        self.resize(820, 720)

        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("z. B. Haustürtraining Nordstadt"))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.intro = QPlainTextEdit()
        self.intro.setPlaceholderText(self.tr("Einleitung: worum es heute geht, worauf zu achten ist …"))
        self.intro.setFixedHeight(90)
        self.layout_choice = QComboBox()
        for key, label in LAYOUT_CHOICES:
            self.layout_choice.addItem(self.tr(label), key)

        form = FormLayout()
        form.addRow(self.tr("&Titel:"), self.title)
        form.addRow(self.tr("&Datum:"), self.date)
        form.addRow(self.tr("&Einleitung:"), self.intro)
        form.addRow(self.tr("&Aufteilung:"), self.layout_choice)

        self.model = BriefingItemsModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Inhalt des Briefings"))
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSpacing(2)
        self.view.doubleClicked.connect(self.edit_text_item)

        add_row = QHBoxLayout()
        self.add_buttons: dict[str, QPushButton] = {}
        for kind, text in (
            ("card", "+ Karte"),
            ("topic", "+ Thema"),
            ("passage", "+ Textstelle"),
            ("note", "+ Notiz"),
            ("text", "+ Eigener Text"),
        ):
            button = QPushButton(self.tr(text))
            button.clicked.connect(lambda _checked=False, k=kind: self.add_item(k))
            add_row.addWidget(button)
            self.add_buttons[kind] = button
        add_row.addStretch(1)
        self.up_button = QPushButton(self.tr("Nach oben"))
        self.down_button = QPushButton(self.tr("Nach unten"))
        self.remove_button = QPushButton(self.tr("Entfernen"))
        self.up_button.setToolTip(self.tr("Auswahl nach oben (Alt+↑); Ziehen mit der Maus geht auch"))
        self.down_button.setToolTip(self.tr("Auswahl nach unten (Alt+↓)"))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.up_button, self.down_button, self.remove_button):
            add_row.addWidget(button)
        QShortcut(QKeySequence("Alt+Up"), self.view, lambda: self.move_selected(-1))
        QShortcut(QKeySequence("Alt+Down"), self.view, lambda: self.move_selected(1))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view, self.remove_selected)

        file_row = QHBoxLayout()
        actions: list[tuple[str, Callable[[], Any], QKeySequence | None]] = [
            ("Neu", self.new, None),
            ("Öffnen …", self.open_dialog, QKeySequence(QKeySequence.StandardKey.Open)),
            ("Speichern", self.save, QKeySequence(QKeySequence.StandardKey.Save)),
            ("Vorschau und Drucken …", self.preview, QKeySequence(QKeySequence.StandardKey.Print)),
            ("Als PDF …", self.export_pdf, None),
            ("Als HTML (E-Mail) …", self.export_html, None),
        ]
        self.file_buttons: dict[str, QPushButton] = {}
        for text, slot, keys in actions:
            button = QPushButton(self.tr(text))
            button.clicked.connect(lambda _checked=False, s=slot: s())
            if keys is not None:
                QShortcut(keys, self, slot)
                button.setToolTip(keys.toString(QKeySequence.SequenceFormat.NativeText))
            file_row.addWidget(button)
            self.file_buttons[text] = button
        file_row.addStretch(1)

        self.status = plain_label(QLabel())
        self.status.setObjectName("mutedLabel")
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Inhalt (in der Reihenfolge des Ausdrucks, mit der Maus verschieben):")))
        layout.addWidget(self.view, 1)
        layout.addLayout(add_row)
        layout.addWidget(self.status)

        for signal in (self.title.textChanged, self.intro.textChanged, self.date.dateChanged,
                       self.layout_choice.currentIndexChanged, self.model.changed):
            signal.connect(self._mark_dirty)
        self._update_status()

    # -- the briefing --------------------------------------------------------------------
    def briefing(self) -> Briefing:
        qdate = self.date.date()
        return Briefing(
            title=self.title.text().strip() or self.tr("Briefing"),
            date=date(qdate.year(), qdate.month(), qdate.day()).isoformat(),
            intro=self.intro.toPlainText(),
            items=tuple(self.model.items()),
            layout=self.layout_choice.currentData(),
        )

    def set_briefing(self, briefing: Briefing, path: Path | None = None) -> None:
        self.title.setText(briefing.title)
        if briefing.date:
            day = date.fromisoformat(briefing.date)
            self.date.setDate(QDate(day.year, day.month, day.day))
        self.intro.setPlainText(briefing.intro)
        self.layout_choice.setCurrentIndex(max(0, self.layout_choice.findData(briefing.layout)))
        self.model.set_rows([(item, item_label(self.library, item)) for item in briefing.items])
        self.path = path
        self.dirty = False
        self._update_status()

    def _mark_dirty(self, *_args: object) -> None:
        self.dirty = True
        self._update_status()

    def _update_status(self) -> None:
        where = str(self.path) if self.path else self.tr("noch nicht gespeichert")
        marker = self.tr(" – geändert") if self.dirty and self.path else ""
        count = self.model.rowCount()
        entries = self.tr("1 Eintrag") if count == 1 else self.tr("%d Einträge") % count
        self.status.setText(f"{entries} · {where}{marker}")

    def _tell(self, message: str) -> None:
        self.status.setText(message)
        if self._report is not None:
            self._report(message)

    def _fail(self, message: str) -> None:
        if self._report is not None:
            self._report(message)
        else:
            warn(self, self.tr("Briefing"), message)
        self.status.setText(message)

    # -- items -------------------------------------------------------------------------
    def _choices(self, kind: str) -> list[tuple[str, str]]:
        if kind == "card":
            return [(c.id, c.question) for c in self.library.content.cards()]
        if kind == "topic":
            # The topic tree, indented as in the sidebar, rather than a flat list.
            return [(tid, "    " * depth + title) for tid, title, depth in flatten_topics(self.library.content.topics())]
        if kind == "passage":
            corpus = self.library.corpus
            return [
                (p.id, f"{programme.party} {programme.year}: {' '.join(p.full_text.split())[:160]}")
                for programme in corpus.programmes()
                for p in programme.passages()
            ]
        if kind == "note":
            return [(n.id, " ".join(n.text.split())[:160]) for n in self.library.notes.list()]
        return []

    def _pick_with_dialog(self, kind: str, entries: list[tuple[str, str]]) -> list[str] | None:
        dialog = PickerDialog(self.tr("%s hinzufügen") % self.tr(ITEM_TYPE_LABELS[kind]), entries, self)
        return dialog.chosen_all() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def add_item(self, kind: str) -> None:
        if kind == "text":
            item = self._write_text()
            if item is not None:
                self.append(item)
            return
        try:
            entries = self._choices(kind)
        except CanvassError as error:
            self._fail(error.message)
            return
        if not entries:
            self._fail(self.tr("Es gibt noch nichts dieser Art zum Hinzufügen."))
            return
        chosen = self._pick(kind, entries)
        for ref in [chosen] if isinstance(chosen, str) else chosen or []:
            self.append(BriefingItem(kind, ref=ref))  # type: ignore[arg-type]

    def _write_text_with_dialog(self, item: BriefingItem | None) -> BriefingItem | None:
        dialog = TextItemDialog(item.title if item else "", item.text if item else "", self)
        return dialog.item() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def edit_text_item(self, index: QModelIndex) -> None:
        """Double-click on the trainer's own text opens it for editing."""
        item = self.model.data(index, ItemRole)
        if not isinstance(item, BriefingItem) or item.type != "text":
            return
        changed = self._write_text(item)
        if changed is not None:
            self.model.replace(index.row(), changed, item_label(self.library, changed))

    def append(self, item: BriefingItem) -> None:
        row = self.model.append(item, item_label(self.library, item))
        self.view.setCurrentIndex(self.model.index(row))

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.view.selectionModel().selectedRows())

    def move_selected(self, step: int) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        if (step < 0 and rows[0] == 0) or (step > 0 and rows[-1] == self.model.rowCount() - 1):
            return
        target = rows[0] - 1 if step < 0 else rows[-1] + 2
        self.model.move_rows_to(rows, target)
        first = rows[0] + step
        selection = self.view.selectionModel()
        selection.clearSelection()
        for row in range(first, first + len(rows)):
            selection.select(self.model.index(row), selection.SelectionFlag.Select)
        self.view.setCurrentIndex(self.model.index(first))

    def remove_selected(self) -> None:
        for row in reversed(self.selected_rows()):
            self.model.removeRows(row, 1)

    # -- files -------------------------------------------------------------------------
    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save, Discard or Cancel for unsaved changes (tests replace this)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Briefing"),
            self.tr("Das Briefing „%s“ hat ungespeicherte Änderungen. Speichern?") % self.briefing().title,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Save).setText(self.tr("Speichern"))
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("Verwerfen"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        return QMessageBox.StandardButton(box.exec())

    def may_discard(self) -> bool:
        """True when the current briefing may be replaced: nothing unsaved, saved, or discarded."""
        if not self.dirty or (self.path is None and not self.model.rowCount() and not self.title.text()):
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Save:
            return self.save() is not None
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.may_discard():
            event.accept()
        else:
            event.ignore()

    def new(self) -> None:
        if not self.may_discard():
            return
        self.set_briefing(Briefing(title="", date=date.today().isoformat()))
        self.title.setFocus()

    def save(self) -> Path | None:
        try:
            self.path = self.library.briefings.save(self.briefing(), self.path)
        except CanvassError as error:
            self._fail(error.message)
            return None
        self.dirty = False
        self._update_status()
        self._tell(self.tr("Briefing gespeichert: %s") % self.path)
        self.saved.emit(str(self.path))
        return self.path

    def open_dialog(self) -> None:
        if not self.may_discard():
            return
        folder = self.library.briefings.directory
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Briefing öffnen"), str(folder), self.tr("Briefings (*.json)")
        )
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> bool:
        try:
            briefing = self.library.briefings.load(path)
        except CanvassError as error:
            self._fail(error.message)
            return False
        self.set_briefing(briefing, path)
        return True

    # -- output ------------------------------------------------------------------------
    def document(self) -> Any:
        return build_briefing(self.library, self.briefing())

    def _with_document(self, then: Callable[[Any], Any]) -> Any:
        try:
            document = self.document()
        except CanvassError as error:
            self._fail(error.message)
            return None
        return then(document)

    def preview(self) -> None:
        self._with_document(self.printer.preview)

    def export_pdf(self, path: Path | None = None) -> Path | None:
        return self._with_document(lambda document: self.printer.export_pdf(document, path))  # type: ignore[no-any-return]

    def export_html(self, path: Path | None = None) -> Path | None:
        return self._with_document(lambda document: self.printer.export_html(document, path))  # type: ignore[no-any-return]
