"""The SQLite engine's locking, pinned where the bot once hung."""

from __future__ import annotations

import sqlite3

from sqlalchemy import text

from storage.db import create_engine


async def test_a_connection_discarded_mid_query_releases_the_write_lock(tmp_path):
    """Regression: the bot's shutdown hung for the 30 s busy timeout. Shutdown cancels tasks in the
    middle of queries; SQLAlchemy then invalidates the connection and closes it with the query's
    statement still open, and SQLite kept such a closed connection's transaction (and with
    BEGIN IMMEDIATE, the write lock) until the statement was garbage-collected."""
    path = tmp_path / "lock.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.connect() as conn:
        await conn.execute(text("CREATE TABLE t (x INTEGER)"))
        await conn.execute(text("INSERT INTO t VALUES (1), (2)"))
        await conn.commit()
        await conn.execute(text("SELECT 1"))  # a new transaction: BEGIN IMMEDIATE, the write lock
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        cursor = await driver.execute("SELECT x FROM t")  # stepped to its first row, not fetched
        assert driver.in_transaction
        await conn.invalidate()  # what SQLAlchemy does when a task is cancelled mid-query
        other = sqlite3.connect(path, timeout=1, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # "database is locked" after 1 s while the lock is kept
            other.execute("ROLLBACK")
        finally:
            other.close()
        del cursor
    await engine.dispose()
