"""`canvass search` and `canvass vectors`: match on every hit, the honest empty message,
progress on stderr, and a one-line error without the model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FAKE_MODEL = """
import sys
from canvass_app.search import embedding
from tests.core.dense_fakes import FakeEmbedder
embedding.load_embedder = lambda: FakeEmbedder()
from canvass_app import cli
sys.exit(cli.main(sys.argv[1:]))
"""


def canvass(data_dir: Path, *args: str, fake_model: bool = False) -> subprocess.CompletedProcess[str]:
    repo = Path(__file__).resolve().parents[2]
    command = [sys.executable, "-c", FAKE_MODEL] if fake_model else [sys.executable, "-m", "canvass_app.cli"]
    return subprocess.run(
        [*command, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("meaning")


def test_every_json_hit_says_how_it_was_found(data_dir: Path) -> None:
    result = canvass(data_dir, "search", "Glasfaser", "--json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits and all(h["match"] == "words" for h in hits)


def test_empty_result_names_the_chapters_searched(data_dir: Path) -> None:
    result = canvass(data_dir, "search", "Zahnarztpraxis")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "Im Kapitel „Wirtschaft“ der Grünen 2025 und im Kapitel „Gute Arbeit und starke "
        "Wirtschaft“ der SPD 2020 steht nichts zu „Zahnarztpraxis“ – die vollständigen "
        "Programme können mehr enthalten."
    )
    filtered = canvass(data_dir, "search", "Zahnarztpraxis", "--programme", "spd-dortmund-2020-wirtschaft")
    assert "Gesucht wurde nur in 1 von 2 Programmen." in filtered.stdout


def test_vectors_without_the_model_is_a_one_line_error(data_dir: Path) -> None:
    result = canvass(data_dir, "vectors")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Wortsuche" in result.stderr


def test_vectors_reports_progress_on_stderr_then_search_fuses(tmp_path: Path) -> None:
    result = canvass(tmp_path, "vectors", "--json", fake_model=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"complete": True, "missing": 0}
    assert "Bedeutungssuche: gruene-dortmund-2025-wirtschaft" in result.stderr
    assert "Abschnitte" in result.stderr
    again = canvass(tmp_path, "vectors", "--json", fake_model=True)
    assert "Bedeutungssuche:" not in again.stderr, "nothing left to embed"
