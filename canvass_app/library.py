"""One facade that wires the core services (corpus, search, content, notes) for the CLI and the UI.

Services are built lazily so that a command touches only what it needs (``canvass
--version`` opens nothing). Each service receives its collaborators here; no core
module reaches for a global.
"""

from __future__ import annotations

from pathlib import Path

from canvass_app import paths


class Library:
    """Everything a user can open, for one data directory."""

    def __init__(self, data_dir: Path, bundled_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.bundled_dir = bundled_dir if bundled_dir is not None else paths.bundled_data_dir()

    @property
    def cache_dir(self) -> Path:
        return paths.cache_dir(self.data_dir)

    def check_data(self) -> list[str]:
        """Problems that keep the shipped data from loading (empty when all is well)."""
        problems: list[str] = []
        if not self.bundled_dir.is_dir():
            problems.append(f"Datenordner fehlt: {self.bundled_dir}")
        return problems
