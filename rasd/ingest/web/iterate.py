"""One pass over one source: :func:`iter_source`."""

from __future__ import annotations

from collections.abc import Callable, Container, Generator, Iterator

from rasd.errors import InputError
from rasd.ingest.web.errors import Failed
from rasd.ingest.web.feeds import iter_feed
from rasd.ingest.web.fetch import Fetcher
from rasd.ingest.web.sitemaps import iter_sitemap
from rasd.ingest.web.sources import SourceSpec
from rasd.ingest.web.urllist import iter_page, iter_url_list
from rasd.ingest.web.urls import host_of
from rasd.ingest.web.wordpress import iter_wordpress
from rasd.model import Article

Item = Article | Failed
Reader = Callable[[SourceSpec, Fetcher, Container[str] | None], Iterator[Item]]

READERS: dict[str, Reader] = {
    "rss": iter_feed,
    "atom": iter_feed,
    "wordpress": iter_wordpress,
    "sitemap": iter_sitemap,
    "urls": iter_url_list,
    "page": iter_page,
}


def iter_source(source: SourceSpec, fetcher: Fetcher, *, seen: Container[str] | None = None) -> Generator[Item, None, None]:
    """Every article of one pass over ``source``, lazily: an :class:`~rasd.model.Article`
    per good page and a :class:`Failed` per input that could not be fetched or parsed.

    Each article is yielded at most once a pass. ``seen`` holds article ids already
    stored: their pages are not fetched again (a poll of a feed costs one request
    plus one per *new* entry). A source's ``min_interval`` applies to its host from
    now on. Expected failures never raise; a bug does.
    """
    if source.min_interval is not None and "://" in source.url:
        fetcher.set_min_interval(host_of(source.url), source.min_interval)
    try:
        yield from READERS[source.kind](source, fetcher, seen)
    except InputError as exc:  # a reader's own error that it did not turn into a Failed
        yield Failed.of(exc)
