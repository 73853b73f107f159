"""What the plan's two import APIs (import_views: Excel, word_import_views: Word) share: the job's status
fields, the listing and reading of the jobs, and the commit's answers. The engine is core.imports.engine."""

from rest_framework import serializers, status, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core.api.views import BodyScopedViewSetMixin
from core.imports import CommitRefused, engine
from core.models import BackgroundJob


class ImportJobStatusSerializer(serializers.Serializer):
    # what engine.job_status answers
    id = serializers.IntegerField()
    status = serializers.CharField(help_text="pending 待确认，running 导入中，done 已导入，failed 失败（可再次提交）")
    status_label = serializers.CharField()
    progress = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.IntegerField()
    message = serializers.CharField()
    plan_url = serializers.CharField(allow_null=True)


def job_payload_base(importer, job, **head) -> dict:
    """The job's status, then `head` (the import's own parameters), then what every preview tells."""
    preview = (job.result or {}).get("preview") or {}
    return {
        **engine.job_status(importer, job), **head,
        "created_at": job.created_at, "finished_at": job.finished_at,
        "can_commit": bool(preview.get("can_commit")) and job.status in (BackgroundJob.Status.PENDING,
                                                                          BackgroundJob.Status.FAILED),
        "error_count": preview.get("error_count", 0), "warning_count": preview.get("warning_count", 0),
        "plan": preview.get("plan", {}), "counts": preview.get("counts", {}),
        "summary": (job.result or {}).get("summary"),
    }


class ImportJobViewSet(BodyScopedViewSetMixin, viewsets.GenericViewSet):
    # One import's jobs (importer), answered by job_payload(job, full). No docstrings here: drf-spectacular
    # would take them as the subclasses' descriptions.
    importer = None
    queryset = BackgroundJob.objects.none()  # tells the schema the model; get_queryset serves requests
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filter_backends = []
    lookup_url_kwarg = "job_id"

    @staticmethod
    def job_payload(job, full: bool = True) -> dict:
        raise NotImplementedError

    def get_queryset(self):
        return BackgroundJob.objects.filter(kind=self.importer.kind).order_by("-created_at")

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([self.job_payload(job, full=False) for job in page])

    def retrieve(self, request, job_id=None):
        return Response(self.job_payload(engine.get_job(self.importer, job_id)))

    def commit_job(self, request, job, params: dict | None = None, **extra) -> Response:
        # 200 done, 202 queued, 400 the errors that remain, 409 closed or failed; `extra` joins the payload.
        try:
            outcome = engine.start_commit(self.importer, job, user=request.user, params=params)
        except CommitRefused as e:
            if e.code == "errors":
                problems = [p for p in (e.preview or {}).get("problems", []) if p["level"] == "error"]
                return Response({"detail": e.message, "problems": problems}, status=status.HTTP_400_BAD_REQUEST)
            return Response({"detail": e.message}, status=status.HTTP_409_CONFLICT)
        job.refresh_from_db()
        if outcome == "failed":
            return Response({"detail": job.message}, status=status.HTTP_409_CONFLICT)
        code = status.HTTP_200_OK if outcome == "done" else status.HTTP_202_ACCEPTED
        return Response({**self.job_payload(job), **extra}, status=code)
