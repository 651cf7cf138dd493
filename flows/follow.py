"""A citizen following their reports after sending them: the list (/laporanku, the home menu's
Laporanku, /status without a number) with a button per report, and one report's page: its
history as the citizen may see it (every status with its date, every question and answer of the
agency, what the citizen added) and what they can still do with it.

Drawn here for both sides: intake draws them for commands, the desks redraw them in place when
the citizen presses (flows/desks/follow.py). What staff wrote among themselves, who of them did
what and how the ticket was routed are not the citizen's to see and are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flows import fmt
from flows import lifecycle as lc
from flows.callbacks import CitizenAction, CitizenPress
from flows.events import Button
from flows.fmt import Formats
from flows.model import AgencyInfo, Ticket, TicketEvent
from flows.ports import UnitOfWork
from flows.texts import ID, t

Buttons = list[list[Button]]
LISTED = 10  # reports in the list, newest first
NOTE_CLIP = 300  # of each answer, question or addition on the page
PAGE_CHARS = 3600  # a page stays within Telegram's 4096: its oldest lines give way
# An event's line on the page: its text key (h_<kind>) says it; the agency's own words follow.
VISIBLE = ("verify", "redispose", "defer", "resume", "archive", "withdraw", "start", "not_authority",
           "answer", "solved", "close", "reopen", "message", "added", "rated")


def press(ticket: Ticket, action: CitizenAction) -> str:
    return CitizenPress(ticket.id, action, ticket.version).encode()


async def listing(uow: UnitOfWork, citizen_id: int, lang: str, formats: Formats) -> tuple[str, Buttons]:
    """The citizen's latest reports, a line and a button each, then the reports of others they
    follow (number and status only: those are not theirs to read) with a button to stop ("" when
    there are none)."""
    tickets = await uow.tickets.list_for_citizen(citizen_id, limit=LISTED)
    followed = await uow.tickets.followed_by(citizen_id, limit=LISTED)
    if not tickets and not followed:
        return "", []
    lines: list[str] = []
    buttons: Buttons = []
    if tickets:
        lines.append(t(lang, "my_reports_head"))
        lines += [t(lang, "my_reports_line", number=x.number, title=fmt.clip(x.title, 60),
                    status=fmt.status(lang, x.status), created=formats.day(lang, x.created_at))
                  for x in tickets]
        lines.append(t(lang, "my_reports_hint"))
        buttons += [[Button(t(lang, "btn_follow", number=x.number, title=fmt.clip(x.title, 24)), press(x, "view"))]
                    for x in tickets]
    if followed:
        lines += ["", t(lang, "my_followed_head")] if lines else [t(lang, "my_followed_head")]
        lines += [t(lang, "my_followed_line", number=x.number, status=fmt.status(lang, x.status)) for x in followed]
        buttons += [[Button(t(lang, "btn_unfollow", number=x.number), press(x, "unfollow"))] for x in followed]
    return "\n".join(lines), buttons


def _line(lang: str, e: TicketEvent, agencies: Mapping[str, AgencyInfo]) -> str | None:
    if e.kind not in VISIBLE:
        return None
    data = e.data or {}
    if e.kind == "archive":  # its note is the reason's code
        said = t(lang, f"reason_{e.note}") if f"reason_{e.note}" in ID else ""
    else:  # the words, quoted, and how many files came with them
        files = int(data.get("files", 0))
        said = " ".join(([f"«{fmt.clip(fmt.one_line(e.note), NOTE_CLIP)}»"] if e.note else [])
                        + ([t(lang, "h_files", n=files)] if files else []))
    return t(lang, f"h_{e.kind}", agency=fmt.agency_name(agencies, data.get("agency")), note=said,
             stars="⭐" * int(data.get("rating", 0)))


async def page(uow: UnitOfWork, ticket: Ticket, lang: str, formats: Formats,
               agencies: Mapping[str, AgencyInfo]) -> tuple[str, Buttons]:
    """One report as its citizen sees it, with what they may do with it now."""
    def stamp(at: datetime) -> str:
        return formats.when(lang, at, short=True)

    head = [t(lang, "follow_head", number=ticket.number, title=fmt.one_line(ticket.title),
              type=fmt.report_type(lang, ticket.report_type), status=fmt.status(lang, ticket.status))]
    if ticket.agency_code and ticket.status != lc.NEW:  # a proposal is not the citizen's news yet
        head.append(t(lang, "follow_agency", agency=fmt.agency_name(agencies, ticket.agency_code)))
    head += ["", t(lang, "follow_history")]
    history = [f"• {stamp(ticket.created_at)} — {t(lang, 'h_submitted')}"]
    for e in await uow.tickets.events(ticket.id):
        line = _line(lang, e, agencies)
        if line:
            history.append(f"• {stamp(e.at)} — {line}")
    dropped = 0
    while len(history) > 1 and sum(len(x) + 1 for x in head + history) > PAGE_CHARS:
        history.pop(1)  # the oldest after the first: the report's beginning stays
        dropped += 1
    if dropped:
        history.insert(1, t(lang, "h_dropped", n=dropped))
    tail: list[str] = []
    buttons: Buttons = []
    if ticket.status in lc.OPEN:
        buttons.append([Button(t(lang, "btn_add"), press(ticket, "add"))])
    else:
        tail = ["", t(lang, "follow_closed")]
    if ticket.status in lc.BY_ACTION["withdraw"].sources:
        buttons.append([Button(t(lang, "btn_withdraw"), press(ticket, "withdraw"))])
    buttons.append([Button(t(lang, "btn_to_list"), press(ticket, "list"))])
    return "\n".join(head + history + tail), buttons
