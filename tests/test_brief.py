"""The brief as a whole: schema, faithfulness, support, determinism, odd events, quality.

The example corpus is briefed once per module through the same path `accord brief` takes;
every test below checks a promise the brief makes to its reader.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from accord.analyze.pipeline import AnalyzeConfig, analyze_article
from accord.consolidate.brief import BriefOptions, brief_document, consolidate_event
from accord.encode import CachedEncoder, get_encoder
from accord.eval.examples_eval import score_examples
from accord.eval.examples_run import brief_examples
from accord.ingest.readers import read_paths
from accord.model import Article
from accord.pipeline import brief_from_articles

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHEMA_PATH = ROOT.parent / "shared" / "schema" / "brief.schema.json"
FLOORS = json.loads((Path(__file__).with_name("quality_floors.json")).read_text())


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(get_encoder("use"), None)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture(scope="module")
def document(encoder: CachedEncoder) -> dict[str, Any]:
    return brief_examples(EXAMPLES, encoder=encoder)


def texts_of(document: dict[str, Any]) -> dict[str, str]:
    return {article["id"]: article["text"] for article in document["articles"]}


def all_mentions(event: dict[str, Any]) -> list[dict[str, Any]]:
    mentions = [m for claim in event["claims"] for m in claim["mentions"]]
    mentions += [m for quote in event["quotes"] for m in quote["mentions"]]
    mentions += [m for dated in event["timeline"] for m in dated["mentions"]]
    mentions += [m for c in event["conflicts"] for v in c["values"] for m in v["mentions"]]
    return mentions


def assert_faithful(document: dict[str, Any]) -> None:
    """Every text a brief attributes to an article is that article's text at its offsets,
    and every summary sentence is a mention of the claim it cites, with its support."""
    texts = texts_of(document)
    for event in document["events"]:
        members = set(event["articles"])
        for mention in all_mentions(event):
            assert mention["article"] in members
            text = texts[mention["article"]]
            assert text[mention["start"] : mention["end"]] == mention["text"]
        claims = {claim["id"]: claim for claim in event["claims"]}
        for claim in claims.values():
            assert claim["text"] in {m["text"] for m in claim["mentions"]}
        for sentence in event["summary"]:
            claim = claims[sentence["claim"]]
            assert sentence["text"] in {m["text"] for m in claim["mentions"]}
            assert sentence["support"] == claim["support"]
        for quote in event["quotes"]:
            assert quote["text"] in {m["text"] for m in quote["mentions"]}
        for dated in event["timeline"]:
            assert dated["text"] in {m["text"] for m in dated["mentions"]}


def test_the_example_brief_follows_the_schema(
    document: dict[str, Any], validator: Draft202012Validator
) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert document["schema"] == "accord.brief/1"
    assert len(document["events"]) == 8
    assert {a["event"] for a in document["articles"]} == {e["id"] for e in document["events"]}


def test_every_text_of_the_example_brief_is_verbatim(document: dict[str, Any]) -> None:
    assert_faithful(document)


def test_status_follows_independent_support(document: dict[str, Any]) -> None:
    articles = {a["id"]: a for a in document["articles"]}
    for event in document["events"]:
        independent = {
            articles[a]["outlet"] or a for a in event["articles"] if not articles[a]["duplicate_of"]
        }
        for claim in event["claims"]:
            support = claim["support"]
            assert support and len(set(support)) == len(support)
            assert not any(articles[a]["duplicate_of"] for a in support), "copies fold"
            outlets = [articles[a]["outlet"] or a for a in support]
            assert len(set(outlets)) == len(outlets), "one outlet counts once"
            expected = (
                "single_source"
                if len(support) < 2
                else "consensus"
                if 2 * len(support) >= len(independent)
                else "corroborated"
            )
            assert claim["status"] == expected, claim["text"]


def test_the_example_events_get_what_a_reader_needs(document: dict[str, Any]) -> None:
    storm = next(e for e in document["events"] if "Berenice" in e["title"])
    assert storm["date"] == "2026-10-30"
    assert 5 <= len(storm["summary"]) <= 8
    assert any(c["status"] == "consensus" for c in storm["claims"])
    assert any(c["status"] == "single_source" for c in storm["claims"])
    (damage,) = [c for c in storm["conflicts"] if "dollars" in c["about"]]
    values = {v["value"] for v in damage["values"]}
    assert values == {"2.4 billion USD", "3 billion USD"}
    speakers = {q["speaker"] for q in storm["quotes"]}
    assert {"Ada Kellner", "Idris Baelo", "Hanne Vestrum"} <= speakers
    dates = [d["date"] for d in storm["timeline"]]
    assert dates == sorted(dates)


def test_talks_and_the_accord_that_followed_are_one_storyline(document: dict[str, Any]) -> None:
    titles = {e["id"]: e["title"] for e in document["events"]}
    (story,) = document["storylines"]
    assert [titles[e] for e in story["events"]] == [
        "Valdoria and Kessmark leaders fail to reach deal on Selva River in Geneva",
        "Valdoria, Kessmark sign Selva River water deal in Vienna",
    ]
    assert {"Arveld", "Renvik", "Selva"} <= set(story["names"])


def test_a_preferred_language_picks_the_wording_shown(encoder: CachedEncoder) -> None:
    result = read_paths([EXAMPLES / "articles"])
    vienna = [a for a in result.articles if "Selva" in (a.title or "") or "Vienna" in a.text]
    analyses = {a.id: analyze_article(a) for a in vienna}
    spanish = consolidate_event("e", vienna, analyses, {}, encoder, BriefOptions(language="es"))
    english = consolidate_event("e", vienna, analyses, {}, encoder, BriefOptions(language="en"))
    shared = [c for c in spanish.claims if len(c.support) >= 3]
    assert shared
    languages = {a.id: analyses[a.id].language for a in vienna}
    for claim in shared:
        if any(languages[m.article] == "es" for m in claim.mentions):
            assert claim.language == "es"
    assert all(c.language == "en" for c in english.claims if len(c.support) >= 3)


def test_shuffled_input_gives_the_same_briefs(
    document: dict[str, Any], encoder: CachedEncoder
) -> None:
    result = read_paths([EXAMPLES / "articles"])
    random.Random(7).shuffle(result.articles)
    again = brief_from_articles(result, encoder, include_text=True)
    assert again["events"] == document["events"]


def story(article_id: str, text: str, **fields: Any) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", text=text, **fields)


def test_an_event_of_one_article_gets_a_whole_brief(
    encoder: CachedEncoder, validator: Draft202012Validator
) -> None:
    article = story(
        "lone",
        "Fire crews in the hill town of Casvel put out a blaze at the old grain store on "
        "Tuesday night. No one was hurt, the fire service said. The store, built in 1921, "
        "had been empty since 2019.\n\nInvestigators will visit the site on Thursday.",
        title="Blaze at Casvel grain store",
        published="2026-11-10",
        outlet="Casvel Echo",
    )
    analysis = analyze_article(article)
    doc = brief_document(
        [article], [analysis], {"lone": "event-lone"}, {}, encoder, include_text=True
    )
    assert not list(validator.iter_errors(doc))
    (event,) = doc["events"]
    assert event["title"] == "Blaze at Casvel grain store"
    assert doc["storylines"] == []  # one event continues nothing
    assert event["claims"] and all(c["status"] == "single_source" for c in event["claims"])
    assert event["claims"][0]["support"] == ["lone"]
    assert event["summary"]
    assert_faithful(doc)


def test_unusable_articles_are_listed_not_fatal(
    encoder: CachedEncoder, validator: Draft202012Validator
) -> None:
    good = story(
        "good",
        "The ferry to Ostra Isle resumed service on Monday after a week of storms, the "
        "operator said. About 300 passengers crossed on the first day.",
        outlet="Isle Post",
        published="2026-11-09",
    )
    blank = story("blank", "\u2003 \u2003", outlet="Empty Wire")
    finnish = story(
        "suomi",
        "Ostran lautta liikennöi taas maanantaina viikon myrskyjen jälkeen.",
        outlet="Saaristo",
        language="fi",
    )
    articles = [good, blank, finnish]
    analyses = [analyze_article(a, AnalyzeConfig()) for a in articles]
    event_of = {a.id: "event-good" for a in articles}
    doc = brief_document(articles, analyses, event_of, {}, encoder, include_text=True)
    assert not list(validator.iter_errors(doc))
    (event,) = doc["events"]
    reasons = {p["source"]: p["reason"] for p in event["problems"]}
    assert "no sentences" in reasons["blank.txt"]
    assert "'fi'" in reasons["suomi.txt"] and "not covered" in reasons["suomi.txt"]
    assert "good.txt" not in reasons
    assert any("Ostra Isle" in c["text"] for c in event["claims"])
    assert_faithful(doc)


def test_the_example_briefs_hold_their_quality_floors(document: dict[str, Any]) -> None:
    truth = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))
    report = score_examples(document, truth, EXAMPLES, texts_of(document))
    tolerance = FLOORS["tolerance"]
    below = []
    for category, score in report.categories().items():
        for measure in ("precision", "recall"):
            floor = FLOORS[f"examples_{category}_{measure}"]
            value = getattr(score, measure)
            if value < floor - tolerance:
                below.append(f"{category} {measure} {value:.3f} < floor {floor:.3f}")
    assert not below, below
