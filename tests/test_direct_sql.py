"""The hot statements run straight on sqlite3 (storage/repos/sql.py `Prepared`, `Repo.run`), with
SQLAlchemy's own compiled SQL and type processing: what they store and read back is exactly what
SQLAlchemy's execution stores and reads, and their failures reach the unit of work as
SQLAlchemy's errors (a locked database is StorageBusy, and the turn runs again)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from flows.events import Button, Reply
from flows.model import Citizen, Draft, MessageRef
from flows.ports import StaleDraft, StorageBusy
from storage.uow import SqlUnitOfWork

AT = datetime(2026, 12, 3, 7, 30, 15, 123456, tzinfo=UTC)


async def scenario(db) -> dict:
    """Everything the direct statements do, read back through them."""
    async with db.uow() as uow:
        assert await uow.updates.claim(41) and not await uow.updates.claim(41)
        citizen = await uow.citizens.save(Citizen(None, 5001, 5001, "Siti Aminah", language="en",
                                                  phone="+6281234567890", consent_at=AT))
        draft = Draft(5001, 5001, "story", seq=3, data={"title": "Jalan rusak 🚧", "n": 2, "ok": True},
                      history=["kind", "title"], editing=True)
        await uow.drafts.save(draft)
        await uow.drafts.save(draft)  # version 1 -> 2
        await uow.outbox.add_many([(5001, Reply("Halo", buttons=[[Button("OK", "ok:1")]]), None),
                                   (5001, Reply("Ringkasan", edit_message_id=9), MessageRef(77, edit=True)),
                                   (-100, Reply("Kartu"), MessageRef(78))])
        await uow.outbox.reachable_again(5001)
        await uow.commit()
    async with db.uow() as uow:
        by_user = await uow.citizens.get_by_user(5001)
        by_id = await uow.citizens.get(citizen.id)
        loaded = await uow.drafts.get(5001)
        due = await uow.outbox.due(datetime.now(UTC), 10)
        one = await uow.outbox.due(datetime.now(UTC), 10, only_chat=-100)
        await uow.outbox.mark_sent(one[0].id, 555, AT, one[0].ref.ticket_message)
        after = await uow.outbox.due(datetime.now(UTC), 10, only_chat=-100)
        stale = Draft(5001, 5001, "story", version=1)
        with pytest.raises(StaleDraft):
            await uow.drafts.save(stale)
        await uow.commit()
    return {"citizen": (by_user, by_id == by_user), "draft": loaded,
            "due": [(i.chat_id, i.payload, i.attempts, i.ref) for i in due],
            "one": [(i.chat_id, i.payload, i.ref) for i in one], "after": after}


async def test_the_direct_statements_store_and_read_what_sqlalchemy_does(db, tmp_path, monkeypatch):
    from storage.db import create_engine, migrate
    from storage.uow import Database

    direct = await scenario(db)
    assert direct["citizen"][0].consent_at == AT and direct["citizen"][0].phone == "+6281234567890"
    assert direct["draft"].data == {"title": "Jalan rusak 🚧", "n": 2, "ok": True} and direct["draft"].version == 2
    assert [chat for chat, *_ in direct["due"]] == [5001, -100] and direct["after"] == []

    # The same through SQLAlchemy's execution, on another database
    monkeypatch.setattr(SqlUnitOfWork, "raw_sqlite", property(lambda self: None))
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'sa.db'}")
    await migrate(engine)
    other = Database(engine)
    try:
        through_sa = await scenario(other)
    finally:
        await other.dispose()
    for run in (direct, through_sa):  # made at different moments
        assert run["citizen"][0].created_at is not None
        run["citizen"][0].created_at = None
    assert direct["citizen"] == through_sa["citizen"]
    assert direct["draft"].updated_at is not None and through_sa["draft"].updated_at is not None
    direct["draft"].updated_at = through_sa["draft"].updated_at = None
    assert direct["draft"] == through_sa["draft"]
    assert direct["due"] == through_sa["due"] and direct["one"] == through_sa["one"]


async def test_the_direct_path_is_taken_on_sqlite(db):
    async with db.uow() as uow:
        assert isinstance(uow.raw_sqlite, sqlite3.Connection)


async def test_python_side_column_defaults_are_applied_as_sqlalchemy_would(db):
    """outbox.parts_done has `default=0` and no value from add_many: SQLAlchemy computes such
    defaults before each statement, and the direct path must too."""
    async with db.uow() as uow:
        await uow.outbox.add_many([(8, Reply("Halo"), None)])
        await uow.commit()
        raw = uow.raw_sqlite
    assert raw is not None
    assert raw.execute("SELECT parts_done, status FROM outbox WHERE chat_id = 8").fetchall() == [(0, "pending")]


async def test_a_failing_direct_statement_raises_sqlalchemys_error(db):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError):
        async with db.uow() as uow:
            await uow.outbox.add_many([(None, Reply("tanpa chat"), None)])


async def test_a_locked_database_is_storage_busy(db, tmp_path):
    """Another process holds the write lock: the unit of work cannot begin (BEGIN IMMEDIATE
    waits the busy timeout, then fails) and reports StorageBusy, so the turn runs again."""
    other = sqlite3.connect(tmp_path / "test.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageBusy):
            async with db.uow() as uow:
                await uow.updates.claim(99)
    finally:
        other.execute("ROLLBACK")
        other.close()
    async with db.uow() as uow:  # and then it works
        assert await uow.updates.claim(99)
        await uow.commit()
