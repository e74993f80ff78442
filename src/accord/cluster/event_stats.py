"""Running sums that let an article be compared with a whole event at a cost that does
not grow with the event.

Every piece of pair evidence but one is linear in the member it is taken against, so its
mean over an event's members follows from sums kept as articles join and leave:
- vector cosine: a · Σ v / n;
- weighted shared words: Σ_w a_w · Σ_m m_w / n;
- set cosines of names, numbers, days: Σ_{x ∈ A} Σ_{m ∋ x} 1/√|M| / (n √|A|).
The one product (shared days × shared words) is taken of the two means. The same sums
give the mean evidence between two events, for the merge pass.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from accord.cluster.features import ArticleFeatures
from accord.cluster.similarity import FEATURE_NAMES

_SETS = ("names", "numbers", "dates")


class EventStats:
    def __init__(self, dimension: int) -> None:
        self.count = 0
        self.vector_sum = np.zeros(dimension, dtype=np.float64)
        self.terms: defaultdict[str, float] = defaultdict(float)
        self.sets: dict[str, defaultdict[object, float]] = {k: defaultdict(float) for k in _SETS}

    def add(self, article: ArticleFeatures, sign: int = 1) -> None:
        self.count += sign
        self.vector_sum += sign * article.vector
        for word, weight in article.terms.items():
            self.terms[word] += sign * weight
        for kind in _SETS:
            items = getattr(article, kind)
            if items:
                share = sign / math.sqrt(len(items))
                table = self.sets[kind]
                for item in items:
                    table[item] += share

    def remove(self, article: ArticleFeatures) -> None:
        self.add(article, sign=-1)

    def copy(self) -> EventStats:
        """An independent copy: adding to one leaves the other as it was."""
        other = EventStats.__new__(EventStats)
        other.count = self.count
        other.vector_sum = self.vector_sum.copy()
        other.terms = self.terms.copy()
        other.sets = {kind: table.copy() for kind, table in self.sets.items()}
        return other

    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return (
            (self.vector_sum / norm).astype(np.float32)
            if norm > 1e-9
            else np.zeros_like(self.vector_sum, dtype=np.float32)
        )

    def mean_evidence(self, article: ArticleFeatures, without: bool = False) -> list[float]:
        """Mean pair evidence of `article` against the members (less itself if `without`)."""
        if without:
            self.remove(article)
        try:
            return self._mean_evidence(article)
        finally:
            if without:
                self.add(article)

    def _mean_evidence(self, article: ArticleFeatures) -> list[float]:
        # Plain floats: this runs for every candidate event of every article, and numpy's
        # per-call cost would dominate on five numbers.
        n = self.count
        if n <= 0:
            return [0.0] * len(FEATURE_NAMES)
        vector = max(0.0, float(article.vector @ self.vector_sum) / n)
        terms = self.terms
        row = [vector, sum(w * terms.get(word, 0.0) for word, w in article.terms.items()) / n]
        for kind in _SETS:
            items = getattr(article, kind)
            if items:
                table = self.sets[kind]
                row.append(
                    sum(table.get(item, 0.0) for item in items) / (n * math.sqrt(len(items)))
                )
            else:
                row.append(0.0)
        row[4] *= row[1]  # shared days count as far as the reports share their words
        return [min(1.0, max(0.0, value)) for value in row]

    def linkage_evidence(self, other: EventStats) -> np.ndarray:
        """Mean pair evidence over all member pairs of two events."""
        row = np.zeros(len(FEATURE_NAMES))
        pairs = self.count * other.count
        if pairs <= 0:
            return row
        row[0] = max(0.0, float(self.vector_sum @ other.vector_sum) / pairs)
        row[1] = _dict_dot(self.terms, other.terms) / pairs
        for column, kind in enumerate(_SETS, start=2):
            row[column] = _dict_dot(self.sets[kind], other.sets[kind]) / pairs
        row[4] *= row[1]
        return np.clip(row, 0.0, 1.0)


def _dict_dot(a: dict, b: dict) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(key, 0.0) for key, value in a.items())
