"""XML sitemaps (``<urlset>``) and sitemap indexes (``<sitemapindex>``), plain or gzipped.

Each ``<url><loc>`` is an article page to fetch. A Google News sitemap's
``<news:title>`` and ``<news:publication_date>`` are used as the title and date;
``<lastmod>`` is not (it is when the page last changed, not when it was
published), so the date otherwise comes from the page (htmldate). An index is
followed ``MAX_DEPTH`` levels down and at most ``MAX_SITEMAPS`` sitemaps a pass; a
child sitemap that fails is one failure and the others go on.

The XML parser resolves no entities and fetches nothing (no XXE, no entity bombs).
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Container, Iterator
from datetime import date
from typing import Any
from urllib.parse import urljoin

from rasd.errors import InputError
from rasd.ingest.article import parse_published
from rasd.ingest.web.errors import Failed, FetchError, Reason
from rasd.ingest.web.fetch import Fetched, Fetcher
from rasd.ingest.web.pages import Listing, clean_title, fetch_listed
from rasd.ingest.web.sources import SourceSpec
from rasd.model import Article

MAX_DEPTH = 3
MAX_SITEMAPS = 1000
SITEMAP_ACCEPT = ("xml", "gzip", "text")


def iter_sitemap(spec: SourceSpec, fetcher: Fetcher, seen: Container[str] | None = None) -> Iterator[Article | Failed]:
    """The articles of a sitemap (or sitemap index) source."""
    yield from fetch_listed(_walk(spec.url, fetcher), fetcher, source=spec.name, seen=seen, max_items=spec.max_items)


def _walk(url: str, fetcher: Fetcher) -> Iterator[Listing | Failed]:
    """Every page URL below a sitemap, depth first, each sitemap fetched once."""
    stack: list[tuple[str, int]] = [(url, 0)]
    visited: set[str] = set()
    while stack:
        current, depth = stack.pop()
        if current in visited:
            continue
        if len(visited) >= MAX_SITEMAPS:
            yield Failed(current, f"{Reason.SITEMAP.value}: more than {MAX_SITEMAPS} sitemaps; the rest are skipped", Reason.SITEMAP.value)
            return
        visited.add(current)
        try:
            got = fetcher.get(current, accept=SITEMAP_ACCEPT)
            children, pages = parse_sitemap(got, max_bytes=fetcher.max_bytes)
        except FetchError as exc:
            yield Failed.of(exc)
            continue
        yield from pages
        if children and depth >= MAX_DEPTH:
            yield Failed(current, f"{Reason.SITEMAP.value}: sitemap index nested deeper than {MAX_DEPTH} levels", Reason.SITEMAP.value)
            continue
        stack.extend((child, depth + 1) for child in reversed(children))


def parse_sitemap(got: Fetched, *, max_bytes: int) -> tuple[list[str], list[Listing]]:
    """The child sitemaps (of an index) and the pages (of a urlset) of a fetched sitemap."""
    from lxml import etree  # type: ignore[import-untyped]

    data = _gunzip(got, max_bytes) if got.content[:2] == b"\x1f\x8b" else got.content
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FetchError(got.url, Reason.SITEMAP, f"not valid XML ({exc})") from exc
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        locs = (_child_text(el, "loc") for el in _children(root, "sitemap"))
        return [urljoin(got.final_url, loc) for loc in locs if loc], []
    if kind != "urlset":
        raise FetchError(got.url, Reason.SITEMAP, f"not a sitemap (the root element is <{kind}>, not <urlset> or <sitemapindex>)")
    pages = []
    for entry in _children(root, "url"):
        loc = _child_text(entry, "loc")
        if not loc:
            continue
        news = next(_children(entry, "news"), None)
        title = _child_text(news, "title") if news is not None else None
        published = _news_date(_child_text(news, "publication_date"), got.url) if news is not None else None
        pages.append(Listing(url=urljoin(got.final_url, loc), title=clean_title(title), published=published))
    return [], pages


def _gunzip(got: Fetched, max_bytes: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(got.content)) as fh:
            data = fh.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise FetchError(got.url, Reason.DECODE, f"broken gzip data ({exc})") from exc
    if len(data) > max_bytes:
        raise FetchError(got.url, Reason.TOO_LARGE, f"the sitemap is over the {max_bytes:,}-byte limit once uncompressed")
    return data


def _children(el: Any, name: str) -> Iterator[Any]:
    """The child elements of ``el`` whose local name is ``name`` (any namespace)."""
    for sub in el:
        if isinstance(sub.tag, str) and sub.tag.rsplit("}", 1)[-1] == name:
            yield sub


def _child_text(el: Any, name: str) -> str | None:
    """The stripped text of the first child of ``el`` named ``name``, if any."""
    for sub in _children(el, name):
        if sub.text and sub.text.strip():
            return str(sub.text.strip())
    return None


def _news_date(raw: str | None, sitemap_url: str) -> date | None:
    if not raw:
        return None
    try:
        return parse_published(raw, sitemap_url, "news:publication_date")
    except InputError:
        return None
