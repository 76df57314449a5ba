"""Honest "nothing found" messages: they name what was searched and offer a way on.

"Im Kapitel „Wirtschaft“ der Grünen 2025 und im Kapitel „Gute Arbeit und starke
Wirtschaft“ der SPD 2020 steht nichts zu „Mieten“ – die vollständigen Programme
können mehr enthalten." A filter is mentioned only when one is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# Party names as a sentence says them after "der"/"von" ("der Grünen", "der SPD").
_PARTY_NAMES = (
    ("GRÜNE", "der Grünen"),
    ("GRUENE", "der Grünen"),
    ("SPD", "der SPD"),
    ("CDU", "der CDU"),
    ("CSU", "der CSU"),
    ("FDP", "der FDP"),
    ("LINKE", "der Linken"),
    ("AFD", "der AfD"),
    ("VOLT", "von Volt"),
    ("PIRATEN", "der Piraten"),
    ("FREIE WÄHLER", "der Freien Wähler"),
    ("ÖDP", "der ÖDP"),
    ("DIE PARTEI", "der PARTEI"),
    ("BSW", "des BSW"),
)
MAX_NAMED = 3


@dataclass(frozen=True)
class Related:
    """A topic or card to offer when nothing was found."""

    kind: str  # "topic" or "card"
    id: str
    title: str


def party_phrase(party: str) -> str:
    """"der Grünen", "der SPD", or "von „Wählergruppe X“" for a party we do not know."""
    upper = party.upper()
    for key, phrase in _PARTY_NAMES:
        if key in upper:
            return phrase
    return f"von „{party.strip()}“"


def programme_phrase(programme: Any) -> str:
    """How a sentence names a searched programme: its chapter when it is only one."""
    owner = f"{party_phrase(str(programme.party))} {programme.year}".rstrip()
    chapter = str(getattr(programme, "chapter", "") or "").strip()
    if chapter:
        return f"im Kapitel „{chapter}“ {owner}"
    return f"im Programm {owner}"


def nothing_found(
    query: str,
    searched: Sequence[Any],
    library_size: int,
    *,
    programme_filter: bool = False,
    topic_filter: bool = False,
    related: Related | None = None,
) -> str:
    """One or two German sentences for a search that found nothing.

    ``searched`` are the programmes searched, ``library_size`` how many there are
    in all; the filters are named only when set, so nobody is told to remove a
    filter that is not there.
    """
    # The question without its question mark: „Hundesteuer erhöhen“, not „… erhöhen?“.
    shown = query.strip().rstrip("?!.,;: ") or query.strip() or "dieser Suche"
    if not searched:
        text = f"Es ist kein Programm geladen, in dem „{shown}“ stehen könnte."
    elif len(searched) <= MAX_NAMED:
        parts = [programme_phrase(p) for p in searched]
        names = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " und " + parts[-1]
        text = f"{names[0].upper()}{names[1:]} steht nichts zu „{shown}“"
    else:
        text = f"In den {len(searched)} durchsuchten Programmen steht nichts zu „{shown}“"
    if searched:
        chapters = [p for p in searched if str(getattr(p, "chapter", "") or "").strip()]
        if chapters and len(chapters) == len(searched):
            text += (
                " – das vollständige Programm kann mehr enthalten."
                if len(searched) == 1
                else " – die vollständigen Programme können mehr enthalten."
            )
        else:
            text += "."
    hints: list[str] = []
    if programme_filter and len(searched) < library_size:
        hints.append(f"Gesucht wurde nur in {len(searched)} von {library_size} Programmen.")
    if topic_filter:
        hints.append("Gesucht wurde nur im gewählten Thema.")
    if related is not None:
        label = "Thema" if related.kind == "topic" else "Antwortkarte"
        hints.append(f"Verwandt: {label} „{related.title}“.")
    return " ".join([text, *hints])
