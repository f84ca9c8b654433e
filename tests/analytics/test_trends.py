"""Trends and escalation levels over hand-made event records."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rasd.analytics import (
    ACLED,
    Level,
    Thresholds,
    change_level,
    new_dyads,
    percent_change,
    signal_counts,
    trend_table,
    week_start,
    weekly_counts,
    weekly_series,
)

MONDAY = date(2025, 8, 4)  # a Monday


def ev(day: date, admin1: str = "Deir-ez-Zor", code: str = "SY09", admin2: str | None = "Al Mayadin",
       actor1: str | None = "ISIS", actor2: str | None = "SDF", event_type: str = "Battles",
       fatalities: int = 0, **extra: object) -> dict[str, object]:
    return {"event_date": day.isoformat(), "country": "SYR", "admin1": admin1, "admin1_code": code, "admin2": admin2,
            "actor1": actor1, "assoc_actor1": None, "actor2": actor2, "event_type": event_type,
            "sub_event_type": "Armed clash", "fatalities": fatalities, **extra}


def weeks_back(n: int, weekday: int = 2) -> date:
    return MONDAY - timedelta(days=7 * n) + timedelta(days=weekday)


# --- levels -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("current", "baseline", "level"), [
    (13, 10, Level.LARGE_INCREASE),       # +30 %
    (12.6, 10, Level.LARGE_INCREASE),     # +26 %
    (12.5, 10, Level.MODERATE_INCREASE),  # exactly +25 %: not "more than 25 %"
    (11, 10, Level.MODERATE_INCREASE),    # exactly +10 %
    (10.9, 10, Level.LIMITED_CHANGE),     # +9 %
    (10, 10, Level.LIMITED_CHANGE),
    (7.5, 10, Level.LIMITED_CHANGE),      # exactly −25 %
    (7, 10, Level.DECREASE),              # −30 %
    (0, 10, Level.DECREASE),
    (3, 0, Level.NEW_ACTIVITY),           # zero baseline, events now
    (0, 0, Level.NO_ACTIVITY),
    (5, None, Level.INSUFFICIENT_HISTORY),
])
def test_change_level_thresholds(current: float, baseline: float | None, level: Level) -> None:
    assert change_level(current, baseline) is level


def test_percent_change_has_no_value_without_a_positive_baseline() -> None:
    assert percent_change(5, 0) is None
    assert percent_change(5, None) is None
    assert percent_change(15, 10) == pytest.approx(0.5)


def test_custom_thresholds_and_bad_input() -> None:
    strict = Thresholds(large=0.5, moderate=0.2, decrease=-0.5)
    assert change_level(14, 10, strict) is Level.MODERATE_INCREASE
    assert change_level(14, 10, ACLED) is Level.LARGE_INCREASE
    with pytest.raises(ValueError):
        Thresholds(large=0.1, moderate=0.2)
    with pytest.raises(ValueError):
        change_level(-1, 3)


# --- weekly counts ------------------------------------------------------------------------------

def test_week_start_is_monday() -> None:
    assert week_start(date(2025, 8, 10)) == MONDAY  # Sunday
    assert week_start(MONDAY) == MONDAY
    assert week_start(date(2025, 8, 11)) == date(2025, 8, 11)


def test_weekly_counts_per_admin1_admin2_actor_and_type() -> None:
    records = [
        ev(MONDAY, fatalities=2),
        ev(MONDAY + timedelta(days=6)),
        ev(MONDAY, admin1="Aleppo", code="SY02", admin2="Al Bab", actor1="SNA", actor2="SDF", event_type="Battles"),
        ev(MONDAY - timedelta(days=1), admin2=None, event_type="Explosions/Remote violence", actor2=None),
        {"event_date": None, "admin1": "Idleb", "country": "SYR"},  # undated: not counted
    ]
    by_admin1 = weekly_counts(records, "admin1")
    assert by_admin1.count(("SYR", "SY09", "Deir-ez-Zor"), MONDAY) == 2
    assert by_admin1.count(("SYR", "SY09", "Deir-ez-Zor"), MONDAY - timedelta(days=7)) == 1
    assert by_admin1.weeks[("SYR", "SY09", "Deir-ez-Zor")][MONDAY].fatalities == 2
    assert ("SYR", None, "Idleb") not in by_admin1.weeks

    by_admin2 = weekly_counts(records, "admin2")
    assert by_admin2.count(("SYR", "SY09", "Deir-ez-Zor", "Al Mayadin"), MONDAY) == 2
    assert len(by_admin2.weeks) == 2  # the record without admin2 is left out

    by_actor = weekly_counts(records, "actor")
    assert by_actor.count(("SDF",), MONDAY) == 3  # counted once per event it takes part in
    assert by_actor.count(("ISIS",), MONDAY) == 2
    assert by_actor.count(("ISIS",), MONDAY - timedelta(days=7)) == 1

    by_type = weekly_counts(records, "event_type")
    assert by_type.count(("Battles",), MONDAY) == 3
    assert by_type.count(("Explosions/Remote violence",), MONDAY - timedelta(days=7)) == 1
    with pytest.raises(ValueError):
        weekly_counts(records, "planet")


def test_an_actor_on_both_sides_counts_once_and_grouped_rows_carry_n() -> None:
    counts = weekly_counts([ev(MONDAY, actor1="ISIS", actor2="ISIS"), ev(MONDAY, n=5)], "actor")
    assert counts.count(("ISIS",), MONDAY) == 6


def test_weekly_series_fills_quiet_weeks_with_zero() -> None:
    counts = weekly_counts([ev(weeks_back(2)), ev(MONDAY), ev(MONDAY)], "all")
    rows = weekly_series(counts)
    assert [(r["week"], r["events"]) for r in rows] == [
        ((MONDAY - timedelta(days=14)).isoformat(), 1), ((MONDAY - timedelta(days=7)).isoformat(), 0),
        (MONDAY.isoformat(), 2)]


# --- trend table --------------------------------------------------------------------------------

def history(per_week: dict[int, int], **kw: object) -> list[dict[str, object]]:
    """``{weeks_ago: count}`` → that many records in each of those weeks."""
    return [ev(weeks_back(ago), **kw) for ago, n in per_week.items() for _ in range(n)]  # type: ignore[arg-type]


def test_escalation_against_4_and_52_weeks() -> None:
    # Deir-ez-Zor: 2 a week over the last year, 6 this week -> large increase on both windows
    records = history({ago: 2 for ago in range(1, 53)}) + history({0: 6})
    # Aleppo: 10 a week for the last 4 weeks, 10 now; quiet before -> limited vs 4 weeks, large vs 52
    records += history({ago: 10 for ago in range(5)}, admin1="Aleppo", code="SY02", admin2="Al Bab")
    # coverage goes back 52 weeks because of Deir-ez-Zor
    table = trend_table(weekly_counts(records, "admin1"), week=MONDAY)
    by = {t.label: t for t in table}
    dz = by["Deir-ez-Zor"]
    assert (dz.events, dz.baseline_4, dz.baseline_52) == (6, 2, 2)
    assert dz.change_4 == pytest.approx(2.0)
    assert dz.level_4 is Level.LARGE_INCREASE and dz.level_52 is Level.LARGE_INCREASE
    assert dz.series[-1] == 6 and len(dz.series) == 12
    al = by["Aleppo"]
    assert al.baseline_4 == 10 and al.level_4 is Level.LIMITED_CHANGE
    assert al.baseline_52 == pytest.approx(40 / 52) and al.level_52 is Level.LARGE_INCREASE
    assert table[0].label == "Deir-ez-Zor"  # escalating rows first
    assert table[0].to_dict()["level_4"] == "large_increase"


def test_decrease_new_activity_and_no_activity() -> None:
    records = history({1: 4, 2: 4, 3: 4, 4: 4, 0: 1})  # Deir-ez-Zor falls from 4 to 1
    records += history({0: 3}, admin1="Hama", code="SY05", admin2="Hama")  # nothing before
    records += history({30: 1}, admin1="Homs", code="SY04", admin2="Homs")  # long quiet
    table = {t.label: t for t in trend_table(weekly_counts(records, "admin1"), week=MONDAY)}
    assert table["Deir-ez-Zor"].level_4 is Level.DECREASE
    assert table["Hama"].level_4 is Level.NEW_ACTIVITY and table["Hama"].change_4 is None
    assert table["Homs"].level_4 is Level.NO_ACTIVITY and table["Homs"].level_52 is Level.DECREASE


def test_baseline_counts_only_weeks_the_data_covers() -> None:
    # the data starts 2 weeks ago: the 52-week baseline is the mean over those 2 weeks, not over 52
    records = history({2: 4, 1: 4, 0: 4})
    (t,) = trend_table(weekly_counts(records, "all"), week=MONDAY)
    assert t.baseline_4 == 4 and t.baseline_52 == 4
    assert t.level_52 is Level.LIMITED_CHANGE
    # the first week of the data has no history at all
    (first,) = trend_table(weekly_counts(records, "all"), week=MONDAY - timedelta(days=14))
    assert first.level_4 is Level.INSUFFICIENT_HISTORY and first.baseline_4 is None
    # an explicit coverage start earlier than the data: the missing weeks count as quiet weeks
    (cov,) = trend_table(weekly_counts(records, "all"), week=MONDAY, coverage_start=MONDAY - timedelta(days=7 * 52))
    assert cov.baseline_4 == 2 and cov.level_4 is Level.LARGE_INCREASE


def test_min_events_leaves_out_small_groups_and_default_week_is_the_last() -> None:
    records = history({0: 1}) + history({0: 5}, admin1="Hama", code="SY05", admin2="Hama")
    counts = weekly_counts(records, "admin1")
    assert {t.label for t in trend_table(counts, min_events=2)} == {"Hama"}
    assert {t.week for t in trend_table(counts)} == {MONDAY}
    assert trend_table(weekly_counts([], "admin1")) == []


# --- signals and dyads --------------------------------------------------------------------------

def test_signals_beside_counts() -> None:
    sig = [
        {"published": weeks_back(0).isoformat(), "actor": "ISIS", "country": "SYR", "admin1": "Deir-ez-Zor",
         "admin1_code": "SY09", "kind": "Battles", "direction": "escalation"},
        {"published": weeks_back(3).isoformat(), "actor": "ISIS", "country": "SYR", "admin1": "Deir-ez-Zor",
         "admin1_code": "SY09", "kind": "activity", "direction": "escalation"},
        {"published": weeks_back(4).isoformat(), "actor": "ISIS", "country": "SYR", "admin1": "Deir-ez-Zor",
         "admin1_code": "SY09", "kind": "activity", "direction": "decline"},  # too old
        {"published": weeks_back(0).isoformat(), "actor": "HTS", "country": "SYR", "admin1": "Idleb",
         "admin1_code": "SY07", "kind": "activity", "direction": "presence"},
    ]
    by_place = signal_counts(sig, "admin1", week=MONDAY)
    assert by_place[("SYR", "SY09", "Deir-ez-Zor")] == {"escalation": 2}
    by_actor = signal_counts(sig, "actor", week=MONDAY)
    assert by_actor[("ISIS",)] == {"escalation": 2} and by_actor[("HTS",)] == {"presence": 1}
    assert signal_counts(sig, "event_type", week=MONDAY) == {}
    table = trend_table(weekly_counts(history({0: 1}), "admin1"), signals=by_place)
    assert table[0].signals == {"escalation": 2}


def test_new_dyads_in_a_place() -> None:
    records = history({10: 1})  # ISIS–SDF in Deir-ez-Zor ten weeks ago
    records += history({0: 2})  # … and this week: not new
    records += history({0: 2}, actor1="SYR-MIL-2024", actor2="ISIS")  # a pair never seen there
    records += history({60: 1}, actor1="SDF", actor2="SYR-MIL-2024")  # seen, but more than 52 weeks ago
    records += history({0: 1}, actor1="SYR-MIL-2024", actor2="SDF")  # reversed order: the same pair
    records += history({3: 1}, actor1="SYR-MIL-2024", actor2="ISIS", admin1="Raqqa", code="SY11", admin2="Raqqa")
    records += history({0: 1}, actor2=None)  # one actor: no dyad
    found = new_dyads(records, week=MONDAY)
    assert [(d.label, d.actors, d.events) for d in found] == [
        ("Deir-ez-Zor", ("ISIS", "SYR-MIL-2024"), 2),
        ("Deir-ez-Zor", ("SDF", "SYR-MIL-2024"), 1),
    ]
    assert found[0].to_dict()["first_date"] == weeks_back(0).isoformat()
    # at district level too
    assert {d.label for d in new_dyads(records, week=MONDAY, place="admin2")} == {"Deir-ez-Zor / Al Mayadin"}
    with pytest.raises(ValueError):
        new_dyads(records, place="actor")
    assert new_dyads([]) == []
