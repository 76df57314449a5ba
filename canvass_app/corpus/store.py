"""The corpus: bundled and imported programmes, parsed once, read lazily, looked up by programme and passage ID.

Bundled programmes come from ``<bundled_dir>/programmes/manifest.toml`` and
their raw files; imported ones live in ``<data_dir>/programmes/<id>.json``
(metadata plus the raw extracted text, so that a better cleaner later yields the
same IDs from the same words). Writes are atomic: a failed import or removal
leaves the library exactly as it was.

Next to each imported raw source lies its parsed structure, ``<id>.structure.jsonl``:
a first line with the
metadata, counts, the parser version, a stamp of the raw source and a digest,
then one line with the whole programme. Listing programmes reads first lines
only; a command that needs one programme reads that one; a structure written
by an older parser (``PARSER_VERSION``) or for another raw source is parsed
again from the raw source, once, and stored.
"""

from __future__ import annotations

import contextlib
import dataclasses
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

from canvass_app import files, garbage, limits
from canvass_app.corpus.blocks import load_blocks
from canvass_app.corpus.importers import Progress, RawProgramme, read_programme_file
from canvass_app.corpus.model import (
    Passage,
    Programme,
    Section,
    TakenIds,
    passage_id,
    summary_json,
    unique_id,
)
from canvass_app.corpus.structure import PARSER_VERSION, Format, parse_programme_text
from canvass_app.errors import CanvassError
from canvass_app.paths import item_path

MANIFEST_NAME = "manifest.toml"
IMPORT_FORMAT_VERSION = 1
PROGRAMME_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")
OPENING_SLUG = "einleitung"
STRUCTURE_SUFFIX = ".structure.jsonl"
STRUCTURE_FORMAT = 1
# A chapter name ("Wirtschaft", "Mobilität und Verkehr") longer than this is no chapter name.
MAX_CHAPTER = 80
# A first line longer than this is no header we wrote.
_MAX_HEADER = 1 << 20


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
        ids = [passage_id(info.id, p.text, taken) for p in parsed_section.passages]
        passages = tuple(
            Passage(
                id=pid,
                programme_id=info.id,
                section_id=section_id,
                kind=p.kind,
                text=p.text,
                lead_in=p.lead_in,
                lines=p.lines,
                intro=ids[p.intro] if p.intro is not None else None,
            )
            for pid, p in zip(ids, parsed_section.passages, strict=True)
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


@dataclass(frozen=True)
class ProgrammeEntry:
    """A programme as a list shows it, known without reading its text: metadata, counts, digest.

    ``digest`` changes whenever the programme's structure or metadata changes; the
    search index uses it to tell which programmes it must index again.
    """

    id: str
    party: str
    title: str
    year: int
    chapter: str = ""
    election: str = ""
    adopted: str | None = None
    source: str = ""
    bundled: bool = False
    section_count: int = 0
    passage_count: int = 0
    digest: str = ""

    def summary_json(self) -> dict[str, Any]:
        return summary_json(self)


def _entry_of(programme: Programme, digest: str) -> ProgrammeEntry:
    return ProgrammeEntry(
        id=programme.id,
        party=programme.party,
        title=programme.title,
        year=programme.year,
        chapter=programme.chapter,
        election=programme.election,
        adopted=programme.adopted,
        source=programme.source,
        bundled=programme.bundled,
        section_count=len(programme.sections),
        passage_count=sum(len(s.passages) for s in programme.sections),
        digest=digest,
    )


def _structure_lines(programme: Programme, stamp: dict[str, Any]) -> tuple[str, ProgrammeEntry]:
    body = json.dumps(programme.to_json(), ensure_ascii=False, sort_keys=True)
    digest = hashlib.sha256(f"{PARSER_VERSION}\0{body}".encode()).hexdigest()[:32]
    entry = _entry_of(programme, digest)
    header = {
        "format": STRUCTURE_FORMAT,
        "parser": PARSER_VERSION,
        "stamp": stamp,
        "entry": dataclasses.asdict(entry),
    }
    return json.dumps(header, ensure_ascii=False) + "\n" + body + "\n", entry


def _read_header(path: Path, stamp: dict[str, Any]) -> ProgrammeEntry | None:
    """The entry of a structure file written by this parser for this raw source, else None."""
    if not files.is_regular_file(path):  # a FIFO or device planted here would block or never end
        return None
    try:
        with path.open("r", encoding="utf-8") as handle:
            line = handle.readline(_MAX_HEADER)
        header = json.loads(line)
        if (
            not isinstance(header, dict)
            or header.get("format") != STRUCTURE_FORMAT
            or header.get("parser") != PARSER_VERSION
            or header.get("stamp") != stamp
        ):
            return None
        entry = ProgrammeEntry(**header["entry"])
        if not isinstance(entry.id, str) or not isinstance(entry.digest, str) or not entry.digest:
            return None
        return entry
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, RecursionError):
        return None


def _read_body(path: Path, entry: ProgrammeEntry) -> Programme | None:
    """The programme stored in a structure file, or None when it cannot be read back."""
    if not files.is_regular_file(path):
        return None
    try:
        with path.open("r", encoding="utf-8") as handle:
            handle.readline(_MAX_HEADER)
            body = handle.readline(limits.STORED_PROGRAMME_BYTES)
        programme = Programme.from_json(json.loads(body))
    except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None
    if programme.id != entry.id:
        return None
    return programme


def _import_stamp(path: Path) -> dict[str, Any]:
    """Which raw file a structure was parsed from: size and modification time, from one stat()."""
    info = path.stat()
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns}


@dataclass
class _Loaded:
    """One programme read into memory, with its passages and sections by ID."""

    programme: Programme
    digest: str
    passages: dict[str, Passage]
    sections: dict[str, Section]

    @classmethod
    def of(cls, programme: Programme, digest: str) -> _Loaded:
        return cls(
            programme,
            digest,
            {p.id: p for s in programme.sections for p in s.passages},
            {s.id: s for s in programme.sections},
        )


def _checked_text(raw: RawProgramme) -> str:
    """The text the size limits apply to: a PDF's block stream is one JSON line, its blocks' texts are not."""
    if raw.format != "blocks":
        return raw.text
    try:
        blocks, _metadata = load_blocks(raw.text)
    except ValueError:
        return raw.text
    return "\n".join(block.text for block in blocks)


class Corpus:
    """All programmes a user can open: the bundled ones first, then their own imports."""

    def __init__(self, bundled_dir: Path, data_dir: Path) -> None:
        self.bundled_dir = bundled_dir
        self.data_dir = data_dir
        self._lock = threading.RLock()
        self._entries: dict[str, ProgrammeEntry] | None = None
        self._bundled: dict[str, ProgrammeEntry] | None = None
        self._problems: list[str] = []
        self._loaded: dict[str, _Loaded] = {}
        # Where each listed programme's structure and raw source are.
        self._sources: dict[str, tuple[Path, Path, dict[str, Any]]] = {}
        # How often a raw text was parsed in this process (the benchmark and tests read it).
        self.parse_count = 0

    # --- paths ---------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        return self.bundled_dir / "programmes" / MANIFEST_NAME

    @property
    def imports_dir(self) -> Path:
        return self.data_dir / "programmes"

    # --- reading -------------------------------------------------------------------

    def catalog(self) -> list[ProgrammeEntry]:
        """Every programme's metadata and counts, without reading any programme's text."""
        with self._lock:
            return list(self._catalog().values())

    def entry(self, programme_id: str) -> ProgrammeEntry:
        with self._lock:
            try:
                return self._catalog()[programme_id]
            except KeyError:
                raise CanvassError(
                    f"Ein Programm „{programme_id}“ gibt es nicht; 'canvass programmes' listet alle."
                ) from None

    def programmes(self) -> list[Programme]:
        # One programme at a time under the lock: a search asking for metadata meanwhile
        # waits for one programme to be read, never for the whole library.
        with self._lock:
            ids = list(self._catalog())
        found = []
        for programme_id in ids:
            with self._lock:
                if programme_id in self._catalog():
                    found.append(self._get(programme_id).programme)
        return found

    def programme(self, programme_id: str) -> Programme:
        with self._lock:
            return self._get(programme_id).programme

    def passage(self, passage_id: str) -> Passage:
        programme_id = passage_id.split(":", 1)[0]
        with self._lock:
            if programme_id in self._catalog():
                found = self._get(programme_id).passages.get(passage_id)
                if found is not None:
                    return found
        raise CanvassError(f"Eine Textstelle „{passage_id}“ gibt es nicht.")

    def passages(self) -> list[Passage]:
        return [p for programme in self.programmes() for p in programme.passages()]

    def section_of(self, passage: Passage) -> Section:
        with self._lock:
            return self._get(passage.programme_id).sections[passage.section_id]

    def programme_of(self, passage: Passage) -> Programme:
        return self.programme(passage.programme_id)

    def digests(self) -> dict[str, str]:
        """Each programme's digest by ID (what the search index compares with its own)."""
        return {entry.id: entry.digest for entry in self.catalog()}

    def fingerprint(self) -> str:
        """Changes whenever any programme's text, structure or metadata changes."""
        digest = hashlib.sha256()
        for entry in self.catalog():
            digest.update(f"{entry.id}\0{entry.digest}\x1e".encode())
        return digest.hexdigest()

    def problems(self) -> list[str]:
        """Files that could not be loaded (bundled data or damaged imports)."""
        with self._lock:
            self._catalog()
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

    def _catalog(self) -> dict[str, ProgrammeEntry]:
        if self._entries is None:
            self._scan()
        assert self._entries is not None
        return self._entries

    def _scan(self) -> None:
        """List every programme from its structure file's first line, parsing only what is stale."""
        entries: dict[str, ProgrammeEntry] = {}
        problems: list[str] = []
        sources: dict[str, tuple[Path, Path, dict[str, Any]]] = {}
        if self._bundled is None:
            self._bundled = self._parse_bundled()
        entries.update(self._bundled)
        bundled_ids = set(entries)
        if self.imports_dir.is_dir():
            files.remove_stale_temporaries(self.imports_dir, ".*.tmp")
            for path in sorted(self.imports_dir.glob("*.json")):
                programme_id = path.name[: -len(".json")]
                structure = path.with_name(f"{programme_id}{STRUCTURE_SUFFIX}")
                try:
                    stamp = _import_stamp(path)
                    header = _read_header(structure, stamp)
                    if header is None or header.id != programme_id or header.bundled:
                        programme = _load_import(path)
                        self.parse_count += 1
                        header = self._store_structure(structure, programme, stamp, required=False)
                    entry = header
                except (OSError, ValueError, KeyError, TypeError, RecursionError, CanvassError) as error:
                    problems.append(f"Importiertes Programm {path.name} ist beschädigt ({error}).")
                    continue
                if entry.id in bundled_ids:
                    problems.append(
                        f"Importiertes Programm {path.name} verdeckt ein mitgeliefertes."
                    )
                    continue
                entries[entry.id] = entry
                sources[entry.id] = (structure, path, stamp)
        self._entries = entries
        self._sources = sources
        self._problems = problems
        # Programmes whose digest changed are read again on their next use.
        self._loaded = {
            k: v for k, v in self._loaded.items() if k in entries and entries[k].digest == v.digest
        }

    def _parse_bundled(self) -> dict[str, ProgrammeEntry]:
        """The bundled chapters: small, shipped read-only, parsed once per process."""
        entries: dict[str, ProgrammeEntry] = {}
        for info, path, fmt, _sha in self.bundled_infos():
            try:
                raw_text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise CanvassError(
                    f"Das Programm {path} lässt sich nicht lesen ({error})."
                ) from None
            programme = build_programme(info, raw_text, fmt, bundled=True)
            self.parse_count += 1
            _content, entry = _structure_lines(programme, {"format": fmt})
            self._loaded[info.id] = _Loaded.of(programme, entry.digest)
            entries[info.id] = entry
        return entries

    def _store_structure(
        self, path: Path, programme: Programme, stamp: dict[str, Any], *, required: bool
    ) -> ProgrammeEntry:
        content, entry = _structure_lines(programme, stamp)
        try:
            _write_atomically(path, content)
        except CanvassError:
            if required:
                raise
            # A read-only data directory costs a parse per start, nothing more.
        self._loaded[programme.id] = _Loaded.of(programme, entry.digest)
        return entry

    def _get(self, programme_id: str) -> _Loaded:
        entry = self._catalog().get(programme_id)
        if entry is None:
            raise CanvassError(
                f"Ein Programm „{programme_id}“ gibt es nicht; 'canvass programmes' listet alle."
            )
        loaded = self._loaded.get(programme_id)
        if loaded is not None and loaded.digest == entry.digest:
            return loaded
        # Bundled programmes were parsed when listed; what is left are imports.
        structure, raw_path, stamp = self._sources[programme_id]
        programme = _read_body(structure, entry)
        if programme is None:
            # A damaged structure file: the raw source is the truth, parse it again.
            try:
                programme = _load_import(raw_path)
            except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
                raise CanvassError(
                    f"Das Programm „{programme_id}“ lässt sich nicht lesen ({error})."
                ) from None
            self.parse_count += 1
            stored = self._store_structure(structure, programme, stamp, required=False)
            if stored.digest != entry.digest:
                self._entries = None
            return self._loaded[programme_id]
        loaded = _Loaded.of(programme, entry.digest)
        self._loaded[programme_id] = loaded
        # A programme read stays in memory: out of the full collections' way at once, so that
        # reading a whole library never leaves one collection that walks all of it.
        garbage.settle()
        return loaded

    def invalidate(self) -> None:
        """Read everything again on next use (programmes already read stay if unchanged)."""
        with self._lock:
            self._entries = None
            self._bundled = None

    def refresh(self) -> None:
        """Read the list of imported programmes again (another process may have changed it)."""
        with self._lock:
            self._entries = None

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
        chapter: str = "",
    ) -> Programme:
        """Read, clean and store a programme; refuses (CanvassError) before writing anything.

        ``raw`` is the file as already read (the import dialog's preview), else it is read here.
        ``chapter`` names the chapter the file is, when it is only one chapter of a
        programme ("Wirtschaft"): compare then says a silent programme is silent in it.
        """
        if not PROGRAMME_ID.match(programme_id):
            raise CanvassError(
                f"Die ID „{programme_id}“ ist ungültig; erlaubt sind Kleinbuchstaben, Ziffern und "
                "Bindestriche, z. B. gruene-muenster-2025."
            )
        party, title = party.strip(), title.strip()
        if not party or not title:
            raise CanvassError("Partei und Titel dürfen nicht leer sein.")
        if len(chapter.strip()) > MAX_CHAPTER:
            raise CanvassError(f"Der Kapitelname ist zu lang (höchstens {MAX_CHAPTER} Zeichen).")
        if not 1900 <= year <= 2200:
            raise CanvassError(f"Das Jahr {year} ist nicht plausibel.")
        adopted = validate_adopted(adopted)
        with self._lock:
            if programme_id in self._catalog() or self._import_path(programme_id).exists():
                raise CanvassError(
                    f"Ein Programm mit der ID „{programme_id}“ gibt es schon; bitte eine andere ID wählen."
                )
            if raw is None:
                raw = read_programme_file(Path(path), progress)
            problem = limits.programme_text_problem(_checked_text(raw))
            if problem is not None:
                raise CanvassError(
                    f"Die Datei {Path(path).name} wird nicht importiert: {problem}."
                )
            info = ProgrammeInfo(
                id=programme_id,
                party=party,
                title=title,
                year=year,
                chapter=" ".join(chapter.split()),
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
            self.parse_count += 1
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
                "chapter": info.chapter,
                "election": info.election,
                "adopted": info.adopted,
                "source": info.source,
                "format": raw.format,
                "source_kind": raw.source_kind,
                "imported_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                "text": raw.text,
            }
            raw_path = self._import_path(programme_id)
            _write_atomically(raw_path, json.dumps(record, ensure_ascii=False, indent=1))
            structure = raw_path.with_name(f"{programme_id}{STRUCTURE_SUFFIX}")
            try:
                self._store_structure(structure, programme, _import_stamp(raw_path), required=True)
            except (OSError, CanvassError):
                # All or nothing: without its structure the import did not happen.
                with contextlib.suppress(OSError):
                    raw_path.unlink()
                self._loaded.pop(programme_id, None)
                raise
            self._entries = None
            return self.programme(programme_id)

    def remove(self, programme_id: str) -> None:
        with self._lock:
            entry = self.entry(programme_id)
            if entry.bundled:
                raise CanvassError(
                    f"Das Programm „{programme_id}“ wird mit der App ausgeliefert und kann nicht entfernt werden."
                )
            try:
                self._import_path(programme_id).unlink()
            except OSError as error:
                raise CanvassError(
                    f"Das Programm „{programme_id}“ lässt sich nicht entfernen ({error.strerror})."
                ) from None
            with contextlib.suppress(OSError):
                self._import_path(programme_id).with_name(f"{programme_id}{STRUCTURE_SUFFIX}").unlink()
            self._loaded.pop(programme_id, None)
            self._entries = None

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
        chapter=str(record.get("chapter", "")),
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
