"""`Content.check`: sound fixture data passes; every kind of broken card or rule is caught and located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from canvass_app.content import Content
from tests.fixtures.content.fixture_corpus import DATA_DIR, load_corpus

GOOD_QUOTE = (
    'quote = "die Jugendarbeitslosigkeit senken und jungen Menschen eine Ausbildung sichern."'
)


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def check(bundled: Path, data_dir: Path) -> list[str]:
    return [str(p) for p in Content(load_corpus(), bundled, data_dir).check()]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_data_is_sound(bundled: Path, data_dir: Path) -> None:
    assert check(bundled, data_dir) == []


def test_unknown_passage_is_reported_with_file_and_card(bundled: Path, data_dir: Path) -> None:
    edit(
        bundled / "cards/jugend.toml",
        "alpha-2025-wirtschaft:d5e6e442",
        "alpha-2025-wirtschaft:00000000",
    )
    problems = check(bundled, data_dir)
    assert len(problems) == 1
    assert problems[0].startswith("data/cards/jugend.toml: Karte jugend:")
    assert "unbekannte Passage 'alpha-2025-wirtschaft:00000000'" in problems[0]


def test_quote_that_is_not_verbatim_is_reported(bundled: Path, data_dir: Path) -> None:
    # One changed word: "Ausbildung" for "Lehrstelle".
    edit(bundled / "cards/jugend.toml", GOOD_QUOTE, GOOD_QUOTE.replace("Ausbildung", "Lehrstelle"))
    problems = check(bundled, data_dir)
    assert len(problems) == 1
    assert "Karte jugend" in problems[0]
    assert "Zitat steht nicht wörtlich" in problems[0]


def test_quote_with_different_whitespace_still_counts_as_verbatim(
    bundled: Path, data_dir: Path
) -> None:
    edit(
        bundled / "cards/jugend.toml",
        GOOD_QUOTE,
        GOOD_QUOTE.replace("jungen Menschen", "jungen\\n  Menschen"),
    )
    assert check(bundled, data_dir) == []


def test_quote_from_another_programme_is_reported(bundled: Path, data_dir: Path) -> None:
    edit(
        bundled / "cards/jugend.toml",
        "alpha-2025-wirtschaft:d5e6e442",
        "beta-2020-wirtschaft:58399451",
    )
    problems = check(bundled, data_dir)
    assert any("gehört zu einem anderen Programm" in p for p in problems)


def test_card_without_any_citation_is_reported(bundled: Path, data_dir: Path) -> None:
    path = bundled / "cards/glasfaser.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[[answers.citations]]")
    end = text.index("[[answers]]", start)
    path.write_text(text[:start] + "silent = true\n" + text[end:], encoding="utf-8")
    problems = check(bundled, data_dir)
    assert any(
        p.startswith("data/cards/glasfaser.toml: Karte glasfaser:") and "keinen einzigen Beleg" in p
        for p in problems
    )


def test_answer_without_citation_must_say_it_is_silent(bundled: Path, data_dir: Path) -> None:
    edit(bundled / "cards/glasfaser.toml", "silent = true\n", "")
    problems = check(bundled, data_dir)
    assert len(problems) == 1
    assert "Antwort alpha-2025-wirtschaft: kein Beleg" in problems[0]


def test_unknown_topic_on_card_is_reported(bundled: Path, data_dir: Path) -> None:
    edit(bundled / "cards/glasfaser.toml", 'topics = ["digitales"]', 'topics = ["internet"]')
    problems = check(bundled, data_dir)
    assert problems == ["data/cards/glasfaser.toml: Karte glasfaser: unbekanntes Thema 'internet'"]


def test_unknown_programme_on_answer_is_reported(bundled: Path, data_dir: Path) -> None:
    edit(
        bundled / "cards/glasfaser.toml",
        'programme = "alpha-2025-wirtschaft"',
        'programme = "gamma-2030"',
    )
    problems = check(bundled, data_dir)
    assert any("unbekanntes Programm 'gamma-2030'" in p for p in problems)


def test_override_with_unknown_passage_is_reported(bundled: Path, data_dir: Path) -> None:
    edit(
        bundled / "topics.toml",
        'passage = "beta-2020-wirtschaft:58399451"',
        'passage = "beta-2020-wirtschaft:ffffffff"',
    )
    problems = check(bundled, data_dir)
    assert problems == [
        "data/topics.toml: Korrektur für beta-2020-wirtschaft:ffffffff: unbekannte Passage"
    ]


def test_override_with_unknown_topic_is_reported(bundled: Path, data_dir: Path) -> None:
    edit(bundled / "topics.toml", 'add = ["arbeit"]', 'add = ["arbeitt"]')
    problems = check(bundled, data_dir)
    assert any("unbekanntes Thema 'arbeitt'" in p for p in problems)


def test_rule_term_that_matches_nothing_is_reported(bundled: Path, data_dir: Path) -> None:
    edit(bundled / "topics.toml", 'terms = ["reparatur"]', 'terms = ["repratur"]')
    problems = check(bundled, data_dir)
    assert problems == [
        "data/topics.toml: Thema reparatur: die Regeln treffen keine einzige Passage "
        "und kein eigenes Beispiel"
    ]


def test_broken_rule_term_is_reported(bundled: Path, data_dir: Path) -> None:
    edit(bundled / "topics.toml", 'terms = ["reparatur"]', 'terms = ["reparatur", "*"]')
    problems = check(bundled, data_dir)
    assert any("Thema reparatur: terms:" in p and "ungültiger Suchbegriff" in p for p in problems)


def test_unknown_parent_and_cycles_are_reported(bundled: Path, data_dir: Path) -> None:
    edit(bundled / "topics.toml", 'parent = "arbeit"', 'parent = "arbeitswelt"')
    assert any("unbekanntes Oberthema 'arbeitswelt'" in p for p in check(bundled, data_dir))
    edit(bundled / "topics.toml", 'parent = "arbeitswelt"', 'parent = "jugendarbeitslosigkeit"')
    assert any("Kreis" in p for p in check(bundled, data_dir))


def test_missing_fallback_topic_is_reported(bundled: Path, data_dir: Path) -> None:
    edit(bundled / "topics.toml", "fallback = true", 'terms = ["herz"]')
    assert any("Auffang-Thema" in p for p in check(bundled, data_dir))


def test_unreadable_card_file_is_reported_not_raised(bundled: Path, data_dir: Path) -> None:
    (bundled / "cards/kaputt.toml").write_text("id = \n", encoding="utf-8")
    problems = check(bundled, data_dir)
    assert len(problems) == 1
    assert problems[0].startswith("data/cards/kaputt.toml: Kartendatei nicht lesbar")


def test_duplicate_card_ids_in_shipped_files_are_reported(bundled: Path, data_dir: Path) -> None:
    shutil.copy(bundled / "cards/jugend.toml", bundled / "cards/zweite.toml")
    problems = check(bundled, data_dir)
    assert any(
        p.startswith("data/cards/zweite.toml: Karte jugend: die ID gibt es schon") for p in problems
    )


def test_problems_in_a_trainer_card_name_the_user_file(bundled: Path, data_dir: Path) -> None:
    cards = data_dir / "cards"
    cards.mkdir()
    (cards / "eigen.json").write_text(
        '{"id": "eigen", "question": "Q?", "topics": ["arbeit"], "tip": "T",'
        ' "answers": [{"programme": "alpha-2025-wirtschaft", "summary": "S",'
        ' "citations": [{"passage_id": "alpha-2025-wirtschaft:ca1f9d8c", "quote": "Stadt ohne Herz"}]}]}',
        encoding="utf-8",
    )
    problems = check(bundled, data_dir)
    assert len(problems) == 1
    assert problems[0].startswith(f"{cards / 'eigen.json'}: Karte eigen:")
