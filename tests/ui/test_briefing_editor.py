"""The briefing composer: adding, reordering by drag and drop, saving, reopening, exporting."""

from __future__ import annotations

import json
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox

from canvass_app.export.briefing import BriefingItem, load_briefing
from canvass_app.ui.briefing_editor import BriefingEditor, BriefingItemsModel

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "briefings"


@pytest.fixture
def editor(qtbot, library):  # type: ignore[no-untyped-def]
    picks: list[str] = []

    def pick(kind: str, entries: list[tuple[str, str]]) -> str | None:
        wanted = picks.pop(0)
        assert wanted in [key for key, _ in entries], f"{wanted} is offered for {kind}"
        return wanted

    messages: list[str] = []
    texts: list[BriefingItem | None] = []
    widget = BriefingEditor(
        library, report=messages.append, pick=pick, write_text=lambda *_args: texts.pop(0)
    )
    widget.picks = picks  # type: ignore[attr-defined]
    widget.texts = texts  # type: ignore[attr-defined]
    widget.messages = messages  # type: ignore[attr-defined]
    answers: list[QMessageBox.StandardButton] = []
    widget.answers = answers  # type: ignore[attr-defined]
    # No modal question in tests: answer from the list, else throw the changes away.
    widget.ask_unsaved = lambda: answers.pop(0) if answers else QMessageBox.StandardButton.Discard  # type: ignore[method-assign]
    qtbot.addWidget(widget)
    return widget


def _refs(model: BriefingItemsModel) -> list[str]:
    return [item.ref or item.text for item in model.items()]


def test_compose_save_and_reopen(editor, library) -> None:  # type: ignore[no-untyped-def]
    editor.title.setText("Schulung Hörde")
    editor.date.setDate(QDate(2025, 9, 6))
    editor.intro.setPlainText("Kurz und freundlich.")
    editor.picks.extend(["glasfaser", "handwerk", "spd-dortmund-2020-wirtschaft:0e810b58"])
    editor.add_item("card")
    editor.add_item("topic")
    editor.add_item("passage")
    note = library.notes.add("Bei Frau K. klingeln: sie wollte Infos zur Reparaturprämie.")
    editor.picks.append(note.id)
    editor.add_item("note")
    assert editor.model.rowCount() == 4
    assert "Karte: " in editor.model.data(editor.model.index(0))
    assert library.content.card("glasfaser").question in editor.model.data(editor.model.index(0))

    path = editor.save()
    assert path is not None and path.parent == library.data_dir / "briefings"
    assert not editor.dirty
    saved = load_briefing(path)
    assert saved.title == "Schulung Hörde"
    assert saved.date == "2025-09-06"
    assert [i.type for i in saved.items] == ["card", "topic", "passage", "note"]

    editor.new()
    assert editor.model.rowCount() == 0
    assert editor.open_file(path)
    assert editor.title.text() == "Schulung Hörde"
    assert _refs(editor.model) == ["glasfaser", "handwerk", "spd-dortmund-2020-wirtschaft:0e810b58", note.id]
    assert editor.date.date() == QDate(2025, 9, 6)


def test_drag_and_drop_reorders(editor) -> None:  # type: ignore[no-untyped-def]
    editor.set_briefing(load_briefing(FIXTURES / "nordstadt.json"))
    model = editor.model
    before = _refs(model)
    # Drag row 5 (the Reparaturprämie card) and drop it before row 1, through the model's
    # drag-and-drop interface as the list view does it.
    mime = model.mimeData([model.index(5)])
    accepted = model.dropMimeData(mime, Qt.DropAction.MoveAction, 1, 0, QModelIndex())
    assert accepted is False  # the view must not delete the "source" row afterwards
    after = _refs(model)
    assert after[1] == "reparaturpraemie"
    assert sorted(after, key=str) == sorted(before, key=str)
    assert after == [before[0], before[5], *before[1:5], before[6]]
    assert editor.dirty

    # Dropping on the end (no row) moves to the end.
    mime = model.mimeData([model.index(0)])
    model.dropMimeData(mime, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    assert _refs(model)[-1] == before[0]


def test_list_view_is_set_up_for_internal_moves(editor) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractItemView

    view = editor.view
    assert view.dragDropMode() == QAbstractItemView.DragDropMode.InternalMove
    assert view.model().flags(QModelIndex()) & Qt.ItemFlag.ItemIsDropEnabled  # drop between rows
    editor.set_briefing(load_briefing(FIXTURES / "nordstadt.json"))
    flags = editor.model.flags(editor.model.index(0))
    assert flags & Qt.ItemFlag.ItemIsDragEnabled
    assert editor.model.supportedDropActions() == Qt.DropAction.MoveAction


def test_move_buttons_and_remove(editor) -> None:  # type: ignore[no-untyped-def]
    editor.set_briefing(load_briefing(FIXTURES / "nordstadt.json"))
    before = _refs(editor.model)
    editor.view.setCurrentIndex(editor.model.index(2))
    editor.move_selected(-1)
    assert _refs(editor.model)[1] == before[2]
    assert editor.selected_rows() == [1]
    editor.move_selected(1)
    editor.move_selected(1)
    assert _refs(editor.model)[3] == before[2]
    editor.remove_selected()
    assert editor.model.rowCount() == len(before) - 1
    assert before[2] not in _refs(editor.model)


def test_model_move_rows_follows_qt_convention() -> None:
    model = BriefingItemsModel()
    for ref in "abcd":
        model.append(BriefingItem("card", ref=ref), ref)
    assert model.moveRows(QModelIndex(), 0, 1, QModelIndex(), 3)
    assert _refs(model) == ["b", "c", "a", "d"]
    assert not model.moveRows(QModelIndex(), 1, 1, QModelIndex(), 2)  # onto itself
    assert model.moveRows(QModelIndex(), 3, 1, QModelIndex(), 0)
    assert _refs(model) == ["d", "b", "c", "a"]


def test_export_pdf_and_html_in_pocket_layout(editor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    editor.set_briefing(load_briefing(FIXTURES / "nordstadt.json"))
    editor.layout_choice.setCurrentIndex(editor.layout_choice.findData("pocket"))
    pdf = editor.export_pdf(tmp_path / "tasche.pdf")
    html = editor.export_html(tmp_path / "tasche.html")
    assert pdf is not None and html is not None
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(str(pdf)).pages)
    assert "Taschenkarten" in text
    assert "Treffpunkt" not in text
    assert '<div class="pocket">' in html.read_text(encoding="utf-8")
    assert any("PDF gespeichert" in m for m in editor.messages)


def test_a_broken_file_is_reported_not_raised(editor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "kaputt.json"
    broken.write_text(json.dumps({"format": "canvass-briefing", "version": 1}), encoding="utf-8")
    assert not editor.open_file(broken)
    assert editor.messages and "der Titel" in editor.messages[-1]
    assert "\n" not in editor.messages[-1]


def test_a_missing_card_is_reported_when_exporting(editor, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    editor.title.setText("Lücke")
    editor.model.append(BriefingItem("card", ref="gibt-es-nicht"), "gibt-es-nicht (nicht gefunden)")
    assert editor.export_pdf(tmp_path / "x.pdf") is None
    assert not (tmp_path / "x.pdf").exists()
    assert "Karte 'gibt-es-nicht'" in editor.messages[-1]


def test_own_text_is_added_and_edited_by_double_click(editor) -> None:  # type: ignore[no-untyped-def]
    editor.texts.append(BriefingItem("text", title="Treffpunkt", text="18 Uhr am Markt."))
    editor.add_item("text")
    assert editor.model.data(editor.model.index(0)) == "Eigener Text: Treffpunkt"
    editor.texts.append(BriefingItem("text", title="Treffpunkt", text="19 Uhr am Markt."))
    editor.view.doubleClicked.emit(editor.model.index(0))
    assert editor.model.items()[0].text == "19 Uhr am Markt."
    editor.texts.append(None)  # cancelled: nothing added
    editor.add_item("text")
    assert editor.model.rowCount() == 1


def test_unsaved_changes_are_not_lost_silently(editor, library) -> None:  # type: ignore[no-untyped-def]
    editor.title.setText("Ungespeichert")
    editor.picks.append("glasfaser")
    editor.add_item("card")
    editor.answers.append(QMessageBox.StandardButton.Cancel)
    editor.new()
    assert editor.title.text() == "Ungespeichert" and editor.model.rowCount() == 1
    editor.answers.append(QMessageBox.StandardButton.Save)
    editor.new()
    assert editor.model.rowCount() == 0
    saved = [value for _, value in library.briefings.entries()]
    assert [b.title for b in saved] == ["Ungespeichert"]


def test_the_picker_adds_several_cards_at_once_and_shows_the_topic_tree(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui.briefing_editor import PickerDialog

    cards = [(c.id, c.question) for c in library.content.cards()][:5]
    dialog = PickerDialog("Karte hinzufügen", cards, None)
    qtbot.addWidget(dialog)
    for row in (0, 2, 3):
        dialog.list.item(row).setSelected(True)
    assert dialog.chosen_all() == [cards[0][0], cards[2][0], cards[3][0]]

    widget = BriefingEditor(library, pick=lambda kind, entries: [key for key, _ in entries[:3]])
    qtbot.addWidget(widget)
    widget.add_item("card")
    assert widget.model.rowCount() == 3
    assert widget.status.text().startswith("3 Einträge")
    topics = widget._choices("topic")
    assert any(label.startswith("    ") for _key, label in topics), "sub-topics are indented under their parent"


def test_one_entry_is_one_eintrag(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    widget = BriefingEditor(library, pick=lambda kind, entries: entries[0][0])
    qtbot.addWidget(widget)
    widget.add_item("card")
    assert widget.status.text().startswith("1 Eintrag ·")
