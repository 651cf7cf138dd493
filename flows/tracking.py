"""Tracking numbers citizens can read out over the phone: PREFIX-YYMM-NNNNNC.

Digits only after the prefix (no O/0 or I/1 confusion, easy to say in Indonesian), grouped, and
ending in a Damm check digit so a mistyped number is caught instead of finding nothing.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from typing import Literal

_DAMM = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)
_INPUT = re.compile(r"^(?:([A-Z]{1,8})-?)?(\d{4})-?(\d{6})$")


def damm(digits: str) -> int:
    interim = 0
    for d in digits:
        interim = _DAMM[interim][int(d)]
    return interim


def new_number(prefix: str, now: datetime) -> str:
    body = f"{secrets.randbelow(100_000):05d}"
    stamp = now.strftime("%y%m")
    return f"{prefix}-{stamp}-{body}{damm(stamp + body)}"


Problem = Literal["prefix", "short", "long", "check", "shape"]  # each has its number_<problem> text


def example(prefix: str, now: datetime) -> str:
    """What a number looks like, shown so that nobody takes it for a real one."""
    return f"{prefix}-{now.strftime('%y%m')}-xxxxxx"


def problem(raw: str, prefix: str) -> Problem:
    """What looks wrong with a number that `normalise` refused: another prefix, a digit
    missing or too many, a check digit that fails (one digit mistyped, or two swapped), or
    nothing like a number."""
    s = re.sub(r"[\s.#]+", "", raw.upper())
    given = re.match(r"^([A-Z]{1,8})-?", s)
    if given and given.group(1) != prefix.upper():
        return "prefix"
    digits = re.sub(r"\D", "", s)
    if not digits or re.search(r"[^\dA-Z-]", s):
        return "shape"
    if len(digits) < 10:
        return "short"
    if len(digits) > 10:
        return "long"
    return "check"


def normalise(raw: str, prefix: str) -> str | None:
    """Canonical form of a number as typed ("oku 2611 482731", "2611-482731"), or None when it
    cannot be one of ours (wrong shape or failed check digit)."""
    s = re.sub(r"[\s.]+", "", raw.upper()).strip("#")
    s = re.sub(r"-+", "-", s)
    m = _INPUT.match(s)
    if not m:
        return None
    given, stamp, body = m.groups()
    if given and given != prefix.upper():
        return None
    if damm(stamp + body) != 0:
        return None
    return f"{prefix}-{stamp}-{body}"
