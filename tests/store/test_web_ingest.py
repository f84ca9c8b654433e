"""Web sources into the store, on both backends, against a real local HTTP server.

The site (tests/web/webserver.py) serves an RSS feed, an Atom feed, a WordPress REST API
paged over several pages, a sitemap index, HTML pages in Arabic and English (invented
texts), and broken inputs: a 404, an invalid XML feed and sitemap, a page robots.txt
forbids, undecodable bytes, a 50 MB page, a page slower than the timeout, a server error
that recovers and one that does not. Every good article must be stored once with its
events, every bad input quarantined with its reason, the report must count both, and a
second run must store nothing new and fetch no stored page again.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

import webcorpus as wc  # noqa: E402
from webserver import WebSite, make_fetcher, serve, write_sources_file  # noqa: E402

from rasd.ingest.web import article_id, load_sources  # noqa: E402
from rasd.store import Store, open_store  # noqa: E402
from rasd.store.web import ingest_sources, stored_web_ids, watch_sources  # noqa: E402

GOOD_PAGES = (wc.AR_SHELLING, wc.AR_CLASHES, wc.EN_DRONE, wc.EN_PROTEST, wc.AR_CP1256, wc.AR_UTF8_AS_1256)


@pytest.fixture
def site():
    with serve() as web:
        yield web


def _expected_ids(site: WebSite) -> set[str]:
    ids = {article_id(site.url(p.path)) for p in GOOD_PAGES}
    ids |= {article_id(wc.wp_post_json(site.base, p)["link"]) for p in wc.WP_POSTS}
    ids.add(article_id(site.url("/flaky.html")))
    return ids


def _bad_inputs(site: WebSite) -> set[str]:
    return {site.url(p) for p in ("/news/missing.html", "/feeds/broken.xml", "/sitemaps/broken.xml", wc.EN_PRIVATE.path,
                                  "/news/garbage.html", "/huge.html", "/slow.html", "/broken.html")}


def test_a_run_stores_every_good_article_once_and_quarantines_every_bad_input(store: Store, site: WebSite,
                                                                             tmp_path: Path) -> None:
    specs = load_sources(write_sources_file(site, tmp_path))
    with make_fetcher(timeout=0.3) as fetcher:
        report = ingest_sources(store, specs, fetcher, command="test")
    c = report.counts
    assert c.stored == 12 and c.present == 0
    assert stored_web_ids(store) == _expected_ids(site)
    assert {name for name, _ in report.quarantined} == _bad_inputs(site)
    reasons = dict(report.quarantined)
    assert reasons[site.url("/huge.html")].startswith("too-large")
    assert reasons[site.url("/slow.html")].startswith("timeout")
    assert reasons[site.url(wc.EN_PRIVATE.path)].startswith("robots")
    assert c.quarantined == len(_bad_inputs(site))
    stats = store.stats()
    assert stats["articles"] == 12 and stats["quarantined"] == c.quarantined
    assert stats["events"] == c.events > 0  # the invented Arabic and English reports are coded

    # a second pass: nothing new, no stored page fetched again, the bad inputs quarantined again
    hits_before = {p.path: site.count(p.path) for p in GOOD_PAGES}
    with make_fetcher(timeout=0.3) as fetcher:
        again = ingest_sources(store, specs, fetcher, command="test again")
    assert again.counts.stored == 0 and store.stats()["articles"] == 12
    assert {p.path: site.count(p.path) for p in GOOD_PAGES} == hits_before


def test_watch_stores_new_entries_as_they_come(store: Store, site: WebSite, tmp_path: Path) -> None:
    specs = [s for s in load_sources(write_sources_file(site, tmp_path)) if s.name in ("rss", "atom")]
    stop = threading.Event()
    with make_fetcher(timeout=0.3) as fetcher:
        report = watch_sources(store, specs, fetcher, 0.05, stop, command="watch", max_rounds=2)
    assert report.counts.stored == store.stats()["articles"] > 0
    assert report.counts.quarantined == 1  # the page robots.txt forbids, listed in the feeds, reported once
    assert not stop.is_set()


def test_cli_ingest_sources_reports_both_counts(site: WebSite, tmp_path: Path) -> None:
    feed_only = tmp_path / "one.toml"
    feed_only.write_text(f"""
[[source]]
name = "rss"
kind = "rss"
url = "{site.url('/feeds/rss.xml')}"
min_interval = 0

[[source]]
name = "gone"
kind = "page"
url = "{site.url('/news/missing.html')}"
""", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    cmd = [sys.executable, "-m", "rasd.cli", "ingest", "--sources", str(feed_only), "--db", db,
           "--allow-private", "127.0.0.1", "--json"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr  # something was quarantined
    report = json.loads(res.stdout)
    assert report["stored"] >= 2 and report["quarantined"] >= 1
    assert site.url("/news/missing.html") in {q["input"] for q in report["quarantine"]}
    res2 = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    again = json.loads(res2.stdout)
    assert again["stored"] == 0
    with open_store(db) as s:
        assert s.stats()["articles"] == report["stored"]


def test_cli_refuses_loopback_unless_allowed(site: WebSite, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    res = subprocess.run([sys.executable, "-m", "rasd.cli", "ingest", "--feed", site.url("/feeds/rss.xml"), "--db", db,
                          "--json"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 1
    report = json.loads(res.stdout)
    assert report["stored"] == 0
    assert any(q["reason"].startswith("private-address") for q in report["quarantine"])
