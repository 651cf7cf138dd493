"""Spelling: read a complaint word the directory does not know as one it does.

Chat Indonesian is written fast.  A token outside the directory's vocabulary
is read as a vocabulary word when it is (a) that word + "-nya", (b) that word
with a doubled last letter ("rusakk"), (c) that word with inner vowels
dropped ("bnjir", "skolah", "prkir"), or (d) a plausible typo of it:
candidates come from a precomputed one-deletion index (SymSpell-style, so the
cost does not grow with the directory), are scored with
``rapidfuzz.process.extract(scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)``
and must pass ``_plausible_typo`` (one letter missing/extra or two letters
swapped, inside the word: "pukesmas", "menganggu", "perbaiakn").  Results are
cached per token.

Most one-edit neighbours of an Indonesian word are other real words, so the
rules here lean towards not correcting; the constants were chosen by
measurement on the LAPOR! dev set with benchmarks/routing_accuracy.py.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

__all__ = ["Speller"]

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


#: What a cache lookup returns for a token not seen yet (None is a result).
_UNSEEN: tuple[str, float] = ("", -1.0)
#: The cache stops growing here, so a stream of garbage cannot exhaust memory.
_CACHE_MAX = 200_000


class Speller:
    """Spelling correction against one vocabulary; build once, correct many."""

    def __init__(self, vocab: frozenset[str], targets: frozenset[str]) -> None:
        """`vocab`: every token that counts as known as it is; `targets`: the
        words a misspelling may be corrected to (a subset of `vocab`)."""
        self._vocab = vocab
        # One-deletion index: a target word is found from a misspelling when
        # they share the word itself or a one-letter deletion.  rapidfuzz then
        # scores the few candidates.
        index: dict[str, set[str]] = {}
        for word in targets:
            if len(word) < MIN_FUZZY_LEN - 1 or word.isdigit():
                continue
            index.setdefault(word, set()).add(word)
            for d in _deletes(word):
                index.setdefault(d, set()).add(word)
        self._delete_index: dict[str, tuple[str, ...]] = {
            k: tuple(sorted(v)) for k, v in index.items()
        }
        skeletons: dict[str, list[str]] = {}
        for word in targets:
            if len(word) >= 5 and word.isalpha():
                skeletons.setdefault(_skeleton(word), []).append(word)
        self._skeletons: dict[str, tuple[str, ...]] = {
            k: tuple(sorted(v)) for k, v in skeletons.items()
        }
        self.cache: dict[str, tuple[str, float] | None] = {}

    def correct(self, tok: str) -> tuple[str, float] | None:
        """The vocabulary token a non-vocabulary token stands for, with its
        similarity (0-100), or None."""
        cached = self.cache.get(tok, _UNSEEN)
        if cached is not _UNSEEN:
            return cached
        result: tuple[str, float] | None = None
        if tok.endswith("nya") and len(tok) >= 6:
            stem = tok[:-3]
            if stem in self._vocab:
                result = (stem, 100.0)
            elif len(stem) >= 4:
                result = self._spell(stem)
        if result is None:
            result = self._spell(tok)
        if len(self.cache) < _CACHE_MAX:
            self.cache[tok] = result
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
