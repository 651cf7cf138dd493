"""Alembic environment: uses the connection handed over by storage.db.migrate when there is one
(the bot migrates at start), else opens DATABASE_URL itself (manual `alembic` use)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    from storage.db import create_engine

    url, schema = config.get_main_option("sqlalchemy.url"), None
    if not url:
        from bot.settings import Settings

        settings = Settings()
        url, schema = settings.database_url, settings.database_schema
    engine = create_engine(url, schema)
    async with engine.begin() as conn:
        await conn.run_sync(_run)
    await engine.dispose()


connection = config.attributes.get("connection")
if context.is_offline_mode():
    run_offline()
elif connection is not None:
    _run(connection)
else:
    asyncio.run(_run_async())
