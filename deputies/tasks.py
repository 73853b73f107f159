"""Background work for deputy work. Tasks take ids and return JSON, never model objects."""

from celery import shared_task
from django_scopes import scopes_disabled

from core.imports.engine import run_commit
from core.list_exports import run_list_export
from core.models import BackgroundJob
from deputies.imports import IMPORTS


@shared_task(time_limit=600, soft_time_limit=540)
def commit_import(job_id: int) -> str:
    """Commit a claimed roster or suggestion import (BackgroundJob kind "deputy_import" | "suggestion_import").

    The import is found by the job's kind; core.imports.engine.run_commit opens the job's body scope.
    """
    with scopes_disabled():
        kind = BackgroundJob.objects.filter(pk=job_id).values_list("kind", flat=True).first()
    if kind not in IMPORTS:
        return "missing"
    return run_commit(IMPORTS[kind], job_id)


@shared_task(time_limit=600, soft_time_limit=540)
def export_suggestion_list(job_id: int) -> dict:
    """Make the suggestion list file of a BackgroundJob: the rows its creator could see, filtered alike."""
    from types import SimpleNamespace

    from deputies.filtersets import SuggestionFilterSet
    from deputies.models import Suggestion
    from deputies.permissions import visible_suggestions
    from deputies.suggestions.exports import SuggestionExporter

    def build(job, query):
        request = SimpleNamespace(renda_body=job.body, user=job.created_by)
        rows = visible_suggestions(job.created_by, Suggestion.objects.all()) if job.created_by else None
        if rows is None:
            raise ValueError("导出人账号已不存在")
        filterset = SuggestionFilterSet(query, queryset=rows, request=request)
        if not filterset.is_valid():
            raise ValueError("筛选条件有误")
        return SuggestionExporter(filterset.qs, filterset=filterset)

    return run_list_export(job_id, build)
