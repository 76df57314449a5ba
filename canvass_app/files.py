"""Touching files a user or another program supplied: only regular files are read, never beyond a stated limit, and private files are written 0600 whatever the umask."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from canvass_app import limits
from canvass_app.errors import CanvassError

PRIVATE_MODE = 0o600
_CHUNK = 1 << 20


def _open_regular(path: Path, what: str) -> int:
    """An fd on ``path`` once fstat shows a regular file; O_NONBLOCK keeps a FIFO from blocking the open."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise CanvassError(f"{what} {path} gibt es nicht; bitte den Pfad prüfen.") from None
    except IsADirectoryError:
        raise CanvassError(f"{what} {path} ist ein Ordner, keine Datei.") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise CanvassError(
                f"{what} {path} ist eine Verknüpfung, die auf sich selbst zeigt."
            ) from None
        if error.errno == errno.ENXIO:
            raise CanvassError(
                f"{what} {path} ist keine gewöhnliche Datei (Socket) und wird nicht gelesen."
            ) from None
        raise CanvassError(
            f"{what} {path} lässt sich nicht lesen ({error.strerror or error})."
        ) from None
    try:
        mode = os.fstat(fd).st_mode
    except OSError as error:
        os.close(fd)
        raise CanvassError(f"{what} {path} lässt sich nicht lesen ({error.strerror}).") from None
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "ein Ordner" if stat.S_ISDIR(mode) else "keine gewöhnliche Datei (Gerät oder Pipe)"
        raise CanvassError(f"{what} {path} ist {kind} und wird nicht gelesen.")
    return fd


def read_bytes(path: Path, limit: int, what: str = "Die Datei") -> bytes:
    """The whole content of a regular file of at most ``limit`` bytes, or a CanvassError.

    ``what`` names the file in German ("Das Kartenpaket"). The size is what
    reading yields, never ``st_size``: a file that grows while read is cut off
    at the limit and refused.
    """
    fd = _open_regular(path, what)
    try:
        with os.fdopen(fd, "rb", buffering=0) as handle:
            chunks: list[bytes] = []
            total = 0
            while total <= limit:
                chunk = handle.read(min(_CHUNK, limit + 1 - total))
                if not chunk:
                    break
                chunks.append(chunk)
                total += len(chunk)
    except OSError as error:
        raise CanvassError(f"{what} {path} lässt sich nicht lesen ({error.strerror}).") from None
    if total > limit:
        raise CanvassError(
            f"{what} {path} ist zu groß (höchstens {limits.describe_bytes(limit)}) und wird nicht gelesen."
        )
    return b"".join(chunks)


def decode(data: bytes, path: Path, what: str = "Die Datei") -> str:
    """UTF-8 text (a byte-order mark is dropped); anything else is refused, never guessed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CanvassError(f"{what} {path} ist keine UTF-8-Textdatei.") from None


def read_text(path: Path, limit: int, what: str = "Die Datei") -> str:
    return decode(read_bytes(path, limit, what), path, what)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _shape_problem(value: Any) -> str | None:
    """What makes parsed JSON/TOML unusable: nesting past the limit, or text that is no Unicode.

    Walked without recursion, so a hostile file cannot exhaust the stack here.
    JSON may spell lone surrogates (``"\\ud800"``); no such string could be
    stored or printed, so they are refused here, once, for every file.
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return "enthält ungültige Zeichen (einzelne UTF-16-Ersatzzeichen)"
            continue
        if isinstance(item, dict):
            children: Iterator[Any] = iter([*item.keys(), *item.values()])
        elif isinstance(item, list):
            children = iter(item)
        else:
            continue
        if level > limits.NESTING_MAX:
            return f"ist zu tief verschachtelt (höchstens {limits.NESTING_MAX} Ebenen)"
        stack.extend((child, level + 1) for child in children)
    return None


def _too_deep(path: Path, what: str) -> CanvassError:
    return CanvassError(
        f"{what} {path} ist zu tief verschachtelt (höchstens {limits.NESTING_MAX} Ebenen)."
    )


def parse_json(text: str, path: Path, what: str = "Die Datei") -> Any:
    """JSON with its nesting bounded; a syntax error says where, deep nesting names the limit."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise _too_deep(path, what) from None
    except json.JSONDecodeError as error:
        raise CanvassError(
            f"{what} {path} ist kein gültiges JSON, Zeile {error.lineno}, Spalte {error.colno}."
        ) from None
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        raise CanvassError(f"{what} {path} ist kein gültiges JSON ({error}).") from None
    problem = _shape_problem(data)
    if problem:
        raise CanvassError(f"{what} {path} {problem}.")
    return data


def read_json(path: Path, limit: int, what: str = "Die Datei") -> Any:
    return parse_json(read_text(path, limit, what), path, what)


def read_toml(path: Path, limit: int, what: str = "Die Datei") -> dict[str, Any]:
    text = read_text(path, limit, what)
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise _too_deep(path, what) from None
    except tomllib.TOMLDecodeError as error:
        raise CanvassError(f"{what} {path} ist kein gültiges TOML ({error}).") from None
    except ValueError as error:
        raise CanvassError(f"{what} {path} ist kein gültiges TOML ({error}).") from None
    problem = _shape_problem(data)
    if problem:
        raise CanvassError(f"{what} {path} {problem}.")
    return data


def is_regular_file(path: Path) -> bool:
    """True for an existing regular file (following links), without opening it."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, RuntimeError):
        return False


def remove_stale_temporaries(folder: Path, pattern: str, max_age: float = 600.0) -> None:
    """Delete temporary files matching ``pattern`` left in ``folder`` by a killed process.

    Ten minutes is long dead for a write that takes milliseconds, and young
    enough that a crash's leftovers go at the next start. Best effort.
    """
    cutoff = time.time() - max_age
    with contextlib.suppress(OSError):
        for leftover in folder.glob(pattern):
            with contextlib.suppress(OSError):
                info = leftover.lstat()
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    leftover.unlink()


def check_replaceable(path: Path, what: str = "Das Ziel") -> None:
    """Refuse to write over anything but a regular file: an export to /dev/null must not replace the device."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return
    except (OSError, RuntimeError):
        raise CanvassError(f"{what} {path} ist nicht erreichbar; bitte einen anderen Dateinamen wählen.") from None
    if stat.S_ISDIR(mode):
        raise CanvassError(f"{what} {path} ist ein Ordner; bitte einen Dateinamen angeben.")
    if not stat.S_ISREG(mode):
        raise CanvassError(
            f"{what} {path} ist keine gewöhnliche Datei (Gerät oder Pipe); bitte einen Dateinamen angeben."
        )


def write_atomic(path: Path, data: bytes, prefix: str = ".writing-") -> None:
    """Temp file in the same folder, fsync, rename: readers see the old file or the new one.

    A failed write leaves no temporary behind; the OSError is the caller's to judge.
    """
    import tempfile

    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(scratch, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        raise


# -- private files ------------------------------------------------------------------


def make_private(path: Path) -> None:
    """Mode 0600 on an existing file we own; best effort (a read-only mount keeps its modes)."""
    with contextlib.suppress(OSError):
        os.chmod(path, PRIVATE_MODE)


def create_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it does not exist, so a library creating it later inherits that mode.

    SQLite gives its -wal and -shm files the main database's mode, and the
    backup API writes into an existing file, so creating the file first is
    what keeps every copy private independent of the umask.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), PRIVATE_MODE)
    except FileExistsError:
        make_private(path)
        return
    try:
        os.fchmod(fd, PRIVATE_MODE)  # the umask may have taken bits away, never added them
    finally:
        os.close(fd)


def open_private_for_writing(path: Path) -> int:
    """A new file (truncated if it exists) open for writing with mode 0600, as an fd."""
    fd = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), PRIVATE_MODE
    )
    try:
        os.fchmod(fd, PRIVATE_MODE)
    except OSError:
        os.close(fd)
        raise
    return fd
