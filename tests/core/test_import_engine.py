"""The one import engine (core.imports.engine) driving two different imports through the same job:
a tiny import declared here (reporting bodies from a two-column table) and the plan import
(plans.imports.jobs.PLAN_IMPORT, a printed 主要工作安排表 with its own reader).

Upload → preview → commit, all or nothing when saving fails half-way, refusal of closed and stale jobs,
choices remembered on the job, and a large file handed to the import's own task with its progress polled.
"""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from core.imports import CommitRefused, ImportFileError, engine
from core.imports.engine import Column, RowRefused, TableImport
from core.models import BackgroundJob, ReportingBody
from core.staff_users import STAFF_USER_IMPORT, check_import
from plans.imports.jobs import PLAN_IMPORT
from plans.models import AnnualPlan
from plans.workbook_layout import HEADERS

Status = BackgroundJob.Status
PLAN_YEAR, PLAN_KIND = 2031, "major_matters"


# --- a tiny import, declared as an app declares one ------------------------------------------------


class QueuedTask:
    """Stands in for an app's Celery task: remembers the ids it was sent, runs nothing (the test plays the worker)."""

    def __init__(self):
        self.sent = []

    def delay(self, job_id):
        self.sent.append(job_id)


FAKE_TASK = QueuedTask()


class UnitImport(TableImport):
    """Reporting bodies by name; a "prefix" choice (like the plan's mapping) is kept on the job."""

    kind = "test_unit_import"
    what = "单位"
    columns = (Column("name", "名称", ("单位名称",), required=True), Column("order", "排序"))
    task = "tests.core.test_import_engine.FAKE_TASK"
    refuse = ""  # a name save refuses after writing the rows before it (all or nothing)

    def __init__(self):
        self.seen_progress = []  # job_status as the polling page saw it while save was running

    def clean_params(self, params):
        return {**params, "prefix": (params.get("prefix") or "").strip()}

    def check(self, table, problems, *, body, params):
        rows = []
        for raw in table.rows:
            row = {"row": raw.number, "name": params["prefix"] + raw.cells["name"], "order": 0, "errors": [],
                   "warnings": []}
            order = raw.cells.get("order", "")
            if order and not order.isdigit():
                problems.error(raw.number, "order", f"排序“{order}”应为数字。", row)
            elif order:
                row["order"] = int(order)
            rows.append(row)
        return rows, {"prefix": params["prefix"]}

    def save(self, preview, *, body, params, user, progress):
        rows = preview["rows"]
        for done, row in enumerate(rows, 1):
            ReportingBody.objects.create(body=body, name=row["name"], kind="other", order=row["order"])
            if row["name"] == self.refuse:
                raise RowRefused(row["row"], "测试：无法保存。")
            progress(done, len(rows))
            job = BackgroundJob.objects.get(kind=self.kind, status=Status.RUNNING)
            self.seen_progress.append(engine.job_status(self, job)["progress"])
        return {"created": len(rows)}

    def summary_text(self, summary):
        return f"已导入 {summary['created']} 个单位。"


def unit_workbook(rows, header=("名称", "排序")) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["测试单位表"])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def plan_workbook(titles) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["测试区人大常委会主要工作安排表"])
    ws.append(HEADERS)
    for n, title in enumerate(titles, 1):
        ws.append(["讨论决定重大事项" if n == 1 else None, n, title, "财经工委", "3月", "✓", ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office(baiyun):
    return get_user_model().objects.get(username="office")


@pytest.fixture
def units():
    FAKE_TASK.sent.clear()
    return UnitImport()


def names(baiyun, prefix="测试"):
    return sorted(ReportingBody.objects.filter(body=baiyun, name__contains=prefix).values_list("name", flat=True))


# Each import: (importer, good file, params, "was it saved?"). The engine's calls are the same for both.
def _unit_case(baiyun):
    return (UnitImport(), unit_workbook([("测试局甲", 1), ("测试局乙", "")]), {},
            lambda: names(baiyun) == ["测试局乙", "测试局甲"])


def _plan_case(baiyun):
    return (PLAN_IMPORT, plan_workbook(["测试事项一", "测试事项二"]), {"year": PLAN_YEAR, "kind": PLAN_KIND},
            lambda: AnnualPlan.objects.filter(body=baiyun, year=PLAN_YEAR, kind=PLAN_KIND).exists())


@pytest.mark.parametrize("case", [_unit_case, _plan_case], ids=["declared-here", "plan"])
def test_one_engine_drives_two_imports_from_upload_to_commit(case, baiyun, office):
    importer, data, params, saved = case(baiyun)
    job = engine.create_job(importer, body=baiyun, user=office, data=data, filename="表.xlsx", params=params)
    job.refresh_from_db()
    preview = job.result["preview"]
    assert (job.kind, job.status, job.total) == (importer.kind, Status.PENDING, 2)
    assert preview["can_commit"] and preview["error_count"] == 0 and job.params["filename"] == "表.xlsx"
    assert not saved(), "the preview writes nothing"

    assert engine.start_commit(importer, job, user=office) == "done"
    job.refresh_from_db()
    assert job.status == Status.DONE and saved()
    assert job.params["committed_by"] == office.pk and "summary" in job.result
    assert job.message == importer.summary_text(job.result["summary"])
    state = engine.job_status(importer, job)
    assert (state["status"], state["progress"], state["total"], state["percent"]) == ("done", 2, 2, 100)
    assert state["plan_url"] == importer.done_url(job)

    # A second click is refused and imports nothing twice.
    with pytest.raises(CommitRefused) as refused:
        engine.start_commit(importer, job, user=office)
    assert refused.value.code == "done" and "不能重复提交" in refused.value.message
    assert refused.value.message.endswith(f"请重新上传文件{importer.again_note}。")


def test_all_or_nothing_when_save_fails_half_way(baiyun, office, units):
    units.refuse = "测试局乙"
    data = unit_workbook([("测试局甲", 1), ("测试局乙", 2), ("测试局丙", 3)])
    job = engine.create_job(units, body=baiyun, user=office, data=data, filename="a.xlsx")
    assert engine.start_commit(units, job, user=office) == "failed"
    job.refresh_from_db()
    assert job.status == Status.FAILED and job.message == "第 4 行无法保存：测试：无法保存。 没有保存任何单位。"
    assert names(baiyun) == [], "the row written before the refused one is rolled back"

    units.refuse = ""
    units.save = lambda *args, **kwargs: 1 / 0  # anything else going wrong is rolled back the same way
    assert engine.start_commit(units, job, user=office) == "failed"
    job.refresh_from_db()
    assert job.message == "导入失败，没有保存任何单位。请重试；如仍失败，请联系系统管理员。"

    del units.save  # a failed import may be committed again
    assert engine.start_commit(units, job, user=office) == "done"
    assert names(baiyun) == ["测试局丙", "测试局乙", "测试局甲"]


def test_errors_keep_the_job_open_and_name_row_and_column(baiyun, office, units):
    job = engine.create_job(units, body=baiyun, user=office, data=unit_workbook([("测试局甲", "第一")]),
                            filename="a.xlsx")
    problem = job.result["preview"]["problems"][0]
    assert (problem["row"], problem["column"], problem["level"]) == (3, "排序", "error")
    assert problem["message"] == "第 3 行「排序」：排序“第一”应为数字。"
    with pytest.raises(CommitRefused) as refused:
        engine.start_commit(units, job, user=office)
    assert refused.value.code == "errors"
    assert refused.value.message == "还有 1 个错误，改正后才能导入；没有保存任何单位。"
    job.refresh_from_db()
    assert job.status == Status.PENDING and names(baiyun) == []
    # A preview with errors is refused as it stands, without reading the file again.
    job.input_file.storage.delete(job.input_file.name)
    with pytest.raises(CommitRefused) as refused:
        engine.start_commit(units, job, user=office)
    assert refused.value.code == "errors"


def test_a_change_since_the_preview_is_caught_before_anything_is_written(baiyun, office, units):
    job = engine.create_job(units, body=baiyun, user=office, data=unit_workbook([("测试局甲", 1)]),
                            filename="a.xlsx")
    units.check = lambda table, problems, **kw: (
        [{"row": 3, "errors": [problems.error(3, "name", "已有同名单位。")], "warnings": []}], {})
    with pytest.raises(CommitRefused) as refused:
        engine.start_commit(units, job, user=office)
    assert refused.value.message == "数据已变化，出现 1 个错误，改正后才能导入；没有保存任何单位。"
    job.refresh_from_db()
    assert job.status == Status.PENDING and not job.result["preview"]["can_commit"]


def test_choices_and_a_corrected_file_are_kept_on_the_job(baiyun, office, units):
    job = engine.create_job(units, body=baiyun, user=office, data=unit_workbook([("局甲", "x")]), filename="a.xlsx")
    preview = engine.refresh_preview(units, job, params={"prefix": " 测试"})
    job.refresh_from_db()
    assert job.params["prefix"] == "测试" and preview["rows"][0]["name"] == "测试局甲"
    assert job.result["preview"]["prefix"] == "测试"

    old_file = job.input_file.name
    preview = engine.refresh_preview(units, job, data=unit_workbook([("局乙", 2)]), filename="b.xlsx")
    job.refresh_from_db()
    assert preview["can_commit"] and job.params["filename"] == "b.xlsx" and job.params["prefix"] == "测试"
    assert job.input_file.name != old_file and not job.input_file.storage.exists(old_file)

    # A file that cannot be read leaves the job as it was.
    with pytest.raises(ImportFileError):
        engine.refresh_preview(units, job, data=b"not a workbook", filename="c.xlsx")
    job.refresh_from_db()
    assert job.params["filename"] == "b.xlsx"
    assert engine.start_commit(units, job, user=office) == "done"
    assert names(baiyun) == ["测试局乙"]


def test_closed_and_stale_jobs_are_refused(baiyun, office, units):
    job = engine.create_job(units, body=baiyun, user=office, data=unit_workbook([("测试局甲", 1)]), filename="a.xlsx")
    BackgroundJob.objects.filter(pk=job.pk).update(status=Status.RUNNING)
    job.refresh_from_db()
    for attempt in (lambda: engine.start_commit(units, job, user=office),
                    lambda: engine.refresh_preview(units, job, params={"prefix": "x"})):
        with pytest.raises(CommitRefused) as refused:
            attempt()
        assert (refused.value.code, refused.value.message) == ("running", "这个文件正在导入，请稍候。")
    assert names(baiyun) == []

    # Another job claimed between this request's read and its write: the UPDATE finds it taken.
    other = engine.create_job(units, body=baiyun, user=office, data=unit_workbook([("测试局乙", 1)]),
                              filename="b.xlsx")
    BackgroundJob.objects.filter(pk=other.pk).update(status=Status.DONE, finished_at=timezone.now())
    with pytest.raises(CommitRefused) as refused:
        engine.start_commit(units, other, user=office)  # `other` still says pending in memory
    assert refused.value.code == "done" and names(baiyun) == []

    assert engine.get_job(units, job.pk) == job
    BackgroundJob.objects.filter(pk=job.pk).update(status=Status.PENDING,
                                                   created_at=timezone.now() - timedelta(hours=25))
    for job_id in (job.pk, "abc", 0):
        with pytest.raises(Http404):
            engine.get_job(units, job_id)
    with pytest.raises(Http404):
        engine.get_job(PLAN_IMPORT, other.pk)  # another import's job is no job of this one


def test_a_large_file_goes_to_the_imports_task_which_reports_progress(baiyun, office, units, settings):
    settings.PLAN_IMPORT_INLINE_MAX_ROWS = 2
    data = unit_workbook([(f"测试局{n}", n) for n in range(1, 5)])
    job = engine.create_job(units, body=baiyun, user=office, data=data, filename="a.xlsx")
    assert engine.start_commit(units, job, user=office) == "queued"
    assert FAKE_TASK.sent == [job.pk]
    job.refresh_from_db()
    state = engine.job_status(units, job)
    assert (state["status"], state["progress"], state["total"], state["plan_url"]) == ("running", 0, 4, None)
    assert names(baiyun) == []

    # The worker: the task calls run_commit with the job id; the page polls job_status meanwhile.
    assert engine.run_commit(units, job.pk) == "done"
    assert units.seen_progress == [1, 2, 3, 4]
    job.refresh_from_db()
    assert engine.job_status(units, job)["percent"] == 100 and len(names(baiyun)) == 4
    assert engine.run_commit(units, job.pk) == "done", "a task delivered twice does nothing more"
    assert len(names(baiyun)) == 4


def test_the_plan_imports_own_task_commits_a_large_plan(baiyun, office, settings, monkeypatch):
    import plans.tasks

    settings.PLAN_IMPORT_INLINE_MAX_ROWS = 2
    sent = []
    monkeypatch.setattr(plans.tasks.commit_plan_import, "delay", sent.append)
    assert PLAN_IMPORT.task == "plans.tasks.commit_plan_import"
    job = engine.create_job(PLAN_IMPORT, body=baiyun, user=office, data=plan_workbook(["甲事项", "乙事项", "丙事项"]),
                            filename="plan.xlsx", params={"year": PLAN_YEAR, "kind": PLAN_KIND})
    assert engine.start_commit(PLAN_IMPORT, job, user=office, params={"remove_missing": "on"}) == "queued"
    assert sent == [job.pk]
    job.refresh_from_db()
    assert job.params["remove_missing"] is True and job.status == Status.RUNNING

    assert plans.tasks.commit_plan_import(job.pk) == "done"  # what the worker runs, with the job id only
    job.refresh_from_db()
    plan = AnnualPlan.objects.get(body=baiyun, year=PLAN_YEAR, kind=PLAN_KIND)
    state = engine.job_status(PLAN_IMPORT, job)
    assert (state["status"], state["progress"], state["total"]) == ("done", 3, 3)
    assert state["plan_url"] == reverse("plan-detail", args=[plan.pk])
    assert plan.entries.count() == 3


def test_the_staff_user_import_previews_through_the_engine(baiyun):
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "用户名", "角色"])
    ws.append(["测试甲", "test-jia", "办公室"])
    ws.append(["测试乙", "test-yi", "厨师"])
    out = io.BytesIO()
    wb.save(out)
    preview = check_import(baiyun, out.getvalue())
    assert isinstance(STAFF_USER_IMPORT, TableImport) and not STAFF_USER_IMPORT.task
    assert [r["username"] for r in preview["rows"]] == ["test-jia", "test-yi"]
    assert preview["error_count"] == 1 and not preview["can_commit"]
    assert preview["problems"][0]["message"].startswith("第 3 行「角色」：未知角色“厨师”")
    assert preview["missing_columns"] == ["委员会", "是否负责人"]
