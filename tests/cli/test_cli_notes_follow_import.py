"""A note on an imported programme's passage follows it through a re-import, and survives removal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def canvass(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _write(path: Path, pledge: str) -> None:
    path.write_text(
        "# Wohnen in Beispielstadt\n\n"
        "Wir wollen bezahlbare Wohnungen für alle Menschen in unserer Stadt schaffen.\n\n"
        f"- {pledge}\n",
        encoding="utf-8",
    )


def test_note_follows_a_changed_passage_and_is_kept_when_the_programme_goes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    source = tmp_path / "programm.md"
    _write(source, "einen Mietspiegel für alle Stadtteile jedes Jahr neu erstellen und veröffentlichen.")
    meta = ["--id", "beispiel-2026", "--party", "Beispielpartei", "--title", "Programm", "--year", "2026"]
    assert canvass(data, "import", str(source), *meta).returncode == 0
    shown = json.loads(canvass(data, "show", "beispiel-2026", "--json").stdout)
    passages = [p for s in shown["sections"] for p in s["passages"]]
    target = next(p for p in passages if "Mietspiegel" in p["text"])
    added = canvass(data, "notes", "add", "Frau K. fragt nach dem Mietspiegel", "--passage", target["id"])
    assert added.returncode == 0, added.stderr
    note_id = added.stdout.strip().split()[-1]

    # The trainer fixes a word; the passage gets a new ID and the note must follow it.
    assert canvass(data, "remove", "beispiel-2026").returncode == 0
    _write(source, "einen Mietspiegel für alle Stadtteile jedes Jahr neu erstellen und online veröffentlichen.")
    assert canvass(data, "import", str(source), *meta).returncode == 0
    shown = json.loads(canvass(data, "show", "beispiel-2026", "--json").stdout)
    new_target = next(
        p for s in shown["sections"] for p in s["passages"] if "Mietspiegel" in p["text"]
    )
    assert new_target["id"] != target["id"]
    notes = json.loads(canvass(data, "notes", "list", "--json").stdout)
    note = next(n for n in notes if n["id"] == note_id)
    assert note["target"] == {"type": "passage", "id": new_target["id"]}

    assert canvass(data, "remove", "beispiel-2026").returncode == 0
    notes = json.loads(canvass(data, "notes", "list", "--json").stdout)
    kept = next(n for n in notes if n["id"] == note_id)
    assert kept["text"] == "Frau K. fragt nach dem Mietspiegel"
