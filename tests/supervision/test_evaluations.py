"""Satisfaction evaluations: the three rules, batch entry, results, rectification, export, chart, API."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from core.models import ReportingBody
from core.models.rules import EvaluationRule
from core.rules import rules_for
from meetings.models import AgendaItem, Meeting
from supervision import evaluations as service
from supervision.models import Evaluation, EvaluationSubject, LivelihoodProject, Rectification
from supervision.rules import compute_result, count_errors
from tests.conftest import client_for

S, B, U = "satisfied", "basic", "unsatisfied"
HALF_M, HALF_P, RATE = EvaluationRule.HALF_OF_MEMBERS, EvaluationRule.HALF_OF_PRESENT, EvaluationRule.RATE_THRESHOLD


def counts(s, b, u, i=0, in_office=40, present=36):
    return {"satisfied": s, "basic": b, "unsatisfied": u, "invalid": i, "in_office": in_office, "present": present}


# --- the rules -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("c", "expected"), [
    (counts(21, 0, 10), S),             # 21 > 20
    (counts(20, 10, 0), B),             # exactly half of 40 is not more than half
    (counts(20, 1, 10), B),             # 21 together
    (counts(10, 10, 10), U),            # 20 together: exactly half
    (counts(15, 5, 0, i=16), U),        # invalid ballots help nobody
    (counts(19, 2, 0, present=21), B),  # absent members still count in the Zhenhai rule
    (counts(0, 0, 0, i=30), U),         # no valid votes
])
def test_half_of_members(c, expected):
    result, used = compute_result(c, HALF_M, {})
    assert result == expected
    assert used == {"base": "in_office", "base_count": 40}


@pytest.mark.parametrize(("c", "expected"), [
    (counts(19, 2, 0, present=36), S),   # 19 > 18 of those present, though not of 40 in office
    (counts(18, 2, 0, present=36), B),   # exactly half of present
    (counts(10, 8, 0, present=36), U),   # 18 together: exactly half
    (counts(10, 9, 0, i=10, present=36), B),
])
def test_half_of_present(c, expected):
    result, used = compute_result(c, HALF_P, {})
    assert result == expected
    assert used["base"] == "present"


@pytest.mark.parametrize(("c", "expected"), [
    (counts(30, 0, 20), S),        # 60 % exactly reaches the threshold
    (counts(0, 30, 20), S),        # the combined rate decides (DOMAIN.md), not 满意 alone
    (counts(25, 0, 26), B),        # 49.0 %? no: 25/51 = 49 % < 50 → 不满意 checked below
    (counts(25, 1, 24), B),        # 52 %
    (counts(20, 5, 25, i=9), B),   # invalid ballots are not valid votes: 25/50 = 50 %
    (counts(0, 0, 0, i=5), U),     # zero valid votes
])
def test_rate_threshold(c, expected):
    if c == counts(25, 0, 26):
        expected = U
    result, used = compute_result(c, RATE, {"threshold": 60, "basic_threshold": 50})
    assert result == expected
    assert used["threshold"] == 60 and used["basic_threshold"] == 50


def test_count_errors_name_the_subject():
    assert count_errors("区财政局", counts(30, 4, 1, i=1, present=35)) == ["区财政局：票数合计 36 多于出席人数 35"]
    assert count_errors("区水务局", counts(1, 1, 1, in_office=30, present=31)) == ["区水务局：出席人数 31 多于组成人员数 30"]
    assert count_errors("区审计局", {**counts(1, 1, 1), "invalid": None}) == ["区审计局：请填写无效票"]
    assert count_errors("区审计局", counts(30, 4, 1, i=1, present=36)) == []


# --- demo, creation and batch entry -------------------------------------------------------------------


@pytest.fixture
def m17(baiyun):
    return Meeting.objects.get(body=baiyun, kind="standing", number=17, year=2023)


@pytest.fixture
def fresh_17th(m17):
    """The 17th meeting's item with a fresh, empty 23-department evaluation (the demo one removed)."""
    item = m17.agenda_items.get(has_evaluation=True)
    Rectification.objects.filter(evaluation_subject__evaluation__agenda_item=item).delete()
    Evaluation.objects.filter(agenda_item=item).delete()
    return service.create_evaluation(item, service.SOURCE_DEPARTMENTS)


def test_demo_has_the_three_evaluations(baiyun):
    evaluations = Evaluation.objects.filter(agenda_item__meeting__body=baiyun)
    sizes = sorted(e.subjects.count() for e in evaluations)
    assert sizes == [3, 10, 23]
    assert all("示例数据" in e.note for e in evaluations)
    assert not EvaluationSubject.objects.filter(evaluation__in=evaluations, result="").exists()


def _grid(evaluation, overrides=None):
    data = {}
    for n, subject in enumerate(evaluation.subjects.order_by("order")):
        values = counts(22 + n % 5, 4, 2, i=n % 2, in_office=37, present=33)
        values.update((overrides or {}).get(subject.label, {}))
        for field, value in values.items():
            data[f"s{subject.pk}-{field}"] = "" if value is None else str(value)
    return data


def test_office_enters_23_departments_in_one_save(fresh_17th, office_client, django_assert_max_num_queries):
    assert fresh_17th.subjects.count() == 23
    url = reverse("evaluation-entry", args=[fresh_17th.pk])
    page = office_client.get(url)
    assert page.status_code == 200 and "区民宗局" in page.content.decode()
    with django_assert_max_num_queries(30):
        response = office_client.post(url, _grid(fresh_17th, {"区信访局": {"satisfied": 9, "basic": 8, "unsatisfied": 15}}))
    assert response.status_code == 302
    subjects = {s.label: s for s in fresh_17th.subjects.all()}
    assert all(s.result for s in subjects.values())
    assert subjects["区政府办"].result == S and subjects["区信访局"].result == U
    assert subjects["区政府办"].rule == HALF_M


def test_a_bad_row_refuses_the_whole_batch(fresh_17th, office_client):
    url = reverse("evaluation-entry", args=[fresh_17th.pk])
    response = office_client.post(url, _grid(fresh_17th, {
        "区财政局": {"satisfied": 30, "basic": 4, "unsatisfied": 1, "invalid": 1, "present": 35, "in_office": 37},
        "区水务局": {"present": 40},
    }))
    assert response.status_code == 200
    text = response.content.decode()
    assert "区财政局：票数合计 36 多于出席人数 35" in text
    assert "区水务局：出席人数 40 多于组成人员数 37" in text
    assert not fresh_17th.subjects.exclude(result="").exists()
    # What was typed is kept in the grid.
    assert 'value="35"' in text


def test_stored_rule_is_unaffected_by_a_later_rules_change(fresh_17th, baiyun):
    subject = fresh_17th.subjects.get(label="区财政局")
    row = counts(17, 5, 10, in_office=37, present=33)  # 17 of 37 under Zhenhai: 基本满意
    service.enter_counts(fresh_17th, {subject.pk: row})
    subject.refresh_from_db()
    assert (subject.result, subject.rule) == (B, HALF_M)
    rules = rules_for(baiyun)
    rules.evaluation_rule = RATE
    rules.save()
    subject.refresh_from_db()
    assert (subject.result, subject.rule) == (B, HALF_M)
    service.enter_counts(fresh_17th, {subject.pk: row})  # the same counts again: nothing recomputed
    subject.refresh_from_db()
    assert subject.rule == HALF_M
    service.enter_counts(fresh_17th, {subject.pk: {**row, "invalid": 1}})  # explicit re-entry
    subject.refresh_from_db()
    assert subject.rule == RATE and subject.result == S and subject.rule_params["threshold"] == 60


def test_low_results_open_rectifications(fresh_17th, baiyun):
    rules_for(baiyun)  # defaults: 3 months
    subjects = {s.label: s for s in fresh_17th.subjects.all()}
    service.enter_counts(fresh_17th, {
        subjects["区水务局"].pk: counts(17, 5, 10, in_office=37, present=33),
        subjects["区信访局"].pk: counts(9, 8, 15, in_office=37, present=33),
        subjects["区审计局"].pk: counts(30, 2, 1, in_office=37, present=33),
    })
    basic = Rectification.objects.get(evaluation_subject=subjects["区水务局"])
    bad = Rectification.objects.get(evaluation_subject=subjects["区信访局"])
    assert not Rectification.objects.filter(evaluation_subject=subjects["区审计局"]).exists()
    assert basic.due_on == date(2024, 3, 14) and bad.due_on == date(2024, 3, 14)  # 2023-12-14 + 3 months
    # Each department is followed by its liaison committee (对口联系工委).
    assert basic.committee.short_name == "城建环资工委" and bad.committee.short_name == "监察司法工委"
    assert basic.reporting_body.name == "区水务局" and basic.source == "evaluation"
    assert not basic.needs_new_report and bad.needs_new_report


def test_schedule_new_report_on_a_later_meeting(fresh_17th, baiyun, office_client):
    subject = fresh_17th.subjects.get(label="区信访局")
    service.enter_counts(fresh_17th, {subject.pk: counts(9, 8, 15, in_office=37, present=33)})
    rect = Rectification.objects.get(evaluation_subject=subject)
    m18 = Meeting.objects.get(body=baiyun, kind="standing", number=18, year=2023)
    m12 = Meeting.objects.get(body=baiyun, kind="standing", number=12)
    with pytest.raises(ValidationError):
        service.schedule_new_report(rect, m12)  # earlier meeting
    detail = office_client.get(reverse("evaluation-detail", args=[fresh_17th.pk])).content.decode()
    assert "列入议程" in detail
    response = office_client.post(reverse("evaluation-new-report", args=[rect.pk]), {f"r{rect.pk}-meeting": m18.pk})
    assert response.status_code == 302
    rect.refresh_from_db()
    item = rect.new_report_agenda_item
    assert item.meeting == m18 and "区信访局" in item.title and item.has_evaluation
    assert list(item.reporting_bodies.values_list("name", flat=True)) == ["区信访局"]
    assert item.order == AgendaItem.objects.filter(meeting=m18).count()
    with pytest.raises(ValidationError):
        service.schedule_new_report(rect, m18)  # once only


def test_livelihood_and_report_sources(baiyun):
    m18 = Meeting.objects.get(body=baiyun, kind="standing", number=18, year=2023)
    item = m18.agenda_items.get(order=6)
    evaluation = service.create_evaluation(item, service.SOURCE_LIVELIHOOD)
    assert evaluation.subjects.count() == LivelihoodProject.objects.filter(body=baiyun, year=2023).count() == 10
    assert evaluation.subjects.filter(kind="livelihood", livelihood_project__isnull=False).count() == 10
    single = service.create_evaluation(item, service.SOURCE_REPORT, report_label="候选项目安排情况的报告")
    assert [s.label for s in single.subjects.all()] == ["候选项目安排情况的报告"]


# --- results page, export, chart, years ---------------------------------------------------------


def _demo_17th(baiyun):
    return Evaluation.objects.get(agenda_item__meeting__body=baiyun, agenda_item__meeting__number=17,
                                  agenda_item__meeting__year=2023)


def test_results_page_with_chart_in_bounded_queries(baiyun, director_client, django_assert_max_num_queries):
    evaluation = _demo_17th(baiyun)
    with django_assert_max_num_queries(15):
        response = director_client.get(reverse("evaluation-detail", args=[evaluation.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in text and text.count('class="sat"') == 23 and 'class="unsat"' in text
    assert "过组成人员半数（镇海规则）" in text and "区信访局" in text
    assert "录入票数" not in text  # directors read only


def test_export_workbook(baiyun, office_client):
    evaluation = _demo_17th(baiyun)
    evaluation.subjects.filter(label="区政府办").update(label="=HYPERLINK(\"x\")")
    response = office_client.get(reverse("evaluation-detail", args=[evaluation.pk]), {"export": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["测评结果表"]
    assert "测评结果表" in ws["A1"].value or "结果表" in ws["A1"].value
    assert [c.value for c in ws[3]][:2] == ["序号", "测评对象"]
    labels = [ws.cell(row=r, column=2).value for r in range(4, 27)]
    assert "区民宗局" in labels and "=HYPERLINK(\"x\")" in labels
    assert ws.cell(row=4, column=2).data_type == "s"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.cell(row=5, column=2).font.name == "宋体" and ws.cell(row=5, column=2).border.left.style == "thin"
    results = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=12).value for r in range(4, 27)}
    assert results["区信访局"] == "不满意"
    assert any("计算规则" in str(ws.cell(row=r, column=1).value) for r in range(27, 32))


def test_department_over_years(baiyun, lead_client, django_assert_max_num_queries):
    department = ReportingBody.objects.get(body=baiyun, name="区卫生健康局")
    url = reverse("department-evaluations", args=[department.pk])
    with django_assert_max_num_queries(10):
        response = lead_client.get(url)
    assert [year for year, _ in response.context["years"]] == [2022, 2023]
    # More evaluations do not add queries.
    m17 = Meeting.objects.get(body=baiyun, kind="standing", number=17, year=2023)
    for _ in range(3):
        service.create_evaluation(m17.agenda_items.first(), service.SOURCE_DEPARTMENTS)
    with django_assert_max_num_queries(10):
        assert lead_client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        overview = lead_client.get(reverse("evaluation-departments"))
    text = overview.content.decode()
    assert "2022 年" in text and "2023 年" in text and "区统计局" in text


# --- permissions and API -------------------------------------------------------------------------


@pytest.mark.parametrize(("username", "may_record"), [
    ("office", True), ("admin", True), ("director", False), ("lead-caijing", False),
])
def test_permission_matrix(baiyun, username, may_record):
    evaluation = _demo_17th(baiyun)
    client = client_for(username)
    for url in (reverse("evaluation-list"), reverse("evaluation-detail", args=[evaluation.pk]),
                reverse("evaluation-departments")):
        assert client.get(url).status_code == 200, url
    for url in (reverse("evaluation-create"), reverse("evaluation-entry", args=[evaluation.pk])):
        assert client.get(url).status_code == (200 if may_record else 403), url
    api = _api(username)
    assert api.get(reverse("api:evaluation-list")).status_code == 200
    response = api.post(reverse("api:evaluation-counts", args=[evaluation.pk]), {"subjects": []}, format="json")
    assert response.status_code == (200 if may_record else 403)


def test_anonymous_is_redirected(baiyun, client):
    evaluation = _demo_17th(baiyun)
    for url in (reverse("evaluation-list"), reverse("evaluation-detail", args=[evaluation.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("api:evaluation-list")).status_code in (401, 403)


def _api(username):
    from django.contrib.auth import get_user_model

    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


def test_api_list_filters_and_batch_entry(baiyun, fresh_17th, django_assert_max_num_queries):
    api = _api("office")
    with django_assert_max_num_queries(12):
        response = api.get(reverse("api:evaluation-list"), {"year": 2022})
    assert response.status_code == 200
    assert [len(e["subjects"]) for e in response.json()["results"]] == [3]
    m17 = fresh_17th.agenda_item.meeting
    rows = api.get(reverse("api:evaluation-list"), {"meeting": m17.pk}).json()["results"]
    assert [e["id"] for e in rows] == [fresh_17th.pk]
    subjects = list(fresh_17th.subjects.order_by("order"))
    payload = {"subjects": [{"id": s.pk, **counts(26, 4, 2, in_office=37, present=33)} for s in subjects]}
    payload["subjects"][6] = {"id": subjects[6].pk, **counts(30, 4, 1, i=1, in_office=37, present=35)}
    bad = api.post(reverse("api:evaluation-counts", args=[fresh_17th.pk]), payload, format="json")
    assert bad.status_code == 400
    assert "区财政局：票数合计 36 多于出席人数 35" in bad.json()["subjects"]
    assert not fresh_17th.subjects.exclude(result="").exists()
    payload["subjects"][6] = {"id": subjects[6].pk, **counts(26, 4, 2, in_office=37, present=33)}
    good = api.post(reverse("api:evaluation-counts", args=[fresh_17th.pk]), payload, format="json")
    assert good.status_code == 200
    assert {s["result"] for s in good.json()["subjects"]} == {S}
    created = api.post(reverse("api:evaluation-list"), {"agenda_item": fresh_17th.agenda_item_id, "source": "report"},
                       format="json")
    assert created.status_code == 201 and len(created.json()["subjects"]) == 1
    refused = _api("director").post(reverse("api:evaluation-list"),
                                    {"agenda_item": fresh_17th.agenda_item_id, "source": "report"}, format="json")
    assert refused.status_code == 403


def test_a_departments_rectification_is_followed_by_its_liaison_committee(baiyun):
    """The 17th meeting's departments are followed by their 对口联系工委, not all by one committee."""
    from supervision.models import Rectification

    rows = Rectification.objects.filter(body=baiyun, source="evaluation", reporting_body__kind="department")
    assert rows.exists()
    for row in rows.select_related("reporting_body__liaison_committee", "committee"):
        assert row.committee == row.reporting_body.liaison_committee
