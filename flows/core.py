"""The core's single entry point: every event from any adapter comes here and is routed to the
part of the product it concerns. Adapters know nothing else about the core."""

from __future__ import annotations

from typing import Protocol

from flows.events import Incoming, Outcome


class Handler(Protocol):
    async def handle(self, ev: Incoming) -> Outcome: ...


class Core:
    """Private chats belong to citizens (intake); groups to desks, when desks are wired in."""

    def __init__(self, intake: Handler, desks: Handler | None = None) -> None:
        self.intake = intake
        self.desks = desks

    async def handle(self, ev: Incoming) -> Outcome:
        if ev.chat_type != "private" and self.desks is not None:
            return await self.desks.handle(ev)
        return await self.intake.handle(ev)
