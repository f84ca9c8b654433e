"""The trends query layer over the store agrees with the pure functions over the same records."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

pytest.importorskip("rasd.store", reason="needs the store (rasd/store, issue 4)")

from rasd.analytics import new_dyads, trend_table, weekly_counts
from rasd.analytics.query import EventFilter, trend_report
from rasd.store.engine import read_tx


def records(client: Any) -> list[dict[str, Any]]:
    lines = client.get("/api/events/export", params={"format": "jsonl"}).text.splitlines()
    return [json.loads(x) for x in lines]


@pytest.mark.parametrize("dimension", ["admin1", "admin2", "actor", "event_type", "sub_event_type", "country", "all"])
@pytest.mark.parametrize("week", [None, date(2025, 7, 16), date(2025, 8, 4)])
def test_sql_trends_equal_pure_trends(read_client: Any, dimension: str, week: date | None) -> None:
    store = read_client.app.state.store
    recs = records(read_client)
    first = min(date.fromisoformat(r["event_date"]) for r in recs)
    with read_tx(store.engine) as conn:
        report = trend_report(conn, store.backend, EventFilter(), dimension=dimension, week=week)
    pure = trend_table(weekly_counts(recs, dimension), week=week, coverage_start=first)
    strip = [{k: v for k, v in t.to_dict().items() if k != "signals"} for t in report.trends]
    assert strip == [{k: v for k, v in t.to_dict().items() if k != "signals"} for t in pure]
    assert [d.to_dict() for d in report.new_dyads] == [d.to_dict() for d in new_dyads(recs, week=report.week)]


def test_filtered_trends_keep_the_store_coverage(read_client: Any) -> None:
    """A filter with no early events still compares against quiet weeks, not missing ones."""
    store = read_client.app.state.store
    with read_tx(store.engine) as conn:
        report = trend_report(conn, store.backend, EventFilter(admin1=["Deir-ez-Zor"]), dimension="admin1")
    (deir,) = report.trends
    assert report.coverage_start == date(2019, 6, 10)  # the first event in the store (Idleb, 2019)
    assert deir.baseline_52 is not None and deir.baseline_52 < 1
    assert report.week == date(2025, 8, 4)


def test_signals_beside_counts(read_client: Any) -> None:
    store = read_client.app.state.store
    with read_tx(store.engine) as conn:
        report = trend_report(conn, store.backend, EventFilter(), dimension="admin1", week=date(2025, 7, 9))
        actors = trend_report(conn, store.backend, EventFilter(), dimension="actor", week=date(2025, 7, 9))
    deir = next(t for t in report.trends if t.fields["admin1"] == "Deir-ez-Zor")
    assert deir.signals == {"escalation": 1}  # "ISIS … has targeted SDF positions in Deir ez-Zor in recent months"
    isis = next(t for t in actors.trends if t.fields["actor"] == "ISIS")
    assert isis.signals == {"escalation": 1}
    with read_tx(store.engine) as conn:
        later = trend_report(conn, store.backend, EventFilter(), dimension="admin1", week=date(2025, 8, 4))
    assert all(not t.signals for t in later.trends)  # the signal's week is out of the 4-week window
