"""The steps deputies and units take themselves (deputies/suggestions/online.py): draft, submit, co-signers'
confirmation, the office's check (accept with a number, or return), reassignment requests (a co-unit
may take over as lead), and steps sent from a page someone else's step made stale: refused in plain
words, offering only what is still possible."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from deputies.models import Assignment, ReassignRequest, Signature, SuggestionEvent
from deputies.models.suggestions import SuggestionStatus as S
from deputies.roster.forms import StaleDeputyError
from deputies.suggestions import lifecycle, online
from deputies.suggestions.lifecycle import STALE_MESSAGE, LifecycleError, StaleSuggestionError
from tests.conftest import client_for
from tests.isolation_suggestions import assigned, deputies_for, office_user, units_for
from tests.parties import deputy_user
from tests.portal_unit_builders import assigned_to, client_of, unit_user

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


def test_the_office_promotes_a_co_unit_to_lead_on_a_reassignment_request(baiyun, office_client):
    lead, co, _ = units_for(baiyun, 3)
    s = assigned(baiyun, title="关于协办改主办的建议")
    request = online.ask_reassignment(s, lead, reason="主要职责在协办单位", suggested_unit=co.name, by=None)
    s.refresh_from_db()
    page = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    form = page.split(f'reassign-{request.pk}-new_unit', 1)[1].split("</select>", 1)[0]
    assert f'value="{co.pk}"' in form and "现协办，改为主办" in form
    assert f'value="{lead.pk}"' not in form
    answer = office_client.post(reverse("reassign-decide", args=[request.pk]), {
        f"reassign-{request.pk}-version": s.version, f"reassign-{request.pk}-decision": "approve",
        f"reassign-{request.pk}-new_unit": co.pk,
        f"reassign-{request.pk}-decided_on": timezone.localdate().isoformat(), f"reassign-{request.pk}-note": ""})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    s.refresh_from_db()
    assert s.lead_unit == co
    active = {(a.unit_id, a.role) for a in Assignment.objects.filter(suggestion=s, active=True)}
    assert active == {(co.pk, "lead")}
    ended = Assignment.objects.get(suggestion=s, unit=co, role="co")
    assert not ended.active and ended.ended_on == timezone.localdate()
    request.refresh_from_db()
    assert request.decision == ReassignRequest.Decision.APPROVED and request.new_unit == co
    event = SuggestionEvent.objects.filter(suggestion=s, kind="reassigned").latest("pk")
    assert f"改由{co.name}主办" in event.text and "原为协办单位" in event.text


def test_a_co_unit_asking_to_leave_cannot_hand_over_to_another_current_unit(baiyun):
    lead, co, _ = units_for(baiyun, 3)
    s = assigned(baiyun, title="关于协办申请调整的建议")
    request = online.ask_reassignment(s, co, reason="不相关", by=None)
    with pytest.raises(LifecycleError, match="已是该建议的主办单位"):
        online.decide_reassignment(request, approve=True, new_unit=lead, by=office_user(baiyun))


def test_the_sign_for_deadline_is_the_settings_days_after_assignment(baiyun):
    from core.rules import rules_for

    s = assigned(baiyun)
    row = Assignment.objects.get(suggestion=s, role="lead")
    assert online.sign_due_on(row, rules_for(baiyun)) == row.assigned_on + timedelta(days=3)


# --- stale pages: plain words, and only what is still possible -------------------------------------


def _no_version_jargon(text):
    assert not re.search(r"第\s*\d+\s*版", text)


def test_a_stale_unit_step_says_so_plainly_and_drops_the_step_already_taken(baiyun):
    units = units_for(baiyun, 2)
    first, second = unit_user(baiyun, units[0], "stale-unit-a"), unit_user(baiyun, units[0], "stale-unit-b")
    s = assigned_to(baiyun, units[0], [units[1]], title="关于过期页面的建议")
    sign = reverse("portal-unit-sign", args=[s.pk])
    shown = s.version
    assert client_of(first).post(sign, {"sign-version": shown}).status_code == 302
    answer = client_of(second).post(sign, {"sign-version": shown})
    text = answer.content.decode()
    assert answer.status_code == 400 and "该建议已被他人更新，请查看最新内容后再操作" in text
    _no_version_jargon(text)
    assert f'action="{sign}"' not in text  # signed already: no 签收 form offered again
    assert f'{timezone.localdate():%Y-%m-%d} 签收' in text and "本单位尚未签收" not in text  # the current state


def test_a_stale_step_still_possible_keeps_what_was_typed_with_the_current_version(baiyun):
    units = units_for(baiyun, 2)
    contact = unit_user(baiyun, units[0], "stale-unit-c")
    s = assigned_to(baiyun, units[0], [units[1]], title="关于过期沟通的建议")
    shown = s.version
    lifecycle.sign_for(s, units[0], signed_on=timezone.localdate(), by=office_user(baiyun))
    s.refresh_from_db()
    answer = client_of(contact).post(reverse("portal-unit-contact", args=[s.pk]), {
        "contact-version": shown, "contact-stage": "before", "contact-way": "phone",
        "contact-contacted_on": timezone.localdate().isoformat(), "contact-note": "电话沟通了办理思路"})
    text = answer.content.decode()
    assert answer.status_code == 400 and "已被他人更新" in text and "电话沟通了办理思路" in text
    assert f'name="contact-version" value="{s.version}"' in text


def test_a_stale_deputy_feedback_is_not_offered_again(baiyun):
    office = office_user(baiyun)
    people = deputies_for(baiyun, 4)
    deputy_user(people[0], "stale-deputy")
    s = assigned(baiyun, title="关于过期反馈的建议")
    lifecycle.sign_for(s, units_for(baiyun)[0], signed_on=date(2023, 2, 2), by=office)
    lifecycle.reply(s, replied_on=date(2023, 3, 10), reply_class="A", text="已解决。", by=office)
    s.refresh_from_db()
    shown = s.version
    lifecycle.give_feedback(s, result="satisfied", given_on=timezone.localdate(), by=office)  # paper, by the office
    feedback = reverse("portal-deputy-feedback", args=[s.pk])
    answer = client_for("stale-deputy").post(feedback, {"feedback-version": shown, "feedback-result": "basic"})
    text = answer.content.decode()
    assert answer.status_code == 400 and "已被他人更新" in text
    _no_version_jargon(text)
    assert f'action="{feedback}' not in text and "已办结" in text


def test_a_stale_office_step_shows_the_current_state(baiyun, office_client):
    people = deputies_for(baiyun, 4)
    s = online.submit(online.save_draft(baiyun, people[0], title="关于过期审查的建议", content="内容。", by=None),
                      by=None)
    shown = s.version
    online.return_to_deputy(s, reason="请补充", by=office_user(baiyun))
    accept = reverse("suggestion-accept", args=[s.pk])
    answer = office_client.post(accept, {"accept-version": shown, "accept-accepted_on": timezone.localdate()})
    text = answer.content.decode()
    assert answer.status_code == 400 and "已被他人更新" in text
    _no_version_jargon(text)
    assert f'action="{accept}"' not in text


def test_stale_messages_name_no_version_anywhere():
    assert "版" not in STALE_MESSAGE
    assert "版" not in str(StaleDeputyError(None))
