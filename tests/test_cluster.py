"""Several `lapor-bot run` processes on one PostgreSQL (issue 15, bot/cluster.py): one leads
(polls, sends, runs the jobs) by an advisory lock, the others stand by and take over within
seconds when it dies; every process beats, `lapor-bot status` lists them, and the admins hear of
one that went silent. PostgreSQL tests skip without a server, except in CI."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cluster import SILENT_S, Cluster, workers_report
from bot.jobs import guarded
from storage.db import at_head, create_engine, migrate
from storage.leader import LeaderLock
from storage.repos.workers import Worker
from storage.uow import Database
from tests.botapi_server import FakeBotAPI
from tests.conftest import POSTGRES_URL, _postgres_schema, drop_schema
from tests.e2e import FAST_PACING, Phone
from tests.test_e2e_intake import STORY, TITLE, consent
from tests.test_kill import Child


@pytest.fixture
async def schema() -> AsyncIterator[str]:
    """A fresh schema on the test server, migrated, dropped after."""
    name, engine = await _postgres_schema()
    try:
        await migrate(engine)
        yield name
    finally:
        await engine.dispose()
        await drop_schema(name)


@pytest.fixture
async def pg(schema: str) -> AsyncIterator[Database]:
    db = Database(create_engine(POSTGRES_URL, schema))
    yield db
    await db.dispose()


def lock(schema: str | None) -> LeaderLock:
    return LeaderLock(create_engine(POSTGRES_URL, schema), schema)


async def eventually(check, timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not await check():
            await asyncio.sleep(0.1)


async def test_one_leader_per_schema_and_another_takes_over_when_it_dies(schema):
    first, second, elsewhere = lock(schema), lock(schema), lock(schema + "_other")
    try:
        assert await first.hold() and not await second.hold()
        assert await elsewhere.hold()  # another deployment in the same database has its own leader
        assert await first.hold() and not await second.hold()  # held, and kept
        # The leader's process dies: the server ends its session, and the lock goes with it.
        assert first._conn is not None
        pid = await first._conn.scalar(text("SELECT pg_backend_pid()"))
        admin = create_engine(POSTGRES_URL)
        async with admin.begin() as conn:
            await conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        await admin.dispose()
        await eventually(second.hold)
        assert not await first.hold()  # its connection is gone; the lead is the other's now
        await second.release()  # an orderly stop hands it on at the next try
        await eventually(first.hold)
    finally:
        for x in (first, second, elsewhere):
            await x.release()


async def test_a_process_alone_on_sqlite_leads(tmp_path):
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'one.db'}")
    await migrate(engine)
    db = Database(engine, hold=True)
    cluster = Cluster(db, LeaderLock(engine), "polling")
    assert cluster.is_leader  # before any beat: nothing to wait for
    await cluster.beat()
    async with db.uow() as uow:
        [w] = await uow.workers.all()
    assert (w.role, w.pid, w.mode) == ("leader", os.getpid(), "polling") and w.silent_s < 5
    await cluster.stop()
    async with db.uow() as uow:
        [w] = await uow.workers.all()
    assert w.role == "stopped" and w.stopped_at is not None
    assert "stopped" in workers_report([w])
    await db.dispose()


def test_lapor_bot_status_lists_the_workers(tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    url = f"sqlite+aiosqlite:///{tmp_path / 's.db'}"
    monkeypatch.setenv("DATABASE_URL", url)

    async def one_beat() -> None:
        engine = create_engine(url)
        await migrate(engine)
        db = Database(engine)
        cluster = Cluster(db, LeaderLock(engine), "webhook")
        cluster.handled = lambda: 42
        await cluster.beat()
        await db.dispose()

    assert main(["status"]) == 0
    assert "Workers: none has run on this database yet" in capsys.readouterr().out
    asyncio.run(one_beat())
    assert main(["status"]) == 0
    out = capsys.readouterr().out
    assert "Workers: 1 alive, 1 leading" in out and "webhook" in out and " 42 " in out, out
    assert f" {os.getpid()} " in out and "alive (" in out


async def test_a_silent_worker_is_reported_once_by_the_leader(schema, pg):
    told: list[list[Worker]] = []

    async def on_silent(workers: list[Worker]) -> None:
        told.append(workers)

    leader = Cluster(pg, lock(schema), "webhook", on_silent=on_silent)
    standby = Cluster(pg, lock(schema), "webhook", on_silent=on_silent)
    gone = Cluster(pg, lock(schema), "webhook", on_silent=on_silent)
    try:
        for c in (leader, standby, gone):
            await c.beat()
        assert leader.is_leader and not standby.is_leader and not gone.is_leader
        # `gone` stops beating without an orderly stop (killed); its last beat is made old by
        # the database's clock, which is what counts, whatever the workers' clocks say.
        async with pg.uow() as uow:
            await uow.conn.execute(text("UPDATE worker SET heartbeat_at = now() - make_interval(secs => :s) "
                                        "WHERE id = :id"), {"s": SILENT_S + 5, "id": gone.id})
            await uow.commit()
        await standby.beat()  # a standby reports nobody
        assert told == []
        await leader.beat()
        assert [[w.id for w in ws] for ws in told] == [[gone.id]]
        await leader.beat()
        assert len(told) == 1  # told once
        async with pg.uow() as uow:
            report = workers_report(await uow.workers.all())
        assert "2 alive, 1 leading" in report and "SILENT" in report
    finally:
        for c in (leader, standby, gone):
            await c.lock.release()


async def test_a_scheduled_job_runs_only_where_the_process_leads():
    ran: list[str] = []

    async def job() -> None:
        ran.append("x")

    leads = False
    run = guarded("clock", job, None, lambda: leads)
    await run()
    assert ran == []
    leads = True
    await run()
    assert ran == ["x"]


# --------------------------------------------------------------------- three processes end to end


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


def worker_env(api: FakeBotAPI, schema: str, framework: str = "aiogram") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_", "WEBHOOK_"))}
    settings = dict(bot_token=api.token, telegram_api_url=api.base_url, telegram_timeout=5,
                    database_url=POSTGRES_URL, database_schema=schema, log_level="WARNING",
                    admin_ids="9001", bot_framework=framework, flood_per_minute=120, **FAST_PACING)
    env.update({name.upper(): str(value) for name, value in settings.items()})
    return env


async def test_three_workers_one_leads_and_a_killed_leader_is_replaced(api, schema, pg, tmp_path: Path):
    env = worker_env(api, schema)
    api.user(9001, "Admin")
    logs = [tmp_path / f"worker{i}.log" for i in range(3)]
    workers = [Child(env, tmp_path, log) for log in logs]
    try:
        async def all_up() -> bool:
            async with pg.uow() as uow:
                rows = await uow.workers.all()
            return sum(w.role == "leader" for w in rows) == 1 and len(rows) == 3

        await eventually(all_up, 30)
        leading = [i for i, log in enumerate(logs) if "now leads" in log.read_text()]
        assert len(leading) == 1
        phone = Phone(api, api.user(1007, "Dewi"))
        q = await consent(phone)
        q = await phone.tap(q, "Pengaduan", "Langkah 2/")
        await phone.ask(TITLE, "Langkah 3/")
        # The leader dies in the middle of the form; another worker takes the lead, polls, and
        # the citizen goes on where they were. (Killed once its deliveries are recorded: one killed
        # between Telegram's answer and the record is sent again, at least once by design.)
        async def all_recorded() -> bool:
            async with pg.uow() as uow:
                return not await uow.conn.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL"))

        await eventually(all_recorded)
        workers[leading[0]].kill()
        q = await phone.tell(STORY)
        assert "Pekerjaan Umum" in q.text
        took = [i for i, log in enumerate(logs) if i != leading[0] and "now leads" in log.read_text()]
        assert len(took) == 1
        q = await phone.tap(q, "Ya, benar", "Langkah 5/")
        # Every message reached the citizen once, whichever worker sent it.
        texts = [s.text for s in api.messages(phone.chat_id)]
        assert len(texts) == len(set(texts)), [t[:40] for t in texts]
        assert sum("Langkah 3/" in (t or "") for t in texts) == 1

        async def reported() -> bool:  # the killed one is reported to the admins
            return any("berhenti berdetak" in (s.text or "") for s in api.messages(9001))

        await eventually(reported, SILENT_S + 15)
    finally:
        for w in workers:
            w.kill()


async def test_a_commit_on_another_worker_wakes_the_leaders_sender(schema, pg):
    """In webhook mode every worker handles requests, and only the leader sends: a commit that
    owes messages is announced (NOTIFY, delivered at the commit), and the leader's sender hears
    which chats to send to. Its own commits it does not hear of (they woke its sender already)."""
    from flows.events import Reply

    heard: list[set[int] | None] = []
    leader = lock(schema)
    leader.worker_id = "leader-1"
    leader.on_notify = heard.append
    other = Database(create_engine(POSTGRES_URL, schema))
    other.notify_as = "standby-2"
    pg.notify_as = "leader-1"
    try:
        assert await leader.hold()
        async with other.uow() as uow:
            await uow.outbox.add(4242, Reply("Laporan diterima"))
            await uow.outbox.add(4343, Reply("Laporan diterima"))
            await uow.commit()
        async with other.uow() as uow:  # rolled back: nothing was owed, nobody is told
            await uow.outbox.add(4444, Reply("x"))
        async with pg.uow() as uow:  # the leader's own
            await uow.outbox.add(4545, Reply("y"))
            await uow.commit()

        async def heard_it() -> bool:
            return bool(heard)

        await eventually(heard_it)
        await asyncio.sleep(0.3)
        assert heard == [{4242, 4343}]
    finally:
        await leader.release()
        await other.dispose()


async def test_one_chats_turns_wait_for_each_other_across_workers(schema, pg):
    """Webhook requests for one chat reaching two workers: the second turn's claim waits for the
    first turn's commit (an advisory lock of the transaction, per chat); other chats go on."""
    other = Database(create_engine(POSTGRES_URL, schema))
    order: list[int] = []

    async def turn(update_id: int, chat_id: int) -> None:
        async with other.uow() as uow:
            assert await uow.updates.claim(update_id, chat_id)
            order.append(update_id)
            await uow.commit()

    try:
        async with pg.uow() as first:
            assert await first.updates.claim(1, 777)
            same_chat = asyncio.create_task(turn(2, 777))
            await turn(3, 888)  # another chat: not held up
            await asyncio.sleep(0.3)
            assert order == [3] and not same_chat.done()
            order.append(1)
            await first.commit()
        await asyncio.wait_for(same_chat, 5)
        assert order == [3, 1, 2]
    finally:
        await other.dispose()


async def test_three_polling_workers_share_the_updates_each_chat_in_order_and_once(api, schema, pg, tmp_path,
                                                                                  framework):
    """The leader polls into the inbox; every worker takes from it. Eight citizens at once, each
    writing their story in three messages sent in the same instant: every story arrives whole and
    in order, every reply once, and the updates were handled by more than one worker."""
    env = worker_env(api, schema, framework)
    workers = [Child(env, tmp_path, tmp_path / f"w{i}.log") for i in range(3)]
    parts = ["Jalan di depan sekolah berlubang besar sejak bulan lalu,", "motor warga sering jatuh di sana",
             "dan belum ada perbaikan dari dinas."]

    async def citizen(i: int) -> Phone:
        phone = Phone(api, api.user(3000 + i, f"Warga {i}"))
        q = await consent(phone)
        q = await phone.tap(q, "Pengaduan", "Langkah 2/")
        await phone.ask(f"Jalan berlubang nomor {i} di kampung", "Langkah 3/")
        for part in parts:
            phone.say(part)
        await phone.expect("Cerita diterima")
        return phone

    try:
        async def all_up() -> bool:
            async with pg.uow() as uow:
                return len(await uow.workers.all()) == 3

        await eventually(all_up, 30)
        phones = await asyncio.gather(*(citizen(i) for i in range(8)))

        async def stories_whole() -> bool:
            async with pg.uow() as uow:
                rows = (await uow.conn.execute(text("SELECT data FROM conversation_draft"))).scalars().all()
            stories = [r.get("description", "") if isinstance(r, dict) else "" for r in rows]
            return len(stories) == 8 and all(s == "\n".join(parts) for s in stories)

        await eventually(stories_whole)
        for phone in phones:
            texts = [s.text for s in api.messages(phone.chat_id)]
            assert len(texts) == len(set(texts)), [t[:40] for t in texts if t]  # every reply once
        await asyncio.sleep(2.5)  # a heartbeat: each worker's count of handled updates

        async with pg.uow() as uow:
            handled = [w.handled for w in await uow.workers.all()]
            assert await uow.inbox.backlog() == 0
        assert sum(handled) >= 8 * 6 and sum(h > 0 for h in handled) >= 2, handled
    finally:
        for w in workers:
            w.kill()


async def test_the_database_dropping_every_connection_costs_the_citizen_a_delay_only(api, schema, pg, tmp_path):
    """PostgreSQL restarted (every session of the bot ended by the server) in the middle of a
    form: the worker reconnects, leads again, and the citizen goes on; nothing is lost."""
    workers = [Child(worker_env(api, schema), tmp_path, tmp_path / "w.log")]
    try:
        async def up() -> bool:
            async with pg.uow() as uow:
                return any(w.role == "leader" for w in await uow.workers.all())

        await eventually(up, 30)
        phone = Phone(api, api.user(1011, "Sari"))
        q = await consent(phone)
        admin = create_engine(POSTGRES_URL)
        async with admin.begin() as conn:
            ended = (await conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"))).all()
        await admin.dispose()
        assert len(ended) >= 2  # the worker's pool and its leader lock, at least
        q = await phone.tap(q, "Pengaduan", "Langkah 2/")
        await phone.ask(TITLE, "Langkah 3/")
        q = await phone.tell(STORY)
        assert "Pekerjaan Umum" in q.text
        assert workers[0].proc.poll() is None  # still running
    finally:
        for w in workers:
            w.kill()


async def test_a_migration_not_safe_while_workers_run_is_refused(tmp_path, monkeypatch, capsys):
    import storage.db
    from bot.cli import main
    from storage.db import MigrationRefused, pending_unsafe

    assert pending_unsafe("0010_followers") == []  # 0011 and 0012 only add: marked ONLINE_SAFE
    assert pending_unsafe(None)[0] == "0001"  # a new database: nobody runs on it anyway
    url = f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"
    engine = create_engine(url)
    await migrate(engine, "0011_workers")
    async with engine.begin() as conn:  # a worker (of the version before 0012) runs on the database
        await conn.execute(text("INSERT INTO worker (id, host, pid, role, mode, started_at, heartbeat_at) "
                                "VALUES ('w1', 'mesin-1', :pid, 'leader', 'polling', CURRENT_TIMESTAMP, "
                                "CURRENT_TIMESTAMP)"), {"pid": os.getpid()})
    # Were 0012 not marked safe, it would be refused while that worker runs:
    monkeypatch.setattr(storage.db, "_ONLINE_SAFE", re.compile("(?!x)x"))
    with pytest.raises(MigrationRefused, match=rf"1 worker\(s\) run on this database \(mesin-1:{os.getpid()}\)"):
        await migrate(engine)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    assert await asyncio.to_thread(main, ["migrate"]) == 1  # as `lapor-bot run` migrates at start
    assert "stop them first" in capsys.readouterr().err
    async with engine.begin() as conn:  # stopped in order: nobody runs now
        await conn.execute(text("UPDATE worker SET stopped_at = CURRENT_TIMESTAMP"))
    await migrate(engine)
    assert await at_head(engine)
    await engine.dispose()


async def test_a_worker_killed_holding_an_update_hands_it_to_another(api, schema, pg, tmp_path):
    """A worker takes a citizen's message from the inbox and dies before its turn commits (the
    test hook holds it there): its lease runs out and another worker handles the message; the
    citizen finishes with that one."""
    from bot.inbound import HOLD_ENV
    from bot.inbox import LEASE_S

    env = worker_env(api, schema)
    phone = Phone(api, api.user(1013, "Wati"))
    holder = Child({**env, HOLD_ENV: STORY}, tmp_path, tmp_path / "holder.log")
    others: list[Child] = []
    try:
        q = await consent(phone)
        q = await phone.tap(q, "Pengaduan", "Langkah 2/")
        await phone.ask(TITLE, "Langkah 3/")
        held = phone.say(STORY)  # alone, the holder takes it from the inbox
        await holder.wait_log(f"update {held['update_id']} held forever")
        others = [Child(env, tmp_path, tmp_path / f"other{i}.log") for i in range(2)]

        async def two_more() -> bool:
            async with pg.uow() as uow:
                return len(await uow.workers.all()) == 3

        await eventually(two_more, 30)
        holder.kill()
        status = await phone.expect("Cerita diterima", timeout=LEASE_S + 20)
        q = await phone.tap(status, "Lanjut", "Langkah 4/")
        assert "Pekerjaan Umum" in q.text
        assert sum("Cerita diterima" in (s.text or "") for s in api.messages(phone.chat_id)) == 1
    finally:
        for w in [holder, *others]:
            w.kill()


async def test_a_worker_whose_clock_is_a_minute_off_is_judged_by_the_databases(schema, pg, monkeypatch):
    """Heartbeats are stamped with PostgreSQL's now(), not the worker's clock: a worker a minute
    behind is neither silent to the others nor reported."""
    from datetime import datetime as real_datetime
    from datetime import timedelta

    import storage.repos.workers as workers_module

    class Behind(real_datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return real_datetime.now(tz) - timedelta(minutes=1)

    told: list[list[Worker]] = []

    async def on_silent(workers: list[Worker]) -> None:
        told.append(workers)

    monkeypatch.setattr(workers_module, "datetime", Behind)
    leader = Cluster(pg, lock(schema), "polling", on_silent=on_silent)
    behind = Cluster(pg, lock(schema), "polling", on_silent=on_silent)
    try:
        await leader.beat()
        await behind.beat()
        await leader.beat()
        async with pg.uow() as uow:
            rows = {w.id: w for w in await uow.workers.all()}
        assert rows[behind.id].silent_s < 5 and told == []
    finally:
        for c in (leader, behind):
            await c.lock.release()


async def test_an_exhausted_connection_pool_makes_turns_wait_not_fail(api, schema, tmp_path):
    """One connection for the whole worker (DATABASE_POOL_SIZE=1, no overflow): the turns, the
    sender and the heartbeat queue for it; ten citizens at once are all answered."""
    from tests.e2e import RunningBot, bot_settings

    settings = bot_settings(api, tmp_path, database_url=POSTGRES_URL, database_schema=schema,
                            database_pool_size=1, database_max_overflow=0, database_pool_timeout=30)
    bot = await RunningBot(settings).start()
    try:
        phones = [Phone(api, api.user(1100 + i, f"Warga {i}")) for i in range(10)]

        async def walk(phone: Phone) -> None:
            q = await consent(phone)
            q = await phone.tap(q, "Pengaduan", "Langkah 2/")
            await phone.ask(TITLE, "Langkah 3/")

        await asyncio.gather(*(walk(p) for p in phones))
        assert not api.unanswered_callbacks()
    finally:
        await bot.stop()


async def test_rows_of_workers_gone_long_ago_are_dropped(tmp_path):
    """A row per start would pile up over the years (SQLite too): the leader drops those of
    workers silent or stopped for a week."""
    from datetime import UTC, datetime, timedelta

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    await migrate(engine)
    db = Database(engine)
    old = datetime.now(UTC) - timedelta(days=8)
    async with engine.begin() as conn:
        await conn.execute(text("INSERT INTO worker (id, host, pid, role, mode, started_at, heartbeat_at, stopped_at) "
                                "VALUES ('gone', 'mesin-lama', 1, 'stopped', 'polling', :at, :at, :at)"),
                           {"at": old.isoformat(sep=" ")})
    cluster = Cluster(db, LeaderLock(engine), "polling")
    await cluster.beat()  # the first beat of a leader tidies
    async with db.uow() as uow:
        assert [w.id for w in await uow.workers.all()] == [cluster.id]
    await db.dispose()
