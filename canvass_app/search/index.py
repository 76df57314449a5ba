"""The whoosh index on disk: schema, one segment per programme, incremental updates, verified opening.

``<cache>/index/CURRENT`` names the live index directory. It holds the whoosh
files (one segment per programme, one for the cards), ``vocabulary.json`` (for
every indexed term the number of segments holding it, and the spellings of
each stem with their counts), ``typo.sqlite`` (the typo table: each term under
each of its one-letter deletions) and ``manifest.json``: the analyzer version,
which programme (by digest) and which cards (by digest) the index holds, and
the size and SHA-256 of every file.

A directory is used only when its manifest verifies and no file the manifest
does not list lies in it. An incremental update first deletes the manifest,
then changes the whoosh files and the side files, then writes the new
manifest: a process killed in between leaves a directory without manifest,
which is detected as damaged and rebuilt, never one that silently lacks a
programme. Removing a programme drops its whole segment, so after any sequence
of updates the index holds exactly what a full rebuild would write (same terms,
same statistics, same scores).

whoosh reads through mmap by default; a file truncated under a running search
would kill the process with SIGBUS. Files are read without mmap here, so damage
shows up as an exception the service answers with a rebuild.
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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage

from canvass_app.search.analysis import ANALYZER_VERSION, GermanTokenizer, analyze_cached

MANIFEST = "manifest.json"
VOCABULARY = "vocabulary.json"
TYPO = "typo.sqlite"
CURRENT = "CURRENT"
LOCK = "index.lock"
FORMAT = 2
_TMP_PREFIX = ".tmp-"
_DIR_PREFIX = "ix-"
# Temporary directories younger than this may belong to another process still building.
_STALE_TMP_SECONDS = 600
# No manifest we write comes near this; a bigger or deeper one is damage, not data.
_MAX_MANIFEST_BYTES = 8 << 20
_MAX_VOCABULARY_BYTES = 1 << 30
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

    def fields(self) -> dict[str, Any]:
        return {
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
    """A regular file's bytes, at most ``limit``; devices, FIFOs and oversized files are refused."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as error:
        raise IndexUnusable(f"{path.name} unreadable: {error.strerror}") from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise IndexUnusable(f"{path.name} is not a regular file")
        if info.st_size > limit:
            raise IndexUnusable(f"{path.name} is too large")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise IndexUnusable(f"{path.name} is too large")
        return b"".join(chunks)
    finally:
        os.close(fd)


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


class Vocabulary:
    """Terms with the number of segments holding them, and spellings per stem (persisted)."""

    def __init__(self, terms: dict[str, dict[str, int]], surfaces: dict[str, dict[str, int]]) -> None:
        self.terms = terms
        self.surfaces = surfaces

    @classmethod
    def empty(cls) -> Vocabulary:
        return cls({f: {} for f in _INDEXED_FIELDS}, {})

    def sorted_terms(self, fieldname: str) -> list[str]:
        return sorted(self.terms.get(fieldname, {}))

    def best_surfaces(self) -> dict[str, str]:
        """For each stem, the spelling seen most often (ties: the first in sort order)."""
        return {
            stem: min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
            for stem, counts in self.surfaces.items()
            if counts
        }

    def add(self, segment_terms: Mapping[str, Iterable[str]], surfaces: Mapping[str, Mapping[str, int]]) -> list[str]:
        """Count one more segment's terms in; returns the stems new to the index."""
        new: list[str] = []
        for fieldname, terms in segment_terms.items():
            counts = self.terms.setdefault(fieldname, {})
            for term in terms:
                before = counts.get(term, 0)
                counts[term] = before + 1
                if before == 0 and fieldname != "exact":
                    new.append(term)
        for stem, spellings in surfaces.items():
            mine = self.surfaces.setdefault(stem, {})
            for spelling, n in spellings.items():
                mine[spelling] = mine.get(spelling, 0) + n
        return new

    def remove(self, segment_terms: Mapping[str, Iterable[str]], surfaces: Mapping[str, Mapping[str, int]]) -> None:
        for fieldname, terms in segment_terms.items():
            counts = self.terms.setdefault(fieldname, {})
            for term in terms:
                left = counts.get(term, 0) - 1
                if left > 0:
                    counts[term] = left
                else:
                    counts.pop(term, None)
        for stem, spellings in surfaces.items():
            mine = self.surfaces.get(stem)
            if mine is None:
                continue
            for spelling, n in spellings.items():
                left = mine.get(spelling, 0) - n
                if left > 0:
                    mine[spelling] = left
                else:
                    mine.pop(spelling, None)
            if not mine:
                del self.surfaces[stem]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def _typo_rows(terms: Iterable[str]) -> Iterator[tuple[str, str]]:
    for term in terms:
        if len(term) >= 4 and term.isalpha():
            for variant in _deletes(term):
                yield variant, term


def _typo_add(directory: Path | None, connection: sqlite3.Connection | None, terms: Iterable[str]) -> None:
    own = connection is None
    assert directory is not None or connection is not None
    db = connection or sqlite3.connect(directory / TYPO)  # type: ignore[operator]
    try:
        db.execute(
            "CREATE TABLE IF NOT EXISTS deletes (variant TEXT NOT NULL, term TEXT NOT NULL, "
            "PRIMARY KEY (variant, term)) WITHOUT ROWID"
        )
        db.executemany("INSERT OR IGNORE INTO deletes VALUES (?, ?)", _typo_rows(terms))
        db.commit()
    finally:
        if own:
            db.close()


class TypoTable:
    """Terms one deletion away from a word, read from ``typo.sqlite`` (no table built per process).

    Terms of removed programmes may linger in the table; callers keep only
    candidates the index still holds.
    """

    def __init__(self, directory: Path | None, memory: dict[str, list[str]] | None = None) -> None:
        self._path = directory / TYPO if directory is not None else None
        self._memory = memory
        self._db: sqlite3.Connection | None = None

    def __call__(self, variants: Iterable[str]) -> set[str]:
        wanted = sorted(set(variants))
        if self._memory is not None:
            return {t for v in wanted for t in self._memory.get(v, ())}
        if self._db is None:
            assert self._path is not None
            self._db = sqlite3.connect(f"{self._path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self._db.execute(f"SELECT term FROM deletes WHERE variant IN ({marks})", chunk)
            )
        return found

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None


# --- writing ----------------------------------------------------------------------


def _count_surfaces(counts: dict[str, Counter[str]], text: str) -> None:
    for token in analyze_cached(text):
        if not token.joined:
            counts.setdefault(token.stem, Counter())[token.surface] += 1


def _drop_empty(writer: Any, segments: list[Any]) -> list[Any]:
    """whoosh merge policy: keep every segment as it is, except those whose documents are all deleted."""
    return [s for s in segments if s.doc_count() > 0]


def _segment_terms(storage: Any, ix: Any, segment: Any) -> dict[str, list[str]]:
    from whoosh.reading import SegmentReader

    reader = SegmentReader(storage, ix.schema, segment)
    try:
        return {
            f: [t.decode("utf-8") for t in reader.lexicon(f)] for f in _INDEXED_FIELDS
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
    """Applies changes to one index (on disk or in RAM), keeping the vocabulary and typo table in step."""

    def __init__(
        self,
        storage: Any,
        directory: Path | None,
        vocabulary: Vocabulary,
        segments: dict[str, Any],
        typo_memory: dict[str, list[str]] | None,
    ) -> None:
        self.storage = storage
        self.directory = directory
        self.vocabulary = vocabulary
        self.typo_memory = typo_memory
        self.stats = WriteStats()
        self.owners, self.segment_surfaces = _split_side(segments)
        self.ix = storage.open_index()

    def segments(self) -> dict[str, Any]:
        self.ix = self.storage.open_index()
        return {s.segment_id(): s for s in self.ix._segments()}

    def remove(self, ids: set[str], cards: bool) -> None:
        """Delete the programmes' (and perhaps the cards') documents; their segments drop out whole."""
        if not ids and not cards:
            return
        for segment_id, segment in self.segments().items():
            owner = self.owners.get(segment_id)
            if owner is not None and (owner in ids or (cards and owner == _CARDS)):
                self.vocabulary.remove(
                    _segment_terms(self.storage, self.ix, segment),
                    self.segment_surfaces.get(segment_id, {}),
                )
        writer = self.ix.writer()
        try:
            for programme_id in sorted(ids):
                writer.delete_by_term("programme", programme_id)
                self.stats.deleted_programmes.append(programme_id)
            if cards:
                writer.delete_by_term("type", "card")
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=_drop_empty)
        live = set(self.segments())
        for segment_id in [s for s in self.owners if s not in live]:
            self.owners.pop(segment_id, None)
            self.segment_surfaces.pop(segment_id, None)

    def add(self, owner: str, documents: list[Document]) -> None:
        """Write one segment holding ``documents``."""
        if not documents:
            return
        before = set(self.segments())
        counts: dict[str, Counter[str]] = {}
        writer = self.ix.writer(limitmb=256)
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
        surfaces = {stem: dict(c) for stem, c in counts.items()}
        new_terms = self.vocabulary.add(_segment_terms(self.storage, self.ix, after[segment_id]), surfaces)
        self.segment_surfaces[segment_id] = surfaces
        self.owners[segment_id] = owner
        if self.typo_memory is not None:
            for variant, term in _typo_rows(new_terms):
                self.typo_memory.setdefault(variant, []).append(term)
        else:
            _typo_add(self.directory, None, new_terms)

    def side(self) -> dict[str, Any]:
        return {
            s: {"owner": self.owners[s], "surfaces": self.segment_surfaces.get(s, {})}
            for s in self.owners
        }


# The per-segment side data (owner and spellings) lives in the vocabulary file too.
def _split_side(data: Any) -> tuple[dict[str, str], dict[str, dict[str, dict[str, int]]]]:
    if not isinstance(data, dict):
        raise IndexUnusable("segments malformed")
    owners = {str(k): str(v["owner"]) for k, v in data.items()}
    surfaces = {str(k): dict(v["surfaces"]) for k, v in data.items()}
    return owners, surfaces


def _apply(storage: Any, directory: Path | None, state: dict[str, Any], change: Change,
           vocabulary: Vocabulary, segments: dict[str, Any],
           typo_memory: dict[str, list[str]] | None,
           progress: Callable[[int, int], None] | None = None) -> tuple[dict[str, Any], Vocabulary, dict[str, Any], WriteStats]:
    """Apply ``change`` to an index; returns its new state, vocabulary and segment table."""
    writer = _Writer(storage, directory, vocabulary, segments, typo_memory)
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
    new_state = {"analyzer": ANALYZER_VERSION, "programmes": programmes, "cards": cards}
    new_segments = writer.side()
    if observer is not None:
        observer(writer.stats)
    return new_state, writer.vocabulary, new_segments, writer.stats


def _write_side_files(directory: Path, vocabulary: Vocabulary, segments: dict[str, Any]) -> None:
    data = json.dumps(
        {"terms": vocabulary.terms, "surfaces": vocabulary.surfaces, "segments": segments},
        ensure_ascii=False,
    ).encode()
    _write_file(directory / VOCABULARY, data)


def _load_side_files(directory: Path) -> tuple[Vocabulary, dict[str, Any]]:
    data = _load_json(directory / VOCABULARY, _MAX_VOCABULARY_BYTES)
    try:
        terms = {f: dict(data["terms"][f]) for f in _INDEXED_FIELDS}
        surfaces = dict(data["surfaces"])
        segments = dict(data["segments"])
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise IndexUnusable("vocabulary malformed") from error
    return Vocabulary(terms, surfaces), segments


def _tracked(path: Path) -> bool:
    """Files the manifest lists: everything but itself, whoosh's lock file and our temporaries."""
    name = path.name
    return (
        name != MANIFEST
        and not name.startswith(".")
        and not name.endswith("WRITELOCK")
        and not path.is_dir()
    )


def _write_manifest(directory: Path, state: dict[str, Any], documents: int) -> None:
    files = {
        p.name: {"size": p.stat().st_size, "sha256": _file_digest(p)}
        for p in sorted(directory.iterdir())
        if _tracked(p)
    }
    manifest = {"format": FORMAT, **state, "documents": documents, "files": files}
    _write_file(directory / MANIFEST, json.dumps(manifest, indent=1).encode())
    _fsync_dir(directory)


def _doc_count(storage: Any) -> int:
    ix = storage.open_index()
    try:
        return int(ix.doc_count())
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
    """The manifest of a complete, uncorrupted index; raises IndexUnusable otherwise."""
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
        if _file_digest(path) != expected.get("sha256"):
            raise IndexUnusable(f"{name} corrupt")
    return manifest


@dataclass
class Opened:
    """An open index: searcher, persisted vocabulary and typo table, and what it holds."""

    searcher: Any
    manifest: dict[str, Any]
    vocabulary: Vocabulary
    typo: TypoTable
    directory: Path | None
    segments: dict[str, Any] = field(default_factory=dict)
    storage: Any = None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.searcher.close()
        self.typo.close()


def _storage(directory: Path, readonly: bool) -> Any:
    # No mmap: a file truncated underneath must raise, not kill the process (SIGBUS).
    return FileStorage(str(directory), supports_mmap=False, readonly=readonly)  # type: ignore[no-untyped-call]


def open_verified(directory: Path) -> Opened:
    """Open a verified index read-only and probe it; any whoosh failure means unusable."""
    manifest = verify(directory)
    vocabulary, segments = _load_side_files(directory)
    try:
        ix = _storage(directory, readonly=True).open_index()
        searcher = ix.searcher()
    except Exception as error:  # whoosh raises many types for damaged files
        raise IndexUnusable(f"whoosh cannot open it: {error}") from error
    if searcher.doc_count_all() != manifest.get("documents"):
        searcher.close()
        raise IndexUnusable("document count differs from manifest")
    return Opened(searcher, manifest, vocabulary, TypoTable(directory), directory, segments)


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
        _typo_add(tmp, None, [])
        state, vocabulary, segments, _stats = _apply(
            storage, tmp, {}, change, Vocabulary.empty(), {}, None, progress
        )
        _write_side_files(tmp, vocabulary, segments)
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
    vocabulary, segments = _load_side_files(directory)
    (directory / MANIFEST).unlink()
    _fsync_dir(directory)
    storage = _storage(directory, readonly=False)
    state = {k: manifest[k] for k in ("analyzer", "programmes", "cards")}
    state, vocabulary, segments, stats = _apply(storage, directory, state, change, vocabulary, segments, None)
    _write_side_files(directory, vocabulary, segments)
    _write_manifest(directory, state, _doc_count(storage))
    return stats


def open_in_memory(change: Change) -> Opened:
    """A RAM index when the cache cannot be written (read-only disk, full disk)."""
    storage = RamStorage()  # type: ignore[no-untyped-call]
    storage.create_index(schema())  # type: ignore[no-untyped-call]
    typo: dict[str, list[str]] = {}
    state, vocabulary, segments, _stats = _apply(storage, None, {}, change, Vocabulary.empty(), {}, typo)
    manifest = {"format": FORMAT, **state, "documents": _doc_count(storage), "files": {}}
    searcher = storage.open_index().searcher()  # type: ignore[no-untyped-call]
    return Opened(searcher, manifest, vocabulary, TypoTable(None, typo), None, segments, storage)


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

