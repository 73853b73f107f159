"""The list-view base: a FilterSet over a queryset, paginated, with the filters kept in the URL.

With an `exporter_class`, the same list answers `?export=<extension>` (e.g. `?export=xlsx`) with
a file of exactly the rows the filters select. Up to ASYNC_EXPORT_ROWS rows the file is made in
the request; longer lists become a BackgroundJob run by the exporter's Celery task, and the user
is sent to the job's page, which polls until the file is ready.
"""

from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string

from renda.exporters import export_response

ASYNC_EXPORT_ROWS = 2000


def render_filtered_list(
    request, queryset, filterset_class, template, context=None, per_page=50, exporter_class=None, rows_for_page=None
):
    """`rows_for_page(objects)`, when given, turns the page's objects into what the template shows."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    valid = not filterset.is_bound or filterset.is_valid()
    rows = filterset.qs if filterset.is_bound and valid else queryset
    if exporter_class is not None and request.GET.get("export") == exporter_class.extension:
        if not valid:
            # The page shows every row with the errors; a file must never hold more than asked for.
            return HttpResponseBadRequest("筛选条件有误，无法导出。".encode(), content_type="text/plain; charset=utf-8")
        return export_list(request, rows, exporter_class)
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        template,
        {
            "filterset": filterset,
            "page": page,
            "rows": rows_for_page(page.object_list) if rows_for_page else page.object_list,
            "query": query.urlencode(),
            "export_formats": [exporter_class.extension] if exporter_class else [],
            **(context or {}),
        },
    )


def export_list(request, rows, exporter_class):
    """The filtered rows as a file now, or as a background job when there are many."""
    task_path = getattr(exporter_class, "async_task", None)
    if task_path:
        total = rows.count()
        if total > ASYNC_EXPORT_ROWS:
            from renda.models import BackgroundJob

            query = request.GET.copy()
            query.pop("export", None)
            query.pop("page", None)
            job = BackgroundJob.objects.create(
                body=request.renda_body,
                kind=exporter_class.identifier,
                total=total,
                params={"query": query.urlencode()},
                created_by=request.user,
            )
            task = import_string(task_path)
            transaction.on_commit(lambda: task.delay(job.pk))
            return redirect("job-detail", pk=job.pk)
    return export_response(exporter_class(rows))
