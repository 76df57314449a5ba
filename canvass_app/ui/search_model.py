"""Search results as a Qt list model with named roles, built from the search service's hits."""

from __future__ import annotations

import contextlib
import dataclasses
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt

from canvass_app.library import Library
from canvass_app.ui.plain import tooltip
from canvass_app.ui.services import field_of, has_service, service

# The search's order is kept: it puts a card first only where the card's own question or
# phrasings answer the question, and one's own notes right after the best passages. A card
# the words found only in an answer's summary stays where the search put it, never first.
KIND_LABELS = {"card": "Antwortkarte", "passage": "Programm", "note": "Notiz"}
# Above the passages only the meaning search found: nobody should quote them as the
# party's words on the question.
MEANING_LABEL = "Ähnliche Stellen – andere Worte, gleiches Thema?"

_TAG_SPLIT = re.compile(r"(<b>|</b>)", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ResultRow:
    """One hit, with what the list shows already resolved (party, year, section title)."""

    kind: str
    id: str
    snippet: str
    text: str
    party: str = ""
    year: int | None = None
    programme_id: str = ""
    programme_title: str = ""
    section_title: str = ""
    score: float = 0.0
    lead_in: str = ""
    match: str = "words"  # "meaning": found only by the meaning search
    section_label: str = ""  # a heading drawn above this row (the meaning-only section)

    @property
    def source_label(self) -> str:
        if self.party and self.year:
            return f"{self.party} · {self.year}"
        return self.party or self.programme_title


@dataclass(frozen=True)
class SearchOutcome:
    query: str
    rows: tuple[ResultRow, ...]
    suggestion: str | None
    fused: bool = False  # the meaning ranking took part
    empty_message: str = ""  # what was searched, when no passage says the words
    # The topic or card the empty message offers ("Verwandt: Thema „…“"): (kind, id, title).
    related: tuple[str, str, str] | None = None

    @property
    def word_rows(self) -> tuple[ResultRow, ...]:
        return tuple(r for r in self.rows if r.match != "meaning")


def safe_snippet(snippet: str) -> str:
    """Keep only the ``<b>`` marks of a snippet; everything else is shown as text."""
    out: list[str] = []
    for part in _TAG_SPLIT.split(snippet or ""):
        lowered = part.lower()
        if lowered in ("<b>", "</b>"):
            out.append(lowered)
        else:
            out.append(html.escape(html.unescape(_ANY_TAG.sub("", part))))
    return "".join(out)


def run_search(
    library: Library,
    query: str,
    programmes: Sequence[str] = (),
    topic: str | None = None,
    limit: int = 30,
    dense: bool = False,
) -> SearchOutcome:
    """Runs in a background task: query the search service and resolve each hit for display.

    ``dense`` adds the meaning ranking (when typing pauses); without it the search is
    lexical, fast enough for every keystroke.
    """
    if not query.strip():
        return SearchOutcome(query, (), None)
    results = service(library, "search").search(
        query, programmes=tuple(programmes), topic=topic, limit=limit, dense=dense
    )
    corpus = library.corpus if has_service(library, "corpus") else None
    rows: list[ResultRow] = []
    for hit in field_of(results, "hits", ()) or ():
        kind = str(field_of(hit, "type", "passage"))
        programme_ref = field_of(hit, "programme") or ""
        section_ref = field_of(hit, "section") or ""
        # The search service resolves party, year and titles itself; look up only what it left out.
        party = str(field_of(hit, "party") or "")
        year = field_of(hit, "year")
        programme_title = str(field_of(hit, "programme_title") or "")
        section_title = str(field_of(hit, "section_title") or "")
        programme_id = str(programme_ref)
        if corpus is not None and programme_ref and not (party and year and section_title):
            try:
                programme = corpus.programme(str(programme_ref))
            except Exception:
                programme = None
            if programme is not None:
                party, year, programme_title = programme.party, programme.year, programme.title
                with contextlib.suppress(KeyError):
                    section_title = programme.section(str(section_ref)).title
        if kind == "passage" and programme_id and not section_title:
            section_title = "Einleitung"  # the untitled opening of a chapter, as the reader names it
        rows.append(
            ResultRow(
                kind=kind,
                id=str(field_of(hit, "id", "")),
                snippet=safe_snippet(str(field_of(hit, "snippet", "") or html.escape(str(field_of(hit, "text", ""))))),
                text=str(field_of(hit, "text", "")),
                party=party,
                year=year,
                programme_id=programme_id,
                programme_title=programme_title,
                section_title=section_title,
                score=float(field_of(hit, "score", 0.0) or 0.0),
                lead_in=str(field_of(hit, "lead_in") or ""),
                match=str(field_of(hit, "match", "words") or "words"),
            )
        )
    # Stable: keeps the search's ranking; meaning-only passages below all others.
    rows.sort(key=lambda r: r.match == "meaning")
    empty = ""
    if not any(r.match != "meaning" for r in rows):
        nothing = getattr(results, "nothing_found", None)
        if callable(nothing):
            empty = str(nothing(query, programme_filter=bool(programmes), topic_filter=topic is not None))
    first_meaning = next((i for i, r in enumerate(rows) if r.match == "meaning"), None)
    if first_meaning is not None:
        label = f"{empty}\n{MEANING_LABEL}" if empty else MEANING_LABEL
        rows[first_meaning] = dataclasses.replace(rows[first_meaning], section_label=label)
    suggestion = field_of(results, "suggestion")
    related = field_of(results, "related") if empty else None
    offered = None
    if related is not None and field_of(related, "id"):
        offered = (str(field_of(related, "kind")), str(field_of(related, "id")), str(field_of(related, "title")))
    return SearchOutcome(
        query,
        tuple(rows),
        str(suggestion) if suggestion else None,
        fused=bool(field_of(results, "fused", False)),
        empty_message=empty,
        related=offered,
    )


class Role(IntEnum):
    KIND = Qt.ItemDataRole.UserRole + 1
    ID = Qt.ItemDataRole.UserRole + 2
    SNIPPET = Qt.ItemDataRole.UserRole + 3
    PARTY = Qt.ItemDataRole.UserRole + 4
    YEAR = Qt.ItemDataRole.UserRole + 5
    SECTION = Qt.ItemDataRole.UserRole + 6
    PROGRAMME = Qt.ItemDataRole.UserRole + 7
    SOURCE = Qt.ItemDataRole.UserRole + 8
    ROW = Qt.ItemDataRole.UserRole + 9
    NOTES = Qt.ItemDataRole.UserRole + 10
    MATCH = Qt.ItemDataRole.UserRole + 11


class SearchResultsModel(QAbstractListModel):
    """The rows of the last search; the delegate draws them, views read them through roles."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ResultRow, ...] = ()
        self.query = ""
        # How many notes a result has: (kind, id) -> count, from the window's note marks.
        self.note_count: Any = None

    def set_note_count(self, note_count: Any) -> None:
        """``note_count(kind, id) -> int``; the rows are repainted when notes change."""
        self.note_count = note_count
        self.notes_changed()

    def notes_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [Role.NOTES.value])

    def set_results(self, query: str, rows: Sequence[ResultRow]) -> None:
        self.beginResetModel()
        self.query = query
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ResultRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def roleNames(self) -> dict[int, QByteArray]:
        names = {role.value: QByteArray(role.name.lower().encode()) for role in Role}
        names[Qt.ItemDataRole.DisplayRole.value] = QByteArray(b"display")
        return names

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == Role.ROW:  # what the delegate asks for, several times per row and layout
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            where = ", ".join(p for p in (row.source_label, row.section_title) if p)
            found = f"{MEANING_LABEL} " if row.match == "meaning" else ""
            text = f"{found}{KIND_LABELS.get(row.kind, '')}: {where}: {row.text[:300]}"
            return tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Role.NOTES:
            if self.note_count is None or row.kind not in ("passage", "card"):
                return 0
            return int(self.note_count(row.kind, row.id))
        return {
            Role.KIND: row.kind,
            Role.ID: row.id,
            Role.SNIPPET: row.snippet,
            Role.PARTY: row.party,
            Role.YEAR: row.year,
            Role.SECTION: row.section_title,
            Role.PROGRAMME: row.programme_id,
            Role.SOURCE: row.source_label,
            Role.ROW: row,
            Role.MATCH: row.match,
        }.get(role)
