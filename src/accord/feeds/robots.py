"""robots.txt, fetched once per host and kept for a while.

What the fetch gave decides the policy (the usual crawler convention, RFC 9309):
2xx -> the rules in the file; 4xx (or too many redirects) -> no rules, everything
allowed; 5xx -> the site is in trouble, fetch nothing from it for now; unreachable ->
allowed (a host with no
robots.txt server at all is common, and the page fetch will fail on its own anyway).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

# The longest robots.txt we read; Google stops at 500 KiB too.
MAX_ROBOTS_BYTES = 500 * 1024
# Rules are kept this long before they are fetched again.
ROBOTS_TTL_S = 6 * 3600.0
# A robots.txt Crawl-delay above this is not honoured in full: a feed must still be read.
MAX_CRAWL_DELAY_S = 60.0


@dataclass
class RobotsAnswer:
    """What one fetch of /robots.txt gave: its status (None: unreachable) and body."""

    status: int | None
    body: bytes


@dataclass
class _Policy:
    parser: RobotFileParser | None  # None: the status decided for every path
    allow_all: bool
    fetched_at: float


class RobotsCache:
    """Per-host robots.txt policies; `fetch_robots(url)` does the network part."""

    def __init__(
        self,
        fetch_robots: Callable[[str], RobotsAnswer],
        user_agent: str,
        clock: Callable[[], float],
        ttl_s: float = ROBOTS_TTL_S,
    ) -> None:
        self._fetch = fetch_robots
        self._agent = user_agent
        self._clock = clock
        self._ttl = ttl_s
        self._policies: dict[str, _Policy] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        policy = self._policy(url)
        if policy.parser is None:
            return policy.allow_all
        return policy.parser.can_fetch(self._agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The host's Crawl-delay for us, if its robots.txt was already read."""
        with self._lock:
            policy = self._policies.get(host_key(url))
        if policy is None or policy.parser is None:
            return None
        delay = policy.parser.crawl_delay(self._agent)
        if delay is None:
            return None
        return min(float(delay), MAX_CRAWL_DELAY_S)

    def _policy(self, url: str) -> _Policy:
        key = host_key(url)
        now = self._clock()
        with self._lock:
            cached = self._policies.get(key)
        if cached is not None and now - cached.fetched_at < self._ttl:
            return cached
        # Two threads may both fetch a host's robots.txt once; harmless, and simpler
        # than holding a lock across a network request.
        policy = _policy_from(self._fetch(f"{key}/robots.txt"), now)
        with self._lock:
            self._policies[key] = policy
        return policy


def host_key(url: str) -> str:
    """scheme://host[:port], the unit robots.txt and the rate limit apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _policy_from(answer: RobotsAnswer, now: float) -> _Policy:
    status = answer.status
    # 3xx here means the redirects ran out: RFC 9309 treats that like a missing file.
    if status is None or 300 <= status < 500:
        return _Policy(None, True, now)
    if status >= 500 or not 200 <= status < 300:
        return _Policy(None, False, now)
    text = answer.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace")
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return _Policy(parser, True, now)
