"""Passages as HTML and as quotes: highlighting, lead-in grouping, citations (no Qt here)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from canvass_app.corpus.model import Passage, Programme, Section

_BOLD = re.compile(r"<b>(.*?)</b>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Colors:
    """Colours for generated HTML, chosen from the window's palette (light or dark)."""

    text: str = "#1b1b1b"
    muted: str = "#5c5c5c"
    mark_bg: str = "#ffe08a"
    mark_fg: str = "#000000"
    focus_bg: str = "#e8f0fe"
    link: str = "#1a55b0"


def party_year(programme: Programme) -> str:
    """The label every passage view shows: the party and, plainly, the year."""
    return f"{programme.party} · {programme.year}"


def programme_label(programme: Programme) -> str:
    # Quoted, because titles are sentences ("Besser werden. Dortmund bleiben.").
    parts = [f"„{programme.title}“" if programme.title else ""]
    if programme.chapter and programme.chapter not in programme.title:
        parts.append(f"Kapitel „{programme.chapter}“")
    return ", ".join(p for p in parts if p)


def line_label(lines: tuple[int, int] | None) -> str:
    if not lines:
        return ""
    first, last = lines
    return f"Z. {first}" if first == last else f"Z. {first}–{last}"


def citation(passage: Passage, section: Section | None, programme: Programme) -> str:
    """Party, programme, year, section and line numbers where known, as one line."""
    parts = [f"{programme.party}: {programme_label(programme)}"]
    election = programme.election or f"Wahl {programme.year}"
    if str(programme.year) not in election:
        election = f"{election} {programme.year}"
    parts[0] += f" ({election})"
    if section is not None and section.title:
        parts.append(f"Abschnitt „{section.title}“")
    lines = line_label(passage.lines)
    if lines:
        parts.append(lines)
    return ", ".join(parts)


def quote(passage: Passage, section: Section | None, programme: Programme) -> str:
    """What "Als Zitat kopieren" puts on the clipboard."""
    return f"„{passage.full_text}“\n— {citation(passage, section, programme)}"


def terms_from_snippet(snippet: str) -> tuple[str, ...]:
    """The words a search snippet marked with ``<b>``: the forms that matched in this passage."""
    found: list[str] = []
    for match in _BOLD.finditer(snippet or ""):
        word = html.unescape(_TAG.sub("", match.group(1))).strip()
        if word and word.casefold() not in (w.casefold() for w in found):
            found.append(word)
    return tuple(found)


def query_terms(query: str) -> tuple[str, ...]:
    """Words of a typed query worth highlighting as word starts (short words would mark noise)."""
    words = [w for w in _WORD.findall(query or "") if len(w) >= 4 and not w.isdigit()]
    return tuple(dict.fromkeys(words))


def highlight(text: str, terms: Iterable[str], colors: Colors) -> str:
    """``text`` as HTML with every word starting with one of ``terms`` marked.

    A term of several words (a card's quote) is marked as that phrase, across line breaks.
    """
    stems = sorted({t.casefold() for t in terms if t.strip()}, key=len, reverse=True)
    if not stems:
        return html.escape(text)
    parts = [r"\s+".join(re.escape(w) for w in s.split()) if len(s.split()) > 1 else re.escape(s) for s in stems]
    pattern = re.compile(r"\b(?:" + "|".join(parts) + r")\w*", re.IGNORECASE | re.UNICODE)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[last : match.start()]))
        out.append(
            f'<span style="background-color:{colors.mark_bg}; color:{colors.mark_fg};">'
            f"{html.escape(match.group(0))}</span>"
        )
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def passages_html(
    passages: Sequence[Passage],
    colors: Colors,
    focus_id: str | None = None,
    terms: Iterable[str] = (),
    link_prefix: str = "passage:",
    notes: Mapping[str, int] | None = None,
) -> str:
    """Passages in reading order; consecutive pledges under one lead-in become one list.

    ``notes`` maps passage IDs to how many notes they have; those passages carry a "✎" mark.

    Each passage links to ``link_prefix + id``; the focused one is shaded and
    carries an anchor of its ID so the view can scroll to it.
    """
    terms = tuple(terms)
    out: list[str] = []
    open_lead: str | None = None
    in_list = False
    for passage in passages:
        is_pledge = passage.kind == "pledge"
        if in_list and (not is_pledge or passage.lead_in != open_lead):
            out.append("</ul>")
            in_list = False
        if is_pledge and not in_list:
            if passage.lead_in:
                out.append(
                    f'<p style="margin-bottom:2px;"><i>{html.escape(passage.lead_in)} …</i></p>'
                )
            out.append('<ul style="margin-top:0px;">')
            in_list = True
            open_lead = passage.lead_in
        body = highlight(passage.text, terms if passage.id == focus_id else (), colors)
        lines = line_label(passage.lines)
        if lines:
            body += f' <span style="color:{colors.muted}; font-size:small;">({lines})</span>'
        if notes and notes.get(passage.id):
            count = notes[passage.id]
            label = "1 Notiz" if count == 1 else f"{count} Notizen"
            body += f' <span style="color:{colors.link}; font-size:small;">✎ {label}</span>'
        focused = passage.id == focus_id
        style = f' style="background-color:{colors.focus_bg};"' if focused else ""
        anchor = f'<a name="{html.escape(passage.id)}"></a>' if focused else ""
        link_open = f'<a href="{link_prefix}{html.escape(passage.id)}" style="color:{colors.text}; text-decoration:none;">'
        # The text reads as text, not as a blue link; the arrow says it opens (and the pointer changes).
        opens = "" if focused else f' <span style="color:{colors.link};">›</span>'
        if is_pledge:
            out.append(f"<li{style}>{anchor}{link_open}{body}{opens}</a></li>")
        else:
            out.append(f"<p{style}>{anchor}{link_open}{body}{opens}</a></p>")
    if in_list:
        out.append("</ul>")
    return "\n".join(out)
