"""Downloads: a plan as its 主要工作安排表, and the background jobs that make long exports.

Every logged-in user of the body may export what they may read; the body scope opened by the
middleware makes another body's plan a 404.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from core.exporters import export_response, file_response
from core.models import BackgroundJob
from core.roles import is_body_admin
from plans.exports import PlanWorkbookExporter
from plans.models import AnnualPlan

JOB_POLL_SECONDS = 2


def plan_export(request, pk):
    plan = get_object_or_404(AnnualPlan, pk=pk)
    return export_response(PlanWorkbookExporter(plan))


def _job_for_user(request, pk) -> BackgroundJob:
    job = get_object_or_404(BackgroundJob, pk=pk)
    # The body's administrators see every job of their body (the scoped query keeps it to the body).
    if job.created_by_id != request.user.pk and not is_body_admin(request.user):
        raise Http404
    return job


def job_detail(request, pk):
    """The job's progress; the page reloads itself (Refresh header, no script) until it ends."""
    job = _job_for_user(request, pk)
    finished = job.status in (BackgroundJob.Status.DONE, BackgroundJob.Status.FAILED)
    download = reverse("job-download", kwargs={"pk": job.pk}) if job.status == BackgroundJob.Status.DONE else None
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "id": job.pk,
                "status": job.status,
                "progress": job.progress,
                "total": job.total,
                "percent": job.percent,
                "message": job.message,
                "download": download,
            }
        )
    response = render(request, "jobs/job_detail.html", {"job": job, "download": download, "finished": finished})
    if not finished:
        response["Refresh"] = str(JOB_POLL_SECONDS)
    return response


def job_download(request, pk):
    job = _job_for_user(request, pk)
    if job.status != BackgroundJob.Status.DONE or not job.output_file:
        raise Http404
    with job.output_file.open("rb") as handle:
        data = handle.read()
    result = job.result or {}
    return file_response(
        data,
        result.get("filename") or job.output_file.name.rsplit("/", 1)[-1],
        result.get("content_type") or "application/octet-stream",
        result.get("ascii_filename"),
    )
