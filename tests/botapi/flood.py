"""Flood accounting: Telegram's limits on how fast a bot may send, as token buckets per
private chat and per group, and overall as Telegram counts it: at most 30 messages in any
one-second window, a sliding window (the rule is in server.py's docstring).

Why its own module: it changes when the limits, or how they are counted, do.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

from tests.botapi.state import State
from tests.botapi.wire import ApiError


@dataclass(eq=False)
class FloodViolation:
    at: float
    scope: str  # "chat" | "group" | "global"
    chat_id: Any
    method: str
    retry_after: int


@dataclass
class FloodLimits:
    private_burst: int = 3
    private_per_second: float = 1.0
    group_burst: int = 20
    group_per_minute: float = 20.0
    global_per_window: int = 30  # in any window of global_window_s
    global_window_s: float = 1.0


class _Bucket:
    """Continuous token bucket used for flood accounting."""

    __slots__ = ("capacity", "rate", "tokens", "stamp")

    def __init__(self, capacity: float, rate: float, now: float):
        self.capacity = capacity
        self.rate = rate
        self.tokens = float(capacity)
        self.stamp = now

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now


class Flood(State):
    """``flood_violations``, ``enforce_flood`` and ``flood_limits``; every message-creating
    method calls ``_flood_check`` once (an album too) before it creates anything."""

    # Set by FakeBotAPI.__init__.
    enforce_flood: bool
    _flood_limits: FloodLimits

    def _reset_state(self) -> None:
        super()._reset_state()
        self.flood_violations: list[FloodViolation] = []
        self._buckets: dict[Any, _Bucket] = {}
        self._global_sent: deque[float] = deque()  # when the messages of the last window went

    @property
    def flood_limits(self) -> FloodLimits:
        return self._flood_limits

    @flood_limits.setter
    def flood_limits(self, limits: FloodLimits) -> None:
        # Buckets are sized at creation; new limits must start from fresh buckets.
        self._flood_limits = limits
        self._buckets.clear()
        self._global_sent.clear()

    def _flood_check(self, chat_id: Any, method: str) -> None:
        now = time.monotonic()
        lim = self.flood_limits
        scopes: list[tuple[str, Any, _Bucket]] = []
        is_group = isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if is_group:
                bucket = _Bucket(lim.group_burst, lim.group_per_minute / 60.0, now)
            else:
                bucket = _Bucket(lim.private_burst, lim.private_per_second, now)
            self._buckets[chat_id] = bucket
        scopes.append(("group" if is_group else "chat", chat_id, bucket))
        short = []
        window = self._global_sent
        while window and window[0] <= now - lim.global_window_s:
            window.popleft()
        if len(window) >= lim.global_per_window:
            # Free again once the oldest message counted in this window is a window old.
            oldest = window[len(window) - lim.global_per_window]
            short.append(("global", None, max(1, math.ceil(oldest + lim.global_window_s - now))))
        for scope, cid, b in scopes:
            b.refill(now)
            if b.tokens < 1.0 - 1e-9:
                short.append((scope, cid, max(1, math.ceil((1.0 - b.tokens) / b.rate))))
        if short:
            retry = max(r for _, _, r in short)
            for scope, cid, r in short:
                self.flood_violations.append(FloodViolation(now, scope, cid if cid is not None else chat_id, method, r))
            if self.enforce_flood:
                raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        for _, _, b in scopes:
            b.tokens = max(0.0, b.tokens - 1.0)
        window.append(now)
