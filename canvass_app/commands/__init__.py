"""Subcommands of `canvass`, one module per feature; each exposes ``register(subparsers)``.

A command function receives the parsed arguments and the :class:`Library` and
returns the exit status. It raises :class:`CanvassError` for anything a user did.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from canvass_app.library import Library

Handler = Callable[[argparse.Namespace, Library], int]

# Modules that contribute subcommands, in the order `canvass --help` lists them.
COMMAND_MODULES: list[str] = ["corpus", "notes", "content", "search", "export"]


def print_json(value: Any) -> None:
    """JSON on stdout, UTF-8, stable key order as built (the shapes are a contract)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2))
    sys.stdout.write("\n")
