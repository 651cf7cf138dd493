"""Messages the bot sends that carry no uploaded file: text, location, copies and forwards;
deleting a message, the typing indicator, and answering a button press.

Why its own module: it changes when one of these methods does.  What a text or a keyboard may
contain is ``content.py``; the photo, document, video and album methods are ``media.py``.
"""

from __future__ import annotations

from typing import Any

from tests.botapi.content import check_markup, format_text
from tests.botapi.flood import Flood
from tests.botapi.wire import bad

METHODS = (
    "sendMessage", "sendLocation", "copyMessage", "forwardMessage", "deleteMessage",
    "sendChatAction", "answerCallbackQuery",
)

_COPYABLE = ("text", "entities", "photo", "document", "video", "voice", "video_note", "sticker",
             "location", "contact", "audio", "animation", "caption", "caption_entities")


def _kind_of(message: dict) -> str:
    for kind in ("photo", "document", "video", "location", "contact", "voice", "video_note", "sticker", "audio"):
        if kind in message:
            return kind
    return "text"


class Messages(Flood):
    """The message methods without files; each new message is flood-checked and recorded by ``_create``."""

    def _reset_state(self) -> None:
        super()._reset_state()
        self.callback_answers: dict[str, dict] = {}  # callback_query_id -> answer params

    async def _api_sendMessage(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        text, entities = format_text(p.get("text"), p.get("parse_mode"), p.get("entities"), caption=False)
        markup = check_markup(p)
        reply_to = self._reply_to(chat, p)
        self._flood_check(chat.id, "sendMessage")
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        sent = self._create(chat, "sendMessage", p, content, kind="text", text=text, markup=markup, reply_to=reply_to)
        return sent.message

    async def _api_sendLocation(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        lat, lon = p.get("latitude"), p.get("longitude")
        if not isinstance(lat, (int, float)) or not -90 <= lat <= 90:
            raise bad("wrong latitude specified")
        if not isinstance(lon, (int, float)) or not -180 <= lon <= 180:
            raise bad("wrong longitude specified")
        markup = check_markup(p)
        reply_to = self._reply_to(chat, p)
        self._flood_check(chat.id, "sendLocation")
        content = {"location": {"latitude": float(lat), "longitude": float(lon)}}
        sent = self._create(
            chat, "sendLocation", p, content, kind="location", text=None, markup=markup, reply_to=reply_to
        )
        return sent.message

    def _source_message(self, p: dict, what: str) -> dict:
        src_chat = p.get("from_chat_id")
        if src_chat is None:
            raise bad("chat_id is empty")
        message = self._find_message(src_chat, p.get("message_id"))
        if message is None:
            raise bad(f"message to {what} not found")
        return message

    async def _api_copyMessage(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        source = self._source_message(p, "copy")
        content = {k: v for k, v in source.items() if k in _COPYABLE}
        if "caption" in p:
            caption, entities = format_text(
                p.get("caption"), p.get("parse_mode"), p.get("caption_entities"), caption=True
            )
            content.pop("caption", None)
            content.pop("caption_entities", None)
            if caption is not None:
                content["caption"] = caption
                if entities:
                    content["caption_entities"] = entities
        markup = check_markup(p)
        reply_to = self._reply_to(chat, p)
        self._flood_check(chat.id, "copyMessage")
        text = content.get("text", content.get("caption"))
        sent = self._create(
            chat, "copyMessage", p, content, kind=_kind_of(content), text=text, markup=markup, reply_to=reply_to
        )
        return {"message_id": sent.message_id}

    async def _api_forwardMessage(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        source = self._source_message(p, "forward")
        content = {k: v for k, v in source.items() if k in _COPYABLE}
        content["forward_origin"] = {
            "type": "user", "sender_user": source.get("from", dict(self.bot_user)), "date": source["date"],
        }
        self._flood_check(chat.id, "forwardMessage")
        text = content.get("text", content.get("caption"))
        return self._create(chat, "forwardMessage", p, content, kind=_kind_of(content), text=text, markup=None).message

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
        raise bad("message to delete not found")

    async def _api_sendChatAction(self, p: dict) -> bool:
        self._chat(p.get("chat_id"))
        if not p.get("action"):
            raise bad("wrong parameter action in request")
        return True

    async def _api_answerCallbackQuery(self, p: dict) -> bool:
        qid = str(p.get("callback_query_id") or "")
        query = self._callback_queries.get(qid)
        if query is None or query["answered"]:
            raise bad("query is too old and response timeout expired or query ID is invalid")
        text = p.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad("MESSAGE_TOO_LONG")
        query["answered"] = True
        self.callback_answers[qid] = dict(p)
        return True
