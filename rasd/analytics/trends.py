"""Weekly counts and escalation levels per place, actor and type — pure functions over records.

A *record* is a mapping with the CODEBOOK §8 fields (``event_date`` as a ``date`` or an ISO
string, ``country``, ``admin1``, ``admin1_code``, ``admin2``, ``actor1``, ``assoc_actor1``,
``actor2``, ``event_type``, ``sub_event_type``, ``fatalities``). A record may carry ``n``,
the number of events it stands for (the store's query layer hands over rows already
grouped by day); without it a record is one event, and its ``fatalities`` are its own.

Weeks run Monday to Sunday (ISO weeks) and are named by their Monday. Records without an
``event_date`` are not counted.

Dimensions (what a row of a trend table is about):

* ``admin1``: the governorate/province, keyed by (country, admin1_code, admin1);
* ``admin2``: the district, keyed by (country, admin1_code, admin1, admin2);
* ``actor``: every distinct actor of the event (actor1, assoc_actor1, actor2) — an event
  between ISIS and the SDF counts once for each;
* ``event_type``, ``sub_event_type``, ``country``; ``all``: the whole set, one row.

A record without a value for the dimension (no admin2, no actor) is left out of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rasd.analytics.levels import (
    ACLED,
    ESCALATING,
    Level,
    Thresholds,
    change_level,
    percent_change,
)

DIMENSIONS = ("admin1", "admin2", "actor", "event_type", "sub_event_type", "country", "all")
#: the two comparison windows, in weeks (ACLED's early-warning dashboard: the last month, the last year)
SHORT_WINDOW = 4
LONG_WINDOW = 52
#: signals are counted over this many weeks ending with the current one (trend statements speak of "recently")
SIGNAL_WEEKS = 4

Key = tuple[Any, ...]
Record = Mapping[str, Any]


def week_start(day: date) -> date:
    """The Monday of ``day``'s ISO week."""
    return day - timedelta(days=day.weekday())


def as_date(value: Any) -> date | None:
    """A ``date`` from a ``date``/``datetime`` or an ISO ``YYYY-MM-DD…`` string; ``None`` otherwise."""
    if value is None:
        return None
    if isinstance(value, date):
        return value if type(value) is date else date(value.year, value.month, value.day)
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def group_keys(record: Record, dimension: str) -> list[tuple[Key, dict[str, Any]]]:
    """The groups ``record`` counts in for ``dimension``: ``(key, fields)`` pairs (see the module docstring)."""
    if dimension == "all":
        return [((), {})]
    if dimension == "admin1":
        if not record.get("admin1"):
            return []
        f = {"country": record.get("country"), "admin1_code": record.get("admin1_code"), "admin1": record["admin1"]}
        return [((f["country"], f["admin1_code"], f["admin1"]), f)]
    if dimension == "admin2":
        if not record.get("admin2"):
            return []
        f = {"country": record.get("country"), "admin1_code": record.get("admin1_code"),
             "admin1": record.get("admin1"), "admin2": record["admin2"]}
        return [((f["country"], f["admin1_code"], f["admin1"], f["admin2"]), f)]
    if dimension == "actor":
        seen: list[str] = []
        for col in ("actor1", "assoc_actor1", "actor2"):
            actor = record.get(col)
            if actor and actor not in seen:
                seen.append(actor)
        return [((a,), {"actor": a}) for a in seen]
    if dimension in ("event_type", "sub_event_type", "country"):
        value = record.get(dimension)
        return [((value,), {dimension: value})] if value else []
    raise ValueError(f"unknown dimension {dimension!r} (one of {', '.join(DIMENSIONS)})")


def label_of(fields: Mapping[str, Any], dimension: str) -> str:
    """A short human label of a group: ``Deir-ez-Zor``, ``Deir-ez-Zor / Al Mayadin``, ``ISIS``."""
    if dimension == "all":
        return "all events"
    if dimension == "admin2":
        return f"{fields.get('admin1') or '?'} / {fields['admin2']}"
    return str(fields[dimension if dimension != "actor" else "actor"])


@dataclass(slots=True)
class Cell:
    events: int = 0
    fatalities: int = 0


@dataclass(slots=True)
class WeeklyCounts:
    """Counts per group and week for one dimension, and the first week the data covers."""

    dimension: str
    weeks: dict[Key, dict[date, Cell]] = field(default_factory=dict)
    fields: dict[Key, dict[str, Any]] = field(default_factory=dict)
    first_week: date | None = None
    last_week: date | None = None

    def add(self, record: Record) -> None:
        day = as_date(record.get("event_date"))
        if day is None:
            return
        week = week_start(day)
        self.first_week = week if self.first_week is None else min(self.first_week, week)
        self.last_week = week if self.last_week is None else max(self.last_week, week)
        n = int(record.get("n", 1))
        fatalities = int(record.get("fatalities") or 0)
        for key, f in group_keys(record, self.dimension):
            self.fields.setdefault(key, f)
            cell = self.weeks.setdefault(key, {}).setdefault(week, Cell())
            cell.events += n
            cell.fatalities += fatalities

    def count(self, key: Key, week: date) -> int:
        cell = self.weeks.get(key, {}).get(week)
        return cell.events if cell else 0


def weekly_counts(records: Iterable[Record], dimension: str) -> WeeklyCounts:
    """The weekly counts of ``records`` per group of ``dimension``."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r} (one of {', '.join(DIMENSIONS)})")
    counts = WeeklyCounts(dimension)
    for r in records:
        counts.add(r)
    return counts


def weekly_series(counts: WeeklyCounts, start: date | None = None, end: date | None = None) -> list[dict[str, Any]]:
    """One row per group and week from ``start`` to ``end`` (weeks without events included, as 0):
    ``{**fields, "week": "YYYY-MM-DD", "events": n, "fatalities": n}``, ordered by group then week."""
    if counts.first_week is None:
        return []
    first = week_start(start) if start else counts.first_week
    last = week_start(end) if end else counts.last_week
    assert last is not None
    rows: list[dict[str, Any]] = []
    for key in sorted(counts.weeks, key=_sort_key):
        week = first
        while week <= last:
            cell = counts.weeks[key].get(week) or Cell()
            rows.append({**counts.fields[key], "week": week.isoformat(), "events": cell.events,
                         "fatalities": cell.fatalities})
            week += timedelta(days=7)
    return rows


def _sort_key(key: Key) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in key)


@dataclass(frozen=True, slots=True)
class Trend:
    """One group's week against its previous 4 and 52 weeks."""

    dimension: str
    fields: dict[str, Any]
    label: str
    week: date
    events: int
    fatalities: int
    baseline_4: float | None
    baseline_52: float | None
    change_4: float | None
    change_52: float | None
    level_4: Level
    level_52: Level
    series: tuple[int, ...]  # weekly counts, oldest first, ending with ``week``
    signals: dict[str, int] = field(default_factory=dict)  # direction -> count over SIGNAL_WEEKS

    def to_dict(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension, **self.fields, "label": self.label, "week": self.week.isoformat(),
            "events": self.events, "fatalities": self.fatalities,
            "baseline_4": _round(self.baseline_4), "baseline_52": _round(self.baseline_52),
            "change_4": _round(self.change_4), "change_52": _round(self.change_52),
            "level_4": self.level_4.value, "level_52": self.level_52.value,
            "series": list(self.series), "signals": dict(self.signals),
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def baseline(counts: WeeklyCounts, key: Key, week: date, weeks: int, coverage_start: date | None) -> float | None:
    """The mean weekly count of ``key`` over the ``weeks`` weeks before ``week``, counting only weeks
    on or after ``coverage_start`` (the first week the data covers); ``None`` when no week is left."""
    first = week - timedelta(days=7 * weeks)
    if coverage_start is not None and coverage_start > first:
        first = coverage_start
    covered = (week - first).days // 7
    if covered <= 0:
        return None
    total = sum(c.events for w, c in counts.weeks.get(key, {}).items() if first <= w < week)
    return total / covered


LEVEL_ORDER = {Level.LARGE_INCREASE: 0, Level.NEW_ACTIVITY: 1, Level.MODERATE_INCREASE: 2, Level.LIMITED_CHANGE: 3,
               Level.DECREASE: 4, Level.NO_ACTIVITY: 5, Level.INSUFFICIENT_HISTORY: 6}


def trend_table(counts: WeeklyCounts, *, week: date | None = None, coverage_start: date | None = None,
                thresholds: Thresholds = ACLED, series_weeks: int = 12, min_events: int = 1,
                signals: Mapping[Key, Mapping[str, int]] | None = None) -> list[Trend]:
    """Each group's count in ``week`` (default: the last week with data) against its previous
    :data:`SHORT_WINDOW` and :data:`LONG_WINDOW` weeks.

    ``coverage_start`` is the first week the data covers (default: the first week in ``counts``);
    baseline weeks before it are not counted (they are missing data, not quiet weeks). Groups with
    fewer than ``min_events`` events both in ``week`` and in the long window are left out.
    Rows come escalating first (large increase, new activity, moderate increase), then by count.
    """
    if counts.last_week is None:
        return []
    current = week_start(week) if week else counts.last_week
    cover = week_start(coverage_start) if coverage_start else counts.first_week
    out: list[Trend] = []
    for key, by_week in counts.weeks.items():
        cell = by_week.get(current) or Cell()
        if cell.events < min_events:
            year_ago = current - timedelta(days=7 * LONG_WINDOW)
            if sum(c.events for w, c in by_week.items() if year_ago <= w < current) < min_events:
                continue
        b4 = baseline(counts, key, current, SHORT_WINDOW, cover)
        b52 = baseline(counts, key, current, LONG_WINDOW, cover)
        series = tuple(counts.count(key, current - timedelta(days=7 * i)) for i in range(series_weeks - 1, -1, -1))
        out.append(Trend(
            dimension=counts.dimension, fields=counts.fields[key], label=label_of(counts.fields[key], counts.dimension),
            week=current, events=cell.events, fatalities=cell.fatalities,
            baseline_4=b4, baseline_52=b52, change_4=percent_change(cell.events, b4),
            change_52=percent_change(cell.events, b52),
            level_4=change_level(cell.events, b4, thresholds), level_52=change_level(cell.events, b52, thresholds),
            series=series, signals=dict(signals.get(key, {})) if signals else {},
        ))
    out.sort(key=lambda t: (LEVEL_ORDER[t.level_4], -t.events, t.label))
    return out


def escalating(trends: Iterable[Trend]) -> list[Trend]:
    """The rows whose short-window level calls for attention (large/moderate increase, new activity)."""
    return [t for t in trends if t.level_4 in ESCALATING]


# --- signals ---------------------------------------------------------------------------------

def signal_counts(signals: Iterable[Record], dimension: str, *, week: date,
                  weeks: int = SIGNAL_WEEKS) -> dict[Key, dict[str, int]]:
    """Trend signals per group and direction over the ``weeks`` weeks ending with ``week``.

    A signal record has ``published`` (its article's date; the signal has no event date),
    ``actor``, ``country``, ``admin1``, ``admin1_code``, ``kind``, ``direction`` and optionally
    ``n``. Signals group by ``admin1``, ``actor``, ``country`` or ``all``; other dimensions get none
    (a signal names no district and no event type of the codebook's).
    """
    end = week_start(week) + timedelta(days=6)
    start = week_start(week) - timedelta(days=7 * (weeks - 1))
    out: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    if dimension not in ("admin1", "actor", "country", "all"):
        return {}
    for s in signals:
        day = as_date(s.get("published"))
        if day is None or not start <= day <= end:
            continue
        record = dict(s)
        if dimension == "actor":
            record = {"actor1": s.get("actor")}
        for key, _ in group_keys(record, dimension):
            out[key][str(s.get("direction"))] += int(s.get("n", 1))
    return {k: dict(v) for k, v in out.items()}


# --- new actor dyads -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class NewDyad:
    """A pair of actors seen fighting (or acting on each other) in a place for the first time."""

    place: dict[str, Any]
    label: str
    actors: tuple[str, str]
    week: date
    events: int
    first_date: date

    def to_dict(self) -> dict[str, Any]:
        return {**self.place, "label": self.label, "actor_a": self.actors[0], "actor_b": self.actors[1],
                "week": self.week.isoformat(), "events": self.events, "first_date": self.first_date.isoformat()}


def dyad_of(record: Record) -> tuple[str, str] | None:
    """The unordered pair (actor1, actor2), sorted; ``None`` without two different actors."""
    a, b = record.get("actor1"), record.get("actor2")
    if not a or not b or a == b:
        return None
    return (a, b) if a <= b else (b, a)


def new_dyads(records: Iterable[Record], *, week: date | None = None, place: str = "admin1",
              lookback_weeks: int = LONG_WINDOW) -> list[NewDyad]:
    """Actor pairs (actor1–actor2, either order) with events in ``place`` (``admin1`` or ``admin2``)
    in ``week`` (default: the last week with data) and none there in the ``lookback_weeks`` before.

    Records outside ``[week − lookback_weeks, week]`` do not matter; a pair first seen in the
    current week at several places is new at each of them.
    """
    if place not in ("admin1", "admin2"):
        raise ValueError("place must be admin1 or admin2")
    rows = [(as_date(r.get("event_date")), r) for r in records]
    dated = [(d, r) for d, r in rows if d is not None]
    if not dated:
        return []
    current = week_start(week) if week else week_start(max(d for d, _ in dated))
    start = current - timedelta(days=7 * lookback_weeks)
    end = current + timedelta(days=6)
    before: set[tuple[Key, tuple[str, str]]] = set()
    now: dict[tuple[Key, tuple[str, str]], list[Any]] = {}
    fields: dict[Key, dict[str, Any]] = {}
    for day, r in dated:
        pair = dyad_of(r)
        if pair is None or not start <= day <= end:
            continue
        for key, f in group_keys(r, place):
            fields.setdefault(key, f)
            if day < current:
                before.add((key, pair))
            else:
                entry = now.setdefault((key, pair), [0, day])
                entry[0] += int(r.get("n", 1))
                entry[1] = min(entry[1], day)
    out = [NewDyad(fields[key], label_of(fields[key], place), pair, current, n, first)
           for (key, pair), (n, first) in now.items() if (key, pair) not in before]
    out.sort(key=lambda d: (-d.events, d.label, d.actors))
    return out


__all__ = ["DIMENSIONS", "LONG_WINDOW", "SHORT_WINDOW", "SIGNAL_WEEKS", "NewDyad", "Trend", "WeeklyCounts",
           "as_date", "baseline", "dyad_of", "escalating", "group_keys", "label_of", "new_dyads", "signal_counts",
           "trend_table", "week_start", "weekly_counts", "weekly_series"]
