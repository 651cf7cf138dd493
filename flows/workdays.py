"""Deadlines in working days (hari kerja): weekends and Indonesian public holidays excluded."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays


@lru_cache(maxsize=8)
def _calendar(years: tuple[int, ...]) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=years)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _calendar((day.year - 1, day.year, day.year + 1))


def add_working_days(start: datetime, days: int, tz: ZoneInfo) -> datetime:
    """End of the `days`-th working day after `start` (local time), as an aware datetime."""
    day = start.astimezone(tz).date()
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return datetime.combine(day, time(23, 59), tzinfo=tz)
