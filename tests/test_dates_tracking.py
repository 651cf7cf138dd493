from datetime import UTC, date, datetime

import pytest

from flows.dates import parse_event_date
from flows.tracking import damm, new_number, normalise

TODAY = date(2026, 11, 29)  # a Sunday


@pytest.mark.parametrize("typed, expected", [
    ("hari ini", "2026-11-29"), ("kemarin", "2026-11-28"), ("kmrn", "2026-11-28"),
    ("yesterday", "2026-11-28"), ("kemarin lusa", "2026-11-27"), ("3 hari lalu", "2026-11-26"),
    ("17/07", "2026-07-17"), ("17-7-2026", "2026-07-17"), ("17/07/26", "2026-07-17"),
    ("17 Juli 2026", "2026-07-17"), ("17 juli", "2026-07-17"), ("tgl 17 jul", "2026-07-17"),
    ("5 Desember", "2025-12-05"),  # no year and still ahead this year: last year's
    ("17 agustis 2026", "2026-08-17"), ("1 sept 2026", "2026-09-01"), ("senin", "2026-11-23"),
    ("2026-11-01", "2026-11-01"), ("17 August 2026", "2026-08-17"),
])
def test_dates_people_type(typed, expected):
    assert parse_event_date(typed, TODAY).value.isoformat() == expected


@pytest.mark.parametrize("typed, error", [
    ("30/12/2026", "future"), ("besok lusa", "unreadable"), ("31/02/2026", "unreadable"),
    ("17 jembatan 2026", "unreadable"), ("", "unreadable"), ("1/1/2001", "too_old"),
])
def test_dates_refused(typed, error):
    result = parse_event_date(typed, TODAY)
    assert result.value is None and result.error == error


def test_numbers_carry_a_check_digit_and_read_back_any_way_typed():
    number = new_number("OKU", datetime(2026, 11, 29, tzinfo=UTC))
    prefix, stamp, body = number.split("-")
    assert prefix == "OKU" and stamp == "2611" and len(body) == 6 and damm(stamp + body) == 0
    assert normalise(number.lower(), "OKU") == number
    assert normalise(number.replace("-", " "), "OKU") == number
    assert normalise(f"{stamp}{body}", "OKU") == number
    swapped = f"OKU-{stamp}-{body[1]}{body[0]}{body[2:]}"
    if body[0] != body[1]:
        assert normalise(swapped, "OKU") is None  # Damm catches adjacent transpositions
    assert normalise(f"ABC-{stamp}-{body}", "OKU") is None
