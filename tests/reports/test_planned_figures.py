"""The planned figures of the dashboard and the year-end summary come from every adopted plan of the year, a
matter once however many plans list it, by every form it carries; a draft plan promises nothing yet."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import AnnualPlan, PlanEntry, PlanItem, PlanKind
from tests.conftest import client_for

YEAR = 2031
NOTE = "按已通过的各项年度计划统计（草案不计），同一事项只计一次"


def _plan(body, kind, status=AnnualPlan.Status.ADOPTED):
    return AnnualPlan.objects.create(body=body, year=YEAR, kind=kind, title=f"{YEAR} 年{kind}", status=status)


def _item(body, title, form, extra=(), *plans):
    item = PlanItem.objects.create(body=body, year=YEAR, title=title, form=form, extra_forms=list(extra),
                                   timing_kind="month", start_month=6)
    for plan in plans:
        PlanEntry.objects.create(plan=plan, item=item, order=plan.entries.count() + 1)
    return item


@pytest.fixture
def work_points_only(second_body):
    """The second body's year with one adopted plan, its 工作要点, and a supervision plan still in draft."""
    points = _plan(second_body, PlanKind.WORK_POINTS)
    draft = _plan(second_body, PlanKind.SUPERVISION, AnnualPlan.Status.DRAFT)
    _item(second_body, "听取和审议示例区政府关于养老服务工作的报告，并开展满意度测评", "special_report",
          ["evaluation"], points, draft)
    _item(second_body, "对示例区执行食品安全法情况开展执法检查", "inspection", (), points)
    _item(second_body, "听取和审议示例区政府关于就业工作的报告，并开展专题询问", "inquiry", (), draft)
    return points, draft


def _promises(username="office-other"):
    data = client_for(username).get(f"/api/v1/dashboard/?year={YEAR}").json()
    return {p["form"]: p for p in data["promises"]}, data


def _planned_in_summary(username="office-other"):
    data = client_for(username).get(f"/api/v1/summary/{YEAR}/").json()
    return {c["key"]: c["planned"] for c in data["counts"]}, data


def _count_behind(url, username="office-other"):
    """The item list's count; for the dashboard's planned page (…/planned/), the total its rows add up to."""
    path, _, query = url.partition("?")
    if path.endswith("/planned/"):
        page = client_for(username).get(url).content.decode()
        counts = [int(n) for n in re.findall(r'<td class="num count">(\d+)</td>', page)]
        assert int(re.search(r'id="planned-total">(\d+)<', page)[1]) == sum(counts)
        return sum(counts)
    assert path == "/items/"
    return client_for(username).get(f"/api/v1/plan-items/?{query}").json()["count"]


def test_a_body_that_adopted_only_its_work_points_sees_what_they_planned(work_points_only):
    promises, data = _promises()
    planned = {form: p["planned"] for form, p in promises.items()}
    # The report with an evaluation counts as a report and as an evaluation; the inquiry is only in the draft.
    assert planned == {"reports": 1, "evaluation": 1, "inquiry": 0, "inspection": 1, "research": 0}
    assert NOTE in data["planned_note"]
    for promise in promises.values():
        assert promise["planned_url"].endswith("/planned/")  # what the figure counts, each matter's share
        assert _count_behind(promise["planned_url"]) == promise["planned"], promise["label"]
    page = client_for("office-other").get(f"/dashboard/?year={YEAR}").content.decode()
    row = re.search(r'<tr id="promise-evaluation">.*?</tr>', page, re.S)[0]
    assert 'class="planned">1</a>' in row
    assert NOTE in page


def test_the_summary_shows_the_same_planned_figures_on_its_page_and_api(work_points_only):
    planned, data = _planned_in_summary()
    assert (planned["reports"], planned["evaluations"], planned["inspections"], planned["inquiries"]) == (1, 1, 1, 0)
    assert planned["standing_meetings"] is None  # a plan does not promise meetings here
    assert NOTE in data["planned_note"]
    page = client_for("office-other").get(f"/summary/{YEAR}/").content.decode()
    row = re.search(r'<tr id="count-evaluations">.*?</tr>', page, re.S)[0]
    # The planned figure opens the matters it counts, each with what it adds (as the dashboard's does).
    assert re.search(rf'<td class="num planned"><a href="/summary/{YEAR}/evaluations/planned/">1</a> 项</td>', row)
    assert NOTE in page
    counts = {c["key"]: c for c in data["counts"]}
    assert _count_behind(counts["inspections"]["planned_url"]) == 1


def test_a_matter_in_two_adopted_plans_counts_once(work_points_only):
    points, draft = work_points_only
    report = PlanItem.objects.get(title__startswith="听取和审议示例区政府关于养老服务工作")
    major = _plan(points.body, PlanKind.MAJOR_MATTERS)
    PlanEntry.objects.create(plan=major, item=report, order=1)
    promises, _ = _promises()
    assert (promises["reports"]["planned"], promises["evaluation"]["planned"]) == (1, 1)
    assert _planned_in_summary()[0]["reports"] == 1


def test_a_draft_counts_once_it_is_adopted(work_points_only):
    points, draft = work_points_only
    assert _promises()[0]["inquiry"]["planned"] == 0
    AnnualPlan.objects.filter(pk=draft.pk).update(status=AnnualPlan.Status.ADOPTED)
    promises, _ = _promises()
    # The draft listed the inquiry and the report again: the inquiry is new, the report is still one matter.
    assert (promises["inquiry"]["planned"], promises["reports"]["planned"]) == (1, 2)
    assert _count_behind(promises["reports"]["planned_url"]) == 2


def test_an_item_with_another_form_counts_for_it(work_points_only):
    points, _ = work_points_only
    _item(points.body, "围绕示例区托育服务开展专题调研并视察", "visit", ["research"], points)
    assert _promises()[0]["research"]["planned"] == 1
    assert _planned_in_summary()[0]["research"] == 1


def test_the_baiyun_year_counts_every_adopted_plan(baiyun):
    """2023: the supervision plan's figures (declared counts: 23 departments and 10 projects evaluated) plus what
    the other adopted plans add: the budget-adjustment report of the major-matters plan, and the departments'
    reports heard with their evaluation (an item of evaluation carrying a special report too)."""
    data = client_for("director").get("/api/v1/dashboard/?year=2023").json()
    planned = {p["form"]: p["planned"] for p in data["promises"]}
    assert planned == {"reports": 28, "evaluation": 33, "inquiry": 7, "inspection": 1, "research": 6}


def test_planned_figures_take_the_same_queries_whatever_the_number_of_matters(work_points_only):
    points, _ = work_points_only
    client = client_for("office-other")

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = (f"/dashboard/?year={YEAR}", f"/summary/{YEAR}/", f"/api/v1/summary/{YEAR}/")
    few = [queries(url) for url in urls]
    for n in range(30):
        _item(points.body, f"加测事项{n}", "special_report", ["evaluation", "inquiry"], points)
    assert [queries(url) for url in urls] == few
    assert _promises()[0]["evaluation"]["planned"] == 31
