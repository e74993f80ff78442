"""Evaluating (and fitting) accord's event clustering on ECB+.

Fitting uses the training topics only: a logistic model of "same event" over the pair
evidence of `accord.cluster.similarity`, then the join and merge thresholds that give the
best B-cubed F1 when clustering all training documents mixed together.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from accord.analyze.pipeline import AnalyzeConfig, analyze_articles
from accord.cluster import ArticleFeatures, ClusterParams, build_all_features, cluster_features
from accord.cluster.similarity import pair_evidence
from accord.encode import CachedEncoder, Encoder, get_encoder
from accord.eval.ecbplus import EcbDocument
from accord.eval.metrics import score_clustering
from accord.model import Article

JOIN_GRID = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
MERGE_GRID = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
CROSS_TOPIC_NEGATIVES = 4000  # sampled pairs from different topics (easy negatives)
SEED = 7


def default_encoder(cache: Path | None = None) -> Encoder:
    cache = cache or Path.home() / ".cache" / "accord" / "vectors.sqlite"
    cache.parent.mkdir(parents=True, exist_ok=True)
    return CachedEncoder(get_encoder("use"), cache)


def ecb_article(doc: EcbDocument) -> Article:
    return Article(
        id=doc.doc_id,
        source=f"ecbplus:{doc.doc_id}",
        text=doc.text,
        published=doc.published,
        language="en",
    )


def document_features(
    docs: Sequence[EcbDocument],
    encoder: Encoder,
    entities: str = "rules",
    on_done: Callable[[int], None] | None = None,
) -> list[ArticleFeatures]:
    articles = [ecb_article(doc) for doc in docs]
    analyses = analyze_articles(articles, AnalyzeConfig(entities=entities), on_done=on_done)
    return build_all_features(articles, analyses, encoder)


def predict(features: Sequence[ArticleFeatures], params: ClusterParams) -> list[str]:
    events = cluster_features(features, params)
    event_of = {article: event for event, members in events.items() for article in members}
    return [event_of[f.id] for f in features]


def fit(
    features: Sequence[ArticleFeatures], docs: Sequence[EcbDocument], base: ClusterParams
) -> tuple[ClusterParams, float]:
    """Fitted params and their B-cubed F1 on the (training) documents given."""
    from sklearn.linear_model import LogisticRegression

    rows, labels = _pairs(features, docs)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(rows, labels)
    params = replace(
        base,
        weights=[round(float(w), 4) for w in model.coef_[0]],
        bias=round(float(model.intercept_[0]), 4),
    )
    gold = [doc.subtopic for doc in docs]
    best, best_f1 = params, -1.0
    for join, merge in itertools.product(JOIN_GRID, MERGE_GRID):
        candidate = replace(params, join_threshold=join, merge_threshold=merge)
        f1 = score_clustering(gold, predict(features, candidate))["bcubed_f1"]
        if f1 > best_f1 + 1e-9:  # ties: the first in grid order
            best, best_f1 = candidate, f1
    return best, best_f1


def _pairs(
    features: Sequence[ArticleFeatures], docs: Sequence[EcbDocument]
) -> tuple[np.ndarray, np.ndarray]:
    """All pairs within a topic (the hard cases), plus sampled pairs across topics."""
    by_topic: dict[int, list[int]] = {}
    for i, doc in enumerate(docs):
        by_topic.setdefault(doc.topic, []).append(i)
    pairs = [p for group in by_topic.values() for p in itertools.combinations(group, 2)]
    rng = random.Random(SEED)
    indices = range(len(docs))
    cross = set()
    while len(cross) < min(CROSS_TOPIC_NEGATIVES, len(docs) ** 2 // 4):
        i, j = rng.sample(indices, 2)
        if docs[i].topic != docs[j].topic:
            cross.add((min(i, j), max(i, j)))
    pairs += sorted(cross)
    rows = np.vstack([pair_evidence(features[i], [features[j]]) for i, j in pairs])
    labels = np.array([docs[i].subtopic == docs[j].subtopic for i, j in pairs], dtype=int)
    return rows, labels


@dataclass
class EcbReport:
    split: str
    scores: dict[str, dict[str, float]]  # system -> metric -> value
    params: ClusterParams
    topics: dict[int, dict[str, float]] = field(default_factory=dict)  # accord, per topic
    seconds: dict[str, float] = field(default_factory=dict)


def run_ecbplus(
    data_dir: str | Path,
    split: str = "test",
    *,
    fit_params: bool = False,
    baselines: bool = True,
    topics: bool = False,
    encoder: Encoder | None = None,
    progress: Callable[[str, int], Callable[[int], None]] | None = None,
) -> EcbReport:
    """Cluster the `split` documents all mixed together and score against the gold events.

    The time window is off for ECB+: half its documents carry no date, and the dates found
    in the others include follow-up reports months after the event.
    """
    from accord.eval.baselines import fit_threshold, tfidf_average_linkage
    from accord.eval.ecbplus import load_documents, select

    docs = load_documents(data_dir)
    train, evaluated = select(docs, "train"), select(docs, split)
    encoder = encoder or default_encoder()
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    tick = progress("features (train)", len(train)) if progress else None
    train_features = (
        document_features(train, encoder, on_done=tick) if (fit_params or baselines) else []
    )
    tick = progress(f"features ({split})", len(evaluated)) if progress else None
    features = document_features(evaluated, encoder, on_done=tick)
    seconds["features"] = time.perf_counter() - started

    params = ClusterParams.load()
    if fit_params:
        params, train_f1 = fit(train_features, train, replace(params, window_days=None))
        params = replace(
            params,
            window_days=ClusterParams.load().window_days,
            fitted_on=f"ECB+ train topics, B-cubed F1 {train_f1:.3f}",
        )
        params.save()
    evaluated_params = replace(params, window_days=None)
    gold = [doc.subtopic for doc in evaluated]

    started = time.perf_counter()
    predicted = predict(features, evaluated_params)
    seconds["accord"] = time.perf_counter() - started
    scores = {"accord": score_clustering(gold, predicted)}
    if baselines:
        started = time.perf_counter()
        threshold, _ = fit_threshold([d.text for d in train], [d.subtopic for d in train])
        scores["tf-idf + average linkage"] = score_clustering(
            gold, tfidf_average_linkage([d.text for d in evaluated], threshold)
        )
        seconds["tf-idf"] = time.perf_counter() - started
        started = time.perf_counter()
        scores["BERTopic (same vectors)"] = _bertopic_scores(features, gold)
        seconds["bertopic"] = time.perf_counter() - started
    by_topic = _topic_scores(evaluated, gold, predicted) if topics else {}
    return EcbReport(split, scores, evaluated_params, by_topic, seconds)


def _bertopic_scores(features: Sequence[ArticleFeatures], gold: list[str]) -> dict[str, float]:
    from accord.eval.bertopic_baseline import bertopic_clusters

    vectors = np.stack([f.vector for f in features])
    return score_clustering(gold, bertopic_clusters([f.id for f in features], vectors))


def _topic_scores(
    docs: Sequence[EcbDocument], gold: list[str], predicted: list[str]
) -> dict[int, dict[str, float]]:
    """Per topic: how well its two similar events were told apart (and kept whole)."""
    result: dict[int, dict[str, float]] = {}
    for topic in sorted({doc.topic for doc in docs}):
        index = [i for i, doc in enumerate(docs) if doc.topic == topic]
        result[topic] = score_clustering([gold[i] for i in index], [predicted[i] for i in index])
    return result
