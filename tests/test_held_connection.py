"""The bot's one SQLite connection, held across units of work (storage/uow.py `_HeldConnection`):
each unit of work is still one transaction of its own, whatever happens inside it, and they
take turns in arrival order."""

from __future__ import annotations

import asyncio

import pytest

from flows.events import Reply
from flows.model import Citizen
from flows.ports import StorageBusy


async def count_outbox(db) -> int:
    async with db.uow() as uow:
        raw = uow.raw_sqlite
        assert raw is not None
        return raw.execute("SELECT count(*) FROM outbox").fetchone()[0]


async def test_the_fixture_holds_one_connection_for_every_unit_of_work(db):
    async with db.uow() as first:
        conn = first.conn
    async with db.uow() as second:
        assert second.conn is conn and second.raw_sqlite is not None


async def test_a_failing_unit_of_work_leaves_nothing_behind_and_the_next_one_works(db):
    with pytest.raises(RuntimeError):
        async with db.uow() as uow:
            await uow.outbox.add(1, Reply("direct"))  # straight on sqlite3
            await uow.admins.grant(77, by=1)  # through the ORM, same transaction
            raise RuntimeError("the turn failed")
    assert await count_outbox(db) == 0
    async with db.uow() as uow:
        assert not await uow.admins.is_granted(77)
        await uow.outbox.add(1, Reply("again"))
        await uow.admins.grant(77, by=1)
        await uow.commit()
    assert await count_outbox(db) == 1
    async with db.uow() as uow:
        assert await uow.admins.is_granted(77)


async def test_units_of_work_take_turns_in_arrival_order(db):
    order: list[str] = []

    async def slow() -> None:
        async with db.uow() as uow:
            order.append("slow in")
            await uow.outbox.add(2, Reply("slow"))
            await asyncio.sleep(0.05)  # e.g. a membership check over HTTP inside a turn
            await uow.commit()
            order.append("slow out")

    async def quick(name: str) -> None:
        async with db.uow() as uow:
            order.append(name)
            await uow.commit()

    first = asyncio.create_task(slow())
    await asyncio.sleep(0.01)
    await asyncio.gather(first, quick("a"), quick("b"))
    assert order == ["slow in", "slow out", "a", "b"]


async def test_a_cancelled_unit_of_work_rolls_back_and_hands_the_connection_on(db):
    entered = asyncio.Event()

    async def stuck() -> None:
        async with db.uow() as uow:
            await uow.citizens.save(Citizen(None, 9, 9, "Siti"))
            entered.set()
            await asyncio.sleep(30)

    task = asyncio.create_task(stuck())
    await entered.wait()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    async with asyncio.timeout(2):  # not the 30 s a lost lock would cost
        async with db.uow() as uow:
            assert await uow.citizens.get_by_user(9) is None
            await uow.commit()


async def test_a_lost_connection_is_replaced(db):
    async with db.uow() as uow:
        old = uow.conn
        await old.invalidate()  # as SQLAlchemy does when the connection breaks mid-query
    async with db.uow() as uow:
        assert uow.conn is not old
        await uow.outbox.add(3, Reply("after"))
        await uow.commit()
    assert await count_outbox(db) == 1


async def test_a_write_lock_held_by_another_process_is_storage_busy(db, tmp_path):
    import sqlite3

    other = sqlite3.connect(tmp_path / "test.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageBusy):
            async with db.uow():
                pass
    finally:
        other.execute("ROLLBACK")
        other.close()
    async with db.uow() as uow:  # the lock was released on the failure
        await uow.commit()
