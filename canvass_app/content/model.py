"""Topics and quick-answer cards as immutable values, with their JSON shapes (a CLI contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

CardOrigin = Literal["shipped", "user"]


@dataclass(frozen=True)
class Topic:
    """A theme a citizen recognises, found in passages by rules and corrected by overrides."""

    id: str
    title: str
    parent: str | None = None
    manifesto_codes: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    # Terms that find the topic inside a field already chosen, without voting for the field.
    context_terms: tuple[str, ...] = ()
    section_terms: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fallback: bool = False
    description: str = ""
    # Sentences as programmes say them; with title and description, what the
    # meaning signal compares passages with.
    examples: tuple[str, ...] = ()
    # False: the terms place a passage inside the topic's field but are too
    # broad to make a passage belong to that field.
    decides_field: bool = True


@dataclass(frozen=True)
class Override:
    """A trainer's or editor's correction for one passage: topics added or removed by hand."""

    passage_id: str
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Citation:
    passage_id: str
    quote: str

    def to_json(self) -> dict[str, Any]:
        return {"passage_id": self.passage_id, "quote": self.quote}


@dataclass(frozen=True)
class Answer:
    """What one programme says on a card's question, or an explicit statement that it is silent."""

    programme: str
    summary: str
    citations: tuple[Citation, ...] = ()
    silent: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "programme": self.programme,
            "summary": self.summary,
            "citations": [c.to_json() for c in self.citations],
            "silent": self.silent,
        }


@dataclass(frozen=True)
class Card:
    """One doorstep question with an answer per programme, its topics and a conversation tip."""

    id: str
    question: str
    phrasings: tuple[str, ...] = ()
    answers: tuple[Answer, ...] = ()
    topics: tuple[str, ...] = ()
    tip: str = ""
    # Where the card came from; not part of the JSON contract.
    origin: CardOrigin = field(default="shipped", compare=False)
    source: str = field(default="", compare=False)

    def citations(self) -> list[Citation]:
        return [c for a in self.answers for c in a.citations]

    def answer_for(self, programme_id: str) -> Answer | None:
        for answer in self.answers:
            if answer.programme == programme_id:
                return answer
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "question": self.question,
            "phrasings": list(self.phrasings),
            "answers": [a.to_json() for a in self.answers],
            "topics": list(self.topics),
            "tip": self.tip,
        }
