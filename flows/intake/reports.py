"""A citizen's own reports: /status NOMOR and /laporanku. A citizen sees only their own; someone
else's number answers exactly like a missing one (no existence oracle)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows import fmt, tracking
from flows.intake.context import Turn
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake


async def status(engine: Intake, turn: Turn) -> None:
    lang, prefix = turn.lang, engine.config.ticket_prefix
    example = tracking.example(prefix, engine.clock())
    raw = turn.ev.args.strip()
    if not raw:  # the citizen's own reports, under how to ask for one
        listed = await _listed(engine, turn)
        turn.out.say(t(lang, "status_usage", example=example) + (f"\n\n{listed}" if listed else ""))
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
    turn.out.say(t(
        lang, "status_view", number=ticket.number, title=ticket.title,
        type=fmt.report_type(lang, ticket.report_type), status=fmt.status(lang, ticket.status),
        created=engine.fmt.when(lang, ticket.created_at), updated=engine.fmt.when(lang, ticket.updated_at),
    ))


async def my_reports(engine: Intake, turn: Turn) -> None:
    turn.out.say(await _listed(engine, turn) or t(turn.lang, "my_reports_empty"))


async def _listed(engine: Intake, turn: Turn) -> str:
    """The citizen's latest reports, one line each ("" when there are none)."""
    lang = turn.lang
    tickets = await turn.uow.tickets.list_for_citizen(turn.who.id or 0, limit=10)
    if not tickets:
        return ""
    lines = [t(lang, "my_reports_head")]
    lines += [
        t(lang, "my_reports_line", number=x.number, title=fmt.clip(x.title, 60),
          status=fmt.status(lang, x.status), created=engine.fmt.day(lang, x.created_at))
        for x in tickets
    ]
    return "\n".join(lines)
