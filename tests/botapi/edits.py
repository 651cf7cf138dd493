"""Editing the bot's messages: text, caption and inline keyboard, changed in place on the
``Sent`` record (each edit is kept in ``Sent.edits``), with Telegram's "message is not
modified" and "message can't be edited" answers.

Why its own module: it changes when the rules for editing do.
"""

from __future__ import annotations

import time

from tests.botapi.content import check_markup, format_text
from tests.botapi.records import Edit, Sent
from tests.botapi.state import State
from tests.botapi.wire import bad

METHODS = ("editMessageText", "editMessageReplyMarkup", "editMessageCaption")


class Edits(State):
    """The edit methods; an inline message (``inline_message_id``) is not tracked and its edit just succeeds."""

    def _editable(self, p: dict) -> Sent | None:
        if p.get("inline_message_id"):
            return None  # inline messages are not tracked; the edit just succeeds
        chat_id = p.get("chat_id")
        sent = self._sent_by_id.get((chat_id, p.get("message_id")))
        if sent is None or sent.deleted:
            if (chat_id, p.get("message_id")) in self._user_messages:
                raise bad("message can't be edited")
            raise bad("message to edit not found")
        return sent

    def _apply_edit(self, sent: Sent, method: str, p: dict, text_key: str | None, text: str | None,
                    entities: list[dict], markup: dict | None) -> dict:
        """Shared by the edit methods: detect no-op edits, then mutate in place."""
        new_text = sent.text if text_key is None else text
        if new_text == sent.text and markup == sent.reply_markup and (text_key is None or entities == sent.entities):
            raise bad(
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
        text, entities = format_text(p.get("text"), p.get("parse_mode"), p.get("entities"), caption=False)
        markup = check_markup(p)
        if sent is None:
            return True
        if sent.kind != "text":
            raise bad("there is no text in the message to edit")
        return self._apply_edit(sent, "editMessageText", p, "text", text, entities, markup)

    async def _api_editMessageCaption(self, p: dict) -> dict | bool:
        sent = self._editable(p)
        caption, entities = format_text(p.get("caption"), p.get("parse_mode"), p.get("caption_entities"), caption=True)
        markup = check_markup(p)
        if sent is None:
            return True
        if sent.kind == "text":
            raise bad("there is no caption in the message to edit")
        return self._apply_edit(sent, "editMessageCaption", p, "caption", caption, entities, markup)

    async def _api_editMessageReplyMarkup(self, p: dict) -> dict | bool:
        sent = self._editable(p)
        markup = check_markup(p)
        if sent is None:
            return True
        if markup is not None and "inline_keyboard" not in markup:
            raise bad("only inline keyboards can be edited")
        return self._apply_edit(sent, "editMessageReplyMarkup", p, None, None, [], markup)
