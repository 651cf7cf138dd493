"""The log check that runs around every test (tests/leaks.py, tests/conftest.py) can fail: a
record at INFO or above with the token, a phone number or a citizen's words fails the test that
logged it; DEBUG and ordinary records do not."""

from __future__ import annotations

import pytest

from tests import leaks

pytest_plugins = ["pytester"]

STORY = "Lampu jalan di depan pasar mati sudah tiga hari, gelap sekali"


@pytest.mark.parametrize(("message", "found"), [
    ("HTTP Request: POST http://127.0.0.1:1/bot123456:TEST-token/getMe", "token"),
    ("failed: post /bot7312345678:aae_qx9mwvt3klp8zrybncd4fghj5suoie/sendmessage", "token"),
    ("citizen wrote hubungi 081377001122 ya", "phone"),
    ("contact +6281377001122 shared", "phone"),
    (f"turn failed on {STORY!r}", "citizen's words"),
], ids=["test-token", "real-token-lowercased", "phone-0", "phone-62", "story"])
def test_what_is_a_leak(message, found):
    leaks.said(STORY)
    assert [x for x in leaks.found_in(message) if x.startswith(found)]


@pytest.mark.parametrize("message", [
    "update 1234567 failed", "outbox 12 to chat -1001234567890 failing", "ready: 64 agencies",
    "closed 3 answered tickets", "chat 81234567 unreachable",
])
def test_what_is_not(message):
    assert leaks.found_in(message) == []


@pytest.mark.leaks_ok  # the inner run logs through this process's root logger too
def test_a_leaking_test_fails_and_a_debug_record_does_not(pytester):
    pytester.makeconftest("from tests.conftest import no_secrets_in_logs  # noqa: F401\n")
    pytester.makepyfile(test_logs='''
import logging
import pytest

def test_phone_at_info():
    logging.getLogger("flows.intake").info("citizen shared %s", "+6281377001122")

def test_phone_at_debug():
    logging.getLogger("flows.intake").debug("citizen shared %s", "+6281377001122")

@pytest.mark.leaks_ok
def test_marked():
    logging.getLogger("x").warning("token 123456:TEST-token")
''')
    result = pytester.runpytest_inprocess("-q", "-p", "no:cacheprovider",
                                          "-o", "markers=leaks_ok: on purpose",
                                          "-o", "asyncio_default_fixture_loop_scope=function")
    result.assert_outcomes(passed=3, errors=1)  # the leak fails the first in its teardown
    result.stdout.fnmatch_lines(["*phone +6281377001122*"])
