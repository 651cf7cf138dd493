"""The update log (exactly-once handling) and the outbox (everything owed to a chat)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, case, delete, exists, func, insert, select, text, update

from flows.events import Reply, reply_to_dict
from flows.model import (
    MessageRef,
)
from storage.models import (
    ChatSeenRow,
    CitizenRow,
    OutboxRow,
    ProcessedUpdateRow,
    TicketMessageRow,
    UnreachableChatRow,
    utcnow,
)
from storage.repos.sql import Prepared, Repo, dialect_insert, rowcount

_OUTBOX = cast(Table, OutboxRow.__table__)
_UNREACHABLE = cast(Table, UnreachableChatRow.__table__)
_TICKET_MESSAGE = cast(Table, TicketMessageRow.__table__)
_CITIZEN = cast(Table, CitizenRow.__table__)

# INSERT ... ON CONFLICT DO NOTHING: atomic on both databases, even across workers.
_CLAIM = Prepared(lambda d: dialect_insert(d)(ProcessedUpdateRow.__table__)
                  .values(update_id=bindparam("u"), processed_at=bindparam("at"))
                  .on_conflict_do_nothing(index_elements=["update_id"]))
# A message owed to a chat that cannot be written to now waits ("held") until it writes again.
_ADD = Prepared(lambda d: insert(_OUTBOX).values(status=case(
    (exists().where(_UNREACHABLE.c.chat_id == bindparam("held_chat")), "held"), else_="pending")))


def _seen(dialect: str) -> object:
    stmt = dialect_insert(dialect)(ChatSeenRow.__table__).values(chat_id=bindparam("c"), at=bindparam("at"))
    return stmt.on_conflict_do_update(index_elements=["chat_id"], set_={"at": stmt.excluded.at})


_SEEN = Prepared(_seen)  # type: ignore[arg-type]


def _due(one_chat: bool, skip_busy: bool) -> Prepared:
    o = _OUTBOX.c
    pending = o.status == "pending"
    if one_chat:
        pending = pending & (o.chat_id == bindparam("chat"))
    if skip_busy:
        pending = pending & o.chat_id.not_in(bindparam("busy", expanding=True))
    head = select(o.chat_id, func.min(o.id).label("first")).where(pending).group_by(o.chat_id).subquery()
    return Prepared(lambda d: select(o.id, o.chat_id, o.payload, o.attempts, o.ref, o.parts_done, o.message_id,
                                     o.parts_failed).join(head, o.id == head.c.first)
                    .where(o.next_attempt_at <= bindparam("now", type_=o.next_attempt_at.type))
                    .order_by(o.id).limit(bindparam("limit")))


_SENT = Prepared(lambda d: update(_OUTBOX).where(_OUTBOX.c.id == bindparam("i")).values(
    status="sent", message_id=bindparam("m"), sent_at=bindparam("at", type_=_OUTBOX.c.sent_at.type),
    parts_failed=bindparam("f")))
# A reply of several parts, part way: where a retry resumes, and the text's message id.
_PROGRESS = Prepared(lambda d: update(_OUTBOX).where(_OUTBOX.c.id == bindparam("i")).values(
    parts_done=bindparam("n"), message_id=bindparam("m"), parts_failed=bindparam("f")))
_TM_SENT = Prepared(lambda d: update(_TICKET_MESSAGE).where(_TICKET_MESSAGE.c.id == bindparam("tm"))
                    .values(message_id=bindparam("m")))
_FORGET_SENT = Prepared(lambda d: delete(_OUTBOX).where(
    _OUTBOX.c.id == bindparam("i"), _OUTBOX.c.chat_id > 0,
    ~exists().where(_CITIZEN.c.chat_id == _OUTBOX.c.chat_id)))
_DUE = {(one, busy): _due(one, busy) for one in (False, True) for busy in (False, True)}
_BACK = Prepared(lambda d: delete(_UNREACHABLE).where(_UNREACHABLE.c.chat_id == bindparam("c")))


TAG_LOOKBACK = 100  # messages back in a chat where an edit by tag looks for its message


class SqlUpdateLog(Repo):
    async def claim(self, update_id: int, chat_id: int | None = None) -> bool:
        if chat_id is not None and self.c.dialect.name == "postgresql":
            # Several workers taking webhook requests: one chat's turns one after another across
            # the processes too (the in-process lock keeps them apart within one), to the commit.
            await self.c.execute(_CHAT_LOCK, {"chat": str(chat_id)})
        result = await self.run(_CLAIM, {"u": update_id, "at": utcnow()})
        return rowcount(result) == 1


_CHAT_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || ':chat:' || :chat, 0))")


@dataclass(slots=True)
class OutboxItem:
    id: int
    chat_id: int
    payload: dict
    attempts: int
    ref: MessageRef | None
    # How far an earlier attempt got (flows.delivery.Progress): parts done, the message id of
    # the text once sent, and the parts Telegram rejected.
    parts_done: int = 0
    text_message_id: int | None = None
    parts_failed: Sequence[str] = ()


_PART_SEP = "\n"  # between the reports of rejected parts in the `parts_failed` column


def _failed_column(failed: Sequence[str]) -> str | None:
    return _PART_SEP.join(f.replace(_PART_SEP, " ") for f in failed) or None


def _ref_column(ref: MessageRef | None) -> str | None:
    """How a MessageRef is kept in the outbox's `ref` column (tm:<id> or edit:<id>)."""
    if ref is None:
        return None
    return f"{'edit' if ref.edit else 'tm'}:{ref.ticket_message}"


def _ref_value(column: str | None) -> MessageRef | None:
    if not column:
        return None
    kind, _, tm = column.partition(":")
    return MessageRef(int(tm), edit=kind == "edit")


class SqlOutbox(Repo):
    """The core's side (add) and the sender's side (due, mark_*) of the outbox."""

    async def add(self, chat_id: int, reply: Reply, ref: MessageRef | None = None) -> None:
        await self.add_many([(chat_id, reply, ref)])

    async def add_many(self, owed: list[tuple[int, Reply, MessageRef | None]]) -> None:
        """Owe several messages in one statement (in this order: each chat gets them so)."""
        if not owed:
            return
        await self.flush_orm()  # e.g. a chat just held: the statement below must see it
        now = utcnow()
        await self.run(_ADD, [
            {"chat_id": chat_id, "held_chat": chat_id, "payload": reply_to_dict(reply), "ref": _ref_column(ref),
             "attempts": 0, "next_attempt_at": now, "created_at": now}
            for chat_id, reply, ref in owed])
        for chat_id, _, _ in owed:
            self._tx.owe(chat_id)

    async def reachable_again(self, chat_id: int) -> None:
        now = utcnow()
        await self.run(_SEEN, {"c": chat_id, "at": now})
        result = await self.run(_BACK, {"c": chat_id})
        if rowcount(result):
            self._tx.owe(chat_id)
            await self.s.execute(
                update(OutboxRow).where(OutboxRow.chat_id == chat_id, OutboxRow.status == "held")
                .values(status="pending", next_attempt_at=utcnow()))

    async def hold_chat(self, chat_id: int, reason: str) -> None:
        """The chat cannot be written to (403, or the bot was removed from it): hold what is owed
        until it is back (`reachable_again`)."""
        if await self.s.get(UnreachableChatRow, chat_id) is None:
            self.s.add(UnreachableChatRow(chat_id=chat_id, reason=reason[:500], since=utcnow()))
        await self.s.execute(update(OutboxRow).where(OutboxRow.chat_id == chat_id, OutboxRow.status == "pending")
                             .values(status="held", error_kind="unreachable", last_error=reason[:500]))

    async def drop_ticket_messages(self, chat_id: int, reason: str) -> int:
        """Forget what is still owed to the chat about tickets (cards, edits, notes): someone else
        holds them now. A card never sent is no card of the chat's, unless it may be on its way
        (the chat's oldest pending message, which the sender may be sending right now: if it
        arrives, its "moved" edit will neutralise it). How many were dropped."""
        owed = (OutboxRow.chat_id == chat_id) & OutboxRow.status.in_(("pending", "held"))
        in_flight = await self.s.scalar(select(func.min(OutboxRow.id)).where(
            OutboxRow.chat_id == chat_id, OutboxRow.status == "pending"))
        if in_flight is not None:
            owed = owed & (OutboxRow.id != in_flight)
        unsent = [ref.ticket_message for column in await self.s.scalars(
            select(OutboxRow.ref).where(owed, OutboxRow.ref.like("tm:%")))
                  if (ref := _ref_value(column)) is not None]
        if unsent:
            await self.s.execute(update(TicketMessageRow).where(TicketMessageRow.id.in_(unsent),
                                                                TicketMessageRow.kind == "card")
                                 .values(kind="unsent").execution_options(synchronize_session=False))
        result = await self.s.execute(
            update(OutboxRow).where(OutboxRow.chat_id == chat_id, OutboxRow.status.in_(("pending", "held")),
                                    OutboxRow.ref.is_not(None))
            .values(status="failed", error_kind="desk_lost", last_error=reason[:500]))
        return rowcount(result)

    async def due(self, now: datetime, limit: int, only_chat: int | None = None,
                  busy: Collection[int] = ()) -> list[OutboxItem]:
        """The oldest pending message of each chat whose turn has come (per-chat order), leaving
        out the `busy` chats (their worker fetches their next message itself): the sender asks
        this after every commit, and reading every busy chat's message again cost more than all
        else it did (issue 11's profile). Core, not ORM: no instance per row."""
        query = _DUE[only_chat is not None, bool(busy)]
        params: dict[str, object] = {"now": now, "limit": limit}
        if only_chat is not None:
            params["chat"] = only_chat
        if busy:
            params["busy"] = list(busy)
        items = [OutboxItem(item_id, chat_id, dict(payload), attempts, _ref_value(ref)) if not done else
                 OutboxItem(item_id, chat_id, dict(payload), attempts, _ref_value(ref), done, message_id,
                            failed.split(_PART_SEP) if failed else [])
                 for item_id, chat_id, payload, attempts, ref, done, message_id, failed
                 in await self.run(query, params)]
        edits = {i.ref.ticket_message: i for i in items if i.ref is not None and i.ref.edit}
        if edits:
            # An edit of a card names the card's ticket_message; its Telegram message id is known
            # only once the card was sent, which per-chat order guarantees happened before.
            rows = await self.s.execute(select(TicketMessageRow.id, TicketMessageRow.message_id)
                                        .where(TicketMessageRow.id.in_(edits)))
            for tm_id, message_id in rows:
                if message_id is not None:
                    edits[tm_id].payload["edit_message_id"] = message_id
        for item in items:
            if item.payload.get("edit_tag") and "edit_message_id" not in item.payload:
                item.payload["edit_message_id"] = await self._tagged(item.chat_id, item.id, item.payload["edit_tag"])
        return items

    async def _tagged(self, chat_id: int, before: int, tag: str) -> int | None:
        """The Telegram id of the chat's last sent message tagged `tag` (flows/events.py Reply.tag):
        per-chat order sent it before the edit now due. Recent messages only: a status is
        edited while the citizen writes, not days later."""
        rows = await self.s.execute(select(OutboxRow.payload, OutboxRow.message_id).where(
            OutboxRow.chat_id == chat_id, OutboxRow.id < before, OutboxRow.message_id.is_not(None))
            .order_by(OutboxRow.id.desc()).limit(TAG_LOOKBACK))
        return next((message_id for payload, message_id in rows if (payload or {}).get("tag") == tag), None)

    async def recently_sent_without_id(self, chat_id: int) -> bool:
        """Is a ticket message to this chat still waiting to be sent or to have its id recorded?"""
        return (await self.s.scalar(
            select(func.count()).select_from(TicketMessageRow)
            .where(TicketMessageRow.chat_id == chat_id, TicketMessageRow.message_id.is_(None))) or 0) > 0

    async def next_due_at(self) -> datetime | None:
        return await self.s.scalar(select(func.min(OutboxRow.next_attempt_at)).where(OutboxRow.status == "pending"))

    async def mark_sent(self, item_id: int, message_id: int | None, at: datetime,
                        tie: int | None = None, parts_failed: Sequence[str] = ()) -> None:
        """`tie`: the ticket message (a card, an answer) that became `message_id`, so replies to
        it and edits of it find the ticket; `parts_failed`: parts Telegram rejected, reported
        alone (the message still counts as sent)."""
        await self.run(_SENT, {"i": item_id, "m": message_id, "at": at, "f": _failed_column(parts_failed)})
        if tie is not None and message_id is not None:
            await self.run(_TM_SENT, {"tm": tie, "m": message_id})
        # A private chat that is no citizen's (someone who declined, or has not agreed yet, or
        # was erased): what we said to them does not outlive its delivery.
        await self.run(_FORGET_SENT, {"i": item_id})

    async def mark_progress(self, item_id: int, done: int, text_message_id: int | None, failed: Sequence[str],
                            tie: int | None = None) -> None:
        """Part of a multi-part reply is delivered: remember where to resume, and tie the ticket
        message `tie` to the text's message id now, before the rest (which may fail) is sent."""
        await self.run(_PROGRESS, {"i": item_id, "n": done, "m": text_message_id, "f": _failed_column(failed)})
        if tie is not None and text_message_id is not None:
            await self.run(_TM_SENT, {"tm": tie, "m": text_message_id})

    async def retry_later(self, item_id: int, at: datetime, kind: str, error: str, count: bool = True) -> None:
        values = dict(next_attempt_at=at, error_kind=kind, last_error=error[:500])
        if count:
            values["attempts"] = OutboxRow.attempts + 1
        await self.s.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(**values))

    async def mark_failed(self, item_id: int, kind: str, error: str) -> None:
        await self.s.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(
            status="failed", error_kind=kind, last_error=error[:500], attempts=OutboxRow.attempts + 1))

    async def mark_unreachable(self, item_id: int, chat_id: int, reason: str, attempted_at: datetime) -> None:
        seen = await self.s.get(ChatSeenRow, chat_id, populate_existing=True)
        if seen is not None and seen.at >= attempted_at:
            # They wrote to us after we tried: they unblocked the bot meanwhile. Try again now.
            await self.retry_later(item_id, utcnow(), "unreachable", reason)
            return
        # Everything owed to the chat waits until it writes to us again.
        await self.hold_chat(chat_id, reason)

    async def move_chat(self, old: int, new: int) -> None:
        await self.s.execute(update(OutboxRow).where(OutboxRow.chat_id == old, OutboxRow.status == "pending")
                             .values(chat_id=new, next_attempt_at=utcnow()))
        self._tx.owe(new)

    async def stats(self) -> dict:
        counts = dict((await self.s.execute(
            select(OutboxRow.status, func.count()).group_by(OutboxRow.status))).all())
        oldest = await self.s.scalar(select(func.min(OutboxRow.created_at)).where(OutboxRow.status == "pending"))
        failures = dict((await self.s.execute(
            select(OutboxRow.error_kind, func.count()).where(OutboxRow.error_kind.is_not(None))
            .group_by(OutboxRow.error_kind))).all())
        unreachable = await self.s.scalar(select(func.count()).select_from(UnreachableChatRow))
        return {"counts": counts, "oldest_pending": oldest, "failures": failures, "unreachable": unreachable}
