"""The one exception type a user may see: a German sentence saying what happened and what to do."""

from __future__ import annotations


class CanvassError(Exception):
    """A problem caused by input or environment, explained in one German sentence.

    The CLI prints ``message`` on one line and exits with ``exit_code``; the app shows
    it in the status bar or a dialog. Anything else that escapes is a bug.
    """

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
