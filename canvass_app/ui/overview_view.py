"""Overview: a matrix of topics × programmes showing how much each programme says; a cell opens that topic's comparison."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from canvass_app.content.overview import Overview, OverviewRow, silent_text
from canvass_app.errors import CanvassError
from canvass_app.library import Library
from canvass_app.ui.column_sight import sight_text
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.plain import plain_label
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import service
from canvass_app.ui.tasks import TaskRunner

COUNT_ROLE = Qt.ItemDataRole.UserRole + 1
SHARE_ROLE = Qt.ItemDataRole.UserRole + 2
TOPIC_ROLE = Qt.ItemDataRole.UserRole + 3
SILENCE = "–"
# The topic titles take at most this share of the table's width, and never less than
# ROW_TITLE_CHARS average characters; a longer title is cut short, whole in its tooltip.
# (Sized to the longest, "Fußverkehr und Barrierefreiheit im Verkehr", they left room for
# two programmes at 1024 pixels.)
ROW_TITLE_SHARE = 0.38
ROW_TITLE_CHARS = 22
TITLE_PADDING = 24  # a header's margins around its title
# Width of a programme's column, in average characters.
HEADER_CHARS = 14
# Space between a cell's edge, its bar and its number, in pixels.
CELL_PAD = 6
# A party name longer than this many lines is shortened in its column title (the tooltip has it whole).
MAX_PARTY_LINES = 5


def header_title(party: str, year: int | str) -> str:
    """A programme's column title: its party wrapped to the column (at most MAX_PARTY_LINES), then the year."""
    # Never inside a word ("Kreisve" / "rband"): a long word stands whole, hyphenated ones break at the hyphen.
    lines = textwrap.wrap(party, HEADER_CHARS - 3, break_long_words=False) or [""]
    if len(lines) > MAX_PARTY_LINES:
        rest = " ".join(lines[MAX_PARTY_LINES - 1:])
        lines = [*lines[: MAX_PARTY_LINES - 1], textwrap.shorten(rest, HEADER_CHARS - 3, placeholder=" …")]
    return "\n".join([*lines, str(year)])


def _distinct_words(titles: list[str]) -> list[str]:
    """Each title less the words at its start and end that all of ``titles`` share."""
    words = [t.split() for t in titles]
    shortest = min(len(w) for w in words)
    head = 0
    while head < shortest and len({w[head] for w in words}) == 1:
        head += 1
    tail = 0
    while tail < shortest - head and len({w[-1 - tail] for w in words}) == 1:
        tail += 1
    return [" ".join(w[head:len(w) - tail]) for w in words]


def column_titles(programmes: Sequence[Any]) -> list[str]:
    """Every programme's column title; programmes of one party and year (two local SPD
    programmes of 2024) get a last line of what sets them apart: their titles' own words,
    else their IDs, so no two columns read the same."""
    titles = [header_title(p.party, p.year) for p in programmes]
    groups: dict[str, list[int]] = {}
    for column, title in enumerate(titles):
        groups.setdefault(title, []).append(column)
    for columns in groups.values():
        if len(columns) < 2:
            continue
        apart = _distinct_words([str(programmes[c].title) for c in columns])
        if len(set(apart)) < len(apart) or not all(apart):
            apart = [str(programmes[c].id) for c in columns]
        for column, words in zip(columns, apart, strict=True):
            # One line; a long word stands whole ("Villingen-Schwenningen"), as in header_title.
            lines = textwrap.wrap(words, HEADER_CHARS - 1, break_long_words=False, break_on_hyphens=False)
            titles[column] += "\n" + lines[0] + (" …" if len(lines) > 1 else "")
    return titles


def load_overview(library: Library, subtopics: bool) -> Overview:
    """Runs in a background task."""
    overview: Overview = service(library, "content").overview(max_depth=1 if subtopics else 0)
    return overview


class OverviewModel(QAbstractTableModel):
    """Rows are topics, columns programmes; a cell is the passage count, 0 meaning silence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.overview = Overview((), ())
        self.column_titles: list[str] = []
        # Room for a topic title in its header, and the metrics of its plain and bold font:
        # a longer one ends in "…" (the header itself clips it mid-letter). None: no limit.
        self._title_room: tuple[int, QFontMetrics, QFontMetrics] | None = None

    def set_title_room(self, width: int, font: QFont) -> None:
        bold = QFont(font)
        bold.setBold(True)
        self._title_room = (width, QFontMetrics(font), QFontMetrics(bold))
        if self.overview.rows:
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self.overview.rows) - 1)

    def set_overview(self, overview: Overview) -> None:
        self.beginResetModel()
        self.overview = overview
        # Whole words, every one of them: "BÜNDNIS 90/DIE GRÜNEN Dortmund" and "… Aalen"
        # differ only in their last word (cutting at three lines made them look the same).
        # Capitals are wider than the average character: wrap shorter than the column.
        # Wrapped once here: the header asks for its titles at every layout and paint.
        self.column_titles = column_titles(overview.programmes)
        self.endResetModel()

    @property
    def header_lines(self) -> int:
        """How many lines the tallest column title takes (the header is made that tall)."""
        return max((t.count("\n") + 1 for t in self.column_titles), default=1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.overview.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.overview.programmes)

    def row(self, index: QModelIndex | QPersistentModelIndex) -> OverviewRow:
        return self.overview.rows[index.row()]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row(index)
        programme = self.overview.programmes[index.column()]
        count = row.counts[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return str(count) if count else SILENCE
        if role == COUNT_ROLE:
            return count
        if role == SHARE_ROLE:
            return count / max(1, self.overview.largest)
        if role == TOPIC_ROLE:
            return row.topic_id
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            who = f"{programme.party} {programme.year}"
            said = (
                f"{count} Textstelle{'n' if count != 1 else ''}" if count else silent_text(programme)
            )
            return f"{row.title} – {who}: {said}. Enter öffnet den Vergleich."
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and orientation == Qt.Orientation.Vertical:
            font = QFont()
            font.setBold(self.overview.rows[section].depth == 0)
            return font
        if role != Qt.ItemDataRole.DisplayRole:
            if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
                programme = self.overview.programmes[section]
                return f"{programme.party} {programme.year}: {programme.title}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.overview.rows[section].title  # whole, where the header cuts it short
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.column_titles[section]
        row = self.overview.rows[section]
        title = ("    " * row.depth) + row.title
        if self._title_room is not None:
            width, plain, bold = self._title_room
            title = (bold if row.depth == 0 else plain).elidedText(title, Qt.TextElideMode.ElideRight, width)
        return title


class FixedHeader(QHeaderView):
    """A header whose size is known without asking the model for every section's title.

    Qt sizes a header by measuring up to two hundred sections, each asking ``headerData``
    for half a dozen roles: four thousand calls into Python per reset with 250 programmes,
    each waiting for the interpreter lock while background work runs (75 ms frozen at
    50 MB). The titles are laid out to fit anyway: the columns' up to four lines
    (wrapped in :class:`OverviewModel`), the rows' width set from their longest title.
    """

    # Lines of the tallest title (set by the view from the model's titles).
    lines = 4

    def sizeHint(self) -> QSize:
        if self.orientation() == Qt.Orientation.Horizontal:
            return QSize(self.length(), max(self.minimumHeight(), self.fontMetrics().height() * self.lines + 12))
        return QSize(self.minimumWidth(), self.length())


def cell_layout(rect: QRect, share: float, metrics: QFontMetrics) -> tuple[QRectF, QRect]:
    """Where a cell's bar and its number go: the bar on the left, the number to its right.

    The number never stands on the bar: on a dark palette light text on the lightened
    bar was 4.0:1, on a selected cell 2.7:1. The bar's full length is what the number
    leaves free; the square root keeps small counts visible next to a chapter that says
    99 things on its one field.
    """
    room = metrics.horizontalAdvance("0000") + 2 * CELL_PAD
    text = QRect(rect.right() - room + 1, rect.top(), room - CELL_PAD, rect.height())
    longest = max(4.0, float(rect.width() - room - CELL_PAD))
    width = max(4.0, longest * share ** 0.5) if share > 0 else 0.0
    bar = QRectF(rect.left() + CELL_PAD, rect.top() + 4, width, rect.height() - 8)
    return bar, text


class BarDelegate(QStyledItemDelegate):
    """The count with a bar as long as its share of the largest; silence as a plain dash."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        count = int(index.data(COUNT_ROLE) or 0)
        share = float(index.data(SHARE_ROLE) or 0.0)
        painter.save()
        palette = option.palette  # type: ignore[attr-defined]
        rect = option.rect  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        if selected:
            painter.fillRect(rect, palette.highlight())
        bar_rect, text_rect = cell_layout(rect, share if count else 0.0, option.fontMetrics)  # type: ignore[attr-defined]
        if count:
            if selected:
                # On the highlight a highlight-coloured bar vanishes: the selected text's colour, faint.
                bar = QColor(palette.highlightedText().color())
                bar.setAlpha(110)
            else:
                bar = QColor(palette.highlight().color())
                if palette.base().color().lightness() < 128:
                    # On a dark background a faint highlight disappears: lighter and denser.
                    bar = bar.lighter(160)
                    bar.setAlpha(150)
                else:
                    bar.setAlpha(90)
            painter.fillRect(bar_rect, bar)
        pen = palette.highlightedText().color() if selected else palette.text().color()
        if not count:
            pen = palette.placeholderText().color() if not selected else pen
        painter.setPen(pen)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(count) if count else SILENCE
        )
        painter.restore()


class OverviewView(ServiceWidget):
    view_name = "overview"
    location_kinds = ("overview",)
    title = "Überblick"

    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, navigator, runner, report, parent)
        self.overview: Overview | None = None
        self._titles_width = 0  # what the longest topic title needs (set when rendered)
        self.heading = QLabel(
            "<span style='font-size:x-large; font-weight:bold;'>" + self.tr("Überblick: Wer sagt was?") + "</span>"
        )
        self.heading.setObjectName("viewHeading")
        self.legend = QLabel(
            self.tr("Zahl der Textstellen je Thema und Programm; „–“: dazu steht nichts im Programm "
                    "(bei Kapiteln: nichts im Kapitel). Ein Feld öffnen (Enter oder Doppelklick) zeigt den Vergleich.")
        )
        self.legend.setWordWrap(True)
        self.legend.setObjectName("mutedLabel")
        self.subtopics = QCheckBox(self.tr("Unterthemen zeigen"))
        self.subtopics.setChecked(True)
        self.subtopics.toggled.connect(lambda _on: self.reload())
        self.csv_button = QPushButton(self.tr("Als CSV speichern …"))
        self.csv_button.clicked.connect(self._save_csv)
        self.pdf_button = QPushButton(self.tr("Als PDF (A4 quer) …"))
        self.pdf_button.setToolTip(self.tr("Die Felder als eine Seite A4 quer, zum Drucken"))
        self.pdf_button.clicked.connect(self._save_pdf)

        self.model = OverviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(BarDelegate(self.table))
        self.table.setAccessibleName(self.tr("Themen und Programme"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        # Headers made here and kept: the table's own, looked up through horizontalHeader()
        # while other views are torn down, once came back as a wrapper of the wrong type.
        self.columns_header = FixedHeader(Qt.Orientation.Horizontal, self.table)
        self.rows_header = FixedHeader(Qt.Orientation.Vertical, self.table)
        self.table.setHorizontalHeader(self.columns_header)
        self.table.setVerticalHeader(self.rows_header)
        self.columns_header.setSectionsClickable(True)
        self.rows_header.setSectionsClickable(True)
        self.columns_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.columns_header.setDefaultSectionSize(
            self.fontMetrics().averageCharWidth() * (HEADER_CHARS + 5)
        )
        # The current row and column are shown by the cell's focus frame; bold
        # headers would not fit their titles.
        self.columns_header.setHighlightSections(False)
        self.rows_header.setHighlightSections(False)
        self.columns_header.setMinimumHeight(self.fontMetrics().height() * 4 + 12)
        self.rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.rows_header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.activated.connect(self._open)
        self.table.doubleClicked.connect(self._open)

        # Eight programmes at 1024 pixels are three columns in sight: say so, and how many
        # wait to the right (the table scrolls sideways, by the arrow keys too).
        self.hint = plain_label(QLabel())
        self.hint.setObjectName("mutedLabel")
        self.hint.setAccessibleName(self.tr("Welche Programme zu sehen sind"))
        self.hint.setToolTip(self.tr("Pfeil links/rechts in der Tabelle wechselt das Programm; "
                                     "Strg+B blendet die Seitenleiste aus, dann passen mehr Spalten nebeneinander."))
        bar = self.table.horizontalScrollBar()
        bar.valueChanged.connect(lambda _v: self._update_hint())
        bar.rangeChanged.connect(lambda _lo, _hi: self._update_hint())

        buttons = QHBoxLayout()
        buttons.addWidget(self.subtopics)
        buttons.addStretch(1)
        buttons.addWidget(self.hint)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.heading)
        layout.addWidget(self.legend)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

    def show_location(self, location: Location) -> None:
        self.reload()

    def reload(self) -> None:
        library, subtopics = self.library, self.subtopics.isChecked()
        self.runner.run(self, lambda: load_overview(library, subtopics), self._render, self._failed)

    def focus_widget(self) -> QWidget:
        return self.table

    def _failed(self, message: str) -> None:
        self.legend.setText(message)
        self.report(message)

    def _render(self, overview: Overview) -> None:
        self.overview = overview
        self.model.set_overview(overview)
        self.columns_header.lines = self.model.header_lines
        self.columns_header.setMinimumHeight(self.columns_header.fontMetrics().height() * self.model.header_lines + 12)
        self.columns_header.updateGeometry()
        # Room for the longest title, bold field titles and indentation included.
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        widest = max((metrics.horizontalAdvance("    " * r.depth + r.title) for r in overview.rows), default=0)
        self._titles_width = widest + TITLE_PADDING
        self._fit_row_titles()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._update_hint()

    def columns_in_sight(self) -> tuple[int, int, int]:
        """(left, shown, right): programme columns left of the view, whole in it, and right of it."""
        count = self.model.columnCount()
        room = self.table.viewport().width()
        left = right = 0
        for column in range(count):
            start = self.table.columnViewportPosition(column)
            if start < 0:
                left += 1
            elif start + self.table.columnWidth(column) > room + 1:
                right += 1
        return left, count - left - right, right

    def _update_hint(self) -> None:
        count = self.model.columnCount()
        self.hint.setVisible(count > 0)
        if count:
            self.hint.setText(sight_text(*self.columns_in_sight()))

    def _fit_row_titles(self) -> None:
        room = max(int(self.table.width() * ROW_TITLE_SHARE), self.fontMetrics().averageCharWidth() * ROW_TITLE_CHARS)
        width = min(self._titles_width, room)
        if width != self.rows_header.width() or self.model._title_room is None:
            self.rows_header.setFixedWidth(width)
            self.model.set_title_room(width - TITLE_PADDING, self.font())

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_row_titles()
        self._update_hint()

    def _open(self, index: QModelIndex) -> None:
        if index.isValid():
            self.navigator.open(Location("topic", str(index.data(TOPIC_ROLE))))

    def _save_csv(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Überblick als CSV speichern"), "ueberblick.csv", self.tr("CSV-Dateien (*.csv)")
        )
        if name:
            self.save_csv(Path(name))

    def save_csv(self, path: Path) -> None:
        if self.overview is None:
            return
        try:
            path.write_text(self.overview.to_csv(), encoding="utf-8-sig")
        except OSError:
            self.report(self.tr("Die CSV-Datei konnte nicht gespeichert werden; bitte Ordner und Rechte prüfen."))
            return
        self.report(self.tr("Überblick als CSV gespeichert: %1").replace("%1", str(path)))

    def _save_pdf(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Überblick als PDF speichern"), "ueberblick.pdf", self.tr("PDF-Dateien (*.pdf)")
        )
        if name:
            self.save_pdf(Path(name))

    def save_pdf(self, path: Path) -> None:
        from canvass_app.ui.overview_print import render_overview_pdf

        try:
            fields = service(self.library, "content").overview(max_depth=0)
            render_overview_pdf(fields, path)
        except CanvassError as error:
            self.report(str(error))
            return
        self.report(self.tr("Überblick als PDF gespeichert (eine Seite A4 quer): %1").replace("%1", str(path)))
