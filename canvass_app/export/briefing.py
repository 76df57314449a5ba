"""Briefings a trainer composes: the model, and the JSON files in ``<data_dir>/briefings/``.

A briefing file is plain, indented JSON so a trainer can read it, mail it, or
fix it by hand::

    {
      "format": "canvass-briefing",
      "version": 1,
      "title": "Haustürtraining Nordstadt",
      "date": "2025-08-30",
      "intro": "Heute geht es um Arbeit und Ausbildung.",
      "layout": "full",
      "items": [
        {"type": "card", "id": "jugendarbeitslosigkeit"},
        {"type": "topic", "id": "digitale-infrastruktur"},
        {"type": "passage", "id": "spd-dortmund-2020-wirtschaft:1a2b3c4d"},
        {"type": "note", "id": "5f0c…"},
        {"type": "text", "title": "Treffpunkt", "text": "18 Uhr am Nordmarkt."}
      ]
    }

A file that is not such a briefing is refused with one German sentence naming
the file and the problem.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

from canvass_app import files, limits
from canvass_app.errors import CanvassError
from canvass_app.export.document import LAYOUTS, Layout

BRIEFING_FORMAT = "canvass-briefing"
BRIEFING_VERSION = 1
BRIEFING_SUFFIX = ".json"
MAX_FILE_BYTES = limits.BRIEFING_FILE_BYTES

ItemType = Literal["card", "topic", "passage", "note", "text"]
ITEM_TYPES: tuple[str, ...] = get_args(ItemType)
ITEM_TYPE_LABELS: dict[str, str] = {
    "card": "Karte",
    "topic": "Thema",
    "passage": "Textstelle",
    "note": "Notiz",
    "text": "Eigener Text",
}


@dataclass(frozen=True)
class BriefingItem:
    """One entry of a briefing: a reference (card, topic, passage, note) or the trainer's own text."""

    type: ItemType
    ref: str = ""  # the card, topic, passage or note ID; empty for "text"
    title: str = ""
    text: str = ""

    def to_json(self) -> dict[str, str]:
        if self.type == "text":
            data = {"type": "text", "title": self.title, "text": self.text}
            return {k: v for k, v in data.items() if v or k != "title"}
        return {"type": self.type, "id": self.ref}


@dataclass(frozen=True)
class Briefing:
    title: str
    date: str = ""  # ISO date (YYYY-MM-DD) or empty
    intro: str = ""
    items: tuple[BriefingItem, ...] = ()
    layout: Layout = "full"
    metadata: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def display_date(self) -> str:
        """The date as Germans write it (30.08.2025), or empty."""
        if not self.date:
            return ""
        return date.fromisoformat(self.date).strftime("%d.%m.%Y")

    def with_items(self, items: list[BriefingItem] | tuple[BriefingItem, ...]) -> Briefing:
        return replace(self, items=tuple(items))

    def to_json(self) -> dict[str, Any]:
        return {
            "format": BRIEFING_FORMAT,
            "version": BRIEFING_VERSION,
            "title": self.title,
            "date": self.date,
            "intro": self.intro,
            "layout": self.layout,
            "items": [item.to_json() for item in self.items],
        }


def _fail(path: Path | str, problem: str) -> CanvassError:
    return CanvassError(f"Die Briefing-Datei {path} {problem}")


def _string(data: dict[str, Any], key: str, path: Path | str, where: str = "") -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _fail(path, f"ist fehlerhaft: {where}das Feld „{key}“ muss Text sein.")
    if len(value) > limits.BRIEFING_TEXT_CHARS:
        raise _fail(
            path,
            f"ist fehlerhaft: {where}das Feld „{key}“ ist länger als "
            f"{limits.describe_count(limits.BRIEFING_TEXT_CHARS)} Zeichen.",
        )
    return value


def briefing_from_json(data: Any, path: Path | str = "(unbenannt)") -> Briefing:
    """Validate parsed JSON and build a :class:`Briefing`; raises one-line CanvassErrors."""
    if not isinstance(data, dict) or data.get("format") != BRIEFING_FORMAT:
        raise CanvassError(
            f"Die Datei {path} ist keine Canvass-Briefing-Datei "
            f"(das Feld „format“ muss „{BRIEFING_FORMAT}“ sein)."
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _fail(path, "ist fehlerhaft: das Feld „version“ fehlt oder ist keine Zahl.")
    if version > BRIEFING_VERSION:
        raise _fail(
            path,
            f"hat Version {version}, diese Canvass-Version liest nur Version "
            f"{BRIEFING_VERSION}; bitte Canvass aktualisieren.",
        )
    title = _string(data, "title", path).strip()
    if not title:
        raise _fail(path, "ist fehlerhaft: der Titel („title“) fehlt.")
    when = _string(data, "date", path).strip()
    if when:
        try:
            when = date.fromisoformat(when).isoformat()
        except ValueError:
            raise _fail(
                path, f"ist fehlerhaft: das Datum „{when}“ hat nicht die Form JJJJ-MM-TT."
            ) from None
    layout = _string(data, "layout", path) or "full"
    if layout not in LAYOUTS:
        raise _fail(
            path, f"ist fehlerhaft: das Layout „{layout}“ gibt es nicht (erlaubt: full, pocket)."
        )
    raw_items = data.get("items", [])
    if not isinstance(raw_items, list):
        raise _fail(path, "ist fehlerhaft: „items“ muss eine Liste sein.")
    if len(raw_items) > limits.BRIEFING_ITEMS:
        raise _fail(
            path,
            f"hat {limits.describe_count(len(raw_items))} Einträge, höchstens "
            f"{limits.BRIEFING_ITEMS} sind erlaubt.",
        )
    items = [_item_from_json(raw, number, path) for number, raw in enumerate(raw_items, 1)]
    return Briefing(
        title=title,
        date=when,
        intro=_string(data, "intro", path),
        items=tuple(items),
        layout=layout,  # narrowed to Layout by the check against LAYOUTS
    )


def _item_from_json(raw: Any, number: int, path: Path | str) -> BriefingItem:
    where = f"Eintrag {number}: "
    if not isinstance(raw, dict):
        raise _fail(path, f"ist fehlerhaft: {where}muss ein Objekt mit „type“ sein.")
    kind = raw.get("type")
    if kind not in ITEM_TYPES:
        raise _fail(
            path,
            f"ist fehlerhaft: {where}der Typ „{kind}“ ist unbekannt "
            f"(erlaubt: {', '.join(ITEM_TYPES)}).",
        )
    if kind == "text":
        text = _string(raw, "text", path, where)
        if not text.strip():
            raise _fail(path, f"ist fehlerhaft: {where}der eigene Text („text“) ist leer.")
        return BriefingItem("text", title=_string(raw, "title", path, where).strip(), text=text)
    ref = _string(raw, "id", path, where).strip()
    if not ref:
        raise _fail(path, f"ist fehlerhaft: {where}die ID („id“) fehlt.")
    return BriefingItem(kind, ref=ref)


def load_briefing(path: Path) -> Briefing:
    """Read and validate a briefing file (a regular file of at most BRIEFING_FILE_BYTES)."""
    if path.is_dir():
        raise CanvassError(f"{path} ist ein Ordner, keine Briefing-Datei.")
    if not path.exists() and not path.is_symlink():
        raise _fail(path, "gibt es nicht.")
    try:
        data = files.read_json(path, MAX_FILE_BYTES, "Die Briefing-Datei")
    except CanvassError as error:
        if "UTF-8" in error.message:
            raise _fail(path, "ist keine UTF-8-Textdatei.") from None
        raise
    briefing = briefing_from_json(data, path)
    return replace(briefing, metadata={"path": str(path)})


def save_briefing(briefing: Briefing, path: Path) -> Path:
    """Write atomically (temporary file, then rename) so a crash never leaves half a briefing."""
    text = json.dumps(briefing.to_json(), ensure_ascii=False, indent=2) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".briefing-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise CanvassError(
            f"Das Briefing kann nicht nach {path} gespeichert werden ({error.strerror})."
        ) from None
    return path


_UMLAUTS: dict[str, str | int | None] = {
    "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"
}
_SPELLED_OUT = str.maketrans(_UMLAUTS)


def slug(title: str) -> str:
    """A file name from a title: lower case ASCII, umlauts spelled out, dashes between words."""
    spelled = title.translate(_SPELLED_OUT)
    ascii_only = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")
    return words[:60].rstrip("-") or "briefing"


class BriefingStore:
    """The briefings folder of one data directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def entries(self) -> list[tuple[Path, Briefing | CanvassError]]:
        """Every briefing file, newest first; a broken file is listed with its error."""
        if not self.directory.is_dir():
            return []
        files.remove_stale_temporaries(self.directory, ".briefing-*")
        found = sorted(
            self.directory.glob(f"*{BRIEFING_SUFFIX}"),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        result: list[tuple[Path, Briefing | CanvassError]] = []
        for path in found:
            try:
                result.append((path, load_briefing(path)))
            except CanvassError as error:
                result.append((path, error))
        return result

    def path_for(self, briefing: Briefing) -> Path:
        """A new file name for ``briefing`` that does not overwrite another one."""
        stem = slug(f"{briefing.date} {briefing.title}" if briefing.date else briefing.title)
        candidate = self.directory / f"{stem}{BRIEFING_SUFFIX}"
        number = 2
        while candidate.exists():
            candidate = self.directory / f"{stem}-{number}{BRIEFING_SUFFIX}"
            number += 1
        return candidate

    def save(self, briefing: Briefing, path: Path | None = None) -> Path:
        return save_briefing(briefing, path if path is not None else self.path_for(briefing))

    def load(self, path: Path) -> Briefing:
        return load_briefing(path)
