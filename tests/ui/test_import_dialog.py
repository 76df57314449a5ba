"""Datei → Programm importieren …: the dialog read, previewed, cancelled and saved; the nesting shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from canvass_app.ui.import_dialog import ImportDialog
from canvass_app.ui.navigation import Location, section_target
from canvass_app.ui.tasks import TaskRunner
from tests.fixtures.corpus.pdf import flow, write_layout_pdf

BODY = [
    "Wir wollen, dass alle Menschen in Musterstadt gut und bezahlbar wohnen können.",
    "Dafür braucht es mehr geförderte Wohnungen und eine Stadt, die selbst baut.",
]


def nested_pdf(path: Path, blank_pages: int = 1, repeat: int = 1) -> Path:
    cover = flow([("SPD Musterstadt", 28, True), ("Kommunalwahlprogramm 2025", 24, True)])
    chapter = flow(
        [
            ("Wohnen und Bauen", 18, True),
            ("Bezahlbar wohnen", 13, True),
            *BODY,
            "",
            ("Leerstand nutzen", 13, True),
            "Leerstehende Häuser werden erfasst und wieder vermietet.",
        ]
    )
    climate = flow(
        [
            ("Klima", 18, True),
            ("Bäume und Parks", 13, True),
            "Jede Straße bekommt Bäume, jeder Stadtteil einen Park.",
        ]
    )
    pages = [cover, chapter, *([[]] * blank_pages), *([climate] * repeat)]
    return write_layout_pdf(path, pages, info={"Title": "Musterstadt gemeinsam"})


@pytest.fixture
def dialog(qtbot, library):  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    dialog = ImportDialog(library, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    runner.shutdown()


def test_preview_shows_the_nested_outline_counts_and_warnings_then_saves(
    qtbot, dialog, library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    pdf = nested_pdf(tmp_path / "spd.pdf")
    dialog.ask_open_path = lambda: str(pdf)
    dialog.choose_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    assert dialog.outline_rows() == [
        (0, "Wohnen und Bauen", 0),
        (1, "Bezahlbar wohnen", 1),
        (1, "Leerstand nutzen", 1),
        (0, "Klima", 0),
        (1, "Bäume und Parks", 1),
    ]
    assert dialog.warnings.text() == "1 Seite ohne Text"
    # Prefilled from the PDF's metadata and its first page.
    assert dialog.party_field.text() == "SPD"
    assert dialog.title_field.text() == "Musterstadt gemeinsam"
    assert dialog.year_field.value() == 2025
    assert dialog.election_field.text() == "Kommunalwahl 2025"
    assert dialog.id_field.text() == "spd-2025"
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20000) as saved:
        dialog.save_button.click()
    assert saved.args == ["spd-2025"]
    programme = library.corpus.programme("spd-2025")
    assert (programme.party, programme.year, programme.election) == ("SPD", 2025, "Kommunalwahl 2025")
    assert [(s.title, s.level) for s in programme.sections][:3] == [
        ("Wohnen und Bauen", 1),
        ("Bezahlbar wohnen", 2),
        ("Leerstand nutzen", 2),
    ]


def test_a_chapter_only_file_asks_for_the_chapter_and_compare_names_it(
    qtbot, dialog, library, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.content.overview import silent_text

    dialog.read_file(nested_pdf(tmp_path / "spd.pdf"))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    assert dialog.save_button.isEnabled() and not dialog.chapter_field.isEnabled()
    # "Only a chapter" without its name cannot be saved.
    qtbot.mouseClick(dialog.chapter_box, Qt.MouseButton.LeftButton)
    assert dialog.chapter_box.isChecked() and dialog.chapter_field.isEnabled()
    assert not dialog.save_button.isEnabled()
    qtbot.keyClicks(dialog.chapter_field, "  Wohnen und  Klima ")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.save_button.click()
    programme = library.corpus.programme("spd-2025")
    assert programme.chapter == "Wohnen und Klima"
    assert silent_text(programme) == "Dazu steht nichts im Kapitel „Wohnen und Klima“."


def test_an_unticked_chapter_name_is_not_stored(qtbot, dialog, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog.read_file(nested_pdf(tmp_path / "spd.pdf"))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    dialog.chapter_box.setChecked(True)
    dialog.chapter_field.setText("Wohnen")
    dialog.chapter_box.setChecked(False)
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        dialog.save_button.click()
    assert library.corpus.programme("spd-2025").chapter == ""


def test_reading_can_be_cancelled_and_stores_nothing(qtbot, dialog, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pdf = nested_pdf(tmp_path / "lang.pdf", blank_pages=0, repeat=150)
    before = [p.id for p in library.corpus.programmes()]
    dialog.read_file(pdf)
    assert dialog.cancel_button.isVisible()
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not dialog._reading, timeout=20000)
    assert "abgebrochen" in dialog.message.text()
    assert dialog.preview is None and not dialog.save_button.isEnabled()
    assert [p.id for p in library.corpus.programmes()] == before


def test_a_file_of_another_kind_gets_one_german_sentence(qtbot, dialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    image = tmp_path / "foto.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    dialog.read_file(image)
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20000)
    assert "Bild" in dialog.message.text() and "\n" not in dialog.message.text()
    assert not dialog.save_button.isEnabled()


def test_file_menu_imports_shows_nesting_and_removes(qtbot, real_window, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    labels = [a.text() for a in win.file_menu.actions()]
    assert "Programm importieren …" in labels and "Programm entfernen …" in labels
    win.import_programme_action.trigger()
    dialog = win.import_dialog
    dialog.read_file(nested_pdf(tmp_path / "spd.pdf"))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    win.sidebar.loaded = False
    dialog.save_button.click()
    qtbot.waitUntil(lambda: win.sidebar.loaded, timeout=30000)

    # Sidebar: chapters numbered at the top, their sections nested below.
    programme = library.corpus.programme("spd-2025")
    chapter, section = programme.sections[0], programme.sections[1]
    section_index = win.sidebar.find_item(Location("section", section_target(programme.id, section.id)))
    assert section_index.data() == "Bezahlbar wohnen"
    assert section_index.parent().data() == "1. Wohnen und Bauen"
    assert section_index.parent().parent().data() == "2025 · SPD"

    # Reader: the breadcrumb names the chapter; the chapter page lists its sections.
    win.navigator.open(Location("section", section_target(programme.id, section.id)))
    qtbot.waitUntil(lambda: win.reader_view.page is not None and win.reader_view.page.section.id == section.id)
    assert "Wohnen und Bauen</a> › " in win.reader_view.breadcrumb.text()
    win.navigator.open(Location("section", section_target(programme.id, chapter.id)))
    qtbot.waitUntil(lambda: win.reader_view.page.section.id == chapter.id)
    assert "Bezahlbar wohnen" in win.reader_view.text.toPlainText()

    removal = win.programme_removal
    removal.ask_choice = lambda labels: next(label for label in labels if "[spd-2025]" in label)
    removal.confirm = lambda _label: True
    with qtbot.waitSignal(removal.removed, timeout=20000):
        win.remove_programme_action.trigger()
    assert "spd-2025" not in [p.id for p in library.corpus.programmes()]


def test_the_id_follows_party_and_year_until_typed(qtbot, dialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog.read_file(nested_pdf(tmp_path / "spd.pdf"))
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20000)
    assert dialog.id_field.text() == "spd-2025"
    # No party (a PDF that does not name it): no ID of the year alone, the placeholder says how it is made.
    dialog.party_field.clear()
    assert dialog.id_field.text() == ""
    assert not dialog.save_button.isEnabled()
    # The greyed button says why.
    assert dialog.missing.text() == "Zum Speichern fehlt noch: die Partei, eine Kennung aus a–z, 0–9 und -."
    qtbot.keyClicks(dialog.party_field, "Volt")
    assert dialog.id_field.text() == "volt-2025"
    assert dialog.save_button.isEnabled() and dialog.missing.text() == ""
    dialog.year_field.setValue(2020)
    assert dialog.id_field.text() == "volt-2020"
    # Typed by hand: kept.
    dialog.id_field.clear()
    qtbot.keyClicks(dialog.id_field, "volt-dortmund")
    dialog.year_field.setValue(2025)
    assert dialog.id_field.text() == "volt-dortmund"
