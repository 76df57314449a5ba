"""A question's unknown compound known only by its first part ("Verein|samung"): a
passage with that part alone is an answer only where the meaning ranking puts it
nearest the question of all searched, whatever else the searched programmes say.

Before, whether such a passage was kept depended on the rest of the scope: a thesaurus
word of the first part anywhere in it (another programme's "Ehrenamt") kept every
first-part passage as the programme's words; without one, every one was dropped, the
nearest in meaning too.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from canvass_app.search.analysis import fold
from canvass_app.search.embedding import Matrix, Vector, normalise
from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.service import SearchService

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "data" / "thesaurus.toml"
TOWN = "stadt-test-2024"
VILLAGE = "dorf-test-2024"

NEIGHBOURS = "Projekte der Nachbarschaftshilfe wirken gegen Anonymität und Vereinzelung."
CLUBS = "Der Verein der Kleingärtner pflegt seine Anlage mit viel Einsatz."
FILLER = [
    "Wir sanieren die Straßen und Brücken im Norden.",
    "Der Busverkehr fährt künftig im Takt von zehn Minuten.",
    "Neue Wohnungen entstehen am Bahnhof.",
    "Die Schulen bekommen schnelles Internet.",
    "Das Freibad öffnet früher im Jahr.",
    "Die Müllabfuhr kommt jede Woche.",
    "Der Marktplatz wird neu gestaltet.",
    "Die Feuerwehr erhält ein neues Löschfahrzeug.",
]
# data/thesaurus.toml: "Verein" = [..., "Ehrenamt", ...]: a thesaurus word of the first part.
HONORARY = "Das Ehrenamt verdient Anerkennung und eine eigene Ehrenamtskarte."
QUESTION = "Was tun gegen Vereinsamung?"


class NearEmbedder:
    """The question on one axis; the neighbourhood passage near it (cosine 0.83, below
    the meaning-only margin over the typical median), everything else far."""

    name = "fake-near-1"
    dimensions = 3

    def _vector(self, text: str, query: bool) -> Vector:
        if query:
            values = np.array([1.0, 0.0, 0.0], dtype=np.float32)
        elif "nachbarschaft" in fold(text):
            values = np.array([0.83, 0.5578, 0.0], dtype=np.float32)
        else:
            values = np.array([0.3, 0.0, 0.9539], dtype=np.float32)
        return normalise(values[None, :])[0]

    def embed_query(self, text: str) -> Vector:
        return self._vector(text, True)

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._vector(t, False) for t in texts])


def thesaurus(tmp_path: Path) -> Path:
    """The shipped entry of the first part alone: the shipped file may come to know the
    whole word ("Vereinsamung" = ["Einsamkeit", …]), which then is no unknown compound."""
    entry = next(line for line in SHIPPED.read_text(encoding="utf-8").splitlines() if line.startswith('"Verein" ='))
    path = tmp_path / "thesaurus.toml"
    path.write_text(f"[begriffe]\n{entry}\n", encoding="utf-8")
    return path


def make_service(tmp_path: Path) -> SearchService:
    town = make_programme(TOWN, "Stadtpartei", 2024, [("Miteinander", [NEIGHBOURS, CLUBS]), ("Stadt", FILLER)])
    village = make_programme(VILLAGE, "Dorfpartei", 2024, [("Ehrenamt", [HONORARY])])
    embedder = NearEmbedder()
    service = SearchService(
        MemoryCorpus([town, village]),  # type: ignore[list-item]
        tmp_path / "cache",
        thesaurus_paths=[thesaurus(tmp_path)],
        embedder=lambda: embedder,  # type: ignore[arg-type,return-value]
    )
    service.update_vectors()
    return service


def passages(service: SearchService, programmes: Sequence[str], *, dense: bool) -> list[str]:
    found = service.search(QUESTION, programmes=programmes, limit=10, dense=dense)
    return [h.text for h in found.hits if h.type == "passage" and h.match == "words"]


def test_the_words_alone_confirm_no_first_part_passage(tmp_path: Path) -> None:
    service = make_service(tmp_path)
    assert passages(service, [TOWN], dense=False) == []
    # With a thesaurus word of the first part elsewhere in the scope: the same.
    assert NEIGHBOURS not in passages(service, [TOWN, VILLAGE], dense=False)
    assert CLUBS not in passages(service, [TOWN, VILLAGE], dense=False)


def test_the_passage_nearest_in_meaning_is_kept(tmp_path: Path) -> None:
    service = make_service(tmp_path)
    assert passages(service, [TOWN], dense=True) == [NEIGHBOURS]


def test_the_rest_of_the_scope_changes_nothing(tmp_path: Path) -> None:
    service = make_service(tmp_path)
    found = passages(service, [TOWN, VILLAGE], dense=True)
    # The thesaurus word itself is the programme's words; of the first-part passages
    # only the one nearest in meaning is, as without the other programme.
    assert HONORARY in found
    assert NEIGHBOURS in found
    assert CLUBS not in found
