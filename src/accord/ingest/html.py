"""Main text and metadata of an HTML page, through trafilatura."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import trafilatura


@dataclass
class HtmlDoc:
    text: str
    title: str | None
    published: str | None
    sitename: str | None
    author: str | None
    url: str | None
    hostname: str | None
    language: str | None


def extract_html(html: str, url: str | None = None) -> HtmlDoc | None:
    """The article in `html`, or None when the page holds no main text."""
    with warnings.catch_warnings():
        # trafilatura trips lxml's FutureWarning on element truth-testing; not ours to fix.
        warnings.simplefilter("ignore", FutureWarning)
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,  # reader comments are not the outlet's report
            include_tables=False,
            with_metadata=True,
            deduplicate=False,
        )
    if doc is None:
        return None
    text = (doc.text or "").strip()
    title = (doc.title or "").strip() or None
    # trafilatura repeats the headline as the first line of the text; it is the title.
    if title and text.startswith(title):
        text = text[len(title) :].lstrip("\n ")
    if not text:
        return None
    return HtmlDoc(
        text=text,
        title=title,
        published=doc.date or None,
        sitename=(doc.sitename or "").strip() or None,
        author=(doc.author or "").strip() or None,
        url=doc.url or url,
        hostname=doc.hostname or None,
        language=doc.language or None,
    )
