"""One translation of a Telegram update into the core's event, for every framework.

The rules of reading an update live here once: the largest photo size is the photo, a slash is a
command only with a bot_command entity at offset 0, a venue is not a location, which content the
form cannot read, and that other bots' messages are not ours. Both frameworks therefore give the
core identical events (tests/test_ptb_adapter.py feeds both the same raw updates).

It reads the framework's own update object by the Bot API's field names, which aiogram and
python-telegram-bot both keep (`from` is `from_user` in both), so nothing here imports either.
Reading the raw JSON dict instead was tried: the same rules over aiogram's `model_dump` cost 3-5x
as much per update (15-22 µs against 4-5), over PTB's `to_dict` 14-23x (48-81 µs against 3-4),
nearly all of it the dump back to a dict. benchmarks/translate.py prints that dump's cost.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flows.events import FileRef, Incoming, MemberStatus, Sender

# Message content the form cannot use, named so the citizen is told what was not read.
UNSUPPORTED = ("sticker", "voice", "video_note", "audio", "animation", "poll", "dice", "game",
               "venue", "story")


def incoming(update: Any, now: datetime | None = None) -> Incoming | None:
    """The core's event for an update, or None when the update is not the core's: channel posts,
    edited messages, other bots' messages. `now` stamps a press, which has no date of its own."""
    if update.callback_query is not None:
        return press_event(update.callback_query, update.update_id, now)
    if update.my_chat_member is not None:
        return membership_event(update.my_chat_member, update.update_id)
    message = update.message
    if message is None or message.from_user is None or message.from_user.is_bot:
        return None
    return message_event(message, update.update_id)


def sender(user: Any) -> Sender:
    return Sender(user_id=user.id, first_name=user.first_name or "", last_name=user.last_name or "",
                  username=user.username, language_code=user.language_code)


def parse_command(text: str) -> tuple[str, str]:
    """"/Status@lapor_bot OKU-1 " -> ("status", "OKU-1"): lower case, without the bot's name."""
    head, _, args = text.partition(" ")
    return head[1:].split("@", 1)[0].lower(), args.strip()


def message_event(message: Any, update_id: int | None) -> Incoming:
    chat, reply_to = message.chat, message.reply_to_message
    base: dict[str, Any] = {
        "chat_id": chat.id, "sender": sender(message.from_user), "at": message.date or datetime.now(UTC),
        "update_id": update_id, "chat_type": str(chat.type),  # PTB's ChatType is a str enum
        "message_id": message.message_id, "media_group_id": message.media_group_id, "chat_title": chat.title,
        "chat_username": chat.username if chat.type != "private" else None,
        "reply_to_message_id": reply_to.message_id if reply_to is not None else None,
        "reply_to_bot": bool(reply_to is not None and reply_to.from_user is not None and reply_to.from_user.is_bot),
    }
    if message.migrate_to_chat_id is not None:
        return Incoming(kind="migrated", migrate_to_chat_id=message.migrate_to_chat_id, **base)
    text = message.text
    if text is not None:
        if text.startswith("/") and any(e.type == "bot_command" and e.offset == 0 for e in message.entities or ()):
            command, args = parse_command(text)
            return Incoming(kind="command", text=text, command=command, args=args, **base)
        return Incoming(kind="text", text=text, **base)
    caption = message.caption or ""
    if message.photo:
        p = message.photo[-1]  # the largest size
        return Incoming(kind="photo", file=FileRef(p.file_id, p.file_unique_id, "photo", p.file_size),
                        text=caption, **base)
    for kind in ("document", "video"):
        f = getattr(message, kind)
        if f is not None:
            ref = FileRef(f.file_id, f.file_unique_id, kind, f.file_size, f.mime_type, f.file_name)
            return Incoming(kind="document", file=ref, text=caption, **base)
    if message.location is not None and message.venue is None:
        return Incoming(kind="location", latitude=message.location.latitude,
                        longitude=message.location.longitude, **base)
    if message.contact is not None:
        return Incoming(kind="contact", contact_phone=message.contact.phone_number,
                        contact_user_id=message.contact.user_id, **base)
    media = next((k for k in UNSUPPORTED if getattr(message, k, None) is not None), "other")
    return Incoming(kind="unsupported", media_kind=media, **base)


def membership_event(changed: Any, update_id: int | None) -> Incoming:
    """The bot added to or removed from a chat (my_chat_member): its new standing, and by whom."""
    new = changed.new_chat_member
    status = str(new.status)  # PTB's ChatMemberStatus is a str enum, aiogram's a plain str
    if status == "restricted":  # still in the group, or not, with limited rights
        status = "member" if getattr(new, "is_member", False) else "left"
    chat = changed.chat
    return Incoming(
        chat_id=chat.id, sender=sender(changed.from_user), kind="membership",
        at=changed.date or datetime.now(UTC), update_id=update_id, chat_type=str(chat.type),
        chat_title=chat.title, member_status=_STANDING.get(status, "left"),
    )


_STANDING: dict[str, MemberStatus] = {
    "member": "member", "administrator": "administrator", "creator": "administrator", "kicked": "kicked",
}


def press_event(query: Any, update_id: int | None, now: datetime | None = None) -> Incoming:
    message = query.message  # may be an InaccessibleMessage: it still has its chat and id
    return Incoming(
        chat_id=message.chat.id if message is not None else query.from_user.id,
        sender=sender(query.from_user), kind="button", at=now or datetime.now(UTC), update_id=update_id,
        chat_type=str(message.chat.type) if message is not None else "private",
        chat_title=message.chat.title if message is not None else None,
        chat_username=message.chat.username if message is not None and message.chat.type != "private" else None,
        message_id=message.message_id if message is not None else None,
        callback_id=query.id, callback_data=query.data,
    )
