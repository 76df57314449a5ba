"""The hostile-file generator: broken, huge, deep and special files of every kind Canvass reads.

Each :class:`Case` names one file (or special file) and the command that
reads it. ``make(folder)`` writes the input into ``folder`` and returns the
arguments for ``canvass``; ``accepted`` cases must succeed (exit 0), all others
must be refused with exit status 2 and a German line. Kinds: programme files
(text, Markdown, PDF), card packs, notes exports, briefings, settings files
and search-index files. Sizes stay just past each limit, so the whole suite
writes a few hundred megabytes at most and runs in minutes.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from canvass_app import limits

NOTE_ID = "0b6f1c2e-7d43-4a59-9f0e-3c1d2a4b5e01"
MARKUP = '<h1 style="color:red">GROSS</h1>'
ESCAPES = "\x1b[2J\x1b]0;gehackt\x07\x1b[31m"

Maker = Callable[[Path], list[str]]


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    make: Maker
    # True: must import; False: must be refused; None: either (refused in German, then).
    accepted: bool | None = False

    @property
    def id(self) -> str:
        return f"{self.kind}-{self.name}"


# -- special files, the same for every kind ------------------------------------------------


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _zero(path: Path) -> Path:
    path.symlink_to("/dev/zero")
    return path


def _loop(path: Path) -> Path:
    path.symlink_to(path.name)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


SPECIALS: dict[str, Callable[[Path], Path]] = {
    "fifo": _fifo,
    "dev-zero": _zero,
    "symlink-loop": _loop,
    "folder": _folder,
}


def _special(special: Callable[[Path], Path], name: str, args: list[str]) -> Maker:
    """Arguments with ``{}`` replaced by a special file made in the case's folder."""
    return lambda folder: [str(special(folder / name)) if a == "{}" else a for a in args]


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    return path


def _deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


# -- programmes ---------------------------------------------------------------------------

IMPORT = ["import", "--id", "boese", "--party", "Partei", "--title", "Titel", "--year", "2025"]


def _programme(name: str, data: bytes | str) -> Maker:
    def make(folder: Path) -> list[str]:
        return [*IMPORT, str(_write(folder / name, data))]

    return make


def _minimal_pdf(body: bytes = b"BT /F1 12 Tf 72 720 Td (Wir bauen Radwege aus.) Tj ET") -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# Lines as long as a programme's line may be, each of one repeated shape: every one of them
# once took time quadratic in the line's length in some stage of the import (or recursed
# once per group), which a programme on one line (archive and web texts) would meet.
# (format, start, repeated unit, end); they import or are refused with a German line.
HOSTILE_LINES: dict[str, tuple[str, str, str, str]] = {
    "capitals": ("text", "", "WORTGROSSABC", ""),
    "capital-words-then-lowercase": ("text", "", "WORTGROSS ", "x"),
    "capital-letter": ("text", "", "A", ""),
    "digit-groups": ("text", "", "12345 ", ""),
    "one-word": ("text", "", "a", ""),
    "no-punctuation": ("text", "", "wir bauen radwege und busse ", ""),
    "only-punctuation": ("text", "", ".,;:!?-", ""),
    "dots": ("text", "", ".", ""),
    "dot-leader": ("text", "Inhalt ", ". ", " 12"),
    "ellipses": ("text", "", "…", " 12"),
    "short-sentences": ("text", "", "a. ", ""),
    "abbreviations": ("text", "", "Ab. ", ""),
    "bullets": ("text", "", "• ", ""),
    "bulleted-items": ("text", "", "• x ", ""),
    "letter-spacing": ("text", "", "W o h n e n  ", ""),
    "letter-spacing-one-space": ("text", "", "W o h n e n ", ""),
    "glued-headings": ("text", "", "Sie macht. Mehr Personal und MotivationDerzeit ist ", ""),
    "spaces": ("text", "Wir ", " ", "bauen Radwege aus."),
    "mixed": ("text", "", "Wir WOLLEN 12 • - a. Mehr!Die FÜR UNS 3) ", ""),
    "emphasis": ("markdown", "", " *a", ""),
    "links": ("markdown", "", "[a", ""),
    "images": ("markdown", "", "![a](", ""),
    "attributes": ("markdown", "", "{#", ""),
    "comments": ("markdown", "", "<!--", ""),
    "footnotes": ("markdown", "", "[^a", ""),
    "heading-hashes": ("markdown", "# Wohnen", " #", "x"),
    "markdown-spaces": ("markdown", "Wir ", " ", "bauen Radwege aus."),
}


def hostile_line(name: str, length: int = limits.PROGRAMME_LINE_CHARS) -> str:
    """One of HOSTILE_LINES, ``length`` characters long (no line break)."""
    _fmt, start, unit, end = HOSTILE_LINES[name]
    middle = length - len(start) - len(end)
    return start + (unit * (middle // len(unit) + 1))[:middle] + end


def programme_cases() -> list[Case]:
    para = "Wir wollen mehr Busse und Bahnen für alle Menschen in der Stadt.\n\n"
    cases = [
        Case("text", "identical-paragraphs", _programme("gleich.txt", para * 8000), accepted=True),
        Case("text", "one-long-line", _programme("zeile.txt", "Wort " * (limits.PROGRAMME_TEXT_CHARS // 5 - 10))),
        Case("text", "over-text-limit", _programme("viel.txt", ("Arbeit " * 15 + "\n") * 40_000)),
        Case("text", "over-file-limit", _programme("gross.txt", b"Arbeit " * (limits.PROGRAMME_FILE_BYTES // 7 + 10))),
        Case("text", "too-many-passages", _programme("liste.txt", "".join(f"- Punkt {n} für die Stadt\n\n" for n in range(limits.PROGRAMME_PASSAGES + 500)))),
        Case("text", "binary-noise", _programme("rauschen.txt", os.urandom(1 << 20))),
        Case("text", "empty", _programme("leer.txt", b"")),
        Case("text", "escape-sequences", _programme("esc.txt", f"Wir bauen {ESCAPES} Radwege in allen Stadtteilen.\n"), accepted=True),
        Case("markdown", "deep-indent", _programme("tief.md", "# Arbeit\n\n" + "".join("  " * i + "- Punkt\n" for i in range(4449)))),
        Case("markdown", "deep-quotes", _programme("zitat.md", "# Arbeit\n\n" + ">" * 5000 + " Wir bauen Radwege.\n")),
        Case("markdown", "many-headings", _programme("kopf.md", "".join(f"# Kapitel {n}\n\nWir bauen Radwege Nummer {n} aus.\n\n" for n in range(25_000)))),
        Case("markdown", "markup", _programme("html.md", f"# Arbeit {MARKUP}\n\nWir bauen <script>x</script> Radwege {MARKUP} aus.\n"), accepted=True),
        Case("pdf", "junk-after-header", _programme("kaputt.pdf", b"%PDF-1.7\n" + os.urandom(200_000))),
        Case("pdf", "truncated", _programme("halb.pdf", _minimal_pdf()[:300])),
        Case("pdf", "header-only", _programme("kopf.pdf", b"%PDF-1.4\n%%EOF\n")),
        Case("pdf", "deep-arrays", _programme("tief.pdf", _minimal_pdf(b"[" * 50_000 + b"]" * 50_000))),
        Case("pdf", "huge-length", _programme("lang.pdf", re.sub(rb"/Length \d+", b"/Length 99999999999", _minimal_pdf()))),
    ]
    cases.extend(Case("text", n, _special(s, f"{n}.txt", [*IMPORT, "{}"])) for n, s in SPECIALS.items())
    cases.extend(
        Case(fmt, f"line-of-{name}", _programme("zeile.md" if fmt == "markdown" else "zeile.txt", hostile_line(name) + "\n"), accepted=None)
        for name, (fmt, *_shape) in HOSTILE_LINES.items()
    )
    # One character past the line limit: refused, however harmless the line.
    cases.append(Case("text", "line-over-limit", _programme("zeile.txt", hostile_line("no-punctuation", limits.PROGRAMME_LINE_CHARS + 1))))
    return cases


# -- card packs ---------------------------------------------------------------------------


def _card(**changes: object) -> dict[str, object]:
    card: dict[str, object] = {
        "id": "boese-karte",
        "question": "Was tut ihr für Radwege?",
        "answers": [],
        "topics": ["verkehr"],
        "tip": "Freundlich bleiben.",
    }
    card.update(changes)
    return card


def _pack(*cards: object) -> str:
    return json.dumps({"format": "canvass-card-pack", "version": 1, "cards": list(cards)})


def _pack_case(name: str, data: bytes | str) -> Case:
    return Case("card-pack", name, lambda f: ["cards", "import", str(_write(f / "paket.json", data))])


def card_pack_cases() -> list[Case]:
    cases = [
        _pack_case("deep", '{"format": "canvass-card-pack", "version": 1, "cards": ' + _deep_json(100_000) + "}"),
        _pack_case("huge-question", _pack(_card(question="Frage " * (limits.CARD_TEXT_CHARS * 200)))),
        _pack_case("over-file-limit", b" " * (limits.CARD_PACK_BYTES + 1)),
        _pack_case("many-cards", _pack(*[_card(id=f"k{n}") for n in range(limits.PACK_CARDS + 1)])),
        _pack_case("many-phrasings", _pack(_card(phrasings=["x"] * 100_000))),
        _pack_case("dot-dot-id", _pack(_card(id="../../outside"))),
        _pack_case("newline-id", _pack(_card(id="karte\n"))),
        _pack_case("lone-surrogate", _pack(_card(question="Frage \ud800?"))),
        _pack_case("invalid-utf8", b'{"format": "canvass-card-pack", "cards": ["\xff\xfe"]}'),
        _pack_case("nul-bytes", _pack(_card(question="Fr\x00age"))),
        _pack_case("giant-number", '{"format": "canvass-card-pack", "version": ' + "9" * 100_000 + "}"),
        _pack_case("wrong-types", json.dumps({"format": "canvass-card-pack", "version": 1, "cards": [1, "x", None, [], {"id": 5}]})),
        _pack_case("markup-and-escapes", _pack(_card(question=f"{MARKUP}{ESCAPES}"))),
        _pack_case("not-json", b"\x89PNG\r\n\x1a\n" + os.urandom(1000)),
    ]
    cases.extend(Case("card-pack", n, _special(s, "paket.json", ["cards", "import", "{}"])) for n, s in SPECIALS.items())
    return cases


# -- notes exports -----------------------------------------------------------------------


def _note(**changes: object) -> dict[str, object]:
    note: dict[str, object] = {
        "id": NOTE_ID,
        "text": "Frau K. fragt nach dem Radweg.",
        "tags": [],
        "target": None,
        "created": "2025-01-01T00:00:00.000Z",
        "updated": "2025-01-01T00:00:00.000Z",
        "rev": "1-aaaa",
        "history": ["1-aaaa"],
        "detached": False,
    }
    note.update(changes)
    return note


def _notes(*notes: object) -> str:
    return json.dumps({"format": "canvass-notes", "version": 1, "notes": list(notes)})


def _notes_case(name: str, data: bytes | str) -> Case:
    return Case("notes-export", name, lambda f: ["notes", "import", str(_write(f / "notizen.json", data))])


def notes_cases() -> list[Case]:
    spellings = [NOTE_ID.upper(), "{" + NOTE_ID + "}", "urn:uuid:" + NOTE_ID, NOTE_ID.replace("-", ""), NOTE_ID]
    cases = [
        _notes_case("deep", '{"format": "canvass-notes", "version": 1, "notes": ' + _deep_json(100_000) + "}"),
        _notes_case("huge-note", _notes(_note(text="x" * (limits.NOTE_TEXT_CHARS * 50)))),
        _notes_case("over-file-limit", b" " * (limits.NOTES_EXPORT_BYTES + 1)),
        _notes_case("too-many-notes", _notes(*([_note(id=f"{n:032x}") for n in range(limits.NOTES_PER_IMPORT + 1)]))),
        _notes_case("five-spellings", _notes(*[_note(id=s) for s in spellings])),
        _notes_case("lone-surrogate", _notes(_note(text="Hallo \udcff"))),
        _notes_case("invalid-utf8", b'{"format": "canvass-notes", "notes": ["\xc3\x28"]}'),
        _notes_case("bad-id", _notes(_note(id="../../etc/passwd"))),
        _notes_case("many-tags", _notes(_note(tags=[f"t{n}" for n in range(10_000)]))),
        _notes_case("long-history", _notes(_note(history=["1-a"] * 200_000 + ["1-aaaa"]))),
        _notes_case("giant-target", _notes(_note(target={"type": "card", "id": "x" * 1_000_000}))),
    ]
    cases.extend(Case("notes-export", n, _special(s, "notizen.json", ["notes", "import", "{}"])) for n, s in SPECIALS.items())
    return cases


# -- briefings ---------------------------------------------------------------------------


def _briefing(**changes: object) -> str:
    data: dict[str, object] = {"format": "canvass-briefing", "version": 1, "title": "Training", "items": []}
    data.update(changes)
    return json.dumps(data)


def _brief(name: str, data: bytes | str) -> Case:
    return Case(
        "briefing", name, lambda f: ["brief", str(_write(f / "briefing.json", data)), "--html", str(f / "aus.html")]
    )


def briefing_cases() -> list[Case]:
    cases = [
        _brief("deep", '{"format": "canvass-briefing", "version": 1, "title": "x", "items": ' + _deep_json(100_000) + "}"),
        _brief("many-items", _briefing(items=[{"type": "text", "text": "x"}] * 100_000)),
        _brief("huge-text", _briefing(items=[{"type": "text", "text": "x" * 3_000_000}])),
        _brief("over-file-limit", b" " * (limits.BRIEFING_FILE_BYTES + 1)),
        _brief("lone-surrogate", _briefing(title="T \ud800")),
        _brief("invalid-utf8", b'{"format": "canvass-briefing", "title": "\xff"}'),
        _brief("unknown-references", _briefing(items=[{"type": "card", "id": "../../x"}, {"type": "note", "id": "x" * 10_000}])),
    ]
    cases.extend(
        Case("briefing", n, _special(s, "briefing.json", ["brief", "{}", "--html", "aus.html"])) for n, s in SPECIALS.items()
    )
    return cases


# -- settings (read by the app; tested in-process) -----------------------------------------

SETTINGS_FILES: dict[str, bytes] = {
    "step-text": b"[text]\nstep=abc\n",
    "step-fraction": b"[text]\nstep=1.5\n",
    "step-list": b"[text]\nstep=1, 2, 3\n",
    "step-huge": b"[text]\nstep=" + b"9" * 10_000 + b"\n",
    "geometry-junk": b"[window]\ngeometry=@ByteArray(\\xff\\xff\\xff)\nstate=@Variant(\\0\\0\\0\\x7f\\0)\n",
    "location-huge": b"[window]\nlocation=" + b"search\\t" + b"x" * 100_000 + b"\n",
    "binary": bytes(range(256)) * 64,
    "over-limit": b"[a]\n" + b"k=v\n" * (limits.SETTINGS_FILE_BYTES // 4 + 10),
}


# -- search-index files (a damaged cache must be rebuilt, never a hang) ----------------------

def _manifest_fifo(manifest: Path) -> None:
    manifest.unlink()
    os.mkfifo(manifest)


def _manifest_zero(manifest: Path) -> None:
    manifest.unlink()
    manifest.symlink_to("/dev/zero")


def _manifest_deep(manifest: Path) -> None:
    manifest.write_text(_deep_json(100_000))


def _manifest_junk(manifest: Path) -> None:
    manifest.write_bytes(os.urandom(100_000))


INDEX_DAMAGE: dict[str, Callable[[Path], None]] = {
    "manifest-fifo": _manifest_fifo,
    "manifest-dev-zero": _manifest_zero,
    "manifest-deep": _manifest_deep,
    "manifest-junk": _manifest_junk,
}


# -- files inside the data directory that something else put there ---------------------------


def _in_data(relative: str, special: Callable[[Path], Path], args: list[str]) -> Maker:
    """Plant a special file at ``<data dir>/relative`` (the data dir is next to the input folder)."""

    def make(folder: Path) -> list[str]:
        target = folder.parent / "daten" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.unlink(missing_ok=True)
        special(target)
        return args

    return make


def data_dir_cases() -> list[Case]:
    cases = []
    for name in ("fifo", "dev-zero"):
        special = SPECIALS[name]
        cases += [
            Case("data-dir", f"stored-programme-{name}", _in_data("programmes/fremd.json", special, ["programmes"]), accepted=True),
            Case("data-dir", f"trainer-card-{name}", _in_data("cards/fremd.json", special, ["cards"]), accepted=True),
            Case("data-dir", f"notes-db-{name}", _in_data("notes.db", special, ["notes", "list"])),
            Case("data-dir", f"corrections-{name}", _in_data("topics.toml", special, ["topics"]), accepted=True),
            Case("data-dir", f"search-batch-{name}", _special(special, "anfragen.txt", ["search", "--batch", "{}"])),
        ]
    cases.append(
        Case("data-dir", "thesaurus-fifo", _in_data("thesaurus.toml", SPECIALS["fifo"], ["search", "Radwege"]), accepted=True)
    )
    return cases


def cli_cases() -> list[Case]:
    """Every generated file case that goes through the `canvass` command."""
    return [*programme_cases(), *card_pack_cases(), *notes_cases(), *briefing_cases(), *data_dir_cases()]
