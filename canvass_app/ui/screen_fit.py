"""Windows and dialogs that fit the screen they open on (``QScreen.availableGeometry``), never larger.

A 1366×768 laptop leaves about 1366×730 once the panel is drawn, a small tablet
1024×600: a window sized for a desktop monitor hides its status bar (where
"Lädt …" and "PDF gespeichert" appear) and its buttons below the screen edge.
The main window calls :func:`fit_window` for itself and for every other window
(dialog, composer, preview) of the app when it is shown.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for the window manager's title bar and borders, which geometry() does not include.
FRAME_ALLOWANCE = QSize(16, 40)


# Set by the headless screenshot tool: the screen it pretends to photograph.
simulated: QRect | None = None


def simulate_screen(width: int, height: int) -> None:
    """Behave as if the screen's usable area were ``width`` × ``height`` (headless screenshots)."""
    global simulated
    simulated = QRect(0, 0, width, height)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The usable part of the widget's screen (the primary screen before it has one)."""
    if simulated is not None:
        return simulated
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def room(widget: QWidget | None = None) -> QSize:
    """The largest client size a window on that screen can have with its frame still on screen."""
    area = available_geometry(widget)
    return QSize(
        max(200, area.width() - FRAME_ALLOWANCE.width()), max(200, area.height() - FRAME_ALLOWANCE.height())
    )


def fitted(wanted: QSize, widget: QWidget | None = None) -> QSize:
    return wanted.boundedTo(room(widget))


def fit_window(window: QWidget, wanted: QSize | None = None) -> None:
    """Resize ``window`` to ``wanted`` (or its current size) bounded by the screen, and move it onto it."""
    if window.isMaximized() or window.isFullScreen():
        return
    size = fitted(wanted if wanted is not None else window.size(), window)
    if size != window.size():
        window.resize(size)
    area = available_geometry(window)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), max(area.left(), area.right() - frame.width() + 1))
    y = min(max(frame.y(), area.top()), max(area.top(), area.bottom() - frame.height() + 1))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)
