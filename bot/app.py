"""Composition root: settings -> database (migrated) -> directory and classifier -> core."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.cluster import Cluster
from bot.jobs import schedule
from bot.sender import OutboxSender
from bot.settings import Settings
from flows import workdays
from flows.core import Core, FloodGuard
from flows.delivery import Client, DeliveryError
from flows.desks import ADMIN_COMMANDS, AgencyInfo, DeskConfig, Desks, Members
from flows.desks.reports import sweep
from flows.directory import Directory, load_directory
from flows.erasure import RetentionResult
from flows.events import Reply
from flows.form import Limits
from flows.intake import Intake, IntakeConfig
from flows.learning import Learning
from flows.routing import Classifier
from flows.routing.similar import SimilarConfig
from flows.texts import t
from flows.turn import Turns
from storage.db import create_engine, migrate
from storage.leader import LeaderLock
from storage.repos.workers import Worker
from storage.uow import Database, OutboxItem

log = logging.getLogger(__name__)
FILES_KEEP = timedelta(days=1)  # an export or chart not delivered by then is deleted (flows/desks/reports.py)


@dataclass
class App:
    settings: Settings
    db: Database
    directory: Directory
    classifier: Classifier
    learning: Learning
    intake: Intake
    desks: Desks
    core: Core
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    job_tasks: set[asyncio.Task[Any]] = field(default_factory=set)  # scheduled jobs running now
    scheduler: AsyncIOScheduler | None = None
    cluster: Cluster | None = None
    sender: OutboxSender | None = None  # while this process leads

    async def start_workers(self, transport: Client, clock_every_s: float = 600.0) -> Cluster:
        """The background workers, whichever framework delivers: the heartbeat (bot/cluster.py),
        and while this process leads the outbox sender (woken by every commit) and the
        scheduler's jobs (bot/jobs.py: the deadline clock, retention)."""
        lock = LeaderLock(self.db.engine, self.settings.database_schema)
        cluster = self.cluster = Cluster(self.db, lock, self.settings.bot_mode, on_silent=self.workers_silent)
        try:
            await cluster.beat()  # the first: a process alone on the database leads at once
        except Exception as exc:  # noqa: BLE001 - the heartbeat task tries again
            log.warning("first heartbeat failed (%s)", type(exc).__name__)
        self.db.commit_hooks.append(self._wake_sender)
        self.tasks.append(asyncio.create_task(self._lead(transport), name="leader-duties"))
        self.tasks.append(asyncio.create_task(cluster.run(), name="heartbeat"))
        self.scheduler = schedule(self, clock_every_s)
        self.scheduler.start()
        return cluster

    def _wake_sender(self, chats: Set[int]) -> None:
        if self.sender is not None:
            self.sender.wake(chats)

    async def _lead(self, transport: Client) -> None:
        """The outbox sender runs while this process leads: one sender for the whole cluster, so
        no message goes out twice and Telegram's limits hold across the processes."""
        assert self.cluster is not None
        while True:
            await self.cluster.leading.wait()
            sender = self.sender = OutboxSender(self.db, transport, self.settings.send_limits(),
                                                on_migrated=self.chat_migrated,
                                                on_persistent_failure=self.delivery_failing)
            task = asyncio.create_task(sender.run(), name="outbox-sender")
            self.cluster.lock.on_notify = sender.wake_for  # other workers' commits
            try:
                await self.cluster.standing_by.wait()
            finally:
                self.cluster.lock.on_notify = None
                self.sender = None
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)

    async def workers_silent(self, workers: list[Worker]) -> None:
        """Tell the admins of workers that stopped beating without an orderly stop."""
        lang = self.settings.staff_language
        lines = [t(lang, "worker_silent_line", host=w.host, pid=w.pid, role=w.role, seconds=int(w.silent_s))
                 for w in workers]
        await self.tell_admins(t(lang, "worker_silent", workers="\n".join(lines)))
        log.warning("%d worker(s) stopped heartbeating: %s", len(workers), ", ".join(w.id for w in workers))

    async def deadline_clock(self) -> None:
        """Deadlines (flows/desks/deadlines.py): reminders, overdue marks, escalation, the daily
        digests, and the answered tickets closed after CLOSE_DAYS."""
        done = await self.desks.deadline_clock(self.settings.digest_hour)
        if done.reminded or done.overdue or done.escalated or done.recomputed or done.messages:
            log.info("deadline clock: %d reminded, %d overdue, %d escalated, %d recomputed; messages %s",
                     done.reminded, done.overdue, done.escalated, done.recomputed, dict(done.messages))

    async def quiet_stories(self) -> None:
        """Stories without a new part for STORY_QUIET_SECONDS go on to the next question."""
        moved = await self.intake.quiet_stories()
        if moved:
            log.info("%d quiet stories moved on to the next question", moved)

    async def retention(self, dry_run: bool = False) -> RetentionResult:
        """RETENTION_YEARS and the purge of delivery records (flows/erasure.py), in one
        transaction (rolled back on a dry run: what would go, counted)."""
        async with self.db.uow() as uow:
            result = await self.desks.erasure.retention(uow, self.settings.retention_years,
                                                        self.settings.outbox_keep_days)
            if not dry_run:
                await uow.commit()
        if not dry_run:
            result.purged["files"] = sweep(self.settings.files_dir, FILES_KEEP, datetime.now(UTC))
        log.info("retention: %d tickets and %d citizens erased, purged %s",
                 result.tickets, result.citizens, result.purged)
        return result

    async def close(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)  # stops triggering; a job that runs goes on:
        for task in list(self.job_tasks):
            task.cancel()
        await asyncio.gather(*self.job_tasks, return_exceptions=True)
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.cluster is not None:
            await self.cluster.stop()
        await self.db.dispose()

    async def chat_migrated(self, old: int, new: int) -> None:
        """A desk group became a supergroup: its desk and card records follow it."""
        async with self.db.uow() as uow:
            await uow.desks.move_chat(old, new)
            await uow.commit()

    async def delivery_failing(self, item: OutboxItem, error: DeliveryError) -> None:
        """Tell the admins, once per message, that delivery keeps failing."""
        await self.tell_admins(t(self.settings.staff_language, "delivery_failing", item=item.id, chat=item.chat_id,
                                 kind=error.kind, error=error.message[:200]), but=item.chat_id)

    async def tell_admins(self, text: str, but: int | None = None) -> None:
        """A notice to every admin of ADMIN_IDS (but `but`: the chat the notice is about), through
        the outbox."""
        async with self.db.uow() as uow:
            for admin in self.settings.admin_ids:
                if admin != but:
                    await uow.outbox.add(admin, Reply(text))
            await uow.commit()


def intake_config(settings: Settings, directory: Directory) -> IntakeConfig:
    coordinator = directory.coordinator_agency
    short = coordinator.aliases[0] if coordinator.aliases else coordinator.name
    return IntakeConfig(
        regency=settings.regency_name,
        ticket_prefix=settings.ticket_prefix,
        timezone=settings.timezone,
        default_language=settings.default_language,
        retention_years=settings.retention_years,
        limits=Limits(max_attachments=settings.max_attachments, max_file_mb=settings.max_file_mb),
        coordinator_name=short if len(short) > 3 else coordinator.name,
        story_quiet_s=settings.story_quiet_seconds,
        stale_draft_h=settings.stale_draft_hours,
        similar=SimilarConfig(days=settings.similar_days, meters=settings.similar_meters)
        if settings.similar_days else None,
    )


def agencies_of(directory: Directory) -> dict[str, AgencyInfo]:
    return {a.code: AgencyInfo(a.code, a.name, a.aliases[0] if a.aliases else a.name, a.kind) for a in directory}


def desk_config(settings: Settings, directory: Directory) -> DeskConfig:
    return DeskConfig(
        admin_ids=frozenset(settings.admin_ids), timezone=settings.timezone,
        ticket_prefix=settings.ticket_prefix, staff_language=settings.staff_language,
        verify_days=settings.verify_days, followup_days=settings.followup_days, close_days=settings.close_days,
        tier_days=dict(settings.tier_days),
        agency_tiers={**{a.code: a.tier for a in directory if a.tier}, **settings.agency_tiers},
        office_hours=(settings.office_start_hour, settings.office_end_hour),
        remind_days=settings.remind_days, escalate_days=settings.escalate_days,
        files_dir=str(settings.files_dir),
    )


async def build_app(settings: Settings, members: Members | None = None,
                    clock: Callable[[], datetime] | None = None) -> App:
    """Everything, built in one call from its dependencies: `members` answers whether a user
    belongs to a group (the runner's framework asks Telegram; None lets every member press);
    `clock` is the desks' (deadlines; tests drive it)."""
    directory = load_directory(settings.directory_file)
    workdays.set_extra_holidays(settings.extra_holidays)
    classifier = Classifier(directory)
    engine = create_engine(settings.database_url, settings.database_schema, **settings.pool_options())
    await migrate(engine)
    db = Database(engine, hold=True)  # the process keeps its one SQLite connection (storage/uow.py)
    learning = Learning(classifier, db.uow)
    await learning.refresh(force=True)

    agencies = agencies_of(directory)
    turns = Turns(db.uow)
    desks = Desks(turns, agencies, desk_config(settings, directory), members=members, clock=clock,
                  learning=learning)
    intake = Intake(turns, intake_config(settings, directory), router=classifier, agencies=agencies,
                    hooks=desks)
    log.info("ready: %d agencies, database %s", len(directory), engine.url.render_as_string(hide_password=True))
    flood = FloodGuard(db.uow, settings.flood_per_minute) if settings.flood_per_minute else None
    core = Core(turns, intake, desks, ADMIN_COMMANDS, flood)
    return App(settings, db, directory, classifier, learning, intake, desks, core)
