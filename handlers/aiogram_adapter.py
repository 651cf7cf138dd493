"""aiogram 3 adapter: hand updates to the core, map aiogram's errors onto the core's kinds.
aiogram makes every Bot API call; updates are read from their JSON (AiogramUpdates).

No rule lives here: reading an update is flows/updates.py, putting a reply into a chat is
flows/delivery.py, what a failure of the core tells the citizen is flows/failure.py, the calls
that do it all are handlers/bot_api.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from types import ModuleType
from typing import Any, ClassVar

import aiogram.types
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
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
from aiogram.methods import AnswerCallbackQuery, EditMessageText, GetUpdates, SendMessage, TelegramMethod
from aiohttp import ClientError, ClientTimeout

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
from flows.failure import answer_failure
from flows.updates import incoming
from handlers.bot_api import BotApiClient, inline_json, markup_json
from handlers.raw_update import RawUpdate

log = logging.getLogger(__name__)
_RESPONSE_MODELS: list[object] = []
# Every Bot API method the product calls through aiogram.
_CALLED = ("SendMessage", "EditMessageText", "AnswerCallbackQuery", "SendLocation", "SendPhoto",
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


_JSON = {"Content-Type": "application/json"}


async def call_json(bot: Bot, method: type[TelegramMethod[Any]], payload: dict[str, Any], *,
                    timeout: float | None = None) -> Any:
    """One Bot API call with a JSON body, its answer read with json.loads; the result as the
    Bot API's JSON. aiogram's own path builds and validates a pydantic model for the request
    (~40 µs), encodes it as a form (~75 µs) and validates one for the answer (~60 µs): together
    about a third of what the product spends per form step in aiogram mode (issue 11's profile),
    for the three calls every step makes. Anything but a plain success is read by aiogram's own
    `check_response`, so a failure raises aiogram's exception as it would on aiogram's path."""
    session = bot.session
    assert isinstance(session, AiohttpSession)
    http = await session.create_session()
    name = method.__api_method__

    def as_aiogram() -> TelegramMethod[Any]:  # only on failure: aiogram's errors carry the method
        return method.model_validate(payload)

    try:
        async with http.post(session.api.api_url(token=bot.token, method=name), data=json.dumps(payload),
                             headers=_JSON, timeout=ClientTimeout(total=timeout or session.timeout)) as resp:
            raw = await resp.text()
    except TimeoutError as exc:
        raise TelegramNetworkError(method=as_aiogram(), message="Request timeout error") from exc
    except ClientError as exc:
        raise TelegramNetworkError(method=as_aiogram(), message=f"{type(exc).__name__}: {exc}") from exc
    if resp.status == 200:
        answer = json.loads(raw)
        if answer.get("ok") is True:
            return answer.get("result")
    session.check_response(bot=bot, method=as_aiogram(), status_code=resp.status, content=raw)
    raise TelegramAPIError(method=as_aiogram(), message=f"unexpected answer to {name}")


class AiogramClient(BotApiClient):
    """The primitive calls flows.delivery.deliver is built on, made with aiogram."""

    types: ClassVar[ModuleType] = aiogram.types

    def __init__(self, bot: Any) -> None:
        super().__init__(bot)
        keep_response_models()

    def errors(self) -> AbstractContextManager[None]:
        return _errors()

    async def send_text(self, chat_id: int, text: str, markup: Reply | None) -> int:
        payload: dict[str, Any] = {"chat_id": chat_id, "text": text}
        if (wire := markup_json(markup)) is not None:
            payload["reply_markup"] = wire
        with self.errors():
            sent = await call_json(self.bot, SendMessage, payload)
        return int(sent["message_id"])

    async def edit_text(self, chat_id: int, message_id: int, text: str, buttons: list[list[Button]]) -> None:
        payload: dict[str, Any] = {"chat_id": chat_id, "message_id": message_id, "text": text}
        if buttons:
            payload["reply_markup"] = inline_json(buttons)
        with self.errors():
            await call_json(self.bot, EditMessageText, payload)

    def local_file(self, data: bytes, name: str) -> Any:
        return aiogram.types.BufferedInputFile(data, filename=name)

    async def upload(self, file_id: str, name: str) -> Any:
        data = await self.bot.download(file_id)
        return aiogram.types.BufferedInputFile(data.read() if data else b"", filename=name)


class AiogramUpdates:
    """Updates in, core called: the runner's `fetch` and `handle` (bot/inbound.py). Updates are
    read from the Bot API's JSON (handlers/raw_update.py), not through aiogram's `Update` models
    and Dispatcher, which cost about a tenth of the CPU of a form step and decide nothing here:
    the core routes every update itself. Replies are not sent here: the core committed them to
    the outbox and the commit woke the sender. Which chat may do what is the core's decision."""

    def __init__(self, core: Core, bot: Bot, allowed_updates: list[str]) -> None:
        self.core, self.bot, self.allowed = core, bot, allowed_updates
        self.client = AiogramClient(bot)
        self.keep_json = False  # several workers polling (bot/inbox.py): each update's JSON kept too

    async def fetch(self, offset: int | None, timeout: int) -> list[RawUpdate]:
        payload: dict[str, Any] = {"timeout": timeout, "allowed_updates": self.allowed}
        if offset is not None:
            payload["offset"] = offset
        # The HTTP timeout covers the long poll too, as aiogram's own polling has it.
        got = await call_json(self.bot, GetUpdates, payload, timeout=self.bot.session.timeout + timeout)
        wrap = RawUpdate.keeping_json if self.keep_json else RawUpdate
        return [wrap(u) for u in got]

    async def handle(self, update: RawUpdate) -> None:
        """One update to the end. When the core (or reading the update) fails, whoever sent it
        hears back (flows/failure.py), as a framework's error handler would do it."""
        try:
            ev = incoming(update)  # None: channel posts and other bots' messages are not ours
            if ev is None:
                return
            outcome = await self.core.handle(ev)
        except Exception as exc:  # noqa: BLE001 - told and logged there, with the update's id
            await answer_failure(update, exc, self.client)
            return
        if ev.callback_id is not None and not outcome.duplicate:
            # Answered directly, not through the outbox: it only stops the button's spinner and
            # is worthless a few seconds later, so its failure is no failure of the update.
            payload: dict[str, Any] = {"callback_query_id": ev.callback_id}
            if outcome.callback_answer:
                payload["text"] = outcome.callback_answer
            if outcome.callback_alert:
                payload["show_alert"] = True
            try:
                await call_json(self.bot, AnswerCallbackQuery, payload)
            except TelegramAPIError as exc:
                log.warning("answering the press in update %s failed: %s", update.update_id, exc.message)
