"""The sidebar: the topic tree and each programme's table of contents, both opening locations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from canvass_app.library import Library
from canvass_app.ui.navigation import Location, Navigator, section_target
from canvass_app.ui.plain import tooltip
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import flatten_topics, has_service, service
from canvass_app.ui.tasks import LIBRARY_LANE, TaskRunner

LOCATION_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Outline:
    topics: tuple[tuple[str, str, int], ...]
    # (programme id, "Partei · Jahr", programme title, ((section id, title, parent id), ...))
    programmes: tuple[tuple[str, str, str, tuple[tuple[str, str, str | None], ...]], ...]
    problems: tuple[str, ...]


def load_outline(library: Library) -> Outline:
    """Runs in a background task: topics and tables of contents, each optional."""
    problems: list[str] = []
    programmes: list[tuple[str, str, str, tuple[tuple[str, str, str | None], ...]]] = []
    topics: list[tuple[str, str, int]] = []
    try:
        for p in service(library, "corpus").programmes():
            sections = tuple(
                (s.id, s.title or "Einleitung", getattr(s, "parent", None)) for s in p.sections
            )
            # Year first, so a narrow sidebar never cuts it off.
            programmes.append((p.id, f"{p.year} · {p.party}", p.title, sections))
    except Exception as error:
        problems.append(getattr(error, "message", "Die Wahlprogramme konnten nicht geladen werden."))
    if has_service(library, "content"):
        try:
            topics = flatten_topics(service(library, "content").topics())
        except Exception as error:
            problems.append(getattr(error, "message", "Die Themen konnten nicht geladen werden."))
    return Outline(tuple(topics), tuple(programmes), tuple(problems))


class Sidebar(ServiceWidget):
    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, navigator, runner, report, parent)
        self.model = QStandardItemModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("sidebarTree")
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(_GroupDelegate(self.tree))
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Themen und Inhaltsverzeichnis"))
        self.tree.setToolTip(self.tr("Thema öffnen, um die Programme zu vergleichen; Abschnitt öffnen, um ihn zu lesen"))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.activated.connect(self._open)
        self.tree.clicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.topics_root = QStandardItem(self.tr("Themen"))
        self.programmes_root = QStandardItem(self.tr("Programme"))
        for root in (self.topics_root, self.programmes_root):
            root.setSelectable(False)
            self.model.appendRow(root)
        self.loaded = False

    def load(self) -> None:
        library = self.library
        # Its own lane: reading every programme's outline never holds up a card or a note.
        self.runner.run(self, lambda: load_outline(library), self._fill, self.report, lane=LIBRARY_LANE)

    def _fill(self, outline: Outline) -> None:
        self.topics_root.removeRows(0, self.topics_root.rowCount())
        self.programmes_root.removeRows(0, self.programmes_root.rowCount())
        parents: list[QStandardItem] = [self.topics_root]
        if outline.topics:
            overview = QStandardItem(self.tr("Überblick: Wer sagt was?"))
            overview.setData(Location("overview", ""), LOCATION_ROLE)
            overview.setToolTip(self.tr("Alle Themen und Programme in einer Tabelle"))
            self.topics_root.appendRow(overview)
        for tid, title, depth in outline.topics:
            item = QStandardItem(title)
            item.setData(Location("topic", tid), LOCATION_ROLE)
            item.setToolTip(tooltip(self.tr("„%s“ in allen Programmen vergleichen") % title))
            del parents[depth + 1 :]
            parents[-1].appendRow(item)
            parents.append(item)
        if not outline.topics:
            self.topics_root.appendRow(_disabled(self.tr("(keine Themen verfügbar)")))
        programme_items = []
        for pid, label, title, sections in outline.programmes:
            programme_item = QStandardItem(label)
            programme_item.setToolTip(tooltip(f"{label}: {title}"))
            if sections:
                programme_item.setData(Location("section", section_target(pid, sections[0][0])), LOCATION_ROLE)
            # Chapters at the top, numbered; their sections nested below them.
            items: dict[str, QStandardItem] = {}
            number = 0
            for sid, stitle, parent in sections:
                holder = items.get(parent) if parent else None
                if holder is None:
                    number += 1
                item = QStandardItem(f"{number}. {stitle}" if holder is None else stitle)
                item.setToolTip(tooltip(stitle))
                item.setData(Location("section", section_target(pid, sid)), LOCATION_ROLE)
                (holder or programme_item).appendRow(item)
                items[sid] = item
            programme_items.append(programme_item)
        # Attached in one go: a library of fifty programmes is one model change, not thousands.
        if programme_items:
            self.programmes_root.appendRows(programme_items)
        if not outline.programmes:
            self.programmes_root.appendRow(_disabled(self.tr("(keine Programme verfügbar)")))
        self.tree.expand(self.topics_root.index())
        self.tree.expand(self.programmes_root.index())
        self.loaded = True
        for problem in outline.problems:
            self.report(problem)

    def _open(self, index: QModelIndex) -> None:
        location = index.data(LOCATION_ROLE)
        if isinstance(location, Location):
            self.navigator.open(location)

    def find_item(self, location: Location) -> QModelIndex:
        """The tree index that opens ``location`` (for tests and for revealing the current place)."""
        pending = [self.model.index(r, 0) for r in range(self.model.rowCount())]
        while pending:
            index = pending.pop(0)
            found = index.data(LOCATION_ROLE)
            if isinstance(found, Location) and found.key() == location.key():
                return index
            pending.extend(self.model.index(r, 0, index) for r in range(self.model.rowCount(index)))
        return QModelIndex()


class _GroupDelegate(QStyledItemDelegate):
    """Bold group headings; a font role would freeze their size when the text is scaled."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if not index.parent().isValid():
            option.font.setBold(True)


def _disabled(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEnabled(False)
    return item
