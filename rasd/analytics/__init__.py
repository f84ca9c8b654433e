"""Trends and escalation: weekly counts per place, actor and type, change levels against the
previous 4 and 52 weeks (ACLED early-warning thresholds), new actor dyads in a place, and the
trend signals extracted from articles beside the counts.

:mod:`rasd.analytics.levels` and :mod:`rasd.analytics.trends` are pure functions over event
records (mappings with the CODEBOOK §8 fields); :mod:`rasd.analytics.query` runs them over the
store (the ``rasd trends`` command and ``/api/trends``).
"""

from __future__ import annotations

from rasd.analytics.levels import ACLED, Level, Thresholds, change_level, percent_change
from rasd.analytics.trends import (
    DIMENSIONS,
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

__all__ = ["ACLED", "DIMENSIONS", "Level", "NewDyad", "Thresholds", "Trend", "WeeklyCounts", "change_level",
           "new_dyads", "percent_change", "signal_counts", "trend_table", "week_start", "weekly_counts",
           "weekly_series"]
