"""The search service: one index over passages and cards, kept fresh, queried by concepts.

The index lives in ``cache_dir/index/<key>``; the key hashes the corpus, the cards,
the thesaurus and the analyzer version, so any change to them opens (or builds) a
different index. Notes are never indexed here: they are searched by the notes
store itself through ``note_search`` so that deleting a note really deletes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from whoosh import query as wq

from canvass_app.errors import CanvassError
from canvass_app.search import index as idx
from canvass_app.search.analysis import ANALYZER_VERSION, analyze
from canvass_app.search.query import Concept, Plan, Vocabulary, concepts_by_term, plan
from canvass_app.search.snippets import highlight
from canvass_app.search.thesaurus import Thesaurus

log = logging.getLogger(__name__)

HitType = Literal["passage", "card", "note"]
# Cards whose question matches this share of the query's concepts go on top.
CARD_QUESTION_SHARE = 0.6
MAX_CARDS_ON_TOP = 1
# How strongly a hit is penalised for missing some of the query's concepts.
COORDINATION = 2.0
_CANDIDATES = 400


class CorpusLike(Protocol):
    """What search needs from the corpus (``canvass_app.corpus.store.Corpus``)."""

    def passages(self) -> Sequence[Any]: ...
    def programmes(self) -> Sequence[Any]: ...
    def programme_of(self, passage: Any) -> Any: ...
    def section_of(self, passage: Any) -> Any: ...
    def fingerprint(self) -> str: ...


@dataclass
class Hit:
    """One result: a programme passage, a quick-answer card, or one of the user's notes."""

    type: HitType
    id: str
    programme: str | None
    section: str | None
    text: str
    snippet: str
    score: float
    party: str | None = None
    year: int | None = None
    programme_title: str | None = None
    section_title: str | None = None
    lead_in: str | None = None
    matched: int = 0  # how many of the query's concepts it contains

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "programme": self.programme,
            "section": self.section,
            "text": self.text,
            "snippet": self.snippet,
            "score": round(self.score, 4),
            "party": self.party,
            "year": self.year,
            "programme_title": self.programme_title,
            "section_title": self.section_title,
            "lead_in": self.lead_in,
        }


@dataclass
class SearchResults:
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"hits": [h.to_json() for h in self.hits], "suggestion": self.suggestion}


@dataclass
class _Open:
    key: str
    searcher: Any
    vocab: Vocabulary
    cards: dict[str, Any]


def _card_text(card: Any) -> tuple[str, str]:
    """(question and phrasings, answer summaries) of a card."""
    heading = "\n".join([str(card.question), *(str(p) for p in getattr(card, "phrasings", ()))])
    summaries = "\n".join(str(getattr(a, "summary", "")) for a in getattr(card, "answers", ()))
    return heading, summaries


def _card_programmes(card: Any) -> set[str]:
    return {
        str(getattr(a, "programme", ""))
        for a in getattr(card, "answers", ())
        if getattr(a, "citations", ())
    }


class SearchService:
    """Search over the corpus (and cards); opens or builds its index on first use."""

    def __init__(
        self,
        corpus: CorpusLike,
        cache_dir: Path,
        cards: Callable[[], Sequence[Any]] | None = None,
        topic_passages: Callable[[str], set[str]] | None = None,
        note_search: Callable[[str, int], list[Hit]] | None = None,
        thesaurus_paths: Sequence[Path] = (),
        prebuilt_dirs: Sequence[Path] = (),
    ) -> None:
        self.corpus = corpus
        self.root = cache_dir / "index"
        self._cards = cards
        self._topic_passages = topic_passages
        self._note_search = note_search
        self.thesaurus = Thesaurus.load(thesaurus_paths)
        self._prebuilt_dirs = list(prebuilt_dirs)
        self._open: _Open | None = None
        self.last_build_seconds: float | None = None
        self.in_memory = False
        self._key_memo: tuple[tuple[Any, ...], tuple[Any, ...], str] | None = None

    # --- index lifecycle ---------------------------------------------------

    def _current_cards(self) -> list[Any]:
        if self._cards is None:
            return []
        try:
            return list(self._cards())
        except Exception:  # content errors are reported by `canvass check`, not by search
            log.exception("cards could not be loaded for search")
            return []

    def _key(self, cards: Sequence[Any]) -> str:
        # Programmes and cards are immutable: the same objects mean the same key,
        # which spares hashing the whole corpus on every keystroke.
        programmes = tuple(self.corpus.programmes())
        memo = self._key_memo
        if (
            memo is not None
            and len(memo[0]) == len(programmes)
            and len(memo[1]) == len(cards)
            and all(a is b for a, b in zip(memo[0], programmes, strict=True))
            and all(a is b for a, b in zip(memo[1], cards, strict=True))
        ):
            return memo[2]
        key = self._compute_key(cards)
        self._key_memo = (programmes, tuple(cards), key)
        return key

    def _compute_key(self, cards: Sequence[Any]) -> str:
        digest = hashlib.sha256()
        digest.update(ANALYZER_VERSION.encode())
        digest.update(b"\0corpus\0" + self.corpus.fingerprint().encode())
        digest.update(b"\0thesaurus\0" + self.thesaurus.fingerprint.encode())
        for card in sorted(cards, key=lambda c: str(c.id)):
            heading, summaries = _card_text(card)
            digest.update(f"\0card\0{card.id}\0{heading}\0{summaries}".encode())
        return digest.hexdigest()[:20]

    def key(self) -> str:
        """The key of the index matching the current corpus, cards and thesaurus."""
        return self._key(self._current_cards())

    def _documents(self, cards: Sequence[Any]) -> list[idx.Document]:
        documents: list[idx.Document] = []
        for passage in self.corpus.passages():
            section = self.corpus.section_of(passage)
            documents.append(
                idx.Document(
                    id=passage.id,
                    type="passage",
                    text=passage.text,
                    heading=section.title,
                    programme=passage.programme_id,
                    section=passage.section_id,
                )
            )
        for card in cards:
            heading, summaries = _card_text(card)
            documents.append(
                idx.Document(
                    id=str(card.id),
                    type="card",
                    text=summaries,
                    heading=heading,
                    exact=f"{heading}\n{summaries}",
                    body=str(card.question),
                )
            )
        return documents

    def ensure_open(self) -> _Open:
        """The open index for the current content, opening or (re)building as needed."""
        cards = self._current_cards()
        key = self._key(cards)
        if self._open is not None and self._open.key == key:
            return self._open
        self.close()
        searcher, surfaces = self._open_or_build(key, cards)
        self._open = _Open(
            key, searcher, Vocabulary(searcher.reader(), surfaces), {str(c.id): c for c in cards}
        )
        return self._open

    def _open_or_build(self, key: str, cards: Sequence[Any]) -> tuple[Any, dict[str, str]]:
        for prebuilt in self._prebuilt_dirs:
            with contextlib.suppress(idx.IndexUnusable):
                return idx.open_verified(prebuilt / key, key)
        directory = self.root / key
        try:
            return idx.open_verified(directory, key)
        except idx.IndexUnusable as reason:
            if directory.exists():
                log.warning("search index %s unusable (%s); rebuilding", directory, reason)
        return self._rebuild(key, cards)

    def _rebuild(self, key: str, cards: Sequence[Any]) -> tuple[Any, dict[str, str]]:
        import time

        documents = self._documents(cards)
        started = time.perf_counter()
        directory = self.root / key
        try:
            idx.build(directory, key, documents)
            opened = idx.open_verified(directory, key)
            self.in_memory = False
        except (OSError, idx.IndexUnusable) as error:
            # A read-only or full disk must not cost the user their search.
            log.warning("cannot write search index to %s (%s); using memory", directory, error)
            opened = idx.open_in_memory(documents)
            self.in_memory = True
        self.last_build_seconds = time.perf_counter() - started
        idx.clean_stale(self.root, keep=key)
        return opened

    def rebuild(self) -> None:
        """Throw the index away and build it again (used after damage)."""
        cards = self._current_cards()
        key = self._key(cards)
        self.close()
        searcher, surfaces = self._rebuild(key, cards)
        self._open = _Open(
            key, searcher, Vocabulary(searcher.reader(), surfaces), {str(c.id): c for c in cards}
        )

    def close(self) -> None:
        if self._open is not None:
            with contextlib.suppress(Exception):
                self._open.searcher.close()
            self._open = None

    def export_index(self, target: Path) -> Path:
        """Write the current index to ``target/<key>`` for shipping with the packaged app."""
        cards = self._current_cards()
        key = self._key(cards)
        directory = target / key
        idx.build(directory, key, self._documents(cards))
        return directory

    # --- searching ---------------------------------------------------------

    def suggest(self, query: str) -> str | None:
        """A corrected spelling of ``query`` ("Meinten Sie …?"), or None when it looks right."""
        try:
            opened = self.ensure_open()
            return plan(query, opened.vocab, self.thesaurus).suggestion()
        except Exception:
            log.exception("suggestion failed for %r", query)
            return None

    def search(
        self,
        query: str,
        *,
        programmes: Sequence[str] = (),
        topic: str | None = None,
        limit: int = 20,
    ) -> SearchResults:
        """Hits for any string, best first; never raises for what a user can type."""
        limit = max(1, int(limit))
        # An unknown topic given explicitly is the caller's mistake (CanvassError);
        # check it before the index is involved.
        topic_ids = self.check_topic(topic) if topic else None
        try:
            results = self._search(query, programmes, topic_ids, limit)
        except Exception:
            # A damaged index shows up here at the latest: rebuild once and retry.
            log.exception("search failed for %r; rebuilding the index", query)
            self.rebuild()
            results = self._search(query, programmes, topic_ids, limit)
        if self._note_search is not None:
            try:
                notes = list(self._note_search(query, limit))
            except Exception:
                log.exception("note search failed")
                notes = []
            results.hits = _merge_notes(results.hits, notes, limit)
        return results

    def check_topic(self, topic: str) -> set[str]:
        """The passages of ``topic``; raises CanvassError for an unknown one."""
        if self._topic_passages is None:
            raise CanvassError("Themen sind in dieser Version noch nicht verfügbar.")
        return set(self._topic_passages(topic))

    def _query_topic(self, topic: str) -> set[str]:
        """Passages for a ``thema:`` filter typed into the query: unknown means none."""
        try:
            return self.check_topic(topic)
        except Exception:
            return set()

    def _search(
        self, query: str, programmes: Sequence[str], topic_ids: set[str] | None, limit: int
    ) -> SearchResults:
        opened = self.ensure_open()
        the_plan = plan(query, opened.vocab, self.thesaurus)
        suggestion = the_plan.suggestion()
        wanted_programmes = list(programmes) + self._programmes_named(the_plan.parsed.programmes)
        wanted_programmes += self._programmes_of_parties(the_plan.parsed.parties)
        preferred = set(self._programmes_of_parties(the_plan.party_words))
        topics = list(the_plan.parsed.topics)
        whoosh_query = the_plan.whoosh_query()
        if whoosh_query is None:
            return SearchResults([], suggestion)
        allowed_passages = topic_ids
        for topic_id in topics:
            typed = self._query_topic(topic_id)
            allowed_passages = typed if allowed_passages is None else allowed_passages & typed
        searcher = opened.searcher
        raw_hits = searcher.search(whoosh_query, limit=_CANDIDATES, terms=True)
        hits = self._judge(
            the_plan, opened, raw_hits, set(wanted_programmes), topics, allowed_passages, preferred
        )
        return SearchResults(hits[:limit], suggestion)

    def _programmes_named(self, names: Sequence[str]) -> list[str]:
        known = {str(p.id) for p in self.corpus.programmes()}
        return [n for n in names if n in known] or (["\0none"] if names else [])

    def _programmes_of_parties(self, parties: Sequence[str]) -> list[str]:
        found: list[str] = []
        for party in parties:
            wanted = party.casefold()
            found += [
                str(p.id) for p in self.corpus.programmes() if wanted in str(p.party).casefold()
            ]
        if parties and not found:
            return ["\0none"]
        return found

    def _judge(
        self,
        the_plan: Plan,
        opened: _Open,
        raw_hits: Any,
        programmes: set[str],
        topics: list[str],
        allowed_passages: set[str] | None,
        preferred: set[str],
    ) -> list[Hit]:
        concepts = the_plan.concepts
        by_term = concepts_by_term(concepts)
        phrase_docs = self._phrase_docs(the_plan, opened.searcher)
        known = [c for c in concepts if c.known]
        needs_strong = bool(the_plan.unknown)
        question_share = max(1, math.ceil(CARD_QUESTION_SHARE * len(known)))
        weights = [self._concept_weight(c, opened.searcher) for c in concepts]
        total_weight = sum(w for c, w in zip(concepts, weights, strict=True) if c.known) or 1.0
        scored: list[tuple[tuple[float, ...], Hit]] = []
        for raw in raw_hits:
            fields = raw.fields()
            doc_type = fields.get("type", "passage")
            matched_terms = {(f, t.decode("utf-8") if isinstance(t, bytes) else t) for f, t in raw.matched_terms()}
            covered: set[int] = set()
            covered_text: set[int] = set()
            in_heading: set[int] = set()
            for key in matched_terms:
                for concept_index in by_term.get(key, ()):
                    covered.add(concept_index)
                    (in_heading if key[0] == "heading" else covered_text).add(concept_index)
            for concept_index, docs in phrase_docs.items():
                if raw.docnum in docs:
                    covered.add(concept_index)
                    covered_text.add(concept_index)
            if not covered:
                continue
            # A section title alone is context, not an answer.
            if doc_type == "passage" and not covered_text:
                continue
            if needs_strong and all(concepts[i].weak for i in covered):
                continue
            if doc_type == "passage":
                hit = self._passage_hit(fields, raw.score, matched_terms)
                if hit is None:
                    continue
                if programmes and hit.programme not in programmes:
                    continue
                if allowed_passages is not None and hit.id not in allowed_passages:
                    continue
                on_top = 0
            else:
                card = opened.cards.get(fields["id"])
                if card is None:
                    continue
                if programmes and not (_card_programmes(card) & programmes):
                    continue
                if allowed_passages is not None and not _card_cites(card) & allowed_passages:
                    continue
                hit = self._card_hit(card, raw.score, matched_terms)
                on_top = 1 if len(in_heading) >= question_share else 0
            hit.matched = len(covered)
            party_first = 1 if hit.programme in preferred else 0
            # A card that does not answer the question as asked follows the passages.
            is_passage = 1 if doc_type == "passage" else 0
            # Soft coordination: the share of the query's (IDF-weighted) concepts found.
            share = sum(weights[i] for i in covered) / total_weight
            final = float(raw.score) * share**COORDINATION
            hit.score = final
            scored.append(((on_top, party_first, is_passage, final), hit))
        scored.sort(key=lambda pair: pair[0], reverse=True)
        hits = [h for _, h in scored]
        # Only the best cards jump the queue; the rest take their place by relevance.
        top_cards = [pair for pair in scored if pair[0][0] == 1][:MAX_CARDS_ON_TOP]
        if len(top_cards) < len([p for p in scored if p[0][0] == 1]):
            rest = [p for p in scored if p not in top_cards]
            rest.sort(key=lambda pair: pair[0][1:], reverse=True)
            hits = [h for _, h in top_cards] + [h for _, h in rest]
        return hits

    @staticmethod
    def _concept_weight(concept: Concept, searcher: Any) -> float:
        """How telling finding this concept is: the IDF of its rarest own word."""
        primary = [t for (f, t), b in concept.terms.items() if f == "text" and b >= 0.5]
        primary += [s for stems, _ in concept.phrases for s in stems]
        if not primary:
            return 1.0
        return max(float(searcher.idf("text", t)) for t in primary)

    def _phrase_docs(self, the_plan: Plan, searcher: Any) -> dict[int, set[int]]:
        """Documents matching each concept's phrases (phrases report no matched terms)."""
        found: dict[int, set[int]] = {}
        for index, concept in enumerate(the_plan.concepts):
            for stems, _ in concept.phrases:
                q = wq.Phrase("text", stems, slop=1) if len(stems) > 1 else wq.Term("text", stems[0])
                found.setdefault(index, set()).update(searcher.docs_for_query(q))
        return found

    def _passage_hit(self, fields: dict[str, Any], score: float, matched: set[tuple[str, str]]) -> Hit | None:
        try:
            passage = self._passage(fields["id"])
        except (KeyError, CanvassError):
            return None
        programme = self.corpus.programme_of(passage)
        section = self.corpus.section_of(passage)
        return Hit(
            type="passage",
            id=passage.id,
            programme=passage.programme_id,
            section=passage.section_id,
            text=passage.text,
            snippet=highlight(passage.text, matched),
            score=float(score),
            party=programme.party,
            year=programme.year,
            programme_title=programme.title,
            section_title=section.title,
            lead_in=passage.lead_in,
        )

    def _passage(self, passage_id: str) -> Any:
        getter = getattr(self.corpus, "passage", None)
        if getter is not None:
            return getter(passage_id)
        for passage in self.corpus.passages():
            if passage.id == passage_id:
                return passage
        raise KeyError(passage_id)

    def _card_hit(self, card: Any, score: float, matched: set[tuple[str, str]]) -> Hit:
        question = str(card.question)
        return Hit(
            type="card",
            id=str(card.id),
            programme=None,
            section=None,
            text=question,
            snippet=highlight(question, matched),
            score=float(score),
        )


def _card_cites(card: Any) -> set[str]:
    return {
        str(getattr(c, "passage_id", ""))
        for a in getattr(card, "answers", ())
        for c in getattr(a, "citations", ())
    }


def note_hits(search_notes: Callable[[str, int], Sequence[Any]]) -> Callable[[str, int], list[Hit]]:
    """Adapt the notes store's own full-text search to search hits (notes stay out of whoosh)."""

    def search(query: str, limit: int) -> list[Hit]:
        terms = {("text", t.stem) for t in analyze(query)} | {
            ("exact", t.folded) for t in analyze(query)
        }
        hits = []
        for note in search_notes(query, limit):
            target = getattr(note, "target", None)
            passage_target = target is not None and getattr(target, "type", "") == "passage"
            target_id = str(getattr(target, "id", "")) if passage_target else ""
            text = str(note.text)
            hits.append(
                Hit(
                    type="note",
                    id=str(note.id),
                    programme=target_id.split(":", 1)[0] if target_id else None,
                    section=None,
                    text=text,
                    snippet=highlight(text, terms),
                    score=0.0,
                )
            )
        return hits

    return search


def _merge_notes(hits: list[Hit], notes: list[Hit], limit: int) -> list[Hit]:
    """Notes follow the cards and the best passages, so one's own notes stay in view."""
    if not notes:
        return hits
    cards = [h for h in hits if h.type == "card"]
    others = [h for h in hits if h.type != "card"]
    merged = cards + others[:2] + notes[: max(1, limit // 4)] + others[2:]
    seen: set[tuple[str, str]] = set()
    unique = []
    for hit in merged:
        if (hit.type, hit.id) not in seen:
            seen.add((hit.type, hit.id))
            unique.append(hit)
    return unique[:limit]

