"""`canvass-app --self-test`: runs the app's real paths headless in a temporary data directory.

Each step uses the same services the app uses (corpus, search, cards, notes,
the PDF renderer, the main window) on the shipped data, so a bundle that lacks
a module, a plugin, a font or its data fails here and not at a volunteer's door.
On success it prints one line per step and exits 0; on failure it prints one
German line naming the failing step on stderr and exits 1. It never touches the
user's own data.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from canvass_app import APP_NAME, __version__
from canvass_app.errors import CanvassError
from canvass_app.library import Library

_WORD = re.compile(r"[^\W\d_]{7,}")
# What a bare Debian needs for the bundle (README, "Desktop bundle"); checked in a minimal chroot.
SYSTEM_PACKAGES = "libgl1 libegl1 libdbus-1-3 fontconfig-config fonts-dejavu-core"
_SHARED_LIBRARY = re.compile(r"lib[\w+-]+\.so(\.\d+)*")
# Noise the offscreen platform prints for every top-level window; nothing is wrong.
_HARMLESS_QT_MESSAGES = ("propagateSizeHints",)


class StepFailed(Exception):
    """A check inside a step did not hold; the message is German and shown to the user."""


@dataclass
class _Context:
    library: Library
    scratch: Path
    app: Any = None
    facts: dict[str, Any] = field(default_factory=dict)
    restore: list[Callable[[], object]] = field(default_factory=list)


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise StepFailed(message)


def _step_data(ctx: _Context) -> str:
    problems = ctx.library.check_data()
    _check(not problems, problems[0] if problems else "")
    return f"Daten in {ctx.library.bundled_dir}"


def missing_library_hint(error: ImportError) -> str:
    """One German sentence for a Qt that cannot load because the system lacks a library."""
    found = _SHARED_LIBRARY.search(str(error))
    what = f"die Systembibliothek {found.group(0)} fehlt" if found else f"Qt lässt sich nicht laden ({error})"
    return f"{what[0].upper()}{what[1:]}; unter Debian/Ubuntu hilft: sudo apt install {SYSTEM_PACKAGES}"


def _step_qt(ctx: _Context) -> str:
    try:
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication
    except ImportError as error:
        raise StepFailed(missing_library_hint(error)) from error

    def forward(kind: QtMsgType, _context: object, message: str) -> None:
        if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            return
        if any(noise in message for noise in _HARMLESS_QT_MESSAGES):
            return
        print(f"Qt: {message}", file=sys.stderr)

    previous = qInstallMessageHandler(forward)
    ctx.restore.append(lambda: qInstallMessageHandler(previous))
    ctx.app = QApplication.instance() or QApplication([sys.argv[0]])
    from canvass_app.ui.translations import install_german

    # The bundle must carry Qt's German catalogue, or its dialogs speak English.
    _check(bool(install_german(ctx.app)), "Qts deutsche Übersetzung (qtbase_de.qm) fehlt.")
    from canvass_app.ui.about_dialog import runtime_dependencies

    # "Über Canvass" reads versions and licences from package metadata the bundle must carry.
    _check(
        any(info.name.lower().startswith("pyside6") for info in runtime_dependencies()),
        "Die Versions- und Lizenzangaben der Bibliotheken fehlen (Paket-Metadaten).",
    )
    return f"Plattform {ctx.app.platformName()}, Qt auf Deutsch"


def _step_corpus(ctx: _Context) -> str:
    programmes = list(ctx.library.corpus.programmes())
    _check(bool(programmes), "Der Korpus enthält kein Wahlprogramm.")
    passages = [p for programme in programmes for s in programme.sections for p in s.passages]
    _check(bool(passages), "Der Korpus enthält keine Textstelle.")
    # A word taken from the shipped text, so the search step cannot pass on an
    # empty index and does not depend on any one programme's wording.
    for passage in passages:
        words = sorted(_WORD.findall(passage.text), key=len, reverse=True)
        if words:
            ctx.facts["query"] = words[0]
            ctx.facts["passage"] = passage
            break
    _check("query" in ctx.facts, "Keine Textstelle enthält ein Suchwort.")
    return f"{len(programmes)} Programme, {len(passages)} Textstellen"


def _step_search(ctx: _Context) -> str:
    query = ctx.facts["query"]
    service = ctx.library.search
    hits = list(service.search(query).hits)
    _check(bool(hits), f"Die Suche nach „{query}“ findet nichts.")
    source = ctx.facts["passage"].id
    _check(
        any(hit.id == source for hit in hits),
        f"Die Suche nach „{query}“ findet die Textstelle {source} nicht, aus der das Wort stammt.",
    )
    if (ctx.library.bundled_dir / "index").is_dir():
        # The bundle ships its index so that the first search needs no indexing.
        _check(
            service.last_build_seconds is None and not service.in_memory,
            "Der mitgelieferte Suchindex passt nicht zu den Daten; die erste Suche musste neu indizieren.",
        )
        how = "mitgelieferter Index"
    else:
        how = f"Index gebaut in {service.last_build_seconds or 0:.1f} s"
    return f"„{query}“: {len(hits)} Treffer, {how}"


def _step_card(ctx: _Context) -> str:
    cards = ctx.library.content.cards()
    _check(bool(cards), "Es gibt keine Antwortkarte.")
    card = ctx.library.content.card(cards[0].id)
    _check(card.id == cards[0].id and bool(card.question), f"Karte {cards[0].id} ist leer.")
    # Every citation of the card must resolve against the corpus the bundle carries.
    problems = ctx.library.content.validate_card(card)
    _check(not problems, f"Karte {card.id}: {problems[0] if problems else ''}")
    return f"{len(cards)} Karten, geöffnet: {card.id}"


def _step_note(ctx: _Context) -> str:
    text = "Selbsttest: Notiz mit Umlauten (Grüße aus Dortmund)"
    added = ctx.library.notes.add(text, tags=["selbsttest"])
    stored = ctx.library.notes.get(added.id)
    _check(stored.text == text, "Die gespeicherte Notiz liest sich anders zurück.")
    # The full-text index is part of the bundled SQLite; a build without FTS5 fails here.
    found = ctx.library.notes.search("Grüße")
    _check(any(note.id == added.id for note in found), "Die Notizsuche findet die neue Notiz nicht.")
    return "geschrieben, gelesen, gefunden"


def _step_topic_pdf(ctx: _Context) -> str:
    from pypdf import PdfReader

    from canvass_app.export.builders import build_topic_summary
    from canvass_app.ui.page_painter import render_pdf

    content = ctx.library.content
    topics = content.topics()
    _check(bool(topics), "Es gibt kein Thema.")
    # A topic both programmes speak about makes the fullest page; any topic will do.
    topic = next(
        (t for t in topics if all(c.passages for c in content.topic_view(t.id).coverage)),
        topics[0],
    )
    path = ctx.scratch / "thema.pdf"
    pages = render_pdf(build_topic_summary(ctx.library, topic.id), path)
    _check(pages >= 1 and path.read_bytes().startswith(b"%PDF"), "Es entstand kein PDF.")
    text = "".join(page.extract_text() or "" for page in PdfReader(path).pages)
    # Without a usable font Qt writes empty pages; the title must come back as text.
    squeezed = "".join(text.split()).casefold()
    _check(
        "".join(topic.title.split()).casefold() in squeezed,
        f"Im PDF zum Thema „{topic.title}“ fehlt der Titel als Text (fehlt eine Schrift?).",
    )
    ctx.facts["pdf"] = (path, topic.title)
    return f"„{topic.title}“: {pages} Seiten, {path.stat().st_size // 1024} KB"


def _step_pdf_import(ctx: _Context) -> str:
    """The importer's PDF reader (PDFium, a native library the bundle must carry) reads a PDF."""
    from canvass_app.corpus.pdf_layout import read_layout

    path, title = ctx.facts["pdf"]
    layout = read_layout(path.read_bytes())
    text = "".join(" ".join(block.text for block in layout.blocks).split()).casefold()
    _check("".join(title.split()).casefold() in text, "Der PDF-Leser findet den Titel nicht im Themen-PDF.")
    return f"{layout.pages} Seiten, {len(layout.blocks)} Blöcke"


def _step_window(ctx: _Context) -> str:
    from canvass_app.ui.main_window import MainWindow
    from canvass_app.ui.screenshot import settle

    window = MainWindow(ctx.library)
    window.show()
    ctx.app.processEvents()
    title = window.windowTitle()
    # Search as a person would in the window: type, wait for results off the UI thread, open the first.
    query = ctx.facts.get("query")
    opened = ""
    if query:
        window.search_view.set_query(query)
        settle(window)
        found = window.search_view.model.rowCount()
        _check(found > 0, f"Die Suche im Fenster nach „{query}“ zeigt nichts an.")
        window.search_view.open_current()
        settle(window)
        _check(window.current_view() is not window.search_view, "Der erste Treffer ließ sich im Fenster nicht öffnen.")
        opened = f", Suche im Fenster: {found} Treffer, erster geöffnet"
    window.close()
    window.deleteLater()
    ctx.app.processEvents()
    _check(__version__ in title, f"Der Fenstertitel „{title}“ nennt die Version nicht.")
    return f"„{title}“{opened}"


STEPS: list[tuple[str, Callable[[_Context], str]]] = [
    ("Daten prüfen", _step_data),
    ("Oberfläche starten", _step_qt),
    ("Korpus öffnen", _step_corpus),
    ("Suche", _step_search),
    ("Karte öffnen", _step_card),
    ("Notiz schreiben und lesen", _step_note),
    ("Themen-PDF", _step_topic_pdf),
    ("PDF lesen", _step_pdf_import),
    ("Hauptfenster", _step_window),
]


def run(scratch_parent: Path | None = None) -> int:
    """Run every step in a fresh data directory (inside `scratch_parent` if given); 0 when all pass."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        if scratch_parent is not None:
            scratch_parent.mkdir(parents=True, exist_ok=True)
        workspace = tempfile.TemporaryDirectory(
            prefix="canvass-selftest-", dir=scratch_parent, ignore_cleanup_errors=True
        )
    except (OSError, RuntimeError) as error:  # read-only, not a folder, a symlink loop
        where = scratch_parent if scratch_parent is not None else tempfile.gettempdir()
        reason = getattr(error, "strerror", None) or str(error)
        print(
            f"Selbsttest nicht möglich: in {where} lässt sich kein Arbeitsordner anlegen ({reason}).",
            file=sys.stderr,
        )
        return 2
    with workspace as scratch:
        ctx = _Context(library=Library(Path(scratch) / "daten"), scratch=Path(scratch))
        try:
            failure = _run_steps(ctx)
        finally:
            for undo in reversed(ctx.restore):
                undo()
    if failure is not None:
        step, reason = failure
        reason = " ".join(reason.split()) or "ohne Meldung"
        print(f"Selbsttest fehlgeschlagen im Schritt „{step}“: {reason}", file=sys.stderr)
        return 1
    print(f"{APP_NAME} {__version__}: Selbsttest bestanden")
    return 0


def _run_steps(ctx: _Context) -> tuple[str, str] | None:
    """Run the steps in order; the first failure stops the run and is returned as (step, reason)."""
    for name, step in STEPS:
        started = time.perf_counter()
        try:
            detail = step(ctx)
        except StepFailed as failed:
            return name, str(failed)
        except CanvassError as error:
            return name, error.message
        # Anything else is a bug, still reported as one line: no traceback reaches a user.
        except Exception as error:
            return name, f"{type(error).__name__}: {error}"
        print(f"  ok  {name} ({time.perf_counter() - started:.2f} s): {detail}", flush=True)
    return None
