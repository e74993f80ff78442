"""Online event clustering; batch mode is the same over the time-sorted input.

Each article, in time order, is scored against a few candidate events: the nearest by
vector among the events whose dates lie within the time window, and those sharing a
name with it. Its score for an event is the mean same-event probability over the event's
members (average linkage). It joins the best event above the join threshold, or starts
a new one. `finish()` then merges events that grew together and moves articles that
ended up in the wrong event (an event that grew apart).

Memory and work are bounded by the window: events whose last day is more than the window
behind the stream are retired and their members' features dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from accord.cluster.features import ArticleFeatures
from accord.cluster.similarity import ClusterParams, pair_evidence, same_event_probability

MOVE_MARGIN = 0.05  # an article moves to another event only if it fits it this much better


@dataclass
class _Event:
    index: int
    members: list[ArticleFeatures] = field(default_factory=list)
    vector_sum: np.ndarray | None = None
    first_day: int | None = None
    last_day: int | None = None
    active: bool = True


class EventClusterer:
    def __init__(self, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams.load()
        self.events: list[_Event] = []
        self.event_of: dict[str, int] = {}
        self.order: list[str] = []
        self._centroids = np.zeros((0, 0), dtype=np.float32)
        self._name_index: dict[str, set[int]] = {}
        self._latest_day: int | None = None

    # ---- the stream
    def add(self, article: ArticleFeatures) -> int:
        """Place one article (in time order) and return its event's index."""
        if article.id in self.event_of:
            return self.event_of[article.id]
        if article.day is not None:
            self._latest_day = max(self._latest_day or article.day, article.day)
            self._retire_old_events()
        scores = self._scores(article, self._candidates(article))
        best = max(scores, key=lambda e: (scores[e], -e), default=None)
        if best is not None and scores[best] >= self.params.join_threshold:
            self._join(best, article)
        else:
            best = self._new_event(article)
        self.order.append(article.id)
        return best

    def finish(self) -> dict[str, int]:
        """Merge and move passes over the events; article id -> event index."""
        self._merge_pass()
        self._move_pass()
        return dict(self.event_of)

    # ---- candidates and scores
    def _in_window(self, event: _Event, day: int | None) -> bool:
        window = self.params.window_days
        if window is None or day is None or event.first_day is None or event.last_day is None:
            return True
        return event.first_day - window <= day <= event.last_day + window

    def _candidates(self, article: ArticleFeatures, exclude: int | None = None) -> list[int]:
        if not self.events:
            return []
        similarity = self._centroids[: len(self.events)] @ article.vector
        ranked = np.argsort(-similarity, kind="stable")
        chosen: list[int] = []
        for index in ranked:
            event = self.events[int(index)]
            if len(chosen) >= self.params.candidates:
                break
            if event.active and event.index != exclude and self._in_window(event, article.day):
                chosen.append(event.index)
        named = set().union(*(self._name_index.get(n, set()) for n in article.names))
        for index in sorted(named - set(chosen)):
            event = self.events[index]
            if event.active and index != exclude and self._in_window(event, article.day):
                chosen.append(index)
        return chosen

    def _sample(self, event: _Event, without: str | None = None) -> list[ArticleFeatures]:
        members = [m for m in event.members if m.id != without]
        cap = self.params.max_members
        if len(members) <= cap:
            return members
        half = cap // 2
        return members[:half] + members[-(cap - half) :]  # its start and its latest news

    def _score(self, article: ArticleFeatures, event: _Event) -> float:
        members = self._sample(event, without=article.id)
        if not members:
            return 0.0
        return float(same_event_probability(pair_evidence(article, members), self.params).mean())

    def _scores(self, article: ArticleFeatures, candidates: Iterable[int]) -> dict[int, float]:
        return {index: self._score(article, self.events[index]) for index in candidates}

    # ---- bookkeeping
    def _new_event(self, article: ArticleFeatures) -> int:
        event = _Event(index=len(self.events))
        self.events.append(event)
        if self._centroids.shape[0] < len(self.events):
            grown = max(16, 2 * self._centroids.shape[0])
            centroids = np.zeros((grown, article.vector.shape[0]), dtype=np.float32)
            if self._centroids.size:
                centroids[: self._centroids.shape[0]] = self._centroids
            self._centroids = centroids
        self._join(event.index, article)
        return event.index

    def _join(self, index: int, article: ArticleFeatures) -> None:
        event = self.events[index]
        event.members.append(article)
        self.event_of[article.id] = index
        event.vector_sum = (
            article.vector.copy() if event.vector_sum is None else event.vector_sum + article.vector
        )
        self._update_centroid(event)
        if article.day is not None:
            event.first_day = min(event.first_day or article.day, article.day)
            event.last_day = max(event.last_day or article.day, article.day)
        for name in article.names:
            self._name_index.setdefault(name, set()).add(index)

    def _update_centroid(self, event: _Event) -> None:
        if event.vector_sum is None or not event.members:
            self._centroids[event.index] = 0.0
            return
        norm = float(np.linalg.norm(event.vector_sum))
        self._centroids[event.index] = event.vector_sum / norm if norm else 0.0

    def _leave(self, article: ArticleFeatures) -> None:
        event = self.events[self.event_of[article.id]]
        event.members = [m for m in event.members if m.id != article.id]
        if event.vector_sum is not None:
            event.vector_sum = event.vector_sum - article.vector
        self._update_centroid(event)
        for name in article.names:
            if not any(name in m.names for m in event.members):
                self._name_index.get(name, set()).discard(event.index)

    def _retire_old_events(self) -> None:
        latest = self._latest_day
        if latest is None or self.params.window_days is None:
            return
        horizon = latest - 2 * self.params.window_days
        for event in self.events:
            if event.active and event.last_day is not None and event.last_day < horizon:
                event.active = False
                self._centroids[event.index] = 0.0
                for member in event.members:
                    for name in member.names:
                        self._name_index.get(name, set()).discard(event.index)
                # Keep who belonged where; drop what was needed only to compare.
                event.members = [_stub(m) for m in event.members]

    # ---- the passes
    def _merge_pass(self) -> None:
        for event in self.events:
            if not event.active or not event.members:
                continue
            probe = _mean_features(event)
            for other_index in self._candidates(probe, exclude=event.index):
                other = self.events[other_index]
                if other.index < event.index or not other.members:
                    continue
                if self._linkage(event, other) >= self.params.merge_threshold:
                    for member in list(other.members):
                        self._leave(member)
                        self._join(event.index, member)

    def _linkage(self, a: _Event, b: _Event) -> float:
        scores = [
            same_event_probability(pair_evidence(m, self._sample(b)), self.params).mean()
            for m in self._sample(a)
        ]
        return float(np.mean(scores)) if scores else 0.0

    def _move_pass(self) -> None:
        for article_id in self.order:
            index = self.event_of[article_id]
            event = self.events[index]
            if not event.active:
                continue
            article = next(m for m in event.members if m.id == article_id)
            own = self._score(article, event)
            scores = self._scores(article, self._candidates(article, exclude=index))
            best = max(scores, key=lambda e: (scores[e], -e), default=None)
            if (
                best is not None
                and scores[best] >= self.params.join_threshold
                and scores[best] > own + MOVE_MARGIN
            ):
                self._leave(article)
                self._join(best, article)


def _mean_features(event: _Event) -> ArticleFeatures:
    """A stand-in article for an event, to look up its neighbours by vector and name."""
    first = event.members[0]
    names = frozenset().union(*(m.names for m in event.members))
    vector = event.vector_sum / max(float(np.linalg.norm(event.vector_sum)), 1e-9)
    return ArticleFeatures(id=f"event:{event.index}", day=first.day, vector=vector, names=names)


def _stub(article: ArticleFeatures) -> ArticleFeatures:
    return ArticleFeatures(id=article.id, day=article.day, vector=np.zeros(1, dtype=np.float32))
