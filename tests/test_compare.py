"""Comparing two statements: what forbids them from being one statement (different
numbers for one quantity, a negation flip) and how alike they score."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analyze.pipeline import AnalyzeConfig, analyze_article
from accord.consolidate.claims import weigh_by_event
from accord.consolidate.compare import (
    CompareParams,
    UnitTraits,
    cosines,
    disagree,
    is_negated,
    lexical,
    negation_flip,
    numbers_differ,
    score,
    shared_anchors,
    unit_traits,
)
from accord.consolidate.units import Unit, article_units
from accord.model import Article, Quantity

# ---------------------------------------------------------------------------- helpers


def unit(text: str, language: str = "en") -> Unit:
    """The one unit of a one-sentence invented article."""
    article = Article(
        id=text[:20], source="t.txt", text=text, language=language, published="2026-03-02"
    )
    analyzed = analyze_article(article, AnalyzeConfig())
    units = article_units(article, analyzed)
    assert len(units) == 1, [u.text for u in units]
    return units[0]


def traits(text: str, language: str = "en") -> UnitTraits:
    return unit_traits(unit(text, language))


def amount(value: float, qualifier: str = "exact", counts: str | None = "dead people") -> Quantity:
    return Quantity(
        text=str(value),
        start=0,
        end=1,
        value=value,
        kind="count",
        unit="people",
        qualifier=qualifier,
        counts=counts,
    )


def bare(*amounts: Quantity, negated: bool = False, terms: dict | None = None) -> UnitTraits:
    return UnitTraits(
        terms=terms or {}, amounts=amounts, days=frozenset(), periods=frozenset(), negated=negated
    )


# ---------------------------------------------------------------------------- numbers


def test_different_death_tolls_differ() -> None:
    a = traits("12 people were killed in the flood.")
    b = traits("15 people were killed in the flood.")
    assert numbers_differ(a, b)
    assert numbers_differ(b, a)
    assert disagree(a, b)


def test_at_least_12_and_15_are_not_one_statement() -> None:
    # "at least 12" does not conflict with "15", but the two do not say the same thing
    a = traits("At least 12 people were killed in the flood.")
    b = traits("15 people were killed in the flood.")
    assert numbers_differ(a, b)
    assert disagree(a, b)


def test_the_same_toll_written_two_ways_does_not_differ() -> None:
    a = traits("Twelve people were killed in the flood.")
    b = traits("12 people were killed in the flood.")
    assert not numbers_differ(a, b)
    assert not disagree(a, b)


def test_money_is_compared_after_normalisation() -> None:
    a = traits("The storm caused $2.4 billion in damage.")
    b = traits("The storm caused 2,400 million dollars in damage.")
    assert not numbers_differ(a, b)
    assert shared_anchors(a, b) == 1
    c = traits("The storm caused $3 billion in damage.")
    assert numbers_differ(a, c)


def test_a_second_figure_in_one_statement_does_not_make_it_differ() -> None:
    # inflation and its target (6.8% and 2%) states what inflation alone (6.8%) states
    a = traits("Inflation rose to 6.8% against a target of 2%.")
    b = traits("Inflation rose to 6.8% in March.")
    assert not numbers_differ(a, b)
    assert not numbers_differ(b, a)
    c = traits("Inflation rose to 7.1% in March.")
    assert numbers_differ(a, c)


def test_qualifiers_that_agree_do_not_differ() -> None:
    a = traits("About 3,000 people were evacuated from the district.")
    b = traits("Some 3,000 people were evacuated from the district.")
    assert not numbers_differ(a, b)


def test_amounts_of_different_things_are_not_compared() -> None:
    # 12 dead and 12 injured, or 40 injured and 12 dead: nothing to compare
    a = traits("Twelve people died and 40 were injured.")
    b = traits("Twelve people died in the flood.")
    assert not numbers_differ(a, b)
    assert not numbers_differ(bare(amount(12)), bare(amount(15, counts="injured people")))
    assert not numbers_differ(bare(), bare(amount(15)))


def test_numbers_differ_per_quantity() -> None:
    assert numbers_differ(bare(amount(12)), bare(amount(15)))
    assert numbers_differ(bare(amount(12, "at_least")), bare(amount(15)))
    # any one agreeing pair of a kind makes that kind agree
    assert not numbers_differ(bare(amount(12), amount(15)), bare(amount(15)))
    # rounding of the written digits (1%) is the same number
    assert not numbers_differ(bare(amount(1000)), bare(amount(1005)))


def test_different_days_for_one_happening_disagree() -> None:
    a = traits("The provincial council will vote on the repair plan on 12 March.")
    b = traits("The provincial council will vote on the repair plan on 16 March.")
    c = traits("The provincial council will vote on the plan on 12 March, officials said.")
    assert a.days and b.days
    assert disagree(a, b)
    assert not disagree(a, c)


# --------------------------------------------------------------------------- negation


def test_is_negated_by_language() -> None:
    assert is_negated("The wall did not hold.", "en")
    assert is_negated("The wall didn't hold.", "en")
    assert is_negated("No one was hurt.", "en")
    assert not is_negated("The wall held.", "en")
    assert not is_negated("Talks failed on Monday.", "en")  # sounds negative, is not
    assert not is_negated("Notably, the wall held.", "en")  # "not" inside a word
    assert is_negated("El muro no resistió la tormenta.", "es")
    assert not is_negated("El muro resistió la tormenta.", "es")
    assert is_negated("Il muro non ha retto.", "it")
    assert not is_negated("Il muro ha retto.", "it")
    # the language matters: Spanish "no" is a negation, Italian "no" is not listed
    assert is_negated("No hubo heridos.", "es")
    assert is_negated("Non ci sono feriti.", "it")
    assert not is_negated("Il nome del ponte.", "it")
    # no language: English
    assert is_negated("The wall did not hold.", None)


def test_a_plain_denial_is_a_negation_flip() -> None:
    # the same words, one of them negated (an irregular form such as held/hold is not
    # matched: words are compared by their first letters, not by lemma)
    a = traits("The harbour wall survived the storm surge.")
    b = traits("The harbour wall did not survive the storm surge.")
    assert a.negated != b.negated
    assert negation_flip(a, b)
    assert disagree(a, b)


def test_a_denial_with_rarer_words_is_a_negation_flip() -> None:
    a = traits("The sea wall at Quillhaven held during the night.")
    b = traits("The sea wall at Quillhaven did not hold during the night.")
    assert negation_flip(a, b)
    assert negation_flip(b, a)
    es_a = traits("El muro de Quillhaven resistió la tormenta.", "es")
    es_b = traits("El muro de Quillhaven no resistió la tormenta.", "es")
    assert negation_flip(es_a, es_b)


SKIPPED = "Renvik skipped the news conference."
NOT_ATTENDED = "Renvik did not attend the news conference that had been planned."


def test_saying_the_same_with_a_negation_is_no_flip() -> None:
    # "skipped" and "did not attend" say the same; only the name is shared
    assert not negation_flip(traits(SKIPPED), traits(NOT_ATTENDED))


def test_saying_the_same_with_a_negation_is_no_flip_within_an_event() -> None:
    # as claims weigh them: by the event's statements, in which the minister's name is common
    texts = [
        SKIPPED,
        NOT_ATTENDED,
        "Renvik met the fishermen in Quillhaven on Monday.",
        "Renvik visited the flooded harbour district.",
        "Renvik said the wall would be rebuilt before the winter.",
    ]
    event = [traits(text) for text in texts]
    weigh_by_event(event)
    assert not negation_flip(event[0], event[1])


def test_no_flip_without_a_negation_on_one_side_only() -> None:
    a = traits("No one was hurt in Quillhaven.")
    b = traits("Nobody was hurt in Quillhaven.")
    assert a.negated and b.negated
    assert not negation_flip(a, b)
    c = traits("The sea wall at Quillhaven held during the night.")
    assert not negation_flip(c, c)


# ------------------------------------------------------------------------------ score


def test_lexical_is_containment_of_the_shorter() -> None:
    short = bare(terms={"corvane": 0.8, "mine": 0.6})
    long = bare(terms={"corvane": 0.5, "mine": 0.5, "hollin": 0.5, "lithium": 0.5})
    assert lexical(short, long) == pytest.approx(1.0)
    assert lexical(long, short) == pytest.approx(1.0)
    assert lexical(short, bare(terms={"quarry": 1.0})) == 0.0
    assert lexical(bare(), short) == 0.0


def test_score_adds_words_and_anchors_to_the_cosine() -> None:
    params = CompareParams()
    a = traits("The storm caused $2.4 billion in damage to Quillhaven.")
    b = traits("Quillhaven suffered 2,400 million dollars of damage in the storm.")
    c = traits("A bakery on Ferrow Street handed out free bread.")
    assert score(0.5, a, b, params) > score(0.5, a, c, params)
    assert score(0.5, a, c, params) >= 0.5
    # at most `max_anchors` anchors count
    many = bare(amount(1), amount(2), amount(3), amount(4))
    bonus = score(0.0, many, many, params)
    assert bonus == pytest.approx(params.anchor_bonus * params.max_anchors)


def test_cosines_of_pairs() -> None:
    vectors = np.eye(3, dtype=np.float32)
    vectors[2] = [0.6, 0.8, 0.0]
    got = cosines(vectors, np.array([0, 0, 1]), np.array([1, 2, 2]))
    assert got == pytest.approx([0.0, 0.6, 0.8])


# ------------------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80), st.sampled_from(["en", "es", "it", "xx"]))
def test_comparing_arbitrary_text_never_crashes(x: str, y: str, language: str) -> None:
    a = unit_traits(Unit("a", x, 0, len(x), 0, True, 0.0, language))
    b = unit_traits(Unit("b", y, 0, len(y), 0, True, 0.0, language))
    assert disagree(a, b) == disagree(b, a)
    assert negation_flip(a, b) == negation_flip(b, a)
    assert numbers_differ(a, b) == numbers_differ(b, a)
    assert 0.0 <= lexical(a, b) <= 1.0 + 1e-9
    assert not negation_flip(a, a)
    assert score(0.5, a, b, CompareParams()) == score(0.5, b, a, CompareParams())


QUANTITIES = st.builds(
    amount,
    st.floats(0, 1e6, allow_nan=False),
    st.sampled_from(["exact", "at_least", "at_most", "about", "more_than", "less_than"]),
    st.sampled_from(["dead people", "injured people", None]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(QUANTITIES, max_size=4), st.lists(QUANTITIES, max_size=4))
def test_numbers_differ_is_symmetric_and_self_consistent(
    xs: list[Quantity], ys: list[Quantity]
) -> None:
    a, b = bare(*xs), bare(*ys)
    assert numbers_differ(a, b) == numbers_differ(b, a)
    assert not numbers_differ(a, a)
