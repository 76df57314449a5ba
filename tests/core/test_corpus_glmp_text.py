"""Real plain-text municipal programmes (GLMP): no bare bullet passages, no wrapped lines as headings, no word lost."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from canvass_app.corpus import cleaning
from canvass_app.corpus.structure import parse_programme_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FILES = sorted((FIXTURES / "glmp").glob("*-20*.txt")) + sorted(
    (FIXTURES / "search" / "glmp").glob("*.txt")
)
BULLET_ONLY = re.compile(rf"^[\s{re.escape(cleaning.BULLET_CHARS)}]*$")


def _words(text: str) -> list[str]:
    # "FreizeitUnsere", "GemeinderatFÜR UNSERE", "STÄRKENDurch": a heading glued to the text
    # around it in scraped text, which the reader parts.
    text = re.sub(r"([a-zäöüß])([A-ZÄÖÜ][a-zäöüß]|[A-ZÄÖÜ]{2})", r"\1 \2", text)
    text = re.sub(r"([A-ZÄÖÜß]{2})([A-ZÄÖÜ][a-zäöüß])", r"\1 \2", text)
    return re.findall(r"[A-Za-zÄÖÜäöüß]{2,}", text)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_glmp_programme_imports_cleanly(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    parsed = parse_programme_text(raw)
    out: list[str] = []
    runs: Counter[str] = Counter()  # how often each lead-in starts a run of list items
    for section in parsed.sections:
        title = section.title
        if title:
            assert not title[0].islower(), title
            assert not title.rstrip().endswith((",", "-")), title
        out += _words(title)
        lead_in = None
        for passage in section.passages:
            assert not BULLET_ONLY.match(passage.text), passage
            if passage.lead_in and passage.lead_in != lead_in:
                out += _words(passage.lead_in)
                runs[passage.lead_in] += 1
            lead_in = passage.lead_in
            out += _words(passage.text)
    # Two lists in a row under the same lead-in line ("Konkret werden wir uns einsetzen:"
    # twice) are one run of items that carry it; the second line is not lost but kept on its
    # items, so a lead-in written on a line of its own counts as often as it is written.
    lines = Counter(line.strip() for line in raw.splitlines())
    for text, counted in runs.items():
        out += _words(text) * max(0, lines[text] - counted)
    for value in parsed.metadata.values():
        out += _words(value)
    # A running head or slogan repeated page after page ("Eberswalde" / "Gemeinsam" /
    # "Gestalten") is furniture, not the programme's words: the reader reports what it took.
    _, furniture = cleaning.remove_page_furniture(cleaning.normalise_characters(cleaning.decode_escapes(raw)))
    for line in furniture.running:
        out += _words(line)
    # So is a table of contents (its entries' titles come again as the chapters' headings).
    for line in furniture.toc:
        out += _words(line)
    # "Be-" / "triebe" is one word hyphenated at the line end; the reader joins it.
    # "Nachbarschafts-" / "und …" is a suspended compound and stays apart.
    joined = re.sub(
        r"(\w)-[ ]*\n(?:[ ]*\n)*[ ]*(?=[a-zäöüß])(?!(?:und|oder|bis|sowie)\b)",
        r"\1",
        cleaning.normalise_characters(raw),
    )
    lost = Counter(_words(joined)) - Counter(out)
    assert not lost, lost.most_common(10)


# Prose wrapped at a column of about 95 characters, as the PDF text of a programme is.
PROSE = (
    "Auf unserer Erde herrscht Krieg. Das sinnlose Töten erschüttert uns, und Deutschland rüstet\n"
    "auf, mit Geld, das in unseren Kommunen dringend gebraucht wird. Wir wollen den Frieden und\n"
    "die Wertschätzung regionaler Produkte aus Landwirtschaft, Handwerk und Industrie fördern.\n\n"
)


def _passages(raw: str) -> list[tuple[str, str]]:
    return [(s.title, p.text) for s in parse_programme_text(raw).sections for p in s.passages]


def test_a_blank_line_after_a_short_unpunctuated_item_ends_it() -> None:
    raw = (
        f"{PROSE}"
        "Darum wollen wir:\n\n"
        "- Bezahlbarer ÖPNV mit angepassten Taktungen\n"
        "- Zukunftsorientierte Wege- und Straßenplanung\n\n"
        "Die Stadt wird von ihren Einwohnerinnen und Einwohnern mit Leben erfüllt. Wir setzen auf Mitbestimmung.\n\n"
        "Gute Bildung:\n\n"
        "- Die Verbesserung der digitalen Ausstattung der Schulen\n\n"
        "Wertschätzung regionaler Produkte aus Landwirtschaft, Handwerk und Industrie:\n\n"
        "Unser Landkreis braucht eine starke Wirtschaft und dazu Fachkräfte.\n"
    )
    texts = [text for _, text in _passages(raw)]
    assert "Zukunftsorientierte Wege- und Straßenplanung" in texts
    assert "Die Verbesserung der digitalen Ausstattung der Schulen" in texts
    assert any(t.startswith("Die Stadt wird von ihren") for t in texts)


def test_an_item_that_lost_its_bullet_stays_an_item_not_a_heading() -> None:
    raw = (
        f"{PROSE}"
        "Darum wollen wir:\n\n"
        "- Erhalt der Versorgungsangebote der Kreissparkasse\n"
        "Breitbandversorgung bis in jedes Dorf\n"
        "- Vorantreiben der Digitalisierung in den kommunalen Verwaltungen\n"
    )
    passages = _passages(raw)
    titles = {title for title, _ in passages}
    assert "Breitbandversorgung bis in jedes Dorf" not in titles
    assert "Breitbandversorgung bis in jedes Dorf" in [text for _, text in passages]


def test_a_wrapped_item_and_a_sentence_explaining_an_item_are_not_items_of_their_own() -> None:
    raw = (
        f"{PROSE}"
        "Darum wollen wir:\n\n"
        "- Schnellere Digitalisierung der Schulen und digitale\n"
        "Eingabegeräte für alle Schülerinnen und Schüler\n"
        "- Verbot von Schottergärten bei Neubau\n"
        "Anreize zum Rückbau der Schottergärten.\n"
        "- Naturlehrpfad im Stadtwald\n"
    )
    texts = [text for _, text in _passages(raw)]
    assert "Schnellere Digitalisierung der Schulen und digitale Eingabegeräte für alle Schülerinnen und Schüler" in texts
    assert "Verbot von Schottergärten bei Neubau Anreize zum Rückbau der Schottergärten." in texts


def test_a_whole_programme_on_one_line_imports_as_many_passages(tmp_path: Path) -> None:
    """Archive and web texts often hold a whole programme on one line (GLMP's Mainz SPD
    programme: 141,194 characters). Real programmes joined on one line import, parted at
    their sentences into passages of readable length, every word kept."""
    from canvass_app import limits
    from canvass_app.library import Library

    one_line = ""
    for path in FILES:
        text = " ".join(path.read_text(encoding="utf-8").split())
        if len(one_line) + len(text) + 1 > limits.PROGRAMME_LINE_CHARS:
            break
        one_line = f"{one_line} {text}".strip()
    assert len(one_line) > 100_000 and "\n" not in one_line
    source = tmp_path / "eine-zeile.txt"
    source.write_text(one_line, encoding="utf-8")
    library = Library(tmp_path / "data")
    programme = library.import_programme(source, programme_id="eine-zeile", party="Test", title="Eine Zeile", year=2024)
    passages = programme.passages()
    assert len(programme.sections) > 1
    assert len(passages) > 100
    # Cut at sentences into pieces of about 900 characters; no passage is a page long.
    assert max(len(p.text) for p in passages) < 4_000
    out = [w for s in programme.sections for w in _words(s.title)]
    out += [w for p in passages for w in _words(f"{p.lead_in or ''} {p.text}")]
    lost = Counter(_words(cleaning.normalise_characters(one_line))) - Counter(out)
    assert not lost, lost.most_common(10)


def test_text_without_punctuation_is_cut_between_words_into_verbatim_pieces() -> None:
    """A run-on text (punctuation lost) is no sentence to keep whole: it is cut between
    words, each piece a verbatim slice, none far over a passage's length; an item that
    runs on likewise, each piece under the item's lead-in."""
    from canvass_app.corpus.structure import split_long_paragraph

    text = " ".join(f"wir wollen Radwege Nummer {n} bauen" for n in range(600))
    pieces = split_long_paragraph(text)
    assert len(pieces) > 10
    assert all(piece in text and len(piece) < 1_500 for piece in pieces)
    assert " ".join(pieces) == text
    sentences = " ".join(f"Wir bauen Radweg {n}." for n in range(300))
    assert all(piece.endswith(".") for piece in split_long_paragraph(sentences))
    items = parse_programme_text("# Verkehr\n\nWir fordern:\n\n- " + text + "\n")
    pledges = [p for s in items.sections for p in s.passages if p.kind == "pledge"]
    assert len(pledges) > 10 and all(len(p.text) < 1_500 and (p.lead_in or "").endswith("Wir fordern:") for p in pledges)
