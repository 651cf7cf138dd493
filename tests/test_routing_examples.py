"""Every correction staff make to where a ticket goes is recorded as a routing example (issue 14):
"Pilih instansi", /disposisi, a redisposition and "Bukan wewenang"; a verification to the proposed
agency is none. The example reads the ticket's words from the ticket, so it holds no copy of them."""

from __future__ import annotations

import pytest

from tests.desk_harness import ADMIN, COORD, PUPR, desks_bound
from tests.harness import texts

BOTH_BACKENDS = True  # every db test here runs on SQLite and on PostgreSQL (tests/conftest.py)


async def examples(r):
    async with r.world.db.uow() as uow:
        return list(reversed(await uow.routing.latest(10)))


async def test_the_corrections_are_recorded_and_a_verification_is_not(db):
    r = await desks_bound(db)
    verified = await r.verified_to_pupr()  # the classifier's PUPR, kept: no correction
    assert await examples(r) == []

    await r.agus.press(PUPR, r.card(PUPR, verified), "Bukan wewenang")  # PUPR: not ours
    await r.admin.command(COORD, f"/disposisi {verified} DISHUB")  # the coordinator decides
    number = await r.file()
    await r.rina.press(COORD, r.card(COORD, number), "Pilih instansi")
    prompt = r.telegram.last(COORD.chat_id, "Disposisikan")
    await r.rina.press_data(COORD, prompt, prompt.buttons[0][0].data.replace(":PUPR", ":PERKIM"))

    got = [(e.number, e.kind, e.suggested, e.previous, e.chosen, e.actor) for e in await examples(r)]
    assert got == [
        (verified, "refused", "PUPR", "PUPR", None, "staff:2101"),
        (verified, "disposed", "PUPR", "PUPR", "DISHUB", "staff:9001"),
        (number, "disposed", "PUPR", "PUPR", "PERKIM", "staff:2001"),
    ]
    [first, *_] = await examples(r)
    ticket = await r.ticket(verified)
    assert first.text == f"{ticket.title}\n{ticket.description}"  # the ticket's words, read from it


HOUSING_TITLE = "Jalan lingkungan Griya Mandiri rusak"
HOUSING_STORY = "Jalan lingkungan di Perumahan Griya Mandiri berlubang besar sejak dua bulan, motor sering jatuh."


async def agency_question(r) -> str:
    """A new report with the housing words, up to the agency question; its text."""
    c = r.citizen
    reply = await c.say("/lapor")
    reply = await c.press(reply, "Pengaduan")
    await c.say(HOUSING_TITLE)
    reply = await c.say(HOUSING_STORY)
    reply = await c.press(reply, "Lanjut")
    return texts(reply)


async def test_corrections_teach_routing_which_says_so_and_a_veto_takes_it_back(db):
    r = await desks_bound(db)
    learning = r.world.learning
    assert await learning.refresh() and len(learning.learned) == 0  # nothing corrected yet
    first = await r.file(title=HOUSING_TITLE, story=HOUSING_STORY)
    assert (await r.ticket(first)).agency_code == "PUPR"  # the directory: a road is PUPR's
    await r.admin.command(COORD, f"/disposisi {first} PERKIM")  # a housing estate's road: Perkim's
    assert await learning.refresh()  # the correction is seen at the next refresh (every minute)
    assert "griya mandiri" not in learning.learned.terms  # one report teaches nothing
    second = await r.file(title=HOUSING_TITLE, story=HOUSING_STORY)
    await r.rina.press(COORD, r.card(COORD, second), "Pilih instansi")
    prompt = r.telegram.last(COORD.chat_id, "Disposisikan")
    await r.rina.press_data(COORD, prompt, prompt.buttons[0][0].data.replace(":PUPR", ":PERKIM"))
    assert await learning.refresh() and not await learning.refresh()  # rebuilt once, then unchanged

    question = await agency_question(r)
    assert "Dinas Perumahan dan Kawasan Permukiman" in question.split("Karena")[0]
    assert "dipelajari dari 2 laporan yang dialihkan staf ke Dinas Perumahan" in question
    row = next(x for x in learning.learned.listing if x.term == "griya mandiri" and x.agency == "PERKIM")
    assert (row.reports, row.people) == (2, 2)  # the admin and Rina

    await r.admin.private_command("/dipelajari PERKIM")
    listing = r.telegram.last(ADMIN, "Dipelajari").text
    assert "«griya mandiri» → " in listing and "2 laporan dialihkan, 2 orang" in listing
    await r.rina.private_command("/dipelajari")  # not an admin: no listing
    assert not r.telegram.messages(2001) or "Dipelajari" not in r.telegram.last(2001).text

    await r.admin.command(COORD, "/lupakan Griya  Mandiri PERKIM")
    assert "tidak dipelajari lagi" in r.telegram.last(COORD.chat_id).text
    assert "PERKIM" not in [a for a, _w, _n in learning.learned.terms.get("griya mandiri", ())]
    await learning.refresh()
    assert "PERKIM" not in [a for a, _w, _n in learning.learned.terms.get("griya mandiri", ())]
    await r.admin.command(COORD, "/lupakan griya mandiri PERKIM")
    assert "sudah dilarang" in r.telegram.last(COORD.chat_id).text
    async with db.uow() as uow:
        audit = await uow.audit.latest(5)
    assert any(e.action == "routing_forget" and e.subject == "griya mandiri" for e in audit)


async def test_a_report_for_the_kecamatan_goes_to_the_one_its_location_names(db):
    r = await desks_bound(db)
    c = r.citizen
    reply = await c.say("/start")
    reply = await c.press(reply, "Setuju")
    reply = await c.press(reply, "Pengaduan")
    await c.say("Tetangga berisik tiap malam")
    reply = await c.say("Tetangga sebelah rumah berisik tiap malam sampai subuh, meresahkan warga sekitar.")
    reply = await c.press(reply, "Lanjut")
    said = texts(reply)
    assert "ditangani kecamatan tempat kejadian" in said
    assert "Kecamatan se-Kabupaten" not in said  # the generic entry is never offered
    reply = await c.press(reply, "Kemarin")
    reply = await c.say("Jl. Kemalaraja, Baturaja Timur")
    reply = await c.press(reply, "Lewati")
    reply = await c.press(reply, "Tidak")
    reply = await c.press(reply, "Tidak")
    reply = await c.say("lewati")
    assert "Kecamatan Baturaja Timur (dari lokasi)" in texts(reply)
    reply = await c.press(reply, "Kirim")
    number = texts(reply).split("Nomor laporan: ")[1].split()[0]
    ticket = await r.ticket(number)
    assert ticket.agency_code == "KEC_BATURAJA_TIMUR"
    card = r.card(COORD, number).text
    assert "kecamatan dari lokasi" in card


def test_lapor_bot_routing_learned_lists_and_forget_vetoes(tmp_path, monkeypatch, capsys):
    import asyncio
    import json

    from bot.cli import main
    from storage.db import create_engine, migrate
    from storage.uow import Database

    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"

    async def corrected_twice() -> None:
        engine = create_engine(url)
        await migrate(engine)
        db = Database(engine, hold=True)
        try:
            r = await desks_bound(db)
            for _ in range(2):
                number = await r.file(title=HOUSING_TITLE, story=HOUSING_STORY)
                await r.admin.command(COORD, f"/disposisi {number} PERKIM")
        finally:
            await db.dispose()

    asyncio.run(corrected_twice())
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["routing", "learned", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["examples"] == 2 and got["corrections"] == 2
    row = next(x for x in got["terms"] if x["term"] == "griya mandiri" and x["agency"] == "PERKIM")
    assert row["reports"] == 2 and row["people"] == 1 and row["weight"] > 0  # one admin did both

    assert main(["routing", "learned", "--agency", "perkim"]) == 0
    table = capsys.readouterr().out
    assert "griya mandiri" in table and "PUPR " not in table

    assert main(["routing", "forget", "Griya", "Mandiri", "--agency", "PERKIM"]) == 0
    assert "'griya mandiri' is no longer learned for PERKIM" in capsys.readouterr().out
    assert main(["routing", "learned", "--json", "--agency", "PERKIM"]) == 0
    terms = {x["term"] for x in json.loads(capsys.readouterr().out)["terms"]}
    assert "griya mandiri" not in terms and "griya" in terms
    with pytest.raises(SystemExit, match="unknown agency code"):
        main(["routing", "forget", "griya", "--agency", "NOPE"])


async def test_two_coordinators_correcting_one_ticket_at_once_make_one_correction(db):
    import asyncio

    r = await desks_bound(db)
    number = await r.file()
    await r.rina.press(COORD, r.card(COORD, number), "Pilih instansi")
    prompt = r.telegram.last(COORD.chat_id, "Disposisikan")
    to_pupr = prompt.buttons[0][0].data
    await asyncio.gather(r.rina.press_data(COORD, prompt, to_pupr.replace(":PUPR", ":PERKIM")),
                         r.admin.press_data(COORD, prompt, to_pupr.replace(":PUPR", ":DISHUB")))
    ticket = await r.ticket(number)
    got = [(e.kind, e.chosen) for e in await examples(r)]
    assert len(got) == 1 and got[0] == ("disposed", ticket.agency_code)  # the one that won, once
    toasts = {r.toast(r.rina), r.toast(r.admin)}
    assert any("sudah" in x.lower() or "lebih dulu" in x.lower() for x in toasts), toasts  # the other was told
