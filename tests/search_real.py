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


def real_library(
    data_dir: Path,
    heldout: bool = False,
    blind: bool = False,
    blind2: bool = False,
    blind3: bool = False,
    blind4: bool = False,
    blind5: bool = False,
    blind6: bool = False,
) -> Library:
    """A library with the five programmes imported (the bundled ones stay in it too);
    with ``heldout`` the held-out programme instead (searched with a programme filter,
    so the bundled chapters neither answer nor disturb its questions)."""
    library = Library(data_dir)
    known = {str(p.id) for p in library.corpus.programmes()}
    wanted = (
        BLIND6_PROGRAMMES
        if blind6
        else BLIND5_PROGRAMMES
        if blind5
        else BLIND4_PROGRAMMES
        if blind4
        else BLIND3_PROGRAMMES
        if blind3
        else BLIND2_PROGRAMMES
        if blind2
        else BLIND_PROGRAMMES
        if blind
        else HELDOUT_PROGRAMMES
        if heldout
        else REAL_PROGRAMMES
    )
    for name, programme_id, party, title, year in wanted:
        if programme_id not in known:
            library.import_programme(
                PROGRAMMES / name, programme_id=programme_id, party=party, title=title, year=year
            )
    return library


def real_ids() -> list[str]:
    return [p[1] for p in REAL_PROGRAMMES]


def heldout_ids() -> list[str]:
    return [p[1] for p in HELDOUT_PROGRAMMES]


def blind_ids() -> list[str]:
    return [p[1] for p in BLIND_PROGRAMMES]


def blind2_ids() -> list[str]:
    return [p[1] for p in BLIND2_PROGRAMMES]


def blind3_ids() -> list[str]:
    return [p[1] for p in BLIND3_PROGRAMMES]


def blind4_ids() -> list[str]:
    return [p[1] for p in BLIND4_PROGRAMMES]


def blind5_ids() -> list[str]:
    return [p[1] for p in BLIND5_PROGRAMMES]


def blind6_ids() -> list[str]:
    return [p[1] for p in BLIND6_PROGRAMMES]


def judgements(
    heldout: bool = False,
    blind: bool = False,
    blind2: bool = False,
    blind3: bool = False,
    blind4: bool = False,
    blind5: bool = False,
    blind6: bool = False,
) -> tuple[list[dict[str, object]], list[str]]:
    """(answered questions, off-topic questions) of the real judged set, the held-out or a blind one."""
    path = (
        BLIND6_JUDGEMENTS
        if blind6
        else BLIND5_JUDGEMENTS
        if blind5
        else BLIND4_JUDGEMENTS
        if blind4
        else BLIND3_JUDGEMENTS
        if blind3
        else BLIND2_JUDGEMENTS
        if blind2
        else BLIND_JUDGEMENTS
        if blind
        else HELDOUT_JUDGEMENTS
        if heldout
        else JUDGEMENTS
    )
    data = tomllib.loads(path.read_text(encoding="utf-8"))
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
