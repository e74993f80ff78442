"""The brief for people, as HTML: one self-contained file, and the web app's pages.

`render_html` writes the whole brief document (`brief.schema.json`) as one page that
needs no network: CSS and JS are inlined, each event's articles are in the page
(collapsed) so that a citation chip can open its article at the cited span.
`render_front_page`, `render_event_page`, `render_article_page` and
`render_storylines_page` are the app's views of the same document; their links go to
`/events/{id}`, `/articles/{id}#m-...` and `/storylines#{story id}`.

Every string of the document is untrusted (article text, titles, outlets, file names):
the templates autoescape everything, no data value is ever marked safe, URLs from the
data become links only when they are plain http(s), and the one inline script carries a
per-page nonce that the page's Content-Security-Policy requires. The highlighted article
text is built here from escaped segments of the text (never by JS writing markup).

Highlighting: every cited span of an article (claims, conflicts, quotes, timeline) is a
`<mark class="cited" id="m-{article}-{start}-{end}" data-mentions="m-...">`. Spans that
nest are nested marks, so the mark with a span's id holds exactly that span's text; a
span that crosses another is cut into pieces, the first piece carries the id and every
piece names the span in `data-mentions` (so the span's text is the pieces' text joined).
"""

from __future__ import annotations

import heapq
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from accord.render.markdown import ArticleIndex, language_name

# --- What the page says, kept as data --------------------------------------------------

DOCUMENT_TITLE = "News brief"
UNTITLED_EVENT = "Untitled event"
UNTITLED_ARTICLE = "(untitled)"
UNATTRIBUTED = "Unattributed"
UNDATED = "Undated"

STATUS_LABELS = {
    "consensus": "consensus",
    "corroborated": "corroborated",
    "single_source": "single source",
    "absent": "not reported",
}
# Matrix rows: consensus first, then corroborated, then single-source details.
STATUS_ORDER = {"consensus": 0, "corroborated": 1, "single_source": 2}

# Claim text in the matrix is cut here (on a word boundary); the full text expands.
CLAIM_PREVIEW_CHARS = 140
# Granularities worth saying next to a date: a "day" is what a bare date already says.
SHOWN_GRANULARITIES = frozenset({"week", "month", "season", "year"})
# The "What changed" block and the storyline chains.
SINCE_PREVIOUS = "since the previous brief"
STORYLINE_LABEL = "Part of a storyline"
STORYLINES_TITLE = "Storylines"

# Only these schemes ever become a link from data.
LINK_SCHEMES = frozenset({"http", "https"})

# The Content-Security-Policy of every page: nothing from the network, only our own
# nonce-carrying style and script; forms only back to the app.
CSP = (
    "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
    "img-src 'none'; base-uri 'none'; form-action 'self'"
)


def content_security_policy(nonce: str) -> str:
    """The policy the pages carry in their meta tag, for an app that also sends it as a
    header (pass the same `nonce` to the render function)."""
    return CSP.format(nonce=nonce)


HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_WHITESPACE = re.compile(r"\s+")
# An ISO 8601 moment ('2026-03-01T10:00:00+00:00'), shown as '2026-03-01 10:00 UTC'.
_MOMENT = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$"
)
_UTC_SUFFIXES = frozenset({"Z", "+00:00", "+0000", "-00:00"})
# Characters no URL we link to may contain (they would hide what the link really is).
_NONCE = re.compile(r"[A-Za-z0-9+/_=-]{16,128}")
_ID_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f%]")
_URL_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f<>\"'`\\]")


# --- Templates and assets --------------------------------------------------------------


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every template, whatever its name: all data is untrusted
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
    )
    env.globals["status_labels"] = STATUS_LABELS
    return env


@cache
def _asset(name: str) -> Markup:
    """Our own CSS/JS, read once; trusted (it ships with the package), so Markup."""
    return Markup((STATIC / name).read_text(encoding="utf-8"))


def _page(template: str, nonce: str | None, **context: Any) -> str:
    # A fresh nonce per page unless the caller (the app, sending the same policy as a
    # header) gives one; it must be unguessable, so never derived from the data.
    if not nonce or not _NONCE.fullmatch(nonce):
        nonce = secrets.token_urlsafe(16)
    return (
        _environment()
        .get_template(template)
        .render(
            nonce=nonce,
            csp=content_security_policy(nonce),
            css=_asset("brief.css"),
            js=_asset("brief.js"),
            **context,
        )
    )


# --- Small helpers on untrusted values -------------------------------------------------


def safe_url(value: Any) -> str | None:
    """`value` when it is an absolute http(s) URL with a host and nothing odd in it."""
    if not isinstance(value, str) or not value or _URL_UNSAFE.search(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return None
    return value


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _day(value: Any) -> str | None:
    """'2026-10-31T11:05:00+00:00' -> '2026-10-31'; anything else as given (or None)."""
    if not value:
        return None
    value = str(value)
    match = _DATE.match(value)
    return match.group(0) if match else value


def time_gap(before: str | None, after: str | None) -> tuple[str | None, str]:
    """ "3 days later", "5 weeks later" between two ISO days, and how long a gap that is
    ("s", "m" or "l", for the space the timeline leaves); (None, "") for less than two
    days or anything that is not two whole days."""
    try:
        days = (date.fromisoformat(after or "") - date.fromisoformat(before or "")).days
    except ValueError:
        return None, ""
    if days < 2:
        return None, ""
    if days < 14:
        return f"{days} days later", "s"
    if days < 61:
        return f"{round(days / 7)} weeks later", "m"
    if days < 730:
        return f"{round(days / 30.44)} months later", "l"
    return f"{round(days / 365.25)} years later", "l"


def _moment(value: Any) -> dict[str, str] | None:
    """A time for a `<time>` element: the value as given (its `datetime`) and a shorter
    form to show; None when there is none."""
    if not value:
        return None
    raw = str(value)
    match = _MOMENT.match(raw)
    if match is None:
        return {"raw": raw, "shown": raw}
    day, clock, zone = match.groups()
    suffix = " UTC" if zone in _UTC_SUFFIXES else f" {zone}" if zone else ""
    return {"raw": raw, "shown": f"{day} {clock}{suffix}"}


def _preview(text: str, limit: int = CLAIM_PREVIEW_CHARS) -> tuple[str, bool]:
    """The text cut at a word boundary near `limit`, and whether it was cut."""
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) <= limit:
        return text, False
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…", True


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def mark_id(article_id: str, start: int, end: int) -> str:
    """The element id of a cited span: `m-{article id}-{start}-{end}`.

    Whitespace and control characters in an article id are percent-encoded: an HTML
    id holds none, the parser turns CR into LF, and `data-mentions` is space-separated.
    """
    return f"m-{_ID_UNSAFE.sub(_percent, article_id)}-{start}-{end}"


def _percent(match: re.Match[str]) -> str:
    return quote(match.group(0), safe="")


def element_id(kind: str, event_id: str, ident: str) -> str:
    """The id of a claim, conflict, quote, timeline entry or source of an event in a page
    (as the templates write it): "claim-<event>-c3"."""
    return f"{kind}-{event_id}-{ident}"


def storyline_anchor(story_id: str) -> str:
    """The element id of a storyline on the storylines page: its id, with whitespace
    and control characters percent-encoded as in `mark_id`."""
    return _ID_UNSAFE.sub(_percent, story_id)


def _q(value: str) -> str:
    """A path segment or fragment: percent-encoded, so no data can leave it."""
    return quote(value, safe="")


# --- The document, indexed -------------------------------------------------------------


class _Doc(ArticleIndex):
    """Look-ups on a brief document, tolerant of missing fields and bad offsets: its
    articles (as the Markdown renderer looks them up), events, storylines and the spans
    its events cite."""

    def __init__(
        self,
        articles: Iterable[Any],
        events: list[Mapping[str, Any]],
        stories: _Storylines | None = None,
    ) -> None:
        super().__init__(articles)
        self.events = events
        self.stories = stories
        # article id -> {(start, end): [what cites it]} for spans valid in its text
        self.spans: dict[str, dict[tuple[int, int], list[_Ref]]] = {}

    @property
    def articles(self) -> dict[str, Mapping[str, Any]]:
        return self.by_id

    @classmethod
    def of(
        cls,
        document: Mapping[str, Any],
        spans_of: Callable[[Mapping[str, Any]], bool] | None = None,
    ) -> _Doc:
        """The document indexed; cited spans only of the events `spans_of` accepts (an
        app page needs one event's, not a whole store's)."""
        events = [e for e in _list(document.get("events")) if isinstance(e, Mapping)]
        doc = cls(_list(document.get("articles")), events, _Storylines.of(document, events))
        for event in events:
            if spans_of is not None and not spans_of(event):
                continue
            for ref, mention in _event_mentions(event):
                doc._add_span(ref, mention)
        return doc

    def _add_span(self, ref: _Ref, mention: Mapping[str, Any]) -> None:
        span = self.span(mention)
        if span is not None:
            refs = self.spans.setdefault(span[0], {}).setdefault((span[1], span[2]), [])
            if ref not in refs:
                refs.append(ref)

    def span(self, mention: Any) -> tuple[str, int, int] | None:
        """(article, start, end) when the mention's offsets index its article's text
        and (when given) the text there is the mention's text; else None."""
        if not isinstance(mention, Mapping):
            return None
        article_id = _text(mention.get("article"))
        start, end = _int(mention.get("start")), _int(mention.get("end"))
        text = self.text(article_id)
        if start is None or end is None or text is None or not 0 <= start < end <= len(text):
            return None
        quoted = mention.get("text")
        if isinstance(quoted, str) and text[start:end] != quoted:
            return None
        return article_id, start, end

    def text(self, article_id: str) -> str | None:
        article = self.articles.get(article_id)
        text = article.get("text") if article is not None else None
        return text if isinstance(text, str) else None

    def event(self, event_id: str) -> Mapping[str, Any]:
        for event in self.events:
            if _text(event.get("id")) == event_id:
                return event
        raise KeyError(event_id)


@dataclass
class _Story:
    """One storyline of the document: its id, its chapters (event ids, in the document's
    order, which is date order) and the names they share."""

    id: str
    members: list[str]
    names: list[str]


@dataclass
class _Storylines:
    """The document's storylines (`[{id, events: [ids in date order], names}]`), by event:
    each event's chain of chapters, for the lists and the event pages, and every story
    laid out whole, for the storylines page."""

    stories: list[_Story]
    chains: dict[str, _Story]  # event id -> the story it is a chapter of
    events: dict[str, Mapping[str, Any]]

    @classmethod
    def of(cls, document: Mapping[str, Any], events: list[Mapping[str, Any]]) -> _Storylines:
        by_id: dict[str, Mapping[str, Any]] = {}
        for event in events:
            by_id.setdefault(_text(event.get("id")), event)
        stories: list[_Story] = []
        chains: dict[str, _Story] = {}
        for story in _list(document.get("storylines")):
            if not isinstance(story, Mapping):
                continue
            members = _unique(_text(e) for e in _list(story.get("events")) if e is not None)
            if len(members) < 2:  # a chain of one says nothing
                continue
            names = _unique(_text(n) for n in _list(story.get("names")) if n)
            # A story needs an id to be linked to; one without gets its first chapter's.
            found = _Story(_text(story.get("id")) or f"story-{members[0]}", members, names)
            stories.append(found)
            for member in members:
                chains.setdefault(member, found)  # an event in one story only
        return cls(stories, chains, by_id)

    def _chapter(self, member: str, links: _Links, current: str | None) -> dict[str, Any]:
        event = self.events.get(member)
        known = event is not None
        return {
            "id": member,
            "title": (_text(event.get("title")) if known else "") or UNTITLED_EVENT,
            "date": _day(event.get("date")) if known else None,
            "href": links.event(member) if known and member != current else None,
            "current": member == current,
            "known": known,
            "articles": len(_list(event.get("articles"))) if known else 0,
            "outlets": len(_list(event.get("outlets"))) if known else 0,
        }

    def chain(self, event_id: str, links: _Links) -> dict[str, Any] | None:
        """The chain `event_id` is a chapter of: each chapter's title, date and link
        (none for the event itself, nor for events this document does not hold), and
        the link to the whole story on the storylines page (in the app only)."""
        story = self.chains.get(event_id)
        if story is None:
            return None
        return {
            "label": STORYLINE_LABEL,
            "chapters": [self._chapter(m, links, event_id) for m in story.members],
            "position": story.members.index(event_id) + 1,
            "length": len(story.members),
            "names": story.names,
            "href": links.storyline(story.id),
        }

    def views(self, links: _Links) -> list[dict[str, Any]]:
        """Every story with its chapters, the story with the latest chapter first (as
        the front page puts the newest events first); chapters stay in date order."""
        views = []
        for story in self.stories:
            chapters = [self._chapter(m, links, None) for m in story.members]
            dates = [c["date"] for c in chapters if c["date"]]
            views.append(
                {
                    "id": story.id,
                    "anchor": storyline_anchor(story.id),
                    "title": chapters[0]["title"],
                    "names": story.names,
                    "chapters": chapters,
                    "first": min(dates) if dates else None,
                    "last": max(dates) if dates else None,
                }
            )
        views.sort(key=lambda v: v["id"])
        views.sort(key=lambda v: v["last"] or "", reverse=True)
        return views


@dataclass(frozen=True)
class _Ref:
    """Something in an event that cites a span: a claim, a quote, a conflict, a date."""

    event: str
    kind: str  # "claim" | "quote" | "conflict" | "timeline"
    anchor: str  # element id in the event's page
    label: str  # "claim c3"


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _event_mentions(event: Mapping[str, Any]) -> Iterable[tuple[_Ref, Any]]:
    event_id = _text(event.get("id"))
    for claim in _list(event.get("claims")):
        if isinstance(claim, Mapping):
            cid = _text(claim.get("id"))
            ref = _Ref(event_id, "claim", element_id("claim", event_id, cid), f"claim {cid}")
            for mention in _list(claim.get("mentions")):
                yield ref, mention
    for conflict in _list(event.get("conflicts")):
        if isinstance(conflict, Mapping):
            xid = _text(conflict.get("id"))
            ref = _Ref(
                event_id, "conflict", element_id("conflict", event_id, xid), f"conflict {xid}"
            )
            for value in _list(conflict.get("values")):
                if isinstance(value, Mapping):
                    for mention in _list(value.get("mentions")):
                        yield ref, mention
    for quote_group in _list(event.get("quotes")):
        if isinstance(quote_group, Mapping):
            qid = _text(quote_group.get("id"))
            ref = _Ref(event_id, "quote", element_id("quote", event_id, qid), f"quote {qid}")
            for mention in _list(quote_group.get("mentions")):
                yield ref, mention
    for number, dated in enumerate(_list(event.get("timeline")), 1):
        if isinstance(dated, Mapping):
            ref = _Ref(
                event_id,
                "timeline",
                element_id("date", event_id, str(number)),
                f"timeline entry {number}",
            )
            for mention in _list(dated.get("mentions")):
                yield ref, mention


# --- Highlighting an article's text ----------------------------------------------------


def highlight(
    text: str,
    article_id: str,
    spans: Mapping[tuple[int, int], Any],
    titles: Mapping[tuple[int, int], str] | None = None,
) -> Markup:
    """`text` escaped, each span in `spans` wrapped in `<mark class="cited">`.

    Nested spans become nested marks; a span crossing an open one is cut at the open
    one's end and goes on in a new piece (see the module's docstring).
    """
    titles = titles or {}
    pending = [(s, -e, s, e) for (s, e) in spans if 0 <= s < e <= len(text)]
    heapq.heapify(pending)
    out: list[str] = []
    stack: list[int] = []  # ends of the open marks, innermost last
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(escape(text[pos:end]))
            out.append("</mark>")
            pos = end

    while pending:
        start, neg_end, first, last = heapq.heappop(pending)
        end = -neg_end
        close_until(start)
        out.append(escape(text[pos:start]))
        pos = start
        if stack and end > stack[-1]:  # crosses the innermost open mark: cut it there
            heapq.heappush(pending, (stack[-1], -end, first, last))
            end = stack[-1]
        if start == end:
            continue
        out.append(_open_mark(article_id, first, last, start == first, titles.get((first, last))))
        stack.append(end)
    close_until(len(text))
    out.append(escape(text[pos:]))
    return Markup("".join(out))


def _open_mark(article_id: str, first: int, last: int, head: bool, title: str | None) -> str:
    ident = escape(mark_id(article_id, first, last))
    attributes = f' id="{ident}"' if head else ""
    if title:
        attributes += f' title="{escape(title)}"'
    return f'<mark class="cited"{attributes} data-mentions="{ident}">'


# --- Links: in the file, or in the app -------------------------------------------------


@dataclass(frozen=True)
class _Links:
    app: bool

    def span(self, article_id: str, start: int, end: int) -> str:
        fragment = "#" + _q(mark_id(article_id, start, end))
        return f"/articles/{_q(article_id)}{fragment}" if self.app else fragment

    def article(self, article_id: str) -> str:
        return f"/articles/{_q(article_id)}" if self.app else "#article-" + _q(article_id)

    def event(self, event_id: str) -> str:
        return f"/events/{_q(event_id)}" if self.app else "#event-" + _q(event_id)

    def storyline(self, story_id: str) -> str | None:
        """The story on the app's storylines page; the file has no such page."""
        return f"/storylines#{_q(storyline_anchor(story_id))}" if self.app else None


FILE_LINKS = _Links(app=False)
APP_LINKS = _Links(app=True)


# --- View models: what the templates lay out -------------------------------------------


@dataclass
class Chip:
    number: int | str
    article: str
    outlet: str
    href: str
    start: int | None = None
    end: int | None = None


class _EventView:
    """Everything an event's section shows, computed once from the document."""

    def __init__(self, doc: _Doc, event: Mapping[str, Any], links: _Links) -> None:
        self.doc, self.links, self._event = doc, links, event
        self.id = _text(event.get("id"))
        self.title = _text(event.get("title")) or UNTITLED_EVENT
        self.date = _day(event.get("date"))
        self.article_ids = _unique(_text(a) for a in _list(event.get("articles")))
        self.numbers = {aid: n for n, aid in enumerate(self.article_ids, 1)}
        self.outlets = [_text(o) for o in _list(event.get("outlets"))]
        self.languages = [language_name(c) for c in _list(event.get("languages"))]
        self.claims = [c for c in _list(event.get("claims")) if isinstance(c, Mapping)]
        self.claims_by_id = {_text(c.get("id")): c for c in self.claims}
        self.changes = self._changes(event)
        self.new_claims = set(self.changes["claims_ids"]) if self.changes else set()
        self.storyline = doc.stories.chain(self.id, links) if doc.stories else None
        self.summary = self._summary(event)
        self.columns = self._columns()
        self.rows = self._rows()
        self.conflicts = self._conflicts(event)
        self.speakers = self._speakers(event)
        self.timeline = self._timeline(event)
        self.sources = self._sources()
        self.problems = [p for p in _list(event.get("problems")) if isinstance(p, Mapping)]

    # chips ---------------------------------------------------------------------------

    def chip(self, mention: Any) -> Chip | None:
        if not isinstance(mention, Mapping) or mention.get("article") is None:
            return None
        article_id = _text(mention.get("article"))
        span = self.doc.span(mention)
        number = self.numbers.get(article_id, "?")
        outlet = self.doc.outlet(article_id)
        if span is None:
            return Chip(number, article_id, outlet, self.links.article(article_id))
        _, start, end = span
        return Chip(number, article_id, outlet, self.links.span(*span), start, end)

    def chips(self, mentions: Iterable[Any]) -> list[Chip]:
        return [chip for chip in map(self.chip, mentions) if chip is not None]

    def _summary(self, event: Mapping[str, Any]) -> list[dict[str, Any]]:
        members = set(self.article_ids)
        sentences = []
        for sentence in _list(event.get("summary")):
            if not isinstance(sentence, Mapping):
                continue
            claim = self.claims_by_id.get(_text(sentence.get("claim")), {})
            mentions = [m for m in _list(claim.get("mentions")) if isinstance(m, Mapping)]
            chips = []
            for article_id in _unique(_text(a) for a in _list(sentence.get("support"))):
                # The support names the original; its mention may sit in a near-copy.
                mention = next(
                    (m for m in mentions if _text(m.get("article")) == article_id), None
                ) or next(
                    (
                        m
                        for m in mentions
                        if self.doc.original(_text(m.get("article")), members) == article_id
                    ),
                    {"article": article_id},
                )
                chip = self.chip(mention)
                if chip is not None:
                    chips.append(chip)
            sentences.append({"text": _text(sentence.get("text")), "chips": chips})
        return sentences

    # the coverage matrix -------------------------------------------------------------

    def _columns(self) -> list[dict[str, Any]]:
        """One column per independent source: near-copies folded into their original,
        articles of one outlet together."""
        members = set(self.article_ids)
        groups: dict[str, list[str]] = {}
        for article_id in self.article_ids:
            root = self.doc.original(article_id, members)
            groups.setdefault(self.doc.outlet(root), []).append(article_id)
        columns = []
        for label, articles in groups.items():
            copies = [a for a in articles if self.doc.original(a, members) != a]
            notes = [f"[{self.numbers[a]}] {self.doc.outlet(a)}" for a in articles]
            columns.append(
                {
                    "label": label,
                    "articles": set(articles),
                    "title": "; ".join(notes) + (" (near-copies folded)" if copies else ""),
                    "copies": len(copies),
                }
            )
        return columns

    def _rows(self) -> list[dict[str, Any]]:
        ordered = sorted(
            enumerate(self.claims),
            key=lambda item: (
                STATUS_ORDER.get(_text(item[1].get("status")), 3),
                -len(_list(item[1].get("support"))),
                item[0],
            ),
        )
        rows = []
        for _, claim in ordered:
            status = _text(claim.get("status"))
            status = status if status in STATUS_ORDER else "single_source"
            mentions = [m for m in _list(claim.get("mentions")) if isinstance(m, Mapping)]
            support = {_text(a) for a in _list(claim.get("support"))}
            cells = []
            for column in self.columns:
                found = [m for m in mentions if _text(m.get("article")) in column["articles"]]
                stated = found or support & column["articles"]
                chip = self.chip(found[0]) if found else None
                if chip is None and stated:
                    article_id = sorted(support & column["articles"])[0]
                    chip = self.chip({"article": article_id})
                cells.append({"status": status if stated else "absent", "chip": chip})
            text = _text(claim.get("text"))
            preview, cut = _preview(text)
            rows.append(
                {
                    "id": _text(claim.get("id")),
                    "text": text,
                    "preview": preview,
                    "cut": cut,
                    "status": status,
                    "cells": cells,
                    "new": _text(claim.get("id")) in self.new_claims,
                }
            )
        return rows

    # what changed since the previous brief -------------------------------------------

    def _changes(self, event: Mapping[str, Any]) -> dict[str, Any] | None:
        """The "What changed" block, or None when the event carries no changes (or only
        empty ones): a first brief, or a document not served from a store."""
        changes = event.get("changes")
        if not isinstance(changes, Mapping):
            return None
        claim_ids = _unique(_text(c) for c in _list(changes.get("new_claims")) if c is not None)
        view = {
            "articles": self._new_articles(changes),
            "claims": [self._claim_line(cid) for cid in claim_ids],
            "claims_ids": claim_ids,
            "gained": self._gained(changes),
            "conflicts": self._new_items(changes, "new_conflicts", "conflicts", "conflict"),
            "quotes": self._new_items(changes, "new_quotes", "quotes", "quote"),
        }
        if not any(view[k] for k in ("articles", "claims", "gained", "conflicts", "quotes")):
            return None
        previous = event.get("previous")
        since = previous.get("computed_at") if isinstance(previous, Mapping) else None
        view["since"] = _moment(since)
        view["computed_at"] = _moment(event.get("computed_at"))
        return view

    def _anchor(self, prefix: str, ident: str) -> str:
        """A link to an element of this event; ids carry the event's, since one HTML
        file holds every event and each has its claim c1."""
        return "#" + _q(element_id(prefix, self.id, ident))

    def _new_articles(self, changes: Mapping[str, Any]) -> list[dict[str, Any]]:
        lines = []
        for article_id in _unique(_text(a) for a in _list(changes.get("new_articles"))):
            number = self.numbers.get(article_id)
            lines.append(
                {
                    "outlet": self.doc.outlet(article_id),
                    "title": _text(self.doc.field(article_id, "title")) or UNTITLED_ARTICLE,
                    "number": number,
                    # Its entry in this event's sources (which links on to its text).
                    "href": self._anchor("source", str(number)) if number else None,
                }
            )
        return lines

    def _claim_line(self, claim_id: str) -> dict[str, Any]:
        claim = self.claims_by_id.get(claim_id)
        text = _text(claim.get("text")) if claim is not None else ""
        return {
            "id": claim_id,
            "text": _preview(text)[0] if text else claim_id,
            "href": self._anchor("claim", claim_id) if claim is not None else None,
        }

    def _gained(self, changes: Mapping[str, Any]) -> list[dict[str, Any]]:
        lines = []
        for item in _list(changes.get("gained_support")):
            if not isinstance(item, Mapping):
                continue
            line = self._claim_line(_text(item.get("claim")))
            if item.get("text"):
                line["text"] = _preview(_text(item.get("text")))[0]
            before, after = _text(item.get("status_before")), _text(item.get("status"))
            line.update(
                added=_unique(self.doc.outlet(_text(a)) for a in _list(item.get("added"))),
                status_before=STATUS_LABELS.get(before, before),
                status=STATUS_LABELS.get(after, after),
                status_changed=bool(before and after and before != after),
            )
            lines.append(line)
        return lines

    def _new_items(
        self, changes: Mapping[str, Any], key: str, group: str, prefix: str
    ) -> list[dict[str, Any]]:
        """New conflicts or quotes: what each is about (or says), linked to it."""
        known = {
            _text(item.get("id")): item
            for item in _list(self._event.get(group))
            if isinstance(item, Mapping)
        }
        lines = []
        for ident in _unique(_text(i) for i in _list(changes.get(key)) if i is not None):
            item = known.get(ident)
            if item is None:
                lines.append({"id": ident, "text": ident, "who": "", "href": None})
                continue
            text = _text(item.get("about") if prefix == "conflict" else item.get("text"))
            lines.append(
                {
                    "id": ident,
                    "text": _preview(text)[0] or ident,
                    "who": _text(item.get("speaker")) if prefix == "quote" else "",
                    "href": self._anchor(prefix, ident),
                }
            )
        return lines

    # conflicts, quotes, timeline, sources --------------------------------------------

    def _conflicts(self, event: Mapping[str, Any]) -> list[dict[str, Any]]:
        conflicts = []
        for conflict in _list(event.get("conflicts")):
            if not isinstance(conflict, Mapping):
                continue
            values = []
            for value in _list(conflict.get("values")):
                if not isinstance(value, Mapping):
                    continue
                mentions = [m for m in _list(value.get("mentions")) if isinstance(m, Mapping)]
                values.append(
                    {
                        "value": _text(value.get("value")),
                        "outlets": _unique(
                            self.doc.outlet(_text(m.get("article"))) for m in mentions
                        ),
                        "wordings": [
                            {"text": _text(m.get("text")), "chip": self.chip(m)} for m in mentions
                        ],
                    }
                )
            conflicts.append(
                {
                    "id": _text(conflict.get("id")),
                    "about": _text(conflict.get("about")),
                    "choices": values,
                }
            )
        return conflicts

    def _speakers(self, event: Mapping[str, Any]) -> list[dict[str, Any]]:
        speakers: dict[str, list[dict[str, Any]]] = {}
        for group in _list(event.get("quotes")):
            if not isinstance(group, Mapping):
                continue
            name = _text(group.get("speaker")) or UNATTRIBUTED
            wordings = []
            for mention in _list(group.get("mentions")):
                chip = self.chip(mention)
                if chip is None:
                    continue
                wordings.append(
                    {
                        "text": _text(mention.get("text")),
                        "outlet": chip.outlet,
                        "language": language_name(self.doc.field(chip.article, "language")),
                        "chip": chip,
                    }
                )
            speakers.setdefault(name, []).append(
                {
                    "id": _text(group.get("id")),
                    "text": _text(group.get("text")),
                    "wordings": wordings,
                }
            )
        # Named speakers first (most quoted first), the unattributed ones last.
        return [
            {"name": name, "quotes": quotes}
            for name, quotes in sorted(
                speakers.items(), key=lambda kv: (kv[0] == UNATTRIBUTED, -len(kv[1]))
            )
        ]

    def _timeline(self, event: Mapping[str, Any]) -> list[dict[str, Any]]:
        entries = []
        for number, dated in enumerate(_list(event.get("timeline")), 1):
            if not isinstance(dated, Mapping):
                continue
            date, end = _day(dated.get("date")), _day(dated.get("end_date"))
            granularity = _text(dated.get("granularity"))
            entries.append(
                {
                    "anchor": element_id("date", self.id, str(number)),
                    "date": date,
                    "end": end if end and end != date else None,
                    "granularity": granularity if granularity in SHOWN_GRANULARITIES else "",
                    "text": _text(dated.get("text")),
                    "chips": self.chips(_list(dated.get("mentions"))),
                    "gap": None,
                    "gap_size": "",
                }
            )
        # Dated entries in date order (stable), undated ones at the end.
        entries.sort(key=lambda e: (e["date"] is None, e["date"] or ""))
        # How far each date lies from the one before, so a reader sees that the talks were
        # five weeks before the accord, not the line before it.
        for before, entry in pairwise(entries):
            entry["gap"], entry["gap_size"] = time_gap(
                before["end"] or before["date"], entry["date"]
            )
        return entries

    def _sources(self) -> list[dict[str, Any]]:
        sources = []
        for article_id in self.article_ids:
            copy_of = _text(self.doc.field(article_id, "duplicate_of")) or None
            sources.append(
                {
                    "id": article_id,
                    "number": self.numbers[article_id],
                    "outlet": self.doc.outlet(article_id),
                    "title": _text(self.doc.field(article_id, "title")) or UNTITLED_ARTICLE,
                    "url": safe_url(self.doc.field(article_id, "url")),
                    "author": _text(self.doc.field(article_id, "author")),
                    "published": _day(self.doc.field(article_id, "published")),
                    "language": language_name(self.doc.field(article_id, "language")),
                    "copy_of": copy_of,
                    "copy_number": self.numbers.get(copy_of) if copy_of else None,
                    "credits": [_text(c) for c in _list(self.doc.field(article_id, "credits"))],
                    "href": self.links.article(article_id),
                    "known": article_id in self.doc.articles,
                }
            )
        return sources


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return [item for item in items if not (item in seen or seen.add(item))]


def _article_body(doc: _Doc, article_id: str, with_titles: bool = False) -> Markup | None:
    text = doc.text(article_id)
    if text is None:
        return None
    spans = doc.spans.get(article_id, {})
    titles = None
    if with_titles:
        titles = {
            span: "Cited by " + ", ".join(r.label for r in refs) for span, refs in spans.items()
        }
    return highlight(text, article_id, spans, titles)


def _summary_line(
    event: Mapping[str, Any], stories: _Storylines | None = None, links: _Links = FILE_LINKS
) -> dict[str, Any]:
    event_id = _text(event.get("id"))
    return {
        "storyline": stories.chain(event_id, links) if stories else None,
        "id": _text(event.get("id")),
        "title": _text(event.get("title")) or UNTITLED_EVENT,
        "date": _day(event.get("date")),
        "articles": len(_list(event.get("articles"))),
        "outlets": len(_list(event.get("outlets"))),
        "languages": [language_name(c) for c in _list(event.get("languages"))],
    }


def _problems(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [p for p in _list(document.get("problems")) if isinstance(p, Mapping)]


# --- The four pages --------------------------------------------------------------------


def render_html(document: dict, *, nonce: str | None = None) -> str:
    """The self-contained brief file: every event, its articles inlined and collapsed."""
    doc = _Doc.of(document)
    events = [_EventView(doc, event, FILE_LINKS) for event in doc.events]
    # Each article's text once in the page (ids must be unique): in its first event.
    bodies: dict[str, dict[str, Markup]] = {}
    placed: set[str] = set()
    for view in events:
        bodies[view.id] = {}
        for article_id in view.article_ids:
            if article_id in placed:
                continue
            body = _article_body(doc, article_id)
            if body is not None:
                bodies[view.id][article_id] = body
                placed.add(article_id)
    return _page(
        "brief.html",
        nonce,
        title=DOCUMENT_TITLE,
        generated_at=_text(document.get("generated_at")),
        index=[_summary_line(e, doc.stories, FILE_LINKS) for e in doc.events],
        events=events,
        bodies=bodies,
        problems=_problems(document),
        app=False,
    )


def render_front_page(
    document: dict, events: list[dict], query: str | None, *, nonce: str | None = None
) -> str:
    """The app's front page: `events` as given (already filtered and sorted), a search
    form (GET / with `q`)."""
    stories = _storylines(document)
    lines = [_summary_line(e, stories, APP_LINKS) for e in events if isinstance(e, Mapping)]
    for line, event in zip(lines, (e for e in events if isinstance(e, Mapping)), strict=True):
        line["href"] = APP_LINKS.event(line["id"])
        summary = [s for s in _list(event.get("summary")) if isinstance(s, Mapping)]
        line["lead"] = _text(summary[0].get("text")) if summary else ""
    return _page(
        "front.html",
        nonce,
        title=DOCUMENT_TITLE,
        query=query or "",
        events=lines,
        storylines=len(stories.stories),
        problems=_problems(document),
        app=True,
    )


def render_storylines_page(document: dict, *, nonce: str | None = None) -> str:
    """The app's storylines page: every storyline as its chain of events in date order,
    each with its date, its link, its articles and outlets, and the names they share.
    Each story is the element `storyline_anchor(id)`, where the event pages link."""
    return _page(
        "storylines.html",
        nonce,
        title=STORYLINES_TITLE,
        stories=_storylines(document).views(APP_LINKS),
        app=True,
    )


def _storylines(document: Mapping[str, Any]) -> _Storylines:
    events = [e for e in _list(document.get("events")) if isinstance(e, Mapping)]
    return _Storylines.of(document, events)


def render_event_page(document: dict, event_id: str, *, nonce: str | None = None) -> str:
    """One event, its chips linking to the app's article pages. KeyError if unknown."""
    doc = _Doc.of(document, spans_of=lambda _: False)  # the page shows no article text
    view = _EventView(doc, doc.event(event_id), APP_LINKS)
    return _page("event_page.html", nonce, title=view.title, event=view, app=True)


def render_article_page(document: dict, article_id: str, *, nonce: str | None = None) -> str:
    """One article's text, every cited span highlighted, with links back to what cites
    it. KeyError if unknown."""

    def cites_it(event: Mapping[str, Any]) -> bool:
        return article_id in {_text(a) for a in _list(event.get("articles"))}

    doc = _Doc.of(document, spans_of=cites_it)
    article = doc.articles[article_id]  # KeyError for an unknown id, as promised
    event_id = _text(article.get("event"))
    spans = doc.spans.get(article_id, {})
    passages = [
        {
            "href": "#" + _q(mark_id(article_id, start, end)),
            "text": _preview(doc.text(article_id)[start:end])[0],  # type: ignore[index]
            "refs": [
                {"label": ref.label, "href": f"{APP_LINKS.event(ref.event)}#{_q(ref.anchor)}"}
                for ref in refs
            ],
        }
        for (start, end), refs in sorted(spans.items())
    ]
    copy_of = _text(article.get("duplicate_of")) or None
    return _page(
        "article_page.html",
        nonce,
        title=_text(article.get("title")) or UNTITLED_ARTICLE,
        article={
            "id": article_id,
            "title": _text(article.get("title")) or UNTITLED_ARTICLE,
            "outlet": doc.outlet(article_id),
            "author": _text(article.get("author")),
            "published": _day(article.get("published")),
            "language": language_name(article.get("language")),
            "url": safe_url(article.get("url")),
            "credits": [_text(c) for c in _list(article.get("credits"))],
            "copy_of": copy_of,
            "copy_href": APP_LINKS.article(copy_of) if copy_of else None,
            "event_href": APP_LINKS.event(event_id) if event_id else None,
            "event_title": _event_title(doc, event_id),
        },
        body=_article_body(doc, article_id, with_titles=True),
        passages=passages,
        app=True,
    )


def _event_title(doc: _Doc, event_id: str) -> str:
    try:
        return _text(doc.event(event_id).get("title")) or UNTITLED_EVENT
    except KeyError:
        return event_id
