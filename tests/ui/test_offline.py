"""The app never opens a network connection: the whole self-test runs with sockets forbidden."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

_NO_NETWORK = textwrap.dedent(
    """
    import socket, sys

    class _Refused(OSError):
        "Raised instead of any connection."

    def _refuse(*args, **kwargs):
        raise _Refused("network use is forbidden in Canvass")

    class _NoSocket(socket.socket):
        def connect(self, *args, **kwargs):
            if self.family in (socket.AF_INET, socket.AF_INET6):
                _refuse()
            return super().connect(*args, **kwargs)

    socket.socket = _NoSocket
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
    sys.argv = ["canvass-app", "--self-test", "--data-dir", sys.argv[1]]
    from canvass_app.ui.app import main
    sys.exit(main())
    """
)


def test_self_test_passes_with_the_network_forbidden(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _NO_NETWORK, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Selbsttest bestanden" in result.stdout
    assert "forbidden" not in result.stdout + result.stderr


def test_no_module_uses_qt_network() -> None:
    sources = [p.read_text(encoding="utf-8") for p in (REPO_ROOT / "canvass_app").rglob("*.py")]
    assert not any("QtNetwork" in text or "QNetworkAccessManager" in text for text in sources)
    assert not any("import urllib.request" in text or "import requests" in text for text in sources)
