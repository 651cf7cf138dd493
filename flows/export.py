"""The export: one row per ticket submitted in a period, with the fields of LAPOR!'s own records,
as CSV or XLSX (`lapor-bot export`, and `/ekspor` for admins).

Every date and figure comes from the ticket's events (submitted, verify, start, answer, close,
archive, overdue, rated), so a period can be exported again at any time with the same result.
An anonim report's row carries no identity of its reporter (nor does one whose identity was
erased); a rahasia report is marked as such. Times are local (TIMEZONE), as a spreadsheet shows
them.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flows import fmt
from flows import lifecycle as lc
from flows.model import AgencyInfo, Ticket, TicketEvent
from flows.ports import UnitOfWork
from flows.workdays import working_days_between

# (key, header): the columns in order, headed as LAPOR!'s records are.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "Nomor Laporan"),
    ("type", "Jenis"),
    ("title", "Judul"),
    ("story", "Isi Laporan"),
    ("agency_code", "Kode Instansi"),
    ("agency", "Instansi"),
    ("event_date", "Tanggal Kejadian"),
    ("location", "Lokasi"),
    ("latitude", "Lintang"),
    ("longitude", "Bujur"),
    ("anonymous", "Anonim"),
    ("confidential", "Rahasia"),
    ("reporter", "Nama Pelapor"),
    ("status", "Status"),
    ("submitted", "Tanggal Masuk"),
    ("dispositioned", "Tanggal Disposisi"),
    ("deferred", "Tanggal Ditunda"),
    ("started", "Tanggal Diproses"),
    ("answered", "Tanggal Ditanggapi"),
    ("closed", "Tanggal Selesai"),
    ("archived", "Tanggal Diarsipkan"),
    ("archive_reason", "Alasan Arsip"),
    ("overdue", "Lewat Tenggat Sejak"),
    ("on_time", "Tepat Waktu"),
    ("days_to_answer", "Hari Kerja sampai Tanggapan"),
    ("days_to_close", "Hari Kerja sampai Selesai"),
    ("rating", "Penilaian"),
)
HEADERS = [header for _key, header in COLUMNS]
STATUS_ID = {"new": "Baru", "dispositioned": "Didisposisi", "deferred": "Ditunda", "in_progress": "Diproses",
             "answered": "Ditanggapi", "closed": "Selesai", "archived": "Diarsipkan"}
Value = str | int | float | datetime | date | None


@dataclass(frozen=True, slots=True)
class Period:
    """Local days, both included."""

    first: date
    last: date

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        return (datetime.combine(self.first, time(0), tzinfo=tz),
                datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=tz))


class BadPeriod(ValueError):
    """A period that cannot be exported; `key` names the reason (reversed, future, format)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def period(first: str | None, last: str | None, today: date) -> Period:
    """[first, last] from YYYY-MM-DD (or YYYY-MM: the whole month); by default this month so far.
    A range that ends after today is cut at today; one that starts after it, or ends before it
    starts, is refused."""
    try:
        start = _day(first, start=True) if first else today.replace(day=1)
        end = _day(last, start=False) if last else (today if not first or len(first) == 10 else _day(first, False))
    except ValueError:
        raise BadPeriod("format") from None
    if start > today:
        raise BadPeriod("future")
    if end < start:
        raise BadPeriod("reversed")
    return Period(start, min(end, today))


def _day(text: str, start: bool) -> date:
    text = text.strip()
    if len(text) == 7:  # YYYY-MM
        month = date.fromisoformat(text + "-01")
        if start:
            return month
        following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        return following - timedelta(days=1)
    return date.fromisoformat(text)


def _first(events: list[TicketEvent], *kinds: str) -> TicketEvent | None:
    return next((e for e in events if e.kind in kinds), None)


def _last(events: list[TicketEvent], *kinds: str) -> TicketEvent | None:
    return next((e for e in reversed(events) if e.kind in kinds), None)


def row(ticket: Ticket, events: list[TicketEvent], reporter: str | None, agencies: Mapping[str, AgencyInfo],
        tz: ZoneInfo) -> dict[str, Value]:
    """One ticket's row: what it is, and when each step of its history happened."""

    def local(e: TicketEvent | None) -> datetime | None:
        return e.at.astimezone(tz).replace(tzinfo=None, microsecond=0) if e else None

    submitted = _first(events, "submitted")
    answered = _first(events, "answer")
    closed = _last(events, "close", "solved")
    overdue = _first(events, "overdue")
    rated = _last(events, "rated")
    start_day = (submitted.at if submitted else ticket.created_at).astimezone(tz).date()
    if overdue is not None:
        on_time = "tidak"
    elif answered is not None:
        on_time = "ya"
    else:
        on_time = ""
    hidden = ticket.anonymous or ticket.identity_erased_at is not None
    return {
        "number": ticket.number,
        "type": ticket.report_type,
        "title": ticket.title,
        "story": ticket.description,
        "agency_code": ticket.agency_code or "",
        "agency": fmt.agency_name(agencies, ticket.agency_code) if ticket.agency_code else "",
        "event_date": ticket.event_date,
        "location": ticket.location_text or "",
        "latitude": ticket.latitude,
        "longitude": ticket.longitude,
        "anonymous": "ya" if ticket.anonymous else "tidak",
        "confidential": "RAHASIA" if ticket.confidential else "tidak",
        "reporter": "" if hidden else (reporter or ""),
        "status": STATUS_ID.get(ticket.status, ticket.status),
        "submitted": local(submitted),
        "dispositioned": local(_first(events, "verify")),
        "deferred": local(_first(events, "defer")),
        "started": local(_first(events, "start")),
        "answered": local(answered),
        "closed": local(closed) if ticket.status == lc.CLOSED else None,
        "archived": local(_last(events, "archive", "withdraw")) if ticket.status == lc.ARCHIVED else None,
        "archive_reason": ticket.archive_reason or "",
        "overdue": local(overdue),
        "on_time": on_time,
        "days_to_answer": working_days_between(start_day, answered.at.astimezone(tz).date()) if answered else None,
        "days_to_close": (working_days_between(start_day, closed.at.astimezone(tz).date())
                          if closed and ticket.status == lc.CLOSED else None),
        "rating": (rated.data or {}).get("rating") if rated else None,
    }


async def rows(uow: UnitOfWork, span: Period, agencies: Mapping[str, AgencyInfo],
               tz: ZoneInfo) -> list[dict[str, Value]]:
    start, end = span.bounds(tz)
    out: list[dict[str, Value]] = []
    for ticket, events in await uow.tickets.submitted_between(start, end):
        citizen = None if ticket.anonymous else await uow.citizens.get(ticket.citizen_id)
        name = citizen.name if citizen is not None and citizen.erased_at is None else None
        out.append(row(ticket, events, name, agencies, tz))
    return out


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_csv(table: list[dict[str, Value]], path: Path) -> Path:
    """UTF-8 with a byte-order mark, so a spreadsheet opens Indonesian text as it is."""
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        out = csv.writer(f)
        out.writerow(HEADERS)
        for r in table:
            out.writerow([_text(_cell(r[key])) for key, _h in COLUMNS])
    return path


def write_xlsx(table: list[dict[str, Value]], path: Path, title: str = "Laporan") -> Path:
    """One sheet, a header row frozen, dates as dates. openpyxl is loaded only here (the bot's
    process never needs it otherwise)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for r in table:
        sheet.append([_cell(r[key]) for key, _h in COLUMNS])
    for column, (key, _h) in zip(sheet.columns, COLUMNS, strict=True):
        letter = column[0].column_letter
        sheet.column_dimensions[letter].width = 60 if key in ("story", "title") else 18
        if key in ("submitted", "dispositioned", "deferred", "started", "answered", "closed", "archived", "overdue"):
            for cell in column[1:]:
                cell.number_format = "yyyy-mm-dd hh:mm"
    book.save(path)
    return path


def _cell(value: Value) -> Value:
    # A cell beginning with = + - @ would be read as a formula: a citizen's words stay words.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
