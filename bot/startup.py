"""Start-up checks and texts shared by both runners, free of either framework, so the runner
of one framework does not load the other (aiogram alone costs ~150 MB of memory)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from bot.settings import MissingToken, Settings
from flows import secrets
from flows.intake.commands import MENU
from flows.texts import LANGUAGES, t

TOKEN_SHAPE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{1,100}$")  # what @BotFather hands out
# What both runners poll for; my_chat_member: the bot added to or removed from a chat (a desk lost
# or back, flows/desks/membership.py).
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]

class StartupError(Exception):
    """A problem that stops the program with one clear line (no traceback)."""


# The start-up messages, shared by both runners (aiogram here, python-telegram-bot in runner_ptb).
MISSING_TOKEN = ("BOT_TOKEN is not set: put the token from @BotFather in .env "
                 "(see .env.example) or in the environment.")
MALFORMED_TOKEN = "BOT_TOKEN is malformed: it should look like 123456789:AAE... as given by @BotFather."
REJECTED_TOKEN = "BOT_TOKEN was rejected by Telegram (401 Unauthorized): check it with @BotFather."


def unreachable_api(settings: Settings, detail: str) -> StartupError:
    where = settings.telegram_api_url or "api.telegram.org"
    return StartupError(secrets.redact(f"cannot reach the Telegram Bot API at {where}: {detail}"))


def read_token(settings: Settings) -> str:
    """The token, checked for presence and shape before any framework sees it."""
    try:
        token = settings.token()
    except MissingToken:
        raise StartupError(MISSING_TOKEN) from None
    if not TOKEN_SHAPE.match(token):
        raise StartupError(MALFORMED_TOKEN) from None
    return token


def command_menus(default_language: str) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """(language_code, commands) for every menu to set (Telegram shows the one matching the
    user's app language), the language-less default last."""
    menus = {lang: [(c, t(lang, f"menu_{c}")) for c in MENU] for lang in LANGUAGES}
    return [*menus.items(), (None, menus[default_language])]


def hide_token_in_logs(token: str) -> Callable[[], None]:
    """Cut the token, in every form (flows/secrets.py), out of every log record, whoever logs it
    and at whatever level, and out of delivery errors, until the returned function is called.
    Both frameworks put the token in request URLs and log those: aiogram at ERROR when polling
    fails, python-telegram-bot at DEBUG as it starts, httpx at INFO for every request."""
    forget = secrets.register(token)
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's to report, not ours
            return record
        if secrets.any_secret(message):
            record.msg, record.args = secrets.redact(message), None
        if record.exc_info and not record.exc_text:
            trace = logging.Formatter().formatException(record.exc_info)
            if secrets.any_secret(trace):
                record.exc_text = secrets.redact(trace)
        return record

    logging.setLogRecordFactory(factory)

    def restore() -> None:
        logging.setLogRecordFactory(previous)
        forget()

    return restore
