"""Delivery that loses nothing: faults injected in the local Bot API server, the citizen and the
desk still receive everything; a SIGKILLed bot process loses nothing either."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys

import pytest

from tests.botapi_server import FakeBotAPI
from tests.e2e import BOTH_MODES, FAST_PACING, REAL_PACING, Phone, RunningBot, bot_settings
from tests.test_e2e_intake import STORY, TITLE, consent, tickets_of, to_description

# Injected timeouts cost the client's whole request timeout: a short one keeps these tests quick.
# A request that times out spuriously on a loaded machine is retried, which is what is tested.
REQUEST_TIMEOUT_S = 2.5


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        server.timeout_delay = REQUEST_TIMEOUT_S + 1.5  # longer than the bot's request timeout
        yield server


@pytest.fixture
async def bot(api, tmp_path, framework, mode, monkeypatch):
    # Retries come after a fifth of the product's backoff: these tests are about what arrives.
    monkeypatch.setattr("flows.delivery.BACKOFF_BASE_S", 0.2)
    running = await RunningBot(bot_settings(api, tmp_path, framework, mode, telegram_timeout=REQUEST_TIMEOUT_S)).start()
    yield running
    await running.stop()


@pytest.fixture
def phone(api) -> Phone:
    # Retries after injected timeouts take the client's request timeout plus backoff: wait longer.
    phone = Phone(api, api.user(1001, "Siti"))
    phone.timeout = 30.0
    return phone


@BOTH_MODES
async def test_5xx_and_timeouts_are_retried_until_delivered(api, bot, phone):
    q = await consent(phone)
    api.fail("sendMessage", times=2, kind="500", chat_id=phone.chat_id)
    phone.press(q, "Pengaduan")
    await phone.expect("Langkah 2/", timeout=15)
    api.fail("sendMessage", times=1, kind="timeout_lost", chat_id=phone.chat_id)
    phone.say(TITLE)
    await phone.expect("Langkah 3/", timeout=30)
    failed = [c for c in api.calls_to("sendMessage") if c.failed]
    assert len(failed) == 3  # two 502s and one timeout, each followed by a successful retry


async def test_429_retry_after_is_honoured_exactly(api, tmp_path, framework, phone):
    running = await RunningBot(bot_settings(api, tmp_path, framework, **REAL_PACING)).start()
    try:
        q = await consent(phone)
        api.fail("sendMessage", times=1, kind="429", chat_id=phone.chat_id, retry_after=2)
        phone.press(q, "Pengaduan")
        await phone.expect("Langkah 2/", timeout=15)
    finally:
        await running.stop()
    calls = [c for c in api.calls_to("sendMessage") if c.chat_id == phone.chat_id]
    refused = next(c for c in calls if c.failed)
    retried = calls[calls.index(refused) + 1]
    assert 2.0 <= retried.at - refused.at < 3.5


async def test_blocked_citizen_gets_held_messages_after_writing_again(api, bot, phone):
    await to_description(phone)
    api.block(phone.user.id)
    phone.say(STORY)
    await api.wait_for_call("sendMessage", lambda c: c.failed and c.chat_id == phone.chat_id, timeout=10)
    api.unblock(phone.user.id)
    phone.say("/bantuan")
    await phone.expect("Cerita diterima", timeout=10)  # the status held while blocked comes first
    await phone.expect("Cara memakai", timeout=10)


async def test_migrated_desk_group_gets_its_cards_at_the_new_id(api, tmp_path, framework):
    running = await RunningBot(bot_settings(api, tmp_path, framework)).start()
    try:
        admin = api.user(9001, "Admin")
        group = api.group(-500, "Meja Koordinator")
        api.set_member(-500, 9001, "administrator")
        api.send_command(admin, "/meja", "koordinator", chat=group)
        await api.wait_for_message(-500, lambda s: "meja koordinator" in (s.text or ""))
        api.migrate_group(-500, -100500)
        phone = Phone(api, api.user(1001, "Siti"))
        await to_description(phone)
        q = await phone.tell(STORY)
        number = await _finish(phone, api, q)
        card = await api.wait_for_message(-100500, lambda s: number in (s.text or ""), timeout=15)
        assert card.text.startswith("📋")
        api.send_command(admin, "/instansi", chat=api.group(-100500, "Meja Koordinator"))
        await api.wait_for_message(-100500, lambda s: "Meja koordinator" in (s.text or ""), timeout=10)
    finally:
        await running.stop()


async def _finish(phone: Phone, api: FakeBotAPI, q) -> str:
    q = await phone.tap(q, "Ya, benar", "Langkah 5/")
    q = await phone.ask("kemarin", "Langkah 6/")
    q = await phone.ask("Lewati", "Langkah 7/")
    q = await phone.tap(q, "Lewati", "Langkah 8/")
    q = await phone.tap(q, "Tidak", "Langkah 9/")
    q = await phone.tap(q, "Tidak", "Langkah 10/")
    summary = await phone.ask("Lewati", "Periksa laporan")
    done = await phone.tap(summary, "Kirim", "Nomor laporan")
    return done.text.split("Nomor laporan: ")[1].split()[0]


async def test_flooding_citizen_is_slowed_with_one_polite_message(api, tmp_path, framework):
    # A limit of 6 a minute trips the same guard as the default 20 with fewer replies owed before
    # the notice, which go out at Telegram's real 1 message/s.
    limit = 6
    running = await RunningBot(bot_settings(api, tmp_path, framework, flood_per_minute=limit, **REAL_PACING)).start()
    try:
        phone = Phone(api, api.user(1002, "Penyepam"))
        for i in range(3 * limit):
            phone.say(f"halo {i}")
        # in order behind the replies already owed, which go out at 1 message/s
        await phone.expect("terlalu banyak", timeout=45)
        await phone.settle(1.0)
        sent = api.messages(phone.chat_id)
        assert sum("terlalu banyak" in (s.text or "") for s in sent) == 1
        assert len(sent) == limit + 1  # one answer for each admitted message, and the notice
    finally:
        await running.stop()


async def test_ten_percent_of_calls_failing_loses_nothing(api, bot, phone):
    api.fail_ratio(0.10, kinds=("500", "timeout_lost"), seed=7)
    await to_description(phone)
    q = await phone.tell(STORY)
    number = await _finish(phone, api, q)
    api.clear_failures()
    [ticket] = await tickets_of(bot.settings, phone.user.id)
    assert ticket.number == number


async def test_sigkill_mid_form_then_restart_loses_nothing(api, tmp_path):
    """The bot as its own process, killed with SIGKILL half-way through a form."""
    env = dict(os.environ, BOT_TOKEN=api.token, TELEGRAM_API_URL=api.base_url, TELEGRAM_TIMEOUT="5",
               DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'kill.db'}", LOG_LEVEL="WARNING",
               **{name.upper(): str(value) for name, value in FAST_PACING.items()})

    def start() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    phone = Phone(api, api.user(1003, "Wati"))
    proc = start()
    try:
        await to_description(phone)
        phone.say(STORY)  # may or may not be handled before the kill: either way nothing is lost
        await asyncio.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc = start()
        status = await phone.expect("Cerita diterima", timeout=20)  # handled then, or redelivered now
        q = await phone.tap(status, "Lanjut", "Langkah 4/")
        number = await _finish(phone, api, q)
        [ticket] = await tickets_of(bot_settings(api, tmp_path, database_url=env["DATABASE_URL"]), phone.user.id)
        assert ticket.number == number and ticket.description == STORY
    finally:
        proc.kill()
        proc.wait(timeout=10)


def test_long_text_is_split_at_telegram_limit():
    from flows.delivery import split_text

    text = ("Paragraf panjang. " * 200 + "\n\n") * 3
    parts = split_text(text)
    assert len(parts) >= 2 and all(len(p) <= 4096 for p in parts)
    assert "".join(p.replace(" ", "").replace("\n", "") for p in parts) == text.replace(" ", "").replace("\n", "")
