"""What Telegram accepts in a message the bot sends: text and captions after ``parse_mode``
(Telegram's HTML subset, parsed into plain text and entities) within their length limits,
and reply markup with valid buttons.

Why its own module: these rules change when Telegram changes what a message may contain;
every method that sends or edits a message applies them the same way.
"""

from __future__ import annotations

import re
from typing import Any

from tests.botapi.wire import ApiError, bad, strip_none, utf16_len

# Limits from https://core.telegram.org/bots/api
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64  # bytes, not characters

_INLINE_BUTTON_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
    "copy_text", "callback_game", "pay",
)

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
        return bad(f"can't parse entities: {msg}")

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
                        f"Unmatched end tag at byte offset {byte_offset(begin)}, "
                        f'expected "</{top["tag"]}>", found "</{name}>"'
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
                found = _ATTR_RE.finditer(src[k:end])
                attrs = {m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or "" for m in found}
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
                pos += utf16_len(decoded)
                i = m.end()  # type: ignore[union-attr]
        else:
            j = i
            while j < n and src[j] not in "<&":
                j += 1
            chunk = src[i:j]
            out.append(chunk)
            pos += utf16_len(chunk)
            i = j
    if stack:
        raise fail(f'Can\'t find end tag corresponding to start tag "{stack[-1]["tag"]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(out), entities


def format_text(text: Any, parse_mode: Any, entities: Any, *, caption: bool) -> tuple[str | None, list[dict]]:
    """Apply parse_mode and Telegram's length rules to text or caption."""
    if text is None or text == "":
        if caption:
            return None, []
        raise bad("message text is empty")
    text = str(text)
    if isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
        text, entities = parse_html(text)
    elif not isinstance(entities, list):
        entities = []
    if not caption and not text.strip():
        raise bad("message text is empty")
    if caption and len(text) > CAPTION_LIMIT:
        raise bad("message caption is too long")
    if not caption and len(text) > TEXT_LIMIT:
        raise bad("message is too long")
    return text, entities


def check_markup(params: dict) -> dict | None:
    """The request's reply_markup, None fields dropped; 400 if Telegram would refuse it."""
    markup = params.get("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad("can't parse reply keyboard markup JSON object")
    markup = strip_none(markup)
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
            raise bad("field \"inline_keyboard\" of the InlineKeyboardMarkup must be an Array of Arrays")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
                if "callback_data" in button:
                    data = button["callback_data"]
                    if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_LIMIT:
                        raise bad("BUTTON_DATA_INVALID")
                elif not any(k in button for k in _INLINE_BUTTON_ACTIONS):
                    raise bad("text buttons are unallowed in the inline keyboard")
                url = button.get("url")
                if url is not None and not re.match(r"(https?|tg)://", str(url)):
                    raise bad("BUTTON_URL_INVALID")
    return markup
