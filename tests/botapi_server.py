"""A local fake of the Telegram Bot API for end-to-end tests and load benchmarks.

Why this exists: mocking ``Bot.send_message`` hides exactly the bugs that hurt
in production (wrong encoding of ``reply_markup``, 64-byte ``callback_data``,
unescaped ``<`` in HTML, unhandled 429/403, offsets confirmed too early...).
This server speaks HTTP like ``api.telegram.org`` so the *real* clients run
unmodified against it:

* aiogram 3::

      Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(server.base_url)))

* python-telegram-bot 22::

      Application.builder().token(token)
          .base_url(f"{server.base_url}/bot")
          .base_file_url(f"{server.base_url}/file/bot").build()

Typical test::

    async with FakeBotAPI() as server:
        budi = server.user(1001, "Budi")
        ...start the bot with polling against server.base_url...
        server.send_command(budi, "/start")
        menu = await server.wait_for_message(budi.id)
        server.press(budi, menu, menu.callback_data("Lapor"))
        await server.wait_for_call("answerCallbackQuery")

Wire formats accepted (both clients differ, see ``_read_params``): JSON bodies,
``application/x-www-form-urlencoded`` and ``multipart/form-data``; nested
objects (``reply_markup``, ``media``, ``entities``...) may arrive JSON-encoded
as strings and are decoded, numbers/booleans arriving as strings are coerced.

Semantics worth knowing (all deliberate, all mirror real Telegram):

* getUpdates never removes an update on delivery; an update is dropped only
  once a later getUpdates passes ``offset > update_id``.  A client that dies
  before confirming receives the same updates again.  ``allowed_updates``
  filters (aiogram sends the handler-derived list by default!) and a second
  concurrent getUpdates terminates the first one with 409 Conflict.
* ``parse_mode="HTML"`` is parsed like Telegram does: ``Sent.text`` is the
  plain text, entities are returned, malformed HTML gives 400 "can't parse
  entities".  Markdown/MarkdownV2 text is stored verbatim (not parsed).
* editMessageText without ``reply_markup`` removes the inline keyboard.
* Only inline keyboards are echoed in returned Message objects; reply
  keyboards are visible in ``Sent.reply_markup`` only.

Flood rule (``flood_violations`` / ``enforce_flood``): token buckets, refilled
continuously, checked for every message-creating call (send*, copyMessage,
forwardMessage; an album counts as one message; edits and chat actions do not
count):

* private chat (chat_id > 0): burst 3, refill 1 message/s  -> "more than 1/s
  sustained": e.g. a 4th message within the same instant, or 2/s for >3 s;
* group/channel (chat_id < 0): burst 20, refill 20 messages/minute;
* all chats together: burst 30, refill 30 messages/s.

A send that finds a bucket empty is a violation.  With ``enforce_flood`` it is
answered 429 ``retry_after=ceil(time until a token is available)`` and not
executed; otherwise it is executed and only recorded.  Tune via
``server.flood_limits``.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import math
import mimetypes
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = [
    "ApiError",
    "Call",
    "Chat",
    "Edit",
    "FakeBotAPI",
    "FakeFile",
    "FloodLimits",
    "FloodViolation",
    "Sent",
    "Upload",
    "User",
    "parse_html",
]

log = logging.getLogger("tests.botapi_server")

# Limits from https://core.telegram.org/bots/api
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes, not characters
DOWNLOAD_LIMIT = 20 * 1024 * 1024  # getFile refuses bigger files
UPLOAD_LIMIT = 50 * 1024 * 1024

ALL_UPDATE_TYPES = frozenset(
    {
        "message", "edited_message", "channel_post", "edited_channel_post",
        "business_connection", "business_message", "edited_business_message",
        "deleted_business_messages", "message_reaction", "message_reaction_count",
        "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
        "pre_checkout_query", "purchased_paid_media", "poll", "poll_answer",
        "my_chat_member", "chat_member", "chat_join_request", "chat_boost",
        "removed_chat_boost",
    }
)
# What Telegram delivers when allowed_updates was never specified (or is []).
DEFAULT_UPDATE_TYPES = ALL_UPDATE_TYPES - {"chat_member", "message_reaction", "message_reaction_count"}

FAULT_KINDS = ("500", "timeout", "timeout_lost", "429", "403", "migrate")


# --------------------------------------------------------------------------- errors


class ApiError(Exception):
    """A Telegram-style error answer; raised inside method handlers."""

    def __init__(self, code: int, description: str, parameters: dict | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict:
        data: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            data["parameters"] = self.parameters
        return data


def _bad(msg: str) -> ApiError:
    return ApiError(400, f"Bad Request: {msg}")


# --------------------------------------------------------------------------- records


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
        return _fake_bytes(self.kind, self.file_size)

    def photo_size(self) -> dict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
            "width": self.width or 0,
            "height": self.height or 0,
        }


@dataclass(eq=False)
class FloodViolation:
    at: float
    scope: str  # "chat" | "group" | "global"
    chat_id: Any
    method: str
    retry_after: int


@dataclass
class FloodLimits:
    private_burst: int = 3
    private_per_second: float = 1.0
    group_burst: int = 20
    group_per_minute: float = 20.0
    global_burst: int = 30
    global_per_second: float = 30.0


@dataclass(eq=False)
class _FailRule:
    method: str  # lower-case method name
    kind: str
    remaining: int | None  # None = until clear_failures()
    chat_id: Any = None
    new_chat_id: int | None = None
    retry_after: int = 1


@dataclass(eq=False)
class _Pending:
    update_id: int
    update: dict
    forced: bool = False  # push_duplicate(): delivered once more regardless of offset

    @property
    def type(self) -> str:
        return next((k for k in self.update if k != "update_id"), "")


class _Bucket:
    """Continuous token bucket used for flood accounting."""

    __slots__ = ("capacity", "rate", "tokens", "stamp")

    def __init__(self, capacity: float, rate: float, now: float):
        self.capacity = capacity
        self.rate = rate
        self.tokens = float(capacity)
        self.stamp = now

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now


class _Signal:
    """Broadcast wake-up without lost notifications: a waiter takes the current
    event *before* awaiting (no await between checking state and taking it), and
    notify() sets that event and starts a fresh one."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event: asyncio.Event | None = None

    def event(self) -> asyncio.Event:
        if self._event is None:
            self._event = asyncio.Event()
        return self._event

    def notify(self) -> None:
        if self._event is not None:
            self._event.set()
            self._event = None


class _Poll:
    __slots__ = ("conflict",)

    def __init__(self) -> None:
        self.conflict = False


# --------------------------------------------------------------------------- param decoding

# Values that are JSON-serialized objects/arrays in form-encoded requests.
_JSON_KEYS = frozenset(
    {
        "reply_markup", "media", "entities", "caption_entities", "commands", "scope",
        "allowed_updates", "reply_parameters", "link_preview_options", "message_ids",
        "permissions", "results", "options", "explanation_entities", "menu_button",
        "input_message_content", "rights", "question_entities", "prices",
        "shipping_options", "mask_position", "stickers", "reaction",
    }
)
# Free text: never coerce, even if it looks like a number, bool or JSON.
_TEXT_KEYS = frozenset(
    {
        "text", "caption", "description", "short_description", "name", "title", "query",
        "callback_query_id", "data", "phone_number", "first_name", "last_name", "address",
        "question", "explanation", "custom_title", "url", "file_id", "inline_message_id",
        "emoji", "secret_token", "ip_address", "parse_mode", "action", "language_code",
        "media_group_id", "business_connection_id", "photo", "document", "video",
        "audio", "voice", "video_note", "animation", "sticker", "thumbnail", "vcard",
    }
)
_INT_KEYS = frozenset(
    {
        "chat_id", "from_chat_id", "message_id", "user_id", "offset", "limit", "timeout",
        "reply_to_message_id", "message_thread_id", "cache_time", "duration", "width",
        "height", "length", "until_date", "max_connections", "live_period", "heading",
        "proximity_alert_radius", "video_start_timestamp", "direct_messages_topic_id",
    }
)
_FLOAT_KEYS = frozenset({"latitude", "longitude", "horizontal_accuracy"})
_INT_RE = re.compile(r"-?\d+\Z")


def _coerce(key: str, value: Any) -> Any:
    if not isinstance(value, str) or key in _TEXT_KEYS:
        return value
    if key in _INT_KEYS and _INT_RE.match(value):
        return int(value)
    if key in _FLOAT_KEYS:
        try:
            return float(value)
        except ValueError:
            return value
    if value in ("true", "false"):
        return value == "true"
    if key in _JSON_KEYS or (value and value[0] in "{["):
        try:
            return json.loads(value)
        except ValueError:
            if key in _JSON_KEYS:
                raise _bad(f"can't parse {key} JSON object") from None
    return value


async def _read_params(request: web.Request) -> tuple[dict[str, Any], str]:
    """Decode a Bot API request however the client encoded it.

    aiogram: always multipart/form-data (aiohttp FormData); every non-string
    value JSON-encoded (numbers too: ``chat_id="42"``); top-level files as
    ``photo="attach://<random>"`` plus a part named ``<random>``.
    PTB: urlencoded (httpx ``data=``) unless files are present, then multipart;
    top-level files as a part named after the parameter itself (``photo``),
    album media as ``attach://<name>``.  Both: booleans as "true"/"false".
    """
    params: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    encoding = "query"
    if request.method == "POST" and request.body_exists:
        ctype = request.content_type
        if ctype == "application/json":
            encoding = "json"
            try:
                body = await request.json()
            except ValueError:
                raise _bad("can't parse JSON") from None
            if not isinstance(body, dict):
                raise _bad("JSON object expected")
            params.update(body)
        else:
            encoding = "multipart" if ctype.startswith("multipart/") else "urlencoded"
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    uploads[key] = Upload(key, value.filename, value.content_type, value.file.read())
                else:
                    params[key] = value
    params = {k: _coerce(k, v) for k, v in params.items()}
    _attach_uploads(params, uploads)
    return params, encoding


def _attach_uploads(params: dict[str, Any], uploads: dict[str, Upload]) -> None:
    """Replace ``attach://x`` references by the Upload, so tests see the same
    shape whichever client sent the file."""
    used: set[str] = set()

    def resolve(value: Any) -> Any:
        if isinstance(value, str) and value.startswith("attach://"):
            key = value[len("attach://"):]
            if key in uploads:
                used.add(key)
                return uploads[key]
        return value

    for key, value in list(params.items()):
        params[key] = resolve(value)
    media = params.get("media")
    items = media if isinstance(media, list) else [media] if isinstance(media, dict) else []
    for item in items:
        if isinstance(item, dict):
            for key in ("media", "thumbnail", "cover"):
                if key in item:
                    item[key] = resolve(item[key])
    for key, upload in uploads.items():
        if key not in used and key not in params:
            params[key] = upload


def _strip_none(value: Any) -> Any:
    """Normalise markups for comparison: clients omit None fields anyway."""
    if isinstance(value, dict):
        return {k: _strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_strip_none(v) for v in value]
    return value


def _utf16_len(text: str) -> int:
    # Telegram entity offsets/lengths are in UTF-16 code units.
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------- HTML parse mode

_HTML_ENTITY_TYPES = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "tg-spoiler": "spoiler", "span": "spoiler", "a": "text_link",
    "code": "code", "pre": "pre", "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}
_NAMED_HTML_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_ENTITY_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);")
_ATTR_RE = re.compile(r"""([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def parse_html(src: str) -> tuple[str, list[dict]]:
    """Parse Telegram's HTML subset into (plain text, entities) like the Bot API.

    Error descriptions follow tdlib's wording, so a test sees the same
    "can't parse entities" failure a real deployment would.
    """
    out: list[str] = []
    pos = 0  # UTF-16 offset in the output
    stack: list[dict] = []
    entities: list[dict] = []
    i, n = 0, len(src)

    def fail(msg: str) -> ApiError:
        return _bad(f"can't parse entities: {msg}")

    def byte_offset(k: int) -> int:
        return len(src[:k].encode("utf-8"))

    while i < n:
        ch = src[i]
        if ch == "<":
            begin = i
            closing = i + 1 < n and src[i + 1] == "/"
            j = i + (2 if closing else 1)
            k = j
            while k < n and not src[k].isspace() and src[k] != ">":
                k += 1
            name = src[j:k].lower()
            end = src.find(">", k)
            if end == -1:
                raise fail(f"Unclosed {'end' if closing else 'start'} tag at byte offset {byte_offset(begin)}")
            if closing:
                if not stack:
                    raise fail(f"Unexpected end tag at byte offset {byte_offset(begin)}")
                top = stack[-1]
                if name and name != top["tag"]:
                    raise fail(
                        f'Unmatched end tag at byte offset {byte_offset(begin)}, expected "</{top["tag"]}>", found "</{name}>"'
                    )
                stack.pop()
                length = pos - top["offset"]
                entity = top["entity"]
                if entity is not None and length > 0:
                    entity.update(offset=top["offset"], length=length)
                    entities.append(entity)
            else:
                if name not in _HTML_ENTITY_TYPES:
                    raise fail(f'Unsupported start tag "{name}" at byte offset {byte_offset(begin)}')
                attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in _ATTR_RE.finditer(src[k:end])}
                etype = _HTML_ENTITY_TYPES[name]
                entity: dict | None = {"type": etype}
                if name == "span" and attrs.get("class") != "tg-spoiler":
                    raise fail(f'Unsupported start tag "{name}" at byte offset {byte_offset(begin)}')
                if name == "a":
                    href = attrs.get("href")
                    entity = {"type": "text_link", "url": href} if href else None
                elif name == "tg-emoji":
                    entity = {"type": "custom_emoji", "custom_emoji_id": attrs.get("emoji-id", "")}
                elif name == "blockquote" and "expandable" in attrs:
                    entity = {"type": "expandable_blockquote"}
                elif name == "code" and stack and stack[-1]["tag"] == "pre":
                    lang = attrs.get("class", "")
                    if lang.startswith("language-") and stack[-1]["entity"] is not None:
                        stack[-1]["entity"]["language"] = lang[len("language-"):]
                        entity = None  # folded into the enclosing pre entity
                stack.append({"tag": name, "offset": pos, "entity": entity})
            i = end + 1
        elif ch == "&":
            m = _HTML_ENTITY_RE.match(src, i)
            decoded = None
            if m:
                body = m.group(1)
                if body.startswith(("#x", "#X")):
                    decoded = chr(int(body[2:], 16)) if int(body[2:], 16) <= 0x10FFFF else None
                elif body.startswith("#"):
                    decoded = chr(int(body[1:])) if int(body[1:]) <= 0x10FFFF else None
                else:
                    decoded = _NAMED_HTML_ENTITIES.get(body)
            if decoded is None:  # Telegram keeps an unknown "&..." literally
                out.append("&")
                pos += 1
                i += 1
            else:
                out.append(decoded)
                pos += _utf16_len(decoded)
                i = m.end()  # type: ignore[union-attr]
        else:
            j = i
            while j < n and src[j] not in "<&":
                j += 1
            chunk = src[i:j]
            out.append(chunk)
            pos += _utf16_len(chunk)
            i = j
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1]["tag"]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


# --------------------------------------------------------------------------- misc helpers

_MAGIC = {
    "photo": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", b"\xff\xd9"),
    "document": (b"%PDF-1.4\n", b"\n%%EOF\n"),
    "video": (b"\x00\x00\x00\x18ftypmp42", b""),
    "video_note": (b"\x00\x00\x00\x18ftypmp42", b""),
    "voice": (b"OggS\x00\x02", b""),
    "sticker": (b"RIFF\x00\x00\x00\x00WEBPVP8 ", b""),
}


def _fake_bytes(kind: str, size: int) -> bytes:
    head, tail = _MAGIC.get(kind, (b"", b""))
    if size <= len(head) + len(tail):
        return (head + tail)[:size]
    return head + b"\x00" * (size - len(head) - len(tail)) + tail


_SEND_METHODS = frozenset(
    {
        "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendLocation",
        "sendMediaGroup", "copyMessage", "forwardMessage", "sendChatAction",
    }
)
_EDIT_METHODS = frozenset({"editMessageText", "editMessageReplyMarkup", "editMessageCaption"})
# Methods that create messages and therefore count for flood limits.
_MESSAGE_METHODS = _SEND_METHODS - {"sendChatAction"}
_INLINE_BUTTON_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
    "copy_text", "callback_game", "pay",
)

_API_METHODS = (
    "getMe", "getUpdates", "deleteWebhook", "setWebhook", "getWebhookInfo",
    "setMyCommands", "getMyCommands", "deleteMyCommands",
    "setMyDescription", "getMyDescription", "setMyShortDescription", "getMyShortDescription",
    "setMyName", "getMyName",
    "sendMessage", "editMessageText", "editMessageReplyMarkup", "editMessageCaption",
    "deleteMessage", "answerCallbackQuery", "sendPhoto", "sendDocument", "sendVideo",
    "sendLocation", "sendMediaGroup", "copyMessage", "forwardMessage", "getFile",
    "getChat", "getChatMember", "getChatAdministrators", "leaveChat", "sendChatAction",
)


def _cid(chat: Any) -> Any:
    """Accept a User/Chat/Sent or a raw id wherever a chat id is expected."""
    if isinstance(chat, (User, Chat)):
        return chat.id
    if isinstance(chat, Sent):
        return chat.chat_id
    return chat


def _short(text: Any, limit: int = 120) -> str:
    s = repr(text)
    return s if len(s) <= limit else s[: limit - 3] + "..."


# --------------------------------------------------------------------------- the server


class FakeBotAPI:
    """Fake ``api.telegram.org`` bound to 127.0.0.1 on a free port."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_username: str = "lapor_test_bot",
        *,
        bot_first_name: str = "Lapor Test Bot",
        host: str = "127.0.0.1",
        port: int = 0,
        strict_chats: bool = False,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_user = {"id": self.bot_id, "is_bot": True, "first_name": bot_first_name, "username": bot_username}
        self.host = host
        self.port = port
        # When False, sending to an unknown chat id auto-creates it (convenient for
        # operator groups configured by id); when True it is 400 "chat not found".
        self.strict_chats = strict_chats
        # Fault kind "timeout" holds the response this long; set it above the
        # client's request timeout so the client gives up.
        self.timeout_delay = 10.0
        self.enforce_flood = False
        self._flood_limits = FloodLimits()
        self.base_url = ""
        self._runner: web.AppRunner | None = None
        self._closed: asyncio.Event | None = None
        self._methods = {name.lower(): (name, getattr(self, f"_api_{name}")) for name in _API_METHODS}
        self._reset_state()

    # ------------------------------------------------------------ lifecycle

    def _reset_state(self) -> None:
        self.calls: list[Call] = []
        self.flood_violations: list[FloodViolation] = []
        self.downloads: list[str] = []  # file paths fetched from /file/bot<token>/...
        self.delivered: list[int] = []  # update_ids returned by getUpdates (with repeats)
        self.pushed_at: dict[int, float] = {}  # update_id -> monotonic push time (latency metrics)
        self.webhook: dict | None = None
        self.my_commands: dict[tuple[str, str], list[dict]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.callback_answers: dict[str, dict] = {}  # callback_query_id -> answer params
        self.conflicts = 0  # getUpdates terminated by a concurrent getUpdates
        self._users: dict[int, User] = {}
        self._chats: dict[Any, Chat] = {}
        self._members: dict[tuple[int, int], str] = {}
        self._blocked: set[int] = set()
        self._left: set[int] = set()
        self._migrated: dict[int, int] = {}
        self._mid: defaultdict[Any, int] = defaultdict(int)
        self._sent: defaultdict[Any, list[Sent]] = defaultdict(list)
        self._sent_by_id: dict[tuple[Any, int], Sent] = {}
        self._unconsumed: defaultdict[Any, list[Sent]] = defaultdict(list)
        self._chat_signals: defaultdict[Any, _Signal] = defaultdict(_Signal)
        self._user_messages: dict[tuple[Any, int], dict] = {}
        self._deleted_user_messages: set[tuple[Any, int]] = set()
        self._calls_unconsumed: defaultdict[str, list[Call]] = defaultdict(list)
        self._call_signals: defaultdict[str, _Signal] = defaultdict(_Signal)
        self._pending: list[_Pending] = []
        self._updates_signal = _Signal()
        self._active_poll: _Poll | None = None
        self._allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self._next_update_id = 700_000_001
        self._files: dict[str, FakeFile] = {}
        self._files_by_path: dict[str, FakeFile] = {}
        self._photo_sets: dict[str, list[FakeFile]] = {}  # any size's file_id -> all sizes
        self._file_seq = itertools.count(1)
        self._callback_seq = itertools.count(1)
        self._album_seq = itertools.count(1)
        self._callback_queries: dict[str, dict] = {}
        self._fail_rules: list[_FailRule] = []
        self._fail_ratio = 0.0
        self._fail_kinds: tuple[str, ...] = ()
        self._rng = random.Random(0)
        self._buckets: dict[Any, _Bucket] = {}

    def reset(self) -> None:
        """Forget everything recorded and configured (server keeps running)."""
        self._updates_signal.notify()
        self._reset_state()

    async def start(self) -> FakeBotAPI:
        if self._runner is not None:
            return self
        self._closed = asyncio.Event()
        # Bot API accepts uploads up to 50 MB; aiohttp's default body limit is 1 MB.
        app = web.Application(client_max_size=UPLOAD_LIMIT + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{file_path:.+}", self._handle_file)
        # handler_cancellation: a client that gave up (timeout, polling task
        # cancelled) must not leave a zombie long poll that swallows updates.
        # A short shutdown_timeout keeps stop() fast.
        runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        self.port = runner.addresses[0][1]
        self.base_url = f"http://{self.host}:{self.port}"
        log.debug("fake Bot API listening on %s", self.base_url)
        return self

    async def stop(self) -> None:
        if self._runner is None:
            return
        if self._closed is not None:
            self._closed.set()
        self._updates_signal.notify()  # long polls return [] immediately
        runner, self._runner = self._runner, None
        try:  # a client holding a request open must not keep a test from ending
            await asyncio.wait_for(runner.cleanup(), 15)
        except TimeoutError:
            log.warning("fake Bot API server did not stop within 15 s")

    async def __aenter__(self) -> FakeBotAPI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def closing(self) -> bool:
        return self._closed is not None and self._closed.is_set()

    # ------------------------------------------------------------ HTTP layer

    @staticmethod
    def _json(payload: dict, status: int = 200) -> web.Response:
        return web.json_response(payload, status=status, dumps=lambda o: json.dumps(o, ensure_ascii=False))

    async def _handle_api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._json(ApiError(401, "Unauthorized").payload(), 401)
        raw_method = request.match_info["method"]
        entry = self._methods.get(raw_method.lower())
        call = Call(method=entry[0] if entry else raw_method, params={}, at=time.monotonic(), http_method=request.method)
        self.calls.append(call)
        status, payload = 200, None
        try:
            call.params, call.encoding = await _read_params(request)
            if entry is None:
                raise ApiError(404, "Not Found: method not found")
            name, handler = entry
            rule = self._pick_fault(name, call.params)
            if rule is not None:
                call.fault = rule.kind
                if rule.kind == "timeout_lost":
                    # Nothing happens; the client just never hears back in time.
                    raise ApiError(502, "Bad Gateway")
                if rule.kind != "timeout":
                    raise self._fault_error(rule, call.params)
            self._check_reachable(name, call.params)
            call.result = await handler(call.params)
            payload = {"ok": True, "result": call.result}
        except ApiError as exc:
            call.error = exc.payload()
            status, payload = exc.code, call.error
        finally:
            call.done_at = time.monotonic()
            self._index_call(call)
        if call.fault in ("timeout", "timeout_lost"):
            # "timeout": the side effect already happened (message IS delivered),
            # only the answer is late -- exactly why naive retries duplicate messages.
            await self._sleep(self.timeout_delay)
        return self._json(payload, status)

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._json(ApiError(401, "Unauthorized").payload(), 401)
        path = request.match_info["file_path"]
        fake = self._files_by_path.get(path)
        if fake is None:
            return self._json(ApiError(404, "Not Found").payload(), 404)
        self.downloads.append(path)
        return web.Response(body=fake.data(), content_type=fake.mime_type or "application/octet-stream")

    async def _sleep(self, delay: float) -> None:
        """Sleep, but wake up immediately when the server stops."""
        if self._closed is None:
            await asyncio.sleep(delay)
            return
        try:
            await asyncio.wait_for(self._closed.wait(), delay)
        except TimeoutError:
            pass

    def _index_call(self, call: Call) -> None:
        key = call.method.lower()
        self._calls_unconsumed[key].append(call)
        self._call_signals[key].notify()

    # ------------------------------------------------------------ fault injection

    def fail(
        self,
        method: str,
        times: int | None = 1,
        kind: str = "500",
        chat_id: Any = None,
        *,
        new_chat_id: int | None = None,
        retry_after: int = 1,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (optionally only to ``chat_id``)
        fail.  ``times=None`` fails until clear_failures().

        kinds: "500" -> 502 Bad Gateway; "429" -> Too Many Requests with
        parameters.retry_after; "403" -> bot was blocked by the user; "migrate" ->
        400 with parameters.migrate_to_chat_id=new_chat_id; "timeout" -> executed
        (message delivered!) but answered only after ``timeout_delay`` seconds;
        "timeout_lost" -> not executed, answered 502 after ``timeout_delay``.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; use one of {FAULT_KINDS}")
        chat_id = _cid(chat_id)
        if kind == "migrate" and new_chat_id is None:
            new_chat_id = -(10**12) - abs(int(chat_id or 1))
        self._fail_rules.append(_FailRule(method.lower(), kind, times, chat_id, new_chat_id, retry_after))

    def fail_ratio(self, p: float, kinds: Iterable[str] = ("500", "timeout"), seed: int = 0) -> None:
        """Fail a random fraction ``p`` of send*/edit* calls (not sendChatAction)
        with one of ``kinds``; deterministic for a given seed.  ``p=0`` disables."""
        kinds = tuple(kinds)
        for kind in kinds:
            if kind not in FAULT_KINDS or kind == "migrate":
                raise ValueError(f"unsupported kind for fail_ratio: {kind!r}")
        self._fail_ratio = p
        self._fail_kinds = kinds
        self._rng = random.Random(seed)

    def clear_failures(self) -> None:
        self._fail_rules.clear()
        self._fail_ratio = 0.0

    def block(self, user_id: Any, *, notify: bool = False) -> None:
        """User blocks the bot: every send/edit to that chat -> 403 until unblock().
        With notify=True also push the my_chat_member update Telegram sends."""
        user_id = _cid(user_id)
        self._blocked.add(user_id)
        if notify:
            self._push_my_chat_member(user_id, "member", "kicked")

    def unblock(self, user_id: Any, *, notify: bool = False) -> None:
        user_id = _cid(user_id)
        self._blocked.discard(user_id)
        if notify:
            self._push_my_chat_member(user_id, "kicked", "member")

    def migrate_group(self, old_chat_id: int, new_chat_id: int, title: str | None = None) -> Chat:
        """Upgrade a group to a supergroup: every later call to the old id gets
        the migrate error (permanently, unlike fail(kind="migrate"))."""
        old = self._chats.get(old_chat_id)
        self._migrated[old_chat_id] = new_chat_id
        return self.group(new_chat_id, title or (old.title if old else "Supergroup"), "supergroup")

    def _pick_fault(self, method: str, params: dict) -> _FailRule | None:
        lower = method.lower()
        chat = params.get("chat_id")
        for rule in self._fail_rules:
            if rule.remaining == 0 or rule.method != lower:
                continue
            if rule.chat_id is not None and str(rule.chat_id) != str(chat):
                continue
            if rule.remaining is not None:
                rule.remaining -= 1
            return rule
        if (
            self._fail_ratio > 0
            and method != "sendChatAction"
            and (method.startswith("send") or method.startswith("edit"))
            and self._rng.random() < self._fail_ratio
        ):
            return _FailRule(lower, self._rng.choice(self._fail_kinds), 0)
        return None

    @staticmethod
    def _fault_error(rule: _FailRule, params: dict) -> ApiError:
        if rule.kind == "500":
            return ApiError(502, "Bad Gateway")
        if rule.kind == "429":
            n = rule.retry_after
            return ApiError(429, f"Too Many Requests: retry after {n}", {"retry_after": n})
        if rule.kind == "403":
            return ApiError(403, "Forbidden: bot was blocked by the user")
        if rule.kind == "migrate":
            return ApiError(
                400, "Bad Request: group chat was upgraded to a supergroup chat", {"migrate_to_chat_id": rule.new_chat_id}
            )
        raise AssertionError(rule.kind)

    def _check_reachable(self, method: str, params: dict) -> None:
        if method not in _SEND_METHODS and method not in _EDIT_METHODS:
            return
        chat = params.get("chat_id")
        if chat in self._migrated:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": self._migrated[chat]},
            )
        if chat in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if chat in self._left:
            kind = self._chats[chat].type if chat in self._chats else "group"
            raise ApiError(403, f"Forbidden: bot is not a member of the {kind} chat")

    # ------------------------------------------------------------ flood accounting

    @property
    def flood_limits(self) -> FloodLimits:
        return self._flood_limits

    @flood_limits.setter
    def flood_limits(self, limits: FloodLimits) -> None:
        # Buckets are sized at creation; new limits must start from fresh buckets.
        self._flood_limits = limits
        self._buckets.clear()

    def _flood_check(self, chat_id: Any, method: str) -> None:
        now = time.monotonic()
        lim = self.flood_limits
        scopes: list[tuple[str, Any, _Bucket]] = []
        bucket = self._buckets.get("*global*")
        if bucket is None:
            bucket = self._buckets["*global*"] = _Bucket(lim.global_burst, lim.global_per_second, now)
        scopes.append(("global", None, bucket))
        is_group = isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0)
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if is_group:
                bucket = _Bucket(lim.group_burst, lim.group_per_minute / 60.0, now)
            else:
                bucket = _Bucket(lim.private_burst, lim.private_per_second, now)
            self._buckets[chat_id] = bucket
        scopes.append(("group" if is_group else "chat", chat_id, bucket))
        short = []
        for scope, cid, b in scopes:
            b.refill(now)
            if b.tokens < 1.0 - 1e-9:
                short.append((scope, cid, max(1, math.ceil((1.0 - b.tokens) / b.rate))))
        if short:
            retry = max(r for _, _, r in short)
            for scope, cid, r in short:
                self.flood_violations.append(FloodViolation(now, scope, cid if cid is not None else chat_id, method, r))
            if self.enforce_flood:
                raise ApiError(429, f"Too Many Requests: retry after {retry}", {"retry_after": retry})
        for _, _, b in scopes:
            b.tokens = max(0.0, b.tokens - 1.0)

    # ------------------------------------------------------------ chats / users

    def user(
        self,
        user_id: int,
        first_name: str = "Budi",
        username: str | None = None,
        language_code: str | None = "id",
        *,
        last_name: str | None = None,
    ) -> User:
        """Create (or update) a simulated user and their private chat with the bot."""
        u = self._users.get(user_id)
        if u is None:
            u = self._users[user_id] = User(user_id, first_name, username, language_code, last_name)
        else:
            u.first_name, u.username, u.language_code, u.last_name = first_name, username, language_code, last_name
        self._chats[user_id] = Chat(user_id, "private", username=username, first_name=first_name, last_name=last_name)
        return u

    def group(self, chat_id: int, title: str, type: str = "supergroup", *, username: str | None = None) -> Chat:  # noqa: A002
        """Register a group/supergroup/channel chat (chat_id should be negative)."""
        chat = Chat(chat_id, type, title=title, username=username)
        self._chats[chat_id] = chat
        self._left.discard(chat_id)
        return chat

    def set_member(self, chat_id: Any, user_id: Any, status: str) -> None:
        """Configure getChatMember: creator|administrator|member|restricted|left|kicked."""
        aliases = {"owner": "creator", "admin": "administrator", "banned": "kicked"}
        status = aliases.get(status, status)
        if status not in ("creator", "administrator", "member", "restricted", "left", "kicked"):
            raise ValueError(f"unknown chat member status {status!r}")
        self._members[(_cid(chat_id), _cid(user_id))] = status

    def _chat(self, chat_id: Any) -> Chat:
        if chat_id is None or chat_id == "":
            raise _bad("chat_id is empty")
        chat = self._chats.get(chat_id)
        if chat is None and isinstance(chat_id, str):
            chat = next((c for c in self._chats.values() if c.username and f"@{c.username}" == chat_id), None)
        if chat is None:
            if self.strict_chats or not isinstance(chat_id, int):
                raise _bad("chat not found")
            if chat_id > 0:
                chat = Chat(chat_id, "private", first_name=f"User {chat_id}")
            else:
                chat = Chat(chat_id, "supergroup", title=f"Group {chat_id}")
            self._chats[chat_id] = chat
        return chat

    # ------------------------------------------------------------ inspection / waiting

    def messages(self, chat_id: Any) -> list[Sent]:
        """Every message the bot created in that chat (consumed or not, incl. deleted)."""
        return list(self._sent.get(_cid(chat_id), ()))

    def last_message(self, chat_id: Any) -> Sent | None:
        sent = self._sent.get(_cid(chat_id))
        return sent[-1] if sent else None

    def all_messages(self) -> list[Sent]:
        return sorted((s for lst in self._sent.values() for s in lst), key=lambda s: s.at)

    def drain(self, chat_id: Any) -> list[Sent]:
        """Return and consume every not-yet-consumed message to that chat."""
        chat_id = _cid(chat_id)
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
        chat_id = _cid(chat_id)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            queue = self._unconsumed[chat_id]
            for idx, sent in enumerate(queue):
                if predicate is None or predicate(sent):
                    del queue[idx]
                    return sent
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise AssertionError(self._dump_chat(chat_id, timeout, predicate))
            event = self._chat_signals[chat_id].event()
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass

    async def wait_for_call(
        self, method: str, predicate: Callable[[Call], bool] | None = None, timeout: float = 5.0
    ) -> Call:
        """Next not-yet-consumed call of ``method`` (case-insensitive, failed calls
        included -- check ``call.ok``), consumed on return."""
        key = method.lower()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            queue = self._calls_unconsumed[key]
            for idx, call in enumerate(queue):
                if predicate is None or predicate(call):
                    del queue[idx]
                    return call
            remaining = deadline - loop.time()
            if remaining <= 0:
                recent = [f"  {c.method} {_short(c.params)} error={c.error}" for c in self.calls[-15:]]
                raise AssertionError(
                    f"no {method} call{' matching predicate' if predicate else ''} within {timeout}s; "
                    f"{len(queue)} unconsumed {method} call(s) did not match.\nLast calls:\n" + "\n".join(recent)
                )
            event = self._call_signals[key].event()
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                pass

    def _dump_chat(self, chat_id: Any, timeout: float, predicate: Any) -> str:
        lines = [
            f"no message to chat {chat_id}{' matching predicate' if predicate else ''} within {timeout}s.",
            "Unconsumed messages to this chat:",
        ]
        lines += [f"  #{s.message_id} {s.method} {_short(s.text)} buttons={s.button_texts}" for s in self._unconsumed[chat_id]] or ["  (none)"]
        lines.append("Last messages to this chat (consumed or not):")
        lines += [f"  #{s.message_id} {s.method} {_short(s.text)}" for s in self._sent.get(chat_id, [])[-5:]] or ["  (none)"]
        failed = [c for c in self.calls if c.failed and str(c.params.get("chat_id")) == str(chat_id)]
        if failed:
            lines.append("Failed calls to this chat:")
            lines += [f"  {c.method} fault={c.fault} error={c.error} text={_short(c.params.get('text'))}" for c in failed[-10:]]
        lines.append(f"Pending (unconfirmed) updates: {len(self._pending)}; total calls: {len(self.calls)}")
        return "\n".join(lines)

    @property
    def pending_updates(self) -> list[dict]:
        return [p.update for p in self._pending]

    def unanswered_callbacks(self) -> list[str]:
        """callback_query ids pushed with press() that the bot never answered."""
        return [qid for qid, q in self._callback_queries.items() if not q["answered"]]

    def commands(self, language_code: str = "", scope: dict | None = None) -> list[dict]:
        """Commands stored by setMyCommands for exactly this scope + language."""
        return list(self.my_commands.get((self._scope_key(scope), language_code or ""), []))

    def file(self, file_id: str) -> FakeFile:
        return self._files[file_id]

    # ------------------------------------------------------------ pushing updates

    def push_update(self, update: dict) -> dict:
        """Queue an update for getUpdates; assigns a monotonic update_id if missing."""
        uid = update.get("update_id")
        if uid is None:
            uid = update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, uid + 1)
        self._pending.append(_Pending(uid, update))
        self.pushed_at[uid] = time.monotonic()
        self._updates_signal.notify()
        return update

    def push_duplicate(self, update: dict) -> dict:
        """Deliver the very same update (same update_id) once more, even if the
        client already confirmed it -- to test handler idempotency."""
        if "update_id" not in update:
            self.push_update(update)
        self._pending.append(_Pending(update["update_id"], update, forced=True))
        self._updates_signal.notify()
        return update

    def _new_mid(self, chat_id: Any) -> int:
        self._mid[chat_id] += 1
        return self._mid[chat_id]

    def _chat_dict_for(self, user: User, chat: Chat | None) -> tuple[Any, dict]:
        if chat is None:
            if user.id not in self._chats:
                self.user(user.id, user.first_name, user.username, user.language_code, last_name=user.last_name)
            chat = self._chats[user.id]
        return chat.id, chat.to_dict()

    def _push_user_message(
        self, user: User, content: dict, chat: Chat | None = None, reply_to: Sent | dict | None = None
    ) -> dict:
        if user.id not in self._users:
            self._users[user.id] = user
        chat_id, chat_dict = self._chat_dict_for(user, chat)
        msg: dict[str, Any] = {
            "message_id": self._new_mid(chat_id),
            "from": user.to_dict(),
            "chat": chat_dict,
            "date": int(time.time()),
        }
        if reply_to is not None:
            if isinstance(reply_to, Sent):
                target = reply_to.message
            else:
                target = reply_to.get("message", reply_to)
            msg["reply_to_message"] = {k: v for k, v in target.items() if k != "reply_to_message"}
        msg.update(content)
        self._user_messages[(chat_id, msg["message_id"])] = msg
        return self.push_update({"message": msg})

    @staticmethod
    def _command_entities(text: str) -> list[dict]:
        if not text.startswith("/"):
            return []
        token = text.split(maxsplit=1)[0] if text.strip() else text
        return [{"type": "bot_command", "offset": 0, "length": _utf16_len(token)}]

    def send_text(self, user: User, text: str, *, chat: Chat | None = None, reply_to: Sent | dict | None = None) -> dict:
        content: dict[str, Any] = {"text": text}
        entities = self._command_entities(text)
        if entities:
            content["entities"] = entities
        return self._push_user_message(user, content, chat, reply_to)

    def send_command(self, user: User, command: str, args: str = "", *, chat: Chat | None = None) -> dict:
        if not command.startswith("/"):
            command = "/" + command
        return self.send_text(user, f"{command} {args}" if args else command, chat=chat)

    def press(self, user: User, message: Sent, callback_data: str, *, check: bool = True) -> dict:
        """User taps an inline button of the bot's message -> callback_query update.
        With check=True the button must currently exist (real users cannot press
        buttons that are not shown)."""
        if check:
            if message.deleted:
                raise AssertionError(f"message #{message.message_id} was deleted; cannot press its buttons")
            datas = [b.get("callback_data") for b in message.buttons if "callback_data" in b]
            if callback_data not in datas:
                raise AssertionError(
                    f"message #{message.message_id} has no button with callback_data={callback_data!r}; "
                    f"buttons: {[(b.get('text'), b.get('callback_data')) for b in message.buttons]}"
                )
        if user.id not in self._users:
            self._users[user.id] = user
        qid = str(4_242_000_000_000_000_000 + next(self._callback_seq))
        self._callback_queries[qid] = {"answered": False, "at": time.monotonic(), "data": callback_data}
        query = {
            "id": qid,
            "from": user.to_dict(),
            "message": dict(message.message),
            "chat_instance": str(8_000_000_000_000_000_000 - abs(int(message.chat_id))),
            "data": callback_data,
        }
        return self.push_update({"callback_query": query})

    def register_file(
        self,
        kind: str,
        *,
        content: bytes | None = None,
        file_size: int | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
        ext: str | None = None,
        width: int | None = None,
        height: int | None = None,
        duration: int | None = None,
    ) -> FakeFile:
        """Make a file known to getFile and the download route."""
        n = next(self._file_seq)
        size = file_size if file_size is not None else (len(content) if content is not None else 1024)
        if ext is None:
            ext = (
                "." + file_name.rsplit(".", 1)[1]
                if file_name and "." in file_name
                else {"photo": ".jpg", "voice": ".oga", "video": ".mp4", "video_note": ".mp4", "sticker": ".webp"}.get(kind, "")
            )
        folder = {"photo": "photos", "document": "documents", "voice": "voice", "video": "videos",
                  "video_note": "video_notes", "sticker": "stickers"}.get(kind, kind + "s")
        prefix = {"photo": "AgACAgUAAxkBAAI", "document": "BQACAgUAAxkBAAI", "video": "BAACAgUAAxkBAAI",
                  "voice": "AwACAgUAAxkBAAI", "video_note": "DQACAgUAAxkBAAI", "sticker": "CAACAgUAAxkBAAI"}.get(kind, "AAMCAgUAAxkBAAI")
        fake = FakeFile(
            file_id=f"{prefix}{n:07d}Fake{self.bot_id}",
            file_unique_id=f"AQAD{n:07d}",
            kind=kind,
            file_size=size,
            file_path=f"{folder}/file_{n}{ext}",
            file_name=file_name,
            mime_type=mime_type or (mimetypes.guess_type(file_name)[0] if file_name else None),
            content=content,
            width=width,
            height=height,
            duration=duration,
        )
        self._files[fake.file_id] = fake
        self._files_by_path[fake.file_path] = fake
        return fake

    def _register_photo(self, file_size: int, content: bytes | None = None) -> list[FakeFile]:
        # Telegram stores several resolutions; the last (largest) one is the original.
        specs = [(90, 67, max(1, file_size // 40)), (320, 240, max(1, file_size // 8)), (1280, 960, file_size)]
        sizes = []
        for idx, (w, h, size) in enumerate(specs):
            body = content if idx == len(specs) - 1 else None
            sizes.append(self.register_file("photo", content=body, file_size=size, width=w, height=h, mime_type="image/jpeg"))
        for f in sizes:
            self._photo_sets[f.file_id] = sizes
        return sizes

    def send_photo(
        self,
        user: User,
        file_size: int = 120_000,
        caption: str | None = None,
        media_group_id: str | None = None,
        *,
        content: bytes | None = None,
        chat: Chat | None = None,
        reply_to: Sent | dict | None = None,
    ) -> dict:
        if content is not None and file_size == 120_000:
            file_size = len(content)
        sizes = self._register_photo(file_size, content)
        body: dict[str, Any] = {"photo": [f.photo_size() for f in sizes]}
        if caption is not None:
            body["caption"] = caption
        if media_group_id is not None:
            body["media_group_id"] = str(media_group_id)
        return self._push_user_message(user, body, chat, reply_to)

    def send_document(
        self,
        user: User,
        file_name: str = "laporan.pdf",
        mime_type: str = "application/pdf",
        file_size: int | None = None,
        content: bytes | None = None,
        *,
        caption: str | None = None,
        media_group_id: str | None = None,
        chat: Chat | None = None,
    ) -> dict:
        if content is None and file_size is None:
            file_size = 48_000
        fake = self.register_file("document", content=content, file_size=file_size, file_name=file_name, mime_type=mime_type)
        body: dict[str, Any] = {"document": self._document_dict(fake)}
        if caption is not None:
            body["caption"] = caption
        if media_group_id is not None:
            body["media_group_id"] = str(media_group_id)
        return self._push_user_message(user, body, chat)

    def send_video(
        self, user: User, file_size: int = 2_000_000, duration: int = 10, caption: str | None = None, *, chat: Chat | None = None
    ) -> dict:
        fake = self.register_file("video", file_size=file_size, width=1280, height=720, duration=duration, mime_type="video/mp4")
        body: dict[str, Any] = {"video": self._video_dict(fake)}
        if caption is not None:
            body["caption"] = caption
        return self._push_user_message(user, body, chat)

    def send_location(self, user: User, lat: float, lon: float, *, chat: Chat | None = None) -> dict:
        return self._push_user_message(user, {"location": {"latitude": float(lat), "longitude": float(lon)}}, chat)

    def send_contact(
        self, user: User, phone: str, contact_user_id: int | None = None, *, first_name: str | None = None, chat: Chat | None = None
    ) -> dict:
        contact = {
            "phone_number": phone,
            "first_name": first_name or user.first_name,
            "user_id": user.id if contact_user_id is None else contact_user_id,
        }
        if user.last_name and first_name is None:
            contact["last_name"] = user.last_name
        return self._push_user_message(user, {"contact": contact}, chat)

    def send_sticker(self, user: User, emoji: str = "👍", *, chat: Chat | None = None) -> dict:
        fake = self.register_file("sticker", file_size=24_000, width=512, height=512, mime_type="image/webp")
        sticker = {
            "file_id": fake.file_id, "file_unique_id": fake.file_unique_id, "type": "regular",
            "width": 512, "height": 512, "is_animated": False, "is_video": False,
            "emoji": emoji, "set_name": "FakeStickers", "file_size": fake.file_size,
        }
        return self._push_user_message(user, {"sticker": sticker}, chat)

    def send_voice(self, user: User, duration: int = 3, file_size: int = 9_000, *, chat: Chat | None = None) -> dict:
        fake = self.register_file("voice", file_size=file_size, duration=duration, mime_type="audio/ogg")
        voice = {"file_id": fake.file_id, "file_unique_id": fake.file_unique_id, "duration": duration,
                 "mime_type": "audio/ogg", "file_size": file_size}
        return self._push_user_message(user, {"voice": voice}, chat)

    def send_video_note(self, user: User, duration: int = 5, file_size: int = 300_000, *, chat: Chat | None = None) -> dict:
        fake = self.register_file("video_note", file_size=file_size, duration=duration, mime_type="video/mp4")
        note = {"file_id": fake.file_id, "file_unique_id": fake.file_unique_id, "length": 240,
                "duration": duration, "file_size": file_size}
        return self._push_user_message(user, {"video_note": note}, chat)

    def _push_my_chat_member(self, user_id: int, old: str, new: str) -> None:
        user = self._users.get(user_id) or self.user(user_id)
        chat = self._chats[user_id]
        self.push_update(
            {
                "my_chat_member": {
                    "chat": chat.to_dict(),
                    "from": user.to_dict(),
                    "date": int(time.time()),
                    "old_chat_member": self._member_dict(old, dict(self.bot_user)),
                    "new_chat_member": self._member_dict(new, dict(self.bot_user)),
                }
            }
        )

    # ------------------------------------------------------------ building bot messages

    @staticmethod
    def _document_dict(f: FakeFile) -> dict:
        d: dict[str, Any] = {"file_id": f.file_id, "file_unique_id": f.file_unique_id, "file_size": f.file_size}
        if f.file_name:
            d["file_name"] = f.file_name
        if f.mime_type:
            d["mime_type"] = f.mime_type
        return d

    @staticmethod
    def _video_dict(f: FakeFile) -> dict:
        return {
            "file_id": f.file_id, "file_unique_id": f.file_unique_id, "width": f.width or 1280,
            "height": f.height or 720, "duration": f.duration or 0, "mime_type": f.mime_type or "video/mp4",
            "file_size": f.file_size,
        }

    def _format(self, text: Any, parse_mode: Any, entities: Any, *, caption: bool) -> tuple[str | None, list[dict]]:
        """Apply parse_mode and Telegram's length rules to text or caption."""
        if text is None or text == "":
            if caption:
                return None, []
            raise _bad("message text is empty")
        text = str(text)
        if isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
            text, entities = parse_html(text)
        elif not isinstance(entities, list):
            entities = []
        if not caption and not text.strip():
            raise _bad("message text is empty")
        if caption and len(text) > CAPTION_LIMIT:
            raise _bad("message caption is too long")
        if not caption and len(text) > TEXT_LIMIT:
            raise _bad("message is too long")
        return text, entities

    @staticmethod
    def _markup(params: dict) -> dict | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad("can't parse reply keyboard markup JSON object")
        markup = _strip_none(markup)
        if "inline_keyboard" in markup:
            rows = markup["inline_keyboard"]
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise _bad("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
            for row in rows:
                for button in row:
                    if not isinstance(button, dict) or not button.get("text"):
                        raise _bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
                    if "callback_data" in button:
                        data = button["callback_data"]
                        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                            raise _bad("BUTTON_DATA_INVALID")
                    elif not any(k in button for k in _INLINE_BUTTON_ACTIONS):
                        raise _bad("text buttons are unallowed in the inline keyboard")
                    url = button.get("url")
                    if url is not None and not re.match(r"(https?|tg)://", str(url)):
                        raise _bad("BUTTON_URL_INVALID")
        return markup

    def _find_message(self, chat_id: Any, message_id: Any) -> dict | None:
        sent = self._sent_by_id.get((chat_id, message_id))
        if sent is not None:
            return None if sent.deleted else sent.message
        if (chat_id, message_id) in self._deleted_user_messages:
            return None
        return self._user_messages.get((chat_id, message_id))

    def _reply_to(self, chat: Chat, params: dict) -> dict | None:
        reply = params.get("reply_parameters")
        mid, allow = None, bool(params.get("allow_sending_without_reply"))
        if isinstance(reply, dict):
            mid = reply.get("message_id")
            allow = allow or bool(reply.get("allow_sending_without_reply"))
            if reply.get("chat_id") not in (None, chat.id):
                return None  # cross-chat replies: not modelled
        elif params.get("reply_to_message_id") is not None:
            mid = params["reply_to_message_id"]
        if mid is None:
            return None
        target = self._find_message(chat.id, mid)
        if target is None:
            if allow:
                return None
            raise _bad("message to be replied not found")
        return {k: v for k, v in target.items() if k != "reply_to_message"}

    def _create(
        self,
        chat: Chat,
        method: str,
        params: dict,
        content: dict,
        *,
        kind: str,
        text: str | None,
        markup: dict | None,
        reply_to: dict | None = None,
    ) -> Sent:
        message: dict[str, Any] = {
            "message_id": self._new_mid(chat.id),
            "from": dict(self.bot_user),
            "chat": chat.to_dict(),
            "date": int(time.time()),
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        message.update(content)
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup  # Telegram only echoes inline keyboards
        sent = Sent(
            message_id=message["message_id"], chat_id=chat.id, text=text, reply_markup=markup, method=method,
            params=params, message=message, kind=kind, at=time.monotonic(),
        )
        self._sent[chat.id].append(sent)
        self._sent_by_id[(chat.id, sent.message_id)] = sent
        self._unconsumed[chat.id].append(sent)
        self._chat_signals[chat.id].notify()
        return sent

    def _input_file(self, value: Any, kind: str, what: str) -> FakeFile:
        """Resolve an InputFile parameter: Upload, file_id or URL."""
        if isinstance(value, Upload):
            if len(value.data) > UPLOAD_LIMIT:
                raise ApiError(413, "Request Entity Too Large")
            if kind == "photo":
                return self._register_photo(len(value.data), value.data)[-1]
            return self.register_file(
                kind, content=value.data, file_name=value.filename,
                mime_type=(value.content_type if value.content_type not in (None, "application/octet-stream") else None),
            )
        if isinstance(value, str) and value:
            if value.startswith(("http://", "https://")):
                name = value.rsplit("/", 1)[-1] or None
                if kind == "photo":
                    return self._register_photo(80_000)[-1]
                return self.register_file(kind, file_size=80_000, file_name=name)
            fake = self._files.get(value)
            if fake is not None:
                return fake
            raise _bad("wrong file identifier/HTTP URL specified")
        raise _bad(f"there is no {what} in the request")

    def _media_content(self, kind: str, value: Any) -> dict:
        fake = self._input_file(value, kind, kind)
        if kind == "photo":
            sizes = self._photo_sets.get(fake.file_id) or [fake]
            return {"photo": [f.photo_size() for f in sizes]}
        if kind == "video":
            return {"video": self._video_dict(fake)}
        if kind == "audio":
            return {"audio": {"file_id": fake.file_id, "file_unique_id": fake.file_unique_id, "duration": fake.duration or 0}}
        return {"document": self._document_dict(fake)}

    # ------------------------------------------------------------ Bot API methods

    async def _api_getMe(self, p: dict) -> dict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    async def _api_getUpdates(self, p: dict) -> list[dict]:
        if self.webhook is not None:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        offset = p.get("offset")
        limit = p.get("limit") or 100
        limit = max(1, min(100, int(limit)))
        timeout = max(0.0, float(p.get("timeout") or 0))
        allowed = p.get("allowed_updates")
        if isinstance(allowed, list):
            # [] means "everything default"; the setting persists across calls.
            self._allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATE_TYPES
        if isinstance(offset, int):
            if offset < 0:
                self._pending = self._pending[offset:]
            else:
                self._pending = [e for e in self._pending if e.forced or e.update_id >= offset]
        # Only one getUpdates may wait at a time; a newer one terminates the older.
        if self._active_poll is not None:
            self._active_poll.conflict = True
            self._updates_signal.notify()
        poll = self._active_poll = _Poll()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                batch = self._select_updates(limit)
                if batch or self.closing or deadline - loop.time() <= 0:
                    break
                event = self._updates_signal.event()
                try:
                    await asyncio.wait_for(event.wait(), deadline - loop.time())
                except TimeoutError:
                    pass
                if poll.conflict:
                    self.conflicts += 1
                    raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
        finally:
            if self._active_poll is poll:
                self._active_poll = None
        forced = {id(e) for e in batch if e.forced}
        if forced:  # a duplicate is delivered once, then gone
            self._pending = [e for e in self._pending if id(e) not in forced]
        self.delivered.extend(e.update_id for e in batch)
        return [e.update for e in batch]

    def _select_updates(self, limit: int) -> list[_Pending]:
        allowed = self._allowed_updates
        if any(e.type not in allowed for e in self._pending):
            # Telegram never queues update types the bot did not ask for.
            self._pending = [e for e in self._pending if e.type in allowed]
        # Sorted so clients that confirm with updates[-1].update_id + 1 (both
        # aiogram and PTB do) never skip a newer update because of a duplicate.
        return sorted(self._pending, key=lambda e: e.update_id)[:limit]

    async def _api_setWebhook(self, p: dict) -> bool:
        url = p.get("url") or ""
        if not url:
            self.webhook = None
            return True
        if not str(url).startswith("https://") and not str(url).startswith("http://127.0.0.1"):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = dict(p)
        if p.get("drop_pending_updates"):
            self._pending.clear()
        return True

    async def _api_deleteWebhook(self, p: dict) -> bool:
        self.webhook = None
        if p.get("drop_pending_updates"):
            self._pending.clear()
        return True

    async def _api_getWebhookInfo(self, p: dict) -> dict:
        info: dict[str, Any] = {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook:
            info["max_connections"] = self.webhook.get("max_connections", 40)
            if self.webhook.get("allowed_updates"):
                info["allowed_updates"] = self.webhook["allowed_updates"]
        return info

    @staticmethod
    def _scope_key(scope: Any) -> str:
        scope = _strip_none(scope) if isinstance(scope, dict) else {"type": "default"}
        return json.dumps(scope, sort_keys=True)

    @staticmethod
    def _lang(p: dict) -> str:
        lang = p.get("language_code") or ""
        if lang and not re.fullmatch(r"[a-z]{2}", str(lang)):
            raise _bad("invalid language code specified")
        return str(lang)

    async def _api_setMyCommands(self, p: dict) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list):
            raise _bad("can't parse commands JSON object")
        if len(commands) > 100:
            raise _bad("too many commands specified")
        clean = []
        for cmd in commands:
            if not isinstance(cmd, dict):
                raise _bad("can't parse BotCommand")
            name, desc = str(cmd.get("command", "")), str(cmd.get("description", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name.removeprefix("/")):
                raise _bad("BOT_COMMAND_INVALID")
            if not 1 <= len(desc) <= 256:
                raise _bad("BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": name.removeprefix("/"), "description": desc})
        key = (self._scope_key(p.get("scope")), self._lang(p))
        if clean:
            self.my_commands[key] = clean
        else:
            self.my_commands.pop(key, None)
        return True

    async def _api_getMyCommands(self, p: dict) -> list[dict]:
        return list(self.my_commands.get((self._scope_key(p.get("scope")), self._lang(p)), []))

    async def _api_deleteMyCommands(self, p: dict) -> bool:
        self.my_commands.pop((self._scope_key(p.get("scope")), self._lang(p)), None)
        return True

    async def _api_setMyDescription(self, p: dict) -> bool:
        desc = p.get("description") or ""
        if len(desc) > 512:
            raise _bad("description is too long")
        self._store_text(self.descriptions, self._lang(p), desc)
        return True

    async def _api_getMyDescription(self, p: dict) -> dict:
        lang = self._lang(p)
        return {"description": self.descriptions.get(lang, self.descriptions.get("", ""))}

    async def _api_setMyShortDescription(self, p: dict) -> bool:
        desc = p.get("short_description") or ""
        if len(desc) > 120:
            raise _bad("short description is too long")
        self._store_text(self.short_descriptions, self._lang(p), desc)
        return True

    async def _api_getMyShortDescription(self, p: dict) -> dict:
        lang = self._lang(p)
        return {"short_description": self.short_descriptions.get(lang, self.short_descriptions.get("", ""))}

    async def _api_setMyName(self, p: dict) -> bool:
        name = p.get("name") or ""
        if len(name) > 64:
            raise _bad("name is too long")
        self._store_text(self.names, self._lang(p), name)
        return True

    async def _api_getMyName(self, p: dict) -> dict:
        lang = self._lang(p)
        return {"name": self.names.get(lang, self.names.get("", self.bot_user["first_name"]))}

    @staticmethod
    def _store_text(store: dict[str, str], lang: str, value: str) -> None:
        if value:
            store[lang] = value
        else:
            store.pop(lang, None)  # empty string = remove, as in the Bot API

    async def _api_sendMessage(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        text, entities = self._format(p.get("text"), p.get("parse_mode"), p.get("entities"), caption=False)
        markup = self._markup(p)
        reply_to = self._reply_to(chat, p)
        self._flood_check(chat.id, "sendMessage")
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return self._create(chat, "sendMessage", p, content, kind="text", text=text, markup=markup, reply_to=reply_to).message

    async def _send_media(self, p: dict, method: str, kind: str) -> dict:
        chat = self._chat(p.get("chat_id"))
        caption, entities = self._format(p.get("caption"), p.get("parse_mode"), p.get("caption_entities"), caption=True)
        markup = self._markup(p)
        reply_to = self._reply_to(chat, p)
        content = self._media_content(kind, p.get(kind))
        self._flood_check(chat.id, method)
        if caption is not None:
            content["caption"] = caption
            if entities:
                content["caption_entities"] = entities
        return self._create(chat, method, p, content, kind=kind, text=caption, markup=markup, reply_to=reply_to).message

    async def _api_sendPhoto(self, p: dict) -> dict:
        return await self._send_media(p, "sendPhoto", "photo")

    async def _api_sendDocument(self, p: dict) -> dict:
        return await self._send_media(p, "sendDocument", "document")

    async def _api_sendVideo(self, p: dict) -> dict:
        return await self._send_media(p, "sendVideo", "video")

    async def _api_sendLocation(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        lat, lon = p.get("latitude"), p.get("longitude")
        if not isinstance(lat, (int, float)) or not -90 <= lat <= 90:
            raise _bad("wrong latitude specified")
        if not isinstance(lon, (int, float)) or not -180 <= lon <= 180:
            raise _bad("wrong longitude specified")
        markup = self._markup(p)
        reply_to = self._reply_to(chat, p)
        self._flood_check(chat.id, "sendLocation")
        content = {"location": {"latitude": float(lat), "longitude": float(lon)}}
        return self._create(chat, "sendLocation", p, content, kind="location", text=None, markup=markup, reply_to=reply_to).message

    async def _api_sendMediaGroup(self, p: dict) -> list[dict]:
        chat = self._chat(p.get("chat_id"))
        media = p.get("media")
        if not isinstance(media, list):
            raise _bad("can't parse media JSON object")
        if not 2 <= len(media) <= 10:
            raise _bad("wrong number of media in the album: must include 2-10 items")
        reply_to = self._reply_to(chat, p)
        prepared = []
        for item in media:
            if not isinstance(item, dict) or item.get("type") not in ("photo", "video", "document", "audio"):
                raise _bad("can't parse InputMedia: unsupported media type in album")
            caption, entities = self._format(item.get("caption"), item.get("parse_mode"), item.get("caption_entities"), caption=True)
            content = self._media_content(item["type"], item.get("media"))
            if caption is not None:
                content["caption"] = caption
                if entities:
                    content["caption_entities"] = entities
            prepared.append((item["type"], content, caption))
        self._flood_check(chat.id, "sendMediaGroup")  # an album counts as one message
        group_id = f"{13_000_000_000_000_000 + next(self._album_seq)}"
        out = []
        for kind, content, caption in prepared:
            content["media_group_id"] = group_id
            out.append(self._create(chat, "sendMediaGroup", p, content, kind=kind, text=caption, markup=None, reply_to=reply_to).message)
        return out

    _COPYABLE = ("text", "entities", "photo", "document", "video", "voice", "video_note", "sticker",
                 "location", "contact", "audio", "animation", "caption", "caption_entities")

    def _source_message(self, p: dict, what: str) -> dict:
        src_chat = p.get("from_chat_id")
        if src_chat is None:
            raise _bad("chat_id is empty")
        message = self._find_message(src_chat, p.get("message_id"))
        if message is None:
            raise _bad(f"message to {what} not found")
        return message

    @staticmethod
    def _kind_of(message: dict) -> str:
        for kind in ("photo", "document", "video", "location", "contact", "voice", "video_note", "sticker", "audio"):
            if kind in message:
                return kind
        return "text"

    async def _api_copyMessage(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        source = self._source_message(p, "copy")
        content = {k: v for k, v in source.items() if k in self._COPYABLE}
        if "caption" in p:
            caption, entities = self._format(p.get("caption"), p.get("parse_mode"), p.get("caption_entities"), caption=True)
            content.pop("caption", None)
            content.pop("caption_entities", None)
            if caption is not None:
                content["caption"] = caption
                if entities:
                    content["caption_entities"] = entities
        markup = self._markup(p)
        reply_to = self._reply_to(chat, p)
        self._flood_check(chat.id, "copyMessage")
        text = content.get("text", content.get("caption"))
        sent = self._create(chat, "copyMessage", p, content, kind=self._kind_of(content), text=text, markup=markup, reply_to=reply_to)
        return {"message_id": sent.message_id}

    async def _api_forwardMessage(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        source = self._source_message(p, "forward")
        content = {k: v for k, v in source.items() if k in self._COPYABLE}
        content["forward_origin"] = {"type": "user", "sender_user": source.get("from", dict(self.bot_user)), "date": source["date"]}
        self._flood_check(chat.id, "forwardMessage")
        text = content.get("text", content.get("caption"))
        return self._create(chat, "forwardMessage", p, content, kind=self._kind_of(content), text=text, markup=None).message

    def _editable(self, p: dict) -> Sent | None:
        if p.get("inline_message_id"):
            return None  # inline messages are not tracked; the edit just succeeds
        chat_id = p.get("chat_id")
        sent = self._sent_by_id.get((chat_id, p.get("message_id")))
        if sent is None or sent.deleted:
            if (chat_id, p.get("message_id")) in self._user_messages:
                raise _bad("message can't be edited")
            raise _bad("message to edit not found")
        return sent

    def _apply_edit(self, sent: Sent, method: str, p: dict, text_key: str | None, text: str | None,
                    entities: list[dict], markup: dict | None) -> dict:
        """Shared by the edit methods: detect no-op edits, then mutate in place."""
        new_text = sent.text if text_key is None else text
        if new_text == sent.text and markup == sent.reply_markup and (text_key is None or entities == sent.entities):
            raise _bad(
                "message is not modified: specified new message content and reply markup are exactly the same "
                "as a current content and reply markup of the message"
            )
        message = sent.message
        if text_key is not None:
            ent_key = "entities" if text_key == "text" else "caption_entities"
            if text is None:
                message.pop(text_key, None)
            else:
                message[text_key] = text
            if entities:
                message[ent_key] = entities
            else:
                message.pop(ent_key, None)
            sent.text = text
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        sent.reply_markup = markup
        message["edit_date"] = int(time.time())
        sent.edits.append(Edit(method, sent.text, markup, p, time.monotonic()))
        # Wake waiters: a predicate on an unconsumed message may now match.
        self._chat_signals[sent.chat_id].notify()
        return message

    async def _api_editMessageText(self, p: dict) -> dict | bool:
        sent = self._editable(p)
        text, entities = self._format(p.get("text"), p.get("parse_mode"), p.get("entities"), caption=False)
        markup = self._markup(p)
        if sent is None:
            return True
        if sent.kind != "text":
            raise _bad("there is no text in the message to edit")
        return self._apply_edit(sent, "editMessageText", p, "text", text, entities, markup)

    async def _api_editMessageCaption(self, p: dict) -> dict | bool:
        sent = self._editable(p)
        caption, entities = self._format(p.get("caption"), p.get("parse_mode"), p.get("caption_entities"), caption=True)
        markup = self._markup(p)
        if sent is None:
            return True
        if sent.kind == "text":
            raise _bad("there is no caption in the message to edit")
        return self._apply_edit(sent, "editMessageCaption", p, "caption", caption, entities, markup)

    async def _api_editMessageReplyMarkup(self, p: dict) -> dict | bool:
        sent = self._editable(p)
        markup = self._markup(p)
        if sent is None:
            return True
        if markup is not None and "inline_keyboard" not in markup:
            raise _bad("only inline keyboards can be edited")
        return self._apply_edit(sent, "editMessageReplyMarkup", p, None, None, [], markup)

    async def _api_deleteMessage(self, p: dict) -> bool:
        chat_id, mid = p.get("chat_id"), p.get("message_id")
        sent = self._sent_by_id.get((chat_id, mid))
        if sent is not None and not sent.deleted:
            sent.deleted = True
            return True
        key = (chat_id, mid)
        if key in self._user_messages and key not in self._deleted_user_messages:
            self._deleted_user_messages.add(key)
            return True
        raise _bad("message to delete not found")

    async def _api_answerCallbackQuery(self, p: dict) -> bool:
        qid = str(p.get("callback_query_id") or "")
        query = self._callback_queries.get(qid)
        if query is None or query["answered"]:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        text = p.get("text")
        if text is not None and len(str(text)) > 200:
            raise _bad("MESSAGE_TOO_LONG")
        query["answered"] = True
        self.callback_answers[qid] = dict(p)
        return True

    async def _api_sendChatAction(self, p: dict) -> bool:
        self._chat(p.get("chat_id"))
        if not p.get("action"):
            raise _bad("wrong parameter action in request")
        return True

    async def _api_getFile(self, p: dict) -> dict:
        fake = self._files.get(str(p.get("file_id") or ""))
        if fake is None:
            raise _bad("invalid file_id")
        if fake.file_size > DOWNLOAD_LIMIT:
            raise _bad("file is too big")
        return {"file_id": fake.file_id, "file_unique_id": fake.file_unique_id, "file_size": fake.file_size,
                "file_path": fake.file_path}

    async def _api_getChat(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        return {
            **chat.to_dict(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
                "premium_subscription": False, "gifts_from_channels": False,
            },
        }

    def _member_status(self, chat_id: Any, user_id: Any) -> str:
        status = self._members.get((chat_id, user_id))
        if status is not None:
            return status
        return "member" if user_id in self._users or user_id == self.bot_id else "left"

    def _user_dict(self, user_id: Any) -> dict:
        if user_id == self.bot_id:
            return dict(self.bot_user)
        if user_id in self._users:
            return self._users[user_id].to_dict()
        return {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}

    @staticmethod
    def _member_dict(status: str, user: dict) -> dict:
        """ChatMember objects with every field both aiogram and PTB require."""
        if status == "creator":
            return {"status": "creator", "user": user, "is_anonymous": False}
        if status == "administrator":
            rights = dict.fromkeys(
                ("can_manage_chat", "can_delete_messages", "can_manage_video_chats", "can_restrict_members",
                 "can_promote_members", "can_change_info", "can_invite_users", "can_post_stories",
                 "can_edit_stories", "can_delete_stories", "can_pin_messages", "can_manage_topics",
                 "can_send_welcome_messages"),
                True,
            )
            return {"status": "administrator", "user": user, "can_be_edited": False, "is_anonymous": False, **rights}
        if status == "restricted":
            perms = dict.fromkeys(
                ("can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
                 "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
                 "can_send_other_messages", "can_add_web_page_previews", "can_react_to_messages",
                 "can_edit_tag", "can_change_info", "can_invite_users", "can_pin_messages", "can_manage_topics"),
                False,
            )
            return {"status": "restricted", "user": user, "is_member": True, "until_date": 0, **perms}
        if status == "kicked":
            return {"status": "kicked", "user": user, "until_date": 0}
        return {"status": status, "user": user}

    async def _api_getChatMember(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        user_id = p.get("user_id")
        if not isinstance(user_id, int):
            raise _bad("invalid user_id specified")
        return self._member_dict(self._member_status(chat.id, user_id), self._user_dict(user_id))

    async def _api_getChatAdministrators(self, p: dict) -> list[dict]:
        chat = self._chat(p.get("chat_id"))
        return [
            self._member_dict(status, self._user_dict(uid))
            for (cid, uid), status in self._members.items()
            if cid == chat.id and status in ("creator", "administrator")
        ]

    async def _api_leaveChat(self, p: dict) -> bool:
        chat = self._chat(p.get("chat_id"))
        if chat.type == "private":
            raise _bad("chat member status can't be changed in private chats")
        self._left.add(chat.id)
        return True
