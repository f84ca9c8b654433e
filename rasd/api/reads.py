"""Read queries of the API over the store's tables (SQLAlchemy Core; one connection per call).

Every list is ordered so that a keyset cursor can continue it: events newest first by
``(event_date, id)`` (undated events last), articles, signals, incidents and reviews by id,
newest first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    func,
    or_,
    select,
)

from rasd.analytics.query import EventFilter, coverage, fts_article_ids
from rasd.api.params import decode_cursor, encode_cursor, id_cursor, split_page
from rasd.store.engine import read_tx
from rasd.store.queries import stats as store_stats
from rasd.store.schema import (
    articles,
    events,
    evidence,
    incident_members,
    incidents,
    signals,
    sources,
)

#: the CODEBOOK §8 fields of an event as the events table holds them
EVENT_FIELDS = ("event_type", "sub_event_type", "actor1", "assoc_actor1", "actor2", "country", "admin1",
                "admin1_code", "admin2", "admin3", "location", "location_ar", "latitude", "longitude", "geo_precision",
                "event_date", "time_precision", "fatalities", "civilian_targeting")

EVENT_COLUMNS = (events.c.id, events.c.status, events.c.reviewed_at, events.c.article_id,
                 articles.c.external_id.label("article_external_id"), sources.c.name.label("source"),
                 articles.c.url.label("url"), *(events.c[f] for f in EVENT_FIELDS))

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
_LATIN = re.compile(r"[A-Za-z]")


def _iso(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def event_record(row: Any) -> dict[str, Any]:
    """An API event: id, status, article ids, source, and the CODEBOOK §8 fields (no evidence)."""
    r = dict(row)
    out = {"id": r["id"], "status": r["status"], "reviewed_at": _iso(r.get("reviewed_at")),
           "article_id": r["article_id"], "article_external_id": r.get("article_external_id"),
           "source": r.get("source"), "url": r.get("url")}
    for f in EVENT_FIELDS:
        v = r.get(f)
        if f in ("latitude", "longitude") and v is not None:
            v = round(float(v), 4)
        elif f == "civilian_targeting":
            v = bool(v)
        out[f] = _iso(v)
    return out


def text_direction(text: str) -> str:
    """``rtl`` when Arabic letters outnumber Latin ones in ``text``, else ``ltr``."""
    sample = text[:4000]
    return "rtl" if len(_ARABIC.findall(sample)) > len(_LATIN.findall(sample)) else "ltr"


# --- events -------------------------------------------------------------------------------------

def _event_select() -> Select[Any]:
    return (select(*EVENT_COLUMNS)
            .select_from(events.join(articles, articles.c.id == events.c.article_id)
                         .outerjoin(sources, sources.c.id == articles.c.source_id)))


def _ordered(q: Select[Any]) -> Select[Any]:
    return q.order_by(events.c.event_date.desc(), events.c.id.desc())


def count_events(conn: Connection, backend: str, flt: EventFilter) -> int:
    return int(conn.execute(flt.where(select(func.count()).select_from(events), backend)).scalar_one())


def list_events(conn: Connection, backend: str, flt: EventFilter, *, limit: int, cursor: str | None,
                with_count: bool = True) -> tuple[list[dict[str, Any]], str | None, int]:
    """One page of events, newest first by ``(event_date, id)``, undated events last:
    ``(records, next cursor, total matching)``.

    Dated and undated events are read apart (dated ones in ``event_date DESC, id DESC`` order,
    which both backends take from the ``event_date`` index; then undated ones by id), so no
    ``NULLS LAST`` ordering forces PostgreSQL to sort the whole set."""
    after = decode_cursor(cursor, (str, int))
    base = flt.where(_event_select(), backend)
    rows: list[Any] = []
    if after is None or after[0] is not None:
        q = base.where(events.c.event_date.is_not(None))
        if after is not None:
            d, last_id = date.fromisoformat(after[0]), after[1]
            # "<= d" first: a range on event_date that both backends' planners take from its index
            q = q.where(events.c.event_date <= d,
                        or_(events.c.event_date < d, and_(events.c.event_date == d, events.c.id < last_id)))
        rows = list(conn.execute(_ordered(q).limit(limit + 1)).mappings())
    if len(rows) <= limit:
        q = base.where(events.c.event_date.is_(None))
        if after is not None and after[0] is None:
            q = q.where(events.c.id < after[1])
        rows += list(conn.execute(q.order_by(events.c.id.desc()).limit(limit + 1 - len(rows))).mappings())
    nxt = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        nxt = encode_cursor([_iso(last["event_date"]), last["id"]])
    total = count_events(conn, backend, flt) if with_count else -1
    return [event_record(r) for r in rows], nxt, total


def iter_events(engine: Engine, backend: str, flt: EventFilter, *, batch: int = 2000,
                with_evidence: bool = False) -> Iterator[list[dict[str, Any]]]:
    """Every filtered event, in pages of ``batch`` (newest first), for exports. Each page is read in
    a transaction of its own (a long export holds no snapshot open; the keyset order keeps pages
    from overlapping or skipping when events are added meanwhile)."""
    cursor: str | None = None
    while True:
        with read_tx(engine) as conn:
            page, cursor, _ = list_events(conn, backend, flt, limit=batch, cursor=cursor, with_count=False)
            if with_evidence and page:
                spans = evidence_of(conn, [e["id"] for e in page])
                for e in page:
                    e["evidence"] = spans.get(e["id"], [])
        if page:
            yield page
        if cursor is None:
            return


def id_page(conn: Connection, q: Select[Any], id_col: Any, cursor: str | None, limit: int) -> tuple[list[Any], str | None]:
    """One page of ``q`` newest first by ``id_col`` (keyset: the ids below the cursor's), and the
    cursor of the next page."""
    after = id_cursor(cursor)
    if after is not None:
        q = q.where(id_col < after)
    return split_page(list(conn.execute(q.order_by(id_col.desc()).limit(limit + 1)).mappings()), limit)


def evidence_of(conn: Connection, event_ids: Sequence[int], *, signal: bool = False) -> dict[int, list[dict[str, Any]]]:
    """Evidence spans per event (or signal) id, in stored order."""
    owner = evidence.c.signal_id if signal else evidence.c.event_id
    out: dict[int, list[dict[str, Any]]] = {}
    ids = list(event_ids)
    for i in range(0, len(ids), 500):
        q = (select(owner, evidence.c.role, evidence.c.start, evidence.c.end, evidence.c.text)
             .where(owner.in_(ids[i:i + 500])).order_by(evidence.c.id))
        for oid, role, start, end, text in conn.execute(q):
            out.setdefault(oid, []).append({"role": role, "start": start, "end": end, "text": text})
    return out


def get_event(conn: Connection, event_id: int) -> dict[str, Any] | None:
    """One event with its evidence, article summary and active incident (``None`` if absent)."""
    row = conn.execute(_event_select().where(events.c.id == event_id)).mappings().first()
    if row is None:
        return None
    out = event_record(row)
    out["evidence"] = evidence_of(conn, [event_id]).get(event_id, [])
    art = conn.execute(select(articles.c.id, articles.c.external_id, articles.c.title, articles.c.url,
                              articles.c.published, articles.c.language)
                       .where(articles.c.id == row["article_id"])).mappings().one()
    out["article"] = {k: _iso(v) for k, v in art.items()} | {"source": row["source"]}
    member = conn.execute(select(incident_members.c.incident_id)
                          .where(incident_members.c.event_id == event_id, incident_members.c.undone_at.is_(None))
                          ).scalar()
    out["incident_id"] = member
    return out


# --- articles -----------------------------------------------------------------------------------

def list_articles(conn: Connection, backend: str, *, q: str | None, source: Sequence[str], published_from: date | None,
                  published_to: date | None, language: str | None, limit: int,
                  cursor: str | None) -> tuple[list[dict[str, Any]], str | None, int]:
    conds: list[ColumnElement[bool]] = []
    n_events = (select(func.count()).select_from(events)
                .where(events.c.article_id == articles.c.id, events.c.status != "rejected")
                .scalar_subquery().label("events"))
    base = select(articles.c.id, articles.c.external_id, articles.c.title, articles.c.url, articles.c.published,
                  articles.c.language, sources.c.name.label("source"), articles.c.ingested_at,
                  articles.c.pipeline_version, n_events).outerjoin(sources, sources.c.id == articles.c.source_id)
    if q:
        conds.append(articles.c.id.in_(fts_article_ids(q, backend)))
    if source:
        conds.append(articles.c.source_id.in_(select(sources.c.id).where(sources.c.name.in_(list(source)))))
    if published_from:
        conds.append(articles.c.published >= published_from)
    if published_to:
        conds.append(articles.c.published <= published_to)
    if language:
        conds.append(articles.c.language == language)
    rows, nxt = id_page(conn, base.where(*conds), articles.c.id, cursor, limit)
    total = int(conn.execute(select(func.count()).select_from(articles).where(*conds)).scalar_one())
    return [{k: _iso(v) for k, v in r.items()} for r in rows], nxt, total


def get_article(conn: Connection, article_id: int) -> dict[str, Any] | None:
    """An article with its text, its events (with evidence and status) and its signals."""
    row = conn.execute(select(articles.c.id, articles.c.external_id, articles.c.title, articles.c.text,
                              articles.c.url, articles.c.published, articles.c.language,
                              sources.c.name.label("source"), articles.c.ingested_at, articles.c.pipeline_version)
                       .outerjoin(sources, sources.c.id == articles.c.source_id)
                       .where(articles.c.id == article_id)).mappings().first()
    if row is None:
        return None
    out = {k: _iso(v) for k, v in row.items()}
    out["direction"] = text_direction(row["text"])
    evs = [event_record(r) for r in conn.execute(
        _event_select().where(events.c.article_id == article_id).order_by(events.c.seq, events.c.id)).mappings()]
    spans = evidence_of(conn, [e["id"] for e in evs])
    for e in evs:
        e["evidence"] = spans.get(e["id"], [])
    out["events"] = evs
    sigs = [_signal_record(r) for r in conn.execute(
        _signal_select().where(signals.c.article_id == article_id).order_by(signals.c.seq)).mappings()]
    sig_spans = evidence_of(conn, [s["id"] for s in sigs], signal=True)
    for s in sigs:
        s["evidence"] = sig_spans.get(s["id"], [])
    out["signals"] = sigs
    return out


# --- signals ------------------------------------------------------------------------------------

def _signal_select() -> Select[Any]:
    return (select(signals.c.id, signals.c.article_id, articles.c.external_id.label("article_external_id"),
                   articles.c.published, signals.c.actor, signals.c.country, signals.c.admin1, signals.c.admin1_code,
                   signals.c.kind, signals.c.direction)
            .join(articles, articles.c.id == signals.c.article_id))


def _signal_record(row: Any) -> dict[str, Any]:
    return {k: _iso(v) for k, v in dict(row).items()}


def list_signals(conn: Connection, *, country: Sequence[str], admin1: Sequence[str], actor: Sequence[str],
                 direction: Sequence[str], kind: Sequence[str], date_from: date | None, date_to: date | None,
                 article_id: int | None, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None, int]:
    conds: list[ColumnElement[bool]] = []
    if country:
        conds.append(signals.c.country.in_(list(country)))
    if admin1:
        conds.append(or_(signals.c.admin1.in_(list(admin1)), signals.c.admin1_code.in_(list(admin1))))
    if actor:
        conds.append(signals.c.actor.in_(list(actor)))
    if direction:
        conds.append(signals.c.direction.in_(list(direction)))
    if kind:
        conds.append(signals.c.kind.in_(list(kind)))
    if date_from:
        conds.append(articles.c.published >= date_from)
    if date_to:
        conds.append(articles.c.published <= date_to)
    if article_id is not None:
        conds.append(signals.c.article_id == article_id)
    page, nxt = id_page(conn, _signal_select().where(*conds), signals.c.id, cursor, limit)
    rows = [_signal_record(r) for r in page]
    spans = evidence_of(conn, [s["id"] for s in rows], signal=True)
    for s in rows:
        s["evidence"] = spans.get(s["id"], [])
    total = int(conn.execute(select(func.count()).select_from(signals.join(articles, articles.c.id == signals.c.article_id))
                             .where(*conds)).scalar_one())
    return rows, nxt, total


# --- places and actors --------------------------------------------------------------------------

PLACE_LEVELS: dict[str, tuple[str, ...]] = {
    "country": ("country",),
    "admin1": ("country", "admin1_code", "admin1"),
    "admin2": ("country", "admin1_code", "admin1", "admin2"),
    "location": ("country", "admin1_code", "admin1", "admin2", "location", "location_ar", "latitude", "longitude"),
}


def places(conn: Connection, backend: str, flt: EventFilter, level: str, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Event counts (and fatalities) per place at ``level``, most events first: ``(rows, number of places)``."""
    cols = [events.c[c] for c in PLACE_LEVELS[level]]
    n = func.count().label("events")
    q = flt.where(select(*cols, n, func.coalesce(func.sum(events.c.fatalities), 0).label("fatalities"),
                         func.min(events.c.event_date).label("first_date"),
                         func.max(events.c.event_date).label("last_date")), backend)
    q = q.where(events.c[PLACE_LEVELS[level][-1] if level != "location" else "location"].is_not(None)).group_by(*cols)
    rows = [{k: _iso(v) for k, v in r.items()} for r in conn.execute(q).mappings()]
    for r in rows:
        for k in ("latitude", "longitude"):
            if r.get(k) is not None:
                r[k] = round(float(r[k]), 4)
    rows.sort(key=lambda r: (-r["events"], str(r.get(PLACE_LEVELS[level][-1]))))
    return rows[:limit], len(rows)


@lru_cache(maxsize=1)
def _actor_info() -> dict[str, dict[str, str]]:
    from rasd.data_files import read_tsv
    from rasd.mentions.actors import actor_table

    info = {aid: {"name": a.name, "inter": a.inter, "country": a.country} for aid, a in actor_table().items()}
    for name in ("actors.tsv", "actors_other.tsv"):
        for r in read_tsv(name):
            if r["id"] in info and r.get("acled_style_name"):
                info[r["id"]]["acled_name"] = r["acled_style_name"]
    return info


def actor_info(actor_id: str | None) -> dict[str, str]:
    """Name, ACLED-style name, inter code and country of an actor id (empty for an unknown id)."""
    return _actor_info().get(actor_id or "", {})


def actors(conn: Connection, backend: str, flt: EventFilter, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Per actor id: events as actor1, assoc_actor1, actor2 and in all (an event counts once per actor)."""
    cols = [events.c.actor1, events.c.assoc_actor1, events.c.actor2]
    q = flt.where(select(*cols, func.count().label("n"), func.coalesce(func.sum(events.c.fatalities), 0).label("f")),
                  backend).group_by(*cols)
    totals: dict[str, dict[str, int]] = {}
    for a1, assoc, a2, n, f in conn.execute(q):
        seen = set()
        for role, actor in (("as_actor1", a1), ("as_assoc_actor1", assoc), ("as_actor2", a2)):
            if not actor:
                continue
            t = totals.setdefault(actor, {"events": 0, "fatalities": 0, "as_actor1": 0, "as_assoc_actor1": 0,
                                          "as_actor2": 0})
            t[role] += n
            if actor not in seen:
                seen.add(actor)
                t["events"] += n
                t["fatalities"] += int(f or 0)
    rows: list[dict[str, Any]] = []
    for actor, t in totals.items():
        info = actor_info(actor)
        rows.append({"actor": actor, "name": info.get("name"), "acled_name": info.get("acled_name"),
                     "inter": info.get("inter"), "actor_country": info.get("country") or None, **t})
    rows.sort(key=lambda r: (-int(r["events"]), str(r["actor"])))
    return rows[:limit], len(rows)


# --- incidents ----------------------------------------------------------------------------------

def list_incidents(conn: Connection, *, event_id: int | None, include_undone: bool, limit: int,
                   cursor: str | None) -> tuple[list[dict[str, Any]], str | None, int]:
    conds: list[ColumnElement[bool]] = []
    if not include_undone:
        conds.append(incidents.c.undone_at.is_(None))
    if event_id is not None:
        conds.append(incidents.c.id.in_(select(incident_members.c.incident_id)
                                        .where(incident_members.c.event_id == event_id)))
    heads, nxt = id_page(conn, select(incidents).where(*conds), incidents.c.id, cursor, limit)
    total = int(conn.execute(select(func.count()).select_from(incidents).where(*conds)).scalar_one())
    return incident_records(conn, heads), nxt, total


def incident_records(conn: Connection, heads: list[Any]) -> list[dict[str, Any]]:
    ids = [h["id"] for h in heads]
    members: dict[int, list[dict[str, Any]]] = {}
    if ids:
        q = (select(incident_members.c.incident_id, incident_members.c.event_id, incident_members.c.reason,
                    incident_members.c.merged_at, incident_members.c.undone_at, events.c.event_date,
                    events.c.event_type, events.c.sub_event_type, events.c.location, events.c.admin1,
                    events.c.article_id, events.c.status)
             .outerjoin(events, events.c.id == incident_members.c.event_id)
             .where(incident_members.c.incident_id.in_(ids)).order_by(incident_members.c.id))
        for m in conn.execute(q).mappings():
            d = {k: _iso(v) for k, v in m.items() if k != "incident_id"}
            d["active"] = m["undone_at"] is None
            members.setdefault(m["incident_id"], []).append(d)
    return [{"id": h["id"], "created_at": _iso(h["created_at"]), "method": h["method"],
             "undone_at": _iso(h["undone_at"]), "active": h["undone_at"] is None,
             "members": members.get(h["id"], [])} for h in heads]


def get_incident(conn: Connection, incident_id: int) -> dict[str, Any] | None:
    heads = list(conn.execute(select(incidents).where(incidents.c.id == incident_id)).mappings())
    return incident_records(conn, heads)[0] if heads else None


# --- sources and stats --------------------------------------------------------------------------

def list_sources(conn: Connection) -> list[dict[str, Any]]:
    n = (select(func.count()).select_from(articles).where(articles.c.source_id == sources.c.id)
         .scalar_subquery().label("articles"))
    rows = conn.execute(select(sources.c.id, sources.c.name, sources.c.created_at, n).order_by(sources.c.name))
    return [{k: _iso(v) for k, v in r.items()} for r in rows.mappings()]


def stats(conn: Connection, backend: str) -> dict[str, Any]:
    """The store's counts, events by status and type, and the date range of the events."""
    out: dict[str, Any] = dict(store_stats(conn))
    by_status: dict[str, int] = {}
    by_type: dict[str, int] = {}
    for status, event_type, n in conn.execute(select(events.c.status, events.c.event_type, func.count())
                                              .group_by(events.c.status, events.c.event_type)):
        by_status[status] = by_status.get(status, 0) + int(n)
        if status != "rejected":
            by_type[event_type] = by_type.get(event_type, 0) + int(n)
    out["events_by_status"] = by_status
    out["events_by_type"] = by_type
    first, last = coverage(conn, backend)
    out["first_event_date"] = _iso(first)
    out["last_event_date"] = _iso(last)
    out["backend"] = backend
    return out


__all__ = ["EVENT_FIELDS", "PLACE_LEVELS", "actor_info", "actors", "count_events", "event_record", "evidence_of",
           "get_article", "get_event", "get_incident", "incident_records", "iter_events", "list_articles",
           "list_events", "list_incidents", "list_signals", "list_sources", "places", "stats", "text_direction"]
