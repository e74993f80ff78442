"""HTTP fetching that is polite to publishers and never raises for network trouble.

One `Fetcher` is shared by everything a watcher reads, so its politeness is global:
robots.txt is read once per host and obeyed, requests to one host are spaced by a
minimum interval (or the host's Crawl-delay), failures that may pass (5xx, 429,
timeouts, dropped connections) are retried a bounded number of times with exponential
backoff, redirects are followed by hand so that each hop is checked and loops caught,
and a body is read as a stream and abandoned at a size cap.
Results are plain data: whatever went wrong is a string in `FetchResult.error`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from accord import __version__
from accord.feeds.robots import MAX_ROBOTS_BYTES, RobotsAnswer, RobotsCache, host_key

# The token robots.txt rules name us by, and the header that says who we are.
ROBOTS_AGENT = "accord"
DEFAULT_USER_AGENT = f"{ROBOTS_AGENT}/{__version__} (news brief reader; honours robots.txt)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Statuses that say "not now" rather than "no": worth asking again after a pause.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
NOT_MODIFIED = 304


@dataclass
class FetchResult:
    url: str  # as asked for
    final_url: str  # after redirects
    status: int | None  # None when no HTTP answer came (timeout, refused, robots.txt)
    content: bytes
    etag: str | None
    last_modified: str | None
    error: str | None  # None on success and on 304 (see `not_modified`)
    content_type: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == NOT_MODIFIED


@dataclass
class _Hop:
    """One request's answer, before redirects are followed."""

    status: int | None
    headers: httpx.Headers
    content: bytes = b""
    error: str | None = None
    transient: bool = False  # the error may pass if asked again


class Fetcher:
    """Polite HTTP GETs; thread-safe. `clock` and `sleep` are injectable so that tests
    of the rate limit and backoff need not wait."""

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout_s: float = 10.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 5,
        min_interval_s: float = 1.0,
        retries: int = 2,
        backoff_s: float = 1.0,
        max_backoff_s: float = 30.0,
        respect_robots: bool = True,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.timeout_s = timeout_s
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.min_interval_s = min_interval_s
        self.retries = retries
        self.backoff_s = backoff_s
        self.max_backoff_s = max_backoff_s
        self._clock = clock
        self._sleep = sleep
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept": ACCEPT},
            timeout=httpx.Timeout(timeout_s),
            follow_redirects=False,  # followed by hand: each hop checked, loops caught
            transport=transport,
        )
        self._robots = (
            RobotsCache(self._fetch_robots, ROBOTS_AGENT, clock) if respect_robots else None
        )
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """GET `url`, conditionally when `etag`/`last_modified` from the last fetch are
        given (a 304 then comes back as `not_modified`)."""
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        final_url, hop = self._follow(url, headers, check_robots=True, max_bytes=self.max_bytes)
        error = hop.error
        if error is None and hop.status is not None and hop.status >= 400:
            error = f"HTTP {hop.status}"
        not_modified = hop.status == NOT_MODIFIED
        return FetchResult(
            url=url,
            final_url=final_url,
            status=hop.status,
            content=hop.content if error is None else b"",
            # A 304 need not repeat the validators; the ones we sent are still current.
            etag=hop.headers.get("etag") or (etag if not_modified else None),
            last_modified=hop.headers.get("last-modified")
            or (last_modified if not_modified else None),
            error=error,
            content_type=hop.headers.get("content-type"),
        )

    # --- redirects, robots.txt, retries ----------------------------------------------

    def _follow(
        self,
        url: str,
        headers: dict[str, str],
        *,
        check_robots: bool,
        max_bytes: int,
        truncate: bool = False,
    ) -> tuple[str, _Hop]:
        current = url
        seen = {url}
        for _ in range(self.max_redirects + 1):
            if not _is_web_url(current):
                return current, _failed(f"not an http(s) URL: {current[:200]}")
            if check_robots and self._robots and not self._robots.allowed(current):
                return current, _failed("disallowed by robots.txt")
            hop = self._get_with_retries(current, headers, max_bytes, truncate)
            location = hop.headers.get("location")
            if hop.error or hop.status not in REDIRECT_STATUSES or not location:
                return current, hop
            try:
                target = urljoin(current, location.strip())
            except ValueError:
                return current, _failed(f"bad redirect target: {location[:200]}", hop.status)
            if target in seen:
                return target, _failed("redirect loop", hop.status)
            seen.add(target)
            current = target
        return current, _failed(f"too many redirects (over {self.max_redirects})")

    def _get_with_retries(
        self, url: str, headers: dict[str, str], max_bytes: int, truncate: bool
    ) -> _Hop:
        attempt = 0
        while True:
            hop = self._get_once(url, headers, max_bytes, truncate)
            retryable = hop.transient or hop.status in RETRY_STATUSES
            if not retryable or attempt >= self.retries:
                return hop
            self._sleep(self._backoff(attempt, hop.headers.get("retry-after")))
            attempt += 1

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        delay = min(self.max_backoff_s, self.backoff_s * 2**attempt)
        asked = _retry_after_seconds(retry_after)
        if asked is not None:
            # The server's own figure wins when longer, within our bound.
            delay = max(delay, min(asked, self.max_backoff_s))
        return delay

    def _fetch_robots(self, robots_url: str) -> RobotsAnswer:
        # Oversized robots files are read up to the cap, not refused (RFC 9309).
        _, hop = self._follow(
            robots_url, {}, check_robots=False, max_bytes=MAX_ROBOTS_BYTES, truncate=True
        )
        if hop.error and hop.status is None:
            return RobotsAnswer(None, b"")
        return RobotsAnswer(hop.status, hop.content)

    # --- one request -----------------------------------------------------------------

    def _wait_turn(self, url: str) -> None:
        """Space requests to one host by the interval; the slot is reserved under the
        lock, the wait happens outside it so other hosts are not held up."""
        key = host_key(url)
        interval = self.min_interval_s
        if self._robots:
            interval = max(interval, self._robots.crawl_delay(url) or 0.0)
        with self._lock:
            now = self._clock()
            last = self._last_request.get(key)
            start = now if last is None else max(now, last + interval)
            self._last_request[key] = start
        if start > now:
            self._sleep(start - now)

    def _get_once(self, url: str, headers: dict[str, str], max_bytes: int, truncate: bool) -> _Hop:
        self._wait_turn(url)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code >= 300:
                    # Redirects, 304 and errors: the body is of no use to us.
                    return _Hop(response.status_code, response.headers)
                return self._read_body(response, max_bytes, truncate)
        except httpx.TimeoutException:
            return _failed(f"timeout (no answer within {self.timeout_s:g} s)", transient=True)
        except (httpx.NetworkError, httpx.RemoteProtocolError) as err:
            return _failed(f"connection failed: {_short(err)}", transient=True)
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, OSError) as err:
            return _failed(f"request failed: {_short(err)}")

    def _read_body(self, response: httpx.Response, max_bytes: int, truncate: bool) -> _Hop:
        too_large = f"too large (over {max_bytes} bytes)"
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > max_bytes:
            return _Hop(response.status_code, response.headers, error=too_large)
        # httpx's timeout is per read; a server dripping bytes could hold us forever, so
        # the whole body also has a deadline, in real time whatever the injected clock.
        deadline = time.monotonic() + self.timeout_s
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > max_bytes:
                if truncate:
                    return _Hop(response.status_code, response.headers, bytes(body[:max_bytes]))
                return _Hop(response.status_code, response.headers, error=too_large)
            if time.monotonic() > deadline:
                return _Hop(response.status_code, response.headers, error="timeout (body too slow)")
        return _Hop(response.status_code, response.headers, bytes(body))


def _failed(reason: str, status: int | None = None, *, transient: bool = False) -> _Hop:
    return _Hop(status, httpx.Headers(), error=reason, transient=transient)


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _short(err: BaseException) -> str:
    return (str(err).strip() or type(err).__name__)[:200]
