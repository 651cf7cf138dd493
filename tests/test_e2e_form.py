"""A form that listens (issue 12, points 2, 4, 5a, 7, and of point 1 the brief consent and the
home menu), end to end on both frameworks: citizens who write the way citizens write (several
short messages, "yg", "gk", "tdk", typos, changing their mind), and what the coordinator desk
finally receives on its card and in the database."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from flows.dates import describe
from tests.botapi_server import FakeBotAPI, Sent
from tests.e2e import Phone, RunningBot, bot_engine, bot_settings
from tests.test_e2e_desks import COORD, World
from tests.test_e2e_intake import tickets_of

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
async def api():
    async with FakeBotAPI() as server:
        yield server


class Town(World):
    """The regency with its coordinator desk, and the bot started with chosen settings."""

    bot: RunningBot

    async def start(self, tmp_path, framework: str, **settings) -> Town:
        self.bot = await RunningBot(bot_settings(self.api, tmp_path, framework, **settings)).start()
        await self.desk(self.coord, "koordinator")
        return self

    async def begin(self, kind: str = "Pengaduan", title: str = "lampu jln mati di dpn masjid") -> Sent:
        """/start, Setuju, the report type and a title: the story question."""
        c = self.citizen
        welcome = await c.ask("/start", "Selamat datang")
        q = await c.tap(welcome, "Setuju", "Langkah 1/")
        q = await c.tap(q, kind, "Langkah 2/")
        return await c.ask(title, "Langkah 3/")

    def status(self) -> list[Sent]:
        """Every message that told the story's status (each is edited in place as parts arrive)."""
        return [s for s in self.api.messages(self.citizen.chat_id) if "Cerita diterima" in (s.text or "")]

    async def send(self, summary: Sent) -> str:
        done = await self.citizen.tap(summary, "Kirim", "Nomor laporan")
        return done.text.split("Nomor laporan: ")[1].split()[0]

    async def tickets(self):
        return await tickets_of(self.bot.settings, self.citizen.user.id)


@pytest.fixture
async def town(api):
    w = Town(api)
    yield w
    if getattr(w, "bot", None) is not None:
        await w.bot.stop()


async def until(check: Callable[[], bool], timeout: float = 10.0,
                message: Callable[[], object] = lambda: "") -> None:
    """Wait until `check()` holds (an edit of a message already read, say)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError(f"condition not met in time {message()}")
        await asyncio.sleep(0.05)


async def agree(c: Phone, q: Sent, agency: str = "Ya, benar", expect: str = "Langkah 5/") -> Sent:
    """The agency question: the proposal accepted (or "Tidak tahu" when there is none to accept)."""
    return await c.tap(q, agency if agency in str(q.reply_markup) else "Tidak tahu", expect)


async def to_date(town: Town, framework: str, tmp_path, story: str) -> Sent:
    """A pengaduan told in one message, its agency accepted: the date question."""
    await town.start(tmp_path, framework)
    await town.begin()
    return await agree(town.citizen, await town.citizen.tell(story))


async def rest_of_the_form(c: Phone, q: Sent, *, agency: str = "Ya, benar", date: str | None = "Kemarin",
                           files: bool = False) -> Sent:
    """From the agency question to the summary, pressing the obvious buttons (`files`: the draft
    has attachments already, so the attachments question offers Selesai, not Lewati)."""
    if "Langkah 4/" in q.text:
        q = await agree(c, q, agency)
    if date is not None:
        q = await c.tap(q, date, "Langkah 6/")
    q = await c.ask("Lewati", "Ada foto")
    q = await c.tap(q, "Selesai" if files else "Lewati", "anonim")
    q = await c.tap(q, "Tidak", "rahasia")
    q = await c.tap(q, "Tidak", "menghubungi")
    return await c.ask("Lewati", "Periksa laporan")


async def test_a_story_in_several_short_messages_reaches_the_desk_whole(api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    c = town.citizen
    await town.begin()
    parts = ["pak lampu jln di dpn masjid al ikhlas mati", "udh 3 hari gk nyala",
             "trus kmrn malem ada ibu2 jatoh dr motor krn gelap bgt"]
    first = await c.ask(parts[0], "Cerita diterima (1 pesan")
    c.say(parts[1])
    c.say(parts[2])
    await until(lambda: "(3 pesan" in (first.text or ""))
    assert len(town.status()) == 1 and "Lanjut" in str(first.reply_markup)  # one status, edited
    q = await c.ask("udah itu aja", "Langkah 4/")  # a typed "that's all" is Lanjut
    assert "✅" in first.text and "Lanjut" not in str(first.reply_markup)
    summary = await rest_of_the_form(c, q)
    assert all(p in summary.text for p in parts)
    number = await town.send(summary)
    card = await town.card(COORD, number)
    assert all(p in card.text for p in parts)
    [ticket] = await town.tickets()
    assert ticket.description == "\n".join(parts)


async def test_twenty_short_messages_get_one_status_not_twenty_replies(api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    c = town.citizen
    await town.begin()
    words = ["jalan", "di", "desa", "sukajadi", "rusak", "parah", "bnyk", "lubang", "yg", "dalam",
             "kalau", "hujan", "jd", "kolam", "anak2", "sekolah", "susah", "lewat", "tolong", "diperbaiki"]
    status = await c.ask(words[0], "Cerita diterima (1 pesan")
    assert "Minimal 30 huruf" in status.text  # a short first part is kept, not refused
    for word in words[1:]:
        c.say(word)
    await until(lambda: "(20 pesan" in (status.text or ""),
                message=lambda: [(s.message_id, (s.text or "")[:60]) for s in api.messages(c.chat_id)])
    await c.settle(0.5)
    assert len(town.status()) == 1
    assert [s for s in api.messages(c.chat_id) if s.message_id > status.message_id] == []  # no reply per part
    c.press(status, "Lanjut")
    q = await c.expect("Langkah 4/")
    summary = await rest_of_the_form(c, q)
    number = await town.send(summary)
    [ticket] = await town.tickets()
    assert ticket.number == number and ticket.description.split("\n") == words


async def test_a_story_that_goes_quiet_moves_on_by_itself(api, tmp_path, framework, town):
    await town.start(tmp_path, framework, story_quiet_seconds=0.6)
    c = town.citizen
    await town.begin()
    status = await c.ask("Lampu jalan di depan masjid Al Ikhlas mati sudah tiga hari", "Cerita diterima")
    q = await c.expect("Langkah 4/", timeout=10)  # nobody pressed Lanjut
    assert "✅" in status.text and "Lanjut" not in str(status.reply_markup)
    summary = await rest_of_the_form(c, q)
    assert "mati sudah tiga hari" in summary.text


async def test_too_short_a_story_waits_for_more_even_when_quiet(api, tmp_path, framework, town):
    await town.start(tmp_path, framework, story_quiet_seconds=0.3)
    c = town.citizen
    await town.begin()
    status = await c.ask("lampu mati", "Cerita diterima")
    c.press(status, "Lanjut")
    await c.expect("minimal 30 huruf")
    await asyncio.sleep(1.0)  # quiet, but too short to go on: still the story
    assert not [s for s in api.messages(c.chat_id) if "Langkah 4/" in (s.text or "")]
    await c.ask("di jln merdeka dpn sd 3, udh seminggu", "Langkah 4/")  # then long enough: quiet moves on


async def test_an_overlong_story_is_kept_to_the_maximum_and_the_cut_shown(api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    c = town.citizen
    await town.begin()
    long = "Jalan rusak parah. " * 157  # 2983 characters
    await c.ask(long.strip(), "Cerita diterima")
    tail = "Terakhir, tolong kirim petugas secepatnya ke lokasi ya pak."
    cut = await c.ask(tail, "tidak tersimpan")
    kept = long.strip() + "\n" + tail
    assert kept[3000:] in cut.text and f"({len(kept) - 3000} huruf)" in cut.text
    q = await c.ask("lanjut", "Langkah 4/")
    summary = await rest_of_the_form(c, q)
    number = await town.send(summary)
    [ticket] = await town.tickets()
    assert ticket.number == number and ticket.description == kept[:3000]


async def test_a_title_too_long_becomes_the_story_with_a_short_title_proposed(api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    c = town.citizen
    welcome = await c.ask("/start", "Selamat datang")
    q = await c.tap(welcome, "Setuju", "Langkah 1/")
    await c.tap(q, "Pengaduan", "Langkah 2/")
    long_title = ("selamat pagi pak, sy mau lapor. Jembatan gantung di desa Tanjung Baru putus sebagian. "
                  "warga yg mau ke pasar hrs memutar 5 km, anak sekolah jg susah lewat, sdh 2 minggu tdk ada "
                  "perbaikan dr pihak desa")
    proposal = await c.ask(long_title, "Usul judul")
    assert "awal cerita" in proposal.text and "Jembatan gantung di desa Tanjung Baru putus sebagian" in proposal.text
    status = await c.tap(proposal, "Pakai judul ini", "Langkah 3/")
    assert "Cerita diterima (1 pesan" in status.text  # the long title is the story's first part
    c.say("tolong segera diperbaiki")
    await until(lambda: "(2 pesan" in (status.text or ""))
    q = await c.tap(status, "Lanjut", "Langkah 4/")
    summary = await rest_of_the_form(c, q)
    number = await town.send(summary)
    card = await town.card(COORD, number)
    assert "Jembatan gantung di desa Tanjung Baru putus sebagian" in card.text
    [ticket] = await town.tickets()
    assert ticket.title == "Jembatan gantung di desa Tanjung Baru putus sebagian"
    assert ticket.description == long_title + "\ntolong segera diperbaiki"


async def test_typed_answers_instead_of_buttons_and_nothing_dropped(api, tmp_path, framework, town):
    """A citizen who types everything: informal yes/no/skip words answer the buttons, text that
    fits no step goes to the story (just written) or becomes a note that the desk reads."""
    await town.start(tmp_path, framework, story_quiet_seconds=1.0)
    c = town.citizen
    await town.begin()
    await c.ask("Lampu jalan di depan masjid Al Ikhlas mati sudah tiga hari", "Cerita diterima")
    q = await c.ask("sdh", "Langkah 4/")
    # more story right after Lanjut, at the agency question: joined, the proposal made again
    q = await c.ask("oh iya lampunya jg sering kedip2 sblm mati", "tambahkan ke cerita")
    assert "Langkah 4/" in q.text
    q = await agree(c, q)
    q = await c.ask("senin lalu", "Langkah 6/")
    monday = _last_monday()
    assert f"📅 {describe('id', monday)} (senin lalu)" in q.text  # shown back, to correct
    await c.ask("tdk", "Ada foto")  # "no" is no place: the location is skipped
    q = await c.ask("ga ada", "anonim")  # no attachments
    await asyncio.sleep(1.2)  # the story is long finished: what follows is no part of it
    await c.ask("sy takut dimarahi pak RT kalau ketahuan", "catatan tambahan")
    q = await c.ask("iyaa", "rahasia")
    q = await c.ask("gk", "menghubungi")
    summary = await c.ask("ga usah", "Periksa laporan")
    assert "Catatan tambahan" in summary.text and "takut dimarahi" in summary.text
    number = await town.send(summary)
    card = await town.card(COORD, number)
    assert "Catatan tambahan" in card.text and "takut dimarahi pak RT" in card.text
    assert "kedip2" in card.text and describe("id", monday) not in card.text  # staff see the short date
    [ticket] = await town.tickets()
    assert ticket.anonymous is True and ticket.confidential is False and ticket.phone is None
    assert ticket.location_text is None and ticket.attachment_count == 0
    assert ticket.event_date == monday and ticket.event_date_precision == "day"
    assert ticket.description.startswith("Lampu jalan di depan masjid Al Ikhlas mati sudah tiga hari\n"
                                         "oh iya lampunya jg sering kedip2 sblm mati")
    assert "Anonim" not in card.text or "Siti" not in card.text


def _last_monday():
    today = datetime.now(WIB).date()
    return today - timedelta(days=(today.weekday() - 0) % 7 or 7)


async def test_a_date_typed_at_the_place_question_is_taken_as_the_date(api, tmp_path, framework, town):
    q = await to_date(town, framework, tmp_path, "Jalan di depan SD Negeri 5 Baturaja berlubang besar, motor jatuh")
    c = town.citizen
    q = await c.ask("awal agustus", "Langkah 6/")
    year = datetime.now(WIB).year if datetime.now(WIB).month >= 8 else datetime.now(WIB).year - 1
    assert f"awal Agustus {year}" in q.text
    told = await c.ask("3 hari yg lalu", "tanggal kejadian")
    assert "Langkah 6/" in told.text  # still asked where
    q = await c.ask("Jl. Dr. Moh. Hatta dpn SD 5", "Ada foto")
    summary = await rest_of_the_form_from_attachments(c, q)
    three_days = datetime.now(WIB).date() - timedelta(days=3)
    assert describe("id", three_days) in summary.text and "Jl. Dr. Moh. Hatta" in summary.text
    await town.send(summary)
    [ticket] = await town.tickets()
    assert ticket.event_date == three_days and ticket.location_text == "Jl. Dr. Moh. Hatta dpn SD 5"


async def rest_of_the_form_from_attachments(c: Phone, q: Sent) -> Sent:
    q = await c.tap(q, "Lewati", "anonim")
    q = await c.tap(q, "Tidak", "rahasia")
    q = await c.tap(q, "Tidak", "menghubungi")
    return await c.ask("Lewati", "Periksa laporan")


@pytest.mark.parametrize("pressed, shown", [("Tidak ingat", "tidak ingat"), ("Berulang", "berulang")])
async def test_no_one_day_is_a_date_too(api, tmp_path, framework, town, pressed, shown):
    await town.start(tmp_path, framework)
    c = town.citizen
    await town.begin(title="Banjir tiap hujan di perumahan")
    q = await c.tell("Setiap hujan deras perumahan Griya Baturaja banjir sampai lutut, got tersumbat")
    summary = await rest_of_the_form(c, q, date=pressed)
    assert shown in summary.text
    number = await town.send(summary)
    card = await town.card(COORD, number)
    assert shown in card.text
    [ticket] = await town.tickets()
    assert ticket.event_date is None and ticket.event_date_precision in ("unknown", "recurring")


async def test_a_month_is_kept_as_a_month(api, tmp_path, framework, town):
    q = await to_date(town, framework, tmp_path, "Lampu jalan di depan masjid Al Ikhlas mati, sudah lama sekali")
    c = town.citizen
    q = await c.ask("agustus", "Langkah 6/")
    now = datetime.now(WIB)
    year = now.year if now.month >= 8 else now.year - 1
    q = await c.ask("Lewati", "Ada foto")
    summary = await rest_of_the_form_from_attachments(c, q)
    assert f"Agustus {year}" in summary.text
    number = await town.send(summary)
    card = await town.card(COORD, number)
    assert f"Agustus {year}" in card.text
    [ticket] = await town.tickets()
    assert ticket.event_date_precision == "month" and ticket.event_date.month == 8


@pytest.mark.parametrize("kind, asked, label", [
    ("Aspirasi", "usulan Anda", "Usulan"),
    ("Permintaan informasi", "Informasi apa yang Anda minta", "Informasi yang diminta"),
])
async def test_a_suggestion_or_an_information_request_is_asked_no_incident_date(
        api, tmp_path, framework, town, kind, asked, label):
    await town.start(tmp_path, framework)
    c = town.citizen
    q = await town.begin(kind=kind, title="Taman kota perlu lampu dan bangku")
    assert asked in q.text and "kronologi" not in q.text and "Langkah 3/9" in q.text
    q = await c.tell("Mohon taman kota Baturaja diberi lampu dan bangku, malam hari gelap dan sepi",
                     expect="Langkah ")
    if "Langkah 4/" in q.text:
        q = await agree(c, q, expect="Langkah 5/9")
    assert "Kapan" not in q.text and "lokasinya" in q.text  # straight to the place
    q = await c.ask("Lewati", "Langkah 6/9")
    summary = await rest_of_the_form_from_attachments(c, q)
    assert f"{label}: Mohon taman kota" in summary.text and "Tanggal kejadian" not in summary.text
    number = await town.send(summary)
    card = await town.card(COORD, number)
    assert "taman kota Baturaja" in card.text
    [ticket] = await town.tickets()
    assert ticket.event_date is None and ticket.event_date_precision is None


async def test_a_voice_note_for_the_story_is_not_read_and_the_story_kept(api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    c = town.citizen
    await town.begin()
    status = await c.ask("Lampu jalan di depan masjid Al Ikhlas mati", "Cerita diterima")
    api.send_voice(c.user)
    told = await c.expect("pesan suara")
    assert "draf Anda tetap tersimpan" in told.text
    c.say("sudah tiga hari, gelap sekali")
    await until(lambda: "(2 pesan" in (status.text or ""))
    q = await c.tap(status, "Lanjut", "Langkah 4/")
    summary = await rest_of_the_form(c, q)
    assert "mati\nsudah tiga hari" in summary.text or "mati sudah tiga hari" in summary.text.replace("\n", " ")


async def test_messages_for_a_whole_form(api, tmp_path, framework, town):
    """Point 7: how many messages the bot sends for a whole form, pressed the usual way (the
    figure before issue 12 was 15 for this path; see the report)."""
    await town.start(tmp_path, framework)
    c = town.citizen
    q = await town.begin()
    q = await c.tell("Lampu jalan di depan masjid Al Ikhlas mati sudah tiga hari, gelap sekali")
    q = await agree(c, q)
    q = await c.tap(q, "Kemarin", "Langkah 6/")
    api.send_location(c.user, -4.1293, 104.1667)
    q = await c.expect("Langkah 7/")
    assert q.text.startswith("📍 Lokasi disimpan")  # the echo rides on the next question
    q = await c.tap(q, "Lewati", "Langkah 8/")
    q = await c.tap(q, "Tidak", "Langkah 9/")
    q = await c.tap(q, "Tidak", "Langkah 10/")
    api.send_contact(c.user, "+6281377001122")
    summary = await c.expect("Periksa laporan")
    assert summary.text.startswith("📱 +6281377001122")
    await town.send(summary)
    sent = [s for s in api.messages(c.chat_id)]
    assert len(sent) == 14, [s.text[:30] for s in sent]


async def test_an_english_citizen_types_loose_answers_too(api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    john = Phone(api, api.user(1002, "John", language_code="en"))
    welcome = await john.ask("/start", "Selamat datang")
    john.press(welcome, "English")
    await api.wait_for_call("editMessageText")
    q = await john.tap(api.messages(john.chat_id)[0], "I agree", "Step 1/")
    q = await john.tap(q, "Complaint", "Step 2/")
    await john.ask("Broken street light near the market", "Step 3/")
    status = await john.ask("the street light near Pasar Baru has been off", "Story received (message(s): 1,")
    john.say("for a whole week now, it is very dark at night")
    await until(lambda: "(message(s): 2," in (status.text or ""))
    q = await john.ask("that's all", "Step ")
    if "Step 4/" in q.text:  # the agency question, when routing proposes any
        q = await john.tap(q, "I don't know", "Step 5/")
    q = await john.ask("last week", "Step 6/")
    week_ago = datetime.now(WIB).date() - timedelta(days=7)
    assert f"📅 {describe('en', week_ago, 'about')} (last week)" in q.text
    await john.ask("no", "Any photos")
    await john.ask("nope", "anonymously")
    await john.ask("yep", "confidential")
    await john.ask("nah", "May an officer call you")
    summary = await john.ask("skip", "Please check your report")
    assert "Anonymous: Yes" in summary.text and "Confidential: No" in summary.text
    done = await john.tap(summary, "Send report", "Report number")
    number = done.text.split("Report number: ")[1].split()[0]
    card = await town.card(COORD, number)
    assert f"sekitar {week_ago.day}" in card.text  # staff read the date in the staff language
    engine_tickets = await tickets_of(town.bot.settings, john.user.id)
    [ticket] = engine_tickets
    assert ticket.description == ("the street light near Pasar Baru has been off\n"
                                  "for a whole week now, it is very dark at night")
    assert ticket.anonymous and not ticket.confidential and ticket.event_date_precision == "about"


# The agency after the citizen changes their mind on the summary (point 5, second half): a new
# story is routed again, with its reason, before the summary comes back, and the agency can be
# changed from the summary; the ticket and the coordinator's card carry the final choice.
POTHOLE = ("jln di dpn SD negeri 5 berlubang besar udh 2 bln, kmrn ada motor jatuh. tlg diperbaiki pak")
SIGNAL = ("lampu lalu lintas di simpang empat pasar baru mati sejak minggu lalu, kendaraan "
          "saling serobot dan hampir tabrakan")


async def to_summary_with_agency(town: Town, tmp_path, framework: str):
    await town.start(tmp_path, framework)
    c = town.citizen
    await town.begin(title="jalan rusak dpn SD 5")
    q = await c.tell(POTHOLE)
    assert "Pekerjaan Umum" in q.text  # the proposal and its reason
    return await rest_of_the_form(c, q)


async def test_a_new_story_on_the_summary_is_routed_again_before_it_returns(api, tmp_path, framework, town):
    c = town.citizen
    summary = await to_summary_with_agency(town, tmp_path, framework)
    assert "Pekerjaan Umum" in summary.text
    # the citizen rewrites the story: it is about a traffic light, not the road
    await c.tap(summary, "Kronologi", "Langkah 3/")
    q = await c.tell(SIGNAL, "Instansi")
    # asked again from the new story (confidently or among the candidates), not dropped
    assert "Perhubungan" in q.text + str(q.reply_markup) and "Periksa laporan" not in q.text
    pick = "Ya, benar" if "Perhubungan" in q.text else "Dinas Perhubungan"
    summary = await c.tap(q, pick, "Periksa laporan")
    assert "Perhubungan" in summary.text and "ditentukan koordinator" not in summary.text
    number = await town.send(summary)
    [ticket] = await town.tickets()
    assert ticket.agency_code == "DISHUB" and ticket.description.startswith("lampu lalu lintas")
    card = await town.card(COORD, number)
    assert "Perhubungan" in card.text


async def test_the_agency_is_changed_from_the_summary(api, tmp_path, framework, town):
    c = town.citizen
    summary = await to_summary_with_agency(town, tmp_path, framework)
    q = await c.tap(summary, "Instansi", "Instansi")
    options = [b["text"] for row in q.reply_markup["inline_keyboard"] for b in row]
    assert "⬅️ Kembali" in options  # back to the summary unchanged
    other = next(o for o in options if "Pekerjaan Umum" not in o and "Ya, benar" not in o
                 and "Kembali" not in o and "tahu" not in o.lower())
    summary = await c.tap(q, other, "Periksa laporan")
    assert other[:20] in summary.text
    await town.send(summary)
    [ticket] = await town.tickets()
    assert ticket.agency_code != "PUPR"


async def test_an_unsure_citizen_leaves_it_to_the_coordinator_from_the_summary(api, tmp_path, framework, town):
    c = town.citizen
    summary = await to_summary_with_agency(town, tmp_path, framework)
    q = await c.tap(summary, "Instansi", "Instansi")
    summary = await c.tap(q, "Tidak tahu", "Periksa laporan")
    assert "koordinator" in summary.text
    await town.send(summary)
    [ticket] = await town.tickets()
    assert ticket.agency_code is None


# ---------------------------------------------------------------- the home menu, the brief consent
MENU = ("Buat laporan", "Laporanku", "Cek status", "Bantuan")


def labels(message) -> str:
    return str(message.reply_markup)


async def test_consent_is_brief_and_the_whole_text_is_one_tap_away(api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    c = town.citizen
    welcome = await c.ask("/start", "Selamat datang")
    assert "UU PDP" in welcome.text and "/hapusdata" in welcome.text
    assert "Kami menyimpan nama" not in welcome.text  # the whole text is not pushed on everyone
    c.press(welcome, "Baca selengkapnya")

    def redrawn():  # in place, the buttons still there
        return next((s for s in api.messages(c.chat_id) if s.message_id == welcome.message_id
                     and "Kami menyimpan nama" in (s.text or "")), None)

    await until(lambda: redrawn() is not None)
    full = redrawn()
    assert "Baca selengkapnya" not in labels(full) and "Setuju" in labels(full)
    await c.tap(full, "Setuju", "Langkah 1/")  # agreeing the first time goes straight to the form


async def test_home_menu_after_sending_on_greeting_and_on_start(api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    c = town.citizen
    q = await town.begin(title="sampah tdk diangkut di pasar baru")
    q = await c.tell("Sampah di pasar baru Baturaja sudah seminggu tidak diangkut, bau sekali dan banyak lalat.")
    summary = await rest_of_the_form(c, q)
    done = await c.tap(summary, "Kirim", "Nomor laporan")
    number = done.text.split("Nomor laporan: ")[1].split()[0]
    assert all(x in labels(done) for x in MENU)  # the menu rides on the confirmation itself
    mine = await c.tap(done, "Laporanku", "Laporan Anda")
    assert number in mine.text and "sampah tdk diangkut" in mine.text

    hello = await c.ask("selamat pagi pak", "Halo, Siti!")
    assert all(x in labels(hello) for x in MENU)
    usage = await c.tap(hello, "Cek status", "/status")
    assert "Tulis nomor laporan" in usage.text and number in usage.text  # with their reports listed
    thanks = await c.ask("makasih ya pak 🙏", "Sama-sama")
    helped = await c.tap(thanks, "Bantuan", "Cara memakai")
    assert "/laporanku" in helped.text
    idle = await c.ask("??", "Buat laporan")
    assert all(x in labels(idle) for x in MENU)

    again = await c.ask("/start", "Halo, Siti!")  # agreed already: no consent again, the menu
    assert "Selamat datang" not in again.text and all(x in labels(again) for x in MENU)
    await c.tap(again, "Buat laporan", "Langkah 1/")


async def test_menu_follows_when_the_phone_keyboard_was_typed_past(api, tmp_path, framework, town):
    """Typing "gk" at the phone step leaves Telegram's reply keyboard up: the confirmation
    removes it, and the menu comes in a message of its own (one message cannot do both)."""
    await town.start(tmp_path, framework)
    c = town.citizen
    q = await town.begin(title="lampu jalan mati di jln merdeka")
    q = await c.tell("Lampu jalan di Jl. Merdeka depan SD 3 mati sudah seminggu, gelap sekali kalau malam.")
    q = await c.tap(await c.tap(q, "Ya, benar", "Langkah 5/") if "Langkah 4/" in q.text else q,
                    "Kemarin", "Langkah 6/")
    q = await c.ask("Lewati", "Ada foto")
    q = await c.tap(q, "Lewati", "anonim")
    q = await c.tap(q, "Tidak", "rahasia")
    q = await c.tap(q, "Tidak", "menghubungi")
    summary = await c.ask("gk", "Periksa laporan")
    done = await c.tap(summary, "Kirim", "Nomor laporan")
    assert done.reply_markup == {"remove_keyboard": True} or "remove_keyboard" in labels(done)
    after = await c.expect("Ada lagi yang bisa saya bantu")
    assert all(x in labels(after) for x in MENU)


# ---------------------------------------------------------------- a draft left for hours
STALE_H = 0.0008  # about 2.9 s: "hours" for a test


async def leave(seconds: float = STALE_H * 3600 + 0.6) -> None:
    await asyncio.sleep(seconds)  # a draft grows stale only with time


async def test_a_stale_draft_asks_before_taking_the_next_message_and_keeps_it(api, tmp_path, framework, town):
    await town.start(tmp_path, framework, stale_draft_hours=STALE_H)
    c = town.citizen
    await town.begin()  # the story question asked, then the citizen goes to bed
    await leave()
    ask = await c.ask("selamat pagi pak, sy mau lanjut laporan yg kemarin", "belum selesai")
    assert "Selamat pagi" not in ask.text and "lampu jln mati" in ask.text  # its title, to recognise it
    assert "Lanjutkan" in str(ask.reply_markup) and "Mulai baru" in str(ask.reply_markup)
    assert not town.status()  # not taken as the story
    ask = await c.ask("halo?", "belum selesai")  # text while stale: kept, asked again
    q = await c.tap(ask, "Lanjutkan", "Langkah 3/")
    noted = [s for s in api.messages(c.chat_id) if "catatan tambahan" in (s.text or "")]
    assert noted and "sy mau lanjut" in noted[-1].text
    q = await c.tell("Lampu jalan di depan masjid Al Ikhlas mati sudah tiga hari, gelap sekali kalau malam.")
    summary = await rest_of_the_form(c, q)
    assert "sy mau lanjut" in summary.text  # a note on the draft, shown before sending
    number = await town.send(summary)
    [ticket] = await town.tickets()
    assert ticket.description.startswith("Lampu jalan di depan masjid") and "sy mau lanjut" in ticket.description
    assert "halo?" not in ticket.description  # a bare greeting is no note
    card = await town.card(COORD, number)
    assert "Catatan tambahan" in card.text and "sy mau lanjut" in card.text


async def test_starting_anew_from_a_stale_draft_uses_what_was_just_sent(api, tmp_path, framework, town):
    await town.start(tmp_path, framework, stale_draft_hours=STALE_H)
    c = town.citizen
    await town.begin(kind="Aspirasi", title="usul taman bermain di kelurahan")
    await leave()
    api.send_photo(c.user, caption="Jalan berlubang di depan pasar Baturaja, sdh 2 minggu blm diperbaiki")
    ask = await c.expect("belum selesai")
    q = await c.tap(ask, "Mulai baru", "Langkah 1/")
    assert "Draf lama dihapus" in q.text and "1 pesan dan 1 foto/berkas" in q.text
    q = await c.tap(q, "Pengaduan", "Langkah 2/")
    assert "Jalan berlubang di depan pasar Baturaja" in q.text  # the title proposed from it
    q = await c.tap(q, "Pakai judul ini", "Langkah 3/")
    assert "Cerita diterima" in q.text  # the caption is the story's first part
    c.press(q, "Lanjut")
    summary = await rest_of_the_form(c, await c.expect("Langkah 4/"), files=True)
    assert "1 berkas" in summary.text and "taman bermain" not in summary.text
    number = await town.send(summary)
    card = await town.card(COORD, number)
    assert "sdh 2 minggu" in card.text and "taman bermain" not in card.text
    [ticket] = await town.tickets()
    assert ticket.report_type == "pengaduan" and ticket.attachment_count == 1
    assert "sdh 2 minggu" in ticket.description


# ---------------------------------------------------------------- what comes before consent
async def test_a_story_written_before_start_becomes_the_report(api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    c = town.citizen
    c.say("Assalamualaikum pak, jalan di desa Air Paoh rusak parah sejak musim hujan, motor sering jatuh")
    held = await c.expect("simpan sementara")
    welcome = await c.expect("Selamat datang")
    assert "1 pesan" in held.text and "UU PDP" in welcome.text
    q = await c.tap(welcome, "Setuju", "Langkah 1/")
    assert "1 pesan yang Anda kirim tadi" in q.text
    q = await c.tap(q, "Pengaduan", "Langkah 2/")
    assert "Jalan di desa Air Paoh rusak parah" in q.text  # the title proposed, without the greeting
    q = await c.tap(q, "Pakai judul ini", "Langkah 3/")
    assert "Cerita diterima (1 pesan" in q.text
    c.press(q, "Lanjut")
    summary = await rest_of_the_form(c, await c.expect("Langkah 4/"))
    number = await town.send(summary)
    card = await town.card(COORD, number)
    assert "motor sering jatuh" in card.text


async def test_an_album_of_ten_photos_first_is_one_status_one_question_and_ten_attachments(
        api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    c = town.citizen
    api.send_photo(c.user, caption="Sampah menumpuk di TPS pasar baru sdh seminggu gk diangkut", media_group_id="a1")
    for _ in range(9):
        api.send_photo(c.user, media_group_id="a1")
    welcome = await c.expect("Selamat datang")
    await c.settle(0.5)
    said = [s.text or "" for s in api.messages(c.chat_id)]
    assert sum("Selamat datang" in s for s in said) == 1, said  # asked once, not ten times
    assert sum("simpan sementara" in s for s in said) == 1, said  # one line for the album
    q = await c.tap(welcome, "Setuju", "Langkah 1/")
    assert "1 pesan dan 10 foto/berkas" in q.text
    q = await c.tap(q, "Pengaduan", "Langkah 2/")
    q = await c.tap(q, "Pakai judul ini", "Langkah 3/")
    c.press(q, "Lanjut")
    summary = await rest_of_the_form(c, await c.expect("Langkah 4/"), files=True)
    assert "10 berkas" in summary.text
    number = await town.send(summary)
    card = await town.card(COORD, number)
    assert "gk diangkut" in card.text
    [ticket] = await town.tickets()
    assert ticket.attachment_count == 10


async def test_declining_deletes_what_was_held_and_a_greeting_is_greeted(api, tmp_path, framework, town):
    await town.start(tmp_path, framework)
    c = town.citizen
    hello = await c.ask("halo", "Halo, Siti!")
    assert "Selamat datang" in hello.text and "Kami menyimpan nama" not in hello.text  # brief
    await c.ask("tolong pak, air PDAM di perumnas mati 3 hari", "simpan sementara")
    await c.settle(0.3)  # the question is just above: not asked again
    assert sum("Selamat datang" in (m.text or "") for m in api.messages(c.chat_id)) == 1
    gone = await c.ask("gk", "tidak bisa menerima laporan")  # typed "no" answers the question
    assert "telah dihapus" in gone.text
    assert await town.tickets() == []
    from storage.uow import Database
    engine = bot_engine(town.bot.settings)
    try:
        async with Database(engine).uow() as uow:
            assert await uow.drafts.get(c.chat_id) is None  # nothing of theirs is left
            assert await uow.citizens.get_by_user(c.user.id) is None
    finally:
        await engine.dispose()
