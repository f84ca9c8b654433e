"""``sources.toml``: the named web sources to ingest and poll.

::

    # optional: defaults for every source below
    [defaults]
    min_interval = 2.0      # seconds between two requests to one host
    poll_interval = 900     # seconds between two polls of a source (rasd ingest --watch)

    [[source]]
    name = "example-news"                       # unique; stored as the articles' source
    kind = "rss"                                # rss | atom | wordpress | sitemap | urls | page
    url = "https://news.example.org/feed/"
    # optional, per source:
    # min_interval = 5.0    # this source's host only
    # poll_interval = 600
    # max_items = 200       # new articles per pass at most
    # enabled = false       # keep the entry, skip the source
    # wordpress only:
    # per_page = 20         # posts per API page (1-100)
    # max_pages = 5         # API pages per pass (default: all)

A ``urls`` source's ``url`` is an http(s) URL of a text file or a local path
(relative to the ``sources.toml`` file). Every mistake (a missing key, an unknown
one, a wrong type, an unknown kind, a bad URL, a duplicate name) is a
:class:`SourcesError` naming the file and the entry.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasd.errors import InputError
from rasd.ingest.web.errors import FetchError
from rasd.ingest.web.urls import check_url

KINDS = ("rss", "atom", "wordpress", "sitemap", "urls", "page")
_NUMBER_KEYS = ("min_interval", "poll_interval")
_INT_KEYS = ("max_items", "per_page", "max_pages")
_WORDPRESS_KEYS = ("per_page", "max_pages")
_KEYS = ("name", "kind", "url", "enabled", *_NUMBER_KEYS, *_INT_KEYS)
_DEFAULT_KEYS = _NUMBER_KEYS + ("max_items",)
DEFAULT_PER_PAGE = 20


class SourcesError(InputError):
    """A ``sources.toml`` that cannot be used; ``source`` names the file and the entry."""


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One web source.

    ``min_interval`` (seconds between requests to the source's host) and
    ``poll_interval`` (seconds between polls) are ``None`` when the fetcher's and
    the watcher's defaults apply. ``max_items`` bounds the new articles of one pass;
    ``per_page`` and ``max_pages`` page the WordPress API.
    """

    name: str
    kind: str
    url: str
    min_interval: float | None = None
    poll_interval: float | None = None
    max_items: int | None = None
    per_page: int = DEFAULT_PER_PAGE
    max_pages: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown source kind {self.kind!r} (expected one of {', '.join(KINDS)})")


def load_sources(path: str | Path, *, include_disabled: bool = False) -> list[SourceSpec]:
    """The sources of a ``sources.toml`` file, in file order (``enabled = false`` ones left out)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourcesError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise SourcesError(str(path), "not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(str(path), f"not valid TOML ({exc})") from exc
    return parse_sources(data, path, include_disabled=include_disabled)


def parse_sources(data: Mapping[str, Any], path: Path, *, include_disabled: bool = False) -> list[SourceSpec]:
    """The sources of parsed TOML ``data`` read from ``path`` (for errors and relative paths)."""
    unknown = sorted(set(data) - {"source", "defaults"})
    if unknown:
        raise SourcesError(str(path), f"unknown top-level key(s) {', '.join(map(repr, unknown))} (expected [defaults] and [[source]])")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SourcesError(f"{path} [defaults]", "must be a table")
    for key in defaults:
        if key not in _DEFAULT_KEYS:
            raise SourcesError(f"{path} [defaults]", f"unknown key {key!r} (allowed: {', '.join(_DEFAULT_KEYS)})")
    entries = data.get("source", [])
    if not isinstance(entries, list) or not entries:
        raise SourcesError(str(path), "no sources: add at least one [[source]] table")
    specs: list[SourceSpec] = []
    names: set[str] = set()
    for number, entry in enumerate(entries, 1):
        where = f"{path} [[source]] #{number}"
        if not isinstance(entry, dict):
            raise SourcesError(where, "must be a table")
        if isinstance(entry.get("name"), str):
            where += f" ({entry['name']!r})"
        spec, enabled = _entry({**defaults, **entry}, where, path)
        if spec.name in names:
            raise SourcesError(where, f"duplicate source name {spec.name!r}")
        names.add(spec.name)
        if enabled or include_disabled:
            specs.append(spec)
    return specs


def _entry(entry: dict[str, Any], where: str, path: Path) -> tuple[SourceSpec, bool]:
    for key in entry:
        if key not in _KEYS:
            raise SourcesError(where, f"unknown key {key!r} (allowed: {', '.join(_KEYS)})")
    for key in ("name", "kind", "url"):
        if key not in entry:
            raise SourcesError(where, f"missing {key!r}")
        if not isinstance(entry[key], str) or not entry[key].strip():
            raise SourcesError(where, f"{key!r} must be a non-empty string")
    kind = entry["kind"].strip().lower()
    if kind not in KINDS:
        raise SourcesError(where, f"unknown kind {entry['kind']!r} (expected one of {', '.join(KINDS)})")
    for key in _WORDPRESS_KEYS:
        if key in entry and kind != "wordpress":
            raise SourcesError(where, f"{key!r} is only for kind = \"wordpress\"")
    for key in _NUMBER_KEYS:
        value = entry.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
            raise SourcesError(where, f"{key!r} must be a number of seconds >= 0, got {value!r}")
    for key in _INT_KEYS:
        value = entry.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise SourcesError(where, f"{key!r} must be a whole number >= 1, got {value!r}")
    if entry.get("per_page", 1) > 100:
        raise SourcesError(where, "'per_page' must be at most 100 (the WordPress API's limit)")
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise SourcesError(where, f"'enabled' must be true or false, got {enabled!r}")
    url = _url(entry["url"].strip(), kind, where, path)
    spec = SourceSpec(
        name=entry["name"].strip(),
        kind=kind,
        url=url,
        min_interval=_float(entry.get("min_interval")),
        poll_interval=_float(entry.get("poll_interval")),
        max_items=entry.get("max_items"),
        per_page=entry.get("per_page", DEFAULT_PER_PAGE),
        max_pages=entry.get("max_pages"),
    )
    return spec, enabled


def _url(url: str, kind: str, where: str, path: Path) -> str:
    if kind == "urls" and "://" not in url:
        return str((path.parent / url).resolve())
    try:
        return check_url(url)
    except FetchError as exc:
        raise SourcesError(where, f"'url' {url!r}: {exc.detail}") from exc


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
