"""History through opened locations: back, forward, and typing that does not flood the history."""

from __future__ import annotations

from canvass_app.ui.navigation import Location, Navigator


def test_back_and_forward_walk_the_history(qapp) -> None:  # type: ignore[no-untyped-def]
    nav = Navigator()
    shown: list[Location] = []
    nav.location_changed.connect(shown.append)
    a, b, c = Location("search", "glas"), Location("passage", "p:1"), Location("topic", "digital")
    for loc in (a, b, c):
        nav.open(loc)
    assert nav.back() and nav.current == b
    assert nav.back() and nav.current == a
    assert not nav.back()
    assert nav.forward() and nav.current == b
    nav.open(Location("section", "x#y"))
    assert not nav.can_go_forward()
    assert shown[-1] == Location("section", "x#y")


def test_typing_replaces_the_search_entry(qapp) -> None:  # type: ignore[no-untyped-def]
    nav = Navigator()
    nav.open(Location("passage", "p:1"))
    nav.replace(Location("search", "g"))  # a different kind: a new step
    nav.replace(Location("search", "gl"))
    nav.replace(Location("search", "glas"))
    assert nav.current == Location("search", "glas")
    assert nav.back() and nav.current == Location("passage", "p:1")
    assert not nav.can_go_back()


def test_location_survives_the_settings_file() -> None:
    loc = Location("section", "spd#s1")
    assert Location.from_setting(loc.to_setting()) == loc
    assert Location.from_setting(None) is None
    assert Location.from_setting("kaputt") is None
