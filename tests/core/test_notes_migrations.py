"""Every past schema version opens and migrates, one transaction per step, with a copy taken first."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from canvass_app.errors import CanvassError
from canvass_app.notes import schema
from canvass_app.notes.model import Target
from canvass_app.notes.store import NoteStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notes"
PAST_VERSIONS = list(range(1, schema.CURRENT_VERSION))
FIRST = "0b6f1c2e-7d43-4a59-9f0e-3c1d2a4b5e01"


def test_every_past_version_has_a_fixture() -> None:
    # Fails when a schema step is added without keeping a database of the version before it.
    assert sorted(FIXTURES.glob("notes-v*.db")) == [
        FIXTURES / f"notes-v{v}.db" for v in PAST_VERSIONS
    ]
    for version in PAST_VERSIONS:
        conn = sqlite3.connect(FIXTURES / f"notes-v{version}.db")
        assert schema.user_version(conn) == version
        conn.close()


@pytest.mark.parametrize("version", PAST_VERSIONS)
def test_fixture_opens_migrates_and_keeps_every_note(data_dir: Path, version: int) -> None:
    original = (FIXTURES / f"notes-v{version}.db").read_bytes()
    (data_dir / "notes.db").write_bytes(original)
    with NoteStore(data_dir / "notes.db") as store:
        notes = {n.id: n for n in store.list()}
        assert len(notes) == 3
        first = notes[FIRST]
        assert first.text.startswith("Frau K. (Hausnr. 14)")
        assert first.tags == ("Verkehr", "Rückfrage")
        assert first.target == Target("passage", "spd-dortmund-2025:1a2b3c4d")
        assert first.anchor_text and "Hafenstraße" in first.anchor_text
        assert first.created == "2025-03-01T10:00:00.000Z"
        assert not first.detached
        assert first.rev and first.history == (first.rev,)
        assert len({n.rev for n in notes.values()}) == 3
        assert [n.id for n in store.search("hafenstraße")] == [FIRST]
        assert [n.id for n in store.search("planung")] == ["0b6f1c2e-7d43-4a59-9f0e-3c1d2a4b5e03"]
        # The migrated store is fully usable.
        store.edit(FIRST, text="geändert")
        store.add("neu")
        assert len(store.list()) == 4
    conn = sqlite3.connect(data_dir / "notes.db")
    assert schema.user_version(conn) == schema.CURRENT_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # The copy taken before migrating is the old version, untouched.
    backup = sqlite3.connect(data_dir / f"notes.db.bak-v{version}")
    assert schema.user_version(backup) == version
    assert backup.execute("SELECT count(*) FROM notes").fetchone()[0] == 3
    backup.close()


def test_fresh_database_runs_every_step_and_keeps_no_copy(data_dir: Path) -> None:
    with NoteStore(data_dir / "notes.db") as store:
        store.add("x")
    conn = sqlite3.connect(data_dir / "notes.db")
    assert schema.user_version(conn) == schema.CURRENT_VERSION
    conn.close()
    assert list(data_dir.glob("*.bak-v*")) == []


def test_failing_step_rolls_back_to_the_previous_version(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(FIXTURES / "notes-v1.db", data_dir / "notes.db")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE notes ADD COLUMN half_done TEXT")
        raise sqlite3.OperationalError("simulated failure in the middle of a step")

    monkeypatch.setitem(schema.STEPS, 3, broken)
    with pytest.raises(CanvassError, match="nicht auf den neuen Stand") as caught:
        NoteStore(data_dir / "notes.db").list()
    assert "bak-v1" in caught.value.message
    conn = sqlite3.connect(data_dir / "notes.db")
    # Step 2 committed with its bump; step 3 left nothing behind, not even half a column.
    assert schema.user_version(conn) == 2
    columns = [r[1] for r in conn.execute("PRAGMA table_info(notes)")]
    assert "half_done" not in columns and "detached" in columns
    assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 3
    conn.close()
    monkeypatch.undo()
    with NoteStore(data_dir / "notes.db") as store:
        assert len(store.list()) == 3


def test_database_from_a_newer_app_is_refused_unchanged(data_dir: Path) -> None:
    path = data_dir / "notes.db"
    with NoteStore(path) as store:
        store.add("x")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.CURRENT_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(CanvassError, match="neueren Canvass-Version"):
        NoteStore(path).add("y")
    assert path.read_bytes() == before


def test_two_processes_migrating_at_once_apply_each_step_once(data_dir: Path) -> None:
    # Same connection twice stands in for two processes: each step re-reads the version in its transaction.
    shutil.copy(FIXTURES / "notes-v1.db", data_dir / "notes.db")
    one = sqlite3.connect(data_dir / "notes.db", isolation_level=None)
    two = sqlite3.connect(data_dir / "notes.db", isolation_level=None)
    assert schema.migrate(one) == list(range(2, schema.CURRENT_VERSION + 1))
    assert schema.migrate(two) == []
    rows = two.execute("SELECT history FROM notes").fetchall()
    assert all(len(json.loads(r[0])) == 1 for r in rows)
    one.close()
    two.close()


def test_version_4_makes_every_id_and_tombstone_canonical(data_dir: Path) -> None:
    # Version 3 stored IDs as the import file spelled them; one note twice, under two spellings.
    path = data_dir / "notes.db"
    shutil.copy(FIXTURES / "notes-v3.db", path)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "INSERT INTO notes (id, text, created, updated, rev, history) VALUES (?, ?, ?, ?, ?, ?)",
        [FIRST.replace("-", ""), "Zweite Schreibweise", "2025-04-01T00:00:00.000Z",
         "2025-04-01T00:00:00.000Z", "1-abc", '["1-abc"]'],
    )
    conn.close()
    with NoteStore(path) as store:
        notes = {n.id: n for n in store.list()}
        assert len(notes) == 4  # nothing dropped
        assert notes[FIRST].text.startswith("Frau K.")  # the oldest keeps the canonical ID
        (copy,) = [n for n in notes.values() if n.text == "Zweite Schreibweise"]
        assert copy.conflict_of == FIRST and copy.id != FIRST
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("SELECT id FROM tombstones")] == [
        "0b6f1c2e-7d43-4a59-9f0e-3c1d2a4b5e09"
    ]
    assert all(r[0] == r[0].lower() and "{" not in r[0] for r in conn.execute("SELECT id FROM notes"))
    conn.close()
