"""The help page (F1): searching with its syntax, cards, doorstep mode, notes, printing, and every key.

A few screens of German text in a window of its own, beside the main window, so
it can stay open while trying things out. The key table is read from the
window's actions, in German key names ("Strg+Umschalt+B"), so it cannot drift.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from canvass_app.ui.screen_fit import fitted
from canvass_app.ui.theme import ReadingBrowser

SECTIONS = [
    ("suchen", "Suchen", """
<p>Tippen Sie in das Suchfeld oben (<b>Strg+K</b>), was an der Tür gefragt wird, so wie es gesagt wurde:
„Wann kommt Glasfaser?“, „Gewerbesteuer senken“, „Azubi Wohnheim“. Die Suche versteht Wortformen
(„Förderung“ findet „fördern“), zusammengesetzte Wörter, Tippfehler und ae/oe/ue statt ä/ö/ü.
Findet sie wenig, schlägt sie unter „Meinten Sie …?“ eine Schreibweise vor.</p>
<p>Genauer suchen:</p>
<table cellpadding="4">
<tr><td><code>"Glasfaser für alle"</code></td><td>genau diese Wortfolge</td></tr>
<tr><td><code>förder*</code></td><td>Wörter, die so anfangen: Förderung, Förderprogramm, fördern …</td></tr>
<tr><td><code>-wort</code></td><td>Textstellen mit diesem Wort weglassen, z.&nbsp;B. <code>Verkehr -Auto</code></td></tr>
<tr><td><code>partei:SPD</code></td><td>nur im Programm dieser Partei suchen</td></tr>
<tr><td><code>thema:Handwerk</code></td><td>nur in Textstellen zu diesem Thema</td></tr>
<tr><td><code>programm:…</code></td><td>nur in einem Programm (Name oder Kennung)</td></tr>
</table>
<p>↑ und ↓ wählen ein Ergebnis, Enter öffnet es, Alt+← führt zurück. Jedes Ergebnis nennt Partei und
Jahr: ein Versprechen von 2020 ist kein aktuelles.</p>
"""),
    ("karten", "Antwortkarten", """
<p>Antwortkarten (<b>Strg+4</b>) beantworten häufige Fragen in wenigen Sätzen je Partei, mit wörtlichen,
geprüften Zitaten aus den Programmen. Tippen Sie gleich los, um die Karten zu filtern; Enter öffnet
die gewählte Karte, ihr Text lässt sich mit den Pfeiltasten und Bild↑/Bild↓ lesen.
„Dazu steht nichts im Programm“ heißt: das Programm schweigt dazu, nicht dass die Partei dagegen ist.
Ein Klick auf ein Zitat öffnet die Stelle im Programm.</p>
"""),
    ("haustuer", "Haustür-Modus", """
<p><b>F11</b> zeigt die Karte bildschirmfüllend in sehr großer Schrift, zum Vorzeigen an der Tür.
→, Leertaste oder Bild↓ blättern weiter, ← zurück, Esc beendet. Auf dem Tablet: die großen Knöpfe
unten (Beenden, Vorige, Nächste) oder nach links/rechts wischen. Lange Karten lassen sich mit dem
Finger verschieben; kein Zitat wird weggelassen. Die letzte Karte sagt „letzte Karte“.</p>
"""),
    ("notizen", "Notizen", """
<p>Zu jeder Textstelle und Karte können Sie eine Notiz schreiben (<b>Strg+Umschalt+N</b>), mit
Schlagwörtern wie <code>#Rückfrage</code>. Notizen bleiben auf diesem Rechner, werden nie gesendet
und lassen sich endgültig löschen. Die Notizübersicht listet alle; die Suche findet sie mit.</p>
"""),
    ("drucken", "Drucken und Briefings", """
<p><b>Strg+P</b> druckt das angezeigte Thema oder die Karte, mit Vorschau; dort speichert
„Als PDF speichern …“ eine Datei zum Verschicken. Ein Briefing (<b>Strg+Umschalt+B</b>) stellt
Karten, Themen, Textstellen, Notizen und eigenen Text für eine Schulung zusammen, als A4-Seiten
oder als Taschenkarten.</p>
"""),
    ("bedienen", "Bedienen ohne Maus", """
<p><b>F6</b> springt in den nächsten Bereich (Seitenleiste, Liste, Text, Vergleichsspalte),
Umschalt+F6 zurück; der Bereich mit dem Tastaturfokus hat einen farbigen Rahmen.
<b>Strg+Plus</b> und <b>Strg+Minus</b> ändern die Schriftgröße, Strg+0 setzt sie zurück.</p>
"""),
]


def key_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(keys, what they do) for every action with a shortcut, keys in the German way."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for action in actions:
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        name = action.text().replace("&", "")
        if keys and name not in seen:
            seen.add(name)
            rows.append((keys, name))
    rows.append(("↑ ↓, Enter", "Ergebnis wählen und öffnen"))
    rows.append((QKeySequence("Ctrl+Shift+C").toString(QKeySequence.SequenceFormat.NativeText),
                 "Als Zitat kopieren"))
    return rows


def help_html(actions: Iterable[QAction]) -> str:
    contents = " · ".join(f"<a href='#{anchor}'>{title}</a>" for anchor, title, _ in SECTIONS)
    out = ["<h2>Hilfe</h2>", f"<p>{contents} · <a href='#tasten'>Tastenkürzel</a></p>"]
    for anchor, title, body in SECTIONS:
        out.append(f"<h3><a name='{anchor}'></a>{title}</h3>{body}")
    out.append("<h3><a name='tasten'></a>Tastenkürzel</h3><table cellpadding='3'>")
    for keys, name in key_rows(actions):
        out.append(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(name)}</td></tr>")
    out.append("</table>")
    return "\n".join(out)


class HelpPage(QDialog):
    """The help text in a window of its own (not modal)."""

    def __init__(self, actions: Iterable[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hilfe zu Canvass"))
        self.setModal(False)
        self.text = ReadingBrowser()
        self.text.setObjectName("helpText")
        self.text.setOpenLinks(True)
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(help_html(actions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_WindowPropagation, True)
        self.resize(fitted(QSize(760, 720), parent))

    def show_section(self, anchor: str) -> None:
        self.text.scrollToAnchor(anchor)
