"""建议办理工作评价 beyond the ranking page: the unit's own score on its portal, the 不满意情况专项报告 handed in on
the portal and reminded like a reply, 领办 on the office's form and API and in the figures, the dashboard's five
lowest units."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_scopes import scope
from rest_framework.test import APIClient

from core.models import Notification, ReportingBody, UnitContact
from core.reminders import collect
from deputies.figures import counts as F
from deputies.models import Suggestion, UnsatisfiedReport
from deputies.suggestions import lifecycle
from tests.conftest import client_for
from tests.deputies.test_unit_evaluation_scoring import YEAR, known  # noqa: F401


@pytest.fixture
def edu_contact(baiyun):
    """unit-demo works for 区发展改革局; for these tests a contact of 区教育局 (the Known set's unit)."""
    User = get_user_model()
    user = User.objects.get(username="unit-demo")
    contact = UnitContact.objects.get(user=user, active=True)
    contact.unit = ReportingBody.objects.get(body=baiyun, name="区教育局")
    contact.save()
    return client_for("unit-demo")


def test_the_unit_sees_its_own_score_and_not_others(known, edu_contact):  # noqa: F811
    html = edu_contact.get(reverse("portal-unit-evaluation"), {"year": YEAR}).content.decode()
    assert "区教育局" in html and "60.4" in html  # its own score (tests/deputies/test_unit_evaluation_scoring.py)
    assert "区民政局" not in html and "53.8" not in html  # never another unit's
    assert edu_contact.get(reverse("unit-evaluation"), {"year": YEAR}).status_code == 403


def test_the_unit_hands_in_its_special_report_on_the_portal(known, edu_contact):  # noqa: F811
    s = known.made[4]
    page = edu_contact.get(reverse("portal-unit-suggestion", args=[s.pk])).content.decode()
    assert "不满意情况专项报告" in page and "逾期未提交" in page and "提交专项报告" in page
    url = reverse("portal-unit-special-report", args=[s.pk])
    assert edu_contact.post(url, {"round": 1, "text": ""}).status_code == 302
    assert UnsatisfiedReport.objects.get(suggestion=s).delivered_on is None  # nothing given: refused
    edu_contact.post(url, {"round": 1, "text": "关于代表不满意情况的专项报告"})
    report = UnsatisfiedReport.objects.get(suggestion=s)
    assert report.delivered_on is not None and report.text == "关于代表不满意情况的专项报告"
    staff = client_for("office").get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert "关于代表不满意情况的专项报告" in staff and "已提交" in staff
    # Another unit's contact cannot hand it in (the suggestion is not theirs: 404).
    other = client_for("unit-demo")
    UnitContact.objects.filter(user__username="unit-demo").update(
        unit=ReportingBody.objects.get(body=s.body, name="区民政局"))
    assert other.post(url, {"round": 1, "text": "x"}).status_code == 404


def test_special_reports_are_reminded_like_replies(known, baiyun):  # noqa: F811
    report = UnsatisfiedReport.objects.get(suggestion=known.made[4])
    office = set(get_user_model().objects.filter(groups__name="办公室", body_memberships__body=baiyun,
                                                 is_active=True).values_list("pk", flat=True))
    with scope(body=baiyun):
        week_before = collect(baiyun, report.due_on - timedelta(days=7), [Notification.Kind.UNSATISFIED_REPORT])
        overdue = collect(baiyun, report.due_on + timedelta(days=1), [Notification.Kind.UNSATISFIED_REPORT])
        delivered = collect(baiyun, known.days(82) - timedelta(days=1), [Notification.Kind.UNSATISFIED_REPORT])
    mine = [d for d in week_before if d.subject == f"unsatisfied_report:{report.pk}"]
    assert {d.step for d in mine} == {"before-7"} and {d.recipient_id for d in mine} >= office
    assert "不满意情况专项报告" in mine[0].title
    assert {d.step for d in overdue if d.subject == f"unsatisfied_report:{report.pk}"} == {"overdue"}
    # The one delivered on time (suggestion 2) is not reminded after delivery.
    on_time = UnsatisfiedReport.objects.get(suggestion=known.made[2])
    with scope(body=baiyun):
        after = collect(baiyun, on_time.due_on + timedelta(days=1), [Notification.Kind.UNSATISFIED_REPORT])
    assert not [d for d in after if d.subject == f"unsatisfied_report:{on_time.pk}"]
    assert delivered is not None


def test_leading_on_the_form_and_api_counted_in_the_figures(known, baiyun, office_client):  # noqa: F811
    s = known.made[1]  # assigned: only 领办 may still change
    s.refresh_from_db()
    url = reverse("suggestion-edit", args=[s.pk])
    page = office_client.get(url).content.decode()
    assert "领办领导" in page
    response = office_client.post(url, {"version": s.version, "led_by": "head", "leader_name": ""})
    assert response.status_code == 200 and "请填写领办领导" in response.content.decode()
    office_client.post(url, {"version": s.version, "led_by": "head", "leader_name": "区教育局局长 张三"})
    s.refresh_from_db()
    assert (s.led_by, s.leader_name) == ("head", "区教育局局长 张三")
    detail = office_client.get(reverse("suggestion-detail", args=[s.pk])).content.decode()
    assert "一把手领办：区教育局局长 张三" in detail

    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username="office"))
    other = known.made[2]
    other.refresh_from_db()
    answer = api.post(f"/api/v1/suggestions/{other.pk}/leading/",
                      {"version": other.version, "led_by": "member", "leader_name": "副局长 李四"}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["led_by"] == "member" and answer.json()["leader_name"] == "副局长 李四"
    director = APIClient()
    director.force_authenticate(get_user_model().objects.get(username="director"))
    assert director.post(f"/api/v1/suggestions/{other.pk}/leading/",
                         {"version": answer.json()["version"], "led_by": ""}, format="json").status_code == 403

    totals, links = F.year_totals(baiyun, YEAR, get_user_model().objects.get(username="office"))
    assert totals["led_head"] == 1 and totals["led_member"] == 1
    assert links["led_head"] == {"year": YEAR, "led_by": "head"}
    listed = office_client.get(reverse("suggestion-list"), {"year": YEAR, "led_by": "member"}).content.decode()
    assert "共 1 件" in listed


def test_the_dashboard_shows_the_five_lowest_units(known, baiyun):  # noqa: F811
    html = client_for("director").get(reverse("dashboard"), {"year": YEAR}).content.decode()
    block = html[html.index('id="lowest-units"'):]
    block = block[:block.index("</ol>")]
    # Lowest first: 区民政局 (53.8) before 区教育局 (60.4), each linking to its row of the ranking.
    assert block.index("区民政局") < block.index("区教育局")
    unit = ReportingBody.objects.get(body=baiyun, name="区民政局")
    assert f"year={YEAR}#unit-{unit.pk}" in block
    assert Suggestion.objects.filter(year=YEAR).count() == 6
    lifecycle  # noqa: B018  (the Known set is built with it)
