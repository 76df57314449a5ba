"""Index lifecycle: built once, reused, rebuilt when missing, truncated, corrupt or out of date."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest

from canvass_app.search import index as idx
from canvass_app.search.memory import MemoryCorpus
from canvass_app.search.service import SearchService
from tests.core.test_search_service import small_programmes


@pytest.fixture
def corpus() -> MemoryCorpus:
    return MemoryCorpus(small_programmes())


def index_dir(service: SearchService) -> Path:
    return service.root / service.key()


def works(service: SearchService) -> bool:
    return any("Glasfasernetz" in h.text for h in service.search("Glasfaser").hits)


def fresh(corpus: MemoryCorpus, cache: Path) -> SearchService:
    return SearchService(corpus, cache)


def test_built_on_first_use_then_reused(corpus: MemoryCorpus, tmp_path: Path) -> None:
    first = fresh(corpus, tmp_path)
    assert not (tmp_path / "index").exists()
    assert works(first)
    assert first.last_build_seconds is not None
    manifest = json.loads((index_dir(first) / idx.MANIFEST).read_text())
    assert manifest["key"] == first.key() and manifest["documents"] == len(corpus.passages())
    second = fresh(corpus, tmp_path)
    assert works(second)
    assert second.last_build_seconds is None  # opened, not rebuilt


def test_key_covers_corpus_and_analyzer(corpus: MemoryCorpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = fresh(corpus, tmp_path).key()
    assert fresh(MemoryCorpus(small_programmes()[:1]), tmp_path).key() != key
    from canvass_app.search import service as service_module

    monkeypatch.setattr(service_module, "ANALYZER_VERSION", "other")
    assert fresh(corpus, tmp_path).key() != key


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
    candidates = [p for p in directory.iterdir() if p.suffix == ".seg" or p.name.endswith(".trm")]
    candidates = candidates or [p for p in directory.iterdir() if p.name not in (idx.MANIFEST, idx.SURFACES)]
    return max(candidates, key=lambda p: p.stat().st_size)


@pytest.mark.parametrize("damage", ["truncate", "corrupt", "delete_file", "manifest", "no_manifest"])
def test_damaged_index_is_detected_and_rebuilt(corpus: MemoryCorpus, tmp_path: Path, damage: str) -> None:
    service = fresh(corpus, tmp_path)
    works(service)
    service.close()
    directory = index_dir(service)
    target = _segment_file(directory)
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
        (directory / idx.MANIFEST).write_text("{not json")
    else:
        (directory / idx.MANIFEST).unlink()
    with pytest.raises(idx.IndexUnusable):
        idx.verify(directory, service.key())
    again = fresh(corpus, tmp_path)
    assert works(again)
    assert again.last_build_seconds is not None
    idx.verify(directory, service.key())


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


def test_stale_indexes_and_abandoned_builds_are_cleaned(corpus: MemoryCorpus, tmp_path: Path) -> None:
    root = tmp_path / "index"
    (root / "oldkey").mkdir(parents=True)
    (root / "oldkey" / "x.seg").write_text("old")
    abandoned = root / ".tmp-oldkey-1-abc"
    abandoned.mkdir()
    an_hour_ago = time.time() - 3600
    os.utime(abandoned, (an_hour_ago, an_hour_ago))
    building = root / ".tmp-otherkey-2-def"  # another process may be building right now
    building.mkdir()
    service = fresh(corpus, tmp_path)
    works(service)
    assert sorted(p.name for p in root.iterdir()) == sorted([service.key(), building.name])


def test_prebuilt_index_is_used_when_its_key_matches(corpus: MemoryCorpus, tmp_path: Path) -> None:
    builder = fresh(corpus, tmp_path / "build")
    shipped = tmp_path / "bundled" / "index"
    builder.export_index(shipped)
    for path in shipped.rglob("*"):
        path.chmod(stat.S_IRUSR | (stat.S_IXUSR if path.is_dir() else 0))
    try:
        user = SearchService(corpus, tmp_path / "user", prebuilt_dirs=[shipped])
        assert works(user)
        assert user.last_build_seconds is None
        assert not (tmp_path / "user" / "index").exists()
        # A different corpus does not match the shipped key: built in the cache instead.
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

        def close(self) -> None:
            return None

    opened.searcher = Broken()
    assert works(service)


def test_concurrent_build_of_the_same_key_keeps_a_valid_index(corpus: MemoryCorpus, tmp_path: Path) -> None:
    service = fresh(corpus, tmp_path)
    key = service.key()
    documents = service._documents([])
    idx.build(tmp_path / "index" / key, key, documents)
    idx.build(tmp_path / "index" / key, key, documents)  # second one finds the first in place
    idx.verify(tmp_path / "index" / key, key)
    assert [p.name for p in (tmp_path / "index").iterdir()] == [key]


def test_cache_that_cannot_hold_a_directory_falls_back_to_memory(corpus: MemoryCorpus, tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    service = SearchService(corpus, blocked)
    assert works(service)
    assert service.in_memory
