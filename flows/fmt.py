"""How dates, durations, statuses and labels are written, in every language, in one place.

Month names live here and nowhere else (flows/dates.py reads them to understand typed dates).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flows.form import REPORT_TYPES
from flows.texts import t

MONTH_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}
# Short names are the first three letters in both languages (Agu, Okt, Des; Aug, Oct, Dec).
ZONE_ABBR = {"Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


class Formats:
    """Formatting bound to the regency's time zone: every date is shown in local time."""

    def __init__(self, timezone: str = "Asia/Jakarta") -> None:
        self.tz = ZoneInfo(timezone)
        self.zone = ZONE_ABBR.get(timezone, "")

    def local_date(self, value: date | datetime) -> date:
        return value.astimezone(self.tz).date() if isinstance(value, datetime) else value

    def day(self, lang: str, value: date | datetime | None, short: bool = False) -> str:
        """29 November 2026 (short: 29 Nov 2026)."""
        if value is None:
            return "-"
        d = self.local_date(value)
        month = MONTH_NAMES.get(lang, MONTH_NAMES["id"])[d.month - 1]
        return f"{d.day} {month[:3] if short else month} {d.year}"

    def when(self, lang: str, value: datetime, short: bool = False) -> str:
        """29 November 2026 10.00 WIB."""
        local = value.astimezone(self.tz)
        return f"{self.day(lang, local, short)} {local:%H.%M} {self.zone}".strip()


def duration(lang: str, seconds: float) -> str:
    hours = seconds / 3600
    return t(lang, "hours", n=hours) if hours < 48 else t(lang, "days", n=hours / 24)


def status(lang: str, value: str) -> str:
    """A ticket status as the citizen reads it."""
    return t(lang, f"status_{value}")


def staff_status(lang: str, value: str) -> str:
    """A ticket status as staff read it on cards (with its emoji)."""
    return t(lang, f"st_{value}")


def report_type(lang: str, value: str | None) -> str:
    return t(lang, f"type_{value}") if value in REPORT_TYPES else t(lang, "none")


def yes_no(lang: str, value: bool | None) -> str:
    return t(lang, "none") if value is None else t(lang, "yes" if value else "no")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

