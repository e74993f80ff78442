"""Conflicts: statements of different sources about the same thing that cannot all be
right; values compared after normalisation; one outlet never disputes itself."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from accord.analyze.pipeline import AnalyzeConfig, analyze_article
from accord.consolidate.claims import Statements, align_claims, prepare_statements
from accord.consolidate.conflicts import find_conflicts
from accord.consolidate.sources import EventSources, event_sources
from accord.consolidate.units import statement_units
from accord.encode import CachedEncoder, get_encoder
from accord.model import Article, Claim, Conflict


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(get_encoder("use"), None)


@dataclass
class Event:
    articles: list[Article]
    statements: Statements
    sources: EventSources
    claims: list[Claim]
    conflicts: list[Conflict]


def event(
    encoder: CachedEncoder,
    reports: list[tuple[str, str, str]],
    duplicate_of: dict[str, str | None] | None = None,
) -> Event:
    """An invented event from (id, outlet, text) reports, all in English."""
    articles = [
        Article(
            id=ident,
            source=f"{ident}.txt",
            outlet=outlet,
            language="en",
            published=f"2026-03-0{k + 2}",
            text=text,
        )
        for k, (ident, outlet, text) in enumerate(reports)
    ]
    units = [u for a in articles for u in statement_units(a, analyze_article(a, AnalyzeConfig()))]
    statements = prepare_statements(units, encoder)
    sources = event_sources(articles, duplicate_of or {})
    claims = align_claims(statements, sources)
    conflicts = find_conflicts(statements, sources, encoder, claims)
    return Event(articles, statements, sources, claims, conflicts)


# Two tellings of the same storm, around the statement under test.
WALL_A = "Storm Ilsabet broke through the sea wall of Quillhaven on Sunday night. "
WALL_B = (
    "The sea wall protecting Quillhaven gave way on Sunday night as Storm Ilsabet lashed "
    "the coast. "
)
TAIL_A = " Fishing boats were told to stay in port until Wednesday."
TAIL_B = " A bakery on Ferrow Street handed out free bread to stranded families."


def storm(
    encoder: CachedEncoder,
    a: str,
    b: str,
    outlets: tuple[str, str] = ("Nordwire", "Meridian"),
    duplicate_of: dict[str, str | None] | None = None,
) -> Event:
    return event(
        encoder,
        [("a", outlets[0], WALL_A + a + TAIL_A), ("b", outlets[1], WALL_B + b + TAIL_B)],
        duplicate_of,
    )


def assert_faithful(result: Event) -> None:
    text = {a.id: a.text for a in result.articles}
    claim_ids = {c.id for c in result.claims}
    for number, conflict in enumerate(result.conflicts, start=1):
        assert conflict.id == f"x{number}"
        assert len(conflict.values) >= 2
        assert set(conflict.claims) <= claim_ids
        for value in conflict.values:
            assert value.mentions
            for mention in value.mentions:
                assert text[mention.article][mention.start : mention.end] == mention.text


def values(conflict: Conflict) -> list[tuple[str, list[str]]]:
    return [(v.value, [m.article for m in v.mentions]) for v in conflict.values]


# --------------------------------------------------------------------------- amounts


def test_different_death_tolls_of_two_outlets_conflict(encoder: CachedEncoder) -> None:
    result = storm(
        encoder,
        "Twelve people were killed in the flooding, the police said.",
        "15 people were killed in the flooding, the coast guard said.",
    )
    assert_faithful(result)
    assert len(result.conflicts) == 1
    (conflict,) = result.conflicts
    assert conflict.about == "death toll"
    assert values(conflict) == [("12", ["a"]), ("15", ["b"])]
    assert "Twelve people were killed" in conflict.values[0].mentions[0].text
    # the conflict names the (two, different) claims that state its values
    assert len(conflict.claims) == 2


def test_at_least_12_does_not_conflict_with_15(encoder: CachedEncoder) -> None:
    result = storm(
        encoder,
        "At least 12 people were killed in the flooding, the police said.",
        "15 people were killed in the flooding, the coast guard said.",
    )
    assert result.conflicts == []


def test_money_written_two_ways_does_not_conflict(encoder: CachedEncoder) -> None:
    result = storm(
        encoder,
        "Damage to the harbour was estimated at $2.4 billion by the provincial government.",
        "The provincial government put the damage to the harbour at 2,400 million dollars.",
    )
    assert result.conflicts == []


def test_different_amounts_of_money_conflict(encoder: CachedEncoder) -> None:
    result = storm(
        encoder,
        "Damage to the harbour was estimated at $2.4 billion by the provincial government.",
        "The provincial government put the damage to the harbour at $3 billion.",
    )
    assert_faithful(result)
    (conflict,) = result.conflicts
    assert "US dollars" in conflict.about
    assert [v for v, _ in values(conflict)] == ["2.4 billion USD", "3 billion USD"]


def test_one_outlet_does_not_dispute_itself(encoder: CachedEncoder) -> None:
    # a first report and its update: the outlet revised its own figure
    result = storm(
        encoder,
        "Twelve people were killed in the flooding, the police said.",
        "15 people were killed in the flooding, the police said.",
        outlets=("Nordwire", "Nordwire"),
    )
    assert result.sources.count == 1
    assert result.conflicts == []


def test_a_near_copy_does_not_dispute_its_original(encoder: CachedEncoder) -> None:
    result = storm(
        encoder,
        "Twelve people were killed in the flooding, the police said.",
        "15 people were killed in the flooding, the police said.",
        outlets=("Nordwire", "Coastal Times"),
        duplicate_of={"b": "a"},
    )
    assert result.conflicts == []


def test_a_demand_and_an_offer_are_two_figures_not_a_dispute(encoder: CachedEncoder) -> None:
    result = event(
        encoder,
        [
            (
                "a",
                "Nordwire",
                "Rail workers across Valmora walked out on Monday in a dispute over pay. "
                "The union demanded a 9 percent pay rise for all drivers. "
                "Trains were cancelled on every line.",
            ),
            (
                "b",
                "Meridian",
                "A national rail strike halted trains across Valmora on Monday. "
                "The rail operator offered 4.5 percent, which the union rejected. "
                "Commuters crowded onto buses.",
            ),
        ],
    )
    assert result.conflicts == []


def test_conflicts_are_reported_by_three_sources(encoder: CachedEncoder) -> None:
    result = event(
        encoder,
        [
            ("a", "Nordwire", WALL_A + "Twelve people were killed in the flooding." + TAIL_A),
            ("b", "Meridian", WALL_B + "15 people were killed in the flooding." + TAIL_B),
            ("c", "El Heraldo", WALL_A + "Twelve people died in the flooding, officials said."),
        ],
    )
    assert_faithful(result)
    (conflict,) = result.conflicts
    assert conflict.about == "death toll"
    found = dict(values(conflict))
    assert set(found) == {"12", "15"}
    assert found["15"] == ["b"]
    assert "a" in found["12"]


# ----------------------------------------------------------------------- days, denials


def test_different_days_for_one_happening_conflict(encoder: CachedEncoder) -> None:
    result = storm(
        encoder,
        "The provincial council will vote on the repair plan on 12 March.",
        "The provincial council will vote on the repair plan on 16 March.",
    )
    assert_faithful(result)
    (conflict,) = result.conflicts
    assert conflict.about == "date"
    assert values(conflict) == [("2026-03-12", ["a"]), ("2026-03-16", ["b"])]


def test_a_statement_and_its_denial_conflict(encoder: CachedEncoder) -> None:
    result = storm(
        encoder,
        "The lighthouse at Quillhaven Point was damaged by the storm.",
        "The lighthouse at Quillhaven Point was not damaged by the storm.",
    )
    assert_faithful(result)
    (conflict,) = result.conflicts
    assert conflict.about.startswith("whether: ")
    assert values(conflict) == [("stated", ["a"]), ("denied", ["b"])]


def test_a_denial_in_other_verb_forms_conflicts(encoder: CachedEncoder) -> None:
    # "survived" / "did not survive": denials change the verb's form
    result = storm(
        encoder,
        "The lighthouse at Quillhaven Point survived the storm intact.",
        "The lighthouse at Quillhaven Point did not survive the storm intact.",
    )
    stated = next(c for c in result.claims if any("survived" in m.text for m in c.mentions))
    assert not any("did not survive" in m.text for m in stated.mentions)
    assert [c.about for c in result.conflicts] == [
        "whether: The lighthouse at Quillhaven Point survived the storm intact."
    ]


# ------------------------------------------------------------------------ invariants


def test_statements_in_conflict_are_never_one_claim(encoder: CachedEncoder) -> None:
    # whatever the conflict (an amount, a day), the values it sets against each other
    # are different statements: no claim holds mentions of two of its values
    for a, b in [
        (
            "Twelve people were killed in the flooding, the police said.",
            "15 people were killed in the flooding, the coast guard said.",
        ),
        (
            "The provincial council will vote on the repair plan on 12 March.",
            "The provincial council will vote on the repair plan on 16 March.",
        ),
    ]:
        result = storm(encoder, a, b)
        assert result.conflicts
        for conflict in result.conflicts:
            for claim in result.claims:
                keys = {(m.article, m.start) for m in claim.mentions}
                holding = [
                    v.value
                    for v in conflict.values
                    if any((m.article, m.start) in keys for m in v.mentions)
                ]
                assert len(holding) <= 1, (claim.text, conflict.about, holding)


def test_no_conflicts_in_a_one_article_event(encoder: CachedEncoder) -> None:
    result = event(
        encoder,
        [
            (
                "a",
                "Nordwire",
                WALL_A
                + "Twelve people were killed. Later 15 people were reported killed."
                + TAIL_A,
            )
        ],
    )
    assert result.conflicts == []
