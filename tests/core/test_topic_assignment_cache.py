"""Topic assignment is kept per programme on disk: a cold process assigns only what changed.

Counted, not timed: which programmes the assignment runs over in a fresh process,
after an import, after damage to the cache, and for one passage's topics.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from canvass_app.content import service as content_service
from canvass_app.corpus.model import Passage
from canvass_app.library import Library
from tests.core.test_corpus_lazy import imported_library
from tests.core.test_corpus_store import MARKDOWN


@pytest.fixture
def assigned(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Programme IDs whose passages were assigned by signals (not read from a cache)."""
    seen: list[str] = []
    original = content_service.assign_by_signals

    def counting(taxonomy, passages, meaning=None):  # type: ignore[no-untyped-def]
        seen.extend(sorted({c.programme.id for c in passages}))
        return original(taxonomy, passages, meaning)

    monkeypatch.setattr(content_service, "assign_by_signals", counting)
    return seen


def _words_only(data_dir: Path) -> Library:
    library = Library(data_dir)
    library.__dict__["topic_meaning"] = None  # rules and headings only: no model in these tests
    return library


def _assignment(library: Library) -> dict[str, tuple[str, ...]]:
    overview = library.content.overview()
    assert overview is not None
    return {p.id: tuple(t.id for t in library.content.topics_of(p.id)) for p in _passages(library)}


def _passages(library: Library) -> list[Passage]:
    return [p for prog in library.corpus.programmes() for p in prog.passages()]


def test_a_cold_process_reads_the_assignment_and_assigns_nothing(
    data_dir: Path, tmp_path: Path, assigned: list[str]
) -> None:
    imported_library(data_dir, tmp_path, count=3)
    first = _assignment(_words_only(data_dir))
    assert {"partei-0", "partei-1", "partei-2"} <= set(assigned)

    assigned.clear()
    second = _assignment(_words_only(data_dir))  # a fresh process, as the CLI is
    assert assigned == []
    assert second == first


def test_an_import_assigns_only_the_new_programme(data_dir: Path, tmp_path: Path, assigned: list[str]) -> None:
    imported_library(data_dir, tmp_path, count=3)
    _assignment(_words_only(data_dir))
    library = _words_only(data_dir)
    source = tmp_path / "neu.md"
    source.write_text(MARKDOWN + "\nDer Marktplatz wird autofrei, mit mehr Radwegen.\n", encoding="utf-8")
    library.import_programme(source, programme_id="neu-2026", party="Neu", title="Programm", year=2026)

    assigned.clear()
    after = _assignment(_words_only(data_dir))
    assert assigned == ["neu-2026"]
    assert all(after[p.id] for p in _passages(_words_only(data_dir)))

    # Removed: its entry goes with it, the others stay valid.
    _words_only(data_dir).remove_programme("neu-2026")
    assigned.clear()
    _assignment(_words_only(data_dir))
    assert assigned == []
    cache = data_dir / "cache" / "topic-assignment"
    assert len(list(cache.glob("*.json"))) == len(_words_only(data_dir).corpus.catalog())


def test_a_damaged_or_stale_cache_entry_is_assigned_again_with_the_same_result(
    data_dir: Path, tmp_path: Path, assigned: list[str]
) -> None:
    imported_library(data_dir, tmp_path, count=2)
    first = _assignment(_words_only(data_dir))
    cache = data_dir / "cache" / "topic-assignment"
    entries = sorted(cache.glob("*.json"))
    assert entries
    entries[0].write_bytes(b'{"key": "x", "found": {')  # truncated
    entries[1].write_text('{"key": "nicht der Schluessel", "found": {}}', encoding="utf-8")

    assigned.clear()
    second = _assignment(_words_only(data_dir))
    assert len(assigned) == 2
    assert second == first


def test_a_changed_taxonomy_invalidates_every_entry(data_dir: Path, tmp_path: Path, assigned: list[str]) -> None:
    imported_library(data_dir, tmp_path, count=2)
    _assignment(_words_only(data_dir))
    library = _words_only(data_dir)
    topics = library.content.topics()
    changed = [topics[0].__class__(**{**topics[0].__dict__, "terms": (*topics[0].terms, "Marktplatzfest")}), *topics[1:]]
    library.content._topics = changed  # what a changed data/topics.toml would load

    assigned.clear()
    library.content.overview()
    assert {"partei-0", "partei-1"} <= set(assigned)


def test_one_passage_s_topics_assign_only_its_programme(
    data_dir: Path, tmp_path: Path, assigned: list[str]
) -> None:
    programmes = imported_library(data_dir, tmp_path, count=4)
    expected = _assignment(_words_only(data_dir))
    for path in (data_dir / "cache" / "topic-assignment").glob("*.json"):
        path.unlink()

    library = _words_only(data_dir)
    assigned.clear()
    passage = programmes[2].passages()[0]
    topics = library.content.topics_of(passage.id)
    assert assigned == ["partei-2"]
    assert tuple(t.id for t in topics) == expected[passage.id]
