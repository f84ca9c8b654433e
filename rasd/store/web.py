"""Web sources into the store: the library behind ``rasd ingest --sources/--feed/--url …``.

Each source (:class:`rasd.ingest.web.SourceSpec`: an RSS/Atom feed, a WordPress
site, a sitemap, a list of URLs or one page) is read by :func:`rasd.ingest.web.iter_source`
with one polite :class:`~rasd.ingest.web.Fetcher`; every article goes through the same
step as a file's (:mod:`rasd.store.ingestion`: stored once with its events in one
transaction, a no-op when already stored), and every input that gave no article
(timeout, HTTP error, too large, robots.txt, private address, invalid XML, wrong
charset …) is **quarantined** with its reason. The run's report counts both.

Pages already stored are not fetched again: their ids (``web-…``, from the canonical
URL) are read from the store at the start and handed to the readers as ``seen``.
``watch_sources`` polls the sources until stopped (``rasd ingest --watch``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from sqlalchemy import select

from rasd.ingest.web import Failed, Fetcher, SourceSpec, iter_source, watch
from rasd.model import Article
from rasd.store.ingestion import IngestReport, IngestStep, Progress, recorded_run
from rasd.store.schema import articles
from rasd.store.store import Store
from rasd.store.version import pipeline_version
from rasd.store.engine import read_tx

#: the prefix of the ids the web readers give their articles (rasd.ingest.web.urls.article_id)
WEB_ID_PREFIX = "web-"


def stored_web_ids(store: Store) -> set[str]:
    """Ids of the web articles already in the store (their pages need no fetch)."""
    with read_tx(store.engine) as conn:
        rows = conn.execute(select(articles.c.external_id).where(articles.c.external_id.like(WEB_ID_PREFIX + "%")))
        return {r[0] for r in rows}


def ingest_sources(store: Store, specs: Iterable[SourceSpec], fetcher: Fetcher, *, version: str | None = None,
                   command: str | None = None, progress: Progress | None = None) -> IngestReport:
    """One pass over every source, as one run; its report (``unit`` = sources)."""
    specs = list(specs)
    version = version or pipeline_version()
    with recorded_run(store, command, total=len(specs), unit="sources") as report:
        step = IngestStep(store, report, version)
        seen = stored_web_ids(store)
        for spec in specs:
            step.source = spec.name
            for item in iter_source(spec, fetcher, seen=seen):
                _take(step, item, spec)
                if isinstance(item, Article):
                    seen.add(item.id)  # listed again by another source: not fetched twice
                if progress:
                    progress(report)
            report.done += 1
            if progress:
                progress(report)
    return report


def watch_sources(store: Store, specs: Iterable[SourceSpec], fetcher: Fetcher, interval: float,
                  stop_event: threading.Event, *, version: str | None = None, command: str | None = None,
                  max_rounds: int | None = None, progress: Progress | None = None) -> IngestReport:
    """Poll every source every ``interval`` seconds until ``stop_event`` is set (or
    ``max_rounds`` rounds): new articles are stored as they come, failures quarantined
    once per input and reason. One run for the whole watch."""
    specs = list(specs)
    by_name = {s.name: s for s in specs}
    version = version or pipeline_version()
    with recorded_run(store, command, total=0, unit="items") as report:
        step = IngestStep(store, report, version)

        def on_item(item: Article | Failed) -> None:
            spec = by_name.get(item.source or "") if isinstance(item, Article) else None
            step.source = spec.name if spec else (item.source if isinstance(item, Article) else None)
            _take(step, item, spec)
            report.done += 1
            if progress:
                progress(report)

        watch(specs, fetcher, interval, on_item, stop_event, seen=stored_web_ids(store), max_rounds=max_rounds)
    return report


def _take(step: IngestStep, item: Article | Failed, spec: SourceSpec | None) -> None:
    if isinstance(item, Failed):
        step.quarantine(item.input, item.reason)
    else:
        step.item(item, item.url or (spec.url if spec else item.id))
