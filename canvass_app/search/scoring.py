"""Scoring a query plan over whoosh postings: BM25 per concept, coverage, then the top candidates.

whoosh's own matcher tree scores every matching document through several layers
of Python objects; reading each term's postings block by block and scoring them
in one loop is several times faster, which is what keeps a 10 MB corpus
interactive. whoosh still stores the index, supplies postings, IDF and phrase
matching.
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import dataclasses
import heapq
import io
import itertools
import math
import pickle
import struct
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.formats import Positions
from whoosh.query.positional import Phrase
from whoosh.query.terms import Term
from whoosh.reading import TermNotFound

from canvass_app.search.query import Plan

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

K1 = 1.2
B = 0.75
FIELDS = ("text", "exact", "heading")
# Passages matched only through their section title rank below text matches.
HEADING_ONLY_FACTOR = 0.2
# Postings kept across queries, counted in postings (about 70 bytes each): a query's
# expansions reach a few hundred terms, and a cache counted in terms would drop them
# before the next query needs them again.
_POSTINGS_CACHE = 500_000
# Position checks per phrase and query; beyond this, the best-weighted documents only.
PHRASE_CHECKS = 300
# Phrases whose documents are kept across queries (thesaurus phrases recur).
_PHRASE_CACHE = 2000
# Positions (as stored, one encoded value per posting) of the text terms read last, counted
# in postings: a phrase or the adjacency bonus then reads no postings list a second time.
_VALUES_CACHE = 300_000
_BLOCK_LENGTH = struct.Struct("!i")
_POSITION_COUNT = struct.Struct("!I")  # before a stored value's pickled positions
# What reading postings another layout than whoosh3's raises in _w3_postings.
_NOT_W3 = (AttributeError, TypeError, ValueError, struct.error, zlib.error)
# Documents' stored fields kept across queries: each keystroke ranks and shows about a
# hundred candidates, most of them the last keystroke's too, and whoosh decompresses a
# document's stored fields on every read.
_STORED_CACHE = 4096


@dataclass
class Candidate:
    """A document worth ranking, with what of the query it contains."""

    docnum: int
    score: float  # BM25 summed over concepts, each by its best alternative per field
    text_mask: int  # concepts found in the text (bit i = concept i)
    heading_mask: int  # concepts found only in a heading (section title, card question)
    share: float  # IDF-weighted share of the query's concepts found


class PostingsIndex:
    """Fast access to one open index's postings and document lengths."""

    def __init__(self, searcher: Any, side: Any = None) -> None:
        """``side`` (the index's side store) holds every term's document frequency and every
        document's field lengths, so neither is counted here. Documents deleted in a segment
        (a removed programme) are skipped everywhere: scores are those of a full rebuild."""
        self.searcher = searcher
        self.reader = searcher.reader()
        self._leaves: list[tuple[Any, int]] = list(self.reader.leaf_readers())
        self.deleted: frozenset[int] = frozenset(
            d + offset for leaf, offset in self._leaves for d in getattr(leaf, "deleted_docs_set", ())
        )
        # Live documents: what a full rebuild would count.
        self.documents = max(1, int(self.reader.doc_count_all()) - len(self.deleted))
        self._lengths: dict[str, list[int]] = {}
        self._average: dict[str, float] = {}
        self._cache: OrderedDict[tuple[str, str], tuple[list[int], list[float]]] = OrderedDict()
        self._cached = [0]  # postings in the cache (shared with scoped views, like the cache)
        # The same postings as arrays for scoring: ids, weights and BM25's length term.
        self._arrays: OrderedDict[tuple[str, str], tuple[Any, Any, Any]] = OrderedDict()
        self._arrayed = [0]
        # Text terms' stored values (encoded positions), aligned with their cached ids.
        self._values: OrderedDict[str, tuple[list[int], list[Any]]] = OrderedDict()
        self._valued = [0]
        self._length_arrays: dict[str, Any] = {}
        self._stored: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._card_flags: list[Any] = []
        self._phrases: OrderedDict[tuple[tuple[str, ...], int, int], frozenset[int]] = OrderedDict()
        self.cards: set[int] = set(searcher.docs_for_query(Term("type", "card")))
        self._side = side
        self._df: dict[tuple[str, str], int] = {}
        self._segment_ids: list[str] = []
        if side is not None:
            known = side.segments()
            for leaf, _offset in self._leaves:
                segment = leaf.segment() if hasattr(leaf, "segment") else None
                segment_id = segment.segment_id() if segment is not None else None
                if segment_id is not None and segment_id in known:
                    self._segment_ids.append(segment_id)
            if len(self._segment_ids) != len(self._leaves):
                self._side = None  # not the side store of this index: count here

    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored fields of document ``docnum`` (the same dictionary each time: read it, never change it)."""
        found = self._stored.get(docnum)
        if found is not None:
            self._stored.move_to_end(docnum)
            return found
        found = dict(self.searcher.stored_fields(docnum))
        self._stored[docnum] = found
        if len(self._stored) > _STORED_CACHE:
            self._stored.popitem(last=False)
        return found

    def lengths(self, field: str) -> list[int]:
        found = self._lengths.get(field)
        if found is None:
            found = self._stored_lengths(field)
            if found is None:
                length = self.reader.doc_field_length
                found = [int(length(d, field) or 0) for d in range(self.reader.doc_count_all())]
            self._lengths[field] = found
            total = sum(found) - sum(found[d] for d in self.deleted)
            self._average[field] = max(1.0, total / self.documents)
        return found

    def _stored_lengths(self, field: str) -> list[int] | None:
        if self._side is None:
            return None
        per_segment = self._side.lengths(field)
        found: list[int] = []
        for segment_id in self._segment_ids:
            values = per_segment.get(segment_id)
            if values is None:
                return None
            found.extend(values)
        return found if len(found) == self.reader.doc_count_all() else None

    def average(self, field: str) -> float:
        self.lengths(field)
        return self._average[field]

    def postings(self, field: str, term: str) -> tuple[list[int], list[float]]:
        key = (field, term)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        values: list[Any] | None = [] if field == "text" else None
        if self._side is not None and self._df.get(key) == 0:
            # In no live document (the side store says so, kept with these very segments): a
            # query's heading forms mostly are, and each would be looked up in every segment.
            result: tuple[list[int], list[float]] = ([], [])
        else:
            result = self._read(field, term, values)
        self._cache[key] = result
        self._cached[0] += len(result[0])
        while self._cached[0] > _POSTINGS_CACHE and len(self._cache) > 1:
            _key, (dropped, _weights) = self._cache.popitem(last=False)
            self._cached[0] -= len(dropped)
        if values is not None:
            self._keep_values(term, result[0], values)
        return result

    def _keep_values(self, term: str, ids: list[int], values: list[Any]) -> None:
        if len(values) != len(ids):
            return  # not read alongside (a reader without them): positions are read when needed
        old = self._values.pop(term, None)
        if old is not None:
            self._valued[0] -= len(old[0])
        self._values[term] = (ids, values)
        self._valued[0] += len(ids)
        while self._valued[0] > _VALUES_CACHE and len(self._values) > 1:
            _term, (dropped, _values) = self._values.popitem(last=False)
            self._valued[0] -= len(dropped)

    def _text_values(self, term: str) -> tuple[list[int], list[Any]] | None:
        """The ids of ``term``'s text postings and their stored values (None: unreadable so)."""
        found = self._values.get(term)
        if found is not None:
            self._values.move_to_end(term)
            return found
        values: list[Any] = []
        ids, _weights = self._read("text", term, values)
        if len(values) != len(ids):
            return None
        self._keep_values(term, ids, values)
        return ids, values

    def _read(
        self, field: str, term: str, values: list[Any] | None = None
    ) -> tuple[list[int], list[float]]:
        """All live postings of ``term`` in ``field``; with ``values`` (a list to fill),
        each posting's stored value too (its positions, encoded), aligned with the ids."""
        ids: list[int] = []
        weights: list[float] = []
        # Each segment's postings, shifted by its offset, without its deleted documents.
        for leaf, offset in self._leaves:
            leaf_values: list[Any] | None = [] if values is not None else None
            try:
                leaf_ids, leaf_weights = self._read_leaf(leaf, field, term, leaf_values, offset)
            except TermNotFound:
                continue
            deleted = self.deleted
            if deleted:
                kept = [i for i, d in enumerate(leaf_ids) if d not in deleted]
                if len(kept) < len(leaf_ids):
                    leaf_ids = [leaf_ids[i] for i in kept]
                    leaf_weights = [leaf_weights[i] for i in kept]
                    if leaf_values is not None:
                        leaf_values = [leaf_values[i] for i in kept]
            ids.extend(leaf_ids)
            weights.extend(leaf_weights)
            if values is not None and leaf_values is not None:
                values.extend(leaf_values)
        return ids, weights

    def doc_frequency(self, field: str, term: str) -> int:
        if self._side is None:
            return len(self.postings(field, term)[0])
        key = (field, term)
        found = self._df.get(key)
        if found is None:
            found = self._df[key] = int(self._side.df(field, term))
        return found

    def prefetch_df(self, keys: Iterable[tuple[str, str]]) -> None:
        """Look up the document frequencies of many (field, term) pairs in one query per field
        (a query's expansions reach hundreds of terms, each looked up on its own otherwise)."""
        if self._side is None:
            return
        by_field: dict[str, set[str]] = {}
        for key in keys:
            if key not in self._df:
                by_field.setdefault(key[0], set()).add(key[1])
        for field, terms in by_field.items():
            for term, df in self._side.dfs(field, terms).items():
                self._df[(field, term)] = int(df)

    @staticmethod
    def _read_leaf(
        reader: Any, field: str, term: str, values: list[Any] | None = None, offset: int = 0
    ) -> tuple[list[int], list[float]]:
        """All postings of ``term`` in one segment, deleted documents included (the caller drops
        them), their document numbers shifted by ``offset`` (the segment's first in the index)."""
        try:
            return _w3_postings(reader, field, term, values, offset)
        except _NOT_W3:
            pass  # another layout than the pinned whoosh3's: read through whoosh's matcher
        if values is not None:
            values.clear()
        ids, weights = PostingsIndex._read_matcher(reader, field, term, values)
        return ([d + offset for d in ids] if offset else ids), weights

    @staticmethod
    def _read_matcher(
        reader: Any, field: str, term: str, values: list[Any] | None
    ) -> tuple[list[int], list[float]]:
        matcher = reader.postings(field, term)
        matcher = getattr(matcher, "child", matcher)  # whoosh's filter of deleted documents
        ids: list[int] = []
        weights: list[float] = []
        try:
            # Whole blocks at a time (whoosh3 leaf matcher internals, pinned version).
            while not matcher._atend:
                matcher._read_ids()
                matcher._read_weights()
                ids.extend(matcher._ids)
                weights.extend(matcher._weights)
                if values is not None:
                    matcher._read_values()
                    values.extend(matcher._values)
                matcher._next_block()
        except AttributeError:
            matcher = reader.postings(field, term)
            ids, weights = [], []
            if values is not None:
                values.clear()
            while matcher.is_active():
                ids.append(matcher.id())
                weights.append(matcher.weight())
                if values is not None:
                    values.append(matcher.value())
                matcher.next()
        return ids, weights

    def idf(self, field: str, term: str) -> float:
        if self.scope is None:
            # whoosh's own formula (scoring.WeightingModel.idf), over the live documents.
            return math.log(self.documents / (self.doc_frequency(field, term) + 1)) + 1
        # whoosh's BM25 IDF, counted over the searched programmes only.
        return math.log(len(self.scope) / (self.scope_df(field, term) + 1)) + 1.0

    scope: frozenset[int] | None = None

    def scoped(self, restrict: set[int] | None) -> PostingsIndex:
        """This index seen through a programme filter: IDF and document frequencies
        count only the documents searched, so a word that only another programme
        uses is unknown here and rare words weigh as rare in what is searched."""
        if restrict is None:
            return self
        view = copy.copy(self)
        view.scope = frozenset(restrict)
        view._scope_df = {}
        view._phrases = OrderedDict()  # which documents a phrase keeps depends on the scope's IDF
        return view

    _scope_df: dict[tuple[str, str], int]

    def scope_df(self, field: str, term: str) -> int:
        """Documents with ``term`` in ``field`` within the scope (all documents without one)."""
        ids = self.postings(field, term)[0]
        if self.scope is None:
            return len(ids)
        key = (field, term)
        found = self._scope_df.get(key)
        if found is None:
            scope = self.scope
            found = sum(1 for d in ids if d in scope)
            self._scope_df[key] = found
        return found

    def bm25(self, field: str, term: str, boost: float) -> Iterable[tuple[int, float]]:
        ids, weights = self.postings(field, term)
        if not ids:
            return []
        lengths = self.lengths(field)
        flat = K1 * (1 - B)
        per_length = K1 * B / self.average(field)
        factor = boost * self.idf(field, term) * (K1 + 1)
        return ((d, factor * w / (w + flat + per_length * lengths[d])) for d, w in zip(ids, weights, strict=True))

    def bm25_arrays(self, field: str, term: str, boost: float) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
        """:meth:`bm25` as arrays (document numbers, scores): the same numbers, computed
        in the same order of operations, so rankings are identical to the last bit."""
        ids, weights, denominators = self._term_arrays(field, term)
        factor = boost * self.idf(field, term) * (K1 + 1)
        return ids, (factor * weights) / denominators

    def _term_arrays(self, field: str, term: str) -> tuple[Any, Any, Any]:
        import numpy as np

        key = (field, term)
        cached = self._arrays.get(key)
        if cached is not None:
            self._arrays.move_to_end(key)
            return cached
        id_list, weight_list = self.postings(field, term)
        ids = np.array(id_list, dtype=np.int64)
        weights = np.array(weight_list, dtype=np.float64)
        lengths = self._length_arrays.get(field)
        if lengths is None:
            lengths = self._length_arrays[field] = np.array(self.lengths(field), dtype=np.int64)
        flat = K1 * (1 - B)
        per_length = K1 * B / self.average(field)
        # As in bm25: w + flat + per_length * length, added left to right.
        denominators = (weights + flat) + per_length * lengths[ids]
        result = (ids, weights, denominators)
        self._arrays[key] = result
        self._arrayed[0] += len(id_list)
        while self._arrayed[0] > _POSTINGS_CACHE and len(self._arrays) > 1:
            _key, (dropped, _w, _d) = self._arrays.popitem(last=False)
            self._arrayed[0] -= len(dropped)
        return result

    def prepare(self) -> None:
        """Read now what the first query otherwise reads (each scored field's document
        lengths, as lists and arrays, and which documents are cards): see SearchService.prepare."""
        import numpy as np

        for field in FIELDS:
            if field not in self._length_arrays:
                self._length_arrays[field] = np.array(self.lengths(field), dtype=np.int64)
        self.card_flags()

    def card_flags(self) -> Any:
        """A boolean per document: whether it is a card."""
        import numpy as np

        if not self._card_flags:
            flags = np.zeros(self.reader.doc_count_all(), dtype=bool)
            if self.cards:
                flags[np.array(sorted(self.cards), dtype=np.int64)] = True
            self._card_flags.append(flags)
        return self._card_flags[0]

    def phrase_docs(
        self,
        stems: Sequence[str],
        slop: int,
        within: Iterable[int] | None = None,
        most: int = PHRASE_CHECKS,
    ) -> set[int]:
        """Documents containing the stems in order (at most ``slop`` apart).

        Checking positions is the slow part, so at most ``most`` documents are
        checked: those where the phrase's rarest word weighs most.
        """
        if len(stems) == 1:
            return set(self.postings("text", stems[0])[0])
        if within is None:
            # The same phrase, the same documents, as long as this index is open.
            key = (tuple(stems), slop, most)
            cached = self._phrases.get(key)
            if cached is None:
                cached = frozenset(self._phrase_docs(stems, slop, None, most))
                self._phrases[key] = cached
                if len(self._phrases) > _PHRASE_CACHE:
                    self._phrases.popitem(last=False)
            else:
                self._phrases.move_to_end(key)
            return set(cached)
        return self._phrase_docs(stems, slop, within, most)

    def _phrase_docs(
        self, stems: Sequence[str], slop: int, within: Iterable[int] | None, most: int
    ) -> set[int]:
        lists = sorted((self.postings("text", s)[0] for s in stems), key=len)
        common = set(lists[0])
        for ids in lists[1:]:
            common.intersection_update(ids)
            if not common:
                return set()
        if within is not None:
            common &= set(within)
        if not common:
            return set()
        if len(common) > most:
            rarest = min(stems, key=lambda s: len(self.postings("text", s)[0]))
            weighed = ((score, d) for d, score in self.bm25("text", rarest, 1.0) if d in common)
            common = {d for _, d in heapq.nlargest(most, weighed)}
        # If the postings do not hand out positions this way, whoosh checks below.
        with contextlib.suppress(AttributeError, ValueError, KeyError):
            return self._phrase_by_positions(stems, slop, sorted(common))
        matcher = Phrase("text", list(stems), slop=slop).matcher(self.searcher)  # type: ignore[no-untyped-call]
        found: set[int] = set()
        for docnum in sorted(common):
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                found.add(docnum)
        return found

    def _positions(self, term: str, docs: Sequence[int]) -> dict[int, list[int]]:
        """Word positions of ``term`` in each of ``docs`` (sorted): from the values read with
        its postings (kept for the text terms read last), else skipping through its postings."""
        read = self._text_values(term)
        if read is not None:
            text_format = self.searcher.schema["text"].format
            decode = (
                _decode_positions if type(text_format) is Positions else text_format.decoder("positions")
            )
            ids, values = read
            found: dict[int, list[int]] = {}
            for docnum in docs:
                at = bisect.bisect_left(ids, docnum)
                if at < len(ids) and ids[at] == docnum:
                    found[docnum] = list(decode(values[at]))
            return found
        matcher = self.reader.postings("text", term)
        found = {}
        for docnum in docs:
            if not matcher.is_active():
                break
            if matcher.id() < docnum:
                matcher.skip_to(docnum)
            if matcher.is_active() and matcher.id() == docnum:
                found[docnum] = list(matcher.value_as("positions"))
        return found

    def _phrase_by_positions(self, stems: Sequence[str], slop: int, docs: Sequence[int]) -> set[int]:
        """The stems in order, each at most ``slop`` words after the one before.

        Reading positions for a few candidate documents is far cheaper than
        whoosh's span matcher, which lines up the whole postings lists first.
        """
        per_term = [self._positions(stem, docs) for stem in stems]
        found: set[int] = set()
        for docnum in docs:
            lists = [positions.get(docnum) for positions in per_term]
            if any(not p for p in lists):
                continue
            starts = set(lists[0] or ())
            for following in lists[1:]:
                allowed = set(following or ())
                starts = {q for p in starts for q in range(p + 1, p + slop + 1) if q in allowed}
                if not starts:
                    break
            if starts:
                found.add(docnum)
        return found


def _decode_positions(value: bytes) -> list[int]:
    """What whoosh's ``Positions.decode_positions`` returns for ``value`` (a count, then the
    pickled gaps between positions), the running sum taken in C."""
    if not value.endswith(b"."):
        value += b"."  # whoosh drops the pickle's final stop code when it stores a value
    return list(itertools.accumulate(pickle.loads(value[_POSITION_COUNT.size :])))


def _w3_postings(
    reader: Any, field: str, term: str, values: list[Any] | None, offset: int = 0
) -> tuple[list[int], list[float]]:
    """All postings of ``term`` in one segment (document numbers plus ``offset``), read block by block from whoosh3's postings
    file (the pinned version's layout, as its ``W3LeafMatcher`` reads it) without a matcher:
    a query's expansions reach hundreds of terms, and the matcher's per-term set-up and
    per-posting decoding were most of a first query's time in a large library. Any other
    layout raises (AttributeError, ValueError, …) and the caller reads through whoosh."""
    terms = reader._terms
    try:
        key = terms._keycoder(field, reader.schema[field].to_bytes(term))
        info = W3TermInfo.from_bytes(terms._tindex[key])  # type: ignore[no-untyped-call]
    except KeyError:
        raise TermNotFound(f"{field}:{term}") from None
    if info.is_inlined():
        ids, weights, inlined = info.inlined_postings()
        if values is not None:
            values.extend(inlined)
        return [d + offset for d in ids], list(weights)
    start, _length = info.extent()
    get = terms._postfile.get
    if get(start, len(WHOOSH3_HEADER_MAGIC)) != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"no postings block at {start}")
    position = start + len(WHOOSH3_HEADER_MAGIC)
    all_ids: list[int] = []
    all_weights: list[float] = []
    while True:
        (length,) = _BLOCK_LENGTH.unpack(get(position, _BLOCK_LENGTH.size))
        last = length < 0  # the last block's length is stored negated
        length = -length if last else length
        block = get(position + _BLOCK_LENGTH.size, length)
        header = io.BytesIO(block)
        count, _max_id, _max_weight, compression, _min_length, _max_length = pickle.load(header)
        data = block[header.tell() :]
        if compression:
            data = zlib.decompress(data)
        ids, weights, stored = pickle.loads(data)
        if len(ids) != count:
            raise ValueError(f"postings block of {len(ids)} ids, {count} expected")
        # Stored as gaps from the block's start: the running sum from the segment's offset.
        all_ids.extend(itertools.islice(itertools.accumulate(ids, initial=offset), 1, None))
        if weights is None:
            all_weights.extend(itertools.repeat(1.0, count))
        elif isinstance(weights, float):
            # One weight for the whole block: whoosh hands it out as a 32-bit float.
            all_weights.extend(itertools.repeat(array("f", (weights,))[0], count))
        else:
            all_weights.extend(weights)
        if values is not None:
            if not isinstance(stored, (tuple, list)) or len(stored) != count:
                raise ValueError("postings block without one value per posting")
            values.extend(stored)
        if last:
            return all_ids, all_weights
        position += _BLOCK_LENGTH.size + length


def concept_weights(plan: Plan, index: PostingsIndex) -> list[float]:
    """How telling finding each concept is: the IDF of its rarest own word."""
    weights = []
    for concept in plan.concepts:
        primary = [t for (f, t), b in concept.terms.items() if f == "text" and b >= 0.5]
        primary += [s for stems, _ in concept.phrases for s in stems]
        weights.append(max((index.idf("text", t) for t in primary), default=1.0))
    return weights


def candidates(
    plan: Plan,
    index: PostingsIndex,
    restrict: set[int] | None,
    limit: int,
    coordination: float,
    adjacent_bonus: float,
) -> list[Candidate]:
    """The ``limit`` best documents for the plan, before cards and parties are ordered.

    One array slot per document that any of the plan's terms or phrases occurs in (the
    scoring grows with what the query matches; of the library's size only one byte per
    document is touched, twice), instead of a dictionary entry per posting: a query of a
    few hundred expansion terms touches tens of thousands of postings, and the arrays do the
    same arithmetic in the same order (identical scores) without a Python step per posting.
    """
    import numpy as np

    # What each concept found, per field in the order the fields first appear (the
    # totals add up in that order): the term's documents and scores, a phrase's documents.
    index.prefetch_df(
        [key for c in plan.concepts for key in c.terms]
        + [("text", s) for c in plan.concepts for stems, _ in c.phrases for s in stems]
    )
    found: list[dict[str, list[tuple[Any, Any]]]] = []
    every: list[Any] = []
    for concept in plan.concepts:
        fields: dict[str, list[tuple[Any, Any]]] = {}
        for (field, term), boost in concept.terms.items():
            alternatives = fields.setdefault(field, [])
            ids, values = index.bm25_arrays(field, term, boost)
            if len(ids):
                alternatives.append((ids, values))
                every.append(ids)
        for stems, boost in concept.phrases:
            weight = boost * sum(index.idf("text", s) for s in stems)
            alternatives = fields.setdefault("text", [])
            phrase = index.phrase_docs(stems, slop=1)
            if phrase:
                ids = np.fromiter(phrase, dtype=np.int64, count=len(phrase))
                alternatives.append((ids, weight))
                every.append(ids)
        found.append(fields)
    # The matched documents in order, and each one's slot: marked in one flag per document
    # of the index (a byte each, set per posting), which numpy turns into both in two passes.
    seen = np.zeros(int(index.reader.doc_count_all()), dtype=bool)
    for ids in every:
        seen[ids] = True
    matched = np.flatnonzero(seen)
    slot_of = np.cumsum(seen, dtype=np.int64) - 1
    size = len(matched)
    totals = np.zeros(size, dtype=np.float64)
    text_mask = np.zeros(size, dtype=np.int64)
    heading_mask = np.zeros(size, dtype=np.int64)
    for number, fields in enumerate(found):
        bit = 1 << number
        for field, alternatives in fields.items():
            if not alternatives:
                continue
            # A concept scores by its best alternative in each field, so a word found
            # in five spellings does not count five times.
            scores = np.zeros(size, dtype=np.float64)
            for ids, values in alternatives:
                slots = slot_of[ids]
                scores[slots] = np.maximum(scores[slots], values)
            mask = heading_mask if field == "heading" else text_mask
            totals += scores  # + 0.0 where the field has nothing: unchanged
            mask[scores > 0.0] |= bit
    weights = concept_weights(plan, index)
    known_weight = sum(w for c, w in zip(plan.concepts, weights, strict=True) if c.known) or 1.0
    weak = sum(1 << i for i, c in enumerate(plan.concepts) if c.weak)
    covered_all = text_mask | heading_mask
    keep = covered_all != 0
    if restrict is not None:
        inside = np.fromiter(restrict, dtype=np.int64, count=len(restrict))
        keep &= np.isin(matched, inside)
    for stem in plan.excluded:
        keep &= ~np.isin(matched, np.array(index.postings("text", stem)[0], dtype=np.int64))
    # With words the programmes never use, common words alone are no answer.
    if plan.unknown:
        keep &= (covered_all & ~weak) != 0
    # "zu hoch", "erhöhen" alone answer no question that names its subject.
    generic = sum(1 << i for i, c in enumerate(plan.concepts) if c.generic)
    if generic and not all(c.generic for c in plan.concepts):
        keep &= (covered_all & ~generic) != 0
    slots = np.flatnonzero(keep)
    docs = matched[slots]
    share_of: dict[int, float] = {}
    top: list[tuple[float, int, int]] = []
    if len(docs):
        covered = covered_all[slots]
        masks, which = np.unique(covered, return_inverse=True)
        powered = []
        for covered_mask in masks.tolist():
            share = sum(w for i, w in enumerate(weights) if covered_mask >> i & 1) / known_weight
            share_of[covered_mask] = share
            powered.append(share**coordination)
        ranked = totals[slots] * np.array(powered, dtype=np.float64)[which.reshape(-1)]
        # A section title alone is context, not the answer: such a passage still
        # shows ("Bürokratie abbauen" finds the section "Für den Abbau von
        # Bürokratie"), but below every passage that says the words itself.
        heading_only = (text_mask[slots] == 0) & ~index.card_flags()[docs]
        ranked = np.where(heading_only, ranked * HEADING_ONLY_FACTOR, ranked)
        if len(docs) > limit:
            # Everything scoring at least the limit-th best, ties included, then in
            # heapq.nlargest's order: score, then document number, both descending.
            threshold = np.partition(ranked, len(ranked) - limit)[len(ranked) - limit]
            chosen = np.flatnonzero(ranked >= threshold)
        else:
            chosen = np.arange(len(docs))
        order = chosen[np.lexsort((-docs[chosen], -ranked[chosen]))][:limit]
        top = [(float(ranked[i]), int(docs[i]), int(slots[i])) for i in order]
    stems = plan.adjacency()
    adjacent: set[int] = set()
    if len(stems) > 1 and top:
        adjacent = index.phrase_docs(stems, slop=2, within=[d for _, d, _ in top])
    result = []
    for final, docnum, slot in top:
        in_text, in_heading = int(text_mask[slot]), int(heading_mask[slot])
        result.append(
            Candidate(
                docnum,
                final * (adjacent_bonus if docnum in adjacent else 1.0),
                in_text,
                in_heading,
                share_of[in_text | in_heading],
            )
        )
    result.sort(key=lambda c: c.score, reverse=True)
    return result


def scope_plan(plan: Plan, index: PostingsIndex) -> Plan:
    """The plan with the vocabulary of the searched scope only (see :meth:`PostingsIndex.scoped`).

    A concept keeps the forms that occur in the scope; one left with none is unknown,
    so the "unknown words" rule fires under a programme filter as it does without.
    """
    if index.scope is None:
        return plan
    size = max(1, len(index.scope))
    concepts = []
    for concept in plan.concepts:
        kept = copy.copy(concept)
        kept.terms = {key: b for key, b in concept.terms.items() if index.scope_df(*key) > 0}
        kept.phrases = [
            (stems, b) for stems, b in concept.phrases if all(index.scope_df("text", s) for s in stems)
        ]
        stems = [t for (f, t) in kept.terms if f == "text"]
        kept.weak = bool(stems) and all(index.scope_df("text", t) > 0.2 * size for t in stems)
        if concept.meaning and not concept.meaning & kept.terms.keys() and not kept.phrases:
            kept.loose = True  # a split compound's last part and thesaurus words are not in scope
        concepts.append(kept)
    unknown = [c.label for c in concepts if not c.known]
    return dataclasses.replace(plan, concepts=concepts, unknown=unknown)


def all_terms(plan: Plan) -> set[tuple[str, str]]:
    """Every (field, term) of the plan, for highlighting (only words present get marked)."""
    keys = {k for c in plan.concepts for k in c.terms}
    keys |= {("text", s) for c in plan.concepts for stems, _ in c.phrases for s in stems}
    return keys

