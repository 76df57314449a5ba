"""Read a programme file a user brings (plain text, Markdown, or a PDF with a text layer) into raw text.

Each refusal is a :class:`CanvassError` with one German sentence naming the
problem; nothing here writes anything.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from canvass_app import files, limits
from canvass_app.corpus.blocks import dump_blocks
from canvass_app.corpus.structure import Format
from canvass_app.errors import CanvassError

# progress(pages read, pages in all); raising ImportCancelled from it stops the import.
Progress = Callable[[int, int], None]

# Programmes are a few hundred kilobytes of text; a PDF with photos a few megabytes.
MAX_FILE_BYTES = limits.PROGRAMME_FILE_BYTES
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class ImportCancelled(CanvassError):
    """The user stopped the import; nothing was written."""

    def __init__(self) -> None:
        super().__init__("Der Import wurde abgebrochen; es wurde nichts gespeichert.", exit_code=130)


@dataclass(frozen=True)
class RawProgramme:
    """The source as read, before structuring; ``format`` tells the parser how to read it."""

    text: str
    format: Format
    source_kind: str  # "text", "markdown" or "pdf"
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    # Guesses for the import form (party, title, year, election).
    suggestions: dict[str, str] = field(default_factory=dict)


_NOT_TEXT = "Die Datei {name} ist keine Textdatei, Markdown-Datei oder PDF; bitte eine solche wählen."
_SIGNATURES = (
    (b"\xd0\xcf\x11\xe0", "ein Word-Dokument (.doc)"),
    (b"PK\x03\x04", "ein Office- oder ZIP-Dokument (z. B. .docx)"),
    (b"{\\rtf", "ein RTF-Dokument"),
    (b"\x89PNG", "ein Bild (PNG)"),
    (b"\xff\xd8\xff", "ein Bild (JPEG)"),
    (b"GIF8", "ein Bild (GIF)"),
    (b"II*\x00", "ein Bild (TIFF)"),
    (b"MM\x00*", "ein Bild (TIFF)"),
)


def read_programme_file(path: Path, progress: Progress | None = None) -> RawProgramme:
    name = path.name or str(path)
    # Regular files only, never more than the limit: a FIFO or /dev/zero is refused, not read.
    data = files.read_bytes(path, MAX_FILE_BYTES, "Die Datei")
    if not data.strip():
        raise CanvassError(f"Die Datei {name} ist leer.")
    if b"%PDF-" in data[:1024] or path.suffix.lower() == ".pdf":
        return _pdf_programme(data, name, progress)
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise CanvassError(
                f"Die Datei {name} ist {kind}, kein Programmtext; bitte als PDF, .txt oder .md speichern."
            )
    text = _decode_text(data, name)
    if re.match(r"\s*(<!doctype html|<html\b|<\?xml|<head\b|<body\b)", text[:2000], re.IGNORECASE):
        raise CanvassError(
            f"Die Datei {name} ist eine Webseite (HTML), kein Programmtext; "
            "bitte den Text als .txt oder .md speichern."
        )
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
            return _without_nul(data.decode("utf-16"), name)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _without_nul(utf16, name)
    if b"\x00" in data:
        raise CanvassError(
            f"Die Datei {name} enthält Nullbytes und ist daher keine Textdatei; "
            "bitte als Text (UTF-8), Markdown oder PDF speichern."
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
        raise CanvassError(_NOT_TEXT.format(name=name)) from None
    if not _mostly_text(text):
        raise CanvassError(
            f"Die Datei {name} ist keine Textdatei, Markdown-Datei oder PDF; bitte eine solche wählen."
        )
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a byte order mark: every other byte of Latin text is zero."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) >= 0.7 * len(zeros):
            try:
                text = data[: len(data) // 2 * 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            return text if _mostly_text(text.replace("\x00", "")) else None
    return None


def _without_nul(text: str, name: str) -> str:
    if "\x00" in text:
        raise CanvassError(
            f"Die Datei {name} enthält Nullbytes und ist daher keine Textdatei; "
            "bitte als Text (UTF-8), Markdown oder PDF speichern."
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


def _german_count(number: int) -> str:
    """3200 as a German reader writes it: 3.200."""
    return f"{number:,}".replace(",", ".")


def _pdf_programme(data: bytes, name: str, progress: Progress | None) -> RawProgramme:
    """The PDF's layout read into a block stream (stored as the raw source), with what a preview shows."""
    from canvass_app.corpus.pdf_layout import PdfPasswordError, PdfTooManyPages, read_layout

    try:
        layout = read_layout(data, progress)
    except PdfPasswordError:
        raise CanvassError(
            f"Die PDF-Datei {name} ist mit einem Kennwort geschützt; bitte eine ungeschützte Fassung verwenden."
        ) from None
    except PdfTooManyPages as error:
        raise CanvassError(
            f"Die PDF-Datei {name} hat {_german_count(error.pages)} Seiten, höchstens "
            f"{_german_count(limits.PROGRAMME_PDF_PAGES)} werden importiert; bitte nur das Programm importieren."
        ) from None
    except ImportCancelled:
        raise
    except Exception as error:  # PDFium reports damage as one error class per cause
        raise CanvassError(
            f"Die Datei {name} lässt sich nicht als PDF lesen (beschädigt?); bitte eine andere Fassung verwenden."
        ) from error
    letters = sum(ch.isalpha() for block in layout.blocks for ch in block.text)
    if letters < 20:
        raise CanvassError(
            f"Die PDF-Datei {name} enthält keinen Text (vermutlich eingescannt); "
            "bitte eine PDF mit Textebene oder den Text als .txt importieren."
        )
    warnings_: list[str] = []
    if layout.pages_without_text:
        count = len(layout.pages_without_text)
        warnings_.append(
            f"{count} Seite ohne Text" if count == 1 else f"{count} Seiten ohne Text"
        )
    metadata = dict(layout.metadata)
    suggestions = suggest_details(metadata, layout.first_page_text)
    if not any(block.kind == "heading" for block in layout.blocks):
        # Type that never changes size or weight shows no outline: the text
        # reader's line rules (short lines standing alone) find the headings.
        return RawProgramme(layout.text, "text", "pdf", layout.pages, tuple(warnings_), suggestions)
    return RawProgramme(
        dump_blocks(layout.blocks, {"Titelseite": " | ".join(layout.cover)} if layout.cover else {}),
        "blocks",
        "pdf",
        pages=layout.pages,
        warnings=tuple(warnings_),
        suggestions=suggestions,
    )


_PARTIES = (
    ("BÜNDNIS 90/DIE GRÜNEN", r"bündnis\s*90|die\s+grünen|\bgrüne\b"),
    ("SPD", r"\bspd\b"),
    ("CDU/CSU", r"\bcdu\b.{0,10}\bcsu\b"),
    ("CDU", r"\bcdu\b"),
    ("CSU", r"\bcsu\b"),
    ("FDP", r"\bfdp\b|freie demokraten"),
    ("Die Linke", r"die\s+linke"),
    ("AfD", r"\bafd\b|alternative für deutschland"),
    ("BSW", r"\bbsw\b|bündnis sahra wagenknecht"),
    ("Volt", r"\bvolt\b"),
    ("FREIE WÄHLER", r"freie\s+wähler"),
    ("ÖDP", r"\bödp\b"),
    ("SSW", r"\bssw\b"),
    ("dieBasis", r"diebasis"),
    ("Bündnis Deutschland", r"bündnis\s+deutschland"),
    ("Die PARTEI", r"die\s+partei\b"),
    ("Piratenpartei", r"piraten"),
)
_ELECTIONS = (
    ("Kommunalwahl", r"kommunalwahl|kommunalwahlprogramm|stadtrat|kreistag"),
    ("Bundestagswahl", r"bundestagswahl|bundestag"),
    ("Landtagswahl", r"landtagswahl"),
    ("Europawahl", r"europawahl"),
)


def suggest_details(metadata: dict[str, str], first_page: str) -> dict[str, str]:
    """Party, title, year and election guessed from a PDF's metadata and first page, for the dialog."""
    found: dict[str, str] = {}
    title = metadata.get("Title", "")
    if re.search(r"\.(indd|docx?|pdf)$|^microsoft word", title, re.IGNORECASE):
        title = ""
    haystack = f"{title} {metadata.get('Author', '')} {metadata.get('Subject', '')} {first_page}"
    folded = haystack.casefold()
    for party, pattern in _PARTIES:
        if re.search(pattern, folded):
            found["party"] = party
            break
    years = re.findall(r"\b(20[2-4]\d)\b", haystack)
    if years:
        found["year"] = max(years, key=years.count)
    for election, pattern in _ELECTIONS:
        if re.search(pattern, folded):
            found["election"] = f"{election} {found['year']}" if "year" in found else election
            break
    if not title:
        title = " ".join(first_page.split()[:12])
    if title:
        found["title"] = title[:120]
    return found
