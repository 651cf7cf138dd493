"""Deadlines in working days (hari kerja): weekends and Indonesian public holidays excluded.

The holidays come from the `holidays` library. Loading it and its Indonesian calendar costs a
process some 17 MB for as long as it runs (the library, then every country module it touches),
so the bot asks a child process for the dates of the years around now (`holiday_dates`, run as
`lapor-bot holidays`) and `install`s them; a year outside them, or a process that installed
none (tests, the terminal chat), loads the library itself.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

_installed: dict[int, frozenset[date]] = {}
_extra: set[date] = set()  # days off decreed on top of the calendar (cuti bersama): EXTRA_HOLIDAYS


def holiday_dates(years: Iterable[int]) -> list[date]:
    import holidays

    return sorted(holidays.country_holidays("ID", years=list(years)))


def install(years: Collection[int], dates: Iterable[date]) -> None:
    """The holidays of `years`, from `holiday_dates` (in another process)."""
    by_year: dict[int, set[date]] = {year: set() for year in years}
    for day in dates:
        by_year.setdefault(day.year, set()).add(day)
    _installed.update({year: frozenset(days) for year, days in by_year.items()})


@lru_cache(maxsize=8)
def _loaded(year: int) -> frozenset[date]:
    return frozenset(holiday_dates([year]))


def _holidays(year: int) -> frozenset[date]:
    installed = _installed.get(year)
    return installed if installed is not None else _loaded(year)


def add_holidays(days: Iterable[date]) -> None:
    """Days off on top of the public holidays (cuti bersama, a regional day off). Deadlines
    computed before are recomputed by the deadline clock from when they started."""
    _extra.update(days)


def set_extra_holidays(days: Iterable[date]) -> None:
    """Exactly these extra days off (EXTRA_HOLIDAYS), replacing any given before."""
    _extra.clear()
    _extra.update(days)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _extra and day not in _holidays(day.year)


def working_day_after(day: date, days: int) -> date:
    """The `days`-th working day after `day`."""
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_day_before(day: date, days: int) -> date:
    """The `days`-th working day before `day`."""
    left = days
    while left > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_working_days(start: datetime, days: int, tz: ZoneInfo) -> datetime:
    """End of the `days`-th working day after `start` (local time), as an aware datetime."""
    return datetime.combine(working_day_after(start.astimezone(tz).date(), days), time(23, 59), tzinfo=tz)
