"""Run a long list export as a BackgroundJob: the list's query string is in job.params["query"].

`build(job, query)` returns the exporter for the job's rows (inside the job's body scope); a table's
exporter is given the columns the user had chosen (`columns` in the query, core.tables). Its
render(progress=...) may report progress, and the file lands on job.output_file.
"""

import inspect

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from core.models import BackgroundJob
from core.tables import COLUMNS_PARAM


def run_list_export(job_id: int, build) -> dict:
    from django.http import QueryDict

    with scopes_disabled():
        job = BackgroundJob.objects.select_related("body", "created_by").get(pk=job_id)
    with scope(body=job.body):
        BackgroundJob.objects.filter(pk=job.pk).update(status=BackgroundJob.Status.RUNNING)
        try:
            query = QueryDict(job.params.get("query", ""))
            exporter = build(job, query)
            if COLUMNS_PARAM in query and hasattr(exporter, "choose_columns"):
                exporter.choose_columns(query.getlist(COLUMNS_PARAM))
            total = exporter.queryset.count()

            def progress(done, _total):
                BackgroundJob.objects.filter(pk=job.pk).update(progress=done, total=total)

            takes_progress = "progress" in inspect.signature(exporter.render).parameters
            data = exporter.render(progress=progress, total=total) if takes_progress else exporter.render()
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
