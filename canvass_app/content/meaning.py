"""The meaning signal of topic assignment: which fields a passage is nearest to, by the search's embedding model.

Each topic (field and subtopic) is embedded once from its title and description,
and each of its example passages on its own; the top-level fallback by its
examples (greetings, calls to vote), so it competes with the fields. Cosines are
taken from the centre of all topic texts (what every municipal text shares is
removed); a field's score for a passage is the mean of its five best, so a field
is near when several of its own phrasings are, not when one stray example is. Topic vectors are cached on disk
per model, under a hash of every text embedded: editing a description or an
example re-embeds, nothing else does.

Passage vectors are never computed here: they are the ones the search stores
(:class:`canvass_app.search.vectors.VectorStore`, filled in the background after
an import). A passage without a stored vector yet simply gets no meaning vote;
without a model (``CANVASS_EMBEDDER=0``, an unsupported CPU) nothing changes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from canvass_app import files

if TYPE_CHECKING:
    from canvass_app.content.topics import PassageContext, Taxonomy

log = logging.getLogger(__name__)

FORMAT = 1
# A field's score: the mean of its best few topic cosines.
BEST_OF = 5
# How often a programme's stored vectors are counted to notice new ones.
RECOUNT_SECONDS = 1.0


class QueryEmbedder(Protocol):
    """What the topic vectors need from an embedder (the search package's ``Embedder`` fits)."""

    @property
    def name(self) -> str: ...

    def embed_query(self, text: str) -> Any: ...


class PassageVectors(Protocol):
    """Stored passage vectors (the search package's ``VectorStore`` fits)."""

    def matrix(self, programme_ids: Sequence[str]) -> tuple[list[str], Any]: ...


@dataclass(frozen=True)
class Nearness:
    """A passage's fields ranked by meaning: (field, score), best first.

    The top-level fallback may be ranked among them (a passage about no field).
    """

    ranked: tuple[tuple[str, float], ...]

    @property
    def nearest(self) -> str | None:
        return self.ranked[0][0] if self.ranked else None

    def confident(self, margin: float) -> bool:
        """Whether the nearest field leads the next by at least ``margin``."""
        if len(self.ranked) < 2:
            return bool(self.ranked)
        return self.ranked[0][1] - self.ranked[1][1] >= margin

    def behind(self, field: str) -> float:
        """How far the field's score lies behind the nearest field's (0 for the nearest, inf unranked)."""
        for f, score in self.ranked:
            if f == field:
                return self.ranked[0][1] - score
        return float("inf")

    def rank(self, field: str) -> int:
        """0 for the nearest field, len(ranked) for one not ranked."""
        for i, (f, _) in enumerate(self.ranked):
            if f == field:
                return i
        return len(self.ranked)


def topic_texts(taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(field, text) for everything embedded: each topic's title with its description, each example."""
    texts: list[tuple[str, str]] = []
    for field in taxonomy.fields:
        for topic in [taxonomy.by_id[field], *taxonomy.members[field]]:
            head = topic.title + (f". {topic.description}" if topic.description else "")
            texts.append((field, head))
            texts.extend((field, example) for example in topic.examples if example.strip())
    # The top-level fallback competes too, by its examples (greetings, calls to vote,
    # introductions): a passage nearest to them is about no field, whatever word it uses.
    for fallback in taxonomy.global_fallbacks:
        topic = taxonomy.by_id[fallback]
        if topic.examples:
            texts.extend((fallback, example) for example in topic.examples if example.strip())
    return texts


def texts_digest(model: str, texts: Sequence[tuple[str, str]]) -> str:
    raw = json.dumps([FORMAT, model, list(texts)], ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


class TopicVectorCache:
    """Topic vectors of one model, kept in ``<dir>/<model>.json`` under the hash of their texts."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, model: str) -> Path:
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in model)[:120]
        return self.directory / f"{safe}.json"

    def load(self, model: str, digest: str, count: int) -> list[list[float]] | None:
        try:
            data = json.loads(self._path(model).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("digest") != digest:
            return None
        vectors = data.get("vectors")
        if not isinstance(vectors, list) or len(vectors) != count:
            return None
        try:
            return [[float(x) for x in row] for row in vectors]
        except (TypeError, ValueError):
            return None

    def save(self, model: str, digest: str, vectors: list[list[float]]) -> None:
        data = {"format": FORMAT, "model": model, "digest": digest, "vectors": vectors}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            files.write_atomic(self._path(model), json.dumps(data).encode("utf-8"))
        except OSError as error:  # a read-only cache only costs the embedding next time
            log.warning("topic vectors not cached (%s)", error)


class StoredMeaning:
    """Nearest fields from the passage vectors the search stores; nothing without a model.

    ``embedder`` and ``store`` are loaders (the library passes the search
    service's), called only when meaning is asked for. Topic vectors come from
    memory, the cache, or a prebuilt directory (the bundle's); when none holds
    them they are embedded once — in a background thread when ``background`` is
    set (the app: assignment never waits for the model), else at once (the
    command line). Until they exist, and for passages without a stored vector,
    there is no meaning vote.
    """

    def __init__(
        self,
        embedder: Callable[[], QueryEmbedder | None],
        store: Callable[[], PassageVectors | None],
        cache_dir: Path,
        prebuilt_dirs: Sequence[Path] = (),
        background: bool = False,
        stored: Callable[[], bool] | None = None,
    ) -> None:
        # ``stored``: a cheap test whether any passage vector may exist at all; when
        # not, the model is not even loaded (a fresh library, the command line).
        self._any_stored = stored
        self._embedder = embedder
        self._store = store
        self._cache = TopicVectorCache(cache_dir)
        self._prebuilt = [TopicVectorCache(d) for d in prebuilt_dirs]
        self._background = background
        self._lock = threading.Lock()
        self._topic_vectors: dict[str, tuple[list[str], Any]] = {}
        self._preparing: set[str] = set()
        self._counts: dict[str, tuple[float, int]] = {}

    def _loaded(self) -> tuple[QueryEmbedder, PassageVectors] | None:
        try:
            if self._any_stored is not None and not self._any_stored():
                return None
            embedder, store = self._embedder(), self._store()
        except Exception:
            log.exception("no meaning signal for topics")
            return None
        if embedder is None or store is None:
            return None
        return embedder, store

    def _from_disk(self, model: str, digest: str, count: int) -> list[list[float]] | None:
        for cache in (self._cache, *self._prebuilt):
            rows = cache.load(model, digest, count)
            if rows is not None:
                return rows
        return None

    def _compute(self, embedder: QueryEmbedder, texts: list[tuple[str, str]], digest: str) -> None:
        import numpy as np

        try:
            rows = [[float(x) for x in _as_list(embedder.embed_query(text))] for _, text in texts]
        except Exception:
            log.exception("topic vectors could not be embedded")
            with self._lock:
                self._preparing.discard(digest)
            return
        self._cache.save(embedder.name, digest, rows)
        with self._lock:
            self._topic_vectors[digest] = (
                [f for f, _ in texts],
                np.asarray(rows, dtype=np.float32),
            )
            self._preparing.discard(digest)

    def field_matrix(
        self, taxonomy: Taxonomy, embedder: QueryEmbedder, wait: bool | None = None
    ) -> tuple[list[str], Any] | None:
        """Field of each topic vector and the vectors (rows); None while they are being embedded."""
        import numpy as np

        texts = topic_texts(taxonomy)
        digest = texts_digest(embedder.name, texts)
        with self._lock:
            ready = self._topic_vectors.get(digest)
            if ready is not None:
                return ready
            if digest in self._preparing:
                return None
        rows = self._from_disk(embedder.name, digest, len(texts))
        if rows is not None:
            ready = ([f for f, _ in texts], np.asarray(rows, dtype=np.float32))
            with self._lock:
                self._topic_vectors[digest] = ready
            return ready
        with self._lock:
            if digest in self._preparing:
                return None
            self._preparing.add(digest)
        if wait if wait is not None else not self._background:
            self._compute(embedder, texts, digest)
            with self._lock:
                return self._topic_vectors.get(digest)
        threading.Thread(
            target=self._compute, args=(embedder, texts, digest), name="topic-vectors", daemon=True
        ).start()
        return None

    def prepare(self, taxonomy: Taxonomy) -> bool:
        """Embed the topic vectors now if no cache holds them (slow); True when meaning can vote."""
        loaded = self._loaded()
        return loaded is not None and self.field_matrix(taxonomy, loaded[0], wait=True) is not None

    def warm(self, taxonomy: Taxonomy) -> None:
        """Have the topic vectors ready before :meth:`state` is asked: from memory or the disk
        cache (fast), else embedded (in the background in the app).

        ``state`` says whether they are ready, and a cached assignment is keyed by it; a
        fresh process that asked ``state`` before loading them from disk would key every
        programme as "no topic vectors", miss the cache that an earlier process wrote with
        them, and assign the whole library again (twice, once they are loaded).
        """
        loaded = self._loaded()
        if loaded is not None:
            self.field_matrix(taxonomy, loaded[0])

    def state(self, programme_id: str) -> tuple[str, int]:
        """Changes when the programme's stored vectors or the topic vectors do: a cache key.

        Counting a programme's vectors reads them, so it is done at most once a second.
        """
        loaded = self._loaded()
        if loaded is None:
            return ("", 0)
        embedder, store = loaded
        with self._lock:
            ready = len(self._topic_vectors)
            seen = self._counts.get(programme_id)
        now = time.monotonic()
        if seen is None or now - seen[0] >= RECOUNT_SECONDS:
            try:
                count = len(store.matrix([programme_id])[0])
            except Exception:
                count = 0
            seen = (now, count)
            with self._lock:
                self._counts[programme_id] = seen
        return (f"{embedder.name}/{ready}", seen[1])

    def nearness(
        self, taxonomy: Taxonomy, passages: Sequence[PassageContext]
    ) -> list[Nearness | None]:
        """For each passage its fields ranked by meaning, or None (no model, no stored vector)."""
        none: list[Nearness | None] = [None] * len(passages)
        loaded = self._loaded()
        if loaded is None or not passages:
            return none
        embedder, store = loaded
        try:
            programme_ids = sorted({c.programme.id for c in passages})
            ids, matrix = store.matrix(programme_ids)
            # No passage embedded yet (a fresh import): nothing to compare, no topic vectors needed.
            topic = self.field_matrix(taxonomy, embedder) if ids else None
            if topic is None:
                return none
        except Exception:
            log.exception("meaning signal failed; topics from headings and terms only")
            return none
        return rank_fields(taxonomy, passages, topic[0], topic[1], ids, matrix)


def rank_fields(
    taxonomy: Taxonomy,
    passages: Sequence[PassageContext],
    fields: Sequence[str],
    topic_matrix: Any,
    ids: Sequence[str],
    matrix: Any,
) -> list[Nearness | None]:
    """Fields ranked for each passage that has a row in (ids, matrix); vectors are unit length."""
    import numpy as np

    row_of = {pid: i for i, pid in enumerate(ids)}
    wanted = [row_of.get(c.passage.id) for c in passages]
    present = [r for r in wanted if r is not None]
    result: list[Nearness | None] = [None] * len(passages)
    if not present or len(fields) == 0:
        return result
    passage_matrix = np.asarray(matrix, dtype=np.float32)[present]
    topics = np.asarray(topic_matrix, dtype=np.float32)
    # Every text of municipal politics lies close to every other (cosines of 0.82 to
    # 0.87 for any passage and any field), and a field with broad phrasings lies close
    # to all passages. Measured from the centre of the topic texts (fixed by the
    # taxonomy, not by the passages, so a passage's ranking depends on nothing else),
    # what is left is what tells the fields apart.
    centre = topics.mean(axis=0)
    cosines = _unit(passage_matrix - centre) @ _unit(topics - centre).T
    columns: dict[str, list[int]] = {}
    for column, field in enumerate(fields):
        columns.setdefault(field, []).append(column)
    order = [f for f in (*taxonomy.fields, *taxonomy.global_fallbacks) if f in columns]
    scores = np.zeros((len(present), len(order)), dtype=np.float32)
    for j, field in enumerate(order):
        block = np.sort(cosines[:, columns[field]], axis=1)[:, -BEST_OF:]
        scores[:, j] = block.mean(axis=1)
    k = 0
    for i, r in enumerate(wanted):
        if r is None:
            continue
        row = scores[k]
        k += 1
        ranking = np.argsort(-row, kind="stable")
        result[i] = Nearness(tuple((order[j], float(row[j])) for j in ranking))
    return result


class EmbedderMeaning:
    """The meaning signal from an embedder alone: embeds the passages itself (tests, tools; slow)."""

    def __init__(self, embedder: Any) -> None:
        self._embedder = embedder

    def state(self, programme_id: str) -> tuple[str, int]:
        return ("embedder", 0)

    def nearness(
        self, taxonomy: Taxonomy, passages: Sequence[PassageContext]
    ) -> list[Nearness | None]:
        import numpy as np

        none: list[Nearness | None] = [None] * len(passages)
        if not passages:
            return none
        try:
            texts = topic_texts(taxonomy)
            topic_matrix = np.asarray(
                [_as_list(self._embedder.embed_query(t)) for _, t in texts], dtype=np.float32
            )
            rows = [
                _as_list(r)
                for r in self._embedder.embed_passages([c.passage.full_text for c in passages])
            ]
            if len(rows) != len(passages):
                return none
            matrix = np.asarray(rows, dtype=np.float32)
        except Exception:
            return none
        ids = [c.passage.id for c in passages]
        return rank_fields(taxonomy, passages, [f for f, _ in texts], topic_matrix, ids, matrix)


def _unit(rows: Any) -> Any:
    import numpy as np

    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.maximum(norms, 1e-6)


def _as_list(vector: Any) -> list[float]:
    return [float(x) for x in (vector.tolist() if hasattr(vector, "tolist") else vector)]
