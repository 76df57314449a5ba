"""Without a real font Qt draws boxes for every letter and PDFs come out empty."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics


def test_a_real_font_family_is_installed(qapp) -> None:  # type: ignore[no-untyped-def]
    families = QFontDatabase.families()
    assert families, "no font family installed (install fonts-dejavu-core)"
    metrics = QFontMetrics(QFont())
    # Umlauts and ß must be drawable, not replaced by boxes.
    for char in "AaÄäÖöÜüß„“":
        assert metrics.inFontUcs4(ord(char)), f"the default font cannot draw {char!r}"
