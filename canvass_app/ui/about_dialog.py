"""Über Canvass: the programmes (sources, versions, adoption dates), the app's licence and its dependencies'.

Versions and licences are read from the installed package metadata
(``importlib.metadata``), so the box stays true after every upgrade; the bundle
carries that metadata (``packaging/canvass.spec``). The programmes come from the
corpus, loaded in the background.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from canvass_app import APP_NAME, __version__
from canvass_app.ui.screen_fit import fitted
from canvass_app.ui.services import service
from canvass_app.ui.theme import ReadingBrowser

DISTRIBUTION = "canvass-app"
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")

# Lines about what does not work on this machine, shown at the top of the box. A component
# registers a function of the library that returns its sentence or None, e.g. the meaning
# search: ``register_notice(lambda library: "Die Bedeutungssuche ist nicht verfügbar …" if … else None)``.
# They run in the background with the corpus, so they may ask the core.
Notice = Callable[[Any], "str | None"]
NOTICES: list[Notice] = []


def register_notice(notice: Notice) -> None:
    if notice not in NOTICES:
        NOTICES.append(notice)


def collect_notices(library: Any) -> list[str]:
    lines = []
    for notice in NOTICES:
        try:
            line = notice(library)
        except Exception:
            continue
        if line:
            lines.append(line)
    return lines


@dataclass(frozen=True)
class PackageInfo:
    name: str
    version: str
    licence: str


def _licence(meta: Any) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 80:
        return text
    for classifier in meta.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return classifier.rsplit("::", 1)[-1].strip()
    return "unbekannt"


def package_info(name: str) -> PackageInfo | None:
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return None
    return PackageInfo(dist.metadata["Name"] or name, dist.version, _licence(dist.metadata))


def runtime_dependencies(root: str = DISTRIBUTION) -> list[PackageInfo]:
    """Every installed package the app needs at run time (extras left out), sorted by name."""
    seen: dict[str, PackageInfo] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            continue
        for requirement in requires:
            if ";" in requirement and "extra" in requirement.split(";", 1)[1]:
                continue  # development, packaging and optional features
            match = _NAME.match(requirement)
            if not match:
                continue
            key = match.group(1).lower().replace("_", "-")
            if key in seen or key == "pip":
                continue
            info = package_info(key)
            if info is None:
                continue  # a marker that does not apply here (another Python, another OS)
            seen[key] = info
            todo.append(key)
    return sorted(seen.values(), key=lambda info: info.name.casefold())


def app_licence() -> str:
    info = package_info(DISTRIBUTION)
    return info.licence if info is not None else "MIT"


def _date(iso: str | None) -> str:
    if not iso:
        return "unbekannt"
    year, _, rest = iso.partition("-")
    month, _, day = rest.partition("-")
    return f"{int(day)}.{int(month)}.{year}" if day and month else iso


def about_html(programmes: Sequence[Any], data_dir: Path, notices: Sequence[str] = ()) -> str:
    """The About text. ``notices`` are lines about what is unavailable (e.g. the meaning-search model)."""
    out = [
        f"<h2>{APP_NAME} {html.escape(__version__)}</h2>",
        "<p>Wahlprogramme offline nachschlagen: Suche, Themenvergleich, Antwortkarten, Notizen, Briefings.</p>",
    ]
    # The place for what does not work on this machine; another component adds its line here.
    if notices:
        out.append("<p>" + "<br>".join(html.escape(n) for n in notices) + "</p>")
    out.append("<h3>Programme</h3>")
    if not programmes:
        out.append("<p>Keine Programme geladen.</p>")
    for programme in programmes:
        meta = getattr(programme, "metadata", {}) or {}
        version = meta.get("version") or meta.get("sha256", "")[:12]
        parts = [
            f"<b>{html.escape(programme.party)} {programme.year}</b>: „{html.escape(programme.title)}“"
            + (f", Kapitel „{html.escape(programme.chapter)}“" if programme.chapter else ""),
            f"beschlossen am {_date(programme.adopted)}"
            + (f" · {html.escape(programme.election)}" if programme.election else ""),
            f"Quelle: {html.escape(programme.source or 'nicht angegeben')}",
            ("mitgeliefert" if getattr(programme, "bundled", False) else "importiert")
            + (f" · Fassung {html.escape(version)}" if version else ""),
        ]
        out.append("<p>" + "<br>".join(parts) + "</p>")
    out.append("<h3>Lizenzen</h3>")
    out.append(f"<p>{APP_NAME} steht unter der Lizenz {html.escape(app_licence())}. Es nutzt:</p><ul>")
    for info in runtime_dependencies():
        out.append(f"<li>{html.escape(info.name)} {html.escape(info.version)}: {html.escape(info.licence)}</li>")
    out.append("</ul>")
    out.append(f"<p>Eigene Daten (Notizen, Karten, Einstellungen): {html.escape(str(data_dir))}</p>")
    return "\n".join(out)


class AboutDialog(QDialog):
    """Über Canvass; fills in the programmes and notices once they have loaded in the background."""

    def __init__(self, library: Any, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Über %s") % APP_NAME)
        self.library = library
        self.text = ReadingBrowser()
        self.text.setObjectName("aboutText")
        self.text.setOpenLinks(False)
        self.text.setHtml(
            about_html([], library.data_dir).replace("Keine Programme geladen.", self.tr("Programme werden geladen …"))
        )
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(fitted(QSize(720, 640), parent))
        self.programmes: list[Any] = []
        self.loaded = False

        def work() -> tuple[list[Any], list[str]]:
            return list(service(library, "corpus").programmes()), collect_notices(library)

        runner.run(self, work, self._loaded, self._failed)

    def _loaded(self, result: tuple[list[Any], list[str]]) -> None:
        self.programmes, notices = result
        self.text.setHtml(about_html(self.programmes, self.library.data_dir, notices))
        self.loaded = True

    def _failed(self, message: str) -> None:
        self.status.setText(message)
        self.loaded = True
