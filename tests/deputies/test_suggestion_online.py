"""The steps deputies and units take themselves (deputies/suggestions/online.py): draft, submit, co-signers'
confirmation, the office's check (accept with a number, or return), and reassignment requests."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from deputies.models import Assignment, ReassignRequest, Signature, SuggestionEvent
from deputies.models.suggestions import SuggestionStatus as S
from deputies.suggestions import lifecycle, online
from deputies.suggestions.lifecycle import LifecycleError, StaleSuggestionError
from tests.isolation_suggestions import assigned, deputies_for, office_user, units_for

E = SuggestionEvent.Kind


@pytest.fixture
def people(baiyun):
    return deputies_for(baiyun, 4)


def _draft(body, people, cosigners=2, **extra):
    return online.save_draft(body, people[0], title="关于增设公交线路的建议", content="建议内容。",
                             cosigners=people[1:1 + cosigners], by=None, **extra)


def test_a_draft_has_no_number_and_waits_for_its_proposer(baiyun, people):
    s = _draft(baiyun, people)
    assert (s.status, s.number, s.session) == (S.DRAFT, None, None)
    assert list(s.signatures.values_list("role", "confirmed_on")) == [("proposer", None), ("cosigner", None),
                                                                       ("cosigner", None)]


def test_submitting_asks_each_cosigner_then_goes_to_the_office_when_all_confirmed(baiyun, people):
    s = online.submit(_draft(baiyun, people), by=None)
    assert s.status == S.CONFIRMING
    online.confirm_cosign(s, people[1], by=None)
    s.refresh_from_db()
    assert s.status == S.CONFIRMING  # one still to confirm
    online.confirm_cosign(s, people[2], by=None)
    s.refresh_from_db()
    assert s.status == S.SUBMITTED
    kinds = list(s.events.values_list("kind", flat=True))
    assert kinds == [E.CREATED, E.SUBMITTED, E.CONFIRMED, E.CONFIRMED, E.SUBMITTED]


def test_without_cosigners_a_submission_goes_straight_to_the_office(baiyun, people):
    s = online.submit(_draft(baiyun, people, cosigners=0), by=None)
    assert s.status == S.SUBMITTED


def test_a_cosigner_who_declines_comes_off_and_the_rest_decide(baiyun, people):
    s = online.submit(_draft(baiyun, people), by=None)
    online.confirm_cosign(s, people[1], by=None)
    online.decline_cosign(s, people[2], reason="不熟悉该领域", by=None)
    s.refresh_from_db()
    assert s.status == S.SUBMITTED
    assert not Signature.objects.filter(suggestion=s, deputy=people[2]).exists()
    assert "不熟悉该领域" in s.events.get(kind=E.COSIGN_DECLINED).text


def test_only_a_cosigner_confirms_and_only_once(baiyun, people):
    s = online.submit(_draft(baiyun, people, cosigners=1), by=None)
    with pytest.raises(LifecycleError, match="不是该建议的附议代表"):
        online.confirm_cosign(s, people[3], by=None)
    online.confirm_cosign(s, people[1], by=None)
    with pytest.raises(LifecycleError, match="不需要附议确认"):
        online.confirm_cosign(s, people[1], by=None)


def test_the_office_accepts_with_the_next_free_number_of_the_year(baiyun, people):
    first = online.submit(_draft(baiyun, people, cosigners=0), by=None)
    second = online.submit(_draft(baiyun, people, cosigners=0), by=None)
    office = office_user(baiyun)
    first = online.accept(first, by=office)
    second = online.accept(second, by=office)
    assert first.status == S.ACCEPTED and second.number == first.number + 1
    assert first.year == timezone.localdate().year and first.session is None
    with pytest.raises(LifecycleError, match="编号不能重复") as error:
        third = online.submit(_draft(baiyun, people, cosigners=0), by=None)
        online.accept(third, number=first.number, by=office)
    assert error.value.field == "number"


def test_a_returned_suggestion_is_changed_and_confirmed_again(baiyun, people):
    s = online.submit(_draft(baiyun, people, cosigners=1), by=None)
    online.confirm_cosign(s, people[1], by=None)
    s.refresh_from_db()
    with pytest.raises(LifecycleError, match="退回的理由"):
        online.return_to_deputy(s, reason="  ", by=office_user(baiyun))
    s = online.return_to_deputy(s, reason="请补充具体措施", by=office_user(baiyun))
    assert s.status == S.RETURNED
    s = online.save_draft(baiyun, people[0], title="关于增设公交线路的建议（修改）", content="补充了措施。",
                          cosigners=[people[1]], by=None, suggestion=s, expected_version=s.version)
    s = online.submit(s, by=None)
    assert s.status == S.CONFIRMING  # the changed text needs the co-signer's word again
    assert Signature.objects.get(suggestion=s, deputy=people[1]).confirmed_on is None


def test_a_submitted_suggestion_can_no_longer_be_changed_by_its_deputy(baiyun, people):
    s = online.submit(_draft(baiyun, people, cosigners=0), by=None)
    with pytest.raises(LifecycleError, match="不能再修改"):
        online.save_draft(baiyun, people[0], title="改", cosigners=[], by=None, suggestion=s)


def test_a_stale_draft_form_is_refused(baiyun, people):
    s = _draft(baiyun, people)
    online.save_draft(baiyun, people[0], title="第一次修改", cosigners=[], by=None, suggestion=s,
                      expected_version=s.version)
    with pytest.raises(StaleSuggestionError):
        online.save_draft(baiyun, people[0], title="过期的修改", cosigners=[], by=None, suggestion=s,
                          expected_version=s.version)


def test_an_empty_suggestion_cannot_be_submitted(baiyun, people):
    s = online.save_draft(baiyun, people[0], title="只有标题", by=None)
    with pytest.raises(LifecycleError, match="建议内容") as error:
        online.submit(s, by=None)
    assert error.value.field == "content"


# --- reassignment ---------------------------------------------------------------------------------


def test_a_lead_unit_asks_to_reassign_and_the_office_gives_it_to_another_unit(baiyun):
    s = assigned(baiyun)
    lead, co, other = units_for(baiyun, 3)
    request = online.ask_reassignment(s, lead, reason="不属于本单位职责", suggested_unit=other.name, by=None)
    with pytest.raises(LifecycleError, match="待办公室审批"):
        online.ask_reassignment(s, lead, reason="再次申请", by=None)
    with pytest.raises(LifecycleError, match="指定改由哪个单位主办"):
        online.decide_reassignment(request, approve=True, by=office_user(baiyun))
    online.decide_reassignment(request, approve=True, new_unit=other, note="改由对口部门办理", by=office_user(baiyun))
    s.refresh_from_db()
    today = timezone.localdate()
    assert s.lead_unit == other and s.reply_due_on == lifecycle.reply_due(baiyun, today)
    old = Assignment.objects.get(suggestion=s, unit=lead)
    assert (old.active, old.ended_on) == (False, today)
    assert Assignment.objects.get(suggestion=s, unit=other, active=True).role == "lead"
    kinds = list(s.events.values_list("kind", flat=True))
    assert kinds[-2:] == [E.REASSIGN_ASKED, E.REASSIGNED]
    request.refresh_from_db()
    assert (request.decision, request.new_unit) == (ReassignRequest.Decision.APPROVED, other)


def test_a_refused_reassignment_keeps_the_unit_and_says_why(baiyun):
    s = assigned(baiyun)
    lead = units_for(baiyun, 1)[0]
    request = online.ask_reassignment(s, lead, reason="不属于本单位职责", by=None)
    with pytest.raises(LifecycleError, match="写明理由"):
        online.decide_reassignment(request, approve=False, by=office_user(baiyun))
    online.decide_reassignment(request, approve=False, note="属于本单位职责，请按期办理", by=office_user(baiyun))
    s.refresh_from_db()
    assert s.lead_unit == lead
    assert "属于本单位职责" in s.events.filter(kind=E.REASSIGNED).get().text


def test_a_unit_that_signed_for_it_cannot_ask_to_reassign(baiyun):
    s = assigned(baiyun)
    lead = units_for(baiyun, 1)[0]
    lifecycle.sign_for(s, lead, signed_on=date(2023, 2, 2), by=None)
    with pytest.raises(LifecycleError, match="签收后不能再申请调整"):
        online.ask_reassignment(s, lead, reason="不属于本单位职责", by=None)


def test_a_co_unit_relieved_without_replacement(baiyun):
    s = assigned(baiyun)
    co = units_for(baiyun, 2)[1]
    request = online.ask_reassignment(s, co, reason="与本单位无关", by=None)
    online.decide_reassignment(request, approve=True, by=office_user(baiyun))
    assert not Assignment.objects.filter(suggestion=s, unit=co, active=True).exists()


def test_the_sign_for_deadline_is_the_settings_days_after_assignment(baiyun):
    from core.rules import rules_for

    s = assigned(baiyun)
    row = Assignment.objects.get(suggestion=s, role="lead")
    assert online.sign_due_on(row, rules_for(baiyun)) == row.assigned_on + timedelta(days=3)
