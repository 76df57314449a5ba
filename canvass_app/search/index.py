"""The whoosh index on disk: schema, a few tiered segments, incremental updates, verified opening.

``<cache>/index/CURRENT`` names the live index directory. It holds the whoosh
files, ``vocabulary.sqlite`` (see :class:`SideStore`: indexed terms with their
document frequencies, overall and per programme, spellings per stem, the typo
table, every document's field lengths) and ``manifest.json``: the analyzer
version, which programme (by digest) and which cards (by digest) the index
holds, and the size, modification time and SHA-256 of every file.

A full build writes one segment (one per :data:`_SEGMENT_POSTINGS` postings: the
writer keeps its postings in memory, see :class:`_TermPool`). An import writes its
programme's documents into a new segment; a removal deletes them by term (whoosh marks them deleted,
nothing is rewritten); segments of about the same size are merged once there
are :data:`MERGE_FACTOR` of them, so their number stays logarithmic. Search
reads document frequencies and lengths from the side store and skips deleted
documents, so after any sequence of updates the index answers exactly as a
full rebuild would (same terms, same statistics, same scores).

A directory is used only when its manifest verifies and no file the manifest
does not list lies in it. An incremental update first deletes the manifest,
then changes the whoosh files and the side files, then writes the new
manifest: a process killed in between leaves a directory without manifest,
which is detected as damaged and rebuilt, never one that silently lacks a
programme.

whoosh reads through mmap; a file truncated under a running search would kill
the process with SIGBUS. So before every use :meth:`Opened.check` compares each
file's size with the manifest (one stat per file) and turns damage into
IndexUnusable, which the service answers with a rebuild. Writers never use mmap.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import sqlite3
import stat
import time
import uuid
import zlib
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
from canvass_app.search.analysis import (
    ANALYZER_VERSION,
    AnalyzedToken,
    GermanTokenizer,
    indexed_tokens,
)

MANIFEST = "manifest.json"
SIDE = "vocabulary.sqlite"
CURRENT = "CURRENT"
LOCK = "index.lock"
FORMAT = 6
# Format 5 kept each owner's counts row by row and typo rows by their text (49 MB at 10 MB of
# text, against 13 MB now); its whoosh files are the same. It is still opened for searching
# while its successor is built in the background, never updated in place.
_READABLE_FORMATS = (5, FORMAT)
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
        section=STORED(),
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
    # Compounds the text's cut words stand for (analysis.completions), indexed into the
    # word fields besides the text's own words.
    completions: tuple[AnalyzedToken, ...] = ()

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
CREATE TABLE IF NOT EXISTS terms (field TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL,
    PRIMARY KEY (field, term)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS owners (owner TEXT PRIMARY KEY, terms BLOB NOT NULL, surfaces BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS words (id INTEGER PRIMARY KEY, word TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS deletes (variant TEXT NOT NULL, word INTEGER NOT NULL,
    PRIMARY KEY (variant, word)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS surfaces (stem TEXT NOT NULL, surface TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (stem, surface)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS segments (segment TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS lengths (segment TEXT NOT NULL, field TEXT NOT NULL, data BLOB NOT NULL,
    PRIMARY KEY (segment, field)) WITHOUT ROWID;
"""


def _pack(value: Any) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(), 6)


def _unpack(data: bytes) -> Any:
    try:
        return json.loads(zlib.decompress(data))
    except (zlib.error, ValueError) as error:
        raise IndexUnusable(f"{SIDE} holds a damaged owner record") from error


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


def _typo_rows(terms: Iterable[str]) -> Iterator[tuple[str, str]]:
    for term in terms:
        if len(term) >= 4 and term.isalpha():
            for variant in _deletes(term):
                yield variant, term


class SideStore:
    """What search derives from the index and keeps with it, in ``vocabulary.sqlite``.

    Per field, every indexed term with its document frequency; per stem, its
    spellings with counts (for "Meinten Sie …?"); the typo table (each term, by an
    integer id, under each of its one-letter deletions); and per whoosh segment the
    length of each scored field in each document. Per owner (a programme, or the
    cards) one compressed record of its share of the term and spelling counts,
    read only when that owner is dropped, so that exactly its share is subtracted.
    Adding or dropping an owner changes only what that owner holds, so an update
    costs what the programme holds, not what the index holds. Typo rows of removed
    terms may linger; readers keep only candidates the index still holds.
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection
        self._words: set[str] | None = None  # read once by the first add_owners
        self._next_word = 1
        # An index of format 5 (see _READABLE_FORMATS) kept its typo rows by text.
        self._typo_sql = (
            "SELECT words.word FROM deletes JOIN words ON words.id = deletes.word WHERE deletes.variant IN ({})"
            if connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'words'").fetchone()
            else "SELECT term FROM deletes WHERE variant IN ({})"
        )

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
                db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            db.execute("SELECT count(*) FROM segments").fetchone()
            return cls(db)
        except sqlite3.Error as error:
            raise IndexUnusable(f"{path.name} unreadable: {error}") from error

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    # reading
    def df(self, fieldname: str, term: str) -> int:
        row = self.db.execute("SELECT df FROM terms WHERE field = ? AND term = ?", [fieldname, term]).fetchone()
        return 0 if row is None else int(row[0])

    def dfs(self, fieldname: str, terms: Iterable[str]) -> dict[str, int]:
        """:meth:`df` of many terms of one field at once (0 for a term not indexed)."""
        wanted = sorted(set(terms))
        found = dict.fromkeys(wanted, 0)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT term, df FROM terms WHERE field = ? AND term IN ({marks})"
            found.update((str(term), int(df)) for term, df in self.db.execute(sql, [fieldname, *chunk]))
        return found

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
            found.update(row[0] for row in self.db.execute(self._typo_sql.format(marks), chunk))
        return found

    def segments(self) -> set[str]:
        return {str(row[0]) for row in self.db.execute("SELECT segment FROM segments")}

    def lengths(self, fieldname: str) -> dict[str, array[int]]:
        """Per segment, the length of ``fieldname`` in each document (kept at write time)."""
        found: dict[str, array[int]] = {}
        for segment, data in self.db.execute("SELECT segment, data FROM lengths WHERE field = ?", [fieldname]):
            values: array[int] = array("I")
            values.frombytes(data)
            found[str(segment)] = values
        return found

    # writing (the caller commits)
    def add_owners(
        self,
        owners: Sequence[tuple[str, Mapping[str, Mapping[str, int]], Mapping[tuple[str, str], int]]],
    ) -> None:
        """Count these owners' documents in: per owner, ``terms`` per field maps a term to its
        document frequency, ``surfaces`` a (stem, spelling) pair to its count."""
        db = self.db
        totals: dict[str, Counter[str]] = {}
        spellings: Counter[tuple[str, str]] = Counter()
        records = []
        for owner, terms, surfaces in owners:
            for fieldname, field_terms in terms.items():
                totals.setdefault(fieldname, Counter()).update(field_terms)
            spellings.update(surfaces)
            records.append(
                (
                    owner,
                    _pack({f: dict(t) for f, t in terms.items()}),
                    _pack(sorted([stem, surface, n] for (stem, surface), n in surfaces.items())),
                )
            )
        db.executemany("INSERT INTO owners VALUES (?, ?, ?)", records)  # an owner is dropped before it is added again
        for fieldname, field_totals in totals.items():
            db.executemany(
                "INSERT INTO terms VALUES (?, ?, ?) ON CONFLICT (field, term) DO UPDATE SET df = df + excluded.df",
                [(fieldname, t, df) for t, df in field_totals.items()],
            )
        # Typo rows for words not met before (those of removed words linger, see above).
        if self._words is None:
            self._words = {str(row[0]) for row in db.execute("SELECT word FROM words")}
            row = db.execute("SELECT max(id) FROM words").fetchone()
            self._next_word = 1 if row is None or row[0] is None else int(row[0]) + 1
        new = sorted({t for f in ("text", "heading") for t in totals.get(f, ())} - self._words)
        ids = {word: self._next_word + n for n, word in enumerate(new)}
        self._next_word += len(new)
        self._words.update(new)
        db.executemany("INSERT INTO words VALUES (?, ?)", [(i, w) for w, i in ids.items()])
        db.executemany(
            "INSERT OR IGNORE INTO deletes VALUES (?, ?)",
            sorted((variant, ids[word]) for variant, word in _typo_rows(new)),
        )
        db.executemany(
            "INSERT INTO surfaces VALUES (?, ?, ?) ON CONFLICT (stem, surface) DO UPDATE SET n = n + excluded.n",
            [(stem, surface, n) for (stem, surface), n in spellings.items()],
        )

    def remove_owner(self, owner: str) -> None:
        """Subtract exactly what :meth:`add_owners` counted in for ``owner``."""
        db = self.db
        row = db.execute("SELECT terms, surfaces FROM owners WHERE owner = ?", [owner]).fetchone()
        if row is None:
            return
        terms, surfaces = _unpack(row[0]), _unpack(row[1])
        rows = [(df, fieldname, t) for fieldname, field_terms in terms.items() for t, df in field_terms.items()]
        db.executemany("UPDATE terms SET df = df - ? WHERE field = ? AND term = ?", rows)
        db.executemany("DELETE FROM terms WHERE field = ? AND term = ? AND df <= 0", (r[1:] for r in rows))
        rows = [(n, stem, surface) for stem, surface, n in surfaces]
        db.executemany("UPDATE surfaces SET n = n - ? WHERE stem = ? AND surface = ?", rows)
        db.executemany("DELETE FROM surfaces WHERE stem = ? AND surface = ? AND n <= 0", (r[1:] for r in rows))
        db.execute("DELETE FROM owners WHERE owner = ?", [owner])

    def set_segments(self, lengths: Callable[[str], Mapping[str, array[int]]], live: Iterable[str]) -> None:
        """Keep field lengths for exactly the ``live`` segments, reading ``lengths`` only for new ones."""
        db = self.db
        live = set(live)
        known = self.segments()
        for gone in known - live:
            db.execute("DELETE FROM lengths WHERE segment = ?", [gone])
            db.execute("DELETE FROM segments WHERE segment = ?", [gone])
        for segment in sorted(live - known):
            db.execute("INSERT INTO segments VALUES (?)", [segment])
            db.executemany(
                "INSERT INTO lengths VALUES (?, ?, ?)",
                ((segment, f, v.tobytes()) for f, v in lengths(segment).items()),
            )


# --- writing ----------------------------------------------------------------------

# A full build or a batch of imports goes into one segment; segments of about the same
# size are merged once there are this many, so their number stays logarithmic.
MERGE_FACTOR = 6
# A segment whose documents are mostly deleted is written anew without them.
_DELETED_SHARE = 0.5


class _PreloadedLengths:
    """A new segment's per-document reader whose length columns are read whole, once.

    whoosh looks up a document's field length for every posting it writes, one
    file read each; a list lookup does the same for a fraction of the cost.
    """

    def __init__(self, reader: Any) -> None:
        self._reader = reader

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)

    def doc_field_length_reader(self, fieldname: str, default: int = 0) -> Callable[[int], int | None]:
        slow: Callable[[int], int | None] = self._reader.doc_field_length_reader(fieldname, default)
        try:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
            from whoosh.util.numeric import byte_to_length

            column = self._reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)  # type: ignore[no-untyped-call]
            if column is None or column._fixedlen != 1:
                return slow
            data = column._dbfile.get(column._basepos, column._count)
        except (AttributeError, ImportError):  # another whoosh: its own lookups
            return slow
        values = [byte_to_length(b) if b else None for b in data]
        count = len(values)
        return lambda docnum: values[docnum] if docnum < count else None


class _TermPool:
    """whoosh's posting pool kept in memory as one list per term.

    whoosh's own pool collects every posting as a tuple, sorts them all and, past
    its memory limit, pickles them into runs on disk and merges those back: most of
    a build. Here a posting is appended to its term's list (documents arrive in
    ascending order) and only the terms are sorted. A term's list is flat (document,
    weight, value, document, …): no object per posting. The writer bounds the
    pool's size by starting a new segment (see :data:`_SEGMENT_POSTINGS`).
    """

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], list[Any]] = {}
        self.fieldnames: set[str] = set()
        self.count = 0
        self.merged = False

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """whoosh's entry, used for the postings of segments merged in (after the new documents')."""
        self.merged = True
        self.append(item)

    def append(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        fieldname, tbytes, docnum, weight, value = item
        self.count += 1
        postings = self.terms.get((fieldname, tbytes))
        if postings is None:
            self.terms[(fieldname, tbytes)] = [docnum, weight, value]
            self.fieldnames.add(fieldname)
        else:
            postings += (docnum, weight, value)

    def iter_postings(self) -> Iterator[tuple[str, bytes, int, float, bytes | None]]:
        terms = self.terms
        merged = self.merged
        for key in sorted(terms):
            fieldname, tbytes = key
            flat = iter(terms[key])
            postings: Iterable[tuple[int, float, bytes | None]] = zip(flat, flat, flat, strict=True)
            if merged:
                postings = sorted(postings, key=_docnum)
            for docnum, weight, value in postings:
                yield fieldname, tbytes, docnum, weight, value

    def save(self) -> None:
        """whoosh asks its pool to flush runs to disk; this one holds nothing on disk."""

    def cleanup(self) -> None:
        self.terms.clear()
        self.count = 0


def _docnum(posting: tuple[int, float, bytes | None]) -> int:
    return posting[0]


# The side store counts owners in by this many (their counts are held in memory until then).
_SIDE_BATCH = 16

# Weights of the fast path (a term's count in a document), one float object each.
_WEIGHTS = tuple(float(n) for n in range(256))


# A new segment is started once the pool holds this many postings (about 100 bytes
# each in memory): a 10 MB library has about 1.5 million.
_SEGMENT_POSTINGS = 3_000_000


# Each indexed field's analyzer form (see schema()).
_FIELD_FORMS = {"text": "stem", "heading": "stem", "exact": "folded"}


class _FastDocuments:
    """Adds a :class:`Document` to a whoosh segment writer without whoosh's per-token work.

    whoosh analyses each field through a token stream, one Python object per token,
    and groups the tokens per term; here the (cached) analysis is grouped directly
    and the postings are encoded exactly as whoosh's ``Positions`` and ``Frequency``
    formats encode them (a test compares both byte for byte). The same grouping
    gives the side store its counts. Any field not of the expected kind is left to
    whoosh's own ``add_document``.
    """

    def __init__(self, writer: Any) -> None:
        from whoosh import formats

        self.writer = writer
        schema = writer.schema
        self.fieldnames = sorted(schema.names())
        self.fast = all(
            schema[name].format.__class__ in (formats.Positions, formats.Frequency)
            and schema[name].analyzer == GermanTokenizer(form)
            and not schema[name].vector
            and not schema[name].column_type
            and not schema[name].separate_spelling()
            and getattr(schema[name].format, "field_boost", None) == 1.0
            for name, form in _FIELD_FORMS.items()
        ) and all(not schema[name].vector and not schema[name].column_type for name in self.fieldnames)
        self._positions = {name: isinstance(schema[name].format, formats.Positions) for name in _FIELD_FORMS}
        # Encoded one-position lists by position, and counts by count: one object each, which
        # pickle (whoosh's posting blocks) then writes once per block, not once per posting.
        self._single: dict[int, bytes] = {}
        self._counts: dict[int, bytes] = {}
        self._keywords: dict[tuple[str, Any], list[tuple[bytes, int, float, bytes]]] = {}

    def add(self, document: Document, terms: dict[str, Counter[str]], surfaces: Counter[tuple[str, str]]) -> None:
        """Write ``document`` and count its terms (per field, one per document) and spellings."""
        text = indexed_tokens(document.text)
        if document.completions:
            # In order of position: whoosh stores positions as deltas.
            text = tuple(sorted(text + document.completions, key=lambda t: t.pos))
        heading = indexed_tokens(document.heading) if document.heading else ()
        exact = indexed_tokens(document.exact) if document.exact else text
        surfaces.update((t.stem, t.surface) for t in text if not t.joined)
        surfaces.update((t.stem, t.surface) for t in heading if not t.joined)
        if not self.fast:
            for fieldname, tokens in (("text", text), ("heading", heading), ("exact", exact)):
                terms[fieldname].update({getattr(t, _FIELD_FORMS[fieldname]) for t in tokens})
            self.writer.add_document(**document.fields())
            return
        grouped = {"text": _group(text, "stem"), "heading": _group(heading, "stem"), "exact": _group(exact, "folded")}
        for fieldname, by_term in grouped.items():
            terms[fieldname].update(by_term.keys())
        self._write(document.fields(), grouped)

    def _write(self, values: dict[str, Any], grouped: dict[str, dict[str, list[int]]]) -> None:
        # whoosh.writing.SegmentWriter.add_document, for this schema.
        from whoosh.system import pack_uint

        writer = self.writer
        writer._check_state()
        perdoc = writer.perdocwriter
        schema = writer.schema
        docnum = writer.docnum
        pool = writer.pool
        add_post = pool.append
        pooled = pool.terms
        added = 0
        single = self._single
        counts = self._counts
        memo = self._keywords
        perdoc.start_doc(docnum)
        try:
            for fieldname in self.fieldnames:
                value = values.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                by_term = grouped.get(fieldname)
                if by_term is not None:
                    with_positions = self._positions[fieldname]
                    for term, poses in by_term.items():
                        n = len(poses)
                        length += n
                        if not with_positions:
                            encoded = counts.get(n)
                            if encoded is None:
                                encoded = counts[n] = pack_uint(n)
                        elif n == 1:
                            encoded = single.get(poses[0])
                            if encoded is None:
                                encoded = single[poses[0]] = _encode_positions(poses)
                        else:
                            encoded = _encode_positions(poses)
                        key = (fieldname, term.encode("utf-8"))
                        weight = _WEIGHTS[n] if n < 256 else float(n)
                        postings = pooled.get(key)
                        if postings is None:
                            pooled[key] = [docnum, weight, encoded]
                        else:
                            postings += (docnum, weight, encoded)
                    added += len(by_term)
                elif field.indexed:
                    # Keyword fields (type, programme) repeat their few values: whoosh's items, memoised.
                    items = memo.get((fieldname, value)) if not field.unique else None
                    if items is None:
                        items = list(field.index(value))
                        if not field.unique:
                            memo[(fieldname, value)] = items
                    for tbytes, freq, weight, vbytes in items:
                        if field.scorable:
                            length += freq
                        add_post((fieldname, tbytes, docnum, weight, vbytes))
                perdoc.add_field(fieldname, field, value if field.stored else None, length)
        except ValueError:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        pool.count += added
        writer._added = True
        writer.docnum += 1


def _group(tokens: Sequence[Any], form: str) -> dict[str, list[int]]:
    """Each term of ``tokens`` (in form ``form``) with its positions, in order of first occurrence."""
    found: dict[str, list[int]] = {}
    for token in tokens:
        term = token.stem if form == "stem" else token.folded
        poses = found.get(term)
        if poses is None:
            found[term] = [token.pos]
        else:
            poses.append(token.pos)
    return found


def _encode_positions(poses: list[int]) -> bytes:
    """What whoosh's ``Positions.encode`` writes for these positions."""
    from pickle import dumps

    from whoosh.system import pack_uint

    deltas = []
    base = 0
    for pos in poses:
        deltas.append(pos - base)
        base = pos
    return pack_uint(len(deltas)) + dumps(deltas, 2)


def _writer(ix: Any) -> Any:
    """A whoosh writer whose postings stay in memory (:class:`_TermPool`) and which reads lengths whole."""
    writer = ix.writer()
    writer.pool.cleanup()
    writer.pool = _TermPool()
    own = type(writer).per_document_reader
    writer.per_document_reader = lambda: _PreloadedLengths(own(writer))
    return writer


def _drop_empty(writer: Any, segments: list[Any]) -> list[Any]:
    """whoosh merge policy: keep every segment as it is, except those whose documents are all deleted."""
    return [s for s in segments if s.doc_count() > 0]


def _tier(segment: Any) -> int:
    return int(math.log(max(1, int(segment.doc_count())), MERGE_FACTOR))


def _tiered(writer: Any, segments: list[Any]) -> list[Any]:
    """whoosh merge policy: drop empty segments; merge the smallest tier once it holds
    ``MERGE_FACTOR`` segments (with everything smaller), and any mostly deleted segment."""
    from whoosh.reading import SegmentReader

    live = [s for s in segments if s.doc_count() > 0]
    doomed = {
        s.segment_id() for s in live if s.doc_count() < (1 - _DELETED_SHARE) * s.doc_count_all()
    }
    by_tier: dict[int, list[Any]] = {}
    for segment in live:
        by_tier.setdefault(_tier(segment), []).append(segment)
    for tier in sorted(by_tier):
        if len(by_tier[tier]) >= MERGE_FACTOR:
            doomed |= {s.segment_id() for s in live if _tier(s) <= tier}
            break
    kept = []
    for segment in live:
        if segment.segment_id() in doomed:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
        else:
            kept.append(segment)
    return kept


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
    segments_merged: int = 0


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

    def _follow_segments(self) -> None:
        """The side store's field lengths for exactly the segments now live (read for new ones only)."""
        live = self.segments()
        self.side.set_segments(lambda s: _segment_lengths(self.storage, self.ix, live[s]), live)

    def remove(self, ids: set[str], cards: bool) -> None:
        """Delete the documents of these programmes (and perhaps the cards') by term: no segment is rewritten."""
        if not ids and not cards:
            return
        writer = self.ix.writer()
        try:
            for programme_id in sorted(ids):
                writer.delete_by_term("programme", programme_id)
            if cards:
                writer.delete_by_term("type", "card")
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=_drop_empty)
        for owner in sorted(ids) + ([_CARDS] if cards else []):
            self.side.remove_owner(owner)
        self.stats.deleted_programmes.extend(sorted(ids))
        self._follow_segments()

    def add(
        self,
        batch: Sequence[tuple[str, Callable[[], list[Document]]]],
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Write the documents of these owners into a new segment (merging small segments as due).

        A batch bigger than :data:`_SEGMENT_POSTINGS` postings goes into several segments.
        ``progress`` hears (owners done, owners + 1): writing the last segment is the last step.
        """
        if not batch:
            return
        before = set(self.segments())
        writer = _writer(self.ix)
        adder = _FastDocuments(writer)
        counted: list[tuple[str, dict[str, Counter[str]], Counter[tuple[str, str]]]] = []
        written = len(self.stats.added)
        in_segment = written
        try:
            for done, (owner, documents) in enumerate(batch, start=1):
                terms: dict[str, Counter[str]] = {f: Counter() for f in _INDEXED_FIELDS}
                surfaces: Counter[tuple[str, str]] = Counter()
                for document in documents():
                    adder.add(document, terms, surfaces)
                    self.stats.added.append(document.id)
                counted.append((owner, terms, surfaces))
                if len(counted) >= _SIDE_BATCH:
                    # Counted in as we go: held until the end, every owner's counts would
                    # make the build's memory grow with the library.
                    self.side.add_owners(counted)
                    counted = []
                if progress is not None:
                    progress(done, len(batch) + 1)
                if writer.pool.count > _SEGMENT_POSTINGS and done < len(batch):
                    writer.commit(mergetype=_drop_empty)
                    self.stats.segments_written += 1
                    in_segment = len(self.stats.added)
                    self.ix = self.storage.open_index()
                    writer = _writer(self.ix)
                    adder = _FastDocuments(writer)
        except BaseException:
            writer.cancel()
            raise
        if len(self.stats.added) == written:
            writer.cancel()  # no owner had a document
            return
        if len(self.stats.added) == in_segment:
            writer.cancel()  # the owners after the last segment written had no documents
        else:
            writer.commit(mergetype=_tiered)
            self.stats.segments_written += 1
        self.stats.segments_merged += len(before - set(self.segments()))
        self.side.add_owners(counted)
        self._follow_segments()
        if progress is not None:
            progress(len(batch) + 1, len(batch) + 1)


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
    batch: list[tuple[str, Callable[[], list[Document]]]] = []
    for programme_id in sorted(change.programmes):
        digest, documents = change.programmes[programme_id]
        batch.append((programme_id, documents))
        programmes[programme_id] = digest
    if change.cards is not None:
        card_digests, card_documents = change.cards
        batch.append((_CARDS, lambda: card_documents))
        cards = dict(card_digests)
    writer.add(batch, progress)
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
    # Live documents, from the segment list alone: ix.doc_count() would open a reader per segment.
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


def outdated(manifest: Mapping[str, Any]) -> bool:
    """Whether a verified index is of an older format: searchable, but to be rebuilt, not updated."""
    return manifest.get("format") != FORMAT


def verify(directory: Path) -> dict[str, Any]:
    """The manifest of a complete, uncorrupted index; raises IndexUnusable otherwise.

    A file whose size and modification time are as listed is taken as written
    (one stat, so opening costs no more as the library grows); any other is
    read and its SHA-256 compared.
    """
    manifest = _load_json(directory / MANIFEST, _MAX_MANIFEST_BYTES)
    if not isinstance(manifest, dict) or manifest.get("format") not in _READABLE_FORMATS:
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
    if searcher.doc_count() != manifest.get("documents"):
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
    if outdated(manifest):
        raise IndexUnusable("index of an older format: rebuilt, never updated")
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

