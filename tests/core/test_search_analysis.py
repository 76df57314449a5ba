"""The German analysis chain, word by word: tokens, folding, stemming, hyphens, gender marks."""

from __future__ import annotations

import pytest

from canvass_app.search.analysis import GermanTokenizer, analyze, fold, stem


def stems(text: str) -> list[str]:
    return [t.stem for t in analyze(text)]


def same(a: str, b: str) -> bool:
    return stems(a) == stems(b)


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Gruendung", "Gründung"),
        ("Grundung", "Gründung"),
        ("GRÜNDUNG", "gründung"),
        ("Strasse", "Straße"),
        ("foerdern", "fördern"),
        ("Oekonomie", "Ökonomie"),
        ("Aemter", "Ämter"),
        ("Café", "Cafe"),
    ],
)
def test_spellings_fold_together(typed: str, printed: str) -> None:
    assert fold(typed) == fold(printed)


@pytest.mark.parametrize("word", ["neue", "Steuer", "Frauen", "Bauer", "Treue", "Quelle"])
def test_ue_after_a_vowel_or_q_is_not_an_umlaut(word: str) -> None:
    assert "ue" in fold(word) or "ue" not in word.casefold()


def test_neue_and_neuen_share_a_stem() -> None:
    assert stem(fold("neue")) == stem(fold("neuen"))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Arbeitsplätze", "Arbeitsplatz"),
        ("Arbeitsplätzen", "Arbeitsplatz"),
        ("fördern", "Förderung"),
        ("fördert", "fördern"),
        ("Gründerinnen", "Gründer"),
        ("Azubis", "Azubi"),
        ("Startups", "Startup"),
        ("Unternehmen", "Unternehmens"),
        ("Gewerbeflächen", "Gewerbefläche"),
        ("inklusive", "inklusiv"),
        ("Fahrrädern", "Fahrrad"),
    ],
)
def test_inflections_meet(a: str, b: str) -> None:
    assert same(a, b), (stems(a), stems(b))


@pytest.mark.parametrize(("a", "b"), [("Ort", "Dortmund"), ("Handel", "Handwerk"), ("neun", "neuen")])
def test_different_words_stay_apart(a: str, b: str) -> None:
    assert not same(a, b)


def test_hyphenated_word_yields_parts_and_joined_form_at_one_position() -> None:
    tokens = analyze("Start-ups und Mikro-Depots")
    assert [(t.folded, t.pos, t.joined) for t in tokens] == [
        ("start", 0, False),
        ("ups", 1, False),
        ("startups", 0, True),
        ("mikro", 2, False),
        ("depots", 3, False),
        ("mikrodepots", 2, True),
    ]
    assert stems("Startups") == [t.stem for t in tokens if t.joined][:1]
    assert stems("Mikrodepots")[0] == tokens[-1].stem


@pytest.mark.parametrize(
    "text", ["Bürger*innen", "Bürger:innen", "Bürger_innen", "Bürger/innen", "Bürgerinnen", "Bürger"]
)
def test_gender_forms_meet_the_plain_word(text: str) -> None:
    assert stems(text) == stems("Bürger")


def test_gender_infix_splits_the_compound() -> None:
    assert [t.folded for t in analyze("migrant*innengeführten")] == [
        "migrant",
        "gefuhrten",
        "migrantgefuhrten",
    ]


def test_stopwords_take_no_position_and_single_letters_are_dropped() -> None:
    tokens = analyze("die Förderung von Frauen in MINT z. B. 5G")
    assert [(t.folded, t.pos) for t in tokens] == [
        ("forderung", 0),
        ("frauen", 1),
        ("mint", 2),
        ("5g", 3),
    ]


def test_offsets_point_at_the_original_characters() -> None:
    text = "Die Gründung von Start-ups"
    for token in analyze(text):
        assert fold(text[token.start : token.end]).replace("-", "") == token.folded


def test_hostile_text_analyses_without_error() -> None:
    for text in ["", "\x00\x01", "🙂🙂", "*" * 50, "a-" * 1000, "ß" * 10, "İstanbul ǅ ﬁ"]:
        analyze(text)


def test_tokenizer_feeds_whoosh_with_positions_and_chars() -> None:
    tokenizer = GermanTokenizer("stem")
    got = [(t.text, t.pos, t.startchar, t.endchar) for t in tokenizer("Die Gründung", positions=True, chars=True)]
    assert got == [("grundung", 0, 4, 12)]
    assert [t.text for t in GermanTokenizer("folded")("Die Gründungen")] == ["grundungen"]
    assert GermanTokenizer("stem") == GermanTokenizer("stem") != GermanTokenizer("folded")


def test_the_per_word_memo_changes_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    """Indexing memoises each plain word's forms and builds tokens without the dataclass's
    __init__: the tokens are the same as freshly made ones, however full the memo is."""
    from canvass_app.search import analysis

    text = "Die Stadt fördert Start-ups, Gründer*innen und die Gründung; die Stadt fördert 4.0 und z.B. Kitas."
    made = analysis.analyze(text)
    again = analysis.analyze(text)  # from the memo
    monkeypatch.setattr(analysis, "_PLAIN_WORDS_MAX", 2)
    analysis._PLAIN_WORDS.clear()
    crowded = analysis.analyze(text)
    with_stopwords = analysis.analyze(text, keep_stopwords=True)
    assert made == again == crowded
    assert [(t.surface, t.stem) for t in with_stopwords if t.folded not in analysis.STOPWORDS] == [
        (t.surface, t.stem) for t in made
    ]
    assert any(t.folded == "die" for t in with_stopwords)
    fresh = [
        analysis.AnalyzedToken(t.surface, t.folded, t.stem, t.pos, t.start, t.end, t.joined) for t in made
    ]
    assert made == fresh and [hash(t) for t in made] == [hash(t) for t in fresh]
    assert [vars(t) for t in made] == [vars(t) for t in fresh]
    assert len(analysis._PLAIN_WORDS) <= 2


def test_bus_and_its_compounds_meet_their_plurals() -> None:
    """Snowball doubles the "s" of "Busse" ("buss") and the plural-s repair cut "Schulbus"
    to "schulbu": singular and plural never met. Other words keep their stems."""
    def stems(*words: str) -> set[str]:
        return {t.stem for w in words for t in analyze(w)}

    assert stems("Bus", "Busse", "Bussen", "des Busses") - {"des"} == {"bus"}
    assert stems("Schulbus", "Schulbusse") == {"schulbus"}
    assert stems("Bürgerbus", "Bürgerbussen") == {"burgerbus"}
    assert len(stems("Einbußen", "Bus")) == 2  # a loss is no bus
    assert stems("Flüsse") == stems("Fluss") and stems("Zuschüsse") == stems("Zuschuss")
    assert stems("Azubis") == stems("Azubi")
