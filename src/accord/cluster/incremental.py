"""Incremental events for a feed watcher: the batch grouping, kept up to date as articles
arrive, at a cost that follows the new articles and the time window, not the history.

    grouper = IncrementalGrouper(encoder)
    event_of, duplicate_of = grouper.update(new_articles, new_analyses, removed_ids)

After every `update` the answer equals `group_articles` over all the articles added and
not removed (a test holds it to that). Batch clustering adds the articles in time order
(`time_order`: undated first, then by day, then by id) and then runs `finish()`, the merge
and move passes. So the grouper keeps the clusterer's *stream* (the state after the adds,
before `finish`) and finishes a copy each time. It also keeps a copy of the stream as it
was before each of its last `KEPT_DAYS` days began. New articles that all sort after the
stream's last one are simply added; otherwise the stream is taken back to the copy of the
latest day at or before the earliest new (or removed) article, and the articles from
there on, old and new, are added again in time order. Only an article older than every
kept day (a late backfill, an undated report) or the removal of one (its newer version
replaces it) makes the grouper add everything again, which is what a batch run does
anyway; `rebuilds` counts those.

Near-copies use the online `NearCopyIndex`, whose groups do not depend on the order
articles arrive in; removing an article rebuilds it too.

Vectors: each article's vector is made once, from its lead sentences, through the encoder
(give it a `CachedEncoder`), or taken from `known_vectors` (the store keeps them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from accord.cluster.features import ArticleFeatures, build_features, lead_texts
from accord.cluster.online import EventClusterer
from accord.cluster.similarity import ClusterParams
from accord.encode import Encoder
from accord.model import Analysis, Article
from accord.nearcopy import NearCopyIndex

__all__ = ["IncrementalGrouper", "IncrementalStream"]

_Key = tuple[bool, int, str]


def _key(features: ArticleFeatures) -> _Key:
    """The batch order (`time_order`) as a key."""
    return (features.day is not None, features.day or 0, features.id)


# Days whose start the stream keeps a copy of: an article dated on one of them (yesterday's
# report read after today's) restarts from that copy; an older one makes a full rebuild.
# Each copy holds the window's events and the article -> event map.
KEPT_DAYS = 2


def _day_start(features: ArticleFeatures) -> _Key:
    """The smallest key of the article's day: where a restart from that day begins."""
    return (features.day is not None, features.day or 0, "")


class IncrementalStream:
    """Article features -> event, as `cluster_features` would give for all held."""

    def __init__(self, params: ClusterParams | None = None, kept_days: int = KEPT_DAYS) -> None:
        if kept_days < 1:
            raise ValueError(f"kept_days must be at least 1, got {kept_days}")
        self.params = params or ClusterParams.load()
        self.kept_days = kept_days
        self.rebuilds = 0  # times everything was added again (see the module docstring)
        self.restreamed = 0  # articles added to the clusterer, all updates together
        self.features: dict[str, ArticleFeatures] = {}
        self._stream: EventClusterer | None = None
        # (a day's start key, the stream before that day's first article), oldest first,
        # for the stream's last `kept_days` days; and the articles added since the oldest.
        self._snapshots: list[tuple[_Key, EventClusterer]] = []
        self._recent: list[ArticleFeatures] = []
        # The events of the stream as it is, finished: a watcher's cycles mostly bring
        # nothing new, and finishing the window again would give the same answer.
        self._finished: dict[str, list[str]] | None = None

    def update(
        self, new: Iterable[ArticleFeatures], removed: Iterable[str] = ()
    ) -> dict[str, list[str]]:
        """Add `new` (an id held already is replaced), drop `removed`; return event id ->
        its article ids in time order, events in order of their first article."""
        new = sorted(new, key=_key)
        gone = {i for i in removed if i in self.features} | {
            f.id for f in new if f.id in self.features
        }
        affected = [_key(self.features[i]) for i in gone] + [_key(f) for f in new[:1]]
        for article_id in gone:
            del self.features[article_id]
        self.features.update((f.id, f) for f in new)
        if not self.features:  # nothing held: nothing to keep either
            self._stream, self._snapshots, self._recent = None, [], []
            return {}
        if not new and not gone and self._stream is not None:
            return self._events()
        restart = self._restart_point(min(affected), gone)
        if restart is None:
            self.rebuilds += 1
            self._stream, self._snapshots, self._recent = EventClusterer(self.params), [], []
            self._add_in_order(sorted(self.features.values(), key=_key))
        elif restart == len(self._snapshots):
            self._add_in_order(new)  # all after the stream's end: it simply goes on
        else:
            key, snapshot = self._snapshots[restart]
            del self._snapshots[restart + 1 :]  # later days are added again
            replay = [f for f in self._recent if _key(f) >= key and f.id not in gone]
            self._recent = [f for f in self._recent if _key(f) < key]
            self._stream = snapshot.copy()  # the snapshot stays, for later updates
            self._add_in_order(sorted(replay + new, key=_key))
        return self._events()

    def _restart_point(self, earliest: _Key, gone: set[str]) -> int | None:
        """Which snapshot to go on from: `len(snapshots)` when everything affected sorts
        after the stream's end (go on from where it is), the index of the latest snapshot
        at or before `earliest` otherwise, or None (add everything again)."""
        if self._stream is None or not self._snapshots:
            return None
        if not gone and self._recent and earliest > _key(self._recent[-1]):
            return len(self._snapshots)
        if not gone <= {f.id for f in self._recent}:
            return None  # a removed article older than every snapshot
        chosen = None
        for index, (key, _) in enumerate(self._snapshots):
            if key <= earliest:
                chosen = index
        return chosen

    def _add_in_order(self, ordered: Sequence[ArticleFeatures]) -> None:
        from threadpoolctl import threadpool_limits

        assert self._stream is not None
        self._finished = None
        # One BLAS thread, as in `cluster_features`: many small products.
        with threadpool_limits(limits=1, user_api="blas"):
            for features in ordered:
                day = _day_start(features)
                if not self._snapshots or self._snapshots[-1][0] != day:
                    # a new day starts: keep the stream as it is before its first article
                    self._snapshots.append((day, self._stream.copy()))
                    if len(self._snapshots) > self.kept_days:
                        del self._snapshots[0]
                        oldest = self._snapshots[0][0]
                        self._recent = [f for f in self._recent if _key(f) >= oldest]
                self._stream.add(features)
                self._recent.append(features)
        self.restreamed += len(ordered)

    def _events(self) -> dict[str, list[str]]:
        from threadpoolctl import threadpool_limits

        from accord.cluster import event_id

        if self._stream is None or not self.features:
            return {}
        if self._finished is not None:
            return self._finished
        finished = self._stream.copy()  # finish() changes what it finishes
        with threadpool_limits(limits=1, user_api="blas"):
            assignment = finished.finish()
        grouped: dict[int, list[str]] = {}
        for article_id in self._stream.order:  # the time order, as in `cluster_features`
            grouped.setdefault(assignment[article_id], []).append(article_id)
        self._finished = {event_id(ids[0]): ids for ids in grouped.values()}
        return self._finished


class IncrementalGrouper:
    """Article -> event and near-copy links for a growing set of articles."""

    def __init__(self, encoder: Encoder, params: ClusterParams | None = None) -> None:
        self.encoder = encoder
        self.stream = IncrementalStream(params)
        # id -> publication time; the texts are not kept, only their sketches (in the index)
        self._articles: dict[str, str | None] = {}
        self._copies = NearCopyIndex()

    def __len__(self) -> int:
        return len(self._articles)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._articles

    def ids(self) -> set[str]:
        """The ids of the articles held."""
        return set(self._articles)

    def vector(self, article_id: str) -> np.ndarray:
        """The vector an article is clustered by (for the store to keep)."""
        return self.stream.features[article_id].vector

    def update(
        self,
        articles: Sequence[Article],
        analyses: Sequence[Analysis],
        removed: Iterable[str] = (),
        known_vectors: Mapping[str, np.ndarray] | None = None,
    ) -> tuple[dict[str, str], dict[str, str | None]]:
        """Add `articles` (with their analyses, in the same order; an id held already is
        replaced), drop the ids in `removed`; return article id -> event id and article
        id -> near-copy original (or None) for every article held, as `group_articles`
        would give over them all. `known_vectors`: article vectors kept from before."""
        gone = {i for i in removed if i in self._articles}
        fresh = list(zip(articles, analyses, strict=True))
        # What may fail for reasons outside (the encoder) comes first, before any change.
        features = self._make_features(fresh, known_vectors or {})
        try:
            groups = self._apply(fresh, features, gone)
        except BaseException:
            # Half an update must not stay: the caller's next update starts from scratch
            # (a watcher then reads every stored article again), rather than go on wrong.
            self._clear()
            raise
        event_of = {a: event for event, members in groups.items() for a in members}
        duplicate_of = {a: self._copies.duplicate_of(a) for a in sorted(self._articles)}
        for copy, original in duplicate_of.items():
            if original is not None:  # a near-copy is the same report: its original's event
                event_of[copy] = event_of[original]
        return event_of, duplicate_of

    def _apply(
        self,
        fresh: Sequence[tuple[Article, Analysis]],
        features: list[ArticleFeatures],
        gone: set[str],
    ) -> dict[str, list[str]]:
        replaced = {article.id for article, _ in fresh if article.id in self._articles}
        for article_id in gone:
            del self._articles[article_id]
        for article, _ in fresh:
            self._articles[article.id] = article.published
        self._update_copies(fresh, gone | replaced)
        return self.stream.update(features, gone)

    def _clear(self) -> None:
        self.stream = IncrementalStream(self.stream.params, self.stream.kept_days)
        self._articles = {}
        self._copies = NearCopyIndex()

    def _make_features(
        self, fresh: Sequence[tuple[Article, Analysis]], known: Mapping[str, np.ndarray]
    ) -> list[ArticleFeatures]:
        todo = [(a, an) for a, an in fresh if a.id not in known]
        spans, texts = [], []
        for article, analysis in todo:
            lead = lead_texts(article, analysis)
            spans.append((len(texts), len(texts) + len(lead)))
            texts.extend(lead)
        vectors = self.encoder.encode(texts) if texts else np.zeros((0, 1), np.float32)
        made = {
            article.id: build_features(article, analysis, vectors[start:end])
            for (start, end), (article, analysis) in zip(spans, todo, strict=True)
        }
        for article, analysis in fresh:
            if article.id in known:
                # the stored vector as it is (made by `build_features` once): normalising
                # it again would move its last bits, and the answer must equal batch's
                vector = np.asarray(known[article.id], dtype=np.float32)
                made[article.id] = replace(
                    build_features(article, analysis, vector[None, :]), vector=vector
                )
        return [made[article.id] for article, _ in fresh]

    def _update_copies(self, fresh: Sequence[tuple[Article, Analysis]], gone: set[str]) -> None:
        if not gone:
            for article, _ in fresh:
                self._copies.add(article.id, article.text, article.published)
            return
        # A copy group cannot be split again: start over, from the sketches kept for the
        # articles held before and from the texts of the new ones.
        old, self._copies = self._copies, NearCopyIndex()
        texts = {article.id: article.text for article, _ in fresh}
        for article_id, published in sorted(self._articles.items()):
            if article_id in texts:
                sketch = self._copies.sketch(texts[article_id])
            else:
                sketch = old.sketch_of(article_id)
            self._copies.add_sketch(article_id, sketch, published)
