"""One facade that wires the core services (corpus, search, content, notes) for the CLI and the UI.

Services are built lazily so that a command touches only what it needs (``canvass
--version`` opens nothing). Each service receives its collaborators here; no core
module reaches for a global.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from canvass_app import paths

if TYPE_CHECKING:
    from canvass_app.content.meaning import StoredMeaning
    from canvass_app.content.service import Content
    from canvass_app.corpus.model import Passage, Programme
    from canvass_app.corpus.store import Corpus
    from canvass_app.export.briefing import BriefingStore
    from canvass_app.notes.store import NoteStore
    from canvass_app.search.service import SearchService


class Library:
    """Everything a user can open, for one data directory."""

    def __init__(self, data_dir: Path, bundled_dir: Path | None = None) -> None:
        self.data_dir = data_dir
        self.bundled_dir = bundled_dir if bundled_dir is not None else paths.bundled_data_dir()

    @functools.cached_property
    def corpus(self) -> Corpus:
        """Bundled programmes plus the user's imports in ``<data_dir>/programmes``; parsed on first use."""
        from canvass_app.corpus.store import Corpus

        return Corpus(self.bundled_dir, self.data_dir)

    @functools.cached_property
    def notes(self) -> NoteStore:
        """Personal notes in ``<data_dir>/notes.db``; the file opens on first use."""
        from canvass_app.notes.store import NoteStore

        return NoteStore(self.data_dir / "notes.db")

    @functools.cached_property
    def content(self) -> Content:
        """Topics and quick-answer cards over the corpus; trainer cards in ``<data_dir>/cards``."""
        from canvass_app.content.service import Content

        return Content(self.corpus, self.bundled_dir, self.data_dir, meaning=self.topic_meaning)

    @functools.cached_property
    def topic_meaning(self) -> StoredMeaning:
        """The meaning signal of topics: the search's stored passage vectors and its model.

        Embedding the topic vectors (once per model, when no cache holds them)
        runs in the background, so assignment never waits for the model; a
        command that wants them at once calls ``prepare``.
        """
        from canvass_app.content.meaning import StoredMeaning

        return StoredMeaning(
            lambda: self.search.embedder(),
            lambda: self.search.vectors,
            self.cache_dir / "topic-vectors",
            prebuilt_dirs=[self.bundled_dir / "topic-vectors"],
            background=True,
            stored=lambda: (self.cache_dir / "vectors").is_dir() or (self.bundled_dir / "vectors").is_dir(),
        )

    @functools.cached_property
    def search(self) -> SearchService:
        """Search over the corpus and the cards, with notes merged in (never indexed).

        The index records which programmes (by digest) and cards it holds; an
        import or removal updates it at once (``index_programme_changed``/``_removed``),
        a card edit on the next search, each touching only what changed.
        """
        from canvass_app.search.embedding import load_embedder
        from canvass_app.search.service import SearchService, note_hits

        content = self.content
        return SearchService(
            self.corpus,
            self.cache_dir,
            cards=content.cards,
            topic_passages=lambda topic_id: set(content.passage_ids(topic_id)),
            note_search=note_hits(self._search_notes),
            thesaurus_paths=[
                self.bundled_dir / "thesaurus.toml",
                self.data_dir / "thesaurus.toml",
            ],
            prebuilt_dirs=[self.bundled_dir / "index"],
            embedder=load_embedder,
            vector_prebuilt_dirs=[self.bundled_dir / "vectors"],
            passage_topics=content.topics_of,
        )

    def _search_notes(self, query: str, limit: int) -> list[Any]:
        # No notes file, no notes: the notes store (and sqlite-utils) is not even loaded.
        if "notes" not in vars(self) and not (self.data_dir / "notes.db").exists():
            return []
        return list(self.notes.search(query, limit))

    @functools.cached_property
    def briefings(self) -> BriefingStore:
        """Briefings a trainer composed, as JSON files in ``<data_dir>/briefings``."""
        from canvass_app.export.briefing import BriefingStore

        return BriefingStore(self.data_dir / "briefings")

    def import_programme(self, path: Path, **meta: Any) -> Programme:
        """Import a programme file, index its documents (only its), let notes follow passages that moved."""
        programme = self.corpus.import_file(path, **meta)
        # Its documents now; its passage vectors follow in the background (programme_changed).
        self.search.index_programme_changed(programme.id)
        self._reattach_notes(programme.id, programme.passages())
        return programme

    def remove_programme(self, programme_id: str) -> None:
        """Remove an imported programme and its documents; notes on its passages stay, shown as detached."""
        self.corpus.remove(programme_id)
        self.search.index_programme_removed(programme_id)
        self.search.programme_removed(programme_id)  # and its passage vectors
        self._reattach_notes(programme_id, [])

    def _reattach_notes(self, programme_id: str, passages: list[Passage]) -> None:
        """Notes follow the one programme that changed; the rest of the library is not read."""
        # Only a store that already exists has notes to follow; never create one here.
        if (self.data_dir / "notes.db").exists():
            present = [entry.id for entry in self.corpus.catalog()]
            self.notes.reattach_programme(programme_id, passages, present)

    @property
    def cache_dir(self) -> Path:
        return paths.cache_dir(self.data_dir)

    def check_data(self) -> list[str]:
        """Problems that keep the shipped data from loading (empty when all is well)."""
        problems: list[str] = []
        if not self.bundled_dir.is_dir():
            problems.append(f"Datenordner fehlt: {self.bundled_dir}")
            return problems
        problems.extend(self._check_programmes())
        return problems

    def _check_programmes(self) -> list[str]:
        """The bundled programmes load, are unchanged, and each yields sections and passages."""
        import hashlib

        from canvass_app.errors import CanvassError

        problems: list[str] = []
        try:
            infos = self.corpus.bundled_infos()
            for _info, path, _fmt, sha256 in infos:
                if not path.is_file():
                    problems.append(f"Programmdatei fehlt: {path}")
                elif sha256 and hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
                    problems.append(f"Programmdatei wurde verändert (Prüfsumme falsch): {path}")
            programmes = {p.id: p for p in self.corpus.programmes()}
            for info, *_ in infos:
                programme = programmes.get(info.id)
                if programme is None or not programme.sections or not programme.passages():
                    problems.append(f"Programm {info.id} ergibt keinen Text.")
            problems.extend(self.corpus.problems())
        except CanvassError as error:
            problems.append(f"Programme lassen sich nicht laden: {error.message}")
        except Exception as error:  # a bug in the parser must show up here, not at a door
            problems.append(f"Programme lassen sich nicht verarbeiten: {error!r}")
        return problems
