"""The ticket lifecycle as data, after LAPOR! SP4N.

```mermaid
stateDiagram-v2
    [*] --> new: citizen submits (coordinator desk)
    new --> dispositioned: verify (Verifikasi & disposisi) [coordinator]
    new --> deferred: defer (Tunda: ask the citizen) [coordinator]
    new --> archived: archive (spam / duplikat / tidak jelas) [coordinator]
    new --> archived: withdraw (Cabut laporan, before verification) [citizen]
    dispositioned --> in_progress: start (Proses) [agency]
    dispositioned --> new: not_authority (Bukan wewenang: back to the coordinator) [agency]
    dispositioned --> dispositioned: redispose (to another agency) [coordinator]
    dispositioned --> deferred: defer [agency]
    in_progress --> answered: answer (reply to the card) [agency]
    in_progress --> new: not_authority [agency]
    in_progress --> deferred: defer [agency]
    dispositioned --> answered: answer [agency]
    deferred --> new: resume (citizen answers; back where it was)
    deferred --> dispositioned: resume
    deferred --> in_progress: resume
    answered --> closed: solved (citizen) / close [coordinator]
    answered --> in_progress: reopen (citizen: not solved)
    closed --> in_progress: reopen (citizen)
    archived --> [*]
    closed --> [*]
```

Each row of `TRANSITIONS` says, besides who may do what from where, what follows: which deadline
restarts (in working days of VERIFY_DAYS, FOLLOWUP_DAYS or CLOSE_DAYS), what the citizen is told,
with which buttons, whether they can reply to it, and what the desks are told. The desks apply a
row without knowing its action (flows/desks/transitions.py). To add a transition: a row here and
a line in the diagram; its notice in both citizen catalogs (flows/texts, tests/test_lifecycle.py
checks); and if staff press it on a card, its action in `CARD_ACTIONS` and a `b_<action>` label in
both staff catalogs (a press that must ask something first, as archive and defer do, also gets
its prompt in `PRESSES`, flows/desks/staff.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["coordinator", "agency", "citizen", "system"]

NEW, DISPOSITIONED, DEFERRED, ARCHIVED = "new", "dispositioned", "deferred", "archived"
IN_PROGRESS, ANSWERED, CLOSED = "in_progress", "answered", "closed"
STATUSES = (NEW, DISPOSITIONED, DEFERRED, IN_PROGRESS, ANSWERED, CLOSED, ARCHIVED)
OPEN = (NEW, DISPOSITIONED, DEFERRED, IN_PROGRESS, ANSWERED)
ARCHIVE_REASONS = ("spam", "duplicate", "unintelligible")  # staff's; a citizen's withdrawal is "withdrawn"
WITHDRAWN = "withdrawn"


# Which setting's working days restart the deadline after a transition: VERIFY_DAYS,
# FOLLOWUP_DAYS or CLOSE_DAYS; "none" leaves the deadline as it was, "clear" ends it.
Deadline = Literal["verify", "followup", "close", "none", "clear"]
# Buttons under the citizen's notice: solved/unsolved, or one to five stars.
Ask = Literal["solved", "rating"]
# A notice the citizen can answer by replying to it; the reply comes back to the ticket.
ReplyKind = Literal["question", "answer"]


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the lifecycle: who may take `action` from which statuses, where it leads, and
    what follows it. `notice` is the citizen's text key (flows/texts, both catalogs); `holder_note`
    is said, with a fresh card, to the desk now holding the ticket when it has no card of it yet;
    `coordinator_note` is said to the coordinator desk."""

    action: str
    sources: tuple[str, ...]
    target: str | None  # None: decided by the action (resume returns to where it was)
    roles: tuple[Role, ...]
    deadline: Deadline = "none"
    notice: str | None = None
    ask: Ask | None = None
    reply_kind: ReplyKind | None = None
    holder_note: str | None = None
    coordinator_note: str | None = None


# A new ticket's deadline ([*] --> new): the coordinator verifies within VERIFY_DAYS.
SUBMITTED_DEADLINE: Deadline = "verify"
_HERE = "note_disposed_here"
TRANSITIONS: tuple[Transition, ...] = (
    Transition("verify", (NEW,), DISPOSITIONED, ("coordinator",),
               deadline="followup", notice="n_dispositioned", holder_note=_HERE),
    Transition("redispose", (DISPOSITIONED, IN_PROGRESS), DISPOSITIONED, ("coordinator",),
               deadline="followup", notice="n_dispositioned", holder_note=_HERE),
    Transition("defer", (NEW, DISPOSITIONED, IN_PROGRESS), DEFERRED, ("coordinator", "agency"),
               notice="n_deferred", reply_kind="question"),
    Transition("archive", (NEW,), ARCHIVED, ("coordinator",),
               deadline="clear", notice="n_archived"),
    Transition("withdraw", (NEW,), ARCHIVED, ("citizen",),
               deadline="clear", notice="n_withdrawn", coordinator_note="note_withdrawn"),
    Transition("start", (DISPOSITIONED,), IN_PROGRESS, ("agency", "coordinator"),
               notice="n_in_progress"),
    Transition("not_authority", (DISPOSITIONED, IN_PROGRESS), NEW, ("agency",),
               deadline="verify", notice="n_returned", coordinator_note="note_returned"),
    Transition("answer", (DISPOSITIONED, IN_PROGRESS), ANSWERED, ("agency", "coordinator"),
               deadline="close", notice="n_answered", ask="solved", reply_kind="answer"),
    Transition("resume", (DEFERRED,), None, ("citizen", "coordinator"),
               notice="n_resumed"),
    Transition("solved", (ANSWERED,), CLOSED, ("citizen",),
               deadline="clear", notice="n_closed", ask="rating"),
    Transition("close", (ANSWERED,), CLOSED, ("coordinator", "system"),
               deadline="clear", notice="n_closed", ask="rating"),
    Transition("reopen", (ANSWERED, CLOSED), IN_PROGRESS, ("citizen",),
               deadline="followup", notice="n_reopened", holder_note=_HERE),
)
BY_ACTION = {t.action: t for t in TRANSITIONS}
# Buttons on a desk card, in display order; the rest happen by reply, command or citizen.
CARD_ACTIONS = ("verify", "start", "defer", "not_authority", "archive")


class IllegalTransition(Exception):
    def __init__(self, action: str, status: str, role: str) -> None:
        super().__init__(f"{action} is not allowed from {status} for {role}")
        self.action, self.status, self.role = action, status, role


def target(action: str, status: str, role: Role, resume_to: str | None = None) -> str:
    """The status after `action`, or IllegalTransition."""
    t = BY_ACTION.get(action)
    if t is None or status not in t.sources or role not in t.roles:
        raise IllegalTransition(action, status, role)
    if t.target is None:
        return resume_to if resume_to in (NEW, DISPOSITIONED, IN_PROGRESS) else NEW
    return t.target


def allowed(status: str, role: Role) -> list[str]:
    return [a for a in CARD_ACTIONS if status in BY_ACTION[a].sources and role in BY_ACTION[a].roles]
