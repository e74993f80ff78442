"""`accord serve`: brief the given articles once, then serve the events as a web app."""

from __future__ import annotations

import argparse
import errno
import signal
import socket
import time
from collections.abc import Callable
from typing import Any

from accord.cli_brief import brief_with_progress, check_brief_options
from accord.cli_cluster import add_encoder_arguments, make_encoder
from accord.cli_common import (
    UsageError,
    add_analysis_arguments,
    read_articles,
    stderr,
    summary,
)
from accord.ingest.readers import DEFAULT_MAX_BYTES

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


# How often `serve --db` asks the store whether new briefs were saved (a cheap query).
# Not imported from accord.web: that would load FastAPI for every accord command.
DEFAULT_REFRESH_S = 5.0


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "serve",
        help="serve the events' briefs as a web app with a JSON API",
        description="Read articles, group them into events and consolidate each event, as "
        "`accord brief` does, once at start-up (or, with --db, serve the briefs a watcher "
        "keeps in a store, followed as it updates them); then serve the briefs: a searchable front "
        "page of events, each event's brief, each article with its cited spans highlighted, "
        "the storylines (events that continue one another), and a JSON API (/api/events, "
        "/api/events/{id}, /api/articles/{id}, /api/storylines; docs at /docs).",
    )
    # Not add_input_arguments: a server writes no output file, so no -o.
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders to read (or --db)"
    )
    parser.add_argument(
        "--db",
        metavar="DB",
        help="serve the briefs kept in this store (what `accord watch` made), with what "
        "changed in each, read again whenever a watcher saves new ones; SQLite path or "
        "postgresql:// URL",
    )
    parser.add_argument(
        "--refresh",
        type=float,
        default=DEFAULT_REFRESH_S,
        metavar="SECONDS",
        help="with --db: how often to look for briefs saved since (default: %(default)g)",
    )
    parser.add_argument(
        "--max-size",
        type=float,
        default=DEFAULT_MAX_BYTES / 1024 / 1024,
        metavar="MB",
        help="largest single article file to read, in MB (default: %(default)g)",
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help="address to listen on (default: %(default)s, this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port (default: %(default)s)"
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        help="show each claim and quote in this language (ISO 639-1) where an article "
        "states it in that language",
    )
    parser.add_argument("--words", type=int, metavar="N", help="summary length in words")
    add_encoder_arguments(parser)
    add_analysis_arguments(parser)
    parser.set_defaults(handler=run_serve)


def check_options(args: argparse.Namespace) -> str | None:
    """Fail on a wrong option before the slow start-up; return the --language code."""
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port must be between 1 and 65535, not {args.port}")
    if not args.refresh >= 0:  # also refuses nan
        raise UsageError(f"--refresh must be 0 or more seconds, not {args.refresh:g}")
    return check_brief_options(args)


def check_port_free(host: str, port: int) -> None:
    """Binding now, before minutes of analysis, turns a busy port or a wrong address into
    an immediate one-line error instead of a failure after start-up."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as err:
        raise UsageError(f"cannot listen on {host}: {err.strerror or err}") from err
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # As uvicorn does, so a port left in TIME_WAIT by a previous run counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as err:
            reason = "is already in use" if err.errno == errno.EADDRINUSE else f"{err.strerror}"
            raise UsageError(f"cannot listen on {host} port {port}: {reason}") from err


def serve_app(args: argparse.Namespace, language: str | None) -> tuple[Any, Callable[[], None]]:
    """What to serve: the store's briefs (--db), followed as a watcher updates them, or
    the briefs of PATHs made now; with what to call when the server stops."""
    from accord.web import create_app

    if args.db and args.paths:
        raise UsageError("give PATHs or --db, not both")
    if not args.db and not args.paths:
        raise UsageError("give the PATHs of articles to read, or --db to serve a store")
    if args.db:
        return live_store_app(args)
    return create_app(build_document(args, language)), _nothing


def live_store_app(args: argparse.Namespace) -> tuple[Any, Callable[[], None]]:
    """The app over the store `args.db`: it reads the briefs again whenever the store's
    change (a watcher running beside it), so a page shows what the watcher last saved.
    Returns the app and what closes the store and the encoder when the server stops."""
    from accord.cli_store import open_db
    from accord.store import StoreError
    from accord.watch import stored_brief_document
    from accord.web import create_live_app

    store = open_db(args.db)  # first: a wrong --db fails before the encoder loads
    encoder = None
    try:
        encoder = make_encoder(args)

        def load() -> dict[str, Any]:
            return stored_brief_document(store, include_text=True, encoder=encoder)

        app = create_live_app(load, store.briefs_version, check_every_s=args.refresh)
    except StoreError as err:
        _close(store, encoder)
        raise UsageError(f"cannot use the store {args.db}: {err}") from err
    except BaseException:
        _close(store, encoder)
        raise
    return app, lambda: _close(store, encoder)


def _nothing() -> None:
    pass


def _close(store: Any, encoder: Any) -> None:
    if encoder is not None:
        encoder.close()
    store.close()


def build_document(args: argparse.Namespace, language: str | None) -> dict[str, Any]:
    """The brief document of `args.paths`, texts included, as `accord brief` makes it."""
    # Read first: a wrong path should fail before the encoder model is loaded.
    result = read_articles(args.paths, args.max_size)
    encoder = make_encoder(args)
    started = time.perf_counter()
    document = brief_with_progress(args, result, encoder, language, include_text=True)
    elapsed = time.perf_counter() - started
    summary(
        f"briefed {len(result.articles)} articles into {len(document['events'])} events "
        f"in {elapsed:.1f} s",
        result,
    )
    return document


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    language = check_options(args)
    check_port_free(args.host, args.port)
    app, close = serve_app(args, language)
    shown_host = f"[{args.host}]" if ":" in args.host else args.host
    stderr.print(
        f"accord: serving on http://{shown_host}:{args.port}/ (Ctrl-C to stop)", markup=False
    )
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning")
    server = uvicorn.Server(config)
    # uvicorn catches SIGINT/SIGTERM, finishes open requests, then re-raises the signal:
    # KeyboardInterrupt for SIGINT, our handler below for SIGTERM. Either is a normal stop.
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    except (KeyboardInterrupt, ServerStopped):
        stderr.print("accord: server stopped", markup=False)
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        close()
    # A bind that failed after all (a race with another program) ends without serving.
    return 0 if server.started else 1


class ServerStopped(Exception):
    """SIGTERM arrived: the server has shut down."""


def _stop(_signum: int, _frame: Any) -> None:
    raise ServerStopped
