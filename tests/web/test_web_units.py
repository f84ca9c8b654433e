"""The small parts on their own: charset rules, address policy, robots semantics, rate limiter, Retry-After."""

from __future__ import annotations

import threading

import pytest

from rasd.errors import InputError
from rasd.ingest.web.charset import declared_charset, decode_body
from rasd.ingest.web.errors import Failed, FetchError, Reason
from rasd.ingest.web.fetch import _retry_after
from rasd.ingest.web.netguard import AddressPolicy
from rasd.ingest.web.ratelimit import HostRateLimiter
from rasd.ingest.web.robots import RobotsAnswer, RobotsCache

AR = "قال مصدر محلي إن قصفاً مدفعياً استهدف قرية في ريف حلب صباح الثلاثاء"

# ---- charset -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "header", "encoding", "noted"),
    [
        (AR.encode("utf-8"), "utf-8", "utf-8", False),
        (AR.encode("cp1256"), "windows-1256", "cp1256", False),
        (AR.encode("cp1256"), "utf-8", "cp1256", True),  # declared UTF-8, really cp1256
        (AR.encode("utf-8"), "windows-1256", "utf-8", True),  # declared cp1256, really UTF-8
        (AR.encode("cp1256"), "iso-8859-1", "cp1256", True),  # the classic mis-configured Arabic site
        (AR.encode("cp1256"), None, "cp1256", False),
        (AR.encode("iso-8859-6"), "iso-8859-6", "iso8859-6", False),
        ("Café “quoted” naïve".encode("cp1252"), "iso-8859-1", "cp1252", False),  # browsers read latin-1 as cp1252
        ("Café “quoted” naïve".encode("cp1252"), None, "cp1252", False),
        (b"plain ascii", "x-unknown-charset", "utf-8", True),
    ],
)
def test_decode_rules(data: bytes, header: str | None, encoding: str, noted: bool) -> None:
    body = decode_body(data, "http://x.example/", header)
    assert body.encoding == encoding and (body.note is not None) == noted
    assert body.text == data.decode(encoding)


def test_meta_and_xml_declarations_are_read() -> None:
    assert declared_charset(b'<html><head><meta charset="windows-1256">', None) == "windows-1256"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">', None) == "UTF-8"
    assert declared_charset(b'<?xml version="1.0" encoding="ISO-8859-6"?><rss/>', None) == "ISO-8859-6"
    assert declared_charset(b'<meta charset="utf-8">', "windows-1256") == "windows-1256"  # the header wins


def test_bom_decides() -> None:
    assert decode_body(b"\xef\xbb\xbf" + AR.encode(), "u", "windows-1256").text == AR
    assert decode_body("\ufeffhi".encode("utf-16-le"), "u", None).text == "hi"


def test_undecodable_bytes_are_a_decode_error() -> None:
    with pytest.raises(FetchError) as info:
        decode_body(b"<p>" + bytes(range(0x80, 0x100)) * 10, "http://x.example/p", None)
    assert info.value.kind is Reason.DECODE and info.value.url == "http://x.example/p"
    assert "no charset declared" in info.value.reason and "invalid byte 0x80" in info.value.reason


# ---- addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1", "203.0.113.7"],
)
def test_private_addresses_are_refused(address: str) -> None:
    assert not AddressPolicy().allowed(address)
    assert AddressPolicy(True).allowed(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert AddressPolicy().allowed(address)


def test_allow_list_of_addresses_and_networks() -> None:
    policy = AddressPolicy(["127.0.0.1", "10.0.0.0/8"])
    assert policy.allowed("127.0.0.1") and policy.allowed("10.9.8.7") and policy.allowed("::ffff:127.0.0.1")
    assert not policy.allowed("127.0.0.2") and not policy.allowed("192.168.0.1")
    assert policy.refused(["127.0.0.1", "192.168.0.1", "8.8.8.8"]) == ["192.168.0.1"]


# ---- robots.txt --------------------------------------------------------------------------


def _robots(answer: RobotsAnswer) -> RobotsCache:
    return RobotsCache("rasd/1.0 (+https://x.example)", lambda url: answer)


def test_robots_rules_for_rasd_and_star() -> None:
    cache = _robots(RobotsAnswer(200, "User-agent: rasd\nDisallow: /no-rasd/\n\nUser-agent: *\nDisallow: /\n"))
    assert cache.allowed("https://site.example/news/1") and not cache.allowed("https://site.example/no-rasd/1")
    cache = _robots(RobotsAnswer(200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n"))
    assert not cache.allowed("https://site.example/private/x") and cache.allowed("https://site.example/x")
    assert cache.crawl_delay("https://site.example/x") == 3.0


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (401, True), (403, True), (500, False), (503, False), (None, True)])
def test_robots_status_semantics(status: int | None, allowed: bool) -> None:
    # RFC 9309: 4xx allows, 5xx disallows; unreachable allows (rasd's choice, see robots.py)
    assert _robots(RobotsAnswer(status)).allowed("https://site.example/a") is allowed


def test_robots_is_cached_per_origin_and_expires() -> None:
    calls: list[str] = []
    now = [0.0]

    def load(url: str) -> RobotsAnswer:
        calls.append(url)
        return RobotsAnswer(404)

    cache = RobotsCache("rasd", load, ttl=100, clock=lambda: now[0])
    for url in ("https://a.example/1", "https://a.example/2", "https://b.example/1", "http://a.example/1"):
        cache.allowed(url)
    assert calls == ["https://a.example/robots.txt", "https://b.example/robots.txt", "http://a.example/robots.txt"]
    now[0] = 101
    cache.allowed("https://a.example/3")
    assert calls[-1] == "https://a.example/robots.txt" and len(calls) == 4


# ---- rate limiter ------------------------------------------------------------------------


def test_limiter_spaces_from_the_end_of_the_last_request() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    limiter = HostRateLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    with limiter.slot("a") as waited:
        assert waited == 0.0
        now[0] += 0.5  # the request took half a second
    with limiter.slot("b"):
        pass  # another host does not wait
    with limiter.slot("a") as waited:
        assert waited == pytest.approx(2.0)
    limiter.set_interval("a", 1.0)  # a source may undercut the default
    assert limiter.interval("a") == 1.0
    limiter.set_interval("a", 1.5)
    limiter.set_interval("a", 0.5)  # two sources on one host: the longest stays
    assert limiter.interval("a") == 1.5
    limiter.set_crawl_delay("a", 3.0)
    assert limiter.interval("a") == 3.0 and limiter.interval("b") == 2.0
    with pytest.raises(ValueError):
        HostRateLimiter(-1)


def test_limiter_serialises_one_host_across_threads() -> None:
    limiter = HostRateLimiter(0.0)
    inside = [0]
    peak = [0]
    lock = threading.Lock()

    def work() -> None:
        with limiter.slot("h"):
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            threading.Event().wait(0.005)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 1


# ---- Retry-After, Failed -------------------------------------------------------------------


def test_retry_after_forms() -> None:
    assert _retry_after("120") == 120.0
    assert _retry_after(None) is None and _retry_after("soon") is None
    assert _retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past: now
    later = _retry_after("Fri, 31 Dec 2100 23:59:59 GMT")
    assert later is not None and later > 1e9


def test_failed_from_errors() -> None:
    f = Failed.of(FetchError("https://x.example/a", Reason.TIMEOUT, "reading the response timed out"))
    assert f == Failed("https://x.example/a", "timeout: reading the response timed out", "timeout")
    g = Failed.of(InputError("https://x.example/b", "no article text found in the HTML"))
    assert g == Failed("https://x.example/b", "extract: no article text found in the HTML", "extract")
