"""The outbox sender: delivers what the core committed to the outbox, within Telegram's limits.

- Per chat, in order: only the oldest pending message of a chat is ever in flight.
- Within Telegram's flood limits, call by call (bot/pacing.py); a 429's retry_after is honoured
  exactly for that chat.
- Part by part: a reply of several parts (text, pin, files) resumes at its first unsent part,
  its text's message id is recorded as soon as the text is sent, and a part Telegram rejects is
  reported alone while the rest is still delivered.
- 5xx and timeouts retry with exponential backoff and jitter; other 4xx are not retried; 403 marks
  the chat unreachable and holds its messages until it writes again; a migrated group's messages
  move to the new chat id.
- A message counts as sent only once Telegram accepted it. A crash between Telegram's answer and
  the bookkeeping means the message is sent again on restart: at least once, never zero times.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence, Set
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.pacing import Paced, Pacer
from flows.delivery import (
    ChatLimits,
    ChatMigrated,
    Client,
    DeliveryError,
    Progress,
    Rejected,
    RetryAfter,
    Transient,
    Unreachable,
    backoff,
    deliver,
)
from flows.events import reply_from_dict
from storage.uow import Database, OutboxItem, SqlUnitOfWork

log = logging.getLogger(__name__)

PERSISTENT_ATTEMPTS = 5  # after this many transient failures in a row, tell the admins


@dataclass
class _Result:
    item: OutboxItem
    message_id: int | None = None
    error: DeliveryError | None = None
    progress: Progress = field(default_factory=Progress)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))  # before the attempt
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


# A worker's question to `_book`: its chat, what became of its last delivery, where the answer goes.
_Ask = tuple[int, "_Result | None", "asyncio.Future[OutboxItem | None]"]


class OutboxSender:
    def __init__(
        self,
        db: Database,
        client: Client,
        limits: ChatLimits | None = None,
        batch: int = 200,
        max_workers: int = 256,
        on_migrated: Callable[[int, int], Awaitable[None]] | None = None,
        on_persistent_failure: Callable[[OutboxItem, DeliveryError], Awaitable[None]] | None = None,
    ) -> None:
        self.db = db
        self.client = client
        self.limits = limits or ChatLimits()
        self.batch = batch
        self.max_workers = max_workers
        self._workers: dict[int, asyncio.Task] = {}
        self.on_migrated = on_migrated
        self.on_persistent_failure = on_persistent_failure
        self._wake = asyncio.Event()
        self._dirty: set[int] = set()  # chats owed messages since their worker last read
        self._sweep = True  # read the whole outbox on the next round
        self._asked: list[_Ask] = []
        self._booking: asyncio.Task[None] | None = None
        self.pacer = Pacer(self.limits)
        self._paced = Paced(client, self.pacer)
        self.sent = 0
        self.failures: dict[str, int] = {}

    def wake(self, chats: Set[int]) -> None:
        """A commit owed messages to `chats`."""
        self._dirty.update(chats)
        self._wake.set()

    def wake_for(self, chats: Set[int] | None) -> None:
        """Another worker's commit owed messages to `chats` (None: to chats too many to name,
        so the whole outbox is read)."""
        if chats is None:
            self._sweep = True
            self._wake.set()
        else:
            self.wake(chats)

    async def run(self) -> None:
        """Start a worker for every chat that has a message due; each worker sends its chat's
        messages one after another, so chats proceed independently and each in order.

        A commit that owes messages names their chats (`wake`): a chat without a worker gets one,
        which reads its own next message; a chat with one is left to it (it reads again after
        every message). The whole outbox is read only at start, when a timer runs out (a retry's
        time has come) and after a failure of the sender's own: reading it after every commit cost more
        than all else the sender did (issue 11's profile)."""
        try:
            while True:
                self._wake.clear()
                try:
                    started = await self._dispatch()
                except asyncio.CancelledError:
                    raise
                except Exception:  # the loop must outlive any one bad query
                    log.exception("outbox dispatch failed; retrying in 1 s")
                    started = 0
                    self._sweep = True
                    await asyncio.sleep(1)
                if started or self._wake.is_set():
                    continue
                timeout = await self._idle_wait()
                try:
                    # Not wait_for: Python 3.11's drops a cancellation that arrives as the event
                    # is set, and the sender then outlived App.close (which waited for it).
                    async with asyncio.timeout(timeout):
                        await self._wake.wait()
                except TimeoutError:
                    self._sweep = True
        finally:
            for task in list(self._workers.values()):
                task.cancel()
            await asyncio.gather(*self._workers.values(), return_exceptions=True)
            if self._booking is not None:  # what was delivered is still written down
                await asyncio.gather(self._booking, return_exceptions=True)

    async def _dispatch(self) -> int:
        started = 0
        if self._sweep:
            self._sweep = False
            self._dirty.clear()  # the read below sees every commit so far
            async with self.db.uow(wake=False) as uow:
                items = await uow.outbox.due(datetime.now(UTC), self.batch, busy=self._workers.keys())
            for item in items:
                started += self._start(item.chat_id, item)
        for chat_id in [c for c in self._dirty if c not in self._workers]:
            started += self._start(chat_id, None)
        return started

    def _start(self, chat_id: int, first: OutboxItem | None) -> int:
        if chat_id in self._workers or len(self._workers) >= self.max_workers:
            return 0  # at the limit: the next sweep (at most a second away) finds it again
        self._workers[chat_id] = asyncio.create_task(self._chat_worker(chat_id, first))
        return 1

    async def _next(self, chat_id: int, result: _Result | None) -> OutboxItem | None:
        """Record `result` (if any) and read the chat's next message due, in one transaction
        shared with every other chat's worker asking at the same time (`_book`)."""
        self._dirty.discard(chat_id)  # what is owed to it so far, the read below sees
        asked: asyncio.Future[OutboxItem | None] = asyncio.get_running_loop().create_future()
        self._asked.append((chat_id, result, asked))
        if self._booking is None:
            self._booking = asyncio.create_task(self._book(), name="outbox-bookkeeping")
        return await asyncio.shield(asked)  # a cancelled worker must not cancel the others' answers

    async def _book(self) -> None:
        """Answer the workers' `_next` in batches, one transaction for all that asked while the
        last one ran: a unit of work per message sent (the write lock, BEGIN, COMMIT) cost more
        than its two statements (issue 11's profile). Each chat's result is still recorded in the
        transaction that reads its next message."""
        try:
            while self._asked:
                batch: list[_Ask] = []
                try:
                    async with self.db.uow(wake=False) as uow:
                        # Taken once the connection is ours: who asked while it was busy joins in.
                        batch, self._asked = self._asked, []
                        follow_up = await self._record_in(uow, [r for _, r, _ in batch if r is not None])
                        now = datetime.now(UTC)
                        answers: list[OutboxItem | None] = []
                        for chat_id, r, _ in batch:  # after a failure, the worker stops
                            due = [] if r is not None and r.error is not None else (
                                await uow.outbox.due(now, 1, only_chat=chat_id))
                            answers.append(due[0] if due else None)
                        await uow.commit()
                except Exception as exc:  # each worker hears of it and stops; the next sweep resumes
                    if not batch:
                        batch, self._asked = self._asked, []
                    for _, _, asked in batch:  # shielded: a cancelled worker leaves its future be
                        asked.set_exception(exc)
                    continue
                for (_, _, asked), item in zip(batch, answers, strict=True):
                    asked.set_result(item)
                try:
                    await follow_up()
                except Exception:
                    log.exception("telling of a delivery's outcome failed")
        finally:
            self._booking = None

    async def _chat_worker(self, chat_id: int, first: OutboxItem | None) -> None:
        try:
            item = first if first is not None else await self._next(chat_id, None)
            while item is not None:
                item = await self._next(chat_id, await self._deliver(item))
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("outbox worker for chat %s failed", chat_id)
            self._sweep = True
        finally:
            self._workers.pop(chat_id, None)
            if chat_id in self._dirty or self._sweep:
                self._wake.set()  # owed more since it last read, or others were waiting for a slot

    async def _idle_wait(self) -> float | None:
        """How long to sleep unless woken: until the next retry is due; with nothing owed at
        all, until a commit owes something (no timer: an idle bot does no work)."""
        if self._workers:
            return 1.0  # a chat left out at the worker limit is found by the next read
        async with self.db.uow(wake=False) as uow:
            next_at = await uow.outbox.next_due_at()
        if next_at is None:
            return None
        return min(60.0, max(0.05, (next_at - datetime.now(UTC)).total_seconds()))

    async def drain_once(self, only_chat: int | None = None) -> int:
        """Send what is due now, one message per chat, and record it; return how many.
        (The terminal chat uses this instead of `run`.)"""
        async with self.db.uow(wake=False) as uow:
            items = await uow.outbox.due(datetime.now(UTC), self.batch, only_chat)
        if not items:
            return 0
        results = await asyncio.gather(*(self._deliver(item) for item in items))
        await self._record(list(results))
        return len(results)

    async def _deliver(self, item: OutboxItem) -> _Result:
        reply = reply_from_dict(item.payload)
        progress = Progress(item.parts_done, item.text_message_id, list(item.parts_failed))
        started = datetime.now(UTC)

        async def saved(p: Progress) -> None:
            async with self.db.uow(wake=False) as uow:
                tied = self._tied(item, p)
                await uow.outbox.mark_progress(item.id, p.done, p.message_id, p.failed,
                                               None if p.message_id == item.text_message_id else tied)
                await uow.commit()
            item.text_message_id = p.message_id  # its ticket message is tied to it now
            self._report_rejected(item, p.failed)

        try:
            message_id = await deliver(self._paced, item.chat_id, reply, progress, saved)
            return _Result(item, message_id=message_id, started=started, progress=progress)
        except DeliveryError as exc:
            return _Result(item, error=exc, started=started, progress=progress)
        except Exception as exc:  # an adapter bug must not lose the message: retry it
            log.exception("client raised unexpectedly for outbox %s", item.id)
            return _Result(item, error=Transient(repr(exc)), started=started, progress=progress)

    def _report_rejected(self, item: OutboxItem, failed: list[str]) -> None:
        """Log the parts Telegram rejected since the last report: each is reported alone, once,
        and the rest of its reply is still delivered."""
        new = failed[len(item.parts_failed):]
        if new:
            self.failures["part_rejected"] = self.failures.get("part_rejected", 0) + len(new)
            log.error("Telegram rejected part of outbox %s to chat %s: %s", item.id, item.chat_id, "; ".join(new))
            item.parts_failed = list(failed)

    @staticmethod
    def _tied(item: OutboxItem, progress: Progress) -> int | None:
        """The ticket message whose Telegram message id `progress` names, if any: a card or an
        answer once its text is sent, or a card whose edit found it deleted and posted it anew
        (replies to the new copy, and later edits, must find the ticket)."""
        if item.ref is None or progress.message_id is None:
            return None
        return item.ref.ticket_message

    async def _record(self, results: list[_Result]) -> None:
        async with self.db.uow(wake=False) as uow:
            follow_up = await self._record_in(uow, results)
            await uow.commit()
        await follow_up()

    async def _record_in(self, uow: SqlUnitOfWork, results: Sequence[_Result]) -> Callable[[], Awaitable[None]]:
        """Write down what became of each delivery; what must happen after the commit (telling
        of migrated groups and of persistent failures) is returned, to be awaited then."""
        migrated: list[tuple[int, int]] = []
        persistent: list[_Result] = []
        for r in results:
            item, err, at = r.item, r.error, r.at
            if err is None:
                self._report_rejected(item, r.progress.failed)
                tied = None if r.progress.message_id == item.text_message_id else self._tied(item, r.progress)
                await uow.outbox.mark_sent(item.id, r.message_id, at, tied, r.progress.failed)
                self.sent += 1
                continue
            self.failures[err.kind] = self.failures.get(err.kind, 0) + 1
            if isinstance(err, RetryAfter):
                # Exactly as long as Telegram asked, for this chat only; not an attempt.
                self.pacer.pause(item.chat_id, err.seconds)
                await uow.outbox.retry_later(item.id, at + timedelta(seconds=err.seconds), err.kind,
                                             err.message, count=False)
            elif isinstance(err, Unreachable):
                log.info("chat %s unreachable (%s); holding its messages", item.chat_id, err.message)
                await uow.outbox.mark_unreachable(item.id, item.chat_id, err.message, r.started)
            elif isinstance(err, ChatMigrated):
                await uow.outbox.move_chat(item.chat_id, err.new_chat_id)
                migrated.append((item.chat_id, err.new_chat_id))
            elif isinstance(err, Rejected):
                log.error("Telegram rejected outbox %s to chat %s: %s", item.id, item.chat_id, err.message)
                await uow.outbox.mark_failed(item.id, err.kind, err.message)
            else:
                attempt = item.attempts + 1
                await uow.outbox.retry_later(item.id, at + timedelta(seconds=backoff(attempt)),
                                             err.kind, err.message)
                if attempt == PERSISTENT_ATTEMPTS:
                    persistent.append(r)

        async def after() -> None:
            for old, new in migrated:
                log.warning("group %s migrated to %s", old, new)
                self.wake({new})
                if self.on_migrated is not None:
                    await self.on_migrated(old, new)
            for r in persistent:
                assert r.error is not None  # only failures are persistent
                log.error("outbox %s to chat %s failing persistently: %s", r.item.id, r.item.chat_id,
                          r.error.message)
                if self.on_persistent_failure is not None:
                    await self.on_persistent_failure(r.item, r.error)
        return after
