"""End-to-end test bed: the real bot (real framework, real HTTP, real SQLite file) against the
local Bot API server in tests/botapi_server.py. Reused by every end-to-end test."""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import Settings
from tests.botapi_server import FakeBotAPI, Sent, User

# The sender's pacing in end-to-end tests. Telegram's limits (1 message/s per chat after a burst
# of 3, 20/min per group: the product's defaults) would have these tests spend most of their time
# waiting, and they are about something else. The tests about pacing, floods and 429s pass
# REAL_PACING back in.
FAST_PACING = {"send_chat_per_s": 200.0, "send_chat_burst": 50, "send_group_per_min": 12_000,
               "send_global_per_s": 500.0}
REAL_PACING = {name: Settings.model_fields[name].default for name in FAST_PACING}


# The secret token of the bot under test in webhook mode.
WEBHOOK_SECRET = "e2e-Secret_token"
# A test marked with this runs in both modes (the `mode` fixture is "polling" otherwise).
BOTH_MODES = pytest.mark.parametrize("mode", ["polling", "webhook"])


#: Where the bot under test keeps its state: "sqlite" (a file in the test's tmp_path) or
#: "postgresql" (TEST_POSTGRES_URL, a schema of its own made by the bot's first migration and
#: dropped when the session ends, tests/conftest.py). TEST_BACKEND=postgresql runs every
#: end-to-end test on PostgreSQL; a module with `E2E_BOTH_BACKENDS = True` runs its tests on both
#: in every run. Set per test by the `e2e_backend` fixture.
E2E_POSTGRES = os.environ.get("TEST_BACKEND") == "postgresql"
E2E_SCHEMAS: set[str] = set()
backend = {"now": "postgresql" if E2E_POSTGRES else "sqlite"}


def on_postgres() -> bool:
    """Does the bot of the test that runs now keep its state on PostgreSQL?"""
    return backend["now"] == "postgresql"


def database_settings(tmp_path: Path) -> dict:
    """The bot's database settings: a SQLite file in `tmp_path`, or a PostgreSQL schema named
    after `tmp_path` (so a restarted bot finds its state)."""
    if not on_postgres():
        return {"database_url": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"}
    from tests.conftest import POSTGRES_URL

    schema = "e2e_" + hashlib.sha256(str(tmp_path).encode()).hexdigest()[:16]
    E2E_SCHEMAS.add(schema)
    return {"database_url": POSTGRES_URL, "database_schema": schema}


def bot_engine(settings: Settings) -> AsyncEngine:
    """An engine on the bot's database (a test reading what the bot stored)."""
    from storage.db import create_engine

    return create_engine(settings.database_url, settings.database_schema)


sqlite_only = pytest.mark.skipif(E2E_POSTGRES, reason="reads the bot's SQLite file itself")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def webhook_settings(port: int | None = None) -> dict:
    """BOT_MODE=webhook on 127.0.0.1 at a free port (or `port`), as the fake server posts to it."""
    port = port or free_port()
    return dict(bot_mode="webhook", webhook_listen="127.0.0.1", webhook_port=port, webhook_path="/telegram",
                webhook_url=f"http://127.0.0.1:{port}/telegram", webhook_secret=WEBHOOK_SECRET)


def bot_settings(api: FakeBotAPI, tmp_path: Path, framework: str = "aiogram", mode: str = "polling",
                 **overrides) -> Settings:
    """Settings for the bot under test; `framework` picks the adapter ("aiogram" or "ptb"), `mode`
    how updates come in ("polling", or "webhook" at a free port)."""
    values = dict(
        bot_token=api.token, telegram_api_url=api.base_url,
        **database_settings(tmp_path), admin_ids=[9001],
        files_dir=tmp_path / "files",
        telegram_timeout=5.0, bot_framework=framework,
        # Test citizens type at machine speed; the flood guard gets its own test at the default.
        flood_per_minute=120,
        **FAST_PACING,
    )
    if mode == "webhook":
        values.update(webhook_settings())
    values.update(overrides)
    return Settings(_env_file=None, **values)


def assert_came_in_by(api: FakeBotAPI, mode: str) -> None:
    """The updates reached the bot the way `mode` says, and only that way (a short test may
    stop a polling bot before its first getUpdates)."""
    polled = any(call.method == "getUpdates" for call in api.calls)
    posted = any(status == 200 for _, status in api.webhook_posts)
    assert not posted if mode == "polling" else posted and not polled, (polled, posted)


class RunningBot:
    """`lapor-bot run` in this event loop: started, stopped and restarted by tests."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.task: asyncio.Task | None = None

    async def start(self) -> RunningBot:
        from bot.runner import serve

        ready = asyncio.Event()
        self.task = asyncio.create_task(serve(self.settings, ready))
        waiter = asyncio.create_task(ready.wait())
        # Generous: a loaded 2-core machine can take seconds to import and migrate.
        done, _ = await asyncio.wait({self.task, waiter}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        if self.task in done:
            waiter.cancel()
            self.task.result()  # raises what stopped it
            raise AssertionError("bot stopped during start-up")
        if waiter not in done:
            raise AssertionError("bot did not start taking updates within 30 s")
        return self

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            done, _ = await asyncio.wait({self.task}, timeout=30)
            if not done:  # say where it hangs instead of hanging the whole suite
                for task in asyncio.all_tasks():
                    task.print_stack(limit=12, file=sys.stderr)
                raise AssertionError("the bot did not stop within 30 s of being cancelled")
            self.task = None


class Phone:
    """A citizen's Telegram app: sends updates, reads what the bot sends to the chat."""

    def __init__(self, api: FakeBotAPI, user: User) -> None:
        self.api = api
        self.user = user
        # How long to wait for each expected message: seconds more than it takes, so that a loaded
        # machine fails nothing (a wait costs only as long as the message takes).
        self.timeout = 15.0

    @property
    def chat_id(self) -> int:
        return self.user.id

    def say(self, text: str) -> dict:
        return self.api.send_text(self.user, text)

    async def expect(self, contains: str, timeout: float | None = None) -> Sent:
        """The next message containing `contains` (earlier ones are passed over)."""
        return await self.api.wait_for_message(
            self.chat_id, lambda s: s.text is not None and contains in s.text, timeout=timeout or self.timeout)

    async def ask(self, text: str, expect: str) -> Sent:
        self.say(text)
        return await self.expect(expect)

    def press(self, message: Sent, label: str, check: bool = True) -> dict:
        return self.api.press(self.user, message, message.callback_data(label), check=check)

    async def tap(self, message: Sent, label: str, expect: str) -> Sent:
        self.press(message, label)
        return await self.expect(expect)

    async def send(self, summary: Sent) -> Sent:
        """Kirim on the summary, and "Kirim laporan baru" when the bot first shows a similar
        report (this citizen's own earlier one of the same words); the message with the number."""
        self.press(summary, "Kirim")
        done = await self.api.wait_for_message(
            self.chat_id, lambda s: s.text is not None and ("Nomor laporan" in s.text or "laporan serupa" in s.text),
            timeout=self.timeout)
        if "laporan serupa" in (done.text or ""):
            done = await self.tap(done, "Kirim laporan baru", "Nomor laporan")
        return done

    async def tell(self, story: str, expect: str = "Langkah 4/") -> Sent:
        """The story in one message, then Lanjut (the story step takes more messages until then)."""
        status = await self.ask(story, "Cerita diterima")
        return await self.tap(status, "Lanjut", expect)

    async def settle(self, quiet: float = 1.0) -> list[Sent]:
        """Wait until the bot has been quiet for `quiet` seconds; return what it sent meanwhile."""
        seen = -1
        while True:
            count = len(self.api.messages(self.chat_id)) + sum(
                len(s.edits) for s in self.api.messages(self.chat_id))
            if count == seen:
                return self.api.drain(self.chat_id)
            seen = count
            await asyncio.sleep(quiet)
