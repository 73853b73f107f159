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
    from django.core.files.base import ContentFile
    from django.http import QueryDict
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from plans.exports import PlanItemListExporter
    from plans.filtersets import PlanItemFilterSet
    from renda.models import BackgroundJob

    with scopes_disabled():
        job = BackgroundJob.objects.select_related("body").get(pk=job_id)
    with scope(body=job.body):
        BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.RUNNING)
        try:
            filterset = PlanItemFilterSet(
                QueryDict(job.params.get("query", "")), queryset=PlanItemListExporter.base_queryset()
            )
            if not filterset.is_valid():
                raise ValueError("筛选条件有误")
            rows = filterset.qs
            total = rows.count()

            def progress(done, _total):
                BackgroundJob.objects.filter(pk=job.pk).update(progress=done, total=total)

            exporter = PlanItemListExporter(rows)
            data = exporter.render(progress=progress, total=total)
            job.refresh_from_db()
            job.output_file.save(exporter.ascii_filename(), ContentFile(data), save=False)
            job.status = BackgroundJob.Status.DONE
            job.progress = job.total = total
            job.result = {
                "filename": exporter.filename(),
                "ascii_filename": exporter.ascii_filename(),
                "content_type": exporter.content_type,
                "rows": total,
            }
            job.finished_at = timezone.now()
            job.save()
            return {"job": job.pk, "rows": total}
        except Exception as error:
            BackgroundJob.objects.filter(pk=job.pk).update(
                status=BackgroundJob.Status.FAILED, message=str(error)[:500], finished_at=timezone.now()
            )
            raise


@shared_task(time_limit=600, soft_time_limit=540)
def commit_plan_import(job_id: int) -> str:
    """Commit a claimed plan import (BackgroundJob kind "plan_import"); opens the job's body scope itself."""
    from plans.imports.jobs import run_commit

    return run_commit(job_id)
