"""WordPress sites through their REST API: ``/wp-json/wp/v2/posts``, paged.

Many regional outlets run WordPress, and the API gives each post's HTML content,
title, date and permalink in one request per page of posts, so no article page
needs to be fetched. Pages are requested newest first
(``?per_page=N&page=P&orderby=date&order=desc``) until the last one: the page
number reaches ``X-WP-TotalPages``, a page comes back short or empty, or the API
answers 400 (``rest_post_invalid_page_number``) past the end. ``max_pages`` bounds
a pass; when a poll (``seen`` given) meets a page whose posts are all known, the
older pages are not requested.

Per post: ``content.rendered`` (HTML) to text with trafilatura (a plain tag strip
when trafilatura finds nothing in a short fragment); ``title.rendered`` with tags
stripped and entities unescaped; ``link`` as the URL (and the article id); the
date is ``date`` (the day as written on the site, in its time zone, like a feed's
``pubDate``), else ``date_gmt``. A password-protected post is a failure.
"""

from __future__ import annotations

import json
from collections.abc import Container, Iterator
from typing import Any

import httpx

from rasd.errors import InputError
from rasd.ingest.article import parse_published
from rasd.ingest.html import extract_html
from rasd.ingest.web.errors import Failed, FetchError, Reason
from rasd.ingest.web.fetch import Fetcher
from rasd.ingest.web.pages import article_from_text, clean_title
from rasd.ingest.web.sources import SourceSpec
from rasd.ingest.web.urls import article_id
from rasd.model import Article

POSTS_PATH = "/wp-json/wp/v2/posts"
_FIELDS = "id,link,date,date_gmt,title,content"


def posts_endpoint(url: str) -> str:
    """The posts endpoint of a site: ``url`` itself if it is an API URL, else ``<url>/wp-json/wp/v2/posts``."""
    parsed = httpx.URL(url)
    if "/wp-json/" in parsed.path or "rest_route" in parsed.params:
        return url
    return str(parsed.copy_with(path=parsed.path.rstrip("/") + POSTS_PATH, query=None))


def page_url(endpoint: str, per_page: int, page: int) -> str:
    """The URL of one page of posts."""
    params: dict[str, str | int] = {"per_page": per_page, "page": page, "orderby": "date", "order": "desc", "_fields": _FIELDS}
    return str(httpx.URL(endpoint).copy_merge_params(params))


def iter_wordpress(spec: SourceSpec, fetcher: Fetcher, seen: Container[str] | None = None) -> Iterator[Article | Failed]:
    """The posts of a WordPress source, newest first."""
    endpoint = posts_endpoint(spec.url)
    done: set[str] = set()
    page = 1
    while spec.max_pages is None or page <= spec.max_pages:
        url = page_url(endpoint, spec.per_page, page)
        try:
            got = fetcher.get(url, accept=("json",))
            posts = _posts(got.text().text, url)
        except FetchError as exc:
            if page > 1 and exc.status == 400:
                return  # asked past the last page
            yield Failed.of(exc)
            return
        known = 0
        for number, post in enumerate(posts, 1):
            where = f"{url} post {number}"
            link = _str(post.get("link"))
            if not link:
                yield Failed(where, f"{Reason.API.value}: post has no 'link'", Reason.API.value)
                continue
            try:
                aid = article_id(link)
            except FetchError as exc:
                yield Failed(where, exc.reason, exc.kind.value)
                continue
            if aid in done or (seen is not None and aid in seen):
                known += 1
                continue
            if spec.max_items is not None and len(done) >= spec.max_items:
                return
            done.add(aid)
            try:
                yield _article(post, link, spec.name)
            except InputError as exc:
                yield Failed.of(exc)
        total = _int(got.headers.get("x-wp-totalpages"))
        last = not posts or (page >= total if total is not None else len(posts) < spec.per_page)
        if last or (seen is not None and known == len(posts)):
            return
        page += 1


def _posts(body: str, url: str) -> list[dict[str, Any]]:
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise FetchError(url, Reason.API, f"not JSON ({exc.msg} at line {exc.lineno})") from exc
    if isinstance(data, dict):
        said = " ".join(str(data[k]) for k in ("code", "message") if data.get(k))
        raise FetchError(url, Reason.API, "expected a list of posts, got an object" + (f" ({said})" if said else ""))
    if not isinstance(data, list) or not all(isinstance(p, dict) for p in data):
        raise FetchError(url, Reason.API, "expected a JSON list of post objects")
    return data


def _article(post: dict[str, Any], link: str, source: str) -> Article:
    content = post.get("content")
    if not isinstance(content, dict):
        content = {}
    if content.get("protected"):
        raise InputError(link, "the post is password-protected")
    html = _str(content.get("rendered")) or ""
    published = None
    for key in ("date", "date_gmt"):
        if _str(post.get(key)):
            published = parse_published(post[key], link, key)
            break
    title = post.get("title")
    title = clean_title(_str(title.get("rendered")) if isinstance(title, dict) else _str(title))
    return article_from_text(link, _text(html, link), source=source, title=title, published=published)


def _text(html: str, link: str) -> str:
    """The text of a post's HTML content: trafilatura's, else the text of every element."""
    try:
        return extract_html(html, link, url=link, want_date=False).text
    except InputError:
        if not html.strip():
            raise InputError(link, "the post has no content") from None
    import lxml.html  # type: ignore[import-untyped]

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception as exc:  # lxml's parser errors vary; the post is unusable either way
        raise InputError(link, f"the post's HTML could not be parsed ({exc})") from exc
    blocks = (" ".join(el.text_content().split()) for el in root.iter("p", "h1", "h2", "h3", "h4", "li", "blockquote"))
    text = "\n".join(b for b in blocks if b) or " ".join(root.text_content().split())
    if not text:
        raise InputError(link, "no article text in the post's content")
    return text


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None
