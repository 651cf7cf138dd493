"""Webhook mode's door: a request without the secret token, or with a wrong one, is refused,
counted and logged without the token, and nothing of it is handled; Telegram's own posts (with
the token) are."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from bot.settings import Settings
from bot.webhook import SECRET_HEADER
from tests.botapi_server import FakeBotAPI
from tests.e2e import WEBHOOK_SECRET, Phone, RunningBot, bot_settings


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


def forged_update(user_id: int) -> dict:
    return {"update_id": 1, "message": {
        "message_id": 1, "date": 0, "text": "/start", "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Mallory"},
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}]}}


async def test_requests_without_the_right_secret_are_refused_counted_and_not_handled(api, tmp_path, framework,
                                                                                     caplog):
    settings = bot_settings(api, tmp_path, framework, "webhook")
    running = await RunningBot(settings).start()
    try:
        assert api.webhook is not None and api.webhook["secret_token"] == WEBHOOK_SECRET
        assert api.webhook["url"] == settings.webhook_url
        base = f"http://127.0.0.1:{settings.webhook_port}"
        async with aiohttp.ClientSession() as http:
            async with http.post(base + "/telegram", json=forged_update(4242)) as missing:
                assert missing.status == 401
            async with http.post(base + "/telegram", json=forged_update(4242),
                                 headers={SECRET_HEADER: "not-the-secret"}) as wrong:
                assert wrong.status == 403
            siti = Phone(api, api.user(1001, "Siti"))
            await siti.ask("/start", "Selamat datang")  # Telegram's post, with the token: handled
            async with http.get(base + "/health") as health:
                counters = await health.json()
        assert counters["refused_missing"] == 1 and counters["refused_wrong"] == 1 and counters["refused"] == 2
        assert counters["handled"] == 1
        assert api.messages(4242) == []  # the forged /start got no answer
    finally:
        await running.stop()
    refusals = [r for r in caplog.records if "secret token refused" in r.getMessage()]
    assert [r.levelno for r in refusals] == [logging.WARNING] * 2
    assert not [r for r in caplog.records if WEBHOOK_SECRET in r.getMessage() or "not-the-secret" in r.getMessage()]


@pytest.mark.parametrize(("values", "problem"), [
    ({"bot_mode": "webhook", "webhook_secret": "s"}, "needs WEBHOOK_URL"),
    ({"bot_mode": "webhook", "webhook_url": "https://bot.example.org/telegram"}, "needs WEBHOOK_SECRET"),
    ({"bot_mode": "webhook", "webhook_url": "http://bot.example.org/telegram", "webhook_secret": "s"},
     "must start with https://"),
    ({"webhook_secret": "has spaces"}, "1-256 characters"),
    ({"webhook_secret": "x" * 257}, "1-256 characters"),
    ({"webhook_url": "bot.example.org"}, "full URL"),
    ({"webhook_path": "telegram"}, "starting with /"),
])
def test_webhook_settings_are_validated_with_a_clear_message(values, problem):
    with pytest.raises(ValueError, match=problem):
        Settings(_env_file=None, bot_token="1:x", **values)


def test_polling_is_the_default_and_needs_no_webhook_settings():
    settings = Settings(_env_file=None)
    assert (settings.bot_mode, settings.webhook_listen, settings.webhook_port, settings.webhook_path) == (
        "polling", "0.0.0.0", 8443, "/telegram")
