"""Look and type size: the stylesheet, highlight colours that suit a light or dark palette, text scaling."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionComplex,
    QTextBrowser,
    QWidget,
)

from canvass_app import paths
from canvass_app.ui.kinetic import flick_scroll
from canvass_app.ui.passage_html import Colors

# Larger than the system default: the app is read standing at a door, often outdoors.
BASE_SCALE = 1.15
MIN_STEP, MAX_STEP = -4, 8
STEP_FACTOR = 0.1
READING_SCALE = 1.12
# Longer lines are hard to follow back to their start (typography's 60–80 characters).
MAX_LINE_CHARS = 80


# A finger needs about 40px; the stylesheet gives buttons, fields, tabs and rows that height.
TOUCH_TARGET = 40
# A dock's close and float buttons are this margin on each side of a tiny icon (Fusion's is
# drawn at 0px: the button is just twice the margin, less the 2px the dock's layout takes).
DOCK_BUTTON_MARGIN = 24
# Scroll bars a finger or a pen can hold (Fusion's are 14px, some styles' 12px): wide enough
# to grab, narrow enough that the bar does not outweigh the text beside it.
SCROLL_BAR_EXTENT = 18

# WCAG AA for normal text.
MIN_CONTRAST = 4.5


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def _luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(foreground: QColor | str, background: QColor | str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    a, b = _luminance(QColor(foreground)), _luminance(QColor(background))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def over(foreground: QColor, background: QColor) -> QColor:
    """``foreground`` laid over an opaque ``background``: the colour a person sees."""
    alpha = foreground.alphaF()
    if alpha >= 1.0:
        return QColor(foreground)
    return QColor.fromRgbF(
        foreground.redF() * alpha + background.redF() * (1 - alpha),
        foreground.greenF() * alpha + background.greenF() * (1 - alpha),
        foreground.blueF() * alpha + background.blueF() * (1 - alpha),
    )


def readable(foreground: QColor, *backgrounds: QColor, minimum: float = MIN_CONTRAST) -> QColor:
    """``foreground``, or the nearest shade of it that reaches ``minimum`` contrast on every background.

    A system palette may keep Qt's pure-blue link colour on a dark window, or a
    pale placeholder grey: the hue stays, the lightness moves towards white on a
    dark background and towards black on a light one until the text is legible.
    A translucent colour (Qt's default placeholder grey is the text colour at half
    opacity) is first laid over the first background: its name alone would be the
    opaque text colour, and "muted" text and disabled buttons would look like any other.
    """
    foreground = over(foreground, backgrounds[0]) if backgrounds else QColor(foreground)
    if all(contrast(foreground, b) >= minimum for b in backgrounds):
        return QColor(foreground)
    dark_background = sum(_luminance(b) for b in backgrounds) / len(backgrounds) < 0.18
    target = QColor("#ffffff") if dark_background else QColor("#000000")
    for step in range(1, 21):
        share = step / 20
        mixed = QColor.fromRgbF(
            foreground.redF() + (target.redF() - foreground.redF()) * share,
            foreground.greenF() + (target.greenF() - foreground.greenF()) * share,
            foreground.blueF() + (target.blueF() - foreground.blueF()) * share,
        )
        if all(contrast(mixed, b) >= minimum for b in backgrounds):
            return mixed
    return target


def mark_colors(palette: QPalette) -> tuple[str, str]:
    """Background and text colour for matched words: amber on light, deep gold on dark."""
    return ("#8a6d00", "#ffffff") if is_dark(palette) else ("#ffe08a", "#000000")


def focus_background(palette: QPalette) -> str:
    return "#23344f" if is_dark(palette) else "#e6efff"


_COLORS: dict[int, Colors] = {}


def html_colors(palette: QPalette) -> Colors:
    """Every colour the views put into rich text, each legible on the backgrounds it is drawn on."""
    key = palette.cacheKey()
    found = _COLORS.get(key)
    if found is None:
        if len(_COLORS) > 64:
            _COLORS.clear()
        found = _COLORS[key] = _html_colors(palette)
    return found


def _html_colors(palette: QPalette) -> Colors:
    base = palette.color(QPalette.ColorRole.Base)
    focus_bg = QColor(focus_background(palette))
    text = readable(palette.color(QPalette.ColorRole.Text), base, focus_bg)
    mark_bg, mark_fg = mark_colors(palette)
    return Colors(
        text=text.name(),
        muted=readable(palette.color(QPalette.ColorRole.PlaceholderText), base, focus_bg).name(),
        mark_bg=mark_bg,
        mark_fg=mark_fg,
        focus_bg=focus_bg.name(),
        link=readable(palette.color(QPalette.ColorRole.Link), base, focus_bg).name(),
    )


def status_colors(palette: QPalette) -> tuple[str, str]:
    """Colours for "cannot be saved" (red) and "all right" (green) on the window background."""
    window = palette.color(QPalette.ColorRole.Window)
    return readable(QColor("#b3261e"), window).name(), readable(QColor("#1e7d32"), window).name()


def palette_for(dark: bool) -> QPalette:
    """A complete light or dark palette (Fusion's colours), for ``--dark`` screenshots and the contrast test."""
    if not dark:
        return QPalette(QColor("#efefef"))
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.PlaceholderText: "#8c8c8c",
        QPalette.ColorRole.Button: "#333333",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: "#3d6ea8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#333333",
        QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.Light: "#505050",
        QPalette.ColorRole.Midlight: "#404040",
        QPalette.ColorRole.Mid: "#5a5a5a",
        QPalette.ColorRole.Dark: "#1a1a1a",
        QPalette.ColorRole.Shadow: "#000000",
        # Qt's default link blue, as many dark system palettes leave it: readable() must cope.
        QPalette.ColorRole.Link: "#0000ff",
        QPalette.ColorRole.LinkVisited: "#ff00ff",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor("#7a7a7a")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def stylesheet() -> str:
    """The shipped stylesheet; it uses palette() colours only so that dark mode just works."""
    path = paths.resources_dir() / "canvass.qss"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def resolved_stylesheet(palette: QPalette) -> str:
    """The stylesheet with its secondary-text colour legible and its control edges visible on this palette."""
    muted = readable(
        palette.color(QPalette.ColorRole.PlaceholderText),
        palette.color(QPalette.ColorRole.Window),
        palette.color(QPalette.ColorRole.Base),
    )
    sheet = stylesheet().replace("palette(placeholder-text)", muted.name())
    return sheet.replace("palette(mid)", control_edge_colour(palette).name())


def system_point_size() -> float:
    app = QApplication.instance()
    font = app.font() if isinstance(app, QApplication) else QFont()
    size = font.pointSizeF()
    return size if size > 0 else 10.0


def point_size(step: int) -> float:
    return round(system_point_size() * BASE_SCALE * (1 + STEP_FACTOR * step), 1)


# The window's reading size (point size of running text), kept on the window for browsers added later.
READING_POINT = "canvassReadingPoint"


class ReadingBrowser(QTextBrowser):
    """Running text: the reading size of its window and lines of a readable length.

    Each browser looks after itself (its own show, resize and font change), so nothing
    has to watch every event of the application for browsers a view adds later. A finger
    scrolls it (the mouse keeps selecting text).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        flick_scroll(self)

    def showEvent(self, event: QShowEvent) -> None:
        follow_reading_size(self)
        super().showEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Before the browser lays out its text for the new size: measure from that size.
        inner = event.size().width() - 2 * self.frameWidth()
        limit_line_length(self, inner - self.verticalScrollBar().sizeHint().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            limit_line_length(self)


def follow_reading_size(browser: QTextBrowser) -> None:
    """Give ``browser`` the reading size of the nearest window that has one (dialogs: their parent's)."""
    holder: QWidget | None = browser.window()
    while holder is not None and holder.property(READING_POINT) is None:
        parent = holder.parentWidget()
        holder = parent.window() if parent is not None else None
    if holder is None:
        return
    size = float(holder.property(READING_POINT))
    if browser.font().pointSizeF() != size:
        font = QFont(holder.font())
        font.setPointSizeF(size)
        browser.setFont(font)


def limit_line_length(browser: QTextBrowser, width: int | None = None) -> None:
    """Lines of running text at most about MAX_LINE_CHARS characters on a wide screen.

    The doorstep mode (large type, meant to fill the screen) is left as it is.
    """
    if browser.objectName() == "doorstepText":
        return
    limit = browser.fontMetrics().averageCharWidth() * MAX_LINE_CHARS
    wide = (browser.viewport().width() if width is None else width) > limit + 40
    mode = QTextBrowser.LineWrapMode.FixedPixelWidth if wide else QTextBrowser.LineWrapMode.WidgetWidth
    if browser.lineWrapMode() != mode or (wide and browser.lineWrapColumnOrWidth() != limit):
        browser.setLineWrapMode(mode)
        if wide:
            browser.setLineWrapColumnOrWidth(limit)


def legible_links() -> None:
    """Links in labels (Qt draws them in the palette's Link colour) legible on this palette.

    Many dark system palettes keep Qt's pure blue, about 1.5:1 on dark grey; only then is
    the application palette's link colour replaced by a legible shade of it.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    palette = app.palette()
    backgrounds = (palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Window))
    changed = False
    for role in (QPalette.ColorRole.Link, QPalette.ColorRole.LinkVisited):
        colour = palette.color(role)
        fixed = readable(colour, *backgrounds)
        if fixed.rgb() != colour.rgb():
            palette.setColor(role, fixed)
            changed = True
    if changed:
        app.setPalette(palette)


# WCAG 2.1, 1.4.11: the parts of a control one must see to use it, 3:1 against what is next to them.
MIN_CONTROL_CONTRAST = 3.0
CHECK_INDICATORS = (
    QStyle.PrimitiveElement.PE_IndicatorCheckBox,
    QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
)


FRAMED_FIELDS = (QStyle.ComplexControl.CC_SpinBox, QStyle.ComplexControl.CC_ComboBox)


def control_edge_colour(palette: QPalette) -> QColor:
    """The edge of a field, button or check box: the palette's mid tone, made visible on field and window.

    Qt's mid tone is about 2:1 on both, light or dark: a field was a grey box among grey boxes.
    """
    return readable(
        palette.color(QPalette.ColorRole.Mid),
        palette.color(QPalette.ColorRole.Base),
        palette.color(QPalette.ColorRole.Window),
        minimum=MIN_CONTROL_CONTRAST,
    )


def frame_indicator(option: QStyleOption, painter: QPainter) -> None:
    """Draw a control's edge again in a colour that can be seen.

    Fusion draws it from the window colour darkened by 40 %: on a dark palette about
    1.1:1 against the field, so an unticked box (the card editor's topics, the phone
    export's lists) was not there at all. A box with keyboard focus keeps its
    highlight edge.
    """
    state = option.state
    if state & QStyle.StateFlag.State_HasFocus and state & QStyle.StateFlag.State_KeyboardFocusChange:
        return
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(control_edge_colour(option.palette), 1))
    painter.drawRect(option.rect.adjusted(0, 0, -1, -1))
    painter.restore()


class TouchStyle(QProxyStyle):
    """The platform's style with touch-sized metrics the stylesheet cannot set reliably.

    A dock's close and float buttons are sized from PM_DockWidgetTitleBarButtonMargin
    (18×14px in Fusion); a ``::close-button`` rule is honoured by some styles and not
    others, so the metric is raised here, once, for every dock. Scroll bars likewise: a
    ``QScrollBar`` rule in the stylesheet would make Qt draw every part of the bar from the
    sheet (arrows, groove, handle); the style's own bar at a touch width keeps its look.
    """

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption | None,
                      painter: QPainter | None, widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element in CHECK_INDICATORS and option is not None and painter is not None:
            frame_indicator(option, painter)

    def drawComplexControl(self, control: QStyle.ComplexControl, option: QStyleOptionComplex | None,
                           painter: QPainter | None, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        # Number, date and choice fields keep the style's own frame (the stylesheet leaves them
        # alone so that their arrows stay): that frame is as faint as a check box's.
        if control in FRAMED_FIELDS and option is not None and painter is not None:
            frame_indicator(option, painter)

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric == QStyle.PixelMetric.PM_DockWidgetTitleBarButtonMargin:
            return max(value, DOCK_BUTTON_MARGIN)
        if metric == QStyle.PixelMetric.PM_ScrollBarExtent:
            return max(value, SCROLL_BAR_EXTENT)
        return value


def use_touch_style() -> None:
    """Wrap the application's current style (system or Fusion) in :class:`TouchStyle`, once."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or isinstance(app.style(), TouchStyle):
        return
    base = QStyleFactory.create(app.style().name())
    if base is None:
        return
    style = TouchStyle(base)
    app.setStyle(style)
    app.setProperty("canvassTouchStyle", style)  # the Python wrapper lives as long as the app


def apply_text_scale(window: QWidget, step: int) -> int:
    """Scale the window's text from the system size; returns the step applied.

    Through fonts, not the stylesheet: setting a stylesheet re-polishes every
    widget (tens of milliseconds per step), a font change only re-lays out text.
    The stylesheet is set once per palette and carries no font sizes. Rich text
    uses relative sizes (``large``, ``x-large``), so it follows without a rebuild.
    """
    step = max(MIN_STEP, min(MAX_STEP, step))
    legible_links()
    # Without this, a widget a stylesheet rule matches (the search field) keeps the font it had
    # when first polished and stops following its parent's font.
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_UseStyleSheetPropagationInWidgetStyles, True)
    use_touch_style()
    key = window.palette().cacheKey()
    if window.property("canvassSheetKey") != key:
        window.setStyleSheet(resolved_stylesheet(window.palette()))
        window.setProperty("canvassSheetKey", window.palette().cacheKey())
    font = QFont(window.font())
    font.setPointSizeF(point_size(step))
    window.setFont(font)
    # Dialogs and windows of their own (the briefing composer, the help) do not inherit fonts.
    for child in window.findChildren(QWidget):
        if child.isWindow() and child.windowType() in (Qt.WindowType.Dialog, Qt.WindowType.Window):
            child.setFont(font)
    # Running text (reader, comparison columns) a notch larger than the controls around it.
    reading_font = QFont(font)
    reading_font.setPointSizeF(round(point_size(step) * READING_SCALE, 1))
    window.setProperty(READING_POINT, reading_font.pointSizeF())
    for browser in window.findChildren(QTextBrowser):
        browser.setFont(reading_font)
    return step
