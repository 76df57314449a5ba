"""NoteStore: personal notes in `<data_dir>/notes.db` (sqlite-utils), one durable transaction per change.

Durability: WAL with ``synchronous=FULL`` and one ``BEGIN IMMEDIATE``
transaction per change, so a method that returned has its change on disk and
a process killed at any instant leaves the file consistent. A busy timeout
lets two programs write at once; both succeed.

Privacy: note text is never logged and never put into an error message.
``delete`` removes the row and rebuilds the search index with
``secure_delete`` on, truncates the WAL and refreshes every copy the store
keeps, so the words are gone from every file.

Undo for the session: ``delete`` returns the deleted :class:`Note`; keep it
in memory and pass it to :meth:`NoteStore.restore` to bring it back unchanged
(same ID, text, times and revision). Once the session ends the deletion is final.

The store opens its file lazily on first use, and a read on a data directory
without notes creates nothing.
"""

from __future__ import annotations

import builtins
import contextlib
import dataclasses
import difflib
import json
import re
import sqlite3
import threading
import uuid
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

import sqlite_utils

from canvass_app.errors import CanvassError
from canvass_app.notes import database
from canvass_app.notes.exchange import conflict_copy_id, read_export, write_export
from canvass_app.notes.model import (
    TARGET_TYPES,
    ImportReport,
    Note,
    ReattachReport,
    Target,
    new_revision,
    normalise_note_id,
    normalise_tags,
    tags_problem,
    text_problem,
    utc_now,
)

# A changed passage keeps its notes when at least this similar to the text the note was written on.
REATTACH_THRESHOLD = 0.75

_COLUMNS = (
    "id, text, tags, target_type, target_id, anchor_text, created, updated, "
    "detached, rev, history, conflict_of"
)


class PassageLike(Protocol):
    """What re-attachment needs of a corpus passage."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...


def _row_to_note(row: dict[str, Any]) -> Note:
    target = None
    if row["target_type"] in TARGET_TYPES and row["target_id"]:
        target = Target(row["target_type"], row["target_id"])
    return Note(
        id=row["id"],
        text=row["text"],
        tags=tuple(json.loads(row["tags"])),
        target=target,
        created=row["created"],
        updated=row["updated"],
        anchor_text=row["anchor_text"],
        detached=bool(row["detached"]),
        rev=row["rev"],
        history=tuple(json.loads(row["history"])),
        conflict_of=row["conflict_of"],
    )


def _note_to_row(note: Note) -> dict[str, Any]:
    return {
        "id": note.id,
        "text": note.text,
        "tags": json.dumps(list(note.tags), ensure_ascii=False),
        "target_type": note.target.type if note.target else None,
        "target_id": note.target.id if note.target else None,
        "anchor_text": note.anchor_text,
        "created": note.created,
        "updated": note.updated,
        "detached": int(note.detached),
        "rev": note.rev,
        "history": json.dumps(list(note.history)),
        "conflict_of": note.conflict_of,
    }


def fts_query(query: str) -> str | None:
    """A MATCH expression in which the user's words are quoted terms (prefix match), never syntax."""
    words = re.findall(r"\w+", query)
    if not words:
        return None
    return " ".join(f'"{word}"*' for word in words[:32])


class NoteStore:
    """All notes of one data directory."""

    def __init__(self, path: Path, busy_timeout: float = 5.0) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self._db: sqlite_utils.Database | None = None
        self._finalizer: weakref.finalize[..., NoteStore] | None = None
        self._lock = threading.RLock()
        # True after a delete whose old pages another process still reads (see _checkpoint).
        self.scrub_pending = False

    # -- connection -----------------------------------------------------------

    def close(self) -> None:
        """Close the file, first refreshing the last good copy if the file still checks out.

        A store that is never closed (a CLI command) does the same at interpreter exit.
        """
        with self._lock:
            if self._finalizer is not None:
                self._finalizer()
                self._finalizer = None
            self._db = None

    def __enter__(self) -> NoteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _database(self, create: bool) -> sqlite_utils.Database | None:
        if self._db is None:
            conn = database.open_connection(self.path, self.busy_timeout, create)
            if conn is None:
                return None
            self._db = sqlite_utils.Database(conn)
            self._finalizer = weakref.finalize(self, _finish, conn, self.path)
        return self._db

    def _failure(self, error: sqlite3.Error) -> CanvassError:
        if database.is_corruption(error):
            if self._finalizer is not None:
                self._finalizer.detach()
                self._finalizer = None
            if self._db is not None:
                self._db.conn.close()
                self._db = None
            return database.set_aside(self.path)
        return database.translate(error, self.path)

    @contextmanager
    def _reading(self) -> Iterator[sqlite_utils.Database | None]:
        with self._lock:
            self._retry_scrub()
            try:
                yield self._database(create=False)
            except sqlite3.Error as error:
                raise self._failure(error) from None

    @contextmanager
    def _writing(self) -> Iterator[sqlite_utils.Database]:
        """One change, one transaction: committed and synced when the block ends, rolled back on any error."""
        with self._lock:
            if self._db is not None and database.is_read_only(self._db.conn):
                self.close()  # opened for reading in a read-only folder; try writing afresh
            db = self._database(create=True)
            assert db is not None
            self._retry_scrub()
            try:
                db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    if db.conn.in_transaction:
                        db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
            except sqlite3.Error as error:
                if db.conn.in_transaction:
                    db.conn.execute("ROLLBACK")
                raise self._failure(error) from None

    # -- reading ----------------------------------------------------------------

    def _fetch(self, db: sqlite_utils.Database, note_id: str) -> Note | None:
        rows = builtins.list(db.query(f"SELECT {_COLUMNS} FROM notes WHERE id = ?", [note_id]))
        return _row_to_note(rows[0]) if rows else None

    def get(self, note_id: str) -> Note:
        note_id = normalise_note_id(note_id) or note_id
        with self._reading() as db:
            note = self._fetch(db, note_id) if db is not None else None
        if note is None:
            raise CanvassError(f"Eine Notiz mit der ID {note_id} gibt es nicht.")
        return note

    def resolve(self, prefix: str) -> str:
        """The full ID for an unambiguous ID prefix (at least 4 characters), for typing on a command line."""
        prefix = normalise_note_id(prefix) or prefix.strip().lower()
        if 4 <= len(prefix) <= 36:
            with self._reading() as db:
                matches = (
                    [
                        r["id"]
                        for r in db.query("SELECT id FROM notes WHERE id LIKE ? || '%'", [prefix])
                    ]
                    if db is not None and "%" not in prefix and "_" not in prefix
                    else []
                )
            if len(matches) == 1:
                return str(matches[0])
            if len(matches) > 1:
                raise CanvassError(
                    f"Die Kurz-ID {prefix} passt zu {len(matches)} Notizen; bitte mehr Zeichen angeben."
                )
        raise CanvassError(f"Eine Notiz mit der ID {prefix} gibt es nicht.")

    def list(self, tag: str | None = None, target: Target | None = None) -> builtins.list[Note]:
        """Notes, newest first, optionally only those with a tag (case-insensitive) or on a target."""
        sql = f"SELECT {_COLUMNS} FROM notes"
        params: builtins.list[str] = []
        if target is not None:
            sql += " WHERE target_type = ? AND target_id = ?"
            params = [target.type, target.id]
        sql += " ORDER BY created DESC, rowid DESC"
        with self._reading() as db:
            notes = [_row_to_note(r) for r in db.query(sql, params)] if db is not None else []
        if tag is not None:
            wanted = " ".join(tag.split()).casefold()
            notes = [n for n in notes if wanted in {t.casefold() for t in n.tags}]
        return notes

    def for_target(self, target: Target) -> builtins.list[Note]:
        return self.list(target=target)

    def search(self, query: str, limit: int = 20) -> builtins.list[Note]:
        """Notes whose text or tags contain every word of ``query`` (prefixes count), best first."""
        expression = fts_query(query)
        if expression is None or limit <= 0:
            return []
        columns = ", ".join(f"notes.{c.strip()}" for c in _COLUMNS.split(","))
        sql = (
            f"SELECT {columns} FROM notes_fts JOIN notes ON notes.rowid = notes_fts.rowid "
            "WHERE notes_fts MATCH ? ORDER BY bm25(notes_fts), notes.created DESC LIMIT ?"
        )
        with self._reading() as db:
            if db is None:
                return []
            try:
                return [_row_to_note(r) for r in db.query(sql, [expression, limit])]
            except sqlite3.OperationalError as error:
                if "fts5" in str(error).lower() or "syntax" in str(error).lower():
                    return []
                raise

    # -- writing ----------------------------------------------------------------

    def add(
        self,
        text: str,
        target: Target | None = None,
        tags: Iterable[str] = (),
        anchor_text: str | None = None,
    ) -> Note:
        """Store a new note; when this returns, it is on disk.

        ``anchor_text`` is the passage text at writing time (pass it for passage
        targets) so the note can follow the passage when a programme changes.
        """
        if not text.strip():
            raise CanvassError("Eine leere Notiz wird nicht gespeichert; bitte Text eingeben.")
        tags = builtins.list(tags)
        _check_size(text, tags)
        _check_target(target)
        now = utc_now()
        rev = new_revision()
        note = Note(
            id=str(uuid.uuid4()),
            text=text,
            tags=normalise_tags(builtins.list(tags)),
            target=target,
            created=now,
            updated=now,
            anchor_text=anchor_text if target is not None and target.type == "passage" else None,
            rev=rev,
            history=(rev,),
        )
        with self._writing() as db:
            self._insert(db, note)
        return note

    def _insert(self, db: sqlite_utils.Database, note: Note) -> None:
        row = _note_to_row(note)
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        db.execute(f"INSERT INTO notes ({names}) VALUES ({marks})", builtins.list(row.values()))

    def _replace(self, db: sqlite_utils.Database, note: Note) -> None:
        row = _note_to_row(note)
        assignments = ", ".join(f"{k} = ?" for k in row if k != "id")
        values = [v for k, v in row.items() if k != "id"]
        db.execute(f"UPDATE notes SET {assignments} WHERE id = ?", [*values, note.id])

    def edit(
        self, note_id: str, text: str | None = None, tags: Iterable[str] | None = None
    ) -> Note:
        """Change text and/or tags; a real change gets a new revision, no change returns the note as is."""
        if text is not None and not text.strip():
            raise CanvassError(
                "Eine leere Notiz wird nicht gespeichert; zum Entfernen 'löschen' benutzen."
            )
        if tags is not None:
            tags = builtins.list(tags)
        _check_size(text or "", tags or [])
        note_id = normalise_note_id(note_id) or note_id
        with self._writing() as db:
            current = self._fetch(db, note_id)
            if current is None:
                raise CanvassError(f"Eine Notiz mit der ID {note_id} gibt es nicht.")
            new_text = current.text if text is None else text
            new_tags = current.tags if tags is None else normalise_tags(builtins.list(tags))
            if new_text == current.text and new_tags == current.tags:
                return current
            rev = new_revision(current.rev)
            note = Note(
                id=current.id,
                text=new_text,
                tags=new_tags,
                target=current.target,
                created=current.created,
                updated=utc_now(),
                anchor_text=current.anchor_text,
                detached=current.detached,
                rev=rev,
                history=(*current.history, rev),
                conflict_of=current.conflict_of,
            )
            self._replace(db, note)
            # The old words would otherwise stay in the index as delete markers.
            db.execute("INSERT INTO notes_fts(notes_fts) VALUES ('optimize')")
        return note

    def delete(self, note_id: str) -> Note:
        """Delete for real and return the deleted note (keep it to offer undo via :meth:`restore`)."""
        note_id = normalise_note_id(note_id) or note_id
        with self._writing() as db:
            note = self._fetch(db, note_id)
            if note is None:
                raise CanvassError(f"Eine Notiz mit der ID {note_id} gibt es nicht.")
            db.execute("DELETE FROM notes WHERE id = ?", [note_id])
            db.execute(
                "INSERT OR REPLACE INTO tombstones (id, deleted) VALUES (?, ?)",
                [note_id, utc_now()],
            )
            # Rebuilding drops the delete markers that still carry the note's words.
            db.execute("INSERT INTO notes_fts(notes_fts) VALUES ('rebuild')")
        self._scrub_copies(note_id)
        return note

    def _scrub_copies(self, note_id: str) -> None:
        """After a delete: empty the WAL and refresh or clean every copy we keep of the file."""
        with self._lock:
            db = self._database(create=False)
            if db is None:
                return
            self.scrub_pending = not self._checkpoint(db, min(self.busy_timeout, 1.0))
            database.refresh_last_good(db.conn, self.path)
        database.purge_from_copies(self.path, note_id)

    def _checkpoint(self, db: sqlite_utils.Database, wait: float) -> bool:
        """Copy the WAL into the file (the zeroed pages over the old text) and empty it; False while a reader holds it.

        Another process's open read transaction pins the old pages: until it
        ends, the deleted words are still on disk, so this is retried at every
        later use of the store and runs by itself when the last reader closes.
        """
        try:
            db.execute(f"PRAGMA busy_timeout = {int(wait * 1000)}")
            try:
                busy = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            finally:
                db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        except sqlite3.Error:
            return False
        return not busy

    def _retry_scrub(self) -> None:
        if self.scrub_pending and self._db is not None and not self._db.conn.in_transaction:
            self.scrub_pending = not self._checkpoint(self._db, 0.0)

    def restore(self, note: Note) -> Note:
        """Bring back a note returned by :meth:`delete` exactly as it was (session undo)."""
        with self._writing() as db:
            if self._fetch(db, note.id) is not None:
                raise CanvassError(f"Die Notiz {note.id} ist schon vorhanden.")
            self._insert(db, note)
            db.execute("DELETE FROM tombstones WHERE id = ?", [note.id])
        return note

    # -- re-attachment ------------------------------------------------------------

    def reattach(self, passages: Iterable[PassageLike]) -> ReattachReport:
        """Follow changed passages after a programme re-import; notes that find no passage become detached.

        A note on a passage ID that no longer exists moves to the passage whose
        text is most similar to its ``anchor_text`` (difflib ratio of at least
        ``REATTACH_THRESHOLD``, same programme preferred); otherwise it is marked
        detached, never dropped. A detached note whose passage is back is attached again.
        """
        texts = {p.id: p.text for p in passages}
        by_programme: dict[str, builtins.list[str]] = {}
        for passage_id in texts:
            by_programme.setdefault(passage_id.split(":", 1)[0], []).append(passage_id)
        report = ReattachReport()
        with self._writing() as db:
            rows = builtins.list(
                db.query(f"SELECT {_COLUMNS} FROM notes WHERE target_type = 'passage'")
            )
            for note in map(_row_to_note, rows):
                assert note.target is not None
                programme = note.target.id.split(":", 1)[0]
                candidates = by_programme.get(programme) or builtins.list(texts)
                _follow(db, note, texts, candidates, report)
        return report

    def reattach_programme(
        self, programme_id: str, passages: Iterable[PassageLike], programme_ids: Iterable[str]
    ) -> ReattachReport:
        """:meth:`reattach` after one programme was imported, re-imported or removed.

        Costs what changed, not what is stored: only the notes on that programme's
        passages are looked at (``passages`` is what it holds now, nothing once it
        is removed), plus the detached notes whose programme is no longer in the
        library (``programme_ids``), which may find their text in the new one. A note
        on a removed programme becomes detached, never dropped.
        """
        texts = {p.id: p.text for p in passages}
        candidates = builtins.list(texts)
        present = set(programme_ids)
        report = ReattachReport()
        with self._writing() as db:
            # The programme's notes by the (target_type, target_id) index: IDs are "programme:…".
            own = builtins.list(db.query(
                f"SELECT {_COLUMNS} FROM notes WHERE target_type = 'passage' "
                "AND target_id >= ? AND target_id < ?",
                [f"{programme_id}:", f"{programme_id};"],
            ))
            orphans = builtins.list(db.query(
                f"SELECT {_COLUMNS} FROM notes WHERE target_type = 'passage' AND detached = 1"
            )) if candidates else []
            seen: set[str] = set()
            for note in map(_row_to_note, own):
                seen.add(note.id)
                _follow(db, note, texts, candidates, report)
            for note in map(_row_to_note, orphans):
                assert note.target is not None
                if note.id in seen or note.target.id.split(":", 1)[0] in present:
                    continue  # its programme is there: that programme's own reattachment decides
                _follow(db, note, texts, candidates, report)
        return report

    # -- exchange ---------------------------------------------------------------

    def export(self, path: Path, tag: str | None = None, ids: Iterable[str] | None = None) -> int:
        """Write all notes (or those with ``tag`` / in ``ids``) to an exchange file; returns the count."""
        notes = self.list(tag=tag)
        if ids is not None:
            wanted = set(ids)
            notes = [n for n in notes if n.id in wanted]
        return write_export(path, notes)

    def import_file(self, path: Path) -> ImportReport:
        """Merge an exchange file by ID in one transaction (all or nothing).

        New notes are added; a version that descends from ours replaces it; an
        older one is ignored; two edits made apart since the last exchange are
        both kept, the incoming one as a conflict copy whose ID derives from the
        original and its revision, so importing the same file again changes nothing.
        Notes deleted here stay deleted.
        """
        incoming = read_export(path)
        report = ImportReport()
        with self._writing() as db:
            # Both sides canonical: the file's IDs by read_export, ours since schema 4.
            deleted = {
                normalise_note_id(r["id"]) or r["id"] for r in db.query("SELECT id FROM tombstones")
            }
            for note in incoming:
                self._merge_one(db, note, deleted, report)
        return report

    def _merge_one(
        self, db: sqlite_utils.Database, note: Note, deleted: set[str], report: ImportReport
    ) -> None:
        if note.id in deleted:
            report.skipped_deleted.append(note.id)
            return
        local = self._fetch(db, note.id)
        if local is None:
            if note.conflict_of is not None:
                original = self._fetch(db, note.conflict_of)
                if original is not None and original.rev == note.rev:
                    # The other device's copy holds our own current text: nothing new.
                    report.unchanged.append(note.id)
                    return
            self._insert(db, note)
            report.added.append(note.id)
        elif local.rev == note.rev:
            report.unchanged.append(note.id)
        elif local.rev in note.history:
            keep_local_target = local.target == note.target
            detached = local.detached if keep_local_target else note.detached
            self._replace(db, dataclasses.replace(note, detached=detached))
            report.updated.append(note.id)
        elif note.rev in local.history:
            report.kept_local.append(note.id)
        else:
            copy_id = conflict_copy_id(note.id, note.rev)
            if copy_id in deleted or self._fetch(db, copy_id) is not None:
                report.unchanged.append(note.id)
                return
            self._insert(db, dataclasses.replace(note, id=copy_id, conflict_of=note.id))
            report.conflicts.append(copy_id)


def _finish(conn: sqlite3.Connection, path: Path) -> None:
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    try:
        if conn.execute("PRAGMA quick_check").fetchone()[0] == "ok":
            database.refresh_last_good(conn, path)
    except sqlite3.Error:
        pass  # the next open runs the full check and sets a bad file aside
    finally:
        conn.close()


def _check_size(text: str, tags: builtins.list[str]) -> None:
    problem = text_problem(text) or tags_problem(tags)
    if problem:
        raise CanvassError(f"Die Notiz wurde nicht gespeichert: {problem}.")


def _check_target(target: Target | None) -> None:
    if target is None:
        return
    if target.type not in TARGET_TYPES or not target.id.strip():
        raise CanvassError("Eine Notiz kann nur an einer Passage, Karte oder einem Thema hängen.")


def _follow(
    db: sqlite_utils.Database,
    note: Note,
    texts: dict[str, str],
    candidates: builtins.list[str],
    report: ReattachReport,
) -> None:
    """One note after passages changed: still there, moved to the most similar passage, or detached."""
    assert note.target is not None
    if note.target.id in texts:
        if note.detached:
            db.execute("UPDATE notes SET detached = 0 WHERE id = ?", [note.id])
            report.restored.append(note.id)
        return
    best = _most_similar(note.anchor_text or "", candidates, texts)
    if best is not None:
        # Detached state and target are local facts: no new revision, no false conflict.
        db.execute("UPDATE notes SET target_id = ?, detached = 0 WHERE id = ?", [best, note.id])
        report.reattached[note.id] = best
    elif not note.detached:
        db.execute("UPDATE notes SET detached = 1 WHERE id = ?", [note.id])
        report.detached.append(note.id)
    else:
        report.detached.append(note.id)


def _most_similar(anchor: str, candidates: Iterable[str], texts: dict[str, str]) -> str | None:
    if not anchor.strip():
        return None
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(anchor)
    best_id: str | None = None
    best_ratio = REATTACH_THRESHOLD
    for candidate in candidates:
        matcher.set_seq1(texts[candidate])
        # The cheap upper bounds skip most passages before the real comparison.
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio and (best_id is None or ratio > best_ratio):
            best_id, best_ratio = candidate, ratio
    return best_id
