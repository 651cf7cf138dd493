"""Every correction staff make to where a ticket goes is recorded as a routing example (issue 14):
"Pilih instansi", /disposisi, a redisposition and "Bukan wewenang"; a verification to the proposed
agency is none. The example reads the ticket's words from the ticket, so it holds no copy of them."""

from __future__ import annotations

from tests.desk_harness import COORD, PUPR, desks_bound


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
