"""Reading an event date the way citizens type it, and writing it back the way they meant it.

"17/07", "17-7-2026", "17 Juli 2026", "17 jul", "kemarin", "2 hari lalu", "senin", "today"...
Month names may be misspelt ("agustis", "septmber"), so they are matched fuzzily.

Citizens often do not know the day: "senin lalu", "2 minggu lalu", "sebulan lalu", "awal
agustus", "pertengahan juli", "akhir bulan lalu", "agustus", "last week", "3 days ago"; or there
is no one day: "tidak ingat", "berulang", "tiap hari". A date therefore carries its precision
(PRECISIONS), and is written back (`describe`) no more exactly than it was said: "Agustus 2026",
"awal Agustus 2026", "sekitar 15 November 2026", "tidak ingat". A precise day keeps its weekday,
so that a citizen who meant another Monday sees it at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from rapidfuzz import fuzz, process

from flows.fmt import MONTH_NAMES
from flows.texts import t

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


# How exactly a date was given. "day": that day; "about": about that day ("2 minggu lalu");
# "month", "early", "mid", "late": (part of) the month of `value`, stored as its first day;
# "unknown" ("tidak ingat") and "recurring" ("tiap hari"): no date at all.
PRECISIONS = ("day", "about", "month", "early", "mid", "late", "unknown", "recurring")
NO_DAY = ("unknown", "recurring")

UNKNOWN = {"tidak ingat", "tdk ingat", "gak ingat", "ga ingat", "gk ingat", "nggak ingat", "enggak ingat",
           "tidak inget", "gak inget", "ga inget", "gk inget", "lupa", "sy lupa", "saya lupa", "lupa tanggalnya",
           "tidak tahu", "tdk tau", "gak tau", "ga tau", "gk tau", "nggak tau", "tidak tau", "entah",
           "don't remember", "dont remember", "i don't remember", "not sure", "don't know", "dont know",
           "unknown", "forgot", "i forgot", "tidak ingat tanggalnya", "gak ingat tanggalnya"}
UNKNOWN |= {f"{no} {word}" for no in ("tidak", "tdk", "gak", "ga", "gk", "nggak", "kurang")
            for word in ("yakin", "pasti", "ingat", "inget", "tau", "tahu")}
_POLITE = re.compile(r"^(?:saya|sy|aku|maaf)\s+|\s+(?:pak|bu|kak|min|mas|mbak|lagi|juga|jg|ya)$")
RECURRING = re.compile(
    r"^(?:sudah\s+|sdh\s+|udah\s+)?(?:berulang(?:\s*-?\s*ulang|\s+kali)?|ber-ulang|sering(?:\s+terjadi)?|terus(?:\s*-?\s*menerus|an|2)?|"
    r"(?:se)?tiap\s+(?:hari|minggu|malam|pagi|bulan|hujan)|tiap\s*hari|setiap\s*hari|tiap\s*hr|tiap\s*minggu|"
    r"every\s*(?:day|week|night|month)|daily|recurring|repeatedly|all\s+the\s+time|ongoing|"
    r"(?:masih\s+)?(?:sampai|sampe|hingga)\s+(?:sekarang|skrg|saat\s+ini))$")
_N = r"(\d{1,3}|se|satu|dua|tiga|empat|lima|enam|tujuh|a|an|one|two|three|four|five|six)"
NUMBER_WORDS = {"se": 1, "satu": 1, "a": 1, "an": 1, "one": 1, "dua": 2, "two": 2, "tiga": 3, "three": 3,
                "empat": 4, "four": 4, "lima": 5, "five": 5, "enam": 6, "six": 6, "tujuh": 7}
_LALU = r"\s*(?:yang\s*|yg\s*)?(?:lalu|yll|lalu\s+sekitar|ago|kemarin|kmrn|kemaren)"
AGO_UNITS = re.compile(rf"^(?:sekitar\s+|kira2\s+|about\s+|around\s+)?{_N}\s*-?\s*"
                       rf"(minggu|mgg|pekan|weeks?|bulan|bln|months?){_LALU}$")
LAST_WEEK = re.compile(r"^(?:(?:minggu|pekan)\s+(?:lalu|kemarin|kmrn|kemaren)|last\s+week|a\s+week\s+ago)$")
LAST_MONTH = re.compile(r"^(?:bulan\s+(?:lalu|kemarin|kmrn|kemaren)|last\s+month)$")
LAST_WEEKDAY = re.compile(r"^(?:(?:hari\s+)?([a-z']+)\s+(?:lalu|kemarin|kmrn|kemaren|minggu\s+lalu)|last\s+([a-z]+))$")
PART_OF_MONTH = re.compile(
    r"^(awal|permulaan|early|beginning\s+of|start\s+of|pertengahan|tengah|medio|mid|middle\s+of|"
    r"akhir|ujung|late|end\s+of)\s*-?\s*(?:bulan\s+)?(.+)$")
PARTS = {"awal": "early", "permulaan": "early", "early": "early", "beginning of": "early", "start of": "early",
         "pertengahan": "mid", "tengah": "mid", "medio": "mid", "mid": "mid", "middle of": "mid",
         "akhir": "late", "ujung": "late", "late": "late", "end of": "late"}
MONTH_ONLY = re.compile(r"^(?:bulan\s+|bln\s+|in\s+)?([a-z']+)\.?(?:\s+(\d{4}))?$")


@dataclass(frozen=True, slots=True)
class DateResult:
    value: date | None
    error: str | None = None  # "unreadable" | "future" | "too_old"
    precision: str = "day"  # one of PRECISIONS

    @property
    def understood(self) -> bool:
        return self.value is not None or self.precision in NO_DAY


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
    """Read a date, with its precision; refuse one in the future or implausibly old."""
    s = " ".join(text.lower().replace(",", " ").replace("’", "'").strip(" .!?").split())
    if not s:
        return DateResult(None, "unreadable")
    loose = _loose(s, today)
    if loose is not None:
        return loose
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


def _checked(value: date, today: date, precision: str = "day") -> DateResult:
    if value > today:
        return DateResult(None, "future")
    if value.year < today.year - OLDEST_YEARS:
        return DateResult(None, "too_old")
    return DateResult(value, precision=precision)


def _months_back(today: date, n: int) -> date:
    """The first day of the month `n` months before today's."""
    index = today.year * 12 + today.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _month_of(word: str, year: str | None, today: date) -> date | None:
    """"agustus", "agustus 2026", "bulan lalu": the first day of that month, the most recent one
    that has begun when no year is given."""
    if word in ("lalu", "kemarin", "kmrn", "kemaren") or word == "last month":
        return _months_back(today, 1)
    if word in ("ini", "this month"):
        return _months_back(today, 0)
    month = _month(word)
    if month is None:
        return None
    if year is not None:
        return date(int(year), month, 1)
    return date(today.year if month <= today.month else today.year - 1, month, 1)


def _loose(s: str, today: date) -> DateResult | None:
    """The answers that are not one exact day: unknown, recurring, about, (part of) a month."""
    bare = _POLITE.sub("", s).strip() or s  # "saya gk ingat pak" -> "gk ingat"
    if s in UNKNOWN or bare in UNKNOWN or bare.replace("'", "") in UNKNOWN:
        return DateResult(None, precision="unknown")
    if RECURRING.match(s):
        return DateResult(None, precision="recurring")
    if LAST_WEEK.match(s):
        return DateResult(today - timedelta(days=7), precision="about")
    if m := AGO_UNITS.match(s):
        n, unit = _count(m.group(1)), m.group(2)
        days = n * 7 if unit.startswith(("m", "p", "w")) and not unit.startswith("mo") else n * 30
        return _checked(today - timedelta(days=days), today, "about")
    if LAST_MONTH.match(s):
        return DateResult(_months_back(today, 1), precision="month")
    if m := LAST_WEEKDAY.match(s):
        name = m.group(1) or m.group(2)
        if name in WEEKDAYS:
            # The most recent such day before today: said on a Sunday, "senin lalu" is six days ago.
            back = (today.weekday() - WEEKDAYS[name]) % 7 or 7
            return DateResult(today - timedelta(days=back))
    if m := PART_OF_MONTH.match(s):
        rest = m.group(2).strip()
        month_m = MONTH_ONLY.match(rest)
        first = None
        if rest in ("lalu", "kemarin", "kmrn", "kemaren", "last month"):
            first = _months_back(today, 1)
        elif rest in ("ini", "this month"):
            first = _months_back(today, 0)
        elif month_m:
            first = _month_of(month_m.group(1), month_m.group(2), today)
        if first is not None:
            return _checked(first, today, PARTS[m.group(1)])
    if (m := MONTH_ONLY.match(s)) and not s.isdigit() and m.group(1) not in WEEKDAYS and m.group(1) not in RELATIVE:
        first = _month_of(m.group(1), m.group(2), today)
        if first is not None:
            return _checked(first, today, "month")
    return None


_DATE_WORDS = {"tanggal", "tgl", "tangal", "hari", "hr", "bulan", "bln", "minggu", "pekan", "tahun", "thn", "lalu",
               "yll", "kemarin", "kmrn", "kapan", "jam", "pukul", "date", "day", "days", "week", "weeks", "month",
               "months", "year", "ago", "when", "yesterday", "today"}


def looks_like_date(text: str) -> bool:
    """Does unreadable text still try to say a date ("tanggal tiga puluh", "kira2 bulan 8")? Such
    text is asked again; other text at the date question is something else (more story, a note)."""
    words = text.lower().replace(",", " ").replace(".", " ").split()
    return any(w.isdigit() or w in _DATE_WORDS or w in WEEKDAYS or w in MONTHS or w in MONTH_ABBR for w in words)


def describe(lang: str, value: date | None, precision: str = "day") -> str:
    """A date as precisely as it was given: "Senin, 23 November 2026", "Agustus 2026",
    "awal Agustus 2026", "sekitar 15 November 2026", "tidak ingat", "berulang"."""
    if precision in NO_DAY or value is None:
        return t(lang, f"date_p_{precision if precision in NO_DAY else 'unknown'}")
    month = MONTH_NAMES.get(lang, MONTH_NAMES["id"])[value.month - 1]
    if precision in ("month", "early", "mid", "late"):
        return t(lang, f"date_p_{precision}", month=month, year=value.year)
    if precision == "about":  # no weekday: it is not that day
        return t(lang, "date_p_about", day=f"{value.day} {month} {value.year}")
    weekday = t(lang, f"weekday_{value.weekday()}")
    return t(lang, "date_p_day", weekday=weekday, day=value.day, month=month, year=value.year)
