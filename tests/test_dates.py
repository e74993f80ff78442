"""Date mentions: what is found, where, and which calendar days it resolves to.

All sentences are invented. Unless a test says otherwise the article is published on
Thursday 5 January 2023: its week runs Monday 2 to Sunday 8 January.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.analyze.dates import find_dates
from accord.model import DateMention

PUB = "2023-01-05"


def only(text: str, language: str | None, published: str | None = PUB) -> DateMention:
    found = find_dates(text, language, published)
    assert len(found) == 1, [m.text for m in found]
    return found[0]


# (language, sentence, mention text, "first/last" day (one day: "first"), granularity, relative)
EXAMPLES = [
    ("en", "The talks ended on 30 December 2022.", "30 December 2022", "2022-12-30", "day", False),
    (
        "en",
        "The talks ended on December 30, 2022.",
        "December 30, 2022",
        "2022-12-30",
        "day",
        False,
    ),
    ("en", "The talks ended on December 30th.", "December 30th", "2022-12-30", "day", True),
    ("en", "The talks ended Dec. 30 in Geneva.", "Dec. 30", "2022-12-30", "day", True),
    ("en", "Talks resume Feb. 24, the envoy said.", "Feb. 24", "2023-02-24", "day", True),
    ("en", "It was signed on the 30th of December.", "30th of December", "2022-12-30", "day", True),
    ("en", "It was filed on 2022-12-30 at noon.", "2022-12-30", "2022-12-30", "day", False),
    (
        "en",
        "It happened on Friday (30.12.2022) downtown.",
        "Friday (30.12.2022)",
        "2022-12-30",
        "day",
        False,
    ),
    (
        "en",
        "Voting ran December 29-30, 2022.",
        "December 29-30, 2022",
        "2022-12-29/2022-12-30",
        "day",
        False,
    ),
    (
        "de",
        "Die Demo war am Freitag (30.12.2022) in Köln.",
        "Freitag (30.12.2022)",
        "2022-12-30",
        "day",
        False,
    ),
    ("de", "Es geschah am 30.12.2022 in Bonn.", "30.12.2022", "2022-12-30", "day", False),
    ("de", "Es geschah am 30. Dezember in Bonn.", "30. Dezember", "2022-12-30", "day", True),
    (
        "de",
        "Am Freitag, dem 30. Dezember 2022, blieb es ruhig.",
        "Freitag, dem 30. Dezember 2022",
        "2022-12-30",
        "day",
        False,
    ),
    ("de", "Die Frist endet am 30.12. um Mitternacht.", "30.12.", "2022-12-30", "day", True),
    (
        "es",
        "Ocurrió el 30 de diciembre de 2022 en Lima.",
        "30 de diciembre de 2022",
        "2022-12-30",
        "day",
        False,
    ),
    (
        "es",
        "Se firmó el pasado 30 de diciembre.",
        "pasado 30 de diciembre",
        "2022-12-30",
        "day",
        True,
    ),
    ("es", "Se votará el próximo 16 de enero.", "próximo 16 de enero", "2023-01-16", "day", True),
    ("it", "È successo il 30 dicembre a Roma.", "30 dicembre", "2022-12-30", "day", True),
    ("it", "Il 1° gennaio è entrata in vigore.", "1° gennaio", "2023-01-01", "day", True),
    ("fr", "C'était le 30 décembre 2022 à Lyon.", "30 décembre 2022", "2022-12-30", "day", False),
    (
        "fr",
        "La loi est en vigueur depuis le 1er janvier.",
        "1er janvier",
        "2023-01-01",
        "day",
        True,
    ),
    ("en", "The minister resigned on Friday.", "Friday", "2022-12-30", "day", True),
    ("en", "They meet again next Friday.", "next Friday", "2023-01-06", "day", True),
    ("en", "They meet again this Friday.", "this Friday", "2023-01-06", "day", True),
    ("en", "They met last Friday.", "last Friday", "2022-12-30", "day", True),
    ("en", "The summit will take place on Friday.", "Friday", "2023-01-06", "day", True),
    ("en", "He said on Friday that he will resign.", "Friday", "2022-12-30", "day", True),
    ("en", "Rain fell yesterday.", "yesterday", "2023-01-04", "day", True),
    ("en", "Rain falls today.", "today", "2023-01-05", "day", True),
    ("en", "Rain will fall tomorrow.", "tomorrow", "2023-01-06", "day", True),
    ("es", "El ministro dimitió el viernes.", "viernes", "2022-12-30", "day", True),
    ("es", "Se reunirán el próximo viernes.", "próximo viernes", "2023-01-06", "day", True),
    ("es", "Se reunieron el viernes pasado.", "viernes pasado", "2022-12-30", "day", True),
    ("es", "Llovió ayer en Madrid.", "ayer", "2023-01-04", "day", True),
    ("es", "Hoy llueve en Madrid.", "Hoy", "2023-01-05", "day", True),
    ("es", "Lloverá mañana en Madrid.", "mañana", "2023-01-06", "day", True),
    ("es", "Llovió esta mañana en Madrid.", "esta mañana", "2023-01-05", "day", True),
    ("es", "Será pasado mañana.", "pasado mañana", "2023-01-07", "day", True),
    ("it", "Il ministro si è dimesso venerdì.", "venerdì", "2022-12-30", "day", True),
    ("it", "Si sono visti venerdì scorso.", "venerdì scorso", "2022-12-30", "day", True),
    ("it", "È piovuto ieri a Roma.", "ieri", "2023-01-04", "day", True),
    ("it", "Oggi piove a Roma.", "Oggi", "2023-01-05", "day", True),
    ("it", "Pioverà domani a Roma.", "domani", "2023-01-06", "day", True),
    ("de", "Der Minister trat am Freitag zurück.", "Freitag", "2022-12-30", "day", True),
    (
        "de",
        "Sie treffen sich am kommenden Freitag.",
        "kommenden Freitag",
        "2023-01-06",
        "day",
        True,
    ),
    ("de", "Es regnete gestern in Bonn.", "gestern", "2023-01-04", "day", True),
    ("de", "Es regnet heute in Bonn.", "heute", "2023-01-05", "day", True),
    ("de", "Es regnet morgen in Bonn.", "morgen", "2023-01-06", "day", True),
    ("de", "Es regnete heute Morgen in Bonn.", "heute Morgen", "2023-01-05", "day", True),
    ("fr", "Le ministre a démissionné vendredi.", "vendredi", "2022-12-30", "day", True),
    ("fr", "Ils se verront vendredi prochain.", "vendredi prochain", "2023-01-06", "day", True),
    ("fr", "Il a plu hier à Lyon.", "hier", "2023-01-04", "day", True),
    ("fr", "Il pleut aujourd'hui à Lyon.", "aujourd'hui", "2023-01-05", "day", True),
    ("fr", "Il pleuvra demain à Lyon.", "demain", "2023-01-06", "day", True),
    ("en", "Prices rose last week.", "last week", "2022-12-26/2023-01-01", "week", True),
    ("en", "Prices rose this week.", "this week", "2023-01-02/2023-01-08", "week", True),
    ("en", "Prices rise next week.", "next week", "2023-01-09/2023-01-15", "week", True),
    ("en", "Prices rose last month.", "last month", "2022-12-01/2022-12-31", "month", True),
    (
        "en",
        "Prices rose earlier this month.",
        "earlier this month",
        "2023-01-01/2023-01-04",
        "month",
        True,
    ),
    (
        "en",
        "Prices rise later this month.",
        "later this month",
        "2023-01-06/2023-01-31",
        "month",
        True,
    ),
    ("en", "Prices rise next month.", "next month", "2023-02-01/2023-02-28", "month", True),
    ("en", "Prices rose last year.", "last year", "2022-01-01/2022-12-31", "year", True),
    ("en", "Elections are due in 2024.", "2024", "2024-01-01/2024-12-31", "year", False),
    ("en", "Prices rose in March.", "March", "2023-03-01/2023-03-31", "month", True),
    ("en", "Prices rose in March 2024.", "March 2024", "2024-03-01/2024-03-31", "month", False),
    ("en", "Work starts next spring.", "next spring", "2023-03-01/2023-05-31", "season", True),
    ("en", "Work starts this spring.", "this spring", "2023-03-01/2023-05-31", "season", True),
    ("en", "Work stopped last summer.", "last summer", "2022-06-01/2022-08-31", "season", True),
    ("en", "Work stopped in the autumn.", "autumn", "2022-09-01/2022-11-30", "season", True),
    ("en", "It froze this winter.", "this winter", "2022-12-01/2023-02-28", "season", True),
    ("en", "It will freeze next winter.", "next winter", "2023-12-01/2024-02-29", "season", True),
    ("en", "Protests began in March of that year.", "March of that year", None, "month", True),
    ("en", "It opened on 5 March last year.", "5 March last year", "2022-03-05", "day", True),
    (
        "es",
        "Los precios subieron la semana pasada.",
        "semana pasada",
        "2022-12-26/2023-01-01",
        "week",
        True,
    ),
    ("es", "Los precios subirán en marzo.", "marzo", "2023-03-01/2023-03-31", "month", True),
    (
        "es",
        "Las obras empiezan la próxima primavera.",
        "próxima primavera",
        "2023-03-01/2023-05-31",
        "season",
        True,
    ),
    ("es", "Habrá elecciones en 2024.", "2024", "2024-01-01/2024-12-31", "year", False),
    (
        "es",
        "Los precios subieron el año pasado.",
        "año pasado",
        "2022-01-01/2022-12-31",
        "year",
        True,
    ),
    ("it", "I prezzi saliranno a marzo.", "marzo", "2023-03-01/2023-03-31", "month", True),
    (
        "it",
        "I lavori iniziano la prossima primavera.",
        "prossima primavera",
        "2023-03-01/2023-05-31",
        "season",
        True,
    ),
    ("it", "Si vota nel 2024.", "2024", "2024-01-01/2024-12-31", "year", False),
    (
        "it",
        "I prezzi sono saliti l'anno scorso.",
        "l'anno scorso",
        "2022-01-01/2022-12-31",
        "year",
        True,
    ),
    (
        "it",
        "Faceva caldo l'estate scorsa.",
        "l'estate scorsa",
        "2022-06-01/2022-08-31",
        "season",
        True,
    ),
    ("de", "Die Preise steigen im März.", "März", "2023-03-01/2023-03-31", "month", True),
    (
        "de",
        "Der Bau beginnt im nächsten Frühjahr.",
        "nächsten Frühjahr",
        "2023-03-01/2023-05-31",
        "season",
        True,
    ),
    (
        "de",
        "Die Preise stiegen letzte Woche.",
        "letzte Woche",
        "2022-12-26/2023-01-01",
        "week",
        True,
    ),
    ("de", "Gewählt wird im Jahr 2024.", "2024", "2024-01-01/2024-12-31", "year", False),
    ("fr", "Les prix monteront en mars.", "mars", "2023-03-01/2023-03-31", "month", True),
    (
        "fr",
        "Les travaux commencent au printemps prochain.",
        "printemps prochain",
        "2023-03-01/2023-05-31",
        "season",
        True,
    ),
    (
        "fr",
        "Les prix ont monté la semaine dernière.",
        "semaine dernière",
        "2022-12-26/2023-01-01",
        "week",
        True,
    ),
    (
        "fr",
        "Les prix ont monté l'an dernier.",
        "l'an dernier",
        "2022-01-01/2022-12-31",
        "year",
        True,
    ),
    (
        "fr",
        "Il faisait chaud l'été dernier.",
        "l'été dernier",
        "2022-06-01/2022-08-31",
        "season",
        True,
    ),
    ("ja", "会議は2022年12月30日に開かれた。", "2022年12月30日", "2022-12-30", "day", False),
]


def days(m: DateMention) -> str | None:
    return m.value if m.value == m.end_value else f"{m.value}/{m.end_value}"


@pytest.mark.parametrize(("language", "text", "span", "days_", "granularity", "relative"), EXAMPLES)
def test_examples(language, text, span, days_, granularity, relative):
    m = only(text, language)
    assert (m.text, days(m), m.granularity, m.relative) == (span, days_, granularity, relative)
    assert text[m.start : m.end] == span


@pytest.mark.parametrize(
    ("language", "text", "span", "days_"),
    [e[:4] for e in EXAMPLES if e[0] in ("en", "es", "it", "de", "fr") and e[2] != "hier"],
)
def test_examples_also_found_without_a_language(language, text, span, days_):
    # None tries all five languages (French "hier" needs the language: German "here").
    found = find_dates(text, None, PUB)
    assert (span, days_) in [(m.text, days(m)) for m in found]


def test_feb_24_in_an_article_of_early_march_is_the_past_one():
    assert only("Troops crossed on Feb. 24.", "en", "2023-03-01").value == "2023-02-24"


def test_weekday_before_a_yearless_date_picks_the_year():
    # 30 December was a Thursday in 2021, a Friday in 2022.
    assert only("It began on Thursday, Dec. 30.", "en").value == "2021-12-30"
    assert only("It began on Friday, Dec. 30.", "en").value == "2022-12-30"


def test_next_friday_published_on_a_friday_is_a_week_later():
    assert only("They meet next Friday.", "en", "2023-01-06").value == "2023-01-13"
    assert only("They met on Friday.", "en", "2023-01-06").value == "2023-01-06"


def test_slashed_dates_follow_the_language():
    assert only("Filed 05/06/2022.", "en").value == "2022-05-06"
    assert only("Eingereicht 05/06/2022.", "de").value == "2022-06-05"
    assert only("Filed 30/12/2022.", "en").value == "2022-12-30"


def test_published_may_be_a_datetime_and_bad_ones_are_ignored():
    assert only("It rained yesterday.", "en", "2023-01-05T23:30:00-05:00").value == "2023-01-04"
    m = only("It rained yesterday.", "en", "last Tuesday")
    assert (m.value, m.relative) == (None, True)


def test_without_a_publication_date_relative_ones_stay_unresolved():
    text = (
        "On Friday, a week after the vote of 30 December 2022, officials met again. "
        "Talks resume Dec. 30 and next spring, and elections follow in 2024 and March 2024, "
        "not in March. It rained yesterday and last week."
    )
    got = {m.text: (m.value, m.end_value, m.relative) for m in find_dates(text, "en", None)}
    assert got == {
        "Friday": (None, None, True),
        "30 December 2022": ("2022-12-30", "2022-12-30", False),
        "Dec. 30": (None, None, True),
        "next spring": (None, None, True),
        "2024": ("2024-01-01", "2024-12-31", False),
        "March 2024": ("2024-03-01", "2024-03-31", False),
        "March": (None, None, True),
        "yesterday": (None, None, True),
        "last week": (None, None, True),
    }


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Officials may resign if the plan fails."),
        ("en", "May I add that officials may resign?"),
        ("en", "Thousands joined a protest march through the city."),
        ("en", "Sun and Wed are not dates here."),
        ("en", "The fund holds 12.5 million dollars."),
        ("en", "The meeting starts at 10.30 sharp."),
        ("en", "Upgrade to version 1.2.3 or v2.10.2022 now."),
        ("en", "A ticket costs 30.12 euros."),
        ("en", "Some 2,024 people signed, and 2024 votes were cast."),
        ("en", "In 2024 votes, not years, were counted."),
        ("en", "Witnesses saw the fall of the regime and a fall in prices."),
        ("en", "No date like 31.02.2022 exists."),
        (None, "About 30 may have died."),
        (None, "Ich bin hier, sagte er."),
        ("es", "Cantó Plácido Domingo en la gala."),
        ("es", "Abren los viernes por la mañana."),
        ("es", "Hoy en día nadie lo usa."),
        ("es", "Pensamos en el mañana."),
        ("it", "Pensiamo al domani."),
        ("de", "Am Morgen regnete es."),
        ("fr", "Il a été arrêté."),
    ],
)
def test_not_dates(language, text):
    assert find_dates(text, language, PUB) == []


def test_old_years_need_a_clear_cue():
    assert only("A chart dated 1642 was found.", "en").value == "1642-01-01"
    assert only("The fort was built in 1642.", "en").value == "1642-01-01"
    assert find_dates("A poll of 1500 respondents.", "en", PUB) == []


def test_reported_future_moves_a_weekday_forward():
    # Published on Tuesday 13 October 2026.
    text = "Feyen said he would meet the managers on Thursday."
    assert only(text, "en", "2026-10-13").value == "2026-10-15"
    text = "The railway said it expected services to return to normal on Saturday morning."
    assert only(text, "en", "2026-11-13").value == "2026-11-14"
    assert only("Dijo que se reuniría con ellos el jueves.", "es", "2026-10-13").value == (
        "2026-10-15"
    )


def test_good_friday_agreement_does_not_break_anything():
    text = "The Good Friday Agreement was signed in 1998."
    assert [m.text for m in find_dates(text, "en", PUB)] == ["Friday", "1998"]


def test_spanish_morning_is_not_tomorrow():
    text = "Ayer por la mañana llovió; mañana por la mañana también."
    assert [(m.text, m.value) for m in find_dates(text, "es", PUB)] == [
        ("Ayer", "2023-01-04"),
        ("mañana", "2023-01-06"),
    ]


def test_a_keyword_inside_a_word_does_not_hide_the_next_one():
    # "esta mañana" (this morning) must not be read out of "contesta mañana" (answers tomorrow).
    got = [(m.text, m.value) for m in find_dates("El ministro contesta mañana.", "es", PUB)]
    assert got == [("mañana", "2023-01-06")]


def test_language_codes_are_read_loosely():
    for code in ("en-GB", "EN", "en_US"):
        assert only("It rained yesterday.", code).value == "2023-01-04"
    assert find_dates("", "en", PUB) == []


def test_german_capitalised_morgen_only_at_a_sentence_start():
    text = "Es war ruhig. Morgen wird gestreikt, sagte er am Morgen."
    assert [(m.text, m.value) for m in find_dates(text, "de", PUB)] == [("Morgen", "2023-01-06")]


def test_longest_mention_wins_and_results_are_ordered():
    text = "On Friday, December 30, 2022, and again on Friday (30.12.2022), in March 2024."
    got = [m.text for m in find_dates(text, "en", PUB)]
    assert got == ["Friday, December 30, 2022", "Friday (30.12.2022)", "March 2024"]


def test_other_languages_read_month_names_through_dateparser():
    text = "A reunião foi em 30 de dezembro de 2022 e volta a 3 de março; 15 pessoas vieram."
    got = [(m.text, m.value, m.relative) for m in find_dates(text, "pt", PUB)]
    assert got == [
        ("30 de dezembro de 2022", "2022-12-30", False),
        ("3 de março", "2023-03-03", True),
    ]


EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "examples"


@pytest.mark.skipif(not (EXAMPLES_DIR / "truth.json").exists(), reason="no example corpus")
def test_the_dates_of_the_example_corpus():
    """Every dated statement of examples/truth.json, read from the raw article files.

    Two are known misses: a future told by a present tense ("until the strike ends on
    Friday night") or an imperative ("return to the table before Friday night")."""
    truth = json.loads((EXAMPLES_DIR / "truth.json").read_text(encoding="utf-8"))
    feed = EXAMPLES_DIR / "articles" / "nordwire-feed-2026.jsonl"
    records = {}
    for line in feed.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        records[r["id"]] = (r["text"], r["published"], r["language"])
    hits, misses = 0, []
    for event in truth["events"]:
        for item in event.get("dates", []):
            want = (
                item["date"],
                item.get("end_date", item["date"]),
                item.get("granularity", "day"),
            )
            for ref, phrase in item["stated_by"].items():
                if ref in records:
                    text, published, language = records[ref]
                else:
                    text = (EXAMPLES_DIR / ref).read_text(encoding="utf-8")
                    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
                    meta = truth["articles"][ref]
                    published, language = meta["published"], meta["language"]
                at = text.index(phrase)
                got = [
                    (m.value, m.end_value, m.granularity)
                    for m in find_dates(text, language, published)
                    if m.start < at + len(phrase) and m.end > at
                ]
                if want in got:
                    hits += 1
                else:
                    misses.append((ref, phrase, got))
    assert hits >= 90 and len(misses) <= 2, misses


# ---------------------------------------------------------------------------------------
# Properties

LANGUAGES = st.sampled_from([None, "en", "es", "it", "de", "fr", "pt"])
PUBLISHED = st.one_of(st.none(), st.dates().map(str))  # years 1 to 9999
TOKENS = (
    "on Friday", "30", "December", "2022", "Dec.", "Feb", "last", "next", "this", "week",
    "month", "year", "in", "March", "May", "2024", "spring", "the", "fall", "of", "that",
    "(", ")", ",", ".", "-", "30.12.2022", "30.12.", "am", "Morgen", "morgen", "heute",
    "el", "de", "próximo", "viernes", "pasado", "mañana", "esta", "la", "a", "marzo",
    "venerdì", "scorso", "quest'", "estate", "l'", "été", "dernier", "1er", "janvier",
    "hier", "yesterday", "2022-12-30", "29", "31", "Monday,", "ayer", "Dezember",
    "nächsten", "Frühjahr", "im", "Jahr", "25/12/2020", "1°", "will", "2022年12月30日",
    "0000", "9999", "0001-01-01",
)  # fmt: skip
DATEISH = st.lists(
    st.tuples(st.sampled_from(TOKENS), st.sampled_from([" ", " ", "", "\n", ", "])),
    max_size=25,
).map(lambda parts: "".join(t + sep for t, sep in parts))


def check_invariants(text: str, language: str | None, published: str | None) -> None:
    found = find_dates(text, language, published)
    previous_end = -1
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end  # sorted and non-overlapping
        previous_end = m.end
        assert m.granularity in {"day", "week", "month", "season", "year"}
        assert (m.value is None) == (m.end_value is None)
        if m.value is not None:
            assert date.fromisoformat(m.value) <= date.fromisoformat(m.end_value)
        if published is None and m.relative:
            assert m.value is None  # never guess
    assert find_dates(text, language, published) == found  # deterministic


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), LANGUAGES, PUBLISHED)
def test_any_text_keeps_the_invariants(text, language, published):
    check_invariants(text, language, published)


@settings(max_examples=300, deadline=None)
@given(DATEISH, LANGUAGES, PUBLISHED)
def test_date_like_text_keeps_the_invariants(text, language, published):
    check_invariants(text, language, published)


PUB_DATES = st.dates(date(1950, 1, 1), date(2090, 12, 31))


@settings(max_examples=100, deadline=None)
@given(PUB_DATES)
def test_relative_days_follow_the_publication_date(pub):
    def day(text: str) -> date:
        value = only(text, "en", pub.isoformat()).value
        assert value is not None
        return date.fromisoformat(value)

    assert day("It rained yesterday.") == pub - timedelta(1)
    friday = day("They met on Friday.")
    assert friday.weekday() == 4 and 0 <= (pub - friday).days < 7
    coming = day("They meet next Friday.")
    assert coming.weekday() == 4 and 0 < (coming - pub).days <= 7
    this = day("They meet this Friday.")
    assert this.isocalendar()[:2] == pub.isocalendar()[:2]
    dec30 = day("It ended Dec. 30.")
    assert (dec30.month, dec30.day) == (12, 30) and abs((dec30 - pub).days) <= 366


@settings(max_examples=100, deadline=None)
@given(PUB_DATES)
def test_relative_ranges_follow_the_publication_date(pub):
    def span(text: str) -> tuple[date, date]:
        m = only(text, "en", pub.isoformat())
        assert m.value and m.end_value
        return date.fromisoformat(m.value), date.fromisoformat(m.end_value)

    monday = pub - timedelta(pub.weekday())
    assert span("Prices rose last week.") == (monday - timedelta(7), monday - timedelta(1))
    first, last = span("Prices rose in March.")
    assert (first.month, first.day, last.month, last.day) == (3, 1, 3, 31)
    assert abs((first - pub).days) < 366
    first, last = span("Work starts next spring.")
    assert first > pub and (first.month, last.month) == (3, 5) and (first - pub).days <= 366
    first, last = span("It froze last winter.")
    assert last < pub and (first.month, last.month) == (12, 2) and (pub - last).days <= 366
    first, last = span("Prices rose earlier this month.")  # up to the day before
    assert (first, last) == (pub.replace(day=1), max(pub.replace(day=1), pub - timedelta(1)))
