"""Deputies attending standing-committee meetings (列席) and trainings (代表培训): the office records them on
their pages and through the API; directors and committee members read; another body sees none of them."""

import io
import re
from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from deputies.models import Deputy, MeetingAttendance, Training
from meetings.models import Meeting, MeetingKind
from tests.conftest import client_for


@pytest.fixture
def meeting(baiyun):
    """A standing-committee meeting of 2023 held, its demo attendees taken away."""
    meeting = Meeting.objects.filter(body=baiyun, year=2023, kind=MeetingKind.STANDING,
                                     status=Meeting.Status.HELD).order_by("date").first()
    MeetingAttendance.objects.filter(meeting=meeting).delete()
    return meeting


@pytest.fixture
def deputies(baiyun):
    return list(Deputy.objects.filter(body=baiyun, status=Deputy.Status.SERVING).order_by("pk")[:30])


def _marker(client, url):
    return re.search(r'name="version_marker" value="([^"]*)"', client.get(url).content.decode()).group(1)


def _post_attendance(client, meeting, ids, marker=None):
    url = reverse("meeting-attendance", args=[meeting.pk])
    marker = _marker(client, url) if marker is None else marker
    return client.post(url, {"deputies": [d.pk for d in ids], "version_marker": marker}, follow=True)


# --- 列席 on the page ---------------------------------------------------------------------------------


def test_the_office_records_who_attended_from_the_meeting_page(meeting, deputies):
    office = client_for("office")
    page = office.get(reverse("meeting-detail", args=[meeting.pk])).content.decode()
    url = reverse("meeting-attendance", args=[meeting.pk])
    assert f'href="{url}"' in page and "列席代表" in page
    form = office.get(url).content.decode()
    assert "data-multi-select" in form and 'id="attendance-form"' in form and "tom-select" in form
    assert 'for="id_deputies"' in form  # the select has its label

    response = _post_attendance(office, meeting, deputies[:3])
    shown = response.content.decode()
    assert "已保存列席代表名单：共 3 名（增加 3 名，删除 0 名）" in shown and "列席代表（3 名）" in shown
    assert all(f'id="attendee-{d.pk}"' in shown for d in deputies[:3])
    # Unchosen deputies leave, new ones join; the history says who.
    response = _post_attendance(office, meeting, [deputies[0], deputies[5]])
    assert "共 2 名（增加 1 名，删除 2 名）" in response.content.decode()
    assert set(MeetingAttendance.objects.filter(meeting=meeting).values_list("deputy_id", flat=True)) == {
        deputies[0].pk, deputies[5].pk}
    note = LogEntry.objects.filter(object_id=str(meeting.pk)).order_by("-action_time").first().change_message
    assert f"增加 {deputies[5].name}" in note and f"删除 {deputies[1].name}" in note
    # The list of 列席 shows exactly the meeting's rows.
    listed = office.get(reverse("attendance-list"), {"meeting": meeting.pk})
    assert listed.context["page"].paginator.count == 2 and meeting.title in listed.content.decode()


def test_a_stale_or_foreign_choice_is_refused_and_changes_nothing(meeting, deputies, second_body):
    office = client_for("office")
    url = reverse("meeting-attendance", args=[meeting.pk])
    marker = _marker(office, url)
    _post_attendance(office, meeting, deputies[:2])  # someone else saves in between
    response = _post_attendance(office, meeting, deputies[2:4], marker=marker)
    assert "该会议的列席代表名单已被他人修改" in response.content.decode()
    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 2
    other = Deputy.objects.filter(body=second_body).first() or Deputy.objects.create(
        body=second_body, name="他区代表", gender=Deputy.Gender.MALE)
    response = office.post(url, {"deputies": [other.pk], "version_marker": _marker(office, url)})
    assert response.status_code == 200 and f"所选代表（编号 {other.pk}）不是本常委会的代表" in response.content.decode()
    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 2


def test_only_standing_committee_meetings_not_cancelled_take_attendees(baiyun, deputies):
    chair = Meeting.objects.filter(body=baiyun, kind=MeetingKind.CHAIRPERSONS).first()
    office = client_for("office")
    page = office.get(reverse("meeting-attendance", args=[chair.pk])).content.decode()
    assert "只有常委会会议登记列席代表。" in page and 'id="attendance-form"' not in page
    office.post(reverse("meeting-attendance", args=[chair.pk]), {"deputies": [deputies[0].pk]})
    assert not MeetingAttendance.objects.filter(meeting=chair).exists()


@pytest.mark.parametrize("username", ["director", "lead-caijing"])
def test_directors_and_committee_members_read_but_do_not_record(meeting, deputies, username):
    MeetingAttendance.objects.create(body=meeting.body, meeting=meeting, deputy=deputies[0])
    client = client_for(username)
    page = client.get(reverse("meeting-attendance", args=[meeting.pk])).content.decode()
    assert deputies[0].name in page and 'id="attendance-form"' not in page
    response = client.post(reverse("meeting-attendance", args=[meeting.pk]), {"deputies": [deputies[1].pk]})
    assert response.status_code == 403 and "只有常委会办公室可以登记" in response.content.decode()
    assert client.get(reverse("training-list")).status_code == 200
    assert client.get(reverse("training-create")).status_code == 403
    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 1


def test_anonymous_is_sent_to_log_in(meeting):
    from django.test import Client

    for url in (reverse("attendance-list"), reverse("meeting-attendance", args=[meeting.pk]), reverse("training-list"),
                "/api/v1/trainings/"):
        response = Client().get(url)
        assert response.status_code in (302, 401, 403), url
        assert response.status_code != 302 or "login" in response["Location"], url


# --- training on the page ------------------------------------------------------------------------------


def test_the_office_records_a_training_and_its_participants(baiyun, deputies):
    office = client_for("office")
    form = office.get(reverse("training-create")).content.decode()
    assert "data-multi-select" in form and 'for="id_participants"' in form
    response = office.post(reverse("training-create"), {
        "title": "新任代表培训班", "held_on": "2023-11-02", "days": "2", "place": "区委党校",
        "participants": [d.pk for d in deputies[:5]], "note": ""}, follow=True)
    page = response.content.decode()
    training = Training.objects.get(body=baiyun, title="新任代表培训班")
    assert "培训“新任代表培训班”已保存，参训代表 5 名。" in page and "参训代表（5 名）" in page
    assert all(f'id="participant-{d.pk}"' in page for d in deputies[:5])
    # Bad input: named by field, nothing saved.
    bad = office.post(reverse("training-create"), {"title": "", "held_on": "2023-11-02", "days": "0"})
    assert "培训名称：这个字段是必填项。" in bad.content.decode() or "培训名称：" in bad.content.decode()
    assert Training.objects.filter(body=baiyun).count() == 3

    # An edit made on a form opened before someone else's is refused, and keeps nothing of it.
    edit_url = reverse("training-edit", args=[training.pk])
    marker = _marker(office, edit_url)
    data = {"title": "新任代表培训班", "held_on": "2023-11-02", "days": "3", "place": "区委党校",
            "participants": [d.pk for d in deputies[:6]], "version_marker": marker}
    assert office.post(edit_url, data).status_code == 302
    stale = office.post(edit_url, {**data, "days": "4"})
    assert "该代表培训已被他人修改" in stale.content.decode()
    training.refresh_from_db()
    assert training.days == 3 and training.participants.count() == 6
    detail = office.get(reverse("training-detail", args=[training.pk])).content.decode()
    assert "修改记录" in detail and "天数：2 → 3" in detail

    # The list, filtered by year, and its Excel file with the participants.
    listed = office.get(reverse("training-list"), {"year": 2023})
    assert listed.context["page"].paginator.count == 3
    xlsx = office.get(reverse("training-list"), {"year": 2023, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert "新任代表培训班" in text and deputies[0].name in text


# --- the API ---------------------------------------------------------------------------------------------


def test_the_api_records_attendance_and_refuses_what_the_page_refuses(meeting, deputies, baiyun):
    office, lead = client_for("office"), client_for("lead-caijing")
    url = "/api/v1/meeting-attendances/"
    created = office.post(url, {"meeting": meeting.pk, "deputy": deputies[0].pk}, content_type="application/json")
    assert created.status_code == 201 and created.json()["deputy_name"] == deputies[0].name
    again = office.post(url, {"meeting": meeting.pk, "deputy": deputies[0].pk}, content_type="application/json")
    assert again.status_code == 400 and "该代表已登记列席这次会议。" in str(again.json())
    chair = Meeting.objects.filter(body=baiyun, kind=MeetingKind.CHAIRPERSONS).first()
    wrong = office.post(url, {"meeting": chair.pk, "deputy": deputies[1].pk}, content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["meeting"] == ["会议：只有常委会会议登记列席代表。"]
    refused = lead.post(url, {"meeting": meeting.pk, "deputy": deputies[1].pk}, content_type="application/json")
    assert refused.status_code == 403
    rows = lead.get(url, {"meeting": meeting.pk}).json()
    assert rows["count"] == 1 and rows["results"][0]["meeting_year"] == 2023
    assert lead.delete(f"{url}{created.json()['id']}/").status_code == 403
    assert office.delete(f"{url}{created.json()['id']}/").status_code == 204
    assert not MeetingAttendance.objects.filter(meeting=meeting).exists()


def test_the_api_records_trainings_with_a_version_guard(baiyun, deputies):
    office = client_for("office")
    created = office.post("/api/v1/trainings/", {"title": "接口培训", "held_on": "2023-06-01", "days": 1,
                                                 "participants": [deputies[0].pk, deputies[1].pk]},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["participant_count"] == 2
    pk, version = created.json()["id"], created.json()["version"]
    patched = office.patch(f"/api/v1/trainings/{pk}/", {"days": 2, "version": version},
                           content_type="application/json")
    assert patched.status_code == 200 and patched.json()["days"] == 2
    stale = office.patch(f"/api/v1/trainings/{pk}/", {"days": 5, "version": version},
                         content_type="application/json")
    assert stale.status_code == 409 and "该代表培训已被他人修改" in stale.json()["detail"]
    bad = office.post("/api/v1/trainings/", {"title": "", "held_on": "2023-06-01", "days": 0},
                      content_type="application/json")
    assert bad.status_code == 400 and bad.json()["title"][0].startswith("培训名称：")
    assert bad.json()["days"][0].startswith("天数：")
    assert client_for("director").post("/api/v1/trainings/", {}, content_type="application/json").status_code == 403
    assert client_for("director").get("/api/v1/trainings/", {"year": 2023}).json()["count"] == 3


def test_another_body_sees_none_of_it(meeting, deputies, second_body):
    MeetingAttendance.objects.create(body=meeting.body, meeting=meeting, deputy=deputies[0])
    training = Training.objects.filter(body=meeting.body).first()
    other = client_for("office-other")
    assert other.get(reverse("meeting-attendance", args=[meeting.pk])).status_code == 404
    assert other.get(reverse("training-detail", args=[training.pk])).status_code == 404
    assert other.get(reverse("attendance-list")).context["page"].paginator.count == 0
    assert other.get("/api/v1/trainings/").json()["count"] == 0
    assert other.get(f"/api/v1/trainings/{training.pk}/").status_code == 404
    response = other.post("/api/v1/meeting-attendances/", {"meeting": meeting.pk, "deputy": deputies[1].pk},
                          content_type="application/json")
    assert response.status_code == 400 and MeetingAttendance.objects.filter(meeting=meeting).count() == 1


# --- query counts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["attendance-list", "training-list"])
def test_list_queries_do_not_grow_with_rows(baiyun, deputies, django_assert_max_num_queries, url):
    client = client_for("director")
    client.get(reverse(url))
    with django_assert_max_num_queries(40) as before:
        assert client.get(reverse(url), {"year": 2023}).status_code == 200
    meetings = Meeting.objects.filter(body=baiyun, year=2023, kind=MeetingKind.STANDING)
    for m in meetings:
        MeetingAttendance.objects.bulk_create(
            [MeetingAttendance(body=baiyun, meeting=m, deputy=d) for d in deputies[10:25]], ignore_conflicts=True)
    for n in range(15):
        Training.objects.create(body=baiyun, title=f"加测培训{n}", held_on=date(2023, 3, 1 + n)).participants.set(
            deputies[:10])
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(reverse(url), {"year": 2023}).status_code == 200
    with django_assert_max_num_queries(len(before.captured_queries) + 2):  # the file: its own few
        assert client.get(reverse(url), {"year": 2023, "export": "xlsx"}).status_code == 200


def test_the_meeting_attendance_page_queries_do_not_grow(meeting, deputies, django_assert_max_num_queries):
    client = client_for("office")
    client.get(reverse("meeting-attendance", args=[meeting.pk]))
    with django_assert_max_num_queries(40) as before:
        client.get(reverse("meeting-attendance", args=[meeting.pk]))
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(body=meeting.body, meeting=meeting, deputy=d) for d in deputies])
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert deputies[-1].name in client.get(reverse("meeting-attendance", args=[meeting.pk])).content.decode()
