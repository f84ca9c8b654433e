"""Reading articles from files: ``.txt``, ``.html``/``.htm``, ``.jsonl``, ``.jsonl.gz``.

* ``.txt``: one article; its id is the file name without extension; ``published``
  and ``title`` come from the caller.
* ``.html``/``.htm``: one article; main text and title by trafilatura; the
  caller's ``published`` wins, else htmldate's (see :mod:`rasd.ingest.html`).
* ``.jsonl``/``.jsonl.gz``: one article a line (:mod:`rasd.ingest.jsonl`).
* a directory: every file of those kinds below it, in name order.

Everything is lazy: :func:`read_paths` is a generator of ``Article | InputError``
items, so a corpus of any size streams and one bad file or line never stops the
others. A file not in UTF-8 but in windows-1256 is read and a warning is logged
on the ``rasd.ingest`` logger (see :mod:`rasd.ingest.decode`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from rasd.errors import InputError
from rasd.ingest.article import MAX_TEXT_CHARS, make_article
from rasd.ingest.decode import CP1256, decode_bytes
from rasd.ingest.html import extract_html
from rasd.ingest.jsonl import read_jsonl
from rasd.model import Article

log = logging.getLogger("rasd.ingest")

Item = Article | InputError
SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".jsonl.gz")
# a page is mostly markup: allow ten times the text limit in bytes before reading it
MAX_FILE_BYTES = MAX_TEXT_CHARS * 10


def read_paths(
    paths: Iterable[str | Path], *, published: date | None = None, title: str | None = None
) -> Iterator[Item]:
    """Every article of every path (files or directories), in order, lazily."""
    for path in paths:
        yield from read_path(Path(path), published=published, title=title)


def read_path(path: Path, *, published: date | None = None, title: str | None = None) -> Iterator[Item]:
    """The articles of one file or directory, as ``Article`` or ``InputError`` items."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and kind_of(p))
        if not files:
            yield InputError(str(path), f"directory has no {', '.join(SUFFIXES)} files")
        for f in files:
            yield from read_path(f, published=published, title=title)
        return
    kind = kind_of(path)
    if not path.exists():
        yield InputError(str(path), "no such file or directory")
    elif kind is None:
        yield InputError(str(path), f"unsupported file type (expected one of {', '.join(SUFFIXES)})")
    elif kind == ".jsonl":
        yield from read_jsonl(path, published=published, title=title)
    else:
        try:
            yield _read_single(path, kind, published, title)
        except InputError as exc:
            yield exc


def kind_of(path: Path) -> str | None:
    """The input kind of a path by its name (``.htm`` counts as ``.html``, ``.gz`` JSONL as ``.jsonl``)."""
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz")):
        return ".jsonl"
    if name.endswith((".html", ".htm")):
        return ".html"
    return ".txt" if name.endswith(".txt") else None


def _read_single(path: Path, kind: str, published: date | None, title: str | None) -> Article:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(source, f"file too large ({size:,} bytes; the limit is {MAX_FILE_BYTES:,})")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(source, f"cannot be read ({exc.strerror or exc})") from exc
    decoded = decode_bytes(data, source)
    if decoded.encoding == CP1256:
        log.warning("%s: not UTF-8; read as windows-1256 (Arabic)", source)
    text = decoded.text
    if kind == ".html":
        page = extract_html(text, source, want_date=published is None)
        text, title, published = page.text, title or page.title, published or page.published
    return make_article(source, id=path.stem, text=text, title=title, published=published)
