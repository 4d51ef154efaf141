"""Look-back windows (SPEC §9.2): `P<y>Y<m>M` as a number of months, and a document's age.

A window is a whole number of calendar months (1 to 1200); `None` means unlimited, which is
longer than every window. Age is counted in calendar months with the day clamped to the
end of a shorter month, so from 31 January to 28 February is one month.
"""

from __future__ import annotations

import calendar
import datetime
import re

MAX_MONTHS = 1200
_WINDOW = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?")

Months = int | None
"""A window in months; None is unlimited."""


class WindowError(ValueError):
    """Not a window pjd accepts; the message (a Message, `args[0]`) says what would be."""


def parse_window(text: str) -> int:
    """'P1Y6M' → 18. Years and/or months only, total 1..1200 months."""
    from .i18n import M

    match = _WINDOW.fullmatch(text) if isinstance(text, str) else None
    if match is None or match.group(1) is None and match.group(2) is None:
        raise WindowError(M("'{text}' is not a window: write years and/or months as in ISO 8601, e.g. P1Y, P6M or P1Y6M", text=text))
    months = int(match.group(1) or 0) * 12 + int(match.group(2) or 0)
    if months == 0:
        raise WindowError(M("'{text}' is an empty window: give at least one month, or omit 'window' for no limit", text=text))
    if months > MAX_MONTHS:
        raise WindowError(M("'{text}' is longer than {years} years: omit 'window' for no limit", text=text, years=MAX_MONTHS // 12))
    return months


def format_window(months: Months) -> str | None:
    """18 → 'P1Y6M', 12 → 'P1Y', 6 → 'P6M', None → None (unlimited)."""
    if months is None:
        return None
    years, rest = divmod(months, 12)
    return "P" + (f"{years}Y" if years else "") + (f"{rest}M" if rest else "")


def longest(a: Months, b: Months) -> Months:
    if a is None or b is None:
        return None
    return max(a, b)


def at_least(a: Months, b: Months) -> bool:
    """Window `a` is at least as long as `b` (unlimited is the longest)."""
    if a is None:
        return True
    return b is not None and a >= b


def window_key(months: Months) -> tuple[int, int]:
    """Sort key: shortest first, unlimited last."""
    return (1, 0) if months is None else (0, months)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the last day of a shorter month."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return datetime.date(year, month + 1, day)


def age_in_months(start: datetime.date, at: datetime.date) -> int:
    """The largest n >= 0 with add_months(start, n) <= at (0 when start is after `at`)."""
    if start >= at:
        return 0
    n = (at.year - start.year) * 12 + (at.month - start.month)
    while n > 0 and add_months(start, n) > at:
        n -= 1
    return n


def within(start: datetime.date | None, at: datetime.date, window: Months) -> bool:
    """A document started on `start` is inside `window` on date `at`; no start date is inside
    no finite window."""
    if window is None:
        return True
    if start is None:
        return False
    return age_in_months(start, at) < window


def window_words(months: Months):
    """'1 year', '18 months', 'no limit' — how far back, for people (a Message, so it is
    rendered in the interface's language when shown)."""
    from .i18n import M, MP

    if months is None:
        return M("no time limit")
    if months % 12 == 0:
        return MP("{n} year", "{n} years", months // 12)
    return MP("{n} month", "{n} months", months)
