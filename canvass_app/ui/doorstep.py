"""The doorstep mode ("Haustür-Modus"): one card full-screen in very large type, the next one a key away.

→, Leertaste or Bild↓ show the next card, ← or Bild↑ the previous one, Esc
leaves to the card view. On a tablet without keys, three large buttons at the
bottom (Beenden, Vorige, Nächste) and a horizontal swipe do the same; a tap on
the right or left part of the card pages too. The type is as large as the card
allows: the view tries sizes from large to small and takes the largest at which
the whole card, every quote included, fits the screen; below the smallest size
it scrolls rather than leave anything out.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTextDocument
from PySide6.QtWidgets import (
    QDockWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from canvass_app.library import Library
from canvass_app.ui.card_views import SILENT, CardCatalogue, CardEntry
from canvass_app.ui.navigation import Location, Navigator
from canvass_app.ui.passage_html import Colors
from canvass_app.ui.plain import plain_label
from canvass_app.ui.service_widget import ServiceWidget
from canvass_app.ui.tasks import TaskRunner
from canvass_app.ui.theme import html_colors

# Body text size in pixels: never below MIN_PX (then the card scrolls), at most MAX_PX.
MAX_PX = 64
MIN_PX = 26
# Quotes are set at this share of the body size: smaller than the answer, still readable at arm's length.
QUOTE_RATIO = 0.7
# Touch controls: at least this tall (a fingertip is about 10 mm), and a swipe is this far.
BUTTON_MIN_PX = 64
SWIPE_PX = 80

NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Space, Qt.Key.Key_PageDown, Qt.Key.Key_N)
PREVIOUS_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Backspace, Qt.Key.Key_PageUp, Qt.Key.Key_P)


def quote_px(px: int) -> int:
    return max(1, round(px * QUOTE_RATIO))


def doorstep_html(entry: CardEntry, colors: Colors, px: int, quotes: bool = True) -> str:
    """The card in type of ``px`` pixels: question largest, party and year plain, silence said outright."""
    card = entry.card
    out = [f"<p style='font-size:{round(px * 1.45)}px; font-weight:bold; margin:0 0 {px // 2}px 0;'>"
           f"{html.escape(card.question)}</p>"]
    for answer in entry.answers:
        if not answer.on_card:
            continue
        out.append(
            f"<p style='font-size:{px}px; margin:{px // 2}px 0 0 0;'><b>{html.escape(answer.party)}</b>"
            f"&nbsp;&nbsp;<b style='color:{colors.link};'>{answer.year or ''}</b></p>"
        )
        if answer.silent:
            out.append(f"<p style='font-size:{px}px; margin:0;'><b>{SILENT}</b></p>")
            continue
        out.append(f"<p style='font-size:{px}px; margin:0;'>{html.escape(answer.summary)}</p>")
        if quotes:
            for citation in answer.citations:
                where = f" ({html.escape(citation.section_title)})" if citation.section_title else ""
                out.append(
                    f"<p style='font-size:{quote_px(px)}px; color:{colors.muted}; margin:2px 0 0 {px}px;'>"
                    f"„{html.escape(citation.quote)}“{where}</p>"
                )
    if card.tip:
        out.append(
            f"<p style='font-size:{round(px * 0.72)}px; margin:{px // 2}px 0 0 0;'>"
            f"<b>Tipp:</b> {html.escape(card.tip)}</p>"
        )
    return "\n".join(out)


def fit_size(entry: CardEntry, colors: Colors, width: int, height: int) -> tuple[int, bool]:
    """The largest type size at which the whole card fits width × height, and whether quotes are shown.

    Quotes are always shown (they are the proof the canvasser points to); a card
    that does not fit at MIN_PX is set at MIN_PX and scrolls.
    """
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setTextWidth(max(100, width))

    def fits(px: int) -> bool:
        doc.setHtml(doorstep_html(entry, colors, px, True))
        return doc.size().height() <= height

    low, high = MIN_PX, MAX_PX
    if not fits(low):
        return MIN_PX, True
    while low < high:  # largest px that fits
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low, True


class _Presentation(QObject):
    """Full screen without menus, bars, sidebar and docks; everything comes back as it was."""

    def __init__(self, view: QWidget, on_close: Callable[[], None]) -> None:
        super().__init__(view)
        self.view = view
        self.on_close = on_close
        self.active = False
        self._hidden: list[QWidget] = []
        self._state = Qt.WindowState.WindowNoState
        self._window: QWidget | None = None

    def enter(self) -> None:
        if self.active:
            return
        window = self.view.window()
        self._window = window
        self._hidden = []
        candidates: list[QWidget] = []
        if isinstance(window, QMainWindow):
            candidates += [window.menuBar(), window.statusBar()]
            candidates += [w for w in window.findChildren(QToolBar) if w.parentWidget() is window]
            candidates += [w for w in window.findChildren(QDockWidget) if w.parentWidget() is window]
        widget: QWidget | None = self.view
        while widget is not None and widget is not window:
            parent = widget.parentWidget()
            if isinstance(parent, QSplitter):
                candidates += [parent.widget(i) for i in range(parent.count()) if parent.widget(i) is not widget]
            widget = parent
        for candidate in candidates:
            if candidate.isVisible():
                candidate.hide()
                self._hidden.append(candidate)
        self._state = window.windowState()
        window.showFullScreen()
        window.installEventFilter(self)
        self.active = True

    def leave(self) -> None:
        if not self.active or self._window is None:
            return
        self.active = False
        window = self._window
        window.removeEventFilter(self)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        window.setWindowState(self._state)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Before the window saves its layout on close: put the bars and the sidebar back first.
        if event.type() == QEvent.Type.Close and watched is self._window:
            self.leave()
            self.on_close()
        return False


class DoorstepView(ServiceWidget):
    view_name = "doorstep"
    location_kinds = ("doorstep",)
    title = "Haustür-Modus"

    def __init__(
        self,
        library: Library,
        navigator: Navigator,
        runner: TaskRunner,
        report: Callable[[str], None],
        catalogue: CardCatalogue,
        order: Callable[[], list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(library, navigator, runner, report, parent)
        self.catalogue = catalogue
        self.order = order
        self.card_id = ""
        self.entry: CardEntry | None = None
        self.px = MAX_PX
        self.quotes_shown = True
        self.presentation = _Presentation(self, self._closing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setObjectName("doorstepView")
        self.setAccessibleName(self.tr("Haustür-Modus"))
        self.setToolTip(self.tr("→ nächste Karte, ← vorige, Esc beendet den Haustür-Modus"))

        self.text = QTextBrowser()
        self.text.setObjectName("doorstepText")
        self.text.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(self.tr("Antwortkarte in großer Schrift"))
        self.text.setStyleSheet("QTextBrowser#doorstepText { border: none; background: transparent; }")
        self.setStyleSheet("QWidget#doorstepView { background: palette(base); }")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._render_timer = QTimer(self)
        self._render_timer.setSingleShot(True)
        self._render_timer.setInterval(0)
        self._render_timer.timeout.connect(self._render)
        self.text.document().setDocumentMargin(0)
        self.text.viewport().installEventFilter(self)

        self.footer = plain_label(QLabel())
        self.footer.setObjectName("doorstepFooter")
        self.footer.setAccessibleName(self.tr("Position"))
        self.footer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.footer.setWordWrap(True)

        # Touch controls: a tablet at the door has no keyboard. They take no focus, so the
        # keys keep working on the view itself.
        self.close_button = self._touch_button(self.tr("✕  Beenden"), self.tr("Haustür-Modus beenden (Esc)"), self.leave)
        self.previous_button = self._touch_button(
            self.tr("‹  Vorige"), self.tr("Vorige Karte (←)"), self.previous_card
        )
        self.next_button = self._touch_button(self.tr("Nächste  ›"), self.tr("Nächste Karte (→)"), self.next_card)
        controls = QHBoxLayout()
        controls.setSpacing(16)
        controls.addWidget(self.close_button)
        controls.addStretch(1)
        controls.addWidget(self.previous_button)
        controls.addWidget(self.footer, 2)
        controls.addWidget(self.next_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 16)
        layout.addWidget(self.text, 1)
        layout.addLayout(controls)
        self._press: QPointF | None = None
        self._scroll_start = 0
        navigator.location_changed.connect(self._location_changed)
        catalogue.loaded.connect(self._catalogue_loaded)

    def _touch_button(self, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName("doorstepButton")
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumSize(BUTTON_MIN_PX * 2, BUTTON_MIN_PX)
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        button.clicked.connect(slot)
        return button

    # --- the view protocol ----------------------------------------------------
    def show_location(self, location: Location) -> None:
        self.card_id = location.target
        if self.window().isVisible():
            self.presentation.enter()
        else:
            # Restored while the window is being built: go full screen once it is on screen.
            QTimer.singleShot(0, self, self._enter_if_current)
        if not self.catalogue.is_loaded:
            self.text.setHtml(f"<p style='font-size:{MIN_PX}px;'>{self.tr('Karten werden geladen …')}</p>")
            self.catalogue.load()
            return
        self._show()

    def focus_widget(self) -> QWidget:
        return self

    def _enter_if_current(self) -> None:
        current = self.navigator.current
        if current is not None and current.kind == "doorstep" and self.window().isVisible():
            self.presentation.enter()
            self._show()

    def _location_changed(self, location: Location) -> None:
        if location.kind != "doorstep":
            self.presentation.leave()

    def _catalogue_loaded(self) -> None:
        if self.presentation.active:
            self._show()

    # --- paging -----------------------------------------------------------------
    def _ids(self) -> list[str]:
        return self.order() or [e.id for e in self.catalogue.entries]

    def _show(self) -> None:
        ids = self._ids()
        if not ids:
            self.entry = None
            self.text.setHtml(f"<p style='font-size:{MIN_PX * 2}px;'>{self.tr('Es gibt keine Antwortkarten.')}</p>")
            self.footer.setText(self.tr("Keine Karten"))
            self.previous_button.setEnabled(False)
            self.next_button.setEnabled(False)
            return
        if self.card_id not in ids:
            self.card_id = ids[0]
        self.entry = self.catalogue.entry(self.card_id)
        self._render()
        self._show_position(ids)

    def _show_position(self, ids: list[str], note: str = "") -> None:
        position = ids.index(self.card_id) + 1 if self.card_id in ids else 1
        text = self.tr("Karte %d von %d") % (position, len(ids))
        if position == len(ids):
            text += " · " + self.tr("letzte Karte")
        elif note:
            text += " · " + note
        self.footer.setText(text)
        self.previous_button.setEnabled(position > 1)
        self.next_button.setEnabled(position < len(ids))

    def _render(self) -> None:
        if self.entry is None:
            return
        colors = html_colors(self.palette())
        # Measured from the browser's frame, not its viewport: a scroll bar shown for the last card
        # must not make this one smaller. A few pixels spare keep the bar from appearing by rounding.
        frame = self.text.contentsRect()
        bar = self.text.verticalScrollBar().sizeHint().width()
        width = (frame.width() if frame.width() > 200 else max(600, self.width() - 96)) - bar
        height = (frame.height() if frame.height() > 200 else max(400, self.height() - 100)) - 8
        self.px, self.quotes_shown = fit_size(self.entry, colors, width, height)
        self.text.setHtml(doorstep_html(self.entry, colors, self.px, self.quotes_shown))
        self.text.verticalScrollBar().setValue(0)
        self.text.setAccessibleDescription(self.entry.question)
        controls_px = max(20, min(28, self.px // 2))
        self.footer.setStyleSheet(f"QLabel#doorstepFooter {{ font-size: {controls_px}px; }}")
        # The shared stylesheet's min-height (40px touch targets) would replace the minimum size
        # set in code: this rule keeps the doorstep's larger one (content, 2×8px padding, 2×1px border).
        content_px = BUTTON_MIN_PX - 18
        for button in (self.close_button, self.previous_button, self.next_button):
            button.setStyleSheet(
                f"QPushButton#doorstepButton {{ font-size: {controls_px}px; padding: 8px 20px;"
                f" min-height: {content_px}px; }}"
                f" QPushButton#doorstepButton:focus {{ padding: 7px 19px; }}"
            )

    def step(self, delta: int) -> None:
        ids = self._ids()
        if not ids:
            return
        index = ids.index(self.card_id) if self.card_id in ids else 0
        new_index = max(0, min(len(ids) - 1, index + delta))
        if new_index == index:
            # Said on the card itself too: in full screen the status bar is hidden.
            message = self.tr("Das ist die letzte Karte.") if delta > 0 else self.tr("Das ist die erste Karte.")
            self.report(message)
            self._show_position(ids, self.tr("erste Karte") if delta < 0 else "")
            return
        self.card_id = ids[new_index]
        self._show()
        # Paging is not a history step; "Zurück" leaves the doorstep mode.
        self.navigator.replace(Location("doorstep", self.card_id))

    def next_card(self) -> None:
        self.step(1)

    def previous_card(self) -> None:
        self.step(-1)

    def leave(self) -> None:
        """Back to the card view, on the card shown last."""
        self.navigator.open(Location("card", self.card_id))

    def _closing(self) -> None:
        # The window remembers its last location; it should start on the card, not at the door.
        self.navigator.replace(Location("card", self.card_id))

    # --- keys, taps, size -----------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            super().keyPressEvent(event)
        elif key in NEXT_KEYS:
            self.next_card()
        elif key in PREVIOUS_KEYS:
            self.previous_card()
        elif key == Qt.Key.Key_Home:
            self.step(-len(self._ids()))
        elif key == Qt.Key.Key_End:
            self.step(len(self._ids()))
        elif key == Qt.Key.Key_Escape:
            self.leave()
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            bar = self.text.verticalScrollBar()
            bar.setValue(bar.value() + (1 if key == Qt.Key.Key_Down else -1) * bar.singleStep() * 3)
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A finger: a horizontal swipe pages, a vertical drag scrolls a long card, a tap pages
        # by where it lands (left third back, the rest forward). Touch arrives as mouse events.
        if watched is self.text.viewport() and isinstance(event, QMouseEvent):
            kind = event.type()
            if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
                self._press = event.position()
                self._scroll_start = self.text.verticalScrollBar().value()
                return True
            if kind == QEvent.Type.MouseMove and self._press is not None:
                dy = event.position().y() - self._press.y()
                self.text.verticalScrollBar().setValue(self._scroll_start - round(dy))
                return True
            if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
                start, self._press = self._press, None
                if start is None:
                    return True
                dx = event.position().x() - start.x()
                dy = event.position().y() - start.y()
                if abs(dx) >= SWIPE_PX and abs(dx) > abs(dy):
                    self.step(-1 if dx > 0 else 1)
                elif abs(dx) < 12 and abs(dy) < 12:
                    if event.position().x() < self.text.viewport().width() / 3:
                        self.previous_card()
                    else:
                        self.next_card()
                return True
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.entry is not None and self.isVisible():
            # After the layout has given the browser its new size.
            self._render_timer.start()
