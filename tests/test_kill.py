"""SIGKILL between fetching an update and committing its turn, on both frameworks and in both
modes: the update was not acknowledged, so Telegram delivers it again and the restarted bot
answers it. The kill lands exactly there through the test-only hook `LAPOR_TEST_HOLD_TEXT`
(bot/inbound.py): the bot takes that message in and hangs before handling it."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.inbound import HOLD_ENV
from tests.botapi_server import FakeBotAPI
from tests.e2e import FAST_PACING, Phone, free_port, webhook_settings
from tests.test_e2e_intake import STORY, to_description


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


def child_env(api: FakeBotAPI, tmp_path: Path, framework: str, mode: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_", "WEBHOOK_"))}
    settings = dict(bot_token=api.token, telegram_api_url=api.base_url, telegram_timeout=5,
                    database_url=f"sqlite+aiosqlite:///{tmp_path / 'kill.db'}", log_level="WARNING",
                    bot_framework=framework, **FAST_PACING)
    if mode == "webhook":
        settings.update(webhook_settings(port))
    env.update({name.upper(): str(value) for name, value in settings.items()})
    return env


class Child:
    """`python -m bot.cli run` as a process of its own, its log in a file."""

    def __init__(self, env: dict[str, str], cwd: Path, log: Path) -> None:
        self.log = log
        with open(log, "a") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=cwd, env=env,
                                         stdout=subprocess.DEVNULL, stderr=out)

    async def wait_log(self, text: str, timeout: float = 20.0) -> None:
        async with asyncio.timeout(timeout):
            while text not in self.log.read_text():
                assert self.proc.poll() is None, self.log.read_text()
                await asyncio.sleep(0.02)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_sigkill_after_the_fetch_before_the_commit_loses_no_update(api, tmp_path, framework, mode):
    env = child_env(api, tmp_path, framework, mode, free_port())
    log = tmp_path / "bot.log"
    phone = Phone(api, api.user(1005, "Rina"))
    child = Child({**env, HOLD_ENV: STORY}, tmp_path, log)
    try:
        await to_description(phone)
        held = phone.say(STORY)
        await child.wait_log(f"update {held['update_id']} held forever")  # fetched, not handled
        child.kill()
        if mode == "polling":
            assert held["update_id"] in api.delivered  # Telegram sent it; the next offset never came
        assert not [s for s in api.drain(phone.chat_id) if s.text and "Cerita diterima" in s.text]
        child = Child(env, tmp_path, log)  # without the hook
        await phone.expect("Cerita diterima", timeout=30)  # the same update, delivered again
        assert not [s for s in await phone.settle(0.5) if s.text and "Cerita" in s.text]  # answered once
    finally:
        child.kill()
    if mode == "webhook":
        assert (held["update_id"], 0) in api.webhook_posts  # the killed bot never answered it
        assert (held["update_id"], 200) in api.webhook_posts
