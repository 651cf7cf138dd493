"""Delivery policy, free of any framework: what a transport may report, how long to wait before
a retry, and how to fit text into Telegram's limits. The worker that applies it is
bot/sender.py; each framework adapter supplies a Transport."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Protocol

from flows.events import Reply

TEXT_LIMIT = 4096
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 300.0


class DeliveryError(Exception):
    kind = "error"

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message


class RetryAfter(DeliveryError):
    """429: Telegram says exactly when to try again."""

    kind = "flood"

    def __init__(self, seconds: float, message: str = "") -> None:
        super().__init__(message or f"retry after {seconds}s")
        self.seconds = seconds


class Unreachable(DeliveryError):
    """403: blocked by the user, kicked from the group, user deactivated. Never retried."""

    kind = "unreachable"


class ChatMigrated(DeliveryError):
    """400 with migrate_to_chat_id: the group became a supergroup with a new id."""

    kind = "migrated"

    def __init__(self, new_chat_id: int, message: str = "") -> None:
        super().__init__(message or f"migrated to {new_chat_id}")
        self.new_chat_id = new_chat_id


class Rejected(DeliveryError):
    """Any other 4xx: the request itself is wrong; retrying cannot help."""

    kind = "rejected"


class Transient(DeliveryError):
    """5xx, timeouts, connection errors: retried with backoff."""

    kind = "transient"


class Transport(Protocol):
    """One framework's way of putting a reply into a chat. Returns the message id."""

    async def deliver(self, chat_id: int, reply: Reply) -> int | None: ...


def backoff(attempt: int, rng: random.Random | None = None) -> float:
    """Exponential backoff with full jitter (attempt 1 -> up to 1 s, 2 -> 2 s, ... capped)."""
    ceiling = min(BACKOFF_CAP_S, BACKOFF_BASE_S * 2 ** max(0, attempt - 1))
    return (rng or random).uniform(ceiling / 2, ceiling)


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split at paragraph, then line, then word boundaries so every part fits in one message."""
    parts: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut < limit // 2:
            cut = limit
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    parts.append(rest)
    return [p for p in parts if p] or [""]


@dataclass(frozen=True, slots=True)
class ChatLimits:
    """Telegram's flood limits as token buckets (burst, then a sustained rate)."""

    private_burst: float = 3
    private_per_s: float = 1.0
    group_burst: float = 20
    group_per_s: float = 20 / 60
    # A little under Telegram's 30/s: requests in flight can arrive bunched together.
    global_burst: float = 20
    global_per_s: float = 29.0


def albums(media: list[tuple[str, str]], size: int = 10) -> list[list[tuple[str, str]]]:
    """Group files into Telegram albums: photos and videos together, documents apart (Telegram
    does not mix them), at most `size` per album. One album is one message for flood limits."""
    visual = [m for m in media if m[0] in ("photo", "video")]
    documents = [m for m in media if m[0] not in ("photo", "video")]
    return [group[i:i + size] for group in (visual, documents) for i in range(0, len(group), size)]


def message_count(reply: Reply) -> int:
    """How many new messages delivering `reply` creates (an edit creates none)."""
    if reply.edit_message_id is not None:
        return 0
    return len(split_text(reply.text)) + (reply.location is not None) + len(albums(reply.media))
