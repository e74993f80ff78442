"""How alike two statements are, and what forbids them from being the same statement.

Statements of one event share its topic, so sentence vectors alone rate many different
statements of an event as close and some paraphrases as far apart. The score adds what a
reader checks: the rare words both use (names, places, technical terms), and the anchors
they share (the same amount, the same day). What must agree for two statements to be one
is checked apart: no two numbers for the same quantity, no negation flip, no two days for
one happening.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from accord.analyze.numbers import same_amount
from accord.cluster.features import term_weights
from accord.consolidate.negation_words import NEGATIONS
from accord.consolidate.units import Unit
from accord.model import Quantity

COMPARED_KINDS = ("count", "money", "percent", "duration")


@dataclass(frozen=True)
class CompareParams:
    """Weights of the statement score. The form and the anchor weight agree with a logistic
    fit on ECB+ training-topic sentence pairs (`python -m accord.eval.claim_fit`: lexical
    0.5, anchors 0.24 per cosine unit; dev AUC 0.782 against 0.779 for these values); the
    exact values were chosen on the example corpus, which `accord eval examples` scores."""

    lexical_weight: float = 0.4  # times the cosine of rarity-weighted word vectors
    anchor_bonus: float = 0.15  # per shared amount or day, at most `max_anchors`
    max_anchors: int = 2


@dataclass
class UnitTraits:
    """What `compare` needs of a unit, computed once."""

    terms: dict[str, float]
    amounts: tuple  # the unit's comparable quantities
    days: frozenset[str]
    periods: frozenset[tuple[str, str | None]]  # months, seasons, years named
    negated: bool


def unit_traits(unit: Unit) -> UnitTraits:
    return UnitTraits(
        terms=stemmed(term_weights(unit.text, unit.language)),
        amounts=tuple(q for q in unit.quantities if q.kind in COMPARED_KINDS),
        days=frozenset(d.value for d in unit.dates if d.granularity == "day" and d.value),
        periods=frozenset(
            (d.value, d.end_value) for d in unit.dates if d.granularity != "day" and d.value
        ),
        negated=is_negated(unit.text, unit.language),
    )


STEM_LENGTH = 6  # "survived"/"survive", "evacuated"/"evacuation", "acuerdo"/"acuerdos"


def stemmed(terms: dict[str, float]) -> dict[str, float]:
    """Words cut to their first letters, so inflections of one word meet; a crude stem
    that needs no language's rules, and in one event's statements seldom joins two words."""
    folded: dict[str, float] = {}
    for word, weight in terms.items():
        key = word[:STEM_LENGTH]
        folded[key] = max(folded.get(key, 0.0), weight)
    return folded


def lexical(a: UnitTraits, b: UnitTraits) -> float:
    """How much of the shorter statement's weighted words the other one also uses.

    Containment, not cosine: a clause and the longer sentence that states it and more
    ("the company will shut the mine by June 2027" within "Corvane will close its Hollin
    Ridge lithium mine in northern Kessmark by June 2027") should score high."""
    if len(a.terms) > len(b.terms):
        a, b = b, a
    total = sum(weight * weight for weight in a.terms.values())
    if total <= 0:
        return 0.0
    return sum(weight * weight for word, weight in a.terms.items() if word in b.terms) / total


def shared_anchors(a: UnitTraits, b: UnitTraits) -> int:
    amounts = sum(1 for x in a.amounts if any(same_amount(x, y) for y in b.amounts))
    return amounts + len(a.days & b.days) + len(a.periods & b.periods)


def score(cosine: float, a: UnitTraits, b: UnitTraits, params: CompareParams) -> float:
    anchors = min(params.max_anchors, shared_anchors(a, b))
    return cosine + params.lexical_weight * lexical(a, b) + params.anchor_bonus * anchors


# Share of the shorter statement's weighted words the other must use for a negation in
# one of them to be a flip: "the wall survived" / "the wall did not survive" is one, while
# "Renvik skipped the conference" / "Renvik did not attend the conference" says the same.
FLIP_OVERLAP = 0.8
FLIP_LENGTH_RATIO = 0.6


def disagree(a: UnitTraits, b: UnitTraits) -> bool:
    """True when the two cannot be one statement: a negation flip, different numbers, or
    different days ("talks broke down on Tuesday 10 November" / "...on Wednesday")."""
    return negation_flip(a, b) or numbers_differ(a, b) or days_differ(a, b)


def days_differ(a: UnitTraits, b: UnitTraits) -> bool:
    return bool(a.days) and bool(b.days) and not a.days & b.days


def negation_flip(a: UnitTraits, b: UnitTraits) -> bool:
    """One denies what the other states, in (nearly) the same words: the same words, not
    a short phrase contained in a longer sentence that negates something else."""
    if a.negated == b.negated:
        return False
    shorter, longer = sorted((len(a.terms), len(b.terms)))
    return shorter >= FLIP_LENGTH_RATIO * longer and lexical(a, b) >= FLIP_OVERLAP


def numbers_differ(a: UnitTraits, b: UnitTraits) -> bool:
    """True when both give amounts of one kind and none of them are the same number.

    One statement states the same numbers: "at least 12 dead" and "15 dead" do not
    conflict, but they are not one claim either. Qualifiers may differ ("about 3,000" and
    "some 3,000"), and a sentence giving inflation and the target (6.8% and 2%) is the
    same statement as one giving inflation alone (6.8%)."""
    verdicts: dict[tuple, bool] = {}
    for x in a.amounts:
        for y in b.amounts:
            if same_amount(x, y) is None:
                continue
            key = (x.kind, x.unit, x.counts)
            verdicts[key] = verdicts.get(key, False) or same_number(x, y)
    return any(not agreed for agreed in verdicts.values())


def same_number(x: Quantity, y: Quantity) -> bool:
    """Equal after normalisation, up to the rounding of the written digits (1%)."""
    return math.isclose(x.value, y.value, rel_tol=0.01, abs_tol=1e-9)


def cosines(vectors: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Cosine of each (rows[k], cols[k]) pair of unit-norm vectors."""
    return np.einsum("ij,ij->i", vectors[rows], vectors[cols])


def is_negated(text: str, language: str | None) -> bool:
    return bool(_negation_pattern(language or "en").search(text))


@lru_cache(maxsize=16)
def _negation_pattern(language: str) -> re.Pattern[str]:
    words = NEGATIONS.get(language, NEGATIONS["en"])
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    # "n't" is glued to its verb ("didn't"), so it needs no word boundary before it.
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)|n[’']t\b", re.IGNORECASE)
