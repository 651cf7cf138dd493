"""Delivery policy, free of any framework: how one reply becomes Telegram calls (split text,
location pin, albums, edit or say anew), delivered part by part so that a retry resumes where
the last attempt stopped and one rejected part does not sink the rest, what a call may report,
how long to wait before a retry. The worker that applies it is bot/sender.py; each framework
adapter supplies a Client of five primitive calls and maps its errors onto the kinds below, so
the rules are written once."""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

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
    """Telegram's flood limits: per chat and per group as token buckets (burst, then a sustained
    rate); overall as a sliding window, as Telegram counts it: at most `global_per_s` calls in any
    `global_window_s`."""

    private_burst: float = 3
    private_per_s: float = 1.0
    group_burst: float = 20
    group_per_s: float = 20 / 60
    # A little under Telegram's 30 in any second (bot/sender.py counts a call until a second
    # after its answer, so latency cannot bunch calls up at Telegram).
    global_per_s: float = 29.0
    global_window_s: float = 1.0


def albums(media: list[tuple[str, str]], size: int = 10) -> list[list[tuple[str, str]]]:
    """Group files into Telegram albums: photos and videos together, documents apart (Telegram
    does not mix them), at most `size` per album. One album is one message for flood limits."""
    visual = [m for m in media if m[0] in ("photo", "video")]
    documents = [m for m in media if m[0] not in ("photo", "video")]
    return [group[i:i + size] for group in (visual, documents) for i in range(0, len(group), size)]


class Client(Protocol):
    """One framework's primitive calls, raising only the DeliveryError kinds above. `markup` is
    the reply whose keyboard goes with the text (the adapter renders it), or None."""

    async def send_text(self, chat_id: int, text: str, markup: Reply | None) -> int: ...
    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: list[list[Button]]) -> None: ...
    async def send_location(self, chat_id: int, latitude: float, longitude: float) -> None: ...
    # `names`: files to send under another name than their own (their bytes are sent again).
    async def send_file(self, chat_id: int, kind: str, file_id: str, name: str | None = None) -> None: ...
    async def send_album(self, chat_id: int, files: list[tuple[str, str]], names: dict[str, str]) -> None: ...
    # A file the product made, uploaded from `path` (Rejected when it is no longer there).
    async def send_upload(self, chat_id: int, kind: str, path: str) -> None: ...


@dataclass(slots=True)
class Progress:
    """How far one reply got, so that a retry resumes at its first unsent part. Parts are
    numbered in the order they are sent; an edit is part 0 and, if its message is gone, the new
    copy's parts follow it."""

    done: int = 0  # parts delivered or reported rejected
    message_id: int | None = None  # the (new) message that carries the text, once it is sent
    failed: list[str] = field(default_factory=list)  # parts Telegram rejected, reported alone


# One part of a reply said anew: ("text", (index, text)), ("location", (lat, lon)),
# ("file", (kind, file_id)), ("album", [(kind, file_id), ...]) or ("upload", (kind, path)).
Part = tuple[str, Any]


def parts(reply: Reply) -> list[Part]:
    """The calls that put `reply` into a chat as new messages, in order."""
    out: list[Part] = [("text", (i, text)) for i, text in enumerate(split_text(reply.text))]
    if reply.location is not None:
        out.append(("location", reply.location))
    for album in albums(reply.media):
        out.append(("file", album[0]) if len(album) == 1 else ("album", album))
    out += [("upload", upload) for upload in reply.uploads]
    return out


async def _send(client: Client, chat_id: int, reply: Reply, part: Part, texts: int) -> int | None:
    kind, what = part
    if kind == "text":
        i, text = what
        return await client.send_text(chat_id, text, reply if i == texts - 1 else None)
    if kind == "location":
        await client.send_location(chat_id, *what)
    elif kind == "file":
        file_kind, file_id = what
        await client.send_file(chat_id, file_kind, file_id, reply.file_names.get(file_id))
    elif kind == "upload":
        file_kind, path = what
        await client.send_upload(chat_id, file_kind, path)
        Path(path).unlink(missing_ok=True)  # delivered: it stays in the chat, not on this disk
    else:
        await client.send_album(chat_id, what, reply.file_names)
    return None


async def deliver(client: Client, chat_id: int, reply: Reply, progress: Progress | None = None,
                  saved: Callable[[Progress], Awaitable[None]] | None = None) -> int | None:
    """Put one reply into a chat; return the id of the message that carries its text (and its
    keyboard). Every part of a reply is one call, in order: text (split at Telegram's limit,
    the keyboard on the last part), then the location pin, then the files, in albums.

    Part by part: the parts `progress` counts as done (an earlier attempt's) are not sent again,
    and `progress` is kept up to date as parts go, also when one fails, so the caller can resume
    there; `saved` is awaited after each part that more parts follow (so never for a one-part
    reply). A part Telegram rejects (4xx) is reported alone, in `progress.failed`, and the rest
    still delivered; only when every part was rejected does Rejected reach the caller."""
    progress = progress if progress is not None else Progress()
    first = 0
    if reply.edit_message_id is not None:
        first = 1
        if progress.done == 0:
            try:
                # Telegram edits carry only an inline keyboard.
                await client.edit_text(chat_id, reply.edit_message_id, reply.text[:TEXT_LIMIT], reply.buttons)
                progress.done = 1
                return reply.edit_message_id
            except NotModified:
                progress.done = 1
                return reply.edit_message_id
            except MessageGone as exc:
                # Too old or deleted: say it as a new message rather than not at all.
                log.info("edit of %s/%s failed (%s); sending instead", chat_id, reply.edit_message_id, exc.message)
                progress.done = 1
    todo = parts(reply)
    texts = sum(kind == "text" for kind, _ in todo)
    rejected_here: Rejected | None = None
    for number in range(progress.done - first, len(todo)):
        try:
            message_id = await _send(client, chat_id, reply, todo[number], texts)
            if message_id is not None:
                progress.message_id = message_id
        except Rejected as exc:
            rejected_here = exc
            progress.failed.append(f"part {number + 1} ({todo[number][0]}): {exc.message}")
        progress.done = first + number + 1
        if number + 1 < len(todo) and saved is not None:
            await saved(progress)
    if rejected_here is not None and len(progress.failed) == len(todo):
        raise rejected_here  # nothing of it arrived: the message failed
    return progress.message_id
