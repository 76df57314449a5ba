"""Turn a programme's raw text into sections, pledges and paragraphs, with PDF line numbers where reliable.

The parser works on the cleaned lines of ``cleaning.py`` and decides, line by
line, whether a line continues the sentence before it, starts a paragraph, a
list item (pledge), a lead-in ("Dafür werden wir") or a heading. It knows no
party: the same rules read the bundled programmes and the next one a user imports.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import math
import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from canvass_app.corpus import cleaning
from canvass_app.corpus.blocks import Block, load_blocks

# The stored structure of an imported programme is re-parsed from its raw
# source when this changes: bump it with every change to what the parser yields.
PARSER_VERSION = 30

# "blocks": a reader's stored block stream (a PDF's layout), see blocks.py.
Format = Literal["text", "markdown", "blocks"]
UnitKind = Literal["heading", "leadin", "item", "paragraph"]

# Words a heading never ends with: a line ending in one is a wrapped sentence.
_STOPWORDS_TEXT = """
und oder aber sowie sondern der die das den dem des ein eine einen einem einer eines
in im an am auf aus bei mit nach von vom zu zum zur für über unter vor durch gegen ohne
um als wie wenn dass daß ihre ihr ihren unsere unser unseren sein seine ist sind wird
werden wir sie es sich nicht auch noch so sehr mehr dort hier
"""
_STOPWORDS = frozenset(re.findall(r"\S+", _STOPWORDS_TEXT))
_TERMINAL = (".", "!", "?", ":", ";", ",")
_SENTENCE_END = re.compile(r"""[.!?:;]["'»«”“)\]]*$""")
# Abbreviations whose full stop ends no sentence: a line ending in one goes on below
# ("… Kinder mit Defiziten bzw." / "Hochbegabung …", "… Rettungsdienst u." / "Katastrophenschutz").
# Not "usw." or "etc.", which often end one. A lowercase letter alone is an abbreviation's first
# part, broken at the line's end ("… wie z." / "B. subventionierte …"; "u." / "a."): no word is one.
_ABBREVIATION_END = re.compile(
    r"(?:^|(?<=[\s(„\"/–-]))(?:u\.\s?a|u\.\s?ä|o\.\s?ä|z\.\s?B|z\.\s?T|d\.\s?h|v\.\s?a|u\.\s?U|i\.\s?d\.\s?R"
    r"|bzw|ggf|evtl|bspw|insb|inkl|zzgl|vgl|sog|ca|[a-zäöüß]|Nr|Dr|gem|lt)\.$"
)


# The longest abbreviation with its full stop ("i. d. R.") and the character before it, with room.
_ABBREVIATION_REACH = 16


def _ends_in_abbreviation(text: str) -> bool:
    """The text ends in an abbreviation's full stop ("… bzw.", "… z. B.").

    Searched from near the end only: a match ends the text, and a paragraph's whole text is
    checked again at each of its lines. (A search from ``pos`` still sees the character before
    it for the lookbehind, and "^" matches only at the text's real start: as searching it all.)
    """
    return _ABBREVIATION_END.search(text, max(0, len(text) - _ABBREVIATION_REACH)) is not None


def _ends_sentence(text: str) -> bool:
    """The text ends a sentence (or a clause: ':' or ';'), not in an abbreviation's full stop."""
    return bool(_SENTENCE_END.search(text)) and not _ends_in_abbreviation(text.rstrip())
_LEADIN = re.compile(
    r"^(?:[A-ZÄÖÜ][\wäöüß]*\s+)(?:[\wäöüß]+\s+){0,2}(?:werden|wollen|möchten|fordern|müssen|setzen|stehen|treten|"
    r"machen|brauchen|schlagen)\s+wir\b[^.!?]{0,30}:?$"
)
_HEADER_KEYS = re.compile(
    r"^(Kapitel|Initiator\*innen|Antragsteller\*innen|Antragsteller|Titel|Gremium|"
    r"Beschlussdatum|Tagesordnungspunkt|Status|Sachgebiet|Antragsnummer)\b\s*:?\s*(.*)$"
)
_MARKDOWN_HEADING = re.compile(r"(#{1,6})\s+")
_DEFAULT_WIDTH = 90
_OPENING_QUOTES = frozenset("„\"»«‚")
_HYPHEN_MARKS = frozenset("-\u2010\u2011\u2012\u2013")


@dataclass
class SourceLine:
    """One cleaned line: its text split at PDF line numbers, and what marked its start."""

    pieces: list[tuple[tuple[int, ...], str]]
    bullet: str | None = None
    numbered: bool = False
    blank_before: bool = False
    blank_after: bool = False
    # How the next line starts: PDF text often has no blank line after a heading.
    next_starts_sentence: bool = False
    next_is_bullet: bool = False
    heading_level: int | None = None
    # Markdown marks its headings; there a plain short line is never one.
    may_be_heading: bool = True
    # In Markdown a blank line always ends a paragraph, finished sentence or not.
    blank_ends_paragraph: bool = False
    # Set by the unmarked-list pass: the line goes on with the pledge above it ("einem Dach"),
    # or it ends a list whose next line is none of its pledges.
    continues_item: bool = False
    ends_list: bool = False
    # The next line's first word ("Die" in "Die SPD setzt sich …"), folded.
    next_first_word: str = ""
    next_in_capitals: bool = False
    # The next line, blank line between or not, goes on with a sentence: it opens with a
    # lowercase word and no mark ("in Stadt und Kreis." after a page break).
    next_goes_on: bool = False
    # The widest of the lines below this one up to the next blank line (0 when fewer than
    # two): the column the paragraph it may open is set in.
    column_below: int = 0
    # The widest line of its block that wrapped for certain (the next line goes on with its
    # words), when two or more did; else 0. See _measure_wrap_columns.
    wrap_column: int = 0

    @property
    def text(self) -> str:
        return cleaning.collapse_spaces(" ".join(t for _, t in self.pieces if t))

    @property
    def numbers(self) -> list[int]:
        return [n for nums, _ in self.pieces for n in nums]


@dataclass
class Unit:
    kind: UnitKind
    lines: list[SourceLine] = field(default_factory=list)
    text: str = ""

    def add(self, line: SourceLine) -> None:
        text = line.text
        if self.lines and line.bullet and line.bullet in cleaning.DASHES:
            # A dash that continues a sentence is punctuation, not a bullet.
            text = f"{line.bullet} {text}"
        self.text = cleaning.join_lines(self.text, text) if self.lines else text
        self.lines.append(line)

    @property
    def is_open(self) -> bool:
        return not _ends_sentence(self.text)


@dataclass(frozen=True)
class ParsedPassage:
    kind: Literal["pledge", "paragraph"]
    text: str
    lead_in: str | None
    lines: tuple[int, int] | None
    # Index, in the same section, of the paragraph ending in ":" that introduces this item.
    intro: int | None = None


@dataclass(frozen=True)
class ParsedSection:
    title: str
    passages: tuple[ParsedPassage, ...]
    level: int = 1
    parent: int | None = None  # index of the enclosing section in reading order


@dataclass(frozen=True)
class ParsedProgramme:
    sections: tuple[ParsedSection, ...]
    metadata: dict[str, str]


# --- header ------------------------------------------------------------------------


def split_motion_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """A motion-tool header (Kapitel / Initiator*innen / Titel / Text) becomes metadata.

    Recognised only when the text starts with one of those keys and a line
    ``Text`` closes the header within the first 30 lines.
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if not filled or not _HEADER_KEYS.match(lines[filled[0]].strip()):
        return {}, lines
    end = next((i for i in filled[:30] if lines[i].strip() == "Text"), None)
    if end is None:
        return {}, lines
    metadata: dict[str, str] = {}
    key: str | None = None
    for line in lines[:end]:
        stripped = line.strip()
        if not stripped:
            continue
        match = _HEADER_KEYS.match(stripped)
        if match:
            key = match.group(1)
            metadata[key] = match.group(2).strip()
        elif key is not None:
            metadata[key] = f"{metadata[key]} {stripped}".strip()
    return {k: v for k, v in metadata.items() if v}, lines[end + 1 :]


# --- lines -------------------------------------------------------------------------


@dataclass
class _Prepared:
    text: str
    bullet: str | None
    heading_level: int | None = None


def _prepare(line: str, fmt: Format) -> _Prepared | None:
    """Strip private-use glyphs, letter spacing, markdown syntax and the first bullet mark."""
    # A private-use glyph opening a line is a bullet drawn from a symbol font.
    pua_bullet = bool(re.match(r"\s*[\ue000-\uf8ff]", line))
    line = cleaning.remove_private_use(line).rstrip()
    if not line.strip():
        return None
    if pua_bullet:
        line = "\u2022 " + line.strip()
    if fmt == "markdown":
        heading = _markdown_heading(line.strip())
        if heading is not None:
            level, title = heading
            return _Prepared(_strip_markdown_inline(title), None, level)
        line = _strip_markdown_inline(line)
        if re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", line):
            return None  # a thematic break
        if _TABLE_RULE.fullmatch(line):
            return None  # the rule under a table's header row
        if line.strip().startswith("|"):
            # A table row reads as its cells in order.
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            line = " – ".join(c for c in cells if c)
    spaced = cleaning.fix_letter_spacing(line)
    if spaced != line:
        # Letter spacing is a display face: only headings are set that way.
        return _Prepared(spaced.strip(), None, 2)
    line = line.strip()
    if cleaning.is_page_number(line):
        return None
    if len(line) == 1 and line.isalpha():
        # "ü" / (blank) / "ö" / (blank) / "ä": letters a broken text layer lost from its words
        # ("l ndlichen Raum") and set apart; a letter alone is no word of the programme.
        return None
    bullet, rest = cleaning.strip_bullet(line)
    if fmt == "markdown" and bullet is None and line[:2] in ("+ ",):
        bullet, rest = "+", line[2:]
    if bullet is not None and not rest.strip():
        return None
    return _Prepared(rest.strip(), bullet)


def _markdown_heading(line: str) -> tuple[int, str] | None:
    """``"## Wohnen ##"`` → ``(2, "Wohnen")``: the level and title of an ATX heading, or None.

    The closing hashes and spaces come off with string methods: the regex
    ``(.*?)\\s*#*\\s*$`` tries them at every character, which on a long line is quadratic.
    """
    match = _MARKDOWN_HEADING.match(line)
    if match is None:
        return None
    return len(match.group(1)), line[match.end() :].rstrip().rstrip("#").rstrip()


_TABLE_RULE = re.compile(r"\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*")


def _strip_markdown_inline(text: str) -> str:
    text = _strip_links(text, image=True)
    text = _strip_links(text, image=False)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = "\n".join(_strip_emphasis(part) for part in text.split("\n"))
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return re.sub(r"^\s*>\s?", "", text)


# The Markdown inline rules below are scans, not regexes: a regex like "\[([^\]]+)\]\(…\)"
# tries the rest of the line from every "[", so a line of thousands of unclosed "[" (or
# "*") takes minutes; each scan stops at the first opener that finds no closer, since no
# later one can find it either. Results are those of the regexes they replace (in comments).


def _strip_links(text: str, *, image: bool) -> str:
    """Links and images → their text: ``![alt](src)`` → ``alt`` (``!\\[([^\\]]*)\\]\\([^)]*\\)``),
    ``[text](url)`` → ``text`` (``\\[([^\\]]+)\\]\\([^)]*\\)``)."""
    opener = "![" if image else "["
    out: list[str] = []
    position = search = 0
    while (start := text.find(opener, search)) >= 0:
        inner = start + len(opener)
        close = text.find("]", inner)
        if close < 0:
            break
        if (close == inner and not image) or text[close + 1 : close + 2] != "(":
            # Every opener before this "]" ends at it too, and fails the same way.
            search = close + 1
            continue
        end = text.find(")", close + 2)
        if end < 0:
            break
        out.extend([text[position:start], text[inner:close]])
        position = search = end + 1
    out.append(text[position:])
    return "".join(out)


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _strip_emphasis(line: str) -> str:
    """``*betont*`` → ``betont`` in one line, as ``(?<![\\w*])\\*(?!\\s)(.+?)(?<!\\s)\\*(?!\\w)`` would.

    An opening star follows no word character or star and precedes no space; the
    closing one is the first star after it that follows no space and precedes no word
    character (so "Bürger*innen" inside an emphasis does not close it).
    """
    stars = [i for i, char in enumerate(line) if char == "*"]
    if len(stars) < 2:
        return line
    closers = [
        i for i in stars
        if i > 0 and not line[i - 1].isspace() and not (i + 1 < len(line) and _is_word(line[i + 1]))
    ]
    out: list[str] = []
    position = 0
    for start in stars:
        if start < position:
            continue
        if (start > 0 and (_is_word(line[start - 1]) or line[start - 1] == "*")) or (
            start + 1 >= len(line) or line[start + 1].isspace()
        ):
            continue
        index = bisect.bisect_left(closers, start + 2)
        if index == len(closers):
            break
        end = closers[index]
        out.extend([line[position:start], line[start + 1 : end]])
        position = end + 1
    out.append(line[position:])
    return "".join(out)


_UNIT_AFTER = re.compile(
    r"\s*(?:€|%|‰|\$|euro\b|prozent\b|mio\b|mrd\b|millionen\b|milliarden\b|tausend\b|km\b|"
    r"kilometer\b|meter\b|m²|m2\b|qm\b|kwh\b|mw\b|gw\b|jahre?n?\b|monate?n?\b|wochen\b|tage?n?\b|"
    r"stunden\b|minuten\b|menschen\b|wohnungen\b|plätze?n?\b|stellen\b|schulen\b|kitas?\b)",
    re.IGNORECASE,
)


def _quantity(text: str, start: int, end: int) -> bool:
    """"1000 €", "25 %", "40 Wohnungen": an amount the sentence needs, never a line number.

    (A word before the number proves nothing: "um 115 einen" is "um einen" with line 115.)
    """
    return bool(_UNIT_AFTER.match(text, end))


def _line_number_positions(prepared: list[_Prepared | None]) -> set[tuple[int, int]]:
    """Which standalone integers are PDF line numbers: (line index, token start) pairs.

    Line numbers climb through the document, so they are the longest increasing
    run of standalone integers; the document counts as line-numbered only when
    that run is long and makes up most candidates.
    """
    candidates: list[tuple[int, int, int]] = []
    for i, item in enumerate(prepared):
        if item is None or item.heading_level is not None:
            continue
        for start, end, value in cleaning.number_tokens(item.text):
            if value > 0 and not _quantity(item.text, start, end):
                candidates.append((i, start, value))
    if not candidates:
        return set()
    chosen = cleaning.longest_increasing([value for _, _, value in candidates])
    if len(chosen) < 8 or len(chosen) < 0.6 * len(candidates):
        return set()
    return {(candidates[k][0], candidates[k][1]) for k in chosen}


_DIGITS = re.compile(r"\d+")


def _split_pieces(text: str, starts: list[int]) -> list[tuple[tuple[int, ...], str]]:
    """Split a line at its line-number tokens: [(numbers before the piece, piece text)]."""
    pieces: list[tuple[tuple[int, ...], str]] = []
    position = 0
    pending: list[int] = []
    for start in sorted(starts):
        match = _DIGITS.match(text, start)
        assert match is not None
        before = text[position:start]
        if before.strip():
            pieces.append((tuple(pending), before.strip()))
            pending = []
        pending.append(int(match.group(0)))
        position = match.end()
    rest = text[position:]
    if rest.strip() or pending or not pieces:
        pieces.append((tuple(pending), rest.strip()))
    return pieces


def source_lines(lines: list[str], fmt: Format) -> list[SourceLine]:
    prepared = [_prepare(line, fmt) for line in lines]
    starts_by_line: dict[int, list[int]] = {}
    for li, start in _line_number_positions(prepared):
        starts_by_line.setdefault(li, []).append(start)
    result: list[SourceLine] = []
    blank = True
    for i, item in enumerate(prepared):
        if item is None:
            blank = True
            if result:
                result[-1].blank_after = True
            continue
        pieces = _split_pieces(item.text, starts_by_line.get(i, []))
        bullet = item.bullet
        numbered = False
        # A line number may sit between two marks: "- 119 • dabei".
        first_nums, first_text = pieces[0]
        second, rest = cleaning.strip_bullet(first_text)
        if second is not None:
            bullet = second if bullet is None or bullet == "-" else bullet
            pieces[0] = (first_nums, rest.strip())
        elif bullet is None and item.heading_level is None:
            marker, rest = cleaning.strip_numbered_marker(first_text)
            if marker is not None and rest.strip():
                bullet, numbered = marker, True
                pieces[0] = (first_nums, rest.strip())
        pieces = [piece for k, piece in enumerate(pieces) if piece[1] or k == len(pieces) - 1]
        if not any(text for _, text in pieces):
            blank = True  # only line numbers: a block of them separates like a blank line
            if result:
                result[-1].blank_after = True
            continue
        result.append(
            SourceLine(
                pieces,
                bullet,
                numbered,
                blank_before=blank,
                heading_level=item.heading_level,
                may_be_heading=fmt != "markdown",
                blank_ends_paragraph=fmt == "markdown",
            )
        )
        blank = False
    if result:
        result[-1].blank_after = True
    _measure_columns_below(result)
    above: SourceLine | None = None
    for line, nxt in itertools.pairwise(result):
        following = nxt.text
        line.next_is_bullet = nxt.bullet is not None
        line.next_first_word = following.split(" ", 1)[0].casefold() if nxt.bullet is None else ""
        line.next_in_capitals = _in_capitals(following)
        line.next_goes_on = (
            nxt.bullet is None
            and _LOWER_WORD.match(following) is not None
            # "… Bekämpfung des Auto-" / (blank) / "Programm zur Kommunalwahl 2024" / (blank) /
            # "verkehrs ein.": a page's footer between the halves of a word, not their sentence.
            and not (line.blank_before and above is not None and above.text.endswith(tuple(_HYPHEN_MARKS)))
        )
        above = line
        line.next_starts_sentence = bool(following) and (
            following[0].isupper()
            or following[0].isdigit()
            or nxt.bullet is not None
            # "„Next-Generation EU“ und …": a quotation opening with a capital.
            or (following[0] in _OPENING_QUOTES and following[1:2].isupper())
        )
    return result


def _measure_columns_below(lines: list[SourceLine]) -> None:
    """Each line's ``column_below``: the widest line of the block below it, when two lines or more."""
    widest = 0
    count = 0
    for line in reversed(lines):
        line.column_below = widest if count >= 2 else 0
        if line.blank_before:
            widest, count = 0, 0
        else:
            widest, count = max(widest, len(line.text)), count + 1


def estimate_width(lines: list[SourceLine]) -> int:
    """The PDF's line width in characters, from lines that wrap into the next one."""
    lengths = []
    for line, nxt in itertools.pairwise(lines):
        text = line.text
        if nxt.blank_before or len(text) > 200 or len(text) < 20:
            continue
        if not re.search(r"[a-zäöüß]", text):
            continue  # set in capitals: a heading's display type, never wrapped prose
        if not _ends_sentence(text):
            lengths.append(len(text))
    if not lengths:
        return _DEFAULT_WIDTH
    if len(lengths) < 5:
        return max(lengths)
    lengths.sort()
    return lengths[int(0.9 * (len(lengths) - 1))]


def weak_bullets(lines: list[SourceLine], width: int) -> set[str]:
    """Bullet marks the PDF put on ordinary wrapped lines (the Greens' "- " on every line).

    A hyphen-like mark is weak when it often starts a lowercase line that merely
    continues a full, unfinished line above it; such a mark cannot be trusted to
    start an item. Real bullet glyphs ("•") are never weak.

    Such a mark sits on every line of its block, so the line below a marked line carries it
    too (or a blank line comes between). Where an unmarked line often follows a marked one in
    its block ("- die jährliche Dynamisierung … für" / "Beziehende von Bürgergeld …"), the
    marks open items whose wrapped lines went on without one: full-width items following each
    other are items, not a mark on every wrapped line, and the mark is trusted.
    """
    totals: dict[str, int] = {}
    evidence: dict[str, int] = {}
    unmarked_below: dict[str, int] = {}
    prose = _prose_blocks(lines)
    for (prev, line), in_prose in zip(itertools.pairwise(lines), prose[1:], strict=True):
        if (
            prev.bullet is not None
            and not prev.numbered
            and prev.bullet in _HYPHEN_MARKS
            and line.bullet is None
            and not line.blank_before
        ):
            unmarked_below[prev.bullet] = unmarked_below.get(prev.bullet, 0) + 1
        if line.bullet is None or line.numbered or line.bullet not in _HYPHEN_MARKS:
            continue
        totals[line.bullet] = totals.get(line.bullet, 0) + 1
        prev_text = prev.text
        text = line.text
        if (
            # A list of phrases completing a lead-in ("- die Förderung von …" /
            # "- eine Weiterentwicklung …") has lowercase items too, but no sentence
            # ends in it; a mark put on every line of prose sits among full stops.
            in_prose
            and not line.blank_before
            and text[:1].islower()
            and not _ends_sentence(prev_text)
            # "- die Beratung unterstützt," / "- die Leistungen sichert,": a comma closes a list item.
            and not prev_text.endswith(",")
            and len(prev_text) >= 0.6 * width
            and len(prev_text) <= 1.2 * width
        ):
            evidence[line.bullet] = evidence.get(line.bullet, 0) + 1
    return {
        b
        for b, n in evidence.items()
        if n >= 3 and n >= 0.1 * totals[b] and unmarked_below.get(b, 0) <= _UNMARKED_BELOW_WEAK * totals[b]
    }


# A mark on every wrapped line leaves few lines of its blocks without it: the Greens' "- " in
# Dortmund has one unmarked line below 6 % of its marked lines, a list of items wrapping
# without marks one below most of them (Leipzig's Linke: 78 %).
_UNMARKED_BELOW_WEAK = 0.15


_PROSE_SENTENCE_END = re.compile(r"""[a-zäöüß)"”“]{2}[.!?](?:\s|$)""")


def _prose_blocks(lines: list[SourceLine]) -> list[bool]:
    """For each line: whether the block it stands in (up to the next blank line) ends a sentence somewhere."""
    flags: list[bool] = []
    start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or (index > start and lines[index].blank_before):
            found = any(_PROSE_SENTENCE_END.search(line.text) for line in lines[start:index])
            flags.extend([found] * (index - start))
            start = index
    return flags


# --- units -------------------------------------------------------------------------


def _last_word(text: str) -> str:
    words = re.findall(r"[\wäöüß*]+", text)
    return words[-1].casefold() if words else ""


def is_leadin(text: str) -> bool:
    """"Dafür werden wir", "Und deswegen werden wir", "Wir fordern:": a sentence start a list completes."""
    if len(text) > 80:
        return False
    return bool(_LEADIN.match(text)) or (
        text.endswith(":") and bool(re.search(r"\bwir\b", text, re.IGNORECASE))
    )


_INNER_SENTENCE_END = re.compile(r"[a-zäöüß)]{2}[.!?]\s+[A-ZÄÖÜ]")
# "Zur intensiven Pflege gelebter heimatlicher und traditioneller Werte" / "fordern wir:": a
# lead-in the PDF wrapped over two or three lines, one clause closing on "wir" and its verb: the
# lines below it are its list. Up to 80 characters it is the items' lead-in (`is_leadin`); longer,
# it stays a paragraph of its own, the items referring to it (`ParsedPassage.intro`). A sentence of
# several clauses ("Wohnraum ist knapp geworden, deshalb setzen wir auf mehrere Wege:") says
# something of its own and need not head a list.
_WRAPPED_LEADIN_CHARS = 240
_LEADIN_CLOSE = re.compile(r"\bwir\b[^.!?:;,]{0,40}:$", re.IGNORECASE)


def is_wrapped_leadin(text: str) -> bool:
    """One clause of a few lines closing on "… fordern wir:": the list below it is its own."""
    return (
        len(text) <= _WRAPPED_LEADIN_CHARS
        and _LEADIN_CLOSE.search(text) is not None
        and not any(mark in text[:-1] for mark in ",;:.!?")
    )


def _wrapped_continuation(prev: Unit | None, line: SourceLine) -> bool:
    """A line inside running prose, wrapped at a narrow column, that only looks like a title.

    The line above it is prose without a blank line between, no blank line follows,
    the line ends in a lowercase word and the next line starts with a capital:
    "Das soll auch durch die Förderung digitaler" / "Partizipationsmöglichkeiten …".
    A real title there ends in a noun or stands apart; a bullet below it keeps it a title.
    """
    words = line.text.split()
    return (
        prev is not None
        and prev.kind in ("paragraph", "item")
        and not line.blank_before
        and not line.blank_after
        and line.heading_level is None
        and line.bullet is None
        and bool(words)
        and words[-1][:1].islower()
        and line.next_starts_sentence
        and not line.next_is_bullet
        # "3.2 Mobilität für alle": a section number opens a title, never a wrapped line.
        and not _SECTION_NUMBER.match(line.text)
    )


# "3.2 Mobilität", "II.I. „Remigration …“": numbers of chapter and section, arabic or roman.
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})+|[IVX]{1,5}(?:\.[IVX]{1,5})+)\.?\s+[A-ZÄÖÜ„\"]")


def _is_heading(line: SourceLine, width: int, strong: bool) -> bool:
    """A short line with no closing punctuation, standing alone or followed by a new sentence."""
    text = line.text
    if line.heading_level is not None:
        return True
    if strong or not text or not line.may_be_heading:
        return False
    # Without a blank line below, only a clearly short, unmarked line qualifies.
    if not line.blank_after and (
        line.bullet is not None or not line.next_starts_sentence or len(text) > 0.75 * width
    ):
        return False
    # A title in capitals set line by line may be joined wider than the text's column
    # ("MIT EUCH FÜR SICHERHEIT," / "ORDNUNG UND SAUBERKEIT:" over a narrow column).
    if len(text) > 100 or len(text.split()) > 14 or (len(text) > 0.9 * width + 10 and not _in_capitals(text)):
        return False
    # "Wir unterstützen die Ansiedlung neuer" / "Wissenschafts- und Forschungszentren, wie zum" /
    # …: a line stopping on a lowercase word where the next word would not have fitted the
    # column of the lines below it is a paragraph's first line, wrapped; a title above its text
    # ends on a noun, or its text's first word would have fitted beside it.
    if (
        not line.blank_after
        and line.bullet is None
        and not line.next_is_bullet  # an item below does not go on with this line's words
        # A column of prose, which this line fills most of ("Kontaktiere uns" above the lines
        # of an address is a title).
        and line.column_below >= _PROSE_COLUMN
        and len(text) >= 0.6 * line.column_below
        and _ends_lowercase(text)
        and len(text) + 1 + len(line.next_first_word) > line.column_below
    ):
        return False
    # "… auch unsere Beratungsstellen" / (blank) / "in Stadt und Kreis.": a page break inside a
    # sentence; a title never runs on into a lowercase word (a lead-in's "…" or ":" may, and
    # a slogan in capitals over lowercase words: "BÜRGER FÜR JENA" / "kritisch. parteilos.").
    # Only a line of prose, several words: a word alone ("Weise" / (blank) / "können") is a
    # text set word by word, whose lines say nothing of its structure; an imprint's or a
    # table's row ("Druck: … | Auflage: 11.000") is no prose either.
    if (
        line.next_goes_on
        and len(text.split()) >= 3
        and "|" not in text
        and not _in_capitals(text)
        and not text.endswith(("…", "...", ":"))
    ):
        return False
    # "… an den Schulen. Mehr einrichtungsbezogene" between two lines of prose: a
    # sentence ends inside it, so it is wrapped text, not a title.
    if not (line.blank_before and line.blank_after) and _INNER_SENTENCE_END.search(text):
        return False
    # "Beste Bildung für alle!" standing alone between blank lines is a heading too.
    exclaimed = (
        text.endswith(("!", "?"))
        and line.blank_before
        and line.blank_after
        and len(text.split()) <= 12
    )
    # "Dr.-Georg-Durst-Straße +" / "Markierung 30 km/h": a line ending in a joining sign goes on;
    # so does a sentence broken after a slash ("… der Freien Grünen Liste und Bündnis 90/" /
    # "Die Grünen ist …"; a slogan in capitals, "DEMOKRATISCH ÖKOLOGISCH - SOZIAL /", is a title).
    if (
        (text.endswith(_TERMINAL) and not exclaimed)
        or text.endswith(("-", "+", "&"))
        or (text.endswith("/") and not _in_capitals(text))
    ):
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    # "Kern unserer Digitalstrategie ist die „Bad Kreuznach" / "App“. …": a quotation or a
    # bracket opened and not closed runs on into the next line.
    if text.count("„") > text.count("“") or text.count("(") > text.count(")"):
        return False
    if is_leadin(text):
        return False
    # "An der Gänsewiese 17", "Königstraße 78", "55232 Alzey": an address in an imprint.
    if _ADDRESS.search(text):
        return False
    # "Auf dem künftig verkehrsberuhigten" / "Schlossplatz werden …": a line that
    # stops on an adjective, article or preposition and runs on into the next line
    # opens a paragraph wrapped at a narrow column; a title ends in a noun or verb
    # and stands apart (a blank line) or above a list.
    if (
        not line.blank_after
        and not line.next_is_bullet
        and _ends_lowercase(text)
        and not _SECTION_NUMBER.match(text)
    ):
        words = re.findall(r"[^\W\d_][\w-]*", text)
        last = words[-1] if words else ""
        if (
            len(words) >= 2
            and words[-2][:1].islower()
            and len(last) >= 6
            and last.casefold() not in _STOPWORDS
            and _ADJECTIVAL.search(last)
            # "Heidenheim gemeinsam gestalten" / "Die SPD Heidenheim setzt sich …": an article or
            # pronoun below opens a sentence; an adjective's noun cannot be one.
            and line.next_first_word not in _STOPWORDS
        ):
            return False
    if _colon_then_sentence(text):
        return False
    # "UNSERE STADT BLÜHT AUF" right above its first sentence: in display capitals the last word
    # may be a verb's particle ("FÜR EIN" above more capitals is a slogan broken over lines).
    above_prose = not line.blank_after and line.next_starts_sentence and not line.next_in_capitals
    return (_in_capitals(text) and above_prose) or _last_word(text) not in _STOPWORDS


# The narrowest column prose is set in, in characters.
_PROSE_COLUMN = 35

# After a colon, a sentence's subject and its verb: a pronoun and a lowercase word ("Wir schaffen",
# "Das ist"), or an article, a noun and a finite verb ("Die Innenstadt braucht").
_SENTENCE_AFTER_COLON = re.compile(
    r":\s+(?:(?:Wir|Ich|Sie|Er|Es|Man|Das|Dies|Dafür|Dazu|Deshalb|Daher)\s+[a-zäöüß]"
    r"|(?:Der|Die|Das|Unsere?|Jede[rs]?|Alle)\s+[A-ZÄÖÜ][\w-]*\s+"
    r"(?:ist|sind|wird|werden|muss|müssen|soll|sollen|kann|können|darf|dürfen|braucht|brauchen|hat|haben"
    r"|bleibt|bleiben|gehört|gehören|geht|gehen|bekommt|bekommen|steht|stehen|lebt|leben)\b)"
)
_SENTENCE_AFTER_COLON_WORDS = 4


def _colon_then_sentence(text: str) -> bool:
    """A line of running prose: a few words, a colon and a whole sentence after it.

    "Unser Ziel: Wir schaffen in jedem Ortsteil eine Kita", "Klar ist: Die Innenstadt braucht
    mehr Grün!" are sentences, not titles (a title names its subject: "Mobilität: Busse und
    Bahnen"; a slogan of three words, "Klimaschutz: Wir handeln", may head a chapter).
    """
    found = _SENTENCE_AFTER_COLON.search(text)
    return found is not None and len(text[found.start() + 1 :].split()) >= _SENTENCE_AFTER_COLON_WORDS
# A postcode and town, or a street and house number, alone on a line.
_ADDRESS = re.compile(
    r"^\d{5}\s+[A-ZÄÖÜ][\w.\- ]{1,40}$"
    r"|^[A-ZÄÖÜ][\w.\- ]{0,40}(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|wiese|markt)\s+\d{1,4}\s?[a-z]?$",
    re.IGNORECASE,
)
# Endings of German adjectives and participles in attributive use ("dem künftig
# verkehrsberuhigten", "ein ausgeglichener", "wie regionale"): after a lower-case word
# (article, preposition, adverb) a line ending so runs on to its noun. After a noun
# the same ending is a verb that can close a title ("Den Standortausbau vorantreiben").
_ADJECTIVAL = re.compile(r"(?:en|er|es|em|e)$")
# A title broken over two lines is at most this many words, its second line at most this many.
_TITLE_WORDS = 14
_TITLE_TAIL_WORDS = 6
# Or a title wholly in capitals ending the piece: two words or more after a space or glued
# ("… in das Klimamanagement GESUNDHEIT UND SICHERHEIT- Ärztemangel …", "… ZusammenhaltBILDUNG,
# KUNST, KULTUR UND SPORT- …"), or one long word glued to the last ("… eines Kunst- und
# KulturzentrumsSTADTENTWICKLUNG- Bessere …"); an acronym ("… der SPD") is one short word.
_TAIL_CAPITALS = re.compile(
    r"((?<=[\sa-zäöüß])(?:[A-ZÄÖÜ][A-ZÄÖÜß]+[ ,&/–-]{1,3}){1,5}[A-ZÄÖÜ][A-ZÄÖÜß]{2,}|(?<=[a-zäöüß])[A-ZÄÖÜ][A-ZÄÖÜß]{4,})$"
)


def _ends_lowercase(text: str) -> bool:
    """The line stops on a word in lower case (an adjective, article, verb): its phrase goes on."""
    words = re.findall(r"[^\W\d_][\w-]*", text)
    return bool(words) and words[-1][:1].islower() and not _ends_sentence(text)


def _ends_unfinished(prev: Unit, line: SourceLine) -> bool:
    """The last line above stops mid-phrase ("… an städtischen") and this line follows at once."""
    return (
        not line.blank_before
        and line.bullet is None
        and line.heading_level is None
        and bool(prev.lines)
        and _ends_lowercase(prev.lines[-1].text)
    )


def _wrapped_title(prev: Unit, line: SourceLine) -> SourceLine | None:
    """The last line above, when it and this line together read as one title above a list or a gap.

    It must start a title: no bullet of its own, a capital first, no sentence
    inside, not a lead-in; the two lines together are short and unpunctuated.
    """
    first = prev.lines[-1]
    text = first.text
    combined = f"{text} {line.text}"
    if (
        first.bullet is not None
        or first.heading_level is not None
        or not text[:1].isupper()
        or not (line.blank_after or line.next_is_bullet)
        or len(combined.split()) > _TITLE_WORDS
        or combined.endswith(_TERMINAL)
        or _INNER_SENTENCE_END.search(combined)
        or is_leadin(text)
    ):
        return None
    # Inside an item only a line that is not the item's first can open a title, and
    # only after a line that ends a phrase: below "… unter Berücksichtigung der
    # maximalen", "Nutzung von Fördermitteln …" goes on with the item.
    if prev.kind == "item" and len(prev.lines) < 2:
        return None
    if len(prev.lines) >= 2 and _ends_lowercase(prev.lines[-2].text):
        return None
    # Nor after a comma: "- … Lösungen mit Mieterstrommodell," / "Quartiersspeichern und …
    # aus überschüssigem" / "Solarstrom" is the item's enumeration going on.
    if len(prev.lines) >= 2 and prev.lines[-2].text.endswith(","):
        return None
    return first


def _title_over_prose(prev: Unit, line: SourceLine, width: int) -> bool:
    """A short first line after a blank line, stopping mid-phrase, and a short noun line below it, then prose.

    Prose wraps at the full column; a line that stops well short of it after a blank
    line and runs on into a short unpunctuated line ending in a noun is a title the
    PDF broke, with the section's first sentence below it.
    """
    if prev.kind != "paragraph" or len(prev.lines) != 1:
        return False
    first = prev.lines[0]
    combined = f"{first.text} {line.text}"
    return (
        first.blank_before
        and first.bullet is None
        and first.may_be_heading
        and first.heading_level is None
        and first.text[:1].isupper()
        and len(first.text) < 0.75 * width
        # A few words, then the break: "Ihr" / "Stadtverband Aalen" is a signature.
        and len(first.text.split()) >= 3
        and _last_word(first.text) in _STOPWORDS
        and not line.blank_before
        and not line.blank_after
        and line.bullet is None
        and line.heading_level is None
        and line.next_starts_sentence
        and not line.next_is_bullet
        and len(line.text) < 0.5 * width
        and _last_word_capitalised(line.text)
        and len(combined.split()) <= 10
        and not combined.endswith(_TERMINAL)
        and _INNER_SENTENCE_END.search(combined) is None
        and not is_leadin(first.text)
    )


def _standalone_title(unit: Unit, width: int) -> bool:
    """Two or three short unpunctuated lines between blank lines, starting with a capital: a title."""
    lines = unit.lines
    text = unit.text
    return (
        2 <= len(lines) <= 3
        and lines[0].blank_before
        and lines[-1].blank_after
        and all(ln.bullet is None and ln.heading_level is None and ln.may_be_heading for ln in lines)
        and all(len(ln.text) < 0.75 * width for ln in lines)
        and len(text.split()) <= 10
        # "5 Gründe" / "die FDP Schwerin zu wählen": a number may open it.
        and (text[:1].isupper() or text[:1].isdigit())
        and not text.endswith(_TERMINAL)
        and not text.endswith("-")
        and not (text.endswith("/") and not _in_capitals(text))
        and _INNER_SENTENCE_END.search(text) is None
        and not is_leadin(text)
        and _last_word(text) not in _STOPWORDS
    )


def _in_capitals(text: str) -> bool:
    """Set in capitals: letters, and none of them lowercase ("UND MOBILITÄT VERBESSERN")."""
    return sum(ch.isupper() for ch in text) >= 3 and not any(ch.islower() for ch in text)


# One capitalised word with an adjective's suffix and ending ("Integrative", "Nachhaltige",
# "Verkehrsberuhigte", "Städtisches"): the first word of a title, not a title.
_TITLE_ADJECTIVE = re.compile(
    r"[A-ZÄÖÜ][a-zäöüß-]{2,}(?:iv|isch|lich|ig|igt|bar|al|iert|ell|haft|sam)(?:e|er|es|en|em)"
)
# "2019 - 2024", "(2024–2029)": the years a title covers.
_YEAR_SPAN = re.compile(r"\(?(?:19|20)\d\d\s*[-–/]\s*(?:19|20)?\d\d\)?")


def _continues_title(prev: Unit, line: SourceLine) -> bool:
    """A short line right below a title that stops mid-phrase, itself unpunctuated, above a list or a gap.

    A title in capitals broken over lines ("VERKEHRSKONZEPT AKTUALISIEREN" / "UND
    MOBILITÄT VERBESSERN", "PROGRAMM" / "DER AFD ALZEY-WORMS" / "ZUR KOMMUNALWAHL 2024")
    may break after any word, and its text may follow at once: display type is set line
    by line, and no sentence is set in capitals below it.
    """
    text = line.text
    capitals = _in_capitals(text) and all(_in_capitals(earlier.text) for earlier in prev.lines)
    return (
        all(earlier.heading_level is None for earlier in prev.lines)
        and line.heading_level is None
        and line.bullet is None
        and not line.blank_before
        and (line.blank_after or line.next_is_bullet or (capitals and line.next_starts_sentence))
        and (
            _ends_lowercase(prev.text)
            or _last_word(prev.text) in _STOPWORDS
            or capitals
        )
        and 0 < len(text.split()) <= _TITLE_TAIL_WORDS
        and len(prev.text.split()) + len(text.split()) <= _TITLE_WORDS
        and not text.endswith(_TERMINAL)
    )


def _unnumbered(line: SourceLine) -> SourceLine:
    """The line with its list number put back into the text."""
    (nums, first), *rest = line.pieces
    return dataclasses.replace(
        line, pieces=[(nums, f"{line.bullet} {first}"), *rest], bullet=None, numbered=False
    )


def _list_number(line: SourceLine) -> int | None:
    if not line.numbered or line.bullet is None:
        return None
    digits = re.match(r"\d+", line.bullet)
    return int(digits.group()) if digits else None


def _in_numbered_run(lines: list[SourceLine], index: int) -> bool:
    """"1. Leerstand erfassen" right above "2. Zweckentfremdung verbieten" is a list, not two headings."""
    number = _list_number(lines[index])
    if number is None:
        return False
    before = lines[index - 1] if index > 0 else None
    after = lines[index + 1] if index + 1 < len(lines) else None
    return bool(
        (after is not None and not lines[index].blank_after and _list_number(after) == number + 1)
        or (before is not None and not before.blank_after and _list_number(before) == number - 1)
    )


def _measure_wrap_columns(lines: list[SourceLine]) -> None:
    """Each line's ``wrap_column``: the column its block (up to the blank lines around it) wraps at.

    Measured on the lines that wrapped for certain, those whose next line goes on with
    their words (it opens lowercase, or they stop on an article, a preposition, a
    hyphen): the widest of them, when two or more. A list set narrower than the prose
    wraps at its own column, which the text's width (taken over all of it) does not show.
    """
    start = 0
    for index in range(1, len(lines) + 1):
        if index < len(lines) and not lines[index].blank_before:
            continue
        block = lines[start:index]
        wrapped = [len(above.text) for above, below in itertools.pairwise(block) if _wraps_for_certain(above, below)]
        column = max(wrapped) if len(wrapped) >= 2 else 0
        for line in block:
            line.wrap_column = column
        start = index


def _wraps_for_certain(above: SourceLine, below: SourceLine) -> bool:
    text = above.text
    return (
        below.bullet is None
        and below.heading_level is None
        and not _ends_sentence(text)
        and (
            _LOWER_WORD.match(below.text) is not None
            or _last_word(text) in _OPEN_WORDS
            or (len(text) >= 2 and text[-1] == "-" and text[-2].isalpha())
        )
    )


def _first_word(text: str) -> str:
    return text.split(" ", 1)[0]


def _ran_to_column(above: SourceLine, below: str) -> bool:
    """The line above broke where the first word below would not have fitted its block's column."""
    return above.wrap_column >= _PROSE_COLUMN and len(above.text) + 1 + len(_first_word(below)) > above.wrap_column


# Type is proportional: a word counted in characters may take a little more room than its count.
_FIT_SLACK = 0.05


def _stopped_short(above: SourceLine, below: str) -> bool:
    """The line above stopped where the first word below would still have fitted its block's column:
    its phrase ended there, whatever follows is new."""
    column = above.wrap_column
    return column >= _PROSE_COLUMN and len(above.text) + 1 + len(_first_word(below)) <= (1 - _FIT_SLACK) * column


def _item_closed_by_blank(prev: Unit, line: SourceLine, width: int) -> bool:
    """An unpunctuated list item whose last line stops short, then a blank line and a capital.

    "- Zukunftsorientierte Wege- und Straßenplanung" / (blank) / "Der Landkreis …": the
    item ended where its line did; what follows the blank line is new (a paragraph, a
    heading like "Gute Bildung:"), not the item's wrapped text, which would have run to
    the full width of the column before breaking.
    """
    return (
        prev.kind == "item"
        and line.blank_before
        and line.bullet is None
        and line.heading_level is None
        and line.text[:1].isupper()
        and (len(prev.lines[-1].text) < 0.75 * width or _stopped_short(prev.lines[-1], line.text))
        # "… junger" / "Unternehmensnachfolge" / (blank) / "Unternehmer" / (blank) / "und": a
        # word of the item's sentence set word by word, the item's last line short as all are.
        and not _word_in_sentence(prev, line)
    )


# Words a title joins its nouns with ("Wohnen und Bauen", "Kunst & Kultur", "Mitsprache – Digitalisierung").
_TITLE_JOINERS = frozenset(re.findall(r"\S+", "und oder sowie für von vom im in am an der die das des dem den mit zu zur zum & – - /"))
_TITLE_BELOW_ITEM_WORDS = 5


def _title_below_item(prev: Unit, line: SourceLine, below: SourceLine | None) -> bool:
    """A title of a few nouns on a line of its own right below a finished list item.

    "- … insbesondere Scheunengürtel" / (blank) / "Umwelt:" / "- Baumpflanzung …", "- … kreislich
    koordinieren" / (blank) / "Mitsprache – Digitalisierung" / "Wir wollen:": the next chapter's
    title, not the item's last words. It names a field in nouns (every word capitalised but the
    words joining them), so no verb clause: a lead-in ("Das wollen wir:", "fordern wir:", "Wir
    setzen uns ein für:") stays one. It stands apart: after a blank line, above the next list's
    item, a blank line or a lead-in; one ending in ":" may follow the item at once when a
    bulleted item follows it and the item above ended on a word that closes it.
    """
    text = line.text
    colon = text.endswith(":")
    body = text[:-1].rstrip() if colon else text
    words = body.split()
    if (
        prev.kind != "item"
        or line.bullet is not None
        or line.numbered
        or line.heading_level is not None
        or not 0 < len(words) <= _TITLE_BELOW_ITEM_WORDS
        or not words[0][:1].isupper()
        or words[-1].casefold() in _TITLE_JOINERS
        or body.endswith((*_TERMINAL, "…", "...", "-", "–", "/", "&", "+"))
        or is_leadin(text)
        or _LEADIN_SPEAKERS.intersection(word.casefold() for word in words)
        or not all(word[:1].isupper() or word in _TITLE_JOINERS for word in words)
    ):
        return False
    under_leadin = below is not None and not line.blank_after and is_leadin(below.text) and below.bullet is None
    if not (line.blank_after or line.next_is_bullet or under_leadin):
        return False
    if line.blank_before:
        return colon or under_leadin or line.next_is_bullet
    return (
        colon
        and line.next_is_bullet
        and _last_word(prev.text) not in _OPEN_WORDS
        and not prev.text.endswith((",", "-", "–", "/", "&", "+"))
    )


def _lost_bullet(prev: Unit, line: SourceLine, width: int) -> bool:
    """A line without its bullet mark between two bulleted items of one list.

    "- Erhalt der … Kreissparkasse" / "Breitbandversorgung bis in jedes Dorf" / "- Vorantreiben
    …": no blank line on either side and the list goes on below, so it is an item whose mark
    the text lost, not a title (a title between two lists stands apart or closes no item).
    """
    return (
        prev.lines[0].bullet is not None
        and line.bullet is None
        and line.heading_level is None
        and not line.blank_before
        and not line.blank_after
        and line.next_is_bullet
        and line.text[:1].isupper()
        and len(prev.lines) == 1
        # The item above stops well short of the column and on a noun, so it is
        # complete; a wrapped item runs on from a full line or a lower-case word.
        and len(prev.text) < 0.75 * width
        # (nor up to the column its list wraps at, where the next word would not have fitted)
        and not _ran_to_column(prev.lines[-1], line.text)
        and _last_word_capitalised(prev.text)
        # Itself shaped like its neighbours: short and unpunctuated, not a sentence
        # explaining the item above ("Wir wollen uns für … einsetzen.").
        and len(line.text) < 0.75 * width
        and not _ends_sentence(line.text)
        # A line in capitals between items that are not is display type: the next chapter's title.
        and (not _in_capitals(line.text) or _in_capitals(prev.text))
    )


def _item_wraps(prev: Unit, line: SourceLine, width: int) -> bool:
    """An unfinished item whose lines ran to the column (or end in a comma) goes on in the line below.

    The line below opens with a capital ("Seenplatte", "Regionalbahn nach Berlin …", "Öffentliche
    Plätze und …") but has nothing of its own under it: the next item or a blank line follows.
    A title between two items stands apart or heads text; this one only ends the item.
    """
    return (
        prev.kind == "item"
        and prev.is_open
        and line.bullet is None
        and line.heading_level is None
        and not line.blank_before
        and (line.blank_after or line.next_is_bullet)
        # Every line of the item so far ran on: a short line ended it, and a title may follow.
        # A line ran on when it ends in a comma or an open word, reaches the text's column, or
        # broke where the next word would not have fitted the column its list wraps at.
        and all(
            earlier.text.endswith(",")
            or _last_word(earlier.text) in _OPEN_WORDS
            or len(earlier.text) >= 0.85 * width
            or _ran_to_column(earlier, following.text)
            for earlier, following in itertools.pairwise([*prev.lines, line])
        )
        and not _stopped_short(prev.lines[-1], line.text)
        and not is_leadin(line.text)
        and not _SECTION_NUMBER.match(line.text)
        # "Grüne, klimagerechte Stadt - konkrete Vorhaben linker" / "Politik": with the line
        # above it a title of its own, broken over two lines.
        and not (_ends_unfinished(prev, line) and _wrapped_title(prev, line) is not None)
    )


def _opens_list(prev: Unit, line: SourceLine, strong: bool) -> bool:
    """A trusted bullet below an unfinished paragraph starts an item, not the paragraph's next line.

    Only after a blank line, with a bullet glyph, or below a short clause that stops
    on a function word or an ellipsis ("Wir setzen uns weiter ein…"): a dash right
    below a sentence can be its own punctuation ("… die Stadt" / "- und das Land -").
    """
    text = prev.text
    clause = (
        len(prev.lines) == 1
        and len(text) <= 80
        and (text.endswith(("…", "...")) or _last_word(text) in _STOPWORDS)
    )
    return (
        strong
        and not line.numbered
        and line.bullet is not None
        and (
            line.blank_before
            or clause
            or (line.bullet not in _HYPHEN_MARKS and line.bullet not in cleaning.DASHES)
        )
    )


# A lowercase word of letters opening a line (not an address: "info@…", "gruene.de").
_LOWER_WORD = re.compile(r"[a-zäöüß]+(?=[\s,;]|$)")


def _word_in_sentence(prev: Unit, line: SourceLine) -> bool:
    """A word or two alone on a line inside an unfinished sentence that goes on in lowercase below.

    "… für die deutsche und internationale" / (blank) / "Wirtschaft" / (blank) / "mit" /
    (blank) / "attraktiven Arbeitsplätzen.": justified text whose last line the PDF set word by
    word. The sentence above is open and the line below goes on with it, so the word is one of
    its words, not a title (a title heads a sentence of its own, which opens with a capital).
    """
    return (
        prev.kind in ("paragraph", "item")
        and prev.is_open
        and line.heading_level is None
        and line.bullet is None
        and len(line.text.split()) <= 2
        and line.next_goes_on
        and not _in_capitals(line.text)
    )


def _item_sentence_goes_on(prev: Unit, lines: list[SourceLine], index: int, weak: set[str]) -> bool:
    """Unmarked lines right below a finished item, ending a sentence right above the list's next item.

    A list item may hold two sentences, the second on a line of its own: between two items of
    one list, with no blank line on either side, it is no paragraph of its own (text between
    two lists stands apart from them; a title ends in no full stop).
    """
    line = lines[index]
    if line.blank_before or line.bullet is not None or line.heading_level is not None:
        return False
    if not line.text[:1].isupper() or not _ITEM_END.search(prev.text.rstrip()):
        return False
    end = index
    while end + 1 < len(lines) and not lines[end + 1].blank_before and lines[end + 1].bullet is None:
        end += 1
        if end - index >= _PLEDGE_LINES:
            return False
    nxt = lines[end + 1] if end + 1 < len(lines) else None
    return (
        nxt is not None
        and not nxt.blank_before
        and nxt.bullet is not None
        and nxt.bullet not in weak
        and nxt.bullet == prev.lines[0].bullet
        and bool(_ITEM_END.search(lines[end].text.rstrip()))
    )


def _continues_word(above: SourceLine, line: SourceLine) -> bool:
    """The line finishes a word or a bracket the line above opened: never a title of its own.

    "… zur kulturellen Nutzung (Ellerbachkino, Theater-" / "Aufführungen)": a word
    hyphenated at the line end, or a closing bracket with no opening one in the line.
    """
    before = above.text
    text = line.text
    return (
        not line.blank_before
        and line.bullet is None
        and line.heading_level is None
        and (
            (len(before) >= 2 and before[-1] == "-" and before[-2].isalpha())
            or text.count(")") > text.count("(")
        )
    )


def _absorb_item_tails(units: list[Unit]) -> None:
    """A one-line "title" right below an unfinished item, with nothing of its own below it, is the item's last line.

    "• Wiedereröffnung des historischen" / "Wanderwegs vom Schloss" / "Rheingrafenstein in das
    Huttentat", blank line, next title: the PDF wrapped the item at a narrow column. A title
    stands apart from the list above it (a blank line before, at least as much as after) and
    heads text of its own; this one is glued to the item, and below it comes another title,
    the next item of the same list, or a lowercase item that could only complete a lead-in.
    """
    kept: list[Unit] = []
    for index, unit in enumerate(units):
        prev = kept[-1] if kept else None
        nxt = units[index + 1] if index + 1 < len(units) else None
        line = unit.lines[0] if unit.lines else None
        if (
            unit.kind == "heading"
            and line is not None
            and len(unit.lines) == 1
            and line.heading_level is None
            and not line.blank_before
            and line.bullet is None
            and prev is not None
            and prev.kind == "item"
            and prev.is_open
            and (
                (line.blank_after and (nxt is None or nxt.kind in ("heading", "item")))
                or (nxt is not None and nxt.kind == "item" and nxt.text[:1].islower())
            )
        ):
            prev.add(line)
            continue
        kept.append(unit)
    units[:] = kept


def _title_run_end(units: list[Unit], index: int) -> int:
    """The end of the run of one-line titles from ``index`` on, each right below the last
    (``index`` itself when ``units[index]`` is none)."""
    end = index
    while (
        end < len(units)
        and units[end].kind == "heading"
        and len(units[end].lines) == 1
        and units[end].lines[0].heading_level is None
        and (end == index or not units[end].lines[0].blank_before)
    ):
        end += 1
    return end


def _merge_into_paragraph(units: list[Unit], start: int, end: int) -> None:
    """The one-line titles ``units[start:end]`` as one paragraph, in place."""
    merged = Unit("paragraph")
    for unit in units[start:end]:
        merged.add(unit.lines[0])
    units[start:end] = [merged]


def _signatures_as_paragraphs(units: list[Unit]) -> None:
    """Three or more one-line "titles" on consecutive lines right below finished prose are its signature.

    "… Geben Sie uns Ihre Stimme. Vielen Dank!" / "Erika Muster" / "Stadtverbandsvorsitzende"
    / "Bad Kreuznach": a name, a role and a place set line by line under a letter. Titles
    stand apart from each other; as titles these made chapters with nothing in them and
    moved the real chapters below them a level down. A title broken over lines (a line
    stopping on a lowercase word, a section number, capitals) is no signature.
    """
    index = 0
    while index < len(units):
        end = _title_run_end(units, index)
        run = [unit.lines[0].text for unit in units[index:end]]
        if (
            end - index >= 3
            and index > 0
            and units[index - 1].kind == "paragraph"
            and not units[index - 1].is_open
            and not any(_in_capitals(text) or _ends_lowercase(text) for text in run)
            and not _SECTION_NUMBER.match(run[0])
            and not re.match(r"\d", run[0])
        ):
            _merge_into_paragraph(units, index, end)
            index += 1
        else:
            # A run starting inside this one has a title above it, no prose: skip it whole
            # (one pass over a long run of titles, not one per title).
            index = max(index + 1, end)


def _title_stacks_as_text(units: list[Unit]) -> None:
    """Two or more one-line "titles" on consecutive lines that head no text are one paragraph.

    "Platz 3" / (blank) / "Doris Klein" / "Leiterin" / "Familien-Bildungsstätte" / (blank) /
    "Platz 6": a candidate's name and profession set line by line under the title of their
    place; "… Eure Unterstützung treibt uns an." / "Euer Jean-Pascal Hohm" / "Kreisvorsitzender
    AfD Cottbus" / (blank) / "Finanzen": a letter's signature. Titles stand apart and head text;
    these stand together, right below a title of their own or finished prose, and the next
    title follows them at once: as titles they were chapters with nothing in them.
    """
    index = 0
    while index < len(units):
        end = _title_run_end(units, index)
        run = [unit.lines[0].text for unit in units[index:end]]
        before = units[index - 1] if index > 0 else None
        if (
            end - index >= 2
            and before is not None
            and (end == len(units) or units[end].kind == "heading")
            and (
                (before.kind == "heading" and units[index].lines[0].blank_before)
                or (before.kind == "paragraph" and not before.is_open and not units[index].lines[0].blank_before)
            )
            and not any(_in_capitals(text) or _ends_lowercase(text) for text in run)
            # "Wahlprogramm … von Bündnis" / "90/Die GRÜNEN für Bernau", "Rückblick" / "2019 - 2024":
            # a line opening with no capital goes on with the title above it.
            and all(text[:1].isupper() for text in run)
            and not _SECTION_NUMBER.match(run[0])
        ):
            _merge_into_paragraph(units, index, end)
            index += 1
        else:
            index = max(index + 1, end)


# A letter's closing: "Ihre CDU Erfurt", "Euer Jean-Pascal Hohm", "Ihr" alone above the name.
# Or its formula: "Herzliche Grüße", "Mit freundlichen Grüßen", "Herzlichst".
_CLOSING_GREETING = re.compile(
    r"(?:Ihr|Ihre|Euer|Eure|Dein|Deine)\b(?:\s+[A-ZÄÖÜ\d]\S*(?:\s+\S+)*)?"
    r"|(?:Mit\s+)?(?:[Hh]erzliche[mn]?|[Ff]reundliche[mn]?|[Bb]este[mn]?|[Vv]iele[mn]?|[Ss]olidarische[mn]?)\s+Grü(?:ß|ss)e[n]?|Herzlichst"
)
# The signer's office: "Vorsitzende SPD-Kreisverband", "Thomas Köhler, Kreisvorsitzender".
_SIGNER_ROLE = re.compile(
    r"(?:^|[\s,(])[\w-]*(?:[Vv]orsitzende[rn]?|[Ss]pitzenkandidat(?:in)?|[Bb]ürgermeister(?:in)?"
    r"|[Ss]precher(?:in)?|[Kk]andidat(?:in)?)(?=$|[\s,)])"
)
# A person's name: two to four capitalised words, a title ("Dr.") first at most.
_PERSON_NAME = re.compile(r"(?:(?:Dr|Prof)\.\s+)*[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?(?:\s+[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?){1,3}")
_CLOSING_WORDS = 8


def _closing_line(text: str) -> bool:
    """A greeting that closes a letter ("Ihre Frankfurter Freien Demokraten") or its signer's office."""
    return (
        len(text.split()) <= _CLOSING_WORDS
        and not text.endswith(_TERMINAL)
        and (_CLOSING_GREETING.fullmatch(text) is not None or _SIGNER_ROLE.search(text) is not None)
    )


def _closings_as_text(units: list[Unit]) -> None:
    """One-line "titles" that close a letter go with the prose above them.

    "… Den ersten Schritt gehen wir mit diesem Programm. Herzlichst," / "Ihr Wolfgang Weißkopf" /
    (blank) / "CDU-Kreisvorsitzender" / (blank) / "Präambel": a greeting word and the signer,
    the signer's name right above their office ("Tanja Sagasser-Beil" / "Vorsitzende
    SPD-Kreisverband"), or the office alone. Set apart by blank lines they passed for titles:
    chapters named by a person, with the next chapter's text under them. Right below finished
    prose (or a greeting ending in a comma) they are its signature, and join it; below a
    finished list item a closing formula or greeting is a paragraph of its own.
    """
    signed: set[int] = set()  # ids of the paragraphs that took a closing line: the next may follow
    # Built anew, not deleted from: many closings in a row stay linear (a paragraph's text is
    # read only while it has taken none; see the order of the tests below).
    kept = units[:1]
    for index in range(1, len(units)):
        unit, prev = units[index], kept[-1]
        nxt = units[index + 1] if index + 1 < len(units) else None
        line = unit.lines[0] if unit.lines else None
        text = unit.text
        signer = (
            nxt is not None
            and nxt.kind == "heading"
            and len(nxt.lines) == 1
            and not nxt.lines[0].blank_before
            and _SIGNER_ROLE.search(nxt.text) is not None
            and _closing_line(nxt.text)
            and _PERSON_NAME.fullmatch(text) is not None
        )
        if (
            unit.kind == "heading"
            and line is not None
            and len(unit.lines) == 1
            and line.heading_level is None
            and not line.numbered
            and prev.kind == "paragraph"
            and (
                id(prev) in signed
                or not prev.is_open
                or prev.text.endswith(",")
                # "Ihr" / (blank) / "Dr. Thomas Hartung" / "Spitzenkandidat …": the greeting
                # alone made a paragraph of its own with the name.
                or (_CLOSING_GREETING.fullmatch(prev.lines[0].text) is not None and _closing_line(prev.lines[0].text))
            )
            and (_closing_line(text) or signer)
        ):
            prev.add(line)
            signed.add(id(prev))
            continue
        if (
            unit.kind == "heading"
            and line is not None
            and len(unit.lines) == 1
            and line.heading_level is None
            and prev.kind == "item"
            and not prev.is_open
            and _CLOSING_GREETING.fullmatch(text) is not None
            and _closing_line(text)
        ):
            # Below a list's last item the closing stands alone: a paragraph, not a chapter.
            unit.kind = "paragraph"
            signed.add(id(unit))
        kept.append(unit)
    units[:] = kept


def _join_split_titles(units: list[Unit]) -> None:
    """Two one-line titles right below each other that are one title broken over two lines become one.

    "Integrative" / "Stadtentwicklung": a title's adjective alone on its first line wants its
    noun; "Rückblick" / "2019 - 2024": a span of years is no title of its own. As two titles
    they made a chapter with nothing in it and a section named by the second line. (Run after
    the stacks of titles that head no text became paragraphs: "Sozialdemokratische" /
    "Bürgerzeitung" under a masthead stays the masthead's text.)
    """
    index = 0
    while index + 1 < len(units):
        first, second = units[index], units[index + 1]
        if (
            first.kind == second.kind == "heading"
            and len(first.lines) == len(second.lines) == 1
            and first.lines[0].heading_level is None
            and second.lines[0].heading_level is None
            and not second.lines[0].blank_before
            and not second.text.endswith(_TERMINAL)
            and len(f"{first.text} {second.text}".split()) <= _TITLE_WORDS
            and (
                (_TITLE_ADJECTIVE.fullmatch(first.text) is not None and second.text[:1].isupper())
                or _YEAR_SPAN.fullmatch(second.text) is not None
            )
        ):
            first.add(second.lines[0])
            del units[index + 1]
        index += 1


# A participle or adjective used as a noun, in the genitive plural: "Geflüchteter",
# "Alleinerziehender", "Angehöriger" (not "Theater"; not a plural in "-nder": "Kinder", "Länder").
_GENITIVE_PLURAL = re.compile(r"(?:ete|gte|ende|ige|ene)r$")


def _join_titles_broken_mid_phrase(units: list[Unit]) -> None:
    """A title line heading nothing, and the short title line right below it ending the block, are one title.

    "Starke Wirtschaft und Finanzielle" / "Solidität", "Unterbringung" / "Geflüchteter", each
    pair then a blank line and the chapter's prose: the first line stops on an adjective or a
    function word, or the second is one adjective used as a noun in the genitive plural, so
    neither stands as a title alone. As
    two titles they made a chapter with nothing in it and a section named by the second line.
    """
    index = 0
    while index + 1 < len(units):
        first, second = units[index], units[index + 1]
        if (
            first.kind == second.kind == "heading"
            and len(first.lines) == len(second.lines) == 1
            and first.lines[0].heading_level is None
            and second.lines[0].heading_level is None
            and not first.lines[0].numbered
            and not second.lines[0].numbered
            and not second.lines[0].blank_before
            and second.lines[0].blank_after
            and not first.text.endswith(_TERMINAL)
            and not second.text.endswith(_TERMINAL)
            and _in_capitals(first.text) == _in_capitals(second.text)
            and len(second.text.split()) <= _TITLE_TAIL_WORDS
            and len(f"{first.text} {second.text}".split()) <= _TITLE_WORDS
            and (
                _last_word(first.text) in _STOPWORDS
                or _ends_lowercase(first.text)
                or _TITLE_ADJECTIVE.fullmatch(first.text.split()[-1]) is not None
                or (len(second.text.split()) == 1 and _GENITIVE_PLURAL.search(second.text) is not None)
            )
        ):
            first.add(second.lines[0])
            del units[index + 1]
        index += 1


def _last_word_capitalised(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1][:1].isupper() and words[-1][-1:].isalnum()


def _full_width(text: str, width: int) -> bool:
    """A line that reaches the right margin: the paragraph goes on below it."""
    return len(text) >= 0.7 * width


def _dashes_as_punctuation(lines: list[SourceLine]) -> None:
    """A line opening with a dash the document never uses as a list mark continues the line above.

    "… ermöglicht es den Menschen auf den Dörfern" / "– insbesondere außerhalb der
    Hauptverkehrszeiten – bequem …": the PDF broke the line before a parenthetic dash.
    Only where the line above stops unfinished, with no blank line between, and only for
    an en or em dash that opens no other line (a list of such dashes has two at least).
    """
    counts: dict[str, int] = {}
    for line in lines:
        if line.bullet is not None and line.bullet in cleaning.DASHES and not line.numbered:
            counts[line.bullet] = counts.get(line.bullet, 0) + 1
    for above, line in itertools.pairwise(lines):
        if (
            line.bullet is None
            or line.bullet not in cleaning.DASHES
            or counts.get(line.bullet, 0) >= 2
            or line.blank_before
            or above.heading_level is not None
            or _ends_sentence(above.text)
        ):
            continue
        (nums, first), *rest = line.pieces
        line.pieces = [(nums, f"{line.bullet} {first}"), *rest]
        line.bullet = None
        above.next_is_bullet = False
        above.next_starts_sentence = False


# Words a phrase cannot end on (articles, prepositions, conjunctions): the pledge goes on below.
_OPEN_WORDS = _STOPWORDS - frozenset(
    re.findall(r"\S+", "ist sind wird werden wir sie es sich nicht auch noch so sehr mehr dort hier")
)
# How many lines one unmarked pledge may wrap over, and how many pledges make a list.
_PLEDGE_LINES = 3
_LIST_PLEDGES = 3
# Possessives and demonstratives that stand before their noun ("… Nutzen unserer" / "Innenstadt").
_DETERMINERS = frozenset(
    re.findall(
        r"\S+",
        "unserer unserem unseres unsrer ihrer ihrem ihres seiner seinem seines dieser diesem dieses "
        "diesen jeder jedem jedes jeden",
    )
)


# Prepositions with the article in them; words ending like adjectives that stand for a noun.
_CONTRACTIONS = frozenset(re.findall(r"\S+", "beim ins ans aufs vom zum zur im am"))
_PRONOUNS = frozenset(
    re.findall(r"\S+", "allen viele vielen andere anderen beide beiden einige einigen wenige wenigen")
)


def _pledge_line(line: SourceLine) -> bool:
    """A line an unmarked list of pledges is made of: unmarked, unpunctuated, no sentence inside."""
    text = line.text
    return (
        line.bullet is None
        and line.heading_level is None
        and line.may_be_heading
        and 0 < len(text) <= 200
        and re.search(r"[^\W\d_]{2}", text) is not None
        and not _in_capitals(text)
        and not _ends_sentence(text)
        and not _INNER_SENTENCE_END.search(text)
        and not cleaning.is_page_number(text)
        and not is_leadin(text)
        # An imprint or a table ("Dr. … | An der Gänsewiese 17 | …", "info@…") lists no pledges.
        and not any(mark in text for mark in ("|", "@", "www.", "http"))
    )


_ARTICLES = frozenset(re.findall(r"\S+", "der die das den dem des ein eine einen einem einer eines"))


def _mark_inside_phrase(lines: list[SourceLine], index: int) -> bool:
    """A dash the PDF put on a wrapped line: the line right above stops on an article.

    "… sowie für mehr Aufklärung zu den" / "- Sammelsystemen, um illegale …": no item ends
    on an article or a possessive, so the line below goes on with its noun, mark or not.
    """
    line = lines[index]
    if index == 0 or line.bullet is None or line.numbered or line.bullet not in _HYPHEN_MARKS or line.blank_before:
        return False
    above = lines[index - 1].text
    last = _last_word(above)
    return above[-1:].isalpha() and (last in _ARTICLES or last in _DETERMINERS)


def _pledge_goes_on(above: str, text: str) -> bool:
    """The line continues the pledge above: it opens lowercase, or the line above stops unfinished.

    "… für Kleingewerbe und Wohnen unter" / "einem Dach", "… Familiengutscheine und" / "vieles
    mehr", "… beim gesetzlichen" / "Ganztagesanspruch in Grundschulen": a pledge breaks where
    the column ends; a new one opens with a capital after a line that ends a phrase.
    """
    if not text[:1].isupper() and not text[:1].isdigit() and text[:1] not in _OPENING_QUOTES:
        return True
    last = _last_word(above)
    if above.endswith(("-", ",", "&", "+", "/")) or last in _OPEN_WORDS or last in _DETERMINERS:
        return True
    if above.count("„") > above.count("“") or above.count("(") > above.count(")"):
        return True
    words = re.findall(r"[^\W\d_][\w-]*", above)
    # "… beim gesetzlichen", "… mit guter", "… für große": an adjective after an article or a
    # preposition runs on to its noun ("… weiter ausbauen", "… für alle" end their pledge).
    return (
        len(words) >= 2
        and (words[-2] in _OPEN_WORDS or words[-2] in _DETERMINERS or words[-2] in _CONTRACTIONS)
        and words[-1][:1].islower()
        and len(words[-1]) >= 5
        and words[-1] not in _PRONOUNS
        and _ADJECTIVAL.search(words[-1]) is not None
    )


def _unmarked_pledges(lines: list[SourceLine], width: int) -> None:
    """A flyer's list of pledges one per line without bullets: each pledge an item of its own.

    "Keine Erhöhung der Gewerbesteuer" / "Erweiterung der Gewerbegebiete Erlen und Karrer" /
    "Handwerkerhöfe in Mariatal für Kleingewerbe und Wohnen unter" / "einem Dach" / …: lines
    with no sentence ending anywhere, after a blank line or a lead-in ending in ":". Each pledge
    opens with a capital after a line that ends a phrase and wraps over at most three lines;
    three pledges at least; where a paragraph follows without a blank line, at least half of
    them end well short of the column (prose wraps at the full column, so its lines end alike). The line after the list,
    when no blank line parts them, is no pledge of it: a pledge running into a sentence below
    is that paragraph's title (one line) or its first lines. One pass over the lines.
    """
    index = 0
    while index < len(lines):
        start = index
        if not (
            _pledge_line(lines[start])
            and (start == 0 or lines[start].blank_before or lines[start - 1].text.endswith(":"))
        ):
            index += 1
            continue
        end = start + 1
        while end < len(lines) and not lines[end].blank_before and _pledge_line(lines[end]):
            end += 1
        index = end
        # Pledges as [first, last) line ranges.
        pledges: list[list[int]] = []
        for k in range(start, end):
            if pledges and _pledge_goes_on(lines[k - 1].text, lines[k].text):
                pledges[-1][1] = k + 1
            else:
                pledges.append([k, k + 1])
        # The line below goes on from the last one: with no blank line between and no bullet,
        # or opening lowercase ("… vorgehalten" / "werden." across a page break).
        runs_on = end < len(lines) and lines[end].bullet is None and (
            not lines[end].blank_before or lines[end].text[:1].islower()
        )
        if runs_on and pledges:
            pledges.pop()  # the title or the first lines of the paragraph below
        if (
            len(pledges) < _LIST_PLEDGES
            or any(b - a > _PLEDGE_LINES for a, b in pledges)
            or not lines[pledges[0][0]].text[:1].isupper()
        ):
            continue
        # A pledge says what to do ("Ausbau der …", "… fördern"): a lowercase word; names, roles
        # and places set line by line ("Doris Klein" / "Leiterin" / "Familien-Bildungsstätte") are none.
        worded = sum(
            any(re.search(r"(?:^|\s)[a-zäöüß]{3,}", lines[k].text) for k in range(a, b)) for a, b in pledges
        )
        if 2 * worded < len(pledges):
            continue
        longest = max(len(lines[k].text) for k in range(pledges[0][0], pledges[-1][1]))
        short = sum(len(lines[b - 1].text) < 0.85 * max(longest, width) for a, b in pledges[:-1])
        # Lines that end no sentence up to a blank line are no prose; above a paragraph, though,
        # they may be its first lines, wrapped at the column.
        if runs_on and 2 * short < len(pledges) - 1:
            continue
        for a, b in pledges:
            if a > 0:
                lines[a - 1].next_is_bullet = True
                lines[a - 1].next_starts_sentence = True
                lines[a - 1].next_goes_on = False
            lines[a].bullet = "\u2022"
            for k in range(a + 1, b):
                lines[k].continues_item = True
        lines[pledges[-1][1] - 1].ends_list = True


# The fewest lines an unmarked list under a lead-in ending in ":" is made of.
_LEADIN_ITEMS = 2


def _leadin_item_line(line: SourceLine, width: int) -> bool:
    """A line of an unmarked list under a lead-in: short, unmarked, one phrase or sentence, finished."""
    text = line.text
    words = re.findall(r"[^\W\d_][\w-]*", text)
    return (
        line.bullet is None
        and line.heading_level is None
        and not line.continues_item
        and len(words) >= 2
        # Well short of the column: the line did not wrap, it is the whole item.
        and len(text) < 0.75 * width
        and not _INNER_SENTENCE_END.search(text)
        and not text.endswith((",", "-", "&", "+", "/", ":"))
        and _last_word(text) not in _OPEN_WORDS
        and _last_word(text) not in _DETERMINERS
        and not _ends_in_abbreviation(text)
        and not cleaning.is_page_number(text)
        and not is_leadin(text)
    )


# Words an item of a list completing a lead-in opens with ("die Förderung …", "mehr Kitaplätze"):
# articles, possessives, demonstratives and quantities standing before their noun.
_ITEM_OPENERS = (
    _ARTICLES
    | _DETERMINERS
    | frozenset(
        re.findall(
            r"\S+",
            "unsere unser unseren ihre ihr ihren seine sein seinen alle mehr weniger kein keine keinen",
        )
    )
)
# A line stopping inside an attribute that still needs its participle and noun: an article and a
# preposition, then a word or two ("… Unterstützung der in Cottbus" / "ansässigen … Vereine").
_OPEN_ATTRIBUTE = re.compile(
    r"(?:^|\s)(?:der|die|das|den|dem|des|einer|eines|einem)\s+"
    r"(?:in|im|an|am|auf|aus|bei|beim|mit|nach|von|vom|zu|zum|zur|für|über|unter|vor|durch|gegen)"
    r"(?:\s+[^\s.!?;:,]+){1,2}$"
)


def _leadin_fragment_line(line: SourceLine) -> bool:
    """A lone lowercase word under a lead-in's list: a piece of the item above, no item of its own."""
    text = line.text
    return (
        line.bullet is None
        and line.heading_level is None
        and not line.continues_item
        and re.fullmatch(r"[a-zäöüß][\w-]*", text) is not None
        and text not in _ITEM_OPENERS
        and text not in _OPEN_WORDS
    )


# A line opening with an attribute in the genitive and no article ("geltenden Rechts", "des
# ländlichen Raumes"): it belongs to a noun before it, no item completing a lead-in opens so.
_GENITIVE_OPENING = re.compile(r"(?:des\s+|eines\s+)?[a-zäöüß]{3,}en\s+[A-ZÄÖÜ][\w-]*(?<!s)e?s\b")


def _leadin_items(block: list[SourceLine]) -> list[list[SourceLine]]:
    """The lines of an unmarked list under a lead-in, grouped into its items.

    A line goes on from the item above when it cannot start an item of a list completing the
    lead-in: it opens with a genitive attribute below a line ending on its noun ("… Achtung
    unserer Verfassung, aller Gesetze und Durchsetzung" / "geltenden Rechts"); or the line
    above stops inside an attribute ("… der in Cottbus" / "sorbischen/wendischen Institutionen
    …"); or it is a lone lowercase word ("ansässigen"). Items opening unlike the others
    ("bezahlbare Mieten" among "die …") stay items.
    """
    items: list[list[SourceLine]] = []
    for k, line in enumerate(block):
        if items:
            above = block[k - 1].text
            genitive = (
                _GENITIVE_OPENING.match(line.text) is not None
                and _last_word_capitalised(above)
                and not _ends_sentence(above)
            )
            if genitive or _OPEN_ATTRIBUTE.search(above) or _leadin_fragment_line(line):
                items[-1].append(line)
                continue
        items.append([line])
    return items


def _unmarked_items_under_leadin(lines: list[SourceLine], width: int) -> None:
    """Short lines one per line under a lead-in ending in ":" are its list's items, each of them.

    "Wir wollen:" / "mehr Kitaplätze in allen Ortsteilen" / "sanierte Schulen mit schnellem
    Internet" / …, or "Wir wollen:" / "Mehr Kitaplätze." / "Sanierte Schulen." / …: no marks, no
    line reaching the column, all items opening alike, a blank line, a marked line or the end
    below. The first took the lead-in; the others ran together (lowercase) or were read as
    paragraphs after a finished item (full stops) and lost it. A line that cannot start an item
    of the list goes on from the one above (_leadin_items); a list needs two items.
    """
    for index, leadin in enumerate(lines):
        if not (
            leadin.text.endswith(":") and (is_leadin(leadin.text) or is_wrapped_leadin(leadin.text)) and leadin.bullet is None
        ):
            continue
        end = index + 1
        while end < len(lines) and (
            (
                (end == index + 1 or not lines[end].blank_before)
                and _leadin_item_line(lines[end], width)
            )
            or (end > index + 1 and _leadin_fragment_line(lines[end]))
        ):
            end += 1
        block = lines[index + 1 : end]
        if not block:
            continue
        if end < len(lines) and not (lines[end].blank_before or lines[end].bullet is not None):
            continue  # the lines run on into the text below: a paragraph's lines, not a list
        items = _leadin_items(block)
        if len(items) < _LEADIN_ITEMS:
            continue
        if len({item[0].text[:1].isupper() for item in items}) != 1:
            continue
        previous = leadin
        for item in items:
            previous.next_is_bullet = True
            previous.next_starts_sentence = True
            previous.next_goes_on = False
            item[0].bullet = "\u2022"
            for line in item[1:]:
                line.continues_item = True
            previous = item[-1]
        block[-1].ends_list = True


def _wrapped_title_pair(above: SourceLine | None, first: SourceLine, second: SourceLine, width: int) -> bool:
    """A line starting a block and stopping mid-phrase, and a short unpunctuated line below it: one title.

    "Inklusion, Integration, Teilhabe, Barrierefreiheit: Gemeinsam für eine" / "vielfältige
    Stadt" / prose, "2. Für starke Familie und gute" / "Gesundheit" / a sub-heading: the
    title ran over two lines. On its own the first line stops on a function word or an
    adjective and is no title, so it ran into the text or the item above; the second
    line, far short of the column with a new line below, ends on a noun, as prose never does.
    """
    if (
        first.heading_level is not None
        or second.heading_level is not None
        or (first.bullet is not None and not first.numbered)
        or second.bullet is not None
        or not (first.may_be_heading and second.may_be_heading)
        or second.blank_before
        or first.continues_item
        or second.continues_item
    ):
        return False
    # Where a block starts: after a blank line or a finished sentence.
    if not (first.blank_before or above is None or _ends_sentence(above.text)):
        return False
    head = _unnumbered(first).text if first.numbered else first.text
    tail = second.text
    combined = f"{head} {tail}"
    unfinished = _last_word(head) in _STOPWORDS or _ends_lowercase(head) or head.endswith(",")
    return (
        unfinished
        # A few words, then the break: "Ihr" / "Stadtverband Aalen" is a signature; a title in
        # capitals broken over lines is _continues_title's.
        and len(head.split()) >= 3
        and not _in_capitals(head)
        and (head[:1].isupper() or head[:1].isdigit())
        and not head.endswith(("-", "/"))
        and not _ends_sentence(head)
        and 0 < len(tail.split()) <= _TITLE_TAIL_WORDS
        and len(tail) < 0.5 * width
        and not tail.endswith((*_TERMINAL, "-", "+", "&", "/"))
        # The title ends on its noun ("Zukunft", "Gesundheit"); "… für alle" / "Generationen als
        # lebenswerter" / "Ort …" is a sentence wrapped at a narrow column.
        and _last_word_capitalised(tail)
        and (second.blank_after or second.next_is_bullet or second.next_starts_sentence)
        and len(combined.split()) <= _TITLE_WORDS
        and _INNER_SENTENCE_END.search(combined) is None
        and not is_leadin(head)
        and combined.count("„") <= combined.count("“")
        and combined.count("(") <= combined.count(")")
    )


def _join_wrapped_titles(lines: list[SourceLine], width: int) -> list[SourceLine]:
    """Each title the text broke over two lines (see _wrapped_title_pair) becomes one line."""
    out: list[SourceLine] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if index + 1 < len(lines):
            second = lines[index + 1]
            above = lines[index - 1] if index > 0 else None
            if _wrapped_title_pair(above, line, second, width):
                # Its short second line ended the title as a blank line would: the pair
                # stands apart from the text below it.
                joined = dataclasses.replace(
                    line,
                    pieces=[*line.pieces, *second.pieces],
                    blank_after=True,
                    next_starts_sentence=second.next_starts_sentence,
                    next_is_bullet=second.next_is_bullet,
                    next_first_word=second.next_first_word,
                    next_in_capitals=second.next_in_capitals,
                    next_goes_on=second.next_goes_on,
                    ends_list=second.ends_list,
                )
                probe = _unnumbered(joined) if joined.numbered else joined
                if _is_heading(probe, width, strong=False):
                    out.append(joined)
                    index += 2
                    continue
        out.append(line)
        index += 1
    return out


def _in_item(lines: list[SourceLine], index: int) -> bool:
    """``lines[index]`` belongs to a list item: its block (from the last blank line) opens with a bullet."""
    start = index
    while start > 0 and not lines[start].blank_before and lines[start].bullet is None:
        start -= 1
    return lines[start].bullet is not None


def _title_block_below_item(lines: list[SourceLine], index: int, width: int) -> bool:
    """Two short lines set apart between a list's last item and prose are the next chapter's title.

    "- Genügend Probenräume für Bands und kreative Jugendprojekte" / (blank) / "Stadt- und" /
    "Wohnraumentwicklung" / (blank) / "Wir möchten, dass …": a title broken mid-phrase (its
    first line stops on "und", a lowercase word or a comma, or its second goes on in lowercase:
    "Alzey – Tourismusmagnet" / "der Region Rheinhessen"). Below an unpunctuated item it ran
    into that item; the item's wrapped text would run to the column, not stop at two words.
    """
    if index == 0 or index + 1 >= len(lines):
        return False
    first, second = lines[index], lines[index + 1]
    if (
        not first.blank_before
        or second.blank_before
        or not second.blank_after
        or first.heading_level is not None
        or second.heading_level is not None
        or first.bullet is not None
        or second.bullet is not None
        or first.numbered
        or not (first.may_be_heading and second.may_be_heading)
        or first.continues_item
        or second.continues_item
        or not _in_item(lines, index - 1)
    ):
        return False
    head, tail = first.text, second.text
    unfinished = _last_word(head) in _STOPWORDS or _ends_lowercase(head) or head.endswith(",")
    combined = f"{head} {tail}"
    return (
        (unfinished or tail[:1].islower())
        and 2 <= len(head.split()) <= _TITLE_TAIL_WORDS
        and head[:1].isupper()
        and not _in_capitals(head)
        and len(head) < 0.5 * width
        and not head.endswith(_TERMINAL)
        and _CLOSING_GREETING.match(head) is None
        and 0 < len(tail.split()) <= _TITLE_TAIL_WORDS
        and len(tail) < 0.5 * width
        and not tail.endswith((*_TERMINAL, "-", "+", "&", "/"))
        and _last_word_capitalised(tail)
        and second.next_starts_sentence
        and len(combined.split()) <= _TITLE_WORDS
        and not is_leadin(head)
    )


def _join_title_blocks(lines: list[SourceLine], width: int) -> list[SourceLine]:
    """Each title broken over two lines below a list (see _title_block_below_item) becomes one line."""
    out: list[SourceLine] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _title_block_below_item(lines, index, width):
            second = lines[index + 1]
            joined = dataclasses.replace(
                line,
                pieces=[*line.pieces, *second.pieces],
                blank_after=True,
                next_starts_sentence=second.next_starts_sentence,
                next_is_bullet=second.next_is_bullet,
                next_first_word=second.next_first_word,
                next_in_capitals=second.next_in_capitals,
                next_goes_on=second.next_goes_on,
                ends_list=second.ends_list,
            )
            if _is_heading(joined, width, strong=False):
                out.append(joined)
                index += 2
                continue
        out.append(line)
        index += 1
    return out


def build_units(lines: list[SourceLine]) -> tuple[list[Unit], int]:
    """Group lines into headings, lead-ins, items and paragraphs; returns them and the line width."""
    _dashes_as_punctuation(lines)
    width = estimate_width(lines)
    _unmarked_pledges(lines, width)
    _unmarked_items_under_leadin(lines, width)
    lines = _join_wrapped_titles(lines, width)
    lines = _join_title_blocks(lines, width)
    _measure_wrap_columns(lines)
    weak = weak_bullets(lines, width)
    units: list[Unit] = []
    list_mode = False
    for index, line in enumerate(lines):
        if line.continues_item and units and units[-1].kind == "item":
            units[-1].add(line)
            continue
        if (
            line.numbered
            and not _in_numbered_run(lines, index)
            and _is_heading(_unnumbered(line), width, strong=False)
        ):
            line = _unnumbered(line)  # "1. Wohnen": a numbered heading, not a list item
        prev = units[-1] if units else None
        strong = line.bullet is not None and line.bullet not in weak and not _mark_inside_phrase(lines, index)
        text = line.text
        if line.heading_level is not None:
            units.append(Unit("heading"))
            units[-1].add(line)
            list_mode = False
            continue
        if (
            prev is not None
            and prev.kind == "paragraph"
            and line.blank_before
            and (line.bullet is None or line.numbered)
            and text[:1].isupper()
            and _standalone_title(prev, width)
        ):
            # "Stadtsanierung und" / "Stadtentwicklung", blank line, then prose: a
            # title over two short lines, not the start of the paragraph below.
            prev.kind = "heading"
            prev = None
            list_mode = False
        if (
            prev is not None
            and prev.is_open
            and not _item_closed_by_blank(prev, line, width)
            and _title_below_item(prev, line, lines[index + 1] if index + 1 < len(lines) else None)
        ):
            # "- … insbesondere Scheunengürtel" / (blank) / "Umwelt:": the next list's title, not
            # the item's last words. Ending in ":" it is what its like is after a blank-closed
            # item ("Innere Sicherheit:"), a short paragraph the items below refer to.
            units.append(Unit("paragraph" if line.text.endswith(":") else "heading"))
            units[-1].add(line)
            list_mode = False
            continue
        if (
            prev is not None
            and prev.kind in ("paragraph", "item")
            and prev.is_open
            and not prev.lines[-1].ends_list
            and not (line.blank_ends_paragraph and line.blank_before)
            and not _item_closed_by_blank(prev, line, width)
            # "Unser Ziel: Wir schaffen mehr Kitaplätze" / (blank) / "Die Schulen …": a sentence
            # without its full stop, no title (_colon_then_sentence), ends at the blank line.
            and not (
                line.blank_before and len(prev.lines) == 1 and text[:1].isupper() and _colon_then_sentence(prev.text)
            )
        ):
            if line.bullet is None and line.heading_level is None and _ends_in_abbreviation(prev.text):
                # "… die Chöre, z.B." / "Kulturförderung für alle Vereine": the sentence goes on
                # past the abbreviation's full stop, whatever the line below looks like.
                prev.add(line)
                continue
            if prev.kind == "item" and (
                (strong and not line.numbered)
                or _in_numbered_run(lines, index)
                or _lost_bullet(prev, line, width)
            ):
                units.append(Unit("item"))
            elif _item_wraps(prev, line, width):
                # "- … in der Mecklenburgischen" / "Seenplatte", "- … digitalen Anzeigen," /
                # "Unterstellmöglichkeiten für Räder, …": the item's second line, not a title.
                prev.add(line)
                continue
            elif prev.kind == "paragraph" and _opens_list(prev, line, strong):
                if len(prev.text) <= 80:
                    # "Wir setzen uns im Verkehrswesen ein für" / "- Intelligente
                    # Verkehrsleitsysteme": the unfinished clause is the list's lead-in.
                    prev.kind = "leadin"
                units.append(Unit("item"))
                list_mode = True
            elif (
                _is_heading(line, width, strong)
                and not _continues_word(prev.lines[-1], line)
                and _last_word(prev.text) not in _STOPWORDS
                and (prev.kind == "item" or len(prev.lines[-1].text) < 0.75 * width)
                # An unfinished paragraph line continues in the next line, wrapped at a
                # column narrower than the estimate; only a blank line below makes a title.
                and (prev.kind == "item" or line.blank_before or line.blank_after)
                and not _wrapped_continuation(prev, line)
                and not _word_in_sentence(prev, line)
            ):
                if _ends_unfinished(prev, line):
                    title = _wrapped_title(prev, line)
                    if title is None:
                        # "… an städtischen" / "Ganztagseinrichtungen": the end of the
                        # line above, wrapped, not a title.
                        prev.add(line)
                        continue
                    # "Grüne, klimagerechte Stadt – Vorhaben linker" / "Politik": a
                    # title the PDF broke over two lines, under an unpunctuated item.
                    kept = Unit(prev.kind)
                    for earlier in prev.lines[:-1]:
                        kept.add(earlier)
                    if kept.lines:
                        units[-1] = kept
                    else:
                        units.pop()
                    units.append(Unit("heading"))
                    units[-1].add(title)
                    list_mode = False
                    units[-1].add(line)
                    continue
                # An unpunctuated list item or a short unfinished line, then a
                # heading: the PDF left out the blank line between them.
                units.append(Unit("heading"))
                list_mode = False
            else:
                if _title_over_prose(prev, line, width):
                    # "Transparenz und Digitalisierung in der" / "Stadtverwaltung" /
                    # "Wir stehen für …": a title over two short lines above its prose.
                    prev.kind = "heading"
                    list_mode = False
                    prev.add(line)
                    continue
                if (
                    prev.kind == "paragraph"
                    and len(prev.lines) == 1
                    and prev.lines[0].blank_before
                    and line.next_is_bullet
                    and _ends_unfinished(prev, line)
                    and _is_heading(dataclasses.replace(line, blank_after=True), width, strong)
                    and _wrapped_title(prev, line) is not None
                ):
                    # "Ausbau und Förderung des genossenschaftlichen" / "Wohnungsbaus"
                    # above a list: one title over two lines, not a paragraph.
                    prev.kind = "heading"
                    list_mode = False
                prev.add(line)
                continue
            units[-1].add(line)
            continue
        if prev is not None and prev.kind == "heading" and _continues_title(prev, line):
            # "Ausbau und Förderung des sozialen kommunalen und" / "Wohnungsbaus":
            # the second line of a title the PDF broke, not a title or text of its own.
            prev.add(line)
            continue
        # A lead-in wrapped over lines (up to 80 characters) is one still; a longer one stays a
        # paragraph, a passage of its own the items below refer to: either way a list follows.
        after_intro = prev is not None and prev.kind == "paragraph" and is_wrapped_leadin(prev.text)
        if after_intro and prev is not None and is_leadin(prev.text):
            prev.kind = "leadin"
        after_leadin = after_intro or (prev is not None and prev.kind == "leadin")
        if (
            _is_heading(line, width, strong)
            and not _wrapped_continuation(prev, line)
            and (not after_leadin or (line.blank_before and line.blank_after))
        ):
            units.append(Unit("heading"))
            list_mode = False
        elif is_leadin(text):
            units.append(Unit("leadin"))
            list_mode = True
        elif (line.bullet is not None and (list_mode or strong)) or after_leadin:
            if (
                not list_mode
                and prev is not None
                and prev.kind == "paragraph"
                and is_leadin(prev.text)
            ):
                # Only a short clause is a lead-in; a longer paragraph ending in ":"
                # stays a passage of its own.
                prev.kind = "leadin"
            units.append(Unit("item"))
            list_mode = True
        elif prev is not None and prev.kind == "item" and _item_sentence_goes_on(prev, lines, index, weak):
            # "• Mehr Personal in den Bürgerbüros." / "Das entlastet auch die Beschäftigten." /
            # "• Eine digitale Terminvergabe …": the item's second sentence, not a paragraph.
            prev.add(line)
            continue
        elif list_mode and prev is not None and prev.kind == "item" and line.bullet is None:
            # Items completing a lead-in start lowercase ("den Bau ..."); a capital
            # letter after a finished item starts prose again.
            if text[:1].islower():
                units.append(Unit("item"))
            else:
                units.append(Unit("paragraph"))
                list_mode = False
        elif (
            prev is not None
            and prev.kind == "paragraph"
            and not line.blank_before
            and (
                _full_width(prev.lines[-1].text, width)
                # "… den Stadtrat oder den Kreistag:" / "überall stellen sich …": a lowercase
                # word after a colon goes on with the sentence, wherever the line broke.
                or (prev.text.endswith(":") and _LOWER_WORD.match(text) and line.bullet is None)
            )
        ):
            prev.add(line)
            continue
        else:
            units.append(Unit("paragraph"))
        units[-1].add(line)
    return units, width


# --- line numbers ------------------------------------------------------------------


def _span(length: int, width: int) -> tuple[int, int]:
    """How many PDF lines a piece of text can fill: (fewest, most)."""
    if length == 0:
        return 0, 0
    return math.ceil(length / (1.1 * width)), max(1, math.ceil(length / (0.45 * width)))


@dataclass(frozen=True)
class Attribution:
    """Where a unit's first and last PDF line may lie; a bound pair that is equal is certain."""

    first: tuple[int, int]
    last: tuple[int, int]


def attribute_lines(unit: Unit, width: int) -> Attribution | None:
    """Bounds for the unit's first and last PDF line, or None when its numbers contradict the text.

    Line numbers mark where a PDF line starts. A source line up to one line
    width long is exactly one PDF line; longer text fills a range of lines. A
    trailing number with no text after it belongs to the next line and is ignored.
    """
    # Segments: (numbers that start it, text)
    segments: list[tuple[tuple[int, ...], str]] = [
        piece for line in unit.lines for piece in line.pieces
    ]
    while segments and segments[-1][0] and not segments[-1][1]:
        segments.pop()
    numbers = [n for nums, _ in segments for n in nums]
    if not numbers:
        return None
    if any(b <= a for a, b in itertools.pairwise(numbers)):
        return None
    if any(nums and nums[-1] - nums[0] + 1 != len(nums) for nums, _ in segments):
        return None
    if any(not text for _, text in segments):
        return None
    anchors = [i for i, (nums, _) in enumerate(segments) if nums]
    # Between numbers: the text must fit the lines the numbers leave.
    for a, b in itertools.pairwise(anchors):
        gap = segments[b][0][0] - segments[a][0][0]
        fewest, most = _spans(segments[a:b], width)
        if not fewest <= gap <= most:
            return None
    lead_lo, lead_hi = _spans(segments[: anchors[0]], width)
    first_number = segments[anchors[0]][0][0]
    last_nums = segments[anchors[-1]][0]
    lo, hi = _span(len(segments[anchors[-1]][1]), width)
    if not lo <= len(last_nums) <= hi:
        return None
    tail_lo, tail_hi = _spans(segments[anchors[-1] + 1 :], width)
    first = (first_number - lead_hi, first_number - lead_lo)
    last = (last_nums[-1] + tail_lo, last_nums[-1] + tail_hi)
    if first[0] < 1:
        return None
    return Attribution(first, last)


def _spans(segments: list[tuple[tuple[int, ...], str]], width: int) -> tuple[int, int]:
    """Bounds on the PDF lines taken by consecutive segments; a short one is exactly one."""
    fewest = most = 0
    for _, text in segments:
        if len(text) <= 1.1 * width:
            fewest, most = fewest + 1, most + 1
        else:
            lo, hi = _span(len(text), width)
            fewest, most = fewest + lo, most + hi
    return fewest, most


def _certain(bounds: tuple[int, int]) -> int | None:
    return bounds[0] if bounds[0] == bounds[1] else None


def explicit_numbers(unit: Unit) -> set[int]:
    """The line numbers printed inside a unit's own text (a trailing one excluded)."""
    segments = [piece for line in unit.lines for piece in line.pieces]
    while segments and segments[-1][0] and not segments[-1][1]:
        segments.pop()
    return {n for nums, _ in segments for n in nums}


def resolve_spans(
    attributions: list[Attribution | None], printed: list[set[int]]
) -> list[tuple[int, int] | None]:
    """Certain spans, with uncertain ends settled by a neighbour's certain end, collisions dropped.

    An uncertain last line is taken as one before the next unit's certain first
    line when that value lies within its bounds (and vice versa). Two passages
    cannot share a PDF line; when spans collide at least one is wrong, and we
    cannot tell which, so both go; so does a span covering a number printed
    in another unit's text.
    """
    spans: list[tuple[int, int] | None] = []
    for i, att in enumerate(attributions):
        if att is None:
            spans.append(None)
            continue
        first = _certain(att.first)
        last = _certain(att.last)
        prev = attributions[i - 1] if i > 0 else None
        nxt = attributions[i + 1] if i + 1 < len(attributions) else None
        if first is None and prev is not None and _certain(prev.last) is not None:
            candidate = prev.last[0] + 1
            first = candidate if att.first[0] <= candidate <= att.first[1] else None
        if last is None and nxt is not None and _certain(nxt.first) is not None:
            candidate = nxt.first[0] - 1
            last = candidate if att.last[0] <= candidate <= att.last[1] else None
        spans.append((first, last) if first is not None and last is not None else None)
    known = [i for i, span in enumerate(spans) if span is not None]
    bad: set[int] = set()
    # Spans must climb: each starts after every earlier one ended.
    holder: int | None = None
    for i in known:
        span = spans[i]
        assert span is not None
        if holder is not None:
            top = spans[holder]
            assert top is not None
            if span[0] <= top[1]:
                bad.update((i, holder))
            if span[1] <= top[1]:
                continue
        holder = i
    owner: dict[int, set[int]] = {}
    for j, numbers in enumerate(printed):
        for n in numbers:
            owner.setdefault(n, set()).add(j)
    for i in known:
        span = spans[i]
        assert span is not None
        if any(owner.get(n, {i}) - {i} for n in range(span[0], span[1] + 1)):
            bad.add(i)
    return [None if i in bad else span for i, span in enumerate(spans)]


# --- programme -----------------------------------------------------------------------


def parse_programme_text(raw: str, fmt: Format = "text") -> ParsedProgramme:
    """Raw extracted text, Markdown or a stored block stream → sections of passages, plus metadata."""
    if fmt == "blocks":
        blocks, metadata = load_blocks(raw)
        return structure_blocks(blocks, metadata)
    blocks, metadata = text_blocks(raw, fmt)
    return structure_blocks(blocks, metadata)


def text_blocks(raw: str, fmt: Format = "text") -> tuple[list[Block], dict[str, str]]:
    """The plain-text and Markdown reader: lines → typed blocks, with header metadata."""
    text = cleaning.normalise_characters(cleaning.decode_escapes(raw))
    front: dict[str, str] = {}
    if fmt == "markdown":
        front_lines, front = _front_matter(text.split("\n"))
        text = strip_markdown_residue("\n".join(front_lines))
    lines, furniture = cleaning.remove_page_furniture(text)
    metadata, lines = split_motion_header(lines)
    metadata.update(front)
    lines, candidates = candidate_boxes(lines)
    if candidates:
        metadata["Kandidierende"] = " | ".join(candidates)
    lines = split_glued_headings(
        split_glued_items(reattach_bullets(sentence_dashes(ellipsis_items(glued_dash_marks(caps_titles_with_colon(bare_section_numbers(lines)))))))
    )
    units, width = build_units(source_lines(lines, fmt))
    _absorb_item_tails(units)
    _signatures_as_paragraphs(units)
    _title_stacks_as_text(units)
    _join_split_titles(units)
    _join_titles_broken_mid_phrase(units)
    _closings_as_text(units)
    _subheadings_over_lists(units)
    _demote_orphan_leadins(units)
    spans = resolve_spans(
        [attribute_lines(unit, width) for unit in units], [explicit_numbers(u) for u in units]
    )
    if furniture.cover:
        metadata["Titelseite"] = " | ".join(furniture.cover)
    blocks: list[Block] = []
    for unit, span in zip(units, spans, strict=True):
        clean = cleaning.restore_sentence_space(cleaning.collapse_spaces(unit.text))
        if not clean:
            continue
        level = 1
        if unit.kind == "heading":
            marked = unit.lines[0].heading_level
            level = marked if marked is not None and fmt == "markdown" else _numbered_level(clean)
        blocks.append(Block(unit.kind, clean, level, None, span))
    if fmt != "markdown":
        blocks = _chapter_levels(blocks)
    return blocks, metadata


_MD_COMMENT = (re.compile(r"<!--"), re.compile(r"-->"))
_MD_FIGURE = (re.compile(r"<figure\b", re.IGNORECASE), re.compile(r"</figure>", re.IGNORECASE))
_MD_TAG = (
    re.compile(
        r"</?(?:figure|figcaption|div|span|br|sup|sub|p|a|img|u|b|i|em|strong|small|mark|section)\b",
        re.IGNORECASE,
    ),
    re.compile(r">"),
)
# "(?<!\s)": a match starts where the spaces before the brace do, never inside them
# (from there it would match the same), and "{" ends an attribute's scan: both keep a
# long run of spaces or of "{#" from costing one scan per character.
_MD_ATTRIBUTES = re.compile(r"(?<!\s)\s*\{(?:[#.=][^{}\n]*|[\w-]+=[^{}\n]*)\}")
_MD_FOOTNOTE_MARK = re.compile(r"\[\^[^\[\]\s]+\](?!:)")
_MD_FOOTNOTE_DEFINITION = re.compile(r"^\[\^[^\]\s]+\]:\s*", re.MULTILINE)
# Spaces, not blank lines, before the ":::" ("\s*" would scan all blank lines below every line).
_MD_FENCED_DIV = re.compile(r"^[^\S\n]*:::.*$", re.MULTILINE)


def _cut_spans(text: str, span: tuple[re.Pattern[str], re.Pattern[str]], replacement: str) -> str:
    """Every span from an opener to the first closer after it → ``replacement``, as the regex
    ``opener.*?closer`` (DOTALL) would, but stopping at the first opener without a closer:
    the regex scans to the end from each of them, which on thousands of them takes minutes."""
    opener, closer = span
    out: list[str] = []
    position = 0
    while (start := opener.search(text, position)) is not None:
        end = closer.search(text, start.end())
        if end is None:
            break
        out.extend([text[position : start.start()], replacement])
        position = end.end()
    out.append(text[position:])
    return "".join(out)


def strip_markdown_residue(text: str) -> str:
    """What converters leave in Markdown that is no text: HTML comments (page breaks,
    headers), figures (text read out of images), tags, Pandoc attributes and divs,
    footnote marks. A footnote's own text stays, without its label."""
    text = _cut_spans(text, _MD_COMMENT, "\n")
    text = _cut_spans(text, _MD_FIGURE, "\n")
    text = _cut_spans(text, _MD_TAG, "")
    text = _MD_ATTRIBUTES.sub("", text)
    text = _MD_FOOTNOTE_DEFINITION.sub("", text)
    text = _MD_FOOTNOTE_MARK.sub("", text)
    return _MD_FENCED_DIV.sub("", text)


# A full stop after a number of one or two digits that follows an article or preposition is an
# ordinal inside the sentence ("den 24. November", "des 2. Bauabschnitts", "am 9. Juni"), not
# its end; after any other word it may close an item before a numbered heading ("… ihren
# Kindern 2. Soziale Daseinsvorsorge …"). A lookbehind for the patterns below (one per word
# and width: a lookbehind must have a fixed width).
_ORDINAL_WORDS = re.findall(r"\S+", "den dem des der die das am im vom zum zur beim ins bis ab seit vor nach um ihr ihre")
# (Each pattern looks ahead for its capital first: then a line of dots never reaches these.)
_NOT_ORDINAL = "".join(rf"(?<!\b{word} {digits}\.)" for word in _ORDINAL_WORDS for digits in (r"\d", r"\d\d"))


_SENTENCE_OPENERS = (
    "Der|Die|Das|Den|Dem|Wir|Unsere|Unser|Uns|In|Im|Mit|Für|Es|Ein|Eine|Auch|Dabei|Damit|"
    "Deshalb|Deswegen|Daher|Durch|Seit|Um|Zu|Zur|Zum|Bei|Als|Viele|Immer|Gerade|Nur|Heute|"
    "Jede|Jeder|Jedes|Alle|Menschen|Gute|Gutes|Eine|Ohne|Nach|Vor|Wer|Wenn|Was|Wie|Diese|Dieser|"
    "Dieses|Einer|Eines|Einen|Derzeit|Aktuell|Zudem|Außerdem|Hier|Dazu|Dafür|Darüber|Gemeinsam|"
    "Neben|Unter|Sie|Ich|Ihr|Besonders|Gleichzeitig|Zusätzlich|Insbesondere|Bereits|Während|Unseren|"
    "Unserer|Unserem|Ob|So|Nicht|Mehr|Bis|Aus|Auf|An|Am|Über"
)
_GLUED_HEADING = re.compile(
    rf"^(?P<head>[A-ZÄÖÜ0-9][^.!?:;]{{6,100}}?[a-zäöüß])(?P<start>(?:{_SENTENCE_OPENERS})\s\S.*)$"
)


# The same glued heading at a position inside a line.
_GLUED_HEADING_AT = re.compile(
    rf"(?P<head>[A-ZÄÖÜ0-9][^.!?:;]{{6,100}}?[a-zäöüß])(?P<start>(?:{_SENTENCE_OPENERS})\s\S)"
)
_LEADING_SPACE = re.compile(r"\s*")


# Inside a line: a sentence ends, then a heading runs into the next sentence
# ("… einfacher macht. Mehr Personal und MotivationDerzeit ist …"), as in text
# scraped from web pages, where every line break between headings was lost.
_INNER_GLUE = re.compile(
    rf"""(?<=[.!?])(?=["'»«”“)\]]*\s*[A-ZÄÖÜ0-9]){_NOT_ORDINAL}["'»«”“)\]]*\s*(?=[A-ZÄÖÜ0-9][^.!?:;]{{6,100}}?[a-zäöüß](?:{_SENTENCE_OPENERS})\s\S)"""
)


def _unglue_inner(line: str) -> list[str]:
    """A line with headings glued inside it → the line broken before each such heading (blank lines between)."""
    parts: list[str] = []
    start = 0
    for match in _INNER_GLUE.finditer(line):
        # Matched in place, not on a copy of the rest of the line: a line of many
        # sentences would otherwise be copied once per sentence.
        spaces = _LEADING_SPACE.match(line, match.end())
        head = _GLUED_HEADING_AT.match(line, spaces.end() if spaces else match.end())
        # One word is a heading only when glued on both sides ("… zählt!EnergiewendeUnsere …").
        fewest = 1 if match.end() > 0 and not line[match.end() - 1].isspace() else 2
        if head is None or not fewest <= len(head.group("head").split()) <= 12:
            continue
        before = line[start : match.end()].rstrip()
        if before:
            parts.extend([before, ""])
        start = match.end()
        if fewest == 1:
            # The block-start rule below wants two words; part the one-word heading here.
            parts.extend([head.group("head"), ""])
            start = head.start("start")
    if not parts:
        return [line]
    parts.append(line[start:])
    return parts


# A heading set in capitals, two words or more ("EHRENAMT STÄRKEN", "FÜR UNSERE KINDER:
# BILDUNG PRIORISIEREN"); its last word ends before a capital that starts a lowercase word.
# Bounded so that a line of capitals costs one pass, not one per character: a match starts
# only where a run of capitals does (never inside one: from there it would end the same
# way), a word is at most 40 characters, a heading at most 25 words with separators of
# at most 4 characters (real ones: 13 words, 18 characters, 3).
# Quotation marks may stand between its words and after the last ("INITIATIVE “JUNGES
# STAßFURT”Durch …"); "ß" has no capital, so "Aß" inside a word in capitals starts no word.
_CAPS_HEADING = re.compile(
    r"(?<![A-ZÄÖÜ])(?:[A-ZÄÖÜ][A-ZÄÖÜß0-9]{0,39}[ \-–:,&/„“”\"»«]{1,4}){1,24}"
    r"[A-ZÄÖÜ][A-ZÄÖÜß0-9]{1,39}?[”“\"»«]?(?=[A-ZÄÖÜ](?:[a-zäöü]|ß[a-zäöüß])|$)"
)


def _unglue_capitals(line: str) -> list[str]:
    """"GemeinderatFÜR UNSERE KINDER" / "EHRENAMT STÄRKENDurch …": a capitals heading glued to
    the words around it (no space between) → on a line of its own, blank lines around it."""
    parts: list[str] = []
    start = 0
    # Trailing spaces stripped, the heading may end the line ("$" then needs no scan of them).
    for match in _CAPS_HEADING.finditer(line.rstrip()):
        head = match.group(0).strip()
        before = line[match.start() - 1 : match.start()]
        after = line[match.end() : match.end() + 1]
        glued_before = before[:1].isalpha() or before[:1].isdigit()
        glued_after = after[:1].isalpha()
        if len(re.findall(r"[A-ZÄÖÜß]{2,}", head)) < 2 or not (glued_before or glued_after):
            continue
        if match.start() > start:
            parts.extend([line[start : match.start()].rstrip(), ""])
        parts.extend([head, ""])
        start = match.end()
    if not parts:
        return [line]
    rest = line[start:].strip()
    if rest:
        parts.append(rest)
    return parts


def split_glued_headings(lines: list[str]) -> list[str]:
    """"Mobilität umweltverträglichDer Mangel …": a heading that lost its line break.

    Only where a common sentence opener follows a lowercase letter without a
    space (which no German word does): at the start of a block, or inside a
    line right after a sentence ends; or where a heading in capitals touches
    a word without a space.
    """
    unglued: list[str] = []
    for line in lines:
        for piece in _unglue_capitals(line):
            unglued.extend(_unglue_inner(piece))
    lines = unglued
    out: list[str] = []
    for index, line in enumerate(lines):
        match = _GLUED_HEADING.match(line.strip())
        starts_block = index == 0 or not lines[index - 1].strip()
        if match and starts_block and len(match.group("head").split()) >= 2:
            out.extend([match.group("head"), "", match.group("start")])
        else:
            out.append(line)
    return out


# "- eine bessere Unterstützung des Frauenhauses Bad Kreuznach- eine Förderung …":
# inside a list line, a word, a dash, a space and a lowercase word is the next item
# that lost its line break; a suspended compound ("Kinder- und Jugendarbeit", borrowed
# "Park- and Ride-Konzept") is not.
_GLUED_ITEM = re.compile(
    r"(?<=[^\W\d_]{2})([-–]) (?=(?!(?:und|oder|bis|sowie|bzw|als|wie|noch|auch|zu|and|or)\b)[a-zäöüß])"
)


def _glued_bullet(mark: str) -> re.Pattern[str]:
    """The mark between two words of a list line, spaces around it: "… Ortsteilen ▪ Busse …"."""
    return re.compile(rf"(?<=\S) ({re.escape(mark)}) (?=\S)")


# In a line without a mark of its own, a whole list whose line breaks were lost
# ("… und Themen- Bewahren und stärken … Menschen.- Aktive und qualifizierte …"): a
# dash glued to the word or sentence before it, then a capital; a suspended compound
# never stands before a capital without "und"/"oder".
# ("Bildungsgerechtigkeit- … ein ausreichendes Angebot": items may go on from their title with "…".)
_INLINE_ITEM = re.compile(r"(?:(?<=[.!?;:])\s?|(?<=[^\W\d_]{2}))[-–]\s(?=[A-ZÄÖÜ„\"…])")
_INLINE_BULLET = re.compile(r"(?<=\S)\s+•\s+(?=\S)")
# "… für eine Sozialpolitik, - die unabhängige Beratung …,- die freiwillige …": items that
# complete a lead-in start lowercase, each after the comma that closed the one before.
_INLINE_LOWER_ITEM = re.compile(r"(?<=[,;.])\s*[-–]\s+(?=[a-zäöüß])")
# Inside such a line, the next lead-in follows an item's full stop: "… belässt. … für eine …"
_INLINE_LEADIN = re.compile(r"(?<=[.!?])\s+(?=…)")


# A programme whose line breaks were all lost holds its lists inside its prose: "…
# Verkehrswege.Wir setzen uns dafür ein:- die vorhandenen Strecken …,- die Verkehrswege …,- …
# zu verhindern.Die Gesundheit …". A list opens with a dash right after a lead-in's colon; its
# next items open with a dash glued to the end of the item before ("…,- ", "….- ", "Neubau- die
# …"; a dash with a space before it is punctuation), not before a suspended compound's
# conjunction ("Brand- undKatastrophenschutz"). The last item ends at its first sentence's end.
_RUN_START = re.compile(r"(?<=[^\W\d_]):[-–]\s?(?=\S)|(?<=[^\W\d_]):\s[-–]\s(?=\S)")
_RUN_MARK = re.compile(
    r"(?<=[^\s\d])[-–]\s(?!(?:und|oder|bis|sowie|bzw|als|wie|noch|auch|zu|and|or)(?![a-zäöüß])|&)(?=\S)"
)
_RUN_SENTENCE_END = re.compile(rf"""(?<=[a-zäöüß)0-9]{{2}}[.!?]){_NOT_ORDINAL}["“”)]*(?=\s*[A-ZÄÖÜ„"])""")
_SENTENCE_START = re.compile(r"""(?<=[a-zäöüß)0-9][.!?])["“”)]*\s*(?=[A-ZÄÖÜ„"])""")
_RUN_ITEMS = 3  # the fewest items of a list found inside prose
_RUN_ITEM_CHARS = 1000  # the longest such item, in characters (about _INLINE_ITEM_WORDS words)


# "… am Tag gegen Gewalt an Frauen und ihren Kindern 2. Soziale Daseinsvorsorge …", "…
# Arbeitszeitmodelle. 4. Nachhaltige …": the next chapter's number after the last item's word
# or sentence ends the item (not a date: "am 2. Juli").
_RUN_CHAPTER = re.compile(rf"(?<=[^\W\d_]{{2}}|[^\W\d_][.!?]) (?=\d{{1,2}}\.\s?[A-ZÄÖÜ][a-zäöüß]){_NOT_ORDINAL}")
# The chapter's title then runs to its first sentence's end ("2. Soziale Daseinsvorsorge im
# Landkreis sichern!Die Soziale …"): a title line of its own, at most this many words.
_RUN_CHAPTER_TITLE = re.compile(r"\d{1,2}\.\s?[A-ZÄÖÜ][^.!?:;]{2,120}[.!?]")
_RUN_CHAPTER_WORDS = 12


def _run_sentence_end(text: str, start: int = 0, stop: int | None = None) -> int | None:
    """Where the first sentence from ``start`` ends: not in an abbreviation ("z.B. durch"), not
    inside a quotation or brackets ("„Meine Gesundheit – Digital.Nah.Neuwied“"); or where the
    next chapter's number follows its last word."""
    stop = len(text) if stop is None else min(stop, len(text))
    chapter = _RUN_CHAPTER.search(text, start, stop)
    for end in _RUN_SENTENCE_END.finditer(text, start, chapter.start() if chapter else stop):
        before = text[start : end.start()]
        if _ends_in_abbreviation(before.rstrip("\"“”)")):
            continue
        if before.count("„") > before.count("“") or before.count("(") > before.count(")"):
            continue
        return end.end()
    return chapter.start() if chapter else None


def _list_run(line: str, start: int) -> tuple[list[str], list[int], int]:
    """The items of a list inside prose whose first item starts at ``start``, where each starts,
    and where the list ends (no items: where the last one found no end in reach)."""
    items: list[str] = []
    starts: list[int] = []
    cursor = start
    while True:
        # An item is short: only its reach is searched, the line may be a whole programme long.
        reach = cursor + _RUN_ITEM_CHARS
        mark = _RUN_MARK.search(line, cursor, reach)
        piece = line[cursor : mark.start()] if mark is not None else ""
        if (
            mark is not None
            and len(piece.split()) <= _INLINE_ITEM_WORDS
            # The next lead-in's list ("… verlagern.Gesundheitsversorgung … Wofür wir uns
            # einsetzen:- …"): this list ended at the sentence's end before it.
            and line[mark.start() - 1] != ":"
            # A sentence ends inside an item only when the item is a sentence too ("… Baustein.
            # Daher soll … gestärkt werden.- Bis 2026 …"); a phrase's list ended there.
            and (_run_sentence_end(piece.rstrip()[:-1]) is None or piece.rstrip().endswith((".", "!", "?")))
        ):
            items.append(piece)
            starts.append(cursor)
            cursor = mark.end()
            continue
        # The last item: up to its first sentence's end, or the line's end.
        end = _run_sentence_end(line, cursor, reach)
        if end is None and reach < len(line):
            return [], [], cursor  # no end in reach: prose with a dash in it, not a list's last item
        stop = end if end is not None else len(line)
        items.append(line[cursor:stop])
        starts.append(cursor)
        return items, starts, stop


def _split_list_runs(line: str) -> list[str]:
    """The lists inside a line of prose (`_RUN_START`) → each on lines of its own, its lead-in before it."""
    out: list[str] = []
    done = 0  # where the text not yet written out starts
    search = 0
    while (opening := _RUN_START.search(line, search)) is not None:
        items, item_starts, stop = _list_run(line, opening.end())
        items = [item.strip().rstrip(",;").strip() for item in items]
        if len(items) < _RUN_ITEMS or not all(items):
            # An opening further on, before the item that failed this list (an empty one, or
            # the last without an end in reach), meets that item at the same mark and fails
            # alike: the search goes on from there, else a line of many openings ("a:-x- "
            # thousands of times, then ",- ") is searched again from each, quadratic.
            failed = next((at for at, item in zip(item_starts, items, strict=True) if not item), None)
            if not items:
                failed = stop
            search = max(opening.end(), failed if failed is not None else 0)
            continue
        before = line[done : opening.start() + 1]
        starts = [m.end() for m in _SENTENCE_START.finditer(before)]
        cut = starts[-1] if starts else 0
        prose, leadin = before[:cut].strip(), before[cut:].strip()
        if not is_leadin(leadin):
            # "… Rahmenbedingungen schaffen.Konkret bedeutet das:": no lead-in of its own, the
            # sentence closes the paragraph its items refer to.
            prose, leadin = before.strip(), ""
        out.extend([prose, ""] if prose and leadin else [prose] if prose else [])
        # A glyph, not a dash: the marks were found for certain, none is a wrapped line's.
        out.extend([*([leadin] if leadin else []), *(f"\u2022 {item}" for item in items), ""])
        done = search = stop
        title = _RUN_CHAPTER_TITLE.match(line, stop + 1)
        if line[stop : stop + 1] == " " and title is not None and len(title.group().split()) <= _RUN_CHAPTER_WORDS:
            out.extend([title.group(), ""])
            done = search = title.end()
    if not out:
        return [line]
    rest = line[done:].strip()
    return [*out, rest] if rest else out


def split_glued_items(lines: list[str]) -> list[str]:
    """A list line holding several items (their line breaks lost) → one line per item, each with the line's mark.

    A line with a mark of its own parts at every glued mark; a line without one
    only when it holds at least three items: the text before the first mark
    stays as it is (the list's title or lead-in), the items follow, each with a mark.
    """
    out: list[str] = []
    for line in lines:
        bullet, rest = cleaning.strip_bullet(line.strip())
        if bullet is None:
            runs = _split_list_runs(line)
            out.extend(runs if runs != [line] else _split_inline_list(line))
            continue
        # A glyph of the line's own mark between two words is the next item's mark ("▪ Radwege ▪
        # Busse"); a hyphen or dash only before a lowercase word (it may be punctuation), a star
        # or an arrow never (emphasis, "Bürger * innen"; "Bahnhof → Innenstadt").
        pattern = (
            _GLUED_ITEM
            if bullet in ("-", "–")
            else None
            if bullet in cleaning.DASHES or bullet in ("*", "\u2192")
            else _glued_bullet(bullet)
        )
        if pattern is None or not pattern.search(rest):
            out.append(line)
            continue
        pieces = [piece.strip() for piece in pattern.split(rest)[::2]]
        out.extend(f"{bullet} {piece}" for piece in pieces if piece)
    return out


# The most words an item of a list whose line breaks were lost holds (the last may run on
# into the prose after the list). A "mark" followed by paragraphs of prose is a name or a
# compound hyphenated at a lost line end ("Rengsdorf- Waldbreitbach, und die vielen …").
_INLINE_ITEM_WORDS = 60


# "… alle Lebensbereiche. Wirtschaft und Mobilität - Wir müssen …": in a one-line list, a
# short title after a sentence, then a spaced dash and a capital, heads the next items as
# a title glued to a dash does ("Bildung und Kultur- Wir stehen …").
_SPACED_TITLE_DASH = re.compile(
    rf"(?<=[.!?])(?=\s*[A-ZÄÖÜ]){_NOT_ORDINAL}(\s*[A-ZÄÖÜ][\w-]{{2,40}}(?:\s(?:und|für|&|[A-ZÄÖÜ][\w-]{{1,40}})){{0,4}})\s[-–]\s+(?=[A-ZÄÖÜ])"
)


# "… Ärzten - Sanierung und Erhalt der Ortswehren, … - Unterstützung aller Orts- und …": a list
# whose marks kept a space on both sides, after a word. A spaced hyphen after a word is also a
# dash of punctuation ("Radwege - und zwar sichere - bauen"), so only a line holding many of them,
# each opening a capitalised item, is such a list.
_SPACED_ITEM = re.compile(r"(?<=[^\s.!?;:,]) - (?=[A-ZÄÖÜ])")
_SPACED_ITEMS = 6


def _split_inline_list(line: str) -> list[str]:
    patterns = ((_INLINE_ITEM, "-", 4), (_INLINE_BULLET, "•", 4), (_INLINE_LOWER_ITEM, "-", 4), (_SPACED_ITEM, "-", _SPACED_ITEMS + 1))
    for pattern, mark, fewest in patterns:
        source = _SPACED_TITLE_DASH.sub(r"\1- ", line) if pattern is _INLINE_ITEM else line
        pieces = [piece.strip() for piece in pattern.split(source)]
        if len(pieces) < fewest or any(len(piece.split()) < 2 for piece in pieces[1:]):
            continue
        if any(len(_INLINE_LEADIN.split(piece)[0].split()) > _INLINE_ITEM_WORDS for piece in pieces[1:-1]):
            continue
        # The text before the first mark stands apart: a title or a lead-in, not a wrapped line.
        out: list[str] = []
        for index, piece in enumerate(pieces):
            # The next group's title, glued to the end of this piece, stands apart before it.
            text, title = _title_tail(piece) if index < len(pieces) - 1 else (piece, None)
            if index == 0:
                out.extend([text, ""] if text else [])
            else:
                item, *leads = _INLINE_LEADIN.split(text)
                out.append(f"{mark} {item.strip()}")
                for lead in leads:
                    out.extend(["", lead.strip(), ""])
            if title:
                out.extend(["", title, ""])
        return out
    return [line]


# The title of the next group of items at the end of a piece of a one-line list: after a
# sentence ("… feinjustiert werden. Bildung und Kultur- Wir stehen …"), or a word in capitals
# glued to the piece's last word ("… auch in LangenbrückenFÜR lebendige Nachbarschaften- …").
_TAIL_AFTER_SENTENCE = re.compile(rf"""(?<=[.!?])(?=["'»«”“)]*\s*[A-ZÄÖÜ]){_NOT_ORDINAL}["'»«”“)]*\s*([A-ZÄÖÜ][^.!?:;,…"„“”]{{2,80}})$""")
_TAIL_GLUED_CAPITALS = re.compile(r"(?<=[a-zäöüß])([A-ZÄÖÜ]{2,}\s[^.!?:;,…\d]{2,80})$")
_TAIL_WORDS = 6


def _title_tail(piece: str) -> tuple[str, str | None]:
    """``piece`` without the title glued to its end, and that title (or None)."""
    end = piece[-100:]  # a title is short: only the end is searched, the line may be long
    offset = len(piece) - len(end)
    match = _TAIL_AFTER_SENTENCE.search(end)
    if match is not None:
        words = match.group(1).split()
        if not (
            len(words) <= _TAIL_WORDS
            and all(w[:1].isupper() or w.casefold() in _STOPWORDS or w.endswith("-") for w in words)
            and _last_word_capitalised(match.group(1))
        ):
            match = None
    if match is None:
        match = _TAIL_GLUED_CAPITALS.search(end)
        if match is not None and len(match.group(1).split()) > _TAIL_WORDS:
            match = None
    if match is None:
        match = _TAIL_CAPITALS.search(end)
        # Only after the piece's own words: "WAHLPROGRAMMVERKEHR UND UMWELT" is one title.
        if match is not None and piece[: offset + match.start(1)].rstrip()[-1:].isupper():
            match = None
    if match is None:
        return piece, None
    rest = piece[: offset + match.start(1)].rstrip()
    if not rest:
        return piece, None
    return rest, match.group(1).strip()


# Flyers set their candidates as boxes among the programme's text: a name in capitals, a
# profession, the place on the list as "#3" ("WALTER" / "FEINILER", "Geschäftsführer" / "#1").
_LIST_PLACE = re.compile(r"^\s*#\d{1,3}\s*$")
_NAME_LINE = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜß.\-]*(?:\s+[A-ZÄÖÜ][A-ZÄÖÜß.\-]*){0,2}$")
_LIST_PLACES = 3  # the fewest place marks that make a flyer's candidate boxes
_BOX_LINES = 6
_BOX_LINE_WORDS = 5
_NAME_WORDS = 4
_NAME_REACH = 3  # a name box stands at most this many boxes from a box with a place mark


def candidate_boxes(lines: list[str]) -> tuple[list[str], list[str]]:
    """The candidates' boxes out of a flyer's text: (lines with them blanked, their texts).

    Two columns of candidates ran through the programme: their names became chapters with
    nothing in them, their professions and places ("Juristin #8") passages or part of the
    text below. A box is a block between blank lines ending in a place mark ("#12"), its other
    lines short and unpunctuated, or a block of one to three lines naming a person in capitals
    (no function word: "MIT EUCH VERKEHR" / "UND MOBILITÄT OPTIMIEREN" is a title) near such a
    box. Only a text with three place marks or more has boxes; the blank lines left keep the
    count of lines.
    """
    if sum(bool(_LIST_PLACE.match(line)) for line in lines) < _LIST_PLACES:
        return lines, []
    blocks = cleaning.filled_runs(lines)

    def place_box(first: int, end: int) -> bool:
        rest = [lines[k].strip() for k in range(first, end - 1)]
        return (
            end - first <= _BOX_LINES
            and bool(_LIST_PLACE.match(lines[end - 1]))
            and all(len(text.split()) <= _BOX_LINE_WORDS and not text.endswith((".", "!", "?", ":")) for text in rest)
        )

    def name_box(first: int, end: int) -> bool:
        texts = [lines[k].strip() for k in range(first, end)]
        words = " ".join(texts).split()
        return (
            end - first <= 3
            and len(words) <= _NAME_WORDS
            and all(_NAME_LINE.match(text) for text in texts)
            and not any(word.casefold() in _STOPWORDS for word in words)
        )

    places = [place_box(*block) for block in blocks]
    found: list[str] = []
    out = list(lines)
    for number, (first, end) in enumerate(blocks):
        near = any(places[max(0, number - _NAME_REACH) : number + _NAME_REACH + 1])
        if places[number] or (near and name_box(first, end)):
            found.append(" ".join(lines[k].strip() for k in range(first, end)))
            out[first:end] = [""] * (end - first)
    return out, found


# "-Grundschulen und ihre Betreuungssituation …": a list's dash set without the space after it.
_GLUED_DASH_MARK = re.compile(
    r"^(\s*[-–])(?=[A-ZÄÖÜ][a-zäöüß]|(?:der|die|das|den|dem|des|ein|eine|einen|einem|einer|eines)\s)"
)


# How far (in lines) the items framing a lone dash glued to its item may stand.
_FRAMING_ITEM_LINES = 4


def _between_dash_items(lines: list[str], index: int) -> bool:
    """A line marked with a dash stands within the few lines above ``index`` and below it."""
    mark = lines[index].strip()[0]

    def marked(line: str) -> bool:
        bullet, _rest = cleaning.strip_bullet(line.strip())
        return bullet == mark

    above = lines[max(0, index - _FRAMING_ITEM_LINES) : index]
    below = lines[index + 1 : index + 1 + _FRAMING_ITEM_LINES]
    return any(map(marked, above)) and any(map(marked, below))


def glued_dash_marks(lines: list[str]) -> list[str]:
    """A line opening with a dash glued to a capitalised word, where an item may start, is an item.

    "- Die hierfür nötigen Fachkräfte …" / (blank) / "-Grundschulen und ihre …": without the
    space the dash was no mark, and the item ran into the one above (or stood as a paragraph
    opening with "-"). An item may start after a blank line, after a line that ends a sentence
    or a lead-in, or after another item; a word going on from a hyphenated compound
    ("Digital-Botschaftern und" / "-Botschafterinnen") follows a line that stops mid-phrase.
    A dash glued to an article ("- eine Teilnahme …" / "-eine gendersensible Sprache …") opens an
    item of a list of phrases; it may also follow an item's wrapped line ("- die stärkere
    Förderung …" / "Familien" / "-den Ausbau …"), where no word goes on with a hyphen.
    Only where two such lines or more are found, or where one stands between two items marked
    with a dash, a few lines above and below it ("- Das Park- and Ride-Konzept …" / "-Die
    Investition …" / "… (Grüne Welle)." / "- Eine umfassende …"): one alone elsewhere may be a
    stray dash.
    """
    starts = []
    in_item = False  # a marked line stands above in this block (no blank line since)
    for index, line in enumerate(lines):
        match = _GLUED_DASH_MARK.match(line)
        above = lines[index - 1].strip() if index > 0 else ""
        if match and (
            not above
            or above.endswith((".", ":", "!", "?"))
            or cleaning.strip_bullet(above)[0] is not None
            or (in_item and line[match.end() : match.end() + 1].islower())
        ):
            starts.append(index)
        text = line.strip()
        in_item = bool(text) and (in_item or cleaning.strip_bullet(text)[0] is not None)
    if len(starts) < 2:
        starts = [index for index in starts if _between_dash_items(lines, index)]
    out = list(lines)
    for index in starts:
        out[index] = _GLUED_DASH_MARK.sub(r"\1 ", lines[index], count=1)
    return out


# A title in capitals may close with a colon over the text it heads.
_CAPS_TITLE_LINES = 3


def caps_titles_with_colon(lines: list[str]) -> list[str]:
    """"MIT EUCH FÜR EINE" / "GRÜNERE STADT:" / "Der Erhalt …": the colon closing a title in capitals goes.

    With it the title read as a sentence's end: its last line became a paragraph of its own,
    the rest a title heading nothing, or all of it one paragraph. Only lines in capitals (up to
    three, a blank line or the start above them) whose colon is followed by a line of prose (at
    once or after blank lines), not by a list item or another line in capitals (a lead-in
    such as "DAFÜR SETZEN WIR UNS EIN:" stands above a list).
    """
    out = list(lines)
    for index, line in enumerate(lines):
        text = line.strip()
        if not (text.endswith(":") and _in_capitals(text)):
            continue
        below = next((lines[k].strip() for k in range(index + 1, len(lines)) if lines[k].strip()), "")
        if not below or not below[:1].isupper() or _in_capitals(below) or cleaning.strip_bullet(below)[0]:
            continue
        start = index
        while start > 0 and lines[start - 1].strip() and _in_capitals(lines[start - 1].strip()):
            start -= 1
        if index - start + 1 > _CAPS_TITLE_LINES or (start > 0 and lines[start - 1].strip()):
            continue
        title = " ".join(lines[k].strip() for k in range(start, index + 1))[:-1].rstrip()
        if len(title.split()) < 2:
            continue
        if any(lines[k].rstrip().endswith(",") for k in range(start, index)):
            # "MIT EUCH FÜR SICHERHEIT," / "ORDNUNG UND SAUBERKEIT:": a comma ends no line of a
            # title, so its lines go on one (the blank lines left keep the count of lines).
            out[start : index + 1] = [title] + [""] * (index - start)
        else:
            out[index] = line.rstrip()[:-1].rstrip()
    return out


# "Gemeinsam engagieren wir uns für …" / "… deutlich mehr Photovoltaik …" / "… den Ausbau …":
# items that each go on from a lead-in ending in an ellipsis open with one.
_ELLIPSIS_ITEM = re.compile(r"^\s*(?:…|\.\.\.)\s+(?=[^\W\d_]|[„\"(\d])")


def ellipsis_items(lines: list[str]) -> list[str]:
    """Lines opening with an ellipsis under a lead-in ending in one → list items ("• …").

    Without a mark the items ran together as the lines wrapped: two or three in one passage,
    the lead-in glued to the first. A line counts as such an item when the lead-in stands
    right above the run, when the run of items goes on above it (an item's wrapped lines
    included), or when the line below opens with an ellipsis too (a list going on past a
    page break). The ellipsis goes and a bullet takes its place (a dash right below a line
    ending in an ellipsis may be punctuation).
    """
    starts = [bool(_ELLIPSIS_ITEM.match(line)) for line in lines]
    out: list[str] = []
    above = ""  # the last line with text above
    in_list = False  # that line was such an item or one of its wrapped lines
    for index, line in enumerate(lines):
        text = line.strip()
        if not text or cleaning.is_bare_numbers(text):  # a page number between items breaks no list
            out.append(line)
            continue
        below = next(
            (k for k in range(index + 1, len(lines)) if lines[k].strip() and not cleaning.is_bare_numbers(lines[k])),
            None,
        )
        if starts[index] and (in_list or above.rstrip().endswith(("…", "...")) or (below is not None and starts[below])):
            out.append("• " + _ELLIPSIS_ITEM.sub("", line, count=1))
            in_list = True
        else:
            out.append(line)
            # "… bis 2035: Diese" / "Klima-Investition muss …": an item goes on until a line ends it.
            in_list = in_list and (not _ITEM_END.search(above.rstrip()) or text[:1].islower())
        above = line
    return out


_BARE_BULLET = re.compile(rf"^\s*[{re.escape(cleaning.BULLET_CHARS)}\ue000-\uf8ff]\s*$")


_BARE_NUMBER = re.compile(r"^\s*\d{1,2}[.)]\s*$")


def _reattach_numbers(lines: list[str]) -> list[str]:
    """A list number alone on its line ("2.") right above its text goes back on that text.

    "2." / "Durch die Einführung einer Schuldenbremse …": the PDF set the number in a column
    of its own; alone it is a passage with no word in it, or glued to the title above.
    """
    out: list[str] = []
    for line in lines:
        if out and _BARE_NUMBER.match(out[-1]) and line.strip()[:1].isalpha():
            out[-1] = f"{out[-1].strip()} {line.strip()}"
            continue
        out.append(line)
    return out


# "1.1", "2.3.": a section's number alone on its line.
_BARE_SECTION_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})+\.?\s*$")


def bare_section_numbers(lines: list[str]) -> list[str]:
    """A section number alone on its line between a lead-in and the list it opens goes.

    "Um Armut zu bekämpfen, fordern wir, dass…" / (blank) / "1.1" / "- der Kultur- und
    Sozialpass …": the number (its title lost, or never set) stands where the list starts,
    but the clause above is that list's lead-in. Kept, the number glued the lead-in and every
    item below it into one paragraph ("… dass… 1.1 der Kultur- und Sozialpass …"). Elsewhere a
    bare number stays what it was: the heading of its numbered section.
    """
    out: list[str] = []
    for index, line in enumerate(lines):
        if _BARE_SECTION_NUMBER.match(line):
            above = next((text.strip() for text in reversed(out) if text.strip()), "")
            leads_in = above.endswith((":", "…", "...")) or is_leadin(above)
            if leads_in and cleaning.strip_bullet(above)[0] is None:
                # Read up to the next line with text only, never a copy of the rest: a file of
                # bare numbers stays linear.
                below = next((lines[j].strip() for j in range(index + 1, len(lines)) if lines[j].strip()), "")
                if cleaning.strip_bullet(below)[0] is not None:
                    continue
        out.append(line)
    return out


# A dash alone on its line, as the PDF set it: the hyphen, the en dash, the em dash.
_LONE_DASH = frozenset("-\u2013\u2014")
# How far to look for the marks of a list around a lone dash.
_DASH_LIST_REACH = 40


def sentence_dashes(lines: list[str]) -> list[str]:
    """A dash alone on its line inside an open sentence is the sentence's dash, not a list mark.

    "… den städtebaulichen Missständen widmen" / (blank) / "–" / (blank) / "und bedarfsgerecht
    Fördermittel einwerben.": the line above stops on a word (no full stop, colon or comma), the
    words below go on in lowercase. Read as a bare mark it opened an item and cut the sentence in
    two; the dash goes back at the end of the line above and the sentence stays one. Not when
    the same dash marks items opening in lowercase around it ("-" / "mehr Busse" / "-" /
    "sichere Radwege"): there it is one mark of a list of phrases, nor below a lead-in.
    """
    out = list(lines)

    def filled(index: int) -> bool:
        text = lines[index].strip()
        return bool(text) and not cleaning.is_bare_numbers(text)

    def item_text(index: int, mark: str) -> str | None:
        """The text of the item a line marked with ``mark`` opens (None: no such mark there)."""
        text = lines[index].strip()
        if text == mark:
            return next((lines[k].strip() for k in range(index + 1, len(lines)) if filled(k)), "")
        bullet, rest = cleaning.strip_bullet(text)
        return rest.strip() if bullet == mark and rest.strip() else None

    for index, line in enumerate(lines):
        mark = line.strip()
        if len(mark) != 1 or mark not in _LONE_DASH:
            continue
        above = next((k for k in range(index - 1, -1, -1) if filled(k)), None)
        below = next((k for k in range(index + 1, len(lines)) if filled(k)), None)
        if above is None or below is None:
            continue
        text_above, text_below = out[above].strip(), lines[below].strip()
        if (
            not text_above[-1:].isalnum()
            or len(text_above) == 1
            or is_leadin(text_above)
            or not text_below[:1].islower()
            or cleaning.strip_bullet(text_below)[0] is not None
        ):
            continue
        neighbours = [
            item_text(k, mark)
            for k in (
                next((k for k in range(index - 1, max(-1, index - _DASH_LIST_REACH), -1) if item_text(k, mark) is not None), None),
                next((k for k in range(below, min(len(lines), index + _DASH_LIST_REACH)) if item_text(k, mark) is not None), None),
            )
            if k is not None
        ]
        if any(text[:1].islower() for text in neighbours if text):
            continue
        out[above] = f"{out[above].rstrip()} {mark}"
        out[index] = ""
    return out


def reattach_bullets(lines: list[str]) -> list[str]:
    """A column of bare bullet marks, then the items: each mark goes back on one item.

    Text copied out of a PDF often carries a list's bullets as lines of their own
    ("-", "-", "-", sometimes with blank lines between) before the items. When
    the items cannot be counted off as many as the marks (``_item_starts``), the
    marks carry no word and no reliable structure: they go and leave a paragraph break.
    """
    lines = _reattach_numbers(lines)
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _BARE_BULLET.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        j = i
        marks = 0
        numbers: list[str] = []
        # "-" / (blank) / "145" / (blank) / "die Übernahme …": printed line numbers between a mark
        # and its text are no item; they stay, before it, as the blank lines they read as.
        while j < len(lines) and (
            not lines[j].strip() or _BARE_BULLET.match(lines[j]) or cleaning.is_bare_numbers(lines[j])
        ):
            if cleaning.is_bare_numbers(lines[j]):
                numbers.append(lines[j])
            else:
                marks += bool(lines[j].strip())
            j += 1
        mark = lines[i].strip()
        # "-" / "Indem die Dezernate …" / "… vereint werden." / "- Indem wir …": below a mark
        # set right above its text, a line opening with the same mark starts the next item, no
        # item of this column (another dash may be punctuation: "… auf den Dörfern" / "–
        # insbesondere …"). A mark with a blank line below it may be a stray one above a title.
        touching = bool(lines[j - 1].strip())  # the line above the text is a mark, not a blank
        k = j
        while (
            k < len(lines)
            and lines[k].strip()
            and not _BARE_BULLET.match(lines[k])
            and not (touching and k > j and cleaning.strip_bullet(lines[k].strip())[0] == mark)
        ):
            k += 1  # the items: the lines up to the next blank line or mark
        after = next(
            (lines[n].strip() for n in range(k, len(lines)) if lines[n].strip() and not cleaning.is_bare_numbers(lines[n])),
            "",
        )
        # "-" / (blank) / "Einrichtungen der … wie zum" / "Beispiel" / (blank) / "das" / …: text
        # going on in lowercase past the blank line is prose set word by word, not an item's block.
        runs_on = _LOWER_WORD.match(after) is not None
        starts = _item_starts(lines[j:k], marks, runs_on=runs_on)
        for number in numbers:
            out.extend(["", number])
        out.append("")
        for index in range(j, k):
            line = lines[index].strip()
            out.append(f"{mark} {line}" if index - j in starts else line)
        i = k
    return out


def _item_starts(lines: list[str], marks: int, *, runs_on: bool = False) -> set[int]:
    """Which of ``lines`` start an item, given as many items as ``marks``; none if unsure.

    Items written as sentences ("… entstehen. Teile des Areals" / "sollen …") wrap,
    so a line that ends a sentence closes an item; items that are phrases
    ("sichere Radwege") have no full stop and take one line each.
    """
    if not lines:
        return set()
    ends = [bool(_ITEM_END.search(line.rstrip())) for line in lines]
    if ends[-1]:
        starts = [0] + [k for k in range(1, len(lines)) if ends[k - 1]]
        return set(starts) if len(starts) == marks else set()
    if len(lines) == marks:
        return set(range(len(lines)))
    if runs_on or any(ends):
        # A sentence ends inside: prose below a stray mark, whose items cannot be told apart.
        return set()
    # Phrases wrapped over lines: "Förderung des … zwischen Kindern und" / "Jugendlichen aus …".
    # A line going on with the one above (it opens lowercase, or the line above stops on an
    # article, a preposition, a comma) continues its item; one mark above a block marks its
    # first line, whatever the structurer makes of the rest.
    starts = [0] + [k for k in range(1, len(lines)) if not _pledge_goes_on(lines[k - 1].strip(), lines[k].strip())]
    if len(starts) == marks:
        return set(starts)
    return {0} if marks == 1 else set()


_ITEM_END = re.compile(r"""[.!?]["'»«”“)\]]*$""")


def _numbered_level(title: str) -> int:
    """"2.3 Radverkehr" is a level-2 heading, "2.3.1 …" level 3."""
    match = re.match(r"^(\d{1,2}(?:\.\d{1,2})+)\.?\s", title)
    return min(4, match.group(1).count(".") + 1) if match else 1


# A chapter's own number: "2. Wirtschaft", "2 Wirtschaft", "II. Wirtschaft" (not "2.1 …").
_CHAPTER_NUMBER = re.compile(r"^(?:(\d{1,2})(\.?)|([IVX]{1,5})\.)\s+\S")
_ROMAN = {"I": 1, "V": 5, "X": 10}


def _chapter_number(title: str) -> tuple[str, int] | None:
    """How a title's chapter number is written ("1.", "1", "I.") and its value, or None."""
    match = _CHAPTER_NUMBER.match(title)
    if match is None:
        return None
    if match.group(1):
        return "arabic" + match.group(2), int(match.group(1))
    values = [_ROMAN[c] for c in match.group(3)]
    return "roman", sum(-v if v < w else v for v, w in itertools.zip_longest(values, values[1:], fillvalue=0))


def _chapter_levels(blocks: list[Block]) -> list[Block]:
    """Plain text has no type sizes: a heading followed directly by another is a chapter above them."""
    headings = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    chapters = {i for i in headings if i + 1 < len(blocks) and blocks[i + 1].kind == "heading"}
    if not chapters or any(blocks[i].level > 1 for i in headings):
        return blocks
    # "1. Demokratie" above a heading is a chapter; "2. Wirtschaft", "3. Bildung", numbered the
    # same way after it and counting on, are chapters too, whether a heading follows them or
    # their text does (numbers that start again, "1. Radwege" under "2. Verkehr", are sections).
    last: dict[str, int] = {}
    for i in headings:
        numbered = _chapter_number(blocks[i].text)
        if numbered is None:
            continue
        scheme, number = numbered
        if i in chapters:
            last[scheme] = number
        elif scheme in last and number > last[scheme]:
            chapters.add(i)
            last[scheme] = number
    return [
        dataclasses.replace(b, level=1 if i in chapters else 2) if b.kind == "heading" else b
        for i, b in enumerate(blocks)
    ]


def _headings_over_nothing(blocks: list[Block]) -> list[Block]:
    """A heading that heads nothing is text: one right above a heading of higher rank, or one of
    the headings closing the document with no text after them.

    "Stefan Seidler SSW-Spitzenkandidat zur Bundestagswahl" (a foreword's signature, set large)
    above the first chapter; "Zweitstimme ist" / "Sahra-Stimme", a poster's slogan closing the
    programme. A chapter's title right above its first section (same rank or lower) heads them.
    """
    out = list(blocks)
    # The closing headings: a few, after the programme's text (a document of headings alone,
    # its text lost, keeps them).
    last_text = max((i for i, b in enumerate(out) if b.kind != "heading"), default=-1)
    few = last_text >= 0 and len(out) - last_text - 1 <= _CLOSING_HEADINGS
    closing = range(last_text + 1, len(out)) if few else range(0)
    for index, block in enumerate(out):
        if block.kind != "heading":
            continue
        nxt = out[index + 1] if index + 1 < len(out) else None
        if index in closing or (nxt is not None and nxt.kind == "heading" and nxt.level < block.level):
            out[index] = dataclasses.replace(block, kind="paragraph", level=1)
    return out


_CLOSING_HEADINGS = 3  # the most lines of a slogan closing a programme


def structure_blocks(blocks: list[Block], metadata: dict[str, str]) -> ParsedProgramme:
    """The one structurer: a typed block stream → nested sections of passages.

    A heading opens a section, also when no text follows (a chapter heading);
    a short clause right above list items ("Dafür werden wir", "Wir fordern:")
    is their lead-in; a longer paragraph ending in ":" stays a paragraph.
    """
    sections: list[ParsedSection] = []
    stack: list[tuple[int, int]] = []  # (level, section index) of the open ancestors
    title = ""
    level = 1
    parent: int | None = None
    passages: list[ParsedPassage] = []
    lead_in: str | None = None
    intro: int | None = None  # the paragraph ending in ":" that the following items belong to
    started = False
    blocks = _headings_over_nothing(blocks)

    def close() -> None:
        if passages or (started and title):
            sections.append(ParsedSection(title, tuple(passages), level, parent))
            if title:
                stack.append((level, len(sections) - 1))

    for index, block in enumerate(blocks):
        nxt = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.kind == "heading":
            close()
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            parent_level = stack[-1][0] if stack else 0
            level = min(block.level, parent_level + 1)
            parent = stack[-1][1] if stack else None
            title, passages, lead_in, intro, started = block.text, [], None, None, True
        elif block.kind == "leadin" or (
            block.kind == "paragraph"
            and nxt is not None
            and nxt.kind == "item"
            and is_leadin(block.text)
        ):
            lead_in, intro = block.text, None
        elif block.kind == "item":
            # An item runs on for pages only in a broken file ("- a - b - …" on one line):
            # cut like a paragraph, each piece under the same lead-in.
            chunks = split_long_paragraph(block.text) if block.lines is None else [block.text]
            passages.extend(
                ParsedPassage("pledge", chunk, lead_in, block.lines, intro) for chunk in chunks if _says_something(chunk)
            )
        elif not _says_something(block.text):
            continue  # a stray dash or bullet mark alone ("-"): no passage to quote or find
        else:
            lead_in = None
            introduces = (
                block.text.rstrip().endswith(":") and nxt is not None and nxt.kind == "item"
            )
            intro = len(passages) if introduces else None
            if block.lines is None:
                passages.extend(
                    ParsedPassage("paragraph", chunk, None, None) for chunk in split_long_paragraph(block.text)
                )
            else:  # printed line numbers cite the paragraph whole
                passages.append(ParsedPassage("paragraph", block.text, None, block.lines))
    close()
    return ParsedProgramme(tuple(sections), metadata)


def _says_something(text: str) -> bool:
    """Whether a passage's text has a letter or digit: a lone "-" or "•" says nothing."""
    return any(c.isalnum() for c in text)


# A paragraph longer than this (a page scraped without line breaks) is cut
# into passages of whole sentences, each about _CHUNK characters: a passage is
# what a canvasser reads and quotes at the door, and what search and topics rank.
_LONG_PARAGRAPH = 1500
_CHUNK = 900
_SENTENCE_BREAK = re.compile(rf"""(?<=[a-zäöüß0-9)%][.!?])(?=["'»«”“)\]]*\s+["„»(]?[A-ZÄÖÜ0-9]){_NOT_ORDINAL}["'»«”“)\]]*\s+(?=["„»(]?[A-ZÄÖÜ0-9])""")


def split_long_paragraph(text: str) -> list[str]:
    """A paragraph → itself, or, when long, runs of whole sentences of about _CHUNK characters.

    Every piece is a verbatim slice of the paragraph (quotes stay checkable); a
    sentence is cut only when it runs on past _RUN_ON characters (a text without
    punctuation), then between words. No piece is left much shorter than the others.
    """
    if len(text) <= _LONG_PARAGRAPH:
        return [text]
    pieces: list[str] = []
    breaks = [
        m.end()
        for m in _SENTENCE_BREAK.finditer(text)
        # "… Bus- bzw. Straßenbahnhaltestelle …": an abbreviation's full stop ends no sentence.
        if not _ABBREVIATION_END.search(text[max(0, m.start() - 20) : m.start()])
    ]
    for piece in _cut_near(text, breaks):
        if len(piece) > _RUN_ON:
            pieces.extend(_cut_near(piece, [m.end() for m in _WORD_GAP.finditer(piece)]))
        else:
            pieces.append(piece)
    return pieces


# A sentence longer than this is no sentence but text that lost its punctuation.
_RUN_ON = 3 * _CHUNK
_WORD_GAP = re.compile(r"\s+")


def _cut_near(text: str, cuts: list[int]) -> list[str]:
    """``text`` cut at the ``cuts`` (ascending offsets) nearest to every _CHUNK characters."""
    if len(text) <= _LONG_PARAGRAPH or not cuts:
        return [text]
    pieces = max(2, round(len(text) / _CHUNK))
    target = len(text) / pieces
    chosen: list[int] = []
    for k in range(1, pieces):
        goal = k * target
        # The cut nearest the goal (the earlier of two as near), found by bisection: a
        # scan of every cut for every piece is quadratic on a programme on one line.
        after = bisect.bisect_left(cuts, goal)
        nearest = cuts[max(0, after - 1) : after + 1]
        best = min(nearest, key=lambda c: abs(c - goal))
        if (not chosen or best > chosen[-1]) and 200 <= best <= len(text) - 200:
            chosen.append(best)
    bounds = [0, *chosen, len(text)]
    return [text[a:b].strip() for a, b in pairwise(bounds) if text[a:b].strip()]


def _front_matter(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """YAML front matter never reaches a passage; its simple ``key: value`` pairs become metadata."""
    if not lines or lines[0].strip() != "---":
        return lines, {}
    for i in range(1, min(len(lines), 60)):
        if lines[i].strip() in ("---", "..."):
            found: dict[str, str] = {}
            for entry in lines[1:i]:
                match = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.+)$", entry.strip())
                if match:
                    found[match.group(1)] = match.group(2).strip().strip("\"'")
            return lines[i + 1 :], found
    return lines, {}


# Words a lead-in may stop on, waiting for its items to finish the clause: prepositions,
# articles, conjunctions ("Wir setzen uns ein für", "… Nachhaltigkeit durch", "… ein Europa, das").
_CLAUSE_OPEN_WORDS = _STOPWORDS - frozenset(re.findall(r"\S+", "so sehr mehr dort hier noch auch nicht"))
_LEADIN_SPEAKERS = frozenset(re.findall(r"\S+", "wir uns unser unsere unseren unserer ich"))
_SUBHEADING_WORDS = 6


def _subheadings_over_lists(units: list[Unit]) -> None:
    """A short line set apart above a list, that neither speaks nor waits for its items, is a heading.

    "Und sonst so" / (blank) / "- Mehr Beteiligung von Kindern …": a subheading without a colon.
    A lead-in is a clause its items finish: it says who acts ("Dafür werden wir", "Wir setzen
    uns ein für") or stops on a word that wants the rest ("… Nachhaltigkeit durch"). Taken for
    a lead-in, this one stood before every item below it, up to the next heading.
    """
    for index, unit in enumerate(units):
        nxt = units[index + 1] if index + 1 < len(units) else None
        if unit.kind != "leadin" or len(unit.lines) != 1 or nxt is None or nxt.kind != "item":
            continue
        line = unit.lines[0]
        words = [word.casefold() for word in re.findall(r"[^\W\d_]+", unit.text)]
        if (
            line.blank_before
            and line.blank_after
            and line.bullet is None
            and unit.text[:1].isupper()
            and not unit.text.endswith((*_TERMINAL, "…", "...", "-", "–"))
            and 0 < len(words) <= _SUBHEADING_WORDS
            and not _LEADIN_SPEAKERS.intersection(words)
            and words[-1] not in _CLAUSE_OPEN_WORDS
            and nxt.text[:1].isupper()
        ):
            unit.kind = "heading"


def _demote_orphan_leadins(units: list[Unit]) -> None:
    """A lead-in with no list after it was a short paragraph after all."""
    for unit, nxt in zip(units, [*units[1:], None], strict=False):
        if unit.kind == "leadin" and (nxt is None or nxt.kind != "item"):
            unit.kind = "paragraph"
