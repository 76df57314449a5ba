"""Showing user and pack text verbatim in Qt: labels take it as plain text, tooltips as escaped rich text.

Qt guesses (``Qt.AutoText``) whether a label or tooltip is HTML; a card
question from a pack or a note must never be guessed to be one.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def tooltip(text: str) -> str:
    """A tooltip that shows ``text`` character for character (a tooltip cannot be told to be plain)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def plain_label(label: QLabel) -> QLabel:
    """``label`` set to show its text as plain characters, never as markup."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def warn(parent: QWidget | None, title: str, message: str) -> None:
    """A modal warning whose message (it may name a file or an ID from a pack) is shown as plain text."""
    # Parented to the window (not a view inside it): the window fits its dialogs to the screen.
    owner = parent.window() if parent is not None else None
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, owner)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
