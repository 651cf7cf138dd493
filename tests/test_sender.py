"""The outbox sender is told by each commit which chats it owed messages to, so it reads the whole
outbox only at start and when a timer runs out, not after every commit; and nothing owed waits for
that timer (bot/sender.py). A real database, a collecting client, no HTTP."""

from __future__ import annotations

import asyncio
import time

from bot.sender import OutboxSender
from flows.delivery import ChatLimits
from flows.events import Reply
from storage.repos.outbox import SqlOutbox

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


FAST = ChatLimits(private_burst=100, private_per_s=1000, group_burst=100, group_per_s=1000,
                  global_per_s=10_000)


class Client:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str, float]] = []
        self.hold: asyncio.Event | None = None  # set: sends wait for it
        self.next_id = 100

    async def send_text(self, chat_id, text, markup):
        if self.hold is not None:
            await self.hold.wait()
        self.next_id += 1
        self.sent.append((chat_id, text, time.monotonic()))
        return self.next_id


async def owe(db, chat_id: int, *texts: str) -> None:
    async with db.uow() as uow:
        for text in texts:
            await uow.outbox.add(chat_id, Reply(text))
        await uow.commit()


async def until(check, seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "not delivered in time"
        await asyncio.sleep(0.01)


async def running(db, client):
    sender = OutboxSender(db, client, FAST)
    db.commit_hooks.append(sender.wake)
    task = asyncio.create_task(sender.run())
    await asyncio.sleep(0.05)  # its first round: the whole outbox, empty
    return sender, task


async def stop(task) -> None:
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def test_a_commit_wakes_only_its_chats_and_the_outbox_is_not_read_whole(db, monkeypatch):
    whole_reads = []
    due = SqlOutbox.due

    async def counting(self, now, limit, only_chat=None, busy=()):
        if only_chat is None:
            whole_reads.append(now)
        return await due(self, now, limit, only_chat, busy)

    monkeypatch.setattr(SqlOutbox, "due", counting)
    client = Client()
    sender, task = await running(db, client)
    try:
        start, reads_at_start = time.monotonic(), len(whole_reads)
        for chat in range(1, 31):
            await owe(db, chat, f"halo {chat}", f"lagi {chat}")
        await until(lambda: len(client.sent) == 60)
        assert time.monotonic() - start < 2.0  # long before the 5 s timer would have found them
        assert len(whole_reads) == reads_at_start  # each chat's worker read its own messages
        for chat in range(1, 31):  # in order within each chat
            assert [t for c, t, _ in client.sent if c == chat] == [f"halo {chat}", f"lagi {chat}"]
    finally:
        await stop(task)


async def test_a_message_owed_while_its_chat_is_being_sent_to_follows_at_once(db):
    client = Client()
    client.hold = asyncio.Event()
    sender, task = await running(db, client)
    try:
        await owe(db, 7, "pertama")
        await asyncio.sleep(0.1)  # its worker is sending, held
        await owe(db, 7, "kedua")  # the worker has read already: it must read again
        client.hold.set()
        await until(lambda: len(client.sent) == 2, seconds=1.0)
        assert [t for _, t, _ in client.sent] == ["pertama", "kedua"]
    finally:
        await stop(task)


async def test_what_was_owed_before_the_start_is_found_by_the_first_read(db):
    await owe(db, 5, "sebelum")
    client = Client()
    sender, task = await running(db, client)
    try:
        await until(lambda: len(client.sent) == 1, seconds=1.0)
    finally:
        await stop(task)


async def test_edits_do_not_spend_the_overall_message_allowance(db):
    """Telegram's 30 a second counts messages; an edit creates none (bot/sender.py `_take`)."""
    class Editing(Client):
        async def edit_text(self, chat_id, message_id, text, buttons):
            self.sent.append((chat_id, text, time.monotonic()))

    client = Editing()
    one_a_second = ChatLimits(private_burst=100, private_per_s=1000, global_per_s=1)
    sender = OutboxSender(db, client, one_a_second)
    db.commit_hooks.append(sender.wake)
    task = asyncio.create_task(sender.run())
    try:
        start = time.monotonic()
        async with db.uow() as uow:
            await uow.outbox.add(1, Reply("baru"))
            await uow.outbox.add(2, Reply("baru juga"))  # waits a second for the allowance
            for chat in range(3, 9):
                await uow.outbox.add(chat, Reply("diubah", edit_message_id=50))
            await uow.commit()
        await until(lambda: len(client.sent) == 8)
        at = {text if chat < 3 else chat: when - start for chat, text, when in client.sent}
        assert all(at[chat] < 0.5 for chat in range(3, 9))
        assert sorted([at["baru"], at["baru juga"]])[1] > 0.8
    finally:
        await stop(task)


async def test_an_idle_sender_sleeps_until_a_commit_or_the_next_retry(db):
    from datetime import UTC, datetime, timedelta

    sender = OutboxSender(db, Client(), FAST)
    assert await sender._idle_wait() is None  # nothing owed: no timer at all
    await owe(db, 3, "nanti")
    async with db.uow() as uow:
        [item] = await uow.outbox.due(datetime.now(UTC), 1)
        await uow.outbox.retry_later(item.id, datetime.now(UTC) + timedelta(seconds=2), "transient", "502")
        await uow.commit()
    assert 1.5 < await sender._idle_wait() <= 2.0  # until the retry is due


async def test_deliveries_of_many_chats_are_written_down_together_and_none_is_lost(db, monkeypatch):
    """What the chats' workers record (sent, and their next message) goes in one transaction for
    all that asked at once: thirty sends released together are not thirty commits."""
    client = Client()
    client.hold = asyncio.Event()
    sender, task = await running(db, client)
    uows = db.uow

    def counting(wake: bool = True):
        if not wake:
            bookkeeping.append(1)
        return uows(wake)

    try:
        for chat in range(-30, 0):  # groups: what is sent to a private chat nobody owns is forgotten
            await owe(db, chat, f"halo {chat}", f"lagi {chat}")
        await asyncio.sleep(0.2)  # every chat's worker holds its first message
        bookkeeping: list[int] = []
        monkeypatch.setattr(db, "uow", counting)
        client.hold.set()
        await until(lambda: len(client.sent) == 60)
        await until(lambda: not sender._workers)
        assert len(bookkeeping) <= 10  # 60 results and 60 reads, a transaction each, were 60
        async with db.uow() as uow:
            assert (await uow.outbox.stats())["counts"] == {"sent": 60}  # every one written down as sent
    finally:
        await stop(task)


async def test_a_failed_bookkeeping_transaction_stops_its_workers_and_the_next_sweep_sends_the_rest(db, monkeypatch):
    client = Client()
    sender, task = await running(db, client)
    due = SqlOutbox.due
    failed: list[int] = []

    async def failing_once(self, now, limit, only_chat=None, busy=()):
        if only_chat is not None and not failed:
            failed.append(only_chat)
            raise RuntimeError("database went away")
        return await due(self, now, limit, only_chat, busy)

    monkeypatch.setattr(SqlOutbox, "due", failing_once)
    try:
        await owe(db, 3, "satu", "dua")
        await until(lambda: len(client.sent) == 2, seconds=4.0)  # after the 1 s sweep
        assert [t for _, t, _ in client.sent] == ["satu", "dua"]
        assert failed == [3]
    finally:
        await stop(task)
