"""Plain-text articles: header metadata, headline, dateline, body."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.ingest.plaintext import PlainText, parse_date, parse_plain_text, read_dateline

BODY = (
    "MOSCOW (Reuters) - Heavy rain flooded 40 streets of the old town on Friday, "
    "officials said.\n"
    "\n"
    "Rescue teams worked through the night."
)


def test_full_header_in_the_scraper_form() -> None:
    raw = (
        "Storm floods coastal towns\n"
        " date 2022-12-30\n"
        "source: The Daily Beacon\n"
        "url: https://beacon.example/news/storm\n"
        "By Jane Doe\n"
        "language: es\n"
        "\n" + BODY
    )
    assert parse_plain_text(raw) == PlainText(
        title="Storm floods coastal towns",
        published="2022-12-30",
        url="https://beacon.example/news/storm",
        outlet="The Daily Beacon",
        author="Jane Doe",
        language="es",
        place="Moscow",
        dateline_credit="Reuters",
        body=BODY,
    )


def test_header_lines_in_any_order_with_blank_lines_between() -> None:
    raw = (
        "\n"
        "language: Spanish\n"
        "\n"
        "https://beacon.example/a\n"
        "outlet: Beacon News\n"
        "\n"
        "Title: Lluvias en Valencia\n"
        "author: Ana Ruiz\n"
        "Date: 30 December 2022\n"
        "\n"
        "Llovió toda la noche en Valencia.\n"
    )
    doc = parse_plain_text(raw)
    assert doc.title == "Lluvias en Valencia"
    assert doc.language == "es"
    assert doc.url == "https://beacon.example/a"
    assert doc.outlet == "Beacon News"
    assert doc.author == "Ana Ruiz"
    assert doc.published == "2022-12-30"
    assert doc.body == "Llovió toda la noche en Valencia."


def test_headline_may_come_after_the_metadata() -> None:
    doc = parse_plain_text("date: 2022-12-30\nsource: Beacon\nStorm floods towns\n\nIt rained.")
    assert (doc.title, doc.published, doc.outlet, doc.body) == (
        "Storm floods towns",
        "2022-12-30",
        "Beacon",
        "It rained.",
    )


@pytest.mark.parametrize(
    "line, expected",
    [
        (" date 2022-12-30", "2022-12-30"),
        ("date 2022-12-30", "2022-12-30"),
        ("date: 2022-12-30", "2022-12-30"),
        ("Date: 30 December 2022", "2022-12-30"),
        ("published: 2022-12-30T10:15:00Z", "2022-12-30T10:15:00+00:00"),
        ("Published: Friday, December 30, 2022 10:32 GMT", "2022-12-30T10:32:00+00:00"),
        ("fecha: 30 de diciembre de 2022", "2022-12-30"),
        ("Datum: 30. Dezember 2022", "2022-12-30"),
        ("data: 30 dicembre 2022", "2022-12-30"),
        ("date: 30/12/2022", "2022-12-30"),
        ("date: 12/30/2022", "2022-12-30"),
        ("date: 30-Dec-2022", "2022-12-30"),  # not one of ours: dateparser reads it
        ("May 03 , 2013", "2013-05-03"),  # a bare date line
        ("30 December 2022", "2022-12-30"),
    ],
)
def test_publication_date_forms(line: str, expected: str) -> None:
    doc = parse_plain_text(f"Storm floods towns\n{line}\n\nIt rained all night.")
    assert doc.published == expected
    assert doc.body == "It rained all night."


@pytest.mark.parametrize(
    "value", ["unknown", "yesterday", "03/04/2022", "2022-02-30", "31 June 2022", "soon"]
)
def test_unreadable_or_ambiguous_dates_give_none_but_stay_out_of_the_body(value: str) -> None:
    doc = parse_plain_text(f"date: {value}\n\nIt rained.")
    assert doc.published is None
    assert doc.body == "It rained."


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022-12-30", "2022-12-30"),
        ("2022/12/30", "2022-12-30"),
        ("30.12.2022", "2022-12-30"),
        ("Dec. 30th, 2022", "2022-12-30"),
        ("30 Dec 2022 5:30 pm", "2022-12-30T17:30:00"),
        ("2022-12-30T08:00:00+01:00", "2022-12-30T08:00:00+01:00"),
        ("viernes 30 de diciembre de 2022", "2022-12-30"),
        ("30 décembre 2022", "2022-12-30"),
        ("2022-13-01", None),
        ("the 30th", None),
        ("", None),
    ],
)
def test_parse_date(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "line, author",
    [
        ("By Jane Doe", "Jane Doe"),
        ("by Jane Doe and John Roe", "Jane Doe and John Roe"),
        ("BY JANE DOE in Madrid", "JANE DOE"),
        ("Por Ana de la Vega", "Ana de la Vega"),
        ("author: Jane Doe", "Jane Doe"),
        ("Autor: Ana Ruiz, Luis Gil", "Ana Ruiz, Luis Gil"),
    ],
)
def test_bylines(line: str, author: str) -> None:
    doc = parse_plain_text(f"Storm floods towns\n{line}\n\nIt rained.")
    assert doc.author == author
    assert doc.body == "It rained."


@pytest.mark.parametrize(
    "line, code",
    [("language: es", "es"), ("lang: pt-BR", "pt"), ("Language: German", "de"),
     ("idioma: español", "es"), ("language es", "es")],
)  # fmt: skip
def test_language_line(line: str, code: str) -> None:
    assert parse_plain_text(f"{line}\n\nIt rained.").language == code


def test_source_with_a_url_is_the_url() -> None:
    doc = parse_plain_text("source: https://beacon.example/a\n\nIt rained.")
    assert (doc.url, doc.outlet) == ("https://beacon.example/a", None)


@pytest.mark.parametrize(
    "first_line",
    [
        "The storm hit the coast on Friday, officials said.",
        "rain kept falling over the weekend",  # a fragment, not a headline
        "MOSCOW (Reuters) - Heavy rain flooded the city",
        "It rained. Then the river rose",
    ],
)
def test_a_first_line_that_is_body_stays_in_the_body(first_line: str) -> None:
    doc = parse_plain_text(f"{first_line}\n\nRescue teams worked through the night.")
    assert doc.title is None
    assert doc.body.startswith(first_line)


def test_a_lone_line_is_the_article_not_a_headline() -> None:
    doc = parse_plain_text("Storm floods coastal towns\n")
    assert (doc.title, doc.body) == (None, "Storm floods coastal towns")


def test_keyword_starting_headlines_are_not_metadata() -> None:
    doc = parse_plain_text("Date night returns to downtown theatres\n\nThe theatres reopened.")
    assert doc.title == "Date night returns to downtown theatres"
    assert doc.published is None
    doc = parse_plain_text("Source code leak hits bank\n\nThe bank said.")
    assert (doc.title, doc.outlet) == ("Source code leak hits bank", None)


def test_second_headline_like_line_is_body() -> None:
    doc = parse_plain_text("Storm floods towns\nThousands evacuated as rivers rise\n\nIt rained.")
    assert doc.title == "Storm floods towns"
    assert doc.body == "Thousands evacuated as rivers rise\n\nIt rained."


def test_body_paragraphs_line_endings_and_trailing_space() -> None:
    raw = (
        "Storm floods towns\r\n\r\n\r\nFirst paragraph.   \r\nSame paragraph.\t\r\n"
        "\r\n\r\n\r\nSecond.\r\n\r\n"
    )
    doc = parse_plain_text(raw)
    assert doc.body == "First paragraph.\nSame paragraph.\n\nSecond."


@pytest.mark.parametrize(
    "line, place, credit",
    [
        ("MOSCOW (Reuters) - The", "Moscow", "Reuters"),
        ("MADRID, 3 Dec (EFE).- La lluvia", "Madrid", "EFE"),
        ("ROME — The rain", "Rome", None),
        ("BERLIN, Dec 30 (dpa) – Der Regen", "Berlin", "dpa"),
        ("WASHINGTON, D.C. (AP) — The", "Washington", "AP"),
        ("(ANSA) - ROMA, 30 DIC - La pioggia", "Roma", "ANSA"),
        ("Madrid, 3 dic (Efe).- La", "Madrid", "EFE"),
        ("RIO DE JANEIRO (AFP) - The", "Rio de Janeiro", "AFP"),
        ("KYIV, Ukraine, Dec. 30 (Xinhua) -- The", "Kyiv", "Xinhua"),
        ("SAN JOSÉ, Costa Rica (AFP) - El", "San José", "AFP"),
        ("Berlin (dpa/AFP) - Der", "Berlin", "dpa"),
        ("PORT ELLIS (MPA) - The", "Port Ellis", "MPA"),
        ("PUNTA ALDEA (Almería).- El", "Punta Aldea", None),  # a province, not an agency
    ],
)
def test_datelines(line: str, place: str, credit: str | None) -> None:
    assert read_dateline(line) == (place, credit)
    doc = parse_plain_text(f"Storm floods towns\n\n{line} sea rose.\n\nMore.")
    assert (doc.place, doc.dateline_credit) == (place, credit)
    assert doc.body.startswith(line)  # the dateline is part of the article as published


@pytest.mark.parametrize(
    "line",
    [
        "Rome — the city that never floods — was under water.",
        "BREAKING — Storm hits the coast",
        "The mayor - who was re-elected - said the wall held.",
        "Monday, Dec 30 — a day to forget.",
        "Heavy rain fell on Friday.",
        "",
    ],
)
def test_no_dateline(line: str) -> None:
    assert read_dateline(line) == (None, None)


# --- properties ----------------------------------------------------------------------

_HEADER_LINES = st.sampled_from(
    ["Storm floods towns", " date 2022-12-30", "source: The Daily Beacon", "By Jane Doe",
     "url: https://beacon.example/a", "language: es", "Date: 30 December 2022", ""]
)  # fmt: skip
_BODY_LINES = st.sampled_from(
    ["The storm hit the coast, officials said.", "MOSCOW (Reuters) - Rain fell.",
     "“We will rebuild,” she said.", "Rescue teams worked through the night.", ""]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_body_lines_come_from_the_input(raw: str) -> None:
    doc = parse_plain_text(raw)
    normalised = raw.replace("\r\n", "\n").replace("\r", "\n")
    for line in doc.body.split("\n"):
        assert line in normalised
    assert doc.body == doc.body.strip("\n")
    assert "\n\n\n" not in doc.body
    assert parse_plain_text(raw) == doc  # deterministic


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("AB cd-—–,.()\n\r\t:é1/") | st.characters(), max_size=200))
def test_never_raises_on_punctuation_soup(raw: str) -> None:
    doc = parse_plain_text(raw)
    assert isinstance(doc.body, str)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_HEADER_LINES, max_size=6, unique=True),
    st.lists(_BODY_LINES, min_size=1, max_size=6),
)
def test_header_never_reaches_the_body_and_the_body_is_kept(
    header: list[str], body: list[str]
) -> None:
    body_text = "\n".join(body).strip("\n")
    if not body_text:
        return
    doc = parse_plain_text("\n".join(header) + "\n\n" + body_text)
    collapsed = body_text
    while "\n\n\n" in collapsed:
        collapsed = collapsed.replace("\n\n\n", "\n\n")
    assert doc.body == collapsed
