"""Importing or removing a programme reads that programme only: notes follow it, not the whole library.

Counted, not timed: the programmes whose stored structure is read from disk while a
programme is imported or removed in a library that already holds others (with a
notes file, so the notes really are re-attached), and the notes that move, stay or
become detached.
"""

from __future__ import annotations

from pathlib import Path

from canvass_app.library import Library
from canvass_app.notes.model import Target
from tests.core.test_corpus_lazy import imported_library
from tests.core.test_corpus_store import MARKDOWN


def _source(tmp_path: Path, name: str, extra: str) -> Path:
    path = tmp_path / f"{name}.md"
    path.write_text(MARKDOWN + f"\n{extra}\n", encoding="utf-8")
    return path


def test_import_and_removal_read_only_the_changed_programme(
    data_dir: Path, tmp_path: Path, bodies_read: list[str]
) -> None:
    others = imported_library(data_dir, tmp_path, count=4)
    on_other = others[1].passages()[0]
    setup = Library(data_dir)
    other_note = setup.notes.add("beim Nachbarn", target=Target("passage", on_other.id), anchor_text=on_other.text)
    setup.notes.close()

    library = Library(data_dir)  # a fresh process, as the CLI is
    bodies_read.clear()
    new = library.import_programme(
        _source(tmp_path, "neu", "Der Marktplatz wird autofrei."),
        programme_id="neu-2026", party="Neu", title="Programm", year=2026,
    )
    assert bodies_read == []  # nothing of the four others was read (the new one is in memory)
    passage = new.passages()[0]
    note = library.notes.add("Marktplatz!", target=Target("passage", passage.id), anchor_text=passage.text)

    bodies_read.clear()
    library.remove_programme("neu-2026")
    assert bodies_read == []
    # A note on the removed programme stays, detached; notes elsewhere are untouched.
    assert library.notes.get(note.id).detached
    assert not library.notes.get(other_note.id).detached
    assert library.notes.get(other_note.id).target == Target("passage", on_other.id)

    # Imported again: its note is attached again, still without reading the others.
    bodies_read.clear()
    library.import_programme(
        _source(tmp_path, "neu", "Der Marktplatz wird autofrei."),
        programme_id="neu-2026", party="Neu", title="Programm", year=2026,
    )
    assert bodies_read == []
    again = library.notes.get(note.id)
    assert not again.detached and again.target == Target("passage", passage.id)


def test_a_changed_passage_keeps_its_note_on_reimport(data_dir: Path, tmp_path: Path) -> None:
    library = Library(data_dir)
    text = "Wir bauen den Radweg an der Hafenstraße bis 2027 durchgehend aus."
    first = library.import_programme(
        _source(tmp_path, "rad", text), programme_id="rad-2026", party="Rad", title="Programm", year=2026
    )
    old = next(p for p in first.passages() if "Hafenstraße" in p.text)
    note = library.notes.add("Radweg", target=Target("passage", old.id), anchor_text=old.text)
    library.remove_programme("rad-2026")
    changed = text.replace("2027", "2028")
    second = library.import_programme(
        _source(tmp_path, "rad", changed), programme_id="rad-2026", party="Rad", title="Programm", year=2026
    )
    new = next(p for p in second.passages() if "Hafenstraße" in p.text)
    assert new.id != old.id
    moved = library.notes.get(note.id)
    assert moved.target == Target("passage", new.id) and not moved.detached


def test_card_catalogue_reads_only_the_cited_programmes(
    data_dir: Path, tmp_path: Path, bodies_read: list[str]
) -> None:
    from canvass_app.ui.card_views import load_catalogue

    imported_library(data_dir, tmp_path, count=4)
    library = Library(data_dir)
    bodies_read.clear()
    entries = load_catalogue(library)
    assert entries  # the shipped cards, citing the bundled chapters
    assert bodies_read == []  # none of the imports was read to show the cards
    # Every imported programme still has its (empty) answer column, from the metadata.
    assert {a.programme_id for a in entries[0].answers} >= {f"partei-{n}" for n in range(4)}
