"""Feeds and OPML from bytes: every format, broken input, and arbitrary bytes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.feeds import parse_feed, parse_opml

FEED_URL = "https://news.example.org/feeds/world.xml"

RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
  <title>Example World News</title>
  <link>https://news.example.org/</link>
  <item>
    <title>Bridge reopens in Valdoria after &amp; repairs</title>
    <link>https://news.example.org/2026/03/bridge-reopens</link>
    <guid isPermaLink="false">ex-1001</guid>
    <pubDate>Tue, 03 Mar 2026 09:30:00 +0100</pubDate>
    <description>&lt;p&gt;Old bridge on the &lt;b&gt;Rin&lt;/b&gt; opened.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Council votes on harbour plan</title>
    <link>/2026/03/harbour-plan</link>
    <pubDate>Wed, 04 Mar 2026 18:00:00 GMT</pubDate>
  </item>
</channel></rss>"""

RSS091 = b"""<?xml version="1.0"?>
<rss version="0.91"><channel><title>Old Wire</title>
<item><title>Ferry strike ends</title><link>http://wire.example.com/ferry</link>
<description>Crews returned to work.</description></item>
</channel></rss>"""

RSS10 = b"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example.net/">
    <title>RDF Daily</title><link>https://rdf.example.net/</link><description>d</description>
  </channel>
  <item rdf:about="https://rdf.example.net/a/1">
    <title>Observatory spots new comet</title>
    <link>https://rdf.example.net/a/1</link>
    <dc:date>2026-02-11T07:15:00Z</dc:date>
    <description>Astronomers at the hill observatory reported it.</description>
  </item>
</rdf:RDF>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.com/">
  <title>Atom Ñews</title>
  <entry>
    <id>tag:atom.example.com,2026:42</id>
    <title type="html">Río Claro floods: &lt;em&gt;200 evacuated&lt;/em&gt;</title>
    <link rel="alternate" href="stories/42"/>
    <updated>2026-05-01T12:00:00Z</updated>
    <published>2026-05-01T10:00:00+02:00</published>
    <summary>Residents left their homes overnight.</summary>
  </entry>
  <entry>
    <id>tag:atom.example.com,2026:43</id>
    <title>No date here</title>
    <link href="javascript:alert(1)"/>
    <content type="html">&lt;p&gt;Only content, no summary.&lt;/p&gt;</content>
  </entry>
</feed>""".encode()

JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Times",
        "items": [
            {
                "id": 7,
                "url": "https://json.example.com/p/7",
                "title": "Rail link approved",
                "date_published": "2026-06-10T08:00:00+00:00",
                "content_html": "<p>The ministry <i>approved</i> the rail link.</p>",
            },
            {"id": "8", "external_url": "/p/8", "content_text": "A plain item."},
            "not an object",
            {"url": "https://json.example.com/p/9", "title": ["wrong", "type"]},
        ],
    }
).encode()


def test_rss20_entries_fields_and_relative_links() -> None:
    feed = parse_feed(RSS20, FEED_URL)
    assert feed.title == "Example World News"
    assert feed.version == "rss20"
    assert feed.problems == []
    first, second = feed.entries
    assert first.id == "ex-1001"
    assert first.title == "Bridge reopens in Valdoria after & repairs"
    assert first.link == "https://news.example.org/2026/03/bridge-reopens"
    assert first.published == "2026-03-03T08:30:00+00:00"  # converted to UTC
    assert first.summary == "Old bridge on the Rin opened."
    # No guid: the link is the id; the relative link is resolved against the feed URL.
    assert second.link == "https://news.example.org/2026/03/harbour-plan"
    assert second.id == second.link
    assert second.summary is None


def test_rss091() -> None:
    feed = parse_feed(RSS091, "http://wire.example.com/rss")
    assert feed.version is not None and feed.version.startswith("rss09")
    assert [e.title for e in feed.entries] == ["Ferry strike ends"]
    assert feed.entries[0].summary == "Crews returned to work."
    assert feed.entries[0].published is None


def test_rss10_rdf() -> None:
    feed = parse_feed(RSS10, "https://rdf.example.net/rss")
    assert feed.version == "rss10"
    (entry,) = feed.entries
    assert entry.link == "https://rdf.example.net/a/1"
    assert entry.published == "2026-02-11T07:15:00+00:00"
    assert entry.title == "Observatory spots new comet"


def test_atom_base_html_titles_and_unsafe_links() -> None:
    feed = parse_feed(ATOM, "https://atom.example.com/atom.xml")
    assert feed.version == "atom10"
    assert feed.title == "Atom Ñews"
    first, second = feed.entries
    assert first.title == "Río Claro floods: 200 evacuated"
    assert first.link == "https://atom.example.com/stories/42"
    assert first.published == "2026-05-01T08:00:00+00:00"  # published wins over updated
    assert first.id == "tag:atom.example.com,2026:42"
    assert second.link is None  # javascript: is not a page
    assert second.summary == "Only content, no summary."
    assert second.published is None


def test_json_feed() -> None:
    feed = parse_feed(JSON_FEED, "https://json.example.com/feed.json")
    assert feed.version == "json11"
    assert feed.title == "JSON Times"
    assert [e.id for e in feed.entries] == ["7", "8", "https://json.example.com/p/9"]
    first, second, third = feed.entries
    assert first.summary == "The ministry approved the rail link."
    assert first.published == "2026-06-10T08:00:00+00:00"
    assert second.link == "https://json.example.com/p/8"
    assert second.summary == "A plain item."
    assert third.title is None  # a list is not a title
    assert any("not objects" in p.reason for p in feed.problems)


def test_summaries_are_plain_text_without_code() -> None:
    rss = b"""<rss version="2.0"><channel><title>t</title><item><guid>s1</guid>
      <description><![CDATA[<p>Vote <script>alert("x")</script>counted.</p>
      <style>p {color: red}</style>&eacute;lu &amp; done <img src=x onerror=y>]]></description>
      </item></channel></rss>"""
    (entry,) = parse_feed(rss, FEED_URL).entries
    assert entry.summary == "Vote counted. élu & done"


def test_json_that_is_not_a_feed() -> None:
    feed = parse_feed(b'{"hello": "world"}', "https://x.example/f")
    assert feed.entries == []
    assert feed.problems
    broken = parse_feed(b'{"version": "https://jsonfeed.org/version/1", "items": [', "u")
    assert broken.entries == [] and "broken JSON feed" in broken.problems[0].reason


def test_broken_xml_keeps_entries_and_reports() -> None:
    broken = RSS20.replace(b"</channel></rss>", b"<item><title>Cut off <b>mid").replace(
        b"&amp; repairs", b"& repairs"
    )
    feed = parse_feed(broken, FEED_URL)
    assert len(feed.entries) >= 2
    assert feed.entries[0].id == "ex-1001"
    assert len(feed.problems) == 1
    assert feed.problems[0].source == FEED_URL
    assert "broken feed" in feed.problems[0].reason


def test_not_a_feed_and_empty() -> None:
    for content in (b"", b"<html><body>Hello</body></html>", b"\x00\x01\x02binary"):
        feed = parse_feed(content, FEED_URL)
        assert feed.entries == []
        assert feed.problems, content


def test_entries_without_id_or_link_get_stable_content_ids() -> None:
    rss = b"""<rss version="2.0"><channel><title>t</title>
      <item><title>A</title><description>one</description></item>
      <item><title>A</title><description>one</description></item>
      <item><title>B</title><description>two</description></item></channel></rss>"""
    feed = parse_feed(rss, FEED_URL)
    ids = [e.id for e in feed.entries]
    assert len(ids) == 2  # the repeated item is kept once
    assert all(i.startswith("sha1:") for i in ids)
    assert ids == [e.id for e in parse_feed(rss, FEED_URL).entries]


def test_feed_bytes_cannot_name_a_local_file(tmp_path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(RSS20)
    feed = parse_feed(str(secret).encode(), FEED_URL)
    assert feed.entries == []


OPML = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>My feeds</title></head><body>
  <outline text="World">
    <outline text="Example World" type="rss" xmlUrl="https://news.example.org/feeds/world.xml"/>
    <outline text="Regional">
      <outline title="RDF Daily" text="ignored" xmlUrl="https://rdf.example.net/rss"/>
      <outline text="dup" xmlUrl="https://news.example.org/feeds/world.xml"/>
    </outline>
  </outline>
  <outline text="No url"/>
  <outline text="Local file" xmlUrl="file:///etc/passwd"/>
  <outline text="Lower case attr" xmlurl="http://wire.example.com/rss"/>
  <!-- <outline text="commented" xmlUrl="https://hidden.example/rss"/> -->
</body></opml>"""


def test_opml_nested_deduplicated_and_junk_skipped() -> None:
    refs = parse_opml(OPML)
    assert [(r.url, r.title) for r in refs] == [
        ("https://news.example.org/feeds/world.xml", "Example World"),
        ("https://rdf.example.net/rss", "RDF Daily"),
        ("http://wire.example.com/rss", "Lower case attr"),
    ]


def test_opml_broken_xml_keeps_what_it_can() -> None:
    broken = OPML.replace(b"</body></opml>", b"<outline text='x' xmlUrl=").replace(
        b'<outline text="No url"/>', b"<outline text=No url>"
    )
    urls = [r.url for r in parse_opml(broken)]
    assert "https://news.example.org/feeds/world.xml" in urls
    assert parse_opml(b"") == []
    assert parse_opml(b"not xml at all") == []


_XMLISH = st.lists(
    st.sampled_from(
        [
            "<rss>",
            "<channel>",
            "<item>",
            "</item>",
            "<title>",
            "</title>",
            "<link>",
            "&amp;",
            "<feed xmlns='http://www.w3.org/2005/Atom'>",
            "<entry>",
            "<outline xmlUrl='http://a.b/c'>",
            "<opml>",
            "<body>",
            "{",
            '"items": [',
            "]",
            "}",
            "<![CDATA[",
            "]]>",
            "\x00",
            "é",
            "&#0;",
        ]
    )
    | st.text(max_size=20)
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=400), _XMLISH.map(lambda s: s.encode("utf-8", "replace"))))
def test_parsers_never_crash_and_are_deterministic(content: bytes) -> None:
    feed = parse_feed(content, FEED_URL)
    assert feed == parse_feed(content, FEED_URL)
    for entry in feed.entries:
        assert entry.id
        assert entry.link is None or entry.link.startswith(("http://", "https://"))
    refs = parse_opml(content)
    assert refs == parse_opml(content)
    assert all(r.url.startswith(("http://", "https://")) for r in refs)
