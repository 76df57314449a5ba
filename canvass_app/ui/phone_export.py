"""Datei → Für das Handy exportieren …: choose cards, topics and whole programmes, then write the phone page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from canvass_app.ui.file_exchange import FileExchange

PAGE_FILTER = "HTML-Seite (*.html)"
IdRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class ChoiceModel(QAbstractListModel):
    """A checkable list of (ID, label) pairs: what goes onto the page."""

    def __init__(self, items: Sequence[tuple[str, str]], checked: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items = list(items)
        self._checked = [checked] * len(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item_id, label = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            return item_id
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if self._checked[index.row()] else Qt.CheckState.Unchecked
        if role == IdRole:
            return item_id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.isValid() else base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else value
        self._checked[index.row()] = state == Qt.CheckState.Checked.value
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def set_all(self, checked: bool) -> None:
        self._checked = [checked] * len(self._items)
        if self._items:
            self.dataChanged.emit(self.index(0), self.index(len(self._items) - 1), [Qt.ItemDataRole.CheckStateRole])

    def chosen(self) -> tuple[str, ...]:
        return tuple(item_id for (item_id, _), on in zip(self._items, self._checked, strict=True) if on)


class PhoneExportDialog(QDialog):
    """Three checkable lists; every card and topic is chosen to begin with, no programme in full."""

    def __init__(self, library: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Für das Handy exportieren"))
        self.setObjectName("phoneExportDialog")
        content, corpus = library.content, library.corpus
        self.cards = ChoiceModel([(c.id, c.question) for c in content.cards()], True, self)
        self.topics = ChoiceModel([(t.id, t.title) for t in content.topics()], True, self)
        self.programmes = ChoiceModel(
            [(p.id, f"{p.party} {p.year}: {p.title}") for p in corpus.programmes()], False, self
        )
        intro = QLabel(self.tr(
            "Eine HTML-Datei fürs Handy: Antwortkarten, Themen und Suche, ohne Netz und ohne "
            "Installation. Notizen, die an der Tür entstehen, kommen über "
            "„Notizen importieren …“ zurück."
        ))
        intro.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._chooser(self.cards), self.tr("Antwortkarten"))
        self.tabs.addTab(self._chooser(self.topics), self.tr("Themen"))
        self.tabs.addTab(self._chooser(self.programmes), self.tr("Programme vollständig"))
        self.summary = QLabel()
        self.summary.setObjectName("mutedLabel")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(self.tr("Exportieren …"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        for model in (self.cards, self.topics, self.programmes):
            model.dataChanged.connect(self._update)
        self._update()
        self.resize(640, 560)

    def _chooser(self, model: ChoiceModel) -> QWidget:
        view = QListView()
        view.setModel(model)
        view.setUniformItemSizes(True)
        every = QPushButton(self.tr("Alle"))
        every.clicked.connect(lambda: model.set_all(True))
        none = QPushButton(self.tr("Keine"))
        none.clicked.connect(lambda: model.set_all(False))
        row = QHBoxLayout()
        row.addWidget(every)
        row.addWidget(none)
        row.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(view, 1)
        layout.addLayout(row)
        return page

    def _update(self) -> None:
        cards, topics, programmes = (len(m.chosen()) for m in (self.cards, self.topics, self.programmes))
        if cards + topics + programmes == 0:
            self.summary.setText(self.tr("Bitte mindestens eine Karte, ein Thema oder ein Programm wählen."))
        else:
            self.summary.setText(
                self.tr("%d Karten, %d Themen, %d Programme vollständig") % (cards, topics, programmes)
            )
        self.ok_button.setEnabled(cards + topics + programmes > 0)

    def selection(self) -> Any:
        from canvass_app.export.phone import PhoneSelection

        return PhoneSelection(
            cards=self.cards.chosen(), topics=self.topics.chosen(), programmes=self.programmes.chosen()
        )


def export_phone_page(library: Any, selection: Any, path: Path) -> str:
    """Build and write the page (in the background); the German line for the status bar."""
    from canvass_app.export.phone import build_phone_page, size_label, write_phone_page

    page = build_phone_page(library, selection)
    write_phone_page(page, path)
    return (
        f"Handy-Seite gespeichert: {path} ({size_label(page.size)}; {page.cards} Karten, "
        f"{page.topics} Themen, {page.passages} Textstellen)."
    )


class PhoneExchange(FileExchange):
    """Choose what goes onto the page, then where it is written; the dialog is replaceable in tests."""

    def __init__(self, window: Any) -> None:
        super().__init__(window, window.tr("Für das Handy exportieren"), "", "canvass-handy.html", PAGE_FILTER)
        self.ask_selection: Callable[[], Any] = self._ask_selection

    def _ask_selection(self) -> Any:
        dialog = PhoneExportDialog(self.window.library, self.window)
        try:
            return dialog.selection() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def export_dialog(self) -> None:
        selection = self.ask_selection()
        if selection is None:
            return
        self.selection = selection
        chosen = self.ask_save_path()
        if chosen:
            path = Path(chosen)
            self.export_to(path if path.suffix.lower() in (".html", ".htm") else path.with_suffix(".html"))

    def export_to(self, path: Path) -> None:
        from canvass_app.export.phone import PhoneSelection

        library, window = self.window.library, self.window
        selection = getattr(self, "selection", None) or PhoneSelection()
        window.runner.run(self, lambda: export_phone_page(library, selection, path), window.report, window.report)


def install_phone_export(window: Any) -> PhoneExchange:
    """File menu: "Für das Handy exportieren …"."""
    exchange = PhoneExchange(window)
    window.phone_exchange = exchange
    window.export_phone_action = window._action(
        window.tr("Für das Handy exportieren …"),
        window.tr("Karten, Themen und Suche als eine HTML-Datei fürs Handy, offline"),
        ["Ctrl+Alt+H"],
        exchange.export_dialog,
    )
    window.add_file_action(window.export_phone_action)
    return exchange
