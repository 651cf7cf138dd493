"""Words citizens type instead of pressing a button, by what they mean.

Citizens write informally ("gk", "ga usah", "iyaa", "yoi") and with typos, in Indonesian or
English. `normal` folds a typed answer to one comparable form (lower case, punctuation and
stretched letters gone: "Iyaaa!!" -> "iya"), and `meaning` reads it as yes / no / skip / done,
tolerating one wrong letter in words of five letters or more (shorter words are too close to
each other: "ga" and "ya" differ by one letter and mean the opposite).
"""

from __future__ import annotations

import re
from typing import Literal

from rapidfuzz.distance import OSA

Meaning = Literal["yes", "no", "skip", "done"]

YES_WORDS = {"ya", "y", "iya", "iy", "yes", "yup", "yep", "yoi", "ok", "oke", "okey", "okay", "sip",
             "boleh", "setuju", "sure", "betul", "benar", "bener", "mau", "siap", "yeah", "yah", "ho oh"}
NO_WORDS = {"tidak", "tdk", "tak", "gak", "gk", "g", "ga", "nggak", "ngga", "enggak", "engga", "ndak", "nda",
            "no", "n", "nope", "jangan", "bukan", "tidak mau", "gak mau", "ga mau", "nah", "not"}
# "No" to an optional step is "skip"; these say so outright.
SKIP_WORDS = {"lewati", "lewat", "skip", "tidak ada", "tdk ada", "gak ada", "ga ada", "gk ada", "g ada",
              "nggak ada", "enggak ada", "ndak ada", "ga usah", "gausah", "gak usah", "gk usah", "nggak usah",
              "ngga usah", "tidak usah", "tdk usah", "ndak usah", "kosong", "none", "nothing", "-",
              "no thanks", "tidak perlu", "gak perlu", "ga perlu", "nanti saja"}
DONE_WORDS = {"selesai", "done", "sudah", "sdh", "udah", "dah", "cukup", "lanjut", "lanjutkan", "next",
              "itu saja", "itu aja", "itu", "udah itu", "sudah itu", "gitu", "segitu", "udah gitu",
              "finish", "finished", "continue", "that's all", "thats all"}
# Typed answers to a choice step, by the step's field.
CHOICE_WORDS: dict[str, dict[str, str]] = {
    "report_type": {
        "pengaduan": "pengaduan", "aduan": "pengaduan", "keluhan": "pengaduan", "complaint": "pengaduan",
        "1": "pengaduan", "aspirasi": "aspirasi", "saran": "aspirasi", "usulan": "aspirasi",
        "suggestion": "aspirasi", "2": "aspirasi", "informasi": "informasi", "info": "informasi",
        "permintaan informasi": "informasi", "information": "informasi", "3": "informasi",
    },
}

_NOT_WORD = re.compile(r"[^\w\s'-]+")
_STRETCHED = re.compile(r"(\w)\1{2,}")  # "iyaaa" -> "iya", "gkkk" -> "gk"
_DOUBLED_END = re.compile(r"(\w)\1$")  # "iyaa" -> "iya", "okk" -> "ok"
_TRAILING = re.compile(r"(?:\s+(?:aja|saja|deh|dong|kok|kak|pak|bu|min|sih|lah|ya|yah|please|thanks))+$")
_LEADING = re.compile(r"^(?:ya|yah|ok|oh|eh|hmm|well)\s+")


def normal(text: str) -> str:
    """A typed answer folded for comparing: "Gak usah deh!!" -> "gak usah"."""
    s = " ".join(_NOT_WORD.sub(" ", text.lower()).split())
    s = _STRETCHED.sub(r"\1", s)
    return _TRAILING.sub("", s) or s


def _close(word: str, words: set[str], fuzzy: bool) -> bool:
    if word in words or _DOUBLED_END.sub(r"\1", word) in words:
        return True
    return fuzzy and len(word) >= 5 and any(len(w) >= 5 and OSA.distance(word, w) <= 1 for w in words)


def meaning(text: str, fuzzy: bool = True) -> Meaning | None:
    """What a typed answer means for a yes/no, skip or done button, if it is one of those.
    `fuzzy=False` where a story is being written: "susah" is one letter from "sudah" and is a
    word of the story, not the end of it."""
    word = normal(text)
    if not word or len(word) > 24:
        return None
    for candidate in (word, _LEADING.sub("", word)):  # "ya udah", "ok lanjut": the second word says it
        for name, words in (("skip", SKIP_WORDS), ("done", DONE_WORDS), ("no", NO_WORDS), ("yes", YES_WORDS)):
            if _close(candidate, words, fuzzy):
                return name  # type: ignore[return-value]
    return None


def yes_no(text: str) -> bool | None:
    """A typed yes (True) or no (False); "skip" counts as no: the step's safe default."""
    found = meaning(text)
    return True if found == "yes" else False if found in ("no", "skip") else None


def skips(text: str) -> bool:
    """Does the typed text decline an optional step ("gk", "ga usah", "tidak ada", "skip")?"""
    return meaning(text) in ("skip", "no")


def done(text: str) -> bool:
    """Does the typed text say "that's all, go on" ("lanjut", "udah", "selesai", "done")? Read
    exactly, without typo tolerance: it is typed among the parts of a story."""
    return meaning(text, fuzzy=False) == "done"
