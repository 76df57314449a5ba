"""Opening notes.db safely: durability settings, integrity check, migration with a copy first, and the last good copy.

Every failure a user can meet (read-only folder, lock held by another
program, corrupt or truncated file, a file from a newer app) becomes one
German sentence; nothing stored is changed on the way. A corrupt file is
renamed aside, never overwritten, and the message says how to restore the
last good copy, which is refreshed with the SQLite backup API whenever the
file opens cleanly.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from canvass_app import files
from canvass_app.errors import CanvassError
from canvass_app.notes import schema

SQLITE_HEADER = b"SQLite format 3\x00"
LAST_GOOD_SUFFIX = ".last-good"
_SIDE_FILES = ("", "-wal", "-shm")


def last_good_path(path: Path) -> Path:
    return path.with_name(path.name + LAST_GOOD_SUFFIX)


def migration_backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.bak-v{version}")


def migration_backups(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.bak-v*"))


def is_corruption(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _dir_writable(directory: Path) -> bool:
    return os.access(directory, os.W_OK)


def translate(error: sqlite3.Error, path: Path) -> CanvassError:
    """One German sentence for an SQLite failure that is not corruption (never the note text)."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return CanvassError(
            f"Die Notizdatenbank {path} ist gerade durch ein anderes Programm gesperrt; "
            "bitte das andere Canvass-Fenster schließen oder es gleich noch einmal versuchen."
        )
    if "readonly" in text or "read-only" in text or not _dir_writable(path.parent):
        return CanvassError(
            f"Der Datenordner {path.parent} ist schreibgeschützt, daher können keine Notizen "
            "gespeichert werden; bitte einen beschreibbaren Ordner mit --data-dir wählen."
        )
    if "full" in text:
        return CanvassError(
            f"Auf dem Datenträger von {path.parent} ist kein Platz mehr; die Notiz wurde nicht "
            "gespeichert, bitte Platz schaffen und erneut versuchen."
        )
    return CanvassError(
        f"Die Notizdatenbank {path} konnte nicht benutzt werden ({error}); "
        "bitte prüfen, ob der Datenordner erreichbar ist."
    )


def set_aside(path: Path) -> CanvassError:
    """Rename a corrupt database (and its WAL) to a fresh name and say how to restore the last good copy."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 2
    while any(aside.with_name(aside.name + s).exists() for s in _SIDE_FILES):
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    for suffix in _SIDE_FILES:
        source = path.with_name(path.name + suffix)
        if source.exists():
            try:
                source.rename(aside.with_name(aside.name + suffix))
            except OSError:
                return CanvassError(
                    f"Die Notizdatenbank {path} ist beschädigt und konnte nicht beiseitegelegt "
                    "werden; bitte die Datei von Hand umbenennen."
                )
    good = last_good_path(path)
    if good.exists():
        when = datetime.fromtimestamp(good.stat().st_mtime, UTC).strftime("%d.%m.%Y %H:%M UTC")
        return CanvassError(
            f"Die Notizdatenbank war beschädigt und wurde nach {aside} verschoben; die letzte "
            f"gute Kopie vom {when} lässt sich wiederherstellen, indem man {good} nach {path} kopiert."
        )
    return CanvassError(
        f"Die Notizdatenbank war beschädigt und wurde nach {aside} verschoben; eine gute Kopie "
        "gibt es nicht, beim nächsten Aufruf beginnt eine leere Notizdatenbank."
    )


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError:
        return True  # unreadable is reported by SQLite itself, with the right words
    if len(header) == 0:
        return True  # an empty file is a database nobody has written to yet
    return header.startswith(SQLITE_HEADER) and len(header) == 100


def open_connection(path: Path, busy_timeout: float, create: bool) -> sqlite3.Connection | None:
    """A checked, migrated connection in autocommit mode, or None when there is no file and ``create`` is false."""
    if not path.exists():
        if not create:
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Created 0600 before SQLite sees it: its WAL and SHM inherit the mode.
            files.create_private(path)
        except OSError:
            raise CanvassError(
                f"Der Datenordner {path.parent} kann nicht angelegt werden; bitte einen "
                "beschreibbaren Ordner mit --data-dir wählen."
            ) from None
    elif not files.is_regular_file(path):
        raise CanvassError(
            f"Die Notizdatenbank {path} ist keine gewöhnliche Datei; bitte sie beiseitelegen."
        )
    elif not _looks_like_sqlite(path):
        raise set_aside(path)
    elif not create and not _dir_writable(path.parent):
        return _open_read_only(path)

    # Two processes opening a fresh file at once race to switch it to WAL; SQLite
    # answers the loser "locked" at once instead of waiting (its deadlock guard),
    # so the whole opening is tried again until the busy timeout is used up.
    for suffix in _SIDE_FILES:  # a file from an older version may still be 0644
        if path.with_name(path.name + suffix).exists():
            files.make_private(path.with_name(path.name + suffix))
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            conn = _open_prepared(path, busy_timeout)
        except sqlite3.Error as error:
            if _is_busy(error) and time.monotonic() < deadline:
                time.sleep(random.uniform(0.01, 0.05))
                continue
            if is_corruption(error):
                raise set_aside(path) from None
            raise translate(error, path) from None
        refresh_last_good(conn, path)
        return conn


def _is_busy(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _open_prepared(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Connect, switch to WAL, check integrity and migrate; the connection is closed on any failure."""
    conn = sqlite3.connect(
        str(path), timeout=busy_timeout, isolation_level=None, check_same_thread=False
    )
    try:
        _configure(conn)
        _check_integrity(conn, path)
        version = schema.user_version(conn)
        if version > schema.CURRENT_VERSION:
            raise CanvassError(
                f"Die Notizdatenbank {path} stammt aus einer neueren Canvass-Version "
                f"(Schema {version}); bitte Canvass aktualisieren, die Notizen bleiben unverändert."
            )
        if version < schema.CURRENT_VERSION:
            _migrate(conn, path, version)
    except BaseException:
        conn.close()
        raise
    return conn


def _open_read_only(path: Path) -> sqlite3.Connection:
    """Reading notes from a folder we cannot write to (a mounted backup, a locked-down machine).

    ``immutable`` because SQLite cannot create the WAL index there; nobody can
    write the file in that folder either. Writes fail with the read-only message.
    """
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro&immutable=1",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute("PRAGMA query_only = ON")
        rows = conn.execute("PRAGMA quick_check").fetchall()
        version = schema.user_version(conn)
    except sqlite3.Error as error:
        raise translate(error, path) from None
    if [tuple(r) for r in rows] != [("ok",)] or version != schema.CURRENT_VERSION:
        conn.close()
        raise translate(sqlite3.OperationalError("readonly"), path)
    return conn


def is_read_only(conn: sqlite3.Connection) -> bool:
    return bool(conn.execute("PRAGMA query_only").fetchone()[0])


def _configure(conn: sqlite3.Connection) -> None:
    # WAL lets readers and one writer work at once; FULL syncs the WAL at every
    # commit, so an acknowledged note survives a power cut, not only a crash.
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError("attempt to write a readonly database")
    conn.execute("PRAGMA synchronous = FULL")
    # Freed pages are zeroed: a deleted note's words do not linger in the file.
    conn.execute("PRAGMA secure_delete = ON")


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    if [tuple(r) for r in rows] != [("ok",)]:
        conn.close()
        raise set_aside(path)


def _migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    if version > 0:
        backup = migration_backup_path(path, version)
        if not backup.exists():
            # A full copy through the backup API sees committed WAL content too.
            _backup_to(conn, backup)
    try:
        schema.migrate(conn)
    except sqlite3.Error as error:
        if "locked" in str(error).lower() or "busy" in str(error).lower():
            raise
        raise CanvassError(
            f"Die Notizdatenbank {path} konnte nicht auf den neuen Stand gebracht werden; "
            f"sie ist unverändert, eine Kopie liegt in {migration_backup_path(path, version)}."
        ) from None


def _backup_to(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the database through the backup API into ``target`` atomically (temporary file, then rename)."""
    temporary = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    files.create_private(temporary)
    copy = sqlite3.connect(str(temporary))
    try:
        conn.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
    os.replace(temporary, target)


def _process_gone(pid_text: str) -> bool:
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return False  # ours: _backup_to replaces it itself
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def remove_stale_temporaries(path: Path) -> None:
    """Temporary copies left by a killed process: its process is gone, or it is an hour old.

    A copy can hold a note deleted since, so it must not outlive the process
    that wrote it (a copy takes milliseconds; an hour old is long dead).
    """
    cutoff = time.time() - 3600
    for leftover in path.parent.glob(f"{path.name}*.tmp-*"):
        with contextlib.suppress(OSError):
            if _process_gone(leftover.name.rsplit(".tmp-", 1)[1]) or leftover.stat().st_mtime < cutoff:
                leftover.unlink()


def refresh_last_good(conn: sqlite3.Connection, path: Path) -> None:
    """Best effort: a read-only folder or a full disk must not stop reading notes."""
    remove_stale_temporaries(path)
    try:
        _backup_to(conn, last_good_path(path))
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            last_good_path(path).with_name(
                f"{last_good_path(path).name}.tmp-{os.getpid()}"
            ).unlink()


def purge_from_copies(path: Path, note_id: str) -> None:
    """Remove a deleted note from the migration copies too: deleting means gone from every file we keep."""
    remove_stale_temporaries(path)
    for backup in migration_backups(path):
        try:
            copy = sqlite3.connect(str(backup), isolation_level=None)
        except sqlite3.Error:
            continue
        try:
            copy.execute("PRAGMA secure_delete = ON")
            copy.execute("DELETE FROM notes WHERE id = ?", (note_id,))
            tables = {r[0] for r in copy.execute("SELECT name FROM sqlite_master")}
            if "notes_fts" in tables:
                copy.execute("INSERT INTO notes_fts(notes_fts) VALUES ('rebuild')")
            copy.execute("VACUUM")
        except sqlite3.Error:
            # A copy we cannot scrub must not keep the deleted text: it goes whole.
            copy.close()
            with contextlib.suppress(OSError):
                backup.unlink()
        finally:
            copy.close()
