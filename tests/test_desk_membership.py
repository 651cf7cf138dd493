"""The bot removed from a desk group and added back (flows/desks/membership.py), through the
core and the collecting fake (tests/desk_harness.py): a removed desk's tickets fall back to the
coordinator, nothing is lost in the removed group, and /meja there brings the desk back."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from flows import lifecycle as lc
from storage.models import AuditRow, DeskRow, OutboxRow, UnreachableChatRow
from tests.desk_harness import ADMIN, COORD, PUPR, Group, Regency, World

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


NO_DESK = "tidak punya meja aktif"


@pytest.fixture
async def regency(db) -> Regency:
    r = Regency(World(db, admin_ids=frozenset({ADMIN})))
    for group, arg in ((COORD, "koordinator"), (PUPR, "PUPR")):
        await r.admin.command(group, f"/meja {arg}")
    return r


async def rows(regency: Regency, model, *where):
    async with regency.world.db.uow() as uow:
        query = select(model).where(*where).order_by(*model.__table__.primary_key.columns)
        found = list(await uow.session.scalars(query))
        uow.session.expunge_all()  # readable after the session closes
        return found


async def test_removed_agency_desk_hands_its_tickets_to_the_coordinator(regency: Regency):
    number = await regency.in_progress_at_pupr()
    tg = regency.telegram
    in_pupr = len(tg.messages(PUPR.chat_id))
    await regency.agus.remove_bot(PUPR)

    [desk] = await rows(regency, DeskRow, DeskRow.chat_id == PUPR.chat_id)
    assert desk.active is False and desk.left_at is not None
    notice = tg.last(COORD.chat_id, "Bot dikeluarkan dari meja Dinas Pekerjaan Umum")
    assert f"1 laporan terbukanya sekarang ditangani di sini: {number}" in notice.text
    card = regency.card(COORD, number)  # redrawn in place: the coordinator works it now
    assert NO_DESK in card.text and "Balas (reply) kartu ini" in card.text
    told = tg.last(ADMIN, "Bot dikeluarkan dari grup «Meja Dinas PUPR»")
    assert "oleh Agus" in told.text and number in told.text and "/meja PUPR" in told.text
    assert len(tg.messages(PUPR.chat_id)) == in_pupr  # nothing sent into the void
    [audit] = await rows(regency, AuditRow, AuditRow.action == "desk_lost")
    assert (audit.action, audit.subject, audit.chat_id, audit.actor_user_id) == (
        "desk_lost", "PUPR", PUPR.chat_id, 2101)
    assert audit.detail == {"status": "kicked", "tickets": [number]}

    # the coordinator answers the citizen from its card
    await regency.rina.reply(COORD, card, "Lubang sudah dijadwalkan untuk ditambal.")
    assert (await regency.ticket(number)).status == lc.ANSWERED
    assert "dijadwalkan" in regency.seen_by_citizen("Tanggapan").text
    assert len(tg.messages(PUPR.chat_id)) == in_pupr


async def test_a_new_report_for_a_lost_desk_stays_at_the_coordinator(regency: Regency):
    await regency.agus.remove_bot(PUPR)
    number = await regency.verified_to_pupr()
    ticket = await regency.ticket(number)
    assert ticket.status == lc.DISPOSITIONED and ticket.agency_code == "PUPR"
    assert NO_DESK in regency.card(COORD, number).text
    async with regency.world.db.uow() as uow:
        assert await uow.tickets.with_cards_in(PUPR.chat_id) == []
    assert await rows(regency, OutboxRow, OutboxRow.chat_id == PUPR.chat_id, OutboxRow.status != "sent") == []


async def test_a_coordinator_without_a_card_gets_one_when_the_desk_is_lost(regency: Regency):
    number = await regency.verified_to_pupr()
    new_coord = Group(-1004004, "Meja Koordinator Baru")
    await regency.bind(new_coord, "koordinator")  # holds no card of the PUPR ticket
    await regency.dewi.remove_bot(PUPR, status="left")
    card = regency.card(new_coord, number)
    assert NO_DESK in card.text and "Verifikasi" not in str(card.labels)


async def test_added_back_and_meja_again_brings_the_desk_and_its_cards_back(regency: Regency):
    number = await regency.in_progress_at_pupr()
    old_card = regency.card(PUPR, number)
    tg = regency.telegram
    await regency.agus.remove_bot(PUPR)

    await regency.agus.add_bot(PUPR)
    assert "Admin: kirim /meja PUPR di sini" in tg.messages(PUPR.chat_id)[-1].text
    assert old_card.text == f"📦 {number} dipindahkan ke meja koordinator" and old_card.buttons == []
    assert await rows(regency, UnreachableChatRow) == []
    # not a desk until an admin says so: a press on a card there is refused
    await regency.agus.press_data(PUPR, old_card, regency.card(COORD, number).data("Tunda"))
    assert "belum menjadi meja" in regency.toast(regency.agus)

    await regency.admin.command(PUPR, "/meja PUPR")
    assert tg.last(PUPR.chat_id, "sekarang meja").text.startswith("✅ Grup ini sekarang meja Dinas Pekerjaan")
    card = regency.card(PUPR, number)
    assert card.message_id != old_card.message_id and "Siti" in card.text
    assert NO_DESK not in regency.card(COORD, number).text
    assert "Meja Dinas Pekerjaan Umum" in tg.last(COORD.chat_id, "aktif lagi").text
    [desk] = await rows(regency, DeskRow, DeskRow.chat_id == PUPR.chat_id)
    assert desk.active is True
    assert [(a.action, a.detail) for a in await rows(regency, AuditRow, AuditRow.action.like("desk_%"))
            if a.action != "desk_bound"] == [
        ("desk_lost", {"status": "kicked", "tickets": [number]}), ("desk_back", {"tickets": [number]})]
    # and it works as a desk again
    await regency.agus.reply(PUPR, card, "Sudah ditambal.")
    assert (await regency.ticket(number)).status == lc.ANSWERED


async def test_what_was_owed_to_the_lost_desk_about_tickets_is_dropped_not_sent_later(regency: Regency):
    tg = regency.telegram
    tg.kicked.add(PUPR.chat_id)  # removed, but Telegram's word of it comes after a card failed
    number = await regency.verified_to_pupr()
    [card] = await rows(regency, OutboxRow, OutboxRow.chat_id == PUPR.chat_id, OutboxRow.status == "held",
                        OutboxRow.ref.is_not(None))
    await regency.agus.remove_bot(PUPR)
    [dropped] = await rows(regency, OutboxRow, OutboxRow.id == card.id)
    assert (dropped.status, dropped.error_kind) == ("failed", "desk_lost")

    await regency.agus.add_bot(PUPR)
    shown = tg.text(PUPR.chat_id)
    assert number not in shown and "Siti" not in shown  # not even a "moved" line for a card never sent
    await regency.admin.command(PUPR, "/meja PUPR")
    assert "Siti" in regency.card(PUPR, number).text


async def test_any_update_from_a_group_proves_the_bot_is_in_it(regency: Regency):
    """A 403 marked the group unreachable, and the bot's return was never seen: the next update
    from the group releases what it was owed."""
    tg = regency.telegram
    tg.kicked.add(PUPR.chat_id)
    number = await regency.verified_to_pupr()
    assert await rows(regency, UnreachableChatRow) != []
    tg.kicked.discard(PUPR.chat_id)
    await regency.agus.command(PUPR, "/start")
    assert "Siti" in regency.card(PUPR, number).text
    assert await rows(regency, UnreachableChatRow) == []


async def test_removed_from_the_coordinator_desk_admins_are_told_and_tickets_wait(regency: Regency):
    tg = regency.telegram
    await regency.rina.remove_bot(COORD)
    alarm = tg.last(ADMIN, "MEJA KOORDINATOR")
    assert "«Meja Koordinator Diskominfo»" in alarm.text and "Rina" in alarm.text
    number = await regency.file()
    assert number not in tg.text(COORD.chat_id, PUPR.chat_id)

    await regency.rina.add_bot(COORD)
    assert "/meja koordinator" in tg.messages(COORD.chat_id)[-1].text
    await regency.admin.command(COORD, "/meja koordinator")
    assert "Usulan instansi" in regency.card(COORD, number).text


async def test_a_citizen_who_unblocks_the_bot_gets_what_was_held(regency: Regency):
    number = await regency.file()
    citizen = regency.citizen
    regency.telegram.kicked.add(citizen.chat_id)
    await citizen.push("membership", member_status="kicked")
    await regency.rina.press(COORD, regency.card(COORD, number), "Verifikasi")
    assert "sudah diverifikasi" not in regency.telegram.text(citizen.chat_id)
    regency.telegram.kicked.discard(citizen.chat_id)
    await citizen.push("membership", member_status="member")
    assert "sudah diverifikasi" in regency.seen_by_citizen("sudah diverifikasi").text


async def test_the_agency_list_marks_a_desk_the_bot_was_removed_from(regency: Regency):
    await regency.agus.remove_bot(PUPR)
    outcome = await regency.admin.command(COORD, "/instansi")
    listing = outcome.replies[0].text
    assert "⚠️ PUPR · " in listing and "➖ DISHUB · " in listing
