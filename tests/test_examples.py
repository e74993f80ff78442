"""The example corpus as accord reads it: metadata right, and cleaning never removes a
sentence of a story (every statement examples/truth.json cites survives, verbatim)."""

import json
from pathlib import Path

import pytest

from accord.ingest.readers import read_paths
from accord.model import Article

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TRUTH = json.loads((EXAMPLES / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def articles() -> dict[str, Article]:
    result = read_paths([EXAMPLES / "articles"])
    assert result.problems == []
    by_ref: dict[str, Article] = {}
    for article in result.articles:
        path = Path(
            article.source.rsplit(":", 1)[0] if ".jsonl:" in article.source else article.source
        )
        ref = article.id if path.suffix == ".jsonl" else path.relative_to(EXAMPLES).as_posix()
        by_ref[ref] = article
    return by_ref


def stated(event: dict) -> list[tuple[str, str]]:
    pairs = []
    for group in ("facts", "quotes", "dates"):
        for item in event.get(group, []):
            pairs.extend(item["stated_by"].items())
    for conflict in event.get("conflicts", []):
        for value in conflict["values"]:
            pairs.extend(value["stated_by"].items())
    return pairs


def test_every_article_of_the_truth_is_read(articles: dict[str, Article]) -> None:
    refs = {ref for event in TRUTH["events"] for ref in event["articles"]}
    assert refs == set(articles)


@pytest.mark.parametrize("event", TRUTH["events"], ids=lambda e: e["id"])
def test_cited_statements_survive_cleaning(articles: dict[str, Article], event: dict) -> None:
    for ref, text in stated(event):
        assert text in articles[ref].text, f"{ref}: {text!r}"


def test_metadata_matches_the_truth(articles: dict[str, Article]) -> None:
    for ref, facts in TRUTH["articles"].items():
        article = articles[ref]
        if facts.get("published_stated", True):
            assert (article.published or "")[:10] == facts["published"][:10], ref
        if facts.get("outlet_stated", True):
            assert article.outlet == facts["outlet"], ref
        assert article.title == facts["title"], ref


# "according to" credits only agencies accord knows, and Nordwire is invented.
KNOWN_CREDIT_MISSES = {"articles/pacificrim-berenice.txt": {"Nordwire"}}


def initials(name: str) -> str:
    """Datelines credit the invented agencies by acronym: "Meridian Press Agency" = "MPA"."""
    return "".join(word[0] for word in name.split()) if " " in name else name


def test_credits_match_the_truth(articles: dict[str, Article]) -> None:
    for ref, facts in TRUTH["articles"].items():
        expected = {initials(credit) for credit in facts.get("credits", [])}
        found = {initials(credit) for credit in articles[ref].credits}
        # an agency's own dateline "(MPA)" credits itself: right, if not in the truth
        found.discard(initials(facts["outlet"]))
        assert found <= expected, ref
        assert expected - found <= KNOWN_CREDIT_MISSES.get(ref, set()), ref


def test_planted_boilerplate_is_gone(articles: dict[str, Article]) -> None:
    for article in articles.values():
        for noise in ("Share this article", "Log in to join the discussion", "All rights reserved"):
            assert noise not in article.text, article.source
