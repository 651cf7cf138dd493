"""bot/inbound.py's polling loop with a scripted getUpdates: the offset that acknowledges a batch
is asked for only after every update of it is handled; a failing handler or getUpdates does not
stop the loop; a stop lets the batch in hand finish."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import pytest

from bot import inbound
from bot.inbound import Inbound


@dataclass
class Chat:
    id: int


@dataclass
class Message:
    chat: Chat
    text: str = "x"


@dataclass
class Update:
    update_id: int
    message: Message


def update(update_id: int, chat_id: int = 1) -> Update:
    return Update(update_id, Message(Chat(chat_id)))


class Telegram:
    """getUpdates that hands out `batches` one by one, then waits; records the offsets asked for."""

    def __init__(self, *batches: list[Update] | Exception) -> None:
        self.batches = list(batches)
        self.offsets: list[int | None] = []
        self.done: list[int] = []  # update_ids handled, as the offsets were asked for
        self.handled: list[int] = []
        self.drained = asyncio.Event()

    async def fetch(self, offset: int | None, timeout: int) -> list[Update]:
        self.offsets.append(offset)
        self.done.append(len(self.handled))
        if timeout == 0:  # the confirmation on stop
            return []
        if not self.batches:
            self.drained.set()
            await asyncio.Event().wait()
        batch = self.batches.pop(0)
        if isinstance(batch, Exception):
            raise batch
        return batch


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch):
    monkeypatch.setattr(inbound, "BACKOFF_S", (0.001,))


async def run_until_drained(loop: Inbound, telegram: Telegram) -> None:
    task = asyncio.create_task(loop.poll())
    async with asyncio.timeout(5):
        await telegram.drained.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_the_next_offset_is_asked_for_only_after_the_whole_batch_is_handled():
    telegram = Telegram([update(10, 1), update(11, 2), update(12, 1)], [update(13, 3)])

    async def handle(u: Update) -> None:
        await asyncio.sleep(0.01 if u.update_id == 10 else 0)
        telegram.handled.append(u.update_id)

    await run_until_drained(Inbound(telegram.fetch, handle), telegram)
    assert telegram.offsets == [None, 13, 14]
    assert telegram.done == [0, 3, 4]  # every update of the batch handled before its acknowledgement
    assert telegram.handled.index(10) < telegram.handled.index(12)  # one chat in order
    assert telegram.handled.index(11) < telegram.handled.index(10)  # chat 2 did not wait for chat 1


async def test_a_handler_that_raises_does_not_stop_the_loop(caplog):
    telegram = Telegram([update(1), update(2)], [update(3)])

    async def handle(u: Update) -> None:
        if u.update_id == 1:
            raise RuntimeError("boom")
        telegram.handled.append(u.update_id)

    loop = Inbound(telegram.fetch, handle)
    await run_until_drained(loop, telegram)
    assert telegram.handled == [2, 3] and telegram.offsets == [None, 3, 4]
    assert (loop.handled, loop.failed) == (2, 1)
    assert "update 1 failed" in caplog.text


async def test_failing_getupdates_is_retried_with_a_pause_and_logged_sparingly(caplog):
    caplog.set_level(logging.INFO, logger="bot.inbound")
    failures: list[list[Update] | Exception] = [ConnectionError("down")] * 25
    telegram = Telegram(*failures, [update(5)])

    async def handle(u: Update) -> None:
        telegram.handled.append(u.update_id)

    await run_until_drained(Inbound(telegram.fetch, handle), telegram)
    assert telegram.handled == [5] and telegram.offsets[-1] == 6
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 3  # the 1st, 11th and 21st of 25 failures in a row
    assert "getUpdates works again after 25 failure(s)" in caplog.text


async def test_a_stop_lets_the_batch_in_hand_finish_confirms_it_and_fetches_no_more():
    started, release = asyncio.Event(), asyncio.Event()
    telegram = Telegram([update(1), update(2, 2)])

    async def handle(u: Update) -> None:
        started.set()
        await release.wait()
        telegram.handled.append(u.update_id)

    task = asyncio.create_task(Inbound(telegram.fetch, handle).poll())
    await started.wait()
    task.cancel()
    await asyncio.sleep(0.01)
    assert not task.done()  # still finishing the batch
    release.set()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert sorted(telegram.handled) == [1, 2]
    assert telegram.offsets == [None, 3] and telegram.done == [0, 2]  # confirmed once finished, no more fetched


async def test_the_hold_hook_holds_only_its_text(monkeypatch):
    monkeypatch.setattr(inbound, "STOP_BATCH_S", 0.05)  # the held update stays held: the stop gives up on it
    telegram = Telegram([update(1), Update(2, Message(Chat(2), "hold me")), update(3, 3)])

    async def handle(u: Update) -> None:
        telegram.handled.append(u.update_id)

    loop = Inbound(telegram.fetch, handle, hold_text="hold me")
    task = asyncio.create_task(loop.poll())
    async with asyncio.timeout(5):
        while len(telegram.handled) < 2:
            await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    assert sorted(telegram.handled) == [1, 3] and telegram.offsets == [None]  # not acknowledged
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_aiogram_does_not_log_a_line_per_update(tmp_path):
    """aiogram's "Update id=... is handled" at INFO, for every citizen's message, is kept out of
    the log unless an operator asked for aiogram.event's level."""
    import logging

    from bot.runner import make_bot
    from tests.botapi_server import FakeBotAPI
    from tests.e2e import bot_settings

    logger = logging.getLogger("aiogram.event")
    saved = logger.level
    try:
        logger.setLevel(logging.NOTSET)
        make_bot(bot_settings(FakeBotAPI(), tmp_path))
        assert not logger.isEnabledFor(logging.INFO)
        logger.setLevel(logging.DEBUG)  # an operator's choice stays
        make_bot(bot_settings(FakeBotAPI(), tmp_path))
        assert logger.isEnabledFor(logging.DEBUG)
    finally:
        logger.setLevel(saved)
