"""F1 explains searching (with its syntax), cards, doorstep mode, notes and printing; About tells sources and licences."""

from __future__ import annotations

from importlib import metadata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from canvass_app.ui import about_dialog


def test_f1_opens_the_help_page(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    page = window.help_page
    assert page is not None and page.isVisible()
    text = page.text.toPlainText()
    for syntax in ('"Glasfaser für alle"', "förder*", "-wort", "partei:SPD", "thema:"):
        assert syntax in text
    for topic in ("Antwortkarten", "Haustür-Modus", "Notizen", "Drucken", "Tastenkürzel"):
        assert topic in text
    assert "Strg+K" in text and "Strg+Umschalt+C" in text
    assert "Ctrl" not in text
    assert page.width() <= window.screen().availableGeometry().width()


def test_about_names_programmes_sources_dates_and_licences(qtbot, library) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from canvass_app.ui.tasks import TaskRunner

    parent = QWidget()
    qtbot.addWidget(parent)
    runner = TaskRunner(parent)
    about_dialog.register_notice(lambda lib: "Die Bedeutungssuche ist nicht verfügbar.")
    try:
        dialog = about_dialog.AboutDialog(library, runner, parent)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.loaded, timeout=20000)
    finally:
        about_dialog.NOTICES.clear()
    text = " ".join(dialog.text.toPlainText().split())
    assert dialog.programmes
    for programme in dialog.programmes:
        assert programme.party in text and programme.title in text
        assert " ".join(programme.source.split()) in text
    assert "beschlossen am 3.4.2025" in text  # the Greens' programme, from the manifest
    assert "Die Bedeutungssuche ist nicht verfügbar." in text
    assert "Lizenz MIT" in text
    for name in ("PySide6-Essentials", "whoosh3", "sqlite-utils", "pypdf", "platformdirs"):
        dist = metadata.distribution(name)
        assert f"{dist.metadata['Name']} {dist.version}: " in text
    assert "LGPL-3.0-only" in text
    runner.shutdown()


def test_dependencies_come_from_installed_metadata() -> None:
    names = {info.name.lower().replace("_", "-") for info in about_dialog.runtime_dependencies()}
    assert {"pyside6-essentials", "shiboken6", "whoosh3", "sqlite-utils", "pypdf"} <= names
    assert not names & {"pytest", "ruff", "mypy", "pyinstaller", "pip"}  # extras and tools are not shipped
    assert all(info.licence != "unbekannt" for info in about_dialog.runtime_dependencies())
