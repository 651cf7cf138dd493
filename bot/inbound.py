"""Updates in, for both frameworks and both modes: no update is acknowledged before it is handled.

Telegram forgets an update once it is acknowledged: in polling, by the next getUpdates whose
offset passes it; with a webhook, by the 200 answer. The frameworks' own loops acknowledge too
early (aiogram's tasks, PTB's Updater fetch the next batch while handlers still run), so a kill
lost what was in hand. Here a batch is handled to the end (every turn committed: flows/turn.py
claims the update, changes the state and writes the outbox in one transaction) before the next
getUpdates acknowledges it; the webhook (bot/webhook.py) answers 200 only after `handle_one`.
A crash before the commit loses nothing: Telegram delivers the update again, and the claim makes a
redelivered update that was committed after all do nothing.

Within a batch, chats go side by side and each chat's updates one after the other, in order (the
core's per-chat lock, `Turns.hold`, keeps concurrent webhook requests apart as well).

The frameworks plug in two functions: `fetch` (their own getUpdates) and `handle` (their own
dispatch, whose error handlers tell the citizen of a failure, flows/failure.py).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from bot.startup import ALLOWED_UPDATES

if TYPE_CHECKING:
    from bot.cluster import Cluster
    from bot.settings import Settings

log = logging.getLogger(__name__)

POLL_TIMEOUT_S = 10  # getUpdates' long poll: an idle bot asks once per this many seconds
STOP_BATCH_S = 10.0  # on stop, how long the batch in hand may take to finish
ACK_ON_STOP_S = 2.0  # and how long confirming it then may take
BACKOFF_S = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)  # pauses after consecutive failed getUpdates
LOG_EVERY = 10  # of consecutive failures, every this many is logged (the first always)
# TEST ONLY (tests/test_kill.py): when set, a message whose text equals it is taken in and never
# handled: the process hangs just after the fetch and before the commit, so that a test can kill it
# exactly there. Never set it in production.
HOLD_ENV = "LAPOR_TEST_HOLD_TEXT"

Fetch = Callable[[int | None, int], Awaitable[Sequence[Any]]]
Handle = Callable[[Any], Awaitable[object]]


def chat_key(update: Any) -> int | None:
    """The chat an update belongs to, read from either framework's Update (same attribute
    names): the lane it is handled in. None: no chat, a lane of its own."""
    if (message := getattr(update, "message", None)) is not None:
        return int(message.chat.id)
    if (query := getattr(update, "callback_query", None)) is not None:
        shown = getattr(query, "message", None)
        return int(shown.chat.id) if shown is not None else int(query.from_user.id)
    if (changed := getattr(update, "my_chat_member", None)) is not None:
        return int(changed.chat.id)
    return None


class Inbound:
    """Handles updates for one framework: `poll` for long polling, `handle_one` for a webhook."""

    def __init__(self, fetch: Fetch, handle: Handle, hold_text: str | None = None) -> None:
        self.fetch = fetch
        self.handle = handle
        self.hold_text = hold_text if hold_text is not None else os.environ.get(HOLD_ENV) or None
        self.handled = 0
        self.failed = 0  # updates whose handler raised past the framework's error handler
        # With several workers polling on PostgreSQL (bot/inbox.py): what the poll does with a
        # batch instead of handling it (writes it to the inbox); acknowledged when it returns.
        self.store: Callable[[Sequence[Any]], Awaitable[None]] | None = None

    async def handle_one(self, update: Any) -> None:
        """Handle an update to the end. Never raises but for a cancellation: the framework's error
        handler has told the citizen already; what escapes it is logged, and the loop goes on."""
        if self.hold_text is not None and _text(update) == self.hold_text:
            log.warning("%s: update %s held forever (test hook)", HOLD_ENV, update.update_id)
            await asyncio.Event().wait()
        try:
            await self.handle(update)
        except Exception:
            self.failed += 1
            log.exception("update %s failed past the error handler", getattr(update, "update_id", None))
        else:
            self.handled += 1

    async def handle_batch(self, updates: Sequence[Any]) -> None:
        """Every update handled; chats side by side, each chat's updates in order."""
        lanes: dict[object, list[Any]] = {}
        for update in updates:
            key = chat_key(update)
            lanes.setdefault(key if key is not None else ("update", update.update_id), []).append(update)
        if len(lanes) == 1:
            await self._lane(updates)
            return
        await asyncio.gather(*(self._lane(lane) for lane in lanes.values()))

    async def _lane(self, updates: Sequence[Any]) -> None:
        for update in updates:
            await self.handle_one(update)

    async def poll(self, ready: asyncio.Event | None = None) -> None:
        """Long polling until cancelled. A cancel stops the fetching, lets the batch in hand
        finish (bounded by STOP_BATCH_S) and stops."""
        offset: int | None = None
        failures = 0
        if ready is not None:
            ready.set()
        while True:
            try:
                updates = await self.fetch(offset, POLL_TIMEOUT_S)
            except Exception as exc:  # noqa: BLE001 - network, 5xx, 409: all worth a pause and a retry
                failures += 1
                if failures % LOG_EVERY == 1:
                    # The kind only: a framework's message may quote the request URL.
                    log.warning("getUpdates failed (%s), %d time(s) in a row; retrying", type(exc).__name__,
                                failures)
                await asyncio.sleep(BACKOFF_S[min(failures, len(BACKOFF_S)) - 1])
                continue
            if failures:
                log.info("getUpdates works again after %d failure(s)", failures)
                failures = 0
            if not updates:
                continue
            batch = asyncio.ensure_future(self.store(updates) if self.store is not None
                                          else self.handle_batch(updates))
            try:
                await asyncio.shield(batch)
            except asyncio.CancelledError:
                try:
                    async with asyncio.timeout(STOP_BATCH_S):
                        await batch
                except TimeoutError:
                    log.warning("the updates in hand did not finish within %.0f s of the stop; Telegram "
                                "delivers them again", STOP_BATCH_S)
                    batch.cancel()
                else:
                    await self._acknowledge(updates[-1].update_id + 1)
                raise
            offset = updates[-1].update_id + 1  # the acknowledgement: every one of them is committed

    async def _acknowledge(self, offset: int) -> None:
        """On stop, confirm the batch just finished, so that the next start does not get it again
        (it would do nothing: the claims). What this getUpdates returns is not confirmed."""
        try:
            async with asyncio.timeout(ACK_ON_STOP_S):
                await self.fetch(offset, 0)
        except Exception:  # noqa: BLE001 - it is only a courtesy: a redelivery is harmless
            log.info("the last batch was not confirmed on stop; Telegram delivers it again")


def _text(update: Any) -> str | None:
    message = getattr(update, "message", None)
    return getattr(message, "text", None) if message is not None else None


async def receive(settings: Settings, inbound: Inbound, bot: Any, *, parse: Callable[[dict[str, Any]], Any],
                  ready: asyncio.Event | None, cluster: Cluster | None = None,
                  to_json: Callable[[Any], str] | None = None) -> None:
    """Take updates in, by BOT_MODE, until cancelled: the one place both runners do it. `bot` is
    either framework's bot object: both name setWebhook and deleteWebhook after the Bot API.
    With a `cluster` (bot/cluster.py), a polling process polls only while it leads."""
    if settings.bot_mode == "webhook":
        from bot.webhook import WebhookServer, serve_webhook  # aiohttp.web: loaded in this mode only

        assert settings.webhook_url is not None  # settings require it in this mode
        url, secret = settings.webhook_url, settings.secret()
        server = WebhookServer(inbound, parse, path=settings.webhook_path, secret=secret,
                               host=settings.webhook_listen, port=settings.webhook_port)
        await serve_webhook(server, lambda: bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES),
                            ready)
    else:
        # getUpdates is refused while a webhook is set (its pending updates stay).
        await bot.delete_webhook(drop_pending_updates=False)
        if cluster is None:
            await inbound.poll(ready)
        elif cluster.lock.on_postgres and to_json is not None:  # several workers may be polling
            from bot.inbox import poll_through_inbox

            await poll_through_inbox(inbound, cluster, parse=parse, to_json=to_json, ready=ready)
        else:
            await poll_while_leading(inbound, cluster, ready)


async def poll_while_leading(inbound: Inbound, cluster: Cluster, ready: asyncio.Event | None) -> None:
    """Poll while this process leads; stop when it no longer does (the batch in hand is
    finished and acknowledged, as on any stop) and wait to lead again. Telegram answers a
    second poller with 409, so only the leader may ask."""
    if ready is not None and not cluster.is_leader:
        ready.set()  # up and standing by
    while True:
        await cluster.leading.wait()
        polling = asyncio.ensure_future(inbound.poll(ready))
        lost = asyncio.ensure_future(cluster.standing_by.wait())
        try:
            await asyncio.wait({polling, lost}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            lost.cancel()
            if not polling.done():
                polling.cancel()
                await asyncio.gather(polling, return_exceptions=True)
        if polling.done() and not polling.cancelled() and polling.exception() is not None:
            raise polling.exception()  # type: ignore[misc]
        log.warning("polling stopped: this worker no longer leads")
