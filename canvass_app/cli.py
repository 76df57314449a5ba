"""The `canvass` command: argparse over the core, JSON output, and exit codes.

Exit codes: 0 success, 1 a check found problems, 2 bad input or environment
(one German line on stderr), 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import textwrap
from collections.abc import Sequence

from canvass_app import APP_NAME, __version__, paths
from canvass_app.commands import COMMAND_MODULES, Handler, TerminalStream
from canvass_app.errors import CanvassError
from canvass_app.library import Library

# argparse's usage errors (Python 3.11) in German: (pattern, replacement).
_USAGE_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), german)
    for pattern, german in (
        (r"^unrecognized arguments: (.*)$", r"unbekannte Angabe: \1"),
        (r"^argument (.+?): invalid choice: (.+?) \(choose from (.*)\)$", r"\1: \2 gibt es nicht (möglich: \3)"),
        (r"^the following arguments are required: (.*)$", r"es fehlt: \1"),
        (r"^argument (.+?): expected one argument$", r"\1 braucht einen Wert"),
        (r"^argument (.+?): expected at least one argument$", r"\1 braucht mindestens einen Wert"),
        (r"^argument (.+?): expected at most one argument$", r"\1 nimmt höchstens einen Wert"),
        (r"^argument (.+?): expected (\d+) arguments?$", r"\1 braucht \2 Werte"),
        (r"^argument (.+?): invalid (\w+) value: (.*)$", r"\1: \3 ist keine gültige Angabe"),
        (r"^argument (.+?): not allowed with argument (.*)$", r"\1 geht nicht zusammen mit \2"),
        (r"^one of the arguments (.*) is required$", r"eine dieser Angaben fehlt: \1"),
        (r"^ambiguous option: (.+?) could match (.*)$", r"\1 ist mehrdeutig (passt zu \2)"),
        (r"^argument (.+?): ignored explicit argument (.*)$", r"\1 nimmt keinen Wert (\2)"),
        (r"^argument (.+?): (.*)$", r"\1: \2"),
    )
)


def german_usage_error(message: str) -> str:
    """argparse's English usage error as a German one (unknown ones pass unchanged)."""
    for pattern, german in _USAGE_ERRORS:
        if pattern.match(message):
            return pattern.sub(german, message, count=1)
    return message


class _Formatter(argparse.HelpFormatter):
    """argparse's help with a German "Aufruf:" instead of "usage:".

    Lines break at spaces only: a name with a hyphen (the view "print-preview", an ID
    like "card-edit") is typed as it stands and must not be split over two lines.
    """

    def _split_lines(self, text: str, width: int) -> list[str]:
        text = self._whitespace_matcher.sub(" ", text).strip()
        return textwrap.wrap(text, width, break_on_hyphens=False)

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class GermanParser(argparse.ArgumentParser):
    """argparse in German: help headings and -h, and usage errors as one German line
    with exit status 2."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help="diese Hilfe zeigen und beenden"
            )

    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog.split()[0]
        self.exit(2, f"{command}: Fehler: {german_usage_error(message)} (siehe '{command} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = GermanParser(
        prog="canvass",
        description=(
            f"{APP_NAME}: Wahlprogramme offline durchsuchen, vergleichen, "
            "Antwortkarten und Notizen verwalten."
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help="die Version zeigen und beenden"
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=(
            "Ordner für eigene Daten (Notizen, importierte Programme, Suchindex); "
            f"sonst ${paths.DATA_DIR_ENV} oder der Benutzerdatenordner"
        ),
    )
    subparsers = parser.add_subparsers(dest="command", metavar="BEFEHL", parser_class=GermanParser)
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(f"canvass_app.commands.{module_name}")
        module.register(subparsers)
    return parser


def _undecodable(arguments: Sequence[str]) -> int | None:
    """Position of the first argument that is not valid text (invalid UTF-8 arrives as lone surrogates)."""
    for number, argument in enumerate(arguments, start=1):
        if any("\ud800" <= ch <= "\udfff" for ch in argument):
            return number
    return None


def main(argv: Sequence[str] | None = None) -> int:
    # Everything printed goes through the terminal filter: imported text cannot
    # carry escape sequences to the user's terminal (see commands.terminal_text).
    real_out, real_err = sys.stdout, sys.stderr
    sys.stdout = TerminalStream(real_out)
    sys.stderr = TerminalStream(real_err)
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    finally:
        sys.stdout, sys.stderr = real_out, real_err


def _run(argv: list[str]) -> int:
    bad = _undecodable(argv)
    if bad is not None:
        print(
            f"canvass: Fehler: Argument {bad} ist kein gültiger UTF-8-Text; "
            "bitte Sonderzeichen prüfen.",
            file=sys.stderr,
        )
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 0
    try:
        library = Library(paths.user_data_dir(args.data_dir))
        return handler(args, library)
    except CanvassError as error:
        print(f"canvass: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("canvass: abgebrochen", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:
        print("canvass: Die Eingabe ist zu tief verschachtelt.", file=sys.stderr)
        return 2
    except OSError as error:
        # The environment failed under us (disk, permissions, a vanished folder): one line, exit 2.
        where = f" ({error.filename})" if error.filename else ""
        print(
            f"canvass: Eine Datei ließ sich nicht bearbeiten{where}: {error.strerror or error}.",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":
    sys.exit(main())
