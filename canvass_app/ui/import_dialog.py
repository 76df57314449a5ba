"""Datei → Programm importieren …: choose a file, read it off the UI thread, preview its outline, save.

Also "Programm entfernen …" for imported programmes. The reading runs through
the window's one :class:`TaskRunner`; pages read arrive on the UI thread through
a queued signal, and "Abbrechen" stops the reader at its next page.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from canvass_app.corpus.importers import ImportCancelled, RawProgramme, read_programme_file
from canvass_app.corpus.model import Programme
from canvass_app.corpus.store import MAX_CHAPTER, ProgrammeInfo, build_programme, slugify
from canvass_app.library import Library
from canvass_app.ui.forms import FormLayout
from canvass_app.ui.tasks import TaskRunner

FILE_FILTER = "Programme (*.pdf *.txt *.md *.markdown);;Alle Dateien (*)"
COUNT_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Preview:
    """A file as read, and its outline as it would be stored."""

    path: Path
    raw: RawProgramme
    programme: Programme
    taken_ids: frozenset[str]


def read_preview(library: Library, path: Path, progress: Callable[[int, int], None]) -> Preview:
    """Runs in the background: read and structure the file without storing anything."""
    raw = read_programme_file(path, progress)
    info = ProgrammeInfo("vorschau", "Vorschau", path.stem, 2000)
    programme = build_programme(info, raw.text, raw.format, bundled=False)
    taken = frozenset(p.id for p in library.corpus.programmes())
    return Preview(path, raw, programme, taken)


class _Relay(QObject):
    """Lives on the UI thread; the worker emits pages read through it (queued)."""

    pages = Signal(int, int)


class ImportDialog(QDialog):
    """The trainer's import: file, details prefilled from the PDF, progress, nested preview, save."""

    imported = Signal(str)

    def __init__(self, library: Library, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.preview: Preview | None = None
        self._cancel = threading.Event()
        self._reading = False
        self.setWindowTitle(self.tr("Programm importieren"))
        self.setObjectName("importDialog")
        self.resize(760, 720)
        self.ask_open_path: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            self, self.tr("Programm wählen"), str(Path.home()), FILE_FILTER
        )[0]

        self.path_field = QLineEdit()
        self.path_field.setReadOnly(True)
        self.path_field.setPlaceholderText(self.tr("PDF, Text- oder Markdown-Datei"))
        self.choose_button = QPushButton(self.tr("Datei wählen …"))
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_field, 1)
        file_row.addWidget(self.choose_button)

        self.party_field = QLineEdit()
        self.title_field = QLineEdit()
        self.year_field = QSpinBox()
        self.year_field.setRange(1900, 2200)
        self.year_field.setValue(2025)
        self.election_field = QLineEdit()
        self.election_field.setPlaceholderText(self.tr("z. B. Kommunalwahl 2025"))
        self.id_field = QLineEdit()
        self.id_field.setPlaceholderText(self.tr("wird aus Partei und Jahr gebildet"))
        # The ID follows party and year until it is typed by hand (it was set once, on reading,
        # so a PDF without its party's name kept the ID "2025" after the party was typed).
        self._id_typed = False
        self.id_field.textEdited.connect(self._id_edited)
        self.party_field.textChanged.connect(self._follow_id)
        self.year_field.valueChanged.connect(self._follow_id)
        # A chapter of a programme (only "Wirtschaft") is silent on much the whole
        # programme covers: compare then says "… im Kapitel „Wirtschaft“".
        self.chapter_box = QCheckBox(self.tr("Die Datei ist nur ein Kapitel des Programms"))
        self.chapter_box.setObjectName("importChapterOnly")
        self.chapter_field = QLineEdit()
        self.chapter_field.setObjectName("importChapter")
        self.chapter_field.setPlaceholderText(self.tr("Name des Kapitels, z. B. Wirtschaft"))
        self.chapter_field.setAccessibleName(self.tr("Name des Kapitels"))
        self.chapter_field.setMaxLength(MAX_CHAPTER)
        self.chapter_field.setEnabled(False)
        self.chapter_box.toggled.connect(self._chapter_toggled)
        chapter_row = QHBoxLayout()
        chapter_row.addWidget(self.chapter_box)
        chapter_row.addWidget(self.chapter_field, 1)
        form = FormLayout()
        form.addRow(self.tr("Datei"), file_row)
        form.addRow(self.tr("Partei"), self.party_field)
        form.addRow(self.tr("Titel"), self.title_field)
        form.addRow(self.tr("Jahr"), self.year_field)
        form.addRow(self.tr("Wahl"), self.election_field)
        form.addRow(self.tr("Kennung"), self.id_field)
        form.addRow(self.tr("Umfang"), chapter_row)
        for field in (
            self.party_field,
            self.title_field,
            self.election_field,
            self.id_field,
            self.chapter_field,
        ):
            field.textChanged.connect(self._update_buttons)

        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat(self.tr("Seite %v von %m"))
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Abbrechen"))
        self.cancel_button.clicked.connect(self.cancel_reading)
        self.cancel_button.hide()
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)

        self.outline_model = QStandardItemModel(self)
        self.outline_model.setHorizontalHeaderLabels([self.tr("Gliederung"), self.tr("Textstellen")])
        self.outline = QTreeView()
        self.outline.setObjectName("importOutline")
        self.outline.setModel(self.outline_model)
        self.outline.setAccessibleName(self.tr("Gliederung des Programms"))
        self.outline.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.outline.setUniformRowHeights(True)
        header = self.outline.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setObjectName("importWarnings")
        self.warnings.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("importMessage")
        self.message.setWordWrap(True)
        # Why "Speichern" cannot be pressed yet: a greyed button alone does not say.
        self.missing = QLabel()
        self.missing.setObjectName("mutedLabel")
        self.missing.setWordWrap(True)

        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("Speichern"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("Schließen"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(progress_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        layout.addWidget(self.outline, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.missing)
        layout.addWidget(self.buttons)

        self._relay = _Relay(self)
        self._relay.pages.connect(self._show_pages, Qt.ConnectionType.QueuedConnection)
        self._update_buttons()

    # --- reading ---------------------------------------------------------------------

    def choose_file(self) -> None:
        chosen = self.ask_open_path()
        if chosen:
            self.read_file(Path(chosen))

    def read_file(self, path: Path) -> None:
        """Read ``path`` in the background; the preview follows, or a German sentence."""
        if self._reading:
            return
        self.preview = None
        self.outline_model.removeRows(0, self.outline_model.rowCount())
        self.path_field.setText(str(path))
        self.summary.setText(self.tr("Lese %s …") % path.name)
        self.warnings.setText("")
        self.message.setText("")
        self._cancel = threading.Event()
        cancel, relay = self._cancel, self._relay
        self._reading = True
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self._update_buttons()

        def progress(done: int, total: int) -> None:
            if cancel.is_set():
                raise ImportCancelled()
            relay.pages.emit(done, total)

        library = self.library
        self.runner.run(
            self, lambda: read_preview(library, path, progress), self._previewed, self._read_failed
        )

    def cancel_reading(self) -> None:
        self._cancel.set()

    def _show_pages(self, done: int, total: int) -> None:
        if self._reading:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _finish_reading(self) -> None:
        self._reading = False
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _read_failed(self, message: str) -> None:
        self._finish_reading()
        self.summary.setText("")
        self.message.setText(message)

    def _previewed(self, preview: Preview) -> None:
        self._finish_reading()
        self.preview = preview
        suggested = preview.raw.suggestions
        if suggested.get("party") and not self.party_field.text():
            self.party_field.setText(suggested["party"])
        if suggested.get("title") and not self.title_field.text():
            self.title_field.setText(suggested["title"])
        if suggested.get("year", "").isdigit():
            self.year_field.setValue(int(suggested["year"]))
        if suggested.get("election") and not self.election_field.text():
            self.election_field.setText(suggested["election"])
        self._follow_id()
        self._fill_outline(preview.programme)
        programme = preview.programme
        pages = preview.raw.pages
        self.summary.setText(
            self.tr("%d Abschnitte, %d Textstellen") % (len(programme.sections), len(programme.passages()))
            + (self.tr(" aus %d Seiten") % pages if pages else "")
        )
        self.warnings.setText(" · ".join(preview.raw.warnings))
        self._update_buttons()

    def _fill_outline(self, programme: Programme) -> None:
        self.outline_model.removeRows(0, self.outline_model.rowCount())
        items: dict[str, QStandardItem] = {}
        for section in programme.sections:
            title = QStandardItem(section.title or self.tr("Einleitung"))
            title.setToolTip(section.title)
            count = QStandardItem(str(len(section.passages)))
            count.setData(len(section.passages), COUNT_ROLE)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            holder = items.get(section.parent) if section.parent else None
            (holder or self.outline_model.invisibleRootItem()).appendRow([title, count])
            items[section.id] = title
        self.outline.expandAll()

    def outline_rows(self) -> list[tuple[int, str, int]]:
        """(depth, title, passages) in reading order: what the preview shows."""
        rows: list[tuple[int, str, int]] = []

        def walk(parent: Any, depth: int) -> None:
            for row in range(self.outline_model.rowCount(parent)):
                index = self.outline_model.index(row, 0, parent)
                count = self.outline_model.index(row, 1, parent).data(COUNT_ROLE)
                rows.append((depth, str(index.data()), int(count)))
                walk(index, depth + 1)

        walk(self.outline.rootIndex(), 0)
        return rows

    def _id_edited(self, text: str) -> None:
        self._id_typed = bool(text.strip())

    def _follow_id(self, *_args: object) -> None:
        if not self._id_typed:
            self.id_field.setText(self.suggested_id() if self.party_field.text().strip() else "")

    def suggested_id(self) -> str:
        base = slugify(f"{self.party_field.text()} {self.year_field.value()}") or "programm"
        taken = self.preview.taken_ids if self.preview is not None else frozenset()
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # --- saving ----------------------------------------------------------------------

    def _chapter_toggled(self, checked: bool) -> None:
        self.chapter_field.setEnabled(checked)
        if checked:
            self.chapter_field.setFocus()
        self._update_buttons()

    def chapter(self) -> str:
        """The chapter the file is, or "" for a whole programme."""
        return " ".join(self.chapter_field.text().split()) if self.chapter_box.isChecked() else ""

    def _update_buttons(self) -> None:
        missing = [
            label for label, present in (
                (self.tr("die Partei"), bool(self.party_field.text().strip())),
                (self.tr("der Titel"), bool(self.title_field.text().strip())),
                (self.tr("eine Kennung aus a–z, 0–9 und -"), bool(re.fullmatch(r"[a-z0-9-]+", self.id_field.text().strip()))),
                # "Only a chapter" needs the chapter's name.
                (self.tr("der Name des Kapitels"), not self.chapter_box.isChecked() or bool(self.chapter())),
            ) if not present
        ]
        read = self.preview is not None and not self._reading
        ready = read and not missing
        self.missing.setText(self.tr("Zum Speichern fehlt noch: %s.") % ", ".join(missing) if read and missing else "")
        self.save_button.setEnabled(ready)
        self.choose_button.setEnabled(not self._reading)

    def save(self) -> None:
        preview = self.preview
        if preview is None or self._reading:
            return
        library = self.library
        details: dict[str, Any] = {
            "programme_id": self.id_field.text().strip(),
            "party": self.party_field.text().strip(),
            "title": self.title_field.text().strip(),
            "year": self.year_field.value(),
            "election": self.election_field.text().strip(),
            "chapter": self.chapter(),
            "raw": preview.raw,
        }
        self.save_button.setEnabled(False)
        self.message.setText(self.tr("Speichere …"))
        self.runner.run(
            self,
            lambda: library.import_programme(preview.path, **details).id,
            self._saved,
            self._save_failed,
        )

    def _saved(self, programme_id: str) -> None:
        self.message.setText(self.tr("Programm „%s“ gespeichert.") % programme_id)
        self.imported.emit(programme_id)
        self.accept()

    def _save_failed(self, message: str) -> None:
        self.message.setText(message)
        self._update_buttons()

    def reject(self) -> None:
        self._cancel.set()
        super().reject()


class ProgrammeRemoval(QObject):
    """Programm entfernen …: pick an imported programme, confirm, remove it in the background."""

    removed = Signal(str)

    def __init__(self, library: Library, runner: TaskRunner, window: Any) -> None:
        super().__init__(window)
        self.library = library
        self.runner = runner
        self.window = window
        self.ask_choice: Callable[[list[str]], str | None] = self._ask_choice
        self.confirm: Callable[[str], bool] = self._confirm

    def start(self) -> None:
        library = self.library
        self.runner.run(
            self,
            lambda: [(p.id, f"{p.party}: {p.title} ({p.year})") for p in library.corpus.programmes() if not p.bundled],
            self._choose,
            self.window.report,
        )

    def _choose(self, imported: list[tuple[str, str]]) -> None:
        if not imported:
            self.window.report(self.tr("Es gibt keine importierten Programme zum Entfernen."))
            return
        labels = [f"{label} [{pid}]" for pid, label in imported]
        chosen = self.ask_choice(labels)
        if chosen is None or chosen not in labels:
            return
        programme_id = imported[labels.index(chosen)][0]
        if not self.confirm(chosen):
            return
        library = self.library
        self.runner.run(
            self,
            lambda: (library.remove_programme(programme_id), programme_id)[1],
            self._removed,
            self.window.report,
        )

    def _removed(self, programme_id: str) -> None:
        self.window.report(self.tr("Programm „%s“ entfernt.") % programme_id)
        self.removed.emit(programme_id)

    def _ask_choice(self, labels: list[str]) -> str | None:
        chosen, ok = QInputDialog.getItem(
            self.window, self.tr("Programm entfernen"), self.tr("Welches Programm entfernen?"), labels, 0, False
        )
        return chosen if ok else None

    def _confirm(self, label: str) -> bool:
        answer = QMessageBox.question(
            self.window,
            self.tr("Programm entfernen"),
            self.tr("%s wirklich entfernen? Notizen dazu bleiben erhalten.") % label,
        )
        return answer == QMessageBox.StandardButton.Yes


def install_import_actions(window: Any) -> None:
    """File menu: "Programm importieren …" and "Programm entfernen …"; both refresh the sidebar."""

    def open_dialog() -> None:
        dialog = ImportDialog(window.library, window.runner, window)
        dialog.imported.connect(lambda pid: _changed(window, window.tr("Programm „%s“ importiert.") % pid))
        window.import_dialog = dialog
        dialog.open()

    window.import_programme_action = window._action(
        window.tr("Programm importieren …"),
        window.tr("Ein Wahlprogramm als PDF, Text oder Markdown importieren"),
        ["Ctrl+I"],
        open_dialog,
    )
    removal = ProgrammeRemoval(window.library, window.runner, window)
    removal.removed.connect(lambda _pid: _changed(window, None))
    window.programme_removal = removal
    window.remove_programme_action = window._action(
        window.tr("Programm entfernen …"),
        window.tr("Ein importiertes Wahlprogramm entfernen"),
        ["Ctrl+Alt+P"],
        removal.start,
    )
    window.add_file_action(window.import_programme_action)
    window.add_file_action(window.remove_programme_action)


def _changed(window: Any, message: str | None) -> None:
    if message:
        window.report(message)
    window.sidebar.load()
