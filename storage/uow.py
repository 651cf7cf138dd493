"""The unit of work that owns one transaction, and the database that hands them out.

Its repositories (storage/repos/) never commit and return plain records from flows.model; the
unit of work commits explicitly and rolls back on any exit without a commit.

A unit of work is one connection and its transaction. The statements every form step runs (claim
the update, load the citizen and the draft, save the draft, owe the replies) and the sender's
(read what is due, mark it sent) are Core statements built and compiled once (storage/repos/sql.py
`Prepared`): on SQLite they run straight on the sqlite3 connection (`raw_sqlite`), elsewhere on
the SQLAlchemy connection. Everything else goes through an ORM session that works in the same
transaction. The ORM's unit-of-work machinery, and then SQLAlchemy's execution around each
statement, cost more CPU than the statements themselves (issue 11's profile), so the hot path
does without them. The bot's Database also holds its one SQLite connection from one unit of work
to the next (`_HeldConnection`) instead of checking it out of the pool for each.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Callable, Set
from types import TracebackType
from typing import Self, cast

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.pool import AsyncAdaptedQueuePool

from flows.ports import StorageBusy
from storage.db import POOL_TIMEOUT_S
from storage.leader import NOTIFY_CHANNEL
from storage.repos.audit import SqlAudit, SqlJobRuns, SqlRoutingExamples
from storage.repos.desks import SqlDesks
from storage.repos.inbox import SqlInbox
from storage.repos.outbox import OutboxItem, SqlOutbox, SqlUpdateLog
from storage.repos.people import SqlAdmins, SqlCitizens, SqlDrafts
from storage.repos.privacy import SqlPrivacy
from storage.repos.tickets import SqlTickets
from storage.repos.workers import SqlWorkers
from storage.sqlite_inline import InlineConnection

__all__ = ["Database", "OutboxItem", "SqlUnitOfWork"]

log = logging.getLogger(__name__)
CLOSE_WAIT_S = 5.0


def _sqlite_under(conn: AsyncConnection) -> sqlite3.Connection | None:
    """The sqlite3 connection under `conn`, if it is storage/db.py's SQLite (InlineConnection)."""
    if conn.dialect.name != "sqlite":
        return None
    sync = conn.sync_connection
    assert sync is not None
    driver = sync.connection.driver_connection
    return driver._conn if isinstance(driver, InlineConnection) else None


class SqlUnitOfWork:
    def __init__(self, engine: AsyncEngine, held: _HeldConnection | None = None) -> None:
        self._engine = engine
        self._held = held
        self._conn: AsyncConnection | None = None
        self._session: AsyncSession | None = None
        self._owed: set[int] = set()
        self._raw: sqlite3.Connection | None | bool = False  # False: not looked up yet
        self._wake: list[Callable[[Set[int]], None]] = []
        self._notify: str | None = None  # this worker's id, when other workers must hear of commits

    @property
    def conn(self) -> AsyncConnection:
        assert self._conn is not None, "outside the unit of work"
        return self._conn

    @property
    def session(self) -> AsyncSession:
        """The ORM session, made on first use; it commits and rolls back the connection's
        transaction as its own."""
        if self._session is None:
            self._session = AsyncSession(bind=self.conn, expire_on_commit=False,
                                         join_transaction_mode="control_fully")
        return self._session

    @property
    def has_session(self) -> bool:
        return self._session is not None

    @property
    def raw_sqlite(self) -> sqlite3.Connection | None:
        if self._raw is False:
            self._raw = _sqlite_under(self.conn)
        return cast(sqlite3.Connection | None, self._raw)

    async def __aenter__(self) -> Self:
        if self._held is not None:
            self._conn, self._raw = await self._held.take()
            return self._repos()
        try:
            self._conn = await self._engine.connect()
            await self._conn.begin()
        # No connection to be had for now, or (sqlite3's own error, raised by BEGIN IMMEDIATE in
        # storage/db.py) another process holds the write lock past the busy timeout.
        except (OperationalError, InterfaceError, sqlite3.OperationalError) as exc:
            if self._conn is not None:
                await self._conn.close()
            raise StorageBusy() from exc
        return self._repos()

    def _repos(self) -> Self:
        self.citizens = SqlCitizens(self)
        self.drafts = SqlDrafts(self)
        self.tickets = SqlTickets(self)
        self.updates = SqlUpdateLog(self)
        self.outbox = SqlOutbox(self)
        self.desks = SqlDesks(self)
        self.admins = SqlAdmins(self)
        self.audit = SqlAudit(self)
        self.jobs = SqlJobRuns(self)
        self.routing = SqlRoutingExamples(self)
        self.privacy = SqlPrivacy(self)
        self.workers = SqlWorkers(self)
        self.inbox = SqlInbox(self)
        return self

    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        conn = self.conn
        if self._held is not None:
            await self._held.give_back(self._session, e)
        else:
            await self._close(conn)
        if isinstance(e, (OperationalError, InterfaceError)) or (
                isinstance(e, DBAPIError) and e.connection_invalidated):
            # Locked too long, connection lost, a server failing over: the turn may run again.
            raise StorageBusy() from e

    async def _close(self, conn: AsyncConnection) -> None:
        try:
            if self._session is not None:
                try:
                    await self._session.rollback()  # a no-op after commit; undoes anything uncommitted
                finally:
                    await self._session.close()
            elif conn.in_transaction():
                await conn.rollback()
        finally:
            await conn.close()

    async def commit(self) -> None:
        if self._owed and self._notify is not None:
            await self._notify_others()
        if self._session is not None:
            await self._session.commit()  # flushes; commits the transaction if the session took it up
        if self.conn.in_transaction():  # only Core statements ran
            await self.conn.commit()
        raw = self._raw
        if self._held is not None and isinstance(raw, sqlite3.Connection) and raw.in_transaction:
            try:
                raw.commit()  # every statement ran straight on sqlite3
            except sqlite3.Error as exc:
                raise DBAPIError.instance("COMMIT", None, exc, sqlite3.Error, hide_parameters=True) from exc
        if self._owed:
            for wake in self._wake:
                wake(self._owed)
            self._owed = set()

    def owe(self, chat_id: int) -> None:
        self._owed.add(chat_id)

    async def _notify_others(self) -> None:
        """On PostgreSQL with several workers: NOTIFY, delivered at the commit (or not at all),
        tells the leading worker's sender which chats are owed messages (bot/cluster.py)."""
        if self.conn.dialect.name != "postgresql":
            return
        chats = ",".join(str(c) for c in sorted(self._owed))
        payload = f"{self._notify}|{chats if len(chats) < 7000 else ''}"
        await self.conn.execute(text("SELECT pg_notify(:channel, current_schema() || '|' || :payload)"),
                                {"channel": NOTIFY_CHANNEL, "payload": payload})


class _HeldConnection:
    """The process's one SQLite connection, checked out of SQLAlchemy's pool once and handed from
    one unit of work to the next under an asyncio lock (FIFO, as the pool's queue was), each
    transaction begun (BEGIN IMMEDIATE) and ended on sqlite3 directly.

    Why: with every hot statement straight on sqlite3 (storage/repos/sql.py), what was left of a
    unit of work's cost was SQLAlchemy's pool checkout, begin, commit and return, each a trip
    through its asyncio layer: some 45% of the engine's profile (issue 11). A statement that still
    needs SQLAlchemy (the ORM, an expanding IN) runs on the same connection, in the same
    transaction (storage/db.py's "begin" hook sees it already begun)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.lock = asyncio.Lock()
        self.conn: AsyncConnection | None = None
        self.raw: sqlite3.Connection | None = None

    async def take(self) -> tuple[AsyncConnection, sqlite3.Connection]:
        try:
            async with asyncio.timeout(POOL_TIMEOUT_S):
                await self.lock.acquire()
        except TimeoutError:
            raise StorageBusy() from None  # a stuck unit of work holds it: the turn runs again later
        try:
            if self.conn is None or self.raw is None:
                conn = await self.engine.connect()
                raw = _sqlite_under(conn)
                assert raw is not None, "only for storage/db.py's SQLite engine"
                self.conn, self.raw = conn, raw
            self.raw.execute("BEGIN IMMEDIATE")
            return self.conn, self.raw
        except (OperationalError, InterfaceError, sqlite3.OperationalError) as exc:
            self.lock.release()
            raise StorageBusy() from exc  # another process holds the write lock past the busy timeout
        except BaseException:
            self.lock.release()
            raise

    async def give_back(self, session: AsyncSession | None, error: BaseException | None) -> None:
        """End the unit of work's transaction (a rollback, if it did not commit) and hand the
        connection on; a connection that failed is closed, the next unit of work makes another."""
        conn, raw = self.conn, self.raw
        try:
            assert conn is not None and raw is not None
            if conn.invalidated or (isinstance(error, DBAPIError) and error.connection_invalidated):
                await self._discard()  # broken: the next unit of work makes a new one
                return
            if session is not None:
                try:
                    await session.rollback()  # a no-op after commit; undoes anything uncommitted
                finally:
                    await session.close()
            elif conn.in_transaction():
                await conn.rollback()
            if raw.in_transaction:
                raw.rollback()
        except Exception:
            # It cannot even roll back: closed (rolling back as it closes, storage/db.py) and
            # replaced. The unit of work's own error, if any, is what its caller hears of.
            log.warning("the database connection failed at the end of a unit of work; reconnecting", exc_info=True)
            await self._discard()
        except BaseException:
            await self._discard()
            raise
        finally:
            self.lock.release()

    async def _discard(self) -> None:
        conn, self.conn, self.raw = self.conn, None, None
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()

    async def close(self) -> None:
        """At shutdown: after the unit of work in progress, if it ends within a few seconds."""
        try:
            async with asyncio.timeout(CLOSE_WAIT_S):
                await self.lock.acquire()
        except TimeoutError:
            log.warning("a unit of work still held the database connection at shutdown; closing it")
            await self._discard()
            return
        try:
            await self._discard()
        finally:
            self.lock.release()


class Database:
    """Owns the engine and hands out units of work. `hold`: keep the one connection of a SQLite
    file database for the life of this object (`_HeldConnection`); the bot does, and so must
    `dispose` be called before the engine goes."""

    def __init__(self, engine: AsyncEngine, hold: bool = False) -> None:
        self.engine = engine
        # Told, after a commit that owed messages, which chats they are for: the sender's wake-up.
        self.commit_hooks: list[Callable[[Set[int]], None]] = []
        # Set (to the worker's id) when several workers share a PostgreSQL database: commits that
        # owe messages are then announced to the leader's sender too (storage/leader.py).
        self.notify_as: str | None = None
        pool = engine.sync_engine.pool
        holdable = engine.dialect.name == "sqlite" and isinstance(pool, AsyncAdaptedQueuePool) and pool.size() == 1
        self._held = _HeldConnection(engine) if hold and holdable else None

    def uow(self, wake: bool = True) -> SqlUnitOfWork:
        """A unit of work; `wake=False` for the sender's own bookkeeping, whose commits must not
        wake the sender again (each woken sender reads the outbox once more)."""
        uow = SqlUnitOfWork(self.engine, self._held)
        if wake:
            uow._wake = self.commit_hooks
            uow._notify = self.notify_as
        return uow

    async def dispose(self) -> None:
        if self._held is not None:
            await self._held.close()
        await self.engine.dispose()
