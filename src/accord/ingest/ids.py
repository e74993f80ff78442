"""Stable article ids: the id the input gives, else one derived from where and what it is.

A derived id is a readable slug plus a hash of the article's key (its URL, or its path
when it has no URL) and its text, so the same input read twice gets the same id and is
kept once, while an article whose text changed is a new version with a new id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import urlsplit

_SLUG_MAX = 40
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(value: str, max_length: int = _SLUG_MAX) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    slug = _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "article"


def content_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def derive_id(*, url: str | None, path: str | None, title: str | None, text: str) -> str:
    """`<slug>-<hash>`: the slug tells a person what it is, the hash makes it unique."""
    key = url or path or ""
    digest = hashlib.sha1(f"{key}\n{content_hash(text)}".encode()).hexdigest()[:10]
    return f"{slugify(_slug_source(url, path, title))}-{digest}"


def _slug_source(url: str | None, path: str | None, title: str | None) -> str:
    if url:
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if segments:
            return re.sub(r"\.[a-z0-9]{2,5}$", "", segments[-1])
        return parts.netloc
    if path:
        name = re.split(r"[\\/]", path)[-1]
        return re.sub(r"\.[A-Za-z0-9]{2,5}$", "", name)
    return title or "article"


def outlet_from_url(url: str | None) -> str | None:
    """The publisher's domain, without "www.", as the outlet when nothing better is known."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")
