"""The bot's profile (commands per scope and language, descriptions) and chats (getChat,
members, administrators, leaving a group)."""

from __future__ import annotations

import pytest
import telegram
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.types import BotCommand, BotCommandScopeAllGroupChats


async def test_commands_descriptions_per_language(server, abot, ptb):
    await abot.set_my_commands(
        [BotCommand(command="start", description="Mulai"), BotCommand(command="lapor", description="Buat laporan")],
        language_code="id",
    )
    await ptb.bot.set_my_commands([("start", "Start"), ("report", "New report")], language_code="en")
    await abot.set_my_commands(
        [BotCommand(command="status", description="Status")], scope=BotCommandScopeAllGroupChats()
    )

    assert [c["command"] for c in server.commands("id")] == ["start", "lapor"]
    assert server.commands("en") == [
        {"command": "start", "description": "Start"}, {"command": "report", "description": "New report"},
    ]
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

    expected = {
        budi.id: "administrator", 1002: "member", 1003: "creator", 1004: "restricted", 1005: "kicked", 7777: "left",
    }
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


async def test_removing_the_bot_from_a_group_and_adding_it_back(server, abot, ptb):
    agus = server.user(2101, "Agus")
    grp = server.group(-100600, "Meja Dinas PUPR")
    assert (await abot.send_message(grp.id, "kartu")).message_id

    removed = server.remove_bot(grp, by=agus)
    [update] = await abot.get_updates(timeout=0, allowed_updates=["message", "my_chat_member"])
    changed = update.my_chat_member
    assert update.update_id == removed["update_id"] and changed.chat.id == grp.id and changed.from_user.id == agus.id
    assert (changed.old_chat_member.status, changed.new_chat_member.status) == ("member", "kicked")
    assert changed.new_chat_member.user.id == server.bot_id
    with pytest.raises(TelegramForbiddenError, match="bot was kicked from the supergroup chat"):
        await abot.send_message(grp.id, "halo")
    with pytest.raises(telegram.error.Forbidden, match="kicked"):
        await ptb.bot.edit_message_text("x", chat_id=grp.id, message_id=1)
    assert (await abot.get_chat_member(grp.id, server.bot_id)).status == "kicked"
    server.send_text(agus, "halo bot?", chat=grp)  # the bot is not there: it is not told
    assert await abot.get_updates(offset=update.update_id + 1, timeout=0) == []

    back = server.add_bot(grp, by=agus, status="administrator")
    [update] = await ptb.bot.get_updates(offset=removed["update_id"] + 1, timeout=0)
    assert update.update_id == back["update_id"]
    assert (update.my_chat_member.old_chat_member.status, update.my_chat_member.new_chat_member.status) == (
        "kicked", "administrator")
    assert (await abot.send_message(grp.id, "kembali")).text == "kembali"

    small = server.group(-600, "Grup Lama", type="group")
    server.remove_bot(small, by=agus, kicked=False)  # it "left"
    with pytest.raises(TelegramForbiddenError, match="not a member of the group chat"):
        await abot.send_message(small.id, "halo")
