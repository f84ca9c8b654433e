"""A per-host rate limit: one request at a time to a host, and at least its interval
between the end of one request and the start of the next.

Spacing from the *end* of the previous request (not its start) means a slow server
is never asked again sooner than the interval after it finished answering, and a
server sees at least the interval between two arrivals whatever the network
latency.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostRateLimiter:
    """Spaces requests to each host by its interval, across threads.

    The interval of a host is its own setting (:meth:`set_interval`, from a source's
    ``min_interval``) or the default, raised to the host's robots.txt ``Crawl-delay``
    when that is longer (:meth:`set_crawl_delay`).
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
        self._last_end: dict[str, float] = {}
        self._host_locks: dict[str, threading.Lock] = {}

    def set_interval(self, host: str, seconds: float) -> None:
        """Use ``seconds`` between requests to ``host`` instead of the default (which
        it may undercut). Set several times (several sources on one host), the
        longest stays: the order sources are read in does not matter."""
        if seconds < 0:
            raise ValueError(f"min_interval must be >= 0, got {seconds}")
        with self._lock:
            self._own[host] = max(seconds, self._own.get(host, seconds))

    def set_crawl_delay(self, host: str, seconds: float | None) -> None:
        """The robots.txt ``Crawl-delay`` of ``host`` (``None``: none given)."""
        with self._lock:
            if seconds is None:
                self._crawl_delay.pop(host, None)
            else:
                self._crawl_delay[host] = seconds

    def interval(self, host: str) -> float:
        """The seconds between two requests to ``host``."""
        with self._lock:
            return max(self._own.get(host, self.default), self._crawl_delay.get(host, 0.0))

    @contextmanager
    def slot(self, host: str) -> Iterator[float]:
        """Hold ``host``'s one request slot: wait for the interval since its last
        request ended, run the request in the ``with`` block, note when it ended.
        Yields the seconds waited."""
        with self._lock:
            lock = self._host_locks.setdefault(host, threading.Lock())
        with lock:
            last = self._last_end.get(host)
            delay = 0.0 if last is None else last + self.interval(host) - self._clock()
            if delay > 0:
                self._sleep(delay)
            try:
                yield max(delay, 0.0)
            finally:
                self._last_end[host] = self._clock()
