"""Shared fixtures. Qt runs headless for the whole suite: set once, here, before anything imports Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Tests never touch the real user data directory.
os.environ.pop("CANVASS_DATA_DIR", None)

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty user data directory for one test."""
    path = tmp_path / "userdata"
    path.mkdir()
    return path


@pytest.fixture
def library(data_dir: Path):  # type: ignore[no-untyped-def]
    from canvass_app.library import Library

    return Library(data_dir)
