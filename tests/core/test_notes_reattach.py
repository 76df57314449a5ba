"""Notes follow a passage that moved or changed slightly when a programme is re-imported, and are never dropped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from canvass_app.corpus.model import Passage, passage_id
from canvass_app.notes.model import Target
from canvass_app.notes.store import NoteStore

OLD = "Wir bauen den Radweg an der Hafenstraße bis 2027 durchgehend aus."
CHANGED = "Wir bauen den Radweg an der Hafenstraße bis 2028 durchgehend und sicher aus."
OTHER = "Die Stadtbibliothek bekommt längere Öffnungszeiten am Wochenende."


def _passage(text: str, programme: str = "spd-dortmund") -> Passage:
    return Passage(
        id=passage_id(programme, text),
        programme_id=programme,
        section_id="s1",
        kind="paragraph",
        text=text,
    )


@dataclass
class _Plain:
    id: str
    text: str


def test_changed_passage_keeps_its_note_and_unrelated_becomes_detached(data_dir: Path) -> None:
    old = _passage(OLD)
    gone = _passage("Ein Satz, der ersatzlos gestrichen wurde, über Parkgebühren.")
    with NoteStore(data_dir / "notes.db") as store:
        follows = store.add("Radweg-Notiz", target=Target("passage", old.id), anchor_text=OLD)
        orphan = store.add("Parken", target=Target("passage", gone.id), anchor_text=gone.text)
        free = store.add("ohne Bezug")
        card = store.add("Karte", target=Target("card", "kita"))

        new = _passage(CHANGED)
        assert new.id != old.id
        report = store.reattach([new, _passage(OTHER)])

        assert report.reattached == {follows.id: new.id}
        assert report.detached == [orphan.id]
        moved = store.get(follows.id)
        assert moved.target == Target("passage", new.id) and not moved.detached
        assert moved.anchor_text == OLD  # the text as it was when the note was written
        assert moved.rev == follows.rev  # a local fact, not an edit: no false conflicts
        kept = store.get(orphan.id)
        assert kept.detached and kept.text == "Parken"
        assert kept.target == Target("passage", gone.id)
        assert store.get(free.id).target is None
        assert store.get(card.id).target == Target("card", "kita")
        assert [n.id for n in store.for_target(Target("passage", new.id))] == [follows.id]

        # The passage comes back in a later import: the note is attached again.
        again = store.reattach([gone, new])
        assert again.restored == [orphan.id]
        assert not store.get(orphan.id).detached


def test_unchanged_passages_touch_nothing(data_dir: Path) -> None:
    passage = _Plain("gruene:0000abcd", OLD)
    with NoteStore(data_dir / "notes.db") as store:
        note = store.add("x", target=Target("passage", passage.id), anchor_text=OLD)
        report = store.reattach([passage])
        assert not report.reattached and not report.detached and not report.restored
        assert store.get(note.id) == note


def test_best_match_wins_and_same_programme_is_preferred(data_dir: Path) -> None:
    near = _Plain("spd:00000002", OLD.replace("2027", "2029"))
    nearer_elsewhere = _Plain("cdu:00000003", OLD.replace("2027", "2028"))
    with NoteStore(data_dir / "notes.db") as store:
        note = store.add("x", target=Target("passage", "spd:00000001"), anchor_text=OLD)
        store.reattach([nearer_elsewhere, near, _Plain("spd:00000004", OTHER)])
        assert store.get(note.id).target == Target("passage", near.id)


def test_note_without_anchor_text_is_detached_not_dropped(data_dir: Path) -> None:
    with NoteStore(data_dir / "notes.db") as store:
        note = store.add("x", target=Target("passage", "spd:dead0000"))
        report = store.reattach([_Plain("spd:00000001", OLD)])
        assert report.detached == [note.id]
        assert store.get(note.id).detached
        assert len(store.list()) == 1
