"""Long polling with aiogram: check the token, set the command menu, poll until stopped."""
# StartupError is re-exported for callers that import it from here.

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

from bot.app import App, build_app
from bot.settings import Settings
from bot.startup import (
    ALLOWED_UPDATES,
    REJECTED_TOKEN,
    StartupError,
    command_menus,
    hide_token_in_logs,
    read_token,
    unreachable_api,
)
from handlers.aiogram_adapter import AiogramClient, build_router, on_error
from handlers.bot_api import BotApiMembers

log = logging.getLogger(__name__)
STOP_POLLING_S = 10.0

def make_bot(settings: Settings) -> Bot:
    token = read_token(settings)
    session = AiohttpSession(timeout=settings.telegram_timeout)
    if settings.telegram_api_url:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url),
                                 timeout=settings.telegram_timeout)
    return Bot(token, session=session)


async def check_token(bot: Bot, settings: Settings) -> str:
    try:
        me = await bot.get_me()
    except TelegramUnauthorizedError:
        raise StartupError(REJECTED_TOKEN) from None
    except TelegramNetworkError as exc:
        raise unreachable_api(settings, exc.message) from None
    return me.username or str(me.id)


async def set_commands(bot: Bot, default_language: str) -> None:
    scope = BotCommandScopeAllPrivateChats()
    for lang, items in command_menus(default_language):
        commands = [BotCommand(command=c, description=d) for c, d in items]
        await bot.set_my_commands(commands, scope=scope, language_code=lang)


async def _poll(dp: Dispatcher, bot: Bot) -> None:
    """Poll until cancelled. aiogram's start_polling, when cancelled, leaves its polling task
    running (it cancels that task only when stopped by its own signal): a stopped bot went on
    fetching updates, and a restarted one fought it for them ("Conflict: terminated by other
    getUpdates request"). So a cancel stops polling through that signal."""
    # handle_as_tasks=False: each update is handled (its turn committed) before the next
    # getUpdates, whose offset tells Telegram the batch was delivered. With tasks, a batch was
    # acknowledged while its handlers still ran, and a kill lost those updates. On SQLite the
    # turns are one writer at a time anyway; handling a batch side by side is issue 11's work.
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False,
                                                   handle_as_tasks=False, allowed_updates=ALLOWED_UPDATES),
                                  name="polling")
    try:
        await asyncio.shield(polling)
    except asyncio.CancelledError:
        try:
            async with asyncio.timeout(STOP_POLLING_S):
                await dp.stop_polling()
                await polling
        except Exception:  # noqa: BLE001 - stuck, not started yet, or failed: it goes either way
            polling.cancel()
        raise


async def serve(settings: Settings, ready: asyncio.Event | None = None) -> None:
    """Run the bot until cancelled. `ready` is set once polling starts (tests wait on it)."""
    if settings.bot_framework == "ptb":
        from bot.runner_ptb import serve_ptb

        await serve_ptb(settings, ready)
        return
    bot = make_bot(settings)
    show_token = hide_token_in_logs(bot.token)
    app: App | None = None
    try:
        username = await check_token(bot, settings)
        app = await build_app(settings, BotApiMembers(bot))
        app.start_workers(AiogramClient(bot))
        dp = Dispatcher()
        dp.include_router(build_router(app.core))
        dp.errors.register(on_error)  # the citizen hears back even when the core fails
        await set_commands(bot, settings.default_language)
        await bot.delete_webhook(drop_pending_updates=False)
        if ready is not None:
            dp.startup.register(lambda: ready.set())
        log.info("polling as @%s", username)
        await _poll(dp, bot)
    finally:
        if app is not None:
            await app.close()  # stops the sender before its HTTP session goes
        await bot.session.close()
        show_token()
