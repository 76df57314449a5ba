"""Read a programme file a user brings (plain text, Markdown, or a PDF with a text layer) into raw text.

Each refusal is a :class:`CanvassError` with one German sentence naming the
problem; nothing here writes anything.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from canvass_app.corpus.structure import Format
from canvass_app.errors import CanvassError

# Programmes are a few hundred kilobytes of text; a PDF with photos a few megabytes.
MAX_FILE_BYTES = 20 * 1024 * 1024
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class RawProgramme:
    """Text as extracted, before cleaning; ``format`` tells the parser how to read it."""

    text: str
    format: Format
    source_kind: str  # "text", "markdown" or "pdf"


def read_programme_file(path: Path) -> RawProgramme:
    name = path.name or str(path)
    if not path.exists():
        raise CanvassError(f"Die Datei {path} gibt es nicht; bitte den Pfad prüfen.")
    if path.is_dir():
        raise CanvassError(f"{path} ist ein Ordner, keine Datei.")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CanvassError(
                f"Die Datei {name} ist mit {size / 1024 / 1024:.0f} MB zu groß "
                f"(höchstens {MAX_FILE_BYTES // 1024 // 1024} MB); bitte nur das Programm importieren."
            )
        if size == 0:
            raise CanvassError(f"Die Datei {name} ist leer.")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise CanvassError(
            f"Die Datei {name} lässt sich nicht lesen ({error.strerror})."
        ) from error
    if data.lstrip()[:5] == b"%PDF-" or path.suffix.lower() == ".pdf":
        return RawProgramme(_pdf_text(path, data, name), "text", "pdf")
    text = _decode_text(data, name)
    if not text.strip():
        raise CanvassError(f"Die Datei {name} ist leer.")
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return RawProgramme(text, "markdown", "markdown")
    return RawProgramme(text, "text", "text")


def _decode_text(data: bytes, name: str) -> str:
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        # Windows editors save "Unicode" text as UTF-16 with a byte order mark;
        # one that does not decode is judged below like any other bytes.
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode("utf-16")
    if b"\x00" in data[:65536]:
        raise CanvassError(
            f"Die Datei {name} ist keine Textdatei, Markdown-Datei oder PDF; bitte eine solche wählen."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            fallback = data.decode("cp1252")
        except UnicodeDecodeError:
            fallback = ""
        if fallback and _mostly_text(fallback, letters=0.3):
            raise CanvassError(
                f"Die Datei {name} ist nicht UTF-8-kodiert (vermutlich Windows-1252); "
                "bitte als UTF-8 speichern und erneut importieren."
            ) from None
        raise CanvassError(
            f"Die Datei {name} ist keine Textdatei, Markdown-Datei oder PDF; bitte eine solche wählen."
        ) from None
    if not _mostly_text(text):
        raise CanvassError(
            f"Die Datei {name} ist keine Textdatei, Markdown-Datei oder PDF; bitte eine solche wählen."
        )
    return text


def _mostly_text(text: str, letters: float = 0.0) -> bool:
    """Few control characters, and (for a guessed encoding) enough letters to be prose."""
    if not text:
        return True
    sample = text[:200000]
    controls = len(_CONTROL.findall(sample))
    return controls <= 0.01 * len(sample) and sum(ch.isalpha() for ch in sample) >= letters * len(
        sample
    )


def _page_text(page: Any) -> str:
    """One page's text in content order, with blank lines where the page leaves a paragraph gap."""
    plain = page.extract_text() or ""
    try:
        layout = page.extract_text(extraction_mode="layout") or ""
    except Exception:  # layout mode is an extra; the plain text stands on its own
        return plain
    return with_paragraph_gaps(plain, layout)


def with_paragraph_gaps(plain: str, layout: str) -> str:
    """Blank lines from pypdf's layout text carried over to its plain (content-order) text.

    Plain extraction keeps the reading order of columns but loses the space
    between paragraphs; layout extraction shows that space as blank lines but
    puts columns side by side. A plain line that stands after a blank line in
    the layout text gets a blank line before it; lines of a multi-column page
    match nothing in the layout text and stay as they were.
    """
    after_gap: set[str] = set()
    blank = False
    for line in layout.splitlines():
        key = " ".join(line.split())
        if not key:
            blank = True
            continue
        if blank:
            after_gap.add(key)
        blank = False
    lines: list[str] = []
    for line in plain.splitlines():
        key = " ".join(line.split())
        if key and key in after_gap and lines and lines[-1].strip():
            lines.append("")
        lines.append(line)
    return "\n".join(lines)


def _pdf_text(path: Path, data: bytes, name: str) -> str:
    """Page texts joined by form feeds, so page cleaning can see running headers."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf reports recoverable damage through logging and warnings; the user
    # gets our one sentence instead.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                raise CanvassError(
                    f"Die PDF-Datei {name} ist verschlüsselt; bitte eine ungeschützte Fassung verwenden."
                )
            pages = [_page_text(page) for page in reader.pages]
    except CanvassError:
        raise
    except (
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
        RecursionError,
    ) as error:
        raise CanvassError(
            f"Die Datei {name} lässt sich nicht als PDF lesen (beschädigt?); bitte eine andere Fassung verwenden."
        ) from error
    text = "\f".join(pages)
    if sum(ch.isalpha() for ch in text) < 20:
        raise CanvassError(
            f"Die PDF-Datei {name} enthält keinen Text (vermutlich eingescannt); "
            "bitte eine PDF mit Textebene oder den Text als .txt importieren."
        )
    return text
