"""From any typed string to a whoosh query: parsing, compounds, typos, thesaurus, concepts.

Parsing never fails: quoted phrases, ``förder*`` prefixes, ``*teil*`` substrings,
``-wort`` exclusions and ``programm:``/``thema:`` filters are recognised when they
are well formed; everything else is read as plain words.

Each content word (or thesaurus phrase, quoted phrase, prefix) becomes a
:class:`Concept`: the alternatives that count as finding it (its stem, its exact
spelling, compounds that contain it, typo corrections, thesaurus words). The
service ranks documents first by how many concepts they contain.
"""

from __future__ import annotations

import bisect
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from whoosh.query.compound import AndNot, Or
from whoosh.query.positional import Phrase
from whoosh.query.qcore import Query
from whoosh.query.terms import Term

from canvass_app.search.analysis import (
    CIRCUMSTANCE_WORDS,
    GENERIC_WORDS,
    QUESTION_WORDS,
    SEPARABLE_PARTICLES,
    analyze,
    fold,
    infinitives,
    snowball_stem,
    verb_forms,
    words,
)
from canvass_app.search.analysis import stem as stem_word
from canvass_app.search.thesaurus import Thesaurus

# Generous for a doorstep question, tight enough that 10,000 characters stay fast.
MAX_QUERY_CHARS = 1000
MAX_ITEMS = 24
MAX_EXPANSIONS = 48
MAX_PREFIX_TERMS = 200
# Document frequencies a vocabulary keeps looked up (three fields of a few hundred terms a query).
_KNOWN_FREQUENCIES = 200_000
# Letters from which the last part of a split compound is specific enough to find the
# compound alone ("austausch"); shorter ones ("raum", "zeit", "gebuhr") need the first part.
SPECIFIC_HEAD = 7
# Letters from which the first part of a split compound is specific enough that other
# compounds on it stand for the word ("Skater|park" → "Skateranlage"; not "Kern|fusion"
# → "Kernstadt"). A first part the programmes also use as a word of its own is a field,
# not a subject: "Kinder|geld" is no "Kinderbetreuung".
SIBLING_MODIFIER = 6
# The weight of a split compound's first part beside a long known last part.
MODIFIER_SHARE = 0.5

_QUOTES = str.maketrans({c: '"' for c in "„“”«»‚‘’‹›＂"})
_FILTER_KEYS = {
    "programm": "programme",
    "programme": "programme",
    "partei": "party",
    "thema": "topic",
    "topic": "topic",
}
_OPERATORS = {"and", "or", "und", "oder", "&&", "||", "&", "|"}
# Only the explicit operator negates: "nicht" and "ohne" are ordinary words in
# doorstep questions ("Kostet Klimaschutz nicht Arbeitsplätze?").
_NEGATIONS = {"NOT"}


@dataclass
class Item:
    """One parsed piece of the query string."""

    kind: str  # "word", "phrase", "prefix", "substring", "exclude"
    text: str


@dataclass
class ParsedQuery:
    items: list[Item] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


def clean(raw: str) -> str:
    """Control and format characters out, quotes unified, length capped."""
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in raw[: MAX_QUERY_CHARS * 2])
    return text.translate(_QUOTES)[:MAX_QUERY_CHARS]


def parse(raw: str) -> ParsedQuery:
    """Read any string as a query; malformed syntax degrades to plain words."""
    parsed = ParsedQuery()
    text = clean(raw)
    negate_next = False
    for match in re.finditer(r'"([^"]*)"|(\S+)', text):
        if len(parsed.items) >= MAX_ITEMS:
            break
        phrase, chunk = match.group(1), match.group(2)
        if phrase is not None:
            if analyze(phrase):
                parsed.items.append(Item("exclude" if negate_next else "phrase", phrase))
            negate_next = False
            continue
        chunk = chunk.strip('"')
        lowered = chunk.casefold()
        if lowered in _OPERATORS:
            continue
        if chunk in _NEGATIONS:
            negate_next = True
            continue
        key, sep, value = chunk.partition(":")
        if sep and value and fold(key) in _FILTER_KEYS and not value.startswith(":"):
            getattr(parsed, {"programme": "programmes", "party": "parties", "topic": "topics"}[
                _FILTER_KEYS[fold(key)]
            ]).append(value.strip())
            continue
        if sep and not re.match(r"(?i)in(nen)?\b", value):
            # Field syntax for fields we do not have ("title:x"): plain words.
            chunk = chunk.replace(":", " ")
        if chunk.startswith("-") and words(chunk):
            negate_next = True
            chunk = chunk.lstrip("-")
        chunk = chunk.lstrip("+")
        word_list = words(chunk)
        if not word_list:
            continue
        if negate_next:
            parsed.items.extend(Item("exclude", w) for w in word_list)
            negate_next = False
            continue
        if "*" in chunk and len(word_list) == 1:
            core = fold(word_list[0])
            leading, trailing = chunk.startswith("*"), chunk.endswith("*")
            if leading and len(core) >= 3:
                parsed.items.append(Item("substring", core))
                continue
            if trailing and len(core) >= 2:
                parsed.items.append(Item("prefix", core))
                continue
        parsed.items.extend(Item("word", w) for w in word_list)
    # An exclusion alone would find nothing; read it as the word itself.
    if parsed.items and all(i.kind == "exclude" for i in parsed.items):
        parsed.items = [Item("word", i.text) for i in parsed.items]
    return parsed


# A letter typed for another is a slip when the keys are neighbours on a German
# (QWERTZ) keyboard or the two sound alike; "Gewalt" is no slip of "Gehalt" (w/h),
# nor "fährt" of "führt" (a/u): those are other words.
_KEY_ROWS = ("qwertzuiop", "asdfghjkl", "yxcvbnm")
_ROW_OFFSETS = (0.0, 0.25, 0.75)
_KEY_PLACES = {
    key: (row, column + _ROW_OFFSETS[row]) for row, keys in enumerate(_KEY_ROWS) for column, key in enumerate(keys)
}
# Letters alike in sound, and "yz", swapped between German and English keyboards.
_SOUND_ALIKE = ("dt", "bp", "gk", "fv", "vw", "sz", "ck", "cz", "iy", "ea", "ou", "ui", "yz")
# Every pair (typed letter + meant letter) that is a likely slip, worked out once: the
# distance below asks for it in its innermost loop.
_SLIPS = frozenset(
    typed + meant
    for typed, (row, column) in _KEY_PLACES.items()
    for meant, (other_row, other_column) in _KEY_PLACES.items()
    if abs(row - other_row) <= 1 and abs(column - other_column) <= 1.0
) | frozenset(pair[i] + pair[1 - i] for pair in _SOUND_ALIKE for i in (0, 1))


def _plausible_slip(typed: str, meant: str) -> bool:
    """Whether typing ``typed`` for ``meant`` is a likely slip: neighbouring keys or letters alike in sound."""
    return typed + meant in _SLIPS


def osa_distance(a: str, b: str, limit: int, *, slips: bool = False) -> int:
    """Optimal-string-alignment distance (swaps count as one edit), cut off above ``limit``.

    With ``slips`` a letter replaced inside the word by one that is neither a neighbouring
    key nor alike in sound counts as two edits: such a word is more likely another word
    than a typo.
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if slips:
        # A slip only makes a replacement dearer: beyond the limit without it is beyond it
        # with it, and most candidates are. Only the few within pay for the slip table.
        plain = osa_distance(a, b, limit)
        if plain == 0 or plain > limit:
            return plain
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                cost = 0
            else:
                # The last letters are where a stem meets a typed ending ("strasn" for
                # "strass|en"): always one edit there.
                last = i == len(a) or j == len(b)
                cost = 1 if not slips or last or a[i - 1] + b[j - 1] in _SLIPS else 2
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


_VOWELS = frozenset("aeiouy")
# How German words (and so the parts of compounds) may begin: a vowel is left out
# on purpose, since vowel-initial rests ("rent|abel") are mostly word endings.
_ONSET_TEXT = (
    "schl schm schn schr schw sch spr spl str pfl pfr pf sp st bl br ch dr fl fr gl gr kl kn "
    "kr pl pr qu tr zw wr ph th b c d f g h j k l m n p r s t v w z"
)
_ONSETS = tuple(sorted(_ONSET_TEXT.split(), key=len, reverse=True))
_LINKING = ("", "s", "es", "n", "en", "e", "er", "ens")
# Inflection endings a word may carry as a compound's last part ("Kaltmieten"); no
# derivations ("-er": "Arbeitnehmer" is no kind of "nehmen").
_INFLECTIONS = ("e", "en", "n", "es", "s")
# Endings that make an adjective of a stem, another word than a compound with it:
# "bezahlbar" (affordable) is not "Bezahlung" (pay), "Mindestlohn" must not find rents.
_DERIVING_SUFFIXES = frozenset({"bar", "lich", "sam", "haft", "isch", "los"})
# Endings that make nouns of words ("Bürger|schaft", "Mann|schaft", "Frei|heit"): what
# precedes them is no compound's first part, and they are no last part of one.
_NOUN_SUFFIXES = ("schaft", "schaften", "heit", "heiten", "keit", "keiten", "tum", "tums", "nis", "nisse", "ling", "linge", "lingen")


def _suffix_cut(word: str, head: str) -> bool:
    """Whether cutting ``word`` before ``head`` splits off its noun ending (see
    _NOUN_SUFFIXES) with less than a word before it: "Bürger|schaft", "Bürg|erschaft",
    "Manns|chaft" are no compounds; "Land|wirtschaft" is one."""
    suffix = next((s for s in sorted(_NOUN_SUFFIXES, key=len, reverse=True) if word.endswith(s)), None)
    return suffix is not None and len(head) < len(suffix) + 4
# Verb particles and prefixes: "unter|nehmen", "mit|nehmen", "ver|mieten" are other verbs,
# not compounds of "nehmen" or "mieten".
_PARTICLES = frozenset(
    ["ab", "an", "auf", "aus", "bei", "be", "dar", "durch", "ein", "ent", "er", "fort", "ge", "her", "hin", "hinter", "los", "mit", "nach", "uber", "um", "unter", "ver", "vor", "weg", "wider", "wieder", "zer", "zu", "zuruck", "zusammen", "voran", "heraus"]
)
_LONG_PARTICLES = tuple(p for p in _PARTICLES if len(p) >= 4)
_PREFIX_CHAIN = tuple(sorted(_PARTICLES | {"weiter", "hinein", "herein", "herum", "empor"}, key=len, reverse=True))


# Linking elements (and the residue of a stemmed verb, "lief|er") between a compound's parts.
_STRADDLE_LINKS = ("s", "n", "e", "es", "en", "er")


def _only_prefixes(text: str) -> bool:
    """Whether ``text`` is nothing but verb prefixes ("ent", "weiterent", "unter"): what
    precedes a word inside "weiterentwickelt" makes another word, not a compound."""
    if not text:
        return False
    while text:
        for prefix in _PREFIX_CHAIN:
            if text.startswith(prefix):
                text = text[len(prefix) :]
                break
        else:
            return False
    return True


def _has_vowel(text: str) -> bool:
    return any(c in _VOWELS for c in text)


def _starts_like_a_word(text: str) -> bool:
    for onset in _ONSETS:
        if text.startswith(onset):
            rest = text[len(onset) :]
            return bool(rest) and rest[0] in _VOWELS
    return False


def _looks_like_a_part(text: str) -> bool:
    """A plausible German word part: a vowel, a vowel or a legal onset first, no letter tripled."""
    if not _has_vowel(text) or re.search(r"(.)\1\1", text):
        return False
    return text[0] in _VOWELS or _starts_like_a_word(text)


def _without_linking(rest: str) -> list[str]:
    """``rest`` and ``rest`` without a leading linking element ("s|spiegel" → "spiegel")."""
    return [rest[len(link) :] for link in _LINKING if rest.startswith(link)]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_TWO_LETTER_ENDINGS = frozenset({"ie", "er", "en", "es", "el", "em", "et", "st", "ig", "ik"})


def _one_slip(word: str) -> set[str]:
    """Every spelling one slip from ``word``: a letter left out, added, changed or two swapped."""
    found = {word[:i] + word[i + 1 :] for i in range(len(word))}
    found |= {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    for i in range(len(word) + 1):
        for letter in _LETTERS:
            found.add(word[:i] + letter + word[i:])
            if i < len(word) and letter != word[i]:
                found.add(word[:i] + letter + word[i + 1 :])
    found.discard(word)
    return found


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))} | {word}


class _JoinedWords:
    """A sorted word list as one text, so finding the words that contain a part is one
    search in C over the text instead of a Python loop over every word."""

    SEPARATOR = "\x00"

    def __init__(self, words: Sequence[str]) -> None:
        self.words = words
        self.text = self.SEPARATOR.join(words)
        self.starts: list[int] = []
        position = 0
        for word in words:
            self.starts.append(position)
            position += len(word) + 1

    def containing(self, part: str, most: int | None = None) -> list[str]:
        """The words containing ``part``, in list order (at most ``most``)."""
        if not part or self.SEPARATOR in part:
            found = [w for w in self.words if part in w]
            return found if most is None else found[:most]
        result: list[str] = []
        text, starts = self.text, self.starts
        position = text.find(part)
        while position != -1 and (most is None or len(result) < most):
            number = bisect.bisect_right(starts, position) - 1
            result.append(self.words[number])
            if number + 1 >= len(starts):
                break
            position = text.find(part, starts[number + 1])
        return result


class Vocabulary:
    """The indexed terms, for compound expansion, prefixes and typo correction."""

    def __init__(
        self,
        reader: Any,
        surfaces: Mapping[str, str],
        terms: Mapping[str, Iterable[str]] | None = None,
        typo: Callable[[Iterable[str]], set[str]] | None = None,
        doc_frequency: Callable[[str, str], int] | None = None,
        frequencies: Callable[[str, Iterable[str]], Mapping[str, int]] | None = None,
    ) -> None:
        """``terms`` (indexed terms per field) and ``typo`` (terms one deletion away from
        any of the given variants) come persisted with the index; without them both are
        derived from ``reader`` in this process."""
        self._reader = reader
        if terms is None:
            terms = {f: [t.decode("utf-8") for t in reader.lexicon(f)] for f in ("text", "heading", "exact")}
        self.stems: list[str] = sorted({*terms.get("text", ()), *terms.get("heading", ())})
        self.stem_set = frozenset(self.stems)
        self.folded: list[str] = sorted(terms.get("exact", ()))
        self.folded_set = frozenset(self.folded)
        self.surfaces = surfaces
        self._typo = typo
        self._doc_frequency = doc_frequency or reader.doc_frequency
        # Many terms' document frequencies at once (one query to the side store instead of one
        # per term, where an expansion is ordered by them), kept in _known.
        self._frequencies = frequencies
        self._known: dict[tuple[str, str], int] = {}
        self._deletes: dict[str, list[str]] | None = None
        self._expansions: dict[str, list[str]] = {}
        self._heads: dict[str, list[str]] = {}
        # Built on first use: reversed words (words by their ending) and the words as one
        # text (words by any part), so an expansion looks at its few matches, not at all.
        self._stems_by_ending: list[str] | None = None
        self._folded_by_ending: list[str] | None = None
        self._stem_text: _JoinedWords | None = None
        self._folded_text: _JoinedWords | None = None
        self.documents = max(1, reader.doc_count())  # live documents (a removed programme's are deleted, not gone)

    def df(self, stem: str) -> int:
        return self._frequency("text", stem) + self._frequency("heading", stem)

    def _frequency(self, field: str, term: str) -> int:
        found = self._known.get((field, term))
        if found is None:
            found = int(self._doc_frequency(field, term))
            self._remember({(field, term): found})
        return found

    def prefetch(self, fields: Sequence[str], terms: Iterable[str]) -> None:
        """Look up the document frequencies of ``terms`` in each of ``fields`` at once."""
        if self._frequencies is None:
            return
        wanted = list(terms)
        for name in fields:
            missing = [t for t in wanted if (name, t) not in self._known]
            if missing:
                found = self._frequencies(name, missing)
                self._remember({(name, t): int(found.get(t, 0)) for t in missing})

    def _remember(self, frequencies: Mapping[tuple[str, str], int]) -> None:
        if len(self._known) > _KNOWN_FREQUENCIES:
            self._known.clear()  # a long session's typing: start again rather than grow
        self._known.update(frequencies)

    def compounds(self, stem: str) -> list[str]:
        """Indexed words that contain ``stem`` as a compound part ("glasfas" → "glasfasernetz").

        Short stems (4–5 letters) match only as a compound's first part before what
        looks like a word ("miet" in "Mietspiegel"), or as its last part after a word
        the index knows ("miet" in "Kaltmiete" when "kalt" is indexed, "markt" in
        "Arbeitsmarkt"; not "rent" in "transparent", "komm" in "Klimaabkommen"); stems
        under 4 letters or without a vowel never do: "Ort" must not find "Dortmund".
        """
        if len(stem) < 4 or not _has_vowel(stem):
            return []
        cached = self._expansions.get(stem)
        if cached is not None:
            return cached
        found: list[str] = []
        for term in self._stems_with_part(stem):
            if len(term) - len(stem) < 3 or stem not in term:
                continue
            before = term[: term.index(stem)]
            if _only_prefixes(before):
                continue  # "ent|wickel|t" is no compound of "Wickel"
            after = term[term.index(stem) + len(stem) :]
            if 0 < len(before) < 3 or 0 < len(after) < 3:
                continue  # "in|formel|l": a compound's other part is a word, not a letter or two
            if not before and after in _DERIVING_SUFFIXES:
                continue  # "bezahl|bar" is another word than "Bezahlung"
            if before and self._straddled(term, len(before), len(before) + len(stem)):
                continue  # "liefer|fahrzeug" has no "erfahr", "produktions|verfahr" neither
            if len(stem) < 6 and not (
                (term.startswith(stem) and self._rest_is_a_word(term, stem))
                or (term.endswith(stem) and self.is_word(term[: -len(stem)]))
            ):
                continue
            found.append(term)
        if len(found) > MAX_EXPANSIONS:
            self.prefetch(("text", "heading"), found)
            found = sorted(found, key=self.df, reverse=True)[:MAX_EXPANSIONS]
        self._expansions[stem] = found
        return found

    def _word_with_link(self, part: str) -> bool:
        """Whether ``part`` is an indexed stem of four letters or more, bare or before a
        linking s, n, e, es, en or er."""
        return any(
            len(base) >= 4 and base in self.stem_set
            for base in (part, *(part[: -len(link)] for link in _STRADDLE_LINKS if part.endswith(link)))
        )

    def _straddled(self, term: str, start: int, end: int) -> bool:
        """Whether ``term[start:end]`` (inside the indexed stem ``term``) is no part of it.

        Where the letters before and after it are words (or nothing) it is one. Otherwise
        it is none when ``term`` splits into two indexed words at another point, inside
        the stretch or up to three letters before it: "liefer|fahrzeug" has no "erfahr"
        ("zeug" is no word), "produktions|verfahr" none either; "berufs|erfahr" has.
        """
        before, after = term[:start], term[end:]
        if (not before or self._word_with_link(before)) and (
            not after or after in self.stem_set or any(
                after.startswith(link) and after[len(link):] in self.stem_set for link in _STRADDLE_LINKS
            )
        ):
            return False
        for cut in range(max(4, start - 3), end):
            if cut == start:
                continue
            rest = term[cut:]
            if len(rest) >= 4 and rest in self.stem_set and self._word_with_link(term[:cut]):
                return True
        return False

    def head_compounds(self, folded: str, stem: str) -> list[str]:
        """Indexed words that end in a short word as their last part ("Kaltmiete" for "Miete").

        The indexed word must end in the query word's own spelling or an inflection of
        it or its stem ("miete", "mieten" for "Miete", "sommern" for "Sommer"; never the bare stem "rent" of
        "Rente" in "transparent"), after a first part of three letters or more that looks
        like a word. This does not depend on the first part ("kalt") being indexed.
        """
        if not (4 <= len(stem) < 6) or not stem.isalpha() or not _has_vowel(stem):
            return []
        return self._compounds_ending_in(folded, stem)

    def compounds_ending_in(self, folded: str) -> list[str]:
        """Indexed words whose last part is the word ``folded`` whatever its stem, for a
        word the index lacks as such: the stemmer cuts a word and its compounds apart
        differently ("Sitzungen" → ``sitzung``, "Ausschusssitzungen" → ``ausschusssitz``;
        "Sirenen" → ``sir``, "Hochleistungssirenen" → ``hochleistungssir``), and their
        spellings still end alike. The word without its inflection must be five letters
        or more, the word seven letters or more (a short word ends too many others:
        "transpa|renten"), and its stem outside :meth:`head_compounds`' range, which
        handles stems of four and five letters ("Kaltmiete"); the first part is a word
        or looks like one."""
        if not folded.isalpha() or len(folded) < 7 or 4 <= len(stem_word(folded)) < 6:
            return []
        base = folded
        for ending in ("en", "es", "e", "n", "s"):
            if folded.endswith(ending) and len(folded) - len(ending) >= 5:
                base = folded[: -len(ending)]
                break
        if len(base) < 5 or not _has_vowel(base):
            return []
        return self._compounds_ending_in(folded, base)

    def _compounds_ending_in(self, folded: str, stem: str) -> list[str]:
        key = f"{folded}|{stem}"
        cached = self._heads.get(key)
        if cached is not None:
            return cached
        endings = {folded} | {base + suffix for base in (stem, folded) for suffix in _INFLECTIONS}
        found: list[str] = []
        # Only the words with one of the endings can qualify, in the vocabulary's order.
        ending_in = sorted({t for ending in endings for t in self._ending_in(ending, folded=True)})
        for term in ending_in:
            if len(term) < len(stem) + 3 or not term.isalpha():
                continue
            if self._form_of_another_word(term, folded) or self._sibling_form(term, folded, stem):
                continue  # "transparent|es", "transparent|en" are forms of "transparent"
            for ending in endings:
                if term.endswith(ending) and len(term) - len(ending) >= 3:
                    modifier = term[: -len(ending)]
                    if _only_prefixes(modifier) or modifier.endswith(_LONG_PARTICLES):
                        continue
                    if self.is_word(modifier) or (
                        _looks_like_a_part(modifier) and not self._split_elsewhere(term, len(modifier), ending)
                    ):
                        found.append(term)
                        break
        if len(found) > MAX_EXPANSIONS:
            self.prefetch(("exact",), found)
            found = sorted(found, key=lambda t: self._frequency("exact", t), reverse=True)[:MAX_EXPANSIONS]
        self._heads[key] = found
        return found

    def _split_elsewhere(self, term: str, cut: int, ending: str) -> bool:
        """Whether ``term``, cut at ``cut`` into a first part the index lacks and
        ``ending``, is another word: a last part beginning with a vowel needs a first part
        that is a word ("ill|egal" is "illegal"), and a first part the index has a few
        letters longer or shorter is where the word splits ("Vergabe|stelle", not
        "Verga|bestelle")."""
        if ending[:1] in _VOWELS:
            return True
        own = stem_word(term)  # the word's own stem is no first part of it ("hochleistungssir")
        return any(
            self._word_with_link(term[:other]) or term[:other] in self.folded_set
            for other in range(max(4, cut - 3), min(len(term) - 2, cut + 4))
            if other != cut and term[:other] != own
        )

    def words_ending_in(self, part: str) -> list[str]:
        """Stems of indexed compounds whose last part is ``part`` (a folded word) or an
        inflection of it, after a first part of four letters or more the index knows as
        a word ("Gemeinde|schwester"; not "Kultu|raustausch", "Ins|titution")."""
        found: list[str] = []
        for ending in dict.fromkeys([part, *(part + suffix for suffix in _INFLECTIONS)]):
            for term in self._ending_in(ending, folded=True):
                modifier = term[: -len(ending)]
                if len(modifier) < 4 or not term.isalpha() or _only_prefixes(modifier):
                    continue
                if modifier.endswith(_LONG_PARTICLES) or self._form_of_another_word(term, part):
                    continue
                if self.is_word(modifier):
                    stemmed = stem_word(term)
                    if stemmed in self.stem_set and stemmed not in found:
                        found.append(stemmed)
        return found

    def _sibling_form(self, term: str, folded: str, stem: str) -> bool:
        """Whether the index also holds ``term``'s beginning with an ending that only an
        adjective takes: "transparentes" beside "transparenten" is the adjective
        "transparent" inflected, not "Renten" after a first part "transpa". A noun in -e
        ("Rente", "Schule") has no form in -es, no noun one in -em."""
        in_e = folded in (stem + "e", stem + "en", stem + "n")
        adjectival = ("es", "em") if in_e else ("em",)
        for ending in {folded, *(stem + e for e in _INFLECTIONS)}:
            if term.endswith(ending) and len(term) - len(ending) >= 3:
                modifier = term[: -len(ending)]
                if any(modifier + stem + e in self.folded_set for e in adjectival):
                    return True
        return False

    def _form_of_another_word(self, term: str, folded: str) -> bool:
        """Whether ``term`` is an inflected form of an indexed word that does not end in
        ``folded``: "transparentes" is "transparent" with an ending, no compound of "Rente"."""
        for suffix in _INFLECTIONS:
            base = term[: -len(suffix)]
            if term.endswith(suffix) and base in self.folded_set and not base.endswith(folded):
                return True
        return False

    def derivations(self, stem: str) -> list[str]:
        """Indexed stems one or two letters longer or shorter than ``stem`` that share it.

        The Snowball stemmer leaves derived forms apart ("Bürokratie" → "burokrati",
        "bürokratisch" → "burokrat"); long stems that differ only in their last
        letters are the same word for a person at the door.
        """
        if len(stem) < 7 or not stem.isalpha():
            return []
        # Shorter only to a stem that is still long: "starkeg" (a slip of "Starkregen")
        # is no form of "stark".
        # Two letters shorter only where they are an ending ("burokrati|e"): "vereinam" (a
        # slip of "Vereinsamung") is no form of "Verein".
        found = [
            stem[:cut]
            for cut in (-1, -2)
            if len(stem[:cut]) >= 6
            and stem[:cut] in self.stem_set
            and (cut == -1 or stem[-2:] in _TWO_LETTER_ENDINGS)
        ]
        start = bisect.bisect_left(self.stems, stem)
        for term in self.stems[start : start + 50]:
            if not term.startswith(stem):
                break
            if 0 < len(term) - len(stem) <= 2:
                found.append(term)
        return found

    def best_corrections(self, forms: Sequence[str]) -> list[tuple[int, str]]:
        """Corrections for the first of ``forms`` that has any: the repaired stem, the
        plain Snowball stem, the folded word. A typo can throw the stemmer's repairs
        off ("…erung" typed wrong keeps its "-er"), so one form may be two edits
        from a known stem where another is three."""
        best: dict[str, int] = {}
        for form in dict.fromkeys(forms):
            for distance, candidate in self.corrections(form):
                best[candidate] = min(distance, best.get(candidate, distance))
        ranked = sorted(best.items(), key=lambda item: (item[1], -self.df(item[0]), item[0]))
        return [(d, c) for c, d in ranked[:3]]

    def corrections(self, stem: str) -> list[tuple[int, str]]:
        """Known stems within one edit (two for long words), closest and commonest first."""
        if len(stem) < 5 or not stem.isalpha():
            return []
        # Two edits only in long words: in an eight-letter word they turn
        # "legalisieren" into "realisieren" and "anschalten" into "anschaulich".
        limit = 1 if len(stem) < 10 else 2
        variants = _deletes(stem)
        if limit > 1:
            # Two slips in a long word (a doubled and a dropped letter, a wrong one):
            # two deletions on the typed side meet one on the indexed side.
            variants = {v for first in variants for v in _deletes(first)}
        if self._typo is not None:
            # The index's persisted table; lingering terms of removed programmes are not offered.
            candidates = self._typo(variants) & self.stem_set
        else:
            table = self._table()
            candidates = set()
            for variant in variants:
                candidates.update(table.get(variant, ()))
        if not candidates and limit > 1:
            # Two letters left out ("Fahradstrasen"): compare with the known stems
            # of about the same length that begin the same way.
            start = bisect.bisect_left(self.stems, stem[:2])
            for term in self.stems[start:]:
                if not term.startswith(stem[:2]):
                    break
                if abs(len(term) - len(stem)) <= limit:
                    candidates.add(term)
        scored = []
        for candidate in candidates:
            # People mistype inside a word, rarely its first letter: "Deich" is no slip
            # of "reich", "Pacht" none of "acht". Two first letters swapped still are.
            distance_allowed = candidate[0] == stem[0] or candidate[:2] == stem[1::-1]
            distance = osa_distance(stem, candidate, limit, slips=True) if distance_allowed else limit + 1
            if 0 < distance <= limit:
                scored.append((distance, -self.df(candidate), candidate))
        scored.sort()
        return [(d, c) for d, _, c in scored[:3]]

    def _table(self) -> dict[str, list[str]]:
        """The typo table built in this process (when the index does not bring one)."""
        if self._deletes is None:
            table: dict[str, list[str]] = {}
            for term in self.stems:
                if len(term) >= 4 and term.isalpha():
                    for variant in _deletes(term):
                        table.setdefault(variant, []).append(term)
            self._deletes = table
        return self._deletes

    def with_prefix(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.folded, prefix)
        found: list[str] = []
        for term in self.folded[start:]:
            if not term.startswith(prefix) or len(found) >= MAX_PREFIX_TERMS:
                break
            found.append(term)
        return found

    def spelling_corrections(self, folded: str, stem: str) -> list[tuple[int, str]]:
        """For a word whose stem is too short to correct (under five letters: "wähen" →
        ``wah``): the one indexed spelling one slip from the word as typed ("wahlen"), as
        (1, its stem); nothing when there are several or none."""
        if len(stem) >= 5 or len(folded) < 5 or not folded.isalpha():
            return []
        found = {v for v in _one_slip(folded) if v[0] == folded[0]} & self.folded_set
        if len(found) != 1:
            return []
        spelt = found.pop()
        stemmed = stem_word(spelt)
        return [(1, stemmed)] if stemmed in self.stem_set else []

    def part_corrections(self, folded: str) -> list[str]:
        """Spellings one slip from ``folded`` that the index has as a compound's first or
        last part, the rest of the compound a word: "starkegen" → "starkregen" (in
        "Starkregenschutzkonzept"), "jagdgsetz" → "jagdgesetz" (in "Landesjagdgesetz").
        For a word the index has only inside compounds, where no correction of the whole
        word exists and splitting it would take a wrong short part ("stark|egen"). Each
        one-slip spelling is one look-up in the sorted words (and in them reversed)."""
        if len(folded) < 7 or not folded.isalpha():
            return []
        if self._folded_by_ending is None:
            self._folded_by_ending = sorted(t[::-1] for t in self.folded)
        found: list[tuple[int, str]] = []
        for variant in _one_slip(folded):
            if variant[0] != folded[0] or variant in self.folded_set:
                continue
            # As a first part without its final "e" too ("Grundschul|standort").
            for first in dict.fromkeys((variant, variant[:-1] if variant.endswith("e") else variant)):
                start = bisect.bisect_left(self.folded, first)
                if start < len(self.folded) and self.folded[start] == first:
                    start += 1
                term = next((t for t in self.folded[start : start + 3] if t.startswith(first)), None)
                if term is not None and self.is_rest_of_compound(term[len(first) :]):
                    found.append((-self._doc_frequency("exact", term), variant))
                    break
            backwards = variant[::-1]
            start = bisect.bisect_left(self._folded_by_ending, backwards)
            for term in self._folded_by_ending[start : start + 3]:
                if not term.startswith(backwards):
                    break
                modifier = term[len(backwards) :][::-1]
                if len(modifier) >= 4 and self.is_word(modifier):
                    found.append((-self._doc_frequency("exact", term[::-1]), variant))
                    break
        found.sort()
        return list(dict.fromkeys(v for _, v in found))[:2]

    def _rest_is_a_word(self, term: str, stem: str) -> bool:
        """Whether what follows ``stem`` in the indexed stem ``term`` is a word, judged on the
        stem or, where the stemmer cut the last part short ("frauenhau|s" → ``hau``), on
        the spelling the index has for it ("Frauen|haus")."""
        if self.is_rest_of_compound(term[len(stem) :]):
            return True
        spelt = fold(self.surface(term))
        return spelt != term and spelt.startswith(stem) and self.is_rest_of_compound(spelt[len(stem) :])

    def is_rest_of_compound(self, rest: str) -> bool:
        """Whether what follows a short first part is a word ("spiegel" after "miet").

        A known word always is; otherwise it must be four letters or more with a vowel
        and begin as German words begin ("rentabel" is "rent" + "abel": no).
        """
        for candidate in _without_linking(rest):
            if len(candidate) < 3:
                continue
            if self.is_word(candidate):
                return True
            if len(candidate) >= 4 and _has_vowel(candidate) and _starts_like_a_word(candidate):
                return True
        return False

    def is_word(self, part: str) -> bool:
        """Whether a compound's first part is a known word, allowing a linking s/n/e.

        One linking element at most: "lebenser" (of "Lebens|erwartung") is no "Lebens"
        with a link "er", as "Leben" and its "s" are a word and a link already.
        """
        variants = {part, part[:-1], part[:-2]} if len(part) > 4 else {part}
        return any(
            len(v) >= 3
            and (v in self.stem_set or v in self.folded_set)
            and not (len(part) - len(v) == 2 and v.endswith("s") and self._is_known(v[:-1]))
            for v in variants
        )

    def _is_known(self, part: str) -> bool:
        return len(part) >= 3 and (part in self.stem_set or part in self.folded_set)

    def stems_with_prefix(self, prefix: str) -> list[str]:
        start = bisect.bisect_left(self.stems, prefix)
        found: list[str] = []
        for term in self.stems[start:]:
            if not term.startswith(prefix) or len(found) >= MAX_EXPANSIONS:
                break
            found.append(term)
        return found

    def containing(self, part: str) -> list[str]:
        if self._folded_text is None:
            self._folded_text = _JoinedWords(self.folded)
        return self._folded_text.containing(part, MAX_PREFIX_TERMS)

    def _stems_with_part(self, stem: str) -> list[str]:
        """The indexed stems that may contain ``stem`` as :meth:`compounds` requires, in order:
        for a short stem those beginning or ending with it, for a long one any containing it."""
        if len(stem) >= 6:
            if self._stem_text is None:
                self._stem_text = _JoinedWords(self.stems)
            return self._stem_text.containing(stem)
        start = bisect.bisect_left(self.stems, stem)
        found = set()
        for term in self.stems[start:]:
            if not term.startswith(stem):
                break
            found.add(term)
        found.update(self._ending_in(stem, folded=False))
        return sorted(found)

    def _ending_in(self, ending: str, folded: bool) -> list[str]:
        """Indexed words (folded spellings or stems) that end in ``ending``."""
        backwards = self._backwards(folded)
        reversed_ending = ending[::-1]
        found = []
        for position in range(bisect.bisect_left(backwards, reversed_ending), len(backwards)):
            word = backwards[position]
            if not word.startswith(reversed_ending):
                break
            found.append(word[::-1])
        return found

    def _backwards(self, folded: bool) -> list[str]:
        """The folded spellings or the stems, each reversed, sorted: words by their ending."""
        if folded:
            if self._folded_by_ending is None:
                self._folded_by_ending = sorted(t[::-1] for t in self.folded)
            return self._folded_by_ending
        if self._stems_by_ending is None:
            self._stems_by_ending = sorted(t[::-1] for t in self.stems)
        return self._stems_by_ending

    def surface(self, stem: str) -> str:
        return self.surfaces.get(stem, stem)

    def prepare(self) -> None:
        """Build now the word lists that expansions otherwise build on first use (by any
        part, by ending): tens of milliseconds in a large library, which a process that
        goes on searching pays once when the index opens instead of in one keystroke."""
        self._backwards(folded=False)
        self._backwards(folded=True)
        if self._stem_text is None:
            self._stem_text = _JoinedWords(self.stems)
        if self._folded_text is None:
            self._folded_text = _JoinedWords(self.folded)


@dataclass
class Concept:
    """One thing the user asked about, and every indexed form that counts as finding it."""

    label: str
    terms: dict[tuple[str, str], float] = field(default_factory=dict)  # (field, term) → boost
    phrases: list[tuple[list[str], float]] = field(default_factory=list)
    correction: tuple[str, str] | None = None  # (typed word, suggested word)
    weak: bool = False  # found in most documents: alone it is no evidence
    # Found only through a typo correction or a truncated prefix, not as typed: with
    # unknown nouns in the question it is no evidence on its own.
    partial: bool = False
    # Found only through the first part of a compound whose last part is unknown.
    loose: bool = False
    # An unknown compound split into known parts ("Friedhofs|gebühren"): each set holds
    # the (field, term) alternatives of one part, and a passage finds the word only with
    # one of every set (or with a term in none of them): one part alone ("Gebühren",
    # "Friedhof") is another subject.
    together: list[frozenset[tuple[str, str]]] = field(default_factory=list)
    # A split compound's last part and the thesaurus words of its parts: where the
    # searched scope has none of them, only the first part is left, and it is loose.
    meaning: frozenset[tuple[str, str]] = frozenset()
    # An unknown compound whose last part is unknown too ("Verein|samung"): the terms
    # that say its known first part itself, in any field. A passage matching the word by
    # them alone says only that part, whatever thesaurus words of it the scope holds.
    first_part: frozenset[tuple[str, str]] = frozenset()
    # A word that says how much or what is to change ("hoch", "erhöhen"): alone it is
    # no answer to a question that names a subject.
    generic: bool = False
    # The terms that say the word itself, or a thesaurus word of it: its stem, spellings,
    # derived forms, the compounds it begins or ends ("Mietspiegel", "Kaltmiete" for
    # "Miete"), a split compound's long last part and the siblings of its first part. Not:
    # a compound with the word in its middle ("Kreis|straßen|meisterei" for "Straße"), or
    # one part of a split compound alone (see ``together``): another, narrower word.
    # None: not tracked, every term counts.
    core: set[tuple[str, str]] | None = None

    @property
    def known(self) -> bool:
        return bool(self.terms or self.phrases)

    def add(self, fieldname: str, term: str, boost: float, *, core: bool = False) -> None:
        key = (fieldname, term)
        self.terms[key] = max(boost, self.terms.get(key, 0.0))
        if core:
            if self.core is None:
                self.core = set()
            self.core.add(key)

    def tracked(self) -> None:
        """From now on only the terms added as ``core`` say the word itself."""
        if self.core is None:
            self.core = set()

    def candidate_query(self) -> Query:
        if not self.terms:
            return self.query()
        parts = [Term(f, t, boost=b) for (f, t), b in sorted(self.terms.items())]
        # A phrase alternative contributes its longest (rarest-looking) word here;
        # whether the phrase itself matches is checked for the candidates.
        parts += [Term("text", max(stems, key=len), boost=b * 0.5) for stems, b in self.phrases]
        return Or(parts)

    def query(self) -> Query:
        parts: list[Query] = [
            Term(f, t, boost=b) for (f, t), b in sorted(self.terms.items())
        ]
        parts += [
            Phrase("text", stems, slop=1, boost=b) if len(stems) > 1 else Term("text", stems[0], boost=b)
            for stems, b in self.phrases
        ]
        return Or(parts)


@dataclass
class Plan:
    """Everything the service needs to run and judge one query."""

    concepts: list[Concept]
    excluded: list[str]
    party_words: list[str]
    parsed: ParsedQuery
    unknown: list[str]
    raw: str = ""

    def whoosh_query(self) -> Query | None:
        """The query that picks candidates: each concept's words (phrases only where needed).

        Only term queries where possible, so whoosh can skip blocks of postings that
        cannot reach the top; phrases and the final ranking are worked out for the
        candidates afterwards.
        """
        known = [c.candidate_query() for c in self.concepts if c.known]
        if not known:
            return None
        combined: Query = Or(known)
        if self.excluded:
            combined = AndNot(combined, Or([Term("text", s) for s in self.excluded]))
        return combined

    def adjacency(self) -> list[str]:
        """The query's main stems in order: finding them side by side ranks a hit higher."""
        return [t for c in self.concepts for t in _single_stems(c)]

    def suggestion(self) -> str | None:
        """The query with the corrected spellings, from the concepts still found by them."""
        corrections = [c.correction for c in self.concepts if c.correction and c.known]
        if not corrections:
            return None
        text = clean(self.raw)
        for typed, suggested in corrections:
            text = text.replace(typed, suggested, 1)
        return text


def _single_stems(concept: Concept) -> list[str]:
    primary = [t for (f, t), b in concept.terms.items() if f == "text" and b >= 1.0]
    return primary[:1]


def _word_concept(
    vocab: Vocabulary,
    surface: str,
    stem: str,
    folded: str,
    thesaurus: Thesaurus | None = None,
    boost: float = 1.0,
    repair: bool = True,
) -> Concept:
    concept = Concept(label=surface)
    if folded in GENERIC_WORDS:
        # "hoch" is found as "hoch", "hohe", never as "Hochschule"; never corrected.
        concept.generic = True
        _add_word(concept, vocab, stem, folded, boost, compounds=False)
        return concept
    if folded in CIRCUMSTANCE_WORDS and len(folded) - len(stem) > 2:
        # The stemmer takes "-ende" of "Wochenende" for an ending: its stem ``wochen`` is
        # another word, and so are its compounds ("Wochenmarkt", "Wochentag"). A word that
        # says when is then matched as spelt, not split or corrected into other words.
        _add_word(concept, vocab, "", folded, boost, compounds=False)
        return concept
    _add_word(concept, vocab, stem, folded, boost)
    _add_as_last_part(concept, vocab, folded, boost)
    if stem not in vocab.stem_set:
        _add_infinitive(concept, vocab, surface, folded, boost)
    if not concept.known:
        _add_verb_forms(concept, vocab, surface, folded, boost)
    if concept.known:
        return _spelling_hint(concept, vocab, surface, stem, folded)
    corrections = [
        (distance, corrected)
        for distance, corrected in vocab.best_corrections([stem, snowball_stem(folded), folded])
        or vocab.spelling_corrections(folded, stem)
        # The stem cut short by one more letter is no slip when the stemmer has already
        # taken an ending off: "Weinfest" → "weinf" is not "Wein" mistyped. Nor is the
        # typed word's beginning, three letters or more shorter, whatever the stem.
        if not (stem.startswith(corrected) and len(folded) > len(stem) + 1)
        and not (folded.startswith(corrected) and len(folded) >= len(corrected) + 3)
    ]
    for distance, corrected in corrections:
        # With the word's spelling, so it scores in every field the word typed right does.
        spelling = vocab.surfaces.get(corrected)
        _add_word(
            concept,
            vocab,
            corrected,
            fold(spelling) if spelling else None,
            boost * (CORRECTION_BOOST if distance == 1 else 0.4),
        )
        # The word meant has its thesaurus words as if it had been typed right
        # ("Kranknhaus" → Krankenhaus → Kliniken, Gesundheitsversorgung).
        matched = thesaurus.match([corrected], 0) if thesaurus is not None else None
        for expansion in matched[1] if matched and matched[0] == 1 else []:
            _add_expansion(concept, vocab, expansion, boost * (0.5 if distance == 1 else 0.3))
    if corrections:
        # Suggested in the form typed where the programmes have it one slip away
        # ("Fahrad" → "Fahrrad", not their commonest "Fahrrädern"), else as they spell
        # the word; a bare stem ("kitagebuhr") is no word to suggest.
        best = corrections[0][1]
        forms = sorted(f for f in _one_slip(folded) & vocab.folded_set if stem_word(f) == best) if folded else []
        if not forms and folded and osa_distance(folded, best, 1) == 1:
            forms = [best]  # the stem is the word as typed, mended ("fahrad" → fahrrad)
        spelt = respelled(surface, forms[0]) if forms else vocab.surfaces.get(best)
        concept.correction = (surface, spelt) if spelt else None
        concept.partial = True
    elif not concept.known and thesaurus is not None:
        # A slip in an everyday word the programmes never use as such ("Schwimmbd"): the
        # thesaurus knows it, and says in which words the programmes do.
        near = _thesaurus_correction(thesaurus, stem, folded)
        if near is not None:
            spelt = thesaurus.spellings[near]
            _add_word(concept, vocab, near, fold(spelt), boost * 0.6)
            for expansion in thesaurus.entries.get((near,), []):
                _add_expansion(concept, vocab, expansion, boost * 0.6)
            if concept.known:
                concept.correction = (surface, spelt)
                concept.partial = True
                return concept
        for part in vocab.part_corrections(folded):
            _add_word(concept, vocab, stem_word(part), part, boost * 0.6)
            if concept.known and concept.correction is None:
                concept.correction = (surface, respelled(surface, part))
        if concept.known:
            concept.partial = True
            return _spelling_hint(concept, vocab, surface, stem, folded)
    if not concept.known and stem.isalpha():
        _add_compound_parts(concept, vocab, stem, thesaurus, boost * 0.5, folded)
    if repair and (not concept.known or concept.loose) and not corrections:
        # A slip inside one part of a compound ("Fahr|adweg", "Spiel|plaz"): the word
        # as it would be spelt, if one part is known and the other one slip from a word.
        for repaired in _repaired_compounds(vocab, folded):
            again = _word_concept(vocab, surface, stem_word(repaired), repaired, thesaurus, boost * 0.6, repair=False)
            if again.known and not again.loose:
                again.correction = (surface, respelled(surface, repaired))
                again.partial = True
                return again
    guess = stem[: max(6, len(stem) - 3)]
    if not concept.known and stem.isalpha() and len(stem) >= 8 and not _only_prefixes(guess):
        # A word the index lacks in this form ("Stipendium" vs. "Stipendienprogramme"). A
        # beginning that is only a particle says no word: "Hinterhof" is no "Hintergrund",
        # "Zusammenhalt" no "Zusammenarbeit".
        found = vocab.stems_with_prefix(guess)
        for term in found:
            concept.add("text", term, boost * 0.4, core=True)
        concept.partial = bool(found)
    return _spelling_hint(concept, vocab, surface, stem, folded)


def _verb_entry(thesaurus: Thesaurus, folded: str) -> list[str] | None:
    """The thesaurus words of the verb a form in "-t" is of ("gefeiert" → "feiern",
    "geparkt" → "parken", "repariert" → "reparieren"), where the entry is that verb: spelt
    in lower case, as a verb is, and as the infinitive ("Park" shares ``park`` with "parken",
    yet "geparkt" is no park). Snowball leaves the participle's "ge-" and "-t", so the
    form never meets the verb's entry by its stem."""
    for infinitive in infinitives(folded):
        key = stem_word(infinitive)
        expansions = thesaurus.entries.get((key,))
        spelling = thesaurus.spellings.get(key)
        if expansions and spelling and spelling[:1].islower() and fold(spelling) == infinitive:
            return expansions
    return None


def _add_infinitive(concept: Concept, vocab: Vocabulary, surface: str, folded: str, boost: float) -> None:
    """A verb form in "-t" the programmes lack, as its infinitive where they have that
    verb ("baut" → "bauen", "geschützt" → "schützen" and so "Schutz", "beschäftigt" →
    "Beschäftigung"): the same word, not a slip of another ("fragt" is no "Frage"
    mistyped). A capitalised word may be a noun in "-t" ("Gast", "Last"): it counts as a
    verb only where the programmes say the infinitive itself. Folded, an umlaut is gone:
    where the programmes lack the verb, its stem may be another word's ("geräumt" →
    ``raum``, as "Raum"), so it weighs as a word of the question only by half."""
    for infinitive in infinitives(folded):
        stemmed = stem_word(infinitive)
        said = infinitive in vocab.folded_set
        if stemmed in vocab.stem_set and (surface[:1].islower() or said):
            umlaut = any(letter in surface for letter in "äöüÄÖÜ")
            _add_word(concept, vocab, stemmed, infinitive if said else None, boost if said or not umlaut else boost * 0.5)
            return


def _add_verb_forms(concept: Concept, vocab: Vocabulary, surface: str, folded: str, boost: float) -> None:
    """An infinitive the programmes lack, typed as a verb or a noun made of it ("zum
    Spielen", "das Wegmachen"), as its forms they say ("gespielt", "weggemacht",
    "wegzumachen"; see :func:`analysis.verb_forms`). A capitalised word may be a noun of
    its own whose stem only looks like a verb's ("Wagen", "gewagt"): it weighs by half."""
    said = [form for form in verb_forms(folded) if form in vocab.folded_set]
    weight = boost if surface[:1].islower() else boost * 0.5
    for form in said:
        _add_word(concept, vocab, stem_word(form), form, weight, compounds=False)


MAX_REPAIRS = 3
# The weight of a word corrected by one slip, against 1.0 for the word typed right: a
# little less, so the word as typed leads where both occur, and enough that the corrected
# word still weighs like a word of the question ("Sporterein braucht mehr Platz": the club,
# not the room). bench_search_hybrid's typing lines measure it.
CORRECTION_BOOST = 0.85


def _without_linking_end(part: str) -> list[str]:
    """``part`` and ``part`` without a linking element at its end ("fahrrads" → "fahrrad")."""
    return [part[: len(part) - len(link)] for link in _LINKING if part.endswith(link)]


def _repaired_compounds(vocab: Vocabulary, folded: str) -> list[str]:
    """Spellings of an unknown compound with one slip in one of its parts repaired.

    One part must be a known word as typed (a first part of four letters or more, a
    last part of three: "weg"), the other one plausible slip from an indexed stem (a
    first part of five letters or more, a last part of four: "plaz"). Long parts first; at most :data:`MAX_REPAIRS`.
    """
    if len(folded) < 8 or not folded.isalpha():
        return []
    found: list[tuple[int, str]] = []
    for cut in range(4, len(folded) - 2):
        modifier, head = folded[:cut], folded[cut:]
        if _suffix_cut(folded, head):
            continue
        # As typed, or with a linking element ("Fahrrad|s|weg"); not with any letter more.
        modifier_known = any(
            len(m) >= 4 and (m in vocab.stem_set or m in vocab.folded_set or stem_word(m) in vocab.stem_set)
            for m in _without_linking_end(modifier)
        )
        head_known = stem_word(head) in vocab.stem_set or head in vocab.folded_set
        if modifier_known == head_known:
            continue
        broken = head if modifier_known else modifier
        if len(broken) < (4 if modifier_known else 5):
            continue
        broken_stem = stem_word(broken)
        ending = broken[len(broken_stem) :] if broken.startswith(broken_stem) else ""
        for distance, corrected in vocab.corrections(broken_stem):
            if distance != 1 or broken.startswith(corrected):
                continue  # "Mehrwert" or "Handy" cut short is "mehr", "hand": no slip
            fixed = corrected + ending
            repaired = modifier + fixed if modifier_known else fixed + head
            found.append((-len(broken), repaired))
    found.sort()
    return list(dict.fromkeys(r for _, r in found))[:MAX_REPAIRS]


def respelled(typed: str, corrected: str) -> str:
    """The folded spelling ``corrected`` written as the user wrote ``typed`` where the two
    agree: capitals, umlauts and ß kept ("Fahradständer", ``fahrradstander`` →
    "Fahrradständer"), the corrected letters as folded."""
    # Umlauts typed as "ae", "oe", "ue" are umlauts to the analyzer (analysis.fold): so here.
    typed = re.sub(
        r"(?<![aeiouyqAEIOUYQ])([aouAOU])e", lambda m: {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}[m.group(1)], typed
    )
    pieces: list[str] = []  # the typed word's letters, each with its folded spelling
    folded_typed = ""
    for char in typed:
        folded = fold(char) if char.isalpha() else char.lower()
        pieces.append(char)
        folded_typed += folded
        if len(folded) > 1:
            pieces.extend([""] * (len(folded) - 1))  # "ß" → "ss": the letter on its first
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, folded_typed, corrected, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        out.append("".join(pieces[i1:i2]) if tag == "equal" else corrected[j1:j2])
    result = "".join(out)
    if typed[:1].isupper() and result[:1].islower():
        result = result[:1].upper() + result[1:]
    return result


def _thesaurus_correction(thesaurus: Thesaurus, stem: str, folded: str = "") -> str | None:
    """The stem of the one-word thesaurus phrase one slip from the typed word (two for
    long words), its stem or its spelling ("Rufus": stem ``rufu``, spelling ``rufus`` →
    "Rufbus"), under the rules of :meth:`Vocabulary.corrections`; None if there is none."""
    best: tuple[int, str] | None = None
    for typed in dict.fromkeys(t for t in (stem, folded) if len(t) >= 5 and t.isalpha()):
        limit = 1 if len(typed) < 10 else 2
        for key, phrase in thesaurus.spellings.items():
            for known in dict.fromkeys((key, fold(phrase))):
                if abs(len(known) - len(typed)) > limit or not (known[0] == typed[0] or known[:2] == typed[1::-1]):
                    continue
                distance = osa_distance(typed, known, limit, slips=True)
                if 0 < distance <= limit and (best is None or (distance, key) < best):
                    best = (distance, key)
    return best[1] if best else None


def _spelling_hint(concept: Concept, vocab: Vocabulary, surface: str, stem: str, folded: str) -> Concept:
    typed = folded or ""
    if (
        concept.correction is None
        and len(typed) >= 6
        and typed.isalpha()
        and typed not in vocab.folded_set
        and stem not in vocab.stem_set
    ):
        # Found only through a looser match ("Glasfasr" reaches "Glasfasernetz" by its
        # prefix): still say how the word is spelt, from the words and compounds indexed.
        part = _leading_part(vocab, typed)
        # The typed word is that part with an ending ("wickeln", "Wickel|möglichkeiten"):
        # a form of it, no slip to correct.
        if part is not None and any(typed == part + ending for ending in _INFLECTIONS):
            part = None
        if part is not None:
            concept.correction = (surface, respelled(surface, part))
    return concept


def _leading_part(vocab: Vocabulary, typed: str) -> str | None:
    """A word one edit from ``typed`` that begins an indexed compound whose rest is a word."""
    for word in vocab.with_prefix(typed[: max(5, len(typed) - 3)])[:MAX_EXPANSIONS]:
        if osa_distance(typed, word, 1) == 1:
            return word
        for cut in range(max(4, len(typed) - 1), min(len(word) - 2, len(typed) + 2) + 1):
            head, rest = word[:cut], word[cut:]
            if osa_distance(typed, head, 1) == 1 and vocab.is_word(rest):
                return head
    return None


def _part_terms(vocab: Vocabulary, part: str, as_modifier: bool) -> list[str]:
    """Indexed stems that a part of an unknown compound stands for.

    Short parts only as themselves: "Parkplätze" must not reach "Arbeitsplätze"
    through "Platz"; longer ones with their compounds ("Austausch", "Jugendaustausch").
    A first part of five letters or more may also begin indexed words ("Tarif…").
    """
    stemmed = stem_word(part)
    if not _has_vowel(stemmed) or len(part) < 4:
        return []
    if stemmed in vocab.stem_set:
        if len(stemmed) >= 6 and not as_modifier:
            # A last part stands for the kinds of it ("Sozial|leistungen" → "Dienstleistung"),
            # not for compounds it begins ("leistungsstark").
            return [stemmed, *[t for t in vocab.compounds(stemmed) if t.endswith(stemmed)]]
        if len(stemmed) >= 6:
            return [stemmed, *vocab.compounds(stemmed)]
        if as_modifier:
            # Compounds on the same first part ("Berufs|orientierung" → "Berufswahl").
            return [stemmed, *[t for t in vocab.compounds(stemmed) if t.startswith(stemmed)][:20]]
        return [stemmed]
    if as_modifier and len(part) >= 5:
        return vocab.stems_with_prefix(part)[:20]
    if as_modifier:
        # "Wind|parks": compounds the programmes build on the same first part
        # ("Windkraftanlagen"), under the guards of :meth:`Vocabulary.compounds`.
        return [t for t in vocab.compounds(stemmed) if t.startswith(stemmed)][:20]
    if len(stemmed) >= SPECIFIC_HEAD:
        # A long last part the programmes use only in compounds of their own
        # ("Kranken|schwester" → "Gemeindeschwester"): it says what the word is.
        return vocab.words_ending_in(fold(part))[:20]
    return []


def _add_compound_parts(
    concept: Concept,
    vocab: Vocabulary,
    word: str,
    thesaurus: Thesaurus | None,
    boost: float,
    folded: str | None = None,
    both: bool = False,
) -> None:
    """Split an unknown compound into parts the index knows ("Schüleraustausch" → "Austausch").

    Both parts must be at least four letters, so "Atomkraft" or "Tempolimit" stay
    unknown unless a real part of them is in the programmes. The stem is split, and
    the word as typed (``folded``): the stemmer may cut into the last part
    ("Sozialwohnungen" → ``sozialwohn``, whose ``wohn`` is no "Wohnung"). A first part
    of three letters that is a word ("Bus|haltestellen") counts only with a long,
    known last part, and then the last part alone stands for the word.
    """
    concept.tracked()
    best: tuple[int, int, list[str], list[str], str, str] | None = None
    candidate: tuple[int, int, list[str], list[str], str, str]
    for whole in dict.fromkeys(w for w in (word, folded) if w and w.isalpha()):
        for cut in range(3, len(whole) - 3):
            modifier, head = whole[:cut], whole[cut:]
            if _suffix_cut(whole, head):
                continue
            head_terms = _part_terms(vocab, head, as_modifier=False)
            if cut == 3:
                if len(stem_word(head)) >= SPECIFIC_HEAD and head_terms and vocab.is_word(modifier):
                    candidate = (1, len(stem_word(head)), [], head_terms, modifier, head)
                    if best is None or candidate[:2] > best[:2]:
                        best = candidate
                continue
            modifier_terms = _part_terms(vocab, modifier, as_modifier=True)
            if not modifier_terms and modifier[-1] in "sn":
                modifier_terms = _part_terms(vocab, modifier[:-1], as_modifier=True)
            known = bool(modifier_terms) + bool(head_terms)
            # Both parts known, or a first part that is itself a word ("Paket|zustellung",
            # "Bahn|anschluss"); a known last part alone says too little ("Hunde|steuer",
            # "Park|plätze").
            modifier_is_word = bool(modifier_terms) and stem_word(modifier) in vocab.stem_set
            # The unknown rest must look like a word: after a typo the split finds a
            # short real part ("fahr" from "fahren") and a rest like "rradstrasn".
            if known < 2 and not (modifier_is_word and not head_terms and _looks_like_a_part(head)):
                continue
            size = len(stem_word(head)) if head_terms else len(modifier)
            candidate = (known, size, modifier_terms, head_terms, modifier, head)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    meant = _thesaurus_first_part(vocab, thesaurus, word, folded)
    if meant is not None and (best is None or best[0] < 2 or len(meant[0]) > len(best[4])):
        # The first part is an everyday word the thesaurus knows and the programmes do
        # not use ("Rollstuhl|fahrer", "Leiharbeits|firmen"): the compound is a kind of
        # it, and the thesaurus says in which words the programmes speak of it.
        modifier, expansions = meant
        for expansion in expansions:
            _add_expansion(concept, vocab, expansion, boost)
        if concept.known:
            return
    if best is None:
        return
    _, _, modifier_terms, head_terms, modifier, head = best
    if both and not (modifier_terms and head_terms):
        return
    # With a long last part known, the word is that thing ("Kranken|schwester" is a
    # nurse): a passage with the first part alone ("Kranken") ranks below one with it.
    long_head = bool(head_terms) and len(stem_word(head)) >= SPECIFIC_HEAD
    for term in modifier_terms:
        concept.add("text", term, boost * (MODIFIER_SHARE if long_head else 1.0))
    for term in head_terms:
        concept.add("text", term, boost, core=long_head)
    if head_terms and (both or len(stem_word(head)) < SPECIFIC_HEAD):
        # A short, common last part alone ("Gebühren" of "Friedhofsgebühren", "Raum",
        # "Zeit") or the first part as a word of its own ("Friedhof") is another subject:
        # they count only together. A long last part says what the word is ("Schüler|
        # austausch" is an exchange). A compound the programmes build on the same first
        # part ("Skater|park" → "Skateranlage") stands for the word alone, and so do the
        # thesaurus words of a part ("Bahn|anschluss" → ÖPNV). Only a first part long
        # enough to say a subject has such siblings: "Kern|fusion" is no "Kernstadt".
        stems = {stem_word(modifier), stem_word(modifier[:-1])}
        siblings = {
            t for t in modifier_terms if t not in stems and any(t.startswith(s) for s in stems)
        } if len(modifier) >= SIBLING_MODIFIER and not stems & vocab.stem_set else set()
        bare = {("text", t) for t in modifier_terms if t not in siblings}
        for term in siblings:
            concept.add("text", term, 0.0, core=True)
        if both:
            # The first part as itself, not another word it begins ("Grund|satz").
            bare = {("text", t) for t in modifier_terms if t in stems or stem_word(head) in t}
            for term in set(modifier_terms) - {t for _, t in bare}:
                concept.terms.pop(("text", term), None)
        concept.together = [frozenset(bare), frozenset(("text", t) for t in head_terms)]
    before, phrases = set(concept.terms), len(concept.phrases)
    if thesaurus is not None:
        for part in (modifier, head):
            for expansion in _part_entry(thesaurus, part) or []:
                _add_expansion(concept, vocab, expansion, boost)
    # Only the first part known, by itself ("Bundes|wehr", "Rund|funkbeitrag"): the
    # word's own meaning, its last part, is missing. A part the thesaurus knows
    # ("Bahn|anschluss" → ÖPNV, Regionalbahn) carries a curated meaning, where the
    # programmes use its words: "Stadt|bibliothek" where no searched programme says
    # "Bibliothek" or "Bibliotheken" leaves "Stadt" alone (see scoring.scope_plan).
    meaning = frozenset(set(concept.terms) - before) | {("text", t) for t in head_terms}
    concept.loose = not meaning and len(concept.phrases) == phrases
    if not head_terms:
        # The first part's own terms, and its forms a thesaurus word of it adds again in
        # another field ("Vereine" → heading ``verein``).
        own = {t for _, t in before}
        concept.first_part = frozenset(k for k in concept.terms if k[1] in own or stem_word(k[1]) in own)
    if not concept.loose:
        concept.meaning = meaning


def _thesaurus_first_part(
    vocab: Vocabulary, thesaurus: Thesaurus | None, word: str, folded: str | None
) -> tuple[str, list[str]] | None:
    """The longest first part of an unknown compound that is a one-word thesaurus entry
    the programmes lack as a word, with the entry's words: (part, expansions). The rest
    must name who has or deals in it (:data:`_HOLDER_HEADS`: "Rollstuhl|fahrer",
    "Leiharbeits|firmen"); any other last part makes another thing of it ("Handy|verbot"
    is no phone)."""
    if thesaurus is None:
        return None
    for whole in dict.fromkeys(w for w in (folded, word) if w and w.isalpha()):
        for cut in range(len(whole) - 4, 3, -1):
            part, rest = whole[:cut], whole[cut:]
            if rest not in _HOLDER_HEADS:
                continue
            for bare in dict.fromkeys([part, *_without_linking_end(part)]):
                stemmed = stem_word(bare)
                if len(bare) < 4 or stemmed in vocab.stem_set:
                    continue
                expansions = _part_entry(thesaurus, bare)
                if expansions:
                    return bare, expansions
    return None


# Last parts that make a compound the people or firms who have, use or deal in its first
# part ("Rollstuhl|fahrer", "Leiharbeits|firmen", "Airbnb|anbieter"), folded, with plurals.
_HOLDER_HEADS = frozenset(
    head + ending
    for head, endings in (
        ("fahrer", ("", "in", "innen", "n")), ("nutzer", ("", "in", "innen", "n")),
        ("besitzer", ("", "in", "innen", "n")), ("halter", ("", "in", "innen", "n")),
        ("betreiber", ("", "in", "innen", "n")), ("anbieter", ("", "in", "innen", "n")),
        ("kunde", ("", "n")), ("kundin", ("", "nen")), ("firma", ("",)), ("firmen", ("",)),
        ("betrieb", ("", "e", "en")),
    )
    for ending in endings
)
# What a compound's part may add to the everyday word it is spelt as: an ending or a
# linking element ("Kita|s", "Miet|e"), never a syllable of its own.
_PART_ENDINGS = ("", "e", "n", "en", "s", "es")


def _part_entry(thesaurus: Thesaurus, part: str) -> list[str] | None:
    """The thesaurus words of a compound's part (folded), where the entry is that word:
    the stem alone may be another's ("Bau|projekte" shares ``bau`` with "Bauer", which
    means farmers)."""
    stemmed = stem_word(part)
    expansions = thesaurus.entries.get((stemmed,))
    spelling = thesaurus.spellings.get(stemmed)
    if not expansions or spelling is None:
        return None
    key = fold(spelling)
    if any(key + ending == part or part + ending == key for ending in _PART_ENDINGS):
        return expansions
    return None


def as_compound(concept: Concept, vocab: Vocabulary) -> Concept | None:
    """A one-word concept the searched programmes lack, as the parts of its compound.

    The vocabulary is the whole library's: a word another programme (or a card) uses
    is taken whole ("Kitaplatz"), never split. Under a filter on programmes that lack
    it, its parts may be there ("Kita", "Platz"): the word is then read as an unknown
    one is, and found only where both parts are (one alone, "Grund" of "Grundsteuer",
    is another subject). None when it is no compound of two known parts.
    """
    tokens = [t for t in analyze(concept.label) if not t.joined]
    if len(tokens) != 1 or not tokens[0].stem.isalpha() or concept.generic:
        return None
    token = tokens[0]
    again = Concept(label=concept.label)
    # Without the parts' thesaurus words: "Grund" of "Grundsteuer" is no "gründen".
    _add_compound_parts(again, vocab, token.stem, None, 0.5, token.folded, both=True)
    again.terms.pop(("text", token.stem), None)
    return again if again.known else None


_PLURAL_ENDINGS = ("", "e", "en", "n", "er", "s")
_JOINING_LINKS = ("", "s", "n", "en", "e", "es")


def _joined_compound(first: str, second: str, vocab: Vocabulary, thesaurus: Thesaurus) -> str | None:
    """The compound two neighbouring words of a question make, where the programmes or
    the thesaurus know it: typed apart ("Kinder Spielplatz" → "kinderspielplatz") or said
    with a preposition between them ("Heim für Flüchtlinge" → "fluchtlingsheim", "Parkplätze
    für Anwohner" → "anwohnerparkplatze"). Folded spellings in, the compound's folded spelling out."""
    if len(first) < 3 or len(second) < 3 or not (first.isalpha() and second.isalpha()):
        return None
    candidates = [first + second]
    for ending in _PLURAL_ENDINGS:
        base = second[: len(second) - len(ending)] if ending and second.endswith(ending) else second
        if (ending and base == second) or len(base) < 3:
            continue
        candidates.extend(base + link + first for link in _JOINING_LINKS)
    for candidate in dict.fromkeys(candidates):
        stemmed = stem_word(candidate)
        if stemmed in vocab.stem_set or candidate in vocab.folded_set or thesaurus.match([stemmed], 0):
            return candidate
    return None


def _add_joined_compound(
    first: Concept, second: Concept, first_word: str, second_word: str, vocab: Vocabulary, thesaurus: Thesaurus
) -> None:
    """Both words' concepts also find the compound they make together (see _joined_compound)
    and its thesaurus words: a passage saying "Flüchtlingsunterkünfte" says both "Heim" and
    "Flüchtlinge" of "ein Heim für Flüchtlinge"."""
    if first.generic or second.generic:
        return
    compound = _joined_compound(first_word, second_word, vocab, thesaurus)
    if compound is None:
        return
    stemmed = stem_word(compound)
    matched = thesaurus.match([stemmed], 0)
    for concept in (first, second):
        _add_word(concept, vocab, stemmed, compound, 1.0)
        for expansion in matched[1] if matched else []:
            _add_expansion(concept, vocab, expansion)


def _add_as_last_part(concept: Concept, vocab: Vocabulary, folded: str, boost: float) -> None:
    """For a word the index lacks (before any correction), the compounds that end in it
    ("Hochleistungssirenen" for "Sirenen"): see :meth:`Vocabulary.compounds_ending_in`."""
    if concept.known:
        return
    for compound in vocab.compounds_ending_in(folded):
        concept.add("exact", compound, boost * 0.8, core=True)


def _keeps_derivation(vocab: Vocabulary, compound: str, stem: str, folded: str | None) -> bool:
    """Whether a compound with the word as its last part is a compound of the word typed.

    The stem of a noun in "-ung" is its verb's ("Bewerbung", "bewerben" → ``bewerb``):
    at the start of a compound either is meant ("Förder|programm" for "Förderung"), as
    its last part only the noun itself ("Wirtschafts|förderung"; not "Wett|bewerb" or
    "Asyl|bewerber" for "Bewerbung").
    """
    noun = folded[:-2] if folded and folded.endswith(("heiten", "keiten")) else folded
    base = re.sub(r"(?:igkeit|keit|heit)$", "", noun or "")
    if noun and base != noun and len(stem) < len(base):
        # The stemmer took more than "-heit" off ("Sicherheit" → ``sich``, not "sicher"):
        # that stem's compounds are another word's ("sicherstellen", "Qualitätssicherung").
        # Where it took just the ending ("Arbeitslos|igkeit"), they are the word's own.
        return noun in fold(vocab.surface(compound))
    if not folded or compound.startswith(stem) or "ung" in stem:
        return True
    noun = folded[:-2] if folded.endswith("ungen") else folded
    if not noun.endswith("ung"):
        return True
    return noun in fold(vocab.surface(compound))


def _add_word(
    concept: Concept,
    vocab: Vocabulary,
    stem: str,
    folded: str | None,
    boost: float,
    *,
    compounds: bool = True,
) -> None:
    """The word's stem and spelling, the compounds containing it (unless not
    ``compounds``) and its derived forms, all but the compounds with the word in their
    middle as :attr:`Concept.core` terms."""
    concept.tracked()
    if stem in vocab.stem_set:
        concept.add("text", stem, boost, core=True)
        concept.add("heading", stem, boost * 0.4, core=True)
    if folded and folded in vocab.folded_set:
        concept.add("exact", folded, boost * 0.5, core=True)
    found = vocab.compounds(stem) if compounds else []
    if compounds and folded and len(stem) < 4 and len(folded) >= 5 and folded.startswith(stem) and folded.isalpha():
        # The stemmer cut a short noun below four letters ("Boden" → ``bod``, "Laden" →
        # ``lad``, "Regen" → ``reg``): too short to look for in compounds, yet as spelt
        # the word begins them ("Bodenflächen", "Ladenlokale", "Regenwasser"). Four letters
        # are too few to say a subject of their own: "Kurs" (``kur``) is no "Kurskorrektur".
        found = [*found, *(c for c in vocab.compounds(folded) if c.startswith(folded) and c not in found)]
    for compound in found:
        if not _keeps_derivation(vocab, compound, stem, folded):
            continue
        # As much as a thesaurus word (0.8): the passage says the word typed, inside a compound.
        # Where the word begins or ends the compound it says the word ("Mietspiegel",
        # "Kaltmiete"); in its middle, another word ("Kreis|straßen|meisterei").
        outer = compound.startswith(stem) or compound.endswith(stem)
        concept.add("text", compound, boost * 0.8, core=outer)
        concept.add("heading", compound, boost * 0.25, core=outer)
    if folded and compounds:
        for compound in vocab.head_compounds(folded, stem):
            concept.add("exact", compound, boost * 0.5, core=True)
    for variant in vocab.derivations(stem):
        concept.add("text", variant, boost * 0.7, core=True)
        concept.add("heading", variant, boost * 0.3, core=True)


def plan(
    raw: str,
    vocab: Vocabulary,
    thesaurus: Thesaurus,
) -> Plan:
    """Turn a raw query string into concepts against this index's vocabulary."""
    parsed = parse(raw)
    concepts: list[Concept] = []
    excluded: list[str] = []
    party_words: list[str] = []
    # Plain words first go through question-word and party detection, then the
    # thesaurus, which matches runs of consecutive words.
    run: list[tuple[str, str, str]] = []  # (surface, stem, folded)

    def flush() -> None:
        content = [r for r in run if r[2] not in QUESTION_WORDS]
        # Where each content word stands in the run, for thesaurus phrases that hold a
        # question word ("junge Leute", "ältere Leute"): matched over the whole run.
        at = [i for i, r in enumerate(run) if r[2] not in QUESTION_WORDS]
        if not content and not concepts and not any(i.kind != "word" for i in parsed.items):
            content = list(run)  # only question words: search them after all
            at = list(range(len(run)))
        stems = [r[1] for r in content]
        run_stems = [r[1] for r in run]
        singles: dict[int, Concept] = {}  # content position → its one-word concept
        i = 0
        while i < len(content):
            matched = thesaurus.match(stems, i)
            spanning = thesaurus.match(run_stems, at[i])
            if spanning is not None and spanning[0] > 1:
                end = at[i] + spanning[0]
                covered = sum(1 for position in at[i:] if position < end)
                if covered < spanning[0] and (matched is None or matched[0] <= covered):
                    # The phrase says a question word too: its content words are the match.
                    matched = (covered, spanning[1])
                    if covered == 1:
                        concept = Concept(label=" ".join(r[0] for r in run[at[i] : end]))
                        if vocab.stem_set.issuperset(run_stems[at[i] : end]):
                            concept.phrases.append((run_stems[at[i] : end], 1.0))
                        _add_word(concept, vocab, content[i][1], content[i][2], 0.7)
                        for expansion in spanning[1]:
                            _add_expansion(concept, vocab, expansion)
                        concepts.append(concept)
                        i += 1
                        continue
            verb = _verb_entry(thesaurus, content[i][2]) if matched is None else None
            if verb is not None:
                # A verb form in "-t" of a verb the thesaurus knows ("gefeiert", "geparkt"):
                # the verb's words, as for the infinitive typed.
                surface, word_stem, folded = content[i]
                concept = Concept(label=surface)
                _add_word(concept, vocab, word_stem, folded, 1.0)
                _add_infinitive(concept, vocab, surface, folded, 1.0)
                for expansion in verb:
                    _add_expansion(concept, vocab, expansion)
                concepts.append(concept)
                singles[i] = concept
                i += 1
                continue
            if matched:
                length, expansions = matched
                label = " ".join(r[0] for r in content[i : i + length])
                concept = Concept(label=label)
                if length == 1:
                    _add_word(concept, vocab, content[i][1], content[i][2], 1.0)
                    _add_as_last_part(concept, vocab, content[i][2], 1.0)
                    singles[i] = concept
                else:
                    if vocab.stem_set.issuperset(stems[i : i + length]):
                        # A phrase with a word no programme uses is found nowhere: it
                        # must not make the concept look known ("öffentliche Toilette").
                        concept.phrases.append((stems[i : i + length], 1.0))
                    # The phrase's last word is its head ("öffentliche Toilette" is a
                    # toilet): it counts alone too, a little weaker than the phrase.
                    _, head_stem, head_folded = content[i + length - 1]
                    if head_folded.isalpha() and len(head_folded) >= 4:
                        _add_word(concept, vocab, head_stem, head_folded, 0.7)
                for expansion in expansions:
                    _add_expansion(concept, vocab, expansion)
                concepts.append(concept)
                i += length
                continue
            surface, word_stem, folded = content[i]
            concepts.append(_word_concept(vocab, surface, word_stem, folded, thesaurus))
            singles[i] = concepts[-1]
            i += 1
        for position, first in singles.items():
            second = singles.get(position + 1)
            if second is not None:
                _add_joined_compound(first, second, content[position][2], content[position + 1][2], vocab, thesaurus)
        run.clear()

    for item in parsed.items:
        if item.kind == "word":
            party = thesaurus.party_for(item.text)
            if party is not None:
                party_words.append(party)
                continue
            tokens = [t for t in analyze(item.text) if not t.joined]
            joined = [t for t in analyze(item.text) if t.joined]
            if joined and (len(tokens) > 1 or _lettered(item.text)):
                # "Start-ups": the joined spelling is the word; parts only as a phrase.
                # "E-Auto", "S-Bahn": the single letter is no token of its own, yet the
                # word is no "Auto", no "Bahn".
                flush()
                concept = _word_concept(vocab, item.text, joined[0].stem, joined[0].folded, thesaurus)
                if len(tokens) > 1 and vocab.stem_set.issuperset(t.stem for t in tokens):
                    concept.phrases.append(([t.stem for t in tokens], 1.0))
                # The thesaurus knows hyphenated words too ("Kita-Platz", "U-Bahn").
                parts = [t.stem for t in tokens]
                whole = thesaurus.match([joined[0].stem], 0)
                split = thesaurus.match(parts, 0)
                if whole is None and split is not None and split[0] == len(parts):
                    whole = split
                for expansion in whole[1] if whole else []:
                    _add_expansion(concept, vocab, expansion)
                concepts.append(concept)
                continue
            run.extend((t.surface, t.stem, t.folded) for t in tokens)
            continue
        flush()
        if item.kind == "phrase":
            stems = [t.stem for t in analyze(item.text) if not t.joined]
            concept = Concept(label=f'"{item.text}"')
            if all(s in vocab.stem_set for s in stems):
                concept.phrases.append((stems, 1.5))
            concepts.append(concept)
        elif item.kind == "prefix":
            concept = Concept(label=f"{item.text}*")
            for term in vocab.with_prefix(item.text):
                concept.add("exact", term, 1.0)
            concepts.append(concept)
        elif item.kind == "substring":
            concept = Concept(label=f"*{item.text}*")
            for term in vocab.containing(item.text):
                concept.add("exact", term, 1.0)
            concepts.append(concept)
        elif item.kind == "exclude":
            excluded.extend(t.stem for t in analyze(item.text))
    flush()
    _join_separated_particles(concepts, raw, vocab)
    for concept in concepts:
        stems = [t for (f, t) in concept.terms if f == "text"]
        vocab.prefetch(("text", "heading"), stems)
        concept.weak = bool(stems) and all(
            vocab.df(s) > 0.2 * vocab.documents for s in stems
        )
    unknown = [c.label for c in concepts if not c.known]
    return Plan(concepts, excluded, party_words, parsed, unknown, raw)


# The last word of a clause: where a separable verb's particle stands ("… weg?").
_CLAUSE_TAIL = re.compile(r"([^\W\d_]+)\s*(?:[?!.,;:]|$)")


def _join_separated_particles(concepts: Sequence[Concept], raw: str, vocab: Vocabulary) -> None:
    """A separable verb the question splits ("Fallen die Buslinien weg?", "Wer räumt nach
    Festen auf?", "Wer stellt Bänke auf?"): its particle ends the clause, and is dropped
    as a stopword. The verb's concept also finds the verb joined ("wegfallen",
    "aufräumen") and its nouns ("Wegfall", "Aufstellung") where the programmes say them:
    "fallen" alone is "Fall", "räumt" the snow."""
    start = 0
    for match in _CLAUSE_TAIL.finditer(raw):
        clause, start = raw[start : match.start(1)], match.end()
        particle = fold(match.group(1))
        # A particle that is a word of the question itself ("zusammen") finds the joined
        # verb ("Zusammenarbeit") already: twice would count one word as two.
        if particle not in SEPARABLE_PARTICLES or any(fold(c.label) == particle for c in concepts):
            continue
        before = {fold(w) for w in words(clause)}
        for concept in concepts:
            label = fold(concept.label)
            if not label.isalpha() or label not in before:
                continue
            forms = infinitives(label) + ([label] if label.endswith(("en", "ln", "rn")) else [])
            joined = next(
                (
                    particle + form
                    for form in forms
                    if stem_word(particle + form) in vocab.stem_set or vocab.derivations(stem_word(particle + form))
                ),
                None,
            )
            if joined is not None:
                _add_word(concept, vocab, stem_word(joined), joined, 1.0)
                break


def _lettered(word: str) -> bool:
    """Whether ``word`` is a single letter joined to a word by a hyphen ("E-Bike", "U-Bahn")."""
    first, _, rest = word.partition("-")
    return len(first) == 1 and first.isalpha() and bool(rest)


def _add_expansion(concept: Concept, vocab: Vocabulary, expansion: str, boost: float = 0.8) -> None:
    analyzed = analyze(expansion)
    tokens = [t for t in analyzed if not t.joined]
    if not tokens:
        return
    joined = [t for t in analyzed if t.joined]
    if len(joined) == 1 and len(expansion.split()) == 1:
        # One hyphenated word ("Mikro-Depots"): its joined spelling is the word.
        _add_word(concept, vocab, joined[0].stem, joined[0].folded, boost)
        return
    if len(tokens) == 1:
        _add_word(concept, vocab, tokens[0].stem, tokens[0].folded, boost)
        return
    stems = [t.stem for t in tokens]
    if all(s in vocab.stem_set for s in stems):
        concept.phrases.append((stems, boost))
        if len(stems) == 2 and stems[0] != stems[1]:
            # German words the order either way: "Sanierung von Straßen" is said as
            # "Straßen sanieren", "Ausbau der Radwege" as "Radwege ausbauen".
            concept.phrases.append((stems[::-1], boost))


def query_terms(plan_: Plan) -> set[tuple[str, str]]:
    """Every (field, term) the plan may match, for mapping matches back to concepts."""
    return {key for c in plan_.concepts for key in c.terms}


def concepts_by_term(concepts: Sequence[Concept]) -> dict[tuple[str, str], set[int]]:
    mapping: dict[tuple[str, str], set[int]] = {}
    for index, concept in enumerate(concepts):
        for key in concept.terms:
            mapping.setdefault(key, set()).add(index)
    return mapping
