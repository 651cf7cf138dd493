"""Consent under UU PDP 27/2022, the citizen's language, and deleting their data on request.
Nothing is stored about a citizen before they agree but what they sent meanwhile, held on a draft
so that it becomes their report once they agree (they are told so): deleted at once when they
decline, and by retention after three days (flows/erasure.py updates_keep_days) when they
never answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flows import fmt
from flows.callbacks import Consent, DeleteData, Language, Privacy
from flows.events import Button
from flows.intake import home
from flows.intake.context import Turn
from flows.intake.words import meaning
from flows.model import Citizen, Draft
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake

LANGUAGE_BUTTONS = {"id": "🇮🇩 Bahasa Indonesia", "en": "🇬🇧 English"}


def consent_text(engine: Intake, lang: str, full: bool = False) -> str:
    """The consent question: brief (what is kept, why, for how long, how to delete it), or with
    the whole privacy text, one tap away from the brief one."""
    return "\n\n".join((
        t(lang, "welcome", regency=engine.config.regency),
        privacy_text(engine, lang, full),
        t(lang, "consent_question"),
    ))


def privacy_text(engine: Intake, lang: str, full: bool = True) -> str:
    n = engine.config.retention_years
    retention = t(lang, "retention_years" if n != 1 else "retention_year", n=n)
    return t(lang, "privacy" if full else "consent_brief", retention=retention)


def ask_consent(engine: Intake, turn: Turn, lead: str | None = None, lang: str | None = None,
                edit_message_id: int | None = None, full: bool = False) -> None:
    lang = lang or turn.lang
    text = consent_text(engine, lang, full)
    other = "en" if lang == "id" else "id"
    more = [] if full else [Button(t(lang, "privacy_more"), Privacy(lang).encode())]
    turn.out.say(f"{lead}\n\n{text}" if lead else text, edit_message_id=edit_message_id, buttons=[
        [Button(t(lang, "consent_yes"), Consent(True, lang).encode()),
         Button(t(lang, "consent_no"), Consent(False, lang).encode())],
        [*more, Button(LANGUAGE_BUTTONS[other], Language(other).encode())],
    ])


def show_privacy(engine: Intake, turn: Turn, press: Privacy) -> None:
    """"Baca selengkapnya": the question redrawn in place with the whole privacy text (once
    agreed, just the text: the question is answered)."""
    turn.out.callback_answer = ""
    if turn.consented:
        turn.out.say(privacy_text(engine, press.lang))
        return
    ask_consent(engine, turn, lang=press.lang, edit_message_id=turn.ev.message_id, full=True)


def ask_language(turn: Turn) -> None:
    turn.out.say(t(turn.lang, "choose_language"), buttons=[[
        Button(LANGUAGE_BUTTONS[lang], Language(lang).encode()) for lang in ("id", "en")]])


def ask_delete(turn: Turn) -> None:
    turn.out.say(t(turn.lang, "delete_confirm"), buttons=[[Button(t(turn.lang, "delete_yes"), DeleteData().encode())]])


ASKED = "consent_asked"
ASK_AGAIN_AFTER = timedelta(minutes=30)  # a question further up than this is asked anew


async def before_consent(engine: Intake, turn: Turn) -> None:
    """Anything but a command or a press before consent. What belongs in a report (its words, a
    photo with its caption, a document, a pin) is held, and a status line says so, edited in
    place as more comes (an album of ten is one line); the brief consent is asked once, not
    for every message; a greeting is greeted back; a typed "ya"/"gk" answers it."""
    ev, lang = turn.ev, turn.lang
    draft = turn.draft
    asked = draft.data.get(ASKED) if draft else None
    said = meaning(turn.text()) if ev.kind == "text" and asked else None
    if said in ("yes", "no"):
        await on_consent(engine, turn, Consent(said == "yes", lang))
        return
    if draft is None:  # held: what they send, and that the question was asked (asked once)
        draft = Draft(chat_id=ev.chat_id, user_id=ev.sender.user_id, step=engine.form.first, data={home.HELD: True})
    turn.draft = draft
    now = engine.clock()
    if home.hold(turn, draft.data):
        group = ev.media_group_id
        if group is not None and draft.data.get("held_group") == group:
            return  # the rest of an album: its first photo said all there is to say
        draft.data["held_group"] = group
        last = draft.data.get("held_at")  # the status said a moment ago is edited, not said again
        recent = last is not None and now - datetime.fromisoformat(last) < timedelta(minutes=1)
        turn.out.say(home.held_status(turn, draft.data), tag="held", edit_tag="held" if recent else None)
        draft.data["held_at"] = now.isoformat()
        if asked and now - datetime.fromisoformat(asked) < ASK_AGAIN_AFTER:
            return  # the question is just above
        ask_consent(engine, turn, t(lang, "consent_needed"))
    elif ev.kind == "text" and home.is_greeting(turn.text()):
        ask_consent(engine, turn, home.greeting(turn))
    else:
        if ev.kind == "unsupported":
            turn.out.say(t(lang, "need_text", media=fmt.media(lang, ev.media_kind)))
        ask_consent(engine, turn, t(lang, "consent_needed"))
    draft.data[ASKED] = now.isoformat()


async def on_consent(engine: Intake, turn: Turn, press: Consent) -> None:
    out, ev, lang = turn.out, turn.ev, press.lang
    out.callback_answer = ""
    if ev.message_id is not None:
        label = t(lang, "consent_yes" if press.yes else "consent_no")
        out.say(t(lang, "answered", question=consent_text(engine, lang), answer=label),
                edit_message_id=ev.message_id)
    held = turn.draft is not None and turn.draft.data.get(home.HELD)
    if not press.yes:
        if held:  # what they sent meanwhile goes too
            await turn.uow.drafts.delete(ev.chat_id)
            turn.draft = None
        out.say(t(lang, "consent_refused") + ("\n\n" + t(lang, "held_deleted") if held else ""))
        return
    citizen = turn.citizen or Citizen(id=None, user_id=ev.sender.user_id, chat_id=ev.chat_id)
    citizen.name = ev.sender.display_name
    citizen.username = ev.sender.username
    citizen.language = lang
    citizen.consent_at = citizen.consent_at or engine.clock()
    citizen.erased_at = None  # agreeing again after /hapusdata: kept again from now on
    turn.citizen = await turn.uow.citizens.save(citizen)
    turn.lang = lang
    if held and turn.draft is not None:  # the holding draft gives way to the report
        waiting = turn.draft.data.get(home.WAITING)
        await turn.uow.drafts.delete(ev.chat_id)
        turn.draft = None
        if waiting:
            await home.begin_with(engine, turn, waiting, "consent_given_held")
            return
    out.say(t(lang, "consent_given"))
    turn.draft = turn.draft or await turn.uow.drafts.get(ev.chat_id)
    await engine.start_or_resume(turn)


async def set_language(engine: Intake, turn: Turn, press: Language) -> None:
    turn.out.callback_answer = ""
    if not turn.consented:
        # Before consent nothing is stored: the welcome is redrawn in place in that language.
        ask_consent(engine, turn, lang=press.lang, edit_message_id=turn.ev.message_id)
        return
    citizen = turn.who
    citizen.language = press.lang
    await turn.uow.citizens.save(citizen)
    turn.lang = press.lang
    turn.out.say(t(press.lang, "language_set"), edit_message_id=turn.ev.message_id)
    if turn.draft:
        await engine.ask(turn, turn.draft.step)


async def delete_data(engine: Intake, turn: Turn) -> None:
    """The confirmed /hapusdata: the citizen's identity goes everywhere (flows/erasure.py)."""
    await engine.erasure.erase_citizen(turn.uow, turn.who, "citizen")
    turn.draft = None
    turn.out.callback_answer = ""
    turn.out.say(t(turn.lang, "data_deleted"))
