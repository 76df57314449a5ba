"""The second to twelfth blind topic sets (BLIND2 to BLIND12;
tests/fixtures/glmp/topic_labels_blind*.txt) are well formed.

Their programmes are imported through the library as the topic bench imports them; every
label must name exactly one of their passages and every passage must be named by a label, so
the bench scores them whole. No topic assignment is run here: the sets stay blind.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from canvass_app.corpus.model import fingerprint_text
from canvass_app.library import Library
from tests.fixtures.glmp import (
    ALL_LABELS,
    BLIND,
    BLIND2,
    BLIND3,
    BLIND4,
    BLIND5,
    BLIND6,
    BLIND7,
    BLIND8,
    BLIND9,
    BLIND10,
    BLIND11,
    BLIND12,
    CODES,
    DEV,
    HELD_OUT,
    LABELS_BLIND2,
    LABELS_BLIND3,
    LABELS_BLIND4,
    LABELS_BLIND5,
    LABELS_BLIND6,
    LABELS_BLIND7,
    LABELS_BLIND8,
    LABELS_BLIND9,
    LABELS_BLIND10,
    LABELS_BLIND11,
    LABELS_BLIND12,
    PROGRAMMES,
    find_passage,
    import_all,
    load_labels,
)


class BlindSet(NamedTuple):
    name: str
    programmes: frozenset[str]
    labels: Path
    earlier: frozenset[str]  # programmes of the earlier sets, none of them in this one
    other_labels: tuple[Path, ...]  # label files that name none of them


# The blind sets after the first, in the order they were made, with their label files. Each
# holds none of the programmes of the sets before it (nor, from BLIND3 on, of DEV), and the
# label files before its own (ALL_LABELS, in the same order) name none of its programmes.
_MADE = (
    (BLIND2, LABELS_BLIND2),
    (BLIND3, LABELS_BLIND3),
    (BLIND4, LABELS_BLIND4),
    (BLIND5, LABELS_BLIND5),
    (BLIND6, LABELS_BLIND6),
    (BLIND7, LABELS_BLIND7),
    (BLIND8, LABELS_BLIND8),
    (BLIND9, LABELS_BLIND9),
    (BLIND10, LABELS_BLIND10),
    (BLIND11, LABELS_BLIND11),
    (BLIND12, LABELS_BLIND12),
)


def _blind_sets() -> tuple[BlindSet, ...]:
    sets = []
    earlier: frozenset[str] = BLIND
    for number, (programmes, labels) in enumerate(_MADE, start=2):
        assert ALL_LABELS[number - 1] == labels
        sets.append(BlindSet(f"blind{number}", programmes, labels, earlier, ALL_LABELS[: number - 1]))
        earlier = earlier | programmes | DEV
    return tuple(sets)


SETS = _blind_sets()
IDS = [s.name for s in SETS]


@pytest.mark.parametrize("chosen", SETS, ids=IDS)
def test_the_programmes_are_held_out_and_new(chosen: BlindSet) -> None:
    assert chosen.programmes <= HELD_OUT
    assert not chosen.programmes & chosen.earlier
    assert {p[0] for p in PROGRAMMES} >= chosen.programmes
    # None of them is labelled in the other label files.
    assert not {label.programme for path in chosen.other_labels for label in load_labels(path)} & chosen.programmes


@pytest.mark.parametrize("chosen", SETS, ids=IDS)
def test_every_passage_is_named_by_exactly_one_label(chosen: BlindSet, tmp_path: Path) -> None:
    library = Library(tmp_path)
    import_all(library, only=chosen.programmes)
    passages = [p for p in library.corpus.passages() if p.programme_id in chosen.programmes]
    labels = load_labels(chosen.labels)
    assert {label.programme for label in labels} == set(chosen.programmes)
    assert all(label.fields and label.fields <= set(CODES.values()) for label in labels)
    for label in labels:
        wanted = fingerprint_text(label.snippet)
        texts = [fingerprint_text(p.full_text) for p in passages if p.programme_id == label.programme]
        # The snippet lies in exactly one passage, or (a bare list heading such as
        # "Parkplätze:", whose words recur in longer passages) is exactly one passage whole,
        # the passage find_passage then names.
        assert sum(wanted in t for t in texts) == 1 or texts.count(wanted) == 1, (label.line, label.snippet)
    named = [find_passage(label, passages) for label in labels]
    assert None not in named
    named_ids = [p.id for p in named if p is not None]
    assert len(named_ids) == len(set(named_ids)), "two labels name the same passage"
    assert [p.full_text[:60] for p in passages if p.id not in set(named_ids)] == []
