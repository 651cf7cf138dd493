"""The unit of work that owns one transaction, and the database that hands them out.

Its repositories (storage/repos/) never commit and return plain records from flows.model; the
unit of work commits explicitly and rolls back on any exit without a commit.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from flows.ports import StorageBusy
from storage.repos.audit import SqlAudit
from storage.repos.desks import SqlDesks
from storage.repos.outbox import OutboxItem, SqlOutbox, SqlUpdateLog
from storage.repos.people import SqlAdmins, SqlCitizens, SqlDrafts
from storage.repos.privacy import SqlPrivacy
from storage.repos.tickets import SqlTickets

__all__ = ["Database", "OutboxItem", "SqlUnitOfWork"]


class SqlUnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self.session: AsyncSession | None = None
        self._after_commit: list[Callable[[], None]] = []

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.citizens = SqlCitizens(self.session)
        self.drafts = SqlDrafts(self.session)
        self.tickets = SqlTickets(self.session)
        self.updates = SqlUpdateLog(self.session)
        self.outbox = SqlOutbox(self.session)
        self.desks = SqlDesks(self.session)
        self.admins = SqlAdmins(self.session)
        self.audit = SqlAudit(self.session)
        self.privacy = SqlPrivacy(self.session)
        return self

    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self.session is not None
        try:
            await self.session.rollback()  # a no-op after commit; undoes anything uncommitted
        finally:
            await self.session.close()
        if isinstance(e, (OperationalError, InterfaceError)) or (
                isinstance(e, DBAPIError) and e.connection_invalidated):
            # Locked too long, connection lost, a server failing over: the turn may run again.
            raise StorageBusy() from e

    async def commit(self) -> None:
        assert self.session is not None
        await self.session.commit()
        for hook in self._after_commit:
            hook()

    def after_commit(self, hook: Callable[[], None]) -> None:
        """Run `hook` once the transaction is committed (e.g. wake the sender)."""
        self._after_commit.append(hook)


class Database:
    """Owns the engine and hands out units of work."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.commit_hooks: list[Callable[[], None]] = []  # called after every commit: the sender's wake-up

    def uow(self) -> SqlUnitOfWork:
        uow = SqlUnitOfWork(self.sessions)
        for hook in self.commit_hooks:
            uow.after_commit(hook)
        return uow

    async def dispose(self) -> None:
        await self.engine.dispose()
