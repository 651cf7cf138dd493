"""The product's scheduler (bot/jobs.py): which jobs it holds, that they run at start and on
their trigger, without real waiting."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.jobs import AT_START, schedule
from bot.settings import Settings

WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 12, 2, 20, 15, tzinfo=WIB)


class StubApp:
    def __init__(self, fail: bool = False) -> None:
        self.settings = Settings(_env_file=None, retention_hour=3)
        self.calls: list[str] = []
        self.fail = fail
        self.job_tasks: set[asyncio.Task] = set()
        self.learning = SimpleNamespace(refresh=self.learn)
        self.cluster = None  # alone: every job runs (bot/cluster.py decides otherwise)

    async def learn(self) -> bool:
        self.calls.append("learn")
        return False

    async def deadline_clock(self) -> None:
        self.calls.append("deadline")
        if self.fail:
            raise RuntimeError("database away")

    async def quiet_stories(self) -> None:
        self.calls.append("quiet")

    async def retention(self) -> SimpleNamespace:
        self.calls.append("retention")
        return SimpleNamespace()


def test_the_scheduler_holds_the_deadline_clock_and_the_daily_retention_also_run_at_start():
    scheduler = schedule(StubApp(), 600, now=START)  # type: ignore[arg-type]
    jobs = {job.id: job for job in scheduler.get_jobs()}
    assert set(jobs) == {"deadline-clock", "story-quiet", "routing-learning", "retention", "retention-at-start"}
    learn = jobs["routing-learning"].trigger  # corrections teach within a minute
    assert isinstance(learn, IntervalTrigger) and learn.interval == timedelta(seconds=60)
    quiet = jobs["story-quiet"].trigger  # STORY_QUIET_SECONDS=60: looked for every 15 s
    assert isinstance(quiet, IntervalTrigger) and quiet.interval == timedelta(seconds=15)
    clock = jobs["deadline-clock"]
    assert isinstance(clock.trigger, IntervalTrigger) and clock.trigger.interval == timedelta(seconds=600)
    assert clock.next_run_time == START  # at start, as the old loop did
    daily = jobs["retention"].trigger
    assert isinstance(daily, CronTrigger)
    assert daily.get_next_fire_time(None, START) == datetime(2026, 12, 3, 3, 0, tzinfo=WIB)  # RETENTION_HOUR, WIB
    at_start = jobs["retention-at-start"].trigger
    assert isinstance(at_start, DateTrigger) and at_start.run_date == START + AT_START


async def test_jobs_run_at_start_and_on_their_trigger_and_a_failure_does_not_stop_them():
    app = StubApp(fail=True)
    scheduler = schedule(app, 0.05, now=datetime.now(WIB))  # type: ignore[arg-type]
    scheduler.start()
    try:
        await asyncio.sleep(0.2)
    finally:
        scheduler.shutdown(wait=False)
    assert app.calls.count("deadline") >= 2  # at start, then every interval, despite raising
    for job_id in ("retention", "retention-at-start"):  # the job functions themselves
        job = schedule(app, 600).get_job(job_id)
        await job.func()
    assert app.calls.count("retention") == 2


def test_lapor_bot_purge_runs_the_retention_job_once(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    assert main(["purge", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("retention: would erase 0 tickets' identity and 0 citizens") and "outbox 0" in out


async def test_closing_the_app_stops_a_job_that_is_running_before_the_database_goes():
    """APScheduler's shutdown stops triggering jobs but leaves a running one running: it would go
    on using a disposed database, and hung the test loop's teardown once. The app cancels it."""
    from bot.app import App

    started, disposed = asyncio.Event(), []

    class Slow(StubApp):
        async def deadline_clock(self) -> None:
            started.set()
            await asyncio.Event().wait()  # a job that is slow to finish

    app = Slow()
    app.scheduler = schedule(app, 600, now=datetime.now(WIB))  # type: ignore[arg-type]
    app.tasks = []
    app.db = SimpleNamespace(dispose=lambda: _record(disposed))
    app.scheduler.start()
    await asyncio.wait_for(started.wait(), 5)
    [job] = app.job_tasks
    await App.close(app)  # type: ignore[arg-type]
    assert job.done() and app.job_tasks == set() and disposed == [True]


async def _record(disposed: list) -> None:
    disposed.append(True)
