"""The web app through FastAPI's test client: the JSON API, search, pages, errors, headers.

The example corpus is briefed once per module (as `accord serve` does at start-up); small
invented documents test ranking and hostile input.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from accord.encode import CachedEncoder, get_encoder
from accord.eval.examples_run import brief_examples
from accord.web import create_app
from accord.web.app import STRICT_CSP, page_csp
from accord.web.search import SearchIndex, fold, order_events, query_tokens

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SCHEMA_PATH = ROOT.parent / "shared" / "schema" / "brief.schema.json"
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
# A path segment cannot hold "/", so the hostile id does without a closing tag.
HOSTILE_ID = '<script>alert(1)<script>"><img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return brief_examples(EXAMPLES, encoder=CachedEncoder(get_encoder("use"), None))


@pytest.fixture(scope="module")
def client(document: dict[str, Any]) -> TestClient:
    # The app must not change the document it serves: give it a copy and compare later.
    return TestClient(create_app(copy.deepcopy(document)))


@pytest.fixture(scope="module")
def event_validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft202012Validator({"$ref": "#/$defs/event", "$defs": schema["$defs"]})


def biggest_event(document: dict[str, Any]) -> dict[str, Any]:
    return max(document["events"], key=lambda e: (len(e["articles"]), e["id"]))


def cited_article(document: dict[str, Any]) -> str:
    """An article that some claim of the biggest event cites."""
    return biggest_event(document)["claims"][0]["mentions"][0]["article"]


# --- The JSON API ----------------------------------------------------------------------


def test_event_list_is_newest_first_then_most_covered(
    client: TestClient, document: dict[str, Any]
) -> None:
    response = client.get("/api/events")
    assert response.status_code == 200
    listed = response.json()
    assert sorted(e["id"] for e in listed) == sorted(e["id"] for e in document["events"])
    by_id = {e["id"]: e for e in document["events"]}
    for item in listed:
        event = by_id[item["id"]]
        assert set(item) == {"id", "title", "date", "articles", "outlets", "languages"}
        assert item["title"] == event["title"] and item["date"] == event["date"]
        assert item["articles"] == len(event["articles"])
        assert item["outlets"] == event["outlets"] and item["languages"] == event["languages"]
    keys = [(e["date"] or "", e["articles"]) for e in listed]
    assert keys == sorted(keys, key=lambda k: (k[0], k[1]), reverse=True)


def test_every_event_is_served_exactly_as_in_the_document(
    client: TestClient, document: dict[str, Any], event_validator: Draft202012Validator
) -> None:
    for event in document["events"]:
        response = client.get(f"/api/events/{event['id']}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        payload = response.json()
        assert payload == event
        errors = sorted(event_validator.iter_errors(payload), key=str)
        assert not errors, errors[0].message


def test_article_comes_with_its_text_and_every_mention_citing_it(
    client: TestClient, document: dict[str, Any]
) -> None:
    article_id = cited_article(document)
    article = next(a for a in document["articles"] if a["id"] == article_id)
    payload = client.get(f"/api/articles/{article_id}").json()
    mentions = payload.pop("mentions")
    assert payload == article  # the document's own object, text included
    assert mentions, "a cited article lists what cites it"
    expected = set()
    for event in document["events"]:
        for claim in event["claims"]:
            for m in claim["mentions"]:
                if m["article"] == article_id:
                    expected.add(("claim", event["id"], claim["id"], m["start"], m["end"]))
        for number, dated in enumerate(event["timeline"], 1):
            for m in dated["mentions"]:
                if m["article"] == article_id:
                    expected.add(("timeline", event["id"], str(number), m["start"], m["end"]))
    got = {(m["kind"], m["event"], m["id"], m["start"], m["end"]) for m in mentions}
    assert expected <= got
    assert {m["kind"] for m in mentions} <= {"claim", "quote", "conflict", "timeline"}
    for m in mentions:
        assert article["text"][m["start"] : m["end"]] == m["text"]
        assert m["href"].startswith(f"/events/{m['event']}#")
    starts = [(m["start"], m["end"]) for m in mentions]
    assert starts == sorted(starts)


def test_search_finds_by_title_claim_and_text_and_misses(
    client: TestClient, document: dict[str, Any]
) -> None:
    event = biggest_event(document)
    word = max(re.findall(r"\w{6,}", event["title"]), key=len)
    hits = client.get("/api/events", params={"q": word.upper()}).json()
    assert hits and hits[0]["id"] == event["id"]
    assert client.get("/api/events", params={"q": "zqxjvw kplorg"}).json() == []
    assert client.get("/api/events", params={"q": "?!…"}).json() == []
    every = client.get("/api/events").json()
    assert client.get("/api/events", params={"q": "  "}).json() == every


def test_search_folds_accents_and_case(client: TestClient) -> None:
    # The example corpus has a Spanish report of the Vienna accord ("Viena").
    plain = client.get("/api/events", params={"q": "viena"}).json()
    assert plain
    for variant in ("VIENA", "Viéna", "ViEnA"):
        assert client.get("/api/events", params={"q": variant}).json() == plain


def test_unknown_ids_are_404_json_on_the_api(client: TestClient) -> None:
    for path in ("/api/events/no-such-event", "/api/articles/no-such-article", "/api/nothing"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/json")
        assert "detail" in response.json()


def test_openapi_documents_the_api_with_models(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {
        "/api/events",
        "/api/events/{event_id}",
        "/api/articles/{article_id}",
        "/api/storylines",
    }
    schemas = spec["components"]["schemas"]
    expected = {"EventModel", "EventListItem", "ArticleModel", "CitingMention", "StorylineModel"}
    assert expected <= set(schemas)


def test_the_api_docs_are_served_from_this_server(client: TestClient) -> None:
    """Swagger UI from the installed bundle: accord runs offline, a CDN would blank it."""
    page = client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert sources and all(not s.startswith(("http:", "https:", "//")) for s in sources)
    for source in sources:
        if source.startswith("/"):
            assert client.get(source).status_code == 200, source
    assert "/openapi.json" in page.text
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "https:" not in policy
    assert client.get("/redoc").status_code == 404  # ReDoc only comes from a CDN


# --- Headers and error pages -----------------------------------------------------------


def test_security_headers_on_api_and_errors(client: TestClient) -> None:
    for path in ("/api/events", "/api/events/nope", "/events/nope", "/nowhere"):
        response = client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_unknown_ids_are_404_html_pages_with_the_id_escaped(client: TestClient) -> None:
    for path in ("/events/", "/articles/"):
        response = client.get(path + HOSTILE_ID)
        assert response.status_code == 404
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.headers["content-security-policy"] == STRICT_CSP
        assert "<script>" not in response.text and "<img" not in response.text
        assert "&lt;script&gt;" in response.text


def test_page_policy_header_repeats_the_page_meta_policy() -> None:
    page = (
        '<!doctype html><head><meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; script-src 'nonce-abc'\"></head>"
    )
    assert page_csp(page) == "default-src 'none'; script-src 'nonce-abc'; frame-ancestors 'none'"
    escaped = page.replace("'", "&#39;")
    assert page_csp(escaped) == page_csp(page)
    assert page_csp("<p>no policy here</p>") == STRICT_CSP


# --- Pages (rendered by accord.render.html) ------------------------------------------------


def nonces(page: str) -> set[str]:
    return set(re.findall(r'<(?:script|style)[^>]*\snonce="([^"]+)"', page))


def test_pages_are_html_with_their_own_policy(client: TestClient, document: dict[str, Any]) -> None:
    event = biggest_event(document)
    article_id = cited_article(document)
    for path in ("/", f"/events/{event['id']}", f"/articles/{article_id}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        policy = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
        for nonce in nonces(response.text):
            assert f"'nonce-{nonce}'" in policy
        assert "unsafe-inline" not in policy.split("script-src", 1)[-1].split(";")[0]
    assert f'id="event-{event["id"]}"' in client.get(f"/events/{event['id']}").text
    assert 'class="cited' in client.get(f"/articles/{article_id}").text


def test_front_page_lists_events_and_searches(client: TestClient, document: dict[str, Any]) -> None:
    page = client.get("/").text
    for event in document["events"]:
        assert f"/events/{event['id']}" in page
    event = biggest_event(document)
    word = max(re.findall(r"\w{6,}", event["title"]), key=len)
    found = client.get("/", params={"q": word}).text
    assert f"/events/{event['id']}" in found
    others = [e for e in document["events"] if word.casefold() not in json.dumps(e).casefold()]
    for other in others:
        assert f"/events/{other['id']}" not in found


def test_hostile_query_is_echoed_escaped(client: TestClient) -> None:
    response = client.get("/", params={"q": HOSTILE})
    assert response.status_code == 200
    page = response.text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert client.get("/api/events", params={"q": HOSTILE}).json() == []


def test_mention_links_lead_to_the_anchor_on_the_event_page(
    client: TestClient, document: dict[str, Any]
) -> None:
    article_id = cited_article(document)
    mentions = client.get(f"/api/articles/{article_id}").json()["mentions"]
    pages: dict[str, str] = {}
    for m in mentions:
        path, anchor = m["href"].split("#", 1)
        if path not in pages:
            pages[path] = client.get(path).text
        assert f'id="{anchor}"' in pages[path], m["href"]


def test_the_served_document_is_left_unchanged(
    client: TestClient, document: dict[str, Any]
) -> None:
    for path in ("/", "/api/events", f"/api/articles/{cited_article(document)}"):
        client.get(path, params={"q": "storm"})
    assert client.app.state.briefs.current().document == document


# --- A hostile article, served --------------------------------------------------------------


def hostile_document() -> dict[str, Any]:
    """An invented article whose every field tries to become markup or script."""
    text = f'Officials said {HOSTILE} was found. <a href="javascript:alert(3)">see</a>'
    start = text.index(HOSTILE)
    mention = {"article": "evil", "text": HOSTILE, "start": start, "end": start + len(HOSTILE)}
    article = {
        "id": "evil",
        "source": "evil.html",
        "outlet": "<b>Outlet</b>",
        "title": f"<h1>{HOSTILE}</h1>",
        "published": "2026-01-02",
        "language": "en",
        "event": "ev1",
        "duplicate_of": None,
        "credits": ["<i>AFP</i>"],
        "url": "javascript:alert(4)",
        "author": HOSTILE,
        "text": text,
    }
    event = {
        "id": "ev1",
        "title": f"<h1>{HOSTILE}</h1>",
        "date": "2026-01-02",
        "articles": ["evil"],
        "outlets": ["<b>Outlet</b>"],
        "languages": ["en"],
        "claims": [
            {
                "id": "c1",
                "text": HOSTILE,
                "status": "single_source",
                "support": ["evil"],
                "mentions": [mention],
            }
        ],
        "conflicts": [],
        "quotes": [
            {
                "id": "q1",
                "speaker": HOSTILE,
                "text": HOSTILE,
                "support": ["evil"],
                "mentions": [mention],
            }
        ],
        "timeline": [],
        "summary": [{"text": HOSTILE, "claim": "c1", "support": ["evil"]}],
        "problems": [],
    }
    return {"schema": "accord.brief/1", "articles": [article], "events": [event], "problems": []}


def test_hostile_article_never_becomes_markup() -> None:
    client = TestClient(create_app(hostile_document()))
    for path in ("/", "/events/ev1", "/articles/evil", "/?q=officials"):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.text
        assert "<script>alert" not in page, path
        assert "<img" not in page, path  # the escaped text shows as &lt;img ...
        assert 'href="javascript:' not in page.casefold(), path
        assert "<h1><script>" not in page and "<b>Outlet</b>" not in page, path
    api = client.get("/api/articles/evil").json()
    assert api["title"] == f"<h1>{HOSTILE}</h1>"  # JSON carries the data as data
    assert [m["kind"] for m in api["mentions"]] == ["claim", "quote"]


# --- Search, alone -------------------------------------------------------------------------


def small_event(eid: str, title: str, claim: str, date: str | None, n: int = 1) -> dict[str, Any]:
    return {
        "id": eid,
        "title": title,
        "date": date,
        "articles": [f"{eid}-a{i}" for i in range(n)],
        "claims": [{"id": "c1", "text": claim}],
        "quotes": [],
    }


def small_document() -> dict[str, Any]:
    events = [
        small_event("e-text", "Harbour reopens", "Ships return.", "2026-03-05"),
        small_event("e-claim", "Council meets", "The ferry to Ålesund resumes.", "2026-03-01"),
        small_event("e-title", "Ferry strike ends", "Crews return.", "2026-02-01"),
        small_event("e-title-new", "Ferry fares rise", "Prices up.", "2026-02-10", n=2),
        small_event("e-undated", "Ferry museum opens", "Visitors come.", None, n=9),
    ]
    articles = [
        {
            "id": a,
            "title": None,
            "text": "The old ferry was repaired." if e["id"] == "e-text" else "Nothing.",
        }
        for e in events
        for a in e["articles"]
    ]
    return {"articles": articles, "events": events}


def test_search_ranks_title_then_claim_then_text_then_recency() -> None:
    index = SearchIndex(small_document())
    ranked = [e["id"] for e in index.search("ferry")]
    assert ranked == ["e-title-new", "e-title", "e-undated", "e-claim", "e-text"]
    assert [e["id"] for e in index.search("alesund FERRY")] == ["e-claim"]
    assert index.search("ferry zebra") == []


def test_order_is_newest_then_most_covered_then_id() -> None:
    events = [
        small_event("b", "x", "x", "2026-01-01", n=1),
        small_event("a", "x", "x", "2026-01-01", n=1),
        small_event("c", "x", "x", "2026-01-01", n=3),
        small_event("d", "x", "x", "2026-01-02T08:00:00", n=1),
        small_event("e", "x", "x", None, n=5),
    ]
    assert [e["id"] for e in order_events(events)] == ["d", "c", "a", "b", "e"]


def test_fold_drops_case_and_accents() -> None:
    assert fold("ÉCOLE Straße Ålesund") == "ecole strasse alesund"
    assert query_tokens("Viena, VIENA viéna!") == ["viena"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_search_never_crashes_and_is_deterministic(query: str) -> None:
    document = small_document()
    index = SearchIndex(document)
    first = index.search(query)
    assert [e["id"] for e in first] == [e["id"] for e in SearchIndex(document).search(query)]
    ids = [e["id"] for e in first]
    assert len(ids) == len(set(ids)) and set(ids) <= {e["id"] for e in document["events"]}
    assert fold(fold(query)) == fold(query)


HOSTILE_CLIENT = TestClient(create_app(hostile_document()))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_api_answers_any_query(query: str) -> None:
    response = HOSTILE_CLIENT.get("/api/events", params={"q": query})
    assert response.status_code == 200
    assert {e["id"] for e in response.json()} <= {"ev1"}


def test_a_failing_page_is_a_plain_500_with_no_detail(monkeypatch: pytest.MonkeyPatch) -> None:
    from accord.render import html as pages

    def broken(*_args: Any) -> str:
        raise RuntimeError("secret <b>detail</b>")

    monkeypatch.setattr(pages, "render_event_page", broken)
    client = TestClient(create_app(hostile_document()), raise_server_exceptions=False)
    response = client.get("/events/ev1")
    assert response.status_code == 500
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == STRICT_CSP
    assert "secret" not in response.text
    assert client.get("/api/events/ev1").status_code == 200  # the API does not use pages


WORDS = "ferry Ferry ÅLESUND harbour ships crews museum fares old repaired nothing zebra".split()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), st.sampled_from(" ,;-"))
def test_search_returns_exactly_the_events_holding_every_word(
    words: list[str], separator: str
) -> None:
    document = small_document()
    texts = {a["id"]: a["text"] for a in document["articles"]}
    wanted = {fold(w) for w in words}
    expected = set()
    for event in document["events"]:
        everything = " ".join(
            [event["title"], *(c["text"] for c in event["claims"])]
            + [texts[a] for a in event["articles"]]
        )
        if wanted <= set(re.findall(r"\w+", fold(everything))):
            expected.add(event["id"])
    found = [e["id"] for e in SearchIndex(document).search(separator.join(words))]
    assert set(found) == expected and len(found) == len(expected)
