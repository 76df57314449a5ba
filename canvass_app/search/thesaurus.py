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


def keys_of(phrase: str) -> list[tuple[str, ...]]:
    """Every key a phrase is matched by: its stems, and a hyphenated word also as one word.

    Search looks a typed hyphenated word up by its joined spelling ("E-Auto" →
    ``eauto``) and by its parts. The parts alone are no key when only one of them is
    left: "E-Auto" must not become an entry for every "Auto", nor "U-Bahn" for "Bahn".
    """
    analyzed = analyze(phrase)
    parts = tuple(t.stem for t in analyzed if not t.joined)
    joined = [t.stem for t in analyzed if t.joined]
    if len(joined) == 1 and len(phrase.split()) == 1:
        return [(joined[0],)] + ([parts] if len(parts) > 1 else [])
    return [parts] if parts else []


@dataclass
class Thesaurus:
    """Expansions keyed by the stems of the everyday phrase, plus party aliases."""

    entries: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    parties: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    fingerprint: str = ""
    # The one-word phrases by their stem ("schwimmbad" → "Schwimmbad"), for typos of them.
    spellings: dict[str, str] = field(default_factory=dict)

    @property
    def longest_key(self) -> int:
        return max((len(k) for k in self.entries), default=0)

    def add(self, phrase: str, expansions: Sequence[str]) -> None:
        for key in keys_of(phrase):
            if len(key) == 1 and len(phrase.split()) == 1:
                self.spellings.setdefault(key[0], phrase)
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


def _spelling(phrase: str) -> tuple[str, ...]:
    return tuple(t.folded for t in analyze(phrase) if not t.joined)


def lint(path: Path) -> list[str]:
    """What is wrong with a thesaurus file's entries, one German sentence each (empty: nothing).

    Beyond what :meth:`Thesaurus.load` rejects: a phrase that analyses to nothing
    (only stopwords), an entry without words, two phrases that search reads as the
    same words ("Schule" and "Schulen" – the second silently extends the first), an
    entry that lists its own words (it adds nothing) and a word listed twice.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return [f"{path}: nicht lesbar ({error})"]
    terms = data.get("begriffe", {})
    if not isinstance(terms, dict):
        return [f"{path}: [begriffe] muss eine Tabelle sein"]
    problems: list[str] = []
    seen: dict[tuple[str, ...], str] = {}
    for phrase, expansions in terms.items():
        keys = keys_of(phrase)
        if not keys:
            problems.append(f"„{phrase}“ besteht nur aus Füllwörtern")
            continue
        for key in keys:
            if key in seen:
                problems.append(f"„{phrase}“ wird gesucht wie „{seen[key]}“: ein Eintrag genügt")
            seen.setdefault(key, phrase)
        if isinstance(expansions, str):
            expansions = [expansions]
        if not isinstance(expansions, list) or not expansions:
            problems.append(f"„{phrase}“ braucht eine nicht leere Liste von Wörtern")
            continue
        own = _spelling(phrase)
        listed: set[tuple[str, ...]] = set()
        for expansion in expansions:
            if not isinstance(expansion, str) or not key_of(expansion):
                problems.append(f"„{phrase}“: „{expansion}“ ist kein suchbares Wort")
                continue
            # Compared as written (case and umlauts aside), not by stem: another form
            # of the same stem still adds the compounds ending in it ("Gründungen" →
            # "Existenzgründungen").
            spelling = _spelling(expansion)
            if spelling == own:
                problems.append(f"„{phrase}“ nennt sich selbst")
            if spelling in listed:
                problems.append(f"„{phrase}“ nennt „{expansion}“ doppelt")
            listed.add(spelling)
    return problems
