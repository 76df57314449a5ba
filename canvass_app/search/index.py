"""The whoosh index on disk: schema, one segment per programme, incremental updates, verified opening.

``<cache>/index/CURRENT`` names the live index directory. It holds the whoosh
files (one segment per programme, one for the cards), ``vocabulary.sqlite``
(see :class:`SideStore`: indexed terms, spellings per stem, the typo table,
which segment is which programme's) and ``manifest.json``: the analyzer version,
which programme (by digest) and which cards (by digest) the index holds, and
the size, modification time and SHA-256 of every file.

A directory is used only when its manifest verifies and no file the manifest
does not list lies in it. An incremental update first deletes the manifest,
then changes the whoosh files and the side files, then writes the new
manifest: a process killed in between leaves a directory without manifest,
which is detected as damaged and rebuilt, never one that silently lacks a
programme. Removing a programme drops its whole segment, so after any sequence
of updates the index holds exactly what a full rebuild would write (same terms,
same statistics, same scores).

whoosh reads through mmap; a file truncated under a running search would kill
the process with SIGBUS. So before every use :meth:`Opened.check` compares each
file's size with the manifest (one stat per file) and turns damage into
IndexUnusable, which the service answers with a rebuild. Writers never use mmap.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import stat
import time
import uuid
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage

from canvass_app import files as safe_files
from canvass_app.errors import CanvassError
from canvass_app.search.analysis import ANALYZER_VERSION, GermanTokenizer, analyze_cached

MANIFEST = "manifest.json"
SIDE = "vocabulary.sqlite"
CURRENT = "CURRENT"
LOCK = "index.lock"
FORMAT = 4
_TMP_PREFIX = ".tmp-"
_DIR_PREFIX = "ix-"
# Temporary directories younger than this may belong to another process still building.
_STALE_TMP_SECONDS = 600
# No manifest we write comes near this; a bigger or deeper one is damage, not data.
_MAX_MANIFEST_BYTES = 8 << 20
_INDEXED_FIELDS = ("text", "heading", "exact")
_CARDS = "\0cards"


class IndexUnusable(Exception):
    """The index directory is missing, incomplete, corrupt or for another analyzer."""


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        programme=ID(stored=True),
        section=ID(stored=True),
        text=TEXT(analyzer=GermanTokenizer("stem"), phrase=True),
        exact=TEXT(analyzer=GermanTokenizer("folded"), phrase=False),
        heading=TEXT(analyzer=GermanTokenizer("stem"), phrase=False),
        body=STORED(),
        # What a result shows besides the text, so that no programme is read to show a hit.
        lead_in=STORED(),
        section_title=STORED(),
    )


@dataclass(frozen=True)
class Document:
    """What is indexed for one passage or card."""

    id: str
    type: str
    text: str
    heading: str = ""
    exact: str = ""
    programme: str = ""
    section: str = ""
    body: str = ""
    lead_in: str | None = None

    def fields(self) -> dict[str, Any]:
        return {
            "lead_in": self.lead_in,
            "section_title": self.heading if self.type == "passage" else "",
            "id": self.id,
            "type": self.type,
            "programme": self.programme,
            "section": self.section,
            "text": self.text,
            "exact": self.exact or self.text,
            "heading": self.heading,
            "body": self.body or self.text,
        }


@dataclass
class Change:
    """What one update does: programmes to drop, programmes (and perhaps cards) to write anew.

    ``programmes`` maps a programme ID to its digest and a callable yielding its
    documents; the callable is only called for programmes that are written.
    """

    removed: set[str] = field(default_factory=set)
    programmes: dict[str, tuple[str, Callable[[], list[Document]]]] = field(default_factory=dict)
    cards: tuple[dict[str, str], list[Document]] | None = None

    def __bool__(self) -> bool:
        return bool(self.removed or self.programmes or self.cards is not None)


# --- reading files without trusting them ------------------------------------------


def read_bounded(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit``, through the one safe reader; anything else is damage."""
    try:
        return safe_files.read_bytes(path, limit, "Die Indexdatei")
    except CanvassError as error:
        raise IndexUnusable(f"{path.name} unreadable: {error.message}") from None


def _load_json(path: Path, limit: int) -> Any:
    data = read_bounded(path, limit)
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as error:  # deep nesting is damage too
        raise IndexUnusable(f"{path.name} malformed: {type(error).__name__}") from error


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


# --- the vocabulary kept next to whoosh -------------------------------------------

_SIDE_SCHEMA = """
CREATE TABLE IF NOT EXISTS terms (field TEXT NOT NULL, term TEXT NOT NULL, n INTEGER NOT NULL,
    df INTEGER NOT NULL, segs TEXT NOT NULL, PRIMARY KEY (field, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS deletes (variant TEXT NOT NULL, term TEXT NOT NULL,
    PRIMARY KEY (variant, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS surfaces (stem TEXT NOT NULL, surface TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (stem, surface)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS segments (segment TEXT PRIMARY KEY, owner TEXT NOT NULL,
    ordinal INTEGER NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS lengths (segment TEXT NOT NULL, field TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (segment, field)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS segment_surfaces (segment TEXT NOT NULL, stem TEXT NOT NULL,
    surface TEXT NOT NULL, n INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS segment_surfaces_by_segment ON segment_surfaces (segment);
"""


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def _typo_rows(terms: Iterable[str]) -> Iterator[tuple[str, str]]:
    for term in terms:
        if len(term) >= 4 and term.isalpha():
            for variant in _deletes(term):
                yield variant, term


class SideStore:
    """What search derives from the index and keeps with it, in ``vocabulary.sqlite``.

    Per field, every indexed term with the number of segments holding it; per
    stem, its spellings with counts (for "Meinten Sie …?"); the typo table (each
    term under each of its one-letter deletions); and which segment belongs to
    which programme. Adding or dropping a segment changes only that segment's
    rows, so an update costs what the programme holds, not what the index holds.
    Typo rows of removed terms may linger; readers keep only candidates the index
    still holds.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    @classmethod
    def create(cls, path: Path | None) -> SideStore:
        db = sqlite3.connect(":memory:" if path is None else str(path), check_same_thread=False)
        # The manifest protocol makes an interrupted update detectable; no journal is needed.
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.executescript(_SIDE_SCHEMA)
        return cls(db)

    @classmethod
    def open(cls, path: Path, *, writable: bool) -> SideStore:
        if not path.is_file():
            raise IndexUnusable(f"{path.name} missing")
        try:
            if writable:
                db = sqlite3.connect(str(path), check_same_thread=False)
                db.execute("PRAGMA journal_mode=OFF")
                db.execute("PRAGMA synchronous=OFF")
            else:
                db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            db.execute("SELECT count(*) FROM segments").fetchone()
        except sqlite3.Error as error:
            raise IndexUnusable(f"{path.name} unreadable: {error}") from error
        return cls(db)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    # reading
    def df(self, fieldname: str, term: str) -> int:
        row = self.db.execute("SELECT df FROM terms WHERE field = ? AND term = ?", [fieldname, term]).fetchone()
        return 0 if row is None else int(row[0])

    def stems(self) -> list[str]:
        """The text and heading terms together, sorted (merged by SQLite, not in Python)."""
        return [
            row[0]
            for row in self.db.execute(
                "SELECT DISTINCT term FROM terms WHERE field IN ('text', 'heading') ORDER BY term"
            )
        ]

    def terms(self, fieldname: str) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT term FROM terms WHERE field = ? ORDER BY term", [fieldname])]

    def surface(self, stem: str) -> str | None:
        row = self.db.execute(
            "SELECT surface FROM surfaces WHERE stem = ? ORDER BY n DESC, surface LIMIT 1", [stem]
        ).fetchone()
        return None if row is None else str(row[0])

    def typo(self, variants: Iterable[str]) -> set[str]:
        wanted = sorted(set(variants))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                row[0] for row in self.db.execute(f"SELECT term FROM deletes WHERE variant IN ({marks})", chunk)
            )
        return found

    def owners(self) -> dict[str, str]:
        return {str(s): str(o) for s, o in self.db.execute("SELECT segment, owner FROM segments")}

    def ordinals(self) -> dict[str, int]:
        return {str(s): int(o) for s, o in self.db.execute("SELECT segment, ordinal FROM segments")}

    def locate(self, fieldname: str, term: str) -> tuple[int, list[int]]:
        """(document frequency, ordinals of the segments holding the term): no segment is probed in vain."""
        row = self.db.execute("SELECT df, segs FROM terms WHERE field = ? AND term = ?", [fieldname, term]).fetchone()
        if row is None:
            return 0, []
        return int(row[0]), [int(x) for x in str(row[1]).split()]

    def lengths(self, fieldname: str) -> dict[str, array[int]]:
        """Per segment, the length of ``fieldname`` in each document (kept at write time)."""
        found: dict[str, array[int]] = {}
        for segment, data in self.db.execute("SELECT segment, data FROM lengths WHERE field = ?", [fieldname]):
            values: array[int] = array("I")
            values.frombytes(data)
            found[str(segment)] = values
        return found

    # writing (the caller commits)
    def add_segment(
        self,
        segment: str,
        owner: str,
        terms: Mapping[str, Sequence[tuple[str, int]]],
        surfaces: Mapping[str, Counter[str]],
        lengths: Mapping[str, array[int]],
    ) -> None:
        """Count one more segment in: ``terms`` per field as (term, document frequency)."""
        db = self.db
        ordinal = int(db.execute("SELECT coalesce(max(ordinal), 0) + 1 FROM segments").fetchone()[0])
        db.execute("INSERT INTO segments VALUES (?, ?, ?)", [segment, owner, ordinal])
        mark = str(ordinal)
        for fieldname, field_terms in terms.items():
            db.executemany(
                "INSERT INTO terms VALUES (?, ?, 1, ?, ?) ON CONFLICT (field, term) DO UPDATE "
                "SET n = n + 1, df = df + excluded.df, segs = segs || ' ' || excluded.segs",
                ((fieldname, t, df, mark) for t, df in field_terms),
            )
        stems = [t for f in ("text", "heading") for t, _df in terms.get(f, ())]
        db.executemany("INSERT OR IGNORE INTO deletes VALUES (?, ?)", _typo_rows(stems))
        rows = [(stem, surface, n) for stem, counts in surfaces.items() for surface, n in counts.items()]
        db.executemany(
            "INSERT INTO surfaces VALUES (?, ?, ?) ON CONFLICT (stem, surface) DO UPDATE SET n = n + excluded.n",
            rows,
        )
        db.executemany("INSERT INTO segment_surfaces VALUES (?, ?, ?, ?)", ((segment, *r) for r in rows))
        db.executemany(
            "INSERT INTO lengths VALUES (?, ?, ?)", ((segment, f, v.tobytes()) for f, v in lengths.items())
        )

    def remove_segment(self, segment: str, terms: Mapping[str, Sequence[tuple[str, int]]]) -> None:
        db = self.db
        row = db.execute("SELECT ordinal FROM segments WHERE segment = ?", [segment]).fetchone()
        mark = f" {row[0]} " if row is not None else " "
        for fieldname, field_terms in terms.items():
            db.executemany(
                "UPDATE terms SET n = n - 1, df = df - ?, segs = trim(replace(' ' || segs || ' ', ?, ' ')) "
                "WHERE field = ? AND term = ?",
                ((df, mark, fieldname, t) for t, df in field_terms),
            )
            db.executemany(
                "DELETE FROM terms WHERE field = ? AND term = ? AND n <= 0",
                ((fieldname, t) for t, _df in field_terms),
            )
        rows = list(db.execute("SELECT stem, surface, n FROM segment_surfaces WHERE segment = ?", [segment]))
        db.executemany("UPDATE surfaces SET n = n - ? WHERE stem = ? AND surface = ?", ((n, st, su) for st, su, n in rows))
        db.executemany("DELETE FROM surfaces WHERE stem = ? AND surface = ? AND n <= 0", ((st, su) for st, su, _n in rows))
        db.execute("DELETE FROM segment_surfaces WHERE segment = ?", [segment])
        db.execute("DELETE FROM lengths WHERE segment = ?", [segment])
        db.execute("DELETE FROM segments WHERE segment = ?", [segment])


# --- writing ----------------------------------------------------------------------


def _count_surfaces(counts: dict[str, Counter[str]], text: str) -> None:
    for token in analyze_cached(text):
        if not token.joined:
            counts.setdefault(token.stem, Counter())[token.surface] += 1


def _drop_empty(writer: Any, segments: list[Any]) -> list[Any]:
    """whoosh merge policy: keep every segment as it is, except those whose documents are all deleted."""
    return [s for s in segments if s.doc_count() > 0]


def _segment_terms(storage: Any, ix: Any, segment: Any) -> dict[str, list[tuple[str, int]]]:
    """Each indexed field's terms in one segment, with their document frequency there."""
    from whoosh.reading import SegmentReader

    reader = SegmentReader(storage, ix.schema, segment)
    try:
        return {
            f: [(t.decode("utf-8"), int(info.doc_frequency())) for t, info in reader.iter_field(f)]
            for f in _INDEXED_FIELDS
        }
    finally:
        reader.close()


def _segment_lengths(storage: Any, ix: Any, segment: Any) -> dict[str, array[int]]:
    """Each scored field's length in every document of one segment (what BM25 needs per document)."""
    from whoosh.reading import SegmentReader

    reader = SegmentReader(storage, ix.schema, segment)
    try:
        count = int(reader.doc_count_all())
        return {
            f: array("I", (int(reader.doc_field_length(d, f) or 0) for d in range(count)))
            for f in _INDEXED_FIELDS
        }
    finally:
        reader.close()


@dataclass
class WriteStats:
    """What the writer received (tests count it to show an import touches only its programme)."""

    added: list[str] = field(default_factory=list)  # document IDs
    deleted_programmes: list[str] = field(default_factory=list)
    segments_written: int = 0


# Every update reports here when set (a test hook; None in normal use).
observer: Callable[[WriteStats], None] | None = None


class _Writer:
    """Applies changes to one index (on disk or in RAM), keeping the side store in step."""

    def __init__(self, storage: Any, side: SideStore) -> None:
        self.storage = storage
        self.side = side
        self.stats = WriteStats()
        self.ix = storage.open_index()

    def segments(self) -> dict[str, Any]:
        self.ix = self.storage.open_index()
        return {s.segment_id(): s for s in self.ix._segments()}

    def remove(self, ids: set[str], cards: bool) -> None:
        """Drop the segments of these programmes (and perhaps the cards') whole: no reader is opened."""
        if not ids and not cards:
            return
        owners = self.side.owners()
        doomed: set[str] = set()
        for segment_id, segment in self.segments().items():
            owner = owners.get(segment_id)
            if owner is not None and (owner in ids or (cards and owner == _CARDS)):
                self.side.remove_segment(segment_id, _segment_terms(self.storage, self.ix, segment))
                doomed.add(segment_id)
        self.stats.deleted_programmes.extend(sorted(ids))

        def drop(writer: Any, segments: list[Any]) -> list[Any]:
            return [s for s in _drop_empty(writer, segments) if s.segment_id() not in doomed]

        writer = self.ix.writer()
        writer.commit(mergetype=drop)

    def add(self, owner: str, documents: list[Document]) -> None:
        """Write one segment holding ``documents``."""
        if not documents:
            return
        before = set(self.segments())
        counts: dict[str, Counter[str]] = {}
        writer = self.ix.writer(limitmb=64)
        try:
            for document in documents:
                _count_surfaces(counts, document.text)
                _count_surfaces(counts, document.heading)
                writer.add_document(**document.fields())
                self.stats.added.append(document.id)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=_drop_empty)
        self.stats.segments_written += 1
        after = self.segments()
        (segment_id,) = set(after) - before
        self.side.add_segment(
            segment_id,
            owner,
            _segment_terms(self.storage, self.ix, after[segment_id]),
            counts,
            _segment_lengths(self.storage, self.ix, after[segment_id]),
        )


def _apply(
    storage: Any,
    side: SideStore,
    state: dict[str, Any],
    change: Change,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, Any], WriteStats]:
    """Apply ``change`` to an index and its side store; returns the new state."""
    writer = _Writer(storage, side)
    programmes = dict(state.get("programmes", {}))
    cards = dict(state.get("cards", {}))
    rewrite = (change.removed | set(change.programmes)) & set(programmes)
    writer.remove(rewrite, change.cards is not None and bool(cards))
    for programme_id in rewrite:
        programmes.pop(programme_id, None)
    total = len(change.programmes) + (1 if change.cards is not None else 0)
    done = 0
    for programme_id in sorted(change.programmes):
        digest, documents = change.programmes[programme_id]
        writer.add(programme_id, documents())
        programmes[programme_id] = digest
        done += 1
        if progress is not None:
            progress(done, total)
    if change.cards is not None:
        card_digests, card_documents = change.cards
        writer.add(_CARDS, card_documents)
        cards = dict(card_digests)
        done += 1
        if progress is not None:
            progress(done, total)
    side.db.commit()
    if observer is not None:
        observer(writer.stats)
    return {"analyzer": ANALYZER_VERSION, "programmes": programmes, "cards": cards}, writer.stats


def _tracked(path: Path) -> bool:
    """Files the manifest lists: everything but itself, whoosh's lock file and our temporaries."""
    name = path.name
    return (
        name != MANIFEST
        and not name.startswith(".")
        and not name.endswith("WRITELOCK")
        and not path.is_dir()
    )


def _write_manifest(
    directory: Path, state: dict[str, Any], documents: int, previous: Mapping[str, Any] | None = None
) -> None:
    """List every file with size, mtime and SHA-256; unchanged files keep their digest unread."""
    files = {}
    for path in sorted(directory.iterdir()):
        if not _tracked(path):
            continue
        info = path.stat()
        old = (previous or {}).get(path.name)
        digest: str | None
        if path.name == SIDE:
            # Changed by every update and as big as the library's vocabulary: hashing it would make
            # each import cost what is stored. Size and mtime guard it; SQLite reports its own damage.
            digest = None
        elif isinstance(old, dict) and old.get("size") == info.st_size and old.get("mtime_ns") == info.st_mtime_ns:
            digest = old["sha256"]
        else:
            digest = _file_digest(path)
        files[path.name] = {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "sha256": digest}
    manifest = {"format": FORMAT, **state, "documents": documents, "files": files}
    _write_file(directory / MANIFEST, json.dumps(manifest, indent=1).encode())
    _fsync_dir(directory)


def _fsync_file(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _doc_count(storage: Any) -> int:
    # From the segment list alone: ix.doc_count() would open a reader for every segment.
    ix = storage.open_index()
    try:
        return sum(int(segment.doc_count()) for segment in ix._segments())
    finally:
        ix.close()


# --- the live directory -----------------------------------------------------------


class _Locked:
    """An exclusive lock on the index root (flock); a no-op where flock does not exist."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._fd: int | None = None

    def __enter__(self) -> _Locked:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            return self
        self.root.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock
            self._fd = None


def locked(root: Path) -> _Locked:
    return _Locked(root)


def current_dir(root: Path) -> Path | None:
    """The live index directory named by ``CURRENT`` (None when there is none)."""
    try:
        name = read_bounded(root / CURRENT, 256).decode("ascii").strip()
    except (IndexUnusable, UnicodeDecodeError):
        return None
    if not name.startswith(_DIR_PREFIX) or "/" in name or "\\" in name or ".." in name:
        return None
    return root / name


def verify(directory: Path) -> dict[str, Any]:
    """The manifest of a complete, uncorrupted index; raises IndexUnusable otherwise.

    A file whose size and modification time are as listed is taken as written
    (one stat, so opening costs no more as the library grows); any other is
    read and its SHA-256 compared.
    """
    manifest = _load_json(directory / MANIFEST, _MAX_MANIFEST_BYTES)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexUnusable("manifest is of another format")
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexUnusable("manifest lists no files")
    if not isinstance(manifest.get("programmes"), dict) or not isinstance(manifest.get("cards"), dict):
        raise IndexUnusable("manifest lists no contents")
    try:
        present = {p.name for p in directory.iterdir() if _tracked(p)}
    except OSError as error:
        raise IndexUnusable("directory unreadable") from error
    if present - set(files):
        # Files the manifest does not know: an update was interrupted after the manifest went.
        raise IndexUnusable(f"unlisted files {sorted(present - set(files))[:3]}")
    for name, expected in files.items():
        path = directory / name
        if not isinstance(expected, dict):
            raise IndexUnusable("manifest malformed")
        try:
            info = path.stat()
        except OSError as error:
            raise IndexUnusable(f"{name} missing") from error
        if not stat.S_ISREG(info.st_mode):
            raise IndexUnusable(f"{name} is not a regular file")
        if info.st_size != expected.get("size"):
            raise IndexUnusable(f"{name} truncated or grown")
        if info.st_mtime_ns != expected.get("mtime_ns"):
            if expected.get("sha256") is None:
                raise IndexUnusable(f"{name} changed after the manifest was written")
            if _file_digest(path) != expected.get("sha256"):
                raise IndexUnusable(f"{name} corrupt")
    return manifest


@dataclass
class Opened:
    """An open index: searcher, side store (vocabulary, spellings, typo table), and what it holds."""

    searcher: Any
    manifest: dict[str, Any]
    side: SideStore
    directory: Path | None
    storage: Any = None

    def check(self) -> None:
        """Before each use: every file still has the size it had (else mmap would fault: SIGBUS)."""
        if self.directory is None:
            return
        for name, expected in self.manifest.get("files", {}).items():
            try:
                size = os.stat(self.directory / name).st_size
            except OSError as error:
                raise IndexUnusable(f"{name} went away") from error
            if size != expected.get("size"):
                raise IndexUnusable(f"{name} changed size under a running search")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.searcher.close()
        self.side.close()


def _storage(directory: Path, readonly: bool) -> Any:
    # Readers map files (fast; guarded by Opened.check), writers never do.
    return FileStorage(str(directory), supports_mmap=readonly, readonly=readonly)  # type: ignore[no-untyped-call]


def open_verified(directory: Path) -> Opened:
    """Open a verified index read-only and probe it; any whoosh failure means unusable."""
    manifest = verify(directory)
    side = SideStore.open(directory / SIDE, writable=False)
    try:
        ix = _storage(directory, readonly=True).open_index()
        searcher = ix.searcher()
    except Exception as error:  # whoosh raises many types for damaged files
        side.close()
        raise IndexUnusable(f"whoosh cannot open it: {error}") from error
    if searcher.doc_count_all() != manifest.get("documents"):
        searcher.close()
        side.close()
        raise IndexUnusable("document count differs from manifest")
    return Opened(searcher, manifest, side, directory)


def build(root: Path, change: Change, progress: Callable[[int, int], None] | None = None) -> Path:
    """Build a complete index in a new directory under ``root`` and make it the live one.

    Readers of the old directory keep searching it until CURRENT names the new one.
    """
    root.mkdir(parents=True, exist_ok=True)
    tmp = root / f"{_TMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        storage = _storage(tmp, readonly=False)
        storage.create_index(schema())
        side = SideStore.create(tmp / SIDE)
        try:
            state, _stats = _apply(storage, side, {}, change, progress)
        finally:
            side.close()
        _fsync_file(tmp / SIDE)
        _write_manifest(tmp, state, _doc_count(storage))
        final = root / f"{_DIR_PREFIX}{uuid.uuid4().hex[:12]}"
        os.rename(tmp, final)
        _fsync_dir(root)
        _write_file(root / CURRENT, final.name.encode("ascii"))
        _fsync_dir(root)
        return final
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def update(directory: Path, manifest: dict[str, Any], change: Change) -> WriteStats:
    """Apply ``change`` to the live directory in place (the caller holds the lock).

    The manifest goes first and comes back last: an interrupted update is detected.
    """
    (directory / MANIFEST).unlink()
    _fsync_dir(directory)
    side = SideStore.open(directory / SIDE, writable=True)
    try:
        storage = _storage(directory, readonly=False)
        state = {k: manifest[k] for k in ("analyzer", "programmes", "cards")}
        state, stats = _apply(storage, side, state, change)
    finally:
        side.close()
    _fsync_file(directory / SIDE)
    _write_manifest(directory, state, _doc_count(storage), manifest.get("files"))
    return stats


def open_in_memory(change: Change) -> Opened:
    """A RAM index when the cache cannot be written (read-only disk, full disk)."""
    storage = RamStorage()  # type: ignore[no-untyped-call]
    storage.create_index(schema())  # type: ignore[no-untyped-call]
    side = SideStore.create(None)
    state, _stats = _apply(storage, side, {}, change)
    manifest = {"format": FORMAT, **state, "documents": _doc_count(storage), "files": {}}
    searcher = storage.open_index().searcher()  # type: ignore[no-untyped-call]
    return Opened(searcher, manifest, side, None, storage)


def clean_stale(root: Path, keep: Path | None) -> None:
    """Remove index directories other than ``keep`` and abandoned temporary builds."""
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if (keep is not None and entry.name == keep.name) or not entry.is_dir():
            continue
        if entry.name.startswith(_TMP_PREFIX):
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime < _STALE_TMP_SECONDS:
                    continue
        shutil.rmtree(entry, ignore_errors=True)

