"""The widget tests' fakes answer to the same calls as the real services they stand in for."""

from __future__ import annotations

import inspect

import pytest

from canvass_app.search.service import SearchService
from tests.ui.fakes import FakeSearch


def _public(cls: type) -> dict[str, object]:
    return {name: value for name, value in vars(cls).items() if not name.startswith("_")}


def _parameters(function: object) -> list[tuple[str, object, object]]:
    """Names, kinds and defaults: what a caller depends on (annotations differ on purpose)."""
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(_public(SearchService)))
def test_the_fake_search_has_every_public_member_of_the_real_one(name: str) -> None:
    real = _public(SearchService)[name]
    fake = _public(FakeSearch).get(name)
    assert fake is not None, f"FakeSearch lacks {name}"
    if isinstance(real, property):
        assert isinstance(fake, property), name
    else:
        assert _parameters(fake) == _parameters(real), name


def test_the_fake_search_has_nothing_the_real_one_lacks() -> None:
    assert sorted(set(_public(FakeSearch)) - set(_public(SearchService))) == []
