"""`canvass search`: search the programmes (and cards, notes) for one query or a file of queries."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from canvass_app import files
from canvass_app.commands import print_json
from canvass_app.errors import CanvassError
from canvass_app.library import Library

if TYPE_CHECKING:  # the search loads with the search (Library.search), not with every `canvass` start
    from canvass_app.search.service import Hit, SearchResults

MAX_BATCH_BYTES = 10 * 1024 * 1024


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "search",
        help="Programme durchsuchen",
        description=(
            "Sucht in den Programmen, Antwortkarten und Notizen. Erlaubt sind "
            '"genaue Wortfolgen", förder* (Wortanfang), -wort (ausschließen).'
        ),
    )
    parser.add_argument("query", nargs="?", metavar="SUCHE", help="Suchbegriffe")
    parser.add_argument(
        "--programme",
        action="append",
        default=[],
        metavar="ID",
        help="nur in diesem Programm suchen (mehrfach möglich)",
    )
    parser.add_argument("--topic", metavar="ID", help="nur Passagen zu diesem Thema")
    parser.add_argument("--limit", type=int, default=10, metavar="N", help="höchstens N Treffer")
    parser.add_argument("--json", action="store_true", help="als JSON ausgeben")
    parser.add_argument(
        "--batch",
        metavar="DATEI",
        help="eine Suche pro Zeile aus DATEI ('-' für die Standardeingabe)",
    )
    parser.add_argument(
        "--words-only",
        action="store_true",
        help="nur nach Wörtern suchen, ohne Bedeutungssuche",
    )
    parser.set_defaults(handler=_search)
    vectors = subparsers.add_parser(
        "vectors",
        help="Bedeutungssuche vorbereiten",
        description=(
            "Berechnet die Vektoren der Bedeutungssuche für alle Abschnitte, die noch keine "
            "haben (nach einem Import). Fortschritt auf stderr; abbrechen mit Strg+C, "
            "beim nächsten Mal geht es dort weiter. Die Wortsuche funktioniert währenddessen."
        ),
    )
    vectors.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben")
    vectors.set_defaults(handler=_vectors)


def _check_programmes(library: Library, wanted: list[str]) -> None:
    known = {p.id for p in library.corpus.catalog()}
    for programme_id in wanted:
        if programme_id not in known:
            raise CanvassError(
                f"Unbekanntes Programm „{programme_id}“; die IDs zeigt 'canvass programmes'."
            )


def _read_batch(name: str) -> list[str]:
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_BATCH_BYTES + 1)
        else:
            path = Path(name)
            if path.is_dir():
                raise CanvassError(f"„{name}“ ist ein Ordner, keine Datei mit Suchanfragen.")
            if not path.exists():
                raise FileNotFoundError(name)
            # A regular file, read to the limit only (a FIFO or /dev/zero is refused).
            data = files.read_bytes(path, MAX_BATCH_BYTES + 1, "Die Datei mit Suchanfragen")
    except FileNotFoundError as error:
        raise CanvassError(f"Datei „{name}“ nicht gefunden.") from error
    except OSError as error:
        raise CanvassError(f"Datei „{name}“ ist nicht lesbar ({error.strerror}).") from error
    if len(data) > MAX_BATCH_BYTES:
        raise CanvassError(f"Datei „{name}“ ist größer als 10 MB; bitte aufteilen.")
    # Any bytes are a valid query; undecodable ones must not stop a bulk run.
    text = data.decode("utf-8-sig", errors="replace")
    return text.splitlines()


def _search(args: argparse.Namespace, library: Library) -> int:
    if args.limit < 1:
        raise CanvassError("--limit muss mindestens 1 sein.")
    if args.batch is not None and args.query is not None:
        raise CanvassError("Entweder eine Suche oder --batch DATEI angeben, nicht beides.")
    if args.batch is None and args.query is None:
        raise CanvassError("Bitte einen Suchbegriff angeben, z. B. canvass search Glasfaser.")
    _check_programmes(library, args.programme)
    service = library.search
    if args.topic is not None:
        service.check_topic(args.topic)
    queries = _read_batch(args.batch) if args.batch is not None else [args.query]
    for query in queries:
        results = service.search(
            query,
            programmes=args.programme,
            topic=args.topic,
            limit=args.limit,
            dense=not args.words_only,
        )
        if args.json and args.batch is not None:
            sys.stdout.write(json.dumps([h.to_json() for h in results.hits], ensure_ascii=False))
            sys.stdout.write("\n")
        elif args.json:
            print_json([h.to_json() for h in results.hits])
        else:
            filters = bool(args.programme), args.topic is not None
            _print_plain(query, results, show_query=args.batch is not None, filters=filters)
    if not args.json and args.batch is None and not args.words_only:
        # Only what was searched: passages of programmes outside the filter do not matter.
        scope = results.searched_scope
        missing = service.vectors_missing(set(scope[0]) if scope is not None else None)
        if missing:
            print(
                f"Hinweis: {missing} Abschnitte sind noch nicht für die Bedeutungssuche "
                "berechnet ('canvass vectors').",
                file=sys.stderr,
            )
    return 0


def _vectors(args: argparse.Namespace, library: Library) -> int:
    from canvass_app.search.embedding import embedder_status

    service = library.search
    if service.vectors is None:
        raise CanvassError(f"{embedder_status()}; die Wortsuche funktioniert wie immer.")
    last: dict[str, float] = {}

    def progress(programme: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done in (0, total) or now - last.get(programme, 0.0) >= 1.0:
            last[programme] = now
            print(f"Bedeutungssuche: {programme} {done}/{total} Abschnitte", file=sys.stderr, flush=True)

    try:
        complete = service.update_vectors(progress)
    except KeyboardInterrupt:
        print(
            "Abgebrochen; die berechneten Abschnitte bleiben, der Rest folgt beim nächsten Mal.",
            file=sys.stderr,
        )
        return 130
    missing = service.vectors_missing()
    if args.json:
        print_json({"complete": complete and not missing, "missing": missing})
    else:
        print("Bedeutungssuche bereit." if not missing else f"Noch {missing} Abschnitte offen.")
    return 0


def _source(hit: Hit) -> str:
    if hit.type == "card":
        return "Antwortkarte"
    if hit.type == "note":
        return "Notiz"
    parts = [str(hit.party or hit.programme or "")]
    if hit.year:
        parts.append(str(hit.year))
    if hit.type == "passage":
        # The untitled opening of a chapter, named as the reader names it.
        parts.append(f"Abschnitt „{hit.section_title or 'Einleitung'}“")
    return " · ".join(parts)


def _print_plain(
    query: str, results: SearchResults, show_query: bool, filters: tuple[bool, bool] = (False, False)
) -> None:
    from canvass_app.search.snippets import plain

    if show_query:
        print(f"# {query}")
    if results.suggestion:
        print(f"Meinten Sie „{results.suggestion}“?")
    if not results.word_hits:
        print(results.nothing_found(query, programme_filter=filters[0], topic_filter=filters[1]))
    for number, hit in enumerate(results.hits, start=1):
        mark = "  (ähnliche Stelle – andere Worte, gleiches Thema?)" if hit.match == "meaning" else ""
        print(f"{number}. {_source(hit)}  [{hit.id}]{mark}")
        lead = f"({hit.lead_in} …) " if hit.lead_in else ""
        print(f"   {lead}{plain(hit.snippet)}")
    if show_query:
        print()
