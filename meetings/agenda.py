"""Building a meeting's agenda from the plan, and keeping plan items in step with it."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Max, Q, When

from core.models import Committee, ReportingBody, Term
from meetings.models import AgendaItem, Meeting, MeetingKind
from plans.filtersets import PlanItemFilterSet
from plans.imports.recognise import matter_reporting_bodies
from plans.models import ItemCommittee, PlanItem, PlanItemStatus, SupervisionForm
from plans.models.plans import NOT_DUE_STATUSES, listed_annotation
from plans.workflow import WorkflowError, change_status, record_edit

S = PlanItemStatus

# The fields the office enters, on the pages' forms and through the API alike.
MEETING_FIELDS = ["kind", "term", "number", "year", "planned_month", "date", "place", "status"]
AGENDA_ITEM_FIELDS = ["title", "form", "has_inquiry", "has_evaluation", "reporting_bodies", "committees", "plan_items"]


def meeting_choices() -> dict:
    """What a meeting's relations may name, on the page's form and through the API: the body's terms."""
    return {"term": Term.objects.order_by("-number")}


def item_choices(meeting: Meeting | None) -> dict:
    """What an agenda item's relations may name, on the page's form and through the API: the body's current
    reporting bodies and active committees, and plan items of the meeting's year."""
    return {
        "reporting_bodies": ReportingBody.objects.filter(valid_to__isnull=True).order_by("order"),
        "committees": Committee.objects.filter(active=True).order_by("order"),
        "plan_items": PlanItem.objects.filter(year=meeting.year if meeting else None).order_by("due_month", "id"),
    }


# Meetings a term held before the body started using the system (Term fields), by kind.
MEETINGS_BEFORE_FIELDS = {
    MeetingKind.STANDING: "standing_meetings_before",
    MeetingKind.CHAIRPERSONS: "chairpersons_meetings_before",
}


def meetings_before(term, kind) -> int:
    field = MEETINGS_BEFORE_FIELDS.get(kind)
    return getattr(term, field) if field else 0


def next_number(term, kind) -> int:
    """The number the next meeting of this kind in this term would get: after the last one in the
    system, and after those the term held before the body started using it."""
    last = Meeting.objects.filter(term=term, kind=kind).aggregate(n=Max("number"))["n"]
    return max(last or 0, meetings_before(term, kind)) + 1


def meeting_month(meeting: Meeting) -> int | None:
    return meeting.date.month if meeting.date else meeting.planned_month


def _intended_for(meeting: Meeting) -> Q:
    if meeting.kind == MeetingKind.STANDING:
        return Q(to_standing_meeting=True)
    if meeting.kind == MeetingKind.CHAIRPERSONS:
        return Q(to_chairpersons_meeting=True)
    return Q()


def addable(meeting: Meeting):
    """The plan items the office may still put on the meeting's agenda: the meeting's body's matters of its year
    that a plan lists (a matter in no plan is not planned work) as a task (a principle or an aim is no matter to
    hear, PlanItem.is_principle), on no agenda yet and not cancelled."""
    return (
        PlanItem.objects.filter(body_id=meeting.body_id, year=meeting.year, agenda_items=None, is_principle=False)
        .annotate(listed=listed_annotation()).filter(listed=True)
        .exclude(status=S.CANCELLED)
    )


def _for_rows(items):
    """What the builder's rows show (reporting bodies, lead committees), fetched once for all of them."""
    return items.prefetch_related("reporting_bodies", "responsibilities__committee")


def proposals(meeting: Meeting) -> tuple[list[PlanItem], list[PlanItem]]:
    """Plan items planned for the meeting's month and on no agenda yet; and, apart, overdue earlier ones."""
    month = meeting_month(meeting)
    if month is None:
        return [], []
    candidates = _for_rows(
        addable(meeting)
        .filter(_intended_for(meeting))
        .exclude(status__in=[*NOT_DUE_STATUSES, S.SUBMITTED])
        .order_by("due_month", "id")
    )
    # SQL narrows by the planned month (or the month an item was postponed to); Timing decides.
    in_month = PlanItemFilterSet({"month": month}, queryset=candidates).qs | candidates.filter(postponed_to_month=month)
    this_month = [i for i in in_month.distinct() if month in i.effective_timing.months()]
    chosen = {i.pk for i in this_month}
    earlier = [i for i in candidates.filter(due_month__lt=month) if i.pk not in chosen]
    return this_month, earlier


# The builder's search: at most this many words, each of at most this many characters, are looked for.
SEARCH_WORDS = 5
SEARCH_WORD_LENGTH = 50


def search_words(text: str) -> list[str]:
    return [word[:SEARCH_WORD_LENGTH] for word in text.split()][:SEARCH_WORDS]


def search(meeting: Meeting, text: str):
    """Every plan item the office may still add to the meeting (`addable`), of any month and either kind of
    meeting, whose title, committee (lead or helping, full or short name) or reporting body holds each word of
    `text`; all of them when `text` is blank. Related rows are matched in subqueries: one row an item."""
    items = addable(meeting)
    # The outer query keeps to the meeting's body: the inner ones need no scope of their own.
    for word in search_words(text):
        committees = ItemCommittee.objects.with_scopes_disabled().filter(
            Q(committee__name__icontains=word) | Q(committee__short_name__icontains=word)
        ).values("item_id")
        bodies = PlanItem.reporting_bodies.through.objects.filter(reportingbody__name__icontains=word).values(
            "planitem_id"
        )
        items = items.filter(Q(title__icontains=word) | Q(pk__in=committees) | Q(pk__in=bodies))
    items = _for_rows(items)
    condition = _intended_for(meeting)
    if not condition:  # a congress session: no matter is planned for one kind rather than another
        return items.order_by("due_month", "id")
    # The matters the plan sends to this kind of meeting first, then the others, each by month.
    other_kind = Case(When(condition, then=0), default=1, output_field=IntegerField())
    return items.annotate(other_kind=other_kind).order_by("other_kind", "due_month", "id")


def guess_form(title: str) -> str:
    """How a meeting takes up a matter, by the verb its title opens with (审查批准 as well as 审查和批准)."""
    F = AgendaItem.Form
    title = re.sub(r"\s+", "", title or "")
    approves = "审查和批准" in title or "审查批准" in title
    if title.startswith("听取和审议"):
        return F.EXAMINE_APPROVE if approves else F.HEAR_AND_REVIEW
    if title.startswith("听取"):
        return F.HEAR
    if approves:
        return F.EXAMINE_APPROVE
    if title.startswith("审议"):
        return F.REVIEW
    return F.OTHER


# How a meeting takes up a matter whose title opens with no such verb, by its form of supervision: a report heard
# and reviewed (对区政府工作部门开展满意度测评: their reports, then the vote), a decision reviewed.
_FORM_BY_SUPERVISION = {
    SupervisionForm.SPECIAL_REPORT: AgendaItem.Form.HEAR_AND_REVIEW,
    SupervisionForm.INQUIRY: AgendaItem.Form.HEAR_AND_REVIEW,
    SupervisionForm.EVALUATION: AgendaItem.Form.HEAR_AND_REVIEW,
    SupervisionForm.INSPECTION: AgendaItem.Form.HEAR_AND_REVIEW,
    SupervisionForm.RESEARCH: AgendaItem.Form.HEAR_AND_REVIEW,
    SupervisionForm.FILING_REVIEW: AgendaItem.Form.HEAR_AND_REVIEW,
    SupervisionForm.FOLLOW_UP: AgendaItem.Form.HEAR_AND_REVIEW,
    SupervisionForm.MOTION: AgendaItem.Form.HEAR_AND_REVIEW,
    SupervisionForm.FINANCE: AgendaItem.Form.HEAR_AND_REVIEW,
    SupervisionForm.MAJOR_MATTER: AgendaItem.Form.REVIEW,
    SupervisionForm.PERSONNEL: AgendaItem.Form.REVIEW,
}


def agenda_form(plan_item: PlanItem) -> str:
    """The agenda item's form for a plan item: by its title's verb, else by its main form of supervision."""
    by_title = guess_form(plan_item.title)
    if by_title != AgendaItem.Form.OTHER:
        return by_title
    return _FORM_BY_SUPERVISION.get(plan_item.form, AgendaItem.Form.OTHER)


def agenda_reporting_bodies(plan_item: PlanItem, current_bodies) -> list:
    """Who reports the matter at the meeting: the plan item's reporting bodies; for a matter that has none (entered
    before they were chosen), those its title names, or the government for a plan, budget or draft
    (plans.imports.recognise.matter_reporting_bodies, as the plan imports read titles)."""
    bodies = list(plan_item.reporting_bodies.all())
    return bodies or matter_reporting_bodies(plan_item.title, current_bodies)


def _current_bodies(meeting: Meeting) -> list:
    """The meeting's body's reporting bodies still in existence: those a title without any may name."""
    return list(ReportingBody.objects.filter(body_id=meeting.body_id, valid_to__isnull=True).order_by("order", "id"))


def _next_order(meeting: Meeting) -> int:
    return (AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("order"))["n"] or 0) + 1


def _sync_materials(agenda_item: AgendaItem) -> None:
    from meetings.materials import sync_material_steps

    sync_material_steps(agenda_item)


def _submit(plan_item: PlanItem, meeting: Meeting, by) -> None:
    """The plan item now goes to a meeting: its status follows, and its timeline says which."""
    note = f"列入{meeting.short_title}议程"
    if plan_item.status in (S.NOT_STARTED, S.PREPARING, S.POSTPONED):
        if not (plan_item.to_standing_meeting or plan_item.to_chairpersons_meeting):
            # The office put it on an agenda after all: the plan item now goes to that kind of meeting.
            field = "to_chairpersons_meeting" if meeting.kind == MeetingKind.CHAIRPERSONS else "to_standing_meeting"
            setattr(plan_item, field, True)
            plan_item.save(update_fields=[field])
        change_status(plan_item, S.SUBMITTED, by, note)
    else:
        record_edit(plan_item, by, {"会议": ["", meeting.short_title]}, note)


@transaction.atomic
def add_plan_items(meeting: Meeting, items, by) -> list[AgendaItem]:
    """One agenda item per plan item, in the order given, after the existing ones."""
    created = []
    order = _next_order(meeting)
    current_bodies = _current_bodies(meeting)
    for plan_item in items:
        forms = plan_item.all_forms()  # 专题询问 or 满意度测评 as the main form or besides it
        agenda_item = AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            title=plan_item.title,
            form=agenda_form(plan_item),
            has_inquiry=SupervisionForm.INQUIRY in forms or "专题询问" in plan_item.title,
            has_evaluation=SupervisionForm.EVALUATION in forms or "满意度测评" in plan_item.title,
        )
        agenda_item.plan_items.add(plan_item)
        agenda_item.reporting_bodies.set(agenda_reporting_bodies(plan_item, current_bodies))
        leads = ItemCommittee.objects.filter(item=plan_item, role=ItemCommittee.Role.LEAD).values_list(
            "committee_id", flat=True
        )
        agenda_item.committees.set(list(leads))
        _submit(plan_item, meeting, by)
        _sync_materials(agenda_item)
        created.append(agenda_item)
        order += 1
    return created


def add_adhoc_item(meeting: Meeting, form, by) -> AgendaItem:
    """An item that comes from no plan (人事任免, 代表辞职报告, the congress-convening decision...), from a
    valid AgendaItemForm; see add_item."""
    relations = {name: form.cleaned_data[name] for name in ("reporting_bodies", "committees", "plan_items")}
    return add_item(meeting, form.save(commit=False), by, **relations)


@transaction.atomic
def add_item(meeting: Meeting, agenda_item: AgendaItem, by, *, reporting_bodies, committees, plan_items) -> AgendaItem:
    """Put a validated, unsaved agenda item last on the meeting's agenda (the page and the API both end here);
    its plan items are now submitted to the meeting, and its materials deadlines follow."""
    agenda_item.meeting = meeting
    agenda_item.order = _next_order(meeting)
    agenda_item.save()
    if not reporting_bodies and plan_items:
        # None chosen: those of the plan items it takes up, as when they are added from the plan.
        current_bodies = _current_bodies(meeting)
        reporting_bodies = list(dict.fromkeys(
            b for plan_item in plan_items for b in agenda_reporting_bodies(plan_item, current_bodies)))
    agenda_item.reporting_bodies.set(reporting_bodies)
    agenda_item.committees.set(committees)
    agenda_item.plan_items.set(plan_items)
    if not agenda_item.committees.exists():
        from meetings.materials import default_committee_ids

        agenda_item.committees.set(default_committee_ids(agenda_item))
    for plan_item in agenda_item.plan_items.all():
        _submit(plan_item, meeting, by)
    _sync_materials(agenda_item)
    return agenda_item


@transaction.atomic
def reorder(meeting: Meeting, ordered_ids: list[int]) -> None:
    """Set the printed order; the ids must be exactly the meeting's agenda items."""
    items = {a.pk: a for a in AgendaItem.objects.select_for_update().filter(meeting=meeting)}
    if sorted(ordered_ids) != sorted(items):
        raise ValidationError("议题顺序与当前议程不一致（可能已被他人修改），请刷新页面后重试。")
    for position, pk in enumerate(ordered_ids, start=1):
        if items[pk].order != position:
            items[pk].order = position
            items[pk].save(update_fields=["order"])


@transaction.atomic
def move_item(agenda_item: AgendaItem, target: Meeting, by, reason: str = "") -> AgendaItem:
    source = agenda_item.meeting
    if target.pk == source.pk:
        raise ValidationError("请选择另一次会议。")
    if target.status == Meeting.Status.CANCELLED:
        raise ValidationError(f"{target.short_title}已取消，不能移入议题。")
    agenda_item.meeting = target
    agenda_item.order = _next_order(target)
    agenda_item.save(update_fields=["meeting", "order"])
    _compact(source)
    note = f"议题由{source.short_title}移至{target.short_title}" + (f"：{reason}" if reason else "")
    for plan_item in agenda_item.plan_items.all():
        record_edit(plan_item, by, {"会议": [source.short_title, target.short_title]}, note)
    _sync_materials(agenda_item)
    return agenda_item


@transaction.atomic
def remove_item(agenda_item: AgendaItem, by, reason: str = "") -> None:
    """Take an item off the agenda; its plan items go back to preparation."""
    meeting = agenda_item.meeting
    plan_items = list(agenda_item.plan_items.all())
    agenda_item.delete()
    _compact(meeting)
    note = f"从{meeting.short_title}议程中撤下" + (f"：{reason}" if reason else "")
    for plan_item in plan_items:
        if plan_item.status == S.SUBMITTED and not plan_item.agenda_items.exists():
            change_status(plan_item, S.PREPARING, by, note)
        else:
            record_edit(plan_item, by, {"会议": [meeting.short_title, ""]}, note)


def _compact(meeting: Meeting) -> None:
    for position, agenda_item in enumerate(AgendaItem.objects.filter(meeting=meeting).order_by("order", "id"), 1):
        if agenda_item.order != position:
            agenda_item.order = position
            agenda_item.save(update_fields=["order"])


@transaction.atomic
def record_outcomes(meeting: Meeting, by, *, held_on, in_office, present, outcomes: dict[int, dict]) -> None:
    """What happened: the held date, attendance, and each agenda item's outcome.

    Plan items whose agenda item was heard, reviewed, approved or adopted become 已审议.
    """
    if in_office is not None and present is not None and present > in_office:
        raise ValidationError(f"出席人数（{present}）不能多于组成人员数（{in_office}）。")
    date_moved = meeting.date != held_on
    meeting.date = held_on
    meeting.members_in_office = in_office
    meeting.members_present = present
    meeting.status = Meeting.Status.HELD
    meeting.save()
    done = {AgendaItem.Outcome.HEARD, AgendaItem.Outcome.REVIEWED, AgendaItem.Outcome.APPROVED, AgendaItem.Outcome.ADOPTED}
    for agenda_item in AgendaItem.objects.filter(meeting=meeting).prefetch_related("plan_items"):
        values = outcomes.get(agenda_item.pk)
        if not values:
            continue
        for field in ("outcome", "resolution_title", "appointments", "removals"):
            setattr(agenda_item, field, values.get(field, getattr(agenda_item, field)))
        agenda_item.save(update_fields=["outcome", "resolution_title", "appointments", "removals"])
        if agenda_item.outcome in done:
            for plan_item in agenda_item.plan_items.all():
                if plan_item.status in (S.SUBMITTED, S.PREPARING, S.NOT_STARTED):
                    try:
                        if plan_item.status != S.SUBMITTED:
                            change_status(plan_item, S.SUBMITTED, by, f"列入{meeting.short_title}议程")
                            plan_item.refresh_from_db()
                        change_status(plan_item, S.REVIEWED, by, f"{meeting.short_title}{agenda_item.get_outcome_display()}")
                    except WorkflowError:
                        pass  # a later status (follow-up, done) is kept
    if date_moved:
        from meetings.materials import recompute_meeting

        recompute_meeting(meeting)
