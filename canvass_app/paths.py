"""Where things live: the shipped data, and the user's own data directory (never the install)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import platformdirs

from canvass_app import APP_ID
from canvass_app.errors import CanvassError

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
    chosen = explicit or os.environ.get(DATA_DIR_ENV)
    if not chosen:
        return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))
    try:
        return Path(chosen).expanduser().resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        raise CanvassError(
            f"Der Datenordner {chosen} ist nicht erreichbar (eine Verknüpfung zeigt im Kreis); "
            "bitte einen anderen Ordner mit --data-dir wählen."
        ) from None


def cache_dir(data_dir: Path) -> Path:
    """Rebuildable files (the search index) live in the data directory's cache folder."""
    return data_dir / "cache"


# The ID grammar of everything stored as ``<folder>/<id><suffix>`` (cards, programmes, briefings):
# lower-case letters, digits and hyphens, at most 80 characters. ``\Z``, not ``$``, which
# would also accept a trailing newline.
ID_GRAMMAR = re.compile(r"[a-z0-9][a-z0-9-]{0,79}\Z")


def is_valid_id(value: object) -> bool:
    return isinstance(value, str) and ID_GRAMMAR.match(value) is not None


def item_path(folder: Path, item_id: str, suffix: str, what: str = "Die ID") -> Path:
    """The one way from a user-supplied ID to a file: ``folder/<id><suffix>``, never anywhere else.

    Anything outside the ID grammar (``../x``, ``/etc``, a dot, a slash, a
    control character) is refused with a German sentence, exit status 2.
    """
    if not is_valid_id(item_id):
        shown = item_id if isinstance(item_id, str) else repr(item_id)
        shown = shown.encode("unicode_escape", "backslashreplace").decode("ascii")[:100]
        raise CanvassError(
            f"{what} „{shown}“ ist ungültig; erlaubt sind Kleinbuchstaben, Ziffern und "
            "Bindestriche (höchstens 80 Zeichen)."
        )
    path = folder / f"{item_id}{suffix}"
    # The grammar already rules out separators; this states the promise once more.
    if path.parent != folder or path.name.startswith("."):
        raise CanvassError(f"{what} „{item_id}“ ist ungültig.")
    return path
