"""The bot on aiogram: check the token, set the command menu, take updates in (bot/inbound.py:
long polling or a webhook) until stopped."""
# StartupError is re-exported for callers that import it from here.

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats

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
from handlers.aiogram_adapter import AiogramClient, AiogramUpdates
from handlers.bot_api import BotApiMembers
from handlers.raw_update import RawUpdate

log = logging.getLogger(__name__)

def make_bot(settings: Settings) -> Bot:
    token = read_token(settings)
    # aiogram logs every update at INFO ("Update id=... is handled. Duration ..."): a line per
    # citizen's message that tells an operator nothing and costs a formatted write each.
    if logging.getLogger("aiogram.event").level == logging.NOTSET:
        logging.getLogger("aiogram.event").setLevel(logging.WARNING)
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


async def serve(settings: Settings, ready: asyncio.Event | None = None) -> None:
    """Run the bot until cancelled. `ready` is set once updates can come in (tests wait on it)."""
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
        await app.start_workers(AiogramClient(bot))
        updates = AiogramUpdates(app.core, bot, ALLOWED_UPDATES)
        await set_commands(bot, settings.default_language)
        inbound = Inbound(updates.fetch, updates.handle)
        assert app.cluster is not None
        app.cluster.handled = lambda: inbound.handled
        updates.keep_json = app.cluster.lock.on_postgres  # for the inbox (bot/inbox.py)
        log.info("running as @%s (%s)", username, settings.bot_mode)
        await receive(settings, inbound, bot, ready=ready, parse=RawUpdate.parse, cluster=app.cluster,
                      to_json=RawUpdate.json_of)
    finally:
        if app is not None:
            await app.close()  # stops the sender before its HTTP session goes
        await bot.session.close()
        show_token()
