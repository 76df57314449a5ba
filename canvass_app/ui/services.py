"""Reaching a core service from a background task, with a German sentence when it is not there."""

from __future__ import annotations

from typing import Any

from canvass_app.errors import CanvassError
from canvass_app.library import Library

_MISSING = {
    "corpus": "Die Wahlprogramme sind in dieser Version noch nicht verfügbar.",
    "search": "Die Suche ist in dieser Version noch nicht verfügbar.",
    "content": "Themen und Antwortkarten sind in dieser Version noch nicht verfügbar.",
    "notes": "Die Notizen sind in dieser Version noch nicht verfügbar.",
}


def has_service(library: Library, name: str) -> bool:
    return hasattr(type(library), name) or name in vars(library)


def service(library: Library, name: str) -> Any:
    """``library.<name>``, or a :class:`CanvassError` saying in German that it is missing.

    Call this from inside a background task: building a service (loading the
    programmes, opening the search index) can take a moment.
    """
    if not has_service(library, name):
        raise CanvassError(_MISSING.get(name, "Diese Funktion ist noch nicht verfügbar."))
    return getattr(library, name)


def field_of(obj: Any, name: str, default: Any = None) -> Any:
    """An attribute of a core object, or a key of its JSON form: views accept either."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def flatten_topics(topics: Any) -> list[tuple[str, str, int]]:
    """Topics in tree order with their depth, whatever the content service's topic objects look like."""
    items = [(str(field_of(t, "id")), str(field_of(t, "title", field_of(t, "id"))), field_of(t, "parent")) for t in topics]
    children: dict[str | None, list[tuple[str, str]]] = {}
    known = {tid for tid, _t, _p in items}
    for tid, title, parent in items:
        children.setdefault(parent if parent in known else None, []).append((tid, title))
    out: list[tuple[str, str, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for tid, title in children.get(parent, []):
            out.append((tid, title, depth))
            walk(tid, depth + 1)

    walk(None, 0)
    return out
