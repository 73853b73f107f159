"""The directors' dashboard and the year-end summary: what the plan promised against what happened,
numbers that lead to exactly what they count, who may see them, the exports and the query bound."""

import io
import re
from html import unescape
from html.parser import HTMLParser

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


# --- every number on the dashboard opens exactly what it counts ------------------------------------------------

# A list page and the API list that answers the same filters (one FilterSet serves both).
API_OF = {"/items/": "/api/v1/plan-items/", "/suggestions/": "/api/v1/suggestions/",
          "/supervision/opinions/": "/api/v1/review-opinions/", "/supervision/rectifications/": "/api/v1/rectifications/",
          "/meetings/": "/api/v1/meetings/"}
# A link whose text is a count: "44", "未启动 44", "共 33 项", "查看全部 7 项".
COUNT_TEXT = re.compile(r"^\D*?(\d+)\s*[项件]?$")


class _Links(HTMLParser):
    """Every link of the page's main part, with its text."""

    def __init__(self):
        super().__init__()
        self.links, self._open = [], []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open.append([dict(attrs).get("href", ""), ""])

    def handle_data(self, data):
        for link in self._open:
            link[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            href, text = self._open.pop()
            self.links.append((href, " ".join(text.split())))


def _numbers_on_the_dashboard(client, year=2023) -> list[tuple[int, str]]:
    """(number, link) for every linked number the dashboard page shows."""
    page = client.get(f"/dashboard/?year={year}").content.decode()
    parser = _Links()
    parser.feed(page[page.index("<main"):page.index("</main>")])
    numbers = []
    for href, text in parser.links:
        match = COUNT_TEXT.match(text)
        if match and ("?" in href or href.startswith("/summary/")):
            numbers.append((int(match[1]), href))
    return numbers


def _table_rows(page: str, table_id: str | None = None) -> list[str]:
    start = page.index(f'id="{table_id}"') if table_id else page.index("<main")
    body = page[page.index("<tbody>", start):page.index("</tbody>", start)]
    return [row for row in re.findall(r"<tr[^>]*>.*?</tr>", body, re.S) if 'class="empty"' not in row]


def _count_behind(client, href: str) -> int:
    """How many rows the list behind a link holds (the planned page: what its rows add up to)."""
    path, _, query = href.partition("?")
    if path in API_OF:
        return client.get(f"{API_OF[path]}?{query}").json()["count"]
    if re.fullmatch(r"/summary/\d+/\w+/planned/", path):
        page = client.get(href).content.decode()
        rows = _table_rows(page, "planned-rows")
        counts = [int(re.search(r'<td class="num count">(\d+)</td>', row)[1]) for row in rows]
        # Its matters are the item list's, one row each: the link under the table opens them.
        listed = re.search(r'<a href="([^"]+)">在计划事项列表中查看这 (\d+) 个事项</a>', page)
        if listed:
            assert int(listed[2]) == len(rows) == _count_behind(client, unescape(listed[1])), href
        total = int(re.search(r'id="planned-total">(\d+)<', page)[1])
        assert total == sum(counts), href
        return total
    if re.fullmatch(r"/summary/\d+/\w+/", path):
        return len(_table_rows(client.get(href).content.decode()))
    raise AssertionError(f"不知道如何清点 {href} 列出的内容")


@pytest.mark.parametrize("username", ["director", "lead-shehui"])
def test_every_number_on_the_dashboard_opens_exactly_what_it_counts(baiyun, username):
    """Each planned and done figure, status, overdue count, committee figure, the evaluations, suggestions and
    follow-up figures: the list its link opens holds that many rows (the planned 满意度测评 33 opened 2 items)."""
    client = client_for(username)
    numbers = _numbers_on_the_dashboard(client)
    for number, href in dict.fromkeys(numbers):  # a link shown twice ("查看全部") is counted once
        assert _count_behind(client, unescape(href)) == number, href
    # The walk reached every part of the page: planned and done figures, statuses, overdue, committees, the
    # evaluations, suggestions, opinions and rectifications.
    paths = {unescape(href).partition("?")[0] for _, href in numbers}
    planned = {p for p in paths if p.endswith("/planned/")}
    done = {p for p in paths if p.startswith("/summary/") and p not in planned}
    assert len(planned) == 5 and len(done) == 5, paths
    assert {"/items/", "/suggestions/", "/supervision/opinions/", "/supervision/rectifications/"} <= paths
    assert any("overdue=true" in href for _, href in numbers)
    data = _dashboard(username)
    by_status = [h for _, h in numbers if h.startswith("/items/") and "status=" in h]
    assert len(by_status) == sum(1 for s in data["statuses"] if s["count"]) >= 2


def test_the_planned_evaluations_open_the_two_matters_standing_for_33(baiyun):
    """The supervision plan's 四 (共 23 项) and 五 (共 10 项) each list one matter: the 33 opens those two, each
    with the number it stands for, and says why."""
    promise = {p["form"]: p for p in _dashboard()["promises"]}["evaluation"]
    page = client_for("director").get(promise["planned_url"]).content.decode()
    rows = _table_rows(page, "planned-rows")
    assert len(rows) == 2 and promise["planned"] == 33
    assert "对区政府工作部门开展满意度测评" in rows[0] and '<td class="num count">23</td>' in rows[0]
    assert "对 2023 年区十件民生实事项目完成情况开展满意度测评" in rows[1] and '<td class="num count">10</td>' in rows[1]
    assert "分节标明“共 23 项”而只列此一事项，按 23 项计" in rows[0] and "监督工作计划 四、" in rows[0]
    assert "合计（2 个事项）" in page and "原则、目标类条目不计" in page


def test_a_planned_figure_of_an_unknown_kind_is_not_found(baiyun):
    assert client_for("director").get("/summary/2023/meetings/planned/").status_code == 404
    assert client_for("deputy-demo").get("/summary/2023/evaluations/planned/").status_code == 403


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
    # Only a year recorded in full is compared (tests/reports/test_summary_comparison.py): chairpersons' meetings
    # 1–15 held before the system, the 16th in 2021, so the numbering leaves none of 2022's unrecorded.
    from datetime import date

    term = Meeting.objects.filter(body=baiyun, kind="chairpersons").first().term
    type(term).objects.filter(pk=term.pk).update(chairpersons_meetings_before=15)
    Meeting.objects.create(body=baiyun, term=term, kind="chairpersons", number=16, year=2021, date=date(2021, 12, 20),
                           status="held")
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
        # 25, and 3 for the five lowest units of 建议办理工作评价 (the frozen year, the rules, one aggregate)
        with django_assert_max_num_queries(28):
            assert client.get("/dashboard/?year=2023").status_code == 200
    committee = ItemCommittee.objects.filter(item__body=baiyun).first().committee
    for i in range(30):
        item = PlanItem.objects.create(body=baiyun, year=2023, title=f"加测事项{i}", form="research",
                                       timing_kind="month", start_month=3)
        ItemCommittee.objects.create(item=item, committee=committee)
    client = client_for("director")
    with django_assert_max_num_queries(28):
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
        assert "committees=" in promise["planned_url"] and "committees=" in promise["done_url"]
        page = api.get(promise["done_url"]).content.decode()
        assert f"：{promise['done']} " in page and "社会建设工委" in page, promise["label"]
    assert "committee=" in data["followup"]["opinions_open_url"]
