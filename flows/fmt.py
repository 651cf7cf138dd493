"""How dates, durations, statuses and labels are written, in every language, in one place.

Month names live here and nowhere else (flows/dates.py reads them to understand typed dates).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flows.form import REPORT_TYPES
from flows.model import AgencyInfo
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


# Media the citizen is told by name that the bot cannot read (the rest: "jenis pesan ini").
NAMED_MEDIA = ("sticker", "voice", "video_note", "audio", "animation", "poll")


def media(lang: str, kind: str | None) -> str:
    """What the citizen sent that the bot cannot read, named ("pesan suara")."""
    return t(lang, f"media_{kind}" if kind in NAMED_MEDIA else "media_other")


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


def agency_name(agencies: Mapping[str, AgencyInfo], code: str | None, short: bool = False) -> str:
    """An agency by its directory name (or short name); the bare code where the directory has none."""
    info = agencies.get(code or "")
    if info is None:
        return code or "-"
    return info.short if short else info.name


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"



# Unicode's bidirectional controls (embeddings, overrides, isolates, marks): in untrusted text they
# can reorder what staff read, so they are removed before it goes onto a card or a note.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))
CONTINUED = "│ "  # starts every continuation line of untrusted text, so none can start a field


def _clean(text: str) -> str:
    return text.translate(_BIDI)


def one_line(text: str | None) -> str:
    """Untrusted text (a title, a name, a place) as one line: line breaks, tabs and runs of
    spaces fold to one space, and bidirectional controls are removed, so it cannot forge a field."""
    return " ".join(_clean(text or "").split())


def continued(text: str | None, first: bool = False) -> str:
    """Untrusted multi-line text (a story, a message): every line kept, each one cleaned as by
    `one_line`, and every line after the first (or every line, with `first`) starts with
    `CONTINUED`, so no line of it can pass for a field of the card or note around it."""
    lines = [one_line(line) for line in _clean(text or "").splitlines()] or [""]
    head = [] if first else [lines.pop(0)]
    return "\n".join(head + [(CONTINUED + line).rstrip() for line in lines])


def neutral_file_name(n: int, original: str | None) -> str:
    """lampiran-2.pdf: the n-th attachment under a name that says nothing about who sent it
    (only a short alphanumeric extension of the original is kept)."""
    ext = (original or "").rsplit(".", 1)[-1].lower() if "." in (original or "") else ""
    return f"lampiran-{n}.{ext}" if ext.isascii() and ext.isalnum() and len(ext) <= 5 else f"lampiran-{n}"
