"""Engine creation and schema migration.

SQLite is tuned so concurrent citizens never see "database is locked": WAL lets readers run beside
the writer, busy_timeout makes a writer wait for the lock instead of failing, and every
transaction starts with BEGIN IMMEDIATE, so a transaction that reads and then writes cannot hit
the lock-upgrade deadlock that busy_timeout does not cover (SQLITE_BUSY on upgrade).

Because every transaction holds the write lock, a connection must never be closed with its
transaction still open; see _RollbackOnClose.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

HERE = Path(__file__).resolve().parent
BUSY_TIMEOUT_S = 30


class _RollbackOnClose(sqlite3.Connection):
    """Rolls back before closing. When a task is cancelled in the middle of a query (as every task
    is when the bot shuts down), SQLAlchemy discards the connection and closes it while the
    query's statement is still stepping. SQLite then keeps the closed connection alive as a
    "zombie" until that statement is garbage-collected, and the zombie keeps its transaction:
    with BEGIN IMMEDIATE, the write lock. Every other connection then waited for it up to the
    busy timeout (30 s), and the shutdown hung behind them. A rollback first ends the
    transaction whatever statements are still open."""

    def close(self) -> None:
        try:
            if self.in_transaction:
                self.rollback()
        finally:
            super().close()


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, **kw: Any) -> AsyncEngine:
    """An engine for `url`. Its SQL parameters (a complaint's text, a phone number) never reach
    a log: hide_parameters keeps them out of SQLAlchemy's statement logging and out of the text
    of every error it raises, which the runners log when a turn fails (flows/failure.py)."""
    kw.setdefault("hide_parameters", True)
    if not is_sqlite(url):
        kw.setdefault("pool_pre_ping", True)
        return create_async_engine(url, **kw)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "factory": _RollbackOnClose}, **kw)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control from the driver so "begin" below decides how to BEGIN.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL mode
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def alembic_config(connection: Any | None = None, url: str | None = None) -> Config:
    cfg = Config(str(HERE / "alembic.ini"))
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema to `revision` (run at every start; a no-op when already there)."""
    async with engine.begin() as conn:
        await conn.run_sync(lambda sync_conn: command.upgrade(alembic_config(sync_conn), revision))
