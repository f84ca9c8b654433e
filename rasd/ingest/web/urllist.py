"""URL lists (a text file of page URLs, local or on the web) and single pages.

A URL list has one URL a line; blank lines and lines starting with ``#`` are
skipped. A line that is not an absolute http(s) URL is one ``bad-url`` failure
naming ``file:line``; the other lines go on.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from pathlib import Path

from rasd.ingest.web.errors import Failed, FetchError, Reason
from rasd.ingest.web.fetch import Fetcher
from rasd.ingest.web.pages import Listing, fetch_listed
from rasd.ingest.web.sources import SourceSpec
from rasd.ingest.web.urls import check_url
from rasd.model import Article

# a URL list is a few thousand lines; anything bigger is a mistake
MAX_LIST_BYTES = 5 * 1024 * 1024


def iter_url_list(spec: SourceSpec, fetcher: Fetcher, seen: Container[str] | None = None) -> Iterator[Article | Failed]:
    """The articles of the pages a URL list names (``spec.url``: an http(s) URL or a local path)."""
    try:
        text = _read_list(spec.url, fetcher)
    except FetchError as exc:
        yield Failed.of(exc)
        return
    yield from fetch_listed(parse_url_list(text, spec.url), fetcher, source=spec.name, seen=seen, max_items=spec.max_items)


def iter_page(spec: SourceSpec, fetcher: Fetcher, seen: Container[str] | None = None) -> Iterator[Article | Failed]:
    """The one article of a ``page`` source."""
    yield from fetch_listed([Listing(spec.url)], fetcher, source=spec.name, seen=seen)


def parse_url_list(text: str, where: str) -> Iterator[Listing | Failed]:
    """The URLs of a URL list's text, read from ``where``."""
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            yield Listing(check_url(line))
        except FetchError as exc:
            yield Failed(f"{where}:{lineno}", f"{Reason.BAD_URL.value}: {line!r} is {exc.detail}", Reason.BAD_URL.value)


def _read_list(location: str, fetcher: Fetcher) -> str:
    if "://" in location:
        return fetcher.get(location, accept=("text",), max_bytes=MAX_LIST_BYTES).text().text
    path = Path(location)
    try:
        if path.stat().st_size > MAX_LIST_BYTES:
            raise FetchError(location, Reason.TOO_LARGE, f"the URL list is over {MAX_LIST_BYTES:,} bytes")
        data = path.read_bytes()
    except OSError as exc:
        raise FetchError(location, Reason.READ, f"the URL list cannot be read ({exc.strerror or exc})") from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FetchError(location, Reason.DECODE, "the URL list is not UTF-8 text") from exc
