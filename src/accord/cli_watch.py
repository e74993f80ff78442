"""`accord watch`: follow feeds into the store; `accord feeds`: how each feed is doing."""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from typing import Any

from accord.cli_cluster import add_encoder_arguments, make_encoder
from accord.cli_common import (
    UsageError,
    add_analysis_arguments,
    analyze_config,
    stderr,
    stdout_console,
)
from accord.cli_store import add_db_argument, open_db

DEFAULT_INTERVAL = "15m"


def add_parser(commands: Any) -> None:
    watch = commands.add_parser(
        "watch",
        help="follow feeds: store new articles, keep events and their briefs up to date",
        description="Read RSS, Atom and JSON feeds (URLs, or OPML files listing them, local "
        "or at a URL ending in .opml) every --interval: fetch the page of each new entry, "
        "store and analyse it, place the new articles into events (the same clustering as "
        "a batch run, kept from cycle to cycle) and consolidate again the briefs of the "
        "events that changed, keeping what changed since the previous brief. A feed that "
        "fails is reported and retried next cycle; the others go on. "
        "Stop with Ctrl-C.",
    )
    watch.add_argument("feeds", nargs="+", metavar="FEED_OR_OPML", help="feed URLs or OPML")
    add_db_argument(watch)
    watch.add_argument("--once", action="store_true", help="run one cycle and exit")
    watch.add_argument(
        "--interval",
        default=DEFAULT_INTERVAL,
        metavar="DURATION",
        help="time between the starts of two cycles, e.g. 90s, 15m, 1h (default: %(default)s)",
    )
    watch.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="give up on a feed or page that does not answer within this (default: %(default)g)",
    )
    add_encoder_arguments(watch)
    add_analysis_arguments(watch)
    watch.set_defaults(handler=run_watch)

    feeds = commands.add_parser(
        "feeds",
        help="each watched feed's health: last success, last error, articles per day",
        description="A table of the feeds `accord watch` follows: when each last read well, "
        "its last error and how many failures since, and articles stored per day over the "
        "last week.",
    )
    add_db_argument(feeds)
    feeds.set_defaults(handler=run_feeds)


def run_watch(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from accord.cluster import ClusterParams
    from accord.feeds import Fetcher
    from accord.watch import WatchError, parse_duration, resolve_feeds

    try:
        interval = parse_duration(args.interval).total_seconds()
    except WatchError as err:
        raise UsageError(str(err)) from err
    if interval <= 0 and not args.once:
        raise UsageError("--interval must be more than 0")
    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    config = analyze_config(args)
    params = ClusterParams.load()
    if args.window is not None:
        params = replace(params, window_days=args.window)
    encoder = make_encoder(args)
    with Fetcher(timeout_s=args.timeout) as fetcher:
        try:
            feeds = resolve_feeds(args.feeds, fetcher)
        except WatchError as err:
            raise UsageError(str(err)) from err
        if not feeds:
            raise UsageError("no feeds to watch")
        store = open_db(args.db)
        try:
            options = {"config": config, "params": params, "workers": args.workers}
            return _loop(store, feeds, fetcher, encoder, options, interval, args.once)
        finally:
            store.close()


def _loop(
    store: Any,
    feeds: list[str],
    fetcher: Any,
    encoder: Any,
    options: dict[str, Any],
    interval: float,
    once: bool,
) -> int:
    from accord.watch import new_grouper, run_cycle

    stderr.print(f"accord: watching {len(feeds)} feed(s)", markup=False)
    # The clustering state lives from cycle to cycle: each cycle adds what is new to it
    # instead of grouping the whole store again.
    options = {**options, "grouper": new_grouper(encoder, options.get("params"))}
    cycle = 0
    try:
        while True:
            cycle += 1
            started = time.monotonic()
            try:
                report = run_cycle(store, feeds, fetcher, encoder, **options)
            except Exception as err:  # a watcher outlives a bad cycle
                # The store went away, the disk filled: each write is one transaction, so
                # nothing half-done stays, and the next cycle picks up what this one missed.
                reason = f"{type(err).__name__}: {str(err).strip().splitlines()[0][:300]}"
                if once:
                    stderr.print(f"accord: cycle {cycle} failed: {reason}", markup=False)
                    return 1
                stderr.print(
                    f"accord: cycle {cycle} failed: {reason}; trying again in "
                    f"{max(0.0, interval - (time.monotonic() - started)):.0f} s",
                    markup=False,
                )
            else:
                _print_cycle(cycle, report, time.monotonic() - started)
                if once:
                    return 0
            # Interval between starts: a slow cycle is not followed by a full wait too.
            time.sleep(max(0.0, interval - (time.monotonic() - started)))
    except KeyboardInterrupt:
        # Every store write is one transaction: stopping here loses nothing committed.
        stderr.print(f"accord: stopped after {cycle} cycle(s)", markup=False)
        return 0


def _print_cycle(cycle: int, report: Any, elapsed: float) -> None:
    for feed in report.feeds_failed:
        stderr.print(f"feed failed: {feed.url}: {feed.error}", markup=False)
    for feed in report.feeds:
        for problem in feed.problems:
            stderr.print(f"feed problem: {feed.url}: {problem}", markup=False)
        for page in feed.page_errors:
            stderr.print(f"page problem: {page}", markup=False)
    unchanged = sum(1 for feed in report.feeds if feed.not_modified)
    failed = len(report.feeds_failed)
    stderr.print(
        f"accord: cycle {cycle} at {report.at.astimezone().strftime('%H:%M:%S')}: "
        f"{report.feeds_ok} feeds ok ({unchanged} not modified), {failed} failed; "
        f"{report.new_articles} new articles ({report.duplicates} already stored); "
        f"{len(report.changed_events)} events changed of {report.events}; {elapsed:.1f} s",
        markup=False,
    )


def run_feeds(args: argparse.Namespace) -> int:
    from rich.table import Table

    store = open_db(args.db)
    try:
        health = store.feed_health(datetime.now(UTC))
    finally:
        store.close()
    table = Table(title="Watched feeds", title_justify="left")
    table.add_column("feed", overflow="fold")
    table.add_column("title", overflow="fold", max_width=30)
    table.add_column("last success", no_wrap=True)
    table.add_column("last error", overflow="fold")
    table.add_column("errors", justify="right")
    table.add_column("articles/day", justify="right")
    for feed in health:
        error = "-"
        if feed.last_error:
            error = f"{_when(feed.last_error_at)}: {feed.last_error}"
        table.add_row(
            feed.url,
            feed.title or "",
            _when(feed.last_success),
            error,
            str(feed.error_count),
            f"{feed.articles_per_day:.1f}",
        )
    stdout_console().print(table)
    stderr.print(f"accord: {len(health)} feed(s)", markup=False)
    return 0


def _when(value: datetime | None) -> str:
    if value is None:
        return "never"
    if value.tzinfo is None:  # SQLite gives back naive times; the store writes UTC
        value = value.replace(tzinfo=UTC)
    return value.astimezone().strftime("%Y-%m-%d %H:%M")
