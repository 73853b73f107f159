"""Importing an annual plan from a 主要工作安排表 workbook: preview, problems, mapping, commit, re-import, API."""

import io
import json
import os
import time
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from core.models import BackgroundJob, Committee
from plans.imports.jobs import JOB_KIND
from plans.models import AnnualPlan, ItemEdit, PlanEntry, PlanItem, PlanItemStatus, StatusChange
from plans.workbook_layout import HEADERS
from tests.conftest import client_for, restore_session_data

YEAR = 2024
KIND = "major_matters"
TITLE = "广州市白云区人大常委会2024年主要工作安排表"

MAJOR = "讨论决定重大事项(3项)"
REPORTS = "听取和审议/ 听取专项工作报告（16项）"

# (number, title, units, time, standing, chairpersons)
MAJOR_ROWS = [
    (1, "审查和批准2023年区本级决算", "财经工委", "8-10月", "✓", "✓"),
    (2, "讨论决定区人大代表补选事项", "选联及有关工委", "3-6月", "✓", ""),
    (3, "讨论决定民生实事项目", "财经工委、教科文卫工委及办公室", "全年", "", "✓"),
]
REPORT_ROWS = [
    (1, "听取和审议区政府关于优化营商环境工作情况的报告", "办公室及各工委", "2-3月", "✓", ""),
    (2, "听取和审议区政府关于城市更新工作情况的报告", "城建环资工委", "3月", "✓", "✓"),
    (3, "听取区政府关于重大项目建设情况的报告", "财经工委", "", "", "✓"),
]


def make_workbook(blocks, *, title=TITLE, merge=True, repeat_header_after_block=None, footnote=None,
                  note=None) -> bytes:
    """blocks: [(category text, [(number, title, units, time, standing, chairpersons), ...]), ...]."""
    wb = Workbook()
    ws = wb.active
    ws.title = "主要工作安排表"
    ws.append([title])
    ws.merge_cells("A1:G1")
    if note:
        ws.append([note])
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=7)
    ws.append(HEADERS)
    for index, (category, rows) in enumerate(blocks):
        first = ws.max_row + 1
        for i, row in enumerate(rows):
            ws.append([category if i == 0 else None, *row])
        if merge and len(rows) > 1:
            ws.merge_cells(start_row=first, start_column=1, end_row=ws.max_row, end_column=1)
        if repeat_header_after_block == index:
            ws.append(HEADERS)  # the next printed page repeats the header
    if footnote:
        ws.append([footnote])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=7)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def standard_workbook(**kwargs) -> bytes:
    return make_workbook([(MAJOR, MAJOR_ROWS), (REPORTS, REPORT_ROWS)], repeat_header_after_block=0, **kwargs)


def xlsx(data: bytes, name="安排表.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, data: bytes, year=YEAR, kind=KIND):
    response = client.post(reverse("plan-import"), {"year": year, "kind": kind, "file": xlsx(data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = BackgroundJob.objects.filter(kind=JOB_KIND).order_by("-pk").first()
    assert response["Location"] == reverse("plan-import-preview", kwargs={"job_id": job.pk})
    return job


def preview_of(job) -> dict:
    job.refresh_from_db()
    return job.result["preview"]


def commit(client, job, **extra):
    return client.post(reverse("plan-import-commit", kwargs={"job_id": job.pk}), extra)


def plan_of(baiyun, year=YEAR, kind=KIND):
    return AnnualPlan.objects.filter(body=baiyun, year=year, kind=kind).first()


def committee(baiyun, short_name):
    return Committee.objects.get(body=baiyun, short_name=short_name)


# --- the preview understands each column form ----------------------------------------------------


def test_preview_understands_every_column_form(office_client, baiyun):
    job = upload(office_client, standard_workbook())
    preview = preview_of(job)
    rows = {r["title"]: r for r in preview["rows"]}
    assert len(rows) == 6
    assert preview["header_row"] == 2
    assert preview["repeated_headers"] == [6]  # the header repeated after the first block

    # 类别, written once per block in a merged cell, with its declared count
    assert [(s["heading"], s["declared_count"], s["rows"]) for s in preview["sections"]] == [
        ("讨论决定重大事项", 3, 3),
        ("听取和审议/ 听取专项工作报告", 16, 3),
    ]
    first = rows["审查和批准2023年区本级决算"]
    assert first["section"] == "讨论决定重大事项（3项）" and first["number"] == "1"
    assert rows["讨论决定民生实事项目"]["section"] == "讨论决定重大事项（3项）"  # merged below
    assert rows["听取区政府关于重大项目建设情况的报告"]["number"] == "3"  # 序号 restarts per category

    # 组织实施部门
    def leads(title):
        return [c["short_name"] for c in rows[title]["leads"]]

    assert leads("审查和批准2023年区本级决算") == ["财经工委"]
    assert leads("讨论决定区人大代表补选事项") == ["选联工委"]  # 选联 → 选联工委
    assert rows["讨论决定区人大代表补选事项"]["all_committees_help"] is True  # 及有关工委
    # No role words: the first unit leads, the others help (issue 20: the text's own order decides).
    assert leads("讨论决定民生实事项目") == ["财经工委"]
    assert [c["short_name"] for c in rows["讨论决定民生实事项目"]["helpers"]] == ["教科文卫工委", "办公室"]
    assert leads("听取和审议区政府关于优化营商环境工作情况的报告") == ["办公室"]
    assert rows["听取和审议区政府关于优化营商环境工作情况的报告"]["all_committees_help"] is True

    # 时间, as Timing.label() reads it
    labels = {title: r["timing_label"] for title, r in rows.items()}
    assert labels["审查和批准2023年区本级决算"] == "8-10月"
    assert labels["讨论决定区人大代表补选事项"] == "3-6月"
    assert labels["讨论决定民生实事项目"] == "全年"
    assert labels["听取和审议区政府关于优化营商环境工作情况的报告"] == "2-3月"
    assert labels["听取和审议区政府关于城市更新工作情况的报告"] == "3月"
    assert labels["听取区政府关于重大项目建设情况的报告"].startswith("待定")
    assert rows["听取区政府关于重大项目建设情况的报告"]["timing"]["timing_kind"] == "undetermined"

    # 常委会会议 / 主任会议
    assert (first["to_standing_meeting"], first["to_chairpersons_meeting"]) == (True, True)
    r = rows["讨论决定区人大代表补选事项"]
    assert (r["to_standing_meeting"], r["to_chairpersons_meeting"]) == (True, False)

    # a count that does not add up is a warning, not an error
    assert preview["error_count"] == 0 and preview["can_commit"]
    warnings = [p["message"] for p in preview["problems"] if p["level"] == "warning"]
    assert any("第 7 行「类别」" in w and "标明 16 项，表中实际列出 3 项" in w for w in warnings), warnings
    assert preview["counts"]["new"] == 6
    assert rows["审查和批准2023年区本级决算"]["form"] == "major_matter"
    assert rows["听取和审议区政府关于城市更新工作情况的报告"]["form"] == "special_report"

    page = office_client.get(reverse("plan-import-preview", kwargs={"job_id": job.pk})).content.decode()
    for text in ["讨论决定重大事项（3项）", "牵头：财经工委", "配合：教科文卫工委、办公室", "各工委分工落实", "8-10月", "2-3月",
                 "标明 16 项，表中实际列出 3 项", "新建《广州市白云区人大常委会 2024 年度讨论决定重大事项工作计划》"]:
        assert text in page, text
    assert nothing_saved(baiyun)


def nothing_saved(baiyun) -> bool:
    return plan_of(baiyun) is None and not PlanItem.objects.filter(body=baiyun, year=YEAR).exists()


def test_blank_categories_full_names_notes_and_footnotes(office_client, baiyun):
    """类别 left blank below (no merge), full committee names, a note row above the header, a footnote below."""
    rows = [
        (1, "专题调研一", "监察和司法工作委员会、城乡建设环境与资源保护委员会", "7月底前", "", ""),
        (2, "专题调研二", "区人大常委会办公室", "第四季度", "", ""),
        (3, "专题调研三", "社会建设委员会、社会建设工委负责", "5月份", "√", ""),
    ]
    data = make_workbook([("专题调研（共 3 项）", rows)], merge=False, note="填写说明：时间写作 3月、3-6月……",
                         footnote="注：如遇机构改革，以上级机构改革方案为准另行调整。")
    preview = preview_of(upload(office_client, data))
    assert preview["error_count"] == 0, preview["problems"]
    assert preview["header_row"] == 3 and preview["skipped_notes"] == [7]
    got = {r["title"]: r for r in preview["rows"]}
    assert [c["short_name"] for c in got["专题调研一"]["leads"]] == ["监察司法工委"]
    assert [c["short_name"] for c in got["专题调研一"]["helpers"]] == ["城建环资委员会"]
    assert [c["short_name"] for c in got["专题调研二"]["leads"]] == ["办公室"]
    assert [c["short_name"] for c in got["专题调研三"]["leads"]] == ["社会建设委员会", "社会建设工委"]
    assert got["专题调研三"]["section"] == "专题调研（3项）"
    assert [r["timing_label"] for r in preview["rows"]] == ["7月底前", "第四季度", "5月"]
    assert got["专题调研三"]["to_standing_meeting"] is True


@pytest.mark.parametrize(
    ("written", "short_name"),
    [
        ("财经工委", "财经工委"),
        ("财政经济工作委员会", "财经工委"),
        ("选联", "选联工委"),
        ("选联委", "选联工委"),
        ("财经委", "财经委员会"),
        ("教科文卫", "教科文卫工委"),
        ("区人大常委会办公室", "办公室"),
        ("常委会办公室", "办公室"),
        ("由财经工委负责", "财经工委"),
        ("社会建设工委牵头", "社会建设工委"),
    ],
)
def test_committee_names_are_resolved_forgivingly(baiyun, written, short_name):
    from plans.imports.preview import CommitteeResolver

    how, found = CommitteeResolver(Committee.objects.filter(body=baiyun)).resolve(written)
    assert how == "found" and found.short_name == short_name


def test_unresolvable_names_stay_unknown_until_mapped(baiyun):
    from plans.imports.preview import CommitteeResolver

    committees = Committee.objects.filter(body=baiyun)
    assert CommitteeResolver(committees).resolve("人大研究室") == ("unknown", None)
    office = committee(baiyun, "办公室")
    assert CommitteeResolver(committees, {"人大 研究室": office.pk}).resolve("人大研究室") == ("mapped", office)
    assert CommitteeResolver(committees, {"人大研究室": "ignore"}).resolve("人大研究室") == ("ignored", None)


# --- problems named by row and column ------------------------------------------------------------


def test_problems_are_named_by_row_and_column(office_client, baiyun):
    rows = [
        (1, "事项一", "财经工委", "13月", "✓", ""),
        (2, "", "财经工委", "3月", "", ""),
        (2, "事项三", "财经工委", "3月", "", "也许"),
        (4, "事项四", "人大研究室", "明年春天", "", ""),
    ]
    job = upload(office_client, make_workbook([(MAJOR, rows)]))
    preview = preview_of(job)
    messages = [p["message"] for p in preview["problems"] if p["level"] == "error"]
    expected = [
        "第 3 行「时间」：无法识别时间“13月”",
        "第 4 行「项目名称」：项目名称不能为空",
        "第 5 行「序号」：序号“2”与第 4 行重复",
        "第 5 行「主任会议」：无法识别“也许”",
        "第 6 行「组织实施部门」：找不到委员会“人大研究室”",
        "第 6 行「时间」：无法识别时间“明年春天”",
    ]
    for start in expected:
        assert any(m.startswith(start) for m in messages), (start, messages)
    assert len(messages) == len(expected)
    assert not preview["can_commit"]
    assert [u["name"] for u in preview["unknown_units"]] == ["人大研究室"]
    page = office_client.get(reverse("plan-import-preview", kwargs={"job_id": job.pk})).content.decode()
    assert "第 3 行「时间」：无法识别时间“13月”" in page
    assert "6 个错误" in page and "确认导入</button>" in page and "disabled" in page


# --- unknown committees are mapped, never dropped ------------------------------------------------


def test_unknown_committee_is_mapped_or_explicitly_ignored(office_client, baiyun):
    rows = [
        (1, "代表履职培训", "代表联络工委", "3月", "", "✓"),
        (2, "代表小组活动", "代表联络工委、财经工委", "全年", "", ""),
        (3, "机关党建", "机关党委", "全年", "", ""),
    ]
    job = upload(office_client, make_workbook([("代表工作(3项)", rows)]))
    preview = preview_of(job)
    assert {u["name"]: u["rows"] for u in preview["unknown_units"]} == {"代表联络工委": [3, 4], "机关党委": [5]}
    assert preview["error_count"] == 3
    page = office_client.get(reverse("plan-import-preview", kwargs={"job_id": job.pk})).content.decode()
    assert "未识别的单位" in page and "“代表联络工委”" in page and "忽略（不记这个单位）" in page

    xuanlian = committee(baiyun, "选联工委")
    response = office_client.post(reverse("plan-import-mapping", kwargs={"job_id": job.pk}), {
        "unit-1": "代表联络工委", "map-1": str(xuanlian.pk),
        "unit-2": "机关党委", "map-2": "",
    })
    assert response.status_code == 302
    preview = preview_of(job)
    assert [u["name"] for u in preview["unknown_units"]] == ["机关党委"]  # not chosen: still an error
    assert preview["error_count"] == 1
    training = preview["rows"][0]
    assert [(c["short_name"], c["how"]) for c in training["leads"]] == [("选联工委", "mapped")]
    assert commit(office_client, job).status_code == 302 and nothing_saved(baiyun)  # refused while errors remain

    office_client.post(reverse("plan-import-mapping", kwargs={"job_id": job.pk}), {
        "unit-1": "代表联络工委", "map-1": str(xuanlian.pk), "unit-2": "机关党委", "map-2": "ignore",
    })
    preview = preview_of(job)
    assert preview["error_count"] == 0 and preview["can_commit"]
    assert preview["rows"][2]["ignored_units"] == ["机关党委"] and preview["rows"][2]["leads"] == []
    page = office_client.get(reverse("plan-import-preview", kwargs={"job_id": job.pk})).content.decode()
    assert "已忽略：机关党委" in page

    response = commit(office_client, job)
    plan = plan_of(baiyun)
    assert response.status_code == 302 and response["Location"] == reverse("plan-detail", args=[plan.pk])
    items = {e.item.title: e.item for e in PlanEntry.objects.filter(plan=plan).select_related("item")}
    assert set(items["代表小组活动"].committees.values_list("short_name", flat=True)) == {"选联工委", "财经工委"}
    assert not items["机关党建"].committees.exists()


# --- all or nothing --------------------------------------------------------------------------------


def test_an_error_row_saves_nothing(office_client, baiyun):
    rows = [*MAJOR_ROWS[:2], (3, "讨论决定民生实事项目", "财经工委", "13月", "", "")]
    job = upload(office_client, make_workbook([(MAJOR, rows)]))
    items_before = PlanItem.objects.filter(body=baiyun).count()
    response = commit(office_client, job)
    assert response.status_code == 302
    assert response["Location"] == reverse("plan-import-preview", kwargs={"job_id": job.pk})
    page = office_client.get(response["Location"]).content.decode()
    assert "还有 1 个错误，改正后才能导入；计划未作任何修改。" in page
    assert nothing_saved(baiyun) and PlanItem.objects.filter(body=baiyun).count() == items_before
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.PENDING


def test_a_failure_half_way_rolls_everything_back(office_client, baiyun, monkeypatch):
    import plans.imports.apply as apply

    calls = {"n": 0}
    real = apply._responsibilities

    def failing(item, row):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk full")
        return real(item, row)

    monkeypatch.setattr(apply, "_responsibilities", failing)
    job = upload(office_client, standard_workbook())
    response = commit(office_client, job)
    assert response.status_code == 302
    assert calls["n"] == 4
    assert nothing_saved(baiyun)
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.FAILED and "计划未作任何修改" in job.message
    monkeypatch.setattr(apply, "_responsibilities", real)
    response = commit(office_client, job)  # a failed import may be tried again
    assert response.status_code == 302 and plan_of(baiyun) is not None


# --- importing again updates -------------------------------------------------------------------------


def test_reimport_updates_instead_of_duplicating_and_keeps_statuses(office_client, baiyun):
    job = upload(office_client, standard_workbook())
    assert commit(office_client, job).status_code == 302
    plan = plan_of(baiyun)
    assert plan.status == AnnualPlan.Status.DRAFT
    assert plan.entries.count() == 6 and plan.sections.count() == 2
    item_ids = set(plan.entries.values_list("item_id", flat=True))
    assert ItemEdit.objects.filter(item_id__in=item_ids, note="Excel 导入").count() == 6

    budget = PlanItem.objects.get(body=baiyun, title="审查和批准2023年区本级决算")
    budget.status, budget.progress = PlanItemStatus.PREPARING, 40
    budget.save()
    StatusChange.objects.create(item=budget, from_status="not_started", to_status="preparing", note="开始准备")

    # The same workbook again: nothing new, nothing changed.
    again = upload(office_client, standard_workbook())
    assert preview_of(again)["counts"] == {"new": 0, "update": 0, "unchanged": 6, "link": 0, "remove": 0}
    assert commit(office_client, again).status_code == 302
    assert set(plan.entries.values_list("item_id", flat=True)) == item_ids

    # Changed: a time, a reworded title at the same 序号, one row gone, one row added, one row moved.
    major = [
        (1, "审查和批准2023年区本级决算", "财经工委", "9-11月", "✓", "✓"),
        (2, "讨论决定区人大代表补选和辞职事项", "选联及有关工委", "3-6月", "✓", ""),
        (4, "讨论决定国有资产管理情况", "财经工委", "11月", "✓", ""),  # 3 is gone, 4 is new
    ]
    reports = [
        (1, "听取区政府关于重大项目建设情况的报告", "财经工委", "", "", "✓"),
        (2, "听取和审议区政府关于城市更新工作情况的报告", "城建环资工委", "3月", "✓", "✓"),
    ]
    changed = make_workbook([(MAJOR, major), ("听取和审议/ 听取专项工作报告（2项）", reports)])
    job = upload(office_client, changed)
    preview = preview_of(job)
    actions = {r["title"]: r["action"] for r in preview["rows"]}
    assert actions == {
        "审查和批准2023年区本级决算": "update",
        "讨论决定区人大代表补选和辞职事项": "update",  # same category and 序号
        "讨论决定国有资产管理情况": "new",
        "听取区政府关于重大项目建设情况的报告": "update",  # same title, now 序号 1
        "听取和审议区政府关于城市更新工作情况的报告": "unchanged",
    }
    assert preview["rows"][0]["changes"] == {"时间": ["8-10月", "9-11月"]}
    removed_titles = {r["title"] for r in preview["removals"]}
    assert removed_titles == {"讨论决定民生实事项目", "听取和审议区政府关于优化营商环境工作情况的报告"}
    page = office_client.get(reverse("plan-import-preview", kwargs={"job_id": job.pk})).content.decode()
    assert "将从计划中移除的事项" in page and "讨论决定民生实事项目" in page

    # Not ticked: the two are kept.
    assert commit(office_client, job).status_code == 302
    assert plan.entries.count() == 7
    budget.refresh_from_db()
    assert (budget.status, budget.progress, budget.timing.label()) == (PlanItemStatus.PREPARING, 40, "9-11月")
    assert budget.status_changes.count() == 1
    edit = ItemEdit.objects.filter(item=budget).order_by("-pk").first()
    assert edit.note == "Excel 导入" and edit.changes == {"时间": ["8-10月", "9-11月"]} and edit.by.username == "office"
    renamed = PlanItem.objects.get(body=baiyun, title="讨论决定区人大代表补选和辞职事项")
    assert renamed.pk in item_ids
    assert ItemEdit.objects.filter(item=renamed, changes__has_key="事项").exists()
    assert plan.sections.get(declared_count=2).heading == "听取和审议/ 听取专项工作报告（2项）"

    # Ticked: they go.
    job = upload(office_client, changed)
    assert preview_of(job)["counts"]["remove"] == 2
    assert commit(office_client, job, remove_missing="on").status_code == 302
    assert set(plan.entries.values_list("item__title", flat=True)) == {title for title in actions}
    assert not PlanItem.objects.filter(body=baiyun, title="讨论决定民生实事项目").exists()  # untouched: deleted
    assert PlanItem.objects.filter(body=baiyun, year=YEAR).count() == 5


def test_import_into_an_existing_plan_links_matters_and_keeps_unlisted_ones(office_client, baiyun):
    plan = plan_of(baiyun, 2023, "major_matters")
    before = set(plan.entries.values_list("item_id", flat=True))
    supervision = plan_of(baiyun, 2023, "supervision")
    elsewhere = PlanItem.objects.filter(entries__plan=supervision).exclude(entries__plan=plan).first()
    listed_in = elsewhere.entries.count()
    rows = [(1, elsewhere.title, "财经工委", "5月", "✓", ""), (2, "讨论决定新增事项", "财经工委", "6月", "✓", "")]
    job = upload(office_client, make_workbook([("讨论决定重大事项(2项)", rows)], title="2023年主要工作安排表"),
                 year=2023, kind="major_matters")
    preview = preview_of(job)
    assert preview["plan"]["exists"] and preview["plan"]["id"] == plan.pk
    assert [r["action"] for r in preview["rows"]] == ["link", "new"]
    assert preview["rows"][0]["item_id"] == elsewhere.pk
    assert {r["item_id"] for r in preview["removals"]} == before
    assert any("已通过" in p["message"] for p in preview["problems"])  # the plan was adopted: a warning
    assert commit(office_client, job).status_code == 302
    after = set(plan.entries.values_list("item_id", flat=True))
    assert before < after and elsewhere.pk in after and len(after) == len(before) + 2
    assert elsewhere.entries.count() == listed_in + 1  # one matter, listed in one more plan


# --- bad files -----------------------------------------------------------------------------------


def _zip(files: dict) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


def _empty_workbook() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _no_header() -> bytes:
    wb = Workbook()
    for i in range(40):
        wb.active.append([f"第{i}行", "一些文字"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just some text, not a workbook", "这不是 Excel 工作簿（.xlsx）"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 Excel 文件（.xls）"),
        (b"PK\x03\x04" + b"\x00garbage" * 50, "文件已损坏"),
        (_zip({"word/document.xml": "<w/>"}), "这不是 Excel 工作簿（.xlsx）"),
        (_zip({"xl/workbook.xml": "<not really"}), "文件已损坏"),
        (_empty_workbook(), "工作簿是空的"),
        (_no_header(), "找不到表头行"),
        (make_workbook([]), "表中没有任何事项"),
        (b"", "文件是空的（0 字节）"),
    ],
    ids=["text", "xls", "damaged", "docx-like", "broken-xml", "empty", "no-header", "header-only", "zero-bytes"],
)
def test_bad_files_get_a_clear_message_and_change_nothing(office_client, baiyun, data, message):
    response = office_client.post(reverse("plan-import"), {"year": YEAR, "kind": KIND, "file": xlsx(data)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BackgroundJob.objects.filter(kind=JOB_KIND).exists()
    assert nothing_saved(baiyun)


def test_files_over_the_limit_are_refused(office_client, baiyun):
    data = b"PK\x03\x04" + b"\0" * (10 * 1024 * 1024)
    response = office_client.post(reverse("plan-import"), {"year": YEAR, "kind": KIND, "file": xlsx(data)})
    assert "超过 10 MB 的上限" in response.content.decode()
    assert not BackgroundJob.objects.filter(kind=JOB_KIND).exists()


def test_a_header_without_a_required_column_is_named(office_client, baiyun):
    wb = Workbook()
    wb.active.append(["类别", "序号", "项目名称", "组织实施部门", "常委会会议", "主任会议"])
    wb.active.append(["其他(1项)", 1, "事项", "财经工委", "", ""])
    out = io.BytesIO()
    wb.save(out)
    response = office_client.post(reverse("plan-import"), {"year": YEAR, "kind": KIND, "file": xlsx(out.getvalue())})
    assert "第 1 行的表头缺少「时间」列" in response.content.decode()


def test_a_corrected_file_replaces_the_upload_and_keeps_the_mapping(office_client, baiyun):
    rows = [(1, "代表履职培训", "代表联络工委", "13月", "", "✓")]
    job = upload(office_client, make_workbook([("代表工作(1项)", rows)]))
    xuanlian = committee(baiyun, "选联工委")
    office_client.post(reverse("plan-import-mapping", kwargs={"job_id": job.pk}),
                       {"unit-1": "代表联络工委", "map-1": str(xuanlian.pk)})
    assert preview_of(job)["error_count"] == 1
    bad = office_client.post(reverse("plan-import-reupload", kwargs={"job_id": job.pk}), {"file": xlsx(b"nonsense")})
    assert bad.status_code == 302 and preview_of(job)["error_count"] == 1  # the old file stays
    fixed = make_workbook([("代表工作(1项)", [(1, "代表履职培训", "代表联络工委", "3月", "", "✓")])])
    office_client.post(reverse("plan-import-reupload", kwargs={"job_id": job.pk}), {"file": xlsx(fixed, "改正.xlsx")})
    preview = preview_of(job)
    assert preview["error_count"] == 0 and preview["filename"] == "改正.xlsx"
    assert preview["rows"][0]["leads"][0]["short_name"] == "选联工委"


# --- jobs: stale, other body, already committed, status ------------------------------------------------


def test_a_committed_job_cannot_be_committed_again(office_client, baiyun):
    job = upload(office_client, standard_workbook())
    commit(office_client, job)
    response = commit(office_client, job)
    assert response.status_code == 302
    page = office_client.get(response["Location"]).content.decode()
    assert "不能重复提交" in page
    assert plan_of(baiyun).entries.count() == 6
    status = office_client.get(reverse("plan-import-status", kwargs={"job_id": job.pk})).json()
    assert status["status"] == "done" and status["percent"] == 100
    assert status["plan_url"] == reverse("plan-detail", args=[plan_of(baiyun).pk])


def test_stale_and_other_bodies_jobs_are_not_found(office_client, baiyun, second_body):
    job = upload(office_client, standard_workbook())
    other = client_for("office-other")
    for name, method in [("plan-import-preview", "get"), ("plan-import-status", "get"),
                         ("plan-import-mapping", "post"), ("plan-import-reupload", "post"),
                         ("plan-import-commit", "post")]:
        url = reverse(name, kwargs={"job_id": job.pk})
        assert getattr(other, method)(url).status_code == 404, name
    api = APIClient()
    api.force_authenticate(user=other_user())
    assert api.get(reverse("api:plan-import-detail", kwargs={"job_id": job.pk})).status_code == 404
    assert api.post(reverse("api:plan-import-commit", kwargs={"job_id": job.pk})).status_code == 404
    assert api.get(reverse("api:plan-import-list")).json()["count"] == 0
    assert nothing_saved(baiyun)

    BackgroundJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert office_client.get(reverse("plan-import-preview", kwargs={"job_id": job.pk})).status_code == 404
    assert commit(office_client, job).status_code == 404
    assert office_client.get(reverse("plan-import-preview", kwargs={"job_id": 999999})).status_code == 404


def other_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="office-other")


# --- permissions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["director", "lead-caijing"])
def test_only_the_office_may_import(baiyun, username, office_client):
    job = upload(office_client, standard_workbook())
    client = client_for(username)
    refused = [
        client.get(reverse("plan-import")),
        client.post(reverse("plan-import"), {"year": YEAR, "kind": KIND, "file": xlsx(standard_workbook())}),
        client.get(reverse("plan-import-template")),
        client.get(reverse("plan-import-preview", kwargs={"job_id": job.pk})),
        client.get(reverse("plan-import-status", kwargs={"job_id": job.pk})),
        client.post(reverse("plan-import-mapping", kwargs={"job_id": job.pk}), {}),
        commit(client, job),
    ]
    for response in refused:
        assert response.status_code == 403
        assert "只有办公室可以从 Excel 导入年度计划" in response.content.decode()
    assert nothing_saved(baiyun)

    api = APIClient()
    api.force_authenticate(user=client_user(username))
    for response in [
        api.get(reverse("api:plan-import-list")),
        api.post(reverse("api:plan-import-list"), {"year": YEAR, "kind": KIND, "file": xlsx(standard_workbook())},
                 format="multipart"),
        api.post(reverse("api:plan-import-commit", kwargs={"job_id": job.pk})),
    ]:
        assert response.status_code == 403
        assert "只有办公室" in response.json()["detail"]
    assert nothing_saved(baiyun)


def client_user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.mark.django_db
def test_anonymous_visitors_are_refused(client, baiyun):
    for name in ["plan-import", "plan-import-template"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(reverse("plan-import"), {"year": YEAR, "kind": KIND, "file": xlsx(standard_workbook())})
    assert response.status_code == 302
    assert APIClient().post(reverse("api:plan-import-list"), {}, format="multipart").status_code in (401, 403)
    assert nothing_saved(baiyun)


# --- template --------------------------------------------------------------------------------------


def test_the_blank_template_has_the_layout_the_import_reads(office_client):
    response = office_client.get(reverse("plan-import-template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    assert "主要工作安排表" in ws["A1"].value
    header = [c.value for c in ws[3]]
    assert header == HEADERS
    assert ws.column_dimensions["C"].width > 40
    assert ws.data_validations.dataValidation  # ✓ lists and the time hint
    names = [c.value for c in wb["委员会简称"]["A"]]
    assert "财经工委" in names and "示例区民生工委" not in names  # the user's body only

    # Filled in, it imports.
    ws.append(["讨论决定重大事项(1项)", 1, "按模板填写的事项", "财经工委", "3-6月", "✓", None])
    out = io.BytesIO()
    wb.save(out)
    preview = preview_of(upload(office_client, out.getvalue()))
    assert preview["error_count"] == 0 and preview["rows"][0]["row"] == 204  # after the 200 formatted rows


# --- API -----------------------------------------------------------------------------------------------


@pytest.fixture
def api(baiyun):
    client = APIClient()
    client.force_authenticate(user=client_user("office"))
    return client


def test_api_upload_preview_and_commit(api, baiyun):
    bad = [*MAJOR_ROWS[:2], (3, "讨论决定民生实事项目", "代表联络工委", "13月", "", "")]
    response = api.post(reverse("api:plan-import-list"), {
        "file": xlsx(make_workbook([(MAJOR, bad)])), "year": YEAR, "kind": KIND,
        "mapping": json.dumps({"代表联络工委": committee(baiyun, "选联工委").pk}),
    }, format="multipart")
    assert response.status_code == 201, response.content
    data = response.json()
    job_id = data["id"]
    assert data["status"] == "pending" and not data["can_commit"]
    assert [r["timing_label"] for r in data["rows"][:2]] == ["8-10月", "3-6月"]
    assert data["rows"][2]["leads"][0]["short_name"] == "选联工委"  # the mapping sent with the upload
    errors = [p["message"] for p in data["problems"] if p["level"] == "error"]
    assert len(errors) == 1 and errors[0].startswith("第 5 行「时间」：无法识别时间“13月”")
    assert data["plan"] == {"id": None, "exists": False, "title": "广州市白云区人大常委会 2024 年度讨论决定重大事项工作计划",
                            "status": "draft", "status_label": "草案"}

    response = api.post(reverse("api:plan-import-commit", kwargs={"job_id": job_id}), {}, format="json")
    assert response.status_code == 400
    assert response.json()["problems"][0]["column"] == "时间"
    assert nothing_saved(baiyun)

    assert api.get(reverse("api:plan-import-detail", kwargs={"job_id": job_id})).json()["id"] == job_id
    assert api.get(reverse("api:plan-import-list")).json()["results"][0]["id"] == job_id

    # A good file, its mapping given at commit.
    good = [*MAJOR_ROWS[:2], (3, "讨论决定民生实事项目", "代表联络工委", "全年", "", "")]
    response = api.post(reverse("api:plan-import-list"), {"file": xlsx(make_workbook([(MAJOR, good)])),
                                                          "year": YEAR, "kind": KIND}, format="multipart")
    job_id = response.json()["id"]
    assert response.json()["unknown_units"] == [{"name": "代表联络工委", "rows": [5]}]
    response = api.post(reverse("api:plan-import-preview", kwargs={"job_id": job_id}),
                        {"mapping": {"代表联络工委": "ignore"}}, format="json")
    assert response.status_code == 200 and response.json()["can_commit"]
    response = api.post(reverse("api:plan-import-commit", kwargs={"job_id": job_id}), {"remove_missing": False},
                        format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "done" and data["summary"]["created"] == 3
    plan = plan_of(baiyun)
    assert data["summary"]["plan_id"] == plan.pk and plan.entries.count() == 3

    again = api.post(reverse("api:plan-import-commit", kwargs={"job_id": job_id}), {}, format="json")
    assert again.status_code == 409 and "不能重复提交" in again.json()["detail"]


def test_api_bad_file_and_bad_fields(api, baiyun):
    response = api.post(reverse("api:plan-import-list"), {"file": xlsx(b"nope"), "year": YEAR, "kind": KIND},
                        format="multipart")
    assert response.status_code == 400 and "不是 Excel 工作簿" in response.json()["detail"]
    response = api.post(reverse("api:plan-import-list"), {"file": xlsx(standard_workbook()), "year": YEAR,
                                                          "kind": "nonsense", "mapping": "{oops"}, format="multipart")
    assert response.status_code == 400 and {"kind", "mapping"} <= set(response.json())
    assert not BackgroundJob.objects.filter(kind=JOB_KIND).exists()


# --- large files ---------------------------------------------------------------------------------------


def test_a_500_row_import_runs_as_a_task_and_completes(office_client, baiyun, monkeypatch):
    import plans.tasks
    from renda.celery import app

    # With REDIS_URL (make test) tasks go to a broker; this test's data is inside its transaction,
    # which no worker could see, so the task runs in process here. The worker path: test below.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    sent = []
    real_delay = plans.tasks.commit_plan_import.delay
    monkeypatch.setattr(plans.tasks.commit_plan_import, "delay", lambda job_id: sent.append(job_id) or real_delay(job_id))

    units = ["财经工委", "选联及有关工委", "财经工委、教科文卫工委及办公室", "办公室及各工委", "城建环资工委"]
    times = ["3月", "3-6月", "8-10月", "全年", "2-3月", ""]
    blocks = []
    for b in range(5):
        rows = [(n, f"第{b + 1}类第{n}项工作", units[n % 5], times[n % 6], "✓" if n % 2 else "", "✓" if n % 3 else "")
                for n in range(1, 101)]
        blocks.append((f"第{b + 1}类工作（100项）", rows))
    job = upload(office_client, make_workbook(blocks, repeat_header_after_block=2))
    assert len(preview_of(job)["rows"]) == 500 and preview_of(job)["can_commit"]

    response = commit(office_client, job)
    assert sent == [job.pk]
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE, job.message
    plan = plan_of(baiyun)
    # Without a broker the task ran at once; the page goes to the plan (with Redis: to the progress page).
    assert response.status_code == 302
    assert response["Location"] in (reverse("plan-detail", args=[plan.pk]),
                                     reverse("plan-import-preview", kwargs={"job_id": job.pk}))
    assert plan.entries.count() == 500 and plan.sections.count() == 5
    status = office_client.get(reverse("plan-import-status", kwargs={"job_id": job.pk})).json()
    assert (status["status"], status["progress"], status["total"]) == ("done", 500, 500)


def test_the_progress_page_polls_with_a_script_file_not_inline(office_client, baiyun):
    job = upload(office_client, standard_workbook())
    BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.RUNNING)
    response = office_client.get(reverse("plan-import-preview", kwargs={"job_id": job.pk}))
    text = response.content.decode()
    assert f'data-import-status-url="{reverse("plan-import-status", kwargs={"job_id": job.pk})}"' in text
    assert '<script src="/static/js/plan-import.js"></script>' in text
    assert "<script>" not in text
    assert office_client.get("/static/js/plan-import.js").status_code in (200, 404)  # served by WhiteNoise in prod
    status = office_client.get(reverse("plan-import-status", kwargs={"job_id": job.pk})).json()
    assert status["status"] == "running" and status["total"] == 6


@pytest.mark.broker
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no Redis broker (make test starts one)")
def test_a_large_import_is_committed_by_a_real_worker_while_the_page_polls(transactional_db, settings):
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections
    from django_scopes import scopes_disabled

    from core.models import Body
    from renda.celery import app
    from reports.demo import demo_body_name

    with scopes_disabled():
        restore_session_data()
        baiyun = Body.objects.get(name=demo_body_name())
    settings.PLAN_IMPORT_INLINE_MAX_ROWS = 2  # these 6 rows count as a large file
    assert app.conf.task_always_eager is False
    office = client_for("office")
    job = upload(office, standard_workbook())

    def close_connections(**kwargs):
        connections.close_all()

    task_postrun.connect(close_connections, weak=False)
    try:
        with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
            response = commit(office, job)
            assert response["Location"] == reverse("plan-import-preview", kwargs={"job_id": job.pk})
            status_url = reverse("plan-import-status", kwargs={"job_id": job.pk})
            deadline = time.monotonic() + 30
            while (status := office.get(status_url).json())["status"] == "running" and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        task_postrun.disconnect(close_connections)
    assert status["status"] == "done", status
    assert status["plan_url"] == reverse("plan-detail", args=[plan_of(baiyun).pk])
    assert plan_of(baiyun).entries.count() == 6


def test_a_second_click_while_importing_is_refused_and_changes_nothing(office_client, baiyun):
    job = upload(office_client, standard_workbook())
    BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.RUNNING)
    for send in [lambda: commit(office_client, job),
                 lambda: office_client.post(reverse("plan-import-mapping", kwargs={"job_id": job.pk}), {})]:
        response = send()
        assert response.status_code == 302
        assert "这个文件正在导入，请稍候。" in office_client.get(response["Location"]).content.decode()
    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.RUNNING and nothing_saved(baiyun)
