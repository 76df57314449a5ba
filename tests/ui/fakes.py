"""A small, fully known library (two programmes, a search, topics) for widget tests.

The real services are tested in tests/core; widget tests need data whose every
word they know, and a search whose answer they can predict.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from canvass_app.content.model import Card, Topic
from canvass_app.content.service import ProgrammeCoverage, TopicView
from canvass_app.corpus.model import Passage, Programme, Section
from canvass_app.errors import CanvassError
from canvass_app.library import Library


def _programme(pid: str, party: str, year: int, title: str, sections: list[tuple[str, str, list[tuple[str, str | None, str, tuple[int, int] | None]]]]) -> Programme:
    built = []
    for sid, stitle, items in sections:
        passages = tuple(
            Passage(id=f"{pid}:{sid}{n:02d}", programme_id=pid, section_id=sid, kind=kind,  # type: ignore[arg-type]
                    text=text, lead_in=lead, lines=lines)
            for n, (kind, lead, text, lines) in enumerate(items)
        )
        built.append(Section(sid, stitle, passages))
    return Programme(id=pid, party=party, title=title, year=year, election=f"Kommunalwahl {year}",
                     sections=tuple(built))


SPD = _programme("spd-2020", "SPD Dortmund", 2020, "Besser werden. Dortmund bleiben.", [
    ("s1", "Digitale Infrastruktur hat Vorrang", [
        ("paragraph", None, "Schnelles Internet ist für Betriebe so wichtig wie Strom und Wasser.", None),
        ("paragraph", None, "Wir bauen das Glasfasernetz in allen Stadtteilen aus.", None),
        ("paragraph", None, "Freies WLAN gehört in jede Innenstadt.", None),
    ]),
    ("s2", "Gute Arbeit für junge Menschen", [
        ("paragraph", None, "Jugendarbeitslosigkeit bekämpfen wir mit einer Ausbildungsgarantie.", None),
    ]),
])

GRUENE = _programme("gruene-2025", "BÜNDNIS 90/DIE GRÜNEN", 2025, "Kommunalwahlprogramm", [
    ("g0", "", [("paragraph", None, "Dortmund wirtschaftet klimaneutral und sozial.", (1, 3))]),
    ("g1", "Für klimaneutrales Wirtschaften", [
        ("paragraph", None, "Die Transformation braucht gute Arbeit.", (10, 12)),
        ("pledge", "Dafür werden wir", "eine Reparaturprämie für Elektrogeräte einführen.", (14, 15)),
        ("pledge", "Dafür werden wir", "Gründungen im Handwerk fördern.", (16, 16)),
        ("paragraph", None, "Arbeit vor Ort schafft Zukunft.", (20, 22)),
    ]),
])

PROGRAMMES = (GRUENE, SPD)


class FakeCorpus:
    def programmes(self) -> list[Programme]:
        return list(PROGRAMMES)

    def programme(self, pid: str) -> Programme:
        for p in PROGRAMMES:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def passages(self) -> list[Passage]:
        return [p for prog in PROGRAMMES for p in prog.passages()]

    def passage(self, passage_id: str) -> Passage:
        for p in self.passages():
            if p.id == passage_id:
                return p
        raise KeyError(passage_id)

    def programme_of(self, passage: Passage) -> Programme:
        return self.programme(passage.programme_id)

    def section_of(self, passage: Passage) -> Section:
        return self.programme_of(passage).section(passage.section_id)


@dataclass(frozen=True)
class Hit:
    type: str
    id: str
    programme: str | None
    section: str | None
    text: str
    snippet: str
    score: float
    match: str = "words"


@dataclass(frozen=True)
class Results:
    hits: list[Hit]
    suggestion: str | None


CARDS = (Card(id="glasfaser", question="Wann kommt schnelles Internet?", topics=("digital",)),)


class FakeSearch:
    """Case-insensitive word-prefix search; "Glasfasr" suggests "Glasfaser".

    It has every public method and property of the real
    :class:`~canvass_app.search.service.SearchService`, with the same parameters
    (tests/ui/test_fakes.py holds it to that): the window calls them as it would on the
    real one. Its data never changes and it has no index on disk and no model for the
    meaning search, so what builds or updates those has nothing to do.
    """

    def __init__(self) -> None:
        self.queries: list[tuple[str, tuple[str, ...], str | None]] = []
        self.dense_flags: list[bool] = []
        self.prepared = 0
        # What the window reads of the real service's state.
        self.progress: tuple[int, int] | None = None
        self.background_rebuilds = False
        self.rebuilding_elsewhere = False

    # --- the index: nothing on disk to open, build or copy -----------------

    def key(self) -> str:
        return "fake"

    def ensure_open(self) -> None:
        return None

    def prepare(self) -> None:
        self.prepared += 1

    def index_programme_changed(self, programme_id: str) -> None:
        return None

    def index_programme_removed(self, programme_id: str) -> None:
        return None

    def wait_for_background_build(self, timeout: float | None = None) -> None:
        return None

    def rebuild(self) -> None:
        return None

    def close(self) -> None:
        return None

    def export_index(self, target: Path) -> Path:
        raise CanvassError("Die Testsuche hat keinen Suchindex zum Sichern.")

    # --- the meaning search: no model on this machine ----------------------

    def embedder(self) -> None:
        return None

    @property
    def vectors(self) -> None:
        return None

    def vectors_missing(self, programme_ids: set[str] | None = None) -> int:
        return 0

    def programme_changed(
        self,
        programme_id: str,
        progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> bool:
        return True

    def programme_removed(self, programme_id: str) -> None:
        return None

    def update_vectors(
        self,
        progress: Callable[[str, int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> bool:
        return True

    # --- searching ---------------------------------------------------------

    def suggest(self, query: str) -> str | None:
        return self.search(query, dense=False).suggestion

    def check_topic(self, topic: str) -> set[str]:
        if topic not in TOPIC_PASSAGES:
            raise CanvassError(f"Das Thema „{topic}“ gibt es nicht.")
        return set(TOPIC_PASSAGES[topic])

    def search(
        self,
        query: str,
        *,
        programmes: Sequence[str] = (),
        topic: str | None = None,
        limit: int = 20,
        dense: bool = True,
    ) -> Results:
        self.queries.append((query, tuple(programmes), topic))
        self.dense_flags.append(dense)
        words = [w for w in re.findall(r"\w+", query.casefold()) if w]
        hits: list[Hit] = []
        if not words:
            return Results([], None)
        for passage in FakeCorpus().passages():
            if programmes and passage.programme_id not in programmes:
                continue
            if topic and passage.id not in TOPIC_PASSAGES.get(topic, ()):
                continue
            text = passage.full_text
            if all(w in text.casefold() for w in words):
                snippet = re.sub(
                    "(" + "|".join(re.escape(w) for w in words) + r")\w*",
                    lambda m: f"<b>{m.group(0)}</b>", html.escape(text), flags=re.IGNORECASE,
                )
                hits.append(Hit("passage", passage.id, passage.programme_id, passage.section_id, text, snippet, 1.0))
        # As the service does: a card whose own question says the words goes first (the
        # view keeps the service's order and puts no card on top by itself).
        answering = [
            Hit("card", card.id, None, None, card.question, html.escape(card.question), 0.5)
            for card in CARDS
            if all(w in card.question.casefold() for w in words)
        ]
        hits = answering[:1] + hits + answering[1:]
        if dense and hits:
            # The meaning search finds one more passage without the query's words.
            found = {h.id for h in hits}
            other = next(p for p in FakeCorpus().passages() if p.id not in found)
            text = other.full_text
            hits.append(Hit("passage", other.id, other.programme_id, other.section_id, text, html.escape(text), 0.8, "meaning"))
        suggestion = "Glasfaser" if "glasfasr" in words else None
        return Results(hits[:limit], suggestion)


TOPICS = (
    Topic(id="digital", title="Digitale Infrastruktur"),
    Topic(id="arbeit", title="Arbeit und Ausbildung"),
    Topic(id="jugend", title="Jugendarbeitslosigkeit", parent="arbeit"),
)
TOPIC_PASSAGES = {
    "digital": ("spd-2020:s100", "spd-2020:s101", "spd-2020:s102"),
    "arbeit": ("spd-2020:s200", "gruene-2025:g100", "gruene-2025:g103"),
    "jugend": ("spd-2020:s200",),
}


class FakeContent:
    def topics(self) -> list[Topic]:
        return list(TOPICS)

    def topic_view(self, topic_id: str) -> TopicView:
        topic = next(t for t in TOPICS if t.id == topic_id)
        corpus = FakeCorpus()
        coverage = []
        for programme in PROGRAMMES:
            passages = tuple(p for p in programme.passages() if p.id in TOPIC_PASSAGES[topic_id])
            titles = tuple(programme.section(p.section_id).title for p in passages)
            coverage.append(ProgrammeCoverage(programme, passages, titles))
        del corpus
        subtopics = tuple(t for t in TOPICS if t.parent == topic_id)
        cards = tuple(c for c in CARDS if topic_id in c.topics)
        return TopicView(topic, subtopics, tuple(coverage), cards)

    def cards(self) -> list[Card]:
        return list(CARDS)


class FakeLibrary(Library):
    """A :class:`Library` whose services are the fakes above (instance attributes win over properties)."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(data_dir)
        self.__dict__["corpus"] = FakeCorpus()
        self.__dict__["search"] = FakeSearch()
        self.__dict__["content"] = FakeContent()
