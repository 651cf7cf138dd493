"""Small typed helpers the repositories share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, Executable, Result
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession


def rowcount(result: Result[Any]) -> int:
    """Rows an UPDATE, DELETE or INSERT touched (their results are cursor results)."""
    return cast(CursorResult[Any], result).rowcount


def upsert_insert(session: AsyncSession) -> Any:
    """The dialect's INSERT that knows ON CONFLICT (PostgreSQL's or SQLite's)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


class Prepared:
    """A Core statement built once per dialect and run with bound parameters. Building a
    statement (select(), where(), values()) and computing its cache key cost more CPU than SQLite
    takes to run it; a statement built once keeps its cache key and its compiled form."""

    __slots__ = ("_build", "_built")

    def __init__(self, build: Callable[[str], Executable]) -> None:
        self._build = build  # dialect name -> statement
        self._built: dict[str, Executable] = {}

    def on(self, conn: AsyncConnection) -> Executable:
        name = conn.dialect.name
        stmt = self._built.get(name)
        if stmt is None:
            stmt = self._built[name] = self._build(name)
        return stmt


def dialect_insert(dialect: str) -> Any:
    """The dialect's INSERT that knows ON CONFLICT, by dialect name."""
    return pg_insert if dialect == "postgresql" else sqlite_insert


class Transaction(Protocol):
    @property
    def conn(self) -> AsyncConnection: ...
    @property
    def session(self) -> AsyncSession: ...
    @property
    def has_session(self) -> bool: ...
    def owe(self, chat_id: int) -> None:
        """The chat may have a message due once this transaction commits (the sender is told)."""
        ...


class Repo:
    """A repository's way into its unit of work's transaction: `c`, the connection, for Core
    statements; `s`, the ORM session in the same transaction, made only when first used (most
    form steps never need one, and making and closing it cost as much as a statement)."""

    __slots__ = ("_tx",)

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx

    @property
    def s(self) -> AsyncSession:
        return self._tx.session

    @property
    def c(self) -> AsyncConnection:
        return self._tx.conn

    async def flush_orm(self) -> None:
        """Write what the session holds, so that a Core statement sees it."""
        if self._tx.has_session:
            s = self._tx.session
            if s.new or s.dirty or s.deleted:
                await s.flush()
