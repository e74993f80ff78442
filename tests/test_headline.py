"""The event's title (one of its articles' own titles, verbatim) and its date (the day the
event happened, as the articles' leads tell it, not the day it was reported)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.analyze.dates import find_dates
from accord.analyze.pipeline import analyze_articles
from accord.analyze.sentences import split_sentences
from accord.consolidate.headline import event_date, event_title
from accord.consolidate.sources import EventSources, event_sources
from accord.encode import CachedEncoder, Encoder, get_encoder
from accord.model import Analysis, Article
from accord.nearcopy import find_near_copies
from example_corpus import articles_by_ref

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TRUTH = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return CachedEncoder(get_encoder("use"), None)


# --- invented events ------------------------------------------------------------------
# 2026-03-07 is a Saturday: "on Friday" in a report of that day is 2026-03-06.


def make(
    article_id: str,
    text: str,
    title: str | None = None,
    published: str | None = "2026-03-07",
    outlet: str | None = None,
    language: str | None = "en",
) -> Article:
    return Article(
        id=article_id,
        source=f"{article_id}.txt",
        text=text,
        title=title,
        published=published,
        outlet=outlet if outlet is not None else f"{article_id}.example",
        language=language,
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


def date_of(articles: list[Article], duplicate_of: dict[str, str | None] | None = None):
    analyses, sources = event(articles, duplicate_of)
    return event_date(articles, analyses, sources)


def title_of(articles: list[Article], encoder: Encoder, language: str | None = None) -> str:
    analyses, sources = event(articles)
    return event_title(articles, analyses, sources, encoder, language)


COLLAPSE = "The old bridge over the river Tamsin collapsed on Friday, injuring four people."
COLLAPSE_ES = "El viejo puente sobre el río Tamsin se derrumbó el viernes y dejó cuatro heridos."
BRIDGE_TITLES = {
    "a": "Old Tamsin bridge collapses, injuring four",
    "b": "Four hurt as the Tamsin bridge gives way",
    "c": "Se derrumba el puente del Tamsin: cuatro heridos",
    "d": "Commuters face long detours for months",
}


def bridge_event() -> list[Article]:
    return [
        make("a", COLLAPSE, BRIDGE_TITLES["a"]),
        make(
            "b", "Four people were hurt when the Tamsin bridge fell on Friday.", BRIDGE_TITLES["b"]
        ),
        make("c", COLLAPSE_ES, BRIDGE_TITLES["c"], language="es"),
        make(
            "d",
            "Drivers will have to take a forty-minute detour after the bridge collapse.",
            BRIDGE_TITLES["d"],
            published="2026-03-08",
        ),
    ]


def test_the_most_central_title_wins(encoder):
    title = title_of(bridge_event(), encoder)
    assert title in {BRIDGE_TITLES["a"], BRIDGE_TITLES["b"]}  # not the angle, not Spanish


def test_the_preferred_language_wins_a_near_tie(encoder):
    assert title_of(bridge_event(), encoder, "es") == BRIDGE_TITLES["c"]
    # no article in the preferred language: the most central title still
    assert title_of(bridge_event(), encoder, "de") == title_of(bridge_event(), encoder)


def test_a_title_is_verbatim_but_for_surrounding_blanks(encoder):
    articles = [make("a", COLLAPSE, "  Bridge collapses  \n")]
    assert title_of(articles, encoder) == "Bridge collapses"


def test_without_titles_the_first_sentence_of_the_earliest_article(encoder):
    articles = [
        make("late", "A later report. It says more.", published="2026-03-09"),
        make(
            "early",
            "By Ana Ruiz\nLAKETON, March 7 (Wire) - Firefighters put out a blaze at the "
            "paper mill on Friday. It burned for six hours.",
            title="   ",
        ),
    ]
    assert title_of(articles, encoder) == (
        "Firefighters put out a blaze at the paper mill on Friday."
    )


def test_a_title_is_never_empty(encoder):
    assert title_of([make("only-id", "")], encoder) == "only-id"
    assert title_of([make("x", "\n  \n")], encoder) == "x"
    assert title_of([make("short", "Fire!")], encoder) == "Fire!"


def test_the_event_day_not_the_report_day():
    articles = [
        make("first", "The old bridge collapsed on Friday night. Divers searched until dark."),
        make(
            "follow-up",
            "Divers found a car in the river on Sunday. The bridge collapsed on Friday.",
            published="2026-03-08",
        ),
    ]
    assert date_of(articles) == "2026-03-06"


def test_a_dateline_does_not_vote():
    text = "LAKETON, March 7 (Wire) - Firefighters put out a blaze at the mill on Friday."
    assert date_of([make("w", text)]) == "2026-03-06"


def test_announced_days_and_later_sentences_do_not_vote():
    text = (
        "Rail workers will strike on Monday, the union said. It wants a pay rise. "
        "Talks have failed. Managers met the union on Friday."  # the 4th sentence
    )
    # Monday is after publication, Friday is outside the lead: the publication day
    assert date_of([make("u", text)]) == "2026-03-07"


def test_near_copies_and_one_outlets_articles_vote_once():
    wire = "The mill burned down on Friday, the fire service said."
    other = "The mill was destroyed by fire on Thursday evening."
    articles = [
        make("wire", wire),
        make("copy1", wire),
        make("copy2", wire),
        make("copy3", wire),
        make("x", other, outlet="x.example"),
        make("x-update", other + " More later.", outlet="x.example"),
        make("y", other, outlet="y.example"),
    ]
    copies = {"copy1": "wire", "copy2": "wire", "copy3": "wire"}
    # by article Friday would win, 4 to 3; by source Thursday does, 2 (x, y) to 1 (wire)
    assert date_of(articles, copies) == "2026-03-05"
    assert date_of(articles, {}) == "2026-03-06"


def test_date_fallbacks():
    undated = "Nothing in this text names a day."
    assert date_of([make("a", undated, published="2026-03-09T10:00:00Z"), make("b", undated)]) == (
        "2026-03-07"
    )
    assert date_of([make("a", undated, published=None)]) is None
    assert date_of([make("a", undated, published="yesterday")]) is None
    assert date_of([]) is None


# --- arbitrary input -------------------------------------------------------------------

FRAGMENTS = [
    COLLAPSE,
    COLLAPSE_ES,
    "LAKETON, March 7 (Wire) - Talks ended on Friday without a deal.",
    "The museum will reopen next spring, the council said.",
    "It happened on 30.10.2025.",
    "By Ana Ruiz",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=4).map(
    " ".join
)
specs = st.lists(
    st.tuples(
        texts,
        st.one_of(st.none(), st.sampled_from(list(BRIDGE_TITLES.values())), st.text(max_size=30)),
        st.sampled_from(["2026-03-07", "2026-03-09T08:00:00Z", None, "n/a"]),
        st.sampled_from(["one.example", "two.example", None]),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs, st.integers(min_value=0, max_value=1000), st.sampled_from([None, "en", "es"]))
def test_arbitrary_events(encoder, specs, seed, language):
    articles = [
        make(f"art{k}", text, title, published, outlet)
        for k, (text, title, published, outlet) in enumerate(specs)
    ]
    analyses, sources = event(articles)
    title = event_title(articles, analyses, sources, encoder, language)
    day = event_date(articles, analyses, sources)
    assert title
    verbatim = {(a.title or "").strip() for a in articles} | {a.id for a in articles}
    assert title in verbatim or any(title in a.text for a in articles)
    assert day is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
    shuffled = articles[:]
    random.Random(seed).shuffle(shuffled)
    again = event_sources(shuffled, {})
    assert event_title(shuffled, analyses, again, encoder, language) == title
    assert event_date(shuffled, analyses, again) == day


# --- the example corpus ---------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> list[tuple[dict, list[Article], dict[str, Analysis], EventSources]]:
    by_ref = articles_by_ref()
    analyses = {a.article: a for a in analyze_articles(list(by_ref.values()))}
    duplicate_of = find_near_copies([(a.id, a.text, a.published) for a in by_ref.values()])
    events = []
    for truth in TRUTH["events"]:
        articles = [by_ref[ref] for ref in truth["articles"]]
        events.append((truth, articles, analyses, event_sources(articles, duplicate_of)))
    return events


def test_event_date_matches_the_truth(corpus):
    for truth, articles, analyses, sources in corpus:
        assert event_date(articles, analyses, sources) == truth["date"], truth["id"]


def test_titles_are_article_titles_in_the_preferred_language(corpus, encoder):
    for truth, articles, analyses, sources in corpus:
        titles = {a.title for a in articles}
        for language in (None, "en", "es", "it"):
            title = event_title(articles, analyses, sources, encoder, language)
            assert title in titles, truth["id"]
            chosen = {analyses[a.id].language for a in articles if a.title == title}
            spoken = {analyses[a.id].language for a in articles}
            if language in spoken:
                assert language in chosen, (truth["id"], language)


def test_a_central_title_beats_a_copy_or_an_angle(corpus, encoder):
    picks = {
        truth["id"]: event_title(articles, analyses, sources, encoder, "en")
        for truth, articles, analyses, sources in corpus
    }
    # the agency's original, not a republisher's retitled copy
    assert picks["corvane-mine"] == (
        "Corvane Minerals to close Hollin Ridge lithium mine, cutting 900 jobs"
    )
    # the rate decision, not the homeowners' angle
    assert (
        picks["valdoria-rate-rise"]
        == "Bank of Valdoria raises rates to 5.25% as inflation persists"
    )
