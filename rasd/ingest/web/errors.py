"""Typed failures of web ingestion: every one names the URL (or file entry) and a reason.

:class:`FetchError` is raised inside the fetcher and the source readers;
:class:`Failed` is the value :func:`~rasd.ingest.web.iter_source` yields instead,
so one bad page never ends a run and the store can quarantine it with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rasd.errors import InputError


class Reason(StrEnum):
    """Why an input could not be turned into an article (stable names for the quarantine)."""

    TIMEOUT = "timeout"  # connect or read timeout, or the whole response took too long
    CONNECTION = "connection"  # DNS failure, refused, reset, protocol error
    HTTP_STATUS = "http-status"  # a non-2xx answer (after retries for 5xx/429)
    TOO_LARGE = "too-large"  # the body is over the size cap
    ROBOTS = "robots"  # robots.txt disallows the URL
    PRIVATE_ADDRESS = "private-address"  # the host resolves to a private/loopback/link-local address
    CONTENT_TYPE = "content-type"  # not HTML/XML/JSON/text as the source kind needs
    DECODE = "decode"  # the bytes cannot be decoded to text sensibly
    REDIRECT = "redirect"  # too many redirects, or a redirect to a non-http(s) URL
    BAD_URL = "bad-url"  # not an absolute http(s) URL
    READ = "read"  # a local file (a URL list) cannot be read
    FEED = "feed"  # a feed that is not RSS/Atom (invalid XML)
    SITEMAP = "sitemap"  # a sitemap that is not a sitemap (invalid XML, wrong root)
    API = "api"  # an API answer of the wrong shape (WordPress REST)
    EXTRACT = "extract"  # HTML with no article text, or an article over the size limits
    ERROR = "error"  # anything else (a bug, logged with its traceback)


class FetchError(InputError):
    """``url`` could not be fetched or parsed, for ``kind``; ``status`` is the HTTP status if any."""

    def __init__(self, url: str, kind: Reason, detail: str, *, status: int | None = None) -> None:
        self.url = url
        self.kind = kind
        self.detail = detail
        self.status = status
        super().__init__(url, f"{kind.value}: {detail}")


@dataclass(frozen=True, slots=True)
class Failed:
    """An input (a URL, or ``file:line``) that gave no article, and why.

    ``reason`` is a human sentence starting with the ``kind`` name
    (``"timeout: no answer within 0.5 s"``); ``kind`` is the :class:`Reason` value
    alone, for grouping quarantined inputs.
    """

    input: str
    reason: str
    kind: str = Reason.ERROR.value

    @classmethod
    def of(cls, exc: InputError) -> Failed:
        """The ``Failed`` for an error: a :class:`FetchError` keeps its kind; any other
        :class:`InputError` (no text, text too large, a bad date) is an extraction failure."""
        if isinstance(exc, FetchError):
            return cls(exc.url, exc.reason, exc.kind.value)
        return cls(exc.source, f"{Reason.EXTRACT.value}: {exc.reason}", Reason.EXTRACT.value)
