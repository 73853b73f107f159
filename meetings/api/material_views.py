"""Materials deadlines over the API: read by the body's users, recorded by the item's committees and the office.

Recording goes through meetings.materials.record_step, as on the page, so the rules and the timeline
entries are the same everywhere.
"""

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from core import uploads
from core.api.fields import ChoiceLabelField
from core.api.versioned import CONFLICT, IF_MATCH, VersionedViewSetMixin, VersionField
from core.api.views import BodyScopedViewSetMixin
from core.models import Committee
from meetings.filtersets import MaterialStepFilterSet
from meetings.materials import MaterialError, step_owner
from meetings.models import MaterialStep
from meetings.views.materials import record_with_file, remove_step_document
from plans.api.permissions import MaterialStepPermission


class MaterialStepSerializer(serializers.ModelSerializer):
    step_display = ChoiceLabelField("step")
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)
    agenda_item_title = serializers.CharField(source="agenda_item.title", read_only=True)
    committees = serializers.SerializerMethodField()
    whose = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    done_by = serializers.SerializerMethodField()
    document = serializers.SerializerMethodField()
    version = VersionField()

    class Meta:
        model = MaterialStep
        fields = [
            "id", "meeting", "agenda_item", "agenda_item_title", "step", "step_display", "due", "done_on",
            "done_by", "note", "document", "recorded_at", "overdue", "committees", "whose", "version",
        ]
        read_only_fields = fields

    def get_committees(self, step) -> list[int]:
        return [c.pk for c in step.agenda_item.committees.all()]

    def get_whose(self, step) -> str:
        return step_owner(step)

    def get_overdue(self, step) -> bool:
        return step.is_overdue()

    def get_done_by(self, step) -> str:
        user = step.done_by
        return (user.first_name or user.username) if user else ""

    def get_document(self, step) -> str:
        if not step.document:
            return ""
        from django.urls import reverse

        return reverse("material-step-document", kwargs={"pk": step.pk})


class MaterialStepRecordSerializer(serializers.Serializer):
    done_on = serializers.DateField(required=False, help_text="完成日期，默认今天")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    document = serializers.FileField(required=False, allow_null=True, validators=[uploads.validate_upload],
                                     help_text="PDF、OFD、Word、WPS、Excel、JPG/PNG 图片或其 ZIP 压缩包（multipart），"
                                               "不超过 RENDA_UPLOAD_MAX_MB（默认 20 MB）；替换原有文件")


class MaterialStepViewSet(VersionedViewSetMixin, BodyScopedViewSetMixin, mixins.UpdateModelMixin,
                          viewsets.ReadOnlyModelViewSet):
    """Material steps. POST to record/ with done_on (default today), note, document; PATCH changes only the fields
    it names (the others keep their recorded values; `{}` changes nothing), with the version read. DELETE
    document/ removes a wrong file (the step stays recorded; the removal is on the plan items' history)."""

    queryset = MaterialStep.objects.none()  # tells the schema the model; get_queryset serves requests
    serializer_class = MaterialStepSerializer
    filterset_class = MaterialStepFilterSet
    permission_classes = [MaterialStepPermission]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    http_method_names = ["get", "patch", "post", "delete", "head", "options"]  # DELETE: only document/

    def get_queryset(self):
        return (
            MaterialStep.objects.select_related("agenda_item", "done_by")
            .prefetch_related(
                Prefetch("agenda_item__committees", queryset=Committee.objects.order_by("order")),
                "agenda_item__reporting_bodies",
            )
            .order_by("agenda_item__meeting__date", "agenda_item__order", "due", "id")
        )

    def _record(self, request, partial=False):
        step = self.get_object()
        if (stale := self.stale_conflict(request, step)) is not None:
            return stale
        incoming = MaterialStepRecordSerializer(data=request.data, partial=partial)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        if partial:  # what is not named keeps its recorded value; nothing named, nothing changes
            if not data:
                return Response(MaterialStepSerializer(self.get_queryset().get(pk=step.pk)).data)
            data = {"done_on": step.done_on, "note": step.note, **data}
        try:
            record_with_file(
                step, request.user, data["done_on"] if partial else data.get("done_on") or timezone.localdate(),
                data.get("note", ""), data.get("document"),
            )
        except MaterialError as error:
            raise ValidationError({error.field or "done_on": [str(error)]}) from None
        return Response(MaterialStepSerializer(self.get_queryset().get(pk=step.pk)).data)

    @extend_schema(request=MaterialStepRecordSerializer, responses={200: MaterialStepSerializer, 409: CONFLICT},
                   parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        return self._record(request, partial=True)

    @extend_schema(request=MaterialStepRecordSerializer, responses=MaterialStepSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        return self._record(request)

    @extend_schema(request=None, responses={200: MaterialStepSerializer},
                   description="删除误传的材料文件：环节仍为已登记，删除记入相关计划事项的修改记录；"
                               "负责该议题的委员会和常委会办公室可删除。没有文件时返回 400。")
    @action(detail=True, methods=["delete"], url_path="document")
    def document(self, request, pk=None):
        step = self.get_object()  # MaterialStepPermission: whoever may record the step
        try:
            remove_step_document(step, request.user)
        except MaterialError as error:
            raise ValidationError({error.field or "document": [str(error)]}) from None
        return Response(MaterialStepSerializer(self.get_queryset().get(pk=step.pk)).data)
