"""python-telegram-bot 22 adapter, the twin of handlers/aiogram_adapter.py and as thin: hand
updates to the core, map PTB's errors onto the core's kinds (tests/test_ptb_adapter.py feeds both
the same updates and the same faults); every rule is in flows/ and every call in
handlers/bot_api.py."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import timedelta
from types import ModuleType
from typing import Any, ClassVar

import telegram
from telegram import Update
from telegram import error as tg
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
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
from flows.failure import answer_failure
from flows.updates import incoming
from handlers.bot_api import BotApiClient

log = logging.getLogger(__name__)


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


class PtbClient(BotApiClient):
    """The primitive calls flows.delivery.deliver is built on, made with python-telegram-bot."""

    types: ClassVar[ModuleType] = telegram

    def errors(self) -> AbstractContextManager[None]:
        return _errors()

    def local_file(self, data: bytes, name: str) -> Any:
        return telegram.InputFile(data, filename=name)

    async def upload(self, file_id: str, name: str) -> Any:
        file = await self.bot.get_file(file_id)
        return telegram.InputFile(bytes(await file.download_as_bytearray()), filename=name)


def build_handlers(core: Core) -> list[BaseHandler]:
    """Updates in, core called. Replies are not sent here: the core committed them to the outbox
    and the commit woke the sender. Which chat may do what is the core's decision.

    Called through `Application.process_update` by bot/inbound.py, which handles chats side by side
    and each chat's updates in order; the core's per-chat lock does the rest."""
    handle = core.handle

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query, ev = update.callback_query, incoming(update)
        if query is None or ev is None:
            return
        outcome = await handle(ev)
        if not outcome.duplicate:
            # Answered directly, not through the outbox: it only stops the button's spinner and
            # is worthless a few seconds later, so its failure is no failure of the update.
            try:
                await query.answer(text=outcome.callback_answer or None, show_alert=outcome.callback_alert)
            except tg.TelegramError as exc:
                log.warning("answering the press in update %s failed: %s", update.update_id, exc.message)

    async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        ev = incoming(update)
        if ev is not None:  # None: channel posts and other bots' messages are not ours
            await handle(ev)

    # UpdateType.MESSAGE, not filters.ALL: like aiogram's router.message(), new messages only
    # (an edited message is not a new answer to the form). MY_CHAT_MEMBER: the bot added to or
    # removed from a chat, like aiogram's router.my_chat_member().
    return [CallbackQueryHandler(on_button), MessageHandler(filters.UpdateType.MESSAGE, on_update),
            ChatMemberHandler(on_update, ChatMemberHandler.MY_CHAT_MEMBER)]


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The application's error handler: a handler raised on `update`, which is None, or no
    Update at all, for errors that belong to no update."""
    error = context.error if context.error is not None else RuntimeError("unknown error")
    await answer_failure(update if isinstance(update, Update) else None, error, PtbClient(context.bot))
