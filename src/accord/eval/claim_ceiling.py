"""How far claim alignment can go with an encoder: the example corpus's ceiling.

`accord eval examples` scores what the whole brief pipeline finds. This asks a narrower
question with the answers in hand: given the truth's facts, could *any* grouping of
statements find them with this encoder and accord's statement score?

For each truth event of `examples/truth.json`, its articles' statements are cut and
weighed as `accord brief` cuts and weighs them (sentences and clauses, their finer
pieces, vectors with the event's topic taken out, words weighted by the event). For each
fact and each article stating it, the *oracle clause* is the statement or piece that best
covers the truth span: the most overlap, then the shortest. A near-copy stating what its
original states is left out, as support folds it. Then, with the score that
claim alignment uses (`compare.score`; pairs that `compare.disagree` forbids score -1):

- *same-fact pairs*: the oracle clauses of one fact in two articles;
- *different-fact pairs*: the oracle clauses of two facts in two articles, where neither
  clause is the other fact's oracle clause too (a sentence stating both);
- a consensus fact is *reachable* at a threshold when its oracle clauses are connected by
  pairs scoring at least the threshold (the most any grouping could find, chaining), and
  *whole* when every pair of them does (what a grouping that checks all pairs needs).

No clause cutting, grouping or support counting of the pipeline is involved, so the
reachable share bounds the consensus recall `accord eval examples` can reach with this
encoder and score at that threshold, and the different-fact pairs above it are the
confusions any grouping at that threshold has to resolve some other way.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from rich.table import Table

from accord.consolidate.claims import AlignParams, prepare_statements
from accord.consolidate.compare import disagree, score
from accord.consolidate.conflicts import _components
from accord.consolidate.units import Unit, split_statements
from accord.encode import Encoder
from accord.eval.examples_eval import _map_refs, _occurrences
from accord.model import Analysis, Article

THRESHOLDS = (0.3, 0.4, 0.5, 0.6)
FORBIDDEN = -1.0  # the score of a pair that may never be one claim


@dataclass
class ThresholdCeiling:
    threshold: float
    reachable: int  # consensus facts whose oracle clauses connect at this threshold
    whole: int  # consensus facts all of whose oracle clause pairs pass it
    same_passing: int  # same-fact pairs scoring at least the threshold
    different_passing: int  # different-fact pairs scoring at least the threshold


@dataclass
class CeilingReport:
    encoder: str
    consensus_facts: int  # consensus facts with oracle clauses in two or more articles
    same_pairs: int
    different_pairs: int
    auc: float  # chance that a same-fact pair outscores a different-fact pair
    levels: list[ThresholdCeiling] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # truth spans found in no statement

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoder": self.encoder,
            "consensus_facts": self.consensus_facts,
            "same_pairs": self.same_pairs,
            "different_pairs": self.different_pairs,
            "auc": None if math.isnan(self.auc) else self.auc,  # JSON has no NaN
            "levels": [vars(level) for level in self.levels],
            "missing": self.missing,
        }


@dataclass
class _EventPairs:
    """One truth event's oracle clauses and the scores between them."""

    same: list[float]
    different: list[float]
    consensus: list[list[tuple[int, int, float]]]  # per fact: (clause a, clause b, score)
    sizes: list[int]  # per consensus fact: its oracle clauses


def measure_ceiling(
    articles: Sequence[Article],
    analyses: Mapping[str, Analysis],
    truth: Mapping[str, Any],
    examples_root: Path,
    encoder: Encoder,
    thresholds: Sequence[float] = THRESHOLDS,
    params: AlignParams | None = None,
) -> CeilingReport:
    """The ceiling of claim alignment on the example corpus (see the module docstring).
    `analyses` maps article id to its analysis."""
    params = params or AlignParams()
    listed = [{"id": a.id, "source": a.source} for a in articles]
    refs = [ref for event in truth.get("events", []) for ref in event.get("articles", [])]
    id_of = _map_refs(list(dict.fromkeys(refs)), listed, examples_root)
    by_id = {a.id: a for a in articles}
    same: list[float] = []
    different: list[float] = []
    facts: list[tuple[list[tuple[int, int, float]], int]] = []
    missing: list[str] = []
    for event in truth.get("events", []):
        members = sorted({id_of[r] for r in event.get("articles", []) if r in id_of})
        pairs = _event_pairs(event, members, by_id, analyses, id_of, encoder, params, missing)
        same.extend(pairs.same)
        different.extend(pairs.different)
        facts.extend(zip(pairs.consensus, pairs.sizes, strict=True))
    levels = [_level(t, facts, same, different) for t in thresholds]
    return CeilingReport(
        encoder=encoder.name,
        consensus_facts=len(facts),
        same_pairs=len(same),
        different_pairs=len(different),
        auc=_auc(same, different),
        levels=levels,
        missing=missing,
    )


def _event_pairs(
    event: Mapping[str, Any],
    members: Sequence[str],
    by_id: Mapping[str, Article],
    analyses: Mapping[str, Analysis],
    id_of: Mapping[str, str],
    encoder: Encoder,
    params: AlignParams,
    missing: list[str],
) -> _EventPairs:
    units: list[Unit] = []
    others: list[Unit] = []
    for aid in members:
        if aid in analyses:
            kept, rest = split_statements(by_id[aid], analyses[aid])
            units.extend(kept)
            others.extend(rest)
    statements = prepare_statements(units, encoder, params, others=others)
    items, vectors, traits = statements.items()

    def pair_score(i: int, j: int) -> float:
        if disagree(traits[i], traits[j]):
            return FORBIDDEN
        return score(float(vectors[i] @ vectors[j]), traits[i], traits[j], params.compare)

    # (fact index, article) -> its oracle clause
    oracle: dict[tuple[int, str], int] = {}
    for index, fact in enumerate(event.get("facts", [])):
        for ref, span in fact.get("stated_by", {}).items():
            aid = id_of.get(ref)
            if aid is None or aid not in by_id:
                continue
            found = _oracle_clause(items, aid, by_id[aid].text, span)
            if found is None:
                missing.append(f"{event.get('id')}: {ref}: {span!r}")
            else:
                oracle[(index, aid)] = found
    # A near-copy stating what its original states adds a pair of identical texts, not
    # evidence: support folds it, and so does the scorer's list of required articles.
    copies = {
        id_of.get(c.get("copy")): id_of.get(c.get("original"))
        for c in event.get("near_copies", [])
        if isinstance(c, dict)
    }
    for index, aid in list(oracle):
        if (index, copies.get(aid)) in oracle:
            del oracle[(index, aid)]
    same: list[float] = []
    different: list[float] = []
    for ((f1, a1), i), ((f2, a2), j) in itertools.combinations(oracle.items(), 2):
        if a1 == a2:
            continue
        if f1 == f2:
            same.append(pair_score(i, j))
        elif oracle.get((f2, a1)) != i and oracle.get((f1, a2)) != j:
            different.append(pair_score(i, j))
    consensus: list[list[tuple[int, int, float]]] = []
    sizes: list[int] = []
    for index, fact in enumerate(event.get("facts", [])):
        clauses = [i for (f, _), i in oracle.items() if f == index]
        if fact.get("status") != "consensus" or len(clauses) < 2:
            continue
        pairs = itertools.combinations(range(len(clauses)), 2)
        consensus.append([(a, b, pair_score(clauses[a], clauses[b])) for a, b in pairs])
        sizes.append(len(clauses))
    return _EventPairs(same, different, consensus, sizes)


def _oracle_clause(items: Sequence[Unit], article: str, text: str, span: str) -> int | None:
    """The item of `article` that best covers the first occurrence of `span`: the most
    overlap, then the shortest; None when no statement overlaps it."""
    starts = _occurrences(text, span)
    if not starts:
        return None
    start, end = starts[0], starts[0] + len(span)
    best: tuple[int, int, int] | None = None
    for k, item in enumerate(items):
        if item.article != article:
            continue
        overlap = min(item.end, end) - max(item.start, start)
        if overlap <= 0:
            continue
        key = (-overlap, item.end - item.start, k)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def _level(
    threshold: float,
    facts: Sequence[tuple[list[tuple[int, int, float]], int]],
    same: Sequence[float],
    different: Sequence[float],
) -> ThresholdCeiling:
    reachable = whole = 0
    for pairs, size in facts:
        passing = [(a, b) for a, b, value in pairs if value >= threshold]
        reachable += _connected(size, passing)
        whole += len(passing) == len(pairs)
    return ThresholdCeiling(
        threshold=threshold,
        reachable=reachable,
        whole=whole,
        same_passing=sum(value >= threshold for value in same),
        different_passing=sum(value >= threshold for value in different),
    )


def _connected(size: int, edges: Sequence[tuple[int, int]]) -> bool:
    """Whether `edges` connect all of nodes 0..size-1."""
    if size <= 1:
        return True
    groups = _components(list(edges))
    return len(groups) == 1 and len(groups[0]) == size


def _auc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """P(a random positive outscores a random negative), ties counting half."""
    if not positive or not negative:
        return float("nan")
    neg = np.sort(np.asarray(negative, dtype=np.float64))
    pos = np.asarray(positive, dtype=np.float64)
    below = np.searchsorted(neg, pos, side="left")
    ties = np.searchsorted(neg, pos, side="right") - below
    return float((below + 0.5 * ties).sum() / (len(pos) * len(neg)))


def ceiling_examples(data: Path, encoder: Encoder, tick: Any = None) -> CeilingReport:
    """Read and analyse the example corpus under `data`, then measure its ceiling."""
    from accord.analyze.pipeline import AnalyzeConfig, analyze_articles
    from accord.ingest.readers import read_paths

    articles = read_paths([data / "articles"]).articles
    advance = tick("analysing", len(articles)) if tick else None
    analyses = analyze_articles(articles, AnalyzeConfig(), None, advance)
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    by_id = {analysis.article: analysis for analysis in analyses}
    return measure_ceiling(articles, by_id, truth, data, encoder)


def ceiling_table(report: CeilingReport) -> Table:
    facts = report.consensus_facts
    table = Table(
        title=f"Claim alignment ceiling with {report.encoder}: {facts} consensus facts, "
        f"{report.same_pairs} same-fact and {report.different_pairs} different-fact "
        f"clause pairs, AUC {report.auc:.3f}",
        title_justify="left",
    )
    for column in ("score ≥", "reachable", "whole", "same-fact ≥", "different-fact ≥"):
        table.add_column(column, justify="right")
    for level in report.levels:
        table.add_row(
            f"{level.threshold:.2f}",
            _share(level.reachable, facts),
            _share(level.whole, facts),
            _share(level.same_passing, report.same_pairs),
            f"{level.different_passing}",
        )
    return table


def _share(count: int, total: int) -> str:
    return f"{count} ({count / total:.2f})" if total else "0"
