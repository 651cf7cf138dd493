"""The story in several messages (flows/intake/telling.py) through the core: parts joined under
one status, the minimum for the whole story, what goes over the maximum cut and shown, and the
quiet-time job that moves a story on (and leaves alone a citizen who moved on themselves)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from flows.core import Core
from flows.intake import Intake, IntakeConfig
from flows.turn import Turns
from storage.models import OutboxRow
from tests.conftest import NOW
from tests.harness import Citizen, texts

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now


def build(db, quiet_s: float = 60.0):
    clock = Clock()
    turns = Turns(db.uow)
    intake = Intake(turns, IntakeConfig(story_quiet_s=quiet_s), clock=clock)
    return Core(turns, intake), intake, clock


async def to_story(c: Citizen):
    r = await c.say("/start")
    r = await c.press(r, "Setuju")
    r = await c.press(r, "Pengaduan")
    return await c.say("Lampu jalan mati di Jl. Merdeka")


async def told(c: Citizen):
    """A story told in one message, and Lanjut: the question after it."""
    await to_story(c)
    r = await c.say("Lampu jalan di depan masjid mati sudah tiga hari")
    return await c.press(r, "Lanjut")


async def draft_of(db, c: Citizen):
    async with db.uow() as uow:
        return await uow.drafts.get(c.sender.user_id)


async def test_parts_are_joined_under_one_status_that_is_edited(db):
    core, _, _ = build(db)
    c = Citizen(core)
    await to_story(c)
    first = await c.say("lampu mati")
    assert first[-1].tag and first[-1].edit_tag is None and "tambahkan sedikit lagi" in first[-1].text
    second = await c.say("sudah 3 hari, gelap sekali kalau malam")
    status = second[-1]
    assert status.edit_tag == first[-1].tag and "(2 pesan" in status.text and "Lanjut" in str(status.buttons)
    r = await c.press(second, "Lanjut")
    assert "Langkah 4" in r[-1].text and r[0].edit_tag == first[-1].tag and not r[0].buttons
    assert (await draft_of(db, c)).data["description"] == "lampu mati\nsudah 3 hari, gelap sekali kalau malam"


async def test_lanjut_on_too_short_a_story_asks_for_more(db):
    core, _, _ = build(db)
    c = Citizen(core)
    await to_story(c)
    await c.say("lampu mati")
    r = await c.say("lanjut")
    assert "minimal 30 huruf" in texts(r) and (await draft_of(db, c)).step == "description"


async def test_over_the_maximum_the_rest_is_cut_and_shown_exactly(db):
    core, _, _ = build(db)
    c = Citizen(core)
    await to_story(c)
    await c.say("a" * 2990)
    r = await c.say("bagian akhir yang terpotong")
    kept = ("a" * 2990 + "\nbagian akhir yang terpotong")
    assert kept[3000:] in texts(r) and "tidak tersimpan" in texts(r)
    assert (await draft_of(db, c)).data["description"] == kept[:3000]


async def test_a_quiet_story_moves_on_and_the_job_leaves_a_moved_on_citizen_alone(db):
    core, intake, clock = build(db, quiet_s=60)
    c = Citizen(core)
    await to_story(c)
    await c.say("Lampu jalan di depan masjid mati sudah tiga hari")
    assert await intake.quiet_stories(NOW + timedelta(seconds=59)) == 0  # not quiet long enough
    clock.now = NOW + timedelta(seconds=30)
    await c.say("gelap sekali kalau malam")  # a new part: the quiet time starts again
    assert await intake.quiet_stories(NOW + timedelta(seconds=61)) == 0
    assert await intake.quiet_stories(NOW + timedelta(seconds=91)) == 1
    draft = await draft_of(db, c)
    assert draft.step == "event_date" and draft.history[-1] == "description"
    async with db.uow() as uow:  # the next question is owed to the citizen, the status closed
        owed = list(await uow.session.scalars(select(OutboxRow.payload).where(
            OutboxRow.chat_id == c.sender.user_id).order_by(OutboxRow.id)))
    assert "✅" in owed[-2]["text"] and owed[-2].get("edit_tag") and "Langkah 4" in owed[-1]["text"]
    assert await intake.quiet_stories(NOW + timedelta(seconds=200)) == 0  # done once only


async def test_the_job_does_nothing_after_lanjut(db):
    core, intake, _ = build(db)
    c = Citizen(core)
    await told(c)
    version = (await draft_of(db, c)).version
    assert await intake.quiet_stories(NOW + timedelta(hours=1)) == 0
    assert (await draft_of(db, c)).version == version


async def test_text_at_a_buttons_step_is_a_note_shown_and_sent(db):
    core, intake, clock = build(db)
    c = Citizen(core)
    r = await told(c)
    clock.now = NOW + timedelta(seconds=5)
    r = await c.say("tiap malam gelap gulita, warga takut keluar")  # at once: more story
    assert "tambahkan ke cerita" in texts(r)
    r = await c.press(r, "Kemarin")
    r = await c.say("lewati")
    clock.now = NOW + timedelta(minutes=5)
    r = await c.say("nanti sy kirim fotonya besok ya pak")  # minutes later, at the attachments: a note
    assert "catatan tambahan" in texts(r) and "Langkah 6" in r[-1].text
    r = await c.say("ga ada")
    r = await c.say("gk")
    r = await c.say("iyaa")
    r = await c.say("ga usah")
    summary = r[-1].text
    assert "Catatan tambahan" in summary and "kirim fotonya besok" in summary
    r = await c.press(r, "Kirim")
    async with db.uow() as uow:
        [ticket] = await uow.tickets.list_for_citizen((await uow.citizens.get_by_user(c.sender.user_id)).id)
    assert ticket.description == ("Lampu jalan di depan masjid mati sudah tiga hari\n"
                                  "tiap malam gelap gulita, warga takut keluar\n\n"
                                  "Catatan tambahan:\n- nanti sy kirim fotonya besok ya pak")
    assert ticket.anonymous is False and ticket.confidential is True and ticket.phone is None


async def test_an_information_request_is_asked_no_date_and_a_change_of_type_asks_it(db):
    core, _, _ = build(db)
    c = Citizen(core)
    r = await c.say("/start")
    r = await c.press(r, "Setuju")
    r = await c.press(r, "Permintaan informasi")
    assert "Langkah 2/8" in r[-1].text  # no agency step without a directory, no date step
    r = await c.say("Jadwal pelayanan KTP elektronik")
    assert "Informasi apa yang Anda minta" in r[-1].text and "kronologi" not in r[-1].text
    r = await c.say("Saya ingin tahu jadwal perekaman KTP elektronik di kecamatan Baturaja Timur")
    r = await c.press(r, "Lanjut")
    assert "Langkah 4/8" in r[-1].text and "lokasinya" in r[-1].text
    for answer in ("lewati", "lewati", "tidak", "tidak", "lewati"):
        r = await c.say(answer)
    summary = r[-1].text
    assert "Informasi yang diminta: Saya ingin tahu" in summary and "Tanggal kejadian" not in summary
    assert "Tanggal" not in str(r[-1].buttons)  # nothing to change there either
    r = await c.press(r, "Jenis")
    r = await c.press(r, "Pengaduan")
    assert "Periksa laporan" in r[-1].text and "Kronologi: Saya ingin tahu" in r[-1].text
    r = await c.press(r, "Kirim")  # a complaint needs its date: asked, then back to the summary
    assert "Kapan kejadiannya" in r[-1].text
    r = await c.press(r, "Tidak ingat")
    assert "Periksa laporan" in r[-1].text and "Tanggal kejadian: tidak ingat" in r[-1].text
    r = await c.press(r, "Kirim")
    async with db.uow() as uow:
        [ticket] = await uow.tickets.list_for_citizen((await uow.citizens.get_by_user(c.sender.user_id)).id)
    assert ticket.report_type == "pengaduan" and ticket.event_date is None
    assert ticket.event_date_precision == "unknown"


async def test_a_story_asked_again_waits_and_lanjut_on_it_keeps_what_followed(db):
    core, intake, clock = build(db)
    c = Citizen(core)
    r = await told(c)
    r = await c.press(r, "Kemarin")
    r = await c.say("/kembali")
    r = await c.say("/kembali")
    assert "Cerita Anda saat ini" in r[-1].text
    assert await intake.quiet_stories(NOW + timedelta(hours=1)) == 0  # nobody is telling it now
    r = await c.press(r, "Lanjut")  # the same story: on, with nothing forgotten
    draft = await draft_of(db, c)
    assert draft.step == "event_date" and draft.data["description"].startswith("Lampu jalan")
    r = await c.say("/kembali")
    r = await c.say("Lampu jalan di depan SD 3 mati, bukan di masjid")  # a new story replaces it
    assert "(1 pesan" in r[-1].text
    assert (await draft_of(db, c)).data["description"] == "Lampu jalan di depan SD 3 mati, bukan di masjid"


async def test_more_story_at_the_date_question_is_joined_not_refused_as_a_date(db):
    core, _, clock = build(db)
    c = Citizen(core)
    r = await told(c)
    assert "Kapan kejadiannya" in r[-1].text
    clock.now = NOW + timedelta(seconds=10)
    r = await c.say("lampunya jg kedip2 sblm mati")
    assert "tambahkan ke cerita" in texts(r) and "tidak bisa saya baca" not in texts(r)
    r = await c.say("tanggal tiga puluh")  # still a moment later, but a date was meant
    assert "tidak bisa saya baca" in texts(r)
    clock.now = NOW + timedelta(minutes=10)
    r = await c.say("saya gk yakin pak")  # not sure of the date: the date is not remembered
    assert "tidak ingat" in r[-1].text and "Langkah 5" in r[-1].text
    assert (await draft_of(db, c)).data["description"].endswith("\nlampunya jg kedip2 sblm mati")
