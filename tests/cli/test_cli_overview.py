"""`canvass topic ID --programme ID…` and `canvass overview [--csv] [--pdf]` over imported real programmes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures.glmp import HERE, PROGRAMMES


def canvass(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    data_dir = tmp_path_factory.mktemp("cli-six")
    for programme_id, name, party, title in PROGRAMMES[:3]:  # three are enough here
        result = canvass(data_dir, "import", str(HERE / name), "--id", programme_id,
                         "--party", party, "--title", title, "--year", "2024")
        assert result.returncode == 0, result.stderr
    return data_dir


def test_topic_compares_only_the_programmes_named(imported: Path) -> None:
    result = canvass(imported, "topic", "mobilitaet", "--programme", "alzey-fdp-2024",
                     "--programme", "gruene-dortmund-2025-wirtschaft", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["programmes"]] == ["alzey-fdp-2024", "gruene-dortmund-2025-wirtschaft"]
    assert data["programmes"][0]["passages"]
    text = canvass(imported, "topic", "sport", "--programme", "alzey-fdp-2024",
                   "--programme", "spd-dortmund-2020-wirtschaft").stdout
    assert "FDP Alzey (2024): Dazu steht nichts im Programm." in text
    assert "SPD Dortmund (2020): Dazu steht nichts im Kapitel „Gute Arbeit und starke Wirtschaft“." in text


def test_topic_with_an_unknown_programme_is_one_line_and_exit_2(imported: Path) -> None:
    result = canvass(imported, "topic", "sport", "--programme", "gibt-es-nicht")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "gibt-es-nicht" in result.stderr
    assert "Traceback" not in result.stderr


def test_overview_prints_the_matrix_and_writes_csv_and_pdf(imported: Path, tmp_path: Path) -> None:
    result = canvass(imported, "overview")
    assert result.returncode == 0, result.stderr
    assert "Mobilität und Verkehr" in result.stdout and "–" in result.stdout
    data = json.loads(canvass(imported, "overview", "--json").stdout)
    assert len(data["programmes"]) == 5
    mobility = next(t for t in data["topics"] if t["id"] == "mobilitaet")
    assert mobility["passages"]["alzey-fdp-2024"] > 0 and mobility["passages"]["spd-dortmund-2020-wirtschaft"] == 0
    csv_path, pdf_path = tmp_path / "u.csv", tmp_path / "u.pdf"
    result = canvass(imported, "overview", "--csv", str(csv_path), "--pdf", str(pdf_path))
    assert result.returncode == 0, result.stderr
    assert csv_path.read_text(encoding="utf-8-sig").startswith("Thema-ID;Thema;Ebene;")
    assert pdf_path.read_bytes().startswith(b"%PDF")


def test_overview_to_an_unwritable_place_is_one_line_and_exit_2(imported: Path, tmp_path: Path) -> None:
    result = canvass(imported, "overview", "--csv", str(tmp_path / "nope" / "u.csv"))
    assert result.returncode == 2
    assert "kann nicht geschrieben werden" in result.stderr and "Traceback" not in result.stderr
    result = canvass(imported, "overview", "--pdf", str(tmp_path / "nope" / "u.pdf"))
    assert result.returncode == 2
    assert "kann nicht geschrieben werden" in result.stderr and "Traceback" not in result.stderr


def test_import_with_chapter_is_stored_and_compare_names_the_chapter(tmp_path: Path) -> None:
    programme_id, name, party, title = PROGRAMMES[1]
    result = canvass(tmp_path, "import", str(HERE / name), "--id", programme_id, "--party", party,
                     "--title", title, "--year", "2024", "--chapter", "  Mobilität  und Wirtschaft ")
    assert result.returncode == 0, result.stderr
    assert "nur das Kapitel „Mobilität und Wirtschaft“" in result.stdout
    shown = json.loads(canvass(tmp_path, "programmes", "--json").stdout)
    assert next(p for p in shown if p["id"] == programme_id)["chapter"] == "Mobilität und Wirtschaft"
    text = canvass(tmp_path, "topic", "senioren-und-pflege", "--programme", programme_id).stdout
    assert f"{party} (2024): Dazu steht nichts im Kapitel „Mobilität und Wirtschaft“." in text
    # A chapter name that is no name: one line, exit 2, nothing imported.
    again = canvass(tmp_path, "import", str(HERE / name), "--id", "zu-lang", "--party", party,
                    "--title", title, "--year", "2024", "--chapter", "x" * 200)
    assert again.returncode == 2 and again.stderr.strip().count("\n") == 0
    assert "Kapitelname" in again.stderr and "Traceback" not in again.stderr
    assert all(p["id"] != "zu-lang" for p in json.loads(canvass(tmp_path, "programmes", "--json").stdout))
