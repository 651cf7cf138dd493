"""Working days: weekends and Indonesian public holidays are skipped, and the serving process
gets its holidays from a child process (`lapor-bot holidays`) instead of loading the library."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from flows import workdays

WIB = ZoneInfo("Asia/Jakarta")
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_installed_calendar():
    saved = dict(workdays._installed)
    workdays._installed.clear()
    yield
    workdays._installed.clear()
    workdays._installed.update(saved)


def test_weekends_and_holidays_are_not_working_days():
    assert workdays.is_working_day(date(2026, 12, 2))  # a Wednesday
    assert not workdays.is_working_day(date(2026, 12, 5))  # Saturday
    assert not workdays.is_working_day(date(2026, 8, 17))  # Hari Kemerdekaan, a Monday
    assert not workdays.is_working_day(date(2026, 12, 25))  # Natal, a Friday
    # Thursday 24 Dec 2026 + 1 working day skips Christmas and the weekend: Monday 28th.
    due = workdays.add_working_days(datetime(2026, 12, 24, 10, tzinfo=WIB), 1, WIB)
    assert due.date() == date(2026, 12, 28)


def test_an_installed_calendar_is_used_without_the_library():
    workdays.install([2031], [date(2031, 3, 5)])  # a Wednesday made a holiday
    assert not workdays.is_working_day(date(2031, 3, 5))
    assert workdays.is_working_day(date(2031, 1, 1))  # the library's New Year, a Wednesday: not asked


def test_the_child_process_gives_the_librarys_dates():
    done = subprocess.run([sys.executable, "-m", "bot.cli", "holidays", "2026", "2027"], capture_output=True,
                          text=True, check=True, cwd=REPO)
    got = [date.fromisoformat(line) for line in done.stdout.split()]
    assert got == workdays.holiday_dates([2026, 2027])
    assert date(2026, 8, 17) in got and date(2027, 1, 1) in got


def test_lapor_bot_run_installs_the_calendar_and_never_loads_the_library(monkeypatch):
    from bot import cli

    loaded = "holidays" in sys.modules
    monkeypatch.setattr(workdays, "holiday_dates", lambda years: pytest.fail("loaded in this process"))
    cli._install_holidays()
    year = date.today().year
    assert set(workdays._installed) == {year + d for d in cli.HOLIDAY_YEARS}
    assert date(year, 8, 17) in workdays._installed[year]
    assert ("holidays" in sys.modules) == loaded
