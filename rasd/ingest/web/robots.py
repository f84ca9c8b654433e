"""robots.txt, fetched once per origin and kept for a day (RFC 9309).

How the answer to ``GET /robots.txt`` decides (RFC 9309 §2.3.1):

* 2xx: the rules apply, for the ``rasd`` user-agent token (or ``*``);
* 4xx (no robots.txt, or forbidden): everything is allowed;
* 5xx: the server is in trouble, everything is disallowed until the next check;
* no answer at all (timeout, connection refused, DNS failure): allowed, as
  rasd's ingestion brief asks. RFC 9309 would have a crawler treat an unreachable
  robots.txt as a full disallow; in practice the page request to the same host
  then fails with the same network error and is quarantined with *that* reason,
  which tells the user more.

The ``Crawl-delay`` of the group that applies is returned so the fetcher can slow
down to it (bounded).
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

# a robots.txt larger than this is cut here (RFC 9309 asks parsers to read at least 500 KiB)
MAX_ROBOTS_BYTES = 512 * 1024
ROBOTS_TTL = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What fetching ``/robots.txt`` gave: an HTTP status and body, or ``status=None`` when unreachable."""

    status: int | None
    text: str = ""


@dataclass(frozen=True, slots=True)
class _Entry:
    parser: urllib.robotparser.RobotFileParser
    fetched_at: float
    status: int | None


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of ``url``, lower-case: the scope of one robots.txt."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class RobotsCache:
    """robots.txt rules per origin, loaded on first use through ``load(robots_url)``."""

    def __init__(
        self,
        agent: str,
        load: Callable[[str], RobotsAnswer],
        *,
        ttl: float = ROBOTS_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.agent = agent.split("/", 1)[0]  # the product token: "rasd"
        self._load = load
        self._ttl = ttl
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s origin lets ``rasd`` fetch it."""
        return self._entry(origin_of(url)).parser.can_fetch(self.agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The ``Crawl-delay`` for ``rasd`` at ``url``'s origin, if robots.txt sets one."""
        delay = self._entry(origin_of(url)).parser.crawl_delay(self.agent)
        return float(delay) if delay is not None else None

    def status(self, url: str) -> int | None:
        """The HTTP status robots.txt of ``url``'s origin was fetched with (``None``: unreachable)."""
        return self._entry(origin_of(url)).status

    def _entry(self, origin: str) -> _Entry:
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per origin even when threads ask at once
            entry = self._entries.get(origin)
            if entry is None or self._clock() - entry.fetched_at > self._ttl:
                answer = self._load(origin + "/robots.txt")
                entry = _Entry(_parser(answer), self._clock(), answer.status)
                self._entries[origin] = entry
            return entry


def _parser(answer: RobotsAnswer) -> urllib.robotparser.RobotFileParser:
    parser = urllib.robotparser.RobotFileParser()
    status = answer.status
    if status is not None and 200 <= status < 300:
        parser.parse(answer.text.splitlines())
    elif status is not None and status >= 500:
        parser.disallow_all = True  # type: ignore[attr-defined]  # set in __init__; typeshed omits it
    else:  # 4xx, an unexpected 1xx/3xx, or unreachable
        parser.allow_all = True  # type: ignore[attr-defined]
    # can_fetch() answers False until the parser has a "last checked" time
    parser.modified()
    return parser
