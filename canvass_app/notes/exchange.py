"""The notes exchange file: writing it, and reading it back with every field checked before anything is stored."""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from canvass_app import files, limits
from canvass_app.errors import CanvassError
from canvass_app.notes.model import (
    TARGET_TYPES,
    Note,
    Target,
    normalise_note_id,
    normalise_tags,
    tags_problem,
    text_problem,
    utc_now,
)

FORMAT_NAME = "canvass-notes"
FORMAT_VERSION = 1

# Conflict copies get an ID derived from the original and the incoming revision,
# so the same conflict yields the same copy on every device and on every re-import.
CONFLICT_NAMESPACE = uuid.UUID("8d7f3c2e-4b1a-5e6f-9a0b-c1d2e3f4a5b6")


def conflict_copy_id(note_id: str, rev: str) -> str:
    return str(uuid.uuid5(CONFLICT_NAMESPACE, f"{note_id}:{rev}"))


def write_export(path: Path, notes: Iterable[Note]) -> int:
    """Write the notes atomically (temporary file, then rename); returns how many were written."""
    items = [note.to_export_json() for note in notes]
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported": utc_now(),
        "notes": items,
    }
    files.check_replaceable(path, "Die Exportdatei")
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        # 0600 whatever the umask: an export holds the same remarks as notes.db.
        with os.fdopen(files.open_private_for_writing(temporary), "w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise CanvassError(
            f"Die Exportdatei {path} konnte nicht geschrieben werden ({error.strerror or error})."
        ) from None
    return len(items)


def read_export(path: Path) -> list[Note]:
    """All notes of an exchange file, or a CanvassError saying what is wrong with it."""
    raw = files.read_bytes(path, limits.NOTES_EXPORT_BYTES, "Die Datei")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CanvassError(f"Die Datei {path} ist kein Notizexport (kein UTF-8-Text).") from None
    document = files.parse_json(text, path, "Die Datei")
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise CanvassError(
            f"Die Datei {path} ist kein Notizexport von Canvass; bitte eine mit "
            "'canvass notes export' erzeugte Datei wählen."
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CanvassError(f"Die Datei {path} hat keine gültige Formatversion.")
    if version > FORMAT_VERSION:
        raise CanvassError(
            f"Die Datei {path} stammt aus einer neueren Canvass-Version (Format {version}); "
            "bitte Canvass aktualisieren, bevor du sie importierst."
        )
    items = document.get("notes")
    if not isinstance(items, list):
        raise CanvassError(f"Die Datei {path} enthält keine Notizliste.")
    if len(items) > limits.NOTES_PER_IMPORT:
        raise CanvassError(
            f"Die Datei {path} enthält mehr als {limits.describe_count(limits.NOTES_PER_IMPORT)} "
            "Notizen; es wurde nichts importiert."
        )
    notes: list[Note] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        try:
            note = _note_from_json(item)
        except _TooLong as problem:
            raise CanvassError(
                f"Die Datei {path} enthält eine zu lange Notiz (Nr. {number}): {problem}; "
                "es wurde nichts importiert."
            ) from None
        except _Invalid as problem:
            raise CanvassError(
                f"Die Datei {path} enthält eine ungültige Notiz (Nr. {number}, Feld '{problem}'); "
                "es wurde nichts importiert."
            ) from None
        if note.id in seen:
            # Two spellings of one UUID are one note: a file cannot create it twice.
            raise CanvassError(
                f"Die Datei {path} enthält die Notiz {note.id} doppelt (Nr. {seen[note.id]} "
                f"und {number}); es wurde nichts importiert."
            )
        seen[note.id] = number
        notes.append(note)
    return notes


class _Invalid(Exception):
    """A field of an exported note that does not hold what it must."""


class _TooLong(Exception):
    """A field of an exported note past its size limit (the message names the limit)."""


def _optional_text(item: dict[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Invalid(key)
    return value


def _text(item: dict[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(key)
    return value


def _conflict_of(item: dict[str, Any]) -> str | None:
    value = _optional_text(item, "conflict_of")
    if value is None:
        return None
    canonical = normalise_note_id(value)
    if canonical is None:
        raise _Invalid("conflict_of")
    return canonical


def _note_from_json(item: Any) -> Note:
    if not isinstance(item, dict):
        raise _Invalid("notiz")
    note_id = normalise_note_id(_text(item, "id"))
    if note_id is None:
        raise _Invalid("id")
    text = _text(item, "text")
    problem = text_problem(text)
    if problem:
        raise _TooLong(problem)
    tags = item.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise _Invalid("tags")
    problem = tags_problem(tags)
    if problem:
        raise _TooLong(problem)
    target_data = item.get("target")
    target: Target | None = None
    if target_data is not None:
        if (
            not isinstance(target_data, dict)
            or target_data.get("type") not in TARGET_TYPES
            or not isinstance(target_data.get("id"), str)
            or not target_data["id"]
            or len(target_data["id"]) > 200
        ):
            raise _Invalid("target")
        target = Target(target_data["type"], target_data["id"])
    created = _text(item, "created")
    updated = _text(item, "updated")
    rev = _text(item, "rev")
    history = item.get("history")
    if (
        not isinstance(history, list)
        or not all(isinstance(r, str) and r for r in history)
        or not history
        or len(history) > 10_000
        or history[-1] != rev
    ):
        raise _Invalid("history")
    detached = item.get("detached", False)
    if not isinstance(detached, bool):
        raise _Invalid("detached")
    return Note(
        id=note_id,
        text=text,
        tags=normalise_tags(tags),
        target=target,
        created=created,
        updated=updated,
        anchor_text=_optional_text(item, "anchor_text"),
        detached=detached,
        rev=rev,
        history=tuple(history),
        conflict_of=_conflict_of(item),
    )
