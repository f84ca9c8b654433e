"""A polite, guarded HTTP fetcher on httpx.

Every request:

* goes only to public addresses unless the caller allows more
  (:class:`~rasd.ingest.web.netguard.AddressPolicy`; checked on the resolved
  addresses before connecting and on the connected peer before reading);
* is allowed by the host's robots.txt (:mod:`rasd.ingest.web.robots`), whose
  ``Crawl-delay`` slows the host down (bounded by ``max_crawl_delay``);
* waits for the per-host rate limit (:mod:`rasd.ingest.web.ratelimit`): one
  request at a time per host, ``min_interval`` seconds from the end of one to the
  start of the next;
* carries a clear ``User-Agent`` naming rasd, its version and its home page;
* has connect and read timeouts and a bound on the whole response (``max_time``);
* is retried on timeouts, connection errors, 5xx and 429, with exponential
  backoff (``backoff * 2**attempt``, at most ``max_backoff``) or the server's
  ``Retry-After`` when it sends one (refused beyond ``max_retry_after``);
* follows at most ``max_redirects`` redirects, each hop checked like the first;
* reads at most ``max_bytes`` of body: a ``Content-Length`` over the cap is
  refused before reading, a body without one is streamed and dropped the moment
  it passes the cap (the cap counts decoded bytes, so a gzip bomb stops too);
* must have a media type the caller accepts (HTML, XML, JSON, text, gzip).

Every failure is a :class:`~rasd.ingest.web.errors.FetchError` naming the URL and
its :class:`~rasd.ingest.web.errors.Reason`.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Self
from urllib.parse import urljoin, urlsplit

import httpx

from rasd.ingest.web.charset import BodyText, decode_body
from rasd.ingest.web.errors import FetchError, Reason
from rasd.ingest.web.netguard import AddressPolicy, Resolver, ip_literal, system_resolve
from rasd.ingest.web.ratelimit import HostRateLimiter
from rasd.ingest.web.robots import (
    MAX_ROBOTS_BYTES,
    RobotsAnswer,
    RobotsCache,
    origin_of,
)
from rasd.ingest.web.urls import check_url, host_of

log = logging.getLogger("rasd.ingest.web")

# where a site operator who sees rasd in their logs can read what it is
PROJECT_URL = "https://github.com/rasd-project/rasd"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# retried: request timeout, too many requests, and every server error
RETRY_STATUSES = frozenset({408, 429}) | frozenset(range(500, 600))

# media types by the kind of document a source reader expects
MEDIA_KINDS: Mapping[str, frozenset[str]] = {
    "html": frozenset({"text/html", "application/xhtml+xml"}),
    "xml": frozenset({"application/xml", "text/xml", "application/rss+xml", "application/atom+xml", "application/rdf+xml"}),
    "json": frozenset({"application/json"}),
    "text": frozenset({"text/plain"}),
    "gzip": frozenset({"application/gzip", "application/x-gzip", "application/octet-stream"}),
}
_ACCEPT_HEADER = {
    "html": "text/html,application/xhtml+xml",
    "xml": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9",
    "json": "application/json",
    "text": "text/plain;q=0.8",
    "gzip": "application/gzip;q=0.5",
}


def default_user_agent() -> str:
    """``rasd/<version> (+<project URL>)``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version("rasd")
    except PackageNotFoundError:  # running from a source tree that is not installed
        v = "dev"
    return f"rasd/{v} (+{PROJECT_URL})"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful response: the body (at most the cap) and what describes it."""

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    media_type: str | None  # lower-case, without parameters; None when the server sent none
    charset: str | None  # declared in the Content-Type header
    headers: httpx.Headers
    content: bytes

    def text(self) -> BodyText:
        """The body decoded (see :mod:`rasd.ingest.web.charset`); a bad charset is logged."""
        body = decode_body(self.content, self.url, self.charset)
        if body.note:
            log.warning("%s: %s", self.url, body.note)
        return body


@dataclass(slots=True)
class FetchStats:
    """Counts over the fetcher's life (for progress reports)."""

    requests: int = 0
    retries: int = 0
    bytes: int = 0
    by_host: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Redirect:
    location: str


class _Retry(Exception):
    """A failure worth another attempt; ``retry_after`` is the server's wish, in seconds."""

    def __init__(self, error: FetchError, retry_after: float | None = None) -> None:
        super().__init__(error.reason)
        self.error = error
        self.retry_after = retry_after


class Fetcher:
    """Fetch web pages and feeds politely; a context manager (closes its connections).

    ``allow_private`` is ``False`` (public addresses only), ``True`` (anything, e.g.
    an intranet deployment) or a list of extra addresses/networks
    (``["127.0.0.1"]``). ``timeout`` is the read (and write) timeout in seconds,
    ``connect_timeout`` the connect timeout (default: ``timeout``), ``max_time``
    the bound on one whole response. ``min_interval`` is the default number of
    seconds between two requests to one host. ``retries`` is the number of
    *extra* attempts after a retryable failure. ``resolve`` replaces the system
    resolver for the address check (tests); ``sleep`` replaces ``time.sleep``.
    """

    def __init__(
        self,
        allow_private: bool | Iterable[str] = False,
        *,
        timeout: float = 20.0,
        connect_timeout: float | None = None,
        max_time: float = 120.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        min_interval: float = 1.0,
        retries: int = 3,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
        max_retry_after: float = 120.0,
        max_crawl_delay: float = 30.0,
        max_redirects: int = 5,
        user_agent: str | None = None,
        respect_robots: bool = True,
        proxy: str | None = None,
        resolve: Resolver | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if retries < 0 or max_redirects < 0 or max_bytes <= 0 or timeout <= 0:
            raise ValueError("retries and max_redirects must be >= 0; max_bytes and timeout > 0")
        self.policy = AddressPolicy(allow_private)
        self.max_time = max_time
        self.max_bytes = max_bytes
        self.retries = retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.max_crawl_delay = max_crawl_delay
        self.max_redirects = max_redirects
        self.user_agent = user_agent or default_user_agent()
        self.respect_robots = respect_robots
        self.limiter = HostRateLimiter(min_interval, sleep=sleep)
        self.stats = FetchStats()
        self._proxy = proxy
        self._resolve = resolve or system_resolve
        self._sleep = sleep
        self._stats_lock = threading.Lock()
        self._robots = RobotsCache(self.user_agent, self._load_robots)
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=connect_timeout or timeout),
            follow_redirects=False,
            headers={"User-Agent": self.user_agent},
            trust_env=False,  # no proxy or .netrc from the environment: only what the caller passes
            proxy=proxy,
        )

    # --- public -------------------------------------------------------------------

    def get(self, url: str, *, accept: Collection[str] = ("html",), max_bytes: int | None = None) -> Fetched:
        """``GET url``: the response of a 2xx answer whose media type is one of the
        ``accept`` kinds (keys of :data:`MEDIA_KINDS`; a response without a
        ``Content-Type`` is let through for the parser to judge). Raises
        :class:`FetchError` naming ``url``."""
        return self._fetch(check_url(url), accept, max_bytes or self.max_bytes, robots=True)

    def set_min_interval(self, host: str, seconds: float) -> None:
        """Use ``seconds`` between requests to ``host`` (a source's own ``min_interval``;
        when several sources on one host set one, the longest applies)."""
        self.limiter.set_interval(host.lower(), seconds)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # --- one URL, following redirects -----------------------------------------------

    def _fetch(
        self, url: str, accept: Collection[str] | None, max_bytes: int, *, robots: bool, truncate: bool = False, any_status: bool = False
    ) -> Fetched:
        current = url
        for _ in range(self.max_redirects + 1):
            try:
                result = self._hop(current, accept, max_bytes, robots=robots, truncate=truncate, any_status=any_status)
            except FetchError as exc:
                if current == url:
                    raise
                raise FetchError(url, exc.kind, f"after a redirect to {current}: {exc.detail}", status=exc.status) from exc
            if isinstance(result, Fetched):
                return replace(result, url=url)
            current = result.location
        raise FetchError(url, Reason.REDIRECT, f"more than {self.max_redirects} redirects (the last to {current})")

    def _hop(
        self, url: str, accept: Collection[str] | None, max_bytes: int, *, robots: bool, truncate: bool, any_status: bool
    ) -> Fetched | _Redirect:
        self._check_address(url)
        host = host_of(url)
        if robots and self.respect_robots:
            if not self._robots.allowed(url):
                raise FetchError(url, Reason.ROBOTS, f"{origin_of(url)}/robots.txt disallows this URL for {self._robots.agent}")
            delay = self._robots.crawl_delay(url)
            self.limiter.set_crawl_delay(host, None if delay is None else min(delay, self.max_crawl_delay))
        attempt = 0
        while True:
            try:
                with self.limiter.slot(host):
                    return self._attempt(url, accept, max_bytes, truncate=truncate, any_status=any_status)
            except _Retry as retry:
                wait = retry.retry_after
                if attempt >= self.retries:
                    tries = f" (after {attempt + 1} attempts)" if attempt else ""
                    raise FetchError(url, retry.error.kind, retry.error.detail + tries, status=retry.error.status) from None
                if wait is not None and wait > self.max_retry_after:
                    raise FetchError(
                        url,
                        retry.error.kind,
                        f"{retry.error.detail}; Retry-After asks for {wait:.0f} s, over the {self.max_retry_after:.0f} s limit",
                        status=retry.error.status,
                    ) from None
                if wait is None:
                    wait = min(self.backoff * 2**attempt, self.max_backoff)
                log.info("%s: %s; retry %d of %d in %.1f s", url, retry.error.detail, attempt + 1, self.retries, wait)
                with self._stats_lock:
                    self.stats.retries += 1
                self._sleep(wait)
                attempt += 1

    # --- one request ----------------------------------------------------------------

    def _attempt(
        self, url: str, accept: Collection[str] | None, max_bytes: int, *, truncate: bool, any_status: bool
    ) -> Fetched | _Redirect:
        started = time.monotonic()
        with self._stats_lock:
            self.stats.requests += 1
            host = host_of(url)
            self.stats.by_host[host] = self.stats.by_host.get(host, 0) + 1
        headers = {"Accept": _accept_header(accept)}
        try:
            with self._client.stream("GET", url, headers=headers) as resp:
                self._check_peer(resp, url)
                status = resp.status_code
                location = resp.headers.get("location")
                if status in REDIRECT_STATUSES and location:
                    return _Redirect(self._redirect_target(url, location))
                if status in RETRY_STATUSES:
                    raise _Retry(_status_error(url, resp), _retry_after(resp.headers.get("retry-after")))
                if not 200 <= status < 300:
                    if any_status:
                        return _fetched(url, resp, b"")
                    raise _status_error(url, resp)
                _check_media_type(url, resp, accept)
                body = self._read(url, resp, max_bytes, started, truncate=truncate)
                return _fetched(url, resp, body)
        except httpx.TimeoutException as exc:
            raise _Retry(FetchError(url, Reason.TIMEOUT, f"{_timeout_kind(exc)} timed out ({self._timeouts()})")) from exc
        except httpx.UnsupportedProtocol as exc:
            raise FetchError(url, Reason.BAD_URL, f"unsupported protocol ({exc})") from exc
        except httpx.DecodingError as exc:
            raise FetchError(url, Reason.DECODE, f"the response's Content-Encoding could not be decoded ({exc})") from exc
        except httpx.TransportError as exc:
            raise _Retry(FetchError(url, Reason.CONNECTION, f"{type(exc).__name__}: {exc or 'connection failed'}")) from exc

    def _read(self, url: str, resp: httpx.Response, max_bytes: int, started: float, *, truncate: bool) -> bytes:
        length = resp.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes and not truncate:
            raise FetchError(url, Reason.TOO_LARGE, f"Content-Length is {int(length):,} bytes, over the {max_bytes:,}-byte limit (not read)")
        chunks: list[bytes] = []
        total = 0
        for chunk in resp.iter_bytes():
            total += len(chunk)
            with self._stats_lock:
                self.stats.bytes += len(chunk)
            if total > max_bytes:
                if truncate:
                    chunks.append(chunk[: max_bytes - (total - len(chunk))])
                    break
                raise FetchError(url, Reason.TOO_LARGE, f"the body is over the {max_bytes:,}-byte limit (stopped after {total:,} bytes)")
            chunks.append(chunk)
            if time.monotonic() - started > self.max_time:
                raise FetchError(url, Reason.TIMEOUT, f"the response took longer than {self.max_time:g} s (stopped after {total:,} bytes)")
        return b"".join(chunks)

    # --- address checks -------------------------------------------------------------

    def _check_address(self, url: str) -> None:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        literal = ip_literal(host)
        if literal is not None:
            addresses = [literal]
        else:
            try:
                addresses = self._resolve(host, port)
            except OSError as exc:
                raise FetchError(url, Reason.CONNECTION, f"cannot resolve host {host!r} ({exc})") from exc
        refused = self.policy.refused(addresses)
        if refused:
            where = f"the address {literal}" if literal else f"host {host!r} resolves to {', '.join(refused)}, which"
            raise FetchError(url, Reason.PRIVATE_ADDRESS, f"{where} is a private, loopback or link-local address (not allowed)")

    def _check_peer(self, resp: httpx.Response, url: str) -> None:
        """The address the connection reached must be allowed too (DNS rebinding)."""
        if self._proxy is not None:
            return  # the peer is the proxy; the target was checked by name
        stream = resp.extensions.get("network_stream")
        addr = stream.get_extra_info("server_addr") if stream is not None else None
        if addr and not self.policy.allowed(str(addr[0])):
            raise FetchError(url, Reason.PRIVATE_ADDRESS, f"the connection reached {addr[0]}, a private, loopback or link-local address (not allowed)")

    def _redirect_target(self, url: str, location: str) -> str:
        target = urljoin(url, location.strip())
        try:
            return check_url(target)
        except FetchError as exc:
            raise FetchError(url, Reason.REDIRECT, f"redirect to {target!r}, which is not an http(s) URL") from exc

    # --- robots.txt -----------------------------------------------------------------

    def _load_robots(self, robots_url: str) -> RobotsAnswer:
        """robots.txt of an origin, fetched without a robots check, any status kept."""
        try:
            got = self._fetch(robots_url, None, MAX_ROBOTS_BYTES, robots=False, truncate=True, any_status=True)
        except FetchError as exc:
            if exc.kind == Reason.HTTP_STATUS and exc.status is not None:
                return RobotsAnswer(exc.status)  # a 5xx (or 429) that outlived the retries
            log.info("%s: robots.txt unreachable (%s); allowed", robots_url, exc.reason)
            return RobotsAnswer(None)
        text = got.content.decode("utf-8", errors="replace") if 200 <= got.status < 300 else ""
        return RobotsAnswer(got.status, text)

    def _timeouts(self) -> str:
        t = self._client.timeout
        return f"connect {t.connect:g} s, read {t.read:g} s"


def _accept_header(accept: Collection[str] | None) -> str:
    if not accept:
        return "*/*"
    return ",".join(_ACCEPT_HEADER[k] for k in accept) + ",*/*;q=0.1"


def _media_type(resp: httpx.Response) -> tuple[str | None, str | None]:
    raw = resp.headers.get("content-type")
    if not raw:
        return None, None
    media, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media.strip().lower() or None, charset


def _check_media_type(url: str, resp: httpx.Response, accept: Collection[str] | None) -> None:
    media, _ = _media_type(resp)
    if media is None or not accept:
        return
    for kind in accept:
        if media in MEDIA_KINDS[kind] or (kind in ("xml", "json") and media.endswith("+" + kind)):
            return
    raise FetchError(url, Reason.CONTENT_TYPE, f"the response is {media}, not {' or '.join(accept).upper()}")


def _fetched(url: str, resp: httpx.Response, body: bytes) -> Fetched:
    media, charset = _media_type(resp)
    return Fetched(url=url, final_url=url, status=resp.status_code, media_type=media, charset=charset, headers=resp.headers, content=body)


def _status_error(url: str, resp: httpx.Response) -> FetchError:
    return FetchError(url, Reason.HTTP_STATUS, f"HTTP {resp.status_code} {resp.reason_phrase}".rstrip(), status=resp.status_code)


def _timeout_kind(exc: httpx.TimeoutException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connecting"
    if isinstance(exc, httpx.PoolTimeout):
        return "waiting for a connection"
    return "reading the response" if isinstance(exc, httpx.ReadTimeout) else "sending the request"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), or ``None``."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
