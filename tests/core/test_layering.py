"""The core never imports Qt: every module outside ui/ must import with PySide6 unimportable."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

_PROBE = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    class _BlockQt:
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken6"):
                raise ImportError(f"Qt is forbidden in the core: {name}")
            return None

    sys.meta_path.insert(0, _BlockQt())
    import canvass_app
    failures = []
    count = 0
    for info in pkgutil.walk_packages(canvass_app.__path__, "canvass_app."):
        if info.name == "canvass_app.ui" or info.name.startswith("canvass_app.ui."):
            continue
        count += 1
        try:
            importlib.import_module(info.name)
        except Exception as error:
            failures.append(f"{info.name}: {error!r}")
    print(count)
    for failure in failures:
        print(failure)
    sys.exit(1 if failures else 0)
    """
)


def _run_probe(extra_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env_path = [str(REPO_ROOT)] + ([str(extra_path)] if extra_path else [])
    code = f"import sys; sys.path[:0] = {env_path!r}\n" + _PROBE
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )


def test_core_modules_import_without_qt() -> None:
    result = _run_probe()
    assert result.returncode == 0, result.stdout + result.stderr
    imported = int(result.stdout.splitlines()[0])
    assert imported >= 5, "the probe must actually walk the core modules"


def test_probe_catches_a_core_module_that_imports_qt(tmp_path: Path) -> None:
    # A throwaway copy of the package with one core module leaking Qt must fail.
    import shutil

    copy = tmp_path / "pkg"
    shutil.copytree(REPO_ROOT / "canvass_app", copy / "canvass_app")
    (copy / "canvass_app" / "leaky.py").write_text("from PySide6 import QtCore\n")
    code = f"import sys; sys.path[:0] = [{str(copy)!r}]\n" + _PROBE
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert "canvass_app.leaky" in result.stdout
