"""The year figures the office records (reports.models.YearFigure) through the API, with the page's rules.

GET    /api/v1/year-figures/?year=&key=        whoever reads the year-end summary (not deputies nor units)
POST   /api/v1/year-figures/ {year, key, value, source}    the office; the same year and key twice → 400
PUT/PATCH /api/v1/year-figures/<id>/ {value, source}       the office; both change only what they name;
                                                          `version` (or If-Match) read → 409 if stale
DELETE /api/v1/year-figures/<id>/              the office: the figure is 未记录 again
Every change is kept in the history (core.change_log), as the page's.
"""

from django.db import IntegrityError, transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from core import change_log
from core.api.versioned import VersionedViewSetMixin, VersionField
from core.api.views import BodyScopedViewSetMixin
from reports.filtersets import YearFigureFilterSet
from reports.forms import LABELS, figure_values
from reports.models import YearFigure
from reports.permissions import year_figure_read_refusal, year_figure_refusal

ALREADY = "本年度已登记该数字，请修改已有的登记。"
FIELD_LABELS = {"year": "年度", "key": "项目", **LABELS}


class YearFigurePermission(BasePermission):
    """Read: the summary's readers; record and change: the office (reports.permissions)."""

    message = ""

    def has_permission(self, request, view):
        reason = (year_figure_read_refusal if request.method in SAFE_METHODS else year_figure_refusal)(request.user)
        if reason:
            self.message = reason
            return False
        return True


class YearFigureSerializer(serializers.ModelSerializer):
    key_display = serializers.CharField(source="get_key_display", read_only=True)
    unit = serializers.CharField(read_only=True)
    entered_by_name = serializers.SerializerMethodField()
    version = VersionField()

    class Meta:
        model = YearFigure
        fields = ["id", "year", "key", "key_display", "value", "unit", "source", "entered_by_name", "entered_at",
                  "version"]
        read_only_fields = ["id", "key_display", "unit", "entered_by_name", "entered_at", "version"]
        extra_kwargs = {"year": {"min_value": 1980, "max_value": 2100},
                        "value": {"min_value": 0, "max_value": 1_000_000}}

    def get_entered_by_name(self, obj) -> str:
        user = obj.entered_by
        return (user.get_full_name() or user.username) if user else ""

    def validate_source(self, value):
        if not value.strip():
            raise serializers.ValidationError("请填写数字的来源，如摘自哪份报告。")
        return value.strip()


class YearFigureUpdateSerializer(YearFigureSerializer):
    """An update changes the number and its source; the year and the item are the record's."""

    class Meta(YearFigureSerializer.Meta):
        read_only_fields = [*YearFigureSerializer.Meta.read_only_fields, "year", "key"]


def _labelled(errors: dict) -> dict:
    return {name: [f"{FIELD_LABELS[name]}：{m}" if name in FIELD_LABELS else str(m) for m in messages]
            for name, messages in errors.items()}


class YearFigureViewSet(VersionedViewSetMixin, BodyScopedViewSetMixin, viewsets.ModelViewSet):
    queryset = YearFigure.objects.none()
    permission_classes = [YearFigurePermission]
    filterset_class = YearFigureFilterSet
    serializer_class = YearFigureSerializer

    def get_queryset(self):
        return YearFigure.objects.select_related("entered_by").order_by("-year", "key")

    def _save(self, request, figure, code):
        if figure.pk and (stale := self.stale_conflict(request, figure)) is not None:
            return stale
        before = figure_values(figure) if figure.pk else {}
        serializer_class = YearFigureUpdateSerializer if figure.pk else YearFigureSerializer
        incoming = serializer_class(figure, data=request.data, partial=bool(figure.pk))
        if not incoming.is_valid():
            raise ValidationError(_labelled(incoming.errors))
        try:
            with transaction.atomic():
                saved = incoming.save(entered_by=request.user)
                changes = change_log.field_changes(before, figure_values(saved), LABELS)
                change_log.record(request.user, saved, "change" if before else "add", changes)
        except IntegrityError:
            raise ValidationError({"key": [f"项目：{ALREADY}"]}) from None
        return Response(YearFigureSerializer(self.get_queryset().get(pk=saved.pk)).data, status=code)

    @extend_schema(request=YearFigureSerializer, responses=YearFigureSerializer)
    def create(self, request, *args, **kwargs):
        return self._save(request, YearFigure(body=request.renda_body), status.HTTP_201_CREATED)

    @extend_schema(request=YearFigureUpdateSerializer, responses=YearFigureSerializer)
    def update(self, request, *args, **kwargs):
        return self._save(request, self.get_object(), status.HTTP_200_OK)

    @extend_schema(request=YearFigureUpdateSerializer, responses=YearFigureSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self._save(request, self.get_object(), status.HTTP_200_OK)

    def perform_destroy(self, instance):
        with transaction.atomic():
            change_log.record(self.request.user, instance, "delete", note=f"{instance.value} {instance.unit}")
            instance.delete()
