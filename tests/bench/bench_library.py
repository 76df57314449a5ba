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

Before those, what one import costs in a library of dozens of programmes that is in use
(``incremental_numbers``): 28 real GLMP programmes of tests/fixtures/glmp and the two
bundled ones with their index, passage vectors and stored topic assignment; the 29th imported through
``canvass import`` (its passage vectors included) and the overview run after it must embed,
index and assign that programme alone. Printed: the passages embedded next to the new
programme's, every file of the cache folder written, by kind and programme, and the times
next to the same import into an empty library. It fails (exit 1) when the import touches
another programme's vectors, topic assignment or stored files. The vectors are seeded from
tests/bench/.cache (bench_topics.py and bench_search_hybrid.py keep them there), so only what
is missing is embedded (minutes the first time on a machine without that cache). It also
times searching that library by words and fused, with its real vectors.

At each size, fused search is measured once more with a passage vector for every passage:
random directions of the model's size, as embedding a library of this size would take hours;
their ranking means nothing, what the dense ranking costs is what is measured. And typing in
the app's search field (bench_startup.py's keystrokes) in the library of that size.

Run: ``make bench`` (1, 10, 50 MB) or
``.venv/bin/python tests/bench/bench_library.py --sizes 1,10`` (``--sizes ''`` for the
incremental part alone, ``--no-incremental`` without it).
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
# Once-a-process costs first: what the app builds in the background when it opens the index
# (SearchService.prepare: the vocabulary's word lists, field lengths, numpy, about 0.1 s to
# import); "Warmlaufen" finds nothing, so the scoring would wait for the first measured
# query; a word of no measured query runs the whole path.
search.prepare()
search.search("Warmlaufen")
search.search("Sportplatz")
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
        # Typing in the app's search field, as bench_startup.py measures it on the bundled
        # library: each keystroke to the repainted list, in a library of this size.
        _wall, out = child(_KEYSTROKES.format(repo=str(REPO)), str(data_dir))
        found = re.search(r"p50\s+([\d.]+) ms\s+p95\s+([\d.]+) ms\s+max\s+([\d.]+) ms", out)
        if found:
            numbers["keystrokes"] = tuple(float(x) for x in found.groups())
        if app_build:
            # The same with no index yet: the window must stay responsive while it is built.
            shutil.rmtree(data_dir / "cache", ignore_errors=True)
            cold = bench_ui.freeze_probe(data_dir, timeout=900)
            numbers["app_build_results"] = float(cold["results"])  # type: ignore[arg-type]
            numbers["app_build_phases"] = worst_phases([cold])
    except Exception as error:  # no Qt platform here: say so, keep the other numbers
        print(f"  app not measured: {str(error).strip().splitlines()[-1] if str(error).strip() else error}")
    return numbers


_KEYSTROKES = """
import sys
from pathlib import Path
sys.path.insert(0, {repo!r})
sys.path.insert(0, str(Path({repo!r}) / "tests" / "bench"))
import bench_startup
bench_startup.keystrokes(Path(sys.argv[1]))
"""


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


# --- the dense ranking at library scale ---------------------------------------------

_SEED_DIRECTIONS = """
import sys
from pathlib import Path
sys.path.insert(0, {repo!r})
import numpy as np
from canvass_app.corpus.store import Corpus
from canvass_app.search.embedding import load_embedder, normalise
from canvass_app.search.vectors import VectorStore, passage_text

class RandomDirections:
    # Unit vectors of random direction, of the model's name and size: the store, the
    # search's matrix and its ranking do exactly the work real vectors cost them.
    def __init__(self, name, dimensions):
        self.name, self.dimensions = name, dimensions
        self.rng = np.random.default_rng(7)
    def embed_query(self, text):
        return normalise(self.rng.standard_normal(self.dimensions))
    def embed_passages(self, texts):
        return normalise(self.rng.standard_normal((len(texts), self.dimensions)))

model = load_embedder()
if model is None:
    print(0)
    raise SystemExit(0)
data_dir = Path(sys.argv[1])
corpus = Corpus(Path({repo!r}) / "data", data_dir)
store = VectorStore(data_dir / "cache" / "vectors", model.name, model.dimensions)
fake = RandomDirections(model.name, model.dimensions)
count = 0
for entry in corpus.catalog():
    programme = corpus.programme(entry.id)
    texts = [passage_text(p) for p in programme.passages()]
    if store.missing(entry.id, texts):
        store.programme_changed(entry.id, texts, fake, source=entry.digest or None)
    count += len(texts)
print(count)
"""

_WARM_FUSED = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {repo!r})
from canvass_app.library import Library
queries = json.loads(sys.argv[2])
search = Library(Path(sys.argv[1])).search
search.prepare()
search.search("Warmlaufen", dense=False)
search.search("Sportplatz", dense=False)  # the scoring and numpy loaded, as in _WARM
t = time.perf_counter(); search.search("Warmlaufen"); first = (time.perf_counter() - t) * 1000
out = {{"first": [first]}}
for kind, qs in queries.items():
    times = []
    for _ in range(3):
        for q in qs:
            t = time.perf_counter(); search.search(q, dense=True); times.append((time.perf_counter() - t) * 1000)
    out[kind] = times
# Under a programme filter the searched passages change: the dense ranking's matrix with them.
programmes = [e.id for e in search.corpus.catalog()][:3]
times = []
for q in queries["several words"]:
    t = time.perf_counter(); search.search(q, programmes=programmes, dense=True); times.append((time.perf_counter() - t) * 1000)
out["several words, 3 programmes"] = times
out["rss"] = [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024]
print(json.dumps(out))
"""


def dense_numbers(data_dir: Path) -> dict[str, Any]:
    """Fused search where every passage has a vector, in a fresh process: the synthetic
    libraries are too large to embed (about 4 passages a second), so their vectors are
    random directions of the model's size (their ranking means nothing; what it costs is
    what is measured). Removed afterwards, so nothing else here sees them."""
    _wall, out = child(_SEED_DIRECTIONS.format(repo=str(REPO)), str(data_dir))
    if not int(out.strip() or 0):
        return {}
    try:
        _wall, out = child(_WARM_FUSED.format(repo=str(REPO)), str(data_dir), json.dumps(QUERIES))
        numbers: dict[str, Any] = json.loads(out)
        numbers["vectors"] = size_of(data_dir / "cache" / "vectors")
        return numbers
    finally:
        shutil.rmtree(data_dir / "cache" / "vectors", ignore_errors=True)


# --- what one import touches in a library of dozens --------------------------------

BENCH_CACHE = REPO / "tests" / "bench" / ".cache"
# The programme imported last: 39 passages of FDP Worms, a real GLMP text (tests/fixtures/glmp).
NEW_PROGRAMME = "worms-fdp-2024"


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder``: relative path → (size, modification time)."""
    out = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            out[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
    return out


def written(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """The files added, changed or removed between two snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def seed_vectors(data_dir: Path, programme_ids: set[str]) -> int:
    """Copy the stored passage vectors of these programmes (and the bundled ones) from the
    benches' cache into the library, as ``canvass vectors`` would have left them; returns how
    many programmes were found there. Only vectors: the index and the topic assignment are
    built by the library itself."""
    found = set()
    for source in (BENCH_CACHE / "topics" / "vectors", BENCH_CACHE / "search-bundled" / "cache" / "vectors"):
        for model in source.glob("*"):
            for path in model.glob("*"):
                if path.stem in programme_ids and path.suffix in (".npz", ".json"):
                    target = data_dir / "cache" / "vectors" / model.name / path.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
                    found.add(path.stem)
    topic_vectors = BENCH_CACHE / "topics" / "topic-vectors"
    if topic_vectors.is_dir():
        shutil.copytree(topic_vectors, data_dir / "cache" / "topic-vectors", dirs_exist_ok=True)
    return len(found)


def cli_run(data_dir: Path, *args: str) -> tuple[float, str, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [*CANVASS, "--data-dir", str(data_dir), *args], capture_output=True, text=True, timeout=3600, cwd=REPO
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return time.perf_counter() - started, done.stdout, done.stderr


def embedded_count(stderr: str) -> int:
    """The passages the command embedded, from its progress lines on stderr."""
    totals = re.findall(r"Bedeutungssuche: \d+ von (\d+) Textstellen", stderr)
    return int(totals[-1]) if totals else 0


def touched_programmes(data_dir: Path, files: list[str], kind: str) -> set[str]:
    """The programme IDs of the written files of one cache folder: a vector file is named by
    its programme, a topic assignment file by a hash and says its programme inside."""
    out = set()
    for name in files:
        if not name.startswith(f"cache/{kind}/"):
            continue
        if kind == "topic-assignment":
            try:
                out.add(str(json.loads((data_dir / name).read_text(encoding="utf-8"))["programme"]))
            except (OSError, ValueError, KeyError):
                out.add(f"{Path(name).name} (removed or unreadable)")
        else:
            out.add(Path(name).stem)
    return out


def incremental_numbers(root: Path) -> bool:
    """One import into a library of dozens in use, next to the same into an empty library.

    True when the import embedded, indexed and assigned the new programme alone."""
    from canvass_app.library import Library
    from canvass_app.search.embedding import embedder_status, load_embedder
    from tests.fixtures.glmp import HERE as GLMP
    from tests.fixtures.glmp import PROGRAMMES as GLMP_PROGRAMMES
    from tests.fixtures.glmp import UNSEEN, import_all

    print("\n== one import into a library of dozens in use (28 real GLMP programmes + 2 bundled, then one more) ==")
    new = next(p for p in GLMP_PROGRAMMES if p[0] == NEW_PROGRAMME)
    # Never the unseen blind set: this library assigns topics to all it holds.
    others = {p[0] for p in GLMP_PROGRAMMES} - {NEW_PROGRAMME} - UNSEEN
    model = load_embedder() is not None
    if not model:
        print(f"  no embedding model ({embedder_status()}): vectors not measured")
    full, empty = root / "incremental-full", root / "incremental-empty"
    for folder in (full, empty):
        shutil.rmtree(folder, ignore_errors=True)
    import_all(Library(full), only=others)
    bundled = {e.id for e in Corpus(REPO / "data", empty).catalog()}
    seeded = seed_vectors(full, others | bundled) if model else 0
    if model:
        seed_vectors(empty, bundled)
    # The library in use: every vector, the index and every programme's topics in place.
    for folder in (full, empty):
        _t, _out, err = cli_run(folder, "vectors")
        if folder is full:
            print(f"  library: {len(others) + len(bundled)} programmes; vectors of {seeded} seeded from "
                  f"tests/bench/.cache, {embedded_count(err)} passages embedded to complete them")
        cli_run(folder, "search", "Radwege")
        cli_run(folder, "overview", "--csv", str(root / "overview.csv"))
    before = snapshot(full)
    meta = ("--id", new[0], "--party", new[2], "--title", new[3], "--year", "2024")
    source = GLMP / new[1]
    took, _out, err = cli_run(full, "import", str(source), *meta)
    took_overview, _out, _err = cli_run(full, "overview", "--csv", str(root / "overview.csv"))
    took_search, _out, _err = cli_run(full, "search", "Radwege", "--json")
    after = snapshot(full)
    took_empty, _out, err_empty = cli_run(empty, "import", str(source), *meta)
    took_empty_overview, _out, _err = cli_run(empty, "overview", "--csv", str(root / "overview.csv"))
    passages = len(Library(full).corpus.programme(new[0]).passages())
    files = written(before, after)
    vectors = touched_programmes(full, files, "vectors")
    assigned = touched_programmes(full, files, "topic-assignment")
    index = [f for f in files if f.startswith("cache/index/")]
    changed_before = [f for f in index if f in before]
    stored = sorted({Path(f).name.split(".")[0] for f in files if f.startswith("programmes/")})

    def row(name: str, a: str, note: str = "") -> None:
        print(f"  {name:46}{a:>12}  {note}")

    row("import (canvass import, with its vectors)", f"{took:.1f} s",
        f"empty library {took_empty:.1f} s: ×{took / took_empty:.2f}")
    row("overview after it (topics of every programme)", f"{took_overview:.1f} s",
        f"empty library {took_empty_overview:.1f} s")
    row("first search after it (fresh process)", f"{took_search:.2f} s")
    row("passages embedded", f"{embedded_count(err)}",
        f"the new programme has {passages}; into the empty library {embedded_count(err_empty)}")
    row("programmes whose vectors were written", f"{len(vectors)}", ", ".join(sorted(vectors)) or "—")
    row("programmes whose topics were assigned", f"{len(assigned)}", ", ".join(sorted(assigned)) or "—")
    index_bytes = sum(after[f][0] for f in index if f in after)
    index_total = sum(size for f, (size, _) in after.items() if f.startswith("cache/index/"))
    row("index files written", f"{len(index)}",
        f"{mb(index_bytes)} of {mb(index_total)}; existed before: {', '.join(Path(f).name for f in changed_before) or 'none'}")
    row("programmes whose stored files were written", f"{len(stored)}", ", ".join(stored))
    print(f"  all files written: {len(files)} of {len(after)}")
    # Searching that library (real vectors for every passage), as bench_search_hybrid.py does
    # on its smaller one: by words (each keystroke) and fused (a typing pause).
    _wall, out = child(_WARM.format(repo=str(REPO)), str(full), json.dumps(QUERIES))
    warm = json.loads(out)
    for dense in ("", " fused"):
        every = [t for kind in QUERIES for t in warm[kind + dense]]
        worst = max(QUERIES, key=lambda kind, dense=dense: percentile(warm[kind + dense], 0.95))
        row(f"search{dense or ' by words'}, all query kinds, p50 / p95",
            f"{statistics.median(every):.1f}/{percentile(every, 0.95):.1f} ms",
            f"worst kind {worst} p95 {percentile(warm[worst + dense], 0.95):.1f} ms "
            f"(target p95 < {150 if dense else 50} ms)")
    problems = []
    if model and embedded_count(err) != passages:
        problems.append(f"embedded {embedded_count(err)} passages, the new programme has {passages}")
    if model and vectors - {new[0]}:
        problems.append(f"the vectors of {sorted(vectors - {new[0]})} were written")
    if assigned - {new[0]}:
        problems.append(f"the topics of {sorted(assigned - {new[0]})} were assigned again")
    if set(stored) - {new[0]}:
        problems.append(f"the stored programmes {sorted(set(stored) - {new[0]})} were written")
    for problem in problems:
        print(f"  FAILED: one import touched what it did not change: {problem}")
    return not problems


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


def report(
    label: str, text_bytes: int, programmes: int, ours: dict[str, Any], fts: dict[str, Any], dense: dict[str, Any]
) -> None:
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
            f"max {max(a):.0f} ms (no passage vectors here: lexical, no query embedding, no dense ranking)")
    if dense:
        row("with passage vectors (random directions)", mb(dense["vectors"]), "—",
            f"stored; peak RSS of the searching process {mb(dense['rss'][0])}")
        row("  first fused search (loads the vectors)", f"{dense['first'][0]:.0f} ms", "—")
        for kind in [*QUERIES, "several words, 3 programmes"]:
            a = dense[kind]
            row(f"  fused {kind} p50 / p95", f"{statistics.median(a):.1f}/{percentile(a, 0.95):.1f} ms", "—",
                f"max {max(a):.0f} ms (target p95 < 150 ms)")
    ratio_i = ours["import"] / ours["import_empty"]
    ratio_r = ours["remove"] / ours["remove_empty"]
    row("import one more (canvass import)", f"{ours['import']:.2f} s", f"{fts['import']:.3f} s",
        f"empty library {ours['import_empty']:.2f} s: ×{ratio_i:.2f} (target ≤ 1.5)")
    row("remove it (canvass remove)", f"{ours['remove']:.2f} s", f"{fts['remove']:.3f} s",
        f"empty library {ours['remove_empty']:.2f} s: ×{ratio_r:.2f} (target ≤ 1.5)")
    if "app_ready" in ours:
        row("app: window usable", f"{ours['app_ready']:.2f} s", "—", "(target < 1 s)")
        row("app: first results", f"{ours['app_results']:.2f} s", "—", "(target < 1.5 s)")
        if "keystrokes" in ours:
            p50, p95, top = ours["keystrokes"]
            row("app: keystroke to results p50 / p95", f"{p50:.0f}/{p95:.0f} ms", "—",
                f"max {top:.0f} ms (target p95 < 50 ms; bench_startup.py's typing)")
        phase_rows("app: longest freeze, index ready", ours["app_phases"], row)
    if "app_build_results" in ours:
        row("app: first results, index to build", f"{ours['app_build_results']:.1f} s", "—", "(after typing)")
        phase_rows("app: longest freeze while it builds", ours["app_build_phases"], row)


def phase_rows(title: str, phases: dict[str, tuple[float, str]], row: Any) -> None:
    row(title, f"{max((g for g, _ in phases.values()), default=0.0) * 1000:.0f} ms", "—", "(target < 100 ms)")
    for name, (gap, why) in phases.items():
        row(f"  {name}", f"{gap * 1000:.0f} ms", "", why[:90])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,10,50", help="library sizes in MB, comma-separated")
    parser.add_argument("--quick", action="store_true", help="one run per timing instead of three")
    parser.add_argument("--keep", metavar="DIR", help="keep the libraries in DIR (reused on the next run)")
    parser.add_argument("--build-only", action="store_true", help="only the full index build (no queries, imports, app, FTS5)")
    parser.add_argument("--no-incremental", action="store_true", help="without the import into a library of dozens in use")
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"bench_library: {REAL} not found (set CANVASS_REAL_PROGRAMMES); skipped")
        return 0
    print("library benchmark: real programme text, Canvass next to SQLite FTS5")
    sections = seed_sections()
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="canvass-bench-library-"))
    incremental_ok = True
    try:
        if not args.no_incremental and not args.build_only:
            incremental_ok = incremental_numbers(root)
        sources = make_sources(root / "sources", 1, sections)
        extra = sources[0][1]
        empty_dir = root / "empty"
        cli(empty_dir, "search", "Radwege")  # an empty library with its index built, as after installing
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
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
                report(f"~{size} MB", text_bytes, len(corpus.catalog()), build_numbers(data_dir), {}, {})
                continue
            # Building the index again inside the app is measured where it takes minutes, not tens of them.
            ours = canvass_numbers(data_dir, empty_dir, extra, args.quick, app_build=size <= 10)
            fts = fts_numbers(data_dir, extra_rows)
            dense = dense_numbers(data_dir)
            report(f"~{size} MB", text_bytes, len(corpus.catalog()), ours, fts, dense)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0 if incremental_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
