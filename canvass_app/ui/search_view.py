"""Search as you type: the search field, programme and topic filters, "Meinten Sie …?", and the result list."""

from __future__ import annotations

import html
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QActionGroup, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QScroller,
    QSizePolicy,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from canvass_app.library import Library
from canvass_app.ui.kinetic import flick_scroll
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.passage_html import query_terms, terms_from_snippet
from canvass_app.ui.plain import plain_label
from canvass_app.ui.result_delegate import ResultDelegate
from canvass_app.ui.rich_delegate import lay_out_in_batches
from canvass_app.ui.search_model import ResultRow, SearchOutcome, SearchResultsModel, run_search
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import flatten_topics, has_service, service
from canvass_app.ui.stay_open_menu import StayOpenMenu
from canvass_app.ui.tasks import SEARCH_LANE, TaskRunner

# Searching the bundled corpus takes a few milliseconds, so a keystroke searches
# at once (results within the 50 ms budget); only when queries turn out slow
# (a big imported corpus) does typing wait for a pause before searching. While
# one query runs, further keystrokes coalesce into one follow-up query.
DEBOUNCE_MS = 120
SLOW_QUERY_MS = 40
# "Slow" is each of the last SLOW_QUERIES searches by words, not one of them: the first
# search after opening, or the first to read a common word's postings, is slow once,
# and the keystroke after it must not wait DEBOUNCE_MS for that.
SLOW_QUERIES = 3
# When typing pauses this long, the meaning ranking is added (one fused search):
# the list changes once per pause, never back and forth with each keystroke.
PAUSE_MS = 350
# Rows of rich text are measured a few at a time (see lay_out_in_batches).
LAYOUT_BATCH = 3
# A filter button names its choice in at most this many average characters.
FILTER_LABEL_CHARS = 32
# Fewer hits than this and a spelling suggestion is offered.
FEW_HITS = 3

WELCOME = (
    "<p style='font-size:large;'><b>Was möchten Sie nachschlagen?</b></p>"
    "<p>Tippen Sie eine Frage oder ein Stichwort, zum Beispiel "
    "„Glasfaser“, „Jugendarbeitslosigkeit“ oder „Azubi“.</p>"
    "<p>↑ ↓ wählen ein Ergebnis, Enter öffnet es, Alt+← geht zurück.<br>"
    "Strg+K springt jederzeit in die Suche.</p>"
)

LOADING = (
    "<p style='font-size:large;'><b>Wird geladen …</b></p>"
    "<p>Der Suchindex wird geöffnet; die Treffer erscheinen gleich.</p>"
)
# A search slower than this shows "Wird geladen …" instead of the previous state.
LOADING_AFTER_MS = 150


class SearchView(ServiceWidget):
    """Owns the search field (the window puts it in its top bar) and the result list below it."""

    view_name = "search"
    location_kinds = ("search",)
    title = "Suche"
    results_shown = Signal(str)

    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, navigator, runner, report, parent)
        self._programmes: tuple[str, ...] = ()
        self._topic: str | None = None
        self._in_flight = False
        self._queued = False
        self._queued_dense = False
        self._in_flight_dense = False
        # (query, filters, fused) of what the list shows: a lexical answer never
        # replaces the fused one for the same search.
        self._shown: tuple[str, tuple[str, ...], str | None, bool] | None = None
        self._typed_at = 0.0
        self._recent_ms: deque[float] = deque(maxlen=SLOW_QUERIES)  # the last searches by words
        self._open_when_ready = False
        self.last_latency_ms: float | None = None

        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(self.tr("Suchen: Frage oder Stichwort eingeben …"))
        self.field.setAccessibleName(self.tr("Suche"))
        self.field.setToolTip(self.tr("Suchbegriff eingeben; ↑/↓ wählen, Enter öffnet (Strg+K)"))
        self.field.setClearButtonEnabled(True)
        self.field.textEdited.connect(self._on_text_edited)
        self.field.installEventFilter(self)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(0)
        self._debounce.timeout.connect(self._start_search)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(lambda: self._start_search(dense=True))
        self._loading = QTimer(self)
        self._loading.setSingleShot(True)
        self._loading.setInterval(LOADING_AFTER_MS)
        self._loading.timeout.connect(self._show_loading)

        self.programme_button = QToolButton()
        self.programme_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.programme_button.setObjectName("menuButton")  # its text ends in "▾" (canvass.qss)
        self.programme_button.setAccessibleName(self.tr("Programmfilter"))
        self.programme_button.setToolTip(self.tr("Nur in bestimmten Programmen suchen"))
        self.programme_menu = StayOpenMenu(self.programme_button)  # tick several, then Enter
        self.programme_menu.aboutToShow.connect(self._ensure_filters_loaded)
        self.programme_button.setMenu(self.programme_menu)

        self.topic_button = QToolButton()
        self.topic_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.topic_button.setObjectName("menuButton")
        self.topic_button.setAccessibleName(self.tr("Themenfilter"))
        self.topic_button.setToolTip(self.tr("Nur in einem Thema suchen"))
        self.topic_menu = QMenu(self.topic_button)
        self.topic_menu.aboutToShow.connect(self._ensure_filters_loaded)
        self.topic_button.setMenu(self.topic_menu)
        self._filters_loaded = False
        # Qt does not open an empty menu: without this line the first click on a filter
        # did nothing (its entries load in the background when the menu is about to show).
        for menu in (self.programme_menu, self.topic_menu):
            menu.addAction(self.tr("Wird geladen …")).setEnabled(False)
        self._programme_names: dict[str, str] = {}
        self._topic_names: dict[str, str] = {}
        self._update_filter_labels()

        self.count_label = plain_label(QLabel())
        self.count_label.setObjectName("mutedLabel")
        self.count_label.setAccessibleName(self.tr("Anzahl der Treffer"))

        self.suggestion_label = QLabel()
        self.suggestion_label.setObjectName("suggestion")
        self.suggestion_label.setTextFormat(Qt.TextFormat.RichText)
        self.suggestion_label.setAccessibleName(self.tr("Vorschlag"))
        self.suggestion_label.setToolTip(self.tr("Vorschlag übernehmen (Enter, wenn nichts gefunden wurde)"))
        self.suggestion_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.suggestion_label.linkActivated.connect(self._accept_suggestion)
        self.suggestion_label.hide()
        self._suggestion: str | None = None

        self.model = SearchResultsModel(self)
        self.list = QListView()
        self.list.setObjectName("resultList")
        self.list.setModel(self.model)
        self.delegate = ResultDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        # Rows whose height _measure_to guessed, measured a few per event.
        self._measure_timer = QTimer(self)
        self._measure_timer.setSingleShot(True)
        self._measure_timer.setInterval(0)
        self._measure_timer.timeout.connect(self._measure_more)
        self.model.modelReset.connect(self._stop_measuring)
        self.list.setAccessibleName(self.tr("Suchergebnisse"))
        # Rows are laid out a few at a time between events: thirty rich-text rows measured
        # at once kept the window from answering for over 100 ms.
        lay_out_in_batches(self.list, LAYOUT_BATCH)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.clicked.connect(self._open_index)
        self.list.activated.connect(self._open_index)
        # Rows are neither selectable text nor dragged anywhere: a pen drags them too.
        self._scroller = flick_scroll(self.list, mouse=True)
        # What the user did with the list since it was shown from the top, so that the
        # fused answer for the same search keeps it (see _keep_place).
        self._placing = False  # the view, not the user, moves the list
        self._user_moved = False
        self._anchor: tuple[QPersistentModelIndex, int] | None = None
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.list.verticalScrollBar().rangeChanged.connect(lambda _lo, _hi: self._apply_anchor())
        self.list.verticalScrollBar().sliderPressed.connect(self._drop_anchor)
        self._scroller.stateChanged.connect(self._scroller_state)
        # A fused answer that came while a flick was still moving the list: shown when it stops
        # (rows reordered under a moving finger would move it to other hits).
        self._held: SearchOutcome | None = None
        self.list.viewport().installEventFilter(self)

        self.message = QLabel(WELCOME)
        self.message.setObjectName("emptyState")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        # The related topic or card an empty result offers opens from here (mouse or Tab + Enter).
        self.message.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.message.linkActivated.connect(self._open_related)
        self._related: tuple[str, str, str] | None = None

        filters = QHBoxLayout()
        filters.addWidget(self.programme_button)
        filters.addWidget(self.topic_button)
        filters.addSpacing(12)
        filters.addWidget(self.count_label, 1)

        self._body = QStackedLayout()
        self._body.addWidget(self.message)
        self._body.addWidget(self.list)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(filters)
        layout.addWidget(self.suggestion_label)
        layout.addLayout(self._body, 1)
        self.count_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    # --- the view protocol -------------------------------------------------
    def show_location(self, location: Location) -> None:
        if location.target != self.field.text():
            self.field.setText(location.target)
            self._start_search()
            self._pause.start()

    def focus_widget(self) -> QWidget:
        return self.field

    # --- typing and searching ----------------------------------------------
    def set_query(self, text: str) -> None:
        """Type ``text`` as a person would (used by the suggestion link and the screenshot tool)."""
        self.field.setText(text)
        self._on_text_edited(text)

    def _on_text_edited(self, text: str) -> None:
        self._typed_at = time.perf_counter()
        location = Location("search", text)
        current = self.navigator.current
        if current is None or current.kind != "search":
            self.navigator.open(location)
        else:
            self.navigator.replace(location)
        self._debounce.start()
        self._pause.start()

    def search_now(self) -> None:
        """Skip the debounce (Enter pressed before the results came)."""
        self._debounce.stop()
        self._start_search()

    @property
    def settled(self) -> bool:
        """True when the list shows its last answer for the text typed: no search running,
        queued or waiting for its timer (the fused answer a pause in typing brings)."""
        return not (
            self._in_flight or self._queued or self._debounce.isActive() or self._pause.isActive()
            or self._held is not None
        )

    def _start_search(self, dense: bool = False) -> None:
        self._debounce.stop()
        self._held = None  # a newer search answers instead
        if dense:
            self._pause.stop()
        if self._in_flight:
            # One query at a time; the newest text is searched as soon as this one returns.
            self._queued = True
            self._queued_dense = self._queued_dense or dense
            return
        query = self.field.text()
        if not query.strip():
            self._show_outcome(SearchOutcome(query, (), None))
            return
        self._in_flight = True
        self._in_flight_dense = dense
        if self._body.currentWidget() is self.message:
            # Instead of the welcome text or the last "nothing found" while the index opens.
            self._loading.start()
        library, programmes, topic = self.library, self._programmes, self._topic

        def work() -> tuple[SearchOutcome, float, bool]:
            started = time.perf_counter()
            outcome = run_search(library, query, programmes, topic, dense=dense)
            return outcome, (time.perf_counter() - started) * 1000, dense

        # Its own lane: opening the index of a large library never holds up cards or notes.
        self.runner.run(self, work, self._search_done, self._search_failed, lane=SEARCH_LANE)

    def _show_loading(self) -> None:
        if self._in_flight and self._body.currentWidget() is self.message:
            self.message.setText(LOADING)
            self.count_label.setText("")

    def _search_done(self, result: tuple[SearchOutcome, float, bool]) -> None:
        outcome, took_ms, dense = result
        if not dense:
            self._recent_ms.append(took_ms)
            slow = len(self._recent_ms) == SLOW_QUERIES and min(self._recent_ms) > SLOW_QUERY_MS
            self._debounce.setInterval(DEBOUNCE_MS if slow else 0)
        self._in_flight = False
        if self._queued or outcome.query != self.field.text():
            queued_dense = self._queued_dense
            self._queued = self._queued_dense = False
            self._start_search(dense=queued_dense)
            if outcome.query != self.field.text():
                return
        key = (outcome.query, self._programmes, self._topic)
        if not dense and self._shown is not None and self._shown[:3] == key and self._shown[3]:
            return  # the fused list for this very search is already shown: no flicker back
        # The fused answer replacing the words answer for this very search keeps what
        # the user did meanwhile (moved to a hit, scrolled); any other answer starts at the top.
        keep = dense and self._shown is not None and self._shown[:3] == key and not self._shown[3]
        self._shown = (*key, dense)
        self._held = None
        if keep and self._scroller.state() != QScroller.State.Inactive:
            self._held = outcome
            return
        self._show_outcome(outcome, keep=keep)

    def _search_failed(self, message: str) -> None:
        self._in_flight = False
        self._open_when_ready = False
        self._queued = False
        self.model.set_results(self.field.text(), ())
        self.count_label.setText("")
        self.suggestion_label.hide()
        self.message.setText(f"<p>{html.escape(message)}</p>")
        self._body.setCurrentWidget(self.message)
        self.report(message)

    def set_note_marks(self, marks: Any) -> None:
        """Results with notes carry "✎ n Notizen" (``marks.count(kind, id)``), kept current."""
        self.note_marks = marks
        self.model.set_note_count(marks.count)
        marks.changed.connect(self.model.notes_changed)

    def _show_outcome(self, outcome: SearchOutcome, keep: bool = False) -> None:
        self._related = None
        marks = getattr(self, "note_marks", None)
        if marks is not None and outcome.rows:
            marks.ensure_loaded()
        place = self._place() if keep and self._body.currentWidget() is self.list else None
        self._placing = True
        try:
            self.model.set_results(outcome.query, outcome.rows)
            if place is not None and outcome.rows:
                self._keep_place(*place)
            elif outcome.rows:
                self._anchor = None
                self._user_moved = False
                self.list.setCurrentIndex(self.model.index(0))
                self.list.scrollToTop()
        finally:
            self._placing = False
        count = len(outcome.rows)
        if not outcome.query.strip():
            self.count_label.setText("")
            self.message.setText(WELCOME)
        elif count == 0:
            self.count_label.setText(self.tr("Keine Treffer"))
            said = outcome.empty_message or f"Zu „{outcome.query}“ steht nichts in den Programmen."
            hint = (
                self.tr("Versuchen Sie ein anderes Wort oder entfernen Sie die Filter.")
                if self._programmes or self._topic
                else self.tr("Versuchen Sie ein anderes Wort.")
            )
            offer = ""
            self._related = outcome.related
            if outcome.related is not None:
                kind, _target, title = outcome.related
                label = self.tr("Thema „%1“ öffnen") if kind == "topic" else self.tr("Antwortkarte „%1“ öffnen")
                offer = f'<p><a href="related">{html.escape(label.replace("%1", title))} ›</a></p>'
            self.message.setText(f"<p>{html.escape(said)}</p>{offer}<p>{hint}</p>")
        elif not outcome.word_rows:
            self.count_label.setText(self.tr("Keine wörtlichen Treffer"))
        else:
            self.count_label.setText(self.tr("1 Treffer") if count == 1 else self.tr("%n Treffer", "", count))
        self._body.setCurrentWidget(self.list if count else self.message)
        self._suggestion = outcome.suggestion if count < FEW_HITS else None
        if self._suggestion and self._suggestion.casefold() != outcome.query.casefold():
            self.suggestion_label.setText(
                f'Meinten Sie <a href="suggest"><b>{html.escape(self._suggestion)}</b></a>?'
            )
            self.suggestion_label.show()
        else:
            self.suggestion_label.hide()
        if self._typed_at:
            self.last_latency_ms = (time.perf_counter() - self._typed_at) * 1000
        self.results_shown.emit(outcome.query)
        if self._open_when_ready:
            self._open_when_ready = False
            if outcome.rows:
                self._open_index(self.model.index(0))
            elif self.suggestion_label.isVisible():
                self._accept_suggestion()

    # --- the place in the list: kept when the fused answer replaces the words answer ---
    def _current_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._placing:
            self._user_moved = True  # arrow keys (in the field or the list), Page keys, a click
            self._anchor = None

    def _scroller_state(self, state: QScroller.State) -> None:
        if state != QScroller.State.Inactive:
            self._drop_anchor()
            return
        held, self._held = self._held, None
        if held is not None and held.query == self.field.text():
            self._show_outcome(held, keep=True)

    def _drop_anchor(self) -> None:
        if not self._placing:
            self._anchor = None  # the user scrolls: never pull the list back to where it was

    def _place(self) -> tuple[tuple[str, str] | None, tuple[tuple[str, str], int] | None] | None:
        """What the user did to the list shown: the hit moved to (if any), the hit at the top of
        the viewport with its offset (if scrolled away from the top); None: nothing."""
        bar = self.list.verticalScrollBar()
        current = self.model.row_at(self.list.currentIndex().row()) if self._user_moved else None
        if current is None and bar.value() <= bar.minimum() and self._anchor is None:
            return None
        viewport = self.list.viewport().rect()
        anchor: tuple[tuple[str, str], int] | None = None
        if self._anchor is not None and self._anchor[0].isValid():
            # An earlier answer's place not yet restored (its rows still being measured).
            row = self.model.row_at(self._anchor[0].row())
            anchor = ((row.kind, row.id), self._anchor[1]) if row else None
        else:
            top = self.list.indexAt(QPoint(viewport.center().x(), viewport.top()))
            row = self.model.row_at(top.row()) if top.isValid() else None
            if row is not None:
                anchor = ((row.kind, row.id), self.list.visualRect(top).top())
        if current is not None:
            rect = self.list.visualRect(self.list.currentIndex())
            if rect.intersects(viewport):
                anchor = ((current.kind, current.id), rect.top())  # the hit stays where the eye is
        return ((current.kind, current.id) if current else None), anchor

    def _keep_place(
        self, current: tuple[str, str] | None, anchor: tuple[tuple[str, str], int] | None
    ) -> None:
        keys = [(r.kind, r.id) for r in (self.model.row_at(i) for i in range(self.model.rowCount())) if r]
        rows = {key: i for i, key in enumerate(keys)}
        anchor_row = rows.get(anchor[0]) if anchor is not None else None
        offset = anchor[1] if anchor is not None else 0
        if current is not None and current in rows:
            chosen = rows[current]
            if anchor_row is None:  # the passage at the top is gone: the selection in view
                anchor_row, offset = chosen, 0
        else:
            # Not moved, or the hit moved to is gone: the top of the viewport is where the
            # keyboard goes on from after a move, else the first hit.
            chosen = anchor_row if current is not None and anchor_row is not None else 0
        self._user_moved = current is not None
        if anchor_row is not None:
            # Before the selection: selecting lays the first batch out and Qt then skips
            # a new layout until the batches are done.
            self._measure_to(anchor_row, offset)
        auto = self.list.hasAutoScroll()
        self.list.setAutoScroll(False)  # selecting a row must not scroll to it
        self.list.setCurrentIndex(self.model.index(chosen))
        self.list.setAutoScroll(auto)
        if anchor_row is None:
            self.list.scrollToTop()
            return
        self._anchor = (QPersistentModelIndex(self.model.index(anchor_row)), offset)
        self._apply_anchor()

    def _measure_to(self, anchor_row: int, offset: int) -> None:
        """Lay the list out at once, so it is drawn only at the kept place, never first at
        the top; but measure only the rows in view there. Rows the words answer showed are
        looked up, not measured again (the delegate keeps them); the others out of view get
        a guessed height and are measured a few per event afterwards (:meth:`_measure_more`),
        the list kept where it is. So the cost grows with what is shown, not with the number
        of hits: laying out every row held the window for ~95 ms with thirty hits."""
        count = self.model.rowCount()
        viewport = self.list.viewport().height()
        measure = set(range(anchor_row, min(count, anchor_row + 1 + LAYOUT_BATCH)))
        # Kept while the rows' places are read too: a row's rectangle asks for its size again.
        self.delegate.measure_only = measure
        try:
            while True:
                self._lay_out()
                top = self.list.rectForIndex(self.model.index(anchor_row)).top() - offset
                guessed = self._rows_between(top, top + viewport) & self.delegate.estimated
                if not guessed:
                    break
                measure |= guessed  # a guess was short or long: measure what now shows, again
        finally:
            self.delegate.measure_only = None
        if self.delegate.estimated:
            self._measure_timer.start()

    def _rows_between(self, top: int, bottom: int) -> set[int]:
        """The rows whose laid-out rectangles reach into ``top`` .. ``bottom`` (contents y)."""
        count = self.model.rowCount()
        rows = set()
        low, high = 0, count
        while low < high:  # the first row ending below ``top`` (rows lie in order)
            middle = (low + high) // 2
            if self.list.rectForIndex(self.model.index(middle)).bottom() < top:
                low = middle + 1
            else:
                high = middle
        row = low
        while row < count and self.list.rectForIndex(self.model.index(row)).top() < bottom:
            rows.add(row)
            row += 1
        return rows

    def _lay_out(self) -> None:
        """Lay every row out at once: the rows in the delegate's ``measure_only`` and those
        measured before have their true height, the others a guessed one."""
        self.delegate.estimated = set()
        self.list.setLayoutMode(QListView.LayoutMode.SinglePass)
        try:
            self.list.doItemsLayout()
        finally:
            self.list.setLayoutMode(QListView.LayoutMode.Batched)

    def _measure_more(self) -> None:
        """Measure a few more of the rows whose height was guessed, keeping what is in view."""
        if not self.delegate.estimated:
            return
        viewport = self.list.viewport().rect()
        top = self.list.indexAt(QPoint(viewport.center().x(), viewport.top()))
        seen = self.list.visualRect(top).top() if top.isValid() else 0
        keep = QPersistentModelIndex(top)
        placing, self._placing = self._placing, True
        self.delegate.measure_only = set(sorted(self.delegate.estimated)[:LAYOUT_BATCH])
        try:
            self._lay_out()
            self.delegate.measure_only = None
            if keep.isValid():
                # Rows above the view changed height: the row at its top stays where it was.
                row = self.list.rectForIndex(self.model.index(keep.row()))
                self.list.verticalScrollBar().setValue(row.top() - seen)
        finally:
            self._placing = placing
            self.delegate.measure_only = None
        if self.delegate.estimated:
            self._measure_timer.start()

    def _stop_measuring(self) -> None:
        self._measure_timer.stop()
        self.delegate.estimated = set()

    def _apply_anchor(self) -> None:
        """Scroll the anchored hit to its offset in the viewport once its row is measured."""
        if self._anchor is None:
            return
        index, offset = self._anchor
        if not index.isValid():
            self._anchor = None
            return
        rect = self.list.rectForIndex(self.model.index(index.row()))
        if rect.isEmpty():
            return  # not measured yet: again when the scroll range grows
        bar = self.list.verticalScrollBar()
        wanted = rect.top() - offset
        placing, self._placing = self._placing, True
        try:
            bar.setValue(wanted)
        finally:
            self._placing = placing
        if bar.maximum() >= wanted:
            self._anchor = None  # reached (or above the top: as far as it goes)

    def _accept_suggestion(self, _link: str = "") -> None:
        if self._suggestion:
            self.set_query(self._suggestion)
            self.search_now()

    # --- keyboard: arrows move the list while the field keeps the focus ------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list.viewport() and event.type() in (
            QEvent.Type.Wheel, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin
        ):
            self._drop_anchor()
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_current()
                return True
            if key == Qt.Key.Key_Escape and self.field.text():
                self.field.clear()
                self._on_text_edited("")
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        if self.navigator.current is None or self.navigator.current.kind != "search":
            self.navigator.open(Location("search", self.field.text()))
        row = self.list.currentIndex().row()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}[Qt.Key(key)]
        row = 0 if row < 0 else max(0, min(count - 1, row + step))
        index = self.model.index(row)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)

    def open_current(self) -> None:
        # Only the words results must be in; the meaning search may still be running.
        waiting = self._in_flight and not self._in_flight_dense
        if self._debounce.isActive() or waiting or self.model.query != self.field.text():
            # Enter pressed faster than the results: open the first hit once they are in.
            self._open_when_ready = True
            self.search_now()
            return
        if self.model.rowCount() == 0 and self.suggestion_label.isVisible():
            # Nothing found but a spelling offered: Enter takes "Meinten Sie …?".
            self._accept_suggestion()
            return
        if self.model.rowCount() == 0 and self._related is not None and self._body.currentWidget() is self.message:
            # Nothing found, no spelling, but a related topic or card offered: Enter opens it.
            self._open_related()
            return
        index = self.list.currentIndex()
        if not index.isValid() and self.model.rowCount():
            index = self.model.index(0)
        if index.isValid():
            self._open_index(index)


    def _open_related(self, _link: str = "") -> None:
        if self._related is not None:
            kind, target, _title = self._related
            self.navigator.open(Location(kind, target))

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.navigator.open(location_for(row, self.model.query))

    # --- filters -----------------------------------------------------------
    def _ensure_filters_loaded(self) -> None:
        if self._filters_loaded:
            return
        self._filters_loaded = True
        library = self.library

        def load() -> tuple[list[tuple[str, str]], list[tuple[str, str, int]]]:
            corpus = service(library, "corpus")
            # Metadata only where the corpus can list without reading programmes.
            listed = corpus.catalog() if hasattr(corpus, "catalog") else corpus.programmes()
            programmes = [(p.id, f"{p.party} · {p.year}") for p in listed]
            topics: list[tuple[str, str, int]] = []
            if has_service(library, "content"):
                topics = flatten_topics(service(library, "content").topics())
            return programmes, topics

        self.runner.run(self, load, self._fill_filters, self._filters_failed)

    def _filters_failed(self, message: str) -> None:
        self._filters_loaded = False
        self.report(message)

    def _fill_filters(self, loaded: tuple[list[tuple[str, str]], list[tuple[str, str, int]]]) -> None:
        programmes, topics = loaded
        self._programme_names = dict(programmes)
        self._topic_names = {tid: title for tid, title, _depth in topics}
        self.programme_menu.clear()
        for pid, label in programmes:
            action = QAction(label, self.programme_menu)
            action.setCheckable(True)
            action.setChecked(pid in self._programmes)
            action.setData(pid)
            action.toggled.connect(self._programme_toggled)
            self.programme_menu.addAction(action)
        self.topic_menu.clear()
        group = QActionGroup(self.topic_menu)
        everything = QAction(self.tr("Alle Themen"), self.topic_menu)
        everything.setCheckable(True)
        everything.setChecked(self._topic is None)
        everything.setData("")
        group.addAction(everything)
        self.topic_menu.addAction(everything)
        self.topic_menu.addSeparator()
        for tid, title, depth in topics:
            action = QAction("    " * depth + title, self.topic_menu)
            action.setCheckable(True)
            action.setChecked(tid == self._topic)
            action.setData(tid)
            group.addAction(action)
            self.topic_menu.addAction(action)
        group.triggered.connect(self._topic_chosen)
        self._update_filter_labels()

    def _programme_toggled(self, _checked: bool) -> None:
        self._programmes = tuple(
            a.data() for a in self.programme_menu.actions() if a.isCheckable() and a.isChecked()
        )
        self._filters_changed()

    def _topic_chosen(self, action: QAction) -> None:
        self._topic = action.data() or None
        self._filters_changed()

    def set_filters(self, programmes: tuple[str, ...] = (), topic: str | None = None) -> None:
        self._programmes, self._topic = tuple(programmes), topic
        self._filters_changed()

    def _filters_changed(self) -> None:
        self._update_filter_labels()
        self._start_search()
        self._pause.start()

    def _update_filter_labels(self) -> None:
        # A filter button says what is chosen in a few words and never grows with the
        # choice (three programmes by name pushed the sidebar aside on a small screen):
        # one name, elided, or the number chosen; the tooltip names them all.
        if len(self._programmes) == 1:
            name = self._programme_names.get(self._programmes[0], self._programmes[0])
            self.programme_button.setText(self.tr("Programm: ") + self._short(name) + " ▾")
        elif self._programmes:
            self.programme_button.setText(self.tr("%1 Programme ▾").replace("%1", str(len(self._programmes))))
        else:
            self.programme_button.setText(self.tr("Alle Programme ▾"))
        if self._programmes:
            names = [self._programme_names.get(p, p) for p in self._programmes]
            self.programme_button.setToolTip(self.tr("Gesucht wird nur in: ") + "; ".join(names))
        else:
            self.programme_button.setToolTip(self.tr("Nur in bestimmten Programmen suchen"))
        if self._topic:
            title = self._topic_names.get(self._topic, self._topic).strip()
            self.topic_button.setText(self.tr("Thema: ") + self._short(title) + " ▾")
            self.topic_button.setToolTip(self.tr("Gesucht wird nur im Thema „%1“").replace("%1", title))
        else:
            self.topic_button.setText(self.tr("Alle Themen ▾"))
            self.topic_button.setToolTip(self.tr("Nur in einem Thema suchen"))

    def _short(self, text: str) -> str:
        """``text`` elided in the middle to FILTER_LABEL_CHARS average characters."""
        metrics = self.programme_button.fontMetrics()
        return metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, metrics.averageCharWidth() * FILTER_LABEL_CHARS)


def location_for(row: ResultRow, query: str) -> Location:
    terms = tuple(dict.fromkeys(terms_from_snippet(row.snippet) + query_terms(query)))
    return Location(row.kind, row.id, terms)
