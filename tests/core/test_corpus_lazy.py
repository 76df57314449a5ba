"""The stored parsed structure: written at import, listing reads headers only, one programme read on demand,
a newer parser re-parses once, damage falls back to the raw source."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from canvass_app.corpus import store
from canvass_app.corpus.model import Programme, Section
from canvass_app.corpus.store import STRUCTURE_SUFFIX, Corpus
from canvass_app.errors import CanvassError
from tests.core.test_corpus_store import MARKDOWN, PLAIN

REPO = Path(__file__).resolve().parents[2]


def imported_library(data_dir: Path, tmp_path: Path, count: int = 3) -> list[Programme]:
    corpus = Corpus(REPO / "data", data_dir)
    programmes = []
    for n in range(count):
        source = tmp_path / f"p{n}.md"
        source.write_text(MARKDOWN.replace("Klima", f"Klima {n}") + f"\nOrt{n} bekommt einen Park.\n", encoding="utf-8")
        programmes.append(
            corpus.import_file(source, programme_id=f"partei-{n}", party=f"Partei {n}", title="Programm", year=2025)
        )
    return programmes


def test_import_stores_the_structure_next_to_the_raw_source(data_dir: Path, tmp_path: Path) -> None:
    (programme,) = imported_library(data_dir, tmp_path, 1)
    structure = data_dir / "programmes" / f"partei-0{STRUCTURE_SUFFIX}"
    header, body = structure.read_text(encoding="utf-8").splitlines()
    assert json.loads(header)["parser"] == store.PARSER_VERSION
    assert json.loads(header)["entry"]["passage_count"] == len(programme.passages())
    assert Programme.from_json(json.loads(body)) == programme


def test_listing_reads_no_programme_text_and_parses_nothing(data_dir: Path, tmp_path: Path, bodies_read: list[str]) -> None:
    programmes = imported_library(data_dir, tmp_path)
    cold = Corpus(REPO / "data", data_dir)
    listed = cold.catalog()
    assert [e.id for e in listed][2:] == [p.id for p in programmes]
    assert [e.passage_count for e in listed][2:] == [len(p.passages()) for p in programmes]
    assert bodies_read == []
    assert cold.parse_count == 2  # the two bundled chapters, never an import


def test_a_command_that_needs_one_programme_reads_one(data_dir: Path, tmp_path: Path, bodies_read: list[str]) -> None:
    programmes = imported_library(data_dir, tmp_path)
    cold = Corpus(REPO / "data", data_dir)
    wanted = programmes[1].passages()[0]
    assert cold.passage(wanted.id) == wanted
    assert cold.section_of(wanted).id == wanted.section_id
    assert cold.programme_of(wanted).id == "partei-1"
    assert bodies_read == ["partei-1"]
    assert cold.parse_count == 2


def test_a_newer_parser_parses_the_raw_source_again_once(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    imported_library(data_dir, tmp_path)
    monkeypatch.setattr(store, "PARSER_VERSION", store.PARSER_VERSION + 1)
    first = Corpus(REPO / "data", data_dir)
    first.catalog()
    assert first.parse_count == 2 + 3
    second = Corpus(REPO / "data", data_dir)
    second.programmes()
    assert second.parse_count == 2  # stored again by the newer parser: not parsed a second time


def test_digest_follows_the_structure(data_dir: Path, tmp_path: Path) -> None:
    imported_library(data_dir, tmp_path, 1)
    digests = Corpus(REPO / "data", data_dir).digests()
    assert Corpus(REPO / "data", data_dir).digests() == digests
    source = tmp_path / "other.txt"
    source.write_text(PLAIN, encoding="utf-8")
    corpus = Corpus(REPO / "data", data_dir)
    corpus.import_file(source, programme_id="partei-x", party="X", title="T", year=2025)
    after = corpus.digests()
    assert {k: v for k, v in after.items() if k != "partei-x"} == digests


@pytest.mark.parametrize("damage", ["garbage", "truncated", "deleted", "other-raw", "nested"])
def test_damaged_structure_falls_back_to_the_raw_source(data_dir: Path, tmp_path: Path, damage: str) -> None:
    (programme,) = imported_library(data_dir, tmp_path, 1)
    structure = data_dir / "programmes" / f"partei-0{STRUCTURE_SUFFIX}"
    if damage == "garbage":
        structure.write_bytes(b"\xff\x00 not json\n")
    elif damage == "truncated":
        structure.write_bytes(structure.read_bytes()[:-200])
    elif damage == "deleted":
        structure.unlink()
    elif damage == "nested":
        header = structure.read_text(encoding="utf-8").splitlines()[0]
        structure.write_text(header + "\n" + "[" * 100_000 + "\n", encoding="utf-8")
    else:
        raw = data_dir / "programmes" / "partei-0.json"
        raw.write_text(raw.read_text(encoding="utf-8") + " ", encoding="utf-8")
    cold = Corpus(REPO / "data", data_dir)
    again = cold.programme("partei-0")
    assert [p.id for p in again.passages()] == [p.id for p in programme.passages()]
    assert cold.problems() == []
    # Repaired on disk: the next process reads it without parsing.
    assert Corpus(REPO / "data", data_dir).programme("partei-0") == again


def test_removal_deletes_the_structure_too(data_dir: Path, tmp_path: Path) -> None:
    imported_library(data_dir, tmp_path, 1)
    corpus = Corpus(REPO / "data", data_dir)
    corpus.remove("partei-0")
    assert list((data_dir / "programmes").iterdir()) == []
    with pytest.raises(CanvassError):
        corpus.programme("partei-0")


def test_section_from_json_reads_fields_it_knows_and_defaults_the_rest() -> None:
    data = {"id": "p/s", "title": "T", "passages": [], "level": 2, "parent": "p/x", "unknown": 1}
    section = Section.from_json(data, "p")
    assert section.id == "p/s" and section.title == "T"
    for extra in dataclasses.fields(Section):
        if extra.name in ("level", "parent"):
            assert getattr(section, extra.name) == data[extra.name]
    minimal = Section.from_json({"id": "p/s"}, "p")
    assert minimal.passages == ()


def test_a_search_in_a_cold_process_reads_no_programme(
    data_dir: Path, tmp_path: Path, bodies_read: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The word search's path; the meaning search (its vectors) is left out here."""
    from canvass_app.library import Library

    monkeypatch.setenv("CANVASS_EMBEDDER", "0")

    imported_library(data_dir, tmp_path)
    Library(data_dir, REPO / "data").search.search("Park")  # builds the index (reads every programme once)
    bodies_read.clear()
    cold = Library(data_dir, REPO / "data")
    hits = cold.search.search("Ort1 Park").hits
    assert any(h.programme == "partei-1" and h.party == "Partei 1" and h.section_title for h in hits)
    assert bodies_read == []


def test_an_open_app_follows_an_import_and_a_removal_by_another_process(data_dir: Path, tmp_path: Path) -> None:
    from canvass_app.library import Library

    app = Library(data_dir, REPO / "data")
    assert app.search.search("Zwiebelturm").hits == []
    source = tmp_path / "neu.md"
    source.write_text("# Wohnen\n\nWir bauen Sozialwohnungen im Quartier Zwiebelturm.\n", encoding="utf-8")
    cli = Library(data_dir, REPO / "data")
    cli.import_programme(source, programme_id="neu-2026", party="Neu", title="Neu", year=2026)
    assert [h.programme for h in app.search.search("Zwiebelturm").hits] == ["neu-2026"]
    # The app did not take the programme out again, nor put it back after a removal.
    assert [h.programme for h in Library(data_dir, REPO / "data").search.search("Zwiebelturm").hits] == ["neu-2026"]
    Library(data_dir, REPO / "data").remove_programme("neu-2026")
    assert app.search.search("Zwiebelturm").hits == []
    assert Library(data_dir, REPO / "data").search.search("Zwiebelturm").hits == []
