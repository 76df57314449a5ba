"""The meaning signal of topics: stored passage vectors, topic vectors cached by hash, a clean fallback."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from canvass_app.content.meaning import StoredMeaning, topic_texts
from canvass_app.content.service import Content
from canvass_app.content.topics import Taxonomy, assign, contexts
from canvass_app.corpus.model import Passage, Programme, Section
from canvass_app.library import Library

DATA = Path(__file__).resolve().parents[2] / "data"


class _Embedder:
    """Two dimensions: texts about sport (or halls) point one way, all others the other."""

    name = "fake-2d"

    def __init__(self) -> None:
        self.queries = 0

    def embed_query(self, text: str) -> np.ndarray:
        self.queries += 1
        sporty = text.startswith("Sport")
        return np.array([1.0, 0.0] if sporty else [0.0, 1.0], dtype=np.float32)


class _Store:
    """Passage vectors as the search keeps them: per programme, filled later."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[list[str], list[list[float]]]] = {}

    def matrix(self, programme_ids):  # type: ignore[no-untyped-def]
        ids: list[str] = []
        vectors: list[list[float]] = []
        for programme_id in programme_ids:
            got = self.rows.get(programme_id, ([], []))
            ids += got[0]
            vectors += got[1]
        return ids, np.asarray(vectors, dtype=np.float32).reshape(len(ids), 2)


def _programme() -> Programme:
    passage = Passage(
        id="p:0",
        programme_id="p",
        section_id="s",
        kind="paragraph",
        text="Die Hallen brauchen neue Böden.",
    )
    return Programme(
        id="p",
        party="P",
        title="T",
        year=2024,
        sections=(Section(id="s", title="", passages=(passage,)),),
    )


class _Corpus:
    def __init__(self, programmes: list[Programme]) -> None:
        self._programmes = programmes

    def programmes(self) -> list[Programme]:
        return self._programmes


def test_stored_vectors_place_a_passage_no_term_names_and_topic_vectors_are_cached(
    tmp_path: Path,
) -> None:
    topics = Library(tmp_path / "lib").content.topics()
    taxonomy = Taxonomy(topics)
    embedder, store = _Embedder(), _Store()
    meaning = StoredMeaning(lambda: embedder, lambda: store, tmp_path / "cache")
    ctx = contexts([_programme()])
    # No stored vector yet: no meaning vote, and no topic vector is embedded for nothing.
    assert assign(topics, ctx, [], meaning=meaning)["p:0"] == ("allgemeines",)
    assert embedder.queries == 0
    store.rows["p"] = (["p:0"], [[1.0, 0.0]])
    placed = assign(topics, ctx, [], meaning=meaning)["p:0"]
    assert taxonomy.field_of[placed[0]] == "sport"
    assert embedder.queries == len(topic_texts(taxonomy))
    # A second signal over the same cache embeds nothing: the topic vectors are on disk.
    again = _Embedder()
    assert (
        assign(
            topics, ctx, [], meaning=StoredMeaning(lambda: again, lambda: store, tmp_path / "cache")
        )["p:0"]
        == placed
    )
    assert again.queries == 0


def test_without_a_model_nothing_changes(tmp_path: Path) -> None:
    topics = Library(tmp_path / "lib").content.topics()
    ctx = contexts([_programme()])
    off = StoredMeaning(lambda: None, lambda: None, tmp_path / "cache")
    assert assign(topics, ctx, [], meaning=off) == assign(topics, ctx, [])

    def broken() -> _Embedder:
        raise RuntimeError("model gone")

    assert assign(
        topics, ctx, [], meaning=StoredMeaning(broken, lambda: _Store(), tmp_path / "c2")
    ) == assign(topics, ctx, [])


def test_content_reassigns_a_programme_once_its_vectors_arrive(tmp_path: Path) -> None:
    embedder, store = _Embedder(), _Store()
    meaning = StoredMeaning(lambda: embedder, lambda: store, tmp_path / "cache")
    content = Content(_Corpus([_programme()]), DATA, tmp_path / "data", meaning=meaning)
    assert [t.id for t in content.topics_of("p:0")] == ["allgemeines"]
    store.rows["p"] = (["p:0"], [[1.0, 0.0]])
    meaning._counts.clear()  # the recount is throttled to once a second; a test does not wait
    taxonomy = Taxonomy(content.topics())
    assert taxonomy.field_of[content.topics_of("p:0")[0].id] == "sport"


def test_topic_vectors_prebuilt_for_the_bundle_are_read_without_embedding(tmp_path: Path) -> None:
    import shutil
    import sys

    sys.path.insert(0, str(DATA.parent / "packaging"))
    import build  # packaging/build.py

    bundled = tmp_path / "data"
    shutil.copytree(DATA, bundled)
    note = build.prebuild_topic_vectors(bundled, embedder=_Embedder())
    assert (bundled / "topic-vectors").is_dir(), note

    library = Library(tmp_path / "user", bundled_dir=bundled)
    taxonomy = Taxonomy(library.content.topics())
    fresh = _Embedder()
    meaning = StoredMeaning(
        lambda: fresh, lambda: _Store(), tmp_path / "cache", prebuilt_dirs=[bundled / "topic-vectors"]
    )
    ready = meaning.field_matrix(taxonomy, fresh, wait=True)
    assert ready is not None and len(ready[0]) == len(topic_texts(taxonomy))
    assert fresh.queries == 0  # nothing embedded at the first start


def test_a_cold_process_with_cached_topic_vectors_reads_the_assignment(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The meaning state (part of the cache key) is asked after the topic vectors are read from
    their cache: before, a fresh process keyed every programme "no topic vectors yet", missed
    what the last process stored and assigned the whole library again, twice."""
    from canvass_app.content import service as content_service

    assigned: list[str] = []
    original = content_service.assign_by_signals

    def counting(taxonomy, passages, meaning=None):  # type: ignore[no-untyped-def]
        assigned.extend(sorted({c.programme.id for c in passages}))
        return original(taxonomy, passages, meaning)

    monkeypatch.setattr(content_service, "assign_by_signals", counting)
    store = _Store()
    store.rows["p"] = (["p:0"], [[1.0, 0.0]])
    corpus = _Corpus([_programme()])

    def process(background: bool) -> list[str]:
        # A fresh process: its own meaning signal and content service over the same folders.
        meaning = StoredMeaning(lambda: _Embedder(), lambda: store, tmp_path / "cache", background=background)
        content = Content(corpus, DATA, tmp_path / "data", meaning=meaning)
        view = content.topic_view("sport")
        return [p.id for c in view.coverage for p in c.passages]

    first = process(background=False)  # the command line: topic vectors embedded at once
    assert first == ["p:0"] and assigned == ["p"]  # once, not again when the vectors came in
    assigned.clear()
    assert process(background=True) == first  # the app: topic vectors from their cache
    assert assigned == []
