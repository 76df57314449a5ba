"""German for Qt's own texts: standard dialogs, context menus, key names ("Strg+Q").

PySide6 ships Qt's translations (``PySide6/Qt/translations/qtbase_de.qm``); the
PyInstaller bundle keeps exactly these (see ``packaging/prune.py``). Loading them
makes the file dialog say "Dateiname", the context menu "Kopieren" and
``QKeySequence.toString(NativeText)`` "Strg+Umschalt+B".
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

# The catalogues the app needs, in the order Qt looks things up (last installed first).
CATALOGUES = ("qtbase_de",)
LOCALE = QLocale(QLocale.Language.German, QLocale.Country.Germany)


def translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def install_german(app: QCoreApplication) -> list[str]:
    """Install Qt's German catalogues on ``app`` once; returns the catalogues now loaded.

    The default locale becomes German too, so numbers and dates in Qt's widgets
    (spin boxes, the print dialog's page ranges) read the German way.
    """
    loaded: list[QTranslator] | None = getattr(app, "_canvass_translators", None)
    if loaded is not None:
        return [t.objectName() for t in loaded]
    QLocale.setDefault(LOCALE)
    folder = str(translations_dir())
    translators: list[QTranslator] = []
    for name in CATALOGUES:
        translator = QTranslator(app)
        translator.setObjectName(name)
        if translator.load(LOCALE, name.removesuffix("_de"), "_", folder) or translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
    # Kept on the application object: a translator that is garbage-collected stops translating.
    app._canvass_translators = translators  # type: ignore[attr-defined]
    return [t.objectName() for t in translators]
