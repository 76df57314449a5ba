"""The content service: topics and cards over the corpus, trainer cards, card packs, and checks."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import threading
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from canvass_app import files, garbage, limits
from canvass_app.content.assignment_cache import AssignmentCache, taxonomy_fingerprint
from canvass_app.content.model import Card, Override, Topic
from canvass_app.content.overview import Overview, build_overview
from canvass_app.content.parsing import (
    Problem,
    card_from_data,
    override_from_data,
    topic_from_data,
)
from canvass_app.content.topics import (
    Meaning,
    Taxonomy,
    apply_overrides,
    assign_by_signals,
    contexts,
    descendants,
    passages_by_topic,
)
from canvass_app.content.validation import (
    Reference,
    card_problems,
    override_problems,
    problems_for,
    topic_problems,
)
from canvass_app.corpus.model import Passage, Programme
from canvass_app.errors import CanvassError, describe_failure
from canvass_app.paths import cache_dir, item_path

PACK_FORMAT = "canvass-card-pack"
PACK_VERSION = 1


class CorpusSource(Protocol):
    """The part of the corpus store that content needs."""

    def programmes(self) -> Sequence[Programme]: ...


class PackRejected(CanvassError):
    """A card pack that fails validation; nothing of it was stored."""

    def __init__(self, path: Path, problems: Sequence[Problem]) -> None:
        super().__init__(
            f"Das Kartenpaket {path} wurde nicht importiert: {len(problems)} Problem(e), "
            "es wurde nichts gespeichert.",
            exit_code=2,
        )
        self.problems = list(problems)


@dataclass(frozen=True)
class ProgrammeCoverage:
    """What one programme says on a topic: its passages, or nothing."""

    programme: Programme
    passages: tuple[Passage, ...]
    section_titles: tuple[str, ...]

    @property
    def says_nothing(self) -> bool:
        return not self.passages


@dataclass(frozen=True)
class TopicView:
    """One topic side by side across all programmes, with its subtopics and cards."""

    topic: Topic
    subtopics: tuple[Topic, ...]
    coverage: tuple[ProgrammeCoverage, ...]
    cards: tuple[Card, ...]


@dataclass(frozen=True)
class _Snapshot:
    """Assignment computed for one state of the corpus and the overrides."""

    key: tuple[str, ...]
    passages: dict[str, Passage]
    programmes: tuple[Programme, ...]
    assignment: dict[str, tuple[str, ...]]
    by_topic: dict[str, list[str]]


def _display(path: Path, root: Path) -> str:
    try:
        return str(Path(root.name) / path.relative_to(root))
    except ValueError:
        return str(path)


def _tables(data: dict[str, Any], key: str, problems: list[str]) -> list[Any]:
    """The ``[[key]]`` tables of a TOML document; anything else under that key is a problem."""
    value = data.get(key, [])
    if not isinstance(value, list):
        problems.append(f"'{key}' muss eine Liste von Tabellen ([[{key}]]) sein")
        return []
    return value


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise FileNotFoundError(path)
    try:
        return files.read_toml(path, limits.CARD_PACK_BYTES, "Die Datei")
    except CanvassError as error:
        raise OSError(error.message) from None


# Methods that need the topic assignment of the library (seconds for fifty programmes):
# they hold the state lock. Every other method reads or writes files only (topics,
# overrides, cards, packs) and holds the files lock, so a card opens and a card is saved
# while the assignment of a large library is computed.
_NEEDS_ASSIGNMENT = frozenset({
    "_state", "topics_of", "passage_ids", "topic_view", "programmes", "overview",
    "set_override", "check", "stats", "_prepare_taxonomy", "_digests", "_programme_signals",
})


def _serialised(cls: type[Content]) -> type[Content]:
    """Every method of ``cls`` under one of the instance's two locks.

    The app reads content from more than one background lane (searching asks
    for the cards while a card is being saved); reading the cards and writing one
    must not interleave, or a stale list would be cached. Methods in
    :data:`_NEEDS_ASSIGNMENT` hold ``_lock`` and may take ``_files_lock`` inside
    it; all others hold ``_files_lock`` and never call one of those.
    """
    for name, member in list(vars(cls).items()):
        if callable(member) and not name.startswith("__") and not isinstance(member, (staticmethod, classmethod)):
            setattr(cls, name, _locked(member, "_lock" if name in _NEEDS_ASSIGNMENT else "_files_lock"))
    return cls


def _locked(method: Callable[..., Any], lock: str) -> Callable[..., Any]:
    @functools.wraps(method)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        with getattr(self, lock):
            return method(self, *args, **kwargs)

    return run


class _CorpusPassages(Mapping[str, Passage]):
    """Passages by ID looked up in the corpus: reads the one programme asked about, not all."""

    def __init__(self, corpus: Any) -> None:
        self._corpus = corpus

    def __getitem__(self, passage_id: str) -> Passage:
        try:
            return self._corpus.passage(passage_id)  # type: ignore[no-any-return]
        except CanvassError:
            raise KeyError(passage_id) from None

    def __contains__(self, passage_id: object) -> bool:
        if not isinstance(passage_id, str):
            return False
        try:
            self._corpus.passage(passage_id)
        except CanvassError:
            return False
        return True

    def __iter__(self) -> Iterator[str]:
        return (p.id for programme in self._corpus.programmes() for p in programme.passages())

    def __len__(self) -> int:
        return sum(1 for _ in self)


@_serialised
class Content:
    """Topics and quick-answer cards for one data directory, over a corpus passed in.

    Reading: ``topics()``, ``topic(id)``, ``topics_of(passage_id)``,
    ``passage_ids(topic_id)``, ``topic_view(topic_id)``, ``cards()``, ``card(id)``.
    Writing (trainer cards only, in ``<data_dir>/cards``): ``validate_card(card)``,
    ``save_card(card)``, ``delete_card(id)``, ``export_pack(path)``,
    ``import_pack(path)``. ``check()`` lists every problem in shipped and user content.
    Unknown IDs and invalid input raise :class:`CanvassError` with a German sentence.
    """

    def __init__(
        self,
        corpus: CorpusSource,
        bundled_dir: Path,
        data_dir: Path,
        meaning: Meaning | None = None,
    ) -> None:
        self._lock = threading.RLock()
        self._files_lock = threading.RLock()
        self._corpus = corpus
        self._bundled_dir = bundled_dir
        self._data_dir = data_dir
        # Optional meaning signal (the search's stored passage vectors); topics work without it.
        self._meaning = meaning
        # Kept across reload(): the assignment of each programme's passages (signals), valid
        # while its passages, their vectors and the taxonomy are the same, so reading the
        # files again does not assign the whole library again.
        self._taxonomy: Taxonomy | None = None
        self._taxonomy_key = ""
        self._by_programme: dict[str, tuple[str, dict[str, frozenset[str]]]] = {}
        # The same, on disk: a cold process assigns only programmes that changed.
        self._assignments = AssignmentCache(cache_dir(data_dir) / "topic-assignment")
        self._generation = 0
        self._reset()

    def _reset(self) -> None:
        # A snapshot computed before this reset is not used after it (see _state).
        self._generation += 1
        self._load_problems: list[Problem] = []
        self._topics: list[Topic] | None = None
        self._overrides: list[Override] = []
        self._shipped_cards: dict[str, Card] | None = None
        self._user_cards: dict[str, Card] | None = None
        self._user_problems: list[Problem] = []
        self._user_overrides: list[Override] | None = None
        self._user_override_problems: list[Problem] = []
        self._snapshot: _Snapshot | None = None
        self._meaning_key: tuple[tuple[str, int], ...] = ()

    # -- where things live -------------------------------------------------
    @property
    def topics_file(self) -> Path:
        return self._bundled_dir / "topics.toml"

    @property
    def shipped_cards_dir(self) -> Path:
        return self._bundled_dir / "cards"

    @property
    def user_cards_dir(self) -> Path:
        return self._data_dir / "cards"

    @property
    def user_topics_file(self) -> Path:
        return self._data_dir / "topics.toml"

    def _show(self, path: Path) -> str:
        return _display(path, self._bundled_dir)

    # -- loading -----------------------------------------------------------
    def _load_topics(self) -> list[Topic]:
        if self._topics is not None:
            return self._topics
        topics: list[Topic] = []
        overrides: list[Override] = []
        shown = self._show(self.topics_file)
        try:
            data = _read_toml(self.topics_file)
        except FileNotFoundError:
            self._load_problems.append(Problem(shown, "Themendatei fehlt"))
            data = {}
        except (OSError, tomllib.TOMLDecodeError) as error:
            self._load_problems.append(Problem(shown, f"Themendatei nicht lesbar ({describe_failure(error)})"))
            data = {}
        messages: list[str] = []
        for raw in _tables(data, "topic", messages):
            topic = topic_from_data(raw, messages)
            if topic is not None:
                topics.append(topic)
        for raw in _tables(data, "override", messages):
            override = override_from_data(raw, shown, messages)
            if override is not None:
                overrides.append(override)
        self._load_problems.extend(problems_for(shown, messages))
        self._topics = topics
        self._overrides = overrides
        return topics

    def _load_user_overrides(self) -> list[Override]:
        if self._user_overrides is not None:
            return self._user_overrides
        self._user_override_problems = []
        overrides: list[Override] = []
        path = self.user_topics_file
        if path.is_file():
            messages: list[str] = []
            try:
                data = _read_toml(path)
            except (OSError, tomllib.TOMLDecodeError) as error:
                messages.append(f"Korrekturdatei nicht lesbar ({describe_failure(error)})")
                data = {}
            if "topic" in data:
                messages.append("eigene Themen sind hier nicht vorgesehen, nur [[override]]")
            for raw in _tables(data, "override", messages):
                override = override_from_data(raw, str(path), messages)
                if override is not None:
                    overrides.append(override)
            self._user_override_problems = problems_for(str(path), messages)
        self._user_overrides = overrides
        return overrides

    def _load_shipped_cards(self) -> dict[str, Card]:
        if self._shipped_cards is not None:
            return self._shipped_cards
        cards: dict[str, Card] = {}
        files = (
            sorted(self.shipped_cards_dir.glob("*.toml")) if self.shipped_cards_dir.is_dir() else []
        )
        for path in files:
            shown = self._show(path)
            try:
                data = _read_toml(path)
            except (OSError, tomllib.TOMLDecodeError) as error:
                self._load_problems.append(Problem(shown, f"Kartendatei nicht lesbar ({describe_failure(error)})"))
                continue
            # A file holds one card at top level, or several as [[card]] tables.
            raw_cards = data["card"] if isinstance(data.get("card"), list) else [data]
            for raw in raw_cards:
                messages: list[str] = []
                card = card_from_data(raw, messages, origin="shipped", source=shown)
                label = card.id if card else None
                self._load_problems.extend(problems_for(shown, messages, label))
                if card is None:
                    continue
                if card.id in cards:
                    self._load_problems.append(
                        Problem(shown, f"die ID gibt es schon in {cards[card.id].source}", card.id)
                    )
                    continue
                cards[card.id] = card
        self._shipped_cards = cards
        return cards

    def _load_user_cards(self) -> dict[str, Card]:
        if self._user_cards is not None:
            return self._user_cards
        self._user_problems = []
        cards: dict[str, Card] = {}
        directory = self.user_cards_dir
        files.remove_stale_temporaries(directory, ".tmp-*.json")
        files.remove_stale_temporaries(self._data_dir, f".{self.user_topics_file.name}.tmp")
        for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
            messages: list[str] = []
            try:
                data = files.read_json(path, limits.CARD_FILE_BYTES, "Die Kartendatei")
            except CanvassError as error:
                self._user_problems.append(Problem(str(path), f"Kartendatei nicht lesbar: {error}"))
                continue
            card = card_from_data(data, messages, origin="user", source=str(path))
            self._user_problems.extend(problems_for(str(path), messages, card.id if card else None))
            if card is None:
                continue
            if path.stem != card.id:
                self._user_problems.append(
                    Problem(str(path), "Dateiname und Karten-ID stimmen nicht überein", card.id)
                )
            cards[card.id] = card
        self._user_cards = cards
        return cards

    def reload(self) -> None:
        """Forget everything read from disk (after files changed behind our back).

        The per-programme assignment stays: it is checked against the passages and
        topics on the next use and redone only for what changed.
        """
        self._reset()

    # -- corpus snapshot ---------------------------------------------------
    def _state(self) -> _Snapshot:
        generation = self._generation
        programmes = tuple(self._corpus.programmes())
        key = tuple(p.id for prog in programmes for p in prog.passages())
        topics = self._load_topics()
        overrides = [*self._overrides, *self._load_user_overrides()]
        taxonomy = self._prepare_taxonomy()
        # The meaning signal changes when vectors arrive (embedded after an import).
        meaning_key = tuple(self._meaning.state(p.id) for p in programmes) if self._meaning is not None else ()
        if self._snapshot is not None and self._snapshot.key == key and self._meaning_key == meaning_key:
            return self._snapshot
        self._meaning_key = meaning_key
        # Signals are kept per programme: importing one programme assigns its
        # passages only, not the whole library again.
        found: dict[str, frozenset[str]] = {}
        kept: dict[str, tuple[str, dict[str, frozenset[str]]]] = {}
        digests = self._digests()
        for index, programme in enumerate(programmes):
            state = meaning_key[index] if meaning_key else ()
            kept[programme.id] = self._programme_signals(programme, digests, state)
            found.update(kept[programme.id][1])
            # What was read or assigned stays: out of the full collections' way at once.
            garbage.settle()
        if set(kept) != set(self._by_programme):
            self._assignments.discard_others(list(kept))
        self._by_programme = kept
        # One tuple per combination of topics, shared by its passages (see AssignmentCache.load).
        shared: dict[tuple[str, ...], tuple[str, ...]] = {}
        assignment = {
            p: shared.setdefault(ids, ids) for p, ids in apply_overrides(taxonomy, found, overrides).items()
        }
        snapshot = _Snapshot(
            key=key,
            passages={p.id: p for programme in programmes for p in programme.passages()},
            programmes=programmes,
            assignment=assignment,
            by_topic=passages_by_topic(topics, assignment, key),
        )
        with self._files_lock:
            if generation == self._generation:  # no reload() while it was computed
                self._snapshot = snapshot
        return snapshot

    def _prepare_taxonomy(self) -> Taxonomy:
        topics = self._load_topics()
        if self._taxonomy is None or self._taxonomy.topics != topics:
            self._taxonomy = Taxonomy(topics)
            self._taxonomy_key = taxonomy_fingerprint(topics)
            self._by_programme = {}
            # The topic vectors from their cache before any meaning state is asked: the
            # state (a cache key) says whether they are ready (see StoredMeaning.warm).
            warm = getattr(self._meaning, "warm", None)
            if callable(warm):
                warm(self._taxonomy)
        return self._taxonomy

    def _digests(self) -> Mapping[str, str]:
        digests = getattr(self._corpus, "digests", None)
        try:
            return dict(digests()) if callable(digests) else {}
        except Exception:  # a corpus without digests: the passages' texts stand in
            return {}

    def _programme_signals(
        self, programme: Programme, digests: Mapping[str, str], meaning_state: object
    ) -> tuple[str, dict[str, frozenset[str]]]:
        """One programme's topics by signals: from memory, the disk cache, or assigned now."""
        taxonomy = self._prepare_taxonomy()
        digest = digests.get(programme.id) or hashlib.sha256(
            "\x1e".join(f"{p.id}\0{p.full_text}" for p in programme.passages()).encode()
        ).hexdigest()
        key = AssignmentCache.key(self._taxonomy_key, programme.id, digest, [meaning_state])
        cached = self._by_programme.get(programme.id)
        if cached is not None and cached[0] == key:
            return cached
        found = self._assignments.load(programme.id, key)
        ids = {p.id for p in programme.passages()}
        if found is None or set(found) != ids:
            found = assign_by_signals(taxonomy, contexts([programme]), self._meaning)
            self._assignments.store(programme.id, key, found)
        return key, found

    def _reference(self) -> Reference:
        """What citations and overrides may refer to, looked up in the corpus (not the assignment)."""
        if callable(getattr(self._corpus, "passage", None)):
            passages: Mapping[str, Passage] = _CorpusPassages(self._corpus)
        else:
            passages = {p.id: p for prog in self._corpus.programmes() for p in prog.passages()}
        catalog = getattr(self._corpus, "catalog", None)
        listed = catalog() if callable(catalog) else self._corpus.programmes()
        return Reference(
            passages=passages,
            programme_ids=frozenset(p.id for p in listed),
            topic_ids=frozenset(t.id for t in self._load_topics()),
        )

    # -- topics ------------------------------------------------------------
    def topics(self) -> list[Topic]:
        return list(self._load_topics())

    def topic(self, topic_id: str) -> Topic:
        for topic in self._load_topics():
            if topic.id == topic_id:
                return topic
        raise CanvassError(
            f"Thema '{topic_id}' gibt es nicht; 'canvass topics' listet alle Themen."
        )

    def topics_of(self, passage_id: str) -> list[Topic]:
        """The topics a passage belongs to directly (at least one for every passage).

        Before the whole library has been assigned, only the passage's own
        programme is (an empty search offering a related topic reads one programme).
        """
        if self._snapshot is not None or not callable(getattr(self._corpus, "passage", None)):
            ids = self._state().assignment.get(passage_id, ())
        else:
            try:
                passage = self._corpus.passage(passage_id)  # type: ignore[attr-defined]
                programme = self._corpus.programme(passage.programme_id)  # type: ignore[attr-defined]
            except CanvassError:
                return []
            self._prepare_taxonomy()  # first: it readies the topic vectors the state depends on
            meaning = self._meaning.state(programme.id) if self._meaning is not None else ()
            _key, found = self._programme_signals(programme, self._digests(), meaning)
            overrides = [*self._overrides, *self._load_user_overrides()]
            mine = {passage_id: found.get(passage_id, frozenset())}
            ids = apply_overrides(self._prepare_taxonomy(), mine, overrides).get(passage_id, ())
        return [t for t in self._load_topics() if t.id in ids]

    def passage_ids(self, topic_id: str) -> list[str]:
        """Passages of the topic and its subtopics, in corpus order."""
        self.topic(topic_id)
        return list(self._state().by_topic.get(topic_id, []))

    def topic_view(self, topic_id: str, programme_ids: Sequence[str] | None = None) -> TopicView:
        """The topic across all programmes, or across the ones named, side by side."""
        topic = self.topic(topic_id)
        state = self._state()
        members = set(state.by_topic.get(topic_id, []))
        coverage: list[ProgrammeCoverage] = []
        for programme in self.programmes(programme_ids):
            passages: list[Passage] = []
            titles: list[str] = []
            for section in programme.sections:
                for passage in section.passages:
                    if passage.id in members:
                        passages.append(passage)
                        titles.append(section.title)
            coverage.append(ProgrammeCoverage(programme, tuple(passages), tuple(titles)))
        family = set(descendants(self._load_topics(), topic_id))
        subtopics = tuple(t for t in self._load_topics() if t.parent == topic_id)
        cards = tuple(c for c in self.cards() if family & set(c.topics))
        return TopicView(topic, subtopics, tuple(coverage), cards)

    def programmes(self, programme_ids: Sequence[str] | None = None) -> list[Programme]:
        """The programmes of the corpus, or the ones named (in that order); unknown IDs raise."""
        programmes = list(self._state().programmes)
        if not programme_ids:
            return programmes
        by_id = {p.id: p for p in programmes}
        unknown = [i for i in programme_ids if i not in by_id]
        if unknown:
            raise CanvassError(
                f"Programm '{unknown[0]}' gibt es nicht; 'canvass programmes' listet alle."
            )
        return [by_id[i] for i in dict.fromkeys(programme_ids)]

    def overview(
        self, programme_ids: Sequence[str] | None = None, max_depth: int | None = None
    ) -> Overview:
        """How many passages each programme has on each topic (subtopics included)."""
        state = self._state()
        return build_overview(
            self._load_topics(),
            self.programmes(programme_ids),
            lambda topic_id: state.by_topic.get(topic_id, []),
            state.passages,
            max_depth=max_depth,
        )

    def set_override(
        self, passage_id: str, add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> list[Topic]:
        """A trainer's correction for one passage, stored in ``<data_dir>/topics.toml``.

        It replaces any earlier correction of the same passage; empty ``add`` and
        ``remove`` delete it. Returns the passage's topics afterwards.
        """
        ref = self._reference()
        if passage_id not in ref.passages:
            raise CanvassError(f"Die Passage '{passage_id}' gibt es nicht.")
        unknown = [t for t in (*add, *remove) if t not in ref.topic_ids]
        if unknown:
            raise CanvassError(
                f"Unbekanntes Thema: {', '.join(unknown)}; 'canvass topics' listet alle."
            )
        if self._user_override_problems:
            raise CanvassError(
                f"Die Datei {self.user_topics_file} hat Fehler; bitte erst korrigieren "
                "('canvass check' zeigt sie)."
            )
        kept = [o for o in self._load_user_overrides() if o.passage_id != passage_id]
        if add or remove:
            kept.append(Override(passage_id, tuple(add), tuple(remove), str(self.user_topics_file)))
        lines = [
            "# Eigene Korrekturen der Themenzuordnung (von Canvass geschrieben).",
            "",
        ]
        for override in kept:
            lines.append("[[override]]")
            lines.append(f"passage = {json.dumps(override.passage_id, ensure_ascii=False)}")
            if override.add:
                lines.append(f"add = {json.dumps(list(override.add), ensure_ascii=False)}")
            if override.remove:
                lines.append(f"remove = {json.dumps(list(override.remove), ensure_ascii=False)}")
            lines.append("")
        path = self.user_topics_file
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.tmp")
            # JSON strings are valid TOML basic strings, so no TOML writer is needed.
            temp.write_text("\n".join(lines), encoding="utf-8")
            os.replace(temp, path)
        except OSError as error:
            raise CanvassError(
                f"Die Korrektur konnte nicht gespeichert werden ({describe_failure(error)})."
            ) from error
        self._user_overrides = None
        self._snapshot = None
        return self.topics_of(passage_id)

    # -- cards -------------------------------------------------------------
    def cards(self) -> list[Card]:
        """Shipped cards, with a trainer's card of the same ID in place of the shipped one."""
        merged = dict(self._load_shipped_cards())
        merged.update(self._load_user_cards())
        return [merged[k] for k in sorted(merged)]

    def card(self, card_id: str) -> Card:
        user = self._load_user_cards().get(card_id)
        if user is not None:
            return user
        shipped = self._load_shipped_cards().get(card_id)
        if shipped is not None:
            return shipped
        raise CanvassError(f"Karte '{card_id}' gibt es nicht; 'canvass cards' listet alle Karten.")

    def shipped_card(self, card_id: str) -> Card | None:
        return self._load_shipped_cards().get(card_id)

    def validate_card(self, card: Card) -> list[str]:
        """Problems that keep a card from being saved or imported (empty when it is sound)."""
        from canvass_app.content.parsing import ID_PATTERN

        problems: list[str] = []
        if not ID_PATTERN.match(card.id):
            problems.append(f"Karten-ID '{card.id}' ist ungültig (nur a-z, 0-9 und -)")
        problems.extend(card_problems(card, self._reference()))
        return problems

    def save_card(self, card: Card) -> Card:
        """Store a trainer's card in the user data directory; shipped files are never touched."""
        problems = self.validate_card(card)
        if problems:
            raise CanvassError(
                f"Die Karte '{card.id}' wurde nicht gespeichert: " + "; ".join(problems) + "."
            )
        path = item_path(self.user_cards_dir, card.id, ".json", "Die Karten-ID")
        self._write_atomically({path: card.to_json()})
        self._user_cards = None
        return self.card(card.id)

    def delete_card(self, card_id: str) -> bool:
        """Remove a trainer's card; a shipped card of the same ID shows again. False if none."""
        path = item_path(self.user_cards_dir, card_id, ".json", "Die Karten-ID")
        if not path.is_file():
            return False
        try:
            path.unlink()
        except OSError as error:
            raise CanvassError(
                f"Die Karte '{card_id}' konnte nicht gelöscht werden ({describe_failure(error)})."
            ) from error
        self._user_cards = None
        return True

    def _write_atomically(self, files: dict[Path, dict[str, Any]]) -> None:
        """Write every file to a temporary name first, then rename all: no half-written cards."""
        staged: list[tuple[Path, Path]] = []
        try:
            for path, payload in files.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                handle, temp_name = tempfile.mkstemp(
                    dir=path.parent, prefix=".tmp-", suffix=".json"
                )
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(payload, out, ensure_ascii=False, indent=2)
                    out.write("\n")
                staged.append((Path(temp_name), path))
            for temp, path in staged:
                os.replace(temp, path)
        except OSError as error:
            for temp, _ in staged:
                temp.unlink(missing_ok=True)
            raise CanvassError(f"Karten konnten nicht gespeichert werden ({describe_failure(error)}).") from error

    # -- packs -------------------------------------------------------------
    def export_pack(
        self, path: Path, card_ids: Sequence[str] | None = None, *, user_only: bool = False
    ) -> int:
        """Write cards as one pack file; returns how many cards it holds."""
        if card_ids:
            cards = [self.card(i) for i in card_ids]
        else:
            cards = [c for c in self.cards() if c.origin == "user" or not user_only]
        if not cards:
            raise CanvassError("Es gibt keine Karten zum Exportieren.")
        pack = {
            "format": PACK_FORMAT,
            "version": PACK_VERSION,
            "exported": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "cards": [c.to_json() for c in cards],
        }
        files.check_replaceable(path, "Das Ziel")
        # Atomically, like every card file: a reader (or a crash) never sees half a pack.
        self._write_atomically({path: pack})
        return len(cards)

    def read_pack(self, path: Path) -> tuple[list[Card], list[Problem]]:
        """Cards in a pack and every problem with them, without storing anything."""
        shown = str(path)
        if not path.exists():
            raise CanvassError(f"Die Datei {path} gibt es nicht.")
        try:
            data = files.read_json(path, limits.CARD_PACK_BYTES, "Das Kartenpaket")
        except CanvassError as error:
            return [], [Problem(shown, f"keine lesbare JSON-Datei ({error})")]
        if not isinstance(data, dict) or data.get("format") != PACK_FORMAT:
            return [], [Problem(shown, f"kein Kartenpaket (Formatangabe '{PACK_FORMAT}' fehlt)")]
        if data.get("version") != PACK_VERSION:
            return [], [
                Problem(
                    shown,
                    f"Paketversion {data.get('version')!r} wird nicht unterstützt (erwartet {PACK_VERSION})",
                )
            ]
        raw_cards = data.get("cards")
        if not isinstance(raw_cards, list) or not raw_cards:
            return [], [Problem(shown, "das Paket enthält keine Karten")]
        if len(raw_cards) > limits.PACK_CARDS:
            return [], [
                Problem(
                    shown,
                    f"das Paket enthält {limits.describe_count(len(raw_cards))} Karten, "
                    f"höchstens {limits.describe_count(limits.PACK_CARDS)} sind erlaubt",
                )
            ]
        cards: list[Card] = []
        problems: list[Problem] = []
        seen: set[str] = set()
        for index, raw in enumerate(raw_cards, start=1):
            messages: list[str] = []
            card = card_from_data(raw, messages, origin="user", source=shown)
            label = card.id if card else f"Nr. {index}"
            if card is not None:
                if card.id in seen:
                    messages.append("die ID kommt im Paket mehrfach vor")
                seen.add(card.id)
                messages.extend(self.validate_card(card))
                cards.append(card)
            problems.extend(problems_for(shown, messages, label))
        return cards, problems

    def import_pack(self, path: Path) -> list[Card]:
        """Validate a pack and store all its cards as trainer cards, or refuse it whole."""
        cards, problems = self.read_pack(path)
        if problems:
            raise PackRejected(path, problems)
        self._write_atomically(
            {item_path(self.user_cards_dir, c.id, ".json", "Die Karten-ID"): c.to_json() for c in cards}
        )
        self._user_cards = None
        return [self.card(c.id) for c in cards]

    # -- checks ------------------------------------------------------------
    def check(self) -> list[Problem]:
        """Every problem in shipped and user content; empty when all is sound."""
        topics = self._load_topics()
        shipped = self._load_shipped_cards()
        user = self._load_user_cards()
        user_overrides = self._load_user_overrides()
        state = self._state()
        ref = self._reference()
        problems: list[Problem] = list(self._load_problems)
        shown_topics = self._show(self.topics_file)
        problems.extend(problems_for(shown_topics, topic_problems(topics, tuple(contexts(state.programmes)))))
        for override in self._overrides:
            problems.extend(problems_for(override.source, override_problems(override, ref)))
        problems.extend(self._user_override_problems)
        for override in user_overrides:
            problems.extend(problems_for(override.source, override_problems(override, ref)))
        for card in [*shipped.values(), *user.values()]:
            problems.extend(problems_for(card.source, card_problems(card, ref), card.id))
        problems.extend(self._user_problems)
        for passage_id, topic_ids in state.assignment.items():
            if not topic_ids:
                problems.append(Problem(shown_topics, f"Passage {passage_id} hat kein Thema"))
        return problems

    def stats(self) -> dict[str, int]:
        state = self._state()
        fallback = {t.id for t in self._load_topics() if t.fallback}
        return {
            "cards": len(self.cards()),
            "topics": len(self._load_topics()),
            "passages": len(state.passages),
            "citations": sum(len(c.citations()) for c in self.cards()),
            "fallback_only": sum(1 for ids in state.assignment.values() if set(ids) <= fallback),
        }
