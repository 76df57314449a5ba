"""Passage vectors for dense retrieval: one file per programme, float16, written atomically.

``<root>/<model>/<programme>.npz`` holds the passage IDs, a hash of each passage's
text and the vectors (float16, 0.75 KB per passage for 384 dimensions). Beside it,
``<programme>.json`` is its header: the programme digest the vectors were made for,
how many passages they cover and whether that is all of them, so counting what is
still missing (:meth:`VectorStore.missing_count`) reads no programme and no vectors. Work follows
what changed: :meth:`VectorStore.programme_changed` re-embeds only passages whose
text is new, :meth:`VectorStore.programme_removed` drops one file.

Embedding is slow (a few passages a second), so it runs in the background in
batches; after each batch the file is replaced atomically (written aside, then
``os.replace``). Killed at any moment, the store holds either the previous
complete file or a file whose missing passages are known (``complete`` is false and
:meth:`VectorStore.missing` lists them); a torn write cannot be read as whole,
since a file that fails to load or whose arrays disagree is discarded.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from canvass_app import files
from canvass_app.errors import CanvassError

if TYPE_CHECKING:
    # numpy is imported where vectors are read, written or compared: counting what is
    # missing (every search) reads headers only and needs none of it.
    import numpy as np
    from numpy.typing import NDArray

    from canvass_app.search.embedding import Embedder, Matrix, Vector

log = logging.getLogger(__name__)

FORMAT = 1
BATCH = 8
# 20,000 passages (the import limit) × 384 float16 plus ids stay far below this.
MAX_VECTOR_FILE_BYTES = 64 * 1024 * 1024
MAX_HEADER_BYTES = 64 * 1024
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
# How long a folder listing answers whether a vectors file or header exists.
_RECHECK = 0.1


@dataclass
class PassageText:
    """What is embedded for one passage: its lead-in and text, as one string."""

    id: str
    text: str

    @functools.cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


def passage_text(passage: object) -> PassageText:
    """The text embedded for a corpus passage (lead-in + text)."""
    lead_in = getattr(passage, "lead_in", None) or ""
    text = str(getattr(passage, "text", ""))
    return PassageText(str(getattr(passage, "id", "")), f"{lead_in} {text}".strip())


@dataclass
class _Programme:
    ids: list[str]
    digests: list[str]
    vectors: NDArray[np.float16]
    complete: bool

    def __post_init__(self) -> None:
        self.keys = frozenset(zip(self.ids, self.digests, strict=True))


def _file_name(text: str) -> str:
    return _SAFE.sub("_", text)[:120]


# How many scopes' matrices a store keeps (see VectorStore._matrices).
_SCOPES_KEPT = 2


class VectorStore:
    """Passage vectors of every programme for one embedding model, kept per programme."""

    def __init__(self, root: Path, model_name: str, dimensions: int, prebuilt_dirs: Sequence[Path] = ()) -> None:
        self.model_name = model_name
        self.dimensions = dimensions
        self.directory = root / _file_name(model_name)
        self._prebuilt = [Path(d) / _file_name(model_name) for d in prebuilt_dirs]
        self._loaded: dict[str, _Programme] = {}
        self._headers: dict[str, dict[str, object]] = {}  # by path
        self._lock = threading.RLock()
        # The matrices of the last two scopes searched, most recent last: a programme filter
        # set and cleared again must not build the whole library's matrix anew each time
        # (a quarter of a second and more at 150,000 passages). At most twice the memory.
        self._matrices: dict[tuple[str, ...], tuple[list[str], Matrix]] = {}
        # The row of each passage ID in a cached matrix, by the ID list it was made from.
        self._rows: dict[int, tuple[list[str], dict[str, int]]] = {}
        # Per folder: when it was looked at, its stat (None: list again) and its names.
        self._listings: dict[str, tuple[float, tuple[int, int, int] | None, frozenset[str]]] = {}

    # --- files ---------------------------------------------------------------

    def _names(self, directory: str) -> frozenset[str] | None:
        """The names in ``directory`` (none when it does not exist); None when that cannot
        be told. Every search counts what is missing per programme: this replaces several
        stats per programme with one look at the folder, at most every ``_RECHECK``
        seconds, listed again when the folder changed. This store's own writes are seen at
        once (they forget the listings), another process's within ``_RECHECK``."""
        now = time.monotonic()
        with self._lock:
            known = self._listings.get(directory)
        if known is not None and now - known[0] < _RECHECK:
            return known[2]
        key: tuple[int, int, int] | None
        try:
            folder = os.stat(directory)
        except FileNotFoundError:
            key, names = None, frozenset[str]()
        except OSError:
            return None
        else:
            key = (folder.st_mtime_ns, folder.st_ctime_ns, folder.st_ino)
            if known is not None and known[1] == key:
                names = known[2]
            else:
                try:
                    names = frozenset(os.listdir(directory))
                except OSError:
                    return None
                # A change within the clock's resolution could keep the time stamp: a
                # folder changed in the last two seconds is listed again next time.
                if time.time_ns() - max(folder.st_mtime_ns, folder.st_ctime_ns) < 2_000_000_000:
                    key = None
        with self._lock:
            self._listings[directory] = (now, key, names)
        return names

    def _forget_listings(self) -> None:
        with self._lock:
            self._listings.clear()

    def _may_exist(self, directory: Path, name: str) -> bool:
        """False only when ``directory`` surely holds nothing called ``name`` (no file, no link)."""
        names = self._names(str(directory))
        if names is not None:
            return name in names
        path = directory / name
        return path.exists() or path.is_symlink()

    def _path(self, programme_id: str) -> Path:
        return self.directory / f"{_file_name(programme_id)}.npz"

    def _header_path(self, directory: Path, programme_id: str) -> Path:
        return directory / f"{_file_name(programme_id)}.json"

    def _read_header(self, directory: Path, programme_id: str) -> dict[str, object] | None:
        name = f"{_file_name(programme_id)}.json"
        key = os.path.join(str(directory), name)
        with self._lock:
            known = self._headers.get(key)
        if known is not None:
            return known  # kept like the vectors (_loaded): this store writes and removes them
        if not self._may_exist(directory, name):
            return None
        path = directory / name
        try:
            header = json.loads(files.read_bytes(path, MAX_HEADER_BYTES, "Die Vektorübersicht"))
        except Exception as error:  # damaged, foreign or no regular file: the exact count decides
            log.warning("vector header %s unusable (%s)", path, error)
            return None
        if (
            not isinstance(header, dict)
            or header.get("format") != FORMAT
            or header.get("model") != self.model_name
            or header.get("programme") != programme_id
        ):
            return None
        with self._lock:
            self._headers[key] = header
        return header

    def _write_header(self, programme_id: str, stored: _Programme, source: str | None) -> None:
        header = {
            "format": FORMAT,
            "model": self.model_name,
            "programme": programme_id,
            "source": source,
            "stored": len(stored.ids),
            "complete": stored.complete,
        }
        path = self._header_path(self.directory, programme_id)
        files.write_atomic(path, json.dumps(header).encode("utf-8"))
        self._headers[str(path)] = header
        self._forget_listings()

    def missing_count(self, programme_id: str, source: str, passages: int) -> int | None:
        """How many of the programme's ``passages`` lack a vector, from the header alone.

        ``source`` is the programme's digest (from its metadata). With no header and no
        vectors file at all, every passage is missing. None when the header cannot tell
        (none beside a vectors file, another digest, damaged): then :meth:`missing` decides. The
        header is written after its vectors file, so a kill in between leaves it
        behind, never ahead: it may count a batch too many as missing, never too few.
        """
        for directory in (self.directory, *self._prebuilt):
            header = self._read_header(directory, programme_id)
            if header is None:
                continue
            if header.get("source") != source:
                return None
            stored = header.get("stored")
            if not isinstance(stored, int):
                return None
            if header.get("complete") is True and stored == passages:
                return 0
            return max(0, passages - stored) or None
        if self._has_none(programme_id):
            return passages  # no header, no vectors anywhere: every passage is missing
        return None

    def _has_none(self, programme_id: str) -> bool:
        """Whether no vectors of the programme exist, in memory or in any file (a few stats)."""
        with self._lock:
            if programme_id in self._loaded:
                return False
        name = f"{_file_name(programme_id)}.npz"
        return not any(self._may_exist(directory, name) for directory in (self.directory, *self._prebuilt))

    def _read(self, path: Path) -> _Programme | None:
        try:
            # Through the safe reader: a FIFO or device planted in the cache is refused, not read forever.
            raw = files.read_bytes(path, MAX_VECTOR_FILE_BYTES, "Die Vektordatei")
            import numpy as np

            with np.load(io.BytesIO(raw), allow_pickle=False) as data:
                meta = json.loads(str(data["meta"]))
                ids = [str(x) for x in data["ids"]]
                digests = [str(x) for x in data["digests"]]
                vectors = np.asarray(data["vectors"], dtype=np.float16)
        except (FileNotFoundError, CanvassError) as error:
            if path.exists() or path.is_symlink():
                log.warning("passage vectors %s unusable (%s)", path, error)
            return None
        except Exception as error:  # torn, foreign or damaged: recomputed, never trusted
            log.warning("passage vectors %s unusable (%s)", path, error)
            return None
        if (
            meta.get("format") != FORMAT
            or meta.get("model") != self.model_name
            or len(ids) != len(digests)
            or vectors.shape != (len(ids), self.dimensions)
        ):
            return None
        return _Programme(ids, digests, vectors, bool(meta.get("complete")))

    def _write(self, programme_id: str, stored: _Programme) -> None:
        import numpy as np

        self.directory.mkdir(parents=True, exist_ok=True)
        meta = json.dumps(
            {"format": FORMAT, "model": self.model_name, "programme": programme_id, "complete": stored.complete}
        )
        handle, scratch = tempfile.mkstemp(dir=self.directory, prefix=".writing-", suffix=".npz")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(
                    out,
                    meta=np.array(meta),
                    ids=np.array(stored.ids, dtype=str),
                    digests=np.array(stored.digests, dtype=str),
                    vectors=stored.vectors.astype(np.float16),
                )
                out.flush()
                os.fsync(out.fileno())
            os.replace(scratch, self._path(programme_id))
            self._forget_listings()
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(scratch)
            raise

    def _stored(self, programme_id: str) -> _Programme | None:
        cached = self._loaded.get(programme_id)
        if cached is not None:
            return cached
        found = self._read(self._path(programme_id))
        if found is None:
            for prebuilt in self._prebuilt:
                found = self._read(prebuilt / f"{_file_name(programme_id)}.npz")
                if found is not None:
                    break
        if found is not None:
            self._loaded[programme_id] = found
        return found

    # --- state ---------------------------------------------------------------

    def missing(self, programme_id: str, passages: Sequence[PassageText]) -> list[PassageText]:
        """Passages of the programme without a vector for their current text."""
        with self._lock:
            stored = self._stored(programme_id)
            have = stored.keys if stored else frozenset()
        return [p for p in passages if (p.id, p.digest) not in have]

    def is_complete(self, programme_id: str, passages: Sequence[PassageText]) -> bool:
        return not self.missing(programme_id, passages)

    def programme_removed(self, programme_id: str) -> None:
        """Forget a removed programme's vectors (file and memory)."""
        with self._lock:
            self._loaded.pop(programme_id, None)
            self._matrices.clear()
            self._rows.clear()
            header = self._header_path(self.directory, programme_id)
            self._headers.pop(str(header), None)
            with contextlib.suppress(FileNotFoundError):
                header.unlink()
            with contextlib.suppress(FileNotFoundError):
                self._path(programme_id).unlink()
            self._forget_listings()

    def programme_changed(
        self,
        programme_id: str,
        passages: Sequence[PassageText],
        embedder: Embedder,
        progress: Callable[[int, int], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        source: str | None = None,
    ) -> bool:
        """Bring one programme's vectors up to date; True when they are complete.

        Passages whose text is unchanged keep their vectors; the rest are embedded in
        batches, each saved as soon as it is done, so an interrupted run resumes.
        ``source`` (the programme's digest) goes into the header for :meth:`missing_count`.
        """
        import numpy as np

        with self._lock:
            stored = self._stored(programme_id)
            known: dict[tuple[str, str], NDArray[np.float16]] = {}
            if stored is not None:
                for row, key in enumerate(zip(stored.ids, stored.digests, strict=True)):
                    known[key] = stored.vectors[row]
        wanted = list(passages)
        todo = [p for p in wanted if (p.id, p.digest) not in known]
        total = len(todo)
        if stored is not None and not todo and stored.complete and len(stored.ids) == len(wanted):
            if source is not None and self.directory.is_dir():
                header = self._read_header(self.directory, programme_id)
                stale = header is None or header.get("source") != source
                if stale and self._path(programme_id).exists():
                    self._write_header(programme_id, stored, source)
            return True
        done = 0
        if progress is not None:
            progress(done, total)
        while True:
            rows = [p for p in wanted if (p.id, p.digest) in known]
            complete = len(rows) == len(wanted)
            vectors = (
                np.stack([known[(p.id, p.digest)] for p in rows]).astype(np.float16)
                if rows
                else np.zeros((0, self.dimensions), dtype=np.float16)
            )
            current = _Programme([p.id for p in rows], [p.digest for p in rows], vectors, complete)
            with self._lock:
                self._write(programme_id, current)
                self._write_header(programme_id, current, source)
                self._loaded[programme_id] = current
                self._matrices.clear()
                self._rows.clear()
            self._rows.clear()
            if complete:
                return True
            if should_stop is not None and should_stop():
                return False
            batch = todo[done : done + BATCH]
            embedded = embedder.embed_passages([p.text for p in batch])
            for passage, vector in zip(batch, embedded, strict=True):
                known[(passage.id, passage.digest)] = vector.astype(np.float16)
            done += len(batch)
            if progress is not None:
                progress(done, total)

    # --- searching -----------------------------------------------------------

    def matrix(self, programme_ids: Iterable[str]) -> tuple[list[str], Matrix]:
        """IDs and float32 vectors of every stored passage of these programmes."""
        import numpy as np

        wanted = sorted(set(programme_ids))
        with self._lock:
            ids: list[str] = []
            parts: list[NDArray[np.float16]] = []
            for programme_id in wanted:
                stored = self._stored(programme_id)
                if stored is None:
                    continue
                ids.extend(stored.ids)
                parts.append(stored.vectors)
            matrix = (
                np.concatenate(parts).astype(np.float32)
                if parts
                else np.zeros((0, self.dimensions), dtype=np.float32)
            )
        return ids, matrix

    def _cached(self, programme_ids: Iterable[str]) -> tuple[list[str], Matrix]:
        key = tuple(sorted(set(programme_ids)))
        with self._lock:
            cached = self._matrices.pop(key, None)
            if cached is None:
                cached = self.matrix(key)
            self._matrices[key] = cached
            while len(self._matrices) > _SCOPES_KEPT:
                del self._matrices[next(iter(self._matrices))]
        return cached

    def rows_of(self, ids: list[str]) -> dict[str, int]:
        """Passage ID → row, for the ID list of a cached scope matrix (``_cached``): built once
        per matrix, not per query (a dict of every passage of a large library costs tens of
        milliseconds, more than ranking it); kept for as many scopes as their matrices."""
        with self._lock:
            rows = self._rows.pop(id(ids), None)
            if rows is None or rows[0] is not ids:
                rows = (ids, {pid: n for n, pid in enumerate(ids)})
            self._rows[id(ids)] = rows  # most recent last, as the matrices
            while len(self._rows) > _SCOPES_KEPT:
                del self._rows[next(iter(self._rows))]
        return rows[1]

    def count(self, programme_ids: Iterable[str]) -> int:
        """How many passages of these programmes have vectors."""
        return len(self._cached(programme_ids)[0])

    def nearest(
        self,
        query: Vector,
        programme_ids: Iterable[str],
        limit: int,
        allowed: set[str] | None = None,
    ) -> list[tuple[str, float]]:
        """The ``limit`` passages closest to ``query`` (cosine), best first."""
        import numpy as np

        ids, matrix = self._cached(programme_ids)
        if not ids:
            return []
        scores = matrix @ query.astype(np.float32)
        if allowed is not None:
            mask = np.fromiter((i in allowed for i in ids), dtype=bool, count=len(ids))
            scores = np.where(mask, scores, -np.inf)
        return best(ids, scores, limit)


def best(ids: Sequence[str], scores: Any, limit: int) -> list[tuple[str, float]]:
    """The ``limit`` IDs of the highest finite scores (one per row of ``ids``), best first."""
    import numpy as np

    count = min(limit, len(ids))
    if count <= 0:
        return []
    top = np.argpartition(-scores, count - 1)[:count]
    ranked = sorted(((float(scores[i]), ids[i]) for i in top if np.isfinite(scores[i])), reverse=True)
    return [(pid, score) for score, pid in ranked]
