"""Deleting a note removes its words from every file in the data directory: table, search index, WAL, copies."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from canvass_app.notes.store import NoteStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notes"


def _files_containing(directory: Path, word: bytes) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.is_file() and word in p.read_bytes())


def test_deleted_words_are_gone_from_every_file(data_dir: Path) -> None:
    secret = "Quastenflosserwiese"
    with NoteStore(data_dir / "notes.db") as store:
        for n in range(30):
            store.add(f"Füllnotiz {n} über Radwege und Busse", tags=["Füller"])
        victim = store.add(f"Herr X. an der Tür: {secret} erwähnt", tags=[f"tag{secret}"])
        for n in range(5):
            store.add(f"Spätere Notiz {n}")
        store.edit(victim.id, text=f"Nachtrag: {secret} zweimal")
        # The word is really in the files before deletion, so the check below can fail.
        assert _files_containing(data_dir, secret.encode()) != []
        store.delete(victim.id)
        assert store.search(secret) == []
        assert len(store.list()) == 35
        # While the store is open (WAL and all), nothing holds the word any more.
        assert _files_containing(data_dir, secret.encode()) == []
        assert _files_containing(data_dir, secret.lower().encode()) == []
    assert _files_containing(data_dir, secret.encode()) == []
    conn = sqlite3.connect(data_dir / "notes.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("INSERT INTO notes_fts(notes_fts) VALUES ('integrity-check')") is not None
    conn.close()


def test_deleted_note_is_purged_from_migration_copies(data_dir: Path) -> None:
    shutil.copy(FIXTURES / "notes-v1.db", data_dir / "notes.db")
    word = b"Hafenstra"
    with NoteStore(data_dir / "notes.db") as store:
        assert len(store.list()) == 3  # opening migrates, after copying the file
        assert (data_dir / "notes.db.bak-v1").exists()
        assert word in (data_dir / "notes.db.bak-v1").read_bytes()
        store.delete("0b6f1c2e-7d43-4a59-9f0e-3c1d2a4b5e01")
    assert _files_containing(data_dir, word) == []
    backup = sqlite3.connect(data_dir / "notes.db.bak-v1")
    assert backup.execute("SELECT count(*) FROM notes").fetchone()[0] == 2
    backup.close()


def test_a_migration_copy_that_cannot_be_scrubbed_goes_whole(data_dir: Path) -> None:
    shutil.copy(FIXTURES / "notes-v1.db", data_dir / "notes.db")
    word = b"Hafenstra"
    with NoteStore(data_dir / "notes.db") as store:
        assert len(store.list()) == 3  # opening migrates, after copying the file
        backup = data_dir / "notes.db.bak-v1"
        assert word in backup.read_bytes()
        # Damage the copy's pages after its header: SQLite opens it but cannot change it.
        raw = bytearray(backup.read_bytes())
        raw[100:4096] = b"\xff" * (4096 - 100)
        backup.write_bytes(bytes(raw) + b"Hafenstra")
        store.delete("0b6f1c2e-7d43-4a59-9f0e-3c1d2a4b5e01")
    assert not backup.exists()
    assert _files_containing(data_dir, word) == []
