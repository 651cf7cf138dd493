"""Normalisation: the one form in which complaints and directory terms are compared.

``tokenize`` lowercases, strips accents and punctuation, splits letters from
digits (digits are kept), squeezes stretched letters ("rusaaak"), expands
reduplication ("anak2") and chat abbreviations (yg, tdk, gak, sdh, blm, jln,
dgn, krn, utk, kec, kel, rs ...).  Directory terms go through the same
function, so both sides are compared in one form; ``flows.directory`` uses it
too, to report two spellings the classifier cannot tell apart as one term.
This module changes when the way people write changes (a new abbreviation, a
new informal spelling), never for a scoring decision.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: Chat abbreviations and informal spellings, expanded token by token.
#: Deliberately absent: "kk" (kartu keluarga), "bkn" (BKN, not "bukan"),
#: "smp"/"sd" (schools), "dr" (doctor / "Dr." in names), "pu" (PU).
ABBREVIATIONS: dict[str, str] = {
    # negation
    "tdk": "tidak", "tak": "tidak", "gak": "tidak", "ga": "tidak", "gk": "tidak",
    "nggak": "tidak", "ngga": "tidak", "enggak": "tidak", "engga": "tidak",
    "ndak": "tidak", "nda": "tidak", "kagak": "tidak", "tdak": "tidak",
    # aspect
    "sdh": "sudah", "udh": "sudah", "udah": "sudah", "dah": "sudah", "sudh": "sudah",
    "blm": "belum", "blom": "belum", "belom": "belum", "blum": "belum",
    "lg": "lagi", "msh": "masih", "masi": "masih", "sdg": "sedang", "lgi": "lagi",
    # function words
    "yg": "yang", "dgn": "dengan", "dg": "dengan", "krn": "karena", "karna": "karena",
    "utk": "untuk", "untk": "untuk", "tuk": "untuk", "dll": "dan lain lain",
    "dsb": "dan sebagainya", "pd": "pada", "kpd": "kepada", "dri": "dari",
    "sm": "sama", "jg": "juga", "tp": "tapi", "tpi": "tapi", "ttg": "tentang",
    "spt": "seperti", "sprt": "seperti", "tsb": "tersebut", "bs": "bisa", "bsa": "bisa",
    "hrs": "harus", "dpt": "dapat", "jd": "jadi", "jdi": "jadi", "kl": "kalau",
    "klo": "kalau", "kalo": "kalau", "klu": "kalau", "sy": "saya", "sya": "saya",
    "gw": "saya", "gue": "saya", "aku": "saya", "km": "kamu", "org": "orang",
    "sgt": "sangat", "bgt": "banget", "bnyk": "banyak", "byk": "banyak", "lbh": "lebih",
    "sblm": "sebelum", "stlh": "setelah", "sampe": "sampai", "smpai": "sampai",
    "ato": "atau", "atw": "atau", "pdhl": "padahal", "trs": "terus", "gmn": "bagaimana",
    "gimana": "bagaimana", "knp": "kenapa", "napa": "kenapa", "kpn": "kapan",
    "dmn": "dimana", "brp": "berapa", "skrg": "sekarang", "skr": "sekarang",
    "skrang": "sekarang", "kmrn": "kemarin", "kemaren": "kemarin", "bbrp": "beberapa",
    "tlg": "tolong", "tlong": "tolong", "tlng": "tolong", "mhn": "mohon", "trims": "terima kasih",
    "makasih": "terima kasih", "mksh": "terima kasih", "trmksh": "terima kasih",
    "thx": "terima kasih", "sj": "saja", "aja": "saja", "aj": "saja", "bln": "bulan",
    "thn": "tahun", "th": "tahun", "hr": "hari", "mgg": "minggu", "tgl": "tanggal",
    "bpk": "bapak", "pak": "bapak", "bu": "ibu",
    # places and bodies
    "jln": "jalan", "jl": "jalan", "jaln": "jalan", "jalanan": "jalan",
    "gg": "gang", "kec": "kecamatan", "kel": "kelurahan", "kab": "kabupaten",
    "prov": "provinsi", "ds": "desa", "dsn": "dusun",
    "rs": "rumah sakit", "rsu": "rumah sakit umum", "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota", "pemda": "pemerintah daerah", "pemprov": "pemerintah provinsi",
    # domain spellings
    "ijin": "izin", "sertipikat": "sertifikat",
    "apotik": "apotek", "praktek": "praktik", "propinsi": "provinsi", "antri": "antre",
    "antrian": "antrean", "nomer": "nomor", "no": "nomor", "tlp": "telepon",
    "telp": "telepon", "hp": "handphone", "wa": "whatsapp",
}

_ACCENTS_RE = re.compile(r"[\u0300-\u036f]")
_STRETCH_RE = re.compile(r"([a-z])\1{2,}")
_REDUP_RE = re.compile(r"\b([a-z]{2,})2\b")
_TOKEN_RE = re.compile(r"[a-z]+|[0-9]+")


def _expand(tokens: Iterable[str]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        exp = ABBREVIATIONS.get(t)
        if exp is None:
            out.append(t)
        else:
            out.extend(exp.split())
    return out


def tokenize(text: str) -> list[str]:
    """The normalised tokens of a text (see module docstring)."""
    if not text:
        return []
    s = unicodedata.normalize("NFKD", text.lower())
    s = _ACCENTS_RE.sub("", s)
    s = _STRETCH_RE.sub(r"\1", s)
    s = _REDUP_RE.sub(r"\1 \1", s)
    return _expand(_TOKEN_RE.findall(s))


def normalize(text: str) -> str:
    """Lowercase, punctuation stripped, chat abbreviations expanded, digits kept."""
    return " ".join(tokenize(text))
