"""The summary's other figures (视察, 审议意见, 备案审查, 评议, 质询, the congress session, 议案 and 建议 with 办结
and the classes, 列席, training, stations and receptions, 民生实事): each with its definition and a link to the
list of exactly what it counts, or "未记录" with how to record it — never a made-up 0."""

from django.db.models import Sum

from deputies.models import MeetingAttendance, Reception, Training
from supervision.models import ReviewOpinion
from tests.conftest import client_for

EXPECTED = {
    "visits", "opinions", "opinions_responded", "rectifications", "rectifications_closed", "filing_reviews",
    "filed_documents", "appraisals", "duty_appraisals", "interpellations", "livelihood", "livelihood_supervised",
    "congress_sessions", "motions", "motions_closed", "suggestions", "suggestions_closed",
    "suggestions_closed_share", "class_a", "class_b", "class_c", "class_d", "attendance", "training",
    "training_participants", "stations",
    "stations_central", "stations_area", "stations_point", "receptions", "reception_voters", "reception_deputies",
}
# Figures that add up a column of the list they open, not count its rows.
SUMS = {"reception_voters": lambda rows: rows.aggregate(n=Sum("voters"))["n"],
        "reception_deputies": lambda rows: Reception.deputies.through.objects.filter(reception__in=rows).count(),
        "training_participants": lambda rows: Training.participants.through.objects.filter(training__in=rows).count()}


def _figures(username="office", year=2023):
    return {f["key"]: f for f in client_for(username).get(f"/api/v1/summary/{year}/").json()["figures"]}


def _listed(client, url):
    """How many rows the list behind `url` holds (every page), and those rows."""
    response = client.get(url)
    assert response.status_code == 200, url
    if "page" in response.context:  # a list page of the app, with its filters
        paginator = response.context["page"].paginator
        return paginator.count, paginator.object_list
    rows = response.context["rows"]  # the summary's own list of a figure
    assert response.context["shown_all"] and response.context["value"] == len(rows)
    return len(rows), rows


def test_every_figure_opens_the_list_of_exactly_what_it_counts(baiyun):
    figures = _figures()
    assert set(figures) == EXPECTED
    client = client_for("office")
    followed = 0
    for key, figure in figures.items():
        assert figure["definition"], key
        if not figure["recorded"]:
            assert figure["url"] is None and figure["display"] == "未记录" and figure["how"], key
            continue
        count, rows = _listed(client, figure["url"])
        if key in SUMS:
            assert SUMS[key](rows) == figure["value"], key
        elif key == "suggestions_closed_share":
            assigned, _ = _listed(client, figures["suggestions"]["url"])
            assert figure["value"] == round(count * 100 / assigned, 1)
        else:
            assert count == figure["value"], (key, figure["url"])
        followed += 1
    assert followed >= 25
    # What the demo's 2023 has: its numbers, taken from the records.
    assert figures["opinions"]["value"] == ReviewOpinion.objects.filter(agenda_item__meeting__year=2023).count() > 0
    assert figures["appraisals"]["value"] == 23 and figures["livelihood"]["value"] == 10
    assert figures["congress_sessions"]["value"] == 1 and figures["stations"]["value"] == 75
    assert sum(figures[f"class_{c}"]["value"] for c in "abcd") > 0
    assert figures["filing_reviews"]["value"] == 1
    # 列席 and training, from the deputies' records of the year (the demo's).
    assert figures["attendance"]["value"] == MeetingAttendance.objects.filter(
        body=baiyun, meeting__year=2023).count() > 0
    assert figures["attendance"]["display"] == f"{figures['attendance']['value']} 人次"
    assert figures["training"]["value"] == 2 and figures["training"]["display"] == "2 期"
    assert figures["training_participants"]["value"] == 100 and not figures["training"]["never"]


def test_what_is_not_recorded_says_so_and_how_to_record_it(baiyun):
    figures = _figures()
    assert figures["filed_documents"]["value"] is None and figures["filed_documents"]["never"]  # no record at all
    assert figures["visits"]["value"] is None  # no matter of 2023 is a 视察
    assert "监督形式为“视察”" in figures["visits"]["how"] and figures["visits"]["record_url"] == "/items/"
    page = client_for("office").get("/summary/2023/").content.decode()
    row = page[page.index('id="figure-visits"'):]
    row = row[:row.index("</tr>")]
    assert "未记录" in row and "如何登记：在年度计划中登记监督形式为“视察”的事项" in row and ">0<" not in row
    # A year without 列席 or training recorded: 未记录, and where to record them (never "no record at all").
    page = client_for("office").get("/summary/2021/").content.decode()
    for key, record_url in (("attendance", "/deputies/attendance/"), ("training", "/deputies/training/")):
        row = page[page.index(f'id="figure-{key}"'):]
        row = row[:row.index("</tr>")]
        assert "未记录" in row and "如何登记：" in row and f'<a href="{record_url}">去登记</a>' in row, key
    assert "相关计划事项" in page

    nothing = _figures(year=2020)  # a year the body recorded nothing for (the demo enters suggestions from 2021)
    assert all(f["value"] is None for k, f in nothing.items() if not k.startswith("stations")), [
        k for k, f in nothing.items() if f["value"] is not None]


def test_the_paragraph_tells_the_recorded_figures(baiyun):
    data = client_for("office").get("/api/v1/summary/2023/").json()
    figures = {f["key"]: f["value"] for f in data["figures"]}
    text = data["figures_paragraph"]
    assert f"交办审议意见 {figures['opinions']} 条" in text
    assert f"交办代表建议 {figures['suggestions']} 件" in text
    assert f"办结率 {figures['suggestions_closed_share']:g}%" in text
    assert f"代表进站接待选民 {figures['receptions']} 次、{figures['reception_voters']} 人次" in text
    assert f"邀请代表列席常委会会议 {figures['attendance']} 人次" in text
    assert f"举办代表履职培训 2 期、{figures['training_participants']} 人次" in text
    assert "视察" not in text  # not recorded: not said at all
    page = client_for("office").get("/summary/2023/").content.decode()
    assert text in page


def test_a_committee_members_suggestion_figures_are_those_their_list_shows(baiyun):
    mine, everything = _figures("lead-shehui"), _figures("office")
    assert mine["suggestions"]["value"] < everything["suggestions"]["value"]
    client = client_for("lead-shehui")
    for key in ("suggestions", "suggestions_closed", "class_a"):
        assert _listed(client, mine[key]["url"])[0] == mine[key]["value"], key


def test_a_figure_no_list_page_can_filter_has_the_summarys_own_list(baiyun):
    client = client_for("office")
    page = client.get("/summary/2023/appraisals/").content.decode()
    assert "2023 年 · 工作评议（政府工作部门）：23 个" in page and "口径：本年度会议上以政府工作部门为对象" in page
    # Figures that open a list page of the app, and unknown keys, have none.
    assert client.get("/summary/2023/visits/").status_code == 404
    assert client.get("/summary/2023/unknown/").status_code == 404


def test_the_summary_page_asks_the_same_number_of_queries_however_many_rows(baiyun, django_assert_max_num_queries):
    from datetime import date

    from deputies.models import Station
    from meetings.models import AgendaItem

    client = client_for("director")
    client.get("/summary/2023/")
    with django_assert_max_num_queries(70) as before:
        response = client.get("/summary/2023/")
    assert response.status_code == 200 and 'id="figure-receptions"' in response.content.decode()
    station = Station.objects.filter(body=baiyun).first()
    item = AgendaItem.objects.filter(meeting__body=baiyun, meeting__year=2023).first()
    for i in range(20):
        Reception.objects.create(station=station, held_on=date(2023, 6, 1), voters=3)
        ReviewOpinion.objects.create(agenda_item=item, text=f"意见{i}")
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get("/summary/2023/").status_code == 200
