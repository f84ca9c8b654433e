"""iter_source over every source kind, against the local site: each good article once, each bad input a Failed."""

from __future__ import annotations

import itertools
import logging
from datetime import date
from pathlib import Path

import pytest
import webcorpus as wc
from webserver import WebSite, make_fetcher, write_sources_file

from rasd.ingest.web import (
    Failed,
    Fetcher,
    Reason,
    SourceSpec,
    article_id,
    canonical_url,
    iter_source,
    load_sources,
)
from rasd.model import Article


def _run(spec: SourceSpec, fetcher: Fetcher, **kw: object) -> tuple[list[Article], list[Failed]]:
    items = list(iter_source(spec, fetcher, **kw))  # type: ignore[arg-type]
    articles = [i for i in items if isinstance(i, Article)]
    failed = [i for i in items if isinstance(i, Failed)]
    assert len(articles) + len(failed) == len(items)
    return articles, failed


def _by_url(articles: list[Article]) -> dict[str, Article]:
    urls = [a.url for a in articles]
    assert len(urls) == len(set(urls)), "an article was yielded twice"
    return {u: a for u, a in zip(urls, articles)}  # type: ignore[misc]


def _check(article: Article, page: wc.Page, site: WebSite, source: str, *, title: str | None = None, published: date | None = None) -> None:
    url = site.url(page.path)
    assert article.id == article_id(url) and article.url == canonical_url(url)
    assert article.source == source and article.language == page.lang
    assert article.title == (title or page.title)
    assert article.published == (published or page.published)
    assert page.key in article.text
    # the page's navigation and footer are not article text
    assert "All rights reserved" not in article.text and "Archive" not in article.text


# ---- RSS and Atom ------------------------------------------------------------------------


def test_rss_feed(site: WebSite, fetcher: Fetcher) -> None:
    spec = SourceSpec("example-rss", "rss", site.url("/feeds/rss.xml"))
    articles, failed = _run(spec, fetcher)
    got = _by_url(articles)
    assert len(got) == 3
    _check(got[site.url(wc.AR_SHELLING.path)], wc.AR_SHELLING, site, "example-rss")
    _check(got[site.url(wc.EN_DRONE.path)], wc.EN_DRONE, site, "example-rss")
    # no pubDate in the feed: htmldate found the page's date
    _check(got[site.url(wc.EN_PROTEST.path)], wc.EN_PROTEST, site, "example-rss")
    [gone] = failed
    assert gone.input == site.url("/news/missing.html") and gone.kind == "http-status" and "HTTP 404" in gone.reason
    # the page listed twice (once with utm_source) was fetched once
    assert site.count(wc.EN_DRONE.path) == 1


def test_atom_feed(site: WebSite, fetcher: Fetcher) -> None:
    articles, failed = _run(SourceSpec("example-atom", "atom", site.url("/feeds/atom.xml")), fetcher)
    assert failed == []
    got = _by_url(articles)
    _check(got[site.url(wc.AR_CLASHES.path)], wc.AR_CLASHES, site, "example-atom")
    _check(got[site.url(wc.EN_PROTEST.path)], wc.EN_PROTEST, site, "example-atom")


def test_feed_date_is_the_day_as_written(site: WebSite, fetcher: Fetcher) -> None:
    # 00:30 on 5 March at UTC+3 is still 4 March in UTC: the day written is kept
    site.static("/feeds/late.xml", wc.rss_feed(site.base, [(wc.EN_DRONE.path, "Late", "Wed, 05 Mar 2025 00:30:00 +0300")]), "application/rss+xml")
    [a], [] = _run(SourceSpec("late", "rss", site.url("/feeds/late.xml")), fetcher)
    assert a.published == date(2025, 3, 5) and a.title == "Late"


def test_invalid_xml_feed_is_a_feed_failure(site: WebSite, fetcher: Fetcher) -> None:
    url = site.url("/feeds/broken.xml")
    articles, [failed] = _run(SourceSpec("broken", "rss", url), fetcher)
    assert articles == []
    assert failed.input == url and failed.kind == "feed" and "not a valid RSS or Atom feed" in failed.reason


def test_xml_that_is_not_a_feed(site: WebSite, fetcher: Fetcher) -> None:
    articles, [failed] = _run(SourceSpec("catalog", "rss", site.url("/feeds/not-a-feed.xml")), fetcher)
    assert articles == [] and failed.kind == "feed"


def test_bozo_feed_that_parses_is_used_with_a_warning(site: WebSite, fetcher: Fetcher, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="rasd.ingest.web"):
        [a], [] = _run(SourceSpec("bozo", "rss", site.url("/feeds/bozo.xml")), fetcher)
    assert a.url == site.url(wc.AR_CLASHES.path)
    assert "feed has errors but 1 of its entries parse" in caplog.text


def test_feed_that_is_an_image(site: WebSite, fetcher: Fetcher) -> None:
    [], [failed] = _run(SourceSpec("img", "rss", site.url("/image.png")), fetcher)
    assert failed.kind == "content-type"


# ---- WordPress ---------------------------------------------------------------------------


def test_wordpress_three_pages(site: WebSite, fetcher: Fetcher) -> None:
    spec = SourceSpec("example-wp", "wordpress", site.url("/"), per_page=2)
    articles, failed = _run(spec, fetcher)
    assert failed == []
    assert [a.title for a in articles] == [
        "Gunmen attack a checkpoint – two soldiers killed",  # &#8211; unescaped
        "غارة جوية على مخزن للأسلحة",  # <em> stripped
        "خطف تاجر على طريق المطار & مطالبة بفدية",
        "Landmine kills a shepherd near the valley",
        "حملة اعتقالات في حي الشرقية",
    ]
    posts = {p["id"]: p for p in wc.WP_POSTS}
    for a, post in zip(articles, wc.WP_POSTS):
        link = wc.wp_post_json(site.base, post)["link"]
        assert a.url == link and a.id == article_id(link) and a.source == "example-wp"
        assert a.text == post["text"]  # the sharing plugin's buttons are not article text
        assert a.published == date.fromisoformat(post["date"][:10])
    assert posts[105]["date_gmt"].startswith("2025-03-09") and articles[0].published == date(2025, 3, 10)
    # three API pages, stopped by X-WP-TotalPages: page 4 was never asked
    pages = [h.query for h in site.hits if h.path == "/wp-json/wp/v2/posts"]
    assert len(pages) == 3 and all("per_page=2" in q for q in pages)
    assert ["page=1" in pages[0], "page=2" in pages[1], "page=3" in pages[2]] == [True, True, True]


def test_wordpress_without_total_pages_stops_at_the_400(site: WebSite, fetcher: Fetcher) -> None:
    spec = SourceSpec("wp2", "wordpress", site.url("/nototal/wp-json/wp/v2/posts"), per_page=2)
    articles, failed = _run(spec, fetcher)
    assert failed == [] and len(articles) == 4
    assert site.count("/nototal/wp-json/wp/v2/posts") == 3  # pages 1, 2 and the 400 past the end


def test_wordpress_max_pages_and_max_items(site: WebSite, fetcher: Fetcher) -> None:
    articles, _ = _run(SourceSpec("wp", "wordpress", site.url("/"), per_page=2, max_pages=2), fetcher)
    assert len(articles) == 4
    articles, _ = _run(SourceSpec("wp", "wordpress", site.url("/"), per_page=2, max_items=3), fetcher)
    assert len(articles) == 3


def test_wordpress_poll_stops_at_a_page_of_known_posts(site: WebSite, fetcher: Fetcher) -> None:
    spec = SourceSpec("wp", "wordpress", site.url("/"), per_page=2)
    known = {article_id(wc.wp_post_json(site.base, p)["link"]) for p in wc.WP_POSTS[1:]}
    articles, _ = _run(spec, fetcher, seen=known)
    assert [a.title for a in articles] == ["Gunmen attack a checkpoint – two soldiers killed"]
    assert site.count("/wp-json/wp/v2/posts") == 2  # page 2 was all known: page 3 not asked


def test_wordpress_bad_answers(site: WebSite, fetcher: Fetcher) -> None:
    site.static("/a/wp-json/wp/v2/posts", "<html>maintenance</html>", "text/html")
    site.static("/b/wp-json/wp/v2/posts", '{"code": "rest_forbidden", "message": "Sorry"}', "application/json")
    site.static("/c/wp-json/wp/v2/posts", "[{]", "application/json")
    for prefix, kind, words in (("/a", "content-type", "text/html"), ("/b", "api", "rest_forbidden"), ("/c", "api", "not JSON")):
        [], [failed] = _run(SourceSpec("wp", "wordpress", site.url(prefix + "/")), fetcher)
        assert failed.kind == kind and words in failed.reason and failed.input.startswith(site.url(prefix + "/wp-json/wp/v2/posts?"))


def test_wordpress_protected_and_linkless_posts(site: WebSite, fetcher: Fetcher) -> None:
    good = wc.wp_post_json(site.base, wc.WP_POSTS[0])
    protected = {**wc.wp_post_json(site.base, wc.WP_POSTS[1]), "content": {"rendered": "", "protected": True}}
    linkless = {**wc.wp_post_json(site.base, wc.WP_POSTS[2]), "link": ""}
    import json

    site.static("/p/wp-json/wp/v2/posts", json.dumps([good, protected, linkless]), "application/json")
    articles, failed = _run(SourceSpec("wp", "wordpress", site.url("/p/")), fetcher)
    assert [a.url for a in articles] == [good["link"]]
    assert [f.kind for f in failed] == ["extract", "api"]
    assert "password-protected" in failed[0].reason and failed[0].input == protected["link"]
    assert "no 'link'" in failed[1].reason and failed[1].input.endswith("post 3")


# ---- sitemaps ----------------------------------------------------------------------------


def test_sitemap_index(site: WebSite, fetcher: Fetcher) -> None:
    articles, failed = _run(SourceSpec("maps", "sitemap", site.url("/sitemaps/index.xml")), fetcher)
    got = _by_url(articles)
    assert set(got) == {site.url(p.path) for p in (wc.AR_SHELLING, wc.EN_DRONE, wc.EN_PROTEST, wc.AR_CLASHES)}
    # news:title and news:publication_date are used; image:title is not
    _check(got[site.url(wc.AR_SHELLING.path)], wc.AR_SHELLING, site, "maps")
    # lastmod (2025-04-01) is not a publication date: the page's own date is
    assert got[site.url(wc.EN_DRONE.path)].published == wc.EN_DRONE.published
    by_input = {f.input: f for f in failed}
    assert by_input[site.url("/sitemaps/broken.xml")].kind == "sitemap"
    assert by_input[site.url(wc.EN_PRIVATE.path)].kind == "robots"
    assert len(failed) == 2


def test_sitemap_wrong_root_loop_and_xxe(site: WebSite, fetcher: Fetcher) -> None:
    [], [failed] = _run(SourceSpec("m", "sitemap", site.url("/sitemaps/wrong-root.xml")), fetcher)
    assert failed.kind == "sitemap" and "<html>" in failed.reason
    assert _run(SourceSpec("m", "sitemap", site.url("/sitemaps/loop.xml")), fetcher) == ([], [])
    assert site.count("/sitemaps/loop.xml") == 1
    # the external entity is not resolved (no local file read into a URL)
    articles, failed = _run(SourceSpec("m", "sitemap", site.url("/sitemaps/xxe.xml")), fetcher)
    hits = [h.query for h in site.hits if h.path == wc.EN_DRONE.path]
    assert all("hostname" not in q for q in hits)
    assert len(articles) + len(failed) <= 1


# ---- URL lists and pages -----------------------------------------------------------------


def test_url_list_file(site: WebSite, fetcher: Fetcher, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# pages to read\n"
        f"{site.url(wc.EN_DRONE.path)}\n\n"
        "not-a-url\n"
        f"{site.url(wc.AR_CP1256.path)}\n"
        f"{site.url(wc.AR_UTF8_AS_1256.path)}\n"
        f"{site.url('/news/garbage.html')}\n"
        f"{site.url('/empty.html')}\n"
        f"{site.url('/huge.html')}\n"
        f"{site.url(wc.EN_DRONE.path)}#comments\n",
        encoding="utf-8",
    )
    articles, failed = _run(SourceSpec("list", "urls", str(listing)), fetcher)
    got = _by_url(articles)
    # titles and dates from the pages themselves
    _check(got[site.url(wc.EN_DRONE.path)], wc.EN_DRONE, site, "list")
    _check(got[site.url(wc.AR_CP1256.path)], wc.AR_CP1256, site, "list")
    _check(got[site.url(wc.AR_UTF8_AS_1256.path)], wc.AR_UTF8_AS_1256, site, "list")
    assert len(got) == 3
    assert [(f.input, f.kind) for f in failed] == [
        (f"{listing}:4", "bad-url"),
        (site.url("/news/garbage.html"), "decode"),
        (site.url("/empty.html"), "extract"),
        (site.url("/huge.html"), "too-large"),
    ]
    assert "no article text" in failed[2].reason


def test_url_list_over_http_and_missing_file(site: WebSite, fetcher: Fetcher, tmp_path: Path) -> None:
    site.static("/lists/today.txt", f"{site.url(wc.AR_SHELLING.path)}\n", "text/plain; charset=utf-8")
    [a], [] = _run(SourceSpec("l", "urls", site.url("/lists/today.txt")), fetcher)
    _check(a, wc.AR_SHELLING, site, "l")
    [], [failed] = _run(SourceSpec("l", "urls", str(tmp_path / "nope.txt")), fetcher)
    assert failed.kind == "read" and failed.input == str(tmp_path / "nope.txt")


def test_page_source(site: WebSite, fetcher: Fetcher) -> None:
    [a], [] = _run(SourceSpec("one", "page", site.url(wc.AR_CLASHES.path)), fetcher)
    _check(a, wc.AR_CLASHES, site, "one")
    [], [failed] = _run(SourceSpec("one", "page", site.url("/slow.html")), make_fetcher(timeout=0.2, retries=0))
    assert failed.kind == "timeout"


# ---- across kinds ------------------------------------------------------------------------


def test_seen_pages_are_not_fetched(site: WebSite, fetcher: Fetcher) -> None:
    seen = {article_id(site.url(wc.AR_SHELLING.path)), article_id(site.url(wc.EN_DRONE.path) + "?utm_campaign=x")}
    articles, _ = _run(SourceSpec("rss", "rss", site.url("/feeds/rss.xml")), fetcher, seen=seen)
    assert {a.url for a in articles} == {site.url(wc.EN_PROTEST.path)}
    assert site.count(wc.AR_SHELLING.path) == 0 and site.count(wc.EN_DRONE.path) == 0


def test_source_min_interval_applies(site: WebSite, fetcher: Fetcher) -> None:
    spec = SourceSpec("atom", "atom", site.url("/feeds/atom.xml"), min_interval=0.1)
    _run(spec, fetcher)
    times = [h.at for h in site.hits]
    assert len(times) == 4 and all(b - a >= 0.1 for a, b in itertools.pairwise(times))


def test_private_address_refused_for_a_source(site: WebSite) -> None:
    with Fetcher(min_interval=0) as f:
        [], [failed] = _run(SourceSpec("rss", "rss", site.url("/feeds/rss.xml")), f)
    assert failed.kind == Reason.PRIVATE_ADDRESS.value and failed.input == site.url("/feeds/rss.xml")
    assert site.hits == []


def test_article_ids_are_canonical() -> None:
    a = article_id("HTTPS://News.Example.org:443/2025/03/story/?utm_source=x&b=2&a=1#top")
    assert a == article_id("https://news.example.org/2025/03/story/?a=1&b=2")
    assert a != article_id("https://news.example.org/2025/03/other/")
    assert a.startswith("web-") and len(a) == 28


# ---- a whole run, as rasd ingest will do it ----------------------------------------------


def test_a_run_over_a_sources_file(site: WebSite, tmp_path: Path) -> None:
    write_sources_file(site, tmp_path)
    stored: dict[str, Article] = {}
    quarantined: dict[str, str] = {}
    with make_fetcher(timeout=0.3) as fetcher:
        for spec in load_sources(tmp_path / "sources.toml"):
            for item in iter_source(spec, fetcher, seen=stored):
                if isinstance(item, Failed):
                    quarantined[item.input] = item.kind
                else:
                    assert item.id not in stored, f"{item.url} yielded twice"
                    stored[item.id] = item
    pages = (wc.AR_SHELLING, wc.AR_CLASHES, wc.EN_DRONE, wc.EN_PROTEST, wc.AR_CP1256, wc.AR_UTF8_AS_1256)
    expected = {article_id(site.url(p.path)) for p in pages} | {article_id(wc.wp_post_json(site.base, p)["link"]) for p in wc.WP_POSTS}
    expected.add(article_id(site.url("/flaky.html")))
    assert set(stored) == expected and len(stored) == 12
    assert quarantined == {
        site.url("/news/missing.html"): "http-status",
        site.url("/feeds/broken.xml"): "feed",
        site.url("/sitemaps/broken.xml"): "sitemap",
        site.url(wc.EN_PRIVATE.path): "robots",
        site.url("/news/garbage.html"): "decode",
        site.url("/huge.html"): "too-large",
        site.url("/slow.html"): "timeout",
        site.url("/broken.html"): "http-status",
    }
    # every page was fetched at most once across the sources (the stored ids are skipped)
    for p in pages:
        assert site.count(p.path) == 1, p.path
