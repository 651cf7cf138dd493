"""When the core raises on an update, the citizen still hears back: a short apology in their
language, and a pressed button stops spinning. The error is logged with the update id, never
with the bot token. The real bot on both frameworks, with the core made to fail on purpose."""

from __future__ import annotations

import logging

import pytest

from flows.core import Core
from tests.botapi_server import FakeBotAPI
from tests.e2e import Phone, RunningBot, bot_settings

BOOM = "meledak"  # the core fails on this text, and on any press by the English-speaking citizen
ENGLISH_USER = 1002


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
def failing_core(monkeypatch):
    route = Core._route

    async def failing_route(self, ev):
        if ev.text == BOOM or (ev.kind == "button" and ev.sender.user_id == ENGLISH_USER):
            raise RuntimeError("the core failed on purpose")
        return await route(self, ev)

    monkeypatch.setattr(Core, "_route", failing_route)


async def test_the_citizen_hears_back_when_the_core_fails(api, tmp_path, framework, failing_core, caplog):
    caplog.set_level(logging.DEBUG)
    running = await RunningBot(bot_settings(api, tmp_path, framework)).start()
    try:
        siti = Phone(api, api.user(1001, "Siti"))
        failed = siti.say(BOOM)
        await siti.expect("Maaf, terjadi gangguan")
        await siti.ask("/start", "Selamat datang")  # the bot goes on: the next update is handled as ever

        john = Phone(api, api.user(ENGLISH_USER, "John", language_code="en"))
        consent = await john.ask("/start", "Selamat datang")
        press = john.press(consent, "Setuju")
        callback_id = press["callback_query"]["id"]
        answered = await api.wait_for_call(
            "answerCallbackQuery", lambda c: str(c.params.get("callback_query_id")) == callback_id, timeout=15)
        assert answered.ok
        await john.expect("Sorry, something went wrong")
        log = caplog.text
    finally:
        await running.stop()
    assert f"update {failed['update_id']} failed" in log and "the core failed on purpose" in log
    assert f"update {press['update_id']} failed" in log
    assert api.token not in log


def test_the_token_is_cut_out_of_every_log_record_while_the_bot_runs(caplog):
    from bot.startup import hide_token_in_logs

    token = "123456:SECRET-token"
    url = f"http://127.0.0.1:9/bot{token}/getUpdates"
    show = hide_token_in_logs(token)
    try:
        log = logging.getLogger("aiogram.dispatcher")  # logs the URL when polling fails
        log.error("Failed to fetch updates - %s", f"Can not write request body for {url}")
        try:
            raise ConnectionError(url)
        except ConnectionError:
            log.exception("polling failed")
    finally:
        show()
    logging.getLogger("after").warning("plain %s", token)  # restored: nothing is changed any more
    assert token not in caplog.text.replace(f"plain {token}", "")
    assert caplog.text.count("<token>") == 2  # in the message, and in the exception after it
