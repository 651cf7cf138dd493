"""The complaint form end to end: the real bot, once on aiogram and once on python-telegram-bot,
polling the local Bot API server over HTTP, a real SQLite file, the outbox sender delivering
every reply."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.runner import StartupError
from storage.uow import Database
from tests.botapi_server import FakeBotAPI
from tests.e2e import BOTH_MODES, Phone, RunningBot, assert_came_in_by, bot_engine, bot_settings

TITLE = "Jalan berlubang di Jl. Mayor Ruslan"
STORY = ("Jalan di depan SD Negeri 5 Baturaja berlubang besar sejak dua bulan lalu, "
         "kemarin ada pengendara motor jatuh. Mohon segera diperbaiki.")
REPO = Path(__file__).resolve().parents[1]

E2E_BOTH_BACKENDS = True  # every test here runs its bot on SQLite and on PostgreSQL (tests/conftest.py)


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def bot(api, tmp_path, framework, mode):
    running = await RunningBot(bot_settings(api, tmp_path, framework, mode)).start()
    yield running
    await running.stop()
    assert_came_in_by(api, mode)


@pytest.fixture
def phone(api) -> Phone:
    return Phone(api, api.user(1001, "Siti", username="siti_oku"))


async def tickets_of(settings, user_id: int):
    engine = bot_engine(settings)
    db = Database(engine)
    try:
        async with db.uow() as uow:
            citizen = await uow.citizens.get_by_user(user_id)
            if citizen is None:
                return []
            listed = await uow.tickets.list_for_citizen(citizen.id, limit=100)
            return [await uow.tickets.get_by_number(t.number) for t in listed]
    finally:
        await engine.dispose()


async def consent(phone: Phone):
    welcome = await phone.ask("/start", "Selamat datang")
    return await phone.tap(welcome, "Setuju", "Langkah 1/")


async def to_description(phone: Phone):
    q = await consent(phone)
    q = await phone.tap(q, "Pengaduan", "Langkah 2/")
    return await phone.ask(TITLE, "Langkah 3/")


async def to_date(phone: Phone):
    await to_description(phone)
    q = await phone.tell(STORY)  # the proposed agency
    assert "Pekerjaan Umum" in q.text and "berlubang" in q.text
    return await phone.tap(q, "Ya, benar", "Langkah 5/")


async def to_summary(phone: Phone, api: FakeBotAPI):
    q = await to_date(phone)
    q = await phone.tap(q, "Kemarin", "Langkah 6/")
    assert q.reply_markup["keyboard"][0][0]["request_location"] is True
    api.send_location(phone.user, -4.1293, 104.1667)
    q = await phone.expect("Langkah 7/")
    api.send_photo(phone.user, media_group_id="album-1")
    api.send_photo(phone.user, media_group_id="album-1")
    await phone.expect("Lampiran 1 diterima")
    ack = await phone.expect("Lampiran 2 diterima")
    api.send_document(phone.user, "surat_rt.pdf", file_size=300_000)
    ack = await phone.expect("Lampiran 3 diterima")
    q = await phone.tap(ack, "Selesai", "Langkah 8/")
    q = await phone.tap(q, "Tidak", "Langkah 9/")
    q = await phone.tap(q, "Tidak", "Langkah 10/")
    assert q.reply_markup["keyboard"][0][0]["request_contact"] is True
    api.send_contact(phone.user, "+6281377001122")
    return await phone.expect("Periksa laporan")


@BOTH_MODES
async def test_whole_form_end_to_end(api, bot, phone):
    summary = await to_summary(phone, api)
    # "Kemarin" is yesterday in the regency's time zone (WIB), whatever the machine's clock says.
    yesterday = datetime.now(ZoneInfo("Asia/Jakarta")).date() - timedelta(days=1)
    months = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
    day = f"{yesterday.day} {months.split()[yesterday.month - 1]} {yesterday.year}"
    for part in (TITLE, STORY, day, "-4.12930", "3 berkas", "+6281377001122",
                 "Dinas Pekerjaan Umum"):
        assert part in summary.text, part
    # change a field from the summary, then send
    await phone.tap(summary, "Judul", "Langkah 2/")
    summary = await phone.ask("Jalan berlubang parah di Jl. Mayor Ruslan", "Periksa laporan")
    assert "berlubang parah" in summary.text
    done = await phone.tap(summary, "Kirim", "Nomor laporan")
    number = done.text.split("Nomor laporan: ")[1].split()[0]
    assert summary.edits and "Kirim" not in str(summary.reply_markup)  # buttons gone from the summary
    [ticket] = await tickets_of(bot.settings, phone.user.id)
    assert ticket.number == number and ticket.attachment_count == 3
    assert ticket.latitude == pytest.approx(-4.1293) and ticket.agency_code == "PUPR"
    status = await phone.ask(f"/status {number}", "Status:")
    assert "menunggu verifikasi" in status.text
    listing = await phone.ask("/laporanku", "Laporan Anda")
    assert number in listing.text
    # every button press was answered (no spinner left on the citizen's phone)
    assert not api.unanswered_callbacks()


async def test_command_menu_in_indonesian_and_english(api, bot):
    id_menu = {c["command"] for c in api.commands("id", {"type": "all_private_chats"})}
    en = api.commands("en", {"type": "all_private_chats"})
    assert {"lapor", "status", "laporanku", "batal", "kembali", "bantuan", "bahasa"} <= id_menu
    assert any(c["description"] == "New report" for c in en)


async def test_english_citizen(api, bot):
    john = Phone(api, api.user(1002, "John", language_code="en"))
    welcome = await john.ask("/start", "Selamat datang")
    john.press(welcome, "English")
    await api.wait_for_call("editMessageText")  # the welcome is redrawn in place, in English
    redrawn = api.messages(john.chat_id)[0]
    assert "Welcome" in redrawn.text
    q = await john.tap(redrawn, "I agree", "Step 1/")
    q = await john.tap(q, "Complaint", "Step 2/")


async def test_bad_inputs_get_a_clear_answer_and_lose_nothing(api, bot, phone):
    await to_description(phone)  # an overlong story is kept up to the maximum: tests/test_e2e_form.py
    api.send_sticker(phone.user)
    await phone.expect("stiker")
    api.send_voice(phone.user)
    await phone.expect("pesan suara")
    api.send_video_note(phone.user)
    await phone.expect("video bulat")
    await phone.ask("rusak", "tambahkan sedikit lagi")  # kept: the story's minimum is the whole story's
    reply = await phone.ask("/status", "Tulis nomor laporan")
    assert "Langkah 3/" in reply.text  # the question comes back after the command
    reply = await phone.ask("/apaini", "/apaini tidak dikenal")
    assert "Langkah 3/" in reply.text
    phone.say(STORY)  # joined to "rusak": one story, its status edited
    q = await phone.ask("lanjut", "Langkah 4/")
    q = await phone.tap(q, "Ya, benar", "Langkah 5/")
    await phone.ask("25/12/2026", "masa depan")
    await phone.ask("tanggal kapan ya", "tidak bisa saya baca")
    await phone.ask("17 agustus 2026", "Langkah 6/")
    await phone.ask("Pasar Baturaja", "Langkah 7/")
    api.send_document(phone.user, "video_besar.mp4", "video/mp4", file_size=30 * 1024 * 1024)
    await phone.expect("terlalu besar")
    assert await tickets_of(bot.settings, phone.user.id) == []
    # nothing typed before the bad inputs was lost
    q = await phone.ask("/kembali", "Langkah 6/")
    await phone.ask("/kembali", "Langkah 5/")
    await phone.ask("/kembali", "Langkah 4/")
    q = await phone.ask("/kembali", "Langkah 3/")
    assert not api.unanswered_callbacks()


async def test_press_on_a_button_from_an_old_message(api, bot, phone):
    q = await consent(phone)
    stale = q.callback_data("Aspirasi")  # as a phone that has not yet redrawn the message has it
    await phone.tap(q, "Pengaduan", "Langkah 2/")
    api.press(phone.user, q, stale, check=False)
    answer = await api.wait_for_call("answerCallbackQuery", lambda c: "lama" in (c.params.get("text") or ""))
    assert answer.ok
    again = await phone.expect("pesan lama")
    assert "Langkah 2/" in again.text


async def test_two_messages_in_the_same_instant(api, bot, phone):
    await to_description(phone)
    # Two messages in the same instant: both are handled, in order, on the state the first left.
    phone.say(STORY)
    phone.say("lanjut")
    await phone.expect("Cerita diterima")
    await phone.expect("Langkah 4/")  # "lanjut" was read on the story the first message left
    await phone.settle()
    engine = bot_engine(bot.settings)
    try:
        async with Database(engine).uow() as uow:
            draft = await uow.drafts.get(phone.chat_id)
    finally:
        await engine.dispose()
    assert draft.data["description"] == STORY and draft.step == "agency"


async def test_restart_half_way_continues_where_the_citizen_was(api, tmp_path, phone, framework):
    settings = bot_settings(api, tmp_path, framework)
    first = await RunningBot(settings).start()
    await to_description(phone)
    await first.stop()
    second = await RunningBot(settings).start()
    try:
        q = await phone.tell(STORY)
        assert "Pekerjaan Umum" in q.text
        q = await phone.tap(q, "Ya, benar", "Langkah 5/")
    finally:
        await second.stop()


@BOTH_MODES
async def test_same_update_delivered_twice_creates_one_ticket(api, bot, phone):
    summary = await to_summary(phone, api)
    update = phone.press(summary, "Kirim")
    api.push_duplicate(update)
    await phone.expect("Nomor laporan")
    await phone.settle()
    tickets = await tickets_of(bot.settings, phone.user.id)
    assert len(tickets) == 1
    assert sum("Nomor laporan" in (s.text or "") for s in api.messages(phone.chat_id)) == 1


async def test_command_in_a_group_points_to_private_chat(api, bot):
    group = api.group(-100777, "Warga RT 05")
    budi = api.user(1003, "Budi")
    api.send_text(budi, "/lapor", chat=group)
    reply = await api.wait_for_message(group.id)
    assert "secara pribadi" in reply.text


async def test_rejected_token_stops_with_one_clear_line(api, tmp_path, framework):
    settings = bot_settings(api, tmp_path, framework, bot_token="999:wrong-token")
    with pytest.raises(StartupError, match="rejected by Telegram"):
        await RunningBot(settings).start()


def test_cli_without_token_prints_one_line_and_no_traceback(tmp_path, framework):
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN",)}
    env.update(BOT_TOKEN="", DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", BOT_FRAMEWORK=framework)
    proc = subprocess.run([sys.executable, "-m", "bot.cli", "run"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60,
                          )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "lapor-bot: BOT_TOKEN is not set: put the token from @BotFather in .env (see .env.example) "
        "or in the environment."]
