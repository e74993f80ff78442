"""The `accord` command."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any

from rich.table import Table

from accord import __version__, cli_brief, cli_cluster, cli_eval, cli_serve, cli_store, cli_watch
from accord.analyze.pipeline import analyze_articles
from accord.cli_common import (
    EXIT_NOTHING_READ,
    EXIT_USAGE,
    NothingReadError,
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
from accord.ingest.readers import ReadResult

ANALYSIS_SCHEMA = "accord.analysis/1"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.handler(args))
    except UsageError as err:
        stderr.print(f"accord: error: {err}", markup=False)
        return EXIT_USAGE
    except NothingReadError as err:
        stderr.print(f"accord: error: {err}", markup=False)
        return EXIT_NOTHING_READ
    except KeyboardInterrupt:
        stderr.print("accord: interrupted", markup=False)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="accord",
        description="Many news reports about one happening, turned into one cross-referenced "
        "brief. Inputs: files or folders of .txt, .html, .json and .jsonl articles.",
    )
    parser.add_argument("--version", action="version", version=f"accord {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    read = commands.add_parser(
        "read",
        help="read and clean articles; print them as JSON lines",
        description="Read articles from files and folders, clean away scraper boilerplate, "
        "and print one JSON object per article (id, outlet, title, date, credits, text). "
        "Inputs that cannot be read are listed on stderr with the reason.",
    )
    add_input_arguments(read)
    read.set_defaults(handler=run_read)

    analyze = commands.add_parser(
        "analyze",
        help="read articles and print each one's analysis as JSON",
        description="Read articles and print, for each, its language, sentences (with "
        "offsets), dates resolved to calendar dates, numbers with units, quotes with their "
        "speakers, and named entities, as one JSON document. For debugging inputs.",
    )
    add_input_arguments(analyze)
    add_analysis_arguments(analyze)
    analyze.add_argument(
        "--no-text", action="store_true", help="leave each article's cleaned text out"
    )
    analyze.set_defaults(handler=run_analyze)
    cli_cluster.add_parser(commands)
    cli_brief.add_parser(commands)
    cli_eval.add_parser(commands)
    cli_serve.add_parser(commands)
    cli_store.add_parser(commands)
    cli_watch.add_parser(commands)
    return parser


def run_read(args: argparse.Namespace) -> int:
    result = read_articles(args.paths, args.max_size)
    lines = [json.dumps(article.to_dict(), ensure_ascii=False) for article in result.articles]
    write_output(args.output, "\n".join(lines) + "\n")
    summary(f"read {len(result.articles)} articles", result)
    return 0


def run_analyze(args: argparse.Namespace) -> int:
    config = analyze_config(args)
    result = read_articles(args.paths, args.max_size)
    started = time.perf_counter()
    with progress_bar() as progress:
        task = progress.add_task("analysing", total=len(result.articles))
        analyses = analyze_articles(
            result.articles,
            config,
            workers=args.workers,
            on_done=lambda n: progress.advance(task, n),
        )
    elapsed = time.perf_counter() - started
    document = analysis_document(result, analyses, include_text=not args.no_text)
    write_output(args.output, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    if args.output:
        # stdout is free when the JSON went to a file: show people what was found.
        stdout_console().print(analysis_table(result, analyses))
    summary(f"analysed {len(analyses)} articles in {elapsed:.1f} s", result)
    return 0


def analysis_table(result: ReadResult, analyses: Sequence[Any]) -> Table:
    table = Table(title="What accord found in each article", title_justify="left")
    table.add_column("article", no_wrap=True, max_width=34, overflow="ellipsis")
    table.add_column("outlet", no_wrap=True, max_width=24, overflow="ellipsis")
    for column in ("lang", "published", "sentences", "dates", "numbers"):
        table.add_column(column, no_wrap=True)
    table.add_column("quotes (speakers)", overflow="fold")
    for article, analysis in zip(result.articles, analyses, strict=True):
        speakers = sorted({q.speaker for q in analysis.quotes if q.speaker})
        quotes = f"{len(analysis.quotes)}" + (f" ({', '.join(speakers)})" if speakers else "")
        table.add_row(
            article.id,
            article.outlet or "?",
            analysis.language or "?",
            (article.published or "?")[:10],
            str(len(analysis.sentences)),
            str(len(analysis.dates)),
            str(len(analysis.quantities)),
            quotes,
        )
    return table


def analysis_document(
    result: ReadResult, analyses: Sequence[Any], include_text: bool = True
) -> dict[str, Any]:
    articles = []
    for article, analysis in zip(result.articles, analyses, strict=True):
        entry = article.to_dict()
        if not include_text:
            entry.pop("text")
        entry["analysis"] = {k: v for k, v in analysis.to_dict().items() if k != "article"}
        articles.append(entry)
    return {
        "schema": ANALYSIS_SCHEMA,
        "articles": articles,
        "problems": [{"source": p.source, "reason": p.reason} for p in result.problems],
    }


if __name__ == "__main__":
    sys.exit(main())
