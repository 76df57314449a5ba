"""The typed block stream every reader (PDF layout, plain text, Markdown) emits for the one structurer.

A block is a heading with its level, a paragraph, a list item or a lead-in,
with where it came from (page, PDF line numbers). Readers drop furniture
(running headers, page and line numbers, tables of contents) themselves, since
only they have the evidence; the structurer turns blocks into sections.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "item", "leadin"]
_KINDS: frozenset[str] = frozenset({"heading", "paragraph", "item", "leadin"})
# Stored imports of PDFs keep their block stream as text with this first line.
BLOCKS_MAGIC = "canvass-blocks 1"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    level: int = 1  # headings only: 1 = chapter
    page: int | None = None  # 1-based PDF page
    lines: tuple[int, int] | None = None  # printed line numbers, where reliable

    def to_json(self) -> list[Any]:
        return [self.kind, self.text, self.level, self.page]


def dump_blocks(blocks: list[Block], metadata: dict[str, str]) -> str:
    """The block stream as stored text: a magic line, then one JSON document."""
    payload = {"metadata": metadata, "blocks": [b.to_json() for b in blocks]}
    return f"{BLOCKS_MAGIC}\n{json.dumps(payload, ensure_ascii=False)}"


def load_blocks(text: str) -> tuple[list[Block], dict[str, str]]:
    """Inverse of :func:`dump_blocks`; raises ValueError on anything else."""
    head, _, body = text.partition("\n")
    if head.strip() != BLOCKS_MAGIC:
        raise ValueError("not a block stream")
    payload = json.loads(body)
    blocks: list[Block] = []
    for entry in payload.get("blocks", []):
        kind, block_text, level, page = entry
        if kind not in _KINDS or not isinstance(block_text, str):
            raise ValueError(f"bad block {entry!r}")
        blocks.append(Block(kind, block_text, int(level), page if isinstance(page, int) else None))
    metadata = {str(k): str(v) for k, v in dict(payload.get("metadata", {})).items()}
    return blocks, metadata
