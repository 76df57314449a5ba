"""Drafts of cards that cannot be saved yet: the card editor keeps the form, the trainer finishes later.

One JSON file per card in ``<data dir>/card-drafts/`` (mode 0600, like every user file),
named by the card's ID or ``neue-karte`` for a card without one. A draft is not a card:
the catalogue, the search and the CLI never see it, only the editor offers it back.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from canvass_app.content.model import Answer, Card, Citation

FOLDER = "card-drafts"
NEW_CARD = "neue-karte"


def draft_path(data_dir: Path, card_id: str) -> Path:
    name = card_id if card_id and all(c.isalnum() or c == "-" for c in card_id) else NEW_CARD
    return data_dir / FOLDER / f"{name}.json"


def save_draft(data_dir: Path, card_id: str, card: Card) -> Path:
    """Write the form's card as a draft for ``card_id`` (the card being edited, "" for a new one)."""
    path = draft_path(data_dir, card_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(card.to_json(), handle, ensure_ascii=False, indent=1)
    os.replace(temporary, path)
    return path


def load_draft(data_dir: Path, card_id: str) -> Card | None:
    """The draft kept for ``card_id``, or None (also for a damaged draft file, which is ignored)."""
    try:
        data: Any = json.loads(draft_path(data_dir, card_id).read_text(encoding="utf-8"))
        answers = tuple(
            Answer(
                programme=str(a["programme"]),
                summary=str(a.get("summary", "")),
                citations=tuple(Citation(str(c["passage_id"]), str(c["quote"])) for c in a.get("citations", [])),
                silent=bool(a.get("silent", False)),
            )
            for a in data.get("answers", [])
        )
        return Card(
            id=str(data.get("id", "")),
            question=str(data.get("question", "")),
            phrasings=tuple(str(p) for p in data.get("phrasings", [])),
            answers=answers,
            topics=tuple(str(t) for t in data.get("topics", [])),
            tip=str(data.get("tip", "")),
            origin="user",
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def drop_draft(data_dir: Path, card_id: str) -> None:
    with contextlib.suppress(OSError):
        draft_path(data_dir, card_id).unlink()
