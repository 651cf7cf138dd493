"""Proves tests/botapi_server.py works with the REAL aiogram 3 and python-telegram-bot
22 clients (no mocks of either library): plain calls, uploads/downloads, long
polling with a Dispatcher / Application, and the fault-injection hooks."""

from __future__ import annotations

import asyncio
import io
import time

import aiohttp
import pytest
import telegram
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)
from aiogram.types import Update as AiogramUpdate
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from tests.botapi_server import FakeBotAPI, FloodLimits, Sent, Upload, parse_html

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


# --------------------------------------------------------------------------- aiogram, plain calls


async def test_aiogram_get_me_and_send_message(server, abot):
    me = await abot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "lapor_test_bot", True)

    budi = server.user(1001, "Budi")
    msg = await abot.send_message(budi.id, "Halo <b>Budi</b>", parse_mode="HTML", reply_markup=KB)
    assert isinstance(msg, Message)
    assert (msg.message_id, msg.chat.id, msg.chat.type, msg.from_user.id) == (1, budi.id, "private", me.id)
    assert msg.text == "Halo Budi"  # Telegram returns the parsed plain text ...
    assert [(e.type, e.offset, e.length) for e in msg.entities] == [("bold", 5, 4)]  # ... plus entities
    assert msg.reply_markup.inline_keyboard[0][0].callback_data == "lapor"

    sent = await server.wait_for_message(budi.id)
    assert isinstance(sent, Sent)
    assert (sent.text, sent.reply_markup, sent.method) == ("Halo Budi", KB_DICT, "sendMessage")
    assert sent.params["text"] == "Halo <b>Budi</b>"
    assert sent.callback_data("Lap") == "lapor"

    second = await abot.send_message(budi.id, "kedua")
    assert second.message_id == 2  # per-chat increasing ids

    call = await server.wait_for_call("sendmessage")  # case-insensitive, first unconsumed
    assert call.ok and call.params["chat_id"] == budi.id and call.params["reply_markup"] == KB_DICT
    # aiogram posts form data (urlencoded without files), nested objects as JSON strings.
    assert call.encoding == "urlencoded"


async def test_aiogram_edit_delete_and_validation(server, abot):
    budi = server.user(1001)
    msg = await abot.send_message(budi.id, "Pilih kategori", reply_markup=KB)
    sent = server.messages(budi.id)[0]

    edited = await abot.edit_message_text(chat_id=budi.id, message_id=msg.message_id, text="Kategori: Jalan", reply_markup=KB)
    assert isinstance(edited, Message) and edited.text == "Kategori: Jalan" and edited.edit_date
    assert sent.text == "Kategori: Jalan" and len(sent.edits) == 1  # same record, updated in place

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await abot.edit_message_text(chat_id=budi.id, message_id=msg.message_id, text="Kategori: Jalan", reply_markup=KB)

    # Like Telegram: editing text without reply_markup drops the inline keyboard.
    await abot.edit_message_text(chat_id=budi.id, message_id=msg.message_id, text="Selesai")
    assert sent.reply_markup is None and "reply_markup" not in sent.message

    await abot.edit_message_reply_markup(chat_id=budi.id, message_id=msg.message_id, reply_markup=KB)
    assert sent.reply_markup == KB_DICT and sent.text == "Selesai"

    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await abot.edit_message_text(chat_id=budi.id, message_id=999, text="x")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await abot.send_message(budi.id, "x" * 4097)
    await abot.send_message(budi.id, "x" * 4096)
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        big = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="b", callback_data="é" * 33)]])  # 66 bytes
        await abot.send_message(budi.id, "x", reply_markup=big)
    with pytest.raises(TelegramBadRequest, match="Can't find end tag"):
        await abot.send_message(budi.id, "<b>unclosed", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "br"'):
        await abot.send_message(budi.id, "a<br>b", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await abot.send_message(budi.id, "   ")

    assert await abot.delete_message(budi.id, msg.message_id) is True
    assert sent.deleted
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await abot.delete_message(budi.id, msg.message_id)

    failed = [c for c in server.calls if not c.ok]
    assert len(failed) == 8 and all(c.error["error_code"] == 400 for c in failed)


async def test_reply_keyboard_is_recorded_but_not_echoed(server, abot):
    budi = server.user(1001)
    kb = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="Kirim lokasi", request_location=True)]], resize_keyboard=True)
    msg = await abot.send_message(budi.id, "Bagikan lokasi", reply_markup=kb)
    assert msg.reply_markup is None  # Telegram only echoes inline keyboards
    sent = await server.wait_for_message(budi.id)
    assert sent.button_texts == ["Kirim lokasi"] and sent.reply_markup["resize_keyboard"] is True


def test_parse_html_offsets_are_utf16():
    text, entities = parse_html('😀 <i>a &amp; b</i> <a href="https://x.id">tautan</a> 1 &lt; 2')
    assert text == "😀 a & b tautan 1 < 2"
    assert entities == [
        {"type": "italic", "offset": 3, "length": 5},
        {"type": "text_link", "url": "https://x.id", "offset": 9, "length": 6},
    ]


# --------------------------------------------------------------------------- files


async def test_aiogram_uploads_and_downloads(server, abot):
    budi = server.user(1001)
    content = b"\xff\xd8\xff\xe0" + b"j" * 500
    upd = server.send_photo(budi, content=content, caption="Jalan rusak")
    file_id = upd["message"]["photo"][-1]["file_id"]
    tg_file = await abot.get_file(file_id)
    assert tg_file.file_size == len(content) and tg_file.file_path.startswith("photos/")
    downloaded = await abot.download(tg_file)
    assert downloaded.read() == content
    assert server.downloads == [tg_file.file_path]

    photo = await abot.send_photo(budi.id, BufferedInputFile(b"\xff\xd8upload", "bukti.jpg"), caption="<b>Bukti</b>", parse_mode="HTML")
    call = server.calls_to("sendPhoto")[-1]
    assert call.encoding == "multipart"
    # aiogram sends photo="attach://<random>" + a part with that name; the server resolves it.
    assert isinstance(call.params["photo"], Upload) and call.params["photo"].data == b"\xff\xd8upload"
    assert photo.caption == "Bukti" and photo.caption_entities[0].type == "bold"
    assert server.file(photo.photo[-1].file_id).data() == b"\xff\xd8upload"

    resent = await abot.send_photo(budi.id, file_id)  # by file_id of a user's photo
    assert [p.file_id for p in resent.photo] == [p["file_id"] for p in upd["message"]["photo"]]
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await abot.send_photo(budi.id, "no-such-file-id")

    album = await abot.send_media_group(
        budi.id, [InputMediaPhoto(media=BufferedInputFile(b"\xff\xd8a", "a.jpg"), caption="1"), InputMediaPhoto(media=file_id)]
    )
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    media = server.calls_to("sendMediaGroup")[-1].params["media"]
    assert isinstance(media[0]["media"], Upload) and media[1]["media"] == file_id

    doc = await abot.send_document(budi.id, BufferedInputFile(b"%PDF-1.4 tiket", "tiket.pdf"))
    assert doc.document.file_name == "tiket.pdf" and doc.document.mime_type == "application/pdf"
    loc = await abot.send_location(budi.id, latitude=-6.2, longitude=106.8)
    assert loc.location.latitude == pytest.approx(-6.2)
    kinds = [s.kind for s in server.drain(budi.id)]
    assert kinds == ["photo", "photo", "photo", "photo", "document", "location"]

    big = server.send_document(budi, "rekaman.mp4", "video/mp4", file_size=25 * 1024 * 1024)
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await abot.get_file(big["message"]["document"]["file_id"])


# --------------------------------------------------------------------------- python-telegram-bot, plain calls


async def test_ptb_bot_roundtrip(server, ptb):
    bot = ptb.bot
    assert bot.username == "lapor_test_bot" and bot.id == 123456
    siti = server.user(2002, "Siti")
    markup = telegram.InlineKeyboardMarkup([[telegram.InlineKeyboardButton("Lapor", callback_data="lapor")]])
    msg = await bot.send_message(siti.id, "Halo", reply_markup=markup, disable_notification=True)
    assert msg.message_id == 1 and msg.reply_markup.inline_keyboard[0][0].callback_data == "lapor"
    call = server.calls_to("sendMessage")[-1]
    # PTB posts urlencoded form data; booleans as "true", nested objects as JSON.
    assert call.encoding == "urlencoded"
    assert call.params["disable_notification"] is True and call.params["reply_markup"] == KB_DICT

    sent = await server.wait_for_message(siti.id)
    assert sent.text == "Halo" and sent.reply_markup == KB_DICT
    edited = await bot.edit_message_text("Baru", chat_id=siti.id, message_id=msg.message_id)
    assert edited.text == "Baru" and sent.text == "Baru"
    with pytest.raises(telegram.error.BadRequest, match="not modified"):
        await bot.edit_message_text("Baru", chat_id=siti.id, message_id=msg.message_id)

    # A photo a user sent: getFile + download through base_file_url.
    upd = server.send_photo(siti, file_size=5000)
    file_id = upd["message"]["photo"][-1]["file_id"]
    tg_file = await bot.get_file(file_id)
    assert tg_file.file_size == 5000 and tg_file.file_path.startswith(server.base_url)
    buf = io.BytesIO()
    await tg_file.download_to_memory(buf)
    assert buf.getvalue() == server.file(file_id).data() and buf.getvalue()[:2] == b"\xff\xd8"

    doc_upd = server.send_document(siti, "ktp.pdf", "application/pdf", content=b"%PDF-1.4 ktp")
    doc_file = await bot.get_file(doc_upd["message"]["document"]["file_id"])
    assert bytes(await doc_file.download_as_bytearray()) == b"%PDF-1.4 ktp"
    big = server.send_document(siti, "besar.zip", "application/zip", file_size=21 * 1024 * 1024)
    with pytest.raises(telegram.error.BadRequest, match="File is too big"):  # PTB strips "Bad Request: "
        await bot.get_file(big["message"]["document"]["file_id"])

    # Uploads: PTB names the multipart part after the parameter ("photo").
    photo = await bot.send_photo(siti.id, photo=b"\xff\xd8\xff ptb", caption="Bukti")
    call = server.calls_to("sendPhoto")[-1]
    assert call.encoding == "multipart" and call.params["photo"].data == b"\xff\xd8\xff ptb"
    again = await bot.send_photo(siti.id, photo=photo.photo[-1].file_id)
    assert again.photo[-1].file_id == photo.photo[-1].file_id
    album = await bot.send_media_group(siti.id, [telegram.InputMediaPhoto(b"\xff\xd8x"), telegram.InputMediaPhoto(file_id)])
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id
    doc = await bot.send_document(siti.id, document=b"isi laporan", filename="laporan.txt")
    assert doc.document.file_name == "laporan.txt"
    loc = await bot.send_location(siti.id, latitude=-7.25, longitude=112.75)
    assert loc.location.longitude == pytest.approx(112.75)
    assert await bot.send_chat_action(siti.id, "typing") is True
    assert await bot.delete_message(siti.id, msg.message_id) is True


# --------------------------------------------------------------------------- HTTP-level behaviour


async def test_wrong_token_and_unknown_method(server):
    bad = aiogram_bot(server, token="999:WRONG")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await bad.get_me()
    finally:
        await bad.session.close()
    with pytest.raises(telegram.error.InvalidToken):
        async with ptb_app(server, token="999:WRONG"):
            pass

    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server.base_url}/bot999:WRONG/getMe") as resp:
            assert resp.status == 401
            assert await resp.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        async with http.post(f"{server.base_url}/bot{server.token}/fooBar") as resp:
            assert resp.status == 404
            assert await resp.json() == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        async with http.get(f"{server.base_url}/bot{server.token}/GETME") as resp:  # case-insensitive
            assert (await resp.json())["result"]["username"] == "lapor_test_bot"
        # JSON body with reply_markup as an object, and as a JSON string (both allowed by Telegram).
        for markup in (KB_DICT, '{"inline_keyboard": [[{"text": "Lapor", "callback_data": "lapor"}]]}'):
            body = {"chat_id": 77, "text": "json", "reply_markup": markup}
            async with http.post(f"{server.base_url}/bot{server.token}/sendMessage", json=body) as resp:
                data = await resp.json()
                assert data["ok"] and data["result"]["reply_markup"] == KB_DICT
        async with http.get(f"{server.base_url}/bot{server.token}/sendMessage", params={"chat_id": "77", "text": "q"}) as resp:
            assert (await resp.json())["result"]["chat"]["id"] == 77
    assert [c.encoding for c in server.calls_to("sendMessage")] == ["json", "json", "query"]
    assert len(server.calls_to("fooBar")) == 1  # unknown methods are recorded too


# --------------------------------------------------------------------------- getUpdates semantics


async def test_get_updates_long_polling_semantics(server, abot):
    budi = server.user(1001)
    assert await abot.get_updates(timeout=0) == []

    # Long poll wakes up as soon as an update is pushed.
    started = time.monotonic()
    task = asyncio.create_task(abot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    first = server.send_text(budi, "halo")
    updates = await asyncio.wait_for(task, 3)
    assert time.monotonic() - started < 1.5
    assert [u.update_id for u in updates] == [first["update_id"]] and updates[0].message.text == "halo"

    # Not confirmed -> delivered again (a restarted client sees it again).
    again = await abot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [first["update_id"]]

    second = server.send_command(budi, "/start", args="ref_42")
    got = await abot.get_updates(offset=first["update_id"] + 1, timeout=0)
    assert [u.update_id for u in got] == [second["update_id"]] == [first["update_id"] + 1]
    assert got[0].message.text == "/start ref_42"
    assert [(e.type, e.offset, e.length) for e in got[0].message.entities] == [("bot_command", 0, 6)]
    assert await abot.get_updates(offset=second["update_id"] + 1, timeout=0) == []
    assert server.pending_updates == []

    # limit
    ids = [server.send_text(budi, str(i))["update_id"] for i in range(5)]
    assert [u.update_id for u in await abot.get_updates(limit=2)] == ids[:2]

    # timeout is honoured when nothing arrives
    last = ids[-1]
    started = time.monotonic()
    assert await abot.get_updates(offset=last + 1, timeout=1) == []
    assert 0.9 <= time.monotonic() - started < 3

    # push_duplicate: same update_id delivered once more although already confirmed
    server.push_duplicate(second)
    dup = await abot.get_updates(offset=last + 1, timeout=0)
    assert [u.update_id for u in dup] == [second["update_id"]]
    assert await abot.get_updates(offset=last + 1, timeout=0) == []
    assert server.delivered.count(second["update_id"]) == 2

    # allowed_updates persists and filters (aiogram sends the handler-derived list by default)
    sent_msg = await abot.send_message(budi.id, "x", reply_markup=KB)
    sent = await server.wait_for_message(budi.id)
    assert sent.message_id == sent_msg.message_id
    server.press(budi, sent, "lapor")
    text = server.send_text(budi, "teks")
    got = await abot.get_updates(offset=last + 1, timeout=0, allowed_updates=["message"])
    assert [u.update_id for u in got] == [text["update_id"]]


async def test_concurrent_get_updates_conflict_and_webhook(server, abot):
    first = asyncio.create_task(abot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert await abot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await asyncio.wait_for(first, 2)
    assert server.conflicts == 1

    assert await abot.set_webhook("https://example.org/hook")
    info = await abot.get_webhook_info()
    assert info.url == "https://example.org/hook"
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await abot.get_updates()
    server.send_text(server.user(1), "x")
    assert (await abot.get_webhook_info()).pending_update_count == 1
    assert await abot.delete_webhook(drop_pending_updates=True)
    assert server.webhook is None and server.pending_updates == []
    assert await abot.get_updates(timeout=0) == []


# --------------------------------------------------------------------------- polling end to end


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

    polling = asyncio.create_task(dp.start_polling(abot, handle_signals=False, close_bot_session=False, polling_timeout=5))
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

    polling = asyncio.create_task(dp.start_polling(abot, handle_signals=False, close_bot_session=False, polling_timeout=5))
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


# --------------------------------------------------------------------------- update helpers


async def test_helper_updates_are_valid_for_both_libraries(server, abot, ptb):
    budi = server.user(1001, "Budi", username="budi_w", language_code="id")
    grp = server.group(-100777, "Operator Dinas PU")
    await abot.send_message(budi.id, "Pilih", reply_markup=KB)
    menu = await server.wait_for_message(budi.id)

    updates = [
        server.send_text(budi, "halo"),
        server.send_command(budi, "/start", args="kode_123"),
        server.press(budi, menu, "lapor"),
        server.send_photo(budi, caption="Jalan berlubang", media_group_id="album1"),
        server.send_document(budi, "ktp.pdf", "application/pdf", 1234, content=b"%PDF-1.4"),
        server.send_location(budi, -6.2, 106.8),
        server.send_contact(budi, "+6281234567890"),
        server.send_sticker(budi),
        server.send_voice(budi),
        server.send_video_note(budi),
        server.send_video(budi),
        server.send_text(budi, "balasan", chat=grp, reply_to=menu),
        server.push_update({"edited_message": {**server.send_text(budi, "x")["message"], "text": "y", "edit_date": 1}}),
    ]
    ids = [u["update_id"] for u in updates]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    for upd in updates:
        a = AiogramUpdate.model_validate(upd, context={"bot": abot})
        p = telegram.Update.de_json(upd, ptb.bot)
        assert a.update_id == p.update_id == upd["update_id"]
        assert a.event_type == next(k for k in upd if k != "update_id")

    text, command, press, photo = updates[0]["message"], updates[1]["message"], updates[2]["callback_query"], updates[3]["message"]
    assert text["chat"] == {"id": budi.id, "type": "private", "first_name": "Budi", "username": "budi_w"}
    assert text["message_id"] == 2  # the bot's menu was message 1 in this chat
    assert command["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert press["message"]["message_id"] == menu.message_id and press["message"]["reply_markup"] == KB_DICT
    assert press["data"] == "lapor" and press["id"] and press["chat_instance"]
    assert [p["width"] for p in photo["photo"]] == [90, 320, 1280] and photo["media_group_id"] == "album1"
    assert updates[6]["message"]["contact"]["user_id"] == budi.id
    group_msg = updates[11]["message"]
    assert group_msg["chat"]["id"] == grp.id and group_msg["message_id"] == 1
    assert group_msg["reply_to_message"]["from"]["is_bot"] is True

    with pytest.raises(AssertionError, match="no button"):
        server.press(budi, menu, "tidak-ada")


# --------------------------------------------------------------------------- waiting helpers


async def test_wait_for_message_predicate_consumption_and_dump(server, abot):
    budi = server.user(1001)
    await abot.send_message(budi.id, "satu")
    await abot.send_message(budi.id, "dua")
    assert (await server.wait_for_message(budi.id, lambda s: s.text == "dua")).text == "dua"
    assert (await server.wait_for_message(budi.id)).text == "satu"
    assert server.drain(budi.id) == []
    await abot.send_message(budi.id, "tiga")
    await abot.send_message(budi.id, "empat")
    assert [s.text for s in server.drain(budi.id)] == ["tiga", "empat"]
    assert [s.text for s in server.messages(budi.id)] == ["satu", "dua", "tiga", "empat"]

    # wait_for_call consumes per method
    assert (await server.wait_for_call("sendMessage")).params["text"] == "satu"
    assert (await server.wait_for_call("sendMessage", lambda c: c.params["text"] == "empat")).params["text"] == "empat"
    assert (await server.wait_for_call("sendMessage")).params["text"] == "dua"

    # a waiter parked before the message exists is woken by it
    waiter = asyncio.create_task(server.wait_for_message(budi.id, timeout=3))
    await asyncio.sleep(0.05)
    await abot.send_message(budi.id, "lima")
    assert (await waiter).text == "lima"

    server.block(budi)
    with pytest.raises(TelegramForbiddenError):
        await abot.send_message(budi.id, "tidak sampai")
    with pytest.raises(AssertionError, match="bot was blocked by the user"):
        await server.wait_for_message(budi.id, timeout=0.2)
    with pytest.raises(AssertionError, match="no answerCallbackQuery call"):
        await server.wait_for_call("answerCallbackQuery", timeout=0.1)


# --------------------------------------------------------------------------- faults


async def test_fault_injection_with_aiogram(server, abot):
    budi = server.user(1001)
    server.fail("sendMessage", kind="429", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as retry:
        await abot.send_message(budi.id, "a")
    assert retry.value.retry_after == 7
    server.fail("sendMessage", kind="500")
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await abot.send_message(budi.id, "b")
    server.fail("sendMessage", kind="403")
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await abot.send_message(budi.id, "c")

    old = server.group(-555, "Grup lama", "group")
    server.fail("sendMessage", kind="migrate", chat_id=old.id, new_chat_id=-100555)
    await abot.send_message(budi.id, "chat filter: not affected")
    with pytest.raises(TelegramMigrateToChat) as migrated:
        await abot.send_message(old.id, "d")
    assert migrated.value.migrate_to_chat_id == -100555
    await abot.send_message(old.id, "times=1 -> next one passes")

    failed = [c for c in server.calls_to("sendMessage") if c.failed]
    assert [c.fault for c in failed] == ["429", "500", "403", "migrate"]
    assert failed[0].error == {
        "ok": False, "error_code": 429, "description": "Too Many Requests: retry after 7", "parameters": {"retry_after": 7},
    }
    assert [s.text for s in server.messages(budi.id)] == ["chat filter: not affected"]

    # "timeout": executed, but answered after the client gave up -> duplicates on naive retry.
    server.timeout_delay = 1.0
    impatient = aiogram_bot(server, timeout=0.3)
    try:
        server.fail("sendMessage", kind="timeout")
        with pytest.raises(TelegramNetworkError):
            await impatient.send_message(budi.id, "lambat")
        assert (await server.wait_for_message(budi.id, lambda s: s.text == "lambat")).method == "sendMessage"
        server.fail("sendMessage", kind="timeout_lost")
        with pytest.raises(TelegramNetworkError):
            await impatient.send_message(budi.id, "hilang")
        assert not any(s.text == "hilang" for s in server.messages(budi.id))
    finally:
        await impatient.session.close()

    # block / unblock
    server.block(budi.id)
    with pytest.raises(TelegramForbiddenError):
        await abot.send_photo(budi.id, BufferedInputFile(b"\xff\xd8", "x.jpg"))
    server.unblock(budi.id)
    await abot.send_message(budi.id, "lagi")

    # permanent migration
    server.migrate_group(old.id, -100556)
    for _ in range(2):
        with pytest.raises(TelegramMigrateToChat):
            await abot.send_message(old.id, "e")
    await abot.send_message(-100556, "ok di supergroup")


# PTB 22 itself warns inside RetryAfter.__init__ (retry_after becoming a timedelta).
@pytest.mark.filterwarnings("ignore:.*retry_after:telegram.warnings.PTBDeprecationWarning")
async def test_fault_injection_with_ptb(server):
    server.timeout_delay = 1.0
    app = ptb_app(server, read_timeout=0.3)
    async with app:
        bot = app.bot
        siti = server.user(2002)
        server.fail("sendMessage", kind="429", retry_after=3)
        with pytest.raises(telegram.error.RetryAfter, match="Retry in 3 seconds"):
            await bot.send_message(siti.id, "a")
        server.fail("sendMessage", kind="500")
        with pytest.raises(telegram.error.NetworkError, match="Bad Gateway"):
            await bot.send_message(siti.id, "b")
        server.fail("sendMessage", kind="403", chat_id=siti.id)
        with pytest.raises(telegram.error.Forbidden, match="blocked"):
            await bot.send_message(siti.id, "c")
        server.fail("sendMessage", kind="migrate", new_chat_id=-100999)
        with pytest.raises(telegram.error.ChatMigrated) as migrated:
            await bot.send_message(-999, "d")
        assert migrated.value.new_chat_id == -100999
        server.fail("sendMessage", kind="timeout")
        with pytest.raises(telegram.error.TimedOut):
            await bot.send_message(siti.id, "lambat")
        await server.wait_for_message(siti.id, lambda s: s.text == "lambat")
        server.fail("editMessageText", times=2, kind="500")
        sent = await bot.send_message(siti.id, "ok")
        for _ in range(2):
            with pytest.raises(telegram.error.NetworkError):
                await bot.edit_message_text("baru", chat_id=siti.id, message_id=sent.message_id)
        await bot.edit_message_text("baru", chat_id=siti.id, message_id=sent.message_id)
    assert len([c for c in server.calls if c.failed]) == 7


async def test_fail_ratio_is_deterministic(server, abot):
    budi = server.user(1001)

    async def run() -> list[bool]:
        server.reset()
        server.user(1001)
        server.fail_ratio(0.3, kinds=("500",), seed=42)
        outcome = []
        for i in range(60):
            try:
                await abot.send_message(budi.id, f"m{i}")
                outcome.append(True)
            except TelegramServerError:
                outcome.append(False)
        assert (await abot.get_me()).id == 123456  # getMe is never failed
        return outcome

    first, second = await run(), await run()
    assert first == second
    assert 8 <= first.count(False) <= 30
    assert len(server.messages(budi.id)) == first.count(True)


# --------------------------------------------------------------------------- flood accounting


async def test_flood_accounting_and_enforcement(server, abot):
    budi, ani = server.user(1001), server.user(1002, "Ani")
    for i in range(3):  # burst of 3 to one private chat is tolerated
        await abot.send_message(budi.id, f"burst {i}")
    assert server.flood_violations == []
    await abot.send_message(budi.id, "one too many")  # 4th within the same second
    assert [(v.scope, v.chat_id) for v in server.flood_violations] == [("chat", budi.id)]
    assert len(server.messages(budi.id)) == 4  # counting mode still delivers

    server.enforce_flood = True
    with pytest.raises(TelegramRetryAfter) as retry:
        await abot.send_message(budi.id, "ditolak")
    assert retry.value.retry_after >= 1
    assert len(server.messages(budi.id)) == 4
    await abot.send_message(ani.id, "chat lain tidak terpengaruh")

    grp = server.group(-100888, "Operator")
    for i in range(20):
        await abot.send_message(grp.id, f"g{i}")
    with pytest.raises(TelegramRetryAfter) as retry:
        await abot.send_message(grp.id, "g21")
    assert retry.value.retry_after in (2, 3)  # 20 per minute -> one slot every 3 s (minus refill so far)
    assert server.flood_violations[-1].scope == "group"

    server.enforce_flood = False
    server.flood_limits = FloodLimits()  # fresh buckets
    server.flood_violations.clear()
    users = [server.user(20_000 + i) for i in range(60)]
    await asyncio.gather(*(abot.send_message(u.id, "broadcast") for u in users))
    assert any(v.scope == "global" for v in server.flood_violations)
    assert all(v.scope == "global" for v in server.flood_violations)


# --------------------------------------------------------------------------- commands, chats, members


async def test_commands_descriptions_per_language(server, abot, ptb):
    await abot.set_my_commands(
        [BotCommand(command="start", description="Mulai"), BotCommand(command="lapor", description="Buat laporan")],
        language_code="id",
    )
    await ptb.bot.set_my_commands([("start", "Start"), ("report", "New report")], language_code="en")
    await abot.set_my_commands([BotCommand(command="status", description="Status")], scope=BotCommandScopeAllGroupChats())

    assert [c["command"] for c in server.commands("id")] == ["start", "lapor"]
    assert server.commands("en") == [{"command": "start", "description": "Start"}, {"command": "report", "description": "New report"}]
    assert server.commands() == []
    assert server.commands(scope={"type": "all_group_chats"}) == [{"command": "status", "description": "Status"}]

    assert [c.command for c in await abot.get_my_commands(language_code="en")] == ["start", "report"]
    assert [c.description for c in await ptb.bot.get_my_commands(language_code="id")] == ["Mulai", "Buat laporan"]
    assert await abot.delete_my_commands(language_code="en")
    assert server.commands("en") == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await abot.set_my_commands([BotCommand(command="Lapor!", description="x")])

    await abot.set_my_description("Layanan pengaduan warga", language_code="id")
    await ptb.bot.set_my_short_description("Citizen complaints", language_code="en")
    assert server.descriptions == {"id": "Layanan pengaduan warga"}
    assert server.short_descriptions == {"en": "Citizen complaints"}
    assert (await abot.get_my_description(language_code="id")).description == "Layanan pengaduan warga"
    assert (await ptb.bot.get_my_short_description(language_code="en")).short_description == "Citizen complaints"


async def test_chat_member_chat_and_leave(server, abot, ptb):
    budi = server.user(1001)
    server.user(1002)
    grp = server.group(-100500, "Operator")
    server.set_member(grp.id, budi.id, "administrator")
    server.set_member(grp.id, 1003, "creator")
    server.set_member(grp.id, 1004, "restricted")
    server.set_member(grp.id, 1005, "kicked")

    expected = {budi.id: "administrator", 1002: "member", 1003: "creator", 1004: "restricted", 1005: "kicked", 7777: "left"}
    for user_id, status in expected.items():
        assert (await abot.get_chat_member(grp.id, user_id)).status == status
        assert (await ptb.bot.get_chat_member(grp.id, user_id)).status == status
    admins = await abot.get_chat_administrators(grp.id)
    assert sorted(a.user.id for a in admins) == [budi.id, 1003]

    chat = await abot.get_chat(grp.id)
    assert (chat.title, chat.type) == ("Operator", "supergroup")
    assert (await ptb.bot.get_chat(budi.id)).type == "private"

    assert await abot.leave_chat(grp.id)
    with pytest.raises(TelegramForbiddenError, match="not a member"):
        await abot.send_message(grp.id, "halo")


async def test_copy_and_forward(server, abot):
    budi = server.user(1001)
    ops = server.group(-100999, "Operator")
    upd = server.send_photo(budi, caption="Lubang di jalan")
    mid = upd["message"]["message_id"]

    copied = await abot.copy_message(chat_id=ops.id, from_chat_id=budi.id, message_id=mid, caption="Laporan #1")
    sent = await server.wait_for_message(ops.id)
    assert (sent.message_id, sent.kind, sent.text) == (copied.message_id, "photo", "Laporan #1")
    assert sent.message["photo"] == upd["message"]["photo"]

    forwarded = await abot.forward_message(ops.id, budi.id, mid)
    assert forwarded.forward_origin.sender_user.id == budi.id and forwarded.caption == "Lubang di jalan"
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await abot.copy_message(chat_id=ops.id, from_chat_id=budi.id, message_id=999)

    reply = await abot.send_message(budi.id, "Diterima", reply_to_message_id=mid)
    assert reply.reply_to_message.message_id == mid
    with pytest.raises(TelegramBadRequest, match="message to be replied not found"):
        await abot.send_message(budi.id, "x", reply_to_message_id=12345)
