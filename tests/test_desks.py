"""The desks through the core and the collecting fake (tests/desk_harness.py), on a real SQLite
database: a citizen files through intake, staff work the ticket in fake groups, and every chat's
final screen is read from the delivered outbox. No HTTP, no framework."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from flows import lifecycle as lc
from flows.callbacks import StaffPress, decode
from flows.desks.staff import PRESSES
from flows.model import NewTicket
from flows.workdays import add_working_days
from tests.conftest import NOW
from tests.desk_harness import (
    ADMIN,
    COORD,
    DISHUB,
    OTHER,
    PHONE,
    PUPR,
    STORY,
    Group,
    Regency,
    Reporter,
    World,
    desks_bound,
)
from tests.harness import texts

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


WIB = ZoneInfo("Asia/Jakarta")
NEW_COORD = Group(-1004004, "Meja Koordinator Baru")


@pytest.fixture
async def regency(db) -> Regency:
    return await desks_bound(db)


# ---------------------------------------------------------------------- the coordinator's card
async def test_new_report_is_a_card_on_the_coordinator_desk_with_its_pin_and_photo(regency: Regency):
    number = await regency.file()
    card = regency.card(COORD, number)
    assert "Usulan instansi: Dinas Pekerjaan Umum" in card.text
    assert "Siti" in card.text and "@siti" in card.text and PHONE in card.text
    assert card.location == (-4.1293, 104.1667) and [k for k, _ in card.media] == ["photo"]
    assert [label.split(" →")[0] for label in card.labels] == [
        "✅ Verifikasi", "↪️ Pilih instansi", "⏸ Tunda (tanya pelapor)", "🗄 Arsipkan"]
    assert regency.telegram.messages(PUPR.chat_id)[-1].text.startswith("✅ Grup ini sekarang meja")
    ticket = await regency.ticket(number)
    assert ticket.status == lc.NEW and ticket.due_at is not None


async def test_verify_dispositions_and_tells_the_citizen_the_followup_deadline(regency: Regency):
    number = await regency.verified_to_pupr()
    assert regency.toast(regency.rina).startswith("Tercatat: 📬 Didisposisikan")
    ticket = await regency.ticket(number)
    assert ticket.status == lc.DISPOSITIONED and ticket.agency_code == "PUPR"
    assert ticket.due_at == add_working_days(NOW, 5, WIB)
    note = regency.seen_by_citizen("sudah diverifikasi")
    assert "Dinas Pekerjaan Umum" in note.text and "paling lambat 4 Des 2026" in note.text
    pupr_card = regency.card(PUPR, number)
    assert "Proses" in str(pupr_card.labels) and "Verifikasi" not in str(pupr_card.labels)
    assert "Tenggat: 4 Des 2026" in pupr_card.text
    assert regency.telegram.last(PUPR.chat_id, "didisposisikan ke meja ini").message_id < pupr_card.message_id
    coord_card = regency.card(COORD, number)  # the coordinator's card was redrawn in place
    assert coord_card.edits >= 1 and "Status: 📬 Didisposisikan" in coord_card.text
    assert "Verifikasi" not in str(coord_card.labels) and "Arsipkan" not in str(coord_card.labels)


async def test_start_then_an_answer_by_reply_reaches_the_citizen_with_solved_buttons(regency: Regency):
    number = await regency.in_progress_at_pupr()
    assert (await regency.ticket(number)).status == lc.IN_PROGRESS
    assert "sedang diproses oleh Dinas Pekerjaan Umum" in regency.seen_by_citizen(number).text
    await regency.dewi.reply(PUPR, regency.card(PUPR, number), "Lubang akan ditambal minggu ini.")
    ticket = await regency.ticket(number)
    assert ticket.status == lc.ANSWERED and ticket.first_answer_at == NOW
    assert ticket.due_at == add_working_days(NOW, 10, WIB)
    answer = regency.seen_by_citizen("Tanggapan Dinas Pekerjaan Umum")
    assert "ditambal minggu ini" in answer.text
    assert answer.labels == ["✅ Sudah selesai", "❌ Belum selesai"]


async def test_citizen_says_solved_the_ticket_closes_and_the_rating_reaches_the_cards(regency: Regency):
    number = await regency.answered()
    c = regency.citizen
    answer = regency.seen_by_citizen("Tanggapan")
    await c.press_on(answer, "Sudah selesai")
    assert "➡️ ✅ Sudah selesai" in answer.text and not answer.buttons  # edited: readable, no buttons
    ticket = await regency.ticket(number)
    assert ticket.status == lc.CLOSED and ticket.closed_at == NOW and ticket.due_at is None
    assert "sudah selesai" in regency.telegram.last(PUPR.chat_id, "Pelapor menyatakan").text
    rate = regency.seen_by_citizen("Seberapa puas")
    assert rate.labels == ["⭐" * n for n in range(1, 6)]
    three = rate.data("⭐⭐⭐")
    await c.press_on(rate, "⭐⭐⭐⭐⭐")
    assert "penilaian" in rate.text
    assert (await regency.ticket(number)).rating == 5
    assert "⭐⭐⭐⭐⭐" in regency.telegram.last(PUPR.chat_id, "menilai").text
    for group in (COORD, PUPR):
        card = regency.card(group, number)
        assert "Penilaian warga: ⭐⭐⭐⭐⭐" in card.text and "Selesai" in card.text
    await c.push("button", callback_id="cb", callback_data=three, message_id=rate.message_id)  # a second rating
    assert c.last.callback_answer == "Tombol ini dari pesan lama." and (await regency.ticket(number)).rating == 5


async def test_citizen_says_unsolved_it_reopens_and_a_reply_to_the_answer_reaches_the_desk(regency: Regency):
    number = await regency.answered()
    c = regency.citizen
    answer = regency.seen_by_citizen("Tanggapan")
    await c.press_on(answer, "Belum selesai")
    assert (await regency.ticket(number)).status == lc.IN_PROGRESS
    assert "BELUM selesai" in regency.telegram.last(PUPR.chat_id, number).text
    assert "dibuka kembali" in regency.seen_by_citizen(number).text
    await c.reply_to(answer, "Lubangnya masih ada di depan sekolah.")
    assert "diteruskan ke petugas" in texts(c.last.replies)
    note = regency.telegram.last(PUPR.chat_id, "masih ada di depan sekolah")
    assert note.text.startswith(f"💬 Pesan pelapor untuk {number}")
    # staff may answer by replying to the note as well as to the card
    await regency.agus.reply(PUPR, note, "Tim kami datang besok pagi.")
    assert (await regency.ticket(number)).status == lc.ANSWERED
    assert "datang besok pagi" in regency.seen_by_citizen("Tanggapan").text


async def test_defer_asks_the_citizen_and_their_reply_resumes_where_it_was(regency: Regency):
    number = await regency.in_progress_at_pupr()
    await regency.agus.press(PUPR, regency.card(PUPR, number), "Tunda")
    prompt = regency.telegram.last(PUPR.chat_id, "Tulis pertanyaan")
    await regency.agus.reply(PUPR, prompt, "Di depan nomor rumah berapa?")
    ticket = await regency.ticket(number)
    assert ticket.status == lc.DEFERRED and ticket.previous_status == lc.IN_PROGRESS
    question = regency.seen_by_citizen("informasi tambahan")
    assert "nomor rumah berapa" in question.text
    await regency.citizen.reply_to(question, "Depan rumah nomor 12.")
    assert "dilanjutkan" in regency.seen_by_citizen(number).text
    assert (await regency.ticket(number)).status == lc.IN_PROGRESS
    assert "rumah nomor 12" in regency.telegram.last(PUPR.chat_id, "Jawaban pelapor").text


async def test_a_deferred_new_ticket_resumes_on_plain_text_without_a_reply(regency: Regency):
    number = await regency.file()
    await regency.rina.press(COORD, regency.card(COORD, number), "Tunda")
    await regency.rina.reply(COORD, regency.telegram.last(COORD.chat_id, "Tulis pertanyaan"), "Desa mana?")
    await regency.citizen.say("Desa Tanjung Baru.")
    ticket = await regency.ticket(number)
    assert ticket.status == lc.NEW and ticket.previous_status == lc.NEW
    assert "Desa Tanjung Baru" in regency.telegram.last(COORD.chat_id, "Jawaban pelapor").text


async def test_archive_with_a_reason_tells_the_citizen_why(regency: Regency):
    number = await regency.file(title="Tes tes tes tes tes", story="percobaan saja percobaan saja percobaan saja")
    await regency.rina.press(COORD, regency.card(COORD, number), "Arsipkan")
    reasons = regency.telegram.last(COORD.chat_id, "Alasan mengarsipkan")
    assert reasons.labels == ["Spam", "Duplikat", "Tidak jelas"]
    await regency.rina.press(COORD, reasons, "Spam")
    assert reasons.text == "➡️ spam"
    ticket = await regency.ticket(number)
    assert ticket.status == lc.ARCHIVED and ticket.archive_reason == "spam" and ticket.due_at is None
    assert "diarsipkan oleh koordinator: bukan pengaduan (spam)" in regency.seen_by_citizen(number).text
    assert "Alasan arsip: spam" in regency.card(COORD, number).text


async def test_not_authority_sends_the_ticket_back_to_the_coordinator(regency: Regency):
    number = await regency.verified_to_pupr()
    await regency.agus.press(PUPR, regency.card(PUPR, number), "Bukan wewenang")
    ticket = await regency.ticket(number)
    assert ticket.status == lc.NEW and ticket.due_at == add_working_days(NOW, 3, WIB)
    assert "PUPR menyatakan" in regency.telegram.last(COORD.chat_id, "bukan wewenangnya").text
    assert "dikembalikan ke koordinator" in regency.seen_by_citizen(number).text
    assert "Verifikasi" in str(regency.card(COORD, number).labels)  # the coordinator decides again
    # and dispositions to DISHUB by command: the card comes to the DISHUB desk
    await regency.admin.command(COORD, f"/disposisi {number} DINASNGAWUR")
    assert "tidak dikenal" in regency.telegram.last(COORD.chat_id).text
    await regency.admin.command(COORD, f"/disposisi {number} DISHUB")
    assert "didisposisikan ke" in regency.telegram.last(COORD.chat_id).text
    assert (await regency.ticket(number)).agency_code == "DISHUB"
    assert "Proses" in str(regency.card(DISHUB, number).labels)


async def test_choose_offers_the_candidates_and_redisposes(regency: Regency):
    number = await regency.file()
    await regency.rina.press(COORD, regency.card(COORD, number), "Pilih instansi")
    prompt = regency.telegram.last(COORD.chat_id, "Disposisikan")
    assert "Pekerjaan Umum" in prompt.labels[0]
    await regency.rina.press_data(COORD, prompt, prompt.buttons[0][0].data.replace(":PUPR", ":DISHUB"))
    assert prompt.text.startswith("➡️ ")
    assert (await regency.ticket(number)).agency_code == "DISHUB"
    regency.card(DISHUB, number)


# ---------------------------------------------------------------------- need to know
def _no_personal_data(regency: Regency, group: Group) -> None:
    seen = regency.telegram.text(group.chat_id)
    assert PHONE not in seen and "@siti" not in seen and "0812 9988" not in seen and "Siti" not in seen


async def test_redispose_retires_the_old_desks_card_and_nothing_more_goes_there(regency: Regency):
    number = await regency.in_progress_at_pupr()
    old = regency.card(PUPR, number)
    await regency.admin.command(COORD, f"/disposisi {number} DISHUB")
    assert old.text == f"📦 {number} dipindahkan ke Dinas Perhubungan" and old.buttons == []
    edits, count = old.edits, len(regency.telegram.messages(PUPR.chat_id))
    await regency.yudi.reply(DISHUB, regency.card(DISHUB, number), "Kami cek besok pagi.")
    await regency.citizen.reply_to(regency.seen_by_citizen("Tanggapan"), "Tolong hubungi 0812 9988 7766")
    assert "0812 9988" in regency.telegram.last(DISHUB.chat_id, "Pesan pelapor").text
    assert "0812 9988" in regency.telegram.last(COORD.chat_id, "Pesan pelapor").text
    assert (old.edits, len(regency.telegram.messages(PUPR.chat_id))) == (edits, count)
    _no_personal_data(regency, PUPR)


async def test_not_authority_retires_the_agency_card(regency: Regency):
    number = await regency.verified_to_pupr()
    old = regency.card(PUPR, number)
    await regency.agus.press(PUPR, old, "Bukan wewenang")
    assert old.text == f"📦 {number} dipindahkan ke meja koordinator" and old.buttons == []
    count = len(regency.telegram.messages(PUPR.chat_id))
    await regency.rina.press(COORD, regency.card(COORD, number), "Tunda")
    await regency.rina.reply(COORD, regency.telegram.last(COORD.chat_id, "Tulis pertanyaan"), "Desa mana?")
    await regency.citizen.say("Desa Tanjung Baru, hubungi 0812 9988 7766.")
    assert "Tanjung Baru" in regency.telegram.last(COORD.chat_id, "Jawaban pelapor").text
    assert len(regency.telegram.messages(PUPR.chat_id)) == count
    _no_personal_data(regency, PUPR)
    # and when the ticket comes back to PUPR, PUPR gets a fresh card
    await regency.admin.command(COORD, f"/disposisi {number} PUPR")
    assert "Proses" in str(regency.card(PUPR, number).labels)


async def test_rebinding_the_coordinator_desk_retires_the_old_groups_cards(regency: Regency):
    number = await regency.file()
    old = regency.card(COORD, number)
    await regency.bind(NEW_COORD, "koordinator")
    assert old.text == f"📦 {number} dipindahkan ke meja koordinator" and old.buttons == []
    card = regency.card(NEW_COORD, number)
    assert PHONE in card.text and "Verifikasi" in str(card.labels)
    count = len(regency.telegram.messages(COORD.chat_id))
    await regency.admin.press(NEW_COORD, card, "Tunda")
    await regency.admin.reply(NEW_COORD, regency.telegram.last(NEW_COORD.chat_id, "Tulis pertanyaan"), "Desa?")
    await regency.citizen.say("Desa Tanjung Baru, hubungi 0812 9988 7766.")
    assert "Tanjung Baru" in regency.telegram.last(NEW_COORD.chat_id, "Jawaban pelapor").text
    assert len(regency.telegram.messages(COORD.chat_id)) == count
    _no_personal_data(regency, COORD)


async def test_rebinding_a_desk_retires_the_cards_of_its_closed_tickets_too(regency: Regency):
    number = await regency.answered()
    await regency.citizen.press_on(regency.seen_by_citizen("Tanggapan"), "Sudah selesai")
    assert (await regency.ticket(number)).status == lc.CLOSED
    old = regency.card(COORD, number)
    await regency.bind(NEW_COORD, "koordinator")
    assert old.text == f"📦 {number} dipindahkan ke Dinas Pekerjaan Umum dan Penataan Ruang"  # its holder
    assert regency.telegram.messages(NEW_COORD.chat_id)[-1].text.startswith("✅ Grup ini sekarang meja koordinator")
    _no_personal_data(regency, COORD)


# ---------------------------------------------------------------------- refusals
async def test_a_press_on_an_outdated_card_is_refused_and_the_card_redrawn(regency: Regency):
    number = await regency.file()
    card = regency.card(COORD, number)
    stale = card.data("Tunda")  # as a phone that has not redrawn the card has it
    await regency.rina.press(COORD, card, "Verifikasi")
    edits = card.edits
    await regency.rina.press_data(COORD, card, stale)
    assert regency.toast(regency.rina).startswith(f"Status {number} sudah berubah menjadi: 📬")
    assert (await regency.ticket(number)).status == lc.DISPOSITIONED
    assert card.edits == edits + 1


async def test_an_outsider_cannot_press_and_nothing_changes(regency: Regency):
    number = await regency.file()
    outcome = await regency.outsider.press(COORD, regency.card(COORD, number), "Verifikasi")
    assert outcome.callback_alert and "bukan anggota" in (outcome.callback_answer or "")
    assert (await regency.ticket(number)).status == lc.NEW
    assert [e.kind for e in await regency.events(number)] == ["submitted", "routed"]


async def test_a_desk_cannot_work_a_ticket_it_does_not_hold(regency: Regency):
    number = await regency.verified_to_pupr()
    pupr_card = regency.card(PUPR, number)
    await regency.yudi.press_data(DISHUB, pupr_card, pupr_card.data("Proses"))  # forged into DISHUB
    assert regency.toast(regency.yudi) == f"Laporan {number} bukan milik meja ini."
    assert (await regency.ticket(number)).status == lc.DISPOSITIONED


async def test_forged_button_data_is_refused(regency: Regency):
    number = await regency.file()
    card = regency.card(COORD, number)
    ticket = await regency.ticket(number)
    for data in ("t:x:verify:1", f"t:{ticket.id}:delete:{ticket.version}", f"t:{ticket.id}:to:{ticket.version}:NOPE",
                 f"t:{ticket.id}:answer:{ticket.version}"):
        await regency.rina.press_data(COORD, card, data)
        assert regency.toast(regency.rina) == "Tombol tidak dikenali.", data
    assert (await regency.ticket(number)).status == lc.NEW


async def test_admin_commands_are_refused_to_non_admins(regency: Regency):
    await regency.agus.command(PUPR, "/statistik")
    assert "hanya untuk admin" in regency.telegram.last(PUPR.chat_id).text
    await regency.agus.command(PUPR, "/meja DISHUB")
    assert "hanya untuk admin" in regency.telegram.last(PUPR.chat_id).text
    await regency.agus.command(PUPR, "/admin 2101")
    async with regency.world.db.uow() as uow:
        assert not await uow.admins.is_granted(2101)


async def test_answering_an_unverified_ticket_is_refused(regency: Regency):
    number = await regency.file()
    await regency.rina.reply(COORD, regency.card(COORD, number), "Ini jawabannya")
    assert "belum diverifikasi" in regency.telegram.last(COORD.chat_id).text
    assert (await regency.ticket(number)).status == lc.NEW


async def test_replies_that_are_not_to_a_card_are_pointed_at_the_card(regency: Regency):
    notice = regency.telegram.last(COORD.chat_id, "sekarang meja")
    await regency.rina.reply(COORD, notice, "ini jawabannya")
    assert "bukan kartu laporan" in regency.telegram.last(COORD.chat_id).text
    await regency.rina.command(OTHER, "/lapor")
    pointer = regency.telegram.last(OTHER.chat_id, "chat saya secara pribadi")
    await regency.rina.reply(OTHER, pointer, "halo bot")
    assert "belum menjadi meja" in regency.telegram.last(OTHER.chat_id).text


async def test_a_citizen_cannot_press_on_another_citizens_ticket(regency: Regency):
    number = await regency.answered()
    other = Reporter(regency.world, user_id=1002, name="Budi")
    await other.press(await other.say("/start"), "Setuju")
    await other.press_on(regency.seen_by_citizen("Tanggapan"), "Sudah selesai")
    assert other.last.callback_answer == "Laporan itu tidak ditemukan di antara laporan Anda."
    assert (await regency.ticket(number)).status == lc.ANSWERED


# ---------------------------------------------------------------------- desks and admins
async def test_a_desk_bound_later_gets_the_cards_already_waiting_for_it(db):
    regency = Regency(World(db, admin_ids=frozenset({ADMIN})))
    await regency.admin.command(COORD, "/meja koordinator")
    number = await regency.verified_to_pupr()  # PUPR has no desk yet: the coordinator holds it
    assert regency.telegram.messages(PUPR.chat_id) == []
    await regency.admin.command(PUPR, "/meja PUPR")
    assert "Proses" in str(regency.card(PUPR, number).labels)


async def test_admin_views(regency: Regency):
    number = await regency.answered()
    dm = regency.admin.dm
    for chat, command, expect in ((COORD, "/statistik", "Menurut status"), (COORD, "/instansi", "✅ PUPR"),
                                  (dm, "/cari jalan", number), (COORD, "/kesehatan", "Kesehatan pengiriman"),
                                  (COORD, "/tiket", "Cara pakai"), (COORD, f"/tiket {number}", "Riwayat")):
        await regency.admin.command(chat, command)
        assert expect in regency.telegram.last(chat.chat_id).text, command
    history = regency.telegram.last(COORD.chat_id, "Riwayat").text
    for word in ("diajukan", "verify", "start", "answer", "Rina", "Agus"):
        assert word in history, word
    assert "Median waktu sampai tanggapan pertama" in regency.telegram.last(COORD.chat_id, "Statistik").text


# ---------------------------------------------------------------------- privacy
async def test_an_anonymous_report_shows_no_identity_on_any_desk_message(regency: Regency):
    number = await regency.answered(anonymous=True)
    c = regency.citizen
    await c.reply_to(regency.seen_by_citizen("Tanggapan"), "Terima kasih, saya cek besok.")
    await regency.admin.command(COORD, f"/tiket {number}")
    assert "Pelapor: anonim" in regency.card(COORD, number).text
    assert "Pelapor: anonim" in regency.card(PUPR, number).text
    staff_text = regency.telegram.text(COORD.chat_id, PUPR.chat_id, DISHUB.chat_id)
    assert "saya cek besok" in staff_text and "Riwayat" in staff_text  # the test looked at real messages
    for secret in ("Siti", "siti", PHONE, PHONE.lstrip("+"), str(c.sender.user_id)):
        assert secret not in staff_text, secret



async def test_staff_read_the_staff_language_and_the_citizen_their_own(db):
    regency = Regency(World(db, admin_ids=frozenset({ADMIN}), staff_language="en"))
    await regency.admin.command(COORD, "/meja koordinator")
    assert "coordinator's desk" in regency.telegram.last(COORD.chat_id).text
    number = await regency.file()
    card = regency.card(COORD, number)
    assert "Status: 🆕 New" in card.text and "Proposed agency" in card.text
    await regency.rina.press(COORD, card, "Verify")
    assert regency.toast(regency.rina).startswith("Recorded")
    assert "Due: 4 Dec 2026" in regency.card(COORD, number).text
    # the citizen chose Indonesian: the notice, and its date, stay Indonesian
    assert "paling lambat 4 Des 2026" in regency.seen_by_citizen("sudah diverifikasi").text


async def test_archive_as_unintelligible_is_not_refused_as_an_unknown_button(regency: Regency):
    # Regression: "arch_unintelligible" is 19 letters and the staff button pattern allowed 16, so
    # the "Tidak jelas" reason was drawn but every press on it answered "Tombol tidak dikenali".
    number = await regency.file(title="Tes tes tes tes tes", story="percobaan saja percobaan saja percobaan saja")
    await regency.rina.press(COORD, regency.card(COORD, number), "Arsipkan")
    await regency.rina.press(COORD, regency.telegram.last(COORD.chat_id, "Alasan mengarsipkan"), "Tidak jelas")
    ticket = await regency.ticket(number)
    assert ticket.status == lc.ARCHIVED and ticket.archive_reason == "unintelligible"
    assert "isinya tidak dapat dipahami" in regency.seen_by_citizen(number).text


def test_every_staff_press_the_desks_draw_decodes_back():
    for action in PRESSES:
        press = StaffPress(123456789012, action, 987654321, "PUPR" if action == "to" else None)
        assert decode(press.encode()) == press, action


# ---------------------------------------------------------------------- bad input on the staff side
FORGED_TITLE = "Jalan rusak\nPelapor: Bupati\nStatus: ✅ Selesai"
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
        "\u200e", "\u200f", "\u061c")


def field_lines(text: str, *fields: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(fields)]


async def test_line_breaks_and_bidi_controls_cannot_forge_card_fields(regency: Regency):
    story = STORY + "\nStatus: ✅ Selesai\n\nPelapor: \u202eitapuB\u202c"
    number = await regency.answered(title=FORGED_TITLE + "\u202e", story=story)
    await regency.citizen.reply_to(regency.seen_by_citizen("Tanggapan"),
                                   "ok\nStatus: ✅ Selesai\nPelapor: Camat")
    for group in (COORD, PUPR):
        card = regency.card(group, number).text
        assert field_lines(card, "Pelapor:") == ["Pelapor: Siti · @siti · " + PHONE], card
        [status] = field_lines(card, "Status:")
        assert "Selesai" not in status, card
        assert "Judul: Jalan rusak Pelapor: Bupati Status: ✅ Selesai" in card  # the words stay, on one line
        assert "Bupati" in card and not any(c in card for c in BIDI)
    await regency.admin.command(COORD, f"/tiket {number}")
    await regency.admin.command(regency.admin.dm, "/cari rusak")
    for chat, contains in ((COORD, "Riwayat"), (regency.admin.dm, "Hasil pencarian"), (COORD, "Pesan pelapor")):
        text = regency.telegram.last(chat.chat_id, contains).text
        assert [x for x in field_lines(text, "Pelapor:", "Status:") if "Bupati" in x or "Selesai" in x
                or "Camat" in x] == [], (contains, text)
        assert not any(c in text for c in BIDI), contains



async def test_search_escapes_like_wildcards_and_stays_capped(regency: Regency):
    plain = await regency.file()
    percent = await regency.file(title="Diskon 100%% palsu di pasar Baturaja")
    await regency.admin.command(regency.admin.dm, "/cari %%")
    found = regency.telegram.last(ADMIN).text
    assert percent in found and plain not in found, found
    await regency.admin.command(regency.admin.dm, "/cari __")  # "_" is one character to LIKE, here only "_"
    assert plain not in regency.telegram.last(ADMIN).text
    async with regency.world.db.uow() as uow:
        assert [x.number for x in await uow.tickets.search(["%"], limit=10)] == [percent]
        assert await uow.tickets.search(["\\"], limit=10) == []
        ticket = await uow.tickets.get_by_number(plain)
        for i in range(12):
            await uow.tickets.add(NewTicket(
                number=f"OKU-2611-{i:06d}", citizen_id=ticket.citizen_id, report_type="complaint",
                title=f"Jalan rusak nomor {i}", description=STORY, event_date=None, location_text=None,
                latitude=None, longitude=None, anonymous=False, confidential=False, phone=None,
                agency_code=None, language="id"))
        await uow.commit()
    await regency.admin.command(regency.admin.dm, "/cari jalan")
    assert regency.telegram.last(ADMIN).text.count("\n• ") == 10  # capped



async def test_refused_group_commands_answer_once_a_minute_per_user(regency: Regency):
    before = len(regency.telegram.messages(PUPR.chat_id))
    for _ in range(30):
        await regency.agus.command(PUPR, "/statistik")
    refusals = [s for s in regency.telegram.messages(PUPR.chat_id)[before:] if "hanya untuk admin" in s.text]
    assert len(refusals) == 1 and "tidak dijawab selama satu menit" in refusals[0].text
    await regency.dewi.command(PUPR, "/statistik")  # another member still gets their one notice
    assert len([s for s in regency.telegram.messages(PUPR.chat_id)[before:] if "hanya untuk admin" in s.text]) == 2
    pace = regency.world.desks.refusals
    later = pace.now() + 61
    pace.now = lambda: later
    await regency.agus.command(PUPR, "/statistik")  # a minute later: one notice again
    assert len([s for s in regency.telegram.messages(PUPR.chat_id)[before:] if "hanya untuk admin" in s.text]) == 3
    await regency.admin.command(PUPR, "/statistik")  # an admin is never paced
    assert "Menurut status" in regency.telegram.last(PUPR.chat_id).text


async def test_an_anonymous_reports_documents_reach_the_desks_under_neutral_names(regency: Regency):
    secret = "KTP_Siti_Aminah_0812.pdf"
    number = await regency.verified_to_pupr(anonymous=True, document=secret)
    for group in (COORD, PUPR):
        card = regency.card(group, number)
        assert [k for k, _ in card.media] == ["photo", "document"]
        assert card.file_names == {f"doc-{secret}": "lampiran-2.pdf"}  # re-uploaded under this name
    await regency.admin.command(COORD, f"/tiket {number}")
    staff_text = regency.telegram.text(COORD.chat_id, PUPR.chat_id, DISHUB.chat_id)
    assert "Riwayat" in staff_text and "KTP" not in staff_text and "Siti" not in staff_text
    # a named report's documents keep their names: staff may need them
    named = await regency.file(document="surat_pengantar.pdf")
    assert regency.card(COORD, named).file_names == {}
