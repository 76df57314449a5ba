"""Keep the garbage collector's full collections short while a large library is loaded.

A full collection holds the interpreter lock for as long as it walks every object it
tracks. With a 10 MB library loaded (an index, fifty programmes, their topic
assignment: hundreds of thousands of objects) that took 55-110 ms, started by whichever
thread happened to allocate, and the window could run no Python meanwhile: the longest
freezes of the window were exactly those collections (``bench_ui.py`` names them).

:func:`settle` hands what has been loaded for good to the permanent generation, which
the automatic collections never walk: from then on they walk only what is newer.
Frozen objects are still freed by reference counting as soon as nothing refers to them;
only a reference cycle among them would never be collected, and the young generations
(where fresh cycles are) are collected first.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect the young generations (about a millisecond), then freeze every surviving object."""
    gc.collect(1)
    gc.freeze()
