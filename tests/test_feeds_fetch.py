"""The fetcher and entry pages, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from accord.feeds import (
    FeedEntry,
    Fetcher,
    FetchResult,
    extract_entry_article,
    parse_feed,
    parse_opml,
)
from feed_server import FakeClock, FeedServer, Reply


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as running:
        yield running


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_fetcher(clock: FakeClock, **options: object) -> Fetcher:
    settings: dict[str, object] = {
        "timeout_s": 2.0,
        "min_interval_s": 0.0,
        "retries": 0,
        "backoff_s": 0.5,
        "clock": clock,
        "sleep": clock.sleep,
    }
    settings.update(options)
    return Fetcher(**settings)  # type: ignore[arg-type]


RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>
<item><title>Dam inspection finds cracks</title><link>/news/dam</link>
<guid isPermaLink="false">d1</guid>
<pubDate>Mon, 02 Mar 2026 07:00:00 GMT</pubDate></item>
<item><title>Library extends hours</title><link>/news/library</link>
<guid isPermaLink="false">d2</guid></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom Local</title><entry><id>urn:a1</id><title>Tram line opens</title>
<link href="/news/tram"/><updated>2026-03-01T10:00:00Z</updated></entry></feed>"""
RDF = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>RDF Local</title>
<link>http://x/</link><description>d</description></channel>
<item rdf:about="r1"><title>Harbour dredging starts</title><link>http://h.example/r1</link>
</item></rdf:RDF>"""
JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Local",
        "items": [{"id": "j1", "url": "/news/j1", "title": "Park reopens"}],
    }
).encode()
OPML = b"""<opml version="2.0"><body><outline text="Local">
<outline text="Wire" xmlUrl="http://127.0.0.1/rss.xml"/>
<outline text="Atom" xmlUrl="http://127.0.0.1/atom.xml"/></outline></body></opml>"""


def test_every_format_fetched_and_parsed(server: FeedServer, clock: FakeClock) -> None:
    server.routes.update(
        {
            "/rss.xml": Reply(body=RSS, headers={"Content-Type": "application/rss+xml"}),
            "/atom.xml": Reply(body=ATOM),
            "/rdf.xml": Reply(body=RDF),
            "/feed.json": Reply(body=JSON_FEED, headers={"Content-Type": "application/json"}),
            "/feeds.opml": Reply(body=OPML),
        }
    )
    expected = {
        "/rss.xml": ("rss20", ["Dam inspection finds cracks", "Library extends hours"]),
        "/atom.xml": ("atom10", ["Tram line opens"]),
        "/rdf.xml": ("rss10", ["Harbour dredging starts"]),
        "/feed.json": ("json11", ["Park reopens"]),
    }
    with make_fetcher(clock) as fetcher:
        for path, (version, titles) in expected.items():
            result = fetcher.fetch(server.url(path))
            assert result.ok, result.error
            feed = parse_feed(result.content, result.final_url)
            assert feed.version == version
            assert [e.title for e in feed.entries] == titles
            assert feed.problems == []
        rss = parse_feed(fetcher.fetch(server.url("/rss.xml")).content, server.url("/rss.xml"))
        assert rss.entries[0].link == server.url("/news/dam")
        opml = fetcher.fetch(server.url("/feeds.opml"))
        assert [r.title for r in parse_opml(opml.content)] == ["Wire", "Atom"]
    agent = server.requests_for("/rss.xml")[0].headers["user-agent"]
    assert agent.startswith("accord/")


def test_broken_feed_keeps_entries_and_reports(server: FeedServer, clock: FakeClock) -> None:
    server.routes["/broken.xml"] = Reply(body=RSS.replace(b"</channel></rss>", b"<item><title>"))
    with make_fetcher(clock) as fetcher:
        result = fetcher.fetch(server.url("/broken.xml"))
    feed = parse_feed(result.content, result.final_url)
    assert [e.id for e in feed.entries][:2] == ["d1", "d2"]
    assert feed.problems and "broken feed" in feed.problems[0].reason


def test_timeout_is_an_error_and_others_go_on(server: FeedServer, clock: FakeClock) -> None:
    server.routes["/slow.xml"] = Reply(body=RSS, delay_s=1.5)
    server.routes["/fast.xml"] = Reply(body=RSS)
    with make_fetcher(clock, timeout_s=0.3, retries=1) as fetcher:
        slow = fetcher.fetch(server.url("/slow.xml"))
        fast = fetcher.fetch(server.url("/fast.xml"))
    assert slow.status is None and slow.content == b""
    assert slow.error is not None and "timeout" in slow.error
    assert server.hits("/slow.xml") == 2  # one retry after a backoff
    assert clock.sleeps == [0.5]
    assert fast.ok and fast.content == RSS


@pytest.mark.parametrize("declared", [True, False])
def test_ten_megabyte_page_stopped_at_cap(
    server: FeedServer, clock: FakeClock, declared: bool
) -> None:
    server.routes["/huge.html"] = Reply(body_size=10 * 1024 * 1024, content_length=declared)
    with make_fetcher(clock, max_bytes=1024 * 1024) as fetcher:
        result = fetcher.fetch(server.url("/huge.html"))
        after = fetcher.fetch(server.url("/news/missing"))
    assert result.error == "too large (over 1048576 bytes)"
    assert result.content == b"" and not result.ok
    assert after.status == 404  # the fetcher is still usable


def test_redirects_followed_loops_and_chains_stopped(server: FeedServer, clock: FakeClock) -> None:
    server.routes.update(
        {
            "/old": Reply.redirect("/new", 301),
            "/new": Reply(body=b"here"),
            "/a": Reply.redirect("/b"),
            "/b": Reply.redirect(server.url("/a")),
            **{f"/r{i}": Reply.redirect(f"/r{i + 1}") for i in range(10)},
            "/ftp": Reply.redirect("ftp://files.example/x"),
        }
    )
    with make_fetcher(clock, max_redirects=3) as fetcher:
        moved = fetcher.fetch(server.url("/old"))
        loop = fetcher.fetch(server.url("/a"))
        chain = fetcher.fetch(server.url("/r0"))
        ftp = fetcher.fetch(server.url("/ftp"))
    assert moved.ok and moved.content == b"here" and moved.final_url == server.url("/new")
    assert loop.error == "redirect loop"
    assert server.hits("/a") == 1 and server.hits("/b") == 1
    assert chain.error == "too many redirects (over 3)"
    assert server.hits("/r3") == 1 and server.hits("/r4") == 0
    assert ftp.error is not None and "not an http(s) URL" in ftp.error


def test_404_and_unreachable_hosts_are_errors(server: FeedServer, clock: FakeClock) -> None:
    with make_fetcher(clock) as fetcher:
        missing = fetcher.fetch(server.url("/nothing-here"))
        refused = fetcher.fetch("http://127.0.0.1:9/feed.xml")
        bogus = fetcher.fetch("not a url")
    assert missing.status == 404 and missing.error == "HTTP 404" and not missing.ok
    assert refused.status is None and refused.error is not None
    assert refused.error.startswith("connection failed")
    assert bogus.error is not None and "not an http(s) URL" in bogus.error


def test_changing_etags_give_304_then_200(server: FeedServer, clock: FakeClock) -> None:
    server.routes["/feed.xml"] = Reply(body=b"<rss>one</rss>", etag='"v1"')
    with make_fetcher(clock) as fetcher:
        first = fetcher.fetch(server.url("/feed.xml"))
        again = fetcher.fetch(server.url("/feed.xml"), etag=first.etag)
        server.routes["/feed.xml"] = Reply(body=b"<rss>two</rss>", etag='"v2"')
        changed = fetcher.fetch(server.url("/feed.xml"), etag=again.etag)
    assert first.status == 200 and first.etag == '"v1"'
    assert again.status == 304 and again.not_modified and again.error is None
    assert again.content == b"" and again.etag == '"v1"'
    assert server.requests_for("/feed.xml")[1].headers["if-none-match"] == '"v1"'
    assert changed.status == 200 and changed.content == b"<rss>two</rss>"
    assert changed.etag == '"v2"'


def test_last_modified_conditional(server: FeedServer, clock: FakeClock) -> None:
    stamp = "Mon, 02 Mar 2026 07:00:00 GMT"
    server.routes["/feed.xml"] = Reply(body=b"<rss/>", last_modified=stamp)
    with make_fetcher(clock) as fetcher:
        first = fetcher.fetch(server.url("/feed.xml"))
        again = fetcher.fetch(server.url("/feed.xml"), last_modified=first.last_modified)
    assert first.last_modified == stamp
    assert again.not_modified and again.last_modified == stamp


def test_robots_disallow_is_honoured_and_cached(server: FeedServer, clock: FakeClock) -> None:
    server.routes.update(
        {
            "/robots.txt": Reply(body=b"User-agent: *\nDisallow: /private/\n"),
            "/private/feed.xml": Reply(body=RSS),
            "/public/feed.xml": Reply(body=RSS),
        }
    )
    with make_fetcher(clock) as fetcher:
        blocked = fetcher.fetch(server.url("/private/feed.xml"))
        allowed = fetcher.fetch(server.url("/public/feed.xml"))
    assert blocked.error == "disallowed by robots.txt" and blocked.status is None
    assert server.hits("/private/feed.xml") == 0
    assert allowed.ok
    assert server.hits("/robots.txt") == 1


def test_robots_rules_for_our_agent(server: FeedServer, clock: FakeClock) -> None:
    server.routes["/robots.txt"] = Reply(
        body=b"User-agent: otherbot\nAllow: /\n\nUser-agent: accord\nDisallow: /\n"
    )
    server.routes["/feed.xml"] = Reply(body=RSS)
    with make_fetcher(clock) as fetcher:
        assert fetcher.fetch(server.url("/feed.xml")).error == "disallowed by robots.txt"
    with make_fetcher(clock, respect_robots=False) as fetcher:
        assert fetcher.fetch(server.url("/feed.xml")).ok


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        (Reply(status=404), True),
        (Reply(status=403), True),
        (Reply(status=503), False),
        (Reply(body=b"User-agent: *\nDisallow: /\n", delay_s=1.0), True),  # unreachable
    ],
)
def test_robots_status_policy(
    server: FeedServer, clock: FakeClock, robots: Reply, allowed: bool
) -> None:
    server.routes["/robots.txt"] = robots
    server.routes["/feed.xml"] = Reply(body=RSS)
    with make_fetcher(clock, timeout_s=0.3) as fetcher:
        result = fetcher.fetch(server.url("/feed.xml"))
    assert result.ok is allowed
    assert server.hits("/feed.xml") == (1 if allowed else 0)


def test_rate_limit_spaces_requests_per_host(server: FeedServer, clock: FakeClock) -> None:
    server.routes["/a"] = Reply(body=b"a")
    server.routes["/b"] = Reply(body=b"b")
    with make_fetcher(clock, min_interval_s=5.0, respect_robots=False) as fetcher:
        fetcher.fetch(server.url("/a"))
        fetcher.fetch(server.url("/b"))
        assert clock.sleeps == [5.0]
        # Another host name (same server) has its own schedule: no wait.
        fetcher.fetch(server.url("/a", host="localhost"))
        assert clock.sleeps == [5.0]
        clock.now += 60  # time passed on its own: no wait either
        fetcher.fetch(server.url("/b"))
        assert clock.sleeps == [5.0]
    assert server.hits("/a") == 2 and server.hits("/b") == 2


def test_crawl_delay_raises_the_interval(server: FeedServer, clock: FakeClock) -> None:
    server.routes["/robots.txt"] = Reply(body=b"User-agent: *\nCrawl-delay: 7\n")
    server.routes["/a"] = Reply(body=b"a")
    with make_fetcher(clock, min_interval_s=1.0) as fetcher:
        fetcher.fetch(server.url("/a"))  # robots.txt, then /a: already the crawl delay
        fetcher.fetch(server.url("/a"))
    assert clock.sleeps == [7.0, 7.0]


def test_retries_with_backoff_then_success(server: FeedServer, clock: FakeClock) -> None:
    server.routes["/flaky"] = [Reply(status=503), Reply(status=503), Reply(body=b"ok")]
    server.routes["/down"] = Reply(status=500)
    server.routes["/busy"] = [Reply(status=429, headers={"Retry-After": "4"}), Reply(body=b"ok")]
    with make_fetcher(clock, retries=3, backoff_s=0.5) as fetcher:
        flaky = fetcher.fetch(server.url("/flaky"))
        assert flaky.ok and flaky.content == b"ok"
        assert clock.sleeps == [0.5, 1.0]
        clock.sleeps.clear()
        down = fetcher.fetch(server.url("/down"))
        assert down.error == "HTTP 500" and server.hits("/down") == 4
        assert clock.sleeps == [0.5, 1.0, 2.0]
        clock.sleeps.clear()
        busy = fetcher.fetch(server.url("/busy"))
        assert busy.ok and clock.sleeps == [4.0]
    assert server.hits("/flaky") == 3


ARTICLE_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Dam inspection finds cracks</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Dam inspection finds cracks</h1>
<p>Engineers inspecting the Valdoria dam found three cracks in its northern wall on
Sunday, the regional water authority said in a statement.</p>
<p>The authority said the cracks posed no immediate danger but that the reservoir level
would be lowered by two metres as a precaution while repairs are planned.</p>
<p>Residents of the valley below the dam were told that no evacuation was needed and
that a public meeting would be held at the town hall next week.</p>
</article><footer>Copyright Local Wire</footer></body></html>"""


def test_entry_page_becomes_an_article(server: FeedServer, clock: FakeClock) -> None:
    server.routes["/news/dam"] = Reply(
        body=ARTICLE_PAGE.encode(), headers={"Content-Type": "text/html; charset=utf-8"}
    )
    entry = FeedEntry(
        id="d1",
        link=server.url("/news/dam"),
        title="Dam inspection finds cracks",
        published="2026-03-02T07:00:00+00:00",
        summary=None,
    )
    with make_fetcher(clock) as fetcher:
        result = fetcher.fetch(entry.link or "")
    article = extract_entry_article(result, entry)
    assert article is not None
    assert "three cracks in its northern wall" in article.text
    assert "Copyright" not in article.text
    assert article.title == "Dam inspection finds cracks"
    assert article.published == "2026-03-02T07:00:00+00:00"  # from the entry
    assert article.url == server.url("/news/dam")
    assert article.outlet  # the page names none: the domain stands in


def test_no_article_from_failed_or_empty_pages() -> None:
    entry = FeedEntry("x", "http://h.example/x", "T", None, None)
    failed = FetchResult("u", "u", None, b"", None, None, "timeout")
    empty = FetchResult(
        "u", "http://h.example/x", 200, b"<html><body></body></html>", None, None, None
    )
    assert extract_entry_article(failed, entry) is None
    assert extract_entry_article(empty, entry) is None
