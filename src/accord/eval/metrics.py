"""Scores for a clustering of items against a gold partition.

Plain lists in, plain numbers out: `gold[i]` and `predicted[i]` are the cluster labels of
item i (any hashable values; only equality between labels matters, so relabelling a
clustering never changes its score). Everything is computed from the contingency table
of (gold, predicted) label pairs, so 100,000 items cost a few tens of milliseconds: no
function here enumerates pairs of items.

- B-cubed (Bagga & Baldwin 1998; Amigó et al. 2009): for each item, precision is the share
  of its predicted cluster that shares its gold label, recall the share of its gold
  cluster that shares its predicted cluster; both are averaged over items and F1 is their
  harmonic mean. This is the headline event-clustering score.
- Pairwise: precision and recall over the unordered pairs of items put together.
- Adjusted Rand index, from scikit-learn.

Degenerate inputs, defined so that a perfect clustering always scores 1.0 and swapping
gold and predicted always swaps precision and recall:

- No items: every score is 1.0 (nothing is misplaced), as scikit-learn does for the ARI.
- Pairwise precision with no predicted pair (all predicted singletons) is 1.0: no wrong
  merge was claimed. Pairwise recall with no gold pair (all gold singletons) is 1.0:
  there was nothing to find. F1 is 0.0 whenever precision + recall is 0.
- Inputs of different lengths raise ValueError.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
from sklearn.metrics import adjusted_rand_score


def _codes(labels: Sequence[Hashable]) -> np.ndarray:
    """Labels as integers 0..k-1 in order of first appearance (labels may mix types)."""
    index: dict[Hashable, int] = {}
    return np.fromiter(
        (index.setdefault(label, len(index)) for label in labels), dtype=np.int64, count=len(labels)
    )


def _contingency(
    gold: Sequence[Hashable], predicted: Sequence[Hashable]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per nonzero cell: (count, gold size, predicted size), plus all gold and predicted sizes."""
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} items but predicted has {len(predicted)}")
    g, p = _codes(gold), _codes(predicted)
    gold_sizes = np.bincount(g)
    pred_sizes = np.bincount(p)
    n_pred = len(pred_sizes)
    # One integer per (gold, predicted) pair of labels; its counts are the table's cells.
    cells, cell_counts = np.unique(g * max(n_pred, 1) + p, return_counts=True)
    cell_gold = gold_sizes[cells // max(n_pred, 1)]
    cell_pred = pred_sizes[cells % max(n_pred, 1)]
    return cell_counts, cell_gold, cell_pred, gold_sizes, pred_sizes


def _f1(precision: float, recall: float) -> float:
    total = precision + recall
    return 2 * precision * recall / total if total > 0 else 0.0


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """Item-level B-cubed (precision, recall, F1) of `predicted` against `gold`."""
    n = len(gold)
    if n == 0 and len(predicted) == 0:
        return 1.0, 1.0, 1.0
    counts, cell_gold, cell_pred, _, _ = _contingency(gold, predicted)
    # Each of the `count` items of a cell has precision count/|its predicted cluster|.
    counts = counts.astype(np.float64)
    precision = float(np.sum(counts * counts / cell_pred) / n)
    recall = float(np.sum(counts * counts / cell_gold) / n)
    # Rounding can land a hair above 1 for perfect clusterings; scores are in [0, 1].
    precision, recall = min(precision, 1.0), min(recall, 1.0)
    return precision, recall, _f1(precision, recall)


def _pairs(sizes: np.ndarray) -> int:
    sizes = sizes.astype(np.int64)
    return int(np.sum(sizes * (sizes - 1) // 2))


def pairwise(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[float, float, float]:
    """Pairwise (precision, recall, F1): over item pairs predicted together / gold together.

    With no predicted pair, precision is 1.0; with no gold pair, recall is 1.0 (see the
    module docstring), so all-singletons against all-singletons scores 1.0.
    """
    if len(gold) == 0 and len(predicted) == 0:
        return 1.0, 1.0, 1.0
    counts, _, _, gold_sizes, pred_sizes = _contingency(gold, predicted)
    together_both = _pairs(counts)
    together_pred = _pairs(pred_sizes)
    together_gold = _pairs(gold_sizes)
    precision = together_both / together_pred if together_pred else 1.0
    recall = together_both / together_gold if together_gold else 1.0
    return precision, recall, _f1(precision, recall)


def adjusted_rand(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Adjusted Rand index (scikit-learn's): 1.0 perfect, about 0.0 for chance, may be < 0."""
    if len(gold) != len(predicted):
        raise ValueError(f"gold has {len(gold)} items but predicted has {len(predicted)}")
    # Integer codes, because scikit-learn sorts labels and mixed types cannot be sorted.
    return float(adjusted_rand_score(_codes(gold), _codes(predicted)))


def score_clustering(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[str, float]:
    """All scores at once, plus the number of gold clusters, predicted clusters and items."""
    bp, br, bf = bcubed(gold, predicted)
    pp, pr, pf = pairwise(gold, predicted)
    return {
        "bcubed_p": bp,
        "bcubed_r": br,
        "bcubed_f1": bf,
        "pairwise_p": pp,
        "pairwise_r": pr,
        "pairwise_f1": pf,
        "ari": adjusted_rand(gold, predicted),
        "n_gold": len(set(gold)),
        "n_predicted": len(set(predicted)),
        "n_items": len(gold),
    }
