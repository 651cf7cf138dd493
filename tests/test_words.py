"""Typed answers where a button is offered (flows/intake/words.py): informal Indonesian and
English, stretched letters and one-letter typos, without turning words of a story into commands."""

import pytest

from flows.intake.words import done, meaning, normal, skips, yes_no


@pytest.mark.parametrize("typed", ["ya", "Ya!", "iya", "iyaa", "iyaaa", "yoi", "ok", "oke", "okk", "sip", "sipp",
                                   "yes", "yep", "sure", "boleh", "Iya pak", "ya deh", "setujuu"])
def test_yes(typed):
    assert yes_no(typed) is True


@pytest.mark.parametrize("typed", ["gk", "g", "ga", "gaa", "ndak", "enggak", "nggak", "tdk", "tidak", "Tidak.",
                                   "no", "nope", "tidka", "gak mau", "ga usah", "gausah", "nggak usah", "skip"])
def test_no(typed):
    assert yes_no(typed) is False


@pytest.mark.parametrize("typed", ["lewati", "skip", "gk", "tidak", "ga ada", "gak ada", "tdk ada", "ga usah",
                                   "gausah deh", "nggak usah", "kosong", "-", "Lewatii"])
def test_skip_an_optional_step(typed):
    assert skips(typed)


@pytest.mark.parametrize("typed", ["lanjut", "Lanjut!", "sudah", "udah", "sdh", "selesai", "done", "udah itu aja",
                                   "itu aja", "cukup", "ya udah", "next"])
def test_done_with_the_story(typed):
    assert done(typed) or meaning(typed) == "skip"


@pytest.mark.parametrize("typed", ["susah", "sudah tiga hari gelap", "lampu mati", "ya ampun pak", "gelap",
                                   "iya jalannya rusak parah", "Pasar Baturaja", "tidak ada lampu sama sekali"])
def test_words_of_a_story_or_a_place_are_no_answer(typed):
    assert not done(typed) and not skips(typed) and yes_no(typed) is None


def test_normal_folds_punctuation_stretching_and_fillers():
    assert normal("Gak usah deh!!") == "gak usah" and normal("Iyaaa...") == "iya" and normal("iya pak") == "iya"


def test_greetings_and_thanks_are_told_from_reports():
    from flows.intake.home import is_greeting, is_thanks
    for text in ("halo", "Selamat pagi pak", "assalamualaikum wr wb", "permisi min", "hi"):
        assert is_greeting(text), text
    for text in ("??", "halo jalan di depan rumah saya rusak", "pak lampu mati", "ok"):
        assert not is_greeting(text), text
    for text in ("makasih ya pak 🙏", "terima kasih banyak", "thanks", "ok"):
        assert is_thanks(text), text
    assert not is_thanks("terima kasih, tapi jalannya belum diperbaiki")
