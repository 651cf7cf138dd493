"""aiogram 3 adapter: hand updates to the core, render its replies as aiogram calls, map aiogram's
errors onto the core's kinds.

No rule lives here: reading an update is flows/updates.py, putting a reply into a chat is
flows/delivery.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from aiogram import Bot, Router
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from flows.core import Core
from flows.delivery import (
    ChatMigrated,
    Rejected,
    RetryAfter,
    Transient,
    Unreachable,
    rejected,
)
from flows.events import Button, Reply
from flows.updates import incoming

log = logging.getLogger(__name__)


def _inline(buttons: list[list[Button]]) -> InlineKeyboardMarkup | None:
    if not buttons:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=b.text, callback_data=b.data) for b in row] for row in buttons])


def _markup(reply: Reply | None):
    if reply is None:
        return None
    if reply.buttons:
        return _inline(reply.buttons)
    if reply.keyboard:
        return ReplyKeyboardMarkup(
            keyboard=[[KeyboardButton(text=b.text, request_contact=b.request == "contact" or None,
                                      request_location=b.request == "location" or None) for b in row]
                      for row in reply.keyboard],
            resize_keyboard=True, one_time_keyboard=True)
    if reply.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


@contextmanager
def _errors() -> Iterator[None]:
    """aiogram's exceptions as the core's delivery kinds."""
    try:
        yield
    except TelegramRetryAfter as exc:
        raise RetryAfter(exc.retry_after, exc.message) from exc
    except TelegramMigrateToChat as exc:
        raise ChatMigrated(exc.migrate_to_chat_id, exc.message) from exc
    except (TelegramForbiddenError, TelegramUnauthorizedError) as exc:
        raise Unreachable(exc.message) from exc
    except (TelegramServerError, TelegramNetworkError, TimeoutError) as exc:
        raise Transient(getattr(exc, "message", repr(exc))) from exc
    except TelegramBadRequest as exc:
        raise rejected(exc.message) from exc
    except TelegramAPIError as exc:  # any other 4xx: the request is wrong, do not retry
        raise Rejected(exc.message) from exc


class AiogramMembers:
    """Whether a user is in a group, asked of Telegram (the desks cache the answer)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def is_member(self, chat_id: int, user_id: int) -> bool:
        member = await self.bot.get_chat_member(chat_id, user_id)
        return member.status in ("creator", "administrator", "member") or bool(getattr(member, "is_member", False))


class AiogramClient:
    """The primitive calls flows.delivery.deliver is built on, made with aiogram."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send_text(self, chat_id: int, text: str, markup: Reply | None) -> int:
        with _errors():
            sent = await self.bot.send_message(chat_id, text, reply_markup=_markup(markup))
        return sent.message_id

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: list[list[Button]]) -> None:
        with _errors():
            await self.bot.edit_message_text(text=text, chat_id=chat_id, message_id=message_id,
                                             reply_markup=_inline(buttons))

    async def send_location(self, chat_id: int, latitude: float, longitude: float) -> None:
        with _errors():
            await self.bot.send_location(chat_id, latitude=latitude, longitude=longitude)

    async def send_file(self, chat_id: int, kind: str, file_id: str) -> None:
        send = {"photo": self.bot.send_photo, "video": self.bot.send_video}.get(kind, self.bot.send_document)
        with _errors():
            await send(chat_id, file_id)

    async def send_album(self, chat_id: int, files: list[tuple[str, str]]) -> None:
        kinds = {"photo": InputMediaPhoto, "video": InputMediaVideo}
        with _errors():
            await self.bot.send_media_group(chat_id, [kinds.get(kind, InputMediaDocument)(media=file_id)
                                                      for kind, file_id in files])


def build_router(core: Core) -> Router:
    """Updates in, core called. Replies are not sent here: the core committed them to the outbox
    and the commit woke the sender. Which chat may do what is the core's decision."""
    router = Router(name=__name__)
    handle = core.handle

    @router.callback_query()
    async def on_button(query: CallbackQuery, event_update: Update) -> None:
        outcome = await handle(incoming(event_update))
        if not outcome.duplicate:
            # Answered directly, not through the outbox: it only stops the button's spinner and
            # is worthless a few seconds later.
            await query.answer(text=outcome.callback_answer or None, show_alert=outcome.callback_alert)

    @router.message()
    async def on_message(message: Message, event_update: Update) -> None:
        ev = incoming(event_update)
        if ev is not None:  # None: channel posts and other bots' messages are not ours
            await handle(ev)

    return router
