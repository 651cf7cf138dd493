"""Consent under UU PDP 27/2022, the citizen's language, and deleting their data on request.
Nothing is stored about a citizen before they agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows.callbacks import Consent, DeleteData, Language, Privacy
from flows.events import Button
from flows.intake.context import Turn
from flows.model import Citizen
from flows.texts import t

if TYPE_CHECKING:
    from flows.intake.engine import Intake

LANGUAGE_BUTTONS = {"id": "🇮🇩 Bahasa Indonesia", "en": "🇬🇧 English"}


def consent_text(engine: Intake, lang: str, full: bool = False) -> str:
    """The consent question: brief (what is kept, why, for how long, how to delete it), or with
    the whole privacy text, one tap away from the brief one."""
    n = engine.config.retention_years
    retention = t(lang, "retention_years" if n != 1 else "retention_year", n=n)
    return "\n\n".join((
        t(lang, "welcome", regency=engine.config.regency),
        t(lang, "privacy" if full else "consent_brief", retention=retention),
        t(lang, "consent_question"),
    ))


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
        n = engine.config.retention_years
        retention = t(press.lang, "retention_years" if n != 1 else "retention_year", n=n)
        turn.out.say(t(press.lang, "privacy", retention=retention))
        return
    ask_consent(engine, turn, lang=press.lang, edit_message_id=turn.ev.message_id, full=True)


def ask_language(turn: Turn) -> None:
    turn.out.say(t(turn.lang, "choose_language"), buttons=[[
        Button(LANGUAGE_BUTTONS[lang], Language(lang).encode()) for lang in ("id", "en")]])


def ask_delete(turn: Turn) -> None:
    turn.out.say(t(turn.lang, "delete_confirm"), buttons=[[Button(t(turn.lang, "delete_yes"), DeleteData().encode())]])


async def on_consent(engine: Intake, turn: Turn, press: Consent) -> None:
    out, ev, lang = turn.out, turn.ev, press.lang
    out.callback_answer = ""
    if ev.message_id is not None:
        label = t(lang, "consent_yes" if press.yes else "consent_no")
        out.say(t(lang, "answered", question=consent_text(engine, lang), answer=label),
                edit_message_id=ev.message_id)
    if not press.yes:
        out.say(t(lang, "consent_refused"))
        return
    citizen = turn.citizen or Citizen(id=None, user_id=ev.sender.user_id, chat_id=ev.chat_id)
    citizen.name = ev.sender.display_name
    citizen.username = ev.sender.username
    citizen.language = lang
    citizen.consent_at = citizen.consent_at or engine.clock()
    citizen.erased_at = None  # agreeing again after /hapusdata: kept again from now on
    turn.citizen = await turn.uow.citizens.save(citizen)
    turn.lang = lang
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
