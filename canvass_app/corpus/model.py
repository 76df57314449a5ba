"""The programme model: Programme → Section → Passage, immutable and JSON-serialisable."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

PassageKind = Literal["pledge", "paragraph"]


def fingerprint_text(text: str) -> str:
    """Letters and digits only, case-folded: what a passage ID is derived from.

    Folding away spacing and punctuation keeps IDs stable when the cleaner
    improves (a restored space, a fixed dash) but the words stay the same.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", folded)


class TakenIds(set[str]):
    """The IDs handed out so far in one programme, with the next free suffix of each base.

    Sets only grow, so every suffix below the remembered one is already taken:
    starting there gives exactly the ID that probing from ``-2`` would, in
    constant time instead of one probe per earlier duplicate.
    """

    def __init__(self) -> None:
        super().__init__()
        self.next_suffix: dict[str, int] = {}


def unique_id(candidate: str, taken: set[str]) -> str:
    """``candidate``, or ``candidate-2``, ``-3``, … the first one not in ``taken`` (which it joins)."""
    counters = taken.next_suffix if isinstance(taken, TakenIds) else {}
    unique = candidate
    suffix = counters.get(candidate, 2)
    if candidate in taken:
        unique = f"{candidate}-{suffix}"
        while unique in taken:
            suffix += 1
            unique = f"{candidate}-{suffix}"
        counters[candidate] = suffix + 1
    taken.add(unique)
    return unique


def passage_id(programme_id: str, text: str, taken: set[str] | None = None) -> str:
    """A stable ID `<programme_id>:<8 hex>` from the passage's own words.

    It does not depend on position, so inserting or editing another passage
    never shifts it; identical texts in one programme get `-2`, `-3` suffixes.
    Pass a :class:`TakenIds` so a thousand duplicates cost a thousand steps.
    """
    digest = hashlib.sha1(fingerprint_text(text).encode("utf-8")).hexdigest()[:8]
    candidate = f"{programme_id}:{digest}"
    if taken is None:
        return candidate
    return unique_id(candidate, taken)


@dataclass(frozen=True)
class Passage:
    id: str
    programme_id: str
    section_id: str
    kind: PassageKind
    text: str
    lead_in: str | None = None
    lines: tuple[int, int] | None = None
    # The passage ID of the paragraph ending in ":" that introduces this list item.
    intro: str | None = None

    @property
    def full_text(self) -> str:
        """The whole sentence as read aloud: lead-in plus pledge."""
        return f"{self.lead_in} {self.text}" if self.lead_in else self.text

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "lead_in": self.lead_in,
            "lines": list(self.lines) if self.lines else None,
            "intro": self.intro,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], programme_id: str, section_id: str) -> Passage:
        """The inverse of :meth:`to_json`; the IDs of the enclosing programme and section come from the caller."""
        kind = data.get("kind")
        lines = data.get("lines")
        return cls(
            id=str(data["id"]),
            programme_id=programme_id,
            section_id=section_id,
            kind="pledge" if kind == "pledge" else "paragraph",
            text=str(data["text"]),
            lead_in=None if data.get("lead_in") is None else str(data["lead_in"]),
            lines=(int(lines[0]), int(lines[1]))
            if isinstance(lines, list) and len(lines) == 2
            else None,
            # Structures stored before the field existed have no "intro".
            intro=None if data.get("intro") is None else str(data["intro"]),
        )


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    passages: tuple[Passage, ...]
    level: int = 1  # 1 = chapter, 2 = section, 3 = subsection …
    parent: str | None = None  # the enclosing section's ID

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "level": self.level,
            "parent": self.parent,
            "passages": [p.to_json() for p in self.passages],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], programme_id: str) -> Section:
        """The inverse of :meth:`to_json`, tolerant of fields this version does not know or lacks.

        Optional fields a newer structure carries (a heading ``level``, a ``parent``
        section) are read when this class has them, with their defaults otherwise.
        """
        section_id = str(data["id"])
        values: dict[str, Any] = {
            "id": section_id,
            "title": str(data.get("title", "")),
            "passages": tuple(
                Passage.from_json(p, programme_id, section_id) for p in data.get("passages", ())
            ),
        }
        for extra in dataclasses.fields(cls):
            if extra.name in values or extra.name not in data:
                continue
            value = data[extra.name]
            if isinstance(extra.default, int) and not isinstance(value, int):
                value = int(value)
            values[extra.name] = value
        return cls(**values)


@dataclass(frozen=True)
class Programme:
    id: str
    party: str
    title: str
    year: int
    chapter: str = ""
    election: str = ""
    adopted: str | None = None
    source: str = ""
    bundled: bool = False
    sections: tuple[Section, ...] = ()
    metadata: dict[str, str] = field(default_factory=dict)

    def passages(self) -> list[Passage]:
        return [p for s in self.sections for p in s.passages]

    def section(self, section_id: str) -> Section:
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)

    def section_path(self, section_id: str) -> list[Section]:
        """The section and the sections it is nested in, outermost first (chapter › section)."""
        by_id = {s.id: s for s in self.sections}
        path: list[Section] = []
        current: str | None = section_id
        while current is not None and current in by_id and len(path) < len(by_id):
            path.append(by_id[current])
            current = by_id[current].parent
        return path[::-1]

    def summary_json(self) -> dict[str, Any]:
        return summary_json(self)

    def to_json(self) -> dict[str, Any]:
        data = self.summary_json()
        data["metadata"] = dict(self.metadata)
        data["sections"] = [s.to_json() for s in self.sections]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Programme:
        """The inverse of :meth:`to_json` (what the corpus store keeps for each programme)."""
        programme_id = str(data["id"])
        adopted = data.get("adopted")
        metadata = data.get("metadata") or {}
        return cls(
            id=programme_id,
            party=str(data["party"]),
            title=str(data["title"]),
            year=int(data["year"]),
            chapter=str(data.get("chapter", "")),
            election=str(data.get("election", "")),
            adopted=None if adopted is None else str(adopted),
            source=str(data.get("source", "")),
            bundled=bool(data.get("bundled", False)),
            sections=tuple(Section.from_json(s, programme_id) for s in data.get("sections", ())),
            metadata={str(k): str(v) for k, v in dict(metadata).items()},
        )


def summary_json(item: Programme | Any) -> dict[str, Any]:
    """What a programme list shows, from a Programme or a stored entry with the same fields."""
    return {
        "id": item.id,
        "party": item.party,
        "title": item.title,
        "chapter": item.chapter,
        "election": item.election,
        "year": item.year,
        "adopted": item.adopted,
        "source": item.source,
        "bundled": item.bundled,
    }
