"""What the server remembers that every family of methods shares: the simulated users and
chats, every message in every chat (the bot's and the users'), the calls the bot made, the
button presses waiting for an answer, and which chats refuse the bot.

Why its own module: it changes when what is shared changes.  A family's own memory (pending
updates, flood buckets, failure rules, files, commands...) is set up in that family's
``_reset_state``, which calls this one first.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from typing import Any

from tests.botapi.records import Call, Chat, Sent, User
from tests.botapi.wire import bad


class Signal:
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


class State:
    """The shared records, and the lookups every family of methods uses."""

    # Set by FakeBotAPI.__init__.
    token: str
    bot_id: int
    bot_username: str
    bot_user: dict[str, Any]
    strict_chats: bool
    _closed: asyncio.Event | None

    def _reset_state(self) -> None:
        self.calls: list[Call] = []
        self._calls_unconsumed: defaultdict[str, list[Call]] = defaultdict(list)
        self._call_signals: defaultdict[str, Signal] = defaultdict(Signal)
        self._users: dict[int, User] = {}
        self._chats: dict[Any, Chat] = {}
        self._blocked: set[int] = set()
        self._left: set[int] = set()  # groups the bot left (leaveChat, remove_bot(kicked=False))
        self._kicked: set[int] = set()  # groups a member removed the bot from (remove_bot)
        self._migrated: dict[int, int] = {}
        self._mid: defaultdict[Any, int] = defaultdict(int)
        self._sent: defaultdict[Any, list[Sent]] = defaultdict(list)
        self._sent_by_id: dict[tuple[Any, int], Sent] = {}
        self._unconsumed: defaultdict[Any, list[Sent]] = defaultdict(list)
        self._chat_signals: defaultdict[Any, Signal] = defaultdict(Signal)
        self._user_messages: dict[tuple[Any, int], dict] = {}
        self._deleted_user_messages: set[tuple[Any, int]] = set()
        self._callback_queries: dict[str, dict] = {}

    def reset(self) -> None:
        """Forget everything recorded and configured (server keeps running)."""
        self._reset_state()

    @property
    def closing(self) -> bool:
        return self._closed is not None and self._closed.is_set()

    # ------------------------------------------------------------ users and chats

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

    def _chat(self, chat_id: Any) -> Chat:
        if chat_id is None or chat_id == "":
            raise bad("chat_id is empty")
        chat = self._chats.get(chat_id)
        if chat is None and isinstance(chat_id, str):
            chat = next((c for c in self._chats.values() if c.username and f"@{c.username}" == chat_id), None)
        if chat is None:
            if self.strict_chats or not isinstance(chat_id, int):
                raise bad("chat not found")
            if chat_id > 0:
                chat = Chat(chat_id, "private", first_name=f"User {chat_id}")
            else:
                chat = Chat(chat_id, "supergroup", title=f"Group {chat_id}")
            self._chats[chat_id] = chat
        return chat

    # ------------------------------------------------------------ messages

    def _new_mid(self, chat_id: Any) -> int:
        self._mid[chat_id] += 1
        return self._mid[chat_id]

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
            raise bad("message to be replied not found")
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
