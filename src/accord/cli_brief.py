"""`accord brief`: read, group into events and consolidate each event, in one go."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from accord.cli_cluster import add_encoder_arguments, make_encoder
from accord.cli_common import (
    UsageError,
    add_analysis_arguments,
    add_input_arguments,
    analyze_config,
    progress_bar,
    read_articles,
    stderr,
    stdout_console,
    summary,
    write_output,
)

FORMATS = ("json", "md", "html")
SUFFIX_FORMATS = {
    ".json": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "brief",
        help="one cross-referenced brief per event (JSON, Markdown or HTML)",
        description="Read articles, group the reports of each happening into events, and "
        "write each event's brief: its claims with the outlets that support them (consensus, "
        "corroborated, single-source), conflicts between sources, quotes under their "
        "speakers, a timeline, and a short summary whose every sentence cites its sources. "
        "Every text shown is a verbatim span of an article. JSON follows the schema "
        "accord.brief/1; Markdown is for people; HTML is one self-contained page with the "
        "coverage of each claim by outlet, clickable citations and a timeline.",
    )
    # With --db the briefs come from the store, so PATHs may be left out (`run_brief`
    # checks that one or the other is given).
    add_input_arguments(parser, paths_required=False)
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="write the briefs stored by `accord watch` in this store (SQLite file or "
        "postgresql:// URL) instead of reading PATHs; each event comes with what changed "
        "since its previous brief",
    )
    parser.add_argument(
        "--since",
        metavar="WHEN",
        help="with --db: only the events whose brief was updated since then: a duration "
        "back from now (30m, 2h, 1d) or an ISO 8601 time",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="json, md or html (default: from the -o file's suffix, else json)",
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="show each claim and quote in this language (ISO 639-1, e.g. en) where an "
        "article states it in that language",
    )
    parser.add_argument(
        "--words",
        type=int,
        metavar="N",
        help="summary length in words (default: 5 to 8 sentences)",
    )
    parser.add_argument(
        "--with-text",
        action="store_true",
        help="include each article's cleaned text in the JSON (mention offsets index into it)",
    )
    add_encoder_arguments(parser)
    add_analysis_arguments(parser)
    parser.set_defaults(handler=run_brief)


def brief_with_progress(
    args: argparse.Namespace, result: Any, encoder: Any, language: str | None, include_text: bool
) -> dict[str, Any]:
    """Analyse, group and consolidate the articles read, with a progress bar (shared by
    `brief` and `serve`, which take the same analysis, encoder and window options)."""
    from dataclasses import replace

    from accord.cluster import ClusterParams
    from accord.consolidate.brief import BriefOptions
    from accord.pipeline import brief_from_articles

    params = ClusterParams.load()
    if args.window is not None:
        params = replace(params, window_days=args.window)
    with progress_bar() as progress:

        def tick(label: str, total: int | None) -> Any:
            task = progress.add_task(label, total=total)
            return lambda n: progress.advance(task, n)

        return brief_from_articles(
            result,
            encoder,
            options=BriefOptions(language=language, words=args.words),
            config=analyze_config(args),
            workers=args.workers,
            params=params,
            include_text=include_text,
            tick=tick,
        )


def output_format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    if args.output:
        return SUFFIX_FORMATS.get(Path(args.output).suffix.lower(), "json")
    return "json"


def check_brief_options(args: argparse.Namespace) -> str | None:
    """--words, --window and --language, as `brief` and `serve` take them; the language
    code, lower-cased."""
    if args.words is not None and args.words < 1:
        raise UsageError("--words must be 1 or more")
    if args.window is not None and args.window < 0:
        raise UsageError("--window must be 0 or more days")
    language = args.language.lower() if args.language else None
    if language is not None and not (len(language) == 2 and language.isalpha()):
        raise UsageError(f"--language wants a two-letter ISO 639-1 code, not {args.language!r}")
    return language


def run_brief(args: argparse.Namespace) -> int:
    if args.db is not None or args.since is not None:
        return run_stored_brief(args)
    if not args.paths:
        raise UsageError("give the PATHs of articles to read, or --db to use a store")
    language = check_brief_options(args)
    fmt = output_format(args)
    analyze_config(args)  # a wrong analysis option fails now, not after the reading
    encoder = make_encoder(args)
    result = read_articles(args.paths, args.max_size)
    started = time.perf_counter()
    # The HTML page shows each cited span in its article, so it needs the texts.
    document = brief_with_progress(args, result, encoder, language, args.with_text or fmt == "html")
    elapsed = time.perf_counter() - started
    _write_document(args, fmt, document)
    events = document["events"]
    claims = sum(len(e["claims"]) for e in events)
    conflicts = sum(len(e["conflicts"]) for e in events)
    summary(
        f"{_count(len(result.articles), 'article')} in {_count(len(events), 'event')}: "
        f"{_count(claims, 'claim')}, {_count(conflicts, 'conflict')}, {elapsed:.1f} s",
        result,
    )
    return 0


def _write_document(args: argparse.Namespace, fmt: str, document: dict[str, Any]) -> None:
    if fmt == "md":
        from accord.render.markdown import render_markdown

        write_output(args.output, render_markdown(document))
    elif fmt == "html":
        from accord.render.html import render_html

        write_output(args.output, render_html(document))
    else:
        write_output(args.output, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    if args.output:
        # stdout is free when the brief went to a file: show people what it holds.
        stdout_console().print(events_table(document))


def run_stored_brief(args: argparse.Namespace) -> int:
    """`accord brief --db`: the briefs kept in the store, with their changes."""
    from datetime import UTC, datetime

    from accord.cli_store import open_db
    from accord.watch import WatchError, parse_since, stored_brief_document

    if args.db is None:
        raise UsageError("--since needs --db (the store whose briefs to show)")
    if args.paths:
        raise UsageError("give either PATHs to read or --db, not both")
    since = None
    if args.since is not None:
        try:
            since = parse_since(args.since, datetime.now(UTC))
        except WatchError as err:
            raise UsageError(str(err)) from err
    fmt = output_format(args)
    # The store first: a wrong --db should fail before the encoder is loaded. The encoder
    # links the storylines among the stored events.
    store = open_db(args.db)
    try:
        with make_encoder(args) as encoder:
            document = stored_brief_document(
                store, since, include_text=args.with_text or fmt == "html", encoder=encoder
            )
    finally:
        store.close()
    _write_document(args, fmt, document)
    events = document["events"]
    changed = sum(1 for e in events if e.get("changes", {}).get("new_articles"))
    when = f" updated since {since.isoformat(timespec='minutes')}" if since else ""
    stderr.print(
        f"accord: {_count(len(events), 'event')}{when} ({changed} with new articles)",
        markup=False,
    )
    return 0


def events_table(document: dict[str, Any]) -> Any:
    from rich.table import Table

    table = Table(title="Briefs: one per event", title_justify="left")
    table.add_column("event", overflow="fold")
    table.add_column("date", no_wrap=True)
    for label in (
        "articles",
        "outlets",
        "consensus",
        "corroborated",
        "single",
        "conflicts",
        "quotes",
    ):
        table.add_column(label, justify="right")
    for event in document["events"]:
        statuses = [claim["status"] for claim in event["claims"]]
        table.add_row(
            event["title"],
            event.get("date") or "?",
            str(len(event["articles"])),
            str(len(event["outlets"])),
            str(statuses.count("consensus")),
            str(statuses.count("corroborated")),
            str(statuses.count("single_source")),
            str(len(event["conflicts"])),
            str(len(event["quotes"])),
        )
    return table


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
