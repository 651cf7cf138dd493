"""What the simulated users do: write, send a command, press a button, send a photo, document,
video, location, contact, sticker, voice note or video note, block and unblock the bot, remove
the bot from a group and add it back.  Each
pushes the update Telegram would deliver (``push_update``) and returns it.

Why its own module: it changes when a test needs a user to do something new.
"""

from __future__ import annotations

import itertools
import time
from typing import Any

from tests import leaks
from tests.botapi.chats import Chats, member_dict
from tests.botapi.media import Media, document_dict, video_dict
from tests.botapi.records import Chat, Sent, User, cid
from tests.botapi.updates import Updates
from tests.botapi.wire import utf16_len


def _command_entities(text: str) -> list[dict]:
    if not text.startswith("/"):
        return []
    token = text.split(maxsplit=1)[0] if text.strip() else text
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(token)}]


class Users(Updates, Media, Chats):
    """A simulated user's actions; each returns the update it pushed."""

    def _reset_state(self) -> None:
        super()._reset_state()
        self._callback_seq = itertools.count(1)

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
        leaks.said(content.get("text") or content.get("caption"))
        self._user_messages[(chat_id, msg["message_id"])] = msg
        if chat_id in self._kicked or chat_id in self._left:
            return {"message": msg}  # the bot is not in the group: Telegram tells it nothing
        return self.push_update({"message": msg})

    def send_text(
        self, user: User, text: str, *, chat: Chat | None = None, reply_to: Sent | dict | None = None
    ) -> dict:
        content: dict[str, Any] = {"text": text}
        entities = _command_entities(text)
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
        fake = self.register_file(
            "document", content=content, file_size=file_size, file_name=file_name, mime_type=mime_type
        )
        body: dict[str, Any] = {"document": document_dict(fake)}
        if caption is not None:
            body["caption"] = caption
        if media_group_id is not None:
            body["media_group_id"] = str(media_group_id)
        return self._push_user_message(user, body, chat)

    def send_video(
        self,
        user: User,
        file_size: int = 2_000_000,
        duration: int = 10,
        caption: str | None = None,
        *,
        chat: Chat | None = None,
    ) -> dict:
        fake = self.register_file(
            "video", file_size=file_size, width=1280, height=720, duration=duration, mime_type="video/mp4"
        )
        body: dict[str, Any] = {"video": video_dict(fake)}
        if caption is not None:
            body["caption"] = caption
        return self._push_user_message(user, body, chat)

    def send_location(self, user: User, lat: float, lon: float, *, chat: Chat | None = None) -> dict:
        return self._push_user_message(user, {"location": {"latitude": float(lat), "longitude": float(lon)}}, chat)

    def send_contact(
        self,
        user: User,
        phone: str,
        contact_user_id: int | None = None,
        *,
        first_name: str | None = None,
        chat: Chat | None = None,
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

    def send_video_note(
        self, user: User, duration: int = 5, file_size: int = 300_000, *, chat: Chat | None = None
    ) -> dict:
        fake = self.register_file("video_note", file_size=file_size, duration=duration, mime_type="video/mp4")
        note = {"file_id": fake.file_id, "file_unique_id": fake.file_unique_id, "length": 240,
                "duration": duration, "file_size": file_size}
        return self._push_user_message(user, {"video_note": note}, chat)

    def block(self, user_id: Any, *, notify: bool = False) -> None:
        """User blocks the bot: every send/edit to that chat -> 403 until unblock().
        With notify=True also push the my_chat_member update Telegram sends."""
        user_id = cid(user_id)
        self._blocked.add(user_id)
        if notify:
            self._push_my_chat_member(self._chats[user_id], self._users.get(user_id) or self.user(user_id),
                                      "member", "kicked")

    def unblock(self, user_id: Any, *, notify: bool = False) -> None:
        user_id = cid(user_id)
        self._blocked.discard(user_id)
        if notify:
            self._push_my_chat_member(self._chats[user_id], self._users.get(user_id) or self.user(user_id),
                                      "kicked", "member")

    def remove_bot(self, chat: Chat | Any, by: User, *, kicked: bool = True) -> dict:
        """``by`` removes the bot from the group (``kicked=False``: it "left"): from now on every
        send or edit there is answered 403 ("bot was kicked from the supergroup chat", or "is not
        a member"), the members' messages there no longer reach the bot, and the bot gets the
        my_chat_member update Telegram sends.  Returns that update."""
        group = self._chats[cid(chat)]
        old = self._member_status(group.id, self.bot_id)
        (self._kicked if kicked else self._left).add(group.id)
        self._members[(group.id, self.bot_id)] = "kicked" if kicked else "left"
        return self._push_my_chat_member(group, by, old, "kicked" if kicked else "left")

    def add_bot(self, chat: Chat | Any, by: User, *, status: str = "member") -> dict:
        """``by`` adds the bot to the group (again), as "member" or "administrator": sends work
        again and the bot gets the my_chat_member update.  Returns that update."""
        group = self._chats[cid(chat)]
        old = self._member_status(group.id, self.bot_id)
        self._kicked.discard(group.id)
        self._left.discard(group.id)
        self._members[(group.id, self.bot_id)] = status
        return self._push_my_chat_member(group, by, old, status)

    def _push_my_chat_member(self, chat: Chat, by: User, old: str, new: str) -> dict:
        return self.push_update(
            {
                "my_chat_member": {
                    "chat": chat.to_dict(),
                    "from": by.to_dict(),
                    "date": int(time.time()),
                    "old_chat_member": member_dict(old, dict(self.bot_user)),
                    "new_chat_member": member_dict(new, dict(self.bot_user)),
                }
            }
        )
