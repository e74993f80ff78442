"""Incremental events equal batch events: whatever order and batches articles arrive in,
with removals and new versions, `IncrementalStream` gives what `cluster_features` gives
over the articles it holds, and `IncrementalGrouper` what `group_articles` gives. In time
order it never adds everything again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analyze.pipeline import AnalyzeConfig, analyze_articles
from accord.cluster import ArticleFeatures, cluster_features, group_articles, time_order
from accord.cluster.incremental import IncrementalGrouper, IncrementalStream
from accord.encode import CachedEncoder, Encoder, get_encoder
from example_corpus import articles_by_ref

FIRST_DAY = 740_000  # a proleptic ordinal day; only differences matter


def synthetic(seed: int, events: int = 14, days: int = 20, dim: int = 24) -> list[ArticleFeatures]:
    """Articles of `events` invented happenings over `days`: vectors near their event's
    direction, the event's words and names, days a little after the event's first."""
    rng = np.random.default_rng(seed)
    out = []
    for event in range(events):
        direction = rng.standard_normal(dim)
        start = int(rng.integers(0, days))
        for member in range(int(rng.integers(1, 9))):
            vector = direction / np.linalg.norm(direction) + 0.6 * rng.standard_normal(dim) / 5
            words = {f"w{event}-{k}": 1.0 for k in rng.choice(12, size=6, replace=False)}
            words.update({f"common{k}": 0.2 for k in rng.integers(0, 40, size=4)})
            norm = sum(w * w for w in words.values()) ** 0.5
            out.append(
                ArticleFeatures(
                    id=f"e{event:02d}-{member}-{int(rng.integers(1000)):03d}",
                    vector=(vector / np.linalg.norm(vector)).astype(np.float32),
                    terms={word: w / norm for word, w in words.items()},
                    day=None if rng.random() < 0.05 else FIRST_DAY + start + int(rng.integers(3)),
                    names=frozenset({f"name{event}"}) if rng.random() < 0.7 else frozenset(),
                    dates=frozenset({FIRST_DAY + start}) if rng.random() < 0.5 else frozenset(),
                )
            )
    return out


def batch(held: dict[str, ArticleFeatures]) -> dict[str, list[str]]:
    return cluster_features(list(held.values()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    cuts=st.lists(st.integers(1, 6), min_size=1, max_size=6),
    shuffled=st.booleans(),
    edits=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 200), st.booleans()), max_size=4),
    kept_days=st.integers(1, 3),
    late=st.integers(0, 3),
)
def test_the_stream_equals_batch_after_every_update(
    seed: int,
    cuts: list[int],
    shuffled: bool,
    edits: list[tuple[int, int, bool]],
    kept_days: int,
    late: int,
) -> None:
    articles = synthetic(seed)
    ordered = time_order(articles)
    if shuffled:  # late arrivals, undated ones anywhere
        np.random.default_rng(seed).shuffle(ordered)
    else:  # in time order but for a few a day or two late, as feeds deliver them
        for index in range(late * 7 % len(ordered), len(ordered), 9):
            ordered.insert(min(len(ordered) - 1, index + 6), ordered.pop(index))
    stream, held = IncrementalStream(kept_days=kept_days), {}
    position, step = 0, 0
    while position < len(ordered):
        size = max(1, len(ordered) * cuts[step % len(cuts)] // 20)
        new = ordered[position : position + size]
        position, step = position + size, step + 1
        removed = []
        for when, which, is_new_version in edits:
            if when == step and held:
                victim = sorted(held)[which % len(held)]
                if is_new_version:  # same id, text changed: another vector
                    new = [*new, replace(held[victim], vector=-held[victim].vector)]
                else:
                    removed.append(victim)
        for article_id in removed:
            held.pop(article_id, None)
        held.update((f.id, f) for f in new)
        assert stream.update(new, removed) == batch(held)


def test_time_ordered_arrivals_never_restart() -> None:
    articles = time_order([f for f in synthetic(7, events=30, days=25) if f.day is not None])
    stream, held = IncrementalStream(), {}
    days = sorted({f.day for f in articles})
    for day in days:  # one cycle a day, and a second later the same day
        today = [f for f in articles if f.day == day]
        for part in (today[: len(today) // 2], today[len(today) // 2 :]):
            held.update((f.id, f) for f in part)
            assert stream.update(part) == batch(held)
    assert stream.rebuilds == 1  # the first update only
    # each update added its day again, not the history
    assert stream.restreamed < 2 * len(articles)


def test_a_late_article_restarts_and_stays_right() -> None:
    articles = time_order([f for f in synthetic(11) if f.day is not None])
    stream = IncrementalStream()
    stream.update(articles[1:])
    assert stream.update([articles[0]]) == cluster_features(articles)
    assert stream.rebuilds == 2  # older than every kept day: everything again


def test_yesterdays_article_read_today_restarts_from_yesterday() -> None:
    articles = time_order([f for f in synthetic(12, days=10) if f.day is not None])
    last_day = articles[-1].day
    yesterday = next(f for f in articles if f.day == last_day - 1)
    rest = [f for f in articles if f is not yesterday]
    stream = IncrementalStream()
    stream.update(rest)
    added = stream.restreamed
    assert stream.update([yesterday]) == cluster_features(articles)
    assert stream.rebuilds == 1
    # only yesterday and today were added again
    assert stream.restreamed - added == sum(1 for f in articles if f.day >= last_day - 1)


def test_removing_everything_and_starting_again() -> None:
    articles = synthetic(3)
    stream = IncrementalStream()
    stream.update(articles)
    assert stream.update([], [f.id for f in articles]) == {}
    assert stream.update(articles[:5]) == cluster_features(articles[:5])


# --- whole articles: vectors, near-copies ---------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> tuple[list, list, CachedEncoder]:
    articles = sorted(articles_by_ref().values(), key=lambda a: (a.published or "", a.id))
    analyses = analyze_articles(articles, AnalyzeConfig(entities="rules"))
    return articles, analyses, CachedEncoder(get_encoder("use"), None)


def test_the_grouper_equals_group_articles(corpus) -> None:
    articles, analyses, encoder = corpus
    grouper = IncrementalGrouper(encoder)
    held: dict[str, int] = {}
    for start in range(0, len(articles), 7):  # publication order, 7 at a time
        part = range(start, min(start + 7, len(articles)))
        held.update({articles[i].id: i for i in part})
        got = grouper.update([articles[i] for i in part], [analyses[i] for i in part])
        order = sorted(held.values())
        expected = group_articles(
            [articles[i] for i in order], [analyses[i] for i in order], encoder
        )
        assert got == expected
    assert grouper.stream.rebuilds == 1
    assert any(original for original in got[1].values())  # the corpus's wire copies
    # an original withdrawn: its copies are originals again, and still grouped as batch
    original = next(o for o in got[1].values() if o)
    del held[original]
    got = grouper.update([], [], removed=[original])
    order = sorted(held.values())
    expected = group_articles([articles[i] for i in order], [analyses[i] for i in order], encoder)
    assert got == expected and original not in got[0]


def test_stored_vectors_give_the_same_events(corpus) -> None:
    articles, analyses, encoder = corpus
    first = IncrementalGrouper(encoder)
    answer = first.update(articles, analyses)
    vectors = {a.id: first.vector(a.id) for a in articles}
    encoder.hits = encoder.misses = 0
    second = IncrementalGrouper(encoder)
    assert second.update(articles, analyses, known_vectors=vectors) == answer
    assert encoder.hits == encoder.misses == 0  # nothing encoded


class FailingOnce(Encoder):
    """The real encoder, but the first call that sees `poison` raises."""

    def __init__(self, inner: CachedEncoder, poison: str) -> None:
        self.inner, self.poison, self.failed = inner, poison, False
        self.name, self.dimension, self.languages = inner.name, inner.dimension, None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not self.failed and any(self.poison in text for text in texts):
            self.failed = True
            raise RuntimeError("the encoder fell over")
        return self.inner.encode(texts)

    def _embed(self, texts: list[str]) -> np.ndarray:
        return self.encode(texts)


def test_a_failed_update_leaves_nothing_half_done(corpus) -> None:
    articles, analyses, encoder = corpus
    grouper = IncrementalGrouper(FailingOnce(encoder, articles[10].title or articles[10].text))
    grouper.update(articles[:10], analyses[:10])
    with pytest.raises(RuntimeError):
        grouper.update(articles[10:20], analyses[10:20])
    assert grouper.ids() == set(a.id for a in articles[:10])  # nothing of the failed batch
    grouper.update(articles[10:], analyses[10:])
    assert grouper.update([], []) == group_articles(articles, analyses, encoder)


def test_a_broken_update_starts_over_next_time(corpus) -> None:
    articles, analyses, encoder = corpus
    grouper = IncrementalGrouper(encoder)
    grouper.update(articles[:10], analyses[:10])
    with pytest.raises(ValueError):  # an article read twice in one batch
        grouper.update([articles[12], articles[12]], [analyses[12], analyses[12]])
    assert grouper.ids() == set()  # dropped whole: a watcher reads the store again
    assert grouper.update(articles, analyses) == group_articles(articles, analyses, encoder)
