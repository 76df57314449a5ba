"""German-aware term rules: fold case, umlauts and in-word hyphens, then match word prefixes.

A rule term is matched against folded text:
- ``gründer`` matches any word that starts with it (Gründer*innen, Gründerzentrum);
- ``*arbeitslos`` matches it anywhere inside a word, for compounds
  (Jugendarbeitslosigkeit, Langzeitarbeitslosen);
- ``offenes wlan`` (several words) matches those word prefixes in a row;
- ``=ort`` matches the whole word only (Ort, not Ortsteil or Dortmund); ``=pflege der``
  matches those whole words in a row ("Pflege der Wege", not "Pflegeheime der Stadt").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from canvass_app.search.analysis import COMPLETION as _COMPLETION
from canvass_app.search.analysis import ELLIPSIS as _ELLIPSIS

_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
# A hyphen between two letters joins a compound (Mikro-Depots, Start-ups); a
# hyphen before a space is an ellipsis (Langzeit- und ...) and stays a separator.
_INWORD_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")
_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(r"(?<![\w-])[^\W\d_a-zäöüß][\w-]*")
# "Spiel- und Freizeitplätze": a cut word and the word completing its list, as search
# indexes them (see canvass_app.search.analysis).
# The shortest head a cut word may share ("platze", not "e").
_SHARED_HEAD = 4

TermKind = Literal["prefix", "infix", "whole", "pattern"]


def fold(text: str) -> str:
    """Lower case, umlauts and accents to base letters, in-word hyphens removed."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_UMLAUTS)
    if folded.isascii():
        return _INWORD_HYPHEN.sub("", folded)
    decomposed = unicodedata.normalize("NFKD", folded)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _INWORD_HYPHEN.sub("", stripped)


def fold_whitespace(text: str) -> str:
    """Runs of whitespace become one space: how quotes are compared with passages."""
    return " ".join(text.split())


@dataclass(frozen=True)
class FoldedText:
    """Folded text plus its sorted distinct words, so a prefix test is a binary search."""

    text: str
    words: tuple[str, ...]
    # Folded words written with a capital somewhere in the text: German nouns (and words
    # opening a sentence). Only a noun is a compound with a head ("Waldkindergärten",
    # not "dringender").
    capitalised: frozenset[str] = frozenset()
    # Each word cut at a hyphen ("spiel" in "Spiel- und Freizeitplätze") with the words it
    # may stand for, longest shared head first ("spielfreizeitplatze" … "spielplatze");
    # which one is meant only a term can tell (see TermIndex.matched_words).
    completions: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @classmethod
    def of(cls, text: str) -> FoldedText:
        folded = fold(text)
        capitalised = frozenset(fold(w) for w in _CAPITALISED.findall(text))
        words = tuple(sorted(set(_WORD.findall(folded))))
        completions: list[tuple[str, tuple[str, ...]]] = []
        if "-" in folded:
            for cut in _ELLIPSIS.finditer(folded):
                completion = _COMPLETION.match(folded, cut.end())
                if completion is None:
                    continue
                modifier, whole = cut.group(1), completion.group(1)
                heads = range(0, len(whole) - _SHARED_HEAD + 1)
                completions.append((modifier, tuple(modifier + whole[start:] for start in heads)))
        return cls(folded, words, capitalised, tuple(completions))


@dataclass(frozen=True)
class Term:
    """One compiled rule term."""

    source: str
    kind: TermKind
    word: str
    pattern: re.Pattern[str]

    def matches(self, folded: FoldedText) -> bool:
        # Single plain words avoid the regex: rules run over every passage of
        # every programme, and a 10 MB corpus has some 10,000 passages.
        if self.kind == "infix":
            return self.word in folded.text
        if self.kind in ("prefix", "whole"):
            words = folded.words
            i = bisect.bisect_left(words, self.word)
            if i < len(words) and (words[i] == self.word if self.kind == "whole" else words[i].startswith(self.word)):
                return True
            return any(self.completes(modifier, completed) for modifier, completed in folded.completions)
        # A phrase needs its first word somewhere: a cheap test that rules most passages out.
        # (Completions of cut words are for single words: a phrase reads the text as written.)
        if self.word not in folded.text:
            return False
        return self.pattern.search(folded.text) is not None


    def completes(self, modifier: str, completed: tuple[str, ...]) -> bool:
        """Whether this word term spells one of a cut word's completions beyond the cut word."""
        if self.kind == "whole":
            return self.word in completed
        return len(self.word) > len(modifier) and any(w.startswith(self.word) for w in completed)


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
    joined = (r"\W+" if whole else r"\w*\W+").join(parts)
    prefix = "" if infix else r"(?<!\w)"
    suffix = r"(?!\w)" if whole else ""
    pattern = re.compile(prefix + joined + suffix)
    kind: TermKind = "pattern"
    if len(words) == 1 and _WORD.fullmatch(words[0]):
        kind = "infix" if infix else "whole" if whole else "prefix"
    return Term(source=source, kind=kind, word=words[0], pattern=pattern)


def any_term_matches(terms: tuple[str, ...], folded: FoldedText) -> bool:
    """True if one of the terms matches; broken terms never match (`canvass check` reports them)."""
    for source in terms:
        try:
            term = compile_term(source)
        except RuleError:
            continue
        if term.matches(folded):
            return True
    return False


def raw_infix(source: str) -> bool:
    return source.strip().startswith("*")


# A compound's head: a prefix term this long or longer, after a modifier this long or
# longer, followed by nothing but an inflection ("Waldkindergärten", "Musikschulen"), so
# "Parkraumbewirtschaftung" has no head "wirtschaft".
HEAD_LETTERS = 6
MODIFIER_LETTERS = 3
HEAD_ENDINGS = ("", "e", "n", "en", "s", "es", "er", "ern", "in", "innen")


class TermIndex:
    """Many rule terms matched against one text at once.

    Assignment checks some thousand terms against every passage; testing them
    one by one costs milliseconds a passage. The index looks each word of the
    text up once (its prefixes, for prefix terms), so the cost grows with the
    text, not with the number of terms.
    """

    def __init__(self, sources: set[str] | list[str] | tuple[str, ...], *, heads: bool = False) -> None:
        # With ``heads``, a prefix term of HEAD_LETTERS or more also finds a compound it is
        # the head of: "kindergarten" → "Waldkindergarten", a kind of Kindergarten (German
        # compounds name their kind last), not only words that start with it.
        self._heads = heads
        self._head_cache: dict[str, list[str]] = {}
        self._prefix: dict[str, list[str]] = {}
        self._whole: dict[str, list[str]] = {}
        self._infix: list[Term] = []
        self._patterns: list[Term] = []
        self._phrases: dict[str, list[Term]] = {}
        self._lengths: set[int] = set()
        for source in set(sources):
            try:
                term = compile_term(source)
            except RuleError:
                continue
            if term.kind == "prefix":
                self._prefix.setdefault(term.word, []).append(source)
                self._lengths.add(len(term.word))
            elif term.kind == "whole":
                self._whole.setdefault(term.word, []).append(source)
            elif term.kind == "infix":
                self._infix.append(term)
            else:
                # A phrase is tried only when a word of the text starts with the
                # letters its first word starts with; anything else always.
                lead = _WORD.match(term.word)
                if raw_infix(source) or lead is None:
                    self._patterns.append(term)
                else:
                    self._phrases.setdefault(lead.group(0), []).append(term)
                    self._lengths.add(len(lead.group(0)))
        self._sorted_lengths = sorted(self._lengths)

    def _head_sources(self, word: str) -> list[str]:
        """Prefix terms that are the head of the compound ``word`` (not its start)."""
        cached = self._head_cache.get(word)
        if cached is not None:
            return cached
        found: list[str] = []
        prefix = self._prefix
        if len(word) >= MODIFIER_LETTERS + HEAD_LETTERS:
            for ending in HEAD_ENDINGS:
                if not word.endswith(ending):
                    continue
                stem = word[: len(word) - len(ending)]
                for start in range(MODIFIER_LETTERS, len(stem) - HEAD_LETTERS + 1):
                    found.extend(prefix.get(stem[start:], ()))
        if len(self._head_cache) < 200_000:
            self._head_cache[word] = found
        return found

    def matches(self, folded: FoldedText) -> set[str]:
        """The sources of every term that matches the text."""
        return set(self.matched_words(folded))

    def matched_words(self, folded: FoldedText) -> dict[str, set[str]]:
        """Each matching term's source → the words of the text it matched (a phrase counts as one)."""
        found: dict[str, set[str]] = {}
        prefix, whole, phrases, lengths = self._prefix, self._whole, self._phrases, self._sorted_lengths
        candidates: set[Term] = set()
        for word in folded.words:
            for source in whole.get(word, ()):
                found.setdefault(source, set()).add(word)
            for length in lengths:
                if length > len(word):
                    break
                start = word[:length]
                for source in prefix.get(start, ()):
                    found.setdefault(source, set()).add(word)
                candidates.update(phrases.get(start, ()))
        for modifier, completed in folded.completions:
            # Terms that spell a completion beyond the cut word ("spielplatz" in
            # "spielplatze"; one the cut word alone holds has found that word already),
            # credited to the cut word: "Kultur-" and "Kulturangebote" are one word.
            for word in completed:
                for source in whole.get(word, ()):
                    found.setdefault(source, set()).add(modifier)
                for length in lengths:
                    if length > len(word):
                        break
                    if length > len(modifier):
                        for source in prefix.get(word[:length], ()):
                            found.setdefault(source, set()).add(modifier)
        if self._heads:
            for word in folded.capitalised:
                for source in self._head_sources(word):
                    found.setdefault(source, set()).add(word)
        for term in candidates:
            if term.matches(folded):
                found[term.source] = {term.source}
        text = folded.text
        for term in self._infix:
            if term.word in text:
                found[term.source] = {w for w in folded.words if term.word in w} or {term.word}
        for term in self._patterns:
            if term.matches(folded):
                found[term.source] = {term.source}
        return found
