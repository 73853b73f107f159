"""The list-view base: a FilterSet over a queryset, paginated, with the filters kept in the URL.

With a `table` (core.tables.Table), the page's rows are the table's: its columns, as the user chose
them (?columns=), with sort links where the FilterSet orders; templates/_table.html draws it. With an
`exporter_class` (a core.tables.TableExporter of that table), the same list answers
`?export=<extension>` (e.g. `?export=xlsx`) with a file of exactly the rows the filters select, in
the columns the page shows when the user chose them. Up to ASYNC_EXPORT_ROWS rows the file is made in
the request; longer lists become a BackgroundJob run by the exporter's Celery task, and the user
is sent to the job's page, which polls until the file is ready.
"""

from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string

from core.exporters import export_response
from core.tables import COLUMNS_PARAM

# A styled row costs ~1 ms: 2000 rows held a web worker for seconds under load (bench/load.py).
ASYNC_EXPORT_ROWS = 500


def render_filtered_list(
    request, queryset, filterset_class, template, context=None, per_page=50, exporter_class=None, table=None
):
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    valid = not filterset.is_bound or filterset.is_valid()
    # A list with a bad filter shows nothing rather than everything: the count must mean what it says.
    rows = (filterset.qs if filterset.is_bound else queryset) if valid else queryset.none()
    if table is not None:
        table.bind(request, filterset)
    if valid and exporter_class is not None and request.GET.get("export") == exporter_class.extension:
        return export_list(request, rows, exporter_class, table)
    page = Paginator(table.select(rows) if table is not None else rows, per_page).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {
            "filterset": filterset,
            "filter_errors": filter_errors(filterset) if not valid else [],
            "page": page,
            "table": table,
            "rows": table.rows(page.object_list) if table is not None else page.object_list,
            # The column choice is left out: it is remembered in the session, and is no filter.
            "query": query_without(request, "page", "export", COLUMNS_PARAM),
            "export_formats": [exporter_class.extension] if exporter_class else [],
            **(context or {}),
        },
    )


def query_without(request, *names) -> str:
    """The page's query string without `names` (a pager's or an export's own parameters)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def filter_errors(filterset) -> list[str]:
    """Each problem with its field's label, as the user saw the field."""
    fields = filterset.form.fields
    return [
        f"{fields[name].label if name in fields else name}：{'；'.join(errors)}"
        for name, errors in filterset.form.errors.items()
    ]


def export_list(request, rows, exporter_class, table=None):
    """The filtered rows as a file now, or as a background job when there are many."""
    task_path = getattr(exporter_class, "async_task", None)
    if task_path:
        total = rows.count()
        if total > ASYNC_EXPORT_ROWS:
            from core.models import BackgroundJob

            query = request.GET.copy()
            for name in ("export", "page"):
                query.pop(name, None)
            if table is not None and table.chosen and COLUMNS_PARAM not in query:
                query.setlist(COLUMNS_PARAM, table.chosen)  # chosen earlier, remembered in the session
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
    exporter = exporter_class(rows, table=table) if table is not None else exporter_class(rows)
    return export_response(exporter)
