"""/plans/ lists the body's plans by year and kind with status and counts; the schedule workbook is linked
from the calendar and the meeting list (issue 21, 7: before, /plans/ was a 404 and the export had no link)."""

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from plans.models import AnnualPlan
from tests.conftest import client_for


def test_the_plans_index_lists_each_plan_with_its_status_and_item_count(baiyun, second_body,
                                                                         django_assert_max_num_queries):
    office = client_for("office")
    with django_assert_max_num_queries(25):
        page = office.get("/plans/")
    assert page.status_code == 200
    text = page.content.decode()
    for plan in AnnualPlan.objects.filter(body=baiyun):
        assert plan.title in text
        assert f'href="/plans/{plan.pk}/"' in text
    assert all(plan.title not in text for plan in AnnualPlan.objects.filter(body=second_body))
    assert "从 Word 文件导入" in text and "新建计划" in text
    supervision = AnnualPlan.objects.get(body=baiyun, year=2023, kind="supervision")
    filtered = office.get("/plans/?kind=supervision&year=2023").content.decode()
    assert supervision.title in filtered and "工作要点" not in filtered.split("<tbody>")[-1]
    workbook = load_workbook(BytesIO(b"".join(office.get("/plans/?year=2023&export=xlsx"))), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert any(supervision.title in row and supervision.entries.count() in row for row in rows)


def test_directors_read_the_index_without_the_office_links(baiyun):
    text = client_for("director").get("/plans/").content.decode()
    assert "年度计划" in text and "新建计划" not in text


def test_the_year_schedule_is_linked_from_the_calendar_and_the_meeting_list(baiyun):
    office = client_for("office")
    url = reverse("meeting-schedule-xlsx", args=[2023])
    assert url in office.get("/meetings/calendar/?year=2023").content.decode()
    assert url in office.get("/meetings/?year=2023").content.decode()
    assert office.get(url).status_code == 200
    assert reverse("meeting-schedule-xlsx", args=[2031]) not in office.get("/meetings/calendar/?year=2031").content.decode()
