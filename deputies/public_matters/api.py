"""Matters residents leave at the stations' public pages, through the API (staff only: deputies handle theirs on
the portal, and core/external.py keeps parties off this path).

GET  /api/v1/public-matters/?status=&station=&deputy=&is_public=&rating=&year=&late=&q=   office and directors
GET  /api/v1/public-matters/<id>/                     the matter with its timeline and photo count; name and phone
                                                      for the office only
POST /api/v1/public-matters/<id>/step/ {step, text | title, deputy | recipient, note | reason}
                                                      office; steps: reply, forward, pass_on, close, publish,
                                                      unpublish; a refused step → 400 {field: [message]}
GET  /api/v1/public-matters/figures/?by=station|deputy  matters, answered on time, forwarded, satisfaction
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from core.api.views import BodyScopedViewSetMixin
from deputies.filtersets import PublicMatterFilterSet
from deputies.models import MatterStep, PublicMatter
from deputies.permissions import can_see_contacts, matters_refusal
from deputies.public_matters import service, steps
from deputies.public_matters.views import matter_queryset


class MattersPermission(BasePermission):
    message = ""

    def has_permission(self, request, view):
        reason = matters_refusal(request.user)
        if reason:
            self.message = reason
            return False
        return True


class StepSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = MatterStep
        fields = ["kind", "kind_label", "at", "by_label", "text"]


class PublicMatterSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    rating_label = serializers.CharField(source="get_rating_display", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True)
    deputy_name = serializers.CharField(source="deputy.name", read_only=True, default="")
    photo_count = serializers.IntegerField(source="photo_total", read_only=True)

    class Meta:
        model = PublicMatter
        fields = ["id", "reference", "station", "station_name", "deputy", "deputy_name", "text", "place", "name",
                  "phone", "status", "status_label", "answer", "answered_at", "passed_to", "suggestion", "rating",
                  "rating_label", "is_public", "photo_count", "created_at", "updated_at"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not can_see_contacts(request.user):
            data.pop("name", None)
            data.pop("phone", None)
        return data


class PublicMatterDetailSerializer(PublicMatterSerializer):
    steps = StepSerializer(many=True, read_only=True)

    class Meta(PublicMatterSerializer.Meta):
        fields = [*PublicMatterSerializer.Meta.fields, "steps"]


STEP_REQUEST = inline_serializer("PublicMatterStep", fields={
    "step": serializers.ChoiceField(choices=list(steps.STEPS.items())),
    "text": serializers.CharField(required=False, help_text="答复内容（reply）"),
    "title": serializers.CharField(required=False, help_text="建议标题（forward，可不填）"),
    "deputy": serializers.IntegerField(required=False, help_text="提出建议的代表（forward）"),
    "recipient": serializers.CharField(required=False, help_text="转交单位（pass_on）"),
    "note": serializers.CharField(required=False, help_text="说明（pass_on）"),
    "reason": serializers.CharField(required=False, help_text="办结理由（close）"),
})


class PublicMatterViewSet(BodyScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = PublicMatter.objects.none()
    permission_classes = [MattersPermission]
    filterset_class = PublicMatterFilterSet

    def get_queryset(self):
        rows = matter_queryset(self.request.user).order_by("-created_at", "-pk")
        if self.action == "retrieve":
            rows = rows.prefetch_related("steps")
        return rows

    def get_serializer_class(self):
        return PublicMatterDetailSerializer if self.action in ("retrieve", "step") else PublicMatterSerializer

    @extend_schema(request=STEP_REQUEST, responses=PublicMatterDetailSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        matter = self.get_object()
        try:
            steps.take(matter, request.user, request.data)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except service.MatterError as error:
            raise ValidationError({error.field: [error.message]}) from None
        fresh = self.get_queryset().prefetch_related("steps").get(pk=matter.pk)
        return Response(PublicMatterDetailSerializer(fresh, context={"request": request}).data)

    @extend_schema(parameters=[OpenApiParameter("by", str, enum=["station", "deputy"])],
                   responses=inline_serializer("PublicMatterFigure", fields={
                       "id": serializers.IntegerField(), "name": serializers.CharField(),
                       "matters": serializers.IntegerField(), "on_time": serializers.IntegerField(),
                       "forwarded": serializers.IntegerField(), "rated": serializers.IntegerField(),
                       "satisfied": serializers.IntegerField(),
                       "on_time_rate": serializers.IntegerField(allow_null=True),
                       "satisfaction": serializers.IntegerField(allow_null=True)}, many=True))
    @action(detail=False, methods=["get"], pagination_class=None)
    def figures(self, request):
        by = request.query_params.get("by", "station")
        if by not in ("station", "deputy"):
            raise ValidationError({"by": ["统计口径：请选择 station（联络站）或 deputy（代表）。"]})
        filtered = self.filter_queryset(self.get_queryset())
        return Response(service.figures(filtered, by))
