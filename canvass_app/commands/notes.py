"""`canvass notes`: add, list, search, edit, delete, export and import personal notes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from canvass_app.commands import print_json
from canvass_app.errors import CanvassError
from canvass_app.library import Library

if TYPE_CHECKING:
    from canvass_app.notes.model import Note, Target


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "notes",
        help="eigene Notizen verwalten",
        description="Eigene Notizen zu Passagen, Karten, Themen oder ohne Bezug.",
    )
    commands = parser.add_subparsers(dest="notes_command", metavar="AKTION", required=True)

    add = commands.add_parser("add", help="Notiz anlegen (gibt die ID aus)")
    add.add_argument("text", metavar="TEXT")
    where = add.add_mutually_exclusive_group()
    where.add_argument("--passage", metavar="ID", help="an eine Passage hängen")
    where.add_argument("--card", metavar="ID", help="an eine Antwortkarte hängen")
    where.add_argument("--topic", metavar="ID", help="an ein Thema hängen")
    add.add_argument(
        "--tag", metavar="T", action="append", default=[], help="Schlagwort (mehrfach)"
    )
    add.set_defaults(handler=_add)

    listing = commands.add_parser("list", help="Notizen auflisten, neueste zuerst")
    listing.add_argument("--json", action="store_true", help="als JSON ausgeben")
    listing.add_argument("--tag", metavar="T", help="nur Notizen mit diesem Schlagwort")
    listing.add_argument("--passage", metavar="ID", help="nur Notizen an dieser Passage")
    listing.set_defaults(handler=_list)

    search = commands.add_parser("search", help="Notizen durchsuchen (Text und Schlagwörter)")
    search.add_argument("query", metavar="SUCHE")
    search.add_argument("--json", action="store_true", help="als JSON ausgeben")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="höchstens N Treffer")
    search.set_defaults(handler=_search)

    edit = commands.add_parser("edit", help="Text einer Notiz ersetzen")
    edit.add_argument("id", metavar="ID")
    edit.add_argument("text", metavar="TEXT")
    edit.add_argument(
        "--tag", metavar="T", action="append", help="Schlagwörter ersetzen (mehrfach)"
    )
    edit.set_defaults(handler=_edit)

    delete = commands.add_parser("delete", help="Notiz endgültig löschen")
    delete.add_argument("id", metavar="ID")
    delete.set_defaults(handler=_delete)

    export = commands.add_parser("export", help="Notizen in eine JSON-Datei exportieren")
    export.add_argument("file", metavar="DATEI")
    export.add_argument("--tag", metavar="T", help="nur Notizen mit diesem Schlagwort")
    export.set_defaults(handler=_export)

    importing = commands.add_parser("import", help="Notizen aus einer Exportdatei zusammenführen")
    importing.add_argument("file", metavar="DATEI")
    importing.add_argument("--json", action="store_true", help="Bericht als JSON ausgeben")
    importing.set_defaults(handler=_import)


def _lookup(library: Library, service: str, method: str, item_id: str) -> object | None:
    """The item from a service if that service is wired; an unknown ID raises its CanvassError.

    Guarded with getattr so notes keep working in a build without that service.
    """
    find = getattr(getattr(library, service, None), method, None)
    return find(item_id) if callable(find) else None


def _add(args: argparse.Namespace, library: Library) -> int:
    from canvass_app.notes.model import Target

    target: Target | None = None
    anchor: str | None = None
    if args.passage:
        target = Target("passage", args.passage)
        text = getattr(_lookup(library, "corpus", "passage", args.passage), "text", None)
        anchor = text if isinstance(text, str) else None
    elif args.card:
        target = Target("card", args.card)
        _lookup(library, "content", "card", args.card)
    elif args.topic:
        target = Target("topic", args.topic)
        _lookup(library, "content", "topic", args.topic)
    note = library.notes.add(args.text, target=target, tags=args.tag, anchor_text=anchor)
    print(note.id)
    return 0


def _line(note: Note) -> str:
    first = note.text.strip().splitlines()[0] if note.text.strip() else ""
    parts = [note.id, note.updated[:16].replace("T", " ")]
    if note.target:
        where = f"{note.target.type}:{note.target.id}"
        parts.append(f"[{where}, gelöst]" if note.detached else f"[{where}]")
    if note.tags:
        parts.append(" ".join(f"#{t}" for t in note.tags))
    if note.conflict_of:
        parts.append(f"(Konfliktkopie von {note.conflict_of})")
    parts.append(first if len(first) <= 80 else first[:79] + "…")
    return "  ".join(parts)


def _show(notes: list[Note], as_json: bool, empty: str) -> int:
    if as_json:
        print_json([n.to_json() for n in notes])
    elif not notes:
        print(empty)
    else:
        for note in notes:
            print(_line(note))
    return 0


def _list(args: argparse.Namespace, library: Library) -> int:
    from canvass_app.notes.model import Target

    target = Target("passage", args.passage) if args.passage else None
    notes = library.notes.list(tag=args.tag, target=target)
    return _show(notes, args.json, "Keine Notizen.")


def _search(args: argparse.Namespace, library: Library) -> int:
    notes = library.notes.search(args.query, limit=max(args.limit, 0))
    return _show(notes, args.json, "Keine Notiz gefunden.")


def _edit(args: argparse.Namespace, library: Library) -> int:
    store = library.notes
    note = store.edit(store.resolve(args.id), text=args.text, tags=args.tag)
    print(note.id)
    return 0


def _delete(args: argparse.Namespace, library: Library) -> int:
    store = library.notes
    note = store.delete(store.resolve(args.id))
    if store.scrub_pending:
        print(
            f"Notiz {note.id} gelöscht; ein anderes Programm liest die Notizdatenbank gerade, "
            "ihr Text verschwindet von der Festplatte, sobald es sie schließt."
        )
    else:
        print(f"Notiz {note.id} gelöscht.")
    return 0


def _export(args: argparse.Namespace, library: Library) -> int:
    path = Path(args.file)
    if path.is_dir():
        raise CanvassError(f"{path} ist ein Ordner; bitte einen Dateinamen angeben.")
    count = library.notes.export(path, tag=args.tag)
    print(f"{count} Notiz(en) nach {path} exportiert.")
    return 0


def _import(args: argparse.Namespace, library: Library) -> int:
    report = library.notes.import_file(Path(args.file))
    if args.json:
        print_json(report.to_json())
        return 0
    print(
        f"{len(report.added)} neu, {len(report.updated)} aktualisiert, "
        f"{len(report.conflicts)} Konfliktkopie(n), "
        f"{len(report.unchanged) + len(report.kept_local)} unverändert, "
        f"{len(report.skipped_deleted)} hier gelöscht und übersprungen."
    )
    return 0
