"""API of the Word import, office only: a .docx or the text → the preview, corrected field by field, committed.

    POST /api/v1/plan-word-imports/                  multipart: file (.docx), [kind], [year]
                                                     or JSON: {"text", [kind], [year]} → 201 the preview
    GET  /api/v1/plan-word-imports/                  the body's Word imports, newest first
    GET  /api/v1/plan-word-imports/<id>/             the import with its preview (and its summary once committed)
    POST /api/v1/plan-word-imports/<id>/preview/     {"corrections": {"rows": {"<item>": {field: value}}, "kind",
                                                     "year"}, "replace": false, "revision": n} → the preview again
                                                     | 400 the refused correction, item and field named | 409
    POST /api/v1/plan-word-imports/<id>/commit/      → 200 the summary | 400 errors remain | 409 already committed
The same reading, checks and commit as the pages (plans.imports.word_import.WORD_PLAN_IMPORT, run by
core.imports.engine). Corrections add to those kept (a field sent again replaces its value); "replace": true
drops the kept ones first. "revision", when sent, must be the import's current one (else 409: someone corrected
it meanwhile).
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from core.bodies import body_for_user
from core.imports import CommitRefused, ImportFileError, engine, read_upload
from plans.api.import_jobs import ImportJobStatusSerializer, ImportJobViewSet, job_payload_base
from plans.api.import_views import ErrorSerializer, ProblemSerializer
from plans.imports.word_import import (
    WORD_PLAN_IMPORT,
    CorrectionRefused,
    check_corrections,
    clean_text,
    merge_corrections,
    text_of_file,
)
from plans.models import PlanKind
from plans.permissions import plan_import_refusal

PASTED = "粘贴的文字"


class CanImportWordPlans(BasePermission):
    message = "只有办公室可以从 Word 文件导入年度计划。"

    def has_permission(self, request, view):
        reason = plan_import_refusal(request.user, body_for_user(request.user), "Word")
        if reason:
            self.message = reason
            return False
        return True


class _Choice(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlanKind.choices, required=False, allow_null=True, allow_blank=True,
                                   help_text="计划类别；不填则按文字识别")
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False, allow_null=True,
                                    help_text="年度；不填则按文字中写的年度")


class WordUploadSerializer(_Choice):
    file = serializers.FileField(help_text="计划的 Word 文件（.docx）")


class WordTextSerializer(_Choice):
    text = serializers.CharField(trim_whitespace=False, help_text="计划的全文")


@extend_schema_field(OpenApiTypes.OBJECT)
class CorrectionsField(serializers.Field):
    """{"rows": {"<item>": {field: value}}, "kind", "year"}: checked against the preview by the view."""

    default_error_messages = {"invalid": '应为 JSON 对象，如 {{"rows": {{"3": {{"title": "…", "start_month": 5}}}}}}。'}

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


class WordPreviewRequestSerializer(serializers.Serializer):
    corrections = CorrectionsField(required=False, help_text="字段：title、focus、section、number、form、extra_forms、"
                                   "timing_kind、start_month、end_month、quarter、timing_note、to_standing_meeting、"
                                   "to_chairpersons_meeting、leads、helpers、all_committees_help、reporting_bodies、link")
    replace = serializers.BooleanField(default=False, help_text="先清除已保存的更正")
    revision = serializers.IntegerField(required=False, min_value=0, help_text="读取预览时的 revision；不符则 409")


class WordImportSummarySerializer(ImportJobStatusSerializer):
    """A Word import as listed."""

    kind = serializers.CharField(allow_null=True, help_text="计划类别（含更正）")
    year = serializers.IntegerField(allow_null=True)
    source = serializers.CharField(help_text="docx 或 paste")
    filename = serializers.CharField()
    revision = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    can_commit = serializers.BooleanField()
    error_count = serializers.IntegerField()
    warning_count = serializers.IntegerField()
    plan = serializers.DictField(help_text="目标计划：id（新建时为 null）、title、exists、status")
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="new、update、unchanged、link、kept")
    summary = serializers.DictField(allow_null=True, help_text="导入完成后的结果")


class WordImportSerializer(WordImportSummarySerializer):
    """A Word import with its whole preview."""

    title = serializers.CharField(allow_blank=True, help_text="文字中的计划标题")
    text_kind = serializers.CharField(allow_null=True, help_text="文字写明的计划类别")
    text_year = serializers.IntegerField(allow_null=True)
    corrections = CorrectionsField()
    sections = serializers.ListField(child=serializers.DictField(), help_text="分节：index、heading、declared_count、rows")
    rows = serializers.ListField(child=serializers.DictField(),
                                 help_text="逐项：values（将保存的值）、proposed（文字读出的值）、sources（各字段的原句）、"
                                           "corrected、action、changes、errors、warnings")
    kept = serializers.ListField(child=serializers.DictField(), help_text="计划中有、文字中没有（将保留）的事项")
    problems = ProblemSerializer(many=True, help_text="row：第几项（计划层面的问题为 null）；column：字段名称")


class WordImportRefusalSerializer(serializers.Serializer):
    """400: the errors that remain (detail, problems), a refused correction (detail, corrections) or a field's."""

    detail = serializers.CharField(required=False)
    problems = ProblemSerializer(many=True, required=False)
    corrections = serializers.ListField(child=serializers.CharField(), required=False)


def job_payload(job, full: bool = True) -> dict:
    preview = (job.result or {}).get("preview") or {}
    data = job_payload_base(WORD_PLAN_IMPORT, job, kind=preview.get("kind"), year=preview.get("year"),
                            source=job.params.get("source", ""), filename=job.params.get("filename", ""),
                            revision=job.params.get("revision", 0))
    if full:
        data.update({key: preview.get(key) for key in ("title", "text_kind", "text_year")})
        data["title"] = data["title"] or ""
        data["corrections"] = job.params.get("corrections") or {}
        for key in ("sections", "rows", "kept", "problems"):
            data[key] = preview.get(key, [])
    return data


@extend_schema_view(list=extend_schema(responses=WordImportSummarySerializer(many=True)))
class PlanWordImportViewSet(ImportJobViewSet):
    importer = WORD_PLAN_IMPORT
    job_payload = staticmethod(job_payload)
    serializer_class = WordImportSerializer
    permission_classes = [IsAuthenticated, CanImportWordPlans]

    @extend_schema(
        request={"multipart/form-data": WordUploadSerializer, "application/json": WordTextSerializer},
        responses={201: WordImportSerializer, 400: WordImportRefusalSerializer},
    )
    def create(self, request):
        sent = request.data if hasattr(request.data, "keys") else {}  # a JSON body may be null or a list
        has_file = "file" in request.FILES or "file" in sent
        form = (WordUploadSerializer if has_file else WordTextSerializer)(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            if has_file:
                upload = data["file"]
                text, filename, source = text_of_file(read_upload(upload), upload.name), upload.name, "docx"
            else:
                text, filename, source = clean_text(data["text"]), PASTED, "paste"
            job = engine.create_job(
                WORD_PLAN_IMPORT, body=request.renda_body, user=request.user, data=text.encode("utf-8"),
                filename=filename, params={"kind": data.get("kind") or None, "year": data.get("year"),
                                           "source": source},
            )
        except ImportFileError as e:
            field = "file" if has_file else "text"
            return Response({"detail": str(e), field: [str(e)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(job_payload(job), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=WordPreviewRequestSerializer,
        responses={200: WordImportSerializer, 400: WordImportRefusalSerializer, 409: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def preview(self, request, job_id=None):
        job = engine.get_job(WORD_PLAN_IMPORT, job_id)
        form = WordPreviewRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        revision = job.params.get("revision", 0)
        if "revision" in form.validated_data and form.validated_data["revision"] != revision:
            return Response({"detail": f"该导入已被更正过（当前 revision 为 {revision}）：请重新读取后再更正。"},
                            status=status.HTTP_409_CONFLICT)
        preview = (job.result or {}).get("preview") or {}
        try:
            new = check_corrections(form.validated_data.get("corrections") or {}, preview=preview,
                                    body=request.renda_body)
            kept = {} if form.validated_data["replace"] else (job.params.get("corrections") or {})
            engine.refresh_preview(WORD_PLAN_IMPORT, job, params={
                "corrections": merge_corrections(kept, new), "revision": revision + 1})
        except CorrectionRefused as e:
            return Response({"detail": e.message, "corrections": [e.message]}, status=status.HTTP_400_BAD_REQUEST)
        except CommitRefused as e:
            return Response({"detail": e.message}, status=status.HTTP_409_CONFLICT)
        except ImportFileError as e:
            return Response({"detail": str(e)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(job_payload(job))

    @extend_schema(
        request=None,
        responses={
            200: OpenApiResponse(WordImportSerializer, description="已导入"),
            400: OpenApiResponse(WordImportRefusalSerializer, description="还有错误，未作任何修改"),
            409: OpenApiResponse(ErrorSerializer, description="已导入过、正在导入，或导入失败"),
        },
    )
    @action(detail=True, methods=["post"])
    def commit(self, request, job_id=None):
        # Always committed inline (WORD_PLAN_IMPORT has no task): done or failed, never 202.
        return self.commit_job(request, engine.get_job(WORD_PLAN_IMPORT, job_id))
