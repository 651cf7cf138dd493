"""Plain records the core works with. Storage maps its rows to these and back; the core never
sees an ORM object, so it cannot lazy-load or commit by accident."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

# Ticket statuses (the full lifecycle lives with the desks; intake only creates "new").
STATUS_NEW = "new"


@dataclass(slots=True)
class Citizen:
    id: int | None
    user_id: int
    chat_id: int
    name: str = ""
    username: str | None = None
    language: str = "id"
    phone: str | None = None
    consent_at: datetime | None = None
    created_at: datetime | None = None
    erased_at: datetime | None = None  # identity erased on request or by retention


@dataclass(slots=True)
class Draft:
    """A form in progress; `data` holds the answers so far, keyed by the form's field names."""

    chat_id: int
    user_id: int
    step: str
    seq: int = 0  # bumped whenever a question is asked: buttons carry it to detect stale presses
    data: dict[str, Any] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)  # steps answered, for /kembali
    editing: bool = False  # answering a step from the summary: return to the summary after it
    version: int = 0  # optimistic concurrency across workers
    updated_at: datetime | None = None


@dataclass(slots=True)
class AttachmentRecord:
    file_id: str
    file_unique_id: str
    kind: str
    size: int | None = None
    mime_type: str | None = None
    file_name: str | None = None


@dataclass(slots=True)
class NewTicket:
    number: str
    citizen_id: int
    report_type: str
    title: str
    description: str
    event_date: date | None
    location_text: str | None
    latitude: float | None
    longitude: float | None
    anonymous: bool
    confidential: bool
    phone: str | None
    agency_code: str | None
    language: str
    attachments: list[AttachmentRecord] = field(default_factory=list)
    event_date_precision: str | None = None  # flows/dates.py PRECISIONS; None: no date step


@dataclass(slots=True)
class Ticket:
    id: int
    number: str
    citizen_id: int
    report_type: str
    title: str
    description: str
    event_date: date | None
    location_text: str | None
    latitude: float | None
    longitude: float | None
    anonymous: bool
    confidential: bool
    phone: str | None
    agency_code: str | None
    status: str
    language: str
    created_at: datetime
    updated_at: datetime
    attachment_count: int = 0
    version: int = 1
    due_at: datetime | None = None
    previous_status: str | None = None
    archive_reason: str | None = None
    first_answer_at: datetime | None = None
    closed_at: datetime | None = None
    rating: int | None = None
    identity_erased_at: datetime | None = None  # the reporter's identity was erased
    event_date_precision: str | None = None  # flows/dates.py PRECISIONS; None: a day, or no date step
    # The deadline behind `due_at` and what was done about it (flows/desks/deadlines.py).
    deadline_kind: str | None = None
    deadline_from: datetime | None = None
    tier: str | None = None
    reminded_at: datetime | None = None
    overdue_at: datetime | None = None
    escalated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    """What the conversation and the desks need to know of an agency in the directory."""

    code: str
    name: str
    short: str
    kind: str  # opd, kecamatan, vertical, ... (flows/directory.py)


@dataclass(slots=True)
class Desk:
    id: int
    chat_id: int
    agency_code: str | None  # None: the coordinator's desk
    title: str = ""
    active: bool = True  # False once the bot was removed from the group, until /meja there again

    @property
    def is_coordinator(self) -> bool:
        return self.agency_code is None


@dataclass(frozen=True, slots=True)
class MessageRef:
    """Ties an outbox message to a ticket message record (flows/ports.py TicketRepo.add_message).
    A new message (`edit=False`) records its Telegram id once sent, so replies to it find the
    ticket; an edit (`edit=True`) is sent as an edit of the message that record became."""

    ticket_message: int
    edit: bool = False


@dataclass(slots=True)
class TicketEvent:
    ticket_id: int
    kind: str  # submitted, status_changed, message, ...
    actor: str  # "citizen:<user id>", "staff:<user id>", "system"
    at: datetime
    from_status: str | None = None
    to_status: str | None = None
    note: str | None = None
    data: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class RoutingExample:
    """A correction to where a ticket goes, with the ticket's words (as the ticket has them now)."""

    ticket_id: int
    number: str
    text: str
    kind: str  # disposed, refused
    suggested: str | None
    previous: str | None
    chosen: str | None
    actor: str
    at: datetime


@dataclass(frozen=True, slots=True)
class AdminGrant:
    """An admin granted by command (those in ADMIN_IDS have none)."""

    user_id: int
    granted_by: int
    granted_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit trail: who did what that changes who sees personal data."""

    at: datetime
    actor_user_id: int | None  # None: the system
    action: str  # admin_grant, admin_revoke, desk_bound, coordinator_moved, ...
    subject: str | None = None
    chat_id: int | None = None
    detail: dict[str, Any] | None = None
