"""ECB+ sentence pairs for fitting the claim-alignment score, and the fitting helpers."""

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.consolidate.compare import CompareParams
from accord.encode import CachedEncoder, get_encoder
from accord.eval.claim_fit import (
    SCORE_FORM,
    evaluate,
    format_report,
    pair_table,
    precision_recall,
    sentence_unit,
    threshold_at_precision,
)
from accord.eval.ecb_sentences import (
    EcbSentence,
    labelled_pairs,
    read_sentences,
    read_split,
)

DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"
RAW = DATA_DIR / "raw" / "ECB+_LREC2014" / "ECBplus_coreference_sentences.csv"
needs_data = pytest.mark.skipif(not RAW.is_file(), reason="ECB+ raw data not present")
TOPICS = (1, 3)  # two training topics


@pytest.fixture(scope="module")
def sentences() -> list[EcbSentence]:
    return read_sentences(DATA_DIR, TOPICS)


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(get_encoder("use"), None)


def sentence(doc: str, chains: set[str], number: int = 1) -> EcbSentence:
    topic, _, rest = doc.partition("_")
    part = "ecbplus" if rest.endswith("ecbplus") else "ecb"
    return EcbSentence(
        doc_id=doc,
        topic=int(topic),
        subtopic=f"{topic}_{part}",
        number=number,
        text=f"Invented sentence {number} of {doc}.",
        chains=frozenset(chains),
    )


# --- Pair labels -------------------------------------------------------------------------------


def test_labels_follow_shared_chains_across_documents():
    items = [
        sentence("7_1ecb", {"ACT1", "ACT2"}),
        sentence("7_1ecb", {"ACT1"}, number=2),  # same document as the first: never paired
        sentence("7_2ecb", {"ACT1"}),  # shares ACT1 with the first: positive
        sentence("7_3ecb", {"ACT9"}),  # same sub-topic, no chain in common: negative
        sentence("7_1ecbplus", {"ACT2"}),  # other sub-topic sharing ACT2: left out
        sentence("8_1ecb", {"ACT1"}),  # other topic: never paired
    ]
    got = {(p.a, p.b): (p.positive, p.same_subtopic) for p in labelled_pairs(items)}
    assert (0, 1) not in got
    assert got[(0, 2)] == (True, True)
    assert got[(0, 3)] == (False, True)
    assert (0, 4) not in got
    assert got[(3, 4)] == (False, False)
    assert not any(5 in key for key in got)


def test_min_shared_asks_more_of_positives():
    items = [
        sentence("7_1ecb", {"ACT1", "ACT2"}),
        sentence("7_2ecb", {"ACT1"}),
        sentence("7_3ecb", {"ACT1", "ACT2", "ACT3"}),
        sentence("7_4ecb", set()),
    ]
    got = {(p.a, p.b): p.positive for p in labelled_pairs(items, min_shared=2)}
    assert got[(0, 2)] is True
    assert (0, 1) not in got and (1, 2) not in got  # one chain in common: neither
    assert got[(0, 3)] is False


@needs_data
def test_reader_finds_sentences_positives_and_negatives(sentences):
    assert {s.topic for s in sentences} == set(TOPICS)
    assert all(s.text.strip() and "  " not in s.text for s in sentences)
    assert all(chain.startswith("ACT") for s in sentences for chain in s.chains)
    # Known sentence of the corpus, rebuilt from its tokens.
    first = next(s for s in sentences if s.doc_id == "1_2ecb" and s.number == 0)
    assert first.text == "A publicist says Tara Reid has checked herself into rehab."
    assert first.subtopic == "1_ecb"
    pairs = labelled_pairs(sentences)
    positives = [p for p in pairs if p.positive]
    negatives = [p for p in pairs if not p.positive]
    assert len(positives) > 100 and len(negatives) > 100
    assert all(p.same_subtopic for p in positives)
    assert any(p.same_subtopic for p in negatives) and any(not p.same_subtopic for p in negatives)
    for p in pairs:
        a, b = sentences[p.a], sentences[p.b]
        assert a.doc_id != b.doc_id and a.topic == b.topic
        assert p.positive == bool(a.chains & b.chains)


@needs_data
def test_test_topics_are_held_out():
    with pytest.raises(ValueError, match="test"):
        read_split(DATA_DIR, "test")


# --- Features ------------------------------------------------------------------------------------


@needs_data
def test_features_are_finite_and_today_score_is_reproduced(sentences, encoder):
    pairs = labelled_pairs(sentences)
    vectors = encoder.encode([s.text for s in sentences])
    table = pair_table(sentences, pairs, vectors)
    assert len(table) == len(pairs)
    for name, column in table.columns.items():
        assert len(column) == len(pairs), name
        assert np.isfinite(column.astype(np.float64)).all(), name
    assert ((table.columns["lexical"] >= 0) & (table.columns["lexical"] <= 1 + 1e-9)).all()
    assert ((table.columns["length_ratio"] > 0) & (table.columns["length_ratio"] <= 1)).all()
    # Today's score is the centred cosine plus the default bonuses.
    defaults = CompareParams()
    rebuilt = (
        table.columns["centred_0.8"]
        + defaults.lexical_weight * table.columns["lexical"]
        + defaults.anchor_bonus * np.minimum(table.columns["anchors"], defaults.max_anchors)
    )
    assert np.allclose(rebuilt, table.columns["current"], atol=1e-5)
    # On average, positives are closer than negatives.
    cosine = table.columns["raw_cosine"]
    assert cosine[table.label].mean() > cosine[~table.label].mean()
    # The fitting runs end to end (one topic to fit, the other to check).
    fit_rows, check_rows = table.topic == TOPICS[0], table.topic == TOPICS[1]
    report = evaluate(_subset(table, fit_rows), _subset(table, check_rows))
    assert all(0 <= row.dev_auc <= 1 for row in report.rows)
    assert set(report.weights[next(iter(report.weights))]) == {*SCORE_FORM, "intercept"}
    assert "today's score" in format_report(report)


def _subset(table, rows):
    return type(table)(
        columns={name: column[rows] for name, column in table.columns.items()},
        label=table.label[rows],
        topic=table.topic[rows],
        same_subtopic=table.same_subtopic[rows],
    )


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=200))
def test_sentence_unit_takes_any_text(text):
    unit = sentence_unit(EcbSentence("1_1ecb", 1, "1_ecb", 0, text, frozenset()))
    assert unit.text[unit.start : unit.end] == text
    for found in [*unit.quantities, *unit.dates]:
        assert text[found.start : found.end] == found.text


# --- Thresholds ---------------------------------------------------------------------------------


def test_threshold_at_precision_keeps_ties_together():
    y = np.array([True, True, False, True, False, False])
    scores = np.array([0.9, 0.8, 0.7, 0.7, 0.4, 0.1])
    threshold, precision, recall = threshold_at_precision(y, scores, 0.75)
    # 0.7 takes both tied pairs (3 of 4 right): the lowest threshold at 75%.
    assert threshold == 0.7 and precision == 0.75 and recall == 1.0
    assert math.isnan(threshold_at_precision(y, scores, 1.01)[0])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(0, 20)),
        min_size=1,
        max_size=40,
    ),
    st.floats(0.0, 1.0),
)
def test_threshold_reaches_the_asked_precision(rows, target):
    y = np.array([label for label, _ in rows])
    scores = np.array([value / 20 for _, value in rows])
    threshold, precision, recall = threshold_at_precision(y, scores, target)
    if math.isnan(threshold):
        return
    assert precision >= target
    assert (precision, recall) == pytest.approx(precision_recall(y, scores, threshold))
    # No lower threshold reaches the target with more recall.
    for lower in sorted(set(scores[scores < threshold].tolist())):
        p, r = precision_recall(y, scores, lower)
        assert p < target or r <= recall
