"""The real clients pointed at the fake server, and the one keyboard the tests send."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from tests.botapi import FakeBotAPI

KB = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Lapor", callback_data="lapor")]])
KB_DICT = {"inline_keyboard": [[{"text": "Lapor", "callback_data": "lapor"}]]}


def aiogram_bot(server: FakeBotAPI, token: str | None = None, timeout: float = 10.0) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(server.base_url), timeout=timeout)
    return Bot(token or server.token, session=session)


def ptb_app(server: FakeBotAPI, token: str | None = None, **timeouts: float) -> Application:
    builder = (
        Application.builder()
        .token(token or server.token)
        .base_url(f"{server.base_url}/bot")
        .base_file_url(f"{server.base_url}/file/bot")
    )
    for name, value in timeouts.items():  # e.g. read_timeout=0.3
        builder = getattr(builder, name)(value)
    return builder.build()
