"""Statement units: an article's sentences, cut into clauses where one says two things.

Every unit (and every finer piece of one) must be a verbatim span of the article; a
relative clause or a quoted passage is never cut; credit lines and quoted speech are not
statements of the reporter's own."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analyze.pipeline import AnalyzeConfig, analyze_article
from accord.consolidate.units import (
    Unit,
    article_units,
    clause_spans,
    statement_units,
    unit_pieces,
)
from accord.model import Analysis, Article, Quote, Sentence

# --------------------------------------------------------------------------- helpers


def analysed(text: str, language: str | None = "en") -> tuple[Article, Analysis]:
    article = Article(
        id="a1", source="a1.txt", text=text, language=language, published="2026-03-02"
    )
    return article, analyze_article(article, AnalyzeConfig())


def units_of(text: str, language: str | None = "en") -> list[Unit]:
    article, analysis = analysed(text, language)
    return article_units(article, analysis)


def statements_of(text: str, language: str | None = "en") -> list[str]:
    article, analysis = analysed(text, language)
    return [unit.text for unit in statement_units(article, analysis)]


def assert_well_formed(article: Article, analysis: Analysis, units: list[Unit]) -> None:
    """Verbatim, inside their sentence, in order and not overlapping."""
    for unit in units:
        assert article.text[unit.start : unit.end] == unit.text
        assert unit.start < unit.end
        sentence = analysis.sentences[unit.sentence]
        assert sentence.start <= unit.start and unit.end <= sentence.end
    for left, right in itertools.pairwise(units):
        assert left.end <= right.start


# A small invented report (fictional town, storm and people).
REPORT = (
    "Storm Ilsabet broke through the sea wall of Quillhaven on Sunday night. "
    "At least 12 people were killed when the water reached the old town, flooding the "
    "harbour district and driving 3,000 people from their homes. "
    "Mayor Tilda Varrow, who arrived late but stayed for hours, said the city would rebuild "
    "the wall before the winter. "
    'The 2019 inspection called the wall "old, but still sound for years to come", and '
    "engineers later found deep cracks in its concrete base. "
    '"We have lost everything, and nobody came to help us, not even once," said Ona Pell, '
    "a fisherman. "
    "With information from MPA and Nordwire."
)


# ----------------------------------------------------------------- units are verbatim


def test_units_are_verbatim_spans_inside_their_sentences() -> None:
    article, analysis = analysed(REPORT)
    units = article_units(article, analysis)
    assert len(units) >= len(analysis.sentences)
    assert_well_formed(article, analysis, units)
    # every sentence gives at least one unit, and a sentence left whole is one unit
    assert {unit.sentence for unit in units} == set(range(len(analysis.sentences)))
    for unit in units:
        same = [u for u in units if u.sentence == unit.sentence]
        assert unit.whole_sentence == (len(same) == 1)
    # positions run from the lead (0) towards the last sentence (1)
    assert units[0].position == 0.0
    assert units[-1].position == 1.0


def test_units_carry_the_numbers_inside_them() -> None:
    article, analysis = analysed(REPORT)
    for unit in article_units(article, analysis):
        for quantity in unit.quantities:
            assert unit.start <= quantity.start < unit.end
        inside = [q for q in analysis.quantities if unit.start <= q.start < unit.end]
        assert unit.quantities == inside


def test_participle_clauses_are_cut_off() -> None:
    sentence = (
        "At least 12 people were killed when the storm broke the sea wall, flooding the "
        "district and driving 3,000 people from their homes."
    )
    units = units_of(sentence)
    assert len(units) >= 2
    assert all(not unit.whole_sentence for unit in units)
    assert units[0].text.startswith("At least 12 people were killed")
    assert any(unit.text.startswith("flooding the district") for unit in units)
    # the cut takes the comma with it: no unit starts or ends with one
    assert all(unit.text.strip(" ,") == unit.text for unit in units)


def test_semicolon_and_comma_conjunction_cut() -> None:
    units = units_of(
        "Officials in Quillhaven closed the harbour on Monday; fishermen were told to wait "
        "until the weekend."
    )
    assert [u.text for u in units] == [
        "Officials in Quillhaven closed the harbour on Monday",
        "fishermen were told to wait until the weekend.",
    ]
    spanish = units_of(
        "Los bomberos rescataron a 40 personas en el puerto, y la policía cerró la carretera "
        "durante la noche.",
        "es",
    )
    assert len(spanish) == 2
    assert spanish[1].text.startswith("y la policía")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Die Mauer brach am Sonntag; viele Menschen flohen am Abend aus der Stadt."),
        ("fr", "Le mur a cédé dimanche soir; des centaines de familles ont quitté le port."),
        ("xx", "The wall broke on Sunday night; many families left the harbour at dawn."),
    ],
)
def test_languages_without_participles_are_cut_too(language: str, text: str) -> None:
    # German, French and languages with no table have no participle pattern: a cut in
    # them must still work (it must not look up a participle the pattern lacks).
    article = Article(id="d1", source="d1.txt", text=text, language=language)
    analysis = Analysis(article="d1", language=language, sentences=[Sentence(text, 0, len(text))])
    units = article_units(article, analysis)
    assert len(units) == 2
    assert all(text[u.start : u.end] == u.text for u in units)


def test_short_phrases_are_not_cut_off() -> None:
    # "killed when the wall broke" is one statement, and "as expected" is no clause
    assert len(units_of("Twelve people were killed when the old sea wall broke.")) == 1
    assert len(units_of("The council met on Monday, as expected.")) == 1


def test_a_relative_clause_is_never_cut_inside() -> None:
    text = (
        "Mayor Tilda Varrow, who arrived late but stayed for hours, said the city would "
        "rebuild the wall before the winter."
    )
    relative = (text.index(", who"), text.index("hours,") + len("hours,"))
    units = units_of(text)
    for unit in units:
        # no unit starts or ends strictly inside the relative clause
        assert not relative[0] < unit.start < relative[1]
        assert not relative[0] < unit.end < relative[1]
    # the bare clause, with the relative clause taken out, does cut at "but"
    assert len(units_of("Mayor Tilda Varrow arrived late but stayed for hours at the dock.")) == 2


def test_quoted_passages_are_never_cut() -> None:
    article, analysis = analysed(REPORT)
    units = article_units(article, analysis)
    assert analysis.quotes, "the analyser should find the quotes of REPORT"
    for quote in analysis.quotes:
        for unit in units:
            assert not quote.start < unit.start < quote.end
            assert not quote.start < unit.end < quote.end


def test_protected_spans_are_not_cut() -> None:
    text = "The engineers checked the wall, and the council closed the promenade for a week."
    whole = clause_spans(text, 0, len(text), "en")
    assert len(whole) == 2
    protected = [(text.index("wall"), text.index("promenade"))]
    assert clause_spans(text, 0, len(text), "en", protected) == [(0, len(text))]


def test_credit_lines_and_quoted_speech_are_not_statements() -> None:
    for line in (
        "With information from MPA and Nordwire.",
        "Reporting by Ana Costa and Luis Mora.",
        "According to the coast guard.",
        "Con información de Agencia Norte y MPA.",
    ):
        assert statements_of(line, None) == [], line
    # mostly quoted speech belongs to the quotes, not to the reporter's statements
    assert (
        statements_of(
            '"We have lost everything, and nobody came to help us, not even once," said Ona Pell.'
        )
        == []
    )
    # but a statement that merely starts like a credit is kept when it is long
    kept = statements_of(
        "According to the coast guard, the storm surge was the highest ever recorded on "
        "the northern coast of the island."
    )
    assert kept


def test_statement_units_are_the_reporters_statements_of_the_report() -> None:
    article, analysis = analysed(REPORT)
    statements = statement_units(article, analysis)
    texts = [unit.text for unit in statements]
    assert "Storm Ilsabet broke through the sea wall of Quillhaven on Sunday night." in texts
    assert not any("With information" in text for text in texts)
    assert not any("We have lost everything" in text for text in texts)
    # statement units are a subset of all units, in text order
    all_units = [(u.start, u.end) for u in article_units(article, analysis)]
    spans = [(u.start, u.end) for u in statements]
    assert set(spans) <= set(all_units)
    assert spans == sorted(spans)


# ---------------------------------------------------------------------- finer pieces


def test_unit_pieces_split_a_long_unit_and_stay_verbatim() -> None:
    article, analysis = analysed(
        "Mayor Tilda Varrow, who was in the tower when the wall failed, said the city "
        "would rebuild it before winter."
    )
    (unit,) = article_units(article, analysis)
    pieces = unit_pieces(unit)
    assert len(pieces) >= 2
    for piece in pieces:
        assert article.text[piece.start : piece.end] == piece.text
        assert unit.start <= piece.start < piece.end <= unit.end
        assert not piece.whole_sentence
        assert piece.sentence == unit.sentence
    for left, right in itertools.pairwise(pieces):
        assert left.end <= right.start
    assert any(p.text.startswith("said the city would rebuild it") for p in pieces)


def test_unit_pieces_of_a_short_unit_are_none() -> None:
    article, analysis = analysed("The wall held.")
    (unit,) = article_units(article, analysis)
    assert unit_pieces(unit) == []


def test_unit_pieces_keep_their_numbers() -> None:
    article, analysis = analysed(
        "At least 12 people were killed, and the storm destroyed 40 fishing boats."
    )
    pieces = [p for u in article_units(article, analysis) for p in unit_pieces(u)]
    for piece in pieces:
        for quantity in piece.quantities:
            assert piece.start <= quantity.start < piece.end


# ------------------------------------------------------------------------ properties

LANGUAGES = st.sampled_from(["en", "es", "it", "de", "fr", "xx", None])
# Text that is likely to hit cut points: words, commas, semicolons, quotes and openers.
NEWSY = st.lists(
    st.sampled_from(
        [
            "the",
            "wall",
            "held",
            ",",
            ";",
            " and",
            " but",
            " who",
            " que",
            " e",
            "flooding",
            "y",
            "which",
            '"',
            "“",
            "”",
            ".",
            " ",
            "12",
            "people",
            "según",
            "with",
            "Ona",
            "no",
            "non",
            "after",
            " driving",
            "—",
        ]
    )
    | st.text(max_size=6),
    max_size=40,
).map(" ".join)
TEXT = st.one_of(st.text(max_size=200), NEWSY)


@st.composite
def text_with_spans(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """A text, sentence spans tiling parts of it, and quote spans anywhere in it."""
    text = draw(TEXT)
    n = len(text)
    cuts = sorted(set([*draw(st.lists(st.integers(0, n), max_size=6)), 0, n]))
    sentences = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    quotes = []
    for _ in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, n))
        quotes.append((a, b))
    return text, sentences, quotes


@settings(max_examples=150, deadline=None)
@given(text_with_spans(), LANGUAGES)
def test_article_units_never_crash_and_are_verbatim(
    case: tuple[str, list[tuple[int, int]], list[tuple[int, int]]], language: str | None
) -> None:
    text, sentences, quotes = case
    article = Article(id="x", source="x", text=text, language=language)
    analysis = Analysis(
        article="x",
        language=language,
        sentences=[Sentence(text[a:b], a, b) for a, b in sentences],
        quotes=[Quote(text[a:b], a, b) for a, b in quotes],
    )
    units = article_units(article, analysis)
    for unit in units:
        assert article.text[unit.start : unit.end] == unit.text
        start, end = sentences[unit.sentence]
        assert start <= unit.start <= unit.end <= end
    for left, right in itertools.pairwise(units):
        assert left.end <= right.start
    for unit in units:
        for piece in unit_pieces(unit):
            assert text[piece.start : piece.end] == piece.text
            assert unit.start <= piece.start < piece.end <= unit.end
    # deterministic
    assert [(u.start, u.end) for u in article_units(article, analysis)] == [
        (u.start, u.end) for u in units
    ]
    statements = statement_units(article, analysis)
    assert {(u.start, u.end) for u in statements} <= {(u.start, u.end) for u in units}


@settings(max_examples=200, deadline=None)
@given(TEXT, st.data(), LANGUAGES)
def test_clause_spans_stay_inside_and_apart(
    text: str, data: st.DataObject, language: str | None
) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    protected = data.draw(
        st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=3)
    )
    spans = clause_spans(text, start, end, language, protected)
    assert spans
    if len(spans) == 1:
        assert spans == [(start, end)]
    for a, b in spans:
        assert start <= a <= b <= end
    for (_, b), (a, _) in itertools.pairwise(spans):
        assert b <= a
    assert clause_spans(text, start, end, language, protected) == spans


@settings(max_examples=200, deadline=None)
@given(TEXT, st.text(max_size=20), LANGUAGES)
def test_unit_pieces_never_crash_and_are_verbatim(
    body: str, prefix: str, language: str | None
) -> None:
    text = prefix + body
    unit = Unit(
        article="x",
        text=body,
        start=len(prefix),
        end=len(text),
        sentence=0,
        whole_sentence=True,
        position=0.0,
        language=language,
    )
    pieces = unit_pieces(unit)
    assert len(pieces) != 1
    for piece in pieces:
        assert text[piece.start : piece.end] == piece.text
        assert unit.start <= piece.start < piece.end <= unit.end
    for left, right in itertools.pairwise(pieces):
        assert left.end <= right.start


@pytest.mark.parametrize("language", ["en", "es", "it", None])
@settings(max_examples=15, deadline=None)
@given(text=st.text(max_size=120))
def test_units_of_analysed_arbitrary_text_are_verbatim(language: str | None, text: str) -> None:
    article, analysis = analysed(text, language)
    units = article_units(article, analysis)
    assert_well_formed(article, analysis, units)
    for unit in statement_units(article, analysis):
        assert text[unit.start : unit.end] == unit.text


def test_split_statements_partitions_the_units() -> None:
    from accord.consolidate.units import split_statements

    article, analysis = analysed(REPORT)
    statements, others = split_statements(article, analysis)
    everything = sorted((u.start, u.end) for u in [*statements, *others])
    assert everything == [(u.start, u.end) for u in article_units(article, analysis)]
    assert [u.text for u in statements] == [u.text for u in statement_units(article, analysis)]
    assert any("With information" in u.text for u in others)
