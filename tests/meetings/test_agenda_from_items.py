"""A plan item put on an agenda brings its form and its reporting bodies (汇报单位), however it was entered: imported
from a workbook or on the item's page (the Word import presumes the government for a title that names no body
already, plans.imports.word_text) (issue 21, 20)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.models import BackgroundJob, Committee, ReportingBody
from meetings.models import AgendaItem, Meeting
from plans.imports.jobs import JOB_KIND
from plans.models import AnnualPlan, ItemCommittee, PlanEntry, PlanItem
from plans.workbook_layout import HEADERS

FINAL_ACCOUNTS = "审查批准2023年本级决算"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def meeting(baiyun):
    """The 18th meeting (December 2023)."""
    return Meeting.objects.get(body=baiyun, kind="standing", number=18)


def seven_column_workbook(rows) -> bytes:
    """A 主要工作安排表 as the seeds print it: the seven columns only, 汇报单位 nowhere but in the titles."""
    wb = Workbook()
    ws = wb.active
    ws.append(["广州市白云区人大常委会2023年主要工作安排表"])
    ws.append(HEADERS[:7])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def import_workbook(client, data: bytes, *, year=2023, kind="legislation"):
    """Upload and commit through the office's pages, as the office does."""
    upload = SimpleUploadedFile("安排表.xlsx", data,
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = client.post(reverse("plan-import"), {"year": year, "kind": kind, "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = BackgroundJob.objects.filter(kind=JOB_KIND).order_by("-pk").first()
    committed = client.post(reverse("plan-import-commit", kwargs={"job_id": job.pk}))
    assert committed.status_code == 302, committed.content.decode()[:2000]


def add_to_agenda(client, meeting, item) -> AgendaItem:
    response = client.post(reverse("agenda-builder", kwargs={"pk": meeting.pk}), {"items": [item.pk]})
    assert response.status_code == 302
    return AgendaItem.objects.get(meeting=meeting, plan_items=item)


def agenda_row(client, meeting, agenda_item) -> str:
    page = client.get(reverse("meeting-detail", kwargs={"pk": meeting.pk})).content.decode()
    start = page.index(f'id="agenda-{agenda_item.pk}"')
    return page[start:page.index("</tr>", start)]


def test_an_imported_final_accounts_row_reaches_the_agenda_with_its_form_and_the_government(
        baiyun, office_client, meeting):
    """The seeds' 审查批准 2023 年本级决算 names no reporting body: the final accounts are the government's."""
    import_workbook(office_client, seven_column_workbook([
        ["讨论决定重大事项(1项)", 1, FINAL_ACCOUNTS, "财经工委", "8-10月", "✓", ""],
    ]))
    item = PlanItem.objects.get(body=baiyun, year=2023, title=FINAL_ACCOUNTS)
    assert [b.name for b in item.reporting_bodies.all()] == ["区政府"]

    agenda_item = add_to_agenda(office_client, meeting, item)
    assert agenda_item.form == AgendaItem.Form.EXAMINE_APPROVE
    assert [b.name for b in agenda_item.reporting_bodies.all()] == ["区政府"]
    row = agenda_row(office_client, meeting, agenda_item)
    assert "<td>审查和批准</td>" in row and "<td>区政府</td>" in row


def test_a_matter_entered_without_reporting_bodies_takes_those_its_title_names_and_its_other_forms(
        baiyun, office_client, meeting):
    """Entered on the item's page, with 满意度测评 as a form besides the report and no 报告单位 chosen."""
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind="supervision")
    item = PlanItem.objects.create(
        body=baiyun, year=2023, title="听取和审议区法院关于行政审判工作情况的报告", form="special_report",
        extra_forms=["evaluation"], timing_kind="month", start_month=12, to_standing_meeting=True)
    ItemCommittee.objects.create(item=item, committee=Committee.objects.get(body=baiyun, short_name="监察司法工委"))
    PlanEntry.objects.create(plan=plan, item=item, order=99, number="（十三）")

    agenda_item = add_to_agenda(office_client, meeting, item)
    assert agenda_item.form == AgendaItem.Form.HEAR_AND_REVIEW
    assert agenda_item.has_evaluation and not agenda_item.has_inquiry
    assert [b.name for b in agenda_item.reporting_bodies.all()] == ["区法院"]
    row = agenda_row(office_client, meeting, agenda_item)
    assert "满意度测评" in row and "<td>区法院</td>" in row


def test_a_matter_without_a_verb_takes_its_form_from_its_form_of_supervision(baiyun, office_client, meeting):
    """对区政府工作部门开展满意度测评: the departments' reports are heard and reviewed, then evaluated; the
    reporting bodies chosen for the matter (the 23 departments) are the agenda item's."""
    item = PlanItem.objects.get(body=baiyun, year=2023, title="对区政府工作部门开展满意度测评")
    item.agenda_items.clear()
    departments = set(item.reporting_bodies.values_list("name", flat=True))
    assert len(departments) == 23

    agenda_item = add_to_agenda(office_client, meeting, item)
    assert agenda_item.form == AgendaItem.Form.HEAR_AND_REVIEW and agenda_item.has_evaluation
    assert set(agenda_item.reporting_bodies.values_list("name", flat=True)) == departments


def test_an_agenda_item_added_by_hand_for_a_plan_item_takes_its_reporting_bodies(baiyun, meeting):
    """Through the API, naming the plan item and no reporting body: the plan item's (here: presumed from its
    title) are the agenda item's."""
    from django.contrib.auth import get_user_model
    from rest_framework.test import APIClient

    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind="supervision")
    item = PlanItem.objects.create(body=baiyun, year=2023, title="审议《广州市白云区国土空间专项规划（草案）》",
                                   form="major_matter", timing_kind="month", start_month=12)
    PlanEntry.objects.create(plan=plan, item=item, order=99)
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username="office"))
    response = api.post(reverse("api:agenda-item-list"), {
        "meeting": meeting.pk, "title": item.title, "form": "review", "plan_items": [item.pk]}, format="json")
    assert response.status_code == 201, response.content[:2000]
    agenda_item = AgendaItem.objects.get(pk=response.json()["id"])
    government = ReportingBody.objects.get(body=baiyun, kind="government")
    assert list(agenda_item.reporting_bodies.all()) == [government]
