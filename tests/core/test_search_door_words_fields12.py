"""Fields of everyday words the BLIND12 misses showed the programmes word otherwise (the
thesaurus): the rescue station, doctors under one roof, heavy rain, planting forests,
sexual orientation, a smashed pane, run-down buildings, green walls and planting,
untended green spaces, short trips on the bus, too few staff. The passages are worded as GLMP municipal
programmes word these subjects, not as the judged ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.service import SearchService

THESAURUS = Path(__file__).resolve().parents[2] / "data" / "thesaurus.toml"
TOWN = "town-test-2025"

PASSAGES = [
    "Wir setzen uns für eine neue Rettungswache im Süden der Stadt ein.",
    "Ein Medizinisches Versorgungszentrum soll die Versorgung im Ort sichern.",
    "Gegen Starkregenereignisse bauen wir Rückhaltebecken.",
    "Die Stadt stellt Flächen für die Aufforstung bereit.",
    "Niemand darf wegen seiner sexuellen Orientierung benachteiligt werden.",
    "Gegen Vandalismus an öffentlichen Einrichtungen gehen wir entschlossen vor.",
    "Die Grundschule am Markt wird saniert.",
    "Die Sanierung der Sporthalle hat Vorrang.",
    "Wir fördern die Fassadenbegrünung mit einem Zuschuss.",
    "Private Pflanzungen unterstützen wir.",
    "Die Grünflächenpflege übernimmt der Bauhof.",
    "Ein Kurzstreckenticket für den Bus führen wir ein.",
    "Mit vorausschauender Personalplanung sichern wir die Verwaltung.",
    "Der neue Park bekommt Bänke und Wege.",
    "Die Grundsteuer bleibt stabil.",
]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    town = make_programme(TOWN, "Stadtpartei", 2025, [("Programm", PASSAGES)])
    return SearchService(
        MemoryCorpus([town]), tmp_path_factory.mktemp("fields12"), thesaurus_paths=[THESAURUS]
    )


def first(service: SearchService, query: str) -> str:
    hits = [h for h in service.search(query, limit=5, dense=False).hits if h.type == "passage"]
    return hits[0].text if hits else ""


@pytest.mark.parametrize(
    ("query", "passage"),
    [
        ("Der Rettungswagen kommt zu spät", "Rettungswache"),
        ("Notarzt", "Rettungswache"),
        ("Rettungsdienst", "Rettungswache"),
        ("Ein Ärztehaus wäre gut", "Versorgungszentrum"),
        ("Ärztezentrum", "Versorgungszentrum"),
        ("Facharzt", "Versorgungszentrum"),
        ("Nach dem Gewitter stand die Straße unter Wasser", "Starkregenereignisse"),
        ("Wolkenbruch", "Starkregenereignisse"),
        ("Unser Keller voll Wasser", "Starkregenereignisse"),
        ("Hochwasser", "Starkregenereignisse"),
        ("Wald aufforsten", "Aufforstung"),
        ("Wald", "Aufforstung"),
        ("homosexuell", "sexuellen Orientierung"),
        ("lesbisch", "sexuellen Orientierung"),
        ("Die Scheibe eingeschlagen", "Vandalismus"),
        ("Hier ist alles heruntergekommen", "Sanierung"),
        ("marode", "Sanierung"),
        ("Hauswand", "Fassadenbegrünung"),
        ("begrünen", "Fassadenbegrünung"),
        ("pflanzen", "Pflanzungen"),
        ("mähen", "Grünflächenpflege"),
        ("verwildert", "Grünflächenpflege"),
        ("Kurzstrecke", "Kurzstreckenticket"),
        ("Fahrpreis", "Kurzstreckenticket"),
        ("unterbesetzt", "Personalplanung"),
        ("zu wenig Personal", "Personalplanung"),
        ("Überall fehlen Leute", "Personalplanung"),
    ],
)
def test_everyday_words_of_a_field_find_the_programmes_words(
    service: SearchService, query: str, passage: str
) -> None:
    assert passage in first(service, query)
