"""Every deferred call of the app names the widget it belongs to.

``QTimer.singleShot(ms, callable)`` without a receiver fires even after the widget the callable
touches was deleted (a window closed quickly, a view replaced), and the call then fails on a
deleted C++ object. With a receiver, ``QTimer.singleShot(ms, widget, callable)``, Qt drops the
call together with the widget. Seen once: the reader's scroll to the passage after its page was
set, fired after the window had closed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import canvass_app

APP = Path(canvass_app.__file__).resolve().parent


def _receiverless_single_shots() -> list[str]:
    found = []
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "singleShot"
                and len(node.args) + len(node.keywords) < 3
            ):
                found.append(f"{path.relative_to(APP)}:{node.lineno}")
    return found


def test_every_single_shot_timer_names_its_receiver() -> None:
    assert _receiverless_single_shots() == []


def test_the_check_finds_a_timer_without_a_receiver(tmp_path: Path) -> None:
    # The check itself: a call of the kind it forbids is found, one with a receiver is not.
    bad = ast.parse("QTimer.singleShot(0, lambda: view.scroll())")
    good = ast.parse("QTimer.singleShot(0, view, lambda: view.scroll())")
    def count(tree: ast.AST) -> int:
        return sum(
            1
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "singleShot"
            and len(n.args) + len(n.keywords) < 3
        )
    assert count(bad) == 1 and count(good) == 0
