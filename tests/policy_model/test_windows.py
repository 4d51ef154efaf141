"""SPEC §9.2: windows as months, the calendar arithmetic of a document's age, and the syntax."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policy_model.windows import WindowError, add_months, age_in_months, format_window, parse_window, within

D = datetime.date


@pytest.mark.parametrize(
    ("text", "months"), [("P1Y", 12), ("P6M", 6), ("P1Y6M", 18), ("P12M", 12), ("P0Y3M", 3), ("P100Y", 1200)]
)
def test_windows_are_months(text, months):
    assert parse_window(text) == months


@pytest.mark.parametrize("text", ["P0M", "P0Y", "P30D", "P1.5Y", "1Y", "P", "P1W", "PT1H", "p1y", "P1M1Y", "P101Y", " P1Y", "12"])
def test_anything_else_is_refused_with_a_reason(text):
    with pytest.raises(WindowError) as err:
        parse_window(text)
    assert text.strip() in str(err.value) or "longer than" in str(err.value)


@pytest.mark.parametrize(("months", "text"), [(12, "P1Y"), (6, "P6M"), (18, "P1Y6M"), (24, "P2Y"), (None, None)])
def test_outputs_write_years_and_months_with_zero_parts_left_out(months, text):
    assert format_window(months) == text


@pytest.mark.parametrize(
    ("start", "months", "result"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # the day is clamped to the month's end
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # a leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),  # 31 March − 1 month
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
    ],
)
def test_add_months_clamps_the_day(start, months, result):
    assert add_months(start, months) == result


@pytest.mark.parametrize(
    ("start", "at", "age"),
    [
        (D(2026, 1, 31), D(2026, 2, 28), 1),  # from 31 January to 28 February is one month
        (D(2026, 1, 31), D(2026, 2, 27), 0),
        (D(2024, 2, 29), D(2025, 2, 28), 12),  # 29 February: a year later is 28 February
        (D(2024, 2, 29), D(2025, 2, 27), 11),
        (D(2025, 12, 1), D(2026, 12, 1), 12),
        (D(2025, 12, 2), D(2026, 12, 1), 11),
        (D(2027, 1, 1), D(2026, 12, 1), 0),  # a start after the request date has age 0
        (D(2026, 12, 1), D(2026, 12, 1), 0),
    ],
)
def test_age_is_whole_calendar_months(start, at, age):
    assert age_in_months(start, at) == age


def test_within_a_window_is_age_less_than_the_window():
    at = D(2026, 12, 1)
    assert within(D(2025, 12, 2), at, 12) and not within(D(2025, 12, 1), at, 12)
    assert within(None, at, None) and not within(None, at, 12)  # no start date: within no finite window
    assert within(D(1990, 1, 1), at, None)


@given(st.dates(D(1900, 1, 1), D(2100, 12, 31)), st.dates(D(1900, 1, 1), D(2100, 12, 31)))
def test_age_is_the_largest_n_with_add_months_not_after_the_date(start, at):
    n = age_in_months(start, at)
    assert n >= 0
    if start <= at:
        assert add_months(start, n) <= at < add_months(start, n + 1)
    else:
        assert n == 0
