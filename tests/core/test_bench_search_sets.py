"""bench_search_hybrid --skip / --unseen: a judged set can be left out of a run by name, and an\nunseen one is left out unless named."""

from __future__ import annotations

import pytest

from tests.bench import bench_search_hybrid
from tests.bench.bench_search_hybrid import _HOW, UNSEEN, skipped_sets
from tests.search_real import SETS


def test_every_judged_set_is_reported_and_can_be_skipped() -> None:
    assert set(_HOW) == set(SETS) - {"real"}
    assert skipped_sets(["--skip", "blind8"]) == {"blind8"} | UNSEEN
    assert skipped_sets(["--skip", "blind9"]) >= {"blind9"}
    assert skipped_sets(["--skip", "blind9", "blind10"]) >= {"blind9", "blind10"}


def test_an_unseen_set_is_left_out_unless_named(monkeypatch: pytest.MonkeyPatch) -> None:
    assert set(_HOW) >= UNSEEN
    assert skipped_sets([]) == set(UNSEEN)
    # The rule itself, with a set made unseen for the test (UNSEEN is empty between blind sets).
    monkeypatch.setattr(bench_search_hybrid, "UNSEEN", frozenset({"blind9", "blind10"}))
    assert skipped_sets([]) == {"blind9", "blind10"}
    assert skipped_sets(["--unseen", "blind9"]) == {"blind10"}
    assert skipped_sets(["--unseen", "blind9", "--skip", "blind9"]) == {"blind9", "blind10"}
    assert skipped_sets(["--unseen", "blind9", "blind10"]) == set()


def test_an_unknown_set_stops_the_bench_with_one_line() -> None:
    with pytest.raises(SystemExit) as stop:
        skipped_sets(["--skip", "blind99"])
    assert "blind99" in str(stop.value) and "\n" not in str(stop.value)
