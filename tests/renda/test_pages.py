"""What the pages show a user of the Baiyun demo data."""

import re

from django.urls import reverse

from meetings.models import Meeting
from plans.models import AnnualPlan, PlanItem, PlanKind


def test_home_defaults_to_the_latest_year_with_data(office_client):
    text = office_client.get(reverse("home")).content.decode()
    assert "2023 年度工作概览" in text
    assert "常委会会议 <small>7 次，议题 43 项</small>" in text


def test_home_lists_plans_with_item_counts_and_meetings_in_order(office_client, baiyun):
    text = office_client.get(reverse("home") + "?year=2023").content.decode()
    titles = re.findall(r">(第[一二三四五六七八九十]+次会议)<", text)
    assert titles == [f"第{n}次会议" for n in "十二 十三 十四 十五 十六 十七 十八".split()]
    for plan in AnnualPlan.objects.filter(body=baiyun, year=2023):
        assert plan.title in text
    assert "（日期推定）" in text


def test_a_year_without_data_says_so(office_client):
    text = office_client.get(reverse("home") + "?year=2031").content.decode()
    assert "本年度尚无计划" in text and "本年度尚无常委会会议" in text


def test_plan_page_lists_sections_and_items(office_client, baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind=PlanKind.SUPERVISION)
    text = office_client.get(reverse("plan-detail", kwargs={"pk": plan.pk})).content.decode()
    assert "专题调研（共6项）" in text.replace(" ", "")
    assert "现代都市农业示范区" in text


def test_item_list_filters_by_form_and_keeps_the_filter_in_links(office_client):
    response = office_client.get(reverse("item-list"), {"year": 2023, "form": "research"})
    text = response.content.decode()
    assert "共 6 项" in text
    assert "托幼一体化" in text and "国土总体规划" not in text


def test_item_list_reports_bad_filters_instead_of_failing(office_client):
    response = office_client.get(reverse("item-list"), {"status": "nonsense"})
    assert response.status_code == 200
    assert "筛选条件有误" in response.content.decode()


def test_meeting_page_shows_the_agenda_with_reporting_bodies(office_client, baiyun):
    meeting = Meeting.objects.get(body=baiyun, number=17, kind="standing")
    text = office_client.get(reverse("meeting-detail", kwargs={"pk": meeting.pk})).content.decode()
    assert "广州市白云区第十七届人大常委会第十七次会议" in text
    assert "区发展改革局" in text and "区民宗局" in text and "满意度测评" in text


def test_item_page_shows_plans_agenda_and_timeline(office_client, baiyun):
    item = PlanItem.objects.get(body=baiyun, title__contains="国土总体规划")
    text = office_client.get(reverse("item-detail", kwargs={"pk": item.pk})).content.decode()
    assert "第十三次会议" in text
    assert text.count('href="/plans/') >= 3
    assert "演示数据" in text


def test_a_coming_years_draft_plan_does_not_take_over_the_home_page(office_client, baiyun):
    from plans.models import AnnualPlan

    AnnualPlan.objects.create(body=baiyun, year=2025, kind="supervision", title="2025 年度监督工作计划（草案）")
    text = office_client.get(reverse("home")).content.decode()
    assert "2023 年度工作概览" in text
