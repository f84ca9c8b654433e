"""An article's identity in the store: its canonical URL, or without one a hash of its text.

* **URL**: normalised by courlan (lower-case scheme and host, default port dropped,
  ``/../`` resolved, query parameters sorted, tracking parameters such as
  ``utm_*``/``fbclid`` dropped, trailing slash dropped), the fragment dropped
  (except ``#!`` routes), and ``http`` counted as ``https`` (news sites serve both).
  Query parameters other than trackers are kept: ``article.php?id=1`` and ``?id=2``
  are different articles. The key is ``url:<canonical URL>`` (``urlsha:<sha256>``
  for a URL longer than :data:`MAX_URL_KEY` characters, to fit an index).
* **No usable URL** (none, or not ``http(s)://host/…``): ``text:<sha256>`` of the
  normalised text (:func:`rasd.text.normalise.normalise`: alef/ya/ta-marbuta
  folding, diacritics, tatweel and zero-width characters removed, digits folded)
  with runs of white space collapsed, so the same text re-typed with other
  diacritics or line breaks is the same article.

The same key means the same article: storing it again is a no-op.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from courlan import normalize_url

from rasd.errors import InputError
from rasd.model import Article
from rasd.text.normalise import normalise

#: longer canonical URLs are keyed by their hash (a b-tree index entry has a size limit)
MAX_URL_KEY = 1000
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Identity:
    """The key the store deduplicates on, the canonical URL (if any) and the text hash."""

    key: str
    canonical_url: str | None
    text_hash: str


def canonical_url(url: str | None) -> str | None:
    """The canonical form of an ``http(s)`` URL, or ``None`` when ``url`` is not one."""
    if not url or not url.strip():
        return None
    raw = url.strip()
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if not parts.fragment.startswith("!"):
        raw = urlunsplit(parts._replace(fragment=""))
    try:
        norm = normalize_url(raw, strict=False, trailing_slash=False)
    except (ValueError, UnicodeError):
        return None
    return "https" + norm[len("http"):] if norm.startswith("http:") else norm


@lru_cache(maxsize=16)
def normalised(text: str) -> str:
    """``normalise(text).text``, remembered for the last few texts (identity, hash and the
    search document of one article all need it)."""
    return normalise(text).text


def text_hash(text: str) -> str:
    """sha256 (hex) of the normalised text with white space collapsed."""
    folded = _SPACE.sub(" ", normalised(text)).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def identity_of(article: Article) -> Identity:
    """The identity of ``article`` (see the module docstring)."""
    thash = text_hash(article.text)
    canon = canonical_url(article.url)
    if canon is None:
        return Identity(f"text:{thash}", None, thash)
    if len(canon) > MAX_URL_KEY:
        return Identity("urlsha:" + hashlib.sha256(canon.encode("utf-8")).hexdigest(), canon, thash)
    return Identity(f"url:{canon}", canon, thash)


def check_storable(article: Article, source: str) -> None:
    """Raise :class:`InputError` for text no database column can hold the same in both
    backends: NUL characters (PostgreSQL text refuses them) and lone surrogates
    (not encodable as UTF-8), e.g. from a JSON line with ``\\u0000`` or ``\\ud800``."""
    for name, value in (("text", article.text), ("title", article.title), ("url", article.url or ""),
                        ("id", article.id), ("source", article.source or "")):
        if "\x00" in value:
            raise InputError(source, f"article {name} contains NUL characters")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise InputError(source, f"article {name} is not valid Unicode ({exc.reason} at {exc.start})") from exc
