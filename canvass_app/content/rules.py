"""German-aware term rules: fold case, umlauts and in-word hyphens, then match word prefixes.

A rule term is matched against folded text:
- ``gründ`` matches any word that starts with it (Gründung, Gründer*innen);
- ``*arbeitslos`` matches it anywhere inside a word, for compounds
  (Jugendarbeitslosigkeit, Langzeitarbeitslosen);
- ``offenes wlan`` (several words) matches those word prefixes in a row;
- ``=ort`` matches the whole word only (Ort, not Ortsteil or Dortmund).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
# A hyphen between two letters joins a compound (Mikro-Depots, Start-ups); a
# hyphen before a space is an ellipsis (Langzeit- und ...) and stays a separator.
_INWORD_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")


def fold(text: str) -> str:
    """Lower case, umlauts and accents to base letters, in-word hyphens removed."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _INWORD_HYPHEN.sub("", stripped)


def fold_whitespace(text: str) -> str:
    """Runs of whitespace become one space: how quotes are compared with passages."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Term:
    """One compiled rule term."""

    source: str
    pattern: re.Pattern[str]

    def matches(self, folded_text: str) -> bool:
        return self.pattern.search(folded_text) is not None


class RuleError(ValueError):
    """A rule term that cannot be compiled (empty, or made only of wildcards)."""


@lru_cache(maxsize=4096)
def compile_term(source: str) -> Term:
    raw = source.strip()
    infix = raw.startswith("*")
    whole = raw.startswith("=")
    body = raw.lstrip("*=").strip()
    words = fold(body).split()
    if not words or any(not re.search(r"\w", w) for w in words):
        raise RuleError(f"leerer oder ungültiger Suchbegriff: {source!r}")
    parts = [re.escape(w) for w in words]
    joined = r"\w*\W+".join(parts)
    prefix = "" if infix else r"(?<!\w)"
    suffix = r"(?!\w)" if whole else ""
    return Term(source=source, pattern=re.compile(prefix + joined + suffix))


def any_term_matches(terms: tuple[str, ...], folded_text: str) -> bool:
    return any(compile_term(t).matches(folded_text) for t in terms)
