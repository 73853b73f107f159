"""Year figures the system cannot count (备案审查的规范性文件 filed), entered by the office from the summary's 登记
link, shown as （办公室登记） with their source; and 列席 at a meeting cancelled later, which is no 列席."""

import json

from django.contrib.admin.models import LogEntry

from deputies.models import MeetingAttendance
from meetings.models import Meeting
from reports.models import YearFigure
from tests.conftest import client_for

RECORD = "/summary/2023/filed_documents/record/"
SOURCE = "区人大常委会 2023 年规范性文件备案审查工作情况的报告"


def _row(page: str, key: str) -> str:
    row = page[page.index(f'id="figure-{key}"'):]
    return row[:row.index("</tr>")]


def _figure(client, key="filed_documents", year=2023):
    return next(f for f in client.get(f"/api/v1/summary/{year}/").json()["figures"] if f["key"] == key)


def test_the_office_records_a_figure_from_the_summary_and_it_shows_as_entered(baiyun):
    office = client_for("office")
    row = _row(office.get("/summary/2023/").content.decode(), "filed_documents")
    assert "未记录" in row and f'href="{RECORD}"' in row and ">登记<" in row
    # Directors and committee members read the summary, but the link is the office's.
    assert RECORD not in _row(client_for("director").get("/summary/2023/").content.decode(), "filed_documents")

    page = office.get(RECORD)
    assert page.status_code == 200 and "未记录" in page.content.decode()
    response = office.post(RECORD, {"value": "37", "source": SOURCE})
    assert response.status_code == 302 and response["Location"] == "/summary/2023/#figure-filed_documents"

    figure = YearFigure.objects.get(body=baiyun, year=2023, key="filed_documents")
    assert (figure.value, figure.source, figure.entered_by.username) == (37, SOURCE, "office")
    row = _row(office.get("/summary/2023/").content.decode(), "filed_documents")
    assert "37</a> 件" in row and "（办公室登记）" in row and f"来源：{SOURCE}" in row and "未记录" not in row
    api = _figure(office)
    assert api["value"] == 37 and api["display"] == "37 件（办公室登记）" and api["source"] == SOURCE
    assert api["url"] == RECORD  # the number opens its entry: value, source and history
    assert "审查报送备案的规范性文件 37 件" in office.get("/api/v1/summary/2023/").json()["figures_paragraph"]
    # Another year is still 未记录.
    assert _figure(office, year=2022)["value"] is None

    # Corrected: the history keeps both.
    page = office.get(RECORD).content.decode()
    marker = page.split('name="version_marker" value="')[1].split('"')[0]
    assert office.post(RECORD, {"value": "38", "source": SOURCE, "version_marker": marker}).status_code == 302
    history = [e.change_message for e in LogEntry.objects.filter(object_id=str(figure.pk)).order_by("action_time")]
    assert len(history) == 2 and "数字：37 → 38" in history[1]
    assert "数字：37 → 38" in client_for("director").get(RECORD).content.decode()


def test_bad_input_and_other_roles_change_nothing(baiyun):
    office = client_for("office")
    response = office.post(RECORD, {"value": "三十", "source": ""})
    text = response.content.decode()
    assert response.status_code == 400 and "数字：" in text and "来源：请填写数字的来源" in text
    assert not YearFigure.objects.exists()
    assert client_for("director").post(RECORD, {"value": "3", "source": SOURCE}).status_code == 403
    assert client_for("lead-caijing").post(RECORD, {"value": "3", "source": SOURCE}).status_code == 403
    assert not YearFigure.objects.exists()
    assert office.get("/summary/2023/reports/record/").status_code == 404  # a figure the system counts
    # A stale form: someone saved in between.
    office.post(RECORD, {"value": "5", "source": SOURCE})
    stale = office.post(RECORD, {"value": "6", "source": SOURCE, "version_marker": "stale"})
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()
    assert YearFigure.objects.get().value == 5


def test_the_api_reads_and_records_with_the_same_rules(baiyun, second_body):
    office = client_for("office")
    body = {"year": 2023, "key": "filed_documents", "value": 12, "source": SOURCE}
    created = office.post("/api/v1/year-figures/", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["value"] == 12 and data["key_display"] == "备案审查的规范性文件" and data["unit"] == "件"
    again = office.post("/api/v1/year-figures/", json.dumps(body), content_type="application/json")
    assert again.status_code == 400 and "本年度已登记该数字" in json.dumps(again.json(), ensure_ascii=False)
    bad = office.post("/api/v1/year-figures/", json.dumps({**body, "year": 2022, "value": -1}),
                      content_type="application/json")
    assert bad.status_code == 400 and "value" in bad.json()
    url = f"/api/v1/year-figures/{data['id']}/"
    unversioned = office.patch(url, json.dumps({"value": 13}), content_type="application/json")
    assert unversioned.status_code == 400 and "version" in unversioned.json()
    patched = office.patch(url, json.dumps({"value": 13, "version": data["version"]}), content_type="application/json")
    assert patched.status_code == 200 and patched.json()["source"] == SOURCE and patched.json()["value"] == 13
    stale = office.patch(url, json.dumps({"value": 14, "version": data["version"]}), content_type="application/json")
    assert stale.status_code == 409

    for username in ("director", "lead-caijing"):
        reader = client_for(username)
        assert [f["value"] for f in reader.get("/api/v1/year-figures/?year=2023").json()["results"]] == [13]
        assert reader.patch(url, json.dumps({"value": 1}), content_type="application/json").status_code == 403
    assert client_for("deputy-demo").get("/api/v1/year-figures/").status_code == 403
    # The other body sees none of it, and its summary is still 未记录.
    other = client_for("office-other")
    assert other.get("/api/v1/year-figures/").json()["results"] == []
    assert other.get(url).status_code == 404
    assert _figure(other)["value"] is None and _figure(office)["value"] == 13


def test_attendance_at_a_meeting_cancelled_later_is_not_counted(baiyun):
    office = client_for("office")
    before = _figure(office, "attendance")
    meeting = (Meeting.objects.filter(body=baiyun, year=2023, deputy_attendances__isnull=False)
               .distinct().order_by("date").first())
    at_meeting = MeetingAttendance.objects.filter(meeting=meeting).count()
    assert at_meeting > 0 and before["value"] > at_meeting

    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    after = _figure(office, "attendance")
    assert after["value"] == before["value"] - at_meeting
    assert "会议已取消的不计" in after["definition"]
    # The figure opens exactly what it counts.
    listed = office.get(after["url"])
    assert listed.context["page"].paginator.count == after["value"]
    # The meeting's attendance page says it was cancelled and that its attendees are not counted.
    page = office.get(f"/deputies/attendance/meeting/{meeting.pk}/").content.decode()
    assert "该会议已取消" in page and f"此前登记的 {at_meeting} 名列席代表不计入" in page
    # The full list marks the rows of the cancelled meeting.
    assert "会议已取消，不计列席" in office.get("/deputies/attendance/?year=2023&cancelled=true").content.decode()
