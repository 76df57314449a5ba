"""The Corpus service: lookups, fingerprint, importing text/Markdown/PDF, removing, and refusing bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from canvass_app.corpus import importers
from canvass_app.corpus.store import Corpus
from canvass_app.errors import CanvassError
from tests.fixtures.corpus.pdf import write_blank_pdf, write_text_pdf

REPO = Path(__file__).resolve().parents[2]
GRUENE = "gruene-dortmund-2025-wirtschaft"
SPD = "spd-dortmund-2020-wirtschaft"

PLAIN = """Wahlprogramm 2025 der Partei X für Musterstadt

Inhalt
Wohnen ........ 2
Mobilität ........ 3

W o h n e n  i n  M u s t e r s t a d t

Wir wollen, dass alle Menschen in Musterstadt bezahlbar wohnen können. Dafür
braucht es mehr Wohnungen und eine Stadt, die selbst baut. Der Wohnungs-
markt allein richtet das nicht.

Deswegen werden wir
• jedes Jahr 500 neue Wohnungen bauen.
• Leerstand erfassen und
  aktiv vermitteln.
• Genossenschaften fördern.

Mobilität

Busse und Bahnen sollen öfter fahren, auch am Abend und in allen Stadtteilen.
"""

MARKDOWN = """# Wahlprogramm 2025

## Wohnen

Wir wollen **bezahlbare** Wohnungen für alle.

Dafür werden wir:

- jedes Jahr 500 Wohnungen bauen.
- Genossenschaften fördern.

## Klima

Musterstadt wird bis 2035 klimaneutral.
"""


@pytest.fixture
def corpus(data_dir: Path) -> Corpus:
    return Corpus(REPO / "data", data_dir)


def snapshot(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()} | {
        str(p.relative_to(root)) + "/": b"" for p in root.rglob("*") if p.is_dir()
    }


def do_import(corpus: Corpus, path: Path, programme_id: str = "partei-x-2025", **kw: object):  # type: ignore[no-untyped-def]
    return corpus.import_file(
        path,
        programme_id=programme_id,
        party="Partei X",
        title="Wahlprogramm 2025",
        year=2025,
        **kw,
    )


# --- lookups ------------------------------------------------------------------------


def test_programmes_bundled_first_then_imported(corpus: Corpus, tmp_path: Path) -> None:
    assert [p.id for p in corpus.programmes()] == [GRUENE, SPD]
    source = tmp_path / "x.txt"
    source.write_text(PLAIN, encoding="utf-8")
    do_import(corpus, source)
    assert [p.id for p in corpus.programmes()] == [GRUENE, SPD, "partei-x-2025"]
    assert [p.bundled for p in corpus.programmes()] == [True, True, False]


def test_parse_once_and_cache(corpus: Corpus) -> None:
    assert corpus.programmes()[0] is corpus.programmes()[0]


def test_passage_section_and_programme_lookups(corpus: Corpus) -> None:
    passages = corpus.passages()
    assert len(passages) == 104
    passage = passages[10]
    assert corpus.passage(passage.id) is passage
    assert passage in corpus.section_of(passage).passages
    assert corpus.programme_of(passage).id == GRUENE
    with pytest.raises(CanvassError):
        corpus.passage("gruene-dortmund-2025-wirtschaft:00000000")
    with pytest.raises(CanvassError):
        corpus.programme("nope")


def test_fingerprint_changes_on_import_and_remove(corpus: Corpus, tmp_path: Path) -> None:
    before = corpus.fingerprint()
    assert before == Corpus(REPO / "data", tmp_path / "other").fingerprint()
    source = tmp_path / "x.txt"
    source.write_text(PLAIN, encoding="utf-8")
    do_import(corpus, source)
    imported = corpus.fingerprint()
    assert imported != before
    corpus.remove("partei-x-2025")
    assert corpus.fingerprint() == before


# --- importing ----------------------------------------------------------------------


def test_import_plain_text_cleans_and_structures(
    corpus: Corpus, data_dir: Path, tmp_path: Path
) -> None:
    source = tmp_path / "x.txt"
    source.write_text(PLAIN, encoding="utf-8")
    programme = do_import(corpus, source, election="Kommunalwahl 2025", adopted="2025-03-01")
    assert (programme.party, programme.year, programme.election, programme.adopted) == (
        "Partei X",
        2025,
        "Kommunalwahl 2025",
        "2025-03-01",
    )
    title, *sections = programme.sections
    # The programme's title stands above its chapters: a section of level 1 without text.
    assert (title.title, title.passages, title.level) == (
        "Wahlprogramm 2025 der Partei X für Musterstadt",
        (),
        1,
    )
    assert [s.title for s in sections] == ["Wohnen in Musterstadt", "Mobilität"]
    assert all(s.parent == title.id and s.level == 2 for s in sections)
    wohnen = sections[0].passages
    assert [p.kind for p in wohnen] == ["paragraph", "pledge", "pledge", "pledge"]
    assert "Der Wohnungsmarkt allein" in wohnen[0].text
    assert wohnen[2].text == "Leerstand erfassen und aktiv vermitteln."
    assert wohnen[1].full_text == "Deswegen werden wir jedes Jahr 500 neue Wohnungen bauen."
    assert (data_dir / "programmes" / "partei-x-2025.json").is_file()
    # A fresh Corpus over the same data directory sees the same IDs.
    again = Corpus(REPO / "data", data_dir).programme("partei-x-2025")
    assert [p.id for p in again.passages()] == [p.id for p in programme.passages()]


def test_import_markdown_uses_headings_as_sections(corpus: Corpus, tmp_path: Path) -> None:
    source = tmp_path / "x.md"
    source.write_text(MARKDOWN, encoding="utf-8")
    programme = do_import(corpus, source)
    assert [(s.title, s.level) for s in programme.sections] == [
        ("Wahlprogramm 2025", 1),
        ("Wohnen", 2),
        ("Klima", 2),
    ]
    assert programme.sections[0].passages == ()
    assert programme.sections[1].parent == programme.sections[0].id
    assert [p.text for p in programme.sections[1].passages] == [
        "Wir wollen bezahlbare Wohnungen für alle.",
        "jedes Jahr 500 Wohnungen bauen.",
        "Genossenschaften fördern.",
    ]
    assert programme.sections[2].passages[0].text == "Musterstadt wird bis 2035 klimaneutral."


def test_import_pdf_with_text_layer(corpus: Corpus, tmp_path: Path) -> None:
    pdf = write_text_pdf(
        tmp_path / "programm.pdf",
        [
            [
                "Partei X – Wahlprogramm 2025",
                "Wohnen in Musterstadt",
                "Wir wollen mehr bezahlbare Wohnungen in Muster-",
                "stadt bauen und Leerstand nutzen.",
                "Seite 1",
            ],
            [
                "Partei X – Wahlprogramm 2025",
                "Dafür werden wir",
                "• 500 Wohnungen im Jahr bauen.",
                "• Genossenschaften fördern.",
                "Seite 2",
            ],
            ["Partei X – Wahlprogramm 2025", "Mobilität", "Busse sollen öfter fahren.", "Seite 3"],
        ],
    )
    programme = do_import(corpus, pdf)
    assert [s.title for s in programme.sections] == ["Wohnen in Musterstadt", "Mobilität"]
    texts = [p.text for p in programme.passages()]
    assert texts == [
        "Wir wollen mehr bezahlbare Wohnungen in Musterstadt bauen und Leerstand nutzen.",
        "500 Wohnungen im Jahr bauen.",
        "Genossenschaften fördern.",
        "Busse sollen öfter fahren.",
    ]
    assert programme.passages()[1].lead_in == "Dafür werden wir"


def test_remove_takes_an_import_out(corpus: Corpus, data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "x.txt"
    source.write_text(PLAIN, encoding="utf-8")
    do_import(corpus, source)
    corpus.remove("partei-x-2025")
    assert [p.id for p in corpus.programmes()] == [GRUENE, SPD]
    assert not (data_dir / "programmes" / "partei-x-2025.json").exists()
    with pytest.raises(CanvassError, match="gibt es nicht"):
        corpus.remove("partei-x-2025")


def test_bundled_programmes_cannot_be_removed(corpus: Corpus) -> None:
    with pytest.raises(CanvassError, match="ausgeliefert"):
        corpus.remove(GRUENE)
    assert corpus.programme(GRUENE).bundled


# --- bad input: one sentence, library unchanged ----------------------------------------


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "leer.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "nur-leerzeichen.txt"
    blank.write_text("  \n\n \n", encoding="utf-8")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(256)) * 64)
    scanned = write_blank_pdf(tmp_path / "scan.pdf")
    broken_pdf = tmp_path / "kaputt.pdf"
    broken_pdf.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    cp1252 = tmp_path / "windows.txt"
    cp1252.write_bytes(PLAIN.encode("cp1252"))
    huge = tmp_path / "riesig.txt"
    with huge.open("wb") as handle:
        handle.truncate(importers.MAX_FILE_BYTES + 1)
    no_text = tmp_path / "zahlen.txt"
    no_text.write_text("12\n\n13\n\n14\n", encoding="utf-8")
    return {
        "missing": (tmp_path / "gibtsnicht.txt", "gibt es nicht"),
        "directory": (tmp_path, "Ordner"),
        "empty": (empty, "leer"),
        "blank": (blank, "leer"),
        "binary": (junk, "keine Textdatei"),
        "scanned": (scanned, "keinen Text"),
        "broken-pdf": (broken_pdf, "PDF"),
        "cp1252": (cp1252, "UTF-8"),
        "too-large": (huge, "zu groß"),
        "only-numbers": (no_text, "kein Programmtext"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "directory",
        "empty",
        "blank",
        "binary",
        "scanned",
        "broken-pdf",
        "cp1252",
        "too-large",
        "only-numbers",
    ],
)
def test_bad_files_are_refused_without_a_trace(
    corpus: Corpus, data_dir: Path, tmp_path: Path, case: str
) -> None:
    sources = tmp_path / "in"
    sources.mkdir()
    path, message = _bad_inputs(sources)[case]
    before = snapshot(data_dir)
    with pytest.raises(CanvassError) as caught:
        do_import(corpus, path)
    assert message in caught.value.message
    assert "\n" not in caught.value.message
    assert caught.value.exit_code == 2
    assert snapshot(data_dir) == before
    assert [p.id for p in corpus.programmes()] == [GRUENE, SPD]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"programme_id": GRUENE}, "gibt es schon"),
        ({"programme_id": "Bad ID!"}, "ungültig"),
        ({"adopted": "3. Mai"}, "kein Datum"),
        ({"year": 20}, "nicht plausibel"),
    ],
)
def test_bad_arguments_are_refused(
    corpus: Corpus, data_dir: Path, tmp_path: Path, kwargs: dict[str, object], message: str
) -> None:
    source = tmp_path / "x.txt"
    source.write_text(PLAIN, encoding="utf-8")
    args: dict[str, object] = {
        "programme_id": "partei-x-2025",
        "party": "P",
        "title": "T",
        "year": 2025,
    }
    args.update(kwargs)
    before = snapshot(data_dir)
    with pytest.raises(CanvassError, match=message):
        corpus.import_file(source, **args)  # type: ignore[arg-type]
    assert snapshot(data_dir) == before


def test_an_existing_imported_id_is_refused(corpus: Corpus, data_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "x.txt"
    source.write_text(PLAIN, encoding="utf-8")
    do_import(corpus, source)
    before = snapshot(data_dir)
    with pytest.raises(CanvassError, match="gibt es schon"):
        do_import(corpus, source)
    assert snapshot(data_dir) == before


def test_a_failed_write_leaves_the_library_as_it_was(
    corpus: Corpus, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "x.txt"
    source.write_text(PLAIN, encoding="utf-8")
    before = snapshot(data_dir)

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(CanvassError, match="speichern"):
        do_import(corpus, source)
    assert snapshot(data_dir) == before
    assert [p.id for p in corpus.programmes()] == [GRUENE, SPD]


def test_a_damaged_import_is_reported_not_fatal(corpus: Corpus, data_dir: Path) -> None:
    (data_dir / "programmes").mkdir()
    (data_dir / "programmes" / "kaputt.json").write_text("{not json", encoding="utf-8")
    assert [p.id for p in corpus.programmes()] == [GRUENE, SPD]
    assert any("kaputt.json" in problem for problem in corpus.problems())


def test_check_data_reports_unparseable_bundled_programmes(tmp_path: Path, data_dir: Path) -> None:
    import shutil

    from canvass_app.library import Library

    assert Library(data_dir, REPO / "data").check_data() == []
    bundled = tmp_path / "bundled"
    shutil.copytree(REPO / "data" / "programmes", bundled / "programmes")
    (bundled / "programmes" / "spd-dortmund-2020-wirtschaft.txt").write_bytes(b"\xff\xfe kaputt")
    problems = Library(data_dir, bundled).check_data()
    assert any("Prüfsumme" in p for p in problems)
    assert any("nicht laden" in p or "nicht lesen" in p for p in problems)
    (bundled / "programmes" / "manifest.toml").write_text("[[programme]\n", encoding="utf-8")
    assert any("Programmliste" in p for p in Library(data_dir, bundled).check_data())


def test_utf16_text_with_byte_order_mark_is_read(corpus: Corpus, tmp_path: Path) -> None:
    source = tmp_path / "notepad.txt"
    source.write_bytes(PLAIN.encode("utf-16"))
    programme = do_import(corpus, source)
    assert programme.sections[1].title == "Wohnen in Musterstadt"


def test_pdf_paragraphs_are_split_at_the_gap_between_them(corpus: Corpus, tmp_path: Path) -> None:
    long_end = "und alle Menschen in allen Stadtteilen sollen gut und sicher wohnen können."
    pdf = write_text_pdf(
        tmp_path / "absatz.pdf",
        [
            [
                "Wohnen in Musterstadt",
                "",
                "Musterstadt wächst, doch bezahlbarer Wohnraum ist knapp, die Mieten steigen,",
                long_end,
                "",
                "Wir bauen deshalb jedes Jahr tausend neue geförderte Wohnungen in der Stadt,",
                long_end,
            ]
        ],
    )
    programme = do_import(corpus, pdf)
    texts = [p.text for p in programme.passages()]
    assert len(texts) == 2, texts
    assert texts[1].startswith("Wir bauen deshalb")


def test_nested_sections_are_cited_with_their_chapter(tmp_path: Path) -> None:
    """The printed source of a passage in a nested section names the chapter too."""
    from canvass_app.export.builders import _Collector
    from canvass_app.library import Library

    library = Library(tmp_path / "userdata")
    spd = library.corpus.programme("spd-dortmund-2020-wirtschaft")
    handwerk = spd.sections[-1]
    assert [s.title for s in spd.section_path(handwerk.id)] == [
        "Gute Arbeit und starke Wirtschaft",
        "Handwerk fördern",
    ]
    ref = _Collector(library).source_ref(handwerk.passages[0])
    assert ref.section == "Gute Arbeit und starke Wirtschaft › Handwerk fördern"
