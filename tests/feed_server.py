"""A real HTTP server on 127.0.0.1 for tests: scripted routes, recorded requests.

    with FeedServer({"/feed.xml": Reply(body=RSS, etag='"v1"')}) as server:
        fetcher.fetch(server.url("/feed.xml"))

A route is a `Reply`, a list of replies served in turn (the last one repeats, e.g.
503, 503, 200), or a function of the `Request` returning a reply. Unknown paths get
404, so a test that sets no /robots.txt sees a site without one. Replies can be slow
(`delay_s`), huge (`body_size`, streamed without building it in memory), honour
conditional requests (`etag`, `last_modified`), or redirect (`Reply.redirect`).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def article_page(title: str, outlet: str, published: str, paragraphs: list[str]) -> bytes:
    """An outlet's article page as news sites write them: the article among navigation
    and a footer, its outlet and publication time in meta tags."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:site_name" content="{outlet}">'
        f'<meta property="article:published_time" content="{published}"></head><body>'
        f'<nav><a href="/">{outlet}</a></nav><article><h1>{title}</h1>\n{body}\n</article>'
        f"<footer>Copyright {outlet}</footer></body></html>"
    ).encode()


class FakeClock:
    """Monotonic time that only moves when a fetcher sleeps: rate limits cost nothing.
    Give it to `Fetcher(clock=clock, sleep=clock.sleep)`; `sleeps` lists every wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # before anything is sent: a server that does not answer
    etag: str | None = None  # sent, and If-None-Match with it gives 304
    last_modified: str | None = None  # sent, and If-Modified-Since equal to it gives 304
    body_size: int | None = None  # send this many filler bytes instead of `body`
    content_length: bool = True  # False: no Content-Length; the body ends at close

    @staticmethod
    def redirect(location: str, status: int = 302) -> Reply:
        return Reply(status=status, headers={"Location": location})


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    at: float  # time.monotonic() when it arrived


Route = Reply | list[Reply] | Callable[[Request], Reply]

_CHUNK = 64 * 1024
_FILLER = b"<p>" + b"x" * (_CHUNK - 7) + b"</p>\n"


class FeedServer:
    def __init__(self, routes: dict[str, Route] | None = None) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.requests: list[Request] = []
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True  # a handler still sleeping must not block stop()
        # A short poll interval: stop() waits for the loop to notice, once per test.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for request in self.requests if request.path == path)

    def requests_for(self, path: str) -> list[Request]:
        with self._lock:
            return [request for request in self.requests if request.path == path]

    def _reply_for(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            route = self.routes.get(request.path)
            if isinstance(route, list):
                index = self._served.get(request.path, 0)
                self._served[request.path] = index + 1
                return route[min(index, len(route) - 1)]
        if route is None:
            return Reply(status=404, body=b"not found")
        if isinstance(route, Reply):
            return route
        return route(request)


def _handler_for(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.0: one request per connection, and a body may end at close.
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            request = Request("GET", self.path, headers, time.monotonic())
            reply = server._reply_for(request)
            if reply.delay_s:
                time.sleep(reply.delay_s)
            # The client may give up (size cap, timeout): that is what such a test wants.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                _send(self, reply, headers)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output quiet

    return Handler


def _send(handler: BaseHTTPRequestHandler, reply: Reply, headers: dict[str, str]) -> None:
    validators = {"ETag": reply.etag, "Last-Modified": reply.last_modified}
    if _unchanged(reply, headers):
        handler.send_response(304)
        for name, value in validators.items():
            if value:
                handler.send_header(name, value)
        handler.end_headers()
        return
    size = reply.body_size if reply.body_size is not None else len(reply.body)
    handler.send_response(reply.status)
    for name, value in {**reply.headers, **validators}.items():
        if value:
            handler.send_header(name, value)
    if reply.content_length:
        handler.send_header("Content-Length", str(size))
    handler.end_headers()
    if reply.body_size is None:
        handler.wfile.write(reply.body)
        return
    left = size
    while left > 0:
        piece = _FILLER[: min(left, _CHUNK)]
        handler.wfile.write(piece)
        left -= len(piece)


def _unchanged(reply: Reply, headers: dict[str, str]) -> bool:
    if reply.etag and reply.etag in headers.get("if-none-match", ""):
        return True
    return bool(reply.last_modified and headers.get("if-modified-since") == reply.last_modified)
