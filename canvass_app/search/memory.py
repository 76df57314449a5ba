"""A corpus held in memory: what the search tests and the benchmark's synthetic programmes index.

It offers the part of the corpus store's interface that search uses, over
ready-made :class:`Programme` objects, so search can be exercised without files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from canvass_app.corpus.model import Passage, Programme, Section, passage_id


class MemoryCorpus:
    """Programmes in memory, with passage lookup and a content fingerprint."""

    def __init__(self, programmes: Sequence[Programme]) -> None:
        self._programmes = {p.id: p for p in programmes}
        self._passages: dict[str, Passage] = {}
        self._sections: dict[str, Section] = {}
        for programme in programmes:
            for section in programme.sections:
                for passage in section.passages:
                    self._passages[passage.id] = passage
                    self._sections[passage.id] = section
        # Programmes are immutable: their digests are worked out once.
        self._digests = {
            p.id: hashlib.sha256(json.dumps(p.to_json(), sort_keys=True).encode()).hexdigest()[:32]
            for p in programmes
        }

    def programmes(self) -> list[Programme]:
        return list(self._programmes.values())

    def programme(self, programme_id: str) -> Programme:
        return self._programmes[programme_id]

    def passages(self) -> list[Passage]:
        return list(self._passages.values())

    def passage(self, pid: str) -> Passage:
        return self._passages[pid]

    def section_of(self, passage: Passage) -> Section:
        return self._sections[passage.id]

    def programme_of(self, passage: Passage) -> Programme:
        return self._programmes[passage.programme_id]

    def digests(self) -> dict[str, str]:
        return dict(self._digests)

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for programme_id, programme_digest in self._digests.items():
            digest.update(f"{programme_id}\0{programme_digest}".encode())
        return digest.hexdigest()


def make_programme(
    programme_id: str,
    party: str,
    year: int,
    sections: Sequence[tuple[str, Sequence[str | tuple[str, str]]]],
    title: str = "",
) -> Programme:
    """A programme from (section title, passages) pairs; a passage is a text or (lead-in, text)."""
    taken: set[str] = set()
    built: list[Section] = []
    for number, (section_title, texts) in enumerate(sections, start=1):
        section_id = f"s{number}"
        passages = []
        for entry in texts:
            lead_in, text = entry if isinstance(entry, tuple) else (None, entry)
            passages.append(
                Passage(
                    id=passage_id(programme_id, text, taken),
                    programme_id=programme_id,
                    section_id=section_id,
                    kind="pledge" if lead_in else "paragraph",
                    text=text,
                    lead_in=lead_in,
                )
            )
        built.append(Section(section_id, section_title, tuple(passages)))
    return Programme(
        id=programme_id, party=party, title=title or party, year=year, sections=tuple(built)
    )
