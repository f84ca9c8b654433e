"""A per-host rate limit: at least ``min_interval`` seconds between the starts of two
requests to one host, across threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class HostRateLimiter:
    """Spaces requests to each host by its interval.

    The interval of a host is its own setting (:meth:`set_interval`, from a source's
    ``min_interval``) or the default, raised to the host's robots.txt ``Crawl-delay``
    when that is longer (:meth:`set_crawl_delay`). Each caller reserves the next free
    slot under a lock and sleeps outside it, so concurrent callers queue up instead of
    racing.
    """

    def __init__(
        self,
        min_interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if min_interval < 0:
            raise ValueError(f"min_interval must be >= 0, got {min_interval}")
        self.default = min_interval
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._own: dict[str, float] = {}
        self._crawl_delay: dict[str, float] = {}
        self._next: dict[str, float] = {}

    def set_interval(self, host: str, seconds: float) -> None:
        """Use ``seconds`` between requests to ``host`` instead of the default."""
        if seconds < 0:
            raise ValueError(f"min_interval must be >= 0, got {seconds}")
        with self._lock:
            self._own[host] = seconds

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """The robots.txt ``Crawl-delay`` of ``host`` (``None``: none given)."""
        with self._lock:
            if seconds is None:
                self._crawl_delay.pop(host, None)
            else:
                self._crawl_delay[host] = seconds

    def interval(self, host: str) -> float:
        """The seconds between two requests to ``host``."""
        return max(self._own.get(host, self.default), self._crawl_delay.get(host, 0.0))

    def wait(self, host: str) -> float:
        """Block until a request to ``host`` may start; return the seconds waited."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.interval(host)
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return max(delay, 0.0)
