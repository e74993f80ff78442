"""The event timeline: dated statements merged across outlets and languages, in date order.

Corpus figures (examples/, real analysis, multilingual USE, threshold 0.5), measured when
this was written: 94 of the 98 (truth date, article, span) statements of truth.json are on
the timeline under the right date range (0.959); the 4 misses are dates the analysis does
not resolve to the truth's day (an article without a publication date; "Friday night"
read as the previous Friday). 14 of the 20 truth dates stated by several articles end up
as a single entry holding all of them.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analyze.dates import find_dates
from accord.analyze.pipeline import analyze_articles
from accord.analyze.sentences import split_sentences
from accord.consolidate.sources import EventSources, event_sources
from accord.consolidate.timeline import (
    MAX_STATEMENT_CHARS,
    MIN_CLAUSE_CHARS,
    _clusters,
    build_timeline,
)
from accord.encode import CachedEncoder, Encoder, get_encoder
from accord.model import Analysis, Article, Dated
from accord.nearcopy import find_near_copies
from example_corpus import articles_by_ref

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TRUTH = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))

# Floors under the figures in the module docstring.
RECALL_FLOOR = 0.93
MERGED_FLOOR = 0.65


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return CachedEncoder(get_encoder("use"), None)


# --- invented events ------------------------------------------------------------------
# 2026-03-07 is a Saturday: "on Friday" in a report of that day is 2026-03-06.


def make(
    article_id: str,
    text: str,
    outlet: str | None = None,
    language: str | None = "en",
    published: str | None = "2026-03-07",
) -> Article:
    return Article(
        id=article_id,
        source=f"{article_id}.txt",
        text=text,
        outlet=outlet if outlet is not None else f"{article_id}.example",
        language=language,
        published=published,
    )


def analyse(article: Article) -> Analysis:
    return Analysis(
        article=article.id,
        language=article.language,
        sentences=split_sentences(article.text, article.language),
        dates=find_dates(article.text, article.language, article.published),
    )


def event(
    articles: list[Article], duplicate_of: dict[str, str | None] | None = None
) -> tuple[dict[str, Analysis], EventSources]:
    return {a.id: analyse(a) for a in articles}, event_sources(articles, duplicate_of or {})


def timeline_of(
    articles: list[Article],
    encoder: Encoder,
    language: str | None = None,
    duplicate_of: dict[str, str | None] | None = None,
) -> list[Dated]:
    analyses, sources = event(articles, duplicate_of)
    return build_timeline(articles, analyses, sources, encoder, language)


def assert_well_formed(
    timeline: list[Dated], articles: list[Article], sources: EventSources
) -> None:
    texts = {a.id: a.text for a in articles}
    for entry in timeline:
        assert entry.mentions
        for mention in entry.mentions:
            assert texts[mention.article][mention.start : mention.end] == mention.text
        assert entry.text in {m.text for m in entry.mentions}
        assert entry.support == sources.support(m.article for m in entry.mentions)
        assert entry.end_date is None or entry.end_date > entry.date
        # one mention per article: an article does not say one thing twice
        assert len({m.article for m in entry.mentions}) == len(entry.mentions)
    keys = [(e.date, e.end_date or e.date, -len(e.support)) for e in timeline]
    assert keys == sorted(keys)


BRIDGE_EN = "The old bridge over the river Tamsin collapsed on Friday, injuring four people."
BRIDGE_EN2 = "Four people were hurt when the old Tamsin bridge collapsed on Friday."
BRIDGE_ES = "El viejo puente sobre el río Tamsin se derrumbó el viernes y dejó cuatro heridos."
SCHOOLS = "Schools in the town stayed closed on Friday because of a power cut."


def bridge_event() -> list[Article]:
    return [
        make("a", f"{BRIDGE_EN} Engineers had inspected it in 2019."),
        make("b", f"{BRIDGE_EN2}\n{SCHOOLS}"),
        make("c", BRIDGE_ES, language="es"),
    ]


def test_one_statement_in_three_outlets_and_two_languages_is_one_entry(encoder):
    articles = bridge_event()
    analyses, sources = event(articles)
    timeline = build_timeline(articles, analyses, sources, encoder, "en")
    assert_well_formed(timeline, articles, sources)
    friday = [e for e in timeline if e.date == "2026-03-06"]
    assert len(friday) == 2  # the collapse, and the schools (a different statement)
    collapse, schools = friday  # more sources first
    assert collapse.support == ["a", "b", "c"]
    assert {m.text for m in collapse.mentions} == {BRIDGE_EN, BRIDGE_EN2, BRIDGE_ES}
    assert collapse.end_date is None and collapse.granularity == "day"
    assert collapse.text in {BRIDGE_EN, BRIDGE_EN2}
    assert schools.text == SCHOOLS and schools.support == ["b"]
    year = [e for e in timeline if e.date == "2019-01-01"]
    assert [(e.end_date, e.granularity) for e in year] == [("2019-12-31", "year")]


def test_the_preferred_language_gives_the_text(encoder):
    articles = bridge_event()
    spanish = timeline_of(articles, encoder, language="es")
    collapse = next(e for e in spanish if len(e.support) == 3)
    assert collapse.text == BRIDGE_ES


def test_dateline_and_byline_do_not_make_statements(encoder):
    text = (
        "By Ana Ruiz, March 7, 2026\n"
        "LAKETON, March 7 (Invented Wire) - Firefighters put out a blaze at the paper mill "
        "on Friday after it had burned for six hours.\n"
        "March 7, 2026"
    )
    timeline = timeline_of([make("w", text)], encoder)
    assert [(e.date, e.text) for e in timeline] == [
        (
            "2026-03-06",
            "Firefighters put out a blaze at the paper mill on Friday after it had burned "
            "for six hours.",
        )
    ]


def test_unresolved_dates_are_left_out(encoder):
    text = "The ferry sank on Friday. The harbour had been dredged in 2019 by the port."
    timeline = timeline_of([make("n", text, published=None)], encoder)
    # "on Friday" needs a publication date; "in 2019" does not
    assert [(e.date, e.end_date) for e in timeline] == [("2019-01-01", "2019-12-31")]


def test_order_is_date_then_end_then_support(encoder):
    articles = [
        make("a", "The plant was built in 2019 by the regional government. " + BRIDGE_EN),
        make("b", "Work on the plant began in January 2019 after a long delay. " + BRIDGE_EN2),
        make("c", "A new ferry line will start operating on 1 May 2026, the town said."),
        make("d", "Local shops stayed shut on Friday as the water supply failed."),
    ]
    analyses, sources = event(articles)
    timeline = build_timeline(articles, analyses, sources, encoder)
    assert_well_formed(timeline, articles, sources)
    summary = [(e.date, e.end_date, len(e.support)) for e in timeline]
    assert summary == [
        ("2019-01-01", "2019-01-31", 1),  # a month ends before the year that starts with it
        ("2019-01-01", "2019-12-31", 1),
        ("2026-03-06", None, 2),  # the collapse, two sources, before the one-source shops
        ("2026-03-06", None, 1),
        ("2026-05-01", None, 1),  # an announced future date belongs too
    ]


def test_a_near_copy_adds_a_mention_not_a_source(encoder):
    wire = f"{BRIDGE_EN} Divers searched the river until dark."
    articles = [make("wire", wire), make("copy", wire, published="2026-03-08")]
    duplicate_of = {"wire": None, "copy": "wire"}
    timeline = timeline_of(articles, encoder, duplicate_of=duplicate_of)
    (entry,) = timeline
    assert entry.support == ["wire"]
    assert [m.article for m in entry.mentions] == ["wire", "copy"]


def test_copy_mentions_resolve_against_their_own_publication_day(encoder):
    # The copy, published a week later, says "on Friday" of a different week: no merge.
    articles = [make("a", BRIDGE_EN), make("b", BRIDGE_EN2, published="2026-03-14")]
    timeline = timeline_of(articles, encoder)
    assert [(e.date, e.support) for e in timeline] == [
        ("2026-03-06", ["a"]),
        ("2026-03-13", ["b"]),
    ]


def test_a_long_sentence_is_narrowed_to_the_clause_of_its_date(encoder):
    long_sentence = (
        "The regional council, which has argued for years about the cost of flood defences "
        "along the lower river and the villages that depend on them, finally approved the "
        "new embankment on Friday; the works, paid for by a loan that the finance committee "
        "negotiated with two banks over the summer months, are expected to take three years "
        "and to employ some two hundred people from the valley."
    )
    assert len(long_sentence) > MAX_STATEMENT_CHARS
    article = make("long", long_sentence)
    timeline = timeline_of([article], encoder)
    friday = [e for e in timeline if e.date == "2026-03-06"]
    assert len(friday) == 1
    (mention,) = friday[0].mentions
    assert article.text[mention.start : mention.end] == mention.text
    assert "on Friday" in mention.text
    assert MIN_CLAUSE_CHARS <= len(mention.text) < len(long_sentence)
    assert mention.text.endswith("approved the new embankment on Friday")


def test_two_sentences_of_one_article_stay_apart(encoder):
    text = f"{BRIDGE_EN} Again: {BRIDGE_EN2}"
    timeline = timeline_of([make("twice", text)], encoder)
    assert len(timeline) == 2


def test_missing_analysis_and_empty_input(encoder):
    articles = bridge_event()
    analyses, sources = event(articles)
    del analyses["b"]
    timeline = build_timeline(articles, analyses, sources, encoder)
    assert all(m.article != "b" for e in timeline for m in e.mentions)
    assert build_timeline([], {}, event_sources([], {}), encoder) == []
    no_dates = make("x", "Nothing here carries a date at all.")
    assert timeline_of([no_dates], encoder) == []


# --- clustering ------------------------------------------------------------------------


def naive_average_linkage(vectors: np.ndarray, articles: list[str], threshold: float):
    """Textbook average linkage with the same-article constraint, O(n^3), for reference."""
    clusters = [[i] for i in range(len(articles))]
    sim = vectors @ vectors.T
    while True:
        best, pair = -np.inf, None
        for x in range(len(clusters)):
            for y in range(x + 1, len(clusters)):
                owners_x = {articles[i] for i in clusters[x]}
                if owners_x & {articles[i] for i in clusters[y]}:
                    continue
                mean = float(np.mean(sim[np.ix_(clusters[x], clusters[y])]))
                if mean > best:
                    best, pair = mean, (x, y)
        if pair is None or best < threshold:
            return sorted(sorted(c) for c in clusters)
        x, y = pair
        clusters[x] += clusters.pop(y)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=2**31),
    st.floats(min_value=-0.2, max_value=0.9),
)
def test_clusters_are_average_linkage(n, seed, threshold):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(3, 8))
    vectors = centres[rng.integers(0, 3, n)] + rng.normal(size=(n, 8)) * 0.7
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    articles = [f"a{k}" for k in rng.integers(0, max(1, n // 2), n)]
    got = sorted(_clusters(vectors.astype(np.float32), articles, threshold))
    want = naive_average_linkage(vectors.astype(np.float32).astype(np.float64), articles, threshold)
    assert got == want


# --- arbitrary input -------------------------------------------------------------------

FRAGMENTS = [
    BRIDGE_EN,
    BRIDGE_EN2,
    BRIDGE_ES,
    SCHOOLS,
    "The museum will reopen next spring, the council said.",
    "El museo reabrirá la próxima primavera, según el ayuntamiento.",
    "Prices have risen since the autumn of 2024.",
    "ROMA — Il ponte è crollato venerdì sera.",
    "The union met last week and again on Wednesday.",
    "VIENNA, March 7 (Wire) - Talks ended on Friday without a deal.",
    "It happened on 30.10.2025; nobody noticed until Dec. 9.",
]

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60)), min_size=0, max_size=6
).map(lambda parts: " ".join(parts))
articles_strategy = st.lists(
    st.tuples(
        texts,
        st.sampled_from(["2026-03-07", "2026-03-09", "2026-11-01T10:00:00Z", None]),
        st.sampled_from(["one.example", "two.example", None]),
        st.sampled_from(["en", "es", None]),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles_strategy, st.integers(min_value=0, max_value=1000), st.sampled_from([None, "en"]))
def test_arbitrary_articles_verbatim_and_order_free(encoder, specs, seed, language):
    articles = [
        make(f"art{k}", text, outlet, lang, published)
        for k, (text, published, outlet, lang) in enumerate(specs)
    ]
    analyses, sources = event(articles)
    timeline = build_timeline(articles, analyses, sources, encoder, language)
    assert_well_formed(timeline, articles, sources)
    shuffled = articles[:]
    random.Random(seed).shuffle(shuffled)
    shuffled_analyses = {a.id: analyses[a.id] for a in reversed(shuffled)}
    again = build_timeline(
        shuffled, shuffled_analyses, event_sources(shuffled, {}), encoder, language
    )
    assert again == timeline


# --- the example corpus ---------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> list[tuple[dict, list[Article], dict[str, Analysis], EventSources, dict]]:
    """Per truth event: (event, its articles, analyses, sources, ref -> article id)."""
    by_ref = articles_by_ref()
    analyses = {a.article: a for a in analyze_articles(list(by_ref.values()))}
    duplicate_of = find_near_copies([(a.id, a.text, a.published) for a in by_ref.values()])
    ids = {ref: article.id for ref, article in by_ref.items()}
    events = []
    for truth in TRUTH["events"]:
        articles = [by_ref[ref] for ref in truth["articles"]]
        events.append((truth, articles, analyses, event_sources(articles, duplicate_of), ids))
    return events


@pytest.fixture(scope="module")
def timelines(corpus, encoder) -> dict[str, list[Dated]]:
    return {
        truth["id"]: build_timeline(articles, analyses, sources, encoder, "en")
        for truth, articles, analyses, sources, _ in corpus
    }


def entries_for(timeline: list[Dated], item: dict) -> list[Dated]:
    end = item.get("end_date") or item["date"]
    return [e for e in timeline if e.date == item["date"] and (e.end_date or e.date) == end]


def covers(entry: Dated, article_id: str, span: str) -> bool:
    return any(m.article == article_id and span in m.text for m in entry.mentions)


def test_timeline_recall_of_the_truth_dates(corpus, timelines):
    found = total = merged = several = 0
    for truth, _, _, _, ids in corpus:
        for item in truth["dates"]:
            entries = entries_for(timelines[truth["id"]], item)
            stated = [(ids[ref], span) for ref, span in item["stated_by"].items()]
            found += sum(any(covers(e, a, s) for e in entries) for a, s in stated)
            total += len(stated)
            if len(stated) > 1:
                several += 1
                merged += any(all(covers(e, a, s) for a, s in stated) for e in entries)
    recall = found / total
    print(f"timeline recall {found}/{total} = {recall:.3f}; one entry {merged}/{several}")
    assert recall >= RECALL_FLOOR
    assert merged / several >= MERGED_FLOOR


def test_corpus_timelines_are_well_formed(corpus, timelines):
    for truth, articles, _, sources, _ in corpus:
        assert timelines[truth["id"]], truth["id"]
        assert_well_formed(timelines[truth["id"]], articles, sources)


def test_the_event_day_is_one_entry_backed_by_every_outlet(corpus, timelines):
    for event_id in ("harbour-storm", "vienna-accord"):
        truth, _, analyses, sources, _ = next(c for c in corpus if c[0]["id"] == event_id)
        day = [e for e in timelines[event_id] if e.date == truth["date"] and not e.end_date]
        top = max(day, key=lambda e: len(e.support))
        assert len(top.support) == sources.count == 6
        languages = {analyses[m.article].language for m in top.mentions}
        chosen = next(m for m in top.mentions if m.text == top.text)
        assert analyses[chosen.article].language == "en"  # the preferred language
        if event_id == "vienna-accord":  # English, Spanish and Italian wordings together
            assert languages == {"en", "es", "it"}


def test_datelines_and_bylines_stay_off_the_timeline(timelines):
    texts = [m.text for timeline in timelines.values() for e in timeline for m in e.mentions]
    assert not any(t.startswith(("PORT ELLIS", "GENEVA", "VIENNA", "VIENA", "ROMA")) for t in texts)
    assert not any("(Nordwire)" in t or "(Agencia Norte)" in t for t in texts)
    assert not any("7 novembre 2026" in t for t in texts)  # the Italian byline
