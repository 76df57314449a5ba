"""Trainer tools: edit a card with a quote taken from the passage, create one, live checks, card packs."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from canvass_app.library import Library
from canvass_app.ui.card_editor import MODE_CITED, MODE_SILENT, PassageRole, slug, whole_words
from canvass_app.ui.navigation import Location

SPD = "spd-dortmund-2020-wirtschaft"
GREENS = "gruene-dortmund-2025-wirtschaft"


def open_editor(qtbot, win, card_id: str):  # type: ignore[no-untyped-def]
    win.navigator.open(Location("card-edit", card_id))
    editor = win.card_editor
    assert win.current_view() is editor
    qtbot.waitUntil(lambda: editor.data is not None and editor.card_id == card_id and bool(editor.answer_boxes), timeout=20000)
    qtbot.waitUntil(lambda: "Lädt" not in " ".join(editor.problems))
    return editor


def pick_passage(qtbot, editor, words: str, programme: str) -> None:  # type: ignore[no-untyped-def]
    editor.passage_filter.clear()
    editor.passage_filter.insert(words)  # QTest can only type ASCII keys
    editor.programme_box.setCurrentIndex(editor.programme_box.findData(programme))
    assert editor.passage_proxy.rowCount() >= 1
    index = editor.passage_proxy.index(0, 0)
    editor.passage_list.setCurrentIndex(index)
    assert editor.passage is not None and editor.passage.id == index.data(PassageRole.ID)


def test_edit_a_card_with_a_quote_picked_from_the_passage(qtbot, real_window, library, data_dir) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    win.navigator.open(Location("card", "glasfaser"))
    qtbot.waitUntil(lambda: win.card_view.entry is not None and win.card_view.entry.id == "glasfaser", timeout=20000)
    qtbot.keyClick(win, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    editor = open_editor(qtbot, win, "glasfaser")
    assert editor.question.text() == library.content.card("glasfaser").question
    assert editor.problems == []  # the shipped card is sound
    spd_box = next(b for b in editor.answer_boxes if b.programme_id == SPD)
    before = len(spd_box.citations())

    pick_passage(qtbot, editor, "offenes WLAN Innenstadt", SPD)
    text = editor.passage_text.toPlainText()
    # A mouse drag that starts and ends inside words: the quote is widened to whole words.
    start = text.index("ffenes WLAN in der ganzen")
    end = text.index("Innenstadt") + len("Innen")
    editor.select_in_passage(start, end)
    assert editor.take_button.isEnabled()
    qtbot.mouseClick(editor.take_button, Qt.MouseButton.LeftButton)
    citations = spd_box.citations()
    assert len(citations) == before + 1
    assert citations[-1].quote == "offenes WLAN in der ganzen Innenstadt"
    assert citations[-1].passage_id == editor.passage.id
    # Taking the same words again adds nothing.
    qtbot.mouseClick(editor.take_button, Qt.MouseButton.LeftButton)
    assert len(spd_box.citations()) == before + 1
    assert editor.dirty

    editor.tip.setPlainText("Nach dem Anschluss im Haus fragen.")
    qtbot.waitUntil(lambda: editor.problems == [] and editor.save_button.isEnabled())
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.current_view() is win.card_view, timeout=10000)
    qtbot.waitUntil(lambda: win.card_view.entry is not None and "offenes WLAN in der ganzen Innenstadt" in win.card_view.text.toPlainText())
    assert "gespeichert" in win.statusBar().currentMessage()

    stored = json.loads((data_dir / "cards" / "glasfaser.json").read_text(encoding="utf-8"))
    assert stored["tip"] == "Nach dem Anschluss im Haus fragen."
    # A fresh library (as `canvass check` would open it) finds the card sound and in its place.
    fresh = Library(data_dir).content
    card = fresh.card("glasfaser")
    assert card.origin == "user"
    assert fresh.validate_card(card) == []
    assert "offenes WLAN in der ganzen Innenstadt" in [c.quote for c in card.citations()]


def test_create_a_new_card_with_live_checks(qtbot, real_window, data_dir) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = open_editor(qtbot, win, "")
    assert "Neue Karte" in editor.heading.text()
    assert not editor.save_button.isEnabled()

    qtbot.keyClicks(editor.question, "Gibt es Geld fuer Gruenderinnen?")
    assert editor.id_field.text() == "gibt-es-geld-fuer-gruenderinnen"
    qtbot.waitUntil(lambda: any("Gesprächstipp fehlt" in p for p in editor.problems))
    assert any("kein Thema" in p for p in editor.problems)
    assert not editor.save_button.isEnabled()
    assert "Noch nicht speicherbar" in editor.problems_label.text()

    editor.tip.insertPlainText("Auf die Gründungsberatung hinweisen.")
    topic_row = next(r for r in range(editor.topic_model.rowCount())
                     if editor.topic_model.item(r).data(Qt.ItemDataRole.UserRole) == "gruendungen")
    editor.topic_model.item(topic_row).setCheckState(Qt.CheckState.Checked)
    greens = next(b for b in editor.answer_boxes if b.programme_id == GREENS)
    spd = next(b for b in editor.answer_boxes if b.programme_id == SPD)
    # "With quote" but no quote yet: the same rule as `canvass check`.
    greens.set_mode(MODE_CITED)
    greens.summary.setPlainText("Die Grünen wollen Gründungen fördern.")
    qtbot.waitUntil(lambda: any("kein Beleg" in p for p in editor.problems))
    pick_passage(qtbot, editor, "Gründ", GREENS)
    text = editor.passage_text.toPlainText()
    editor.select_in_passage(0, len(text))
    editor.take_quote()
    assert greens.mode() == MODE_CITED and len(greens.citations()) == 1
    spd.set_mode(MODE_SILENT)
    spd.summary.setPlainText("Die SPD sagt 2020 nichts zu Gründungsgeld.")
    qtbot.waitUntil(lambda: editor.problems == [], timeout=5000)
    assert "in Ordnung" in editor.problems_label.text()
    editor.question.setFocus()
    qtbot.waitUntil(editor.question.hasFocus)
    qtbot.keyClick(editor.question, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (data_dir / "cards" / "gibt-es-geld-fuer-gruenderinnen.json").is_file(), timeout=10000)
    qtbot.waitUntil(lambda: win.card_view.entry is not None and win.card_view.entry.id == "gibt-es-geld-fuer-gruenderinnen")
    assert win.card_catalogue.entry("gibt-es-geld-fuer-gruenderinnen") is not None


def test_a_new_card_may_not_take_an_existing_id(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    editor = open_editor(qtbot, win, "")
    editor.id_field.setText("glasfaser")
    editor.validate()
    qtbot.waitUntil(lambda: any("gibt es schon" in p for p in editor.problems))
    editor.save()
    assert "nicht gespeichert" in win.statusBar().currentMessage()


def test_card_pack_export_and_import_through_the_file_menu(qtbot, real_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    win = real_window
    titles = [a.text() for a in win.file_menu.actions()]
    assert "Kartenpaket importieren …" in titles and "Kartenpaket exportieren …" in titles
    pack = tmp_path / "paket.json"
    win.card_pack_exchange.ask_save_path = lambda: str(pack)
    win.export_pack_action.trigger()
    qtbot.waitUntil(pack.is_file, timeout=10000)
    data = json.loads(pack.read_text(encoding="utf-8"))
    assert data["format"] == "canvass-card-pack" and len(data["cards"]) >= 10

    # A pack with a quote that is not in the passage is refused whole, in one German sentence.
    data["cards"] = [data["cards"][0]]
    data["cards"][0]["id"] = "aus-dem-paket"
    first_cited = next(a for a in data["cards"][0]["answers"] if a["citations"])
    first_cited["citations"][0]["quote"] = "Das steht so nirgends im Programm."
    broken = tmp_path / "kaputt.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    win.card_pack_exchange.ask_open_path = lambda: str(broken)
    win.import_pack_action.trigger()
    qtbot.waitUntil(lambda: "nicht importiert" in win.statusBar().currentMessage(), timeout=10000)
    assert any("nicht wörtlich" in p for p in win.card_pack_exchange.last_problems)

    first_cited["citations"][0]["quote"] = json.loads(pack.read_text(encoding="utf-8"))["cards"][0]["answers"][
        data["cards"][0]["answers"].index(first_cited)]["citations"][0]["quote"]
    good = tmp_path / "gut.json"
    good.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    win.card_pack_exchange.ask_open_path = lambda: str(good)
    win.import_pack_action.trigger()
    qtbot.waitUntil(lambda: win.card_catalogue.entry("aus-dem-paket") is not None, timeout=10000)
    assert "1 Karten" in win.statusBar().currentMessage()


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("Wir bauen das Netz aus.", 5, 12, "bauen das"),
        ("Wir bauen das Netz aus.", 4, 9, "bauen"),
        ("Wir bauen das Netz aus.", 3, 10, "bauen"),
        ("Wir bauen das Netz aus.", 0, 23, "Wir bauen das Netz aus."),
    ],
)
def test_whole_words(text: str, start: int, end: int, expected: str) -> None:
    s, e = whole_words(text, start, end)
    assert text[s:e] == expected


def test_slug() -> None:
    assert slug("Wann kommt Glasfaser nach Hörde?") == "wann-kommt-glasfaser-nach-hoerde"
    assert slug("  !!  ") == ""


def test_closing_with_unsaved_changes_asks_and_can_keep_save_or_discard(qtbot, real_window, data_dir) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    editor = open_editor(qtbot, real_window, "glasfaser")
    answers: list[QMessageBox.StandardButton] = []
    asked: list[str] = []

    def ask() -> QMessageBox.StandardButton:
        asked.append(editor.question.text())
        return answers.pop(0)

    editor.ask_unsaved = ask  # type: ignore[method-assign]
    editor.question.setText("Wann kommt endlich Glasfaser in unsere Straße?")
    qtbot.waitUntil(lambda: editor.dirty)

    # Abbrechen: the window stays open and the form keeps the text.
    answers.append(QMessageBox.StandardButton.Cancel)
    assert not real_window.close()
    assert real_window.isVisible() and editor.question.text().startswith("Wann kommt endlich")

    # Speichern: the card is on disk before the window goes.
    answers.append(QMessageBox.StandardButton.Save)
    assert real_window.close()
    saved = data_dir / "cards" / "glasfaser.json"
    assert saved.is_file()
    assert "Wann kommt endlich Glasfaser in unsere Straße?" in saved.read_text(encoding="utf-8")
    assert asked == ["Wann kommt endlich Glasfaser in unsere Straße?"] * 2


def test_deleting_the_own_version_brings_the_shipped_card_back(qtbot, real_window, library, data_dir) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, real_window, "glasfaser")
    assert not editor.delete_button.isEnabled(), "a shipped card has no own version to delete"
    shipped_question = editor.question.text()
    editor.question.setText("Wann kommt Glasfaser in meine Straße?")
    editor.save()
    own = data_dir / "cards" / "glasfaser.json"
    qtbot.waitUntil(own.is_file)
    # Saved means the editor has heard back (the file alone is written by the worker first).
    qtbot.waitUntil(lambda: not editor.dirty, timeout=20000)

    editor = open_editor(qtbot, real_window, "glasfaser")
    # The form reloads in the background: now it is the trainer's own version.
    # Three lanes share two cores with the rest of the suite: give the reload time under load.
    qtbot.waitUntil(lambda: editor.data is not None and editor.data.card.origin == "user", timeout=20000)
    assert editor.question.text() == "Wann kommt Glasfaser in meine Straße?"
    assert editor.delete_button.isEnabled()
    editor.ask_delete = lambda: False  # type: ignore[method-assign]
    editor.delete_button.click()
    assert own.is_file(), "declining the question deletes nothing"
    editor.ask_delete = lambda: True  # type: ignore[method-assign]
    editor.delete_button.click()
    qtbot.waitUntil(lambda: not own.exists())
    qtbot.waitUntil(lambda: real_window.navigator.current == Location("card", "glasfaser"))
    assert library.content.card("glasfaser").question == shipped_question


def test_the_cards_own_topic_is_in_view(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    """A card's topic far down the list of topics is scrolled into the three rows the list shows."""
    editor = open_editor(qtbot, real_window, "azubiwohnheim")
    model = editor.topic_model
    ticked = [r for r in range(model.rowCount()) if model.item(r).checkState() == Qt.CheckState.Checked]
    assert ticked and ticked[0] > 3  # below the rows shown without scrolling
    qtbot.waitUntil(lambda: editor.topics.viewport().rect().intersects(editor.topics.visualRect(model.index(ticked[0], 0))))


def test_an_empty_or_wrong_card_id_is_said_in_the_trainers_words(qtbot, real_window) -> None:  # type: ignore[no-untyped-def]
    editor = open_editor(qtbot, real_window, "")
    qtbot.waitUntil(lambda: any("Karten-ID" in p for p in editor.problems))
    assert "die Karten-ID fehlt (sie wird aus der Frage vorgeschlagen)" in editor.problems
    assert not any("''" in p for p in editor.problems)
    editor.id_field.setText("Falsche ID")
    editor.validate()
    qtbot.waitUntil(lambda: any("„Falsche ID“ ist ungültig" in p for p in editor.problems))
    assert not any("'" in p for p in editor.problems)
