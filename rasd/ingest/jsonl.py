"""JSON-lines input (``.jsonl``, ``.jsonl.gz``): one article per line.

Fields: ``id``, ``title``, ``text`` or ``html``, ``published``, ``url``, ``source``.
For corpora in the ANT layout, ``docno`` stands for ``id`` and ``date``/``time``
for ``published``. A missing ``id`` becomes ``<file stem>-<line>``.

The file is read lazily, line by line. A bad line (not JSON, no text, a bad date,
too large, undecodable) gives one :class:`InputError` naming ``path:line`` and
reading goes on with the next line; only an unreadable file (or a broken gzip
stream) ends it.
"""

from __future__ import annotations

import gzip
import json
import logging
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from rasd.errors import InputError
from rasd.ingest.article import MAX_TEXT_CHARS, make_article, parse_published
from rasd.ingest.decode import CP1256, decode_bytes
from rasd.ingest.html import extract_html
from rasd.model import Article

log = logging.getLogger("rasd.ingest")

_ID_FIELDS = ("id", "docno")
_DATE_FIELDS = ("published", "date", "time")
# bytes of one line: the text limit in UTF-8 (up to 4 bytes a character) plus room for HTML markup
MAX_LINE_BYTES = MAX_TEXT_CHARS * 4 + 8_000_000


def read_jsonl(path: Path, *, published: date | None = None, title: str | None = None) -> Iterator[Article | InputError]:
    """The articles of a JSONL file (gzip-compressed when it ends in ``.gz``).

    ``published`` and ``title`` fill in lines that have none of their own.
    """
    warned = seen = False
    try:
        with _open(path) as fh:
            for lineno, raw in enumerate(fh, 1):
                if not raw.strip():
                    continue
                seen = True
                source = f"{path}:{lineno}"
                try:
                    article, encoding = parse_line(raw, source, path, lineno, published, title)
                except InputError as exc:
                    yield exc
                    continue
                if encoding == CP1256 and not warned:
                    log.warning("%s: not UTF-8; read as windows-1256 (Arabic)", source)
                    warned = True
                yield article
    except (OSError, EOFError, zlib.error) as exc:
        yield InputError(str(path), f"cannot be read ({type(exc).__name__}: {exc})")
        return
    if not seen:
        yield InputError(str(path), "empty file (no lines)")


def _open(path: Path) -> IO[bytes]:
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def parse_line(
    raw: bytes, source: str, path: Path, lineno: int, published: date | None, title: str | None
) -> tuple[Article, str]:
    """One JSONL line (bytes) as an article and the encoding it was read in (UTF-8 or windows-1256).

    ``source`` names the line in errors (``path:line``); a line without an id gets
    ``<file stem>-<lineno>``; ``published``/``title`` fill in what the line lacks. Raises
    :class:`InputError` for a line too large, undecodable, not a JSON object, or without text.
    Shared with the batch job (:mod:`rasd.batch.records`), which reads lines itself.
    """
    if len(raw) > MAX_LINE_BYTES:
        raise InputError(source, f"line too large ({len(raw):,} bytes; the limit is {MAX_LINE_BYTES:,})")
    decoded = decode_bytes(raw, source)
    try:
        obj = json.loads(decoded.text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise InputError(source, f"expected a JSON object, got {type(obj).__name__}")
    return article_from_json(obj, source, f"{path.name.removesuffix('.gz').removesuffix('.jsonl')}-{lineno}",
                             published, title), decoded.encoding


def article_from_json(obj: dict[str, Any], source: str, default_id: str, published: date | None,
                      title: str | None) -> Article:
    """An article from one parsed JSON object (the fields of the module docstring); ``InputError`` if it has no text."""
    art_id = _first_str(obj, _ID_FIELDS, source) or default_id
    url = _first_str(obj, ("url",), source)
    date_field = next((f for f in _DATE_FIELDS if obj.get(f) not in (None, "")), "published")
    pub = parse_published(obj.get(date_field), source, date_field) or published
    text = _first_str(obj, ("text",), source)
    line_title = _first_str(obj, ("title",), source) or title
    if not (text and text.strip()):
        html = _first_str(obj, ("html",), source)
        if not (html and html.strip()):
            raise InputError(source, "missing 'text' (or 'html'): the line has no article text")
        page = extract_html(html, source, url=url, want_date=pub is None)
        text, line_title, pub = page.text, line_title or page.title, pub or page.published
    return make_article(
        source, id=art_id, text=text, title=line_title, published=pub, url=url, outlet=_first_str(obj, ("source",), source)
    )


def _first_str(obj: dict[str, Any], fields: tuple[str, ...], source: str) -> str | None:
    """The first of ``fields`` present in ``obj``; a number is accepted as its string."""
    for f in fields:
        v = obj.get(f)
        if v is None or v == "":
            continue
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            raise InputError(source, f"field {f!r} must be a string, got {type(v).__name__}")
        return str(v)
    return None
