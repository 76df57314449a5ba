"""Build the one-folder desktop bundle in dist/: run PyInstaller, add the search index, report.

Usage: ``python packaging/build.py [--archive] [--max-mib N]`` from the repository
(``make package`` does exactly this). Prints the bundle's size, its largest
files, the libraries it expects from the target system and the build time;
with ``--max-mib`` it fails when the bundle outgrows the budget (in MiB, the
unit ``du -sh`` shows), so a new dependency cannot silently double the download.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "canvass.spec"
BUILD = ROOT / "build"

sys.path.insert(0, str(ROOT))

from canvass_app import APP_ID, __version__  # noqa: E402


def prebuild_index(bundled_data: Path) -> str:
    """Write the search index for the bundle's own data into ``bundled_data/index/<key>``.

    The search service builds it exactly as the app would, from the data copied
    into the bundle (so it cannot go stale against it) and in a scratch data
    directory (so no user cards or imports get in). The bundled app opens it
    read-only, so the first search needs no indexing. Its key covers corpus,
    cards, thesaurus and analyzer: after a user imports a programme the app
    builds its own index in the data directory's cache instead.
    """
    from canvass_app.library import Library

    with tempfile.TemporaryDirectory(prefix="canvass-index-") as scratch:
        library = Library(Path(scratch), bundled_dir=bundled_data)
        written = library.search.export_index(bundled_data / "index")
        library.search.close()
    return f"data/index/{written.name}, {folder_size(written) / 1e6:.1f} MB"


def prebuild_vectors(bundled_data: Path) -> str:
    """Write the passage vectors of the bundled programmes into ``bundled_data/vectors``.

    Embedded from the data copied into the bundle, like the index, so the meaning
    search works from the first start; the app computes vectors only for programmes a
    user imports. Without the model (another CPU, no package) nothing is written and
    the bundle searches by words.
    """
    from canvass_app.library import Library
    from canvass_app.search.embedding import embedder_status, load_embedder
    from canvass_app.search.vectors import VectorStore

    os.environ.setdefault("CANVASS_EMBED_THREADS", str(min(2, os.cpu_count() or 1)))
    embedder = load_embedder()
    if embedder is None:
        return f"none ({embedder_status()})"
    target = bundled_data / "vectors"
    with tempfile.TemporaryDirectory(prefix="canvass-vectors-") as scratch:
        library = Library(Path(scratch), bundled_dir=bundled_data)
        store = VectorStore(target, embedder.name, embedder.dimensions)
        from canvass_app.search.vectors import passage_text

        count = 0
        for programme in library.corpus.programmes():
            texts = [passage_text(p) for p in programme.passages()]
            store.programme_changed(str(programme.id), texts, embedder)
            count += len(texts)
    return f"data/vectors, {count} passages, {folder_size(target) / 1e6:.2f} MB"


def prebuild_topic_vectors(bundled_data: Path, embedder: Any = None) -> str:
    """Write the topic vectors of the bundled taxonomy into ``bundled_data/topic-vectors``.

    The meaning signal of topic assignment compares passages with every topic's
    title, description and examples; embedding those once took some 18 s at the
    first start. Written here from the taxonomy copied into the bundle, under the
    same digest the app computes (a trainer's edited topics change it, and the app
    embeds those itself, in the background); the app reads the folder read-only.
    Without the model nothing is written.
    """
    from canvass_app.content.meaning import TopicVectorCache, texts_digest, topic_texts
    from canvass_app.content.topics import Taxonomy
    from canvass_app.library import Library
    from canvass_app.search.embedding import embedder_status, load_embedder

    if embedder is None:
        os.environ.setdefault("CANVASS_EMBED_THREADS", str(min(2, os.cpu_count() or 1)))
        embedder = load_embedder()
        if embedder is None:
            return f"none ({embedder_status()})"
    with tempfile.TemporaryDirectory(prefix="canvass-topics-") as scratch:
        library = Library(Path(scratch), bundled_dir=bundled_data)
        texts = topic_texts(Taxonomy(library.content.topics()))
    rows = [[float(x) for x in _as_list(embedder.embed_query(text))] for _, text in texts]
    target = bundled_data / "topic-vectors"
    TopicVectorCache(target).save(embedder.name, texts_digest(embedder.name, texts), rows)
    return f"data/topic-vectors, {len(rows)} topic texts"


def _as_list(vector: Any) -> list[float]:
    return list(vector.tolist() if hasattr(vector, "tolist") else vector)


def run_pyinstaller(dist: Path) -> None:
    env = dict(os.environ, CANVASS_BUNDLE_NAME=APP_ID)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(SPEC),
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(BUILD / "pyinstaller"),
    ]
    subprocess.run(command, check=True, cwd=ROOT, env=env)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def largest_files(folder: Path, count: int) -> list[tuple[int, str]]:
    sizes = [
        (path.stat().st_size, str(path.relative_to(folder)))
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    ]
    return sorted(sizes, reverse=True)[:count]


def _needed(path: Path) -> list[str]:
    result = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=False)
    return [
        line.split("[", 1)[1].split("]", 1)[0]
        for line in result.stdout.splitlines()
        if "(NEEDED)" in line and "[" in line
    ]


def system_libraries(bundle: Path) -> dict[str, str]:
    """Shared libraries the bundle's files link against but do not carry, with their Debian package."""
    files = [p for p in bundle.rglob("*.so*") if p.is_file() and not p.is_symlink()]
    carried = {p.name for p in bundle.rglob("*.so*")}
    wanted = sorted({name for path in files for name in _needed(path)} - carried)
    packages: dict[str, str] = {}
    for name in wanted:
        owner = subprocess.run(["dpkg", "-S", f"*/{name}"], capture_output=True, text=True, check=False)
        first = owner.stdout.splitlines()[0] if owner.stdout else ""
        packages[name] = first.split(":", 1)[0] if first else "?"
    return packages


def remove_dangling_links(bundle: Path) -> int:
    """PyInstaller links Qt libraries into _internal/; links to ones the prune dropped point nowhere."""
    dangling = [path for path in bundle.rglob("*") if path.is_symlink() and not path.exists()]
    for path in dangling:
        path.unlink()
    return len(dangling)


def write_archive(bundle: Path, dist: Path) -> Path:
    archive = dist / f"{APP_ID}-{__version__}-linux-x86_64.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=bundle.name)
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", default=str(ROOT / "dist"), help="output folder")
    parser.add_argument("--archive", action="store_true", help="also write a .tar.gz")
    parser.add_argument("--max-mib", type=float, default=None, help="fail above this size (MiB)")
    args = parser.parse_args(argv)
    dist = Path(args.dist).resolve()

    started = time.monotonic()
    run_pyinstaller(dist)
    bundle = dist / APP_ID
    for executable in (f"{APP_ID}-app", APP_ID):
        if not (bundle / executable).is_file():
            print(f"build failed: {bundle / executable} is missing", file=sys.stderr)
            return 1
    pyinstaller_seconds = time.monotonic() - started
    dangling = remove_dangling_links(bundle)
    if dangling:
        print(f"removed {dangling} links to pruned libraries")
    index_note = prebuild_index(bundle / "_internal" / "data")
    vectors_note = prebuild_vectors(bundle / "_internal" / "data")
    topics_note = prebuild_topic_vectors(bundle / "_internal" / "data")
    build_seconds = time.monotonic() - started
    print(
        f"search index: {index_note}; passage vectors: {vectors_note}; topic vectors: {topics_note} "
        f"({build_seconds - pyinstaller_seconds:.1f} s)"
    )

    size = folder_size(bundle)
    print(f"\nbundle: {bundle}")
    print("largest files:")
    for file_size, name in largest_files(bundle, 15):
        print(f"  {file_size / 1e6:7.1f} MB  {name}")
    print(f"size: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB) in {sum(1 for _ in bundle.rglob('*'))} files")
    pruned = BUILD / "pruned.txt"
    if pruned.is_file():
        count = len(pruned.read_text(encoding="utf-8").splitlines())
        print(f"left out: {count} unused Qt plugins, translations and libraries (list: {pruned})")
    needed = system_libraries(bundle)
    print("from the target system: " + ", ".join(f"{lib} ({pkg})" for lib, pkg in needed.items()))
    if args.archive:
        archive = write_archive(bundle, dist)
        print(f"archive: {archive.name}, {archive.stat().st_size / 1e6:.1f} MB")
    print(
        f"build time: {build_seconds:.0f} s (PyInstaller {pyinstaller_seconds:.0f} s; "
        f"with report and archive {time.monotonic() - started:.0f} s)"
    )
    if args.max_mib is not None and size / 2**20 > args.max_mib:
        print(f"bundle too large: {size / 2**20:.1f} MiB > {args.max_mib:.0f} MiB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
