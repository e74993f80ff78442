"""Which pairs of statements are worth comparing, without comparing every pair.

Each statement is paired with at most `neighbours` others, its most alike in meaning, so
the pairs scored afterwards grow linearly with the event, not with its square. A small
event finds them in one matrix product. A large one (hundreds of articles, thousands of
statements) is first partitioned by k-means over the vectors, and each statement is
compared only with the statements of its nearest cells, an inverted-file search: the
products grow as n^1.5, not n^2.
"""

from __future__ import annotations

import math

import numpy as np

EXACT_LIMIT = 1500  # up to this many statements, all products (1.1M, a few ms)
PROBES = 3  # cells searched per statement in the inverted-file search
KMEANS_ROUNDS = 8
NEIGHBOURS = 24  # most alike statements kept per statement
_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, np.float32))


def candidate_pairs(
    vectors: np.ndarray,
    groups: np.ndarray,
    min_cosine: float,
    neighbours: int | None = NEIGHBOURS,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) of rows from different `groups` (articles) whose cosine is at least
    `min_cosine`, each row keeping at most its `neighbours` most alike (a pair stays when
    either side keeps it), as arrays (i, j, cosine) sorted by i then j."""
    n = len(vectors)
    if n < 2:
        return _EMPTY
    if n <= EXACT_LIMIT:
        rows, cols, sims = _exact(vectors, groups, min_cosine)
    else:
        rows, cols, sims = _inverted_file(vectors, groups, min_cosine)
    if neighbours is None:
        return rows, cols, sims
    # Each side of a pair ranks it among its own neighbours.
    both = (np.r_[rows, cols], np.r_[cols, rows], np.r_[sims, sims])
    return _unique_pairs(*_nearest(*both, neighbours), n)


def _exact(
    vectors: np.ndarray, groups: np.ndarray, min_cosine: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    similarity = vectors @ vectors.T
    keep = np.triu(similarity >= min_cosine, k=1)
    keep &= groups[:, None] != groups[None, :]
    rows, cols = np.nonzero(keep)
    return rows, cols, similarity[rows, cols]


def _inverted_file(
    vectors: np.ndarray, groups: np.ndarray, min_cosine: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(vectors)
    cells = max(2, int(math.sqrt(n)))
    centroids = _kmeans(vectors, cells)
    nearest = np.argsort(-(vectors @ centroids.T), axis=1)[:, :PROBES]
    home = nearest[:, 0]
    found_rows, found_cols, found_sims = [], [], []
    for cell in range(cells):
        # The statements whose searched cells include this one, against its members.
        probing = np.flatnonzero((nearest == cell).any(axis=1))
        inside = np.flatnonzero(home == cell)
        if len(probing) == 0 or len(inside) == 0:
            continue
        similarity = vectors[probing] @ vectors[inside].T
        keep = similarity >= min_cosine
        keep &= groups[probing][:, None] != groups[inside][None, :]
        a, b = np.nonzero(keep)
        found_rows.append(probing[a])
        found_cols.append(inside[b])
        found_sims.append(similarity[a, b])
    if not found_rows:
        return _EMPTY
    rows = np.concatenate(found_rows)
    cols = np.concatenate(found_cols)
    sims = np.concatenate(found_sims)
    return _unique_pairs(rows, cols, sims, n)


def _nearest(
    rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, neighbours: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's `neighbours` best columns (ties by column), directed pairs kept."""
    if len(rows) == 0:
        return rows, cols, sims
    order = np.lexsort((cols, -sims, rows))
    rows, cols, sims = rows[order], cols[order], sims[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    keep = rank < neighbours
    return rows[keep], cols[keep], sims[keep]


def _unique_pairs(
    rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each unordered pair once, as (i < j), sorted by i then j."""
    low, high = np.minimum(rows, cols), np.maximum(rows, cols)
    mask = low != high
    low, high, sims = low[mask], high[mask], sims[mask]
    keys, first = np.unique(low.astype(np.int64) * n + high, return_index=True)
    return keys // n, keys % n, sims[first].astype(np.float32)


def _kmeans(vectors: np.ndarray, cells: int) -> np.ndarray:
    """Spherical k-means, seeded with evenly spaced rows so the result is deterministic."""
    seeds = np.linspace(0, len(vectors) - 1, cells).astype(np.int64)
    centroids = vectors[seeds].copy()
    for _ in range(KMEANS_ROUNDS):
        assignment = np.argmax(vectors @ centroids.T, axis=1)
        sums = np.zeros_like(centroids)
        np.add.at(sums, assignment, vectors)
        norms = np.linalg.norm(sums, axis=1)
        filled = norms > 0
        centroids[filled] = sums[filled] / norms[filled, None]
    return centroids
