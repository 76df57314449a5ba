"""Saying which columns of a sideways-scrolling row are in sight, and how many wait left and right."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def sight_text(left: int, shown: int, right: int) -> str:
    """``Spalten 3–4 von 8 · 2 links · 4 weitere rechts``; ``Alle 8 Spalten zu sehen`` when nothing waits."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("ColumnSight", text)

    count = left + shown + right
    if not left and not right:
        return tr("Alle %1 Spalten zu sehen").replace("%1", str(count))
    text = tr("Spalten %1–%2 von %3").replace("%1", str(left + 1)).replace("%2", str(left + shown)).replace(
        "%3", str(count))
    if left:
        text += tr(" · %1 links").replace("%1", str(left))
    if right:
        text += tr(" · %1 weitere rechts").replace("%1", str(right))
    return text
