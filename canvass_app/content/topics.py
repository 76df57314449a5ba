"""Topic assignment: headings, terms and (optionally) meaning decide, reproducibly, which topics each passage belongs to.

A passage is first placed in one or more *fields* (top-level topics), then in
the subtopics of those fields:

1. Terms. Each distinct word of the passage that a field's terms find (or the
   terms of a subtopic that may decide its field) is one vote for that field. A
   term finds the words it starts and the compound nouns it is the head of
   ("kindergarten" → "Waldkindergärten"), in the text and in headings alike; a plan
   or concept of development ("Kulturentwicklungsplan") is a word of its modifier's
   field when another field's term starts it, not of its head's.
2. Headings. The nearest heading above the passage that names a topic (its own
   section title, else the chapters above it; titles that read like sentences
   split by the importer are skipped, and so is a heading above every passage of a
   programme, its title or a running head: "Wohnen und Leben in unserer Stadt" over
   forty pledges on every field) decides its field, unless the text names
   other fields and not that one ("Schulsozialarbeit" under "Soziale Stadt").
   A heading's word one letter left out or doubled off a long section term
   ("Stadtenwicklung", "Stadteile") is read as that term's word.
   Of several fields a heading names, those the text speaks for are kept (when it
   speaks for none, with meaning the nearest of them); a heading naming three or more
   only leans. The chapter a bundled programme is
   ("Wirtschaft") always decides. A heading the importer left in the text (a few words
   ending in a colon or an ampersand: "Bildung für alle:", "UMWELT &") is a heading of its
   own words, not a passage of its section's field, and the nearest heading of the
   paragraphs after it, or of the list it introduces.
3. Meaning (optional). With an embedder, the field nearest in meaning to the
   passage gets one more vote when it leads the next field by a clear margin and
   the text names it (meaning confirms a word, it invents no vote);
   a field the text names only once is kept only when its score lies close
   behind the passage's nearest (relative, not an absolute cosine); a field a
   heading decided that the text hardly names and meaning puts far away is not
   decided by the heading (a word of another sense: "Pflege von Wanderwegen"),
   though when meaning puts the fallback nearest the heading stands unless the
   fallback leads clearly (a sign-off under the last chapter); and text naming
   another field overrides a heading only when meaning does not put the
   heading's field nearer, close behind the nearest, and that field far behind
   ("Künstliche Intelligenz" under "Wirtschaft").
   When meaning doubts every field the text names, the nearest of those the text
   names at all (a common word included) is kept.
   A passage nothing else places goes to its nearest field (or, close behind it, the
   nearest of the fields an overview of many names most, else of the fields it names at
   all, or else the
   one field that words too common to vote name), unless the
   fallback's own examples (greetings, calls to vote) are nearer or it is a
   slogan of a few words. Without an embedder, nothing changes.
4. Besides the fields decided, a field with two votes is taken unless another
   field dominates the passage (then it is a mention in passing); a field a
   heading decided dominates with the heading's weight on top of its words, so
   a second field needs about as much evidence as the first. At most
   ``MAX_FIELDS`` fields are taken. With no decision, the fields with the most
   votes are taken, even with one (of several, meaning takes the nearest; without
   it, those named by terms about as specific as the most specific one).
5. Entries of a listing (candidates with their professions, told by structure,
   see :func:`listing_passages`) get no topic of their own.
6. The programme's opening (its first section with text, before at least two more;
   when that is a few words, a title page, under no heading or a masthead's, the section after it too, unless that
   is a list of pledges continuing its title; and wherever it stands, a section titled the preface, "Präambel") under
   no heading that names a field is a greeting or a portrait of the town and the times: there only a field the text names twice places a passage; single
   mentions and meaning do not, except in an item of a list (a point of its own).

Inside each field chosen, the subtopics whose own terms or headings match are
assigned; if none does, the field's own fallback subtopic or the field itself.
A passage no signal places gets the top-level fallback topic. Overrides
(shipped, then a trainer's) are applied last. tests/bench/bench_topics.py
measures all this against hand labels of real programmes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from canvass_app.content.meaning import EmbedderMeaning, Nearness
from canvass_app.content.model import Override, Topic
from canvass_app.content.rules import (
    FoldedText,
    RuleError,
    TermIndex,
    any_term_matches,
    compile_term,
    fold,
)
from canvass_app.corpus.model import Passage, Programme, Section

# Votes a field needs from the passage text when a heading already placed the passage.
TEXT_VOTES = 2
# A field with fewer votes than this share of the strongest field's is a passing mention.
PASSING = 0.67
# A long passage touches many fields in passing: besides the fields decided, a field needs a
# vote for every so many words, and to override a heading, one for every so many words.
WORDS_PER_VOTE = 40.0
OVERRIDE_WORDS = 40.0
# At most this many fields for one passage; single mentions of this many fields or more
# (before meaning picks among them) are an overview, which the fallback holds.
MAX_FIELDS = 3
OVERVIEW_FIELDS = 4
# What a heading that decides a field is worth, in votes, against a second field.
HEADING_WEIGHT = 2.0
# What a field's common word is worth when it votes through a subtopic.
WEAK_VOTE = 0.5
# A heading naming this many fields or more only leans towards them (one vote each).
BROAD_HEADING = 3
# Titles of more words than this are taken for sentences, not headings.
SHORT_HEADING = 8
# A heading's word that starts like a section term of at least this many letters but for one
# letter left out or doubled ("Stadtenwicklung", "Stadteile", "Städteplanung") is that term's
# word: a slip of the typist, not another word. Shorter terms are too near other words
# ("Kunst" and "günstig", "Grünen" and "gründen").
TYPO_LETTERS = 8
# With meaning (scores measured from the centre of the topic texts, see meaning.rank_fields):
# votes that make a field sure without it, how far behind the nearest a weaker field may
# lie, the lead that earns the nearest field a vote, and the lead the nearest field needs
# to place a passage no heading or term places (any: the fallback competes in meaning).
SURE_VOTES = 2
NEAR_MARGIN = 0.1
MEANING_VOTE = 1.0
VOTE_MARGIN = 0.08
MARGIN = 0.0
# A heading decides no field that meaning puts this far behind the nearest and the text hardly names.
# Meaning ranks the fields of one municipal text close together (a field a tenth behind is
# often right: "Verwaltung" over a passage on digital appointments); a word of another
# sense lies further off. Chosen on the tuned and DEV programmes (0.06 to 0.15 tried).
HEADING_DOUBT = 0.13
# Of the fields a heading names when the text names none of them, meaning keeps the nearest
# and those it ranks as good as tied with it (a hundredth behind at most): "Bahnhofsmission
# reaktivieren" under "Kultur, Sport & Soziales" is about one of them, not all three.
# Measured on BLIND..BLIND7 (0, 0.01, 0.02, 0.03, 0.05 tried; 0.01 the only one lowering
# the wrong share without lowering the right one).
HEADING_TIE = 0.01
# Meaning alone places no passage of fewer words (a photo credit, a slogan: "Zusammen geht es besser.").
MEANING_WORDS = 5
# Without meaning, of fields tied on single mentions, those whose longest term is at most
# this many letters shorter than the longest (0 to 4 tried on the tuned and DEV programmes:
# 2 is best there, 4 the only one that makes no held-out group worse).
SPECIFIC_LETTERS = 4
# Sections that must follow the first for it to be the programme's opening.
OPENING_BEFORE = 2
# The first section's text is a title page (a date, the party's address, under no heading or
# a masthead's) up to this many words; longer, it is the preface itself (paragraphs of greeting and
# record), and the section after it is the first chapter, not more of the opening.
TITLE_PAGE_WORDS = 40
# A heading above every passage of a programme of this many passages or more is its title
# (or a running head), not a chapter: no passage sits under it.
TITLE_PASSAGES = 10
# A section under no heading that names a field ("Infrastruktur", "Wir wollen") whose
# passages mostly share one field is a list on that field: of at least LIST_PASSAGES
# passages, at least this share placed in the same field by their own text.
LIST_PASSAGES = 4
LIST_SHARE = 0.5
_WORD = re.compile(r"\w+")
# A section its title calls the preface ("Präambel", "1. Vorwort", "Vorwort des Kreisvorsitzenden",
# "Einleitung", "Grußwort") opens the programme wherever it stands (after a title page of
# paragraphs, say): greeting and record, not pledges of the fields it names in passing.
_PREFACE = re.compile(
    r"^(?:[\divx]{1,4}[.)]?\s*)?(?:praambel|vorwort|einleitung|grusswort|geleitwort)(?:\s+(?:des|der|zur|zum)\b.*)?$"
)


class Meaning(Protocol):
    """The meaning signal: fields ranked by nearness for each passage, None where unknown.

    :class:`canvass_app.content.meaning.StoredMeaning` reads the passage vectors the
    search stores; ``state`` changes when a programme's vectors do, so a cached
    assignment is redone once its vectors arrive.
    """

    def nearness(self, taxonomy: Taxonomy, passages: Sequence[PassageContext]) -> list[Nearness | None]: ...

    def state(self, programme_id: str) -> tuple[str, int]: ...


@dataclass(frozen=True)
class PassageContext:
    """A passage with what its rules are matched against, folded once."""

    passage: Passage
    programme: Programme
    section_title: str
    folded_text: FoldedText
    folded_section: FoldedText
    # Headings above the passage, nearest first: its section, then the chapters above it.
    folded_headings: tuple[FoldedText, ...] = ()
    # The chapter a programme is (bundled chapters), or None.
    folded_chapter: FoldedText | None = None
    # An entry of a listing (candidates: name, profession): no topic, whatever words it has.
    listing: bool = False
    # In the programme's opening: its first section with text, when two more follow, and
    # when that one is text under no heading (a title page), the first section after it.
    opening: bool = False
    # The heading line of the text (see :func:`heading_line`) nearest above the passage in its
    # section, or the passage itself when it is one; and whether it is.
    folded_line: FoldedText | None = None
    is_line: bool = False

    @property
    def headings(self) -> tuple[FoldedText, ...]:
        """Every heading that may place the passage, nearest first: a heading line above it in
        its section, its section's, then the chapters'. A heading line itself has only its own
        words: it is a heading, not a passage under its section's."""
        if self.is_line:
            return (self.folded_text,)
        if self.folded_line is not None:
            return (self.folded_line, *self.folded_headings)
        return self.folded_headings


def _section_parent(section: Section, by_id: Mapping[str, Section]) -> Section | None:
    # Sections may carry their parent as an ID or as the Section itself (the
    # structurer is gaining this); older sections have none.
    parent = getattr(section, "parent", None)
    if isinstance(parent, str):
        return by_id.get(parent)
    if isinstance(parent, Section):
        return parent
    return None


def heading_chain(programme: Programme) -> dict[str, tuple[str, ...]]:
    """Section ID → titles of that section and the chapters above it, nearest first."""
    by_id = {s.id: s for s in programme.sections}
    chains: dict[str, tuple[str, ...]] = {}
    # Sections with a level but no parent: the nearest earlier section of a smaller
    # level is the chapter above.
    open_levels: list[Section] = []
    for section in programme.sections:
        titles = [section.title]
        parent = _section_parent(section, by_id)
        level = getattr(section, "level", None)
        if parent is None and isinstance(level, int):
            while open_levels and getattr(open_levels[-1], "level", 0) >= level:
                open_levels.pop()
            above = [s.title for s in reversed(open_levels)]
            open_levels.append(section)
            titles.extend(above)
        seen = {section.id}
        while parent is not None and parent.id not in seen:
            seen.add(parent.id)
            titles.append(parent.title)
            parent = _section_parent(parent, by_id)
        chains[section.id] = tuple(t for t in titles if t and t.strip())
    return chains


def looks_like_heading(title: str) -> bool:
    """A few words starting with a capital or a number: a heading, not a sentence the importer split.

    Text pasted from PDFs wraps sentences into short lines, and an importer can
    take such a line ("Wohnungsbaus", "Die Mitarbeitenden des künftigen
    Flugfeldklinikums benötigen dringend bezahlbaren") for a heading; trusting
    it would file every passage below under that heading's field.
    """
    words = title.split()
    if not words or len(words) > SHORT_HEADING:
        return False
    first = title.lstrip(" \t\"'„“‚‘»«([-–•*").strip()
    return bool(first) and (first[0].isupper() or first[0].isdigit())


# A listing (candidates, credits, contacts): at least this many entries in a row, each
# under a short title of its own with at most this many words of text, or each a
# short line naming a person or thing with a number (age, year, place on the list).
LISTING_RUN = 3
LISTING_WORDS = 8
ENTRY_WORDS = 14
_ENTRY = re.compile(
    r"^(?:\d{1,3}[.):]?\s+)?(?:(?:Dr|Prof|Dipl)\.(?:-\w+\.?)?\s+)*"
    r"[A-ZÄÖÜ][\w'’.-]*(?:\s+[A-ZÄÖÜ][\w'’.-]*){1,3}\s*[,(–|/]"
)
_SENTENCE_INSIDE = re.compile(r"[a-zäöüß]{3}[.!?]\s+\w")


def _tiny_section(section: Section) -> bool:
    """A short title over a line or two: how a list of candidates (name, profession) reads once imported."""
    title = section.title.strip()
    if not title or len(title.split()) > 5 or title.endswith((".", "!", "?", ":")):
        return False
    words = sum(len(p.full_text.split()) for p in section.passages)
    return 0 < words <= LISTING_WORDS and len(section.passages) <= 2


def _entry(passage: Passage) -> bool:
    """"Anna Beispiel, 45, Erzieherin": a short line that starts with a name and carries a number."""
    text = passage.full_text.strip()
    return (
        len(text.split()) <= ENTRY_WORDS
        and bool(re.search(r"\d", text))
        and _ENTRY.match(text) is not None
        and _SENTENCE_INSIDE.search(text) is None
    )


def listing_passages(programme: Programme) -> set[str]:
    """IDs of passages that are entries of a listing, not statements: they get no topic.

    Told by structure alone, never by names: a run of sections that are each a
    short title over a few words of text, or a run of short entry lines that start
    with capitalised words, then a comma, and hold a number. Whether a title
    names a field is the assignment's to judge: an entry under "Mobilität" (a
    programme of one line a heading) keeps its topics.
    """
    found: set[str] = set()
    run: list[Section] = []

    def close_sections() -> None:
        if len(run) >= LISTING_RUN:
            found.update(p.id for section in run for p in section.passages)
        run.clear()

    for section in programme.sections:
        if not section.passages:
            continue  # "Platz 7" over nothing: neither part of a run nor its end
        if _tiny_section(section):
            run.append(section)
        else:
            close_sections()
    close_sections()
    entries: list[Passage] = []
    for passage in programme.passages():
        if _entry(passage):
            entries.append(passage)
            continue
        if len(entries) >= LISTING_RUN:
            found.update(p.id for p in entries)
        entries = []
    if len(entries) >= LISTING_RUN:
        found.update(p.id for p in entries)
    return found


def _title_headings(programme: Programme, chains: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Titles above every passage of a programme of TITLE_PASSAGES or more: its title or a running head.

    "Wohnen und Leben in unserer Stadt" over a whole programme of forty pledges is its
    name, not a chapter on housing; an importer also makes a running head or the last
    line of a title page into a heading over all that follows.
    """
    with_text = [s for s in programme.sections if s.passages]
    if sum(len(s.passages) for s in with_text) < TITLE_PASSAGES:
        return set()
    common: set[str] | None = None
    for section in with_text:
        titles = set(chains.get(section.id, (section.title,)))
        common = titles if common is None else common & titles
        if not common:
            return set()
    return common or set()


def heading_line(text: str) -> bool:
    """A passage that is a heading the importer left in the text: a few words that end in a
    colon or an ampersand, no sentence ("Bildung für alle:", "Gleichzeitig gilt für uns:", and
    "UMWELT &", the first line of a heading cut at its line break)."""
    stripped = text.strip()
    return stripped.endswith((":", "&")) and looks_like_heading(stripped)


def slogan_line(text: str) -> bool:
    """A few words ending in an exclamation mark, no sentence inside ("Menschenrecht für jede und
    jeden!", "Angebote flächendeckend und gebührenfrei!"): a slogan that heads what follows, most
    often the second half of its section's title. Its own words decide it where they name a field as
    a heading would, else its section's heading; its vector says little, so meaning does not take
    back the field so decided (one word of it would then place it)."""
    stripped = text.strip()
    return stripped.endswith("!") and looks_like_heading(stripped) and _SENTENCE_INSIDE.search(stripped) is None


def list_item(passage: Passage) -> bool:
    """An item of a list: introduced by a paragraph ending in a colon, or continuing a lead-in's
    sentence (starting with a small letter: "Wir wollen:" … "die Südbahn aktivieren")."""
    return bool(passage.intro) or passage.full_text.strip()[:1].islower()


def preface_title(title: str) -> bool:
    """Whether a section's title calls it the preface ("1. Präambel", "Vorwort des Kreisvorsitzenden"),
    not a chapter that merely starts with such a word ("Einführung eines Bürgerhaushalts")."""
    return _PREFACE.match(fold(title).strip(" \t:.")) is not None


def _continued(section: Section) -> bool:
    """Whether most of a section's passages continue its title's sentence ("Wir wollen…" over
    "zügig ein Klimaschutzkonzept entwickeln."): a list of pledges, no preface."""
    continued = sum(1 for p in section.passages if p.full_text.strip()[:1].islower())
    return 2 * continued > len(section.passages)


def _headings_of(section: Section, chains: Mapping[str, tuple[str, ...]], title: set[str]) -> tuple[FoldedText, ...]:
    """The headings a section's passages sit under, nearest first: no sentence split into a title, no programme title."""
    titles = chains.get(section.id, (section.title,))
    return tuple(FoldedText.of(t) for t in titles if looks_like_heading(t) and t not in title)


def contexts(programmes: Iterable[Programme]) -> list[PassageContext]:
    result: list[PassageContext] = []
    for programme in programmes:
        chains = heading_chain(programme)
        chapter = FoldedText.of(programme.chapter) if programme.chapter.strip() else None
        listing = listing_passages(programme)
        title = _title_headings(programme, chains)
        # The first section with text opens the programme when at least OPENING_BEFORE
        # more follow (a programme of one or two sections has no opening to tell apart).
        # A first section of a few words is a title page ("Am 9. Juni ist Wahltag.", the party's
        # address, a newspaper's masthead "BÜTZOWER BOTE" over its subtitle): the section after
        # it, the preface, opens too, unless it is a list of pledges ("Wir wollen…" over "zügig
        # ein Klimaschutzkonzept entwickeln."). A first section of more than TITLE_PAGE_WORDS is
        # that preface, and opens alone.
        with_text = [s for s in programme.sections if s.passages]
        opening_ids: set[str] = set()
        if len(with_text) > OPENING_BEFORE:
            opening_ids.add(with_text[0].id)
            title_page = sum(len(p.full_text.split()) for p in with_text[0].passages) <= TITLE_PAGE_WORDS
            if title_page and len(with_text) > OPENING_BEFORE + 1 and not _continued(with_text[1]):
                opening_ids.add(with_text[1].id)
            # A section titled the preface opens wherever it stands.
            opening_ids.update(s.id for s in with_text if preface_title(s.title))
        for section in programme.sections:
            folded_section = FoldedText.of(section.title)
            headings = _headings_of(section, chains, title)
            # A heading line in the text heads the passages after it in its section: the list
            # it introduces, or, when it introduces none, the paragraphs after it. What follows
            # the list it introduced is no longer its own (a closing paragraph).
            line: FoldedText | None = None
            line_id = ""
            listed = False
            for passage in section.passages:
                folded_text = FoldedText.of(passage.full_text)
                is_line = heading_line(passage.full_text)
                if is_line:
                    line, line_id, listed = folded_text, passage.id, False
                elif line is not None:
                    if passage.intro == line_id:
                        listed = True
                    elif listed:
                        line = None
                result.append(
                    PassageContext(
                        passage=passage,
                        programme=programme,
                        section_title=section.title,
                        folded_text=folded_text,
                        folded_section=folded_section,
                        folded_headings=headings,
                        folded_chapter=chapter,
                        listing=passage.id in listing,
                        opening=section.id in opening_ids,
                        folded_line=line,
                        is_line=is_line,
                    )
                )
    return result


def rule_matches(topic: Topic, context: PassageContext) -> bool:
    """True when a topic's own rules (terms, or section terms on any heading) pick this passage."""
    if any_term_matches(topic.exclude, context.folded_text):
        return False
    if any_term_matches((*topic.terms, *topic.context_terms), context.folded_text):
        return True
    headings = context.headings or (context.folded_section,)
    if context.folded_chapter is not None:
        headings = (*headings, context.folded_chapter)
    return any(any_term_matches(topic.section_terms, h) for h in headings)


class Taxonomy:
    """The topic tree prepared for assignment: fields, families, fallbacks, term indexes."""

    def __init__(self, topics: Sequence[Topic]) -> None:
        self.topics = list(topics)
        self.by_id = {t.id: t for t in topics}
        self.order = {t.id: i for i, t in enumerate(topics)}
        self.field_of: dict[str, str] = {}
        for topic in topics:
            current, seen = topic, {topic.id}
            while current.parent and current.parent in self.by_id and current.parent not in seen:
                seen.add(current.parent)
                current = self.by_id[current.parent]
            self.field_of[topic.id] = current.id
        self.fields = [t.id for t in topics if self.field_of[t.id] == t.id and not t.fallback]
        self.global_fallbacks = [t.id for t in topics if t.fallback and not t.parent]
        self.members: dict[str, list[Topic]] = {f: [] for f in self.fields}
        self.field_fallback: dict[str, str] = {}
        for topic in topics:
            field = self.field_of[topic.id]
            if field not in self.members or topic.id == field:
                continue
            if topic.fallback:
                self.field_fallback.setdefault(field, topic.id)
            else:
                self.members[field].append(topic)
        # Term source → topics it votes for / finds / excludes / names in a heading.
        self.voting: dict[str, list[str]] = {}
        self.finding: dict[str, list[str]] = {}
        self.excluding: dict[str, list[str]] = {}
        self.heading: dict[str, list[str]] = {}
        # A word a field calls too common to vote ("Innenstadt" for Stadtentwicklung)
        # is half a vote through one of its subtopics: enough when nothing else
        # speaks, too little against a field the text names ("vom Autoverkehr").
        self.weak_voting: dict[str, list[str]] = {}
        common: dict[str, set[str]] = {}
        for topic in topics:
            if self.field_of[topic.id] == topic.id:
                common[topic.id] = {fold(t.strip().lstrip("*=")) for t in topic.context_terms}
        for topic in topics:
            if topic.fallback:
                continue
            field = self.field_of[topic.id]
            for term in topic.terms:
                self.finding.setdefault(term, []).append(topic.id)
                if field == topic.id or topic.decides_field:
                    if field != topic.id and fold(term.strip().lstrip("*=")) in common.get(field, set()):
                        self.weak_voting.setdefault(term, []).append(topic.id)
                    else:
                        self.voting.setdefault(term, []).append(topic.id)
            for term in topic.context_terms:
                self.finding.setdefault(term, []).append(topic.id)
            for term in topic.exclude:
                self.excluding.setdefault(term, []).append(topic.id)
            for term in topic.section_terms:
                self.heading.setdefault(term, []).append(topic.id)
        self.term_length = {source: _term_length(source) for source in self.voting}
        self.text_index = TermIndex([*self.finding, *self.excluding], heads=True)
        self.heading_index = TermIndex([*self.heading, *self.excluding], heads=True)
        self.heading_length = {source: _term_length(source) for source in self.heading}
        # The words of long single-word section terms a heading's slip of one letter is mended to.
        self.heading_words = sorted(
            {
                word
                for source in self.heading
                if not source.strip().startswith("=")
                and " " not in (word := _term_word(source)[0])
                and len(word) >= TYPO_LETTERS
                and word.isalpha()
            }
        )

    def field_text(self, field: str) -> str:
        """Title, description and examples of a field and its subtopics: what meaning compares with."""
        parts: list[str] = []
        for topic in [self.by_id[field], *self.members[field]]:
            parts.append(topic.title)
            if topic.description:
                parts.append(topic.description)
            parts.extend(topic.examples)
        return ". ".join(parts)

    def heading_topics(self, heading: FoldedText) -> set[str]:
        """Topics a heading names; of terms of several fields finding one word, the longest's.

        "Förderung des Schülerverkehrs" names traffic ("*verkehr") more than
        school ("schul"): the word is a kind of traffic.
        """
        found = self.heading_index.matched_words(heading)
        mended = self._mended(heading, found)
        if mended is not None:
            heading = mended
            found = self.heading_index.matched_words(heading)
        # A topic's exclusions hold for headings too: "Sportvereine" is no heading of
        # Ehrenamt, whose terms exclude it, though "vereine" is its compound's head.
        cancelled: dict[str, set[str]] = {}
        for source in found:
            for topic_id in self.excluding.get(source, ()):
                cancelled.setdefault(topic_id, set()).update(_covered_words(source, heading))
        named: list[tuple[str, str, set[str]]] = []
        for source, words in found.items():
            for topic_id in self.heading.get(source, ()):
                gone = cancelled.get(topic_id, set()) | cancelled.get(self.field_of[topic_id], set())
                kept = words
                if gone:
                    phrase = source in words and len(words) == 1
                    kept = set() if phrase and _covered_words(source, heading) <= gone else words - gone
                if kept:
                    named.append((source, topic_id, kept))
        best: dict[str, int] = {}
        for source, _topic, words in named:
            for word in words:
                best[word] = max(best.get(word, 0), self.heading_length[source])
        return {
            topic_id
            for source, topic_id, words in named
            if any(self.heading_length[source] >= best[w] for w in words)
        }


    def _mended(self, heading: FoldedText, found: Mapping[str, set[str]]) -> FoldedText | None:
        """The heading with each word no term finds but a long section term's word would, but for one
        letter left out or doubled, spelled as that term ("stadtenwicklung" → "stadtentwicklung"); None
        when there is no such slip."""
        covered = {w for words in found.values() for w in words}
        fixes: dict[str, str] = {}
        for word in heading.words:
            if word in covered or len(word) < TYPO_LETTERS - 1:
                continue
            for term in self.heading_words:
                if word.startswith(term):
                    continue
                fixed = _slip(word, term)
                if fixed is not None:
                    fixes[word] = fixed
                    break
        if not fixes:
            return None
        text = _WORD.sub(lambda m: fixes.get(m.group(0), m.group(0)), heading.text)
        return FoldedText(
            text,
            tuple(sorted({fixes.get(w, w) for w in heading.words})),
            heading.capitalised | {fixes[w] for w in fixes if w in heading.capitalised},
            heading.completions,
        )


def _slip(word: str, term: str) -> str | None:
    """The word spelled with the term as its start, when it starts with the term but for one letter
    inside it left out ("stadteile" for "stadtteil…") or one letter too many ("stadteplanung" for
    "stadtplanung"). A word sharing all the term but its last letter is another word ("stadttei-ch")."""
    n = len(term)
    head = word[: n - 1]
    if len(head) == n - 1 and any(term[:i] + term[i + 1 :] == head for i in range(1, n - 1)):
        return term + word[n - 1 :]
    head = word[: n + 1]
    if len(head) == n + 1 and any(head[:i] + head[i + 1 :] == term for i in range(1, n)):
        return term + word[n + 1 :]
    return None


def _term_length(source: str) -> int:
    """Letters a term spells out: the longer, the more specific its match."""
    return len(re.sub(r"\W", "", fold(source)))


_ENDINGS = ("es", "en", "er", "em", "e", "s", "n")
# Feminine forms: "Besucherinnen und Besucher" names one group, one vote.
_FEMININE = ("innen", "in")


# Heads that name a plan or a concept of some development, whose field is their modifier's.
_GENERIC_HEAD = re.compile(r"entwicklungs(plan|konzept)")


@functools.cache
def _term_word(source: str) -> tuple[str, bool]:
    """The folded letters a term starts with (a compound it finds elsewhere has it as head),
    and whether they name a plan or concept of development (:data:`_GENERIC_HEAD`)."""
    lead = fold(source).lstrip("*=").strip()
    return lead, _GENERIC_HEAD.match(lead) is not None


def _stem(word: str) -> str:
    """A folded word without its inflectional ending, so inflections of one word count once.

    An adjective made of a noun by "-lich" or "-isch" is the noun's word ("ehrenamtliche"
    and "Ehrenamt" are one vote, not a field named twice).
    """
    for ending in _FEMININE:
        if word.endswith(ending) and word[: -len(ending)].endswith("er") and len(word) - len(ending) >= 5:
            word = word[: -len(ending)]
            break
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            word = word[: -len(ending)]
            break
    for suffix in ("lich", "isch"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            return word[: -len(suffix)]
    return word


def _covered_words(source: str, folded: FoldedText) -> set[str]:
    """The words of the text a term's matches cover (a phrase: every word it spans)."""
    try:
        term = compile_term(source)
    except RuleError:
        return set()
    if term.kind == "infix":
        return {w for w in folded.words if term.word in w}
    if term.kind in ("prefix", "whole"):
        return {w for w in folded.words if (w == term.word if term.kind == "whole" else w.startswith(term.word))}
    text = folded.text
    covered: set[str] = set()
    for match in term.pattern.finditer(text):
        end = match.end()
        while end < len(text) and (text[end].isalnum() or text[end] == "_"):
            end += 1
        covered.update(_WORD.findall(text[match.start() : end]))
    return covered


def _assign_one(
    taxonomy: Taxonomy,
    context: PassageContext,
    near: Nearness | None,
    heading_cache: dict[str, set[str]],
    list_field: str | None = None,
) -> set[str]:
    folded = context.folded_text
    matched = taxonomy.text_index.matched_words(folded)
    # An exclusion cancels the words it covers for the topics it names
    # ("Versorgungssicherheit" is no word for "Sicherheit"); the rest of the
    # passage still speaks for them.
    cancelled: dict[str, set[str]] = {}
    for source in matched:
        for topic_id in taxonomy.excluding.get(source, ()):
            cancelled.setdefault(topic_id, set()).update(_covered_words(source, folded))

    def evidence(source: str, text_words: set[str], topic_id: str) -> set[str]:
        gone = cancelled.get(topic_id, set()) | cancelled.get(taxonomy.field_of[topic_id], set())
        if not gone:
            return text_words
        if source in text_words:  # a phrase: cancelled when an exclusion covers all of it
            return set() if _covered_words(source, folded) <= gone else text_words
        return text_words - gone

    found: set[str] = set()
    # Votes are the distinct words of the text a field's terms found: "Innenstadt"
    # matched by "innenstadt" and "*innenstadt" is one vote, "klimaneutral" and
    # "Klimawandel" are two.
    words: dict[str, set[str]] = {}
    weak: dict[str, set[str]] = {}
    # Text word → field → the longest term of that field that found it.
    longest: dict[str, dict[str, int]] = {}
    at_start: set[tuple[str, str]] = set()
    generic_head: set[tuple[str, str]] = set()
    for source, text_words in matched.items():
        for topic_id in taxonomy.finding.get(source, ()):
            if evidence(source, text_words, topic_id):
                found.add(topic_id)
        for topic_id in taxonomy.voting.get(source, ()):
            kept = evidence(source, text_words, topic_id)
            if kept:
                field = taxonomy.field_of[topic_id]
                words.setdefault(field, set()).update(kept)
                length = taxonomy.term_length[source]
                lead, generic = _term_word(source)
                for word in kept:
                    if word.startswith(lead):
                        at_start.add((word, field))
                    elif generic:
                        generic_head.add((word, field))
                    lengths = longest.setdefault(word, {})
                    lengths[field] = max(lengths.get(field, 0), length)
        for topic_id in taxonomy.weak_voting.get(source, ()):
            kept = evidence(source, text_words, topic_id)
            if kept:
                weak.setdefault(taxonomy.field_of[topic_id], set()).update(kept)
    # One word found by terms of several fields votes for the field whose term
    # covers most of it: "Interkulturelles" is "interkultur" (Migration) more than
    # "*kultur" (Kultur). Equally long terms keep all their fields.
    for word, by_field in longest.items():
        if len(by_field) < 2:
            continue
        # A compound found by one field's term at its start and by another's only as its
        # head is a thing of its modifier's field when the head is a plan of some
        # development ("Kulturentwicklungsplan": a plan of Kultur, not of Stadtentwicklung).
        starting = {f for f in by_field if (word, f) in at_start}
        if starting and len(starting) < len(by_field) and all((word, f) in generic_head for f in by_field if f not in starting):
            for field in by_field:
                if field not in starting:
                    words[field].discard(word)
            continue
        top_length = max(by_field.values())
        for field, length in by_field.items():
            if length < top_length:
                words[field].discard(word)
    votes: dict[str, float] = {f: 0.0 for f in taxonomy.fields}
    for field in votes:
        # One word in two inflections ("Industriegebiet", "Industriegebietes") is one vote.
        strong_words = {_stem(w) for w in words.get(field, ())}
        weak_words = {_stem(w) for w in weak.get(field, ())} - strong_words
        votes[field] = len(strong_words) + WEAK_VOTE * len(weak_words)
    words_count = len(folded.text.split())
    named = {f for f, v in votes.items() if v > 0}
    if near is not None and near.nearest in named and near.confident(VOTE_MARGIN) and words_count >= MEANING_WORDS:
        # Meaning votes once, for the nearest field, when it clearly leads the next and
        # the text names it (not for a slogan of a few words, whose vector says little):
        # a vote of its own would tie a field the text does not name with one it does.
        votes[near.nearest] += MEANING_VOTE

    def topics_of_heading(heading: FoldedText) -> set[str]:
        cached = heading_cache.get(heading.text)
        if cached is None:
            cached = heading_cache[heading.text] = taxonomy.heading_topics(heading)
        return cached

    # Headings: the nearest that names a topic decides; the chapter always counts.
    heading_topics: set[str] = set()
    slogan = slogan_line(context.passage.full_text)
    # A slogan is a heading of what follows: what its own words name as a heading would decides
    # it ("Wohnen muss für alle bezahlbar werden!" at the end of the section before), else its
    # section's heading does.
    for heading in (folded, *context.headings) if slogan else context.headings:
        heading_topics = topics_of_heading(heading)
        if heading_topics:
            break
    if not heading_topics and list_field is not None:
        # The field most of the section's passages are about stands for the heading the
        # list lacks: a terse pledge of it whose own words say little is on its field.
        heading_topics = {taxonomy.field_fallback.get(list_field, list_field)}
    if context.listing and not topics_of_heading(context.folded_section):
        # An entry of a listing ("Angestellte im Gesundheitswesen" under a
        # candidate's name) states no position, whatever its words.
        return set()
    heading_fields = {taxonomy.field_of[t] for t in heading_topics} & set(votes)
    decided: set[str] = set()
    # Fields a heading decided that meaning took back (a word of another sense).
    doubted: set[str] = set()
    if len(heading_fields) > 1:
        # "Ordnung, Sicherheit und Sauberkeit": of the fields a heading names,
        # those the text speaks for; all of them only if it speaks for none. A field the
        # text names in passing beside another it speaks for at length is a mention
        # ("Wirtschaft, Energie und Arbeit" over four words of economy and one of energy).
        most = max(votes[f] for f in heading_fields)
        spoken = {f for f in heading_fields if votes[f] >= max(1.0, PASSING * most)}
        if not spoken and near is not None:
            # The text names none of them ("Bahnhofsmission reaktivieren" under "Kultur,
            # Sport & Soziales"): the passage is about one of them, the nearest in meaning.
            best = min(near.behind(f) for f in heading_fields)
            spoken = {f for f in heading_fields if near.behind(f) <= best + HEADING_TIE}
        if spoken:
            heading_fields = spoken
            heading_topics = {t for t in heading_topics if taxonomy.field_of[t] in spoken}
    if len(heading_fields) >= BROAD_HEADING:
        # A heading naming many fields only leans: towards those the text names
        # too, or, when the text names no field at all, towards all of them.
        if not any(votes.values()):
            decided |= heading_fields
        for field in heading_fields:
            if votes[field] >= 1:
                votes[field] += 1
    elif heading_fields:
        # Text that speaks for other fields and not at all for the heading's
        # overrides it ("Schulsozialarbeit" under "Soziale Stadt").
        strongest = max(votes.values(), default=0.0)
        # With meaning, the text overrides the heading only when meaning agrees: a field
        # it names that lies nearer than the heading's ("Künstliche Intelligenz" under
        # "Wirtschaft" is the economy's, "Schulsozialarbeit" under "Soziale Stadt" school).
        # Meaning agrees only when it puts the heading's field close behind its nearest: far
        # from both ("fußgängerfreundliche Gemeinden" under "Bildung und Kultur"), it speaks for neither.
        overriders = [f for f, v in votes.items() if v >= 1]
        heading_nearer = near is not None and bool(overriders) and (
            min(near.rank(f) for f in heading_fields) < min(near.rank(f) for f in overriders)
            and min(near.behind(f) for f in overriders) > NEAR_MARGIN
            and min(near.behind(f) for f in heading_fields) <= NEAR_MARGIN
        )
        if (
            any(votes[f] >= 1 for f in heading_fields)
            or strongest < max(1.0, len(folded.text.split()) / OVERRIDE_WORDS)
            or heading_nearer
        ):
            decided |= heading_fields
        else:
            heading_topics = set()
    if near is not None and decided and not slogan:
        # A heading's word can mean something else ("Pflege von Wanderwegen" is no
        # care for the old): a field the heading decided that the text hardly names
        # and meaning puts far from the passage is not decided by it.
        # When meaning doubts every field the heading decided and puts the fallback nearest,
        # the heading stands (to meaning a terse pledge can read like a greeting), unless the
        # fallback leads clearly: a sign-off under the last chapter ("Das sind unsere Ziele
        # für die Gemeinde. Denn wir sind da!") is about no field.
        doubted = {f for f in decided if votes[f] < SURE_VOTES and near.behind(f) > HEADING_DOUBT}
        if not doubted or (doubted == decided and near.nearest not in votes and not near.confident(VOTE_MARGIN)):
            doubted = set()
        else:
            decided -= doubted
            heading_topics = {t for t in heading_topics if taxonomy.field_of[t] not in doubted}
    if context.folded_chapter is not None:
        chapter_topics = topics_of_heading(context.folded_chapter)
        decided |= {taxonomy.field_of[t] for t in chapter_topics} & set(votes)
    under_field = any(topics_of_heading(h) for h in context.headings)
    if (
        context.opening
        and not under_field
        and not decided
        and max(votes.values(), default=0.0) < TEXT_VOTES
        and not list_item(context.passage)
    ):
        # The programme's opening (its first sections, a title page and a preface, under no
        # heading that names a field): a greeting, a portrait of the town or the times,
        # which names fields in passing. Only a field the text names twice places it;
        # meaning does not (it finds some field nearest). An item of a list there is a point
        # of its own ("Wir wollen:" over "die Arbeit der Gleichstellungsbeauftragten
        # unterstützen", "Fragen wie:" over "die wirtschaftliche Entwicklung,"), placed as
        # anywhere else.
        return set()
    # A field the text names twice counts, unless another field dominates the
    # passage so much that the mention is in passing. A field a heading decided
    # dominates with the heading's weight on top of its words: beside it, a second
    # field needs about as much evidence as the heading and the text together give
    # the first, not one incidental word more than nothing.
    top = max(votes.values(), default=0.0)
    backed = max((votes[f] + HEADING_WEIGHT for f in decided), default=0.0)
    length = len(folded.text.split())
    enough = max(TEXT_VOTES, max(top, backed) * PASSING, length / WORDS_PER_VOTE)
    strong = [f for f, v in votes.items() if v >= enough and f not in decided]
    # Few passages are about more than a few fields at once; of more candidates the
    # best evidenced (then the nearest in meaning) are kept.
    strong.sort(key=lambda f: (-votes[f], near.rank(f) if near is not None else 0))
    chosen = set(decided) | set(strong[: max(0, MAX_FIELDS - len(decided))])
    # The fields an overview names most (each as often as the others), should meaning place it.
    most_named: set[str] = set()
    if not chosen and top > 0:
        # Nothing decided, nothing named twice: the fields named most (each once);
        # meaning picks the nearest of them.
        tied = {f for f, v in votes.items() if v == top}
        # One word each for more fields than a passage is about: an overview (an
        # introduction naming everything), which the fallback holds.
        overview = len(tied) >= OVERVIEW_FIELDS
        if overview:
            most_named = set(tied)
        if near is not None:
            best = min(near.rank(f) for f in tied)
            tied = {f for f in tied if near.rank(f) == best}
        elif len(tied) > 1:
            # Without meaning, of fields named once each those named by a term about as
            # specific as the most specific: a short common word ("Sicherheit", "Kultur")
            # beside a long specific one ("Durchgangsverkehr") is the mention in passing.
            spelled = {f: max((lengths.get(f, 0) for lengths in longest.values()), default=0) for f in tied}
            most = max(spelled.values())
            tied = {f for f in tied if spelled[f] >= most - SPECIFIC_LETTERS}
        if not overview:
            chosen = tied
    if near is not None:
        # Meaning confirms what the text only touches: a field neither a heading
        # decided nor the text names often must be near the passage in meaning.
        # Nearness is relative: how far a field's score lies behind the passage's
        # nearest field, not a cosine, which differs from passage to passage.
        doubted_all = bool(chosen)
        chosen = {f for f in chosen if f in decided or votes[f] >= SURE_VOTES or near.behind(f) <= NEAR_MARGIN}
        named -= doubted
        if not chosen and doubted_all and named:
            # Meaning doubts every field the text names: the nearest of the fields the text
            # names at all (a common word included) still beats one it does not name
            # ("Baumpflanzungen" is about trees, whatever field the sentence lies nearest to).
            chosen = {min(named, key=near.rank)}
        if not chosen and near.confident(MARGIN) and length >= MEANING_WORDS:
            # Nearest to the fallback's examples (a greeting, a call to vote): none.
            nearest = near.nearest
            if nearest is not None and nearest in votes:
                # The nearest field the text names (an overview naming four fields once each,
                # "Kitagruppen" among them, is not about one it never names), if it lies close
                # enough; else the one field words too common to vote name ("landschaftlich"),
                # if close enough; else the nearest of all.
                touched = {taxonomy.field_of[t] for t in found} - doubted
                close = [f for f in named if near.behind(f) <= NEAR_MARGIN]
                close_most = [f for f in most_named if near.behind(f) <= NEAR_MARGIN]
                if nearest not in most_named and close_most:
                    nearest = min(close_most, key=near.rank)
                elif nearest not in named and close:
                    nearest = min(close, key=near.rank)
                elif len(touched) == 1 and near.behind(next(iter(touched))) <= NEAR_MARGIN:
                    nearest = next(iter(touched))
                chosen = {nearest}

    assigned: set[str] = set()
    for field in chosen:
        inside = {t.id for t in taxonomy.members[field] if t.id in found or t.id in heading_topics}
        assigned |= inside or {taxonomy.field_fallback.get(field, field)}
    return assigned


def assign_by_signals(
    taxonomy: Taxonomy,
    passages: Sequence[PassageContext],
    meaning: Meaning | None = None,
) -> dict[str, frozenset[str]]:
    """Passage ID → topics found by headings, terms and meaning (no overrides, maybe empty).

    A passage's result depends only on the passage, its headings, its stored
    vector and the taxonomy, so callers may keep it per programme and redo only
    what changed.
    """
    nearness: list[Nearness | None] = [None] * len(passages)
    if meaning is not None and passages:
        try:
            found = meaning.nearness(taxonomy, passages)
        except Exception:
            found = nearness
        if len(found) == len(passages):
            nearness = list(found)
    heading_cache: dict[str, set[str]] = {}
    found_topics = {
        context.passage.id: frozenset(_assign_one(taxonomy, context, near, heading_cache))
        for context, near in zip(passages, nearness, strict=True)
    }
    for run in _unplaced_sections(taxonomy, passages, heading_cache):
        field = _list_field(taxonomy, [found_topics[passages[i].passage.id] for i in run])
        if field is None:
            continue
        for i in run:
            context = passages[i]
            found_topics[context.passage.id] = frozenset(
                _assign_one(taxonomy, context, nearness[i], heading_cache, list_field=field)
            )
    return found_topics


def _unplaced_sections(
    taxonomy: Taxonomy, passages: Sequence[PassageContext], heading_cache: dict[str, set[str]]
) -> list[list[int]]:
    """Runs of passages (indices) of one section under no heading or chapter that names a field."""

    def names_field(heading: FoldedText) -> bool:
        cached = heading_cache.get(heading.text)
        if cached is None:
            cached = heading_cache[heading.text] = taxonomy.heading_topics(heading)
        return bool(cached)

    runs: list[list[int]] = []
    last: tuple[str, str, tuple[str, ...]] | None = None
    for i, context in enumerate(passages):
        if context.is_line:
            continue  # a heading line of the list is about what it names itself, no pledge of it
        key = (context.programme.id, context.section_title, tuple(h.text for h in context.folded_headings))
        placed = (
            context.listing
            or context.opening
            or context.folded_chapter is not None
            or any(names_field(h) for h in context.headings)
        )
        if placed:
            last = None
            continue
        if key != last:
            runs.append([])
            last = key
        runs[-1].append(i)
    return [run for run in runs if len(run) >= LIST_PASSAGES]


def _list_field(taxonomy: Taxonomy, found: Sequence[frozenset[str]]) -> str | None:
    """The one field at least LIST_SHARE of a section's passages are placed in, if there is one."""
    counts: dict[str, int] = {}
    for topics in found:
        for field in {taxonomy.field_of[t] for t in topics if t in taxonomy.field_of}:
            counts[field] = counts.get(field, 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    if not ranked or ranked[0] < LIST_SHARE * len(found) or (len(ranked) > 1 and ranked[1] == ranked[0]):
        return None  # no field most of the list is about, or two of them half each
    return next(f for f, n in counts.items() if n == ranked[0])


def apply_overrides(
    taxonomy: Taxonomy,
    found: Mapping[str, frozenset[str]],
    overrides: Sequence[Override],
) -> dict[str, tuple[str, ...]]:
    """Overrides on top of the signals, then the fallback for what is still empty; taxonomy order."""
    known = set(taxonomy.by_id)
    by_passage: dict[str, list[Override]] = {}
    for override in overrides:
        by_passage.setdefault(override.passage_id, []).append(override)
    assignment: dict[str, tuple[str, ...]] = {}
    for passage_id, topics in found.items():
        chosen = set(topics)
        # Later overrides win: shipped ones come first, a trainer's own last.
        for override in by_passage.get(passage_id, []):
            chosen |= {t for t in override.add if t in known}
            chosen -= set(override.remove)
        if not chosen:
            chosen = set(taxonomy.global_fallbacks)
        assignment[passage_id] = tuple(sorted(chosen, key=taxonomy.order.__getitem__))
    return assignment


def assign(
    topics: Sequence[Topic],
    passages: Sequence[PassageContext],
    overrides: Sequence[Override],
    embedder: Any = None,
    meaning: Meaning | None = None,
) -> dict[str, tuple[str, ...]]:
    """Passage ID → topic IDs (in taxonomy order); every passage gets at least the fallback.

    ``meaning`` is the meaning signal; a bare ``embedder`` (``embed_query`` and
    ``embed_passages``) is used as one that embeds the passages itself.
    """
    taxonomy = Taxonomy(topics)
    if meaning is None and embedder is not None:
        meaning = EmbedderMeaning(embedder)
    return apply_overrides(taxonomy, assign_by_signals(taxonomy, passages, meaning), overrides)


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
