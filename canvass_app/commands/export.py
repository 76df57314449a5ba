"""`canvass export topic|card|phone` and `canvass brief`: topic summaries, cards and briefings as PDF or
HTML, and the phone page."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from canvass_app import files
from canvass_app.errors import CanvassError
from canvass_app.export.document import LAYOUTS
from canvass_app.library import Library
from canvass_app.paths import is_valid_id, item_path

if TYPE_CHECKING:  # the builders load with the export that uses them, not with every `canvass` start
    from canvass_app.export.document import Document


def _add_outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pdf", metavar="DATEI", help="als A4-PDF in DATEI schreiben")
    parser.add_argument("--html", metavar="DATEI", help="als HTML (für E-Mail) in DATEI schreiben")


def register(subparsers: Any) -> None:
    export = subparsers.add_parser(
        "export", help="ein Thema oder eine Antwortkarte als PDF oder HTML, oder die Seite fürs Handy"
    )
    kinds = export.add_subparsers(dest="export_kind", metavar="ART", required=True)
    topic = kinds.add_parser("topic", help="Themenübersicht: was jedes Programm sagt, die Karten")
    topic.add_argument("id", metavar="ID", help="Themen-ID (siehe 'canvass topics')")
    _add_outputs(topic)
    topic.set_defaults(handler=export_topic)
    card = kinds.add_parser("card", help="eine Antwortkarte")
    card.add_argument("id", metavar="ID", help="Karten-ID (siehe 'canvass cards')")
    _add_outputs(card)
    card.set_defaults(handler=export_card)
    phone = kinds.add_parser(
        "phone",
        help="eine Seite fürs Handy: Karten, Themen, Suche, Notizen, offline in einer HTML-Datei",
    )
    phone.add_argument("out", metavar="DATEI", help="die HTML-Datei, die geschrieben wird")
    cards = phone.add_mutually_exclusive_group()
    cards.add_argument(
        "--card", action="append", metavar="ID", help="nur diese Karte(n) (wiederholbar; sonst alle)"
    )
    cards.add_argument("--no-cards", action="store_true", help="keine Antwortkarten")
    topics = phone.add_mutually_exclusive_group()
    topics.add_argument(
        "--topic", action="append", metavar="ID", help="nur dieses Thema (wiederholbar; sonst alle)"
    )
    topics.add_argument("--no-topics", action="store_true", help="keine Themen (eine kleine Seite)")
    phone.add_argument(
        "--programme",
        action="append",
        metavar="ID",
        help="dieses Programm vollständig mitnehmen, alle Textstellen (wiederholbar)",
    )
    phone.add_argument("--json", action="store_true", help="Zahlen und Größe als JSON ausgeben")
    phone.set_defaults(handler=export_phone)

    brief = subparsers.add_parser("brief", help="ein gespeichertes Briefing als PDF oder HTML ausgeben")
    brief.add_argument(
        "file",
        metavar="DATEI",
        help="Briefing-Datei (Pfad, oder Name im Ordner 'briefings' des Datenordners)",
    )
    _add_outputs(brief)
    brief.add_argument(
        "--layout",
        choices=LAYOUTS,
        help="full: ganzes Briefing; pocket: nur Karten, zweispaltig (sonst wie gespeichert)",
    )
    brief.set_defaults(handler=export_briefing)


def export_topic(args: argparse.Namespace, library: Library) -> int:
    _require_output(args)
    from canvass_app.export.builders import build_topic_summary

    return _write(build_topic_summary(library, args.id), args)


def export_card(args: argparse.Namespace, library: Library) -> int:
    _require_output(args)
    from canvass_app.export.builders import build_card

    return _write(build_card(library, args.id), args)


def export_phone(args: argparse.Namespace, library: Library) -> int:
    from canvass_app.commands import print_json
    from canvass_app.export.phone import (
        PhoneSelection,
        build_phone_page,
        size_label,
        write_phone_page,
    )

    path = _target(args.out)
    selection = PhoneSelection(
        cards=() if args.no_cards else tuple(args.card) if args.card else None,
        topics=() if args.no_topics else tuple(args.topic) if args.topic else None,
        programmes=tuple(args.programme or ()),
    )
    if selection.cards == () and selection.topics == () and not selection.programmes:
        raise CanvassError("Die Seite wäre leer: bitte Karten, Themen oder --programme ID mitnehmen.")
    page = build_phone_page(library, selection)
    write_phone_page(page, path)
    if args.json:
        print_json(
            {
                "path": str(path),
                "bytes": page.size,
                "cards": page.cards,
                "topics": page.topics,
                "passages": page.passages,
                "programmes_in_full": page.programmes_in_full,
            }
        )
    else:
        print(
            f"Handy-Seite geschrieben: {path} ({size_label(page.size)}; {page.cards} Karten, "
            f"{page.topics} Themen, {page.passages} Textstellen)"
        )
    return 0


def export_briefing(args: argparse.Namespace, library: Library) -> int:
    _require_output(args)
    from canvass_app.export.briefing import load_briefing
    from canvass_app.export.builders import build_briefing

    briefing = load_briefing(_briefing_path(args.file, library))
    return _write(build_briefing(library, briefing, layout=args.layout), args)


def _briefing_path(name: str, library: Library) -> Path:
    """A path as given, else a name in the data directory's briefings folder."""
    given = Path(name).expanduser()
    if given.exists():
        return given
    from canvass_app.export.briefing import BRIEFING_SUFFIX

    folder = library.briefings.directory
    stem = name.removesuffix(BRIEFING_SUFFIX)
    if is_valid_id(stem):
        candidate = item_path(folder, stem, BRIEFING_SUFFIX, "Der Briefing-Name")
        if candidate.is_file():
            return candidate
    return given  # load_briefing names the missing file


def _require_output(args: argparse.Namespace) -> None:
    if not args.pdf and not args.html:
        raise CanvassError("Bitte ein Ziel angeben: --pdf DATEI oder --html DATEI.")


def _write(document: Document, args: argparse.Namespace) -> int:
    from canvass_app.export.html import render_html

    if args.html:
        path = _target(args.html)
        _replace_atomically(path, lambda temporary: temporary.write_text(render_html(document), encoding="utf-8"))
        print(f"HTML geschrieben: {path}")
    if args.pdf:
        path = _target(args.pdf)
        pages = 0

        def write_pdf(temporary: Path) -> None:
            nonlocal pages
            pages = _render_pdf(document, temporary)

        _replace_atomically(path, write_pdf)
        print(f"PDF geschrieben: {path} ({pages} {'Seite' if pages == 1 else 'Seiten'})")
    return 0


def _target(name: str) -> Path:
    try:
        path = Path(name).expanduser().resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        raise CanvassError(f"Das Ziel {name} ist nicht erreichbar; bitte einen anderen Dateinamen wählen.") from None
    files.check_replaceable(path, "Das Ziel")
    if path.is_dir():
        raise CanvassError(f"{path} ist ein Ordner; bitte einen Dateinamen angeben.")
    if not path.parent.is_dir():
        raise CanvassError(f"Den Ordner {path.parent} gibt es nicht; bitte zuerst anlegen.")
    return path


def _replace_atomically(path: Path, write: Any) -> None:
    """Write next to the target, then rename: a failed export never leaves half a file."""
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    except OSError as error:
        raise CanvassError(f"In {path.parent} kann nicht geschrieben werden ({error.strerror}).") from None
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        os.replace(temporary, path)
    except OSError as error:
        raise CanvassError(f"{path} kann nicht geschrieben werden ({error.strerror}).") from None
    finally:
        temporary.unlink(missing_ok=True)


def _render_pdf(document: Document, path: Path) -> int:
    # The PDF renderer is Qt by design (QTextDocument on a QPdfWriter): the app's print
    # preview and PDF export call the same renderer, so the CLI and the app produce the
    # same pages. It is imported here, inside the handler, so the rest of the CLI and the
    # core never load Qt.
    from canvass_app.ui.page_painter import render_pdf_headless

    return render_pdf_headless(document, path)
