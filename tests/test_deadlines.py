"""The deadline clock on a controllable clock (no sleeping): an ignored ticket is reminded, marked
overdue, told to the coordinator and the citizen, and escalated to the admins, each once, in office
hours of working days only; a day off decreed later moves its deadline without a second reminder;
the daily digest comes once a day; a desk with hundreds of overdue tickets gets one message."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from flows import workdays
from flows.delivery import split_text
from flows.desks import DeskConfig
from flows.model import NewTicket
from tests.desk_harness import ADMIN, COORD, PUPR, desks_bound

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


WIB = ZoneInfo("Asia/Jakarta")


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at.astimezone(UTC)

    def set(self, *args: int) -> None:
        self.at = datetime(*args, tzinfo=WIB)


@pytest.fixture(autouse=True)
def no_extra_holidays():
    workdays.set_extra_holidays([])
    yield
    workdays.set_extra_holidays([])


async def ignored(db, clock: Clock, **config):
    """A report filed on Monday 30 Nov 2026 at 09:00 WIB and verified to PUPR at once: its
    follow-up deadline is five working days on, Monday 7 Dec; then nobody acts."""
    clock.set(2026, 11, 30, 9, 0)
    r = await desks_bound(db, clock=clock, config=DeskConfig(admin_ids=frozenset({ADMIN}), **config))
    number = await r.verified_to_pupr()
    await r.telegram.deliver()
    return r, number


def count(r, chat_id: int, contains: str) -> int:
    return sum(contains in m.text for m in r.telegram.messages(chat_id))


async def tick(r):
    done = await r.world.desks.deadline_clock(digest_hour=None)
    await r.telegram.deliver()
    return done


async def test_an_ignored_ticket_is_reminded_marked_told_and_escalated_once_each(db):
    clock = Clock(datetime.now(UTC))
    r, number = await ignored(db, clock)
    ticket = await r.ticket(number)
    assert ticket.deadline_kind == "followup"
    assert ticket.due_at.astimezone(WIB).date() == date(2026, 12, 7)
    citizen_before = len(r.telegram.messages(r.citizen.chat_id))

    clock.set(2026, 12, 3, 10, 0)  # Thursday: nothing is due yet
    done = await tick(r)
    assert done.reminded == 0 and done.recomputed == 0  # and nothing recomputed while the calendar stands
    clock.set(2026, 12, 4, 7, 0)  # Friday, the working day before, but before office hours
    assert (await tick(r)).reminded == 0
    clock.set(2026, 12, 4, 9, 30)
    assert (await tick(r)).reminded == 1
    assert count(r, PUPR.chat_id, f"Pengingat: {number}") == 1
    card = r.telegram.messages(PUPR.chat_id)[-1]
    assert card.text.startswith(f"📋 {number}") and "Proses" in " ".join(card.labels)  # reposted with its buttons
    assert any("dipindah ke bawah" in m.text for m in r.telegram.messages(PUPR.chat_id))  # the old copy points down
    clock.set(2026, 12, 4, 14, 0)
    assert (await tick(r)).reminded == 0

    clock.set(2026, 12, 5, 10, 0)  # Saturday: the deadline has not passed, and nobody is written to
    assert (await tick(r)).overdue == 0
    clock.set(2026, 12, 8, 2, 0)  # Tuesday night: past the deadline, but outside office hours
    assert (await tick(r)).overdue == 0
    clock.set(2026, 12, 8, 8, 0)
    done = await tick(r)
    assert done.overdue == 1 and done.escalated == 0
    assert "TERLAMBAT" in r.card(PUPR, number).text and "TERLAMBAT" in r.card(COORD, number).text
    assert count(r, COORD.chat_id, "lewat tenggat") == 1
    assert count(r, r.citizen.chat_id, f"laporan {number} terlambat") == 1
    assert (await tick(r)).overdue == 0

    clock.set(2026, 12, 9, 8, 30)  # two working days after the deadline: the admins
    done = await tick(r)
    assert done.escalated == 1
    assert count(r, ADMIN, "Eskalasi") == 1
    assert number in r.telegram.messages(ADMIN)[-1].text
    assert "Jalan berlubang" not in r.telegram.messages(ADMIN)[-1].text  # numbers, not the citizen's words
    clock.set(2026, 12, 10, 9, 0)
    assert (await tick(r)).escalated == 0

    # Each once: one reminder, one overdue note, one notice, one escalation.
    assert count(r, PUPR.chat_id, "Pengingat") == 1
    assert count(r, COORD.chat_id, "lewat tenggat") == 1
    assert count(r, ADMIN, "Eskalasi") == 1
    assert len(r.telegram.messages(r.citizen.chat_id)) == citizen_before + 1
    kinds = [e.kind for e in await r.events(number)]
    assert [k for k in kinds if k in ("reminded", "overdue", "escalated")] == ["reminded", "overdue", "escalated"]


async def test_acting_on_the_ticket_starts_a_new_deadline_with_none_of_the_old_marks(db):
    clock = Clock(datetime.now(UTC))
    r, number = await ignored(db, clock)
    clock.set(2026, 12, 8, 9, 0)
    assert (await tick(r)).overdue == 1
    await r.agus.press(PUPR, r.card(PUPR, number), "Proses")  # in progress keeps the deadline
    await r.agus.reply(PUPR, r.card(PUPR, number), "Sudah ditambal.")  # answered: the close deadline
    ticket = await r.ticket(number)
    assert ticket.deadline_kind == "close" and ticket.overdue_at is None and ticket.reminded_at is None
    assert (await tick(r)).overdue == 0  # an answered ticket is not the desk's to be late on


async def test_a_day_off_decreed_later_moves_the_deadline_and_nobody_is_reminded_twice(db):
    clock = Clock(datetime.now(UTC))
    r, number = await ignored(db, clock)
    clock.set(2026, 12, 4, 9, 0)
    assert (await tick(r)).reminded == 1
    workdays.add_holidays([date(2026, 12, 7)])  # Monday decreed a day off (cuti bersama)
    done = await tick(r)
    assert done.recomputed == 1 and done.reminded == 0
    ticket = await r.ticket(number)
    assert ticket.due_at.astimezone(WIB).date() == date(2026, 12, 8)
    assert "8 Des 2026" in r.card(PUPR, number).text
    clock.set(2026, 12, 8, 9, 0)  # the new deadline's day: not late yet, and no second reminder
    done = await tick(r)
    assert done.overdue == 0 and done.reminded == 0
    assert count(r, PUPR.chat_id, "Pengingat") == 1
    clock.set(2026, 12, 9, 9, 0)
    assert (await tick(r)).overdue == 1


async def test_a_service_tier_sets_the_agencys_deadline(db):
    clock = Clock(datetime.now(UTC))
    r, number = await ignored(db, clock, agency_tiers={"PUPR": "berat"})
    ticket = await r.ticket(number)
    assert ticket.tier == "berat"
    assert ticket.due_at == workdays.add_working_days(datetime(2026, 11, 30, 9, tzinfo=WIB), 60, WIB)


async def test_the_daily_digest_comes_once_a_working_day_and_opens_cards(db):
    clock = Clock(datetime.now(UTC))
    r, number = await ignored(db, clock)
    clock.set(2026, 12, 1, 7, 30)  # before the digest hour
    assert (await r.world.desks.deadline_clock(digest_hour=8)).messages["digest"] == 0
    clock.set(2026, 12, 1, 8, 10)
    assert (await r.world.desks.deadline_clock(digest_hour=8)).messages["digest"] == 1  # PUPR holds the one ticket
    clock.set(2026, 12, 1, 15, 0)
    assert (await r.world.desks.deadline_clock(digest_hour=8)).messages["digest"] == 0
    await r.telegram.deliver()
    digest = r.telegram.last(PUPR.chat_id, "Ringkasan harian")
    assert "Baru: 1" in digest.text and number in digest.text
    await r.agus.press(PUPR, digest, number)  # the button posts the card at the bottom
    await r.telegram.deliver()
    assert r.telegram.messages(PUPR.chat_id)[-1].text.startswith(f"📋 {number}")
    clock.set(2026, 12, 2, 8, 10)
    assert (await r.world.desks.deadline_clock(digest_hour=8)).messages["digest"] == 1  # the next day's


async def test_hundreds_of_overdue_tickets_make_one_digest_not_hundreds_of_messages(db):
    clock = Clock(datetime.now(UTC))
    r, number = await ignored(db, clock)
    ticket = await r.ticket(number)
    async with db.uow() as uow:
        for n in range(300):
            made = await uow.tickets.add(NewTicket(
                number=f"OKU-2612-{n:05d}", citizen_id=ticket.citizen_id, report_type="pengaduan",
                title=f"Lampu jalan mati {n}", description="x" * 40, event_date=None, location_text=None,
                latitude=None, longitude=None, anonymous=False, confidential=False, phone=None,
                agency_code="PUPR", language="id"))
            await uow.tickets.change(made.id, made.version, status="dispositioned",
                                     **r.world.desks.config.deadline("followup", clock(), "PUPR"))
        await uow.commit()
    before = {chat: len(r.telegram.messages(chat)) for chat in (COORD.chat_id, PUPR.chat_id, ADMIN)}
    clock.set(2026, 12, 9, 9, 0)  # overdue and escalated at once
    done = await tick(r)
    assert done.overdue == 301 and done.escalated == 301
    for chat in (COORD.chat_id, ADMIN):
        new = r.telegram.messages(chat)[before[chat]:]
        assert len(new) == 1, (chat, len(new))  # one digest
        assert len(split_text(new[0].text)) <= 3  # the sender sends it in at most three parts
        assert "dan 251 lainnya" in new[0].text
    assert len(r.telegram.messages(COORD.chat_id)[before[COORD.chat_id]:][-1].buttons) <= 10
