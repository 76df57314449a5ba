"""Look and type size: the stylesheet, highlight colours that suit a light or dark palette, text scaling."""

from __future__ import annotations

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from canvass_app import paths
from canvass_app.ui.passage_html import Colors

# Larger than the system default: the app is read standing at a door, often outdoors.
BASE_SCALE = 1.15
MIN_STEP, MAX_STEP = -4, 8
STEP_FACTOR = 0.1
READING_SCALE = 1.12


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def mark_colors(palette: QPalette) -> tuple[str, str]:
    """Background and text colour for matched words: amber on light, deep gold on dark."""
    return ("#8a6d00", "#ffffff") if is_dark(palette) else ("#ffe08a", "#000000")


def html_colors(palette: QPalette) -> Colors:
    dark = is_dark(palette)
    mark_bg, mark_fg = mark_colors(palette)
    return Colors(
        text=palette.color(QPalette.ColorRole.Text).name(),
        muted=palette.color(QPalette.ColorRole.PlaceholderText).name(),
        mark_bg=mark_bg,
        mark_fg=mark_fg,
        focus_bg="#23344f" if dark else "#e6efff",
        link=palette.color(QPalette.ColorRole.Link).name(),
    )


def stylesheet() -> str:
    """The shipped stylesheet; it uses palette() colours only so that dark mode just works."""
    path = paths.resources_dir() / "canvass.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def system_point_size() -> float:
    app = QApplication.instance()
    font = app.font() if isinstance(app, QApplication) else QFont()
    size = font.pointSizeF()
    return size if size > 0 else 10.0


def point_size(step: int) -> float:
    return round(system_point_size() * BASE_SCALE * (1 + STEP_FACTOR * step), 1)


def apply_text_scale(window: QWidget, step: int) -> int:
    """Apply the stylesheet with the text scaled from the system size; returns the step applied.

    The size goes into the stylesheet rather than ``setFont``: once a widget has
    a stylesheet, Qt stops passing a parent's font on to its children.
    """
    step = max(MIN_STEP, min(MAX_STEP, step))
    size = point_size(step)
    # Running text (reader, comparison columns) a notch larger than the controls around it.
    window.setStyleSheet(
        f"{stylesheet()}\nQWidget {{ font-size: {size}pt; }}\n"
        f"QTextBrowser {{ font-size: {round(size * READING_SCALE, 1)}pt; }}\n"
    )
    return step
