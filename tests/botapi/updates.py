"""Updates: the queue a test pushes into, getUpdates long polling (with Telegram's offset,
``allowed_updates`` and 409 Conflict rules), and webhook delivery, which competes with it.

With a webhook set, queued updates are POSTed to its URL (with ``X-Telegram-Bot-Api-Secret-Token``
when setWebhook had a ``secret_token``), in update_id order, chats side by side but one update of a
chat at a time, each POSTed again after ``webhook_retry_delay`` until it is answered 2xx, as
Telegram redelivers; meanwhile getUpdates is refused with 409. deleteWebhook switches back.

Why its own module: it changes when the delivery of updates to the bot does.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from typing import Any

from tests.botapi.state import Signal, State
from tests.botapi.wire import ApiError, bad

METHODS = ("getUpdates", "deleteWebhook", "setWebhook", "getWebhookInfo")

ALL_UPDATE_TYPES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post",
        "business_connection", "business_message", "edited_business_message",
        "deleted_business_messages", "message_reaction", "message_reaction_count",
        "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
        "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer",
        "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
        "removed_chat_boost",
    }
)
# What Telegram delivers when allowed_updates was never specified (or is []).
DEFAULT_UPDATE_TYPES = ALL_UPDATE_TYPES - {"chat_member", "message_reaction", "message_reaction_count"}


@dataclass(eq=False)
class _Pending:
    update_id: int
    update: dict
    forced: bool = False  # push_duplicate(): delivered once more regardless of offset

    @property
    def type(self) -> str:
        return next((k for k in self.update if k != "update_id"), "")


class _Poll:
    __slots__ = ("conflict",)

    def __init__(self) -> None:
        self.conflict = False


class Updates(State):
    """``push_update`` / ``push_duplicate`` / ``pending_updates``, and the polling methods."""

    def _reset_state(self) -> None:
        super()._reset_state()
        self.delivered: list[int] = []  # update_ids returned by getUpdates (with repeats)
        self.pushed_at: dict[int, float] = {}  # update_id -> monotonic push time (latency metrics)
        self.webhook: dict | None = None
        self.conflicts = 0  # getUpdates terminated by a concurrent getUpdates
        self._pending: list[_Pending] = []
        self._updates_signal = Signal()
        self._active_poll: _Poll | None = None
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._next_update_id = 700_000_001
        # Every webhook POST: (update_id, HTTP status), status 0 when no answer came.
        self.webhook_posts: list[tuple[int, int]] = []
        self.webhook_retry_delay = 0.2  # Telegram waits longer; tests should not
        self.webhook_timeout = 30.0  # how long a POST may take before it counts as failed
        self._webhook_task: asyncio.Task | None = None

    def reset(self) -> None:
        """Forget everything recorded and configured (server keeps running); a waiting
        long poll returns [] at once."""
        self._updates_signal.notify()
        super().reset()

    def push_update(self, update: dict) -> dict:
        """Queue an update for getUpdates; assigns a monotonic update_id if missing."""
        uid = update.get("update_id")
        if uid is None:
            uid = update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, uid + 1)
        self._pending.append(_Pending(uid, update))
        self.pushed_at[uid] = time.monotonic()
        self._updates_signal.notify()
        return update

    def push_duplicate(self, update: dict) -> dict:
        """Deliver the very same update (same update_id) once more, even if the
        client already confirmed it -- to test handler idempotency."""
        if "update_id" not in update:
            self.push_update(update)
        self._pending.append(_Pending(update["update_id"], update, forced=True))
        self._updates_signal.notify()
        return update

    @property
    def pending_updates(self) -> list[dict]:
        return [p.update for p in self._pending]

    async def _api_getUpdates(self, p: dict) -> list[dict]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = p.get("offset")
        limit = p.get("limit") or 100
        limit = max(1, min(100, int(limit)))
        timeout = max(0.0, float(p.get("timeout") or 0))
        allowed = p.get("allowed_updates")
        if isinstance(allowed, list):
            # [] means "everything default"; the setting persists across calls.
            self._allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
        if isinstance(offset, int):
            if offset < 0:
                self._pending = self._pending[offset:]
            else:
                self._pending = [e for e in self._pending if e.forced or e.update_id >= offset]
        # Only one getUpdates may wait at a time; a newer one terminates the older.
        if self._active_poll is not None:
            self._active_poll.conflict = True
            self._updates_signal.notify()
        poll = self._active_poll = _Poll()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                batch = self._select_updates(limit)
                if batch or self.closing or deadline - loop.time() <= 0:
                    break
                event = self._updates_signal.event()
                try:
                    await asyncio.wait_for(event.wait(), deadline - loop.time())
                except TimeoutError:
                    pass
                if poll.conflict:
                    self.conflicts += 1
                    raise ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
        finally:
            if self._active_poll is poll:
                self._active_poll = None
        forced = {id(e) for e in batch if e.forced}
        if forced:  # a duplicate is delivered once, then gone
            self._pending = [e for e in self._pending if id(e) not in forced]
        self.delivered.extend(e.update_id for e in batch)
        return [e.update for e in batch]

    def _select_updates(self, limit: int) -> list[_Pending]:
        allowed = self._allowed_updates
        if any(e.type not in allowed for e in self._pending):
            # Telegram never queues update types the bot did not ask for.
            self._pending = [e for e in self._pending if e.type in allowed]
        # Sorted so clients that confirm with updates[-1].update_id + 1 (both
        # aiogram and PTB do) never skip a newer update because of a duplicate.
        return sorted(self._pending, key=lambda e: e.update_id)[:limit]

    async def _api_setWebhook(self, p: dict) -> bool:
        url = p.get("url") or ""
        if not url:
            self.webhook = None
            return True
        if not str(url).startswith("https://") and not str(url).startswith("http://127.0.0.1"):
            raise bad("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = dict(p)
        if p.get("drop_pending_updates"):
            self._pending.clear()
        allowed = p.get("allowed_updates")
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.get_running_loop().create_task(self._deliver_to_webhook())
        self._updates_signal.notify()
        return True

    async def _api_deleteWebhook(self, p: dict) -> bool:
        self.webhook = None
        self._updates_signal.notify()
        if p.get("drop_pending_updates"):
            self._pending.clear()
        return True

    async def _api_getWebhookInfo(self, p: dict) -> dict:
        info: dict[str, Any] = {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook:
            info["max_connections"] = self.webhook.get("max_connections", 40)
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    async def _deliver_to_webhook(self) -> None:
        """POST queued updates to the webhook until it is deleted or the server stops."""
        import aiohttp

        in_flight: dict[object, asyncio.Task] = {}  # chat -> its update being posted
        async with aiohttp.ClientSession() as session:
            try:
                while not self.closing and (self.webhook is not None or in_flight):
                    event = self._updates_signal.event()
                    hook = self.webhook
                    if hook is not None:
                        max_connections = int(hook.get("max_connections") or 40)
                        waiting: set[object] = set()  # a chat's later updates wait for its first
                        for entry in self._select_updates(100):
                            chat = _chat_of(entry.update)
                            if chat in in_flight or chat in waiting or len(in_flight) >= max_connections:
                                waiting.add(chat)
                                continue
                            waiting.add(chat)
                            task = asyncio.get_running_loop().create_task(self._post_update(session, hook, entry))
                            in_flight[chat] = task
                            task.add_done_callback(lambda _, chat=chat: (in_flight.pop(chat, None),
                                                                          self._updates_signal.notify()))
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(event.wait(), 1.0)
            finally:
                for task in in_flight.values():
                    task.cancel()
                await asyncio.gather(*in_flight.values(), return_exceptions=True)

    async def _post_update(self, session: Any, hook: dict, entry: _Pending) -> None:
        import aiohttp

        headers = {}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
        try:
            async with session.post(hook["url"], json=entry.update, headers=headers,
                                    timeout=aiohttp.ClientTimeout(total=self.webhook_timeout)) as response:
                status = response.status
        except (aiohttp.ClientError, TimeoutError):
            status = 0
        self.webhook_posts.append((entry.update_id, status))
        if 200 <= status < 300:
            self._pending = [e for e in self._pending if e is not entry]
            self.delivered.append(entry.update_id)
        else:
            await self._sleep(self.webhook_retry_delay)  # then posted again

    async def _stop_webhook_delivery(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)


def _chat_of(update: dict) -> object:
    """The chat an update belongs to: Telegram posts one chat's updates one at a time."""
    for kind in ("message", "edited_message", "channel_post", "my_chat_member", "chat_member"):
        if kind in update:
            return update[kind]["chat"]["id"]
    if "callback_query" in update:
        query = update["callback_query"]
        return (query.get("message") or {}).get("chat", {}).get("id", query["from"]["id"])
    return ("update", update["update_id"])
