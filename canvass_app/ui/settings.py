"""The window settings file: opened only when it is a small regular file, every value read with its type and a fallback.

A bad file or value never stops the app: it is reset to the default and said
in one log line (never the value in full, which could be anything).
"""

from __future__ import annotations

import logging
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from canvass_app import files, limits
from canvass_app.errors import CanvassError

log = logging.getLogger(__name__)


def open_settings(path: Path) -> QSettings:
    """QSettings on ``path``; a FIFO, device, link loop or oversized file there is set aside first."""
    if path.exists() or path.is_symlink():
        try:
            files.read_bytes(path, limits.SETTINGS_FILE_BYTES, "Die Einstellungsdatei")
        except CanvassError as error:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            aside = path.with_name(f"{path.name}.unbrauchbar-{stamp}")
            try:
                path.rename(aside)
                log.warning("%s Sie liegt jetzt in %s; es gelten die Standardwerte.", error.message, aside)
            except OSError:
                # Cannot move it: use a fresh file elsewhere for this session, never this one.
                path = Path(tempfile.mkdtemp(prefix="canvass-settings-")) / path.name
                log.warning("%s Es gelten für diese Sitzung die Standardwerte.", error.message)
    return QSettings(str(path), QSettings.Format.IniFormat)


def _reset(settings: QSettings, key: str, value: object, default: object) -> None:
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:39] + "…"
    log.warning("Einstellung %s=%s ist ungültig und wurde auf %r zurückgesetzt.", key, shown, default)
    settings.remove(key)


def read_int(settings: QSettings, key: str, default: int, low: int, high: int) -> int:
    """An integer in [low, high]; anything else (text, a fraction, a list, out of range) is reset."""
    value = settings.value(key)
    if value is None or value == "":
        return default
    try:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError
        number = int(value)
    except ValueError:
        _reset(settings, key, value, default)
        return default
    if not low <= number <= high:
        _reset(settings, key, value, default)
        return default
    return number


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key)
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    _reset(settings, key, value, default)
    return default


def read_bytes(settings: QSettings, key: str) -> QByteArray | None:
    """Saved Qt state (geometry, splitter); a value of any other type is reset."""
    value = settings.value(key)
    if value is None:
        return None
    if isinstance(value, QByteArray) and value.size() <= limits.SETTINGS_FILE_BYTES:
        return value
    _reset(settings, key, value, None)
    return None


def read_text(settings: QSettings, key: str, max_chars: int = 1_000) -> str | None:
    value = settings.value(key)
    if value is None:
        return None
    if isinstance(value, str) and len(value) <= max_chars:
        return value
    _reset(settings, key, value, None)
    return None
