"""Datei → Für das Handy exportieren …: the chooser dialog, the menu action, the page it writes."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from canvass_app.export.phone import PhoneSelection
from canvass_app.library import Library
from canvass_app.ui.phone_export import PhoneExchange, PhoneExportDialog
from canvass_app.ui.tasks import TaskRunner


def page_content(path: Path) -> dict[str, Any]:
    html = path.read_text(encoding="utf-8")
    found = re.search(r'id="canvass-content">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


def test_the_dialog_starts_with_every_card_and_topic_and_no_programme_in_full(qtbot, library: Library) -> None:
    dialog = PhoneExportDialog(library)
    qtbot.addWidget(dialog)
    chosen = dialog.selection()
    assert chosen.cards == tuple(c.id for c in library.content.cards())
    assert chosen.topics == tuple(t.id for t in library.content.topics())
    assert chosen.programmes == ()
    assert dialog.ok_button.isEnabled()


def test_choosing_in_the_lists_changes_what_is_exported(qtbot, library: Library) -> None:
    dialog = PhoneExportDialog(library)
    qtbot.addWidget(dialog)
    first_card = dialog.cards.index(0)
    assert dialog.cards.setData(first_card, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert library.content.cards()[0].id not in dialog.selection().cards
    dialog.programmes.setData(dialog.programmes.index(0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert dialog.selection().programmes == (library.corpus.programmes()[0].id,)
    # "Keine" on every tab: nothing to export, the button says no.
    for tab in range(dialog.tabs.count()):
        page: QWidget = dialog.tabs.widget(tab)
        none = next(b for b in page.findChildren(QPushButton) if b.text() == "Keine")
        qtbot.mouseClick(none, Qt.MouseButton.LeftButton)
    assert dialog.selection() == PhoneSelection(cards=(), topics=(), programmes=())
    assert not dialog.ok_button.isEnabled()
    assert "mindestens" in dialog.summary.text()
    assert dialog.cards.flags(first_card) & Qt.ItemFlag.ItemIsUserCheckable
    assert dialog.cards.rowCount(QModelIndex()) == len(library.content.cards())


def test_the_file_menu_offers_the_phone_export(window) -> None:  # type: ignore[no-untyped-def]
    texts = [a.text() for a in window.file_menu.actions()]
    assert "Für das Handy exportieren …" in texts
    assert window.export_phone_action in window.file_menu.actions()
    keys = window.export_phone_action.shortcuts()
    assert keys
    others = [a for a in window.actions() if a is not window.export_phone_action]
    assert not any(k in a.shortcuts() for a in others for k in keys), "the shortcut is taken"


class Host(QWidget):
    """What the exchange needs of the main window: the library, the task runner, the status line."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.runner = TaskRunner(self)
        self.messages: list[str] = []

    def report(self, message: str) -> None:
        self.messages.append(message)


def test_chosen_cards_are_written_to_the_chosen_file(qtbot, library: Library, tmp_path: Path) -> None:
    host = Host(library)
    qtbot.addWidget(host)
    exchange = PhoneExchange(host)
    exchange.ask_selection = lambda: PhoneSelection(cards=("glasfaser", "gruendung"), topics=("gruendungen",))
    exchange.ask_save_path = lambda: str(tmp_path / "team")  # no suffix typed
    exchange.export_dialog()
    qtbot.waitUntil(lambda: bool(host.messages), timeout=20000)
    assert host.messages[-1].startswith("Handy-Seite gespeichert:"), host.messages
    content = page_content(tmp_path / "team.html")
    assert [c["id"] for c in content["cards"]] == ["glasfaser", "gruendung"]
    assert [t["id"] for t in content["topics"]] == ["gruendungen"]
    host.runner.shutdown()


def test_a_cancelled_dialog_writes_nothing_and_a_bad_folder_says_so(qtbot, library: Library, tmp_path: Path) -> None:
    host = Host(library)
    qtbot.addWidget(host)
    exchange = PhoneExchange(host)
    exchange.ask_selection = lambda: None
    exchange.ask_save_path = lambda: str(tmp_path / "never.html")
    exchange.export_dialog()
    assert not (tmp_path / "never.html").exists()
    exchange.ask_selection = lambda: PhoneSelection(cards=("glasfaser",), topics=())
    exchange.ask_save_path = lambda: str(tmp_path / "missing" / "x.html")
    exchange.export_dialog()
    qtbot.waitUntil(lambda: bool(host.messages), timeout=20000)
    assert "gibt es nicht" in host.messages[-1] and "\n" not in host.messages[-1]
    host.runner.shutdown()
