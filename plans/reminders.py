"""What plans and meetings remind people of (collectors for renda/reminders.py).

- materials: each open materials step of a coming meeting, before its date and once overdue, to
  the members of the item's committees and to the office;
- plan_start: plan items whose month begins next month and that have not started, to the members
  of their lead committees;
- agenda: a coming standing-committee meeting whose agenda is not fixed N days before it, to the office.

Cancelled meetings and done steps are never reminded. A step recorded as done after the day asked
about counts as open on that day, so `send_reminders --date` in the past shows what was due then.
"""

from django.db.models import Prefetch, Q

from plans.models import AgendaItem, ItemCommittee, MaterialStep, Meeting, MeetingKind, PlanItem
from plans.models import PlanItemStatus
from renda.reminders import Due, Kind, Reason, path_to, when_words


def materials(ctx):
    days = ctx.config["material_days"]
    steps = (
        MaterialStep.objects.filter(
            agenda_item__meeting__body=ctx.body,
            due__gte=ctx.earliest_due(),
            due__lte=ctx.latest_due(days),
            agenda_item__meeting__date__gte=ctx.day,  # once the meeting has met, its materials are moot
        )
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=ctx.day))
        .exclude(agenda_item__meeting__status=Meeting.Status.CANCELLED)
        .select_related("agenda_item__meeting__term")
        .order_by("due", "agenda_item__meeting_id", "agenda_item__order", "pk")
    )
    steps = list(steps)
    # The items' committees as plain ids, one query (no model objects for thousands of steps).
    committees = {}
    links = AgendaItem.committees.through.objects.filter(agendaitem_id__in={s.agenda_item_id for s in steps})
    for item_id, committee_id in links.values_list("agendaitem_id", "committee_id"):
        committees.setdefault(item_id, []).append(committee_id)
    for step in steps:
        stage = ctx.ladder_step(step.due, days)
        if stage is None:
            continue
        item = step.agenda_item
        meeting = item.meeting
        title = f"{meeting.short_title}议题{item.order}：{step.get_step_display()}{when_words(ctx.day, step.due)}"
        text = f"{meeting.title}（{meeting.date:%Y-%m-%d}）议题：{item.title}"
        url = path_to("meeting-materials", meeting.pk)
        common = dict(kind=Kind.MATERIALS, subject=f"materialstep:{step.pk}", step=stage, title=title,
                      text=text, url=url, due_on=step.due)
        for user in ctx.audience.committee_members(committees.get(item.pk, [])):
            yield Due(recipient_id=user, reason=Reason.COMMITTEE, **common)
        for user in ctx.audience.office():
            yield Due(recipient_id=user, reason=Reason.OFFICE, **common)


def _next_month(day):
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def plan_start(ctx):
    year, month = _next_month(ctx.day)
    leads = Prefetch(
        "responsibilities", queryset=ItemCommittee.objects.filter(role=ItemCommittee.Role.LEAD).only("item_id", "committee_id")
    )
    items = (
        PlanItem.objects.filter(body=ctx.body, year=year, start_month=month, status=PlanItemStatus.NOT_STARTED)
        .prefetch_related(leads)
        .only("pk", "title", "year", "start_month")
        .order_by("pk")
    )
    for item in items:
        title = f"计划事项将于 {year} 年 {month} 月启动，尚未开始：{item.title[:60]}"
        for user in ctx.audience.committee_members([r.committee_id for r in item.responsibilities.all()]):
            yield Due(kind=Kind.PLAN_START, subject=f"planitem:{item.pk}", step=f"start-{year}-{month:02d}",
                      recipient_id=user, reason=Reason.COMMITTEE, title=title, text=item.title,
                      url=path_to("item-detail", item.pk))


def agenda(ctx):
    days = ctx.config["agenda_days"]
    meetings = (
        Meeting.objects.filter(body=ctx.body, kind=MeetingKind.STANDING, date__gte=ctx.day,
                               date__lte=ctx.latest_due([days]))
        .filter(Q(agenda_fixed_on__isnull=True) | Q(agenda_fixed_on__gt=ctx.day))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("term")
        .order_by("date")
    )
    for meeting in meetings:
        title = f"{meeting.short_title}将于 {meeting.date:%Y-%m-%d} 召开，议程尚未确定"
        for user in ctx.audience.office():
            yield Due(kind=Kind.AGENDA, subject=f"meeting:{meeting.pk}", step=f"before-{days}",
                      recipient_id=user, reason=Reason.OFFICE, title=title, text=meeting.title,
                      url=path_to("agenda-builder", meeting.pk), due_on=meeting.date)
