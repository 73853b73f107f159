"""What meetings remind people of: materials deadlines and agendas not yet fixed (collectors for
core/reminders.py, registered in meetings/apps.py)."""

from django.db.models import Q

from core.reminders import Due, Kind, Reason, path_to, when_words
from meetings.models import AgendaItem, MaterialStep, Meeting, MeetingKind


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
