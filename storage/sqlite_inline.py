"""aiosqlite without its thread: the one SQLite connection of the process, run on the event loop.

aiosqlite runs every call (execute, fetch, close a cursor, commit) in a worker thread and hands
the result back through the loop's self-pipe. A statement on a local SQLite file in WAL mode takes
some 15 µs; the two thread hops around it took 150 µs of CPU, ten times the work, and SQLAlchemy
makes three or four such calls per statement. Measured by benchmarks/engine.py, they were the
largest cost of a form step (issue 11).

So the product keeps aiosqlite's API (SQLAlchemy's sqlite+aiosqlite dialect drives this class as
it drives aiosqlite.Connection) and runs each call where it is awaited. That is safe only because
of how storage/db.py uses it:
- one connection for the whole process (a pool of one): no statement ever waits, inside this
  process, for a lock another connection of the same loop holds, which would block the loop
  for good. Transactions queue for the connection asynchronously, in the pool.
- a short busy timeout (INLINE_BUSY_TIMEOUT_MS): when another process holds the write lock (a
  `lapor-bot purge` beside the bot), the loop blocks at most that long, then the statement fails
  with "database is locked", which the unit of work reports as StorageBusy and the turn runs
  again after an asynchronous pause (flows/turn.py).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Generator
from typing import Any

import aiosqlite

INLINE_BUSY_TIMEOUT_MS = 200


class _RunNow:
    """Stands in for aiosqlite's queue to its worker thread: SQLAlchemy's dialect puts calls on
    it directly (to set the isolation level); they run at once and settle their future."""

    def put_nowait(self, item: tuple[asyncio.Future | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as exc:  # noqa: BLE001 - handed to the awaiting side, as aiosqlite does
            if future is not None:
                future.set_exception(exc)
            return
        if future is not None:
            future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite.Connection whose calls run on the caller's thread (see the module doc)."""

    def __init__(self, connector: Callable[[], sqlite3.Connection], iter_chunk_size: int = 64) -> None:
        super().__init__(connector, iter_chunk_size)
        self._tx = _RunNow()  # type: ignore[assignment]  # the worker thread is never started

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    async def _connect(self) -> InlineConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    def __await__(self) -> Generator[Any, None, InlineConnection]:  # no thread to start
        return self._connect().__await__()

    def stop(self) -> None:
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        self.stop()


def inline_connect(database: str, **kwargs: Any) -> InlineConnection:
    """Like aiosqlite.connect, without the thread: `kwargs` go to sqlite3.connect."""
    return InlineConnection(lambda: sqlite3.connect(database, **kwargs))
