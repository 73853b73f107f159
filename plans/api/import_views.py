"""API of the Excel import, office only: upload → preview, recompute with a mapping, commit.

    POST /api/v1/plan-imports/                    multipart: file, year, kind, [mapping JSON], [confirm_numbering]
                                                  → 201 preview
    GET  /api/v1/plan-imports/                    the body's imports, newest first
    GET  /api/v1/plan-imports/<id>/               the import with its preview (and its summary once committed)
    POST /api/v1/plan-imports/<id>/preview/       {"mapping": {...}, "remember": true | [names], "confirm_numbering"}
                                                  → the preview again
    POST /api/v1/plan-imports/<id>/commit/        {"remove_missing": bool, "mapping", "remember", "confirm_numbering"}
                                                  → 200 done | 202 queued (poll the import) | 400 problems | 409 already
The same engine as the pages (core.imports.engine with plans.imports.jobs.PLAN_IMPORT); the mapping maps a
written unit name to a committee id of the body, "all_help" (every committee helps) or "ignore". "remember"
keeps the mapped names (true: every name mapped to a committee) as those committees' other spellings, for every
later import; confirm_numbering confirms that rows whose 序号 starts again belong to the category above.
"""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response

from core.bodies import body_for_user
from core.imports import CommitRefused, ImportFileError, engine, read_upload
from core.models import Committee
from plans.api.import_jobs import ImportJobStatusSerializer, ImportJobViewSet, job_payload_base
from plans.imports.apply import remember_spellings
from plans.imports.jobs import PLAN_IMPORT
from plans.imports.preview import ALL_HELP, IGNORE
from plans.models import PlanKind
from plans.views.imports import import_refusal


class CanImportPlans(BasePermission):
    message = "只有办公室可以从 Excel 导入年度计划。"

    def has_permission(self, request, view):
        reason = import_refusal(request.user, body_for_user(request.user))
        if reason:
            self.message = reason
            return False
        return True


@extend_schema_field(OpenApiTypes.OBJECT)
class MappingField(serializers.Field):
    """{"written unit name": committee id | "all_help" | "ignore"}; a JSON string in multipart forms."""

    default_error_messages = {
        "invalid": '应为 JSON 对象，如 {{"选联委": 12, "全体工委": "all_help", "某单位": "ignore"}}：键是表中写法，'
                   '值是委员会 id、"all_help"（各工委协助）或 "ignore"（忽略）。'
    }

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data) if data.strip() else {}
            except ValueError:
                self.fail("invalid")
        if not isinstance(data, dict):
            self.fail("invalid")
        mapping = {}
        for name, value in data.items():
            if value in (IGNORE, ALL_HELP):
                mapping[str(name)] = value
            elif isinstance(value, int) and not isinstance(value, bool) or isinstance(value, str) and value.isdigit():
                mapping[str(name)] = int(value)
            elif value not in (None, ""):
                self.fail("invalid")
        return mapping

    def to_representation(self, value):
        return value


@extend_schema_field({"oneOf": [{"type": "boolean"}, {"type": "array", "items": {"type": "string"}}]})
class RememberField(serializers.Field):
    """true (every name the mapping gives a committee) or a list of written names; a JSON string in multipart."""

    default_error_messages = {"invalid": '应为 true，或表中写法的列表，如 ["选联委"]。'}

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = json.loads(data) if data.strip() else False
            except ValueError:
                self.fail("invalid")
        if isinstance(data, bool):
            return data
        if not isinstance(data, list) or not all(isinstance(name, str) and name for name in data):
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


CONFIRM_HELP = "确认序号重新编号（类别为空、序号又从 1 开始）的各行确属上方的类别；不传则保持原来的选择"
REMEMBER_HELP = "把对应到委员会的写法记为该委员会的其他写法，以后导入自动识别：true（全部）或写法列表"


class PlanImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="主要工作安排表 .xlsx，不超过 10 MB")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    kind = serializers.ChoiceField(choices=PlanKind.choices)
    mapping = MappingField(required=False)
    confirm_numbering = serializers.BooleanField(required=False, help_text=CONFIRM_HELP)


class PlanImportPreviewSerializer(serializers.Serializer):
    mapping = MappingField(required=False)
    remember = RememberField(required=False, help_text=REMEMBER_HELP)
    confirm_numbering = serializers.BooleanField(required=False, help_text=CONFIRM_HELP)


class PlanImportCommitSerializer(PlanImportPreviewSerializer):
    remove_missing = serializers.BooleanField(default=False, help_text="移除计划中有、表中没有的事项（默认保留）")


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    level = serializers.CharField(help_text="error 错误（须改正）或 warning 提醒")
    message = serializers.CharField()


class PlanImportSummarySerializer(ImportJobStatusSerializer):
    """An import as listed."""

    year = serializers.IntegerField()
    kind = serializers.CharField()
    filename = serializers.CharField()
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    can_commit = serializers.BooleanField()
    error_count = serializers.IntegerField()
    warning_count = serializers.IntegerField()
    plan = serializers.DictField(help_text="目标计划：id（新建时为 null）、title、exists、status")
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="new、update、unchanged、link、remove")
    summary = serializers.DictField(allow_null=True, help_text="导入完成后的结果")


class PlanImportSerializer(PlanImportSummarySerializer):
    """An import with its whole preview."""

    mapping = MappingField()
    header_row = serializers.IntegerField(allow_null=True, help_text="表头所在行")
    repeated_headers = serializers.ListField(child=serializers.IntegerField(), allow_null=True,
                                             help_text="跳过的重复表头行（每页重复的表头）")
    page_breaks = serializers.ListField(child=serializers.IntegerField(), allow_null=True, help_text="分页符所在行（其后分页）")
    skipped_notes = serializers.ListField(child=serializers.IntegerField(), allow_null=True, help_text="跳过的说明行")
    sections = serializers.ListField(child=serializers.DictField())
    rows = serializers.ListField(child=serializers.DictField(), help_text="逐行识别结果")
    problems = ProblemSerializer(many=True)
    unknown_units = serializers.ListField(child=serializers.DictField(), help_text="未识别的单位：name、rows")
    ignored_units = serializers.ListField(child=serializers.DictField())
    all_help_units = serializers.ListField(child=serializers.DictField(), help_text="对应为“各工委协助”的写法")
    numbering_restarts = serializers.ListField(
        child=serializers.DictField(), help_text="类别为空、序号重新开始的行：first_row、last_row、section")
    numbering_confirmed = serializers.BooleanField()
    confirmable = serializers.BooleanField(help_text="只差确认序号重新编号（confirm_numbering）即可导入")
    remembered = serializers.ListField(child=serializers.DictField(), required=False,
                                       help_text="本次记住的写法：name、committee_id、committee")
    removals = serializers.ListField(child=serializers.DictField(), help_text="计划中有、表中没有的事项")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    problems = ProblemSerializer(many=True, required=False)


class RefusalSerializer(serializers.Serializer):
    """400: the workbook's errors (detail, problems), or a field's ({field: [messages]})."""

    detail = serializers.CharField(required=False)
    problems = ProblemSerializer(many=True, required=False)


def job_payload(job, full: bool = True) -> dict:
    preview = (job.result or {}).get("preview") or {}
    data = job_payload_base(PLAN_IMPORT, job, year=job.params.get("year"), kind=job.params.get("kind"),
                            filename=job.params.get("filename", ""))
    if full:
        data["mapping"] = job.params.get("mapping") or {}
        for key in ("header_row", "repeated_headers", "page_breaks", "skipped_notes"):
            data[key] = preview.get(key)
        for key in ("sections", "rows", "problems", "unknown_units", "ignored_units", "all_help_units",
                    "numbering_restarts", "removals"):
            data[key] = preview.get(key, [])
        data["numbering_confirmed"] = bool(preview.get("numbering_confirmed"))
        data["confirmable"] = bool(preview.get("confirmable"))
    return data


@extend_schema_view(list=extend_schema(responses=PlanImportSummarySerializer(many=True)))
class PlanImportViewSet(ImportJobViewSet):
    importer = PLAN_IMPORT
    job_payload = staticmethod(job_payload)
    serializer_class = PlanImportSerializer
    permission_classes = [IsAuthenticated, CanImportPlans]

    @extend_schema(
        request={"multipart/form-data": PlanImportUploadSerializer},
        responses={201: PlanImportSerializer, 400: RefusalSerializer},
    )
    def create(self, request):
        form = PlanImportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        upload = form.validated_data["file"]
        if refusal := self._mapping_refusal(request, form.validated_data.get("mapping")):
            return refusal
        try:
            job = engine.create_job(
                PLAN_IMPORT, body=request.renda_body, user=request.user, data=read_upload(upload),
                filename=upload.name, params={"year": form.validated_data["year"], "kind": form.validated_data["kind"],
                                              "mapping": form.validated_data.get("mapping"),
                                              "confirm_numbering": form.validated_data.get("confirm_numbering")},
            )
        except ImportFileError as e:
            return Response({"detail": str(e), "file": [str(e)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(job_payload(job), status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanImportPreviewSerializer, responses={200: PlanImportSerializer, 409: ErrorSerializer})
    @action(detail=True, methods=["post"])
    def preview(self, request, job_id=None):
        job = engine.get_job(PLAN_IMPORT, job_id)
        data, mapping, remembered, refusal = self._checked_choices(request, job, PlanImportPreviewSerializer)
        if refusal:
            return refusal
        try:
            engine.refresh_preview(PLAN_IMPORT, job, params={"mapping": mapping,
                                                             "confirm_numbering": data.get("confirm_numbering")})
        except CommitRefused as e:
            return Response({"detail": e.message}, status=status.HTTP_409_CONFLICT)
        return Response({**job_payload(job), "remembered": remembered})

    @extend_schema(
        request=PlanImportCommitSerializer,
        responses={
            200: OpenApiResponse(PlanImportSerializer, description="已导入"),
            202: OpenApiResponse(PlanImportSerializer, description="已开始在后台导入；轮询本导入查看进度"),
            400: OpenApiResponse(RefusalSerializer, description="还有错误，未作任何修改"),
            409: OpenApiResponse(ErrorSerializer, description="已导入过、正在导入，或导入失败"),
        },
    )
    @action(detail=True, methods=["post"])
    def commit(self, request, job_id=None):
        job = engine.get_job(PLAN_IMPORT, job_id)
        data, mapping, remembered, refusal = self._checked_choices(request, job, PlanImportCommitSerializer)
        if refusal:
            return refusal
        return self.commit_job(request, job, params={"remove_missing": data["remove_missing"], "mapping": mapping,
                                                     "confirm_numbering": data.get("confirm_numbering")},
                               remembered=remembered)

    def _checked_choices(self, request, job, form_class) -> tuple[dict, dict | None, list, Response | None]:
        """The posted choices, checked and the spellings to remember saved: (the form's data, the mapping to use,
        what was remembered, a 400 refusal or None)."""
        form = form_class(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        if refusal := self._mapping_refusal(request, data.get("mapping")):
            return data, None, [], refusal
        mapping, remembered, refusal = self._remember(request, job, data)
        return data, mapping, remembered, refusal

    @staticmethod
    def _mapping_refusal(request, mapping) -> Response | None:
        """A mapping may name only this body's committees."""
        ids = {value for value in (mapping or {}).values() if isinstance(value, int)}
        known = set(Committee.objects.filter(body=request.renda_body, pk__in=ids).values_list("pk", flat=True))
        if unknown := sorted(ids - known):
            message = f"委员会 id {'、'.join(str(pk) for pk in unknown)} 不存在或不属于本常委会。"
            return Response({"mapping": [message]}, status=status.HTTP_400_BAD_REQUEST)
        return None

    @staticmethod
    def _remember(request, job, data) -> tuple[dict | None, list, Response | None]:
        """Save the spellings `remember` names (all or nothing); they leave the mapping, their spelling now finds
        them. Returns (the mapping to use, None keeping the job's; what was saved; a 400 refusal or None)."""
        mapping, remember = data.get("mapping"), data.get("remember")
        if not remember or job.status not in engine.OPEN:
            return mapping, [], None
        chosen = dict(mapping if mapping is not None else job.params.get("mapping") or {})
        names = [name for name, value in chosen.items() if isinstance(value, int)] if remember is True else remember
        saved, refusals = remember_spellings(request.renda_body, request.user, chosen, names,
                                             source=job.params.get("filename", ""))
        if refusals:
            return None, [], Response({"detail": refusals[0], "remember": refusals}, status=status.HTTP_400_BAD_REQUEST)
        for spelling in saved:
            chosen.pop(spelling["name"], None)
        return chosen, saved, None
