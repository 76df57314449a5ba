"""Exchange between devices: export, import with merge by ID (new, newer, older, conflicting, repeated), bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from canvass_app.errors import CanvassError
from canvass_app.notes.exchange import FORMAT_VERSION
from canvass_app.notes.model import Target
from canvass_app.notes.store import NoteStore


@pytest.fixture
def devices(tmp_path: Path):  # type: ignore[no-untyped-def]
    a = NoteStore(tmp_path / "a" / "notes.db")
    b = NoteStore(tmp_path / "b" / "notes.db")
    yield a, b
    a.close()
    b.close()


def _snapshot(store: NoteStore) -> list[dict[str, object]]:
    return sorted((n.to_export_json() for n in store.list()), key=lambda d: str(d["id"]))


def test_export_then_import_copies_every_field(devices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = devices
    a.add("auf Passage", target=Target("passage", "p:1"), tags=["x"], anchor_text="Passagentext")
    a.add("frei")
    assert a.export(tmp_path / "out.json") == 2
    report = b.import_file(tmp_path / "out.json")
    assert len(report.added) == 2 and not report.updated and not report.conflicts
    assert _snapshot(b) == _snapshot(a)
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert document["format"] == "canvass-notes" and document["version"] == FORMAT_VERSION


def test_export_some_by_tag_or_id(devices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _ = devices
    one = a.add("eins", tags=["Team"])
    two = a.add("zwei")
    assert a.export(tmp_path / "team.json", tag="team") == 1
    assert a.export(tmp_path / "ids.json", ids=[two.id]) == 1
    ids = [n["id"] for n in json.loads((tmp_path / "team.json").read_text())["notes"]]
    assert ids == [one.id]


def test_newer_version_replaces_older_and_older_is_ignored(devices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = devices
    note = a.add("Version 1")
    a.export(tmp_path / "v1.json")
    b.import_file(tmp_path / "v1.json")
    a.edit(note.id, text="Version 2")
    a.edit(note.id, text="Version 3", tags=["neu"])
    a.export(tmp_path / "v3.json")
    report = b.import_file(tmp_path / "v3.json")
    assert report.updated == [note.id] and not report.conflicts
    assert b.get(note.id).text == "Version 3" and b.get(note.id).tags == ("neu",)
    # The old file arriving late changes nothing.
    late = b.import_file(tmp_path / "v1.json")
    assert late.kept_local == [note.id] and not late.changed
    assert b.get(note.id).text == "Version 3"
    assert len(b.list()) == 1


def test_edits_on_both_devices_keep_both_as_conflict_copy(devices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = devices
    note = a.add("gemeinsam")
    a.export(tmp_path / "base.json")
    b.import_file(tmp_path / "base.json")
    a.edit(note.id, text="Änderung auf A")
    b.edit(note.id, text="Änderung auf B")
    a.export(tmp_path / "from-a.json")
    b.export(tmp_path / "from-b.json")

    report = b.import_file(tmp_path / "from-a.json")
    assert len(report.conflicts) == 1 and not report.updated
    copy_id = report.conflicts[0]
    assert b.get(note.id).text == "Änderung auf B"
    copy = b.get(copy_id)
    assert copy.text == "Änderung auf A" and copy.conflict_of == note.id
    assert sorted(n.text for n in b.list()) == ["Änderung auf A", "Änderung auf B"]

    # Symmetric on the other device: the same conflict yields the same copy ID.
    report_a = a.import_file(tmp_path / "from-b.json")
    assert len(report_a.conflicts) == 1
    assert sorted(n.text for n in a.list()) == ["Änderung auf A", "Änderung auf B"]

    # Exchanging the full sets afterwards converges without new copies or lost text.
    a.export(tmp_path / "a2.json")
    b.export(tmp_path / "b2.json")
    b.import_file(tmp_path / "a2.json")
    a.import_file(tmp_path / "b2.json")
    for store in (a, b):
        assert sorted(n.text for n in store.list()) == ["Änderung auf A", "Änderung auf B"]


def test_importing_the_same_file_twice_changes_nothing(devices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = devices
    shared = a.add("geteilt")
    a.export(tmp_path / "base.json")
    b.import_file(tmp_path / "base.json")
    a.edit(shared.id, text="A")
    b.edit(shared.id, text="B")
    a.add("nur auf A")
    a.export(tmp_path / "a.json")
    first = b.import_file(tmp_path / "a.json")
    assert first.changed
    before = _snapshot(b)
    second = b.import_file(tmp_path / "a.json")
    assert not second.changed
    assert _snapshot(b) == before
    assert len(second.unchanged) == 2


def test_deleted_note_is_not_brought_back_by_an_old_export(devices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = devices
    note = a.add("weg damit")
    a.export(tmp_path / "old.json")
    b.import_file(tmp_path / "old.json")
    b.delete(note.id)
    report = b.import_file(tmp_path / "old.json")
    assert report.skipped_deleted == [note.id]
    assert b.list() == []


def test_undo_of_delete_clears_the_tombstone(devices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _ = devices
    note = a.add("zurück")
    a.export(tmp_path / "x.json")
    a.restore(a.delete(note.id))
    assert a.import_file(tmp_path / "x.json").unchanged == [note.id]


def _write(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value) if not isinstance(value, str) else value, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{nicht json", "kein gültiges JSON"),
        ("", "kein gültiges JSON"),
        ({"format": "etwas-anderes", "version": 1, "notes": []}, "kein Notizexport"),
        ([1, 2, 3], "kein Notizexport"),
        (
            {"format": "canvass-notes", "version": FORMAT_VERSION + 1, "notes": []},
            "neueren Canvass-Version",
        ),
        ({"format": "canvass-notes", "version": "1", "notes": []}, "Formatversion"),
        ({"format": "canvass-notes", "version": 1, "notes": {}}, "keine Notizliste"),
        ({"format": "canvass-notes", "version": 1, "notes": [{"id": "kein-uuid"}]}, "Feld 'id'"),
    ],
)
def test_bad_files_are_one_sentence_and_change_nothing(
    devices,
    tmp_path: Path,
    content: object,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    a, _ = devices
    a.add("vorhanden")
    before = _snapshot(a)
    path = _write(tmp_path / "bad.json", content)
    with pytest.raises(CanvassError, match=message) as caught:
        a.import_file(path)
    assert "\n" not in caught.value.message
    assert _snapshot(a) == before


def test_one_invalid_note_rejects_the_whole_file(devices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b = devices
    a.add("gut")
    a.export(tmp_path / "x.json")
    document = json.loads((tmp_path / "x.json").read_text())
    broken = dict(document["notes"][0], id="7d1c3f0a-0000-4000-8000-000000000001", history=[])
    document["notes"].append(broken)
    _write(tmp_path / "x.json", document)
    with pytest.raises(CanvassError, match=r"Nr\. 2"):
        b.import_file(tmp_path / "x.json")
    assert b.list() == []


def test_binary_and_missing_files(devices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, _ = devices
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(CanvassError, match="kein Notizexport"):
        a.import_file(tmp_path / "bin.json")
    with pytest.raises(CanvassError, match="gibt es nicht"):
        a.import_file(tmp_path / "fehlt.json")
    with pytest.raises(CanvassError, match="nicht geschrieben"):
        a.export(tmp_path / "kein" / "ordner" / "x.json")
