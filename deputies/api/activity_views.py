"""Deputies attending standing-committee meetings (列席) and trainings (代表培训) through the API: the pages'
FilterSets, rules and predicates.

GET    /api/v1/meeting-attendances/?year=&meeting=&deputy=&q=   every staff user of the body; one row per deputy
                                                                 and meeting (the summary's 列席人次)
POST   /api/v1/meeting-attendances/ {meeting, deputy}            office; a meeting not a standing one, cancelled,
                                                                 or a deputy already recorded → 400
DELETE /api/v1/meeting-attendances/<id>/                         office
GET    /api/v1/trainings/?year=&deputy=&q=                       every staff user of the body
POST   /api/v1/trainings/, PUT/PATCH /api/v1/trainings/<id>/     office; `version` (or If-Match) read → 409 if stale
Validation errors: 400 with {field: ["<字段>：<问题>"]}, nothing saved. Changes are kept in the history.
"""

from django.db import IntegrityError, transaction
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core import change_log
from core.api.permissions import ReadAllWriteByRefusal
from core.api.versioned import CONFLICT, IF_MATCH, VersionedViewSetMixin
from core.api.views import BodyScopedViewSetMixin
from deputies.activities.forms import TRAINING_LABELS, training_values
from deputies.activities.views import attendance_queryset, training_queryset
from deputies.api.activity_serializers import (
    AttendanceSerializer,
    AttendanceWriteSerializer,
    TrainingSerializer,
    TrainingWriteSerializer,
)
from deputies.filtersets import AttendanceFilterSet, TrainingFilterSet
from deputies.models import MeetingAttendance, Training
from deputies.permissions import ACTIVITY_OFFICE_ONLY, activity_refusal

ATTENDANCE_LABELS = {"meeting": "会议", "deputy": "列席代表"}
ALREADY = "该代表已登记列席这次会议。"


class ActivityPermission(ReadAllWriteByRefusal):
    """Read: every user of the body. Record and change: the office (deputies.permissions.activity_refusal)."""

    message = ACTIVITY_OFFICE_ONLY
    refusal = staticmethod(activity_refusal)


def _labelled(errors: dict, labels: dict) -> dict[str, list[str]]:
    return {name: [f"{labels[name]}：{m}" if labels.get(name) else str(m) for m in messages]
            for name, messages in errors.items()}


def _validated(serializer_class, obj, request, labels):
    incoming = serializer_class(obj, data=request.data, partial=request.method == "PATCH")
    if not incoming.is_valid():
        raise ValidationError(_labelled(incoming.errors, labels))
    return incoming


class MeetingAttendanceViewSet(BodyScopedViewSetMixin, mixins.CreateModelMixin, mixins.DestroyModelMixin,
                               viewsets.ReadOnlyModelViewSet):
    queryset = MeetingAttendance.objects.none()
    permission_classes = [ActivityPermission]
    filterset_class = AttendanceFilterSet
    serializer_class = AttendanceSerializer

    def get_queryset(self):
        return attendance_queryset()

    def get_serializer_class(self):
        return AttendanceWriteSerializer if self.action == "create" else AttendanceSerializer

    @extend_schema(request=AttendanceWriteSerializer, responses=AttendanceSerializer)
    def create(self, request, *args, **kwargs):
        incoming = _validated(AttendanceWriteSerializer, MeetingAttendance(body=request.renda_body), request,
                              ATTENDANCE_LABELS)
        try:
            with transaction.atomic():
                saved = incoming.save(created_by=request.user)
                change_log.record(request.user, saved.meeting, "change", note=f"列席代表：增加 {saved.deputy.name}")
        except IntegrityError:  # the same deputy recorded by someone else a moment ago
            raise ValidationError({"deputy": [f"列席代表：{ALREADY}"]}) from None
        return Response(AttendanceSerializer(self.get_queryset().get(pk=saved.pk)).data,
                        status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        with transaction.atomic():
            change_log.record(self.request.user, instance.meeting, "change",
                              note=f"列席代表：删除 {instance.deputy.name}")
            instance.delete()


TRAINING_FIELD_LABELS = {**TRAINING_LABELS, "participants": "参训代表"}


@extend_schema_view(partial_update=extend_schema(request=TrainingWriteSerializer, parameters=[IF_MATCH],
                                                 responses={200: TrainingSerializer, 409: CONFLICT}))
class TrainingViewSet(VersionedViewSetMixin, BodyScopedViewSetMixin, mixins.CreateModelMixin,
                      mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Training.objects.none()
    permission_classes = [ActivityPermission]
    version_m2m = ("participants",)
    filterset_class = TrainingFilterSet
    serializer_class = TrainingSerializer

    def get_queryset(self):
        return training_queryset().prefetch_related("participants").order_by("-held_on", "-id")

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return TrainingWriteSerializer
        return TrainingSerializer

    def _save(self, request, training, code):
        if training.pk and (stale := self.stale_conflict(request, training)) is not None:
            return stale
        before = training_values(training) if training.pk else {}
        incoming = _validated(TrainingWriteSerializer, training, request, TRAINING_FIELD_LABELS)
        with transaction.atomic():
            saved = incoming.save() if training.pk else incoming.save(created_by=request.user)
            after = training_values(saved)
            changes = change_log.field_changes(before, after, TRAINING_FIELD_LABELS) if before else {}
            if not before or changes:
                change_log.record(request.user, saved, "change" if before else "add", changes,
                                  note="" if before else f"参训代表 {len(after['participants'])} 名")
        return Response(TrainingSerializer(self.get_queryset().get(pk=saved.pk)).data, status=code)

    @extend_schema(request=TrainingWriteSerializer, responses=TrainingSerializer)
    def create(self, request, *args, **kwargs):
        return self._save(request, Training(body=request.renda_body), status.HTTP_201_CREATED)

    @extend_schema(request=TrainingWriteSerializer, responses={200: TrainingSerializer, 409: CONFLICT},
                   parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        return self._save(request, self.get_object(), status.HTTP_200_OK)
