"""`canvass topics|topic|overview|cards|card|check`: topics, quick-answer cards, card packs and the content check."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from canvass_app.commands import print_json
from canvass_app.errors import CanvassError
from canvass_app.library import Library

if TYPE_CHECKING:  # loaded by the commands that use them, not by every `canvass` start
    from canvass_app.content import Card, TopicView
    from canvass_app.corpus.model import Programme


def register(subparsers: Any) -> None:
    topics = subparsers.add_parser("topics", help="alle Themen mit ihren Passagen")
    topics.add_argument("--json", action="store_true", help="als JSON ausgeben")
    topics.set_defaults(handler=list_topics)

    topic = subparsers.add_parser("topic", help="ein Thema: was jedes Programm dazu sagt")
    topic.add_argument("id", metavar="ID", help="Themen-ID (siehe 'canvass topics')")
    topic.add_argument(
        "--programme",
        action="append",
        default=[],
        metavar="ID",
        help="nur diese Programme vergleichen (mehrfach möglich; sonst alle)",
    )
    topic.add_argument("--json", action="store_true", help="als JSON ausgeben")
    topic.set_defaults(handler=show_topic)

    overview = subparsers.add_parser(
        "overview",
        help="Überblick: wie viel jedes Programm zu jedem Thema sagt",
        description=(
            "Eine Tabelle Themen × Programme mit der Zahl der Textstellen; "
            "„–“ heißt: dazu steht nichts im Programm."
        ),
    )
    overview.add_argument("--programme", action="append", default=[], metavar="ID",
                          help="nur diese Programme (mehrfach möglich; sonst alle)")
    overview.add_argument("--all", action="store_true",
                          help="alle Unterthemen zeigen, nicht nur die Felder und ihre Themen")
    overview.add_argument("--csv", metavar="DATEI", help="die Tabelle als CSV-Datei schreiben")
    overview.add_argument("--pdf", metavar="DATEI",
                          help="die Felder als eine Seite A4 quer drucken (PDF)")
    overview.add_argument("--json", action="store_true", help="als JSON ausgeben")
    overview.set_defaults(handler=show_overview)

    cards = subparsers.add_parser("cards", help="Antwortkarten auflisten, exportieren, importieren")
    cards.add_argument("--json", action="store_true", help="als JSON ausgeben")
    cards.set_defaults(handler=list_cards)
    actions = cards.add_subparsers(dest="cards_action", metavar="AKTION")
    export = actions.add_parser("export", help="Karten als Kartenpaket in eine Datei schreiben")
    export.add_argument("file", metavar="DATEI")
    export.add_argument(
        "--card",
        action="append",
        default=[],
        metavar="ID",
        help="nur diese Karte (mehrfach möglich)",
    )
    export.add_argument("--user-only", action="store_true", help="nur eigene Karten")
    export.set_defaults(handler=export_cards)
    import_ = actions.add_parser("import", help="ein Kartenpaket prüfen und übernehmen")
    import_.add_argument("file", metavar="DATEI")
    import_.set_defaults(handler=import_cards)
    delete = actions.add_parser(
        "delete", help="eine eigene Karte löschen (eine mitgelieferte gleicher ID gilt wieder)"
    )
    delete.add_argument("id", metavar="ID")
    delete.set_defaults(handler=delete_card)

    card = subparsers.add_parser("card", help="eine Antwortkarte zeigen")
    card.add_argument("id", metavar="ID", help="Karten-ID (siehe 'canvass cards')")
    card.add_argument("--json", action="store_true", help="als JSON ausgeben")
    card.set_defaults(handler=show_card)

    check = subparsers.add_parser("check", help="Karten, Zitate und Themenregeln prüfen")
    check.set_defaults(handler=run_check)


def _label(programme: Programme) -> str:
    return f"{programme.party} ({programme.year})"


def _with_meaning(library: Library) -> None:
    """Let the meaning signal vote in this run: the topic vectors at once, not in the background.

    Nothing happens while no passage has a vector (no model, nothing embedded yet).
    """
    from canvass_app.content.topics import Taxonomy

    library.topic_meaning.prepare(Taxonomy(library.content.topics()))


def _programmes(library: Library) -> dict[str, Programme]:
    return {p.id: p for p in library.corpus.programmes()}


def list_topics(args: argparse.Namespace, library: Library) -> int:
    _with_meaning(library)
    content = library.content
    topics = content.topics()
    if args.json:
        print_json(
            [
                {
                    "id": t.id,
                    "title": t.title,
                    "parent": t.parent,
                    "passages": content.passage_ids(t.id),
                }
                for t in topics
            ]
        )
        return 0
    depth: dict[str, int] = {}
    for t in topics:
        depth[t.id] = depth.get(t.parent, -1) + 1 if t.parent else 0
    # Children directly under their parent, in file order.
    ordered: list[str] = []

    def visit(topic_id: str) -> None:
        ordered.append(topic_id)
        for child in topics:
            if child.parent == topic_id and child.id not in ordered:
                visit(child.id)

    for t in topics:
        if (not t.parent or t.parent not in depth) and t.id not in ordered:
            visit(t.id)
    by_id = {t.id: t for t in topics}
    for topic_id in ordered:
        t = by_id[topic_id]
        count = len(content.passage_ids(t.id))
        indent = "  " * depth.get(t.id, 0)
        print(f"{indent}{t.title} [{t.id}]: {count} Passage{'n' if count != 1 else ''}")
    return 0


def _topic_json(view: TopicView) -> dict[str, Any]:
    topic = view.topic
    return {
        "id": topic.id,
        "title": topic.title,
        "parent": topic.parent,
        "manifesto_codes": list(topic.manifesto_codes),
        "subtopics": [t.id for t in view.subtopics],
        "passages": {c.programme.id: [p.id for p in c.passages] for c in view.coverage},
        "programmes": [
            {
                "id": c.programme.id,
                "party": c.programme.party,
                "year": c.programme.year,
                "says_nothing": c.says_nothing,
                "passages": [
                    {"id": p.id, "section": title, "text": p.full_text}
                    for p, title in zip(c.passages, c.section_titles, strict=True)
                ],
            }
            for c in view.coverage
        ],
        "cards": [c.id for c in view.cards],
    }


def show_topic(args: argparse.Namespace, library: Library) -> int:
    _with_meaning(library)
    view = library.content.topic_view(args.id, args.programme or None)
    if args.json:
        print_json(_topic_json(view))
        return 0
    topic = view.topic
    print(topic.title)
    if topic.manifesto_codes:
        print(f"Manifesto-Codes: {', '.join(topic.manifesto_codes)}")
    if view.subtopics:
        print("Unterthemen: " + ", ".join(t.title for t in view.subtopics))
    for coverage in view.coverage:
        print()
        if coverage.says_nothing:
            from canvass_app.content.overview import silent_text

            print(f"{_label(coverage.programme)}: {silent_text(coverage.programme)}")
            continue
        count = len(coverage.passages)
        print(f"{_label(coverage.programme)}: {count} Passage{'n' if count != 1 else ''}")
        for passage, title in zip(coverage.passages, coverage.section_titles, strict=True):
            text = textwrap.shorten(passage.full_text, width=160, placeholder=" …")
            where = f"{title}: " if title else ""
            print(f"  - [{passage.id}] {where}{text}")
    if view.cards:
        print()
        print("Antwortkarten: " + ", ".join(c.id for c in view.cards))
    return 0


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8-sig")  # with BOM: spreadsheets then read umlauts right
    except OSError as error:
        raise CanvassError(
            f"Die Datei {path} kann nicht geschrieben werden ({error.strerror or error}); "
            "bitte Pfad und Rechte prüfen."
        ) from error


def show_overview(args: argparse.Namespace, library: Library) -> int:
    _with_meaning(library)
    content = library.content
    overview = content.overview(args.programme or None, max_depth=None if args.all else 1)
    if args.csv:
        _write_text(Path(args.csv), overview.to_csv())
        print(f"Überblick als CSV geschrieben: {args.csv}")
    if args.pdf:
        from canvass_app.ui.page_painter import render_overview_pdf_headless

        fields = content.overview(args.programme or None, max_depth=0)
        render_overview_pdf_headless(fields, Path(args.pdf))
        print(f"Überblick als PDF geschrieben (eine Seite A4 quer): {args.pdf}")
    if args.csv or args.pdf:
        return 0
    if args.json:
        print_json(overview.to_json())
        return 0
    width = max((len("  " * r.depth + r.title) for r in overview.rows), default=10)
    width = min(width, 48)
    labels = [textwrap.shorten(f"{p.party} {p.year}", 14, placeholder="…") for p in overview.programmes]
    print(" " * width + " | " + " | ".join(f"{label:>14s}" for label in labels))
    for row in overview.rows:
        name = textwrap.shorten("  " * row.depth + row.title, width, placeholder="…")
        if row.depth:
            name = "  " * row.depth + name.lstrip()
        cells = " | ".join(f"{(str(c) if c else '–'):>14s}" for c in row.counts)
        print(f"{name:<{width}s} | {cells}")
    print()
    print("Zahlen: Textstellen des Themas (mit Unterthemen); –: dazu steht nichts im Programm.")
    return 0


def list_cards(args: argparse.Namespace, library: Library) -> int:
    cards = library.content.cards()
    if args.json:
        print_json([c.to_json() for c in cards])
        return 0
    for card in cards:
        mark = " (eigene)" if card.origin == "user" else ""
        print(f"{card.id}{mark}: {card.question}")
    return 0


def _print_card(card: Card, programmes: dict[str, Programme], shadows: bool) -> None:
    print(card.question)
    if card.phrasings:
        print("Auch gefragt: " + " | ".join(card.phrasings))
    if card.origin == "user":
        print("Eigene Karte" + (" (ersetzt die mitgelieferte)" if shadows else ""))
    for answer in card.answers:
        programme = programmes.get(answer.programme)
        label = _label(programme) if programme else answer.programme
        print()
        print(f"{label}{': sagt dazu nichts.' if answer.silent else ':'}")
        print(textwrap.fill(answer.summary, width=88, initial_indent="  ", subsequent_indent="  "))
        for citation in answer.citations:
            print(f"  „{citation.quote}“ [{citation.passage_id}]")
    print()
    print(textwrap.fill("Tipp: " + card.tip, width=88))
    print("Themen: " + ", ".join(card.topics))


def show_card(args: argparse.Namespace, library: Library) -> int:
    content = library.content
    card = content.card(args.id)
    if args.json:
        print_json(card.to_json())
        return 0
    shadows = card.origin == "user" and content.shipped_card(card.id) is not None
    _print_card(card, _programmes(library), shadows)
    return 0


def export_cards(args: argparse.Namespace, library: Library) -> int:
    count = library.content.export_pack(
        Path(args.file), args.card or None, user_only=args.user_only
    )
    print(f"{count} Karte{'n' if count != 1 else ''} exportiert nach {args.file}")
    return 0


def import_cards(args: argparse.Namespace, library: Library) -> int:
    from canvass_app.content import PackRejected

    try:
        cards = library.content.import_pack(Path(args.file))
    except PackRejected as rejected:
        for problem in rejected.problems:
            print(f"canvass: {problem}", file=sys.stderr)
        raise
    ids = ", ".join(c.id for c in cards)
    print(f"{len(cards)} Karte{'n' if len(cards) != 1 else ''} importiert: {ids}")
    return 0


def delete_card(args: argparse.Namespace, library: Library) -> int:
    content = library.content
    if not content.delete_card(args.id):
        raise CanvassError(
            f"Eine eigene Karte '{args.id}' gibt es nicht; mitgelieferte Karten lassen sich nicht löschen."
        )
    if any(c.id == args.id for c in content.cards()):
        print(f"Eigene Karte '{args.id}' gelöscht; die mitgelieferte Karte gilt wieder.")
    else:
        print(f"Eigene Karte '{args.id}' gelöscht.")
    return 0


def run_check(args: argparse.Namespace, library: Library) -> int:
    lines = [*library.check_data(), *(str(p) for p in library.content.check())]
    if lines:
        for line in lines:
            print(line)
        print(f"{len(lines)} Problem{'e' if len(lines) != 1 else ''} gefunden.")
        return 1
    stats = library.content.stats()
    print(
        f"OK: {stats['cards']} Karten mit {stats['citations']} Belegen, "
        f"{stats['topics']} Themen über {stats['passages']} Passagen geprüft."
    )
    return 0
