"""Word senses the topic terms must tell apart for any programme (no model: terms and headings).

Each case is a class seen on BLIND11 and checked on other programmes: upkeep is not care,
welfare has its own vocabulary, and a compound whose head is a crime is about safety.
"""

from __future__ import annotations

from pathlib import Path

from canvass_app.content.model import Topic
from canvass_app.content.topics import Taxonomy, assign, contexts
from canvass_app.corpus.model import Passage, Programme, Section
from canvass_app.library import Library


def _fields_of(tmp_path: Path, texts: list[str], title: str = "Was wir wollen") -> list[set[str]]:
    topics: list[Topic] = Library(tmp_path).content.topics()
    taxonomy = Taxonomy(topics)
    passages = tuple(
        Passage(id=f"p:{j}", programme_id="p", section_id="s0", kind="paragraph", text=t) for j, t in enumerate(texts)
    )
    programme = Programme(id="p", party="P", title="T", year=2024, sections=(Section(id="s0", title=title, passages=passages),))
    result = assign(topics, contexts([programme]), [])
    return [{taxonomy.field_of.get(t, t) for t in result[f"p:{j}"]} for j in range(len(texts))]


def test_upkeep_of_things_is_not_care_of_people(tmp_path: Path) -> None:
    upkeep = [
        "Wir unterstützen die Brauchtumspflege in den Dörfern.",
        "Die Baumpflege an den Straßen muss regelmäßig erfolgen.",
        "Ein Verein soll sich der Pflege, dem Erhalt und dem Ausbau der Parks widmen.",
        "Erhalt und Pflege der Friedhöfe sind Aufgabe der Stadt.",
        "Wir setzen uns für die Pflege unseres historischen Erbes ein.",
    ]
    for text, fields in zip(upkeep, _fields_of(tmp_path, upkeep), strict=True):
        assert "senioren-und-pflege" not in fields, text
    care = [
        "Wir brauchen mehr Plätze in der Kurzzeitpflege und Entlastung für pflegende Angehörige.",
        "Die ambulante Pflege und die Pflegeheime brauchen mehr Pflegekräfte.",
        "Die Pflege älterer Menschen zu Hause soll besser unterstützt werden.",
    ]
    for text, fields in zip(care, _fields_of(tmp_path, care), strict=True):
        assert "senioren-und-pflege" in fields, text


def test_welfare_words_name_the_social_field(tmp_path: Path) -> None:
    welfare = [
        "Stromsperren und Energiesperren darf es für Familien nicht geben.",
        "Eine Schulden- und Insolvenzberatung, die Schuldnern schnell hilft.",
        "Die Kosten der Unterkunft müssen dem Mietspiegel folgen, die Ämter dürfen niemanden drängen.",
    ]
    for text, fields in zip(welfare, _fields_of(tmp_path, welfare), strict=True):
        assert "soziales" in fields, text
    # "Schulden" of the town stay the budget's.
    assert "finanzen-und-steuern" in _fields_of(tmp_path, ["Die Stadt muss ihre Schulden abbauen."])[0]


def test_a_compound_whose_head_is_a_crime_is_about_safety(tmp_path: Path) -> None:
    crimes = [
        "Wir wollen wirksame Maßnahmen gegen Wohnungseinbruchsdiebstahl.",
        "Gegen Fahrraddiebstahl helfen sichere Abstellanlagen am Bahnhof.",
        "Die Zahl der Wohnungseinbrüche muss sinken.",
    ]
    for text, fields in zip(crimes, _fields_of(tmp_path, crimes), strict=True):
        assert "sicherheit-und-ordnung" in fields, text
        assert "wohnen" not in fields, text


def test_green_spaces_by_any_name_are_nature(tmp_path: Path) -> None:
    """"Grünanlagen" are what "Grünflächen" are: the town's green spaces."""
    texts = ["Die Grünanlagen der Stadt brauchen mehr Schatten und Bänke.", "Eine Stiftung für unsere Grünanlagen."]
    for text, fields in zip(texts, _fields_of(tmp_path, texts), strict=True):
        assert "umwelt-und-natur" in fields, text


def test_a_partys_name_is_no_democracy_and_welfare_care_is_welfare(tmp_path: Path) -> None:
    """"Sozialdemokratie" and "christdemokratisch" name a party, not democracy as a field; the
    "freie Wohlfahrtspflege" is the welfare associations (Soziales), not care of the old."""
    portraits = [
        "Unter dem Dach der Sozialdemokratie tragen Menschen aus der Mitte der Gesellschaft Verantwortung.",
        "Kurze Wege sind ein Grundsatz christdemokratischer Politik.",
    ]
    for text, fields in zip(portraits, _fields_of(tmp_path, portraits), strict=True):
        assert "demokratie-und-beteiligung" not in fields, text
    assert "demokratie-und-beteiligung" in _fields_of(tmp_path, ["Wir wollen die Demokratie vor Ort stärken."])[0]
    welfare = _fields_of(tmp_path, ["Die Kooperation mit den Trägern der freien Wohlfahrtspflege vertiefen."])[0]
    assert "soziales" in welfare
    assert "senioren-und-pflege" not in welfare


def test_to_manage_money_thriftily_is_the_budget_not_the_economy(tmp_path: Path) -> None:
    """"Sparsam wirtschaften" (and "solide haushalten") is how a town spends its money: a heading of
    Finanzen, not of the economy, though "wirtschaft…" starts its verb."""
    text = ["Wir werden die Kosten im Rathaus kritisch hinterfragen."]
    for title in ("Sparsam wirtschaften - Chancen nutzen", "Solide haushalten"):
        fields = _fields_of(tmp_path, text, title=title)[0]
        assert "finanzen-und-steuern" in fields, title
        assert "wirtschaft-und-arbeit" not in fields, title
    assert "wirtschaft-und-arbeit" in _fields_of(tmp_path, ["Wir stärken die Betriebe vor Ort."], title="Wirtschaft und Arbeit")[0]


def test_road_building_fees_are_the_budget_not_mobility(tmp_path: Path) -> None:
    """Straßenausbau- and Erschließungsbeiträge are what residents pay the town: Finanzen, though
    the longest mobility term ("straßenausbau") starts the word."""
    fees = [
        "Wir fordern die vollständige Abschaffung der Straßenausbaubeiträge.",
        "Die Erschließungsbeiträge für Anlieger müssen sozial verträglich bleiben.",
    ]
    for text, fields in zip(fees, _fields_of(tmp_path, fees), strict=True):
        assert fields == {"finanzen-und-steuern"}, text
    assert "mobilitaet" in _fields_of(tmp_path, ["Der Straßenausbau an der Hauptstraße muss zügig kommen."])[0]


def test_twin_towns_are_culture(tmp_path: Path) -> None:
    """Städtepartnerschaften and Partnerstädte are exchanges of the towns' people and culture: Kultur,
    not the economy its subtopic of international cooperation (from the bundled chapters) found."""
    texts = ["Die bestehenden Städtepartnerschaften wollen wir intensivieren.", "Der Austausch mit unseren Partnerstädten soll wieder aufleben."]
    for text, fields in zip(texts, _fields_of(tmp_path, texts), strict=True):
        assert fields == {"kultur"}, text


def test_the_bare_word_sozial_heads_the_social_field(tmp_path: Path) -> None:
    """A heading of the bare adjective ("Sozial", "Grün, sozial und gerecht") names Soziales, as
    "Soziales" does; a passage under it that speaks of social participation is Soziales."""
    text = [
        "Für viele Menschen in unserer Region ist die Teilhabe am gesellschaftlichen Leben nicht gesichert. "
        "Die Antwort der Politik darauf war in den letzten Jahren viel zu oft nur Schulterzucken, und das "
        "darf so nicht bleiben, denn es geht um die Menschen, die jeden Tag rechnen müssen, ob das Geld "
        "bis zum Ende des Monats reicht, und um ihre Kinder."
    ]
    assert "soziales" in _fields_of(tmp_path, text, title="Sozial ist sicher")[0]
    assert _fields_of(tmp_path, ["Wir sanieren die Schulen."], title="Sozial")[0] == {"bildung"}
