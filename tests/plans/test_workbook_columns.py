"""A column of the 主要工作安排表 is declared once (plans.workbook_layout) and nothing else changes for it.

Here a 重点 column, kept in PlanItem.focus (which the workbook does not carry today), is declared at test
time. With no other change the blank template and the export carry it, the reader and the preview read it,
the commit sets it, and an update shows it among the changes. Each test fails if any of them ignores it.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from plans import workbook_layout
from plans.exports import PlanWorkbookExporter
from plans.imports.apply import apply_preview
from plans.imports.preview import build_preview
from plans.imports.reader import read_workbook
from plans.models import AnnualPlan, ItemEdit, PlanEntry, PlanItem, PlanKind
from plans.workbook_layout import HEADERS, header_column, text_column

FOCUS = text_column("focus", "重点", field_name="focus", aliases=("工作重点",), if_missing="所有事项不填重点")
YEAR = 2031
KIND = PlanKind.MAJOR_MATTERS


@pytest.fixture
def focus_column(monkeypatch):
    monkeypatch.setattr(workbook_layout, "COLUMNS", [*workbook_layout.COLUMNS, FOCUS])


def workbook(header, rows) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([f"{YEAR}年主要工作安排表"])
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def focus_workbook(focus: str, header_text: str = "重点") -> bytes:
    return workbook([*HEADERS, header_text],
                    [["讨论决定重大事项(1项)", 1, "讨论决定民生实事项目", "财经工委", "3-6月", "✓", "",
                      *[""] * (len(HEADERS) - 7), focus]])


def preview_of(data: bytes, body, year=YEAR, kind=KIND) -> dict:
    return build_preview(read_workbook(data), body=body, year=year, kind=kind)


def test_without_the_declaration_the_header_is_unknown():
    assert header_column("重点") is None and "重点" not in HEADERS


def test_the_blank_template_has_the_declared_header(focus_column, office_client):
    response = office_client.get(reverse("plan-import-template"))
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in ws[3]] == [*HEADERS, "重点"]


def test_a_workbook_with_the_column_previews_and_commits_it(focus_column, baiyun):
    preview = preview_of(focus_workbook("聚焦民生", header_text="工作重点"), baiyun)  # by its alias too
    assert preview["error_count"] == 0 and preview["warning_count"] == 0, preview["problems"]
    assert preview["rows"][0]["focus"] == "聚焦民生"

    apply_preview(preview, body=baiyun)
    item = PlanItem.objects.get(body=baiyun, year=YEAR, title="讨论决定民生实事项目")
    assert item.focus == "聚焦民生"

    # Imported again with another text: an update, shown among the changes and recorded.
    preview = preview_of(focus_workbook("聚焦营商环境"), baiyun)
    row = preview["rows"][0]
    assert row["action"] == "update" and row["changes"] == {"重点": ["聚焦民生", "聚焦营商环境"]}
    apply_preview(preview, body=baiyun)
    item.refresh_from_db()
    assert item.focus == "聚焦营商环境"
    assert ItemEdit.objects.filter(item=item, changes={"重点": ["聚焦民生", "聚焦营商环境"]}).exists()


def test_a_workbook_without_the_column_is_warned_of_what_that_means(focus_column, baiyun):
    data = workbook(HEADERS, [["讨论决定重大事项(1项)", 1, "讨论决定民生实事项目", "财经工委", "3-6月", "✓", ""]])
    preview = preview_of(data, baiyun)
    assert [p["message"] for p in preview["problems"]] == ["第 2 行：表头没有「重点」列：所有事项不填重点。"]
    assert preview["rows"][0]["focus"] == ""


def test_the_export_writes_the_column_and_reads_back_unchanged(focus_column, baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind=PlanKind.SUPERVISION)
    entry = PlanEntry.objects.filter(plan=plan).select_related("item").order_by("order", "id").first()
    PlanItem.objects.filter(pk=entry.item_id).update(focus="突出问题导向")

    data = PlanWorkbookExporter(plan).render()
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[2]] == [*HEADERS, "重点"]
    focus_by_title = {row[2]: row[-1] for row in ws.iter_rows(min_row=3, values_only=True)}
    assert focus_by_title[entry.item.title] == "突出问题导向"

    # Read back over the same plan: the focus is what the item holds, so nothing changes it.
    preview = preview_of(data, baiyun, year=2023, kind=PlanKind.SUPERVISION)
    assert preview["error_count"] == 0
    rows = {r["entry_id"]: r for r in preview["rows"]}
    assert rows[entry.id]["focus"] == "突出问题导向"
    assert not any("重点" in r["changes"] for r in preview["rows"])
