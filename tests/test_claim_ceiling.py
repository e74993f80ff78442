"""The claim alignment ceiling (`accord eval ceiling`): its oracle clauses, its counting,
and its figures on the example corpus with the default encoder."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.consolidate.units import Unit
from accord.encode import CachedEncoder, Encoder, get_encoder
from accord.eval.claim_ceiling import (
    CeilingReport,
    _auc,
    _connected,
    _level,
    _oracle_clause,
    ceiling_examples,
)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FLOORS = json.loads((Path(__file__).with_name("quality_floors.json")).read_text())

TEXT = (
    "At least 12 people died after the storm broke the sea wall, flooding the district. "
    "The mayor declared a state of emergency."
)


def unit(article: str, start: int, end: int, whole: bool = True) -> Unit:
    return Unit(article, TEXT[start:end], start, end, 0, whole, 0.0, "en")


def test_the_oracle_clause_is_the_finest_statement_holding_the_span() -> None:
    sentence_end = TEXT.index(".") + 1
    piece_start = TEXT.index("after")
    items = [
        unit("a", 0, sentence_end),
        unit("a", piece_start, TEXT.index(","), whole=False),
        unit("a", sentence_end + 1, len(TEXT)),
        unit("b", 0, sentence_end),  # another article's same text never counts
    ]
    assert _oracle_clause(items, "a", TEXT, "the storm broke the sea wall") == 1
    # A span running past the piece is covered more by the whole sentence.
    assert _oracle_clause(items, "a", TEXT, "broke the sea wall, flooding the district") == 0
    assert _oracle_clause(items, "a", TEXT, "state of emergency") == 2
    assert _oracle_clause(items, "a", TEXT, "not in the text") is None
    assert _oracle_clause(items, "c", TEXT, "the storm") is None


def test_a_fact_is_reachable_when_its_passing_pairs_connect_its_clauses() -> None:
    assert _connected(3, [(0, 1), (1, 2)])
    assert not _connected(3, [(0, 1)])
    assert _connected(1, [])
    # Fact one: a chain (reachable, not whole); fact two: all pairs pass; fact three: apart.
    facts = [
        ([(0, 1, 0.6), (1, 2, 0.7), (0, 2, 0.2)], 3),
        ([(0, 1, 0.9)], 2),
        ([(0, 1, 0.1), (0, 2, -1.0), (1, 2, 0.45)], 3),
    ]
    level = _level(0.5, facts, same=[0.6, 0.7, 0.2, 0.9], different=[0.55, 0.1, -1.0])
    assert (level.reachable, level.whole) == (2, 1)
    assert (level.same_passing, level.different_passing) == (3, 1)
    low = _level(0.1, facts, same=[0.6, 0.7, 0.2, 0.9], different=[0.55, 0.1, -1.0])
    assert (low.reachable, low.whole, low.different_passing) == (3, 2, 2)


scores = st.lists(st.sampled_from([-1.0, 0.0, 0.25, 0.5, 0.75, 1.0]), min_size=1, max_size=30)


@given(scores, scores)
def test_auc_is_the_share_of_pairs_ranked_right(positive: list[float], negative: list[float]):
    pairs = [(p, n) for p in positive for n in negative]
    expected = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p, n in pairs) / len(pairs)
    assert _auc(positive, negative) == pytest.approx(expected)


@pytest.fixture(scope="module")
def report() -> CeilingReport:
    return ceiling_examples(EXAMPLES, CachedEncoder(get_encoder("use"), None))


def test_every_truth_span_of_the_corpus_lies_in_a_statement(report: CeilingReport) -> None:
    assert report.missing == []
    assert report.consensus_facts == 40
    assert report.same_pairs > report.consensus_facts


class NoiseEncoder(Encoder):
    """Vectors that mean nothing: a fixed random direction per text."""

    name = "noise"
    dimension = 64
    languages = None

    def _embed(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._row(text) for text in texts])

    def _row(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()[:8])
        return np.random.default_rng(seed).standard_normal(self.dimension)


def test_the_ceiling_tells_an_encoder_from_noise(report: CeilingReport) -> None:
    """With vectors that mean nothing, only shared words and numbers link the clauses:
    the ceiling must see the difference, or it measures the words, not the encoder."""
    noise = ceiling_examples(EXAMPLES, NoiseEncoder())
    assert noise.consensus_facts == report.consensus_facts
    assert noise.auc < report.auc - 0.1, (noise.auc, report.auc)
    at = {level.threshold: level for level in report.levels}
    noise_at = {level.threshold: level for level in noise.levels}
    assert noise_at[0.5].reachable < at[0.5].reachable / 2


def test_the_ceiling_holds_its_floor(report: CeilingReport) -> None:
    """The clause cutting and the statement score keep the separation recorded in
    `quality_floors.json` (a regression there would cap every brief's recall lower)."""
    level = next(level for level in report.levels if level.threshold == 0.5)
    reachable = level.reachable / report.consensus_facts
    floor = FLOORS["examples_ceiling_reachable_at_0.5"]
    assert reachable >= floor - FLOORS["tolerance"], (reachable, floor)
    assert report.auc >= FLOORS["examples_ceiling_auc"] - FLOORS["tolerance"], report.auc


def test_the_command_prints_the_table_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "ceiling.json"
    done = subprocess.run(
        [sys.executable, "-m", "accord", "eval", "ceiling", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    printed = " ".join(done.stdout.split())
    assert "reachable" in printed and "40 consensus facts" in printed
    written = json.loads(out.read_text())
    assert written["consensus_facts"] == 40
    assert [level["threshold"] for level in written["levels"]] == [0.3, 0.4, 0.5, 0.6]


@pytest.mark.parametrize(
    "benchmark, encoder, message",
    [
        ("ceiling", "nonsense", "unknown encoder 'nonsense'"),
        ("ecbplus", "e5", "--encoder applies to examples and ceiling"),
    ],
)
def test_a_wrong_encoder_is_a_usage_error(benchmark: str, encoder: str, message: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "accord", "eval", benchmark, "--encoder", encoder],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert message in done.stderr
