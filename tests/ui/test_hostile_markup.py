"""Text from packs, notes and imports is shown verbatim: no label, tooltip or browser in any view renders it as markup.

The test fills a real data directory with markup everywhere a user or a pack
can put text (card question, tip, phrasings, note text and tags, a programme's
party, title and headings), opens every view on it, and walks every widget:
labels, tooltips, item-model tooltips, text browsers and message boxes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTextBrowser, QWidget

from canvass_app.library import Library
from canvass_app.notes.model import Target
from canvass_app.ui.navigation import Location

MARKUP = '<h1 style="color:red">GROSS</h1><img src="x.png">'


def _interpreted(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> bool:
    """Would Qt render the hostile markup in ``text`` (not show it as characters)?"""
    if "<h1" not in text:
        return False
    if fmt == Qt.TextFormat.PlainText:
        return False
    if fmt == Qt.TextFormat.RichText:
        return True
    return bool(GuiQt.mightBeRichText(text))


def _hostile_library(data_dir: Path, tmp_path: Path) -> Library:
    library = Library(data_dir)
    source = tmp_path / "boese.md"
    source.write_text(
        f"# Arbeit {MARKUP}\n\nWir schaffen gute Arbeit in Dortmund {MARKUP} und mehr Ausbildung.\n\n"
        "## Verkehr\n\nWir bauen Radwege in allen Stadtteilen aus, sicher und breit.\n",
        encoding="utf-8",
    )
    library.corpus.import_file(
        source, programme_id="boese-2025", party=f"Partei {MARKUP}", title=f"Titel {MARKUP}", year=2025
    )
    card = {
        "id": "boese-karte",
        "question": f"Frage {MARKUP}",
        "phrasings": [f"Auch {MARKUP}"],
        "answers": [{"programme": "boese-2025", "summary": f"Antwort {MARKUP}", "silent": True}],
        "topics": ["arbeit"],
        "tip": f"Tipp {MARKUP}",
    }
    (data_dir / "cards").mkdir()
    (data_dir / "cards" / "boese-karte.json").write_text(json.dumps(card), encoding="utf-8")
    library.notes.add(f"Notiz {MARKUP}", target=Target("card", "boese-karte"), tags=[f"tag{MARKUP}"[:90]])
    library.notes.add(f"Zweite Notiz {MARKUP}")
    return library


def _model_tooltips(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    found: list[str] = []
    stack = [QModelIndex()]
    while stack and len(found) < 2000:
        parent = stack.pop()
        for row in range(min(model.rowCount(parent), 500)):
            for column in range(1):
                index = model.index(row, column, parent)
                tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    found.append(tip)
                if model.rowCount(index) > 0:
                    stack.append(index)
    return found


def _offences(root: QWidget) -> list[str]:
    offences: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        name = f"{type(widget).__name__}({widget.objectName()})"
        if _interpreted(widget.toolTip()):
            offences.append(f"{name} tooltip")
        if isinstance(widget, QLabel) and _interpreted(widget.text(), widget.textFormat()):
            offences.append(f"{name} label: {widget.text()[:60]}")
        shown = widget.toPlainText() if isinstance(widget, QTextBrowser) else ""
        if "GROSS" in shown and "<h1" not in shown:
            offences.append(f"{name} browser renders the markup")
        if isinstance(widget, QAbstractItemView):
            offences.extend(f"{name} item tooltip" for tip in _model_tooltips(widget) if _interpreted(tip))
    return offences


@pytest.fixture
def hostile_window(qtbot, data_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    from canvass_app.ui.main_window import MainWindow

    win = MainWindow(_hostile_library(data_dir, tmp_path))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.sidebar.loaded, timeout=30000)
    return win


def test_no_view_renders_pack_note_or_programme_text_as_markup(qtbot, hostile_window) -> None:  # type: ignore[no-untyped-def]
    win = hostile_window
    library = win.library
    section = library.corpus.programme("boese-2025").sections[0]
    passage = section.passages[0]
    locations = [
        Location("card", "boese-karte"),
        Location("doorstep", "boese-karte"),
        Location("card-edit", "boese-karte"),
        Location("notes", ""),
        Location("section", f"boese-2025#{section.id}"),
        Location("passage", passage.id),
        Location("topic", "arbeit"),
        Location("search", "Arbeit"),
    ]
    if hasattr(win, "notes_panel"):
        win.notes_panel.setVisible(True)
    seen_views: set[str] = set()
    for location in locations:
        win.navigator.open(location)
        qtbot.wait(300)
        view = win.current_view()
        seen_views.add(type(view).__name__)
        qtbot.waitUntil(lambda: "GROSS" in _all_text(win), timeout=15000)
        assert _offences(win) == [], location
    if hasattr(win, "notes_panel"):
        note = library.notes.list()[0]
        win.notes_panel.show_note(note)
        qtbot.wait(200)
        assert _offences(win) == []
    assert len(seen_views) >= 6


def _all_text(root: QWidget) -> str:
    parts = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLabel):
            parts.append(widget.text())
        elif isinstance(widget, QTextBrowser):
            parts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractItemView):
            parts.extend(_model_tooltips(widget))
            model = widget.model()
            if model is not None:
                for row in range(min(model.rowCount(), 50)):
                    value = model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole)
                    parts.append(str(value))
        parts.append(widget.toolTip())
    return "\n".join(parts)


def test_the_offence_check_can_fail() -> None:
    label = QLabel(MARKUP)
    assert _offences(label) != []
    label.setTextFormat(Qt.TextFormat.PlainText)
    assert _offences(label) == []


def test_briefing_editor_shows_briefing_text_verbatim(qtbot, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.briefing_editor import BriefingEditor

    library = _hostile_library(data_dir, tmp_path)
    note = library.notes.list()[0]
    path = tmp_path / "briefing.json"
    path.write_text(json.dumps({
        "format": "canvass-briefing", "version": 1, "title": f"Training {MARKUP}", "intro": f"Intro {MARKUP}",
        "items": [
            {"type": "text", "title": f"Treffpunkt {MARKUP}", "text": f"18 Uhr {MARKUP}"},
            {"type": "card", "id": "boese-karte"},
            {"type": "note", "id": note.id},
        ],
    }), encoding="utf-8")
    messages: list[str] = []
    editor = BriefingEditor(library, report=messages.append)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.open_file(path), messages
    qtbot.wait(200)
    assert "GROSS" in _all_text(editor)
    assert _offences(editor) == []
