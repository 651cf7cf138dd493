"""The outbox sender delivers a reply of several parts part by part (a retry resumes at the first
unsent part, the text's message id is recorded as soon as the text is sent, a rejected part is
reported alone), over a fake client and a real SQLite outbox; and its overall limit holds in
every one-second window against the local Bot API server enforcing Telegram's 30 per second."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest
from sqlalchemy import select

from bot.pacing import Window
from bot.runner import make_bot
from bot.sender import OutboxSender
from flows.delivery import ChatLimits, MessageGone, Rejected, Transient
from flows.events import Reply
from flows.model import MessageRef
from handlers.aiogram_adapter import AiogramClient
from storage.models import CitizenRow, OutboxRow, TicketMessageRow, TicketRow
from storage.uow import Database
from tests.botapi import FakeBotAPI
from tests.e2e import bot_settings

DESK = -100_700
UNPACED = ChatLimits(private_burst=1e9, private_per_s=1e9, group_burst=1e9, group_per_s=1e9, global_per_s=1e9)


class Client:
    """Records every primitive call; `fail[(kind, n)]` is raised by the n-th call of that kind."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.fail: dict[tuple[str, int], Exception] = {}
        self.next_id = 100

    def _call(self, kind: str, *what) -> None:
        self.calls.append((kind, *what))
        error = self.fail.get((kind, sum(c[0] == kind for c in self.calls)))
        if error is not None:
            raise error

    async def send_text(self, chat_id, text, markup):
        self._call("text", text)
        self.next_id += 1
        return self.next_id

    async def edit_text(self, chat_id, message_id, text, buttons):
        self._call("edit", message_id)

    async def send_location(self, chat_id, latitude, longitude):
        self._call("location")

    async def send_file(self, chat_id, kind, file_id, name=None):
        self._call("file", file_id)

    async def send_album(self, chat_id, files, names):
        self._call("album", [f for _, f in files])

    def kinds(self) -> list[str]:
        return [c[0] for c in self.calls]


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr("flows.delivery.BACKOFF_BASE_S", 0.0)  # a retry is due at once


async def _card(db: Database, message_id: int | None = None) -> int:
    """A ticket with a card in the desk group; the card's ticket_message id."""
    async with db.uow() as uow:
        citizen = CitizenRow(telegram_user_id=1001, chat_id=1001)
        uow.session.add(citizen)
        await uow.session.flush()
        ticket = TicketRow(number="LPR-1", citizen_id=citizen.id, report_type="complaint", title="Jalan rusak",
                           description="Lubang besar", status="new")
        uow.session.add(ticket)
        await uow.session.flush()
        card = TicketMessageRow(ticket_id=ticket.id, chat_id=DESK, kind="card", message_id=message_id)
        uow.session.add(card)
        await uow.session.flush()
        await uow.commit()
        return card.id


async def _owe(db: Database, reply: Reply, ref: MessageRef | None = None, chat_id: int = DESK) -> None:
    async with db.uow() as uow:
        await uow.outbox.add(chat_id, reply, ref)
        await uow.commit()


async def _row(db: Database):
    """The newest outbox row, as its columns."""
    async with db.uow() as uow:
        return (await uow.conn.execute(select(OutboxRow.__table__).order_by(OutboxRow.id.desc()))).first()


async def _tied_to(db: Database, tm: int) -> int | None:
    async with db.uow() as uow:
        return await uow.session.scalar(select(TicketMessageRow.message_id).where(TicketMessageRow.id == tm))


CARD = Reply("📋 LPR-1 Jalan rusak", location=(-4.1, 104.1), media=[("photo", "p1"), ("document", "d1")])


async def test_a_5xx_on_the_pin_retries_the_pin_only_and_the_card_appears_once(db):
    tm = await _card(db)
    await _owe(db, CARD, MessageRef(tm))
    client = Client()
    client.fail[("location", 1)] = Transient("502 Bad Gateway")
    sender = OutboxSender(db, client, UNPACED)

    assert await sender.drain_once() == 1
    assert client.kinds() == ["text", "location"]
    row = await _row(db)
    assert (row.status, row.parts_done, row.error_kind) == ("pending", 1, "transient")
    assert await _tied_to(db, tm) == 101  # replies to the card find the ticket already

    assert await sender.drain_once() == 1
    assert client.kinds() == ["text", "location", "location", "file", "file"]
    row = await _row(db)
    assert (row.status, row.message_id, row.parts_failed) == ("sent", 101, None)
    assert await _tied_to(db, tm) == 101
    assert await sender.drain_once() == 0


async def test_a_4xx_on_one_attachment_is_reported_alone(db, caplog):
    tm = await _card(db)
    await _owe(db, CARD, MessageRef(tm))
    client = Client()
    client.fail[("file", 1)] = Rejected("Bad Request: wrong file identifier/HTTP URL specified")
    sender = OutboxSender(db, client, UNPACED)

    with caplog.at_level(logging.ERROR, logger="bot.sender"):
        assert await sender.drain_once() == 1
    assert client.kinds() == ["text", "location", "file", "file"]  # the document still went
    row = await _row(db)
    assert (row.status, row.message_id) == ("sent", 101)
    assert row.parts_failed == "part 3 (file): Bad Request: wrong file identifier/HTTP URL specified"
    assert await _tied_to(db, tm) == 101
    assert sender.sent == 1 and sender.failures == {"part_rejected": 1}
    [record] = [r for r in caplog.records if r.name == "bot.sender"]
    assert "part 3 (file)" in record.getMessage() and "Jalan rusak" not in record.getMessage()


async def test_a_rejected_part_before_a_5xx_is_reported_once_and_not_sent_again(db, caplog):
    tm = await _card(db)
    await _owe(db, CARD, MessageRef(tm))
    client = Client()
    client.fail[("file", 1)] = Rejected("Bad Request: wrong file identifier/HTTP URL specified")
    client.fail[("file", 2)] = Transient("502 Bad Gateway")
    sender = OutboxSender(db, client, UNPACED)
    with caplog.at_level(logging.ERROR, logger="bot.sender"):
        await sender.drain_once()
        await sender.drain_once()
    assert client.kinds() == ["text", "location", "file", "file", "file"]
    assert [c[1] for c in client.calls[2:]] == ["p1", "d1", "d1"]
    row = await _row(db)
    assert row.status == "sent" and row.parts_failed.startswith("part 3 (file)")
    assert len([r for r in caplog.records if r.name == "bot.sender"]) == 1
    assert sender.failures == {"part_rejected": 1, "transient": 1}


async def test_a_reply_whose_every_part_is_rejected_fails(db):
    await _owe(db, Reply("Halo", location=(-4.1, 104.1)), chat_id=1001)
    client = Client()
    client.fail[("text", 1)] = client.fail[("location", 1)] = Rejected("Bad Request: chat not found")
    await OutboxSender(db, client, UNPACED).drain_once()
    row = await _row(db)
    assert (row.status, row.error_kind) == ("failed", "rejected")


async def test_a_deleted_card_is_posted_again_once_and_its_new_copy_tied_to_the_ticket(db):
    tm = await _card(db, message_id=50)
    await _owe(db, Reply("📋 LPR-1 Jalan rusak — diproses", location=(-4.1, 104.1)), MessageRef(tm, edit=True))
    client = Client()
    client.fail[("edit", 1)] = MessageGone("Bad Request: message to edit not found")
    client.fail[("location", 1)] = Transient("502 Bad Gateway")
    sender = OutboxSender(db, client, UNPACED)

    await sender.drain_once()
    assert client.calls == [("edit", 50), ("text", "📋 LPR-1 Jalan rusak — diproses"), ("location",)]
    assert await _tied_to(db, tm) == 101  # the new copy, before its pin is through
    await sender.drain_once()
    assert client.kinds() == ["edit", "text", "location", "location"]  # posted once, the pin retried
    assert (await _row(db)).status == "sent"

    # The next edit of the card edits the new copy.
    await _owe(db, Reply("📋 LPR-1 Jalan rusak — selesai"), MessageRef(tm, edit=True))
    await sender.drain_once()
    assert client.calls[-1] == ("edit", 101)
    assert await _tied_to(db, tm) == 101


async def test_a_deleted_one_part_card_is_tied_at_its_one_update(db):
    tm = await _card(db, message_id=50)
    await _owe(db, Reply("📋 LPR-1 — diproses"), MessageRef(tm, edit=True))
    client = Client()
    client.fail[("edit", 1)] = MessageGone("Bad Request: message to edit not found")
    await OutboxSender(db, client, UNPACED).drain_once()
    assert client.kinds() == ["edit", "text"]
    assert await _tied_to(db, tm) == 101


async def _statements(db: Database, run) -> list[str]:
    """The statements SQLite ran (its own trace: the hot ones bypass SQLAlchemy's events)."""
    seen: list[str] = []

    def record(statement: str) -> None:
        verb = statement.split()[0].upper()
        if verb in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            seen.append(verb)

    async with db.uow() as uow:  # the process's one connection (storage/db.py)
        raw = uow.raw_sqlite
    assert raw is not None
    raw.set_trace_callback(record)
    try:
        await run()
    finally:
        raw.set_trace_callback(None)
    return seen


async def test_a_plain_one_part_message_costs_what_it_did(db):
    """The common case stays one UPDATE at mark_sent (and the forgetting of what was said to a
    chat that is no citizen's): part-by-part bookkeeping is for replies of several parts."""
    tm = await _card(db)
    await _owe(db, Reply("📋 LPR-1 Jalan rusak"), MessageRef(tm))
    sender = OutboxSender(db, Client(), UNPACED)
    statements = await _statements(db, sender.drain_once)
    assert statements == ["SELECT", "UPDATE", "UPDATE", "DELETE"]  # due; sent; card's id; forget
    await _owe(db, Reply("Halo"), chat_id=1001)
    assert await _statements(db, sender.drain_once) == ["SELECT", "UPDATE", "DELETE"]

    await _owe(db, Reply("Halo", location=(-4.1, 104.1)), chat_id=1001)  # two parts: one more
    assert await _statements(db, sender.drain_once) == ["SELECT", "UPDATE", "UPDATE", "DELETE"]


async def test_the_overall_limit_holds_in_every_one_second_window(tmp_path, db):
    """90 messages to 90 chats at the product's default overall limit, through real HTTP, to a
    server that answers 429 to the 31st message in any one-second window: none is refused, and
    the pacing is no slower than it must be (a token bucket sent about twice the allowance
    within its first second, and got 429s here)."""
    async with FakeBotAPI() as api:
        api.enforce_flood = True
        chats = [api.user(30_000 + i).id for i in range(90)]
        async with db.uow() as uow:
            await uow.outbox.add_many([(chat, Reply(f"Pesan {i}"), None) for i, chat in enumerate(chats)])
            await uow.commit()
        bot = make_bot(bot_settings(api, tmp_path))
        sender = OutboxSender(db, AiogramClient(bot), ChatLimits())
        started = time.monotonic()
        task = asyncio.create_task(sender.run())
        try:
            for chat in chats:
                await api.wait_for_message(chat, lambda s: s.text.startswith("Pesan"), timeout=15)
            elapsed = time.monotonic() - started
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            await bot.session.close()
        assert api.flood_violations == []
        assert sender.failures == {}
        assert 2.0 <= elapsed < 6.0, elapsed  # 29 at once, then 29 a window: some 3 s for 90
        stamps = sorted(c.at for c in api.calls_to("sendMessage"))
        assert max(sum(1 for t in stamps if s <= t < s + 1.0) for s in stamps) <= 30



async def test_a_call_counts_in_the_window_from_when_it_leaves_until_a_window_after_its_answer():
    """Telegram counts a call when it arrives, some time between when it left and its answer."""
    window = Window(2, 0.2)
    await window.enter()
    await window.enter()
    assert window.wait_time(time.monotonic()) is None  # two in flight: wait for an answer
    answered = time.monotonic()
    window.leave()
    assert 0.1 < window.wait_time(time.monotonic()) <= 0.2
    third = asyncio.create_task(window.enter())
    await asyncio.sleep(0.05)
    assert not third.done()
    await asyncio.wait_for(third, 2)
    assert time.monotonic() - answered >= 0.2
