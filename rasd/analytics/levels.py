"""Change levels: this week against a baseline, with the thresholds of ACLED's early-warning dashboard.

``change = (current − baseline) / baseline`` where ``baseline`` is the mean weekly count over
the comparison window (the previous 4 or 52 weeks). The level, by the percentage change:

==========================  ===================================================
level                       change
==========================  ===================================================
``large_increase``          more than +25 %
``moderate_increase``       +10 % to +25 % (both ends included)
``limited_change``          −25 % (included) up to +10 % (excluded)
``decrease``                below −25 %
==========================  ===================================================

Edge cases (documented in ``docs/api.md`` as well):

* **zero baseline, events now**: no percentage exists; the level is ``new_activity`` (an
  analyst reads it as at least a large increase) and ``change`` is ``None``;
* **zero baseline, nothing now**: ``no_activity``, ``change`` ``None``;
* **no baseline at all** (the comparison window lies wholly before the data's coverage, see
  :func:`rasd.analytics.trends.trend_table`): ``insufficient_history``;
* a baseline is a mean over the weeks, zero weeks included, so 1 event in one of the
  previous 4 weeks is a baseline of 0.25 and 1 event this week is +300 %: a large
  increase. Small counts swing widely: the level is always shown with the counts it
  comes from, and :func:`rasd.analytics.trends.trend_table` can leave out groups with
  fewer than ``min_events`` events this week and in the baseline (default 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Level(str, Enum):
    LARGE_INCREASE = "large_increase"
    MODERATE_INCREASE = "moderate_increase"
    LIMITED_CHANGE = "limited_change"
    DECREASE = "decrease"
    NEW_ACTIVITY = "new_activity"
    NO_ACTIVITY = "no_activity"
    INSUFFICIENT_HISTORY = "insufficient_history"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Bounds in fractions (0.25 = 25 %)."""

    large: float = 0.25  # change > large: large increase
    moderate: float = 0.10  # moderate <= change <= large: moderate increase
    decrease: float = -0.25  # change < decrease: decrease

    def __post_init__(self) -> None:
        if not self.decrease < self.moderate <= self.large:
            raise ValueError("thresholds must satisfy decrease < moderate <= large")


ACLED = Thresholds()


def percent_change(current: float, baseline: float | None) -> float | None:
    """``(current − baseline) / baseline`` as a fraction, or ``None`` without a positive baseline."""
    if baseline is None or baseline <= 0:
        return None
    return (current - baseline) / baseline


def change_level(current: float, baseline: float | None, thresholds: Thresholds = ACLED) -> Level:
    """The level of ``current`` (this week's count) against ``baseline`` (a mean weekly count;
    ``None`` when there is no history to compare with). See the module docstring."""
    if current < 0 or (baseline is not None and baseline < 0):
        raise ValueError("counts cannot be negative")
    if baseline is None:
        return Level.INSUFFICIENT_HISTORY
    if baseline == 0:
        return Level.NEW_ACTIVITY if current > 0 else Level.NO_ACTIVITY
    change = (current - baseline) / baseline
    if change > thresholds.large:
        return Level.LARGE_INCREASE
    if change >= thresholds.moderate:
        return Level.MODERATE_INCREASE
    if change >= thresholds.decrease:
        return Level.LIMITED_CHANGE
    return Level.DECREASE


#: levels that call for an analyst's attention (sorted first in trend tables)
ESCALATING = frozenset({Level.LARGE_INCREASE, Level.NEW_ACTIVITY, Level.MODERATE_INCREASE})

__all__ = ["ACLED", "ESCALATING", "Level", "Thresholds", "change_level", "percent_change"]
