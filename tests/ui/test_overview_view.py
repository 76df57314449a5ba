"""The overview matrix over seven imported real programmes: counts, silence, opening a comparison, CSV and PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from canvass_app.library import Library
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.overview_view import COUNT_ROLE, SILENCE, OverviewView
from canvass_app.ui.tasks import TaskRunner
from tests.fixtures.glmp import PROGRAMMES, UNSEEN, import_all


@pytest.fixture(scope="module")
def six(tmp_path_factory) -> Library:  # type: ignore[no-untyped-def]
    library = Library(tmp_path_factory.mktemp("six"))
    import_all(library)
    return library


def _view(qtbot, library: Library, navigator: Navigator | None = None):  # type: ignore[no-untyped-def]
    messages: list[str] = []
    view = OverviewView(library, navigator or Navigator(), TaskRunner(), messages.append)
    qtbot.addWidget(view)
    view.resize(1046, 700)
    view.show()
    view.show_location(Location("overview", ""))
    qtbot.waitUntil(lambda: view.overview is not None, timeout=10000)
    return view, messages


def _cell(view: OverviewView, topic: str, programme: str):  # type: ignore[no-untyped-def]
    rows = [r.topic_id for r in view.overview.rows]
    columns = [p.id for p in view.overview.programmes]
    return view.model.index(rows.index(topic), columns.index(programme))


def test_matrix_counts_passages_and_marks_silence(qtbot, six) -> None:  # type: ignore[no-untyped-def]
    view, _ = _view(qtbot, six)
    # import_all leaves the unseen blind set out.
    assert view.model.columnCount() == len(PROGRAMMES) - len(UNSEEN) + 2 >= 8
    assert view.model.rowCount() > 60  # fields and their subtopics
    sport = _cell(view, "sport", "brandenburg-spd-2024")
    assert sport.data(COUNT_ROLE) == len(
        [p for p in six.content.passage_ids("sport") if p.startswith("brandenburg-spd-2024:")]
    ) > 3
    silent = _cell(view, "sport", "alzey-fdp-2024")
    assert silent.data(COUNT_ROLE) == 0 and silent.data() == SILENCE
    assert "Dazu steht nichts im Programm." in silent.data(Qt.ItemDataRole.AccessibleTextRole)
    chapter = _cell(view, "sport", "gruene-dortmund-2025-wirtschaft")
    assert "im Kapitel „Wirtschaft“" in chapter.data(Qt.ItemDataRole.ToolTipRole)
    # The legend says what a dash means for a chapter, as the printed page does.
    assert "nichts im Kapitel" in view.legend.text()
    view.subtopics.setChecked(False)
    qtbot.waitUntil(lambda: view.model.rowCount() < 30)
    assert all(r.depth == 0 for r in view.overview.rows)


def test_a_cell_opens_the_topic_comparison(qtbot, six) -> None:  # type: ignore[no-untyped-def]
    navigator = Navigator()
    view, _ = _view(qtbot, six, navigator)
    index = _cell(view, "radverkehr", "bernau-linke-2024")
    view.table.setCurrentIndex(index)
    with qtbot.waitSignal(navigator.location_changed) as signal:
        view.table.activated.emit(index)
    assert signal.args[0] == Location("topic", "radverkehr")


def test_csv_and_pdf_export(qtbot, six, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view, messages = _view(qtbot, six)
    csv_path = tmp_path / "ueberblick.csv"
    view.save_csv(csv_path)
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Thema-ID;Thema;Ebene;")
    assert any(line.startswith("sport;Sport;0;") for line in lines)
    pdf_path = tmp_path / "ueberblick.pdf"
    view.save_pdf(pdf_path)
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page/") <= 1
    assert "A4 quer" in messages[-1]
    view.save_csv(tmp_path / "missing" / "x.csv")
    assert messages[-1].startswith("Die CSV-Datei konnte nicht gespeichert werden")


def test_main_window_opens_the_overview_from_the_sidebar(qtbot, six) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings

    from canvass_app.ui.main_window import MainWindow

    settings = QSettings(str(six.data_dir / "test-settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(six, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.sidebar.loaded, timeout=10000)
    index = window.sidebar.find_item(Location("overview", ""))
    assert index.isValid()
    window.sidebar.tree.activated.emit(index)
    qtbot.waitUntil(lambda: window.current_view() is window.overview_view)
    qtbot.waitUntil(lambda: window.overview_view.overview is not None, timeout=10000)


def test_headers_are_sized_without_asking_for_every_title(qtbot, six) -> None:  # type: ignore[no-untyped-def]
    """Sizing a header asked the model for up to 200 sections' titles in half a dozen roles
    (4,000 calls into Python per reset with 250 programmes); now only the painted ones are asked."""
    import dataclasses

    from canvass_app.content.overview import Overview

    view, _ = _view(qtbot, six)
    overview = view.overview
    rows = tuple(dataclasses.replace(r, counts=tuple(r.counts) * 30) for r in overview.rows)
    wide = Overview(overview.programmes * 30, rows)  # 270 columns, the same rows
    asked: list[int] = []
    original = view.model.headerData

    def counting(section, orientation, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        asked.append(section)
        return original(section, orientation, role)

    view.model.headerData = counting  # type: ignore[method-assign]
    view._render(wide)
    assert asked == []
    assert view.columns_header.sizeHint().height() >= view.fontMetrics().height() * 4  # four title lines fit
    view.repaint()
    assert len(set(asked)) < 80  # the sections in sight, not all 270 columns and their rows


def test_column_titles_keep_every_word_of_the_party_and_fit_the_header(qtbot, six) -> None:  # type: ignore[no-untyped-def]
    view, _ = _view(qtbot, six)
    titles = [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(view.model.columnCount())]
    for programme, title in zip(view.overview.programmes, titles, strict=True):
        # "BÜNDNIS 90/DIE GRÜNEN Dortmund", "SPD Brandenburg an der Havel": the place is the last word.
        # Whole words only (a line may end at a word's own hyphen: "Baden-" / "Baden").
        assert title.replace("-\n", "-").split() == [*programme.party.split(), str(programme.year)], title
    # Programmes of different parties never share a title.
    assert len(set(titles)) == len({(p.party, p.year) for p in view.overview.programmes})
    header = view.columns_header
    qtbot.waitUntil(lambda: header.height() > 0)
    lines = max(t.count("\n") + 1 for t in titles)
    assert lines >= 5  # the bundled Greens: four lines of party and the year
    assert header.height() >= lines * header.fontMetrics().height()


def test_a_very_long_party_name_is_shortened_in_its_column_title() -> None:
    from canvass_app.ui.overview_view import MAX_PARTY_LINES, header_title

    title = header_title("Wählergemeinschaft für eine lebenswerte und bürgernahe Stadt von morgen und übermorgen", 2024)
    lines = title.split("\n")
    assert len(lines) == MAX_PARTY_LINES + 1 and lines[-1] == "2024"
    assert lines[-2].endswith("…")


def test_printed_counts_are_legible_on_their_shade(six) -> None:  # type: ignore[no-untyped-def]
    import re

    from canvass_app.ui.overview_print import overview_html
    from canvass_app.ui.theme import contrast

    page = overview_html(six.content.overview(max_depth=1))
    pairs = re.findall(r"background-color:(#[0-9a-f]{6}); color:(#[0-9a-f]{6})", page)
    assert len({shade for shade, _ in pairs}) > 10  # many shades, from 1 passage to the most
    for shade, ink in pairs:
        assert contrast(ink, shade) >= 4.5, (ink, shade)


def test_a_narrow_sidebar_still_tells_programmes_of_one_party_apart(qtbot, six) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QStandardItem
    from PySide6.QtWidgets import QStyleOptionViewItem

    from canvass_app.ui.main_window import MainWindow
    from canvass_app.ui.sidebar import ELIDE_MIDDLE_ROLE

    settings = QSettings(str(six.data_dir / "test-settings-narrow.ini"), QSettings.Format.IniFormat)
    window = MainWindow(six, settings=settings)
    qtbot.addWidget(window)
    window.resize(1024, 600)
    window.show()
    qtbot.waitUntil(lambda: window.sidebar.loaded, timeout=10000)
    tree = window.sidebar.tree
    root = window.sidebar.programmes_root
    # Local groups of one party whose names differ only in the place, as the sidebar lists them.
    places = ("Aalen", "Alzey", "Arnstadt")
    # Every programme row is elided in the middle (its end names the place), a topic at its end.
    assert all(root.child(i).data(ELIDE_MIDDLE_ROLE) for i in range(root.rowCount()))
    delegate = tree.itemDelegate()
    for index, mode in ((root.child(0).index(), Qt.TextElideMode.ElideMiddle),
                        (window.sidebar.topics_root.child(1).index(), Qt.TextElideMode.ElideRight)):
        option = QStyleOptionViewItem()
        option.initFrom(tree)
        option.textElideMode = Qt.TextElideMode.ElideRight  # the tree's own
        delegate.initStyleOption(option, index)
        assert option.textElideMode == mode, index.data()
    for place in places:
        item = QStandardItem(f"2024 · BÜNDNIS 90/DIE GRÜNEN {place}")
        item.setData(True, ELIDE_MIDDLE_ROLE)  # as the sidebar marks a programme
        root.appendRow(item)
    rows = [root.child(root.rowCount() - len(places) + i).index() for i in range(len(places))]
    tree.scrollTo(rows[-1])
    qtbot.waitUntil(lambda: all(tree.visualRect(r).height() > 0 for r in rows))
    assert tree.fontMetrics().horizontalAdvance(str(rows[0].data())) > tree.visualRect(rows[0]).width()
    # What the tree draws for each row: three different pictures, not three equal stubs.
    image = tree.viewport().grab().toImage()
    drawn = {bytes(image.copy(tree.visualRect(r)).constBits()) for r in rows}
    assert len(drawn) == len(places)


@pytest.mark.parametrize("dark", [False, True])
@pytest.mark.parametrize("selected", [False, True])
def test_a_cells_number_never_stands_on_its_bar(qapp, dark: bool, selected: bool) -> None:  # type: ignore[no-untyped-def]
    """Light text on the lightened bar of a dark palette was 4.0:1, on a selected cell 2.7:1; and a
    selected cell shows its bar (highlight on highlight vanished)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import (
        QFont,
        QFontMetrics,
        QImage,
        QPainter,
        QStandardItem,
        QStandardItemModel,
    )
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from canvass_app.ui.overview_view import SHARE_ROLE, BarDelegate, cell_layout
    from canvass_app.ui.theme import palette_for

    palette = palette_for(dark)
    model = QStandardItemModel(1, 2)
    delegate = BarDelegate()
    rect = QRect(0, 0, 140, 30)
    pictures = []
    for column, share in enumerate((1.0, 0.001)):  # the longest bar, and the shortest
        item = QStandardItem()
        item.setData(1234, COUNT_ROLE)
        item.setData(share, SHARE_ROLE)
        model.setItem(0, column, item)
        option = QStyleOptionViewItem()
        option.palette = palette
        option.rect = rect
        option.state = QStyle.StateFlag.State_Selected if selected else QStyle.StateFlag.State_None
        image = QImage(rect.size(), QImage.Format.Format_ARGB32)
        image.fill(palette.base().color())
        option.fontMetrics = QFontMetrics(QFont())
        painter = QPainter(image)
        delegate.paint(painter, option, model.index(0, column))
        painter.end()
        pictures.append(image)
    longest, shortest = pictures
    metrics = QFontMetrics(QFont())
    _bar, text = cell_layout(rect, 1.0, metrics)
    assert metrics.horizontalAdvance("1234") <= text.width()
    # Where the number stands, the longest bar looks exactly like the shortest: no bar there.
    assert longest.copy(text) == shortest.copy(text)
    # And the longest bar is drawn (left of the number).
    assert longest.copy(0, 0, text.left(), rect.height()) != shortest.copy(0, 0, text.left(), rect.height())


def test_programmes_of_one_party_and_year_get_columns_that_read_apart() -> None:
    from types import SimpleNamespace

    from canvass_app.ui.overview_view import column_titles

    def programme(pid: str, party: str, year: int, title: str) -> SimpleNamespace:
        return SimpleNamespace(id=pid, party=party, year=year, title=title)

    titles = column_titles([
        programme("brandenburg-spd-2024", "SPD", 2024, "Kommunalwahlprogramm Brandenburg an der Havel"),
        programme("aalen-spd-2024", "SPD", 2024, "Kommunalwahlprogramm Aalen"),
        programme("vs-spd-2024", "SPD", 2024, "Kommunalwahlprogramm Villingen-Schwenningen"),
        programme("a-cdu-2024", "CDU", 2024, "Programm"),
        programme("b-cdu-2024", "CDU", 2024, "Programm"),
        programme("spd-2020", "SPD", 2020, "Besser werden"),
    ])
    assert len(set(titles)) == len(titles), titles
    assert titles[0].split("\n")[-1].startswith("Brandenburg")
    assert titles[1].split("\n")[-1] == "Aalen"
    assert titles[2].split("\n")[-1] == "Villingen-Schwenningen"  # a long word whole, not "…"
    assert titles[3].endswith("a-cdu-2024") and titles[4].endswith("b-cdu-2024")  # same titles: the IDs
    assert titles[5] == "SPD\n2020", "a programme alone in its party and year keeps its title"


def test_long_topic_titles_leave_room_for_programmes_on_a_small_screen(qtbot, six) -> None:  # type: ignore[no-untyped-def]
    """At 1024 pixels with the sidebar the overview is about 700 pixels wide: topic titles sized
    to the longest left room for two programmes. They are cut short instead, whole in the tooltip."""
    from PySide6.QtGui import QFont, QFontMetrics

    from canvass_app.ui.overview_view import ROW_TITLE_SHARE

    view, _ = _view(qtbot, six)
    bold = QFont(view.font())
    bold.setBold(True)
    needed = {
        r.title: QFontMetrics(bold if r.depth == 0 else view.font()).horizontalAdvance("    " * r.depth + r.title)
        for r in view.overview.rows
    }
    view.resize(700, 520)
    qtbot.waitUntil(lambda: view.rows_header.width() <= view.table.width() * ROW_TITLE_SHARE + 1)
    _left, shown, _right = view.columns_in_sight()
    assert shown >= 3, "three programmes side by side at 1024 pixels"
    cut = [i for i, r in enumerate(view.overview.rows) if needed[r.title] + 24 > view.rows_header.width()]
    assert all(view.model.headerData(i, Qt.Orientation.Vertical).endswith("…") for i in cut), "cut short visibly"
    assert cut, "the longest titles no longer fit"
    for i in cut:
        assert view.model.headerData(i, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole) == view.overview.rows[i].title
    # With room to spare every title is whole.
    view.resize(1600, 700)
    qtbot.waitUntil(lambda: view.rows_header.width() >= max(needed.values()) + 24)
    assert not any(view.model.headerData(i, Qt.Orientation.Vertical).endswith("…") for i in cut)
