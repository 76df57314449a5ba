"""Topic assignment: rules, overrides (shipped and trainer), fallback, nesting, side-by-side view."""

from __future__ import annotations

from pathlib import Path

from canvass_app.content import Content
from tests.fixtures.content.fixture_corpus import DATA_DIR, build_programme, load_corpus

YOUTH_ALPHA = "alpha-2025-wirtschaft:d5e6e442"
REPAIR_ALPHA = "alpha-2025-wirtschaft:3182dd7d"
HEART_ALPHA = "alpha-2025-wirtschaft:ca1f9d8c"
FIBRE_BETA = "beta-2020-wirtschaft:8585ad24"
YOUTH_BETA = "beta-2020-wirtschaft:58399451"


def content(data_dir: Path, corpus=None) -> Content:  # type: ignore[no-untyped-def]
    return Content(corpus or load_corpus(), DATA_DIR, data_dir)


def ids(topics) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.id for t in topics]


def test_rules_assign_by_text_and_by_section_title(data_dir: Path) -> None:
    c = content(data_dir)
    # Section "Für gute Arbeit" → the field arbeit; inside it the compound term finds
    # the subtopic, which stands for the field (a field is assigned itself only when
    # no subtopic fits).
    assert ids(c.topics_of(YOUTH_ALPHA)) == ["jugendarbeitslosigkeit"]
    # Text that names another field and nothing of the heading's overrides the heading.
    assert ids(c.topics_of(REPAIR_ALPHA)) == ["reparatur"]
    assert ids(c.topics_of(FIBRE_BETA)) == ["digitales"]


def test_shipped_override_adds_a_topic(data_dir: Path) -> None:
    assert ids(content(data_dir).topics_of(YOUTH_BETA)) == ["arbeit", "jugendarbeitslosigkeit"]


def test_fallback_only_when_nothing_else_applies(data_dir: Path) -> None:
    c = content(data_dir)
    assert ids(c.topics_of(HEART_ALPHA)) == ["allgemein"]
    assert all("allgemein" not in ids(c.topics_of(p)) for p in (YOUTH_ALPHA, FIBRE_BETA))


def test_every_passage_has_a_topic(data_dir: Path) -> None:
    corpus = load_corpus()
    c = content(data_dir, corpus)
    assert all(c.topics_of(p) for p in corpus.passage_ids())


def test_trainer_override_corrects_a_passage(data_dir: Path) -> None:
    (data_dir / "topics.toml").write_text(
        f'[[override]]\npassage = "{HEART_ALPHA}"\nadd = ["reparatur"]\n\n'
        f'[[override]]\npassage = "{REPAIR_ALPHA}"\nremove = ["arbeit"]\n',
        encoding="utf-8",
    )
    c = content(data_dir)
    assert ids(c.topics_of(HEART_ALPHA)) == ["reparatur"]
    assert ids(c.topics_of(REPAIR_ALPHA)) == ["reparatur"]
    assert c.check() == []


def test_removing_every_topic_falls_back_rather_than_leaving_a_passage_bare(data_dir: Path) -> None:
    (data_dir / "topics.toml").write_text(
        f'[[override]]\npassage = "{FIBRE_BETA}"\nremove = ["digitales"]\n', encoding="utf-8"
    )
    assert ids(content(data_dir).topics_of(FIBRE_BETA)) == ["allgemein"]


def test_broken_trainer_override_file_is_a_problem_not_a_crash(data_dir: Path) -> None:
    (data_dir / "topics.toml").write_text("[[override]\n", encoding="utf-8")
    c = content(data_dir)
    assert ids(c.topics_of(FIBRE_BETA)) == ["digitales"]
    problems = [str(p) for p in c.check()]
    assert len(problems) == 1 and "Korrekturdatei nicht lesbar" in problems[0]


def test_topic_passages_include_subtopics(data_dir: Path) -> None:
    c = content(data_dir)
    assert c.passage_ids("jugendarbeitslosigkeit") == [YOUTH_ALPHA, YOUTH_BETA]
    assert c.passage_ids("arbeit") == [YOUTH_ALPHA, YOUTH_BETA]


def test_topic_view_lists_silent_programmes_explicitly(data_dir: Path) -> None:
    view = content(data_dir).topic_view("reparatur")
    coverage = {c.programme.id: c for c in view.coverage}
    assert [p.id for p in coverage["alpha-2025-wirtschaft"].passages] == [REPAIR_ALPHA]
    assert coverage["alpha-2025-wirtschaft"].section_titles == ("Für gute Arbeit",)
    assert coverage["beta-2020-wirtschaft"].says_nothing
    assert not coverage["alpha-2025-wirtschaft"].says_nothing


def test_topic_view_has_subtopics_and_cards(data_dir: Path) -> None:
    view = content(data_dir).topic_view("arbeit")
    assert [t.id for t in view.subtopics] == ["jugendarbeitslosigkeit"]
    assert [c.id for c in view.cards] == ["jugend"]


def test_an_imported_programme_gets_topics_by_the_same_rules(data_dir: Path) -> None:
    imported = build_programme(
        {
            "id": "gamma-2025-wirtschaft",
            "party": "Partei Gamma",
            "title": "Wirtschaft",
            "year": 2025,
            "sections": [
                {
                    "id": "netz",
                    "title": "Netze",
                    "passages": [
                        {
                            "kind": "paragraph",
                            "text": "Wir bauen das Glasfaser-Netz in jedem Stadtteil aus.",
                        },
                        {"kind": "paragraph", "text": "Wir lieben unsere Stadt."},
                    ],
                }
            ],
        }
    )
    corpus = load_corpus().with_programme(imported)
    c = content(data_dir, corpus)
    fibre, other = (p.id for p in imported.passages())
    assert ids(c.topics_of(fibre)) == ["digitales"]
    assert ids(c.topics_of(other)) == ["allgemein"]
    coverage = {cv.programme.id: cv for cv in c.topic_view("digitales").coverage}
    assert [p.id for p in coverage["gamma-2025-wirtschaft"].passages] == [fibre]


def test_assignment_follows_the_corpus_when_it_changes(data_dir: Path) -> None:
    """The same Content object sees a programme imported after it was built."""

    class GrowingCorpus:
        def __init__(self) -> None:
            self.programmes_list = load_corpus().programmes()

        def programmes(self):  # type: ignore[no-untyped-def]
            return list(self.programmes_list)

    corpus = GrowingCorpus()
    c = Content(corpus, DATA_DIR, data_dir)
    assert len(c.passage_ids("digitales")) == 1
    corpus.programmes_list.append(
        build_programme(
            {
                "id": "delta-2025",
                "party": "Delta",
                "title": "W",
                "year": 2025,
                "sections": [
                    {
                        "id": "s",
                        "title": "S",
                        "passages": [{"kind": "paragraph", "text": "Mehr WLAN."}],
                    }
                ],
            }
        )
    )
    assert len(c.passage_ids("digitales")) == 2


def test_unknown_topic_is_a_german_error(data_dir: Path) -> None:
    import pytest

    from canvass_app.errors import CanvassError

    with pytest.raises(CanvassError, match="Thema 'nix' gibt es nicht"):
        content(data_dir).topic_view("nix")


def test_override_key_that_is_not_a_list_of_tables_is_a_problem(data_dir: Path) -> None:
    (data_dir / "topics.toml").write_text('override = "alles"\n', encoding="utf-8")
    problems = [str(p) for p in content(data_dir).check()]
    assert len(problems) == 1 and "Liste von Tabellen" in problems[0]


def test_set_override_stores_a_trainer_correction_and_can_undo_it(data_dir: Path) -> None:
    c = content(data_dir)
    assert ids(c.set_override(HEART_ALPHA, add=["digitales"])) == ["digitales"]
    assert (data_dir / "topics.toml").is_file()
    # A fresh Content reads the same correction back from the file.
    assert ids(content(data_dir).topics_of(HEART_ALPHA)) == ["digitales"]
    assert ids(c.set_override(FIBRE_BETA, remove=["digitales"], add=["reparatur"])) == ["reparatur"]
    assert ids(c.set_override(HEART_ALPHA)) == ["allgemein"]
    fresh = content(data_dir)
    assert ids(fresh.topics_of(HEART_ALPHA)) == ["allgemein"]
    assert ids(fresh.topics_of(FIBRE_BETA)) == ["reparatur"]
    assert fresh.check() == []


def test_set_override_refuses_unknown_passage_or_topic(data_dir: Path) -> None:
    import pytest

    from canvass_app.errors import CanvassError

    c = content(data_dir)
    with pytest.raises(CanvassError, match="Passage"):
        c.set_override("alpha-2025-wirtschaft:00000000", add=["digitales"])
    with pytest.raises(CanvassError, match="Unbekanntes Thema"):
        c.set_override(HEART_ALPHA, add=["nix"])
    assert not (data_dir / "topics.toml").exists()
