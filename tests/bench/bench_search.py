"""Search benchmark: quality on the judged set, and speed next to SQLite FTS5 on two corpus sizes.

Prints, in one run:
- recall@5, MRR and answered@5 on tests/search_judgements.toml (passage hits), for
  our search and for a plain FTS5 baseline;
- index build time, time to the first result after opening an existing index, and
  query latency p50/p95 by query kind (single word, several words, phrase,
  prefix, typo), for the bundled corpus and a synthetic ~10 MB corpus of 100
  programmes recombined from the real passages; FTS5 over the same passages;
- the whoosh traps the service avoids: highlighting a wildcard query without
  ``terms=True`` and ``*word*`` wildcards.

Run: ``make bench`` or ``.venv/bin/python tests/bench/bench_search.py [--quick]``.
"""

from __future__ import annotations

import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from canvass_app.corpus.model import Programme  # noqa: E402
from canvass_app.library import Library  # noqa: E402
from canvass_app.search.memory import MemoryCorpus, make_programme  # noqa: E402
from canvass_app.search.service import SearchService  # noqa: E402

THESAURUS = REPO / "data" / "thesaurus.toml"
JUDGEMENTS = REPO / "tests" / "search_judgements.toml"

QUERIES: dict[str, list[str]] = {
    "single word": [
        "Glasfaser", "Handwerk", "Innenstadt", "Arbeitslosigkeit", "Klimaschutz", "Gründer",
        "Azubis", "Leerstand", "Kreislaufwirtschaft", "Bürokratie", "Fachkräfte", "Wasserstoff",
        "Städtepartnerschaften", "Gewerbeflächen", "Reparaturprämie", "Mittelstand",
    ],
    "several words": [
        "Frauen in technischen Berufen", "Start-ups fördern", "leere Läden in der Innenstadt",
        "Was macht ihr gegen Jugendarbeitslosigkeit?", "schnelles Internet für alle",
        "faire Löhne und Tarifbindung", "Ausbildung im Handwerk", "Familie und Beruf",
        "Gewerbegebiete ohne neue Flächen", "Lastenrad statt Lieferwagen",
    ],
    "phrase": [
        '"offenes WLAN"', '"Frauen in MINT-Berufen"', '"Meister statt Master"',
        '"urbane Produktion"', '"lokale Wirtschaft"', '"erneuerbare Energien"',
        '"Handel vor Ort"', '"zentrale Anlaufstelle"',
    ],
    "prefix": ["förder*", "Gewerbe*", "Ausbild*", "nachhalt*", "Innovation*", "Digital*", "Arbeits*", "Klima*"],
    "typo": [
        "Reperaturprämie", "Wirtschatf", "Glasfasre", "Innensatdt", "Hadnwerk", "Bürokratei",
        "Ausbilding", "Gewerbeflähcen", "Arbietslosigkeit", "Nachhaltigkiet",
    ],
}

CITIES = """Dortmund Bochum Essen Duisburg Gelsenkirchen Herne Hagen Hamm Unna Witten Castrop-Rauxel
Lünen Schwerte Iserlohn Bottrop Oberhausen Mülheim Recklinghausen Marl Dorsten Gladbeck Herten
Bergkamen Kamen Holzwickede Münster Bielefeld Paderborn Siegen Köln Bonn Düsseldorf Wuppertal
Solingen Remscheid Krefeld Mönchengladbach Neuss Aachen Leverkusen Gütersloh Arnsberg Soest Lippstadt
Minden Detmold Herford Velbert Moers Wesel""".split()  # noqa: SIM905


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


# --- corpora -------------------------------------------------------------------------


def bundled_corpus() -> MemoryCorpus:
    library = Library(Path(tempfile.mkdtemp(prefix="bench-bundled-")))
    return MemoryCorpus(library.corpus.programmes())


def synthetic_corpus(real: MemoryCorpus, programmes: int = 100, target_bytes: int = 10_000_000) -> MemoryCorpus:
    """Programmes of recombined real sentences, each in another city, ~``target_bytes`` in all."""
    rng = random.Random(4711)
    sentences = [
        s.strip()
        for p in real.passages()
        for s in re.split(r"(?<=[.!?])\s+", p.text)
        if len(s.strip()) > 30
    ]
    titles = [s.title for prog in real.programmes() for s in prog.sections if s.title]
    per_programme = target_bytes // programmes
    built: list[Programme] = []
    for number in range(programmes):
        city = CITIES[number % len(CITIES)] + ("" if number < len(CITIES) else f"-{number // len(CITIES)}")
        size = 0
        sections: list[tuple[str, list[str | tuple[str, str]]]] = []
        while size < per_programme:
            passages: list[str | tuple[str, str]] = []
            for _ in range(rng.randint(4, 14)):
                text = " ".join(rng.sample(sentences, rng.randint(1, 4))).replace("Dortmund", city)
                passages.append(("Dafür werden wir", text) if rng.random() < 0.5 else text)
                size += len(text.encode("utf-8"))
            sections.append((rng.choice(titles), passages))
        built.append(
            make_programme(f"synth-{number:03d}", f"Partei {number % 7}", 2020 + number % 6, sections)
        )
    return MemoryCorpus(built)


# --- SQLite FTS5 baseline ------------------------------------------------------------


class Fts5:
    """FTS5 over the same passages: unicode61 with diacritics removed, BM25 ranking, snippets."""

    def __init__(self, corpus: MemoryCorpus) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE VIRTUAL TABLE passages USING fts5(id UNINDEXED, text, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        self.db.executemany(
            "INSERT INTO passages (id, text) VALUES (?, ?)", [(p.id, p.text) for p in corpus.passages()]
        )
        self.db.commit()

    @staticmethod
    def expression(query: str, mode: str = "and") -> str | None:
        if query.startswith('"') and query.endswith('"'):
            words = re.findall(r"\w+", query)
            return '"' + " ".join(words) + '"' if words else None
        terms = []
        for word in re.findall(r"\w+\*?", query):
            if word.endswith("*"):
                terms.append(f'"{word[:-1]}"*')
            else:
                terms.append(f'"{word}"')
        joiner = " AND " if mode == "and" else " OR "
        return joiner.join(terms) or None

    def search(self, query: str, limit: int = 10, mode: str = "and") -> list[str]:
        expression = self.expression(query, mode)
        if expression is None:
            return []
        rows = self.db.execute(
            "SELECT id, snippet(passages, 1, '<b>', '</b>', '…', 30) FROM passages "
            "WHERE passages MATCH ? ORDER BY rank LIMIT ?",
            (expression, limit),
        ).fetchall()
        return [row[0] for row in rows]


# --- measurements --------------------------------------------------------------------


def latencies(search: Callable[[str], Any], repeats: int) -> dict[str, tuple[float, ...]]:
    """Per kind: p50/p95 of each query's first run (cold caches), then of repeats (warm)."""
    table: dict[str, tuple[float, ...]] = {}
    for kind, queries in QUERIES.items():
        cold = [timed(lambda q=query: search(q))[0] * 1000 for query in queries]
        samples = []
        for _ in range(repeats):
            for query in queries:
                elapsed, _ = timed(lambda q=query: search(q))
                samples.append(elapsed * 1000)
        table[kind] = (
            statistics.median(cold),
            percentile(cold, 0.95),
            statistics.median(samples),
            percentile(samples, 0.95),
        )
    return table


def quality(search: Callable[[str], list[str]]) -> tuple[float, float, int, int]:
    entries = tomllib.loads(JUDGEMENTS.read_text(encoding="utf-8"))["query"]
    recalls, reciprocal, answered = [], [], 0
    for entry in entries:
        relevant = set(entry["relevant"])
        ids = search(entry["text"])
        recalls.append(len(set(ids[:5]) & relevant) / len(relevant))
        first = next((rank for rank, pid in enumerate(ids, start=1) if pid in relevant), None)
        reciprocal.append(1 / first if first else 0.0)
        answered += bool(set(ids[:5]) & relevant)
    return statistics.mean(recalls), statistics.mean(reciprocal), answered, len(entries)


def traps(service: SearchService) -> list[tuple[str, float]]:
    """Stock whoosh calls the service avoids, timed on the service's own index."""
    from whoosh import highlight
    from whoosh import query as wq

    searcher = service.ensure_open().searcher
    results: list[tuple[str, float]] = []

    def highlight_wildcard(terms: bool) -> None:
        hits = searcher.search(wq.Wildcard("exact", "forder*"), limit=10, terms=terms)
        hits.fragmenter = highlight.ContextFragmenter()
        for hit in hits:
            hit.highlights("exact", text=hit["body"])

    for label, call in [
        ("highlight förder* without terms=True", lambda: highlight_wildcard(False)),
        ("highlight förder* with terms=True", lambda: highlight_wildcard(True)),
        ("whoosh Wildcard *arbeit*", lambda: list(searcher.search(wq.Wildcard("exact", "*arbeit*"), limit=10))),
        ("ours: *arbeit* via the vocabulary", lambda: service.search("*arbeit*")),
    ]:
        call()
        samples = [timed(call)[0] * 1000 for _ in range(3)]
        results.append((label, statistics.median(samples)))
    return results


def measure(name: str, corpus: MemoryCorpus, repeats: int) -> dict[str, Any]:
    cache = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    size = sum(len(p.text.encode("utf-8")) for p in corpus.passages())
    builder = SearchService(corpus, cache, thesaurus_paths=[THESAURUS])
    build_seconds, _ = timed(builder.ensure_open)
    builder.close()
    # A fresh service on the existing index: what the app does when it starts.
    reopened = SearchService(corpus, cache, thesaurus_paths=[THESAURUS])
    first_seconds, _ = timed(lambda: reopened.search("Glasfaser"))
    ours = latencies(lambda q: reopened.search(q, limit=10), repeats)
    fts_build, fts = timed(lambda: Fts5(corpus))
    theirs = latencies(lambda q: fts.search(q), repeats)
    return {
        "name": name,
        "passages": len(corpus.passages()),
        "megabytes": size / 1e6,
        "build": build_seconds,
        "first": first_seconds,
        "fts_build": fts_build,
        "ours": ours,
        "fts": theirs,
        "traps": traps(reopened),
        "service": reopened,
        "fts5": fts,
    }


def main() -> int:
    quick = "--quick" in sys.argv
    real = bundled_corpus()
    runs = [measure("bundled", real, repeats=5 if quick else 20)]
    synthetic = synthetic_corpus(real, programmes=20 if quick else 100, target_bytes=2_000_000 if quick else 10_000_000)
    runs.append(measure("synthetic", synthetic, repeats=1 if quick else 3))

    bundled = runs[0]
    service: SearchService = bundled["service"]
    fts: Fts5 = bundled["fts5"]
    ours_q = quality(lambda q: [h.id for h in service.search(q, limit=20).hits if h.type == "passage"])
    fts_and = quality(lambda q: fts.search(q, limit=20))
    fts_or = quality(lambda q: fts.search(q, limit=20, mode="or"))
    print("\n== Search quality: judged set (tests/search_judgements.toml), passage hits ==")
    print(f"{'':24} {'recall@5':>9} {'MRR':>7} {'answered@5':>11}")
    for label, (recall, mrr, answered, total) in [
        ("canvass search", ours_q),
        ("FTS5, all words", fts_and),
        ("FTS5, any word", fts_or),
    ]:
        print(f"{label:24} {recall:9.3f} {mrr:7.3f} {answered:>5}/{total:<5}")

    print("\n== Search speed (ms unless noted): canvass search (whoosh) vs. SQLite FTS5 ==")
    for run in runs:
        print(
            f"\n-- {run['name']} corpus: {run['passages']} passages, {run['megabytes']:.1f} MB of text --"
        )
        print(f"index build: whoosh {run['build']:.2f} s   FTS5 {run['fts_build']:.2f} s")
        print(f"first result after opening the existing index: {run['first'] * 1000:.1f} ms")
        print(
            f"{'query kind':16} {'cold p50':>9} {'p95':>7} {'warm p50':>9} {'p95':>7}"
            f"   {'FTS5 p50':>9} {'p95':>7}"
        )
        for kind in QUERIES:
            c50, c95, o50, o95 = run["ours"][kind]
            _, _, f50, f95 = run["fts"][kind]
            print(f"{kind:16} {c50:9.2f} {c95:7.2f} {o50:9.2f} {o95:7.2f}   {f50:9.3f} {f95:7.3f}")
        print("whoosh traps (median ms):")
        for label, ms in run["traps"]:
            print(f"  {label:40} {ms:9.1f}")
    print(
        "\nwhoosh = canvass search (whoosh index, own BM25 over its postings). Cold: each "
        "query's first run; warm: repeats (postings and snippet caches hit, as when typing).\n"
        "FTS5 has no stemming, compounds, thesaurus or typo tolerance; its typo queries "
        "find nothing. Latencies include snippets."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
