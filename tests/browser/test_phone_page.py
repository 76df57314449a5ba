"""The exported phone page in a real browser at 390×844: search, card, doorstep mode, notes, no network.

The page is written by the real command (`canvass export phone`) from the shipped
programmes plus one trainer card full of markup; notes saved by the page are
read back by the real `canvass notes import`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.keys import Keys

from canvass_app.content.model import Answer, Card, Citation
from canvass_app.library import Library
from canvass_app.search.analysis import fold, stem, words
from tests.browser.conftest import Phone

HOSTILE = '<img src=x onerror="document.title=1">Frage </script><script>window.pwned=1</script>'
GREENS = "gruene-dortmund-2025-wirtschaft"
SPD = "spd-dortmund-2020-wirtschaft"


def run_canvass(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def wait(condition: Callable[[], Any], timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the page")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("trainer")
    library = Library(data_dir)
    gruendung = library.content.card("gruendung")
    citation = gruendung.answer_for(SPD).citations[0]  # type: ignore[union-attr]
    library.content.save_card(
        Card(
            id="markup",
            question=HOSTILE,
            answers=(
                Answer(SPD, "Zusammenfassung <b>fett</b> & <!-- Kommentar -->", (Citation(citation.passage_id, citation.quote),)),
                Answer(GREENS, "<script>alert(1)</script>", silent=True),
            ),
            topics=("gruendungen",),
            tip="Tipp mit <a href='https://example.org'>Link</a>",
        )
    )
    library.import_programme(
        Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "unseen-programme.txt",
        programme_id="partei-x-2024", party="Partei X", title="Gemeinsam für ein soziales Musterstadt", year=2024,
    )
    out = tmp_path_factory.mktemp("page") / "handy.html"
    result = run_canvass(data_dir, "export", "phone", str(out), "--programme", GREENS)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def opened(phone: Phone, page: Path) -> Phone:
    phone.viewport(390, 844)
    phone.driver.get(page.as_uri())
    phone.js("localStorage.clear()")
    phone.driver.get(page.as_uri() + "#/")
    phone.driver.refresh()
    wait(lambda: phone.js("return !!document.getElementById('suche')"))
    return phone


def search(phone: Phone, text: str) -> None:
    field = phone.driver.find_element("id", "suche")
    field.clear()
    field.send_keys(text)  # typed key by key, as on the phone
    wait(lambda: phone.js("return document.getElementById('suche').value") == text)


def first(phone: Phone, selector: str, attribute: str) -> str:
    return wait(
        lambda: phone.js(
            "var n = document.querySelector(arguments[0]); return n && n.getAttribute(arguments[1]);",
            selector,
            attribute,
        )
    )


@pytest.mark.parametrize(
    ("query", "card"),
    [
        ("Gruendung", "gruendung"),
        ("schnelles Internet", "glasfaser"),
        ("Reparaturpramie", "reparaturpraemie"),
        ("Glasfaster", "glasfaser"),  # one typo
        ("Jugendarbeitslosigkit", "jugendarbeitslosigkeit"),
        ("Lieferverkehr", "lieferverkehr"),
        ("Was tut ihr fuer Menschen mit Behinderung?", "inklusion"),
        ("Mikrodepots", "lieferverkehr"),
        ("Azubi", "azubiwohnheim"),
        ("Glasf", "glasfaser"),  # a prefix, still typing
        ("Speicherstrasse", "dortmunder-norden"),  # ß as ss
        ("Fachkraefte", "fachkraeftemangel"),
        ("Gewerbesteur", "gewerbesteuer"),  # a letter left out
        ("Kita", "familie-und-beruf"),  # the thesaurus's everyday word
    ],
)
def test_typing_a_question_shows_the_right_card_first(opened: Phone, query: str, card: str) -> None:
    search(opened, query)
    assert first(opened, "#treffer-karten .item", "data-card") == card


def test_passages_follow_the_cards_with_party_and_year(opened: Phone) -> None:
    search(opened, "Gründung")
    order = opened.js(
        "return Array.from(document.querySelectorAll('#ergebnisse h2')).map(h => h.textContent)"
    )
    assert order[0] == "Antwortkarten" and order[-1] == "Textstellen"
    kinds = opened.js(
        "return Array.from(document.querySelectorAll('#treffer-stellen .kind')).map(k => k.textContent)"
    )
    parties = ("SPD Dortmund 2020 · ", "BÜNDNIS 90/DIE GRÜNEN Dortmund 2025 · ")
    assert kinds and all(k.startswith(parties) for k in kinds), kinds
    assert {k.split(" · ")[0] for k in kinds} == {p.rstrip(" ·") for p in parties}


def test_typing_on_a_card_starts_a_new_search(opened: Phone, page: Path) -> None:
    opened.driver.get(page.as_uri() + "#/karte/glasfaser")
    wait(lambda: opened.js("return !!document.getElementById('frage')"))
    opened.driver.find_element("id", "suche").send_keys(Keys.CONTROL, "a")
    opened.driver.find_element("id", "suche").send_keys("Lastenrad")
    assert first(opened, "#treffer-karten .item", "data-card") == "lieferverkehr"
    assert opened.js("return document.activeElement.id") == "suche"
    assert opened.js("return document.getElementById('suche').value") == "Lastenrad"


def test_a_long_topic_shows_its_first_passages_and_the_rest_on_request(opened: Phone, page: Path) -> None:
    biggest = opened.js(
        """
        var content = JSON.parse(document.getElementById('canvass-content').textContent);
        var best = content.topics.map(t => [t.id, Math.max(...t.coverage.map(c => c.passages.length))])
          .sort((a, b) => b[1] - a[1])[0];
        return best;
        """
    )
    assert biggest[1] > 12, biggest
    opened.driver.get(page.as_uri() + "#/thema/" + biggest[0])
    shown = wait(lambda: opened.js("return document.querySelectorAll('.coverage .passage').length"))
    more = [b for b in opened.driver.find_elements("css selector", ".coverage > .btn") if "Alle" in b.text]
    assert more and f"Alle {biggest[1]} Textstellen" in more[0].text
    more[0].click()
    assert wait(lambda: opened.js("return document.querySelectorAll('.coverage .passage').length") > shown)


def test_short_words_stay_out_of_compounds_and_nonsense_finds_nothing(opened: Phone) -> None:
    found = opened.js("return Array.from(window.canvass.search('Ort').marks)")
    assert found and all(word.startswith("ort") for word in found), found  # never "Dortmund"
    compounds = opened.js("return Array.from(window.canvass.search('Glasfaser').marks)")
    assert "glasfasernetz" in compounds or any(w.startswith("glasfaser") and w != "glasfaser" for w in compounds)
    search(opened, "xqzvw")
    assert wait(lambda: opened.js("return !!document.getElementById('nichts')"))


def test_a_card_shows_answers_quotes_silence_and_tip(opened: Phone) -> None:
    search(opened, "schnelles Internet")
    opened.driver.find_element("css selector", "#treffer-karten .item").click()
    question = wait(lambda: opened.js("var h = document.getElementById('frage'); return h && h.textContent"))
    assert question == "Wann bekommen wir hier endlich Glasfaser?"
    text = opened.js("return document.getElementById('inhalt').innerText")
    assert "Dazu steht nichts im Programm." in text
    assert "Tipp fürs Gespräch" in text
    cites = opened.js("return Array.from(document.querySelectorAll('.quote .cite')).map(c => c.textContent)")
    assert cites and all(" 20" in c for c in cites), cites  # party and year on every quote
    assert any("„" in c for c in cites)  # the section
    absent = opened.js("return document.getElementById('nicht-auf-karte').textContent")
    assert absent.startswith("Nicht auf dieser Karte: Partei X 2024"), absent


def test_doorstep_mode_pages_by_buttons_swipe_and_keys_and_has_a_way_back(opened: Phone) -> None:
    search(opened, "Gruendung")
    opened.driver.find_element("css selector", "#treffer-karten .item").click()
    wait(lambda: opened.js("return !!document.getElementById('tuer')"))
    opened.driver.find_element("id", "tuer").click()
    door = wait(lambda: opened.js("var d = document.getElementById('tuer-karte'); return d && d.querySelector('h1').textContent"))
    assert door == "Ich will ein Unternehmen gründen, wie helft ihr mir?"
    size = opened.js("return parseFloat(getComputedStyle(document.querySelector('#tuer-karte h1')).fontSize)")
    assert size >= 30, size  # very large type
    counter = opened.js("return document.getElementById('tuer-zaehler').textContent")
    total = int(counter.split("/")[1])
    assert total >= 2

    def shown() -> str:
        return opened.js("return document.querySelector('#tuer-karte h1').textContent")

    seen = [shown()]
    opened.driver.find_element("id", "tuer-weiter").click()
    seen.append(wait(lambda: shown() != seen[0] and shown()))
    assert opened.js("return document.getElementById('tuer-zaehler').textContent").startswith("2 /")
    opened.driver.find_element("id", "tuer-zurueck").click()
    assert wait(lambda: shown() == seen[0])
    # A swipe to the left is "next", as a thumb does it.
    for kind, x in (("touchStart", 300), ("touchEnd", 60)):
        points = [{"x": x, "y": 400}] if kind == "touchStart" else []
        if kind == "touchEnd":
            opened.cdp("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": 405}]})
        opened.cdp("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
    assert wait(lambda: shown() == seen[1])
    opened.driver.find_element("tag name", "body").send_keys("\ue012")  # ← key
    assert wait(lambda: shown() == seen[0])
    buttons = opened.js(
        "return ['tuer-zurueck','tuer-weiter','tuer-schliessen'].map(id => "
        "document.getElementById(id).getBoundingClientRect().height)"
    )
    assert all(h >= 44 for h in buttons), buttons
    opened.driver.find_element("id", "tuer-schliessen").click()
    assert wait(lambda: opened.js("var h = document.getElementById('frage'); return h && h.textContent")) == seen[0]


def _note(phone: Phone, text: str) -> None:
    area = wait(lambda: phone.driver.find_elements("css selector", ".note textarea"))[0]
    area.clear()
    area.send_keys(text)
    phone.js("document.querySelector('.note textarea').blur()")
    wait(lambda: "Gespeichert" in phone.js("return document.querySelector('.note .state').textContent"))


def _save_notes_file(phone: Phone, page: Path) -> Path:
    for old in phone.downloads.glob("*.json"):
        old.unlink()  # a download of the same name may overwrite in place
    before: set[Path] = set()
    phone.driver.get(page.as_uri() + "#/notizen")
    phone.driver.find_element("id", "notizen-speichern").click()

    def landed() -> Path | None:
        new = [p for p in phone.downloads.glob("*.json") if p not in before]
        return new[0] if new and new[0].stat().st_size > 0 else None

    path = wait(landed)
    time.sleep(0.2)
    return path


def test_notes_stay_on_the_phone_and_reach_the_trainer_through_notes_import(
    opened: Phone, page: Path, tmp_path: Path
) -> None:
    search(opened, "Reparaturpramie")
    opened.driver.find_element("css selector", "#treffer-karten .item").click()
    _note(opened, "Frau K. fragt, ob auch Fahrräder zählen.")
    # A passage of the programme taken in full, opened from the search.
    opened.driver.get(page.as_uri() + "#/")
    search(opened, "Sparkasse")
    passage_id = first(opened, "#treffer-stellen .item", "data-passage")
    opened.driver.find_element("css selector", "#treffer-stellen .item").click()
    _note(opened, "Nachfragen: Gründungskredite?")
    opened.driver.refresh()  # still there after the page is opened again
    assert wait(lambda: opened.js("var t = document.querySelector('.note textarea'); return t && t.value")) == "Nachfragen: Gründungskredite?"
    opened.driver.get(page.as_uri() + "#/")
    search(opened, "Reparaturpramie")
    assert "✎" in opened.js("return document.querySelector('#treffer-karten .item .main').textContent")
    opened.driver.get(page.as_uri() + "#/stelle/" + passage_id)
    assert wait(lambda: opened.js("var t = document.querySelector('.note textarea'); return t && t.value")) == "Nachfragen: Gründungskredite?"

    opened.driver.get(page.as_uri() + "#/thema/gruendungen")
    _note(opened, "Viele fragen nach Gründerzentren im Norden.")

    exported = _save_notes_file(opened, page)
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["format"] == "canvass-notes" and len(document["notes"]) == 3
    opened.driver.find_element("id", "notizen-zeigen").click()
    as_text = json.loads(wait(lambda: opened.js("var t = document.querySelector('#notizen-text textarea'); return t && t.value")))
    assert [n["id"] for n in as_text["notes"]] == [n["id"] for n in document["notes"]]

    desktop = tmp_path / "desktop"
    desktop.mkdir()
    result = run_canvass(desktop, "notes", "import", str(exported))
    assert result.returncode == 0, result.stderr
    listed = json.loads(run_canvass(desktop, "notes", "list", "--json").stdout)
    by_text = {n["text"]: n for n in listed}
    assert by_text["Frau K. fragt, ob auch Fahrräder zählen."]["target"] == {"type": "card", "id": "reparaturpraemie"}
    assert by_text["Nachfragen: Gründungskredite?"]["target"] == {"type": "passage", "id": passage_id}
    assert "Handy" in by_text["Nachfragen: Gründungskredite?"]["tags"]
    assert by_text["Viele fragen nach Gründerzentren im Norden."]["target"] == {"type": "topic", "id": "gruendungen"}

    # Edited at the next door and saved again: the desktop takes it as the newer version.
    opened.driver.get(page.as_uri() + "#/karte/reparaturpraemie")
    _note(opened, "Frau K. fragt, ob auch Fahrräder zählen. Ja, laut Programm alles.")
    again = _save_notes_file(opened, page)
    result = run_canvass(desktop, "notes", "import", str(again))
    assert result.returncode == 0, result.stderr
    listed = json.loads(run_canvass(desktop, "notes", "list", "--json").stdout)
    texts = sorted(n["text"] for n in listed)
    assert texts == [
        "Frau K. fragt, ob auch Fahrräder zählen. Ja, laut Programm alles.",
        "Nachfragen: Gründungskredite?",
        "Viele fragen nach Gründerzentren im Norden.",
    ]


def test_unreadable_stored_notes_are_set_aside_not_overwritten(opened: Phone, page: Path) -> None:
    opened.js("localStorage.setItem('canvass-phone-notes-v1', '{kaputt')")
    opened.driver.get(page.as_uri() + "#/karte/glasfaser")
    opened.driver.refresh()
    _note(opened, "Neue Notiz")
    kept = opened.js(
        "return Object.keys(localStorage).filter(k => k.indexOf('-unreadable-') > 0).map(k => localStorage.getItem(k))"
    )
    assert kept == ["{kaputt"]
    assert opened.js("return JSON.parse(localStorage.getItem('canvass-phone-notes-v1'))['card:glasfaser'].text") == "Neue Notiz"


def _requested(events: list[dict[str, Any]]) -> dict[str, str]:
    return {
        e["params"]["requestId"]: e["params"]["request"]["url"]
        for e in events
        if e["method"] == "Network.requestWillBeSent"
    }


def test_the_page_makes_no_network_request_and_its_policy_blocks_any(opened: Phone, page: Path) -> None:
    opened.driver.get("about:blank")
    opened.network()  # start afresh
    opened.driver.get(page.as_uri() + "#/")
    search(opened, "Glasfaser")
    opened.driver.find_element("css selector", "#treffer-karten .item").click()
    wait(lambda: opened.js("return !!document.getElementById('frage')"))
    opened.driver.find_element("id", "tuer").click()
    wait(lambda: opened.js("return !!document.getElementById('tuer-karte')"))
    used = _requested(opened.network())
    assert used, "the DevTools log recorded nothing at all"
    assert [u for u in used.values() if not u.startswith(page.as_uri())] == []
    assert opened.js("return performance.getEntriesByType('resource').length") == 0

    # Try the ways a page reaches out; the policy must refuse each before it leaves.
    violations = opened.driver.execute_async_script(
        """
        var done = arguments[arguments.length - 1], seen = [];
        document.addEventListener('securitypolicyviolation', e => seen.push(e.effectiveDirective));
        fetch('http://127.0.0.1:9/x').catch(() => {});
        try { new WebSocket('ws://127.0.0.1:9/'); } catch (e) { seen.push('websocket-throws'); }
        var img = new Image(); img.src = 'http://127.0.0.1:9/x.png';
        try { document.body.innerHTML += '<b>x</b>'; } catch (e) { seen.push('trusted-types'); }
        setTimeout(() => done(seen), 500);
        """
    )
    assert {"connect-src", "img-src", "trusted-types"} <= set(violations), violations
    events = opened.network()
    tried = _requested(events)
    blocked = {
        e["params"]["requestId"]
        for e in events
        if e["method"] == "Network.loadingFailed" and e["params"].get("blockedReason") == "csp"
    }
    answered = {e["params"]["requestId"] for e in events if e["method"] == "Network.responseReceived"}
    outside = {rid for rid, url in tried.items() if not url.startswith(page.as_uri())}
    assert outside <= blocked and not outside & answered, (tried, blocked)
    csp = opened.js("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert opened.js("return document.documentElement.lang") == "de"


def test_every_text_is_shown_as_text(opened: Phone, page: Path) -> None:
    opened.console()  # only this test's messages count
    opened.driver.get(page.as_uri() + "#/karte/markup")
    question = wait(lambda: opened.js("var h = document.getElementById('frage'); return h && h.textContent"))
    assert question == HOSTILE
    assert opened.js("return window.pwned === undefined && document.querySelectorAll('img, a[href^=http], #inhalt script, #inhalt b').length") == 0
    text = opened.js("return document.getElementById('inhalt').innerText")
    assert "Zusammenfassung <b>fett</b> & <!-- Kommentar -->" in text
    assert "<script>alert(1)</script>" in text
    assert [e for e in opened.console() if e["level"] == "SEVERE"] == []


@pytest.mark.parametrize("dark", [False, True])
def test_readable_at_360_px_in_light_and_dark_with_large_tap_targets(opened: Phone, page: Path, dark: bool) -> None:
    opened.viewport(360, 740, dark=dark)
    passage = "#/stelle/" + opened.js(
        "return JSON.parse(document.getElementById('canvass-content').textContent).passages[0].id"
    )
    routes = ("#/", "#/karte/gruendung", "#/thema/gruendungen", "#/tuer/gruendung", "#/notizen", passage,
              f"#/programm/{GREENS}")
    for route in routes:
        opened.driver.get(page.as_uri() + route)
        wait(lambda: opened.js("return document.getElementById('app').childElementCount > 0"))
        width = opened.js("return document.documentElement.scrollWidth")
        assert width <= 360, (route, width)
        small = opened.js(
            """
            return Array.from(document.querySelectorAll('button, input, textarea, a[href]'))
              .map(e => [e.id || e.textContent.slice(0, 30), e.getBoundingClientRect()])
              .filter(([, r]) => r.width > 0 && (r.height < 44 || r.width < 44))
              .map(([name, r]) => name + ' ' + Math.round(r.width) + 'x' + Math.round(r.height));
            """
        )
        assert small == [], (route, small)
        colours = opened.js(
            "var s = getComputedStyle(document.body); return [s.backgroundColor, s.color, parseFloat(s.fontSize)]"
        )
        background = [int(v) for v in colours[0][colours[0].index("(") + 1 : -1].split(",")[:3]]
        assert (sum(background) < 150) if dark else (sum(background) > 600), (route, colours)
        assert colours[2] >= 16


def test_folding_and_stemming_in_the_page_agree_with_the_desktop_search(opened: Phone, data_dir: Path) -> None:
    library = Library(data_dir)
    texts = [p.full_text for p in library.corpus.passages()]
    texts += [c.question + " " + " ".join(c.phrasings) + " " + c.tip for c in library.content.cards()]
    surfaces = sorted({w for text in texts for w in words(text) if w.isalpha()})
    surfaces += ["Gruendung", "Strasse", "Straße", "QUEUE", "Aeronautik", "Bürger", "Reparaturpramie", "Café"]
    expected = [[fold(w), stem(fold(w))] for w in surfaces]
    got = opened.js(
        "return arguments[0].map(w => { var f = window.canvass.fold(w); return [f, window.canvass.stem(f)]; })",
        surfaces,
    )
    wrong = [(s, e, g) for s, e, g in zip(surfaces, expected, got, strict=True) if e != g]
    assert wrong == [], wrong[:20]
    assert len(surfaces) > 1000


def test_skips_only_for_a_missing_browser() -> None:
    # In CI the browser is installed (.ci/run), so these tests must run there.
    if os.environ.get("CI"):
        assert Path("/usr/bin/chromium").exists() and Path("/usr/bin/chromedriver").exists()
