"""One web page to one :class:`~rasd.model.Article`.

The page is fetched as HTML, decoded (:mod:`rasd.ingest.web.charset`), and its main
text, title and date extracted by :func:`rasd.ingest.html.extract_html`
(trafilatura and htmldate). What the listing said (a feed entry's title and date,
a sitemap's news title) wins over what the page says: it is the publisher's own
metadata, while htmldate can be fooled by dates in a page's sidebar.
"""

from __future__ import annotations

import html
import re
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from rasd.errors import InputError
from rasd.ingest.article import make_article
from rasd.ingest.html import extract_html
from rasd.ingest.web.errors import Failed, FetchError
from rasd.ingest.web.fetch import Fetcher
from rasd.ingest.web.urls import article_id, canonical_url
from rasd.model import Article


def fetch_article(
    fetcher: Fetcher, url: str, *, source: str | None = None, title: str | None = None, published: date | None = None
) -> Article:
    """The article at ``url``; ``source`` is the outlet name stored in ``Article.source``.

    Raises :class:`~rasd.ingest.web.errors.FetchError` (fetching, decoding) or
    :class:`~rasd.errors.InputError` (no article text, text over the limit), both
    naming ``url``.
    """
    got = fetcher.get(url)
    page = extract_html(got.text().text, url, url=got.final_url, want_date=published is None)
    return article_from_text(url, page.text, source=source, title=title or page.title, published=published or page.published)


def article_from_text(
    url: str, text: str, *, source: str | None = None, title: str | None = None, published: date | None = None
) -> Article:
    """An article for ``url`` from text already extracted (language set, limits checked)."""
    return make_article(url, id=article_id(url), text=text, title=title, published=published, url=canonical_url(url), outlet=source)


@dataclass(frozen=True, slots=True)
class Listing:
    """A page a source lists: its URL and what the listing says about it."""

    url: str
    title: str | None = None
    published: date | None = None


def fetch_listed(
    listed: Iterable[Listing | Failed], fetcher: Fetcher, *, source: str, seen: Container[str] | None = None, max_items: int | None = None
) -> Iterator[Article | Failed]:
    """Fetch every listed page once, in order: an :class:`Article` or a :class:`Failed` each.

    Pages whose article id is in ``seen`` are skipped without a request, as are
    repeats within ``listed``; ``max_items`` bounds the pages fetched. A
    :class:`Failed` in ``listed`` (a bad entry of the listing) is passed through.
    """
    done: set[str] = set()
    fetched = 0
    for item in listed:
        if isinstance(item, Failed):
            yield item
            continue
        try:
            aid = article_id(item.url)
        except FetchError as exc:
            yield Failed.of(exc)
            continue
        if aid in done or (seen is not None and aid in seen):
            continue
        done.add(aid)
        if max_items is not None and fetched >= max_items:
            return
        fetched += 1
        try:
            yield fetch_article(fetcher, item.url, source=source, title=item.title, published=item.published)
        except InputError as exc:
            yield Failed.of(exc)


_TAG = re.compile(r"<[^>]*>")


def clean_title(title: str | None) -> str | None:
    """A title as text: tags stripped, HTML entities unescaped, white space collapsed."""
    if not title:
        return None
    text = " ".join(html.unescape(_TAG.sub(" ", title)).split())
    return text or None
