from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from flows.core import Core
from flows.intake import Intake, IntakeConfig
from flows.turn import Turns
from storage.db import create_engine, migrate
from storage.uow import Database
from tests.leaks import LeakCatcher

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# A fixed "now" so dates in tests do not drift: Sunday 29 November 2026, 10:00 WIB.
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def no_secrets_in_logs(request: pytest.FixtureRequest):
    """Every test fails if a log record at INFO or above held the bot token, a phone number or
    a citizen's words (tests/leaks.py). A test that logs them on purpose is marked `leaks_ok`."""
    root = logging.getLogger()
    catcher, level = LeakCatcher(), root.level
    root.addHandler(catcher)
    root.setLevel(min(level or logging.WARNING, logging.INFO))
    try:
        yield catcher
    finally:
        root.removeHandler(catcher)
        root.setLevel(level)
    if catcher.leaks and request.node.get_closest_marker("leaks_ok") is None:
        pytest.fail("personal data or a secret reached the log at INFO or above:\n" + "\n".join(catcher.leaks[:10]))


@pytest.fixture(params=["aiogram", "ptb"], ids=["aiogram", "ptb"])
def framework(request: pytest.FixtureRequest) -> str:
    """Which Telegram framework runs the bot: every end-to-end test runs once with each."""
    return request.param


@pytest.fixture
def mode() -> str:
    """How the bot under test takes updates in: "polling"; tests marked `BOTH_MODES`
    (tests/e2e.py) run in "webhook" mode too."""
    return "polling"


#: The PostgreSQL server the tests of a BOTH_BACKENDS module also run on, each test in a schema of
#: its own (dropped after): TEST_POSTGRES_URL, by default the local server with trust auth.
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A module with `BOTH_BACKENDS = True` runs each of its `db` tests on SQLite and on
    PostgreSQL (issue 15 extends this to the whole suite)."""
    if "db" in metafunc.fixturenames and getattr(metafunc.module, "BOTH_BACKENDS", False):
        metafunc.parametrize("backend", ["sqlite", "postgresql"])
    if getattr(metafunc.module, "E2E_BOTH_BACKENDS", False):
        metafunc.parametrize("e2e_backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture(autouse=True)
def e2e_backend(request: pytest.FixtureRequest):
    """The database of the end-to-end bot of this test (tests/e2e.py `backend`): PostgreSQL with
    TEST_BACKEND=postgresql, both in a module with `E2E_BOTH_BACKENDS = True`; a PostgreSQL run
    is skipped with the reason when no server answers, except in CI (CI=true), where it fails."""
    from tests import e2e

    default = e2e.backend["now"]
    value = getattr(request, "param", default)
    if value == "postgresql":
        _require_postgres()
    e2e.backend["now"] = value
    try:
        yield value
    finally:
        e2e.backend["now"] = default


def _require_postgres() -> None:
    import socket

    url = make_url(POSTGRES_URL)
    try:
        socket.create_connection((url.host or "127.0.0.1", url.port or 5432), timeout=2).close()
    except OSError as exc:
        reason = f"no PostgreSQL at {url.render_as_string(hide_password=True)}: {type(exc).__name__}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


async def _postgres_schema() -> tuple[str, Any]:
    """A fresh schema on POSTGRES_URL and an engine whose connections use it; skipped when no
    server answers, except in CI (CI=true), where that is a failure."""
    import uuid

    from sqlalchemy import text

    admin = create_engine(POSTGRES_URL)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except (OSError, SQLAlchemyError) as exc:
        await admin.dispose()
        reason = f"no PostgreSQL at {make_url(POSTGRES_URL).render_as_string(hide_password=True)}: {type(exc).__name__}"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    await admin.dispose()
    return schema, create_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}})


async def drop_schema(schema: str) -> None:
    from sqlalchemy import text

    admin = create_engine(POSTGRES_URL)
    async with admin.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    await admin.dispose()


@pytest.fixture
async def db(tmp_path: Path, backend: str) -> AsyncIterator[Database]:
    if backend == "postgresql":
        schema, engine = await _postgres_schema()
        await migrate(engine)
        database = Database(engine)
        try:
            yield database
        finally:
            await database.dispose()
            await drop_schema(schema)
        return
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
    await migrate(engine)
    database = Database(engine, hold=True)
    yield database
    await database.dispose()


def pothole(number: str, citizen_id: int) -> Any:
    """A plain report of a road gone bad at PUPR, for storage tests that need a ticket."""
    from flows.model import NewTicket

    return NewTicket(number=number, citizen_id=citizen_id, report_type="pengaduan", title="Jalan rusak",
                     description="x" * 40, event_date=None, location_text=None, latitude=None, longitude=None,
                     anonymous=False, confidential=False, phone=None, agency_code="PUPR", language="id")


def intake_core(db: Database, config: IntakeConfig | None = None) -> Core:
    """The intake engine behind the core's entry point (one per-chat lock, one turn per event)."""
    turns = Turns(db.uow)
    return Core(turns, Intake(turns, config or IntakeConfig(), clock=lambda: NOW))


@pytest.fixture
def core(db: Database) -> Core:
    return intake_core(db)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Drop the schemas the end-to-end bots made on PostgreSQL (TEST_BACKEND=postgresql)."""
    import asyncio

    from tests.e2e import E2E_SCHEMAS

    async def drop_all() -> None:
        for schema in sorted(E2E_SCHEMAS):
            try:
                await drop_schema_if_there(schema)
            except (OSError, SQLAlchemyError):
                return  # no server: nothing was made there

    if E2E_SCHEMAS:
        asyncio.run(drop_all())


async def drop_schema_if_there(schema: str) -> None:
    from sqlalchemy import text

    admin = create_engine(POSTGRES_URL)
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        await admin.dispose()
