"""German analysis for search: tokens as people type them, folded, stemmed and joined for compounds.

One pure function, :func:`analyze`, does the work; the whoosh tokenizers below only
wrap it so that the index and the query side always agree word by word.

The chain for every word:

1. **Tokenizing** keeps hyphenated words together ("Start-ups", "Mikro-Depots",
   "CO2-Ausstoß") and emits their parts *and* the joined form at the same position,
   so "Startups" and "Mikrodepots" meet them. Gender marks ("Bürger*innen",
   "Gründer:innen", "Arbeitnehmer_innen") are removed, leaving "Bürger".
2. **Folding**: case-folded (ß → ss), accents and umlauts dropped, and umlauts
   typed as ae/oe/ue after a consonant folded too, so "Gründung", "Gruendung" and
   "Grundung" become the same word.
3. **Stemming**: German Snowball plus three small repairs Snowball lacks
   ("fördern"/"Förderung", "Gründerinnen"/"Gründer", "Azubis"/"Azubi").

Compound words are matched at query time against the index vocabulary (see
:mod:`canvass_app.search.query`), which keeps short words like "Ort" out of
"Dortmund".
"""

from __future__ import annotations

import bisect
import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from whoosh.analysis.acore import Token
from whoosh.analysis.tokenizers import Tokenizer
from whoosh.lang.snowball.german import GermanStemmer
from whoosh.lang.stopwords import stoplists

# Bump whenever analysis changes what is indexed: the index key includes it (and the
# shipped idiom list's digest, see :func:`idiom_nouns`).
_ANALYSIS = "de-14"

# A word: letters/digits, optionally joined by hyphens, gender marks, slashes,
# apostrophes or dots inside it ("Start-ups", "Bürger*innen", "z.B", "4.0").
_WORD = re.compile(r"[^\W_]+(?:(?:[-‐‑'’*:_/]|\.(?=[^\W_]))[^\W_]+)*")
_PIECE = re.compile(r"[^\W_]+")
_HYPHENS = "-‐‑"
_GENDER_MARKS = "*:_/"
_GENDER_SUFFIX = re.compile(r"[*:_/](?:innen|in)(?![^\W_])", re.IGNORECASE)
_GENDER_INFIX = re.compile(r"[*:_/]innen(?=[^\W_])", re.IGNORECASE)
_UMLAUT_DIGRAPH = re.compile(r"(?<![aeiouyq])([aou])e")
_UMLAUTS = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "æ": "ae", "ø": "o"})
# "Spiel- und Freizeitplätze": a word cut at a hyphen before a comma or a conjunction shares
# the head of the compound that completes the list ("Spielplätze"); the cut words in between
# ("Bildungs-, Kultur- und Sportangebote") are skipped. Used on passage text here and on
# folded text by canvass_app.content.rules.
_CUT = r"\s*(?:,|/|und\b|oder\b|sowie\b|bzw\b)"
ELLIPSIS = re.compile(r"(\w{2,})[-‐‑](?=" + _CUT + ")")
COMPLETION = re.compile(r"(?:[\s,/.]|und\b|oder\b|sowie\b|bzw\b|\w+[-‐‑](?=" + _CUT + r"))*(\w+)")


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Case-folded, accent-free, umlaut-free spelling used for every comparison."""
    text = unicodedata.normalize("NFKC", word).casefold().translate(_UMLAUTS)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _UMLAUT_DIGRAPH.sub(r"\1", text)


STOPWORDS: frozenset[str] = frozenset(fold(w) for w in stoplists["de"]) | frozenset(
    {"dass", "wurden", "z", "b", "bzw", "ca", "usw", "etc", "sowie", "sodass", "deswegen", "darum"}
)

# Words that carry the question, not its subject ("Was macht ihr gegen …?").
# Dropped from queries only: the programmes may use them with meaning. The declined
# forms of "unser" are here because whoosh's German stoplist has them misspelt
# ("unsem", "unsen"): "in unserer Straße" would otherwise find every "unserer".
# Prepositions and conjunctions the stoplist lacks ("seit Monaten", "wegen der Baustelle",
# "obwohl", "trotzdem") join a question's words, never name its subject: searched, "seit"
# finds "seit 2018" and every "wechselseitig".
QUESTION_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """
    was wer wie wieso weshalb warum wann wo woher wohin welche welcher welches
    macht mache machen tut tun tue tust sagt sagen sage sagst plant plane planen
    wollt will wollen möchte möchtet habt gibt gibts geben steht stehen denkt
    sollen sollte sollten müssen muss müsste kriegen kriegt kriege bekommen bekomme bekommt
    darf darfst dürft dürfen durfte dürfte könnt könnte könnten seid bist wäre wären wärt hast per
    wofür wozu womit worüber wovon woran worauf wodurch
    komme kommst kommt kommen passiert endlich schon immer noch hier uns unser unsere
    unserer unseren unserem unseres
    denken findet finden meint meinen meinung haltung position eigentlich
    bitte mal denn ihr euch eure euer eurer euren eurem konkret genau
    partei parteien programm programme wahlprogramm thema themen frage fragen
    stadt dortmund dortmunder leute bürger bürgerinnen menschen kommune kommunal
    kommunalwahl wahl gut schlecht viel viele mehr weniger ja nein okay ok
    eigentlich überhaupt irgendwas irgendwie etwas beim bei zum zur
    fürs ans aufs ins übers ums vom durchs vors hinters unters
    aufm aufn innem nen ne nem ner nix nie niemals jemand niemand wem stimmt stimmts
    sag echt halt eh gar total völlig wirklich ziemlich sowieso ständig dauernd
    wenigstens mittlerweile inzwischen bald jetzt oft selten rauf runter rein raus rum
    überall nirgends nirgendwo manchmal ewig
    nächste nächstes nächsten nächster letzte letztes letzten letzter kommende kommendes kommenden
    seit seitdem wegen trotz trotzdem obwohl obgleich falls sobald solange bevor nachdem
    statt anstatt außer gegenüber bezüglich hinsichtlich deshalb daher dennoch jedoch sogar nämlich
    """.split()  # noqa: SIM905
)


# Words that say when or for whom a question is asked, never what it is about: times of
# day, weekdays, seasons, spans of time, members of the family and the people around the
# asker ("Meine Nachbarin wird geschlagen", "Mein Chef lässt mich putzen"; "Jeden Morgen Stau",
# "seit Monaten gesperrt", "Pflegeplatz für meine Mutter"). That a programme never says
# "Samstag" or "Mutter" does not mean it says nothing on the question, and a passage saying
# "Wochenmarkt" or "Nachtbus" is none on the weekend or the night (search.query matches
# them as themselves, not in compounds). Folded spellings.
CIRCUMSTANCE_WORDS: frozenset[str] = frozenset(
    fold(stem + ending)
    for stem, endings in (
        ("morgen", ("", "s")), ("vormittag", ("", "s", "e")), ("mittag", ("", "s", "e")),
        ("nachmittag", ("", "s", "e")), ("abend", ("", "s", "e")), ("nacht", ("", "s")),
        ("nächte", ("", "n")), ("montag", ("", "s", "e")), ("dienstag", ("", "s", "e")),
        ("mittwoch", ("", "s", "e")), ("donnerstag", ("", "s", "e")), ("freitag", ("", "s", "e")),
        ("samstag", ("", "s", "e")), ("sonnabend", ("", "s", "e")), ("sonntag", ("", "s", "e")),
        ("wochenende", ("", "n", "s")), ("feiertag", ("", "s", "e", "en")), ("woche", ("", "n")),
        ("monat", ("", "s", "e", "en")), ("jahr", ("", "e", "en", "es")), ("stunde", ("", "n")),
        ("minute", ("", "n")), ("sommer", ("", "s", "n")), ("winter", ("", "s", "n")),
        ("frühling", ("", "s")), ("herbst", ("", "es")), ("ferien", ("",)),
        ("mutter", ("",)), ("mütter", ("", "n")), ("vater", ("", "s")), ("väter", ("", "n")),
        ("oma", ("", "s")), ("opa", ("", "s")), ("sohn", ("", "es")), ("söhne", ("", "n")),
        ("tochter", ("",)), ("töchter", ("", "n")), ("enkel", ("", "n", "in", "innen")),
        ("großeltern", ("",)), ("schwiegermutter", ("",)), ("schwiegervater", ("",)),
        ("nachbar", ("", "n", "in", "innen", "s")), ("freund", ("", "e", "en", "in", "innen")),
        ("kollege", ("", "n")), ("kollegin", ("", "nen")), ("chef", ("", "s", "in")),
        ("ehemann", ("",)), ("ehefrau", ("",)), ("mitbewohner", ("", "in", "n")),
    )
    for ending in endings
)


# Words that say how much or what is to change, never what a question is about
# ("Grundsteuer zu hoch", "Bus öfter", "Hundesteuer erhöhen", "Erzieher fehlen", "meine
# neue Heizung", "eine halbe Stunde", "Wir zahlen zu viel Hundesteuer": "zahlen" shares its stem with
# "zählen", "Zahl" and "zahlreich"; "Schließt die Notaufnahme?"): a
# passage matching only them does not say the question's words, and the compounds
# containing them ("Hochschule", "langfristig", "Halbtagsschule") are other words.
GENERIC_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in """
    hoch hohe hohen hoher hohes höher höhere höheren höher niedrig niedrige niedriger niedrigere
    lang lange langen länger längere längeren kurz kurze kürzer kürzere oft öfter öfters häufig
    häufiger schnell schneller schnellere langsam langsamer besser bessere besseren schlechter
    größer größere kleiner kleinere teurer billiger groß große großes großen großer
    klein kleine kleines kleinen
    erhöhen erhöht erhöhe erhöhung senken senkt senke steigen steigt sinken sinkt
    abschaffen abgeschafft einführen eingeführt verbieten verbietet verboten erlauben erlaubt
    ändern ändert verändern verbessern verbessert stärken stärkt brauchen braucht brauche
    fehlen fehlt fehle bleiben bleibt nehmen nimmt lassen lässt
    neu neue neuen neuer neues zahlen zahlt zahle bezahlen bezahlt bezahle
    halb halbe halben halber halbes doppelt doppelte doppelten doppelter
    gesenkt gestiegen gesunken geändert gestärkt gebraucht gefehlt geblieben genommen gelassen
    schließen schließt schließe geschlossen zumachen zugemacht öffnen öffnet geöffnet
    """.split()  # noqa: SIM905
)


@lru_cache(maxsize=200_000)
def stem(folded: str) -> str:
    """Snowball German stem of a folded word, plus repairs for how people inflect."""
    if len(folded) <= 3 or not folded.isalpha():
        return folded
    result: str = _STEMMER.stem(folded)  # type: ignore[no-untyped-call]
    # Feminine forms ("Gründerinnen" → "grunderinn") meet the masculine form.
    if result.endswith("inn") and len(result) >= 7:
        result = result[:-3]
    # Snowball strips "-ern" from verbs but not "-er" before "-ung":
    # "fördern" → "ford", "Förderung" → "forder". Meet at "ford". What is left must
    # still be a syllable: "schwer" stays "schwer", never "schw" (which would then
    # turn up inside "Schwangerschaft" and "Schwimmhalle").
    if result.endswith("er") and len(result) >= 6 and _has_vowel(result[:-2]):
        result = result[:-2]
    # … and keeps "-ert" ("fördert", "verbessert") where the infinitive lost "-ern".
    elif result.endswith("ert") and len(result) >= 7 and _has_vowel(result[:-3]):
        result = result[:-3]
    # Verbs in "-eln" ("wickeln", "sammeln", "entwickeln") and their "-elt" keep their
    # ending in Snowball; the noun in "-lung" loses its "e" ("Entwicklung" →
    # "entwickl"). All meet at "…el", as the nouns do ("Regel", "Regeln", "Regelung").
    if result.endswith("eln") and len(result) >= 6:
        result = result[:-1]
    elif result.endswith("elt") and len(result) >= 6 and not result.endswith(("welt", "zelt")):
        result = result[:-1]  # not "Umwelt", "Arbeitswelt", "Festzelt"
    elif folded.endswith(("lung", "lungen")):
        base = folded[: folded.rindex("lung")]
        # "Stellung", "Zahlung", "Empfehlung", "Schulung" come from no "-eln" verb.
        if len(base) >= 3 and base[-1] not in _VOWELS and base[-1] not in "lh" and result in (base + "l", base + "lung"):
            result = base + "el"
    # Snowball takes "-est" as a superlative ending off nouns too ("Weinfest" → "weinf",
    # "Protest" → "prot"); a real superlative is short before it ("ältesten" → "alt").
    if len(result) >= 4 and folded.startswith(result + "est") and folded[len(result) + 3 :] in _NOUN_ENDINGS:
        result += "est"
    # "Bus" and its compounds keep their "s"; their plural doubles it ("Schulbus",
    # "Schulbusse", "des Busses": all ``schulbus``; Snowball gives "schulbuss"), never a
    # loss ("Einbußen" folds to "einbussen").
    if folded.endswith(_BUS_PLURALS) and not folded.endswith(("einbusse", "einbussen")):
        return folded[: folded.rindex("buss") + 3]
    if folded.endswith("bus"):
        return folded
    # Plural -s after a vowel or p, which Snowball leaves ("Azubis", "Startups").
    if len(result) >= 5 and result.endswith("s") and result[-2] in "aeiouyp":
        result = result[:-1]
    return result


_BUS_PLURALS = ("busse", "bussen", "busses")


_STEMMER = GermanStemmer()
_NOUN_ENDINGS = frozenset({"", "e", "en", "es", "s", "n"})
_VOWELS = frozenset("aeiouy")


def _has_vowel(text: str) -> bool:
    return any(c in _VOWELS for c in text)


@lru_cache(maxsize=200_000)
def snowball_stem(folded: str) -> str:
    """The plain Snowball stem, without the repairs (typo correction tries both)."""
    if len(folded) <= 3 or not folded.isalpha():
        return folded
    result: str = _STEMMER.stem(folded)  # type: ignore[no-untyped-call]
    return result


# Separable prefixes before the "ge" of a participle ("aus|ge|baut", "ein|ge|richtet").
_SEPARABLE = ("ab", "an", "auf", "aus", "bei", "ein", "fest", "her", "hin", "los", "mit", "nach", "vor", "weg", "zu", "zuruck", "zusammen")
# The particles of separable verbs, folded ("weg" of "fällt … weg").
SEPARABLE_PARTICLES: frozenset[str] = frozenset(_SEPARABLE)


def infinitives(folded: str) -> list[str]:
    """The infinitives a verb form in "-t" may be of, most likely first ("baut" → "bauen",
    "redet" → "reden", "fördert" → "fordern", "geschützt" → "schutzen", "ausgebaut" →
    "ausbauen"). Snowball leaves the "-t" of the third person and of the participle, and
    the participle's "ge-": "baut", "geschützt" stem apart from "bauen", "Schutz". Folded
    spellings; whether one is a word is for the caller to check against the programmes.
    """
    if not folded.isalpha() or len(folded) < 4 or not folded.endswith("t"):
        return []
    bases = [folded]
    for prefix in ("", *_SEPARABLE):
        if folded.startswith(prefix + "ge") and len(folded) - len(prefix) >= 6:
            bases.append(prefix + folded[len(prefix) + 2 :])
    found: list[str] = []
    for base in bases:
        body = base[:-1]
        if body.endswith(("er", "el")) and len(body) >= 5:
            found.append(body + "n")  # "fordert" → "fordern", "sammelt" → "sammeln"
        elif body.endswith("e") and len(body) >= 4:
            found.append(body + "n")  # "redet" → "reden"
        elif len(body) >= 3 and _has_vowel(body):
            found.append(body + "en")  # "baut" → "bauen"
    return [word for word in dict.fromkeys(found) if word != folded]


def verb_forms(folded: str) -> list[str]:
    """The forms in "-t" of an infinitive, the reverse of :func:`infinitives`: third
    person and participle ("spielen" → "spielt", "gespielt"; "wegmachen" → "weggemacht",
    "macht weg" aside), and the "zu" infinitive of a separable verb ("wegzumachen").
    Snowball leaves the participle's "ge-" and "-t", so "weggemacht" stems apart from
    "wegmachen" and "Wegmachen". Folded spellings; the caller checks them against the
    programmes."""
    if not folded.isalpha() or len(folded) < 6 or not folded.endswith("n"):
        return []
    if folded.endswith(("ern", "eln")) and len(folded) >= 7:
        body = folded[:-1]  # "fordern" → "forder"
    elif folded.endswith("en"):
        body = folded[:-2]  # "spielen" → "spiel"
    else:
        return []
    if len(body) < 3 or not _has_vowel(body):
        return []
    found = [body + "t", "ge" + body + "t"]
    for prefix in _SEPARABLE:
        rest = body[len(prefix) :]
        if body.startswith(prefix) and len(rest) >= 3 and _has_vowel(rest):
            found += [prefix + "ge" + rest + "t", prefix + "zu" + folded[len(prefix) :]]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class AnalyzedToken:
    """One indexed or queried word: where it came from and its comparable forms."""

    surface: str
    folded: str
    stem: str
    pos: int
    start: int
    end: int
    joined: bool = False  # the joined form of a hyphenated word; shares pos with its first part


_new_token = object.__new__


def _token(
    surface: str, folded: str, stemmed: str, pos: int, start: int, end: int, joined: bool = False
) -> AnalyzedToken:
    """``AnalyzedToken(...)`` at a quarter of the cost: a frozen dataclass's own
    ``__init__`` goes through ``object.__setattr__`` once per field, for every word indexed."""
    token = _new_token(AnalyzedToken)
    attributes = token.__dict__
    attributes["surface"] = surface
    attributes["folded"] = folded
    attributes["stem"] = stemmed
    attributes["pos"] = pos
    attributes["start"] = start
    attributes["end"] = end
    attributes["joined"] = joined
    return token


# Per plain word as written: (folded, stem, long enough to index, stopword). German text
# repeats its words; one dictionary lookup replaces two cached calls and a set lookup.
_PLAIN_WORDS: dict[str, tuple[str, str, bool, bool]] = {}
_PLAIN_WORDS_MAX = 400_000


def _plain_word(raw: str) -> tuple[str, str, bool, bool]:
    folded = fold(raw)
    forms = (folded, stem(folded), len(folded) > 1 or folded.isdigit(), folded in STOPWORDS)
    if len(_PLAIN_WORDS) >= _PLAIN_WORDS_MAX:
        _PLAIN_WORDS.clear()
    _PLAIN_WORDS[raw] = forms
    return forms


def _strip_gender(word: str) -> str:
    word = _GENDER_SUFFIX.sub("", word)
    return _GENDER_INFIX.sub("-", word)


def _pieces(word: str, offset: int) -> list[tuple[str, int, int]]:
    """Split a matched word at its inner separators, keeping character offsets."""
    pieces: list[tuple[str, int, int]] = []
    for match in _PIECE.finditer(word):
        pieces.append((match.group(), offset + match.start(), offset + match.end()))
    return pieces


def analyze(text: str, *, keep_stopwords: bool = False) -> list[AnalyzedToken]:
    """All searchable tokens of ``text`` in order, with positions and character offsets.

    Stopwords take no position, so a phrase query skips them the same way on both
    sides. A hyphenated word yields its parts and, at the position of its first
    part, the joined form (``joined=True``).
    """
    tokens: list[AnalyzedToken] = []
    append = tokens.append
    plain = _PLAIN_WORDS
    pos = 0
    for match in _WORD.finditer(text):
        raw = match.group()
        start = match.start()
        if raw.isalnum():
            # Most words have no inner marks: the fast path keeps indexing quick.
            forms = plain.get(raw) or _plain_word(raw)
            if forms[2] and (keep_stopwords or not forms[3]):
                append(_token(raw, forms[0], forms[1], pos, start, match.end()))
                pos += 1
            continue
        cleaned = _strip_gender(raw) if any(m in raw for m in _GENDER_MARKS) else raw
        if cleaned != raw:
            # Gender marks change the length; offsets then cover the whole word.
            pieces = [(p, start, match.end()) for p, _, _ in _pieces(cleaned, start)]
        else:
            pieces = _pieces(raw, start)
        is_number_with_dots = "." in raw and all(p.isdigit() for p, _, _ in pieces)
        if is_number_with_dots:
            pieces = [(raw, start, match.end())]
        joinable = len(pieces) > 1 and any(h in cleaned for h in _HYPHENS)
        first_pos = None
        for piece, p_start, p_end in pieces:
            folded = fold(piece)
            if not folded or (len(folded) == 1 and not folded.isdigit()):
                continue
            if not keep_stopwords and folded in STOPWORDS:
                continue
            if first_pos is None:
                first_pos = pos
            append(_token(piece, folded, stem(folded), pos, p_start, p_end))
            pos += 1
        if joinable and first_pos is not None:
            surface = "".join(p for p, _, _ in pieces)
            folded = fold(surface)
            append(_token(surface, folded, stem(folded), first_pos, start, match.end(), True))
    return tokens


@lru_cache(maxsize=1024)
def analyze_cached(text: str) -> tuple[AnalyzedToken, ...]:
    """:func:`analyze` for texts met again: indexed into several fields, or highlighted
    once per keystroke while a query is typed."""
    return tuple(analyze(text))


@dataclass(frozen=True)
class Idiom:
    """A fixed verb-noun idiom ("einer Sache Rechnung tragen"), folded: its noun, the
    words fixed before it ("auf den" Weg bringen) and the forms of its verb."""

    noun: str
    before: tuple[str, ...]
    verbs: frozenset[str]


class Idioms:
    """Idioms by their noun, with a pattern finding their nouns as spelt (see data/idioms.toml)."""

    def __init__(self, data: dict[str, Any], digest: str = "") -> None:
        self.digest = digest
        self.by_noun: dict[str, list[Idiom]] = {}
        spellings: set[str] = set()
        table = data.get("wendungen", {})
        for phrase, forms in table.items() if isinstance(table, dict) else ():
            words = phrase.split()
            nouns = [i for i, w in enumerate(words) if w[:1].isupper()]
            # An entry without a capitalised noun or without verb forms finds nothing.
            if not nouns or not isinstance(forms, list) or not forms or not all(isinstance(f, str) for f in forms):
                continue
            at = nouns[0]
            idiom = Idiom(fold(words[at]), tuple(fold(w) for w in words[:at]), frozenset(fold(f) for f in forms))
            self.by_noun.setdefault(idiom.noun, []).append(idiom)
            spellings.add(words[at])
        alternatives = "|".join(re.escape(w) for w in sorted(spellings, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])") if spellings else None

    @classmethod
    def shipped(cls) -> Idioms:
        """The shipped idioms; none where the file cannot be read: search works without them."""
        from canvass_app.paths import bundled_data_dir

        try:
            raw = (bundled_data_dir() / "idioms.toml").read_bytes()
            return cls(tomllib.loads(raw.decode("utf-8")), hashlib.sha256(raw).hexdigest()[:12])
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return cls({}, "none")


IDIOMS = Idioms.shipped()
ANALYZER_VERSION = f"{_ANALYSIS}+{IDIOMS.digest}"
# The end of a sentence or clause: an idiom's verb is in the same one as its noun.
_CLAUSE_END = re.compile(r"[.!?;:](?=\s|$)")


def idiom_nouns(text: str, idioms: Idioms = IDIOMS) -> frozenset[int]:
    """The offsets in ``text`` of the nouns of fixed verb-noun idioms (see data/idioms.toml).

    "Wir tragen den Bedürfnissen der Familien Rechnung" is about needs, not a bill: the
    noun of the idiom is no answer to "Stromrechnung zu hoch". A noun is an idiom's where
    it is spelt as the idiom spells it (a capital, the idiom's number), its fixed words
    stand before it (one word may come between: "auf den richtigen Weg") and a form of
    its verb is in the same sentence.
    """
    if idioms.pattern is None or idioms.pattern.search(text) is None:
        return frozenset()
    words = [(fold(m.group()), m.start(), m.group()) for m in _WORD.finditer(text)]
    ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    found: set[int] = set()
    for number, (folded, start, raw) in enumerate(words):
        candidates = idioms.by_noun.get(folded)
        if not candidates or not raw[:1].isupper():
            continue
        at = bisect.bisect_right(ends, start)
        low = ends[at - 1] if at else -1
        high = ends[at] if at < len(ends) else len(text)
        sentence = {f for f, s, _ in words if low < s < high}
        preceding = [(f, r) for f, s, r in words[max(0, number - 4) : number] if s > low]
        if any(idiom.verbs & sentence and _fixed_before(preceding, idiom.before) for idiom in candidates):
            found.add(start)
    return frozenset(found)


def _fixed_before(preceding: list[tuple[str, str]], fixed: tuple[str, ...]) -> bool:
    """Whether the words ``preceding`` a noun (folded, raw; nearest last) end with the
    ``fixed`` words, or with them and one lower-case word after them ("den richtigen")."""
    if not fixed:
        return True
    size = len(fixed)
    if tuple(f for f, _ in preceding[-size:]) == fixed and len(preceding) >= size:
        return True
    return (
        len(preceding) > size
        and preceding[-1][1][:1].islower()
        and tuple(f for f, _ in preceding[-size - 1 : -1]) == fixed
    )


@lru_cache(maxsize=1024)
def indexed_tokens(text: str) -> tuple[AnalyzedToken, ...]:
    """The tokens a text is indexed and highlighted by: :func:`analyze_cached` without the
    nouns of fixed idioms (:func:`idiom_nouns`), which say nothing of that noun."""
    tokens = analyze_cached(text)
    nouns = idiom_nouns(text)
    if not nouns:
        return tokens
    return tuple(t for t in tokens if t.start not in nouns)


# Linking elements between a compound's parts ("Verkehr|s|wende", "Kinder|garten").
_LINKS = ("s", "es", "n", "en", "e", "er")
# The shortest part a compound is split into ("Rad|wege", "Fuß|wege").
_SHORTEST_PART = 3


class Lexicon:
    """The words of one programme, for telling which compound a cut word stands for.

    "Rad- und Fußwege" says "Radwege", "Kinder- und Jugendarbeit" "Kinderarbeit" (not
    "Kinderbeit"): the completing word ("Fußwege", "Jugendarbeit") splits where both sides
    are words the programme uses, the last one on its own ("Wege", "Arbeit") or as the
    last part of other compounds ("Klimaschutz", "Naturschutz" for "Brand- und
    Katastrophenschutz"). Built per programme, so importing one changes no other's index.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        stems: set[str] = set()
        folded: set[str] = set()
        nouns: set[str] = set()
        for text in texts:
            for token in analyze(text):
                if not token.joined and token.folded.isalpha():
                    stems.add(token.stem)
                    folded.add(token.folded)
                    if token.surface[:1].isupper():
                        nouns.add(token.stem)
        self.stems = frozenset(stems)
        # Written with a capital: nouns, as the last parts of compounds are ("Gebiet", not "bieten").
        self.nouns = frozenset(nouns)
        self._reversed = sorted(word[::-1] for word in folded)
        self._forwards = sorted(folded)

    def is_word(self, part: str) -> bool:
        """Whether ``part`` (folded), perhaps with a linking element at its end, is a word of the programme."""
        if len(part) < _SHORTEST_PART:
            return False
        if stem(part) in self.stems:
            return True
        return any(
            part.endswith(link) and len(part) - len(link) >= _SHORTEST_PART and stem(part[: -len(link)]) in self.stems
            for link in _LINKS
        )

    def is_head(self, head: str, whole: str) -> bool:
        """Whether ``head`` is a word of the programme, or the last part of two of its compounds besides ``whole``."""
        if len(head) < _SHORTEST_PART + 1:
            return False
        if stem(head) in self.nouns:
            return True
        return len(self._ending_in(head, whole, 2)) >= 2

    def begins(self, part: str, whole: str) -> bool:
        """Whether ``part`` is a word of the programme or begins another of its words besides ``whole``."""
        if self.is_word(part):
            return True
        words = self._forwards
        i = bisect.bisect_left(words, part)
        while i < len(words) and words[i].startswith(part):
            if words[i] != whole and len(words[i]) > len(part):
                return True
            i += 1
        return False

    def _ending_in(self, head: str, whole: str, most: int) -> list[str]:
        backwards = head[::-1]
        words = self._reversed
        found: list[str] = []
        i = bisect.bisect_left(words, backwards)
        while i < len(words) and words[i].startswith(backwards) and len(found) < most:
            word = words[i][::-1]
            if word != whole and len(word) > len(head) and self.is_word(word[: -len(head)]):
                found.append(word)
            i += 1
        return found


# How German words, and so the last parts of compounds, may begin besides a vowel.
_ONSETS = tuple(
    sorted(
        ["schl", "schm", "schn", "schr", "schw", "sch", "spr", "spl", "str", "pfl", "pfr", "pf", "sp", "st", "bl", "br", "ch", "dr", "fl", "fr", "gl", "gr", "kl", "kn", "kr", "pl", "pr", "qu", "tr", "zw", "wr", "ph", "th", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z"],
        key=len,
        reverse=True,
    )
)


def starts_like_a_word(text: str) -> bool:
    """Whether ``text`` (folded) begins as a German word may: a legal onset, then a vowel."""
    for onset in _ONSETS:
        if text.startswith(onset):
            rest = text[len(onset) :]
            return bool(rest) and rest[0] in _VOWELS
    return False


# Endings, no words: a last part never begins with them ("Veranstalt|ungen", "Perspektivlo|sigkeit").
_ENDINGS = ("ung", "erung", "keit", "heit", "igkeit", "sig", "lich", "isch", "chen", "schen", "sten", "schaft")


def _outranks(other: str, head: str, lexicon: Lexicon) -> bool:
    """Of two last parts a linking element or a prefix apart, the word the programme uses
    on its own wins ("Angebote", not "sangebote"), else the longer ("gebiete", not "biete")."""
    if other.endswith(head):
        longer, shorter = other, head
    elif head.endswith(other):
        longer, shorter = head, other
    else:
        return False
    if len(longer) - len(shorter) > 2:
        return False
    alone = {part for part in (longer, shorter) if stem(part) in lexicon.stems}
    winner = next(iter(alone)) if len(alone) == 1 else longer
    return winner == other


def completions(text: str, lexicon: Lexicon) -> tuple[AnalyzedToken, ...]:
    """The compounds the cut words of ``text`` stand for ("Radwege" for "Rad-" in "Rad- und
    Fußwege"), at the cut word's position and offsets, to index besides :func:`analyze`'s
    tokens (``joined=True``: they are no words as written).

    The completing word splits before a last part the programme uses (see
    :class:`Lexicon`) that begins as a word does; a last part beginning with a vowel
    needs a first part the programme uses too ("Jugend|arbeit", not "Bahnf|ührer"). Of
    two last parts a linking element or a prefix apart ("Gewerbe|gebiete", "Gewerbege|biete";
    "Hagen|straße", "Hagens|trasse") the longer is meant.
    """
    if ELLIPSIS.search(text) is None:
        return ()
    starts = {t.start: t for t in analyze_cached(text) if not t.joined}
    found: list[AnalyzedToken] = []
    for cut in ELLIPSIS.finditer(text):
        completion = COMPLETION.match(text, cut.end())
        if completion is None:
            continue
        modifier, whole = fold(cut.group(1)), fold(completion.group(1))
        at = starts.get(cut.start(1)) or starts.get(completion.start(1))
        if at is None or not modifier.isalpha() or not whole.isalpha():
            continue
        heads: list[str] = []
        shaped: list[str] = []
        for split in range(_SHORTEST_PART, len(whole) - _SHORTEST_PART):
            first, head = whole[:split], whole[split:]
            if not _has_vowel(first) or head.startswith(_ENDINGS):
                continue
            if starts_like_a_word(head):
                shaped.append(head)
            if not lexicon.is_head(head, whole):
                continue
            if starts_like_a_word(head) or (head[0] in _VOWELS and lexicon.begins(first, whole)):
                heads.append(head)
        kept = [h for h in heads if not any(_outranks(other, h, lexicon) for other in heads if other != h)]
        if not heads:
            # A last part the programme never uses elsewhere ("Papier- und Abfallkörbe":
            # "Körbe" only here): where the completing word splits in just one place
            # before a part that begins as a word does (of two a prefix apart, the
            # longer: "Abfall|behälter", not "Abfallbe|hälter"), that part is meant.
            # Where it could split in several ("Katastrophen|wehr", "Katas|trophenwehr"),
            # nothing tells which, and no compound is guessed.
            only = [h for h in shaped if not any(_outranks(other, h, lexicon) for other in shaped if other != h)]
            kept = only if len(only) == 1 else []
        for head in kept:
            compound = modifier + head
            found.append(_token(compound, compound, stem(compound), at.pos, cut.start(1), cut.end(1), True))
    return tuple(found)


def words(text: str) -> list[str]:
    """The raw words of ``text`` as the tokenizer sees them (for suggestions)."""
    return [m.group() for m in _WORD.finditer(text)]


class GermanTokenizer(Tokenizer):
    """whoosh tokenizer over :func:`analyze`; ``form`` is ``"stem"`` or ``"folded"``."""

    def __init__(self, form: str = "stem") -> None:
        self.form = form

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GermanTokenizer) and other.form == self.form

    def __hash__(self) -> int:
        return hash(("GermanTokenizer", self.form))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for analyzed in indexed_tokens(value):
            token.text = analyzed.stem if self.form == "stem" else analyzed.folded
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = analyzed.surface  # type: ignore[attr-defined]
            if positions:
                token.pos = start_pos + analyzed.pos
            if chars:
                token.startchar = start_char + analyzed.start
                token.endchar = start_char + analyzed.end
            yield token
