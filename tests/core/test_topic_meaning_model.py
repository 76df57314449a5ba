"""The meaning signal of topics with the real model (skipped where it cannot load): what each
field's description and examples make of pledges no term of its own decides alone.

The model runs in a process of its own, as the embedding tests' network check does: loaded into
the test process it would stay there, and every process the later tests start (the hostile
files' imports measure their peak memory) would begin as large as it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from canvass_app.search import embedding

REPO_ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = """
import json, sys, tempfile
from pathlib import Path
from canvass_app.content.topics import Taxonomy, assign, contexts
from canvass_app.corpus.model import Passage, Programme, Section
from canvass_app.library import Library
from canvass_app.search.embedding import embedder_status, load_embedder

title, texts = json.loads(sys.argv[1])
model = load_embedder()
if model is None:
    print(json.dumps({"skip": embedder_status()}))
    raise SystemExit(0)
with tempfile.TemporaryDirectory() as tmp:
    topics = Library(Path(tmp)).content.topics()
taxonomy = Taxonomy(topics)
passages = tuple(
    Passage(id=f"p:{j}", programme_id="p", section_id="s0", kind="paragraph", text=t) for j, t in enumerate(texts)
)
programme = Programme(id="p", party="P", title="T", year=2024, sections=(Section(id="s0", title=title, passages=passages),))
result = assign(topics, contexts([programme]), [], embedder=model)
print(json.dumps({"fields": [sorted({taxonomy.field_of.get(t, t) for t in result[f"p:{j}"]}) for j in range(len(texts))]}))
"""


def _fields_with_meaning(title: str, texts: list[str]) -> list[set[str]]:
    env = {**os.environ, embedding.ENABLE_VARIABLE: "1", "PYTHONPATH": str(REPO_ROOT)}
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps([title, texts])],
        capture_output=True, text=True, timeout=300, cwd=REPO_ROOT, env=env,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    answer = json.loads(run.stdout.strip().splitlines()[-1])
    if "skip" in answer:
        pytest.skip(answer["skip"])
    return [set(fields) for fields in answer["fields"]]


def test_meaning_keeps_welfare_pledges_in_the_social_field() -> None:
    """Under a heading on poverty, a pledge against cut-off power or for the food banks stays
    Soziales: meaning must not read it as energy or care (the field's examples speak of welfare)."""
    pledges = [
        "Wir setzen uns ein für ein Recht auf Energie und das Ende der Stromsperren bei säumigen Haushalten.",
        "Die Stadt soll die Arbeit der Tafel mit einem Lager und einem Zuschuss unterstützen.",
    ]
    for text, fields in zip(pledges, _fields_with_meaning("Armut bekämpfen", pledges), strict=True):
        assert "soziales" in fields, text


def test_meaning_leaves_a_partys_portrait_of_itself_to_the_fallback() -> None:
    """Who the party is and what it did in the council names no field: meaning puts it with the
    fallback's examples (greetings, the party's record and people), not in the field of a stray word."""
    portraits = [
        "Wir sind durch kein Parteibuch gebunden und entscheiden sachlich, nur im Auftrag unserer Wählerinnen und Wähler.",
        "Seit vielen Jahren arbeiten unsere Mitglieder mit großem Einsatz im Gemeinderat für die Menschen in allen Ortsteilen.",
    ]
    for text, fields in zip(portraits, _fields_with_meaning("Wer wir sind", portraits), strict=True):
        assert fields == {"allgemeines"}, text
