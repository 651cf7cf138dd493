"""After sending, end to end on both frameworks: a citizen follows their report from /laporanku
(its page with the history they may see), adds words, photos, an album and a document for the
desk that holds it now, answers a question on hold with a photo, and withdraws a report before
it is verified. Asserted on what the desks finally receive as well as on what the citizen sees."""

# ruff: noqa: F811 -- the `api` and `world` fixtures of tests/test_e2e_desks.py, imported to be used by name

from __future__ import annotations

from datetime import timedelta

from flows.model import Citizen
from tests.botapi_server import Sent
from tests.conftest import NOW, pothole
from tests.test_e2e_desks import COORD, PDF, PUPR, STORY, World, api, world  # noqa: F401
from tests.test_e2e_intake import tickets_of

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


async def edited(world: World, chat_id: int, contains: str) -> Sent:
    """The message in `chat_id` that an edit made say `contains`, as it reads now."""
    call = await world.api.wait_for_call(
        "editMessageText", lambda c: c.chat_id == chat_id and contains in (c.params.get("text") or ""), timeout=10)
    [sent] = [s for s in world.api.messages(chat_id) if s.message_id == int(call.params["message_id"])]
    return sent


async def page_of(world: World, number: str) -> Sent:
    """/laporanku, then the report's button: its page, drawn in place of the list."""
    c = world.citizen
    listing = await c.ask("/laporanku", "Laporan Anda")
    assert number in listing.text and "riwayatnya" in listing.text
    c.press(listing, number)
    return await edited(world, c.chat_id, "Riwayat:")


def desk_texts(world: World, chat_id: int) -> str:
    return "\n".join(s.text or "" for s in world.api.messages(chat_id))


async def test_adding_words_photos_and_an_album_reaches_the_desk_that_holds_the_report(world: World):
    api, c = world.api, world.citizen
    number = await world.file("Jalan berlubang dekat pasar", STORY)
    card = await world.card(COORD, number)
    page = await page_of(world, number)
    assert "Laporan dikirim" in page.text and "Diterima, menunggu verifikasi" in page.text
    assert "Cabut laporan" in str(page.button_texts)
    prompt = await c.tap(page, "Tambah keterangan", "Tulis keterangan tambahan")
    # words, not as a reply: they go to the coordinator desk, which holds the report now
    ack = await c.ask("lubangnya makin besar pak, tadi pagi ada motor jatuh lagi", "Diteruskan ke petugas")
    assert number in ack.text and "Selesai" in str(ack.button_texts)
    note = await api.wait_for_message(COORD, lambda s: "tadi pagi ada motor jatuh" in (s.text or ""), timeout=10)
    assert number in note.text
    # a photo with a caption, then an album of three: each reaches the desk, the album is told once
    api.send_photo(c.user, caption="ini fotonya")
    await c.expect("Diteruskan ke petugas")
    for _ in range(3):
        api.send_photo(c.user, media_group_id="album-7")
    await c.expect("Diteruskan ke petugas")
    for _ in range(4):
        await api.wait_for_call("sendPhoto", lambda x: x.chat_id == COORD and x.ok, timeout=10)
    assert "Lampiran tambahan dari pelapor untuk " + number in desk_texts(world, COORD)
    # a voice note is not read: said so, the window stays
    api.send_voice(c.user)
    await c.expect("pesan suara belum bisa kami baca")
    # a reply to the prompt joins the same report
    api.send_text(c.user, "lokasinya tepat di depan toko emas", reply_to=prompt)
    await api.wait_for_message(COORD, lambda s: "toko emas" in (s.text or ""), timeout=10)
    # Selesai: what follows is no longer for the report
    c.press(ack, "Selesai")
    await edited(world, c.chat_id, "sudah diteruskan")
    c.say("besok saya cek lagi ya")
    await c.expect("Ingin menyampaikan laporan?")
    assert "besok saya cek" not in desk_texts(world, COORD)
    [ticket] = await tickets_of(world.bot.settings, c.user.id)
    assert ticket.attachment_count == 1 + 4  # the photo of the form and the four added
    # the agency desk saw none of it (it does not hold the report); once it does, it gets what follows
    assert "toko emas" not in desk_texts(world, PUPR)
    world.press(world.coord_staff, card, "Verifikasi")
    await world.card(PUPR, number)
    page = await page_of(world, number)
    assert "Diverifikasi dan diteruskan ke Dinas Pekerjaan Umum" in page.text
    assert "Anda menambahkan: «ini fotonya» 📎 1 lampiran" in page.text
    assert "Pesan Anda: «lubangnya makin besar" in page.text
    assert "Cabut laporan" not in str(page.button_texts)  # verified: no longer withdrawn
    # with a new form open, what is typed goes to the form: adding waits, and says so
    await c.ask("/lapor", "Langkah 1/")
    await c.tap(page, "Tambah keterangan", "sedang mengisi laporan baru")
    await c.tap(await c.ask("/batal", "Batalkan"), "Ya", "dibatalkan")
    await c.tap(page, "Tambah keterangan", "Tulis keterangan tambahan")
    c.say("sekarang sudah ada genangan air juga")
    await api.wait_for_message(PUPR, lambda s: "genangan air" in (s.text or ""), timeout=10)
    assert card.text  # the coordinator's card is still there


async def test_a_question_on_hold_is_answered_with_a_photo_and_what_follows_joins_it(world: World):
    api, c = world.api, world.citizen
    number = await world.file("Jalan rusak di desa", STORY)
    await world.defer(number, "Mohon kirim foto kerusakannya dari dekat.")
    api.send_photo(c.user)  # not a reply, no caption: the one report on hold takes it
    await c.expect("dilanjutkan")
    note = await api.wait_for_message(COORD, lambda s: "Jawaban pelapor" in (s.text or ""), timeout=10)
    assert number in note.text
    await api.wait_for_call("sendPhoto", lambda x: x.chat_id == COORD and x.ok, timeout=10)
    c.say("itu fotonya pak, diambil tadi siang")  # the words after the photo join the report
    await c.expect("Diteruskan ke petugas")
    await api.wait_for_message(COORD, lambda s: "diambil tadi siang" in (s.text or ""), timeout=10)
    [ticket] = await tickets_of(world.bot.settings, c.user.id)
    assert ticket.status == "new" and ticket.attachment_count == 2
    page = await page_of(world, number)
    assert "Petugas meminta informasi tambahan: «Mohon kirim foto" in page.text
    assert "📎 1 lampiran" in page.text


async def test_withdrawing_before_verification_and_adding_to_a_closed_report(world: World):
    api, c = world.api, world.citizen
    number = await world.file("Lampu jalan mati", "Lampu jalan di depan masjid mati sejak seminggu, gelap sekali.")
    await world.card(COORD, number)
    old_page = await c.ask(f"/status {number}", "Riwayat:")  # a page kept from before, its buttons as they were
    page = await page_of(world, number)
    c.press(page, "Cabut laporan")
    confirm = await edited(world, c.chat_id, "Cabut laporan")
    c.press(confirm, "Tidak, kembali")  # changing their mind: the page again, nothing changed
    page = await edited(world, c.chat_id, "Riwayat:")
    c.press(page, "Cabut laporan")
    confirm = await edited(world, c.chat_id, "Cabut laporan")
    c.press(confirm, "Ya, cabut")
    await c.expect("sudah Anda cabut")
    page = await edited(world, c.chat_id, "Anda mencabut laporan ini")
    assert "Diarsipkan" in page.text and "Cabut" not in str(page.button_texts)
    assert "Tambah" not in str(page.button_texts)
    await api.wait_for_message(COORD, lambda s: "Pelapor mencabut " + number in (s.text or ""), timeout=10)
    card = await edited(world, COORD, "dicabut pelapor")
    assert "Verifikasi" not in str(card.button_texts)
    [ticket] = await tickets_of(world.bot.settings, c.user.id)
    assert (ticket.status, ticket.archive_reason) == ("archived", "withdrawn")
    # "Tambah keterangan" on the withdrawn report: said so, a new report offered
    c.press(old_page, "Tambah keterangan")
    closed = await c.expect("tidak bisa ditambahkan")
    assert "Buat laporan" in str(closed.button_texts)
    await c.tap(closed, "Buat laporan", "Langkah 1/")


async def test_a_report_verified_meanwhile_cannot_be_withdrawn(world: World):
    api, c = world.api, world.citizen
    number = await world.file("Jalan berlubang dekat pasar", STORY)
    card = await world.card(COORD, number)
    page = await page_of(world, number)
    c.press(page, "Cabut laporan")
    confirm = await edited(world, c.chat_id, "Cabut laporan")
    world.press(world.coord_staff, card, "Verifikasi")  # the coordinator was quicker
    await c.expect("sudah diverifikasi dan diteruskan")
    c.press(confirm, "Ya, cabut")
    call = await api.wait_for_call(
        "answerCallbackQuery", lambda x: "tidak bisa dicabut" in (x.params.get("text") or ""), timeout=10)
    assert number in call.params["text"]
    [ticket] = await tickets_of(world.bot.settings, c.user.id)
    assert ticket.status == "dispositioned"
    assert "mencabut" not in desk_texts(world, COORD)


async def test_an_anonymous_reporters_added_document_reaches_the_desk_under_a_neutral_name(world: World):
    api, c = world.api, world.citizen
    number = await world.file("Pungutan liar di kantor desa",
                              "Kepala dusun meminta uang Rp 100.000 untuk surat domisili tanpa kuitansi.",
                              anonymous=True)
    await world.card(COORD, number)
    await c.tap(await page_of(world, number), "Tambah keterangan", "Tulis keterangan tambahan")
    api.send_document(c.user, file_name="Kuitansi_Siti_Aminah.pdf", content=PDF, caption="bukti transfer")
    await c.expect("Diteruskan ke petugas")
    await api.wait_for_call("sendDocument", lambda x: x.chat_id == COORD and x.ok, timeout=10)
    [sent] = [s for s in api.messages(COORD) if s.kind == "document"]
    assert sent.message["document"]["file_name"] == "lampiran-2.pdf"
    assert "bukti transfer" in desk_texts(world, COORD)
    assert "Siti" not in str([s.message for s in api.messages(COORD)])


async def test_the_adding_window_closes_after_its_time_and_on_done(db):
    """What the citizen sends joins the report they chose only within the window, and not after
    Selesai (storage, on the clock that records the window)."""
    async with db.uow() as uow:
        citizen = await uow.citizens.save(Citizen(None, 77, 77, "Ani", consent_at=NOW))
        ticket = await uow.tickets.add(pothole("OKU-2612-000010", citizen.id))
        await uow.tickets.add_message(ticket.id, 77, "adding")
        assert await uow.tickets.adding_to(77, timedelta(minutes=30)) == ticket.id
        assert await uow.tickets.adding_to(78, timedelta(minutes=30)) is None  # another chat
        assert await uow.tickets.adding_to(77, timedelta(0)) is None  # its time has passed
        await uow.tickets.end_adding(77)
        assert await uow.tickets.adding_to(77, timedelta(minutes=30)) is None
