"""Pacing the sender's calls within Telegram's flood limits (`../shared/DOMAIN.md`): about one
message a second per private chat (short bursts tolerated) and 20 a minute per group, as token
buckets; 30 in any one second overall, as a sliding window. Each call waits its turn right before
it goes (`Paced` wraps the client), and edits, which create no message, count in neither limit.

Why its own module: it changes when Telegram's limits, or how they are counted, do; the outbox
sender (bot/sender.py) only decides what to send and records what became of it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TypeVar

from flows.delivery import ChatLimits, Client
from flows.events import Button, Reply

T = TypeVar("T")
IN_FLIGHT = 8


class Bucket:
    """A token bucket: `burst` at once, then `rate` a second; `paused_until` is a 429's pause."""

    def __init__(self, burst: float, rate: float) -> None:
        self.capacity, self.rate = burst, rate
        self.tokens, self.stamp = burst, time.monotonic()
        self.paused_until = 0.0

    def wait_time(self, now: float) -> float:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if now < self.paused_until:
            return self.paused_until - now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self) -> None:
        self.tokens -= 1


class Window:
    """At most `limit` calls in any `span` seconds as Telegram counts them, on arrival. A call
    arrives some time between when it leaves and when its answer comes back, so it counts here
    from when it leaves until `span` after its answer: whatever the latency (a new connection's
    handshake, a slow network), no window at Telegram sees more than `limit`."""

    def __init__(self, limit: float, span: float) -> None:
        self.limit, self.span = max(1, int(limit)), span
        self.answered: deque[float] = deque()  # when the calls of the last `span` were answered
        self.going = 0  # calls in flight
        self._answer = asyncio.Event()

    def wait_time(self, now: float) -> float | None:
        """0 if a call may go now, else how long until one may (None: until a call is answered)."""
        while self.answered and self.answered[0] <= now - self.span:
            self.answered.popleft()
        if len(self.answered) + self.going < self.limit:
            return 0.0
        return self.answered[0] + self.span - now if self.answered else None

    async def enter(self) -> None:
        while (wait := self.wait_time(time.monotonic())) != 0.0:
            self._answer.clear()
            try:
                async with asyncio.timeout(wait):
                    await self._answer.wait()
            except TimeoutError:
                pass
        self.going += 1

    def leave(self) -> None:
        self.going -= 1
        self.answered.append(time.monotonic())
        self._answer.set()


class Paced:
    """The client as the sender uses it: every call waits its turn (the chat's allowance, then a
    slot among the calls in flight, then the overall window) right before it goes, so the window
    counts calls when they leave, not when their message was picked."""

    def __init__(self, client: Client, pacer: Pacer) -> None:
        self.client, self.pacer = client, pacer

    async def _paced(self, chat_id: int, creates: bool, call: Callable[[], Awaitable[T]]) -> T:
        await self.pacer.go(chat_id, creates)
        try:
            return await call()
        finally:
            self.pacer.done(creates)

    async def send_text(self, chat_id: int, text: str, markup: Reply | None) -> int:
        return await self._paced(chat_id, True, lambda: self.client.send_text(chat_id, text, markup))

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: list[list[Button]]) -> None:
        await self._paced(chat_id, False, lambda: self.client.edit_text(chat_id, message_id, text, buttons))

    async def send_location(self, chat_id: int, latitude: float, longitude: float) -> None:
        await self._paced(chat_id, True, lambda: self.client.send_location(chat_id, latitude, longitude))

    async def send_file(self, chat_id: int, kind: str, file_id: str, name: str | None = None) -> None:
        await self._paced(chat_id, True, lambda: self.client.send_file(chat_id, kind, file_id, name))

    async def send_album(self, chat_id: int, files: list[tuple[str, str]], names: dict[str, str]) -> None:
        await self._paced(chat_id, True, lambda: self.client.send_album(chat_id, files, names))

    async def send_upload(self, chat_id: int, kind: str, path: str) -> None:
        await self._paced(chat_id, True, lambda: self.client.send_upload(chat_id, kind, path))


class Pacer:
    """The sender's allowances: per private chat and per group a token bucket, overall a sliding
    window (`Window`), and a bound on the calls in flight."""

    def __init__(self, limits: ChatLimits) -> None:
        self.limits = limits
        self._buckets: dict[int, Bucket] = {}
        self._global = Window(limits.global_per_s, limits.global_window_s)
        # Calls in flight at once: enough for Telegram's 30 messages/s at any latency a bot sees;
        # more only made the HTTP clients scan longer pools of connections.
        self._in_flight = asyncio.Semaphore(IN_FLIGHT)
        self._global_turn = asyncio.Lock()  # FIFO: asyncio.Lock wakes waiters in order

    def pause(self, chat_id: int, seconds: float) -> None:
        """A 429: nothing more to the chat for exactly as long as Telegram asked."""
        self.bucket(chat_id).paused_until = time.monotonic() + seconds

    def bucket(self, chat_id: int) -> Bucket:
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if chat_id < 0:
                bucket = Bucket(self.limits.group_burst, self.limits.group_per_s)
            else:
                bucket = Bucket(self.limits.private_burst, self.limits.private_per_s)
            self._buckets[chat_id] = bucket
        return bucket

    async def go(self, chat_id: int, creates: bool) -> None:
        """Wait until the chat and the bot may make one call, and take a slot among the calls in
        flight for it (`done` gives it back). An edit (`creates` false) creates no message:
        Telegram's limits, per chat and overall, are about new messages, so it waits only for a
        429's pause and a slot in flight. The overall allowance is handed out first come, first
        served, so no chat starves while others keep sending."""
        bucket = self.bucket(chat_id)
        while True:  # the chat's own allowance; waiting for it holds up no other chat
            now = time.monotonic()
            wait = max(bucket.wait_time(now) if creates else 0.0, bucket.paused_until - now)
            if wait <= 0:
                break
            await asyncio.sleep(wait)
        if creates:
            bucket.take()
        await self._in_flight.acquire()
        if not creates:
            return
        try:
            async with self._global_turn:
                await self._global.enter()
        except BaseException:
            self._in_flight.release()
            raise

    def done(self, creates: bool) -> None:
        if creates:
            self._global.leave()
        self._in_flight.release()
