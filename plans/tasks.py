"""Background work for plans. Tasks take ids and return JSON, never model objects."""

from celery import shared_task

from core.imports.engine import run_commit
from core.list_exports import run_list_export
from plans.imports.jobs import PLAN_IMPORT


@shared_task(time_limit=600, soft_time_limit=540)
def export_item_list(job_id: int) -> dict:
    """Make the item list file of a BackgroundJob (the list's query string is in job.params)."""
    from plans.exports import PlanItemListExporter
    from plans.filtersets import PlanItemFilterSet

    def build(job, query):
        filterset = PlanItemFilterSet(query, queryset=PlanItemListExporter.base_queryset())
        if not filterset.is_valid():
            raise ValueError("筛选条件有误")
        return PlanItemListExporter(filterset.qs, filterset=filterset)

    return run_list_export(job_id, build)


@shared_task(time_limit=600, soft_time_limit=540)
def commit_plan_import(job_id: int) -> str:
    """Commit a claimed plan import (BackgroundJob kind "plan_import"); the engine opens the job's body scope."""
    return run_commit(PLAN_IMPORT, job_id)
