"""代表履职登记 as its users meet it: a deputy declares on the portal with a proof file (a bad file is refused and
nothing saved), the office returns it with a reason, the deputy changes it and declares it again, the office
approves it and it counts; attendance recorded in bulk from the roster; deputies joining an inspection; the API
(a deputy reads only their own record; units are refused); the 2023 demo shows."""

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from deputies.duty import record
from deputies.models import (
    CongressSession,
    DeclaredActivity,
    Deputy,
    DutyYearResult,
    MeetingAttendance,
    SessionAttendance,
)
from meetings.models import Meeting, MeetingKind
from supervision.models import Inspection
from tests.conftest import client_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _me():
    return Deputy.objects.get(user__username="deputy-demo")


def _points(body, deputy, year):
    return record.duty_record(body, year, deputies=[deputy])[0]


def test_a_declaration_from_the_portal_to_the_points(baiyun):
    deputy, today = _me(), date.today()
    before = _points(baiyun, deputy, today.year)
    portal = client_for("deputy-demo")
    url = reverse("portal-deputy-declare")
    assert "证明材料" in portal.get(url).content.decode()
    # A program dressed as a PDF: refused, the field named, nothing saved.
    bad = portal.post(url, {"kind": "theme", "held_on": today.isoformat(), "title": "社区议事", "text": "参加议事",
                            "proof": SimpleUploadedFile("proof.pdf", b"MZ\x90\x00 not a pdf")})
    assert bad.status_code == 400 and "证明材料" in bad.content.decode()
    assert not DeclaredActivity.objects.filter(title="社区议事").exists()
    future = portal.post(url, {"kind": "theme", "held_on": date(today.year + 1, 1, 1).isoformat(), "title": "社区议事",
                               "text": "参加议事", "proof": SimpleUploadedFile("proof.pdf", PDF)})
    assert future.status_code == 400 and "活动日期不能晚于今天" in future.content.decode()

    response = portal.post(url, {"kind": "theme", "held_on": today.isoformat(), "title": "社区议事", "text": "参加议事",
                                 "proof": SimpleUploadedFile("proof.pdf", PDF)}, follow=True)
    assert "常委会办公室审核认定后计入" in response.content.decode()
    activity = DeclaredActivity.objects.get(title="社区议事")
    assert activity.deputy == deputy and activity.status == "submitted"
    assert _points(baiyun, deputy, today.year)["counts"]["theme"] == before["counts"]["theme"]  # not yet

    office = client_for("office")
    detail = reverse("duty-declared-detail", args=[activity.pk])
    assert 'id="declared-decide"' in office.get(detail).content.decode()
    no_reason = office.post(detail, {"decision": "return", "reason": " ", "version": activity.version})
    assert no_reason.status_code == 400 and "退回时请写明退回理由" in no_reason.content.decode()
    office.post(detail, {"decision": "return", "reason": "请附签到表", "version": activity.version})
    activity.refresh_from_db()
    assert activity.status == "returned" and activity.return_reason == "请附签到表"
    mine = portal.get(reverse("portal-deputy-duty")).content.decode()
    assert "退回理由：请附签到表" in mine

    edit = reverse("portal-deputy-declare-edit", args=[activity.pk])
    portal.post(edit, {"kind": "theme", "held_on": today.isoformat(), "title": "社区议事", "text": "参加议事，附签到表",
                       "proof": SimpleUploadedFile("sign.pdf", PDF)})
    activity.refresh_from_db()
    assert activity.status == "submitted"
    stale = office.post(detail, {"decision": "approve", "version": 1}, follow=True)
    assert "已被他人处理或代表已修改" in stale.content.decode()
    office.post(detail, {"decision": "approve", "version": activity.version})
    activity.refresh_from_db()
    assert activity.status == "approved"
    assert [e.kind for e in activity.events.order_by("at", "pk")] == ["submitted", "returned", "resubmitted",
                                                                      "approved"]
    after = _points(baiyun, deputy, today.year)
    assert after["counts"]["theme"] == before["counts"]["theme"] + 1
    assert after["points"] == before["points"] + after["rule_params"]["points"]["theme"]
    # An approved one is no longer changed by the deputy; another deputy's is not found.
    assert portal.get(edit, follow=True).redirect_chain
    other = DeclaredActivity.objects.exclude(deputy=deputy).first()
    assert portal.get(reverse("portal-deputy-declare-edit", args=[other.pk])).status_code == 404


def test_the_portal_shows_the_deputys_record_and_word_report(baiyun):
    portal = client_for("deputy-demo")
    page = portal.get(reverse("portal-deputy-duty"), {"year": 2023}).content.decode()
    assert "我的履职" in page and 'id="duty-points"' in page and "向原选区选民述职（示例）" in page
    assert "已退回" in page and "待审核" in page and "已认定" in page
    report = portal.get(reverse("portal-deputy-duty"), {"year": 2023, "export": "docx"})
    assert report["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    home = portal.get(reverse("portal-deputy-home")).content.decode()
    assert reverse("portal-deputy-duty") in home


def test_attendance_in_bulk_from_the_roster(baiyun):
    office = client_for("office")
    session = CongressSession.objects.get(body=baiyun, start_on__year=2023)
    group = Deputy.objects.filter(body=baiyun, status="serving").exclude(group="").values_list("group", flat=True)[0]
    people = list(Deputy.objects.filter(body=baiyun, status="serving", group=group).order_by("group", "name", "id"))
    url = reverse("duty-attendance")
    page = office.get(url, {"year": 2023, "target": f"s{session.pk}", "group": group}).content.decode()
    assert all(f'name="status-{d.pk}"' in page for d in people)
    data = {"year": 2023, "target": f"s{session.pk}", "group": group, f"status-{people[0].pk}": "absent",
            f"status-{people[1].pk}": "leave"}
    for d in people[2:]:
        data[f"status-{d.pk}"] = "present"
    office.post(url, data)
    got = dict(SessionAttendance.objects.filter(session=session, deputy__in=people).values_list("deputy", "status"))
    assert got[people[0].pk] == "absent" and got[people[1].pk] == "leave"
    # A standing meeting: 出席 is 列席 (its list counts it), 缺席 is not.
    meeting = Meeting.objects.filter(body=baiyun, year=2023, kind=MeetingKind.STANDING,
                                     status=Meeting.Status.HELD).first()
    MeetingAttendance.objects.filter(meeting=meeting, deputy__in=people[:2]).delete()
    office.post(url, {"year": 2023, "target": f"m{meeting.pk}", "group": group,
                      f"status-{people[0].pk}": "present", f"status-{people[1].pk}": "absent"})
    listed = client_for("office").get(reverse("meeting-attendance", args=[meeting.pk])).content.decode()
    assert f'id="attendee-{people[0].pk}"' in listed and f'id="attendee-{people[1].pk}"' not in listed
    # Another body's session: nothing recorded.
    other = CongressSession.objects.exclude(body=baiyun).first()
    if other is not None:
        count = SessionAttendance.objects.count()
        office.post(url, {"year": other.start_on.year, "target": f"s{other.pk}", f"status-{people[0].pk}": "present"})
        assert SessionAttendance.objects.count() == count


def test_deputies_join_an_inspection_on_its_form(baiyun, second_body):
    office = client_for("office")
    inspection = Inspection.objects.filter(body=baiyun).first()
    deputy = Deputy.objects.filter(body=baiyun, status="serving").first()
    url = reverse("inspection-edit", args=[inspection.pk])
    form = office.get(url).content.decode()
    assert 'name="deputies"' in form and "参加的人大代表" in form
    data = {k: v for k, v in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form)}
    data.update({"year": inspection.year, "title": inspection.title, "laws": inspection.laws,
                 "deputies": [deputy.pk], "team": inspection.team, "deputies_invited": inspection.deputies_invited})
    office.post(url, data)
    assert deputy in inspection.deputies.all()
    other = Deputy.objects.create(body=second_body, name="外区代表", gender="male")
    refused = office.post(url, {**data, "deputies": [other.pk]})
    assert refused.status_code in (200, 400) and "参加的人大代表" in refused.content.decode()
    assert other not in inspection.deputies.all()


def test_the_api_for_each_party(baiyun):
    office, deputy, unit = APIClient(), APIClient(), APIClient()
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    office.force_authenticate(users.get(username="office"))
    deputy.force_authenticate(users.get(username="deputy-demo"))
    unit.force_authenticate(users.get(username="unit-demo"))
    url = reverse("api:duty-record-list")
    every = office.get(url, {"year": 2023}).json()
    assert every["count"] > 50 and not every["frozen"]
    mine = deputy.get(url, {"year": 2023}).json()
    assert [r["deputy"] for r in mine["results"]] == [_me().pk]
    assert unit.get(url).status_code == 403
    assert office.get(url, {"year": "abc"}).status_code == 400

    declared = reverse("api:declared-activity-list")
    own = deputy.get(declared).json()
    assert {r["deputy"] for r in own["results"]} == {_me().pk}
    missing = deputy.post(declared, {"kind": "theme", "held_on": "2023-05-01", "title": "接口登记", "text": "情况"},
                          format="multipart")
    assert missing.status_code == 400 and "证明材料" in str(missing.json())
    made = deputy.post(declared, {"kind": "theme", "held_on": "2023-05-01", "title": "接口登记", "text": "情况",
                                  "proof": SimpleUploadedFile("p.pdf", PDF)}, format="multipart")
    assert made.status_code == 201, made.content
    pk, version = made.json()["id"], made.json()["version"]
    assert deputy.post(reverse("api:declared-activity-approve", args=[pk]), {"version": version}).status_code == 403
    assert office.post(reverse("api:declared-activity-return", args=[pk]), {"version": version}).status_code == 400
    assert office.post(reverse("api:declared-activity-approve", args=[pk]), {"version": 99}).status_code == 409
    done = office.post(reverse("api:declared-activity-approve", args=[pk]), {"version": version})
    assert done.status_code == 200 and done.json()["status"] == "approved"


def test_the_office_freezes_a_year_and_directors_read(baiyun):
    office, director, lead = client_for("office"), client_for("director"), client_for("lead-caijing")
    assert director.get(reverse("duty-overview"), {"year": 2023}).status_code == 200
    assert lead.get(reverse("duty-overview"), {"year": 2023}).status_code == 403
    assert director.post(reverse("duty-freeze"), {"year": 2023}).status_code == 403
    office.post(reverse("duty-freeze"), {"year": 2023})
    assert DutyYearResult.objects.filter(body=baiyun, year=2023).count() > 50
    page = office.get(reverse("duty-overview"), {"year": 2023}).content.decode()
    assert 'id="duty-state">已定稿' in page and 'id="duty-freeze"' not in page


def test_the_2023_demo_shows(baiyun):
    rows, frozen = record.result(baiyun, 2023)
    assert not frozen and any(r["counts"]["congress"] for r in rows)
    assert any(r["counts"]["inspection"] for r in rows) and any(r["below_minimum"] for r in rows)
    states = set(DeclaredActivity.objects.filter(body=baiyun, is_example=True).values_list("status", flat=True))
    assert states == {"approved", "submitted", "returned"}
    me = next(r for r in rows if r["deputy"] == _me().pk)
    assert me["counts"]["voters_report"] == 1 and me["points"] > 0


@pytest.mark.parametrize("username", ["office", "director"])
def test_the_navigation_leads_to_the_overview(baiyun, username):
    page = client_for(username).get(reverse("duty-overview")).content.decode()
    assert f'href="{reverse("duty-overview")}"' in page
