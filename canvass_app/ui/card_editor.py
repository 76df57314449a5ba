"""Trainer tools: create and edit answer cards, with quotes taken from the passage text by selection.

A quote is never typed: the trainer picks a passage (filter or browse), selects
words in its read-only text and takes them over; the selection is widened to
whole words. The form is checked live with the same rules as ``canvass
check`` (``Content.validate_card``) and saved into the user's data directory
(``Content.save_card``). Card packs are imported and exported from the File menu.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from canvass_app.content.model import Answer, Card, Citation
from canvass_app.errors import CanvassError
from canvass_app.library import Library
from canvass_app.ui.card_drafts import draft_path, drop_draft, load_draft, save_draft
from canvass_app.ui.card_views import CardCatalogue
from canvass_app.ui.file_exchange import FileExchange
from canvass_app.ui.forms import FormLayout
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.passage_html import line_label
from canvass_app.ui.plain import plain_label, tooltip
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import flatten_topics, service
from canvass_app.ui.tasks import TaskRunner
from canvass_app.ui.theme import status_colors

VALIDATE_MS = 200
MODE_NONE, MODE_CITED, MODE_SILENT = "none", "cited", "silent"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(text: str) -> str:
    """A card ID from a question: lower case, umlauts spelled out, words joined by '-'."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_UMLAUTS))
    ascii_only = folded.encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_only)
    return "-".join(words)[:60].strip("-")


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection to whole words and trim surrounding spaces, so a quote never cuts a word."""
    start, end = max(0, min(start, end)), min(len(text), max(start, end))
    while start > 0 and start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True)
class PassageRow:
    id: str
    programme_id: str
    source: str
    section_title: str
    text: str
    lines: tuple[int, int] | None


@dataclass(frozen=True)
class EditorData:
    card: Card | None
    programmes: tuple[tuple[str, str], ...]
    topics: tuple[tuple[str, str, int], ...]
    passages: tuple[PassageRow, ...]
    existing_ids: frozenset[str]


def load_editor(library: Library, card_id: str) -> EditorData:
    """Runs in a background task: the card to edit (None for a new one) and everything to pick from."""
    content = service(library, "content")
    corpus = service(library, "corpus")
    card = content.card(card_id) if card_id else None
    programmes = []
    passages = []
    for programme in corpus.programmes():
        source = f"{programme.party} · {programme.year}"
        programmes.append((programme.id, source))
        for section in programme.sections:
            for passage in section.passages:
                passages.append(PassageRow(passage.id, programme.id, source, section.title or "Einleitung",
                                           passage.full_text, passage.lines))
    return EditorData(card, tuple(programmes), tuple(flatten_topics(content.topics())), tuple(passages),
                      frozenset(c.id for c in content.cards()))


class PassageRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    PROGRAMME = Qt.ItemDataRole.UserRole + 2
    SOURCE = Qt.ItemDataRole.UserRole + 3
    SECTION = Qt.ItemDataRole.UserRole + 4
    TEXT = Qt.ItemDataRole.UserRole + 5
    ROW = Qt.ItemDataRole.UserRole + 6


class PassageListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[PassageRow, ...] = ()

    def set_rows(self, rows: tuple[PassageRow, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def roleNames(self) -> dict[int, Any]:
        names = {role.value: role.name.lower().encode() for role in PassageRole}
        names[Qt.ItemDataRole.DisplayRole.value] = b"display"
        return names

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            short = row.text if len(row.text) <= 110 else row.text[:109] + "…"
            return f"{row.source} · {row.section_title}\n{short}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(row.text[:600])
        return {
            PassageRole.ID: row.id,
            PassageRole.PROGRAMME: row.programme_id,
            PassageRole.SOURCE: row.source,
            PassageRole.SECTION: row.section_title,
            PassageRole.TEXT: row.text,
            PassageRole.ROW: row,
        }.get(role)


class PassageFilter(QSortFilterProxyModel):
    """Passages of one programme (or all) containing every typed word."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.programme = ""

    def set_filter(self, text: str, programme: str) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.programme = programme
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self.programme and index.data(PassageRole.PROGRAMME) != self.programme:
            return False
        haystack = f"{index.data(PassageRole.TEXT)} {index.data(PassageRole.SECTION)}".casefold()
        return all(w in haystack for w in self.words)


class AnswerBox(QGroupBox):
    """One programme's answer: on the card or not, with quotes or "says nothing", and its summary."""

    changed = Signal()
    citation_chosen = Signal(object)

    def __init__(self, programme_id: str, source: str, parent: QWidget | None = None) -> None:
        super().__init__(source, parent)
        self.programme_id = programme_id
        self.source = source
        self.mode_box = QComboBox()
        self.mode_box.addItem(self.tr("Nicht auf der Karte"), MODE_NONE)
        self.mode_box.addItem(self.tr("Antwort mit Beleg"), MODE_CITED)
        self.mode_box.addItem(self.tr("Dazu steht nichts im Programm"), MODE_SILENT)
        self.mode_box.setAccessibleName(self.tr("Antwort von %s") % source)
        self.mode_box.setToolTip(self.tr("Sagt das Programm etwas dazu (mit Zitat), ausdrücklich nichts, "
                                         "oder gehört es nicht auf diese Karte?"))
        self.summary = QPlainTextEdit()
        self.summary.setAccessibleName(self.tr("Zusammenfassung für %s") % source)
        self.summary.setToolTip(self.tr("In zwei, drei Sätzen, was das Programm dazu sagt (oder dass es schweigt)"))
        self.summary.setPlaceholderText(self.tr("Zusammenfassung in eigenen Worten …"))
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(80)
        self.quotes = QListWidget()
        self.quotes.setAccessibleName(self.tr("Zitate aus %s") % source)
        self.quotes.setToolTip(self.tr("Die Belege; rechts eine Passage wählen, Text markieren, übernehmen"))
        self.quotes.setWordWrap(True)
        self.quotes.setFixedHeight(90)
        self.quotes.currentItemChanged.connect(
            lambda item, _old: self.citation_chosen.emit(item.data(Qt.ItemDataRole.UserRole)) if item else None
        )
        self.remove_button = QPushButton(self.tr("Zitat entfernen"))
        self.remove_button.setAccessibleName(self.tr("Zitat entfernen aus %s") % source)
        self.remove_button.setToolTip(self.tr("Das gewählte Zitat von der Karte nehmen (Entf in der Liste)"))
        self.remove_button.clicked.connect(self.remove_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.quotes, self.remove_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)
        layout = QVBoxLayout(self)
        layout.addWidget(self.mode_box)
        layout.addWidget(self.summary)
        layout.addWidget(self.quotes)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignRight)
        self.mode_box.currentIndexChanged.connect(self._mode_changed)
        self.summary.textChanged.connect(self.changed)
        self._mode_changed()

    def mode(self) -> str:
        return str(self.mode_box.currentData())

    def set_mode(self, mode: str) -> None:
        self.mode_box.setCurrentIndex(max(0, self.mode_box.findData(mode)))

    def _mode_changed(self, *_args: object) -> None:
        mode = self.mode()
        self.summary.setEnabled(mode != MODE_NONE)
        self.quotes.setVisible(mode == MODE_CITED)
        self.remove_button.setVisible(mode == MODE_CITED)
        self.changed.emit()

    def citations(self) -> list[Citation]:
        return [self.quotes.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.quotes.count())]

    def add_citation(self, citation: Citation, where: str) -> None:
        item = QListWidgetItem(f"„{citation.quote}“ — {where}")
        item.setData(Qt.ItemDataRole.UserRole, citation)
        item.setToolTip(tooltip(citation.quote))
        self.quotes.addItem(item)
        if self.mode() != MODE_CITED:
            self.set_mode(MODE_CITED)
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.quotes.currentRow()
        if row >= 0:
            self.quotes.takeItem(row)
            self.changed.emit()

    def load(self, answer: Answer | None, where: Callable[[str], str]) -> None:
        self.quotes.clear()
        self.summary.blockSignals(True)
        self.summary.setPlainText(answer.summary if answer else "")
        self.summary.blockSignals(False)
        for citation in answer.citations if answer else ():
            item = QListWidgetItem(f"„{citation.quote}“ — {where(citation.passage_id)}")
            item.setData(Qt.ItemDataRole.UserRole, citation)
            item.setToolTip(tooltip(citation.quote))
            self.quotes.addItem(item)
        if answer is None:
            self.set_mode(MODE_NONE)
        else:
            self.set_mode(MODE_SILENT if answer.silent else MODE_CITED)

    def answer(self) -> Answer | None:
        mode = self.mode()
        if mode == MODE_NONE:
            return None
        return Answer(
            programme=self.programme_id,
            summary=self.summary.toPlainText().strip(),
            citations=tuple(self.citations()) if mode == MODE_CITED else (),
            silent=mode == MODE_SILENT,
        )


class CardEditorView(ServiceWidget):
    """The form on the left, the passage to quote from on the right; problems shown as you type."""

    view_name = "card-editor"
    location_kinds = ("card-edit",)
    title = "Karte bearbeiten"
    saved = Signal(str)

    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        catalogue: CardCatalogue,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, navigator, runner, report, parent)
        self.catalogue = catalogue
        self.data: EditorData | None = None
        self.card_id = ""  # the stored card being edited; "" for a new card
        self.problems: list[str] = ["Lädt …"]
        self.dirty = False
        self._id_touched = False
        self._filling = False
        self._validation_round = 0
        self.answer_boxes: list[AnswerBox] = []
        self.passage: PassageRow | None = None

        # --- the form ---
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)  # built from escaped parts
        self.heading.setObjectName("viewHeading")
        self.heading.setStyleSheet("font-size: x-large; font-weight: bold;")
        self.id_field = QLineEdit()
        self.id_field.setAccessibleName(self.tr("Karten-ID"))
        self.id_field.setToolTip(self.tr("Kurzname der Karte: nur a–z, 0–9 und Bindestrich; wird aus der Frage vorgeschlagen"))
        self.id_field.textEdited.connect(self._id_edited)
        self.question = QLineEdit()
        self.question.setAccessibleName(self.tr("Frage"))
        self.question.setToolTip(self.tr("Die Frage, wie sie an der Haustür gestellt wird"))
        self.question.setPlaceholderText(self.tr("z. B. Wann kommt hier endlich Glasfaser?"))
        self.question.textEdited.connect(self._question_edited)
        self.phrasings = QPlainTextEdit()
        self.phrasings.setAccessibleName(self.tr("Andere Formulierungen"))
        self.phrasings.setToolTip(self.tr("Wie die Frage sonst gestellt wird, eine pro Zeile (hilft der Suche)"))
        self.phrasings.setPlaceholderText(self.tr("Eine Formulierung pro Zeile"))
        self.phrasings.setTabChangesFocus(True)
        self.phrasings.setFixedHeight(70)
        self.topic_model = QStandardItemModel(self)
        self.topics = QListView()
        self.topics.setModel(self.topic_model)
        self.topics.setAccessibleName(self.tr("Themen der Karte"))
        self.topics.setToolTip(self.tr("Mindestens ein Thema ankreuzen (Leertaste)"))
        self.topics.setFixedHeight(120)
        self.topics.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.topic_model.itemChanged.connect(self._changed)
        self.topic_model.itemChanged.connect(self._update_chosen_topics)
        self.chosen_topics = plain_label(QLabel())
        self.chosen_topics.setObjectName("mutedLabel")
        self.chosen_topics.setWordWrap(True)
        self.chosen_topics.setAccessibleName(self.tr("Gewählte Themen"))
        self.tip = QPlainTextEdit()
        self.tip.setAccessibleName(self.tr("Gesprächstipp"))
        self.tip.setToolTip(self.tr("Ein Rat für das Gespräch an der Tür"))
        self.tip.setTabChangesFocus(True)
        self.tip.setFixedHeight(70)
        for widget in (self.question, self.id_field):
            widget.textChanged.connect(self._changed)
        for edit in (self.phrasings, self.tip):
            edit.textChanged.connect(self._changed)

        form = FormLayout()
        # Labels above the fields: the form stays usable next to the sidebar and the passage picker.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(self.tr("&Frage"), self.question)
        form.addRow(self.tr("Karten-&ID"), self.id_field)
        form.addRow(self.tr("Andere Formulierungen"), self.phrasings)
        form.addRow(self.tr("&Themen"), self.topics)
        form.addRow("", self.chosen_topics)
        form.addRow(self.tr("Gesprächs&tipp"), self.tip)
        self.answers_layout = QVBoxLayout()

        self.problems_label = QLabel()
        self.problems_label.setObjectName("cardProblems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setAccessibleName(self.tr("Prüfung der Karte"))
        self.problems_label.setTextFormat(Qt.TextFormat.RichText)

        self.save_button = QPushButton(self.tr("Speichern"))
        self.save_button.setAccessibleName(self.tr("Karte speichern"))
        self.save_button.setToolTip(self.tr("Karte in Ihrem Datenordner speichern (Strg+S)"))
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.revert_button = QPushButton(self.tr("Verwerfen"))
        self.revert_button.setAccessibleName(self.tr("Änderungen verwerfen"))
        self.revert_button.setToolTip(self.tr("Ungespeicherte Änderungen verwerfen (Strg+Umschalt+R)"))
        self.revert_button.clicked.connect(self.revert)
        QShortcut(QKeySequence("Ctrl+Shift+R"), self, self.revert, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_button = QPushButton(self.tr("Eigene Fassung löschen"))
        self.delete_button.setAccessibleName(self.tr("Eigene Fassung der Karte löschen"))
        self.delete_button.setToolTip(
            self.tr("Ihre Fassung dieser Karte löschen; eine mitgelieferte Karte gleicher ID gilt dann wieder "
                    "(Strg+Umschalt+Entf)")
        )
        self.delete_button.clicked.connect(self.delete_own)
        self.delete_button.setEnabled(False)
        QShortcut(QKeySequence("Ctrl+Shift+Del"), self, self.delete_own,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        form_widget = QWidget()
        form_layout = QVBoxLayout(form_widget)
        form_layout.addWidget(self.heading)
        form_layout.addLayout(form)
        answers_title = QLabel(self.tr("<b>Antworten der Programme</b>"))
        form_layout.addWidget(answers_title)
        form_layout.addLayout(self.answers_layout)
        form_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        scroll.setAccessibleName(self.tr("Kartenformular"))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(scroll, 1)
        left_layout.addWidget(self.problems_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        left_layout.addLayout(buttons)

        # --- the passage picker ---
        self.passage_filter = QLineEdit()
        self.passage_filter.setAccessibleName(self.tr("Passagen filtern"))
        self.passage_filter.setToolTip(self.tr("Passagen finden, die diese Wörter enthalten"))
        self.passage_filter.setPlaceholderText(self.tr("Passage suchen …"))
        self.passage_filter.setClearButtonEnabled(True)
        self.programme_box = QComboBox()
        self.programme_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.programme_box.setMinimumContentsLength(12)
        self.programme_box.setAccessibleName(self.tr("Programm der Passagen"))
        self.programme_box.setToolTip(self.tr("Nur Passagen eines Programms zeigen"))
        self.passage_model = PassageListModel(self)
        self.passage_proxy = PassageFilter(self)
        self.passage_proxy.setSourceModel(self.passage_model)
        self.passage_list = QListView()
        self.passage_list.setModel(self.passage_proxy)
        self.passage_list.setAccessibleName(self.tr("Passagen zum Zitieren"))
        self.passage_list.setToolTip(self.tr("Eine Passage wählen; ihr Text erscheint darunter"))
        self.passage_list.setWordWrap(True)
        self.passage_list.setSpacing(3)
        self.passage_list.setAlternatingRowColors(True)
        self.passage_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.passage_list.selectionModel().currentChanged.connect(self._passage_chosen)
        self.passage_filter.textChanged.connect(self._filter_passages)
        self.programme_box.currentIndexChanged.connect(self._filter_passages)
        self.passage_head = plain_label(QLabel())
        self.passage_head.setWordWrap(True)
        self.passage_head.setObjectName("mutedLabel")
        self.passage_text = QTextEdit()
        self.passage_text.setObjectName("passageText")
        self.passage_text.setReadOnly(True)
        self.passage_text.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.passage_text.setAccessibleName(self.tr("Text der Passage; Zitat mit der Maus markieren"))
        self.passage_text.setToolTip(self.tr("Den Satz markieren, der als Zitat auf die Karte soll"))
        self.passage_text.copyAvailable.connect(lambda available: self.take_button.setEnabled(available))
        self.take_button = QPushButton(self.tr("Auswahl als Zitat übernehmen"))
        self.take_button.setAccessibleName(self.tr("Auswahl als Zitat übernehmen"))
        self.take_button.setToolTip(self.tr("Den markierten Text wörtlich als Beleg übernehmen (Strg+Umschalt+U)"))
        self.take_button.setEnabled(False)
        self.take_button.clicked.connect(self.take_quote)
        QShortcut(QKeySequence("Ctrl+Shift+U"), self, self.take_quote, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel(self.tr("<b>Zitat aus dem Programm</b>")))
        pick = QHBoxLayout()
        pick.addWidget(self.passage_filter, 3)
        pick.addWidget(self.programme_box, 2)
        right_layout.addLayout(pick)
        right_layout.addWidget(self.passage_list, 2)
        right_layout.addWidget(self.passage_head)
        right_layout.addWidget(self.passage_text, 2)
        right_layout.addWidget(self.take_button)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(splitter)

        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_MS)
        self._validate_timer.timeout.connect(self.validate)

    # --- the view protocol ----------------------------------------------------
    def show_location(self, location: Location) -> None:
        if self.data is not None and location.target == self.card_id and self.dirty:
            return  # coming back to a card being edited: keep the unsaved form
        if self.data is not None and not self.may_close():
            return  # the trainer keeps working on the unsaved card
        self.load(location.target)

    def focus_widget(self) -> QWidget:
        return self.question

    # --- loading --------------------------------------------------------------------
    def load(self, card_id: str) -> None:
        library = self.library
        self.heading.setText(self.tr("Lädt …"))
        self.runner.run(self, lambda: load_editor(library, card_id), self._fill, self._failed)

    def _failed(self, message: str) -> None:
        self.heading.setText(html.escape(message))
        self.report(message)

    def _where(self, passage_id: str) -> str:
        row = self._passage_row(passage_id)
        if row is None:
            return self.tr("Passage %s (nicht gefunden)") % passage_id
        lines = line_label(row.lines)
        return f"{row.source}, „{row.section_title}“" + (f", {lines}" if lines else "")

    def _passage_row(self, passage_id: str) -> PassageRow | None:
        if self.data is None:
            return None
        return next((p for p in self.data.passages if p.id == passage_id), None)

    def _fill(self, data: EditorData) -> None:
        draft = load_draft(self.library.data_dir, data.card.id if data.card else "")
        if draft is not None:
            # The form as the trainer left it; the stored card (if any) stays as it is until saved.
            origin = data.card.origin if data.card else "user"
            data = EditorData(
                replace(draft, id=data.card.id, origin=origin) if data.card else draft,
                data.programmes, data.topics, data.passages, data.existing_ids,
            )
            self.report(self.tr("Entwurf wiederhergestellt; die Karte ist noch nicht gespeichert."))
        self._filling = True
        self.data = data
        card = data.card
        self.card_id = card.id if card and not (draft is not None and data.card is draft) else ""
        self.delete_button.setEnabled(bool(self.card_id) and card is not None and card.origin == "user")
        self.heading.setText(self.tr("Karte bearbeiten") if self.card_id else self.tr("Neue Karte"))
        self.id_field.setText(card.id if card else "")
        self.id_field.setReadOnly(bool(self.card_id))
        self._id_touched = card is not None
        self.question.setText(card.question if card else "")
        self.question.setCursorPosition(0)
        self.phrasings.setPlainText("\n".join(card.phrasings) if card else "")
        self.tip.setPlainText(card.tip if card else "")
        self.topic_model.clear()
        chosen = set(card.topics) if card else set()
        for tid, title, depth in data.topics:
            item = QStandardItem("    " * depth + title)
            item.setCheckable(True)
            item.setCheckState(Qt.CheckState.Checked if tid in chosen else Qt.CheckState.Unchecked)
            item.setData(tid, Qt.ItemDataRole.UserRole)
            item.setToolTip(tooltip(tid))
            self.topic_model.appendRow(item)
        # The list shows three topics of a hundred: bring the card's first one into view,
        # or the trainer sees only unticked boxes and "Gewählt: …" names one not shown.
        first = next(
            (self.topic_model.index(r, 0) for r in range(self.topic_model.rowCount())
             if self.topic_model.item(r).checkState() == Qt.CheckState.Checked),
            None,
        )
        if first is not None:
            self.topics.scrollTo(first, QAbstractItemView.ScrollHint.PositionAtTop)
        else:
            self.topics.scrollToTop()
        for box in self.answer_boxes:
            # Not setParent(None): that makes a top-level window for a moment and steals the activation.
            self.answers_layout.removeWidget(box)
            box.hide()
            box.deleteLater()
        self.answer_boxes = []
        for pid, source in data.programmes:
            box = AnswerBox(pid, source)
            box.load(card.answer_for(pid) if card else None, self._where)
            box.changed.connect(self._changed)
            box.citation_chosen.connect(self.show_citation)
            self.answers_layout.addWidget(box)
            self.answer_boxes.append(box)
        self.passage_model.set_rows(data.passages)
        self.programme_box.blockSignals(True)
        self.programme_box.clear()
        self.programme_box.addItem(self.tr("Alle Programme"), "")
        for pid, source in data.programmes:
            self.programme_box.addItem(source, pid)
        self.programme_box.blockSignals(False)
        self._filter_passages()
        self._update_chosen_topics()
        if card is not None and card.citations():
            self.show_citation(card.citations()[0])
        self._filling = False
        # A restored draft differs from what is stored: closing asks again.
        self.dirty = draft is not None
        self.validate()

    # --- editing ----------------------------------------------------------------------
    def _id_edited(self, _text: str) -> None:
        self._id_touched = True

    def _question_edited(self, text: str) -> None:
        if not self._id_touched:
            self.id_field.setText(slug(text))

    def _changed(self, *_args: object) -> None:
        if self._filling:
            return
        self.dirty = True
        self._validate_timer.start()

    def current_card(self) -> Card:
        phrasings = tuple(line.strip() for line in self.phrasings.toPlainText().splitlines() if line.strip())
        topics = tuple(
            str(self.topic_model.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.topic_model.rowCount())
            if self.topic_model.item(r).checkState() == Qt.CheckState.Checked
        )
        answers = tuple(a for a in (box.answer() for box in self.answer_boxes) if a is not None)
        return Card(
            id=self.id_field.text().strip(),
            question=self.question.text().strip(),
            phrasings=phrasings,
            answers=answers,
            topics=topics,
            tip=self.tip.toPlainText().strip(),
            origin="user",
        )

    def _extra_problems(self, card: Card) -> list[str]:
        if self.data is not None and not self.card_id and card.id in self.data.existing_ids:
            return [f"eine Karte mit der ID „{card.id}“ gibt es schon; bitte eine andere ID wählen"]
        return []

    def validate(self) -> None:
        """Check the form with the rules of ``canvass check`` (in the background)."""
        self._validate_timer.stop()
        card = self.current_card()
        extra = self._extra_problems(card)
        library = self.library
        self._validation_round += 1
        round_ = self._validation_round

        def done(problems: list[str]) -> None:
            if round_ == self._validation_round:
                self._show_problems(extra + list(problems))

        self.runner.run(self, lambda: service(library, "content").validate_card(card), done, self.report)

    def _readable(self, problem: str) -> str:
        """A check result in the trainer's words: programmes by party and year, not by internal ID."""
        if self.data is not None:
            for pid, source in self.data.programmes:
                problem = problem.replace(f"Antwort {pid}:", f"Antwort von {source}:").replace(pid, source)
        problem = re.sub(r"unbekannte Passage '[^']*'", "ein Zitat verweist auf eine Textstelle, die es nicht gibt",
                         problem)
        # An empty ID is missing, not "'' ungültig"; a given one in German quotes.
        problem = re.sub(r"^Karten-ID '' ist ungültig.*$", "die Karten-ID fehlt (sie wird aus der Frage vorgeschlagen)",
                         problem)
        problem = re.sub(r"Karten-ID '([^']+)' ist ungültig", r"Karten-ID „\1“ ist ungültig", problem)
        if self.data is not None:
            titles = {tid: title for tid, title, _depth in self.data.topics}
            problem = re.sub(r"unbekanntes Thema '([^']*)'",
                             lambda m: f"unbekanntes Thema „{titles.get(m.group(1), m.group(1))}“", problem)
        return problem

    def _show_problems(self, problems: list[str]) -> None:
        problems = [self._readable(p) for p in problems]
        self.problems = problems
        error_color, ok_color = status_colors(self.palette())
        if problems:
            items = "".join(f"<li>{html.escape(p)}</li>" for p in problems[:12])
            more = f"<li>… und {len(problems) - 12} weitere</li>" if len(problems) > 12 else ""
            self.problems_label.setText(
                f"<b style='color:{error_color};'>Noch nicht speicherbar ({len(problems)}):</b><ul style='margin:0;'>"
                f"{items}{more}</ul>"
            )
        else:
            self.problems_label.setText(
                f"<b style='color:{ok_color};'>✓ Die Karte ist in Ordnung und kann gespeichert werden.</b>"
            )
        self.save_button.setEnabled(not problems)

    # --- passages and quotes -------------------------------------------------------------
    def _filter_passages(self, *_args: object) -> None:
        self.passage_proxy.set_filter(self.passage_filter.text(), str(self.programme_box.currentData() or ""))
        if not self.passage_list.currentIndex().isValid() and self.passage_proxy.rowCount():
            self.passage_list.setCurrentIndex(self.passage_proxy.index(0, 0))

    def _passage_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(PassageRole.ROW)
        if isinstance(row, PassageRow):
            self.show_passage(row.id)

    def show_passage(self, passage_id: str) -> None:
        row = self._passage_row(passage_id)
        if row is None:
            return
        self.passage = row
        self.passage_head.setText(self._where(row.id))
        self.passage_text.setPlainText(row.text)
        self.take_button.setEnabled(False)

    def show_citation(self, citation: Citation) -> None:
        """Show the passage a quote comes from, with the quote selected."""
        self._reveal_in_list(citation.passage_id)
        self.show_passage(citation.passage_id)
        text = self.passage_text.toPlainText()
        start = text.find(citation.quote)
        if start >= 0:
            self.select_in_passage(start, start + len(citation.quote))
            self.passage_text.ensureCursorVisible()

    def _reveal_in_list(self, passage_id: str) -> None:
        rows = self.passage_model.rows
        row = next((i for i, p in enumerate(rows) if p.id == passage_id), -1)
        if row < 0:
            return
        index = self.passage_proxy.mapFromSource(self.passage_model.index(row))
        if not index.isValid():
            self.passage_filter.clear()
            self.programme_box.setCurrentIndex(0)
            index = self.passage_proxy.mapFromSource(self.passage_model.index(row))
        selection = self.passage_list.selectionModel()
        selection.blockSignals(True)  # the caller shows the passage itself, with a selection
        self.passage_list.setCurrentIndex(index)
        selection.blockSignals(False)
        self.passage_list.scrollTo(index)
        self.passage_list.viewport().update()

    def _update_chosen_topics(self, *_args: object) -> None:
        names = [
            self.topic_model.item(r).text().strip()
            for r in range(self.topic_model.rowCount())
            if self.topic_model.item(r).checkState() == Qt.CheckState.Checked
        ]
        self.chosen_topics.setText(self.tr("Gewählt: %s") % ", ".join(names) if names else self.tr("Noch kein Thema gewählt."))

    def select_in_passage(self, start: int, end: int) -> None:
        """Select characters ``start``–``end`` of the shown passage (what a mouse drag does)."""
        cursor = self.passage_text.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.passage_text.setTextCursor(cursor)

    def take_quote(self) -> None:
        row = self.passage
        cursor = self.passage_text.textCursor()
        if row is None or not cursor.hasSelection():
            self.report(self.tr("Bitte zuerst im Text der Passage den Satz markieren, der zitiert werden soll."))
            return
        text = self.passage_text.toPlainText()
        start, end = whole_words(text, cursor.selectionStart(), cursor.selectionEnd())
        quote = text[start:end]
        if not quote.strip():
            self.report(self.tr("Die Auswahl enthält keinen Text."))
            return
        box = next((b for b in self.answer_boxes if b.programme_id == row.programme_id), None)
        if box is None:
            self.report(self.tr("Zu diesem Programm gibt es auf der Karte keine Antwort."))
            return
        if any(c.passage_id == row.id and c.quote == quote for c in box.citations()):
            self.report(self.tr("Dieses Zitat steht schon auf der Karte."))
            return
        box.add_citation(Citation(row.id, quote), self._where(row.id))
        self.report(self.tr("Zitat für %s übernommen.") % row.source)

    # --- saving -------------------------------------------------------------------------
    def save(self) -> None:
        card = self.current_card()
        extra = self._extra_problems(card)
        if extra:
            self._show_problems(extra)
            self.report(self.tr("Die Karte wurde nicht gespeichert: %s.") % extra[0])
            return
        library = self.library

        draft_id = self.card_id

        def done(stored: Card) -> None:
            self.dirty = False
            drop_draft(self.library.data_dir, draft_id)
            self.card_id = stored.id
            self.id_field.setReadOnly(True)
            self.report(self.tr("Karte „%s“ gespeichert.") % stored.question)
            self.saved.emit(stored.id)
            self.catalogue.reload()
            self.navigator.open(Location("card", stored.id))

        self.runner.run(self, lambda: service(library, "content").save_card(card), done, self._save_failed)

    def _save_failed(self, message: str) -> None:
        self.report(message)
        self.validate()

    def ask_revert(self) -> bool:
        """Whether the trainer really throws away the changes (tests replace this)."""
        answer = QMessageBox.question(
            self.window(),
            self.tr("Änderungen verwerfen"),
            self.tr("Alle ungespeicherten Änderungen an der Karte „%s“ verwerfen?") % self.question.text(),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def revert(self) -> None:
        if (self.dirty or self._has_draft()) and not self.ask_revert():
            return
        self.dirty = False
        drop_draft(self.library.data_dir, self.card_id)
        self.load(self.card_id)

    def _has_draft(self) -> bool:
        return draft_path(self.library.data_dir, self.card_id).is_file()

    def keep_draft(self) -> None:
        """Keep the form as it is, complete or not, to finish later (the editor offers it back)."""
        try:
            save_draft(self.library.data_dir, self.card_id, self.current_card())
        except OSError:
            self.report(self.tr("Der Entwurf konnte nicht gespeichert werden; bitte Speicherplatz und Rechte prüfen."))
            return
        self.dirty = False
        self.report(self.tr("Entwurf behalten; die Karte ist noch nicht gespeichert."))

    def ask_delete(self) -> bool:
        """Whether the trainer really deletes their own card (tests replace this)."""
        answer = QMessageBox.question(
            self.window(),
            self.tr("Eigene Fassung löschen"),
            self.tr("Ihre Fassung der Karte „%s“ löschen? Das lässt sich nicht rückgängig machen.")
            % self.question.text(),
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_own(self) -> None:
        card = self.data.card if self.data is not None else None
        if card is None or card.origin != "user" or not self.ask_delete():
            return
        library, card_id = self.library, card.id

        def work() -> bool:
            content = service(library, "content")
            content.delete_card(card_id)
            # A shipped card of the same ID shows again; otherwise the card is gone.
            return any(c.id == card_id for c in content.cards())

        def done(shipped_again: bool) -> None:
            self.dirty = False
            self.data = None
            self.catalogue.reload()
            self.report(self.tr("Ihre Fassung der Karte wurde gelöscht."))
            self.navigator.open(Location("card", card_id if shipped_again else ""))

        self.runner.run(self, work, done, self.report)

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        """Save (or keep as a draft, when the card is incomplete), Discard or Cancel (tests replace this)."""
        incomplete = bool(self.problems)
        question = (
            self.tr("Die Karte „%s“ ist noch nicht vollständig. Als Entwurf behalten, um sie später fertigzustellen?")
            if incomplete
            else self.tr("Die Karte „%s“ hat ungespeicherte Änderungen. Speichern?")
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Karte bearbeiten"),
            question % self.question.text(),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self.window(),
        )
        box.button(QMessageBox.StandardButton.Save).setText(
            self.tr("Als Entwurf behalten") if incomplete else self.tr("Speichern")
        )
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("Verwerfen"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        return QMessageBox.StandardButton(box.exec())

    def may_close(self) -> bool:
        """True when the form may go: nothing unsaved, saved now, or discarded by the trainer.

        Saving here runs on the UI thread on purpose: the window is about to close
        and must not go before the card is on disk.
        """
        if not self.dirty:
            return True
        answer = self.ask_unsaved()
        if answer == QMessageBox.StandardButton.Discard:
            self.dirty = False
            drop_draft(self.library.data_dir, self.card_id)
            return True
        if answer != QMessageBox.StandardButton.Save:
            return False
        card = self.current_card()
        if self.problems:
            # Incomplete: saving would fail, so the form is kept as a draft instead.
            self.keep_draft()
            return not self.dirty
        problems = self._extra_problems(card)
        try:
            if problems:
                raise CanvassError(self.tr("Die Karte wurde nicht gespeichert: %s.") % problems[0])
            service(self.library, "content").save_card(card)
        except CanvassError as error:
            self.report(error.message)
            self.validate()
            return False
        self.dirty = False
        drop_draft(self.library.data_dir, self.card_id)
        return True


# --- File menu: card packs ----------------------------------------------------------------

PACK_FILTER = "Kartenpakete (*.json);;Alle Dateien (*)"


class CardPackExchange(FileExchange):
    """Import and export of card packs from the File menu."""

    def __init__(self, window: Any, catalogue: CardCatalogue) -> None:
        super().__init__(
            window,
            window.tr("Kartenpaket exportieren"),
            window.tr("Kartenpaket importieren"),
            "canvass-karten.json",
            PACK_FILTER,
        )
        self.catalogue = catalogue
        self.last_problems: list[str] = []

    def export_to(self, path: Path) -> None:
        window, library = self.window, self.window.library

        def done(count: int) -> None:
            window.report(window.tr("%d Karten als Kartenpaket nach %s exportiert.") % (count, path))

        window.runner.run(self, lambda: int(service(library, "content").export_pack(path)), done, window.report)

    def import_from(self, path: Path) -> None:
        window, library = self.window, self.window.library
        self.last_problems = []

        def work() -> tuple[int, str, list[str]]:
            try:
                cards = service(library, "content").import_pack(path)
            except CanvassError as error:
                problems = [str(p) for p in getattr(error, "problems", [])]
                return -1, error.message, problems
            return len(cards), "", []

        def done(result: tuple[int, str, list[str]]) -> None:
            count, message, problems = result
            if count < 0:
                self.last_problems = problems
                window.report(message)
                if problems:
                    box = QMessageBox(QMessageBox.Icon.Warning, window.tr("Kartenpaket nicht importiert"), message,
                                      QMessageBox.StandardButton.Ok, window)
                    box.setTextFormat(Qt.TextFormat.PlainText)
                    box.setDetailedText("\n".join(problems))
                    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                    box.open()
                return
            window.report(window.tr("%d Karten aus %s importiert.") % (count, path.name))
            self.catalogue.reload()

        window.runner.run(self, work, done, window.report)


def install_trainer_actions(window: Any, catalogue: CardCatalogue) -> CardPackExchange:
    """"Neue Karte", "Karte bearbeiten" (Go menu) and card-pack import/export (File menu)."""
    def edit_current() -> None:
        current = window.navigator.current
        card_id = ""
        if current is not None and current.kind in ("card", "doorstep"):
            entry = window.card_view.entry
            card_id = entry.id if entry is not None else current.target
        if not card_id:
            window.report(window.tr("Bitte zuerst eine Antwortkarte öffnen (Strg+4)."))
            return
        window.navigator.open(Location("card-edit", card_id))

    window.new_card_action = window._action(
        window.tr("Neue Karte"), window.tr("Eine neue Antwortkarte anlegen"), [QKeySequence.StandardKey.New, "Ctrl+N"],
        lambda: window.navigator.open(Location("card-edit", "")),
    )
    window.edit_card_action = window._action(
        window.tr("Karte bearbeiten"), window.tr("Die geöffnete Antwortkarte bearbeiten"), ["Ctrl+E"], edit_current
    )
    window.go_menu.addAction(window.new_card_action)
    window.go_menu.addAction(window.edit_card_action)
    exchange = CardPackExchange(window, catalogue)
    window.card_pack_exchange = exchange
    window.import_pack_action = window._action(
        window.tr("Kartenpaket importieren …"), window.tr("Karten aus einem Kartenpaket übernehmen"),
        ["Ctrl+Shift+I"], exchange.import_dialog,
    )
    window.export_pack_action = window._action(
        window.tr("Kartenpaket exportieren …"), window.tr("Alle Karten als Kartenpaket speichern"),
        ["Ctrl+Shift+E"], exchange.export_dialog,
    )
    window.add_file_action(window.import_pack_action)
    window.add_file_action(window.export_pack_action)
    return exchange
