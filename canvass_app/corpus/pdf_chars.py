"""A PDF page's characters, read through PDFium, grouped into fragments with size and weight.

A fragment is a run of characters on one baseline without a wide gap: a
line, or one column's part of it. Spaces come from gaps between the glyphs'
advance boxes (so "Münste r" cannot happen), ligatures keep their letters
together, superscript footnote marks are left out.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from typing import Any

from canvass_app.corpus import cleaning

_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|extrabold|fett", re.IGNORECASE)


@dataclass
class Fragment:
    """Characters on one baseline with no wide gap: a line, or one column's part of it."""

    page: int
    x0: float
    x1: float
    base: float
    size: float
    text: str = ""
    bold_chars: int = 0
    chars: int = 0

    @property
    def bold(self) -> bool:
        return self.chars > 0 and self.bold_chars >= 0.8 * self.chars



_ADDRESS_OF_OBJECT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)


def read_page(page: Any, number: int, raw: Any) -> list[Fragment]:
    """The page's characters grouped into fragments; the hot loop of the reader, kept lean."""
    textpage = page.get_textpage()
    handle = textpage.raw
    count = raw.FPDFText_CountChars(handle)
    rect = raw.FS_RECTF()
    box = ctypes.byref(rect)
    styles: dict[int | None, tuple[float, bool]] = {}
    get_unicode = raw.FPDFText_GetUnicode
    # The loose box spans the glyph's advance (gaps between boxes are real
    # spaces) and its bottom sits at a fixed depth below the baseline.
    get_box = raw.FPDFText_GetLooseCharBox
    # The text object's address identifies its style; asking for a plain integer
    # (not a ctypes pointer to cast) saves a third of the time per character.
    get_object = _ADDRESS_OF_OBJECT(ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value or 0)
    object_handle = ctypes.cast(handle, ctypes.c_void_p)
    generated = raw.FPDFText_IsGenerated
    fragments: list[Fragment] = []
    # The open fragment, in locals: attribute access per character costs.
    chars: list[str] = []
    f_x0 = f_x1 = f_base = f_size = 0.0
    f_bold = f_count = 0
    pending_space = False
    last_x0 = -1e9

    def close() -> None:
        if chars:
            fragment = Fragment(number, f_x0, f_x1, f_base, f_size, "".join(chars), f_bold, f_count)
            fragments.append(fragment)

    for k in range(count):
        code = get_unicode(handle, k)
        if code <= 32 or code == 0xA0:
            if code == 2:
                char = "-"  # a hyphen PDFium marked as soft (end of line)
            else:
                if (code == 32 or code == 0xA0) and not generated(handle, k):
                    pending_space = True
                continue
        elif code == 0xAD:
            char = "-"
        elif 0xE000 <= code <= 0xF8FF:
            char = "\u2022"  # a symbol-font glyph: drawn bullets use these
        elif code >= 0xFFFE:
            continue
        else:
            char = chr(code)
            if char.isspace():
                if not generated(handle, k):
                    pending_space = True
                continue
        address = get_object(object_handle, k)
        style = styles.get(address)
        if style is None:
            style = _style(raw, handle, k)
            styles[address] = style
        size, bold = style
        get_box(handle, k, box)
        x0 = rect.left
        x1 = rect.right
        base = rect.bottom
        if chars:
            gap = x0 - f_x1
            bigger = size if size > f_size else f_size
            rise = base - f_base
            if size < 0.8 * f_size and 0.15 * f_size < rise < 0.7 * f_size and char.isdigit():
                continue  # a footnote mark set as superscript
            # A ligature's letters share one box: the second starts where the first did.
            ligature = -0.5 < x0 - last_x0 < 0.5
            if (
                -0.35 * bigger <= rise <= 0.35 * bigger
                and (gap >= -0.6 * f_size or ligature)
                and gap <= 1.2 * bigger
                and not (pending_space and gap > 0.9 * f_size)
            ):
                if not ligature and (pending_space or gap > 0.16 * (f_size if f_size < size else size)):
                    chars.append(" ")
                chars.append(char)
                if x1 > f_x1:
                    f_x1 = x1
                f_count += 1
                f_bold += bold
                if f_count < 3 and size > f_size:
                    f_size = size
                pending_space = False
                last_x0 = x0
                continue
            close()
        chars = [char]
        f_x0, f_x1, f_base, f_size, f_bold, f_count = x0, x1, base, size, int(bold), 1
        pending_space = False
        last_x0 = x0
    close()
    textpage.close()
    for f in fragments:
        f.text = cleaning.normalise_characters(f.text)
    return [f for f in fragments if f.text.strip()]


def _style(raw: Any, handle: Any, k: int) -> tuple[float, bool]:
    """Font size in points (text matrix applied) and whether the face is bold."""
    matrix = raw.FS_MATRIX()
    raw.FPDFText_GetMatrix(handle, k, ctypes.byref(matrix))
    scale = (matrix.a**2 + matrix.b**2) ** 0.5
    size = round(raw.FPDFText_GetFontSize(handle, k) * scale, 1)
    weight = raw.FPDFText_GetFontWeight(handle, k)
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    raw.FPDFText_GetFontInfo(handle, k, buffer, 128, ctypes.byref(flags))
    name = buffer.value.decode("latin-1", "replace")
    bold = weight >= 600 or bool(_BOLD_NAME.search(name)) or bool(flags.value & (1 << 18))
    return size, bold
