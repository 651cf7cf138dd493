"""Routing in flows/core.py keeps one chat's updates in order (regression: a slow look-up while
routing let a later update of the same chat overtake an earlier one)."""

import asyncio
from datetime import UTC, datetime

from flows.core import Core
from flows.events import Incoming, Outcome, Sender
from flows.turn import Turns


def _ev(text: str, chat: int = 1) -> Incoming:
    return Incoming(chat_id=chat, sender=Sender(chat), kind="text", at=datetime.now(UTC), text=text)


def _no_storage():  # routing alone never opens a unit of work
    raise AssertionError("no storage in this test")


class RecordingIntake:
    def __init__(self) -> None:
        self.order: list[str] = []

    async def handle(self, ev: Incoming) -> Outcome:
        self.order.append(ev.text)
        return Outcome()


class SlowLookupDesks:
    async def is_citizen_followup(self, ev: Incoming) -> bool:
        if ev.text == "first":
            await asyncio.sleep(0.05)  # e.g. a database look-up of the replied-to message
        return False

    async def handle(self, ev: Incoming) -> Outcome:  # pragma: no cover - not reached
        raise AssertionError

    handle_citizen = handle


async def test_slow_routing_does_not_let_a_later_update_overtake():
    intake = RecordingIntake()
    core = Core(Turns(_no_storage), intake, SlowLookupDesks())
    await asyncio.gather(core.handle(_ev("first")), core.handle(_ev("second")))
    assert intake.order == ["first", "second"]


async def test_other_chats_are_not_held_up():
    intake = RecordingIntake()
    core = Core(Turns(_no_storage), intake, SlowLookupDesks())
    await asyncio.gather(core.handle(_ev("first", chat=1)), core.handle(_ev("other", chat=2)))
    assert intake.order == ["other", "first"]
