"""The overview: how much each programme says on each topic, as a matrix of passage counts (and its CSV)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from canvass_app.content.model import Topic
from canvass_app.corpus.model import Passage, Programme

SILENT = "Dazu steht nichts im Programm."


def silent_text(programme: Programme) -> str:
    """What to say where a programme is silent: a chapter-only programme only in its chapter."""
    chapter = (programme.chapter or "").strip()
    if chapter:
        return f"Dazu steht nichts im Kapitel „{chapter}“."
    return SILENT


@dataclass(frozen=True)
class OverviewRow:
    """One topic: its depth in the tree and its passage count per programme (subtopics included)."""

    topic_id: str
    title: str
    depth: int
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Overview:
    programmes: tuple[Programme, ...]
    rows: tuple[OverviewRow, ...]

    @cached_property  # read for every cell the overview paints: computed once
    def largest(self) -> int:
        return max((c for r in self.rows for c in r.counts), default=0)

    def silent(self, row: OverviewRow) -> list[Programme]:
        return [p for p, c in zip(self.programmes, row.counts, strict=True) if c == 0]

    def to_csv(self) -> str:
        """Semicolon-separated, as German spreadsheets open it; one row per topic."""
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(
            ["Thema-ID", "Thema", "Ebene", *(f"{p.party} {p.year}" for p in self.programmes)]
        )
        for row in self.rows:
            writer.writerow([row.topic_id, row.title, row.depth, *row.counts])
        return out.getvalue()

    def to_json(self) -> dict[str, object]:
        return {
            "programmes": [p.summary_json() for p in self.programmes],
            "topics": [
                {
                    "id": r.topic_id,
                    "title": r.title,
                    "depth": r.depth,
                    "passages": dict(zip((p.id for p in self.programmes), r.counts, strict=True)),
                }
                for r in self.rows
            ],
        }


def topic_tree(topics: Sequence[Topic]) -> list[tuple[Topic, int]]:
    """Topics in display order (children right under their parent) with their depth."""
    by_parent: dict[str | None, list[Topic]] = {}
    known = {t.id for t in topics}
    for topic in topics:
        parent = topic.parent if topic.parent in known else None
        by_parent.setdefault(parent, []).append(topic)
    result: list[tuple[Topic, int]] = []
    seen: set[str] = set()

    def visit(topic: Topic, depth: int) -> None:
        if topic.id in seen:
            return
        seen.add(topic.id)
        result.append((topic, depth))
        for child in by_parent.get(topic.id, []):
            visit(child, depth + 1)

    for topic in by_parent.get(None, []):
        visit(topic, 0)
    return result


def build_overview(
    topics: Sequence[Topic],
    programmes: Sequence[Programme],
    passage_ids: Callable[[str], Sequence[str]],
    passages: Mapping[str, Passage],
    max_depth: int | None = None,
) -> Overview:
    """Count, for every topic down to ``max_depth``, its passages in each programme."""
    index = {p.id: i for i, p in enumerate(programmes)}
    rows: list[OverviewRow] = []
    for topic, depth in topic_tree(topics):
        if max_depth is not None and depth > max_depth:
            continue
        counts = [0] * len(programmes)
        for passage_id in passage_ids(topic.id):
            passage = passages.get(passage_id)
            if passage is not None and passage.programme_id in index:
                counts[index[passage.programme_id]] += 1
        rows.append(OverviewRow(topic.id, topic.title, depth, tuple(counts)))
    return Overview(tuple(programmes), tuple(rows))
