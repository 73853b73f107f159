"""Every list's Excel file prints right (core.spreadsheet.ListSheet through core.tables.TableExporter): row 1 a
title naming the list and the filters it was exported with, row 2 the header with 序号 first, repeated on every
printed page, 序号 counting the rows, A4 one page wide, 第 N 页，共 M 页 in the footer."""

import io
from datetime import date

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from core.imports.engine import Column, read_table
from core.models import Committee, Notification
from deputies.models import Station
from tests.conftest import client_for

FOOTER = "第 &P 页，共 &N 页"


def _committee(body, short_name="财经工委"):
    return Committee.objects.get(body=body, short_name=short_name).pk


def _station(body):
    return Station.objects.filter(body=body, receptions__held_on__year=2023).order_by("number").first()


def _inquiry_meeting(body):
    from supervision.models import SpecialInquiry

    inquiries = SpecialInquiry.objects.filter(agenda_item__meeting__body=body, agenda_item__meeting__year=2023)
    return inquiries.first().agenda_item.meeting


def _reminders(body):
    """The demo sends no reminders: two of one kind and one of another, for the log's export."""
    office = get_user_model().objects.get(username="office")
    for n, kind in enumerate([Notification.Kind.RECTIFICATION, Notification.Kind.RECTIFICATION,
                              Notification.Kind.DIGEST]):
        Notification.objects.create(body=body, recipient=office, kind=kind, subject=f"layout:{n}", step="overdue",
                                    reason=Notification.Reason.OFFICE, day=date(2023, 5, 1), title=f"提醒{n}")
    return {"kind": Notification.Kind.RECTIFICATION}


# (list, who exports it, the filters and the title they give (functions of the demo body), the orientation)
LISTS = [
    ("item-list", "office", lambda b: {"year": 2023, "committee": _committee(b), "committee_role": "lead"},
     "2023 年 计划事项（负责委员会：财经工委；委员会职责：牵头（负责））", "landscape"),
    ("plan-list", "office", lambda b: {"year": 2023, "kind": "supervision"},
     "2023 年 年度计划（计划类别：监督工作计划）", "portrait"),
    ("meeting-list", "office", lambda b: {"year": 2023, "kind": "standing"},
     "2023 年 会议（会议类别：常委会会议）", "portrait"),
    ("evaluation-list", "office", lambda b: {"year": 2023}, "2023 年 满意度测评", "landscape"),
    ("opinion-list", "office", lambda b: {"year": 2023, "committee": _committee(b, "社会建设工委")},
     "2023 年 审议意见（跟踪委员会：社会建设工委）", "landscape"),
    ("rectification-list", "office", lambda b: {"source": "opinion"}, "整改（来源：审议意见）", "landscape"),
    ("inspection-list", "office", lambda b: {"year": 2023}, "2023 年 执法检查", "landscape"),
    ("inquiry-list", "office", lambda b: {"year": 2023, "meeting": _inquiry_meeting(b).pk},
     lambda b: f"2023 年 专题询问（会议：{_inquiry_meeting(b).title}）", "landscape"),
    ("livelihood-list", "office", lambda b: {"year": 2023, "committee": _committee(b)},
     "2023 年 民生实事（跟踪委员会：财经工委）", "landscape"),
    ("deputy-list", "office", lambda b: {"gender": "female", "q": "示例代表00"},
     "代表名册（性别：女；搜索：示例代表00）", "landscape"),  # in the order of the filter form
    ("station-list", "office", lambda b: {"kind": "central"}, "代表联络站（类别：中心联络站）", "landscape"),
    ("reception-list", "office", lambda b: {"year": 2023, "station": _station(b).pk},
     lambda b: f"2023 年 进站接待（联络站：{_station(b)}）", "landscape"),
    ("suggestion-list", "office", lambda b: {"year": 2023, "status": "closed", "kind": "suggestion"},
     "2023 年 代表建议（类别：建议；状态：已办结）", "landscape"),
    ("reminder-log", "admin", _reminders, "提醒发送记录（类别：整改期限）", "landscape"),
]


def _export(client, name, query):
    response = client.get(reverse(name), {**query, "export": "xlsx"})
    assert response.status_code == 200, response
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


@pytest.mark.parametrize("name, username, filters, title, orientation", LISTS, ids=[row[0] for row in LISTS])
def test_every_list_export_prints_with_its_title_numbers_and_page_set_up(
    baiyun, name, username, filters, title, orientation
):
    query = filters(baiyun)
    ws = _export(client_for(username), name, query)
    if callable(title):  # naming one of the demo's rows
        title = title(baiyun)

    # Row 1: the title, across every column.
    last = ws.max_column
    assert ws["A1"].value == title
    assert f"A1:{openpyxl.utils.get_column_letter(last)}1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A1"].font.b and ws["A1"].alignment.horizontal == "center"

    # Row 2: the header, 序号 first, repeated at the top of each printed page; rows 3…: 序号 1..n.
    header = [c.value for c in ws[2]]
    assert header[0] == "序号" and header.count("序号") == 1 and all(header)
    assert ws.print_title_rows == "$2:$2"
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows, "the filters should select some of the demo's rows"
    assert [row[0] for row in rows] == list(range(1, len(rows) + 1))
    assert ws.freeze_panes == ("D3" if name == "deputy-list" else "A3")  # the header (and 编号, 姓名) stay in view
    assert ws.auto_filter.ref == f"A2:{openpyxl.utils.get_column_letter(last)}{len(rows) + 2}"

    # Printing: A4, one page wide and as many long as it takes, upright for a few columns, page numbers.
    setup = ws.page_setup
    assert setup.paperSize == 9  # A4 and setup.orientation == orientation
    assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert ws.oddFooter.center.text == FOOTER

    # 宋体, wrapped, bordered cells.
    cell = ws.cell(row=3, column=2)
    assert cell.font.name == "宋体" and cell.alignment.wrap_text and cell.border.left.style == "thin"


def test_the_title_leaves_out_empty_filters_and_the_sort_order(office_client):
    ws = _export(office_client, "item-list", {"year": "", "status": "", "q": "", "ordering": "-year"})
    assert ws["A1"].value == "计划事项"


def test_the_title_names_a_row_a_detail_page_filtered_by_not_its_key(baiyun, office_client):
    from deputies.models import Deputy

    deputy = Deputy.objects.filter(body=baiyun, receptions__isnull=False).first()
    ws = _export(office_client, "reception-list", {"deputy": deputy.pk})  # as the deputy's page links to it
    assert ws["A1"].value == f"进站接待（代表：{deputy}）"


def test_a_long_text_makes_its_row_tall_and_a_formula_stays_text(baiyun, office_client):
    from plans.models import PlanItem, SupervisionForm
    from plans.timing import TimingKind

    for title in ["=1+2", "关于" + "全区营商环境建设情况" * 12 + "的报告"]:
        PlanItem.objects.create(body=baiyun, year=2038, title=title, form=SupervisionForm.RESEARCH,
                                timing_kind=TimingKind.YEAR)
    ws = _export(office_client, "item-list", {"year": 2038, "columns": ["title", "status"]})
    assert [c.value for c in ws[2]] == ["序号", "事项", "状态"]
    assert ws.page_setup.orientation == "portrait"  # three columns print upright
    formula = next(c for c in ws["B"][2:] if c.value == "=1+2")
    assert formula.data_type == "s" and formula.quotePrefix
    long_row = next(c.row for c in ws["B"][2:] if c.value.startswith("关于"))
    assert ws.row_dimensions[long_row].height >= 45  # four lines or so in a 60-wide column, not clipped to one
    assert not ws.cell(row=long_row, column=2).quotePrefix  # the prefix is the formula's cell's alone


def test_a_long_export_made_by_a_job_names_its_filters_too(
    baiyun, office_client, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    from core import listing
    from core.models import BackgroundJob
    from renda.celery import app

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(listing, "ASYNC_EXPORT_ROWS", 1)
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    with django_capture_on_commit_callbacks(execute=True):
        office_client.get(reverse("suggestion-list"), {"year": 2023, "status": "closed", "export": "xlsx"})
    job = BackgroundJob.objects.filter(body=baiyun, kind="suggestions-xlsx").latest("pk")
    status = office_client.get(reverse("job-detail", kwargs={"pk": job.pk}) + "?format=json").json()
    ws = openpyxl.load_workbook(io.BytesIO(office_client.get(status["download"]).content)).active
    assert ws["A1"].value == "2023 年 代表建议（状态：已办结）"
    assert [row[0] for row in ws.iter_rows(min_row=3, values_only=True)] == list(range(1, ws.max_row - 1))


def test_an_import_reads_a_lists_file_by_its_own_headers_not_the_row_numbers(office_client):
    """The suggestion import takes 序号 for 编号 when a sheet has only that; a list's file has both, and 编号
    (the suggestions' own numbers) is the one read."""
    columns = (Column("number", "编号", ("序号",), required=True), Column("title", "标题", required=True))
    wb = openpyxl.Workbook()
    for row in [["代表建议"], ["序号", "编号", "标题"], [1, 17, "甲"], [2, 3, "乙"]]:
        wb.active.append(row)
    data = io.BytesIO()
    wb.save(data)
    table = read_table(data.getvalue(), columns)
    assert table.headers == {"number": "编号", "title": "标题"}
    assert [row.cells["number"] for row in table.rows] == ["17", "3"]

    # And the suggestion list's own file, read by the suggestion import.
    from deputies.imports.suggestions import COLUMNS

    response = office_client.get(reverse("suggestion-list"), {"year": 2023, "status": "closed", "export": "xlsx"})
    exported = openpyxl.load_workbook(io.BytesIO(response.content)).active
    table = read_table(response.content, COLUMNS)
    assert table.header_row == 2 and table.headers["number"] == "编号"
    assert [row.cells["number"] for row in table.rows] == [str(c.value) for c in exported["B"][2:]]
