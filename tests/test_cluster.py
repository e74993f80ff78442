"""Event clustering on the example corpus and on ECB+, as a user runs it."""

import json
import random
from pathlib import Path

import numpy as np
import pytest

from accord.analyze.pipeline import AnalyzeConfig, analyze_articles
from accord.cluster import ClusterParams, build_all_features, cluster_features, group_articles
from accord.cluster.features import ArticleFeatures
from accord.encode import CachedEncoder, get_encoder
from accord.ingest.readers import read_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TRUTH = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
ECBPLUS = ROOT.parent / "shared" / "data" / "ecbplus"
FLOORS = json.loads((Path(__file__).with_name("quality_floors.json")).read_text())


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(get_encoder("use"), None)


@pytest.fixture(scope="module")
def corpus(encoder):
    articles = read_paths([EXAMPLES / "articles"]).articles
    analyses = analyze_articles(articles, AnalyzeConfig(entities="rules"))
    features = build_all_features(articles, analyses, encoder)
    return articles, analyses, features


def truth_ref(article) -> str:
    if ".jsonl:" in article.source:
        return article.id
    return Path(article.source).resolve().relative_to(EXAMPLES.resolve()).as_posix()


def partition(groups) -> set[frozenset[str]]:
    return {frozenset(members) for members in groups}


def test_every_invented_event_is_recovered_exactly(corpus, encoder) -> None:
    articles, analyses, _ = corpus
    event_of, duplicate_of = group_articles(articles, analyses, encoder)
    ref = {a.id: truth_ref(a) for a in articles}
    found: dict[str, set[str]] = {}
    for article_id, event in event_of.items():
        found.setdefault(event, set()).add(ref[article_id])
    assert partition(found.values()) == partition(e["articles"] for e in TRUTH["events"])
    copies = {ref[c]: ref[o] for c, o in duplicate_of.items() if o}
    assert copies == {c["copy"]: c["original"] for e in TRUTH["events"] for c in e["near_copies"]}


def test_confusable_events_apart_and_translations_joined(corpus) -> None:
    articles, analyses, features = corpus
    events = cluster_features(features)
    ref = {a.id: truth_ref(a) for a in articles}
    event_of_ref = {ref[a]: e for e, members in events.items() for a in members}
    by_id = {e["id"]: e for e in TRUTH["events"]}
    for first, second in TRUTH["confusable"]:
        assert (
            event_of_ref[by_id[first]["articles"][0]] != event_of_ref[by_id[second]["articles"][0]]
        )
    multilingual = [e for e in TRUTH["events"] if len(e["languages"]) >= 3]
    assert multilingual
    for event in multilingual:
        assert len({event_of_ref[r] for r in event["articles"]}) == 1
    languages = {a.id: an.language for a, an in zip(articles, analyses, strict=True)}
    vienna = next(iter(multilingual))["articles"][0]
    joined = [a for a, e in event_of_ref.items() if e == event_of_ref[vienna]]
    ids = {v: k for k, v in ref.items()}
    assert {languages[ids[r]] for r in joined} >= {"en", "es", "it"}


def test_shuffled_input_gives_identical_events(corpus) -> None:
    _, _, features = corpus
    expected = cluster_features(features)
    for seed in range(3):
        shuffled = list(features)
        random.Random(seed).shuffle(shuffled)
        assert cluster_features(shuffled) == expected


def test_an_article_outside_the_time_window_starts_a_new_event(corpus) -> None:
    _, _, features = corpus
    base = next(f for f in features if f.day is not None)
    later = ArticleFeatures(
        id="zz-later-copy",
        day=base.day + 60,
        vector=base.vector.copy(),
        terms=dict(base.terms),
        names=base.names,
        numbers=base.numbers,
        dates=base.dates,
    )
    same_day = ArticleFeatures(**{**later.__dict__, "id": "zz-same-day", "day": base.day})
    events = cluster_features([base, later, same_day], ClusterParams.load())
    event_of = {a: e for e, members in events.items() for a in members}
    assert event_of["zz-same-day"] == event_of[base.id]
    assert event_of["zz-later-copy"] != event_of[base.id]
    unlimited = cluster_features(
        [base, later], ClusterParams(**{**ClusterParams.load().__dict__, "window_days": None})
    )
    assert len(unlimited) == 1


def test_features_are_plain_and_normalised(corpus) -> None:
    _, _, features = corpus
    for f in features:
        assert abs(float(np.linalg.norm(f.vector)) - 1.0) < 1e-4
        if f.terms:
            assert abs(sum(w * w for w in f.terms.values()) - 1.0) < 1e-6


def test_ecbplus_quality_does_not_regress(encoder) -> None:
    from accord.eval.event_eval import run_ecbplus

    report = run_ecbplus(ECBPLUS, "test", baselines=False, encoder=encoder)
    f1 = report.scores["accord"]["bcubed_f1"]
    floor = FLOORS["ecbplus_test_bcubed_f1"] - FLOORS["tolerance"]
    assert f1 >= floor, f"ECB+ test B-cubed F1 {f1:.3f} fell below the floor {floor:.3f}"
