"""The summary: a few sentences, each a mention of the claim it cites, citing that
claim's sources; within a word budget when one is given; what happened before what was
said."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analyze.pipeline import AnalyzeConfig, analyze_article
from accord.consolidate.claims import Statements, align_claims, prepare_statements
from accord.consolidate.sources import EventSources, event_sources
from accord.consolidate.summary import summarise
from accord.consolidate.units import Unit, statement_units
from accord.encode import CachedEncoder, get_encoder
from accord.model import Article, Claim, SummarySentence

WORD = re.compile(r"\w+")
# Reported speech, as a reader would tell it: a reporting verb or quote marks.
QUOTED = re.compile(r"[\"“”«»„]")

# An invented event: Storm Ilsabet breaks the sea wall of Quillhaven; four outlets, one
# of them Spanish. Enough different statements for a full summary.
REPORTS = [
    (
        "n1",
        "Nordwire",
        "en",
        "2026-03-02",
        "Storm Ilsabet broke through the sea wall of Quillhaven on Sunday night, flooding the "
        "harbour district. "
        "Twelve people were killed in the flooding, the regional police said. "
        "About 3,000 residents were moved to schools and sports halls on higher ground. "
        "Mayor Tilda Varrow said the city would rebuild the wall before the winter. "
        "The harbour master ordered all fishing boats to stay in port until Wednesday. "
        "The wall was built in 1962 and last repaired in 2009. "
        "Engineers had warned in a 2019 report that its concrete base was cracking.",
    ),
    (
        "m1",
        "Meridian",
        "en",
        "2026-03-02",
        "The sea wall protecting Quillhaven gave way on Sunday night as Storm Ilsabet lashed "
        "the coast. "
        "Twelve people died when the water swept through the harbour district, police said. "
        "Some 3,000 people spent the night in schools and sports halls away from the coast. "
        "The provincial government put the damage to the harbour at 2,400 million dollars. "
        "A bakery on Ferrow Street handed out free bread to stranded families. "
        "Mayor Tilda Varrow promised that the wall would be rebuilt before winter. "
        "The wall, built in 1962, had not been repaired since 2009.",
    ),
    (
        "k1",
        "Kessmark Herald",
        "en",
        "2026-03-03",
        "Storm Ilsabet smashed through the Quillhaven sea wall late on Sunday, flooding the "
        "harbour. "
        "Police said twelve people had been killed. "
        "Around 3,000 residents were evacuated to schools and sports halls on higher ground. "
        "Damage to the harbour was estimated at $2.4 billion by the provincial government. "
        "Rail services along the coast were suspended until Tuesday. "
        "Engineers warned as early as 2019 that the concrete base of the wall was cracking.",
    ),
    (
        "h1",
        "El Heraldo",
        "es",
        "2026-03-03",
        "La tormenta Ilsabet rompió el muro de contención de Quillhaven la noche del domingo e "
        "inundó el barrio del puerto. "
        "Doce personas murieron en las inundaciones, según la policía regional. "
        "Unos 3.000 vecinos fueron trasladados a escuelas y polideportivos en zonas altas. "
        "La alcaldesa Tilda Varrow dijo que la ciudad reconstruirá el muro antes del invierno.",
    ),
]
ARTICLES = [
    Article(id=i, source=f"{i}.txt", outlet=o, language=lang, published=p, text=t)
    for i, o, lang, p, t in REPORTS
]


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(get_encoder("use"), None)


class Event:
    def __init__(self, articles: list[Article], encoder: CachedEncoder) -> None:
        self.articles = articles
        self.analyses = {a.id: analyze_article(a, AnalyzeConfig()) for a in articles}
        units = [u for a in articles for u in statement_units(a, self.analyses[a.id])]
        self.statements: Statements = prepare_statements(units, encoder)
        self.sources: EventSources = event_sources(articles, {})
        self.claims: list[Claim] = align_claims(self.statements, self.sources, "en")

    def summary(self, words: int | None = None) -> list[SummarySentence]:
        return summarise(self.claims, self.statements, self.sources, words)

    def shown(self, sentence: SummarySentence) -> list[Unit]:
        """The statement units the summary sentence may be: mentions of its claim."""
        claim = next(c for c in self.claims if c.id == sentence.claim)
        keys = {(m.article, m.start, m.end) for m in claim.mentions if m.text == sentence.text}
        return [u for u in self.statements.units if (u.article, u.start, u.end) in keys]


@pytest.fixture(scope="module")
def storm(encoder: CachedEncoder) -> Event:
    return Event(ARTICLES, encoder)


def words_of(summary: list[SummarySentence]) -> int:
    return sum(len(WORD.findall(s.text)) for s in summary)


def assert_faithful(event: Event, summary: list[SummarySentence]) -> None:
    claims = {c.id: c for c in event.claims}
    for sentence in summary:
        claim = claims[sentence.claim]
        assert sentence.text in {m.text for m in claim.mentions}
        assert sentence.support == claim.support
        assert event.shown(sentence), sentence.text
    cited = [s.claim for s in summary]
    assert len(cited) == len(set(cited))
    # no two sentences from one sentence of one article
    places = [{(u.article, u.sentence) for u in event.shown(s)} for s in summary]
    for k, a in enumerate(places):
        for b in places[k + 1 :]:
            assert not a & b


def test_the_default_summary_has_5_to_8_sentences(storm: Event) -> None:
    summary = storm.summary()
    assert 5 <= len(summary) <= 8
    assert_faithful(storm, summary)


def test_the_summary_rests_on_the_best_supported_claims(storm: Event) -> None:
    summary = storm.summary()
    widest = max(len(c.support) for c in storm.claims)
    assert any(len(s.support) == widest for s in summary)
    assert summary[0].support and len(summary[0].support) >= 2


def test_summary_sentences_are_whole_sentences_in_the_articles(storm: Event) -> None:
    texts = {a.id: a.text for a in storm.articles}
    for sentence in storm.summary():
        (unit, *_) = storm.shown(sentence)
        assert texts[unit.article][unit.start : unit.end] == sentence.text
        assert unit.whole_sentence
        assert sentence.text.rstrip("\"'”’»)]")[-1] in ".!?"


def test_what_happened_comes_before_what_was_said(storm: Event) -> None:
    # What happened: the reports' leads (even "..., officials said"); what was said:
    # sentences carrying quotations. Leads come first.
    summary = storm.summary()
    said = [k for k, s in enumerate(summary) if QUOTED.search(s.text)]
    happened = [
        k
        for k, s in enumerate(summary)
        if not QUOTED.search(s.text) and min(u.position for u in storm.shown(s)) == 0.0
    ]
    assert happened, [s.text for s in summary]
    assert not said or max(happened) < min(said)
    assert summary[0].text in {u.text for k in happened for u in storm.shown(summary[k])}


@pytest.mark.parametrize("budget", [1, 10, 25, 40, 60, 100])
def test_a_word_budget_is_kept(storm: Event, budget: int) -> None:
    summary = storm.summary(words=budget)
    assert summary, "at least one sentence, however small the budget"
    assert words_of(summary) <= budget or len(summary) == 1
    assert_faithful(storm, summary)


def test_a_larger_budget_says_more(storm: Event) -> None:
    assert len(storm.summary(words=200)) > len(storm.summary(words=30))


def test_a_small_event_gives_what_it_has(encoder: CachedEncoder) -> None:
    event = Event(
        [
            Article(
                id="a",
                source="a.txt",
                outlet="Nordwire",
                language="en",
                published="2026-03-02",
                text="Storm Ilsabet broke through the sea wall of Quillhaven on Sunday "
                "night. A bakery on Ferrow Street handed out free bread to families.",
            ),
        ],
        encoder,
    )
    summary = event.summary()
    assert 1 <= len(summary) <= 2
    assert_faithful(event, summary)
    assert all(s.support == ["a"] for s in summary)


def test_no_claims_no_summary(storm: Event) -> None:
    assert summarise([], storm.statements, storm.sources) == []


@settings(max_examples=25, deadline=None)
@given(budget=st.integers(1, 150))
def test_any_budget_is_kept(storm: Event, budget: int) -> None:
    summary = storm.summary(words=budget)
    assert summary
    assert words_of(summary) <= budget or len(summary) == 1
    assert_faithful(storm, summary)
