"""Fitting the claim-alignment pair score on ECB+ instead of the example corpus.

    .venv/bin/python -m accord.eval.claim_fit [--data ../shared/data/ecbplus]

`accord.consolidate.compare.score` rates how alike two statements are as

    cosine (of vectors with `centering` of the event mean removed)
      + lexical_weight * lexical (containment of rarity-weighted words)
      + anchor_bonus * min(max_anchors, shared amounts and days)

and `AlignParams.join` is the least score at which two statements may join. Those were
chosen by hand on the example corpus, which `accord eval examples` also scores. Here the
same features are computed for ECB+ sentence pairs (`ecb_sentences.labelled_pairs`: two
sentences of different documents telling one happening, or not), a logistic regression is
fitted on the training topics, and both it and today's score are measured on the dev
topics (ROC-AUC, and recall at today's precision). Each topic's annotated sentences are
treated as one event: the event mean is the topic's, and words are weighed by the topic.

The fitted regression is translated into `score`'s form (weights divided by the cosine's)
so its result is a `CompareParams` and a `join` threshold. The test topics are never read.

What the labels are and are not: ECB+ links mentions of one happening, so a positive pair
is "tells the same happening" (often with other things besides), looser than "states the
same claim". Almost every annotated sentence mentions its sub-topic's seminal event, so
most positives are simply "same event" and most negatives are pairs from the other, similar
event of the topic. Alignment runs within one event, so the "within sub-topic" columns
(positives against negatives of the same event only) are the closer test of it.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from accord.analyze.dates import find_dates
from accord.analyze.numbers import find_quantities
from accord.consolidate.claims import AlignParams, centred, weigh_by_event
from accord.consolidate.compare import (
    CompareParams,
    UnitTraits,
    disagree,
    lexical,
    score,
    shared_anchors,
    unit_traits,
)
from accord.consolidate.units import Unit
from accord.encode import CachedEncoder, Encoder, get_encoder
from accord.eval.ecb_sentences import EcbSentence, SentencePair, labelled_pairs, read_split

DEFAULT_DATA = Path("..") / "shared" / "data" / "ecbplus"
SHARES = (0.0, 0.5, 0.8)  # centring shares scanned
SEED = 0
# Regularisation of the regression: mild, the features are few and on one scale.
C_VALUE = 1.0
CV_FOLDS = 5  # folds over training topics to choose the centring share
BOOTSTRAP_ROUNDS = 1000  # resamples of dev topics for the AUC difference
# Features in `score`'s form first: the translation divides their weights by the cosine's.
SCORE_FORM = ("cosine", "lexical", "anchors")
FULL = ("cosine", "lexical", "anchors", "raw_cosine", "length_ratio")


# --- Features ----------------------------------------------------------------------------------


def sentence_unit(sentence: EcbSentence) -> Unit:
    """The sentence as a whole-sentence statement, with amounts and dates for anchors."""
    text = sentence.text
    return Unit(
        article=sentence.doc_id,
        text=text,
        start=0,
        end=len(text),
        sentence=sentence.number,
        whole_sentence=True,
        position=0.0,
        language="en",
        quantities=find_quantities(text, "en"),
        dates=find_dates(text, "en", sentence.published),
    )


EVENTS = ("topic", "subtopic")  # what counts as one event: centring and word weights


def event_key(sentence: EcbSentence, event: str) -> str:
    return sentence.subtopic if event == "subtopic" else str(sentence.topic)


def event_traits(sentences: Sequence[EcbSentence], event: str = "topic") -> list[UnitTraits]:
    """Each sentence's traits, its words weighed by its event as alignment does."""
    traits = [unit_traits(sentence_unit(s)) for s in sentences]
    groups: dict[str, list[int]] = {}
    for index, sentence in enumerate(sentences):
        groups.setdefault(event_key(sentence, event), []).append(index)
    for members in groups.values():
        weigh_by_event([traits[i] for i in members])  # weighs in place
    return traits


def centred_by_event(vectors: np.ndarray, events: Sequence[str], share: float) -> np.ndarray:
    """Vectors with `share` of their event's mean removed (`claims.centred` per event)."""
    out = vectors.copy()
    keys = np.array(events, dtype=object)
    for key in sorted(set(events)):
        rows = np.flatnonzero(keys == key)
        mean = vectors[rows].mean(axis=0) if len(rows) >= 3 else None
        out[rows] = centred(vectors[rows], share, mean)
    return out


@dataclass
class PairTable:
    """One row per labelled pair: features, today's score, label and strata."""

    columns: dict[str, np.ndarray]  # "raw_cosine", "centred_0.8", "lexical", ...
    label: np.ndarray  # bool
    topic: np.ndarray  # int
    same_subtopic: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.label)

    def matrix(self, names: Sequence[str], share: float) -> np.ndarray:
        """Feature columns in order; "cosine" is the centred cosine at `share`."""
        pick = [f"centred_{share}" if name == "cosine" else name for name in names]
        return np.column_stack([self.columns[name] for name in pick])


def pair_table(
    sentences: Sequence[EcbSentence],
    pairs: Sequence[SentencePair],
    vectors: np.ndarray,
    shares: Sequence[float] = SHARES,
    params: AlignParams | None = None,
    event: str = "topic",
) -> PairTable:
    """Features of each pair; `vectors` are the sentences' unit-norm vectors, in order.

    `event` "topic" treats a topic's sentences as one event (the two similar events of a
    topic share one mean); "subtopic" uses the gold event, as alignment would see it after
    clustering, and keeps only pairs within one sub-topic (across two events, vectors
    centred on different means are not comparable)."""
    params = params or AlignParams()
    compare = params.compare
    if event == "subtopic":
        pairs = [p for p in pairs if p.same_subtopic]
    traits = event_traits(sentences, event)
    events = [event_key(s, event) for s in sentences]
    topics = np.array([s.topic for s in sentences], dtype=np.int64)
    a = np.array([p.a for p in pairs], dtype=np.int64)
    b = np.array([p.b for p in pairs], dtype=np.int64)
    columns: dict[str, np.ndarray] = {"raw_cosine": _pair_cosines(vectors, a, b)}
    for share in sorted({*shares, params.centering}):
        columns[f"centred_{share}"] = _pair_cosines(centred_by_event(vectors, events, share), a, b)
    words = [len(s.text.split()) for s in sentences]
    lex, anchors, clash, ratio = [], [], [], []
    for i, j in zip(a.tolist(), b.tolist(), strict=True):
        lex.append(lexical(traits[i], traits[j]))
        anchors.append(min(compare.max_anchors, shared_anchors(traits[i], traits[j])))
        clash.append(disagree(traits[i], traits[j]))
        ratio.append(min(words[i], words[j]) / max(1, words[i], words[j]))
    columns["lexical"] = np.array(lex, dtype=np.float64)
    columns["anchors"] = np.array(anchors, dtype=np.float64)
    columns["disagree"] = np.array(clash, dtype=bool)
    columns["length_ratio"] = np.array(ratio, dtype=np.float64)
    today = columns[f"centred_{params.centering}"]
    columns["current"] = np.array(
        [
            score(float(c), traits[i], traits[j], compare)
            for c, i, j in zip(today, a.tolist(), b.tolist(), strict=True)
        ]
    )
    # What alignment does besides the score: pairs below `min_cosine` are never scored and
    # disagreeing ones never join; both rank below every scored pair.
    columns["gated"] = (today < params.min_cosine) | columns["disagree"]
    return PairTable(
        columns=columns,
        label=np.array([p.positive for p in pairs], dtype=bool),
        topic=topics[a] if len(a) else np.zeros(0, dtype=np.int64),
        same_subtopic=np.array([p.same_subtopic for p in pairs], dtype=bool),
    )


def _pair_cosines(vectors: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", vectors[a], vectors[b]).astype(np.float64)


# --- Fitting and measuring --------------------------------------------------------------------


def fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    model = LogisticRegression(C=C_VALUE, max_iter=2000, random_state=SEED)
    return model.fit(x, y)


def auc(y: np.ndarray, scores: np.ndarray) -> float:
    """ROC-AUC; NaN when only one class is present."""
    if len(y) == 0 or y.all() or not y.any():
        return math.nan
    return float(roc_auc_score(y, scores))


def cv_auc(table: PairTable, names: Sequence[str], share: float, folds: int = CV_FOLDS) -> float:
    """Mean AUC over folds of whole topics (no topic is in both the fit and the check)."""
    topics = np.unique(table.topic)
    x, y = table.matrix(names, share), table.label
    found = []
    for k in range(folds):
        held = np.isin(table.topic, topics[k::folds])
        if held.all() or not held.any():
            continue
        model = fit(x[~held], y[~held])
        found.append(auc(y[held], model.decision_function(x[held])))
    return float(np.nanmean(found)) if found else math.nan


def precision_recall(y: np.ndarray, scores: np.ndarray, threshold: float) -> tuple[float, float]:
    chosen = scores >= threshold
    hits = int((chosen & y).sum())
    precision = hits / int(chosen.sum()) if chosen.any() else math.nan
    recall = hits / int(y.sum()) if y.any() else math.nan
    return precision, recall


def threshold_at_precision(
    y: np.ndarray, scores: np.ndarray, precision: float
) -> tuple[float, float, float]:
    """The lowest threshold whose precision is at least `precision` (most recall at it):
    (threshold, its precision, its recall); NaNs when no threshold reaches it."""
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], np.cumsum(y[order])
    taken = np.arange(1, len(order) + 1)
    # A threshold keeps every tie of its score: only the last of a run of ties counts.
    last_of_tie = np.append(ranked[1:] != ranked[:-1], True)
    ok = np.flatnonzero(last_of_tie & (hits / taken >= precision))
    if len(ok) == 0 or not y.any():
        return math.nan, math.nan, math.nan
    k = ok[-1]
    return float(ranked[k]), float(hits[k] / taken[k]), float(hits[k] / y.sum())


def bootstrap_difference(
    table: PairTable, better: np.ndarray, worse: np.ndarray, rounds: int = BOOTSTRAP_ROUNDS
) -> tuple[float, float, float]:
    """AUC(better) - AUC(worse) over resamples of whole topics: (5th, 95th percentile,
    share of resamples where `better` wins). Pairs of one topic are not independent."""
    rng = np.random.default_rng(SEED)
    topics = np.unique(table.topic)
    rows = {t: np.flatnonzero(table.topic == t) for t in topics.tolist()}
    differences = []
    for _ in range(rounds):
        pick = np.concatenate([rows[t] for t in rng.choice(topics, len(topics)).tolist()])
        y = table.label[pick]
        differences.append(auc(y, better[pick]) - auc(y, worse[pick]))
    values = np.array(differences)
    values = values[~np.isnan(values)]
    if len(values) == 0:
        return math.nan, math.nan, math.nan
    low, high = np.percentile(values, [5, 95])
    return float(low), float(high), float((values > 0).mean())


@dataclass
class Row:
    name: str
    train_auc: float
    dev_auc: float
    dev_auc_within: float  # positives against negatives of the same sub-topic only


@dataclass
class FitReport:
    train_pairs: tuple[int, int]  # (positives, negatives)
    dev_pairs: tuple[int, int]
    dev_within_negatives: int
    event: str  # what was one event: "topic" or "subtopic"
    min_shared: int  # action chains a positive pair shares at least
    share_cv: dict[float, float]  # centring share -> train CV AUC of the score-form model
    share: float  # the chosen one
    rows: list[Row]
    weights: dict[str, dict[str, float]]  # model -> feature -> coefficient (and intercept)
    suggested: CompareParams
    today: dict[str, float]  # dev precision and recall of today's score at `join`
    fitted_join: tuple[float, float, float]  # threshold, precision, recall on dev
    bootstrap: tuple[float, float, float]
    gated: tuple[float, float]  # share of dev positives, negatives that alignment never joins
    notes: list[str] = field(default_factory=list)


def run(
    data_dir: str | Path = DEFAULT_DATA,
    encoder: Encoder | None = None,
    events: Sequence[str] = EVENTS,
    min_shared: int = 1,
) -> list[FitReport]:
    """Read train and dev, compute features, fit on train, measure on dev; one report per
    notion of event."""
    encoder = encoder or CachedEncoder(get_encoder("use"), None)
    train_sentences = read_split(data_dir, "train")
    dev_sentences = read_split(data_dir, "dev")
    vectors = encoder.encode([s.text for s in [*train_sentences, *dev_sentences]])
    train_pairs = labelled_pairs(train_sentences, min_shared)
    dev_pairs = labelled_pairs(dev_sentences, min_shared)
    reports = []
    for event in events:
        train = pair_table(
            train_sentences, train_pairs, vectors[: len(train_sentences)], event=event
        )
        dev = pair_table(dev_sentences, dev_pairs, vectors[len(train_sentences) :], event=event)
        reports.append(evaluate(train, dev, event=event, min_shared=min_shared))
    return reports


def evaluate(
    train: PairTable,
    dev: PairTable,
    params: AlignParams | None = None,
    event: str = "topic",
    min_shared: int = 1,
) -> FitReport:
    params = params or AlignParams()
    share_cv = {share: cv_auc(train, SCORE_FORM, share) for share in SHARES}
    share = max(SHARES, key=lambda s: (share_cv[s], -s))
    rows: list[Row] = []

    def measure(name: str, train_scores: np.ndarray, dev_scores: np.ndarray) -> None:
        within = dev.same_subtopic
        rows.append(
            Row(
                name,
                auc(train.label, train_scores),
                auc(dev.label, dev_scores),
                auc(dev.label[within], dev_scores[within]),
            )
        )

    for column, name in (
        ("raw_cosine", "raw cosine alone"),
        (f"centred_{params.centering}", f"centred cosine alone ({params.centering})"),
        ("lexical", "lexical alone"),
        ("current", f"today's score (defaults, centring {params.centering})"),
    ):
        measure(name, train.columns[column], dev.columns[column])

    weights: dict[str, dict[str, float]] = {}
    for label, names, at in (
        (f"fitted score form, centring {params.centering}", SCORE_FORM, params.centering),
        (f"fitted score form, centring {share}", SCORE_FORM, share),
        # Without centring the centred cosine is the raw one: leave the copy out.
        (f"fitted full, centring {share}", FULL if share else FULL[:3] + FULL[4:], share),
    ):
        if label in weights:
            continue
        model = fit(train.matrix(names, at), train.label)
        weights[label] = {n: float(w) for n, w in zip(names, model.coef_[0], strict=True)}
        weights[label]["intercept"] = float(model.intercept_[0])
        measure(
            label,
            model.decision_function(train.matrix(names, at)),
            model.decision_function(dev.matrix(names, at)),
        )

    chosen = weights[f"fitted score form, centring {share}"]
    suggested = CompareParams(
        lexical_weight=round(chosen["lexical"] / chosen["cosine"], 3),
        anchor_bonus=round(chosen["anchors"] / chosen["cosine"], 3),
        max_anchors=params.compare.max_anchors,
    )
    # The suggested score itself (cosine units), so its threshold reads as a `join`.
    suggested_dev = (
        dev.columns[f"centred_{share}"]
        + suggested.lexical_weight * dev.columns["lexical"]
        + suggested.anchor_bonus * dev.columns["anchors"]
    )
    precision, recall = precision_recall(dev.label, dev.columns["current"], params.join)
    within = dev.same_subtopic
    precision_w, recall_w = precision_recall(
        dev.label[within], dev.columns["current"][within], params.join
    )
    fitted_join = threshold_at_precision(dev.label, suggested_dev, precision)
    by_name = {row.name: row for row in rows}
    fitted_auc = by_name[f"fitted score form, centring {share}"].dev_auc
    today_auc = by_name[f"today's score (defaults, centring {params.centering})"].dev_auc
    notes = []
    if not fitted_auc > today_auc:
        notes.append("the fitted score-form model is NOT better than today's score on dev")
    return FitReport(
        train_pairs=(int(train.label.sum()), int((~train.label).sum())),
        dev_pairs=(int(dev.label.sum()), int((~dev.label).sum())),
        dev_within_negatives=int((~dev.label & dev.same_subtopic).sum()),
        event=event,
        min_shared=min_shared,
        share_cv=share_cv,
        share=share,
        rows=rows,
        weights=weights,
        suggested=suggested,
        today={
            "join": params.join,
            "precision": precision,
            "recall": recall,
            "precision_within": precision_w,
            "recall_within": recall_w,
        },
        fitted_join=fitted_join,
        bootstrap=bootstrap_difference(dev, suggested_dev, dev.columns["current"]),
        gated=(
            float(dev.columns["gated"][dev.label].mean()),
            float(dev.columns["gated"][~dev.label].mean()),
        ),
        notes=notes,
    )


# --- Report ------------------------------------------------------------------------------------


def format_report(report: FitReport) -> str:
    t_pos, t_neg = report.train_pairs
    d_pos, d_neg = report.dev_pairs
    lines = [
        f"== one event = one {report.event}"
        + (" (pairs within one sub-topic only)" if report.event == "subtopic" else "")
        + f"; positives share >= {report.min_shared} action chain(s)",
        f"pairs: train {t_pos} positive / {t_neg} negative; dev {d_pos} positive / {d_neg} "
        f"negative ({report.dev_within_negatives} of them within one sub-topic)",
        "centring share -> train CV AUC (score form): "
        + ", ".join(f"{s}: {v:.4f}" for s, v in report.share_cv.items())
        + f"  => {report.share}",
        "",
        f"{'model':<48} {'train AUC':>9} {'dev AUC':>8} {'dev within':>10}",
    ]
    for row in report.rows:
        lines.append(
            f"{row.name:<48} {row.train_auc:>9.4f} {row.dev_auc:>8.4f} {row.dev_auc_within:>10.4f}"
        )
    lines.append("")
    for name, weights in report.weights.items():
        cosine = weights["cosine"]
        relative = ", ".join(
            f"{k}={v:+.3f} ({v / cosine:+.3f}x cos)" for k, v in weights.items() if k != "cosine"
        )
        lines.append(f"{name}: cosine={cosine:+.3f}, {relative}")
    today = report.today
    threshold, precision, recall = report.fitted_join
    low, high, wins = report.bootstrap
    s = report.suggested
    lines += [
        "",
        f"today: join {today['join']} -> dev precision {today['precision']:.3f}, recall "
        f"{today['recall']:.3f} (within sub-topic: {today['precision_within']:.3f} / "
        f"{today['recall_within']:.3f})",
        f"suggested: centering={report.share}, CompareParams(lexical_weight="
        f"{s.lexical_weight}, anchor_bonus={s.anchor_bonus}, max_anchors={s.max_anchors}), "
        f"join={threshold:.3f} -> dev precision {precision:.3f}, recall {recall:.3f}",
        f"dev AUC(suggested) - AUC(today), topic bootstrap: 90% [{low:+.4f}, {high:+.4f}], "
        f"suggested wins in {wins:.0%} of resamples",
        f"alignment never scores or joins {report.gated[0]:.0%} of dev positives and "
        f"{report.gated[1]:.0%} of negatives (centred cosine < min_cosine, or they disagree)",
        *report.notes,
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m accord.eval.claim_fit",
        description="Fit the claim-alignment pair score on ECB+ train topics, check on dev.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help=f"the ECB+ folder (holding raw/ECB+_LREC2014; default: {DEFAULT_DATA})",
    )
    parser.add_argument(
        "--event",
        choices=(*EVENTS, "both"),
        default="both",
        help="one event = a topic (as the brief of this fit says), a gold sub-topic, or both",
    )
    parser.add_argument(
        "--min-shared",
        type=int,
        default=1,
        help="action chains a positive pair must share (2: closer to 'the same statement')",
    )
    args = parser.parse_args(argv)
    events = EVENTS if args.event == "both" else (args.event,)
    reports = run(args.data, events=events, min_shared=max(1, args.min_shared))
    print("\n\n".join(format_report(report) for report in reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
