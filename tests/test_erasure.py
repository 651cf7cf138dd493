"""Erasure on request (/hapusdata, /hapuswarga), retention and the decliner who leaves no row,
through the collecting fakes on a real SQLite file: every table is dumped to text and searched
for the citizen's name, username and phone."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from flows import lifecycle as lc
from flows.erasure import Erasure
from storage.models import AuditRow, ChatSeenRow, CitizenRow, OutboxRow, ProcessedUpdateRow, TicketRow
from tests.conftest import NOW
from tests.desk_harness import ADMIN, COORD, PHONE, PUPR, Regency, desks_bound
from tests.harness import Citizen, texts

PHONE_DIGITS = PHONE.lstrip("+")


def dump_sqlite(path: str) -> str:
    """Every row of every table of the SQLite file, as text (the migrations' tables included)."""
    con = sqlite3.connect(path)
    try:
        tables = [name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return "\n".join(f"{name}: {row}" for name in tables for row in con.execute(f'SELECT * FROM "{name}"'))
    finally:
        con.close()


async def dump(db) -> str:
    return dump_sqlite(str(db.engine.url.database))


def identity_in(dumped: str) -> list[str]:
    """Which of the citizen's name, phone and Telegram id (1001) the text holds."""
    found = {"siti": r"\bsiti\b", PHONE_DIGITS: PHONE_DIGITS, "1001,": r"\b1001\b"}
    return [k for k, pattern in found.items() if re.search(pattern, dumped, re.IGNORECASE)]


@pytest.fixture
async def regency(db) -> Regency:
    return await desks_bound(db)


async def test_hapusdata_erases_the_identity_everywhere_and_the_citizen_still_hears_of_the_open_ticket(
        regency: Regency, db):
    number = await regency.in_progress_at_pupr()
    # The citizen's contact relayed into the history (a staff note), as happens.
    await regency.agus.reply(PUPR, regency.card(PUPR, number), f"Sudah ditelepon Bu Siti di {PHONE}, oke.")
    assert identity_in(await dump(db)) == ["siti", PHONE_DIGITS, "1001,"]
    c = regency.citizen
    r = await c.press(await c.say("/hapusdata"), "hapus data")
    assert "dihapus" in texts(r)

    for group in (COORD, PUPR):
        card = regency.card(group, number)
        assert card.edits >= 1 and "identitas dihapus" in card.text
        assert "Siti" not in card.text and "@siti" not in card.text and PHONE not in card.text
    await regency.admin.private_command(f"/tiket {number}")
    shown = regency.telegram.last(ADMIN, f"📋 {number}").text
    assert PHONE not in shown and PHONE_DIGITS not in shown and "Siti" not in shown
    assert "Sudah ditelepon Bu [dihapus] di [dihapus], oke." in shown  # content stays, contact goes

    ticket = await regency.ticket(number)
    assert ticket.phone is None and ticket.identity_erased_at is not None
    dumped = await dump(db)
    # The Telegram id stays while the ticket is open (its news still reaches the citizen).
    assert [x for x in identity_in(dumped) if x != "1001,"] == [], [
        line for line in dumped.splitlines() if identity_in(line)]
    async with db.uow() as uow:
        audit = (await uow.session.scalars(select(AuditRow).where(AuditRow.action == "erase"))).one()
        assert audit.actor_user_id is None and audit.detail["by"] == "citizen" and audit.subject.startswith("citizen:")

    # The open ticket still goes on: the citizen may still say it is solved, and hears back.
    before = len(regency.telegram.messages(c.chat_id))
    await c.press_on(regency.telegram.last(c.chat_id, "Apakah masalah Anda sudah selesai"), "Sudah selesai")
    assert (await regency.ticket(number)).status == lc.CLOSED
    assert len(regency.telegram.messages(c.chat_id)) > before


async def test_hapuswarga_needs_a_private_chat_and_a_reason_and_records_it(regency: Regency, db):
    number = await regency.file()
    await regency.admin.command(COORD, f"/hapuswarga {number} permintaan tertulis")
    assert "chat pribadi" in regency.telegram.last(COORD.chat_id).text
    await regency.admin.private_command(f"/hapuswarga {number}")
    assert "Cara pakai: /hapuswarga" in regency.telegram.last(ADMIN).text
    await regency.admin.private_command("/hapuswarga OKU-9999-99999 permintaan")
    assert "Tidak ada warga" in regency.telegram.last(ADMIN).text
    await regency.rina.private_command(f"/hapuswarga {number} permintaan")  # not an admin
    assert "Identitas warga dihapus" not in regency.telegram.text(2001)

    await regency.admin.private_command(f"/hapuswarga {number} surat permintaan 1 Des 2026")
    assert "dihapus dari 1 laporan" in regency.telegram.last(ADMIN).text
    assert "identitas dihapus" in regency.card(COORD, number).text
    async with db.uow() as uow:
        audit = (await uow.session.scalars(select(AuditRow).where(AuditRow.action == "erase"))).one()
        assert audit.actor_user_id == ADMIN and audit.detail == {
            "by": "admin", "tickets": 1, "reason": "surat permintaan 1 Des 2026"}
    assert [x for x in identity_in(await dump(db)) if x != "1001,"] == []


async def test_hapusdata_without_an_open_ticket_leaves_nothing_tied_to_the_telegram_id(regency: Regency, db):
    number = await regency.file()
    await regency.rina.press(COORD, regency.card(COORD, number), "Arsipkan")
    await regency.rina.press(COORD, regency.telegram.last(COORD.chat_id), "Spam")
    assert (await regency.ticket(number)).status == lc.ARCHIVED
    c = regency.citizen
    await c.press(await c.say("/hapusdata"), "hapus data")
    dumped = await dump(db)
    assert identity_in(dumped) == [], [line for line in dumped.splitlines() if identity_in(line)]
    async with db.uow() as uow:
        assert await uow.citizens.get_by_user(1001) is None
        ticket = await uow.tickets.get_by_number(number)
        assert await uow.tickets.attachments(ticket.id) == []  # a closed ticket's photos go too


async def test_retention_erases_old_closed_tickets_and_then_the_citizen_and_purges(regency: Regency, db):
    old = await regency.file()
    await regency.rina.press(COORD, regency.card(COORD, old), "Arsipkan")
    await regency.rina.press(COORD, regency.telegram.last(COORD.chat_id), "Spam")
    later = datetime(2028, 12, 1, tzinfo=UTC)  # RETENTION_YEARS=2 after NOW, and two days
    async with db.uow() as uow:
        await uow.session.execute(update(TicketRow).values(closed_at=NOW, updated_at=NOW))
        await uow.session.execute(update(CitizenRow).values(updated_at=NOW))
        uow.session.add(ChatSeenRow(chat_id=424242, at=NOW))  # a private chat that is no citizen's
        uow.session.add(ProcessedUpdateRow(update_id=10**9, processed_at=NOW))
        await uow.session.execute(update(OutboxRow).values(created_at=NOW))
        await uow.commit()

    erasure = Erasure(lambda: NOW + timedelta(days=365), refresh=regency.world.desks.cards.refresh)
    async with db.uow() as uow:  # one year on: nothing is due yet (but delivery records are)
        r = await erasure.retention(uow, years=2, outbox_keep_days=30)
        await uow.commit()
    assert (r.tickets, r.citizens) == (0, 0) and r.purged["outbox"] > 0 and r.purged["chat_seen"] == 1
    assert (await regency.ticket(old)).identity_erased_at is None

    erasure = Erasure(lambda: later, refresh=regency.world.desks.cards.refresh)
    async with db.uow() as uow:
        r = await erasure.retention(uow, years=2, outbox_keep_days=30)
        await uow.commit()
    assert (r.tickets, r.citizens) == (1, 1)
    await regency.telegram.deliver()
    assert "identitas dihapus" in regency.card(COORD, old).text
    async with db.uow() as uow:
        again = await erasure.retention(uow, years=2, outbox_keep_days=30)  # idempotent
        await uow.commit()
    assert (again.tickets, again.citizens) == (0, 0)
    async with db.uow() as uow:
        assert await uow.citizens.get_by_user(1001) is None
        erased = (await uow.session.scalars(select(AuditRow).where(AuditRow.action == "erase"))).all()
        assert [a.detail["by"] for a in erased] == ["retention"]
    assert identity_in(await dump(db)) == []


async def test_retention_keeps_a_citizen_with_an_open_ticket(regency: Regency, db):
    await regency.file()
    erasure = Erasure(lambda: NOW + timedelta(days=365 * 5))
    async with db.uow() as uow:
        r = await erasure.retention(uow, years=2, outbox_keep_days=30)
        await uow.commit()
        assert (r.tickets, r.citizens) == (0, 0)
        assert (await uow.citizens.get_by_user(1001)).name == "Siti"


async def test_who_declines_consent_leaves_no_row(regency: Regency, db):
    stranger = Citizen(regency.world.core, user_id=31337, name="Tolak")
    r = await stranger.say("halo")
    r = await stranger.say("/start")
    r = await stranger.press(r, "Tidak setuju")
    assert "Tanpa persetujuan" in texts(r) or "tidak" in texts(r).lower()
    await regency.telegram.deliver()
    assert regency.telegram.messages(31337), "the answers were delivered"
    dumped = await dump(db)
    assert "31337" not in dumped and "tolak" not in dumped.lower(), [
        line for line in dumped.splitlines() if "31337" in line]


async def test_hapuswarga_by_telegram_user_id(regency: Regency, db):
    number = await regency.file()
    await regency.admin.private_command("/hapuswarga 1001 permintaan lisan dicatat petugas")
    assert "dihapus dari 1 laporan" in regency.telegram.last(ADMIN).text
    assert (await regency.ticket(number)).phone is None
    async with db.uow() as uow:
        assert (await uow.citizens.get_by_user(1001)).name == ""  # the report is open: the id stays


async def test_what_a_stranger_sent_before_never_agreeing_goes_with_retention(regency: Regency, db):
    from storage.models import ConversationDraftRow
    stranger = Citizen(regency.world.core, user_id=31338, name="Diam")
    await stranger.say("jalan di desa kami rusak parah, tolong diperbaiki")  # held, never answered
    regency_citizen = Citizen(regency.world.core, user_id=31339, name="Setuju")
    r = await regency_citizen.say("/start")
    await regency_citizen.press(r, "Setuju")  # a draft of someone who agreed: not a stranger's
    async with db.uow() as uow:
        await uow.session.execute(update(ConversationDraftRow).values(updated_at=NOW - timedelta(days=4)))
        await uow.commit()
    erasure = Erasure(lambda: NOW)
    async with db.uow() as uow:
        r = await erasure.retention(uow, years=2, outbox_keep_days=30)
        await uow.commit()
        assert r.purged["held_drafts"] == 1
        assert await uow.drafts.get(31338) is None and await uow.drafts.get(31339) is not None
    assert "rusak parah" not in await dump(db)
