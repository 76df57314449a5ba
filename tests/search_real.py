"""The five municipal programmes of the real judged set, imported through the app's importer.

Judgements name a verbatim snippet of the relevant passage, not a passage ID: the
importer may split passages differently over time, the words stay.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

from canvass_app.library import Library

ROOT = Path(__file__).resolve().parent
PROGRAMMES = ROOT / "fixtures" / "search" / "glmp"
JUDGEMENTS = ROOT / "search_judgements_real.toml"
# Held out: never used for tuning analysis, thesaurus or thresholds; reported apart.
HELDOUT_JUDGEMENTS = ROOT / "search_judgements_heldout.toml"
# Blind: written from the texts alone, before any search ran on them; reported apart.
BLIND_JUDGEMENTS = ROOT / "search_judgements_blind.toml"
# Blind too, a second set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND2_JUDGEMENTS = ROOT / "search_judgements_blind2.toml"
# Blind too, a third set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND3_JUDGEMENTS = ROOT / "search_judgements_blind3.toml"
# Blind too, a fourth set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND4_JUDGEMENTS = ROOT / "search_judgements_blind4.toml"
# Blind too, a fifth set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND5_JUDGEMENTS = ROOT / "search_judgements_blind5.toml"
# Blind too, a sixth set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND6_JUDGEMENTS = ROOT / "search_judgements_blind6.toml"
# Blind too, a seventh set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND7_JUDGEMENTS = ROOT / "search_judgements_blind7.toml"
# Blind too, an eighth set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND8_JUDGEMENTS = ROOT / "search_judgements_blind8.toml"
# Blind too, a ninth set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND9_JUDGEMENTS = ROOT / "search_judgements_blind9.toml"
# Blind too, a tenth set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND10_JUDGEMENTS = ROOT / "search_judgements_blind10.toml"
# Blind too, an eleventh set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND11_JUDGEMENTS = ROOT / "search_judgements_blind11.toml"
# Blind too, a twelfth set over two more programmes (tests/fixtures/search/glmp/README.md).
BLIND12_JUDGEMENTS = ROOT / "search_judgements_blind12.toml"

# (file, programme id, party, title, year)
REAL_PROGRAMMES = (
    ("aalen-cdu-2024.txt", "cdu-aalen-2024", "CDU Aalen", "Dafür stehen wir", 2024),
    ("alzey-afd-2024.txt", "afd-alzey-worms-2024", "AfD Alzey-Worms", "Programm zur Kommunalwahl 2024", 2024),
    ("alzey-gruene-2024.txt", "gruene-alzey-2024", "BÜNDNIS 90/DIE GRÜNEN Alzey", "Für ein nachhaltiges Alzey", 2024),
    ("bernau-spd-2024.txt", "spd-bernau-2024", "SPD Bernau bei Berlin", "Kommunalwahlprogramm 2024", 2024),
    ("boeblingen-spd-2024.txt", "spd-boeblingen-2024", "SPD Böblingen", "Für ein buntes Böblingen", 2024),
)
HELDOUT_PROGRAMMES = (
    (
        "badkreuznach-spd-2024.txt",
        "spd-kreis-bad-kreuznach-2024",
        "SPD Kreis Bad Kreuznach",
        "Den ganzen Landkreis im Blick",
        2024,
    ),
)
BLIND_PROGRAMMES = (
    ("arnstadt-cdu-2024.txt", "cdu-arnstadt-2024", "CDU Arnstadt", "Programm", 2024),
    (
        "brieselang-spd-2024.txt",
        "spd-brieselang-2024",
        "SPD Brieselang",
        "Unser Wahlprogramm für Brieselang",
        2024,
    ),
)
BLIND2_PROGRAMMES = (
    (
        "altentreptow-spd-2024.txt",
        "spd-seenplatte-2024",
        "SPD Mecklenburgische Seenplatte",
        "Wir machen Zukunft lebenswert",
        2024,
    ),
    ("badkreuznach-fdp-2024.txt", "fdp-bad-kreuznach-2024", "FDP Bad Kreuznach", "Unsere Stadt blüht auf", 2024),
)
BLIND3_PROGRAMMES = (
    ("eberswalde-spd-2024.txt", "spd-eberswalde-2024", "SPD Eberswalde", "Eberswalde gemeinsam gestalten", 2024),
    ("forst-fdp-2024.txt", "fdp-spree-neisse-2024", "FDP Spree-Neiße", "Eine Region für alle", 2024),
)
BLIND4_PROGRAMMES = (
    ("plauen-spd-2024.txt", "spd-plauen-2024", "SPD Plauen", "Soziale Politik für Plauen", 2024),
    (
        "neubrandenburg-cdu-2024.txt",
        "cdu-seenplatte-2024",
        "CDU Mecklenburgische Seenplatte",
        "Kommunalwahlprogramm 2024",
        2024,
    ),
)
BLIND5_PROGRAMMES = (
    (
        "neustadt-fwg-2024.txt",
        "fwg-neustadt-2024",
        "FWG Neustadt an der Weinstraße",
        "FWG-Fahrplan 2019 - 2029",
        2024,
    ),
    ("rostock-volt-2024.txt", "volt-rostock-2024", "Volt Rostock", "Kommunalwahlprogramm Volt Rostock", 2024),
)
BLIND6_PROGRAMMES = (
    ("trier-spd-2024.txt", "spd-trier-2024", "SPD Trier", "Unsere Programme", 2024),
    (
        "schorfheide-cdu-2024.txt",
        "cdu-schorfheide-2024",
        "CDU Schorfheide",
        "Unsere Heimat, unsere Verantwortung!",
        2024,
    ),
)
BLIND7_PROGRAMMES = (
    ("gera-spd-2024.txt", "spd-gera-2024", "SPD Gera", "Gera. Unser Zuhause. Unsere Zukunft.", 2024),
    ("weimar-spd-2024.txt", "spd-weimar-2024", "SPD Weimar", "Miteinander Für Weimar", 2024),
)
BLIND8_PROGRAMMES = (
    (
        "frankfurt-oder-fdp-2024.txt",
        "fdp-frankfurt-oder-2024",
        "FDP Frankfurt (Oder)",
        "Machen, was wichtig wird.",
        2024,
    ),
    ("dresden-volt-2024.txt", "volt-dresden-2024", "Volt Dresden", "Wahlprogramm von VOLT Dresden", 2024),
)
BLIND9_PROGRAMMES = (
    ("karlsruhe-cdu-2024.txt", "cdu-karlsruhe-2024", "CDU Karlsruhe", "Klare Werte. Klare Worte.", 2024),
    ("leipzig-linke-2024.txt", "linke-leipzig-2024", "DIE LINKE Leipzig", "Sozial, Solidarisch, Stark.", 2024),
)
BLIND10_PROGRAMMES = (
    (
        "halle-gruene-2024.txt",
        "gruene-halle-2024",
        "BÜNDNIS 90/DIE GRÜNEN Halle (Saale)",
        "Wahlprogramm zur Kommunalwahl 2024",
        2024,
    ),
    ("lebach-spd-2024.txt", "spd-lebach-2024", "SPD Lebach", "Stark für unser Leben!", 2024),
)
BLIND11_PROGRAMMES = (
    ("rostock-cdu-2024.txt", "cdu-rostock-2024", "CDU Rostock", "Der Rostocker Weg 2.0", 2024),
    (
        "erfurt-linke-2024.txt",
        "linke-erfurt-2024",
        "Die Linke Erfurt",
        "Miteinander. Füreinander. Erfurt 2030.",
        2024,
    ),
)
BLIND12_PROGRAMMES = (
    ("ulm-cdu-2024.txt", "cdu-ulm-2024", "CDU Ulm", "Wahlprogramm Kommunalwahl 2024", 2024),
    (
        "wustermark-spd-2024.txt",
        "spd-wustermark-2024",
        "SPD Wustermark",
        "Wahlprogramm der SPD Wustermark",
        2024,
    ),
)


# Every judged set: its name → (programmes, judgements).
SETS: dict[str, tuple[tuple[tuple[str, str, str, str, int], ...], Path]] = {
    "real": (REAL_PROGRAMMES, JUDGEMENTS),
    "heldout": (HELDOUT_PROGRAMMES, HELDOUT_JUDGEMENTS),
    "blind": (BLIND_PROGRAMMES, BLIND_JUDGEMENTS),
    "blind2": (BLIND2_PROGRAMMES, BLIND2_JUDGEMENTS),
    "blind3": (BLIND3_PROGRAMMES, BLIND3_JUDGEMENTS),
    "blind4": (BLIND4_PROGRAMMES, BLIND4_JUDGEMENTS),
    "blind5": (BLIND5_PROGRAMMES, BLIND5_JUDGEMENTS),
    "blind6": (BLIND6_PROGRAMMES, BLIND6_JUDGEMENTS),
    "blind7": (BLIND7_PROGRAMMES, BLIND7_JUDGEMENTS),
    "blind8": (BLIND8_PROGRAMMES, BLIND8_JUDGEMENTS),
    "blind9": (BLIND9_PROGRAMMES, BLIND9_JUDGEMENTS),
    "blind10": (BLIND10_PROGRAMMES, BLIND10_JUDGEMENTS),
    "blind11": (BLIND11_PROGRAMMES, BLIND11_JUDGEMENTS),
    "blind12": (BLIND12_PROGRAMMES, BLIND12_JUDGEMENTS),
}


def real_library(data_dir: Path, which: str = "real") -> Library:
    """A library with the programmes of judged set ``which`` imported (the bundled ones
    stay in it too; the held-out and blind sets are searched with a programme filter, so
    the bundled chapters neither answer nor disturb their questions)."""
    library = Library(data_dir)
    known = {str(p.id) for p in library.corpus.programmes()}
    for name, programme_id, party, title, year in SETS[which][0]:
        if programme_id not in known:
            library.import_programme(
                PROGRAMMES / name, programme_id=programme_id, party=party, title=title, year=year
            )
    return library


def set_ids(which: str = "real") -> list[str]:
    """The programme IDs of judged set ``which``."""
    return [p[1] for p in SETS[which][0]]


def real_ids() -> list[str]:
    return set_ids("real")


def judgements(which: str = "real") -> tuple[list[dict[str, object]], list[str]]:
    """(answered questions, off-topic questions) of judged set ``which``."""
    data = tomllib.loads(SETS[which][1].read_text(encoding="utf-8"))
    return list(data["query"]), [str(q) for q in data["off_topic"]["queries"]]


def imported_texts(data_dir: Path, programmes: Sequence[tuple[str, str, str, str, int]]) -> dict[str, list[str]]:
    """The passage texts (lead-in + text) of ``programmes`` (file, ID, party, title, year),
    imported into a fresh library in ``data_dir``, by programme ID."""
    library = Library(data_dir)
    for name, programme_id, party, title, year in programmes:
        library.import_programme(PROGRAMMES / name, programme_id=programme_id, party=party, title=title, year=year)
    by_programme: dict[str, list[str]] = {p[1]: [] for p in programmes}
    for passage in library.corpus.passages():
        if str(passage.programme_id) in by_programme:
            by_programme[str(passage.programme_id)].append(f"{passage.lead_in or ''} {passage.text}")
    return by_programme


def _norm(text: str) -> str:
    return " ".join(text.replace("-\n", "").split()).casefold()


def is_relevant(passage_text: str, snippets: list[str]) -> bool:
    """Whether a passage holds one of the judged verbatim snippets (whitespace-insensitive)."""
    text = _norm(passage_text)
    return any(_norm(s) in text for s in snippets)
