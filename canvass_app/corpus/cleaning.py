"""Cleaning rules that turn text extracted from a PDF into plain lines, one small function per rule.

Every rule is conservative: it removes only layout artefacts (line numbers, page
numbers, running headers, bullet marks, escapes) and never a word of the
programme. The structure parser (``structure.py``) applies them in order.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# --- characters -----------------------------------------------------------------

_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")

# Escapes that were corrupted before they reached us name a wrong letter
# ("einschlie\u00e4lich" for "einschließlich"). Each entry is a pattern with the
# wrong letter between two groups, and the right letter; case is kept.
_CORRUPT_ESCAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(schlie)ä(lich)", re.IGNORECASE), "ß"),
)

_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")


def decode_escapes(text: str) -> str:
    """``f\\u00f6rdern`` → ``fördern``, then repair escapes known to be corrupt."""
    decoded = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    for pattern, letter in _CORRUPT_ESCAPES:
        decoded = pattern.sub(rf"\g<1>{letter}\g<2>", decoded)
    return decoded


def normalise_characters(text: str) -> str:
    """Line endings, exotic spaces, zero-width marks, ligatures and soft hyphens made plain.

    A soft hyphen at a line end marks a hyphenation break, so it becomes a real
    hyphen there (the line joiner undoes it); elsewhere it is invisible and goes.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # PDFs often carry "ü" as "u" plus a combining diaeresis: one letter for search.
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text)
    text = _ZERO_WIDTH.sub("", text)
    for ligature, letters in _LIGATURES.items():
        text = text.replace(ligature, letters)
    text = re.sub(r"\u00ad[ ]*\n", "-\n", text)
    return text.replace("\u00ad", "")


def remove_private_use(line: str) -> str:
    """Private-use glyphs (Wingdings bullets, icon fonts) carry no words: drop them."""
    return _PRIVATE_USE.sub(" ", line) if _PRIVATE_USE.search(line) else line


# --- markers and numbers at the start of a line ---------------------------------

# Bullet marks seen in extracted PDFs: hyphen, Unicode hyphens and dashes, dots, squares, arrows.
# Check marks, arrows and diamonds (✓ ✔ ☑ → ➔ ➜ ▶ ◆ ❖) mark list items in flyers as dots do;
# the PDF reader knew ✓ ✔ ❖ from their glyphs, the text reader takes them from the line start.
BULLET_CHARS = (
    "-\u2010\u2011\u2012\u2013\u2014\u2022\u00b7\u25aa\u25ab\u25e6\u25cf\u25cb\u25a0\u25a1\u27a2\u27a4\u25ba\u25b8\u2023\u2043\u2219*"
    "\u2713\u2714\u2611\u2192\u2794\u279c\u25b6\u25c6\u2756"
)
_BULLET = re.compile(rf"^[{re.escape(BULLET_CHARS)}](?:\s+|$)")
_NUMBERED = re.compile(r"^(?:\d{1,2}[.)]|[a-z][)])\s+")
DASHES = "\u2013\u2014"


def strip_bullet(line: str) -> tuple[str | None, str]:
    """``"- den Ausbau"`` → ``("-", "den Ausbau")``; no bullet → ``(None, line)``."""
    match = _BULLET.match(line)
    if not match:
        return None, line
    return line[0], line[match.end() :]


def strip_numbered_marker(line: str) -> tuple[str | None, str]:
    """``"3. mehr Busse"`` → ``("3.", "mehr Busse")``; the caller decides whether it is a list mark."""
    match = _NUMBERED.match(line)
    if not match:
        return None, line
    return match.group(0).strip(), line[match.end() :]


# Up to eight digits: extraction glues neighbouring line numbers together ("218219").
_BARE_NUMBERS = re.compile(r"^\s*\d{1,8}(?:\s+\d{1,8})*\s*$")


def is_bare_numbers(line: str) -> bool:
    """A line of nothing but integers: PDF line numbers or a page number, never prose."""
    return bool(_BARE_NUMBERS.match(line))


_PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:Seite|S\.|Page)\s*\d{1,4}(?:\s*(?:/|von|of)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:/|von)\s*\d{1,4}"
    r"|[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014])\s*$",
    re.IGNORECASE,
)
# A footer that names the page: "Wahlprogramm 2025 · Seite 3", "Seite 3 | Wahlprogramm".
_PAGE_FOOTER = re.compile(
    r"^(?:.{0,60}[\s|·•–—-]\s*Seite\s+\d{1,4}(?:\s*(?:/|von)\s*\d{1,4})?"
    r"|Seite\s+\d{1,4}(?:\s*(?:/|von)\s*\d{1,4})?\s*[|·•–—-].{0,60})\s*$",
    re.IGNORECASE,
)


def is_page_number(line: str) -> bool:
    """``Seite 3``, ``3 / 24``, ``- 3 -``, ``Wahlprogramm 2025 · Seite 3``: page furniture."""
    stripped = line.strip()
    return bool(_PAGE_NUMBER.match(stripped) or _PAGE_FOOTER.match(stripped)) or is_bare_numbers(
        stripped
    )


# --- words inside a line ----------------------------------------------------------

_NUMBER_TOKEN = re.compile(r"(?<!\S)\d{1,4}(?!\S)")


def number_tokens(line: str) -> list[tuple[int, int, int]]:
    """Standalone integers in a line as ``(start, end, value)``: candidates for PDF line numbers."""
    return [(m.start(), m.end(), int(m.group(0))) for m in _NUMBER_TOKEN.finditer(line)]


def longest_increasing(values: Sequence[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting, O(n log n)).

    PDF line numbers climb through a document; a real number in a sentence
    ("bis 2030", "10 Prozent") breaks that climb and is left out.
    """
    import bisect

    tails: list[int] = []
    tail_index: list[int] = []
    parent: list[int] = [-1] * len(values)
    for i, value in enumerate(values):
        pos = bisect.bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[pos] = value
            tail_index[pos] = i
        parent[i] = tail_index[pos - 1] if pos > 0 else -1
    chosen: set[int] = set()
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chosen.add(k)
        k = parent[k]
    return chosen


_LETTER_SPACED_WORD = re.compile(r"\S(?: \S)*")
_LETTER_SPACED_LONG = re.compile(r"\S(?: \S){2,}")
# A chapter number before spaced words ("1. W o h n e n"); matched at a position, so no "^".
_CHAPTER_NUMBER = re.compile(r"\d+(?:\.\d+)*\.?\s+")


def fix_letter_spacing(line: str) -> str:
    """``"W o h n e n  i n  M ü n s t e r"`` → ``"Wohnen in Münster"``.

    Letters are one space apart, words two or more; a line qualifies only if
    every group is made of single characters and one group has three or more.
    Chapter numbers before the spaced words ("1. W o h n e n", "2 3 W o h n e n")
    stay, each followed by one space; they are peeled off in a loop, so a line of
    thousands of numbers costs one pass, not one call each.
    """
    stripped = line.strip()
    numbers: list[str] = []
    position = 0
    while number := _CHAPTER_NUMBER.match(stripped, position):
        numbers.append(number.group(0).strip())
        position = number.end()
    rest = stripped[position:] if numbers else stripped
    spaced = _unspace_letters(rest)
    if spaced is None:
        return line
    return " ".join([*numbers, spaced])


def _unspace_letters(stripped: str) -> str | None:
    """A stripped line of letter-spaced words with its letters closed up, or None when it is not one."""
    if "  " not in stripped and not _LETTER_SPACED_LONG.fullmatch(stripped):
        return None
    groups = re.split(r"\s{2,}", stripped)
    if not all(_LETTER_SPACED_WORD.fullmatch(g) for g in groups):
        return None
    if not any(_LETTER_SPACED_LONG.fullmatch(g) for g in groups):
        return None
    if sum(ch.isalpha() for ch in stripped) < 4:
        return None
    return " ".join(g.replace(" ", "") for g in groups)


_MISSING_SPACE = re.compile(r"(?<=[a-zäöüß]{2})([.!?])(?=[A-ZÄÖÜ][a-zäöüß])")


def restore_sentence_space(text: str) -> str:
    """``"Hochschullandschaft.Diese"`` → ``"Hochschullandschaft. Diese"`` (not ``z.B.``, not ``kitz.do``)."""
    return _MISSING_SPACE.sub(r"\1 ", text)


def collapse_spaces(text: str) -> str:
    return re.sub(r" {2,}", " ", text).strip()


# Short words after which a hyphen at a line end is an elided compound ("Bildungs- und").
_ELISION_FOLLOWERS = frozenset(
    {"und", "oder", "bzw", "bzw.", "sowie", "als", "wie", "bis", "noch", "statt", "u.", "&"}
)


def join_lines(first: str, second: str) -> str:
    """Join two lines of one sentence, undoing end-of-line hyphenation.

    ``Müns-`` + ``ter`` → ``Münster``; ``Bildungs-`` + ``und`` → ``Bildungs- und``;
    ``Klimaschutz-`` + ``Leitfäden`` → ``Klimaschutz-Leitfäden``.
    """
    first = first.rstrip()
    second = second.lstrip()
    if not first:
        return second
    if not second:
        return first
    if first.endswith("-") and len(first) >= 2 and first[-2].isalpha():
        next_word = second.split(" ", 1)[0]
        if next_word.casefold() in _ELISION_FOLLOWERS:
            return f"{first} {second}"
        if second[0].islower():
            return first[:-1] + second
        return first + second
    return f"{first} {second}"


# --- page furniture -------------------------------------------------------------


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).casefold()


def remove_running_lines(pages: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """Drop running headers and footers: the same line (digits aside) at the top or
    bottom of at least half the pages. Returns the pages and the removed texts.

    Footers of several lines (sources, title, page number) reach further in than
    the edge window, so the edges are peeled again until nothing more repeats.
    """
    removed_all: list[str] = []
    for _ in range(4):
        pages, removed = _remove_running_edge(pages)
        if not removed:
            break
        removed_all.extend(removed)
    pages, removed = _remove_repeated_anywhere(pages)
    pages, chapter_headers = _remove_chapter_headers(pages)
    return pages, removed_all + removed + chapter_headers


def _remove_chapter_headers(pages: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """Running headers that change with the chapter: the same edge line on three pages in a row."""
    edges: list[dict[int, str]] = []  # per page: line index → key, first two and last two lines
    for page in pages:
        filled = [i for i, line in enumerate(page) if line.strip()]
        edges.append({i: _furniture_key(page[i]) for i in filled[:2] + filled[-2:]})
    drop: list[set[int]] = [set() for _ in pages]
    for p in range(len(pages)):
        for key in set(edges[p].values()):
            if len(key) < 4:
                continue
            run = [p]
            for q in (p + 1, p + 2):
                if q < len(pages) and key in edges[q].values():
                    run.append(q)
                else:
                    break
            if len(run) == 3:
                for q in run:
                    drop[q].update(j for j, k in edges[q].items() if k == key)
    removed: list[str] = []
    result: list[list[str]] = []
    for page, dropped in zip(pages, drop, strict=True):
        removed.extend(page[i].strip() for i in sorted(dropped))
        result.append([line for i, line in enumerate(page) if i not in dropped])
    return result, removed


def _remove_repeated_anywhere(pages: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """A footer box text extraction put mid-page: a line of some length found once on most pages.

    Real sentences do not repeat on half the pages of a programme; lead-ins
    ("Dafür werden wir") are short and stay.
    """
    if len(pages) < 4:
        return pages, []
    counts: Counter[str] = Counter()
    for page in pages:
        keys = [_furniture_key(line) for line in page if line.strip()]
        counts.update(key for key, n in Counter(keys).items() if n == 1)
    running = {
        key
        for key, n in counts.items()
        if n >= max(3, len(pages) // 2) and 25 <= len(key) <= 120
    }
    if not running:
        return pages, []
    removed: list[str] = []
    result: list[list[str]] = []
    for page in pages:
        kept = []
        for line in page:
            if line.strip() and _furniture_key(line) in running:
                removed.append(line.strip())
            else:
                kept.append(line)
        result.append(kept)
    return result, removed


def _remove_running_edge(pages: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    if len(pages) < 2:
        return pages, []
    edge = 3
    counts: Counter[str] = Counter()
    for page in pages:
        filled = [line for line in page if line.strip()]
        keys = {_furniture_key(line) for line in filled[:edge] + filled[-edge:]}
        counts.update(keys)
    threshold = max(2, (len(pages) + 1) // 2)
    running = {key for key, n in counts.items() if n >= threshold and len(key) <= 120}
    removed: list[str] = []
    result: list[list[str]] = []
    for page in pages:
        filled_idx = [i for i, line in enumerate(page) if line.strip()]
        edges = set(filled_idx[:edge] + filled_idx[-edge:])
        kept: list[str] = []
        for i, line in enumerate(page):
            if i in edges and _furniture_key(line) in running:
                removed.append(line.strip())
                continue
            kept.append(line)
        result.append(kept)
    return result, removed


def remove_numbered_repeats(lines: list[str]) -> tuple[list[str], list[str]]:
    """Without page breaks: drop footers like ``Wahlprogramm 2025 | Seite 7``.

    Such a line recurs at least three times with only its number changing, never
    ends a sentence, and its occurrences lie a page apart (15 lines or more).
    """
    positions: dict[str, list[int]] = {}
    variants: dict[str, set[str]] = {}
    for i, line in enumerate(lines):
        stripped = " ".join(line.split())
        if not stripped or len(stripped) > 100 or not re.search(r"\d", stripped):
            continue
        if not re.search(r"[A-Za-zÄÖÜäöüß]", stripped) or re.search(r"[.!?:;,]$", stripped):
            continue
        key = _furniture_key(stripped)
        positions.setdefault(key, []).append(i)
        variants.setdefault(key, set()).add(stripped)
    repeated = {
        key
        for key, where in positions.items()
        if len(where) >= 3
        and len(variants[key]) >= 3
        and all(b - a >= 15 for a, b in itertools.pairwise(where))
    }
    kept = [line for line in lines if not line.strip() or _furniture_key(line) not in repeated]
    removed = [line.strip() for line in lines if line.strip() and _furniture_key(line) in repeated]
    return kept, removed


_TOC_TITLE = re.compile(
    r"^\s*(?:Inhalt|Inhaltsverzeichnis|Inhaltsübersicht|Übersicht)\s*:?\s*$", re.IGNORECASE
)
_TOC_ENTRY = re.compile(r"^.{2,120}?\s\d{1,4}\s*$")


# Contents lines are read from their end with string methods: a regex searching for a dot
# leader ("(?:\.\s*){4,}\d+$") tries the rest of the line from every dot, which on one
# long line of dots takes minutes.


def _page_number_start(text: str) -> int | None:
    """Where the page number closing a contents line starts: 1–4 digits, trailing spaces aside."""
    end = len(text.rstrip())
    start = end
    while start > 0 and text[start - 1].isdecimal():
        start -= 1
    return start if 1 <= end - start <= 4 else None


def _leader_start(text: str, end: int, marks: str) -> int:
    """Where the run of ``marks`` and spaces that ends at ``end`` starts."""
    start = end
    while start > 0 and (text[start - 1] in marks or text[start - 1].isspace()):
        start -= 1
    return start


def _toc_leader(line: str) -> bool:
    """A dot leader before a page number: ``"Wohnen ....... 12"`` (four dots or more), ``"Wohnen … 12"``."""
    number = _page_number_start(line)
    if number is None:
        return False
    if line.count(".", _leader_start(line, number, "."), number) >= 4:
        return True
    return line[:number].rstrip().endswith("…")


def _entry_key(line: str) -> str:
    """A contents entry as its title: page number, leaders and bullet marks off, folded."""
    text = line.strip()
    number = _page_number_start(text)
    if number is not None:
        start = _leader_start(text, number, ".…·_")
        if start < number:
            text = text[:start]
    text = re.sub(rf"^[{re.escape(BULLET_CHARS)}]\s+", "", text)
    return " ".join(text.split()).casefold()


def remove_table_of_contents(lines: list[str]) -> tuple[list[str], list[str]]:
    """Drop a table of contents: an ``Inhalt`` line and the entries below it, plus any
    line with dot leaders (``Wohnen ....... 12``).

    An entry ends in a page number or names a heading that comes again further
    down (contents lists without page numbers); one wrapped line between two
    entries belongs to them.
    """
    last_seen: dict[str, int] = {}
    for index, line in enumerate(lines):
        if line.strip():
            last_seen[_entry_key(line)] = index
    untitled = _untitled_contents(lines, last_seen) | _paged_contents(lines)
    kept: list[str] = []
    removed: list[str] = []
    in_toc = False

    def is_entry(index: int) -> bool:
        stripped = lines[index].strip() if index < len(lines) else ""
        key = _entry_key(stripped)
        # The heading itself (its last appearance) ends the contents.
        return bool(
            _TOC_ENTRY.match(stripped)
            or _toc_leader(stripped)
            or (len(key) >= 4 and last_seen.get(key, index) > index)
        )

    for index, line in enumerate(lines):
        stripped = line.strip()
        if _TOC_TITLE.match(stripped):
            in_toc = True
            removed.append(stripped)
            continue
        if in_toc:
            following = next(
                (k for k in range(index + 1, min(len(lines), index + 3)) if lines[k].strip()),
                len(lines),
            )
            if not stripped or is_entry(index) or (len(stripped) <= 120 and is_entry(following)):
                if stripped:
                    removed.append(stripped)
                continue
            in_toc = False
        if _toc_leader(stripped) or index in untitled:
            removed.append(stripped)
            continue
        kept.append(line)
    return kept, removed


# A contents list without a title and without page numbers: this many lines or more, one
# below the other, nearly all of them naming a heading that comes again further down.
_UNTITLED_CONTENTS_LINES = 6
_UNTITLED_CONTENTS_SHARE = 0.7
_CONTENTS_ENTRY_CHARS = 80


def _untitled_contents(lines: list[str], last_seen: dict[str, int]) -> set[int]:
    """The indices of the lines of contents lists with no "Inhalt" above them and no page numbers.

    "Klima" / "Energiewende" / "Wärmewende" / "Mobilität" / … (fifty lines) after the cover:
    as titles they made fifty chapters with nothing in them, and the preface below them fell
    into the last one. Entries are short lines with no closing punctuation and no bullet; the
    list is a run of them with no blank line between, most naming a later line exactly.
    """
    found: set[int] = set()
    chapter_seen = {_chapter_key(line): index for index, line in enumerate(lines) if line.strip()}
    start = 0
    while start < len(lines):
        if not lines[start].strip():
            start += 1
            continue
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        run = range(start, end)
        # An entry may carry its chapter's number ("1. Wohnen und Leben" / "2. Bildung" / …).
        if len(run) >= _UNTITLED_CONTENTS_LINES and all(
            _plain_entry(_ENTRY_NUMBER.sub("", lines[k].strip())) for k in run
        ):
            later = [last_seen.get(_entry_key(lines[k]), k) > k for k in run]
            # Numbered entries: the chapter may drop the number's dot ("3 Infrastruktur").
            chapters = [chapter_seen.get(_chapter_key(lines[k]), k) > k for k in run]
            if sum(later) >= _UNTITLED_CONTENTS_SHARE * len(run) or _counted_contents(
                [lines[k] for k in run], chapters
            ):
                found.update(run)
        start = end
    return found


# Numbered contents ("1. Wohnen und Leben" / "2. Bildung" / …) whose first entries come again.
_COUNTED_CONTENTS_NAMED = 3


def _counted_contents(entries: list[str], later: list[bool]) -> bool:
    """Entries numbered 1, 2, 3 … without a gap whose first few each come again further down
    as a line of their own: the contents of a programme whose later chapters are missing from
    the text (an excerpt, a cut copy) or renamed. A numbered list of pledges never repeats."""
    numbers = [re.match(r"(\d{1,2})\.?\s", entry.strip()) for entry in entries]
    if not all(numbers) or [int(m.group(1)) for m in numbers if m] != list(range(1, len(entries) + 1)):
        return False
    return all(later[:_COUNTED_CONTENTS_NAMED])


# Contents without a title whose entries carry their pages ("Bus und Bahn 4", or "2. Bus und
# Bahn" above a line "4"): this many entries or more, blank lines between them or none.
_PAGED_ENTRIES = 3
_PAGED_PAIRS = 4
_ENTRY_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,5}\.)\s+")


def _chapter_key(text: str) -> str:
    """A title as a contents entry and its chapter's heading both give it: numbering and page off, folded."""
    return _ENTRY_NUMBER.sub("", _entry_key(text))


def _paged_entry(lines: list[str], filled: list[int], k: int) -> tuple[int, str, int] | None:
    """The contents entry starting at the filled line ``filled[k]``: (filled lines it takes, title, page)."""
    text = " ".join(lines[filled[k]].split())
    number = _page_number_start(text)
    if number is not None and number > 0:
        start = _leader_start(text, number, ".…·_")
        title, page, taken = text[:start].rstrip(), int(text[number:]), 1
    elif k + 1 < len(filled) and re.fullmatch(r"\d{1,3}", lines[filled[k + 1]].strip()):
        title, page, taken = text, int(lines[filled[k + 1]].strip()), 2
    else:
        return None
    # A chapter number may open it ("2. Bus und Bahn"); a title ends on a word.
    if (
        not _plain_entry(_ENTRY_NUMBER.sub("", title))
        or not re.search(r"[^\W\d_]{3}", title)
        or title[-1:].isdigit()
    ):
        return None
    return taken, title, page


def _paged_contents(lines: list[str]) -> set[int]:
    """The indices of the lines of contents lists with no "Inhalt" above them whose entries carry page numbers.

    "Wohnen und Bauen 3" / "Bus und Bahn 4" / …, or "1. Für beste Bildung" / (blank) / "5" /
    (blank) / "2. …": too few, or too far apart, for a list of headings, they made passages or
    chapters with nothing in them. Entries follow one another with only blank lines between,
    their titles differ and their pages climb (three pages or more); most titles come again
    further down as a line of their own, or, where every page stands on a line of its own,
    four entries at least and one title at least do.
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    last_seen: dict[str, int] = {}
    for index in filled:
        last_seen[_chapter_key(lines[index])] = index
    found: set[int] = set()
    k = 0
    while k < len(filled):
        entries: list[tuple[int, int, str, int]] = []  # (first filled position, taken, title, page)
        position = k
        while position < len(filled):
            entry = _paged_entry(lines, filled, position)
            wrapped = lines[filled[position]].strip()
            if entry is None and entries and wrapped[:1].islower() and len(wrapped) <= _CONTENTS_ENTRY_CHARS:
                # "10. Für ein engagiertes Ehrenamt, … und eine" / "20" / "abwechslungsreiche
                # Freizeit": an entry's title wrapped below its page, with the next entry after it.
                following = _paged_entry(lines, filled, position + 1) if position + 1 < len(filled) else None
                if following is not None and following[2] >= entries[-1][3]:
                    position += 1
                    continue
            if entry is None or (entries and entry[2] < entries[-1][3]):
                break
            entries.append((position, *entry))
            position += entry[0]
        if len(entries) < _PAGED_ENTRIES:
            k += 1
            continue
        end = filled[position - 1]
        keys = [_chapter_key(title) for _, _, title, _ in entries]
        named = sum(last_seen.get(key, -1) > end for key in keys)
        paired = all(taken == 2 for _, taken, _, _ in entries)
        if (
            len(set(keys)) == len(keys)
            and len({page for *_, page in entries}) >= _PAGED_ENTRIES
            and (
                named >= _UNTITLED_CONTENTS_SHARE * len(entries)
                or (paired and len(entries) >= _PAGED_PAIRS and named >= 1)
            )
        ):
            found.update(filled[p] for p in range(k, position))
            k = position
        else:
            k += 1
    return found


def _plain_entry(line: str) -> bool:
    text = line.strip()
    return (
        len(text) <= _CONTENTS_ENTRY_CHARS
        and not text.endswith((".", "!", "?", ":", ";", ","))
        and text[:1] not in BULLET_CHARS
        and text[:1].isupper()
    )


def is_cover_page(page: Sequence[str]) -> bool:
    """A first page with few words and no full sentence is a cover, not programme text."""
    words = sum(len(line.split()) for line in page)
    sentences = any(re.search(r"[.!?]\s*$", line.strip()) for line in page if line.strip())
    return 0 < words <= 40 and not sentences


@dataclass(frozen=True)
class Furniture:
    """What page cleaning removed, kept for the programme's metadata and for tests."""

    running: tuple[str, ...] = ()
    toc: tuple[str, ...] = ()
    cover: tuple[str, ...] = ()


# "… der vergangenen Jahre (Seite 2 von 10) rückabzuwickeln.": a page's footer that the text
# extraction put into the sentence running over the page break.
_INLINE_PAGE_MARK = re.compile(r"\s?\(\s*Seite\s+\d{1,4}\s*(?:von|/)\s*\d{1,4}\s*\)", re.IGNORECASE)


def remove_inline_page_marks(lines: list[str]) -> tuple[list[str], list[str]]:
    """``(Seite 2 von 10)`` inside a line goes: a page count in brackets is never the programme's words."""
    kept: list[str] = []
    removed: list[str] = []
    for line in lines:
        if "(" in line and _INLINE_PAGE_MARK.search(line):
            removed.extend(m.group(0).strip() for m in _INLINE_PAGE_MARK.finditer(line))
            line = _INLINE_PAGE_MARK.sub("", line)
        kept.append(line)
    return kept, removed


def _page_number_value(line: str) -> int | None:
    """The number of a line that is only a page number ("7", "Seite 7", "- 7 -"), else None."""
    stripped = line.strip()
    if not stripped or len(stripped) > 20 or not is_page_number(stripped):
        return None
    numbers = re.findall(r"\d{1,4}", stripped)
    return int(numbers[0]) if len(numbers) == 1 else None


def remove_heads_beside_page_numbers(lines: list[str]) -> tuple[list[str], list[str]]:
    """Without page breaks: a running head or foot that repeats word for word ("CDU STADTVERBAND
    BÖBLINGEN") next to the page numbers ("4", blank, the head, blank, the page's first line).

    The line recurs at least three times and never ends a sentence; at least two thirds of
    its occurrences stand right beside a page number, those page numbers climbing page by
    page, ten lines or more apart: a heading that recurs ("Unsere Ziele") stands beside text.
    """
    filled = [i for i, line in enumerate(lines) if line.strip()]
    positions: dict[str, list[int]] = {}
    for k, i in enumerate(filled):
        stripped = " ".join(lines[i].split())
        if len(stripped) > 80 or re.search(r"[.!?:;,]$", stripped) or _page_number_value(stripped) is not None:
            continue
        if not re.search(r"[^\W\d_]{2}", stripped):
            continue
        positions.setdefault(_furniture_key(stripped), []).append(k)
    running: set[str] = set()
    for key, where in positions.items():
        if len(where) < 3:
            continue
        pages: list[int] = []
        beside: list[int] = []
        for k in where:
            # The nearest filled line before or after it, whichever is a page number.
            near = [_page_number_value(lines[filled[j]]) for j in (k - 1, k + 1) if 0 <= j < len(filled)]
            number = next((n for n in near if n is not None), None)
            if number is not None:
                pages.append(number)
                beside.append(filled[k])
        # Page by page: numbers one to three apart (printed line numbers beside a recurring
        # lead-in climb by dozens), a page of text between them.
        if (
            3 * len(pages) >= 2 * len(where)
            and all(1 <= b - a <= 3 for a, b in itertools.pairwise(pages))
            and all(b - a >= 10 for a, b in itertools.pairwise(beside))
        ):
            running.add(key)
    if not running:
        return lines, []
    kept = [line for line in lines if not line.strip() or _furniture_key(" ".join(line.split())) not in running]
    removed = [line.strip() for line in lines if line.strip() and _furniture_key(" ".join(line.split())) in running]
    return kept, removed


def filled_runs(lines: Sequence[str]) -> list[tuple[int, int]]:
    """[start, end) of each run of non-blank lines (a block between blank lines)."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = index
        elif not line.strip() and start is not None:
            runs.append((start, index))
            start = None
    return runs

def remove_repeated_blocks(lines: list[str]) -> tuple[list[str], list[str]]:
    """Without page breaks: a running slogan of two to four short lines ("Eberswalde" /
    "Gemeinsam" / "Gestalten") standing between blank lines, word for word, page after page.

    Four times at least, ten lines apart or more, no line of it ending a sentence: a
    programme repeats a lead-in line, never a block of several lines.
    """
    blocks = filled_runs(lines)
    where: dict[tuple[str, ...], list[int]] = {}
    for first, end in blocks:
        texts = [" ".join(lines[i].split()) for i in range(first, end)]
        if not 2 <= len(texts) <= 4 or any(len(t) > 60 or re.search(r"[.!?:;,]$", t) for t in texts):
            continue
        where.setdefault(tuple(_furniture_key(t) for t in texts), []).append(first)
    drop: set[int] = set()
    for key, starts in where.items():
        if len(starts) >= 4 and all(b - a >= 10 for a, b in itertools.pairwise(starts)):
            for first in starts:
                drop.update(range(first, first + len(key)))
    if not drop:
        return lines, []
    return (
        [line for i, line in enumerate(lines) if i not in drop],
        [lines[i].strip() for i in sorted(drop)],
    )


def remove_page_furniture(text: str) -> tuple[list[str], Furniture]:
    """Split into lines, dropping cover page, running headers/footers and table of contents.

    Pages are separated by form feeds (pdftotext and our PDF reader write them);
    without them only numbered repeating footers can be recognised.
    """
    pages = [page.split("\n") for page in text.split("\f")]
    cover: list[str] = []
    if len(pages) >= 3 and is_cover_page(pages[0]):
        cover = [line.strip() for line in pages[0] if line.strip()]
        pages = pages[1:]
    running: list[str] = []
    if len(pages) >= 2:
        pages, running = remove_running_lines(pages)
    lines = [line for page in pages for line in [*page, ""]]
    if len(pages) < 2:
        lines, repeats = remove_numbered_repeats(lines)
        running.extend(repeats)
        lines, heads = remove_heads_beside_page_numbers(lines)
        running.extend(heads)
        lines, slogans = remove_repeated_blocks(lines)
        running.extend(slogans)
    lines, marks = remove_inline_page_marks(lines)
    running.extend(marks)
    lines, toc = remove_table_of_contents(lines)
    return lines, Furniture(tuple(running), tuple(toc), tuple(cover))
