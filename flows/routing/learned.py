"""What routing learns from staff's corrections: per-agency terms with weights, readable and
vetoable, used in scoring beside the directory (``Classifier.learned``).

The examples are the tickets staff settled (flows/desks: a verification, a disposition, a
redisposition, "Bukan wewenang" followed by a new agency): each has its words, the agency the
classifier suggested first, the agency that ended up handling it, and, when staff moved it, who
did. A *term* (one word or two adjacent words of the complaint, function words left out) is
learned for an agency when at least ``MIN_REPORTS`` corrected reports holding it went to that
agency, or were moved away from it. Its weight is the smoothed log-odds, over every settled
report holding the term, of the agency having handled it against the agency having been
suggested first::

    w(t, a) = log( (handled_a(t) + ALPHA) / (suggested_a(t) + ALPHA) )

A report staff kept where it was suggested counts on both sides, so what the directory already
gets right learns nothing; a term that corrections keep sending to an agency pulls towards it,
and one they keep taking away from an agency pulls away from it. A term pulls towards an agency
only when at least ``MIN_SHARE`` of the settled reports holding it were handled there: words that
every agency's reports use ("nomor", "kabupaten") teach nothing (measured: without that rule the
replay of the dev set lost top-1 accuracy to such words).

One person's corrections count at most ``PER_PERSON`` times for one term and agency (a flood of
corrections by one admin cannot teach alone; ``routing learned`` shows the people and the cap).
A term a person vetoed (``lapor-bot routing forget``, ``/lupakan``) is never learned again for
that agency (or for any, when vetoed for all). Examples whose agency left the directory are
skipped and counted. Nothing here reads a database: ``storage`` hands the examples in, and a
new ``Learned`` replaces the old one in the classifier as corrections arrive.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from .text import tokenize

__all__ = ["ALL", "Example", "Learned", "LearnedTerm", "terms_of"]

#: The weight of a learned term's lift in a complaint's evidence, in directory keyword units
#: (measured with benchmarks/routing_learning.py).
W_LEARNED = 1.0
#: Corrected reports a term needs before it is learned for an agency (one report teaches
#: nothing: it may be anybody's words).
MIN_REPORTS = 2
#: Corrections of one person that count for one term and agency.
PER_PERSON = 5
#: Pseudo-reports on each side of the log-odds (measured: 0.5 and 2 are no better).
ALPHA = 1.0
#: A lift below this (in absolute value) is not worth showing or using.
MIN_WEIGHT = 0.5
#: A term pulls towards an agency only when at least this share of the settled reports holding it
#: were handled there: a word every agency's reports use ("nomor", "kabupaten") teaches nothing.
MIN_SHARE = 0.3
#: Longest learned term, in words.
MAX_WORDS = 2
#: A veto for every agency.
ALL = "*"

#: Function words of Indonesian (formal and chat forms after text.tokenize) and English: they
#: say nothing about who should act.
STOPWORDS: frozenset[str] = frozenset("""
    yang dan di ke dari ini itu untuk dengan pada dalam tidak sudah belum akan ada adalah atau
    juga karena saya kami kita anda kamu mereka dia ia beliau nya kalau jika apabila agar supaya
    bisa dapat harus mohon tolong terima kasih pak bapak ibu bu mas mbak admin yth kepada sangat
    banget lebih kurang masih sedang lagi baru hanya saja jadi tapi tetapi namun bahwa oleh
    seperti sebagai setelah sebelum sampai hingga antara tentang tersebut apa siapa kapan mana
    bagaimana kenapa mengapa berapa semua setiap banyak sedikit satu dua tiga ya iya dong sih
    deh kok pun lah kah tah punya buat sama mau ingin minta sering selalu pernah telah para
    hal cara orang warga masyarakat kasus laporan lapor melaporkan pengaduan aduan keluhan
    informasi mohon segera tindak lanjut ditindaklanjuti terimakasih assalamualaikum salam
    selamat pagi siang sore malam hari tahun bulan minggu tanggal jam waktu sekarang kemarin
    besok tadi the a an of to in on for and or is are was were be been it this that with at by
    from as not no please i we you my our they he she his her their have has had do does did
""".split())


def terms_of(tokens: Sequence[str]) -> set[str]:
    """The terms a complaint's tokens hold: each word of three letters or more that is not a
    function word or a number, and each two such adjacent words."""
    keep = [t if len(t) >= 3 and t not in STOPWORDS and not t.isdigit() else None for t in tokens]
    out: set[str] = {t for t in keep if t}
    if MAX_WORDS >= 2:
        out.update(f"{a} {b}" for a, b in zip(keep, keep[1:], strict=False) if a and b)
    return out


@dataclass(frozen=True, slots=True)
class Example:
    """One settled ticket: its words, the classifier's first suggestion, the agency that handled
    it, and who moved it there (None when staff kept the suggestion)."""

    text: str
    final: str
    suggested: str | None = None
    actor: str | None = None

    @property
    def corrected(self) -> bool:
        return self.actor is not None and self.final != self.suggested


@dataclass(frozen=True, slots=True)
class LearnedTerm:
    """A term learned for (or against, weight < 0) one agency, with what it was learned from."""

    term: str
    agency: str
    weight: float
    reports: int  # corrected reports behind it (after the per-person cap)
    people: int  # distinct people who made those corrections
    capped: bool  # someone's corrections were cut to PER_PERSON
    seen: int  # settled reports that contain the term, whatever their agency

    def as_dict(self) -> dict[str, object]:
        return {"term": self.term, "agency": self.agency, "weight": round(self.weight, 2),
                "reports": self.reports, "people": self.people, "capped": self.capped, "seen": self.seen}


@dataclass
class Learned:
    """The learned terms, looked up by the classifier: term -> ((agency, weight, reports), ...)."""

    terms: dict[str, tuple[tuple[str, float, int], ...]] = field(default_factory=dict)
    listing: list[LearnedTerm] = field(default_factory=list)
    examples: int = 0
    corrections: int = 0
    skipped: int = 0  # examples whose agency is no longer in the directory
    vetoed: int = 0  # terms not learned because someone vetoed them

    @classmethod
    def build(cls, examples: Iterable[Example], agencies: Collection[str],
              vetoes: Iterable[tuple[str, str]] = (), cache: dict[str, set[str]] | None = None) -> Learned:
        """Learn from `examples` (settled tickets) for the agencies in `agencies`; `vetoes` are
        (term, agency or ALL) pairs never to learn; `cache` keeps each text's terms between
        builds (text -> terms)."""
        veto = set(vetoes)
        df: Counter[str] = Counter()  # settled examples holding the term
        handled: dict[str, Counter[str]] = defaultdict(Counter)  # term -> agency -> handled there
        suggested: dict[str, Counter[str]] = defaultdict(Counter)  # term -> agency -> suggested first
        per: dict[tuple[str, str, str], int] = Counter()  # (term, agency, person) -> corrections to it
        away: dict[tuple[str, str, str], int] = Counter()  # (term, agency, person) -> moved away from it
        n = skipped = corrections = 0
        for ex in examples:
            if ex.final not in agencies:
                skipped += 1
                continue
            terms = cache.get(ex.text) if cache is not None else None
            if terms is None:
                terms = terms_of(tokenize(ex.text))
                if cache is not None:
                    cache[ex.text] = terms
            if not terms:
                continue
            n += 1
            corrected = ex.corrected
            corrections += corrected
            for term in terms:
                df[term] += 1
                handled[term][ex.final] += 1
                if ex.suggested is not None:
                    suggested[term][ex.suggested] += 1
                if corrected:
                    assert ex.actor is not None
                    per[term, ex.final, ex.actor] += 1
                    if ex.suggested in agencies and ex.suggested is not None:
                        away[term, ex.suggested, ex.actor] += 1

        def support(counts: dict[tuple[str, str, str], int]) -> dict[tuple[str, str], list[int]]:
            """(term, agency) -> [reports after the cap, people, reports cut by the cap]."""
            out: dict[tuple[str, str], list[int]] = {}
            for (term, agency, _person), c in counts.items():
                slot = out.setdefault((term, agency), [0, 0, 0])
                slot[0] += min(c, PER_PERSON)
                slot[1] += 1
                slot[2] += max(0, c - PER_PERSON)
            return out

        learned = cls(examples=n, corrections=corrections, skipped=skipped)
        if not n:
            return learned
        table: dict[str, list[tuple[str, float, int]]] = defaultdict(list)
        towards = support(per)
        for (term, agency), (reports, people, _cut) in [*towards.items(), *support(away).items()]:
            if reports < MIN_REPORTS:
                continue
            if (term, agency) in veto or (term, ALL) in veto:
                learned.vetoed += 1
                continue
            if any(a == agency for a, _w, _r in table.get(term, ())):
                continue  # corrected both to and away from it: the log-odds gave its sign once
            # One person's corrections beyond PER_PERSON do not count; the rest fully.
            cut = towards.get((term, agency), [0, 0, 0])[2]
            w = math.log((handled[term][agency] - cut + ALPHA) / (suggested[term][agency] + ALPHA))
            if abs(w) < MIN_WEIGHT or (w > 0 and handled[term][agency] - cut < MIN_SHARE * (df[term] - cut)):
                continue
            table[term].append((agency, w, reports))
            learned.listing.append(LearnedTerm(term, agency, w, reports, people, cut > 0, df[term]))
        learned.terms = {t: tuple(v) for t, v in table.items()}
        learned.listing.sort(key=lambda x: (x.agency, -x.weight, x.term))
        return learned

    def __len__(self) -> int:
        return len(self.listing)

    def evidence(self, tokens: Sequence[str]) -> dict[str, list[tuple[str, float, int]]]:
        """agency -> [(term, weight, reports), ...] for the learned terms in a complaint."""
        out: dict[str, list[tuple[str, float, int]]] = {}
        if not self.terms:
            return out
        for term in terms_of(tokens):
            for agency, w, reports in self.terms.get(term, ()):
                out.setdefault(agency, []).append((term, w, reports))
        return out
