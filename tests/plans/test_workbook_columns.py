"""A column of the 主要工作安排表 is declared once (plans.workbook_layout) and nothing else changes for it.

The column 重点 (PlanItem.focus), after 汇报单位, is one such declaration: the blank template and the export carry it, the
reader and the preview read it, the commit sets it, and an update shows it among the changes. A workbook
without it (one written before it, or by hand) leaves the focus of the items it updates as it is. Each test
fails if any of them ignores it.
"""

import io

import openpyxl
from django.urls import reverse

from plans.exports import PlanWorkbookExporter
from plans.imports.apply import apply_preview
from plans.imports.preview import build_preview
from plans.imports.reader import read_workbook
from plans.models import AnnualPlan, ItemEdit, PlanEntry, PlanItem, PlanKind
from plans.workbook_layout import HEADERS, header_column

YEAR = 2031
KIND = PlanKind.MAJOR_MATTERS
FOCUS = HEADERS.index("重点")
BEFORE_FOCUS, AFTER_FOCUS = HEADERS[:FOCUS], HEADERS[FOCUS + 1:]  # the columns after it: 原文表述, 状态, 进度, 原则/目标
WITHOUT_FOCUS = [*BEFORE_FOCUS, *AFTER_FOCUS]


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
    return workbook([*BEFORE_FOCUS, header_text, *AFTER_FOCUS],
                    [["讨论决定重大事项(1项)", 1, "讨论决定民生实事项目", "财经工委", "3-6月", "✓", "",
                      *[""] * (len(BEFORE_FOCUS) - 7), focus]])


def preview_of(data: bytes, body, year=YEAR, kind=KIND) -> dict:
    return build_preview(read_workbook(data), body=body, year=year, kind=kind)


def test_the_focus_column_follows_the_reporting_bodies():
    assert HEADERS[FOCUS - 1:FOCUS + 1] == ["汇报单位", "重点"] and header_column("工作重点") == header_column("重点")


def test_the_blank_template_has_the_declared_header(office_client):
    response = office_client.get(reverse("plan-import-template"))
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [c.value for c in ws[3]] == HEADERS and "重点" in HEADERS


def test_a_workbook_with_the_column_previews_and_commits_it(baiyun):
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


def test_a_workbook_without_the_column_is_warned_of_and_leaves_the_focus(baiyun):
    data = workbook(WITHOUT_FOCUS, [["讨论决定重大事项(1项)", 1, "讨论决定民生实事项目", "财经工委", "3-6月", "✓", ""]])
    preview = preview_of(data, baiyun)
    assert [p["message"] for p in preview["problems"]] == ["第 2 行：表头没有「重点」列：新事项不填重点，已有事项的重点不变。"]
    assert preview["rows"][0]["focus"] == ""
    apply_preview(preview, body=baiyun)
    item = PlanItem.objects.get(body=baiyun, year=YEAR, title="讨论决定民生实事项目")
    assert item.focus == ""

    PlanItem.objects.filter(pk=item.pk).update(focus="聚焦民生")
    preview = preview_of(data, baiyun)  # the same workbook again: an update that says nothing of the focus
    assert preview["rows"][0]["action"] == "unchanged" and "重点" not in preview["rows"][0]["changes"]
    apply_preview(preview, body=baiyun)
    item.refresh_from_db()
    assert item.focus == "聚焦民生"

    preview = preview_of(focus_workbook(""), baiyun)  # the column, emptied: the focus is cleared
    assert preview["rows"][0]["changes"] == {"重点": ["聚焦民生", ""]}
    apply_preview(preview, body=baiyun)
    item.refresh_from_db()
    assert item.focus == ""


def test_a_focus_longer_than_the_item_takes_is_refused_at_its_row(baiyun):
    limit = PlanItem._meta.get_field("focus").max_length
    preview = preview_of(focus_workbook("重" * (limit + 1)), baiyun)
    assert preview["error_count"] == 1
    assert any(f"重点过长（{limit + 1} 个字符，最多 {limit} 个）" in p["message"] and p["message"].startswith("第 3 行")
               for p in preview["problems"]), preview["problems"]


def test_the_export_writes_the_column_and_reads_back_unchanged(baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind=PlanKind.SUPERVISION)
    entry = PlanEntry.objects.filter(plan=plan).select_related("item").order_by("order", "id").first()
    PlanItem.objects.filter(pk=entry.item_id).update(focus="突出问题导向")

    data = PlanWorkbookExporter(plan).render()
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in ws[2]] == HEADERS
    focus_by_title = {row[2]: row[FOCUS] for row in ws.iter_rows(min_row=3, values_only=True)}
    assert focus_by_title[entry.item.title] == "突出问题导向"

    # Read back over the same plan: the focus is what the item holds, so nothing changes it.
    preview = preview_of(data, baiyun, year=2023, kind=PlanKind.SUPERVISION)
    assert preview["error_count"] == 0
    rows = {r["entry_id"]: r for r in preview["rows"]}
    assert rows[entry.id]["focus"] == "突出问题导向"
    assert not any("重点" in r["changes"] for r in preview["rows"])
