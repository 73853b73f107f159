"""Materials deadlines: the ladder back from the meeting date, recording steps, overdue, readiness, API."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import BodyRules, Committee
from core.rules import rules_for
from meetings.materials import (
    ladder_dues,
    meeting_readiness,
    readiness_for_meetings,
    recompute_body,
    recompute_meeting,
    sync_material_steps,
)
from meetings.models import AgendaItem, MaterialStep, Meeting, MeetingKind
from plans.models import ItemEdit
from tests.conftest import client_for
from tests.versioned_posts import with_version

S = MaterialStep.Step
DEFAULT_DAYS = {
    S.RESEARCH_START: 60, S.FINDINGS: 25, S.REPORT_DRAFT: 20, S.COMMITTEE_ANSWER: 15, S.REVISED_REPORT: 10,
    S.MATERIALS: 7,
}


def _api(username):
    from django.contrib.auth import get_user_model

    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


def _agenda(baiyun, meeting_number, text):
    return AgendaItem.objects.get(
        meeting__body=baiyun, meeting__kind=MeetingKind.STANDING, meeting__number=meeting_number, title__contains=text
    )


@pytest.fixture
def shehui_agenda(baiyun):
    """养老服务 (meeting 14): prepared by 社会建设工委."""
    return _agenda(baiyun, 14, "开展养老服务工作")


@pytest.fixture
def caijing_agenda(baiyun):
    """国有资产综合报告 (meeting 15): prepared by 财经工委."""
    return _agenda(baiyun, 15, "国有资产管理情况的综合报告")


def _open_step(agenda_item, step=S.REPORT_DRAFT) -> MaterialStep:
    """The demo's steps are all done; reopen one to record it again."""
    s = MaterialStep.objects.get(agenda_item=agenda_item, step=step)
    s.done_on, s.done_by, s.note = None, None, ""
    s.save()
    return s


@pytest.fixture
def new_meeting(baiyun):
    """A standing meeting 90 days from now with a report item and a draft-review item."""
    term = baiyun.terms.order_by("-number").first()
    day = timezone.localdate() + timedelta(days=90)
    meeting = Meeting.objects.create(
        body=baiyun, term=term, kind=MeetingKind.STANDING, number=90, year=day.year, date=day,
        status=Meeting.Status.SCHEDULED,
    )
    report = AgendaItem.objects.create(meeting=meeting, order=1, title="听取和审议区政府关于养老服务体系建设情况的报告")
    AgendaItem.objects.create(meeting=meeting, order=2, title="审议某条例（草案）", form=AgendaItem.Form.REVIEW)
    report.committees.set([Committee.objects.get(body=baiyun, short_name="社会建设工委")])
    recompute_meeting(meeting)  # what the agenda builder calls after adding items
    return meeting


def _steps(item) -> dict[str, MaterialStep]:
    return {s.step: s for s in MaterialStep.objects.filter(agenda_item=item)}


# --- the ladder -------------------------------------------------------------------------------


def test_ladder_dues_count_back_from_the_meeting_date(baiyun):
    day = date(2024, 6, 28)
    dues = ladder_dues(baiyun, day)
    assert dues == {step: day - timedelta(days=n) for step, n in DEFAULT_DAYS.items()}
    assert dues[S.FINDINGS] == date(2024, 6, 3) and dues[S.MATERIALS] == date(2024, 6, 21)


def test_a_report_item_gets_the_whole_ladder_and_other_items_none(new_meeting):
    report, draft = new_meeting.agenda_items.order_by("order")
    steps = _steps(report)
    assert {k: new_meeting.date - v.due for k, v in steps.items()} == {
        k: timedelta(days=n) for k, n in DEFAULT_DAYS.items()
    }
    assert _steps(draft) == {}
    # Idempotent: syncing again creates nothing new.
    sync_material_steps(report)
    assert MaterialStep.objects.filter(agenda_item=report).count() == 6


def test_no_steps_without_a_meeting_date(new_meeting):
    report = new_meeting.agenda_items.get(order=1)
    done = _steps(report)[S.RESEARCH_START]
    done.done_on = timezone.localdate()
    done.save()
    new_meeting.date = None
    new_meeting.save()
    recompute_meeting(new_meeting)
    # Open steps go with the date; what was done stays on record.
    assert list(MaterialStep.objects.filter(agenda_item=report)) == [done]


def test_rules_change_affects_new_computations(baiyun, new_meeting):
    rules = rules_for(baiyun)
    rules.findings_days, rules.materials_days = 30, 5
    rules.save()
    day = date(2024, 6, 28)
    assert ladder_dues(baiyun, day)[S.FINDINGS] == day - timedelta(days=30)
    assert ladder_dues(baiyun, day)[S.MATERIALS] == day - timedelta(days=5)
    # Coming meetings follow the new rules when the body's rules are saved (as the admin does).
    assert recompute_body(baiyun) >= 1
    steps = _steps(new_meeting.agenda_items.get(order=1))
    assert steps[S.FINDINGS].due == new_meeting.date - timedelta(days=30)
    assert steps[S.REPORT_DRAFT].due == new_meeting.date - timedelta(days=20)


def test_rules_have_the_domain_defaults(baiyun):
    BodyRules.objects.filter(body=baiyun).delete()
    rules = rules_for(baiyun)
    assert (rules.research_start_days, rules.findings_days, rules.report_draft_days, rules.committee_answer_days,
            rules.revised_report_days, rules.materials_days) == (60, 25, 20, 15, 10, 7)


def test_moving_the_meeting_moves_open_steps_only(new_meeting):
    report = new_meeting.agenda_items.get(order=1)
    before = _steps(report)
    for step in (S.RESEARCH_START, S.FINDINGS):
        before[step].done_on = before[step].due
        before[step].save()
    new_meeting.date += timedelta(days=7)
    new_meeting.save()
    recompute_meeting(new_meeting)
    after = _steps(report)
    for step, s in after.items():
        if step in (S.RESEARCH_START, S.FINDINGS):
            assert s.due == before[step].due and s.done_on == before[step].due, step
        else:
            assert s.due == before[step].due + timedelta(days=7), step


def test_an_item_that_stops_hearing_a_report_loses_its_open_steps(new_meeting):
    report = new_meeting.agenda_items.get(order=1)
    report.title = "审议某决定（草案）"
    report.form = AgendaItem.Form.REVIEW
    report.save()
    sync_material_steps(report)
    assert not MaterialStep.objects.filter(agenda_item=report).exists()


# --- overdue ----------------------------------------------------------------------------------


def test_overdue_is_past_its_date_and_not_done(new_meeting):
    today = timezone.localdate()
    step = _steps(new_meeting.agenda_items.get(order=1))[S.MATERIALS]
    step.due = today - timedelta(days=1)
    assert step.is_overdue()
    step.due = today
    assert not step.is_overdue()
    step.due, step.done_on = today - timedelta(days=1), today
    assert not step.is_overdue()


# --- recording: who may -----------------------------------------------------------------------


def _record_page(client, step, day=None, note="已收到区政府报告稿"):
    data = {"done_on": (day or timezone.localdate()).isoformat(), "note": note}
    return client.post(reverse("material-step-record", kwargs={"pk": step.pk}), data)


@pytest.mark.parametrize(
    ("username", "which", "allowed"),
    [
        ("office", "shehui", True),
        ("office", "caijing", True),
        ("lead-shehui", "shehui", True),
        ("lead-shehui", "caijing", False),
        ("lead-caijing", "shehui", False),
        ("director", "shehui", False),
        ("admin", "caijing", True),
    ],
)
def test_recording_on_the_page_by_role(shehui_agenda, caijing_agenda, username, which, allowed):
    agenda = {"shehui": shehui_agenda, "caijing": caijing_agenda}[which]
    step = _open_step(agenda)
    response = _record_page(client_for(username), step)
    step.refresh_from_db()
    assert (step.done_on == timezone.localdate()) is allowed
    if allowed:
        assert response.status_code == 302
        assert response["Location"].endswith(f"/meetings/{agenda.meeting_id}/materials/#step-{step.pk}")
        assert step.done_by.username == username and step.note == "已收到区政府报告稿"
    else:
        assert response.status_code == 403
        assert "不能登记" in response.content.decode()


def test_the_refusal_says_why(caijing_agenda):
    step = _open_step(caijing_agenda)
    text = _record_page(client_for("lead-shehui"), step).content.decode()
    assert "该议题由财经委员会、财经工委负责，您所在的委员会不能登记其材料报送" in text
    text = _record_page(client_for("director"), step).content.decode()
    assert "主任会议成员可以查看材料报送情况，但不能登记" in text


def test_anonymous_is_sent_to_log_in(client, shehui_agenda):
    step = _open_step(shehui_agenda)
    response = _record_page(client, step)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    page = client.get(reverse("meeting-materials", kwargs={"pk": shehui_agenda.meeting_id}))
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_a_future_date_is_refused(shehui_agenda):
    step = _open_step(shehui_agenda)
    response = _record_page(client_for("office"), step, day=timezone.localdate() + timedelta(days=3))
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.done_on is None


def test_recording_goes_on_the_plan_items_timeline(shehui_agenda):
    step = _open_step(shehui_agenda)
    _record_page(client_for("lead-shehui"), step, day=date(2023, 7, 5))
    plan_item = shehui_agenda.plan_items.get()
    edit = ItemEdit.objects.filter(item=plan_item).latest("pk")
    assert edit.changes == {"材料": ["", "报告稿送工委征求意见：已完成 2023-07-05"]}
    assert edit.by.username == "lead-shehui"
    page = client_for("director").get(reverse("item-detail", kwargs={"pk": plan_item.pk})).content.decode()
    assert "报告稿送工委征求意见：已完成 2023-07-05" in page


# --- recording: the API ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "which", "code"),
    [
        ("office", "caijing", 200),
        ("lead-shehui", "shehui", 200),
        ("lead-shehui", "caijing", 403),
        ("director", "shehui", 403),
    ],
)
@pytest.mark.parametrize("how", ["post-record", "patch"])
def test_api_recording_by_role(shehui_agenda, caijing_agenda, username, which, code, how):
    agenda = {"shehui": shehui_agenda, "caijing": caijing_agenda}[which]
    step = _open_step(agenda)
    payload = {"done_on": "2023-05-02", "note": "API"}
    if how == "patch":
        detail = reverse("api:material-step-detail", kwargs={"pk": step.pk})
        response = _api(username).patch(detail, with_version(_api(username), detail, payload), format="json")
    else:
        response = _api(username).post(reverse("api:material-step-record", kwargs={"pk": step.pk}), payload, format="json")
    assert response.status_code == code, response.content
    step.refresh_from_db()
    if code == 200:
        assert response.json()["done_on"] == "2023-05-02" and response.json()["overdue"] is False
        assert step.done_on == date(2023, 5, 2)
    else:
        assert "不能登记" in response.json()["detail"]
        assert step.done_on is None


def test_api_anonymous_is_refused(shehui_agenda):
    step = _open_step(shehui_agenda)
    assert APIClient().post(reverse("api:material-step-record", kwargs={"pk": step.pk}), {}).status_code == 401
    assert APIClient().get(reverse("api:material-step-list")).status_code == 401


def test_api_list_filters(baiyun, shehui_agenda, caijing_agenda):
    api = _api("director")
    url = reverse("api:material-step-list")
    rows = api.get(url, {"agenda_item": shehui_agenda.pk}).json()["results"]
    assert [r["step"] for r in rows] == [s for s in DEFAULT_DAYS]  # earliest first
    assert rows[0]["whose"] == "社会建设委员会、社会建设工委" and rows[2]["whose"] == "区政府"
    meeting_count = api.get(url, {"meeting": caijing_agenda.meeting_id}).json()["count"]
    assert meeting_count == MaterialStep.objects.filter(agenda_item__meeting=caijing_agenda.meeting).count()
    caijing = Committee.objects.get(body=baiyun, short_name="财经工委")
    by_committee = api.get(url, {"committee": caijing.pk, "page_size": 500}).json()["results"]
    assert by_committee and all(caijing.pk in r["committees"] for r in by_committee)
    assert api.get(url, {"overdue": "true"}).json()["count"] == 0  # the demo's steps were all done
    step = _open_step(caijing_agenda)
    overdue = api.get(url, {"overdue": "true"}).json()["results"]
    assert [r["id"] for r in overdue] == [step.pk] and overdue[0]["overdue"] is True


def test_api_reads_are_for_every_user_of_the_body(shehui_agenda):
    step = MaterialStep.objects.filter(agenda_item=shehui_agenda).first()
    for username in ("director", "lead-caijing", "office"):
        assert _api(username).get(reverse("api:material-step-detail", kwargs={"pk": step.pk})).status_code == 200


# --- the page ---------------------------------------------------------------------------------


def test_materials_page_lists_report_items_with_their_steps(shehui_agenda, caijing_agenda):
    late = _open_step(shehui_agenda)
    text = client_for("lead-shehui").get(reverse("meeting-materials", kwargs={"pk": shehui_agenda.meeting_id})).content.decode()
    assert "开展养老服务工作" in text and "好医疗" in text
    assert "逾期未完成" in text
    assert f'action="/material-steps/{late.pk}/record/"' in text
    # A 财经工委 item of the same meeting: shown, with the reason and without a form.
    budget = _agenda(shehui_agenda.meeting.body, 14, "上半年预算执行情况")
    budget_step = MaterialStep.objects.filter(agenda_item=budget).first()
    assert f'action="/material-steps/{budget_step.pk}/record/"' not in text
    assert "该议题由财经委员会、财经工委负责" in text


def test_director_sees_the_page_without_forms(shehui_agenda):
    text = client_for("director").get(reverse("meeting-materials", kwargs={"pk": shehui_agenda.meeting_id})).content.decode()
    assert "开展养老服务工作" in text and "/record/" not in text


def test_materials_page_query_count_is_bounded(office_client, baiyun, django_assert_max_num_queries):
    meeting = Meeting.objects.get(body=baiyun, kind=MeetingKind.STANDING, number=18)  # 14 items, 10 with reports
    with django_assert_max_num_queries(16):
        assert office_client.get(reverse("meeting-materials", kwargs={"pk": meeting.pk})).status_code == 200


def test_api_list_query_count_is_bounded(baiyun, django_assert_max_num_queries):
    api = _api("office")
    with django_assert_max_num_queries(12):
        response = api.get(reverse("api:material-step-list"), {"page_size": 200})
    assert response.status_code == 200 and len(response.json()["results"]) > 100


# --- readiness --------------------------------------------------------------------------------


def test_readiness_counts_done_out_of_due(new_meeting):
    report = new_meeting.agenda_items.get(order=1)
    steps = _steps(report)
    day = new_meeting.date - timedelta(days=15)  # research, findings, draft, answer are due by then
    steps[S.RESEARCH_START].done_on = steps[S.RESEARCH_START].due
    steps[S.RESEARCH_START].save()
    steps[S.FINDINGS].done_on = steps[S.FINDINGS].due + timedelta(days=2)  # done late still counts as done
    steps[S.FINDINGS].save()
    r = meeting_readiness(new_meeting, day)
    assert (r.done, r.due, r.total, r.label) == (2, 4, 6, "2/4")
    # The answer is due that very day: due, not yet late. The draft is late, and it is the reporting body's.
    assert [(l.step.step, l.whose) for l in r.late] == [(S.REPORT_DRAFT, "报告单位")]
    assert meeting_readiness(new_meeting, new_meeting.date - timedelta(days=61)).label == "0/0"


def test_readiness_of_many_meetings_takes_a_constant_number_of_queries(baiyun, django_assert_max_num_queries):
    meetings = list(Meeting.objects.filter(body=baiyun))
    with django_assert_max_num_queries(3):
        result = readiness_for_meetings(meetings)
    held = Meeting.objects.get(body=baiyun, kind=MeetingKind.STANDING, number=15)
    assert result[held.pk].label == "42/42" and not result[held.pk].late
    assert result[Meeting.objects.get(body=baiyun, kind=MeetingKind.STANDING, number=12).pk].label == "0/0"


def test_meeting_page_shows_readiness_and_what_is_late(director_client, shehui_agenda):
    _open_step(shehui_agenda)
    text = director_client.get(reverse("meeting-detail", kwargs={"pk": shehui_agenda.meeting_id})).content.decode()
    assert "材料准备" in text
    total = MaterialStep.objects.filter(agenda_item__meeting=shehui_agenda.meeting).count()
    assert f"{total - 1}/{total}" in text
    assert "报告稿送工委征求意见" in text and "区政府" in text


# --- demo data --------------------------------------------------------------------------------


def test_demo_report_items_have_their_committees_and_done_steps(baiyun, shehui_agenda):
    items = AgendaItem.objects.filter(meeting__body=baiyun, meeting__year=2023).prefetch_related(
        "material_steps", "committees"
    )
    reports = [a for a in items if a.hears_report]
    assert len(reports) > 20
    for a in reports:
        steps = list(a.material_steps.all())
        assert len(steps) == 6, a
        assert all(s.done_on == s.due and s.note == "演示数据" for s in steps), a
    assert not any(a.material_steps.all() for a in items if not a.hears_report)
    assert {c.short_name for c in shehui_agenda.committees.all()} == {"社会建设委员会", "社会建设工委"}
    personnel = AgendaItem.objects.get(meeting__body=baiyun, meeting__year=2023, title="审议人事任免事项")
    assert [c.short_name for c in personnel.committees.all()] == ["选联工委"]


def test_platform_admin_edits_the_rules_in_djangos_admin_and_open_deadlines_follow(baiyun, new_meeting):
    rules = rules_for(baiyun)
    platform = client_for("platform")
    url = reverse("admin:core_bodyrules_change", args=[rules.pk])
    assert platform.get(reverse("admin:core_bodyrules_changelist")).status_code == 200
    assert "会前多少天修改稿报常委会" in platform.get(url).content.decode()
    data = {f.name: getattr(rules, f.name) for f in type(rules)._meta.fields if f.name != "id"}
    data["body"] = baiyun.pk
    data["report_draft_days"] = 21
    assert platform.post(url, data).status_code == 302
    step = MaterialStep.objects.get(agenda_item__meeting=new_meeting, step=S.REPORT_DRAFT)
    assert step.due == new_meeting.date - timedelta(days=21)
    # Django's admin is the platform administrator's: a body's own administrator and office are sent away.
    assert client_for("office").get(url).status_code == 302
    assert client_for("admin").get(url).status_code == 302


def test_a_document_can_be_attached_and_downloaded(shehui_agenda, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    step = _open_step(shehui_agenda)
    upload = SimpleUploadedFile("报告稿.pdf", "%PDF-1.4 报告稿".encode())
    response = client_for("lead-shehui").post(
        reverse("material-step-record", kwargs={"pk": step.pk}), {"done_on": "2023-07-05", "document": upload}
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.document
    download = client_for("director").get(reverse("material-step-document", kwargs={"pk": step.pk}))
    assert download.status_code == 200 and b"".join(download.streaming_content) == "%PDF-1.4 报告稿".encode()
