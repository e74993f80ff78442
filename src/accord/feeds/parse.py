"""Feeds (RSS 0.9x/1.0/2.0, Atom, JSON Feed) and OPML feed lists -> plain entries.

Everything here reads bytes that a stranger's server sent, so nothing may raise: a feed
that is partly broken keeps what could be read and says what was wrong in `problems`.
feedparser reads the XML formats; it does not know JSON Feed, which is simple enough
to read by hand.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree

from accord.ingest.published import normalize_published
from accord.model import Problem


@dataclass
class FeedEntry:
    id: str  # the feed's own id (guid/id), else the link, else a hash of the content
    link: str | None  # absolute http(s) URL of the article page
    title: str | None
    published: str | None  # ISO 8601 ("YYYY-MM-DD" or datetime), None when unknown
    summary: str | None  # plain text, tags removed


@dataclass
class ParsedFeed:
    title: str | None
    entries: list[FeedEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    version: str | None = None  # "rss20", "atom10", "rss10", "json1", ... None: not a feed


@dataclass
class FeedRef:
    """One feed named by an OPML file."""

    url: str
    title: str | None = None


_JSON_FEED_VERSION = re.compile(r"^https?://jsonfeed\.org/version/(\d+(?:\.\d+)?)/?$")
_TAG = re.compile(r"<[^>]*>")
# Script and style bodies are code, not text: dropped whole before tags are stripped.
_CODE = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"\s+")
_WEB_SCHEMES = ("http", "https")
# Summaries are a fallback for the article's text, not the article: a bound keeps one
# enormous <description> from costing more than the rest of the feed.
_MAX_SUMMARY_CHARS = 20_000


def parse_feed(content: bytes, url: str) -> ParsedFeed:
    """The feed in `content`, fetched from `url` (which resolves relative links)."""
    try:
        if _looks_like_json(content):
            return _parse_json_feed(content, url)
        return _parse_xml_feed(content, url)
    except Exception as err:  # a stranger's bytes must never stop the watcher
        return ParsedFeed(None, [], [Problem(url, f"unreadable feed: {_describe(err)}")])


def _looks_like_json(content: bytes) -> bool:
    head = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{")


# --- XML feeds, through feedparser ---------------------------------------------------


def _parse_xml_feed(content: bytes, url: str) -> ParsedFeed:
    # A file-like object, never bytes or str: feedparser treats a string as a URL or a
    # file name to open, and a feed's bytes must not be able to name a local file.
    # application/xml: the XML declaration, not a guess, decides the encoding (RFC 7303);
    # without a content type feedparser flags every feed as bozo.
    parsed = feedparser.parse(
        io.BytesIO(content),
        response_headers={"content-location": url, "content-type": "application/xml"},
        # We keep plain text only (tags stripped, links resolved by `_web_link`), so
        # feedparser's HTML sanitizer and URI rewriting, most of its cost, are not needed.
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    problems: list[Problem] = []
    if parsed.get("bozo"):
        reason = _describe(parsed.get("bozo_exception"))
        problems.append(Problem(url, f"broken feed (kept what could be read): {reason}"))
    version = parsed.get("version") or None
    entries = _unique([_xml_entry(raw, url) for raw in parsed.get("entries", [])])
    if not version and not entries:
        problems.append(Problem(url, "not a feed (no RSS, Atom or JSON Feed found)"))
    title = _plain(parsed.get("feed", {}).get("title"))
    return ParsedFeed(title, entries, problems, version)


def _xml_entry(raw: Any, feed_url: str) -> FeedEntry:
    link = _web_link(raw.get("link"), feed_url)
    title = _plain(raw.get("title"))
    summary = _plain(raw.get("summary"))
    if not summary and raw.get("content"):
        summary = _plain(raw["content"][0].get("value"))
    published = _from_struct(raw.get("published_parsed") or raw.get("updated_parsed"))
    if published is None:
        published = normalize_published(_string(raw.get("published") or raw.get("updated")))
    entry_id = _string(raw.get("id")) or link or _content_id(title, summary)
    return FeedEntry(entry_id, link, title, published, summary)


def _from_struct(value: Any) -> str | None:
    """feedparser's dates are `time.struct_time` in UTC."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", value)
    except (ValueError, OverflowError):
        return None


# --- JSON Feed (https://jsonfeed.org/version/1.1) ------------------------------------


def _parse_json_feed(content: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(content.decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError) as err:
        return ParsedFeed(None, [], [Problem(url, f"broken JSON feed: {_describe(err)}")])
    if not isinstance(data, dict):
        return ParsedFeed(None, [], [Problem(url, "not a feed (JSON, but not an object)")])
    problems: list[Problem] = []
    match = _JSON_FEED_VERSION.match(_string(data.get("version")) or "")
    if not match:
        problems.append(Problem(url, "JSON without a jsonfeed.org version; read as JSON Feed"))
    items = data.get("items")
    if not isinstance(items, list):
        problems.append(Problem(url, "JSON feed without an 'items' list"))
        items = []
    entries = [_json_entry(item, url) for item in items if isinstance(item, dict)]
    if len(entries) < len(items):
        problems.append(Problem(url, f"{len(items) - len(entries)} JSON feed items not objects"))
    version = f"json{match.group(1).replace('.', '')}" if match else "json"
    return ParsedFeed(_plain(_string(data.get("title"))), _unique(entries), problems, version)


def _json_entry(item: dict[str, Any], feed_url: str) -> FeedEntry:
    link = _web_link(_string(item.get("url")) or _string(item.get("external_url")), feed_url)
    title = _plain(_string(item.get("title")))
    summary = _plain(
        _string(item.get("summary"))
        or _string(item.get("content_text"))
        or _string(item.get("content_html"))
    )
    published = normalize_published(
        _string(item.get("date_published")) or _string(item.get("date_modified"))
    )
    entry_id = _string(item.get("id")) or link or _content_id(title, summary)
    return FeedEntry(entry_id, link, title, published, summary)


# --- OPML ----------------------------------------------------------------------------

# recover: OPML exported by old readers is often not well-formed; resolve_entities and
# no_network: a feed list must not make us read local files or other servers.
_OPML_PARSER = etree.XMLParser(
    recover=True, resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
)


def parse_opml(content: bytes) -> list[FeedRef]:
    """Every feed an OPML file names, in document order, nested outlines included; each
    URL once. Junk (outlines without an http(s) xmlUrl, broken XML) is skipped."""
    try:
        root = etree.fromstring(content, _OPML_PARSER)
    except (etree.LxmlError, ValueError):
        return []
    if root is None:
        return []
    refs: dict[str, FeedRef] = {}
    for element in root.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname != "outline":
            continue
        ref = _outline_ref(element)
        if ref and ref.url not in refs:
            refs[ref.url] = ref
    return list(refs.values())


def _outline_ref(element: Any) -> FeedRef | None:
    # Attribute names vary in case between exporters ("xmlUrl", "xmlurl", "XMLURL").
    attributes = {str(name).lower(): str(value) for name, value in element.attrib.items()}
    url = _web_link(attributes.get("xmlurl"), None)
    if not url:
        return None
    title = _plain(attributes.get("title")) or _plain(attributes.get("text"))
    return FeedRef(url, title)


# --- shared helpers ------------------------------------------------------------------


def _string(value: Any) -> str | None:
    """A string field from untrusted data; JSON Feed ids may be numbers."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None


def _plain(value: Any) -> str | None:
    """Markup-free, single-spaced text for titles and summaries."""
    text = _string(value)
    if text is None:
        return None
    text = _CODE.sub(" ", text[:_MAX_SUMMARY_CHARS])
    text = html.unescape(_TAG.sub(" ", text))
    text = _SPACE.sub(" ", text).strip()
    return text or None


def _web_link(value: Any, base: str | None) -> str | None:
    """An absolute http(s) URL, or None: javascript:, mailto: and data: are not pages."""
    link = _string(value)
    if not link:
        return None
    try:
        absolute = urljoin(base, link) if base else link
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.hostname:
        return None
    return absolute


def _content_id(title: str | None, summary: str | None) -> str:
    digest = hashlib.sha1(f"{title or ''}\n{summary or ''}".encode()).hexdigest()
    return f"sha1:{digest[:20]}"


def _unique(entries: list[FeedEntry]) -> list[FeedEntry]:
    """One entry per id, the first one: feeds repeat items when a CMS republishes."""
    seen: dict[str, FeedEntry] = {}
    for entry in entries:
        seen.setdefault(entry.id, entry)
    return list(seen.values())


def _describe(err: BaseException | None) -> str:
    if err is None:
        return "unknown error"
    message = str(err).strip() or type(err).__name__
    return message[:200]
