"""accord watch against a real local HTTP server and a store on SQLite and on a real
PostgreSQL: cycles that store new articles, leave unchanged feeds alone, refresh only the
events that changed, and equal a batch grouping; `accord feeds` and `accord brief --db` as
a user runs them."""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from accord.cli import main
from accord.cluster.incremental import IncrementalGrouper
from accord.encode import CachedEncoder, get_encoder
from accord.feeds import Fetcher
from accord.store import Store, open_store
from accord.watch import (
    CycleReport,
    WatchError,
    new_grouper,
    parse_duration,
    parse_since,
    resolve_feeds,
    run_cycle,
    stored_brief_document,
)
from feed_server import FakeClock, FeedServer, Reply, article_page
from store_checks import batch_events

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "shared" / "schema" / "brief.schema.json"

# --- invented articles: a ferry collision on a lake, and a city's tram budget ---------

PAGES = {
    "/harbour/ferry": (
        "Harbour Post",
        "Two ferries collide on Lake Orvena",
        "2026-03-03T08:00:00+00:00",
        [
            "Two passenger ferries collided on Lake Orvena on Tuesday morning, injuring "
            "14 people, the Orvena lake police said.",
            "The ferries Miriel and Sandpiper struck each other in thick fog near the "
            "port of Kessa, police spokesman Aldo Brenn said.",
            "“Visibility was almost zero when the two boats met,” Brenn told reporters. "
            "All 230 passengers were brought ashore by rescue boats.",
        ],
    ),
    "/valley/ferry": (
        "Valley Courier",
        "Fog blamed as ferries Miriel and Sandpiper collide",
        "2026-03-03T10:00:00+00:00",
        [
            "Fourteen people were hurt when the ferries Miriel and Sandpiper collided on "
            "Lake Orvena near Kessa on Tuesday, according to the lake police.",
            "Police spokesman Aldo Brenn said dense fog covered the lake at the time of "
            "the collision and that 230 passengers had been on board the two ferries.",
            "The ferry operator suspended all crossings to Kessa until Thursday while "
            "inspectors examine both hulls.",
        ],
    ),
    "/harbour/tram": (
        "Harbour Post",
        "Tarvik council approves tram budget",
        "2026-03-03T09:00:00+00:00",
        [
            "The Tarvik city council approved a budget of 310 million euros for a new "
            "tram line on Tuesday evening, mayor Ines Valko said.",
            "The line will link the old town with the university campus and is due to "
            "open in 2029, the council said in a statement.",
            "Twenty-one councillors voted in favour and nine against after a debate that "
            "lasted four hours.",
        ],
    ),
    "/valley/tram": (
        "Valley Courier",
        "Tarvik backs 310 million euro tram line",
        "2026-03-03T11:00:00+00:00",
        [
            "Tarvik councillors voted 21 to 9 on Tuesday to fund a tram line costing 310 "
            "million euros, mayor Ines Valko announced.",
            "“This line will change how our students travel,” Valko said after the vote "
            "in the Tarvik council chamber.",
            "Construction of the tram line to the university campus is set to start next "
            "spring, with the first trams running in 2029.",
        ],
    ),
    "/harbour/ferry-probe": (
        "Harbour Post",
        "Inquiry opened into Lake Orvena ferry collision",
        "2026-03-03T15:00:00+00:00",
        [
            "Prosecutors opened an inquiry on Tuesday into the collision of the ferries "
            "Miriel and Sandpiper on Lake Orvena, in which 14 people were injured.",
            "The captain of the Sandpiper was questioned by the Orvena lake police, "
            "spokesman Aldo Brenn said, adding that fog had covered the lake near Kessa.",
            "Three of the injured passengers remained in hospital in Kessa on Tuesday night.",
        ],
    ),
}


def page(path: str) -> bytes:
    outlet, title, published, paragraphs = PAGES[path]
    return article_page(title, outlet, published, paragraphs)


def rss(title: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{PAGES[p][1] if p in PAGES else 'Missing page'}</title>"
        f'<link>{p}</link><guid isPermaLink="false">{p}</guid></item>'
        for p in paths
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
        f"{items}</channel></rss>"
    ).encode()


@dataclass
class Site:
    server: FeedServer
    feeds: list[str]

    @property
    def harbour(self) -> str:
        return self.feeds[0]

    @property
    def valley(self) -> str:
        return self.feeds[1]

    @property
    def broken(self) -> str:
        return self.feeds[2]

    @property
    def slow(self) -> str:
        return self.feeds[3]


HARBOUR_FIRST = ["/harbour/ferry", "/harbour/tram"]
VALLEY = ["/valley/ferry", "/valley/tram", "/valley/gone"]


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(get_encoder("use"), None)


@pytest.fixture
def site() -> Iterator[Site]:
    routes: dict[str, Any] = {
        path: Reply(body=page(path), headers={"Content-Type": "text/html; charset=utf-8"})
        for path in PAGES
    }
    routes["/harbour/feed.xml"] = Reply(body=rss("Harbour Post", HARBOUR_FIRST), etag='"h1"')
    routes["/valley/feed.xml"] = Reply(
        body=rss("Valley Courier", VALLEY), last_modified="Tue, 03 Mar 2026 12:00:00 GMT"
    )
    routes["/broken.xml"] = Reply(body=b"<html><body>we moved</body></html>")
    routes["/slow.xml"] = Reply(body=rss("Slow", []), delay_s=1.5)
    with FeedServer(routes) as server:
        paths = ["/harbour/feed.xml", "/valley/feed.xml", "/broken.xml", "/slow.xml"]
        yield Site(server, [server.url(p) for p in paths])


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    clock = FakeClock()
    with Fetcher(
        timeout_s=0.5, min_interval_s=0.0, retries=0, clock=clock, sleep=clock.sleep
    ) as running:
        yield running


# What touches the store runs on SQLite and on a real PostgreSQL (conftest.py).
@pytest.fixture
def db(store_url: str) -> str:
    return store_url


@pytest.fixture
def store(db: str) -> Iterator[Store]:
    with open_store(db) as opened:
        yield opened


def latest_events(store: Store) -> dict[str, set[str]]:
    latest = {a.id for a in store.articles()}
    return {e.id: {a for a in e.articles if a in latest} for e in store.events()}


def event_of_path(store: Store, site: Site, path: str) -> str:
    url = site.server.url(path)
    article = next(a for a in store.articles() if a.url == url)
    return next(e for e, members in latest_events(store).items() if article.id in members)


# One clustering state per store, kept from cycle to cycle as `accord watch` keeps it.
GROUPERS: weakref.WeakKeyDictionary[Store, IncrementalGrouper] = weakref.WeakKeyDictionary()


def cycle(
    store: Store, site: Site, fetcher: Fetcher, encoder: CachedEncoder, at: datetime
) -> CycleReport:
    grouper = GROUPERS.setdefault(store, new_grouper(encoder))
    return run_cycle(store, site.feeds, fetcher, encoder, at, grouper=grouper)


# --- the cycles ---------------------------------------------------------------------------


def test_three_cycles(
    db: str, store: Store, site: Site, fetcher: Fetcher, encoder: CachedEncoder
) -> None:
    start = datetime.now(UTC) - timedelta(hours=3)

    # Cycle 1: two feeds' articles stored, grouped into two events, each with a brief.
    first = cycle(store, site, fetcher, encoder, start)
    outcome = {feed.url: feed for feed in first.feeds}
    assert outcome[site.harbour].ok and outcome[site.valley].ok
    assert not outcome[site.broken].ok and "not a feed" in (outcome[site.broken].error or "")
    assert not outcome[site.slow].ok and "timeout" in (outcome[site.slow].error or "")
    assert first.added == 4 and first.new_articles == 4
    assert outcome[site.valley].page_errors and "HTTP 404" in outcome[site.valley].page_errors[0]
    events = latest_events(store)
    assert len(events) == 2 and first.events == 2
    assert sorted(first.changed_events) == sorted(events)
    ferry = event_of_path(store, site, "/harbour/ferry")
    assert ferry == event_of_path(store, site, "/valley/ferry")
    assert ferry != event_of_path(store, site, "/harbour/tram")
    for event_id, members in events.items():
        saved = store.load_brief(event_id)
        assert saved is not None and set(saved["articles"]) == members
        assert saved["previous"] is None
        assert sorted(saved["changes"]["new_articles"]) == sorted(members)
    health = {h.url: h for h in store.feed_health()}
    assert health[site.broken].error_count == 1 and health[site.broken].last_success is None
    assert health[site.slow].last_error and "timeout" in health[site.slow].last_error
    assert health[site.harbour].etag == '"h1"' and health[site.harbour].error_count == 0
    # The 404 entry is seen (not fetched again); its feed still read well.
    assert health[site.valley].last_success is not None
    briefs_before = {e: store.load_brief(e) for e in events}

    # Cycle 2: nothing changed; 304s, no page fetched, nothing consolidated again.
    page_hits = sum(site.server.hits(p) for p in [*PAGES, "/valley/gone"])
    second = cycle(store, site, fetcher, encoder, start + timedelta(hours=1))
    outcome = {feed.url: feed for feed in second.feeds}
    assert outcome[site.harbour].not_modified and outcome[site.valley].not_modified
    assert [
        r.headers.get("if-none-match") for r in site.server.requests_for("/harbour/feed.xml")
    ] == [
        None,
        '"h1"',
    ]
    assert site.server.requests_for("/valley/feed.xml")[-1].headers.get("if-modified-since")
    assert sum(site.server.hits(p) for p in [*PAGES, "/valley/gone"]) == page_hits
    assert second.new_articles == 0 and second.changed_events == []
    assert latest_events(store) == events
    assert {e: store.load_brief(e) for e in events} == briefs_before
    assert {h.url: h.error_count for h in store.feed_health()}[site.broken] == 2

    # Cycle 3: one feed adds an article on the ferry collision; only that event changes.
    site.server.routes["/harbour/feed.xml"] = Reply(
        body=rss("Harbour Post", [*HARBOUR_FIRST, "/harbour/ferry-probe"]), etag='"h2"'
    )
    third = cycle(store, site, fetcher, encoder, datetime.now(UTC))
    assert third.added == 1
    new_id = next(a.id for a in store.articles() if a.url and a.url.endswith("/ferry-probe"))
    assert third.changed_events == [ferry]
    saved = store.load_brief(ferry)
    assert saved is not None
    assert saved["changes"]["new_articles"] == [new_id]
    assert new_id in saved["articles"] and new_id not in saved["previous"]["articles"]
    assert "previous" not in saved["previous"]  # history does not nest
    tram = event_of_path(store, site, "/harbour/tram")
    assert store.load_brief(tram) == briefs_before[tram]

    # The stored events are what a batch grouping of the stored articles gives.
    assert latest_events(store) == batch_events(store, encoder)
    # ... from the clustering kept across the cycles: built once, then added to
    grouper = GROUPERS[store]
    assert grouper.ids() == store.latest_ids() and grouper.stream.rebuilds == 1

    _check_cli(db, site, ferry, tram, new_id)


def _check_cli(db: str, site: Site, ferry: str, tram: str, new_id: str) -> None:
    """`accord feeds` and `accord brief --db [--since]`, in this process."""
    out = _run(["feeds", "--db", db])
    assert "Harbour Post" in out and "Valley Courier" in out
    assert "not a feed" in out and "timeout" in out

    validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    document = json.loads(_run(["brief", "--db", db, "--format", "json"]))
    assert list(validator.iter_errors(document)) == []
    assert {e["id"] for e in document["events"]} == {ferry, tram}
    recent = json.loads(_run(["brief", "--db", db, "--since", "1h"]))
    assert list(validator.iter_errors(recent)) == []
    assert [e["id"] for e in recent["events"]] == [ferry]
    assert recent["events"][0]["changes"]["new_articles"] == [new_id]
    assert {a["event"] for a in recent["articles"]} == {ferry}
    markdown = _run(["brief", "--db", db, "--since", "1h", "--format", "md"])
    assert "Orvena" in markdown

    # `accord serve --db` serves the same briefs, with what changed.
    from fastapi.testclient import TestClient

    from accord.cli import build_parser
    from accord.cli_serve import serve_app

    args = build_parser().parse_args(["serve", "--db", db])
    app, close = serve_app(args, None)
    try:
        client = TestClient(app)
        listed = client.get("/api/events").json()
        assert {e["id"] for e in listed} == {ferry, tram}
        ferry_event = client.get(f"/api/events/{ferry}").json()
        assert ferry_event["changes"]["new_articles"] == [new_id]
        assert client.get(f"/events/{ferry}").status_code == 200
    finally:
        close()


def _run(argv: list[str]) -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(argv) == 0
    return buffer.getvalue()


def test_a_failed_page_is_retried_next_cycle(
    store: Store, site: Site, fetcher: Fetcher, encoder: CachedEncoder
) -> None:
    site.server.routes["/harbour/tram"] = [Reply(status=503), Reply(body=page("/harbour/tram"))]
    feeds = [site.harbour]
    first = run_cycle(store, feeds, fetcher, encoder)
    assert first.added == 1 and first.feeds[0].page_errors
    # The validators are not kept, so the feed is read in full again, not answered 304.
    assert {h.url: h.etag for h in store.feed_health()}[site.harbour] is None
    second = run_cycle(store, feeds, fetcher, encoder)
    assert second.added == 1 and not second.feeds[0].not_modified
    assert {h.url: h.etag for h in store.feed_health()}[site.harbour] == '"h1"'
    assert len(store.articles()) == 2


def test_a_feed_that_raises_does_not_stop_the_others(
    store: Store, site: Site, encoder: CachedEncoder
) -> None:
    class Exploding(Fetcher):
        def fetch(self, url: str, **kwargs: Any) -> Any:
            if url == site.valley:
                raise RuntimeError("boom")
            return super().fetch(url, **kwargs)

    clock = FakeClock()
    with Exploding(min_interval_s=0.0, retries=0, clock=clock, sleep=clock.sleep) as fetcher:
        report = run_cycle(store, [site.harbour, site.valley], fetcher, encoder)
    assert isinstance(report, CycleReport)
    assert [f.ok for f in report.feeds] == [True, False]
    assert "boom" in (report.feeds[1].error or "")
    assert report.added == 2


def test_watch_once_from_an_opml_file(db: str, site: Site, tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        f'<opml version="2.0"><body><outline text="Broken" xmlUrl="{site.broken}"/></body></opml>',
        encoding="utf-8",
    )
    _run(["watch", str(opml), "--db", db, "--once", "--no-cache", "--timeout", "2"])
    with open_store(db) as store:
        [health] = store.feed_health()
    assert health.url == site.broken and health.error_count == 1


def test_resolve_feeds(site: Site, tmp_path: Path) -> None:
    opml = tmp_path / "list.opml"
    opml.write_text(
        '<opml version="2.0"><body><outline text="A" xmlUrl="http://a.example/feed"/>'
        '<outline text="B" xmlUrl="http://b.example/rss"/></body></opml>',
        encoding="utf-8",
    )
    assert resolve_feeds([site.harbour, str(opml), "http://a.example/feed"]) == [
        site.harbour,
        "http://a.example/feed",
        "http://b.example/rss",
    ]
    with pytest.raises(WatchError):
        resolve_feeds([str(tmp_path / "missing.opml")])
    not_opml = tmp_path / "notes.txt"
    not_opml.write_text("hello", encoding="utf-8")
    with pytest.raises(WatchError):
        resolve_feeds([str(not_opml)])


def test_stored_brief_document_of_an_empty_store(store: Store) -> None:
    document = stored_brief_document(store)
    assert document["events"] == [] and document["articles"] == []


# --- durations ----------------------------------------------------------------------------


def test_durations() -> None:
    assert parse_duration("15m") == timedelta(minutes=15)
    assert parse_duration("2h") == timedelta(hours=2)
    assert parse_duration("1d") == timedelta(days=1)
    assert parse_duration(" 90 ") == timedelta(seconds=90)
    now = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    assert parse_since("30m", now) == datetime(2026, 3, 3, 11, 30, tzinfo=UTC)
    assert parse_since("2026-03-01T08:00", now) == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    for bad in ("", "soon", "5 parsecs", "-2h"):
        with pytest.raises(WatchError):
            parse_since(bad, now)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_since_either_parses_or_says_why(text: str) -> None:
    now = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
    try:
        when = parse_since(text, now)
    except WatchError as err:
        assert str(err)
        return
    assert when.tzinfo is not None
    assert parse_since(text, now) == when  # deterministic


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["s", "m", "h", "d", "w"]))
def test_duration_units(amount: int, unit: str) -> None:
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
    assert parse_duration(f"{amount}{unit}").total_seconds() == amount * seconds


def test_a_new_version_replaces_the_old_in_its_event(
    store: Store, site: Site, fetcher: Fetcher, encoder: CachedEncoder
) -> None:
    run_cycle(store, [site.harbour, site.valley], fetcher, encoder)
    old = next(a for a in store.articles() if a.url == site.server.url("/valley/tram"))
    updated = replace(old, text=old.text + " The first tender will be published in May.")
    assert store.add_articles([updated]).new_versions == 1
    report = run_cycle(store, [], fetcher, encoder)
    new_id = next(a.id for a in store.articles() if a.url == old.url)
    assert new_id != old.id
    [changed] = report.changed_events
    saved = store.load_brief(changed)
    assert saved is not None and new_id in saved["articles"] and old.id not in saved["articles"]
    assert saved["changes"]["new_articles"] == [new_id]
    # The old version went with its successor: no event is kept alive by it alone.
    holding = [e for e in store.events() if old.id in e.articles]
    assert [e.id for e in holding] == [changed]
    assert len(store.events()) == 2
