"""Topic assignment: rules and overrides decide, reproducibly, which topics each passage belongs to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from canvass_app.content.model import Override, Topic
from canvass_app.content.rules import FoldedText, any_term_matches
from canvass_app.corpus.model import Passage, Programme


@dataclass(frozen=True)
class PassageContext:
    """A passage with what its rules are matched against, folded once."""

    passage: Passage
    programme: Programme
    section_title: str
    folded_text: FoldedText
    folded_section: FoldedText


def contexts(programmes: Iterable[Programme]) -> list[PassageContext]:
    result: list[PassageContext] = []
    for programme in programmes:
        for section in programme.sections:
            folded_section = FoldedText.of(section.title)
            for passage in section.passages:
                result.append(
                    PassageContext(
                        passage=passage,
                        programme=programme,
                        section_title=section.title,
                        folded_text=FoldedText.of(passage.full_text),
                        folded_section=folded_section,
                    )
                )
    return result


def rule_matches(topic: Topic, context: PassageContext) -> bool:
    """True when a topic's own rules (not overrides) pick this passage."""
    hit = any_term_matches(topic.terms, context.folded_text) or any_term_matches(
        topic.section_terms, context.folded_section
    )
    return hit and not any_term_matches(topic.exclude, context.folded_text)


def assign(
    topics: Sequence[Topic],
    passages: Sequence[PassageContext],
    overrides: Sequence[Override],
) -> dict[str, tuple[str, ...]]:
    """Passage ID → topic IDs (in taxonomy order); every passage gets at least the fallback."""
    known = {t.id for t in topics}
    order = {t.id: i for i, t in enumerate(topics)}
    ruled = [t for t in topics if not t.fallback]
    fallbacks = [t.id for t in topics if t.fallback]
    by_passage: dict[str, list[Override]] = {}
    for override in overrides:
        by_passage.setdefault(override.passage_id, []).append(override)

    assignment: dict[str, tuple[str, ...]] = {}
    for context in passages:
        chosen = {t.id for t in ruled if rule_matches(t, context)}
        # Later overrides win: shipped ones come first, a trainer's own last.
        for override in by_passage.get(context.passage.id, []):
            chosen |= {t for t in override.add if t in known}
            chosen -= set(override.remove)
        if not chosen:
            chosen = set(fallbacks)
        assignment[context.passage.id] = tuple(sorted(chosen, key=order.__getitem__))
    return assignment


def descendants(topics: Sequence[Topic], topic_id: str) -> list[str]:
    """The topic and every topic below it (cycles are cut; `canvass check` reports them)."""
    children: dict[str, list[str]] = {}
    for t in topics:
        if t.parent:
            children.setdefault(t.parent, []).append(t.id)
    result: list[str] = []
    pending = [topic_id]
    while pending:
        current = pending.pop(0)
        if current in result:
            continue
        result.append(current)
        pending.extend(children.get(current, []))
    return result


def passages_by_topic(
    topics: Sequence[Topic], assignment: Mapping[str, tuple[str, ...]], passage_order: Sequence[str]
) -> dict[str, list[str]]:
    """Topic ID → passage IDs of the topic and its subtopics, in corpus order."""
    direct: dict[str, set[str]] = {t.id: set() for t in topics}
    for passage_id, topic_ids in assignment.items():
        for topic_id in topic_ids:
            direct.setdefault(topic_id, set()).add(passage_id)
    result: dict[str, list[str]] = {}
    for topic in topics:
        members: set[str] = set()
        for sub in descendants(topics, topic.id):
            members |= direct.get(sub, set())
        result[topic.id] = [p for p in passage_order if p in members]
    return result
