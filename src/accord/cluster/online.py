"""Online event clustering; batch mode is the same over the time-sorted input.

Each article, in time order, is scored against a few candidate events: the nearest by
vector among the events whose dates lie within the time window, and those sharing a
not-too-common name with it. Its score for an event is the same-event probability at the
mean evidence between it and the event's members (kept as running sums, so the cost does
not grow with the event: see event_stats.py). It joins the best event above the join
threshold, or starts a new one. `finish()` then merges events that grew together and
moves articles that ended up in the wrong event (an event that grew apart).

Memory and work are bounded by the window: events whose last day is more than two
windows behind the stream are retired, and what was kept only to compare them dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from accord.cluster.event_stats import EventStats
from accord.cluster.features import ArticleFeatures
from accord.cluster.similarity import ClusterParams, probability, same_event_probability

MOVE_MARGIN = 0.05  # an article moves to another event only if it fits it this much better
# A name shared with more active events than this ("Police", "Monday") finds no candidates:
# the nearest events by vector are enough, and looking them all up would cost the most.
NAME_CANDIDATE_LIMIT = 25
FINISH_ROUNDS = 1  # merge-then-move rounds (a second changed nothing on ECB+ train or test)
# Above this many active events the nearest ones are first picked by a random projection
# of the vectors to SKETCH_DIMENSION (a quarter of the product's work), and only the best
# SKETCH_SHORTLIST of those are compared in full. The product with every active event is
# most of the time per article once the window holds thousands of events; below the limit
# (ECB+, a day of a newsroom's feeds) the comparison is exact.
SKETCH_FROM = 2_000
SKETCH_DIMENSION = 128
SKETCH_SHORTLIST = 64
SKETCH_SEED = 20261124


@dataclass
class _Event:
    index: int
    stats: EventStats
    members: list[ArticleFeatures] = field(default_factory=list)
    first_day: int | None = None
    last_day: int | None = None
    active: bool = True

    def copy(self) -> _Event:
        return _Event(
            self.index,
            self.stats.copy(),
            list(self.members),
            self.first_day,
            self.last_day,
            self.active,
        )


class EventClusterer:
    def __init__(self, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams.load()
        self.events: list[_Event] = []
        self.event_of: dict[str, int] = {}
        self.order: list[str] = []
        # Centroids of the active events only, one row per slot; a retired event's slot is
        # reused, so this matrix, like all the work per article, is bounded by the window.
        self._centroids = np.zeros((0, 0), dtype=np.float32)
        # Projected centroids, one row per slot, made only once the active events first
        # pass SKETCH_FROM (then kept up to date): below it they would be work for nothing.
        self._sketches = np.zeros((0, SKETCH_DIMENSION), dtype=np.float32)
        self._sketched = False
        self._projection: np.ndarray | None = None  # dimension x SKETCH_DIMENSION, fixed seed
        self._slot_event = np.zeros(0, dtype=np.int64)  # slot -> event index, -1 when free
        self._slot_of: dict[int, int] = {}  # active event index -> slot
        self._free_slots: list[int] = []
        self._active: set[int] = set()
        self._name_index: dict[str, set[int]] = {}
        self._latest_day: int | None = None

    def copy(self) -> EventClusterer:
        """An independent copy of the whole state, for a watcher that keeps the stream
        and finishes a copy (`finish` changes what it finishes). Retired events are
        shared, not copied: nothing changes them any more, so a copy costs the active
        events plus the article -> event map, not the history."""
        other = EventClusterer.__new__(EventClusterer)
        other.params = self.params
        other.events = list(self.events)
        for index in self._active:
            other.events[index] = self.events[index].copy()
        other.event_of = dict(self.event_of)
        other.order = list(self.order)
        other._centroids = self._centroids.copy()
        other._sketches = self._sketches.copy()
        other._sketched = self._sketched
        other._projection = self._projection  # fixed once drawn, never written
        other._slot_event = self._slot_event.copy()
        other._slot_of = dict(self._slot_of)
        other._free_slots = list(self._free_slots)
        other._active = set(self._active)
        other._name_index = {
            name: set(events) for name, events in self._name_index.items() if events
        }
        other._latest_day = self._latest_day
        return other

    # ---- the stream
    def add(self, article: ArticleFeatures) -> int:
        """Place one article (in time order) and return its event's index."""
        if article.id in self.event_of:
            return self.event_of[article.id]
        if article.day is not None and (self._latest_day is None or article.day > self._latest_day):
            self._latest_day = article.day
            self._retire_old_events()
        scores = self._scores(article, self._candidates(article.vector, article.names, article.day))
        best = max(scores, key=lambda e: (scores[e], -e), default=None)
        if best is not None and scores[best] >= self.params.join_threshold:
            self._join(best, article)
        else:
            best = self._new_event(article)
        self.order.append(article.id)
        return best

    def finish(self) -> dict[str, int]:
        """Merge and move passes over the events; article id -> event index."""
        for _ in range(FINISH_ROUNDS):
            self._merge_pass()
            self._move_pass()
        return dict(self.event_of)

    # ---- candidates and scores
    def _in_window(self, event: _Event, day: int | None) -> bool:
        window = self.params.window_days
        if window is None or day is None or event.first_day is None or event.last_day is None:
            return True
        return event.first_day - window <= day <= event.last_day + window

    def _candidates(
        self, vector: np.ndarray, names: frozenset[str], day: int | None, exclude: int | None = None
    ) -> list[int]:
        if not self._active:
            return []
        k = self.params.candidates
        used = len(self._slot_event)
        # BLAS products, run single-threaded by the caller (`cluster_features`): threaded,
        # each small product spends its time waking threads.
        if len(self._active) > SKETCH_FROM and vector.shape[0] > SKETCH_DIMENSION:
            projection = self._projection_for(vector.shape[0])
            if not self._sketched:
                self._sketches = (self._centroids @ projection).astype(np.float32)
                self._sketched = True
            rough = self._sketches[:used] @ (vector @ projection)
            rough[self._slot_event[:used] < 0] = -np.inf
            slots = np.argpartition(-rough, SKETCH_SHORTLIST)[:SKETCH_SHORTLIST]
            similarity = self._centroids[slots] @ vector
        else:
            slots = np.arange(used)
            similarity = self._centroids[:used] @ vector
        similarity[self._slot_event[slots] < 0] = -np.inf
        if len(slots) > 3 * k:
            # only the best few need ordering; ties and order made stable by the index
            best = np.argpartition(-similarity, 3 * k)[: 3 * k]
            slots, similarity = slots[best], similarity[best]
        active = self._slot_event[slots]
        keep = active >= 0
        active, similarity = active[keep], similarity[keep]
        order = np.lexsort((active, -similarity))
        chosen: list[int] = []
        for index in active[order]:
            event = self.events[int(index)]
            if len(chosen) >= k:
                break
            if event.index != exclude and self._in_window(event, day):
                chosen.append(event.index)
        seen = set(chosen)
        for name in sorted(names):
            events = self._name_index.get(name, ())
            if len(events) > NAME_CANDIDATE_LIMIT:
                continue
            for index in sorted(events):
                if (
                    index not in seen
                    and index != exclude
                    and self._in_window(self.events[index], day)
                ):
                    seen.add(index)
                    chosen.append(index)
        return chosen

    def _projection_for(self, dimension: int) -> np.ndarray:
        if self._projection is None or self._projection.shape[0] != dimension:
            rng = np.random.default_rng(SKETCH_SEED)
            # orthonormal columns: cosines are preserved in expectation, and every run
            # draws the same ones, so results do not depend on anything but the input
            basis, _ = np.linalg.qr(rng.standard_normal((dimension, SKETCH_DIMENSION)))
            self._projection = basis.astype(np.float32) * np.float32(
                np.sqrt(dimension / SKETCH_DIMENSION)
            )
        return self._projection

    def _set_centroid(self, index: int) -> None:
        slot = self._slot_of[index]
        centroid = self.events[index].stats.centroid()
        self._centroids[slot] = centroid
        if self._sketched:
            self._sketches[slot] = centroid @ self._projection_for(centroid.shape[0])

    def _score(self, article: ArticleFeatures, event: _Event, without: bool = False) -> float:
        if event.stats.count - (1 if without else 0) <= 0:
            return 0.0
        return probability(event.stats.mean_evidence(article, without=without), self.params)

    def _scores(self, article: ArticleFeatures, candidates: list[int]) -> dict[int, float]:
        return {index: self._score(article, self.events[index]) for index in candidates}

    # ---- bookkeeping
    def _new_event(self, article: ArticleFeatures) -> int:
        dimension = article.vector.shape[0]
        event = _Event(index=len(self.events), stats=EventStats(dimension))
        self.events.append(event)
        if self._free_slots:
            slot = self._free_slots.pop()
        else:
            slot = len(self._slot_event)
            if self._centroids.shape[0] <= slot:
                grown = np.zeros((max(64, 2 * self._centroids.shape[0]), dimension), np.float32)
                if self._centroids.size:
                    grown[:slot] = self._centroids[:slot]
                self._centroids = grown
                if self._sketched:
                    sketches = np.zeros((grown.shape[0], SKETCH_DIMENSION), np.float32)
                    sketches[:slot] = self._sketches[:slot]
                    self._sketches = sketches
            self._slot_event = np.append(self._slot_event, -1)
        self._slot_event[slot] = event.index
        self._slot_of[event.index] = slot
        self._active.add(event.index)
        self._join(event.index, article)
        return event.index

    def _join(self, index: int, article: ArticleFeatures) -> None:
        event = self.events[index]
        event.members.append(article)
        event.stats.add(article)
        self.event_of[article.id] = index
        self._set_centroid(index)
        if article.day is not None:
            event.first_day = min(event.first_day or article.day, article.day)
            event.last_day = max(event.last_day or article.day, article.day)
        for name in article.names:
            self._name_index.setdefault(name, set()).add(index)

    def _leave(self, article: ArticleFeatures) -> None:
        event = self.events[self.event_of[article.id]]
        event.members = [m for m in event.members if m.id != article.id]
        event.stats.remove(article)
        if event.members:
            self._set_centroid(event.index)
        for name in article.names:
            if not any(name in m.names for m in event.members):
                self._name_index.get(name, set()).discard(event.index)
        if not event.members:
            self._deactivate(event.index)

    def _retire_old_events(self) -> None:
        if self._latest_day is None or self.params.window_days is None:
            return
        # The stream is in time order: an event whose last day is a window behind the
        # latest article can take no new one (one day of slack for late arrivals).
        horizon = self._latest_day - self.params.window_days - 1
        for index in sorted(self._active):
            event = self.events[index]
            if event.last_day is not None and event.last_day < horizon:
                self._deactivate(index)
                for member in event.members:
                    for name in member.names:
                        self._name_index.get(name, set()).discard(index)
                # Keep who belonged where; drop what was needed only to compare.
                event.members = []
                event.stats = EventStats(0)

    def _deactivate(self, index: int) -> None:
        self._active.discard(index)
        slot = self._slot_of.pop(index, None)
        if slot is not None:
            self._slot_event[slot] = -1
            self._centroids[slot] = 0.0
            if self._sketched:
                self._sketches[slot] = 0.0
            self._free_slots.append(slot)

    # ---- the passes
    def _merge_pass(self) -> None:
        for index in sorted(self._active):
            event = self.events[index]
            if not event.members or index not in self._active:
                continue
            names = frozenset().union(*(m.names for m in event.members))
            candidates = self._candidates(
                event.stats.centroid(), names, event.members[0].day, exclude=index
            )
            for other_index in candidates:
                other = self.events[other_index]
                if other_index < index or not other.members:
                    continue
                evidence = event.stats.linkage_evidence(other.stats)
                if (
                    float(same_event_probability(evidence, self.params))
                    >= self.params.merge_threshold
                ):
                    for member in list(other.members):
                        self._leave(member)
                        self._join(index, member)

    def _move_pass(self) -> None:
        for article_id in self.order:
            index = self.event_of[article_id]
            event = self.events[index]
            if index not in self._active:
                continue
            article = next(m for m in event.members if m.id == article_id)
            own = self._score(article, event, without=True)
            candidates = self._candidates(article.vector, article.names, article.day, exclude=index)
            scores = self._scores(article, candidates)
            best = max(scores, key=lambda e: (scores[e], -e), default=None)
            if (
                best is not None
                and scores[best] >= self.params.join_threshold
                and scores[best] > own + MOVE_MARGIN
            ):
                self._leave(article)
                self._join(best, article)
