"""What a person must see to use a control is drawn so it can be seen, in a light and a dark palette.

Found by photographing the window over six imported programmes: unticked boxes that were not
there in dark mode, muted text and disabled buttons in the plain text colour, and a result
list that stayed blank once a search had more hits than fit.
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QListView,
    QStyle,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from canvass_app.ui import theme
from canvass_app.ui.search_model import ResultRow


def _styled(qtbot, child: QWidget, dark: bool) -> QWidget:  # type: ignore[no-untyped-def]
    """``child`` in a window styled as the app styles its windows (stylesheet, touch style, palette)."""
    theme.use_touch_style()
    holder = QWidget()
    qtbot.addWidget(holder)
    palette = theme.palette_for(dark)
    holder.setPalette(palette)
    holder.setStyleSheet(theme.resolved_stylesheet(palette))
    QVBoxLayout(holder).addWidget(child)
    holder.resize(420, 160)
    holder.show()
    qtbot.waitExposed(holder)
    return holder


def _strongest_contrast(image: QImage, x0: int, y0: int, x1: int, y1: int, background: QColor) -> float:
    best = 1.0
    for y in range(max(0, y0), min(image.height(), y1)):
        for x in range(max(0, x0), min(image.width(), x1)):
            best = max(best, theme.contrast(image.pixelColor(x, y), background))
    return best


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_an_unticked_box_in_a_list_can_be_seen(qtbot, dark: bool) -> None:  # type: ignore[no-untyped-def]
    # The card editor's topics and the phone export's lists: checkable items in a list view.
    model = QStandardItemModel()
    item = QStandardItem("Wohnen")
    item.setCheckable(True)
    item.setCheckState(Qt.CheckState.Unchecked)
    model.appendRow(item)
    view = QListView()
    view.setModel(model)
    holder = _styled(qtbot, view, dark)  # noqa: F841 (kept alive while the view is looked at)
    option = QStyleOptionViewItem()
    option.initFrom(view.viewport())
    option.rect = view.visualRect(model.index(0, 0))
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    option.widget = view
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    assert box.height() >= 18, f"the box is {box.height()}px: too small to tick with a finger"
    image = view.viewport().grab().toImage()
    base = view.viewport().palette().color(QPalette.ColorRole.Base)
    ink = _strongest_contrast(image, box.left() - 1, box.top() - 1, box.right() + 2, box.bottom() + 2, base)
    assert ink >= theme.MIN_CONTROL_CONTRAST, f"the unticked box stands out {ink:.2f}:1 from the field"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_an_unticked_check_box_can_be_seen(qtbot, dark: bool) -> None:  # type: ignore[no-untyped-def]
    box = QCheckBox("Unterthemen zeigen")
    holder = _styled(qtbot, box, dark)
    image = box.grab().toImage()
    window = holder.palette().color(QPalette.ColorRole.Window)
    indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator, _check_option(box), box)
    ink = _strongest_contrast(
        image, indicator.left() - 1, indicator.top() - 1, indicator.right() + 2, indicator.bottom() + 2, window
    )
    assert ink >= theme.MIN_CONTROL_CONTRAST, f"the unticked box stands out {ink:.2f}:1 from the window"


def _check_option(box: QCheckBox):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QStyleOptionButton

    option = QStyleOptionButton()
    option.initFrom(box)
    option.text = box.text()
    return option


def test_a_translucent_placeholder_colour_is_laid_over_its_background(qapp) -> None:  # type: ignore[no-untyped-def]
    # Qt's own default: the text colour at half opacity. Its name alone is pure black.
    palette = QPalette(QColor("#efefef"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(0, 0, 0, 128))
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    muted = theme.readable(palette.color(QPalette.ColorRole.PlaceholderText), window)
    assert muted.alpha() == 255
    assert theme.contrast(muted, window) >= theme.MIN_CONTRAST
    # Muted, not the text colour: secondary lines and disabled buttons look different.
    assert theme.contrast(muted, text) > 1.5, muted.name()
    sheet = theme.resolved_stylesheet(palette)
    assert "palette(placeholder-text)" not in sheet
    assert text.name() not in sheet


def test_a_long_result_list_is_laid_out_and_drawn(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    """More hits than fit: every row gets its place (the list was blank, laying itself out for ever)."""
    view = window.search_view
    window.resize(1024, 600)
    words = " ".join(["Wohnungsbau und bezahlbare Mieten für alle in der Stadt"] * 4)
    rows = [
        ResultRow(kind="passage", id=f"p{n}", snippet=f"<b>Mieten</b> {words[: 60 + 17 * n]}", text=words,
                  party="SPD Dortmund", year=2020, section_title=f"Abschnitt {n}")
        for n in range(24)
    ]
    view.model.set_results("Mieten", rows)
    view._body.setCurrentWidget(view.list)
    last = view.model.index(len(rows) - 1)
    qtbot.waitUntil(lambda: view.list.visualRect(last).isValid(), timeout=5000)
    bar = view.list.verticalScrollBar()
    assert bar.maximum() > 0
    steady = bar.maximum()
    qtbot.wait(300)
    assert bar.maximum() == steady, "the list keeps laying itself out again"


@pytest.mark.parametrize("step", [0, 3])
def test_the_dots_of_a_capital_umlaut_are_drawn(qtbot, step: int) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    label = QLabel("ÜBER BÜNDNIS ÖDP")
    label.setObjectName("mutedLabel")
    holder = _styled(qtbot, label, dark=False)
    font = label.font()
    font.setPointSizeF(theme.point_size(step))
    label.setFont(font)
    label.adjustSize()
    image = label.grab().toImage()
    window = holder.palette().color(QPalette.ColorRole.Window)
    top_row_ink = _strongest_contrast(image, 0, 0, image.width(), 1, window)
    assert top_row_ink < 1.5, "the label's first pixel row has ink: the umlaut dots run off its top"
    assert _strongest_contrast(image, 0, 0, image.width(), image.height(), window) >= theme.MIN_CONTRAST


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_number_field_has_a_visible_edge(qtbot, dark: bool) -> None:  # type: ignore[no-untyped-def]
    # The import dialog's year and the briefing's date keep the style's own frame (and arrows).
    from PySide6.QtWidgets import QSpinBox

    field = QSpinBox()
    field.setRange(1990, 2100)
    field.setValue(2025)
    holder = _styled(qtbot, field, dark)
    image = field.grab().toImage()
    window = holder.palette().color(QPalette.ColorRole.Window)
    middle = image.height() // 2
    left_edge = _strongest_contrast(image, 0, middle - 2, 2, middle + 2, window)
    assert left_edge >= theme.MIN_CONTROL_CONTRAST, f"the field's edge stands out {left_edge:.2f}:1 from the window"


def test_the_meaning_heading_stands_outside_the_chosen_hit(qtbot) -> None:  # type: ignore[no-untyped-def]
    """"Ähnliche Stellen – andere Worte" heads the section; drawn inside the highlight it read as part of the hit."""
    from canvass_app.ui.result_delegate import ResultDelegate
    from canvass_app.ui.search_model import MEANING_LABEL, SearchResultsModel

    view = QListView()
    model = SearchResultsModel(view)
    view.setModel(model)
    view.setItemDelegate(ResultDelegate(view))
    holder = _styled(qtbot, view, dark=True)  # noqa: F841 (kept alive while the view is looked at)
    rows = [
        ResultRow(kind="passage", id=f"m{n}", snippet="Wohnraum schaffen", text="Wohnraum schaffen",
                  party="SSW", year=2025, section_title="Wohnen", match="meaning")
        for n in range(2)
    ]
    rows[0] = dataclasses.replace(rows[0], section_label=MEANING_LABEL)  # as run_search marks the section
    model.set_results("Quxvblorf", rows)
    first = model.index(0)
    assert MEANING_LABEL in model.row_at(0).section_label
    view.setCurrentIndex(first)
    qtbot.waitUntil(lambda: view.visualRect(first).isValid())
    rect = view.visualRect(first)
    image = view.viewport().grab().toImage()
    highlight = view.palette().color(QPalette.ColorRole.Highlight)

    def highlighted(y: int) -> bool:
        return image.pixelColor(rect.left() + 2, y).rgb() == highlight.rgb()

    assert not highlighted(rect.top() + 2), "the heading is drawn inside the chosen hit's highlight"
    assert highlighted(rect.bottom() - 3), "the hit itself is not shown as chosen"
    heading_ink = _strongest_contrast(image, rect.left(), rect.top(), rect.right(), rect.top() + 24,
                                      view.palette().color(QPalette.ColorRole.Base))
    assert heading_ink >= theme.MIN_CONTRAST
