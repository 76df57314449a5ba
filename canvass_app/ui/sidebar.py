"""The sidebar: the topic tree and each programme's table of contents, both opening locations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from canvass_app.library import Library
from canvass_app.ui.kinetic import flick_scroll
from canvass_app.ui.navigation import Location, Navigator, section_target
from canvass_app.ui.plain import tooltip
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import flatten_topics, has_service, service
from canvass_app.ui.tasks import LIBRARY_LANE, TaskRunner

LOCATION_ROLE = Qt.ItemDataRole.UserRole + 1
# Set on rows whose end says most (a programme: "2025 · BÜNDNIS 90/DIE GRÜNEN Dortmund").
ELIDE_MIDDLE_ROLE = Qt.ItemDataRole.UserRole + 2


class ElidingDelegate(QStyledItemDelegate):
    """Elides a programme's label in the middle, keeping its place; topics keep their start.

    Only the style option is changed; Qt still draws. It runs for the rows painted or
    measured, a few dozen at a time.
    """

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if index.data(ELIDE_MIDDLE_ROLE):
            option.textElideMode = Qt.TextElideMode.ElideMiddle  # type: ignore[attr-defined]


Contents = tuple[tuple[str, str, str | None], ...]  # (section id, title, parent id), in order

# Up to this many passages in the whole library, every table of contents is read with the
# list (the bundled chapters and a few imports: milliseconds); beyond, each programme's
# is read when it is opened in the tree, so a library of fifty programmes starts as fast as one.
EAGER_PASSAGES = 5000


@dataclass(frozen=True)
class Outline:
    topics: tuple[tuple[str, str, int], ...]
    # (programme id, "Partei · Jahr", programme title, number of sections)
    programmes: tuple[tuple[str, str, str, int], ...]
    # The tables of contents read already, by programme id (all of a small library).
    contents: dict[str, Contents]
    problems: tuple[str, ...]


def table_of_contents(library: Library, programme_id: str) -> Contents:
    """Runs in a background task: one programme's sections (it reads that programme only)."""
    programme = service(library, "corpus").programme(programme_id)
    return _contents_of(programme)


def _contents_of(programme: Any) -> Contents:
    return tuple((s.id, s.title or "Einleitung", getattr(s, "parent", None)) for s in programme.sections)


def load_outline(library: Library) -> Outline:
    """Runs in a background task: topics and the list of programmes (metadata only), each optional."""
    problems: list[str] = []
    programmes: list[tuple[str, str, str, int]] = []
    contents: dict[str, Contents] = {}
    topics: list[tuple[str, str, int]] = []
    try:
        corpus = service(library, "corpus")
        catalog = getattr(corpus, "catalog", None)
        listed = list(catalog()) if catalog is not None else list(corpus.programmes())
        passages = 0
        for p in listed:
            count = getattr(p, "section_count", None)
            if count is None:  # a corpus that lists whole programmes: their outline is at hand
                contents[p.id] = _contents_of(p)
                count = len(contents[p.id])
            passages += int(getattr(p, "passage_count", 0) or 0)
            # Year first, so a narrow sidebar never cuts it off.
            programmes.append((p.id, f"{p.year} · {p.party}", p.title, int(count)))
        if passages <= EAGER_PASSAGES:
            for pid, _label, _title, count in programmes:
                if pid not in contents and count:
                    contents[pid] = table_of_contents(library, pid)
    except Exception as error:
        problems.append(getattr(error, "message", "Die Wahlprogramme konnten nicht geladen werden."))
    if has_service(library, "content"):
        try:
            topics = flatten_topics(service(library, "content").topics())
        except Exception as error:
            problems.append(getattr(error, "message", "Die Themen konnten nicht geladen werden."))
    return Outline(tuple(topics), tuple(programmes), contents, tuple(problems))


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
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Themen und Inhaltsverzeichnis"))
        self.tree.setToolTip(self.tr("Thema öffnen, um die Programme zu vergleichen; Abschnitt öffnen, um ihn zu lesen"))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # A tree cannot wrap its rows (Qt measures them without the column's width; word
        # wrap only cut the label after its first line), so a long label is elided: a
        # topic at its end ("Stadtentwicklung und …"), a programme in the middle, where
        # it says least: "2025 · BÜNDNIS 90/DIE GRÜNEN Dortmund" and "… Aalen" differ
        # only in their last word.
        self.tree.setWordWrap(False)
        self.tree.setItemDelegate(ElidingDelegate(self.tree))
        flick_scroll(self.tree)
        self.tree.setUniformRowHeights(False)
        self.tree.activated.connect(self._open)
        self.tree.clicked.connect(self._open)
        self.tree.expanded.connect(self._expanded)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.topics_root = QStandardItem(self.tr("Themen"))
        self.programmes_root = QStandardItem(self.tr("Programme"))
        for root in (self.topics_root, self.programmes_root):
            root.setSelectable(False)
            self.model.appendRow(root)
        self._bold_groups()
        self.loaded = False
        # Programme items whose table of contents is not read yet: id -> item (a placeholder child).
        self._unread: dict[str, QStandardItem] = {}
        self._reading: set[str] = set()

    def _bold_groups(self) -> None:
        """The two group headings in bold, at the tree's current text size.

        A font set on the items, renewed whenever the text size changes (below): a
        delegate would run Python for every row each time the tree lays out or paints.
        """
        font = QFont(self.tree.font())
        font.setBold(True)
        for root in (self.topics_root, self.programmes_root):
            root.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._bold_groups()

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
        self._unread = {}
        self._reading = set()
        for pid, label, title, count in outline.programmes:
            programme_item = QStandardItem(label)
            programme_item.setData(True, ELIDE_MIDDLE_ROLE)
            programme_item.setToolTip(tooltip(f"{label}: {title}"))
            contents = outline.contents.get(pid)
            if contents:
                self._add_contents(programme_item, pid, contents)
            elif count:
                # The reader opens the first section; the tree reads the sections when opened.
                programme_item.setData(Location("section", section_target(pid, "")), LOCATION_ROLE)
                programme_item.appendRow(_disabled(self.tr("Wird geladen …")))
                self._unread[pid] = programme_item
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

    def _add_contents(self, programme_item: QStandardItem, pid: str, sections: Contents) -> None:
        programme_item.setData(Location("section", section_target(pid, sections[0][0])), LOCATION_ROLE)
        # Chapters at the top, numbered; their sections nested below them.
        items: dict[str, QStandardItem] = {}
        tops: list[QStandardItem] = []
        number = 0
        for sid, stitle, parent in sections:
            holder = items.get(parent) if parent else None
            if holder is None:
                number += 1
            item = QStandardItem(f"{number}. {stitle}" if holder is None else stitle)
            item.setToolTip(tooltip(stitle))
            item.setData(Location("section", section_target(pid, sid)), LOCATION_ROLE)
            if holder is None:
                tops.append(item)
            else:
                holder.appendRow(item)
            items[sid] = item
        # Attached in one go: one model change per programme, not one per section.
        if tops:
            programme_item.appendRows(tops)

    def _expanded(self, index: QModelIndex) -> None:
        """A programme opened in the tree: read its table of contents (that programme only)."""
        item = self.model.itemFromIndex(index)
        pid = next((p for p, unread in self._unread.items() if unread is item), None)
        if pid is None or pid in self._reading:
            return
        self._reading.add(pid)
        library = self.library

        def done(sections: Contents, pid: str = pid, item: QStandardItem = item) -> None:
            self._reading.discard(pid)
            if self._unread.get(pid) is not item:
                return  # the list was read again meanwhile
            del self._unread[pid]
            item.removeRows(0, item.rowCount())
            if sections:
                self._add_contents(item, pid, sections)

        def failed(message: str, pid: str = pid) -> None:
            self._reading.discard(pid)
            self.report(message)

        self.runner.run(self, lambda: table_of_contents(library, pid), done, failed, lane=LIBRARY_LANE)

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


def _disabled(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEnabled(False)
    return item
