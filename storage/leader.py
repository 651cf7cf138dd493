"""Leadership among the `lapor-bot run` processes on one database (bot/cluster.py).

PostgreSQL: a session advisory lock, held on a connection of its own. It goes with the connection,
so a process that dies loses it at once (the server closes the session), and one that is cut off
from the server loses it within seconds (TCP keepalives on that connection); whoever tries next
takes it. The key is made from the database and the schema, so deployments in different schemas
of one database (and parallel test runs) each have their own leader.

SQLite: one process per database file (a second would wait on the write lock at every turn), so
the lock is always this process's.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

NOTIFY_CHANNEL = "lapor_outbox"  # storage/uow.py: a commit that owes messages, announced

# The lock's connection notices a server gone silent within about idle + interval * count seconds.
KEEPALIVE = {"tcp_keepalives_idle": "5", "tcp_keepalives_interval": "2", "tcp_keepalives_count": "3"}


def lock_key(database: str, schema: str | None, name: str) -> int:
    """A signed 64-bit advisory lock key for `name` in this database and schema."""
    digest = hashlib.sha256(f"lapor-bot/{database}/{schema or ''}/{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def side_engine(engine: AsyncEngine, schema: str | None, name: str) -> AsyncEngine:
    """An engine for one long-lived connection of its own beside `engine`'s pool: no pool,
    TCP keepalives, the schema's search_path, named `name` in pg_stat_activity."""
    settings = {**KEEPALIVE, "application_name": f"lapor-bot {name}"}
    if schema:
        settings["search_path"] = schema
    return create_async_engine(engine.url, poolclass=NullPool, connect_args={"server_settings": settings})


async def open_session(side: AsyncEngine) -> AsyncConnection:
    """A connection of `side_engine`, outside any transaction (LISTEN and session locks live there)."""
    conn = await side.connect()
    await conn.execution_options(isolation_level="AUTOCOMMIT")
    return conn


async def listen(conn: AsyncConnection, channel: str, heard: Callable[[object, int, str, str], None]) -> str:
    """LISTEN on `channel` on `conn` (asyncpg calls `heard` with each notification); the schema the
    connection works in, which the notifications name."""
    schema = str(await conn.scalar(text("SELECT current_schema()")))
    raw = await conn.get_raw_connection()
    await raw.driver_connection.add_listener(channel, heard)  # type: ignore[union-attr]
    return schema


async def discard(conn: AsyncConnection | None) -> None:
    """Let a connection go that may be dead already."""
    if conn is not None:
        try:
            await conn.invalidate()
        except Exception:  # noqa: BLE001 - it is gone either way
            pass


class LeaderLock:
    def __init__(self, engine: AsyncEngine, schema: str | None = None, name: str = "leader",
                 worker_id: str = "") -> None:
        url = engine.url
        self.on_postgres = url.get_backend_name() == "postgresql"
        self.key = lock_key(url.database or "", schema, name)
        self.schema, self.worker_id = schema, worker_id
        self._engine = side_engine(engine, schema, name) if self.on_postgres else None
        self._conn: AsyncConnection | None = None
        self.held = not self.on_postgres
        # While held: called with the chats another worker's commit owed messages to (None: some
        # chats, too many to name), so that the leader's sender sends them at once.
        self.on_notify: Callable[[set[int] | None], None] | None = None
        self._schema_now = ""

    async def hold(self) -> bool:
        """Is this process the leader? Takes the lock when it is free; while held, checks that
        the lock's connection still stands (the lock went with it otherwise)."""
        if not self.on_postgres:
            return True
        assert self._engine is not None
        try:
            if self._conn is None:
                self._conn = await open_session(self._engine)
            if self.held:
                await self._conn.execute(text("SELECT 1"))
            else:
                self.held = bool(await self._conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key}))
                if self.held:  # other workers' commits, heard as long as the lead lasts
                    self._schema_now = await listen(self._conn, NOTIFY_CHANNEL, self._notified)
        except Exception as exc:  # noqa: BLE001 - the server gone or restarting: not the leader now
            if self.held:
                log.warning("leadership lost with the lock's connection (%s)", type(exc).__name__)
            await self._drop()
        return self.held

    def _notified(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        schema, _, rest = payload.partition("|")
        worker, _, chats = rest.partition("|")
        if schema != self._schema_now or worker == self.worker_id or self.on_notify is None:
            return  # another deployment's, or this worker's own (its commit woke its sender)
        try:
            self.on_notify({int(c) for c in chats.split(",")} if chats else None)
        except ValueError:
            self.on_notify(None)

    async def _drop(self) -> None:
        self.held = False
        conn, self._conn = self._conn, None
        await discard(conn)

    async def release(self) -> None:
        """Give the lock up (on an orderly stop: another process takes over at its next try)."""
        if self._conn is not None:
            try:
                if self.held:
                    await self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
                await self._conn.close()
            except Exception:  # noqa: BLE001 - closing the session releases it anyway
                pass
            self._conn = None
        self.held = not self.on_postgres
        if self._engine is not None:
            await self._engine.dispose()


class Listener:
    """LISTEN on `channel` on a connection of its own, kept open (reconnected every few seconds
    while the server is away): `callback` is called for each notification of this schema."""

    def __init__(self, engine: AsyncEngine, schema: str | None, channel: str, callback: Callable[[], None]) -> None:
        self._engine = side_engine(engine, schema, channel)
        self.channel, self.callback = channel, callback
        self._conn: AsyncConnection | None = None
        self._schema = ""

    async def run(self, check_s: float = 2.0) -> None:
        while True:
            try:
                if self._conn is None:
                    self._conn = await open_session(self._engine)
                    self._schema = await listen(self._conn, self.channel, self._heard)
                    self.callback()  # what came while it was not listening
                else:
                    await self._conn.execute(text("SELECT 1"))
            except Exception as exc:  # noqa: BLE001 - the server away: the worker looks every second anyway
                log.info("%s listener down (%s); reconnecting", self.channel, type(exc).__name__)
                lost, self._conn = self._conn, None
                await discard(lost)
            await asyncio.sleep(check_s)

    def _heard(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        if payload == self._schema:
            self.callback()

    async def close(self) -> None:
        if self._conn is not None:
            try:
                await self._conn.close()
            except Exception:  # noqa: BLE001
                pass
            self._conn = None
        await self._engine.dispose()
