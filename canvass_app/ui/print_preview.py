"""Print preview, printing, and PDF/HTML export of topic summaries, cards and briefings.

Pages come from :mod:`canvass_app.ui.render`, the same renderer the CLI uses,
so what the preview shows is what ``canvass export`` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QToolBar, QWidget

from canvass_app.errors import CanvassError

if TYPE_CHECKING:
    from canvass_app.export.document import Document

# The renderer and the builders are imported when first used: the main window installs
# the print actions at start-up, and start-up time is precious.

Reporter = Callable[[str], None]


def file_stem(document: Document) -> str:
    """A file name suggestion from the document title."""
    from canvass_app.export.briefing import slug

    return slug(document.title)


def make_printer(document: Document) -> QPrinter:
    from canvass_app.ui import render

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(render.page_layout())
    printer.setDocName(document.title)
    printer.setCreator("Canvass")
    return printer


def write_pdf(document: Document, path: Path) -> int:
    """Render to ``path``; raises CanvassError with one German sentence when that fails."""
    from canvass_app.ui import render

    try:
        return render.render_pdf(document, path)
    except OSError as error:
        raise CanvassError(f"{path} kann nicht geschrieben werden ({error.strerror}).") from None


def write_html(document: Document, path: Path) -> None:
    from canvass_app.export.html import render_html

    try:
        path.write_text(render_html(document), encoding="utf-8")
    except OSError as error:
        raise CanvassError(f"{path} kann nicht geschrieben werden ({error.strerror}).") from None


class DocumentPrinter(QObject):
    """Shows a print preview, prints, or exports one :class:`Document`; failures become one German line."""

    def __init__(self, parent: QWidget, report: Reporter | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._report = report

    def tell(self, message: str) -> None:
        if self._report is not None:
            self._report(message)

    def fail(self, message: str) -> None:
        if self._report is not None:
            self._report(message)
        else:
            QMessageBox.warning(self._parent, self.tr("Drucken"), message)

    # -- preview and print -------------------------------------------------------------
    def preview_dialog(self, document: Document) -> QPrintPreviewDialog:
        """A preview dialog that paints ``document`` with the shared renderer (not yet shown)."""
        printer = make_printer(document)
        dialog = QPrintPreviewDialog(printer, self._parent)
        dialog.setWindowTitle(self.tr("Druckvorschau: %s") % document.title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Keep the printer alive as long as the dialog: the dialog does not own it.
        dialog._canvass_printer = printer  # type: ignore[attr-defined]
        dialog.paintRequested.connect(lambda device: self._paint(document, device))
        toolbar = dialog.findChild(QToolBar)
        if toolbar is not None:
            # Qt's preview only prints; volunteers mostly want the PDF to mail or print later.
            toolbar.addSeparator()
            pdf = toolbar.addAction(self.tr("Als PDF speichern …"))
            pdf.triggered.connect(lambda: self.export_pdf(document))
            html = toolbar.addAction(self.tr("Als HTML speichern …"))
            html.triggered.connect(lambda: self.export_html(document))
        dialog.resize(1040, 1000)
        return dialog

    def _paint(self, document: Document, device: QPrinter) -> None:
        from canvass_app.ui import render

        try:
            render.paint(document, device)
        except CanvassError as error:
            self.fail(error.message)

    def preview(self, document: Document) -> None:
        self.preview_dialog(document).open()

    def print_document(self, document: Document) -> bool:
        printer = make_printer(document)
        dialog = QPrintDialog(printer, self._parent)
        dialog.setWindowTitle(self.tr("Drucken: %s") % document.title)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        self._paint(document, printer)
        return True

    # -- export -----------------------------------------------------------------------
    def _ask_path(self, document: Document, caption: str, suffix: str, filter_text: str) -> Path | None:
        suggestion = str(Path.home() / f"{file_stem(document)}{suffix}")
        name, _ = QFileDialog.getSaveFileName(self._parent, caption, suggestion, filter_text)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(suffix)

    def export_pdf(self, document: Document, path: Path | None = None) -> Path | None:
        target = path or self._ask_path(
            document, self.tr("Als PDF exportieren"), ".pdf", self.tr("PDF-Dateien (*.pdf)")
        )
        if target is None:
            return None
        try:
            pages = write_pdf(document, target)
        except CanvassError as error:
            self.fail(error.message)
            return None
        self.tell(self.tr("PDF gespeichert: %s (%d Seiten)") % (target, pages))
        return target

    def export_html(self, document: Document, path: Path | None = None) -> Path | None:
        target = path or self._ask_path(
            document, self.tr("Als HTML exportieren"), ".html", self.tr("HTML-Dateien (*.html)")
        )
        if target is None:
            return None
        try:
            write_html(document, target)
        except CanvassError as error:
            self.fail(error.message)
            return None
        self.tell(self.tr("HTML gespeichert: %s") % target)
        return target


class PrintActions(QObject):
    """The "Thema drucken …" and "Briefing …" actions for the main window's File menu.

    ``current`` returns what the window shows as ``(kind, id)``, e.g.
    ``("topic", "handwerk")`` or ``("card", "glasfaser")``; printing is offered
    for topics and cards. Documents are built through ``runner`` (the window's
    TaskRunner) when one is given, so the core is never called on the UI thread.
    """

    def __init__(
        self,
        library: Any,
        parent: QWidget,
        current: Callable[[], tuple[str, str] | None],
        runner: Any = None,
        report: Reporter | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self._parent = parent
        self._current = current
        self._runner = runner
        self.printer = DocumentPrinter(parent, report)
        self.print_action = QAction(self.tr("Thema drucken …"), parent)
        self.print_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_action.setStatusTip(
            self.tr("Das angezeigte Thema oder die Karte als A4-Übersicht drucken oder als PDF speichern")
        )
        self.print_action.triggered.connect(self.print_current)
        self.briefing_action = QAction(self.tr("Briefing zusammenstellen …"), parent)
        self.briefing_action.setShortcut(QKeySequence("Ctrl+Shift+B"))
        self.briefing_action.setStatusTip(
            self.tr("Ein Briefing aus Karten, Themen, Textstellen und Notizen zusammenstellen und drucken")
        )
        self.briefing_action.triggered.connect(self.open_briefing_editor)
        self.editor: QWidget | None = None

    def actions(self) -> list[QAction]:
        return [self.print_action, self.briefing_action]

    def document_for(self, kind: str, target: str) -> Document:
        from canvass_app.export.builders import build_card, build_topic_summary

        if kind == "topic":
            return build_topic_summary(self.library, target)
        if kind in ("card", "doorstep") and target:
            return build_card(self.library, target)
        raise CanvassError("Bitte zuerst ein Thema oder eine Karte öffnen, dann drucken.")

    def print_current(self) -> None:
        where = self._current() or ("", "")
        self.build(lambda: self.document_for(*where), self.printer.preview)

    def build(self, work: Callable[[], Document], then: Callable[[Document], None]) -> None:
        if self._runner is not None:
            self._runner.run(self, work, then, self.printer.fail)
            return
        try:
            document = work()
        except CanvassError as error:
            self.printer.fail(error.message)
            return
        then(document)

    def open_briefing_editor(self) -> None:
        from canvass_app.ui.briefing_editor import BriefingEditor

        if self.editor is None:
            self.editor = BriefingEditor(self.library, report=self.printer.tell)
            self.editor.setWindowFlag(Qt.WindowType.Window, True)
            self.editor.setParent(self._parent, Qt.WindowType.Window)
        self.editor.show()
        self.editor.raise_()
        self.editor.activateWindow()


def install_print_actions(window: Any) -> PrintActions:
    """Add "Thema drucken …" and "Briefing zusammenstellen …" to the main window's File menu.

    Uses the window's navigator (what is shown), TaskRunner and status-bar report.
    """

    def current() -> tuple[str, str] | None:
        location = window.navigator.current
        return (location.kind, location.target) if location is not None else None

    actions = PrintActions(window.library, window, current, runner=window.runner, report=window.report)
    for action in actions.actions():
        window.add_file_action(action)
    window.print_actions = actions
    return actions
