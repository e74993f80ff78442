"""Clustering scores: B-cubed, pairwise, ARI, against hand-computed values and a naive reference."""

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.eval.metrics import adjusted_rand, bcubed, pairwise, score_clustering

GOLD = ["a", "a", "a", "b", "b"]  # the running example: a cluster of 3 and one of 2


def approx(values):
    return pytest.approx(values, abs=1e-12)


# --- Hand-computed examples ---------------------------------------------------------------


def test_bcubed_perfect():
    assert bcubed(GOLD, [7, 7, 7, 3, 3]) == approx((1.0, 1.0, 1.0))


def test_bcubed_all_in_one_cluster():
    # Amigó et al.'s "one cluster" baseline: recall 1, precision = mean share of own class.
    # (3 items x 3/5 + 2 items x 2/5) / 5 = 13/25
    p, r, f = bcubed(GOLD, [0] * 5)
    assert (p, r) == approx((13 / 25, 1.0))
    assert f == approx(2 * p * r / (p + r))


def test_bcubed_all_singletons():
    # precision 1; recall (3 x 1/3 + 2 x 1/2) / 5 = 2/5
    p, r, _ = bcubed(GOLD, [0, 1, 2, 3, 4])
    assert (p, r) == approx((1.0, 0.4))


def test_bcubed_asymmetric_example():
    # gold {0,1,2} {3}; predicted {0,1} {2,3}
    # P = (1 + 1 + 1/2 + 1/2) / 4 = 3/4;  R = (2/3 + 2/3 + 1/3 + 1) / 4 = 2/3
    assert bcubed(["A", "A", "A", "B"], ["x", "x", "y", "y"]) == approx((0.75, 2 / 3, 12 / 17))


def test_pairwise_asymmetric_example():
    # predicted pairs {0,1} {2,3}; gold pairs {0,1} {0,2} {1,2}; shared {0,1}
    assert pairwise(["A", "A", "A", "B"], ["x", "x", "y", "y"]) == approx((0.5, 1 / 3, 0.4))


def test_pairwise_degenerate_cases():
    singletons = [0, 1, 2, 3, 4]
    assert pairwise(singletons, ["p", "q", "r", "s", "t"]) == (1.0, 1.0, 1.0)
    # No predicted pair: no wrong merge claimed (P = 1), every gold pair missed (R = 0).
    assert pairwise(GOLD, singletons) == (1.0, 0.0, 0.0)
    # No gold pair: nothing to find (R = 1), every predicted pair wrong (P = 0).
    assert pairwise(singletons, [0] * 5) == (0.0, 1.0, 0.0)


def test_empty_input_scores_perfect():
    assert bcubed([], []) == (1.0, 1.0, 1.0)
    assert pairwise([], []) == (1.0, 1.0, 1.0)
    assert adjusted_rand([], []) == 1.0


@pytest.mark.parametrize("function", [bcubed, pairwise, adjusted_rand, score_clustering])
def test_length_mismatch_is_an_error(function):
    with pytest.raises(ValueError, match="3 items"):
        function([1, 2, 3], [1, 2])


def test_adjusted_rand():
    assert adjusted_rand(GOLD, ["x", "x", "x", 5, 5]) == pytest.approx(1.0)
    assert adjusted_rand(GOLD, [0] * 5) == pytest.approx(0.0)
    # Anti-correlated clusterings score below chance.
    assert adjusted_rand([0, 0, 1, 1], [0, 1, 0, 1]) < 0


def test_mixed_label_types():
    # Labels need only be hashable; sorting them would fail on int vs str vs None.
    gold = [1, "1", None, None, (2, 3)]
    assert score_clustering(gold, gold)["bcubed_f1"] == 1.0
    assert adjusted_rand(gold, ["a", "b", "c", "c", "d"]) == pytest.approx(1.0)


def test_score_clustering_keys_and_counts():
    scores = score_clustering(GOLD, ["x", "x", "y", "y", "z"])
    assert set(scores) == {
        "bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_p", "pairwise_r", "pairwise_f1",
        "ari", "n_gold", "n_predicted", "n_items",
    }  # fmt: skip
    assert (scores["n_gold"], scores["n_predicted"], scores["n_items"]) == (2, 3, 5)
    assert (scores["bcubed_p"], scores["bcubed_r"]) == approx(
        bcubed(GOLD, ["x", "x", "y", "y", "z"])[:2]
    )


def test_large_input_by_counting():
    # 100,000 items: gold clusters of 10 merged in pairs. Pair enumeration would take ~5e9 steps.
    n = 100_000
    gold = [i // 10 for i in range(n)]
    predicted = [i // 20 for i in range(n)]
    assert bcubed(gold, predicted) == approx((0.5, 1.0, 2 / 3))
    # 45 gold pairs per gold cluster, 190 predicted pairs per predicted cluster, 2 x 45 shared
    assert pairwise(gold, predicted) == approx((90 / 190, 1.0, 2 * (90 / 190) / (1 + 90 / 190)))


# --- Properties -----------------------------------------------------------------------------


def naive_bcubed(gold, predicted):
    n = len(gold)
    p = (
        sum(
            sum(predicted[j] == predicted[i] and gold[j] == gold[i] for j in range(n))
            / sum(predicted[j] == predicted[i] for j in range(n))
            for i in range(n)
        )
        / n
    )
    r = (
        sum(
            sum(predicted[j] == predicted[i] and gold[j] == gold[i] for j in range(n))
            / sum(gold[j] == gold[i] for j in range(n))
            for i in range(n)
        )
        / n
    )
    return p, r, 2 * p * r / (p + r)


def naive_pairwise(gold, predicted):
    pairs = list(combinations(range(len(gold)), 2))
    same_pred = {(i, j) for i, j in pairs if predicted[i] == predicted[j]}
    same_gold = {(i, j) for i, j in pairs if gold[i] == gold[j]}
    p = len(same_pred & same_gold) / len(same_pred) if same_pred else 1.0
    r = len(same_pred & same_gold) / len(same_gold) if same_gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# Two labelings of the same 1..30 items, from small label sets so that clusters form.
labelings = st.integers(1, 30).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 6), min_size=n, max_size=n),
        st.lists(st.sampled_from("abcdefg"), min_size=n, max_size=n),
    )
)


@settings(max_examples=200, deadline=None)
@given(labelings)
def test_scores_are_bounded(pair):
    gold, predicted = pair
    scores = score_clustering(gold, predicted)
    for key in ("bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_p", "pairwise_r", "pairwise_f1"):
        assert 0.0 <= scores[key] <= 1.0
    assert -1.0 <= scores["ari"] <= 1.0 + 1e-12


@settings(max_examples=200, deadline=None)
@given(labelings)
def test_matches_naive_reference(pair):
    gold, predicted = pair
    assert bcubed(gold, predicted) == approx(naive_bcubed(gold, predicted))
    assert pairwise(gold, predicted) == approx(naive_pairwise(gold, predicted))


@settings(max_examples=200, deadline=None)
@given(labelings)
def test_swapping_gold_and_predicted_swaps_precision_and_recall(pair):
    gold, predicted = pair
    for function in (bcubed, pairwise):
        p, r, f = function(gold, predicted)
        assert function(predicted, gold) == approx((r, p, f))
    assert adjusted_rand(predicted, gold) == pytest.approx(adjusted_rand(gold, predicted))


@settings(max_examples=200, deadline=None)
@given(labelings, st.randoms(use_true_random=False))
def test_relabelling_changes_nothing(pair, rng):
    gold, predicted = pair
    names = [f"cluster-{k}" for k in range(10)]
    rng.shuffle(names)
    renamed = dict(zip("abcdefg", names, strict=False))
    relabelled = [renamed[label] for label in predicted]
    assert score_clustering(gold, relabelled) == pytest.approx(score_clustering(gold, predicted))


@settings(max_examples=100, deadline=None)
@given(labelings, st.randoms(use_true_random=False))
def test_perfect_clustering_scores_one_under_any_labels(pair, rng):
    gold, _ = pair
    codes = list(range(100, 107))
    rng.shuffle(codes)
    predicted = [codes[label] for label in gold]
    scores = score_clustering(gold, predicted)
    for key in ("bcubed_p", "bcubed_r", "bcubed_f1", "pairwise_p", "pairwise_r", "pairwise_f1"):
        assert scores[key] == 1.0
    assert scores["ari"] == pytest.approx(1.0)
    assert scores["n_gold"] == scores["n_predicted"] == len(set(gold))
