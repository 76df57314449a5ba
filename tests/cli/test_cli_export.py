"""`canvass export` and `canvass brief`: real commands, real PDFs, text read back out of them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from canvass_app.library import Library

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "briefings"


def run_canvass(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the command must set up headless Qt by itself
    return subprocess.run(
        [sys.executable, "-m", "canvass_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, whitespace folded (what a reader can select and search)."""
    reader = pypdf.PdfReader(str(path))
    return [flat(page.extract_text()) for page in reader.pages]


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def assert_page_numbers(pages: list[str]) -> None:
    for number, text in enumerate(pages, 1):
        assert f"Seite {number} von {len(pages)}" in text


def test_topic_summary_pdf_has_title_parties_years_quotes_and_page_numbers(
    data_dir: Path, tmp_path: Path
) -> None:
    library = Library(data_dir)
    view = library.content.topic_view("jugendarbeitslosigkeit")
    out = tmp_path / "jugend.pdf"
    result = run_canvass(data_dir, "export", "topic", "jugendarbeitslosigkeit", "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    assert "PDF geschrieben" in result.stdout
    pages = pdf_pages(out)
    assert pages
    assert_page_numbers(pages)
    text = " ".join(pages)
    assert view.topic.title in pages[0]
    for coverage in view.coverage:
        programme = coverage.programme
        assert f"{programme.party} ({programme.year})" in text
        for passage in coverage.passages:
            # The whole passage is there, umlauts and typographic quotes included.
            assert flat(passage.full_text) in text
    with_umlaut = [
        p.full_text for c in view.coverage for p in c.passages if re.search("[äöüßÄÖÜ]", p.full_text)
    ]
    assert with_umlaut, "the topic quotes at least one passage with an umlaut"
    for card in view.cards:
        assert card.question in text
    assert "Quellen:" in text
    assert "SPD Dortmund" in text and "BÜNDNIS 90/DIE GRÜNEN Dortmund" in text


def test_card_as_pdf_and_html(data_dir: Path, tmp_path: Path) -> None:
    card = Library(data_dir).content.card("glasfaser")
    pdf, html = tmp_path / "karte.pdf", tmp_path / "karte.html"
    result = run_canvass(data_dir, "export", "card", "glasfaser", "--pdf", str(pdf), "--html", str(html))
    assert result.returncode == 0, result.stderr
    pages = pdf_pages(pdf)
    assert pages == pages[:1], "one card fits on one page"
    text = pages[0]
    assert card.question in text
    assert "Seite 1 von 1" in text
    for citation in card.citations():
        assert f"„{flat(citation.quote)}“" in text
    assert "SPD Dortmund 2020" in text and "BÜNDNIS 90/DIE GRÜNEN Dortmund 2025" in text
    page = html.read_text(encoding="utf-8")
    assert card.question in page and "<!DOCTYPE html>" in page


def test_briefing_pdf_keeps_order_and_content(data_dir: Path, tmp_path: Path) -> None:
    library = Library(data_dir)
    out = tmp_path / "briefing.pdf"
    result = run_canvass(data_dir, "brief", str(FIXTURES / "nordstadt.json"), "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    pages = pdf_pages(out)
    assert_page_numbers(pages)
    text = " ".join(pages)
    order = [
        "Haustürtraining Nordstadt",
        "10 Uhr am Nordmarkt, Ecke Mallinckrodtstraße.",
        library.content.card("jugendarbeitslosigkeit").question,
        flat(library.corpus.passage("spd-dortmund-2020-wirtschaft:0e810b58").full_text)[:80],
        library.content.card("glasfaser").question,
        "Thema: Digitale Infrastruktur",
        library.content.card("reparaturpraemie").question,
        "Zum Schluss",
        "„Was würde Ihnen konkret helfen?“",
    ]
    positions = [text.find(fragment) for fragment in order]
    assert all(p >= 0 for p in positions), list(zip(order, positions, strict=True))
    assert positions == sorted(positions)
    assert text.count(library.content.card("glasfaser").question) == 1


def test_pocket_briefing_prints_cards_only(data_dir: Path, tmp_path: Path) -> None:
    library = Library(data_dir)
    out = tmp_path / "tasche.pdf"
    result = run_canvass(
        data_dir, "brief", str(FIXTURES / "nordstadt.json"), "--layout", "pocket", "--pdf", str(out)
    )
    assert result.returncode == 0, result.stderr
    text = " ".join(pdf_pages(out))
    assert "Taschenkarten" in text
    assert library.content.card("reparaturpraemie").question in text
    assert "Treffpunkt" not in text
    assert "Thema: Digitale Infrastruktur" not in text


def test_brief_finds_a_saved_briefing_by_name(data_dir: Path, tmp_path: Path) -> None:
    folder = data_dir / "briefings"
    folder.mkdir()
    shutil.copy(FIXTURES / "nordstadt.json", folder / "nordstadt.json")
    out = tmp_path / "b.html"
    result = run_canvass(data_dir, "brief", "nordstadt", "--html", str(out))
    assert result.returncode == 0, result.stderr
    assert "Haustürtraining Nordstadt" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["export", "topic", "jugendarbeitslosigkeit"], "--pdf DATEI oder --html DATEI"),
        (["export", "topic", "gibt-es-nicht", "--html", "{tmp}/x.html"], "Thema 'gibt-es-nicht'"),
        (["export", "card", "gibt-es-nicht", "--pdf", "{tmp}/x.pdf"], "Karte 'gibt-es-nicht'"),
        (["export", "card", "glasfaser", "--pdf", "{tmp}/fehlt/x.pdf"], "gibt es nicht; bitte zuerst anlegen"),
        (["export", "card", "glasfaser", "--pdf", "{tmp}"], "ist ein Ordner"),
        (["brief", "{tmp}/fehlt.json", "--pdf", "{tmp}/x.pdf"], "gibt es nicht"),
        (["brief", str(FIXTURES / "broken-json.json"), "--pdf", "{tmp}/x.pdf"], "kein gültiges JSON"),
        (["brief", str(FIXTURES / "broken-version.json"), "--pdf", "{tmp}/x.pdf"], "hat Version 7"),
    ],
)
def test_bad_input_is_one_german_line(
    data_dir: Path, tmp_path: Path, args: list[str], fragment: str
) -> None:
    result = run_canvass(data_dir, *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert_one_line_error(result, fragment)
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.html").exists()


def test_a_briefing_naming_a_missing_card_fails_whole(data_dir: Path, tmp_path: Path) -> None:
    broken = tmp_path / "b.json"
    broken.write_text(
        FIXTURES.joinpath("nordstadt.json").read_text(encoding="utf-8").replace(
            '"id": "reparaturpraemie"', '"id": "gibt-es-nicht"'
        ),
        encoding="utf-8",
    )
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run_canvass(data_dir, "brief", str(broken), "--pdf", str(out_dir / "b.pdf"))
    assert_one_line_error(result, "Eintrag 6: Karte 'gibt-es-nicht'")
    assert list(out_dir.iterdir()) == [], "no half-written file is left behind"
