"""What plans remind people of (collectors for core/reminders.py, registered in plans/apps.py).

- plan_start: plan items whose month begins next month and that have not started, to the members
  of their lead committees (meetings/reminders.py has the materials and agenda reminders).
"""

from django.db.models import Prefetch

from core.reminders import Due, Kind, Reason, path_to
from plans.models import ItemCommittee, PlanItem, PlanItemStatus


def _next_month(day):
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def plan_start(ctx):
    year, month = _next_month(ctx.day)
    leads = Prefetch(
        "responsibilities", queryset=ItemCommittee.objects.filter(role=ItemCommittee.Role.LEAD).only("item_id", "committee_id")
    )
    items = (
        PlanItem.objects.tasks()  # a principle or an aim has nothing to start
        .filter(body=ctx.body, year=year, start_month=month, status=PlanItemStatus.NOT_STARTED)
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


