"""URL checks and article identity.

An article's id is a stable hash of its canonical URL: courlan's normalisation
(lower-case scheme and host, default port dropped, tracking parameters such as
``utm_*`` and ``fbclid`` removed, query parameters sorted) with the fragment
dropped. The same page listed in a feed, a sitemap and a URL list therefore gets
the same id, and the id is known *before* the page is fetched, so a poll can skip
pages it has already stored.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urldefrag, urlsplit

from rasd.ingest.web.errors import FetchError, Reason

ID_PREFIX = "web-"


def check_url(url: str) -> str:
    """``url`` stripped, if it is an absolute http(s) URL with a host; else a ``bad-url`` error."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a bad port
    except ValueError as exc:
        raise FetchError(url, Reason.BAD_URL, f"not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(url, Reason.BAD_URL, "not an absolute http:// or https:// URL")
    del port
    return url


def canonical_url(url: str) -> str:
    """The canonical form of ``url`` (courlan normalisation, no fragment)."""
    import courlan

    url = check_url(url)
    try:
        normal = courlan.normalize_url(url)
    except (ValueError, AttributeError):  # courlan gives up on some malformed URLs: keep ours
        normal = url
    return urldefrag(normal).url


def article_id(url: str) -> str:
    """The stable article id of ``url``: ``web-`` and 24 hex digits of the SHA-256 of its canonical form."""
    return ID_PREFIX + hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:24]


def host_of(url: str) -> str:
    """The lower-case host name of ``url`` (the key of the per-host rate limit and robots cache)."""
    return (urlsplit(url).hostname or "").lower()
