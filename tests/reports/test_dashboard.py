"""The directors' dashboard and the year-end summary: what the plan promised against what happened,
numbers that lead to exactly what they count, who may see them, the exports and the query bound."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.conftest import client_for


def _dashboard(username="director", year=2023):
    return client_for(username).get(f"/api/v1/dashboard/?year={year}").json()


def test_director_sees_what_the_2023_plan_promised(baiyun):
    promises = {p["form"]: p for p in _dashboard()["promises"]}
    assert promises["evaluation"]["planned"] == 33
    assert promises["inquiry"]["planned"] == 7
    assert promises["inspection"]["planned"] == 1
    assert promises["evaluation"]["done"] == 33 and promises["inquiry"]["done"] == 7
    page = client_for("director").get("/dashboard/?year=2023").content.decode()
    assert 'id="promise-evaluation"' in page and ">33</a>" in page


def test_overdue_and_committee_numbers_lead_to_exactly_the_items_they_count(baiyun):
    data = _dashboard()
    api = client_for("director")

    def count_behind(url):
        path, _, query = url.partition("?")
        assert path == "/items/"
        return api.get(f"/api/v1/plan-items/?{query}").json()["count"]

    assert data["overdue"]["count"] > 0
    assert count_behind(data["overdue"]["url"]) == data["overdue"]["count"]
    for row in data["committees"]:
        assert count_behind(row["url"]) == row["total"], row["name"]
        assert count_behind(row["overdue_url"]) == row["overdue"], row["name"]
        for stage in ("done", "in_progress", "not_started"):
            assert count_behind(row[f"{stage}_url"]) == row[stage], (row["name"], stage)
    # The committees' rows (with the items no committee leads) cover every item of the year (an item
    # two committees lead counts in both rows).
    assert sum(r["total"] for r in data["committees"]) >= sum(s["count"] for s in data["statuses"])
    assert sum(r["overdue"] for r in data["committees"]) >= data["overdue"]["count"]
    for promise in data["promises"]:
        if promise["form"] in ("reports", "inquiry", "inspection"):
            assert count_behind(promise["planned_url"]) == promise["planned"], promise["label"]
    for status in data["statuses"]:
        assert count_behind(status["url"]) == status["count"], status["label"]
    suggestions = data["suggestions"]
    path, _, query = suggestions["links"]["overdue"].partition("?")
    assert api.get(f"/api/v1/suggestions/?{query}").json()["count"] == suggestions["overdue"]


def test_summary_counts_open_as_the_items_behind_them(baiyun):
    client = client_for("office")
    summary = client.get("/api/v1/summary/2023/").json()
    counts = {c["key"]: c for c in summary["counts"]}
    assert counts["standing_meetings"]["value"] == 7
    reports = client.get(counts["reports"]["url"]).content.decode()
    assert reports.count('<td class="num">') == counts["reports"]["value"]
    assert "口径" in reports and counts["reports"]["definition"] in reports
    assert "全年共召开常委会会议 7 次" in summary["paragraph"]


def test_recording_a_meeting_held_changes_the_done_figures_and_the_paragraph(baiyun):
    from meetings.models import Meeting

    before = client_for("office").get("/api/v1/summary/2023/").json()
    meeting = Meeting.objects.filter(body=baiyun, year=2023, kind="standing", status="held").order_by("-number").first()
    Meeting.objects.filter(pk=meeting.pk).update(status="planned")
    after = client_for("office").get("/api/v1/summary/2023/").json()
    value = {c["key"]: c["value"] for c in after["counts"]}
    old = {c["key"]: c["value"] for c in before["counts"]}
    assert value["standing_meetings"] == old["standing_meetings"] - 1
    assert value["reports"] < old["reports"]
    assert f"全年共召开常委会会议 {value['standing_meetings']} 次" in after["paragraph"]
    assert _dashboard()["promises"][0]["done"] == value["reports"]


def test_summary_compares_with_the_previous_year_when_there_is_one(baiyun):
    from meetings.models import Meeting

    client = client_for("office")
    assert client.get("/api/v1/summary/2021/").json()["previous_year"] is None  # nothing recorded for 2020
    before = client.get("/api/v1/summary/2023/").json()
    assert before["previous_year"] == 2022
    chair = {c["key"]: c for c in before["counts"]}["chairpersons_meetings"]
    Meeting.objects.filter(body=baiyun, year=2023, kind="chairpersons").update(year=2022)
    after = client.get("/api/v1/summary/2023/").json()
    moved = {c["key"]: c for c in after["counts"]}["chairpersons_meetings"]
    assert (moved["value"], moved["previous"]) == (chair["value"] - 1, chair["previous"] + 1)
    difference = moved["previous"] - moved["value"]
    assert f"主任会议减少 {difference} 次" in after["comparison"]


def test_summary_workbook_and_word_document(baiyun):
    client = client_for("office")
    response = client.get("/summary/2023/summary.xlsx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    assert book.sheetnames == ["统计", "明细"]
    rows = {r[0]: r[1] for r in book["统计"].iter_rows(min_row=3, values_only=True) if r and r[0]}
    assert rows["常委会会议"] == 7 and rows["满意度测评"] == 33
    details = [r for r in book["明细"].iter_rows(min_row=2, values_only=True) if r[0] == "常委会会议"]
    assert len(details) == 7
    word = client.get("/summary/2023/summary.docx")
    from docx import Document

    doc = Document(io.BytesIO(b"".join(word.streaming_content) if word.streaming else word.content))
    assert any("全年共召开常委会会议 7 次" in p.text for p in doc.paragraphs)


@pytest.mark.parametrize(("username", "page", "api"), [
    ("director", 200, 200), ("office", 200, 200), ("admin", 200, 200), ("lead-shehui", 200, 200),
    ("lead-caijing", 200, 200), ("deputy-demo", 403, 403), ("unit-demo", 403, 403),
])
def test_who_sees_the_dashboard_and_the_summary(baiyun, username, page, api):
    client = client_for(username)
    assert client.get("/dashboard/?year=2023").status_code == page
    assert client.get("/summary/2023/").status_code == page
    assert client.get("/summary/2023/reports/").status_code == page
    assert client.get("/api/v1/dashboard/?year=2023").status_code == api
    assert client.get("/api/v1/summary/2023/").status_code == api


def test_anonymous_and_users_without_a_role_are_refused(baiyun):
    from django.contrib.auth import get_user_model

    from core.models import BodyMembership

    assert "/accounts/login/" in Client().get("/dashboard/")["Location"]
    assert Client().get("/api/v1/dashboard/").status_code in (401, 403)
    user = get_user_model().objects.create_user("no-role", password="x")
    BodyMembership.objects.create(user=user, body=baiyun)
    assert client_for("no-role").get("/dashboard/").status_code == 403


def test_a_committee_lead_sees_only_their_committees_work(baiyun):
    everything, mine = _dashboard("director"), _dashboard("lead-shehui")
    assert mine["limited_to"] == ["社会建设工委"]
    assert [c["name"] for c in mine["committees"]] == ["社会建设工委"]
    assert sum(s["count"] for s in mine["statuses"]) < sum(s["count"] for s in everything["statuses"])
    assert mine["suggestions"]["assigned"] < everything["suggestions"]["assigned"]


def test_a_bad_year_is_refused_clearly(baiyun):
    client = client_for("director")
    response = client.get("/dashboard/?year=20x3")
    assert response.status_code == 400
    assert "年度“20x3”无法识别，请填写如 2023 的年份。" in response.content.decode()
    assert client.get("/api/v1/dashboard/?year=20x3").json() == {"year": ["年度“20x3”无法识别，请填写如 2023 的年份。"]}


def test_dashboard_queries_are_bounded_whatever_the_data(baiyun, django_assert_max_num_queries):
    from plans.models import ItemCommittee, PlanItem

    for username in ("director", "lead-shehui"):
        client = client_for(username)
        client.get("/dashboard/?year=2023")
        with django_assert_max_num_queries(25):
            assert client.get("/dashboard/?year=2023").status_code == 200
    committee = ItemCommittee.objects.filter(item__body=baiyun).first().committee
    for i in range(30):
        item = PlanItem.objects.create(body=baiyun, year=2023, title=f"加测事项{i}", form="research",
                                       timing_kind="month", start_month=3)
        ItemCommittee.objects.create(item=item, committee=committee)
    client = client_for("director")
    with django_assert_max_num_queries(25):
        assert client.get("/dashboard/?year=2023").status_code == 200


def test_each_body_counts_only_its_own_year(baiyun, second_body):
    from meetings.models import Meeting

    theirs = client_for("office-other").get("/api/v1/summary/2023/").json()
    held = Meeting.objects.filter(body=second_body, year=2023, kind="standing", status="held").count()
    assert {c["key"]: c["value"] for c in theirs["counts"]}["standing_meetings"] == held != 7
    page = client_for("office-other").get("/summary/2023/standing_meetings/").content.decode()
    assert "广州市白云区" not in page
    dashboard = client_for("office-other").get("/api/v1/dashboard/?year=2023").json()
    assert {p["form"]: p["planned"] for p in dashboard["promises"]}["evaluation"] != 33


def test_a_committee_members_numbers_and_links_are_their_committees(baiyun):
    data = _dashboard("lead-shehui")
    api = client_for("lead-shehui")
    for promise in data["promises"]:
        assert "committee=" in promise["planned_url"] and "committees=" in promise["done_url"]
        page = api.get(promise["done_url"]).content.decode()
        assert f"：{promise['done']} " in page and "社会建设工委" in page, promise["label"]
    assert "committee=" in data["followup"]["opinions_open_url"]
