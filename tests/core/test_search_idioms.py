"""Fixed verb-noun idioms (data/idioms.toml): "einer Sache Rechnung tragen" is no bill,
"auf den Weg bringen" no path, "unter die Räder kommen" no wheels. Their noun is not
indexed as that noun, so a question on a bill, a path or bikes finds the passages that
speak of them, not the idiom; the same noun outside the idiom is found as ever."""

from __future__ import annotations

import tomllib
from pathlib import Path

from canvass_app.search.analysis import IDIOMS, Idioms, idiom_nouns, indexed_tokens
from canvass_app.search.snippets import matched_spans
from tests.core.test_search_word_forms import service_for, words

REPO = Path(__file__).resolve().parents[2]


def nouns(text: str) -> list[str]:
    return [text[start:].split()[0].strip(".,") for start in sorted(idiom_nouns(text))]


def test_the_shipped_list_reads_and_every_entry_counts() -> None:
    data = tomllib.loads((REPO / "data" / "idioms.toml").read_text(encoding="utf-8"))
    assert sum(len(v) for v in IDIOMS.by_noun.values()) == len(data["wendungen"]) > 10
    assert IDIOMS.digest not in ("", "none")


def test_an_idiom_needs_its_verb_in_the_sentence_and_its_fixed_words() -> None:
    assert nouns("Wir tragen den Bedürfnissen der Familien Rechnung.") == ["Rechnung"]
    assert nouns("Dem wird der Haushalt Rechnung getragen haben.") == ["Rechnung"]
    assert nouns("Das haben wir auf den Weg gebracht.") == ["Weg"]
    assert nouns("Wir bringen das auf den richtigen Weg.") == ["Weg"]
    assert nouns("Lärm nehmen wir nicht in Kauf.") == ["Kauf"]
    assert nouns("Radfahrer dürfen nicht unter die Räder kommen.") == ["Räder"]
    # The verb in another sentence, the fixed words missing, another number: the noun itself.
    assert nouns("Die Rechnung ist zu hoch. Wir tragen das nicht.") == []
    assert nouns("Der Weg zur Schule wird sicher, wir bringen die Kinder hin.") == []
    assert nouns("Beim Kauf von Tickets nehmen wir Bargeld.") == []
    assert nouns("Wir tragen die Rechnungen der Stadtwerke nicht.") == []
    # A compound is no idiom's noun.
    assert nouns("Die Stromrechnung tragen die Mieter.") == []


def test_a_broken_entry_finds_nothing() -> None:
    idioms = Idioms({"wendungen": {"ohne nomen": ["tragen"], "Kein Verb": [], "Rolle spielen": "spielt"}})
    assert not idioms.by_noun and idioms.pattern is None
    assert idiom_nouns("Das spielt eine Rolle.", idioms) == frozenset()


def test_the_text_keeps_its_other_words_and_positions() -> None:
    text = "Wir tragen den Bedürfnissen der Familien Rechnung."
    tokens = indexed_tokens(text)
    assert [t.surface for t in tokens] == ["tragen", "Bedürfnissen", "Familien"]
    # Nothing highlighted as the idiom's noun.
    assert matched_spans(text, {("text", "rechnung")}) == []


BILL = "Wir tragen den Bedürfnissen der Familien Rechnung und bauen Kitas."
ENERGY = "Hohe Stromrechnungen belasten viele Haushalte: Wir fördern Stromsparberatung."
PATH = "Den neuen Bebauungsplan haben wir auf den Weg gebracht."
CYCLING = "Der Weg durch den Park wird beleuchtet."


def test_a_question_on_the_noun_finds_no_idiom(tmp_path: Path) -> None:
    service = service_for(tmp_path, [BILL, ENERGY, PATH, CYCLING, "Die Rechnung der Stadtwerke kommt pünktlich."])
    found = words(service, "Stromrechnung zu hoch")
    assert ENERGY in found and BILL not in found
    found = words(service, "Rechnung")
    assert "Die Rechnung der Stadtwerke kommt pünktlich." in found and BILL not in found
    found = words(service, "Weg im Park")
    assert CYCLING in found and PATH not in found


def test_a_noun_only_in_idioms_is_unknown(tmp_path: Path) -> None:
    service = service_for(tmp_path, [BILL, PATH, "Die Straßen werden saniert."])
    assert "rechnung" not in service.ensure_open().vocab.stem_set
    assert not service.search("Rechnung zu hoch", dense=False).word_hits
