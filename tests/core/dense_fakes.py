"""A tiny deterministic Embedder for tests: words of one meaning group share an axis."""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from canvass_app.search.analysis import fold
from canvass_app.search.embedding import Matrix, Vector, normalise

GROUPS = (
    ("rentner", "senioren", "altere", "alter", "pflege", "pflegeheim"),
    ("solar", "photovoltaik", "solaranlage", "dacher", "sonnenstrom"),
    ("fluchtlinge", "schutzsuchende", "asylbewerber", "gefluchtete"),
    ("miete", "mieten", "mietspiegel", "wohnungen", "wohnen"),
    ("bus", "bahn", "nahverkehr", "busse"),
    ("hafen", "container", "schiffe"),
)


class FakeEmbedder:
    """Counts meaning groups; optionally slow, to interrupt it in the middle of a batch."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.calls = 0

    @property
    def name(self) -> str:
        return "fake-groups-1"

    @property
    def dimensions(self) -> int:
        return len(GROUPS) + 1

    def _vector(self, text: str) -> Vector:
        words = {fold(w.strip(".,;:!?")) for w in text.split()}
        values = np.zeros(self.dimensions, dtype=np.float32)
        for axis, group in enumerate(GROUPS):
            values[axis] = sum(1.0 for w in words if w in group)
        values[-1] = 0.05
        return normalise(values[None, :])[0]

    def embed_query(self, text: str) -> Vector:
        return self._vector(text)

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        self.calls += 1
        if self.delay:
            time.sleep(self.delay * len(texts))
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._vector(t) for t in texts])
