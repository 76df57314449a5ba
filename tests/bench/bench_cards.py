"""Quick-answer cards in search: are they offered first for their own questions, and never
for unrelated ones?

For every bundled card a few doorstep phrasings in citizens' words (written from the card's
topic, not copied from its question or "Auch gefragt als") that should bring it first; and
unrelated doorstep questions over other municipal fields (buses, housing, schools, care,
safety …) that should bring no card first nor into the first three. Measured on the result
list as the app shows it (``search_model.run_search``), in two libraries: the bundled one
alone (fused with the meaning ranking where a model is installed) and the bundled one with
the GLMP programmes of tests/fixtures/glmp imported (words only: embedding them all would
take long), so cards compete with many passages.

Prints the card hit rate (the right card first / in the first three) and the false-card rate
(an unrelated question with a card first / in the first three), and lists the misses.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from canvass_app.library import Library
from canvass_app.ui.search_model import run_search

# card id -> doorstep phrasings that should bring it first.
SHOULD: dict[str, tuple[str, ...]] = {
    "azubiwohnheim": ("Mein Sohn macht eine Ausbildung und findet keine Wohnung", "Gibt es Wohnheime für Auszubildende?", "Wohnen für Lehrlinge"),
    "buerokratie": ("Die Ämter brauchen ewig für einen Antrag", "Weniger Bürokratie bitte", "Warum dauern Genehmigungen so lange?"),
    "dortmunder-norden": ("Was macht ihr für die Nordstadt?", "Der Dortmunder Norden wird vergessen", "Was passiert im Norden von Dortmund?"),
    "fachkraeftemangel": ("Die Betriebe finden keine Fachkräfte", "Fachkräftemangel, was tut ihr?", "Uns fehlen überall Fachkräfte"),
    "faire-loehne": ("Ich verdiene zu wenig, was tut ihr für bessere Löhne?", "Seid ihr für Tarifverträge?", "Faire Bezahlung für alle"),
    "familie-und-beruf": ("Wie soll ich Kinder und Arbeit unter einen Hut bringen?", "Vereinbarkeit von Familie und Beruf", "Arbeiten als Mutter ist so schwer"),
    "frauen-in-mint": ("Warum gibt es so wenige Ingenieurinnen?", "Mehr Frauen in technische Berufe", "Mädchen für MINT begeistern"),
    "gewerbeflaechen": ("Wird für neue Gewerbegebiete Ackerland versiegelt?", "Wo sollen neue Gewerbeflächen hin?", "Gewerbegebiete auf der grünen Wiese"),
    "gewerbesteuer": ("Senkt ihr die Gewerbesteuer?", "Die Gewerbesteuer ist zu hoch", "Was ist mit der Gewerbesteuer?"),
    "glasfaser": ("Wann kommt bei uns Glasfaser?", "Unser Internet ist viel zu langsam", "Breitband in unserer Straße"),
    "gruendung": ("Ich möchte mich selbstständig machen", "Wie unterstützt ihr Gründer?", "Hilfe bei der Existenzgründung"),
    "gruene-energie-industrie": ("Woher soll die Industrie grünen Strom bekommen?", "Wasserstoff für die Industrie", "Grüne Energie für die Fabriken"),
    "handwerk": ("Was macht ihr für Handwerksbetriebe?", "Das Handwerk hat keinen Nachwuchs", "Handwerk stärken"),
    "hochschulen": ("Was bringt die Uni der Wirtschaft?", "Die TU Dortmund und die Firmen", "Hochschulen und Unternehmen zusammenbringen"),
    "inklusion": ("Arbeit für Menschen mit Behinderung", "Inklusion auf dem Arbeitsmarkt", "Mein Bruder ist behindert und findet keine Arbeit"),
    "jugendarbeitslosigkeit": ("Viele Jugendliche haben keinen Job", "Was tut ihr gegen arbeitslose Jugendliche?", "Jugendarbeitslosigkeit bekämpfen"),
    "klimaschutz-und-arbeitsplaetze": ("Vernichtet Klimaschutz Jobs?", "Klimaschutz und Arbeitsplätze", "Gehen durch Klimaschutz Arbeitsplätze verloren?"),
    "langzeitarbeitslosigkeit": ("Ich bin seit Jahren arbeitslos", "Hilfe für Langzeitarbeitslose", "Langzeitarbeitslosigkeit in Dortmund"),
    "leerstand-innenstadt": ("In der Innenstadt stehen so viele Läden leer", "Leerstand in der City", "Die Geschäfte in der Innenstadt machen zu"),
    "lieferverkehr": ("Überall parken Lieferwagen in zweiter Reihe", "Der Lieferverkehr nervt", "Paketdienste verstopfen die Straße"),
    "migrantische-oekonomie": ("Was tut ihr für migrantische Unternehmer?", "Unternehmer mit Migrationshintergrund unterstützen", "Gründer mit Migrationsgeschichte"),
    "reparaturpraemie": ("Gibt es Geld fürs Reparieren?", "Reparaturprämie", "Zuschuss für Reparaturen statt Neukauf"),
    "staedtepartnerschaften": ("Wozu sind die Partnerstädte gut?", "Was bringen Städtepartnerschaften?", "Partnerschaften mit anderen Städten"),
    "staedtische-auftraege": ("Bekommen hiesige Firmen Aufträge von der Stadt?", "Vergabe städtischer Aufträge an lokale Betriebe", "Öffentliche Aufträge für Dortmunder Unternehmen"),
}

# Unrelated doorstep questions: no card should be first, nor in the first three.
SHOULD_NOT: tuple[str, ...] = (
    "Busse fahren öfter",
    "Die Busse fahren zu selten",
    "Warum ist das Busticket so teuer?",
    "Wann kommt die neue Straßenbahnlinie?",
    "Mehr Radwege bitte",
    "Die Straßen sind voller Schlaglöcher",
    "Es gibt zu wenige Parkplätze",
    "Tempo 30 vor der Schule",
    "Die Mieten sind zu hoch",
    "Wir brauchen mehr Sozialwohnungen",
    "Ich finde keine bezahlbare Wohnung",
    "Was tut ihr gegen Obdachlosigkeit?",
    "Die Schule meiner Tochter ist marode",
    "Es fehlen Kitaplätze",
    "Die Schultoiletten sind eklig",
    "Mehr Lehrer an die Grundschulen",
    "Offene Ganztagsschule ausbauen",
    "Meine Mutter braucht einen Pflegeplatz",
    "Es gibt zu wenig Pflegekräfte im Altenheim",
    "Das Krankenhaus soll schließen",
    "Ich finde keinen Hausarzt",
    "Nachts fühle ich mich im Park nicht sicher",
    "Mehr Polizei auf die Straße",
    "Die Straßenbeleuchtung ist kaputt",
    "Überall liegt Müll herum",
    "Die Sperrmüllabholung dauert zu lange",
    "Das Schwimmbad wird geschlossen",
    "Der Sportverein braucht eine neue Halle",
    "Mehr Spielplätze für Kinder",
    "Was macht ihr für Senioren?",
    "Der Jugendtreff hat zu",
    "Die Grundsteuer ist gestiegen",
    "Hundesteuer abschaffen",
    "Mehr Bäume in der Stadt",
    "Der Lärm von der Autobahn",
    "Was tut ihr für Tierschutz?",
    "Die Bibliothek hat zu kurze Öffnungszeiten",
    "Mehr Geld für Theater und Kultur",
    "Wie viele Flüchtlinge kommen noch?",
    "Bürgerbeteiligung bei Bauprojekten",
    "Der Friedhof ist ungepflegt",
    "Wann wird der Bahnhof barrierefrei?",
    "Die Feuerwehr braucht mehr Personal",
    "Was tut ihr gegen Hitze im Sommer?",
    "Hochwasserschutz am Fluss",
)


def measure(library: Library, dense: bool) -> dict[str, object]:
    first = top3 = 0
    misses: list[str] = []
    for card_id, questions in SHOULD.items():
        for question in questions:
            rows = run_search(library, question, dense=dense).rows
            cards = [r.id for r in rows[:3] if r.kind == "card"]
            if rows and rows[0].kind == "card" and rows[0].id == card_id:
                first += 1
            else:
                misses.append(f"{question!r}: {[f'{r.kind}:{r.id}' for r in rows[:3]]} (want {card_id})")
            top3 += card_id in cards
    false_first = false_top3 = 0
    false: list[str] = []
    for question in SHOULD_NOT:
        rows = run_search(library, question, dense=dense).rows
        cards = [r for r in rows[:3] if r.kind == "card"]
        false_first += bool(rows) and rows[0].kind == "card"
        false_top3 += bool(cards)
        if cards:
            false.append(f"{question!r}: {[f'{r.kind}:{r.id}:{r.match}' for r in rows[:3]]}")
    wanted = sum(len(q) for q in SHOULD.values())
    return {
        "wanted": wanted, "first": first, "top3": top3, "misses": misses,
        "unrelated": len(SHOULD_NOT), "false_first": false_first, "false_top3": false_top3, "false": false,
    }


def report(name: str, found: dict[str, object], verbose: bool) -> None:
    wanted, unrelated = int(found["wanted"]), int(found["unrelated"])  # type: ignore[call-overload]
    print(f"\n== {name} ==")
    print(f"card hit rate   first {found['first']}/{wanted}   top-3 {found['top3']}/{wanted}")
    print(f"false-card rate first {found['false_first']}/{unrelated}   top-3 {found['false_top3']}/{unrelated}")
    if verbose:
        for line in found["misses"]:  # type: ignore[attr-defined]
            print(f"  miss  {line}")
    for line in found["false"]:  # type: ignore[attr-defined]
        print(f"  false {line}")


def main(argv: list[str]) -> int:
    verbose = "--misses" in argv
    with tempfile.TemporaryDirectory() as tmp:
        bundled = Library(Path(tmp) / "bundled")
        service = bundled.search
        dense = service.embedder() is not None
        if dense and service.vectors_missing():
            service.update_vectors()
        report(f"bundled library, {'fused' if dense else 'words only (no model)'}", measure(bundled, dense), verbose)
        if "--no-glmp" not in argv:
            from tests.fixtures.glmp import import_all

            library = Library(Path(tmp) / "glmp")
            ids = import_all(library)
            report(f"bundled + {len(ids)} GLMP programmes, words only", measure(library, False), verbose)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
