"""The self-test: every step runs for real, and a broken step fails with one German line naming it."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from canvass_app.errors import CanvassError
from canvass_app.ui import selftest


def test_self_test_runs_every_step_for_real(tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path / "xdg"), HOME=str(tmp_path / "home"))
    result = subprocess.run(
        [sys.executable, "-m", "canvass_app.ui.app", "--self-test", "--data-dir", str(scratch)],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for name, _ in selftest.STEPS:
        assert f"ok  {name} (" in result.stdout, f"step {name!r} did not pass:\n{result.stdout}"
    assert "Selbsttest bestanden" in result.stdout
    # It worked in a temporary directory and left neither that nor user data behind.
    assert list(scratch.iterdir()) == []
    assert not (tmp_path / "xdg").exists()
    assert not (tmp_path / "home").exists()


def _fake_steps(calls: list[str], failure: BaseException) -> list[tuple[str, object]]:
    def good(ctx: object) -> str:
        calls.append("erster")
        return "gut"

    def bad(ctx: object) -> str:
        calls.append("zweiter")
        raise failure

    def never(ctx: object) -> str:
        calls.append("dritter")
        return "nie"

    return [("Erster Schritt", good), ("Zweiter Schritt", bad), ("Dritter Schritt", never)]


@pytest.mark.parametrize(
    ("failure", "shown"),
    [
        (RuntimeError("kaputt\nzweite Zeile"), "RuntimeError: kaputt zweite Zeile"),
        (selftest.StepFailed("Die Suche findet nichts."), "Die Suche findet nichts."),
        (CanvassError("Datei fehlt; bitte neu installieren."), "Datei fehlt; bitte neu installieren."),
    ],
)
def test_first_failure_stops_with_one_german_line_naming_the_step(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    failure: BaseException,
    shown: str,
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(selftest, "STEPS", _fake_steps(calls, failure))

    assert selftest.run(tmp_path) == 1

    out, err = capsys.readouterr()
    assert calls == ["erster", "zweiter"]
    assert err.splitlines() == [f"Selbsttest fehlgeschlagen im Schritt „Zweiter Schritt“: {shown}"]
    assert "ok  Erster Schritt" in out
    assert "bestanden" not in out
    assert list(tmp_path.iterdir()) == []


def test_a_service_that_exists_but_breaks_fails_the_step(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from canvass_app.notes.store import NoteStore

    real_get = NoteStore.get

    def garbling_get(self: NoteStore, note_id: str):  # type: ignore[no-untyped-def]
        note = real_get(self, note_id)
        return dataclasses.replace(note, text=note.text.upper())

    monkeypatch.setattr(NoteStore, "get", garbling_get)
    monkeypatch.setattr(
        selftest, "STEPS", [s for s in selftest.STEPS if s[0] == "Notiz schreiben und lesen"]
    )

    assert selftest.run(tmp_path) == 1

    err = capsys.readouterr().err
    assert "„Notiz schreiben und lesen“" in err
    assert "liest sich anders zurück" in err


def test_a_missing_system_library_names_it_and_the_packages() -> None:
    error = ImportError("libGL.so.1: cannot open shared object file: No such file or directory")
    hint = selftest.missing_library_hint(error)
    assert hint.startswith("Die Systembibliothek libGL.so.1 fehlt; ")
    assert "sudo apt install libgl1 libegl1" in hint
    assert "\n" not in hint
