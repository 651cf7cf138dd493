"""A citizen's own reports: /status NOMOR (the report's page) and /laporanku (the list; both drawn
by flows/follow.py). A citizen sees only their own; someone else's number answers exactly like a
missing one (no existence oracle)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows import follow, tracking
from flows.intake.context import Turn
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake


async def status(engine: Intake, turn: Turn) -> None:
    lang, prefix = turn.lang, engine.config.ticket_prefix
    example = tracking.example(prefix, engine.clock())
    raw = turn.ev.args.strip()
    if not raw:  # the citizen's own reports, under how to ask for one
        listed, buttons = await follow.listing(turn.uow, turn.who.id or 0, lang, engine.fmt)
        turn.out.say(t(lang, "status_usage", example=example) + (f"\n\n{listed}" if listed else ""),
                     buttons=buttons)
        return
    number = tracking.normalise(raw, prefix)
    if number is None:
        why = t(lang, f"number_{tracking.problem(raw, prefix)}", prefix=prefix)
        turn.out.say(t(lang, "status_bad_number", raw=raw[:40], example=example, why=why))
        return
    ticket = await turn.uow.tickets.get_by_number(number)
    if ticket is None or ticket.citizen_id != turn.who.id:
        turn.out.say(t(lang, "status_not_found", number=number))
        return
    text, buttons = await follow.page(turn.uow, ticket, lang, engine.fmt, engine.agencies)
    turn.out.say(text, buttons=buttons)


async def my_reports(engine: Intake, turn: Turn) -> None:
    listed, buttons = await follow.listing(turn.uow, turn.who.id or 0, turn.lang, engine.fmt)
    turn.out.say(listed or t(turn.lang, "my_reports_empty"), buttons=buttons)
