"""Entry point of `canvass-app`: builds the QApplication and the main window, or runs the self-test."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from canvass_app import APP_NAME, __version__, paths
from canvass_app.errors import CanvassError
from canvass_app.library import Library


def _parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="canvass-app", description=f"{APP_NAME} (Desktop)")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help="Ordner für eigene Daten")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="ohne Bildschirm starten, Daten und Fenster prüfen, mit 0 beenden",
    )
    return parser.parse_args(argv)


def self_test(data_dir: Path | None) -> int:
    """Start headless, build the window, load the data; 0 on success, else one line and 1."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from canvass_app.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory(prefix="canvass-selftest-") as scratch:
        library = Library(data_dir or Path(scratch))
        try:
            problems = library.check_data()
            if problems:
                raise CanvassError(problems[0], exit_code=1)
            app = QApplication.instance() or QApplication([sys.argv[0]])
            window = MainWindow(library)
            window.show()
            app.processEvents()
            window.close()
        except CanvassError as error:
            print(f"Selbsttest fehlgeschlagen: {error.message}", file=sys.stderr)
            return error.exit_code or 1
    print(f"{APP_NAME} {__version__}: Selbsttest bestanden")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    data_dir = Path(args.data_dir).resolve() if args.data_dir else None
    if args.self_test:
        return self_test(data_dir)

    from PySide6.QtWidgets import QApplication

    from canvass_app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    window = MainWindow(Library(data_dir or paths.user_data_dir()))
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
