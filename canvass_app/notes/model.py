"""The note model: what a note is attached to, the note itself, and what an import or re-attachment did."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from canvass_app import limits

TargetType = Literal["passage", "card", "topic"]
TARGET_TYPES: tuple[str, ...] = get_args(TargetType)


def utc_now() -> str:
    """ISO 8601 in UTC with milliseconds; sorts as text in time order."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_revision(previous: str | None = None) -> str:
    """A revision ID `<generation>-<random>`; the generation only helps humans read a history."""
    generation = 0
    if previous:
        head = previous.split("-", 1)[0]
        generation = int(head) if head.isdigit() else 0
    return f"{generation + 1}-{uuid.uuid4().hex[:12]}"


def normalise_note_id(value: str) -> str | None:
    """The canonical spelling of a note ID (lower case, dashed), or None if it is no UUID.

    Upper case, ``{braces}``, ``urn:uuid:`` and missing dashes name the same
    note: every ID is compared and stored in this one form, so a deleted note
    cannot come back under another spelling.
    """
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return None


def text_problem(text: str) -> str | None:
    """Why a note text is refused for its size (naming the limit), or None."""
    if len(text) > limits.NOTE_TEXT_CHARS:
        return f"eine Notiz darf höchstens {limits.describe_count(limits.NOTE_TEXT_CHARS)} Zeichen lang sein"
    return None


def tags_problem(tags: list[str] | tuple[str, ...]) -> str | None:
    """Why a note's tags are refused for their number or length (naming the limit), or None."""
    if len(tags) > limits.NOTE_TAGS:
        return f"eine Notiz darf höchstens {limits.NOTE_TAGS} Schlagwörter haben"
    if any(len(str(t)) > limits.NOTE_TAG_CHARS for t in tags):
        return f"ein Schlagwort darf höchstens {limits.NOTE_TAG_CHARS} Zeichen lang sein"
    return None


def normalise_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Trimmed, inner whitespace collapsed, empty ones dropped, first spelling of a duplicate kept."""
    seen: set[str] = set()
    result: list[str] = []
    for tag in tags:
        clean = " ".join(str(tag).split())
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            result.append(clean)
    return tuple(result)


@dataclass(frozen=True)
class Target:
    """What a note is about: a passage of a programme, a quick-answer card, or a topic."""

    type: TargetType
    id: str

    def to_json(self) -> dict[str, str]:
        return {"type": self.type, "id": self.id}


@dataclass(frozen=True)
class Note:
    """One note as stored.

    ``rev`` and ``history`` (all revisions this text descends from, oldest first,
    ``rev`` last) let an import tell a newer version from a diverged one;
    ``conflict_of`` names the note a conflict copy was split from.
    """

    id: str
    text: str
    tags: tuple[str, ...]
    target: Target | None
    created: str
    updated: str
    anchor_text: str | None = None
    detached: bool = False
    rev: str = ""
    history: tuple[str, ...] = ()
    conflict_of: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "tags": list(self.tags),
            "target": self.target.to_json() if self.target else None,
            "created": self.created,
            "updated": self.updated,
            "anchor_text": self.anchor_text,
            "detached": self.detached,
            "conflict_of": self.conflict_of,
        }

    def to_export_json(self) -> dict[str, Any]:
        """The exchange form: the public shape plus what merging needs."""
        data = self.to_json()
        data["rev"] = self.rev
        data["history"] = list(self.history)
        return data


@dataclass
class ImportReport:
    """Which note IDs an import added, replaced, left alone, or split off as conflict copies."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_local: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    skipped_deleted: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.conflicts)

    def to_json(self) -> dict[str, list[str]]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept_local": self.kept_local,
            "conflicts": self.conflicts,
            "skipped_deleted": self.skipped_deleted,
        }


@dataclass
class ReattachReport:
    """Notes moved to a changed passage (old ID → new ID) and notes left detached."""

    reattached: dict[str, str] = field(default_factory=dict)
    detached: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
