"""Library benchmark: libraries of about 1, 10 and 50 MB of real programme text, next to SQLite FTS5.

The text is real: the six Bundestag programmes in ``/work/shared/programmes-real``
(``CANVASS_REAL_PROGRAMMES`` to point elsewhere) imported once through the
current PDF importer (kept in a seed cache under the system temp folder), plus
the two bundled chapters. Each library programme (~200 KB, Markdown) recombines
real sections, with its own town, districts and coined compounds so the
vocabulary grows with the library as it does in reality; every programme is
imported through ``canvass import``'s code path (reader, structurer, stored
structure). Printed per size, for Canvass and FTS5 over the same passages:
build time, index size, peak RSS, cold first query (a fresh ``canvass search``
process), warm p50/p95 by query kind, importing one more programme and removing
it (compared with the same in an empty library), and the app's time to a
usable window and to first results.

Run: ``make bench`` (1, 10, 50 MB) or
``.venv/bin/python tests/bench/bench_library.py --sizes 1,10``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(Path(__file__).parent))
import bench_ui  # noqa: E402  (the app's freeze probe)

from canvass_app.corpus.store import Corpus  # noqa: E402
from canvass_app.corpus.structure import PARSER_VERSION  # noqa: E402

REAL = Path(os.environ.get("CANVASS_REAL_PROGRAMMES", "/work/shared/programmes-real"))
PROGRAMME_BYTES = 200_000
CANVASS = [sys.executable, "-m", "canvass_app.cli"]

QUERIES: dict[str, list[str]] = {
    "single word": ["Radwege", "Kita", "Wohnungsbau", "Bürokratie", "Windkraft", "Pflege", "Ehrenamt", "Glasfaser"],
    "several words": [
        "bezahlbarer Wohnraum für Familien", "mehr Lehrer an Schulen", "Bus und Bahn auf dem Land",
        "Was tut ihr gegen Ärztemangel?", "Steuern senken für den Mittelstand", "sichere Radwege zur Schule",
    ],
    "phrase": ['"bezahlbaren Wohnraum"', '"erneuerbare Energien"', '"öffentlichen Nahverkehr"', '"soziale Gerechtigkeit"'],
    "prefix": ["Wohn*", "Digital*", "Klima*", "Schul*"],
    "typo": ["Wohnugnsbau", "Bürokratei", "Kindergaretn", "Nahverkhr", "Gesundheitsversorgugn", "Feurwehr"],
}

TOWNS = """Aalen Bochum Castrop Datteln Erwitte Fröndenberg Gevelsberg Haltern Ibbenbüren Jülich Kamen Lünen
Marl Nottuln Olpe Plettenberg Rheine Selm Telgte Unna Voerde Werne Xanten Zülpich Ahlen Beckum Coesfeld
Dülmen Emsdetten Greven Hamm Iserlohn Kleve Lippstadt Menden Netphen Oelde Porta Rees Soest""".split()  # noqa: SIM905
SYLLABLES = ["ber", "bach", "hof", "feld", "dorf", "heim", "au", "wald", "brück", "stein", "kamp", "horst", "weiler", "rode", "hausen", "berg", "born", "linde", "eich"]
PARTIES = ["Grüne", "SPD", "CDU", "FDP", "Linke", "Freie Wähler", "Volt", "Wählergemeinschaft"]


# --- measuring helpers ------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def child(code: str, *args: str, timeout: int = 1800) -> tuple[float, str]:
    """Run Python ``code`` in a fresh interpreter; (wall seconds, stdout)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=timeout, cwd=REPO
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return wall, done.stdout


def cli(data_dir: Path, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [*CANVASS, "--data-dir", str(data_dir), *args], capture_output=True, text=True, timeout=600, cwd=REPO
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return time.perf_counter() - started


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


# --- the real text ----------------------------------------------------------------


def seed_sections() -> list[tuple[str, list[str]]]:
    """Sections (title, passage texts) of the real programmes, imported once through the PDF importer."""
    pdfs = sorted(REAL.glob("*.pdf"))
    stamp = hashlib.sha256(
        json.dumps([PARSER_VERSION, [(p.name, p.stat().st_size) for p in pdfs]]).encode()
    ).hexdigest()[:12]
    seed = Path(tempfile.gettempdir()) / f"canvass-bench-seed-{stamp}"
    corpus = Corpus(REPO / "data", seed)
    have = {e.id for e in corpus.catalog()}
    for pdf in pdfs:
        programme_id = re.sub(r"[^a-z0-9]+", "-", pdf.stem.lower()).strip("-")[:60]
        if programme_id in have:
            continue
        print(f"  importing {pdf.name} once (seed cache {seed}) …", flush=True)
        try:
            corpus.import_file(pdf, programme_id=programme_id, party=programme_id, title=pdf.stem, year=2025)
        except Exception as error:  # one unreadable PDF must not stop the benchmark
            print(f"  skipped {pdf.name}: {error}")
    sections = []
    for programme in corpus.programmes():
        for section in programme.sections:
            texts = [p.full_text for p in section.passages if len(p.full_text) > 30]
            if texts:
                sections.append((section.title or "Allgemeines", texts))
    return sections


def coin(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def programme_text(rng: random.Random, sections: list[tuple[str, list[str]]], nouns: list[str], n: int) -> str:
    """One ~200 KB Markdown programme of real sections, with its own town, districts and compounds."""
    town = f"{rng.choice(TOWNS)}-{coin(rng)}"
    districts = [coin(rng) for _ in range(12)]
    compounds = [rng.choice(nouns) + rng.choice(nouns).lower() for _ in range(40)]
    out = [f"# Kommunalwahlprogramm {town} {2020 + n % 6}"]
    size = 0
    while size < PROGRAMME_BYTES:
        title, texts = rng.choice(sections)
        out.append(f"## {title}")
        for text in texts:
            text = text.replace("Deutschland", town).replace("Bundes", "Stadt")
            if rng.random() < 0.35:
                text += f" Das gilt auch für {rng.choice(districts)} und das {rng.choice(compounds)}."
            out.append(text)
            size += len(text.encode())
    return "\n\n".join(out) + "\n"


def make_sources(folder: Path, count: int, sections: list[tuple[str, list[str]]]) -> list[tuple[str, Path]]:
    nouns = sorted({w for _, texts in sections for t in texts for w in re.findall(r"\b[A-ZÄÖÜ][a-zäöüß]{4,11}\b", t)})
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        path = folder / f"p{n:04d}.md"
        if not path.exists():
            path.write_text(programme_text(random.Random(n), sections, nouns, n), encoding="utf-8")
        made.append((f"bench-{n:04d}", path))
    return made


def build_library(data_dir: Path, sources: list[tuple[str, Path]]) -> float:
    corpus = Corpus(REPO / "data", data_dir)
    have = {e.id for e in corpus.catalog()}
    started = time.perf_counter()
    for n, (programme_id, path) in enumerate(sources):
        if programme_id not in have:
            corpus.import_file(
                path, programme_id=programme_id, party=PARTIES[n % len(PARTIES)], title=f"Programm {n}", year=2024
            )
    return time.perf_counter() - started


# --- Canvass ----------------------------------------------------------------------

_BUILD = """
import os, resource, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from canvass_app.library import Library
t = time.perf_counter()
c = os.times()
library = Library(Path(sys.argv[1]))
library.search.ensure_open()
done = os.times()
cpu = done.user - c.user + done.system - c.system + done.children_user - c.children_user
rss = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(time.perf_counter() - t, rss * 1024, cpu, os.getloadavg()[0])
"""

_WARM = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from canvass_app.library import Library
queries = json.loads(sys.argv[2])
search = Library(Path(sys.argv[1])).search
search.search("Warmlaufen")
out = {{}}
# By words (each keystroke in the app, --words-only), and fused with the meaning ranking
# (a typing pause, the CLI's default) where the library has passage vectors.
for dense in (False, True):
    for kind, qs in queries.items():
        times = []
        for _ in range(3):
            for q in qs:
                t = time.perf_counter(); search.search(q, dense=dense); times.append((time.perf_counter() - t) * 1000)
        out[kind + (" fused" if dense else "")] = times
print(json.dumps(out))
"""


def build_numbers(data_dir: Path) -> dict[str, Any]:
    """A full index build in a fresh process: wall and CPU seconds (CPU depends less on what else
    the machine runs; the load average is printed next to it), sizes, peak RSS.

    Only the index is removed: the passage vectors, topic vectors and topic assignment
    kept next to it are not what is built here, and without them the app probes that
    follow ("index ready") would measure a library whose vectors and topics are all
    still to compute (a first start, which "while it builds" measures) instead of one in use.
    """
    shutil.rmtree(data_dir / "cache" / "index", ignore_errors=True)
    _wall, out = child(_BUILD.format(repo=str(REPO)), str(data_dir))
    build_s, rss, cpu, load = (float(x) for x in out.split())
    index = data_dir / "cache" / "index"
    return {
        "build": build_s, "build_cpu": cpu, "build_load": load, "rss": rss, "size": size_of(index),
        "side": sum(p.stat().st_size for p in index.glob("ix-*/vocabulary.sqlite")),
    }


def canvass_numbers(data_dir: Path, empty_dir: Path, extra: Path, quick: bool, app_build: bool) -> dict[str, Any]:
    numbers = build_numbers(data_dir)
    numbers["cold"] = statistics.median(cli(data_dir, "search", "Radwege bauen", "--json") for _ in range(3))
    numbers["cold_typo"] = statistics.median(cli(data_dir, "search", "Wohnugnsbau", "--json") for _ in range(2))
    numbers["cold_words"] = statistics.median(
        cli(data_dir, "search", "Radwege bauen", "--json", "--words-only") for _ in range(3)
    )
    numbers["help"] = statistics.median(cli(data_dir, "--help") for _ in range(3))
    _wall, out = child(_WARM.format(repo=str(REPO)), str(data_dir), json.dumps(QUERIES))
    numbers["warm"] = json.loads(out)
    runs = 1 if quick else 3
    imports, removals, empty_imports, empty_removals = [], [], [], []
    # --no-vectors: the ratio is what the library's size adds to an import; the new
    # programme's passage vectors cost the same in either library (about 4 passages a
    # second on 2 cores, bench_search_hybrid.py) and would drown it.
    one_more = ("--id", "one-more", "--party", "X", "--title", "T", "--year", "2026", "--no-vectors")
    for _ in range(runs):
        imports.append(cli(data_dir, "import", str(extra), *one_more))
        removals.append(cli(data_dir, "remove", "one-more"))
        empty_imports.append(cli(empty_dir, "import", str(extra), *one_more))
        empty_removals.append(cli(empty_dir, "remove", "one-more"))
    numbers["import"] = statistics.median(imports)
    numbers["remove"] = statistics.median(removals)
    numbers["import_empty"] = statistics.median(empty_imports)
    numbers["remove_empty"] = statistics.median(empty_removals)
    try:
        # The app in a fresh process, probed as in bench_ui.py: a 5 ms timer on the UI thread and a
        # watchdog that says what ran during each phase's longest stall.
        probes = [bench_ui.freeze_probe(data_dir, timeout=60) for _ in range(1 if quick else 3)]
        numbers["app_ready"] = statistics.median(float(p["ready"]) for p in probes)  # type: ignore[arg-type]
        numbers["app_results"] = statistics.median(float(p["first_results"]) for p in probes)  # type: ignore[arg-type]
        numbers["app_phases"] = worst_phases(probes)
        if app_build:
            # The same with no index yet: the window must stay responsive while it is built.
            shutil.rmtree(data_dir / "cache", ignore_errors=True)
            cold = bench_ui.freeze_probe(data_dir, timeout=900)
            numbers["app_build_results"] = float(cold["results"])  # type: ignore[arg-type]
            numbers["app_build_phases"] = worst_phases([cold])
    except Exception as error:  # no Qt platform here: say so, keep the other numbers
        print(f"  app not measured: {str(error).strip().splitlines()[-1] if str(error).strip() else error}")
    return numbers


def worst_phases(probes: list[dict[str, object]]) -> dict[str, tuple[float, str]]:
    """Per phase of the probe, the longest stall over all runs and what ran meanwhile."""
    worst: dict[str, tuple[float, str]] = {}
    for probe in probes:
        phases = probe["worst"]
        assert isinstance(phases, dict)
        for name, (gap, why) in phases.items():
            if gap > worst.get(name, (0.0, ""))[0]:
                worst[name] = (float(gap), str(why))
    return worst


# --- SQLite FTS5 over the same passages -------------------------------------------

_FTS_BUILD = """
import json, resource, sqlite3, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from canvass_app.corpus.store import Corpus
corpus = Corpus(Path({repo!r}) / "data", Path(sys.argv[1]))
rows = [(p.id, p.programme_id, corpus.section_of(p).title, p.text) for p in corpus.passages()]
t = time.perf_counter()
db = sqlite3.connect(sys.argv[2])
db.execute("CREATE VIRTUAL TABLE passages USING fts5(id UNINDEXED, programme UNINDEXED, heading, text, tokenize='unicode61 remove_diacritics 2')")
db.executemany("INSERT INTO passages VALUES (?, ?, ?, ?)", rows)
db.commit()
db.execute("INSERT INTO passages(passages) VALUES ('optimize')")
db.commit()
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""

_FTS_COLD = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(len(db.execute("SELECT id FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT 10", [sys.argv[2]]).fetchall()))
"""


def fts_query(query: str) -> str:
    if query.startswith('"'):
        return query
    if query.endswith("*"):
        return f'"{query[:-1]}"*'
    words = re.findall(r"\w+", query)
    return " OR ".join(f'"{w}"' for w in words) or '""'


def fts_numbers(data_dir: Path, extra_rows: list[tuple[str, str, str, str]]) -> dict[str, Any]:
    db_path = data_dir.parent / f"{data_dir.name}-fts.sqlite"
    db_path.unlink(missing_ok=True)
    _wall, out = child(_FTS_BUILD.format(repo=str(REPO)), str(data_dir), str(db_path))
    build_s, rss = (float(x) for x in out.split())
    numbers: dict[str, Any] = {"build": build_s, "rss": rss, "size": db_path.stat().st_size}
    numbers["cold"] = statistics.median(
        child(_FTS_COLD, str(db_path), fts_query("Radwege bauen"))[0] for _ in range(3)
    )
    db = sqlite3.connect(db_path)
    sql = "SELECT id FROM passages WHERE passages MATCH ? ORDER BY rank LIMIT 20"
    warm: dict[str, list[float]] = {}
    for kind, queries in QUERIES.items():
        times = []
        for _ in range(3):
            for q in queries:
                t = time.perf_counter()
                db.execute(sql, [fts_query(q)]).fetchall()
                times.append((time.perf_counter() - t) * 1000)
        warm[kind] = times
    numbers["warm"] = warm
    t = time.perf_counter()
    db.executemany("INSERT INTO passages VALUES (?, ?, ?, ?)", extra_rows)
    db.commit()
    numbers["import"] = time.perf_counter() - t
    t = time.perf_counter()
    db.execute("DELETE FROM passages WHERE programme = 'one-more'")
    db.commit()
    numbers["remove"] = time.perf_counter() - t
    db.close()
    return numbers


# --- report -----------------------------------------------------------------------


def build_rows(ours: dict[str, Any], fts: dict[str, Any], row: Any) -> None:
    row("full index build", f"{ours['build']:.1f} s", f"{fts['build']:.1f} s" if fts else "",
        f"CPU {ours['build_cpu']:.1f} s, load average {ours['build_load']:.2f} (target < 30 s at 10 MB)")
    row("index size", mb(ours["size"]), mb(fts["size"]) if fts else "")
    row("  of which vocabulary.sqlite", mb(ours["side"]))
    row("peak RSS of the build", mb(ours["rss"]), mb(fts["rss"]) if fts else "")


def report(label: str, text_bytes: int, programmes: int, ours: dict[str, Any], fts: dict[str, Any]) -> None:
    print(f"\n== library {label}: {programmes} programmes, {mb(text_bytes)} of passage text ==")
    print(f"{'':38}{'Canvass':>14}{'FTS5':>14}")

    def row(name: str, a: str, b: str = "", note: str = "") -> None:
        print(f"  {name:36}{a:>14}{b:>14}  {note}")

    build_rows(ours, fts, row)
    if "cold" not in ours:
        return
    row("cold first query (fresh process)", f"{ours['cold']:.2f} s", f"{fts['cold']:.2f} s")
    row("cold first typo query", f"{ours['cold_typo']:.2f} s", "—", "(FTS5 has no typo tolerance)")
    row("cold query, words only", f"{ours['cold_words']:.2f} s", "—", "(no meaning model loaded)")
    row("cold 'canvass --help'", f"{ours['help']:.2f} s", "—", "(start-up and imports alone)")
    for kind in QUERIES:
        a, b = ours["warm"][kind], fts["warm"][kind]
        # Each query runs three times: the first asking (nothing cached) is in the max.
        row(
            f"warm {kind} p50 / p95",
            f"{statistics.median(a):.1f}/{percentile(a, 0.95):.1f} ms",
            f"{statistics.median(b):.1f}/{percentile(b, 0.95):.1f} ms",
            f"max {max(a):.0f} ms",
        )
    for kind in QUERIES:
        a = ours["warm"][kind + " fused"]
        row(f"warm {kind}, fused, p50 / p95", f"{statistics.median(a):.1f}/{percentile(a, 0.95):.1f} ms", "—",
            f"max {max(a):.0f} ms (with the query's embedding)")
    ratio_i = ours["import"] / ours["import_empty"]
    ratio_r = ours["remove"] / ours["remove_empty"]
    row("import one more (canvass import)", f"{ours['import']:.2f} s", f"{fts['import']:.3f} s",
        f"empty library {ours['import_empty']:.2f} s: ×{ratio_i:.2f} (target ≤ 1.5)")
    row("remove it (canvass remove)", f"{ours['remove']:.2f} s", f"{fts['remove']:.3f} s",
        f"empty library {ours['remove_empty']:.2f} s: ×{ratio_r:.2f} (target ≤ 1.5)")
    if "app_ready" in ours:
        row("app: window usable", f"{ours['app_ready']:.2f} s", "—", "(target < 1 s)")
        row("app: first results", f"{ours['app_results']:.2f} s", "—", "(target < 1.5 s)")
        phase_rows("app: longest freeze, index ready", ours["app_phases"], row)
    if "app_build_results" in ours:
        row("app: first results, index to build", f"{ours['app_build_results']:.1f} s", "—", "(after typing)")
        phase_rows("app: longest freeze while it builds", ours["app_build_phases"], row)


def phase_rows(title: str, phases: dict[str, tuple[float, str]], row: Any) -> None:
    row(title, f"{max((g for g, _ in phases.values()), default=0.0) * 1000:.0f} ms", "—", "(target < 100 ms)")
    for name, (gap, why) in phases.items():
        row(f"  {name}", f"{gap * 1000:.0f} ms", "", why[:90])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,50", help="library sizes in MB, comma-separated")
    parser.add_argument("--quick", action="store_true", help="one run per timing instead of three")
    parser.add_argument("--keep", metavar="DIR", help="keep the libraries in DIR (reused on the next run)")
    parser.add_argument("--build-only", action="store_true", help="only the full index build (no queries, imports, app, FTS5)")
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"bench_library: {REAL} not found (set CANVASS_REAL_PROGRAMMES); skipped")
        return
    print("library benchmark: real programme text, Canvass next to SQLite FTS5")
    sections = seed_sections()
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="canvass-bench-library-"))
    try:
        sources = make_sources(root / "sources", 1, sections)
        extra = sources[0][1]
        empty_dir = root / "empty"
        cli(empty_dir, "search", "Radwege")  # an empty library with its index built, as after installing
        for size in (int(s) for s in args.sizes.split(",")):
            count = max(1, size * 1_000_000 // PROGRAMME_BYTES)
            library_sources = make_sources(root / "sources", count + 1, sections)[1:]
            data_dir = root / f"library-{size}mb"
            print(f"\nbuilding the {size} MB library ({count} programmes through the importer) …", flush=True)
            took = build_library(data_dir, library_sources)
            print(f"  imported in {took:.0f} s (parsing and storing, index not yet built)")
            corpus = Corpus(REPO / "data", data_dir)
            text_bytes = sum(len(p.text.encode()) for p in corpus.passages())
            extra_corpus = Corpus(REPO / "data", root / "fts-extra")
            if "one-more" not in {e.id for e in extra_corpus.catalog()}:
                extra_corpus.import_file(extra, programme_id="one-more", party="X", title="T", year=2026)
            extra_rows = [
                (p.id, p.programme_id, extra_corpus.section_of(p).title, p.text)
                for p in extra_corpus.programme("one-more").passages()
            ]
            if args.build_only:
                report(f"~{size} MB", text_bytes, len(corpus.catalog()), build_numbers(data_dir), {})
                continue
            # Building the index again inside the app is measured where it takes minutes, not tens of them.
            ours = canvass_numbers(data_dir, empty_dir, extra, args.quick, app_build=size <= 10)
            fts = fts_numbers(data_dir, extra_rows)
            report(f"~{size} MB", text_bytes, len(corpus.catalog()), ours, fts)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
