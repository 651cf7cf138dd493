"""Working with a citizen's story as they write it: a title proposed from the story itself.

Citizens often start with a greeting and write one long message instead of a title and a story;
the form keeps what they wrote as the story and proposes a short title from its first sentence.
"""

from __future__ import annotations

import re

TITLE_TARGET = 80  # a proposed title stays well under the form's 150-character limit
# Openings that say nothing about the problem: greetings, politeness, "saya mau lapor".
_OPENING = re.compile(
    r"^(?:(?:assalamu'?alaikum(?:\s+wr\.?\s*wb\.?)?|asw|ass?ww?|salam|halo+|hallo+|hai|hi|hello|"
    r"selamat\s+(?:pagi|siang|sore|malam)|slmt\s+(?:pagi|siang|sore|malam)|pagi|siang|sore|malam|"
    r"permisi|maaf|mohon\s+maaf|mhn\s+maaf|good\s+(?:morning|afternoon|evening)|"
    r"pak|bu|bapak|ibu|min|admin|kak|mas|mbak|bang|sir|madam|"
    r"(?:sa?ya?|sy|aku|i)\s+(?:mau|ingin|pengen|pgn|mo|would\s+like\s+to|want\s+to)\s+"
    r"(?:lapor|melapor|melaporkan|mengadu|report|complain)(?:kan)?|"
    r"(?:mau|ingin|mo)\s+(?:lapor|melapor|mengadu)|izin\s+(?:lapor|melapor))"
    r"[\s,.!:;-]*)+",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def suggest_title(story: str, target: int = TITLE_TARGET, min_len: int = 10) -> str | None:
    """A short title for a story: its first sentence after any greeting, cut at a word boundary
    near `target` characters. None when nothing of `min_len` characters is left."""
    text = " ".join(story.split())
    rest = _OPENING.sub("", text, count=1).strip()
    first = next((s.strip(" ,;:-") for s in _SENTENCE_END.split(rest) if len(s.strip()) >= min_len),
                 rest.strip(" ,;:-"))
    if not first:
        return None
    if len(first) > target:
        cut = first[:target + 1]
        space = cut.rfind(" ")
        first = (cut[:space] if space >= target // 2 else cut[:target]).rstrip(" ,;:-.") + "…"
    first = first.rstrip(".")
    if len(first) < min_len:
        return None
    return first[0].upper() + first[1:]
