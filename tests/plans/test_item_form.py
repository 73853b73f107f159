"""The item form stays short and says what looks wrong: searchable multi-selects instead of long checkbox lists,
timing fields marked with the 时间类型 that use them, warnings (no lead committee, 全年 with months) that do not
stop saving; the plan form lists meetings by date and starts with the year the plan is most likely for."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.urls import reverse

from core.models import Committee, ReportingBody
from plans.models import AnnualPlan, PlanItem, PlanKind


@pytest.fixture
def draft(baiyun):
    """A draft plan (adding to it is no adjustment), of a year the demo has no plan of that kind for."""
    return AnnualPlan.objects.create(body=baiyun, year=2024, kind=PlanKind.SUPERVISION, title="2024 年度监督工作计划")


def _select(page: str, name: str) -> str:
    start = page.index(f'name="{name}"')
    return page[page.rindex("<", 0, start):page.index("</select>", start)]


def test_the_long_lists_are_searchable_multi_selects_served_by_the_app(office_client, draft, baiyun):
    page = office_client.get(reverse("item-create", kwargs={"plan_pk": draft.pk})).content.decode()
    assert 'type="checkbox" name="reporting_bodies"' not in page
    assert 'type="checkbox" name="lead_committees"' not in page
    bodies = _select(page, "reporting_bodies")
    assert bodies.startswith("<select") and " multiple" in bodies
    assert 'data-multi-select="输入单位名称搜索，可多选"' in bodies
    assert bodies.count("<option") == ReportingBody.objects.filter(body=baiyun, valid_to__isnull=True).count() == 27
    for name in ("lead_committees", "helper_committees", "extra_forms"):
        assert "data-multi-select" in _select(page, name) and " multiple" in _select(page, name)
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', page):
        assert finders.find(asset), f"{asset} is not served"
    assert "django_tomselect/js/django-tomselect.min.js" in page and "js/multi-select.js" in page

    # What the selects send is what the checkboxes sent: several bodies and committees are saved.
    bodies = list(ReportingBody.objects.filter(body=baiyun, valid_to__isnull=True).order_by("order")[:2])
    lead, helper = Committee.objects.filter(body=baiyun, active=True).order_by("order")[:2]
    response = office_client.post(reverse("item-create", kwargs={"plan_pk": draft.pk}), {
        "title": "听取和审议区政府关于营商环境工作情况的报告", "form": "special_report", "extra_forms": ["evaluation"],
        "timing_kind": "range", "start_month": 4, "end_month": 8, "reporting_bodies": [b.pk for b in bodies],
        "lead_committees": [lead.pk], "helper_committees": [helper.pk],
    })
    assert response.status_code == 302
    item = PlanItem.objects.get(title="听取和审议区政府关于营商环境工作情况的报告")
    assert set(item.reporting_bodies.all()) == set(bodies)
    assert {(r.committee, r.role) for r in item.responsibilities.all()} == {(lead, "lead"), (helper, "helper")}
    assert item.extra_forms == ["evaluation"] and item.timing.label() == "4-8月"
    assert "未选择牵头" not in office_client.get(response.url).content.decode()


def test_each_timing_field_names_the_timing_kinds_that_use_it(office_client, draft):
    page = office_client.get(reverse("item-create", kwargs={"plan_pk": draft.pk})).content.decode()
    assert "data-timing-kind" in _select(page, "timing_kind")
    assert 'data-timing-for="month range"' in _select(page, "start_month")
    assert 'data-timing-for="range deadline"' in _select(page, "end_month")
    assert 'data-timing-for="quarter"' in _select(page, "quarter")
    assert "js/item-form.js" in page


def test_an_item_without_a_lead_committee_is_saved_with_a_warning(office_client, draft):
    response = office_client.post(reverse("item-create", kwargs={"plan_pk": draft.pk}), {
        "title": "开展专题调研", "form": "research", "timing_kind": "deadline", "end_month": 7,
    }, follow=True)
    page = response.content.decode()
    assert PlanItem.objects.filter(title="开展专题调研").exists()
    assert '<li class="warning">未选择牵头（负责）委员会：没有委员会负责跟进这一事项，请确认。</li>' in page


def test_the_whole_year_with_months_keeps_no_months_and_says_so(office_client, draft, baiyun):
    item = PlanItem.objects.filter(body=baiyun, responsibilities__role="lead").first()
    edit = office_client.get(reverse("item-edit", kwargs={"pk": item.pk}))
    data = {
        "title": item.title, "form": item.form, "timing_kind": "year", "start_month": 4, "end_month": 8,
        "lead_committees": [r.committee_id for r in item.responsibilities.all() if r.role == "lead"],
        "version": edit.context["form"].initial["version"],
    }
    page = office_client.post(reverse("item-edit", kwargs={"pk": item.pk}), data, follow=True).content.decode()
    item.refresh_from_db()
    assert (item.timing_kind, item.start_month, item.end_month) == ("year", None, None)
    assert "时间类型为“全年”，所填的4月、8月不会保存" in page
    assert "未选择牵头（负责）委员会" not in page


def test_a_refused_item_shows_its_warnings_beside_the_errors(office_client, draft):
    page = office_client.post(reverse("item-create", kwargs={"plan_pk": draft.pk}), {
        "title": "", "form": "research", "timing_kind": "year", "quarter": 2,
    }).content.decode()
    assert "事项：该字段是必填项。" in page
    assert "时间类型为“全年”，所填的第二季度不会保存" in page and "未选择牵头（负责）委员会" in page


@pytest.mark.parametrize("today, year", [("2023-05-10", 2023), ("2023-09-30", 2023), ("2023-10-08", 2024)])
def test_a_new_plan_starts_with_the_year_it_is_most_likely_for(office_client, today, year):
    moment = datetime.fromisoformat(today).replace(hour=10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        page = office_client.get(reverse("plan-create")).content.decode()
    assert re.search(rf'name="year" value="{year}"', page)


def test_the_plan_forms_meetings_are_listed_by_date(office_client, baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind=PlanKind.SUPERVISION)
    page = office_client.get(reverse("plan-edit", kwargs={"pk": plan.pk})).content.decode()
    listed = re.findall(r"<option value=\"\d+\"(?: selected)?>([^<]+)</option>", _select(page, "adopted_at"))
    in_2023 = [label for label in listed if "（2023-" in label]
    assert in_2023[:3] == [
        "第十七届人大常委会第十七次主任会议（2023-03-17）",
        "第十七届人大常委会第十二次会议（2023-03-30）",
        "第十七届人大常委会第十三次会议（2023-05-25）",
    ]
    dates = [found.group(1) for label in listed if (found := re.search(r"（(\d{4}-\d\d-\d\d)）", label))]
    assert dates == sorted(dates)

