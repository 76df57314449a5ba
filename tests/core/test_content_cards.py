"""Cards: loading, trainer cards that shadow shipped ones, and card packs (export, import, refusal)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from canvass_app.content import PACK_FORMAT, Answer, Card, Citation, Content, PackRejected
from canvass_app.errors import CanvassError
from tests.fixtures.content.fixture_corpus import DATA_DIR, load_corpus

ALPHA = "alpha-2025-wirtschaft"
BETA = "beta-2020-wirtschaft"


def content(data_dir: Path) -> Content:
    return Content(load_corpus(), DATA_DIR, data_dir)


def repair_card(card_id: str = "reparatur", quote: str = "eine Reparaturprämie einführen") -> Card:
    return Card(
        id=card_id,
        question="Gibt es Geld fürs Reparieren?",
        phrasings=("Reparaturbonus?",),
        answers=(
            Answer(
                ALPHA, "Alpha will eine Reparaturprämie.", (Citation(f"{ALPHA}:3182dd7d", quote),)
            ),
            Answer(BETA, "Beta sagt dazu nichts.", (), silent=True),
        ),
        topics=("reparatur",),
        tip="Keine Beträge nennen.",
    )


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_shipped_cards_load_with_their_json_shape(data_dir: Path) -> None:
    c = content(data_dir)
    assert [card.id for card in c.cards()] == ["glasfaser", "jugend"]
    data = c.card("glasfaser").to_json()
    assert list(data) == ["id", "question", "phrasings", "answers", "topics", "tip"]
    assert data["answers"][0] == {
        "programme": BETA,
        "summary": "Beta nennt Glasfaser zentral.",
        "citations": [
            {"passage_id": f"{BETA}:8585ad24", "quote": "Glasfasernetz, 5G und offenes WLAN"}
        ],
        "silent": False,
    }
    assert data["answers"][1]["silent"] is True
    assert data["answers"][1]["citations"] == []


def test_save_card_writes_to_user_dir_only(data_dir: Path) -> None:
    before = snapshot(DATA_DIR)
    c = content(data_dir)
    saved = c.save_card(repair_card())
    assert saved.origin == "user"
    assert (data_dir / "cards" / "reparatur.json").is_file()
    assert snapshot(DATA_DIR) == before
    assert [card.id for card in content(data_dir).cards()] == ["glasfaser", "jugend", "reparatur"]
    assert content(data_dir).check() == []


def test_user_card_shadows_shipped_card_and_deleting_restores_it(data_dir: Path) -> None:
    c = content(data_dir)
    shipped = c.card("jugend")
    edited = dataclasses.replace(shipped, question="Was tut ihr für junge Arbeitslose?")
    c.save_card(edited)
    assert c.card("jugend").question == "Was tut ihr für junge Arbeitslose?"
    assert c.card("jugend").origin == "user"
    assert len([card for card in c.cards() if card.id == "jugend"]) == 1
    assert c.shipped_card("jugend") == shipped
    assert c.delete_card("jugend") is True
    assert c.card("jugend").question == shipped.question
    assert c.delete_card("jugend") is False


def test_invalid_card_is_not_saved(data_dir: Path) -> None:
    c = content(data_dir)
    bad = repair_card(quote="eine Reparaturprämie abschaffen")
    assert any("nicht wörtlich" in p for p in c.validate_card(bad))
    with pytest.raises(CanvassError, match="nicht gespeichert"):
        c.save_card(bad)
    assert not (data_dir / "cards").exists()


def test_card_id_must_be_a_safe_file_name(data_dir: Path) -> None:
    problems = content(data_dir).validate_card(repair_card(card_id="../böse"))
    assert any("ungültig" in p for p in problems)


def test_validate_card_reports_each_kind_of_problem(data_dir: Path) -> None:
    c = content(data_dir)
    assert c.validate_card(repair_card()) == []
    unknown_passage = dataclasses.replace(
        repair_card(), answers=(Answer(ALPHA, "x", (Citation(f"{ALPHA}:deadbeef", "x"),)),)
    )
    assert any("unbekannte Passage" in p for p in c.validate_card(unknown_passage))
    no_citation = dataclasses.replace(repair_card(), answers=(Answer(ALPHA, "x", (), silent=True),))
    assert any("keinen einzigen Beleg" in p for p in c.validate_card(no_citation))
    unknown_topic = dataclasses.replace(repair_card(), topics=("gibtsnicht",))
    assert any("unbekanntes Thema" in p for p in c.validate_card(unknown_topic))


def test_export_import_round_trip(tmp_path: Path, data_dir: Path) -> None:
    trainer = content(data_dir)
    trainer.save_card(repair_card())
    pack = tmp_path / "paket.json"
    assert trainer.export_pack(pack, user_only=True) == 1
    data = json.loads(pack.read_text(encoding="utf-8"))
    assert data["format"] == PACK_FORMAT and data["version"] == 1
    assert [card["id"] for card in data["cards"]] == ["reparatur"]

    member_dir = tmp_path / "member"
    member = content(member_dir)
    imported = member.import_pack(pack)
    assert [card.id for card in imported] == ["reparatur"]
    assert member.card("reparatur") == trainer.card("reparatur")
    assert member.card("reparatur").origin == "user"


def test_export_all_and_selected_cards(tmp_path: Path, data_dir: Path) -> None:
    c = content(data_dir)
    assert c.export_pack(tmp_path / "alle.json") == 2
    assert c.export_pack(tmp_path / "eine.json", ["glasfaser"]) == 1
    with pytest.raises(CanvassError):
        c.export_pack(tmp_path / "x.json", ["gibtsnicht"])
    with pytest.raises(CanvassError, match="keine Karten"):
        c.export_pack(tmp_path / "leer.json", user_only=True)


def test_invalid_pack_is_refused_whole(tmp_path: Path, data_dir: Path) -> None:
    good = repair_card("gut").to_json()
    bad = repair_card("schlecht", quote="erfundenes Zitat").to_json()
    pack = tmp_path / "paket.json"
    pack.write_text(
        json.dumps({"format": PACK_FORMAT, "version": 1, "cards": [good, bad]}), encoding="utf-8"
    )
    c = content(data_dir)
    with pytest.raises(PackRejected) as rejected:
        c.import_pack(pack)
    reasons = [str(p) for p in rejected.value.problems]
    assert len(reasons) == 1
    assert reasons[0].startswith(f"{pack}: Karte schlecht:") and "nicht wörtlich" in reasons[0]
    assert rejected.value.exit_code == 2
    assert not (data_dir / "cards").exists()
    assert [card.id for card in c.cards()] == ["glasfaser", "jugend"]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("kein json", "keine lesbare JSON-Datei"),
        ('{"format": "etwas-anderes", "version": 1, "cards": []}', "kein Kartenpaket"),
        ('{"format": "canvass-card-pack", "version": 99, "cards": []}', "Paketversion 99"),
        ('{"format": "canvass-card-pack", "version": 1, "cards": []}', "keine Karten"),
        (
            '{"format": "canvass-card-pack", "version": 1, "cards": [{"id": "x"}]}',
            "Feld 'question' fehlt",
        ),
        ('{"format": "canvass-card-pack", "version": 1, "cards": [42]}', "keine Tabelle"),
    ],
)
def test_malformed_packs_are_refused_with_a_reason(
    tmp_path: Path, data_dir: Path, payload: str, reason: str
) -> None:
    pack = tmp_path / "paket.json"
    pack.write_text(payload, encoding="utf-8")
    with pytest.raises(PackRejected) as rejected:
        content(data_dir).import_pack(pack)
    assert any(reason in str(p) for p in rejected.value.problems)


def test_pack_with_duplicate_ids_is_refused(tmp_path: Path, data_dir: Path) -> None:
    card = repair_card().to_json()
    pack = tmp_path / "paket.json"
    pack.write_text(
        json.dumps({"format": PACK_FORMAT, "version": 1, "cards": [card, card]}), encoding="utf-8"
    )
    with pytest.raises(PackRejected) as rejected:
        content(data_dir).import_pack(pack)
    assert any("mehrfach" in str(p) for p in rejected.value.problems)


def test_failed_import_leaves_existing_trainer_cards_untouched(
    tmp_path: Path, data_dir: Path
) -> None:
    c = content(data_dir)
    c.save_card(repair_card())
    before = snapshot(data_dir)
    changed = repair_card(quote="ganz anders").to_json()
    pack = tmp_path / "paket.json"
    pack.write_text(
        json.dumps({"format": PACK_FORMAT, "version": 1, "cards": [changed]}), encoding="utf-8"
    )
    with pytest.raises(PackRejected):
        c.import_pack(pack)
    assert snapshot(data_dir) == before


def test_missing_pack_file_is_a_german_error(tmp_path: Path, data_dir: Path) -> None:
    with pytest.raises(CanvassError, match="gibt es nicht"):
        content(data_dir).import_pack(tmp_path / "fehlt.json")


def test_unreadable_user_card_is_skipped_and_reported(data_dir: Path) -> None:
    (data_dir / "cards").mkdir()
    (data_dir / "cards" / "kaputt.json").write_text("{", encoding="utf-8")
    c = content(data_dir)
    assert [card.id for card in c.cards()] == ["glasfaser", "jugend"]
    assert any("kaputt.json" in str(p) for p in c.check())
