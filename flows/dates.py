"""Reading an event date the way citizens type it.

"17/07", "17-7-2026", "17 Juli 2026", "17 jul", "kemarin", "2 hari lalu", "senin", "today"...
Month names may be misspelt ("agustis", "septmber"), so they are matched fuzzily.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz, process

from flows.fmt import MONTH_NAMES

# The month names as the bot writes them (flows/fmt.py), in both languages, plus old spellings.
MONTHS: dict[str, int] = {
    **{name.lower(): i + 1 for names in MONTH_NAMES.values() for i, name in enumerate(names)},
    "pebruari": 2, "nopember": 11,
}
MONTH_ABBR: dict[str, int] = {
    "jan": 1, "feb": 2, "peb": 2, "mar": 3, "apr": 4, "mei": 5, "may": 5, "jun": 6, "jul": 7,
    "agu": 8, "agt": 8, "ags": 8, "agst": 8, "aug": 8, "sep": 9, "sept": 9, "okt": 10,
    "oct": 10, "nov": 11, "nop": 11, "des": 12, "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5,
    "minggu": 6, "ahad": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
RELATIVE: dict[str, int] = {
    "hari ini": 0, "hr ini": 0, "td": 0, "tadi": 0, "barusan": 0, "sekarang": 0, "today": 0,
    "now": 0, "kemarin": 1, "kmrn": 1, "kmarin": 1, "kemaren": 1, "kmren": 1, "yesterday": 1,
    "kemarin lusa": 2, "kemaren lusa": 2, "day before yesterday": 2,
}
FILLER = re.compile(r"\b(tgl|tanggal|tangal|pada|hari|on|the|date|sekitar|kira-kira|kira2)\b\.?")
AGO = re.compile(r"^(\d{1,3})\s*(hari|hr|days?)\s*(yang\s*|yg\s*)?(lalu|yll|ago)$")
NUMERIC = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})(?:\s*[/\-.]\s*(\d{2}|\d{4}))?$")
WORDY = re.compile(r"^(\d{1,2})\s*([a-z']+)\.?\s*(\d{2}|\d{4})?$")
OLDEST_YEARS = 5  # older than this is almost surely a typo in the year


@dataclass(frozen=True, slots=True)
class DateResult:
    value: date | None
    error: str | None = None  # "unreadable" | "future" | "too_old"


def _month(word: str) -> int | None:
    word = word.strip(".")
    if word in MONTHS:
        return MONTHS[word]
    if word in MONTH_ABBR:
        return MONTH_ABBR[word]
    if len(word) >= 4:
        best = process.extractOne(word, MONTHS.keys(), scorer=fuzz.ratio, score_cutoff=75)
        if best:
            return MONTHS[best[0]]
    return None


def _year(raw: str | None, today: date, day: int, month: int) -> int | None:
    if raw is None:
        # No year typed: the most recent such day that is not in the future.
        try:
            candidate = date(today.year, month, day)
        except ValueError:
            return None
        return today.year if candidate <= today else today.year - 1
    year = int(raw)
    return year + 2000 if year < 100 else year


def parse_event_date(text: str, today: date) -> DateResult:
    """Read a date; refuse one in the future or implausibly old."""
    s = " ".join(text.lower().replace(",", " ").split())
    if not s:
        return DateResult(None, "unreadable")
    if s in RELATIVE:
        return DateResult(today - timedelta(days=RELATIVE[s]))
    if m := AGO.match(s):  # before the filler words go: "hari" is one of them
        return _checked(today - timedelta(days=int(m.group(1))), today)
    s = " ".join(FILLER.sub(" ", s).split())
    if s in RELATIVE:
        return DateResult(today - timedelta(days=RELATIVE[s]))
    if s in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[s]) % 7
        return DateResult(today - timedelta(days=back))
    day = month = None
    year_raw = None
    if m := NUMERIC.match(s):
        day, month, year_raw = int(m.group(1)), int(m.group(2)), m.group(3)
    elif m := WORDY.match(s):
        day, year_raw = int(m.group(1)), m.group(3)
        month = _month(m.group(2))
    elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        try:
            return _checked(date.fromisoformat(s), today)
        except ValueError:
            return DateResult(None, "unreadable")
    if day is None or month is None or not 1 <= month <= 12:
        return DateResult(None, "unreadable")
    year = _year(year_raw, today, day, month)
    if year is None:
        return DateResult(None, "unreadable")
    try:
        value = date(year, month, day)
    except ValueError:
        return DateResult(None, "unreadable")
    return _checked(value, today)


def _checked(value: date, today: date) -> DateResult:
    if value > today:
        return DateResult(None, "future")
    if value.year < today.year - OLDEST_YEARS:
        return DateResult(None, "too_old")
    return DateResult(value)
