"""`canvass programmes`, `show`, `import` and `remove`: the programme corpus on the command line."""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from canvass_app.commands import print_json, unfiltered
from canvass_app.library import Library

if TYPE_CHECKING:
    from canvass_app.corpus.model import Passage, Programme


def register(subparsers: Any) -> None:
    listing = subparsers.add_parser(
        "programmes",
        help="Wahlprogramme auflisten",
        description="Alle Programme: die mitgelieferten zuerst, dann die importierten.",
    )
    listing.add_argument("--json", action="store_true", help="als JSON ausgeben")
    listing.set_defaults(handler=_programmes)

    show = subparsers.add_parser(
        "show",
        help="ein Programm vollständig anzeigen",
        description="Ein Programm mit Abschnitten und Textstellen (IDs zum Zitieren).",
    )
    show.add_argument("id", metavar="ID", help="Programm-ID, siehe 'canvass programmes'")
    show.add_argument("--json", action="store_true", help="als JSON ausgeben")
    show.set_defaults(handler=_show)

    importing = subparsers.add_parser(
        "import",
        help="ein weiteres Programm importieren (Text, Markdown oder PDF)",
        description=(
            "Liest ein Programm als Textdatei (aus einer PDF kopiert), Markdown (Überschriften "
            "werden Abschnitte) oder PDF mit Textebene, bereinigt es und macht es durchsuchbar."
        ),
    )
    importing.add_argument("file", metavar="DATEI")
    importing.add_argument("--id", required=True, metavar="ID", help="z. B. gruene-muenster-2025")
    importing.add_argument("--party", required=True, metavar="PARTEI")
    importing.add_argument("--title", required=True, metavar="TITEL")
    importing.add_argument("--year", required=True, type=_year, metavar="JAHR")
    importing.add_argument("--election", default="", metavar="TEXT", help="z. B. Kommunalwahl 2025")
    importing.add_argument(
        "--adopted", default=None, metavar="DATUM", help="Beschlussdatum JJJJ-MM-TT"
    )
    importing.add_argument(
        "--chapter",
        default="",
        metavar="KAPITEL",
        help="wenn die Datei nur ein Kapitel eines Programms ist: dessen Name, z. B. Wirtschaft",
    )
    importing.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben")
    importing.add_argument(
        "--no-vectors",
        action="store_true",
        help="die Bedeutungssuche nicht gleich berechnen (später: 'canvass vectors')",
    )
    importing.set_defaults(handler=_import)

    remove = subparsers.add_parser(
        "remove",
        help="ein importiertes Programm entfernen",
        description="Entfernt ein importiertes Programm; die mitgelieferten bleiben.",
    )
    remove.add_argument("id", metavar="ID")
    remove.set_defaults(handler=_remove)


def _year(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{value}“ ist keine Jahreszahl") from None


def _programmes(args: argparse.Namespace, library: Library) -> int:
    # Metadata only: listing reads no programme's text.
    programmes = library.corpus.catalog()
    if args.json:
        print_json([p.summary_json() for p in programmes])
        return 0
    for p in programmes:
        origin = "mitgeliefert" if p.bundled else "importiert"
        print(f"{p.id}  {p.party}: {p.title} ({p.year}, {origin}, {p.passage_count} Textstellen)")
    return 0


def _show(args: argparse.Namespace, library: Library) -> int:
    programme = library.corpus.programme(args.id)
    if args.json:
        print_json(programme.to_json())
        return 0
    print(render_programme(programme))
    return 0


def render_programme(programme: Programme) -> str:
    """The programme as readable text: heading, metadata, then sections with passage IDs."""
    width = min(100, max(60, shutil.get_terminal_size((100, 24)).columns))
    out = [f"{programme.party}: {programme.title} ({programme.year})"]
    details = [
        f"Kapitel „{programme.chapter}“" if programme.chapter else "",
        programme.election,
        f"beschlossen am {programme.adopted}" if programme.adopted else "",
    ]
    if any(details):
        out.append(" · ".join(d for d in details if d))
    for section in programme.sections:
        out.append("")
        # Nesting shows as Markdown levels: a chapter "##", its sections "###" …
        out.append(f"{'#' * (section.level + 1)} {section.title or '(ohne Überschrift)'}")
        for passage in section.passages:
            out.append("")
            out.append(_passage_label(passage))
            body = passage.full_text if passage.kind == "pledge" else passage.text
            prefix = "  • " if passage.kind == "pledge" else "  "
            out.append(
                textwrap.fill(
                    body,
                    width,
                    initial_indent=prefix,
                    subsequent_indent="    " if passage.kind == "pledge" else "  ",
                )
            )
    return "\n".join(out)


def _passage_label(passage: Passage) -> str:
    label = f"[{passage.id}]"
    if passage.lines:
        first, last = passage.lines
        label += f" Z. {first}" if first == last else f" Z. {first}–{last}"
    return label


class _StderrProgress:
    """Pages read, on one stderr line rewritten in place once an import has taken a second.

    Only on a terminal: rewriting a line takes a carriage return, which a log or a pipe keeps
    as junk, and a script reading stderr expects just the result's or the error's one line
    (git shows its progress the same way). Every update rewrites the whole line; the line
    ends with a newline at the last page, or in :meth:`finish` when the import stops early,
    so what follows always starts a line of its own.
    """

    def __init__(
        self,
        delay: float = 1.0,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        stream = sys.stderr if stream is None else stream
        self._live = stream.isatty()
        # The CLI's stderr drops control characters (commands.TerminalStream); these are ours.
        self._out = unfiltered(stream)
        self._clock = clock
        self._start = clock()
        self._delay = delay
        self._open = False

    def __call__(self, done: int, total: int) -> None:
        if not self._live or self._clock() - self._start < self._delay:
            return
        # Back to the line's start and erase it: no rest of a longer line stays behind.
        self._out.write(f"\r\033[KSeite {done} von {total} gelesen …")
        self._open = True
        if done >= total:
            self._end_line()
        self._out.flush()

    def finish(self) -> None:
        """End an unfinished progress line, so the result or an error that follows stands on its own line."""
        if self._open:
            self._end_line()
            self._out.flush()

    def _end_line(self) -> None:
        self._out.write("\n")
        self._open = False


def _import(args: argparse.Namespace, library: Library) -> int:
    progress = _StderrProgress()
    try:
        programme = library.import_programme(
            Path(args.file),
            programme_id=args.id,
            party=args.party,
            title=args.title,
            year=args.year,
            election=args.election,
            adopted=args.adopted,
            chapter=args.chapter,
            progress=progress,
        )
    finally:
        progress.finish()
    # The programme is stored and searchable by words now; its passage vectors follow.
    if not args.json:
        print(
            f"Programm „{programme.id}“ importiert: {len(programme.sections)} Abschnitte, "
            f"{len(programme.passages())} Textstellen"
            + (f" (nur das Kapitel „{programme.chapter}“)." if programme.chapter else "."),
            flush=True,
        )
    vectors = "skipped" if args.no_vectors else _embed_imported(library, str(programme.id))
    if args.json:
        data = programme.summary_json()
        data["sections"] = len(programme.sections)
        data["passages"] = len(programme.passages())
        data["vectors"] = vectors
        print_json(data)
    return 130 if vectors == "interrupted" else 0


def _embed_imported(library: Library, programme_id: str) -> str:
    """Compute the new programme's passage vectors, progress on stderr.

    "complete", "unavailable" (no model on this machine: search stays by words) or
    "interrupted" (Ctrl-C: the batches done are kept, the file says it is incomplete,
    'canvass vectors' or the app finishes it).
    """
    service = library.search
    if service.vectors is None:
        return "unavailable"
    last = [0.0]

    def report(done: int, total: int) -> None:
        now = time.monotonic()
        if total and (done in (0, total) or now - last[0] >= 1.0):
            last[0] = now
            print(f"Bedeutungssuche: {done} von {total} Textstellen berechnet", file=sys.stderr, flush=True)

    try:
        complete = service.programme_changed(programme_id, report)
    except KeyboardInterrupt:
        print(
            "Bedeutungssuche abgebrochen; die Wortsuche geht, der Rest folgt mit 'canvass vectors'.",
            file=sys.stderr,
        )
        return "interrupted"
    return "complete" if complete else "incomplete"


def _remove(args: argparse.Namespace, library: Library) -> int:
    library.remove_programme(args.id)
    print(f"Programm „{args.id}“ entfernt.")
    return 0
