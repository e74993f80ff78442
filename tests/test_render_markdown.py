"""accord.render.markdown: the brief for people. Every document here is hand-made and
every sentence invented (Port Tamsin, Mayor Ilse Varga and the outlets are fiction)."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.render import render_markdown
from accord.render.markdown import escape, format_when

markdown_it = pytest.importorskip("markdown_it")
MD = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])

SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schema" / "brief.schema.json"

TEXTS = {
    "ledger": (
        "A storm broke the sea wall in Port Tamsin on Friday. At least 12 people died. "
        '"We will rebuild the wall before winter," Mayor Ilse Varga said. '
        "The wall was built in 1931."
    ),
    "wire": (
        "The Port Tamsin sea wall gave way during the storm on Friday. Fifteen people were "
        'killed. "We will rebuild the wall before winter," said Ilse Varga. '
        "Repairs are planned for the week of 9 November."
    ),
    "copy": (
        "The Port Tamsin sea wall gave way during the storm on Friday. Fifteen people were "
        'killed. "We will rebuild the wall before winter," said Ilse Varga.'
    ),
    "faro": (
        "La tormenta rompió el dique de Port Tamsin el viernes. "
        '"Reconstruiremos el dique antes del invierno", dijo la alcaldesa Ilse Varga. '
        '"Nadie nos avisó", dijo un vecino.'
    ),
    "lone": "A ferry was delayed in Hollin Bay. Nobody was hurt.",
}


def mention(article: str, text: str) -> dict[str, Any]:
    start = TEXTS[article].index(text)
    return {"article": article, "text": text, "start": start, "end": start + len(text)}


def make_document() -> dict[str, Any]:
    articles = [
        {
            "id": "ledger",
            "source": "examples/articles/ledger-storm.txt",
            "outlet": "The Harbour Ledger",
            "title": "Storm breaks Port Tamsin sea wall",
            "published": "2026-10-31",
            "language": "en",
            "event": "e1",
            "duplicate_of": None,
            "credits": [],
        },
        {
            "id": "wire",
            "source": "feed.jsonl:1",
            "outlet": "Nordwire",
            "title": "Fifteen dead as Port Tamsin wall fails",
            "published": "2026-10-30T18:00:00Z",
            "language": "en",
            "event": "e1",
            "duplicate_of": None,
            "credits": [],
        },
        {
            "id": "copy",
            "source": "examples/articles/gazette-storm.txt",
            "outlet": "Hollin Gazette",
            "title": "Fifteen dead as Port Tamsin wall fails",
            "published": "2026-10-31",
            "language": "en",
            "event": "e1",
            "duplicate_of": "wire",
            "credits": ["Nordwire"],
        },
        {
            "id": "faro",
            "source": "examples/articles/faro-tormenta.txt",
            "outlet": "El Faro del Sur",
            "title": "La tormenta rompe el dique",
            "published": "2026-10-31",
            "language": "es",
            "event": "e1",
            "duplicate_of": None,
            "credits": [],
        },
        {
            "id": "lone",
            "source": "examples/articles/ferry-delay.txt",
            "outlet": None,
            "title": None,
            "published": None,
            "language": None,
            "event": "e2",
            "duplicate_of": None,
            "credits": [],
        },
    ]
    storm = {
        "id": "e1",
        "title": "Storm breaks the Port Tamsin sea wall",
        "date": "2026-10-30",
        "articles": ["wire", "ledger", "copy", "faro"],
        "outlets": ["Nordwire", "The Harbour Ledger", "Hollin Gazette", "El Faro del Sur"],
        "languages": ["en", "es"],
        "claims": [
            {
                "id": "c2",
                "text": "The wall was built in 1931.",
                "status": "single_source",
                "support": ["ledger"],
                "mentions": [mention("ledger", "The wall was built in 1931.")],
                "language": "en",
            },
            {
                "id": "c1",
                "text": "A storm broke the sea wall in Port Tamsin on Friday.",
                "status": "consensus",
                "support": ["wire", "ledger", "faro"],
                "mentions": [
                    mention("ledger", "A storm broke the sea wall in Port Tamsin on Friday."),
                    mention(
                        "wire", "The Port Tamsin sea wall gave way during the storm on Friday."
                    ),
                    mention(
                        "copy", "The Port Tamsin sea wall gave way during the storm on Friday."
                    ),
                    mention("faro", "La tormenta rompió el dique de Port Tamsin el viernes."),
                ],
                "language": "en",
            },
            {
                "id": "c3",
                "text": "Fifteen people were killed.",
                "status": "corroborated",
                "support": ["wire"],
                "mentions": [
                    mention("wire", "Fifteen people were killed."),
                    mention("copy", "Fifteen people were killed."),
                ],
                "language": "en",
            },
        ],
        "conflicts": [
            {
                "id": "k1",
                "about": "death toll",
                "claims": ["c3"],
                "values": [
                    {"value": "at least 12", "mentions": [mention("ledger", "At least 12")]},
                    {
                        "value": "15",
                        "mentions": [mention("wire", "Fifteen"), mention("copy", "Fifteen")],
                    },
                ],
            }
        ],
        "quotes": [
            {
                "id": "q2",
                "speaker": None,
                "text": "Nadie nos avisó",
                "support": ["faro"],
                "mentions": [mention("faro", "Nadie nos avisó")],
            },
            {
                "id": "q1",
                "speaker": "Ilse Varga",
                "text": "We will rebuild the wall before winter",
                "support": ["wire", "ledger", "faro"],
                "mentions": [
                    mention("ledger", "We will rebuild the wall before winter"),
                    mention("wire", "We will rebuild the wall before winter"),
                    mention("copy", "We will rebuild the wall before winter"),
                    mention("faro", "Reconstruiremos el dique antes del invierno"),
                ],
            },
        ],
        "timeline": [
            {
                "date": "2026-10-30",
                "end_date": None,
                "granularity": "day",
                "text": "A storm broke the sea wall in Port Tamsin on Friday.",
                "support": ["wire", "ledger", "faro"],
                "mentions": [
                    mention("ledger", "A storm broke the sea wall in Port Tamsin on Friday.")
                ],
            },
            {
                "date": "2026-11-09",
                "end_date": "2026-11-15",
                "granularity": "week",
                "text": "Repairs are planned for the week of 9 November.",
                "support": ["wire"],
                "mentions": [mention("wire", "Repairs are planned for the week of 9 November.")],
            },
        ],
        "summary": [
            {
                "text": "The Port Tamsin sea wall gave way during the storm on Friday.",
                "claim": "c1",
                "support": ["wire", "ledger", "faro"],
            },
            {"text": "Fifteen people were killed.", "claim": "c3", "support": ["wire"]},
        ],
        "problems": [],
    }
    ferry = {
        "id": "e2",
        "title": "A ferry was delayed in Hollin Bay",
        "date": None,
        "articles": ["lone"],
        "outlets": [],
        "languages": [],
        "claims": [
            {
                "id": "c1",
                "text": "A ferry was delayed in Hollin Bay.",
                "status": "single_source",
                "support": ["lone"],
                "mentions": [mention("lone", "A ferry was delayed in Hollin Bay.")],
            }
        ],
        "conflicts": [],
        "quotes": [],
        "timeline": [],
        "summary": [
            {"text": "A ferry was delayed in Hollin Bay.", "claim": "c1", "support": ["lone"]}
        ],
        "problems": [],
    }
    return {
        "schema": "accord.brief/1",
        "generated_at": "2026-11-01T08:00:00Z",
        "articles": articles,
        "events": [storm, ferry],
        "problems": [{"source": "examples/broken.bin", "reason": "binary file"}],
    }


def event_block(page: str, title: str) -> str:
    """The part of the page from the event's heading to the next event's."""
    start = page.index(f"## {escape(title)}\n")
    nxt = page.find("\n## ", start + 1)
    return page[start : nxt if nxt != -1 else len(page)]


def section(block: str, name: str) -> str:
    start = block.index(f"### {name}\n")
    nxt = block.find("\n### ", start + 1)
    return block[start : nxt if nxt != -1 else len(block)]


@pytest.fixture(scope="module")
def page() -> str:
    return render_markdown(make_document())


def test_the_hand_made_document_is_a_valid_brief() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if not SCHEMA.exists():
        pytest.skip("shared schema not present")
    jsonschema.validate(make_document(), json.loads(SCHEMA.read_text()))


def test_page_header_and_event_header(page: str) -> None:
    assert page.startswith("# News brief\n\ngenerated 2026-11-01T08:00:00Z · 2 events · 5 articles")
    storm = event_block(page, "Storm breaks the Port Tamsin sea wall")
    # the copy folds into its original: four articles, three independent outlets
    assert "2026-10-30 · 4 articles from 3 independent outlets · English, Spanish" in storm


def test_sections_come_in_reading_order(page: str) -> None:
    storm = event_block(page, "Storm breaks the Port Tamsin sea wall")
    headings = re.findall(r"^### (.+)$", storm, flags=re.MULTILINE)
    assert headings == [
        "Summary",
        "Agreed",
        "Reported by one source",
        "Conflicts",
        "Quotes",
        "Timeline",
        "Sources",
    ]


def test_summary_cites_sources_numbered_by_first_citation(page: str) -> None:
    storm = event_block(page, "Storm breaks the Port Tamsin sea wall")
    summary = section(storm, "Summary")
    assert (
        "The Port Tamsin sea wall gave way during the storm on Friday. [1][2][3] "
        "Fifteen people were killed. [1]"
    ) in summary
    sources = section(storm, "Sources")
    # wire, ledger, faro in the order of the first citation; the uncited copy after them
    order = re.findall(r"^- \[(\d+)\] (.+?) — ", sources, flags=re.MULTILINE)
    assert order == [
        ("1", "Nordwire"),
        ("2", "The Harbour Ledger"),
        ("3", "El Faro del Sur"),
        ("4", "Hollin Gazette"),
    ]


def test_agreed_lists_consensus_first_and_marks_it(page: str) -> None:
    agreed = section(event_block(page, "Storm breaks the Port Tamsin sea wall"), "Agreed")
    bullets = [line for line in agreed.splitlines() if line.startswith("- ")]
    assert bullets == [
        "- A storm broke the sea wall in Port Tamsin on Friday. — Nordwire, "
        "The Harbour Ledger, El Faro del Sur [1][2][3] **(consensus)**",
        "- Fifteen people were killed. — Nordwire [1]",
    ]


def test_single_source_details_are_kept(page: str) -> None:
    single = section(
        event_block(page, "Storm breaks the Port Tamsin sea wall"), "Reported by one source"
    )
    assert "- The wall was built in 1931. — The Harbour Ledger [2]" in single
    assert "Fifteen" not in single


def test_single_source_list_is_capped() -> None:
    document = make_document()
    lone = TEXTS["lone"]
    document["events"][1]["claims"] = [
        {
            "id": f"c{i}",
            "text": f"Detail number {i}.",
            "status": "single_source",
            "support": ["lone"],
            "mentions": [{"article": "lone", "text": lone[:5], "start": 0, "end": 5}],
        }
        for i in range(20)
    ]
    ferry = event_block(render_markdown(document), "A ferry was delayed in Hollin Bay")
    single = section(ferry, "Reported by one source")
    assert "Detail number 14." in single and "Detail number 15." not in single
    assert single.rstrip().endswith("- … and 5 more single-source details")
    small = render_markdown(document, max_single_source=19)
    assert "and 1 more single-source detail\n" in small


def test_conflict_shows_each_value_with_outlets_and_a_wording(page: str) -> None:
    conflicts = section(event_block(page, "Storm breaks the Port Tamsin sea wall"), "Conflicts")
    assert conflicts.splitlines()[2:5] == [
        "- **death toll**",
        "  - at least 12 — The Harbour Ledger [2]: “At least 12”",
        "  - 15 — Nordwire, Hollin Gazette [1][4]: “Fifteen”",
    ]


def test_quotes_grouped_by_speaker_with_translations(page: str) -> None:
    quotes = section(event_block(page, "Storm breaks the Port Tamsin sea wall"), "Quotes")
    lines = quotes.splitlines()
    varga, unattributed = lines.index("**Ilse Varga**"), lines.index("**Unattributed**")
    # a named speaker before the quotes nobody could be found to have said
    assert varga < unattributed
    assert lines[varga + 2 : varga + 4] == [
        "- “We will rebuild the wall before winter” — Nordwire, The Harbour Ledger, "
        "El Faro del Sur [1][2][3]",
        "  - “Reconstruiremos el dique antes del invierno” — El Faro del Sur (Spanish) [3]",
    ]
    # identical wordings are not repeated as "other wordings"
    assert quotes.count("We will rebuild") == 1
    assert lines[unattributed + 2] == "- “Nadie nos avisó” — El Faro del Sur [3]"


def test_timeline_dates_and_ranges(page: str) -> None:
    timeline = section(event_block(page, "Storm breaks the Port Tamsin sea wall"), "Timeline")
    assert (
        "- 2026-10-30 — A storm broke the sea wall in Port Tamsin on Friday. [1][2][3]" in timeline
    )
    assert (
        "- 2026-11-09 – 2026-11-15 (week) — Repairs are planned for the week of 9 November. [1]"
        in timeline
    )


@pytest.mark.parametrize(
    ("date", "end", "granularity", "expected"),
    [
        ("2026-10-30", None, "day", "2026-10-30"),
        ("2026-10-01", "2026-10-31", "month", "2026-10-01 – 2026-10-31 (month)"),
        ("2026-03-01", "2026-05-31", "season", "2026-03-01 – 2026-05-31 (season)"),
        ("2026-10-30", "2026-10-30", "day", "2026-10-30"),
        (None, None, None, "Undated"),
    ],
)
def test_format_when(
    date: str | None, end: str | None, granularity: str | None, expected: str
) -> None:
    assert format_when(date, end, granularity) == expected


def test_sources_mark_near_copies(page: str) -> None:
    sources = section(event_block(page, "Storm breaks the Port Tamsin sea wall"), "Sources")
    assert (
        "- [1] Nordwire — “Fifteen dead as Port Tamsin wall fails” (2026-10-30T18:00:00Z, English)"
        in sources
    )
    assert (
        "- [4] Hollin Gazette — “Fifteen dead as Port Tamsin wall fails” "
        "(2026-10-31, English, copy of [1])" in sources
    )
    assert "- [3] El Faro del Sur — “La tormenta rompe el dique” (2026-10-31, Spanish)" in sources


def test_copy_of_an_article_outside_the_event_still_points_at_a_listed_source() -> None:
    document = make_document()
    document["articles"][4]["duplicate_of"] = "ledger"
    ferry = event_block(render_markdown(document), "A ferry was delayed in Hollin Bay")
    sources = section(ferry, "Sources")
    assert "(date unknown, copy of [2])" in sources
    assert "- [2] The Harbour Ledger — " in sources


def test_event_of_one_article_with_missing_metadata(page: str) -> None:
    ferry = event_block(page, "A ferry was delayed in Hollin Bay")
    assert "Date unknown · 1 article from 1 independent outlet\n" in ferry
    # empty sections are left out altogether
    for name in ("Agreed", "Conflicts", "Quotes", "Timeline"):
        assert f"### {name}" not in ferry
    assert "A ferry was delayed in Hollin Bay. [1]" in section(ferry, "Summary")
    assert "- A ferry was delayed in Hollin Bay. — ferry-delay.txt [1]" in ferry
    # unknown outlet: the source file's name; no title, no date, no language
    assert "- [1] ferry-delay.txt — (untitled) (date unknown)" in section(ferry, "Sources")


def test_minimal_document_with_optional_fields_absent() -> None:
    document = {
        "schema": "accord.brief/1",
        "articles": [{"id": "a", "source": "https://news.example/2026/10/story/", "event": "e"}],
        "events": [
            {
                "id": "e",
                "title": "",
                "articles": ["a", "ghost"],
                "claims": [
                    {
                        "id": "c",
                        "text": "Something happened.",
                        "status": "single_source",
                        "support": [],
                        "mentions": [{"article": "a", "text": "Something"}],
                    }
                ],
                "conflicts": [],
                "quotes": [
                    {
                        "id": "q",
                        "speaker": "",
                        "text": "Hello",
                        "support": ["a"],
                        "mentions": [{"article": "a", "text": "Hello"}],
                    }
                ],
                "timeline": [{"date": None, "text": "Some time.", "support": []}],
                "summary": [],
            }
        ],
    }
    page = render_markdown(document)
    assert "## Untitled event" in page
    assert "### Summary" not in page
    # support empty: the mentions' articles are cited instead
    assert "- Something happened. — story [1]" in page
    assert "**Unattributed**" in page
    assert "- Undated — Some time.\n" in page
    # an id with no article record is still listed, under its id
    assert "- [2] ghost — (untitled) (date unknown)" in page
    assert "Inputs that could not be used" not in page


def test_problems_come_last(page: str) -> None:
    assert page.rstrip().endswith(
        "## Inputs that could not be used\n\n- examples/broken.bin: binary file"
    )
    document = make_document()
    document["events"][1]["problems"] = [{"source": "lone-empty.txt", "reason": "no sentences"}]
    ferry = event_block(render_markdown(document), "A ferry was delayed in Hollin Bay")
    assert "### Articles not used\n\n- lone-empty.txt: no sentences" in ferry


def test_output_is_deterministic(page: str) -> None:
    document = make_document()
    assert render_markdown(document) == page
    assert render_markdown(copy.deepcopy(document)) == render_markdown(document)
    assert render_markdown(document) == page  # the document was not changed by rendering


# --- Untrusted text --------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "[click here](javascript:alert(1))",
    "[click here](https://evil.example/x) and <https://evil.example>",
    "*em* and _em_ and `code`",
    "![x](javascript:alert(1))",
    "**bold** and __under__ and `code` and ~~gone~~",
    "# Heading\n## another\n- item\n> quote",
    "1. ordered",
    "1.5 million people",
    "2026) ordered too",
    "- a list",
    "+ a list",
    "=====",
    "---",
    "a | b | c\n---|---|---\nx | y | z",
    "<img src=x onerror=alert(1)>",
    "&lt;script&gt; &amp; &#60;",
    "trailing backslash \\",
    "<https://evil.example>",
    "[ref]: javascript:alert(1)\n[ref]",
    "price $200 and $300",
    "    indented code",
    "line\x00with\x1bcontrol",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_renders_literally(text: str) -> None:
    children = MD.parseInline(escape(text))[0].children
    assert [token.type for token in children] == ["text"]
    expected = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", " ".join(text.split()))
    assert children[0].content == expected


def hostile_document(text: str) -> dict[str, Any]:
    """Put `text` everywhere the document carries outside text."""
    document = make_document()
    for article in document["articles"]:
        article["title"] = text
        article["outlet"] = text
    storm = document["events"][0]
    storm["title"] = text
    storm["claims"][0]["text"] = text
    storm["claims"][1]["mentions"][0]["text"] = text
    storm["conflicts"][0]["about"] = text
    storm["conflicts"][0]["values"][0]["value"] = text
    storm["quotes"][0]["speaker"] = text
    storm["quotes"][1]["mentions"][3]["text"] = text
    storm["timeline"][0]["text"] = text
    storm["summary"][0]["text"] = text
    document["problems"][0]["reason"] = text
    return document


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_renders_as_text(text: str) -> None:
    page = render_markdown(hostile_document(text))
    assert "<" not in page
    html = MD.render(page)
    for tag in (
        "<script",
        "<img",
        "<a ",
        "<code",
        "<em>",
        "<s>",
        "<table",
        "<blockquote",
        "<h4",
        "<ol",
        "<pre",
        "<hr",
        "<br",
    ):
        assert tag not in html, (tag, text)
    # only our own markup: one h1, an h2 per event and one for the problems; bold for
    # the consensus mark, the conflict's subject and the two speakers
    plain = MD.render(render_markdown(make_document()))
    for tag in ("<h1>", "<h2>", "<h3>", "<strong>", "<li>"):
        assert html.count(tag) == plain.count(tag), (tag, text)


# Arbitrary text, with the characters that mean something to Markdown or HTML made
# common enough that random strings form emphasis, links, code and tags.
MARKUP_TEXT = st.text(
    st.one_of(st.sampled_from(list("*_[]()`<>&#|~$\\!-+=.:;1 \nab")), st.characters())
)


@settings(max_examples=150, deadline=None)
@given(MARKUP_TEXT)
def test_escape_is_literal_for_any_text(text: str) -> None:
    escaped = escape(text)
    assert "<" not in escaped and "\n" not in escaped
    children = MD.parseInline(escaped)[0].children
    content = "".join(token.content for token in children)
    assert all(token.type == "text" for token in children)
    assert content == re.sub(r"[\x00-\x1f\x7f-\x9f]", "", " ".join(text.split()))


@settings(max_examples=40, deadline=None)
@given(MARKUP_TEXT, st.text(max_size=40))
def test_any_text_in_claims_and_titles_never_breaks_the_page(text: str, other: str) -> None:
    document = hostile_document(text)
    document["events"][1]["claims"][0]["text"] = other
    document["events"][1]["title"] = other
    page = render_markdown(document)
    assert "<" not in page
    assert page == render_markdown(document)
    html = MD.render(page)
    assert "<script" not in html and "<a " not in html and "<img" not in html
    assert html.count("<h2>") == 3


def test_long_attributions_stay_readable() -> None:
    """A claim resting on many outlets names the first few and cites every article, with
    runs of numbers written as ranges."""
    lone = TEXTS["lone"]
    articles = [
        {"id": f"a{i}", "source": f"a{i}.txt", "outlet": f"Outlet {i}", "event": "e"}
        for i in range(10)
    ]
    wide = {
        "id": "c",
        "text": "Everyone says so.",
        "status": "consensus",
        "support": [f"a{i}" for i in (0, 1, 2, 3, 4, 5, 6, 8, 9)],
        "mentions": [{"article": "a0", "text": lone[:5], "start": 0, "end": 5}],
    }
    event = {
        "id": "e",
        "title": "Many outlets",
        "articles": [a["id"] for a in articles],
        "claims": [wide],
        "conflicts": [],
        "quotes": [],
        "timeline": [],
        "summary": [{"text": "Everyone says so.", "claim": "c", "support": ["a0", "a7"]}],
    }
    page = render_markdown({"schema": "accord.brief/1", "articles": articles, "events": [event]})
    assert "Everyone says so. [1][2]\n" in page
    assert (
        "- Everyone says so. — Outlet 0, Outlet 1, Outlet 2, Outlet 3, Outlet 4, Outlet 5 "
        "and 3 more [1][3]–[10] **(consensus)**"
    ) in page
    assert "- [2] Outlet 7 — (untitled) (date unknown)" in page
