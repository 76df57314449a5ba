"""Entry point of `canvass-app`: the window, a headless screenshot, or the self-test."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from canvass_app import APP_ID, APP_NAME, __version__, paths
from canvass_app.cli import GermanParser
from canvass_app.errors import CanvassError
from canvass_app.library import Library

DEFAULT_SCREENSHOT_SIZE = (1280, 820)


def _parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x", 1))
    except ValueError:
        raise argparse.ArgumentTypeError(f"Größe als BREITExHÖHE angeben, nicht {text!r}") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise argparse.ArgumentTypeError("Breite und Höhe müssen zwischen 200 und 8000 liegen")
    return width, height


def build_parser() -> argparse.ArgumentParser:
    parser = GermanParser(prog="canvass-app", description=f"{APP_NAME} (Desktop)")
    parser.add_argument(
        "--version", action="version", version=f"{APP_NAME} {__version__}", help="die Version zeigen und beenden"
    )
    parser.add_argument("--data-dir", metavar="DIR", help="Ordner für eigene Daten")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="ohne Bildschirm starten, Daten, Fenster und Suche prüfen, mit 0 beenden",
    )
    # Internal: the app starts itself with these to build a large library's index in a
    # process of its own (ui/index_build.py); not for people, so not in the help.
    parser.add_argument("--build-index", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--bundled-dir", metavar="DIR", help=argparse.SUPPRESS)
    shot = parser.add_argument_group("Bildschirmfoto (ohne Bildschirm)")
    shot.add_argument("--screenshot", metavar="DATEI", help="eine Ansicht als PNG speichern und beenden")
    shot.add_argument(
        "--view",
        default="search",
        metavar="ANSICHT",
        # Spelt out rather than read from ui/screenshot.py, which would load Qt for --help;
        # tests/ui/test_screenshot_cli.py keeps the list in step with the scenes.
        help="welche Ansicht: search, reader, compare, card, doorstep, notes, note-edit, card-edit, overview, "
        "briefing, print-preview, import (Standard: search)",
    )
    shot.add_argument("--query", metavar="TEXT", help="Suchbegriff, Thema oder ID für die Ansicht")
    shot.add_argument(
        "--size", type=_parse_size, default=DEFAULT_SCREENSHOT_SIZE, metavar="BxH",
        help="Fenstergröße, z. B. 1280x820",
    )
    shot.add_argument("--dark", action="store_true", help="in dunklen Farben statt hellen")
    return parser


def _qt_app(argv0: str):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([argv0])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    from canvass_app.ui.translations import install_german

    install_german(app)
    return app


def self_test(data_dir: Path | None) -> int:
    """Run the real paths headless in a temporary data directory (see ui/selftest.py)."""
    from canvass_app.ui.selftest import run

    return run(data_dir)


def screenshot(args: argparse.Namespace, data_dir: Path | None) -> int:
    """Render one view headless to a PNG (see ui/screenshot.py); prints the file's path."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = _qt_app(sys.argv[0])
    from PySide6.QtCore import QSettings

    from canvass_app.ui.main_window import MainWindow
    from canvass_app.ui.screenshot import render, use_palette, view_names

    use_palette(args.dark)
    if args.view not in view_names():
        print(f"canvass-app: Unbekannte Ansicht „{args.view}“; möglich: {', '.join(view_names())}.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="canvass-shot-") as scratch:
        # A fresh settings file, so the picture does not depend on the last session's window.
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        from canvass_app.ui import screen_fit

        # The window is laid out for the pictured screen from the start (sidebar width, dialogs).
        screen_fit.simulate_screen(args.size[0] + screen_fit.FRAME_ALLOWANCE.width(),
                                   args.size[1] + screen_fit.FRAME_ALLOWANCE.height())
        window = MainWindow(Library(data_dir or paths.user_data_dir()), settings=settings)
        try:
            path = render(window, Path(args.screenshot), args.view, args.query, args.size)
        except CanvassError as error:
            print(f"canvass-app: {error.message}", file=sys.stderr)
            return error.exit_code
        finally:
            window.close()
            app.processEvents()
    print(path)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    try:
        data_dir = paths.user_data_dir(args.data_dir) if args.data_dir else None
    except CanvassError as error:  # e.g. a data directory that is a symlink loop
        print(f"canvass-app: {error.message}", file=sys.stderr)
        return 2
    if args.build_index:
        from canvass_app.ui.index_build import run_builder

        bundled = Path(args.bundled_dir) if args.bundled_dir else None
        return run_builder(Library(data_dir or paths.user_data_dir(), bundled))
    if args.self_test:
        return self_test(data_dir)
    if args.screenshot:
        return screenshot(args, data_dir)

    started = time.perf_counter()
    app = _qt_app(sys.argv[0])
    from canvass_app.ui.error_report import install_excepthook
    from canvass_app.ui.main_window import MainWindow

    window = MainWindow(Library(data_dir or paths.user_data_dir()))
    install_excepthook(window.report)
    window.show()
    logging.getLogger(__name__).info("window shown after %.0f ms", (time.perf_counter() - started) * 1000)
    code = app.exec()
    _leave_quickly(window, code)
    return code


def _leave_quickly(window: object, code: int) -> None:
    """End the process as soon as the window has closed, with every file written.

    Tearing down the interpreter object by object (the parsed programmes, the search
    index, Qt's widgets) kept the process alive for most of a second after the window
    had gone. Everything that must happen at exit is done here explicitly: the notes
    store closes (it refreshes its backup copy), the exit handlers run, the streams
    are flushed; only the freeing of memory is left to the operating system.
    """
    import atexit

    library = getattr(window, "library", None)
    notes = getattr(library, "__dict__", {}).get("notes")
    if notes is not None:
        notes.close()
    atexit._run_exitfuncs()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
