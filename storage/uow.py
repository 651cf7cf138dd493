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
does without them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Set
from types import TracebackType
from typing import Self, cast

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from flows.ports import StorageBusy
from storage.repos.audit import SqlAudit
from storage.repos.desks import SqlDesks
from storage.repos.outbox import OutboxItem, SqlOutbox, SqlUpdateLog
from storage.repos.people import SqlAdmins, SqlCitizens, SqlDrafts
from storage.repos.privacy import SqlPrivacy
from storage.repos.tickets import SqlTickets
from storage.sqlite_inline import InlineConnection

__all__ = ["Database", "OutboxItem", "SqlUnitOfWork"]


class SqlUnitOfWork:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._conn: AsyncConnection | None = None
        self._session: AsyncSession | None = None
        self._owed: set[int] = set()
        self._raw: sqlite3.Connection | None | bool = False  # False: not looked up yet
        self._wake: list[Callable[[Set[int]], None]] = []

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
            sync = self.conn.sync_connection
            assert sync is not None
            driver = sync.connection.driver_connection if self.conn.dialect.name == "sqlite" else None
            self._raw = driver._conn if isinstance(driver, InlineConnection) else None
        return cast(sqlite3.Connection | None, self._raw)

    async def __aenter__(self) -> Self:
        try:
            self._conn = await self._engine.connect()
            await self._conn.begin()
        # No connection to be had for now, or (sqlite3's own error, raised by BEGIN IMMEDIATE in
        # storage/db.py) another process holds the write lock past the busy timeout.
        except (OperationalError, InterfaceError, sqlite3.OperationalError) as exc:
            if self._conn is not None:
                await self._conn.close()
            raise StorageBusy() from exc
        self.citizens = SqlCitizens(self)
        self.drafts = SqlDrafts(self)
        self.tickets = SqlTickets(self)
        self.updates = SqlUpdateLog(self)
        self.outbox = SqlOutbox(self)
        self.desks = SqlDesks(self)
        self.admins = SqlAdmins(self)
        self.audit = SqlAudit(self)
        self.privacy = SqlPrivacy(self)
        return self

    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        conn = self.conn
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
        if isinstance(e, (OperationalError, InterfaceError)) or (
                isinstance(e, DBAPIError) and e.connection_invalidated):
            # Locked too long, connection lost, a server failing over: the turn may run again.
            raise StorageBusy() from e

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.commit()  # flushes; commits the transaction if the session took it up
        if self.conn.in_transaction():  # only Core statements ran
            await self.conn.commit()
        if self._owed:
            for wake in self._wake:
                wake(self._owed)
            self._owed = set()

    def owe(self, chat_id: int) -> None:
        self._owed.add(chat_id)


class Database:
    """Owns the engine and hands out units of work."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        # Told, after a commit that owed messages, which chats they are for: the sender's wake-up.
        self.commit_hooks: list[Callable[[Set[int]], None]] = []

    def uow(self, wake: bool = True) -> SqlUnitOfWork:
        """A unit of work; `wake=False` for the sender's own bookkeeping, whose commits must not
        wake the sender again (each woken sender reads the outbox once more)."""
        uow = SqlUnitOfWork(self.engine)
        if wake:
            uow._wake = self.commit_hooks
        return uow

    async def dispose(self) -> None:
        await self.engine.dispose()
