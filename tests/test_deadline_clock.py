"""The deadline clock closes answered tickets nobody replied to within CLOSE_DAYS working days."""

from datetime import timedelta

from flows.desks import AgencyInfo, DeskConfig, Desks
from flows.model import Citizen, NewTicket
from flows.turn import Turns
from tests.conftest import NOW, pothole

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


async def test_answered_ticket_past_due_is_closed_and_citizen_asked_to_rate(db):
    agencies = {"PUPR": AgencyInfo("PUPR", "Dinas PUPR", "PUPR", "opd")}
    desks = Desks(Turns(db.uow), agencies, DeskConfig(), clock=lambda: NOW)
    async with db.uow() as uow:
        citizen = await uow.citizens.save(Citizen(None, 77, 77, "Ani", consent_at=NOW))
        made = []
        for due in (NOW - timedelta(minutes=1), NOW + timedelta(days=3)):
            t = await uow.tickets.add(NewTicket(
                number=f"OKU-2611-0000{len(made)}0", citizen_id=citizen.id, report_type="pengaduan",
                title="Jalan rusak", description="x" * 40, event_date=None, location_text=None,
                latitude=None, longitude=None, anonymous=False, confidential=False, phone=None,
                agency_code="PUPR", language="id"))
            await uow.tickets.change(t.id, t.version, status="answered", due_at=due)
            made.append(t.id)
        await uow.commit()
    assert await desks.close_overdue_answers() == 1
    async with db.uow() as uow:
        overdue, fresh = [await uow.tickets.get(i) for i in made]
        events = await uow.tickets.events(overdue.id)
        stats = await uow.outbox.stats()
    assert overdue.status == "closed" and overdue.closed_at is not None
    assert fresh.status == "answered"
    assert events[-1].kind == "close" and events[-1].actor == "system"
    assert stats["counts"].get("pending") == 1  # the citizen's "closed, please rate" message
    assert await desks.close_overdue_answers() == 0


async def test_two_runs_of_the_clock_at_once_stamp_a_ticket_once(db, backend):
    """Two deadline clocks marking the same ticket overdue at the same time (two workers, or a
    scheduled run beside a manual one): on PostgreSQL the second's UPDATE waits for the first's
    commit and then finds the version unchanged, so the stamp itself must say "not yet"."""
    import asyncio

    async with db.uow() as uow:
        citizen = await uow.citizens.save(Citizen(None, 78, 78, "Budi", consent_at=NOW))
        t = await uow.tickets.add(pothole("OKU-2611-000099", citizen.id))
        await uow.commit()
    if backend == "sqlite":  # one connection: the two runs take turns, the second sees the first's stamp
        async with db.uow() as uow:
            assert await uow.tickets.stamp(t.id, t.version, overdue_at=NOW)
            await uow.commit()
        async with db.uow() as uow:
            assert not await uow.tickets.stamp(t.id, t.version, overdue_at=NOW)
        return
    first, second = db.uow(), db.uow()
    async with first as a:
        assert await a.tickets.stamp(t.id, t.version, overdue_at=NOW)
        async with second as b:
            waiting = asyncio.create_task(b.tickets.stamp(t.id, t.version, overdue_at=NOW))
            await asyncio.sleep(0.3)
            assert not waiting.done()  # the row is the first's until it commits
            await a.commit()
            assert await asyncio.wait_for(waiting, 5) is False
