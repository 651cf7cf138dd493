"""The SQLite engine's locking, pinned where the bot once hung."""

from __future__ import annotations

import sqlite3
from pathlib import Path

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


def test_the_head_read_off_the_files_is_alembics_head():
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, head_revision

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_a_schema_at_the_head_starts_without_loading_alembic(tmp_path):
    """Alembic costs ~11 MB; a restart of an up-to-date database does without it."""
    import subprocess
    import sys

    script = (
        "import asyncio, sys\n"
        "from storage.db import create_engine, migrate\n"
        "async def main():\n"
        f"    engine = create_engine('sqlite+aiosqlite:///{tmp_path}/x.db')\n"
        "    await migrate(engine)\n"
        "    await engine.dispose()\n"
        "asyncio.run(main())\n"
        "print('alembic' in sys.modules)\n"
    )
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert first.stdout.split()[-1] == "True"  # a new database: Alembic made the schema
    assert again.stdout.split()[-1] == "False"


def test_lapor_bot_run_migrates_a_new_database_in_a_child_process(tmp_path):
    """The serving process never loads Alembic: `run` leaves the migration to `lapor-bot migrate`
    in a child, whose "database is at the latest schema" is the proof that it ran."""
    import os
    import sqlite3
    import subprocess
    import sys

    from storage.db import head_revision

    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_"))}
    env.update(BOT_TOKEN="123456:" + "A" * 35, TELEGRAM_API_URL="http://127.0.0.1:9",  # nobody listens
               DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
               PYTHONPATH=str(Path(__file__).resolve().parents[1]))  # this checkout's code
    run = subprocess.run([sys.executable, "-m", "bot.cli", "run"], env=env, cwd=tmp_path, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 2  # the API is unreachable: after the migration
    assert "database is at the latest schema" in run.stdout
    with sqlite3.connect(tmp_path / "bot.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [(head_revision(),)]
