"""aiogram 3 adapter: hand updates to the core, map aiogram's errors onto the core's kinds.

No rule lives here: reading an update is flows/updates.py, putting a reply into a chat is
flows/delivery.py, what a failure of the core tells the citizen is flows/failure.py, the calls
that do it all are handlers/bot_api.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from types import ModuleType
from typing import Any, ClassVar

import aiogram.types
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
from aiogram.types import CallbackQuery, ChatMemberUpdated, ErrorEvent, Message, Update

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
_RESPONSE_MODELS: list[object] = []
# Every Bot API method the product calls through aiogram.
_CALLED = ("GetUpdates", "SendMessage", "EditMessageText", "AnswerCallbackQuery", "SendLocation", "SendPhoto",
           "SendVideo", "SendDocument", "SendMediaGroup", "GetChatMember", "GetFile", "GetMe", "SetMyCommands",
           "SetWebhook", "DeleteWebhook")


def keep_response_models() -> None:
    """aiogram reads every answer of the Bot API as `Response[T]`, a pydantic generic model made
    for the call's return type. pydantic keeps those models only weakly, so once the garbage
    collector had run, each call built its model class anew: about a tenth of the bot's CPU in
    the profile of issue 11. One of each kept alive makes every call a cache hit."""
    if _RESPONSE_MODELS:
        return
    import aiogram.methods as m

    for method in _CALLED:
        returning: Any = getattr(m, method).__returning__
        _RESPONSE_MODELS.append(m.Response[returning])


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


class AiogramClient(BotApiClient):
    """The primitive calls flows.delivery.deliver is built on, made with aiogram."""

    types: ClassVar[ModuleType] = aiogram.types

    def __init__(self, bot: Any) -> None:
        super().__init__(bot)
        keep_response_models()

    def errors(self) -> AbstractContextManager[None]:
        return _errors()

    async def upload(self, file_id: str, name: str) -> Any:
        data = await self.bot.download(file_id)
        return aiogram.types.BufferedInputFile(data.read() if data else b"", filename=name)


def build_router(core: Core) -> Router:
    """Updates in, core called. Replies are not sent here: the core committed them to the outbox
    and the commit woke the sender. Which chat may do what is the core's decision."""
    router = Router(name=__name__)
    handle = core.handle

    @router.callback_query()
    async def on_button(query: CallbackQuery, event_update: Update) -> None:
        ev = incoming(event_update)
        if ev is None:
            return
        outcome = await handle(ev)
        if not outcome.duplicate:
            # Answered directly, not through the outbox: it only stops the button's spinner and
            # is worthless a few seconds later, so its failure is no failure of the update.
            try:
                await query.answer(text=outcome.callback_answer or None, show_alert=outcome.callback_alert)
            except TelegramAPIError as exc:
                log.warning("answering the press in update %s failed: %s", event_update.update_id, exc.message)

    @router.message()
    async def on_message(message: Message, event_update: Update) -> None:
        ev = incoming(event_update)
        if ev is not None:  # None: channel posts and other bots' messages are not ours
            await handle(ev)

    @router.my_chat_member()
    async def on_membership(changed: ChatMemberUpdated, event_update: Update) -> None:
        ev = incoming(event_update)  # the bot added to or removed from a chat
        if ev is not None:
            await handle(ev)

    return router


async def on_error(event: ErrorEvent, bot: Bot) -> None:
    """The dispatcher's error handler: the core (or the translation) raised on `event.update`."""
    await answer_failure(event.update, event.exception, AiogramClient(bot))
