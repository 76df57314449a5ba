"""Search as the Library wires it: bundled programmes, shipped cards, real notes, topics."""

from __future__ import annotations

from pathlib import Path

from canvass_app.library import Library
from canvass_app.notes.model import Target


def test_library_search_merges_real_notes_and_forgets_deleted_ones(data_dir: Path) -> None:
    library = Library(data_dir)
    note = library.notes.add(
        "Herr Yilmaz fragt nach Glasfaser im Kreuzviertel",
        target=Target("passage", "spd-dortmund-2020-wirtschaft:cdddd89c"),
    )
    hits = library.search.search("Kreuzviertel").hits
    assert [(h.type, h.id) for h in hits] == [("note", note.id)]
    assert hits[0].programme == "spd-dortmund-2020-wirtschaft"
    assert "<b>Kreuzviertel</b>" in hits[0].snippet
    library.notes.delete(note.id)
    assert library.search.search("Kreuzviertel").hits == []
    index_bytes = b"".join(p.read_bytes() for p in (data_dir / "cache").rglob("*") if p.is_file())
    assert b"kreuzviertel" not in index_bytes.lower()


def test_library_search_filters_by_topic(data_dir: Path) -> None:
    library = Library(data_dir)
    topic = next(t for t in library.content.topics() if library.content.passage_ids(t.id))
    allowed = set(library.content.passage_ids(topic.id))
    for hit in library.search.search("Dortmund Wirtschaft", topic=topic.id, limit=50).hits:
        assert hit.type == "card" or hit.id in allowed


def test_trainer_thesaurus_in_the_data_dir_is_used(data_dir: Path) -> None:
    (data_dir / "thesaurus.toml").write_text(
        '[begriffe]\n"Schnellnetz" = ["Glasfasernetz"]\n', encoding="utf-8"
    )
    hits = Library(data_dir).search.search("Schnellnetz").hits
    assert any(h.id == "spd-dortmund-2020-wirtschaft:cdddd89c" for h in hits)


def test_first_search_after_opening_an_existing_index_does_not_rebuild(data_dir: Path) -> None:
    Library(data_dir).search.search("Glasfaser")
    again = Library(data_dir).search
    again.search("Glasfaser")
    assert again.last_build_seconds is None
