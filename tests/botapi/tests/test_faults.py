"""Injected faults as each client sees them (429, 5xx, 403, migration, late and lost answers,
blocking), deterministic random failures, and flood accounting and enforcement."""

from __future__ import annotations

import asyncio

import pytest
import telegram
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import BufferedInputFile

from tests.botapi import FloodLimits
from tests.botapi.tests.clients import aiogram_bot, ptb_app


async def test_fault_injection_with_aiogram(server, abot):
    budi = server.user(1001)
    server.fail("sendMessage", kind="429", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as retry:
        await abot.send_message(budi.id, "a")
    assert retry.value.retry_after == 7
    server.fail("sendMessage", kind="500")
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await abot.send_message(budi.id, "b")
    server.fail("sendMessage", kind="403")
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await abot.send_message(budi.id, "c")

    old = server.group(-555, "Grup lama", "group")
    server.fail("sendMessage", kind="migrate", chat_id=old.id, new_chat_id=-100555)
    await abot.send_message(budi.id, "chat filter: not affected")
    with pytest.raises(TelegramMigrateToChat) as migrated:
        await abot.send_message(old.id, "d")
    assert migrated.value.migrate_to_chat_id == -100555
    await abot.send_message(old.id, "times=1 -> next one passes")

    failed = [c for c in server.calls_to("sendMessage") if c.failed]
    assert [c.fault for c in failed] == ["429", "500", "403", "migrate"]
    assert failed[0].error == {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    assert [s.text for s in server.messages(budi.id)] == ["chat filter: not affected"]

    # "timeout": executed, but answered after the client gave up -> duplicates on naive retry.
    server.timeout_delay = 1.0
    impatient = aiogram_bot(server, timeout=0.3)
    try:
        server.fail("sendMessage", kind="timeout")
        with pytest.raises(TelegramNetworkError):
            await impatient.send_message(budi.id, "lambat")
        assert (await server.wait_for_message(budi.id, lambda s: s.text == "lambat")).method == "sendMessage"
        server.fail("sendMessage", kind="timeout_lost")
        with pytest.raises(TelegramNetworkError):
            await impatient.send_message(budi.id, "hilang")
        assert not any(s.text == "hilang" for s in server.messages(budi.id))
    finally:
        await impatient.session.close()

    # block / unblock
    server.block(budi.id)
    with pytest.raises(TelegramForbiddenError):
        await abot.send_photo(budi.id, BufferedInputFile(b"\xff\xd8", "x.jpg"))
    server.unblock(budi.id)
    await abot.send_message(budi.id, "lagi")

    # permanent migration
    server.migrate_group(old.id, -100556)
    for _ in range(2):
        with pytest.raises(TelegramMigrateToChat):
            await abot.send_message(old.id, "e")
    await abot.send_message(-100556, "ok di supergroup")


# PTB 22 itself warns inside RetryAfter.__init__ (retry_after becoming a timedelta).
@pytest.mark.filterwarnings("ignore:.*retry_after:telegram.warnings.PTBDeprecationWarning")
async def test_fault_injection_with_ptb(server):
    server.timeout_delay = 1.0
    app = ptb_app(server, read_timeout=0.3)
    async with app:
        bot = app.bot
        siti = server.user(2002)
        server.fail("sendMessage", kind="429", retry_after=3)
        with pytest.raises(telegram.error.RetryAfter, match="Retry in 3 seconds"):
            await bot.send_message(siti.id, "a")
        server.fail("sendMessage", kind="500")
        with pytest.raises(telegram.error.NetworkError, match="Bad Gateway"):
            await bot.send_message(siti.id, "b")
        server.fail("sendMessage", kind="403", chat_id=siti.id)
        with pytest.raises(telegram.error.Forbidden, match="blocked"):
            await bot.send_message(siti.id, "c")
        server.fail("sendMessage", kind="migrate", new_chat_id=-100999)
        with pytest.raises(telegram.error.ChatMigrated) as migrated:
            await bot.send_message(-999, "d")
        assert migrated.value.new_chat_id == -100999
        server.fail("sendMessage", kind="timeout")
        with pytest.raises(telegram.error.TimedOut):
            await bot.send_message(siti.id, "lambat")
        await server.wait_for_message(siti.id, lambda s: s.text == "lambat")
        server.fail("editMessageText", times=2, kind="500")
        sent = await bot.send_message(siti.id, "ok")
        for _ in range(2):
            with pytest.raises(telegram.error.NetworkError):
                await bot.edit_message_text("baru", chat_id=siti.id, message_id=sent.message_id)
        await bot.edit_message_text("baru", chat_id=siti.id, message_id=sent.message_id)
    assert len([c for c in server.calls if c.failed]) == 7


async def test_fail_ratio_is_deterministic(server, abot):
    budi = server.user(1001)

    async def run() -> list[bool]:
        server.reset()
        server.user(1001)
        server.fail_ratio(0.3, kinds=("500",), seed=42)
        outcome = []
        for i in range(60):
            try:
                await abot.send_message(budi.id, f"m{i}")
                outcome.append(True)
            except TelegramServerError:
                outcome.append(False)
        assert (await abot.get_me()).id == 123456  # getMe is never failed
        return outcome

    first, second = await run(), await run()
    assert first == second
    assert 8 <= first.count(False) <= 30
    assert len(server.messages(budi.id)) == first.count(True)


async def test_flood_accounting_and_enforcement(server, abot):
    budi, ani = server.user(1001), server.user(1002, "Ani")
    for i in range(3):  # burst of 3 to one private chat is tolerated
        await abot.send_message(budi.id, f"burst {i}")
    assert server.flood_violations == []
    await abot.send_message(budi.id, "one too many")  # 4th within the same second
    assert [(v.scope, v.chat_id) for v in server.flood_violations] == [("chat", budi.id)]
    assert len(server.messages(budi.id)) == 4  # counting mode still delivers

    server.enforce_flood = True
    with pytest.raises(TelegramRetryAfter) as retry:
        await abot.send_message(budi.id, "ditolak")
    assert retry.value.retry_after >= 1
    assert len(server.messages(budi.id)) == 4
    await abot.send_message(ani.id, "chat lain tidak terpengaruh")

    grp = server.group(-100888, "Operator")
    for i in range(20):
        await abot.send_message(grp.id, f"g{i}")
    with pytest.raises(TelegramRetryAfter) as retry:
        await abot.send_message(grp.id, "g21")
    assert retry.value.retry_after in (2, 3)  # 20 per minute -> one slot every 3 s (minus refill so far)
    assert server.flood_violations[-1].scope == "group"

    server.enforce_flood = False
    server.flood_limits = FloodLimits()  # fresh buckets
    server.flood_violations.clear()
    users = [server.user(20_000 + i) for i in range(60)]
    await asyncio.gather(*(abot.send_message(u.id, "broadcast") for u in users))
    assert any(v.scope == "global" for v in server.flood_violations)
    assert all(v.scope == "global" for v in server.flood_violations)
