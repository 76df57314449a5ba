"""Compare: one topic across all programmes side by side, saying plainly where a programme is silent."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from canvass_app.corpus.model import Passage, Programme
from canvass_app.library import Library
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.passage_html import Colors, passages_html, programme_label
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import field_of, flatten_topics, service
from canvass_app.ui.tasks import TaskRunner
from canvass_app.ui.theme import html_colors

SILENT = "Dazu steht nichts im Programm."


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
        columns.append(Column(field_of(coverage, "programme"), tuple((t, tuple(ps)) for t, ps in groups)))
    return Comparison(
        topic_id=topic_id,
        title=str(field_of(topic, "title", topic_id)),
        description=str(field_of(topic, "description", "") or ""),
        subtopics=tuple((str(field_of(t, "id")), str(field_of(t, "title"))) for t in field_of(view, "subtopics", ()) or ()),
        cards=tuple((str(field_of(c, "id")), str(field_of(c, "question"))) for c in field_of(view, "cards", ()) or ()),
        columns=tuple(columns),
        all_topics=tuple(flatten_topics(content.topics())),
    )


def column_html(column: Column, colors: Colors) -> str:
    programme = column.programme
    head = (
        f"<p style='margin:0;'><span style='font-size:large; font-weight:bold;'>{html.escape(programme.party)}</span>"
        f"&nbsp; <span style='font-size:large; font-weight:bold; color:{colors.link};'>{programme.year}</span></p>"
        f"<p style='margin-top:0; color:{colors.muted};'>{html.escape(programme_label(programme))}</p>"
    )
    if column.silent:
        return head + (
            f"<table width='100%' cellpadding='12' style='margin-top:12px; background-color:{colors.focus_bg};'>"
            f"<tr><td><b>{SILENT}</b><br><span style='color:{colors.muted};'>"
            "Nichts versprechen, was hier nicht steht.</span></td></tr></table>"
        )
    parts = [head]
    for title, passages in column.groups:
        parts.append(f"<h4 style='margin-bottom:2px;'>{html.escape(title or 'Einleitung')}</h4>")
        parts.append(passages_html(passages, colors))
    return "\n".join(parts)


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

        self.topic_box = QComboBox()
        self.topic_box.setAccessibleName(self.tr("Thema wählen"))
        self.topic_box.setToolTip(self.tr("Ein anderes Thema vergleichen"))
        self.topic_box.setMinimumContentsLength(24)
        self.topic_box.activated.connect(self._topic_picked)

        self.heading = QLabel()
        self.heading.setObjectName("viewHeading")
        self.heading.setWordWrap(True)
        self.links = QLabel()
        self.links.setWordWrap(True)
        self.links.setAccessibleName(self.tr("Unterthemen und Antwortkarten"))
        self.links.linkActivated.connect(self._open_link)

        self.columns = QSplitter(Qt.Orientation.Horizontal)
        self.columns.setChildrenCollapsible(False)
        self.column_views: list[QTextBrowser] = []

        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.topic_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(top)
        layout.addWidget(self.links)
        layout.addWidget(self.columns, 1)
        self.heading.setText(self.tr("Wählen Sie links ein Thema, um die Programme zu vergleichen."))

    def show_location(self, location: Location) -> None:
        self._requested = location.target
        library, topic_id = self.library, location.target
        self.runner.run(self, lambda: load_comparison(library, topic_id), self._render, self._failed)

    def focus_widget(self) -> QWidget:
        return self.column_views[0] if self.column_views else self.topic_box

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
        while len(self.column_views) < len(comparison.columns):
            browser = QTextBrowser()
            browser.setOpenLinks(False)
            browser.document().setDocumentMargin(12)
            browser.anchorClicked.connect(self._anchor_clicked)
            self.columns.addWidget(browser)
            self.column_views.append(browser)
        for i, browser in enumerate(self.column_views):
            if i < len(comparison.columns):
                column = comparison.columns[i]
                browser.setHtml(column_html(column, colors))
                browser.setAccessibleName(f"{column.programme.party} {column.programme.year}")
                browser.show()
            else:
                browser.hide()
        self.columns.setSizes([1000] * len(comparison.columns))

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

    def silent_programmes(self) -> list[str]:
        if self.comparison is None:
            return []
        return [c.programme.id for c in self.comparison.columns if c.silent]


