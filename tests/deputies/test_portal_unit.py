"""The handling unit's portal, suggestions: the workbench (re-handling after 不满意 first), the list of
the unit's suggestions, the suggestion page, and the unit's own steps (sign for, ask reassignment,
co-unit input, contacts, extension, reply) — each for its own unit only, never another unit's or the
office's part."""

from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deputies.models import (
    Assignment,
    Contact,
    Extension,
    ReassignRequest,
    Reply,
    SuggestionEvent,
)
from deputies.models.suggestions import SuggestionStatus as S
from deputies.suggestions import lifecycle, online
from tests.conftest import client_for
from tests.isolation_suggestions import (
    assigned,
    deputies_for,
    make_suggestion,
    office_user,
    units_for,
)
from tests.portal_unit_builders import OLD_ASSIGNMENT, assigned_to, client_of, unit_user

E = SuggestionEvent.Kind


@pytest.fixture
def units(baiyun):
    return units_for(baiyun, 4)


@pytest.fixture
def lead(baiyun, units):
    return unit_user(baiyun, units[0], "unit-lead")


@pytest.fixture
def co(baiyun, units):
    return unit_user(baiyun, units[1], "unit-co")


@pytest.fixture
def co2(baiyun, units):
    return unit_user(baiyun, units[2], "unit-co2")


@pytest.fixture
def outsider(baiyun, units):
    return unit_user(baiyun, units[3], "unit-outsider")


@pytest.fixture
def s(baiyun, units):
    """Assigned today to units[0] (lead) with units[1] and units[2] as co-units."""
    return assigned_to(baiyun, units[0], units[1:3], document=ContentFile(b"yuanjian", name="yuanjian.txt"))


def _detail(client, s):
    return client.get(reverse("portal-unit-suggestion", args=[s.pk]))


def _post(client, name, s, data=None, version=None):
    s.refresh_from_db(fields=["version"])
    payload = {f"{_prefix(name)}-version": s.version if version is None else version}
    payload.update({f"{_prefix(name)}-{k}": v for k, v in (data or {}).items()})
    return client.post(reverse(name, args=[s.pk]), payload)


def _prefix(name):
    return {"portal-unit-sign": "sign", "portal-unit-reassign": "reassign", "portal-unit-co-input": "coinput",
            "portal-unit-contact": "contact", "portal-unit-extension": "extension",
            "portal-unit-reply": "reply"}[name]


# --- who may come in -----------------------------------------------------------------------------


def test_staff_and_anonymous_users_do_not_get_the_unit_portal(s, office_client):
    for name in ("portal-unit-home", "portal-unit-suggestions"):
        assert office_client.get(reverse(name)).status_code == 403
        answer = client_for("director").get(reverse(name))
        assert answer.status_code == 403 and "承办单位联系人" in answer.content.decode()
    anonymous = _detail(Client(), s)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_an_inactive_contact_is_refused_with_the_reason(baiyun, lead):
    lead.unit_contact.active = False
    lead.unit_contact.save()
    answer = client_of(lead).get(reverse("portal-unit-home"))
    assert answer.status_code == 403 and "尚未关联承办单位" in answer.content.decode()


# --- the list ------------------------------------------------------------------------------------


def test_the_list_shows_the_units_suggestions_with_role_due_date_and_signing(s, lead, co, outsider):
    html = client_of(lead).get(reverse("portal-unit-suggestions")).content.decode()
    card = html.split(f'id="suggestion-{s.pk}"')[1].split("</li>")[0]
    assert "主办" in card and "未签收" in card and "答复期限" in card
    assert s.reply_due_on.strftime("%Y-%m-%d") in card
    html = client_of(co).get(reverse("portal-unit-suggestions")).content.decode()
    card = html.split(f'id="suggestion-{s.pk}"')[1].split("</li>")[0]
    co_due = Assignment.objects.get(suggestion=s, unit=co.unit_contact.unit).due_on
    assert "协办" in card and "协办意见期限" in card and co_due.strftime("%Y-%m-%d") in card
    assert f'id="suggestion-{s.pk}"' not in client_of(outsider).get(reverse("portal-unit-suggestions")).content.decode()


def test_the_tabs_follow_signing_and_replying(s, lead):
    client = client_of(lead)

    def shown(tab):
        return f'id="suggestion-{s.pk}"' in client.get(reverse("portal-unit-suggestions"), {"tab": tab}).content.decode()

    assert shown("pending") and shown("all") and not shown("handling") and not shown("replied")
    lifecycle.sign_for(s, lead.unit_contact.unit, signed_on=timezone.localdate(), by=lead)
    assert shown("handling") and not shown("pending")
    lifecycle.reply(s, replied_on=timezone.localdate(), reply_class="B", text="正在解决。", by=lead)
    assert shown("replied") and not shown("handling")
    assert shown("nonsense-tab")  # an unknown tab shows all


def test_the_list_query_count_does_not_grow_with_rows(baiyun, units, lead, django_assert_max_num_queries):
    client = client_of(lead)
    assigned_to(baiyun, units[0], units[1:2], title="查询计数一")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("portal-unit-suggestions")).status_code == 200
        return len(queries)

    few = count()
    for n in range(12):
        assigned_to(baiyun, units[0], units[1:3], title=f"查询计数{n}", cosigners=2)
    assert count() == few
    with django_assert_max_num_queries(few):
        client.get(reverse("portal-unit-suggestions"), {"tab": "pending"})


# --- the suggestion page -------------------------------------------------------------------------


def test_another_units_or_another_bodys_suggestion_is_not_found(s, second_body, outsider, lead):
    other = assigned_to(second_body, units_for(second_body)[0], title="外区的建议")
    for user, suggestion in ((outsider, s), (lead, other)):
        client = client_of(user)
        assert _detail(client, suggestion).status_code == 404
        assert client.get(reverse("portal-unit-document", args=[suggestion.pk])).status_code == 404
        for name in ("portal-unit-sign", "portal-unit-reassign", "portal-unit-co-input", "portal-unit-contact",
                     "portal-unit-extension", "portal-unit-reply"):
            assert client.post(reverse(name, args=[suggestion.pk]), {}).status_code == 404, name
    assert Assignment.objects.get(suggestion=s, unit=lead.unit_contact.unit).signed_on is None


def test_a_unit_relieved_by_reassignment_no_longer_sees_the_suggestion(baiyun, s, co, units):
    request = online.ask_reassignment(s, units[1], reason="职责不符", by=co)
    online.decide_reassignment(request, approve=True, new_unit=units[3], note="改由他单位", by=office_user(baiyun))
    client = client_of(co)
    assert _detail(client, s).status_code == 404
    home = client.get(reverse("portal-unit-home")).content.decode()
    decisions = home.split('id="decisions"')[1]
    assert "已同意" in decisions and f"改由{units[3].name}协办" in decisions and "本单位不再承办" in decisions


def test_the_lead_unit_sees_the_proposers_phone_and_co_units_do_not(baiyun, s, lead, co):
    proposer = deputies_for(baiyun)[0]
    proposer.phone = "13800138000"
    proposer.save()
    lead_page = _detail(client_of(lead), s).content.decode()
    co_page = _detail(client_of(co), s).content.decode()
    assert "13800138000" in lead_page and proposer.name in lead_page
    assert "13800138000" not in co_page and proposer.name in co_page
    cosigner = deputies_for(baiyun)[1]
    assert cosigner.name in co_page


def test_the_timeline_names_no_staff_user_and_hides_supervision_notes(baiyun, s, lead):
    office = office_user(baiyun)
    lifecycle.set_key_supervision(s, leader="副主任 王某", since=timezone.localdate(), by=office)
    lifecycle.add_supervision_note(s, on=timezone.localdate(), text="督办内部进展说明", by=office)
    page = _detail(client_of(lead), s).content.decode()
    timeline = page.split('id="timeline"')[1]
    assert "交办" in timeline and "督办内部进展说明" not in page
    assert office.get_full_name() not in page and office.username not in timeline


def test_co_input_is_shown_to_the_lead_unit_and_each_co_unit_sees_only_its_own(s, lead, co, co2, units):
    lifecycle.record_co_input(s, units[1], input_on=timezone.localdate(), text="协办甲的意见正文", by=co)
    lifecycle.record_co_input(s, units[2], input_on=timezone.localdate(), text="协办乙的意见正文", by=co2)
    lead_page = _detail(client_of(lead), s).content.decode()
    assert "协办甲的意见正文" in lead_page and "协办乙的意见正文" in lead_page
    co_page = _detail(client_of(co), s).content.decode()
    assert "协办甲的意见正文" in co_page and "协办乙的意见正文" not in co_page
    assert f"{units[2].name}提交协办意见" in co_page  # the timeline says it happened, without the text


def test_documents_of_the_units_suggestion_download_for_its_units(s, lead, co):
    assert client_of(co).get(reverse("portal-unit-document", args=[s.pk])).status_code == 200
    lifecycle.sign_for(s, lead.unit_contact.unit, signed_on=timezone.localdate(), by=lead)
    reply = lifecycle.reply(s, replied_on=timezone.localdate(), reply_class="A", by=lead,
                            document=ContentFile(b"reply-letter", name="dafu.txt"))
    answer = client_of(co).get(reverse("portal-unit-document", args=[s.pk]), {"reply": reply.pk})
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == b"reply-letter"
    assert client_of(co).get(reverse("portal-unit-document", args=[s.pk]), {"reply": "x"}).status_code == 404


# --- signing for and reassignment ----------------------------------------------------------------


def test_signing_for_starts_handling_and_is_on_the_timeline(s, lead):
    client = client_of(lead)
    page = _detail(client, s).content.decode()
    assert 'id="sign-state"' in page and "签收期限" in page
    answer = _post(client, "portal-unit-sign", s)
    assert answer.status_code == 302
    row = Assignment.objects.get(suggestion=s, unit=lead.unit_contact.unit)
    s.refresh_from_db()
    assert row.signed_on == timezone.localdate() and s.status == S.HANDLING
    event = s.events.get(kind=E.SIGNED)
    assert event.by == lead and event.on_behalf_of == row.unit.name
    assert 'id="step-sign"' not in _detail(client, s).content.decode()


def test_a_late_signature_is_allowed_and_said_so(baiyun, units, lead):
    old = assigned_to(baiyun, units[0], assigned_on=OLD_ASSIGNMENT)
    client = client_of(lead)
    home = client.get(reverse("portal-unit-home")).content.decode()
    card = home.split(f'id="sign-{old.pk}"')[1].split("</li>")[0]
    assert "已超过签收期限" in card and (OLD_ASSIGNMENT + timedelta(days=3)).strftime("%Y-%m-%d") in card
    answer = _post(client, "portal-unit-sign", old)
    assert answer.status_code == 302
    assert "已超过签收期限" in client.get(answer["Location"]).content.decode()


def test_a_stale_form_is_refused_with_a_clear_message(s, lead):
    client = client_of(lead)
    s.refresh_from_db()
    shown_version = s.version
    lifecycle.add_contact(s, lead.unit_contact.unit, stage="before", way="phone", contacted_on=timezone.localdate(),
                          by=lead)  # someone else changed it meanwhile
    answer = _post(client, "portal-unit-sign", s, version=shown_version)
    assert answer.status_code == 400 and "已被他人更新" in answer.content.decode()
    assert Assignment.objects.get(suggestion=s, unit=lead.unit_contact.unit).signed_on is None
    answer = client.post(reverse("portal-unit-sign", args=[s.pk]), {})
    assert answer.status_code == 400 and "请刷新页面" in answer.content.decode()


def test_asking_reassignment_needs_a_reason_and_shows_the_request_and_later_the_decision(baiyun, s, co, units):
    client = client_of(co)
    answer = _post(client, "portal-unit-reassign", s, {"reason": "  ", "suggested_unit": ""})
    assert answer.status_code == 400 and "请说明申请调整承办单位的理由" in answer.content.decode()
    answer = _post(client, "portal-unit-reassign", s, {"reason": "本局不负责养老服务", "suggested_unit": "区民政局"})
    assert answer.status_code == 302
    request = ReassignRequest.objects.get(assignment__suggestion=s)
    assert request.assignment.unit == units[1] and request.suggested_unit == "区民政局" and request.asked_by == co
    page = _detail(client, s).content.decode()
    assert "本局不负责养老服务" in page and "待审批" in page and 'id="step-reassign"' not in page
    assert "申请待审批" in client.get(reverse("portal-unit-home")).content.decode()
    online.decide_reassignment(request, approve=False, note="请继续协办", by=office_user(baiyun))
    page = _detail(client, s).content.decode()
    assert "未同意" in page and "请继续协办" in page


# --- co-unit input -------------------------------------------------------------------------------


def test_the_co_unit_sends_its_input_late_input_is_marked(baiyun, units, co):
    old = assigned_to(baiyun, units[0], units[1:2], assigned_on=OLD_ASSIGNMENT)
    client = client_of(co)
    home = client.get(reverse("portal-unit-home")).content.decode()
    assert "协办意见待提交" in home and "逾期" in home.split('id="co-due"')[1]
    answer = _post(client, "portal-unit-co-input", old, {"input_text": "建议结合老旧小区改造统筹安排。"})
    assert answer.status_code == 302
    row = Assignment.objects.get(suggestion=old, unit=units[1])
    assert row.input_on == timezone.localdate() and row.input_text.startswith("建议结合")
    assert "（逾期）" in old.events.get(kind=E.CO_INPUT).text
    assert "记为逾期" in client.get(answer["Location"]).content.decode()


def test_an_empty_co_input_is_refused_by_field(s, co):
    answer = _post(client_of(co), "portal-unit-co-input", s, {"input_text": ""})
    assert answer.status_code == 400 and "协办意见：请填写协办意见。" in answer.content.decode()


# --- the lead unit's steps -----------------------------------------------------------------------


def test_the_lead_unit_records_a_contact(s, lead):
    client = client_of(lead)
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    answer = _post(client, "portal-unit-contact", s, {"stage": "before", "way": "face", "contacted_on": future})
    assert answer.status_code == 400 and "不能晚于今天" in answer.content.decode()
    answer = _post(client, "portal-unit-contact", s, {"stage": "before", "way": "face",
                                                       "contacted_on": timezone.localdate().isoformat(),
                                                       "note": "到代表工作单位当面听取意见"})
    assert answer.status_code == 302
    contact = Contact.objects.get(suggestion=s)
    assert contact.unit == lead.unit_contact.unit and contact.created_by == lead
    assert "到代表工作单位当面听取意见" in _detail(client, s).content.decode()


def test_the_lead_unit_asks_an_extension_within_the_limit(s, lead):
    client = client_of(lead)
    too_late = (s.assigned_on + timedelta(days=400)).isoformat()
    answer = _post(client, "portal-unit-extension", s, {"requested_due_on": too_late, "reason": "涉及多部门"})
    assert answer.status_code == 400 and "最晚可延期至" in answer.content.decode()
    wanted = s.reply_due_on + timedelta(days=30)
    answer = _post(client, "portal-unit-extension", s, {"requested_due_on": wanted.isoformat(), "reason": "涉及多部门"})
    assert answer.status_code == 302
    ext = Extension.objects.get(assignment__suggestion=s)
    assert ext.decision == "pending" and ext.asked_on == timezone.localdate() and ext.asked_by == lead
    s.refresh_from_db()
    assert s.reply_due_on != wanted  # only the office's approval changes the due date
    page = _detail(client, s).content.decode()
    assert 'id="step-extension"' not in page and "待审批" in page.split('id="extensions"')[1]
    assert "申请待审批" in client.get(reverse("portal-unit-home")).content.decode()


def test_the_lead_unit_must_sign_before_replying(s, lead):
    client = client_of(lead)
    page = _detail(client, s).content.decode()
    assert 'id="reply-needs-signing"' in page and 'id="step-reply"' not in page
    upload = SimpleUploadedFile("dafu.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    s.refresh_from_db()
    answer = client.post(reverse("portal-unit-reply", args=[s.pk]), {
        "reply-version": s.version, "reply-reply_class": "B", "reply-replied_on": timezone.localdate().isoformat(),
        "reply-document": upload})
    assert answer.status_code == 400 and "请先签收该建议" in answer.content.decode()
    assert not Reply.objects.filter(suggestion=s).exists()


def test_the_lead_unit_replies_with_a_class_and_a_letter(s, lead, co):
    client = client_of(lead)
    _post(client, "portal-unit-sign", s)
    s.refresh_from_db()
    before_round = (s.assigned_on - timedelta(days=1)).isoformat()
    answer = client.post(reverse("portal-unit-reply", args=[s.pk]), {
        "reply-version": s.version, "reply-reply_class": "B", "reply-replied_on": before_round, "reply-text": "列入计划"})
    assert answer.status_code == 400 and "不能早于交办日期" in answer.content.decode()
    answer = client.post(reverse("portal-unit-reply", args=[s.pk]), {
        "reply-version": s.version, "reply-reply_class": "B", "reply-replied_on": timezone.localdate().isoformat()})
    assert answer.status_code == 400 and "请填写答复内容或上传答复函" in answer.content.decode()
    upload = SimpleUploadedFile("dafu.pdf", b"%PDF-1.4 reply", content_type="application/pdf")
    answer = client.post(reverse("portal-unit-reply", args=[s.pk]), {
        "reply-version": s.version, "reply-reply_class": "B", "reply-replied_on": timezone.localdate().isoformat(),
        "reply-text": "已列入明年计划。", "reply-document": upload})
    assert answer.status_code == 302
    s.refresh_from_db()
    reply = Reply.objects.get(suggestion=s)
    assert s.status == S.REPLIED and reply.reply_class == "B" and reply.unit == lead.unit_contact.unit
    assert reply.created_by == lead and reply.document
    assert s.events.get(kind=E.REPLIED).on_behalf_of == lead.unit_contact.unit.name
    co_page = _detail(client_of(co), s).content.decode()
    assert "已列入明年计划" in co_page and f"?reply={reply.pk}" in co_page


# --- what a unit may never do --------------------------------------------------------------------


def test_a_co_unit_cannot_take_the_lead_units_steps_and_the_lead_not_the_co_units(s, lead, co):
    lifecycle.sign_for(s, co.unit_contact.unit, signed_on=timezone.localdate(), by=co)
    co_client = client_of(co)
    today = timezone.localdate().isoformat()
    steps = {
        "portal-unit-reply": {"reply_class": "A", "replied_on": today, "text": "越权答复"},
        "portal-unit-contact": {"stage": "before", "way": "phone", "contacted_on": today},
        "portal-unit-extension": {"requested_due_on": "2099-01-01", "reason": "越权"},
    }
    for name, data in steps.items():
        answer = _post(co_client, name, s, data)
        assert answer.status_code == 403 and "只有主办单位" in answer.content.decode(), name
    answer = _post(client_of(lead), "portal-unit-co-input", s, {"input_text": "主办冒充协办"})
    assert answer.status_code == 403 and "只有协办单位" in answer.content.decode()
    s.refresh_from_db()
    assert s.status == S.ASSIGNED and not Reply.objects.filter(suggestion=s).exists()
    assert not Contact.objects.filter(suggestion=s).exists() and not Extension.objects.filter(assignment__suggestion=s)


def test_a_step_always_acts_for_the_users_own_unit_whatever_the_form_says(s, co, units):
    client = client_of(co)
    s.refresh_from_db()
    answer = client.post(reverse("portal-unit-co-input", args=[s.pk]), {
        "coinput-version": s.version, "coinput-input_text": "我的意见", "coinput-unit": units[2].pk, "unit": units[2].pk})
    assert answer.status_code == 302
    assert Assignment.objects.get(suggestion=s, unit=units[1]).input_text == "我的意见"
    assert Assignment.objects.get(suggestion=s, unit=units[2]).input_on is None
    answer = _post(client, "portal-unit-sign", s, {"unit": units[0].pk})
    assert Assignment.objects.get(suggestion=s, unit=units[1]).signed_on is not None
    assert Assignment.objects.get(suggestion=s, unit=units[0]).signed_on is None


def test_a_unit_user_cannot_reach_the_offices_assignment_or_due_date_steps(baiyun, s, lead):
    client = client_of(lead)
    ext = lifecycle.ask_extension(s, asked_on=timezone.localdate(), reason="复杂",
                                  requested_due_on=s.reply_due_on + timedelta(days=20), by=lead)
    accepted = make_suggestion(baiyun, title="待交办的建议")
    for url, data in (
        (reverse("suggestion-assign", args=[accepted.pk]),
         {"assign-assigned_on": timezone.localdate().isoformat(), "assign-lead_unit": lead.unit_contact.unit.pk}),
        (reverse("extension-decide", args=[ext.pk]), {f"decide-{ext.pk}-decision": "approve",
                                                      f"decide-{ext.pk}-decided_on": timezone.localdate().isoformat()}),
        (reverse("suggestion-sign", args=[s.pk]), {"sign-unit": lead.unit_contact.unit.pk}),
    ):
        assert client.post(url, data).status_code == 403, url
    ext.refresh_from_db()
    accepted.refresh_from_db()
    assert ext.decision == "pending" and accepted.status == S.ACCEPTED


# --- the workbench -------------------------------------------------------------------------------


def test_the_workbench_counts_and_lists_the_units_work(baiyun, units, lead):
    due_soon = assigned_to(baiyun, units[0], title="快到期的建议", assigned_on=timezone.localdate() - timedelta(days=88))
    lifecycle.sign_for(due_soon, units[0], signed_on=due_soon.assigned_on, by=lead)
    overdue = assigned_to(baiyun, units[0], title="已逾期的建议", assigned_on=OLD_ASSIGNMENT)
    lifecycle.sign_for(overdue, units[0], signed_on=OLD_ASSIGNMENT, by=lead)
    unsigned = assigned_to(baiyun, units[0], title="待签收的建议")
    ext = lifecycle.ask_extension(overdue, asked_on=timezone.localdate(), reason="复杂",
                                  requested_due_on=date(2023, 7, 1), by=lead)
    lifecycle.decide_extension(ext, approve=False, decided_on=timezone.localdate(), note="不同意的理由", by=office_user(baiyun))
    html = client_of(lead).get(reverse("portal-unit-home")).content.decode()
    replies = html.split('id="replies-due"')[1].split("</section>")[0]
    assert "快到期的建议" in replies and "已逾期的建议" in replies and "逾期" in replies
    assert "待签收的建议" in html.split('id="to-sign"')[1].split("</section>")[0]
    decisions = html.split('id="decisions"')[1]
    assert "未同意" in decisions and "不同意的理由" in decisions
    assert f'href="{reverse("portal-unit-suggestion", args=[unsigned.pk])}"' in html


def test_the_workbench_query_count_is_bounded(baiyun, units, lead, django_assert_max_num_queries):
    for n in range(6):
        assigned_to(baiyun, units[0], units[1:2], title=f"工作台{n}", assigned_on=OLD_ASSIGNMENT)
    client = client_of(lead)
    with django_assert_max_num_queries(18):
        assert client.get(reverse("portal-unit-home")).status_code == 200


def test_the_lead_unit_sees_rehandling_on_its_workbench_with_the_new_due_date(baiyun):
    units = units_for(baiyun, 3)
    lead_user = unit_user(baiyun, units[0], "unit-rehandle-lead")
    co_user = unit_user(baiyun, units[1], "unit-rehandle-co")
    office = office_user(baiyun)
    s = assigned(baiyun, title="关于重新办理提示的建议")
    lifecycle.sign_for(s, units[0], signed_on=date(2023, 2, 2), by=office)
    lifecycle.reply(s, replied_on=date(2023, 3, 10), reply_class="C", text="暂难解决。", by=office)
    home = client_of(lead_user).get(reverse("portal-unit-home")).content.decode()
    assert 'id="rehandling"' not in home
    today = timezone.localdate()
    lifecycle.give_feedback(s, result="unsatisfied", comment="没有具体时间表", given_on=today, by=office)
    s.refresh_from_db()
    assert s.status == S.REHANDLING and s.round == 2
    home = client_of(lead_user).get(reverse("portal-unit-home")).content.decode()
    block = home.split('id="rehandling"', 1)[1].split("</section>", 1)[0]
    card = block.split(f'id="rehandling-{s.pk}"', 1)[1]
    assert "第2轮重新办理" in card and s.reply_due_on.strftime("%Y-%m-%d") in card
    assert "没有具体时间表" in card and s.title in card
    assert "不满意重新办理" in home.split('id="unit-counts"', 1)[1].split("</ul>", 1)[0]
    # Above the other lists of the workbench.
    assert home.index('id="rehandling"') < home.index('id="to-sign"')
    # The co-unit has no reply to give: not on its workbench; once replied again, gone from the lead's.
    assert 'id="rehandling"' not in client_of(co_user).get(reverse("portal-unit-home")).content.decode()
    lifecycle.reply(s, replied_on=today, reply_class="B", text="已列入计划。", by=office)
    assert 'id="rehandling"' not in client_of(lead_user).get(reverse("portal-unit-home")).content.decode()


def test_a_co_unit_sees_when_the_lead_unit_contacted_the_deputy_but_not_its_notes(s, lead, co):
    lifecycle.add_contact(s, lead.unit_contact.unit, stage="during", way="phone", contacted_on=timezone.localdate(),
                          note="主办单位的电话沟通要点", by=lead)
    co_page = _detail(client_of(co), s).content.decode()
    assert "主办单位的电话沟通要点" not in co_page and "办中电话沟通" in co_page.split('id="timeline"')[1]
    assert "主办单位的电话沟通要点" in _detail(client_of(lead), s).content.decode()
