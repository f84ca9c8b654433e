"""The query layer: event filters as SQL over the store's tables, and the trends run over the store.

:class:`EventFilter` is what every read of events shares (the API's list, exports, places,
actors, trends; ``rasd trends``): each field narrows the set, ``None`` leaves it open.
Counting is done in SQL (``GROUP BY`` day and the dimension's columns), so only small grouped
rows reach Python, where :mod:`rasd.analytics.trends` turns them into weeks and levels — the
same code the unit tests run over hand-made records.

Rejected events (``status = 'rejected'``) are left out unless the filter asks for that status.
"""

from __future__ import annotations

import re

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
)

from rasd.analytics.levels import ACLED, Thresholds
from rasd.analytics.trends import (
    DIMENSIONS,
    LONG_WINDOW,
    SIGNAL_WEEKS,
    NewDyad,
    Trend,
    WeeklyCounts,
    new_dyads,
    signal_counts,
    trend_table,
    week_start,
    weekly_counts,
    weekly_series,
)
from rasd.store import fts
from rasd.store.schema import EVENT_STATUSES, articles, events, signals, sources

#: review states that count as "reviewed" (a person looked and kept the event)
REVIEWED = ("confirmed", "edited")
#: the default statuses: everything but rejected events
NOT_REJECTED = tuple(s for s in EVENT_STATUSES if s != "rejected")


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to read. Lists mean "any of"; every field given must hold."""

    date_from: date | None = None
    date_to: date | None = None
    country: Sequence[str] = ()
    admin1: Sequence[str] = ()  # English name or admin1 code (P-code / ISO 3166-2)
    admin2: Sequence[str] = ()
    event_type: Sequence[str] = ()
    sub_event_type: Sequence[str] = ()
    actor: Sequence[str] = ()  # actor id as actor1, assoc_actor1 or actor2
    geo_precision: int | None = None  # at most this (1 = the town itself)
    time_precision: int | None = None  # at most this (1 = the day)
    source: Sequence[str] = ()  # source (outlet) names
    q: str | None = None  # full-text search over the article's title and text
    status: Sequence[str] = NOT_REJECTED
    article_id: int | None = None
    event_ids: Sequence[int] | None = None
    fatalities_min: int | None = None

    def with_(self, **changes: Any) -> EventFilter:
        return replace(self, **changes)

    def conditions(self, backend: str) -> list[ColumnElement[bool]]:
        """The SQL conditions on ``events`` (and a sub-select on articles) for ``backend``."""
        c = events.c
        out: list[ColumnElement[bool]] = []
        if self.date_from is not None:
            out.append(c.event_date >= self.date_from)
        if self.date_to is not None:
            out.append(c.event_date <= self.date_to)
        if self.country:
            out.append(c.country.in_(list(self.country)))
        if self.admin1:
            out.append(admin1_condition(c.admin1, c.admin1_code, self.admin1))
        if self.admin2:
            out.append(c.admin2.in_(list(self.admin2)))
        if self.event_type:
            out.append(c.event_type.in_(list(self.event_type)))
        if self.sub_event_type:
            out.append(c.sub_event_type.in_(list(self.sub_event_type)))
        if self.actor:
            wanted = list(self.actor)
            out.append(or_(c.actor1.in_(wanted), c.actor2.in_(wanted), c.assoc_actor1.in_(wanted)))
        if self.geo_precision is not None:
            out.append(c.geo_precision <= self.geo_precision)
        if self.time_precision is not None:
            out.append(c.time_precision <= self.time_precision)
        if self.fatalities_min is not None:
            out.append(c.fatalities >= self.fatalities_min)
        if self.status and set(self.status) == set(NOT_REJECTED):
            # "not rejected" (the default) as an inequality: no index serves it, so planners keep
            # walking event_date for the newest-first pages instead of sorting every row found
            # through a status index (SQLite did, without statistics)
            out.append(c.status != "rejected")
        elif self.status and set(self.status) != set(EVENT_STATUSES):
            out.append(c.status.in_(list(self.status)))
        if self.article_id is not None:
            out.append(c.article_id == self.article_id)
        if self.event_ids is not None:
            out.append(c.id.in_(list(self.event_ids)))
        if self.source:
            out.append(c.article_id.in_(
                select(articles.c.id).join(sources, sources.c.id == articles.c.source_id)
                .where(sources.c.name.in_(list(self.source)))))
        if self.q is not None:
            out.append(c.article_id.in_(fts_article_ids(self.q, backend)))
        return out

    def where(self, q: Select[Any], backend: str) -> Select[Any]:
        conds = self.conditions(backend)
        return q.where(and_(*conds)) if conds else q


_CODE = re.compile(r"[A-Z]{2}[-A-Z0-9]*[-0-9][A-Z0-9]*")


def is_admin1_code(value: str) -> bool:
    """Whether an admin1 filter value is a code (P-code ``SY09``, ISO 3166-2 ``YE-HU``), not a name."""
    return _CODE.fullmatch(value) is not None


def admin1_condition(name_col: Any, code_col: Any, values: Sequence[str]) -> ColumnElement[bool]:
    """``values`` (names and/or codes) as a condition on an admin1 name and code column.

    Names and codes are told apart (:func:`is_admin1_code`) so that a filter by names alone is a
    plain ``admin1 IN (...)``, which the planners serve from ``ix_events_admin1_date`` in date
    order; an ``OR`` over both columns made them walk every event by date instead."""
    codes = [v for v in values if is_admin1_code(v)]
    names = [v for v in values if not is_admin1_code(v)]
    parts: list[ColumnElement[bool]] = []
    if names:
        parts.append(name_col.in_(names))
    if codes:
        parts.append(code_col.in_(codes))
    return parts[0] if len(parts) == 1 else or_(*parts)


def fts_article_ids(query: str, backend: str) -> Any:
    """A sub-select of the ids of the articles matching every word of ``query`` (see :mod:`rasd.store.fts`);
    a query without words matches nothing."""
    terms = fts.words(query)
    if not terms:
        return select(articles.c.id).where(literal_column("1") == 0)
    if backend == "sqlite":
        match = " ".join(f'"{t}"' for t in terms)
        return text("SELECT rowid FROM article_fts WHERE article_fts MATCH :fts_q").bindparams(fts_q=match) \
            .columns(literal_column("rowid"))
    return text("SELECT article_id FROM article_search WHERE doc @@ plainto_tsquery('simple', :fts_q)") \
        .bindparams(fts_q=" ".join(terms)).columns(literal_column("article_id"))


# --- grouped counts -----------------------------------------------------------------------------

#: the event columns each dimension is grouped by
DIMENSION_COLUMNS: dict[str, tuple[str, ...]] = {
    "admin1": ("country", "admin1_code", "admin1"),
    "admin2": ("country", "admin1_code", "admin1", "admin2"),
    "actor": ("actor1", "assoc_actor1", "actor2"),
    "event_type": ("event_type",),
    "sub_event_type": ("sub_event_type",),
    "country": ("country",),
    "all": (),
}


def grouped_rows(conn: Connection, flt: EventFilter, columns: Sequence[str], backend: str) -> list[dict[str, Any]]:
    """Rows ``{event_date, *columns, n, fatalities}``: the filtered events counted per day and columns."""
    cols = [events.c.event_date, *(events.c[name] for name in columns)]
    q = select(*cols, func.count().label("n"), func.coalesce(func.sum(events.c.fatalities), 0).label("fatalities"))
    q = flt.where(q.where(events.c.event_date.is_not(None)), backend).group_by(*cols)
    result = conn.execute(q)
    keys = list(result.keys())
    return [dict(zip(keys, row)) for row in result]


def coverage(conn: Connection, backend: str, flt: EventFilter | None = None) -> tuple[date | None, date | None]:
    """The first and last event date of the filtered set (of all events without a filter).

    Each end is read as ``ORDER BY event_date LIMIT 1`` so that both backends walk the
    ``event_date`` index from that end instead of scanning the table for ``min()``/``max()``."""
    def end(descending: bool) -> date | None:
        q = select(events.c.event_date).where(events.c.event_date.is_not(None))
        if flt is not None:
            q = flt.where(q, backend)
        order = events.c.event_date.desc() if descending else events.c.event_date.asc()
        return _d(conn.execute(q.order_by(order).limit(1)).scalar())

    return end(False), end(True)


def _d(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


@dataclass(frozen=True, slots=True)
class TrendReport:
    """What ``rasd trends`` and ``/api/trends`` show: the table, new dyads, and the week used."""

    dimension: str
    week: date | None
    coverage_start: date | None
    trends: list[Trend]
    new_dyads: list[NewDyad] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "week": self.week.isoformat() if self.week else None,
                "coverage_start": self.coverage_start.isoformat() if self.coverage_start else None,
                "trends": [t.to_dict() for t in self.trends], "new_dyads": [d.to_dict() for d in self.new_dyads]}


def trend_report(conn: Connection, backend: str, flt: EventFilter, *, dimension: str = "admin1",
                 week: date | None = None, thresholds: Thresholds = ACLED, min_events: int = 1,
                 dyad_place: str = "admin1", series_weeks: int = 12) -> TrendReport:
    """Trends of ``dimension`` for ``week`` (default: the week of the last filtered event).

    Counts cover the filtered events from ``LONG_WINDOW`` weeks before ``week`` to its end; the
    coverage start (for baselines) is the first event date in the whole store, so a filter that
    happens to have no events early on reads those weeks as quiet, not as missing.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r} (one of {', '.join(DIMENSIONS)})")
    store_first, _ = coverage(conn, backend)
    if week is None:
        _, last = coverage(conn, backend, flt)
        if last is None:
            return TrendReport(dimension, None, store_first, [])
        week = last
    current = week_start(week)
    window = flt.with_(date_from=_later(flt.date_from, current - timedelta(days=7 * max(LONG_WINDOW, series_weeks))),
                       date_to=_earlier(flt.date_to, current + timedelta(days=6)))
    # one grouped read serves both the counts and the dyads (the union of their columns)
    columns = tuple(dict.fromkeys((*DIMENSION_COLUMNS[dimension], *DIMENSION_COLUMNS[dyad_place], "actor1", "actor2")))
    rows = grouped_rows(conn, window, columns, backend)
    counts = weekly_counts(rows, dimension)
    sig = signal_counts(signal_rows(conn, current, flt), dimension, week=current) if dimension in (
        "admin1", "actor", "country", "all") else None
    table = trend_table(counts, week=current, coverage_start=store_first, thresholds=thresholds,
                        series_weeks=series_weeks, min_events=min_events, signals=sig)
    return TrendReport(dimension, current, store_first, table, new_dyads(rows, week=current, place=dyad_place))


def _later(a: date | None, b: date) -> date:
    return b if a is None else max(a, b)


def _earlier(a: date | None, b: date) -> date:
    return b if a is None else min(a, b)


def signal_rows(conn: Connection, week: date, flt: EventFilter) -> list[dict[str, Any]]:
    """Signals of articles published in the ``SIGNAL_WEEKS`` weeks ending with ``week``, grouped,
    narrowed by the filter's place, actor, country and source (signals have no type or date of their own)."""
    start = week_start(week) - timedelta(days=7 * (SIGNAL_WEEKS - 1))
    end = week_start(week) + timedelta(days=6)
    cols = [articles.c.published, signals.c.actor, signals.c.country, signals.c.admin1, signals.c.admin1_code,
            signals.c.kind, signals.c.direction]
    q = (select(*cols, func.count().label("n")).join(articles, articles.c.id == signals.c.article_id)
         .where(articles.c.published >= start, articles.c.published <= end))
    if flt.country:
        q = q.where(signals.c.country.in_(list(flt.country)))
    if flt.admin1:
        q = q.where(admin1_condition(signals.c.admin1, signals.c.admin1_code, flt.admin1))
    if flt.actor:
        q = q.where(signals.c.actor.in_(list(flt.actor)))
    if flt.source:
        q = q.where(articles.c.source_id.in_(select(sources.c.id).where(sources.c.name.in_(list(flt.source)))))
    return [dict(r) for r in conn.execute(q.group_by(*cols)).mappings()]


def weekly(conn: Connection, backend: str, flt: EventFilter, dimension: str = "all") -> list[dict[str, Any]]:
    """Weekly counts of the filtered events per group of ``dimension``, quiet weeks included as 0,
    from the first to the last week of the filtered set."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r} (one of {', '.join(DIMENSIONS)})")
    counts: WeeklyCounts = weekly_counts(grouped_rows(conn, flt, DIMENSION_COLUMNS[dimension], backend), dimension)
    return weekly_series(counts)


__all__ = [
    "DIMENSION_COLUMNS",
    "NOT_REJECTED",
    "REVIEWED",
    "EventFilter",
    "TrendReport",
    "coverage",
    "fts_article_ids",
    "grouped_rows",
    "signal_rows",
    "trend_report",
    "weekly",
]
