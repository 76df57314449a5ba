"""Print preview, printing, and PDF/HTML export of one document (topic summary, card or briefing).

Pages come from :mod:`canvass_app.ui.page_painter`, the same renderer the CLI uses,
so what the preview shows is what ``canvass export`` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from canvass_app.errors import CanvassError
from canvass_app.ui.plain import warn
from canvass_app.ui.screen_fit import fitted

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
    from canvass_app.ui import page_painter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_painter.page_layout())
    printer.setDocName(document.title)
    printer.setCreator("Canvass")
    return printer


def write_pdf(document: Document, path: Path) -> int:
    """Render to ``path``; raises CanvassError with one German sentence when that fails."""
    from canvass_app.ui import page_painter

    try:
        return page_painter.render_pdf(document, path)
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
            warn(self._parent, self.tr("Drucken"), message)

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
        # Qt's preview only prints; volunteers mostly want the PDF to mail or print later. The
        # buttons sit in a row of their own under the pages: in the toolbar they end up in its
        # » overflow on a laptop screen. Confirmations appear here too, not behind the dialog.
        dialog.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation, True)
        row = QWidget(dialog)
        row.setObjectName("previewActions")
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(8, 4, 8, 8)
        pdf = QPushButton(self.tr("Als PDF speichern …"))
        pdf.clicked.connect(lambda: self._export_from(dialog, document, self.export_pdf))
        html = QPushButton(self.tr("Als HTML speichern …"))
        html.clicked.connect(lambda: self._export_from(dialog, document, self.export_html))
        status = QLabel()
        status.setObjectName("previewStatus")
        status.setTextFormat(Qt.TextFormat.PlainText)
        status.setWordWrap(True)
        close = QPushButton(self.tr("Schließen"))
        close.clicked.connect(dialog.reject)
        for widget in (pdf, html):
            buttons.addWidget(widget)
        buttons.addWidget(status, 1)
        buttons.addWidget(close)
        layout = dialog.layout()
        if layout is not None:
            layout.addWidget(row)
        dialog._canvass_status = status  # type: ignore[attr-defined]
        pdf.setDefault(False)
        dialog.resize(fitted(QSize(1040, 1000), self._parent))
        return dialog

    def _export_from(self, dialog: QWidget, document: Document, export: Callable[..., Path | None]) -> None:
        status: QLabel = dialog._canvass_status  # type: ignore[attr-defined]
        messages: list[str] = []
        previous = self._report
        self._report = messages.append
        try:
            export(document, parent=dialog)
        finally:
            self._report = previous
        for message in messages:
            status.setText(message)
            if previous is not None:
                previous(message)

    def _paint(self, document: Document, device: QPrinter) -> None:
        from canvass_app.ui import page_painter

        try:
            page_painter.paint(document, device)
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
    def _ask_path(
        self, document: Document, caption: str, suffix: str, filter_text: str, parent: QWidget | None = None
    ) -> Path | None:
        suggestion = str(Path.home() / f"{file_stem(document)}{suffix}")
        name, _ = QFileDialog.getSaveFileName(parent or self._parent, caption, suggestion, filter_text)
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(suffix)

    def export_pdf(self, document: Document, path: Path | None = None, parent: QWidget | None = None) -> Path | None:
        target = path or self._ask_path(
            document, self.tr("Als PDF exportieren"), ".pdf", self.tr("PDF-Dateien (*.pdf)"), parent
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

    def export_html(self, document: Document, path: Path | None = None, parent: QWidget | None = None) -> Path | None:
        target = path or self._ask_path(
            document, self.tr("Als HTML exportieren"), ".html", self.tr("HTML-Dateien (*.html)"), parent
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
