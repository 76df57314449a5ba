"""The reader: a passage in its section, with its neighbours, breadcrumb, highlighting and "Als Zitat kopieren"."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from canvass_app.corpus.model import Passage, Programme, Section
from canvass_app.library import Library
from canvass_app.ui.navigation import Location, Navigator, section_target, split_section_target
from canvass_app.ui.passage_html import passages_html, programme_label, quote
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.services import service
from canvass_app.ui.tasks import TaskRunner
from canvass_app.ui.theme import ReadingBrowser, html_colors


@dataclass(frozen=True)
class ReaderPage:
    programme: Programme
    section: Section
    focus: Passage | None
    section_number: int
    previous_id: str | None = None
    next_id: str | None = None


def load_page(library: Library, location: Location) -> ReaderPage:
    """Runs in a background task: resolve a passage or section location against the corpus."""
    corpus = service(library, "corpus")
    if location.kind == "passage":
        passage = corpus.passage(location.target)
        programme = corpus.programme_of(passage)
        section = corpus.section_of(passage)
    else:
        programme_id, section_id = split_section_target(location.target)
        programme = corpus.programme(programme_id)
        section = programme.section(section_id) if section_id else programme.sections[0]
        passage = None
    number = next((i for i, s in enumerate(programme.sections) if s.id == section.id), 0) + 1
    # Reading on across section borders: the neighbours in the whole programme.
    order = [p.id for p in programme.passages()]
    if passage is not None and passage.id in order:
        at = order.index(passage.id)
        previous_id = order[at - 1] if at > 0 else None
        next_id = order[at + 1] if at + 1 < len(order) else None
    else:
        previous_id, next_id = None, (section.passages[0].id if section.passages else None)
    return ReaderPage(programme, section, passage, number, previous_id, next_id)


class ReaderView(ServiceWidget):
    view_name = "reader"
    location_kinds = ("passage", "section")
    title = "Lesen"

    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, navigator, runner, report, parent)
        self.page: ReaderPage | None = None
        self._location: Location | None = None

        self.source_label = QLabel()
        self.source_label.setTextFormat(Qt.TextFormat.RichText)  # built from escaped parts
        self.source_label.setObjectName("sourceBanner")
        self.source_label.setAccessibleName(self.tr("Partei und Jahr"))
        self.source_label.setWordWrap(True)

        self.breadcrumb = QLabel()
        self.breadcrumb.setTextFormat(Qt.TextFormat.RichText)  # built from escaped parts
        self.breadcrumb.setObjectName("breadcrumb")
        self.breadcrumb.setAccessibleName(self.tr("Fundstelle"))
        self.breadcrumb.setWordWrap(True)
        self.breadcrumb.linkActivated.connect(self._open_link)

        self.copy_button = QPushButton(self.tr("Als Zitat kopieren"))
        self.copy_button.setAccessibleName(self.tr("Als Zitat kopieren"))
        self.copy_button.setToolTip(
            self.tr("Text mit Quellenangabe (Partei, Programm, Jahr, Abschnitt, Zeilen) kopieren (Strg+Umschalt+C)")
        )
        self.copy_button.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_button.clicked.connect(self.copy_quote)
        self.copy_button.setEnabled(False)

        self.previous_button = QToolButton()
        self.previous_button.setText(self.tr("▲ Vorherige"))
        self.previous_button.setAccessibleName(self.tr("Vorherige Textstelle"))
        self.previous_button.setToolTip(self.tr("Vorherige Textstelle im Programm (Alt+↑)"))
        self.previous_button.setShortcut(QKeySequence("Alt+Up"))
        self.previous_button.clicked.connect(lambda: self._step(self.page.previous_id if self.page else None))
        self.next_button = QToolButton()
        self.next_button.setText(self.tr("▼ Nächste"))
        self.next_button.setAccessibleName(self.tr("Nächste Textstelle"))
        self.next_button.setToolTip(self.tr("Nächste Textstelle im Programm (Alt+↓)"))
        self.next_button.setShortcut(QKeySequence("Alt+Down"))
        self.next_button.clicked.connect(lambda: self._step(self.page.next_id if self.page else None))
        for button in (self.previous_button, self.next_button):
            button.setEnabled(False)

        self.text = ReadingBrowser()
        self.text.setObjectName("readerText")
        self.text.setOpenLinks(False)
        self.text.document().setDocumentMargin(14)
        self.text.setAccessibleName(self.tr("Programmtext"))
        self.text.anchorClicked.connect(self._anchor_clicked)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.source_label)
        titles.addWidget(self.breadcrumb)
        header.addLayout(titles, 1)
        header.addWidget(self.previous_button)
        header.addWidget(self.next_button)
        header.addWidget(self.copy_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(header)
        layout.addWidget(self.text, 1)
        self._show_message(self.tr("Wählen Sie ein Suchergebnis oder einen Abschnitt aus dem Inhaltsverzeichnis."))

    def show_location(self, location: Location) -> None:
        self._location = location
        library = self.library
        self.runner.run(self, lambda: (location, load_page(library, location)), self._loaded, self._failed)

    def _loaded(self, result: tuple[Location, ReaderPage]) -> None:
        location, page = result
        if location is self._location:  # a later request wins
            self._render(page)

    def focus_widget(self) -> QWidget:
        return self.text

    def _step(self, passage_id: str | None) -> None:
        if passage_id:
            self.navigator.open(Location("passage", passage_id))

    def _failed(self, message: str) -> None:
        self.page = None
        for button in (self.copy_button, self.previous_button, self.next_button):
            button.setEnabled(False)
        self._show_message(message)
        self.report(message)

    def _show_message(self, message: str) -> None:
        self.source_label.setText("")
        self.breadcrumb.setText("")
        self.text.setHtml(f"<p>{html.escape(message)}</p>")

    def _render(self, page: ReaderPage) -> None:
        self.page = page
        location = self._location or Location("section")
        programme, section = page.programme, page.section
        colors = html_colors(self.palette())
        self.source_label.setText(
            f"<span style='font-size:x-large; font-weight:bold;'>{html.escape(programme.party)}</span>"
            f"&nbsp;&nbsp;<span style='font-size:x-large; font-weight:bold; color:{colors.link};'>"
            f"{programme.year}</span>"
            f"<br><span style='color:{colors.muted};'>{html.escape(programme.election or '')}</span>"
        )
        section_title = section.title or self.tr("Einleitung")
        crumbs = [
            f"{html.escape(programme.party)} {programme.year}",
            f"<a href='section:{html.escape(section_target(programme.id, programme.sections[0].id))}'>"
            f"{html.escape(programme_label(programme))}</a>",
        ]
        # Chapters the section is nested in, each a link, then the section itself.
        for ancestor in programme.section_path(section.id)[:-1]:
            crumbs.append(
                f"<a href='section:{html.escape(section_target(programme.id, ancestor.id))}'>"
                f"{html.escape(ancestor.title)}</a>"
            )
        crumbs.append(
            f"<a href='section:{html.escape(section_target(programme.id, section.id))}'>"
            f"{page.section_number}. {html.escape(section_title)}</a>"
        )
        self.breadcrumb.setText(" › ".join(crumbs))
        body = passages_html(
            section.passages,
            colors,
            focus_id=page.focus.id if page.focus else None,
            terms=location.highlight,
            notes=self._note_counts(section.passages),
        )
        if not section.passages:
            # A chapter heading without text of its own: its sections, to open.
            children = [s for s in programme.sections if s.parent == section.id]
            body = "".join(
                f"<p><a href='section:{html.escape(section_target(programme.id, child.id))}'>"
                f"{html.escape(child.title)}</a> ({len(child.passages)})</p>"
                for child in children
            )
        self.text.setHtml(
            f"<h2>{html.escape(section_title)}</h2>"
            f"<p style='color:{colors.muted};'>{html.escape(programme.party)} · {programme.year} · "
            f"Abschnitt {page.section_number} von {len(programme.sections)}</p>{body}"
        )
        if page.focus is not None:
            anchor = page.focus.id
            QTimer.singleShot(0, self.text, lambda: self.text.scrollToAnchor(anchor))
        else:
            self.text.verticalScrollBar().setValue(0)
        self.copy_button.setEnabled(page.focus is not None)
        self.previous_button.setEnabled(page.previous_id is not None)
        self.next_button.setEnabled(page.next_id is not None)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        # The notes dock opening (or a narrower window) reflows the text: keep the passage
        # being read in view rather than wherever the old scroll position now points.
        page = self.page
        if page is not None and page.focus is not None and self.isVisible():
            anchor = page.focus.id
            QTimer.singleShot(0, self.text, lambda: self.text.scrollToAnchor(anchor))

    def set_note_marks(self, marks: Any) -> None:
        """Mark passages that have notes (``marks.count(kind, id)``); re-render when notes change."""
        self.note_marks = marks
        marks.changed.connect(lambda: self._render(self.page) if self.page is not None else None)

    def _note_counts(self, passages: Sequence[Passage]) -> dict[str, int]:
        marks = getattr(self, "note_marks", None)
        if marks is not None:
            marks.ensure_loaded()
        return {p.id: marks.count("passage", p.id) for p in passages} if marks is not None else {}

    def quote_text(self) -> str | None:
        page = self.page
        if page is None or page.focus is None:
            return None
        return quote(page.focus, page.section, page.programme)

    def copy_quote(self) -> None:
        text = self.quote_text()
        if text is None:
            self.report(self.tr("Bitte zuerst eine Passage auswählen, dann kopieren."))
            return
        QGuiApplication.clipboard().setText(text)
        self.report(self.tr("Zitat mit Quellenangabe kopiert."))

    def _anchor_clicked(self, url: QUrl) -> None:
        self._open_link(url.toString())

    def _open_link(self, link: str) -> None:
        kind, _, target = link.partition(":")
        if kind in ("passage", "section") and target:
            self.navigator.open(Location(kind, target))
