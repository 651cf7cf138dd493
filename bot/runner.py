"""Long polling with aiogram: check the token, set the command menu, poll until stopped."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
from aiogram.types import BotCommand, BotCommandScopeAllPrivateChats
from aiogram.utils.token import TokenValidationError, validate_token

from bot.app import App, build_app
from bot.settings import MissingToken, Settings
from handlers.aiogram_adapter import AiogramMembers, AiogramTransport, build_router

log = logging.getLogger(__name__)

# The command menu, per language (Telegram shows the one matching the user's app language).
COMMANDS = {
    "id": [
        ("lapor", "Buat laporan baru"), ("status", "Cek status laporan"),
        ("laporanku", "Daftar laporan saya"), ("kembali", "Kembali satu langkah"),
        ("batal", "Batalkan laporan yang sedang diisi"), ("bahasa", "Ganti bahasa"),
        ("bantuan", "Bantuan"), ("hapusdata", "Hapus data pribadi saya"),
    ],
    "en": [
        ("lapor", "New report"), ("status", "Check a report's status"),
        ("laporanku", "My reports"), ("kembali", "Go back one step"),
        ("batal", "Cancel the report being filled in"), ("bahasa", "Change language"),
        ("bantuan", "Help"), ("hapusdata", "Delete my personal data"),
    ],
}


class StartupError(Exception):
    """A problem that stops the program with one clear line (no traceback)."""


# The start-up messages, shared by both runners (aiogram here, python-telegram-bot in runner_ptb).
MISSING_TOKEN = ("BOT_TOKEN is not set: put the token from @BotFather in .env "
                 "(see .env.example) or in the environment.")
MALFORMED_TOKEN = "BOT_TOKEN is malformed: it should look like 123456789:AAE... as given by @BotFather."
REJECTED_TOKEN = "BOT_TOKEN was rejected by Telegram (401 Unauthorized): check it with @BotFather."


def unreachable_api(settings: Settings, detail: str) -> StartupError:
    where = settings.telegram_api_url or "api.telegram.org"
    return StartupError(f"cannot reach the Telegram Bot API at {where}: {detail}")


def read_token(settings: Settings) -> str:
    """The token, checked for presence and shape before any framework sees it."""
    try:
        token = settings.token()
    except MissingToken:
        raise StartupError(MISSING_TOKEN) from None
    try:
        validate_token(token)
    except TokenValidationError:
        raise StartupError(MALFORMED_TOKEN) from None
    return token


def command_menus(default_language: str) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """(language_code, commands) for every menu to set, the language-less default last."""
    return [*COMMANDS.items(), (None, COMMANDS[default_language])]


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


async def serve(settings: Settings, ready: asyncio.Event | None = None) -> None:
    """Run the bot until cancelled. `ready` is set once polling starts (tests wait on it)."""
    if settings.bot_framework == "ptb":
        from bot.runner_ptb import serve_ptb

        await serve_ptb(settings, ready)
        return
    bot = make_bot(settings)
    app: App | None = None
    try:
        username = await check_token(bot, settings)
        app = await build_app(settings)
        app.start_workers(AiogramTransport(bot), AiogramMembers(bot))
        dp = Dispatcher()
        dp.include_router(build_router(app.core))
        await set_commands(bot, settings.default_language)
        await bot.delete_webhook(drop_pending_updates=False)
        if ready is not None:
            dp.startup.register(lambda: ready.set())
        log.info("polling as @%s", username)
        await dp.start_polling(bot, handle_signals=False, close_bot_session=False,
                               allowed_updates=["message", "callback_query"])
    finally:
        if app is not None:
            await app.close()  # stops the sender before its HTTP session goes
        await bot.session.close()
