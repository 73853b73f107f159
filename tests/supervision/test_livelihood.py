"""Livelihood projects, inspections and inquiries: demo, progress, permissions, API."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from supervision.models import Inspection, LivelihoodProject, SpecialInquiry
from tests.conftest import client_for
from tests.versioned_posts import post_edit, with_version


def _api(username):
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


def test_ten_demo_projects_list_in_constant_queries(baiyun, office_client, django_assert_max_num_queries):
    assert LivelihoodProject.objects.filter(body=baiyun, year=2023).count() == 10
    with django_assert_max_num_queries(14):
        text = office_client.get(reverse("livelihood-list"), {"year": 2023}).content.decode()
    assert "示例数据" in text and text.count('id="project-') == 10


def _project(baiyun, committee="社会建设工委"):
    return LivelihoodProject.objects.filter(body=baiyun, year=2023, committee__short_name=committee).first()


@pytest.mark.parametrize(("username", "allowed"), [
    ("office", True), ("lead-shehui", True), ("lead-caijing", False), ("director", False),
])
def test_progress_by_following_committee_or_office(baiyun, username, allowed):
    project = _project(baiyun)
    data = {"reported_on": "2023-07-01", "percent": 55, "text": "已完成过半"}
    assert client_for(username).post(reverse("livelihood-progress", args=[project.pk]), data).status_code == (
        302 if allowed else 403)
    api = _api(username).post(reverse("api:livelihood-project-progress", args=[project.pk]), data, format="json")
    assert api.status_code == (201 if allowed else 403)
    assert project.progress.count() == (2 if allowed else 0)
    if allowed:
        page = client_for("director").get(reverse("livelihood-detail", args=[project.pk])).content.decode()
        assert "已完成过半" in page and "55%" in page


def test_office_creates_projects_others_cannot(baiyun, office_client):
    data = {"year": 2024, "number": 1, "title": "新增停车位"}
    assert client_for("lead-shehui").post(reverse("livelihood-create"), data).status_code == 403
    assert office_client.post(reverse("livelihood-create"), data).status_code == 302
    again = office_client.post(reverse("livelihood-create"), data).content.decode()
    assert "2024 年已有第 1 项" in again
    assert _api("director").post(reverse("api:livelihood-project-list"), {**data, "number": 2}).status_code == 403
    assert _api("office").post(reverse("api:livelihood-project-list"), {**data, "number": 2}).status_code == 201


def test_evaluation_result_shows_on_the_project(baiyun, office_client):
    from meetings.models import AgendaItem
    from supervision.models import Evaluation, EvaluationSubject

    project = _project(baiyun)
    item = AgendaItem.objects.filter(meeting__body=baiyun, meeting__number=18, meeting__year=2023).first()
    evaluation = Evaluation.objects.create(agenda_item=item, title="民生实事测评（测试）")
    EvaluationSubject.objects.create(evaluation=evaluation, kind="livelihood", livelihood_project=project,
                                     label=project.title, satisfied=30, basic=5, unsatisfied=1, result="satisfied")
    text = office_client.get(reverse("livelihood-detail", args=[project.pk])).content.decode()
    assert "民生实事测评（测试）" in text and "<strong>满意</strong>" in text


def test_demo_inspection_and_inquiries(baiyun, office_client):
    inspection = Inspection.objects.get(body=baiyun, year=2023)
    assert inspection.report_agenda_item.order == 1 and inspection.report_agenda_item.meeting.number == 15
    text = office_client.get(reverse("inspection-detail", args=[inspection.pk])).content.decode()
    assert "乡村振兴促进法" in text and "示例数据" in text
    assert SpecialInquiry.objects.filter(agenda_item__meeting__body=baiyun).count() == 7
    assert "专题询问" in office_client.get(reverse("inquiry-list"), {"year": 2023}).content.decode()


def test_inspections_and_inquiries_office_only(baiyun):
    inquiry = SpecialInquiry.objects.filter(agenda_item__meeting__body=baiyun).first()
    data = {"askers": "甲", "officials": "乙", "question_count": 3}
    assert post_edit(client_for("lead-caijing"), reverse("inquiry-edit", args=[inquiry.agenda_item_id]), data).status_code == 403
    assert post_edit(client_for("office"), reverse("inquiry-edit", args=[inquiry.agenda_item_id]), data).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.question_count == 3
    r = _api("director").patch(reverse("api:special-inquiry-detail", args=[inquiry.pk]), {"question_count": 9},
                               format="json")
    assert r.status_code == 403 and "主任会议成员" in r.json()["detail"]
    detail = reverse("api:special-inquiry-detail", args=[inquiry.pk])
    r = _api("office").patch(detail, with_version(_api("office"), detail, {"question_count": 9}), format="json")
    assert r.status_code == 200 and r.json()["question_count"] == 9
    insp = {"year": 2024, "title": "食品安全法执法检查", "laws": "中华人民共和国食品安全法"}
    assert _api("lead-caijing").post(reverse("api:inspection-list"), insp, format="json").status_code == 403
    assert _api("office").post(reverse("api:inspection-list"), insp, format="json").status_code == 201
