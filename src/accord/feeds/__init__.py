"""Following feeds: parse RSS/Atom/JSON Feed and OPML, fetch politely, read entry pages.

`extract_entry_article` joins the two halves: an entry's page, once fetched, goes
through the same HTML reader as a saved page, with the entry's own metadata filling
what the page does not say.
"""

from __future__ import annotations

import re

from accord.feeds.fetch import DEFAULT_USER_AGENT, Fetcher, FetchResult
from accord.feeds.parse import FeedEntry, FeedRef, ParsedFeed, parse_feed, parse_opml
from accord.ingest.decode import DecodeError, decode_bytes
from accord.ingest.html import extract_html
from accord.ingest.records import RecordError, finish_article
from accord.model import Article

__all__ = [
    "DEFAULT_USER_AGENT",
    "FeedEntry",
    "FeedRef",
    "FetchResult",
    "Fetcher",
    "ParsedFeed",
    "extract_entry_article",
    "parse_feed",
    "parse_opml",
]

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
# <meta charset="..."> or <meta http-equiv=... content="text/html; charset=...">, which
# must sit in the first 1024 bytes of a page.
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def extract_entry_article(result: FetchResult, entry: FeedEntry) -> Article | None:
    """The article on the page `result` fetched for `entry`, or None when the fetch
    failed or the page holds no article text."""
    if not result.ok or not result.content:
        return None
    page = _decode_page(result.content, result.content_type)
    if page is None:
        return None
    doc = extract_html(page, url=result.final_url)
    if doc is None:
        return None
    try:
        return finish_article(
            source=result.final_url,
            body=doc.text,
            title=doc.title or entry.title,
            published=_published(doc.published, entry.published),
            outlet=doc.sitename,  # finish_article falls back to the URL's domain
            url=doc.url or result.final_url,
            language=doc.language,
            author=doc.author,
        )
    except RecordError:
        return None


def _published(page: str | None, entry: str | None) -> str | None:
    """The page's date first; but where the page gives only the day and the feed the
    time on that same day, the feed's is the more precise reading of one fact."""
    if page and entry and len(page) == 10 and entry.startswith(page):
        return entry
    return page or entry


def _decode_page(content: bytes, content_type: str | None) -> str | None:
    """The declared charset (HTTP header, then <meta>) when it decodes; else guess."""
    declared = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(content[:1024])
    for match in (declared, meta):
        if match is None:
            continue
        name = match.group(1)
        name = name.decode("ascii", "replace") if isinstance(name, bytes) else name
        try:
            return content.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return decode_bytes(content)
    except DecodeError:
        return None
