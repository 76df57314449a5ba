"""Snippets: the part of a text around the matched words, with those words in ``<b>…</b>``.

The text around the marks is HTML-escaped, so a snippet is safe rich text for the
Qt interface; :func:`plain` turns it into «…» marks for the command line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from canvass_app.search.analysis import indexed_tokens

SNIPPET_CHARS = 260
_TAG = re.compile(r"</?b>")


def matched_spans(text: str, matched: Iterable[tuple[str, str]]) -> list[tuple[int, int]]:
    """Character spans of the words in ``text`` that the search matched, merged."""
    stems = {t for f, t in matched if f in ("text", "heading")}
    folded = {t for f, t in matched if f == "exact"}
    spans = sorted(
        (t.start, t.end) for t in indexed_tokens(text) if t.stem in stems or t.folded in folded
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        # "Mikro-Depots" matched part by part still reads as one mark.
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start] in ("-", "‐")):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    if len(text) <= width:
        return 0, len(text)
    best_start, best_count = 0, -1
    for start, _ in spans:
        origin = max(0, start - width // 5)
        count = sum(1 for s, e in spans if s >= origin and e <= origin + width)
        if count > best_count:
            best_start, best_count = origin, count
    start = best_start
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and start - space < 30 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    return start, end


def highlight(text: str, matched: Iterable[tuple[str, str]], width: int = SNIPPET_CHARS) -> str:
    """An HTML snippet of ``text`` (at most about ``width`` characters) with matches in <b>."""
    spans = matched_spans(text, matched)
    start, end = _window(text, spans, width)
    out: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(html.escape(text[cursor:s], quote=False))
        out.append(f"<b>{html.escape(text[s:e], quote=False)}</b>")
        cursor = e
    out.append(html.escape(text[cursor:end], quote=False))
    if end < len(text):
        out.append("…")
    return "".join(out)


def plain(snippet: str) -> str:
    """A snippet for a terminal: «marked» words, no HTML."""
    return html.unescape(_TAG.sub(lambda m: "»" if m.group().startswith("</") else "«", snippet))
