"""/hapusdata end to end, on both frameworks: the card on the desk is redrawn without the
reporter, an admin's /tiket shows no phone, and no row of any table holds the name or phone."""

from __future__ import annotations

from tests import test_e2e_desks as desks
from tests.e2e import sqlite_only
from tests.test_e2e_desks import COORD, STORY, World
from tests.test_erasure import PHONE_DIGITS, dump_sqlite, identity_in

api, world = desks.api, desks.world  # the desks' world: its fixtures, reused

PHONE = "+6281377001122"


@sqlite_only
async def test_hapusdata_redraws_the_card_and_leaves_no_name_or_phone(world: World, tmp_path):
    bot_api, c = world.api, world.citizen
    number = await world.file("Jalan berlubang di Jl. Mayor Ruslan", STORY, phone=PHONE)
    card = await world.card(COORD, number)
    assert "Siti" in card.text and PHONE in card.text
    q = await c.ask("/hapusdata", "Hapus data pribadi")
    await c.tap(q, "hapus data", "dihapus")
    await bot_api.wait_for_call("editMessageText", lambda x: x.chat_id == COORD and x.ok
                            and "identitas dihapus" in (x.params.get("text") or ""), timeout=10)
    assert "Siti" not in card.text and "siti_oku" not in card.text and PHONE not in card.text

    bot_api.send_command(world.admin, "/tiket", number)
    shown = await bot_api.wait_for_message(world.admin.id, lambda s: (s.text or "").startswith(f"📋 {number}"),
                                       timeout=10)
    assert PHONE not in shown.text and PHONE_DIGITS not in shown.text and "Siti" not in shown.text

    dumped = dump_sqlite(str(tmp_path / "bot.db"))
    # The Telegram id stays while the report is open, so its news still reaches the citizen.
    assert [x for x in identity_in(dumped) if x != "1001,"] == [], [
        line for line in dumped.splitlines() if identity_in(line) and "1001" not in line]
