"""RSS and Atom feeds (feedparser): each entry's link is fetched as an article page.

The entry's title and date are kept (the publisher's own metadata); the page gives
the text, and the date when the entry has none. The entry date is the calendar day
as written (``Tue, 04 Mar 2025 23:30:00 +0300`` is 4 March), like the file readers.

A feed that is not XML at all, or XML that is not a feed, is one ``feed``
failure naming the feed URL. A "bozo" feed (feedparser's name for a feed with an
XML error it recovered from: an undeclared entity, a wrong encoding) whose entries
still parse is used, with a warning.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Container, Iterator
from datetime import date
from urllib.parse import urljoin

from rasd.errors import InputError
from rasd.ingest.article import parse_published
from rasd.ingest.web.errors import Failed, FetchError, Reason
from rasd.ingest.web.fetch import Fetched, Fetcher
from rasd.ingest.web.pages import Listing, clean_title, fetch_listed
from rasd.ingest.web.sources import SourceSpec
from rasd.model import Article

log = logging.getLogger("rasd.ingest.web")

FEED_ACCEPT = ("xml", "html", "text")  # feeds are often served as text/html or text/plain


def iter_feed(spec: SourceSpec, fetcher: Fetcher, seen: Container[str] | None = None) -> Iterator[Article | Failed]:
    """The articles of an RSS or Atom feed source."""
    try:
        got = fetcher.get(spec.url, accept=FEED_ACCEPT)
        entries = parse_feed(got)
    except FetchError as exc:
        yield Failed.of(exc)
        return
    yield from fetch_listed(entries, fetcher, source=spec.name, seen=seen, max_items=spec.max_items)


def parse_feed(got: Fetched) -> list[Listing | Failed]:
    """The entries of a fetched feed, as listings (or a ``Failed`` for an entry without a link)."""
    import feedparser  # type: ignore[import-untyped]

    headers = {"content-type": got.headers.get("content-type", ""), "content-location": got.final_url}
    parsed = feedparser.parse(io.BytesIO(got.content), response_headers=headers)
    if parsed.get("bozo") and not parsed.entries:
        raise FetchError(got.url, Reason.FEED, f"not a valid RSS or Atom feed ({_bozo(parsed)})")
    if not parsed.get("version") and not parsed.entries:
        raise FetchError(got.url, Reason.FEED, "not an RSS or Atom feed (no feed element)")
    listed: list[Listing | Failed] = []
    for number, entry in enumerate(parsed.entries, 1):
        link = entry.get("link") or _alternate(entry)
        if not link:
            listed.append(Failed(f"{got.url} entry {number}", f"{Reason.FEED.value}: entry has no link", Reason.FEED.value))
            continue
        listed.append(Listing(url=urljoin(got.final_url, link.strip()), title=clean_title(entry.get("title")), published=_entry_date(entry, got.url)))
    if parsed.get("bozo"):
        usable = sum(isinstance(x, Listing) for x in listed)
        if not usable:  # the recovering parser salvaged fragments, not entries
            raise FetchError(got.url, Reason.FEED, f"not a valid RSS or Atom feed ({_bozo(parsed)})")
        log.warning("%s: feed has errors but %d of its entries parse; using them (%s)", got.url, usable, _bozo(parsed))
    return listed


def _alternate(entry: dict) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _entry_date(entry: dict, feed_url: str) -> date | None:
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            try:
                return parse_published(raw, feed_url, key)
            except InputError:
                parsed = entry.get(f"{key}_parsed")
                if isinstance(parsed, time.struct_time):
                    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
    return None


def _bozo(parsed: dict) -> str:
    exc = parsed.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}" if exc is not None else "unknown error"
