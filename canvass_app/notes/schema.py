"""Schema versions of notes.db and the steps between them, each one transaction with its version bump.

The version lives in ``PRAGMA user_version``. A step is never edited once
released: a change is a new step, and tests/fixtures/notes/ holds a database
of every older version that must still open and migrate.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Step = Callable[[sqlite3.Connection], None]


def _v1_notes_table(conn: sqlite3.Connection) -> None:
    conn.execute(
        """
        CREATE TABLE notes (
            id TEXT PRIMARY KEY,
            text TEXT NOT NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            target_type TEXT,
            target_id TEXT,
            anchor_text TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        )
        """
    )


def _v2_search_and_detached(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE notes ADD COLUMN detached INTEGER NOT NULL DEFAULT 0")
    # External content: the text is stored once, in `notes`; the index holds tokens only.
    conn.execute(
        """
        CREATE VIRTUAL TABLE notes_fts USING fts5(
            text, tags, content='notes', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        )
        """
    )
    conn.execute(
        """
        CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
            INSERT INTO notes_fts(rowid, text, tags) VALUES (new.rowid, new.text, new.tags);
        END
        """
    )
    conn.execute(
        """
        CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, text, tags)
            VALUES ('delete', old.rowid, old.text, old.tags);
        END
        """
    )
    conn.execute(
        """
        CREATE TRIGGER notes_au AFTER UPDATE OF text, tags ON notes BEGIN
            INSERT INTO notes_fts(notes_fts, rowid, text, tags)
            VALUES ('delete', old.rowid, old.text, old.tags);
            INSERT INTO notes_fts(rowid, text, tags) VALUES (new.rowid, new.text, new.tags);
        END
        """
    )
    conn.execute("INSERT INTO notes_fts(notes_fts) VALUES ('rebuild')")


def _v3_exchange(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE notes ADD COLUMN rev TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE notes ADD COLUMN history TEXT NOT NULL DEFAULT '[]'")
    conn.execute("ALTER TABLE notes ADD COLUMN conflict_of TEXT")
    # Each existing note starts its own history, so two devices never share a revision by accident.
    conn.execute("UPDATE notes SET rev = '1-' || lower(hex(randomblob(6)))")
    conn.execute("UPDATE notes SET history = json_array(rev)")
    conn.execute("CREATE INDEX notes_target ON notes(target_type, target_id)")
    # IDs only, no text: keeps an import from bringing back a note deleted here.
    conn.execute("CREATE TABLE tombstones (id TEXT PRIMARY KEY, deleted TEXT NOT NULL)")


def _v4_canonical_ids(conn: sqlite3.Connection) -> None:
    """Every note ID and tombstone in canonical UUID form (lower case, dashed).

    Imports used to store IDs as spelled in the file, so one note could live
    under several spellings and a tombstone miss its note. The oldest row of
    a spelling group keeps the canonical ID; the others become conflict copies
    of it (nothing is dropped). A tombstone whose note is alive again goes:
    the note is visible, so the user sees it and can delete it once more.
    """
    from canvass_app.notes.exchange import conflict_copy_id
    from canvass_app.notes.model import normalise_note_id

    taken: set[str] = set()
    rows = conn.execute("SELECT rowid, id, rev FROM notes ORDER BY created, rowid").fetchall()
    for rowid, note_id, rev in rows:
        canonical = normalise_note_id(note_id) or note_id
        if canonical in taken:
            copy = conflict_copy_id(canonical, rev)
            while copy in taken:
                copy = conflict_copy_id(copy, rev)
            conn.execute(
                "UPDATE notes SET id = ?, conflict_of = ? WHERE rowid = ?", (copy, canonical, rowid)
            )
            taken.add(copy)
        else:
            if canonical != note_id:
                conn.execute("UPDATE notes SET id = ? WHERE rowid = ?", (canonical, rowid))
            taken.add(canonical)
    for (conflict_of,) in conn.execute(
        "SELECT DISTINCT conflict_of FROM notes WHERE conflict_of IS NOT NULL"
    ).fetchall():
        canonical = normalise_note_id(conflict_of)
        if canonical and canonical != conflict_of:
            conn.execute(
                "UPDATE notes SET conflict_of = ? WHERE conflict_of = ?", (canonical, conflict_of)
            )
    tombstones = conn.execute("SELECT id, deleted FROM tombstones").fetchall()
    conn.execute("DELETE FROM tombstones")
    for note_id, deleted in tombstones:
        canonical = normalise_note_id(note_id) or note_id
        if canonical not in taken:
            conn.execute(
                "INSERT OR REPLACE INTO tombstones (id, deleted) VALUES (?, ?)", (canonical, deleted)
            )


# STEPS[n] turns a version n-1 database into version n.
STEPS: dict[int, Step] = {
    1: _v1_notes_table,
    2: _v2_search_and_detached,
    3: _v3_exchange,
    4: _v4_canonical_ids,
}
CURRENT_VERSION = max(STEPS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = CURRENT_VERSION) -> list[int]:
    """Apply the missing steps up to ``target``; returns the versions reached.

    Each step runs in its own ``BEGIN IMMEDIATE`` transaction and re-reads the
    version inside it, so two processes opening an old file at once apply each
    step exactly once. ``conn`` must be in autocommit mode (isolation_level None).
    """
    done: list[int] = []
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = user_version(conn)
            if version >= target:
                conn.execute("ROLLBACK")
                return done
            STEPS[version + 1](conn)
            # PRAGMA cannot take a parameter; the value is our own integer.
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        done.append(version + 1)
