"""How the Bot API travels over HTTP: error answers, and decoding a request's parameters
however the client encoded them.

Why its own module: it changes when a client changes its encoding (aiogram and PTB differ,
see ``read_params``), never when a method's meaning does.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web

from tests.botapi.records import Upload


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


def bad(msg: str) -> ApiError:
    return ApiError(400, f"Bad Request: {msg}")


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
                raise bad(f"can't parse {key} JSON object") from None
    return value


async def read_params(request: web.Request) -> tuple[dict[str, Any], str]:
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
                raise bad("can't parse JSON") from None
            if not isinstance(body, dict):
                raise bad("JSON object expected")
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


def strip_none(value: Any) -> Any:
    """Normalise markups for comparison: clients omit None fields anyway."""
    if isinstance(value, dict):
        return {k: strip_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [strip_none(v) for v in value]
    return value


def utf16_len(text: str) -> int:
    # Telegram entity offsets/lengths are in UTF-16 code units.
    return len(text.encode("utf-16-le")) // 2
