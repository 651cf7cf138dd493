"""Drive the core without any framework: push a neutral event, pop the replies (the collecting
fake of Rasa's CollectingOutputChannel). Used by the engine's unit tests and `lapor-bot chat`."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from flows.core import Core
from flows.events import FileRef, Incoming, Outcome, Reply, Sender
from flows.updates import parse_command
from tests import leaks


class Citizen:
    """One simulated citizen in a private chat with the core."""

    _updates = itertools.count(1)

    def __init__(self, core: Core, user_id: int = 1001, name: str = "Siti") -> None:
        self.core = core
        self.sender = Sender(user_id=user_id, first_name=name, username=name.lower())
        self.outcomes: list[Outcome] = []
        self._message_ids = itertools.count(1)

    async def push(self, kind: str, update_id: int | None = None, **kw) -> list[Reply]:
        ev = Incoming(
            chat_id=self.sender.user_id, sender=self.sender, kind=kind, at=datetime.now(UTC),
            update_id=next(self._updates) if update_id is None else update_id,
            message_id=kw.pop("message_id", next(self._message_ids)), **kw,
        )
        leaks.said(ev.text)
        outcome = await self.core.handle(ev)
        self.outcomes.append(outcome)
        return outcome.replies

    async def say(self, text: str) -> list[Reply]:
        if text.startswith("/"):
            command, args = parse_command(text)  # as the adapters read it
            return await self.push("command", text=text, command=command, args=args)
        return await self.push("text", text=text)

    async def press(self, replies: list[Reply], label_part: str) -> list[Reply]:
        """Press the first inline button whose label contains `label_part`."""
        for reply in reversed(replies):
            for row in reply.buttons:
                for b in row:
                    if label_part.lower() in b.text.lower():
                        return await self.push("button", callback_id="cb", callback_data=b.data)
        raise AssertionError(f"no button {label_part!r} in {[r.text[:40] for r in replies]}")

    async def photo(self, n: int = 1, size: int = 50_000) -> list[Reply]:
        f = FileRef(file_id=f"photo-{n}", file_unique_id=f"u-photo-{n}", kind="photo", size=size)
        return await self.push("photo", file=f)

    @property
    def last(self) -> Outcome:
        return self.outcomes[-1]


def texts(replies: list[Reply]) -> str:
    return "\n---\n".join(r.text for r in replies)
