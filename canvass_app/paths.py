"""Where things live: the shipped data, and the user's own data directory (never the install)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from canvass_app import APP_ID

DATA_DIR_ENV = "CANVASS_DATA_DIR"


def bundled_data_dir() -> Path:
    """The read-only `data/` shipped with the app (source checkout or PyInstaller bundle)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "data"
    return Path(__file__).resolve().parent.parent / "data"


def resources_dir() -> Path:
    """The read-only `resources/` (icons, stylesheets, .desktop file)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def user_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The user's data directory: explicit argument, then $CANVASS_DATA_DIR, then platformdirs.

    Nothing is created here; whoever writes creates what it needs, so read-only
    commands such as ``--version`` leave no trace.
    """
    if explicit:
        return Path(explicit).expanduser().resolve()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def cache_dir(data_dir: Path) -> Path:
    """Rebuildable files (the search index) live in the data directory's cache folder."""
    return data_dir / "cache"
