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


def describe_failure(error: BaseException) -> str:
    """What went wrong with a file, in German words, never Python's own message.

    For the part in parentheses of a German sentence: "Kartendatei nicht lesbar
    (kein gültiges JSON, Zeile 1, Spalte 1)" rather than "Expecting value: line 1 column 1".
    """
    import json
    import re
    import tomllib

    if isinstance(error, json.JSONDecodeError):
        return f"kein gültiges JSON, Zeile {error.lineno}, Spalte {error.colno}"
    if isinstance(error, tomllib.TOMLDecodeError):
        found = re.search(r"line (\d+), column (\d+)", str(error))
        return f"kein gültiges TOML, Zeile {found.group(1)}, Spalte {found.group(2)}" if found else "kein gültiges TOML"
    if isinstance(error, UnicodeDecodeError):
        return "keine UTF-8-Textdatei"
    if isinstance(error, FileNotFoundError):
        return "Datei nicht gefunden"
    if isinstance(error, PermissionError):
        return "keine Berechtigung"
    if isinstance(error, IsADirectoryError):
        return "ist ein Ordner, keine Datei"
    if isinstance(error, OSError):
        import errno

        if error.errno == errno.ENOSPC:
            return "kein Speicherplatz mehr frei"
        return "Lesen oder Schreiben fehlgeschlagen"
    return "unerwarteter Fehler"
