"""Benchmark of the notes store: add, search, edit, delete (with its index rebuild), export, import, open."""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from canvass_app.notes.store import NoteStore

WORDS = [
    *("Radweg", "Kita", "Miete", "Bus", "Schule", "Park", "Sauberkeit", "Hafen", "Nordstadt"),
    *("Ampel", "Müll", "Spielplatz", "Steuer", "Bürgeramt", "Wartezeit", "Sportverein"),
    *("Bibliothek", "Nachbarschaft", "Lärm", "Baustelle"),
]


def _timed(label: str, count: int, action) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    for i in range(count):
        action(i)
    elapsed = time.perf_counter() - start
    print(f"{label:<34} {count:>6} × {1000 * elapsed / count:8.2f} ms")


def bench(size: int, rng: random.Random) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "notes.db"
        print(f"--- {size} notes ---")
        ids: list[str] = []
        with NoteStore(path) as store:

            def add(_: int) -> None:
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(5, 60)))
                ids.append(store.add(text, tags=[rng.choice(WORDS)]).id)

            _timed("add (fsync per note)", size, add)
            _timed("search two words", 200, lambda _: store.search("radweg kita"))
            _timed("list all", 20, lambda _: store.list())
            _timed("edit (index optimize)", 50, lambda i: store.edit(ids[i], text=f"neu {i}"))
            _timed("delete (index rebuild, scrub)", 50, lambda i: store.delete(ids[-1 - i]))
            _timed("export all", 5, lambda i: store.export(Path(tmp) / f"e{i}.json"))
        print(f"file size: {path.stat().st_size / 1024:.0f} KiB")
        with NoteStore(Path(tmp) / "other.db") as other:
            exported = Path(tmp) / "e0.json"
            _timed("import all into empty store", 1, lambda _: other.import_file(exported))
            _timed("import same file again", 1, lambda _: other.import_file(exported))

        def reopen(_: int) -> None:
            with NoteStore(path) as again:
                again.list(tag="Kita")

        _timed("open (integrity check, copy) + close", 10, reopen)


def main() -> None:
    rng = random.Random(1)
    for size in (500, 5000):
        bench(size, rng)


if __name__ == "__main__":
    main()
