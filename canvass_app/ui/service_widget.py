"""The services every view and panel receives through its constructor: nothing is reached globally."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from canvass_app.library import Library
from canvass_app.ui.navigation import Navigator
from canvass_app.ui.tasks import TaskRunner


class ServiceWidget(QWidget):
    """A widget wired to the library, the navigator, the one task runner and the status report."""

    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.navigator = navigator
        self.runner = runner
        self.report = report
