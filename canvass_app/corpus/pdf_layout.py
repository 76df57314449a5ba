"""Read a PDF's layout (characters with position, size and weight, via PDFium) into typed blocks.

What the layout proves is decided here: running headers and footers (the same
text at the same edge of several pages), page and printed line numbers (numbers
in the margin), a table of contents (lines ending in page numbers), columns
(a gutter no line crosses), headings and their levels (size and weight against
the body text, confirmed by the PDF's bookmarks), bullets (glyphs at the line
start), words and hyphenation (character gaps). Everything else is text.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from canvass_app import limits
from canvass_app.corpus import cleaning
from canvass_app.corpus.blocks import Block, BlockKind
from canvass_app.corpus.pdf_chars import Fragment, read_page

# progress(pages read, pages in the document); it may raise to cancel.
Progress = Callable[[int, int], None]

_NUMBER_ONLY = re.compile(r"^\d{1,4}$")
_PAGE_MARK = re.compile(
    r"^(?:seite\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:/|von)\s*\d{1,4})?$", re.IGNORECASE
)
_TOC_LINE = re.compile(r"^(.{2,160}?)\s*(?:[.…·_\s]{2,}|\s)\s*\d{1,4}$")
_TOC_TITLE = re.compile(r"^(inhalt|inhaltsverzeichnis|übersicht|inhaltsübersicht)\b", re.IGNORECASE)
_BULLET_GLYPHS = frozenset(cleaning.BULLET_CHARS) | {"\u2713", "\u2714", "\u25a0", "\u2756", "o"}
_COMPOUND = re.compile(r"(?<![\w-])\w{2,}-[^\W\d_]\w+")
_SENTENCE_END = re.compile(r"""[.!?:;]["'»«”“)\]]*$""")
# Fraction of the page height at the top and bottom where headers and footers live.
_EDGE = 0.09


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    base: float
    size: float
    text: str
    bold: bool
    column: tuple[float, float]
    first_in_column: bool = False


@dataclass
class PdfLayout:
    """What the reader found: the block stream plus what a preview should know."""

    blocks: list[Block]
    metadata: dict[str, str]
    pages: int
    pages_without_text: list[int] = field(default_factory=list)
    first_page_text: str = ""
    text: str = ""  # the cleaned lines, for the text reader when the type shows no outline
    cover: list[str] = field(default_factory=list)  # lines of a title or back cover


class PdfPasswordError(Exception):
    """The PDF opens only with a password."""


class PdfTooManyPages(Exception):
    """The PDF has more pages than any programme; refused before a page is read."""

    def __init__(self, pages: int) -> None:
        super().__init__(pages)
        self.pages = pages


def read_layout(data: bytes, progress: Progress | None = None) -> PdfLayout:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise PdfPasswordError from error
        raise
    try:
        total = len(document)
        if total > limits.PROGRAMME_PDF_PAGES:
            raise PdfTooManyPages(total)
        fragments: list[Fragment] = []
        heights: dict[int, float] = {}
        empty: list[int] = []
        for index in range(total):
            page = document[index]
            heights[index + 1] = page.get_height()
            width = page.get_width()
            # Text outside the page box (the facing page of a spread) is not shown.
            page_fragments = [
                f
                for f in read_page(page, index + 1, raw)
                if f.x1 > 0 and f.x0 < width and 0 < f.base < heights[index + 1]
            ]
            if sum(len(f.text) for f in page_fragments) < 20:
                empty.append(index + 1)
            fragments.extend(page_fragments)
            page.close()
            if progress is not None:
                progress(index + 1, total)
        outline = [
            (bookmark.level + 1, bookmark.get_title() or "", _dest_page(bookmark))
            for bookmark in document.get_toc(max_depth=6)
        ]
        metadata = {
            k: v.strip()
            for k, v in document.get_metadata_dict(skip_empty=True).items()
            if k in ("Title", "Author", "Subject") and v.strip()
        }
    finally:
        document.close()
    blocks, first_page, plain, cover = _blocks(fragments, heights, outline)
    return PdfLayout(blocks, metadata, total, empty, first_page, plain, cover)


def _dest_page(bookmark: Any) -> int | None:
    dest = bookmark.get_dest()
    if dest is None:
        return None
    index = dest.get_index()
    return int(index) + 1 if index is not None else None


# --- fragments → furniture, columns, lines ---------------------------------------------


def _body_size(fragments: list[Fragment]) -> tuple[float, bool]:
    sizes: Counter[float] = Counter()
    bolds: Counter[bool] = Counter()
    for f in fragments:
        sizes[round(f.size * 2) / 2] += f.chars
        bolds[f.bold] += f.chars
    if not sizes:
        return 10.0, False
    return sizes.most_common(1)[0][0], bolds.most_common(1)[0][0]


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _drop_furniture(fragments: list[Fragment], heights: dict[int, float]) -> list[Fragment]:
    """Running headers/footers, page numbers in the page edges and line-number columns."""
    pages_by_key: dict[tuple[str, bool], set[int]] = defaultdict(set)

    page_edges: dict[int, bool] = {}

    def edge(f: Fragment) -> bool | None:
        if id(f) in page_edges:
            return page_edges[id(f)]
        height = heights.get(f.page, 842.0)
        if f.base > height * (1 - _EDGE):
            return True
        if f.base < height * _EDGE:
            return False
        return None

    for f in fragments:
        where = edge(f)
        if where is not None:
            pages_by_key[(_furniture_key(f.text), where)].add(f.page)
    page_count = len(heights)
    repeats = 3 if page_count >= 6 else 2
    # Line numbers: many number-only fragments on a page, left or right of its text.
    by_page: dict[int, list[Fragment]] = defaultdict(list)
    for f in fragments:
        by_page[f.page].append(f)
    margin_numbers: set[int] = set()
    for page_fragments in by_page.values():
        texts = [f for f in page_fragments if len(f.text) > 15]
        if not texts:
            continue
        body_left = min(f.x0 for f in texts)
        body_right = max(f.x1 for f in texts)
        numbers = [
            f
            for f in page_fragments
            if _NUMBER_ONLY.match(f.text) and (f.x1 <= body_left + 1 or f.x0 >= body_right - 1)
        ]
        if len(numbers) >= 3 and _counts_lines(numbers):
            margin_numbers.update(id(f) for f in numbers)
    # The first and last line of a page are its edge even where the margins are narrow.
    for page_fragments in by_page.values():
        top = max(page_fragments, key=lambda f: f.base)
        bottom = min(page_fragments, key=lambda f: f.base)
        for f, where in ((top, True), (bottom, False)):
            pages_by_key[(_furniture_key(f.text), where)].add(f.page)
            page_edges[id(f)] = where
    # A header naming the chapter stands on that chapter's pages only: the same
    # text at the same height of two pages in a row is one too.
    pages_at: dict[tuple[str, int], set[int]] = defaultdict(set)
    for f in fragments:
        if edge(f) is not None:
            pages_at[(_furniture_key(f.text), round(f.base / 3))].add(f.page)

    def chapter_header(f: Fragment) -> bool:
        pages = pages_at[(_furniture_key(f.text), round(f.base / 3))]
        return f.page - 1 in pages or f.page + 1 in pages

    kept: list[Fragment] = []
    for f in fragments:
        if id(f) in margin_numbers:
            continue
        where = edge(f)
        if where is not None:
            key = _furniture_key(f.text)
            if (
                len(pages_by_key[(key, where)]) >= repeats
                or _PAGE_MARK.match(f.text.strip())
                or chapter_header(f)
            ):
                continue
        kept.append(f)
    return kept


def _counts_lines(numbers: list[Fragment]) -> bool:
    """Printed line numbers climb down the page in one fixed step (page numbers of a contents list repeat)."""
    values = [int(f.text) for f in sorted(numbers, key=lambda f: -f.base)]
    steps = [b - a for a, b in itertools.pairwise(values)]
    if not steps or min(steps) <= 0:
        return False
    common = Counter(steps).most_common(1)[0][1]
    return common >= 0.6 * len(steps)


def _order_page(fragments: list[Fragment], width: float) -> list[tuple[Fragment, tuple[float, float]]]:
    """Reading order: top to bottom, a two-column stretch left column first."""
    if not fragments:
        return []
    left = min(f.x0 for f in fragments)
    right = max(f.x1 for f in fragments)
    gutter = _gutter(fragments, left, right)
    if gutter is None:
        ordered = sorted(fragments, key=lambda f: (-round(f.base, 0), f.x0))
        return [(f, (left, right)) for f in ordered]
    result: list[tuple[Fragment, tuple[float, float]]] = []
    band: list[Fragment] = []

    def flush() -> None:
        lefts = [f for f in band if f.x1 <= gutter]
        rights = [f for f in band if f.x1 > gutter]
        for group, bounds in ((lefts, (left, gutter)), (rights, (gutter, right))):
            for f in sorted(group, key=lambda f: (-round(f.base, 0), f.x0)):
                result.append((f, bounds))
        band.clear()

    for f in sorted(fragments, key=lambda f: (-round(f.base, 0), f.x0)):
        if f.x0 < gutter - 2 and f.x1 > gutter + 2:
            flush()
            result.append((f, (left, right)))
        else:
            band.append(f)
    flush()
    return result


def _gutter(fragments: list[Fragment], left: float, right: float) -> float | None:
    """The x of a vertical gap that text on both sides of it never crosses, if the page has one."""
    span = right - left
    if span <= 0:
        return None
    best: tuple[int, float] | None = None
    steps = 40
    for step in range(int(steps * 0.3), int(steps * 0.7) + 1):
        x = left + span * step / steps
        crossing = sum(1 for f in fragments if f.x0 < x - 1 and f.x1 > x + 1)
        if best is None or crossing < best[0]:
            best = (crossing, x)
    assert best is not None
    crossing, x = best
    lefts = sum(1 for f in fragments if f.x1 <= x and len(f.text) > 20)
    rights = sum(1 for f in fragments if f.x0 >= x and len(f.text) > 20)
    if lefts >= 5 and rights >= 5 and crossing <= 0.15 * len(fragments):
        # Centre the gutter in the empty band around x.
        lo = max((f.x1 for f in fragments if f.x1 <= x), default=x)
        hi = min((f.x0 for f in fragments if f.x0 >= x), default=x)
        return (lo + hi) / 2
    return None


def _lines(fragments: list[Fragment], widths: dict[int, float]) -> list[Line]:
    by_page: dict[int, list[Fragment]] = defaultdict(list)
    for f in fragments:
        by_page[f.page].append(f)
    lines: list[Line] = []
    for page in sorted(by_page):
        previous_column: tuple[float, float] | None = None
        for f, column in _order_page(by_page[page], widths.get(page, 595.0)):
            last = lines[-1] if lines else None
            if (
                last is not None
                and last.page == page
                and last.column == column
                and abs(last.base - f.base) <= 0.35 * max(f.size, last.size)
                and f.x0 >= last.x1 - 1
            ):
                last.text = f"{last.text} {f.text}"
                last.x1 = f.x1
                last.bold = last.bold and f.bold
                last.size = max(last.size, f.size)
                continue
            lines.append(
                Line(
                    page,
                    f.x0,
                    f.x1,
                    f.base,
                    f.size,
                    f.text,
                    f.bold,
                    column,
                    first_in_column=column != previous_column,
                )
            )
            previous_column = column
    return lines


def _table_of_contents(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Drop the table-of-contents pages; their entries (titles only) confirm headings."""
    by_page: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    toc_pages: set[int] = set()
    entries: list[str] = []
    pages = sorted(by_page)
    for page in pages[: max(6, len(pages) // 5)]:
        page_lines = by_page[page]
        hits = [m for line in page_lines if (m := _TOC_LINE.match(line.text.strip()))]
        titled = any(_TOC_TITLE.match(line.text.strip()) for line in page_lines[:5])
        if len(hits) >= 5 and (len(hits) >= 0.5 * len(page_lines) or titled):
            toc_pages.add(page)
            entries.extend(_toc_title(m.group(1)) for m in hits)
    return [line for line in lines if line.page not in toc_pages], [e for e in entries if e]


def _toc_title(text: str) -> str:
    text = re.sub(r"^\d{1,4}\s+(?=\D)", "", text.strip())  # a printed line number
    return text.rstrip(" .…·_").strip()


# --- lines → blocks ------------------------------------------------------------------------


def _leading(lines: list[Line], body: float) -> float:
    gaps = [
        a.base - b.base
        for a, b in itertools.pairwise(lines)
        if a.page == b.page
        and a.column == b.column
        and abs(a.size - body) < 0.6
        and abs(b.size - body) < 0.6
        and 0.8 * body < a.base - b.base < 3 * body
    ]
    if not gaps:
        return 1.25 * body
    # Most consecutive lines are inside a paragraph: a low quantile is the line pitch.
    gaps.sort()
    return gaps[len(gaps) // 4]


def _is_heading_style(line: Line, body: float, body_bold: bool) -> bool:
    if len(line.text) > 160 or not any(ch.isalpha() for ch in line.text):
        return False
    if line.size >= body * 1.12:
        return True
    # A point larger than the body (12 on 11) marks a heading only on a short line.
    if line.size >= body * 1.05 and line.size - body >= 0.5:
        return len(line.text) <= 120
    return line.bold and not body_bold and line.size >= body - 0.6


def _starts_bullet(text: str) -> tuple[bool, str]:
    stripped = text.lstrip()
    if stripped[:1] in _BULLET_GLYPHS and (len(stripped) == 1 or stripped[1] == " "):
        if stripped[0] == "o" and not stripped[2:3].isalpha():
            return False, text
        return True, stripped[1:].strip()
    bullet, rest = cleaning.strip_bullet(stripped)
    if bullet is not None:
        return True, rest.strip()
    return False, text


def _blocks(
    fragments: list[Fragment],
    heights: dict[int, float],
    outline: list[tuple[int, str, int | None]],
) -> tuple[list[Block], str, str, list[str]]:
    if not fragments:
        return [], "", "", []
    first_page_text = " ".join(
        f.text for f in sorted(fragments, key=lambda f: -f.size) if f.page == fragments[0].page
    )[:500]
    body, body_bold = _body_size(fragments)
    fragments = _drop_furniture(fragments, heights)
    widths = {p: 595.0 for p in heights}
    lines = _lines(fragments, widths)
    lines, toc = _table_of_contents(lines)
    lines, cover = _cover_pages(lines, body)
    leading = _leading(lines, body)
    plain = _plain_text(lines, leading)
    hyphenated = {m.group(0).casefold() for line in lines for m in _COMPOUND.finditer(line.text)}

    def join(text: str, line_text: str) -> str:
        """Line end hyphenation undone, unless the document spells the word with its hyphen."""
        if text.endswith("-") and line_text[:1].islower():
            head = re.search(r"(\w+)-$", text)
            tail = re.match(r"\w+", line_text)
            if head and tail and f"{head.group(1)}-{tail.group(0)}".casefold() in hyphenated:
                return text + line_text
        return cleaning.join_lines(text, line_text)

    groups: list[tuple[str, list[Line], str]] = []  # (kind, lines, text)
    for line in lines:
        heading = _is_heading_style(line, body, body_bold)
        strong = line.size >= body * 1.12
        bullet, rest = (False, line.text) if strong else _starts_bullet(line.text)
        last = groups[-1] if groups else None
        # Bold at body size inside running text or a list is emphasis. A line set larger than
        # the body ("Impfpflicht" in 12 point bold over 11) is a title even below an item or a
        # paragraph that ends without a full stop ("… am Steueraufkommen"): lists and
        # captions often do, and the title was glued to the text below it.
        if (
            heading
            and not strong
            and (
                bullet
                or (
                    last is not None
                    and last[0] != "heading"
                    and not _SENTENCE_END.search(last[2])
                    and line.size - body < 0.5
                )
            )
        ):
            heading = False
        if last is not None and not bullet:
            kind, members, text = last
            prev = members[-1]
            same_flow = prev.page == line.page and prev.column == line.column and not line.first_in_column
            gap = prev.base - line.base if same_flow else 0.0
            if kind == "heading" and heading:
                if (
                    abs(prev.size - line.size) < 0.6
                    and prev.bold == line.bold
                    and (not same_flow or gap <= 1.8 * line.size)
                    and same_flow
                ):
                    members.append(line)
                    groups[-1] = (kind, members, join(text, line.text))
                    continue
            elif kind in ("paragraph", "item") and not heading:
                open_sentence = not _SENTENCE_END.search(text)
                column_right = max(m.x1 for m in members)
                short_last = prev.x1 < column_right - 3 * body and prev.x1 < prev.column[1] - 3 * body
                if same_flow:
                    continues = gap <= 1.45 * leading and not (not open_sentence and short_last)
                    # An item's lines hang right of its bullet; a line back at the
                    # bullet's position starts something new.
                    if kind == "item" and line.x0 <= members[0].x0 + 1:
                        continues = False
                elif kind == "item":
                    # Items often end without a full stop: only a lowercase start
                    # (or a hyphen or comma left open) carries one across a page.
                    continues = line.text[:1].islower() or text.endswith(("-", ","))
                else:
                    continues = open_sentence
                if continues:
                    members.append(line)
                    groups[-1] = (kind, members, join(text, line.text))
                    continue
        if heading:
            groups.append(("heading", [line], line.text))
        elif bullet:
            groups.append(("item", [line], rest))
        else:
            groups.append(("paragraph", [line], line.text))

    # A bold line that runs on in lowercase was the bold start of a paragraph.
    merged: list[tuple[str, list[Line], str]] = []
    for group in groups:
        if (
            merged
            and group[0] == "paragraph"
            and group[2][:1].islower()
            and merged[-1][0] == "heading"
            and merged[-1][1][-1].size < body * 1.12
        ):
            _, members, text = merged.pop()
            merged.append(("paragraph", members + group[1], cleaning.join_lines(text, group[2])))
        else:
            merged.append(group)
    groups = merged
    heading_styles: Counter[tuple[float, bool]] = Counter()
    blocks: list[tuple[BlockKind, str, tuple[float, bool] | None, int]] = []
    for kind, members, text in groups:
        text = cleaning.collapse_spaces(text)
        if not text:
            continue
        style = (round(members[0].size * 2) / 2, members[0].bold)
        if kind == "heading" and not _plausible_heading(text, members[0], body):
            kind = "paragraph"
        if (
            kind == "heading"
            and text.endswith(".")
            and not text[-2:-1].isdigit()
            and (len(text.split()) >= 6 or (blocks and blocks[-1][0] == "heading"))
        ):
            kind = "paragraph"  # a sentence in display type: a standfirst, not a title
        if kind == "heading":
            heading_styles[style] += 1
            blocks.append(("heading", text, style, members[0].page))
        else:
            blocks.append(("item" if kind == "item" else "paragraph", text, None, members[0].page))
    levels = _style_levels(heading_styles, body)
    result: list[Block] = []
    for block_kind, text, block_style, page in blocks:
        level = levels.get(block_style, 1) if block_style is not None else 1
        result.append(Block(block_kind, text, level, page))
    result = _drop_contents_pages(result)
    result = _confirm_headings(result, outline, toc)
    return result, first_page_text, plain, cover


def _drop_contents_pages(blocks: list[Block]) -> list[Block]:
    """A page headed "Inhalt" that lists later headings (with or without page numbers) is no text."""
    last_page = max((b.page or 0 for b in blocks), default=0)
    drop: set[int] = set()
    for index, block in enumerate(blocks):
        if block.kind != "heading" or not _TOC_TITLE.match(block.text.strip()):
            continue
        if block.page is None or block.page > max(6, last_page // 5):
            continue
        page_text = _norm(" ".join(b.text for b in blocks if b.page == block.page))
        later = {
            _norm(b.text)
            for b in blocks[index + 1 :]
            if b.kind == "heading" and b.page != block.page and len(_norm(b.text)) >= 4
        }
        if sum(1 for title in later if title in page_text) >= 3:
            drop.add(block.page)
    return [b for b in blocks if b.page not in drop]


def _cover_pages(lines: list[Line], body: float) -> tuple[list[Line], list[str]]:
    """A first or last page of display type with hardly any body text is a cover, not the outline."""
    if not lines:
        return lines, []
    pages = sorted({line.page for line in lines})
    covers: set[int] = set()
    for page in {pages[0], pages[-1]} if len(pages) > 2 else set():
        body_words = display_words = 0
        for line in lines:
            if line.page == page:
                if abs(line.size - body) < 0.6:
                    body_words += len(line.text.split())
                elif line.size > body:
                    display_words += len(line.text.split())
        if body_words < 25 and display_words >= body_words:
            covers.add(page)
    cover = [line.text for line in lines if line.page in covers]
    return [line for line in lines if line.page not in covers], cover


def _plain_text(lines: list[Line], leading: float) -> str:
    """The lines as text: a blank line at each paragraph gap, a form feed between pages."""
    out: list[str] = []
    for prev, line in zip([None, *lines], lines, strict=False):
        if prev is not None:
            if prev.page != line.page:
                out.append("\f")
            elif line.first_in_column or prev.base - line.base > 1.45 * leading:
                out.append("\n\n")
            else:
                out.append("\n")
        out.append(line.text)
    return "".join(out)


def _plausible_heading(text: str, line: Line, body: float) -> bool:
    words = text.split()
    if len(text) > 220 or len(words) > 30 or text.endswith((",", "-", ":")):
        return False
    if line.size < body * 1.12:
        # Bold at body size: a heading only when short and not a sentence.
        return len(words) <= 16 and not text.endswith((".", ";", ":"))
    return True


def _style_levels(
    styles: Counter[tuple[float, bool]], body: float
) -> dict[tuple[float, bool], int]:
    """Bigger type is a higher level; at one size, bold ranks above regular.

    Only styles used for several headings rank; a style seen once (a cover
    line, a poster quote) takes the level of the next smaller ranked style.
    """
    ranked = sorted((s for s, n in styles.items() if n >= 2), key=lambda s: (-s[0], not s[1]))
    levels: dict[tuple[float, bool], int] = {}
    level = 0
    previous: tuple[float, bool] | None = None
    for style in ranked:
        # Sizes within 15 % are one level: layouts shrink a long chapter title to fit.
        if previous is None or previous[0] > 1.15 * style[0] or previous[1] != style[1]:
            level += 1
        levels[style] = min(level, 4)
        previous = style
    for style in styles:
        if style not in levels:
            below = [s for s in ranked if (s[0], s[1]) <= (style[0], style[1])]
            deepest = max(levels.values(), default=0)
            levels[style] = levels[max(below)] if below else min(deepest + 1, 4)
    return levels


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _confirm_headings(
    blocks: list[Block], outline: list[tuple[int, str, int | None]], toc: list[str]
) -> list[Block]:
    """Bookmarks give levels; a bookmarked or listed title the fonts missed becomes a heading."""
    entries = [(level, _norm(title), page) for level, title, page in outline if _norm(title)]
    entries = [e for e in entries if not _TOC_TITLE.match(e[1])]
    if len(entries) < 3:
        entries = []
    listed = {_norm(t) for t in toc}
    out: list[Block] = []
    for block in blocks:
        key = _norm(block.text)
        match = _outline_match(key, block.page, entries) if entries else None
        if match is not None:
            out.append(Block("heading", block.text, match, block.page))
        elif block.kind == "paragraph" and len(key) < 160 and key in listed:
            out.append(Block("heading", block.text, 2, block.page))
        else:
            out.append(block)
    return out


def _outline_match(key: str, page: int | None, entries: list[tuple[int, str, int | None]]) -> int | None:
    if len(key) > 200:
        return None
    for level, title, target in entries:
        if target is not None and page is not None and abs(target - page) > 1:
            continue
        if key == title:
            return level
        if len(key) <= 8 or abs(len(key) - len(title)) > 0.15 * len(title) + 2:
            continue  # a ratio of 0.9 needs nearly equal lengths; skip the costly compare
        matcher = difflib.SequenceMatcher(None, key, title, autojunk=False)
        if matcher.real_quick_ratio() >= 0.9 and matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9:
            return level
    return None
