"""NoteStore basics: adding, reading, editing, deleting with undo, listing, and search that never raises."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from canvass_app.errors import CanvassError
from canvass_app.notes.model import Target
from canvass_app.notes.store import NoteStore


@pytest.fixture
def store(data_dir: Path):  # type: ignore[no-untyped-def]
    with NoteStore(data_dir / "notes.db") as notes:
        yield notes


def test_add_returns_a_complete_note_that_survives_reopening(data_dir: Path) -> None:
    target = Target("passage", "spd:1a2b3c4d")
    with NoteStore(data_dir / "notes.db") as store:
        note = store.add(
            "Radweg fehlt", target=target, tags=["Verkehr"], anchor_text="Wir bauen Radwege."
        )
    uuid.UUID(note.id)
    assert datetime.fromisoformat(note.created).utcoffset() is not None
    assert note.created == note.updated
    with NoteStore(data_dir / "notes.db") as again:
        stored = again.get(note.id)
    assert stored == note
    assert stored.target == target
    assert stored.anchor_text == "Wir bauen Radwege."
    assert stored.to_json() == {
        "id": note.id,
        "text": "Radweg fehlt",
        "tags": ["Verkehr"],
        "target": {"type": "passage", "id": "spd:1a2b3c4d"},
        "created": note.created,
        "updated": note.updated,
        "anchor_text": "Wir bauen Radwege.",
        "detached": False,
        "conflict_of": None,
    }


def test_reading_an_empty_data_dir_creates_nothing(data_dir: Path) -> None:
    store = NoteStore(data_dir / "notes.db")
    assert store.list() == []
    assert store.search("irgendwas") == []
    with pytest.raises(CanvassError):
        store.get(str(uuid.uuid4()))
    assert list(data_dir.iterdir()) == []


def test_empty_text_is_refused_and_nothing_stored(store: NoteStore) -> None:
    with pytest.raises(CanvassError, match="leere Notiz"):
        store.add("   \n")
    assert store.list() == []


def test_tags_are_normalised(store: NoteStore) -> None:
    note = store.add("x", tags=[" Verkehr ", "verkehr", "Tür  12", ""])
    assert note.tags == ("Verkehr", "Tür 12")


def test_edit_changes_text_and_keeps_identity(store: NoteStore) -> None:
    note = store.add("alt", tags=["a"])
    edited = store.edit(note.id, text="neu")
    assert edited.id == note.id and edited.created == note.created
    assert edited.text == "neu" and edited.tags == ("a",)
    assert edited.updated >= note.updated
    assert edited.rev != note.rev and edited.history == (note.rev, edited.rev)
    assert store.get(note.id).text == "neu"
    assert store.search("alt") == []
    assert [n.id for n in store.search("neu")] == [note.id]
    retagged = store.edit(note.id, tags=["b"])
    assert retagged.tags == ("b",) and retagged.text == "neu"


def test_edit_without_change_keeps_revision(store: NoteStore) -> None:
    note = store.add("gleich")
    assert store.edit(note.id, text="gleich") == note


def test_edit_and_delete_of_unknown_id_are_one_german_sentence(store: NoteStore) -> None:
    store.add("x")
    for action in (lambda: store.edit("nope", text="y"), lambda: store.delete("nope")):
        with pytest.raises(CanvassError, match="gibt es nicht"):
            action()


def test_delete_returns_the_note_and_restore_undoes_it(store: NoteStore) -> None:
    keep = store.add("bleibt")
    gone = store.add("Geheimnis an der Tür", tags=["privat"])
    deleted = store.delete(gone.id)
    assert deleted == gone
    assert [n.id for n in store.list()] == [keep.id]
    assert store.search("Geheimnis") == []
    with pytest.raises(CanvassError):
        store.get(gone.id)
    store.restore(deleted)
    assert store.get(gone.id) == gone
    assert [n.id for n in store.search("Geheimnis")] == [gone.id]
    with pytest.raises(CanvassError, match="schon vorhanden"):
        store.restore(deleted)


def test_list_filters_by_tag_and_target(store: NoteStore) -> None:
    passage = Target("passage", "gruene:00000001")
    a = store.add("a", target=passage, tags=["Verkehr"])
    b = store.add("b", target=Target("card", "kita"), tags=["verkehr", "Kita"])
    c = store.add("c")
    assert {n.id for n in store.list()} == {a.id, b.id, c.id}
    assert [n.id for n in store.list()] == [c.id, b.id, a.id]  # newest first
    assert {n.id for n in store.list(tag="VERKEHR")} == {a.id, b.id}
    assert [n.id for n in store.list(target=passage)] == [a.id]
    assert [n.id for n in store.for_target(Target("card", "kita"))] == [b.id]
    assert store.list(tag="Kita", target=passage) == []


def test_search_covers_text_and_tags_with_prefixes_and_umlauts(store: NoteStore) -> None:
    a = store.add("Frau Öztürk wünscht mehr Straßenbäume", tags=["Grünflächen"])
    b = store.add("Parkplätze sind knapp", tags=["Verkehr"])
    assert [n.id for n in store.search("straßenb")] == [a.id]
    assert [n.id for n in store.search("grünfl")] == [a.id]
    assert [n.id for n in store.search("verkehr")] == [b.id]
    assert [n.id for n in store.search("Frau wünscht")] == [a.id]
    assert store.search("Frau Parkplätze") == []
    assert len(store.search("a", limit=0)) == 0


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "*",
        "AND",
        "NOT Frau",
        "a OR",
        "(",
        ")",
        "NEAR(a b)",
        "text:Frau",
        "^x",
        "-",
        "{}",
        "\x00",
        "",
    ],
)
def test_fts_syntax_in_a_query_is_harmless(store: NoteStore, query: str) -> None:
    store.add("Frau Meier text AND oder")
    store.search(query)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_search_never_raises(tmp_path_factory: pytest.TempPathFactory, query: str) -> None:
    path = tmp_path_factory.getbasetemp() / "hypothesis-notes.db"
    with NoteStore(path) as store:
        if not store.list():
            store.add("Ein Text mit Wörtern und #Tags", tags=["x"])
        result = store.search(query)
    assert isinstance(result, list)


def test_targets_are_checked(store: NoteStore) -> None:
    with pytest.raises(CanvassError):
        store.add("x", target=Target("passage", "  "))


def test_short_ids_resolve_when_unambiguous(store: NoteStore) -> None:
    note = store.add("x")
    assert store.resolve(note.id[:8]) == note.id
    assert store.resolve(note.id.upper()) == note.id
    with pytest.raises(CanvassError):
        store.resolve(note.id[:3])
    with pytest.raises(CanvassError):
        store.resolve("%%%%")


def test_library_builds_the_store_lazily(library) -> None:  # type: ignore[no-untyped-def]
    assert not (library.data_dir / "notes.db").exists()
    notes = library.notes
    assert notes is library.notes
    assert notes.path == library.data_dir / "notes.db"
    assert not (library.data_dir / "notes.db").exists()
    notes.add("x")
    assert (library.data_dir / "notes.db").exists()
    notes.close()


def test_durability_settings(store: NoteStore) -> None:
    store.add("x")
    db = store._database(create=False)
    assert db is not None
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
