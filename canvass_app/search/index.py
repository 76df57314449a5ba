"""The whoosh index on disk: schema, atomic build, manifest with checksums, verified opening.

An index directory is named by its key (a hash of everything that decides its
content) and holds the whoosh files plus ``manifest.json`` listing each file's
size and SHA-256. A directory is only ever used when its manifest verifies; it is
built in a temporary sibling and renamed into place, so a crash mid-build leaves
nothing that looks valid.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage

from canvass_app import files as safe_files
from canvass_app import limits
from canvass_app.errors import CanvassError
from canvass_app.search.analysis import ANALYZER_VERSION, GermanTokenizer, analyze_cached

MANIFEST = "manifest.json"
SURFACES = "surfaces.json"
_TMP_PREFIX = ".tmp-"
_TRASH_PREFIX = ".trash-"
# Temporary directories younger than this may belong to another process still building.
_STALE_TMP_SECONDS = 600


class IndexUnusable(Exception):
    """The index directory is missing, incomplete, corrupt or for another key."""


def schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        programme=ID(stored=True),
        section=ID(stored=True),
        text=TEXT(analyzer=GermanTokenizer("stem"), phrase=True),
        exact=TEXT(analyzer=GermanTokenizer("folded"), phrase=False),
        heading=TEXT(analyzer=GermanTokenizer("stem"), phrase=False),
        body=STORED(),
    )


@dataclass(frozen=True)
class Document:
    """What is indexed for one passage or card."""

    id: str
    type: str
    text: str
    heading: str = ""
    exact: str = ""
    programme: str = ""
    section: str = ""
    body: str = ""

    def fields(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "programme": self.programme,
            "section": self.section,
            "text": self.text,
            "exact": self.exact or self.text,
            "heading": self.heading,
            "body": self.body or self.text,
        }


def _count_surfaces(counts: dict[str, Counter[str]], text: str) -> None:
    for token in analyze_cached(text):
        if not token.joined:
            counts.setdefault(token.stem, Counter())[token.surface] += 1


def _write(storage: Any, documents: list[Document]) -> dict[str, str]:
    """Index the documents; returns, for each stem, the spelling seen most often.

    The spellings are what "Meinten Sie …?" shows. They are counted in the same
    pass, while the analysis of each text is still cached for the index fields.
    """
    ix = storage.create_index(schema())
    writer = ix.writer(limitmb=512)
    counts: dict[str, Counter[str]] = {}
    try:
        for document in documents:
            _count_surfaces(counts, document.text)
            _count_surfaces(counts, document.heading)
            writer.add_document(**document.fields())
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=True)
    return {stem: counter.most_common(1)[0][0] for stem, counter in counts.items()}


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build(directory: Path, key: str, documents: list[Document]) -> None:
    """Build the index for ``key`` atomically at ``directory`` (its parent must be writable)."""
    parent = directory.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = parent / f"{_TMP_PREFIX}{key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        surfaces = _write(FileStorage(str(tmp)), documents)  # type: ignore[no-untyped-call]
        (tmp / SURFACES).write_text(json.dumps(surfaces, ensure_ascii=False), encoding="utf-8")
        files = {
            p.name: {"size": p.stat().st_size, "sha256": _file_digest(p)}
            for p in sorted(tmp.iterdir())
            if p.is_file()
        }
        manifest = {
            "key": key,
            "analyzer": ANALYZER_VERSION,
            "documents": len(documents),
            "files": files,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        _move_into_place(tmp, directory)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _move_into_place(tmp: Path, directory: Path) -> None:
    try:
        os.rename(tmp, directory)
        return
    except OSError:
        if not directory.exists():
            raise
    # Another process got there first, or a broken index is in the way.
    with contextlib.suppress(IndexUnusable):
        verify(directory, directory.name)
        return
    trash = directory.parent / f"{_TRASH_PREFIX}{uuid.uuid4().hex[:8]}"
    os.rename(directory, trash)
    os.rename(tmp, directory)
    shutil.rmtree(trash, ignore_errors=True)


def verify(directory: Path, key: str) -> dict[str, Any]:
    """The manifest of a complete, uncorrupted index for ``key``; raises IndexUnusable otherwise."""
    try:
        # Bounded and regular files only: a FIFO, /dev/zero or deep nesting here is damage, not a hang.
        manifest = safe_files.read_json(directory / MANIFEST, limits.MANIFEST_BYTES, "manifest")
    except CanvassError as error:
        raise IndexUnusable(f"manifest unreadable: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("key") != key:
        raise IndexUnusable("manifest is for another key")
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexUnusable("manifest lists no files")
    for name, expected in files.items():
        path = directory / name
        try:
            info = path.stat()
        except OSError as error:
            raise IndexUnusable(f"{name} missing") from error
        if not stat.S_ISREG(info.st_mode) or not isinstance(expected, dict):
            raise IndexUnusable(f"{name} is no regular file")
        size = info.st_size
        if size != expected.get("size"):
            raise IndexUnusable(f"{name} truncated or grown")
        if _file_digest(path) != expected.get("sha256"):
            raise IndexUnusable(f"{name} corrupt")
    return manifest


def load_surfaces(directory: Path) -> dict[str, str]:
    try:
        data = safe_files.read_json(directory / SURFACES, limits.MANIFEST_BYTES * 16, "surfaces")
    except CanvassError as error:
        raise IndexUnusable(f"surfaces unreadable: {error}") from error
    if not isinstance(data, dict):
        raise IndexUnusable("surfaces malformed")
    return {str(k): str(v) for k, v in data.items()}


def open_verified(directory: Path, key: str) -> tuple[Any, dict[str, str]]:
    """Open a verified index read-only and probe it; any whoosh failure means unusable."""
    manifest = verify(directory, key)
    try:
        ix = FileStorage(str(directory), readonly=True).open_index()  # type: ignore[no-untyped-call]
        searcher = ix.searcher()
    except Exception as error:  # whoosh raises many types for damaged files
        raise IndexUnusable(f"whoosh cannot open it: {error}") from error
    if searcher.doc_count_all() != manifest.get("documents"):
        searcher.close()
        raise IndexUnusable("document count differs from manifest")
    return searcher, load_surfaces(directory)


def open_in_memory(documents: list[Document]) -> tuple[Any, dict[str, str]]:
    """A RAM index when the cache cannot be written (read-only disk, full disk)."""
    storage = RamStorage()  # type: ignore[no-untyped-call]
    surfaces = _write(storage, documents)
    return storage.open_index().searcher(), surfaces  # type: ignore[no-untyped-call]


def clean_stale(root: Path, keep: str) -> None:
    """Remove index directories for other keys and abandoned temporary builds."""
    try:
        entries = list(root.iterdir())
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if entry.name == keep or not entry.is_dir():
            continue
        if entry.name.startswith(_TMP_PREFIX):
            with contextlib.suppress(OSError):
                if now - entry.stat().st_mtime < _STALE_TMP_SECONDS:
                    continue
        shutil.rmtree(entry, ignore_errors=True)
