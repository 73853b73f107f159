"""Agenda and schedule workbooks: one meeting's 议程, and a year's 各次会议安排."""

import io
from datetime import date, timedelta
from urllib.parse import quote

import openpyxl
import pytest
from django.urls import reverse
from django_scopes import scope
from rest_framework.test import APIClient

from core.exporters import XLSX_CONTENT_TYPE
from core.models import Committee, ReportingBody
from meetings.exports import (
    AGENDA_HEADERS,
    MATERIALS_STEP,
    AgendaWorkbookExporter,
    MeetingScheduleExporter,
    MemberAgendaExporter,
)
from meetings.models import AgendaItem, MaterialStep, Meeting, MeetingKind
from plans.models import ItemCommittee, PlanItem
from tests.conftest import client_for

TITLE_13 = "广州市白云区第十七届人大常委会第十三次会议议程"
HEADER_ROW = 3  # title, date and place, header


def load(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    return openpyxl.load_workbook(io.BytesIO(response.content))


@pytest.fixture
def meeting13(baiyun):
    return Meeting.objects.get(body=baiyun, kind=MeetingKind.STANDING, number=13)


def agenda_url(meeting, api=False):
    return reverse(("api:" if api else "") + "meeting-agenda-xlsx", kwargs={"pk": meeting.pk})


def schedule_url(year, api=False):
    return reverse(("api:" if api else "") + "meeting-schedule-xlsx", kwargs={"year": year})


def table(ws):
    """The agenda rows below the header, as values."""
    return [list(row) for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]


def expected_committees(item) -> str:
    own = [c.short_name for c in item.committees.order_by("order", "id")]
    if own:
        return "、".join(own)
    leads = []
    for plan_item in item.plan_items.order_by("id"):
        for r in plan_item.responsibilities.select_related("committee").order_by("id"):
            if r.role == ItemCommittee.Role.LEAD and r.committee.short_name not in leads:
                leads.append(r.committee.short_name)
    return "、".join(leads)


# --- the agenda ----------------------------------------------------------------------------------


def test_agenda_title_rows_and_columns(office_client, meeting13):
    ws = load(office_client.get(agenda_url(meeting13))).active

    assert ws["A1"].value == TITLE_13
    assert ws["A2"].value.startswith("时间：2023年5月")
    assert {"A1:G1", "A2:G2"} <= {str(r) for r in ws.merged_cells.ranges}
    assert [c.value for c in ws[HEADER_ROW]] == AGENDA_HEADERS

    rows = table(ws)
    items = list(AgendaItem.objects.filter(meeting=meeting13).order_by("order", "id"))
    assert len(rows) == len(items) == 5
    for row, item in zip(rows, items, strict=True):
        number, title, bodies, committees, form = row[:5]
        assert (number, title) == (item.order, item.title)
        assert bodies == ("、".join(rb.name for rb in item.reporting_bodies.order_by("order", "id")) or None)
        assert (committees or "") == expected_committees(item)
        assert form.startswith(item.get_form_display())
    assert rows[0][2] == "区政府" and rows[1][2] == "区法院" and rows[2][2] == "区检察院"
    assert rows[4][4] == "听取和审议（专题询问）"  # 技能人才培养…并开展专题询问
    assert all(row[3] for row in rows[1:]), "every report item names the committee that prepares it"


def test_committees_fall_back_to_the_plan_items_leads(office_client, meeting13):
    item = AgendaItem.objects.filter(meeting=meeting13, plan_items__isnull=False).order_by("order").first()
    item.committees.clear()
    leads = expected_committees(item)
    assert leads
    rows = table(load(office_client.get(agenda_url(meeting13))).active)
    assert rows[item.order - 1][3] == leads

    chosen = Committee.objects.filter(body=meeting13.body).exclude(short_name__in=leads.split("、")).first()
    item.committees.set([chosen])
    rows = table(load(office_client.get(agenda_url(meeting13))).active)
    assert rows[item.order - 1][3] == chosen.short_name


def test_materials_columns(office_client, meeting13):
    items = list(AgendaItem.objects.filter(meeting=meeting13).order_by("order", "id"))
    MaterialStep.objects.filter(agenda_item__meeting=meeting13).delete()
    today = date.today()
    MaterialStep.objects.create(agenda_item=items[1], step=MATERIALS_STEP, due=date(2023, 5, 15), done_on=date(2023, 5, 14))
    MaterialStep.objects.create(agenda_item=items[2], step=MATERIALS_STEP, due=today - timedelta(days=3))
    MaterialStep.objects.create(agenda_item=items[3], step=MATERIALS_STEP, due=today + timedelta(days=30))
    # Another step of the ladder is not the 材料报送 deadline.
    MaterialStep.objects.create(agenda_item=items[4], step=MaterialStep.Step.REPORT_DRAFT, due=date(2023, 4, 1))

    rows = table(load(office_client.get(agenda_url(meeting13))).active)
    due = [row[5] for row in rows]
    status = [row[6] for row in rows]
    assert due[0] == "—" and status[0] == "—"
    assert due[1] == "2023-05-15" and status[1] == "已报送 2023-05-14"
    assert due[2] == f"{today - timedelta(days=3):%Y-%m-%d}" and status[2] == "逾期未报送"
    assert due[3] == f"{today + timedelta(days=30):%Y-%m-%d}" and status[3] == "未报送"
    assert due[4] == "—" and status[4] == "—"


def test_agenda_print_settings_font_and_borders(office_client, meeting13):
    ws = load(office_client.get(agenda_url(meeting13))).active

    assert ws.page_setup.orientation == "portrait"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"

    assert ws["A1"].font.name == "黑体" and ws["A1"].font.b
    assert all(c.font.name == "黑体" and c.font.b for c in ws[HEADER_ROW])
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        for cell in row:
            assert cell.font.name == "宋体"
            assert cell.alignment.wrap_text
            assert cell.border.left.style == cell.border.right.style == "thin"
            assert cell.border.top.style == cell.border.bottom.style == "thin"
    # Rows are tall enough for their wrapped titles.
    longest = max(range(HEADER_ROW + 1, ws.max_row + 1), key=lambda r: len(ws.cell(row=r, column=2).value))
    assert ws.row_dimensions[longest].height > 20


def test_agenda_text_that_looks_like_a_formula_stays_text(office_client, meeting13):
    item = AgendaItem.objects.filter(meeting=meeting13).order_by("order").first()
    dangerous = ["=SUM(1)", "+1", "-2", "@cmd"]
    for offset, title in enumerate(dangerous, start=1):
        AgendaItem.objects.create(meeting=meeting13, order=item.order + 10 + offset, title=title)
    response = office_client.get(agenda_url(meeting13))
    ws = load(response).active
    cells = {c.value: c for c in ws["B"] if c.value in dangerous}
    assert set(cells) == set(dangerous)
    for cell in cells.values():
        assert cell.data_type == "s" and cell.quotePrefix
    # and nothing in the file is a formula
    data = openpyxl.load_workbook(io.BytesIO(response.content), data_only=False)
    assert not [c for row in data.active.iter_rows() for c in row if c.data_type == "f"]


def test_agenda_file_name(office_client, meeting13):
    response = office_client.get(agenda_url(meeting13))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('第十三次会议议程.xlsx')}" in disposition
    assert 'filename="meeting-2023-standing-13-agenda.xlsx"' in disposition
    assert response["Cache-Control"] == "private, no-store"
    assert AgendaWorkbookExporter(meeting13).filename() == "第十三次会议议程.xlsx"


def test_agenda_from_the_api_is_the_same_workbook(meeting13):
    api = APIClient()
    api.force_login(_user("director"))
    response = api.get(agenda_url(meeting13, api=True))
    ws = load(response).active
    assert ws["A1"].value == TITLE_13
    assert len(table(ws)) == 5
    assert quote("第十三次会议议程.xlsx") in response["Content-Disposition"]
    # asking for the workbook by its type works too
    assert api.get(agenda_url(meeting13, api=True), HTTP_ACCEPT=XLSX_CONTENT_TYPE).status_code == 200


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


# --- the members' agenda -------------------------------------------------------------------------


def member_url(meeting, api=False):
    return reverse(("api:" if api else "") + "meeting-member-agenda-xlsx", kwargs={"pk": meeting.pk})


def test_members_agenda_has_the_members_columns_in_agenda_order(office_client, meeting13):
    items = list(AgendaItem.objects.filter(meeting=meeting13).order_by("order", "id"))
    # The printed order is the agenda's order, not the order the items were created in.
    AgendaItem.objects.filter(pk=items[0].pk).update(order=9)
    items = [*items[1:], items[0]]
    ws = load(office_client.get(member_url(meeting13))).active

    assert ws["A1"].value == TITLE_13
    assert ws["A2"].value.startswith("时间：2023年5月")
    assert [c.value for c in ws[HEADER_ROW]] == ["序号", "议题", "汇报单位", "备注"]
    assert ws.max_column == 4
    everything = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "材料" not in everything and "工委" not in everything  # neither the materials nor the committees
    rows = table(ws)
    assert [row[1] for row in rows] == [item.title for item in items]
    assert [row[0] for row in rows] == [2, 3, 4, 5, 9]
    for row, item in zip(rows, items, strict=True):
        assert row[2] == ("、".join(rb.name for rb in item.reporting_bodies.order_by("order", "id")) or None)
    remarks = {row[1]: row[3] for row in rows}
    assert remarks[next(i.title for i in items if "技能人才" in i.title)] == "开展专题询问"
    assert set(remarks.values()) <= {None, "开展专题询问", "开展满意度测评", "开展专题询问；开展满意度测评"}


def test_members_agenda_prints_on_a4_portrait_with_page_numbers_in_songti(office_client, meeting13):
    ws = load(office_client.get(member_url(meeting13))).active

    assert ws.page_setup.orientation == "portrait"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert ws.oddFooter.center.font == "宋体"
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        for cell in row:
            if cell.value is not None:
                assert cell.font.name == "宋体", cell.coordinate
    assert ws["A1"].font.b and all(c.font.b for c in ws[HEADER_ROW])
    assert all(c.border.left.style == "thin" for row in ws.iter_rows(min_row=HEADER_ROW) for c in row)


def test_members_agenda_file_name_link_and_api(office_client, meeting13):
    response = office_client.get(member_url(meeting13))
    assert f"filename*=UTF-8''{quote('第十三次会议议程（组成人员版）.xlsx')}" in response["Content-Disposition"]
    assert 'filename="meeting-2023-standing-13-member-agenda.xlsx"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    page = office_client.get(reverse("meeting-detail", kwargs={"pk": meeting13.pk})).content.decode()
    assert f'href="{member_url(meeting13)}"' in page and "导出组成人员议程（Excel）" in page
    assert f'href="{agenda_url(meeting13)}"' in page  # the office's own agenda stays beside it

    api = APIClient()
    api.force_login(_user("director"))
    ws = load(api.get(member_url(meeting13, api=True))).active
    assert ws["A1"].value == TITLE_13 and [c.value for c in ws[HEADER_ROW]] == ["序号", "议题", "汇报单位", "备注"]
    assert len(table(ws)) == 5
    assert api.get(member_url(meeting13, api=True), HTTP_ACCEPT=XLSX_CONTENT_TYPE).status_code == 200
    assert MemberAgendaExporter(meeting13).filename() == "第十三次会议议程（组成人员版）.xlsx"


def test_members_agenda_keeps_formula_like_text_as_text(office_client, meeting13):
    dangerous = ["=SUM(1)", "+1", "-2", "@cmd"]
    for offset, title in enumerate(dangerous, start=1):
        AgendaItem.objects.create(meeting=meeting13, order=20 + offset, title=title)
    response = office_client.get(member_url(meeting13))
    ws = load(response).active
    cells = [c for c in ws["B"] if c.value in dangerous]
    assert [c.value for c in cells] == dangerous
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_members_agenda_of_another_body_is_not_found(second_body, meeting13):
    assert client_for("office-other").get(member_url(meeting13)).status_code == 404
    api = APIClient()
    api.force_login(_user("office-other"))
    assert api.get(member_url(meeting13, api=True)).status_code == 404


# --- the year's schedule -------------------------------------------------------------------------


def test_schedule_overview_and_one_sheet_per_standing_meeting(office_client, baiyun):
    response = office_client.get(schedule_url(2023))
    wb = load(response)
    meetings = list(Meeting.objects.filter(body=baiyun, year=2023, kind=MeetingKind.STANDING).order_by("number"))
    assert len(meetings) == 7
    assert Meeting.objects.filter(body=baiyun, year=2023, kind=MeetingKind.CHAIRPERSONS).exists()
    assert wb.sheetnames == ["各次会议安排", *[m.short_title for m in meetings]]
    assert "主任会议" not in "".join(wb.sheetnames)

    overview = wb["各次会议安排"]
    assert overview["A1"].value == "广州市白云区人大常委会2023年度各次会议安排"
    assert [c.value for c in overview[2]] == ["会议", "时间", "序号", "议题"]
    assert overview.print_title_rows == "$2:$2"
    assert overview.page_setup.orientation == "portrait"
    rows = list(overview.iter_rows(min_row=3, values_only=True))
    expected = []
    for meeting in meetings:
        for position, item in enumerate(AgendaItem.objects.filter(meeting=meeting).order_by("order", "id")):
            fixed = meeting.date and not meeting.date_assumed  # the 12th's day is known, the others' month only
            when = f"{meeting.date.month}月{meeting.date.day}日" if fixed else f"{meeting.planned_month}月"
            head = (meeting.short_title, when) if position == 0 else (None, None)
            expected.append((*head, item.order, item.title))
    assert rows == expected
    # the meeting and month cells span their items
    merged = {str(r) for r in overview.merged_cells.ranges}
    assert "A3:A7" in merged and "B3:B7" in merged  # 第十二次会议: five items
    assert overview["D3"].border.left.style == "thin" and overview["A4"].border.left.style == "thin"

    sheet = wb["第十三次会议"]
    assert sheet["A1"].value == TITLE_13
    assert [c.value for c in sheet[HEADER_ROW]] == AGENDA_HEADERS
    assert [row[1] for row in table(sheet)] == list(
        AgendaItem.objects.filter(meeting=meetings[1]).order_by("order", "id").values_list("title", flat=True)
    )
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert sheet.oddFooter.center.text == "第 &P 页 共 &N 页"

    assert quote("2023年度各次会议安排.xlsx") in response["Content-Disposition"]
    api = APIClient()
    api.force_login(_user("office"))
    assert load(api.get(schedule_url(2023, api=True))).sheetnames == wb.sheetnames


def test_schedule_escapes_formula_like_titles(office_client, meeting13):
    AgendaItem.objects.create(meeting=meeting13, order=99, title="=HYPERLINK(\"http://x\")")
    wb = load(office_client.get(schedule_url(2023)))
    for ws in (wb["各次会议安排"], wb["第十三次会议"]):
        cells = [c for row in ws.iter_rows() for c in row if c.value == "=HYPERLINK(\"http://x\")"]
        assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].quotePrefix


def test_schedule_of_a_year_without_standing_meetings_is_not_found(office_client):
    assert office_client.get(schedule_url(1999)).status_code == 404
    api = APIClient()
    api.force_login(_user("office"))
    assert api.get(schedule_url(1999, api=True)).status_code == 404


# --- who may export ------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["office", "director", "lead-caijing", "lead-shehui", "admin"])
def test_every_user_of_the_body_may_export(username, meeting13):
    client = client_for(username)
    assert load(client.get(agenda_url(meeting13)))
    assert load(client.get(schedule_url(2023)))


def test_anonymous_users_must_log_in(client, meeting13):
    for url in (agenda_url(meeting13), schedule_url(2023)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for url in (agenda_url(meeting13, api=True), schedule_url(2023, api=True)):
        assert client.get(url).status_code == 401


def test_another_bodys_meeting_is_not_found(second_body, meeting13):
    other = client_for("office-other")
    assert other.get(agenda_url(meeting13)).status_code == 404
    api = APIClient()
    api.force_login(_user("office-other"))
    assert api.get(agenda_url(meeting13, api=True)).status_code == 404
    # their own year holds only their own meetings
    wb = load(other.get(schedule_url(2023)))
    own = Meeting.objects.filter(body=second_body, year=2023, kind=MeetingKind.STANDING).order_by("number")
    assert wb.sheetnames[1:] == [m.short_title for m in own]
    assert "白云" not in wb["各次会议安排"]["A1"].value


# --- cost ----------------------------------------------------------------------------------------


@pytest.fixture
def big_year(baiyun, meeting13):
    """Twelve standing meetings of ten items each, with bodies, committees, plan items and materials."""
    term = meeting13.term
    committees = list(Committee.objects.filter(body=baiyun)[:3])
    bodies = list(ReportingBody.objects.filter(body=baiyun)[:3])
    plan_item = PlanItem.objects.filter(body=baiyun, responsibilities__role="lead").first()
    for number in range(1, 13):
        meeting = Meeting.objects.create(body=baiyun, term=term, number=200 + number, year=2044, planned_month=number)
        for order in range(1, 11):
            item = AgendaItem.objects.create(meeting=meeting, order=order, title=f"听取和审议第{order}项报告" * 3)
            item.reporting_bodies.set(bodies[: 1 + order % 3])
            if order % 2:
                item.committees.set(committees[: 1 + order % 2])
            else:
                item.plan_items.add(plan_item)
            MaterialStep.objects.create(agenda_item=item, step=MATERIALS_STEP, due=date(2044, number, 1))
    return Meeting.objects.filter(year=2044, body=baiyun).order_by("number")


def test_export_queries_do_not_grow_with_meetings_or_items(office_client, big_year, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        wb = load(office_client.get(schedule_url(2044)))
    assert len(wb.sheetnames) == 13 and len(table(wb.worksheets[1])) == 10
    with django_assert_max_num_queries(10):
        rows = table(load(office_client.get(agenda_url(big_year[0]))).active)
    assert len(rows) == 10 and all(row[3] for row in rows)
    with django_assert_max_num_queries(10):
        rows = table(load(office_client.get(member_url(big_year[0]))).active)
    assert len(rows) == 10 and all(row[2] for row in rows)


def test_exporter_classes_describe_their_files(baiyun, meeting13):
    with scope(body=baiyun):
        schedule = MeetingScheduleExporter.for_year(2023)
        for exporter in (AgendaWorkbookExporter(meeting13), MemberAgendaExporter(meeting13), schedule):
            assert exporter.extension == "xlsx" and exporter.content_type == XLSX_CONTENT_TYPE
            assert exporter.identifier and exporter.verbose_name
            assert isinstance(exporter.render(), bytes)
    assert schedule.filename() == "2023年度各次会议安排.xlsx"
    assert {m.body_id for m in schedule.meetings} == {baiyun.pk}
