"""The search service: one index over passages and cards, kept fresh, queried by concepts.

The index lives in ``cache_dir/index/<key>``; the key hashes the corpus, the cards,
the thesaurus and the analyzer version, so any change to them opens (or builds) a
different index. Notes are never indexed here: they are searched by the notes
store itself through ``note_search`` so that deleting a note really deletes it.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import functools
import hashlib
import html
import itertools
import json
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol, overload

from whoosh.query.compound import Or
from whoosh.query.positional import Phrase
from whoosh.query.qcore import Query
from whoosh.query.terms import Term

from canvass_app.errors import CanvassError
from canvass_app.search import index as idx
from canvass_app.search.analysis import (
    ANALYZER_VERSION,
    CIRCUMSTANCE_WORDS,
    Lexicon,
    analyze,
    analyze_cached,
    completions,
    fold,
)
from canvass_app.search.embedding import Embedder, embedder_status
from canvass_app.search.fusion import (
    DEPTH,
    LEXICAL_POOL,
    MIN_BASELINE_PASSAGES,
    TYPICAL_MEDIAN,
    fuse,
    strong_lexical,
)
from canvass_app.search.query import Plan, Vocabulary, as_compound, clean, osa_distance, plan
from canvass_app.search.scope import Related, nothing_found
from canvass_app.search.scoring import (
    Candidate,
    PostingsIndex,
    all_terms,
    candidates,
    scope_plan,
)
from canvass_app.search.snippets import highlight
from canvass_app.search.thesaurus import Thesaurus
from canvass_app.search.vectors import PassageText, VectorStore, best, passage_text

log = logging.getLogger(__name__)

HitType = Literal["passage", "card", "note"]
# Cards whose question matches this share of the query's concepts go on top.
CARD_QUESTION_SHARE = 0.6
MAX_CARDS_ON_TOP = 1
# How strongly a hit is penalised for missing some of the query's concepts.
COORDINATION = 2.0
# Words side by side as typed rank above the same words scattered apart.
ADJACENT_BONUS = 1.5
_CANDIDATES = 60


class CorpusLike(Protocol):
    """What search needs from the corpus (``canvass_app.corpus.store.Corpus``)."""

    def passages(self) -> Sequence[Any]: ...
    def programmes(self) -> Sequence[Any]: ...
    def programme(self, programme_id: str) -> Any: ...
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
    # How it was found: "words" (the query's words, forms, compounds, typos or
    # thesaurus entries occur in it) or "meaning" (only the dense retriever found it).
    match: Literal["words", "meaning"] = "words"

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
            "match": self.match,
        }


@dataclass
class SearchResults:
    hits: list[Hit] = field(default_factory=list)
    suggestion: str | None = None
    # Whether the meaning ranking took part (False: lexical only, see `dense_note`).
    fused: bool = False
    dense_note: str | None = None
    # What was searched, for an honest "nothing found" (see scope.nothing_found).
    searched: list[Any] = field(default_factory=list)
    searched_scope: tuple[set[str], set[str] | None] | None = field(default=None, repr=False)
    library_size: int = 0
    # Query words no searched programme uses (the "unknown words" rule).
    unknown_words: list[str] = field(default_factory=list)
    # A card or topic near the question, offered when no passage says its words.
    related: Related | None = None
    # Passages near the question that are no answer (below the meaning threshold, or
    # matching only words beside the question's subject): where a related card or
    # topic is looked for.
    near_passages: list[str] = field(default_factory=list, repr=False)
    # Passages that say only one other noun of a question whose subject is unknown
    # ("Zoo Eintrittspreise" → a passage on entrance prices): shown only where the
    # meaning ranking puts them near the question too (see SearchService._fuse).
    unconfirmed: set[str] = field(default_factory=set, repr=False)
    # Passages with only the known first part of an unknown compound of the question
    # (see first_part_only): shown only where the meaning ranking puts them nearest of
    # all searched, never by the words alone nor as a meaning hit.
    first_part: set[str] = field(default_factory=set, repr=False)
    # Passages that say none of the question's words itself, only words beside them (see
    # incidental_docs): shown only as meaning hits where the meaning ranking puts them near
    # too (see SearchService._fuse). Worked out when the fused ranking asks, never while typing.
    incidental_of: Callable[[], set[str]] | None = field(default=None, repr=False)
    # Passages the words rank below the first ``limit`` (see SearchService._search): they
    # join the fused ranking where the meaning ranking puts them among its first.
    deeper: list[Hit] = field(default_factory=list, repr=False)
    # Passages within the display limit but below the fused depth that the words alone do
    # not find as an answer: the fused ranking leaves them out, as it does below the limit.
    beyond_depth: set[str] = field(default_factory=set, repr=False)

    @property
    def incidental(self) -> set[str]:
        return self.incidental_of() if self.incidental_of is not None else set()

    def nothing_found(self, query: str, *, programme_filter: bool = False, topic_filter: bool = False) -> str:
        """The German message for no word hits, naming the programmes (chapters) searched."""
        return nothing_found(
            query,
            self.searched,
            self.library_size,
            programme_filter=programme_filter,
            topic_filter=topic_filter,
            related=self.related,
        )

    @property
    def word_hits(self) -> list[Hit]:
        return [h for h in self.hits if h.match == "words"]

    @property
    def meaning_hits(self) -> list[Hit]:
        return [h for h in self.hits if h.match == "meaning"]

    def to_json(self) -> dict[str, Any]:
        return {
            "hits": [h.to_json() for h in self.hits],
            "suggestion": self.suggestion,
            "fused": self.fused,
            "dense_note": self.dense_note,
        }


@dataclass
class _Open:
    token: tuple[Any, ...]
    index: idx.Opened
    vocab: Vocabulary
    cards: dict[str, Any]
    postings: PostingsIndex = field(init=False)

    def __post_init__(self) -> None:
        self.postings = PostingsIndex(self.index.searcher, self.index.side)

    @property
    def searcher(self) -> Any:
        return self.index.searcher

    @searcher.setter
    def searcher(self, value: Any) -> None:
        self.index.searcher = value


class _LazySurfaces(Mapping[str, str]):
    """The most frequent spelling of a stem, read from the index's side store when a suggestion asks."""

    def __init__(self, side: idx.SideStore) -> None:
        self._side = side

    def __getitem__(self, stem: str) -> str:
        found = self._side.surface(stem)
        if found is None:
            raise KeyError(stem)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


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
        embedder: Callable[[], Embedder | None] | None = None,
        vector_prebuilt_dirs: Sequence[Path] = (),
        passage_topics: Callable[[str], Sequence[Any]] | None = None,
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
        self.last_update: idx.WriteStats | None = None
        self.last_update_seconds: float | None = None
        # (done, total) while a full build runs; None otherwise.
        self.progress: tuple[int, int] | None = None
        self.in_memory = False
        # When set (the app does), an index of an older analyzer keeps answering while
        # its successor is built in a thread; otherwise the build happens in the caller.
        self.background_rebuilds = False
        # Set while another process (the app's index builder) writes the successor: an
        # index of an older analyzer is opened and kept answering, nothing is built here.
        self.rebuilding_elsewhere = False
        self._background: threading.Thread | None = None
        self._open_is_old = False
        self._card_memo: tuple[tuple[Any, ...], dict[str, str]] | None = None
        # The app searches from a background task while other views may ask too.
        self._lock = threading.RLock()
        # Dense retrieval: the embedder is loaded on first use, None without one.
        self._embedder_loader = embedder
        self._embedder: Embedder | None = None
        self._embedder_loaded = False
        self._vector_root = cache_dir / "vectors"
        self._vector_prebuilt = list(vector_prebuilt_dirs)
        self._vectors: VectorStore | None = None
        self._passage_topics = passage_topics
        self._texts: dict[str, tuple[Any, list[PassageText]]] = {}
        self._places: tuple[tuple[str, ...], frozenset[str]] | None = None

    # --- index lifecycle ---------------------------------------------------
    #
    # The index records which programme (by digest) and which cards it holds. On
    # each use the wanted state is compared with it and only the difference is
    # written: importing a programme adds its segment, removing one drops its
    # segment, a card change rewrites the cards' segment, a thesaurus change
    # touches nothing (the thesaurus applies at query time). A full build happens
    # when there is no usable index or the analyzer version changed.

    def _current_cards(self) -> list[Any]:
        if self._cards is None:
            return []
        try:
            return list(self._cards())
        except Exception:  # content errors are reported by `canvass check`, not by search
            log.exception("cards could not be loaded for search")
            return []

    def _programme_digests(self) -> dict[str, str]:
        digests = getattr(self.corpus, "digests", None)
        if digests is not None:
            return dict(digests())
        return {
            str(p.id): hashlib.sha256(
                json.dumps(p.to_json(), sort_keys=True, ensure_ascii=False).encode()
            ).hexdigest()[:32]
            for p in self.corpus.programmes()
        }

    def _card_digests(self, cards: Sequence[Any]) -> dict[str, str]:
        # Cards are immutable: the same objects mean the same digests.
        memo = self._card_memo
        if memo is not None and len(memo[0]) == len(cards) and all(
            a is b for a, b in zip(memo[0], cards, strict=True)
        ):
            return memo[1]
        digests = {}
        for card in cards:
            heading, summaries = _card_text(card)
            digests[str(card.id)] = hashlib.sha256(
                f"{heading}\0{summaries}\0{card.question}".encode()
            ).hexdigest()[:20]
        self._card_memo = (tuple(cards), digests)
        return digests

    def _wanted(self) -> tuple[dict[str, str], dict[str, str], list[Any]]:
        cards = self._current_cards()
        return self._programme_digests(), self._card_digests(cards), cards

    @staticmethod
    def _token(programmes: dict[str, str], cards: dict[str, str]) -> tuple[Any, ...]:
        return (ANALYZER_VERSION, tuple(sorted(programmes.items())), tuple(sorted(cards.items())))

    def key(self) -> str:
        """A short hash of what the index must hold (corpus, cards, analyzer version)."""
        programmes, cards, _ = self._wanted()
        return hashlib.sha256(repr(self._token(programmes, cards)).encode()).hexdigest()[:20]

    def _programme_documents(self, programme_id: str) -> list[idx.Document]:
        programme = self.corpus.programme(programme_id)
        lexicon = Lexicon(p.full_text for s in programme.sections for p in s.passages)
        return [
            idx.Document(
                id=passage.id,
                type="passage",
                # A lead-in's words are the programme's too: indexed with each item.
                text=passage.full_text,
                heading=section.title,
                programme=passage.programme_id,
                section=passage.section_id,
                body=passage.text,
                lead_in=passage.lead_in,
                completions=completions(passage.full_text, lexicon),
            )
            for section in programme.sections
            for passage in section.passages
        ]

    @staticmethod
    def _card_documents(cards: Sequence[Any]) -> list[idx.Document]:
        documents = []
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

    def _documents(self, cards: Sequence[Any]) -> list[idx.Document]:
        """Every document a full build writes (passages of all programmes, then the cards)."""
        documents = [
            d for programme_id in self._programme_digests() for d in self._programme_documents(programme_id)
        ]
        return documents + self._card_documents(cards)

    def _change(
        self,
        have: dict[str, Any] | None,
        programmes: dict[str, str],
        card_digests: dict[str, str],
        cards: Sequence[Any],
    ) -> idx.Change:
        """What turns an index holding ``have`` (None: nothing) into one holding the wanted state."""
        held = dict(have.get("programmes", {})) if have else {}
        held_cards = dict(have.get("cards", {})) if have else {}
        change = idx.Change(removed=set(held) - set(programmes))
        for programme_id, digest in programmes.items():
            if held.get(programme_id) != digest:
                change.programmes[programme_id] = (
                    digest,
                    functools.partial(self._programme_documents, programme_id),
                )
        if have is None or held_cards != card_digests:
            change.cards = (dict(card_digests), self._card_documents(cards))
        return change

    def ensure_open(self) -> _Open:
        """The open index for the current content, updating, opening or building as needed."""
        programmes, card_digests, cards = self._wanted()
        token = self._token(programmes, card_digests)
        building = self.rebuilding_elsewhere or (self._background is not None and self._background.is_alive())
        if self._open is not None and (building or (self._open.token == token and not self._open_is_old)):
            try:
                self._open.index.check()
                return self._open  # while a successor is built, the old index answers
            except idx.IndexUnusable as reason:
                log.warning("search index changed underneath (%s); opening it again", reason)
                self.close()
        self._open_is_old = False
        opened = self._sync(programmes, card_digests, cards)
        # The corpus may have been read again on the way (another process changed it).
        token = self._token(self._programme_digests(), card_digests)
        self.close()
        self._open = _Open(
            token,
            opened,
            Vocabulary(
                opened.searcher.reader(),
                _LazySurfaces(opened.side),
                {"text": opened.side.stems(), "exact": opened.side.terms("exact")},
                opened.side.typo,
                opened.side.df,
                opened.side.dfs,
            ),
            {str(c.id): c for c in cards},
        )
        return self._open

    def prepare(self) -> None:
        """Open the index and build what depends on it alone and the first searches would
        otherwise each build on the way (the vocabulary's word lists by part and ending, the
        documents' field lengths; numpy is imported): for a process that goes on searching,
        as the app does in the background when it opens; a single search (the CLI) need not."""
        with self._lock:
            opened = self.ensure_open()
            opened.vocab.prepare()
            opened.postings.prepare()

    def index_programme_changed(self, programme_id: str) -> None:
        """A programme was imported or re-imported: index its documents now (and only its).

        Everything that search derives per programme (documents, vocabulary, typo
        table; later passage vectors) follows this one path; it is a no-op while
        no index exists yet (the first search builds it).
        """
        self._refresh_if_indexed()

    def index_programme_removed(self, programme_id: str) -> None:
        """A programme was removed: drop its documents from the index now."""
        self._refresh_if_indexed()

    def _refresh_if_indexed(self) -> None:
        with self._lock:
            try:
                if self._open is not None:
                    self.ensure_open()
                elif idx.current_dir(self.root) is not None:
                    # Nothing open in this process (a CLI command): update on disk, open nothing.
                    programmes, card_digests, cards = self._wanted()
                    opened = self._sync(programmes, card_digests, cards, open_after=False)
                    if opened is not None:
                        opened.close()
            except Exception:  # the next search repairs it; an import must not fail here
                log.exception("search index could not follow the change")

    @overload
    def _sync(
        self, programmes: dict[str, str], card_digests: dict[str, str], cards: Sequence[Any]
    ) -> idx.Opened: ...

    @overload
    def _sync(
        self,
        programmes: dict[str, str],
        card_digests: dict[str, str],
        cards: Sequence[Any],
        open_after: bool,
    ) -> idx.Opened | None: ...

    def _sync(
        self,
        programmes: dict[str, str],
        card_digests: dict[str, str],
        cards: Sequence[Any],
        open_after: bool = True,
    ) -> idx.Opened | None:
        """Bring the index on disk to the wanted state with the least work, and open it."""
        try:
            with idx.locked(self.root):
                return self._sync_locked(programmes, card_digests, cards, open_after)
        except OSError as error:
            # A read-only or full disk must not cost the user their search.
            log.warning("cannot write search index to %s (%s); using memory", self.root, error)
            started = time.perf_counter()
            self.close()
            opened = idx.open_in_memory(self._change(None, programmes, card_digests, cards))
            self.in_memory = True
            self.last_build_seconds = time.perf_counter() - started
            return opened

    def _sync_locked(
        self,
        programmes: dict[str, str],
        card_digests: dict[str, str],
        cards: Sequence[Any],
        open_after: bool = True,
    ) -> idx.Opened | None:
        directory = idx.current_dir(self.root)
        manifest: dict[str, Any] | None = None
        if directory is not None:
            try:
                manifest = idx.verify(directory)
            except idx.IndexUnusable as reason:
                log.warning("search index %s unusable (%s); rebuilding", directory, reason)
        if manifest is not None and (manifest.get("analyzer") != ANALYZER_VERSION or idx.outdated(manifest)):
            if self.background_rebuilds and directory is not None:
                with contextlib.suppress(idx.IndexUnusable):
                    old = idx.open_verified(directory)
                    if not self.rebuilding_elsewhere:
                        self._start_background_build(programmes, card_digests, cards)
                    self._open_is_old = True
                    return old
            manifest = None
        if manifest is None:
            prebuilt = self._prebuilt(programmes, card_digests, cards)
            if prebuilt is not None:
                return prebuilt
        if manifest is not None and directory is not None:
            change = self._change(manifest, programmes, card_digests, cards)
            refresh = getattr(self.corpus, "refresh", None)
            if change and refresh is not None:
                # Another process (a CLI import next to the app) may have moved on: never undo its work.
                refresh()
                programmes = self._programme_digests()
                change = self._change(manifest, programmes, card_digests, cards)
            if change:
                self.close()  # our own reader must not hold the files being replaced
                started = time.perf_counter()
                self.last_update = idx.update(directory, manifest, change)
                self.last_update_seconds = time.perf_counter() - started
                if not open_after:
                    return None
            elif not open_after:
                return None
            try:
                return idx.open_verified(directory)
            except idx.IndexUnusable as reason:
                log.warning("search index %s unusable after update (%s); rebuilding", directory, reason)
        return self._build(programmes, card_digests, cards)

    def _prebuilt(
        self, programmes: dict[str, str], card_digests: dict[str, str], cards: Sequence[Any]
    ) -> idx.Opened | None:
        """A shipped index: used as it is when it holds exactly what is wanted, else copied and updated."""
        for root in self._prebuilt_dirs:
            directory = idx.current_dir(root)
            if directory is None:
                continue
            try:
                manifest = idx.verify(directory)
            except idx.IndexUnusable:
                continue
            if manifest.get("analyzer") != ANALYZER_VERSION or idx.outdated(manifest):
                continue
            if not self._change(manifest, programmes, card_digests, cards):
                with contextlib.suppress(idx.IndexUnusable):
                    return idx.open_verified(directory)
        return None

    def _build(
        self, programmes: dict[str, str], card_digests: dict[str, str], cards: Sequence[Any]
    ) -> idx.Opened:
        started = time.perf_counter()
        self.close()
        change = self._change(None, programmes, card_digests, cards)
        directory = idx.build(self.root, change, progress=self._report_progress)
        self.progress = None
        self.in_memory = False
        self.last_build_seconds = time.perf_counter() - started
        idx.clean_stale(self.root, keep=directory)
        return idx.open_verified(directory)

    def _start_background_build(
        self, programmes: dict[str, str], card_digests: dict[str, str], cards: Sequence[Any]
    ) -> None:
        """Build the new index in a thread; the next search after it is done opens it."""
        if self._background is not None and self._background.is_alive():
            return
        change = self._change(None, programmes, card_digests, cards)

        def run() -> None:
            started = time.perf_counter()
            try:
                directory = idx.build(self.root, change, progress=self._report_progress)
                self.last_build_seconds = time.perf_counter() - started
                idx.clean_stale(self.root, keep=directory)
            except Exception:  # the next search finds no usable index and builds in the foreground
                log.exception("background index build failed")
            finally:
                self.progress = None

        self._background = threading.Thread(target=run, name="canvass-index-build", daemon=True)
        self._background.start()

    def wait_for_background_build(self, timeout: float | None = None) -> None:
        if self._background is not None:
            self._background.join(timeout)

    def _report_progress(self, done: int, total: int) -> None:
        self.progress = (done, total)

    def rebuild(self) -> None:
        """Throw the index away and build it again (used after damage)."""
        with self._lock:
            self.close()
            with contextlib.suppress(OSError):
                (self.root / idx.CURRENT).unlink()
            self.ensure_open()

    def close(self) -> None:
        if self._open is not None:
            self._open.index.close()
            self._open = None

    def export_index(self, target: Path) -> Path:
        """Write a complete index under ``target`` for shipping with the packaged app."""
        programmes, card_digests, cards = self._wanted()
        return idx.build(target, self._change(None, programmes, card_digests, cards))

    # --- passage vectors (dense retrieval) ----------------------------------

    def embedder(self) -> Embedder | None:
        """The embedding model, loaded once; None when this machine has none."""
        if not self._embedder_loaded:
            self._embedder_loaded = True
            if self._embedder_loader is not None:
                try:
                    self._embedder = self._embedder_loader()
                except Exception:
                    log.exception("embedder failed to load; lexical search only")
                    self._embedder = None
        return self._embedder

    @property
    def vectors(self) -> VectorStore | None:
        embedder = self.embedder()
        if embedder is None:
            return None
        if self._vectors is None:
            self._vectors = VectorStore(
                self._vector_root, embedder.name, embedder.dimensions, self._vector_prebuilt
            )
        return self._vectors

    def _programme_texts(self, programme: Any) -> list[PassageText]:
        # Programmes are immutable: hash their passage texts once per object.
        cached = self._texts.get(str(programme.id))
        if cached is not None and cached[0] is programme:
            return cached[1]
        texts = [passage_text(p) for p in programme.passages()]
        self._texts[str(programme.id)] = (programme, texts)
        return texts

    def vectors_missing(self, programme_ids: set[str] | None = None) -> int:
        """Passages of the library (or of these programmes) still without a vector; 0
        without a model. Read from programme metadata and vector headers: a programme's
        text is read only when its header cannot tell."""
        store = self.vectors
        if store is None:
            return 0
        missing = 0
        for entry in self._listed():
            pid = str(entry.id)
            if programme_ids is not None and pid not in programme_ids:
                continue
            cheap = self._missing_from_header(store, entry)
            if cheap is None:
                try:
                    programme = self.corpus.programme(pid)
                except (KeyError, CanvassError):
                    continue
                cheap = len(store.missing(pid, self._programme_texts(programme)))
            missing += cheap
        return missing

    @staticmethod
    def _missing_from_header(store: VectorStore, entry: Any) -> int | None:
        digest, count = getattr(entry, "digest", None), getattr(entry, "passage_count", None)
        if isinstance(digest, str) and digest and isinstance(count, int):
            return store.missing_count(str(entry.id), digest, count)
        return None

    def _source_digest(self, programme_id: str) -> str | None:
        entry = self._entry(programme_id)
        digest = getattr(entry, "digest", None)
        return digest if isinstance(digest, str) and digest else None

    def programme_changed(
        self,
        programme_id: str,
        progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> bool:
        """Embed the passages of one programme that have no vector yet (slow: run it in
        the background). True when its vectors are complete; lexical search works meanwhile."""
        store, embedder = self.vectors, self.embedder()
        if store is None or embedder is None:
            return False
        try:
            programme = self.corpus.programme(programme_id)
        except (KeyError, CanvassError):
            store.programme_removed(programme_id)
            return True
        texts = self._programme_texts(programme)
        return store.programme_changed(
            programme_id, texts, embedder, progress, should_stop, self._source_digest(programme_id)
        )

    def programme_removed(self, programme_id: str) -> None:
        """Drop a removed programme's vectors."""
        store = self.vectors
        if store is not None:
            store.programme_removed(programme_id)

    def update_vectors(
        self,
        progress: Callable[[str, int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> bool:
        """Bring every programme's vectors up to date, one programme at a time; True when complete."""
        store = self.vectors
        if store is None:
            return False
        complete = True
        for entry in self._listed():
            pid = str(entry.id)
            if self._missing_from_header(store, entry) == 0:
                continue  # up to date by its header; otherwise the exact check below
            if should_stop is not None and should_stop():
                return False

            def report(done: int, total: int, pid: str = pid) -> None:
                if progress is not None:
                    progress(pid, done, total)

            complete &= self.programme_changed(pid, report, should_stop)
        return complete

    # --- searching ---------------------------------------------------------

    def suggest(self, query: str) -> str | None:
        """A corrected spelling of ``query`` ("Meinten Sie …?"), or None when it looks right."""
        try:
            with self._lock:
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
        dense: bool = True,
    ) -> SearchResults:
        """Hits for any string, best first; never raises for what a user can type.

        With ``dense`` (and a model on this machine) the lexical ranking is fused with
        the meaning ranking; without, it is lexical only (each keystroke while typing).
        """
        with self._lock:
            return self._search_locked(query, programmes, topic, limit, dense)

    def _search_locked(
        self, query: str, programmes: Sequence[str], topic: str | None, limit: int, dense: bool = False
    ) -> SearchResults:
        limit = max(1, int(limit))
        # An unknown topic given explicitly is the caller's mistake (CanvassError);
        # check it before the index is involved.
        topic_ids = self.check_topic(topic) if topic else None
        try:
            results = self._search(query, programmes, topic_ids, limit, pool=LEXICAL_POOL if dense else 0)
            if dense:
                self._fuse(results, query, limit)
            if results.first_part and not results.fused:
                # No meaning ranking to confirm them: the words alone do not.
                results.hits = [h for h in results.hits if h.id not in results.first_part]
            self._offer_related(results)
        except Exception:
            # A damaged index shows up here at the latest: rebuild once and retry.
            log.exception("search failed for %r; rebuilding the index", query)
            try:
                self.rebuild()
                results = self._search(query, programmes, topic_ids, limit)
            except Exception:
                # Still failing on a fresh index: a bug, logged; the user gets no results.
                log.exception("search failed again for %r", query)
                results = SearchResults([], None)
        if self._note_search is not None:
            try:
                notes = list(self._note_search(query, limit))
            except Exception:
                log.exception("note search failed")
                notes = []
            results.hits = _merge_notes(results.hits, notes, limit)
        return results

    def _fuse(self, results: SearchResults, query: str, limit: int) -> None:
        """Fuse the meaning ranking into ``results`` (in place); lexical stays as is without it."""
        store, embedder = self.vectors, self.embedder()
        if store is None or embedder is None:
            results.dense_note = embedder_status()
            return
        scope = results.searched_scope
        if scope is None or not query.strip():
            return
        programme_ids, allowed = scope
        missing = self.vectors_missing(set(programme_ids))
        if missing:
            results.dense_note = f"Bedeutungssuche: {missing} Abschnitte noch nicht berechnet"
        if not store.count(programme_ids):
            return
        # The question as it would be spelt: the model reads a slip as another word
        # ("Rataus" is no "Rathaus" to it), the words' correction knows better.
        meant = with_umlauts(results.suggestion or query, self.ensure_open().vocab)
        vector = embedder.embed_query(without_places(clean(meant), self._place_stems()))
        # Every searched passage's cosine: the median is the query's baseline, which the
        # thresholds below are relative to (absolute cosines differ between programmes).
        passages = [h for h in results.hits if h.type == "passage"] + results.deeper
        nearest, cosine, typical = _scope_cosines(store, vector, programme_ids, allowed, [h.id for h in passages])
        dropped: set[str] = set()
        if any(_distinctive(word, query) for word in results.unknown_words):
            # Some of the question's words occur nowhere in what is searched: a passage
            # matching only the rest must be near the question in meaning too, or it is
            # a coincidence of words ("Zoo Eintrittspreise" → the swimming-pool prices).
            dropped = {h.id for h in passages if cosine.get(h.id, 0.0) < typical + NEAR_MARGIN}
        dropped |= results.beyond_depth
        incidental = results.incidental
        if incidental:
            # A passage saying only words beside the question's subject (see
            # incidental_docs) is no words hit; near in both rankings it is a meaning hit.
            dropped |= {h.id for h in passages if h.id in incidental}
        if results.unconfirmed:
            # One other noun of the question is no answer unless this passage is also
            # the one nearest the question in meaning of all searched (a rank, not a
            # cosine: it carries to programmes whose cosines run lower or higher).
            nearest_one = nearest[0][0] if nearest else None
            dropped |= {h.id for h in passages if h.id in results.unconfirmed and h.id != nearest_one}
        # A passage among the words' first choices that the rules above set aside is not
        # hidden: it says part of the question, so it is shown apart as a meaning hit
        # (under "andere Worte"), never as the programme's words on the question.
        agreed = [pid for pid in _agreed(passages, dropped) if pid not in results.first_part]
        if dropped:
            passages = [h for h in passages if h.id not in dropped]
            results.hits = [h for h in results.hits if not (h.type == "passage" and h.id in dropped)]
        # Where the words clearly answer, their order leads (confirmed passages only).
        pinned = strong_lexical(
            [(h.id, h.score or 0.0) for h in passages if h.id not in results.unconfirmed]
            if not results.unknown_words
            else []
        )
        fused = fuse([h.id for h in passages], nearest, baseline=typical, pinned=pinned, admitted=agreed)
        by_id = {h.id: h for h in passages}
        ranked: list[Hit] = []
        for entry in fused:
            hit = by_id.get(entry.id)
            if hit is None:
                hit = self._meaning_hit(entry.id, entry.cosine or 0.0)
                if hit is None:
                    continue
            ranked.append(hit)
        # Cards and notes keep their places; passages take the fused order.
        order = iter(ranked)
        merged = [next(order) if h.type == "passage" else h for h in results.hits]
        merged += list(order)
        results.hits = merged[:limit]
        results.fused = True
        close = [h.id for h in results.meaning_hits] + [pid for pid, c in nearest if c >= typical + NEAR_MARGIN]
        results.near_passages = list(dict.fromkeys(close + results.near_passages))

    def _offer_related(self, results: SearchResults) -> None:
        """With no passage saying the question's words: a card or topic near it, if any."""
        if results.word_hits or results.related is not None or not results.near_passages:
            return
        try:
            results.related = self._related(results.near_passages[:RELATED_PASSAGES], results)
        except Exception:
            log.exception("no related card or topic for the empty result")

    def _related(self, passages: Sequence[str], results: SearchResults) -> Related | None:
        """The first card citing one of ``passages`` (of the searched programmes), else
        the first real topic one of them belongs to."""
        searched = results.searched_scope[0] if results.searched_scope else None
        cards = [
            (card, _card_cites(card))
            for card in self.ensure_open().cards.values()
            if searched is None or _card_programmes(card) & searched
        ]
        for passage_id in passages:  # nearest first
            for card, cites in cards:
                if passage_id in cites:
                    return Related("card", str(card.id), str(card.question))
        if self._passage_topics is None:
            return None
        for passage_id in passages:
            try:
                topics = list(self._passage_topics(passage_id))
            except Exception:
                log.exception("topics of %s unavailable", passage_id)
                continue
            for topic in topics:
                if not getattr(topic, "fallback", False):
                    return Related("topic", str(topic.id), str(topic.title))
        return None

    def _meaning_hit(self, passage_id: str, cosine: float) -> Hit | None:
        """A passage the meaning ranking found; None for one too short to say anything
        by itself: a title line ("ZEIT FÜR WOHLSTAND") is near any question in meaning."""
        hit = self._passage_hit({"id": passage_id}, cosine, set())
        if hit is None or len(_WORD_RE.findall(f"{hit.lead_in or ''} {hit.text}")) < MIN_MEANING_WORDS:
            return None
        hit.match = "meaning"
        return hit

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
        self, query: str, programmes: Sequence[str], topic_ids: set[str] | None, limit: int, pool: int = 0
    ) -> SearchResults:
        """The lexical results; with ``pool`` over ``limit``, the passages the words rank
        below the first ``limit`` (up to ``pool`` in all) are kept apart in
        ``SearchResults.deeper`` for the fused ranking to confirm."""
        opened = self.ensure_open()
        # The programmes' places are planned out of the question, as the meaning ranking
        # leaves them out: "Was ist Volt für eine Partei in Dresden" is planned as the
        # question words it is without the place, not as the place alone.
        places = self._place_stems()
        unplaced = without_places(query, places)
        the_plan = with_places(plan(unplaced, opened.vocab, self.thesaurus), places)
        if unplaced != query:
            the_plan = dataclasses.replace(the_plan, raw=query)
        suggestion = the_plan.suggestion()
        wanted = list(programmes) + self._programmes_named(the_plan.parsed.programmes)
        wanted += self._programmes_of_parties(the_plan.parsed.parties)
        preferred = set(self._programmes_of_parties(the_plan.party_words))
        allowed = topic_ids
        for topic_id in the_plan.parsed.topics:
            typed = self._query_topic(topic_id)
            allowed = typed if allowed is None else allowed & typed
        every = {str(p.id) for p in self._listed()}
        searched = set(wanted) & every if wanted else every
        scope = (searched, allowed)
        whoosh_query = the_plan.whoosh_query()
        if whoosh_query is None:
            return self._results([], suggestion, scope)
        searcher = opened.searcher
        restrict = self._restriction(searcher, set(wanted), allowed)
        if restrict is not None and not restrict:
            return self._results([], suggestion, scope)
        postings = opened.postings.scoped(restrict)
        the_plan = scope_plan(the_plan, postings)
        the_plan = self._compounds_in_scope(the_plan, opened.vocab, postings)
        the_plan = without_covered(the_plan, self.thesaurus)
        the_plan, together = joined_parts(the_plan, postings, restrict)
        # A repaired compound whose parts never meet here ("Sterbehilfe" → "Strebe|hilfe")
        # is no spelling to suggest.
        suggestion = the_plan.suggestion()
        if not any(c.known for c in the_plan.concepts):
            return self._results([], suggestion, scope)
        # Passages with one part of a split compound only are set aside below: look
        # deeper so those with both parts are among the candidates.
        depth = max(_CANDIDATES, limit * 3) * (4 if together else 1)
        found = candidates(the_plan, postings, restrict, depth, COORDINATION, ADJACENT_BONUS)
        found = parts_together(found, together)
        common = _common(the_plan, postings, restrict) if _subject_unknown(the_plan) else set()
        first_only = first_part_matches(the_plan, found, postings)
        kept = supported(the_plan, found, lenient=True, common=common, first_only=first_only)
        # Only a passage can wait for the meaning ranking: a card saying the first part alone is no answer.
        first_part_ids = {
            d: pid
            for d in first_part_only(found, kept, first_only)
            if ":" in (pid := str(opened.postings.stored(d).get("id", "")))
        }
        first_part = set(first_part_ids)
        if first_part:
            keep = first_part | {c.docnum for c in kept}
            kept = [c for c in found if c.docnum in keep]
        strict = {c.docnum for c in supported(the_plan, found, first_only=first_only)}
        ranked = self._rank(the_plan, opened, kept, set(wanted), allowed, preferred)
        terms = all_terms(the_plan)
        # The first ``limit`` that resolve (a card of another library or a passage gone from
        # the corpus does not), each highlighted once: no snippet for a hit nobody is shown.
        window = max(limit, pool)
        resolved = (self._hit(opened, d, score, terms) for d, score in ranked[: window * 2])
        every_hit = list(itertools.islice((h for h in resolved if h), window))
        hits = every_hit[:limit]
        results = self._results(hits, suggestion, scope)
        results.unknown_words = list(the_plan.unknown)
        strict_ids = {str(opened.postings.stored(c.docnum).get("id", "")) for c in kept if c.docnum in strict}
        waiting = set(first_part_ids.values())
        # Below the fused depth only what the words alone find as an answer, wherever the
        # display limit falls: the fused ranking reads the same passages at any limit.
        passages = [h for h in every_hit if h.type == "passage"]
        answering = passages[:DEPTH] + [
            h for h in passages[DEPTH:] if h.id in strict_ids and h.id not in waiting
        ]
        at_limit = {h.id for h in results.hits}
        results.deeper = [h for h in answering if h.id not in at_limit] if pool else []
        pooled = [h for h in results.hits if h.type == "passage"] + results.deeper
        results.unconfirmed = {h.id for h in pooled if h.id not in strict_ids}
        results.first_part = {h.id for h in pooled if h.id in waiting}
        results.beyond_depth = {h.id for h in passages[DEPTH:]} - {h.id for h in answering} if pool else set()
        shown = {d for d, _ in ranked[: window * 2]}
        passage_ids = {h.id for h in pooled}

        def incidental_of(the_plan: Plan = the_plan, found: list[Candidate] = kept) -> set[str]:
            docs = incidental_docs(the_plan, [c for c in found if c.docnum in shown], postings)
            return {str(opened.postings.stored(d).get("id", "")) for d in docs} & passage_ids

        results.incidental_of = incidental_of
        if not hits:
            # What the rule set aside is near the question, not its answer: where a
            # related card or topic may be found, read only when nothing else is.
            kept_docs = {c.docnum for c in kept}
            dropped = [c.docnum for c in found if c.docnum not in kept_docs][:RELATED_PASSAGES]
            near = [str(opened.postings.stored(d).get("id", "")) for d in dropped]
            results.near_passages = [pid for pid in near if pid and ":" in pid]
        return results

    def _compounds_in_scope(self, the_plan: Plan, vocab: Vocabulary, postings: PostingsIndex) -> Plan:
        """Words the library knows but the searched programmes do not, read as compounds of
        parts those programmes use (see :func:`query.as_compound`)."""
        if postings.scope is None or not the_plan.unknown:
            return the_plan
        changed = False
        concepts = []
        for concept in the_plan.concepts:
            if not concept.known:
                again = as_compound(concept, vocab)
                if again is not None:
                    concept, changed = again, True
            concepts.append(concept)
        if not changed:
            return the_plan
        return scope_plan(dataclasses.replace(the_plan, concepts=concepts), postings)

    def _results(
        self, hits: list[Hit], suggestion: str | None, scope: tuple[set[str], set[str] | None]
    ) -> SearchResults:
        results = SearchResults(hits, suggestion)
        results.searched_scope = scope
        # Metadata only (ID, party, title, year): a search reads no programme's text.
        programmes = list(self._listed())
        results.searched = [p for p in programmes if str(p.id) in scope[0]]
        results.library_size = len(programmes)
        return results

    def _restriction(
        self, searcher: Any, programmes: set[str], allowed: set[str] | None
    ) -> set[int] | None:
        """Document numbers a programme or topic filter leaves (None: no filter)."""
        if not programmes and allowed is None:
            return None
        docs: set[int] | None = None
        # Only the cards that answer from what is searched are in scope: a card's words
        # ("Glasfaser" on a card of the bundled programmes) must not make a word known
        # under a filter on programmes that never say it.
        opened = self.ensure_open()
        cards = opened.cards
        card_docs: dict[int, Any] = {}
        for n in searcher.docs_for_query(Term("type", "card")):
            card = cards.get(str(opened.postings.stored(n).get("id", "")))
            if card is not None:
                card_docs[n] = card
        if programmes:
            query = Or([Term("programme", p) for p in sorted(programmes)])
            docs = set(searcher.docs_for_query(query))
            docs |= {n for n, card in card_docs.items() if _card_programmes(card) & programmes}
        if allowed is not None:
            topic_docs = {
                n for n in (searcher.document_number(id=pid) for pid in allowed) if n is not None
            }
            topic_docs |= {n for n, card in card_docs.items() if _card_cites(card) & allowed}
            docs = topic_docs if docs is None else docs & topic_docs
        return docs

    def _listed(self) -> Sequence[Any]:
        """Programme metadata (ID, party) without reading any programme's text where the corpus can."""
        catalog = getattr(self.corpus, "catalog", None)
        return list(catalog()) if catalog is not None else list(self.corpus.programmes())

    def _place_stems(self) -> frozenset[str]:
        """Stems of the places the programmes are from: their party names without the party."""
        named = tuple(sorted({str(getattr(p, "party", "")) for p in self._listed()}))
        if self._places is None or self._places[0] != named:
            stems = {
                t.stem
                for party in named
                for t in analyze(party)
                if t.folded.isalpha() and not t.joined and self.thesaurus.party_for(t.surface) is None
            }
            self._places = (named, frozenset(stems))
        return self._places[1]

    def _programmes_named(self, names: Sequence[str]) -> list[str]:
        known = {str(p.id) for p in self._listed()}
        return [n for n in names if n in known] or (["\0none"] if names else [])

    def _programmes_of_parties(self, parties: Sequence[str]) -> list[str]:
        found: list[str] = []
        for party in parties:
            wanted = party.casefold()
            found += [
                str(p.id) for p in self._listed() if wanted in str(p.party).casefold()
            ]
        if parties and not found:
            return ["\0none"]
        return found

    def _rank(
        self,
        the_plan: Plan,
        opened: _Open,
        found: list[Candidate],
        programmes: set[str],
        allowed: set[str] | None,
        preferred: set[str],
    ) -> list[tuple[int, float]]:
        """Candidates in result order: a card answering the question, the named party, relevance.

        A card answers the question when its own question and phrasings ("Auch gefragt
        als") say enough of the question's concepts (CARD_QUESTION_SHARE): the best such
        card goes first, the others take their place by relevance. A card whose question
        says less is no answer to quote and is not offered at all: its words may be only
        in an answer's summary ("Busse" in the Glasfaser card's "in Bussen und Bahnen"),
        and once the fused ranking set the passages aside it would stand first alone.
        The passages it cites are found by their own words.
        """
        known = sum(1 for c in the_plan.concepts if c.known)
        question_share = max(1, math.ceil(CARD_QUESTION_SHARE * known))
        keyed: list[tuple[tuple[float, ...], int, float]] = []
        for candidate in found:
            stored = opened.postings.stored(candidate.docnum)
            tier = 0
            if stored.get("type") == "card":
                card = opened.cards.get(stored.get("id", ""))
                if card is None:
                    continue
                if programmes and not _card_programmes(card) & programmes:
                    continue
                if allowed is not None and not _card_cites(card) & allowed:
                    continue
                if candidate.heading_mask.bit_count() < question_share:
                    continue
                tier = 1
            party_first = 1 if stored.get("programme") in preferred else 0
            entry = ((tier, party_first, candidate.score), candidate.docnum, candidate.score)
            keyed.append(entry)
        keyed.sort(key=lambda entry: entry[0], reverse=True)
        # Only the best card jumps the queue; other answering cards take their place by relevance.
        tops = [e for e in keyed if e[0][0] == 1]
        if len(tops) > MAX_CARDS_ON_TOP:
            rest = [((0.0, *e[0][1:]), e[1], e[2]) for e in tops[MAX_CARDS_ON_TOP:]]
            rest += [e for e in keyed if e[0][0] < 1]
            rest.sort(key=lambda entry: entry[0], reverse=True)
            keyed = tops[:MAX_CARDS_ON_TOP] + rest
        return [(docnum, score) for _, docnum, score in keyed]

    def _hit(
        self, opened: _Open, docnum: int, score: float, matched: set[tuple[str, str]]
    ) -> Hit | None:
        stored = opened.postings.stored(docnum)
        if stored.get("type") == "card":
            card = opened.cards.get(stored.get("id", ""))
            return None if card is None else self._card_hit(card, score, matched)
        return self._passage_hit(stored, score, matched)

    def _passage_hit(self, fields: dict[str, Any], score: float, matched: set[tuple[str, str]]) -> Hit | None:
        """A hit from what the index stores and the programme's metadata: no programme's text is read."""
        entry = self._entry(str(fields.get("programme", "")))
        if entry is None or "section_title" not in fields:
            return self._passage_hit_from_corpus(fields, score, matched)
        text = str(fields.get("body", ""))
        lead_in = fields.get("lead_in")
        return Hit(
            type="passage",
            id=str(fields["id"]),
            programme=str(fields["programme"]),
            section=str(fields.get("section", "")),
            text=text,
            snippet=highlight(text, matched),
            score=float(score),
            party=entry.party,
            year=entry.year,
            programme_title=entry.title,
            section_title=str(fields.get("section_title", "")),
            lead_in=None if lead_in is None else str(lead_in),
        )

    def _entry(self, programme_id: str) -> Any:
        entry = getattr(self.corpus, "entry", None)
        try:
            return entry(programme_id) if entry is not None else self.corpus.programme(programme_id)
        except (KeyError, CanvassError):
            return None

    def _passage_hit_from_corpus(
        self, fields: dict[str, Any], score: float, matched: set[tuple[str, str]]
    ) -> Hit | None:
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


# How far above the query's median cosine over the searched passages a passage is near
# the question: near enough to lead to a related card or topic (never shown as a hit
# for that), or to keep a passage that matches only some words of a question with
# unknown ones. On the real judged set 95 % of the relevant passages in the dense top
# 10 stand at least 0.04 above the median (the least 0.028).
NEAR_MARGIN = 0.04
# A passage those rules set aside joins as a meaning hit when it is among the first
# AGREE_LEXICAL of the words. Asking it to be among the first five of the meaning ranking
# too (as before) lost answers the words alone had on programmes nobody tuned on: the
# unseen BLIND6 gave fused 43/60 against lexical 47/60; without: 48/60. Off-topic "words"
# hits unchanged on every set; more off-topic questions show a meaning hit apart (real 4 →
# 9 of 44, BLIND3 4 → 8 of 16), under the lexical "Dazu steht nichts …".
AGREE_LEXICAL = 5
# A noun found in more than this share of the searched documents ("Verwaltung", "Straße",
# "Jugendliche" in one town's programme) says the field, not the question's subject: with
# the subject unknown, it alone does not confirm a passage. 0.1 on the real, held-out and
# blind judged sets (0.05 loses a blind answer, 0.15 keeps held-out and blind noise).
COMMON_SHARE = 0.1
# … and in three documents at least: in a small scope one or two passages are no field.
COMMON_MIN = 3
RELATED_PASSAGES = 5


def with_places(the_plan: Plan, places: frozenset[str]) -> Plan:
    """The plan without the words naming a programme's place ("Zoo in Arnstadt",
    "Brieselanger Seilbahn"): the place is the context of every passage of that programme
    (said in some, meant in all) and of none of another's, so it ranks no passage of the
    programme above another and only reorders the answers by where the place happens to
    be written. A question of nothing but places keeps them, as context like "hoch" or
    "erhöhen": a passage matching only them does not answer a question naming a subject."""
    if not places:
        return the_plan
    named = [c.known and not c.generic and _names_a_place(c.label, places) for c in the_plan.concepts]
    if not any(named):
        return the_plan
    if any(c.known and not place for c, place in zip(the_plan.concepts, named, strict=True)):
        concepts = [c for c, place in zip(the_plan.concepts, named, strict=True) if not place]
        return dataclasses.replace(the_plan, concepts=concepts)
    concepts = []
    for concept, place in zip(the_plan.concepts, named, strict=True):
        if place:
            concept = copy.copy(concept)
            concept.generic = True
        concepts.append(concept)
    return dataclasses.replace(the_plan, concepts=concepts)


_DIGRAPH = re.compile(r"(?<![aeiouyqAEIOUYQ])([aouAOU])e")
_UMLAUT_OF = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
# Words with an umlaut the index never holds (stopwords), typed "fuer", "ueber", "koennen".
_UMLAUT_WORDS = frozenset(
    ["für", "über", "können", "könnt", "müssen", "müsst", "muss", "dürfen", "darf", "möchte", "möchten", "würde", "würden", "wäre", "wären", "hätte", "hätten", "schön", "grün", "früh", "später", "öffentlich", "natürlich", "gefährlich", "zurück"]
)


def with_umlauts(query: str, vocab: Vocabulary) -> str:
    """``query`` with umlauts typed as ae/oe/ue written as umlauts, for the meaning ranking:
    the words' analysis folds them alike, the model does not ("Pflegebeduerftigen" is
    another word to it). A word the programmes spell with "ue" ("aktuell") stays as typed.
    """

    def restore(match: re.Match[str]) -> str:
        word = match.group(0)
        restored = _DIGRAPH.sub(lambda m: _UMLAUT_OF[m.group(1)], word)
        if restored == word:
            return word
        if restored.lower() in _UMLAUT_WORDS:
            return restored
        tokens = [t for t in analyze_cached(word) if not t.joined]
        spelt = vocab.surfaces.get(tokens[0].stem) if len(tokens) == 1 else None
        # As the programmes spell it; a word they do not use is a German word with an
        # umlaut far more often than one with "ue" ("Pflegebeduerftigen", "Schuelerlotsen").
        if spelt is not None and not any(c in "äöüÄÖÜ" for c in spelt) and _DIGRAPH.search(spelt):
            return word
        return restored

    return re.sub(r"[^\W\d_]+", restore, query)


def without_places(query: str, places: frozenset[str]) -> str:
    """The question without the words naming a programme's place, for the meaning ranking:
    "Zoo in Arnstadt" is near every passage about Arnstadt, the question is about a zoo."""
    kept: list[str] = []
    for word in query.split():
        if not _names_a_place(word, places):
            kept.append(word)
        elif kept and not analyze_cached(kept[-1]):
            kept.pop()  # "in", "für" before the place go with it
    return " ".join(kept) if any(analyze_cached(word) for word in kept) else query


def _names_a_place(text: str, places: frozenset[str]) -> bool:
    stems = {t.stem for t in analyze_cached(text)}
    return bool(stems) and stems <= places


def _is_noun(label: str) -> bool:
    """Whether a query word (or a phrase of them) is written as a German noun: capitalised."""
    return any(word[:1].isupper() and word.isalpha() for word in label.split())


def _subject_unknown(the_plan: Plan) -> bool:
    """Whether a noun of the question is unknown in scope, or known by a first part only."""
    return any(
        (not c.known or c.loose) and _is_noun(c.label) and not _circumstantial(c.label, the_plan.raw)
        for c in the_plan.concepts
    )


def _common(the_plan: Plan, postings: Any, restrict: set[int] | None) -> set[int]:
    """The concepts found in more than COMMON_SHARE of the searched documents."""
    size = len(restrict) if restrict is not None else int(postings.reader.doc_count_all())
    common: set[int] = set()
    for number, concept in enumerate(the_plan.concepts):
        docs: set[int] = set()
        for field_name, term in concept.terms:
            if field_name == "text":
                docs.update(postings.postings(field_name, term)[0])
        if restrict is not None:
            docs &= restrict
        if size and len(docs) > COMMON_SHARE * size and len(docs) >= COMMON_MIN:
            common.add(number)
    return common


def supported(
    the_plan: Plan,
    found: list[Candidate],
    *,
    lenient: bool = False,
    common: Collection[int] = (),
    first_only: Mapping[int, int] | None = None,
) -> list[Candidate]:
    """Candidates that still answer the question when a noun of it is unknown.

    German writes nouns with a capital: a capitalised word the searched programmes never
    use ("Hundesteuer erhöhen", "Wehrpflicht Bundeswehr"), or know only by the first part
    of the compound ("Rund|funkbeitrag abschaffen"), is the question's subject, so a
    passage matching only the rest ("erhöhen"; "Bund" from a compound's first part; a
    guess from a word's beginning) does not say the question's words. Such a passage must
    contain, as typed or corrected from a slip, two of the question's other words; ``lenient``: or one other noun (for the
    meaning ranking to confirm) that is not ``common`` (see :data:`COMMON_SHARE`). Lower-case questions carry no such sign and are left
    as they are. ``first_only`` (see :func:`first_part_matches`): per candidate, the
    concepts it matches by the known first part of an unknown compound alone, which
    count for it as they count where nothing else of the compound is in scope (``loose``).
    """
    concepts = the_plan.concepts
    first_only = first_only or {}
    unknown = _subject_unknown(the_plan)
    if not unknown and not first_only:
        return found
    # A word that says only when or for whom ("nächstes Jahr", "für meine Mutter") never
    # supports a passage: "in den kommenden Jahren" says nothing on the question.
    solid = [
        i
        for i, c in enumerate(concepts)
        if c.known
        # A word typed with a slip and corrected is the word ("Tierark" → "Tierpark").
        and (not c.partial or c.correction is not None)
        and not c.loose
        and not c.generic
        and not _circumstantial(c.label)
    ]
    nouns = sum(1 << i for i in solid if _is_noun(concepts[i].label) and i not in common)
    typed = sum(1 << i for i in solid)
    kept = []
    for candidate in found:
        loose = first_only.get(candidate.docnum, 0)
        if not unknown and not loose:
            kept.append(candidate)
            continue
        covered = (candidate.text_mask | candidate.heading_mask) & typed & ~loose
        if (lenient and covered & nouns) or covered.bit_count() >= 2:
            kept.append(candidate)
    return kept


def first_part_matches(the_plan: Plan, found: Sequence[Candidate], postings: Any) -> dict[int, int]:
    """Per candidate, the concepts (a bit mask) it matches only by the known first part of
    an unknown compound noun of the question ("Verein" of "Vereinsamung", see
    :attr:`query.Concept.first_part`): none of the compound's other terms (a thesaurus word
    of the part, "Ehrenamt") is in it. Where the scope holds no such term the concept is
    ``loose`` and every match of it is one."""
    numbers = [
        i
        for i, c in enumerate(the_plan.concepts)
        if c.known and c.first_part and _is_noun(c.label) and not _circumstantial(c.label, the_plan.raw)
    ]
    if not numbers:
        return {}
    other: dict[int, set[int]] = {}
    for i in numbers:
        concept = the_plan.concepts[i]
        docs: set[int] = set()
        for key in concept.terms:
            if key not in concept.first_part:
                docs.update(postings.postings(*key)[0])
        for stems, _ in concept.phrases:
            docs |= postings.phrase_docs(stems, slop=1)
        other[i] = docs
    matches: dict[int, int] = {}
    for candidate in found:
        matched = candidate.text_mask | candidate.heading_mask
        mask = sum(1 << i for i in numbers if matched >> i & 1 and candidate.docnum not in other[i])
        if mask:
            matches[candidate.docnum] = mask
    return matches


def first_part_only(found: Sequence[Candidate], kept: Sequence[Candidate], first_only: Mapping[int, int]) -> set[int]:
    """Candidates :func:`supported` sets aside that match the known first part of an
    unknown compound noun of the question ("Verein" of "Vereinsamung").

    That part is as much of the question's subject as the programmes know: whether the
    searched scope also happens to hold a thesaurus word of it elsewhere (which makes the
    concept not loose, see scoring.scope_plan) says nothing about this passage. Such a
    passage is only an answer where the meaning ranking confirms it (SearchService._fuse).
    """
    have = {c.docnum for c in kept}
    return {c.docnum for c in found if c.docnum not in have and c.docnum in first_only}


def without_covered(the_plan: Plan, thesaurus: Thesaurus | None) -> Plan:
    """The plan without the unknown words that the thesaurus names among the expansions
    of another word of the question ("Rollator" → "abgesenkte Bordsteine" for "Mit dem
    Rollator über die Bordsteine"): the curated entry already looks for what they mean
    through the word it belongs to, so that the searched programmes never say them is
    no missing subject."""
    if thesaurus is None or not the_plan.unknown:
        return the_plan
    said: set[str] = set()
    for concept in the_plan.concepts:
        if not concept.known:
            continue
        stems = [t.stem for t in analyze_cached(concept.label) if not t.joined]
        for start in range(len(stems)):
            matched = thesaurus.match(stems, start)
            for expansion in matched[1] if matched else []:
                said.update(t.stem for t in analyze_cached(expansion))
    if not said:
        return the_plan
    covered: set[int] = set()
    for number, concept in enumerate(the_plan.concepts):
        own = {t.stem for t in analyze_cached(concept.label)}
        if not concept.known and own and own <= said:
            covered.add(number)
    if not covered:
        return the_plan
    concepts = [c for n, c in enumerate(the_plan.concepts) if n not in covered]
    unknown = [c.label for c in concepts if not c.known]
    return dataclasses.replace(the_plan, concepts=concepts, unknown=unknown)


def joined_parts(
    the_plan: Plan, postings: Any, restrict: set[int] | None
) -> tuple[Plan, dict[int, set[int]]]:
    """Where each split compound of the plan is found: a passage needs a stem of every
    part, or another of the concept's terms (a thesaurus word).

    A compound whose parts never meet in one passage of the scope is unknown there
    ("Friedhofs|gebühren" where the programme has "Friedhof" and "Kita-Gebühren"),
    so the "unknown words" rule judges the question as for any unknown word.
    """
    found: dict[int, set[int]] = {}
    concepts = list(the_plan.concepts)
    changed = False
    for number, concept in enumerate(concepts):
        if not concept.together or not concept.terms:
            continue
        grouped = set().union(*concept.together)
        allowed = _together_docs(concept, postings)
        for key in concept.terms:
            if key not in grouped:
                allowed.update(postings.postings(*key)[0])
        if restrict is not None:
            allowed &= restrict
        if allowed:
            found[number] = allowed
            continue
        empty = copy.copy(concept)
        empty.terms, empty.phrases, empty.together = {}, [], []
        concepts[number] = empty
        changed = True
    if not changed:
        return the_plan, found
    unknown = [c.label for c in concepts if not c.known]
    return dataclasses.replace(the_plan, concepts=concepts, unknown=unknown), found


def strong_docs(concept: Any, postings: Any) -> set[int] | None:
    """Documents that say ``concept`` itself (see :attr:`query.Concept.core`): one of its
    core terms, one of its own phrases, or every part of its split compound. None: the
    concept does not tell (every document matching it says it)."""
    if concept.core is None:
        return None
    docs: set[int] = set()
    for key in concept.core:
        if key in concept.terms:
            docs.update(postings.postings(*key)[0])
    for stems, _ in concept.phrases:
        docs |= postings.phrase_docs(stems, slop=1)
    if concept.together:
        docs |= _together_docs(concept, postings)
    return docs


def _together_docs(concept: Any, postings: Any) -> set[int]:
    """The documents holding every part of the concept's split compound (see
    query.Concept.together): one part alone is another subject."""
    both: set[int] | None = None
    for part in concept.together:
        having: set[int] = set()
        for key in part:
            if key in concept.terms:
                having.update(postings.postings(*key)[0])
        both = having if both is None else both & having
    return both or set()


# A meaning-only hit says at least this many words (see SearchService._meaning_hit).
MIN_MEANING_WORDS = 5
_WORD_RE = re.compile(r"[^\W_]+")


def incidental_docs(the_plan: Plan, found: Sequence[Candidate], postings: Any) -> set[int]:
    """Candidates that say none of the question's words itself, only words beside them.

    A candidate matches a word of the question; it says it where one of the word's
    :func:`strong_docs` is among its documents. Matched otherwise, it has the word only
    inside another, narrower one: in the middle of a compound ("Kreis|straßen|meisterei"
    for "Wann bekommt unsere Straße Glasfaser?"), or by one part of a split compound the
    rest of which it lacks. The asker's own place ("in unser Dorf", see :func:`_asker_words`)
    and generic words ("neu", "hoch") never say what a question is about, so a passage
    saying only them is incidental too ("Dorfgemeinschaften" for "Wann kommt Glasfaser in
    unser Dorf?").
    """
    concepts = the_plan.concepts
    if all(c.core is None for c in concepts):
        return set()
    counted = [
        i
        for i, c in enumerate(concepts)
        if c.known and not c.generic and not _asker_place(c.label, the_plan.raw)
    ]
    strong: dict[int, set[int] | None] = {i: strong_docs(concepts[i], postings) for i in counted}
    incidental: set[int] = set()
    for candidate in found:
        matched = candidate.text_mask | candidate.heading_mask
        if not any(
            matched >> i & 1 and (docs is None or candidate.docnum in docs) for i, docs in strong.items()
        ):
            incidental.add(candidate.docnum)
    return incidental


def parts_together(found: list[Candidate], together: Mapping[int, set[int]]) -> list[Candidate]:
    """Candidates without the concepts they match by one part of a split compound only."""
    if not together:
        return found
    kept = []
    for candidate in found:
        text_mask, heading_mask = candidate.text_mask, candidate.heading_mask
        for number, docs in together.items():
            if candidate.docnum not in docs:
                text_mask &= ~(1 << number)
                heading_mask &= ~(1 << number)
        if text_mask | heading_mask:
            kept.append(dataclasses.replace(candidate, text_mask=text_mask, heading_mask=heading_mask))
    return kept


def _phrase(stems: Sequence[str]) -> Query:
    return Phrase("text", list(stems), slop=1) if len(stems) > 1 else Term("text", stems[0])


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
            # The tags are how people file their notes ("#Einwand"): the hit shows them too.
            tags = " ".join(f"#{html.escape(str(tag))}" for tag in getattr(note, "tags", ()) or ())
            hits.append(
                Hit(
                    type="note",
                    id=str(note.id),
                    programme=target_id.split(":", 1)[0] if target_id else None,
                    section=None,
                    text=text,
                    snippet=highlight(text, terms) + (f" · {tags}" if tags else ""),
                    score=0.0,
                )
            )
        return hits

    return search


def _merge_notes(hits: list[Hit], notes: list[Hit], limit: int) -> list[Hit]:
    """Notes follow the card answering the question and the best passages, so one's own
    notes stay in view. Only a card the ranking put first (one answering the question,
    see SearchService._rank) stays first; any other card keeps its place among the hits."""
    if not notes:
        return hits
    lead = list(itertools.takewhile(lambda h: h.type == "card", hits))
    others = hits[len(lead) :]
    merged = lead + others[:2] + notes[: max(1, limit // 4)] + others[2:]
    seen: set[tuple[str, str]] = set()
    unique = []
    for hit in merged:
        if (hit.type, hit.id) not in seen:
            seen.add((hit.type, hit.id))
            unique.append(hit)
    return unique[:limit]


# Endings of German adjectives and adverbs ("unverständlich", "billige", "günstig"), never
# of a noun a question is about; a question's missing word with one of them says how,
# not what. Not "-los": such an adjective is its noun denied ("kostenlos", "obdachlos")
# and names what the question is about.
_DESCRIBING_ENDINGS = (
    "lich", "liche", "lichen", "licher", "liches", "ig", "ige", "igen", "iger", "iges",
    "isch", "ische", "ischen", "ischer", "isches", "sam",
    "haft", "hafte",
)

# A German yes/no question opens with its verb: "Stimmt es …", "Darf ich …", "Kommt
# hier …". The first word followed by a pronoun or an adverb is that verb, not the
# question's noun (an article may follow a noun: "Wohnungen, die …", so it does not count).
_AFTER_OPENING_VERB = frozenset(
    {"es", "ich", "du", "er", "sie", "wir", "ihr", "man", "hier", "da", "dort", "jetzt", "denn", "eigentlich", "auch", "noch"}
)


# A preposition of place followed by a possessive ("vor meiner Einfahrt", "in unserer
# Straße", "an unserem Haus"): the noun after them says where the asker lives or stands,
# their own place, not what the question is about. Only after such a preposition: as the
# sentence's subject ("Unser Spielplatz ist kaputt") the noun is the question's subject, and
# "für meine Katze" names whom the question is about ("Pflegeplatz für meine Katze" is
# another subject than a care place; "für meine Mutter" is one of analysis.CIRCUMSTANCE_WORDS).
_PREPOSITIONS = frozenset(
    fold(w)
    for w in (
        "vor", "in", "an", "auf", "bei", "hinter", "neben", "gegenüber", "gegenueber", "zwischen",
        "unter", "um", "durch", "zu",
    )
)
_POSSESSIVES = frozenset(
    fold(stem + ending)
    for stem in ("mein", "dein", "unser", "euer", "eur")
    for ending in ("", "e", "er", "em", "en", "es")
) - {"eur"}
_ADJECTIVE_INFLECTIONS = ("e", "en", "er", "em", "es")


def _asker_words(query: str) -> frozenset[str]:
    """Folded words of ``query`` that follow a preposition and a possessive (see _POSSESSIVES),
    with an inflected adjective between them also the noun after it ("vor meiner alten Haustür")."""
    words = [w.strip("?!.,;:\"'()") for w in query.split()]
    found: set[str] = set()
    for number in range(len(words) - 2):
        if fold(words[number]) not in _PREPOSITIONS or fold(words[number + 1]) not in _POSSESSIVES:
            continue
        after = words[number + 2]
        found.add(fold(after))
        if (
            number + 3 < len(words)
            and after[:1].islower()
            and words[number + 3][:1].isupper()
            and fold(after).endswith(_ADJECTIVE_INFLECTIONS)
        ):
            found.add(fold(words[number + 3]))
    found.discard("")
    return frozenset(found)


def _asker_place(label: str, query: str) -> bool:
    """Whether a question's word (or phrase) names only the asker's own place in ``query``
    ("in unser Dorf", "vor meiner Haustür"; see _asker_words), not a time or a relative."""
    words = label.split()
    asker = _asker_words(query)
    return bool(words) and all(fold(word) in asker and fold(word) not in CIRCUMSTANCE_WORDS for word in words)


def _circumstantial(label: str, query: str = "") -> bool:
    """Whether a question's word (or phrase) only says when or for whom: see analysis.CIRCUMSTANCE_WORDS
    and, in ``query``, _asker_words."""
    words = label.split()
    asker = _asker_words(query) if query else frozenset()
    return bool(words) and all(_circumstance_word(fold(word)) or fold(word) in asker for word in words)


def _circumstance_word(folded: str) -> bool:
    """One of analysis.CIRCUMSTANCE_WORDS, or one slip from one of five letters or more
    ("Tocter" is still the asker's daughter, no missing subject)."""
    if folded in CIRCUMSTANCE_WORDS:
        return True
    if len(folded) < 5 or not folded.isalpha():
        return False
    return any(
        len(word) >= 5 and abs(len(word) - len(folded)) <= 1 and osa_distance(folded, word, 1) == 1
        for word in CIRCUMSTANCE_WORDS
    )


# Separable verb prefixes: "aus|ge|bucht", "ab|ge|sagt", "zu|ge|parkt" are past participles,
# what happened ("alles ausgebucht"), never the thing a question is about.
_SEPARABLE_PREFIXES = (
    "ab", "an", "auf", "aus", "bei", "ein", "fest", "her", "hin", "los", "mit", "nach", "vor", "weg",
    "zu", "zurück", "zurueck", "zusammen", "um", "durch", "über", "ueber", "kaputt", "dicht", "frei",
)
_SEPARABLE_FOLDED = tuple(dict.fromkeys(fold(prefix) for prefix in _SEPARABLE_PREFIXES))
# Nouns of the same shape: "Angebot", "Aufgebot" (bieten makes "geboten"), and the usual
# noun suffixes.
_NOT_PARTICIPLE_ENDINGS = ("gebot", "heit", "keit", "schaft", "ung", "nis", "tum")


def _separable_participle(word: str) -> bool:
    """Whether a question's word is the past participle of a separable verb, ending in -t
    ("ausgebucht", "abgesagt", "eingestellt"); as typed in lower case (a capitalised word
    in a question is a noun)."""
    if not word[:1].islower() or not word.isalpha():
        return False
    folded = fold(word)
    if not folded.endswith("t") or folded.endswith(_NOT_PARTICIPLE_ENDINGS):
        return False
    return any(
        folded.startswith(prefix + "ge") and len(folded) - len(prefix) - 2 >= 3 for prefix in _SEPARABLE_FOLDED
    )


def _distinctive(word: str, query: str) -> bool:
    """Whether a question's word that occurs nowhere in scope names what it is about.

    A missing noun ("Zoo", "Hundesteuer") means the programmes do not say it; a missing
    verb or adjective ("verschwendet", "billige") only that they word the rest
    differently. German capitalises nouns: in a question typed with capitals at all, a
    lowercase word past the first is no noun; the first word, and every word of a
    question typed all in lowercase, is judged by adjective endings. Numbers count as
    distinctive ("Rente mit 70").
    """
    if not word or any(ch.isdigit() for ch in word):
        return True
    if _circumstantial(word, query) or _separable_participle(word):
        return False
    words = [w for w in query.split() if w[:1].isalpha()]
    first = words[0] if words else ""
    capitals = any(w[:1].isupper() for w in words[1:]) or (first[:1].isupper() and len(words) == 1)
    position_known = word != first.strip("?!.,;:")
    if (
        not position_known
        and query.rstrip().endswith("?")
        and len(words) > 1
        and words[1].strip("?!.,;:").lower() in _AFTER_OPENING_VERB
    ):
        return False
    if capitals and position_known and word[:1].islower():
        return False
    if capitals and position_known and word[:1].isupper():
        return True
    return not word.lower().endswith(_DESCRIBING_ENDINGS)


def _agreed(passages: Sequence[Hit], dropped: set[str]) -> list[str]:
    """Set-aside passages among the lexical top :data:`AGREE_LEXICAL`, in their lexical order."""
    return [h.id for h in passages[:AGREE_LEXICAL] if h.id in dropped]


def _scope_cosines(
    store: Any, vector: Any, programme_ids: Iterable[str], allowed: set[str] | None, wanted: Sequence[str]
) -> tuple[list[tuple[str, float]], dict[str, float], float]:
    """The dense top list, the cosines of ``wanted`` passages and the query's median cosine
    over every searched passage (see :func:`fusion.baseline`), without sorting them all:
    the median by partition, the top list by :meth:`nearest` (linear in the scope)."""
    import numpy as np

    ids, matrix = store._cached(programme_ids)  # the store's own cached scope matrix
    if not ids:
        return [], {}, TYPICAL_MEDIAN
    # One product for both: the dense top list (what store.nearest ranks) and the median.
    scores = matrix @ vector.astype(np.float32)
    if allowed is not None:
        mask = np.fromiter((i in allowed for i in ids), dtype=bool, count=len(ids))
        searched = scores[mask]
        nearest = best(ids, np.where(mask, scores, -np.inf), DEPTH)
    else:
        searched = scores
        nearest = best(ids, scores, DEPTH)
    typical = float(np.median(searched)) if len(searched) >= MIN_BASELINE_PASSAGES else TYPICAL_MEDIAN
    position = store.rows_of(ids)
    cosine = {pid: float(scores[position[pid]]) for pid in wanted if pid in position and (allowed is None or pid in allowed)}
    cosine.update(nearest)
    return nearest, cosine, typical
