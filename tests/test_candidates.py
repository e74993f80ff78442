"""Which statements are compared (candidate pairs: exact for small events, an inverted
file for large ones) and how they align into claims across outlets and languages."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analyze.pipeline import AnalyzeConfig, analyze_article
from accord.consolidate import candidates
from accord.consolidate.candidates import EXACT_LIMIT, candidate_pairs
from accord.consolidate.claims import Statements, align_claims, prepare_statements
from accord.consolidate.sources import EventSources, event_sources
from accord.consolidate.units import statement_units
from accord.encode import CachedEncoder, get_encoder
from accord.model import Analysis, Article, Claim

# ------------------------------------------------------------------ candidate pairs


def clustered(n: int, seed: int, dim: int = 64, clusters: int = 120) -> np.ndarray:
    """Unit vectors around random centres: many close pairs, as an event's statements."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    noise = 0.5 * rng.normal(size=(n, dim)) / np.sqrt(dim)
    vectors = centres[rng.integers(0, clusters, size=n)] + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors.astype(np.float32)


def article_groups(n: int, seed: int, articles: int = 300) -> np.ndarray:
    return np.random.default_rng(seed + 1).integers(0, articles, size=n)


def all_pairs(vectors: np.ndarray, groups: np.ndarray, min_cosine: float) -> set[tuple[int, int]]:
    """Every pair, by brute force, independently of `candidates`."""
    similarity = vectors @ vectors.T
    n = len(vectors)
    return {
        (i, j)
        for i in range(n)
        for j in np.flatnonzero(similarity[i, i + 1 :] >= min_cosine) + i + 1
        if groups[i] != groups[j]
    }


def assert_well_formed(
    result: tuple[np.ndarray, np.ndarray, np.ndarray],
    vectors: np.ndarray,
    groups: np.ndarray,
    min_cosine: float,
) -> None:
    rows, cols, cos = result
    assert len(rows) == len(cols) == len(cos)
    assert np.all(rows < cols)
    assert np.all(groups[rows] != groups[cols])
    assert np.all(cos >= min_cosine - 1e-6)
    expected = np.einsum("ij,ij->i", vectors[rows], vectors[cols])
    assert np.allclose(cos, expected, atol=1e-5)
    keys = list(zip(rows.tolist(), cols.tolist(), strict=True))
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_large_events_use_the_inverted_file_and_find_the_close_pairs() -> None:
    n = EXACT_LIMIT + 700
    vectors = clustered(n, seed=3)
    groups = article_groups(n, seed=3)
    found = candidate_pairs(vectors, groups, 0.5, neighbours=None)
    assert_well_formed(found, vectors, groups, 0.5)
    exact = candidates._exact(vectors, groups, 0.5)
    assert_well_formed(exact, vectors, groups, 0.5)
    found_pairs = set(zip(found[0].tolist(), found[1].tolist(), strict=True))
    exact_pairs = set(zip(exact[0].tolist(), exact[1].tolist(), strict=True))
    # the inverted file finds nothing the exact search would not
    assert found_pairs <= exact_pairs
    # ...and nearly every pair that is really close (not all: it is approximate)
    close = {
        (i, j)
        for i, j, c in zip(exact[0].tolist(), exact[1].tolist(), exact[2].tolist(), strict=True)
        if c >= 0.8
    }
    assert len(close) > 1000
    assert len(close & found_pairs) >= 0.9 * len(close)


def test_the_exact_search_is_all_pairs() -> None:
    vectors = clustered(400, seed=5, clusters=30)
    groups = article_groups(400, seed=5, articles=40)
    result = candidate_pairs(vectors, groups, 0.6, neighbours=None)
    assert_well_formed(result, vectors, groups, 0.6)
    got = set(zip(result[0].tolist(), result[1].tolist(), strict=True))
    assert got == all_pairs(vectors, groups, 0.6)
    assert got  # the test data has close pairs


@pytest.mark.parametrize("n", [400, EXACT_LIMIT + 300])
def test_each_statement_keeps_its_nearest_neighbours(n: int) -> None:
    vectors = clustered(n, seed=9, clusters=8)  # big clusters: far more close pairs than kept
    groups = article_groups(n, seed=9, articles=60)
    every = candidate_pairs(vectors, groups, 0.3, neighbours=None)
    kept = candidate_pairs(vectors, groups, 0.3, neighbours=5)
    assert_well_formed(kept, vectors, groups, 0.3)
    assert len(kept[0]) < len(every[0])
    # A pair is kept only if it is among the 5 nearest of one of its two sides.
    best: dict[int, list[tuple[float, int]]] = {}
    for i, j, c in zip(*(a.tolist() for a in every), strict=True):
        best.setdefault(i, []).append((c, j))
        best.setdefault(j, []).append((c, i))
    top = {
        i: {j for _, j in sorted(pairs, key=lambda p: (-p[0], p[1]))[:5]}
        for i, pairs in best.items()
    }
    for i, j in zip(kept[0].tolist(), kept[1].tolist(), strict=True):
        assert j in top[i] or i in top[j]
    degree = np.bincount(np.r_[kept[0], kept[1]], minlength=n)
    assert degree.max() <= 5 * 2 + 200  # bounded, not growing with the cluster


def test_candidate_pairs_are_deterministic() -> None:
    n = EXACT_LIMIT + 200
    vectors = clustered(n, seed=11)
    groups = article_groups(n, seed=11)
    first = candidate_pairs(vectors, groups, 0.5)
    second = candidate_pairs(vectors.copy(), groups.copy(), 0.5)
    for a, b in zip(first, second, strict=True):
        assert np.array_equal(a, b)


def test_no_pairs_within_one_article() -> None:
    vectors = clustered(300, seed=2, clusters=5)
    one_article = np.zeros(300, dtype=np.int64)
    rows, cols, cos = candidate_pairs(vectors, one_article, 0.0)
    assert len(rows) == len(cols) == len(cos) == 0
    big = clustered(EXACT_LIMIT + 10, seed=2, clusters=5)
    rows, _, _ = candidate_pairs(big, np.zeros(len(big), dtype=np.int64), 0.0)
    assert len(rows) == 0


def test_tiny_inputs() -> None:
    for n in (0, 1):
        rows, cols, cos = candidate_pairs(np.zeros((n, 8), dtype=np.float32), np.arange(n), 0.1)
        assert len(rows) == len(cols) == len(cos) == 0
    vectors = np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
    rows, cols, cos = candidate_pairs(vectors, np.array([0, 1]), 0.9)
    assert rows.tolist() == [0] and cols.tolist() == [1] and cos.tolist() == pytest.approx([1.0])


@settings(max_examples=40, deadline=None)
@given(
    st.integers(2, 60),
    st.integers(0, 2**16),
    st.integers(1, 6),
    st.floats(-0.5, 0.99),
)
def test_exact_pairs_property(n: int, seed: int, articles: int, min_cosine: float) -> None:
    vectors = clustered(n, seed=seed, dim=8, clusters=4)
    groups = article_groups(n, seed=seed, articles=articles)
    result = candidate_pairs(vectors, groups, min_cosine, neighbours=None)
    assert_well_formed(result, vectors, groups, min_cosine)
    got = set(zip(result[0].tolist(), result[1].tolist(), strict=True))
    # a float32 cosine at the threshold may round either way: ignore pairs on the edge
    similarity = vectors @ vectors.T
    edge = {
        (i, j)
        for i, j in all_pairs(vectors, groups, min_cosine - 1e-5)
        if abs(similarity[i, j] - min_cosine) <= 1e-5
    }
    assert got - edge == all_pairs(vectors, groups, min_cosine) - edge


# ------------------------------------------------------------------ claim alignment
#
# An invented event: Storm Ilsabet breaks the sea wall of Quillhaven. Nordwire reports
# twice (a first story and an update); the Coastal Times runs Nordwire's story as it is
# (a near-copy); Meridian reports it in its own words with another death toll; El Heraldo
# in Spanish. Independent sources: Nordwire, Meridian, El Heraldo.

NORDWIRE = (
    "Storm Ilsabet broke through the sea wall of Quillhaven on Sunday night. "
    "Twelve people were killed in the flooding, the regional police said. "
    "The harbour master ordered all fishing boats to stay in port until Wednesday. "
    "Damage to the harbour was estimated at $2.4 billion by the provincial government."
)
EVENT = [
    Article(
        id="n1",
        source="n1.txt",
        outlet="Nordwire",
        language="en",
        published="2026-03-02",
        text=NORDWIRE,
    ),
    Article(
        id="m1",
        source="m1.txt",
        outlet="Meridian",
        language="en",
        published="2026-03-02",
        text=(
            "The sea wall protecting Quillhaven gave way on Sunday night as Storm Ilsabet "
            "lashed the coast. "
            "15 people were killed in the flooding, according to the coast guard. "
            "The provincial government put the damage to the harbour at 2,400 million "
            "dollars. "
            "A bakery on Ferrow Street handed out free bread to stranded families."
        ),
    ),
    Article(
        id="h1",
        source="h1.txt",
        outlet="El Heraldo",
        language="es",
        published="2026-03-03",
        text=(
            "La tormenta Ilsabet rompió el muro de contención de Quillhaven la noche del "
            "domingo. "
            "Doce personas murieron en las inundaciones, según la policía regional. "
            "El gobierno provincial calculó los daños en el puerto en 2.400 millones de "
            "dólares."
        ),
    ),
    Article(
        id="n2",
        source="n2.txt",
        outlet="Nordwire",
        language="en",
        published="2026-03-03",
        text=(
            "Fishing boats in Quillhaven must stay in port until Wednesday, the harbour "
            "master said. "
            "Repair crews began work on the broken sea wall on Monday morning."
        ),
    ),
    Article(
        id="c1",
        source="c1.txt",
        outlet="Coastal Times",
        language="en",
        published="2026-03-02",
        text=NORDWIRE,
    ),
]
DUPLICATE_OF = {"c1": "n1"}


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(get_encoder("use"), None)


@pytest.fixture(scope="module")
def analyses() -> dict[str, Analysis]:
    return {a.id: analyze_article(a, AnalyzeConfig()) for a in EVENT}


@pytest.fixture(scope="module")
def sources() -> EventSources:
    return event_sources(EVENT, DUPLICATE_OF)


def statements_of(
    articles: list[Article], analyses: dict[str, Analysis], encoder: CachedEncoder
) -> Statements:
    units = [u for a in articles for u in statement_units(a, analyses[a.id])]
    return prepare_statements(units, encoder)


@pytest.fixture(scope="module")
def statements(analyses: dict[str, Analysis], encoder: CachedEncoder) -> Statements:
    return statements_of(EVENT, analyses, encoder)


@pytest.fixture(scope="module")
def claims(statements: Statements, sources: EventSources) -> list[Claim]:
    return align_claims(statements, sources, "en")


def claim_stating(claims: list[Claim], article: str, words: str) -> Claim:
    found = [c for c in claims if any(m.article == article and words in m.text for m in c.mentions)]
    assert len(found) == 1, (article, words, found)
    return found[0]


def test_the_sources_of_the_event(sources: EventSources) -> None:
    assert sources.count == 3
    assert sources.original["c1"] == "n1"
    assert sources.source_of["n2"] == sources.source_of["n1"] == "outlet:Nordwire"
    assert sources.support(["c1", "n2", "h1"]) == ["n1", "h1"]
    assert sources.status(["n1"]) == "single_source"
    assert sources.status(["n1", "h1"]) == "consensus"


def test_a_shared_statement_is_one_claim_across_outlets_and_languages(
    claims: list[Claim],
) -> None:
    wall = claim_stating(claims, "n1", "broke through the sea wall")
    assert claim_stating(claims, "m1", "sea wall protecting Quillhaven gave way") is wall
    assert claim_stating(claims, "h1", "rompió el muro") is wall
    assert wall.status in ("corroborated", "consensus")
    assert set(wall.support) == {"n1", "m1", "h1"}
    damage = claim_stating(claims, "n1", "$2.4 billion")
    assert claim_stating(claims, "m1", "2,400 million dollars") is damage
    assert claim_stating(claims, "h1", "2.400 millones") is damage


def test_a_statement_of_one_outlet_is_single_source(claims: list[Claim]) -> None:
    bakery = claim_stating(claims, "m1", "bakery on Ferrow Street")
    assert bakery.status == "single_source"
    assert bakery.support == ["m1"]
    assert [m.article for m in bakery.mentions] == ["m1"]


def test_different_death_tolls_are_not_one_claim(claims: list[Claim]) -> None:
    twelve = claim_stating(claims, "n1", "Twelve people were killed")
    fifteen = claim_stating(claims, "m1", "15 people were killed")
    assert twelve is not fifteen
    assert "m1" not in {m.article for m in twelve.mentions}
    assert "n1" not in {m.article for m in fifteen.mentions}
    # the translation of the same toll joins it
    assert claim_stating(claims, "h1", "Doce personas murieron") is twelve


def test_two_articles_of_one_outlet_count_once(claims: list[Claim]) -> None:
    boats = claim_stating(claims, "n1", "harbour master ordered all fishing boats")
    assert claim_stating(claims, "n2", "must stay in port until Wednesday") is boats
    assert boats.support == ["n1"]
    assert boats.status == "single_source"


def test_a_near_copy_folds_into_its_original(claims: list[Claim]) -> None:
    for claim in claims:
        assert "c1" not in claim.support
        articles = {m.article for m in claim.mentions}
        if "c1" in articles:
            assert "n1" in claim.support
    wall = claim_stating(claims, "c1", "broke through the sea wall")
    assert wall is claim_stating(claims, "n1", "broke through the sea wall")


def test_every_statement_is_in_a_claim_and_mentions_are_verbatim(
    claims: list[Claim], statements: Statements
) -> None:
    text = {a.id: a.text for a in EVENT}
    mentioned = {(m.article, m.start, m.end) for c in claims for m in c.mentions}
    for unit in statements.units:
        assert (unit.article, unit.start, unit.end) in mentioned, unit.text
    for claim in claims:
        for mention in claim.mentions:
            assert text[mention.article][mention.start : mention.end] == mention.text
        assert claim.text in {m.text for m in claim.mentions}
        # one mention per article: a claim never holds two statements of one article
        articles = [m.article for m in claim.mentions]
        assert len(articles) == len(set(articles))


def test_support_and_status_follow_the_mentions(claims: list[Claim], sources: EventSources) -> None:
    for claim in claims:
        assert claim.support == sources.support(m.article for m in claim.mentions)
        assert claim.status == sources.status(claim.support)


def test_ids_are_numbered_in_status_order(claims: list[Claim]) -> None:
    assert [c.id for c in claims] == [f"c{k}" for k in range(1, len(claims) + 1)]
    rank = {"consensus": 0, "corroborated": 1, "single_source": 2}
    statuses = [rank[c.status] for c in claims]
    assert statuses == sorted(statuses)
    assert claims[0].status == "consensus"
    assert claims[-1].status == "single_source"


def test_the_claim_text_is_in_the_preferred_language(
    statements: Statements, sources: EventSources
) -> None:
    english = align_claims(statements, sources, "en")
    spanish = align_claims(statements, sources, "es")
    wall_en = claim_stating(english, "h1", "rompió el muro")
    wall_es = claim_stating(spanish, "h1", "rompió el muro")
    assert wall_en.language == "en" and not wall_en.text.startswith("La tormenta")
    assert wall_es.language == "es" and wall_es.text.startswith("La tormenta Ilsabet")
    # a claim with no mention in the preferred language keeps its own
    bakery = claim_stating(spanish, "m1", "bakery")
    assert bakery.language == "en"


def signature(claims: list[Claim]) -> list[tuple]:
    return [
        (
            c.id,
            c.status,
            tuple(c.support),
            c.text,
            tuple(sorted((m.article, m.start, m.end) for m in c.mentions)),
        )
        for c in claims
    ]


def test_claims_do_not_depend_on_the_order_of_the_articles(
    claims: list[Claim],
    analyses: dict[str, Analysis],
    encoder: CachedEncoder,
    sources: EventSources,
) -> None:
    orders = [list(reversed(EVENT))]
    shuffler = random.Random(4)
    for _ in range(3):
        order = list(EVENT)
        shuffler.shuffle(order)
        orders.append(order)
    expected = signature(claims)
    for order in orders:
        again = align_claims(statements_of(order, analyses, encoder), sources, "en")
        # the same claims...
        assert sorted(s[1:] for s in signature(again)) == sorted(s[1:] for s in expected)
        # ...under the same ids
        assert signature(again) == expected, [a.id for a in order]


def test_one_article_events_are_single_source(
    analyses: dict[str, Analysis], encoder: CachedEncoder
) -> None:
    alone = [EVENT[1]]
    sources = event_sources(alone, {})
    claims = align_claims(statements_of(alone, analyses, encoder), sources)
    assert claims
    assert all(c.status == "single_source" and c.support == ["m1"] for c in claims)
    assert align_claims(prepare_statements([], encoder), sources) == []
