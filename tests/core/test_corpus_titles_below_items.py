"""A title on its own line right below a finished list item is no part of the item (PARSER_VERSION 29)."""

from __future__ import annotations

from canvass_app.corpus.structure import parse_programme_text

PROSE = (
    "Für den jetzt neu zu wählenden Gemeinderat stehen erneut viele Themen und wichtige Entscheidungen an.\n"
    "Unser Ziel ist, den Ort attraktiv und lebenswert zu erhalten und zukunftsorientiert weiterzuentwickeln.\n\n"
)


def _passages(raw: str) -> list[tuple[str, str, str]]:
    return [(s.title, p.kind, p.text) for s in parse_programme_text(raw).sections for p in s.passages]


def test_a_colon_title_after_a_blank_line_is_cut_off_a_long_item() -> None:
    # The item's line is long (most of the column), so the blank line alone did not close it.
    raw = (
        f"{PROSE}"
        "Innere Sicherheit:\n"
        "- Sicherheitspartnerschaft Polizei und Ordnungsamt\n"
        "- Schaffung von zwei weiteren Stellen für den kommunalen Vollzugsdienst\n"
        "- Integrationsmaßnahmen für alleinreisende Asylbewerbende/Flüchtlinge\n\n"
        "Wohnen und Bauen:\n"
        "- Planung und Erschließung der Baugebiete Südlich der Rosenstraße 2. Teil,\n"
        "Herrenweg und Lachener Weg / Sägmühlweg\n"
        "- Unterstützung Neubauvorhaben im Ortsinnenbereich, insbesondere Scheunengürtel\n\n"
        "Umwelt:\n"
        "- Baumpflanzung für Neugeborene und in Vorgärten\n"
        "- Mähfreier Mai zur Unterstützung Mikroklima und Artenvielfalt\n"
    )
    texts = [text for _, _, text in _passages(raw)]
    assert "Integrationsmaßnahmen für alleinreisende Asylbewerbende/Flüchtlinge" in texts
    assert "Unterstützung Neubauvorhaben im Ortsinnenbereich, insbesondere Scheunengürtel" in texts
    assert "Wohnen und Bauen:" in texts
    assert "Umwelt:" in texts
    assert not any(t.endswith(("Wohnen und Bauen:", "Umwelt:")) and t not in ("Wohnen und Bauen:", "Umwelt:") for t in texts)


def test_a_title_above_a_leadin_below_an_item_heads_the_next_list() -> None:
    # Unwrapped items, one long line each between blank lines: only the titles run into the
    # line below, so the column estimate comes out at a title's length and is no guide to what is short.
    raw = (
        "Medizinische Versorgung\n"
        "Wir wollen:\n\n"
        "- Niederlassungshemmnisse für ärztlichen Nachwuchs beseitigen\n\n"
        "- die Nutzung von Möglichkeiten der Telemedizin unterstützen\n\n"
        "Bildung und Kultur\n"
        "Wir wollen:\n\n"
        "- die Theater- und Orchester GmbH und die Tanzkompanie in der Stadt und im ganzen Landkreis erhalten und sichern\n\n"
        "- Gedenkorte des Landkreises als außerschulische Lernorte stärken und kreislich koordinieren\n\n"
        "Mitsprache – Digitalisierung\n"
        "Wir wollen:\n\n"
        "- kommunale Beteiligungsstrukturen für Kinder, Jugendliche und Senioren zur aktiven Beteiligung an Entscheidungsprozessen fördern\n\n"
        "- offene Bürgernetze und Ermöglichung öffentlicher Computernutzung in offenen Räumen\n\n"
        "Umweltschutz und Klimagerechtigkeit\n"
        "Wir wollen:\n\n"
        "- kommunale Klimaschutz- und Wärme-/Energiemanagementplanung initiieren\n"
    )
    passages = _passages(raw)
    by_text = {text: title for title, _, text in passages}
    assert by_text["Gedenkorte des Landkreises als außerschulische Lernorte stärken und kreislich koordinieren"] == (
        "Bildung und Kultur"
    )
    assert by_text["offene Bürgernetze und Ermöglichung öffentlicher Computernutzung in offenen Räumen"] == (
        "Mitsprache – Digitalisierung"
    )
    assert by_text["kommunale Klimaschutz- und Wärme-/Energiemanagementplanung initiieren"] == (
        "Umweltschutz und Klimagerechtigkeit"
    )


def test_a_leadin_below_an_item_stays_a_leadin() -> None:
    # "Das wollen wir:" / "Dafür setzen wir uns ein:" speak: the list below is theirs, not a field's.
    raw = (
        f"{PROSE}"
        "Verkehr\n\n"
        "Das wollen wir:\n"
        "- Sicherheit auf dem Schulweg durch Errichtung von Überquerungshilfen an allen Schulen im Ort\n\n"
        "Dafür setzen wir uns ein:\n"
        "- Ausweisung weiterer Stellplätze für Lastwagen im Gewerbegebiet\n"
    )
    passages = _passages(raw)
    assert all(title == "Verkehr" for title, _, _ in passages[1:])
    assert any(t.startswith("Sicherheit auf dem Schulweg") for _, _, t in passages)
