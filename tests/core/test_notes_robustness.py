"""notes.db under stress: SIGKILL at random instants, two writers at once, a held lock, corrupt and truncated files."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from canvass_app.errors import CanvassError
from canvass_app.notes.store import NoteStore

REPO_ROOT = Path(__file__).resolve().parents[2]

# Adds notes and now and then deletes one, printing each step only after the store returned.
_WRITER = textwrap.dedent(
    """
    import random, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from canvass_app.notes.store import NoteStore

    store = NoteStore(Path(sys.argv[1]))
    rng = random.Random(int(sys.argv[2]))
    mine = []
    n = 0
    while True:
        n += 1
        if mine and n % 4 == 0:
            victim = mine.pop(rng.randrange(len(mine)))
            print("d", victim, flush=True)
            store.delete(victim)
            print("D", victim, flush=True)
        else:
            note = store.add(f"Notiz {{n}} " + "Wort " * rng.randrange(1, 200), tags=[f"t{{n % 7}}"])
            mine.append(note.id)
            print("A", note.id, flush=True)
    """
).format(root=str(REPO_ROOT))


def _acknowledged(log: Path) -> tuple[set[str], set[str], set[str]]:
    """Added, deleted, and deletions in flight, from complete lines only."""
    added: set[str] = set()
    deleted: set[str] = set()
    pending: set[str] = set()
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    for line in text.split("\n")[:-1]:  # the last piece is unfinished or empty
        kind, note_id = line.split()
        if kind == "A":
            added.add(note_id)
        elif kind == "d":
            pending.add(note_id)
        elif kind == "D":
            deleted.add(note_id)
            pending.discard(note_id)
    return added, deleted, pending


def _ids_in(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO notes_fts(notes_fts) VALUES ('integrity-check')")
        return {r[0] for r in conn.execute("SELECT id FROM notes")}
    finally:
        conn.close()


def test_sigkill_at_random_instants_loses_no_acknowledged_note(tmp_path: Path) -> None:
    seed = int(os.environ.get("NOTES_KILL_SEED", random.randrange(1_000_000)))
    rng = random.Random(seed)
    db = tmp_path / "data" / "notes.db"
    added: set[str] = set()
    deleted: set[str] = set()
    rounds = 0
    deadline = time.monotonic() + 18
    while rounds < 40 and time.monotonic() < deadline:
        rounds += 1
        log = tmp_path / f"log-{rounds}.txt"
        with log.open("w") as out:
            writer = subprocess.Popen(
                [sys.executable, "-c", _WRITER, str(db), str(rng.randrange(10**6))], stdout=out
            )
            if rounds % 4 == 0:
                time.sleep(rng.uniform(0, 0.4))  # may hit opening, migration, the first write
            else:
                start = time.monotonic()
                while log.stat().st_size == 0 and time.monotonic() - start < 10:
                    time.sleep(0.005)
                time.sleep(rng.uniform(0, 0.25))
            writer.send_signal(signal.SIGKILL)
            writer.wait()
        got_added, got_deleted, pending = _acknowledged(log)
        added |= got_added
        deleted |= got_deleted
        if db.exists():
            present = _ids_in(db)
            missing = added - deleted - pending - present
            assert not missing, (
                f"seed {seed}, round {rounds}: {len(missing)} acknowledged notes lost"
            )
            assert not (deleted & present), f"seed {seed}: a deleted note came back"
            # A delete in flight either happened or did not; either way it stays out of `added`.
            added -= pending & (added - present)
    print(f"seed {seed}: {rounds} kills, {len(added - deleted)} notes kept, {len(deleted)} deleted")
    assert rounds >= 10
    assert len(added - deleted) > 20, "the writer should have acknowledged notes"
    with NoteStore(db) as store:  # the app opens it normally afterwards
        assert {n.id for n in store.list()} >= added - deleted


_ADDER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from canvass_app.notes.store import NoteStore

    store = NoteStore(Path(sys.argv[1]))
    for n in range(int(sys.argv[2])):
        print(store.add(f"{{sys.argv[3]}} {{n}}").id, flush=True)
        if n % 10 == 0:
            store.close()  # reopening exercises the open path while the other writes
    """
).format(root=str(REPO_ROOT))


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "notes.db"  # both also race to create and migrate it
    count = 60
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _ADDER, str(db), str(count), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("eins", "zwei")
    ]
    outputs = [w.communicate(timeout=120) for w in writers]
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
    acknowledged = {line for out, _ in outputs for line in out.split()}
    assert len(acknowledged) == 2 * count
    assert _ids_in(db) == acknowledged


def test_lock_held_beyond_timeout_is_one_sentence_and_changes_nothing(data_dir: Path) -> None:
    path = data_dir / "notes.db"
    with NoteStore(path) as store:
        keep = store.add("vorher")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        store = NoteStore(path, busy_timeout=0.2)
        with pytest.raises(CanvassError, match="gesperrt") as caught:
            store.add("währenddessen")
        assert "\n" not in caught.value.message
        with pytest.raises(CanvassError, match="gesperrt"):
            store.delete(keep.id)
        assert [n.id for n in store.list()] == [keep.id]  # reading still works (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [n.text for n in store.list()] == ["vorher"]
    store.add("danach")
    assert len(store.list()) == 2
    store.close()


def _fill(path: Path, count: int = 200) -> set[str]:
    with NoteStore(path) as store:
        ids = {store.add(f"Notiz {n} " + "Inhalt " * 30).id for n in range(count)}
    return ids


@pytest.mark.parametrize("damage", ["garbage-header", "garbage-pages", "truncated", "zero-tail"])
def test_corrupt_database_is_set_aside_and_last_good_copy_restores(
    data_dir: Path, damage: str
) -> None:
    path = data_dir / "notes.db"
    ids = _fill(path)
    good = data_dir / "notes.db.last-good"
    assert good.exists()
    raw = bytearray(path.read_bytes())
    if damage == "garbage-header":
        raw[:100] = os.urandom(100)
    elif damage == "garbage-pages":
        raw[4096 * 2 : 4096 * 6] = os.urandom(4096 * 4)
    elif damage == "truncated":
        raw = raw[: len(raw) // 2]
    else:
        raw[len(raw) // 3 :] = bytes(len(raw) - len(raw) // 3)
    path.write_bytes(bytes(raw))

    with pytest.raises(CanvassError, match="beschädigt") as caught:
        NoteStore(path).list()
    message = caught.value.message
    assert "\n" not in message
    asides = list(data_dir.glob("notes.db.corrupt-*"))
    assert len(asides) == 1 and str(asides[0]) in message
    assert asides[0].read_bytes() == bytes(raw)  # set aside unchanged, never overwritten
    assert not path.exists()
    assert str(good) in message and str(path) in message
    # Following the message brings every note back.
    shutil.copy(good, path)
    with NoteStore(path) as store:
        assert {n.id for n in store.list()} == ids


def test_corruption_twice_never_overwrites_the_first_aside(data_dir: Path) -> None:
    path = data_dir / "notes.db"
    for round_ in range(2):
        _fill(path, 3)
        path.write_bytes(b"kaputt" * 1000 + bytes([round_]))
        with pytest.raises(CanvassError, match="beschädigt"):
            NoteStore(path).add("x")
    asides = sorted(data_dir.glob("notes.db.corrupt-*"))
    assert len(asides) == 2
    assert {a.read_bytes()[-1] for a in asides} == {0, 1}


def test_corrupt_database_without_a_good_copy_says_so(data_dir: Path) -> None:
    path = data_dir / "notes.db"
    path.write_bytes(b"dies ist keine Datenbank" * 50)
    with pytest.raises(CanvassError, match="eine gute Kopie gibt es nicht"):
        NoteStore(path).list()
    assert not path.exists()


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root ignores file permissions; the CLI test covers it"
)
def test_read_only_data_dir_is_one_sentence(data_dir: Path) -> None:
    path = data_dir / "notes.db"
    _fill(path, 2)
    data_dir.chmod(0o555)
    try:
        with pytest.raises(CanvassError, match="schreibgeschützt"):
            NoteStore(path).add("x")
    finally:
        data_dir.chmod(0o755)


def test_temporary_copies_left_by_a_killed_process_are_cleaned_up(data_dir: Path) -> None:
    path = data_dir / "notes.db"
    _fill(path, 1)
    live = data_dir / f"notes.db.last-good.tmp-{os.getppid()}"
    dead = data_dir / "notes.db.last-good.tmp-4194305"  # above the largest Linux PID
    stale = data_dir / f"notes.db.bak-v1.tmp-{os.getppid()}"  # alive, but an hour old
    for leftover in (live, dead, stale):
        leftover.write_bytes(b"x")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    _fill(path, 1)
    assert not stale.exists()
    assert not dead.exists()  # its process is gone: it may hold a note deleted since
    assert live.exists()  # might belong to a process copying right now
