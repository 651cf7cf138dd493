"""Similar reports before sending (issue 14): when the report resembles an open or recently
closed one of the same agency at the same place (flows/routing/similar.py), the citizen sees it
("Sudah ada laporan serupa: OKU-…, status …") and may follow that report instead of sending
their own; a follower is told of every change to it (flows/desks/transitions.py).

What the citizen is shown of another's report is its number, its status and the words the two
share, taken from the citizen's own report: never the other's text, place or reporter. Neither
report may be confidential (flows/routing/similar.py skips them).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from flows import fmt
from flows import lifecycle as lc
from flows.events import Button
from flows.intake import home
from flows.intake.context import Turn
from flows.intake.steps import data
from flows.model import TicketEvent
from flows.routing.similar import Match, Probe, alike, nearby
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake

SHOWN = 2  # reports offered to follow


def probe(turn: Turn, agency: str) -> Probe:
    d = turn.form.data
    return Probe(0, "", agency, f"{d.get('title', '')}\n{d.get('description', '')}", place=d.get("location"),
                 latitude=d.get("latitude"), longitude=d.get("longitude"),
                 confidential=bool(d.get("confidential")), citizen=turn.who.id)


async def matches(engine: Intake, turn: Turn, agency: str | None) -> list[Match]:
    """The recent reports the draft repeats (none when it is confidential or has no agency)."""
    config = engine.config.similar
    if config is None or agency is None or turn.form.data.get("confidential"):
        return []
    now = engine.clock()
    new = probe(turn, agency)
    # the places first (a short row each), then the words of those at the same place only
    near = nearby(new, await turn.uow.tickets.recent_similar(agency, now - timedelta(days=config.days)), now, config)
    words = await turn.uow.tickets.texts([p.id for p, _where in near]) if near else {}
    return alike(new, [(replace(p, text=words.get(p.id, "")), where) for p, where in near], config)


async def offer(engine: Intake, turn: Turn, agency: str | None) -> bool:
    """Show the similar reports, once per draft; True when shown (the citizen answers with a
    button: follow one, or send this one anyway)."""
    d, lang = turn.form.data, turn.lang
    if d.get("similar_asked"):
        return False
    found = await matches(engine, turn, agency)
    # for the coordinator's card, when it is sent (flows/intake/submit.py): looked up once
    d["similar_found"] = [{"id": m.probe.id, "number": m.probe.number} for m in found]
    if not found:
        return False
    d["similar_asked"] = True
    d["similar_ids"] = [m.probe.id for m in found]
    lines = [t(lang, "similar_head")]
    for m in found:
        key = "similar_line_own" if m.where == "own" else "similar_line"
        lines.append(t(lang, key, number=m.probe.number, status=fmt.status(lang, m.probe.status),
                       words=", ".join(m.shared[:4]) or "-"))
    others = [m for m in found if m.where != "own"][:SHOWN]
    lines.append(t(lang, "similar_ask" if others else "similar_ask_own"))
    rows = [[Button(t(lang, "similar_follow", number=m.probe.number), data(turn, "follow", str(m.probe.id)))]
            for m in others]
    rows.append([Button(t(lang, "similar_send"), data(turn, "send"))])
    rows.append([Button(t(lang, "cancel"), data(turn, "cancel"))])
    turn.out.say("\n".join(lines), buttons=rows)
    return True


async def follow(engine: Intake, turn: Turn, arg: str | None) -> None:
    """Follow the chosen report instead of sending this one: the draft ends, the citizen is told."""
    d, lang, uow = turn.form.data, turn.lang, turn.uow
    ticket = await uow.tickets.get(int(arg)) if arg and arg.isdigit() and int(arg) in d.get("similar_ids", []) \
        else None
    if ticket is None or ticket.confidential or ticket.status == lc.ARCHIVED or ticket.citizen_id == turn.who.id:
        turn.out.callback_answer = t(lang, "invalid_button")
        return
    now = engine.clock()
    citizen_id = turn.who.id or 0
    if await uow.tickets.follow(ticket.id, citizen_id, now):
        # "a citizen": who follows is in the follower row, which goes when they are erased
        await uow.tickets.add_event(TicketEvent(ticket.id, "followed", "citizen:", now,
                                                data={"followers": len(await uow.tickets.followers(ticket.id))}))
    await uow.drafts.delete(turn.form.chat_id)
    turn.draft = None
    turn.out.say(t(lang, "similar_following", number=ticket.number, status=fmt.status(lang, ticket.status)),
                 buttons=home.buttons(lang))
