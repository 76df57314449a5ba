"""Lines of a plain-text programme the importer misread as headings or passages, in short synthetic texts.

Each text has the shape of a class of real programmes (GLMP) the importer mis-structured;
none is copied from a labelled programme.
"""

from __future__ import annotations

from canvass_app.corpus.structure import parse_programme_text

# Prose wrapped at a column of about 90 characters.
PROSE = (
    "Wir engagieren uns für alle Menschen in unserer Stadt. Dabei haben wir Kinder, Jugendliche,\n"
    "Familien und Senior*innen im Blick, denn gesellschaftlicher Zusammenhalt entsteht vor Ort, in\n"
    "den Vereinen, in der Nachbarschaft und in den Schulen unserer Stadt und ihrer Ortsteile.\n\n"
)


def _titles(raw: str) -> list[str]:
    return [s.title for s in parse_programme_text(raw).sections]


def _texts(raw: str) -> list[str]:
    return [p.text for s in parse_programme_text(raw).sections for p in s.passages]


def test_a_line_whose_sentence_goes_on_in_lowercase_after_a_blank_line_is_no_heading() -> None:
    # A page break inside a sentence leaves a blank line (or a page number) between its two
    # halves; a heading never runs on into a lowercase word below it.
    raw = (
        "Kultur und Ehrenamt\n\n"
        f"{PROSE}"
        "Wir setzen uns für eine verlässliche Förderung der Musikschule und der Bibliothek ein.\n"
        "Eine große Rolle spielen dabei auch die ehrenamtlich geführten Heimatvereine\n\n"
        "in allen Ortsteilen. Sie verdienen unsere Unterstützung bei Räumen und Zuschüssen.\n"
    )
    assert _titles(raw) == ["Kultur und Ehrenamt"]
    # Its halves are one passage (joined to the paragraph above, which runs to the column).
    assert any(
        "Eine große Rolle spielen dabei auch die ehrenamtlich geführten Heimatvereine in allen "
        "Ortsteilen. Sie verdienen" in text
        for text in _texts(raw)
    )


def test_a_heading_above_lowercase_items_or_a_slogan_in_capitals_stays_a_heading() -> None:
    raw = (
        "UNSERE STADT\n\n"
        "gemeinsam, offen, nah.\n\n"
        "Das wollen wir erreichen…\n\n"
        "- mehr sichere Radwege zwischen den Ortsteilen und der Innenstadt\n"
        "- bezahlbare Wohnungen für junge Familien und Senior*innen\n"
        "- eine gute Versorgung mit Ärztinnen und Ärzten auf dem Land\n\n"
        "Bildung\n\n"
        f"{PROSE}"
    )
    titles = _titles(raw)
    assert "UNSERE STADT" in titles
    assert "Bildung" in titles


# Prose set in columns of about 60 and 48 characters, as newspaper-like layouts are.
NARROW = (
    "Wirtschaft und Arbeit\n\n"
    "Unsere Stadt lebt von ihren Betrieben, vom Handwerk und vom\n"
    "Handel in der Innenstadt. Wir wollen, dass gute Arbeitsplätze\n"
    "hier bleiben und neue entstehen, damit junge Menschen nicht\n"
    "mehr wegziehen müssen, um eine Ausbildung zu finden. Dafür\n"
    "brauchen wir schnelle Genehmigungen und gute Verbindungen.\n\n"
)


def test_the_first_line_of_a_narrow_paragraph_stopping_on_a_lowercase_word_is_no_heading() -> None:
    # The line broke where the next word would not have fitted the column of the lines below
    # it (narrower than the text's widest): the paragraph's first line, wrapped, not a title.
    raw = (
        f"{NARROW}"
        "Wir unterstützen die Gründung kleiner\n"
        "Handwerksbetriebe, Läden und Werkstätten\n"
        "in leerstehenden Räumen der Innenstadt mit\n"
        "einem Zuschuss zur Miete in den ersten\n"
        "beiden Jahren nach ihrer Eröffnung.\n"
    )
    assert _titles(raw) == ["Wirtschaft und Arbeit"]
    assert any(text.startswith("Wir unterstützen die Gründung kleiner Handwerksbetriebe") for text in _texts(raw))


def test_a_short_heading_right_above_its_narrow_prose_stays_a_heading() -> None:
    raw = (
        f"{NARROW}"
        "Mehr Raum für Gründer\n"
        "Wir unterstützen die Gründung kleiner Betriebe,\n"
        "Läden und Werkstätten in leerstehenden Räumen\n"
        "der Innenstadt mit einem Zuschuss zur Miete.\n"
    )
    assert _titles(raw) == ["Wirtschaft und Arbeit", "Mehr Raum für Gründer"]


def _pledges(raw: str) -> list[str]:
    return [p.text for s in parse_programme_text(raw).sections for p in s.passages if p.kind == "pledge"]


def test_a_bullet_mark_alone_on_its_line_marks_the_item_below_it() -> None:
    # The PDF set one item's mark on a line of its own, the item's text below it and the
    # next item with its mark after that: the mark's item ends where the next mark starts.
    raw = (
        f"{PROSE}"
        "Unsere Verwaltung soll schneller werden. Das erreichen wir so:\n"
        "- Mehr Personal in den Bürgerbüros, damit Anträge schneller bearbeitet\n"
        "werden und niemand lange warten muss.\n"
        "-\n"
        "Eine digitale Terminvergabe für alle Ämter der Stadt, auch für das\n"
        "Standesamt und die Zulassungsstelle. Wer keinen Computer hat, bucht am\n"
        "Telefon.\n"
        "- Längere Öffnungszeiten am Samstag für alle, die unter der Woche arbeiten.\n"
    )
    pledges = _pledges(raw)
    assert (
        "Eine digitale Terminvergabe für alle Ämter der Stadt, auch für das Standesamt und die "
        "Zulassungsstelle. Wer keinen Computer hat, bucht am Telefon."
    ) in pledges
    assert "Längere Öffnungszeiten am Samstag für alle, die unter der Woche arbeiten." in pledges
    assert len(pledges) == 3


# --- contents -----------------------------------------------------------------------------

CHAPTERS = (
    "Wohnen und Bauen\n\n"
    "Wir schaffen jedes Jahr bezahlbare Wohnungen in allen Ortsteilen der Stadt.\n\n"
    "Bus und Bahn\n\n"
    "Die Busse fahren auch am Abend und am Wochenende in jeden Ortsteil.\n\n"
    "Schule und Kita\n\n"
    "Jedes Kind bekommt einen Platz in einer Kita in der Nähe seiner Wohnung.\n\n"
    "Sport und Vereine\n\n"
    "Die Sporthallen werden saniert und stehen den Vereinen auch in den Ferien offen.\n"
)
PARTS = ["Wohnen und Bauen", "Bus und Bahn", "Schule und Kita", "Sport und Vereine"]


def test_contents_lines_with_page_numbers_go_without_a_title_above_them() -> None:
    # No "Inhalt" above them, too few for a list of headings: each entry is a title and the
    # page it starts on, the pages climbing, the titles those of the chapters below.
    entries = ["Wohnen und Bauen 3", "Bus und Bahn 4", "Schule und Kita 6", "Sport und Vereine 9"]
    for between in ("\n", "\n\n"):
        raw = f"Unser Programm für die Stadt\n\n{between.join(entries)}\n\n{CHAPTERS}"
        titles = _titles(raw)
        assert titles[-4:] == PARTS
        assert not set(entries) & set(titles)
        texts = _texts(raw)
        assert not any(entry in text for entry in entries for text in texts)
        assert len(texts) == 4


def test_contents_entries_with_their_page_numbers_on_lines_of_their_own_go() -> None:
    raw = (
        "Unser Programm für die Stadt\n\n"
        "1. Wohnen und Bauen\n\n3\n\n"
        "2. Bus und Bahn\n\n4\n\n"
        "3. Schule und Kita\n\n6\n\n"
        "4. Sport und Vereine\n\n9\n\n"
        "5. Unsere Kandidatinnen und Kandidaten\n\n11\n\n"
        "1. Wohnen und Bauen\n\n"
        "Wir schaffen jedes Jahr bezahlbare Wohnungen in allen Ortsteilen der Stadt.\n"
    )
    titles = _titles(raw)
    # The chapters the contents named are not chapters (with nothing in them) here.
    assert "2. Bus und Bahn" not in titles
    assert "5. Unsere Kandidatinnen und Kandidaten" not in titles
    assert titles[-1] == "1. Wohnen und Bauen"


def test_numbered_contents_without_pages_or_a_title_go() -> None:
    # Numbered chapter titles one below the other after the cover, no "Inhalt", no pages:
    # the chapters below come with the same titles; as pledges they were passages of their own.
    names = ["Wohnen und Bauen", "Bus und Bahn", "Schule und Kita", "Sport und Vereine",
             "Kultur und Feste", "Sicherheit und Ordnung"]
    contents = "\n".join(f"{n}. {name}" for n, name in enumerate(names, 1))
    chapters = "".join(
        f"{n}. {name}\n\nWir setzen uns in allen Ortsteilen der Stadt für {name} ein, mit den Menschen vor Ort.\n\n"
        for n, name in enumerate(names, 1)
    )
    raw = f"Unser Programm für die Stadt\n\nKommunalwahl 2024\n\n\n{contents}\n\n\n{chapters}"
    texts = _texts(raw)
    assert len(texts) == len(names)
    assert all(text.startswith("Wir setzen uns") for text in texts)
    assert [t for t in _titles(raw) if t[:1].isdigit()] == [f"{n}. {name}" for n, name in enumerate(names, 1)]
    # A copy that ends after the third chapter (an excerpt): the contents still go.
    cut = raw[: raw.index("4. Sport und Vereine\n\nWir")]
    assert [t for t in _texts(cut)] == texts[:3]
    # A chapter heading may drop its number's dot ("3 Schule und Kita").
    undotted = cut.replace("3. Schule und Kita\n\nWir", "3 Schule und Kita\n\nWir")
    assert [t for t in _texts(undotted)] == texts[:3]


def test_a_numbered_list_of_pledges_that_come_nowhere_again_stays() -> None:
    pledges = ["Mehr Radwege bauen", "Busse im Takt fahren", "Schulen sanieren", "Kitas ausbauen",
               "Vereine fördern", "Parks pflegen"]
    raw = (
        "Unser Programm für die Stadt\n\n"
        + "\n".join(f"{n}. {p}" for n, p in enumerate(pledges, 1))
        + "\n\n" + PROSE
    )
    joined = " ".join(_titles(raw) + _texts(raw))
    assert all(p in joined for p in pledges)


def test_a_list_of_places_with_numbers_is_no_contents() -> None:
    # The same title with climbing numbers ("Platz 1", "Platz 2") is a list, not contents; so
    # are numbered lines whose titles come nowhere again.
    raw = (
        "Unsere Kandidierenden\n\n"
        "Platz 1\n\nAnna Beispiel\n\n"
        "Platz 2\n\nBernd Muster\n\n"
        "Platz 3\n\nCarla Probe\n\n"
        "Platz 4\n\nDieter Test\n\n"
        f"{CHAPTERS}"
        "\nUnsere Ziele bis 2030\n\n"
        "Tempo 30\n\n"
        "Linie 5\n\n"
        "Kita 24\n\n"
        "Halle 25\n"
    )
    joined = " ".join(_titles(raw) + _texts(raw))
    for kept in ("Platz 1", "Platz 4", "Anna Beispiel", "Tempo 30", "Linie 5", "Kita 24", "Halle 25"):
        assert kept in joined


# --- chapter levels -------------------------------------------------------------------------


def test_numbered_chapters_after_the_first_are_chapters_like_it() -> None:
    # "1. …" heads a section of its own, so it is a chapter; "2. …" and "3. …", numbered the
    # same way and counting on, are its siblings, not its sections.
    raw = (
        "1. Wohnen und Bauen\n\n"
        "Bezahlbar wohnen in jedem Ortsteil\n\n"
        "Wir schaffen jedes Jahr bezahlbare Wohnungen in allen Ortsteilen der Stadt.\n\n"
        "2. Bus und Bahn\n\n"
        "Die Busse fahren auch am Abend und am Wochenende in jeden Ortsteil.\n\n"
        "1. Sichere Radwege\n\n"
        "Jede Schule ist auf einem sicheren Radweg zu erreichen, auch aus den Ortsteilen.\n\n"
        "3. Schule und Kita\n\n"
        "Jedes Kind bekommt einen Platz in einer Kita in der Nähe seiner Wohnung.\n"
    )
    sections = parse_programme_text(raw).sections
    levels = {s.title: (s.level, None if s.parent is None else sections[s.parent].title) for s in sections}
    assert levels == {
        "1. Wohnen und Bauen": (1, None),
        "Bezahlbar wohnen in jedem Ortsteil": (2, "1. Wohnen und Bauen"),
        "2. Bus und Bahn": (1, None),
        "1. Sichere Radwege": (2, "2. Bus und Bahn"),  # numbered anew: a section
        "3. Schule und Kita": (1, None),
    }


def test_numbered_sections_under_an_unnumbered_chapter_stay_its_sections() -> None:
    raw = (
        "Unsere Ziele\n\n"
        "1. Wohnen und Bauen\n\n"
        "Wir schaffen jedes Jahr bezahlbare Wohnungen in allen Ortsteilen der Stadt.\n\n"
        "2. Bus und Bahn\n\n"
        "Die Busse fahren auch am Abend und am Wochenende in jeden Ortsteil.\n"
    )
    sections = parse_programme_text(raw).sections
    assert [(s.title, s.level) for s in sections] == [
        ("Unsere Ziele", 1),
        ("1. Wohnen und Bauen", 2),
        ("2. Bus und Bahn", 2),
    ]


# --- titles over two lines --------------------------------------------------------------


def test_a_title_broken_after_its_adjective_or_before_its_years_is_one_heading() -> None:
    # "Integrative" / "Stadtentwicklung" between blank lines is one title; its first line, an
    # adjective, is no chapter, nor its second a section; nor is a span of years ("2019 -
    # 2024") a title of its own.
    raw = (
        f"{PROSE}"
        "Nachhaltige\n"
        "Stadtentwicklung\n\n"
        "Wir entwickeln die Stadt so, dass auch unsere Enkel hier gut leben können. Dazu gehört\n"
        "eine Planung, die Grünflächen, Wohnungen und Wege zusammen denkt, in jedem Ortsteil.\n\n"
        "Rückblick\n"
        "2019 - 2024\n\n"
        "In den letzten fünf Jahren haben wir drei neue Kitas und zwei Schulen mit gebaut, dazu\n"
        "viele Kilometer Radwege in der Innenstadt und in den Ortsteilen, und Bäume gepflanzt.\n"
    )
    titles = _titles(raw)
    assert titles[-2:] == ["Nachhaltige Stadtentwicklung", "Rückblick 2019 - 2024"]
    sections = parse_programme_text(raw).sections
    assert all(s.level == 1 for s in sections if s.title)


def test_a_chapter_title_above_a_section_title_stays_two_headings() -> None:
    raw = (
        f"{PROSE}"
        "Wohnen\n"
        "Bezahlbare Mieten\n\n"
        "Wir bauen jedes Jahr neue Wohnungen, die sich auch Familien mit kleinem Einkommen leisten\n"
        "können, und wir sorgen dafür, dass die städtische Gesellschaft ihre Mieten nicht erhöht.\n"
    )
    assert _titles(raw)[-2:] == ["Wohnen", "Bezahlbare Mieten"]


# --- items run together -------------------------------------------------------------------


def test_two_items_run_together_on_a_line_with_a_square_bullet_are_two_pledges() -> None:
    raw = (
        f"{PROSE}"
        "Dafür setzen wir uns ein:\n"
        "▪ Mehr sichere Radwege zwischen den Ortsteilen ▪ Busse auch am Abend und am Wochenende\n"
        "▪ Bezahlbare Wohnungen für junge Familien\n"
    )
    assert _pledges(raw) == [
        "Mehr sichere Radwege zwischen den Ortsteilen",
        "Busse auch am Abend und am Wochenende",
        "Bezahlbare Wohnungen für junge Familien",
    ]


def test_an_arrow_inside_an_arrow_bulleted_item_is_no_mark() -> None:
    raw = f"{PROSE}Dafür setzen wir uns ein:\n→ Eine Buslinie Bahnhof → Innenstadt → Klinikum\n→ Mehr Radwege\n"
    assert _pledges(raw) == ["Eine Buslinie Bahnhof → Innenstadt → Klinikum", "Mehr Radwege"]


# --- items wrapped over lines ----------------------------------------------------------------

# A list set with each mark alone on its line, a blank line, then the item, and printed line
# numbers on lines of their own between the lines of the text.
MARKS_APART = (
    "Kinder und Familien\n\n"
    "12\n\n"
    "Unsere Kinder sollen gut aufwachsen, in jedem Ortsteil und in jeder Familie, egal wie\n\n"
    "13\n\n"
    "groß das Einkommen der Eltern ist. Dafür braucht es gute Angebote in der Nähe.\n\n"
    "14\n15\n\n"
    "Wir setzen uns ein für:\n\n"
    "16\n\n"
    "-\n\n"
    "den Ausbau der Familienzentren in allen Stadtteilen und Ortschaften, mit\n"
    "Beratung für Eltern\n\n"
    "17\n18\n\n"
    "-\n\n"
    "mehr Plätze in der Tagespflege\n\n"
    "19\n\n"
    "-\n\n"
    "Förderung der Begegnung zwischen Kindern und\n"
    "Jugendlichen aus allen Stadtteilen\n\n"
    "20\n21\n\n"
    "Sport und Freizeit\n\n"
    "22\n\n"
    "Die Sportvereine bekommen mehr Hallenzeiten, auch am Wochenende und in den Ferien.\n"
)


def test_an_item_wrapped_below_a_mark_alone_keeps_its_mark() -> None:
    # One mark above a block of two lines that go on into each other ("… zwischen Kindern und" /
    # "Jugendlichen …") is one item; the mark was dropped, and its words made a heading.
    titles = _titles(MARKS_APART)
    assert titles == ["Kinder und Familien", "Sport und Freizeit"]
    assert _pledges(MARKS_APART) == [
        "den Ausbau der Familienzentren in allen Stadtteilen und Ortschaften, mit Beratung für Eltern",
        "mehr Plätze in der Tagespflege",
        "Förderung der Begegnung zwischen Kindern und Jugendlichen aus allen Stadtteilen",
    ]


def test_line_numbers_between_a_mark_and_its_item_leave_the_mark_on_the_item() -> None:
    # "-" / (blank) / "145" / (blank) / "die Übernahme …": the mark went on the line number and
    # was lost with it, and the items ran together.
    raw = (
        f"{PROSE}"
        "Wir setzen uns ein für:\n-\n\n"
        "31\n\n"
        "die Übernahme der Kosten für das Mittagessen in allen Kitas und\n"
        "Grundschulen der Stadt\n\n"
        "32\n\n-\n\n"
        "33\n\n"
        "den Erhalt der Schwimmhalle\n\n"
        "34\n\n-\n\n"
        "35\n\n"
        "die Sanierung der Sportplätze in den Ortsteilen\n"
    )
    assert _pledges(raw) == [
        "die Übernahme der Kosten für das Mittagessen in allen Kitas und Grundschulen der Stadt",
        "den Erhalt der Schwimmhalle",
        "die Sanierung der Sportplätze in den Ortsteilen",
    ]


def test_a_mark_alone_above_prose_marks_no_item() -> None:
    # A stray dash under a title, above sentences and a page's footer (or above text going on
    # in lowercase past the blank line): no item's block, so no item. (The one mark above a
    # block of phrases that marks its first line must not mark these.)
    raw = (
        "Kindergärten\n-\n\n"
        "Unsere Stadt hat gute Kindergärten, die auch weit über die Stadt hinaus bekannt\n"
        "sind. Darauf wollen wir aufbauen.\n"
        "Unser Programm zur Stadtratswahl 2024\n\n"
        "Schulen\n-\n\n"
        "Die Schulen werden saniert, wie zum\n"
        "Beispiel\n\n"
        "die Grundschule am Markt und die Oberschule im Norden, bis zum Jahr 2028.\n"
    )
    assert _pledges(raw) == []


# A list set narrower than the prose above it, its items wrapping at their own column.
NARROW_LIST = (
    "Bildung und Betreuung\n\n"
    "Wir engagieren uns für alle Menschen in unserer Stadt. Dabei haben wir Kinder, Jugendliche, Familien und\n"
    "Senior*innen im Blick, denn gesellschaftlicher Zusammenhalt entsteht vor Ort, in den Vereinen, in der\n"
    "Nachbarschaft und in den Schulen unserer Stadt und ihrer Ortsteile, und das seit vielen Jahren.\n\n"
    "Dafür setzen wir uns ein:\n"
    "• Sanierung aller Schulgebäude und Turnhallen nach einem festen Plan\n"
    "mit Beteiligung der Schulen und der Eltern\n"
    "• Mehr Plätze in Kitas und Horten, Ausbau der Tagespflege für Kinder\n"
    "unter drei Jahren\n"
    "• Ein kostenloses Mittagessen an allen Kitas, Horten und Grundschulen\n"
    "Förderverein Schulgarten\n"
    "• Digitale Ausstattung der Klassenräume mit schnellem Internet, Tablets\n"
    "für alle Schülerinnen und Schüler\n"
)


def test_the_last_line_of_an_item_wrapped_at_its_list_s_column_is_no_heading() -> None:
    # "… an allen Kitas, Horten und Grundschulen" broke where "Förderverein" would not have
    # fitted the column the list wraps at (narrower than the prose): its next line, the item's.
    raw = f"{NARROW_LIST}\nKultur und Sport\n\n{PROSE}"
    assert _titles(raw) == ["Bildung und Betreuung", "Kultur und Sport"]
    assert "Ein kostenloses Mittagessen an allen Kitas, Horten und Grundschulen Förderverein Schulgarten" in _pledges(raw)


def test_a_title_after_the_last_item_and_a_blank_line_is_not_the_item_s() -> None:
    # The last item stopped where the next word would still have fitted its list's column:
    # what follows the blank line is new, a paragraph or the next chapter, not the item's text.
    raw = (
        f"{PROSE}"
        "Dafür setzen wir uns ein:\n"
        "• Sanierung aller Schulgebäude und Turnhallen nach einem festen Plan, den wir mit den Schulen\n"
        "und den Eltern aufstellen und jedes Jahr im Stadtrat überprüfen\n"
        "• Mehr Plätze in Kitas und Horten, Ausbau der Tagespflege für die Kinder unter drei Jahren und\n"
        "längere Öffnungszeiten am Nachmittag\n"
        "• Sichere Schulwege durch Tempo 30 vor allen Schulen und Kitas der Stadt\n\n"
        "Noch haben viele Schulen keine sicheren Wege, und die Eltern bringen ihre Kinder mit dem\n"
        "Auto. Das wollen wir ändern, mit Tempo 30 und mit Lotsen an den großen Straßen.\n"
    )
    assert "Sichere Schulwege durch Tempo 30 vor allen Schulen und Kitas der Stadt" in _pledges(raw)
    assert any(text.startswith("Noch haben viele Schulen") for text in _texts(raw))


def test_a_title_in_capitals_between_two_lists_is_no_item() -> None:
    raw = (
        f"{PROSE}"
        "Dafür setzen wir uns ein:\n"
        "- Mehr sichere Radwege\n"
        "- Busse auch am Abend\n"
        "KULTUR UND SPORT\n"
        "- Eine neue Sporthalle\n"
        "- Mehr Geld für die Musikschule\n"
    )
    assert "KULTUR UND SPORT" in _titles(raw)
    assert "KULTUR UND SPORT" not in _pledges(raw)


def test_a_word_alone_inside_an_open_sentence_that_goes_on_below_is_no_heading() -> None:
    # Justified text whose last line the PDF set word by word, blank lines between: a
    # capitalised noun among them ("Ostseeküste") continues the open sentence above and the
    # lowercase words below it, it heads no section.
    raw = (
        "Was wir wollen\n\n"
        f"{PROSE}"
        "Wir wollen eine Stadt, die als offen und lebenswert bekannt ist, als Hafenstadt, als\n"
        "Kulturort, als Ort für Familien und als Standort für die regionale und\n"
        "internationale\n\n"
        "Wirtschaft\n\n"
        "mit\n\n"
        "guten Arbeitsplätzen.\n\n"
        "Wir wollen eine Stadt des Miteinanders. Deshalb stellen wir uns gegen alle\n"
        "Formen\n\n"
        "gruppenbezogener\n\n"
        "Menschenfeindlichkeit\n\n"
        "wie\n\n"
        "Rassismus und Antisemitismus.\n"
    )
    assert _titles(raw) == ["Was wir wollen"]
    texts = _texts(raw)
    assert any(
        text.endswith("für die regionale und internationale Wirtschaft mit guten Arbeitsplätzen.") for text in texts
    )
    assert any(text.endswith("gegen alle Formen gruppenbezogener Menschenfeindlichkeit wie Rassismus und Antisemitismus.") for text in texts)


def _passages(raw: str) -> list[tuple[str, str | None, str]]:
    return [(p.kind, p.lead_in, p.text) for s in parse_programme_text(raw).sections for p in s.passages]


def test_an_item_whose_second_sentence_stands_on_a_line_of_its_own_is_one_pledge() -> None:
    # The item's second sentence starts a line of its own, the list goes on right below it:
    # no paragraph between two items, and the lead-in goes on over every item of the list.
    raw = (
        f"{PROSE}"
        "Dafür werden wir:\n"
        "• Mehr Personal in den Bürgerbüros einstellen.\n"
        "• Eine digitale Terminvergabe für alle Ämter der Stadt einführen, damit niemand lange\n"
        "warten muss.\n"
        "Das entlastet auch die Beschäftigten in den\n"
        "Ämtern.\n"
        "• Die Öffnungszeiten am Samstag verlängern.\n\n"
        "Das ist uns wichtig, weil eine Stadtverwaltung für alle Menschen da sein muss.\n"
    )
    passages = _passages(raw)
    assert passages[1:] == [
        ("pledge", "Dafür werden wir:", "Mehr Personal in den Bürgerbüros einstellen."),
        (
            "pledge",
            "Dafür werden wir:",
            "Eine digitale Terminvergabe für alle Ämter der Stadt einführen, damit niemand lange warten "
            "muss. Das entlastet auch die Beschäftigten in den Ämtern.",
        ),
        ("pledge", "Dafür werden wir:", "Die Öffnungszeiten am Samstag verlängern."),
        ("paragraph", None, "Das ist uns wichtig, weil eine Stadtverwaltung für alle Menschen da sein muss."),
    ]


def test_a_sentence_between_two_lists_or_after_a_blank_line_stays_a_paragraph() -> None:
    raw = (
        f"{PROSE}"
        "Dafür werden wir:\n"
        "• Mehr Personal in den Bürgerbüros einstellen.\n"
        "• Eine digitale Terminvergabe einführen.\n\n"
        "Das entlastet auch die Beschäftigten.\n"
        "• Die Öffnungszeiten am Samstag verlängern.\n"
        "- Die Bürgerbüros in den Ortsteilen erhalten.\n"
        "Das sichert die Nähe zu den Menschen.\n"
        "• Mehr Sprechstunden anbieten.\n"
    )
    paragraphs = [text for kind, _, text in _passages(raw) if kind == "paragraph"]
    assert "Das entlastet auch die Beschäftigten." in paragraphs
    assert "Das sichert die Nähe zu den Menschen." in paragraphs


# --- abbreviations at a line's end ------------------------------------------------------------


def test_a_line_ending_in_an_abbreviation_goes_on_below() -> None:
    # "bzw.", "z. B.", "u." end no sentence: the line below is the same sentence, in prose and
    # in a list's item, not a paragraph, an item or a heading of its own.
    raw = (
        "Kultur\n\n"
        f"{PROSE}"
        "Wir wollen mehr Förderung für Kinder mit Förderbedarf bzw.\n"
        "Hochbegabung in allen Schulen. Das kostet Geld.\n\n"
        "Wir wollen, dass die Stadt Angebote für Familien schafft, z. B.\n"
        "Ferienspiele und Freibäder.\n\n"
        "Wir stehen für:\n"
        "- Mehr Geld für die Musikschule, die Bibliothek und die Chöre, z.B.\n"
        "Kulturförderung für alle Vereine\n"
        "- Unterstützung der Einsatzkräfte bei Feuerwehr, Rettungsdienst u.\n"
        "Katastrophenschutz\n"
        "- Aktive Wirtschaftsförderung\n"
    )
    assert _titles(raw) == ["Kultur"]
    texts = _texts(raw)
    assert "Wir wollen mehr Förderung für Kinder mit Förderbedarf bzw. Hochbegabung in allen Schulen. Das kostet Geld." in texts
    assert "Wir wollen, dass die Stadt Angebote für Familien schafft, z. B. Ferienspiele und Freibäder." in texts
    assert _pledges(raw) == [
        "Mehr Geld für die Musikschule, die Bibliothek und die Chöre, z.B. Kulturförderung für alle Vereine",
        "Unterstützung der Einsatzkräfte bei Feuerwehr, Rettungsdienst u. Katastrophenschutz",
        "Aktive Wirtschaftsförderung",
    ]
    leads = [p.lead_in for s in parse_programme_text(raw).sections for p in s.passages if p.kind == "pledge"]
    assert leads == ["Wir stehen für:"] * 3


def test_a_long_paragraph_is_not_cut_after_an_abbreviation() -> None:
    # A paragraph too long for one passage is cut between sentences, never after "bzw." or "z. B.".
    sentence = "Die Stadt baut neue Radwege in allen Ortsteilen und saniert die alten Wege am Fluss. "
    raw = "Mobilität\n\n" + sentence * 12 + "Sie plant eine neue Bus- bzw. Straßenbahnlinie und mehr Halte, z. B. Am Markt. " + sentence * 12
    texts = _texts(raw)
    assert len(texts) > 1
    assert not any(text.startswith(("Straßenbahnlinie", "Am Markt")) for text in texts)
    assert not any(text.endswith(("bzw.", "z. B.")) for text in texts)


# --- a colon, then a whole sentence -------------------------------------------------------------


def test_a_line_with_a_colon_then_a_whole_sentence_is_no_heading() -> None:
    # "Unser Ziel: Wir schaffen …", "Klar ist: Die Innenstadt braucht …": a sentence (subject and
    # verb after the colon) that lost its full stop or ends in "!" is prose, not a title; the
    # paragraph below it is its own. A title naming its subject after a colon stays a title.
    raw = (
        "Bildung\n\n"
        f"{PROSE}"
        "Unser Ziel: Wir schaffen mehr Kitaplätze in allen Ortsteilen\n\n"
        "Die Schulen werden saniert und bekommen schnelles Internet, damit alle Kinder gut lernen.\n\n"
        "Klar ist: Die Innenstadt braucht mehr Grün und Schatten!\n\n"
        "Wir pflanzen Bäume in allen Straßen und legen neue Parks an, wo heute Parkplätze sind.\n\n"
        "Mobilität: Busse und Bahnen\n\n"
        "Die Busse fahren öfter, auch am Abend und am Wochenende, und die Haltestellen werden barrierefrei.\n"
    )
    assert _titles(raw) == ["Bildung", "Mobilität: Busse und Bahnen"]
    texts = _texts(raw)
    assert "Unser Ziel: Wir schaffen mehr Kitaplätze in allen Ortsteilen" in texts
    assert "Klar ist: Die Innenstadt braucht mehr Grün und Schatten!" in texts
    assert any(text.startswith("Die Schulen werden saniert") for text in texts)


# --- an unmarked list under a lead-in -----------------------------------------------------------


def _leads(raw: str) -> list[tuple[str | None, str]]:
    return [(p.lead_in, p.text) for s in parse_programme_text(raw).sections for p in s.passages if p.kind == "pledge"]


def test_every_unmarked_line_under_a_lead_in_is_an_item_with_the_lead_in() -> None:
    # "Wir wollen:" over short lines without marks, one item a line: each line is an item that
    # the lead-in completes, whether the items open lowercase (they ran together into one) or
    # end in a full stop (only the first kept the lead-in, the rest were paragraphs).
    lowercase = (
        "Bildung\n\n"
        f"{PROSE}"
        "Wir wollen:\n"
        "mehr Kitaplätze in allen Ortsteilen\n"
        "sanierte Schulen mit schnellem Internet\n"
        "ein kostenloses Mittagessen\n\n"
        "Sport\n\n"
        f"{PROSE}"
    )
    assert _leads(lowercase) == [
        ("Wir wollen:", "mehr Kitaplätze in allen Ortsteilen"),
        ("Wir wollen:", "sanierte Schulen mit schnellem Internet"),
        ("Wir wollen:", "ein kostenloses Mittagessen"),
    ]
    stopped = lowercase.replace("mehr Kitaplätze", "Mehr Kitaplätze").replace("sanierte", "Sanierte")
    stopped = stopped.replace("ein kostenloses", "Ein kostenloses")
    stopped = stopped.replace("Ortsteilen\n", "Ortsteilen.\n").replace("Internet\n", "Internet.\n")
    stopped = stopped.replace("Mittagessen\n", "Mittagessen.\n")
    assert _leads(stopped) == [
        ("Wir wollen:", "Mehr Kitaplätze in allen Ortsteilen."),
        ("Wir wollen:", "Sanierte Schulen mit schnellem Internet."),
        ("Wir wollen:", "Ein kostenloses Mittagessen."),
    ]
    assert _titles(stopped) == ["Bildung", "Sport"]


def test_prose_under_a_lead_in_is_not_cut_into_items() -> None:
    # Lines that reach the column wrap one sentence: no list, whatever ends in ":" above them.
    raw = (
        "Bildung\n\n"
        "Dafür stehen wir:\n"
        "Wir engagieren uns für alle Menschen in unserer Stadt. Dabei haben wir Kinder, Jugendliche,\n"
        "Familien und Senior*innen im Blick, denn gesellschaftlicher Zusammenhalt entsteht vor Ort, in\n"
        "den Vereinen, in der Nachbarschaft und in den Schulen unserer Stadt und ihrer Ortsteile.\n"
    )
    assert len(_texts(raw)) <= 2
    assert any("Zusammenhalt entsteht vor Ort, in den Vereinen" in text for text in _texts(raw))


def test_a_wrapped_line_of_a_lead_in_list_goes_on_from_its_item() -> None:
    # Items set in a narrow, justified column, all opening with an article: a line that opens
    # with none, below one reaching the column, is the rest of that item, not an item itself.
    raw = (
        "Integration\n\n"
        f"{PROSE}"
        "Mit dem Ziel einer gelingenden Integration fordern wir:\n"
        "die gezielte Förderung von Sprachkursen an allen Volkshochschulen\n"
        "die Verbesserung der Beratungsangebote für zugewanderte Familien\n"
        "den konsequenten Schutz unserer Grundrechte und die Durchsetzung\n"
        "geltenden Rechts\n\n"
        "Sport\n\n"
        f"{PROSE}"
    )
    lead = "Mit dem Ziel einer gelingenden Integration fordern wir:"
    assert _leads(raw) == [
        (lead, "die gezielte Förderung von Sprachkursen an allen Volkshochschulen"),
        (lead, "die Verbesserung der Beratungsangebote für zugewanderte Familien"),
        (lead, "den konsequenten Schutz unserer Grundrechte und die Durchsetzung geltenden Rechts"),
    ]


def test_a_lead_in_list_line_stopping_inside_an_attribute_goes_on_below() -> None:
    # "… der im Stadtteil" / "tätigen Vereine …" / a lone word after a blank line: the PDF
    # scattered one item's words; none of its pieces is an item of its own.
    raw = (
        "Kultur\n\n"
        f"{PROSE}"
        "Für ein lebendiges Miteinander fordern wir:\n\n"
        "die verlässliche Förderung der in Neustadt\n"
        "kulturellen Vereine, Chöre und Initiativen\n\n"
        "ansässigen\n\n"
        "Sport\n\n"
        f"{PROSE}"
    )
    texts = _texts(raw)
    assert not any(text in ("ansässigen", "kulturellen Vereine, Chöre und Initiativen") for text in texts)
    assert (
        "die verlässliche Förderung der in Neustadt kulturellen Vereine, Chöre und Initiativen ansässigen" in texts
    )


def test_short_items_of_a_lead_in_list_stay_items_of_their_own() -> None:
    # Real items that open differently from the others ("bezahlbare Mieten" among "die …" items)
    # and short ones of one or two words: lengths vary, no column, each line is an item.
    raw = (
        "Wohnen\n\n"
        f"{PROSE}"
        "Wir wollen:\n"
        "die Sanierung aller Schulen in der Stadt\n"
        "bezahlbare Mieten\n"
        "den Ausbau der Kitas in allen Ortsteilen\n"
        "die Förderung von Genossenschaften\n"
        "sichere Radwege\n\n"
        "Sport\n\n"
        f"{PROSE}"
    )
    assert [text for _, text in _leads(raw)] == [
        "die Sanierung aller Schulen in der Stadt",
        "bezahlbare Mieten",
        "den Ausbau der Kitas in allen Ortsteilen",
        "die Förderung von Genossenschaften",
        "sichere Radwege",
    ]
    assert {lead for lead, _ in _leads(raw)} == {"Wir wollen:"}
    # All the others open with an article, and the short one still is an item of its own.
    alike = raw.replace("sichere Radwege\n", "die Förderung sicherer Radwege\n")
    assert "bezahlbare Mieten" in [text for _, text in _leads(alike)]
    assert len(_leads(alike)) == 5
