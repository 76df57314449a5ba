"""The shipped thesaurus: well formed, one field of municipal politics after another, and
no entry that makes an off-topic question find a programme's generic words."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.service import SearchService
from canvass_app.search.thesaurus import Thesaurus, key_of, keys_of, lint

THESAURUS = Path(__file__).resolve().parents[2] / "data" / "thesaurus.toml"
TOWN = "thesaurus-town-2025"

# The fields issue #17 names, as the file's section headings spell them.
SECTIONS = (
    "Wohnen und Mieten",
    "Mobilität",
    "Bildung und Kinder",
    "Jugend",
    "Senioren und Pflege",
    "Gesundheit",
    "Soziales und Armut",
    "Migration und Integration",
    "Sicherheit und Ordnung",
    "Sauberkeit",
    "Umwelt, Klima und Energie",
    "Sport",
    "Kultur",
    "Digitales und Verwaltung",
    "Finanzen und Steuern",
    "Wirtschaft und Arbeit (ergänzt)",
    "Stadtentwicklung",
    "Demokratie und Beteiligung",
    "Gleichstellung",
)


def sections() -> dict[str, list[str]]:
    """Entry phrases per ``# --- field ---`` heading of the shipped file."""
    found: dict[str, list[str]] = {}
    current = None
    for line in THESAURUS.read_text(encoding="utf-8").splitlines():
        heading = re.fullmatch(r"# --- (.+) ---", line)
        if heading:
            current = found.setdefault(heading.group(1), [])
        elif line.startswith("[") and line != "[begriffe]":
            current = None
        elif current is not None and line.startswith('"'):
            current.append(next(iter(tomllib.loads(line))))
    return found


def test_shipped_thesaurus_is_well_formed() -> None:
    assert lint(THESAURUS) == []
    assert Thesaurus.load([THESAURUS]).problems == []


@pytest.mark.parametrize("field", SECTIONS)
def test_every_field_has_its_own_entries(field: str) -> None:
    assert len(sections().get(field, [])) >= 8


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "thesaurus.toml"
    path.write_text("[begriffe]\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('"Schule" = ["Schulbau"]\n"Schulen" = ["Schulträger"]\n', "wird gesucht wie „Schule“"),
        ('"Radweg" = ["Radweg", "Radverkehr"]\n', "nennt sich selbst"),
        ('"Radweg" = ["Radverkehr", "radverkehr"]\n', "doppelt"),
        ('"Radweg" = []\n', "nicht leere Liste"),
        ('"Radweg" = ["Radverkehr", 3]\n', "kein suchbares Wort"),
        ('"und oder" = ["Radverkehr"]\n', "Füllwörtern"),
    ],
)
def test_lint_names_what_is_wrong(tmp_path: Path, body: str, problem: str) -> None:
    problems = lint(write(tmp_path, body))
    assert len(problems) == 1 and problem in problems[0]


def test_lint_accepts_another_form_of_the_same_stem(tmp_path: Path) -> None:
    # "Gründungen" has the stem of "Gründer" but reaches other compounds as written.
    assert lint(write(tmp_path, '"Gründer" = ["Gründungen", "Start-ups"]\n')) == []


def test_lint_reports_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "thesaurus.toml"
    path.write_text('[begriffe]\n"Radweg" = [\n', encoding="utf-8")
    assert len(lint(path)) == 1


def test_hyphenated_phrase_is_keyed_by_its_joined_spelling() -> None:
    # One letter before the hyphen: the rest alone is no key ("E-Auto" is no "Auto").
    assert keys_of("E-Auto") == [("eauto",)]
    assert keys_of("U-Bahn") == [("ubahn",)]
    # Two real parts: the joined spelling and the parts typed apart.
    assert keys_of("Kita-Platz") == [("kitaplatz",), key_of("Kita Platz")]
    assert keys_of("öffentliche Toiletten") == [key_of("öffentliche Toiletten")]


# field → (what people say at the door, what a programme writes). Other words than the
# field test in test_search_analysis_fixes; each sentence is the only one in its field.
DOORSTEP = {
    "Wohnen": ("Mieterhöhung", "Die Mietpreisbremse gilt im ganzen Stadtgebiet."),
    "Wohnen, Ferienwohnungen": ("Airbnb", "Gegen Zweckentfremdung von Wohnraum gehen wir vor."),
    "Bus und Bahn": ("Öffis", "Der ÖPNV bekommt einen dichteren Takt."),
    "Bahn": ("Zug", "Die Regionalbahn hält künftig stündlich am Nordbahnhof."),
    "Rad": ("Fahrradständer", "Am Markt entstehen neue Radabstellanlagen."),
    "Fußverkehr": ("Zebrastreifen", "Vor jeder Grundschule gibt es sichere Querungshilfen."),
    "Parken": ("Parkhaus", "Quartiersgaragen entlasten die Wohnstraßen."),
    "Tempo 30": ("Tempolimit", "Eine Geschwindigkeitsbegrenzung vor Schulen setzen wir durch."),
    "Kita": ("Krippe", "Die U3-Betreuung bauen wir aus."),
    "Schule": ("marode Schulen", "Der Sanierungsstau an den Schulgebäuden wird abgebaut."),
    "Lehrkräfte": ("Lehrermangel", "Gegen den Unterrichtsausfall helfen Vertretungsreserven."),
    "Ganztag": ("Hort", "Der Ganztag wird an allen Grundschulen ausgebaut."),
    "Jugend": ("Streetworker", "Die aufsuchende Jugendarbeit bekommt zwei Stellen mehr."),
    "Senioren": ("Seniorenheim", "Stationäre Pflege braucht mehr Plätze im Quartier."),
    "Pflege": ("Pflegedienst", "Die ambulante Pflege unterstützen wir mit Parkausweisen."),
    "Gesundheit": ("Facharzt", "Die fachärztliche Versorgung auf dem Land sichern wir."),
    "Soziales": ("Geringverdiener", "Einkommensschwache Haushalte entlasten wir bei den Gebühren."),
    "Migration": ("Sprachkurs", "Die Sprachförderung für Zugewanderte wird ausgebaut."),
    "Sicherheit": ("Einbruch", "Die Polizei berät kostenlos zum Einbruchschutz."),
    "Ordnung": ("Randale", "Gegen Vandalismus im Stadtpark gehen wir konsequent vor."),
    "Sauberkeit": ("Zigarettenkippen", "Gegen Littering stellen wir mehr Aschenbecher auf."),
    "Heizung": ("Heizungsgesetz", "Das Gebäudeenergiegesetz begleiten wir mit Beratung."),
    "Solar": ("PV", "Photovoltaik kommt auf alle städtischen Dächer."),
    "Klima": ("Unwetter", "Extremwetterereignisse erfordern einen Hitzeaktionsplan."),
    "Umwelt": ("Versiegelung", "Entsiegelung von Schulhöfen schafft Platz für Grün."),
    "Sport": ("Hallenzeit", "Die Hallenzeiten für Vereine werden gerecht verteilt."),
    "Kultur": ("Kulturzentrum", "Soziokulturelle Zentren erhalten eine feste Förderung."),
    "Digitales": ("Online-Antrag", "Das Onlinezugangsgesetz setzen wir vollständig um."),
    "Verwaltung": ("Baugenehmigung", "Genehmigungsverfahren im Bauamt werden schneller."),
    "Finanzen": ("Straßenbaubeitrag", "Die Straßenausbaubeiträge schaffen wir ab."),
    "Wirtschaft": ("Gewerbegebiet", "Neue Gewerbeflächen entstehen nur auf Brachen."),
    "Stadtentwicklung": ("Baulücke", "Innenentwicklung geht vor Neubau auf der grünen Wiese."),
    "Demokratie": ("Bürgerbudget", "Ein Bürgerhaushalt gibt jedem Stadtteil 50.000 Euro."),
    "Beteiligung": ("Volksentscheid", "Bürgerbegehren machen wir einfacher."),
    "Gleichstellung": ("Frauenquote", "Gremien der Stadt besetzen wir paritätisch."),
    "Vielfalt": ("queer", "Queere Menschen finden im Rathaus eine Ansprechstelle."),
    # The field's broader words, as programmes write them.
    "Windkraft": ("Windräder", "Den Ausbau erneuerbarer Energien treiben wir voran."),
    "Kita-Personal": ("Erzieher", "Den Fachkräftemangel im Kita-Bereich gehen wir an."),
    "Gemeindepflege": ("Gemeindeschwester", "Community Health Nurses besuchen Familien zu Hause."),
    "Gebührenfreiheit": ("kostenlos", "Der Besuch der Musikschule wird beitragsfrei."),
    "Wärme": ("Abwärme", "Die Wärme aus dem Rechenzentrum versorgt bald die Haushalte."),
    "Ortsteile": ("Ortsbeirat", "Die Ortsvorsteher bekommen ein eigenes Budget."),
    "Energiespeicher": ("Stromspeicher", "Batteriespeicher für den Solarpark prüfen wir."),
    "Parkverstöße": ("Falschparker", "Parkverstöße werden öfter geahndet."),
    "Palliativ": ("Hospiz", "Die Palliativversorgung im Kreis bauen wir aus."),
    "Mitfahren": ("Mitfahrbank", "In jedem Ortsteil stellen wir Mitfahrbänke auf."),
    "Abwasser": ("Kläranlage", "Die Abwasserentsorgung bleibt in kommunaler Hand."),
    "Bäder": ("Schwimmbad", "Das Stadtbad wird bis 2027 saniert."),
    "Nahversorgung": ("Supermarkt", "Die Nahversorgung in den Wohngebieten sichern wir."),
    "Randgebiete": ("Stadtrand", "Die Randgebiete bekommen bessere Anbindungen."),
    "Bewohnerparken": ("Anwohnerparkausweis", "Bewohnerparkzonen richten wir in der Altstadt ein."),
    "Schulverpflegung": ("Mittagessen", "Die Schulspeisung wird für alle Kinder bezahlbar."),
    "Hochschule": ("Studenten", "Studierende finden bei uns bezahlbare Zimmer."),
    "Einsamkeit": ("Vereinsamung", "Gegen Einsamkeit im Alter schaffen wir Treffpunkte."),
    "Sitzgelegenheiten": ("Bänke", "Entlang der Wege stellen wir Sitzgelegenheiten auf."),
    "Jugendtreffs": ("Jugendklub", "Die Jugendtreffs in allen Stadtteilen bleiben offen."),
    "Straßenkunst": ("Straßenmusik", "Straßenmusikanten sind in der Fußgängerzone willkommen."),
    "Lichtverschmutzung": ("Leuchtreklame", "Gegen Lichtverschmutzung hilft eine intelligente Beleuchtung."),
    "Biodiversität": ("Schmetterlinge", "Wir werden Kommune für biologische Vielfalt."),
    "Ölheizung": ("Ölheizung", "Beim Heizungstausch berät die Energieagentur."),
    "Schulstraßen": ("Elterntaxi", "Schulstraßen sperren morgens den Durchgangsverkehr."),
    "Mitbestimmung": ("mitentscheiden", "Mehr Mitbestimmung in den Ortsteilen ist unser Ziel."),
}


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    programme = make_programme(
        TOWN, "Stadtpartei", 2025, [(field, [text]) for field, (_, text) in DOORSTEP.items()]
    )
    return SearchService(
        MemoryCorpus([programme]), tmp_path_factory.mktemp("thesaurus"), thesaurus_paths=[THESAURUS]
    )


def texts(service: SearchService, query: str) -> list[str]:
    return [h.text for h in service.search(query, limit=10, dense=False).hits]


@pytest.mark.parametrize("field", sorted(DOORSTEP))
def test_everyday_word_reaches_the_programme_word(town: SearchService, field: str) -> None:
    doorstep, programme_text = DOORSTEP[field]
    assert texts(town, doorstep)[:1] == [programme_text]


@pytest.mark.parametrize(
    ("query", "not_found"),
    [
        # A specific word must not reach a generic one and everything built on it.
        ("Stau", "Der Radverkehr bekommt eigene Spuren."),
        ("Jobs", "Unsere Arbeit im Rat ist transparent."),
        ("Rente", "Ältere Menschen sollen im Quartier gut versorgt werden."),
        ("Polizei", "Die Versorgungssicherheit mit Trinkwasser sichern wir."),
        ("Tafel", "Armut bekämpfen wir mit einem Sozialpass."),
        ("Kinderarmut", "Teilhabe am Vereinsleben fördern wir."),
        # A hyphenated entry is no entry for its last part.
        ("Auto", "Ladeinfrastruktur bauen wir in jedem Stadtteil aus."),
        ("Karneval", "Traditionen und Brauchtum pflegen die Heimatvereine."),
        # "Bäder" is stemmed "bad", the first word of place names: pools are named by their kinds.
        ("Freibad", "Der Landkreis Bad Kreuznach wächst."),
        ("Schwimmbad", "Der Landkreis Bad Kreuznach wächst."),
        # An entry keeps a compound whole: "Halte|stelle" is no "halten" and "stellen".
        ("Haltestelle", "Wir halten am Ziel fest und stellen mehr Personal ein."),
    ],
)
def test_no_entry_reaches_a_generic_word(tmp_path: Path, query: str, not_found: str) -> None:
    programme = make_programme(TOWN, "Stadtpartei", 2025, [("Alles", [not_found])])
    service = SearchService(MemoryCorpus([programme]), tmp_path, thesaurus_paths=[THESAURUS])
    assert texts(service, query) == []
