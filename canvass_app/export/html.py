"""Self-contained HTML for a :class:`Document`: one file, inline CSS, no scripts, fit for mail."""

from __future__ import annotations

from html import escape

from canvass_app import APP_NAME
from canvass_app.export.document import (
    Block,
    CardBlock,
    Document,
    Heading,
    NoteBlock,
    PageBreak,
    Paragraph,
    PassageBlock,
)

_CSS = """
body { font-family: "DejaVu Sans", "Segoe UI", Arial, Helvetica, sans-serif; font-size: 16px;
       line-height: 1.45; color: #1a1a1a; max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { color: #1f4e79; font-size: 1.7em; margin: 0 0 .1em; }
h2 { color: #1f4e79; font-size: 1.3em; margin: 1.4em 0 .4em; }
h3 { color: #1f4e79; font-size: 1.1em; margin: 1.1em 0 .4em; }
.subtitle, .meta { color: #555; font-size: .9em; }
.intro { font-size: 1.05em; }
.silent { color: #555; font-style: italic; }
.passage { background: #f1f3f5; padding: .6em .8em; margin: .6em 0; border-radius: 3px; }
.source { color: #1f4e79; font-weight: bold; font-size: .85em; margin: 0 0 .2em; }
.card { border: 1px solid #8a99a8; border-radius: 4px; padding: .7em 1em; margin: 1em 0; }
.card h3 { color: #1a1a1a; margin-top: 0; }
.answer { margin: .6em 0; }
.party { color: #1f4e79; font-weight: bold; font-size: .85em; margin: 0; }
.answer p { margin: .15em 0; }
.quote { font-size: .9em; margin: .2em 0 .2em 1em; }
.quote q { font-style: italic; quotes: "„" "“"; }
.quote .cite { color: #555; }
.tip { background: #fff4d6; padding: .4em .6em; font-size: .9em; margin-top: .6em; }
.note { background: #fff4d6; padding: .6em .8em; margin: .8em 0; }
.tags { color: #555; font-size: .85em; }
footer { border-top: 1px solid #8a99a8; margin-top: 2em; padding-top: .5em; color: #555;
         font-size: .8em; }
footer ul { margin: .2em 0; padding-left: 1.2em; }
.pocket { columns: 2 18em; column-gap: 2em; }
.pocket .card { break-inside: avoid; margin-top: 0; font-size: .9em; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  .card, .passage, .note { break-inside: avoid; }
  .pagebreak { break-before: page; }
}
"""


def _text(value: str) -> str:
    """Escaped text with line breaks kept."""
    return escape(value).replace("\n", "<br>")


def _paragraphs(value: str, css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    parts = [part.strip() for part in value.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return "".join(f"<p{attribute}>{_text(part)}</p>" for part in parts)


def _card(card: CardBlock) -> str:
    out = [f'<section class="card" id="karte-{escape(card.card_id)}">', f"<h3>{_text(card.question)}</h3>"]
    for answer in card.answers:
        out.append('<div class="answer">')
        out.append(f'<p class="party">{escape(answer.label)}</p>')
        if answer.silent:
            out.append(f'<p class="silent">{_text(answer.summary)}</p>')
        else:
            out.append(f"<p>{_text(answer.summary)}</p>")
            for quote in answer.quotes:
                out.append(
                    f'<p class="quote"><q>{_text(quote.quote)}</q> '
                    f'<span class="cite">({escape(quote.source.label())})</span></p>'
                )
        out.append("</div>")
    if card.tip:
        out.append(f'<p class="tip"><strong>Tipp fürs Gespräch:</strong> {_text(card.tip)}</p>')
    out.append("</section>")
    return "".join(out)


def _block(block: Block, break_before: bool) -> str:
    if isinstance(block, Heading):
        level = min(max(block.level, 1), 3)
        css = ' class="pagebreak"' if break_before else ""
        return f"<h{level}{css}>{_text(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return _paragraphs(block.text, "" if block.role == "body" else block.role)
    if isinstance(block, PassageBlock):
        return (
            f'<blockquote class="passage" id="stelle-{escape(block.source.passage_id)}">'
            f'<p class="source">{escape(block.source.label())}</p>{_paragraphs(block.text)}'
            "</blockquote>"
        )
    if isinstance(block, CardBlock):
        return _card(block)
    if isinstance(block, NoteBlock):
        tags = " ".join(f"#{tag}" for tag in block.tags)
        return (
            '<aside class="note">'
            + (f"<h3>{_text(block.title)}</h3>" if block.title else "")
            + _paragraphs(block.text)
            + (f'<p class="tags">{escape(tags)}</p>' if tags else "")
            + "</aside>"
        )
    return ""


def render_html(document: Document) -> str:
    """The whole document as one HTML page (UTF-8) that a mail program can show as it is."""
    body: list[str] = [f"<h1>{_text(document.title)}</h1>"]
    if document.subtitle:
        body.append(f'<p class="subtitle">{_text(document.subtitle)}</p>')
    if document.layout == "pocket":
        body.append('<div class="pocket">')
        body.extend(_card(card) for card in document.cards())
        body.append("</div>")
    else:
        break_next = False
        for block in document.blocks:
            if isinstance(block, PageBreak):
                break_next = True
                continue
            body.append(_block(block, break_next))
            break_next = False
    if document.sources:
        items = "".join(f"<li>{_text(line)}</li>" for line in document.sources)
        body.append(f"<footer><p>Quellen:</p><ul>{items}</ul><p>Erstellt mit {APP_NAME}.</p></footer>")
    else:
        body.append(f"<footer><p>Erstellt mit {APP_NAME}.</p></footer>")
    return (
        '<!DOCTYPE html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
