"""Search over a brief's events: titles, claims and article text.

Simple on purpose: the query and the texts are casefolded and accent-folded ("Überlingen",
"uberlingen" and "ÜBERLINGEN" all match), split into word tokens, and an event matches
when every query token is one of its tokens. Events rank by the best place all the
tokens were found (title, then claim, then article text), then newest first, then most
covered. The index is built once per document, so a query costs a few set lookups per
event.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# Where a query matched, best first; the number is the rank (lower is better).
FIELD_RANK = {"title": 0, "claim": 1, "text": 2}

# Word tokens of folded text: letters and digits, with inner apostrophes or hyphens kept
# out (so "sea-wall" is "sea" and "wall", which is what people type either way).
_TOKEN = re.compile(r"\w+", re.UNICODE)

# A query is people's typing, not a document: a cap keeps a pasted article from costing.
MAX_QUERY_CHARS = 500
MAX_QUERY_TOKENS = 32


def fold(text: str) -> str:
    """Casefolded, with accents and other combining marks dropped (é -> e, ß -> ss)."""
    # Unicode's compatibility caseless match: casefolding after NFKD too, because NFKD
    # can turn a letter into one with case (mathematical bold "𝐀" becomes "A").
    decomposed = unicodedata.normalize(
        "NFKD", unicodedata.normalize("NFKD", text.casefold()).casefold()
    )
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """The folded word tokens of `text`, in order."""
    return _TOKEN.findall(fold(text))


def query_tokens(query: str | None) -> list[str]:
    """The distinct tokens of a query, in the order typed, capped in length and count."""
    if not query:
        return []
    seen: dict[str, None] = {}
    for token in tokens(query[:MAX_QUERY_CHARS]):
        seen.setdefault(token, None)
    return list(seen)[:MAX_QUERY_TOKENS]


@dataclass(frozen=True)
class _Entry:
    """One event's token sets, each cumulative: `claim` holds title and claim tokens."""

    event: dict[str, Any]
    title: frozenset[str]
    claim: frozenset[str]
    text: frozenset[str]


def _token_set(texts: Iterable[str | None]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        if text:
            found.update(tokens(text))
    return found


def recency_key(event: dict[str, Any]) -> tuple[Any, ...]:
    """Sort key for "newest first, then most covered": undated events go last; the id
    settles ties so the order never depends on the input order."""
    date = event.get("date") or ""
    # Negate the characters of the date so one ascending sort gives newest first.
    newest = tuple(-ord(ch) for ch in date)
    return (not date, newest, -len(event.get("articles") or ()), event.get("id") or "")


def order_events(events: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events newest first, then most covered (most articles)."""
    return sorted(events, key=recency_key)


class SearchIndex:
    """Folded token sets of every event in a brief document, for `search`."""

    def __init__(self, document: dict[str, Any]) -> None:
        articles = {a.get("id"): a for a in document.get("articles", [])}
        self._entries = [
            self._entry(event, articles) for event in order_events(document.get("events", []))
        ]

    @staticmethod
    def _entry(event: dict[str, Any], articles: dict[Any, dict[str, Any]]) -> _Entry:
        members = [articles[a] for a in event.get("articles", []) if a in articles]
        # Article titles count as titles: an outlet's headline is what people remember.
        title = _token_set([event.get("title"), *(a.get("title") for a in members)])
        claim = title | _token_set(
            [c.get("text") for c in event.get("claims", [])]
            + [q.get("text") for q in event.get("quotes", [])]
        )
        text = claim | _token_set(a.get("text") for a in members)
        return _Entry(event, frozenset(title), frozenset(claim), frozenset(text))

    def events(self) -> list[dict[str, Any]]:
        """All events, newest first, then most covered."""
        return [entry.event for entry in self._entries]

    def search(self, query: str | None) -> list[dict[str, Any]]:
        """The events matching every token of `query`, best match first; all events (in
        `events()` order) for an empty query, none for a query with no word in it."""
        if query is None or not query.strip():
            return self.events()
        wanted = query_tokens(query)
        if not wanted:
            return []
        ranked: list[tuple[int, int, dict[str, Any]]] = []
        for position, entry in enumerate(self._entries):
            rank = _match_rank(entry, wanted)
            if rank is not None:
                # `position` is the recency order, so it breaks ties by recency.
                ranked.append((rank, position, entry.event))
        ranked.sort(key=lambda item: (item[0], item[1]))
        return [event for _rank, _position, event in ranked]


def _match_rank(entry: _Entry, wanted: Sequence[str]) -> int | None:
    for field, rank in FIELD_RANK.items():
        found: frozenset[str] = getattr(entry, field)
        if all(token in found for token in wanted):
            return rank
    return None
