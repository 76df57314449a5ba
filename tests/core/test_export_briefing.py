"""Briefing files: round trip, the folder in the data directory, and one German line per bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from canvass_app.errors import CanvassError
from canvass_app.export.briefing import (
    Briefing,
    BriefingItem,
    BriefingStore,
    briefing_from_json,
    load_briefing,
    save_briefing,
    slug,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "briefings"


def _briefing() -> Briefing:
    return Briefing(
        title="Schulung „Innenstadt“ – Straße & Plätze",
        date="2025-08-30",
        intro="Erst zuhören,\n\ndann antworten.",
        items=(
            BriefingItem("card", ref="glasfaser"),
            BriefingItem("topic", ref="handwerk"),
            BriefingItem("passage", ref="spd-dortmund-2020-wirtschaft:0e810b58"),
            BriefingItem("note", ref="5f0c2a4e-0000-4000-8000-000000000001"),
            BriefingItem("text", title="Treffpunkt", text="18 Uhr, Friedensplatz."),
        ),
        layout="pocket",
    )


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    original = _briefing()
    path = save_briefing(original, tmp_path / "b.json")
    loaded = load_briefing(path)
    assert loaded == original
    assert loaded.metadata["path"] == str(path)
    # Readable on disk: umlauts as they are, one key per line.
    text = path.read_text(encoding="utf-8")
    assert "Straße" in text and '"type": "card"' in text
    assert text.count("\n") > 10


def test_display_date_is_german() -> None:
    assert _briefing().display_date == "30.08.2025"
    assert Briefing(title="x").display_date == ""


def test_the_shipped_fixture_loads_in_order() -> None:
    briefing = load_briefing(FIXTURES / "nordstadt.json")
    assert briefing.title == "Haustürtraining Nordstadt"
    assert [item.type for item in briefing.items] == [
        "text", "card", "passage", "card", "topic", "card", "text"
    ]
    assert briefing.items[1].ref == "jugendarbeitslosigkeit"


def test_store_saves_in_the_data_directory_without_overwriting(tmp_path: Path) -> None:
    store = BriefingStore(tmp_path / "briefings")
    assert store.entries() == []
    first = store.save(_briefing())
    second = store.save(_briefing())
    assert first.parent == tmp_path / "briefings"
    assert first != second
    assert first.name == "2025-08-30-schulung-innenstadt-strasse-plaetze.json"
    (tmp_path / "briefings" / "kaputt.json").write_text("{", encoding="utf-8")
    entries = store.entries()
    assert len(entries) == 3
    broken = [value for _, value in entries if isinstance(value, CanvassError)]
    assert len(broken) == 1


def test_slug_spells_out_umlauts() -> None:
    assert slug("Größe & Übermut") == "groesse-uebermut"
    assert slug("!!!") == "briefing"


def _write(tmp_path: Path, content: str | bytes) -> Path:
    path = tmp_path / "briefing.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _valid(**changes: object) -> str:
    data: dict[str, object] = {
        "format": "canvass-briefing",
        "version": 1,
        "title": "Test",
        "items": [{"type": "card", "id": "glasfaser"}],
    }
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{", "kein gültiges JSON, Zeile 1"),
        (b"\xff\xfe\x00garbage", "keine UTF-8-Textdatei"),
        ('{"title": "x"}', "keine Canvass-Briefing-Datei"),
        ("[1, 2]", "keine Canvass-Briefing-Datei"),
        (_valid(version=9), "hat Version 9"),
        (_valid(version="1"), "„version“"),
        (_valid(title="  "), "der Titel („title“) fehlt"),
        (_valid(title=5), "das Feld „title“ muss Text sein"),
        (_valid(date="30.08.2025"), "das Datum „30.08.2025“ hat nicht die Form JJJJ-MM-TT"),
        (_valid(layout="poster"), "das Layout „poster“ gibt es nicht"),
        (_valid(items={"card": "x"}), "„items“ muss eine Liste sein"),
        (_valid(items=["glasfaser"]), "Eintrag 1: muss ein Objekt"),
        (_valid(items=[{"type": "card", "id": "a"}, {"type": "video"}]), "Eintrag 2: der Typ „video“"),
        (_valid(items=[{"type": "topic"}]), "Eintrag 1: die ID („id“) fehlt"),
        (_valid(items=[{"type": "text", "text": " "}]), "Eintrag 1: der eigene Text („text“) ist leer"),
    ],
)
def test_bad_files_get_one_german_line(tmp_path: Path, content: str | bytes, expected: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(CanvassError) as caught:
        load_briefing(path)
    message = caught.value.message
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(CanvassError, match="gibt es nicht"):
        load_briefing(tmp_path / "fehlt.json")
    with pytest.raises(CanvassError, match="ist ein Ordner"):
        load_briefing(tmp_path)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, _valid(intro="x" * (6 * 1024 * 1024)))
    with pytest.raises(CanvassError, match="zu groß"):
        load_briefing(path)


def test_defaults_for_optional_fields() -> None:
    briefing = briefing_from_json(json.loads(_valid()))
    assert briefing.layout == "full"
    assert briefing.date == ""
    assert briefing.intro == ""


def test_save_into_an_unwritable_place_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "datei"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(CanvassError, match="kann nicht nach"):
        save_briefing(_briefing(), blocker / "b.json")
