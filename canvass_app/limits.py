"""The size and shape limits on everything a user or a file can hand to Canvass, and the German words that name them.

Each limit sits far above anything a real programme, card, note or briefing
needs (the shipped content uses a tenth of them) and far below what would make
a command slow or a window unusable; a value past a limit is refused whole,
with a sentence that names the limit, never truncated in silence.
"""

from __future__ import annotations

KIB = 1024
MIB = 1024 * KIB

# Files, by what they hold.
SETTINGS_FILE_BYTES = 256 * KIB
CARD_FILE_BYTES = 1 * MIB
CARD_PACK_BYTES = 16 * MIB
NOTES_EXPORT_BYTES = 64 * MIB
BRIEFING_FILE_BYTES = 4 * MIB
MANIFEST_BYTES = 4 * MIB
PROGRAMME_FILE_BYTES = 20 * MIB
STORED_PROGRAMME_BYTES = 64 * MIB  # an import as stored: its text (4 million characters) as JSON

# Parsed JSON and TOML: deeper than any file we write (they nest four levels).
NESTING_MAX = 32

# A programme's text after extraction.
PROGRAMME_TEXT_CHARS = 4_000_000
# A line: programmes copied from a web page or an archive's plain text often arrive as one
# line of a whole programme (GLMP's Mainz SPD programme: 141,194 characters). Every import
# stage is linear in a line's length (the hostile one-line shapes of tests/hostile parse in
# under 2 s at this length, see bench_import); the limit refuses what no programme is.
PROGRAMME_LINE_CHARS = 200_000
PROGRAMME_INDENT_COLUMNS = 400
PROGRAMME_QUOTE_DEPTH = 32
PROGRAMME_PASSAGES = 20_000
# A PDF's pages, checked before any page is read: programmes have 40–120.
PROGRAMME_PDF_PAGES = 1_000

# Cards: every text field, and every list on a card.
CARD_TEXT_CHARS = 4_000
CARD_LIST_ITEMS = 50
PACK_CARDS = 2_000

# Notes.
NOTE_TEXT_CHARS = 20_000
NOTE_TAGS = 50
NOTE_TAG_CHARS = 100
NOTES_PER_IMPORT = 100_000

# Briefings.
BRIEFING_ITEMS = 300
BRIEFING_TEXT_CHARS = 20_000

# An ID typed on the command line or read from a file (the ID grammar allows 80).
ID_CHARS = 80


def describe_bytes(limit: int) -> str:
    """A byte limit as a German reader says it: '16 MB', '256 KB'."""
    if limit >= MIB and limit % MIB == 0:
        return f"{limit // MIB} MB"
    if limit >= KIB and limit % KIB == 0:
        return f"{limit // KIB} KB"
    return f"{limit} Bytes"


def describe_count(limit: int) -> str:
    """A count with German thousands separators: 20.000."""
    return f"{limit:,}".replace(",", ".")


def programme_text_problem(text: str) -> str | None:
    """Why an extracted programme text is refused (one German clause naming the limit), or None.

    Checked before any parsing: each of these shapes made an import take
    minutes (a 19 MB line, 4,000 indent levels), never a real programme.
    """
    if len(text) > PROGRAMME_TEXT_CHARS:
        return f"sie enthält mehr als {describe_count(PROGRAMME_TEXT_CHARS)} Zeichen Text"
    for line in text.splitlines():
        if len(line) > PROGRAMME_LINE_CHARS:
            return f"eine Zeile ist länger als {describe_count(PROGRAMME_LINE_CHARS)} Zeichen"
        stripped = line.lstrip()
        indent = len(line) - len(stripped) + line[: len(line) - len(stripped)].count("\t") * 3
        if indent > PROGRAMME_INDENT_COLUMNS:
            return f"eine Zeile ist um mehr als {PROGRAMME_INDENT_COLUMNS} Spalten eingerückt"
        if stripped.startswith(">"):
            depth = len(stripped) - len(stripped.lstrip("> \t"))
            if stripped[:depth].count(">") > PROGRAMME_QUOTE_DEPTH:
                return f"ein Zitat ist mehr als {PROGRAMME_QUOTE_DEPTH} Ebenen tief verschachtelt"
    return None


def passages_problem(count: int) -> str | None:
    if count > PROGRAMME_PASSAGES:
        return f"sie ergibt mehr als {describe_count(PROGRAMME_PASSAGES)} Passagen"
    return None
