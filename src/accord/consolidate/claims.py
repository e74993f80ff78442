"""Claims: the statements of an event's articles aligned across outlets and languages.

    units = [u for a in articles for u in article_units(a, analyses[a.id])]
    statements = prepare_statements(units, encoder)
    claims = align_claims(statements, sources)

Alignment is agglomerative and greedy: candidate pairs (see `candidates`) are scored
(see `compare`), and from the best pair down two groups join when the pair scores at
least `join`, the groups share no article, nothing in one disagrees with anything in the
other, and their average score stays at least `average` (so a chain of near pairs does
not pull unrelated statements together). Every unit ends in exactly one claim; those
that join nothing are one article's claims, single-source details.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.consolidate.candidates import candidate_pairs
from accord.consolidate.compare import (
    CompareParams,
    UnitTraits,
    disagree,
    score,
    unit_traits,
)
from accord.consolidate.sources import EventSources
from accord.consolidate.units import Unit, unit_pieces
from accord.encode import Encoder
from accord.model import Claim


@dataclass(frozen=True)
class AlignParams:
    """Thresholds of claim alignment; chosen on the example corpus (see docs)."""

    join: float = 0.5  # a pair at least this alike may join their groups
    average: float = 0.5  # ...if the groups' mean pair score stays at least this
    least: float = 0.3  # ...and no pair across them scores below this
    min_cosine: float = 0.3  # pairs less alike in meaning are never scored
    # Share of the event's mean vector taken out of each statement's vector: what all
    # statements of the event share (its topic) says nothing about which are the same.
    centering: float = 0.8
    # A statement already in one claim may also support another (a sentence that says two
    # things) when it is this alike to the other claim's statements on average...
    attach: float = 0.65
    # ...and the claim has at least this many statements (1: even single-source ones),
    # and no pair scores below `attach_least`.
    attach_min_size: int = 1
    attach_least: float = 0.3
    compare: CompareParams = field(default_factory=CompareParams)


STATUS_ORDER = {"consensus": 0, "corroborated": 1, "single_source": 2}


@dataclass
class Statements:
    """An event's units with what comparing them needs: their vectors with the event's
    topic taken out (`centred`), and their traits weighted by the event (`weigh_by_event`).

    `pieces` are the units' finer clauses (`unit_pieces`), with vectors and traits of
    their own: evidence that a long sentence also states what a short one says."""

    units: list[Unit]
    vectors: np.ndarray
    traits: list[UnitTraits]
    pieces: list[Unit] = field(default_factory=list)
    piece_vectors: np.ndarray | None = None
    piece_traits: list[UnitTraits] = field(default_factory=list)

    def items(self) -> tuple[list[Unit], np.ndarray, list[UnitTraits]]:
        """The units, then their pieces, with vectors and traits in that order: what a
        claim may take a mention from."""
        vectors = self.vectors
        if self.piece_vectors is not None and len(self.piece_vectors):
            vectors = np.vstack([vectors, self.piece_vectors])
        return [*self.units, *self.pieces], vectors, [*self.traits, *self.piece_traits]


def prepare_statements(
    units: Sequence[Unit],
    encoder: Encoder,
    params: AlignParams | None = None,
    others: Sequence[Unit] = (),
) -> Statements:
    """Encode the units and their pieces in one batch and weigh them by the event.
    `others` (units that are no statements: mostly quoted, say) contribute pieces only."""
    params = params or AlignParams()
    units = list(units)
    pieces: list[Unit] = []
    piece_traits: list[UnitTraits] = []
    for unit in [*units, *others]:
        found = unit_pieces(unit)
        if found:
            negated = unit_traits(unit).negated
            for piece in found:
                pieces.append(piece)
                trait = unit_traits(piece)
                # "did not meet alone | before the talks began": a piece of a negated
                # sentence is negated too, whichever piece the "not" fell in.
                trait.negated = negated
                piece_traits.append(trait)
    vectors = encoder.encode([u.text for u in units] + [p.text for p in pieces])
    traits = [unit_traits(unit) for unit in units]
    weigh_by_event(traits, piece_traits)
    mean = vectors[: len(units)].mean(axis=0) if len(units) >= 3 else None
    vectors = centred(vectors, params.centering, mean)
    return Statements(
        units, vectors[: len(units)], traits, pieces, vectors[len(units) :], piece_traits
    )


def align_claims(
    statements: Statements,
    sources: EventSources,
    language: str | None = None,
    params: AlignParams | None = None,
) -> list[Claim]:
    """The event's claims, most supported first; ids c1, c2, ... in that order."""
    params = params or AlignParams()
    units, vectors, traits = statements.units, statements.vectors, statements.traits
    if not units:
        return []
    groups = _group(units, vectors, traits, params)
    # A claim may take a piece of another article, not only a whole unit.
    items, item_vectors, item_traits = statements.items()
    groups = _attach(groups, items, item_vectors, item_traits, params)
    claims = [_claim(items, members, item_vectors, sources, language) for members in groups]
    # Ties go to the earlier article, then the earlier offset: never to the input order.
    first_position = [
        min(
            (items[i].position, sources.order.get(items[i].article, 0), items[i].start)
            for i in members
        )
        for members in groups
    ]
    order = sorted(
        range(len(claims)),
        key=lambda k: (
            STATUS_ORDER[claims[k].status],
            -len(claims[k].support),
            first_position[k],
        ),
    )
    ordered = [claims[k] for k in order]
    for number, claim in enumerate(ordered, start=1):
        claim.id = f"c{number}"
    return ordered


def centred(vectors: np.ndarray, share: float, mean: np.ndarray | None) -> np.ndarray:
    """Unit vectors with `share` of `mean` (the event's statements' mean) removed,
    renormalised."""
    if share <= 0 or mean is None or len(vectors) == 0:
        return vectors
    shifted = vectors - share * mean[None, :]
    norms = np.linalg.norm(shifted, axis=1, keepdims=True)
    return (shifted / np.maximum(norms, 1e-12)).astype(np.float32)


def weigh_by_event(traits: list[UnitTraits], others: Sequence[UnitTraits] = ()) -> None:
    """Scale each word's weight by how few of the event's statements use it: the event's
    own names (the storm, the city, the mayor) are in most of them and tell none apart.
    `others` (pieces of the statements) are weighed by the statements' frequencies."""
    n = len(traits)
    if n < 3:
        return
    frequency = Counter(word for trait in traits for word in trait.terms)
    for trait in [*traits, *others]:
        weights = {
            word: weight * math.log((1 + n) / (1 + frequency[word]))
            for word, weight in trait.terms.items()
        }
        norm = math.sqrt(sum(v * v for v in weights.values()))
        trait.terms = {w: v / norm for w, v in weights.items() if v > 0} if norm else {}


def _group(
    units: Sequence[Unit],
    vectors: np.ndarray,
    traits: list[UnitTraits],
    params: AlignParams,
) -> list[list[int]]:
    article_index: dict[str, int] = {}
    article_of = np.array(
        [article_index.setdefault(u.article, len(article_index)) for u in units], dtype=np.int64
    )
    rows, cols, cos = candidate_pairs(vectors, article_of, params.min_cosine)
    scored = [
        (score(float(c), traits[i], traits[j], params.compare), int(i), int(j))
        for i, j, c in zip(rows, cols, cos, strict=True)
    ]
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    pair_score = {(i, j): s for s, i, j in scored}

    group_of = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    articles: dict[int, set[int]] = {i: {int(article_of[i])} for i in range(len(units))}

    conflicting: dict[tuple[int, int], bool] = {}

    def pair(i: int, j: int) -> float | None:
        """The pair's score, None when the two must never be one claim (memoised)."""
        key = (i, j) if i < j else (j, i)
        found = conflicting.get(key)
        if found is None:
            found = conflicting[key] = disagree(traits[i], traits[j])
        if found:
            return None
        value = pair_score.get(key)
        if value is None:
            cosine = float(vectors[i] @ vectors[j])
            value = pair_score[key] = score(cosine, traits[i], traits[j], params.compare)
        return value

    def linkage(a: list[int], b: list[int]) -> float | None:
        """The mean score across the two groups; None when they must not join."""
        total = 0.0
        for i in a:
            for j in b:
                found = pair(i, j)
                if found is None or found < params.least:
                    return None
                total += found
        return total / (len(a) * len(b))

    # Two groups that failed to join are not tried again until one of them has grown.
    failed: dict[tuple[int, int], tuple[int, int]] = {}
    for value, i, j in scored:
        if value < params.join:
            break
        gi, gj = group_of[i], group_of[j]
        if gi == gj or articles[gi] & articles[gj]:
            continue
        key, sizes = (min(gi, gj), max(gi, gj)), (len(members[gi]), len(members[gj]))
        if gi > gj:
            sizes = sizes[::-1]
        if failed.get(key) == sizes:
            continue
        average = linkage(members[gi], members[gj])
        if average is None or average < params.average:
            failed[key] = sizes
            continue
        keep, gone = (gi, gj) if gi < gj else (gj, gi)
        for k in members[gone]:
            group_of[k] = keep
        members[keep].extend(members.pop(gone))
        articles[keep] |= articles.pop(gone)
    return [sorted(group) for _, group in sorted(members.items())]


def _attach(
    groups: list[list[int]],
    units: Sequence[Unit],
    vectors: np.ndarray,
    traits: list[UnitTraits],
    params: AlignParams,
) -> list[list[int]]:
    """Let each claim take, from each article it lacks, the statement of that article
    that says what it says, even if that statement already belongs to another claim: a
    long sentence may state two claims that other outlets state apart."""
    if params.attach <= 0:
        return groups
    article_of = [u.article for u in units]
    extended = []
    for members in groups:
        if len(members) < params.attach_min_size:
            extended.append(members)
            continue
        centroid = vectors[members].sum(axis=0)
        centroid /= max(float(np.linalg.norm(centroid)), 1e-12)
        near = vectors @ centroid
        present = {article_of[i] for i in members}
        shortlist: dict[str, list[tuple[float, int]]] = {}
        for k in np.flatnonzero(near >= params.attach - ATTACH_SLACK).tolist():
            if article_of[k] not in present:
                shortlist.setdefault(article_of[k], []).append((-float(near[k]), k))
        added = []
        for article in sorted(shortlist):
            best = None
            for _, k in sorted(shortlist[article])[:ATTACH_TRIES]:
                average = _fit(k, members, vectors, traits, params)
                if average is not None and (best is None or average > best[0]):
                    best = (average, k)
            if best is not None:
                added.append(best[1])
        extended.append(sorted(members + added))
    return extended


ATTACH_SLACK = 0.15  # shortlist by centroid cosine this far below `attach`
ATTACH_TRIES = 3  # statements of one article checked in full against a claim


def _fit(
    k: int,
    members: list[int],
    vectors: np.ndarray,
    traits: list[UnitTraits],
    params: AlignParams,
) -> float | None:
    """The mean score of item k with a claim's members, None if it may not join."""
    scores = []
    for i in members:
        if disagree(traits[i], traits[k]):
            return None
        cosine = float(vectors[i] @ vectors[k])
        scores.append(score(cosine, traits[i], traits[k], params.compare))
    average = sum(scores) / len(scores)
    if min(scores) < params.attach_least or average < params.attach:
        return None
    return average


def _claim(
    units: Sequence[Unit],
    members: list[int],
    vectors: np.ndarray,
    sources: EventSources,
    language: str | None,
) -> Claim:
    ordered = sorted(members, key=lambda i: (sources.order.get(units[i].article, 0), i))
    mentions = [units[i].mention() for i in ordered]
    support = sources.support(m.article for m in mentions)
    best = _clearest(units, ordered, vectors, language)
    return Claim(
        id="",
        text=units[best].text,
        status=sources.status(support),
        support=support,
        mentions=mentions,
        language=units[best].language,
    )


def _clearest(
    units: Sequence[Unit], members: list[int], vectors: np.ndarray, language: str | None
) -> int:
    """The mention closest in meaning to all the others (the one that says what they
    share), in the preferred language when one is; whole sentences before clauses."""
    preferred = [i for i in members if language and units[i].language == language]
    pool = preferred or members
    if len(pool) == 1:
        return pool[0]
    block = vectors[members]
    centrality = block @ block.sum(axis=0)
    rank = {i: float(centrality[k]) for k, i in enumerate(members)}
    return max(pool, key=lambda i: (units[i].whole_sentence, round(rank[i], 4), -i))
