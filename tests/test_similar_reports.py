"""Similar reports (issue 14): a citizen about to send the same problem at the same place is
shown the open report and may follow it instead; the coordinator merges two reports with
"Gabungkan"; followers are told of every change. flows/routing/similar.py decides what is alike."""

from __future__ import annotations

from datetime import UTC, datetime

from flows.routing.similar import Probe, SimilarConfig, find, meters_between, place_words
from tests.desk_harness import COORD, DISHUB, Reporter, desks_bound, new_report
from tests.harness import texts

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


TITLE = "Lampu jalan mati di Jl. Ahmad Yani"
STORY = "Sudah dua minggu lampu jalan di Jl. Ahmad Yani dekat pasar mati, jalan gelap dan rawan."
AGAIN = "Lampu penerangan jalan mati di Jl. Ahmad Yani, sudah seminggu gelap gulita, rawan begal."
PLACE = "Jl. Ahmad Yani, Sukaraya"


async def to_sending(citizen, title: str, story: str, place: str, confidential: bool = False):
    """The whole form up to and including pressing Kirim; the replies to that press."""
    r = await citizen.press(await new_report(citizen), "Pengaduan")
    await citizen.say(title)
    r = await citizen.say(story)
    r = await citizen.press(r, "Lanjut")
    labels = [b.text for reply in r for row in reply.buttons for b in row]
    r = await citizen.press(r, "Ya, benar" if any("Ya, benar" in x for x in labels) else "Tidak tahu")
    r = await citizen.press(r, "Kemarin")
    r = await citizen.say(place)
    r = await citizen.press(r, "Lewati")
    r = await citizen.press(r, "Tidak")  # anonymous
    r = await citizen.press(r, "Ya" if confidential else "Tidak")
    r = await citizen.say("lewati")  # phone
    return await citizen.press(r, "Kirim")


def number_in(replies) -> str:
    return texts(replies).split("Nomor laporan: ")[1].split()[0]


async def test_a_citizen_about_to_report_the_same_problem_follows_the_open_report(db):
    r = await desks_bound(db)
    first = number_in(await to_sending(r.citizen, TITLE, STORY, PLACE))
    assert (await r.ticket(first)).agency_code == "DISHUB"

    budi = Reporter(r.world, user_id=1002, name="Budi")
    shown = await to_sending(budi, "Lampu jalan Ahmad Yani padam", AGAIN, "depan pasar, Jl. Ahmad Yani")
    said = texts(shown)
    assert "Sudah ada laporan serupa" in said and first in said and "Diterima" in said  # its status
    assert "lampu" in said and "Siti" not in said and "Sukaraya" not in said  # Budi's words, not Siti's
    assert "Nomor laporan" not in said  # nothing sent yet
    followed = await budi.press(shown, f"Ikuti {first}")
    assert f"Anda mengikuti laporan {first}" in texts(followed)
    async with db.uow() as uow:
        who = await uow.citizens.get_by_user(1002)
        assert await uow.tickets.list_for_citizen(who.id) == []  # no second ticket
        ticket = await uow.tickets.get_by_number(first)
        assert len(await uow.tickets.followers(ticket.id)) == 1

    await r.rina.press(COORD, r.card(COORD, first), "Verifikasi")  # Siti's report moves on
    told = r.telegram.last(budi.chat_id).text
    assert told.startswith(f"🔔 Laporan yang Anda ikuti, {first}:") and "Diverifikasi" in told
    await r.yudi.reply(DISHUB, r.card(DISHUB, first), "Lampu sudah diganti tim PJU, terima kasih Bu Siti.")
    told = r.telegram.last(budi.chat_id)
    assert first in told.text and "Bu Siti" not in told.text  # the answer is Siti's; Budi hears the status

    listed = texts(await budi.say("/laporanku"))
    assert "Laporan warga lain yang Anda ikuti" in listed and first in listed and "Lampu sudah diganti" not in listed
    stopped = await budi.press_on(told, "Berhenti mengikuti")
    assert f"tidak lagi mengikuti laporan {first}" in texts(stopped.replies)
    before = len(r.telegram.messages(budi.chat_id))
    await r.citizen.press_on(r.seen_by_citizen("Lampu sudah diganti"), "Selesai")  # Siti: solved, closed
    assert len(r.telegram.messages(budi.chat_id)) == before  # no longer told


async def test_a_confidential_report_is_neither_shown_nor_compared(db):
    r = await desks_bound(db)
    first = number_in(await to_sending(r.citizen, TITLE, STORY, PLACE, confidential=True))
    budi = Reporter(r.world, user_id=1002, name="Budi")
    sent = await to_sending(budi, "Lampu jalan Ahmad Yani padam", AGAIN, "Jl. Ahmad Yani")
    assert "Sudah ada laporan serupa" not in texts(sent) and number_in(sent) != first
    ani = Reporter(r.world, user_id=1003, name="Ani")
    sent = await to_sending(ani, "Lampu jalan Ahmad Yani padam", AGAIN, "Jl. Ahmad Yani", confidential=True)
    assert "Sudah ada laporan serupa" not in texts(sent)  # hers is confidential: nothing shown


async def test_the_same_words_at_another_place_are_another_problem(db):
    r = await desks_bound(db)
    number_in(await to_sending(r.citizen, TITLE, STORY, PLACE))
    budi = Reporter(r.world, user_id=1002, name="Budi")
    sent = await to_sending(budi, "Lampu jalan mati di Jl. Mayor Ruslan", AGAIN.replace("Ahmad Yani", "Mayor Ruslan"),
                            "Jl. Mayor Ruslan")
    assert "Sudah ada laporan serupa" not in texts(sent) and "Nomor laporan" in texts(sent)


async def test_sent_anyway_the_coordinator_merges_it_and_everyone_is_told(db):
    r = await desks_bound(db)
    first = number_in(await to_sending(r.citizen, TITLE, STORY, PLACE))
    budi = Reporter(r.world, user_id=1002, name="Budi")
    shown = await to_sending(budi, "Lampu jalan Ahmad Yani padam", AGAIN, "Jl. Ahmad Yani")
    second = number_in(await budi.press(shown, "Kirim laporan baru"))

    card = r.card(COORD, second)
    assert f"Mungkin sama dengan: {first}" in card.text
    merge = card.data(f"Gabungkan ke {first}")
    await r.rina.press_data(COORD, card, merge)
    assert "digabung" in r.toast(r.rina)
    ticket = await r.ticket(second)
    assert ticket.status == "archived" and ticket.archive_reason == "duplicate"
    assert f"digabung dengan {first}" in r.telegram.last(budi.chat_id).text
    assert not any("diarsipkan" in m.text for m in r.telegram.messages(budi.chat_id))  # told once, of the merge
    assert "Diikuti 1 warga lain" in r.card(COORD, first).text
    history = [e.kind for e in await r.events(first)]
    assert "merged" in history

    await r.rina.press(COORD, r.card(COORD, first), "Verifikasi")
    assert r.telegram.last(budi.chat_id).text.startswith(f"🔔 Laporan yang Anda ikuti, {first}:")
    # a stale "Gabungkan" (the card moved on) is refused, nothing changes
    await r.rina.press_data(COORD, card, merge)
    assert "sudah" in r.toast(r.rina).lower() or "tidak" in r.toast(r.rina).lower()
    assert (await r.ticket(second)).status == "archived"
    assert len([e for e in await r.events(first) if e.kind == "merged"]) == 1


# ---------------------------------------------------------------------- the rule itself
NOW = datetime(2026, 12, 2, tzinfo=UTC)


def probe(i: int, text: str, place: str | None = None, **kw) -> Probe:
    return Probe(i, f"OKU-{i}", kw.pop("agency", "DISHUB"), text, place=place, **kw)


def test_pins_within_the_distance_are_the_same_place_and_farther_ones_are_not():
    a = probe(1, STORY, latitude=-4.1293, longitude=104.1667)
    near = probe(2, AGAIN, latitude=-4.1300, longitude=104.1680)  # ~160 m
    far = probe(3, AGAIN, latitude=-4.1400, longitude=104.1800)  # ~1.9 km
    assert 100 < meters_between((-4.1293, 104.1667), (-4.1300, 104.1680)) < 200
    assert [m.probe.id for m in find(near, [a], NOW)] == [1]
    assert find(far, [a], NOW) == []
    assert [m.probe.id for m in find(far, [a], NOW, SimilarConfig(meters=3000))] == [1]


def test_closed_long_ago_archived_or_another_agency_is_not_similar():
    old = probe(1, STORY, PLACE, status="closed", settled_at=datetime(2026, 10, 1, tzinfo=UTC))
    recent = probe(2, STORY, PLACE, status="closed", settled_at=datetime(2026, 11, 25, tzinfo=UTC))
    archived = probe(3, STORY, PLACE, status="archived")
    elsewhere = probe(4, STORY, PLACE, agency="PUPR")
    new = probe(9, AGAIN, "Jl. Ahmad Yani")
    assert [m.probe.id for m in find(new, [old, recent, archived, elsewhere], NOW)] == [2]


def test_the_same_question_from_two_people_without_a_place_is_two_reports_but_twice_from_one_is_not():
    question = "Permintaan informasi penghitungan denda pelayanan rawat inap atas nama saya"
    assert find(probe(2, question, agency="BPJS"), [probe(1, question, agency="BPJS")], NOW) == []
    mine = find(probe(2, question, agency="BPJS", citizen=7), [probe(1, question, agency="BPJS", citizen=7)], NOW)
    assert [(m.probe.id, m.where) for m in mine] == [(1, "own")]


def test_place_words_leave_out_what_names_no_place():
    assert place_words("Jl. Ahmad Yani No. 5, RT 02, Kel. Sukaraya, Baturaja") == "ahmad yani sukaraya"
    assert place_words("") == "" and place_words(None) == ""


def test_the_duplicate_benchmark_holds_its_bar_on_the_dev_set(capsys):
    import importlib.util
    import sys
    from pathlib import Path

    import pytest

    root = Path(__file__).resolve().parent.parent
    shared = root.parent / "shared"
    if not (shared / "data" / "complaints_dev.csv").exists():
        pytest.skip("needs ../shared/data/complaints_dev.csv (the dev set is not part of the product)")
    spec = importlib.util.spec_from_file_location("routing_duplicates", root / "benchmarks" / "routing_duplicates.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    try:
        spec.loader.exec_module(bench)
        assert bench.main(["--shared", str(shared)]) == 0
    finally:
        sys.modules.pop(spec.name, None)
    out = capsys.readouterr().out
    precision = float(out.split("precision ")[1].split(",")[0])
    assert precision >= 0.8, out
