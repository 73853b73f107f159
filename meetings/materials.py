"""The materials deadline ladder of agenda items that hear a report: created, moved, recorded, counted.

Every agenda item that hears a report (AgendaItem.hears_report) of a meeting with a date gets one
MaterialStep per rung of the body's ladder (meetings.materials.ladder_dues): research may start, findings
to the reporting body, report to the committee, the committee's answer, revised report to the
standing committee, materials to the members. Dues are counted back from the meeting date.

Call these wherever the inputs change (there is no signal; the calls are explicit):

- ``sync_material_steps(agenda_item)`` after an agenda item is created or its title/form changes;
- ``recompute_meeting(meeting)`` after a meeting's date changes (or its agenda is rebuilt), and
  after a body's rules change (``recompute_body``).

Done steps are history: they are never moved and never removed. Open steps follow the date.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from core.models import Committee
from core.rules import rules_for
from meetings.models import AgendaItem, MaterialStep, Meeting
from plans.models import ItemCommittee
from plans.workflow import record_edit

S = MaterialStep.Step

# Whose job each step is: the responsible committee, the reporting body, or the office.
COMMITTEE, REPORTING_BODY, OFFICE = "committee", "reporting_body", "office"
STEP_OWNER = {
    S.RESEARCH_START: COMMITTEE,
    S.FINDINGS: COMMITTEE,
    S.REPORT_DRAFT: REPORTING_BODY,
    S.COMMITTEE_ANSWER: COMMITTEE,
    S.REVISED_REPORT: REPORTING_BODY,
    S.MATERIALS: OFFICE,
}


# --- keeping the steps in line with the meeting ---------------------------------------------------


def _sync(agenda_item: AgendaItem, dues: dict[str, date] | None, existing: list[MaterialStep]):
    """Bring one item's steps in line; `dues` is None when the item should have no open steps."""
    if dues is None:
        stale = [s.pk for s in existing if s.done_on is None]
        if stale:
            MaterialStep.objects.filter(pk__in=stale).delete()
        return [s for s in existing if s.done_on is not None]
    by_step = {s.step: s for s in existing}
    moved = []
    for step in by_step.values():
        if step.done_on is None and step.step in dues and step.due != dues[step.step]:
            step.due = dues[step.step]
            moved.append(step)
    if moved:
        MaterialStep.objects.bulk_update(moved, ["due"])
    new = [MaterialStep(agenda_item=agenda_item, step=s, due=d) for s, d in dues.items() if s not in by_step]
    if new:
        MaterialStep.objects.bulk_create(new)
    return sorted([*by_step.values(), *new], key=lambda s: (s.due, s.step))


def _dues_for(meeting: Meeting) -> dict[str, date] | None:
    return ladder_dues(meeting.body, meeting.date) if meeting.date else None


def sync_material_steps(agenda_item: AgendaItem) -> list[MaterialStep]:
    """Create the item's missing steps and move its open ones to the meeting's current date.

    No open steps when the meeting has no date or the item does not hear a report (open steps
    left from before are removed); done steps are kept as they were. Returns the item's steps.
    """
    meeting = agenda_item.meeting
    dues = _dues_for(meeting) if agenda_item.hears_report else None
    with transaction.atomic():
        existing = list(MaterialStep.objects.filter(agenda_item=agenda_item))
        return _sync(agenda_item, dues, existing)


def recompute_meeting(meeting: Meeting) -> None:
    """Sync every agenda item of the meeting: call after its date changes or its agenda is rebuilt."""
    dues = _dues_for(meeting)  # the rules are read once for the whole meeting
    with transaction.atomic():
        items = list(AgendaItem.objects.filter(meeting=meeting))
        steps: dict[int, list[MaterialStep]] = {item.pk: [] for item in items}
        for step in MaterialStep.objects.filter(agenda_item__meeting=meeting):
            steps[step.agenda_item_id].append(step)
        for item in items:
            _sync(item, dues if item.hears_report else None, steps[item.pk])


def recompute_body(body, since: date | None = None) -> int:
    """After a body's rules change: recompute its meetings dated on or after `since` (default today)."""
    since = since or timezone.localdate()
    meetings = list(Meeting.objects.filter(body=body, date__gte=since).select_related("body"))
    for meeting in meetings:
        recompute_meeting(meeting)
    return len(meetings)


def recompute_after_rules_change(sender, body, **kwargs) -> int:
    """core.signals.body_rules_saved: the coming meetings' open deadlines follow the new rules."""
    return recompute_body(body)


# --- who prepares an item ---------------------------------------------------------------------------

PERSONNEL_COMMITTEE = "选联工委"


def default_committee_ids(agenda_item: AgendaItem) -> set[int]:
    """The committees that prepare an item: the lead committees of its plan items.

    Items outside the plans have none, except personnel (人事任免) and deputy (代表) matters,
    which go to the personnel committee (选联工委) when the body has one.
    """
    leads = {
        r.committee_id
        for plan_item in agenda_item.plan_items.all()
        for r in plan_item.responsibilities.all()
        if r.role == ItemCommittee.Role.LEAD
    }
    if not leads and any(word in agenda_item.title for word in ("人事任免", "代表")):
        personnel = Committee.objects.filter(
            body_id=agenda_item.meeting.body_id, short_name=PERSONNEL_COMMITTEE
        ).values_list("pk", flat=True).first()
        if personnel:
            leads = {personnel}
    return leads


# --- recording a step -----------------------------------------------------------------------------


class MaterialError(ValueError):
    """A record the rules do not allow; the message is for the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def record_step(step: MaterialStep, by, done_on: date, note: str = "", document=None) -> MaterialStep:
    """Record when a step happened, and put it on the timeline of the item's plan items."""
    if done_on is None:
        raise MaterialError("请填写完成日期。", field="done_on")
    if done_on > timezone.localdate():
        raise MaterialError("完成日期不能晚于今天。", field="done_on")
    note = (note or "").strip()[:200]
    label = step.get_step_display()
    before = f"{label}：已完成 {step.done_on.isoformat()}" if step.done_on else ""
    after = f"{label}：已完成 {done_on.isoformat()}"
    with transaction.atomic():
        step.done_on = done_on
        step.done_by = by if getattr(by, "is_authenticated", False) else None
        step.note = note
        step.recorded_at = timezone.now()
        fields = ["done_on", "done_by", "note", "recorded_at"]
        if document:
            step.document = document
            fields.append("document")
        step.save(update_fields=fields)
        if before != after:
            for plan_item in step.agenda_item.plan_items.all():
                record_edit(plan_item, by, {"材料": [before, after]}, note)
    return step


# --- readiness ------------------------------------------------------------------------------------


@dataclass
class LateStep:
    step: MaterialStep
    agenda_item: AgendaItem
    whose: str  # in words: the committee(s), the reporting body(ies) or 常委会办公室


@dataclass
class Readiness:
    """Steps done out of steps due (due on or before `day`), and the late ones with whose they are."""

    day: date
    due: int = 0
    done: int = 0
    total: int = 0
    late: list[LateStep] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.done}/{self.due}"

    @property
    def complete(self) -> bool:
        return self.done == self.due


def step_owner(step: MaterialStep, agenda_item: AgendaItem | None = None) -> str:
    """Whose job the step is, in words. Reads prefetched committees/reporting bodies when present."""
    item = agenda_item or step.agenda_item
    owner = STEP_OWNER[step.step]
    if owner == OFFICE:
        return "常委会办公室"
    if owner == REPORTING_BODY:
        return "、".join(r.name for r in item.reporting_bodies.all()) or "报告单位"
    return "、".join(c.short_name for c in item.committees.all()) or "负责工委（未指定）"


def _step_queryset():
    return MaterialStep.objects.select_related("agenda_item").prefetch_related(
        Prefetch("agenda_item__committees", queryset=Committee.objects.order_by("order")),
        "agenda_item__reporting_bodies",
    )


def readiness_for_meetings(meetings, day: date | None = None) -> dict[int, Readiness]:
    """Readiness of many meetings (objects or ids) in a constant number of queries (three).

    For the calendar: ``readiness_for_meetings(meetings)[meeting.pk].label`` is "x/y".
    Meetings without steps get an empty Readiness (0/0).
    """
    day = day or timezone.localdate()
    ids = [getattr(m, "pk", m) for m in meetings]
    result = {pk: Readiness(day=day) for pk in ids}
    if not ids:
        return result
    steps = _step_queryset().filter(agenda_item__meeting__in=ids).order_by("due", "agenda_item__order", "id")
    for step in steps:
        r = result[step.agenda_item.meeting_id]
        r.total += 1
        if step.due <= day:
            r.due += 1
            if step.done_on is not None:
                r.done += 1
        if step.is_overdue(day):
            r.late.append(LateStep(step=step, agenda_item=step.agenda_item, whose=step_owner(step)))
    return result


def meeting_readiness(meeting, day: date | None = None) -> Readiness:
    return readiness_for_meetings([meeting], day)[getattr(meeting, "pk", meeting)]


def ladder(body) -> list[tuple[str, int]]:
    """(step, days before the meeting), earliest first."""
    r = rules_for(body)
    S = MaterialStep.Step
    return [
        (S.RESEARCH_START, r.research_start_days),
        (S.FINDINGS, r.findings_days),
        (S.REPORT_DRAFT, r.report_draft_days),
        (S.COMMITTEE_ANSWER, r.committee_answer_days),
        (S.REVISED_REPORT, r.revised_report_days),
        (S.MATERIALS, r.materials_days),
    ]


def ladder_dues(body, meeting_date: date) -> dict[str, date]:
    return {step: meeting_date - timedelta(days=days) for step, days in ladder(body)}
