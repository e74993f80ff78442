"""`accord add`: put local articles, with their analyses, into the store."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from accord.analyze.pipeline import analyze_articles
from accord.cli_common import (
    UsageError,
    add_analysis_arguments,
    analyze_config,
    progress_bar,
    read_articles,
    summary,
)
from accord.ingest.readers import DEFAULT_MAX_BYTES

# Articles analysed and committed together: a killed `accord add` keeps every batch it
# finished, and a second run skips them without analysing them again.
BATCH = 256


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    from accord.store import default_db_path

    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help=f"SQLite file or postgresql:// URL of the store (default: {default_db_path()})",
    )


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "add",
        help="store articles and their analyses in the database",
        description="Read articles from files and folders, analyse the ones not stored yet "
        "and keep them, with their analyses, in the store. Adding the same article again "
        "(or through a URL with tracking parameters) stores nothing; an article whose text "
        "changed is kept as a new version. Inputs that cannot be read are listed on stderr.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read")
    parser.add_argument(
        "--max-size",
        type=float,
        default=DEFAULT_MAX_BYTES / 1024 / 1024,
        metavar="MB",
        help="largest single article file to read, in MB (default: %(default)g)",
    )
    add_db_argument(parser)
    add_analysis_arguments(parser)
    parser.set_defaults(handler=run_add)


def open_db(db: str | None) -> Any:
    """The store, or a one-line UsageError saying why it cannot be opened."""
    import sqlalchemy

    from accord.store import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as err:
        raise UsageError(f"cannot use the database {db or 'default'}: {err}") from err
    except (OSError, sqlalchemy.exc.SQLAlchemyError) as err:
        reason = getattr(err, "orig", None) or err
        raise UsageError(f"cannot open the database {db or 'default'}: {reason}") from err


def run_add(args: argparse.Namespace) -> int:
    config = analyze_config(args)
    # Absolute paths: an article without a URL is identified by its source, which must
    # not depend on the directory `accord add` was run from.
    paths = [str(Path(p).expanduser().absolute()) for p in args.paths]
    result = read_articles(paths, args.max_size)
    store = open_db(args.db)
    started = time.perf_counter()
    added = duplicates = versions = 0
    try:
        known = store.known_ids(result.articles)
        duplicates = len(known)
        todo = [a for a in result.articles if a.id not in known]
        with progress_bar() as progress:
            task = progress.add_task("analysing and storing", total=len(todo))
            for start in range(0, len(todo), BATCH):
                batch = todo[start : start + BATCH]
                analyses = analyze_articles(batch, config, workers=args.workers)
                done = store.add_articles(batch, analyses)
                added, versions = added + done.added, versions + done.new_versions
                duplicates += done.duplicates
                progress.advance(task, len(batch))
    finally:
        store.close()
    elapsed = time.perf_counter() - started
    summary(
        f"{added} added, {duplicates} already stored, {versions} new versions in {elapsed:.1f} s",
        result,
    )
    return 0
