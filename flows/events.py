"""The core's neutral vocabulary: what comes in from a chat and what goes back out.

Adapters (handlers/) translate a framework's update into an `Incoming` and render the core's
`Reply` objects; nothing here knows which framework or platform is on the other side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

# What kind of thing the citizen sent. "unsupported" carries the Telegram type in `media_kind`
# (sticker, voice, video_note, ...) so the core can say what it cannot read.
EventKind = Literal[
    "text", "command", "button", "photo", "document", "location", "contact", "unsupported",
    "migrated",  # a group became a supergroup: `migrate_to_chat_id` is its new id
    "membership",  # the bot was added to or removed from the chat: `member_status`, by `sender`
]
# The bot's own standing in a chat after a "membership" event, as Telegram names it (a restricted
# bot reads as "member" or "left" by whether it is still in the group).
MemberStatus = Literal["member", "administrator", "left", "kicked"]
PRESENT: tuple[MemberStatus, ...] = ("member", "administrator")


@dataclass(frozen=True, slots=True)
class Sender:
    user_id: int
    first_name: str = ""
    last_name: str = ""
    username: str | None = None
    language_code: str | None = None

    @property
    def display_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p).strip()


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file the citizen sent, by Telegram's ids: we keep references, not bytes."""

    file_id: str
    file_unique_id: str
    kind: Literal["photo", "document", "video"]
    size: int | None = None
    mime_type: str | None = None
    file_name: str | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    chat_id: int
    sender: Sender
    kind: EventKind
    at: datetime
    update_id: int | None = None  # for exactly-once handling of redelivered updates
    chat_type: str = "private"
    message_id: int | None = None
    text: str = ""
    command: str | None = None  # without the slash, lower case, without @botname
    args: str = ""
    callback_id: str | None = None
    callback_data: str | None = None
    file: FileRef | None = None
    latitude: float | None = None
    longitude: float | None = None
    contact_phone: str | None = None
    contact_user_id: int | None = None
    media_kind: str | None = None  # for "unsupported": sticker, voice, video_note, ...
    media_group_id: str | None = None
    reply_to_message_id: int | None = None  # the message this one replies to (desk cards)
    reply_to_bot: bool = False  # ... and that message was the bot's
    chat_title: str | None = None
    chat_username: str | None = None  # a group with a username is public: anyone can read it
    migrate_to_chat_id: int | None = None
    member_status: MemberStatus | None = None  # for "membership"


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    data: str  # opaque callback data, at most 64 bytes (checked by the engine)


@dataclass(frozen=True, slots=True)
class KeyboardButton:
    """A reply-keyboard button; `request` asks Telegram for the phone number or location."""

    text: str
    request: Literal["contact", "location"] | None = None


@dataclass(slots=True)
class Reply:
    text: str
    chat_id: int | None = None  # None: the chat the event came from
    buttons: list[list[Button]] = field(default_factory=list)  # inline keyboard
    keyboard: list[list[KeyboardButton]] = field(default_factory=list)  # reply keyboard
    remove_keyboard: bool = False
    edit_message_id: int | None = None  # edit this message instead of sending a new one
    # A message the core edits later without knowing its Telegram id (a status it keeps up to
    # date as the citizen writes): `tag` names it; a reply with `edit_tag` edits the last message
    # of the chat so named (the outbox finds its id when the edit is due; said anew if none).
    tag: str | None = None
    edit_tag: str | None = None
    # Location pin to send with the reply (e.g. echoing a place); rendering is the adapter's.
    location: tuple[float, float] | None = None
    # Files to send after the text, by Telegram file id: (kind, file_id), kind photo/document/video.
    media: list[tuple[str, str]] = field(default_factory=list)
    # Files of `media` to send under another name, by file id (an anonymous report's documents).
    # Telegram keeps a file's own name when it is re-sent by id, so the adapter sends its bytes.
    file_names: dict[str, str] = field(default_factory=dict)
    # Files the product made (an export, a chart) to upload after the text: (kind, local path),
    # kind photo or document. The file goes once it was sent: it may hold personal data.
    uploads: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Outcome:
    """Everything the core wants said in answer to one event."""

    replies: list[Reply] = field(default_factory=list)
    callback_answer: str | None = None  # toast for a pressed button (answerCallbackQuery)
    callback_alert: bool = False
    duplicate: bool = False  # the update was already handled; nothing was done

    def say(self, text: str, **kw: Any) -> Reply:
        reply = Reply(text=text, **kw)
        self.replies.append(reply)
        return reply


def reply_to_dict(reply: Reply) -> dict:
    """A reply as plain JSON-able data (how the outbox stores it)."""
    data: dict = {"text": reply.text}
    if reply.buttons:
        data["buttons"] = [[[b.text, b.data] for b in row] for row in reply.buttons]
    if reply.keyboard:
        data["keyboard"] = [[[b.text, b.request] for b in row] for row in reply.keyboard]
    if reply.remove_keyboard:
        data["remove_keyboard"] = True
    if reply.edit_message_id is not None:
        data["edit_message_id"] = reply.edit_message_id
    if reply.tag is not None:
        data["tag"] = reply.tag
    if reply.edit_tag is not None:
        data["edit_tag"] = reply.edit_tag
    if reply.location is not None:
        data["location"] = list(reply.location)
    if reply.media:
        data["media"] = [list(m) for m in reply.media]
    if reply.file_names:
        data["file_names"] = dict(reply.file_names)
    if reply.uploads:
        data["uploads"] = [list(u) for u in reply.uploads]
    return data


def reply_from_dict(data: dict) -> Reply:
    return Reply(
        text=data.get("text", ""),
        buttons=[[Button(t, d) for t, d in row] for row in data.get("buttons", [])],
        keyboard=[[KeyboardButton(t, r) for t, r in row] for row in data.get("keyboard", [])],
        remove_keyboard=bool(data.get("remove_keyboard")),
        edit_message_id=data.get("edit_message_id"),
        tag=data.get("tag"),
        edit_tag=data.get("edit_tag"),
        location=tuple(data["location"]) if data.get("location") else None,
        media=[(k, f) for k, f in data.get("media", [])],
        file_names=dict(data.get("file_names") or {}),
        uploads=[(k, p) for k, p in data.get("uploads", [])],
    )
