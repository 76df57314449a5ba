"""`canvass export phone`: the real command writes the page, says how big it is, and refuses bad input in one line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.test_cli_export import assert_one_line_error, run_canvass

SPD = "spd-dortmund-2020-wirtschaft"


def content(path: Path) -> dict:  # type: ignore[type-arg]
    found = re.search(r'id="canvass-content">(.*?)</script>', path.read_text(encoding="utf-8"), re.S)
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_all_cards_and_topics_by_default(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "handy.html"
    result = run_canvass(data_dir, "export", "phone", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Handy-Seite geschrieben: {out} (")
    assert re.search(r"\(\d+ KB; 24 Karten, \d+ Themen, \d+ Textstellen\)", result.stdout), result.stdout
    page = content(out)
    assert len(page["cards"]) == 24 and len(page["topics"]) > 20
    assert out.stat().st_size < 1_000_000


def test_choosing_cards_topics_and_whole_programmes(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "auswahl.html"
    result = run_canvass(
        data_dir, "export", "phone", str(out),
        "--card", "glasfaser", "--card", "gruendung", "--topic", "gruendungen",
        "--programme", SPD, "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["cards"] == 2 and report["topics"] == 1 and report["programmes_in_full"] == 1
    assert report["bytes"] == out.stat().st_size
    page = content(out)
    assert [c["id"] for c in page["cards"]] == ["glasfaser", "gruendung"]
    assert [p["id"] for p in page["programmes"] if p["full"]] == [SPD]


def test_cards_only_or_topics_only(data_dir: Path, tmp_path: Path) -> None:
    small = tmp_path / "karten.html"
    assert run_canvass(data_dir, "export", "phone", str(small), "--no-topics").returncode == 0
    assert content(small)["topics"] == [] and len(content(small)["cards"]) == 24
    themes = tmp_path / "themen.html"
    assert run_canvass(data_dir, "export", "phone", str(themes), "--no-cards").returncode == 0
    assert content(themes)["cards"] == [] and content(themes)["topics"]


def test_bad_input_ends_in_one_line_and_exit_2(data_dir: Path, tmp_path: Path) -> None:
    assert_one_line_error(run_canvass(data_dir, "export", "phone", str(tmp_path / "x.html"), "--card", "nope"), "nope")
    assert_one_line_error(run_canvass(data_dir, "export", "phone", str(tmp_path / "x.html"), "--topic", "nope"), "nope")
    assert_one_line_error(run_canvass(data_dir, "export", "phone", str(tmp_path / "x.html"), "--programme", "nope"), "nope")
    assert_one_line_error(run_canvass(data_dir, "export", "phone", str(tmp_path)), "Ordner")
    assert_one_line_error(run_canvass(data_dir, "export", "phone", str(tmp_path / "fehlt" / "x.html")), "gibt es nicht")
    assert_one_line_error(
        run_canvass(data_dir, "export", "phone", str(tmp_path / "x.html"), "--no-cards", "--no-topics"), "leer"
    )
    assert not (tmp_path / "x.html").exists()
