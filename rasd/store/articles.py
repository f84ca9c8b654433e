"""Articles and their extraction, at the connection level (the caller owns the transaction).

``add_article`` stores an article once (its identity, :mod:`rasd.store.identity`,
is unique); ``save_extraction`` replaces an article's machine events, their
evidence and the article's signals. :class:`rasd.store.Store` wraps each call in
one transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from rasd.model import Article, Evidence, Result
from rasd.store import fts
from rasd.store.identity import identity_of
from rasd.store.records import StoredArticle
from rasd.store.schema import articles, events, evidence, signals, sources


def now() -> datetime:
    return datetime.now(UTC)


def upsert_ignore(conn: Connection, table: Any) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` for the connection's backend."""
    return (postgresql.insert(table) if conn.dialect.name == "postgresql" else sqlite.insert(table)).on_conflict_do_nothing()


def source_id(conn: Connection, name: str | None, cache: dict[str, int] | None = None) -> int | None:
    """The id of source ``name``, created when new; ``None`` for no name.

    ``cache`` remembers the ids of sources found already committed (sources are never deleted)."""
    name = (name or "").strip()[:200]
    if not name:
        return None
    if cache is not None and name in cache:
        return cache[name]
    found = conn.execute(select(sources.c.id).where(sources.c.name == name)).scalar()
    if found is not None and cache is not None:
        cache[name] = int(found)
    if found is None:
        conn.execute(upsert_ignore(conn, sources).values(name=name, created_at=now()))
        found = conn.execute(select(sources.c.id).where(sources.c.name == name)).scalar_one()
    return int(found)


def find_article(conn: Connection, identity: str) -> tuple[int, str | None] | None:
    """``(id, pipeline_version)`` of the article with ``identity``, or ``None``."""
    row = conn.execute(select(articles.c.id, articles.c.pipeline_version).where(articles.c.identity == identity)).first()
    return None if row is None else (int(row[0]), row[1])


def add_article(conn: Connection, article: Article, *, source: str | None = None, input_name: str | None = None,
                run_id: int | None = None, source_cache: dict[str, int] | None = None) -> tuple[int, bool]:
    """Store ``article`` unless an article of the same identity is stored: ``(id, created)``."""
    ident = identity_of(article)
    found = find_article(conn, ident.key)
    if found is not None:
        return found[0], False
    values = dict(
        identity=ident.key, external_id=article.id[:500], source_id=source_id(conn, source or article.source, source_cache),
        url=article.url, canonical_url=ident.canonical_url, title=article.title, text=article.text,
        text_hash=ident.text_hash, published=article.published, language=article.language,
        input_name=input_name, run_id=run_id, ingested_at=now(),
    )
    new_id = conn.execute(upsert_ignore(conn, articles).values(**values).returning(articles.c.id)).scalar()
    if new_id is None:  # another writer stored it between our look-up and insert
        again = find_article(conn, ident.key)
        assert again is not None
        return again[0], False
    fts.index_article(conn, int(new_id), article.title, article.text)
    return int(new_id), True


def save_extraction(conn: Connection, article_id: int, result: Result, pipeline_version: str, *,
                    fresh: bool = False) -> None:
    """Replace the article's machine events (and their evidence) and its signals by ``result``.

    Events a person reviewed (status ``confirmed``, ``edited`` or ``rejected``) are
    kept: a rules change must not undo human work. Incident memberships of the
    replaced events go with them (``ON DELETE CASCADE``). ``fresh``: the article was stored
    in this same transaction, so there is nothing to replace.
    """
    check_result(result)
    if not fresh:
        conn.execute(delete(events).where(events.c.article_id == article_id, events.c.status == "machine"))
        conn.execute(delete(signals).where(signals.c.article_id == article_id))
    ev_rows = [_event_row(article_id, i, e, pipeline_version) for i, e in enumerate(result.events)]
    ev_ids = _insert_many(conn, events, ev_rows)
    sig_rows = [_signal_row(article_id, i, s, pipeline_version) for i, s in enumerate(result.signals)]
    sig_ids = _insert_many(conn, signals, sig_rows)
    spans = [_evidence_row(ev, event_id=i) for i, e in zip(ev_ids, result.events) for ev in e.evidence]
    spans += [_evidence_row(ev, signal_id=i) for i, s in zip(sig_ids, result.signals) for ev in s.evidence]
    if spans:
        conn.execute(evidence.insert(), spans)
    conn.execute(update(articles).where(articles.c.id == article_id)
                 .values(pipeline_version=pipeline_version, extracted_at=now()))


def check_result(result: Result) -> None:
    """Raise ``ValueError`` unless every evidence span of ``result`` slices its article's text exactly."""
    text = result.article.text
    spans: list[Evidence] = [ev for e in result.events for ev in e.evidence]
    spans += [ev for sig in result.signals for ev in sig.evidence]
    for ev in spans:
        if text[ev.span.start:ev.span.end] != ev.span.text:
            raise ValueError(f"evidence span {ev.span.start}:{ev.span.end} ({ev.role}) does not slice the article text")


def _insert_many(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    result = conn.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True), rows)
    return [int(r[0]) for r in result]


def _event_row(article_id: int, seq: int, e: Any, version: str) -> dict[str, Any]:
    return dict(
        article_id=article_id, seq=seq, pipeline_version=version, event_type=e.event_type,
        sub_event_type=e.sub_event_type, actor1=e.actor1, assoc_actor1=e.assoc_actor1, actor2=e.actor2,
        country=e.country, admin1=e.admin1, admin1_code=e.admin1_code, admin2=e.admin2, admin3=e.admin3,
        location=e.location, location_ar=e.location_ar, latitude=e.latitude, longitude=e.longitude,
        geo_precision=e.geo_precision, event_date=e.event_date, time_precision=e.time_precision,
        fatalities=e.fatalities, civilian_targeting=bool(e.civilian_targeting), status="machine",
    )


def _signal_row(article_id: int, seq: int, s: Any, version: str) -> dict[str, Any]:
    return dict(article_id=article_id, seq=seq, pipeline_version=version, actor=s.actor, country=s.country,
                admin1=s.admin1, admin1_code=s.admin1_code, kind=s.kind, direction=s.direction)


def _evidence_row(ev: Evidence, *, event_id: int | None = None, signal_id: int | None = None) -> dict[str, Any]:
    return dict(event_id=event_id, signal_id=signal_id, role=ev.role, start=ev.span.start, end=ev.span.end,
                text=ev.span.text)


def load_article(conn: Connection, article_id: int) -> StoredArticle | None:
    """The stored article ``article_id`` rebuilt as an :class:`Article` (``None`` if absent)."""
    row = conn.execute(
        select(articles, sources.c.name.label("source_name"))
        .outerjoin(sources, sources.c.id == articles.c.source_id).where(articles.c.id == article_id)
    ).mappings().first()
    if row is None:
        return None
    art = Article(id=row["external_id"], text=row["text"], title=row["title"] or "", published=row["published"],
                  url=row["url"], source=row["source_name"], language=row["language"])
    return StoredArticle(id=int(row["id"]), identity=row["identity"], article=art, pipeline_version=row["pipeline_version"])


def stale_article_ids(conn: Connection, pipeline_version: str, *, force: bool = False) -> list[int]:
    """Ids of the articles whose stored extraction is not of ``pipeline_version`` (all with ``force``)."""
    q = select(articles.c.id).order_by(articles.c.id)
    if not force:
        q = q.where((articles.c.pipeline_version.is_(None)) | (articles.c.pipeline_version != pipeline_version))
    return [int(i) for i in conn.execute(q).scalars()]
