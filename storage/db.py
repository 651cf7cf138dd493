"""Engine creation and schema migration.

SQLite is tuned so concurrent citizens never see "database is locked": WAL lets readers run beside
the writer, busy_timeout makes a writer wait for the lock instead of failing, and every
transaction starts with BEGIN IMMEDIATE, so a transaction that reads and then writes cannot hit
the lock-upgrade deadlock that busy_timeout does not cover (SQLITE_BUSY on upgrade).

Because every transaction holds the write lock, a connection must never be closed with its
transaction still open; see _RollbackOnClose.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import AsyncAdaptedQueuePool

from storage.repos.workers import SILENT_S
from storage.sqlite_inline import INLINE_BUSY_TIMEOUT_MS, inline_connect

if TYPE_CHECKING:
    from alembic.config import Config

HERE = Path(__file__).resolve().parent
# A transaction waits this long for the process's one SQLite connection before it fails (as
# StorageBusy: the turn runs again later). Turns take milliseconds; only a stuck one holds it.
POOL_TIMEOUT_S = 30


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


def create_engine(url: str, schema: str | None = None, **kw: Any) -> AsyncEngine:
    """An engine for `url`. Its SQL parameters (a complaint's text, a phone number) never reach
    a log: hide_parameters keeps them out of SQLAlchemy's statement logging and out of the text
    of every error it raises, which the runners log when a turn fails (flows/failure.py).
    `schema` (PostgreSQL, DATABASE_SCHEMA): every connection works in that schema, so that
    several deployments (or test runs) share one database, each in a schema of its own."""
    kw.setdefault("hide_parameters", True)
    if not is_sqlite(url):
        kw.setdefault("pool_pre_ping", True)
        if schema:
            args = kw.setdefault("connect_args", {})
            args.setdefault("server_settings", {})["search_path"] = schema
        return create_async_engine(url, **kw)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    # One connection for the process, run on the event loop (storage/sqlite_inline.py). The
    # driver leaves transaction control to "begin" below (isolation_level=None).
    path = database or ":memory:"
    kw.setdefault("async_creator", lambda: inline_connect(path, timeout=INLINE_BUSY_TIMEOUT_MS / 1000,
                                                          factory=_RollbackOnClose, isolation_level=None))
    if path != ":memory:":
        kw.setdefault("poolclass", AsyncAdaptedQueuePool)
        kw.setdefault("pool_size", 1)
        kw.setdefault("max_overflow", 0)
        kw.setdefault("pool_timeout", POOL_TIMEOUT_S)
    engine = create_async_engine(url, **kw)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={INLINE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL mode
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Straight to sqlite3: through SQLAlchemy's execution this one statement cost as much
        # as a form step's query. Already begun: a unit of work on the held connection began it
        # itself (storage/uow.py `_HeldConnection`), and SQLAlchemy joins that transaction.
        raw = conn.connection.driver_connection._conn
        if not raw.in_transaction:
            raw.execute("BEGIN IMMEDIATE")

    return engine


def alembic_config(connection: Any | None = None, url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config(str(HERE / "alembic.ini"))
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


_REVISION = re.compile(r"^(down_)?revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_ONLINE_SAFE = re.compile(r"^ONLINE_SAFE\s*=\s*True\b", re.MULTILINE)


class MigrationRefused(RuntimeError):
    """A migration that is not safe while workers run, asked for while some do."""


def _chain() -> dict[str, tuple[str | None, bool]]:
    """revision -> (its parent, whether it is marked ONLINE_SAFE: only adds what older code
    ignores, so it may run while workers of the previous version are up)."""
    chain: dict[str, tuple[str | None, bool]] = {}
    for path in (HERE / "migrations" / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = dict((bool(down), rev) for down, rev in _REVISION.findall(source))
        if False in found:
            chain[found[False]] = (found.get(True), bool(_ONLINE_SAFE.search(source)))
    return chain


def pending_unsafe(current: str | None, head: str | None = None) -> list[str]:
    """The migrations from `current` to the head that are not marked ONLINE_SAFE, oldest first."""
    chain, out = _chain(), []
    rev = head or head_revision()
    while rev is not None and rev != current and rev in chain:
        parent, safe = chain[rev]
        if not safe:
            out.append(rev)
        rev = parent
    return out[::-1]


async def running_workers(engine: AsyncEngine) -> list[str]:
    """host:pid of the workers that beat within SILENT_S and did not stop (none before 0011). Its
    own query, not SqlWorkers.all: the schema may be at any older revision here."""
    try:
        async with engine.connect() as conn:
            now = "now()" if conn.dialect.name == "postgresql" else "CURRENT_TIMESTAMP"
            rows = (await conn.execute(text(
                "SELECT host, pid, heartbeat_at FROM worker WHERE stopped_at IS NULL"))).all()
            db_now = (await conn.execute(text(f"SELECT {now}"))).scalar()
    except Exception:  # noqa: BLE001 - no worker table yet: nobody to disturb
        return []

    def aware(value: Any) -> datetime:
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)

    return [f"{host}:{pid}" for host, pid, beat in rows
            if (aware(db_now) - aware(beat)).total_seconds() <= SILENT_S]


def head_revision() -> str | None:
    """The newest migration, read off the files' `revision` and `down_revision` lines (None if
    that is not one clear head: Alembic decides then)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (HERE / "migrations" / "versions").glob("*.py"):
        for down, rev in _REVISION.findall(path.read_text(encoding="utf-8")):
            (parents if down else revisions).add(rev)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def migrate(engine: AsyncEngine, revision: str = "head", while_running: bool = False) -> None:
    """Bring the schema to `revision` (run at every start; a no-op when already there). A schema
    already at the head is told by one query, without loading Alembic: that saves some 11 MB of
    the process's memory for good (issue 11: PTB mode under 100 MB). A migration not marked
    ONLINE_SAFE is refused (MigrationRefused) while workers run on the database, unless
    `while_running`: their code may not know the schema it leaves."""
    current = await _current_revision(engine)
    if revision == "head" and current is not None and current == head_revision():
        return
    if revision == "head" and not while_running:
        unsafe = pending_unsafe(current)
        if unsafe and (running := await running_workers(engine)):
            raise MigrationRefused(
                f"{len(running)} worker(s) run on this database ({', '.join(running[:5])}) and migration "
                f"{', '.join(unsafe)} is not safe while they do: stop them first (or run "
                f"`lapor-bot migrate --while-running` if you know their code copes)")
    from alembic import command

    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Several workers starting at once: one migrates, the others wait here and then find
            # the schema at the head (the lock is this database's and schema's, held to the commit).
            await conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('lapor-bot migrate ' || "
                                    "current_database() || '/' || current_setting('search_path')))"))
            await _create_schema(conn)
        await conn.run_sync(lambda sync_conn: command.upgrade(alembic_config(sync_conn), revision))


async def _create_schema(conn: Any) -> None:
    """DATABASE_SCHEMA's schema, made on the first migration if it is not there yet."""
    path = str((await conn.execute(text("SHOW search_path"))).scalar() or "")
    first = path.split(",")[0].strip().strip('"')
    if first and not first.startswith("$") and re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", first):
        await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{first}"'))


async def at_head(engine: AsyncEngine) -> bool:
    """Is the schema at the newest migration? (One query; Alembic is not loaded.)"""
    head = head_revision()
    return head is not None and await _current_revision(engine) == head


async def _current_revision(engine: AsyncEngine) -> str | None:
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    except Exception:  # noqa: BLE001 - no such table yet: a new database, Alembic creates it
        return None
    return rows[0][0] if len(rows) == 1 else None
