"""One unit of work per turn: every update or press the core handles goes through `Turns.run`.

A turn claims the update (a redelivered update does nothing), runs its handler against one
unit of work, writes every reply to the outbox and commits, all in one transaction: a crash before
the commit loses nothing (Telegram delivers the unclaimed update again), and a crash after it owes
nothing (the outbox sender delivers what was committed). A turn that lost a race for a citizen's
draft with another worker (StaleDraft) is run again on fresh state, at once; a turn the database
could not serve for now (StorageBusy: locked, connection lost) is run again after a pause. If it
still fails, the error reaches the runner, which apologises (flows/failure.py).

One chat's turns never interleave: `Turns.hold(chat_id)` is the one per-chat lock of the process,
taken by `flows/core.py` around routing and the turn together.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from flows.events import Incoming, Outcome, Reply
from flows.locks import KeyedLocks
from flows.ports import StaleDraft, StorageBusy, UnitOfWork

log = logging.getLogger(__name__)

Body = Callable[[UnitOfWork, Outcome], Awaitable[None]]
ATTEMPTS = 3
BUSY_PAUSES_S = (0.5, 2.0)  # before the second and the third try of a turn the database refused


class Turns:
    def __init__(self, uow_factory: Callable[[], UnitOfWork]) -> None:
        self.uow_factory = uow_factory
        self.locks = KeyedLocks()

    @asynccontextmanager
    async def hold(self, chat_id: int) -> AsyncIterator[None]:
        async with self.locks.hold(chat_id):
            yield

    async def run(self, ev: Incoming, body: Body) -> Outcome:
        for attempt in range(ATTEMPTS):
            try:
                return await self._once(ev, body)
            except StaleDraft:
                # Another worker moved this chat's draft on; redo the turn on fresh state.
                log.info("draft of chat %s changed concurrently, retrying", ev.chat_id)
                if attempt == ATTEMPTS - 1:
                    raise
            except StorageBusy as exc:
                if attempt == ATTEMPTS - 1:
                    raise
                # The kind of error only: its text may quote the statement.
                log.warning("database busy on update %s (%s); trying again", ev.update_id,
                            type(exc.__cause__).__name__)
                await asyncio.sleep(BUSY_PAUSES_S[attempt])
        raise AssertionError("unreachable")

    async def _once(self, ev: Incoming, body: Body) -> Outcome:
        out = Outcome()
        async with self.uow_factory() as uow:
            if ev.update_id is not None and not await uow.updates.claim(ev.update_id, ev.chat_id):
                out.duplicate = True
                return out
            await body(uow, out)
            out.replies = coalesce(out.replies)
            # Replies are owed in the same transaction as the state they describe.
            await uow.outbox.add_many([(reply.chat_id or ev.chat_id, reply, None) for reply in out.replies])
            await uow.commit()
        return out


def coalesce(replies: list[Reply]) -> list[Reply]:
    """Fold a bare notice ("Terlalu singkat...") into the message after it: one message instead
    of two is easier to read on a small screen and spends less of the chat's flood allowance."""
    merged: list[Reply] = []
    for reply in replies:
        prev = merged[-1] if merged else None
        if (prev is not None and prev.edit_message_id is None and reply.edit_message_id is None
                and prev.edit_tag is None and reply.edit_tag is None and prev.tag is None and reply.tag is None
                and not (prev.buttons or prev.keyboard or prev.remove_keyboard or prev.location or prev.media
                         or prev.uploads)
                and prev.chat_id == reply.chat_id
                and len(prev.text) + len(reply.text) + 2 <= 4096):
            reply.text = f"{prev.text}\n\n{reply.text}"
            merged[-1] = reply
        else:
            merged.append(reply)
    return merged
