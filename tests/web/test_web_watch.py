"""watch(): polling on a schedule, each article once per process, failures once, prompt stop."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import webcorpus as wc
from webserver import Request, WebSite

from rasd.ingest.web import Failed, Fetcher, SourceSpec, article_id, iterate, watch
from rasd.model import Article


def _collect() -> tuple[list[Article | Failed], Callable[[Article | Failed], None]]:
    items: list[Article | Failed] = []
    return items, items.append


def test_each_article_once_across_rounds(site: WebSite, fetcher: Fetcher) -> None:
    items, on_item = _collect()
    stats = watch([SourceSpec("atom", "atom", site.url("/feeds/atom.xml"))], fetcher, 0.01, on_item, threading.Event(), max_rounds=3)
    assert sorted(i.url for i in items if isinstance(i, Article)) == sorted(site.url(p.path) for p in (wc.AR_CLASHES, wc.EN_PROTEST))
    assert site.count("/feeds/atom.xml") == 3
    assert site.count(wc.AR_CLASHES.path) == 1 and site.count(wc.EN_PROTEST.path) == 1
    assert (stats.rounds, stats.passes, stats.articles, stats.failed) == (3, 3, 2, 0)


def test_a_new_entry_is_picked_up_at_the_next_poll(site: WebSite, fetcher: Fetcher) -> None:
    first = wc.atom_feed(site.base, wc.ATOM_ITEMS)
    later = wc.atom_feed(site.base, [(wc.EN_DRONE.path, wc.EN_DRONE.title, "2025-03-04T12:00:00Z"), *wc.ATOM_ITEMS])

    def feed(r: Request) -> None:
        r.send(200, first if site.count("/feeds/atom.xml") <= 1 else later, "application/atom+xml")

    site.route("/feeds/atom.xml", feed)
    items, on_item = _collect()
    watch([SourceSpec("atom", "atom", site.url("/feeds/atom.xml"))], fetcher, 0.01, on_item, threading.Event(), max_rounds=3)
    urls = [i.url for i in items if isinstance(i, Article)]
    assert len(urls) == 3 and urls[-1] == site.url(wc.EN_DRONE.path)


def test_failures_are_reported_once_but_retried(site: WebSite, fetcher: Fetcher) -> None:
    items, on_item = _collect()
    watch([SourceSpec("rss", "rss", site.url("/feeds/rss.xml"))], fetcher, 0.01, on_item, threading.Event(), max_rounds=3)
    failed = [i for i in items if isinstance(i, Failed)]
    assert [f.input for f in failed] == [site.url("/news/missing.html")]
    assert site.count("/news/missing.html") == 3
    assert len([i for i in items if isinstance(i, Article)]) == 3


def test_seen_ids_are_not_fetched(site: WebSite, fetcher: Fetcher) -> None:
    items, on_item = _collect()
    seen = [article_id(site.url(wc.AR_CLASHES.path))]
    watch([SourceSpec("atom", "atom", site.url("/feeds/atom.xml"))], fetcher, 0.01, on_item, threading.Event(), seen=seen, max_rounds=1)
    assert [i.url for i in items] == [site.url(wc.EN_PROTEST.path)]
    assert site.count(wc.AR_CLASHES.path) == 0


def test_each_source_keeps_its_poll_interval(site: WebSite, fetcher: Fetcher) -> None:
    fast = SourceSpec("fast", "page", site.url(wc.EN_DRONE.path), poll_interval=0.01)
    slow = SourceSpec("slow", "page", site.url(wc.AR_SHELLING.path), poll_interval=3600)
    stats = watch([fast, slow], fetcher, 3600, lambda item: None, threading.Event(), max_rounds=4)
    assert stats.rounds == 4 and stats.passes == 5  # fast every round, slow once
    assert stats.articles == 2


def test_stop_event_ends_a_waiting_watch(site: WebSite, fetcher: Fetcher) -> None:
    stop = threading.Event()
    done = threading.Event()
    items, on_item = _collect()

    def run() -> None:
        watch([SourceSpec("p", "page", site.url(wc.EN_DRONE.path))], fetcher, 3600, on_item, stop)
        done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    for _ in range(1000):  # until the first pass has passed its article on
        if items:
            break
        thread.join(0.01)
    stop.set()
    assert done.wait(10), "watch did not stop"
    assert len(items) == 1


def test_stop_from_on_item_ends_the_pass(site: WebSite, fetcher: Fetcher) -> None:
    stop = threading.Event()
    items: list[object] = []

    def on_item(item: object) -> None:
        items.append(item)
        stop.set()

    watch([SourceSpec("atom", "atom", site.url("/feeds/atom.xml"))], fetcher, 0.01, on_item, stop)
    assert len(items) == 1


def test_an_on_item_error_ends_the_watch(site: WebSite, fetcher: Fetcher) -> None:
    def on_item(item: object) -> None:
        raise RuntimeError("database is gone")

    with pytest.raises(RuntimeError, match="database is gone"):
        watch([SourceSpec("atom", "atom", site.url("/feeds/atom.xml"))], fetcher, 0.01, on_item, threading.Event(), max_rounds=2)


def test_a_reader_bug_is_a_failure_and_the_other_sources_go_on(site: WebSite, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(spec: SourceSpec, fetcher: Fetcher, seen: object) -> Iterator[Article]:
        raise ZeroDivisionError("a bug")
        yield  # pragma: no cover

    monkeypatch.setitem(iterate.READERS, "sitemap", broken)
    items, on_item = _collect()
    specs = [SourceSpec("bad", "sitemap", site.url("/sitemaps/index.xml")), SourceSpec("p", "page", site.url(wc.EN_DRONE.path))]
    watch(specs, fetcher, 0.01, on_item, threading.Event(), max_rounds=2)
    [bug] = [i for i in items if isinstance(i, Failed)]
    assert bug.kind == "error" and "ZeroDivisionError: a bug" in bug.reason and bug.input == specs[0].url
    assert [i.url for i in items if isinstance(i, Article)] == [site.url(wc.EN_DRONE.path)]


def test_interval_must_be_positive(fetcher: Fetcher) -> None:
    with pytest.raises(ValueError):
        watch([], fetcher, 0, lambda item: None, threading.Event())
