"""Turn TOML/JSON data into topics, overrides and cards, collecting every structural problem."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from canvass_app import limits
from canvass_app.content.model import Answer, Card, CardOrigin, Citation, Override, Topic
from canvass_app.paths import ID_GRAMMAR

# The one ID grammar (paths.ID_GRAMMAR): cards and topics are stored as files by ID.
ID_PATTERN = ID_GRAMMAR


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, said in German, with the file and card it is in."""

    file: str
    message: str
    card: str | None = None

    def __str__(self) -> str:
        if self.card:
            return f"{self.file}: Karte {self.card}: {self.message}"
        return f"{self.file}: {self.message}"


def _string(data: Mapping[str, Any], key: str, problems: list[str], *, required: bool) -> str:
    value = data.get(key)
    if value is None:
        if required:
            problems.append(f"Feld '{key}' fehlt")
        return ""
    if not isinstance(value, str):
        problems.append(f"Feld '{key}' muss Text sein")
        return ""
    if len(value) > limits.CARD_TEXT_CHARS:
        problems.append(
            f"Feld '{key}' ist länger als {limits.describe_count(limits.CARD_TEXT_CHARS)} Zeichen"
        )
        return ""
    if required and not value.strip():
        problems.append(f"Feld '{key}' ist leer")
    return value.strip()


def _list(data: Mapping[str, Any], key: str, problems: list[str]) -> list[Any]:
    """A list field of at most CARD_LIST_ITEMS entries (empty and a problem otherwise)."""
    value = data.get(key, [])
    if not isinstance(value, list):
        problems.append(f"'{key}' muss eine Liste sein")
        return []
    if len(value) > limits.CARD_LIST_ITEMS:
        problems.append(f"'{key}' hat mehr als {limits.CARD_LIST_ITEMS} Einträge")
        return []
    return value


def _strings(data: Mapping[str, Any], key: str, problems: list[str]) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"Feld '{key}' muss eine Liste von Texten sein")
        return ()
    if len(value) > limits.CARD_LIST_ITEMS * 10:
        problems.append(f"Feld '{key}' hat mehr als {limits.CARD_LIST_ITEMS * 10} Einträge")
        return ()
    if any(len(v) > limits.CARD_TEXT_CHARS for v in value):
        problems.append(
            f"Feld '{key}' hat einen Eintrag mit mehr als "
            f"{limits.describe_count(limits.CARD_TEXT_CHARS)} Zeichen"
        )
        return ()
    return tuple(v.strip() for v in value if v.strip())


def topic_from_data(data: Any, problems: list[str]) -> Topic | None:
    if not isinstance(data, Mapping):
        problems.append("ein Thema ist keine Tabelle")
        return None
    topic_id = _string(data, "id", problems, required=True)
    if topic_id and not ID_PATTERN.match(topic_id):
        problems.append(f"Themen-ID '{topic_id}' ist ungültig (nur a-z, 0-9 und -)")
    codes = data.get("manifesto", [])
    if not isinstance(codes, list) or not all(isinstance(c, (int, str)) for c in codes):
        problems.append(f"Thema {topic_id}: 'manifesto' muss eine Liste von Codes sein")
        codes = []
    fallback = data.get("fallback", False)
    if not isinstance(fallback, bool):
        problems.append(f"Thema {topic_id}: 'fallback' muss true oder false sein")
        fallback = False
    decides_field = data.get("decides_field", True)
    if not isinstance(decides_field, bool):
        problems.append(f"Thema {topic_id}: 'decides_field' muss true oder false sein")
        decides_field = True
    topic = Topic(
        id=topic_id,
        title=_string(data, "title", problems, required=True),
        parent=_string(data, "parent", problems, required=False) or None,
        manifesto_codes=tuple(str(c) for c in codes),
        terms=_strings(data, "terms", problems),
        context_terms=_strings(data, "context_terms", problems),
        section_terms=_strings(data, "section_terms", problems),
        exclude=_strings(data, "exclude", problems),
        fallback=fallback,
        description=_string(data, "description", problems, required=False),
        examples=_strings(data, "examples", problems),
        decides_field=decides_field,
    )
    return topic if topic_id else None


def override_from_data(data: Any, source: str, problems: list[str]) -> Override | None:
    if not isinstance(data, Mapping):
        problems.append("eine Korrektur ist keine Tabelle")
        return None
    passage_id = _string(data, "passage", problems, required=True)
    add = _strings(data, "add", problems)
    remove = _strings(data, "remove", problems)
    if not add and not remove:
        problems.append(f"Korrektur für {passage_id or '?'}: weder 'add' noch 'remove' angegeben")
    if not passage_id:
        return None
    return Override(passage_id=passage_id, add=add, remove=remove, source=source)


def _citation_from_data(data: Any, problems: list[str]) -> Citation | None:
    if not isinstance(data, Mapping):
        problems.append("ein Beleg ist keine Tabelle mit 'passage_id' und 'quote'")
        return None
    passage_id = _string(data, "passage_id", problems, required=True)
    quote = _string(data, "quote", problems, required=True)
    if not passage_id or not quote:
        return None
    return Citation(passage_id=passage_id, quote=quote)


def _answer_from_data(data: Any, problems: list[str]) -> Answer | None:
    if not isinstance(data, Mapping):
        problems.append("eine Antwort ist keine Tabelle")
        return None
    local: list[str] = []
    programme = _string(data, "programme", local, required=True)
    summary = _string(data, "summary", local, required=True)
    silent = data.get("silent", False)
    if not isinstance(silent, bool):
        local.append("'silent' muss true oder false sein")
        silent = False
    raw_citations = _list(data, "citations", local)
    citations = [c for c in (_citation_from_data(r, local) for r in raw_citations) if c]
    problems.extend(f"Antwort {programme or '?'}: {p}" for p in local)
    if not programme:
        return None
    return Answer(programme=programme, summary=summary, citations=tuple(citations), silent=silent)


def card_from_data(
    data: Any, problems: list[str], *, origin: CardOrigin, source: str
) -> Card | None:
    """A card from a TOML/JSON table; structural problems go to ``problems``."""
    if not isinstance(data, Mapping):
        problems.append("die Karte ist keine Tabelle")
        return None
    card_id = _string(data, "id", problems, required=True)
    if card_id and not ID_PATTERN.match(card_id):
        problems.append(
            f"Karten-ID '{card_id}' ist ungültig (nur a-z, 0-9 und -, höchstens 80 Zeichen)"
        )
    raw_answers = _list(data, "answers", problems)
    answers = [a for a in (_answer_from_data(r, problems) for r in raw_answers) if a]
    for key in ("phrasings", "topics"):
        if isinstance(data.get(key), list) and len(data[key]) > limits.CARD_LIST_ITEMS:
            problems.append(f"'{key}' hat mehr als {limits.CARD_LIST_ITEMS} Einträge")
    card = Card(
        id=card_id,
        question=_string(data, "question", problems, required=True),
        phrasings=_strings(data, "phrasings", problems),
        answers=tuple(answers),
        topics=_strings(data, "topics", problems),
        tip=_string(data, "tip", problems, required=True),
        origin=origin,
        source=source,
    )
    return card if card_id else None
