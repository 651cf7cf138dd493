"""Is a new report the same problem as one already reported? (issue 14, similar reports)

The same pothole or the same dark street light is reported by many citizens. Two reports are
*similar* when all of these hold:

- the same agency would handle them (routing's answer for the new one, the ticket's for the old);
- neither is rahasia (confidential): a confidential report is shown to nobody else;
- the old one is open, or was closed or answered within ``days``;
- they are at the same place: both map pins within ``meters``, or the two locations (the
  location step's words) name the same street, desa or kelurahan (most of the shorter one's
  place words are in the other: `place_overlap`); or the same citizen sent
  both (sending the same question twice needs no place);
- their words are alike: rapidfuzz's token-set ratio of the complaints' content words (function
  words and numbers left out, see flows/routing/learned.py) is at least ``min_text``.

The place is what keeps personal cases apart: many citizens ask the same question about their
own BPJS card or KTP in the same words, and those are separate reports; a shared problem is
somewhere. Nothing here reads a database or Telegram: storage hands the recent tickets in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache

from rapidfuzz import fuzz

from .learned import STOPWORDS
from .text import tokenize

__all__ = ["Match", "Probe", "SimilarConfig", "alike", "find", "meters_between", "nearby", "pairs", "place_words"]

#: Words of a location that name no place by themselves.
PLACE_STOPWORDS: frozenset[str] = frozenset("""
    jalan jl jln gang gg lorong lr rt rw no nomor blok depan dekat samping belakang seberang
    sebelah ujung pojok simpang pertigaan perempatan arah menuju kota kabupaten kab kecamatan kec
    kelurahan kel desa ds dusun dsn kampung kp komplek perumahan perum raya lingkungan wilayah
    daerah sekitar area kawasan baturaja oku ogan komering ulu sumatera selatan sumsel indonesia
    street road near village district city
""".split()) | STOPWORDS


@dataclass(frozen=True, slots=True)
class SimilarConfig:
    days: int = 30  # SIMILAR_DAYS: how long a closed report is still "the same problem"
    meters: float = 300.0  # SIMILAR_METERS: two pins this close are the same place
    min_text: float = 50.0  # token-set ratio of the content words, 0-100 (benchmarks/routing_duplicates.py)
    min_place: float = 0.6  # share of the shorter place's words the other names too
    limit: int = 3  # shown at most


@dataclass(slots=True)  # not frozen: storage builds hundreds per sending, and frozen ones cost 3x
class Probe:
    """A report as the comparison sees it (a new one has id 0 and no number yet)."""

    id: int
    number: str
    agency: str | None
    text: str
    place: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    status: str = "new"
    confidential: bool = False
    settled_at: datetime | None = None  # when it was closed or answered (None: still open)
    citizen: int | None = None  # whose: a citizen's own earlier report needs no place


@dataclass(frozen=True, slots=True)
class Match:
    probe: Probe
    score: float  # the text ratio
    where: str  # "pin" (within meters), "place" (the same named place) or "own" (the same citizen's)
    shared: tuple[str, ...]  # content words both hold, the new report's own words: what to show


_HANDLE = re.compile(r"[@#][\w.]+")


@lru_cache(maxsize=1024)  # the recent tickets' texts, compared at every sending
def content_words(text: str) -> tuple[str, ...]:
    """The words that say what the problem is: no function words, numbers or @handles and
    #hashtags (everyone writing to the same account shares those)."""
    text = _HANDLE.sub(" ", text)
    return tuple(t for t in tokenize(text) if len(t) >= 3 and t not in STOPWORDS and not t.isdigit())


@lru_cache(maxsize=4096)
def place_words(text: str | None) -> str:
    """The words of a location that name a place ("jl. ahmad yani no 5, sukaraya" -> "ahmad yani sukaraya")."""
    if not text:
        return ""
    return " ".join(t for t in tokenize(text) if len(t) >= 3 and t not in PLACE_STOPWORDS and not t.isdigit())


def meters_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6_371_000.0 * math.asin(min(1.0, math.sqrt(h)))


def _same_place(new: Probe, old: Probe, config: SimilarConfig) -> str | None:
    if None not in (new.latitude, new.longitude, old.latitude, old.longitude):
        a = (float(new.latitude or 0), float(new.longitude or 0))
        b = (float(old.latitude or 0), float(old.longitude or 0))
        return "pin" if meters_between(a, b) <= config.meters else None
    here, there = place_words(new.place).split(), place_words(old.place).split()
    if not here or not there:
        return None
    return "place" if place_overlap(here, there) >= config.min_place else None


def place_overlap(a: Sequence[str], b: Sequence[str]) -> float:
    """The share of the shorter place's words that the other names too (a word spelt within
    rapidfuzz ratio 88 counts): "ahmad yani sukaraya" and "pasar ahmad yani" share 2 of 3."""
    small, big = sorted((set(a), set(b)), key=len)
    hit = sum(1 for w in small if w in big or any(fuzz.ratio(w, x) >= 88 for x in big))
    return hit / len(small)


def nearby(new: Probe, recent: Iterable[Probe], now: datetime,
           config: SimilarConfig | None = None) -> list[tuple[Probe, str]]:
    """The recent reports that could repeat `new` by everything but their words (agency, not
    confidential or archived, the time window, the place or the same citizen), with how they
    are at the same place: storage then reads only these reports' words."""
    config = config or SimilarConfig()
    if new.confidential or new.agency is None:
        return []
    since = now - timedelta(days=config.days)
    out: list[tuple[Probe, str]] = []
    for old in recent:
        if old.id == new.id or old.confidential or old.agency != new.agency or old.status == "archived":
            continue
        if old.settled_at is not None and old.settled_at < since:
            continue
        own = new.citizen is not None and new.citizen == old.citizen
        where = "own" if own else _same_place(new, old, config)
        if where is not None:
            out.append((old, where))
    return out


def find(new: Probe, recent: Iterable[Probe], now: datetime, config: SimilarConfig | None = None) -> list[Match]:
    """The recent reports that are the same problem as `new`, most alike first."""
    config = config or SimilarConfig()
    return alike(new, nearby(new, recent, now, config), config)


def alike(new: Probe, near: Iterable[tuple[Probe, str]], config: SimilarConfig) -> list[Match]:
    """Of the reports `nearby` found, those whose words are alike, most alike first."""
    mine = content_words(new.text)
    if not mine:
        return []
    mine_text = " ".join(mine)
    out: list[Match] = []
    for old, where in near:
        theirs = content_words(old.text)
        score = fuzz.token_set_ratio(mine_text, " ".join(theirs))
        if score < config.min_text:
            continue
        common = set(theirs)
        shared = tuple(dict.fromkeys(w for w in mine if w in common))
        out.append(Match(old, float(score), where, shared[:6]))
    out.sort(key=lambda m: (-m.score, -m.probe.id))
    return out[: config.limit]


def pairs(reports: Sequence[Probe], now: datetime, config: SimilarConfig | None = None) -> set[tuple[int, int]]:
    """Every pair (older id, newer id) that `find` would suggest, each report against the earlier
    ones (as they arrive): what the benchmark measures."""
    config = config or SimilarConfig()
    out: set[tuple[int, int]] = set()
    for i, new in enumerate(reports):
        for m in find(new, reports[:i], now, replace(config, limit=len(reports))):
            out.add((m.probe.id, new.id))
    return out
