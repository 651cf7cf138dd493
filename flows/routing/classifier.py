"""Rank the agencies a complaint may belong to by the directory terms it contains.

How it works:

1. ``tokenize`` (``text.py``) brings complaints and directory terms into one
   form: lowercase, no accents or punctuation, chat abbreviations expanded.
2. A token the directory does not know is read as a word it does know when
   it is a plausible misspelling of it (``spelling.py``: "-nya", dropped
   vowels, one letter missing, extra or swapped inside the word).
3. Terms (names, aliases, keywords; up to several words) are found by exact
   n-gram lookup on the corrected tokens, pruned by a prefix set; a joined
   form ("satpolpp") and the start of an @handle/#hashtag ("@dishubkotasmg")
   match too.  A match inside a longer match is dropped ("bpjs" inside "bpjs
   ketenagakerjaan", "polisi" inside "polisi tidur").
4. Each agency's evidence is a weighted sum: an explicit mention (name or
   alias) weighs ``W_ALIAS``, a keyword ``W_KEYWORD`` (``W_KEYWORD_MULTI``
   for multi-word keywords, less for address words like "kecamatan"), a
   keyword claimed by several agencies is split between them, a corrected
   token is scaled by its similarity, repeats add a little, and a match in the
   first ``LEAD_TOKENS`` tokens (the title / first sentence) counts
   ``LEAD_BONUS`` times.  The sum maps to a 0-100 score:
   ``100 * (1 - exp(-raw / SCORE_SCALE))``.

The weights below were chosen by measurement on the LAPOR! dev set with
benchmarks/routing_accuracy.py (accuracy was flat around the chosen values;
see the comments at each constant).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..directory import Agency, Directory
from .learned import W_LEARNED, Learned
from .spelling import Speller
from .text import tokenize

__all__ = ["Candidate", "Classifier"]

# ---------------------------------------------------------------------------
# Evidence weights (chosen by measurement, see module docstring)
# ---------------------------------------------------------------------------

W_ALIAS = 3.0  # explicit mention: the agency's name or one of its aliases (4 and 6 measured worse)
W_KEYWORD = 1.0  # a one-word domain keyword
W_KEYWORD_MULTI = 1.6  # a multi-word domain keyword ("jalan berlubang")
#: A keyword claimed by n agencies gives each weight / n ** SHARE_EXPONENT
#: (0.5 measured the same as 1.0).
SHARE_EXPONENT = 1.0
#: Diminishing returns: an agency's k-th strongest term (k = 0, 1, ...)
#: counts DECAY ** k of its weight.  Measured: 0.7 cost ~1.5 points of top-1,
#: so evidence simply adds up.
DECAY = 1.0
#: One-word terms that mostly occur in addresses ("Kec. X, Kel. Y, RT 3")
#: weigh this much less.
ADDRESS_WORDS: frozenset[str] = frozenset(
    {"kecamatan", "kelurahan", "desa", "dusun", "kabupaten", "kota", "provinsi", "rt", "rw",
     "gang", "kampung", "perumahan", "lingkungan"}
)
ADDRESS_FACTOR = 0.5
#: Each repeat of the same term adds this fraction (at most REPEAT_CAP repeats).
REPEAT_BONUS = 0.25
REPEAT_CAP = 2
#: Matches among the first LEAD_TOKENS tokens (the title, or the first
#: sentence of a chat message) weigh LEAD_BONUS times more (measured: 1.0 ->
#: 2.0 raised top-1 by ~2.5 points; 2.5 is no better).
LEAD_TOKENS = 12
LEAD_BONUS = 2.0
#: score = 100 * (1 - exp(-raw / SCORE_SCALE))
SCORE_SCALE = 4.0
#: confident(): the best candidate must reach CONFIDENT_SCORE and lead the
#: second by CONFIDENT_MARGIN points.  Measured on the dev set, the margin is
#: what separates right from wrong: (40, 15) keeps ~76% of reports at ~90%
#: top-1 precision (margin 0: 93% at 85%; margin 20: 70% at 92%); the rest
#: (~59% right) go straight to the citizen's choice.
CONFIDENT_SCORE = 40.0
CONFIDENT_MARGIN = 15.0


#: Kinds of body that answer for their own staff: an integrity complaint about them stays there.
OWN_ANSWER: frozenset[str] = frozenset({"vertical", "bumd"})
#: How far ahead of the body concerned the overseer goes for an integrity complaint (raw units).
INTEGRITY_LEAD = 1.0

_HANDLE_RE = re.compile(r"[@#]([a-z][a-z0-9_]{4,})")


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One agency the complaint may belong to."""

    code: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    score: float  # 0-100
    matched: list[str] = field(default_factory=list)  # why: the words that led here
    #: the matched words that were learned from staff's corrections, with how many corrected
    #: reports taught each (flows/routing/learned.py); also in `matched`
    learned: tuple[tuple[str, int], ...] = ()
    #: "the kecamatan where it happened" (the directory's generic entry): never an agency to offer
    generic: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "score": self.score,
            "matched": list(self.matched),
            "learned": [list(x) for x in self.learned],
            "generic": self.generic,
        }


@dataclass(frozen=True)
class _Entry:
    agency: int  # index into Classifier._agencies
    weight: float
    display: str  # the directory's own spelling of the term
    explicit: bool


#: One agency's scored evidence: (raw, agency index, matched words, learned terms).
_Scored = tuple[float, int, list[str], tuple[tuple[str, int], ...]]

#: A term found in a complaint: (start, end, term key, similarity, surface
#: text).  A plain tuple because the matcher builds many per complaint.
_Match = tuple[int, int, str, float, str]


@dataclass(slots=True)
class _Evidence:
    """What one term says for one agency in one complaint."""

    weight: float  # of its strongest occurrence
    count: int  # occurrences
    surface: str  # the complaint's words at the strongest occurrence
    display: str  # the directory's own spelling of the term
    sim: float  # similarity at the strongest occurrence
    key: str  # the normalised term


# ---------------------------------------------------------------------------
# Classifier
# ---------------------------------------------------------------------------


class Classifier:
    """Keyword/alias matcher over a Directory; build once, classify many."""

    def __init__(self, directory: Directory, learned: Learned | None = None) -> None:
        self.directory = directory
        self._agencies: list[Agency] = list(directory.agencies)
        self._index = {a.code: i for i, a in enumerate(self._agencies)}
        # agency index -> its integrity terms (normalised), for the precedence rule
        self._integrity: dict[int, frozenset[str]] = {
            i: frozenset(" ".join(tokenize(t)) for t in a.integrity) for i, a in enumerate(self._agencies)
            if a.integrity}
        self._generic = frozenset(i for i, a in enumerate(self._agencies) if a.generic)
        self._kinds = [a.kind for a in self._agencies]
        #: What staff's corrections taught (replaced whole as corrections arrive).
        self.learned = learned or Learned()
        self.w_learned = W_LEARNED
        # normalised term -> {agency index -> (weight, display, explicit)}
        raw: dict[str, dict[int, tuple[float, str, bool]]] = {}
        for idx, agency in enumerate(self._agencies):
            # A kecamatan's name ("Kecamatan Lengkiti") is mostly a place in an
            # address, so it weighs like a keyword; other names are mentions.
            name_explicit = agency.kind != "kecamatan"
            terms: list[tuple[str, bool]] = [(agency.name, name_explicit)]
            terms += [(a, True) for a in agency.aliases]
            terms += [(k, False) for k in agency.all_keywords]
            for display, explicit in terms:
                toks = tokenize(display)
                if not toks:
                    continue
                key = " ".join(toks)
                if explicit:
                    w = W_ALIAS
                elif len(toks) > 1:
                    w = W_KEYWORD_MULTI
                else:
                    w = W_KEYWORD * (ADDRESS_FACTOR if key in ADDRESS_WORDS else 1.0)
                slot = raw.setdefault(key, {})
                prev = slot.get(idx)
                if prev is None or w > prev[0]:
                    slot[idx] = (w, display, explicit)

        self._terms: dict[str, tuple[_Entry, ...]] = {}
        for key, owners in raw.items():
            # A keyword claimed by several agencies is split between them; an
            # explicit mention shared by a few ("bpjs") keeps its full weight
            # for each: it still says "one of these", and outranks keywords.
            share = len(owners) ** SHARE_EXPONENT
            self._terms[key] = tuple(
                _Entry(i, w if expl else w / share, disp, expl)
                for i, (w, disp, expl) in owners.items()
            )

        # Joined forms of multi-word terms ("satpol pp" -> "satpolpp").
        self._joined: dict[str, str] = {}
        for key in self._terms:
            if " " in key:
                j = key.replace(" ", "")
                if j not in self._terms and len(j) >= 4:
                    self._joined.setdefault(j, key)

        # Social-media handles and hashtags name agencies run together
        # ("@dishubkotasmg", "#bpjskesehatan"): explicit terms, joined.
        self._handle_terms: dict[str, str] = {}
        for key, entries in self._terms.items():
            if any(e.explicit for e in entries):
                j = key.replace(" ", "")
                if len(j) >= 4 and j.isalpha():
                    self._handle_terms.setdefault(j, key)
        self._handle_max = max((len(j) for j in self._handle_terms), default=0)

        self._prefixes: set[str] = set()
        self._max_len = 1
        vocab: set[str] = set()
        for key in self._terms:
            toks = key.split(" ")
            vocab.update(toks)
            self._max_len = max(self._max_len, len(toks))
            for n in range(1, len(toks)):
                self._prefixes.add(" ".join(toks[:n]))
        spell_targets = frozenset(vocab)  # joined forms are matched exactly only
        vocab.update(self._joined)
        self._vocab = frozenset(vocab)
        self._speller = Speller(self._vocab, spell_targets)
        # The benchmark clears this to time classification without the cache.
        self._fix_cache = self._speller.cache

    # -- matching -----------------------------------------------------------

    def _matches(self, toks: list[str]) -> list[_Match]:
        """(start, end, term key, similarity, surface text) of every term found."""
        vocab = self._vocab
        correct = self._speller.correct
        ctoks: list[str | None] = []
        sims: list[float] = []
        for t in toks:
            if t in vocab:
                ctoks.append(t)
                sims.append(100.0)
            else:
                fix = correct(t)
                if fix is None:
                    ctoks.append(None)
                    sims.append(0.0)
                else:
                    ctoks.append(fix[0])
                    sims.append(fix[1])

        terms = self._terms
        prefixes = self._prefixes
        max_len = self._max_len
        found: list[_Match] = []
        n_tok = len(toks)
        for i in range(n_tok):
            first = ctoks[i]
            if first is None:
                continue
            key = first
            sim = sims[i]
            j = i
            while True:
                if key in terms:
                    found.append((i, j + 1, key, sim, " ".join(toks[i:j + 1])))
                if key not in prefixes or j + 1 >= n_tok or j + 1 - i >= max_len:
                    break
                j += 1
                nxt = ctoks[j]
                if nxt is None:
                    break
                key = key + " " + nxt
                sim = min(sim, sims[j])
            if i + 1 < n_tok and len(toks[i]) >= 2 and len(toks[i + 1]) >= 2:
                joined = toks[i] + toks[i + 1]
                target = self._joined.get(joined)
                if target is None and joined in terms:
                    target = joined
                if target is not None and len(joined) >= 5 and not (
                    found and found[-1][0] == i and found[-1][1] >= i + 2
                ):
                    found.append((i, i + 2, target, 100.0, toks[i] + " " + toks[i + 1]))
        if len(found) < 2:
            return found
        # Drop a match that lies inside a longer match.
        found.sort(key=lambda m: (m[0] - m[1], m[0]))
        kept: list[_Match] = []
        for m in found:
            s, e = m[0], m[1]
            inside = False
            for k in kept:
                if k[0] <= s and e <= k[1] and (k[1] - k[0]) > (e - s):
                    inside = True
                    break
            if not inside:
                kept.append(m)
        return kept

    def _handle_matches(self, text: str) -> list[_Match]:
        """Agencies named at the start of an @handle or #hashtag."""
        out: list[_Match] = []
        if "@" not in text and "#" not in text:
            return out
        for m in _HANDLE_RE.finditer(text.lower()):
            handle = m.group(1).replace("_", "")
            for n in range(min(len(handle), self._handle_max), 3, -1):
                key = self._handle_terms.get(handle[:n])
                if key is not None:
                    # position: outside the lead (a handle is a side channel)
                    out.append((LEAD_TOKENS, LEAD_TOKENS, key, 100.0, "@" + m.group(1)))
                    break
        return out

    def classify(self, text: str, top: int = 3) -> list[Candidate]:
        """The `top` most likely agencies, best first; [] when nothing matches."""
        if top <= 0:
            return []
        toks = tokenize(text)
        if not toks:
            return []
        found = self._matches(toks)
        found += self._handle_matches(text)
        taught = self.learned.evidence(toks)
        if not found and not taught:
            return []

        # agency index -> term key -> evidence
        per_agency: dict[int, dict[str, _Evidence]] = {}
        for start, _end, key, sim, surface in found:
            lead = LEAD_BONUS if start < LEAD_TOKENS else 1.0
            factor = (sim / 100.0) * lead
            for entry in self._terms[key]:
                slot = per_agency.setdefault(entry.agency, {})
                cur = slot.get(key)
                w = entry.weight * factor
                if cur is None:
                    slot[key] = _Evidence(w, 1, surface, entry.display, sim, key)
                else:
                    cur.count += 1
                    if w > cur.weight:
                        cur.weight = w
                        cur.surface = surface
                        cur.sim = sim

        lifts: dict[int, list[tuple[str, float, int]]] = {}
        for code, terms in taught.items():
            idx = self._index.get(code)
            if idx is not None:
                lifts[idx] = terms
                per_agency.setdefault(idx, {})

        scored: list[_Scored] = []
        for idx, slot in per_agency.items():
            raw = 0.0
            items = sorted(slot.values(), key=lambda v: -v.weight)
            decay = 1.0
            for ev in items:
                raw += decay * ev.weight * (1.0 + REPEAT_BONUS * min(ev.count - 1, REPEAT_CAP))
                decay *= DECAY
            matched: list[str] = []
            for ev in items:
                label = ev.display.lower()
                if ev.sim < 100.0 or ev.surface != ev.key:
                    label = f"{ev.surface} (~{ev.display.lower()})"
                if label not in matched:
                    matched.append(label)
            learned: list[tuple[str, int]] = []
            for term, w, reports in sorted(lifts.get(idx, ()), key=lambda x: -x[1]):
                raw += self.w_learned * w
                if w > 0:
                    learned.append((term, reports))
                    if term not in matched:
                        matched.append(term)
            if raw > 0:
                scored.append((raw, idx, matched, tuple(learned)))
        integrity = {i for i, keys in self._integrity.items() if keys & per_agency.get(i, {}).keys()}
        if self._generic or integrity:
            scored = self._precedence(scored, integrity)

        scored.sort(key=lambda x: (-x[0], x[1]))
        out: list[Candidate] = []
        for raw, idx, matched, learned_terms in scored[:top]:
            a = self._agencies[idx]
            score = round(100.0 * (1.0 - math.exp(-raw / SCORE_SCALE)), 1)
            out.append(
                Candidate(
                    code=a.code,
                    name=a.name,
                    aliases=tuple(a.aliases),
                    kind=a.kind,
                    score=score,
                    matched=matched,
                    learned=learned_terms,
                    generic=idx in self._generic,
                )
            )
        return out

    def _precedence(self, scored: list[_Scored], integrity: set[int]) -> list[_Scored]:
        """The directory's two rules of who comes first:

        - the generic kecamatan's evidence goes to the kecamatan the complaint names (the one
          with the most evidence of its own), and the generic entry then leaves;
        - an overseer (the Inspektorat) whose integrity words matched comes first when the body
          concerned, the best other candidate, is the regency's own (or there is none), and
          leaves when it is a vertical office or a BUMD.
        """
        kinds = self._kinds
        generic = [x for x in scored if x[1] in self._generic]
        named = sorted((x for x in scored if kinds[x[1]] == "kecamatan" and x[1] not in self._generic),
                       key=lambda x: -x[0])
        if generic and named:
            raw, idx, matched, learned = named[0]
            for g in generic:
                raw += g[0]
                matched = matched + [m for m in g[2] if m not in matched]
            scored = [x for x in scored if x[1] not in self._generic and x[1] != idx]
            scored.append((raw, idx, matched, learned))
        for i in integrity:
            mine = next((x for x in scored if x[1] == i), None)
            if mine is None:
                continue
            others = sorted((x for x in scored if x[1] != i), key=lambda x: -x[0])
            rest = [x for x in scored if x[1] != i]
            if others and kinds[others[0][1]] in OWN_ANSWER:
                scored = rest
            else:
                lead = others[0][0] + INTEGRITY_LEAD if others else 0.0
                scored = [*rest, (max(mine[0], lead), i, mine[2], mine[3])]
        return scored

    @staticmethod
    def confident(candidates: Sequence[Candidate]) -> bool:
        """True when the best candidate is clear enough to propose it alone;
        False means the bot should ask the citizen to choose."""
        if not candidates:
            return False
        best = candidates[0].score
        if best < CONFIDENT_SCORE:
            return False
        second = candidates[1].score if len(candidates) > 1 else 0.0
        return best - second >= CONFIDENT_MARGIN
