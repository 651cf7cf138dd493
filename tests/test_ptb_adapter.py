"""The two adapters are one product: the same raw update, parsed by aiogram and by
python-telegram-bot, gives the core the same event (flows/updates.py reads both); the same
reply, delivered by the core through either client, renders the same way; the same Bot API error
becomes the same delivery error kind. And PTB hands one chat's updates to the core in arrival
order."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
import time

import pytest
import telegram
from aiogram.types import Update as AiogramUpdate

from bot.inbound import Inbound
from bot.runner import make_bot
from bot.runner_ptb import make_application
from bot.settings import Settings
from flows.delivery import (
    ChatMigrated,
    Rejected,
    RetryAfter,
    Transient,
    Unreachable,
    deliver,
)
from flows.events import Button, Incoming, KeyboardButton, Outcome, Reply
from flows.updates import incoming
from handlers import ptb_adapter
from handlers.aiogram_adapter import AiogramClient
from handlers.ptb_adapter import PtbClient
from handlers.raw_update import RawUpdate
from tests.botapi_server import FakeBotAPI
from tests.e2e import bot_settings

BOT = {"id": 123456, "is_bot": True, "first_name": "Lapor Test Bot", "username": "lapor_test_bot"}


def translate(framework: str, raw: dict) -> Incoming | None:
    """A raw getUpdates item as the framework parses it, then as the core reads it. "json" is how
    the aiogram runner reads it: straight from the JSON (handlers/raw_update.py)."""
    if framework == "aiogram":
        return incoming(AiogramUpdate.model_validate(raw))
    if framework == "json":
        return incoming(RawUpdate.parse(json.loads(json.dumps(raw))))
    return incoming(telegram.Update.de_json(raw, None))


def _updates() -> dict[str, tuple[dict, dict]]:
    """name -> (raw update, fields the event must have), built by the local Bot API server."""
    api = FakeBotAPI()  # not started: only its update builders are used
    siti = api.user(1001, "Siti", username="siti_oku", last_name="Aminah")
    john = api.user(1002, "John", language_code="en")
    group = api.group(-100777, "Warga RT 05")
    public = api.group(-100888, "Info Warga OKU", username="info_warga_oku")
    card = {"message_id": 7, "from": BOT, "chat": {"id": group.id, "type": "supergroup", "title": group.title},
            "date": int(time.time()), "text": "Laporan OKU-1"}
    menu = {"message_id": 3, "from": BOT, "chat": {"id": siti.id, "type": "private", "first_name": "Siti"},
            "date": int(time.time()), "text": "Pilih",
            "reply_markup": {"inline_keyboard": [[{"text": "Setuju", "callback_data": "consent:yes"}]]}}
    base = {"date": int(time.time()), "from": siti.to_dict()}
    return {
        "text": (api.send_text(siti, "Jalan rusak"),
                 dict(kind="text", text="Jalan rusak", chat_type="private", sender_name="Siti Aminah",
                 chat_username=None)),  # a private chat's username is the citizen's: not carried
        "command in a public group": (api.send_text(siti, "/meja PUPR", chat=public),
                                      dict(kind="command", command="meja", chat_title="Info Warga OKU",
                                           chat_username="info_warga_oku")),
        "command with args": (api.send_text(siti, "/Status OKU-2026-0001  "),
                              dict(kind="command", command="status", args="OKU-2026-0001")),
        "command with @botname": (api.send_text(siti, "/lapor@lapor_test_bot"),
                                  dict(kind="command", command="lapor", args="")),
        "slash without entity is text": (
            api.push_update({"message": {**base, "message_id": 90, "chat": {"id": siti.id, "type": "private"},
                                         "text": "/ jalan"}}),
            dict(kind="text", text="/ jalan")),
        "photo, largest size": (api.send_photo(siti, 200_000, caption="Bukti", media_group_id="album-1"),
                                dict(kind="photo", text="Bukti", media_group_id="album-1", file_size=200_000)),
        "document": (api.send_document(siti, "surat_rt.pdf", file_size=300_000),
                     dict(kind="document", file_kind="document", file_name="surat_rt.pdf")),
        "video is a document": (api.send_video(siti, caption="Banjir"),
                                dict(kind="document", file_kind="video", text="Banjir")),
        "location": (api.send_location(siti, -4.1293, 104.1667), dict(kind="location", latitude=-4.1293)),
        "contact": (api.send_contact(siti, "+6281377001122"),
                    dict(kind="contact", contact_phone="+6281377001122", contact_user_id=siti.id)),
        "sticker": (api.send_sticker(siti), dict(kind="unsupported", media_kind="sticker")),
        "voice": (api.send_voice(siti), dict(kind="unsupported", media_kind="voice")),
        "video note": (api.send_video_note(siti), dict(kind="unsupported", media_kind="video_note")),
        "venue is not a location": (
            api.push_update({"message": {**base, "message_id": 91, "chat": {"id": siti.id, "type": "private"},
                                         "location": {"latitude": -4.1, "longitude": 104.1},
                                         "venue": {"location": {"latitude": -4.1, "longitude": 104.1},
                                                   "title": "Pasar", "address": "Jl. Pasar"}}}),
            dict(kind="unsupported", media_kind="venue")),
        "dice": (api.push_update({"message": {**base, "message_id": 92, "chat": {"id": siti.id, "type": "private"},
                                              "dice": {"emoji": "🎲", "value": 3}}}),
                 dict(kind="unsupported", media_kind="dice")),
        "group reply to a desk card": (api.send_text(siti, "sudah dicek", chat=group, reply_to=card),
                                       dict(kind="text", chat_type="supergroup", chat_title="Warga RT 05",
                                            chat_username=None, reply_to_message_id=7, reply_to_bot=True)),
        "group migrated": (
            api.push_update({"message": {**base, "message_id": 93, "chat": {"id": -777, "type": "group",
                                                                             "title": "Warga RT 05"},
                                         "migrate_to_chat_id": -100777}}),
            dict(kind="migrated", migrate_to_chat_id=-100777, chat_type="group")),
        "bot removed from a group": (api.remove_bot(group, by=siti),
                                     dict(kind="membership", member_status="kicked", chat_type="supergroup",
                                          chat_title="Warga RT 05", sender_name="Siti Aminah")),
        "bot added back as admin": (api.add_bot(group, by=john, status="administrator"),
                                    dict(kind="membership", member_status="administrator", chat_id=group.id)),
        "citizen blocks the bot": (
            api.push_update({"my_chat_member": {**base, "chat": {"id": siti.id, "type": "private"},
                                                "old_chat_member": {"status": "member", "user": BOT},
                                                "new_chat_member": {"status": "kicked", "user": BOT,
                                                                    "until_date": 0}}}),
            dict(kind="membership", member_status="kicked", chat_type="private")),
        "button": (api.push_update({"callback_query": {"id": "4242", "from": siti.to_dict(), "message": menu,
                                                       "chat_instance": "1", "data": "consent:yes"}}),
                   dict(kind="button", callback_id="4242", callback_data="consent:yes", message_id=3)),
        "button on an inaccessible message": (
            api.push_update({"callback_query": {"id": "4243", "from": john.to_dict(), "chat_instance": "2",
                                                "data": "lang:en",
                                                "message": {"message_id": 4, "date": 0,
                                                            "chat": {"id": john.id, "type": "private"}}}}),
            dict(kind="button", chat_id=john.id, message_id=4, language_code="en")),
    }


UPDATES = _updates()


@pytest.mark.parametrize("name", list(UPDATES))
def test_both_adapters_give_the_core_the_same_event(name):
    raw, expected = UPDATES[name]
    aiogram_ev, ptb_ev, json_ev = translate("aiogram", raw), translate("ptb", raw), translate("json", raw)
    assert aiogram_ev is not None and ptb_ev is not None and json_ev is not None
    if aiogram_ev.kind == "button":  # a press has no date of its own: stamped on arrival
        ptb_ev = dataclasses.replace(ptb_ev, at=aiogram_ev.at)
        json_ev = dataclasses.replace(json_ev, at=aiogram_ev.at)
    assert ptb_ev == aiogram_ev
    assert json_ev == aiogram_ev
    assert type(ptb_ev.chat_type) is str  # plain text, not PTB's ChatType enum
    ev = ptb_ev
    assert ev.update_id == raw["update_id"]
    derived = dict(sender_name=ev.sender.display_name, language_code=ev.sender.language_code,
                   file_kind=ev.file and ev.file.kind, file_name=ev.file and ev.file.file_name,
                   file_size=ev.file and ev.file.size)
    for key, value in expected.items():
        actual = derived[key] if key in derived else getattr(ev, key)
        assert actual == value, key


def test_updates_that_are_not_the_cores_translate_to_nothing(framework):
    chat = {"id": -100777, "type": "supergroup", "title": "Warga RT 05"}
    post = {"message_id": 5, "date": int(time.time()), "chat": chat, "text": "Pengumuman"}
    for raw in ({"update_id": 1, "message": {**post, "from": BOT}},  # another bot, or our own
                {"update_id": 2, "channel_post": {**post, "chat": {"id": -100888, "type": "channel"}}},
                {"update_id": 3, "edited_message": {**post, "from": {"id": 1001, "is_bot": False,
                                                                     "first_name": "Siti"}}}):
        assert translate(framework, raw) is None, raw
        assert translate("json", raw) is None, raw  # as the aiogram runner reads it


# --------------------------------------------------------------------------- rendering and errors


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        server.timeout_delay = 2.0  # longer than the transports' 0.5 s timeout
        yield server


class Transport:
    """flows.delivery.deliver over one framework's client, as the outbox sender calls it."""

    def __init__(self, client) -> None:
        self.client = client

    async def deliver(self, chat_id: int, reply: Reply) -> int | None:
        return await deliver(self.client, chat_id, reply)


@pytest.fixture
async def transport(api, tmp_path, framework):
    settings = bot_settings(api, tmp_path, framework, telegram_timeout=0.5)
    if framework == "aiogram":
        bot = make_bot(settings)
        yield Transport(AiogramClient(bot))
        await bot.session.close()
    else:
        async with make_application(settings).bot as bot:
            yield Transport(PtbClient(bot))


CHAT = 1001


async def test_replies_render_the_same(api, transport):
    api.user(CHAT, "Siti")
    first = await transport.deliver(CHAT, Reply("Pilih jenis", buttons=[[Button("Pengaduan", "kind:c")]]))
    [sent] = api.drain(CHAT)
    assert sent.message_id == first and sent.callback_data("Pengaduan") == "kind:c"

    await transport.deliver(CHAT, Reply("Lokasi?", keyboard=[[KeyboardButton("Kirim lokasi", "location")],
                                                             [KeyboardButton("Kirim nomor", "contact")]]))
    await transport.deliver(CHAT, Reply("Terima kasih", remove_keyboard=True))
    asked, thanked = api.drain(CHAT)
    assert asked.reply_markup["keyboard"][0][0]["request_location"] is True
    assert asked.reply_markup["keyboard"][1][0]["request_contact"] is True
    assert asked.reply_markup["resize_keyboard"] and asked.reply_markup["one_time_keyboard"]
    assert thanked.reply_markup == {"remove_keyboard": True}

    long = await transport.deliver(CHAT, Reply("kata " * 1500, buttons=[[Button("OK", "ok")]],
                                               location=(-4.1293, 104.1667)))
    one, two, pin = api.drain(CHAT)
    assert one.reply_markup is None and two.reply_markup is not None and long == two.message_id
    assert pin.kind == "location" and pin.message["location"]["latitude"] == pytest.approx(-4.1293)

    # files: photos and videos as one album, documents apart, a lone file on its own
    photos = [api.register_file("photo").file_id for _ in range(2)]
    pdf, clip = api.register_file("document", file_name="rt.pdf").file_id, api.register_file("video").file_id
    await transport.deliver(CHAT, Reply("Lampiran", media=[("photo", photos[0]), ("document", pdf),
                                                           ("photo", photos[1])]))
    await transport.deliver(CHAT, Reply("Video", media=[("video", clip)]))
    assert [(s.method, s.kind) for s in api.drain(CHAT)] == [
        ("sendMessage", "text"), ("sendMediaGroup", "photo"), ("sendMediaGroup", "photo"),
        ("sendDocument", "document"), ("sendMessage", "text"), ("sendVideo", "video")]

    # files to send under another name: their bytes again, alone or in an album of documents
    ktp = [api.register_file("document", file_name=f"KTP_Siti_{i}.pdf", content=b"%PDF " + bytes([i]) * 50).file_id
           for i in range(3)]
    await transport.deliver(CHAT, Reply("Anonim", media=[("document", ktp[0])], file_names={ktp[0]: "lampiran-1.pdf"}))
    await transport.deliver(CHAT, Reply("Anonim", media=[("document", f) for f in ktp[1:]],
                                        file_names={ktp[1]: "lampiran-2.pdf", ktp[2]: "lampiran-3.pdf"}))
    files = [s.message["document"] for s in api.drain(CHAT) if s.kind == "document"]
    assert [f["file_name"] for f in files] == ["lampiran-1.pdf", "lampiran-2.pdf", "lampiran-3.pdf"]
    assert all(f["file_id"] not in ktp for f in files)
    assert [api.file(f["file_id"]).data() for f in files] == [b"%PDF " + bytes([i]) * 50 for i in range(3)]

    # an edit: in place; the same again is "not modified", which is no failure
    edited = Reply("Pilih jenis: Pengaduan", edit_message_id=first)
    assert await transport.deliver(CHAT, edited) == first
    assert await transport.deliver(CHAT, edited) == first
    assert sent.text == "Pilih jenis: Pengaduan" and sent.reply_markup is None and len(sent.edits) == 1
    # a message that is gone, or the citizen's own: said anew instead
    gone = await transport.deliver(CHAT, Reply("Ringkasan", edit_message_id=999))
    theirs = api.send_text(api.user(CHAT, "Siti"), "halo")["message"]["message_id"]
    anew = await transport.deliver(CHAT, Reply("Ringkasan lagi", edit_message_id=theirs))
    assert [s.text for s in api.drain(CHAT)] == ["Ringkasan", "Ringkasan lagi"]
    assert gone not in (None, 999) and anew not in (None, theirs)


@pytest.mark.parametrize(("fault", "error", "check"), [
    (dict(kind="429", retry_after=3), RetryAfter, lambda e: e.seconds == 3),
    (dict(kind="403"), Unreachable, None),
    (dict(kind="migrate", new_chat_id=-1001234), ChatMigrated, lambda e: e.new_chat_id == -1001234),
    (dict(kind="500"), Transient, None),
    (dict(kind="timeout_lost"), Transient, None),
    (None, Rejected, lambda e: "empty" in e.message.lower()),  # 400 message text is empty
    # An error that quotes the request URL: stored in the outbox and sent to admins, so never the token.
    (dict(kind="400_url"), Rejected, lambda e: "test-token" not in e.message.lower() and "/bot<token>/" in e.message),
], ids=["429", "403", "migrated", "502", "timeout", "400", "400-quoting-the-url"])
@pytest.mark.filterwarnings("ignore:.*retry_after:telegram.warnings.PTBDeprecationWarning")  # PTB's own
async def test_errors_map_to_the_same_kinds(api, transport, fault, error, check):
    api.user(CHAT, "Siti")
    if fault is not None:
        api.fail("sendMessage", **fault)
    with pytest.raises(error) as caught:
        await transport.deliver(CHAT, Reply("Halo" if fault is not None else ""))
    assert check is None or check(caught.value)


@pytest.mark.parametrize(("token", "url", "says"), [
    ("123456abc", None, "BOT_TOKEN is malformed"),
    ("123456:TEST-token", "http://127.0.0.1:9", "cannot reach the Telegram Bot API at http://127.0.0.1:9: "),
], ids=["malformed", "unreachable"])
async def test_startup_problems_read_the_same(tmp_path, framework, token, url, says):
    from bot.runner import StartupError, serve

    settings = Settings(_env_file=None, bot_token=token, telegram_api_url=url, bot_framework=framework,
                        database_url=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", telegram_timeout=2)
    with pytest.raises(StartupError, match=f"^{re.escape(says)}"):
        await serve(settings)


# --------------------------------------------------------------------------- order within a chat


async def test_inbound_hands_ptb_each_chats_updates_in_order_chats_side_by_side(api, tmp_path):
    """bot/inbound.py replaces PTB's concurrent_updates: through the real Application, one chat's
    updates reach the core in arrival order, one at a time, while chats run side by side, with
    handlers finishing out of order."""
    entered: dict[int, list[int]] = {}
    running: dict[int, int] = {}
    running_all = peak = 0

    class Recorder:
        async def handle(self, ev: Incoming):
            nonlocal running_all, peak
            entered.setdefault(ev.chat_id, []).append(ev.update_id)
            running[ev.chat_id] = running.get(ev.chat_id, 0) + 1
            assert running[ev.chat_id] == 1, "two updates of one chat at once"
            running_all += 1
            peak = max(peak, running_all)
            await asyncio.sleep(0.02 if ev.update_id % 3 == 0 else 0.005)
            running_all -= 1
            running[ev.chat_id] -= 1
            return Outcome(duplicate=True)

    def message(update_id: int, chat_id: int, from_bot: bool = False) -> telegram.Update:
        return telegram.Update.de_json({"update_id": update_id, "message": {
            "message_id": update_id, "date": 0, "text": "x", "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": from_bot, "first_name": "W"}}}, None)

    application = make_application(bot_settings(api, tmp_path, "ptb"))
    application.add_handlers(ptb_adapter.build_handlers(Recorder()))
    updates = [message(update_id, 1000 + update_id % 7) for update_id in range(1, 101)]
    async with application:
        inbound = Inbound(fetch=None, handle=application.process_update)  # type: ignore[arg-type]
        await inbound.handle_batch([*updates, message(999, 1001, from_bot=True)])  # the bot's: ignored
    assert entered == {chat: [u.update_id for u in updates if u.effective_chat.id == chat]
                       for chat in range(1000, 1007)}
    assert inbound.handled == 101
    assert peak == 7  # side by side, not one by one
