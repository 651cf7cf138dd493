"""What a test reads back: the calls the bot made, the messages it created and their edits,
the files and uploads, and the simulated users and chats.

Why its own module: these are the shapes tests assert on; they change when a test needs to
see more, not when the server's handling of a method changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class Upload:
    """A file part received in a multipart request (bytes the bot uploaded)."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes = field(repr=False)

    def __repr__(self) -> str:
        return f"Upload({self.filename!r}, {len(self.data)} bytes)"


@dataclass(eq=False)
class Call:
    """One HTTP call the bot made.  ``params`` are already decoded/coerced."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() on arrival
    encoding: str = "query"  # "json" | "urlencoded" | "multipart" | "query"
    http_method: str = "POST"
    result: Any = None
    error: dict | None = None  # the {"ok": false, ...} payload when it failed
    fault: str | None = None  # injected fault kind, if any
    done_at: float | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def failed(self) -> bool:
        return self.error is not None or self.fault is not None

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")


@dataclass(eq=False)
class Edit:
    method: str
    text: str | None
    reply_markup: dict | None
    params: dict[str, Any]
    at: float


@dataclass(eq=False)
class Sent:
    """A message the bot created.  Mutated in place by edits / deletion."""

    message_id: int
    chat_id: int
    text: str | None  # text, or caption for media; plain text after HTML parsing
    reply_markup: dict | None  # as sent (inline or reply keyboard), current after edits
    method: str
    params: dict[str, Any]
    message: dict = field(repr=False, default_factory=dict)  # current Message object
    kind: str = "text"  # text | photo | document | video | location | ...
    edits: list[Edit] = field(default_factory=list)
    deleted: bool = False
    at: float = 0.0

    @property
    def entities(self) -> list[dict]:
        return self.message.get("entities") or self.message.get("caption_entities") or []

    @property
    def buttons(self) -> list[dict]:
        """Inline (or reply-keyboard) buttons, flattened, as dicts with at least ``text``."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [b if isinstance(b, dict) else {"text": b} for row in rows for b in row]

    @property
    def button_texts(self) -> list[str]:
        return [b.get("text", "") for b in self.buttons]

    def callback_data(self, text_contains: str) -> str:
        """callback_data of the first inline button whose text contains the given string."""
        for b in self.buttons:
            if text_contains in b.get("text", "") and "callback_data" in b:
                return b["callback_data"]
        raise AssertionError(f"no inline button containing {text_contains!r}; buttons: {self.button_texts}")


@dataclass(eq=False)
class User:
    """A simulated human.  Private chat id == user id, as in Telegram."""

    id: int
    first_name: str = "Budi"
    username: str | None = None
    language_code: str | None = "id"
    last_name: str | None = None

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            d["last_name"] = self.last_name
        if self.username:
            d["username"] = self.username
        if self.language_code:
            d["language_code"] = self.language_code
        return d


@dataclass(eq=False)
class Chat:
    id: int
    type: str  # private | group | supergroup | channel
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def to_dict(self) -> dict:
        d: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            value = getattr(self, key)
            if value:
                d[key] = value
        return d


@dataclass(eq=False)
class FakeFile:
    """A file known to the server (sent by a simulated user or uploaded by the bot)."""

    file_id: str
    file_unique_id: str
    kind: str
    file_size: int
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    content: bytes | None = field(default=None, repr=False)
    width: int | None = None
    height: int | None = None
    duration: int | None = None

    def data(self) -> bytes:
        """The bytes served for download.  Generated on demand so that a test can
        claim a 15 MB photo without the server holding 15 MB per user."""
        if self.content is not None:
            return self.content
        return fake_bytes(self.kind, self.file_size)

    def photo_size(self) -> dict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "width": self.width or 0,
            "height": self.height or 0,
        }


_MAGIC = {
    "photo": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"\xff\xd9"),
    "document": (b"%PDF-1.4\n", b"\n%%EOF\n"),
    "video": (b"\x00\x00\x00\x18ftypmp42", b""),
    "video_note": (b"\x00\x00\x00\x18ftypmp42", b""),
    "voice": (b"OggS\x00\x02", b""),
    "sticker": (b"RIFF\x00\x00\x00\x00WEBPVP8 ", b""),
}


def fake_bytes(kind: str, size: int) -> bytes:
    """``size`` bytes that start and end like a real file of that kind."""
    head, tail = _MAGIC.get(kind, (b"", b""))
    if size <= len(head) + len(tail):
        return (head + tail)[:size]
    return head + b"\x00" * (size - len(head) - len(tail)) + tail


def cid(chat: Any) -> Any:
    """Accept a User/Chat/Sent or a raw id wherever a chat id is expected."""
    if isinstance(chat, (User, Chat)):
        return chat.id
    if isinstance(chat, Sent):
        return chat.chat_id
    return chat
