"""Background work for plans. Tasks take ids and return JSON, never model objects."""

from celery import shared_task
from django.db.models import Count, Q
from django_scopes import scope

from plans.models import AnnualPlan, Body, Meeting, MeetingKind, PlanItem


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


@shared_task(time_limit=600, soft_time_limit=540)
def export_item_list(job_id: int) -> dict:
    """Make the item list file of a BackgroundJob (the list's query string is in job.params)."""
    from plans.exports import PlanItemListExporter
    from plans.filtersets import PlanItemFilterSet
    from renda.list_exports import run_list_export

    def build(job, query):
        filterset = PlanItemFilterSet(query, queryset=PlanItemListExporter.base_queryset())
        if not filterset.is_valid():
            raise ValueError("筛选条件有误")
        return PlanItemListExporter(filterset.qs)

    return run_list_export(job_id, build)


@shared_task(time_limit=600, soft_time_limit=540)
def commit_plan_import(job_id: int) -> str:
    """Commit a claimed plan import (BackgroundJob kind "plan_import"); opens the job's body scope itself."""
    from plans.imports.jobs import run_commit

    return run_commit(job_id)
