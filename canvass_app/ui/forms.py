"""Forms whose labels stand level with their fields.

Qt's QFormLayout puts a label at the top of its row, at most 7/4 of its own height tall, so
next to a 40px touch-sized field its text sat about 5px above the field's text. Every form
of the app is a :class:`FormLayout`: after Qt has placed the row, the label gets the field's
height (a one-line field) or the height of one field line at the top of a tall one (a text
box), and its text, centred vertically, lines up with the field's.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from canvass_app.ui.theme import TOUCH_TARGET


class FormLayout(QFormLayout):
    """A QFormLayout whose labels are vertically centred on their field's (first) line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        for row in range(self.rowCount()):
            label_item = self.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = self.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None or not isinstance(label_item.widget(), QLabel):
                continue
            label = label_item.widget()
            field = field_item.geometry()
            place = label.geometry()
            if place.bottom() < field.top() or place.isEmpty():
                continue  # wrapped rows: the label stands above its field
            # A one-line field: its height. A text box: one field line at its top.
            line = field.height() if field.height() <= 2 * TOUCH_TARGET else max(TOUCH_TARGET, label.sizeHint().height())
            label.setGeometry(QRect(place.left(), field.top(), place.width(), line))
            label.setAlignment((label.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask) | Qt.AlignmentFlag.AlignVCenter)
