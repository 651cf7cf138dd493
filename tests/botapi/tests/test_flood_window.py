"""The overall flood limit as Telegram counts it: at most 30 messages in any one-second window (a
sliding window, not a token bucket whose burst lets about twice that through in one second)."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiogram.exceptions import TelegramRetryAfter


async def _send_all(abot, chats, text: str) -> list[bool]:
    """Send one message to each chat, one after another; which were accepted."""
    accepted = []
    for chat in chats:
        try:
            await abot.send_message(chat, text)
            accepted.append(True)
        except TelegramRetryAfter as exc:
            assert exc.retry_after == 1
            accepted.append(False)
    return accepted


async def test_the_31st_message_within_one_second_is_refused(server, abot):
    server.enforce_flood = True
    chats = [server.user(40_000 + i).id for i in range(31)]
    started = time.monotonic()
    accepted = await _send_all(abot, chats, "serentak")
    assert time.monotonic() - started < 1.0  # else this proves nothing
    assert accepted == [True] * 30 + [False]
    assert [(v.scope, v.chat_id) for v in server.flood_violations] == [("global", chats[30])]
    assert server.messages(chats[30]) == []


async def test_a_window_is_a_window_not_a_bucket(server, abot):
    """Half a second after 30 messages a token bucket of 30/s would have 15 tokens again; in any
    one-second window there is still no room, until the first of them is a second old."""
    server.enforce_flood = True
    chats = [server.user(41_000 + i).id for i in range(32)]
    first = time.monotonic()
    assert await _send_all(abot, chats[:30], "awal") == [True] * 30
    await asyncio.sleep(max(0.0, first + 0.5 - time.monotonic()))
    assert await _send_all(abot, chats[30:31], "terlalu cepat") == [False]
    assert server.flood_violations[-1].scope == "global"
    await asyncio.sleep(max(0.0, first + 1.05 - time.monotonic()))
    assert await _send_all(abot, chats[31:], "sudah boleh") == [True]


async def test_thirty_a_second_spread_evenly_is_never_refused(server, abot):
    server.enforce_flood = True
    chats = [server.user(42_000 + i).id for i in range(45)]
    start = time.monotonic()
    for i, chat in enumerate(chats):  # one every 1/30 s and a little: 30 in every window at most
        await asyncio.sleep(max(0.0, start + i * 0.035 - time.monotonic()))
        await abot.send_message(chat, "merata")
    assert server.flood_violations == []
    assert all(len(server.messages(chat)) == 1 for chat in chats)


@pytest.mark.parametrize("enforced", [False, True])
async def test_counting_mode_counts_what_enforcing_refuses(server, abot, enforced):
    server.enforce_flood = enforced
    chats = [server.user(43_000 + i).id for i in range(35)]
    await asyncio.gather(*(_send_all(abot, [chat], "siaran") for chat in chats))
    assert sum(v.scope == "global" for v in server.flood_violations) == 5
    assert sum(len(server.messages(chat)) for chat in chats) == (30 if enforced else 35)
