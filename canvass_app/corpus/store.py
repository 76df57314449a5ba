"""The corpus: bundled and imported programmes, parsed once, looked up by programme and passage ID.

Bundled programmes come from ``<bundled_dir>/programmes/manifest.toml`` and
their raw files; imported ones live in ``<data_dir>/programmes/<id>.json``
(metadata plus the raw extracted text, so that a better cleaner later yields the
same IDs from the same words). Writes are atomic: a failed import or removal
leaves the library exactly as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import threading
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from canvass_app import files, limits
from canvass_app.corpus.importers import Progress, RawProgramme, read_programme_file
from canvass_app.corpus.model import Passage, Programme, Section, TakenIds, passage_id, unique_id
from canvass_app.corpus.structure import Format, parse_programme_text
from canvass_app.errors import CanvassError
from canvass_app.paths import item_path

MANIFEST_NAME = "manifest.toml"
IMPORT_FORMAT_VERSION = 1
PROGRAMME_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")
OPENING_SLUG = "einleitung"


@dataclass(frozen=True)
class ProgrammeInfo:
    """What the manifest (or the import command) says about a programme."""

    id: str
    party: str
    title: str
    year: int
    chapter: str = ""
    election: str = ""
    adopted: str | None = None
    source: str = ""


def slugify(title: str) -> str:
    """``"Für gute Arbeit und faire Löhne"`` → ``"fuer-gute-arbeit-und-faire-loehne"``."""
    text = title.casefold()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > 60:
        slug = slug[:60].rsplit("-", 1)[0]
    return slug


def build_programme(info: ProgrammeInfo, raw_text: str, fmt: Format, *, bundled: bool) -> Programme:
    """Parse raw text and give every section and passage its stable ID."""
    parsed = parse_programme_text(raw_text, fmt)
    taken = TakenIds()
    slugs = TakenIds()
    sections: list[Section] = []
    for parsed_section in parsed.sections:
        slug = unique_id(slugify(parsed_section.title) or OPENING_SLUG, slugs)
        section_id = f"{info.id}/{slug}"
        passages = tuple(
            Passage(
                id=passage_id(info.id, p.text, taken),
                programme_id=info.id,
                section_id=section_id,
                kind=p.kind,
                text=p.text,
                lead_in=p.lead_in,
                lines=p.lines,
            )
            for p in parsed_section.passages
        )
        parent = sections[parsed_section.parent].id if parsed_section.parent is not None else None
        sections.append(
            Section(section_id, parsed_section.title, passages, parsed_section.level, parent)
        )
    return Programme(
        id=info.id,
        party=info.party,
        title=info.title,
        year=info.year,
        chapter=info.chapter,
        election=info.election,
        adopted=info.adopted,
        source=info.source,
        bundled=bundled,
        sections=tuple(sections),
        metadata=dict(parsed.metadata),
    )


def validate_adopted(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise CanvassError(
            f"Das Beschlussdatum „{value}“ ist kein Datum; bitte als JJJJ-MM-TT angeben."
        ) from None


# Fewer words than a short paragraph is a data file or an almost empty one, not a programme.
MIN_PROGRAMME_WORDS = 5


class Corpus:
    """All programmes a user can open: the bundled ones first, then their own imports."""

    def __init__(self, bundled_dir: Path, data_dir: Path) -> None:
        self.bundled_dir = bundled_dir
        self.data_dir = data_dir
        self._lock = threading.RLock()
        self._programmes: list[Programme] | None = None
        self._problems: list[str] = []
        self._passages: dict[str, Passage] = {}
        self._sections: dict[str, Section] = {}
        self._by_id: dict[str, Programme] = {}

    # --- paths ---------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        return self.bundled_dir / "programmes" / MANIFEST_NAME

    @property
    def imports_dir(self) -> Path:
        return self.data_dir / "programmes"

    # --- reading -------------------------------------------------------------------

    def programmes(self) -> list[Programme]:
        with self._lock:
            if self._programmes is None:
                self._load()
            assert self._programmes is not None
            return list(self._programmes)

    def programme(self, programme_id: str) -> Programme:
        self.programmes()
        try:
            return self._by_id[programme_id]
        except KeyError:
            raise CanvassError(
                f"Ein Programm „{programme_id}“ gibt es nicht; 'canvass programmes' listet alle."
            ) from None

    def passage(self, passage_id: str) -> Passage:
        self.programmes()
        try:
            return self._passages[passage_id]
        except KeyError:
            raise CanvassError(f"Eine Textstelle „{passage_id}“ gibt es nicht.") from None

    def passages(self) -> list[Passage]:
        return [p for programme in self.programmes() for p in programme.passages()]

    def section_of(self, passage: Passage) -> Section:
        self.programmes()
        return self._sections[passage.section_id]

    def programme_of(self, passage: Passage) -> Programme:
        return self.programme(passage.programme_id)

    def fingerprint(self) -> str:
        """Changes whenever any programme's text, structure or metadata changes."""
        digest = hashlib.sha256()
        for programme in self.programmes():
            digest.update(
                json.dumps(programme.to_json(), sort_keys=True, ensure_ascii=False).encode()
            )
            digest.update(b"\x1e")
        return digest.hexdigest()

    def problems(self) -> list[str]:
        """Files that could not be loaded (bundled data or damaged imports)."""
        self.programmes()
        return list(self._problems)

    def bundled_infos(self) -> list[tuple[ProgrammeInfo, Path, Format, str | None]]:
        """The manifest's entries: info, raw file, format, expected SHA-256."""
        try:
            manifest = tomllib.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CanvassError(f"Die Programmliste {self.manifest_path} fehlt.") from None
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise CanvassError(
                f"Die Programmliste {self.manifest_path} ist fehlerhaft ({error})."
            ) from None
        entries: list[tuple[ProgrammeInfo, Path, Format, str | None]] = []
        for raw in manifest.get("programme", []):
            try:
                info = ProgrammeInfo(
                    id=str(raw["id"]),
                    party=str(raw["party"]),
                    title=str(raw["title"]),
                    year=int(raw["year"]),
                    chapter=str(raw.get("chapter", "")),
                    election=str(raw.get("election", "")),
                    adopted=validate_adopted(raw.get("adopted")),
                    source=str(raw.get("source", "")),
                )
                fmt: Format = "markdown" if raw.get("format") == "markdown" else "text"
                path = self.manifest_path.parent / str(raw["file"])
            except (KeyError, TypeError, ValueError) as error:
                raise CanvassError(
                    f"Die Programmliste {self.manifest_path} ist fehlerhaft (Feld {error} fehlt oder ist ungültig)."
                ) from None
            entries.append((info, path, fmt, raw.get("sha256")))
        return entries

    def _load(self) -> None:
        programmes: list[Programme] = []
        problems: list[str] = []
        for info, path, fmt, _sha in self.bundled_infos():
            try:
                raw_text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CanvassError(
                    f"Das Programm {path} lässt sich nicht lesen ({error})."
                ) from None
            programmes.append(build_programme(info, raw_text, fmt, bundled=True))
        bundled_ids = {p.id for p in programmes}
        if self.imports_dir.is_dir():
            files.remove_stale_temporaries(self.imports_dir, ".*.tmp")
            for path in sorted(self.imports_dir.glob("*.json")):
                try:
                    programme = _load_import(path)
                except (OSError, ValueError, KeyError, TypeError, CanvassError) as error:
                    problems.append(f"Importiertes Programm {path.name} ist beschädigt ({error}).")
                    continue
                if programme.id in bundled_ids:
                    problems.append(
                        f"Importiertes Programm {path.name} verdeckt ein mitgeliefertes."
                    )
                    continue
                programmes.append(programme)
        self._programmes = programmes
        self._problems = problems
        self._by_id = {p.id: p for p in programmes}
        self._sections = {s.id: s for p in programmes for s in p.sections}
        self._passages = {x.id: x for p in programmes for x in p.passages()}

    def invalidate(self) -> None:
        with self._lock:
            self._programmes = None

    # --- writing -------------------------------------------------------------------

    def import_file(
        self,
        path: Path,
        *,
        programme_id: str,
        party: str,
        title: str,
        year: int,
        election: str = "",
        adopted: str | None = None,
        progress: Progress | None = None,
        raw: RawProgramme | None = None,
    ) -> Programme:
        """Read, clean and store a programme; refuses (CanvassError) before writing anything.

        ``raw`` is the file as already read (the import dialog's preview), else it is read here.
        """
        if not PROGRAMME_ID.match(programme_id):
            raise CanvassError(
                f"Die ID „{programme_id}“ ist ungültig; erlaubt sind Kleinbuchstaben, Ziffern und "
                "Bindestriche, z. B. gruene-muenster-2025."
            )
        party, title = party.strip(), title.strip()
        if not party or not title:
            raise CanvassError("Partei und Titel dürfen nicht leer sein.")
        if not 1900 <= year <= 2200:
            raise CanvassError(f"Das Jahr {year} ist nicht plausibel.")
        adopted = validate_adopted(adopted)
        with self._lock:
            if (
                programme_id in {p.id for p in self.programmes()}
                or self._import_path(programme_id).exists()
            ):
                raise CanvassError(
                    f"Ein Programm mit der ID „{programme_id}“ gibt es schon; bitte eine andere ID wählen."
                )
            if raw is None:
                raw = read_programme_file(Path(path), progress)
            problem = limits.programme_text_problem(raw.text)
            if problem is not None:
                raise CanvassError(
                    f"Die Datei {Path(path).name} wird nicht importiert: {problem}."
                )
            info = ProgrammeInfo(
                id=programme_id,
                party=party,
                title=title,
                year=year,
                election=election.strip(),
                adopted=adopted,
                source=f"Importiert aus {Path(path).name}",
            )
            programme = build_programme(info, raw.text, raw.format, bundled=False)
            problem = limits.passages_problem(len(programme.passages()))
            if problem is not None:
                raise CanvassError(
                    f"Die Datei {Path(path).name} wird nicht importiert: {problem}."
                )
            if not programme.passages():
                raise CanvassError(
                    f"In der Datei {Path(path).name} wurde kein Programmtext gefunden."
                )
            words = sum(
                len(re.findall(r"[^\W\d_]{2,}", p.text)) for p in programme.passages()
            )
            if words < MIN_PROGRAMME_WORDS:
                # A data file (JSON, CSV) or an almost empty file is no programme, even if it is text.
                raise CanvassError(
                    f"Die Datei {Path(path).name} enthält mit {words} Wörtern zu wenig Text "
                    f"für ein Programm (mindestens {MIN_PROGRAMME_WORDS})."
                )
            record: dict[str, Any] = {
                "format_version": IMPORT_FORMAT_VERSION,
                "id": info.id,
                "party": info.party,
                "title": info.title,
                "year": info.year,
                "election": info.election,
                "adopted": info.adopted,
                "source": info.source,
                "format": raw.format,
                "source_kind": raw.source_kind,
                "imported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                "text": raw.text,
            }
            _write_atomically(
                self._import_path(programme_id), json.dumps(record, ensure_ascii=False, indent=1)
            )
            self.invalidate()
            return self.programme(programme_id)

    def remove(self, programme_id: str) -> None:
        with self._lock:
            programme = self.programme(programme_id)
            if programme.bundled:
                raise CanvassError(
                    f"Das Programm „{programme_id}“ wird mit der App ausgeliefert und kann nicht entfernt werden."
                )
            try:
                self._import_path(programme_id).unlink()
            except OSError as error:
                raise CanvassError(
                    f"Das Programm „{programme_id}“ lässt sich nicht entfernen ({error.strerror})."
                ) from None
            self.invalidate()

    def _import_path(self, programme_id: str) -> Path:
        return item_path(self.imports_dir, programme_id, ".json", "Die Programm-ID")


def _load_import(path: Path) -> Programme:
    record = files.read_json(path, limits.STORED_PROGRAMME_BYTES, "Die Datei")
    if not isinstance(record, dict) or record.get("format_version") != IMPORT_FORMAT_VERSION:
        raise ValueError("unbekanntes Format")
    info = ProgrammeInfo(
        id=str(record["id"]),
        party=str(record["party"]),
        title=str(record["title"]),
        year=int(record["year"]),
        election=str(record.get("election", "")),
        adopted=record.get("adopted"),
        source=str(record.get("source", "")),
    )
    if f"{info.id}.json" != path.name:
        raise ValueError("Dateiname passt nicht zur ID")
    stored = record.get("format")
    fmt: Format = "markdown" if stored == "markdown" else "blocks" if stored == "blocks" else "text"
    return build_programme(info, str(record["text"]), fmt, bundled=False)


def _write_atomically(target: Path, content: str) -> None:
    """Temp file in the same folder, fsync, rename: readers see the old state or the new one."""
    created_dir = not target.parent.exists()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}-", suffix=".tmp")
    except OSError as error:
        raise CanvassError(f"Der Datenordner ist nicht beschreibbar ({error.strerror}).") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        if created_dir:
            with contextlib.suppress(OSError):
                target.parent.rmdir()
        raise CanvassError(f"Das Programm ließ sich nicht speichern ({error.strerror}).") from None
