"""Structure classes found on real GLMP programmes: a letter's closing and signature."""

from __future__ import annotations

from canvass_app.corpus.structure import parse_programme_text

LETTER = (
    "Liebe Bürgerinnen und Bürger,\n"
    "wir haben in den letzten fünf Jahren viel für unsere Stadt erreicht und wollen diese Arbeit\n"
    "fortsetzen. Dafür bitten wir Sie am 9. Juni um Ihr Vertrauen und um Ihre Stimme für unsere\n"
    "Kandidatinnen und Kandidaten.\n"
)
CHAPTER = (
    "Bildung\n"
    "Wir wollen, dass jede Schule in unserer Stadt gut ausgestattet ist und alle Kinder die gleichen\n"
    "Chancen haben, ganz gleich, in welchem Stadtteil sie aufwachsen und wie viel ihre Eltern verdienen.\n"
)


def _sections(raw: str) -> list[tuple[str, list[str]]]:
    return [(s.title, [p.text for p in s.passages]) for s in parse_programme_text(raw).sections]


def _titles(raw: str) -> list[str]:
    return [title for title, _ in _sections(raw)]


def test_a_greeting_and_its_signer_set_apart_join_the_letter() -> None:
    # "Herzlichst," / "Ihr Max Muster" / (blank) / "Kreisvorsitzender" / (blank) / next chapter:
    # set apart, the lines passed for titles and made chapters named by a person.
    raw = f"{LETTER}Herzlichst,\nIhr Max Muster\n\nKreisvorsitzender\n\n{CHAPTER}"
    assert _titles(raw)[-1] == "Bildung"
    assert "Ihr Max Muster" not in _titles(raw)
    assert "Kreisvorsitzender" not in _titles(raw)
    assert any(text.endswith("Ihr Max Muster Kreisvorsitzender") for _, texts in _sections(raw) for text in texts)


def test_a_signers_name_above_their_office_is_no_chapter() -> None:
    raw = f"{LETTER}\nErika Musterfrau\nVorsitzende SPD-Kreisverband\n\n{CHAPTER}"
    titles = _titles(raw)
    assert "Erika Musterfrau" not in titles
    assert "Vorsitzende SPD-Kreisverband" not in titles
    assert titles[-1] == "Bildung"
    sections = _sections(raw)
    assert sections[-1][1][0].startswith("Wir wollen, dass jede Schule")


def test_a_party_greeting_and_a_name_with_office_after_blank_lines_join_the_letter() -> None:
    raw = f"{LETTER}\nIhre Musterstädter Freien Demokraten\n\nMax Muster, Kreisvorsitzender\n\n{CHAPTER}"
    titles = _titles(raw)
    assert not any("Muster" in title for title in titles)
    letter = next(text for _, texts in _sections(raw) for text in texts if text.startswith("Liebe"))
    assert letter.endswith("Ihre Musterstädter Freien Demokraten Max Muster, Kreisvorsitzender")


def test_a_closing_formula_is_no_chapter() -> None:
    raw = f"{LETTER}\nHerzliche Grüße\n\nMax Muster\nVorsitzender\n\n{CHAPTER}"
    titles = _titles(raw)
    assert "Herzliche Grüße" not in titles
    assert titles[-1] == "Bildung"
