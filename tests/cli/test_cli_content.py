"""`canvass topics|topic|cards|card|check` and card packs, run as the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GRUENE = "gruene-dortmund-2025-wirtschaft"
SPD = "spd-dortmund-2020-wirtschaft"


def canvass(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def json_of(data_dir: Path, *args: str):  # type: ignore[no-untyped-def]
    result = canvass(data_dir, *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_passes_on_shipped_data_with_one_ok_line(data_dir: Path) -> None:
    result = canvass(data_dir, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("OK:")


def test_check_reports_a_broken_trainer_card_with_file_and_card(data_dir: Path) -> None:
    card = json_of(data_dir, "card", "reparaturpraemie", "--json")
    card["answers"][0]["citations"][0]["quote"] = "eine Abwrackprämie einführen"
    (data_dir / "cards").mkdir()
    path = data_dir / "cards" / "reparaturpraemie.json"
    path.write_text(json.dumps(card, ensure_ascii=False), encoding="utf-8")
    result = canvass(data_dir, "check")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{path}: Karte reparaturpraemie:")
    assert "nicht wörtlich" in lines[0]
    assert lines[-1] == "1 Problem gefunden."


def test_topics_json_shape(data_dir: Path) -> None:
    topics = json_of(data_dir, "topics", "--json")
    assert len(topics) >= 12
    for topic in topics:
        assert list(topic) == ["id", "title", "parent", "passages"]
    by_id = {t["id"]: t for t in topics}
    assert by_id["jugendarbeitslosigkeit"]["parent"] == "arbeit-und-ausbildung"
    assert f"{SPD}:0e810b58" in by_id["jugendarbeitslosigkeit"]["passages"]


def test_topic_json_groups_passages_by_programme_and_names_silence(data_dir: Path) -> None:
    topic = json_of(data_dir, "topic", "digitale-infrastruktur", "--json")
    assert topic["id"] == "digitale-infrastruktur"
    assert topic["passages"][GRUENE] == []
    assert topic["passages"][SPD]
    programmes = {p["id"]: p for p in topic["programmes"]}
    assert programmes[GRUENE]["says_nothing"] is True
    assert programmes[SPD]["says_nothing"] is False
    assert programmes[SPD]["year"] == 2020
    assert {"id", "section", "text"} <= set(programmes[SPD]["passages"][0])
    assert "glasfaser" in topic["cards"]


def test_topic_text_says_which_programme_says_nothing(data_dir: Path) -> None:
    result = canvass(data_dir, "topic", "kreislaufwirtschaft-und-reparatur")
    assert result.returncode == 0
    assert "SPD Dortmund (2020): Dazu steht nichts im Kapitel „Gute Arbeit und starke Wirtschaft“." in result.stdout
    assert "(2025):" in result.stdout


def test_cards_json_shape(data_dir: Path) -> None:
    cards = json_of(data_dir, "cards", "--json")
    assert len(cards) >= 15
    for card in cards:
        assert list(card) == ["id", "question", "phrasings", "answers", "topics", "tip"]
        for answer in card["answers"]:
            assert {"programme", "summary", "citations"} <= set(answer)
            for citation in answer["citations"]:
                assert list(citation) == ["passage_id", "quote"]
    ids = {c["id"] for c in cards}
    assert {"jugendarbeitslosigkeit", "glasfaser", "reparaturpraemie"} <= ids


def test_card_json_and_text(data_dir: Path) -> None:
    card = json_of(data_dir, "card", "glasfaser", "--json")
    assert card["id"] == "glasfaser"
    gruene = next(a for a in card["answers"] if a["programme"] == GRUENE)
    assert gruene["citations"] == [] and gruene["silent"] is True
    text = canvass(data_dir, "card", "glasfaser").stdout
    assert "BÜNDNIS 90/DIE GRÜNEN Dortmund (2025): sagt dazu nichts." in text
    assert "Tipp:" in text


def test_unknown_card_and_topic_are_one_german_line(data_dir: Path) -> None:
    for args in (("card", "gibtsnicht"), ("topic", "gibtsnicht")):
        result = canvass(data_dir, *args)
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and "gibt es nicht" in result.stderr
        assert "Traceback" not in result.stderr


def test_pack_round_trip_between_two_data_dirs(tmp_path: Path, data_dir: Path) -> None:
    card = json_of(data_dir, "card", "glasfaser", "--json")
    card["id"] = "internet-team"
    card["question"] = "Wann wird unser Viertel ans schnelle Netz angeschlossen?"
    (data_dir / "cards").mkdir()
    (data_dir / "cards" / "internet-team.json").write_text(
        json.dumps(card, ensure_ascii=False), encoding="utf-8"
    )
    pack = tmp_path / "team.json"
    result = canvass(data_dir, "cards", "export", str(pack), "--user-only")
    assert result.returncode == 0, result.stderr
    assert "1 Karte exportiert" in result.stdout

    member = tmp_path / "member"
    result = canvass(member, "cards", "import", str(pack))
    assert result.returncode == 0, result.stderr
    assert "internet-team" in result.stdout
    assert json_of(member, "card", "internet-team", "--json") == card
    assert canvass(member, "check").returncode == 0


def test_invalid_pack_is_refused_whole_with_reasons(tmp_path: Path, data_dir: Path) -> None:
    good = json_of(data_dir, "card", "handwerk", "--json")
    good["id"] = "handwerk-team"
    bad = json_of(data_dir, "card", "gruendung", "--json")
    bad["id"] = "gruendung-team"
    bad["answers"][0]["citations"][0]["passage_id"] = f"{SPD}:00000000"
    bad["topics"] = ["gibtsnicht"]
    pack = tmp_path / "pack.json"
    pack.write_text(
        json.dumps(
            {"format": "canvass-card-pack", "version": 1, "cards": [good, bad]}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    result = canvass(data_dir, "cards", "import", str(pack))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Karte gruendung-team: unbekanntes Thema 'gibtsnicht'" in result.stderr
    assert "unbekannte Passage" in result.stderr
    assert "nichts gespeichert" in result.stderr
    assert not (data_dir / "cards").exists()
    assert canvass(data_dir, "card", "handwerk-team").returncode == 2


@pytest.mark.parametrize(
    "payload", ["", "{}", "[1, 2]", '{"format": "canvass-card-pack", "version": 1}']
)
def test_garbage_pack_is_refused(tmp_path: Path, data_dir: Path, payload: str) -> None:
    pack = tmp_path / "pack.json"
    pack.write_text(payload, encoding="utf-8")
    result = canvass(data_dir, "cards", "import", str(pack))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not (data_dir / "cards").exists()


def test_export_of_all_cards_can_be_imported_back(tmp_path: Path, data_dir: Path) -> None:
    pack = tmp_path / "alle.json"
    assert canvass(data_dir, "cards", "export", str(pack)).returncode == 0
    data = json.loads(pack.read_text(encoding="utf-8"))
    assert data["format"] == "canvass-card-pack" and data["version"] == 1
    assert len(data["cards"]) >= 15
    member = tmp_path / "member"
    assert canvass(member, "cards", "import", str(pack)).returncode == 0
    assert len(list((member / "cards").glob("*.json"))) == len(data["cards"])


def test_deleting_an_own_card_brings_the_shipped_one_back(data_dir: Path) -> None:
    shipped = json_of(data_dir, "card", "glasfaser", "--json")
    own = dict(shipped, question="Wann kommt Glasfaser in meine Straße?")
    (data_dir / "cards").mkdir()
    (data_dir / "cards" / "glasfaser.json").write_text(json.dumps(own, ensure_ascii=False), encoding="utf-8")
    assert json_of(data_dir, "card", "glasfaser", "--json")["question"] == own["question"]

    result = canvass(data_dir, "cards", "delete", "glasfaser")
    assert result.returncode == 0, result.stderr
    assert "mitgelieferte Karte gilt wieder" in result.stdout
    assert json_of(data_dir, "card", "glasfaser", "--json") == shipped

    again = canvass(data_dir, "cards", "delete", "glasfaser")
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and "lassen sich nicht löschen" in again.stderr
