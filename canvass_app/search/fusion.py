"""Reciprocal rank fusion of the lexical ranking and the dense (meaning) ranking.

Each list contributes ``1 / (k + rank)`` for the passages in its top ``depth``; the
sum orders the fused list (Cormack et al. 2009, k = 60). A passage only the dense
list found is a *meaning* hit: shown when its cosine reaches the calibrated
threshold, never counted as the programme saying the query's words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

RRF_K = 60
DEPTH = 10
# Cosine (multilingual-e5-small, "query:"/"passage:") a meaning-only passage must reach.
# Calibrated on the judged sets (tests/bench/bench_search.py prints the sweep): below
# it, off-topic questions bring as many passages as real ones do.
MEANING_THRESHOLD = 0.86
MAX_MEANING_HITS = 5


@dataclass(frozen=True)
class Fused:
    """One passage of the fused ranking."""

    id: str
    score: float
    match: str  # "words" or "meaning"
    cosine: float | None


def fuse(
    lexical: Sequence[str],
    dense: Sequence[tuple[str, float]],
    *,
    threshold: float = MEANING_THRESHOLD,
    k: int = RRF_K,
    depth: int = DEPTH,
    max_meaning: int = MAX_MEANING_HITS,
) -> list[Fused]:
    """Lexical passage IDs (best first) and dense (ID, cosine) pairs into one ranking.

    Every lexical passage stays (beyond ``depth`` with its lexical share only);
    dense-only passages join when their cosine reaches ``threshold``.
    """
    cosines = dict(dense)
    scores: dict[str, float] = {}
    for rank, pid in enumerate(lexical, start=1):
        # Beyond the fused depth a lexical hit keeps a share below every fused one.
        scores[pid] = 1.0 / (k + rank) if rank <= depth else 1.0 / (k + depth + rank) / 2
    lexical_set = set(lexical)
    meaning = 0
    for rank, (pid, cosine) in enumerate(dense[:depth], start=1):
        if pid in lexical_set:
            scores[pid] += 1.0 / (k + rank)
        elif cosine >= threshold and meaning < max_meaning:
            scores[pid] = 1.0 / (k + rank)
            meaning += 1
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    return [
        Fused(pid, score, "words" if pid in lexical_set else "meaning", cosines.get(pid))
        for pid, score in ranked
    ]
