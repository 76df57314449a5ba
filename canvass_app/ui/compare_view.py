"""Compare: one topic across the chosen programmes side by side, saying plainly where a programme is silent."""

from __future__ import annotations

import html
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from canvass_app.content.overview import SILENT as SILENT  # re-exported for callers
from canvass_app.content.overview import silent_text
from canvass_app.corpus.model import Passage, Programme
from canvass_app.library import Library
from canvass_app.ui.button_links import ButtonLinkBrowser, button_link_html
from canvass_app.ui.column_sight import sight_text
from canvass_app.ui.kinetic import SidewaysWith, flick_scroll
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.passage_html import Colors, programme_label
from canvass_app.ui.plain import plain_label, tooltip
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import field_of, flatten_topics, service
from canvass_app.ui.stay_open_menu import StayOpenMenu
from canvass_app.ui.tasks import TaskRunner
from canvass_app.ui.theme import html_colors

# Settings key: the programmes the user took out of the comparison (new ones are in by default).
HIDDEN_KEY = "compare/hidden"
# A column is at least this many average characters wide: a readable line, however many programmes.
COLUMN_CHARS = 46
# Filling columns with their text between events: at most this long per turn of the event loop.
FILL_BUDGET_S = 0.012


@dataclass(frozen=True)
class Column:
    programme: Programme
    # Passages grouped by the section they stand in, in reading order.
    groups: tuple[tuple[str, tuple[Passage, ...]], ...]

    @property
    def silent(self) -> bool:
        return not self.groups


@dataclass(frozen=True)
class Comparison:
    topic_id: str
    title: str
    description: str
    subtopics: tuple[tuple[str, str], ...]
    cards: tuple[tuple[str, str], ...]
    columns: tuple[Column, ...]
    all_topics: tuple[tuple[str, str, int], ...]


def load_comparison(library: Library, topic_id: str) -> Comparison:
    """Runs in a background task: the content service's topic view, grouped for columns."""
    content = service(library, "content")
    view = content.topic_view(topic_id)
    topic = field_of(view, "topic")
    columns: list[Column] = []
    for coverage in field_of(view, "coverage", ()) or ():
        passages = tuple(field_of(coverage, "passages", ()) or ())
        titles = tuple(field_of(coverage, "section_titles", ()) or ())
        groups: list[tuple[str, list[Passage]]] = []
        for i, passage in enumerate(passages):
            title = titles[i] if i < len(titles) else ""
            if groups and groups[-1][0] == title:
                groups[-1][1].append(passage)
            else:
                groups.append((title, [passage]))
        columns.append(
            Column(field_of(coverage, "programme"), tuple((t, tuple(ps)) for t, ps in groups))
        )
    return Comparison(
        topic_id=topic_id,
        title=str(field_of(topic, "title", topic_id)),
        description=str(field_of(topic, "description", "") or ""),
        subtopics=tuple(
            (str(field_of(t, "id")), str(field_of(t, "title")))
            for t in field_of(view, "subtopics", ()) or ()
        ),
        cards=tuple(
            (str(field_of(c, "id")), str(field_of(c, "question")))
            for c in field_of(view, "cards", ()) or ()
        ),
        columns=tuple(columns),
        all_topics=tuple(flatten_topics(content.topics())),
    )


def _passage_html(passage: Passage, colors: Colors, line_height: int) -> str:
    target = f"passage:{html.escape(passage.id)}"
    lead = f"<i>{html.escape(passage.lead_in)} …</i> " if passage.lead_in else ""
    bullet = "• " if passage.kind == "pledge" else ""
    return (
        f"<p style='margin-top:6px; margin-bottom:2px;'>{bullet}{lead}"
        f"<a href='{target}' style='color:{colors.text}; text-decoration:none;'>"
        f"{html.escape(passage.text)}</a></p>"
        # The visible affordance: every passage opens in its programme, a button a finger hits.
        + button_link_html(f"passage:{passage.id}", "Im Programm lesen ›", colors, line_height)
    )


def column_html(column: Column, colors: Colors, line_height: int = 18) -> str:
    """``line_height``: the column's line spacing in pixels (its read buttons' padding)."""
    programme = column.programme
    head = (
        f"<p style='margin:0;'><span style='font-size:large; font-weight:bold;'>{html.escape(programme.party)}</span>"
        f"&nbsp; <span style='font-size:large; font-weight:bold; color:{colors.link};'>{programme.year}</span></p>"
        f"<p style='margin-top:0; color:{colors.muted};'>{html.escape(programme_label(programme))}</p>"
    )
    if column.silent:
        return head + (
            f"<table width='100%' cellpadding='12' style='margin-top:12px; background-color:{colors.focus_bg};'>"
            f"<tr><td><b>{html.escape(silent_text(programme))}</b><br><span style='color:{colors.muted};'>"
            "Nichts versprechen, was hier nicht steht.</span></td></tr></table>"
        )
    count = sum(len(ps) for _, ps in column.groups)
    parts = [head, f"<p style='color:{colors.muted}; margin-top:0;'>{count} Textstelle{'n' if count != 1 else ''}</p>"]
    for title, passages in column.groups:
        parts.append(f"<h4 style='margin-bottom:2px;'>{html.escape(title or 'Einleitung')}</h4>")
        parts.extend(_passage_html(p, colors, line_height) for p in passages)
    return "\n".join(parts)


class ProgrammePicker(QToolButton):
    """A button with a menu of checkable programmes: which ones the comparison shows."""

    def __init__(self, on_change: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setObjectName("menuButton")  # its text ends in "▾" (canvass.qss)
        self.setAccessibleName(self.tr("Programme zum Vergleich wählen"))
        self.setToolTip(self.tr("Welche Programme nebeneinander stehen"))
        self.menu_ = StayOpenMenu(self)  # tick several, then Enter
        self.setMenu(self.menu_)
        self._on_change = on_change
        self._actions: dict[str, QAction] = {}
        self.hidden: set[str] = set()

    def set_programmes(self, programmes: Iterable[Programme]) -> None:
        self.menu_.clear()
        self._actions.clear()
        everyone = self.menu_.addAction(self.tr("Alle Programme"))
        everyone.triggered.connect(self.show_all)
        self.menu_.addSeparator()
        for programme in programmes:
            action = self.menu_.addAction(f"{programme.party} {programme.year}")
            action.setCheckable(True)
            action.setChecked(programme.id not in self.hidden)
            action.setData(programme.id)
            action.toggled.connect(lambda on, pid=programme.id: self._toggled(pid, on))
            self._actions[programme.id] = action
        self._update_label()

    def _toggled(self, programme_id: str, on: bool) -> None:
        if on:
            self.hidden.discard(programme_id)
        else:
            self.hidden.add(programme_id)
        self._update_label()
        self._on_change()

    def show_all(self) -> None:
        self.hidden.clear()
        for action in self._actions.values():
            action.blockSignals(True)
            action.setChecked(True)
            action.blockSignals(False)
        self._update_label()
        self._on_change()

    def set_shown(self, programme_id: str, shown: bool) -> None:
        action = self._actions.get(programme_id)
        if action is not None:
            action.setChecked(shown)

    def _update_label(self) -> None:
        total = len(self._actions)
        shown = sum(1 for pid in self._actions if pid not in self.hidden)
        self.setText(self.tr("Programme: %1 von %2 ▾").replace("%1", str(shown)).replace("%2", str(total)))


class CompareView(ServiceWidget):
    view_name = "compare"
    location_kinds = ("topic",)
    title = "Vergleich"

    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, navigator, runner, report, parent)
        self.comparison: Comparison | None = None
        self._requested: str | None = None
        self.settings: QSettings | None = None

        self.topic_box = QComboBox()
        self.topic_box.setAccessibleName(self.tr("Thema wählen"))
        self.topic_box.setToolTip(self.tr("Ein anderes Thema vergleichen"))
        self.topic_box.setMinimumContentsLength(24)
        self.topic_box.activated.connect(self._topic_picked)
        self.picker = ProgrammePicker(self._selection_changed)
        self.picker.hide()  # until a comparison names its programmes (an empty button before)

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)  # built from escaped parts
        self.heading.setObjectName("viewHeading")
        self.heading.setWordWrap(True)
        self.links = QLabel()
        self.links.setTextFormat(Qt.TextFormat.RichText)  # built from escaped parts
        self.links.setWordWrap(True)
        self.links.setAccessibleName(self.tr("Unterthemen und Antwortkarten"))
        self.links.linkActivated.connect(self._open_link)
        self.summary = QLabel()
        self.summary.setObjectName("mutedLabel")
        # Which columns are in sight and how many wait left and right: six programmes at
        # 1024 pixels are two columns and four a sideways scroll away, which must be said.
        self.hint = plain_label(QLabel())
        self.hint.setObjectName("compareHint")
        self.hint.setAccessibleName(self.tr("Welche Programme zu sehen sind"))
        self.prev_button = QToolButton()
        self.prev_button.setText("◀")
        self.prev_button.setAccessibleName(self.tr("Vorige Spalte"))
        self.prev_button.setToolTip(self.tr("Eine Spalte nach links (in einer Spalte: Pfeil links)"))
        self.prev_button.clicked.connect(lambda: self.step_columns(-1))
        self.next_button = QToolButton()
        self.next_button.setText("▶")
        self.next_button.setAccessibleName(self.tr("Nächste Spalte"))
        self.next_button.setToolTip(self.tr("Eine Spalte nach rechts (in einer Spalte: Pfeil rechts)"))
        self.next_button.clicked.connect(lambda: self.step_columns(1))
        for widget in (self.hint, self.prev_button, self.next_button):
            widget.hide()  # until there are columns

        # Columns of a fixed readable width in a row that scrolls sideways: six
        # programmes stay as readable as two.
        self.row = QWidget()
        self.row.setObjectName("compareRow")
        self.row_layout = QHBoxLayout(self.row)
        self.row_layout.setContentsMargins(0, 0, 0, 0)
        self.row_layout.setSpacing(10)
        self.row_layout.addStretch(1)
        # The column with the keyboard focus is framed plainly in the highlight colour.
        self.row.setStyleSheet(
            "QTextBrowser#compareColumn { border: 2px solid palette(mid); border-radius: 3px; }"
            "QTextBrowser#compareColumn:focus { border: 3px solid palette(highlight); }"
        )
        self.scroll = QScrollArea()
        self.scroll.setObjectName("compareScroll")
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.row)
        # The columns take the focus (Tab, F6), not the row that holds them.
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # A finger drags the row sideways from the gaps between columns and from any column
        # (SidewaysWith in _browser). Not a pen or mouse: the row's gesture would also see the
        # drags inside its columns, where they select text.
        flick_scroll(self.scroll)
        self.column_views: list[ButtonLinkBrowser] = []
        self._shown_columns: list[Column] = []
        self._unfilled: set[int] = set()
        self._generation = 0
        self._width = self._column_width()
        self._colors = html_colors(self.palette())
        self.scroll.horizontalScrollBar().valueChanged.connect(self._scrolled)
        self.scroll.horizontalScrollBar().rangeChanged.connect(lambda _lo, _hi: self._update_hint())

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.picker)
        top.addWidget(self.topic_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(top)
        layout.addWidget(self.links)
        status = QHBoxLayout()
        status.addWidget(self.summary, 1)
        status.addWidget(self.hint)
        status.addWidget(self.prev_button)
        status.addWidget(self.next_button)
        layout.addLayout(status)
        layout.addWidget(self.scroll, 1)
        self.heading.setText(self.tr("Wählen Sie links ein Thema, um die Programme zu vergleichen."))

    # -- settings -----------------------------------------------------------
    def set_settings(self, settings: QSettings) -> None:
        """Remember which programmes the user took out of the comparison."""
        self.settings = settings
        value = settings.value(HIDDEN_KEY, [])
        if isinstance(value, str):
            value = [value] if value else []
        self.picker.hidden = {str(v) for v in value or []}

    def _selection_changed(self) -> None:
        if self.settings is not None:
            self.settings.setValue(HIDDEN_KEY, sorted(self.picker.hidden))
        if self.comparison is not None:
            self._show_columns(self.comparison)

    # -- navigation ---------------------------------------------------------
    def show_location(self, location: Location) -> None:
        self._requested = location.target
        library, topic_id = self.library, location.target
        self.runner.run(self, lambda: load_comparison(library, topic_id), self._render, self._failed)

    def focus_widget(self) -> QWidget:
        for browser in self.column_views:
            if browser.isVisible():
                return browser
        return self.topic_box

    def _failed(self, message: str) -> None:
        self.heading.setText(html.escape(message))
        self.report(message)

    def _render(self, comparison: Comparison) -> None:
        if comparison.topic_id != self._requested:
            return
        self.comparison = comparison
        colors = html_colors(self.palette())
        self.heading.setText(
            f"<span style='font-size:x-large; font-weight:bold;'>{html.escape(comparison.title)}</span>"
            + (f"<br><span style='color:{colors.muted};'>{html.escape(comparison.description)}</span>" if comparison.description else "")
        )
        links: list[str] = []
        if comparison.subtopics:
            links.append("Unterthemen: " + ", ".join(
                f"<a href='topic:{html.escape(tid)}'>{html.escape(title)}</a>" for tid, title in comparison.subtopics
            ))
        if comparison.cards:
            links.append("Antwortkarten: " + ", ".join(
                f"<a href='card:{html.escape(cid)}'>{html.escape(q)}</a>" for cid, q in comparison.cards
            ))
        self.links.setText("<br>".join(links))
        self.links.setVisible(bool(links))
        self.topic_box.blockSignals(True)
        self.topic_box.clear()
        for tid, title, depth in comparison.all_topics:
            self.topic_box.addItem("   " * depth + title, tid)
        self.topic_box.setCurrentIndex(max(0, self.topic_box.findData(comparison.topic_id)))
        self.topic_box.blockSignals(False)
        self.picker.set_programmes(c.programme for c in comparison.columns)
        self.picker.show()
        self._show_columns(comparison)

    def _show_columns(self, comparison: Comparison) -> None:
        chosen = [c for c in comparison.columns if c.programme.id not in self.picker.hidden]
        # Programmes that say something first, the silent ones after them: with
        # eight programmes nobody should scroll past silence to find an answer.
        shown = [c for c in chosen if not c.silent] + [c for c in chosen if c.silent]
        self._shown_columns = shown
        # Fifty columns of rich text take a second to lay out: the ones in sight are filled
        # at once, the rest a few at a time between events (and at once when scrolled to
        # or focused), so the window never stalls. Browsers are reused across topics.
        self._generation += 1
        self._colors = html_colors(self.palette())
        self._unfilled = set(range(len(shown)))
        for browser in self.column_views[len(shown):]:
            browser.hide()
        # The row is as wide as all its columns at once (scrolling works from the start);
        # their widgets are made in reading order as they are filled.
        self._fit_columns()
        speaking = sum(1 for c in shown if not c.silent)
        self.summary.setText(
            self.tr("%1 von %2 Programmen sagen etwas dazu.").replace("%1", str(speaking)).replace("%2", str(len(shown)))
        )
        self._fill_some(self._generation)

    @property
    def filling(self) -> bool:
        """True while some columns of the comparison shown still wait for their text.

        Only while the view is in sight: a hidden view fills nothing (see ``_fill_some``).
        """
        return bool(self._unfilled) and self.isVisible()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._unfilled:
            generation = self._generation
            QTimer.singleShot(0, self, lambda: self._fill_some(generation))

    def _browser(self, i: int) -> ButtonLinkBrowser:
        while len(self.column_views) <= i:
            browser = ButtonLinkBrowser()
            browser.setObjectName("compareColumn")
            browser.setOpenLinks(False)
            browser.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            browser.document().setDocumentMargin(12)
            browser.anchorClicked.connect(self._anchor_clicked)
            browser.installEventFilter(self)
            SidewaysWith(browser, self.scroll.horizontalScrollBar())
            browser.setFixedWidth(self._width)
            # Before the closing stretch: made columns stand left, where they belong.
            self.row_layout.insertWidget(len(self.column_views), browser)
            self.column_views.append(browser)
        return self.column_views[i]

    def _fill(self, i: int) -> None:
        if i not in self._unfilled:
            return
        self._unfilled.discard(i)
        column = self._shown_columns[i]
        browser = self._browser(i)
        browser.setHtml(column_html(column, self._colors, browser.fontMetrics().lineSpacing()))
        browser.setAccessibleName(self._column_name(column))
        browser.show()

    @staticmethod
    def _column_name(column: Column) -> str:
        name = f"{column.programme.party} {column.programme.year}"
        return name + (f": {silent_text(column.programme)}" if column.silent else "")

    def _in_sight(self) -> list[int]:
        """Indexes of the columns the scrolled row shows now (and the next one)."""
        step = max(1, self._width + self.row_layout.spacing())
        first = self.scroll.horizontalScrollBar().value() // step
        last = (self.scroll.horizontalScrollBar().value() + self.scroll.viewport().width()) // step + 1
        return [i for i in range(first, last + 1) if i < len(self._shown_columns)]

    def _fill_some(self, generation: int) -> None:
        if generation != self._generation or not self._unfilled:
            return
        if not self.isVisible():
            # Another view is shown (the overview, a card): making and laying out the rest of
            # 250 columns behind it would only cost its turns of the event loop; the filling
            # goes on when this view is shown again (showEvent).
            return
        started = time.perf_counter()
        # The columns in sight first, then the rest in reading order; within a small
        # budget per turn of the event loop (at least one column), so that the layout and
        # paint of what was filled fit in the same turn without a noticeable stall.
        in_sight = [i for i in self._in_sight() if i in self._unfilled]
        for i in in_sight + sorted(self._unfilled.difference(in_sight)):
            self._fill(i)
            if time.perf_counter() - started > FILL_BUDGET_S:
                break
        if self._unfilled:
            QTimer.singleShot(0, self, lambda: self._fill_some(generation))

    def _scrolled(self, _value: int) -> None:
        for i in self._in_sight():
            self._fill(i)
        self._update_hint()

    # -- which columns are in sight -------------------------------------------
    def columns_in_sight(self) -> tuple[int, int, int]:
        """(left, shown, right): how many columns lie left of the view, in it, and right of it.

        A column counts as in sight when its middle is: the row scrolls by whole columns
        (buttons, arrow keys, Tab), so at rest every column in sight is whole.
        """
        count = len(self._shown_columns)
        step = self._width + self.row_layout.spacing()
        start = self.scroll.horizontalScrollBar().value()
        end = start + self.scroll.viewport().width()
        middles = [i * step + self._width // 2 for i in range(count)]
        left = sum(1 for m in middles if m < start)
        right = sum(1 for m in middles if m >= end)
        return left, count - left - right, right

    def _update_hint(self) -> None:
        count = len(self._shown_columns)
        for widget in (self.hint, self.prev_button, self.next_button):
            widget.setVisible(count > 0)
        if not count:
            return
        left, shown, right = self.columns_in_sight()
        text = sight_text(left, shown, right)
        self.hint.setText(text)
        names = [f"{c.programme.party} {c.programme.year}" for c in self._shown_columns]
        tip = [self.tr("Pfeil links/rechts in einer Spalte oder ◀ ▶ wechselt die Spalte; "
                       "Strg+B blendet die Seitenleiste aus, dann passen mehr Spalten nebeneinander.")]
        if left:
            tip.append(self.tr("Links: %s") % ", ".join(names[:left]))
        if right:
            tip.append(self.tr("Rechts: %s") % ", ".join(names[count - right:]))
        self.hint.setToolTip(tooltip("\n".join(tip)))
        self.prev_button.setEnabled(left > 0)
        self.next_button.setEnabled(right > 0)

    def step_columns(self, step: int) -> None:
        """Scroll one column left (-1) or right (1): the next column out of sight comes in whole."""
        left, shown, right = self.columns_in_sight()
        if step > 0 and right:
            self.scroll_to_index(left + shown)
        elif step < 0 and left:
            self.scroll_to_index(left - 1)

    def _column_width(self) -> int:
        return self.fontMetrics().averageCharWidth() * COLUMN_CHARS

    def _fit_columns(self) -> None:
        count = len(self._shown_columns)
        if not count:
            self._update_hint()
            return
        spacing = self.row_layout.spacing()
        room = self.scroll.viewport().width()
        # As many whole readable columns as fit side by side share the view; the
        # rest are a sideways scroll away. Never narrower than a readable line.
        fits = max(1, min(count, (room + spacing) // (self._column_width() + spacing)))
        self._width = max(self._column_width(), (room - spacing * (fits - 1)) // fits)
        for browser in self.column_views[:count]:
            browser.setFixedWidth(self._width)
        self.row.setMinimumWidth(count * self._width + spacing * (count - 1))
        self._update_hint()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_columns()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Tab into a column out of sight scrolls it into view.
        if event.type() == QEvent.Type.FocusIn and watched in self.column_views:
            self._fill(self.column_views.index(watched))  # type: ignore[arg-type]
            self.scroll_to_column(watched)  # type: ignore[arg-type]
        # Left and right arrows go to the column beside (a wrapped column has nothing to
        # scroll sideways itself); the focus frame goes with them.
        if event.type() == QEvent.Type.KeyPress and watched in self.column_views:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and event.modifiers() in (
                Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier,
            ):
                index = self.column_views.index(watched) + (1 if event.key() == Qt.Key.Key_Right else -1)  # type: ignore[arg-type]
                if 0 <= index < len(self._shown_columns):
                    self.focus_column(index)
                return True
        return super().eventFilter(watched, event)

    def focus_column(self, index: int) -> None:
        """Put the keyboard on column ``index`` and bring the whole column into sight."""
        self._fill(index)
        browser = self.column_views[index]
        self.scroll_to_index(index)
        browser.setFocus(Qt.FocusReason.TabFocusReason)

    def scroll_to_index(self, index: int) -> None:
        """Scroll the row so that column ``index`` is whole in sight (from its place, made or not)."""
        step = self._width + self.row_layout.spacing()
        left = index * step
        right = left + self._width
        bar = self.scroll.horizontalScrollBar()
        room = self.scroll.viewport().width()
        if right - left >= room or left < bar.value():
            bar.setValue(left)
        elif right > bar.value() + room:
            bar.setValue(right - room)

    def scroll_to_column(self, browser: QWidget) -> None:
        """Scroll the row so that the whole column is in sight, not just its text cursor.

        (``QScrollArea.ensureWidgetVisible`` makes only a text widget's cursor rectangle
        visible: a column focused at the right edge stayed a sliver of 13 pixels.)
        """
        self.row_layout.activate()  # a column made just now has its place in the row
        bar = self.scroll.horizontalScrollBar()
        left = browser.geometry().left()
        right = browser.geometry().right() + 1
        room = self.scroll.viewport().width()
        if right - left >= room or left < bar.value():
            bar.setValue(left)
        elif right > bar.value() + room:
            bar.setValue(right - room)

    def _topic_picked(self, index: int) -> None:
        topic_id = self.topic_box.itemData(index)
        if topic_id:
            self.navigator.open(Location("topic", str(topic_id)))

    def _anchor_clicked(self, url: QUrl) -> None:
        self._open_link(url.toString())

    def _open_link(self, link: str) -> None:
        kind, _, target = link.partition(":")
        if target:
            self.navigator.open(Location(kind, target))

    def shown_programmes(self) -> list[str]:
        return [c.programme.id for c in self._shown_columns]

    def silent_programmes(self) -> list[str]:
        return [c.programme.id for c in self._shown_columns if c.silent]
