"""The agenda workbook in a real browser: the office opens a meeting, clicks the export link, gets the file.

The `demo` fixture (the Baiyun data, loaded again after a flush) is in tests/browser/conftest.py.
"""

import io

import openpyxl
from django_scopes import scopes_disabled

TITLE_13 = "广州市白云区第十七届人大常委会第十三次会议议程"


def test_office_downloads_the_agenda_of_the_13th_meeting(demo, live_server, page, login, tmp_path):
    from meetings.models import AgendaItem, Meeting, MeetingKind

    with scopes_disabled():
        meeting = Meeting.objects.get(body__name__contains="白云", kind=MeetingKind.STANDING, number=13)
        titles = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "id").values_list("title", flat=True))

    login(page, "office")
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出议程（Excel）").click()
    download = download_info.value
    assert download.suggested_filename == "第十三次会议议程.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    ws = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    assert ws["A1"].value == TITLE_13
    rows = [row for row in ws.iter_rows(min_row=4, values_only=True)]
    assert len(rows) == 5
    assert [row[0] for row in rows] == [1, 2, 3, 4, 5]
    assert [row[1] for row in rows] == titles

    # Beside it, the agenda the members receive: no materials columns.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出组成人员议程（Excel）").click()
    members = download_info.value
    assert members.suggested_filename == "第十三次会议议程（组成人员版）.xlsx"
    path = tmp_path / members.suggested_filename
    members.save_as(path)
    ws = openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active
    assert ws["A1"].value == TITLE_13
    assert [c.value for c in ws[3]] == ["序号", "议题", "汇报单位", "备注"]
    assert [row[1] for row in ws.iter_rows(min_row=4, values_only=True)] == titles
