"""A search result row is drawn whole: the dots of capital umlauts („BÜNDNIS“, „ÖDP“) are not cut off."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QListView, QStyleOptionViewItem

from canvass_app.ui.result_delegate import ResultDelegate
from canvass_app.ui.search_model import ResultRow, SearchResultsModel


def _top_ink(image: QImage, background: QColor) -> int:
    """The first pixel row (from the top) that is not the background."""
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if abs(colour.lightness() - background.lightness()) > 60:
                return y
    return image.height()


def _drawn(qtbot, party: str) -> int:  # type: ignore[no-untyped-def]
    view = QListView()
    qtbot.addWidget(view)
    model = SearchResultsModel(view)
    view.setModel(model)
    delegate = ResultDelegate(view)
    view.setItemDelegate(delegate)
    view.resize(500, 200)
    row = ResultRow(kind="passage", id="p1", snippet="Text", text="Text", party=party, year=2024, section_title="")
    model.set_results("Text", [row])
    view.show()
    qtbot.waitExposed(view)
    index = model.index(0)
    rect = view.visualRect(index)
    image = QImage(rect.size(), QImage.Format.Format_ARGB32)
    background = view.palette().base().color()
    image.fill(background)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = image.rect()
    option.font = view.font()
    option.widget = view
    delegate.paint(painter, option, index)
    painter.end()
    # Only the head line matters: cut the image at the first line's baseline area.
    return _top_ink(image.copy(0, 0, image.width(), delegate.PADDING + view.fontMetrics().height()), background)


def test_the_dots_of_capital_umlauts_are_drawn(qtbot) -> None:  # type: ignore[no-untyped-def]
    plain = _drawn(qtbot, "BUNDNIS OD")
    umlauts = _drawn(qtbot, "BÜNDNIS ÖD")
    # The dots stand above the capitals: ink starts higher than without them.
    assert umlauts < plain, (umlauts, plain)
