"""This process among the `lapor-bot run` processes on one database (issue 15).

Every process beats: a row in `worker` (storage/repos/workers.py) says who it is (host, pid), what
it does (leader or standby) and, by the database's clock, when it last said so; `lapor-bot status`
lists them. One process leads (storage/leader.py: PostgreSQL's advisory lock, taken over within
a heartbeat or two when the leader dies): it polls Telegram, runs the outbox sender and the
scheduled jobs, and tells the admins when a worker has gone silent. The others stand by: in
webhook mode they handle the requests that reach them (each turn is one transaction, and the
update's claim makes it count once); in polling mode they wait to lead. On SQLite there is one
process, and it leads.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable
from datetime import timedelta

from storage.leader import LeaderLock
from storage.repos.workers import SILENT_S, Worker
from storage.uow import Database

log = logging.getLogger(__name__)

HEARTBEAT_S = 2.0  # each worker beats, and a standby tries to lead, this often
FORGET_AFTER = timedelta(days=7)  # rows of workers gone this long are dropped

OnSilent = Callable[[list[Worker]], Awaitable[None]]


class Cluster:
    def __init__(self, db: Database, lock: LeaderLock, mode: str, on_silent: OnSilent | None = None,
                 heartbeat_s: float = HEARTBEAT_S) -> None:
        self.db, self.lock, self.mode, self.on_silent = db, lock, mode, on_silent
        self.heartbeat_s = heartbeat_s
        self.host, self.pid = socket.gethostname(), os.getpid()
        self.id = f"{self.host}:{self.pid}:{secrets.token_hex(3)}"
        lock.worker_id = self.id  # its own commits' announcements are not news to it
        if lock.on_postgres:
            db.notify_as = self.id  # commits that owe messages are announced to the leader
        self.leading = asyncio.Event()  # set while this process leads
        self.standing_by = asyncio.Event()  # set while it does not
        (self.leading if lock.held else self.standing_by).set()
        self.beats = 0
        self.handled: Callable[[], int] = lambda: 0  # the runner's count of updates handled

    @property
    def is_leader(self) -> bool:
        return self.leading.is_set()

    async def beat(self) -> None:
        """One heartbeat: lead if the lock is free, say so, and (leading) report the silent."""
        leader = await self.lock.hold()
        if leader != self.is_leader:
            log.warning("worker %s now %s", self.id, "leads" if leader else "stands by")
            (self.standing_by if leader else self.leading).clear()
            (self.leading if leader else self.standing_by).set()
        silent: list[Worker] = []
        async with self.db.uow(wake=False) as uow:
            await uow.workers.beat(self.id, self.host, self.pid, "leader" if leader else "standby", self.mode,
                                   self.handled())
            if leader and self.lock.on_postgres:  # on SQLite this process is all there is
                silent = await uow.workers.silent(SILENT_S)
            if leader and self.beats % 1000 == 0:  # a row per start would pile up otherwise
                await uow.workers.forget(FORGET_AFTER)
            await uow.commit()
        self.beats += 1
        if silent and self.on_silent is not None:
            await self.on_silent(silent)

    async def run(self) -> None:
        """Beat until cancelled; a failed beat (the database away) is logged and tried again."""
        failures = 0
        while True:
            try:
                await self.beat()
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the next beat tries again
                failures += 1
                if failures == 1 or failures % 30 == 0:
                    log.warning("heartbeat of worker %s failed (%s), %d in a row", self.id, type(exc).__name__,
                                failures)
            await asyncio.sleep(self.heartbeat_s)

    async def stop(self) -> None:
        """An orderly stop: marked stopped (nobody is told), the lead given up."""
        try:
            async with self.db.uow(wake=False) as uow:
                await uow.workers.stopped(self.id)
                await uow.commit()
        except Exception as exc:  # noqa: BLE001 - the row then goes silent and is reported
            log.warning("worker %s could not record its stop (%s)", self.id, type(exc).__name__)
        await self.lock.release()


def workers_report(workers: list[Worker]) -> str:
    """`lapor-bot status`'s table of workers: host, pid, role, mode, last heartbeat."""
    if not workers:
        return "Workers: none has run on this database yet"
    live = [w for w in workers if w.stopped_at is None and w.silent_s <= SILENT_S]
    lines = [f"Workers: {len(live)} alive, {sum(w.role == 'leader' for w in live)} leading",
             f"  {'host':<24} {'pid':>7} {'role':<8} {'mode':<8} {'handled':>8} {'last heartbeat':<26} state"]
    for w in workers:
        if w.stopped_at is not None:
            state = "stopped"
        elif w.silent_s > SILENT_S:
            state = f"SILENT for {w.silent_s:.0f} s"
        else:
            state = f"alive ({w.silent_s:.0f} s ago)"
        lines.append(f"  {w.host[:24]:<24} {w.pid:>7} {w.role:<8} {w.mode:<8} {w.handled:>8} "
                     f"{w.heartbeat_at.isoformat(timespec='seconds'):<26} {state}")
    return "\n".join(lines)
