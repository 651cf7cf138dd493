"""The fixtures: ``server`` (a running FakeBotAPI), ``abot`` (an aiogram Bot on it) and ``ptb``
(an initialized PTB Application on it)."""

from __future__ import annotations

import logging

import pytest

from tests.botapi import FakeBotAPI
from tests.botapi.tests.clients import aiogram_bot, ptb_app


@pytest.fixture(autouse=True)
def quiet_httpx():
    """These tests drive PTB directly, not through the product, whose runner quiets httpx (it
    logs every request URL, token and all, at INFO): do the same here."""
    httpx = logging.getLogger("httpx")
    level = httpx.level
    httpx.setLevel(logging.WARNING)
    yield
    httpx.setLevel(level)


@pytest.fixture
async def server():
    async with FakeBotAPI() as srv:
        yield srv


@pytest.fixture
async def abot(server):
    bot = aiogram_bot(server)
    yield bot
    await bot.session.close()


@pytest.fixture
async def ptb(server):
    app = ptb_app(server)
    async with app:  # initialize() calls getMe
        yield app
