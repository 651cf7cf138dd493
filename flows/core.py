"""The core's single entry point: every event from any adapter comes here and is routed to the
part of the product it concerns. Adapters know nothing else about the core."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

from flows.events import Incoming, Outcome, Reply
from flows.ports import UnitOfWork
from flows.texts import t
from flows.turn import Turns


class Handler(Protocol):
    async def handle(self, ev: Incoming) -> Outcome: ...


class DeskHandler(Handler, Protocol):
    async def handle_citizen(self, ev: Incoming) -> Outcome: ...
    async def is_citizen_followup(self, ev: Incoming) -> bool: ...


class Core:
    """Groups belong to desks; in private chats, admin commands go to the desks, a citizen's
    press or reply on an existing ticket to the desks' citizen side, everything else to intake."""

    def __init__(self, turns: Turns, intake: Handler, desks: DeskHandler | None = None,
                 admin_commands: tuple[str, ...] = (), flood: FloodGuard | None = None) -> None:
        self.turns = turns
        self.intake = intake
        self.desks = desks
        self.admin_commands = admin_commands
        self.flood = flood

    async def handle(self, ev: Incoming) -> Outcome:
        if self.flood is not None and ev.chat_type == "private" and not await self.flood.admit(ev):
            return Outcome(duplicate=True)  # dropped: the flooder was told once to slow down
        # One lock per chat around the routing too: deciding where an update goes awaits (a
        # membership check, a look-up of the replied-to message), and two quick updates of one
        # chat must not overtake each other there.
        async with self.turns.hold(ev.chat_id):
            return await self._route(ev)

    async def _route(self, ev: Incoming) -> Outcome:
        if ev.kind == "membership":  # the bot added to or removed from a chat: the desks' concern
            return await self.desks.handle(ev) if self.desks is not None else Outcome()
        if self.desks is None:
            return await self.intake.handle(ev)
        if ev.chat_type != "private" or (ev.kind == "command" and ev.command in self.admin_commands):
            return await self.desks.handle(ev)
        if await self.desks.is_citizen_followup(ev):
            return await self.desks.handle_citizen(ev)
        return await self.intake.handle(ev)


class FloodGuard:
    """Slows a citizen who sends more than `per_minute` messages a minute: the excess is not
    handled, and they are told once per minute, politely, to wait."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], per_minute: int = 20) -> None:
        self.uow_factory = uow_factory
        self.per_minute = per_minute
        self._seen: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    async def admit(self, ev: Incoming) -> bool:
        if ev.kind in ("button", "membership"):
            return True  # presses are answered by stale-button checks; a block is no message
        now = time.monotonic()
        window = self._seen.setdefault(ev.sender.user_id, deque())
        while window and window[0] <= now - 60:
            window.popleft()
        if len(window) < self.per_minute:
            window.append(now)
            if len(self._seen) > 10_000:  # forget the quiet ones
                for uid in [u for u, w in self._seen.items() if not w or w[-1] <= now - 60]:
                    self._seen.pop(uid, None)
            return True
        if self._warned.get(ev.sender.user_id, 0) <= now - 60:
            self._warned[ev.sender.user_id] = now
            async with self.uow_factory() as uow:
                citizen = await uow.citizens.get_by_user(ev.sender.user_id)
                lang = citizen.language if citizen else "id"
                await uow.outbox.add(ev.chat_id, Reply(t(lang, "slow_down")))
                await uow.commit()
        return False
