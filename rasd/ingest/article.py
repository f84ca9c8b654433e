"""Building an :class:`~rasd.model.Article` from read fields: limits, dates, language."""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from rasd.errors import InputError
from rasd.model import Article
from rasd.text.langid import detect_language

# one article's text; news articles are a few thousand characters, a 2,000,000-character
# "article" is a dump or a book and would stall the batch
MAX_TEXT_CHARS = 2_000_000
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_published(value: object, source: str, field: str = "published") -> date | None:
    """A publication date from ``YYYY-MM-DD``, an ISO date-time or an RFC 2822 date
    (``Mon, 19 Feb 2018 00:16:11 +0400``, as RSS feeds write it). The calendar day is
    the one written (no time-zone shift). ``None``/empty gives ``None``; anything else
    is an :class:`InputError` naming ``source``."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        s = value.strip()
        if _ISO_DAY.match(s):
            try:
                return date.fromisoformat(s[:10]) if len(s) == 10 else datetime.fromisoformat(s).date()
            except ValueError:
                pass
        else:
            try:
                return parsedate_to_datetime(s).date()
            except (TypeError, ValueError, IndexError):
                pass
    raise InputError(source, f"bad {field!r} date {value!r}: expected YYYY-MM-DD (or an ISO/RFC 2822 date-time)")


def make_article(
    source: str,
    *,
    id: str,
    text: str,
    title: str | None = None,
    published: date | None = None,
    url: str | None = None,
    outlet: str | None = None,
) -> Article:
    """An :class:`Article` with its language set, after the size and emptiness checks.

    ``text`` is stored exactly as given. ``source`` names the input for errors;
    ``outlet`` is the publisher stored in ``Article.source``.
    """
    if not text.strip():
        raise InputError(source, "no article text (the text is empty)")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(source, f"article text too large ({len(text):,} characters; the limit is {MAX_TEXT_CHARS:,})")
    return Article(
        id=id,
        text=text,
        title=title or "",
        published=published,
        url=url or None,
        source=outlet or None,
        language=detect_language(title + "\n" + text if title else text),
    )
