"""The File menu's print actions: print what the window shows, open the briefing composer.

This module sits above both :mod:`print_preview` and :mod:`briefing_editor`, so the
dependency between those two runs one way (the composer uses the preview).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from canvass_app.errors import CanvassError
from canvass_app.ui.print_preview import DocumentPrinter, Reporter

if TYPE_CHECKING:
    from canvass_app.export.document import Document


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
            # Its own window, yet in the main window's text size and palette.
            self.editor.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation, True)
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
