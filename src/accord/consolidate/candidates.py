"""Which pairs of statements are worth comparing, without comparing every pair.

A small event's statements are compared all against all in one matrix product. In a
large one (hundreds of articles, thousands of statements) they are first partitioned by
k-means over their vectors, and each statement is compared only with the statements of
its nearest cells, an inverted-file search: the work grows as n^1.5, not n^2.
"""

from __future__ import annotations

import math

import numpy as np

EXACT_LIMIT = 1500  # up to this many statements, all pairs (1.1M products, a few ms)
PROBES = 3  # cells searched per statement in the inverted-file search
KMEANS_ROUNDS = 8


def candidate_pairs(
    vectors: np.ndarray, groups: np.ndarray, min_cosine: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) of rows from different `groups` (articles) whose cosine is at least
    `min_cosine`, as arrays (i, j, cosine) sorted by i then j."""
    n = len(vectors)
    if n < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    if n <= EXACT_LIMIT:
        return _exact(vectors, groups, min_cosine)
    return _inverted_file(vectors, groups, min_cosine)


def _exact(
    vectors: np.ndarray, groups: np.ndarray, min_cosine: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    similarity = vectors @ vectors.T
    upper = np.triu(similarity >= min_cosine, k=1)
    upper &= groups[:, None] != groups[None, :]
    rows, cols = np.nonzero(upper)
    return rows, cols, similarity[rows, cols]


def _inverted_file(
    vectors: np.ndarray, groups: np.ndarray, min_cosine: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(vectors)
    cells = max(2, int(math.sqrt(n)))
    centroids = _kmeans(vectors, cells)
    nearest = np.argsort(-(vectors @ centroids.T), axis=1)[:, :PROBES]
    home = nearest[:, 0]
    members = [np.flatnonzero(home == cell) for cell in range(cells)]
    found: dict[tuple[int, int], float] = {}
    for cell in range(cells):
        # The statements whose searched cells include this one, against its members.
        probing = np.flatnonzero((nearest == cell).any(axis=1))
        inside = members[cell]
        if len(probing) == 0 or len(inside) == 0:
            continue
        similarity = vectors[probing] @ vectors[inside].T
        hits = np.nonzero(similarity >= min_cosine)
        for a, b in zip(*hits, strict=True):
            i, j = int(probing[a]), int(inside[b])
            if i == j or groups[i] == groups[j]:
                continue
            key = (i, j) if i < j else (j, i)
            found[key] = float(similarity[a, b])
    ordered = sorted(found)
    rows = np.array([i for i, _ in ordered], dtype=np.int64)
    cols = np.array([j for _, j in ordered], dtype=np.int64)
    return rows, cols, np.array([found[key] for key in ordered], dtype=np.float32)


def _kmeans(vectors: np.ndarray, cells: int) -> np.ndarray:
    """Spherical k-means, seeded with evenly spaced rows so the result is deterministic."""
    seeds = np.linspace(0, len(vectors) - 1, cells).astype(np.int64)
    centroids = vectors[seeds].copy()
    for _ in range(KMEANS_ROUNDS):
        assignment = np.argmax(vectors @ centroids.T, axis=1)
        for cell in range(cells):
            rows = vectors[assignment == cell]
            if len(rows):
                mean = rows.sum(axis=0)
                norm = float(np.linalg.norm(mean))
                if norm > 0:
                    centroids[cell] = mean / norm
    return centroids
