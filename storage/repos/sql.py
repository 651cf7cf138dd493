"""Small typed helpers the repositories share."""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, Executable, Result
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession


def rowcount(result: Result[Any] | DirectResult) -> int:
    """Rows an UPDATE, DELETE or INSERT touched (their results are cursor results)."""
    return cast(CursorResult[Any], result).rowcount


def upsert_insert(session: AsyncSession) -> Any:
    """The dialect's INSERT that knows ON CONFLICT (PostgreSQL's or SQLite's)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


Params = Mapping[str, Any] | Sequence[Mapping[str, Any]]


class Prepared:
    """A Core statement built once per dialect and run with bound parameters. Building a
    statement (select(), where(), values()) and computing its cache key cost more CPU than SQLite
    takes to run it; a statement built once keeps its cache key and its compiled form.

    On SQLite, `Repo.run` goes further: the statement is compiled once (SQLAlchemy's own
    compiler, bind and result processors) and then run on the sqlite3 connection directly, in the
    unit of work's transaction. SQLAlchemy's execution around a statement (the execution context,
    its events, the result object, the greenlet switches of its asyncio layer) cost some 100 µs,
    SQLite some 15 µs to run it (issue 11's profile)."""

    __slots__ = ("_build", "_built", "_direct")

    def __init__(self, build: Callable[[str], Executable]) -> None:
        self._build = build  # dialect name -> statement
        self._built: dict[str, Executable] = {}
        # Compiled for SQLite's driver, by the names of the parameters given (an INSERT takes the
        # columns it sets from them, as SQLAlchemy's own execution does); None: not possible.
        self._direct: dict[tuple[str, ...], _Direct | None] = {}

    def on(self, conn: AsyncConnection) -> Executable:
        name = conn.dialect.name
        stmt = self._built.get(name)
        if stmt is None:
            stmt = self._built[name] = self._build(name)
        return stmt

    def direct(self, conn: AsyncConnection, params: Params) -> _Direct | None:
        """The statement compiled for SQLite's driver, or None if it needs SQLAlchemy (an
        expanding IN list, rendered afresh for each call)."""
        keys = tuple(params if isinstance(params, Mapping) else params[0])
        try:
            return self._direct[keys]
        except KeyError:
            compiled: Any = cast(Any, self.on(conn)).compile(dialect=conn.dialect, column_keys=list(keys))
            post = compiled.post_compile_params or compiled.literal_execute_params
            defaults = _python_defaults(compiled)
            direct = None if post or defaults is None else _Direct(compiled, conn.dialect, defaults)
            self._direct[keys] = direct
            return direct


def _python_defaults(compiled: Any) -> dict[str, Any] | None:
    """The columns an INSERT or UPDATE leaves to a Python-side default (`default=0`,
    `default=utcnow`, `onupdate=`): SQLAlchemy's execution computes them before each statement,
    so the direct path must too. A column or SQL-expression default it cannot compute so: None."""
    defaults: dict[str, Any] = {}
    for column in (*compiled.insert_prefetch, *compiled.update_prefetch):
        default = column.onupdate if column in compiled.update_prefetch else column.default
        if default is None:
            continue
        if not (default.is_scalar or default.is_callable):
            return None
        defaults[column.key] = default.arg  # a callable one is SQLAlchemy's wrapper, given a context
    return defaults


class _Direct:
    __slots__ = ("compiled", "sql", "names", "binds", "row", "results", "defaults")

    def __init__(self, compiled: Any, dialect: Dialect, defaults: dict[str, Any]) -> None:
        self.compiled = compiled
        self.defaults = defaults
        self.sql: str = compiled.string
        self.names: list[str] = list(compiled.positiontup or ())
        processors = compiled._bind_processors
        self.binds = [processors.get(name) for name in self.names]
        columns = compiled._result_columns
        self.row: Any = namedtuple("Row", [c.keyname for c in columns], rename=True) if columns else None
        self.results = [c.type._cached_result_processor(dialect, None) for c in columns]

    def _values(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        full = self.compiled.construct_params(params)  # with the statement's own constants
        for name, default in self.defaults.items():
            if name not in params:
                full[name] = default(None) if callable(default) else default
        return tuple(full[n] if p is None else p(full[n]) for n, p in zip(self.names, self.binds, strict=True))

    def run(self, raw: sqlite3.Connection, params: Params) -> DirectResult:
        try:
            if isinstance(params, Mapping):
                cursor = raw.execute(self.sql, self._values(params))
            else:
                cursor = raw.executemany(self.sql, [self._values(p) for p in params])
            if self.row is None:
                return DirectResult([], cursor.rowcount)
            results, make = self.results, self.row._make
            rows = [make(v if f is None else f(v) for f, v in zip(results, r, strict=True))
                    for r in cursor.fetchall()]
            return DirectResult(rows, cursor.rowcount)
        except sqlite3.Error as exc:  # as SQLAlchemy would raise it (the unit of work maps them)
            raise DBAPIError.instance(self.sql, None, exc, sqlite3.Error, hide_parameters=True) from exc


class DirectResult:
    """What `Repo.run` returns: the rows (attribute access by column name) and the rowcount."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows, self.rowcount = rows, rowcount

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)


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
    @property
    def raw_sqlite(self) -> sqlite3.Connection | None:
        """The sqlite3 connection under `conn`, on SQLite (None elsewhere)."""
        ...
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

    async def run(self, prepared: Prepared, params: Params) -> Any:
        """Run a prepared statement in the transaction: straight on sqlite3 where it can be
        (see Prepared), through SQLAlchemy elsewhere. Its rows and rowcount read alike."""
        raw = self._tx.raw_sqlite
        if raw is not None and params and (direct := prepared.direct(self.c, params)) is not None:
            return direct.run(raw, params)
        return await self.c.execute(prepared.on(self.c), params)

    async def flush_orm(self) -> None:
        """Write what the session holds, so that a Core statement sees it."""
        if self._tx.has_session:
            s = self._tx.session
            if s.new or s.dirty or s.deleted:
                await s.flush()
