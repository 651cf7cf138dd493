"""Delivery policy, free of any framework: how one reply becomes Telegram calls (split text,
location pin, albums, edit or say anew), what a call may report, how long to wait before a
retry. The worker that applies it is bot/sender.py; each framework adapter supplies a Client of
five primitive calls and maps its errors onto the kinds below, so the rules are written once."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from typing import Protocol

from flows import secrets
from flows.events import Button, Reply

log = logging.getLogger(__name__)

TEXT_LIMIT = 4096
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 300.0


class DeliveryError(Exception):
    kind = "error"

    def __init__(self, message: str = "") -> None:
        message = secrets.redact(message)  # it is stored in the outbox and shown to admins
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


class MessageGone(Rejected):
    """400 to an edit: the message was deleted, is too old, or is not the bot's to edit."""


class NotModified(Rejected):
    """400 to an edit: the message already reads exactly so."""


def rejected(description: str) -> Rejected:
    """The kind of a 400 by Telegram's description ("Bad Request: message is not modified: ...";
    python-telegram-bot strips the prefix and capitalises the rest). Outside an edit either
    subkind is just Rejected."""
    reason = description.lower()
    if "not modified" in reason:
        return NotModified(description)
    if "not found" in reason or "can't be edited" in reason:
        return MessageGone(description)
    return Rejected(description)


class Transient(DeliveryError):
    """5xx, timeouts, connection errors: retried with backoff."""

    kind = "transient"


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


class Client(Protocol):
    """One framework's primitive calls, raising only the DeliveryError kinds above. `markup` is
    the reply whose keyboard goes with the text (the adapter renders it), or None."""

    async def send_text(self, chat_id: int, text: str, markup: Reply | None) -> int: ...
    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: list[list[Button]]) -> None: ...
    async def send_location(self, chat_id: int, latitude: float, longitude: float) -> None: ...
    # `names`: files to send under another name than their own (their bytes are sent again).
    async def send_file(self, chat_id: int, kind: str, file_id: str, name: str | None = None) -> None: ...
    async def send_album(self, chat_id: int, files: list[tuple[str, str]], names: dict[str, str]) -> None: ...


async def deliver(client: Client, chat_id: int, reply: Reply) -> int | None:
    """Put one reply into a chat; return the id of the message that carries its text (and its
    keyboard). Every part of a reply is one call, in order: text (split at Telegram's limit,
    the keyboard on the last part), then the location pin, then the files, in albums."""
    if reply.edit_message_id is not None:
        try:
            # Telegram edits carry only an inline keyboard.
            await client.edit_text(chat_id, reply.edit_message_id, reply.text[:TEXT_LIMIT], reply.buttons)
            return reply.edit_message_id
        except NotModified:
            return reply.edit_message_id
        except MessageGone as exc:
            # Too old or deleted: say it as a new message rather than not at all.
            log.info("edit of %s/%s failed (%s); sending instead", chat_id, reply.edit_message_id, exc.message)
    parts = split_text(reply.text)
    message_id = None
    for i, part in enumerate(parts):
        message_id = await client.send_text(chat_id, part, reply if i == len(parts) - 1 else None)
    if reply.location is not None:
        await client.send_location(chat_id, *reply.location)
    for album in albums(reply.media):
        if len(album) == 1:
            await client.send_file(chat_id, *album[0], reply.file_names.get(album[0][1]))
        else:
            await client.send_album(chat_id, album, reply.file_names)
    return message_id
