"""The topic bench's groups: ``--only`` can pick every labelled programme, and never one by accident.

A new blind set must be a group of its own (its programmes in no other), or ``--only`` could
not keep it unseen while the rest is measured. No programme is imported or assigned here.
"""

from __future__ import annotations

import pytest

from tests.bench import bench_topics
from tests.bench.bench_topics import (
    GROUPS,
    HELD_OUT_GROUPS,
    TUNED,
    UNSEEN_GROUPS,
    chosen_groups,
    measured_groups,
)
from tests.fixtures.glmp import DEV, HELD_OUT, PROGRAMMES, UNSEEN


def test_every_programme_is_in_exactly_one_group() -> None:
    for programme_id, *_ in PROGRAMMES:
        holding = [name for name, members in GROUPS.items() if programme_id in members]
        assert len(holding) == 1, (programme_id, holding)
    assert set().union(*GROUPS.values()) == {p[0] for p in PROGRAMMES}


def test_the_held_out_groups_are_the_held_out_programmes() -> None:
    assert set().union(*(members for _, members in HELD_OUT_GROUPS.values())) == HELD_OUT
    assert not TUNED & (HELD_OUT | DEV)


def test_only_reads_the_groups_up_to_the_next_option() -> None:
    assert chosen_groups(["bench_topics.py"]) is None
    assert chosen_groups(["bench_topics.py", "--only", "dev", "BLIND3", "--errors"]) == ["dev", "blind3"]
    assert chosen_groups(["bench_topics.py", "--errors", "--only", "tuned"]) == ["tuned"]
    assert chosen_groups(["bench_topics.py", "--only", "blind9"]) == ["blind9"]
    assert chosen_groups(["bench_topics.py", "--only", "blind10"]) == ["blind10"]
    assert chosen_groups(["bench_topics.py", "--only", "blind11"]) == ["blind11"]
    assert chosen_groups(["bench_topics.py", "--only", "blind12"]) == ["blind12"]


def test_a_run_without_only_leaves_the_unseen_set_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # The unseen programmes are groups of their own, so leaving those out leaves nothing else out.
    assert set().union(*(GROUPS[g] for g in UNSEEN_GROUPS)) == UNSEEN
    plain = measured_groups(["bench_topics.py", "--errors"])
    assert not set(plain) & UNSEEN_GROUPS
    assert set().union(*(GROUPS[g] for g in plain)) == {p[0] for p in PROGRAMMES} - UNSEEN
    # With a set unseen (none is now), a run without --only leaves exactly that group out, and
    # named, an unseen group is measured (and only what is named).
    monkeypatch.setattr(bench_topics, "UNSEEN_GROUPS", frozenset({"blind11"}))
    assert measured_groups(["bench_topics.py", "--errors"]) == [g for g in GROUPS if g != "blind11"]
    assert measured_groups(["bench_topics.py", "--only", "blind11"]) == ["blind11"]


@pytest.mark.parametrize("argv", [["--only"], ["--only", "--errors"], ["--only", "dev", "blind99"]])
def test_only_refuses_no_group_or_an_unknown_one(argv: list[str]) -> None:
    with pytest.raises(SystemExit, match="--only needs groups of"):
        chosen_groups(["bench_topics.py", *argv])
