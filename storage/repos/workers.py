"""The workers table (bot/cluster.py): each `lapor-bot run` process's heartbeat, by the
database's clock on PostgreSQL (`now()`), so that a worker whose own clock is off is neither
taken for dead nor kept alive by it. SQLite serves one machine: its clock is the process's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.models import UTCDateTime, WorkerRow
from storage.repos.sql import Repo

# A worker not stopped in order and silent this long is taken to be gone: reported to the admins
# (bot/cluster.py), and no longer counted as running when a migration asks (storage/db.py).
SILENT_S = 15.0


@dataclass(frozen=True)
class Worker:
    id: str
    host: str
    pid: int
    role: str  # leader | standby | stopped
    mode: str
    handled: int
    started_at: datetime
    heartbeat_at: datetime
    stopped_at: datetime | None
    silent_s: float  # since its last heartbeat, by the database's clock


class SqlWorkers(Repo):
    def _now(self) -> Any:
        if self.c.dialect.name == "postgresql":
            return func.now()
        return literal(datetime.now(UTC), UTCDateTime())

    async def beat(self, worker_id: str, host: str, pid: int, role: str, mode: str, handled: int = 0) -> None:
        """The worker is alive, in `role`, and has handled `handled` updates since its start
        (registered on its first beat)."""
        now = self._now()
        insert = pg_insert if self.c.dialect.name == "postgresql" else sqlite_insert
        stmt = insert(WorkerRow).values(id=worker_id, host=host[:255], pid=pid, role=role, mode=mode,
                                        handled=handled, started_at=now, heartbeat_at=now)
        await self.c.execute(stmt.on_conflict_do_update(
            index_elements=["id"], set_={"role": role, "handled": handled, "heartbeat_at": now, "stopped_at": None}))

    async def stopped(self, worker_id: str) -> None:
        """The worker stopped in order (not silent: nobody is told)."""
        await self.c.execute(update(WorkerRow).where(WorkerRow.id == worker_id)
                             .values(role="stopped", stopped_at=self._now()))

    async def all(self) -> list[Worker]:
        """Every worker known, the most recently alive first."""
        rows = (await self.c.execute(select(*WorkerRow.__table__.c, self._now().label("db_now"))
                                     .order_by(WorkerRow.heartbeat_at.desc()))).all()
        out = []
        for w in rows:
            now = w.db_now if w.db_now.tzinfo is not None else w.db_now.replace(tzinfo=UTC)
            out.append(Worker(w.id, w.host, w.pid, w.role, w.mode, w.handled, w.started_at, w.heartbeat_at,
                              w.stopped_at, max(0.0, (now - w.heartbeat_at).total_seconds())))
        return out

    async def silent(self, after_s: float) -> list[Worker]:
        """Workers not stopped in order whose heartbeat is older than `after_s` and that nobody
        was told of yet; marked told in this transaction."""
        quiet = [w for w in await self.all() if w.stopped_at is None and w.silent_s > after_s]
        if not quiet:
            return []
        told = (await self.c.execute(
            update(WorkerRow).where(WorkerRow.id.in_([w.id for w in quiet]), WorkerRow.reported_at.is_(None))
            .values(reported_at=self._now()).returning(WorkerRow.id))).scalars().all()
        return [w for w in quiet if w.id in set(told)]

    async def forget(self, older_than: timedelta) -> int:
        """Drop the rows of workers stopped or silent for longer than `older_than`."""
        cutoff = datetime.now(UTC) - older_than
        result = await self.c.execute(delete(WorkerRow).where(WorkerRow.heartbeat_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)
