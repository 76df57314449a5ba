"""Structure classes found on real GLMP programmes: suspended compounds, lone glued dashes, lead-ins closing a paragraph."""

from __future__ import annotations

from canvass_app.corpus.structure import parse_programme_text

PROSE = (
    "Wir engagieren uns für alle Menschen in unserer Stadt. Dabei haben wir Kinder, Jugendliche,\n"
    "Familien und Senior*innen im Blick, denn gesellschaftlicher Zusammenhalt entsteht vor Ort, in\n"
    "den Vereinen, in der Nachbarschaft und in den Schulen unserer Stadt und ihrer Ortsteile.\n\n"
)


def _passages(raw: str) -> list[tuple[str, str | None, str]]:
    return [(s.title, p.lead_in, p.text) for s in parse_programme_text(raw).sections for p in s.passages]


def test_a_borrowed_suspended_compound_does_not_cut_an_item() -> None:
    # "Park- and Ride" is a suspended compound as "Kinder- und Jugend" is: no item starts at "and".
    raw = (
        f"{PROSE}"
        "Daher fordern wir:\n\n"
        "- Eine gut ausgebaute und zuverlässige öffentliche Verkehrsinfrastruktur.\n"
        "- Das Park- and Ride-Konzept und das Bike- and Ride-Angebot müssen endlich umgesetzt werden\n"
        "- Eine umfassende Überprüfung der nächtlichen Ampelzeiten im ganzen Stadtgebiet.\n"
    )
    items = [text for _, lead_in, text in _passages(raw) if lead_in == "Daher fordern wir:"]
    assert items == [
        "Eine gut ausgebaute und zuverlässige öffentliche Verkehrsinfrastruktur.",
        "Das Park- and Ride-Konzept und das Bike- and Ride-Angebot müssen endlich umgesetzt werden",
        "Eine umfassende Überprüfung der nächtlichen Ampelzeiten im ganzen Stadtgebiet.",
    ]


def test_a_lone_dash_glued_to_its_item_between_dash_items_opens_an_item() -> None:
    # One item of a dash list lost the space after its dash: between two items marked with a
    # dash it is an item still, not the tail of the item above nor a paragraph of its own.
    raw = (
        f"{PROSE}"
        "So gehen wir es an:\n\n"
        "- Radschnellwege machen dieses Verkehrsmittel für viele Pendler attraktiver.\n\n"
        "-Wir fordern die Tunnellösung für das Bahnprojekt durch unsere Stadt.\n\n"
        "- Die Anbindung der zweiten Rheinbrücke muss im Norden der Stadt erfolgen.\n"
        "- Die Investition in moderne Verkehrsleitsysteme und Ampeln kann\n"
        "den Verkehrsfluss verbessern.\n"
        "-Die Benutzung von E-Rollern bedarf einer klaren Regulierung in der Stadt.\n"
        "- Eine Überprüfung der nächtlichen Ampelzeiten im ganzen Stadtgebiet.\n"
    )
    items = [text for _, lead_in, text in _passages(raw) if lead_in == "So gehen wir es an:"]
    assert items == [
        "Radschnellwege machen dieses Verkehrsmittel für viele Pendler attraktiver.",
        "Wir fordern die Tunnellösung für das Bahnprojekt durch unsere Stadt.",
        "Die Anbindung der zweiten Rheinbrücke muss im Norden der Stadt erfolgen.",
        "Die Investition in moderne Verkehrsleitsysteme und Ampeln kann den Verkehrsfluss verbessern.",
        "Die Benutzung von E-Rollern bedarf einer klaren Regulierung in der Stadt.",
        "Eine Überprüfung der nächtlichen Ampelzeiten im ganzen Stadtgebiet.",
    ]


def test_a_lone_dash_opening_prose_is_no_item() -> None:
    # Without dash items around it, a line opening with a glued dash stays as it was.
    raw = f"{PROSE}-Die Stadt braucht mehr Grün, sagen viele Bürgerinnen und Bürger in unserer Umfrage.\n\n{PROSE}"
    assert all(lead_in is None for _, lead_in, _ in _passages(raw))
    assert not any(text.startswith("Die Stadt braucht") for _, _, text in _passages(raw))
