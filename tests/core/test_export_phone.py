"""The phone page as written: what it holds, how it is escaped, its policy, its index, its size."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from canvass_app.content.model import Answer, Card, Citation
from canvass_app.errors import CanvassError
from canvass_app.export.phone import (
    ASSET_FILES,
    PhoneSelection,
    build_phone_data,
    build_phone_page,
    embed_json,
    render_phone_page,
    size_label,
    write_phone_page,
)
from canvass_app.library import Library
from canvass_app.search.analysis import analyze

ROOT = Path(__file__).resolve().parents[2]
SPD = "spd-dortmund-2020-wirtschaft"
GREENS = "gruene-dortmund-2025-wirtschaft"


def embedded(html: str, element_id: str) -> Any:
    found = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.S)
    assert found, element_id
    return json.loads(found.group(1))


def undelta(gaps: list[int]) -> list[int]:
    out, doc = [], 0
    for gap in gaps:
        doc += gap
        out.append(doc)
    return out


def test_every_card_and_topic_by_default_and_the_whole_page_under_one_megabyte(library: Library) -> None:
    page = build_phone_page(library, PhoneSelection())
    content = embedded(page.html, "canvass-content")
    assert [c["id"] for c in content["cards"]] == [c.id for c in library.content.cards()]
    assert [t["id"] for t in content["topics"]] == [t.id for t in library.content.topics()]
    assert page.size < 1_000_000, page.size
    assert page.size == len(page.html.encode("utf-8"))


def test_a_card_carries_answers_with_party_year_quotes_and_silence(library: Library) -> None:
    content = build_phone_data(library, PhoneSelection(cards=("glasfaser",), topics=()))
    card = content["cards"][0]
    assert card["question"] == library.content.card("glasfaser").question
    assert card["tip"]
    silent = [a for a in card["answers"] if a["silent"]]
    speaking = [a for a in card["answers"] if not a["silent"]]
    assert silent and speaking
    assert all(a["year"] in (2020, 2025) and str(a["year"]) in a["label"] for a in card["answers"])
    assert {content["programmes"][a["p"]]["id"] for a in card["answers"]} == {
        a.programme for a in library.content.card("glasfaser").answers
    }
    for quote in speaking[0]["quotes"]:
        passage = content["passages"][quote["passage"]]
        assert quote["text"] in passage["text"]  # verbatim, and its passage is on the page
        assert re.search(r" 20(20|25) · „.+“", quote["label"]), quote["label"]
    lined = [q for a in speaking for q in a["quotes"] if "Z. " in q["label"]]
    greens = library.content.card("glasfaser").answer_for(GREENS)
    if greens is not None and not greens.silent:
        assert lined, "Greens' quotes name their line numbers"


def test_topics_say_what_each_programme_says_and_full_programmes_add_their_sections(library: Library) -> None:
    content = build_phone_data(library, PhoneSelection(cards=(), topics=("digitale-infrastruktur",)))
    topic = content["topics"][0]
    assert len(topic["coverage"]) == len(library.corpus.programmes())
    shown = {content["passages"][i]["id"] for c in topic["coverage"] for i in c["passages"]}
    assert shown == set(library.content.passage_ids("digitale-infrastruktur"))
    assert not any(p["full"] for p in content["programmes"])

    full = build_phone_data(library, PhoneSelection(cards=(), topics=(), programmes=(SPD,)))
    spd = library.corpus.programme(SPD)
    assert [p["full"] for p in full["programmes"] if p["id"] == SPD] == [True]
    assert {p["id"] for p in full["passages"]} == {p.id for p in spd.passages()}
    titles = [s["title"] for s in full["sections"] if s["passages"] is not None]
    assert titles == [s.title for s in spd.sections]


def test_unknown_ids_are_refused_in_german(library: Library) -> None:
    for selection in (
        PhoneSelection(cards=("gibt-es-nicht",)),
        PhoneSelection(topics=("gibt-es-nicht",)),
        PhoneSelection(programmes=("gibt-es-nicht",)),
    ):
        with pytest.raises(CanvassError):
            build_phone_data(library, selection)


def test_markup_in_cards_stays_text_and_cannot_close_the_data_script(library: Library) -> None:
    gruendung = library.content.card("gruendung")
    citation = gruendung.answer_for(SPD).citations[0]  # type: ignore[union-attr]
    hostile = "</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)>"
    library.content.save_card(
        Card(
            id="markup",
            question=hostile,
            answers=(Answer(SPD, hostile, (Citation(citation.passage_id, citation.quote),)),),
            topics=("gruendungen",),
            tip="\u2028" + hostile,
        )
    )
    page = build_phone_page(library, PhoneSelection(cards=("markup",), topics=()))
    assert page.html.count("<script") == 3 and page.html.count("</script>") == 3
    assert "<img" not in page.html and "<!-- <" not in page.html
    assert embedded(page.html, "canvass-content")["cards"][0]["question"] == hostile
    assert embed_json({"x": "<\u2029"}) == '{"x":"\\u003c\\u2029"}'


def test_the_policy_allows_exactly_this_script_and_style_and_no_request(library: Library) -> None:
    html = build_phone_page(library, PhoneSelection(cards=("glasfaser",), topics=())).html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    for name in ("default-src", "connect-src", "img-src", "font-src", "form-action", "base-uri", "frame-src"):
        assert directives[name] == "'none'", name
    script = re.search(r"<script>(.*?)</script>", html, re.S).group(1)  # type: ignore[union-attr]
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)  # type: ignore[union-attr]

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert directives["script-src"] == digest(script)
    assert directives["style-src"] == digest(style)
    assert "unsafe-inline" not in policy.group(1) and "unsafe-eval" not in policy.group(1)
    # Nothing is loaded: no src, no stylesheet link, no URL in the page's own code.
    assert not re.search(r"<(?:script|img|link|iframe)[^>]*(?:src|href)=", html)
    assert "http" not in script.replace("http-equiv", "") and "http" not in style
    assert '<html lang="de">' in html
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script


def test_the_index_holds_every_word_with_the_desktop_stem(library: Library) -> None:
    data = build_phone_data(library, PhoneSelection(cards=("glasfaser",), topics=("digitale-infrastruktur",)))
    index = data["index"]
    assert index["words"] == sorted(index["words"])
    words = dict(zip(index["words"], index["stems"], strict=True))
    for token in analyze(library.content.card("glasfaser").question):
        assert words[token.folded] == token.stem
    documents = len(data["cards"]) + len(data["topics"]) + len(data["passages"])
    for postings in (*index["head"], *index["body"]):
        docs = undelta(postings)
        assert docs == sorted(set(docs)) and all(0 <= d < documents for d in docs)
    glasfaser = index["words"].index("glasfaser")
    assert 0 in undelta(index["head"][glasfaser])  # the card's own question


def test_the_thesaurus_is_expanded_when_the_page_is_written_with_the_trainers_words(
    library: Library, data_dir: Path
) -> None:
    (data_dir / "thesaurus.toml").write_text('[begriffe]\n"Datenautobahn" = ["Glasfaser"]\n', encoding="utf-8")
    entries = {" ".join(k): v for k, v in build_phone_data(library, PhoneSelection(cards=(), topics=()))["thesaurus"]}
    assert ["glasfa"] in entries["schnell internet"]
    assert entries["datenautobahn"] == [["glasfa"]]


def test_written_atomically_readable_by_all_and_refused_where_it_cannot_go(library: Library, tmp_path: Path) -> None:
    page = render_phone_page(build_phone_data(library, PhoneSelection(cards=("glasfaser",), topics=())))
    out = tmp_path / "out"
    out.mkdir()
    target = write_phone_page(page, out / "handy.html")
    assert target.read_text(encoding="utf-8") == page.html
    assert target.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in out.iterdir()] == ["handy.html"]  # no temporary file left behind
    with pytest.raises(CanvassError, match="Ordner"):
        write_phone_page(page, out)
    with pytest.raises(CanvassError, match="gibt es nicht"):
        write_phone_page(page, tmp_path / "nirgends" / "handy.html")
    assert size_label(412_345) == "412 KB" and size_label(3_456_789) == "3,5 MB"


def test_the_installed_package_and_the_bundle_carry_the_page_assets(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    wheel = next(tmp_path.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for asset in ASSET_FILES:
        assert f"canvass_app/export/phone_page/{asset}" in names
    spec = (ROOT / "packaging" / "canvass.spec").read_text(encoding="utf-8")
    assert '"canvass_app" / "export" / "phone_page"' in spec
