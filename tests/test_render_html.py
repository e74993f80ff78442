"""The HTML brief and the app's pages (`accord.render.html`), checked on the parsed HTML.

The browser tests (tests/test_browser.py) click through a real page; here the markup
itself is checked: escaping of hostile and arbitrary text, chips that point at marks
holding exactly the cited text, the coverage matrix's rows and cells.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.render.html import (
    content_security_policy,
    highlight,
    mark_id,
    render_article_page,
    render_event_page,
    render_front_page,
    render_html,
    safe_url,
    time_gap,
)
from brief_documents import bare_event

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = (ROOT / "src" / "accord" / "render" / "static" / "brief.js").read_text(encoding="utf-8")

# --- A small DOM from the stdlib parser ------------------------------------------------

VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if n.tag == tag and (cls is None or cls in n.classes())]

    def by_id(self, ident: str) -> Node | None:
        return next((n for n in self.iter() if n.attrs.get("id") == ident), None)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.current = self.root
        self.all_attrs: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.all_attrs.append((tag, values))
        node = Node(tag, values, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        # An end tag with no open element is ignored; otherwise close up to it.
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(page: str) -> tuple[Node, list[tuple[str, dict[str, str]]]]:
    builder = _TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root, builder.all_attrs


# --- What "no executable markup" means --------------------------------------------------

# Elements that fetch, embed or run something: none may come from data.
FORBIDDEN_TAGS = frozenset(
    "img svg iframe object embed frame frameset math base link audio video source "
    "form-data applet template".split()
)
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data"})


def assert_inert(page: str) -> Node:
    """The page runs only its own nonce-carrying script and nothing from the data."""
    root, tags = parse(page)
    csp = next(
        a for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    nonce = re.search(r"'nonce-([^']+)'", csp["content"]).group(1)
    scripts = [a for t, a in tags if t == "script"]
    assert len(scripts) == 1 and scripts[0].get("nonce") == nonce and "src" not in scripts[0]
    styles = [a for t, a in tags if t == "style"]
    assert all(a.get("nonce") == nonce for a in styles)
    for tag, attrs in tags:
        assert tag not in FORBIDDEN_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert name != "style", tag
            if name in URL_ATTRIBUTES:
                scheme = re.sub(r"[\s\x00-\x1f]", "", value).lower()
                assert not scheme.startswith(("javascript:", "data:", "vbscript:")), value
                assert value.startswith(("#", "/", "http://", "https://", "?")), value
        if tag == "meta" and attrs.get("http-equiv"):
            assert attrs is csp or attrs.get("http-equiv") != "refresh"
    # The content of our one script is our own file, whatever the data.
    script = root.find_all("script")[0].text()
    assert script.strip() == SCRIPT.strip()
    return root


# --- Documents --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_document() -> dict[str, Any]:
    from accord.encode import CachedEncoder, get_encoder
    from accord.eval.examples_run import brief_examples

    return brief_examples(ROOT / "examples", encoder=CachedEncoder(get_encoder("use"), None))


def mention(article: dict[str, Any], phrase: str) -> dict[str, Any]:
    start = article["text"].index(phrase)
    return {"article": article["id"], "text": phrase, "start": start, "end": start + len(phrase)}


def article(ident: str, outlet: str | None, text: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": ident,
        "source": f"{ident}.txt",
        "outlet": outlet,
        "title": f"Title of {ident}",
        "published": "2026-03-02",
        "language": "en",
        "event": "ev1",
        "duplicate_of": None,
        "credits": [],
        "url": f"https://{ident}.example/story",
        "author": None,
        "text": text,
        **extra,
    }


def small_document() -> dict[str, Any]:
    """Three reports of an invented ferry fire: A and B independent, C a copy of A."""
    a = article(
        "a", "Alpha News", "The ferry caught fire near Dunmore on Tuesday. Nine crew were rescued."
    )
    b = article(
        "b",
        "Beta Times",
        "Fire broke out on the ferry near Dunmore on Tuesday. "
        'The captain said: "We got everyone off."',
    )
    c = article(
        "c",
        "Gamma Post",
        "The ferry caught fire near Dunmore on Tuesday. Nine crew were rescued, officials said.",
        duplicate_of="a",
    )
    fire_a = mention(a, "The ferry caught fire near Dunmore on Tuesday.")
    fire_b = mention(b, "Fire broke out on the ferry near Dunmore on Tuesday.")
    fire_c = mention(c, "The ferry caught fire near Dunmore on Tuesday.")
    crew_c = mention(c, "Nine crew were rescued, officials said.")
    quote_b = mention(b, "We got everyone off.")
    event = {
        "id": "ev1",
        "title": "Ferry fire near Dunmore",
        "date": "2026-03-01",
        "articles": ["a", "b", "c"],
        "outlets": ["Alpha News", "Beta Times", "Gamma Post"],
        "languages": ["en"],
        "claims": [
            {
                "id": "c2",
                "text": crew_c["text"],
                "status": "single_source",
                "support": ["a"],
                "mentions": [crew_c],
            },
            {
                "id": "c1",
                "text": fire_a["text"],
                "status": "consensus",
                "support": ["a", "b"],
                "mentions": [fire_a, fire_b, fire_c],
            },
        ],
        "conflicts": [
            {
                "id": "x1",
                "about": "crew rescued",
                "claims": ["c2"],
                "values": [
                    {"value": "9", "mentions": [crew_c]},
                    {"value": "all", "mentions": [quote_b]},
                ],
            },
        ],
        "quotes": [
            {
                "id": "q1",
                "speaker": "Captain Rhys Oduya",
                "text": quote_b["text"],
                "support": ["b"],
                "mentions": [quote_b],
            },
        ],
        "timeline": [
            {
                "date": "2026-03-01",
                "end_date": None,
                "granularity": "day",
                "text": fire_a["text"],
                "support": ["a", "b"],
                "mentions": [fire_a, fire_b],
            },
            {
                "date": "2026-03-01",
                "end_date": "2026-03-31",
                "granularity": "month",
                "text": "In March.",
                "support": ["b"],
                "mentions": [],
            },
        ],
        "summary": [
            {"text": fire_a["text"], "claim": "c1", "support": ["a", "b"]},
            {"text": crew_c["text"], "claim": "c2", "support": ["a"]},
        ],
        "problems": [{"source": "broken.html", "reason": "no text"}],
    }
    return {"schema": "accord.brief/1", "articles": [a, b, c], "events": [event], "problems": []}


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    "</textarea></style></script><script>alert(1)</script>",
    "{{ 7*7 }}{% raw %}",
]


def hostile_document() -> dict[str, Any]:
    document = small_document()
    evil = " ".join(HOSTILE)
    for item in document["articles"]:
        item["title"] = item["outlet"] = item["author"] = evil
        item["credits"] = [evil]
        item["url"] = "javascript:alert(1)"
        item["source"] = evil
    # Hostile text inside the article body, with a mention of it.
    body = document["articles"][1]
    prefix = body["text"] + " "
    body["text"] = prefix + evil
    hostile_mention = {
        "article": "b",
        "text": evil,
        "start": len(prefix),
        "end": len(prefix) + len(evil),
    }
    event = document["events"][0]
    event["title"] = evil
    event["outlets"] = [evil]
    event["languages"] = [evil]
    event["claims"][1]["mentions"].append(hostile_mention)
    event["claims"].append(
        {"id": evil, "text": evil, "status": evil, "support": ["b"], "mentions": [hostile_mention]}
    )
    event["quotes"][0]["speaker"] = evil
    event["conflicts"][0]["about"] = evil
    event["conflicts"][0]["values"][0]["value"] = evil
    event["timeline"][0]["date"] = evil
    event["timeline"][1]["granularity"] = evil
    event["problems"] = [{"source": evil, "reason": evil}]
    event["summary"].append({"text": evil, "claim": evil, "support": ["b"]})
    document["problems"] = [{"source": evil, "reason": evil}]
    document["generated_at"] = evil
    return document


def all_pages(document: dict[str, Any]) -> list[str]:
    pages = [render_html(document), render_front_page(document, document["events"], "<b>q</b>")]
    pages += [render_event_page(document, str(e["id"])) for e in document["events"]]
    pages += [render_article_page(document, str(a["id"])) for a in document["articles"]]
    return pages


# --- Chips and marks --------------------------------------------------------------------


def span_text(root: Node, ident: str) -> str:
    """The text of a cited span: its mark's pieces (named in data-mentions) joined."""
    index = getattr(root, "_pieces", None)
    if index is None:
        index = {}
        for mark in root.find_all("mark", "cited"):
            for name in mark.attrs.get("data-mentions", "").split():
                index.setdefault(name, []).append(mark)
        root._pieces = index  # type: ignore[attr-defined]
    return "".join(p.text() for p in index.get(ident, []))


def check_chips_point_at_marks(page: str, texts: dict[str, str]) -> int:
    root, _ = parse(page)
    chips = [c for c in root.find_all("a", "chip") if "data-start" in c.attrs]
    for chip in chips:
        article_id, start, end = (
            chip.attrs["data-article"],
            int(chip.attrs["data-start"]),
            int(chip.attrs["data-end"]),
        )
        ident = mark_id(article_id, start, end)
        mark = root.by_id(ident)
        assert mark is not None and mark.tag == "mark" and "cited" in mark.classes(), ident
        assert span_text(root, ident) == texts[article_id][start:end]
        assert unquote(chip.attrs["href"]) == "#" + ident
    return len(chips)


def test_the_example_brief_parses_and_shows_every_event(example_document: dict[str, Any]) -> None:
    page = render_html(example_document)
    root = assert_inert(page)
    headings = [h.text() for h in root.find_all("h2")]
    for event in example_document["events"]:
        assert event["title"] in headings
        section = root.by_id(f"event-{event['id']}")
        assert section is not None and section.tag == "section"
        assert len(section.find_all("span", "summary-sentence")) == len(event["summary"])
        timeline = section.find_all("ol", "timeline")
        assert len(timeline[0].find_all("li") if timeline else []) == len(event["timeline"])
        assert len(section.find_all("div", "conflict")) == len(event["conflicts"])
        assert len(section.find_all("figure", "quote")) == len(event["quotes"])
    texts = {a["id"]: a["text"] for a in example_document["articles"]}
    assert check_chips_point_at_marks(page, texts) > 50
    # One file holds every event, and every event has its claim c1: ids stay unique, so
    # each link lands in its own event.
    ids = [n.attrs["id"] for n in root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids)), [i for i in set(ids) if ids.count(i) > 1][:5]
    for link in root.find_all("a"):
        href = link.attrs.get("href", "")
        if href.startswith("#") and len(href) > 1:
            assert root.by_id(unquote(href[1:])) is not None, href
    # Every cited mention of every event is a mark holding exactly its text.
    for event in example_document["events"]:
        for claim in event["claims"]:
            for m in claim["mentions"]:
                ident = f"m-{m['article']}-{m['start']}-{m['end']}"
                assert span_text(root, ident) == m["text"]


def test_the_example_app_pages(example_document: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in example_document["articles"]}
    front = assert_inert(render_front_page(example_document, example_document["events"], None))
    links = [a.attrs["href"] for h in front.find_all("h2") for a in h.find_all("a")]
    assert len(links) == len(example_document["events"])
    assert all(link.startswith("/events/") for link in links)
    # Storyline chains link only to events the page lists.
    for chapter in front.find_all("a", "chapter"):
        assert chapter.attrs["href"] in links
    event = example_document["events"][0]
    root = assert_inert(render_event_page(example_document, event["id"]))
    assert root.find_all("h1")[0].text() == event["title"]
    chips = [c for c in root.find_all("a", "chip") if "data-start" in c.attrs]
    assert chips and all(c.attrs["href"].startswith("/articles/") for c in chips)
    article_id = chips[0].attrs["data-article"]
    page = render_article_page(example_document, article_id)
    article_root = assert_inert(page)
    marks = article_root.find_all("mark", "cited")
    assert marks
    for mark in marks:
        if "id" in mark.attrs:
            _, start, end = mark.attrs["id"].rsplit("-", 2)
            assert (
                span_text(article_root, mark.attrs["id"])
                == texts[article_id][int(start) : int(end)]
            )
    # Links back to the event's claims, on the event page.
    backs = [a.attrs["href"] for a in article_root.find_all("a") if "#claim-" in a.attrs["href"]]
    assert backs and all(h.startswith(f"/events/{event['id']}#claim-") for h in backs)
    for href in backs:
        assert root.by_id(href.split("#", 1)[1]) is not None


def test_pages_are_deterministic_for_a_given_nonce() -> None:
    document = small_document()
    nonce = "a" * 22
    page = render_html(document, nonce=nonce)
    assert page == render_html(document, nonce=nonce)
    _, tags = parse(page)
    policy = [a["content"] for t, a in tags if t == "meta" and "http-equiv" in a]
    assert policy == [content_security_policy(nonce)]
    assert render_event_page(document, "ev1", nonce=nonce) == render_event_page(
        document, "ev1", nonce=nonce
    )
    # Without one, or with one that could break out of the policy, each page gets its own.
    assert render_html(document) != render_html(document)
    assert "nonce-x' 'unsafe-inline" not in render_html(document, nonce="x' 'unsafe-inline")


def test_unknown_ids_raise_key_error() -> None:
    document = small_document()
    with pytest.raises(KeyError):
        render_event_page(document, "nope")
    with pytest.raises(KeyError):
        render_article_page(document, "nope")


# --- The coverage matrix ----------------------------------------------------------------


def test_the_matrix_has_a_row_per_claim_and_a_column_per_independent_source() -> None:
    document = small_document()
    root = assert_inert(render_html(document))
    table = root.find_all("table", "coverage")[0]
    headers = [th.text() for th in table.find_all("th", "outlet-head")]
    # C is a near-copy of A: folded into A's column.
    assert len(headers) == 2 and headers[0].startswith("Alpha News") and "near-cop" in headers[0]
    assert headers[1] == "Beta Times"
    rows = table.find_all("tbody")[0].find_all("tr")
    assert [r.attrs["id"] for r in rows] == ["claim-ev1-c1", "claim-ev1-c2"]  # consensus first
    cells = [[sorted(td.classes()) for td in r.find_all("td")] for r in rows]
    assert cells == [
        [["cell", "consensus"], ["cell", "consensus"]],
        [["cell", "single_source"], ["absent", "cell"]],
    ]
    # The single-source claim is stated in the copy C: its cell cites C, in A's column.
    chip = rows[1].find_all("td")[0].find_all("a", "chip")[0]
    assert chip.attrs["data-article"] == "c" and chip.text() == "3"


def test_summary_chips_cite_each_supporting_source() -> None:
    document = small_document()
    root = assert_inert(render_html(document))
    sentences = root.find_all("span", "summary-sentence")
    first = [(c.attrs["data-article"], c.text()) for c in sentences[0].find_all("a", "chip")]
    assert first == [("a", "1"), ("b", "2")]
    # Claim c2's support names the original A; the mention is in its copy C.
    second = [c.attrs["data-article"] for c in sentences[1].find_all("a", "chip")]
    assert second == ["c"]
    texts = {a["id"]: a["text"] for a in document["articles"]}
    assert check_chips_point_at_marks(render_html(document), texts) >= 8


def test_timeline_points_and_ranges_and_the_other_sections() -> None:
    root = assert_inert(render_html(small_document()))
    items = root.find_all("ol", "timeline")[0].find_all("li")
    assert [sorted(i.classes()) for i in items] == [["point"], ["range"]]
    assert [t.attrs["datetime"] for t in items[1].find_all("time")] == ["2026-03-01", "2026-03-31"]
    conflict = root.find_all("div", "conflict")[0]
    assert [p.text() for p in conflict.find_all("p", "figure")] == ["9", "all"]
    speaker = root.find_all("div", "speaker")[0]
    assert speaker.find_all("h4")[0].text() == "Captain Rhys Oduya"
    sources = root.find_all("section", "sources")[0]
    assert "near-copy of [1]" in sources.text()
    assert "no text" in root.find_all("section", "problems")[0].text()


def test_the_timeline_says_how_much_later_each_date_is() -> None:
    document = small_document()
    second = document["events"][0]["timeline"][1]
    second.update(date="2026-04-12", end_date=None)
    root = assert_inert(render_html(document))
    items = root.find_all("ol", "timeline")[0].find_all("li")
    assert [i.find_all("p", "gap") != [] for i in items] == [False, True]
    assert items[1].find_all("p", "gap")[0].text() == "6 weeks later"
    assert "gap-m" in items[1].classes()


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("2026-10-30", "2026-10-31", (None, "")),  # the next day: no gap worth a line
        ("2026-10-30", "2026-11-02", ("3 days later", "s")),
        ("2026-10-02", "2026-11-06", ("5 weeks later", "m")),
        ("2026-03-01", "2026-09-01", ("6 months later", "l")),
        ("1966-05-01", "2026-10-30", ("60 years later", "l")),
        ("2026-10", "2026-11-06", (None, "")),  # a month is not a day
        (None, "2026-11-06", (None, "")),
        ("2026-11-06", "2026-10-02", (None, "")),  # never "earlier"
    ],
)
def test_time_gap(before: str | None, after: str | None, expected: tuple) -> None:
    assert time_gap(before, after) == expected


def test_a_span_that_does_not_match_its_text_is_not_marked() -> None:
    document = small_document()
    claim = document["events"][0]["claims"][1]
    claim["mentions"][1] = {**claim["mentions"][1], "start": 0, "end": 5}  # text differs
    root, _ = parse(render_html(document))
    assert root.by_id("m-b-0-5") is None
    chips = [c for c in root.find_all("a", "chip") if c.attrs["data-article"] == "b"]
    assert chips and any("data-start" not in c.attrs for c in chips)


# --- Highlighting ------------------------------------------------------------------------


def unmark(markup: str) -> str:
    root, _ = parse(markup)
    return root.text()


def test_highlight_nests_and_cuts_crossing_spans() -> None:
    text = "abcdefghij"
    out = str(highlight(text, "x", {(0, 6): 1, (2, 4): 1, (5, 9): 1}))
    root, _ = parse(out)
    assert root.text() == text
    assert root.by_id("m-x-0-6").text() == "abcdef"
    assert root.by_id("m-x-2-4").parent.attrs["id"] == "m-x-0-6"  # nested
    assert span_text(root, "m-x-5-9") == "fghi"  # cut in two pieces
    assert len([m for m in root.find_all("mark") if "m-x-5-9" in m.attrs["data-mentions"]]) == 2


def test_highlight_escapes_the_text() -> None:
    out = str(highlight("<b>&amp;</b>", "x", {(0, 3): 1}))
    assert out.startswith(
        '<mark class="cited" id="m-x-0-3" data-mentions="m-x-0-3">&lt;b&gt;</mark>'
    )
    assert "<b>" not in out


spans_strategy = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), spans_strategy)
def test_highlight_keeps_the_text_and_every_span(text: str, pairs: list[tuple[int, int]]) -> None:
    spans = {(s, e): 1 for s, e in pairs if 0 <= s < e <= len(text)}
    out = str(highlight(text, "a", spans))
    root, _ = parse(out)
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    assert root.text().replace("\r\n", "\n").replace("\r", "\n") == normalised
    for start, end in spans:
        ident = f"m-a-{start}-{end}"
        assert root.by_id(ident) is not None
        got = span_text(root, ident).replace("\r\n", "\n").replace("\r", "\n")
        assert got == text[start:end].replace("\r\n", "\n").replace("\r", "\n")
    assert highlight(text, "a", spans) == out  # deterministic


# --- Safety -----------------------------------------------------------------------------


def test_safe_url_allows_only_plain_http_links() -> None:
    assert safe_url("https://example.org/a?b=c") == "https://example.org/a?b=c"
    for bad in [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JaVaScRiPt:x",
        "data:text/html,x",
        "//evil.example",
        "https://ex ample.org",
        'https://e.org/"onmouseover=x',
        "http:/nohost",
        None,
        42,
        "",
    ]:
        assert safe_url(bad) is None, bad


def test_a_hostile_document_yields_no_executable_markup() -> None:
    document = hostile_document()
    for page in all_pages(document):
        root = assert_inert(page)
        body = root.find_all("body")[0].text()
        assert "<script>alert(1)</script>" in body  # shown as text
        assert not any(a.attrs.get("href", "").startswith("javascript") for a in root.find_all("a"))
        assert "49" not in body or "{{ 7*7 }}" in body  # no template evaluation of data
    page = render_html(document)
    texts = {a["id"]: a["text"] for a in document["articles"]}
    assert check_chips_point_at_marks(page, texts) >= 1


text_field = st.text(max_size=30)
id_field = st.text(min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=text_field,
    outlet=text_field,
    claim=text_field,
    quote=text_field,
    body=text_field,
    speaker=text_field,
    url=text_field,
    ident=id_field,
    about=text_field,
    date=text_field,
)
def test_arbitrary_text_in_every_field_never_breaks_escaping(
    title: str,
    outlet: str,
    claim: str,
    quote: str,
    body: str,
    speaker: str,
    url: str,
    ident: str,
    about: str,
    date: str,
) -> None:
    document = copy.deepcopy(small_document())
    for item in document["articles"]:
        item.update(
            title=title, outlet=outlet, author=speaker, url=url, credits=[about], published=date
        )
    b = document["articles"][1]
    b["id"] = ident
    b["text"] = b["text"] + body
    event = document["events"][0]
    event.update(title=title, date=date, outlets=[outlet], languages=[about])
    event["articles"][1] = ident
    for group in ("claims", "quotes"):
        for item in event[group]:
            for m in item["mentions"]:
                if m["article"] == "b":
                    m["article"] = ident
    event["claims"][0]["text"] = claim
    event["claims"][0]["id"] = ident
    event["quotes"][0].update(text=quote, speaker=speaker)
    event["conflicts"][0]["about"] = about
    event["conflicts"][0]["values"][1]["mentions"][0]["article"] = ident
    event["timeline"][0]["mentions"][1]["article"] = ident
    event["summary"][0]["text"] = claim
    event["id"] = ident
    for article_ in document["articles"]:
        article_["event"] = ident
    pages = all_pages(document)
    for page in pages:
        assert_inert(page)
    root, _ = parse(pages[0])
    shown = root.find_all("body")[0].text()
    for value in (title, claim, quote, about):
        if value.strip() and "\r" not in value and "\x00" not in value:
            assert value in shown
    texts = {a["id"]: a["text"] for a in document["articles"]}
    if "\r" not in b["text"] and "\x00" not in b["text"]:
        check_chips_point_at_marks(pages[0], texts)


# --- What changed, and storylines --------------------------------------------------------

PREVIOUS_AT = "2026-03-01T10:00:00+00:00"


def changed_document(changes: Any = "default", previous: Any = "default") -> dict[str, Any]:
    """The ferry fire with changes since a previous brief, and a second event (the
    inquiry a week later) that continues it in a storyline."""
    document = small_document()
    event = document["events"][0]
    event["computed_at"] = "2026-03-02T08:00:00+00:00"
    event["changes"] = (
        {
            "new_claims": ["c2"],
            "gained_support": [
                {
                    "claim": "c1",
                    "text": "The ferry caught fire near Dunmore on Tuesday.",
                    "added": ["b"],
                    "status_before": "single_source",
                    "status": "consensus",
                }
            ],
            "new_conflicts": ["x1"],
            "new_quotes": ["q1"],
            "new_articles": ["b"],
        }
        if changes == "default"
        else changes
    )
    if previous == "default":
        event["previous"] = {"computed_at": PREVIOUS_AT}
    elif previous is not None:
        event["previous"] = previous
    d = article("d", "Delta Wire", "An inquiry into the Dunmore ferry fire opened on Monday.")
    d["event"] = "ev2"
    document["articles"].append(d)
    document["events"].append(
        bare_event("ev2", "Inquiry into the Dunmore ferry fire", "2026-03-09", ["d"])
    )
    document["storylines"] = [{"id": "story-ev1", "events": ["ev1", "ev2"], "names": ["Dunmore"]}]
    return document


def changes_section(root: Node, event_id: str) -> Node | None:
    section = root.by_id(f"event-{event_id}")
    assert section is not None
    found = section.find_all("section", "changes")
    return found[0] if found else None


def test_what_changed_lists_new_articles_claims_support_conflicts_and_quotes() -> None:
    document = changed_document()
    for page in (render_html(document), render_event_page(document, "ev1")):
        root = assert_inert(page)
        block = changes_section(root, "ev1")
        assert block is not None
        text = " ".join(block.text().split())
        assert "since 2026-03-01 10:00 UTC" in text
        assert block.find_all("time")[0].attrs["datetime"] == PREVIOUS_AT
        assert "1 new article" in text and "Beta Times" in text and "Title of b" in text
        assert "Nine crew were rescued, officials said." in text  # the new claim
        assert "now also reported by Beta Times" in text
        assert "(single source → consensus)" in text
        assert "crew rescued" in text  # the new conflict
        assert "Captain Rhys Oduya: We got everyone off." in text
        # Every link of the block goes to something on the same page.
        hrefs = [a.attrs["href"] for a in block.find_all("a")]
        expected = {"#claim-ev1-c2", "#claim-ev1-c1", "#conflict-ev1-x1", "#quote-ev1-q1"}
        assert expected | {"#source-ev1-2"} == set(hrefs)
        for href in hrefs:
            assert root.by_id(unquote(href[1:])) is not None, href
        # The block comes before the summary and the matrix.
        section = root.by_id("event-ev1")
        assert section is not None
        order = [n.attrs.get("class", "") for n in section.iter() if n.tag == "section"]
        assert order.index("changes") < order.index("summary")


def test_new_claims_carry_a_badge_in_the_matrix() -> None:
    root = assert_inert(render_html(changed_document()))
    new_row, old_row = root.by_id("claim-ev1-c2"), root.by_id("claim-ev1-c1")
    assert new_row is not None and old_row is not None
    assert [b.text() for b in new_row.find_all("span", "badge")] == ["new"]
    assert not old_row.find_all("span", "badge")


def test_without_the_previous_time_it_says_since_the_previous_brief() -> None:
    document = changed_document(previous=None)
    block = changes_section(assert_inert(render_event_page(document, "ev1")), "ev1")
    assert block is not None
    assert "since the previous brief" in " ".join(block.text().split())


@pytest.mark.parametrize(
    "changes",
    [
        None,
        {},
        {
            "new_claims": [],
            "gained_support": [],
            "new_conflicts": [],
            "new_quotes": [],
            "new_articles": [],
        },
        "not a dict",
        {"new_claims": "c2", "gained_support": [None, 3]},  # malformed: nothing to show
    ],
)
def test_absent_or_empty_changes_render_nothing(changes: Any) -> None:
    document = changed_document(changes=changes)
    if changes is None:
        del document["events"][0]["changes"]
    for page in (render_html(document), render_event_page(document, "ev1")):
        root = assert_inert(page)
        assert changes_section(root, "ev1") is None
        assert "What changed" not in root.find_all("main")[0].text()
        assert not root.find_all("span", "badge")


def test_changes_naming_unknown_items_show_them_unlinked() -> None:
    document = changed_document(
        changes={"new_claims": ["c9"], "new_articles": ["zz"], "new_quotes": ["q7"]}
    )
    root = assert_inert(render_html(document))
    block = changes_section(root, "ev1")
    assert block is not None
    assert not block.find_all("a")
    items = [" ".join(li.text().split()) for li in block.find_all("li")]
    assert "new c9" in items and "q7" in items  # the ids, for want of a text
    assert any(item.startswith("zz") for item in items)  # the article (outlet = its id)


def storyline_of(root: Node, container: Node | None = None) -> list[Node]:
    return (container or root).find_all("nav", "storyline")


def test_storylines_chain_the_events_in_the_file() -> None:
    root = assert_inert(render_html(changed_document()))
    index = root.find_all("nav", "index")[0]
    items = index.find_all("li")
    first, second = (storyline_of(root, item) for item in items[:2])
    assert len(first) == len(second) == 1
    chain = " ".join(first[0].text().split())
    assert "Part of a storyline (part 1 of 2; Dunmore)" in chain
    assert "Ferry fire near Dunmore → Inquiry into the Dunmore ferry fire" in chain
    # Links go to the other chapter only; the event itself is named, not linked.
    assert [a.attrs["href"] for a in first[0].find_all("a")] == ["#event-ev2"]
    assert [a.attrs["href"] for a in second[0].find_all("a")] == ["#event-ev1"]
    assert first[0].find_all("strong")[0].text() == "Ferry fire near Dunmore"
    # In the event's own section the chain carries dates.
    section = root.by_id("event-ev2")
    assert section is not None
    dated = " ".join(storyline_of(root, section)[0].text().split())
    assert "Ferry fire near Dunmore (2026-03-01) → Inquiry" in dated
    assert "(2026-03-09)" in dated


def test_storylines_on_the_front_page_and_the_event_page() -> None:
    document = changed_document()
    front = assert_inert(render_front_page(document, document["events"], None))
    chains = storyline_of(front)
    assert len(chains) == 2
    assert {a.attrs["href"] for c in chains for a in c.find_all("a")} == {
        "/events/ev1",
        "/events/ev2",
    }
    # A filtered front page still names the other chapter and links to it.
    only_second = assert_inert(render_front_page(document, document["events"][1:], "inquiry"))
    assert [a.attrs["href"] for a in storyline_of(only_second)[0].find_all("a")] == ["/events/ev1"]
    page = assert_inert(render_event_page(document, "ev1"))
    chain = " ".join(storyline_of(page)[0].text().split())
    assert "(2026-03-01)" in chain and "(2026-03-09)" in chain
    assert [a.attrs["href"] for a in storyline_of(page)[0].find_all("a")] == ["/events/ev2"]


def test_events_without_a_storyline_show_no_chain() -> None:
    document = changed_document()
    document["storylines"] = [
        {"id": "s", "events": ["ev1"], "names": []},  # one chapter: no chain
        {"id": "t", "events": "ev1 ev2"},  # malformed
        None,
    ]
    for page in all_pages(document):
        assert not storyline_of(assert_inert(page))
    document["storylines"] = [{"id": "s", "events": ["ev1", "gone"], "names": []}]
    root = assert_inert(render_html(document))
    chain = storyline_of(root)[0]
    assert not chain.find_all("a")  # the other chapter is not in the document
    assert "Untitled event" in chain.text()


def test_hostile_changes_and_storyline_names_are_escaped() -> None:
    evil = " ".join(HOSTILE)
    document = changed_document(
        changes={
            "new_claims": [evil, "c2"],
            "gained_support": [
                {
                    "claim": evil,
                    "text": evil,
                    "added": [evil, "b"],
                    "status_before": evil,
                    "status": evil + "!",
                }
            ],
            "new_conflicts": [evil],
            "new_quotes": [evil],
            "new_articles": [evil, "b"],
        },
        previous={"computed_at": evil},
    )
    document["events"][0]["computed_at"] = evil
    document["events"][1]["title"] = evil
    document["storylines"] = [{"id": evil, "events": ["ev1", "ev2", evil], "names": [evil]}]
    for page in all_pages(document):
        assert_inert(page)
    pages = [render_html(document), render_event_page(document, "ev1")]
    pages += [render_front_page(document, document["events"], None)]
    for page in pages:
        main = assert_inert(page).find_all("main")[0].text()
        assert "<script>alert(1)</script>" in main
        assert "49" not in main or "{{ 7*7 }}" in main  # no template evaluation of data
    root = assert_inert(render_html(document))
    block = changes_section(root, "ev1")
    assert block is not None and evil in block.text()
    assert evil in storyline_of(root)[0].text()


change_value = st.one_of(
    st.none(), st.integers(), st.text(max_size=20), st.sampled_from(["c1", "c2", "x1", "q1", "a"])
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.one_of(
        st.none(),
        st.text(max_size=10),
        st.dictionaries(
            st.sampled_from(
                ["new_claims", "gained_support", "new_conflicts", "new_quotes", "new_articles"]
            ),
            st.one_of(
                change_value,
                st.lists(change_value, max_size=3),
                st.lists(
                    st.dictionaries(
                        st.sampled_from(["claim", "text", "added", "status_before", "status"]),
                        st.one_of(change_value, st.lists(change_value, max_size=2)),
                    ),
                    max_size=2,
                ),
            ),
        ),
    ),
    story=st.lists(st.one_of(change_value, st.sampled_from(["ev1", "ev2"])), max_size=4),
    names=st.lists(st.text(max_size=10), max_size=2),
)
def test_arbitrary_changes_and_storylines_never_break_a_page(
    changes: Any, story: list[Any], names: list[str]
) -> None:
    document = changed_document(changes=changes)
    document["storylines"] = [{"id": "s", "events": story, "names": names}]
    for page in all_pages(document):
        assert_inert(page)
    # Deterministic for a given nonce.
    nonce = "fixed-nonce-0123456789"
    assert render_html(document, nonce=nonce) == render_html(document, nonce=nonce)
