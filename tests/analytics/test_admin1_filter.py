"""Admin1 filter values are told apart as names or codes, so a by-name filter is a plain IN."""

from __future__ import annotations

import pytest

from rasd.analytics.query import EventFilter, is_admin1_code


@pytest.mark.parametrize("value", ["SY09", "YE-HU", "IQ-NI", "IQG15", "SY-DZ"])
def test_codes(value: str) -> None:
    assert is_admin1_code(value)


@pytest.mark.parametrize("value", ["Deir-ez-Zor", "Al Hudaydah", "Sa'dah", "Ninewa", "SYR", "دير الزور", ""])
def test_names(value: str) -> None:
    assert not is_admin1_code(value)


def _sql(flt: EventFilter) -> str:
    (cond,) = flt.with_(status=()).conditions("sqlite")
    return str(cond.compile(compile_kwargs={"literal_binds": True}))


def test_names_only_filter_the_name_column() -> None:
    assert _sql(EventFilter(admin1=["Deir-ez-Zor", "Aleppo"])) == "events.admin1 IN ('Deir-ez-Zor', 'Aleppo')"


def test_codes_only_filter_the_code_column() -> None:
    assert _sql(EventFilter(admin1=["SY09"])) == "events.admin1_code IN ('SY09')"


def test_mixed_values_filter_either_column() -> None:
    sql = _sql(EventFilter(admin1=["Deir-ez-Zor", "SY02"]))
    assert "events.admin1 IN ('Deir-ez-Zor')" in sql and "events.admin1_code IN ('SY02')" in sql and " OR " in sql
