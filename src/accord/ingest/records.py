"""Turning what a reader found (a file's text, an HTML page, a JSON record) into an Article.

All readers end here, so cleaning, credits, outlet and id are decided in one place.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from accord.ingest.clean import clean
from accord.ingest.credits import canonical_agency, find_credits
from accord.ingest.html import extract_html
from accord.ingest.ids import derive_id, outlet_from_url
from accord.ingest.plaintext import parse_plain_text
from accord.ingest.published import normalize_published
from accord.model import Article

_SPACES_BEFORE_NEWLINE = re.compile(r"[ \t]+\n")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# Characters that have no place in article text: NUL and other C0 controls except
# tab/newline, and the C1 block that mis-decoded cp1252 text leaves behind.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

RECORD_FIELDS = ("id", "url", "title", "published", "outlet", "language", "author")


class RecordError(ValueError):
    """A record that cannot be an article; the message is the reason shown to users."""


def normalize_text(text: str) -> str:
    """One canonical form for text that offsets will index into."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL_CHARS.sub("", text)
    text = _SPACES_BEFORE_NEWLINE.sub("\n", text)
    return _MANY_BLANK_LINES.sub("\n\n", text).strip()


def article_from_plain_text(raw: str, source: str) -> Article:
    doc = parse_plain_text(normalize_text(raw))
    return finish_article(
        source=source,
        body=doc.body,
        title=doc.title,
        published=doc.published,
        outlet=doc.outlet,
        url=doc.url,
        language=doc.language,
        author=doc.author,
        place=doc.place,
        extra_credits=_dateline_credit(doc.dateline_credit),
    )


_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def _dateline_credit(credit: str | None) -> list[str]:
    """ "MOSCOW (Reuters) -" credits Reuters, but "PUNTA ALDEA (Almería).-" names a province:
    only a known agency or an agency-like acronym counts."""
    if not credit:
        return []
    known = canonical_agency(credit)
    if known:
        return [known]
    return [credit] if _ACRONYM.match(credit) else []


def article_from_html(
    html: str, source: str, given: dict[str, str | None] | None = None
) -> Article:
    """An HTML page; `given` metadata (from a JSON record) wins over what the page says."""
    given = given or {}
    doc = extract_html(html, url=given.get("url"))
    if doc is None:
        raise RecordError("HTML page with no article text")
    return finish_article(
        source=source,
        body=doc.text,
        title=given.get("title") or doc.title,
        published=given.get("published") or doc.published,
        outlet=given.get("outlet") or doc.sitename or outlet_from_url(doc.url),
        url=doc.url,
        language=given.get("language") or doc.language,
        author=given.get("author") or doc.author,
        given_id=given.get("id"),
    )


def article_from_record(record: Any, source: str) -> Article:
    """A JSON object with `text` or `html`, and optional metadata fields."""
    if not isinstance(record, dict):
        raise RecordError(f"expected a JSON object, got {type(record).__name__}")
    fields = {name: _string_field(record, name) for name in RECORD_FIELDS}
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        return finish_article(
            source=source,
            body=normalize_text(text),
            title=fields["title"],
            published=fields["published"],
            outlet=fields["outlet"],
            url=fields["url"],
            language=fields["language"],
            author=fields["author"],
            given_id=fields["id"],
        )
    if isinstance(html, str) and html.strip():
        return article_from_html(html, source, fields)
    if text is None and html is None:
        raise RecordError("no 'text' or 'html' field")
    raise RecordError("'text'/'html' is empty or not a string")


def _string_field(record: dict[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise RecordError(f"field '{name}' should be a string, got {type(value).__name__}")
    value = str(value).strip()
    return value or None


def finish_article(
    *,
    source: str,
    body: str,
    title: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    language: str | None = None,
    author: str | None = None,
    place: str | None = None,
    extra_credits: list[str] | None = None,
    given_id: str | None = None,
) -> Article:
    title = normalize_text(title) if title else None
    outlet = outlet or outlet_from_url(url)
    text, removed = clean(normalize_text(body), title=title, outlet=outlet)
    if not text:
        raise RecordError("no article text left after removing boilerplate")
    credits = list(dict.fromkeys([*(extra_credits or []), *find_credits(text)]))
    # The file name, not the path as typed, keys the id: `a/x.txt` and `./a/x.txt` are
    # one input; a JSONL record's source "batch.jsonl:12" keys on the file name alone.
    article_id = given_id or derive_id(url=url, path=_file_name(source), title=title, text=text)
    return Article(
        id=article_id,
        source=source,
        text=text,
        title=title or None,
        published=normalize_published(published),
        outlet=outlet,
        url=url,
        language=_language_code(language),
        author=author,
        place=place,
        credits=credits,
        removed=removed,
    )


_LANGUAGE_TAG = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$")


def _language_code(value: str | None) -> str | None:
    """ "es", "es-ES", "pt_BR" -> the ISO 639-1 part; anything else is not trusted."""
    match = _LANGUAGE_TAG.match((value or "").strip().lower())
    return match.group(1) if match else None


def _file_name(source: str) -> str:
    name = re.split(r"[\\/]", source)[-1]
    return re.sub(r":\d+$", "", name)
