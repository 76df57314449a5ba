"""Index lifecycle: built once, updated in place per programme, rebuilt when missing, damaged or of another analyzer."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from canvass_app.corpus.model import Programme
from canvass_app.search import index as idx
from canvass_app.search.memory import MemoryCorpus, make_programme
from canvass_app.search.service import SearchService
from tests.core.test_search_quality import postings_disagreeing
from tests.core.test_search_service import small_programmes

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def corpus() -> MemoryCorpus:
    return MemoryCorpus(small_programmes())


def index_dir(service: SearchService) -> Path:
    directory = idx.current_dir(service.root)
    assert directory is not None
    return directory


def works(service: SearchService) -> bool:
    return any("Glasfasernetz" in h.text for h in service.search("Glasfaser").hits)


def fresh(corpus: MemoryCorpus, cache: Path) -> SearchService:
    return SearchService(corpus, cache)


@dataclass(frozen=True)
class Card:
    id: str
    question: str
    phrasings: tuple[str, ...] = ()
    answers: tuple[object, ...] = ()


def extra_programme(programme_id: str, words: str, year: int = 2026) -> Programme:
    return make_programme(
        programme_id,
        f"Partei {programme_id}",
        year,
        [
            ("Wohnen im Quartier", [f"Wir bauen Sozialwohnungen im Quartier {words}.", "Mieten bleiben bezahlbar."]),
            ("Verkehr", [f"Die Straßenbahn fährt bis {words} und weiter.", ("Dafür werden wir", "Radwege bauen.")]),
        ],
    )


@pytest.fixture
def written() -> Iterator[list[idx.WriteStats]]:
    """Everything the index writer received during the test."""
    seen: list[idx.WriteStats] = []
    idx.observer = seen.append
    try:
        yield seen
    finally:
        idx.observer = None


def test_built_on_first_use_then_reused(corpus: MemoryCorpus, tmp_path: Path) -> None:
    first = fresh(corpus, tmp_path)
    assert not (tmp_path / "index").exists()
    assert works(first)
    assert first.last_build_seconds is not None
    manifest = json.loads((index_dir(first) / idx.MANIFEST).read_text())
    assert set(manifest["programmes"]) == {p.id for p in corpus.programmes()}
    assert manifest["documents"] == len(corpus.passages())
    second = fresh(corpus, tmp_path)
    assert works(second)
    assert second.last_build_seconds is None  # opened, not rebuilt
    assert second.last_update is None  # nothing to change
    # Postings, frequencies and lengths come through the side store: no segment is probed in vain.
    assert second.ensure_open().postings._side is not None


def test_import_touches_only_its_programme(corpus: MemoryCorpus, tmp_path: Path, written: list[idx.WriteStats]) -> None:
    service = fresh(corpus, tmp_path)
    assert works(service)
    written.clear()
    newcomer = extra_programme("neu-2026", "Zwiebelturm")
    service.corpus = MemoryCorpus([*small_programmes(), newcomer])
    service.index_programme_changed(newcomer.id)
    assert len(written) == 1
    assert sorted(written[0].added) == sorted(p.id for p in newcomer.passages())
    assert written[0].deleted_programmes == []
    assert written[0].segments_written == 1
    assert service.last_build_seconds is not None  # still the first build's time: no rebuild
    assert [h.programme for h in service.search("Zwiebelturm").hits] == ["neu-2026"] * 2
    # Across the two segments now (the second one's documents numbered after the first's),
    # search's own postings reader agrees with whoosh's matcher on every term.
    assert len(list(service.ensure_open().postings.reader.leaf_readers())) == 2
    assert postings_disagreeing(service) == []


def test_removal_and_reimport_touch_only_that_programme(corpus: MemoryCorpus, tmp_path: Path, written: list[idx.WriteStats]) -> None:
    newcomer = extra_programme("neu-2026", "Zwiebelturm")
    service = fresh(MemoryCorpus([*small_programmes(), newcomer]), tmp_path)
    assert service.search("Zwiebelturm").hits
    written.clear()
    changed = extra_programme("neu-2026", "Kastanienallee")
    service.corpus = MemoryCorpus([*small_programmes(), changed])
    service.index_programme_changed(changed.id)
    assert written[-1].deleted_programmes == ["neu-2026"]
    assert sorted(written[-1].added) == sorted(p.id for p in changed.passages())
    assert service.search("Zwiebelturm").hits == []
    assert service.search("Kastanienallee").hits
    service.corpus = MemoryCorpus(small_programmes())
    service.index_programme_removed("neu-2026")
    assert written[-1].deleted_programmes == ["neu-2026"] and written[-1].added == []
    assert service.search("Kastanienallee").hits == []
    # The removed programme's words are gone from the vocabulary too (its segment went whole).
    assert "kastanienalle" not in service.ensure_open().vocab.stem_set
    assert works(service)
    # And after segments were dropped: the reader still agrees with whoosh's matcher.
    assert postings_disagreeing(service) == []


def test_card_change_rewrites_only_the_cards(corpus: MemoryCorpus, tmp_path: Path, written: list[idx.WriteStats]) -> None:
    cards = [Card("radweg", "Was tut ihr für Radwege?")]
    service = SearchService(corpus, tmp_path, cards=lambda: cards)
    assert works(service)
    written.clear()
    cards = [Card("radweg", "Was tut ihr für Radwege?"), Card("kita", "Gibt es genug Kitaplätze?")]
    assert any(h.type == "card" for h in service.search("Kitaplätze").hits)
    assert sorted(written[-1].added) == ["kita", "radweg"]
    assert written[-1].deleted_programmes == []


def _results(service: SearchService, queries: list[str]) -> list[object]:
    out: list[object] = []
    for query in queries:
        results = service.search(query, limit=50)
        hits = sorted((round(h.score, 6), h.type, h.id) for h in results.hits)
        out.append((query, hits, results.suggestion))
    return out


QUERIES = [
    "Glasfaser", "Quartier", "Sozialwohnungen", "Straßenbahn", "Radwege bauen", "fördern",
    '"Mieten bleiben"', "Gewerbe*", "Zwiebelturm", "Kastanienallee", "Lindenhof", "Reperaturprämie",
    "Sozialwohnugnen", "Strasenbahn", "Ausbildung", "Innenstadt Leerstand",
]


def test_results_after_incremental_updates_equal_a_full_rebuild(tmp_path: Path) -> None:
    base = small_programmes()
    a = extra_programme("a-2026", "Zwiebelturm")
    b = extra_programme("b-2026", "Kastanienallee")
    c = extra_programme("c-2026", "Lindenhof", year=2021)
    b2 = extra_programme("b-2026", "Sonnenwinkel")
    incremental = fresh(MemoryCorpus(base), tmp_path / "inc")
    steps = [[*base, a], [*base, a, b], [*base, a, b, c], [*base, a, c], [*base, a, c, b2], [*base[1:], a, c, b2]]
    for programmes in steps:
        incremental.corpus = MemoryCorpus(programmes)
        incremental.ensure_open()
    assert incremental.last_build_seconds is not None
    final = MemoryCorpus(steps[-1])
    rebuilt = fresh(final, tmp_path / "full")
    queries = [*QUERIES, "Sonnenwinkel", "Sonnenwinkle"]
    assert _results(incremental, queries) == _results(rebuilt, queries)
    inc_open, full_open = incremental.ensure_open(), rebuilt.ensure_open()
    assert inc_open.vocab.stems == full_open.vocab.stems
    assert inc_open.vocab.folded == full_open.vocab.folded
    assert {s: inc_open.vocab.surface(s) for s in full_open.vocab.stems} == {
        s: full_open.vocab.surface(s) for s in full_open.vocab.stems
    }
    # A cold process over the updated index answers the same.
    assert _results(fresh(final, tmp_path / "inc"), queries) == _results(rebuilt, queries)


def test_cold_process_answers_a_typo_from_the_persisted_table(corpus: MemoryCorpus, tmp_path: Path) -> None:
    fresh(corpus, tmp_path).ensure_open()
    cold = fresh(corpus, tmp_path)
    results = cold.search("Reperaturprämie")
    assert results.hits and "Reparaturprämie" in results.hits[0].text
    vocab = cold.ensure_open().vocab
    assert vocab._deletes is None  # the table was read from the index, not built in this process


def test_analyzer_change_rebuilds(corpus: MemoryCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = fresh(corpus, tmp_path)
    assert works(first)
    old = index_dir(first)
    first.close()
    from canvass_app.search import index as index_module
    from canvass_app.search import service as service_module

    monkeypatch.setattr(service_module, "ANALYZER_VERSION", "other")
    monkeypatch.setattr(index_module, "ANALYZER_VERSION", "other")
    again = fresh(corpus, tmp_path)
    assert works(again) and again.last_build_seconds is not None
    assert index_dir(again) != old and not old.exists()


def test_missing_index_is_rebuilt(corpus: MemoryCorpus, tmp_path: Path) -> None:
    service = fresh(corpus, tmp_path)
    works(service)
    directory = index_dir(service)
    service.close()
    for path in directory.iterdir():
        path.unlink()
    directory.rmdir()
    again = fresh(corpus, tmp_path)
    assert works(again) and again.last_build_seconds is not None


def _segment_file(directory: Path) -> Path:
    candidates = [p for p in directory.iterdir() if p.suffix == ".seg"]
    return max(candidates, key=lambda p: p.stat().st_size)


DAMAGE = ["truncate", "corrupt", "delete_file", "manifest", "no_manifest", "nested_manifest",
          "fifo_manifest", "unlisted_file", "vocabulary", "current"]


@pytest.mark.parametrize("damage", DAMAGE)
def test_damaged_index_is_detected_and_rebuilt(corpus: MemoryCorpus, tmp_path: Path, damage: str) -> None:
    service = fresh(corpus, tmp_path)
    works(service)
    service.close()
    directory = index_dir(service)
    target = _segment_file(directory)
    manifest = directory / idx.MANIFEST
    if damage == "truncate":
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif damage == "corrupt":
        data = bytearray(target.read_bytes())
        for i in range(0, len(data), 7):
            data[i] ^= 0x5A
        target.write_bytes(bytes(data))
    elif damage == "delete_file":
        target.unlink()
    elif damage == "manifest":
        manifest.write_text("{not json")
    elif damage == "no_manifest":
        manifest.unlink()
    elif damage == "nested_manifest":
        manifest.write_text("[" * 200_000 + "]" * 200_000)
    elif damage == "fifo_manifest":
        manifest.unlink()
        os.mkfifo(manifest)
    elif damage == "unlisted_file":
        (directory / "_MAIN_99.toc").write_bytes(b"left by an interrupted update")
    elif damage == "vocabulary":
        (directory / idx.SIDE).write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    else:
        (tmp_path / "index" / idx.CURRENT).write_text("ix-../../elsewhere")
    if damage != "current":
        with pytest.raises(idx.IndexUnusable):
            idx.verify(directory)
    again = fresh(corpus, tmp_path)
    assert works(again)
    assert again.last_build_seconds is not None
    idx.verify(index_dir(again))


def test_damage_behind_a_valid_manifest_is_caught_at_search_time(corpus: MemoryCorpus, tmp_path: Path) -> None:
    """Damage the manifest cannot see (it was rewritten to match) still leads to a rebuild."""
    service = fresh(corpus, tmp_path)
    works(service)
    service.close()
    directory = index_dir(service)
    target = _segment_file(directory)
    target.write_bytes(b"\0" * target.stat().st_size)
    manifest = json.loads((directory / idx.MANIFEST).read_text())
    manifest["files"][target.name]["sha256"] = idx._file_digest(target)
    (directory / idx.MANIFEST).write_text(json.dumps(manifest))
    again = fresh(corpus, tmp_path)
    assert works(again)
    assert again.last_build_seconds is not None


def test_segment_truncated_under_a_running_search_is_no_crash(corpus: MemoryCorpus, tmp_path: Path) -> None:
    """whoosh reads through mmap by default: a truncated segment would be SIGBUS. Here it is a rebuild."""
    service = fresh(corpus, tmp_path)
    assert works(service)
    for segment in index_dir(service).glob("*.seg"):
        with segment.open("r+b") as handle:
            handle.truncate(16)
    service.ensure_open().postings._cache.clear()
    assert works(service)
    assert works(service)


def test_stale_indexes_and_abandoned_builds_are_cleaned(corpus: MemoryCorpus, tmp_path: Path) -> None:
    root = tmp_path / "index"
    (root / "ix-old").mkdir(parents=True)
    (root / "ix-old" / "x.seg").write_text("old")
    abandoned = root / ".tmp-1-abc"
    abandoned.mkdir()
    an_hour_ago = time.time() - 3600
    os.utime(abandoned, (an_hour_ago, an_hour_ago))
    building = root / ".tmp-2-def"  # another process may be building right now
    building.mkdir()
    service = fresh(corpus, tmp_path)
    works(service)
    assert sorted(p.name for p in root.iterdir() if p.is_dir()) == sorted([index_dir(service).name, building.name])


def test_prebuilt_index_is_used_when_it_holds_what_is_wanted(corpus: MemoryCorpus, tmp_path: Path) -> None:
    builder = fresh(corpus, tmp_path / "build")
    shipped = tmp_path / "bundled" / "index"
    builder.export_index(shipped)
    for path in shipped.rglob("*"):
        path.chmod(stat.S_IRUSR | (stat.S_IXUSR if path.is_dir() else 0))
    try:
        user = SearchService(corpus, tmp_path / "user", prebuilt_dirs=[shipped])
        assert works(user)
        assert user.last_build_seconds is None
        assert not (tmp_path / "user" / "index" / idx.CURRENT).exists()
        # A different corpus is not what was shipped: built in the cache instead.
        other = SearchService(MemoryCorpus(small_programmes()[1:]), tmp_path / "user", prebuilt_dirs=[shipped])
        assert works(other) and other.last_build_seconds is not None
    finally:
        for path in shipped.rglob("*"):
            path.chmod(stat.S_IRWXU)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_unwritable_cache_falls_back_to_memory(corpus: MemoryCorpus, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        service = SearchService(corpus, cache)
        assert works(service)
        assert service.in_memory
    finally:
        cache.chmod(stat.S_IRWXU)


def test_searcher_failure_rebuilds_once(corpus: MemoryCorpus, tmp_path: Path) -> None:
    service = fresh(corpus, tmp_path)
    works(service)
    opened = service.ensure_open()

    class Broken:
        def search(self, *a: object, **k: object) -> None:
            raise OSError("disk went away")

        def stored_fields(self, *a: object, **k: object) -> None:
            raise OSError("disk went away")

        def close(self) -> None:
            return None

    opened.searcher = Broken()
    opened.postings._cache.clear()
    assert works(service)


def test_cache_that_cannot_hold_a_directory_falls_back_to_memory(corpus: MemoryCorpus, tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    service = SearchService(corpus, blocked)
    assert works(service)
    assert service.in_memory


# --- kill -9 in the middle of an incremental update -------------------------------

KILL_POINTS = ["after_manifest_removed", "after_delete_commit", "after_segment_commit", "before_manifest"]

_CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from canvass_app.search import index as idx
    from canvass_app.search.memory import MemoryCorpus
    from canvass_app.search.service import SearchService
    from tests.core.test_search_index import extra_programme
    from tests.core.test_search_service import small_programmes

    point = {point!r}
    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "after_manifest_removed":
        original_fsync = idx._fsync_dir
        def fsync(directory):
            original_fsync(directory)
            if not (directory / idx.MANIFEST).exists():
                die()
        idx._fsync_dir = fsync
    elif point == "after_delete_commit":
        original_remove = idx._Writer.remove
        def remove(self, ids, cards):
            original_remove(self, ids, cards)
            if ids:
                die()
        idx._Writer.remove = remove
    elif point == "after_segment_commit":
        original_add = idx._Writer.add
        def add(self, owner, documents):
            original_add(self, owner, documents)
            die()
        idx._Writer.add = add
    else:
        def write_manifest(*args):
            die()
        idx._write_manifest = write_manifest

    service = SearchService(MemoryCorpus([*small_programmes(), extra_programme("c-2026", "Lindenhof")]), Path({cache!r}))
    service.ensure_open()
    print("survived")
    """
)


@pytest.mark.parametrize("point", KILL_POINTS)
def test_kill_during_an_incremental_update_leaves_a_detected_damage_or_a_complete_index(
    tmp_path: Path, point: str
) -> None:
    before = [*small_programmes(), extra_programme("b-2026", "Kastanienallee")]
    first = fresh(MemoryCorpus(before), tmp_path)
    assert first.search("Kastanienallee").hits
    first.close()
    # The update replaces b with c: a delete and an add, killed at ``point``.
    child = subprocess.run(
        [sys.executable, "-c", _CHILD.format(repo=str(REPO), point=point, cache=str(tmp_path))],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    directory = idx.current_dir(tmp_path / "index")
    assert directory is not None
    try:
        manifest = idx.verify(directory)
    except idx.IndexUnusable:
        manifest = None
    if manifest is not None:
        # Verified: it must hold exactly what its manifest says, nothing silently missing.
        opened = idx.open_verified(directory)
        held = {opened.searcher.stored_fields(n).get("programme") for n in range(opened.searcher.doc_count_all())}
        opened.close()
        assert held - {""} == set(manifest["programmes"])
    after = MemoryCorpus([*small_programmes(), extra_programme("c-2026", "Lindenhof")])
    service = fresh(after, tmp_path)
    assert [h.programme for h in service.search("Lindenhof").hits] == ["c-2026", "c-2026"]
    assert service.search("Kastanienallee").hits == []
    assert works(service)


def test_analyzer_change_rebuilds_in_the_background_while_the_old_index_answers(
    corpus: MemoryCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    first = fresh(corpus, tmp_path)
    assert works(first)
    old = index_dir(first)
    first.close()
    from canvass_app.search import index as index_module
    from canvass_app.search import service as service_module

    monkeypatch.setattr(service_module, "ANALYZER_VERSION", "other")
    monkeypatch.setattr(index_module, "ANALYZER_VERSION", "other")
    gate = threading.Event()
    real_build = idx.build

    def slow_build(*args: object, **kwargs: object) -> Path:
        assert gate.wait(30)
        return real_build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(idx, "build", slow_build)
    service = fresh(corpus, tmp_path)
    service.background_rebuilds = True
    assert works(service)  # answered at once, by the old index
    assert index_dir(service) == old
    assert works(service)
    gate.set()
    service.wait_for_background_build(30)
    assert works(service)
    new = index_dir(service)
    assert new != old and json.loads((new / idx.MANIFEST).read_text())["analyzer"] == "other"
    assert not old.exists()


def _segment_ids(service: SearchService) -> set[str]:
    from whoosh.filedb.filestore import FileStorage

    ix = FileStorage(str(index_dir(service))).open_index()
    try:
        return {s.segment_id() for s in ix._segments()}
    finally:
        ix.close()


def _side_rows(service: SearchService) -> dict[str, list[tuple[object, ...]]]:
    db = service.ensure_open().index.side.db
    return {
        "terms": db.execute("SELECT field, term, df FROM terms ORDER BY field, term").fetchall(),
        "surfaces": db.execute("SELECT stem, surface, n FROM surfaces ORDER BY stem, surface").fetchall(),
    }


def test_a_tiered_merge_leaves_the_results_unchanged(tmp_path: Path, written: list[idx.WriteStats]) -> None:
    base = small_programmes()
    extras = [extra_programme(f"x{n}-2026", word) for n, word in enumerate(
        ["Zwiebelturm", "Kastanienallee", "Lindenhof", "Sonnenwinkel", "Mühlenbach", "Ahornweg", "Birkenhain"]
    )]
    incremental = fresh(MemoryCorpus(base), tmp_path / "inc")
    incremental.ensure_open()
    segments_seen = [len(_segment_ids(incremental))]
    for n in range(1, len(extras) + 1):
        incremental.corpus = MemoryCorpus([*base, *extras[:n]])
        incremental.ensure_open()
        segments_seen.append(len(_segment_ids(incremental)))
    # Each import writes a small segment next to the build's bigger one; once the small
    # tier holds MERGE_FACTOR segments, the next import merges them with its own.
    assert sum(s.segments_written for s in written) == len(extras) + 1
    assert sum(s.segments_merged for s in written) == idx.MERGE_FACTOR
    assert segments_seen == [1, 2, 3, 4, 5, 6, 7, 2]
    # Removing a programme whose documents now live in the merged segment.
    final = MemoryCorpus([*base, *extras[:2], *extras[3:]])
    incremental.corpus = final
    incremental.ensure_open()
    rebuilt = fresh(final, tmp_path / "full")
    queries = [*QUERIES, "Sonnenwinkel", "Mühlenbach", "Ahornweg", "Birkenhain", "Birkenhian", '"Quartier Ahornweg"']
    assert _results(incremental, queries) == _results(rebuilt, queries)
    assert _side_rows(incremental) == _side_rows(rebuilt)
    assert _results(fresh(final, tmp_path / "inc"), queries) == _results(rebuilt, queries)


def test_a_build_split_into_several_segments_answers_as_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: list[idx.WriteStats]
) -> None:
    programmes = [*small_programmes(), extra_programme("a-2026", "Zwiebelturm"), extra_programme("b-2026", "Lindenhof")]
    whole = fresh(MemoryCorpus(programmes), tmp_path / "whole")
    queries = [*QUERIES, '"Quartier Zwiebelturm"']
    expected = _results(whole, queries)
    assert written[-1].segments_written == 1
    monkeypatch.setattr(idx, "_SEGMENT_POSTINGS", 10)  # a new segment after every programme
    split = fresh(MemoryCorpus(programmes), tmp_path / "split")
    assert _results(split, queries) == expected
    assert written[-1].segments_written == len(programmes)
    assert len(_segment_ids(split)) == len(programmes)
    assert _side_rows(split) == _side_rows(whole)


def test_the_fast_writer_writes_what_whoosh_itself_writes() -> None:
    """Postings, weights, stored fields and lengths byte for byte as whoosh's own add_document."""
    from whoosh.filedb.filestore import RamStorage

    texts = [
        "Start-ups in Dortmund stärker fördern; Gründer*innen und Arbeitnehmer_innen, z.B. 4.0 und CO2-Ausstoß.",
        "Wir fördern, fördern und fördern: Förderung der Förderer im Quartier Quartier.",
        "Mikro-Depots, Lastenräder und E-Bikes für die Innenstadt – Innenstadt bleibt lebendig.",
        "",
    ]
    documents = [
        idx.Document(id=f"d{n}", type="passage", text=text, heading=heading, programme=f"p{n % 2}", section="s1",
                     body=text, lead_in=lead_in)
        for n, (text, heading, lead_in) in enumerate(
            (t, h, li) for t in texts for h in ("", "Gute Arbeit für alle", "Start-ups") for li in (None, "Dafür werden wir")
        )
    ]
    documents.append(idx.Document(id="card", type="card", text="Radwege", heading="Radwege bauen", exact="Radwege bauen Radwege"))

    def dump(fast: bool) -> object:
        storage = RamStorage()
        ix = storage.create_index(idx.schema())
        writer = idx._writer(ix)
        adder = idx._FastDocuments(writer)
        assert adder.fast
        adder.fast = fast
        from collections import Counter

        terms: dict[str, Counter[str]] = {f: Counter() for f in idx._INDEXED_FIELDS}
        surfaces: Counter[tuple[str, str]] = Counter()
        for document in documents:
            adder.add(document, terms, surfaces)
        writer.commit()
        reader = storage.open_index().reader()
        postings = []
        for fieldname in ("id", "type", "programme", *idx._INDEXED_FIELDS):
            for term in reader.lexicon(fieldname):
                matcher = reader.postings(fieldname, term)
                while matcher.is_active():
                    postings.append((fieldname, term, matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
        stored = [reader.stored_fields(d) for d in range(reader.doc_count_all())]
        lengths = [[reader.doc_field_length(d, f) for f in idx._INDEXED_FIELDS] for d in range(reader.doc_count_all())]
        return postings, stored, lengths, terms, surfaces

    fast, slow = dump(True), dump(False)
    assert fast == slow
    assert any(p[0] == "text" and p[3] > 1 for p in fast[0])  # a word met twice in one passage is among them


def _downgrade_to_format_5(directory: Path) -> None:
    """Rewrite a current index's side store as format 5 kept it (typo rows by text), as an older Canvass left it."""
    import sqlite3

    db = sqlite3.connect(directory / idx.SIDE)
    rows = db.execute("SELECT variant, words.word FROM deletes JOIN words ON words.id = deletes.word").fetchall()
    db.executescript("DROP TABLE deletes; DROP TABLE words; DROP TABLE owners;"
                     "CREATE TABLE deletes (variant TEXT NOT NULL, term TEXT NOT NULL, PRIMARY KEY (variant, term)) WITHOUT ROWID;")
    db.executemany("INSERT INTO deletes VALUES (?, ?)", rows)
    db.commit()
    db.close()
    manifest = json.loads((directory / idx.MANIFEST).read_text())
    state = {k: manifest[k] for k in ("analyzer", "programmes", "cards")}
    (directory / idx.MANIFEST).unlink()
    idx._write_manifest(directory, state, manifest["documents"])
    manifest = json.loads((directory / idx.MANIFEST).read_text())
    manifest["format"] = 5
    (directory / idx.MANIFEST).write_text(json.dumps(manifest))


def test_an_index_of_the_previous_format_answers_while_its_successor_is_built(
    corpus: MemoryCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    first = fresh(corpus, tmp_path)
    assert works(first)
    old = index_dir(first)
    first.close()
    _downgrade_to_format_5(old)
    with pytest.raises(idx.IndexUnusable):  # never updated in place
        idx.update(old, idx.verify(old), idx.Change(removed={"x"}))
    gate = threading.Event()
    real_build = idx.build

    def slow_build(*args: object, **kwargs: object) -> Path:
        assert gate.wait(30)
        return real_build(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(idx, "build", slow_build)
    service = fresh(corpus, tmp_path)
    service.background_rebuilds = True
    assert works(service)  # the old index answers meanwhile, typos too
    assert index_dir(service) == old
    assert any("Reparaturprämie" in h.text for h in service.search("Reperaturprämie").hits)
    gate.set()
    service.wait_for_background_build(30)
    assert works(service)
    new = index_dir(service)
    assert new != old and not old.exists()
    assert json.loads((new / idx.MANIFEST).read_text())["format"] == idx.FORMAT
    # Without a background builder (the CLI), an old index is rebuilt at once.
    service.close()
    _downgrade_to_format_5(new)
    monkeypatch.setattr(idx, "build", real_build)
    cli = fresh(corpus, tmp_path)
    assert works(cli) and cli.last_build_seconds is not None
    assert json.loads((index_dir(cli) / idx.MANIFEST).read_text())["format"] == idx.FORMAT
