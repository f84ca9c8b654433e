"""The fetcher against a real local server: politeness, retries, caps, guards, typed failures."""

from __future__ import annotations

import itertools

import pytest
import webcorpus as wc
from webserver import WebSite, make_fetcher

from rasd.ingest.web import Fetcher, FetchError, Reason, default_user_agent


def _fail(fetcher: Fetcher, url: str, **kw: object) -> FetchError:
    with pytest.raises(FetchError) as info:
        fetcher.get(url, **kw)  # type: ignore[arg-type]
    assert info.value.url == url and info.value.source == url
    return info.value


def test_page_is_fetched_with_a_clear_user_agent(site: WebSite, fetcher: Fetcher) -> None:
    got = fetcher.get(site.url(wc.EN_DRONE.path))
    assert got.status == 200 and got.media_type == "text/html" and got.charset == "utf-8"
    assert wc.EN_DRONE.key in got.text().text
    agents = {h.user_agent for h in site.hits}
    assert agents == {default_user_agent()}
    assert default_user_agent().startswith("rasd/") and "(+https://" in default_user_agent()


# ---- retries and backoff -------------------------------------------------------------------


def test_a_500_then_success_is_retried(site: WebSite, fetcher: Fetcher) -> None:
    got = fetcher.get(site.url("/flaky.html"))
    assert wc.EN_DRONE.key in got.text().text
    assert site.count("/flaky.html") == 2
    assert fetcher.stats.retries == 1


def test_retry_after_zero_is_honoured(site: WebSite, fetcher: Fetcher) -> None:
    sleeps: list[float] = []
    with make_fetcher(sleep=sleeps.append) as f:
        got = f.get(site.url("/busy.html"))
    assert wc.EN_PROTEST.key in got.text().text
    assert site.count("/busy.html") == 2
    assert 0.0 in sleeps  # the server's Retry-After: 0, not the backoff


def test_permanent_500_fails_after_retries_with_exponential_backoff(site: WebSite) -> None:
    sleeps: list[float] = []
    with make_fetcher(retries=3, backoff=0.01, max_backoff=1.0, sleep=sleeps.append) as f:
        err = _fail(f, site.url("/broken.html"))
    assert err.kind is Reason.HTTP_STATUS and err.status == 500
    assert "HTTP 500" in err.reason and "after 4 attempts" in err.reason
    assert site.count("/broken.html") == 4
    backoffs = [s for s in sleeps if s > 0]
    assert backoffs == pytest.approx([0.01, 0.02, 0.04])


def test_backoff_is_bounded(site: WebSite) -> None:
    sleeps: list[float] = []
    with make_fetcher(retries=4, backoff=1.0, max_backoff=2.5, sleep=sleeps.append) as f:
        _fail(f, site.url("/broken.html"))
    assert [s for s in sleeps if s > 0] == [1.0, 2.0, 2.5, 2.5]


def test_a_retry_after_over_the_limit_fails_at_once(site: WebSite, fetcher: Fetcher) -> None:
    err = _fail(fetcher, site.url("/throttled.html"))
    assert err.kind is Reason.HTTP_STATUS and err.status == 429
    assert "Retry-After asks for 3600 s" in err.reason
    assert site.count("/throttled.html") == 1


def test_timeout_is_retried_then_named(site: WebSite) -> None:
    with make_fetcher(timeout=0.2, retries=1) as f:
        err = _fail(f, site.url("/slow.html"))
    assert err.kind is Reason.TIMEOUT and "timed out" in err.reason
    assert site.count("/slow.html") == 2


def test_404_is_not_retried(site: WebSite, fetcher: Fetcher) -> None:
    err = _fail(fetcher, site.url("/news/missing.html"))
    assert err.kind is Reason.HTTP_STATUS and err.status == 404
    assert site.count("/news/missing.html") == 1


def test_connection_refused_is_a_connection_failure(site: WebSite) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with make_fetcher(retries=1) as f:
        err = _fail(f, f"http://127.0.0.1:{port}/x.html")
    assert err.kind is Reason.CONNECTION


# ---- rate limit ----------------------------------------------------------------------------


def test_requests_to_one_host_are_spaced_by_min_interval(site: WebSite) -> None:
    interval = 0.15
    with make_fetcher(min_interval=interval) as f:
        for page in (wc.AR_SHELLING, wc.EN_DRONE, wc.AR_CLASHES):
            f.get(site.url(page.path))
    times = [h.at for h in site.hits]
    assert len(times) == 4  # robots.txt and three pages
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # server-side arrival times (the server runs in this process: one clock)
    assert all(gap >= interval for gap in gaps), gaps


def test_a_source_interval_applies_to_its_host(site: WebSite) -> None:
    with make_fetcher(min_interval=0.0) as f:
        f.set_min_interval("127.0.0.1", 0.1)
        f.get(site.url(wc.EN_DRONE.path))
        f.get(site.url(wc.EN_PROTEST.path))
    a, b = site.hits[-2].at, site.hits[-1].at
    assert b - a >= 0.1


def test_robots_crawl_delay_slows_the_host_up_to_a_bound(site: WebSite) -> None:
    # urllib.robotparser reads whole seconds; 30 s is bounded to max_crawl_delay
    site.static("/robots.txt", "User-agent: rasd\nCrawl-delay: 30\nDisallow: /private/\n", "text/plain")
    with make_fetcher(min_interval=0.0, max_crawl_delay=0.2) as f:
        f.get(site.url(wc.EN_DRONE.path))
        f.get(site.url(wc.EN_PROTEST.path))
    times = [h.at for h in site.hits]
    assert times[2] - times[1] >= 0.2


# ---- robots.txt ----------------------------------------------------------------------------


def test_robots_disallowed_path_is_refused_unrequested(site: WebSite, fetcher: Fetcher) -> None:
    err = _fail(fetcher, site.url(wc.EN_PRIVATE.path))
    assert err.kind is Reason.ROBOTS and "robots.txt disallows" in err.reason
    assert site.count(wc.EN_PRIVATE.path) == 0


def test_robots_is_fetched_once_per_host(site: WebSite, fetcher: Fetcher) -> None:
    for page in (wc.AR_SHELLING, wc.EN_DRONE, wc.AR_CLASHES):
        fetcher.get(site.url(page.path))
    assert site.count("/robots.txt") == 1


def test_robots_4xx_allows_everything(site: WebSite, fetcher: Fetcher) -> None:
    del site.routes["/robots.txt"]  # 404
    fetcher.get(site.url(wc.EN_PRIVATE.path))
    assert site.count(wc.EN_PRIVATE.path) == 1


def test_robots_5xx_disallows_everything(site: WebSite, fetcher: Fetcher) -> None:
    site.route("/robots.txt", lambda r: r.send(503, "down", "text/plain"))
    err = _fail(fetcher, site.url(wc.EN_DRONE.path))
    assert err.kind is Reason.ROBOTS
    assert site.count(wc.EN_DRONE.path) == 0
    assert site.count("/robots.txt") == 3  # retried like any 5xx first


def test_robots_unreachable_allows(site: WebSite) -> None:
    site.route("/robots.txt", lambda r: __import__("time").sleep(1.0))
    with make_fetcher(timeout=0.2, retries=0) as f:
        got = f.get(site.url(wc.EN_DRONE.path))
    assert got.status == 200


def test_robots_can_be_switched_off(site: WebSite) -> None:
    with make_fetcher(respect_robots=False) as f:
        f.get(site.url(wc.EN_PRIVATE.path))
    assert site.count("/robots.txt") == 0


# ---- size cap ------------------------------------------------------------------------------


def test_a_50_mb_chunked_page_is_refused_without_reading_it_all(site: WebSite, fetcher: Fetcher) -> None:
    err = _fail(fetcher, site.url("/huge.html"))
    assert err.kind is Reason.TOO_LARGE and "10,485,760-byte limit" in err.reason
    # the client stopped reading: the server could not write the 50 MB
    assert site.sent.get("/huge.html", 0) < 40 * 1024 * 1024
    assert fetcher.stats.bytes <= 10 * 1024 * 1024 + 65536


def test_a_declared_50_mb_page_is_refused_before_reading(site: WebSite, fetcher: Fetcher) -> None:
    err = _fail(fetcher, site.url("/huge-declared.html"))
    assert err.kind is Reason.TOO_LARGE and "Content-Length is 52,428,800 bytes" in err.reason
    assert fetcher.stats.bytes == len(wc.ROBOTS_TXT)  # robots.txt only: not a byte of the page


def test_size_cap_is_configurable(site: WebSite) -> None:
    with make_fetcher(max_bytes=200) as f:
        err = _fail(f, site.url(wc.EN_DRONE.path))
    assert err.kind is Reason.TOO_LARGE and "200-byte limit" in err.reason


# ---- media types ---------------------------------------------------------------------------


def test_not_html_is_refused(site: WebSite, fetcher: Fetcher) -> None:
    err = _fail(fetcher, site.url("/image.png"))
    assert err.kind is Reason.CONTENT_TYPE and "image/png" in err.reason


def test_html_is_not_a_feed(site: WebSite, fetcher: Fetcher) -> None:
    err = _fail(fetcher, site.url(wc.EN_DRONE.path), accept=("json",))
    assert err.kind is Reason.CONTENT_TYPE and "not JSON" in err.reason


# ---- redirects and private addresses --------------------------------------------------------


def test_redirect_is_followed(site: WebSite, fetcher: Fetcher) -> None:
    got = fetcher.get(site.url("/moved.html"))
    assert got.url == site.url("/moved.html") and got.final_url == site.url(wc.EN_DRONE.path)
    assert wc.EN_DRONE.key in got.text().text


def test_private_address_refused_by_default(site: WebSite) -> None:
    with Fetcher(min_interval=0) as f:
        err = _fail(f, site.url(wc.EN_DRONE.path))
    assert err.kind is Reason.PRIVATE_ADDRESS and "127.0.0.1" in err.reason
    assert site.hits == []  # not even robots.txt was asked


def test_localhost_name_refused_by_default(site: WebSite) -> None:
    with Fetcher(min_interval=0) as f:
        err = _fail(f, site.url(wc.EN_DRONE.path).replace("127.0.0.1", "localhost"))
    assert err.kind is Reason.PRIVATE_ADDRESS
    assert site.hits == []


@pytest.mark.parametrize(("path", "target"), [("/to-metadata.html", "169.254.169.254"), ("/to-intranet.html", "10.1.2.3")])
def test_redirect_to_a_private_address_is_refused(site: WebSite, fetcher: Fetcher, path: str, target: str) -> None:
    err = _fail(fetcher, site.url(path))
    assert err.kind is Reason.PRIVATE_ADDRESS
    assert f"after a redirect to http://{target}" in err.reason


def test_rebinding_is_caught_at_the_connected_address(site: WebSite) -> None:
    # the name check sees a public address, but the connection lands on 127.0.0.1
    with Fetcher(min_interval=0, retries=0, resolve=lambda host, port: ["93.184.216.34"]) as f:
        err = _fail(f, site.url(wc.EN_DRONE.path).replace("127.0.0.1", "localhost"))
    assert err.kind is Reason.PRIVATE_ADDRESS and "the connection reached 127.0.0.1" in err.reason


def test_redirect_to_another_scheme_and_loops(site: WebSite, fetcher: Fetcher) -> None:
    err = _fail(fetcher, site.url("/to-ftp.html"))
    assert err.kind is Reason.REDIRECT and "ftp://" in err.reason
    err = _fail(fetcher, site.url("/loop.html"))
    assert err.kind is Reason.REDIRECT and "more than 5 redirects" in err.reason


def test_allow_private_true_allows_everything(site: WebSite) -> None:
    with make_fetcher(allow_private=True) as f:
        assert f.get(site.url(wc.EN_DRONE.path)).status == 200


@pytest.mark.parametrize("url", ["ftp://example.org/x", "/relative/path", "http://", "not a url", "http://example.org:99999/"])
def test_bad_urls(fetcher: Fetcher, url: str) -> None:
    err = _fail(fetcher, url.strip())
    assert err.kind is Reason.BAD_URL


# ---- charset -------------------------------------------------------------------------------


def test_cp1256_page_declared_utf8_is_read_as_arabic(site: WebSite, fetcher: Fetcher, caplog: pytest.LogCaptureFixture) -> None:
    body = fetcher.get(site.url(wc.AR_CP1256.path)).text()
    assert body.encoding == "cp1256" and wc.AR_CP1256.key in body.text
    assert "declared charset 'utf-8' does not fit" in caplog.text and wc.AR_CP1256.path in caplog.text


def test_utf8_page_declared_cp1256_is_read_as_utf8(site: WebSite, fetcher: Fetcher) -> None:
    body = fetcher.get(site.url(wc.AR_UTF8_AS_1256.path)).text()
    assert body.encoding == "utf-8" and wc.AR_UTF8_AS_1256.key in body.text


def test_undecodable_page_is_a_decode_failure(site: WebSite, fetcher: Fetcher) -> None:
    url = site.url("/news/garbage.html")
    with pytest.raises(FetchError) as info:
        fetcher.get(url).text()
    assert info.value.kind is Reason.DECODE and info.value.url == url
    assert "declared charset 'utf-8' does not fit the bytes" in info.value.reason
