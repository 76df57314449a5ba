"""Property tests: any bytes as a card pack, notes export, briefing or settings file; any string as an ID.

The only exception a user may meet is CanvassError (a German sentence); an ID
either follows the grammar and names a file directly in its folder, or is refused.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from canvass_app.errors import CanvassError
from canvass_app.export.briefing import load_briefing
from canvass_app.library import Library
from canvass_app.notes.exchange import read_export
from canvass_app.notes.store import NoteStore
from canvass_app.paths import item_path

pytestmark = pytest.mark.slow

WORKDIR = Path(tempfile.mkdtemp(prefix="canvass-properties-"))
_LIBRARY: list[Library] = []

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=40)
    # Lone surrogates: JSON can spell them (\ud800), no file or terminal can hold them.
    | st.text(alphabet=st.characters(categories=["Cs", "Ll", "Cc"]), max_size=6),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)


def _document(format_name: str, list_key: str, item: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    """JSON that gets past the format check, so the fields behind it are exercised too."""
    return st.builds(
        lambda version, items, extra: json.dumps(
            {"format": format_name, "version": version, list_key: items, **extra}
        ).encode("utf-8", "surrogatepass"),
        st.one_of(st.just(1), json_values),
        st.lists(item, max_size=4),
        st.dictionaries(st.sampled_from(["title", "date", "layout", "intro", "exported"]), json_values, max_size=4),
    )


def _fields(keys: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(json_values, st.dictionaries(st.sampled_from(keys), json_values, max_size=len(keys)))


card_packs = st.one_of(
    st.binary(max_size=3000),
    _document("canvass-card-pack", "cards", _fields(["id", "question", "answers", "topics", "tip", "phrasings"])),
)
notes_exports = st.one_of(
    st.binary(max_size=3000),
    _document(
        "canvass-notes",
        "notes",
        _fields(["id", "text", "tags", "target", "created", "updated", "rev", "history", "detached", "conflict_of"]),
    ),
)
texts = st.text(max_size=40) | st.text(alphabet=st.characters(categories=["Cs", "Lu", "Cc", "Zs"]), max_size=8)
valid_notes = st.builds(
    lambda number, text, tags, spelling: {
        "id": spelling(f"{number:032x}"),
        "text": text,
        "tags": tags,
        "target": None,
        "created": "2025-01-01T00:00:00.000Z",
        "updated": "2025-01-01T00:00:00.000Z",
        "rev": "1-a",
        "history": ["1-a"],
    },
    st.integers(min_value=0, max_value=2**128 - 1),
    texts.filter(lambda t: t.strip() != ""),
    st.lists(texts, max_size=3),
    st.sampled_from([str, str.upper, lambda h: "{" + h + "}", lambda h: "urn:uuid:" + h]),
)
notes_exports = st.one_of(
    notes_exports,
    st.lists(valid_notes, min_size=1, max_size=4).map(
        lambda notes: json.dumps({"format": "canvass-notes", "version": 1, "notes": notes}).encode()
    ),
)
briefings = st.one_of(
    st.binary(max_size=3000), _document("canvass-briefing", "items", _fields(["type", "id", "text", "title"]))
)
settings_files = st.one_of(
    st.binary(max_size=3000),
    st.lists(
        st.tuples(
            st.sampled_from(["text/step", "window/sidebar", "window/geometry", "window/location", "x"]),
            st.text(max_size=30),
        ),
        max_size=6,
    ).map(lambda pairs: "\n".join(f"[{k.split('/')[0]}]\n{k.split('/')[-1]}={v}" for k, v in pairs).encode("utf-8", "surrogatepass")),
)

PROPERTY = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


def _file(data: bytes, name: str) -> Path:
    path = WORKDIR / name
    path.write_bytes(data)
    return path


def _library() -> Library:
    if not _LIBRARY:
        _LIBRARY.append(Library(WORKDIR / "daten"))
    return _LIBRARY[0]


@PROPERTY
@given(card_packs)
def test_any_bytes_as_a_card_pack(data: bytes) -> None:
    content = _library().content
    path = _file(data, "paket.json")
    try:
        cards, problems = content.read_pack(path)
    except CanvassError as error:
        assert error.message and "\n" not in error.message
        return
    assert cards or problems
    with contextlib.suppress(CanvassError):
        content.import_pack(path)
    written = list((WORKDIR / "daten").rglob("*.json"))
    assert all(p.parent.name in {"cards", "programmes"} for p in written), written


@PROPERTY
@given(notes_exports)
def test_any_bytes_as_a_notes_export(data: bytes) -> None:
    path = _file(data, "notizen.json")
    try:
        read_export(path)
    except CanvassError as error:
        assert error.message and "\n" not in error.message
        return
    with NoteStore(WORKDIR / "notes.db") as store:
        with contextlib.suppress(CanvassError):
            store.import_file(path)
        for note in store.list():
            assert note.id == note.id.lower() and len(note.id) == 36  # canonical at rest
        store.export(WORKDIR / "wieder.json")  # and what was stored can be written back out


@PROPERTY
@given(briefings)
def test_any_bytes_as_a_briefing(data: bytes) -> None:
    path = _file(data, "briefing.json")
    try:
        load_briefing(path)
    except CanvassError as error:
        assert error.message and "\n" not in error.message


@PROPERTY
@given(settings_files)
def test_any_bytes_as_settings(qapp, data: bytes) -> None:  # type: ignore[no-untyped-def]
    from canvass_app.ui import settings as settings_file

    folder = Path(tempfile.mkdtemp(dir=WORKDIR))
    path = _file(data, f"{folder.name}.ini")
    settings_obj = settings_file.open_settings(path)
    assert -4 <= settings_file.read_int(settings_obj, "text/step", 0, -4, 8) <= 8
    assert settings_file.read_bool(settings_obj, "window/sidebar", True) in (True, False)
    for key in ("window/geometry", "window/state", "window/splitter"):
        settings_file.read_bytes(settings_obj, key)
    location = settings_file.read_text(settings_obj, "window/location")
    assert location is None or isinstance(location, str)


ids = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("./\\-_~a0Z\n\x00 %:")), max_size=30),
    st.builds(lambda a, b: f"{a}/../{b}", st.text(max_size=5), st.text(max_size=5)),
)


@settings(max_examples=500, deadline=None, database=None)
@given(ids)
def test_any_string_as_an_id_stays_in_its_folder(value: str) -> None:
    folder = WORKDIR / "ordner"
    try:
        path = item_path(folder, value, ".json")
    except CanvassError as error:
        assert error.exit_code == 2 and "\n" not in error.message
        return
    assert path.parent == folder
    assert path.resolve().parent == folder.resolve()
    assert path.name == f"{value}.json" and "/" not in value and not value.startswith(".")


@settings(max_examples=200, deadline=None, database=None)
@given(ids)
def test_any_string_given_to_card_delete_deletes_nothing_outside(value: str) -> None:
    content = _library().content
    sentinel = WORKDIR / "daten" / "programmes" / "wache.json"
    sentinel.parent.mkdir(parents=True, exist_ok=True)
    sentinel.write_text("{}")
    (WORKDIR / "daten" / "cards").mkdir(exist_ok=True)
    with contextlib.suppress(CanvassError):
        content.delete_card(value)
    assert sentinel.read_text() == "{}"
