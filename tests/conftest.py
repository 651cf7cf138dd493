from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.core import Core
from flows.intake import Intake, IntakeConfig
from flows.turn import Turns
from storage.db import create_engine, migrate
from storage.uow import Database

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
# A fixed "now" so dates in tests do not drift: Sunday 29 November 2026, 10:00 WIB.
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


@pytest.fixture(params=["aiogram", "ptb"], ids=["aiogram", "ptb"])
def framework(request: pytest.FixtureRequest) -> str:
    """Which Telegram framework runs the bot: every end-to-end test runs once with each."""
    return request.param


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
    await migrate(engine)
    database = Database(engine)
    yield database
    await database.dispose()


def intake_core(db: Database, config: IntakeConfig | None = None) -> Core:
    """The intake engine behind the core's entry point (one per-chat lock, one turn per event)."""
    turns = Turns(db.uow)
    return Core(turns, Intake(turns, config or IntakeConfig(), clock=lambda: NOW))


@pytest.fixture
def core(db: Database) -> Core:
    return intake_core(db)
