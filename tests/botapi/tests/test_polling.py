"""A real aiogram Dispatcher and a real PTB Application polling the server end to end, and a
200-user load smoke test."""

from __future__ import annotations

import asyncio
import time

import telegram
from aiogram import Dispatcher, F
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, Message
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from tests.botapi.tests.clients import KB, KB_DICT, ptb_app


async def test_aiogram_dispatcher_polling_end_to_end(server, abot):
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer(f"Selamat datang, {message.from_user.first_name}!", reply_markup=KB)

    @dp.callback_query(F.data == "lapor")
    async def lapor(query: CallbackQuery) -> None:
        await query.answer("Oke")
        await query.message.edit_text("Silakan kirim foto")

    @dp.message(F.photo)
    async def photo(message: Message) -> None:
        data = await message.bot.download(message.photo[-1].file_id)
        await message.reply(f"Foto diterima ({len(data.read())} byte)")

    polling = asyncio.create_task(
        dp.start_polling(abot, handle_signals=False, close_bot_session=False, polling_timeout=5)
    )
    try:
        budi = server.user(1001, "Budi")
        server.send_command(budi, "/start")
        welcome = await server.wait_for_message(budi.id)
        assert welcome.text == "Selamat datang, Budi!" and welcome.reply_markup == KB_DICT

        server.press(budi, welcome, "lapor")
        answer = await server.wait_for_call("answerCallbackQuery")
        assert answer.ok and answer.params["text"] == "Oke"
        await server.wait_for_call("editMessageText")
        assert welcome.text == "Silakan kirim foto" and welcome.reply_markup is None
        assert server.unanswered_callbacks() == []

        upd = server.send_photo(budi, file_size=2048)
        reply = await server.wait_for_message(budi.id)
        assert reply.text == "Foto diterima (2048 byte)"
        assert reply.message["reply_to_message"]["message_id"] == upd["message"]["message_id"]

        polls = server.calls_to("getUpdates")
        assert sorted(polls[-1].params["allowed_updates"]) == ["callback_query", "message"]
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 5)


async def test_ptb_application_polling_end_to_end(server):
    async def start(update: telegram.Update, context) -> None:
        markup = telegram.InlineKeyboardMarkup([[telegram.InlineKeyboardButton("Lapor", callback_data="lapor")]])
        await update.message.reply_text(f"Halo {update.effective_user.first_name}", reply_markup=markup)

    async def button(update: telegram.Update, context) -> None:
        await update.callback_query.answer("Siap")
        await update.callback_query.edit_message_text(f"Dipilih: {update.callback_query.data}")

    async def echo(update: telegram.Update, context) -> None:
        await update.message.reply_text(update.message.text.upper())

    app = ptb_app(server)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(button))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0, timeout=5)
    try:
        siti = server.user(2002, "Siti")
        server.send_command(siti, "/start")
        hello = await server.wait_for_message(siti.id)
        assert hello.text == "Halo Siti"

        server.press(siti, hello, hello.callback_data("Lapor"))
        assert (await server.wait_for_call("answerCallbackQuery")).params["text"] == "Siap"
        await server.wait_for_call("editMessageText")
        assert hello.text == "Dipilih: lapor"

        grp = server.group(-100123, "Warga RT 05")
        server.send_text(siti, "jalan rusak", chat=grp, reply_to=hello)
        shout = await server.wait_for_message(grp.id)
        assert shout.text == "JALAN RUSAK" and shout.message["chat"]["type"] == "supergroup"
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    # PTB confirms the last offset when stopping, so nothing is left pending.
    assert server.pending_updates == []


async def test_200_users_load_smoke(server, abot):
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(f"ok {message.text}")

    polling = asyncio.create_task(
        dp.start_polling(abot, handle_signals=False, close_bot_session=False, polling_timeout=5)
    )
    try:
        users = [server.user(10_000 + i, f"U{i}") for i in range(200)]
        started = time.monotonic()
        for user in users:
            server.send_text(user, f"halo {user.id}")
        replies = await asyncio.gather(*(server.wait_for_message(u.id, timeout=20) for u in users))
        elapsed = time.monotonic() - started
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 5)
    assert [r.text for r in replies] == [f"ok halo {u.id}" for u in users]
    assert elapsed < 15
    # 200 replies within a few seconds break Telegram's 30 msg/s global limit.
    assert any(v.scope == "global" for v in server.flood_violations)
    assert not any(v.scope == "chat" for v in server.flood_violations)
