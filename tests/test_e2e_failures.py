"""When the core raises on an update, the citizen still hears back: a short apology in their
language, and a pressed button stops spinning. The error is logged with the update id, never
with the bot token. The real bot on both frameworks, with the core made to fail on purpose."""

from __future__ import annotations

import asyncio
import logging

import pytest

from flows.core import Core
from tests.botapi_server import FakeBotAPI
from tests.e2e import BOTH_MODES, Phone, RunningBot, bot_settings, on_postgres

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


@BOTH_MODES
async def test_the_citizen_hears_back_when_the_core_fails(api, tmp_path, framework, mode, failing_core, caplog):
    caplog.set_level(logging.DEBUG)
    running = await RunningBot(bot_settings(api, tmp_path, framework, mode)).start()
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


async def test_a_database_error_on_submit_apologises_logs_nothing_personal_and_loses_nothing(
        api, tmp_path, framework, monkeypatch, caplog):
    """A write that fails inside the submit turn (a real statement through the bot's engine, its
    parameters the phone and the story): the citizen gets the apology, the log has neither, the
    turn is rolled back with its claim of the update, and the draft is intact, so the same
    update delivered again files the report."""
    from sqlalchemy import text

    from flows import turn
    from storage.repos.tickets import SqlTickets
    from tests.test_e2e_intake import STORY, tickets_of, to_summary

    add, failures = SqlTickets.add, []
    # SQLite reports the missing table as an OperationalError, which a turn takes for a busy
    # database and tries again; PostgreSQL's ProgrammingError is no busy database: tried once.
    tries = 1 if on_postgres() else turn.ATTEMPTS

    async def failing_add(self, ticket):
        if len(failures) < tries:  # every try of the turn fails: then the apology
            failures.append(ticket.number)
            await self.s.execute(text("INSERT INTO no_such_table (phone, story) VALUES (:phone, :story)"),
                                 {"phone": ticket.phone, "story": ticket.description})
        return await add(self, ticket)

    monkeypatch.setattr(SqlTickets, "add", failing_add)
    monkeypatch.setattr(turn, "BUSY_PAUSES_S", (0.01, 0.01))
    caplog.set_level(logging.INFO)
    for name in ("flows", "bot", "handlers", "storage", "sqlalchemy.engine"):
        caplog.set_level(logging.DEBUG if name != "sqlalchemy.engine" else logging.INFO, logger=name)
    running = await RunningBot(bot_settings(api, tmp_path, framework)).start()
    try:
        siti = Phone(api, api.user(1001, "Siti"))
        summary = await to_summary(siti, api)
        pressed = siti.press(summary, "Kirim")
        await siti.expect("Maaf, terjadi gangguan")
        assert len(failures) == tries and await tickets_of(running.settings, siti.user.id) == []
        api.push_duplicate(pressed)  # the failed turn did not claim the update: handled again, in full
        done = await siti.expect("Nomor laporan")
        [ticket] = await tickets_of(running.settings, siti.user.id)
        assert ticket.number in done.text and ticket.description == STORY and ticket.phone == "+6281377001122"
    finally:
        await running.stop()
    log = caplog.text
    assert f"update {pressed['update_id']} failed" in log and "no_such_table" in log  # the error is logged
    assert "SQL parameters hidden" in log
    for personal in ("+6281377001122", "6281377001122", STORY, STORY[:30]):
        assert personal not in log


async def test_a_stopped_bot_stops_polling(api, tmp_path, framework):
    """aiogram's start_polling, when cancelled, left its polling task fetching updates: a
    restarted bot then fought the stopped one for them. After stop no task of the bot is left."""
    before = asyncio.all_tasks()
    running = await RunningBot(bot_settings(api, tmp_path, framework)).start()
    await running.stop()
    await asyncio.sleep(0)  # let cancelled tasks finish
    left = [t for t in asyncio.all_tasks() - before if not t.done() and t is not asyncio.current_task()]
    assert [t.get_coro().__qualname__ for t in left] == []
    calls = len(api.calls)
    await asyncio.sleep(0.3)
    assert [c.method for c in api.calls[calls:]] == []
