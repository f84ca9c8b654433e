"""Full-text search over article titles and texts that works for Arabic, in both backends.

What is indexed is not the stored text but a *search document*: the normalised
title and text (:func:`rasd.text.normalise.normalise`: alef forms → ا, ى → ي,
ة → ه, harakat, tatweel and zero-width characters removed, obfuscation inside a
word undone, digits folded, Latin lower-cased) cut into words (letters and digits)
by the same rule in both backends, so ``داعش``, ``داعـــش`` and ``دا‌عش`` (with a
zero-width non-joiner) are one word, and ``أعلن``/``إعلان``/``اعلان`` fold alike.
A query goes through the same steps, so it matches whatever way the text wrote it.

* SQLite: an FTS5 table ``article_fts`` (``content=''``: it holds the index only,
  the text is stored once, in ``articles.text``), rowid = article id, ranked by bm25.
* PostgreSQL: a table ``article_search(article_id, doc tsvector)`` filled with
  ``to_tsvector('simple', document)`` and a GIN index; ranked by ``ts_rank``.
  A tsvector holds at most 1 MB, so the document of a very long article keeps its
  distinct words only (no positions) — every word stays findable.

A query's words must all occur (AND), in any order. Clitics are not split:
``بداعش`` is another word than ``داعش``.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, text

from rasd.store.identity import normalised
from rasd.text.normalise import normalise

_WORD = re.compile(r"[^\W_]+")
#: documents above this many bytes are indexed by their distinct words (tsvector limit: 1 MB)
PG_FULL_DOC_BYTES = 250_000
PG_MAX_DOC_BYTES = 900_000


def words(text_: str) -> list[str]:
    """The normalised words of ``text_``, in order."""
    return _WORD.findall(normalise(text_).text)


def document(title: str, body: str) -> str:
    """The search document of an article: its normalised words separated by spaces."""
    return " ".join(_WORD.findall(normalise(title).text) + _WORD.findall(normalised(body)))


def index_article(conn: Connection, article_id: int, title: str, body: str) -> None:
    """Add article ``article_id`` to the full-text index (inside the caller's transaction)."""
    doc = document(title, body)
    if conn.dialect.name == "sqlite":
        conn.execute(text("INSERT INTO article_fts(rowid, body) VALUES (:id, :doc)"), {"id": article_id, "doc": doc})
        return
    if len(doc.encode("utf-8")) <= PG_FULL_DOC_BYTES:
        sql = "INSERT INTO article_search (article_id, doc) VALUES (:id, to_tsvector('simple', :doc))"
    else:
        doc = _distinct_words(doc)
        sql = "INSERT INTO article_search (article_id, doc) VALUES (:id, strip(to_tsvector('simple', :doc)))"
    conn.execute(text(sql), {"id": article_id, "doc": doc})


def _distinct_words(doc: str) -> str:
    seen: dict[str, None] = {}
    size = 0
    for w in doc.split(" "):
        if w in seen or len(w) > 500:
            continue
        size += len(w.encode("utf-8")) + 8
        if size > PG_MAX_DOC_BYTES:
            break
        seen[w] = None
    return " ".join(seen)


def search_ids(conn: Connection, query: str, limit: int) -> list[tuple[int, float]]:
    """``(article id, score)`` of the best matches of ``query``, best first (higher score is better)."""
    terms = words(query)
    if not terms or limit <= 0:
        return []
    if conn.dialect.name == "sqlite":
        match = " ".join(f'"{t}"' for t in terms)
        rows = conn.execute(
            text("SELECT rowid, rank FROM article_fts WHERE article_fts MATCH :q ORDER BY rank, rowid LIMIT :n"),
            {"q": match, "n": limit},
        ).all()
        return [(int(r[0]), -float(r[1])) for r in rows]  # bm25: lower is better
    rows = conn.execute(
        text("SELECT article_id, ts_rank(doc, q) AS score FROM article_search, plainto_tsquery('simple', :q) AS q "
             "WHERE doc @@ q ORDER BY score DESC, article_id LIMIT :n"),
        {"q": " ".join(terms), "n": limit},
    ).all()
    return [(int(r[0]), float(r[1])) for r in rows]
