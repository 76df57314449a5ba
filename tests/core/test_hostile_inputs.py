"""Hostile input at the core: IDs that try to leave their folder, special files, huge or deep files, UUID spellings, private modes."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from canvass_app import files, limits
from canvass_app.corpus.model import TakenIds, passage_id, unique_id
from canvass_app.errors import CanvassError
from canvass_app.notes.exchange import write_export
from canvass_app.notes.model import normalise_note_id
from canvass_app.notes.store import NoteStore
from canvass_app.paths import item_path

NOTE = "0b6f1c2e-7d43-4a59-9f0e-3c1d2a4b5e01"
SPELLINGS = [
    NOTE,
    NOTE.upper(),
    "{" + NOTE + "}",
    "urn:uuid:" + NOTE,
    NOTE.replace("-", ""),
]


# -- one ID grammar, one way to a path -------------------------------------------------


@pytest.mark.parametrize(
    "hostile",
    ["../x", "../../../outside", "/etc/passwd", "a/b", ".", "..", "", "x\n", "x\x00", "A", "é",
     "-x", "x" * 81, "x.json", "x\\y", " x"],
)
def test_item_path_refuses_everything_outside_the_grammar(tmp_path: Path, hostile: str) -> None:
    with pytest.raises(CanvassError, match="ungültig") as caught:
        item_path(tmp_path, hostile, ".json")
    assert caught.value.exit_code == 2
    assert "\n" not in caught.value.message


def test_item_path_stays_in_its_folder(tmp_path: Path) -> None:
    path = item_path(tmp_path, "spd-2025", ".json")
    assert path == tmp_path / "spd-2025.json"


def test_card_delete_with_dot_dot_deletes_nothing(library, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    victim = data_dir / "programmes" / "victim.json"
    victim.parent.mkdir()
    victim.write_text("{}")
    outside = data_dir.parent / "outside.json"
    outside.write_text("keep")
    (data_dir / "cards").mkdir()
    for hostile in ("../programmes/victim", "../../outside", str(outside.with_suffix(""))):
        with pytest.raises(CanvassError):
            library.content.delete_card(hostile)
    assert victim.read_text() == "{}" and outside.read_text() == "keep"


# -- reading files: regular only, bounded ---------------------------------------------


def test_devices_fifos_sockets_and_directories_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link_to_zero = tmp_path / "zero.json"
    link_to_zero.symlink_to("/dev/zero")
    sock_path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    try:
        for path in (fifo, link_to_zero, Path("/dev/zero"), sock_path, tmp_path, loop):
            started = time.monotonic()
            with pytest.raises(CanvassError) as caught:
                files.read_bytes(path, 1024, "Das Kartenpaket")
            assert time.monotonic() - started < 2
            assert caught.value.message.startswith("Das Kartenpaket")
    finally:
        server.close()


def test_reading_stops_at_the_limit_whatever_st_size_says(tmp_path: Path) -> None:
    path = tmp_path / "big"
    path.write_bytes(b"x" * 2048)
    assert files.read_bytes(path, 2048) == b"x" * 2048
    with pytest.raises(CanvassError, match="höchstens 1 KB"):
        files.read_bytes(path, 1024)


def test_deeply_nested_json_names_the_limit(tmp_path: Path) -> None:
    for depth in (limits.NESTING_MAX + 1, 100_000):
        path = tmp_path / f"deep{depth}.json"
        path.write_text("[" * depth + "]" * depth)
        with pytest.raises(CanvassError, match=f"höchstens {limits.NESTING_MAX} Ebenen"):
            files.read_json(path, 10 * limits.MIB)
    shallow = tmp_path / "ok.json"
    shallow.write_text(json.dumps({"a": [[{"b": 1}]]}))
    assert files.read_json(shallow, 1024) == {"a": [[{"b": 1}]]}


# -- passage IDs of duplicates -----------------------------------------------------------


def test_duplicate_ids_are_the_ones_probing_gave() -> None:
    taken = TakenIds()
    ids = [passage_id("p", "Gleicher Text.", taken) for _ in range(4)]
    other = passage_id("p", "Anderer Text.", taken)
    base = passage_id("p", "Gleicher Text.")
    assert ids == [base, f"{base}-2", f"{base}-3", f"{base}-4"]
    assert other == passage_id("p", "Anderer Text.")
    # A base whose suffixed form is already taken still gets the next free one.
    slugs = TakenIds()
    assert [unique_id(s, slugs) for s in ("a", "a-2", "a", "a")] == ["a", "a-2", "a-3", "a-4"]
    plain: set[str] = set()
    assert [passage_id("p", "Gleicher Text.", plain) for _ in range(3)] == ids[:3]


def test_duplicate_ids_take_one_step_each() -> None:
    # Counted, not timed: probing from -2 looked at every earlier duplicate (n squared over 2 lookups).
    class Counting(TakenIds):
        lookups = 0

        def __contains__(self, item: object) -> bool:
            Counting.lookups += 1
            return super().__contains__(item)

    taken = Counting()
    for _ in range(5_000):
        passage_id("p", "Wir wollen mehr Busse.", taken)
    assert len(taken) == 5_000
    assert Counting.lookups <= 2 * 5_000


# -- notes: canonical IDs, sizes, modes, secure delete --------------------------------------


def _export(path: Path, note_id: str, text: str = "Hallo") -> None:
    item = {
        "id": note_id, "text": text, "tags": [], "target": None,
        "created": "2025-01-01T00:00:00.000Z", "updated": "2025-01-01T00:00:00.000Z",
        "rev": "1-aaaa", "history": ["1-aaaa"], "detached": False,
    }
    path.write_text(json.dumps({"format": "canvass-notes", "version": 1, "notes": [item]}))


def test_every_uuid_spelling_is_one_id() -> None:
    assert {normalise_note_id(s) for s in SPELLINGS} == {NOTE}
    assert normalise_note_id("not-a-uuid") is None
    assert normalise_note_id("\ud800" * 36) is None


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_a_deleted_note_stays_deleted_under_any_spelling(data_dir: Path, tmp_path: Path, spelling: str) -> None:
    with NoteStore(data_dir / "notes.db") as store:
        _export(tmp_path / "a.json", NOTE)
        store.import_file(tmp_path / "a.json")
        store.delete(NOTE)
        _export(tmp_path / "b.json", spelling)
        report = store.import_file(tmp_path / "b.json")
        assert report.added == [] and report.skipped_deleted == [NOTE]
        assert store.list() == []


def test_five_spellings_in_one_file_are_refused_whole(data_dir: Path, tmp_path: Path) -> None:
    items = []
    for spelling in SPELLINGS:
        _export(tmp_path / "one.json", spelling)
        items.extend(json.loads((tmp_path / "one.json").read_text())["notes"])
    (tmp_path / "five.json").write_text(
        json.dumps({"format": "canvass-notes", "version": 1, "notes": items})
    )
    with NoteStore(data_dir / "notes.db") as store:
        with pytest.raises(CanvassError, match="doppelt"):
            store.import_file(tmp_path / "five.json")
        assert store.list() == []


def test_note_size_limits_name_the_limit(data_dir: Path, tmp_path: Path) -> None:
    with NoteStore(data_dir / "notes.db") as store:
        with pytest.raises(CanvassError, match=r"20\.000 Zeichen"):
            store.add("x" * (limits.NOTE_TEXT_CHARS + 1))
        with pytest.raises(CanvassError, match="Schlagwörter"):
            store.add("x", tags=[f"t{i}" for i in range(limits.NOTE_TAGS + 1)])
        note = store.add("kurz")
        with pytest.raises(CanvassError, match=r"20\.000 Zeichen"):
            store.edit(note.id, text="x" * (limits.NOTE_TEXT_CHARS + 1))
        _export(tmp_path / "huge.json", NOTE, "x" * (limits.NOTE_TEXT_CHARS + 1))
        with pytest.raises(CanvassError, match="zu lange Notiz"):
            store.import_file(tmp_path / "huge.json")
        assert [n.text for n in store.list()] == ["kurz"]


def test_notes_files_are_private_whatever_the_umask(data_dir: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with NoteStore(data_dir / "notes.db") as store:
            note = store.add("Herr M. wählt sonst nie")
            store.delete(store.add("weg").id)
            store.export(tmp_path / "export.json")
            assert store.get(note.id)
        created = [p for p in data_dir.iterdir() if p.name.startswith("notes.db")]
        assert {p.name for p in created} >= {"notes.db", "notes.db.last-good"}
        for path in [*created, tmp_path / "export.json"]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        # A file left 0644 by an older version is made private when opened.
        (data_dir / "notes.db").chmod(0o644)
        with NoteStore(data_dir / "notes.db") as store:
            store.list()
        assert stat.S_IMODE((data_dir / "notes.db").stat().st_mode) == 0o600
    finally:
        os.umask(old)


def test_secure_delete_with_a_concurrent_reader(data_dir: Path) -> None:
    secret = b"Quastenflosserwiese"
    path = data_dir / "notes.db"
    with NoteStore(path) as store:
        for n in range(20):
            store.add(f"Fuellnotiz {n}")
        victim = store.add(f"Herr X.: {secret.decode()}")
        store.add("danach")
        store._checkpoint(store._database(create=False), 0)  # the text is in the main file now
        reader = sqlite3.connect(path, isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM notes").fetchone()  # holds a read snapshot
        store.delete(victim.id)
        # While the reader pins the old pages, the store does not pretend they are gone.
        assert store.scrub_pending
        assert secret in path.read_bytes() + path.with_name("notes.db-wal").read_bytes()
        reader.execute("COMMIT")
        reader.close()
        store.list()  # the next use checkpoints, now that the reader has gone
        assert not store.scrub_pending
        on_disk = b"".join(p.read_bytes() for p in data_dir.iterdir() if p.is_file())
        assert secret not in on_disk


def test_secure_delete_waits_briefly_for_a_reader_that_goes(data_dir: Path) -> None:
    path = data_dir / "notes.db"
    with NoteStore(path) as store:
        victim = store.add("Quastenflosserwiese")
        reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM notes").fetchone()

        def end_soon() -> None:
            time.sleep(0.2)
            reader.execute("COMMIT")

        thread = threading.Thread(target=end_soon)
        thread.start()
        store.delete(victim.id)
        thread.join()
        reader.close()
        assert not store.scrub_pending
    assert not any(b"Quastenflosser" in p.read_bytes() for p in data_dir.iterdir() if p.is_file())


def test_write_export_is_private(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        write_export(tmp_path / "x.json", [])
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.json").stat().st_mode) == 0o600


def test_temporary_files_of_killed_writes_are_cleaned_on_next_start(library, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    old = time.time() - 3600
    leftovers = [
        data_dir / "cards" / ".tmp-abc123.json",
        data_dir / "programmes" / ".boese-x1y2.tmp",
        data_dir / "briefings" / ".briefing-q9",
        data_dir / ".topics.toml.tmp",
    ]
    fresh = data_dir / "cards" / ".tmp-jetzt.json"  # a write in progress right now
    for path in [*leftovers, fresh]:
        path.parent.mkdir(exist_ok=True)
        path.write_text("halb")
    for path in leftovers:
        os.utime(path, (old, old))
    library.content.cards()
    library.corpus.programmes()
    library.briefings.entries()
    assert [p for p in leftovers if p.exists()] == []
    assert fresh.exists()


def test_a_programme_line_over_the_limit_is_refused_naming_the_limit(library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A whole programme on one line imports (up to the limit); one character more is refused
    with a German sentence that names the limit, before any parsing."""
    assert limits.describe_count(200_000) == "200.000"
    line = ("Wir bauen Radwege aus. " * (limits.PROGRAMME_LINE_CHARS // 23 + 1))[: limits.PROGRAMME_LINE_CHARS + 1]
    source = tmp_path / "zeile.txt"
    source.write_text(line, encoding="utf-8")
    with pytest.raises(CanvassError) as refused:
        library.import_programme(source, programme_id="zu-lang", party="P", title="T", year=2025)
    assert f"länger als {limits.describe_count(limits.PROGRAMME_LINE_CHARS)} Zeichen" in str(refused.value)
    source.write_text(line[:-1], encoding="utf-8")
    programme = library.import_programme(source, programme_id="genau-lang", party="P", title="T", year=2025)
    assert len(programme.passages()) > 100
