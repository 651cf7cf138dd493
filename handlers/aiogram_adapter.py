"""aiogram 3 adapter: translate an update into the core's event, call the core, render replies.

No business rule lives here; whatever both adapters would need belongs in flows/.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from flows.events import FileRef, Incoming, Outcome, Reply, Sender
from flows.intake import Intake

log = logging.getLogger(__name__)

# Message content types the form cannot use, named so the citizen is told what was not read.
UNSUPPORTED = ("sticker", "voice", "video_note", "audio", "animation", "poll", "dice", "game",
               "venue", "story")


def _sender(user) -> Sender:
    return Sender(user_id=user.id, first_name=user.first_name or "", last_name=user.last_name or "",
                  username=user.username, language_code=user.language_code)


def message_event(message: Message, update_id: int | None) -> Incoming:
    base = dict(
        chat_id=message.chat.id, sender=_sender(message.from_user), at=message.date or datetime.now(UTC),
        update_id=update_id, chat_type=message.chat.type, message_id=message.message_id,
        media_group_id=message.media_group_id,
    )
    text = message.text or ""
    entities = message.entities or []
    if text.startswith("/") and any(e.type == "bot_command" and e.offset == 0 for e in entities):
        head, _, args = text.partition(" ")
        command = head[1:].split("@", 1)[0].lower()
        return Incoming(kind="command", text=text, command=command, args=args.strip(), **base)
    if message.text is not None:
        return Incoming(kind="text", text=text, **base)
    if message.photo:
        p = message.photo[-1]  # the largest size
        return Incoming(kind="photo", file=FileRef(p.file_id, p.file_unique_id, "photo", p.file_size),
                        text=message.caption or "", **base)
    for kind in ("document", "video"):
        f = getattr(message, kind)
        if f is not None:
            ref = FileRef(f.file_id, f.file_unique_id, kind, f.file_size, f.mime_type,
                          getattr(f, "file_name", None))
            return Incoming(kind="document", file=ref, text=message.caption or "", **base)
    if message.location is not None and message.venue is None:
        return Incoming(kind="location", latitude=message.location.latitude,
                        longitude=message.location.longitude, **base)
    if message.contact is not None:
        return Incoming(kind="contact", contact_phone=message.contact.phone_number,
                        contact_user_id=message.contact.user_id, **base)
    media = next((k for k in UNSUPPORTED if getattr(message, k, None) is not None), "other")
    return Incoming(kind="unsupported", media_kind=media, **base)


def callback_event(query: CallbackQuery, update_id: int | None) -> Incoming:
    message = query.message
    chat_id = message.chat.id if message is not None else query.from_user.id
    chat_type = message.chat.type if message is not None else "private"
    return Incoming(
        chat_id=chat_id, sender=_sender(query.from_user), kind="button", at=datetime.now(UTC),
        update_id=update_id, chat_type=chat_type,
        message_id=message.message_id if message is not None else None,
        callback_id=query.id, callback_data=query.data,
    )


def _markup(reply: Reply):
    if reply.buttons:
        return InlineKeyboardMarkup(inline_keyboard=[
            [InlineKeyboardButton(text=b.text, callback_data=b.data) for b in row] for row in reply.buttons])
    if reply.keyboard:
        return ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text=b.text, request_contact=b.request == "contact" or None,
                                      request_location=b.request == "location" or None) for b in row]
                      for row in reply.keyboard],
            resize_keyboard=True, one_time_keyboard=True)
    if reply.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


async def render(bot: Bot, chat_id: int, outcome: Outcome, callback_id: str | None = None) -> None:
    if callback_id is not None:
        # Answer first: the client shows a spinner on the button until it is answered.
        await bot.answer_callback_query(callback_id, text=outcome.callback_answer or None,
                                        show_alert=outcome.callback_alert)
    for reply in outcome.replies:
        target = reply.chat_id or chat_id
        markup = _markup(reply)
        if reply.edit_message_id is not None:
            inline = markup if isinstance(markup, InlineKeyboardMarkup) else None
            try:
                await bot.edit_message_text(text=reply.text, chat_id=target,
                                            message_id=reply.edit_message_id, reply_markup=inline)
                continue
            except TelegramBadRequest as exc:
                if "not modified" in exc.message:
                    continue
                # Too old or deleted: say it as a new message rather than not at all.
                log.info("edit of %s/%s failed (%s); sending instead", target, reply.edit_message_id, exc.message)
        await bot.send_message(target, reply.text, reply_markup=markup)
        if reply.location is not None:
            await bot.send_location(target, latitude=reply.location[0], longitude=reply.location[1])


def build_router(intake: Intake) -> Router:
    router = Router(name=__name__)

    @router.callback_query()
    async def on_button(query: CallbackQuery, bot: Bot, event_update: Update) -> None:
        ev = callback_event(query, event_update.update_id)
        outcome = await intake.handle(ev)
        if outcome.duplicate:
            return
        await render(bot, ev.chat_id, outcome, callback_id=query.id)

    @router.message(F.chat.type == "private")
    async def on_private(message: Message, bot: Bot, event_update: Update) -> None:
        ev = message_event(message, event_update.update_id)
        outcome = await intake.handle(ev)
        if not outcome.duplicate:
            await render(bot, ev.chat_id, outcome)

    @router.message(F.text.startswith("/"))
    async def on_group_command(message: Message, bot: Bot, event_update: Update) -> None:
        ev = message_event(message, event_update.update_id)
        outcome = await intake.handle(ev)
        if not outcome.duplicate:
            await render(bot, ev.chat_id, outcome)

    return router
