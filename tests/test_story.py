"""Titles proposed from a citizen's story (flows/intake/story.py)."""

from __future__ import annotations

import pytest

from flows.intake.story import TITLE_TARGET, suggest_title


@pytest.mark.parametrize(("story", "title"), [
    ("selamat pagi pak, sy mau lapor jalan di depan SD 5 rusak parah sudah 2 bulan. kemarin ada yg jatuh",
     "Jalan di depan SD 5 rusak parah sudah 2 bulan"),
    ("Sampah tidak diangkut", "Sampah tidak diangkut"),
    ("Good morning, I want to report garbage not collected in Sukajadi for two weeks now",
     "Garbage not collected in Sukajadi for two weeks now"),
])
def test_a_title_is_the_first_sentence_after_the_greeting(story, title):
    assert suggest_title(story) == title


def test_a_long_sentence_is_cut_at_a_word_and_marked():
    story = ("Assalamualaikum wr wb. Lampu jalan di jln lintas sumatera km 5 mati sejak seminggu, "
             "gelap sekali kalau malam dan rawan begal")
    title = suggest_title(story)
    assert title is not None and title.startswith("Lampu jalan di jln lintas sumatera")
    assert title.endswith("…") and len(title) <= TITLE_TARGET + 1
    assert not title[:-1].endswith(" ")


def test_a_greeting_alone_has_no_title():
    assert suggest_title("halo") is None
    assert suggest_title("selamat pagi pak") is None
