"""The ticket lifecycle as data, after LAPOR! SP4N.

```mermaid
stateDiagram-v2
    [*] --> new: citizen submits (coordinator desk)
    new --> dispositioned: verify (Verifikasi & disposisi) [coordinator]
    new --> deferred: defer (Tunda: ask the citizen) [coordinator]
    new --> archived: archive (spam / duplikat / tidak jelas) [coordinator]
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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["coordinator", "agency", "citizen", "system"]

NEW, DISPOSITIONED, DEFERRED, ARCHIVED = "new", "dispositioned", "deferred", "archived"
IN_PROGRESS, ANSWERED, CLOSED = "in_progress", "answered", "closed"
STATUSES = (NEW, DISPOSITIONED, DEFERRED, IN_PROGRESS, ANSWERED, CLOSED, ARCHIVED)
OPEN = (NEW, DISPOSITIONED, DEFERRED, IN_PROGRESS, ANSWERED)
ARCHIVE_REASONS = ("spam", "duplicate", "unintelligible")


@dataclass(frozen=True, slots=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str | None  # None: decided by the action (resume returns to where it was)
    roles: tuple[Role, ...]


TRANSITIONS: tuple[Transition, ...] = (
    Transition("verify", (NEW,), DISPOSITIONED, ("coordinator",)),
    Transition("redispose", (DISPOSITIONED, IN_PROGRESS), DISPOSITIONED, ("coordinator",)),
    Transition("defer", (NEW, DISPOSITIONED, IN_PROGRESS), DEFERRED, ("coordinator", "agency")),
    Transition("archive", (NEW,), ARCHIVED, ("coordinator",)),
    Transition("start", (DISPOSITIONED,), IN_PROGRESS, ("agency", "coordinator")),
    Transition("not_authority", (DISPOSITIONED, IN_PROGRESS), NEW, ("agency",)),
    Transition("answer", (DISPOSITIONED, IN_PROGRESS), ANSWERED, ("agency", "coordinator")),
    Transition("resume", (DEFERRED,), None, ("citizen", "coordinator")),
    Transition("solved", (ANSWERED,), CLOSED, ("citizen",)),
    Transition("close", (ANSWERED,), CLOSED, ("coordinator", "system")),
    Transition("reopen", (ANSWERED, CLOSED), IN_PROGRESS, ("citizen",)),
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
