"""The learned layer (flows/routing/learned.py) and the directory's precedence rules in the
classifier (issue 14): what a correction teaches, what it does not, and who comes first."""

from __future__ import annotations

import math

import pytest

from flows.directory import load_directory
from flows.routing import Classifier
from flows.routing.learned import ALPHA, MIN_REPORTS, PER_PERSON, Example, Learned, terms_of
from flows.routing.text import tokenize

AGENCIES = {"PUPR", "PERKIM", "DISHUB", "DLH"}
HOUSING = "Jalan lingkungan di Perumahan Griya Mandiri berlubang"


def moved(text: str, actor: str, final: str = "PERKIM", suggested: str = "PUPR") -> Example:
    return Example(text, final, suggested, actor)


def weight(learned: Learned, term: str, agency: str) -> float | None:
    return next((w for a, w, _r in learned.terms.get(term, ()) if a == agency), None)


def test_terms_are_words_and_adjacent_pairs_without_function_words_or_numbers():
    assert terms_of(tokenize("Lampu jalan di RT 05 mati")) == {"lampu", "jalan", "mati", "lampu jalan"}
    assert terms_of(tokenize("")) == set()
    assert terms_of(tokenize("yang dan di ke 123")) == set()


def test_one_corrected_report_teaches_nothing_two_teach_towards_and_away():
    one = Learned.build([moved(HOUSING, "staff:1")], AGENCIES)
    assert len(one) == 0 and one.corrections == 1
    two = Learned.build([moved(HOUSING, "staff:1"), moved(HOUSING + " besar", "staff:2")], AGENCIES)
    # handled at PERKIM twice, never suggested there; suggested at PUPR twice, handled there never
    assert weight(two, "griya mandiri", "PERKIM") == pytest.approx(math.log((2 + ALPHA) / ALPHA))
    assert weight(two, "griya mandiri", "PUPR") == pytest.approx(math.log(ALPHA / (2 + ALPHA)))
    row = next(x for x in two.listing if x.term == "griya mandiri" and x.agency == "PERKIM")
    assert (row.reports, row.people, row.capped, row.seen) == (2, 2, False, 2)


def test_reports_kept_where_suggested_weaken_what_corrections_taught():
    corrected = [moved(f"{HOUSING} nomor {i}", f"staff:{i}") for i in range(3)]
    kept = [Example(f"Jalan Griya Mandiri rusak {i}", "PUPR", "PUPR") for i in range(6)]
    alone = weight(Learned.build(corrected, AGENCIES), "griya", "PERKIM")
    diluted = weight(Learned.build(corrected + kept, AGENCIES), "griya", "PUPR")
    assert alone is not None and alone > 0
    # six reports with "griya" stayed at PUPR (as suggested): PUPR is not pushed away from it
    assert diluted is None or diluted > weight(Learned.build(corrected, AGENCIES), "griya", "PUPR")


def test_a_flood_of_corrections_by_one_person_is_capped_and_shown():
    flood = [moved(f"{HOUSING} {i}", "staff:9001") for i in range(40)]
    one = Learned.build(flood, AGENCIES)
    row = next(x for x in one.listing if x.term == "griya mandiri" and x.agency == "PERKIM")
    assert row.reports == PER_PERSON and row.people == 1 and row.capped
    # one person's 40 count as PER_PERSON: the weight is that of PER_PERSON reports
    assert row.weight == pytest.approx(math.log((PER_PERSON + ALPHA) / ALPHA))
    many = Learned.build([moved(f"{HOUSING} {i}", f"staff:{i}") for i in range(40)], AGENCIES)
    assert weight(many, "griya mandiri", "PERKIM") > row.weight  # forty people outweigh one


def test_a_correction_to_an_agency_no_longer_in_the_directory_is_skipped_and_counted():
    examples = [moved(HOUSING, "staff:1", final="DINAS_LAMA"), moved(HOUSING, "staff:2", final="DINAS_LAMA"),
                moved(HOUSING, "staff:3"), moved(HOUSING, "staff:4")]
    learned = Learned.build(examples, AGENCIES)
    assert learned.skipped == 2 and learned.examples == 2
    assert weight(learned, "griya mandiri", "DINAS_LAMA") is None
    assert weight(learned, "griya mandiri", "PERKIM") is not None


def test_english_or_empty_texts_learn_only_their_words():
    english = [Example("Street light broken near the market", "DISHUB", "PUPR", f"staff:{i}") for i in range(2)]
    learned = Learned.build([*english, Example("", "DISHUB", "PUPR", "staff:1"),
                             Example("??? !!!", "DISHUB", "PUPR", "staff:2")], AGENCIES)
    assert learned.examples == 2  # the empty ones hold no term
    assert weight(learned, "street light", "DISHUB") is not None
    assert weight(learned, "the", "DISHUB") is None and weight(learned, "near", "DISHUB") is not None


def test_a_vetoed_term_is_not_learned_for_that_agency_or_for_any():
    examples = [moved(HOUSING, "staff:1"), moved(HOUSING, "staff:2")]
    one = Learned.build(examples, AGENCIES, vetoes=[("griya mandiri", "PERKIM")])
    assert weight(one, "griya mandiri", "PERKIM") is None and weight(one, "griya mandiri", "PUPR") is not None
    every = Learned.build(examples, AGENCIES, vetoes=[("griya mandiri", "*")])
    assert "griya mandiri" not in every.terms and every.vetoed >= 2


def test_the_classifier_names_learned_words_in_its_explanation():
    clf = Classifier(load_directory())
    before = clf.classify("Jalan lingkungan Perumahan Griya Mandiri rusak parah")
    assert before[0].code == "PUPR" and not before[0].learned
    clf.learned = Learned.build([moved(f"{HOUSING} {i}", f"staff:{i}") for i in range(MIN_REPORTS + 2)],
                                {a.code for a in clf.directory})
    [best, *_] = clf.classify("Jalan lingkungan Perumahan Griya Mandiri rusak parah")
    assert best.code == "PERKIM"
    assert ("griya mandiri", MIN_REPORTS + 2) in best.learned and "griya mandiri" in best.matched


# ---------------------------------------------------------------------- the directory's precedence
@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier(load_directory())


@pytest.mark.parametrize("text", [
    "Kepala desa minta pungli untuk pembuatan surat tanah",
    "Ada pungutan liar oleh oknum dinas pendidikan saat daftar sekolah",
    "Petugas puskesmas minta uang pelicin biar cepat dilayani",
])
def test_integrity_complaints_about_the_regencys_own_bodies_go_first_to_the_inspektorat(clf, text):
    cands = clf.classify(text)
    assert cands[0].code == "INSPEKTORAT", [(c.code, c.matched) for c in cands]
    assert len(cands) > 1  # the body concerned stays second, for the coordinator to see


def test_an_integrity_complaint_about_a_vertical_office_stays_with_it(clf):
    cands = clf.classify("Pungli di kantor samsat waktu bayar pajak kendaraan")
    assert cands[0].code == "SAMSAT_OKU"
    assert "INSPEKTORAT" not in [c.code for c in cands]  # the regency's inspectorate has no say there


def test_a_puskesmas_closing_early_is_not_a_labour_matter(clf):
    [best, *_] = clf.classify("Puskesmas tutup sebelum jam kerja selesai, pasien ditolak")
    assert best.code == "DINKES"


def test_the_generic_kecamatan_gives_way_to_the_kecamatan_named(clf):
    cands = clf.classify("Pelayanan surat pengantar di kantor lurah Sukaraya lambat sekali")
    assert cands[0].code == "KEC_BATURAJA_TIMUR"
    assert not any(c.generic for c in cands)


def test_the_generic_kecamatan_without_a_place_is_marked_so_it_is_never_offered(clf):
    cands = clf.classify("Tetangga berisik tiap malam, meresahkan warga")
    generic = [c for c in cands if c.generic]
    assert generic and generic[0].code == "KECAMATAN"
