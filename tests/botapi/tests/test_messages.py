"""Sending, editing, deleting, copying and forwarding messages with the real aiogram and PTB
clients, what Telegram validates in them, and the HTTP answers (token, unknown method, encodings)."""

from __future__ import annotations

import aiohttp
import pytest
import telegram
from aiogram.exceptions import TelegramBadRequest, TelegramUnauthorizedError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, Message, ReplyKeyboardMarkup

from tests.botapi import Sent, parse_html
from tests.botapi.tests.clients import KB, KB_DICT, aiogram_bot, ptb_app


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

    edited = await abot.edit_message_text(
        chat_id=budi.id, message_id=msg.message_id, text="Kategori: Jalan", reply_markup=KB
    )
    assert isinstance(edited, Message) and edited.text == "Kategori: Jalan" and edited.edit_date
    assert sent.text == "Kategori: Jalan" and len(sent.edits) == 1  # same record, updated in place

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await abot.edit_message_text(
            chat_id=budi.id, message_id=msg.message_id, text="Kategori: Jalan", reply_markup=KB
        )

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
        # 33 × "é" = 66 bytes of callback_data, over the 64-byte limit
        big = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="b", callback_data="é" * 33)]])
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
    kb = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="Kirim lokasi", request_location=True)]], resize_keyboard=True
    )
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
        query = {"chat_id": "77", "text": "q"}
        async with http.get(f"{server.base_url}/bot{server.token}/sendMessage", params=query) as resp:
            assert (await resp.json())["result"]["chat"]["id"] == 77
    assert [c.encoding for c in server.calls_to("sendMessage")] == ["json", "json", "query"]
    assert len(server.calls_to("fooBar")) == 1  # unknown methods are recorded too
