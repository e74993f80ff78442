"""Events: which articles report the same happening.

    features = build_all_features(articles, analyses, encoder)
    events = cluster_features(features)          # event id -> article ids

Batch clustering is the online algorithm run over the input sorted by publication day
then id, so the result does not depend on the order the files were given in.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.cluster.features import ArticleFeatures, build_features, lead_texts
from accord.cluster.online import EventClusterer
from accord.cluster.similarity import ClusterParams
from accord.encode import Encoder
from accord.model import Analysis, Article

__all__ = [
    "ArticleFeatures",
    "ClusterParams",
    "EventClusterer",
    "build_all_features",
    "cluster_features",
    "event_id",
    "group_articles",
]


def build_all_features(
    articles: Sequence[Article], analyses: Sequence[Analysis], encoder: Encoder
) -> list[ArticleFeatures]:
    """Features of every article; all lead sentences are encoded in one batch."""
    spans: list[tuple[int, int]] = []
    texts: list[str] = []
    for article, analysis in zip(articles, analyses, strict=True):
        lead = lead_texts(article, analysis)
        spans.append((len(texts), len(texts) + len(lead)))
        texts.extend(lead)
    vectors = encoder.encode(texts)
    return [
        build_features(article, analysis, vectors[start:end])
        for (start, end), article, analysis in zip(spans, articles, analyses, strict=True)
    ]


def time_order(features: Sequence[ArticleFeatures]) -> list[ArticleFeatures]:
    """Undated articles first (they may join anything), then by day, then by id."""
    return sorted(features, key=lambda f: (f.day is not None, f.day or 0, f.id))


def event_id(first_article_id: str) -> str:
    """An event is named after its earliest article, so its id survives its growth."""
    return f"event-{first_article_id}"


def cluster_features(
    features: Sequence[ArticleFeatures], params: ClusterParams | None = None
) -> dict[str, list[str]]:
    """Event id -> its article ids (in time order), events in order of their first article."""
    from threadpoolctl import threadpool_limits

    clusterer = EventClusterer(params)
    ordered = time_order(features)
    # One BLAS thread: thousands of small products, each slower when threads must wake.
    with threadpool_limits(limits=1, user_api="blas"):
        for article in ordered:
            clusterer.add(article)
        assignment = clusterer.finish()
    grouped: dict[int, list[str]] = {}
    for article in ordered:
        grouped.setdefault(assignment[article.id], []).append(article.id)
    return {event_id(ids[0]): ids for ids in grouped.values()}


def group_articles(
    articles: Sequence[Article],
    analyses: Sequence[Analysis],
    encoder: Encoder,
    params: ClusterParams | None = None,
) -> tuple[dict[str, str], dict[str, str | None]]:
    """Article id -> event id, and article id -> the earlier article it is a near-copy of.

    A near-copy always lands in its original's event: it is the same report.
    """
    from accord.nearcopy import find_near_copies

    duplicate_of = find_near_copies([(a.id, a.text, a.published) for a in articles])
    features = build_all_features(articles, analyses, encoder)
    events = cluster_features(features, params)
    event_of = {article: event for event, members in events.items() for article in members}
    for copy, original in duplicate_of.items():
        if original is not None:
            event_of[copy] = event_of[original]
    return event_of, duplicate_of
