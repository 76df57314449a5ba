"""File-menu import and export: the file dialogs (replaceable in tests) and the choose-then-act steps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog


class FileExchange(QObject):
    """Subclasses say what a chosen file is written to or read from (``export_to``, ``import_from``)."""

    def __init__(
        self, window: Any, export_title: str, import_title: str, default_name: str, file_filter: str
    ) -> None:
        super().__init__(window)
        self.window = window
        self.ask_save_path: Callable[[], str] = lambda: QFileDialog.getSaveFileName(
            window, export_title, str(Path.home() / default_name), file_filter
        )[0]
        self.ask_open_path: Callable[[], str] = lambda: QFileDialog.getOpenFileName(
            window, import_title, str(Path.home()), file_filter
        )[0]

    def export_dialog(self) -> None:
        chosen = self.ask_save_path()
        if chosen:
            self.export_to(Path(chosen))

    def import_dialog(self) -> None:
        chosen = self.ask_open_path()
        if chosen:
            self.import_from(Path(chosen))

    def export_to(self, path: Path) -> None:
        """Write to ``path`` (a subclass's job; the base offers nothing to export)."""

    def import_from(self, path: Path) -> None:
        """Read from ``path`` (a subclass's job; the base offers nothing to import)."""
