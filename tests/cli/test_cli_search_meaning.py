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


SLOW_MODEL = """
import sys
from canvass_app.search import embedding
from tests.core.dense_fakes import FakeEmbedder
embedding.load_embedder = lambda: FakeEmbedder(delay=0.2)
from canvass_app import cli
sys.exit(cli.main(sys.argv[1:]))
"""

PROGRAMME_TEXT = "\n\n".join(
    f"Kapitel {n}\n\nWir bauen bezahlbare Wohnungen Nummer {n} und mehr Busse für den Stadtteil {n}."
    for n in range(1, 41)
)


def _import_args(source: Path) -> list[str]:
    return ["import", str(source), "--id", "haus-2025", "--party", "Hauspartei", "--title", "Wohnen", "--year", "2025"]


def test_import_computes_the_vectors_with_progress_on_stderr(tmp_path: Path) -> None:
    source = tmp_path / "programm.txt"
    source.write_text(PROGRAMME_TEXT, encoding="utf-8")
    data = tmp_path / "data"
    result = canvass(data, *_import_args(source), "--json", fake_model=True)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["vectors"] == "complete"
    assert "Bedeutungssuche:" in result.stderr and "berechnet" in result.stderr
    listed = canvass(data, "vectors", "--json", fake_model=True)
    assert json.loads(listed.stdout) == {"complete": True, "missing": 0}
    # Without a model the import says nothing about vectors and search stays by words.
    other = tmp_path / "ohne"
    plain = canvass(other, *_import_args(source), "--json")
    assert plain.returncode == 0 and json.loads(plain.stdout)["vectors"] == "unavailable"
    skipped = canvass(tmp_path / "skip", *_import_args(source), "--no-vectors", "--json", fake_model=True)
    assert json.loads(skipped.stdout)["vectors"] == "skipped"


def test_the_missing_vectors_hint_counts_only_the_programmes_searched(tmp_path: Path) -> None:
    source = tmp_path / "programm.txt"
    source.write_text(PROGRAMME_TEXT, encoding="utf-8")
    data = tmp_path / "data"
    # The imported programme gets its vectors; the bundled chapters have none yet here.
    assert canvass(data, *_import_args(source), fake_model=True).returncode == 0
    everywhere = canvass(data, "search", "Wohnungen", fake_model=True)
    assert "noch nicht für die Bedeutungssuche" in everywhere.stderr
    filtered = canvass(data, "search", "Wohnungen", "--programme", "haus-2025", fake_model=True)
    assert filtered.returncode == 0, filtered.stderr
    assert "noch nicht für die Bedeutungssuche" not in filtered.stderr


def test_kill_9_during_the_import_vector_step_leaves_searchable_detectably_incomplete_vectors(
    tmp_path: Path,
) -> None:
    import signal
    import time

    source = tmp_path / "programm.txt"
    source.write_text(PROGRAMME_TEXT, encoding="utf-8")
    data = tmp_path / "data"
    repo = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_MODEL, "--data-dir", str(data), *_import_args(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=repo,
        env={**os.environ, "PYTHONPATH": str(repo)},
    )
    assert process.stdout is not None
    assert "importiert" in process.stdout.readline()  # stored and searchable by words now
    deadline = time.monotonic() + 60
    header = None
    while time.monotonic() < deadline:  # wait for a saved batch, then kill mid-way
        headers = list(data.glob("**/vectors/*/haus-2025.json"))
        if headers:
            header = json.loads(headers[0].read_text(encoding="utf-8"))
            if header["stored"] > 0:
                break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert header is not None and header["stored"] > 0
    # Lexical search works on what was imported ...
    found = canvass(data, "search", "bezahlbare Wohnungen", "--json", "--words-only")
    assert found.returncode == 0 and json.loads(found.stdout)
    # ... and the vectors say they are incomplete, from their header alone.
    after = json.loads(next(data.glob("**/vectors/*/haus-2025.json")).read_text(encoding="utf-8"))
    assert after["complete"] is False and 0 < after["stored"] < 40
    state = canvass(data, "vectors", "--json", fake_model=True)
    assert state.returncode == 0, state.stderr
    assert json.loads(state.stdout) == {"complete": True, "missing": 0}, "the rest is computed on the next run"
