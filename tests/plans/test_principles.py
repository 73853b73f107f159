"""Principles and aims a plan states (工作要点's 始终坚持党的全面领导, the 代表工作计划's aims) are shown in the plan as
such and never counted as work: not due, not overdue, not planned work, on nobody's 本委事项, never reminded of.
A 工作要点 entry that is the same matter as another plan's item follows that item's status."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.urls import reverse

from core.models import Committee
from plans.models import AnnualPlan, ItemCommittee, ItemEdit, PlanEntry, PlanItem, PlanItemStatus
from plans.reminders import plan_start
from tests.conftest import client_for
from tests.plans.test_plan_import import make_workbook
from tests.plans.test_plan_import import upload as upload_workbook
from tests.plans.test_word_import import paste, preview_of, row, seed_plan

YEAR = 2031  # a year the demo has no plan in
BAIYUN_LAKE = "围绕白云湖数字科技城规划建设情况开展专题调研"  # a real task: research by 财经工委, due end of November


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _dashboard(username="director"):
    return client_for(username).get("/api/v1/dashboard/?year=2023").json()


def _row_of(page: str, title: str) -> str:
    """The table row of the page that holds `title`."""
    return next(r for r in re.findall(r"<tr[^>]*>.*?</tr>", page, re.S) if title in r)


def _edit_form_data(client, item, **changes) -> dict:
    form = client.get(reverse("item-edit", kwargs={"pk": item.pk})).context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {k: v for k, v in {**data, **changes}.items() if v is not None}


# --- the demo ---------------------------------------------------------------------------------------------------


def test_the_2023_dashboard_lists_only_real_tasks_as_overdue(baiyun):
    """Before, 37 of the 43 overdue items were 工作要点 and 代表工作计划 paragraphs overdue by 36 months with no
    committee. Now the 7 left are real tasks: six research items and the follow-up of review opinions."""
    data = _dashboard()
    assert PlanItem.objects.filter(body=baiyun, year=2023, is_principle=True).count() == 16 + 20
    assert data["overdue"]["count"] == 7
    shown = {r["title"] for r in data["overdue"]["rows"]}
    assert not shown & {"始终坚持党的全面领导", "深入学习贯彻落实党的二十大精神", "加强代表政治思想和工作能力建设"}
    assert BAIYUN_LAKE in shown
    late = PlanItem.objects.filter(body=baiyun, year=2023).overdue_on(date.today())
    assert late.count() == 7 and not late.filter(is_principle=True).exists()
    api = client_for("director").get("/api/v1/plan-items/?year=2023&overdue=true").json()
    assert api["count"] == 7
    # The statuses count the year's tasks only.
    tasks = PlanItem.objects.filter(body=baiyun, year=2023, is_principle=False).count()
    assert sum(s["count"] for s in data["statuses"]) == tasks == 77 - 36


def test_the_plan_shows_a_principle_as_such_and_a_named_matter_by_its_own_status(baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, year=2023, kind="work_points")
    page = client_for("director").get(reverse("plan-detail", args=[plan.pk])).content.decode()
    principle = _row_of(page, "始终坚持党的全面领导")
    assert "原则/目标 · 不计任务" in principle
    assert 'class="overdue"' not in principle and "badge overdue" not in principle and "未启动" not in principle
    # 11 is the supervision plan's 四 (the 23 departments' evaluation): heard in December, so 已审议 here too.
    departments = _row_of(page, "对区政府工作部门开展满意度测评")
    assert "已审议" in departments and "原则/目标" not in departments
    # A matter paragraph 6 names is the supervision plan's research item, overdue in both plans.
    assert "badge overdue" in _row_of(page, BAIYUN_LAKE)


# --- the office changes it, and every count follows --------------------------------------------------------------


def test_marking_a_task_as_a_principle_takes_it_out_of_every_count(baiyun):
    item = PlanItem.objects.get(body=baiyun, year=2023, title=BAIYUN_LAKE)
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    before = _dashboard()
    committees = {c["name"]: c for c in before["committees"]}
    summary = {c["key"]: c["planned"] for c in client_for("office").get("/api/v1/summary/2023/").json()["counts"]}
    mine = client_for("lead-caijing").get(reverse("my-items"), {"year": 2023}).content.decode()
    assert BAIYUN_LAKE in mine

    office = client_for("office")
    page = office.get(reverse("item-edit", kwargs={"pk": item.pk})).content.decode()
    assert 'name="is_principle"' in page and "原则/目标，不计任务" in page
    response = office.post(reverse("item-edit", kwargs={"pk": item.pk}), _edit_form_data(office, item, is_principle="on"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_principle
    assert ItemEdit.objects.filter(item=item).latest("pk").changes["原则/目标，不计任务"] == ["否", "是"]

    after = _dashboard()
    assert after["overdue"]["count"] == before["overdue"]["count"] - 1
    assert sum(s["count"] for s in after["statuses"]) == sum(s["count"] for s in before["statuses"]) - 1
    row_after = {c["name"]: c for c in after["committees"]}["财经工委"]
    assert (row_after["total"], row_after["overdue"]) == (committees["财经工委"]["total"] - 1,
                                                          committees["财经工委"]["overdue"] - 1)
    planned = {p["form"]: p["planned"] for p in after["promises"]}
    assert planned["research"] == {p["form"]: p["planned"] for p in before["promises"]}["research"] - 1 == 5
    summary_after = {c["key"]: c["planned"]
                     for c in client_for("office").get("/api/v1/summary/2023/").json()["counts"]}
    assert summary_after["research"] == summary["research"] - 1
    assert BAIYUN_LAKE not in client_for("lead-caijing").get(reverse("my-items"), {"year": 2023}).content.decode()
    detail = client_for("director").get(f"/api/v1/plan-items/{item.pk}/").json()
    assert detail["is_principle"] is True and detail["overdue"] is False
    assert client_for("director").get("/api/v1/plan-items/?year=2023&principle=true").json()["count"] == 37
    assert caijing.pk in ItemCommittee.objects.filter(item=item).values_list("committee", flat=True)  # kept


def test_a_principle_is_never_reminded_of(baiyun):
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    item = PlanItem.objects.create(body=baiyun, year=YEAR, title="加强预算审查监督", form="other", timing_kind="month",
                                   start_month=5)
    ItemCommittee.objects.create(item=item, committee=caijing)
    ctx = SimpleNamespace(day=date(YEAR, 4, 20), body=baiyun,
                          audience=SimpleNamespace(committee_members=lambda ids: [1] if caijing.pk in ids else []))
    assert [due.subject for due in plan_start(ctx)] == [f"planitem:{item.pk}"]
    PlanItem.objects.filter(pk=item.pk).update(is_principle=True)
    assert list(plan_start(ctx)) == []


# --- the imports mark them --------------------------------------------------------------------------------------


def test_the_word_import_marks_the_work_points_paragraphs_and_follows_the_matters_they_are(office_client, baiyun):
    """Real reader, the seed's plans for another year: the supervision plan's 40 matters are tasks; the 工作要点's
    17 paragraphs have no time, no committee and read as principles or aims; the matters they name are listed
    beside them and stay the supervision plan's tasks; 11, linked by the clerk, is the supervision plan's 四."""
    from tests.plans.test_word_import import commit, correct

    commit(office_client, paste(office_client, text=seed_plan("supervision"), year=str(YEAR)))
    assert not PlanItem.objects.filter(body=baiyun, year=YEAR, is_principle=True).exists()
    departments = PlanItem.objects.get(body=baiyun, year=YEAR, title="对区政府工作部门开展满意度测评")
    PlanItem.objects.filter(pk=departments.pk).update(status=PlanItemStatus.REVIEWED)

    job = paste(office_client, text=seed_plan("work_points"), year=str(YEAR))
    point11 = next(r for r in preview_of(job)["rows"] if r["values"]["title"] == "推动政府部门优质高效完成年度工作")
    assert correct(office_client, job, **{f"r{point11['index']}-link": str(departments.pk)}).status_code == 302
    assert row(preview_of(job), point11["index"])["action"] == "link"
    commit(office_client, job)

    points = AnnualPlan.objects.get(body=baiyun, year=YEAR, kind="work_points")
    own = PlanItem.objects.filter(entries__plan=points).exclude(entries__plan__kind="supervision")
    assert own.count() == 16 and all(own.values_list("is_principle", flat=True))
    assert set(own.filter(title__in=["始终坚持党的全面领导", "加强镇街人大建设"]).values_list("title", flat=True)) == {
        "始终坚持党的全面领导", "加强镇街人大建设"}
    named = PlanItem.objects.filter(entries__plan=points, entries__wording__gt="").distinct()
    assert named.count() >= 30 and not named.filter(is_principle=True).exists()
    departments.refresh_from_db()
    assert not departments.is_principle and departments.entries.filter(plan=points).exists()
    page = office_client.get(reverse("plan-detail", args=[points.pk])).content.decode()
    assert "已审议" in _row_of(page, "对区政府工作部门开展满意度测评")
    assert "原则/目标 · 不计任务" in _row_of(page, "始终坚持党的全面领导")


def test_the_workbook_import_marks_principles_and_keeps_tasks(office_client, baiyun):
    rows = [
        (1, "始终坚持党的全面领导", "", "全年", "", ""),
        (2, "加强人大机关建设", "", "", "", ""),
        (3, "听取和审议区政府关于优化营商环境工作情况的报告", "财经工委", "5月", "✓", ""),
        (4, "加强代表联络站建设", "选联工委", "全年", "", ""),  # a committee's work: a task
    ]
    job = upload_workbook(office_client, make_workbook([("自身建设", rows)]), year=YEAR, kind="work_points")
    assert preview_of(job)["error_count"] == 0
    assert office_client.post(reverse("plan-import-commit", kwargs={"job_id": job.pk})).status_code == 302
    marked = dict(PlanItem.objects.filter(body=baiyun, year=YEAR).values_list("title", "is_principle"))
    assert marked == {"始终坚持党的全面领导": True, "加强人大机关建设": True,
                      "听取和审议区政府关于优化营商环境工作情况的报告": False, "加强代表联络站建设": False}
    assert PlanEntry.objects.filter(plan__year=YEAR, item__is_principle=True).count() == 2
