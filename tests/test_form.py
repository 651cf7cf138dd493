"""The form in flows/form.py is the whole truth of the form: every row's kind has a class, every
row has its question and label in both catalogs, and the order of the rows is the order asked."""

from flows.form import ROWS, SUMMARY, build_form
from flows.intake.steps import KINDS
from flows.texts import EN, ID


def test_every_row_has_a_step_kind_class():
    assert {row.kind for row in ROWS} <= set(KINDS)


def test_every_row_has_its_question_and_label_in_both_languages():
    for row in ROWS:
        for catalog in (ID, EN):
            assert f"f_{row.key}" in catalog, row.key
            if row.key != SUMMARY:
                assert f"q_{row.key}" in catalog, row.key


def test_rows_are_asked_in_order_and_numbered_without_the_summary():
    form = build_form(with_agency=True)
    key, order = form.first, []
    while key != SUMMARY:
        order.append(key)
        key = form.after(key)
    assert order == [row.key for row in ROWS if row.key != SUMMARY]
    assert form.number("report_type") == (1, len(order))
    assert form.number("phone") == (len(order), len(order))


def test_without_a_directory_the_agency_step_is_left_out():
    form = build_form(with_agency=False)
    assert "agency" not in form
    assert form.after("description") == "event_date"
    assert form.number("phone")[1] == len(ROWS) - 2


def test_a_new_story_forgets_the_agency_proposal():
    assert "agency" in build_form(with_agency=True).get("description").resets


def test_only_required_answers_block_sending():
    form = build_form(with_agency=True)
    required = {s.key for s in form.missing({})}
    assert required == {"report_type", "title", "description", "event_date", "anonymous", "confidential"}
