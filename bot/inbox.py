"""Polling with several workers on PostgreSQL (issue 15): the leader polls and every worker handles.

The leading worker's getUpdates batch is written to the inbox (storage/repos/inbox.py) and
committed before the next getUpdates acknowledges it to Telegram, so a leader killed after the
fetch loses nothing: either Telegram delivers the batch again or it is in the inbox. Every worker,
the leader too, takes updates from the inbox (one per chat at a time, in order, leased) and handles
them with its own framework's dispatch (bot/inbound.py `Inbound.handle_batch`). A worker is woken
by NOTIFY when updates arrive, and looks anyway every IDLE_S.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from typing import Any

from bot.cluster import Cluster
from bot.inbound import STOP_BATCH_S, Inbound, chat_key, poll_while_leading
from storage.leader import Listener
from storage.repos.inbox import INBOX_CHANNEL
from storage.uow import Database

log = logging.getLogger(__name__)

BATCH = 50  # updates a worker takes at once (each of another chat)
LEASE_S = 10.0  # an update taken by a worker that died is taken by another after this long (a turn takes
# milliseconds; one that outlasts it is taken twice, and the chat lock and the claim make that harmless)
IDLE_S = 1.0  # a worker with nothing to do looks again after this long, even unwoken


class InboxWorker:
    def __init__(self, db: Database, inbound: Inbound, parse: Callable[[dict[str, Any]], Any], worker_id: str,
                 batch: int = BATCH, lease_s: float = LEASE_S, idle_s: float = IDLE_S) -> None:
        self.db, self.inbound, self.parse, self.worker_id = db, inbound, parse, worker_id
        self.batch, self.lease_s, self.idle_s = batch, lease_s, idle_s
        self._wake = asyncio.Event()
        self._stopping = False
        self.taken = 0

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        """Take nothing more; `run` returns once the updates in hand are handled."""
        self._stopping = True
        self._wake.set()

    async def run(self) -> None:
        failures = 0
        while not self._stopping:
            self._wake.clear()
            try:
                taken = await self._take()
                failures = 0
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the database away: try again shortly
                failures += 1
                if failures == 1 or failures % 30 == 0:
                    log.warning("taking from the inbox failed (%s), %d in a row", type(exc).__name__, failures)
                await asyncio.sleep(min(self.idle_s * failures, 10.0))
                continue
            if not taken:
                try:
                    async with asyncio.timeout(self.idle_s):
                        await self._wake.wait()
                except TimeoutError:
                    pass
                continue
            await self._handle(taken)

    async def _take(self) -> list[tuple[int, str]]:
        async with self.db.uow(wake=False) as uow:
            taken = await uow.inbox.take(self.worker_id, self.batch, self.lease_s)
            await uow.commit()
        return taken

    async def _handle(self, taken: list[tuple[int, str]]) -> None:
        updates = []
        for update_id, payload in taken:
            try:
                updates.append(self.parse(json.loads(payload)))
            except Exception:  # noqa: BLE001 - posting it again would not make it readable
                log.error("inbox: update %s could not be read; dropped", update_id)
        await self.inbound.handle_batch(updates)  # every turn committed (or apologised for)
        self.taken += len(taken)
        try:
            async with self.db.uow(wake=False) as uow:
                await uow.inbox.done([u for u, _ in taken])
                await uow.commit()
        except Exception as exc:  # noqa: BLE001 - their leases run out, and the claims make a retake harmless
            log.warning("inbox: %d handled updates not marked done (%s)", len(taken), type(exc).__name__)


def store_into(db: Database, to_json: Callable[[Any], str]) -> Callable[[Sequence[Any]], Any]:
    """The leader's batch handler: the batch into the inbox, committed (then acknowledged)."""

    async def store(updates: Sequence[Any]) -> None:
        rows = [(int(u.update_id), chat_key(u), to_json(u)) for u in updates]
        async with db.uow(wake=False) as uow:
            await uow.inbox.add(rows)
            await uow.commit()

    return store


async def poll_through_inbox(inbound: Inbound, cluster: Cluster, *, parse: Callable[[dict[str, Any]], Any],
                             to_json: Callable[[Any], str], ready: asyncio.Event | None) -> None:
    """Run this worker's part until cancelled: handle the inbox; poll into it while leading."""
    db = cluster.db
    worker = InboxWorker(db, inbound, parse, cluster.id)
    listener = Listener(db.engine, cluster.lock.schema, INBOX_CHANNEL, lambda: worker.wake())
    store = store_into(db, to_json)

    async def store_and_wake(updates: Sequence[Any]) -> None:
        await store(updates)
        worker.wake()  # its own NOTIFY reaches it too, a round trip later

    inbound.store = store_and_wake
    tasks = [asyncio.create_task(worker.run(), name="inbox"), asyncio.create_task(listener.run(), name="inbox-listen")]
    try:
        await poll_while_leading(inbound, cluster, ready)
    finally:
        worker.stop()  # the updates in hand are finished, as a polling stop finishes its batch
        try:
            async with asyncio.timeout(STOP_BATCH_S):
                await asyncio.shield(tasks[0])
        except (TimeoutError, asyncio.CancelledError):
            log.warning("inbox: the updates in hand did not finish on stop; another worker takes them")
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await listener.close()
