"""The product's own scheduler (APScheduler 3, in the bot's event loop): every periodic job
(the deadline clock, the stories gone quiet, retention),
one line each in `schedule`. A job's effect is a database change (and outbox rows), conditional
on the rows, so a restart neither skips one (each also runs shortly after start) nor doubles it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler

if TYPE_CHECKING:
    from bot.app import App

log = logging.getLogger(__name__)
# APScheduler logs every run of every job at INFO; the story job runs every few seconds.
logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)

AT_START = timedelta(seconds=30)  # after the sender and the framework are up
LEARN_EVERY_S = 60.0  # a correction teaches routing within a minute


def guarded(name: str, job: Callable[[], Awaitable[Any]],
            running: set[asyncio.Task[Any]] | None = None,
            leads: Callable[[], bool] | None = None) -> Callable[[], Awaitable[None]]:
    """A job that logs its failure instead of raising it into the scheduler; tried again next time.
    While it runs, its task is in `running`: the scheduler's shutdown does not stop a job that is
    running, so the app cancels and awaits those before it closes the database they use. With
    `leads`, it runs only while that says this process leads (bot/cluster.py): every process
    schedules the jobs, one runs them, and another takes over with the lead."""

    async def run() -> None:
        if leads is not None and not leads():
            return
        task = asyncio.current_task()
        if running is not None and task is not None:
            running.add(task)
        try:
            await job()
        except Exception:
            log.exception("job %s failed; trying again at its next run", name)
        finally:
            if running is not None and task is not None:
                running.discard(task)

    return run


def schedule(app: App, clock_every_s: float, now: datetime | None = None) -> AsyncIOScheduler:
    """A scheduler with every job added (not started)."""
    zone = ZoneInfo(app.settings.timezone)
    now = now or datetime.now(zone)
    scheduler = AsyncIOScheduler(timezone=zone, job_defaults={"coalesce": True, "max_instances": 1,
                                                              "misfire_grace_time": 3600})

    cluster = getattr(app, "cluster", None)
    leads = (lambda: cluster.is_leader) if cluster is not None else None

    def every(seconds: float, name: str, job: Callable[[], Awaitable[Any]]) -> None:
        scheduler.add_job(guarded(name, job, app.job_tasks, leads), "interval", seconds=seconds, id=name,
                          next_run_time=now)

    def daily(hour: int, name: str, job: Callable[[], Awaitable[Any]]) -> None:
        scheduler.add_job(guarded(name, job, app.job_tasks, leads), "cron", hour=hour, id=name)
        scheduler.add_job(guarded(name, job, app.job_tasks, leads), "date", run_date=now + AT_START,
                          id=f"{name}-at-start")

    every(clock_every_s, "deadline-clock", app.deadline_clock)
    # A story ends after STORY_QUIET_SECONDS without a new part; looked for a few times in that
    # span, so it moves on at most a quarter late (the drafts hold the time: a restart loses none).
    every(min(max(app.settings.story_quiet_seconds / 4, 0.25), 15.0), "story-quiet", app.quiet_stories)
    # Routing learns from corrections as they arrive (flows/learning.py: a cheap check, a rebuild
    # only when a correction or veto came in, or hourly).
    every(LEARN_EVERY_S, "routing-learning", app.learning.refresh)
    daily(app.settings.retention_hour, "retention", app.retention)
    return scheduler
