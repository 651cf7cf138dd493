"""The load benchmark's own parts: the reference bots walk the whole form the driver expects
(a prompt or a button that drifted from the driver would make `load.py compare` measure a
timeout), and a citizen's think time stays out of the reply latency `load.py paced` prints."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.scripts import benchmark

STEPS = 14  # /start to the tracking number


def load_module() -> ModuleType:
    return benchmark("load")


@pytest.fixture(scope="module")
def load() -> ModuleType:
    return load_module()


async def test_reference_bot_walks_the_whole_form(load: ModuleType, framework: str) -> None:
    run = await load.run_form("reference", framework, 3, {}, reply_timeout=10)
    assert run.errors == []
    assert (run.completed, run.steps) == (3, 3 * STEPS)
    # the same Bot API calls per step as the product: 14 sends, 9 answered presses, 9 edits
    assert run.api_calls == 3 * (STEPS + 9 + 9)


async def test_think_time_is_not_counted_in_reply_latency(load: ModuleType) -> None:
    pause = 0.3
    run = await load.run_form("reference", "aiogram", 1, {}, think=lambda uid: lambda: pause,
                              reply_timeout=10)
    assert run.completed == 1 and len(run.latencies) == STEPS
    assert run.elapsed >= STEPS * pause
    assert max(run.latencies) < pause  # a reply from the in-memory bot takes milliseconds


async def test_transcript_personas_file_their_reports() -> None:
    """benchmarks/transcript.py's personas answer whatever the form asks: both get a tracking
    number; the shortest report takes no more inputs than the form has steps (Lanjut after the
    story is one); the messy one gets every story part it wrote after /start to the desk."""
    transcript = benchmark("transcript")
    shortest = await transcript.walk(transcript.SHORTEST, echo=False)
    assert shortest.filed and shortest.inputs <= STEPS
    assert shortest.story_parts == 1 and shortest.ticket.agency_code == "PUPR"
    messy = await transcript.walk(transcript.MESSY, echo=False)
    assert messy.filed and messy.ticket.location_text
    assert messy.story_parts >= 3


def test_the_ignored_ticket_transcript_shows_each_step_once(capsys) -> None:
    """benchmarks/ignored_ticket.py prints the life the closing note quotes: one reminder, one
    overdue list, one notice to the citizen, one escalation."""
    import asyncio

    asyncio.run(benchmark("ignored_ticket").main())
    out = capsys.readouterr().out
    assert out.count("PUPR desk: ⏰ Pengingat") == 1 and out.count("coordinator desk: ⚠️ 1 laporan") == 1
    assert out.count("citizen: ⏳") == 1 and out.count("admin: 🚨 Eskalasi") == 1
