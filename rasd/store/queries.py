"""Read queries: events with their evidence, signals, counts and full-text search."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, Select, func, select

from rasd.model import Event, Evidence, Signal, Span
from rasd.store import fts
from rasd.store.incidents import count_active
from rasd.store.records import SearchHit, StoredEvent
from rasd.store.schema import EVENT_STATUSES, articles, events, evidence, quarantine, signals, sources

_EVENT_FIELDS = (
    "event_type", "sub_event_type", "actor1", "assoc_actor1", "actor2", "country", "admin1", "admin1_code", "admin2",
    "admin3", "location", "location_ar", "latitude", "longitude", "geo_precision", "event_date", "time_precision",
    "fatalities", "civilian_targeting",
)


def event_query(*, article_id: int | None = None, event_type: str | None = None,
                sub_event_type: str | None = None, country: str | None = None, admin1_code: str | None = None,
                date_from: date | None = None, date_to: date | None = None, status: str | Iterable[str] | None = None,
                ids: Iterable[int] | None = None, limit: int | None = None, offset: int = 0) -> Select[Any]:
    """The events matching every filter given, ordered by article and position in it."""
    q = select(events, articles.c.external_id).join(articles, articles.c.id == events.c.article_id)
    for col, value in ((events.c.article_id, article_id), (events.c.event_type, event_type),
                       (events.c.sub_event_type, sub_event_type), (events.c.country, country),
                       (events.c.admin1_code, admin1_code)):
        if value is not None:
            q = q.where(col == value)
    if date_from is not None:
        q = q.where(events.c.event_date >= date_from)
    if date_to is not None:
        q = q.where(events.c.event_date <= date_to)
    if status is not None:
        wanted = [status] if isinstance(status, str) else list(status)
        bad = set(wanted) - set(EVENT_STATUSES)
        if bad:
            raise ValueError(f"event status must be among {EVENT_STATUSES}, not {sorted(bad)}")
        q = q.where(events.c.status.in_(wanted))
    if ids is not None:
        q = q.where(events.c.id.in_(list(ids)))
    q = q.order_by(events.c.article_id, events.c.seq, events.c.id)
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    return q


def load_events(conn: Connection, q: Select[Any]) -> list[StoredEvent]:
    """Run an :func:`event_query` and attach each event's evidence."""
    rows = list(conn.execute(q).mappings())
    spans = _evidence_of(conn, evidence.c.event_id, [r["id"] for r in rows])
    out = []
    for r in rows:
        ev = Event(article_id=r["external_id"], **{f: r[f] for f in _EVENT_FIELDS},
                   evidence=tuple(spans.get(r["id"], ())))
        out.append(StoredEvent(id=r["id"], article_id=r["article_id"], status=r["status"],
                               pipeline_version=r["pipeline_version"], event=ev))
    return out


def load_signals(conn: Connection, article_id: int | None = None) -> list[tuple[int, Signal]]:
    """``(signal id, Signal)`` of one article (or all), in order."""
    q = select(signals, articles.c.external_id).join(articles, articles.c.id == signals.c.article_id)
    if article_id is not None:
        q = q.where(signals.c.article_id == article_id)
    rows = list(conn.execute(q.order_by(signals.c.article_id, signals.c.seq)).mappings())
    spans = _evidence_of(conn, evidence.c.signal_id, [r["id"] for r in rows])
    return [(r["id"], Signal(article_id=r["external_id"], actor=r["actor"], country=r["country"], admin1=r["admin1"],
                             admin1_code=r["admin1_code"], kind=r["kind"], direction=r["direction"],
                             evidence=tuple(spans.get(r["id"], ())))) for r in rows]


def _evidence_of(conn: Connection, owner: Any, ids: list[int], chunk: int = 500) -> dict[int, list[Evidence]]:
    out: dict[int, list[Evidence]] = {}
    for i in range(0, len(ids), chunk):
        q = (select(owner, evidence.c.role, evidence.c.start, evidence.c.end, evidence.c.text)
             .where(owner.in_(ids[i:i + chunk])).order_by(evidence.c.id))
        for oid, role, start, end, text in conn.execute(q):
            out.setdefault(oid, []).append(Evidence(role, Span(start, end, text)))
    return out


def stats(conn: Connection) -> dict[str, int]:
    """Counts of sources, articles, events, incidents (active), signals and quarantined inputs."""
    def count(table: Any) -> int:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    return {
        "sources": count(sources),
        "articles": count(articles),
        "events": count(events),
        "incidents": count_active(conn),
        "signals": count(signals),
        "quarantined": count(quarantine),
    }


def search(conn: Connection, query: str, limit: int = 20) -> list[SearchHit]:
    """Articles matching every word of ``query`` (normalised as the index is), best first."""
    ranked = fts.search_ids(conn, query, limit)
    if not ranked:
        return []
    ids = [i for i, _ in ranked]
    rows = {r["id"]: r for r in conn.execute(
        select(articles.c.id, articles.c.external_id, articles.c.title, articles.c.url, articles.c.published)
        .where(articles.c.id.in_(ids))).mappings()}
    return [SearchHit(article_id=i, external_id=rows[i]["external_id"], title=rows[i]["title"], url=rows[i]["url"],
                      published=rows[i]["published"], score=score) for i, score in ranked if i in rows]
