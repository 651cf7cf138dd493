"""Chats and members: getChat, getChatMember, getChatAdministrators, leaveChat, the member
statuses a test configures, and a group upgraded to a supergroup.

Why its own module: it changes when what the bot can learn about a chat, or do to it, does.
"""

from __future__ import annotations

from typing import Any

from tests.botapi.records import Chat, cid
from tests.botapi.state import State
from tests.botapi.wire import bad

METHODS = ("getChat", "getChatMember", "getChatAdministrators", "leaveChat")


def member_dict(status: str, user: dict) -> dict:
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


class Chats(State):
    """The chat methods, and the member statuses and upgrades a test sets up."""

    def _reset_state(self) -> None:
        super()._reset_state()
        self._members: dict[tuple[int, int], str] = {}

    def set_member(self, chat_id: Any, user_id: Any, status: str) -> None:
        """Configure getChatMember: creator|administrator|member|restricted|left|kicked."""
        aliases = {"owner": "creator", "admin": "administrator", "banned": "kicked"}
        status = aliases.get(status, status)
        if status not in ("creator", "administrator", "member", "restricted", "left", "kicked"):
            raise ValueError(f"unknown chat member status {status!r}")
        self._members[(cid(chat_id), cid(user_id))] = status

    def migrate_group(self, old_chat_id: int, new_chat_id: int, title: str | None = None) -> Chat:
        """Upgrade a group to a supergroup: every later call to the old id gets
        the migrate error (permanently, unlike fail(kind="migrate"))."""
        old = self._chats.get(old_chat_id)
        self._migrated[old_chat_id] = new_chat_id
        return self.group(new_chat_id, title or (old.title if old else "Supergroup"), "supergroup")

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

    async def _api_getChatMember(self, p: dict) -> dict:
        chat = self._chat(p.get("chat_id"))
        user_id = p.get("user_id")
        if not isinstance(user_id, int):
            raise bad("invalid user_id specified")
        return member_dict(self._member_status(chat.id, user_id), self._user_dict(user_id))

    async def _api_getChatAdministrators(self, p: dict) -> list[dict]:
        chat = self._chat(p.get("chat_id"))
        return [
            member_dict(status, self._user_dict(uid))
            for (cid, uid), status in self._members.items()
            if cid == chat.id and status in ("creator", "administrator")
        ]

    async def _api_leaveChat(self, p: dict) -> bool:
        chat = self._chat(p.get("chat_id"))
        if chat.type == "private":
            raise bad("chat member status can't be changed in private chats")
        self._left.add(chat.id)
        return True
