"""A library opened with a relative data directory (the core API, not only the CLI) searches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from canvass_app.library import Library


def test_search_works_in_a_library_given_a_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    library = Library(Path("daten"))
    assert not Path("daten").is_absolute() and os.getcwd() == str(tmp_path)
    first = library.search.search("Glasfaser", limit=5, dense=False)
    assert first.hits
    # A second process opens the stored index read-only: the path must still work.
    again = Library(Path("daten")).search.search("Glasfaser", limit=5, dense=False)
    assert [h.id for h in again.hits] == [h.id for h in first.hits]
