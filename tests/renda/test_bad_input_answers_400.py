"""Bad input answers 400 with a message in Chinese, never a 500 (issue 21, 7c); the error pages speak Chinese."""

import pytest
from django.test import RequestFactory
from django.views import defaults

from deputies.models import Suggestion
from supervision.models import Rectification
from tests.conftest import client_for


@pytest.mark.parametrize("year", ["0", "-1", "10000", "abc"])
def test_the_meeting_calendar_names_a_year_out_of_range(baiyun, year):
    response = client_for("office").get(f"/meetings/calendar/?year={year}")
    assert response.status_code == 400
    assert f"年度“{year}”无法识别" in response.content.decode()


@pytest.mark.parametrize("source", ["opinion", "inspection"])
def test_a_rectification_from_a_source_that_is_not_an_id(baiyun, source):
    response = client_for("office").get(f"/supervision/rectifications/new/?{source}=abc")
    assert response.status_code == 400
    assert "整改来源“abc”无法识别" in response.content.decode()


def test_a_reply_whose_body_is_not_a_json_object(baiyun):
    suggestion = Suggestion.objects.filter(body=baiyun).first()
    response = client_for("office").post(f"/api/v1/suggestions/{suggestion.pk}/reply/", data="[1, 2]",
                                         content_type="application/json")
    assert response.status_code == 400
    assert "JSON 对象" in response.json()["non_field_errors"][0]


@pytest.mark.parametrize("body", ['{"text": "\\ud800x"}', b'{"text": "\xed\xa0\x80x"}'])
def test_a_note_with_a_lone_surrogate(baiyun, body):
    rect = Rectification.objects.filter(body=baiyun).first()
    before = rect.notes.count()
    response = client_for("office").post(f"/api/v1/rectifications/{rect.pk}/notes/", data=body,
                                         content_type="application/json")
    assert response.status_code == 400
    assert rect.notes.count() == before


def test_the_production_error_pages_are_in_chinese(settings):
    settings.DEBUG = False
    request = RequestFactory().get("/items/")
    server_error = defaults.server_error(request)
    assert server_error.status_code == 500 and "系统出错" in server_error.content.decode()
    bad = defaults.bad_request(request, Exception("x"))
    assert bad.status_code == 400 and "请求有误" in bad.content.decode()


def test_a_new_plan_item_whose_number_is_too_long(baiyun):
    """PostgreSQL would refuse the row (DataError, a 500); the API names the field first."""
    from plans.models import AnnualPlan

    plan = AnnualPlan.objects.filter(body=baiyun).first()
    response = client_for("office").post("/api/v1/plan-items/", {
        "plan": plan.pk, "number": "一" * 21, "title": "测试事项", "form": "special_report", "timing_kind": "month",
        "start_month": 5}, content_type="application/json")
    assert response.status_code == 400
    assert "number" in response.json()


@pytest.mark.parametrize("path", ["/summary/55375187/", "/summary/0/summary.docx", "/api/v1/summary/10000/",
                                  "/meetings/year/1979/schedule.xlsx", "/api/v1/meetings/schedule/2101.xlsx"])
def test_an_address_with_a_year_the_app_cannot_hold_does_not_exist(baiyun, path):
    """Found by the API fuzz: /api/v1/summary/55375187/ was a 500 (date(55375187, 1, 1)); such a year is a 404."""
    assert client_for("office").get(path).status_code == 404


def test_a_year_inside_the_range_still_opens(baiyun):
    assert client_for("office").get("/api/v1/summary/2023/").status_code == 200
