"""What one intake turn works on: the event, its unit of work, the outcome being built, and the
citizen and draft as loaded for this turn."""

from __future__ import annotations

from dataclasses import dataclass

from flows.events import Incoming, Outcome
from flows.model import Citizen, Draft
from flows.ports import UnitOfWork
from flows.texts import t


@dataclass(slots=True)
class Turn:
    ev: Incoming
    uow: UnitOfWork
    out: Outcome
    citizen: Citizen | None
    draft: Draft | None
    lang: str
    # A line that shows back what the citizen just gave ("📅 Senin, 23 November 2026 (senin
    # lalu)"), said at the top of the next question instead of in a message of its own.
    echo: str | None = None
    unchanged: bool = False  # the step was answered with what it held already: nothing to reset

    @property
    def consented(self) -> bool:
        return self.citizen is not None and self.citizen.consent_at is not None

    @property
    def form(self) -> Draft:
        """The open draft (only called where one is open)."""
        assert self.draft is not None, "no form is open"
        return self.draft

    @property
    def who(self) -> Citizen:
        """The consented citizen (only called after the consent check)."""
        assert self.citizen is not None, "no citizen"
        return self.citizen

    def text(self) -> str:
        """What the citizen typed, with runs of white space folded ("" for anything else)."""
        return " ".join(self.ev.text.split()) if self.ev.kind == "text" else ""

    def word(self) -> str:
        """The typed text as one lower-case answer word ("Ya!" -> "ya")."""
        return self.text().lower().strip(" .!")

    def close_buttons(self, question: str, answer: str) -> None:
        """Edit the message whose button was pressed: keep the question, show the answer, drop
        the buttons, so the chat reads as a record and old buttons cannot be pressed again."""
        if self.ev.message_id is not None:
            self.out.say(t(self.lang, "answered", question=question, answer=answer),
                         edit_message_id=self.ev.message_id)
