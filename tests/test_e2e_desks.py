"""Desks end to end: a citizen, a coordinator desk, two agency desks with several staff and an
outsider, all through the real bot and the local Bot API server."""

from __future__ import annotations

import asyncio

import pytest

from storage.uow import Database
from tests.botapi_server import FakeBotAPI, Sent
from tests.e2e import BOTH_MODES, Phone, RunningBot, assert_came_in_by, bot_engine, bot_settings
from tests.test_e2e_intake import consent, tickets_of

ADMIN = 9001
COORD, PUPR, DISHUB, OTHER = -1001001, -1002002, -1003003, -1009009

E2E_BOTH_BACKENDS = True  # every test here runs its bot on SQLite and on PostgreSQL (tests/conftest.py)


class World:
    """The regency: groups, staff, a citizen."""

    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api
        self.admin = api.user(ADMIN, "Admin Kominfo", username="admin_kominfo")
        self.coord_staff = api.user(2001, "Rina", username="rina_kominfo")
        self.pupr1 = api.user(2101, "Agus", username="agus_pupr")
        self.pupr2 = api.user(2102, "Dewi", username="dewi_pupr")
        self.dishub = api.user(2201, "Yudi")
        self.outsider = api.user(6666, "Orang Luar")
        self.coord = api.group(COORD, "Meja Koordinator Diskominfo")
        self.pupr = api.group(PUPR, "Meja Dinas PUPR")
        self.dishub_group = api.group(DISHUB, "Meja Dishub")
        self.other = api.group(OTHER, "Grup Warga")
        for chat, users in ((COORD, (ADMIN, 2001)), (PUPR, (2101, 2102)), (DISHUB, (2201,))):
            for uid in users:
                api.set_member(chat, uid, "member")
        for chat in (COORD, PUPR, DISHUB):
            api.set_member(chat, self.outsider.id, "left")
        self.citizen = Phone(api, api.user(1001, "Siti", username="siti_oku"))

    async def desk(self, chat, arg: str) -> Sent:
        self.api.send_command(self.admin, "/meja", arg, chat=chat)
        return await self.api.wait_for_message(chat.id, lambda s: "meja" in (s.text or ""))

    async def card(self, chat_id: int, number: str, timeout: float = 10) -> Sent:
        return await self.api.wait_for_message(
            chat_id, lambda s: (s.text or "").startswith(f"📋 {number}"), timeout=timeout)

    def press(self, user, message: Sent, label: str) -> dict:
        return self.api.press(user, message, message.callback_data(label))

    async def defer(self, number: str, question: str) -> Sent:
        """The coordinator puts `number` on hold with `question`; the question as the citizen gets it."""
        self.press(self.coord_staff, await self.card(COORD, number), "Tunda")
        prompt = await self.api.wait_for_message(COORD, lambda s: "Tulis pertanyaan" in (s.text or ""), timeout=10)
        self.reply(self.coord_staff, self.coord, prompt, question)
        return await self.citizen.expect("informasi tambahan")

    def reply(self, user, chat, message: Sent, text: str) -> dict:
        return self.api.send_text(user, text, chat=chat, reply_to=message)

    async def toast(self, contains: str) -> str:
        call = await self.api.wait_for_call(
            "answerCallbackQuery", lambda c: contains in (c.params.get("text") or ""), timeout=10)
        return call.params["text"]

    async def file(self, title: str, story: str, anonymous: bool = False, phone: str | None = "+6281377001122",
                   first: bool = True, document: str | None = None) -> str:
        c, api = self.citizen, self.api
        if first:
            q = await consent(c)
        else:
            q = await c.ask("/lapor", "Langkah 1/")
        q = await c.tap(q, "Pengaduan", "Langkah 2/")
        q = await c.ask(title, "Langkah 3/")
        q = await c.ask(story, "Cerita diterima")
        q = await c.tap(q, "Lanjut", "Langkah ")
        if "Langkah 4/" in q.text:  # the agency question (skipped when nothing matched at all)
            q = await c.tap(q, "Ya, benar" if "Ya, benar" in str(q.reply_markup) else "Tidak tahu", "Langkah 5/")
        q = await c.tap(q, "Kemarin", "Langkah 6/")
        api.send_location(c.user, -4.1293, 104.1667)
        q = await c.expect("Langkah 7/")
        api.send_photo(c.user)
        ack = await c.expect("Lampiran 1 diterima")
        if document:  # a PDF after the photo, under this file name
            api.send_document(c.user, file_name=document, content=PDF)
            ack = await c.expect("Lampiran 2 diterima")
        q = await c.tap(ack, "Selesai", "Langkah 8/")
        q = await c.tap(q, "Ya" if anonymous else "Tidak", "Langkah 9/")
        q = await c.tap(q, "Tidak", "Langkah 10/")
        if phone:
            api.send_contact(c.user, phone)
        else:
            c.say("Lewati")
        summary = await c.expect("Periksa laporan")
        done = await c.send(summary)
        return done.text.split("Nomor laporan: ")[1].split()[0]


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


@pytest.fixture
async def world(api, tmp_path, framework, mode):
    w = World(api)
    running = await RunningBot(bot_settings(api, tmp_path, framework, mode)).start()
    await w.desk(w.coord, "koordinator")
    await w.desk(w.pupr, "PUPR")
    await w.desk(w.dishub_group, "DISHUB")
    w.bot = running
    yield w
    await running.stop()
    assert_came_in_by(api, mode)


PDF = b"%PDF-1.4 KTP scan " + bytes(range(256)) * 40
STORY = "Jalan di depan SD Negeri 5 Baturaja berlubang besar sejak dua bulan, motor sering jatuh."


@BOTH_MODES
async def test_citizen_coordinator_agency_answer_rating_loop(world: World):
    api, c = world.api, world.citizen
    number = await world.file("Jalan berlubang di Jl. Mayor Ruslan", STORY)
    card = await world.card(COORD, number)
    assert "Usulan instansi: Dinas Pekerjaan Umum" in card.text and "Siti" in card.text
    # the map pin and the photo follow the card
    await api.wait_for_call("sendLocation", lambda x: x.chat_id == COORD and x.ok, timeout=10)
    await api.wait_for_call("sendPhoto", lambda x: x.chat_id == COORD and x.ok, timeout=10)

    # an outsider presses Verifikasi: refused, nothing changes
    world.press(world.outsider, card, "Verifikasi")
    assert "bukan anggota" in await world.toast("bukan anggota")
    # the coordinator verifies and dispositions to PUPR
    world.press(world.coord_staff, card, "Verifikasi")
    await world.toast("Didisposisikan")
    note = await c.expect("sudah diverifikasi dan diteruskan ke Dinas Pekerjaan Umum")
    assert "paling lambat" in note.text
    pupr_card = await world.card(PUPR, number)
    assert "Proses" in str(pupr_card.reply_markup) and "Verifikasi" not in str(pupr_card.reply_markup)

    # two PUPR staff press different buttons on one card at the same moment: one wins
    world.press(world.pupr1, pupr_card, "Proses")
    world.press(world.pupr2, pupr_card, "Bukan wewenang")
    answers = [await api.wait_for_call("answerCallbackQuery", lambda c: c.params.get("text"), timeout=10)
               for _ in range(2)]
    texts = sorted(a.params["text"] for a in answers)
    assert any("Tercatat" in x for x in texts) and any("sudah berubah" in x or "Petugas lain" in x for x in texts)
    [ticket] = await tickets_of(world.bot.settings, c.user.id)
    assert ticket.status in ("in_progress", "new")
    if ticket.status == "new":  # "bukan wewenang" won the race: send it back to PUPR first
        api.send_command(world.admin, "/disposisi", f"{number} PUPR", chat=world.coord)
        await api.wait_for_message(COORD, lambda s: "didisposisikan ke" in (s.text or ""))
    await c.expect(number)  # the citizen heard of the change

    # staff answer by replying to the card; the citizen gets it as the agency's answer
    world.reply(world.pupr1, world.pupr, pupr_card, "Lubang akan ditambal minggu ini oleh tim UPTD.")
    answer = await c.expect("Tanggapan Dinas Pekerjaan Umum")
    assert "ditambal minggu ini" in answer.text
    # not solved: reopened, the desk hears it
    c.press(answer, "Belum selesai")
    await api.wait_for_message(PUPR, lambda s: "BELUM selesai" in (s.text or ""), timeout=10)
    await c.expect("dibuka kembali")
    # the citizen replies to the answer: it lands in the desk as part of the ticket
    api.send_text(c.user, "Lubangnya masih ada di depan sekolah.", reply_to=answer)
    await api.wait_for_message(PUPR, lambda s: "masih ada di depan sekolah" in (s.text or ""), timeout=10)
    await c.expect("diteruskan ke petugas")
    # a second answer, solved, rated
    world.reply(world.pupr2, world.pupr, pupr_card, "Sudah ditambal hari ini, mohon dicek.")
    answer = await c.expect("Sudah ditambal hari ini")
    c.press(answer, "Sudah selesai")
    rate = await c.expect("Seberapa puas")
    c.press(rate, "⭐⭐⭐⭐⭐")
    await api.wait_for_call("editMessageText", lambda x: "penilaian" in (x.params.get("text") or ""), timeout=10)
    await api.wait_for_message(PUPR, lambda s: "menilai" in (s.text or ""), timeout=10)
    [ticket] = await tickets_of(world.bot.settings, c.user.id)
    assert ticket.status == "closed" and ticket.rating == 5 and ticket.first_answer_at is not None
    await asyncio.sleep(1.5)  # let the card edits go out
    assert "⭐⭐⭐⭐⭐" in pupr_card.text and "Selesai" in pupr_card.text  # edited in place

    # the admin's full view shows the whole history
    api.send_command(world.admin, "/tiket", number, chat=world.coord)
    view = await api.wait_for_message(COORD, lambda s: "Riwayat" in (s.text or ""), timeout=10)
    for word in ("diajukan", "verify", "answer", "reopen", "solved"):
        assert word in view.text


async def test_anonymous_report_hides_the_reporter_everywhere(world: World):
    api = world.api
    number = await world.file("Pungutan liar di kantor kecamatan",
                              "Petugas meminta uang Rp 50.000 untuk surat pengantar, tanpa kuitansi resmi.",
                              anonymous=True)
    card = await world.card(COORD, number)
    assert "Pelapor: anonim" in card.text
    api.send_command(world.admin, "/tiket", number, chat=world.coord)
    await api.wait_for_message(COORD, lambda s: "Riwayat" in (s.text or ""), timeout=10)
    staff_text = "\n".join(s.text or "" for chat in (COORD, PUPR, DISHUB) for s in api.messages(chat))
    for secret in ("Siti", "siti_oku", "6281377001122", str(world.citizen.user.id)):
        assert secret not in staff_text, secret


async def test_defer_asks_the_citizen_and_resumes_on_the_answer(world: World):
    api, c = world.api, world.citizen
    number = await world.file("Jalan rusak di desa", STORY)
    question = await world.defer(number, "Di desa mana tepatnya, dan di depan nomor rumah berapa?")
    assert "desa mana tepatnya" in question.text
    api.send_text(c.user, "Desa Tanjung Baru, depan rumah nomor 12.", reply_to=question)
    await c.expect("dilanjutkan")
    note = await api.wait_for_message(COORD, lambda s: "Jawaban pelapor" in (s.text or ""), timeout=10)
    assert "rumah nomor 12" in note.text
    [ticket] = await tickets_of(world.bot.settings, c.user.id)
    assert ticket.status == "new"


async def test_archive_and_not_authority_and_redisposition(world: World):
    api, c = world.api, world.citizen
    number = await world.file("Jalan berlubang dekat pasar", STORY)
    card = await world.card(COORD, number)
    world.press(world.coord_staff, card, "Verifikasi")
    pupr_card = await world.card(PUPR, number)
    world.press(world.pupr1, pupr_card, "Bukan wewenang")
    await api.wait_for_message(COORD, lambda s: "bukan wewenangnya" in (s.text or ""), timeout=10)
    await c.expect("dikembalikan ke koordinator")
    # unknown agency code
    api.send_command(world.admin, "/disposisi", f"{number} DINASNGAWUR", chat=world.coord)
    await api.wait_for_message(COORD, lambda s: "tidak dikenal" in (s.text or ""), timeout=10)
    api.send_command(world.admin, "/disposisi", f"{number} DISHUB", chat=world.coord)
    await world.card(DISHUB, number)
    # a second report is archived as spam
    spam = await world.file("Tes tes tes tes tes", "percobaan saja percobaan saja percobaan saja", first=False)
    spam_card = await world.card(COORD, spam)
    stale = spam_card.callback_data("Tunda")  # as a phone that has not redrawn the card has it
    world.press(world.coord_staff, spam_card, "Arsipkan")
    reasons = await api.wait_for_message(COORD, lambda s: "Alasan mengarsipkan" in (s.text or ""), timeout=10)
    world.press(world.coord_staff, reasons, "Spam")
    await c.expect("diarsipkan")
    # a press on the card whose status moved on answers with the current state
    api.press(world.coord_staff, spam_card, stale, check=False)
    assert "Diarsipkan" in await world.toast("sudah berubah")


async def test_refusals_and_bad_input(world: World):
    api, c = world.api, world.citizen
    number = await world.file("Lampu <b>jalan</b> *mati*",
                              "Lampu jalan di <Jl. Merdeka> mati sejak _minggu_ lalu & gelap.")
    card = await world.card(COORD, number)
    assert "Lampu <b>jalan</b> *mati*" in card.text and "<Jl. Merdeka>" in card.text  # literal
    # a staff reply to a bot message that is not a card
    desk_notice = [s for s in api.messages(COORD) if "sekarang meja" in (s.text or "")][0]
    world.reply(world.coord_staff, world.coord, desk_notice, "ini jawabannya")
    await api.wait_for_message(COORD, lambda s: "bukan kartu laporan" in (s.text or ""), timeout=10)
    # a reply to the bot in a group that is not a desk
    api.set_member(OTHER, 2001, "member")
    api.send_command(world.coord_staff, "/lapor", chat=world.other)
    pointer = await api.wait_for_message(OTHER, timeout=10)
    world.reply(world.coord_staff, world.other, pointer, "halo bot")
    await api.wait_for_message(OTHER, lambda s: "belum menjadi meja" in (s.text or ""), timeout=10)
    # a non-admin cannot run admin commands
    api.send_command(world.pupr1, "/statistik", chat=world.pupr)
    await api.wait_for_message(PUPR, lambda s: "hanya untuk admin" in (s.text or ""), timeout=10)
    # the citizen blocked the bot: the disposition still goes through and nothing crashes
    api.block(c.user.id)
    api.send_command(world.admin, "/disposisi", f"{number} PUPR", chat=world.coord)
    await api.wait_for_message(COORD, lambda s: "didisposisikan ke" in (s.text or ""), timeout=10)
    await world.card(PUPR, number)
    [ticket] = await tickets_of(world.bot.settings, c.user.id)
    assert ticket.status == "dispositioned"
    # admin views (/cari shows titles: in a private chat)
    for command, expect in (("/statistik", "Menurut status"), ("/instansi", "PUPR"), ("/cari", "Hasil pencarian")):
        private = command == "/cari"
        api.send_command(world.admin, command, "lampu" if private else "", chat=None if private else world.coord)
        await api.wait_for_message(ADMIN if private else COORD, lambda s, e=expect: e in (s.text or ""), timeout=10)


async def test_a_desk_the_ticket_moved_away_from_keeps_no_personal_data(world: World):
    """Need to know: after a redisposition PUPR's card is a neutral "moved" line and the
    citizen's later message with a phone number goes to DISHUB and the coordinator only."""
    api, c = world.api, world.citizen
    number = await world.file("Jalan berlubang di Jl. Mayor Ruslan", STORY)
    world.press(world.coord_staff, await world.card(COORD, number), "Verifikasi")
    pupr_card = await world.card(PUPR, number)
    assert "Siti" in pupr_card.text and "+6281377001122" in pupr_card.text
    world.press(world.pupr1, pupr_card, "Proses")
    await c.expect("sedang diproses")
    api.send_command(world.admin, "/disposisi", f"{number} DISHUB", chat=world.coord)
    dishub_card = await world.card(DISHUB, number)
    world.reply(world.dishub, world.dishub_group, dishub_card, "Kami cek besok pagi.")
    answer = await c.expect("Tanggapan")
    # The citizen replies once the bot knows the answer's message id (a reply within the instant
    # after Telegram accepted it waits for the id, up to 3 s; on a loaded machine the PTB leg
    # still lost that race: an open problem, left to issue 11's delivery work).
    for _ in range(50):
        async with Database(engine := bot_engine(world.bot.settings)).uow() as uow:
            known = await uow.tickets.message_at(c.chat_id, answer.message_id)
        await engine.dispose()
        if known is not None:
            break
        await asyncio.sleep(0.1)
    api.send_text(c.user, "Tolong hubungi 0812 9988 7766", reply_to=answer)
    await api.wait_for_message(DISHUB, lambda s: "0812 9988" in (s.text or ""), timeout=10)
    await api.wait_for_message(COORD, lambda s: "0812 9988" in (s.text or ""), timeout=10)
    for _ in range(50):  # the edit of PUPR's card is sent in PUPR's own order
        if (pupr_card.text or "").startswith("📦"):
            break
        await asyncio.sleep(0.1)
    assert pupr_card.text == f"📦 {number} dipindahkan ke Dinas Perhubungan" and pupr_card.buttons == []
    shown = "\n".join(s.text or "" for s in api.messages(PUPR) if not s.deleted)
    for personal in ("Siti", "siti_oku", "+6281377001122", "0812 9988", "Kami cek"):
        assert personal not in shown


async def test_a_forged_title_cannot_add_fields_to_the_card(world: World):
    number = await world.file("Jalan rusak\nPelapor: Bupati\nStatus: ✅ Selesai\u202e",
                              STORY + "\nPelapor: Camat\u2067")
    card = await world.card(COORD, number)
    lines = (card.text or "").splitlines()
    assert [x for x in lines if x.startswith("Pelapor:")] == ["Pelapor: Siti · @siti_oku · +6281377001122"]
    assert [x for x in lines if x.startswith("Status:")] == ["Status: 🆕 Baru, menunggu verifikasi"]
    assert "Judul: Jalan rusak Pelapor: Bupati Status: ✅ Selesai" in lines
    assert "│ Pelapor: Camat" in lines
    assert not any(c in card.text for c in "\u202e\u2067")


async def test_an_anonymous_reports_document_reaches_the_desk_under_a_neutral_name(world: World):
    api = world.api
    number = await world.file("Pungutan liar di kantor kecamatan",
                              "Petugas meminta uang Rp 50.000 untuk surat pengantar, tanpa kuitansi resmi.",
                              anonymous=True, document="KTP_Siti_Aminah_0812.pdf")
    card = await world.card(COORD, number)
    assert "Lampiran: 2 berkas" in (card.text or "")
    call = await api.wait_for_call("sendDocument", lambda x: x.chat_id == COORD and x.ok, timeout=10)
    [sent] = [s for s in api.messages(COORD) if s.kind == "document"]
    assert sent.message["document"]["file_name"] == "lampiran-2.pdf"
    assert call.encoding == "multipart"  # the bytes again, under the new name, not the old file id
    assert [u.data for u in call.params.values() if hasattr(u, "data")] == [PDF]
    assert "KTP" not in str(api.messages(COORD)) and "Siti" not in str([s.message for s in api.messages(COORD)])


async def desk_of(settings, chat_id: int):
    engine = bot_engine(settings)
    try:
        async with Database(engine).uow() as uow:
            return await uow.desks.by_chat(chat_id)
    finally:
        await engine.dispose()


async def test_the_bot_removed_from_a_desk_and_added_back(world: World):
    """Removed from PUPR's group: its ticket and the next ones are worked at the coordinator desk,
    which is told, as are the admins; added back and /meja sent: the desk answers and the
    tickets' cards are there again."""
    api = world.api
    number = await world.file("Jalan berlubang di Jl. Mayor Ruslan", STORY)
    world.press(world.coord_staff, await world.card(COORD, number), "Verifikasi")
    old_card = await world.card(PUPR, number)
    await api.wait_for_call("sendPhoto", lambda c: c.chat_id == PUPR and c.ok, timeout=10)  # the card's last part

    api.remove_bot(world.pupr, by=world.pupr1)
    removed_at = len(api.calls)
    notice = await api.wait_for_message(COORD, lambda s: "dikeluarkan dari meja" in (s.text or ""), timeout=10)
    assert number in notice.text
    await api.wait_for_call("editMessageText", lambda c: c.chat_id == COORD and number in c.params["text"]
                            and "tidak punya meja aktif" in c.params["text"], timeout=10)
    told = await api.wait_for_message(ADMIN, lambda s: "dikeluarkan dari grup" in (s.text or ""), timeout=10)
    assert "Meja Dinas PUPR" in told.text and "Agus" in told.text and number in told.text
    assert (await desk_of(world.bot.settings, PUPR)).active is False

    second = await world.file("Jalan rusak di depan pasar", STORY, first=False)
    world.press(world.coord_staff, await world.card(COORD, second), "Verifikasi")
    await api.wait_for_call("editMessageText", lambda c: c.chat_id == COORD and second in c.params["text"]
                            and "tidak punya meja aktif" in c.params["text"], timeout=10)
    assert not [c for c in api.calls[removed_at:] if c.chat_id == PUPR]  # nothing sent into the void

    api.add_bot(world.pupr, by=world.pupr1)
    await api.wait_for_message(PUPR, lambda s: "/meja PUPR" in (s.text or ""), timeout=10)
    api.send_command(world.admin, "/meja", "PUPR", chat=world.pupr)
    await api.wait_for_message(PUPR, lambda s: "sekarang meja" in (s.text or ""), timeout=10)
    cards = {(await world.card(PUPR, n)).text.split(" · ")[0] for n in (number, second)}
    assert cards == {f"📋 {number}", f"📋 {second}"}
    assert old_card.text == f"📦 {number} dipindahkan ke meja koordinator"
    assert (await desk_of(world.bot.settings, PUPR)).active is True


async def test_admin_commands_answer_where_personal_data_may_be_read_and_only_admin_ids_grant(world: World):
    """Issue 10 point 5: /tiket refused in a group that does not hold the ticket, shown in private;
    a granted admin cannot grant; /meja koordinator in a second group asks, and moves on confirm."""
    api = world.api
    number = await world.file("Jalan berlubang di Jl. Mayor Ruslan", STORY)
    await world.card(COORD, number)
    api.send_command(world.admin, "/tiket", number, chat=world.dishub_group)
    await api.wait_for_message(DISHUB, lambda s: (s.text or "").startswith("🔒 /tiket"), timeout=10)
    api.send_command(world.admin, "/tiket", number)  # a private chat with the bot
    view = await api.wait_for_message(ADMIN, lambda s: "Riwayat" in (s.text or ""), timeout=10)
    assert "Siti" in view.text and "+6281377001122" in view.text
    dishub = "\n".join(s.text or "" for s in api.messages(DISHUB))
    assert "Siti" not in dishub and "6281377001122" not in dishub

    api.send_command(world.admin, "/admin", "2001", chat=world.coord)
    await api.wait_for_message(COORD, lambda s: "2001 sekarang admin" in (s.text or ""), timeout=10)
    api.send_command(world.coord_staff, "/admin", "2102", chat=world.coord)
    await api.wait_for_message(COORD, lambda s: "Hanya admin dari ADMIN_IDS" in (s.text or ""), timeout=10)

    second = api.group(-1004004, "Meja Koordinator Baru")
    api.set_member(second.id, ADMIN, "member")
    api.send_command(world.admin, "/meja", "koordinator", chat=second)
    question = await api.wait_for_message(second.id, lambda s: (s.text or "").startswith("⚠️"), timeout=10)
    assert "«Meja Koordinator Diskominfo»" in question.text
    world.press(world.admin, question, "Ya, jadikan")
    await world.toast("Dikonfirmasi")
    told = await api.wait_for_message(COORD, lambda s: "bukan lagi meja koordinator" in (s.text or ""), timeout=10)
    assert "Meja Koordinator Baru" in told.text and "Siti" not in told.text
    assert "+6281377001122" in (await world.card(second.id, number)).text


async def test_a_card_staff_deleted_is_posted_again_once_and_replies_to_the_copy_reach_the_ticket(world: World):
    """Issue 11 point 5: when the card a desk deleted is to be edited, it is posted anew, once,
    and the new copy is the ticket's card from then on: replies to it reach the ticket, and
    later edits edit it."""
    api, c = world.api, world.citizen
    number = await world.file("Jalan berlubang di Jl. Mayor Ruslan", STORY)
    coord_card = await world.card(COORD, number)
    world.press(world.coord_staff, coord_card, "Verifikasi")
    pupr_card = await world.card(PUPR, number)
    await api.wait_for_call("editMessageText", lambda x: x.chat_id == COORD and x.ok, timeout=10)
    coord_card.deleted = True  # a coordinator deleted it in Telegram
    api.fail("sendMessage", kind="500", chat_id=COORD)  # and the first try of the copy fails

    world.press(world.pupr1, pupr_card, "Proses")  # the ticket changes: every card is edited
    copy = await world.card(COORD, number)
    assert copy.message_id != coord_card.message_id and "Diproses" in copy.text
    world.reply(world.coord_staff, world.coord, copy, "Tim UPTD sudah dijadwalkan.")
    answer = await c.expect("Tim UPTD sudah dijadwalkan")
    assert "Tanggapan" in answer.text
    edit = await api.wait_for_call("editMessageText", lambda x: x.chat_id == COORD and x.ok, timeout=10)
    assert edit.params["message_id"] in (copy.message_id, str(copy.message_id))  # the copy, not posted anew
    cards = [s for s in api.messages(COORD) if (s.text or "").startswith(f"📋 {number}")]
    assert [s.message_id for s in cards] == [coord_card.message_id, copy.message_id]
    # the copy says "titik peta di bawah": its pin follows it, as the original's did
    pins = [x for x in api.calls_to("sendLocation") if x.chat_id == COORD and x.ok]
    assert len(pins) == 2 and pins[1].at > next(x.at for x in api.calls_to("sendMessage")
                                                if x.ok and x.result["message_id"] == copy.message_id)


async def test_a_card_is_delivered_part_by_part(world: World):
    """A 5xx on the card's map pin retries the pin only (the card appears once); a 4xx on its
    photo is reported alone: the card still counts as delivered, and replies to it reach the
    ticket."""
    api, c = world.api, world.citizen
    api.fail("sendLocation", kind="500", chat_id=COORD)
    api.fail("sendPhoto", kind="400_url", chat_id=COORD)
    number = await world.file("Jalan berlubang di Jl. Mayor Ruslan", STORY)
    card = await world.card(COORD, number)
    pins = [await api.wait_for_call("sendLocation", lambda x: x.chat_id == COORD, timeout=10) for _ in range(2)]
    assert [p.ok for p in pins] == [False, True]
    await api.wait_for_call("sendPhoto", lambda x: x.chat_id == COORD and not x.ok, timeout=10)
    world.press(world.coord_staff, card, "Verifikasi")
    await world.toast("Didisposisikan")
    world.reply(world.coord_staff, world.coord, card, "Sudah kami teruskan ke PUPR.")
    await c.expect("Sudah kami teruskan ke PUPR")
    assert [s.message_id for s in api.messages(COORD) if (s.text or "").startswith(f"📋 {number}")] == [
        card.message_id]
    assert [x.ok for x in api.calls_to("sendPhoto") if x.chat_id == COORD] == [False]  # not retried
