"""The summary step and submission: the citizen checks the report, may change any field, and
sends it; sending creates the ticket, its history and its tracking number in the turn's
transaction, and hands the ticket to the desks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from flows import fmt, tracking
from flows.callbacks import FormPress
from flows.dates import describe
from flows.events import Button
from flows.form import SUMMARY, Step
from flows.intake import home, similar
from flows.intake.context import Turn
from flows.intake.steps import MISFIT, RETRY, STAY, Result, StepKind, data
from flows.model import AttachmentRecord, NewTicket, TicketEvent
from flows.texts import ID, t

if TYPE_CHECKING:
    from flows.intake.engine import Intake

NUMBER_TRIES = 20


def local_agency(engine: Intake, d: dict) -> tuple[str, list[str]] | None:
    """The kecamatan a report for "the kecamatan where it happened" goes to: the one its
    location names (by the kecamatan's name or one of its desa/kelurahan), with the words that
    named it; None when the location names none (the coordinator forwards it)."""
    if d.get("agency") or d.get("agency_how") != "kecamatan" or engine.router is None:
        return None
    place = d.get("location") or ""
    for c in engine.router.classify(place, top=5) if place else []:
        if c.kind == "kecamatan" and not c.generic:
            return c.code, list(c.matched)[:5]
    return None


class SummaryStep(StepKind):
    kind = "summary"
    takes_files = True  # a late photo is added to the report

    async def ask(self, engine: Intake, turn: Turn, step: Step) -> None:
        lang = turn.lang
        rows = [[Button(t(lang, "send"), data(turn, "send"))]]
        editable = engine.form.editable_for(turn.form.data)
        for i in range(0, len(editable), 2):
            rows.append([Button(t(lang, "edit_field", field=t(lang, f"f_{s.key}")), data(turn, "edit", s.key))
                         for s in editable[i:i + 2]])
        rows.append([Button(t(lang, "cancel"), data(turn, "cancel"))])
        text = summary_text(engine, turn)
        if turn.echo:
            text, turn.echo = f"{turn.echo}\n\n{text}", None
        turn.out.say(text, buttons=rows)

    async def answer(self, engine: Intake, turn: Turn, step: Step, press: FormPress | None) -> Result:
        lang = turn.lang
        if press is None:
            if turn.ev.kind in ("photo", "document"):
                if engine.keep_file(turn):
                    await engine.ask(turn, SUMMARY)
                return STAY
            if turn.text():
                return MISFIT  # kept as a note, shown on the summary
            turn.out.say(t(lang, "use_buttons"))
            return RETRY
        if press.action == "send":
            d = turn.form.data
            if not await similar.offer(engine, turn, d.get("agency") or (local_agency(engine, d) or (None,))[0]):
                await submit(engine, turn)
        elif press.action == "follow":
            await similar.follow(engine, turn, press.arg)
        elif press.action == "edit" and press.arg and press.arg in engine.form and engine.form.get(press.arg).editable:
            turn.close_buttons(summary_text(engine, turn), t(lang, "edit_field", field=t(lang, f"f_{press.arg}")))
            turn.form.editing = True
            await engine.ask(turn, press.arg)
        else:
            turn.out.callback_answer = t(lang, "invalid_button")
        return STAY


def event_when(engine: Intake, lang: str, d: dict) -> str | None:
    """The date as the citizen gave it (None: this report has no date step, or no answer yet)."""
    if "event_date" not in engine.form or not engine.form.applies(engine.form.get("event_date"), d):
        return None
    if "event_date" not in d:
        return t(lang, "none")
    value = date.fromisoformat(d["event_date"]) if d.get("event_date") else None
    return describe(lang, value, d.get("event_date_precision") or "day")


def with_notes(lang: str, description: str, notes: list[str]) -> str:
    """The story with the citizen's notes after it, under their own line, as the desk reads it."""
    if not notes:
        return description
    return description + "\n\n" + t(lang, "notes_head") + "\n" + "\n".join(f"- {n}" for n in notes)


def summary_text(engine: Intake, turn: Turn) -> str:
    lang, d = turn.lang, turn.form.data
    none = t(lang, "none")
    place = d.get("location") or ""
    if d.get("latitude") is not None:
        pin = t(lang, "location_pin", lat=d["latitude"], lon=d["longitude"])
        place = f"{place} ({pin})" if place else pin
    files = len(d.get("attachments", []))
    kind = d.get("report_type")
    story_label = f"f_description_{kind}"
    when = event_when(engine, lang, d)
    body = t(
        lang, "summary_body",
        type=fmt.report_type(lang, kind), title=d.get("title", none),
        story_label=t(lang, story_label if story_label in ID else "f_description"),
        description=d.get("description", none),
        date_line="\n" + t(lang, "summary_date", date=when) if when is not None else "",
        location=place or none, attachments=t(lang, "n_files", n=files) if files else none,
        anonymous=fmt.yes_no(lang, d.get("anonymous")), confidential=fmt.yes_no(lang, d.get("confidential")),
        phone=d.get("phone") or none,
    )
    if d.get("notes"):
        body += "\n" + t(lang, "notes_head") + "\n" + "\n".join(f"- {fmt.clip(n, 200)}" for n in d["notes"])
    if "agency" in engine.form:
        agency = d.get("agency")
        local = local_agency(engine, d)
        label = (engine.agency_name(agency) if agency else
                 t(lang, "agency_from_place", agency=engine.agency_name(local[0])) if local else
                 t(lang, "agency_by_coordinator"))
        body += "\n" + t(lang, "f_agency") + ": " + label
    return f"{t(lang, 'summary_head')}\n\n{body}\n\n{t(lang, 'summary_foot')}"


async def submit(engine: Intake, turn: Turn) -> None:
    draft, lang, uow, out = turn.form, turn.lang, turn.uow, turn.out
    missing = engine.form.missing(draft.data)
    if missing:
        # e.g. the type changed on the summary to one that asks a date: asked, then back here
        draft.editing = True
        await engine.ask(turn, missing[0].key)
        return
    now = engine.clock()
    for _ in range(NUMBER_TRIES):
        number = tracking.new_number(engine.config.ticket_prefix, now.astimezone(engine.fmt.tz))
        if not await uow.tickets.number_taken(number):
            break
    else:  # pragma: no cover - 100,000 numbers a month make this practically unreachable
        raise RuntimeError("could not find a free ticket number")
    d = draft.data
    local = local_agency(engine, d)
    if local is not None:
        d["agency"] = local[0]
        d["agency_candidates"] = [{"code": local[0], "score": 0.0, "matched": local[1]},
                                  *d.get("agency_candidates", [])]
    dated = "event_date" in engine.form and engine.form.applies(engine.form.get("event_date"), d)
    alike = d.get("similar_found", [])  # looked up when Kirim was pressed (flows/intake/similar.py)
    ticket = await uow.tickets.add(NewTicket(
        number=number, citizen_id=turn.who.id or 0, report_type=d["report_type"], title=d["title"],
        description=with_notes(lang, d["description"], d.get("notes", [])),
        event_date=date.fromisoformat(d["event_date"]) if dated and d.get("event_date") else None,
        event_date_precision=(d.get("event_date_precision") or "day") if dated else None,
        location_text=d.get("location"), latitude=d.get("latitude"), longitude=d.get("longitude"),
        anonymous=bool(d["anonymous"]), confidential=bool(d["confidential"]), phone=d.get("phone"),
        agency_code=d.get("agency"), language=lang,
        attachments=[AttachmentRecord(**a) for a in d.get("attachments", [])],
    ))
    actor = f"citizen:{turn.ev.sender.user_id}"
    await uow.tickets.add_event(TicketEvent(
        ticket_id=ticket.id, kind="submitted", actor=actor, at=now, to_status=ticket.status,
        data={"attachments": len(d.get("attachments", []))},
    ))
    if "agency" in engine.form:
        # The reports it likely repeats, for the coordinator's card ("Gabungkan"), whether or not
        # the citizen was shown them.
        await uow.tickets.add_event(TicketEvent(
            ticket_id=ticket.id, kind="routed", actor=actor, at=now, note=d.get("agency_how"),
            data={"agency": d.get("agency"), "candidates": d.get("agency_candidates", []),
                  **({"similar": alike} if alike else {})},
        ))
    turn.close_buttons(summary_text(engine, turn), t(lang, "send"))
    await uow.drafts.delete(draft.chat_id)
    turn.draft = None
    if d.get("keyboard_up"):  # typed past the phone's keyboard: it goes, the menu follows
        out.say(t(lang, "submitted", number=number), remove_keyboard=True)
        home.show(turn, t(lang, "home_after_send"))
    else:
        out.say(t(lang, "submitted", number=number), buttons=home.buttons(lang))
    if engine.hooks is not None:
        await engine.hooks.ticket_submitted(uow, ticket)
