"""`canvass notes`: the real command, its output shapes, exit codes and one-line German errors."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from canvass_app.errors import CanvassError

REPO_ROOT = Path(__file__).resolve().parents[2]


def canvass(
    data_dir: Path, *args: str, as_nobody: bool = False
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    # Root ignores file permissions, so a permission test drops to the unprivileged user.
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if as_nobody else []
    return subprocess.run(
        [
            *prefix,
            sys.executable,
            "-m",
            "canvass_app.cli",
            "--data-dir",
            str(data_dir),
            "notes",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
        env=env,
    )


def ok(data_dir: Path, *args: str) -> str:
    result = canvass(data_dir, *args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("canvass: ")
    assert fragment in result.stderr


def test_add_list_search_edit_delete(data_dir: Path, library: Any) -> None:
    topic = library.content.topics()[0].id
    passage = library.corpus.passages()[0].id
    first = ok(
        data_dir, "add", "Frau K. fragt nach dem Radweg", "--topic", topic, "--tag", "Rückfrage"
    ).strip()
    second = ok(data_dir, "add", "Kita-Plätze fehlen", "--passage", passage).strip()
    third = ok(data_dir, "add", "ohne Bezug", "--tag", "a", "--tag", "b").strip()
    assert len({first, second, third}) == 3

    listed = json.loads(ok(data_dir, "list", "--json"))
    assert [n["id"] for n in listed] == [third, second, first]
    by_id = {n["id"]: n for n in listed}
    assert by_id[first]["target"] == {"type": "topic", "id": topic}
    assert by_id[first]["tags"] == ["Rückfrage"]
    assert by_id[third]["target"] is None and by_id[third]["tags"] == ["a", "b"]
    for note in listed:
        assert {"id", "text", "tags", "target", "created", "updated"} <= set(note)

    assert [n["id"] for n in json.loads(ok(data_dir, "list", "--json", "--tag", "rückfrage"))] == [
        first
    ]
    on_passage = json.loads(ok(data_dir, "list", "--json", "--passage", passage))
    assert [n["id"] for n in on_passage] == [second]
    assert "Radweg" in ok(data_dir, "list")

    hits = json.loads(ok(data_dir, "search", "radw", "--json"))
    assert [n["id"] for n in hits] == [first]
    assert json.loads(ok(data_dir, "search", 'NEAR( "" *', "--json")) == []
    assert "Keine Notiz gefunden." in ok(data_dir, "search", "Zeppelin")

    assert ok(data_dir, "edit", first[:8], "Frau K. will einen Rückruf").strip() == first
    assert json.loads(ok(data_dir, "search", "Rückruf", "--json"))[0]["id"] == first
    assert json.loads(ok(data_dir, "search", "Radweg", "--json")) == []

    assert first in ok(data_dir, "delete", first)
    assert [n["id"] for n in json.loads(ok(data_dir, "list", "--json"))] == [third, second]
    one_line_error(canvass(data_dir, "delete", first), "gibt es nicht")
    one_line_error(canvass(data_dir, "edit", first, "x"), "gibt es nicht")


def test_list_on_an_empty_data_dir_creates_nothing(data_dir: Path) -> None:
    assert ok(data_dir, "list", "--json").strip() == "[]"
    assert "Keine Notizen." in ok(data_dir, "list")
    assert list(data_dir.iterdir()) == []


def test_usage_errors(data_dir: Path) -> None:
    result = canvass(data_dir, "add", "x", "--passage", "a", "--card", "b")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    one_line_error(canvass(data_dir, "add", "  "), "leere Notiz")


def test_export_import_between_two_data_dirs(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    kept = ok(a, "add", "für alle", "--tag", "Team").strip()
    ok(a, "add", "privat")
    exported = tmp_path / "team.json"
    assert "1 Notiz" in ok(a, "export", str(exported), "--tag", "team")
    report = json.loads(ok(b, "import", str(exported), "--json"))
    assert report["added"] == [kept]
    assert [n["text"] for n in json.loads(ok(b, "list", "--json"))] == ["für alle"]

    # Diverging edits, then exchange: both texts kept, and a repeat changes nothing.
    ok(a, "edit", kept, "Version A")
    ok(b, "edit", kept, "Version B")
    ok(a, "export", str(exported))
    report = json.loads(ok(b, "import", str(exported), "--json"))
    assert len(report["conflicts"]) == 1
    texts = sorted(n["text"] for n in json.loads(ok(b, "list", "--json")))
    assert texts == ["Version A", "Version B", "privat"]
    assert "0 neu, 0 aktualisiert, 0 Konfliktkopie(n)" in ok(b, "import", str(exported))
    assert sorted(n["text"] for n in json.loads(ok(b, "list", "--json"))) == texts


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{", "kein gültiges JSON"),
        ('{"hello": 1}', "kein Notizexport"),
        ('{"format": "canvass-notes", "version": 99, "notes": []}', "neueren Canvass-Version"),
    ],
)
def test_bad_import_files(data_dir: Path, tmp_path: Path, content: str, fragment: str) -> None:
    ok(data_dir, "add", "bleibt")
    before = ok(data_dir, "list", "--json")
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    one_line_error(canvass(data_dir, "import", str(bad)), fragment)
    assert ok(data_dir, "list", "--json") == before


def test_corrupt_database_message_says_where_and_how(data_dir: Path) -> None:
    note = ok(data_dir, "add", "wichtig").strip()
    (data_dir / "notes.db").write_bytes(b"\x00garbage" * 4000)
    result = canvass(data_dir, "list")
    one_line_error(result, "beschädigt")
    assert "notes.db.last-good" in result.stderr and "corrupt-" in result.stderr
    shutil.copy(data_dir / "notes.db.last-good", data_dir / "notes.db")
    assert note in ok(data_dir, "list")


def test_locked_database(data_dir: Path) -> None:
    ok(data_dir, "add", "vorher")
    holder = sqlite3.connect(data_dir / "notes.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        one_line_error(canvass(data_dir, "add", "währenddessen"), "gesperrt")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [n["text"] for n in json.loads(ok(data_dir, "list", "--json"))] == ["vorher"]


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory another user can enter, for running the command without root's powers."""
    path = Path(tempfile.mkdtemp(prefix="canvass-notes-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def test_read_only_data_dir(shared_dir: Path) -> None:
    data_dir = shared_dir / "data"
    ok(data_dir, "add", "vorher")
    as_nobody = os.geteuid() == 0
    if as_nobody and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    for path in data_dir.iterdir():
        path.chmod(0o444)
    data_dir.chmod(0o555)
    try:
        before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
        one_line_error(canvass(data_dir, "add", "neu", as_nobody=as_nobody), "schreibgeschützt")
        # Reading still works there, and nothing was changed.
        listed = canvass(data_dir, "list", "--json", as_nobody=as_nobody)
        assert listed.returncode == 0, listed.stderr
        assert [n["text"] for n in json.loads(listed.stdout)] == ["vorher"]
        note_id = json.loads(listed.stdout)[0]["id"]
        one_line_error(
            canvass(data_dir, "delete", note_id, as_nobody=as_nobody), "schreibgeschützt"
        )
        assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before
    finally:
        data_dir.chmod(0o755)


class _Passage:
    id = "spd:1a2b3c4d"
    text = "Wir bauen Kitas."


class _Corpus:
    def passage(self, passage_id: str) -> _Passage:
        if passage_id != _Passage.id:
            raise CanvassError(f"Eine Passage mit der ID {passage_id} gibt es nicht.")
        return _Passage()


def test_passage_ids_are_checked_against_the_corpus_when_there_is_one(library: Any) -> None:
    from canvass_app.commands import notes as command

    library.corpus = _Corpus()  # stands in for the corpus service until it is wired
    args = argparse.Namespace(text="x", passage="spd:1a2b3c4d", card=None, topic=None, tag=[])
    assert command._add(args, library) == 0
    note = library.notes.list()[0]
    assert note.anchor_text == "Wir bauen Kitas."
    with pytest.raises(CanvassError, match="gibt es nicht"):
        command._add(argparse.Namespace(**{**vars(args), "passage": "spd:ffffffff"}), library)
    assert len(library.notes.list()) == 1
    library.notes.close()


def test_targets_are_checked_against_the_shipped_data(data_dir: Path, library: Any) -> None:
    passages = library.corpus.passages()
    if not passages:
        pytest.skip("no programmes shipped in this checkout")
    passage = passages[0]
    note_id = ok(data_dir, "add", "zur Passage", "--passage", passage.id).strip()
    stored = json.loads(ok(data_dir, "list", "--json", "--passage", passage.id))
    assert [n["id"] for n in stored] == [note_id]
    assert stored[0]["anchor_text"] == passage.text
    unknown = passage.id.split(":")[0] + ":00000000"
    result = canvass(data_dir, "add", "x", "--passage", unknown)
    assert result.returncode == 2 and unknown in result.stderr
    for option, known in (
        ("--card", library.content.cards()),
        ("--topic", library.content.topics()),
    ):
        if known:
            ok(data_dir, "add", "x", option, known[0].id)
        assert canvass(data_dir, "add", "x", option, "gibt-es-sicher-nicht").returncode == 2
    assert len(json.loads(ok(data_dir, "list", "--json"))) == 1 + sum(
        1 for known in (library.content.cards(), library.content.topics()) if known
    )
