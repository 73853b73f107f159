"""API writes validate once, as the pages do (core/api/validated.py): the same bad input is refused through
the page and through the API with the same words under the same field, and the same good input makes the
same object either way."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import Committee, ReportingBody, Term
from meetings.models import AgendaItem, Meeting
from plans import editing
from plans.forms import StatusForm
from plans.models import AnnualPlan, ItemCommittee, ItemEdit, PlanEntry, PlanItem, PlanKind, Section
from tests.conftest import client_for


def _api(username="office") -> APIClient:
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


def _as_form_data(data: dict) -> dict:
    """What a browser posts for the same values: nothing for an empty field or an unticked box."""
    return {k: v for k, v in data.items() if v is not None and v is not False and v != []}


def _page_errors(response) -> dict:
    assert response.status_code == 200, "the page should show the form again with its refusals"
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


# --- plan items ---------------------------------------------------------------------------------------------


@pytest.fixture
def draft_plan(baiyun):
    """A draft plan (adding to an adopted one asks the page for a reason), with a section."""
    plan = AnnualPlan.objects.create(body=baiyun, year=2025, kind=PlanKind.WORK_POINTS, title="2025 年工作要点")
    Section.objects.create(plan=plan, order=1, heading="一、监督工作")
    return plan


def _committee(body, short_name) -> Committee:
    return Committee.objects.get(body=body, short_name=short_name)


def _item_data(baiyun, **changes) -> dict:
    data = {
        "title": "听取和审议区政府关于接口校验一致性的报告", "focus": "校验只写一次", "form": "special_report",
        "timing_kind": "range", "start_month": 3, "end_month": 6, "quarter": None, "timing_note": "",
        "to_standing_meeting": True, "to_chairpersons_meeting": False, "all_committees_help": False,
        "lead_committees": [_committee(baiyun, "财经工委").pk], "helper_committees": [],
        "reporting_bodies": [ReportingBody.objects.filter(body=baiyun, valid_to__isnull=True).order_by("order")[0].pk],
    }
    data.update(changes)
    return data


def _item_through_page(plan, data, **entry):
    return client_for("office").post(reverse("item-create", kwargs={"plan_pk": plan.pk}),
                                     _as_form_data({**data, **entry}))


def _item_through_api(plan, data, **entry):
    return _api().post(reverse("api:plan-item-list"), {**data, **entry, "plan": plan.pk}, format="json")


def _bad_item_inputs(baiyun, second_body):
    caijing = _committee(baiyun, "财经工委")
    return {
        "a range ending before it starts": {"start_month": 9, "end_month": 3},
        "a month not in the list": {"timing_kind": "month", "start_month": 13, "end_month": None},
        "a committee of another body": {"lead_committees": [Committee.objects.filter(body=second_body)[0].pk]},
        "a committee leading and helping": {"helper_committees": [caijing.pk]},
        "no title": {"title": ""},
        "an unknown supervision form": {"form": "tea_party"},
        "a quarter missing": {"timing_kind": "quarter", "start_month": None, "end_month": None},
    }


@pytest.mark.parametrize("case", [
    "a range ending before it starts", "a month not in the list", "a committee of another body",
    "a committee leading and helping", "no title", "an unknown supervision form", "a quarter missing",
])
def test_a_bad_plan_item_is_refused_alike_by_the_page_and_the_api(baiyun, second_body, draft_plan, case):
    data = _item_data(baiyun, **_bad_item_inputs(baiyun, second_body)[case])
    page = _page_errors(_item_through_page(draft_plan, data))
    api = _item_through_api(draft_plan, data)
    assert api.status_code == 400
    assert api.json() == page and page, case
    assert not PlanEntry.objects.filter(plan=draft_plan).exists()


def test_a_section_of_another_plan_is_refused_alike(baiyun, draft_plan):
    other = Section.objects.exclude(plan=draft_plan).filter(plan__body=baiyun)[0]
    response = client_for("office").post(reverse("item-create", kwargs={"plan_pk": draft_plan.pk}),
                                         _as_form_data({**_item_data(baiyun), "section": other.pk}))
    page = {f: list(e) for f, e in response.context["entry_form"].errors.items()}
    api = _item_through_api(draft_plan, _item_data(baiyun), section=other.pk)
    assert api.status_code == 400 and api.json() == page == {"section": page["section"]}
    assert not PlanEntry.objects.filter(plan=draft_plan).exists()


def _item_as_saved(item: PlanItem) -> dict:
    fields = [f for f in editing.ITEM_FIELDS if f != "reporting_bodies"]
    entry = PlanEntry.objects.get(item=item)
    return {
        **{f: getattr(item, f) for f in fields},
        "year": item.year, "status": item.status, "version": item.version, "due_month": item.due_month,
        "reporting_bodies": sorted(item.reporting_bodies.values_list("pk", flat=True)),
        "roles": sorted(ItemCommittee.objects.filter(item=item).values_list("committee_id", "role")),
        "entry": (entry.plan_id, entry.section_id, entry.number, entry.order > 0),
        "timeline": list(ItemEdit.objects.filter(item=item).values_list("changes", flat=True)),
    }


def test_a_good_plan_item_makes_the_same_item_through_the_page_and_the_api(baiyun, draft_plan):
    section = draft_plan.sections.get()
    # Months the chosen timing does not use are dropped by both (PlanItem.clean).
    data = _item_data(baiyun, timing_kind="month", start_month=5, end_month=7, quarter=2,
                      helper_committees=[_committee(baiyun, "社会建设工委").pk])
    assert _item_through_page(draft_plan, data, section=section.pk, number="（一）").status_code == 302
    created = _item_through_api(draft_plan, data, section=section.pk, number="（一）")
    assert created.status_code == 201, created.json()
    by_page, by_api = (PlanItem.objects.get(pk=e.item_id) for e in PlanEntry.objects.filter(plan=draft_plan).order_by("pk"))
    assert by_api.pk == created.json()["id"]
    assert _item_as_saved(by_page) == _item_as_saved(by_api)
    assert (by_api.start_month, by_api.end_month, by_api.quarter, by_api.due_month) == (5, None, None, 5)


def test_a_good_edit_changes_the_item_alike_and_a_stale_one_is_refused(baiyun, draft_plan):
    data = _item_data(baiyun)
    _item_through_page(draft_plan, data)
    _item_through_page(draft_plan, data)
    first, second = PlanItem.objects.filter(entries__plan=draft_plan).order_by("pk")
    change = {**data, "timing_kind": "deadline", "start_month": 2, "end_month": 11, "title": "改过的标题"}
    page = client_for("office").post(reverse("item-edit", kwargs={"pk": first.pk}),
                                     _as_form_data({**change, "version": first.version}))
    assert page.status_code == 302
    api = _api().put(reverse("api:plan-item-detail", kwargs={"pk": second.pk}), {**change, "version": second.version},
                     format="json")
    assert api.status_code == 200, api.json()
    first.refresh_from_db()
    second.refresh_from_db()
    saved = [{f: getattr(i, f) for f in ("title", "timing_kind", "start_month", "end_month", "version")}
             for i in (first, second)]
    assert saved[0] == saved[1] == {"title": "改过的标题", "timing_kind": "deadline", "start_month": None,
                                    "end_month": 11, "version": 2}
    stale = _api().put(reverse("api:plan-item-detail", kwargs={"pk": second.pk}), {**change, "version": 1},
                       format="json")
    assert stale.status_code == 409 and stale.json()["current"]["version"] == 2


# --- status changes ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("change", [
    {"status": "follow_up", "progress": 150},
    {"status": "tea", "progress": 10},
    {"status": "postponed", "postponed_to_month": 13, "note": "等待材料"},
])
def test_a_bad_status_change_is_refused_alike_naming_the_field(baiyun, change):
    item = PlanItem.objects.get(body=baiyun, title__contains="2022 年度国有资产管理情况的综合报告")
    data = {"version": item.version, "note": "", **change}
    page = client_for("office").post(reverse("item-status", kwargs={"pk": item.pk}), data, follow=True)
    api = _api().post(reverse("api:plan-item-status", kwargs={"pk": item.pk}), data, format="json")
    assert api.status_code == 400
    text = page.content.decode()
    for field, messages in api.json().items():
        assert f"{StatusForm.base_fields[field].label}：{'，'.join(messages)}" in text, (field, messages)
    refreshed = PlanItem.objects.get(pk=item.pk)
    assert (refreshed.status, refreshed.version) == (item.status, item.version)


def test_a_step_the_workflow_refuses_is_refused_alike(baiyun):
    item = PlanItem.objects.get(body=baiyun, title__contains="2022 年度国有资产管理情况的综合报告")
    data = {"status": "not_started", "version": item.version, "note": ""}
    page = client_for("office").post(reverse("item-status", kwargs={"pk": item.pk}), data, follow=True)
    api = _api().post(reverse("api:plan-item-status", kwargs={"pk": item.pk}), data, format="json")
    assert api.status_code == 400
    assert api.json()["status"][0] in page.content.decode()


# --- meetings ---------------------------------------------------------------------------------------------------


def _meeting_data(baiyun, **changes) -> dict:
    term = Term.objects.get(body=baiyun, number=17)
    data = {"kind": "standing", "term": term.pk, "number": 19, "year": 2024, "planned_month": None,
            "date": "2024-03-28", "place": "区人大常委会会议室", "status": "scheduled"}
    data.update(changes)
    return data


@pytest.mark.parametrize("case", ["a date outside the term", "a number already used", "a year not the date's",
                                  "neither a date nor a month", "a month past December", "a term of another body"])
def test_a_bad_meeting_is_refused_alike_by_the_page_and_the_api(baiyun, second_body, case):
    changes = {
        "a date outside the term": {"date": "2019-03-28", "year": 2019},
        "a number already used": {"number": 13, "year": 2023, "date": "2023-06-01"},
        "a year not the date's": {"year": 2023},
        "neither a date nor a month": {"date": None},
        "a month past December": {"date": None, "planned_month": 13},
        "a term of another body": {"term": Term.objects.filter(body=second_body)[0].pk},
    }[case]
    data = _meeting_data(baiyun, **changes)
    before = Meeting.objects.count()
    page = _page_errors(client_for("office").post(reverse("meeting-create"), _as_form_data(data)))
    api = _api().post(reverse("api:meeting-list"), data, format="json")
    assert api.status_code == 400
    assert api.json() == page and page, case
    assert Meeting.objects.count() == before


def test_a_good_meeting_is_the_same_meeting_through_the_page_and_the_api(baiyun):
    data = _meeting_data(baiyun)
    assert client_for("office").post(reverse("meeting-create"), _as_form_data(data)).status_code == 302
    created = _api().post(reverse("api:meeting-list"), {**data, "number": 20}, format="json")
    assert created.status_code == 201, created.json()
    fields = ["kind", "term_id", "year", "planned_month", "date", "place", "status", "body_id"]
    by_page = Meeting.objects.filter(body=baiyun, number=19).values(*fields).get()
    by_api = Meeting.objects.filter(pk=created.json()["id"]).values(*fields).get()
    assert by_page == by_api and by_api["planned_month"] == 3  # the month follows the date, both ways


# --- agenda items -------------------------------------------------------------------------------------------------


def test_an_agenda_item_naming_what_the_page_does_not_offer_is_refused_alike(baiyun, second_body):
    meeting = Meeting.objects.get(body=baiyun, kind="standing", number=13)
    other_year = PlanItem.objects.create(body=baiyun, year=meeting.year + 1, title="明年的事项", form="research",
                                         timing_kind="year")
    data = {"title": "审议某项人事任免案", "form": "review", "has_inquiry": False, "has_evaluation": False,
            "plan_items": [other_year.pk], "committees": [Committee.objects.filter(body=second_body)[0].pk],
            "reporting_bodies": []}
    before = AgendaItem.objects.filter(meeting=meeting).count()
    page = _page_errors(client_for("office").post(reverse("agenda-item-create", kwargs={"pk": meeting.pk}),
                                                  _as_form_data(data)))
    api = _api().post(reverse("api:agenda-item-list"), {**data, "meeting": meeting.pk}, format="json")
    assert api.status_code == 400
    assert api.json() == page and set(page) == {"plan_items", "committees"}
    assert AgendaItem.objects.filter(meeting=meeting).count() == before
    other_body = _api().post(reverse("api:agenda-item-list"),
                             {**data, "meeting": Meeting.objects.filter(body=second_body)[0].pk}, format="json")
    assert other_body.status_code == 400 and list(other_body.json()) == ["meeting"]


def test_a_good_agenda_item_is_the_same_through_the_page_and_the_api(baiyun):
    meeting = Meeting.objects.get(body=baiyun, kind="standing", number=13)
    data = {"title": "审议某项人事任免案", "form": "review", "has_inquiry": False, "has_evaluation": True,
            "committees": [_committee(baiyun, "财经工委").pk], "plan_items": [], "reporting_bodies": []}
    assert client_for("office").post(reverse("agenda-item-create", kwargs={"pk": meeting.pk}),
                                     _as_form_data(data)).status_code == 302
    created = _api().post(reverse("api:agenda-item-list"), {**data, "meeting": meeting.pk}, format="json")
    assert created.status_code == 201, created.json()
    by_page, by_api = AgendaItem.objects.filter(meeting=meeting, title=data["title"]).order_by("pk")
    assert by_api.pk == created.json()["id"] and by_api.order == by_page.order + 1

    def saved(a):
        return (a.form, a.has_inquiry, a.has_evaluation, list(a.committees.values_list("pk", flat=True)),
                list(a.material_steps.values_list("step", flat=True)))

    assert saved(by_page) == saved(by_api)


# --- copying a plan -----------------------------------------------------------------------------------------------


def test_copying_a_plan_carries_every_field_of_an_item_but_this_years_progress(baiyun):
    plan = AnnualPlan.objects.get(body=baiyun, kind=PlanKind.SUPERVISION)
    old = PlanItem.objects.filter(entries__plan=plan, status="reviewed").first()
    new_plan = editing.copy_plan(plan, 2031, [old], get_user_model().objects.get(username="office"))
    copy = PlanItem.objects.get(entries__plan=new_plan)
    skipped = {"id", "year", "status", "progress", "postponed_to_month", "due_month", "version", "created_at",
               "updated_at"}
    for field in PlanItem._meta.concrete_fields:
        if field.name not in skipped:
            assert getattr(copy, field.attname) == getattr(old, field.attname), field.name
    assert (copy.year, copy.status, copy.progress, copy.version) == (2031, "not_started", 0, 1)
