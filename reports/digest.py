"""The directors' weekly digest: what is overdue, what falls due in the next two weeks, and how
ready the next meeting is. One notification per reader and ISO week, from the configured weekday
on (a run later in the week still sends it; a second run that week does not)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse

from core.models import Notification
from core.reminders import Due, Kind
from deputies.models import Suggestion
from deputies.reminders import awaiting_reply_on
from meetings.models import MaterialStep, Meeting, MeetingKind
from supervision.models import Rectification, ReviewOpinion


def _counts(body, day, ahead):
    """(label, overdue, due within `ahead` days) per kind of deadline, a couple of queries each."""
    until = day + timedelta(days=ahead)
    sources = [
        ("会议材料报送环节",
         MaterialStep.objects.filter(agenda_item__meeting__body=body, agenda_item__meeting__date__gte=day)
         .exclude(agenda_item__meeting__status=Meeting.Status.CANCELLED)
         .filter(Q(done_on__isnull=True) | Q(done_on__gt=day)), "due"),
        ("代表建议答复",
         Suggestion.objects.filter(body=body).filter(awaiting_reply_on(day)),
         "reply_due_on"),
        ("审议意见反馈",
         ReviewOpinion.objects.filter(agenda_item__meeting__body=body, sent_on__lte=day)
         .filter(Q(response_on__isnull=True) | Q(response_on__gt=day)), "due_on"),
        ("整改",
         Rectification.objects.filter(body=body).filter(Q(status=Rectification.Status.OPEN) | Q(closed_on__gt=day)),
         "due_on"),
    ]
    counted = []
    for label, rows, field in sources:  # one query each: overdue and due soon together
        n = rows.aggregate(late=Count("pk", filter=Q(**{f"{field}__lt": day})),
                           soon=Count("pk", filter=Q(**{f"{field}__gte": day, f"{field}__lte": until})))
        counted.append((label, n["late"], n["soon"]))
    return counted


def _next_meeting_lines(body, day):
    meeting = (
        Meeting.objects.filter(body=body, kind=MeetingKind.STANDING, date__gte=day)
        .exclude(status=Meeting.Status.CANCELLED).select_related("term").order_by("date").first()
    )
    if meeting is None:
        return ["下次常委会会议：尚未确定日期。"]
    # Counted as meetings.materials.readiness_for_meetings counts them, in one query.
    done = Q(done_on__isnull=False, done_on__lte=day)
    steps = MaterialStep.objects.filter(agenda_item__meeting=meeting).aggregate(
        n_due=Count("pk", filter=Q(due__lte=day)), n_done=Count("pk", filter=Q(due__lte=day) & done),
        n_late=Count("pk", filter=Q(due__lt=day) & ~done),
    )
    fixed = meeting.agenda_fixed_on and meeting.agenda_fixed_on <= day
    return [
        f"下次常委会会议：{meeting.title}，{meeting.date:%Y-%m-%d}（{(meeting.date - day).days} 天后）",
        f"议题 {meeting.agenda_items.count()} 项，议程{'已确定' if fixed else '尚未确定'}；"
        f"截至今天应完成的材料环节已完成 {steps['n_done']}/{steps['n_due']}，逾期 {steps['n_late']} 个。",
    ]


def digest_text(body, day, ahead) -> tuple[str, str]:
    """The digest's title and text for a body on a day."""
    counts = _counts(body, day, ahead)
    overdue = sum(c[1] for c in counts)
    soon = sum(c[2] for c in counts)
    lines = [f"截至 {day:%Y-%m-%d}："]
    lines += [f"· {label}：逾期 {late} 项，{ahead} 天内到期 {due} 项" for label, late, due in counts]
    lines += _next_meeting_lines(body, day)
    return f"每周工作提示：逾期 {overdue} 项，{ahead} 天内到期 {soon} 项", "\n".join(lines)


def weekly_digest(ctx):
    if ctx.day.isoweekday() < ctx.config["digest_weekday"]:
        return
    readers = ctx.audience.digest_readers()
    if not readers:
        return
    year, week, _ = ctx.day.isocalendar()
    subject, step = f"digest:{ctx.body.pk}", f"{year}-W{week:02d}"
    # Later in the week it has usually gone out already: then it is not worked out again.
    sent = set(Notification.objects.filter(subject=subject, step=step).values_list("recipient_id", "reason"))
    readers = [r for r in readers if r not in sent]
    if not readers:
        return
    title, text = digest_text(ctx.body, ctx.day, ctx.config["digest_ahead_days"])
    for user, reason in readers:
        yield Due(kind=Kind.DIGEST, subject=subject, step=step,
                  recipient_id=user, reason=reason, title=title, text=text, url=reverse("home"))
