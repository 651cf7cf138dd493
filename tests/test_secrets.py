"""The bot token never leaves the process: not in a log record, not in a delivery error (stored
in the outbox and sent to admins), not in a start-up message, whatever form it takes there."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pydantic import ValidationError
from sqlalchemy import select

from bot.settings import Settings
from flows import secrets
from flows.delivery import DeliveryError
from storage.db import create_engine
from storage.models import OutboxRow
from storage.uow import Database
from tests.botapi_server import FakeBotAPI
from tests.e2e import Phone, RunningBot, bot_settings

TOKEN = "7312345678:AAE_Qx9mWvT3kLp8ZrYb2NcD4fGhJ5sUoIe"
SECRET = TOKEN.split(":", 1)[1]


@pytest.fixture
def hidden():
    forget = secrets.register(TOKEN)
    yield
    forget()


@pytest.mark.parametrize("form", [
    TOKEN,
    f"POST https://api.telegram.org/bot{TOKEN}/sendMessage",
    f"https://api.telegram.org/bot{TOKEN.replace(':', '%3A')}/getMe",  # URL-encoded
    f"chat not found (post /bot{TOKEN.lower()}/sendmessage)",  # as PTB capitalises a description
    f"a pasted secret half alone: {SECRET}",
], ids=["as-is", "url-path", "url-encoded", "other-case", "secret-half"])
def test_every_form_of_the_token_is_cut(hidden, form):
    out = secrets.redact(form)
    assert SECRET.lower() not in out.lower() and "<token>" in out
    assert secrets.any_secret(form) and not secrets.any_secret(out)


def test_hiding_stops_when_asked_and_ordinary_text_is_untouched():
    forget = secrets.register(TOKEN)
    assert secrets.redact("Jalan berlubang di Jl. Mayor Ruslan") == "Jalan berlubang di Jl. Mayor Ruslan"
    forget()
    assert secrets.redact(TOKEN) == TOKEN


def test_a_delivery_error_never_holds_the_token(hidden):
    """Its message is what the outbox stores, `lapor-bot status` counts and admins are sent."""
    error = DeliveryError(f"Cannot connect to host, url='http://10.0.0.1/bot{TOKEN}/sendPhoto'")
    assert SECRET not in error.message and SECRET not in str(error)
    assert "/bot<token>/sendPhoto" in error.message


@pytest.mark.parametrize(("url", "says"), [
    ("localhost:8081", "must start with http:// or https://"),
    (f"https://api.telegram.org/bot{TOKEN}", "without /bot<token>"),
    (f"http://localhost:8081/?token={TOKEN.replace(':', '%3A')}", "without /bot<token>"),
    ("http://", "must name a host"),
], ids=["no-scheme", "token-in-path", "token-in-query", "no-host"])
def test_a_wrong_api_url_is_named_without_echoing_it(url, says):
    with pytest.raises(ValidationError) as caught:
        Settings(_env_file=None, telegram_api_url=url)
    [error] = caught.value.errors()
    assert says in error["msg"] and SECRET not in error["msg"]


def test_a_good_api_url_is_kept_without_its_slash():
    assert Settings(_env_file=None, telegram_api_url="http://127.0.0.1:8081/").telegram_api_url == "http://127.0.0.1:8081"
    assert Settings(_env_file=None, telegram_api_url="").telegram_api_url is None


def test_lapor_bot_run_with_a_url_without_scheme_names_the_problem_not_the_token(tmp_path):
    """Before: both frameworks built localhost:8081/bot<token>/getMe and aiogram printed it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_"))}
    env.update(BOT_TOKEN=TOKEN, TELEGRAM_API_URL="localhost:8081",
               DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    run = subprocess.run([sys.executable, "-m", "bot.cli", "run"], env=env, cwd=tmp_path, capture_output=True,
                         text=True, timeout=60)
    said = run.stdout + run.stderr
    assert run.returncode != 0 and "TELEGRAM_API_URL" in said and "http://" in said
    assert SECRET not in said


async def test_an_error_quoting_the_request_url_reaches_the_outbox_without_the_token(tmp_path, framework):
    """A server (or proxy) that answers 400 quoting the request URL: the message is marked
    failed, and its stored error names the call without the token, on both frameworks."""
    async with FakeBotAPI() as api:
        running = await RunningBot(bot_settings(api, tmp_path, framework)).start()
        try:
            siti = Phone(api, api.user(1001, "Siti"))
            api.fail("sendMessage", kind="400_url", chat_id=1001)
            siti.say("/start")
            await api.wait_for_call("sendMessage", lambda c: c.fault == "400_url", timeout=15)
            await siti.ask("/start", "Selamat datang")  # the next message goes through as ever
        finally:
            await running.stop()
        engine = create_engine(running.settings.database_url)
        try:
            async with Database(engine).uow() as uow:
                failed = (await uow.session.execute(
                    select(OutboxRow.error_kind, OutboxRow.last_error).where(OutboxRow.status == "failed"))).all()
        finally:
            await engine.dispose()
    [(kind, error)] = failed
    assert kind == "rejected" and "/bot<token>/sendmessage" in error.lower() and "test-token" not in error.lower()
