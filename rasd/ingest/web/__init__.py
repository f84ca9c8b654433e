"""Web ingestion: feeds, WordPress sites, sitemaps, URL lists and pages to articles.

The API the store's ``rasd ingest`` calls::

    from rasd.ingest.web import Fetcher, Failed, iter_source, load_sources, watch

    with Fetcher() as fetcher:                       # polite defaults; public addresses only
        for spec in load_sources("sources.toml"):
            for item in iter_source(spec, fetcher, seen=stored_ids):
                if isinstance(item, Failed):
                    quarantine(item.input, item.reason)
                else:
                    store(item)                      # a rasd.model.Article

See ``docs/ingest-web.md`` for the politeness rules, the ``sources.toml`` format
and the failure reasons.
"""

from rasd.ingest.web.errors import Failed, FetchError, Reason
from rasd.ingest.web.fetch import (
    DEFAULT_MAX_BYTES,
    Fetched,
    Fetcher,
    FetchStats,
    default_user_agent,
)
from rasd.ingest.web.iterate import Item, iter_source
from rasd.ingest.web.pages import fetch_article
from rasd.ingest.web.sources import KINDS, SourcesError, SourceSpec, load_sources
from rasd.ingest.web.urls import article_id, canonical_url
from rasd.ingest.web.watch import WatchStats, watch

__all__ = [
    "DEFAULT_MAX_BYTES",
    "KINDS",
    "Failed",
    "FetchError",
    "FetchStats",
    "Fetched",
    "Fetcher",
    "Item",
    "Reason",
    "SourceSpec",
    "SourcesError",
    "WatchStats",
    "article_id",
    "canonical_url",
    "default_user_agent",
    "fetch_article",
    "iter_source",
    "load_sources",
    "watch",
]
