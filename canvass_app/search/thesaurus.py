"""The curated thesaurus: everyday words at the door → the words programmes use, and party names.

The shipped file is ``data/thesaurus.toml``; a trainer's ``thesaurus.toml`` in the
user's data directory adds entries (its lists extend the shipped ones). A broken
trainer file is skipped and reported in :attr:`Thesaurus.problems`, never raised:
search must keep working.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from canvass_app import files, limits
from canvass_app.errors import CanvassError
from canvass_app.search.analysis import analyze, fold


def key_of(phrase: str) -> tuple[str, ...]:
    """The stems a thesaurus phrase is matched by (stopwords dropped)."""
    return tuple(t.stem for t in analyze(phrase) if not t.joined)


@dataclass
class Thesaurus:
    """Expansions keyed by the stems of the everyday phrase, plus party aliases."""

    entries: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    parties: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def longest_key(self) -> int:
        return max((len(k) for k in self.entries), default=0)

    def add(self, phrase: str, expansions: Sequence[str]) -> None:
        key = key_of(phrase)
        if not key:
            return
        merged = self.entries.setdefault(key, [])
        for expansion in expansions:
            if expansion not in merged:
                merged.append(expansion)

    def match(self, stems: Sequence[str], start: int) -> tuple[int, list[str]] | None:
        """The longest entry starting at ``stems[start]``: (length, expansions)."""
        for length in range(min(self.longest_key, len(stems) - start), 0, -1):
            expansions = self.entries.get(tuple(stems[start : start + length]))
            if expansions is not None:
                return length, expansions
        return None

    def party_for(self, word: str) -> str | None:
        """The party-name text a query word refers to ("Grünen" → "GRÜNE"), if any."""
        return self.parties.get(fold(word))

    @classmethod
    def load(cls, paths: Sequence[Path]) -> Thesaurus:
        """Merge the files in order; missing files are skipped silently, broken ones reported."""
        thesaurus = cls()
        digest = hashlib.sha256()
        for path in paths:
            if not path.exists() and not path.is_symlink():
                continue
            try:
                # The user's own thesaurus may be anything: a regular file up to the limit only.
                raw = files.read_bytes(path, limits.MANIFEST_BYTES, "Der Thesaurus")
            except CanvassError as error:
                thesaurus.problems.append(error.message)
                continue
            try:
                data = tomllib.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
                thesaurus.problems.append(f"{path}: kein gültiges TOML ({error})")
                continue
            digest.update(raw)
            thesaurus._merge(path, data)
        thesaurus.fingerprint = digest.hexdigest()
        return thesaurus

    def _merge(self, path: Path, data: dict[str, object]) -> None:
        terms = data.get("begriffe", {})
        if isinstance(terms, dict):
            for phrase, expansions in terms.items():
                if isinstance(expansions, str):
                    expansions = [expansions]
                if not isinstance(expansions, list) or not all(
                    isinstance(e, str) for e in expansions
                ):
                    self.problems.append(f"{path}: Eintrag „{phrase}“ braucht eine Liste von Wörtern")
                    continue
                self.add(phrase, expansions)
        else:
            self.problems.append(f"{path}: [begriffe] muss eine Tabelle sein")
        parties = data.get("parteien", {})
        if isinstance(parties, dict):
            for alias, party in parties.items():
                if isinstance(party, str) and party.strip():
                    self.parties[fold(alias)] = party
                else:
                    self.problems.append(f"{path}: Partei „{alias}“ braucht einen Namen")
        else:
            self.problems.append(f"{path}: [parteien] muss eine Tabelle sein")
