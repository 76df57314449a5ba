"""The main window: a shell that hosts the views and receives the library it shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QVBoxLayout, QWidget

from canvass_app import APP_NAME, __version__
from canvass_app.library import Library


class MainWindow(QMainWindow):
    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.setWindowTitle(f"{APP_NAME} {__version__}")
        self.resize(1100, 750)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.search_field = QLineEdit(central)
        self.search_field.setPlaceholderText(self.tr("Suchen: Frage oder Stichwort eingeben …"))
        self.search_field.setAccessibleName(self.tr("Suche"))
        self.search_field.setClearButtonEnabled(True)
        layout.addWidget(self.search_field)
        hint = QLabel(self.tr("Willkommen bei Canvass. Tippe eine Frage, z. B. „Glasfaser“."), central)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("Bereit"))
        self.search_field.setFocus()
