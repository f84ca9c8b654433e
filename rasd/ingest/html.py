"""HTML to article text (trafilatura) and publication date (htmldate)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from rasd.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class HtmlContent:
    text: str
    title: str | None
    published: date | None


def extract_html(html: str, source: str, *, url: str | None = None, want_date: bool = True) -> HtmlContent:
    """The main text and title of a page (comments, navigation and footers dropped by
    trafilatura with ``include_comments=False``) and, when ``want_date``, its
    publication date from ``htmldate``.

    htmldate runs without its "extensive search": only meta tags, ``<time>``
    elements, structured data and a dated URL count, because the visible-text search
    picks dates from sidebar archive links. No date found is ``None``, not an error.
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
    except Exception as exc:  # trafilatura raises assorted parser errors on broken markup
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__}: {exc})") from exc
    text = getattr(doc, "text", None) or ""
    if not text.strip():
        raise InputError(source, "no article text found in the HTML")
    return HtmlContent(text=text, title=getattr(doc, "title", None) or None, published=find_date(html, url) if want_date else None)


def find_date(html: str, url: str | None = None) -> date | None:
    """The publication date htmldate finds in a page, or ``None``."""
    import htmldate

    try:
        found = htmldate.find_date(html, url=url, extensive_search=False, original_date=True)
    except Exception as exc:  # a date is optional: a failure here must not lose the article
        log.debug("htmldate failed: %s", exc)
        return None
    return date.fromisoformat(found) if found else None
