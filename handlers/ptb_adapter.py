"""python-telegram-bot 22 adapter: hand updates to the core, render its replies as PTB calls,
map PTB's errors onto the core's kinds. The same product as handlers/aiogram_adapter.py
(tests/test_ptb_adapter.py feeds both the same updates and the same faults).

No rule lives here: reading an update is flows/updates.py, putting a reply into a chat is
flows/delivery.py.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram import error as tg
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

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
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.text, callback_data=b.data) for b in row]
                                 for row in buttons])


def _markup(reply: Reply | None):
    if reply is None:
        return None
    if reply.buttons:
        return _inline(reply.buttons)
    if reply.keyboard:
        return ReplyKeyboardMarkup(
            [[KeyboardButton(b.text, request_contact=b.request == "contact" or None,
                             request_location=b.request == "location" or None) for b in row]
             for row in reply.keyboard],
            resize_keyboard=True, one_time_keyboard=True)
    if reply.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


def _retry_seconds(exc: tg.RetryAfter) -> float:
    # PTB 22 warns that `retry_after` will become a timedelta; it is one already with
    # PTB_TIMEDELTA=true. Accept both, without the warning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


@contextmanager
def _errors() -> Iterator[None]:
    """PTB's exceptions as the core's delivery kinds."""
    try:
        yield
    except tg.RetryAfter as exc:
        raise RetryAfter(_retry_seconds(exc), exc.message) from exc
    except tg.ChatMigrated as exc:
        raise ChatMigrated(exc.new_chat_id, exc.message) from exc
    except (tg.Forbidden, tg.InvalidToken) as exc:  # as aiogram's Forbidden/Unauthorized
        raise Unreachable(exc.message) from exc
    except tg.BadRequest as exc:  # a NetworkError subclass in PTB, but never worth a retry
        raise rejected(exc.message) from exc
    except tg.NetworkError as exc:  # TimedOut, 5xx, connection errors
        raise Transient(exc.message) from exc
    except tg.TelegramError as exc:  # any other 4xx: the request is wrong, do not retry
        raise Rejected(exc.message) from exc


class PtbMembers:
    """Whether a user is in a group, asked of Telegram (the desks cache the answer)."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def is_member(self, chat_id: int, user_id: int) -> bool:
        member = await self.bot.get_chat_member(chat_id, user_id)
        return member.status in ("creator", "administrator", "member") or bool(getattr(member, "is_member", False))


class PtbClient:
    """The primitive calls flows.delivery.deliver is built on, made with python-telegram-bot."""

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


def build_handlers(core: Core) -> list[BaseHandler]:
    """Updates in, core called. Replies are not sent here: the core committed them to the outbox
    and the commit woke the sender. Which chat may do what is the core's decision.

    Run with `concurrent_updates`: PTB starts one task per update in arrival order, and nothing
    between that start and `core.handle` suspends (its semaphore queues FIFO), so one chat's
    updates reach the core in order, as with aiogram's `handle_as_tasks`; the core's per-chat
    lock does the rest (tests/test_ptb_adapter.py pins this)."""
    handle = core.handle

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        outcome = await handle(incoming(update))
        if not outcome.duplicate:
            # Answered directly, not through the outbox: it only stops the button's spinner and
            # is worthless a few seconds later.
            await query.answer(text=outcome.callback_answer or None, show_alert=outcome.callback_alert)

    async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ev = incoming(update)
        if ev is not None:  # None: channel posts and other bots' messages are not ours
            await handle(ev)

    # UpdateType.MESSAGE, not filters.ALL: like aiogram's router.message(), new messages only
    # (an edited message is not a new answer to the form).
    return [CallbackQueryHandler(on_button), MessageHandler(filters.UpdateType.MESSAGE, on_message)]
