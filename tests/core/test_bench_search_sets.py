"""bench_search_hybrid --skip: an unseen judged set can be left out of a run by name."""

from __future__ import annotations

import pytest

from tests.bench.bench_search_hybrid import _HOW, skipped_sets
from tests.search_real import SETS


def test_every_judged_set_is_reported_and_can_be_skipped() -> None:
    assert set(_HOW) == set(SETS) - {"real"}
    assert skipped_sets([]) == set()
    assert skipped_sets(["--skip", "blind8"]) == {"blind8"}
    assert skipped_sets(["--skip", "blind9"]) == {"blind9"}
    assert skipped_sets(["--skip", "blind10"]) == {"blind10"}
    assert skipped_sets(["--skip", "blind9", "blind10"]) == {"blind9", "blind10"}


def test_an_unknown_set_stops_the_bench_with_one_line() -> None:
    with pytest.raises(SystemExit) as stop:
        skipped_sets(["--skip", "blind99"])
    assert "blind99" in str(stop.value) and "\n" not in str(stop.value)
