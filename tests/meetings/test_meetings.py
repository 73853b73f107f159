"""The calendar, meetings, the agenda builder, ordering, moving and outcomes."""

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Term
from meetings.models import AgendaItem, Meeting
from plans.models import ItemEdit, PlanItem, StatusChange
from tests.conftest import client_for
from tests.versioned_posts import post_edit


def _meeting(baiyun, number, kind="standing"):
    return Meeting.objects.get(body=baiyun, kind=kind, number=number)


@pytest.fixture
def empty_13th(baiyun):
    """The 13th meeting with its agenda taken off, and its May items back in preparation."""
    meeting = _meeting(baiyun, 13)
    plan_items = list(PlanItem.objects.filter(agenda_items__meeting=meeting))
    AgendaItem.objects.filter(meeting=meeting).delete()
    PlanItem.objects.filter(pk__in=[p.pk for p in plan_items]).update(status="preparing")
    meeting.status = Meeting.Status.SCHEDULED
    meeting.save()
    return meeting


def _api(username):
    from django.contrib.auth import get_user_model

    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


# --- calendar and meetings ---------------------------------------------------------------------


def test_calendar_shows_every_meeting_of_the_year_by_month(office_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = office_client.get(reverse("meeting-calendar"), {"year": 2023})
    text = response.content.decode()
    for number in "十二 十三 十四 十五 十六 十七 十八".split():
        assert f"第{number}次会议" in text
    assert "第十七次主任会议" in text
    december = [m for m in response.context["months"] if m["month"] == 12][0]
    assert [m.number for m in december["meetings"] if m.kind == "standing"] == [17, 18]


def test_new_meeting_form_proposes_the_next_number(baiyun, office_client):
    form = office_client.get(reverse("meeting-create")).context["form"]
    assert form.initial["number"] == 19
    form = office_client.get(reverse("meeting-create"), {"kind": "chairpersons"}).context["form"]
    assert form.initial["number"] == 18


def _meeting_data(baiyun, **overrides):
    term = Term.objects.get(body=baiyun, number=17)
    data = {"kind": "standing", "term": term.pk, "number": 19, "year": 2024, "date": "2024-03-28",
            "place": "区人大常委会会议室", "status": "scheduled"}
    data.update(overrides)
    return data


def test_a_used_number_or_a_date_outside_the_term_is_refused(baiyun, office_client):
    used = office_client.post(reverse("meeting-create"), _meeting_data(baiyun, number=13, year=2023, date="2023-06-01"))
    assert "第 13 次已经存在" in used.content.decode()
    outside = office_client.post(reverse("meeting-create"), _meeting_data(baiyun, date="2019-03-28", year=2019))
    assert "不在第十七届任期内" in outside.content.decode()
    assert not Meeting.objects.filter(body=baiyun, number=19).exists()


def test_two_meetings_in_one_month_are_fine(baiyun, office_client):
    office_client.post(reverse("meeting-create"), _meeting_data(baiyun))
    response = office_client.post(reverse("meeting-create"), _meeting_data(baiyun, number=20, date="2024-03-30"))
    assert response.status_code == 302
    assert Meeting.objects.filter(body=baiyun, year=2024, planned_month=3).count() == 2


def test_a_meeting_with_agenda_items_cannot_be_deleted_but_can_be_cancelled(baiyun, office_client):
    meeting = _meeting(baiyun, 16)
    follow = office_client.post(reverse("meeting-delete", kwargs={"pk": meeting.pk}), follow=True)
    assert "还有 4 项议题" in follow.content.decode()
    assert Meeting.objects.filter(pk=meeting.pk).exists()
    office_client.post(reverse("meeting-cancel", kwargs={"pk": meeting.pk}))
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"


@pytest.mark.parametrize(("username", "code"), [("office", 200), ("director", 403), ("lead-caijing", 403)])
def test_only_the_office_builds_agendas(baiyun, username, code):
    meeting = _meeting(baiyun, 13)
    assert client_for(username).get(reverse("agenda-builder", kwargs={"pk": meeting.pk})).status_code == code
    assert client_for(username).get(reverse("meeting-create")).status_code == code


# --- the agenda builder ---------------------------------------------------------------------------


def test_builder_proposes_the_months_items_not_yet_on_an_agenda(empty_13th, office_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = office_client.get(reverse("agenda-builder", kwargs={"pk": empty_13th.pk}))
    titles = [i.title for i in response.context["this_month"]]
    assert len(titles) == 5
    assert any("国土总体规划" in t for t in titles) and any("技能人才" in t for t in titles)
    assert all("7 月" not in t for t in titles)


def test_office_builds_the_13th_agenda_in_one_step_and_plan_items_follow(empty_13th, office_client):
    response = office_client.get(reverse("agenda-builder", kwargs={"pk": empty_13th.pk}))
    ids = [i.pk for i in response.context["this_month"]]
    office_client.post(reverse("agenda-builder", kwargs={"pk": empty_13th.pk}), {"items": ids})
    agenda = list(AgendaItem.objects.filter(meeting=empty_13th).order_by("order"))
    assert [a.order for a in agenda] == [1, 2, 3, 4, 5]
    court = next(a for a in agenda if "民法典" in a.title)
    assert [r.name for r in court.reporting_bodies.all()] == ["区法院"]
    assert {c.short_name for c in court.committees.all()} >= {"监察司法工委"}
    for plan_item in PlanItem.objects.filter(pk__in=ids):
        assert plan_item.status == "submitted"
        assert StatusChange.objects.filter(item=plan_item, to_status="submitted", note__contains="第十三次会议").exists()
    assert not office_client.get(reverse("agenda-builder", kwargs={"pk": empty_13th.pk})).context["this_month"]


def test_adhoc_items_with_their_form(baiyun, office_client):
    meeting = _meeting(baiyun, 18)
    response = office_client.post(
        reverse("agenda-item-create", kwargs={"pk": meeting.pk}),
        {"title": "审议人事任免事项", "form": "review"},
    )
    assert response.status_code == 302
    added = AgendaItem.objects.filter(meeting=meeting).order_by("-order").first()
    assert (added.order, added.title, added.get_form_display()) == (15, "审议人事任免事项", "审议")


# --- order, move, remove ------------------------------------------------------------------------------


def test_reorder_by_drag_and_drop_and_by_buttons(baiyun, office_client):
    meeting = _meeting(baiyun, 13)
    ids = list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("pk", flat=True))
    new = [ids[4], *ids[:4]]
    response = office_client.post(
        reverse("agenda-reorder", kwargs={"pk": meeting.pk}), {"order": new}, content_type="application/json"
    )
    assert response.status_code == 200
    assert list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("pk", flat=True)) == new
    office_client.post(reverse("agenda-reorder", kwargs={"pk": meeting.pk}), {"item": new[0], "direction": "down"})
    assert list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("pk", flat=True))[:2] == [new[1], new[0]]
    stale = office_client.post(
        reverse("agenda-reorder", kwargs={"pk": meeting.pk}), {"order": ids[:3]}, content_type="application/json"
    )
    assert stale.status_code == 409 and "请刷新页面" in stale.json()["error"]


def test_moving_an_item_is_on_the_plan_items_timeline(baiyun, office_client):
    source, target = _meeting(baiyun, 14), _meeting(baiyun, 15)
    agenda_item = AgendaItem.objects.get(meeting=source, title__contains="好医疗")
    office_client.post(reverse("agenda-item-move", kwargs={"pk": agenda_item.pk}),
                       {"meeting": target.pk, "reason": "区政府申请推迟"})
    agenda_item.refresh_from_db()
    assert agenda_item.meeting_id == target.pk and agenda_item.order == 8
    assert list(AgendaItem.objects.filter(meeting=source).order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4, 5, 6]
    plan_item = agenda_item.plan_items.get()
    edit = ItemEdit.objects.filter(item=plan_item).latest("at")
    assert edit.changes == {"会议": ["第十四次会议", "第十五次会议"]} and "区政府申请推迟" in edit.note


def test_taking_an_item_off_sends_its_plan_item_back_to_preparation(empty_13th, office_client):
    ids = [i.pk for i in office_client.get(reverse("agenda-builder", kwargs={"pk": empty_13th.pk})).context["this_month"]]
    office_client.post(reverse("agenda-builder", kwargs={"pk": empty_13th.pk}), {"items": ids[:1]})
    agenda_item = AgendaItem.objects.get(meeting=empty_13th)
    office_client.post(reverse("agenda-item-remove", kwargs={"pk": agenda_item.pk}), {"reason": "材料未备齐"})
    plan_item = PlanItem.objects.get(pk=ids[0])
    assert plan_item.status == "preparing"
    assert StatusChange.objects.filter(item=plan_item, to_status="preparing", note__contains="材料未备齐").exists()


# --- outcomes ------------------------------------------------------------------------------------------


def test_recording_outcomes(baiyun, office_client):
    meeting = _meeting(baiyun, 12)
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order"))
    data = {"held_on": "2023-03-30", "members_in_office": 35, "members_present": 31}
    for item in items:
        data[f"a{item.pk}-outcome"] = "adopted" if item.order <= 3 else "reviewed"
        data[f"a{item.pk}-appointments"] = 5 if item.order == 4 else 0
        data[f"a{item.pk}-removals"] = 2 if item.order == 4 else 0
    data[f"a{items[0].pk}-resolution_title"] = "区人大常委会2023年度工作要点"
    response = post_edit(office_client, reverse("meeting-outcomes", kwargs={"pk": meeting.pk}), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.members_in_office, meeting.members_present, meeting.status) == (35, 31, "held")
    personnel = AgendaItem.objects.get(meeting=meeting, order=4)
    assert (personnel.appointments, personnel.removals, personnel.get_outcome_display()) == (5, 2, "已审议")
    bad = dict(data, members_present=40)
    assert "出席人数（40）不能多于组成人员数（35）" in post_edit(
        office_client, reverse("meeting-outcomes", kwargs={"pk": meeting.pk}), bad).content.decode()


# --- the API ---------------------------------------------------------------------------------------------


def test_api_creates_meetings_with_the_pages_rules(baiyun):
    api = _api("office")
    term = Term.objects.get(body=baiyun, number=17)
    ok = api.post(reverse("api:meeting-list"), {"kind": "standing", "term": term.pk, "number": 19, "year": 2024,
                                                "date": "2024-03-28"}, format="json")
    assert ok.status_code == 201 and ok.json()["title"] == "第十七届人大常委会第十九次会议"
    clash = api.post(reverse("api:meeting-list"), {"kind": "standing", "term": term.pk, "number": 19, "year": 2024,
                                                   "date": "2024-04-28"}, format="json")
    assert clash.status_code == 400 and "已经存在" in clash.json()["number"][0]
    refused = _api("director").post(reverse("api:meeting-list"), {}, format="json")
    assert refused.status_code == 403 and "办公室" in refused.json()["detail"]


def test_api_reorder_move_and_delete(baiyun):
    api = _api("office")
    meeting = _meeting(baiyun, 13)
    ids = list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("pk", flat=True))
    assert api.post(reverse("api:meeting-reorder", kwargs={"pk": meeting.pk}), {"order": ids[::-1]},
                    format="json").status_code == 200
    assert list(AgendaItem.objects.filter(meeting=meeting).order_by("order").values_list("pk", flat=True)) == ids[::-1]
    target = _meeting(baiyun, 14)
    moved = api.post(reverse("api:agenda-item-move", kwargs={"pk": ids[0]}), {"meeting": target.pk}, format="json")
    assert moved.status_code == 200 and moved.json()["meeting"] == target.pk
    assert api.delete(reverse("api:meeting-detail", kwargs={"pk": meeting.pk})).status_code == 400
    assert _api("lead-caijing").post(reverse("api:agenda-item-move", kwargs={"pk": ids[1]}),
                                     {"meeting": target.pk}, format="json").status_code == 403


def test_meeting_page_queries_do_not_grow(baiyun, office_client, django_assert_max_num_queries):
    for number in (17, 18):
        with django_assert_max_num_queries(20):
            assert office_client.get(reverse("meeting-detail", kwargs={"pk": _meeting(baiyun, number).pk})).status_code == 200


def test_moving_the_meeting_date_moves_open_deadlines_by_the_same_days(baiyun, office_client):
    from meetings.models import MaterialStep

    meeting = _meeting(baiyun, 16)
    steps = MaterialStep.objects.filter(agenda_item__meeting=meeting)
    steps.update(done_on=None)
    first = steps.order_by("pk").first()
    first.done_on = date(2023, 10, 1)
    first.save()
    before = {s.pk: s.due for s in steps}
    data = _meeting_data(baiyun, number=16, year=2023, date="2023-11-30", status="held")
    post_edit(office_client, reverse("meeting-edit", kwargs={"pk": meeting.pk}), data)
    for step in MaterialStep.objects.filter(agenda_item__meeting=meeting):
        moved = (step.due - before[step.pk]).days
        assert moved == (0 if step.pk == first.pk else 7), step
