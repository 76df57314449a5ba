"""Locations and the history through them: everything the window can open, with back and forward.

A :class:`Location` names what is shown (``("passage", id)``, ``("topic", id)``,
``("section", "<programme>#<section>")``, ``("card", id)``, ``("search", query)``).
Views never switch each other directly: they ask the :class:`Navigator` to open
a location, and the main window shows the view registered for its kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class Location:
    kind: str
    target: str = ""
    # Words to highlight in what is opened (the matched words of a search hit).
    highlight: tuple[str, ...] = ()

    def key(self) -> tuple[str, str]:
        return (self.kind, self.target)

    def to_setting(self) -> str:
        return f"{self.kind}\t{self.target}"

    @classmethod
    def from_setting(cls, value: object) -> Location | None:
        if not isinstance(value, str) or "\t" not in value:
            return None
        kind, target = value.split("\t", 1)
        return cls(kind, target) if kind else None


def section_target(programme_id: str, section_id: str) -> str:
    return f"{programme_id}#{section_id}"


def split_section_target(target: str) -> tuple[str, str]:
    programme_id, _, section_id = target.partition("#")
    return programme_id, section_id


class Navigator(QObject):
    """Back/forward history over locations; emits ``location_changed`` for whatever becomes current."""

    location_changed = Signal(object)
    history_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._back: list[Location] = []
        self._forward: list[Location] = []
        self._current: Location | None = None

    @property
    def current(self) -> Location | None:
        return self._current

    def can_go_back(self) -> bool:
        return bool(self._back)

    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def open(self, location: Location) -> None:
        """Show ``location``, remembering the current one for "Zurück"."""
        if self._current is not None and self._current.key() == location.key():
            self._current = location
            self.location_changed.emit(location)
            return
        if self._current is not None:
            self._back.append(self._current)
            del self._back[:-HISTORY_LIMIT]
        self._forward.clear()
        self._current = location
        self.history_changed.emit()
        self.location_changed.emit(location)

    def replace(self, location: Location) -> None:
        """Update the current entry without a new history step (typing a query, scrolling)."""
        if self._current is None or self._current.kind != location.kind:
            self.open(location)
            return
        self._current = location
        self.history_changed.emit()

    def back(self) -> bool:
        if not self._back:
            return False
        if self._current is not None:
            self._forward.append(self._current)
        self._current = self._back.pop()
        self.history_changed.emit()
        self.location_changed.emit(self._current)
        return True

    def forward(self) -> bool:
        if not self._forward:
            return False
        if self._current is not None:
            self._back.append(self._current)
        self._current = self._forward.pop()
        self.history_changed.emit()
        self.location_changed.emit(self._current)
        return True
