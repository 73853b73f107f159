"""The plan workbook carries what the printed table lacks (issue 21, 13 and 20): 原文表述, 状态 (with the month
and reason of a postponement or the reason of a cancellation), 进度 and 原则/目标. Exported and imported again an
item keeps them; a status is applied only through plans.workflow.change_status, step by step on the item's
timeline, and a status the import cannot apply is an error naming its row and column. The previews (workbook
and Word) show 原则/目标（不计入任务） on the rows the commit will mark."""

import io

import openpyxl
from django.contrib.auth import get_user_model
from django.urls import reverse

from plans.exports import PlanWorkbookExporter
from plans.imports.apply import apply_preview
from plans.imports.preview import build_preview
from plans.imports.reader import read_workbook
from plans.models import AnnualPlan, PlanEntry, PlanItem, PlanItemStatus, PlanKind, StatusChange
from plans.workbook_layout import HEADERS, position
from plans.workflow import change_status
from tests.plans.test_plan_import import upload
from tests.plans.test_word_import import reader  # noqa: F401  (the fixture)

NEW_YEAR = 2031
S = PlanItemStatus


def _preview(data, body, year=NEW_YEAR, kind=PlanKind.DEPUTY_WORK):
    return build_preview(read_workbook(data), body=body, year=year, kind=kind)


def _rows(data) -> dict:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return {row[position("title")]: row for row in ws.iter_rows(min_row=3, values_only=True)}


def _export_and_import(plan, body) -> tuple[list, dict, bytes]:
    """The plan exported, imported into NEW_YEAR; (its entries, the copies by title, the workbook)."""
    entries = list(PlanEntry.objects.filter(plan=plan).select_related("item").order_by("order", "id"))
    data = PlanWorkbookExporter(plan).render()
    preview = _preview(data, body, kind=plan.kind)
    assert preview["error_count"] == 0, [p["message"] for p in preview["problems"] if p["level"] == "error"]
    apply_preview(preview, body=body)
    copies = {e.item.title: e for e in PlanEntry.objects.filter(plan__body=body, plan__year=NEW_YEAR, plan__kind=plan.kind)
              .select_related("item")}
    assert len(copies) == len(entries)
    for entry in entries:
        entry.item.refresh_from_db()
        entry.refresh_from_db()
        copy = copies[entry.item.title]
        assert (copy.wording, copy.item.status, copy.item.postponed_to_month, copy.item.progress,
                copy.item.is_principle) == (entry.wording, entry.item.status, entry.item.postponed_to_month,
                                            entry.item.progress, entry.item.is_principle), entry.item.title
    return entries, copies, data


def test_deputy_work_x_comes_back_marked_as_a_principle(baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind=PlanKind.DEPUTY_WORK)
    tenth = PlanEntry.objects.select_related("item").get(plan=plan, number="（十）")
    # A principle with a time note: the import's rule alone reads the note as a task waiting for its date.
    assert tenth.item.is_principle and tenth.item.timing_note
    entries, copies, data = _export_and_import(plan, baiyun)
    assert _rows(data)[tenth.item.title][position("principle")] == "是"
    assert copies[tenth.item.title].item.is_principle


def test_tracking_and_wording_come_back_after_export_and_import(baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind=PlanKind.SUPERVISION)
    office = get_user_model().objects.get(username="office")
    tasks = [e for e in PlanEntry.objects.filter(plan=plan).select_related("item").order_by("order", "id")
             if e.item.status == S.NOT_STARTED and not e.item.is_principle][:4]
    postponed, cancelled, done, preparing = (e.item for e in tasks)
    change_status(postponed, S.POSTPONED, office, "等待市人大部署", postponed_to_month=9)
    change_status(cancelled, S.CANCELLED, office, "并入代表主题活动")
    change_status(done, S.DONE, office)
    change_status(preparing, S.PREPARING, office, progress=40)
    PlanEntry.objects.filter(pk=tasks[0].pk).update(wording="本计划的原文表述")

    entries, copies, data = _export_and_import(plan, baiyun)
    rows = _rows(data)
    assert list(HEADERS[-4:]) == ["原文表述", "状态", "进度", "原则/目标"]
    cell = {key: position(key) for key in ("wording", "status", "progress", "principle")}
    assert rows[postponed.title][cell["status"]] == "已推迟至9月（等待市人大部署）"
    assert rows[postponed.title][cell["wording"]] == "本计划的原文表述"
    assert rows[cancelled.title][cell["status"]] == "已取消（并入代表主题活动）"
    assert rows[done.title][cell["progress"]] == "100%" and rows[preparing.title][cell["progress"]] == "40%"
    assert rows[done.title][cell["principle"]] == "否"
    # Each status came through the workflow, on the timeline, the reason with it.
    steps = list(StatusChange.objects.filter(item=copies[postponed.title].item).values_list("to_status", "note"))
    assert steps == [(S.POSTPONED, "等待市人大部署")]
    assert StatusChange.objects.filter(item=copies[cancelled.title].item, note="并入代表主题活动").exists()


def _one_row_workbook(status="", progress="", principle="", title="组织代表开展专题调研", standing="",
                      units="选联工委"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2031年代表工作计划"])
    ws.append(HEADERS)
    row = [""] * len(HEADERS)
    row[position("category")], row[position("number")], row[position("title")] = "代表工作(1项)", 1, title
    row[position("units")], row[position("time")], row[position("standing")] = units, "全年", standing
    row[position("status")], row[position("progress")], row[position("principle")] = status, progress, principle
    ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_status_the_import_cannot_apply_is_an_error_at_its_row_and_column(baiyun):
    column = position("status")
    for status, words in (("已提请会议", "不能从“未启动”改为“已提请会议”（该事项不提请会议"),
                          ("已取消", "没有写取消理由"), ("已推迟（人手不足）", "没有写推迟到的月份"),
                          ("已搁置", "无法识别状态“已搁置”")):
        preview = _preview(_one_row_workbook(status=status), baiyun)
        errors = [p for p in preview["problems"] if p["level"] == "error"]
        assert len(errors) == 1 and errors[0]["row"] == 3 and errors[0]["column"] == HEADERS[column], errors
        assert words in errors[0]["message"] and "第 3 行" in errors[0]["message"], errors[0]["message"]
        assert not preview["can_commit"]
    preview = _preview(_one_row_workbook(progress="150%"), baiyun)
    assert preview["error_count"] == 1 and "进度" in preview["problems"][0]["message"]

    # Going to a meeting, the item may reach 已审议 through 已提请会议: two steps on its timeline.
    preview = _preview(_one_row_workbook(status="已审议", standing="✓"), baiyun)
    assert preview["error_count"] == 0 and preview["rows"][0]["status_steps"] == [S.SUBMITTED, S.REVIEWED]
    apply_preview(preview, body=baiyun)
    item = PlanItem.objects.get(body=baiyun, year=NEW_YEAR, title="组织代表开展专题调研")
    assert item.status == S.REVIEWED
    assert list(StatusChange.objects.filter(item=item).order_by("at", "id").values_list("to_status", flat=True)) == [
        S.SUBMITTED, S.REVIEWED]


def test_the_workbook_preview_shows_the_principle_mark_before_committing(office_client, baiyun, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    def shown(**cells) -> str:
        job = upload(office_client, _one_row_workbook(**cells), year=NEW_YEAR, kind=PlanKind.DEPUTY_WORK)
        page = office_client.get(reverse("plan-import-preview", kwargs={"job_id": job.pk})).content.decode()
        row = page[page.index('id="row-3"'):]
        return row[:row.index("</tr>")]

    # By the rule (no committee, no time, a principle's words), and as the 原则/目标 cell says.
    assert "原则/目标（不计入任务）" in shown(title="始终坚持党的全面领导", units="")
    assert "原则/目标（不计入任务）" in shown(title="提高闭会期间代表活动质效", principle="是")
    assert "原则/目标（不计入任务）" not in shown(title="始终坚持党的全面领导", units="", principle="否")
    assert "原则/目标（不计入任务）" not in shown()  # a task: 选联工委 leads it


def test_the_word_preview_shows_the_principle_mark_before_committing(office_client, baiyun, reader):  # noqa: F811
    from plans.imports.word_model import ProposedPlan, ProposedSection
    from tests.plans.test_word_import import _item, paste, preview_of

    reader["PLAN-P"] = lambda: ProposedPlan(title="示范 2024 年度工作要点", kind="work_points", year=2024, sections=[
        ProposedSection(heading="总体要求", number="一、", declared_count=None, items=[
            _item("1.", "始终坚持党的全面领导", forms=("other",), standing=False,
                  timing={"timing_kind": "year", "start_month": None}),
            _item("2.", "听取和审议区政府关于教育工作情况的报告", leads=["教科文卫工委"]),
        ]),
    ])
    job = paste(office_client, "PLAN-P")
    rows = preview_of(job)["rows"]
    assert [r["is_principle"] for r in rows] == [True, False]
    page = office_client.get(reverse("plan-word-import-preview", kwargs={"job_id": job.pk})).content.decode()
    first, second = page[page.index('id="item-1"'):page.index('id="item-2"')], page[page.index('id="item-2"'):]
    assert "原则/目标（不计入任务）" in first and "原则/目标（不计入任务）" not in second[:second.index("</article>")]
