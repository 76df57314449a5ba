"""Screenshots of the phone page at 390x844 in light and dark mode: search, card and doorstep view.

Usage: ``.venv/bin/python packaging/phone_screenshots.py [OUT_DIR]`` (default
``build/phone-screenshots``); needs Debian's chromium and chromium-driver.
The README's picture is ``resources/screenshots/phone.png``, made from these.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from canvass_app.export.phone import PhoneSelection, build_phone_page, write_phone_page  # noqa: E402
from canvass_app.library import Library  # noqa: E402
from tests.browser.conftest import Phone  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "phone-screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        library = Library(Path(scratch) / "data")
        page = write_phone_page(
            build_phone_page(library, PhoneSelection(programmes=("gruene-dortmund-2025-wirtschaft",))),
            Path(scratch) / "handy.html",
        )
        phone = Phone(Path(scratch))
        try:
            for dark in (False, True):
                phone.viewport(390, 844, dark=dark)
                mode = "dark" if dark else "light"
                phone.driver.get("about:blank")
                phone.driver.get(page.as_uri() + "#/")
                field = phone.driver.find_element("id", "suche")
                field.send_keys("schnelles Internet")
                time.sleep(0.3)
                phone.driver.save_screenshot(str(out / f"search-{mode}.png"))
                phone.driver.get(page.as_uri() + "#/karte/glasfaser")
                time.sleep(0.3)
                phone.driver.save_screenshot(str(out / f"card-{mode}.png"))
                phone.driver.get(page.as_uri() + "#/tuer/gruendung")
                time.sleep(0.3)
                phone.driver.save_screenshot(str(out / f"doorstep-{mode}.png"))
        finally:
            phone.close()
    combine([out / "search-light.png", out / "card-light.png", out / "doorstep-dark.png"], out / "phone.png")
    print(f"Screenshots in {out}; the README's picture: {out / 'phone.png'}")


def combine(parts: list[Path], target: Path) -> None:
    """Three phone screens side by side at half their pixel size, for the README."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter

    app = QGuiApplication.instance() or QGuiApplication([])
    images = [QImage(str(p)) for p in parts]
    images = [i.scaledToWidth(i.width() // 2, Qt.TransformationMode.SmoothTransformation) for i in images]
    gap = 16
    width = sum(i.width() for i in images) + gap * (len(images) - 1)
    sheet = QImage(width, max(i.height() for i in images), QImage.Format.Format_RGB32)
    sheet.fill(QColor("#8a99a8"))
    painter = QPainter(sheet)
    x = 0
    for image in images:
        painter.drawImage(x, 0, image)
        x += image.width() + gap
    painter.end()
    sheet.save(str(target))
    del app


if __name__ == "__main__":
    main()
