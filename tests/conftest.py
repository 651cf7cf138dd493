from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

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


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
    await migrate(engine)
    database = Database(engine, hold=True)
    yield database
    await database.dispose()


def intake_core(db: Database, config: IntakeConfig | None = None) -> Core:
    """The intake engine behind the core's entry point (one per-chat lock, one turn per event)."""
    turns = Turns(db.uow)
    return Core(turns, Intake(turns, config or IntakeConfig(), clock=lambda: NOW))


@pytest.fixture
def core(db: Database) -> Core:
    return intake_core(db)
