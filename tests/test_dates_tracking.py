from datetime import UTC, date, datetime

import pytest

from flows.dates import describe, parse_event_date
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


@pytest.mark.parametrize("typed, expected, precision", [
    ("senin lalu", "2026-11-23", "day"), ("last monday", "2026-11-23", "day"),
    ("hari jumat lalu", "2026-11-27", "day"), ("3 days ago", "2026-11-26", "day"),
    ("3 hari yg lalu", "2026-11-26", "day"),
    ("minggu lalu", "2026-11-22", "about"), ("last week", "2026-11-22", "about"),
    ("2 minggu lalu", "2026-11-15", "about"), ("2 weeks ago", "2026-11-15", "about"),
    ("dua minggu yg lalu", "2026-11-15", "about"), ("sebulan lalu", "2026-10-30", "about"),
    ("a month ago", "2026-10-30", "about"),
    ("agustus", "2026-08-01", "month"), ("bulan lalu", "2026-10-01", "month"), ("last month", "2026-10-01", "month"),
    ("desember", "2025-12-01", "month"),  # no year, and December has not begun: last year's
    ("agustus 2025", "2025-08-01", "month"), ("Agustis", "2026-08-01", "month"),
    ("awal agustus", "2026-08-01", "early"), ("pertengahan juli", "2026-07-01", "mid"),
    ("akhir bulan lalu", "2026-10-01", "late"), ("early august", "2026-08-01", "early"),
    ("end of october", "2026-10-01", "late"),
])
def test_relative_and_partial_dates_keep_their_precision(typed, expected, precision):
    result = parse_event_date(typed, TODAY)
    assert (result.value.isoformat(), result.precision) == (expected, precision)


@pytest.mark.parametrize("typed, precision", [
    ("tidak ingat", "unknown"), ("gak inget", "unknown"), ("lupa", "unknown"), ("Tdk ingat!", "unknown"),
    ("don't remember", "unknown"), ("berulang", "recurring"), ("tiap hari", "recurring"),
    ("setiap hari", "recurring"), ("sering", "recurring"), ("every day", "recurring"),
    ("sampai sekarang", "recurring"), ("saya gk yakin pak", "unknown"), ("kurang tahu", "unknown"),
])
def test_no_one_day_is_an_answer_not_an_error(typed, precision):
    result = parse_event_date(typed, TODAY)
    assert result.value is None and result.error is None and result.precision == precision and result.understood


@pytest.mark.parametrize("typed", ["awal desember 2026", "2 minggu lagi", "agustus 2027"])
def test_relative_dates_in_the_future_are_refused(typed):
    result = parse_event_date(typed, TODAY)
    assert not result.understood


@pytest.mark.parametrize("lang, typed, shown", [
    ("id", "senin lalu", "Senin, 23 November 2026"), ("en", "last monday", "Monday, 23 November 2026"),
    ("id", "agustus", "Agustus 2026"), ("id", "awal agustus", "awal Agustus 2026"),
    ("id", "pertengahan juli", "pertengahan Juli 2026"), ("en", "end of october", "late October 2026"),
    ("id", "2 minggu lalu", "sekitar 15 November 2026"), ("id", "tidak ingat", "tidak ingat"),
    ("id", "tiap hari", "berulang / terus terjadi"), ("en", "every day", "recurring / still happening"),
])
def test_a_date_is_shown_back_as_precisely_as_it_was_given(lang, typed, shown):
    result = parse_event_date(typed, TODAY)
    assert describe(lang, result.value, result.precision) == shown
