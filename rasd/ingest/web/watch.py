"""Polling sources on a schedule (``rasd ingest --watch``): :func:`watch`."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rasd.ingest.web.errors import Failed, Reason
from rasd.ingest.web.fetch import Fetcher
from rasd.ingest.web.iterate import Item, iter_source
from rasd.ingest.web.sources import SourceSpec
from rasd.model import Article

log = logging.getLogger("rasd.ingest.web")


@dataclass(slots=True)
class WatchStats:
    """What a watch did: passes over sources, new articles, failures reported."""

    rounds: int = 0
    passes: int = 0
    articles: int = 0
    failed: int = 0


def watch(
    sources: Iterable[SourceSpec],
    fetcher: Fetcher,
    interval: float,
    on_item: Callable[[Item], None],
    stop_event: threading.Event,
    *,
    seen: Iterable[str] = (),
    max_rounds: int | None = None,
) -> WatchStats:
    """Poll every source every ``interval`` seconds (or its own ``poll_interval``)
    until ``stop_event`` is set, calling ``on_item`` with each *new* item.

    * An article is new once per process: ids already passed to ``on_item``, and
      those in ``seen`` (e.g. loaded from the store at start), are skipped, and
      their pages are not fetched again.
    * A failure is passed once per (input, reason) per process; the input is still
      retried at every poll, and if it succeeds later its article is passed.
    * A source whose pass raises (a bug) is logged with its traceback and passed
      as a :class:`Failed` of kind ``error``; the other sources go on.
    * An exception from ``on_item`` (the store failing) ends the watch.

    ``max_rounds`` ends the watch after that many rounds (a round polls every source
    that is due). ``stop_event`` is checked between items and while waiting, so a
    stop takes effect within one page fetch.
    """
    specs = list(sources)
    if interval <= 0:
        raise ValueError(f"interval must be > 0 seconds, got {interval}")
    known: set[str] = set(seen)
    reported: set[tuple[str, str]] = set()
    due = {spec.name: 0.0 for spec in specs}
    stats = WatchStats()
    while not stop_event.is_set() and (max_rounds is None or stats.rounds < max_rounds):
        now = time.monotonic()
        for spec in specs:
            if stop_event.is_set():
                break
            if due[spec.name] > now:
                continue
            started = time.monotonic()
            _poll(spec, fetcher, on_item, stop_event, known, reported, stats)
            due[spec.name] = started + (spec.poll_interval if spec.poll_interval is not None else interval)
        stats.rounds += 1
        if max_rounds is not None and stats.rounds >= max_rounds:
            break
        stop_event.wait(max(0.0, min(due.values()) - time.monotonic()))
    return stats


def _poll(
    spec: SourceSpec,
    fetcher: Fetcher,
    on_item: Callable[[Item], None],
    stop_event: threading.Event,
    known: set[str],
    reported: set[tuple[str, str]],
    stats: WatchStats,
) -> None:
    stats.passes += 1
    items = iter_source(spec, fetcher, seen=known)
    try:
        while not stop_event.is_set():
            try:
                item = next(items)
            except StopIteration:
                return
            except Exception as exc:  # a bug in a reader must not end a long-running watch
                log.exception("source %r: pass failed", spec.name)
                item = Failed(spec.url, f"{Reason.ERROR.value}: {type(exc).__name__}: {exc}", Reason.ERROR.value)
            if isinstance(item, Article):
                if item.id in known:
                    continue
                known.add(item.id)
                stats.articles += 1
            else:
                key = (item.input, item.reason)
                if key in reported:
                    continue
                reported.add(key)
                stats.failed += 1
            on_item(item)  # an exception here (the store failing) ends the watch
            if isinstance(item, Failed) and item.kind == Reason.ERROR.value:
                return
    finally:
        items.close()
