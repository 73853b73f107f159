"""The office's side of suggestions raised online, on the staff pages: checking a submitted suggestion
(立案 with a number, or 退回 with a reason), the co-signers' confirmations, units' reassignment
requests and their decisions, what waits on the office, and marking suggestions and replies public."""

from datetime import date

import pytest
from django.urls import reverse

from core.models import Committee
from deputies.models import Assignment, ReassignRequest, Reply, Suggestion, SuggestionEvent
from deputies.models.suggestions import SuggestionStatus as S
from deputies.suggestions import lifecycle, online
from tests.conftest import client_for
from tests.isolation_suggestions import assigned, deputies_for, make_suggestion, office_user, units_for

E = SuggestionEvent.Kind


@pytest.fixture
def people(baiyun):
    return deputies_for(baiyun, 4)


def _submitted(body, people, cosigners=0, title="关于在线提交测试的建议"):
    s = online.save_draft(body, people[0], title=title, content="在线提交的内容。", category="城建环保",
                          cosigners=people[1:1 + cosigners], by=None)
    return online.submit(s, by=None)


def _post(client, name, prefix, s, pk=None, **fields):
    s.refresh_from_db()
    data = {f"{prefix}-{k}": v for k, v in fields.items()}
    data.setdefault(f"{prefix}-version", s.version)
    return client.post(reverse(name, args=[pk or s.pk]), data)


# --- checking submitted suggestions ----------------------------------------------------------------


def test_the_office_accepts_a_submitted_suggestion_with_the_next_number(baiyun, people, office_client):
    s = _submitted(baiyun, people)
    expected = online.next_number(s)
    page = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert 'id="check"' in page and "等待常委会办公室审查" in page
    assert f'action="{reverse("suggestion-accept", args=[s.pk])}"' in page
    assert f'name="accept-number" value="{expected}"' in page
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    response = _post(office_client, "suggestion-accept", "accept", s, number="", committee=caijing.pk,
                     category="财政经济", accepted_on=date.today().isoformat())
    assert response.status_code == 302 and response["Location"].endswith("#check")
    s.refresh_from_db()
    assert (s.status, s.number, s.committee, s.category) == (S.ACCEPTED, expected, caijing, "财政经济")
    event = s.events.get(kind=E.ACCEPTED)
    assert event.by.username == "office" and f"第{expected}号" in event.text
    page = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert f'action="{reverse("suggestion-assign", args=[s.pk])}"' in page
    assert f'action="{reverse("suggestion-accept", args=[s.pk])}"' not in page


def test_a_taken_number_or_a_stale_page_is_refused_next_to_the_field(baiyun, people, office_client):
    first = online.accept(_submitted(baiyun, people, title="先立案"), by=office_user(baiyun))
    s = _submitted(baiyun, people)
    response = _post(office_client, "suggestion-accept", "accept", s, number=first.number,
                     accepted_on=date.today().isoformat())
    text = response.content.decode()
    assert response.status_code == 400 and f"编号：{first.year}年闭会期间已有第{first.number}号建议" in text
    stale = _post(office_client, "suggestion-accept", "accept", s, version=s.version - 1,
                  accepted_on=date.today().isoformat())
    assert stale.status_code == 400 and "已被他人更新" in stale.content.decode()
    s.refresh_from_db()
    assert s.status == S.SUBMITTED and s.number is None


def test_the_office_returns_a_suggestion_with_a_reason(baiyun, people, office_client):
    s = _submitted(baiyun, people)
    empty = _post(office_client, "suggestion-return", "return", s, reason=" ", returned_on=date.today().isoformat())
    assert empty.status_code == 400 and "请写明退回的理由" in empty.content.decode()
    response = _post(office_client, "suggestion-return", "return", s, reason="请补充具体的实施地点",
                     returned_on=date.today().isoformat())
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.status == S.RETURNED
    page = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert "已退回代表修改" in page and "请补充具体的实施地点" in page
    assert f'action="{reverse("suggestion-accept", args=[s.pk])}"' not in page


def test_cosigners_confirmations_show_while_they_are_awaited(baiyun, people, office_client):
    s = _submitted(baiyun, people, cosigners=2)
    online.confirm_cosign(s, people[1], by=None)
    page = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert "正在等待附议代表确认" in page
    confirmed = page.split(f'id="cosigner-{people[1].pk}"', 1)[1].split("</tr>", 1)[0]
    waiting = page.split(f'id="cosigner-{people[2].pk}"', 1)[1].split("</tr>", 1)[0]
    assert "已确认" in confirmed and "待确认" in waiting
    assert f'action="{reverse("suggestion-accept", args=[s.pk])}"' not in page  # not yet the office's turn
    refused = _post(office_client, "suggestion-accept", "accept", s, accepted_on=date.today().isoformat())
    assert refused.status_code == 400 and "只有待审查的建议可以立案" in refused.content.decode()


@pytest.mark.parametrize("username", ["director", "lead-caijing", "deputy-demo", "unit-demo"])
def test_only_the_office_checks(baiyun, people, username):
    s = _submitted(baiyun, people)
    client = client_for(username)
    for name, prefix in (("suggestion-accept", "accept"), ("suggestion-return", "return")):
        response = _post(client, name, prefix, s, reason="x", accepted_on=date.today().isoformat())
        assert response.status_code == 403, (username, name)
    s.refresh_from_db()
    assert s.status == S.SUBMITTED


def test_the_list_has_quick_filters_for_what_waits(baiyun, people, office_client):
    submitted = _submitted(baiyun, people, title="快捷筛选待审查")
    confirming = _submitted(baiyun, people, cosigners=1, title="快捷筛选待确认")
    page = office_client.get(reverse("suggestion-list")).content.decode()
    waiting = page.split('id="waiting"', 1)[1].split("</nav>", 1)[0]
    assert "?status=submitted" in waiting and "?status=confirming" in waiting
    assert reverse("suggestion-requests") in waiting
    listed = office_client.get(reverse("suggestion-list"), {"status": "submitted"}).content.decode()
    assert f'id="suggestion-{submitted.pk}"' in listed and f'id="suggestion-{confirming.pk}"' not in listed


# --- reassignment requests -----------------------------------------------------------------------


def test_the_office_decides_a_reassignment_request_and_the_history_keeps_both(baiyun, office_client):
    s = assigned(baiyun, title="调整承办单位测试")
    lead, co, other = units_for(baiyun, 3)
    row = online.ask_reassignment(s, lead, reason="不属于本单位职责", suggested_unit=other.name, by=None)
    detail = reverse("suggestion-detail", args=[s.pk])
    page = office_client.get(detail).content.decode()
    assert f'action="{reverse("reassign-decide", args=[row.pk])}"' in page and "不属于本单位职责" in page
    prefix = f"reassign-{row.pk}"
    missing = _post(office_client, "reassign-decide", prefix, s, pk=row.pk, decision="approve",
                    decided_on=date.today().isoformat())
    assert missing.status_code == 400 and "请指定改由哪个单位主办" in missing.content.decode()
    ok = _post(office_client, "reassign-decide", prefix, s, pk=row.pk, decision="approve", new_unit=other.pk,
               decided_on=date.today().isoformat(), note="改由对口部门")
    assert ok.status_code == 302 and ok["Location"].endswith("#handling")
    s.refresh_from_db()
    assert s.lead_unit == other
    assert not Assignment.objects.get(suggestion=s, unit=lead).active
    # A second request (by the co-unit), refused with a reason; both stay on the page.
    second = online.ask_reassignment(s, co, reason="协办无关", by=None)
    refused = _post(office_client, "reassign-decide", f"reassign-{second.pk}", s, pk=second.pk, decision="refuse",
                    decided_on=date.today().isoformat(), note="请继续协办")
    assert refused.status_code == 302
    page = office_client.get(detail).content.decode()
    assert f'id="reassign-request-{row.pk}"' in page and f'id="reassign-request-{second.pk}"' in page
    assert "已同意" in page and "未同意" in page and f"改由{other.name}主办" in page and "请继续协办" in page
    assert f'action="{reverse("reassign-decide", args=[row.pk])}"' not in page
    again = _post(office_client, "reassign-decide", prefix, s, pk=row.pk, decision="refuse",
                  decided_on=date.today().isoformat(), note="x")
    assert again.status_code == 400 and "该申请已审批" in again.content.decode()
    assert ReassignRequest.objects.get(pk=row.pk).decision == "approved"


def test_only_the_office_decides_reassignment(baiyun):
    s = assigned(baiyun, title="调整审批权限")
    row = online.ask_reassignment(s, units_for(baiyun, 1)[0], reason="不属于本单位职责", by=None)
    for username in ("director", "lead-caijing", "unit-demo"):
        response = _post(client_for(username), "reassign-decide", f"reassign-{row.pk}", s, pk=row.pk,
                         decision="refuse", decided_on=date.today().isoformat(), note="x")
        assert response.status_code == 403
    assert ReassignRequest.objects.get(pk=row.pk).decision == "pending"


def test_the_requests_page_lists_what_waits_on_the_office(baiyun, people, office_client,
                                                           django_assert_max_num_queries):
    rows = []
    for n in range(4):
        s = assigned(baiyun, title=f"待处理申请{n}")
        rows.append(online.ask_reassignment(s, units_for(baiyun, 1)[0], reason=f"理由{n}", by=None))
        lifecycle.ask_extension(s, asked_on=date(2023, 3, 1), reason=f"延期理由{n}", requested_due_on=date(2023, 6, 1),
                                by=None)
    submitted = _submitted(baiyun, people, title="待处理页待审查")
    with django_assert_max_num_queries(14):
        response = office_client.get(reverse("suggestion-requests"))
    text = response.content.decode()
    for row in rows:
        assert f'id="pending-reassign-{row.pk}"' in text
    assert text.count('id="pending-extension-') >= 4 and f'id="check-{submitted.pk}"' in text
    decided = rows[0]
    online.decide_reassignment(decided, approve=False, note="继续办理", by=office_user(baiyun))
    text = office_client.get(reverse("suggestion-requests")).content.decode()
    assert f'id="pending-reassign-{decided.pk}"' not in text


# --- marking public --------------------------------------------------------------------------------


def _replied_twice(body, title="公开设置测试"):
    s = assigned(body, number=None, title=title)
    office = office_user(body)
    lifecycle.reply(s, replied_on=date(2023, 3, 1), reply_class="B", text="第一次答复", by=office)
    lifecycle.give_feedback(s, result="unsatisfied", comment="不满意", given_on=date(2023, 3, 5), by=office)
    lifecycle.reply(s, replied_on=date(2023, 3, 20), reply_class="A", text="第二次答复", by=office)
    Suggestion.objects.filter(pk=s.pk).update(number=900 + s.pk % 90)
    s.refresh_from_db()
    return s


def test_the_office_marks_a_suggestion_and_one_reply_public(baiyun, office_client):
    s = _replied_twice(baiyun)
    first, second = Reply.objects.filter(suggestion=s).order_by("round")
    page = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert f'action="{reverse("suggestion-publish", args=[s.pk])}"' in page and "未公开" in page
    response = _post(office_client, "suggestion-publish", "publish", s, is_public="on", replies=[first.pk])
    assert response.status_code == 302 and response["Location"].endswith("#disclosure")
    s.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert s.is_public and first.is_public and not second.is_public
    event = s.events.filter(kind=E.EDITED).latest("at")
    assert "建议设为公开" in event.text and "第1轮答复（B类）设为公开" in event.text
    page = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert "已公开" in page and reverse("public-suggestion", args=[baiyun.pk, s.pk]) in page
    # Nothing changed: no event, no new version.
    version = s.version
    _post(office_client, "suggestion-publish", "publish", s, is_public="on", replies=[first.pk])
    s.refresh_from_db()
    assert s.version == version
    # Taken off again.
    _post(office_client, "suggestion-publish", "publish", s, replies=[])
    s.refresh_from_db()
    assert not s.is_public and not Reply.objects.filter(suggestion=s, is_public=True).exists()


def test_a_suggestion_not_yet_accepted_cannot_be_public(baiyun, people, office_client):
    s = _submitted(baiyun, people)
    page = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert f'action="{reverse("suggestion-publish", args=[s.pk])}"' not in page
    response = _post(office_client, "suggestion-publish", "publish", s, is_public="on")
    assert response.status_code == 400 and "只有经审查立案（已编号）的建议可以公开" in response.content.decode()
    s.refresh_from_db()
    assert not s.is_public
    other = _replied_twice(baiyun, title="别的建议")
    foreign = Reply.objects.filter(suggestion=other).first()
    refused = _post(office_client, "suggestion-publish", "publish", _replied_twice(baiyun, title="第三条"),
                    is_public="on", replies=[foreign.pk])
    assert refused.status_code == 400 and not Reply.objects.get(pk=foreign.pk).is_public


def test_batch_publish_is_all_or_nothing(baiyun, people, office_client):
    a = _replied_twice(baiyun, title="批量公开甲")
    b = make_suggestion(baiyun, number=None, title="批量公开乙")
    Suggestion.objects.filter(pk=b.pk).update(number=990)
    url = reverse("suggestion-publish-batch")
    page = office_client.get(url, {"q": "批量公开"}).content.decode()
    assert f'value="{a.pk}"' in page and f'value="{b.pk}"' in page
    submitted = _submitted(baiyun, people, title="批量公开丙")
    refused = office_client.post(url, {"suggestions": [a.pk, submitted.pk], "action": "publish"})
    assert refused.status_code == 400 and "尚未立案" in refused.content.decode()
    assert not Suggestion.objects.filter(pk__in=[a.pk, submitted.pk], is_public=True).exists()
    done = office_client.post(url, {"suggestions": [a.pk, b.pk], "action": "publish"})
    assert done.status_code == 302
    assert Suggestion.objects.filter(pk__in=[a.pk, b.pk], is_public=True).count() == 2
    assert Reply.objects.filter(suggestion=a, is_public=True).count() == 2
    office_client.post(url, {"suggestions": [b.pk], "action": "unpublish"})
    assert not Suggestion.objects.get(pk=b.pk).is_public
    assert client_for("director").post(url, {"suggestions": [a.pk], "action": "unpublish"}).status_code == 403
    assert Suggestion.objects.get(pk=a.pk).is_public
