"""Reciprocal rank fusion of the lexical ranking and the dense (meaning) ranking.

Each list contributes ``1 / (k + rank)`` for the passages in its top ``depth``; the
sum orders the fused list (Cormack et al. 2009). The lexical list fuses with a smaller
``k`` than the dense one (30 against 60), so its top ranks weigh more: a passage the
words found first is not pushed down by several the model merely ranks in both lists.

A passage only the dense list found is a *meaning* hit, never counted as the programme
saying the query's words. It is shown when its cosine stands out from the query's
cosines over everything searched: at least ``margin`` above their median (the
*baseline*). Absolute cosines of this model differ from programme to programme (a
relevant passage scores 0.84–0.88 in one, 0.80–0.84 in another); how far a passage
stands above the rest of the scope carries over.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

RRF_K = 60
LEXICAL_K = 30
DEPTH = 10
# How far above the median cosine of the query over the searched passages a
# meaning-only passage must be. Calibrated on the real judged set (the bench prints the
# sweep): from 0.07 no off-topic question brings a meaning-only passage, and no
# judged question loses its answer.
MEANING_MARGIN = 0.07
MAX_MEANING_HITS = 5
# Lexical passages scoring at least this share of the best lexical score keep their
# lexical places at the top of the fused ranking (at most MAX_PINNED of them).
STRONG_SHARE = 0.4
MAX_PINNED = 3
# Fewer searched passages than this give no reliable median; the model's typical one
# is used instead (the queries of the judged sets: medians 0.77–0.80).
MIN_BASELINE_PASSAGES = 30
TYPICAL_MEDIAN = 0.785
# A lexical passage beyond the fused depth that the dense list ranks this high fuses as
# the last lexical passage within the depth would: both rankings found it, the meaning one
# first of all. Calibrated on all judged sets (its own lexical share, or the dense
# list's first two, cost the bundled set an answer).
CONFIRMING_RANKS = 1
# How many lexical hits the fused ranking reads: more than a short list shows, so a
# passage saying the words beyond it can be confirmed by the dense list.
LEXICAL_POOL = 30


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
    baseline: float = 0.0,
    margin: float = MEANING_MARGIN,
    threshold: float | None = None,
    k: int = RRF_K,
    lexical_k: int = LEXICAL_K,
    depth: int = DEPTH,
    max_meaning: int = MAX_MEANING_HITS,
    pinned: Sequence[str] = (),
    admitted: Collection[str] = (),
    confirming: int = CONFIRMING_RANKS,
) -> list[Fused]:
    """Lexical passage IDs (best first) and dense (ID, cosine) pairs into one ranking.

    Every lexical passage stays (beyond ``depth`` with its lexical share only);
    dense-only passages join when their cosine reaches ``baseline + margin`` (the
    query's median cosine over the scope plus the calibrated margin), or an absolute
    ``threshold`` when one is given. A lexical passage beyond ``depth`` that the dense
    list ranks among its first ``confirming`` fuses as the lexical passage at ``depth``.
    ``pinned`` lexical passages (the words' strong evidence, see :func:`strong_lexical`) lead in their lexical order; ranks only
    order what follows, so two lists' agreement on weaker passages never lifts them
    above a passage the words clearly found.
    """
    needed = threshold if threshold is not None else baseline + margin
    cosines = dict(dense)
    scores: dict[str, float] = {}
    lexical_rank: dict[str, int] = {}
    for rank, pid in enumerate(lexical, start=1):
        # Beyond the fused depth a lexical hit keeps a share below every fused one.
        scores[pid] = 1.0 / (lexical_k + rank) if rank <= depth else 1.0 / (k + depth + rank) / 2
        lexical_rank.setdefault(pid, rank)
    lexical_set = set(lexical)
    meaning = 0
    for rank, (pid, cosine) in enumerate(dense[:depth], start=1):
        if pid in lexical_set:
            if lexical_rank[pid] > depth and rank <= confirming:
                # The words found it further down, the meaning ranking first: it fuses
                # as the last lexical hit within the depth would.
                scores[pid] = 1.0 / (lexical_k + depth)
            scores[pid] += 1.0 / (k + rank)
        elif (cosine >= needed or pid in admitted) and meaning < max_meaning:
            scores[pid] = 1.0 / (k + rank)
            meaning += 1
    # Admitted passages the dense list does not hold join after everything it ranks, in
    # the order given (a set's order would change from process to process: sorted).
    for pid in admitted if isinstance(admitted, Sequence) else sorted(admitted):
        if pid not in scores and meaning < max_meaning:
            scores[pid] = 1.0 / (k + depth + 1)
            meaning += 1
    lead = [pid for pid in pinned if pid in lexical_set]
    first = set(lead)
    ranked = [(pid, scores[pid]) for pid in lead]
    # Equal scores keep the order they were given in (lexical, then dense, then admitted).
    ranked += sorted(((p, v) for p, v in scores.items() if p not in first), key=lambda item: -item[1])
    return [
        Fused(pid, score, "words" if pid in lexical_set else "meaning", cosines.get(pid))
        for pid, score in ranked
    ]


def strong_lexical(
    lexical: Sequence[tuple[str, float]], *, share: float = STRONG_SHARE, most: int = MAX_PINNED
) -> list[str]:
    """The leading lexical passages (ID, score; best first) whose score is at least
    ``share`` of the best one: at most ``most`` of them, stopping at the first weaker.

    Lexical scores carry how much of the question a passage says (all its concepts,
    near each other, in the lead-in); ranks do not. A passage scoring a large share of
    the best is as clearly an answer as the first.
    """
    if not lexical or lexical[0][1] <= 0:
        return []
    needed = lexical[0][1] * share
    strong: list[str] = []
    for pid, score in lexical[:most]:
        if score < needed:
            break
        strong.append(pid)
    return strong


def baseline(sorted_cosines: Sequence[float]) -> float:
    """The query's median cosine over the searched passages (sorted best first).

    Under :data:`MIN_BASELINE_PASSAGES` the median says little (one programme of three
    passages), and the model's typical median stands in for it.
    """
    if len(sorted_cosines) < MIN_BASELINE_PASSAGES:
        return TYPICAL_MEDIAN
    middle = len(sorted_cosines) // 2
    if len(sorted_cosines) % 2:
        return sorted_cosines[middle]
    return (sorted_cosines[middle - 1] + sorted_cosines[middle]) / 2
