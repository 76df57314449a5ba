"""The printable document model: a flat list of blocks that the HTML and the Qt renderer both draw.

Builders (``builders.py``) turn topics, cards, passages and notes into these
blocks; renderers never look at the library, so the CLI, the app and the mail
export show exactly the same content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Layout = Literal["full", "pocket"]
LAYOUTS: tuple[Layout, ...] = ("full", "pocket")
ParagraphRole = Literal["body", "intro", "meta", "silent"]


def line_label(lines: tuple[int, int] | None) -> str:
    """German citation form of PDF line numbers: "Z. 343" or "Z. 343–345"; empty when unknown."""
    if lines is None:
        return ""
    first, last = lines
    return f"Z. {first}" if first == last else f"Z. {first}–{last}"


def party_year(party: str, year: int | None) -> str:
    return f"{party} {year}" if year else party


@dataclass(frozen=True)
class SourceRef:
    """Where a quote comes from; party and year are always shown so nobody quotes 2020 as current."""

    passage_id: str
    party: str
    year: int | None
    programme_title: str = ""
    section: str = ""
    lines: tuple[int, int] | None = None

    def label(self, with_section: bool = True) -> str:
        parts = [party_year(self.party, self.year)]
        if with_section and self.section:
            parts.append(f"„{self.section}“")
        lines = line_label(self.lines)
        if lines:
            parts.append(lines)
        return " · ".join(parts)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 document title, 2 part (programme, "Antwortkarten"), 3 item title


@dataclass(frozen=True)
class Paragraph:
    text: str
    role: ParagraphRole = "body"


@dataclass(frozen=True)
class PassageBlock:
    """A programme passage quoted in full, with its citation."""

    text: str
    source: SourceRef


@dataclass(frozen=True)
class CardQuote:
    quote: str
    source: SourceRef


@dataclass(frozen=True)
class CardAnswer:
    """What one programme answers; ``silent`` when the programme says nothing on the question."""

    party: str
    year: int | None
    summary: str
    quotes: tuple[CardQuote, ...] = ()
    silent: bool = False

    @property
    def label(self) -> str:
        return party_year(self.party, self.year)


@dataclass(frozen=True)
class CardBlock:
    """A quick-answer card; renderers keep it on one page whenever it fits."""

    card_id: str
    question: str
    answers: tuple[CardAnswer, ...]
    tip: str = ""
    phrasings: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoteBlock:
    """A trainer's own words: a stored note or text written into the briefing."""

    text: str
    title: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageBreak:
    """A hint: start the next block on a new page (ignored by the pocket layout)."""


Block = Heading | Paragraph | PassageBlock | CardBlock | NoteBlock | PageBreak


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    subtitle: str = ""
    sources: tuple[str, ...] = ()  # one line per programme quoted, printed in the footer
    layout: Layout = "full"
    kind: str = "document"  # "topic", "card" or "briefing": names the output, never changes it
    metadata: dict[str, str] = field(default_factory=dict)

    def cards(self) -> list[CardBlock]:
        return [block for block in self.blocks if isinstance(block, CardBlock)]

    def plain_text(self) -> str:
        """Everything a reader would see, as plain text (for tests and quick checks)."""
        lines = [self.title, self.subtitle]
        for block in self.blocks:
            lines.extend(block_text(block))
        lines.extend(self.sources)
        return "\n".join(line for line in lines if line)


def block_text(block: Block) -> list[str]:
    if isinstance(block, Heading | Paragraph):
        return [block.text]
    if isinstance(block, PassageBlock):
        return [block.source.label(), block.text]
    if isinstance(block, NoteBlock):
        return [block.title, block.text, " ".join(f"#{tag}" for tag in block.tags)]
    if isinstance(block, CardBlock):
        lines = [block.question]
        for answer in block.answers:
            lines.extend([answer.label, answer.summary])
            for quote in answer.quotes:
                lines.append(f"„{quote.quote}“ ({quote.source.label()})")
        lines.append(block.tip)
        return lines
    return []
