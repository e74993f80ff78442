"""Storylines in the web app: the /storylines page, /api/storylines, the links to them from
the front page and the event pages, and storylines linked over a store (`accord serve
--db`, `accord brief --db`).

The example corpus holds one storyline: the Geneva talks on the Selva River that failed
(2 October 2026) and the accord signed in Vienna five weeks later (6 November). Small
invented documents test hostile titles and ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import lxml.html
import pytest
from fastapi.testclient import TestClient

from accord.cli import build_parser, main
from accord.cli_common import UsageError
from accord.cli_serve import live_store_app, serve_app
from accord.encode import CachedEncoder, get_encoder
from accord.eval.examples_run import brief_examples
from accord.feeds import Fetcher
from accord.store import Store, open_store
from accord.watch import run_cycle, stored_brief_document
from accord.web import create_app
from accord.web.app import LiveBriefs
from brief_documents import bare_event

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ARTICLES = EXAMPLES / "articles"
GENEVA = "Valdoria and Kessmark leaders fail to reach deal on Selva River in Geneva"
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(get_encoder("use"), None)


@pytest.fixture(scope="module")
def document(encoder: CachedEncoder) -> dict[str, Any]:
    return brief_examples(EXAMPLES, encoder=encoder)


@pytest.fixture(scope="module")
def client(document: dict[str, Any]) -> TestClient:
    return TestClient(create_app(document))


def parse(page: str) -> Any:
    return lxml.html.fromstring(page)


def words(node: Any) -> str:
    return " ".join(node.text_content().split())


def story_element(root: Any, story_id: str) -> Any:
    """The element an event page's link `/storylines#<anchor>` leads to."""
    (found,) = root.xpath("//*[@id=$id]", id=story_id)
    return found


def chapters(story: Any) -> list[Any]:
    return story.xpath(".//li[contains(concat(' ', @class, ' '), ' chapter ')]")


def assert_one_own_script(response: Any) -> None:
    """The page runs its own nonce-carrying script and nothing else."""
    root = parse(response.text)
    scripts = root.xpath("//script")
    assert len(scripts) == 1 and scripts[0].get("src") is None
    nonce = scripts[0].get("nonce")
    assert nonce and f"'nonce-{nonce}'" in response.headers["content-security-policy"]
    assert not root.xpath("//img | //iframe | //object | //embed | //@*[starts-with(name(), 'on')]")


# --- The example corpus ------------------------------------------------------------------


def test_the_examples_hold_the_geneva_to_vienna_storyline(document: dict[str, Any]) -> None:
    # What the pages below show: asserted here so a change in the linking says so plainly.
    titles = {e["id"]: e["title"] for e in document["events"]}
    (story,) = document["storylines"]
    assert [titles[e] for e in story["events"]] == [
        GENEVA,
        "Valdoria, Kessmark sign Selva River water deal in Vienna",
    ]


def test_the_storylines_page_shows_each_chain_in_date_order(
    client: TestClient, document: dict[str, Any]
) -> None:
    response = client.get("/storylines")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["x-frame-options"] == "DENY"
    assert_one_own_script(response)
    root = parse(response.text)
    events = {e["id"]: e for e in document["events"]}
    (story,) = document["storylines"]
    element = story_element(root, story["id"])
    shown = chapters(element)
    assert len(shown) == len(story["events"]) == 2
    dates = []
    for item, event_id in zip(shown, story["events"], strict=True):
        event = events[event_id]
        (link,) = item.xpath(".//a")
        assert link.get("href") == f"/events/{quote(event_id, safe='')}"
        assert words(link) == event["title"]
        (time,) = item.xpath(".//time")
        assert time.get("datetime") == event["date"] == words(time)
        dates.append(event["date"])
        n, m = len(event["articles"]), len(event["outlets"])
        assert f"{n} articles · {m} outlets" in words(item)
    assert dates == sorted(dates) == ["2026-10-02", "2026-11-06"]
    text = words(element)
    assert "2 events · 2026-10-02 to 2026-11-06" in text
    assert "Arveld" in text and "Selva" in text  # the names the chapters share
    # Events in no storyline are not on the page.
    in_story = set(story["events"])
    for event in document["events"]:
        if event["id"] not in in_story:
            assert f"/events/{quote(event['id'], safe='')}" not in response.text


def test_every_link_of_the_storylines_page_resolves(client: TestClient) -> None:
    root = parse(client.get("/storylines").text)
    hrefs = {a.get("href") for a in root.xpath("//a[@href]")}
    assert "/" in hrefs and len(hrefs) >= 4  # home, the skip link, two chapters
    for href in hrefs:
        if href.startswith("#"):
            assert root.xpath("//*[@id=$id]", id=unquote(href[1:])), href
            continue
        assert client.get(urlsplit(href).path).status_code == 200, href


def test_api_lists_the_storylines_with_their_events(
    client: TestClient, document: dict[str, Any]
) -> None:
    response = client.get("/api/storylines")
    assert response.status_code == 200
    events = {e["id"]: e for e in document["events"]}
    expected = [
        {
            "id": story["id"],
            "names": story["names"],
            "events": [
                {"id": e, "title": events[e]["title"], "date": events[e]["date"]}
                for e in story["events"]
            ],
        }
        for story in document["storylines"]
    ]
    assert response.json() == expected
    assert [e["date"] for e in expected[0]["events"]] == ["2026-10-02", "2026-11-06"]
    spec = client.get("/openapi.json").json()
    assert "/api/storylines" in spec["paths"]
    assert {"StorylineModel", "StorylineEventModel"} <= set(spec["components"]["schemas"])


def test_the_front_page_links_to_the_storylines_with_their_count(client: TestClient) -> None:
    root = parse(client.get("/").text)
    (nav,) = root.xpath("//nav[contains(@class, 'site-nav')]")
    (link,) = nav.xpath(".//a")
    assert link.get("href") == "/storylines" and words(link) == "Storylines"
    assert words(nav) == "Storylines (1)"
    assert client.get(link.get("href")).status_code == 200


def test_each_chapter_page_links_to_its_story(client: TestClient, document: dict[str, Any]) -> None:
    (story,) = document["storylines"]
    target = f"/storylines#{quote(story['id'], safe='')}"
    storylines_page = parse(client.get("/storylines").text)
    for event in document["events"]:
        page = parse(client.get(f"/events/{quote(event['id'], safe='')}").text)
        links = page.xpath("//*[contains(@class, 'storyline-more')]//a")
        if event["id"] not in story["events"]:
            assert not links and not page.xpath("//nav[contains(@class, 'storyline')]")
            continue
        (link,) = links
        assert link.get("href") == target
        fragment = unquote(urlsplit(link.get("href")).fragment)
        assert story_element(storylines_page, fragment) is not None


# --- Invented documents ------------------------------------------------------------------


def ferry_document() -> dict[str, Any]:
    """A ferry fire, the inquiry a week later (one storyline), and an unrelated event."""
    articles = [
        {
            "id": aid,
            "source": f"{aid}.txt",
            "outlet": "Delta Wire",
            "title": title,
            "published": date,
            "language": "en",
            "event": eid,
            "duplicate_of": None,
            "credits": [],
            "text": f"{title}. Officials in Dunmore said so on the day.",
        }
        for aid, eid, title, date in [
            ("a1", "ev1", "Ferry fire near Dunmore", "2026-03-01"),
            ("a2", "ev2", "Inquiry into the Dunmore ferry fire", "2026-03-09"),
            ("a3", "ev3", "Tram line opens in Tarvik", "2026-03-05"),
        ]
    ]
    return {
        "schema": "accord.brief/1",
        "articles": articles,
        "events": [
            bare_event("ev1", "Ferry fire near Dunmore", "2026-03-01", ["a1"]),
            bare_event("ev2", "Inquiry into the Dunmore ferry fire", "2026-03-09", ["a2"]),
            bare_event("ev3", "Tram line opens in Tarvik", "2026-03-05", ["a3"]),
        ],
        "storylines": [{"id": "story-ev1", "events": ["ev1", "ev2"], "names": ["dunmore"]}],
        "problems": [],
    }


def test_hostile_titles_names_and_ids_are_escaped() -> None:
    document = ferry_document()
    document["events"][0]["title"] = HOSTILE
    story_id = f"story {HOSTILE}"
    document["storylines"] = [{"id": story_id, "events": ["ev1", "ev2"], "names": [HOSTILE]}]
    client = TestClient(create_app(document))
    for path in ("/", "/storylines", "/events/ev1", "/events/ev2"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<script>alert" not in response.text and "<img" not in response.text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text, path
        assert_one_own_script(response)
    page = parse(client.get("/storylines").text)
    (link,) = parse(client.get("/events/ev2").text).xpath(
        "//*[contains(@class, 'storyline-more')]//a"
    )
    # The id (spaces and all) is the anchor, percent-encoded in the link.
    path, fragment = link.get("href").split("#", 1)
    assert path == "/storylines" and " " not in fragment and "<" not in fragment
    element = story_element(page, unquote(fragment))
    assert HOSTILE in words(element)  # the title and the shared name, as text
    assert [words(a) for a in element.xpath(".//a")] == [
        HOSTILE,
        "Inquiry into the Dunmore ferry fire",
    ]
    (story,) = client.get("/api/storylines").json()
    assert story["id"] == story_id and story["names"] == [HOSTILE]  # data stays data
    assert story["events"][0] == {"id": "ev1", "title": HOSTILE, "date": "2026-03-01"}


def test_chapters_the_document_lacks_are_named_not_linked() -> None:
    document = ferry_document()
    document["storylines"] = [
        {"id": "s1", "events": ["ev1", "gone"], "names": []},
        {"id": "s2", "events": ["ev3"], "names": []},  # one chapter: no storyline
        {"events": "ev1 ev2"},  # malformed: left out
        None,
    ]
    client = TestClient(create_app(document))
    assert client.get("/api/storylines").json() == [
        {
            "id": "s1",
            "names": [],
            "events": [
                {"id": "ev1", "title": "Ferry fire near Dunmore", "date": "2026-03-01"},
                {"id": "gone", "title": None, "date": None},
            ],
        }
    ]
    root = parse(client.get("/storylines").text)
    element = story_element(root, "s1")
    assert [a.get("href") for a in element.xpath(".//a")] == ["/events/ev1"]
    assert "Untitled event" in words(element) and "Undated" in words(element)
    assert not root.xpath("//*[@id='s2']")
    assert words(parse(client.get("/").text).xpath("//nav[contains(@class, 'site-nav')]")[0]) == (
        "Storylines (1)"
    )


def test_without_storylines_the_page_says_so() -> None:
    document = ferry_document()
    del document["storylines"]
    client = TestClient(create_app(document))
    assert client.get("/api/storylines").json() == []
    page = client.get("/storylines")
    assert page.status_code == 200
    root = parse(page.text)
    assert not root.xpath("//li[contains(@class, 'story')]")
    assert "No storylines" in words(root.xpath("//main")[0])
    nav = parse(client.get("/").text).xpath("//nav[contains(@class, 'site-nav')]")[0]
    assert words(nav) == "Storylines (0)"


def test_newest_storyline_first() -> None:
    document = ferry_document()
    document["events"].append(bare_event("ev4", "Tram line extended in Tarvik", "2026-04-02", []))
    document["storylines"].append({"id": "story-ev3", "events": ["ev3", "ev4"], "names": []})
    root = parse(TestClient(create_app(document)).get("/storylines").text)
    ids = [li.get("id") for li in root.xpath("//ol[contains(@class, 'storylines')]/li")]
    assert ids == ["story-ev3", "story-ev1"]  # its latest chapter (April) is the newest


# --- Storylines over a store ---------------------------------------------------------------

# Geneva first (one event: no storyline yet), then Vienna five weeks later.
GENEVA_FILES = ["continental-geneva-talks.txt", "westmark-geneva.txt", "herald-geneva-talks.txt"]
VIENNA_FILES = [
    "continental-vienna-accord.txt",
    "herald-vienna-accord.txt",
    "elfaro-acuerdo-viena.txt",
]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory, encoder: CachedEncoder) -> Path:
    """A SQLite store filled by `accord add` and two watch cycles (no feeds)."""
    path = tmp_path_factory.mktemp("store") / "accord.sqlite"
    with Fetcher() as fetcher:
        for files in (GENEVA_FILES, VIENNA_FILES):
            assert main(["add", *(str(ARTICLES / f) for f in files), "--db", str(path)]) == 0
            with open_store(str(path)) as store:
                run_cycle(store, [], fetcher, encoder)
                if files is GENEVA_FILES:
                    alone = stored_brief_document(store, encoder=encoder)
                    assert len(alone["events"]) == 1 and alone["storylines"] == []
    return path


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    with open_store(str(store_path)) as opened:
        yield opened


def assert_geneva_then_vienna(document: dict[str, Any]) -> None:
    titles = {e["id"]: e["title"] for e in document["events"]}
    dates = {e["id"]: e["date"] for e in document["events"]}
    (story,) = document["storylines"]
    assert titles[story["events"][0]] == GENEVA
    assert "Vienna" in titles[story["events"][1]]
    assert [dates[e] for e in story["events"]] == ["2026-10-02", "2026-11-06"]
    assert {"Arveld", "Renvik", "Selva"} <= set(story["names"])


def test_a_store_yields_the_storyline(store: Store, encoder: CachedEncoder) -> None:
    document = stored_brief_document(store, include_text=True, encoder=encoder)
    assert_geneva_then_vienna(document)
    assert all(a.get("text") for a in document["articles"])
    # Storylines compare events as vectors: without an encoder there are none.
    assert stored_brief_document(store)["storylines"] == []


def test_serve_and_brief_over_a_store_link_storylines(
    store_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = build_parser().parse_args(["serve", "--db", str(store_path), "--no-cache"])
    app, close = serve_app(args, None)
    try:
        document = app.state.briefs.current().document
        assert_geneva_then_vienna(document)
        client = TestClient(app)
        (listed,) = client.get("/api/storylines").json()
        assert listed["id"] == document["storylines"][0]["id"]
        nav = parse(client.get("/").text).xpath("//nav[contains(@class, 'site-nav')]")[0]
        assert words(nav) == "Storylines (1)"
        story = story_element(parse(client.get("/storylines").text), listed["id"])
        assert [words(t) for t in story.xpath(".//time[not(ancestor::p[@class='meta'])]")] == [
            "2026-10-02",
            "2026-11-06",
        ]
    finally:
        close()

    capsys.readouterr()
    assert main(["brief", "--db", str(store_path), "--format", "json", "--no-cache"]) == 0
    briefed = json.loads(capsys.readouterr().out)
    assert_geneva_then_vienna(briefed)
    assert briefed["storylines"] == document["storylines"]


def test_a_wrong_db_fails_before_the_encoder_is_loaded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A bogus encoder would fail too: the store's error coming first shows the order.
    not_a_store = tmp_path / "notes.sqlite"
    not_a_store.write_text("not a database\n", encoding="utf-8")
    wrong = ["--db", str(not_a_store), "--encoder", "bogus"]
    with pytest.raises(UsageError, match="cannot open the database"):
        serve_app(build_parser().parse_args(["serve", *wrong]), None)
    capsys.readouterr()
    assert main(["brief", *wrong]) == 2
    error = " ".join(capsys.readouterr().err.split())
    assert "cannot open the database" in error and "unknown encoder" not in error
    # With a good store, the same bogus encoder is what fails.
    assert main(["brief", "--db", str(tmp_path / "fresh.sqlite"), "--encoder", "bogus"]) == 2
    assert "unknown encoder" in " ".join(capsys.readouterr().err.split())


def test_serve_db_shows_what_a_watcher_saves_after_it_started(
    tmp_path: Path, encoder: CachedEncoder
) -> None:
    """`accord serve --db` beside `accord watch`: the app reads the briefs again when the
    store's change, without a restart."""
    path = str(tmp_path / "live.sqlite")
    with Fetcher() as fetcher:
        assert main(["add", *(str(ARTICLES / f) for f in GENEVA_FILES), "--db", path]) == 0
        with open_store(path) as store:
            run_cycle(store, [], fetcher, encoder)
        args = build_parser().parse_args(["serve", "--db", path, "--no-cache"])
        app, close = live_store_app(args)
        try:
            client = TestClient(app)
            assert len(client.get("/api/events").json()) == 1
            assert client.get("/api/storylines").json() == []
            # The watcher goes on: the Vienna accord arrives and continues the talks.
            assert main(["add", *(str(ARTICLES / f) for f in VIENNA_FILES), "--db", path]) == 0
            with open_store(path) as store:
                run_cycle(store, [], fetcher, encoder)
            app.state.briefs._checked = float("-inf")  # the next request checks at once
            assert len(client.get("/api/events").json()) == 2
            (story,) = client.get("/api/storylines").json()
            assert [e["date"] for e in story["events"]] == ["2026-10-02", "2026-11-06"]
            assert app.state.briefs.reloads == 1
        finally:
            close()


def test_live_briefs_read_again_only_when_the_source_changed() -> None:
    clock = [0.0]
    documents = {"v1": small_doc("first"), "v2": small_doc("second")}
    state = {"version": "v1", "loads": 0, "broken": False}

    def version() -> str:
        if state["broken"]:
            raise OSError("the database went away")
        return str(state["version"])

    def load() -> dict[str, Any]:
        state["loads"] = int(state["loads"]) + 1
        return documents[str(state["version"])]

    briefs = LiveBriefs(load=load, version=version, check_every_s=5, clock=lambda: clock[0])
    assert briefs.current().document["events"][0]["title"] == "first"
    clock[0] = 10
    briefs.current()
    assert state["loads"] == 1  # same version: not read again
    state["version"] = "v2"
    clock[0] = 12
    assert briefs.current().document["events"][0]["title"] == "first"  # asked 2 s ago
    clock[0] = 16
    assert briefs.current().document["events"][0]["title"] == "second"
    state["broken"], clock[0] = True, 30
    assert briefs.current().document["events"][0]["title"] == "second"  # kept, logged
    with pytest.raises(ValueError):
        LiveBriefs()


def small_doc(title: str) -> dict[str, Any]:
    event = {"id": "ev1", "title": title, "date": "2026-03-01", "articles": [], "claims": []}
    return {"schema": "accord.brief/1", "articles": [], "events": [event], "storylines": []}
