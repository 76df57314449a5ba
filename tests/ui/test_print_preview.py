"""Print preview and the "Thema drucken" action: the same renderer as the CLI, on a QPrinter."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
from PySide6.QtPrintSupport import QPrinter

from canvass_app.export.builders import build_topic_summary
from canvass_app.ui.page_painter import render_pdf
from canvass_app.ui.print_menu import PrintActions
from canvass_app.ui.print_preview import DocumentPrinter, make_printer


def _pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in pypdf.PdfReader(str(path)).pages]


def test_printer_output_matches_the_cli_pdf(qtbot, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    document = build_topic_summary(library, "handwerk")
    printer = make_printer(document)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    DocumentPrinter(parent)._paint(document, printer)
    render_pdf(document, tmp_path / "cli.pdf")
    assert _pages(tmp_path / "printer.pdf") == _pages(tmp_path / "cli.pdf")


def test_preview_dialog_paints_the_document(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    document = build_topic_summary(library, "handwerk")
    dialog = DocumentPrinter(parent).preview_dialog(document)
    assert document.title in dialog.windowTitle()
    with qtbot.waitSignal(dialog.paintRequested, timeout=10000):
        dialog.open()
    dialog.close()


def test_preview_save_buttons_are_visible_and_confirm_in_the_dialog(qtbot, library, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QLabel, QPushButton, QWidget

    from canvass_app.ui import screen_fit

    # A 1366×768 laptop: the preview must fit, its save button in plain view (not in the » overflow).
    monkeypatch.setattr(screen_fit, "available_geometry", lambda widget=None: QRect(0, 0, 1366, 728))
    parent = QWidget()
    qtbot.addWidget(parent)
    reports: list[str] = []
    document = build_topic_summary(library, "handwerk")
    printer = DocumentPrinter(parent, reports.append)
    dialog = printer.preview_dialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.height() <= 728 - screen_fit.FRAME_ALLOWANCE.height()
    buttons = {b.text(): b for b in dialog.findChildren(QPushButton)}
    pdf = buttons["Als PDF speichern …"]
    assert pdf.isVisible() and pdf.mapTo(dialog, pdf.rect().bottomRight()).y() <= dialog.height()
    target = tmp_path / "handwerk.pdf"
    monkeypatch.setattr(printer, "_ask_path", lambda *args: target)
    pdf.click()
    assert target.is_file()
    status = dialog.findChild(QLabel, "previewStatus")
    assert "PDF gespeichert" in status.text()
    assert reports and "PDF gespeichert" in reports[-1]
    dialog.close()


def test_print_action_builds_the_current_topic(qtbot, library, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from canvass_app.ui.tasks import TaskRunner

    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[str] = []
    messages: list[str] = []
    current: list[tuple[str, str] | None] = [("topic", "handwerk")]
    runner = TaskRunner(parent)
    actions = PrintActions(library, parent, lambda: current[0], runner=runner, report=messages.append)
    monkeypatch.setattr(actions.printer, "preview", lambda document: shown.append(document.title))
    assert [a.text() for a in actions.actions()] == ["Thema drucken …", "Briefing zusammenstellen …"]

    actions.print_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == [library.content.topic("handwerk").title]

    current[0] = ("card", "glasfaser")
    actions.print_action.trigger()
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=10000)
    assert shown[1] == library.content.card("glasfaser").question

    current[0] = ("search", "glasfaser")
    actions.print_action.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert messages == ["Bitte zuerst ein Thema oder eine Karte öffnen, dann drucken."]
    runner.wait_idle()


def test_briefing_action_opens_one_editor(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    actions = PrintActions(library, parent, lambda: None)
    actions.briefing_action.trigger()
    first = actions.editor
    assert first is not None and first.isVisible()
    actions.briefing_action.trigger()
    assert actions.editor is first
    first.close()


def test_export_failure_is_one_line(qtbot, library, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    messages: list[str] = []
    document = build_topic_summary(library, "handwerk")
    target = tmp_path / "fehlt" / "x.html"
    assert DocumentPrinter(parent, messages.append).export_html(document, target) is None
    assert len(messages) == 1 and "kann nicht geschrieben werden" in messages[0]


def test_install_puts_both_actions_into_the_file_menu(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMainWindow

    from canvass_app.ui.navigation import Location, Navigator
    from canvass_app.ui.print_menu import install_print_actions
    from canvass_app.ui.tasks import TaskRunner

    class Window(QMainWindow):
        """The part of the main window the installer relies on."""

        def __init__(self) -> None:
            super().__init__()
            self.library = library
            self.navigator = Navigator(self)
            self.runner = TaskRunner(self)
            self.messages: list[str] = []
            self.file_menu = self.menuBar().addMenu("&Datei")

        def report(self, message: str) -> None:
            self.messages.append(message)

        def add_file_action(self, action) -> None:  # type: ignore[no-untyped-def]
            self.file_menu.addAction(action)

    window = Window()
    qtbot.addWidget(window)
    actions = install_print_actions(window)
    assert [a.text() for a in window.file_menu.actions()] == ["Thema drucken …", "Briefing zusammenstellen …"]
    window.navigator.open(Location("topic", "handwerk"))
    shown: list[str] = []
    actions.printer.preview = lambda document: shown.append(document.title)  # type: ignore[method-assign]
    actions.print_action.trigger()
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    assert shown == [library.content.topic("handwerk").title]
    window.runner.wait_idle()


def test_print_lists_parties_in_the_order_the_app_shows_them(library) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.export.builders import build_card
    from canvass_app.export.document import CardBlock

    order = [p.party for p in library.corpus.programmes()]
    for card in library.content.cards()[:6]:
        document = build_card(library, card.id)
        blocks = [b for b in document.blocks if isinstance(b, CardBlock)]
        parties = [a.party for a in blocks[0].answers] if blocks else []
        shown = [p for p in order if p in parties]
        assert parties == shown, card.id
