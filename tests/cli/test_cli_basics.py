"""The `canvass` command: version, help, and the data directory it uses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from canvass_app import __version__


def run_canvass(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None):  # type: ignore[no-untyped-def]
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
    )


def _snapshot(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")} if root.exists() else set()


def test_version_with_data_dir_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "x"
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "share")}
    result = run_canvass("--data-dir", str(target), "--version", env=env, cwd=tmp_path)
    assert result.returncode == 0
    assert __version__ in result.stdout
    assert _snapshot(home) == set()
    assert not target.exists() or _snapshot(target) == set()


def test_version_with_environment_variable(tmp_path: Path) -> None:
    target = tmp_path / "x"
    home = tmp_path / "home"
    home.mkdir()
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / "share"), "CANVASS_DATA_DIR": str(target)}
    result = run_canvass("--version", env=env, cwd=tmp_path)
    assert result.returncode == 0
    assert __version__ in result.stdout
    assert _snapshot(home) == set()


def test_help_lists_the_global_options() -> None:
    result = run_canvass("--help")
    assert result.returncode == 0
    assert "--data-dir" in result.stdout
    assert "--version" in result.stdout


def test_unknown_option_is_one_line_and_exit_2() -> None:
    result = run_canvass("--bogus")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "Fehler" in result.stderr


def test_usage_errors_are_one_german_line(tmp_path: Path) -> None:
    """argparse's own messages ("unrecognized arguments", "invalid choice", "the following
    arguments are required", "invalid int value") come out in German, one line, exit 2."""
    data = str(tmp_path / "d")
    cases = {
        ("search", "Kita", "--bogus"): "unbekannte Angabe: --bogus",
        ("frobnicate",): "'frobnicate' gibt es nicht",
        ("import", "x.txt"): "es fehlt: --id",
        ("search", "Kita", "--limit", "abc"): "'abc' ist keine gültige Angabe",
        ("search", "Kita", "--limit"): "--limit braucht einen Wert",
    }
    for args, german in cases.items():
        result = run_canvass("--data-dir", data, *args)
        assert result.returncode == 2, args
        line = result.stderr.strip()
        assert "\n" not in line and german in line, line
        assert not any(english in line for english in ("argument", "invalid", "required", "expected", "choose")), line


def test_data_dir_resolution_order(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from canvass_app import paths

    monkeypatch.setenv("CANVASS_DATA_DIR", str(tmp_path / "env"))
    assert paths.user_data_dir(str(tmp_path / "arg")) == (tmp_path / "arg").resolve()
    assert paths.user_data_dir() == (tmp_path / "env").resolve()
    monkeypatch.delenv("CANVASS_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert paths.user_data_dir() == tmp_path / "xdg" / "canvass"
