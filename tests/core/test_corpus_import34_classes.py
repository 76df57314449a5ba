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


# Set at a column of about 75 characters; the items' last lines run to more than
# three quarters of it, as wrapped text would.
PROSE = (
    "Wir möchten, dass unsere Stadt auch für nachfolgende Generationen eine\n"
    "lebenswerte und klimaneutrale Stadt bleibt. Wohnraum muss bezahlbar sein,\n"
    "und junge Familien brauchen eine Perspektive auf das eigene Zuhause.\n"
)
LIST = (
    "Unsere Ziele:\n\n"
    "- Genügend Probenräume für Bands und kreative Jugendprojekte\n\n"
    "- Mehr Treffpunkte und Freizeitangebote für Jugendliche überall\n\n"
)


def test_a_title_broken_mid_phrase_below_a_list_is_no_part_of_its_last_item() -> None:
    # "Stadt- und" / "Wohnraumentwicklung" set apart below an unpunctuated item: the next
    # chapter's title, not the item's wrapped text.
    raw = f"Jugend\n\n{LIST}Stadt- und\nWohnraumentwicklung\n\n{PROSE}"
    sections = _sections(raw)
    assert [title for title, _ in sections] == ["Jugend", "Stadt- und Wohnraumentwicklung"]
    assert sections[0][1][-1] == "Mehr Treffpunkte und Freizeitangebote für Jugendliche überall"
    assert sections[1][1][0].startswith("Wir möchten, dass unsere Stadt")


def test_a_title_going_on_in_lowercase_below_a_list_is_no_part_of_its_last_item() -> None:
    raw = f"Jugend\n\n{LIST}Musterstadt – Tourismusmagnet\nder Region Musterland\n\n{PROSE}"
    assert _titles(raw) == ["Jugend", "Musterstadt – Tourismusmagnet der Region Musterland"]


def test_a_title_split_on_its_adjective_is_one_chapter() -> None:
    # "Starke Wirtschaft und Finanzielle" / "Solidität": two titles would leave an empty chapter.
    raw = f"{PROSE}\nStarke Wirtschaft und Finanzielle\nSolidität\n\n{PROSE}"
    assert _titles(raw)[-1] == "Starke Wirtschaft und Finanzielle Solidität"
    assert "Solidität" not in _titles(raw)


def test_a_title_split_before_its_genitive_is_one_chapter() -> None:
    raw = f"Sicherheit\n\n{LIST}Unterbringung\nGeflüchteter\n\n{PROSE}"
    assert _titles(raw)[-1] == "Unterbringung Geflüchteter"
    raw = f"Sicherheit\n\n{LIST}Unterstützung\nAlleinerziehender\n\n{PROSE}"
    assert _titles(raw)[-1] == "Unterstützung Alleinerziehender"


def test_a_plain_plural_in_nder_is_no_genitive_that_joins_two_titles() -> None:
    # "Kinder", "Länder", "Wunder" end like "Alleinerziehender" but are nouns of their own: a
    # chapter's title and its first section's below it stay two ("Familie" / "Kinder").
    for first, second in (("Familie", "Kinder"), ("Europa", "Länder")):
        titles = _titles(f"{PROSE}\n{first}\n{second}\n\n{PROSE}")
        assert f"{first} {second}" not in titles
        assert second in titles


def test_an_item_ending_in_a_comma_goes_on_below_not_as_a_title() -> None:
    # "- … mit Mieterstrommodell," / "Quartiersspeichern und … aus überschüssigem" / "Solarstrom":
    # the enumeration goes on; its last two lines are no chapter title.
    raw = (
        f"Wohnen\n\n{PROSE}\nUnsere Ziele:\n\n"
        "- Fördermittel zur Schaffung von bezahlbarem Wohnraum in allen Stadtteilen\n\n"
        "- Zukunftsweisende energetische Lösungen mit Mieterstrommodell,\n"
        "Quartiersspeichern und Wasserstoff-Elektrolyseuren aus überschüssigem\n"
        "Solarstrom\n\n"
        "- Mehr Begrünung und Pflanzen in der Stadt zur Verbesserung des Klimas\n"
    )
    sections = _sections(raw)
    assert [title for title, _ in sections] == ["Wohnen"]
    assert (
        "Zukunftsweisende energetische Lösungen mit Mieterstrommodell, Quartiersspeichern und "
        "Wasserstoff-Elektrolyseuren aus überschüssigem Solarstrom"
    ) in sections[0][1]


def test_a_bare_section_number_between_a_lead_in_and_its_list_cuts_nothing() -> None:
    # "… fordern wir, dass…" / (blank) / "1.1" / "- der Sozialpass …": the number glued the
    # lead-in and the items into one paragraph.
    raw = (
        "1. Soziales\n"
        "Als Linke stehen wir an der Seite der Menschen. Um Armut\n"
        "zu bekämpfen, fordern wir, dass…\n\n"
        "1.1\n"
        "- der Kultur- und Sozialpass ausgeweitet und verbessert wird.\n"
        "- die städtische Finanzierung unserer Tafel beibehalten und ausgebaut wird.\n\n"
        "1.2\n"
        "Um die gute Versorgung unserer Einwohner*innen zu\n"
        "sichern, fordern wir…\n\n"
        "- eine wohnortnahe medizinische Versorgung und Pflege.\n"
        "- die Einrichtung eines Ladens im Ortsteil, um dort die Versorgung zu verbessern.\n"
    )
    sections = _sections(raw)
    assert sections[0][1] == [
        "Als Linke stehen wir an der Seite der Menschen. Um Armut zu bekämpfen, fordern wir, dass…",
        "der Kultur- und Sozialpass ausgeweitet und verbessert wird.",
        "die städtische Finanzierung unserer Tafel beibehalten und ausgebaut wird.",
    ]
    assert [title for title, _ in sections] == ["1. Soziales", "1.2"]


def test_bare_section_numbers_are_read_without_copying_the_lines_below() -> None:
    # A file of bare numbers ("1.1" a million times, within the text limit) once copied the
    # rest of the file for each: quadratic, the import hung. Each line is read a few times.
    from canvass_app.corpus.structure import bare_section_numbers

    class Reads(list[str]):
        read = 0

        def __getitem__(self, key):  # type: ignore[no-untyped-def]
            item = super().__getitem__(key)
            Reads.read += len(item) if isinstance(key, slice) else 1
            return item

    for lines in (["1.1"] * 2_000, ["Wir fordern:", "", "1.1"] * 700):
        Reads.read = 0
        assert bare_section_numbers(Reads(lines)) == lines  # no list follows: every number stays
        assert Reads.read <= 3 * len(lines)
    lines = ["Wir fordern:", "", "1.1", "", "", "- mehr Busse"]
    assert bare_section_numbers(Reads(lines)) == ["Wir fordern:", "", "", "", "- mehr Busse"]


def test_a_subheading_without_a_colon_above_a_list_is_no_lead_in() -> None:
    # "Und sonst so" neither says who acts nor waits for a word: a heading, not the lead-in of
    # every item below it.
    raw = (
        f"{PROSE}\nUnd sonst so\n\n"
        "- Mehr Beteiligung von Kindern und Jugendlichen bei Vorhaben, die sie betreffen.\n\n"
        "- Keine Erhöhung der Eintrittspreise in die städtischen Bäder für Familien.\n"
    )
    parsed = parse_programme_text(raw)
    assert parsed.sections[-1].title == "Und sonst so"
    assert [p.lead_in for p in parsed.sections[-1].passages] == [None, None]


def test_a_lead_in_without_a_colon_that_waits_for_its_items_stays_one() -> None:
    raw = (
        f"{PROSE}\nWir setzen uns in der Innenstadt ein für\n\n"
        "- eine Stadthalle, die Kultur, Begegnung sowie Tagungen und Messen ermöglicht\n"
        "- mehr Abstellmöglichkeiten für Fahrräder in der ganzen Stadt\n"
    )
    leads = [p.lead_in for s in parse_programme_text(raw).sections for p in s.passages if p.kind == "pledge"]
    assert leads == ["Wir setzen uns in der Innenstadt ein für"] * 2


def test_many_closings_in_a_row_read_the_paragraph_they_join_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Each closing line below finished prose joins it; whether the paragraph was finished was
    # read again in its whole, growing text for every line after the first: quadratic (20,000
    # lines took 24 s). Once it took a closing, the next may follow without reading it.
    from canvass_app.corpus import structure

    read = [0]
    ends_sentence = structure._ends_sentence

    def counting(text: str) -> bool:
        read[0] += len(text)
        return ends_sentence(text)

    monkeypatch.setattr(structure, "_ends_sentence", counting)
    raw = "Wir bauen Radwege aus und wir pflanzen Bäume in allen Straßen.\n\n" + "Ihre CDU Erfurt\n\n" * 300
    sections = structure.parse_programme_text(raw).sections
    assert len(sections) == 1  # no chapter named by a closing
    assert " ".join(p.text for p in sections[0].passages).count("Ihre CDU Erfurt") == 300
    assert read[0] <= 3 * len(raw)


def test_a_greeting_word_is_a_whole_word_not_the_start_of_a_name() -> None:
    # "Ihringen …" or "Deinste …" begin with the letters of "Ihr" / "Dein" but greet nobody.
    from canvass_app.corpus.structure import _CLOSING_GREETING

    assert _CLOSING_GREETING.match("Ihringen am Kaiserstuhl") is None
    assert _CLOSING_GREETING.match("Deinste und Umgebung") is None
    assert _CLOSING_GREETING.fullmatch("Ihr") is not None
    assert _CLOSING_GREETING.fullmatch("Ihre CDU Erfurt") is not None
    assert _CLOSING_GREETING.fullmatch("Euer Jean-Pascal Hohm") is not None
