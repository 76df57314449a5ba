"""Answer cards: the list of doorstep questions to browse and filter, and one card large enough to read at arm's length."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QStyle,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from canvass_app.content.model import Card
from canvass_app.errors import CanvassError
from canvass_app.library import Library
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.notes_panel import NoteMarks, notes_marker
from canvass_app.ui.passage_html import Colors, line_label
from canvass_app.ui.plain import plain_label, tooltip
from canvass_app.ui.rich_delegate import RichTextDelegate, lay_out_in_batches
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import field_of, flatten_topics, service
from canvass_app.ui.tasks import TaskRunner
from canvass_app.ui.theme import ReadingBrowser, html_colors

SILENT = "Dazu steht nichts im Programm."
# The card list measures this many rows per turn of the event loop; a card chosen further
# down is scrolled to once the layout reached it (retried every few milliseconds).
CARD_BATCH = 8
SCROLL_TRIES = 100
SCROLL_RETRY_MS = 20
# A card pane narrower than this many average characters (1024 pixels with the sidebar and
# the notes dock open: about 32) shows the question and party names one size smaller: at
# their full size the question alone filled the first screen, no answer in sight.
NARROW_CARD_CHARS = 40
NOT_ON_CARD = "Diese Karte sagt nichts zu diesem Programm; der Themenvergleich zeigt, was darin steht."


# --- what a card shows, resolved against the corpus (no Qt) ------------------------

@dataclass(frozen=True)
class CitationView:
    passage_id: str
    quote: str
    section_title: str = ""
    lines: tuple[int, int] | None = None
    found: bool = True


@dataclass(frozen=True)
class AnswerView:
    programme_id: str
    party: str
    year: int | None
    programme_title: str
    summary: str
    silent: bool
    on_card: bool
    citations: tuple[CitationView, ...] = ()

    @property
    def party_year(self) -> str:
        return f"{self.party} · {self.year}" if self.year else self.party


@dataclass(frozen=True)
class CardEntry:
    """One card with everything its views show: answers per programme (party and year), topics by title."""

    card: Card
    answers: tuple[AnswerView, ...]
    topics: tuple[tuple[str, str], ...]
    # The card's topics and their parent topics: filtering by a topic finds the cards of its subtopics.
    topic_family: frozenset[str]
    search_text: str

    @property
    def id(self) -> str:
        return self.card.id

    @property
    def question(self) -> str:
        return self.card.question


def _entry(card: Card, programmes: list[Any], passages: dict[str, tuple[Any, str]],
           titles: dict[str, str], parents: dict[str, str | None]) -> CardEntry:
    answers: list[AnswerView] = []
    known = {p.id for p in programmes}
    for programme in programmes:
        answer = card.answer_for(programme.id)
        citations: list[CitationView] = []
        for citation in answer.citations if answer else ():
            found = passages.get(citation.passage_id)
            if found is None:
                citations.append(CitationView(citation.passage_id, citation.quote, found=False))
            else:
                passage, section_title = found
                citations.append(CitationView(citation.passage_id, citation.quote, section_title, passage.lines))
        answers.append(AnswerView(
            programme_id=programme.id, party=programme.party, year=programme.year,
            programme_title=programme.title, summary=answer.summary if answer else "",
            silent=bool(answer and answer.silent), on_card=answer is not None, citations=tuple(citations),
        ))
    for answer in card.answers:  # an answer for a programme that is not (or no longer) in the corpus
        if answer.programme not in known:
            answers.append(AnswerView(answer.programme, answer.programme, None, "", answer.summary, answer.silent,
                                      True, tuple(CitationView(c.passage_id, c.quote, found=False) for c in answer.citations)))
    family: set[str] = set()
    for topic_id in card.topics:
        current: str | None = topic_id
        while current and current not in family:
            family.add(current)
            current = parents.get(current)
    topics = tuple((t, titles.get(t, t)) for t in card.topics)
    words = [card.question, *card.phrasings, card.tip, *(title for _t, title in topics), *(a.summary for a in card.answers)]
    return CardEntry(card, tuple(answers), topics, frozenset(family), " ".join(words).casefold())


def load_catalogue(library: Library) -> list[CardEntry]:
    """Runs in a background task: every card, resolved for display."""
    content = service(library, "content")
    corpus = service(library, "corpus")
    cards = list(content.cards())
    # The programmes' metadata, and only the passages the cards cite: a library of fifty
    # programmes is not read to show a card.
    catalog = getattr(corpus, "catalog", None)
    programmes: list[Any] = list(catalog()) if catalog is not None else list(corpus.programmes())
    passages: dict[str, tuple[Any, str]] = {}
    for card in cards:
        for answer in card.answers:
            for citation in answer.citations:
                if citation.passage_id not in passages:
                    found = _cited(corpus, citation.passage_id)
                    if found is not None:
                        passages[citation.passage_id] = found
    topics = list(content.topics())
    titles = {str(field_of(t, "id")): str(field_of(t, "title")) for t in topics}
    parents = {str(field_of(t, "id")): field_of(t, "parent") for t in topics}
    return [_entry(card, programmes, passages, titles, parents) for card in cards]


def _cited(corpus: Any, passage_id: str) -> tuple[Any, str] | None:
    """A cited passage and its section's title, reading its programme only; None when it is gone."""
    getter = getattr(corpus, "passage", None)
    try:
        if getter is not None:
            passage = getter(passage_id)
            return passage, corpus.section_of(passage).title
        for programme in corpus.programmes():
            for section in programme.sections:
                for passage in section.passages:
                    if passage.id == passage_id:
                        return passage, section.title
    except (CanvassError, KeyError):
        return None
    return None


def card_html(entry: CardEntry, colors: Colors, notes: int = 0, narrow: bool = False) -> str:
    """The card for the card view: question, per-programme answers with party and year, quotes, tip, topics.

    ``narrow``: the question and the party names one size smaller, for a card narrower
    than NARROW_CARD_CHARS (see :class:`CardView`).
    """
    card = entry.card
    question_size, party_size = ("x-large", "large") if narrow else ("xx-large", "x-large")
    # Arm's length: relative sizes on top of the reading size, so Strg+Plus still scales the card.
    out = [f"<p style='font-size:{question_size}; font-weight:bold; margin:0 0 4px 0;'>{html.escape(card.question)}</p>"]
    meta: list[str] = []
    if card.origin == "user":
        meta.append("eigene Karte")
    if notes:
        meta.append(f"<a href='notes:{html.escape(card.id)}'>{notes_marker(notes)}</a>")
    if card.phrasings:
        out.append(
            f"<p style='color:{colors.muted}; margin-top:0;'>Auch gefragt als: "
            + " · ".join(f"„{html.escape(p)}“" for p in card.phrasings) + "</p>"
        )
    if meta:
        out.append(f"<p style='color:{colors.muted}; margin-top:0;'>{' · '.join(meta)}</p>")
    for answer in entry.answers:
        year = (f"&nbsp;&nbsp;<span style='color:{colors.link};'>{answer.year}</span>" if answer.year else "")
        out.append(
            f"<p style='font-size:{party_size}; font-weight:bold; margin:14px 0 0 0;'>{html.escape(answer.party)}{year}</p>"
            f"<p style='margin-top:0; color:{colors.muted};'>Programm von {answer.year or '?'}"
            f"{': ' + html.escape(answer.programme_title) if answer.programme_title else ''}</p>"
        )
        if not answer.on_card:
            out.append(f"<p style='color:{colors.muted};'><i>{html.escape(NOT_ON_CARD)}</i></p>")
            continue
        if answer.silent:
            out.append(
                f"<table width='100%' cellpadding='10' style='background-color:{colors.focus_bg};'>"
                f"<tr><td><b>{SILENT}</b><br>{html.escape(answer.summary)}</td></tr></table>"
            )
            continue
        out.append(f"<p>{html.escape(answer.summary)}</p>")
        for citation in answer.citations:
            where = ", ".join(p for p in (
                f"Abschnitt „{html.escape(citation.section_title)}“" if citation.section_title else "",
                line_label(citation.lines),
            ) if p)
            if not citation.found:
                where = "Textstelle nicht gefunden"
            out.append(
                f"<blockquote style='margin-left:16px;'>„{html.escape(citation.quote)}“<br>"
                f"<span style='color:{colors.muted}; font-size:small;'>— {html.escape(answer.party)} "
                f"{answer.year or ''}{', ' + where if where else ''} · "
                f"<a href='passage:{html.escape(citation.passage_id)}'>im Programm lesen</a></span></blockquote>"
            )
    if card.tip:
        out.append(
            f"<table width='100%' cellpadding='10' style='margin-top:12px; background-color:{colors.focus_bg};'>"
            f"<tr><td><b>Gesprächstipp:</b> {html.escape(card.tip)}</td></tr></table>"
        )
    if entry.topics:
        out.append(
            f"<p style='color:{colors.muted};'>Themen: "
            + ", ".join(f"<a href='topic:{html.escape(t)}'>{html.escape(title)}</a>" for t, title in entry.topics)
            + "</p>"
        )
    return "<div style='font-size:large;'>" + "\n".join(out) + "</div>"


# --- the shared catalogue ----------------------------------------------------------

class CardCatalogue(QObject):
    """The loaded cards, shared by the card list, the doorstep mode and the card editor."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, library: Library, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.entries: list[CardEntry] = []
        self.topics: list[tuple[str, str, int]] = []
        self.is_loaded = False
        self._loading = False

    @property
    def loading(self) -> bool:
        return self._loading

    def load(self) -> None:
        """Load once; views call this when they are first shown."""
        if not self.is_loaded and not self._loading:
            self.reload()

    def reload(self) -> None:
        """Read the cards again (after a trainer saved or imported cards)."""
        self._loading = True
        library = self.library

        def work() -> tuple[list[CardEntry], list[tuple[str, str, int]]]:
            content = service(library, "content")
            reload = getattr(content, "reload", None)
            if callable(reload):  # files may have changed on disk (an import, another program)
                reload()
            return load_catalogue(library), flatten_topics(content.topics())

        self.runner.run(self, work, self._done, self._failed)

    def _done(self, result: tuple[list[CardEntry], list[tuple[str, str, int]]]) -> None:
        self.entries, self.topics = result
        self.is_loaded = True
        self._loading = False
        self.loaded.emit()

    def _failed(self, message: str) -> None:
        self._loading = False
        self.failed.emit(message)

    def entry(self, card_id: str) -> CardEntry | None:
        return next((e for e in self.entries if e.id == card_id), None)


class CardRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    QUESTION = Qt.ItemDataRole.UserRole + 2
    TOPICS = Qt.ItemDataRole.UserRole + 3
    PROGRAMMES = Qt.ItemDataRole.UserRole + 4
    ORIGIN = Qt.ItemDataRole.UserRole + 5
    NOTES = Qt.ItemDataRole.UserRole + 6
    SEARCH_TEXT = Qt.ItemDataRole.UserRole + 7
    TOPIC_FAMILY = Qt.ItemDataRole.UserRole + 8
    ENTRY = Qt.ItemDataRole.UserRole + 9


class CardListModel(QAbstractListModel):
    """The cards of the catalogue with named roles; notes counts come from the note marks."""

    def __init__(self, catalogue: CardCatalogue, marks: NoteMarks | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.marks = marks
        self._entries: list[CardEntry] = []
        catalogue.loaded.connect(self._reset)
        if marks is not None:
            marks.changed.connect(self._notes_changed)

    def _reset(self) -> None:
        self.beginResetModel()
        self._entries = list(self.catalogue.entries)
        self.endResetModel()

    def _notes_changed(self) -> None:
        if self._entries:
            self.dataChanged.emit(self.index(0), self.index(len(self._entries) - 1), [CardRole.NOTES.value])

    def entry_at(self, row: int) -> CardEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, card_id: str) -> int:
        return next((i for i, e in enumerate(self._entries) if e.id == card_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def roleNames(self) -> dict[int, Any]:
        names = {role.value: role.name.lower().encode() for role in CardRole}
        names[Qt.ItemDataRole.DisplayRole.value] = b"display"
        return names

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.question
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"Antwortkarte: {entry.question} (Themen: {', '.join(t for _i, t in entry.topics)})"
            return tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == CardRole.ID:
            return entry.id
        if role == CardRole.QUESTION:
            return entry.question
        if role == CardRole.TOPICS:
            return [title for _tid, title in entry.topics]
        if role == CardRole.PROGRAMMES:
            return [a.party_year for a in entry.answers if a.on_card]
        if role == CardRole.ORIGIN:
            return entry.card.origin
        if role == CardRole.NOTES:
            return self.marks.count("card", entry.id) if self.marks is not None else 0
        if role == CardRole.SEARCH_TEXT:
            return entry.search_text
        if role == CardRole.TOPIC_FAMILY:
            return entry.topic_family
        if role == CardRole.ENTRY:
            return entry
        return None


class CardFilter(QSortFilterProxyModel):
    """Cards whose question, phrasings, tip, topics or answers contain every typed word, within a topic."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self._topic: str | None = None

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange()

    def set_topic(self, topic_id: str | None) -> None:
        self.beginFilterChange()
        self._topic = topic_id or None
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        if self._topic and self._topic not in (index.data(CardRole.TOPIC_FAMILY) or ()):
            return False
        text = str(index.data(CardRole.SEARCH_TEXT) or "")
        return all(word in text for word in self._words)


class CardDelegate(RichTextDelegate):
    """The question in bold, then the topics, the origin and the notes mark in a muted line."""

    PADDING = 8
    DEFAULT_WIDTH = 300

    CACHE_LIMIT = 2000

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Laid-out rows: painting and sizing ask for the same row many times (a text-size
        # step re-measures every row); a row is laid out again only when what it shows changes.
        self._cache: dict[tuple[Any, ...], QTextDocument] = {}

    def document(self, index: QModelIndex | QPersistentModelIndex, option: QStyleOptionViewItem, width: int) -> QTextDocument:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        key = (
            index.data(CardRole.ID), index.data(CardRole.QUESTION), tuple(index.data(CardRole.TOPICS) or ()),
            index.data(CardRole.ORIGIN), index.data(CardRole.NOTES), selected, width,
            option.font.key(), option.palette.cacheKey(),
        )
        doc = self._cache.get(key)
        if doc is None:
            if len(self._cache) > self.CACHE_LIMIT:
                self._cache.clear()
            doc = self._cache[key] = self._layout(index, option, width, selected)
        return doc

    def _layout(
        self, index: QModelIndex | QPersistentModelIndex, option: QStyleOptionViewItem, width: int, selected: bool
    ) -> QTextDocument:
        palette = option.palette
        text_color = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text).name()
        muted = text_color if selected else html_colors(palette).muted
        meta = [html.escape(", ".join(index.data(CardRole.TOPICS) or []))]
        if index.data(CardRole.ORIGIN) == "user":
            meta.append("eigene Karte")
        marker = notes_marker(int(index.data(CardRole.NOTES) or 0))
        if marker:
            meta.append(f"<b>{marker}</b>")
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setHtml(
            f"<div style='color:{text_color};'><p style='margin:0 0 3px 0;'><b>"
            f"{html.escape(str(index.data(CardRole.QUESTION) or ''))}</b></p>"
            f"<p style='margin:0; color:{muted}; font-size:small;'>{' · '.join(m for m in meta if m)}</p></div>"
        )
        doc.setTextWidth(max(50, width - 2 * self.PADDING))
        return doc


# --- the view ----------------------------------------------------------------------

class CardView(ServiceWidget):
    """Left: the questions, filtered as you type; right: the chosen card in large type."""

    view_name = "card"
    location_kinds = ("card",)
    title = "Antwortkarten"
    note_requested = Signal()

    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        catalogue: CardCatalogue,
        marks: NoteMarks | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, navigator, runner, report, parent)
        self.catalogue = catalogue
        self.marks = marks
        self.entry: CardEntry | None = None
        self._wanted: str | None = None
        self._focus: QWidget | None = None

        self.filter_field = QLineEdit()
        self.filter_field.setObjectName("cardFilter")
        self.filter_field.setPlaceholderText(self.tr("Fragen filtern …"))
        self.filter_field.setAccessibleName(self.tr("Antwortkarten filtern"))
        self.filter_field.setToolTip(self.tr("Nur Karten zeigen, die diese Wörter enthalten; ↑/↓ wählen"))
        self.filter_field.setClearButtonEnabled(True)
        self.filter_field.installEventFilter(self)
        self.topic_box = QComboBox()
        self.topic_box.setAccessibleName(self.tr("Thema der Karten"))
        self.topic_box.setToolTip(self.tr("Nur Karten zu einem Thema zeigen"))
        self.topic_box.setMinimumContentsLength(14)
        self.topic_box.addItem(self.tr("Alle Themen"), "")

        self.model = CardListModel(catalogue, marks, self)
        self.proxy = CardFilter(self)
        self.proxy.setSourceModel(self.model)
        self.list = QListView()
        self.list.setObjectName("cardList")
        self.list.setModel(self.proxy)
        self.list.setItemDelegate(CardDelegate(self.list))
        self.list.setAccessibleName(self.tr("Antwortkarten"))
        # Rows are measured a few at a time between events: a catalogue of a hundred
        # rich-text cards measured at once held the window for a quarter of a second.
        lay_out_in_batches(self.list, CARD_BATCH)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.count_label = plain_label(QLabel())
        self.count_label.setObjectName("mutedLabel")
        self.count_label.setAccessibleName(self.tr("Anzahl der Karten"))

        self.filter_field.textChanged.connect(self._filter_changed)
        self.topic_box.currentIndexChanged.connect(self._filter_changed)

        self.doorstep_button = QPushButton(self.tr("Haustür-Modus"))
        self.doorstep_button.setAccessibleName(self.tr("Haustür-Modus"))
        self.doorstep_button.setToolTip(self.tr("Karte bildschirmfüllend in großer Schrift zeigen (F11)"))
        self.doorstep_button.clicked.connect(self.open_doorstep)
        self.edit_button = QPushButton(self.tr("Bearbeiten"))
        self.edit_button.setAccessibleName(self.tr("Karte bearbeiten"))
        self.edit_button.setToolTip(self.tr("Diese Karte im Karten-Editor bearbeiten (Strg+E)"))
        self.edit_button.clicked.connect(self.edit_current)

        self.note_button = QPushButton(self.tr("Notiz"))
        self.note_button.setAccessibleName(self.tr("Notiz zur Karte schreiben"))
        self.note_button.setToolTip(self.tr("Eine Notiz zu dieser Karte schreiben (Strg+Umschalt+N)"))
        self.note_button.clicked.connect(self.note_requested)

        self.text = ReadingBrowser()
        self.text.setObjectName("cardText")
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(self.tr("Antwortkarte"))
        self.text.document().setDocumentMargin(16)
        self.text.anchorClicked.connect(self._anchor_clicked)
        self._narrow = False  # the card shown was rendered for a narrow pane
        self.text.installEventFilter(self)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_field)
        left_layout.addWidget(self.topic_box)
        left_layout.addWidget(self.list, 1)
        left_layout.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.doorstep_button)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.text, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.splitter)

        catalogue.loaded.connect(self._catalogue_loaded)
        catalogue.failed.connect(self._catalogue_failed)
        if marks is not None:
            marks.changed.connect(self._render)
            catalogue.loaded.connect(marks.refresh)
        self.text.setHtml(self.tr("<p>Antwortkarten werden geladen …</p>"))
        self._focus = self.filter_field

    # --- the view protocol ----------------------------------------------------
    def show_location(self, location: Location) -> None:
        self._wanted = location.target
        # A card opened by name is there to be read: the keys scroll its text. Browsing
        # (Strg+4, no card named) starts in the filter, ready for typing.
        self._focus = self.text if location.target else self.filter_field
        if not self.catalogue.is_loaded or self.catalogue.loading:
            # A card saved or imported a moment ago is in the catalogue only once it has reloaded.
            self.catalogue.load()
            return
        self._select(location.target)

    def focus_widget(self) -> QWidget:
        return self._focus

    # --- loading and choosing -----------------------------------------------------
    def _catalogue_loaded(self) -> None:
        current_topic = self.topic_box.currentData()
        self.topic_box.blockSignals(True)
        self.topic_box.clear()
        self.topic_box.addItem(self.tr("Alle Themen"), "")
        for tid, title, depth in self.catalogue.topics:
            self.topic_box.addItem("   " * depth + title, tid)
        self.topic_box.setCurrentIndex(max(0, self.topic_box.findData(current_topic)))
        self.topic_box.blockSignals(False)
        self._update_count()
        wanted = self._wanted if self._wanted is not None else (self.entry.id if self.entry else "")
        self._select(wanted)

    def _catalogue_failed(self, message: str) -> None:
        self.text.setHtml(f"<p>{html.escape(message)}</p>")
        self.report(message)

    def _select(self, card_id: str) -> None:
        row = self.model.row_of(card_id) if card_id else -1
        if card_id and row < 0:
            self.report(self.tr("Die Antwortkarte „%s“ gibt es nicht (mehr).") % card_id)
        if row >= 0 and not self.proxy.mapFromSource(self.model.index(row)).isValid():
            # The card is hidden by the filter: show it anyway, the filter would be a trap.
            self.filter_field.clear()
            self.topic_box.setCurrentIndex(0)
        index = self.proxy.mapFromSource(self.model.index(row)) if row >= 0 else self.proxy.index(0, 0)
        if index.isValid():
            self.list.setCurrentIndex(index)
            self._scroll_to(QPersistentModelIndex(index))
            self._show_entry(index.data(CardRole.ENTRY))
        else:
            self._show_entry(None)

    def _scroll_to(self, index: QPersistentModelIndex, tries: int = SCROLL_TRIES) -> None:
        """Scroll the card into view once the batched layout has reached its row."""
        if not index.isValid():
            return
        if self.list.visualRect(QModelIndex(index)).isValid() or tries <= 0:
            self.list.scrollTo(QModelIndex(index))
            return
        QTimer.singleShot(SCROLL_RETRY_MS, self, lambda: self._scroll_to(index, tries - 1))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = current.data(CardRole.ENTRY)
        if isinstance(entry, CardEntry) and entry is not self.entry:
            self._show_entry(entry)
            location = self.navigator.current
            if location is not None and location.kind == "card":
                # Moving through the list is browsing, not a new step in the history.
                self.navigator.replace(Location("card", entry.id))

    def _show_entry(self, entry: CardEntry | None) -> None:
        self.entry = entry
        self._render()

    def _render(self) -> None:
        entry = self.entry
        self.edit_button.setEnabled(entry is not None)
        self.doorstep_button.setEnabled(entry is not None)
        if entry is None:
            if self.catalogue.is_loaded and not self.catalogue.entries:
                self.text.setHtml(self.tr("<p>Es gibt noch keine Antwortkarten. Mit „Neue Karte“ (Strg+N) "
                                          "legen Sie eine an.</p>"))
            elif self.catalogue.is_loaded:
                self.text.setHtml(self.tr("<p>Keine Karte passt zum Filter.</p>"))
            return
        notes = self.marks.count("card", entry.id) if self.marks is not None else 0
        scroll = self.text.verticalScrollBar().value() if self.text.property("cardId") == entry.id else 0
        self._narrow = self._is_narrow()
        self.text.setHtml(card_html(entry, html_colors(self.palette()), notes, narrow=self._narrow))
        self.text.setProperty("cardId", entry.id)
        self.text.verticalScrollBar().setValue(scroll)
        self.text.setAccessibleDescription(entry.question)

    def _is_narrow(self) -> bool:
        return self.text.viewport().width() < self.text.fontMetrics().averageCharWidth() * NARROW_CARD_CHARS

    def _text_resized(self) -> None:
        if self.entry is not None and self._is_narrow() != self._narrow:
            self._render()

    def _filter_changed(self, *_args: object) -> None:
        self.proxy.set_text(self.filter_field.text())
        self.proxy.set_topic(self.topic_box.currentData())
        self._update_count()
        if not self.list.currentIndex().isValid() and self.proxy.rowCount():
            self.list.setCurrentIndex(self.proxy.index(0, 0))
        elif not self.proxy.rowCount():
            self._show_entry(None)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            self.tr("%d Karten") % total if shown == total else self.tr("%d von %d Karten") % (shown, total)
        )

    def visible_ids(self) -> list[str]:
        """Card IDs in the order the list shows them (the doorstep mode pages through these)."""
        if not self.catalogue.is_loaded:
            return []
        ids = [str(self.proxy.index(r, 0).data(CardRole.ID)) for r in range(self.proxy.rowCount())]
        return ids or [e.id for e in self.catalogue.entries]

    # --- actions --------------------------------------------------------------------
    def open_doorstep(self) -> None:
        if self.entry is not None:
            self.navigator.open(Location("doorstep", self.entry.id))

    def edit_current(self) -> None:
        if self.entry is not None:
            self.navigator.open(Location("card-edit", self.entry.id))

    def _anchor_clicked(self, url: QUrl) -> None:
        kind, _, target = url.toString().partition(":")
        if kind == "notes":
            self.note_requested.emit()
        elif kind == "passage" and target:
            # The reader marks the quoted words, so the quote is found at a glance in its passage.
            quotes = tuple(
                c.quote for a in (self.entry.answers if self.entry else ()) for c in a.citations if c.passage_id == target
            )
            self.navigator.open(Location(kind, target, highlight=quotes))
        elif kind == "topic" and target:
            self.navigator.open(Location(kind, target))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.text and event.type() == QEvent.Type.Resize:
            # After the browser's own resize: the card is rendered for its new width once it returns.
            QTimer.singleShot(0, self, self._text_resized)
        # Arrows and Enter in the filter field move through and open the list, as in the search.
        if watched is self.filter_field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                row = self.list.currentIndex().row() + (1 if key == Qt.Key.Key_Down else -1)
                if 0 <= row < self.proxy.rowCount():
                    self.list.setCurrentIndex(self.proxy.index(row, 0))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.text.setFocus()
                return True
        return super().eventFilter(watched, event)


def _chosen_search_row(window: Any) -> Any:
    """The search result chosen in the list while the search view is in front, else None."""
    view = getattr(window, "search_view", None)
    if view is None or window.current_view() is not view:
        return None
    index = view.list.currentIndex()
    return view.model.row_at(index.row()) if index.isValid() else None


def install_card_actions(window: Any) -> None:
    """Go menu: the cards (Strg+4) and the doorstep mode (F11)."""
    def show_cards() -> None:
        current = window.navigator.current
        if current is None or current.kind != "card":
            window.show_view("card")
            if window.navigator.current is None or window.navigator.current.kind != "card":
                window.navigator.open(Location("card", ""))
        # The cursor is in the filter at once: what is typed next filters the cards.
        field = window.card_view.filter_field
        field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        field.selectAll()

    def toggle_doorstep() -> None:
        current = window.navigator.current
        if current is not None and current.kind == "doorstep":
            window.doorstep_view.leave()
            return
        card_id = ""
        search_row = _chosen_search_row(window)
        if current is not None and current.kind == "card":
            card_id = window.card_view.entry.id if window.card_view.entry else current.target
        elif search_row is not None and search_row.kind == "card":
            # F11 on a card found by the search takes that card to the door.
            card_id = search_row.id
        elif current is not None and current.kind == "topic":
            # From a topic: a card of that topic (or of its subtopics), never an unrelated one.
            catalogue = window.card_catalogue
            related = [e.id for e in catalogue.entries if current.target in e.topic_family]
            if not related:
                window.report(window.tr("Zu diesem Thema gibt es keine Antwortkarte."))
                return
            card_id = related[0]
        elif window.card_view.entry is not None:
            card_id = window.card_view.entry.id
        window.navigator.open(Location("doorstep", card_id))

    window.cards_action = window._action(
        window.tr("Antwortkarten"), window.tr("Antwortkarten ansehen und filtern"), ["Ctrl+4"], show_cards
    )
    window.doorstep_action = window._action(
        window.tr("Haustür-Modus"), window.tr("Eine Karte bildschirmfüllend in sehr großer Schrift; "
                                             "→/← blättern, Esc beendet"), ["F11", "Ctrl+Shift+H"], toggle_doorstep
    )
    window.go_menu.addSeparator()
    window.go_menu.addAction(window.cards_action)
    window.go_menu.addAction(window.doorstep_action)
