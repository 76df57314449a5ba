"""Whatever a programme says is searchable: a lead-in's words find the items it introduces."""

from __future__ import annotations

from pathlib import Path

from canvass_app.library import Library

PROGRAMME = """Verkehr

Musterstadt soll eine Stadt sein, in der alle sicher ankommen.

Für sichere Radwege werden wir
• die Kreuzungen an der Ringstraße umbauen,
• Parkplätze an Schulen in Abstellflächen verwandeln.
"""


def test_a_word_only_in_the_lead_in_finds_the_items(tmp_path: Path) -> None:
    source = tmp_path / "verkehr.txt"
    source.write_text(PROGRAMME, encoding="utf-8")
    library = Library(tmp_path / "userdata")
    programme = library.import_programme(
        source, programme_id="verkehr-2025", party="X", title="T", year=2025
    )
    items = [p for p in programme.passages() if p.kind == "pledge"]
    assert {p.lead_in for p in items} == {"Für sichere Radwege werden wir"}
    assert all("Radweg" not in p.text for p in items)
    hits = [hit.id for hit in library.search.search("Radwege").hits]
    assert {p.id for p in items} <= set(hits)
