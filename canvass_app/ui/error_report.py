"""The last line of defence: an exception nobody caught becomes one German sentence, and the app goes on."""

from __future__ import annotations

import contextlib
import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from canvass_app.ui.tasks import german_message

log = logging.getLogger(__name__)


def install_excepthook(show: Callable[[str], None]) -> Callable[[], None]:
    """Route uncaught exceptions to ``show`` (the status bar); returns a function that undoes it.

    The traceback goes to the log on stderr for whoever debugs; the person at
    the window only reads what happened and that they can carry on.
    """
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        # The window itself may be gone; the hook must never raise.
        with contextlib.suppress(Exception):
            show(german_message(error))

    sys.excepthook = hook

    def uninstall() -> None:
        sys.excepthook = previous

    return uninstall
