"""getUpdates semantics (offsets, limit, timeout, duplicates, allowed_updates, 409 Conflict,
webhooks), the updates the user helpers push, and the waiting helpers tests rely on."""

from __future__ import annotations

import asyncio
import time

import pytest
import telegram
from aiogram.exceptions import TelegramConflictError, TelegramForbiddenError
from aiogram.types import Update as AiogramUpdate

from tests.botapi.tests.clients import KB, KB_DICT


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

    text, command = updates[0]["message"], updates[1]["message"]
    press, photo = updates[2]["callback_query"], updates[3]["message"]
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
