"""Builders that turn topics, cards and briefings into printable :class:`Document` values.

They only read from the library (corpus, content, notes) passed in, so the CLI,
the app and the tests build the same document from the same data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from canvass_app.content.model import Answer, Card, Topic
from canvass_app.content.overview import silent_text
from canvass_app.content.service import TopicView
from canvass_app.corpus.model import Passage, Programme, Section
from canvass_app.errors import CanvassError
from canvass_app.export.briefing import Briefing, BriefingItem
from canvass_app.export.document import (
    Block,
    CardAnswer,
    CardBlock,
    CardQuote,
    Document,
    Heading,
    Layout,
    NoteBlock,
    Paragraph,
    PassageBlock,
    SourceRef,
)
from canvass_app.notes.model import Note

SILENT_ANSWER = "Sagt dazu nichts."


class CorpusLike(Protocol):
    def programmes(self) -> Sequence[Programme]: ...
    def programme(self, programme_id: str) -> Programme: ...
    def passage(self, passage_id: str) -> Passage: ...
    def section_of(self, passage: Passage) -> Section: ...


class ContentLike(Protocol):
    def topic(self, topic_id: str) -> Topic: ...
    def topic_view(self, topic_id: str) -> TopicView: ...
    def card(self, card_id: str) -> Card: ...


class NotesLike(Protocol):
    def get(self, note_id: str) -> Note: ...


class LibraryLike(Protocol):
    @property
    def corpus(self) -> CorpusLike: ...
    @property
    def content(self) -> ContentLike: ...
    @property
    def notes(self) -> NotesLike: ...


def source_line(programme: Programme) -> str:
    """One short footer line naming a programme: party, title, chapter, election, adoption."""
    parts = [programme.party, f"„{programme.title}“"]
    if programme.chapter:
        parts.append(f"Kapitel „{programme.chapter}“")
    parts.append(programme.election or str(programme.year))
    if programme.adopted:
        try:
            parts.append(f"beschlossen am {german_date(date.fromisoformat(programme.adopted))}")
        except ValueError:
            parts.append(f"beschlossen {programme.adopted}")
    if programme.source.startswith(("http://", "https://")):
        parts.append(programme.source)
    return ", ".join(parts)


def german_date(value: date) -> str:
    return value.strftime("%d.%m.%Y")


class _Collector:
    """Builds blocks and remembers which programmes were quoted, for the footer."""

    def __init__(self, library: LibraryLike) -> None:
        self.library = library
        self.blocks: list[Block] = []
        self._programmes: dict[str, Programme] = {}
        self._programme_order: dict[str, int] | None = None
        self.card_ids: set[str] = set()

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(source_line(p) for p in self._programmes.values())

    def _programme(self, programme_id: str) -> Programme | None:
        if programme_id in self._programmes:
            return self._programmes[programme_id]
        try:
            programme = self.library.corpus.programme(programme_id)
        except (KeyError, CanvassError):
            return None
        self._programmes[programme_id] = programme
        return programme

    def source_ref(self, passage: Passage, section_title: str | None = None) -> SourceRef:
        programme = self._programme(passage.programme_id)
        if section_title is None:
            try:
                section = self.library.corpus.section_of(passage)
            except (KeyError, CanvassError):
                section_title = ""
            else:
                # A nested section is cited with its chapter: "Wirtschaft › Handwerk".
                path = programme.section_path(section.id) if programme else [section]
                section_title = " › ".join(s.title for s in path if s.title) or section.title
        return SourceRef(
            passage_id=passage.id,
            party=programme.party if programme else passage.programme_id,
            year=programme.year if programme else None,
            programme_title=programme.title if programme else "",
            section=section_title,
            lines=passage.lines,
        )

    def passage(self, passage_id: str) -> PassageBlock:
        try:
            passage = self.library.corpus.passage(passage_id)
        except KeyError:
            raise CanvassError(f"Eine Textstelle „{passage_id}“ gibt es nicht.") from None
        return PassageBlock(passage.full_text, self.source_ref(passage))

    def _order(self) -> dict[str, int]:
        """Programmes in the order the app shows them (the corpus order), so print and screen agree."""
        if self._programme_order is None:
            try:
                ids = [p.id for p in self.library.corpus.programmes()]
            except CanvassError:
                ids = []
            self._programme_order = {pid: index for index, pid in enumerate(ids)}
        return self._programme_order

    def card(self, card: Card) -> CardBlock:
        self.card_ids.add(card.id)
        answers: list[CardAnswer] = []
        order = self._order()
        for answer in sorted(card.answers, key=lambda a: order.get(a.programme, len(order))):  # = answers_in_order
            programme = self._programme(answer.programme)
            party = programme.party if programme else answer.programme
            year = programme.year if programme else None
            if answer.silent:
                summary = answer.summary.strip() or SILENT_ANSWER
                answers.append(CardAnswer(party, year, summary, (), silent=True))
                continue
            quotes = tuple(self._quote(c.passage_id, c.quote, party, year) for c in answer.citations)
            answers.append(CardAnswer(party, year, answer.summary, quotes))
        return CardBlock(card.id, card.question, tuple(answers), card.tip, card.phrasings)

    def _quote(self, passage_id: str, quote: str, party: str, year: int | None) -> CardQuote:
        try:
            passage = self.library.corpus.passage(passage_id)
        except (KeyError, CanvassError):
            # `canvass check` reports the broken citation; the printout still names its party.
            return CardQuote(quote, SourceRef(passage_id, party, year))
        return CardQuote(quote, self.source_ref(passage))

    def topic(self, view: TopicView, level: int, skip_cards: set[str] | None = None) -> None:
        """What each programme says on a topic, who says nothing, and the topic's cards."""
        topic = view.topic
        if topic.description:
            self.blocks.append(Paragraph(topic.description, "intro"))
        if view.subtopics:
            names = ", ".join(sub.title for sub in view.subtopics)
            self.blocks.append(Paragraph(f"Mit den Unterthemen: {names}.", "meta"))
        for coverage in view.coverage:
            programme = coverage.programme
            self._programmes.setdefault(programme.id, programme)
            self.blocks.append(Heading(f"{programme.party} ({programme.year})", level))
            about = f"„{programme.title}“"
            if programme.chapter:
                about += f", Kapitel „{programme.chapter}“"
            if programme.election:
                about += f" · {programme.election}"
            self.blocks.append(Paragraph(about, "meta"))
            if coverage.says_nothing:
                # As the compare view says it: a chapter is silent only in that chapter.
                self.blocks.append(Paragraph(silent_text(programme), "silent"))
                continue
            titles = coverage.section_titles
            for index, passage in enumerate(coverage.passages):
                title = titles[index] if index < len(titles) else None
                self.blocks.append(PassageBlock(passage.full_text, self.source_ref(passage, title)))
        cards = [c for c in view.cards if not skip_cards or c.id not in skip_cards]
        if cards:
            self.blocks.append(Heading(f"Antwortkarten zu „{topic.title}“", level))
            self.blocks.extend(self.card(card) for card in cards)

    def note(self, note: Note) -> NoteBlock:
        return NoteBlock(note.text, "Notiz", note.tags)


def build_topic_summary(
    library: LibraryLike, topic_id: str, today: date | None = None
) -> Document:
    """The A4 summary of one topic: each programme's passages, silent programmes, the cards."""
    view = library.content.topic_view(topic_id)
    collector = _Collector(library)
    collector.topic(view, level=2)
    stamp = german_date(today or date.today())
    return Document(
        title=view.topic.title,
        subtitle=f"Themenübersicht · Was die Programme sagen · Stand {stamp}",
        blocks=tuple(collector.blocks),
        sources=collector.sources,
        kind="topic",
    )


def answers_in_order(library: LibraryLike, card: Card) -> list[Answer]:
    """A card's answers in the order the app and every printout show the programmes (the corpus order)."""
    try:
        ids = [p.id for p in library.corpus.programmes()]
    except CanvassError:
        ids = []
    order = {pid: index for index, pid in enumerate(ids)}
    return sorted(card.answers, key=lambda a: order.get(a.programme, len(order)))


def build_card(library: LibraryLike, card_id: str) -> Document:
    card = library.content.card(card_id)
    collector = _Collector(library)
    block = collector.card(card)
    return Document(
        title=card.question,
        subtitle="Antwortkarte",
        blocks=(block,),
        sources=collector.sources,
        kind="card",
    )


def build_briefing(
    library: LibraryLike, briefing: Briefing, layout: Layout | None = None
) -> Document:
    """A trainer's briefing in its own order; ``layout`` overrides the one saved in it.

    The pocket layout prints cards only: the cards listed in the briefing and the
    cards of its topics, each once, in briefing order.
    """
    chosen = layout or briefing.layout
    collector = _Collector(library)
    listed_cards = {item.ref for item in briefing.items if item.type == "card"}
    if briefing.intro.strip():
        collector.blocks.append(Paragraph(briefing.intro, "intro"))
    for number, item in enumerate(briefing.items, 1):
        try:
            _add_item(collector, item, listed_cards)
        except CanvassError as error:
            raise CanvassError(f"Briefing „{briefing.title}“, Eintrag {number}: {error.message}") from None
    blocks = collector.blocks
    if chosen == "pocket":
        seen: set[str] = set()
        cards: list[Block] = []
        for block in collector.blocks:
            if isinstance(block, CardBlock) and block.card_id not in seen:
                seen.add(block.card_id)
                cards.append(block)
        blocks = cards
    subtitle = "Briefing"
    if briefing.display_date:
        subtitle += f" · {briefing.display_date}"
    if chosen == "pocket":
        subtitle += " · Taschenkarten"
    return Document(
        title=briefing.title,
        subtitle=subtitle,
        blocks=tuple(blocks),
        sources=collector.sources,
        layout=chosen,
        kind="briefing",
    )


def _add_item(collector: _Collector, item: BriefingItem, listed_cards: set[str]) -> None:
    library = collector.library
    if item.type == "card":
        collector.blocks.append(collector.card(library.content.card(item.ref)))
    elif item.type == "topic":
        view = library.content.topic_view(item.ref)
        collector.blocks.append(Heading(f"Thema: {view.topic.title}", 2))
        # Cards listed on their own are printed where the trainer put them, not twice.
        collector.topic(view, level=3, skip_cards=listed_cards)
    elif item.type == "passage":
        collector.blocks.append(collector.passage(item.ref))
    elif item.type == "note":
        try:
            note = library.notes.get(item.ref)
        except KeyError:
            raise CanvassError(f"Die Notiz „{item.ref}“ gibt es nicht (mehr).") from None
        collector.blocks.append(collector.note(note))
    else:
        collector.blocks.append(NoteBlock(item.text, item.title))


def item_label(library: LibraryLike, item: BriefingItem) -> str:
    """A one-line description of a briefing item for lists (the editor, error messages)."""
    try:
        if item.type == "card":
            return library.content.card(item.ref).question
        if item.type == "topic":
            return library.content.topic(item.ref).title
        if item.type == "passage":
            passage = library.corpus.passage(item.ref)
            programme = library.corpus.programme(passage.programme_id)
            return f"{programme.party} {programme.year}: {_shorten(passage.full_text)}"
        if item.type == "note":
            return _shorten(library.notes.get(item.ref).text)
    except (KeyError, CanvassError):
        return f"{item.ref} (nicht gefunden)"
    return item.title or _shorten(item.text)


def _shorten(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
