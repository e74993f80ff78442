"""Conflicts: statements about the same thing that cannot all be right.

Two statements conflict when they say the same thing (their score as statements, from
`compare`, is high) but give amounts of one kind that cannot be the same ("12 dead" and
"15 dead", "$2.4 billion" and "$3 billion" of damage), different days for the same
happening, or one denies what the other states. Values are compared after normalisation
(`analyze.numbers.same_amount`): "$200 billion" and "200,000 million dollars" agree, and
"at least 12" agrees with "15". Statements of one independent source never conflict
with each other: an outlet updating its own figure is not a dispute between sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.analyze.numbers import same_amount
from accord.consolidate.candidates import candidate_pairs
from accord.consolidate.claims import Statements
from accord.consolidate.compare import (
    COMPARED_KINDS,
    CompareParams,
    UnitTraits,
    days_differ,
    negation_flip,
    numbers_differ,
    score,
)
from accord.consolidate.conflict_words import ABOUT_COUNTS, ABOUT_KINDS, CURRENCY_NAMES
from accord.consolidate.sources import EventSources
from accord.consolidate.units import Unit
from accord.encode import Encoder
from accord.model import Claim, Conflict, ConflictValue, Mention, Quantity


@dataclass(frozen=True)
class ConflictParams:
    """How alike two statements must be for their differences to be a conflict."""

    amounts: float = 0.45  # statements giving different amounts of one kind
    days: float = 0.75  # statements giving different days
    negation: float = 0.75  # a statement and its denial
    context: float = 0.55  # the words around two amounts of an unnamed thing
    min_cosine: float = 0.25
    compare: CompareParams = field(default_factory=CompareParams)


def find_conflicts(
    statements: Statements,
    sources: EventSources,
    encoder: Encoder,
    claims: Sequence[Claim] = (),
    params: ConflictParams | None = None,
) -> list[Conflict]:
    """The event's conflicts, most widely reported first; ids x1, x2, ...

    `encoder` compares the words around two disputed amounts when what they count is not
    named: "a 9 percent pay rise" demanded and "4.5 percent" offered are two figures,
    not one figure in dispute."""
    params = params or ConflictParams()
    # Statements and their finer pieces: a figure or a day in a clause of a long sentence
    # ("...will walk out from Thursday after talks broke down on Wednesday") is disputed
    # by a short sentence that gives another one.
    units, vectors, traits = statements.items()
    source_index = _SourceIndex(sources)
    source_of = np.array([source_index(unit.article) for unit in units], dtype=np.int64)
    rows, cols, cos = candidate_pairs(vectors, source_of, params.min_cosine)
    contexts = _Contexts(encoder, params.context, units)
    amount_edges: dict[tuple, set[int]] = {}
    day_pairs: list[tuple[int, int]] = []
    negation_pairs: list[tuple[int, int]] = []
    whole = len(statements.units)  # items below this index are statements, then pieces
    quoted = _quoted_items(units)
    for i, j, c in zip(rows.tolist(), cols.tolist(), cos.tolist(), strict=True):
        if i >= whole and j >= whole:
            continue  # two fragments say too little to dispute anything
        alike = score(c, traits[i], traits[j], params.compare)
        if alike >= params.amounts:
            for key in _disputed_amounts(traits[i], traits[j]):
                if key[2] is None and not contexts.alike(units[i], units[j], key):
                    continue
                amount_edges.setdefault(key, set()).update((i, j))
        # Different days are a dispute only where the rest of the statement agrees: "12
        # dead on Friday" and "the toll rose to 15 on Sunday" tell of two moments.
        # Days inside quoted speech count from when it was said, not from publication.
        if (
            alike >= params.days
            and i not in quoted
            and j not in quoted
            and days_differ(traits[i], traits[j])
            and not numbers_differ(traits[i], traits[j])
            and _similar_length(units[i], units[j])
            and _dated_alike(units[i], units[j])
        ):
            day_pairs.append((i, j))
        # A piece inherits its sentence's "not", wherever it stood: only whole statements
        # can deny one another.
        both_whole = i < whole and j < whole
        if both_whole and alike >= params.negation and negation_flip(traits[i], traits[j]):
            negation_pairs.append((i, j))

    conflicts: list[Conflict] = []
    for key, members in sorted(amount_edges.items(), key=lambda item: str(item[0])):
        conflict = _amount_conflict(key, sorted(members), units, source_index)
        if conflict:
            conflicts.append(conflict)
    for members in _components(day_pairs):
        conflict = _day_conflict(members, units, traits)
        if conflict:
            conflicts.append(conflict)
    seen: set[frozenset] = set()
    for i, j in negation_pairs:
        # A sentence and its pieces may flip with the same statement: show it once.
        key = frozenset(
            {(units[i].article, units[i].sentence), (units[j].article, units[j].sentence)}
        )
        if key not in seen:
            seen.add(key)
            conflicts.append(_negation_conflict(units[i], units[j], traits[i].negated))
    _link_claims(conflicts, claims)
    conflicts.sort(key=lambda c: (-_spread(c, sources), c.about))
    for number, conflict in enumerate(conflicts, start=1):
        conflict.id = f"x{number}"
    return conflicts


class _SourceIndex:
    """A number for each independent source, so arrays can tell sources apart."""

    def __init__(self, sources: EventSources) -> None:
        self.sources = sources
        self.numbers: dict[str, int] = {}

    def __call__(self, article: str) -> int:
        root = self.sources.original.get(article, article)
        source = self.sources.source_of.get(root, root)
        return self.numbers.setdefault(source, len(self.numbers))


def _similar_length(a: Unit, b: Unit) -> bool:
    """A date dispute is between two tellings of one thing; a long sentence and a short
    one sharing its words usually date two different moments of the story."""
    shorter, longer = sorted((len(a.text), len(b.text)))
    return shorter >= DATE_LENGTH_RATIO * longer


DATE_LENGTH_RATIO = 0.7


class _Contexts:
    """The words around a statement's amounts, with the amount itself left out, and
    whether two such contexts say the same thing ("damage at" / "losses would reach")."""

    WORDS = 8  # on each side

    def __init__(self, encoder: Encoder, threshold: float, units: Sequence[Unit]) -> None:
        self.threshold = threshold
        # Every context the event may need, encoded in one batch.
        self.index: dict[tuple[int, int], int] = {}
        texts: list[str] = []
        for unit in units:
            for quantity in unit.quantities:
                if quantity.kind in COMPARED_KINDS and quantity.counts is None:
                    self.index[(id(unit), quantity.start)] = len(texts)
                    texts.append(self.text(unit, quantity))
        self.vectors = encoder.encode(texts) if texts else None

    def alike(self, a: Unit, b: Unit, key: tuple) -> bool:
        left = [self.index[(id(a), q.start)] for q in a.quantities if _class(q) == key]
        right = [self.index[(id(b), q.start)] for q in b.quantities if _class(q) == key]
        if not left or not right or self.vectors is None:
            return False
        similarity = self.vectors[left] @ self.vectors[right].T
        return float(similarity.max()) >= self.threshold

    def text(self, unit: Unit, quantity: Quantity) -> str:
        before = unit.text[: max(0, quantity.start - unit.start)]
        after = unit.text[max(0, quantity.end - unit.start) :]
        words_before = _WORD.findall(before)[-self.WORDS :]
        words_after = _WORD.findall(after)[: self.WORDS]
        return " ".join([*words_before, "…", *words_after])


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _class(quantity: Quantity) -> tuple:
    return (quantity.kind, quantity.unit, quantity.counts)


def _disputed_amounts(a: UnitTraits, b: UnitTraits) -> list[tuple]:
    """The classes of amount where the two give values none of which can agree."""
    verdicts: dict[tuple, bool] = {}
    for x in a.amounts:
        for y in b.amounts:
            if x.kind not in DISPUTED_KINDS:
                continue
            same = same_amount(x, y)
            if same is not None:
                verdicts[_class(x)] = verdicts.get(_class(x), False) or same
    return [key for key, agreed in verdicts.items() if not agreed]


# Durations are left out: "a 48-hour strike" and "4.5 percent over two years" name two
# spans of different things far more often than two figures for one.
DISPUTED_KINDS = ("count", "money", "percent")


def _amount_conflict(
    key: tuple, members: list[int], units: Sequence[Unit], source_index: _SourceIndex
) -> Conflict | None:
    # Each distinct value (equal after normalisation) with the mentions that state it.
    values: list[tuple[Quantity, list[Mention]]] = []
    for i in members:
        for quantity in units[i].quantities:
            if _class(quantity) != key:
                continue
            mention = units[i].mention()
            for shown, mentions in values:
                if _equal(shown, quantity):
                    if all(m.article != mention.article for m in mentions):
                        mentions.append(mention)
                    break
            else:
                values.append((quantity, [mention]))
    if not _disputed(values, source_index):
        return None
    values.sort(key=lambda item: (item[0].value, item[0].qualifier))
    return Conflict(
        id="",
        about=_about(key),
        values=[ConflictValue(value=_value_text(q), mentions=m) for q, m in values],
    )


def _equal(a: Quantity, b: Quantity) -> bool:
    return (
        a.qualifier == b.qualifier
        and same_amount(a, b) is True
        and (abs(a.value - b.value) <= 1e-9 * max(abs(a.value), abs(b.value), 1.0))
    )


def _disputed(values: list[tuple[Quantity, list[Mention]]], source_index: _SourceIndex) -> bool:
    """Two values that cannot both be right, stated by different independent sources."""
    for k, (a, a_mentions) in enumerate(values):
        for b, b_mentions in values[k + 1 :]:
            if same_amount(a, b) is False:
                a_sources = {source_index(m.article) for m in a_mentions}
                b_sources = {source_index(m.article) for m in b_mentions}
                if a_sources - b_sources and b_sources - a_sources:
                    return True
    return False


def _dated_alike(a: Unit, b: Unit) -> bool:
    """Both date the same action: the words just before their days share one ("talks
    broke down on Tuesday" / "talks broke down on Wednesday"), where "the wall broke late
    on Friday" / "the toll rose to 15 on Sunday" date two different things."""
    before_a = set().union(*(_words_before(a, d.start) for d in a.dates if d.granularity == "day"))
    before_b = set().union(*(_words_before(b, d.start) for d in b.dates if d.granularity == "day"))
    return bool(before_a & before_b)


def _words_before(unit: Unit, offset: int) -> set[str]:
    head = unit.text[: max(0, offset - unit.start)]
    words = _WORD.findall(head)[-DATE_CONTEXT_WORDS:]
    # Lowercase words only: the action ("broke down"), not the names all reports share.
    return {w for w in words if w.islower() and len(w) >= 3 and w not in DATE_CONTEXT_STOP}


DATE_CONTEXT_WORDS = 4
DATE_CONTEXT_STOP = frozenset(
    "the and late early last this next that since until from was were has have had its "
    "los las del por una que con para des les une dans sur della degli dal per".split()
)


def _quoted_items(units: Sequence[Unit]) -> set[int]:
    """Items that open or close a quotation: quoted speech, or a piece of it."""
    return {
        index
        for index, unit in enumerate(units)
        if unit.text[:1] in QUOTE_MARKS or unit.text.rstrip(" .,;")[-1:] in QUOTE_MARKS
    }


QUOTE_MARKS = "\"“”«»‘’'„"


def _components(pairs: list[tuple[int, int]]) -> list[list[int]]:
    """The connected groups of statements that dispute one another's days."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in pairs:
        parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for x in sorted(parent):
        groups.setdefault(find(x), []).append(x)
    return sorted(groups.values())


def _day_conflict(
    members: list[int], units: Sequence[Unit], traits: Sequence[UnitTraits]
) -> Conflict | None:
    by_day: dict[str, list[Mention]] = {}
    for i in members:
        for day in sorted(traits[i].days):
            mentions = by_day.setdefault(day, [])
            if all(m.article != units[i].article for m in mentions):
                mentions.append(units[i].mention())
    if len(by_day) < 2:
        return None
    return Conflict(
        id="",
        about="date",
        values=[ConflictValue(value=day, mentions=m) for day, m in sorted(by_day.items())],
    )


def _negation_conflict(a: Unit, b: Unit, a_negated: bool) -> Conflict:
    stated, denied = (b, a) if a_negated else (a, b)
    return Conflict(
        id="",
        about="whether: " + stated.text,
        values=[
            ConflictValue("stated", [stated.mention()]),
            ConflictValue("denied", [denied.mention()]),
        ],
    )


def _about(key: tuple) -> str:
    kind, unit, counts = key
    if counts and counts in ABOUT_COUNTS:
        return ABOUT_COUNTS[counts]
    if counts:
        return f"number of {counts}"
    if kind == "money" and unit:
        return f"amount ({CURRENCY_NAMES.get(unit, unit)})"
    return ABOUT_KINDS.get(kind, kind)


def _value_text(quantity: Quantity) -> str:
    qualifier = {
        "exact": "",
        "at_least": "at least ",
        "at_most": "at most ",
        "about": "about ",
        "more_than": "more than ",
        "less_than": "less than ",
    }.get(quantity.qualifier, "")
    return f"{qualifier}{_number_text(quantity.value)}{_unit_text(quantity)}"


def _number_text(value: float) -> str:
    for scale, word in ((1e12, " trillion"), (1e9, " billion"), (1e6, " million")):
        if abs(value) >= scale:
            return f"{value / scale:.4g}{word}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:.4g}"


def _unit_text(quantity: Quantity) -> str:
    if quantity.kind == "percent":
        return "%"
    if quantity.kind == "money" and quantity.unit:
        return f" {quantity.unit}"
    if quantity.kind == "duration" and quantity.unit:
        return f" {quantity.unit}"
    return ""


def _link_claims(conflicts: list[Conflict], claims: Sequence[Claim]) -> None:
    """Name the claims whose mentions state a conflict's values."""
    where: dict[tuple[str, int], str] = {}
    for claim in claims:
        for mention in claim.mentions:
            where[(mention.article, mention.start)] = claim.id
    for conflict in conflicts:
        linked = {
            where[(m.article, m.start)]
            for value in conflict.values
            for m in value.mentions
            if (m.article, m.start) in where
        }
        conflict.claims = sorted(linked, key=lambda c: (len(c), c))


def _spread(conflict: Conflict, sources: EventSources) -> int:
    return len(sources.support(m.article for v in conflict.values for m in v.mentions))


__all__ = ["COMPARED_KINDS", "ConflictParams", "find_conflicts"]
