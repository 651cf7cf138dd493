"""The bot on python-telegram-bot: the same product as bot/runner.py on the other framework.
Check the token, set the command menu, take updates in (bot/inbound.py: long polling or a
webhook) until cancelled. PTB's Updater is not used: it fetched the next batch (acknowledging
the last) while handlers still ran, so a kill lost updates."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable
from functools import partial

from telegram import Bot, BotCommand, BotCommandScopeAllPrivateChats, Update
from telegram.error import InvalidToken, NetworkError
from telegram.ext import Application, ApplicationBuilder

from bot.app import App, build_app
from bot.inbound import Inbound, receive
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
from handlers.bot_api import BotApiMembers
from handlers.ptb_adapter import PtbClient, build_handlers, on_error
from handlers.ptb_request import AiohttpRequest

log = logging.getLogger(__name__)

SHUTDOWN_STEP_S = 20.0
# HTTP connections to the Bot API: the sender keeps 8 calls in flight (bot/sender.py), the
# handlers answer presses beside it.
POOL_SIZE = 12


def make_application(settings: Settings) -> Application:
    token = read_token(settings)
    timeout = settings.telegram_timeout
    builder = (
        ApplicationBuilder().token(token)
        .updater(None)  # updates come in through bot/inbound.py
        # aiohttp under PTB's Bot (handlers/ptb_request.py): httpx cost a third of its CPU.
        .request(AiohttpRequest(POOL_SIZE, read_timeout=timeout, connect_timeout=timeout, pool_timeout=timeout))
        # getUpdates adds its long-poll timeout to this read timeout itself.
        .get_updates_request(AiohttpRequest(1, read_timeout=timeout, connect_timeout=timeout, pool_timeout=timeout))
    )
    if settings.telegram_api_url:
        builder = (builder.base_url(f"{settings.telegram_api_url}/bot")
                   .base_file_url(f"{settings.telegram_api_url}/file/bot"))
    return builder.build()


async def set_commands(application: Application, default_language: str) -> None:
    scope = BotCommandScopeAllPrivateChats()
    for lang, items in command_menus(default_language):
        commands = [BotCommand(c, d) for c, d in items]
        await application.bot.set_my_commands(commands, scope=scope, language_code=lang)


async def fetch_updates(bot: Bot, offset: int | None, timeout: int) -> tuple[Update, ...]:
    # PTB adds the long poll's timeout to the read timeout itself.
    return await bot.get_updates(offset=offset, timeout=timeout, allowed_updates=ALLOWED_UPDATES)


async def serve_ptb(settings: Settings, ready: asyncio.Event | None = None) -> None:
    """Run the bot until cancelled. `ready` is set once updates can come in (tests wait on it)."""
    show_token = hide_token_in_logs(read_token(settings))  # PTB logs it while it builds
    application = make_application(settings)
    bot = application.bot
    app: App | None = None
    try:
        try:
            await application.initialize()  # getMe: checks the token
        except InvalidToken:
            raise StartupError(REJECTED_TOKEN) from None
        except NetworkError as exc:
            raise unreachable_api(settings, exc.message) from None
        app = await build_app(settings, BotApiMembers(bot))
        await app.start_workers(PtbClient(bot))
        application.add_handlers(build_handlers(app.core))
        application.add_error_handler(on_error)  # the citizen hears back even when the core fails
        await set_commands(application, settings.default_language)
        # Not application.start(): it only runs the update queue and the job queue, both unused
        # (the product's own workers send and keep time); process_update needs initialize() only.
        inbound = Inbound(partial(fetch_updates, bot), application.process_update)
        log.info("running as @%s (%s)", bot.username, settings.bot_mode)
        assert app.cluster is not None
        app.cluster.handled = lambda: inbound.handled
        await receive(settings, inbound, bot, parse=lambda data: Update.de_json(data, bot), ready=ready,
                      cluster=app.cluster, to_json=lambda u: json.dumps(u.to_dict()))
    finally:
        # Inbound has finished the updates in hand (bounded) when the cancel reaches here; then
        # stop sending. Each step is bounded: a stop that hangs must not keep the process alive
        # (a restart loses nothing, the outbox and the unconfirmed updates are still there).
        if app is not None:
            await _bounded(app.close(), "workers stop")  # the sender and the scheduler
        await _bounded(application.shutdown(), "application shutdown")
        await _bounded(bot.shutdown(), "bot shutdown")  # its HTTP clients, if initialize() failed half way
        show_token()


async def _bounded(step: Awaitable[object], what: str, seconds: float = SHUTDOWN_STEP_S) -> None:
    try:
        async with asyncio.timeout(seconds):  # not wait_for: it can drop a cancellation in 3.11
            await step
    except TimeoutError:
        log.error("%s did not finish within %.0f s; going on with the shutdown", what, seconds)
    except Exception:
        log.exception("%s failed; going on with the shutdown", what)
