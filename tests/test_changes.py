"""What changed between two briefs of one event (for `watch` and `brief --since`)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from accord.analyze.pipeline import analyze_article
from accord.consolidate.brief import consolidate_event
from accord.consolidate.changes import brief_changes
from accord.encode import CachedEncoder, get_encoder
from accord.ingest.readers import read_paths

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"


def mention(article: str, start: int, end: int) -> dict:
    return {"article": article, "text": "x" * (end - start), "start": start, "end": end}


def event(claims: list[dict], conflicts: list[dict] = (), quotes: list[dict] = ()) -> dict:
    articles = sorted({m["article"] for c in claims for m in c["mentions"]})
    return {
        "id": "e",
        "articles": articles,
        "claims": claims,
        "conflicts": list(conflicts),
        "quotes": list(quotes),
    }


def claim(cid: str, support: list[str], spans: list[tuple[str, int, int]], status: str) -> dict:
    return {
        "id": cid,
        "text": cid,
        "status": status,
        "support": support,
        "mentions": [mention(*span) for span in spans],
    }


def test_an_unchanged_brief_has_no_changes() -> None:
    brief = event([claim("c1", ["a", "b"], [("a", 0, 10), ("b", 5, 20)], "consensus")])
    assert brief_changes(brief, copy.deepcopy(brief)).empty


def test_everything_is_new_the_first_time() -> None:
    brief = event(
        [claim("c1", ["a"], [("a", 0, 10)], "single_source")],
        quotes=[{"id": "q1", "mentions": [mention("a", 30, 40)]}],
    )
    changes = brief_changes(None, brief)
    assert changes.new_claims == ["c1"] and changes.new_quotes == ["q1"]
    assert changes.new_articles == ["a"]


def test_claims_are_matched_by_their_mentions_not_their_ids() -> None:
    old = event(
        [
            claim("c1", ["a", "b"], [("a", 0, 10), ("b", 5, 20)], "consensus"),
            claim("c2", ["a"], [("a", 50, 60)], "single_source"),
        ]
    )
    # The single-source detail is now confirmed by a new article and ranks first.
    new = event(
        [
            claim("c1", ["a", "c"], [("a", 50, 60), ("c", 0, 12)], "corroborated"),
            claim("c2", ["a", "b"], [("a", 0, 10), ("b", 5, 20)], "corroborated"),
            claim("c3", ["c"], [("c", 40, 70)], "single_source"),
        ]
    )
    changes = brief_changes(old, new)
    assert changes.new_claims == ["c3"]
    (gained,) = changes.gained_support
    assert (gained.claim, gained.added) == ("c1", ["c"])
    assert (gained.status_before, gained.status) == ("single_source", "corroborated")
    assert changes.new_articles == ["c"]


def test_a_conflict_is_new_until_seen() -> None:
    value = {"value": "12", "mentions": [mention("a", 0, 5)]}
    other = {"value": "15", "mentions": [mention("b", 0, 5)]}
    conflict = {"id": "x1", "about": "death toll", "values": [value, other]}
    base = [claim("c1", ["a"], [("a", 0, 5)], "single_source")]
    assert brief_changes(event(base), event(base, [conflict])).new_conflicts == ["x1"]
    assert not brief_changes(event(base, [conflict]), event(base, [conflict])).new_conflicts
    renamed = {**conflict, "id": "x2"}
    assert not brief_changes(event(base, [conflict]), event(base, [renamed])).new_conflicts


@pytest.fixture(scope="module")
def storm_days() -> tuple[dict, dict]:
    """The harbour storm briefed with the reports of 31 October, then with 1 November's."""
    articles = [
        a
        for a in read_paths([EXAMPLES]).articles
        if "Berenice" in a.text and ("Port Ellis" in a.text) and "Selva" not in a.text
    ]
    analyses = {a.id: analyze_article(a) for a in articles}
    encoder = CachedEncoder(get_encoder("use"), None)
    first = [a for a in articles if (a.published or "")[:10] <= "2026-10-31"]
    old = consolidate_event("e", first, analyses, {}, encoder).to_dict()
    new = consolidate_event("e", articles, analyses, {}, encoder).to_dict()
    return old, new


def test_the_second_day_of_the_storm(storm_days: tuple[dict, dict]) -> None:
    old, new = storm_days
    changes = brief_changes(old, new)
    assert len(changes.new_articles) == 2  # Westmark and Pacific Rim, 1 November
    claims = {c["id"]: c for c in new["claims"]}
    # Day two confirms what day one reported (support may also move between claims as the
    # alignment sees more wordings, so not every addition is a new article).
    assert any(set(g.added) & set(changes.new_articles) for g in changes.gained_support)
    assert all(
        {m["article"] for m in claims[c]["mentions"]} & set(changes.new_articles)
        for c in changes.new_claims
    )
    # $3 billion from the insurers arrives on day two: the damage figures now conflict.
    new_conflicts = [c for c in new["conflicts"] if c["id"] in changes.new_conflicts]
    assert any("dollars" in c["about"] for c in new_conflicts)
    assert brief_changes(new, new).empty
