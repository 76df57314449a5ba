"""Each programme's topic assignment by signals, kept on disk between processes.

Assigning topics reads every word of a programme against the whole taxonomy
(about a second per megabyte of text), and a passage's result depends only on
its programme, the taxonomy, its stored vector and the assignment code (see
:func:`canvass_app.content.topics.assign_by_signals`). So the result is stored
per programme under a key made of exactly those, in the data directory's cache
folder: a cold process (``canvass overview``, the first empty search that offers
a related topic) reads what is unchanged and assigns only what changed. A file
that does not match its key, or cannot be read, is simply assigned again; the
cache holds no notes and nothing that cannot be derived again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from pathlib import Path

from canvass_app import __version__, files
from canvass_app.content.model import Topic

log = logging.getLogger(__name__)

FORMAT = 1
# The code a passage's topics depend on: a change to any of it makes every entry stale.
CODE_FILES = ("topics.py", "rules.py", "meaning.py", "model.py")


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The assignment code's version: its source where readable (a bundle has none), else the app's."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}".encode())
    here = Path(__file__).parent
    for name in CODE_FILES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def taxonomy_fingerprint(topics: Sequence[Topic]) -> str:
    """Changes with any topic's terms, headings, description or examples (dataclass reprs are stable)."""
    return hashlib.sha256(repr(tuple(topics)).encode()).hexdigest()


class AssignmentCache:
    """``<directory>/<programme id>.json``: one programme's passages → topic IDs, under one key."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @staticmethod
    def key(taxonomy: str, programme_id: str, digest: str, signals: Sequence[object]) -> str:
        """What the stored result was computed from: code, taxonomy, programme text, vectors' state."""
        text = json.dumps([code_fingerprint(), taxonomy, programme_id, digest, [str(s) for s in signals]])
        return hashlib.sha256(text.encode()).hexdigest()

    def _path(self, programme_id: str) -> Path:
        name = hashlib.sha256(programme_id.encode()).hexdigest()[:32]
        return self.directory / f"{name}.json"

    def load(self, programme_id: str, key: str) -> dict[str, frozenset[str]] | None:
        path = self._path(programme_id)
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("found"), dict):
            return None
        found: dict[str, frozenset[str]] = {}
        # One set per combination of topics, shared by its passages: a library has a few
        # hundred combinations but a hundred thousand passages, and every object kept is one
        # more for each garbage collection to walk (with the interpreter lock held).
        shared: dict[tuple[str, ...], frozenset[str]] = {}
        for passage_id, topic_ids in data["found"].items():
            if not isinstance(topic_ids, list) or not all(isinstance(t, str) for t in topic_ids):
                return None
            combination = tuple(topic_ids)
            topics = shared.get(combination)
            if topics is None:
                topics = shared[combination] = frozenset(combination)
            found[str(passage_id)] = topics
        return found

    def store(self, programme_id: str, key: str, found: Mapping[str, frozenset[str]]) -> None:
        path = self._path(programme_id)
        data = {"key": key, "programme": programme_id, "found": {p: sorted(t) for p, t in found.items()}}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            files.write_atomic(path, json.dumps(data, ensure_ascii=False).encode())
        except OSError as error:  # a read-only cache only costs the assignment next time
            log.warning("topic assignment not cached (%s)", error)

    def discard_others(self, programme_ids: Sequence[str]) -> None:
        """Remove the entries of programmes no longer in the library."""
        keep = {self._path(p) for p in programme_ids}
        if not self.directory.is_dir():
            return
        for path in self.directory.glob("*.json"):
            if path not in keep:
                with contextlib.suppress(OSError):
                    path.unlink()
