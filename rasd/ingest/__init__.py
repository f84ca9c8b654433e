"""Ingest: files (``.txt``, ``.html``, ``.jsonl``, ``.jsonl.gz``) to :class:`~rasd.model.Article`.

``read_paths(paths)`` is the entry point: a lazy generator of ``Article`` or
``InputError`` items (one bad file or line is an item, never the end of a batch).
"""

from rasd.ingest.article import MAX_TEXT_CHARS, make_article, parse_published
from rasd.ingest.files import SUFFIXES, Item, kind_of, read_path, read_paths

__all__ = ["MAX_TEXT_CHARS", "SUFFIXES", "Item", "kind_of", "make_article", "parse_published", "read_path", "read_paths"]
