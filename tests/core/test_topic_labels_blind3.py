"""The third blind topic set (BLIND3, tests/fixtures/glmp/topic_labels_blind3.txt) is well formed.

Its three programmes are imported through the library as the topic bench imports them; every
label must name exactly one of their passages and every passage must be named by a label, so
the bench scores them whole. No topic assignment is run here: the set stays blind.
"""

from __future__ import annotations

from pathlib import Path

from canvass_app.corpus.model import fingerprint_text
from canvass_app.library import Library
from tests.fixtures.glmp import (
    BLIND,
    BLIND2,
    BLIND3,
    CODES,
    DEV,
    HELD_OUT,
    LABELS_BLIND2,
    LABELS_BLIND3,
    PROGRAMMES,
    find_passage,
    import_all,
    load_labels,
)


def test_blind3_programmes_are_held_out_and_new() -> None:
    assert BLIND3 <= HELD_OUT
    assert not BLIND3 & (BLIND | BLIND2 | DEV)
    assert {p[0] for p in PROGRAMMES} >= BLIND3
    # None of them is labelled in the other label files.
    assert not {label.programme for label in load_labels() + load_labels(LABELS_BLIND2)} & BLIND3


def test_every_blind3_passage_is_named_by_exactly_one_label(tmp_path: Path) -> None:
    library = Library(tmp_path)
    import_all(library, only=BLIND3)
    passages = [p for p in library.corpus.passages() if p.programme_id in BLIND3]
    labels = load_labels(LABELS_BLIND3)
    assert {label.programme for label in labels} == set(BLIND3)
    assert all(label.fields and label.fields <= set(CODES.values()) for label in labels)
    for label in labels:
        wanted = fingerprint_text(label.snippet)
        assert sum(wanted in fingerprint_text(p.full_text) for p in passages if p.programme_id == label.programme) == 1, (
            label.line,
            label.snippet,
        )
    named = [find_passage(label, passages) for label in labels]
    assert None not in named
    named_ids = [p.id for p in named if p is not None]
    assert len(named_ids) == len(set(named_ids)), "two labels name the same passage"
    assert [p.full_text[:60] for p in passages if p.id not in set(named_ids)] == []
