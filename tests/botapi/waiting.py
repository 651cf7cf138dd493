"""What a test reads and waits for: the messages the bot created in a chat (consumed once by
``wait_for_message`` or ``drain``), the calls it made (``calls_to``, ``wait_for_call``), and
the button presses it never answered.  A wait that times out fails with a dump of the chat.

Why its own module: it changes when tests need a new way to look at what the bot did.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from tests.botapi.records import Call, Sent, cid
from tests.botapi.state import Signal
from tests.botapi.updates import Updates

T = TypeVar("T")


def _short(text: Any, limit: int = 120) -> str:
    s = repr(text)
    return s if len(s) <= limit else s[: limit - 3] + "..."


async def _take(
    queue: Callable[[], list[T]], signal: Callable[[], Signal], predicate: Callable[[T], bool] | None, timeout: float
) -> T | None:
    """Remove and return the first item of ``queue()`` matching ``predicate``, waiting on
    ``signal()`` for up to ``timeout`` seconds; None if none came.  Both are looked up again
    after every wake-up (``drain`` and ``reset`` replace the queues)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        items = queue()
        for idx, item in enumerate(items):
            if predicate is None or predicate(item):
                del items[idx]
                return item
        remaining = deadline - loop.time()
        if remaining <= 0:
            return None
        event = signal().event()
        try:
            await asyncio.wait_for(event.wait(), remaining)
        except TimeoutError:
            pass


class Waiting(Updates):
    """Reading and waiting for what the bot did; ``wait_for_*`` and ``drain`` consume what they return."""

    def messages(self, chat_id: Any) -> list[Sent]:
        """Every message the bot created in that chat (consumed or not, incl. deleted)."""
        return list(self._sent.get(cid(chat_id), ()))

    def last_message(self, chat_id: Any) -> Sent | None:
        sent = self._sent.get(cid(chat_id))
        return sent[-1] if sent else None

    def all_messages(self) -> list[Sent]:
        return sorted((s for lst in self._sent.values() for s in lst), key=lambda s: s.at)

    def drain(self, chat_id: Any) -> list[Sent]:
        """Return and consume every not-yet-consumed message to that chat."""
        chat_id = cid(chat_id)
        pending = self._unconsumed.get(chat_id, [])
        self._unconsumed[chat_id] = []
        return pending

    def calls_to(self, method: str) -> list[Call]:
        lower = method.lower()
        return [c for c in self.calls if c.method.lower() == lower]

    async def wait_for_message(
        self, chat_id: Any, predicate: Callable[[Sent], bool] | None = None, timeout: float = 5.0
    ) -> Sent:
        """Next not-yet-consumed message to ``chat_id`` (matching ``predicate``),
        consumed on return.  AssertionError with a dump if none arrives in time."""
        chat_id = cid(chat_id)
        sent = await _take(lambda: self._unconsumed[chat_id], lambda: self._chat_signals[chat_id], predicate, timeout)
        if sent is None:
            raise AssertionError(self._dump_chat(chat_id, timeout, predicate))
        return sent

    async def wait_for_call(
        self, method: str, predicate: Callable[[Call], bool] | None = None, timeout: float = 5.0
    ) -> Call:
        """Next not-yet-consumed call of ``method`` (case-insensitive, failed calls
        included -- check ``call.ok``), consumed on return."""
        key = method.lower()
        call = await _take(lambda: self._calls_unconsumed[key], lambda: self._call_signals[key], predicate, timeout)
        if call is None:
            recent = [f"  {c.method} {_short(c.params)} error={c.error}" for c in self.calls[-15:]]
            raise AssertionError(
                f"no {method} call{' matching predicate' if predicate else ''} within {timeout}s; "
                f"{len(self._calls_unconsumed[key])} unconsumed {method} call(s) did not match.\nLast calls:\n"
                + "\n".join(recent)
            )
        return call

    def _dump_chat(self, chat_id: Any, timeout: float, predicate: Any) -> str:
        lines = [
            f"no message to chat {chat_id}{' matching predicate' if predicate else ''} within {timeout}s.",
            "Unconsumed messages to this chat:",
        ]
        unconsumed = self._unconsumed[chat_id]
        lines += [
            f"  #{s.message_id} {s.method} {_short(s.text)} buttons={s.button_texts}" for s in unconsumed
        ] or ["  (none)"]
        lines.append("Last messages to this chat (consumed or not):")
        recent = self._sent.get(chat_id, [])[-5:]
        lines += [f"  #{s.message_id} {s.method} {_short(s.text)}" for s in recent] or ["  (none)"]
        failed = [c for c in self.calls if c.failed and str(c.params.get("chat_id")) == str(chat_id)]
        if failed:
            lines.append("Failed calls to this chat:")
            lines += [
                f"  {c.method} fault={c.fault} error={c.error} text={_short(c.params.get('text'))}"
                for c in failed[-10:]
            ]
        lines.append(f"Pending (unconfirmed) updates: {len(self._pending)}; total calls: {len(self.calls)}")
        return "\n".join(lines)

    def unanswered_callbacks(self) -> list[str]:
        """callback_query ids pushed with press() that the bot never answered."""
        return [qid for qid, q in self._callback_queries.items() if not q["answered"]]
