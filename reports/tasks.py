"""Background work across the apps: a body's year in counts. Tasks take ids and return JSON, never model
objects."""
from celery import shared_task
from django.db.models import Count, Q
from django_scopes import scope

from core.models import Body
from meetings.models import Meeting, MeetingKind
from plans.models import AnnualPlan, PlanItem


@shared_task(time_limit=120, soft_time_limit=100)
def summarise_year(body_id: int, year: int) -> dict:
    """Counts for one body's year: plans, items by status, standing-committee meetings and their agenda items."""
    body = Body.objects.get(pk=body_id)
    with scope(body=body):
        meetings = Meeting.objects.filter(year=year, kind=MeetingKind.STANDING).annotate(
            agenda_count=Count("agenda_items")
        )
        items = PlanItem.objects.filter(year=year)
        by_status = dict(items.values_list("status").annotate(n=Count("id")).order_by())
        return {
            "body": body.name,
            "year": year,
            "plans": AnnualPlan.objects.filter(year=year).count(),
            "plan_items": items.count(),
            "plan_items_by_status": by_status,
            "standing_meetings": {str(m.number): m.agenda_count for m in meetings},
            "items_on_agendas": items.filter(~Q(agenda_items=None)).distinct().count(),
        }
