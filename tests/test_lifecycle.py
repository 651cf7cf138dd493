"""The ticket lifecycle table: every listed transition is allowed exactly for its sources and
roles, everything else is refused, and the diagram beside it names every action."""

import pytest

from flows import lifecycle as lc


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
