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
)

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
    # Every cited mention of every event is a mark holding exactly its text.
    for event in example_document["events"]:
        for claim in event["claims"]:
            for m in claim["mentions"]:
                ident = f"m-{m['article']}-{m['start']}-{m['end']}"
                assert span_text(root, ident) == m["text"]


def test_the_example_app_pages(example_document: dict[str, Any]) -> None:
    texts = {a["id"]: a["text"] for a in example_document["articles"]}
    front = assert_inert(render_front_page(example_document, example_document["events"], None))
    links = [a.attrs["href"] for a in front.find_all("a") if a.attrs["href"].startswith("/events/")]
    assert len(links) == len(example_document["events"])
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
    assert [r.attrs["id"] for r in rows] == ["claim-c1", "claim-c2"]  # consensus first
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
