"""Subcommands of `canvass`, one module per feature; each exposes ``register(subparsers)``.

A command function receives the parsed arguments and the :class:`Library` and
returns the exit status. It raises :class:`CanvassError` for anything a user did.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Callable
from typing import Any, TextIO

from canvass_app.library import Library

Handler = Callable[[argparse.Namespace, Library], int]

# Modules that contribute subcommands, in the order `canvass --help` lists them.
COMMAND_MODULES: list[str] = ["corpus", "notes", "content", "search", "export"]


# Terminal escape sequences (CSI, OSC, other ESC forms) and every remaining control
# character but newline and tab; also the bidi overrides that reorder what a line shows.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks, clipboard
    r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"  # DCS, PM, APC, SOS strings
    r"|\x1b[ -/]*[0-~]?"  # two- and three-character escapes
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# In JSON the C1 range is escaped rather than dropped: the data stays exact.
_JSON_C1 = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """Text safe to print on a terminal: imported content cannot move the cursor, recolour or retitle it.

    Lone surrogates (from undecodable bytes) become U+FFFD instead of an encoding error.
    """
    cleaned = _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))
    if any("\ud800" <= ch <= "\udfff" for ch in cleaned):
        cleaned = cleaned.encode("utf-8", "replace").decode("utf-8")
    return cleaned


class TerminalStream(io.TextIOBase):
    """A text stream that passes everything through :func:`terminal_text` (every CLI line, in one place)."""

    def __init__(self, inner: TextIO) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(terminal_text(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.inner.isatty()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8") or "utf-8"


def unfiltered(stream: TextIO) -> TextIO:
    """The stream beneath a :class:`TerminalStream`, for the CLI's own control characters
    (a progress line rewritten in place); never for text that comes from content."""
    return stream.inner if isinstance(stream, TerminalStream) else stream


def print_json(value: Any) -> None:
    """JSON on stdout, UTF-8, stable key order as built (the shapes are a contract).

    Characters a terminal would act on are written as ``\\u`` escapes, so the
    terminal filter never has to change a JSON value.
    """
    text = json.dumps(value, ensure_ascii=False, indent=2)
    text = _JSON_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        text = json.dumps(value, ensure_ascii=True, indent=2)
    sys.stdout.write(text)
    sys.stdout.write("\n")
