"""The ticket lifecycle table: every listed transition is allowed exactly for its sources and
roles, everything else is refused, the diagram beside it names every action, and what follows a
transition (its deadline, the citizen's notice and its buttons) is what its row says."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from flows import lifecycle as lc
from flows.callbacks import CitizenPress, decode
from flows.desks import DeskConfig
from flows.desks.context import Wording
from flows.desks.staff import PRESSES
from flows.desks.transitions import new_values, notice
from flows.model import AgencyInfo, Ticket
from flows.texts import EN, ID
from flows.workdays import add_working_days


@pytest.mark.parametrize("tr", lc.TRANSITIONS, ids=lambda tr: tr.action)
def test_each_transition_is_allowed_only_where_listed(tr):
    for status in lc.STATUSES:
        for role in ("coordinator", "agency", "citizen", "system"):
            if status in tr.sources and role in tr.roles:
                assert lc.target(tr.action, status, role, resume_to=lc.DISPOSITIONED) in lc.STATUSES
            else:
                with pytest.raises(lc.IllegalTransition):
                    lc.target(tr.action, status, role)


def test_resume_returns_where_the_ticket_was():
    assert lc.target("resume", lc.DEFERRED, "citizen", resume_to=lc.IN_PROGRESS) == lc.IN_PROGRESS
    assert lc.target("resume", lc.DEFERRED, "citizen", resume_to=None) == lc.NEW


def test_terminal_statuses_offer_no_buttons():
    for role in ("coordinator", "agency"):
        assert lc.allowed(lc.ARCHIVED, role) == [] and lc.allowed(lc.CLOSED, role) == []
    assert lc.allowed(lc.NEW, "coordinator") == ["verify", "defer", "archive"]
    assert lc.allowed(lc.DISPOSITIONED, "agency") == ["start", "defer", "not_authority"]


def test_unknown_action_is_refused():
    with pytest.raises(lc.IllegalTransition):
        lc.target("delete", lc.NEW, "coordinator")


def test_diagram_names_every_action():
    doc = lc.__doc__ or ""
    for tr in lc.TRANSITIONS:
        assert tr.action in doc, tr.action


# ---------------------------------------------------------------------- what follows each row
WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
AGENCIES = {"PUPR": AgencyInfo("PUPR", "Dinas Pekerjaan Umum", "PUPR", "opd")}
# LAPOR!'s SOP: verify within VERIFY_DAYS (again when an agency hands a report back), follow up
# within FOLLOWUP_DAYS of a disposition or a reopening, close CLOSE_DAYS after an answer.
SOP_DEADLINES = {
    "verify": "followup", "redispose": "followup", "reopen": "followup", "not_authority": "verify",
    "answer": "close", "archive": "clear", "withdraw": "clear", "solved": "clear", "close": "clear",
    "start": "none", "defer": "none", "resume": "none",
}


def _ticket(status: str, lang: str = "id", **kw) -> Ticket:
    return Ticket(id=5, number="OKU-2611-00010", citizen_id=1, report_type="pengaduan", title="Jalan rusak",
                  description="x" * 40, event_date=None, location_text=None, latitude=None, longitude=None,
                  anonymous=False, confidential=False, phone=None, agency_code="PUPR", status=status,
                  language=lang, created_at=NOW, updated_at=NOW, version=3, **kw)


def test_the_deadlines_are_the_ones_the_sop_names():
    assert {tr.action: tr.deadline for tr in lc.TRANSITIONS} == SOP_DEADLINES
    assert lc.SUBMITTED_DEADLINE == "verify"


@pytest.mark.parametrize("tr", lc.TRANSITIONS, ids=lambda tr: tr.action)
def test_the_deadline_follows_the_row(tr):
    config = DeskConfig(verify_days=2, followup_days=4, close_days=7)  # three different clocks
    days = {"verify": 2, "followup": 4, "close": 7}
    status = lc.target(tr.action, tr.sources[0], tr.roles[0], resume_to=lc.IN_PROGRESS)
    values = new_values(tr, status, _ticket(tr.sources[0], due_at=NOW), NOW, config)
    assert values["status"] == status
    if tr.deadline == "none":
        assert "due_at" not in values
    elif tr.deadline == "clear":
        assert values["due_at"] is None
    else:
        assert values["due_at"] == add_working_days(NOW, days[tr.deadline], WIB)


@pytest.mark.parametrize("tr", lc.TRANSITIONS, ids=lambda tr: tr.action)
def test_every_notice_and_desk_note_is_in_both_catalogs(tr):
    assert tr.notice is not None, "every change is told to the citizen"
    for key in (tr.notice, tr.holder_note, tr.coordinator_note):
        if key is not None:
            assert key in ID and key in EN, key


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("tr", lc.TRANSITIONS, ids=lambda tr: tr.action)
def test_every_notice_is_filled_and_carries_the_buttons_its_row_names(tr, lang):
    ticket = _ticket(lc.target(tr.action, tr.sources[0], tr.roles[0]), lang, archive_reason="spam", due_at=NOW)
    reply = notice(tr, ticket, "Di depan nomor berapa?", Wording(DeskConfig(), AGENCIES))
    assert reply is not None and ticket.number in reply.text and "{" not in reply.text
    presses = [decode(b.data) for row in reply.buttons for b in row]
    assert all(isinstance(p, CitizenPress) and p.ticket_id == 5 and p.version == 3 for p in presses)
    expected = {None: [], "solved": ["solved", "unsolved"], "rating": ["rate"] * 5}[tr.ask]
    assert [p.action for p in presses if isinstance(p, CitizenPress)] == expected


def test_notices_that_can_be_answered_are_the_question_and_the_answer():
    assert {tr.action: tr.reply_kind for tr in lc.TRANSITIONS if tr.reply_kind} == {
        "defer": "question", "answer": "answer"}


def test_entering_a_status_stamps_what_it_must():
    config = DeskConfig()
    defer = new_values(lc.BY_ACTION["defer"], lc.DEFERRED, _ticket(lc.IN_PROGRESS), NOW, config)
    assert defer["previous_status"] == lc.IN_PROGRESS
    answer = new_values(lc.BY_ACTION["answer"], lc.ANSWERED, _ticket(lc.IN_PROGRESS), NOW, config)
    assert answer["first_answer_at"] == NOW
    again = new_values(lc.BY_ACTION["answer"], lc.ANSWERED, _ticket(lc.IN_PROGRESS, first_answer_at=NOW), NOW, config)
    assert "first_answer_at" not in again  # the first answer's time stays
    closed = new_values(lc.BY_ACTION["solved"], lc.CLOSED, _ticket(lc.ANSWERED), NOW, config)
    assert closed["closed_at"] == NOW


@pytest.mark.parametrize("action", lc.CARD_ACTIONS)
def test_every_card_action_has_a_label_and_a_press(action):
    assert f"b_{action}" in ID and f"b_{action}" in EN
    assert action in PRESSES
