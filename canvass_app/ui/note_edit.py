"""Editing one note's text and tags in the list of all notes: Speichern (Strg+Enter) or Abbrechen (Esc)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from canvass_app.notes.model import Note
from canvass_app.ui.notes_panel import parse_tags
from canvass_app.ui.plain import plain_label

EDIT_LINES = 5


def save_failed_message(reason: str) -> str:
    """The one sentence a failed edit shows: nothing changed, and why."""
    return f"Notiz nicht gespeichert, sie bleibt, wie sie war: {reason}"


class NoteEditPane(QFrame):
    """The text and tags of the note being edited, with what happened to the last save."""

    save_requested = Signal(str, str, object)  # note ID, text, tags
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noteEditPane")
        self.note: Note | None = None
        self.where_text = ""
        self.saving = False

        self.where = plain_label(QLabel())
        self.where.setObjectName("mutedLabel")
        self.where.setWordWrap(True)
        self.where.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.where.setAccessibleName(self.tr("Wozu die Notiz gehört"))
        self.text = QPlainTextEdit()
        self.text.setObjectName("noteEditText")
        self.text.setAccessibleName(self.tr("Notiztext bearbeiten"))
        self.text.setToolTip(self.tr("Strg+Enter speichert, Esc bricht ab"))
        self.text.setTabChangesFocus(True)
        self._fit_text_height()
        self.tags = QLineEdit()
        self.tags.setObjectName("noteEditTags")
        self.tags.setAccessibleName(self.tr("Schlagwörter bearbeiten"))
        self.tags.setToolTip(self.tr("Schlagwörter, durch Komma getrennt, z. B. Einwand, Nachfassen"))
        self.tags.setPlaceholderText(self.tr("Schlagwörter, kommagetrennt"))
        self.message = plain_label(QLabel())
        self.message.setObjectName("noteEditMessage")
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.message.setAccessibleName(self.tr("Speicherstand"))
        self.save_button = QPushButton(self.tr("Speichern"))
        self.save_button.setAccessibleName(self.tr("Änderung der Notiz speichern"))
        self.save_button.setToolTip(self.tr("Text und Schlagwörter speichern (Strg+Enter)"))
        self.save_button.clicked.connect(self.request_save)
        self.cancel_button = QPushButton(self.tr("Abbrechen"))
        self.cancel_button.setAccessibleName(self.tr("Bearbeiten abbrechen"))
        self.cancel_button.setToolTip(self.tr("Die Notiz bleibt, wie sie war (Esc)"))
        self.cancel_button.clicked.connect(self.cancel)

        for widget in (self.text, self.tags, self.save_button, self.cancel_button):
            widget.installEventFilter(self)

        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.where)
        layout.addWidget(self.text)
        layout.addWidget(self.tags)
        layout.addLayout(buttons)
        self.hide()

    def _fit_text_height(self) -> None:
        # Five lines of the note in sight (a longer one scrolls): the list above keeps the
        # rest of a 600-pixel screen, at every text size.
        margins = self.text.contentsMargins()
        document = self.text.document().documentMargin()
        lines = self.text.fontMetrics().lineSpacing() * EDIT_LINES
        self.text.setFixedHeight(lines + int(2 * document) + margins.top() + margins.bottom() + 4)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_text_height()

    def start(self, note: Note, where: str) -> None:
        self.note = note
        self.where_text = where
        self.saving = False
        self.where.setText(self.tr("Bearbeiten: %s") % where)
        self.text.setPlainText(note.text)
        self.tags.setText(", ".join(note.tags))
        self.message.setText("")
        self._set_busy(False)
        self.show()
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)
        self.text.moveCursor(self.text.textCursor().MoveOperation.End)

    @property
    def editing(self) -> bool:
        return self.note is not None

    def changed(self) -> bool:
        note = self.note
        return note is not None and (
            self.text.toPlainText() != note.text or parse_tags(self.tags.text()) != note.tags
        )

    def request_save(self) -> None:
        if self.note is None or self.saving:
            return
        if not self.changed():
            self.cancel()  # nothing to write: done, as a good editor closes on an unchanged save
            return
        self.saving = True
        self._set_busy(True)
        self.message.setText(self.tr("Wird gespeichert …"))
        self.save_requested.emit(self.note.id, self.text.toPlainText(), parse_tags(self.tags.text()))

    def save_failed(self, message: str) -> None:
        """The store kept the old note; the typed text stays here to try again or cancel."""
        self.saving = False
        self._set_busy(False)
        self.message.setText(message)
        self.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish(self) -> None:
        self.note = None
        self.saving = False
        self.hide()

    def cancel(self) -> None:
        if self.saving:
            return  # the store is writing; its answer closes or keeps the pane
        self.finish()
        self.cancelled.emit()

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.text, self.tags, self.save_button, self.cancel_button):
            widget.setEnabled(not busy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.cancel()
                return True
            ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (ctrl or watched is self.tags):
                self.request_save()
                return True
        return super().eventFilter(watched, event)
