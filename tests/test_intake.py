"""The intake engine through the collecting fake (tests/harness.py) on a real SQLite database."""

from __future__ import annotations

import asyncio

import pytest

from flows.core import Core
from flows.tracking import normalise
from tests.conftest import intake_core
from tests.harness import Citizen, texts

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


TITLE = "Jalan berlubang di Jl. Mayor Ruslan"
STORY = "Jalan di depan SD Negeri 5 berlubang besar sejak dua bulan, kemarin ada motor jatuh di sana."


async def consent(c: Citizen):
    r = await c.say("/start")
    return await c.press(r, "Setuju")


async def tell(c: Citizen, story: str = STORY):
    """The story, then Lanjut: the story step takes several messages until told to go on."""
    r = await c.say(story)
    assert "Cerita diterima" in r[-1].text
    return await c.press(r, "Lanjut")


async def fill_until_summary(c: Citizen, anonymous: str = "Tidak"):
    r = await consent(c)
    r = await c.press(r, "Pengaduan")
    r = await c.say(TITLE)
    r = await tell(c)
    r = await c.press(r, "Kemarin")
    r = await c.say("Kelurahan Sukaraya, Baturaja Timur")
    r = await c.photo(1)
    r = await c.press(r, "Selesai")
    r = await c.press(r, anonymous)
    r = await c.press(r, "Tidak")
    r = await c.say("lewati")
    return r


def number_in(replies) -> str:
    text = texts(replies)
    for word in text.split():
        if word.startswith("OKU-"):
            return word.rstrip(".")
    raise AssertionError(f"no ticket number in {text!r}")


async def test_first_contact_greets_in_regency_name_and_asks_consent(core: Core):
    c = Citizen(core)
    r = await c.say("/start")
    assert "Kabupaten Ogan Komering Ulu" in r[0].text
    assert "UU PDP" in r[0].text
    labels = [b.text for row in r[0].buttons for b in row]
    assert any("Setuju" in x for x in labels) and any("English" in x for x in labels)


async def test_no_form_without_consent(core: Core, db):
    c = Citizen(core)
    await c.say("/start")
    r = await c.say("jalan rusak")
    assert "setujui" in texts(r)
    r = await c.press(c.last.replies, "Tidak setuju")
    assert "tidak bisa menerima laporan" in texts(r)
    async with db.uow() as uow:
        citizen = await uow.citizens.get_by_user(c.sender.user_id)
    assert citizen is None  # refused consent: nothing stored


async def test_whole_form_creates_ticket_with_history(core: Core, db):
    c = Citizen(core)
    r = await fill_until_summary(c)
    summary = r[-1].text
    for part in (TITLE, STORY, "28 November 2026", "Sukaraya", "1 berkas"):
        assert part in summary
    r = await c.press(r, "Kirim")
    number = number_in(r)
    assert normalise(number, "OKU") == number
    async with db.uow() as uow:
        ticket = await uow.tickets.get_by_number(number)
        events = await uow.tickets.events(ticket.id)
        draft = await uow.drafts.get(c.sender.user_id)
    assert ticket.title == TITLE and ticket.description == STORY
    assert ticket.event_date.isoformat() == "2026-11-28"
    assert ticket.attachment_count == 1 and ticket.status == "new"
    assert [e.kind for e in events] == ["submitted"]
    assert draft is None


async def test_status_and_list_show_only_own_reports(core: Core):
    alice, bob = Citizen(core, 1), Citizen(core, 2, "Bob")
    r = await fill_until_summary(alice)
    number = number_in(await alice.press(r, "Kirim"))
    r = await alice.say(f"/status {number.lower().replace('-', ' ')}")
    assert number in r[0].text and "menunggu verifikasi" in r[0].text
    await consent(bob)
    r = await bob.say(f"/status {number}")
    assert "tidak ditemukan" in r[0].text and TITLE not in texts(r)
    r = await bob.say("/laporanku")
    assert "belum punya laporan" in texts(r)
    r = await alice.say("/laporanku")
    assert number in texts(r) and TITLE[:20] in texts(r)


async def test_status_rejects_mistyped_number(core: Core):
    c = Citizen(core)
    r = await fill_until_summary(c)
    number = number_in(await c.press(r, "Kirim"))
    broken = number[:-1] + str((int(number[-1]) + 1) % 10)
    r = await c.say(f"/status {broken}")
    assert "tidak valid" in r[0].text and "salah ketik" in r[0].text  # the check digit caught it
    r = await c.say(f"/status {number[:-2]}")
    assert "angka yang kurang" in r[0].text
    r = await c.say(f"/status ABC-{number[4:]}")
    assert "diawali OKU-" in r[0].text
    r = await c.say("/status")
    assert "xxxxxx" in r[0].text and number[4:8] in r[0].text  # clearly an example, this month's
    assert number in r[0].text  # and the citizen's own reports under it


async def test_bad_inputs_are_explained_and_lose_nothing(core: Core):
    c = Citizen(core)
    r = await consent(c)
    r = await c.press(r, "Pengaduan")
    r = await c.say("jalan")  # under the title minimum
    assert "Terlalu singkat" in r[0].text and "Langkah 2" in r[-1].text
    r = await c.say("jalan rusak " * 15)  # over the limit: the start of the story, a title proposed
    assert "awal cerita" in texts(r) and "Langkah 2" in r[-1].text and "Usul judul" in r[-1].text
    r = await c.push("unsupported", media_kind="sticker")
    assert "stiker" in r[0].text and "Langkah 2" in r[-1].text
    r = await c.push("unsupported", media_kind="voice")
    assert "pesan suara" in r[0].text
    r = await c.say("/entahlah")
    assert "/entahlah tidak dikenal" in r[0].text and "Langkah 2" in r[-1].text
    r = await c.say(TITLE)
    r = await tell(c)
    r = await c.say("31/12/2026")
    assert "masa depan" in r[0].text
    r = await c.say("tanggal tiga puluh")
    assert "tidak bisa saya baca" in r[0].text
    r = await c.say("17 agustis 2026")  # misspelt month still reads
    assert "Langkah 5" in r[-1].text
    r = await c.photo(9, size=25 * 1024 * 1024)
    assert "terlalu besar" in texts(r).lower()


async def test_stale_button_is_answered_and_question_repeated(core: Core):
    c = Citizen(core)
    r = await consent(c)
    old = r
    r = await c.press(r, "Pengaduan")
    r = await c.press(old, "Aspirasi")  # the type question again, from the old message
    assert c.last.callback_answer and "lama" in c.last.callback_answer
    assert "Langkah 2" in r[-1].text


async def test_back_and_edit_from_summary(core: Core):
    c = Citizen(core)
    r = await consent(c)
    r = await c.press(r, "Pengaduan")
    r = await c.say(TITLE)
    r = await c.say("/kembali")
    assert "Langkah 2" in r[-1].text
    r = await c.say("Lampu jalan mati di Jl. Ahmad Yani")
    r = await tell(c)
    assert "Langkah 4" in r[-1].text
    r = await c.press(r, "Kembali")
    assert "Langkah 3" in r[-1].text
    r = await tell(c)
    r = await c.press(r, "Hari ini")
    r = await c.say("lewati")
    r = await c.press(r, "Lewati")
    r = await c.press(r, "Ya")
    r = await c.press(r, "Tidak")
    r = await c.push("contact", contact_phone="+628111", contact_user_id=c.sender.user_id)
    assert "Periksa laporan" in r[-1].text and "+628111" in r[-1].text
    r = await c.press(r, "Judul")
    r = await c.say("Lampu jalan padam total di Jl. Ahmad Yani")
    assert "Periksa laporan" in r[-1].text and "padam total" in r[-1].text
    assert "Anonim: Ya" in r[-1].text


async def test_someone_elses_contact_is_refused(core: Core):
    c = Citizen(core)
    r = await fill_until_summary(c)
    r = await c.say("/kembali")
    r = await c.push("contact", contact_phone="+62999", contact_user_id=4242)
    assert "nomor Anda sendiri" in r[0].text


async def test_cancel_asks_then_deletes_draft(core: Core, db):
    c = Citizen(core)
    r = await consent(c)
    r = await c.press(r, "Pengaduan")
    r = await c.say("/batal")
    r = await c.press(r, "Tidak, lanjutkan")
    assert "Langkah 2" in r[-1].text
    r = await c.say("/batal")
    r = await c.press(r, "Ya, batalkan")
    assert "dibatalkan" in texts(r)
    async with db.uow() as uow:
        assert await uow.drafts.get(c.sender.user_id) is None


async def test_duplicate_update_creates_one_ticket(core: Core, db):
    c = Citizen(core)
    r = await fill_until_summary(c)
    send = next(b.data for row in r[-1].buttons for b in row if "Kirim" in b.text)
    first = await c.push("button", update_id=9_999, callback_id="a", callback_data=send)
    again = await c.push("button", update_id=9_999, callback_id="a", callback_data=send)
    assert number_in(first) and again == [] and c.last.duplicate
    async with db.uow() as uow:
        citizen = await uow.citizens.get_by_user(c.sender.user_id)
        tickets = await uow.tickets.list_for_citizen(citizen.id)
    assert len(tickets) == 1


async def test_double_press_on_send_tells_the_number(core: Core):
    c = Citizen(core)
    r = await fill_until_summary(c)
    number = number_in(await c.press(r, "Kirim"))
    r = await c.press(r, "Kirim")
    assert number in texts(r)


async def test_two_messages_at_the_same_instant_are_both_applied(core: Core, db):
    c = Citizen(core)
    r = await consent(c)
    await c.press(r, "Pengaduan")
    await asyncio.gather(c.say(TITLE), c.say(STORY))
    async with db.uow() as uow:
        draft = await uow.drafts.get(c.sender.user_id)
    assert draft.data["title"] == TITLE and draft.data["description"] == STORY
    assert draft.step == "description"  # the story may go on in more messages, until Lanjut


async def test_draft_survives_a_new_core_instance(db):
    first = intake_core(db)
    c = Citizen(first)
    r = await consent(c)
    r = await c.press(r, "Pengaduan")
    await c.say(TITLE)
    restarted = Citizen(intake_core(db))
    r = await restarted.say("hello")  # any message: the current question comes back
    r = await restarted.say("/lapor")
    assert "belum selesai" in r[0].text and "Langkah 3" in r[-1].text


async def test_language_switch_mid_form(core: Core):
    c = Citizen(core)
    r = await consent(c)
    r = await c.say("/bahasa")
    r = await c.press(r, "English")
    assert "Language changed" in r[0].text and "Step 1/" in r[-1].text
    r = await c.press(r, "Complaint")
    assert "Step 2/" in r[-1].text


async def test_english_before_consent_stores_nothing_until_agreed(core: Core, db):
    c = Citizen(core)
    r = await c.say("/start")
    r = await c.press(r, "English")
    assert "Welcome" in r[0].text and r[0].edit_message_id is not None
    r = await c.press(r, "I agree")
    assert "Step 1/" in r[-1].text
    async with db.uow() as uow:
        assert (await uow.citizens.get_by_user(1001)).language == "en"


async def test_forged_callback_data_is_refused(core: Core):
    c = Citizen(core)
    await consent(c)
    r = await c.push("button", callback_id="x", callback_data="f1:drop_table:citizen;--")
    assert r == [] and "tidak dikenali" in c.last.callback_answer


async def test_photo_sent_early_is_kept_as_attachment(core: Core):
    c = Citizen(core)
    r = await consent(c)
    r = await c.press(r, "Pengaduan")
    r = await c.photo(3)
    assert "Lampiran disimpan" in r[0].text and "Langkah 2" in r[-1].text


async def test_delete_personal_data(core: Core, db):
    c = Citizen(core)
    r = await consent(c)
    r = await c.say("/hapusdata")
    r = await c.press(r, "hapus data")
    assert "dihapus" in texts(r)
    async with db.uow() as uow:
        citizen = await uow.citizens.get_by_user(1001)
        draft = await uow.drafts.get(1001)
    # No open report: nothing ties a row to their Telegram id any more; they start over.
    assert citizen is None and draft is None
    assert "setuju" in texts(await c.say("/lapor")).lower()


@pytest.mark.parametrize("n", [20])
async def test_many_concurrent_citizens_no_database_locked(core: Core, n: int):
    citizens = [Citizen(core, 5000 + i, f"W{i}") for i in range(n)]

    async def one(c: Citizen) -> str:
        r = await fill_until_summary(c)
        return number_in(await c.press(r, "Kirim"))

    numbers = await asyncio.gather(*(one(c) for c in citizens))
    assert len(set(numbers)) == n


@pytest.mark.parametrize("failures", [1, 3], ids=["busy-once", "busy-every-try"])
async def test_a_busy_database_reruns_the_turn_and_then_gives_up_cleanly(core: Core, db, monkeypatch, failures):
    """A lock held too long or a lost connection (OperationalError): the turn is run again after
    a pause and the report is filed once; if every try fails, the error reaches the runner (which
    apologises) with nothing committed, not even the claim of the update."""
    from sqlalchemy.exc import OperationalError

    from flows import turn
    from flows.ports import StorageBusy
    from storage.repos.tickets import SqlTickets

    add, tries = SqlTickets.add, []

    async def busy_add(self, ticket):
        tries.append(ticket.number)
        if len(tries) <= failures:
            raise OperationalError("INSERT INTO ticket ...", {}, Exception("database is locked"))
        return await add(self, ticket)

    monkeypatch.setattr(SqlTickets, "add", busy_add)
    monkeypatch.setattr(turn, "BUSY_PAUSES_S", (0.01, 0.01))
    c = Citizen(core)
    r = await fill_until_summary(c)
    send = next(b.data for row in r[-1].buttons for b in row if "Kirim" in b.text)
    if failures < turn.ATTEMPTS:
        assert number_in(await c.push("button", update_id=7_777, callback_id="a", callback_data=send))
        assert len(tries) == failures + 1
    else:
        with pytest.raises(StorageBusy):
            await c.push("button", update_id=7_777, callback_id="a", callback_data=send)
        assert len(tries) == turn.ATTEMPTS
        monkeypatch.setattr(SqlTickets, "add", add)  # the database is back; Telegram redelivers
        assert number_in(await c.push("button", update_id=7_777, callback_id="a", callback_data=send))
    async with db.uow() as uow:
        citizen = await uow.citizens.get_by_user(c.sender.user_id)
        assert len(await uow.tickets.list_for_citizen(citizen.id)) == 1
