"""Route a complaint to the agencies that most likely have authority over it.

Pure Python + rapidfuzz (no Telegram, no database).  How it works:

1. ``tokenize`` (``text.py``) brings complaints and directory terms into one
   form: lowercase, no accents or punctuation, chat abbreviations expanded.
2. A complaint token that is not in the directory's vocabulary is read as a
   vocabulary word when it is (a) that word + "-nya", (b) that word with
   inner vowels dropped ("bnjir", "skolah", "prkir"), or (c) a plausible typo
   of it: candidates come from a precomputed one-deletion index (cost does
   not grow with the directory), are scored with ``rapidfuzz.process.extract(
   scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)`` and must pass
   ``_plausible_typo`` (one letter missing/extra or two letters swapped,
   inside the word: "pukesmas", "menganggu", "perbaiakn").  Results are
   cached per token.
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

The constants below were chosen by measurement on the LAPOR! dev set with
benchmarks/routing_accuracy.py (accuracy was flat around the chosen values;
see the comments at each constant).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..directory import Agency, Directory
from .text import tokenize

__all__ = ["Candidate", "Classifier"]

# ---------------------------------------------------------------------------
# Tunables (chosen by measurement, see module docstring)
# ---------------------------------------------------------------------------

#: rapidfuzz fuzz.ratio (normalised Indel similarity) a misspelt token must
#: reach against a vocabulary token; the candidate must also be a plausible
#: typo (see _plausible_typo).  On the dev set, most one-edit neighbours of a
#: keyword are other real words ("bahkan"/"bahan", "pantai"/"panti",
#: "pertanyaan"/"pertanahan", "pemeriksaan"/"pemerkosaan"), so a correction is
#: only accepted for a dropped, doubled or extra letter inside the word, or two
#: swapped letters inside the word ("pukesmas", "menganggu", "kecamtan",
#: "perbaiakn"), never for a substituted letter, an edit at either end of the
#: word, or the -kan/-an suffix pair.
FUZZY_CUTOFF = 85.0
#: Tokens shorter than this are never fuzzy-matched (words of 5-6 letters
#: have too many real-word neighbours).
MIN_FUZZY_LEN = 7
#: Longer tokens (URLs, codes, pasted garbage) are never spell-corrected.
MAX_SPELL_LEN = 30
#: Chat spelling drops vowels ("bnjir", "tmpat", "skolah", "prkir"): a token
#: of 5+ letters with at most this share of vowels that equals a vocabulary
#: word minus some of its inner vowels is read as that word (when only one
#: word fits).
VOWEL_DROP_MAX_SHARE = 0.34
#: Evidence weights.
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


#: Frequent words that are never "corrected" into a keyword.
STOPWORDS: frozenset[str] = frozenset(
    """
    yang tidak sudah belum dengan karena untuk kepada tolong mohon bapak terima kasih
    sampai tetapi sangat banyak setiap selama setelah sebelum sekarang kemarin bagaimana
    kenapa mengapa apakah dimana kapan berapa sebagai adalah merupakan terhadap tersebut
    tentang seperti bahwa hingga namun masih pernah bulan tahun minggu warga orang lebih
    kurang semua tetap harus dapat hanya sendiri mereka mohon segera pihak kantor dinas
    badan laporan melapor keluhan pengaduan masyarakat daerah kabupaten provinsi
    pemerintah tindak lanjut terjadi sering selalu sudah banget kalau ketika padahal
    sedang tanggal nomor dari pada atau juga saja agar supaya bisa akan telah hanya
    begitu kemudian lalu maka oleh para setelah sejak sekitar waktu lokasi alamat
    selamat siang malam sore pagi assalamualaikum walaikumsalam terimakasih bagian
    menjadi memang mungkin bukan kami kita saya anda beliau ingin minta meminta
    menanyakan bertanya informasi mengenai perihal atas dalam luar antara sampai
    hingga sudah berbagai beberapa sebuah seorang tahunan harian bulanan segala
    """.split()
)

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

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "aliases": list(self.aliases),
            "kind": self.kind,
            "score": self.score,
            "matched": list(self.matched),
        }


@dataclass(frozen=True)
class _Entry:
    agency: int  # index into Classifier._agencies
    weight: float
    display: str  # the directory's own spelling of the term
    explicit: bool


# ---------------------------------------------------------------------------
# Classifier
# ---------------------------------------------------------------------------


def _deletes(word: str) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(len(word))]


_VOWELS = frozenset("aeiou")


def _skeleton(word: str) -> str:
    """The word without its vowels (the first letter is always kept)."""
    return word[:1] + "".join(c for c in word[1:] if c not in _VOWELS)


def _is_vowel_drop(tok: str, word: str) -> bool:
    """Is `tok` `word` with one or more vowels left out (first and last
    letters kept: an ending is a suffix, not a typo)?"""
    if len(tok) >= len(word) or tok[:1] != word[:1] or tok[-1:] != word[-1:]:
        return False
    i = 0
    for c in word:
        if i < len(tok) and tok[i] == c:
            i += 1
        elif c not in _VOWELS:
            return False
    return i == len(tok)


def _plausible_typo(tok: str, word: str) -> bool:
    """Is `tok` a plausible misspelling of `word` (not another real word)?

    Accepted: one letter missing or extra strictly inside the word (not the
    first or last letter), or two adjacent letters swapped inside the word.
    Rejected: substitutions, edits at the ends (Indonesian affixes live
    there: -i, -an, -kan, ber-/per-, meng-/peng-), and the -kan/-an pair."""
    lt, lw = len(tok), len(word)
    if abs(lt - lw) == 1:
        short, long_ = (tok, word) if lt < lw else (word, tok)
        if long_.endswith("kan") and short.endswith("an") and long_[:-3] == short[:-2]:
            return False
        n = len(long_)
        for p in range(1, n - 1):
            if long_[:p] == short[:p] and long_[p + 1:] == short[p:]:
                return True
        return False
    if lt == lw:
        diff = [i for i in range(lt) if tok[i] != word[i]]
        if len(diff) == 2 and diff[1] == diff[0] + 1 and 1 <= diff[0] and diff[1] <= lt - 2:
            i = diff[0]
            return tok[i] == word[i + 1] and tok[i + 1] == word[i]
    return False


class Classifier:
    """Keyword/alias matcher over a Directory; build once, classify many."""

    def __init__(self, directory: Directory):
        self.directory = directory
        self._agencies: list[Agency] = list(directory.agencies)
        # normalised term -> {agency index -> (weight, display, explicit)}
        raw: dict[str, dict[int, tuple[float, str, bool]]] = {}
        for idx, agency in enumerate(self._agencies):
            # A kecamatan's name ("Kecamatan Lengkiti") is mostly a place in an
            # address, so it weighs like a keyword; other names are mentions.
            name_explicit = agency.kind != "kecamatan"
            terms: list[tuple[str, bool]] = [(agency.name, name_explicit)]
            terms += [(a, True) for a in agency.aliases]
            terms += [(k, False) for k in agency.keywords]
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

        # One-deletion index for spelling correction (SymSpell-style): a vocab
        # word is found from a misspelling when they share the word itself or
        # a one-letter deletion.  rapidfuzz then scores the few candidates.
        index: dict[str, set[str]] = {}
        for w in spell_targets:
            if len(w) < MIN_FUZZY_LEN - 1 or w.isdigit():
                continue
            index.setdefault(w, set()).add(w)
            for d in _deletes(w):
                index.setdefault(d, set()).add(w)
        self._delete_index: dict[str, tuple[str, ...]] = {
            k: tuple(sorted(v)) for k, v in index.items()
        }
        skeletons: dict[str, list[str]] = {}
        for w in spell_targets:
            if len(w) >= 5 and w.isalpha():
                skeletons.setdefault(_skeleton(w), []).append(w)
        self._skeletons: dict[str, tuple[str, ...]] = {
            k: tuple(sorted(v)) for k, v in skeletons.items()
        }
        self._fix_cache: dict[str, tuple[str, float] | None] = {}

    # -- spelling -----------------------------------------------------------

    def _correct(self, tok: str) -> tuple[str, float] | None:
        """The vocabulary token a non-vocabulary token stands for, with its
        similarity (0-100), or None."""
        cached = self._fix_cache.get(tok, False)
        if cached is not False:
            return cached  # type: ignore[return-value]
        result: tuple[str, float] | None = None
        if tok.endswith("nya") and len(tok) >= 6:
            stem = tok[:-3]
            if stem in self._vocab:
                result = (stem, 100.0)
            elif len(stem) >= 4:
                result = self._spell(stem)
        if result is None:
            result = self._spell(tok)
        if len(self._fix_cache) < 200_000:
            self._fix_cache[tok] = result
        return result

    def _spell(self, tok: str) -> tuple[str, float] | None:
        """Vowel-drop reading or plausible-typo correction of one token."""
        if len(tok) > MAX_SPELL_LEN:
            return None
        result: tuple[str, float] | None = None
        if len(tok) >= 4 and tok[-1] == tok[-2] and tok[:-1] in self._vocab:
            # a doubled last letter ("rusakk", "parkirr") is a slip, not a suffix
            return (tok[:-1], float(fuzz.ratio(tok, tok[:-1])))
        if (
            len(tok) >= 5
            and tok.isalpha()
            and tok not in STOPWORDS
            and sum(c in _VOWELS for c in tok) <= VOWEL_DROP_MAX_SHARE * len(tok)
        ):
            fits = [w for w in self._skeletons.get(_skeleton(tok), ()) if _is_vowel_drop(tok, w)]
            if len(fits) == 1:
                result = (fits[0], float(fuzz.ratio(tok, fits[0])))
        if (
            result is None
            and FUZZY_CUTOFF <= 100
            and len(tok) >= MIN_FUZZY_LEN
            and tok not in STOPWORDS
            and not tok.isdigit()
        ):
            cands: set[str] = set()
            idx = self._delete_index
            hit = idx.get(tok)
            if hit:
                cands.update(hit)
            for d in _deletes(tok):
                hit = idx.get(d)
                if hit:
                    cands.update(hit)
            if cands:
                ranked = process.extract(
                    tok, cands, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=None
                )
                for word, score, _ in ranked:
                    if _plausible_typo(tok, word):
                        result = (word, float(score))
                        break
        return result

    # -- matching -----------------------------------------------------------

    def _matches(self, toks: list[str]) -> list[tuple[int, int, str, float, str]]:
        """(start, end, term key, similarity, surface text) of every term found."""
        vocab = self._vocab
        ctoks: list[str | None] = []
        sims: list[float] = []
        for t in toks:
            if t in vocab:
                ctoks.append(t)
                sims.append(100.0)
            else:
                fix = self._correct(t)
                if fix is None:
                    ctoks.append(None)
                    sims.append(0.0)
                else:
                    ctoks.append(fix[0])
                    sims.append(fix[1])

        terms = self._terms
        prefixes = self._prefixes
        max_len = self._max_len
        found: list[tuple[int, int, str, float, str]] = []
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
        kept: list[tuple[int, int, str, float, str]] = []
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

    def _handle_matches(self, text: str) -> list[tuple[int, int, str, float, str]]:
        """Agencies named at the start of an @handle or #hashtag."""
        out: list[tuple[int, int, str, float, str]] = []
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
        if not found:
            return []

        # agency -> term key -> [weight, count, surface, display]
        per_agency: dict[int, dict[str, list]] = {}
        for start, _end, key, sim, surface in found:
            lead = LEAD_BONUS if start < LEAD_TOKENS else 1.0
            factor = (sim / 100.0) * lead
            for entry in self._terms[key]:
                slot = per_agency.setdefault(entry.agency, {})
                cur = slot.get(key)
                w = entry.weight * factor
                if cur is None:
                    slot[key] = [w, 1, surface, entry.display, sim, key]
                else:
                    cur[1] += 1
                    if w > cur[0]:
                        cur[0] = w
                        cur[2] = surface
                        cur[4] = sim

        scored: list[tuple[float, int, list[str]]] = []
        for idx, slot in per_agency.items():
            raw = 0.0
            items = sorted(slot.values(), key=lambda v: -v[0])
            decay = 1.0
            for w, count, _surface, _display, _sim, _key in items:
                raw += decay * w * (1.0 + REPEAT_BONUS * min(count - 1, REPEAT_CAP))
                decay *= DECAY
            matched: list[str] = []
            for _w, _count, surface, display, sim, key in items:
                label = display.lower()
                if sim < 100.0 or surface != key:
                    label = f"{surface} (~{display.lower()})"
                if label not in matched:
                    matched.append(label)
            scored.append((raw, idx, matched))

        scored.sort(key=lambda x: (-x[0], x[1]))
        out: list[Candidate] = []
        for raw, idx, matched in scored[:top]:
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
                )
            )
        return out

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
