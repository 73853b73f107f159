"""API writes validate once, as the pages do (core/api/validated.py): the same bad input is refused through
the page and through the API with the same words under the same field, and the same good input makes the
same object either way."""

from copy import copy
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import Committee, ReportingBody, Term
from deputies.models import Deputy, Reception, Station
from deputies.roster.forms import DeputyForm, ReceptionForm, StationForm
from meetings.models import AgendaItem, Meeting
from plans import editing
from plans.forms import StatusForm
from plans.models import AnnualPlan, ItemCommittee, ItemEdit, PlanEntry, PlanItem, PlanKind, Section
from supervision.models import Inspection, LivelihoodProject, Rectification, ReviewOpinion
from supervision.opinions import create_opinion
from tests.conftest import client_for
from tests.deputies.test_deputy_roster import make_deputy, make_roster, make_station
from tests.versioned_posts import post_edit, with_version


def _api(username="office") -> APIClient:
    api = APIClient()
    api.force_authenticate(get_user_model().objects.get(username=username))
    return api


def _as_form_data(data: dict) -> dict:
    """What a browser posts for the same values: nothing for an empty field or an unticked box."""
    return {k: v for k, v in data.items() if v is not None and v is not False and v != []}


def _page_errors(response) -> dict:
    """The refusals the page shows, by field, as the API names them (a refusal of the whole form: non_field_errors)."""
    assert response.status_code == 200, "the page should show the form again with its refusals"
    return {"non_field_errors" if field == "__all__" else field: list(errors)
            for field, errors in response.context["form"].errors.items()}


def _labelled(form_class, errors: dict) -> dict:
    """The roster API's refusals: each message after the field's label ("代表编号：…"), as the page shows it."""
    labels = {name: field.label for name, field in form_class.base_fields.items()}
    return {field: [f"{labels[field]}：{m}" for m in messages] for field, messages in errors.items()}


def _future() -> str:
    return (timezone.localdate() + timedelta(days=2)).isoformat()


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


# --- review opinions ---------------------------------------------------------------------------------------------


def _opinion_item(baiyun) -> AgendaItem:
    return AgendaItem.objects.get(meeting__body=baiyun, meeting__kind="standing", meeting__year=2023,
                                  meeting__number=13, order=3)


def _opinion_data(baiyun, **changes) -> dict:
    data = {"text": "一是……；二是……。", "sent_on": "2023-06-08", "reporting_body": None,
            "committee": _committee(baiyun, "社会建设工委").pk}
    data.update(changes)
    return data


@pytest.mark.parametrize("case", ["neither text nor a document", "a committee of another body",
                                  "a date that is not one", "a reporting body of another body"])
def test_a_bad_review_opinion_is_refused_alike_by_the_page_and_the_api(baiyun, second_body, case):
    changes = {
        "neither text nor a document": {"text": ""},
        "a committee of another body": {"committee": Committee.objects.filter(body=second_body)[0].pk},
        "a date that is not one": {"sent_on": "六月八日"},
        "a reporting body of another body": {"reporting_body": ReportingBody.objects.filter(body=second_body)[0].pk},
    }[case]
    item = _opinion_item(baiyun)
    data = _opinion_data(baiyun, **changes)
    before = ReviewOpinion.objects.count()
    page = _page_errors(client_for("office").post(reverse("opinion-create", args=[item.pk]), _as_form_data(data)))
    api = _api().post(reverse("api:review-opinion-list"), {**data, "agenda_item": item.pk}, format="json")
    assert api.status_code == 400
    assert api.json() == page and page, case
    assert ReviewOpinion.objects.count() == before


def _opinion_as_saved(opinion: ReviewOpinion) -> tuple:
    return (opinion.agenda_item_id, opinion.text, opinion.sent_on, opinion.due_on, opinion.committee_id,
            opinion.reporting_body_id, opinion.response_on, opinion.response_heard_at_id, opinion.assessment,
            opinion.assessment_note, opinion.rectifications.count())


def test_a_good_review_opinion_and_its_response_are_the_same_through_the_page_and_the_api(baiyun):
    item = _opinion_item(baiyun)
    data = _opinion_data(baiyun)
    assert client_for("office").post(reverse("opinion-create", args=[item.pk]), _as_form_data(data)).status_code == 302
    created = _api().post(reverse("api:review-opinion-list"), {**data, "agenda_item": item.pk}, format="json")
    assert created.status_code == 201, created.json()
    by_page, by_api = ReviewOpinion.objects.filter(agenda_item=item, text=data["text"]).order_by("pk")
    assert by_api.pk == created.json()["id"]
    assert _opinion_as_saved(by_page) == _opinion_as_saved(by_api)
    assert by_api.due_on == date(2023, 8, 8) and by_api.reporting_body is not None  # the item's, as on the page
    response = {"response_on": "2023-07-20", "response_heard_at": None, "assessment": "basic",
                "assessment_note": "基本落实", "open_rectification": True}
    page = post_edit(client_for("lead-shehui"), reverse("opinion-detail", args=[by_page.pk]), _as_form_data(response))
    assert page.status_code == 302
    member = _api("lead-shehui")
    detail = reverse("api:review-opinion-detail", args=[by_api.pk])
    api = member.post(reverse("api:review-opinion-respond", args=[by_api.pk]), with_version(member, detail, response),
                      format="json")
    assert api.status_code == 200, api.json()
    by_page.refresh_from_db()
    by_api.refresh_from_db()
    assert _opinion_as_saved(by_page)[1:] == _opinion_as_saved(by_api)[1:]
    assert by_api.assessment == "basic" and by_api.rectifications.get().due_on == date(2023, 10, 20)


@pytest.mark.parametrize("case", ["a response before the opinion was sent", "a response in the future",
                                  "an assessment before any response", "an unknown assessment"])
def test_a_bad_response_is_refused_alike_by_the_page_and_the_api(baiyun, case):
    response = {
        "a response before the opinion was sent": {"response_on": "2023-05-01"},
        "a response in the future": {"response_on": _future()},
        "an assessment before any response": {"assessment": "basic"},
        "an unknown assessment": {"response_on": "2023-07-01", "assessment": "great"},
    }[case]
    office = get_user_model().objects.get(username="office")
    sent = ReviewOpinion(agenda_item=_opinion_item(baiyun), text="建议……", sent_on=date(2023, 5, 31))
    opinions = [create_opinion(copy(sent), office) for _ in range(2)]
    page = _page_errors(post_edit(client_for("office"), reverse("opinion-detail", args=[opinions[0].pk]),
                                                  _as_form_data(response)))
    office_api = _api()
    api = office_api.post(reverse("api:review-opinion-respond", args=[opinions[1].pk]),
                          with_version(office_api, reverse("api:review-opinion-detail", args=[opinions[1].pk]), response),
                          format="json")
    assert api.status_code == 400
    assert api.json() == page and page, case
    for opinion in opinions:
        opinion.refresh_from_db()
        assert (opinion.response_on, opinion.assessment) == (None, "")


# --- livelihood projects -----------------------------------------------------------------------------------------


def _project_data(baiyun, **changes) -> dict:
    data = {"year": 2024, "number": 1, "title": "新增公共停车位", "department": None,
            "committee": _committee(baiyun, "社会建设工委").pk}
    data.update(changes)
    return data


@pytest.mark.parametrize("case", ["a number already used that year", "no title", "a committee of another body",
                                  "a year that is not a number", "a department of another body", "a negative number"])
def test_a_bad_livelihood_project_is_refused_alike_by_the_page_and_the_api(baiyun, second_body, case):
    changes = {
        "a number already used that year": {"year": 2023, "number": 1},
        "no title": {"title": ""},
        "a committee of another body": {"committee": Committee.objects.filter(body=second_body)[0].pk},
        "a year that is not a number": {"year": "明年"},
        "a department of another body": {"department": ReportingBody.objects.filter(body=second_body)[0].pk},
        "a negative number": {"number": -1},
    }[case]
    data = _project_data(baiyun, **changes)
    before = LivelihoodProject.objects.count()
    page = _page_errors(client_for("office").post(reverse("livelihood-create"), _as_form_data(data)))
    api = _api().post(reverse("api:livelihood-project-list"), data, format="json")
    assert api.status_code == 400
    assert api.json() == page and page, case
    assert LivelihoodProject.objects.count() == before


def test_a_good_livelihood_project_is_the_same_through_the_page_and_the_api(baiyun):
    data = _project_data(baiyun, department=ReportingBody.objects.filter(body=baiyun).order_by("order")[0].pk)
    assert client_for("office").post(reverse("livelihood-create"), _as_form_data(data)).status_code == 302
    created = _api().post(reverse("api:livelihood-project-list"), {**data, "number": 2}, format="json")
    assert created.status_code == 201, created.json()
    fields = ["body_id", "year", "title", "department_id", "committee_id"]
    by_page = LivelihoodProject.objects.filter(body=baiyun, year=2024, number=1).values(*fields).get()
    assert LivelihoodProject.objects.filter(pk=created.json()["id"]).values(*fields).get() == by_page
    # The same number again: refused by both, as the model's rule says.
    detail = reverse("api:livelihood-project-detail", args=[created.json()["id"]])
    again = _api().patch(detail, with_version(_api(), detail, {"number": 1}), format="json")
    assert again.status_code == 400 and again.json() == {"number": ["2024 年已有第 1 项。"]}


def test_an_inspection_ending_before_it_starts_is_refused_alike(baiyun):
    data = {"year": 2024, "title": "食品安全法执法检查", "laws": "中华人民共和国食品安全法", "team": "",
            "deputies_invited": "", "start_on": "2024-05-10", "end_on": "2024-05-01", "plan_item": None,
            "report_agenda_item": None}
    before = Inspection.objects.count()
    page = _page_errors(client_for("office").post(reverse("inspection-create"), _as_form_data(data)))
    api = _api().post(reverse("api:inspection-list"), data, format="json")
    assert api.status_code == 400 and api.json() == page == {"end_on": ["结束日期早于开始日期。"]}
    assert Inspection.objects.count() == before


def test_a_rectification_names_its_opinion_among_the_bodys(baiyun, second_body):
    other = ReviewOpinion.objects.filter(agenda_item__meeting__body=second_body).first() or create_opinion(
        ReviewOpinion(agenda_item=AgendaItem.objects.filter(meeting__body=second_body)[0], text="他区意见"),
        get_user_model().objects.get(username="office-other"))
    refused = _api().post(reverse("api:rectification-list"), {"source": "opinion", "what": "整改", "opinion": other.pk},
                          format="json")
    assert refused.status_code == 400 and refused.json() == {"opinion": ["找不到该审议意见。"]}
    created = _api().post(reverse("api:rectification-list"), {"source": "opinion", "what": "整改"}, format="json")
    assert created.status_code == 201
    rect = Rectification.objects.get(pk=created.json()["id"])
    assert rect.body == baiyun and rect.due_on is not None  # the body's rule, when no date is given


# --- the roster ---------------------------------------------------------------------------------------------------


@pytest.fixture
def roster(baiyun):
    return make_roster(baiyun, size=6, prefix="校验")


def _deputy_data(roster, **changes) -> dict:
    data = {"code": "校验-NEW", "name": "校验新代表", "gender": "female", "term": None, "is_national": False,
            "is_provincial": False, "is_city": True, "is_district": True, "is_town": False, "group": "校验小组",
            "constituency": "第三选区", "station": roster["stations"][1].pk, "sector": "工人", "work_unit": "某厂",
            "phone": "13700002222", "address": "", "status": "serving", "status_on": None, "elected_on": "2021-10-01"}
    data.update(changes)
    return data


@pytest.mark.parametrize("case", [
    "a code already used", "a status that ended without its date", "a status date in the future",
    "a status date before the election", "no level", "a station of another body", "no name", "an unknown gender",
])
def test_a_bad_deputy_is_refused_alike_by_the_page_and_the_api_naming_the_field(roster, second_body, case):
    changes = {
        "a code already used": {"code": "校验-001"},
        "a status that ended without its date": {"status": "resigned"},
        "a status date in the future": {"status": "vacated", "status_on": _future()},
        "a status date before the election": {"status": "resigned", "status_on": "2021-09-30"},
        "no level": {"is_city": False, "is_district": False},
        "a station of another body": {"station": make_station(second_body, "校验他区T01").pk},
        "no name": {"name": "  "},
        "an unknown gender": {"gender": "unknown"},
    }[case]
    data = _deputy_data(roster, **changes)
    before = Deputy.objects.count()
    page = _page_errors(client_for("office").post(reverse("deputy-create"), _as_form_data(data)))
    api = _api().post(reverse("api:deputy-list"), data, format="json")
    assert api.status_code == 400
    assert api.json() == _labelled(DeputyForm, page) and page, case
    assert Deputy.objects.count() == before


def test_a_good_deputy_is_the_same_through_the_page_and_the_api(roster, baiyun):
    data = _deputy_data(roster, code=" 校验-P ")  # the code is trimmed either way
    assert client_for("office").post(reverse("deputy-create"), _as_form_data(data)).status_code == 302
    created = _api().post(reverse("api:deputy-list"), {**data, "code": "校验-A"}, format="json")
    assert created.status_code == 201, created.json()
    fields = [f.attname for f in Deputy._meta.concrete_fields if f.name not in ("id", "code")]
    by_page = Deputy.objects.filter(body=baiyun, code="校验-P").values(*fields).get()
    assert Deputy.objects.filter(pk=created.json()["id"]).values(*fields).get() == by_page
    # A change refused by the model through the API leaves the deputy as it was.
    refused = _api().patch(reverse("api:deputy-detail", args=[created.json()["id"]]),
                           {"code": "校验-P", "version": 1}, format="json")
    assert refused.status_code == 400 and list(refused.json()) == ["code"]
    assert Deputy.objects.get(pk=created.json()["id"]).code == "校验-A"


@pytest.mark.parametrize("case", ["a central station under another", "a number already used",
                                  "a parent of another body"])
def test_a_bad_station_is_refused_alike_by_the_page_and_the_api(roster, second_body, case):
    central = roster["stations"][0]
    changes = {
        "a central station under another": {"kind": "central", "parent": central.pk},
        "a number already used": {"number": "校验t02"},
        "a parent of another body": {"parent": make_station(second_body, "校验他区Z01", kind=Station.Kind.CENTRAL).pk},
    }[case]
    data = {"kind": "point", "number": "校验T09", "name": "校验联络点", "town": "", "address": "", "parent": central.pk,
            **changes}
    before = Station.objects.count()
    page = _page_errors(client_for("office").post(reverse("station-create"), _as_form_data(data)))
    api = _api().post(reverse("api:station-list"), data, format="json")
    assert api.status_code == 400
    assert api.json() == _labelled(StationForm, page) and page, case
    assert Station.objects.count() == before


def _reception_data(roster, **changes) -> dict:
    first, _ = roster["stations"]
    data = {"held_on": "2024-03-05", "station": first.pk, "deputies": [d.pk for d in roster["deputies"][1:4]],
            "voters": 12, "issues": "道路破损\n\n  路灯不亮 ", "note": ""}
    data.update(changes)
    return data


@pytest.mark.parametrize("case", [
    "a day in the future", "a day long ago", "a deputy of another body", "a station of another body", "no deputies",
    "a deputy id that is not one", "fewer than no voters",
])
def test_a_bad_reception_is_refused_alike_by_the_page_and_the_api_naming_the_field(roster, second_body, case):
    changes = {
        "a day in the future": {"held_on": _future()},
        "a day long ago": {"held_on": "1989-12-31"},
        "a deputy of another body": {"deputies": [roster["deputies"][1].pk,
                                                  make_deputy(second_body, "校验他区代表").pk]},
        "a station of another body": {"station": make_station(second_body, "校验他区T02").pk},
        "no deputies": {"deputies": []},
        "a deputy id that is not one": {"deputies": ["甲"]},
        "fewer than no voters": {"voters": -1},
    }[case]
    data = _reception_data(roster, **changes)
    before = Reception.objects.count()
    page = _page_errors(client_for("office").post(reverse("reception-create"), _as_form_data(data)))
    api = _api().post(reverse("api:reception-list"), data, format="json")
    assert api.status_code == 400
    assert api.json() == _labelled(ReceptionForm, page) and page, case
    assert Reception.objects.count() == before


def test_a_good_reception_is_the_same_through_the_page_and_the_api(roster):
    data = _reception_data(roster)
    assert client_for("office").post(reverse("reception-create"), _as_form_data(data)).status_code == 302
    created = _api().post(reverse("api:reception-list"), data, format="json")
    assert created.status_code == 201, created.json()
    by_page, by_api = Reception.objects.filter(station=roster["stations"][0], held_on=date(2024, 3, 5)).order_by("pk")
    assert by_api.pk == created.json()["id"]

    def saved(r):
        return (r.voters, r.issues, r.note, r.created_by.username, sorted(r.deputies.values_list("pk", flat=True)))

    assert saved(by_page) == saved(by_api) and by_api.issues == "道路破损\n路灯不亮"  # blank lines dropped, both ways
