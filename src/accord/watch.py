"""Following feeds: one watch cycle reads every feed, stores what is new, places the new
articles into events and refreshes the briefs of the events that changed.

    grouper = new_grouper(encoder)                 # kept from one cycle to the next
    report = run_cycle(store, feed_urls, fetcher, encoder, now, grouper=grouper)

A cycle has three phases:

1. **Fetch** (threads, one feed each; no store writes). A conditional GET of the feed with
   the validators (ETag, Last-Modified) stored after its last good read, then a GET of
   the page of every entry not seen before, turned into an `Article`. Whatever fails is
   kept as that feed's error; it never stops the other feeds.
2. **Store** (this thread). New articles are analysed and added (idempotent: an article
   already stored is not analysed again), entries recorded as seen, and each feed's
   fetch recorded with its health. A feed's validators are stored only after its entries
   are, and only when no entry page failed for a reason that may pass (timeout, 5xx):
   otherwise the next cycle would get 304 and never retry those entries.
3. **Events**. The articles new to the store since the last cycle (and any article whose
   newer version replaced it) go through the online clustering kept in an
   `IncrementalGrouper` from cycle to cycle: it equals `group_articles`, the batch
   algorithm, over all stored articles, while its clustering work follows the new
   articles and the events of their time window, not the store (what grows with the
   store is bookkeeping: ids and the article -> event map; see
   `accord.cluster.incremental`). Each article's
   vector is kept in the store, so a restarted watcher regroups without encoding. Only
   the events whose article set changed, or that have no brief yet, are consolidated
   again, reading only their articles.

The saved brief of an event (`Store.save_brief`) is the event's brief as
`EventBrief.to_dict()` gives it, with four extra keys:

- `"computed_at"`: when it was consolidated (ISO 8601, UTC);
- `"previous"`: the brief it replaces (without its own `previous`), or None;
- `"changes"`: `brief_changes(previous, brief).to_dict()`, what a reader of the previous
  brief has not seen yet;
- `"duplicate_of"`: near-copy links of its articles (article -> original or None).

An event whose id changed (it gained an earlier article, and events are named after
their first) takes as `previous` the old brief that shares most articles with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from accord.analyze.pipeline import AnalyzeConfig, analyze_articles
from accord.cluster import ClusterParams
from accord.cluster.incremental import IncrementalGrouper
from accord.consolidate.brief import BriefOptions, article_entry, consolidate_event
from accord.consolidate.changes import brief_changes
from accord.encode import Encoder
from accord.feeds import (
    FeedEntry,
    Fetcher,
    FetchResult,
    extract_entry_article,
    parse_feed,
    parse_opml,
)
from accord.model import Analysis, Article
from accord.store import Store, members_digest

__all__ = [
    "CycleReport",
    "FeedOutcome",
    "WatchError",
    "event_brief_changes",
    "new_grouper",
    "parse_duration",
    "parse_since",
    "resolve_feeds",
    "run_cycle",
    "stored_brief_document",
]

# Keys a saved brief has beyond the event brief itself (see the module docstring).
SAVED_EXTRAS = ("computed_at", "previous", "changes", "duplicate_of")
# Feeds fetched at once. The fetcher spaces requests to one host itself, so more threads
# only help with many hosts; a handful keeps a slow feed from holding up the rest.
DEFAULT_FETCH_THREADS = 8
# Page statuses that may pass: the entry is left unseen and tried again next cycle.
RETRY_LATER_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


class WatchError(Exception):
    """A feed list or duration that cannot be used; one line for the user."""


# --- results ---------------------------------------------------------------------------


@dataclass
class FeedOutcome:
    """What one feed gave in one cycle."""

    url: str
    ok: bool
    not_modified: bool = False
    error: str | None = None
    title: str | None = None
    entries: int = 0  # entries in the feed
    new_entries: int = 0  # not seen before
    articles: int = 0  # articles read from the new entries' pages
    page_errors: list[str] = field(default_factory=list)  # "link: reason"
    problems: list[str] = field(default_factory=list)  # the feed read, but partly broken


@dataclass
class CycleReport:
    at: datetime
    feeds: list[FeedOutcome] = field(default_factory=list)
    added: int = 0  # articles stored for the first time
    new_versions: int = 0  # stored articles whose text changed
    duplicates: int = 0  # read again, already stored
    events: int = 0  # events after the cycle
    changed_events: list[str] = field(default_factory=list)  # re-consolidated, by id
    removed_events: list[str] = field(default_factory=list)  # merged into others or gone

    @property
    def feeds_ok(self) -> int:
        return sum(1 for feed in self.feeds if feed.ok)

    @property
    def feeds_failed(self) -> list[FeedOutcome]:
        return [feed for feed in self.feeds if not feed.ok]

    @property
    def new_articles(self) -> int:
        return self.added + self.new_versions


# --- durations and feed lists ----------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_duration(text: str) -> timedelta:
    """ "90s", "15m", "2h", "1d", "1w"; a bare number is seconds."""
    match = _DURATION.match(text)
    if not match:
        raise WatchError(f"not a duration: {text!r} (e.g. 30m, 2h, 1d)")
    try:
        return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2).lower()])
    except OverflowError:
        raise WatchError(f"duration too long: {text!r}") from None


def parse_since(text: str, now: datetime) -> datetime:
    """A duration back from `now` ("2h"), or an ISO 8601 time (UTC when it names no zone)."""
    try:
        return now - parse_duration(text)
    except WatchError:
        pass
    except OverflowError:  # further back than datetime reaches
        raise WatchError(f"--since goes back too far: {text!r}") from None
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise WatchError(
            f"--since wants a duration (30m, 2h, 1d) or an ISO time, not {text!r}"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _is_url(item: str) -> bool:
    return urlsplit(item).scheme.lower() in ("http", "https")


def resolve_feeds(items: Sequence[str], fetcher: Fetcher | None = None) -> list[str]:
    """Feed URLs from what the user named: a feed URL stands for itself; an OPML file
    (a local path, or a URL whose path ends in .opml, fetched with `fetcher`) for the
    feeds it lists. Each URL once, in order. Raises WatchError for an unusable item."""
    urls: dict[str, None] = {}
    for item in items:
        if _is_url(item) and not urlsplit(item).path.lower().endswith(".opml"):
            urls[item] = None
            continue
        for ref in parse_opml(_opml_bytes(item, fetcher)):
            urls[ref.url] = None
    return list(urls)


def _opml_bytes(item: str, fetcher: Fetcher | None) -> bytes:
    if _is_url(item):
        if fetcher is None:
            raise WatchError(f"{item}: an OPML URL needs a fetcher")
        result = fetcher.fetch(item)
        if not result.ok:
            raise WatchError(f"{item}: cannot read the feed list: {result.error}")
        content = result.content
    else:
        try:
            content = Path(item).expanduser().read_bytes()
        except OSError as err:
            raise WatchError(f"{item}: not a feed URL nor a readable OPML file: {err}") from err
    if not parse_opml(content):
        raise WatchError(f"{item}: no feeds found in it (expected OPML with xmlUrl outlines)")
    return content


# --- phase 1: fetching (no store access) ----------------------------------------------


@dataclass
class _Fetched:
    """One feed's fetch phase: its outcome, and what the store phase must write."""

    outcome: FeedOutcome
    etag: str | None = None
    last_modified: str | None = None
    articles: list[tuple[FeedEntry, Article]] = field(default_factory=list)
    unreadable: list[FeedEntry] = field(default_factory=list)  # seen, nothing to store
    retry_later: bool = False  # some page may read next time: keep no validators


def _fetch_feed(
    url: str, validators: tuple[str | None, str | None], seen: set[str], fetcher: Fetcher
) -> _Fetched:
    try:
        return _fetch_feed_unguarded(url, validators, seen, fetcher)
    except Exception as err:  # one feed's surprise must never stop the others
        reason = f"unexpected error: {type(err).__name__}: {str(err)[:200]}"
        return _Fetched(FeedOutcome(url, ok=False, error=reason))


def _fetch_feed_unguarded(
    url: str, validators: tuple[str | None, str | None], seen: set[str], fetcher: Fetcher
) -> _Fetched:
    etag, last_modified = validators
    result = fetcher.fetch(url, etag=etag, last_modified=last_modified)
    if result.not_modified:
        return _Fetched(
            FeedOutcome(url, ok=True, not_modified=True), result.etag, result.last_modified
        )
    if not result.ok:
        return _Fetched(FeedOutcome(url, ok=False, error=result.error or "failed"))
    feed = parse_feed(result.content, result.final_url)
    problems = [problem.reason for problem in feed.problems]
    if feed.version is None and not feed.entries:
        return _Fetched(FeedOutcome(url, ok=False, error="; ".join(problems) or "not a feed"))
    outcome = FeedOutcome(
        url, ok=True, title=feed.title, entries=len(feed.entries), problems=problems
    )
    fetched = _Fetched(outcome, result.etag, result.last_modified)
    for entry in feed.entries:
        if entry.id in seen:
            continue
        outcome.new_entries += 1
        _read_entry(entry, fetcher, fetched)
    outcome.articles = len(fetched.articles)
    return fetched


def _read_entry(entry: FeedEntry, fetcher: Fetcher, fetched: _Fetched) -> None:
    if not entry.link:
        fetched.unreadable.append(entry)
        return
    page = fetcher.fetch(entry.link)
    article = extract_entry_article(page, entry)
    if article is not None:
        fetched.articles.append((entry, article))
        return
    fetched.outcome.page_errors.append(f"{entry.link}: {_page_problem(page)}")
    if _may_pass(page):
        fetched.retry_later = True
    else:
        fetched.unreadable.append(entry)


def _page_problem(page: FetchResult) -> str:
    return page.error or "no article text on the page"


def _may_pass(page: FetchResult) -> bool:
    """A failure worth trying again: no answer at all (timeout, refused) or 'not now'."""
    if page.ok:
        return False
    return page.status is None or page.status in RETRY_LATER_STATUSES


# --- phase 2: storing ------------------------------------------------------------------


def _store_articles(
    store: Store,
    fetched: Sequence[_Fetched],
    config: AnalyzeConfig,
    workers: int | None,
    report: CycleReport,
) -> dict[int, str]:
    """Analyse and store the new articles of every feed in one batch; returns
    id(article object) -> its stored id."""
    articles = [article for f in fetched for _, article in f.articles]
    if not articles:
        return {}
    known = store.known_ids(articles)
    todo = [article for article in articles if article.id not in known]
    analyses = analyze_articles(todo, config, workers) if todo else []
    result = store.add_articles(todo, analyses, fetched_at=report.at)
    report.added += result.added
    report.new_versions += result.new_versions
    report.duplicates += result.duplicates + len(articles) - len(todo)
    ids = {**known, **result.ids}
    return {id(article): ids[article.id] for article in articles}


def _record_feed(store: Store, fetched: _Fetched, stored: Mapping[int, str], at: datetime) -> None:
    outcome = fetched.outcome
    if not outcome.ok:
        store.record_feed_fetch(outcome.url, ok=False, error=outcome.error, at=at)
        return
    if outcome.title:
        store.upsert_feed(outcome.url, outcome.title)
    entries = [(e.id, e.link, stored.get(id(a))) for e, a in fetched.articles]
    entries += [(e.id, e.link, None) for e in fetched.unreadable]
    if entries:
        store.record_feed_entries(outcome.url, entries)
    keep = not fetched.retry_later
    store.record_feed_fetch(
        outcome.url,
        ok=True,
        etag=fetched.etag if keep else None,
        last_modified=fetched.last_modified if keep else None,
        at=at,
    )


# --- phase 3: events and briefs --------------------------------------------------------


def _analyses_for(
    store: Store, articles: Sequence[Article], config: AnalyzeConfig
) -> list[Analysis]:
    """Stored analyses in the order of `articles`; any missing (an article stored
    without one) is made now and saved, so it is made once."""
    found = store.load_analyses([a.id for a in articles])
    missing = [a for a in articles if a.id not in found]
    if missing:
        made = analyze_articles(missing, config)
        store.save_analyses(made)
        found.update({analysis.article: analysis for analysis in made})
    return [found[a.id] for a in articles]


def _stored_membership(store: Store, latest: set[str]) -> tuple[dict[str, set[str]], set[str]]:
    """Stored event -> its latest-version members; and the stored members that are
    older versions (kept in their event by the store until moved)."""
    members: dict[str, set[str]] = {}
    older: set[str] = set()
    for event in store.events():
        members[event.id] = {a for a in event.articles if a in latest}
        older.update(a for a in event.articles if a not in latest)
    return members, older


def _older_versions_mapping(
    store: Store, older: set[str], event_of: Mapping[str, str]
) -> dict[str, str]:
    """An older version follows its latest version's event: an event is never kept
    alive, nor split, by a text that has since been replaced."""
    mapping: dict[str, str] = {}
    for article_id in sorted(older):
        latest = next((v.id for v in store.versions(article_id) if v.latest), None)
        if latest in event_of:
            mapping[article_id] = event_of[latest]
    return mapping


def _previous_brief(
    event: str,
    members: set[str],
    old_members: Mapping[str, set[str]],
    old_briefs: Mapping[str, dict[str, Any] | None],
) -> dict[str, Any] | None:
    """The brief this event's new brief replaces: its own, else (a renamed or merged
    event) that of the old event sharing most articles with it."""
    if old_briefs.get(event) is not None:
        return old_briefs[event]
    overlaps = [
        (len(members & old), old_id)
        for old_id, old in old_members.items()
        if members & old and old_briefs.get(old_id) is not None
    ]
    if not overlaps:
        return None
    _, best = max(overlaps, key=lambda pair: (pair[0], pair[1]))
    return old_briefs[best]


def _strip(brief: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A brief as kept under `previous`: its own history left out, so it does not nest."""
    if brief is None:
        return None
    return {k: v for k, v in brief.items() if k not in ("previous", "changes")}


def event_brief_changes(saved: Mapping[str, Any]) -> dict[str, Any]:
    """The changes stored with a saved brief (recomputed when absent)."""
    changes = saved.get("changes")
    if isinstance(changes, dict):
        return changes
    return brief_changes(_strip(saved.get("previous")), saved).to_dict()


def _regroup(
    store: Store, grouper: IncrementalGrouper, config: AnalyzeConfig
) -> tuple[dict[str, str], dict[str, str | None]]:
    """Bring the grouper to the store's latest articles: those it does not hold yet are
    added (their vectors read from the store where kept, else made and kept), replaced
    versions and whatever left the store dropped."""
    latest = store.latest_ids()
    held = grouper.ids()
    new_ids = sorted(latest - held)
    found = store.articles_by_id(new_ids)
    articles = [found[i] for i in new_ids if i in found]
    analyses = _analyses_for(store, articles, config)
    name = grouper.encoder.name
    known = store.load_article_vectors(name, new_ids) if new_ids else {}
    grouping = grouper.update(articles, analyses, held - latest, known)
    store.save_article_vectors(
        name, {a.id: grouper.vector(a.id) for a in articles if a.id not in known}
    )
    return grouping


def _update_events(
    store: Store,
    grouper: IncrementalGrouper,
    config: AnalyzeConfig,
    options: BriefOptions | None,
    report: CycleReport,
) -> None:
    encoder = grouper.encoder
    event_of, duplicate_of = _regroup(store, grouper, config)
    if not event_of:
        return
    groups: dict[str, set[str]] = {}
    for article_id, event in event_of.items():
        groups.setdefault(event, set()).add(article_id)

    old_members, older = _stored_membership(store, set(event_of))
    old_event = {a: e for e, members in old_members.items() for a in members}
    changed = sorted(e for e, members in groups.items() if old_members.get(e) != members)
    # Events whose saved brief is missing or was made from other articles: a cycle that
    # stopped after regrouping and before saving every brief left them so.
    digests = store.brief_digests()
    lagging = sorted(
        e for e in groups if e not in changed and digests.get(e) != members_digest(groups[e])
    )
    # Read the briefs being replaced before assign_events deletes emptied events (and,
    # by cascade, their briefs).
    touched_old = {old_event[a] for e in changed for a in groups[e] if a in old_event}
    old_briefs = {e: store.load_brief(e) for e in sorted(touched_old | set(changed + lagging))}

    moves = {a: e for a, e in event_of.items() if old_event.get(a) != e}
    moves.update(_older_versions_mapping(store, older, event_of))
    store.assign_events(moves)
    report.removed_events = sorted(set(old_members) - set(groups))

    # Only the events consolidated again need their articles' texts and analyses.
    wanted = sorted({a for event in changed + lagging for a in groups[event]})
    by_article = store.articles_by_id(wanted)
    by_id = store.load_analyses(wanted)
    for event in changed + lagging:
        members = groups[event]
        brief = consolidate_event(
            event,
            [by_article[a] for a in members],
            by_id,
            duplicate_of,
            encoder,
            options,
        ).to_dict()
        previous = _strip(_previous_brief(event, members, old_members, old_briefs))
        brief["computed_at"] = report.at.isoformat(timespec="seconds")
        brief["previous"] = previous
        brief["changes"] = brief_changes(previous, brief).to_dict()
        brief["duplicate_of"] = {a: duplicate_of.get(a) for a in sorted(members)}
        store.save_brief(event, brief)
    report.changed_events = sorted(changed + lagging)
    report.events = len(groups)


# --- the cycle -------------------------------------------------------------------------


def run_cycle(
    store: Store,
    feeds: Sequence[str],
    fetcher: Fetcher,
    encoder: Encoder,
    now: datetime | None = None,
    *,
    config: AnalyzeConfig | None = None,
    params: ClusterParams | None = None,
    options: BriefOptions | None = None,
    threads: int = DEFAULT_FETCH_THREADS,
    workers: int | None = None,
    grouper: IncrementalGrouper | None = None,
) -> CycleReport:
    """One watch cycle over `feeds` (feed URLs): fetch, store, regroup, re-consolidate
    the events that changed. See the module docstring for what each phase does.
    `threads` fetch feeds at once; `workers` processes analyse (None: by batch size).
    `grouper` carries the clustering from one cycle to the next (a watcher makes one
    with `new_grouper` and passes it every cycle); without one, this cycle groups
    every stored article from scratch."""
    report = CycleReport(at=now or datetime.now(UTC))
    config = config or AnalyzeConfig()
    feeds = list(dict.fromkeys(feeds))
    health = {h.url: (h.etag, h.last_modified) for h in store.feed_health(report.at)}
    for url in feeds:
        if url not in health:
            store.upsert_feed(url)
    seen = {url: store.seen_entries(url) for url in feeds}

    def fetch(url: str) -> _Fetched:
        return _fetch_feed(url, health.get(url, (None, None)), seen[url], fetcher)

    with ThreadPoolExecutor(max_workers=max(1, min(threads, len(feeds) or 1))) as pool:
        fetched = list(pool.map(fetch, feeds))
    stored = _store_articles(store, fetched, config, workers, report)
    for item in fetched:
        _record_feed(store, item, stored, report.at)
    report.feeds = [item.outcome for item in fetched]
    if grouper is None:  # not `or`: an empty grouper is falsy (it has a length)
        grouper = new_grouper(encoder, params)
    if grouper.encoder is not encoder:
        raise ValueError("the grouper must use the encoder the cycle is given")
    _update_events(store, grouper, config, options, report)
    return report


def new_grouper(encoder: Encoder, params: ClusterParams | None = None) -> IncrementalGrouper:
    """The clustering state a watcher keeps between cycles (empty: the first cycle reads
    every stored article into it)."""
    return IncrementalGrouper(encoder, params)


# --- reading the stored briefs back -----------------------------------------------------

# Keys of a saved brief that are bookkeeping, not part of the event in a brief document.
_NOT_IN_DOCUMENT = ("previous", "duplicate_of")


def stored_brief_document(
    store: Store,
    since: datetime | None = None,
    *,
    include_text: bool = False,
    encoder: Encoder | None = None,
) -> dict[str, Any]:
    """The brief document (schema accord.brief/1) of the briefs kept in the store: of
    the events whose brief was computed at or after `since`, when given. Each event has
    `"changes"` (since its previous brief) and `"computed_at"`, extra properties the
    schema allows. Storylines among those events are linked when an `encoder` is given
    (they compare what the events are about as vectors); without one they are empty."""
    from dataclasses import asdict

    from accord.consolidate.brief import SCHEMA
    from accord.consolidate.storylines import link_storylines

    events: list[dict[str, Any]] = []
    duplicate_of: dict[str, str | None] = {}
    for stored in store.events():
        saved = store.load_brief(stored.id)
        if saved is None or (since is not None and _computed_at(saved) < since):
            continue
        event = {k: v for k, v in saved.items() if k not in _NOT_IN_DOCUMENT}
        event["changes"] = event_brief_changes(saved)
        # When the previous brief was made, for "what changed since ..." (not its body).
        previous = saved.get("previous")
        if isinstance(previous, Mapping) and previous.get("computed_at"):
            event["previous"] = {"computed_at": previous["computed_at"]}
        events.append(event)
        duplicate_of.update(saved.get("duplicate_of") or {})
    events.sort(key=lambda e: (-len(e.get("articles", [])), e.get("date") or "", e["id"]))
    event_of = {a: e["id"] for e in events for a in e.get("articles", [])}
    storylines = [asdict(s) for s in link_storylines(events, encoder)] if encoder else []
    return {
        "schema": SCHEMA,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "articles": _article_entries(store, event_of, duplicate_of, include_text),
        "events": events,
        "storylines": storylines,
        "problems": [],
    }


def _computed_at(saved: Mapping[str, Any]) -> datetime:
    try:
        when = datetime.fromisoformat(str(saved.get("computed_at")))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)  # a brief of unknown age is old
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _article_entries(
    store: Store,
    event_of: Mapping[str, str],
    duplicate_of: Mapping[str, str | None],
    include_text: bool,
) -> list[dict[str, Any]]:
    wanted = sorted(event_of)
    analyses = store.load_analyses(wanted)
    entries = []
    for article_id in wanted:
        article = store.get_article(article_id)
        if article is None:
            continue
        entry = article_entry(
            article, analyses.get(article.id), event_of, duplicate_of, include_text
        )
        entries.append(entry)
    return entries
