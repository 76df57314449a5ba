"""Content checks: citations exist and quote verbatim, cards cite, rules and overrides resolve."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from canvass_app.content.model import Card, Override, Topic
from canvass_app.content.parsing import Problem
from canvass_app.content.rules import (
    FoldedText,
    RuleError,
    any_term_matches,
    compile_term,
    fold_whitespace,
)
from canvass_app.content.topics import PassageContext, rule_matches
from canvass_app.corpus.model import Passage


@dataclass(frozen=True)
class Reference:
    """What cards and overrides are checked against: the corpus and the taxonomy."""

    passages: Mapping[str, Passage]
    programme_ids: frozenset[str]
    topic_ids: frozenset[str]


def _short(text: str, limit: int = 60) -> str:
    text = fold_whitespace(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def card_problems(card: Card, ref: Reference) -> list[str]:
    """Everything wrong with one card, as German sentences (empty when the card is sound)."""
    problems: list[str] = []
    if not card.question.strip():
        problems.append("die Frage fehlt")
    if not card.tip.strip():
        problems.append("der Gesprächstipp fehlt")
    if not card.topics:
        problems.append("die Karte nennt kein Thema")
    for topic_id in card.topics:
        if topic_id not in ref.topic_ids:
            problems.append(f"unbekanntes Thema '{topic_id}'")
    if not card.answers:
        problems.append("die Karte hat keine Antwort")
    seen: set[str] = set()
    for answer in card.answers:
        label = f"Antwort {answer.programme}"
        if answer.programme in seen:
            problems.append(f"{label}: das Programm hat mehr als eine Antwort")
        seen.add(answer.programme)
        if answer.programme not in ref.programme_ids:
            problems.append(f"{label}: unbekanntes Programm '{answer.programme}'")
        if not answer.summary.strip():
            problems.append(f"{label}: die Zusammenfassung fehlt")
        if answer.silent and answer.citations:
            problems.append(f"{label}: als 'sagt nichts' markiert, nennt aber Belege")
        if not answer.silent and not answer.citations:
            problems.append(
                f"{label}: kein Beleg; ohne Beleg muss die Antwort als 'silent = true' markiert sein"
            )
        for citation in answer.citations:
            passage = ref.passages.get(citation.passage_id)
            if passage is None:
                problems.append(f"{label}: unbekannte Passage '{citation.passage_id}'")
                continue
            if passage.programme_id != answer.programme:
                problems.append(
                    f"{label}: Passage '{citation.passage_id}' gehört zu einem anderen Programm"
                )
            quote = fold_whitespace(citation.quote)
            if not quote:
                problems.append(f"{label}: leeres Zitat aus '{citation.passage_id}'")
            elif quote not in fold_whitespace(passage.full_text):
                problems.append(
                    f"{label}: Zitat steht nicht wörtlich in Passage '{citation.passage_id}': "
                    f"„{_short(citation.quote)}“"
                )
    if not card.citations():
        problems.append("die Karte hat keinen einzigen Beleg")
    return problems


def topic_problems(topics: Sequence[Topic], contexts: Sequence[PassageContext]) -> list[str]:
    """Taxonomy problems: duplicates, unknown or cyclic parents, terms that are broken or hit nothing."""
    problems: list[str] = []
    ids = [t.id for t in topics]
    known = set(ids)
    for topic_id in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"Thema {topic_id}: die ID kommt mehrfach vor")
    parents = {t.id: t.parent for t in topics}
    has_children = {t.parent for t in topics if t.parent}
    for topic in topics:
        if topic.parent and topic.parent not in known:
            problems.append(f"Thema {topic.id}: unbekanntes Oberthema '{topic.parent}'")
        seen = {topic.id}
        current = topic.parent
        while current:
            if current in seen:
                problems.append(f"Thema {topic.id}: Oberthemen bilden einen Kreis")
                break
            seen.add(current)
            current = parents.get(current)
        if not (topic.terms or topic.section_terms or topic.fallback or topic.id in has_children):
            problems.append(f"Thema {topic.id}: weder Regel noch Unterthema noch Auffang-Thema")
        for field_name, terms in (
            ("terms", topic.terms),
            ("context_terms", topic.context_terms),
            ("section_terms", topic.section_terms),
            ("exclude", topic.exclude),
        ):
            for term in terms:
                try:
                    compile_term(term)
                except RuleError as error:
                    problems.append(f"Thema {topic.id}: {field_name}: {error}")
        # Rules that pick no passage at all are almost always a typo. Single unused
        # terms are fine: they are there for programmes a user may import later.
        # A topic of a field the shipped programmes do not cover (Kita-Plätze in
        # two economy chapters) may hit no passage; it must still hit its own examples.
        own = [FoldedText.of(t) for t in (topic.title, *topic.examples)]
        terms = (*topic.terms, *topic.context_terms, *topic.section_terms)
        if (
            terms
            and contexts
            and not any(rule_matches(topic, c) for c in contexts)
            and not any(any_term_matches(terms, text) for text in own)
        ):
            problems.append(
                f"Thema {topic.id}: die Regeln treffen keine einzige Passage und kein eigenes Beispiel"
            )
    if not any(t.fallback for t in topics):
        problems.append("kein Auffang-Thema (fallback = true) festgelegt")
    return problems


def override_problems(override: Override, ref: Reference) -> list[str]:
    problems: list[str] = []
    label = f"Korrektur für {override.passage_id}"
    if override.passage_id not in ref.passages:
        problems.append(f"{label}: unbekannte Passage")
    for topic_id in (*override.add, *override.remove):
        if topic_id not in ref.topic_ids:
            problems.append(f"{label}: unbekanntes Thema '{topic_id}'")
    return problems


def problems_for(file: str, messages: Sequence[str], card: str | None = None) -> list[Problem]:
    return [Problem(file=file, message=m, card=card) for m in messages]
