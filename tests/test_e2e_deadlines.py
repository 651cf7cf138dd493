"""The life of an ignored ticket end to end, on both frameworks: the real bot against the local Bot
API server, its deadline clock driven by a controllable clock (the scheduler's job run when the
test says, no sleeping), and a restart in between. The desk is reminded, the card marked overdue,
the coordinator, the citizen and the admins told, each exactly once."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot import app as app_module
from bot import runner, runner_ptb
from tests.botapi_server import FakeBotAPI
from tests.e2e import RunningBot, bot_settings
from tests.test_e2e_desks import ADMIN, COORD, PUPR, STORY, World

WIB = ZoneInfo("Asia/Jakarta")


class Clock:
    def __init__(self) -> None:
        self.at = datetime(2026, 11, 30, 9, 0, tzinfo=WIB)  # a Monday morning

    def __call__(self) -> datetime:
        return self.at.astimezone(UTC)

    def set(self, *args: int) -> None:
        self.at = datetime(*args, tzinfo=WIB)


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
def clocked(monkeypatch):
    """Both runners build their app with the test's clock; the apps built, newest last."""
    clock, built = Clock(), []
    real = app_module.build_app

    async def build(settings, members=None, clock_=None):
        made = await real(settings, members, clock=clock)
        built.append(made)
        return made

    for module in (runner, runner_ptb):
        monkeypatch.setattr(module, "build_app", build)
    return clock, built


def count(api, chat_id: int, contains: str) -> int:
    return sum(contains in (m.text or "") for m in api.messages(chat_id))


async def settle(api, chat_id: int, contains: str, timeout: float = 10) -> None:
    await api.wait_for_message(chat_id, lambda s: contains in (s.text or ""), timeout=timeout)


async def test_an_ignored_ticket_across_a_restart(api, tmp_path, framework, clocked):
    clock, built = clocked
    settings = bot_settings(api, tmp_path, framework)
    w = World(api)
    bot = await RunningBot(settings).start()
    try:
        await w.desk(w.coord, "koordinator")
        await w.desk(w.pupr, "PUPR")
        number = await w.file("Jalan berlubang di Jl. Mayor Ruslan", STORY)
        w.press(w.coord_staff, await w.card(COORD, number), "Verifikasi")
        await w.card(PUPR, number)  # verified to PUPR on Monday: due Monday 7 Dec (5 working days)

        clock.set(2026, 12, 4, 9, 30)  # Friday, the working day before
        await built[-1].deadline_clock()
        await settle(api, PUPR, f"Pengingat: {number}")
        card = await w.card(PUPR, number)  # posted again at the bottom, with its buttons
        assert "Proses" in " ".join(card.button_texts)
    finally:
        await bot.stop()

    clock.set(2026, 12, 8, 8, 0)  # Tuesday: past the deadline; the bot was down meanwhile
    bot = await RunningBot(settings).start()
    try:
        await built[-1].deadline_clock()  # besides the run the scheduler makes at start
        await built[-1].deadline_clock()
        await settle(api, COORD, "lewat tenggat")
        await settle(api, w.citizen.chat_id, f"laporan {number} terlambat")
        clock.set(2026, 12, 9, 8, 30)  # two working days after: the admins
        await built[-1].deadline_clock()
        await settle(api, ADMIN, "Eskalasi")
        await built[-1].deadline_clock()
        await w.citizen.settle(0.5)
    finally:
        await bot.stop()

    assert count(api, PUPR, f"Pengingat: {number}") == 1
    assert count(api, COORD, "lewat tenggat") == 1
    assert count(api, w.citizen.chat_id, "terlambat") == 1
    assert count(api, ADMIN, "Eskalasi") == 1
    cards = [m for m in api.messages(PUPR) if (m.text or "").startswith(f"📋 {number}")]
    assert cards and "TERLAMBAT" in (cards[-1].text or "")  # the card in use shows it is late


async def test_an_admin_gets_the_export_as_an_xlsx_in_a_private_chat_only(api, tmp_path, framework):
    from openpyxl import load_workbook

    settings = bot_settings(api, tmp_path, framework)
    w = World(api)
    bot = await RunningBot(settings).start()
    try:
        await w.desk(w.coord, "koordinator")
        number = await w.file("Jalan berlubang di Jl. Mayor Ruslan", STORY)
        api.send_command(w.admin, "/ekspor", "", chat=w.coord)  # a group: it holds personal data
        await settle(api, COORD, "chat pribadi")
        api.send_command(w.admin, "/ekspor", "2999-01")
        await settle(api, ADMIN, "setelah hari ini")
        api.send_command(w.admin, "/ekspor", "2026-11-10 2026-11-01")
        await settle(api, ADMIN, "lebih awal")
        api.send_command(w.admin, "/ekspor", "")
        await settle(api, ADMIN, "Ekspor 1 laporan")
        call = await api.wait_for_call("sendDocument", lambda c: str(c.params.get("chat_id")) == str(ADMIN),
                                       timeout=10)
        assert call.ok
        upload = call.params["document"]
        assert upload.filename.startswith("ekspor-OKU-") and upload.filename.endswith(".xlsx")
        (tmp_path / "got.xlsx").write_bytes(upload.data)
        rows = list(load_workbook(tmp_path / "got.xlsx").active.iter_rows(values_only=True))
        assert rows[1][0] == number and rows[1][2] == "Jalan berlubang di Jl. Mayor Ruslan"
        await w.citizen.settle(0.3)
        assert not list((tmp_path / "files").glob("*.xlsx"))  # sent, so gone from the disk
    finally:
        await bot.stop()


async def test_an_admin_gets_the_months_charts_as_photos(api, tmp_path, framework):
    settings = bot_settings(api, tmp_path, framework)
    w = World(api)
    bot = await RunningBot(settings).start()
    try:
        await w.desk(w.coord, "koordinator")
        await w.file("Jalan berlubang di Jl. Mayor Ruslan", STORY)
        api.send_command(w.admin, "/laporan", "2026-10")  # before the bot's first report
        await settle(api, ADMIN, "tidak ada grafik")
        api.send_command(w.admin, "/laporan", "kemarin")
        await settle(api, ADMIN, "Pilih periode")
        api.send_command(w.admin, "/laporan", "", chat=w.coord)  # counts and agencies only: in a desk too
        await settle(api, COORD, "1 laporan masuk", timeout=30)
        def chart(call) -> bool:  # an upload, not the citizen's photo under the card (sent by id)
            return str(call.params.get("chat_id")) == str(COORD) and not isinstance(call.params.get("photo"), str)

        photos = [await api.wait_for_call("sendPhoto", chart, timeout=10) for _ in range(2)]  # per week, per agency
        for call in photos:
            assert call.ok and call.params["photo"].data[:8] == b"\x89PNG\r\n\x1a\n"
        await w.citizen.settle(0.3)
        assert not list((tmp_path / "files").glob("*.png"))  # sent, so gone from the disk
    finally:
        await bot.stop()


@pytest.mark.parametrize("e2e_backend", ["postgresql"], indirect=True)
async def test_three_workers_running_the_scheduler_send_one_reminder(api, tmp_path, clocked):
    """Three workers on one PostgreSQL, each with the scheduler running the deadline clock: the
    desk is reminded once (the jobs run where the process leads, and the stamp is taken once)."""
    import asyncio

    clock, built = clocked
    settings = bot_settings(api, tmp_path, "aiogram")
    w = World(api)
    bots = [await RunningBot(settings).start()]
    try:
        bots += [await RunningBot(settings).start() for _ in range(2)]
        assert [a.cluster.is_leader for a in built] == [True, False, False]
        await w.desk(w.coord, "koordinator")
        await w.desk(w.pupr, "PUPR")
        number = await w.file("Jalan berlubang di Jl. Mayor Ruslan", STORY)
        w.press(w.coord_staff, await w.card(COORD, number), "Verifikasi")
        await w.card(PUPR, number)
        clock.set(2026, 12, 4, 9, 30)  # Friday, the working day before the deadline
        jobs = [a.scheduler.get_job("deadline-clock") for a in built]
        await asyncio.gather(*(job.func() for job in jobs for _ in range(2)))  # every scheduler, twice
        await settle(api, PUPR, f"Pengingat: {number}")
        await w.citizen.settle(0.5)
    finally:
        for bot in bots:
            await bot.stop()
    assert count(api, PUPR, f"Pengingat: {number}") == 1
