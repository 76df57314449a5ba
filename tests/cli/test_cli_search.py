"""`canvass search`: one query, a batch file, filters, JSON shapes, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GLASFASER_PASSAGE = "spd-dortmund-2020-wirtschaft:cdddd89c"
GREENS = "gruene-dortmund-2025-wirtschaft"
SPD = "spd-dortmund-2020-wirtschaft"


def canvass(data_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(data_dir), "search", *args],
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


@pytest.fixture(scope="module")
def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data directory for the read-only tests, so the index is built once."""
    return tmp_path_factory.mktemp("searchdata")


def test_plain_output_shows_party_year_section_and_marks(shared_dir: Path) -> None:
    result = canvass(shared_dir, "Reparaturprämie", "--limit", "5")
    assert result.returncode == 0, result.stderr
    assert "2025" in result.stdout and "GRÜNEN" in result.stdout
    assert "Für zukunftsfähigen Handel in der Innenstadt" in result.stdout
    assert "«Reparaturprämie»" in result.stdout
    assert "<b>" not in result.stdout


def test_json_hit_shape(shared_dir: Path) -> None:
    result = canvass(shared_dir, "Glasfasernetz", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    passages = [h for h in hits if h["type"] == "passage"]
    assert passages[0]["id"] == GLASFASER_PASSAGE
    for hit in hits:
        assert {"type", "id", "programme", "section", "text", "snippet", "score"} <= set(hit)
        assert hit["type"] in {"passage", "card", "note"}
    assert passages[0]["programme"] == SPD
    assert "<b>Glasfasernetz</b>" in passages[0]["snippet"]
    assert passages[0]["text"].startswith("Glasfasernetz, 5G")


def test_card_comes_first_for_its_question(shared_dir: Path) -> None:
    result = canvass(shared_dir, "Was macht ihr gegen Jugendarbeitslosigkeit?", "--json")
    hits = json.loads(result.stdout)
    assert hits[0]["type"] == "card"
    assert any(h["type"] == "passage" for h in hits)


def test_programme_filter_and_limit(shared_dir: Path) -> None:
    result = canvass(shared_dir, "fördern", "--programme", SPD, "--json", "--limit", "3")
    hits = json.loads(result.stdout)
    assert 0 < len(hits) <= 3
    assert all(h["programme"] == SPD for h in hits if h["type"] == "passage")
    both = canvass(shared_dir, "fördern", "--programme", SPD, "--programme", GREENS, "--json", "--limit", "50")
    assert {h["programme"] for h in json.loads(both.stdout) if h["type"] == "passage"} == {SPD, GREENS}


def test_topic_filter(shared_dir: Path) -> None:
    topics = subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(shared_dir), "topics", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    topic = next(t for t in json.loads(topics.stdout) if GLASFASER_PASSAGE in t["passages"])
    result = canvass(shared_dir, "Glasfaser", "--topic", topic["id"], "--json")
    hits = [h for h in json.loads(result.stdout) if h["type"] == "passage"]
    assert hits and all(h["id"] in topic["passages"] for h in hits)


def test_batch_json_gives_one_array_per_line_in_order(shared_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "queries.txt"
    batch.write_text("Glasfasernetz\n\nAtomkraft\n\"kaputt\n🙂\nReperaturprämie\n", encoding="utf-8")
    result = canvass(shared_dir, "--batch", str(batch), "--json", "--limit", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 6
    arrays = [json.loads(line) for line in lines]
    assert all(isinstance(a, list) and len(a) <= 2 for a in arrays)
    assert GLASFASER_PASSAGE in [h["id"] for h in arrays[0]]
    assert arrays[1] == [] and arrays[2] == []
    assert any("Reparaturprämie" in h["text"] for h in arrays[5])


def test_batch_from_stdin_and_plain(shared_dir: Path) -> None:
    result = canvass(shared_dir, "--batch", "-", stdin="Glasfaser\nWirtschatf\n")
    assert result.returncode == 0, result.stderr
    assert "# Glasfaser" in result.stdout and "Meinten Sie „Wirtschaft“?" in result.stdout


def test_batch_survives_bytes_that_are_not_utf8(shared_dir: Path, tmp_path: Path) -> None:
    batch = tmp_path / "cp1252.txt"
    batch.write_bytes("Förderung\n".encode("cp1252") + b"\xff\xfe\x00\n")
    result = canvass(shared_dir, "--batch", str(batch), "--json")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--programme", "gibtsnicht"], "Unbekanntes Programm"),
        (["x", "--topic", "gibtsnicht"], "gibtsnicht"),
        (["x", "--limit", "0"], "--limit"),
        ([], "Suchbegriff"),
        (["x", "--batch", "fehlt.txt"], "nicht beides"),
        (["--batch", "/nicht/da.txt"], "nicht gefunden"),
        (["--batch", "/"], "Ordner"),
    ],
)
def test_errors_are_one_german_line(shared_dir: Path, args: list[str], message: str) -> None:
    result = canvass(shared_dir, *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("query", ['"', "*", "AND", "text:", "-", "\x01", "x" * 10_000, "🙂", "((("])
def test_hostile_queries_exit_cleanly(shared_dir: Path, query: str) -> None:
    result = canvass(shared_dir, query, "--json")
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


def test_corrupt_index_is_rebuilt_by_the_command(tmp_path: Path) -> None:
    assert canvass(tmp_path, "Glasfaser").returncode == 0
    index_root = tmp_path / "cache" / "index"
    (directory,) = [p for p in index_root.iterdir() if p.is_dir()]
    for path in directory.iterdir():
        if path.name != "manifest.json":
            path.write_bytes(b"garbage")
    result = canvass(tmp_path, "Glasfasernetz", "--json")
    assert result.returncode == 0, result.stderr
    assert GLASFASER_PASSAGE in [h["id"] for h in json.loads(result.stdout)]


def test_imported_programme_becomes_searchable_and_removed_one_disappears(tmp_path: Path) -> None:
    source = tmp_path / "neu.md"
    source.write_text(
        "# Wohnen\n\nWir bauen 5000 Sozialwohnungen im Quartier Zwiebelturm.\n", encoding="utf-8"
    )
    assert canvass(tmp_path, "Zwiebelturm", "--json").stdout.strip() == "[]"
    imported = subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(tmp_path), "import", str(source),
         "--id", "test-2026", "--party", "Testpartei", "--title", "Test", "--year", "2026"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert imported.returncode == 0, imported.stderr
    hits = json.loads(canvass(tmp_path, "Zwiebelturm", "--json").stdout)
    assert [h["programme"] for h in hits] == ["test-2026"]
    removed = subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(tmp_path), "remove", "test-2026"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert removed.returncode == 0, removed.stderr
    assert canvass(tmp_path, "Zwiebelturm", "--json").stdout.strip() == "[]"
    # Updated in place: one index directory, no rebuilt copies left behind.
    assert len([p for p in (tmp_path / "cache" / "index").iterdir() if p.is_dir()]) == 1
