"""Review opinions: due dates by calendar months, overdue marking, the rules setting, permissions, follow-up."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import BodyRules
from meetings.models import AgendaItem, Meeting
from plans.models import ItemEdit, PlanItem, SupervisionForm
from supervision.models import ReviewOpinion
from supervision.opinions import add_months, create_opinion, opinion_due_on, opinion_state
from tests.conftest import client_for
from tests.versioned_posts import post_edit, with_version


@pytest.mark.parametrize(("start", "months", "due"), [
    (date(2023, 5, 31), 2, date(2023, 7, 31)),
    (date(2023, 5, 31), 1, date(2023, 6, 30)),
    (date(2023, 12, 31), 2, date(2024, 2, 29)),
    (date(2022, 12, 31), 2, date(2023, 2, 28)),
    (date(2023, 11, 15), 3, date(2024, 2, 15)),
    (date(2023, 1, 31), 12, date(2024, 1, 31)),
])
def test_months_are_calendar_months(start, months, due):
    assert add_months(start, months) == due


def _item(baiyun, number=13, order=3):
    return AgendaItem.objects.get(meeting__body=baiyun, meeting__kind="standing", meeting__year=2023,
                                  meeting__number=number, order=order)


def _opinion(baiyun, sent_on=date(2023, 5, 31), **kw):
    item = _item(baiyun)
    return create_opinion(ReviewOpinion(agenda_item=item, sent_on=sent_on, text="建议……", **kw),
                          get_user_model().objects.get(username="office"))


def test_a_review_opinion_sent_after_the_13th_meeting_is_marked_overdue_once_its_due_date_passes(baiyun):
    opinion = _opinion(baiyun)
    assert opinion.due_on == date(2023, 7, 31)
    assert opinion.committee is not None and opinion.reporting_body is not None
    assert not opinion.is_overdue(date(2023, 7, 31))
    assert opinion.is_overdue(date(2023, 8, 1))
    assert opinion_state(opinion, date(2023, 8, 1)) == ("overdue", "逾期未反馈")
    opinion.response_on = date(2023, 8, 3)
    assert not opinion.is_overdue(date(2023, 9, 1))
    # The plan item's history notes the step.
    plan_item = opinion.agenda_item.plan_items.first()
    assert ItemEdit.objects.filter(item=plan_item, changes__has_key="审议意见").exists()


def test_overdue_is_marked_on_list_detail_and_meeting_row(baiyun, office_client):
    opinion = _opinion(baiyun)  # due 2023-07-31, long past, no response
    listing = office_client.get(reverse("opinion-list"), {"overdue": "true"}).content.decode()
    assert f'id="opinion-{opinion.pk}" class="overdue"' in listing and "逾期未反馈" in listing
    assert "逾期未反馈" in office_client.get(reverse("opinion-detail", args=[opinion.pk])).content.decode()
    from django.template import Context, Template

    html = Template("{% load supervision_tags %}{% opinion_badge a %}").render(Context({"a": opinion.agenda_item}))
    assert "审议意见逾期未反馈" in html
    html = Template("{% load supervision_tags %}{% opinion_badge a day %}").render(
        Context({"a": opinion.agenda_item, "day": date(2023, 7, 1)}))
    assert "待反馈" in html
    not_overdue = office_client.get(reverse("opinion-list"), {"overdue": "false"}).content.decode()
    assert f'id="opinion-{opinion.pk}"' not in not_overdue


def test_a_rules_change_affects_new_opinions_only(baiyun):
    old = _opinion(baiyun)
    rules = BodyRules.objects.get_or_create(body=baiyun)[0]
    rules.opinion_response_months = 3
    rules.save()
    new = _opinion(baiyun)
    old.refresh_from_db()
    assert old.due_on == date(2023, 7, 31)
    assert new.due_on == date(2023, 8, 31) == opinion_due_on(baiyun, date(2023, 5, 31))


def test_office_creates_from_the_agenda_item(baiyun, office_client):
    item = _item(baiyun)
    response = office_client.post(reverse("opinion-create", args=[item.pk]), {"text": "一是……", "sent_on": "2023-06-08"})
    opinion = ReviewOpinion.objects.filter(agenda_item=item).latest("pk")
    assert response.status_code == 302 and opinion.due_on == date(2023, 8, 8)
    empty = office_client.post(reverse("opinion-create", args=[item.pk]), {"text": "", "sent_on": "2023-06-08"})
    assert "请填写审议意见或上传文件" in empty.content.decode()


def _lead_for(opinion):
    return "lead-shehui" if opinion.committee.short_name == "社会建设工委" else "lead-caijing"


def _other_lead(opinion):
    return "lead-caijing" if _lead_for(opinion) == "lead-shehui" else "lead-shehui"


def _shehui_opinion(baiyun):
    from core.models import Committee

    return _opinion(baiyun, committee=Committee.objects.get(body=baiyun, short_name="社会建设工委"))


RESPONSE = {"response_on": "2023-07-20", "assessment": "basic", "assessment_note": "基本落实"}


@pytest.mark.parametrize(("username", "allowed"), [
    ("office", True), ("lead-shehui", True), ("lead-caijing", False), ("director", False),
])
def test_response_permissions_on_page_and_api(baiyun, username, allowed):
    opinion = _shehui_opinion(baiyun)
    page = post_edit(client_for(username), reverse("opinion-detail", args=[opinion.pk]), RESPONSE)
    assert page.status_code == (302 if allowed else 403)
    opinion.refresh_from_db()
    assert (opinion.response_on == date(2023, 7, 20)) is allowed
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    detail = reverse("api:review-opinion-detail", args=[opinion.pk])
    response = api.post(reverse("api:review-opinion-respond", args=[opinion.pk]), with_version(api, detail, RESPONSE),
                        format="json")
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert response.json()["detail"]  # the reason, in words
    creating = api.post(reverse("api:review-opinion-list"), {"agenda_item": opinion.agenda_item_id, "text": "x"},
                        format="json")
    assert creating.status_code == (201 if username == "office" else 403)
    assert api.get(reverse("api:review-opinion-detail", args=[opinion.pk])).status_code == 200


def test_anonymous_is_redirected_and_api_refuses(baiyun, client):
    assert client.get(reverse("opinion-list")).status_code == 302
    assert APIClient().get(reverse("api:review-opinion-list")).status_code in (401, 403)


def test_api_filters_like_the_page(baiyun):
    opinion = _opinion(baiyun)
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username="director"))
    rows = api.get(reverse("api:review-opinion-list"), {"overdue": "true", "year": 2023}).json()["results"]
    assert opinion.pk in [r["id"] for r in rows] and all(r["overdue"] for r in rows)


def test_follow_up_page_shows_each_opinions_state_in_constant_queries(baiyun, office_client,
                                                                      django_assert_max_num_queries):
    item = PlanItem.objects.get(body=baiyun, year=2023, form=SupervisionForm.FOLLOW_UP)
    followed = list(item.followed_opinions.all())
    assert len(followed) >= 12
    with django_assert_max_num_queries(14):
        response = office_client.get(reverse("followup-detail", args=[item.pk]))
    text = response.content.decode()
    assert "文物保护法" in text and "区检察院" in text
    assert "逾期未反馈" in text and "已反馈" in text
    # More opinions, same number of queries.
    extra = _opinion(baiyun)
    extra.followed_by.add(item)
    with django_assert_max_num_queries(14):
        office_client.get(reverse("followup-detail", args=[item.pk]))


def test_office_links_opinions_and_others_cannot(baiyun, office_client):
    item = PlanItem.objects.get(body=baiyun, year=2023, form=SupervisionForm.FOLLOW_UP)
    keep = list(item.followed_opinions.values_list("pk", flat=True))[:3]
    assert client_for("director").post(reverse("followup-detail", args=[item.pk]), {"opinions": keep}).status_code == 403
    office_client.post(reverse("followup-detail", args=[item.pk]), {"opinions": keep})
    assert set(item.followed_opinions.values_list("pk", flat=True)) == set(keep)
    other = PlanItem.objects.filter(body=baiyun).exclude(form=SupervisionForm.FOLLOW_UP).first()
    assert office_client.get(reverse("followup-detail", args=[other.pk])).status_code == 404


def test_demo_followup_is_2022_data_marked_as_example(baiyun):
    item = PlanItem.objects.get(body=baiyun, year=2023, form=SupervisionForm.FOLLOW_UP)
    opinions = item.followed_opinions.select_related("agenda_item__meeting")
    assert {o.agenda_item.meeting.year for o in opinions} == {2022}
    assert all("示例数据" in o.text for o in opinions)
    assert Meeting.objects.filter(body=baiyun, year=2022).count() >= 2
