"""Shared fixtures. Qt runs headless for the whole suite: set once, here, before anything imports Qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Tests never touch the real user data directory.
os.environ.pop("CANVASS_DATA_DIR", None)
# Embedding passages costs seconds of CPU per test that opens a library: the suite
# searches by words unless a test switches the model on (tests/core/test_search_embedding.py,
# the dense tests use a fake embedder, the benchmark uses the real one).
os.environ.setdefault("CANVASS_EMBEDDER", "0")

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


@pytest.fixture(autouse=True)
def _no_modal_prompts_at_teardown(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Editors ask "Speichern?" when closed with unsaved work; a modal box would block a headless test.

    Closing widgets at teardown discards instead. A test that exercises the prompt
    replaces ``ask_unsaved`` on its own widget, which wins over this default.
    """
    if "qtbot" not in request.fixturenames:
        return
    from PySide6.QtWidgets import QMessageBox

    from canvass_app.ui.briefing_editor import BriefingEditor
    from canvass_app.ui.card_editor import CardEditorView

    def discard(self: object) -> QMessageBox.StandardButton:
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(CardEditorView, "ask_unsaved", discard)
    monkeypatch.setattr(BriefingEditor, "ask_unsaved", discard)


@pytest.fixture
def bodies_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """IDs of programmes whose whole structure was read from disk."""
    from canvass_app.corpus import store

    seen: list[str] = []
    original = store._read_body

    def counting(path: Path, entry: store.ProgrammeEntry) -> object:
        seen.append(entry.id)
        return original(path, entry)

    monkeypatch.setattr(store, "_read_body", counting)
    return seen
