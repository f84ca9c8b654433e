"""A real local HTTP server on 127.0.0.1 for the web ingestion tests.

:func:`serve` starts a ``ThreadingHTTPServer`` on a free port in a thread, serving
the invented pages, feeds, WordPress API and broken cases of :mod:`webcorpus`, and
records every request (path, query, arrival time) so tests can count attempts and
measure the spacing of requests on the server side. The fixtures are in
``conftest.py``.
"""

from __future__ import annotations

import gzip
import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import webcorpus as wc

from rasd.ingest.web import Fetcher

Handler = Callable[["Request"], None]


@dataclass(frozen=True)
class Hit:
    path: str
    query: str
    at: float
    user_agent: str


@dataclass
class Request:
    """What a route handler gets: the query and a way to answer."""

    handler: http.server.BaseHTTPRequestHandler
    query: dict[str, list[str]]
    site: WebSite

    def send(self, status: int, body: bytes | str = b"", content_type: str | None = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        h = self.handler
        h.send_response(status)
        if content_type:
            h.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)


@dataclass
class WebSite:
    """Routes by path, and the log of requests received."""

    base: str = ""
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    # bytes the streaming handlers managed to write, by path
    sent: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, handler: Handler) -> None:
        self.routes[path] = handler

    def static(self, path: str, body: bytes | str, content_type: str | None = "text/html; charset=utf-8", status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.route(path, lambda r: r.send(status, body, content_type, headers))

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for h in self.hits if h.path == path)

    def paths(self) -> list[str]:
        with self.lock:
            return [h.path for h in self.hits]


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # headers and body go out in separate writes: without this, Nagle and delayed ACKs add 40 ms a request
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        parts = urlsplit(self.path)
        with site.lock:
            site.hits.append(Hit(parts.path, parts.query, time.monotonic(), self.headers.get("User-Agent", "")))
        route = site.routes.get(parts.path)
        req = Request(self, parse_qs(parts.query), site)
        if route is None:
            req.send(404, "<html><body><p>not found</p></body></html>")
        else:
            route(req)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    site: WebSite

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up (timeouts, the size cap) is expected here


@contextmanager
def serve() -> Iterator[WebSite]:
    """A local site with the standard routes on 127.0.0.1 and a free port, in a thread."""
    server = _Server(("127.0.0.1", 0), _Handler)
    web = WebSite(base=f"http://127.0.0.1:{server.server_port}")
    server.site = web
    install_standard_routes(web)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield web
    finally:
        server.shutdown()
        server.server_close()


def make_fetcher(**kw: Any) -> Fetcher:
    """A fetcher for the local site: 127.0.0.1 allowed, short timeouts, tiny backoff, no rate limit."""
    opts: dict[str, Any] = {"allow_private": ["127.0.0.1"], "timeout": 0.5, "min_interval": 0.0, "retries": 2, "backoff": 0.01, "max_backoff": 0.05}
    opts.update(kw)
    return Fetcher(**opts)


# ---- the standard site ---------------------------------------------------------------------


def install_standard_routes(web: WebSite) -> None:
    web.static("/robots.txt", wc.ROBOTS_TXT, "text/plain")
    for page in (wc.AR_SHELLING, wc.AR_CLASHES, wc.EN_DRONE, wc.EN_PRIVATE):
        web.static(page.path, page.html())
    web.static(wc.EN_PROTEST.path, wc.EN_PROTEST.html())
    # the wrong charset, both ways
    web.static(wc.AR_CP1256.path, wc.AR_CP1256.html(charset="utf-8").encode("cp1256"), "text/html; charset=utf-8")
    web.static(wc.AR_UTF8_AS_1256.path, wc.AR_UTF8_AS_1256.html(charset="windows-1256").encode("utf-8"), "text/html; charset=windows-1256")
    # no declared charset and bytes that fit none
    garbage = b"<html><body><p>" + bytes(range(0x80, 0x100)) * 20 + b"</p></body></html>"
    web.static("/news/garbage.html", garbage, "text/html; charset=utf-8")

    web.static("/feeds/rss.xml", wc.rss_feed(web.base, wc.RSS_ITEMS), "application/rss+xml; charset=utf-8")
    web.static("/feeds/atom.xml", wc.atom_feed(web.base, wc.ATOM_ITEMS), "application/atom+xml")
    web.static("/feeds/broken.xml", '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Broken</title><item><title>Cut off', "application/rss+xml")
    web.static("/feeds/not-a-feed.xml", '<?xml version="1.0"?>\n<catalog><book id="1">A book</book></catalog>', "application/xml")
    # an unescaped "&" makes the XML invalid, but the entries still parse
    bozo = wc.rss_feed(web.base, [(wc.AR_CLASHES.path, "Clashes & more", None)]).replace("&amp; more", "& more")
    web.static("/feeds/bozo.xml", bozo, "application/rss+xml")

    web.route("/wp-json/wp/v2/posts", _wordpress(web, total_pages_header=True))
    web.route("/nototal/wp-json/wp/v2/posts", _wordpress(web, total_pages_header=False, posts=wc.WP_POSTS[:4]))

    web.route("/slow.html", _slow(1.5))
    web.route("/flaky.html", _sequence([(500, b"oops"), (200, wc.EN_DRONE.html().encode())]))
    web.route("/busy.html", _sequence([(503, b"busy", {"Retry-After": "0"}), (200, wc.EN_PROTEST.html().encode())]))
    web.route("/broken.html", lambda r: r.send(500, "<p>internal error</p>"))
    web.route("/throttled.html", lambda r: r.send(429, "slow down", "text/plain", {"Retry-After": "3600"}))
    web.route("/huge.html", _huge(50 * 1024 * 1024, declare_length=False))
    web.route("/huge-declared.html", _huge(50 * 1024 * 1024, declare_length=True))
    web.static("/image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
    web.static("/empty.html", "<html><head><title>Empty</title></head><body><div></div></body></html>")
    web.static("/moved.html", "", None, 301, {"Location": wc.EN_DRONE.path})
    web.static("/to-metadata.html", "", None, 302, {"Location": "http://169.254.169.254/latest/meta-data/"})
    web.static("/to-intranet.html", "", None, 307, {"Location": "http://10.1.2.3/admin"})
    web.static("/to-ftp.html", "", None, 302, {"Location": "ftp://127.0.0.1/file"})
    web.static("/loop.html", "", None, 302, {"Location": "/loop.html"})

    _sitemaps(web)


def _wordpress(web: WebSite, *, total_pages_header: bool, posts: list[dict] | None = None) -> Handler:
    posts = wc.WP_POSTS if posts is None else posts

    def handle(r: Request) -> None:
        per_page = int(r.query.get("per_page", ["10"])[0])
        page = int(r.query.get("page", ["1"])[0])
        pages = -(-len(posts) // per_page)
        if page > pages:
            r.send(400, wc.WP_PAST_END, "application/json; charset=UTF-8")
            return
        headers = {"X-WP-Total": str(len(posts)), "X-WP-TotalPages": str(pages)} if total_pages_header else {}
        r.send(200, json.dumps(wc.wp_page(web.base, page, per_page, posts=posts)), "application/json; charset=UTF-8", headers)

    return handle


def _slow(seconds: float) -> Handler:
    def handle(r: Request) -> None:
        time.sleep(seconds)
        try:
            r.send(200, wc.EN_DRONE.html())
        except OSError:
            pass

    return handle


def _sequence(answers: list[tuple]) -> Handler:
    """Answer with each of ``answers`` in turn, then the last one forever."""
    state = {"n": 0}

    def handle(r: Request) -> None:
        answer = answers[min(state["n"], len(answers) - 1)]
        state["n"] += 1
        status, body, *rest = answer
        r.send(status, body, "text/html; charset=utf-8", rest[0] if rest else None)

    return handle


def _huge(size: int, *, declare_length: bool) -> Handler:
    """A page of ``size`` bytes generated lazily in 64 KiB chunks (chunked unless ``declare_length``)."""
    chunk = (b"<p>" + b"x" * 1017 + b"</p>\n") * 64  # 65,536 bytes

    def handle(r: Request) -> None:
        h = r.handler
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Length" if declare_length else "Transfer-Encoding", str(size) if declare_length else "chunked")
        h.end_headers()
        sent = 0
        path = urlsplit(h.path).path
        try:
            while sent < size:
                data = chunk[: size - sent]
                h.wfile.write(data if declare_length else b"%x\r\n%s\r\n" % (len(data), data))
                sent += len(data)
                with r.site.lock:
                    r.site.sent[path] = sent
            if not declare_length:
                h.wfile.write(b"0\r\n\r\n")
        except OSError:
            h.close_connection = True

    return handle


def _sitemaps(web: WebSite) -> None:
    b = web.base
    index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{b}/sitemaps/news.xml</loc></sitemap>
<sitemap><loc>{b}/sitemaps/pages.xml.gz</loc></sitemap>
<sitemap><loc>{b}/sitemaps/broken.xml</loc></sitemap>
</sitemapindex>"""
    news = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
<url><loc>{b}{wc.AR_SHELLING.path}</loc>
  <image:image><image:loc>{b}/img/1.jpg</image:loc><image:title>a photo caption</image:title></image:image>
  <news:news><news:publication><news:name>Example</news:name><news:language>ar</news:language></news:publication>
  <news:publication_date>2025-03-04T08:00:00+03:00</news:publication_date>
  <news:title>{wc.AR_SHELLING.title}</news:title></news:news></url>
<url><loc>{b}{wc.EN_DRONE.path}</loc><lastmod>2025-04-01</lastmod></url>
</urlset>"""
    pages = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{b}{wc.EN_PROTEST.path}</loc></url>
<url><loc>{b}{wc.AR_CLASHES.path}</loc></url>
<url><loc>{b}{wc.EN_PRIVATE.path}</loc></url>
</urlset>"""
    web.static("/sitemaps/index.xml", index, "application/xml")
    web.static("/sitemaps/news.xml", news, "application/xml")
    web.static("/sitemaps/pages.xml.gz", gzip.compress(pages.encode()), "application/x-gzip")
    web.static("/sitemaps/broken.xml", "<urlset><url><loc>oops", "application/xml")
    web.static("/sitemaps/wrong-root.xml", "<?xml version='1.0'?><html><body/></html>", "application/xml")
    web.static("/sitemaps/loop.xml", f"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><sitemap><loc>{b}/sitemaps/loop.xml</loc></sitemap></sitemapindex>", "application/xml")
    web.static(
        "/sitemaps/xxe.xml",
        f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{b}{wc.EN_DRONE.path}?x=&secret;</loc></url></urlset>""",
        "application/xml",
    )


# ---- a sources file over the standard site -------------------------------------------------

def write_sources_file(site: WebSite, folder: Path) -> Path:
    """``folder/sources.toml`` over every kind of source of the standard site — good feeds, a
    WordPress API, a sitemap, a URL list (``folder/urls.txt``) with wrong charsets, garbage, a huge
    and a slow page — and the broken ones (an invalid feed, a flaky page, a page that stays down)."""
    (folder / "urls.txt").write_text(
        "\n".join(site.url(p) for p in (wc.AR_CP1256.path, wc.AR_UTF8_AS_1256.path, "/news/garbage.html", "/huge.html",
                                          "/slow.html")), encoding="utf-8")
    path = folder / "sources.toml"
    path.write_text(f"""
[defaults]
min_interval = 0

[[source]]
name = "rss"
kind = "rss"
url = "{site.url('/feeds/rss.xml')}"

[[source]]
name = "atom"
kind = "atom"
url = "{site.url('/feeds/atom.xml')}"

[[source]]
name = "broken-feed"
kind = "rss"
url = "{site.url('/feeds/broken.xml')}"

[[source]]
name = "wp"
kind = "wordpress"
url = "{site.url('/')}"
per_page = 2

[[source]]
name = "maps"
kind = "sitemap"
url = "{site.url('/sitemaps/index.xml')}"

[[source]]
name = "list"
kind = "urls"
url = "urls.txt"

[[source]]
name = "flaky"
kind = "page"
url = "{site.url('/flaky.html')}"

[[source]]
name = "down"
kind = "page"
url = "{site.url('/broken.html')}"
""", encoding="utf-8")
    return path
